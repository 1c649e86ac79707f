/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manifest and compare: what admins run before migrating guests. */
#include "cli.h"

#include "fleet/cmd-fleet.h"

typedef struct {
	CliArgs common;
	char **names;
	gboolean stock;
	char *stock_path;
	char *host;
} ManifestArgs;

static int run_manifest(Cli *cli, CliArgs *args)
{
	const ManifestArgs *a = (const ManifestArgs *)args;
	static const char *const default_arches[] = {"x86_64", NULL};
	g_autoptr(Manifest) m = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;

	m = manifest_new_from_context(
	    args->ctx, a->host ? a->host : g_get_host_name(),
	    args->arches ? (const char *const *)args->arches : default_arches,
	    (const char *const *)args->machines, (const char *const *)a->names, a->stock,
	    a->stock_path, &error);
	if (!m)
		return cli_fail(cli, error);
	text = manifest_to_json(m);
	cli_json_print(cli, text);
	return CLI_OK;
}

static const CliOption manifest_options[] = {
    CLI_OPTION_ROOT("Prefix every config and search dir with DIR"),
    CLI_OPTION_ARCHES("QEMU target, repeatable (default x86_64)"),
    CLI_OPTION_MACHINES("Concrete machine type, repeatable"),
    {"name", 'n', CLI_VALUES, FALSE, offsetof(ManifestArgs, names), "NAME",
     "ROM name, repeatable (default: the device table and every option ROM)"},
    {"stock", 0, CLI_FLAG, FALSE, offsetof(ManifestArgs, stock), NULL,
     "As unmodified QEMU would: its search order, pow2ceil of the file"},
    {"stock-path", 0, CLI_VALUE, FALSE, offsetof(ManifestArgs, stock_path), "P1:P2",
     "With --stock: QEMU's data dirs (default Debian's FIRMWAREPATH)"},
    {"host", 0, CLI_VALUE, FALSE, offsetof(ManifestArgs, host), "NAME",
     "Host name to record (default: this one)"},
    CLI_OPTION_END,
};

/* A manifest is JSON: its failures are documents too. */
const CliCommand cli_cmd_manifest = {
    .name = "manifest",
    .summary = "record the ROM BAR sizes a guest gets, as JSON",
    .description = "Record the ROM BAR each (arch, machine type, ROM) gets, as JSON.",
    .options = manifest_options,
    .args_size = sizeof(ManifestArgs),
    .json = "manifest",
    .flags = CLI_CONTEXT | CLI_JSON_ALWAYS,
    .run = run_manifest,
};

static void side_json(JsonWriter *b, const char *member, const char *file, const Manifest *m)
{
	json_writer_set_member_name(b, member);
	json_writer_begin_object(b);
	cli_json_string(b, "file", file);
	cli_json_string(b, "host", manifest_get_host(m));
	cli_json_string(b, "mode", manifest_is_stock(m) ? "stock" : "romresolve");
	json_writer_end_object(b);
}

static void compare_json(Cli *cli, char *const *files, const Manifest *old_m, const Manifest *new_m,
			 GPtrArray *verdicts, guint clashes, guint missing)
{
	g_autoptr(JsonWriter) b = cli_json_begin("compare");

	side_json(b, "old", files[0], old_m);
	side_json(b, "new", files[1], new_m);
	json_writer_set_member_name(b, "verdicts");
	json_writer_begin_array(b);
	for (guint i = 0; i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
		g_autofree char *msg = manifest_verdict_message(v);
		g_autofree char *message = g_strdup_printf("%s: %s", label, msg);

		json_writer_begin_object(b);
		cli_json_string(b, "kind", manifest_verdict_kind_name(v->kind));
		cli_json_string(b, "arch", v->arch);
		cli_json_string(b, "machine", v->machine);
		cli_json_string(b, "name", v->name);
		/* RAMBlock lengths: 0 is no ROM; null on the new side: missing. */
		json_writer_set_member_name(b, "old_ramblock");
		json_writer_add_uint_value(b, v->old_ramblock);
		json_writer_set_member_name(b, "new_ramblock");
		if (v->kind == MANIFEST_VERDICT_MISSING)
			json_writer_add_null_value(b);
		else
			json_writer_add_uint_value(b, v->new_ramblock);
		cli_json_string(b, "path", v->path);
		cli_json_string(b, "reason", v->reason);
		cli_json_string(b, "message", message);
		json_writer_end_object(b);
	}
	json_writer_end_array(b);
	json_writer_set_member_name(b, "clashes");
	json_writer_add_int_value(b, clashes);
	json_writer_set_member_name(b, "missing");
	json_writer_add_int_value(b, missing);
	json_writer_set_member_name(b, "compatible");
	json_writer_add_boolean_value(b, clashes + missing == 0);
	cli_json_finish(cli, b);
}

