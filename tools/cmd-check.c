/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check: what a ROM package's build and an admin run before shipping. */
#include "cli.h"

typedef struct {
	CliArgs common;
	char *against;
	gboolean package;
} CheckArgs;

/* A ROM BAR of the saved manifest that differs here, or a ROM gone: the
 * message of its finding. */
static char *against_message(const ManifestVerdict *v)
{
	g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);

	if (v->kind == MANIFEST_VERDICT_MISSING)
		return g_strdup_printf("%s: in the manifest, but here: %s", label, v->reason);
	return g_strdup_printf("%s: ROM BAR 0x%" G_GINT64_MODIFIER
			       "x in the manifest, 0x%" G_GINT64_MODIFIER "x here (%s)",
			       label, v->old_ramblock, v->new_ramblock,
			       v->path ? v->path : "no ROM");
}

static void line_json(JsonWriter *b, unsigned line)
{
	json_writer_set_member_name(b, "line");
	if (line)
		json_writer_add_int_value(b, line);
	else
		json_writer_add_null_value(b);
}

/* The library's finding, as its document has it. */
static void finding_json(JsonWriter *b, const RomresolveFinding *f)
{
	json_writer_begin_object(b);
	cli_json_string(b, "kind",
			romresolve_finding_kind_to_string(romresolve_finding_get_kind(f)));
	cli_json_string(b, "path", romresolve_finding_get_path(f));
	cli_json_size(b, "size", romresolve_finding_get_size(f));
	cli_json_size(b, "ceiling", romresolve_finding_get_ceiling(f));
	cli_json_string(b, "file", romresolve_finding_get_file(f));
	line_json(b, romresolve_finding_get_line(f));
	cli_json_string(b, "message", romresolve_finding_get_message(f));
	json_writer_end_object(b);
}

/* check --against's finding: a bar-mismatch with the entry it is about. */
static void against_json(JsonWriter *b, const ManifestVerdict *v, const char *manifest_path)
{
	g_autofree char *message = against_message(v);

	json_writer_begin_object(b);
	cli_json_string(b, "kind",
			romresolve_finding_kind_to_string(ROMRESOLVE_FINDING_BAR_MISMATCH));
	cli_json_string(b, "path", v->path);
	cli_json_size(b, "size", 0);
	cli_json_size(b, "ceiling", 0);
	cli_json_string(b, "file", manifest_path);
	line_json(b, 0);
	cli_json_string(b, "arch", v->arch);
	cli_json_string(b, "machine", v->machine);
	cli_json_string(b, "name", v->name);
	cli_json_uint(b, "manifest_ramblock", v->old_ramblock);
	if (v->kind == MANIFEST_VERDICT_MISSING)
		cli_json_string(b, "ramblock", NULL);
	else
		cli_json_uint(b, "ramblock", v->new_ramblock);
	cli_json_string(b, "message", message);
	json_writer_end_object(b);
}

/* Findings (the library's, then --against's) and notes, counted. */
static void print_json(Cli *cli, const CheckArgs *a, GPtrArray *found, GPtrArray *verdicts,
		       guint n_findings)
{
	g_autoptr(JsonWriter) b = cli_json_begin("check");

	cli_json_string(b, "root", romresolve_context_get_root(a->common.ctx));
	cli_json_string(b, "against", a->against);
	for (int note = 0; note <= 1; note++) {
		json_writer_set_member_name(b, note ? "notes" : "findings");
		json_writer_begin_array(b);
		for (guint i = 0; i < found->len; i++)
			if (romresolve_finding_is_note(found->pdata[i]) == note)
				finding_json(b, found->pdata[i]);
		for (guint i = 0; !note && verdicts && i < verdicts->len; i++)
			if (((const ManifestVerdict *)verdicts->pdata[i])->kind !=
			    MANIFEST_VERDICT_OK)
				against_json(b, verdicts->pdata[i], a->against);
		json_writer_end_array(b);
	}
	json_writer_set_member_name(b, "n_findings");
	json_writer_add_int_value(b, n_findings);
	cli_json_finish(cli, b);
}

static void print_text(Cli *cli, GPtrArray *found, GPtrArray *verdicts, guint n_findings)
{
	for (guint i = 0; i < found->len; i++) {
		const RomresolveFinding *f = found->pdata[i];
		cli_out_line(cli, "%s: %s", romresolve_finding_is_note(f) ? "note" : "finding",
			     romresolve_finding_get_message(f));
	}
	for (guint i = 0; verdicts && i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *message = NULL;

		if (v->kind == MANIFEST_VERDICT_OK)
			continue;
		message = against_message(v);
		cli_out_line(cli, "finding: %s", message);
	}
	cli_out_line(cli, "%u finding%s", n_findings, n_findings == 1 ? "" : "s");
}

/* An entry's machine type as this host's binary for its arch says (its
 * default, an alias's type); NULL (kept as the manifest says) when there is
 * no binary or the binary does not know the name. */
static int run_check(Cli *cli, CliArgs *args)
{
	const CheckArgs *a = (const CheckArgs *)args;
	g_autoptr(Manifest) manifest = NULL;
	g_autoptr(GPtrArray) found = NULL, verdicts = NULL;
	g_autoptr(GError) error = NULL;
	guint clashes = 0, missing = 0, n_findings;

	if (a->against) {
		manifest = manifest_new_from_file(a->against, &error);
		if (!manifest)
			return cli_fail(cli, error);
	}
	/* Config problems were warnings on stderr, as everywhere; here they
	 * are findings too. */
	found = romresolve_context_check_full(args->ctx, a->package ? ROMRESOLVE_CHECK_PACKAGE : 0);
	if (manifest)
		verdicts = manifest_check_against(manifest, args->ctx, cli_facts_host_machine,
						  args->facts, &clashes, &missing);
	n_findings = romresolve_findings_count(found) + clashes + missing;
	if (args->json)
		print_json(cli, a, found, verdicts, n_findings);
	else
		print_text(cli, found, verdicts, n_findings);
	return n_findings ? CLI_FAILED : CLI_OK;
}

static const CliOption check_options[] = {
    CLI_OPTION_ROOT("Check the tree under DIR (a package build tree)"),
    {"against", 0, CLI_VALUE, FALSE, offsetof(CheckArgs, against), "MANIFEST",
     "Also flag ROM BARs that differ from this saved manifest"},
    CLI_OPTION_STRICT("Any config problem is fatal (exit 2): for build-time checks"),
    {"package", 0, CLI_FLAG, FALSE, offsetof(CheckArgs, package), NULL,
     "The root is one package's build tree: skip what other packages provide"},
    CLI_OPTION_QEMU("The QEMU binary whose facts apply (default: every qemu-system-* on PATH)"),
    CLI_OPTION_JSON,
    CLI_OPTION_END,
};

const CliCommand cli_cmd_check = {
    .name = "check",
    .summary = "measure every option ROM against its ceiling",
    .description = "Measure every option ROM against its ceiling; exit 1 on findings.",
    .options = check_options,
    .args_size = sizeof(CheckArgs),
    .json = "check",
    .flags = CLI_CONTEXT | CLI_QEMU_FACTS,
    .run = run_check,
};
