/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check: what a ROM package's build and an admin run before shipping. */
#include "baseline.h"
#include "cli.h"

#include <string.h>

typedef struct {
	CliArgs common;
	char *against;
	gboolean package;
	gboolean update;
} CheckArgs;

/* What check compares with: --against's manifest, or the host's baseline
 * (@baseline set); the verdicts, each entry's; and with --update, whether
 * the baseline now holds this host's BARs (the verdicts taken). */
typedef struct {
	const char *file;
	gboolean baseline;
	GPtrArray *verdicts;
	guint n_findings; /* clashes and missing, unless taken */
	gboolean updated;
	/* The saved baseline and the host's manifest now: the verdicts
	 * borrow their strings. */
	Manifest *saved, *now;
} Against;

static void against_clear(Against *ag)
{
	g_clear_pointer(&ag->saved, manifest_free);
	g_clear_pointer(&ag->now, manifest_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Against, against_clear)

/* The ROM BAR in @what (the manifest, the baseline) and here: the message
 * of a verdict about @label. */
static char *verdict_text(const ManifestVerdict *v, const char *label, const char *what)
{
	if (v->kind == MANIFEST_VERDICT_MISSING)
		return g_strdup_printf("%s: in %s, but here: %s", label, what, v->reason);
	if (v->kind == MANIFEST_VERDICT_GAINED)
		return g_strdup_printf("%s: not in %s, here ROM BAR 0x%" G_GINT64_MODIFIER "x (%s)",
				       label, what, v->new_ramblock, v->path ? v->path : "no ROM");
	return g_strdup_printf(
	    "%s: ROM BAR 0x%" G_GINT64_MODIFIER "x in %s, 0x%" G_GINT64_MODIFIER "x here (%s)",
	    label, v->old_ramblock, what, v->new_ramblock, v->path ? v->path : "no ROM");
}

static const char *against_what(const Against *ag)
{
	return ag->baseline ? "the baseline" : "the manifest";
}

/* A ROM BAR of the saved manifest that differs here, or a ROM gone: the
 * message of its finding. */
static char *against_message(const ManifestVerdict *v, const Against *ag)
{
	g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);

	return verdict_text(v, label, against_what(ag));
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

/* check --against's finding (and the baseline's): a bar-mismatch with the
 * entry it is about; a ROM the baseline lacked has a null
 * manifest_ramblock. */
static void against_json(JsonWriter *b, const ManifestVerdict *v, const Against *ag)
{
	g_autofree char *message = against_message(v, ag);

	json_writer_begin_object(b);
	cli_json_string(b, "kind",
			romresolve_finding_kind_to_string(ROMRESOLVE_FINDING_BAR_MISMATCH));
	cli_json_string(b, "path", v->path);
	cli_json_size(b, "size", 0);
	cli_json_size(b, "ceiling", 0);
	cli_json_string(b, "file", ag->file);
	line_json(b, 0);
	cli_json_string(b, "arch", v->arch);
	cli_json_string(b, "machine", v->machine);
	cli_json_string(b, "name", v->name);
	if (v->kind == MANIFEST_VERDICT_GAINED)
		cli_json_string(b, "manifest_ramblock", NULL);
	else
		cli_json_uint(b, "manifest_ramblock", v->old_ramblock);
	if (v->kind == MANIFEST_VERDICT_MISSING)
		cli_json_string(b, "ramblock", NULL);
	else
		cli_json_uint(b, "ramblock", v->new_ramblock);
	cli_json_string(b, "message", message);
	json_writer_end_object(b);
}

/* A verdict that is a finding (its BAR or presence changed), not taken. */
static gboolean is_finding(const ManifestVerdict *v, const Against *ag)
{
	return !ag->updated &&
	       (v->kind == MANIFEST_VERDICT_CLASH || v->kind == MANIFEST_VERDICT_MISSING);
}

/* A verdict to show at all: a change, either way. */
static gboolean is_change(const ManifestVerdict *v)
{
	return v->kind != MANIFEST_VERDICT_OK;
}

/* Findings (the library's, then the comparison's) and notes, counted. */
static void print_json(Cli *cli, const CheckArgs *a, GPtrArray *found, const Against *ag,
		       guint n_findings)
{
	g_autoptr(JsonWriter) b = cli_json_begin("check");

	cli_json_string(b, "root", romresolve_context_get_root(a->common.ctx));
	cli_json_string(b, "against", a->against);
	cli_json_string(b, "baseline", ag->baseline ? ag->file : NULL);
	json_writer_set_member_name(b, "baseline_updated");
	json_writer_add_boolean_value(b, ag->updated);
	for (int note = 0; note <= 1; note++) {
		json_writer_set_member_name(b, note ? "notes" : "findings");
		json_writer_begin_array(b);
		for (guint i = 0; i < found->len; i++)
			if (romresolve_finding_is_note(found->pdata[i]) == note)
				finding_json(b, found->pdata[i]);
		for (guint i = 0; ag->verdicts && i < ag->verdicts->len; i++) {
			const ManifestVerdict *v = ag->verdicts->pdata[i];
			if (is_change(v) && is_finding(v, ag) != note)
				against_json(b, v, ag);
		}
		json_writer_end_array(b);
	}
	json_writer_set_member_name(b, "n_findings");
	json_writer_add_int_value(b, n_findings);
	cli_json_finish(cli, b);
}

/* The verdicts about one ROM of one arch that changed alike on several
 * machine types (the same BARs, file or reason's kind). */
typedef struct {
	const ManifestVerdict *first;
	GPtrArray *machines; /* borrowed */
} Group;

static void group_free(Group *g)
{
	g_ptr_array_unref(g->machines);
	g_free(g);
}

static char *group_key(const ManifestVerdict *v)
{
	return g_strdup_printf(
	    "%d\x1f%s\x1f%s\x1f%" G_GUINT64_FORMAT "\x1f%" G_GUINT64_FORMAT "\x1f%s", v->kind,
	    v->arch, v->name, v->old_ramblock, v->new_ramblock, v->path ? v->path : "");
}

/* The baseline's changes, one line per ROM of an arch that changed alike:
 * "NAME, ARCH (N machine types: M1, M2, ...): ..." (one machine type: the
 * entry's own label, "NAME, MACHINE, ARCH"); a reason is the first's. */
static void print_baseline_changes(Cli *cli, const Against *ag)
{
	g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func((GDestroyNotify)group_free);

	for (guint i = 0; i < ag->verdicts->len; i++) {
		const ManifestVerdict *v = ag->verdicts->pdata[i];
		char *key;
		Group *g;

		if (!is_change(v))
			continue;
		key = group_key(v);
		if (!(g = g_hash_table_lookup(index, key))) {
			g = g_new0(Group, 1);
			g->first = v;
			g->machines = g_ptr_array_new();
			g_ptr_array_add(groups, g);
			g_hash_table_insert(index, key, g);
		} else {
			g_free(key);
		}
		if (v->machine)
			g_ptr_array_add(g->machines, (gpointer)v->machine);
	}
	for (guint i = 0; i < groups->len; i++) {
		const Group *g = groups->pdata[i];
		const ManifestVerdict *v = g->first;
		const char *kind = ag->updated	       ? "note: taken into the baseline"
				   : is_finding(v, ag) ? "finding"
						       : "note";
		g_autofree char *label = NULL, *text = NULL, *list = NULL;

		if (g->machines->len <= 1) {
			label = manifest_entry_label(v->name, v->machine, v->arch);
			text = verdict_text(v, label, "the baseline");
			cli_out_line(cli, "%s: %s", kind, text);
			continue;
		}
		g_ptr_array_add(g->machines, NULL);
		list = g_strjoinv(", ", (char **)g->machines->pdata);
		g_ptr_array_remove_index(g->machines, g->machines->len - 1);
		label = g_strdup_printf("%s, %s (%u machine types: %s)", v->name, v->arch,
					g->machines->len, list);
		text = verdict_text(v, label, "the baseline");
		cli_out_line(cli, "%s: %s", kind, text);
	}
}

static void print_text(Cli *cli, GPtrArray *found, const Against *ag, guint n_findings)
{
	for (guint i = 0; i < found->len; i++) {
		const RomresolveFinding *f = found->pdata[i];
		cli_out_line(cli, "%s: %s", romresolve_finding_is_note(f) ? "note" : "finding",
			     romresolve_finding_get_message(f));
	}
	if (ag->baseline && ag->verdicts) {
		print_baseline_changes(cli, ag);
	} else {
		for (guint i = 0; ag->verdicts && i < ag->verdicts->len; i++) {
			const ManifestVerdict *v = ag->verdicts->pdata[i];
			g_autofree char *message = NULL;

			if (!is_change(v))
				continue;
			message = against_message(v, ag);
			cli_out_line(cli, "finding: %s", message);
		}
	}
	if (ag->updated)
		cli_out_line(cli, "note: %s now holds this host's ROM BARs", ag->file);
	cli_out_line(cli, "%u finding%s", n_findings, n_findings == 1 ? "" : "s");
}

/* The host against its baseline: its manifest made now (every target with a
 * QEMU binary, every machine type) compared with the saved one; with
 * --update, saved over it. */
static gboolean against_baseline(Cli *cli, CliArgs *args, Against *ag, GError **error)
{
	const CheckArgs *a = (const CheckArgs *)args;
	const char *root = romresolve_context_get_root(args->ctx);
	g_autofree char *host = cli_host_name(root);
	guint clashes = 0, missing = 0, gained = 0;

	if (g_file_test(ag->file, G_FILE_TEST_EXISTS)) {
		if (!(ag->saved = manifest_new_from_file(ag->file, error)))
			return FALSE;
	} else if (!a->update) {
		return TRUE; /* no baseline: nothing to compare */
	}
	if (!(ag->now = cli_manifest_baseline(cli, args, host, error)))
		return FALSE;
	ag->baseline = TRUE;
	if (ag->saved) {
		ag->verdicts =
		    manifest_compare_gained(ag->saved, ag->now, &clashes, &missing, &gained);
		ag->n_findings = clashes + missing;
	}
	if (a->update) {
		if (!cli_baseline_save(ag->now, ag->file, error))
			return FALSE;
		ag->updated = TRUE;
		ag->n_findings = 0;
	}
	return TRUE;
}

static int run_check(Cli *cli, CliArgs *args)
{
	const CheckArgs *a = (const CheckArgs *)args;
	g_autoptr(Manifest) manifest = NULL;
	g_autoptr(GPtrArray) found = NULL, verdicts = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *baseline = NULL;
	g_auto(Against) ag = {0};
	guint clashes = 0, missing = 0, n_findings;

	if (a->update && (a->against || a->package)) {
		cli_error(cli, "check: --update takes the host's changes to its baseline: not with "
			       "--against or --package (see 'romresolve check --help')");
		return CLI_USAGE;
	}
	if (a->against) {
		manifest = manifest_new_from_file(a->against, &error);
		if (!manifest)
			return cli_fail(cli, error);
		ag.file = a->against;
	}
	/* Config problems were warnings on stderr, as everywhere; here they
	 * are findings too. */
	found = romresolve_context_check_full(args->ctx, a->package ? ROMRESOLVE_CHECK_PACKAGE : 0);
	if (manifest) {
		verdicts = manifest_check_against(manifest, args->ctx, cli_facts_host_machine,
						  args->facts, &clashes, &missing);
		ag.verdicts = verdicts;
		ag.n_findings = clashes + missing;
	} else if (!a->package) {
		/* A build tree has no baseline; a host may. */
		ag.file = baseline = cli_baseline_path(romresolve_context_get_root(args->ctx));
		if (!against_baseline(cli, args, &ag, &error))
			return cli_fail(cli, error);
		verdicts = ag.verdicts;
	}
	n_findings = romresolve_findings_count(found) + ag.n_findings;
	if (args->json)
		print_json(cli, a, found, &ag, n_findings);
	else
		print_text(cli, found, &ag, n_findings);
	return n_findings ? CLI_FAILED : CLI_OK;
}

static const CliOption check_options[] = {
    CLI_OPTION_ROOT("Check the tree under DIR (a package build tree)"),
    {"against", 0, CLI_VALUE, FALSE, offsetof(CheckArgs, against), "MANIFEST",
     "Also flag ROM BARs that differ from this saved manifest"},
    CLI_OPTION_STRICT("Any config problem is fatal (exit 2): for build-time checks"),
    {"package", 0, CLI_FLAG, FALSE, offsetof(CheckArgs, package), NULL,
     "The root is one package's build tree: skip what other packages provide"},
    {"update", 0, CLI_FLAG, FALSE, offsetof(CheckArgs, update), NULL,
     "Take the changes: save this host's ROM BARs as its baseline (" CLI_BASELINE_PATH ")"},
    CLI_OPTION_QEMU("The QEMU binary whose facts apply (default: every qemu-system-* on PATH)"),
    CLI_OPTION_JSON,
    CLI_OPTION_END,
};

const CliCommand cli_cmd_check = {
    .name = "check",
    .summary = "measure every option ROM against its ceiling",
    .description = "Measure every option ROM against its ceiling, and compare the host with its "
		   "baseline when it has one; exit 1 on findings.",
    .options = check_options,
    .args_size = sizeof(CheckArgs),
    .json = "check",
    .flags = CLI_CONTEXT | CLI_QEMU_FACTS,
    .run = run_check,
};