static void compare_text(Cli *cli, const Manifest *old_m, const Manifest *new_m,
			 GPtrArray *verdicts, guint clashes, guint missing)
{
	for (guint i = 0; i < verdicts->len; i++) {
		const ManifestVerdict *v = verdicts->pdata[i];
		g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
		g_autofree char *msg = manifest_verdict_message(v);

		/* Host strings, names and reasons come from another host: escaped. */
		cli_out_line(cli, "%s: %s: %s", manifest_verdict_kind_name(v->kind), label, msg);
	}
	cli_out_line(cli, "%u clash%s, %u missing: guests %s migrate from %s to %s", clashes,
		     clashes == 1 ? "" : "es", missing, clashes + missing ? "cannot all" : "can",
		     manifest_get_host(old_m), manifest_get_host(new_m));
}

typedef struct {
	CliArgs common;
	gboolean fleet;
	char *html;
} CompareArgs;

static int run_compare(Cli *cli, CliArgs *args)
{
	const CompareArgs *a = (const CompareArgs *)args;
	g_autoptr(Manifest) old_m = NULL, new_m = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) verdicts = NULL;
	guint clashes = 0, missing = 0;

	if (a->fleet && args->n_operands > 0)
		return fleet_compare(cli, args->operands, args->json, a->html);
	if (a->fleet || a->html || args->n_operands != 2) {
		cli_error(cli, "compare: %s (see 'romresolve compare --help')",
			  a->fleet		 ? "--fleet needs manifests, fact files or dirs"
			  : a->html		 ? "--html needs --fleet"
			  : args->n_operands < 2 ? "needs two manifests: OLD.json NEW.json"
						 : "too many arguments");
		return CLI_USAGE;
	}
	old_m = manifest_new_from_file(args->operands[0], &error);
	if (old_m)
		new_m = manifest_new_from_file(args->operands[1], &error);
	if (!new_m)
		return cli_fail(cli, error);
	verdicts = manifest_compare(old_m, new_m, &clashes, &missing);
	if (args->json)
		compare_json(cli, args->operands, old_m, new_m, verdicts, clashes, missing);
	else
		compare_text(cli, old_m, new_m, verdicts, clashes, missing);
	return clashes + missing ? CLI_FAILED : CLI_OK;
}

static const CliOption compare_options[] = {
    CLI_OPTION_JSON,
    {"fleet", 0, CLI_FLAG, FALSE, offsetof(CompareArgs, fleet), NULL,
     "The operands are a fleet's manifests, fact files or dirs of them: the migration matrix"},
    {"html", 0, CLI_VALUE, FALSE, offsetof(CompareArgs, html), "FILE",
     "With --fleet: also write the matrix as one self-contained page"},
    CLI_OPTION_END,
};

const CliCommand cli_cmd_compare = {
    .name = "compare",
    .summary = "predict whether guests migrate between two manifests",
    .description = "Predict, per entry, whether a guest migrates from OLD to NEW; with --fleet, "
		   "which ABI classes of a fleet's hosts migrate to which.",
    .operands = "OLD.json NEW.json",
    .min_operands = 0,
    .max_operands = -1,
    .options = compare_options,
    .args_size = sizeof(CompareArgs),
    .json = "compare",
    .run = run_compare,
};
