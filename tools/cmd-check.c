/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check: what a ROM package's build and an admin run before shipping. */
#include "cli.h"

static void add_finding_json(JsonBuilder *b, const RomresolveFinding *f)
{
	const char *path = romresolve_finding_get_path(f);
	const char *file = romresolve_finding_get_file(f);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "level");
	json_builder_add_string_value(b, romresolve_finding_is_note(f) ? "note" : "finding");
	json_builder_set_member_name(b, "kind");
	json_builder_add_string_value(
	    b, romresolve_finding_kind_to_string(romresolve_finding_get_kind(f)));
	json_builder_set_member_name(b, "path");
	if (path)
		json_builder_add_string_value(b, path);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "size");
	if (romresolve_finding_get_size(f))
		json_builder_add_int_value(b, (gint64)romresolve_finding_get_size(f));
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "ceiling");
	if (romresolve_finding_get_ceiling(f))
		json_builder_add_int_value(b, (gint64)romresolve_finding_get_ceiling(f));
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "file");
	if (file)
		json_builder_add_string_value(b, file);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "line");
	if (romresolve_finding_get_line(f))
		json_builder_add_int_value(b, romresolve_finding_get_line(f));
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "message");
	json_builder_add_string_value(b, romresolve_finding_get_message(f));
	json_builder_end_object(b);
}

int cmd_check(Cli *cli, int argc, char **argv)
{
	g_autofree char *root = NULL, *against = NULL;
	gboolean json = FALSE, strict = FALSE;
	GOptionEntry entries[] = {
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &root,
	     "Check the tree under DIR (a package build tree)", "DIR"},
	    {"against", 0, 0, G_OPTION_ARG_FILENAME, &against,
	     "Also flag ROM BARs that differ from this saved manifest", "MANIFEST"},
	    {"strict", 0, 0, G_OPTION_ARG_NONE, &strict,
	     "Any config problem is fatal (exit 2): for build-time checks", NULL},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON document on stdout", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveManifest) manifest = NULL;
	g_autoptr(GPtrArray) findings = NULL;
	g_autoptr(GError) error = NULL;
	guint n;
	int status = cli_parse(cli, "check", " [--root DIR] [--against MANIFEST] [--strict]",
			       "Measure every option ROM against its ceiling; exit 1 on findings.",
			       entries, &argc, &argv);

	if (status >= 0)
		return status;
	if (argc > 1) {
		cli_error(cli, "check: unexpected argument '%s'", argv[1]);
		return CLI_USAGE;
	}
	if (against) {
		manifest = romresolve_manifest_new_from_file(against, &error);
		if (!manifest)
			return cli_fail(cli, error);
	}
	/* Config problems are findings here, not warnings. */
	ctx = cli_context_new_full(cli, root, strict, FALSE, &error);
	if (!ctx)
		return cli_fail(cli, error);
	findings = romresolve_context_check(ctx, manifest);
	n = romresolve_findings_count(findings);
	if (json) {
		g_autoptr(JsonBuilder) b = json_builder_new();
		g_autoptr(JsonNode) node = NULL;

		json_builder_begin_object(b);
		json_builder_set_member_name(b, "results");
		json_builder_begin_array(b);
		for (guint i = 0; i < findings->len; i++)
			add_finding_json(b, findings->pdata[i]);
		json_builder_end_array(b);
		json_builder_set_member_name(b, "findings");
		json_builder_add_int_value(b, n);
		json_builder_end_object(b);
		node = json_builder_get_root(b);
		cli_print_json(cli, node);
	} else {
		for (guint i = 0; i < findings->len; i++) {
			const RomresolveFinding *f = findings->pdata[i];
			fputs(romresolve_finding_is_note(f) ? "note: " : "finding: ", cli->out);
			cli_print_line(cli->out, romresolve_finding_get_message(f));
		}
		fprintf(cli->out, "%u finding%s\n", n, n == 1 ? "" : "s");
	}
	return n ? CLI_FAILED : CLI_OK;
}
