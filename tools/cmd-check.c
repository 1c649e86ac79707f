/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check: what a ROM package's build and an admin run before shipping. */
#include "cli.h"

/* One finding or note, whoever found it: the library's check, the config
 * loader, or the comparison with a saved manifest. */
typedef struct {
	RomresolveCheckLevel level;
	const char *kind; /* static; NULL where the library gives only a message */
	char *path;
	uint64_t size;
	uint64_t ceiling;
	char *file;
	unsigned line;
	char *message;
	const ManifestVerdict *verdict; /* --against: the entry, else NULL */
} Finding;

static void finding_free(Finding *f)
{
	g_free(f->path);
	g_free(f->file);
	g_free(f->message);
	g_free(f);
}

static Finding *finding_add(GPtrArray *out, RomresolveCheckLevel level, const char *kind,
			    const char *message)
{
	Finding *f = g_new0(Finding, 1);

	f->level = level;
	f->kind = kind;
	f->message = g_strdup(message);
	g_ptr_array_add(out, f);
	return f;
}

static void on_check(RomresolveCheckLevel level, const char *message, gpointer user_data)
{
	finding_add(user_data, level, NULL, message);
}

/* The ROM BARs of a saved manifest against this host's: findings. */
static void check_against(GPtrArray *out, GPtrArray *verdicts, const char *manifest_path)
{
	for (guint i = 0; i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
		g_autofree char *msg = NULL;
		Finding *f;

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
		f = finding_add(
		    out, ROMRESOLVE_CHECK_FINDING,
		    v->kind == MANIFEST_VERDICT_MISSING ? "missing-here" : "romsize-differs", msg);
		f->path = g_strdup(v->path);
		f->file = g_strdup(manifest_path);
		f->verdict = v;
	}
}

static void finding_json(JsonBuilder *b, const Finding *f)
{
	json_builder_begin_object(b);
	cli_json_string(b, "kind", f->kind);
	cli_json_string(b, "path", f->path);
	cli_json_size(b, "size", f->size);
	cli_json_size(b, "ceiling", f->ceiling);
	cli_json_string(b, "file", f->file);
	json_builder_set_member_name(b, "line");
	if (f->line)
		json_builder_add_int_value(b, f->line);
	else
		json_builder_add_null_value(b);
	if (f->verdict) {
		cli_json_string(b, "arch", f->verdict->arch);
		cli_json_string(b, "machine", f->verdict->machine);
		cli_json_string(b, "name", f->verdict->name);
		cli_json_size(b, "manifest_ramblock", f->verdict->old_ramblock);
		cli_json_size(b, "ramblock", f->verdict->new_ramblock);
	}
	cli_json_string(b, "message", f->message);
	json_builder_end_object(b);
}

static void print_json(Cli *cli, GPtrArray *found, guint n_findings, const char *root,
		       const char *against)
{
	g_autoptr(JsonBuilder) b = cli_json_begin("check");

	cli_json_string(b, "root", root);
	cli_json_string(b, "against", against);
	for (int level = ROMRESOLVE_CHECK_FINDING; level >= ROMRESOLVE_CHECK_NOTE; level--) {
		json_builder_set_member_name(b, level == ROMRESOLVE_CHECK_FINDING ? "findings"
										  : "notes");
		json_builder_begin_array(b);
		for (guint i = 0; i < found->len; i++) {
			const Finding *f = found->pdata[i];
			if ((int)f->level == level)
				finding_json(b, f);
		}
		json_builder_end_array(b);
	}
	json_builder_set_member_name(b, "n_findings");
	json_builder_add_int_value(b, n_findings);
	cli_json_finish(cli, b);
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
	g_autoptr(GPtrArray) verdicts = NULL;
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	g_autoptr(GError) error = NULL;
	guint n_findings = 0;
	int status = cli_parse(cli, "check", " [--root DIR] [--against MANIFEST]",
			       "Measure every option ROM against its ceiling; exit 1 on findings.",
			       entries, &argc, &argv);

	if (status >= 0)
		return status;
	if (json)
		cli_json_mode(cli, "check");
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
	if (!ctx && !g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG))
		return cli_fail(cli, error);
	if (!ctx) {
		/* A broken config is a finding of the tree being checked. */
		cli_error(cli, "%s", error->message);
		finding_add(found, ROMRESOLVE_CHECK_FINDING, "config", error->message);
	} else {
		romresolve_context_check(ctx, on_check, found);
	}
	if (ctx && manifest) {
		guint clashes, missing;
		verdicts = manifest_check_against(manifest, ctx, &clashes, &missing);
		check_against(found, verdicts, against);
	}
	for (guint i = 0; i < found->len; i++)
		if (((Finding *)found->pdata[i])->level == ROMRESOLVE_CHECK_FINDING)
			n_findings++;
	if (json) {
		print_json(cli, found, n_findings, ctx ? romresolve_context_get_root(ctx) : root,
			   against);
	} else if (ctx) {
		for (guint i = 0; i < found->len; i++) {
			const Finding *f = found->pdata[i];
			cli_out_line(cli, "%s: %s",
				     f->level == ROMRESOLVE_CHECK_FINDING ? "finding" : "note",
				     f->message);
		}
		cli_out_line(cli, "%u finding%s", n_findings, n_findings == 1 ? "" : "s");
	}
	return n_findings ? CLI_FAILED : CLI_OK;
}
