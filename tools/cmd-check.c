/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check: what a ROM package's build and an admin run before shipping. */
#include "cli.h"

/* One finding or note, whoever found it: the library's check, or the
 * comparison with a saved manifest (check --against, the command's). */
typedef struct {
	gboolean note;
	const char *kind;
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

static Finding *finding_add(GPtrArray *out, const char *kind, const char *message)
{
	Finding *f = g_new0(Finding, 1);

	f->kind = kind;
	f->message = g_strdup(message);
	g_ptr_array_add(out, f);
	return f;
}

/* The library's findings, as data. */
static void add_library_findings(GPtrArray *out, GPtrArray *found)
{
	for (guint i = 0; i < found->len; i++) {
		const RomresolveFinding *rf = found->pdata[i];
		Finding *f = finding_add(
		    out, romresolve_finding_kind_to_string(romresolve_finding_get_kind(rf)),
		    romresolve_finding_get_message(rf));

		f->note = romresolve_finding_is_note(rf);
		f->path = g_strdup(romresolve_finding_get_path(rf));
		f->size = romresolve_finding_get_size(rf);
		f->ceiling = romresolve_finding_get_ceiling(rf);
		f->file = g_strdup(romresolve_finding_get_file(rf));
		f->line = romresolve_finding_get_line(rf);
	}
}

/* The ROM BARs of a saved manifest against this host's: findings. */
static void add_against(GPtrArray *out, GPtrArray *verdicts, const char *manifest_path)
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
			msg = g_strdup_printf(
			    "%s: ROM BAR 0x%" G_GINT64_MODIFIER
			    "x in the manifest, 0x%" G_GINT64_MODIFIER "x here (%s)",
			    label, v->old_ramblock, v->new_ramblock, v->path ? v->path : "no ROM");
		f = finding_add(
		    out, romresolve_finding_kind_to_string(ROMRESOLVE_FINDING_BAR_MISMATCH), msg);
		f->path = g_strdup(v->path);
		f->file = g_strdup(manifest_path);
		f->verdict = v;
	}
}

static void finding_json(JsonWriter *b, const Finding *f)
{
	json_writer_begin_object(b);
	cli_json_string(b, "kind", f->kind);
	cli_json_string(b, "path", f->path);
	cli_json_size(b, "size", f->size);
	cli_json_size(b, "ceiling", f->ceiling);
	cli_json_string(b, "file", f->file);
	json_writer_set_member_name(b, "line");
	if (f->line)
		json_writer_add_int_value(b, f->line);
	else
		json_writer_add_null_value(b);
	if (f->verdict) {
		cli_json_string(b, "arch", f->verdict->arch);
		cli_json_string(b, "machine", f->verdict->machine);
		cli_json_string(b, "name", f->verdict->name);
		json_writer_set_member_name(b, "manifest_ramblock");
		json_writer_add_int_value(b, (gint64)f->verdict->old_ramblock);
		json_writer_set_member_name(b, "ramblock");
		if (f->verdict->kind == MANIFEST_VERDICT_MISSING)
			json_writer_add_null_value(b);
		else
			json_writer_add_int_value(b, (gint64)f->verdict->new_ramblock);
	}
	cli_json_string(b, "message", f->message);
	json_writer_end_object(b);
}

static void print_json(Cli *cli, GPtrArray *found, guint n_findings, const char *root,
		       const char *against)
{
	g_autoptr(JsonWriter) b = cli_json_begin("check");

	cli_json_string(b, "root", root);
	cli_json_string(b, "against", against);
	for (int note = 0; note <= 1; note++) {
		json_writer_set_member_name(b, note ? "notes" : "findings");
		json_writer_begin_array(b);
		for (guint i = 0; i < found->len; i++) {
			const Finding *f = found->pdata[i];
			if (f->note == note)
				finding_json(b, f);
		}
		json_writer_end_array(b);
	}
	json_writer_set_member_name(b, "n_findings");
	json_writer_add_int_value(b, n_findings);
	cli_json_finish(cli, b);
}

int cmd_check(Cli *cli, int argc, char **argv)
{
	g_autofree char *root = NULL, *against = NULL;
	gboolean json = FALSE, strict = FALSE, package = FALSE;
	GOptionEntry entries[] = {
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &root,
	     "Check the tree under DIR (a package build tree)", "DIR"},
	    {"against", 0, 0, G_OPTION_ARG_FILENAME, &against,
	     "Also flag ROM BARs that differ from this saved manifest", "MANIFEST"},
	    {"strict", 0, 0, G_OPTION_ARG_NONE, &strict,
	     "Any config problem is fatal (exit 2): for build-time checks", NULL},
	    {"package", 0, 0, G_OPTION_ARG_NONE, &package,
	     "The root is one package's build tree: skip what other packages provide", NULL},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON document on stdout", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(Manifest) manifest = NULL;
	g_autoptr(GPtrArray) library = NULL, verdicts = NULL;
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	g_autoptr(GError) error = NULL;
	guint n_findings = 0;
	int status =
	    cli_parse(cli, "check", " [--root DIR] [--against MANIFEST] [--strict] [--package]",
		      "Measure every option ROM against its ceiling; exit 1 on findings.", entries,
		      &argc, &argv);

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
	/* Config problems: warnings on stderr as everywhere, and findings. */
	ctx = cli_context_new_full(cli, root, strict, TRUE, &error);
	if (!ctx)
		return cli_fail(cli, error);
	library = romresolve_context_check_full(ctx, package ? ROMRESOLVE_CHECK_PACKAGE : 0);
	add_library_findings(found, library);
	if (manifest) {
		guint clashes, missing;
		verdicts = manifest_check_against(manifest, ctx, &clashes, &missing);
		add_against(found, verdicts, against);
	}
	for (guint i = 0; i < found->len; i++)
		if (!((Finding *)found->pdata[i])->note)
			n_findings++;
	if (json) {
		print_json(cli, found, n_findings, romresolve_context_get_root(ctx), against);
	} else {
		for (guint i = 0; i < found->len; i++) {
			const Finding *f = found->pdata[i];
			cli_out_line(cli, "%s: %s", f->note ? "note" : "finding", f->message);
		}
		cli_out_line(cli, "%u finding%s", n_findings, n_findings == 1 ? "" : "s");
	}
	return n_findings ? CLI_FAILED : CLI_OK;
}
