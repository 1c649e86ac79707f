/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check: what a ROM package's build and an admin run before shipping. */
#include "cli.h"

typedef struct {
	Cli *cli;
	JsonBuilder *json; /* NULL: text */
} CheckOut;

static void on_check(RomresolveCheckLevel level, const char *message, gpointer user_data)
{
	CheckOut *o = user_data;
	const char *kind = level == ROMRESOLVE_CHECK_FINDING ? "finding" : "note";

	if (o->json) {
		json_builder_begin_object(o->json);
		json_builder_set_member_name(o->json, "level");
		json_builder_add_string_value(o->json, kind);
		json_builder_set_member_name(o->json, "message");
		json_builder_add_string_value(o->json, message);
		json_builder_end_object(o->json);
	} else {
		fprintf(o->cli->out, "%s: ", kind);
		cli_print_line(o->cli->out, message);
	}
}

/* The ROM BARs of a saved manifest against this host's: findings. */
static guint check_against(CheckOut *o, RomresolveContext *ctx, const Manifest *m)
{
	guint clashes, missing;
	g_autoptr(GPtrArray) verdicts = manifest_check_against(m, ctx, &clashes, &missing);

	for (guint i = 0; i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
		g_autofree char *msg = NULL;

		if (v->kind == MANIFEST_VERDICT_OK)
			continue;
		if (v->kind == MANIFEST_VERDICT_MISSING)
			msg =
			    g_strdup_printf("%s: in the manifest, but here: %s", label, v->reason);
		else
			msg = g_strdup_printf("%s: ROM BAR 0x%" G_GINT64_MODIFIER
					      "x in the manifest, 0x%" G_GINT64_MODIFIER
					      "x here (%s)",
					      label, v->old_ramblock, v->new_ramblock, v->path);
		on_check(ROMRESOLVE_CHECK_FINDING, msg, o);
	}
	return clashes + missing;
}

int cmd_check(Cli *cli, int argc, char **argv)
{
	g_autofree char *root = NULL, *against = NULL;
	gboolean json = FALSE;
	GOptionEntry entries[] = {
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &root,
	     "Check the tree under DIR (a package build tree)", "DIR"},
	    {"against", 0, 0, G_OPTION_ARG_FILENAME, &against,
	     "Also flag ROM BARs that differ from this saved manifest", "MANIFEST"},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON document on stdout", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(Manifest) manifest = NULL;
	g_autoptr(JsonBuilder) b = NULL;
	g_autoptr(GError) error = NULL;
	CheckOut o = {cli, NULL};
	guint findings;
	int status = cli_parse(cli, "check", " [--root DIR] [--against MANIFEST]",
			       "Measure every option ROM against its ceiling; exit 1 on findings.",
			       entries, &argc, &argv);

	if (status >= 0)
		return status;
	if (argc > 1) {
		cli_error(cli, "check: unexpected argument '%s'", argv[1]);
		return CLI_USAGE;
	}
	if (against) {
		manifest = manifest_new_from_file(against, &error);
		if (!manifest)
			return cli_fail(cli, error);
	}
	ctx = cli_context_new(cli, root, &error);
	if (!ctx) {
		/* A broken config is a finding of the tree being checked. */
		if (g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG)) {
			cli_error(cli, "%s", error->message);
			return CLI_FAILED;
		}
		return cli_fail(cli, error);
	}
	if (json) {
		b = json_builder_new();
		o.json = b;
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "results");
		json_builder_begin_array(b);
	}
	findings = romresolve_context_check(ctx, on_check, &o);
	if (manifest)
		findings += check_against(&o, ctx, manifest);
	if (json) {
		g_autoptr(JsonNode) node = NULL;
		json_builder_end_array(b);
		json_builder_set_member_name(b, "findings");
		json_builder_add_int_value(b, findings);
		json_builder_end_object(b);
		node = json_builder_get_root(b);
		cli_print_json(cli, node);
	} else {
		fprintf(cli->out, "%u finding%s\n", findings, findings == 1 ? "" : "s");
	}
	return findings ? CLI_FAILED : CLI_OK;
}
