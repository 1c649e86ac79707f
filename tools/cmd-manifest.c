/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manifest and compare: what admins run before migrating guests. */
#include "baseline.h"
#include "cli.h"

#include "fleet/cmd-fleet.h"

#include <string.h>

typedef struct {
	CliArgs common;
	char **names;
	gboolean stock;
	char *stock_path;
	char *host;
	gboolean save;
} ManifestArgs;

/* @dirs as a stock path (':'-separated), or NULL. */
static char *stock_path_of(char **dirs)
{
	return dirs && dirs[0] ? g_strjoinv(":", dirs) : NULL;
}

/* The context for @arch: the command's, unless @arch's binary searches
 * other dirs than those it was loaded with. */
static RomresolveContext *arch_context(Cli *cli, CliArgs *args, char **dirs, GError **error)
{
	const char *const *loaded = romresolve_context_get_search_path(args->ctx);
	guint i;

	for (i = 0; dirs && dirs[i] && loaded[i] && strcmp(dirs[i], loaded[i]) == 0; i++)
		;
	if (!dirs || (!dirs[i] && !loaded[i]))
		return romresolve_context_ref(args->ctx);
	/* Its problems were printed with the command's context. */
	return cli_context_new_search(cli, args->root, (const char *const *)dirs, args->strict,
				      FALSE, error);
}

/* Record @arch: the machine types its binary has (or --machine's, as it
 * resolves them), and the binary; with no binary, --machine as written. */
static gboolean add_arch(Cli *cli, CliArgs *args, Manifest *m, const char *arch,
			 const char *const *names, const char *stock_path_opt, gboolean *known_by,
			 GError **error)
{
	QemuBinary *b = NULL;
	g_autoptr(GPtrArray) machines = g_ptr_array_new_null_terminated(8, g_free, TRUE);
	g_autoptr(RomresolveContext) ctx = NULL;
	g_auto(GStrv) dirs = NULL, aliases = NULL;
	g_autofree char *version = NULL, *package = NULL, *dflt = NULL, *stock_path = NULL;
	const QemuMachines *known;
	gboolean resizes;

	if (!romresolve_arch_validate(arch, error))
		return FALSE;
	b = cli_facts_binary(args->facts, arch, error);
	if (!b && error && *error)
		return FALSE;
	if (!b) {
		for (guint i = 0; args->machines && args->machines[i]; i++) {
			g_ptr_array_add(machines, g_strdup(args->machines[i]));
			known_by[i] = TRUE;
		}
		if (cli_machine_matters(args->ctx, arch))
			cli_note_literal(cli, args, arch);
		return manifest_add_arch(m, args->ctx, arch, (const char *const *)machines->pdata,
					 names, stock_path_opt, error);
	}
	if (!(known = qemu_binary_get_machines(b, error)) ||
	    !qemu_binary_get_version(b, &version, &package, error) ||
	    !(dirs = qemu_binary_get_data_dirs(b, error)))
		return FALSE;
	/* The --machine values this binary knows (another arch's binary may
	 * know the others: run_manifest fails for one that none knows). */
	for (guint i = 0; args->machines && args->machines[i]; i++) {
		char *type = qemu_binary_resolve_machine(b, args->machines[i], NULL);
		if (!type)
			continue;
		g_ptr_array_add(machines, type);
		known_by[i] = TRUE;
	}
	if (!args->machines) {
		g_auto(GStrv) types = qemu_machines_list(known);
		for (char **t = types; *t; t++)
			g_ptr_array_add(machines, g_strdup(*t));
	}
	dflt = qemu_machines_default(known);
	manifest_add_qemu(m, arch, qemu_binary_get_path(b), version, package, dflt);
	/* Its ROM BARs sized from the incoming stream (x-rom-resize: every
	 * machine type, the series adds no compat property). */
	resizes = qemu_binary_rom_resize(b);
	for (guint i = 0; resizes && i < machines->len; i++)
		manifest_add_from_stream(m, arch, machines->pdata[i]);
	aliases = qemu_machines_aliases(known);
	for (char **p = aliases; *p; p += 2)
		manifest_add_alias(m, arch, p[0], p[1]);
	/* As stock QEMU: the binary's own dirs, unless --stock-path says. */
	stock_path = stock_path_opt ? g_strdup(stock_path_opt) : stock_path_of(dirs);
	if (!(ctx = arch_context(cli, args, dirs, error)))
		return FALSE;
	return manifest_add_arch(m, ctx, arch, (const char *const *)machines->pdata, names,
				 stock_path, error);
}

static Manifest *build(Cli *cli, CliArgs *args, const char *host, const char *const *arches,
		       const char *const *names, gboolean stock, const char *stock_path,
		       GError **error)
{
	g_autoptr(Manifest) m = manifest_new(host ? host : g_get_host_name(), stock);
	g_autofree gboolean *known_by =
	    g_new0(gboolean, args->machines ? g_strv_length(args->machines) : 0);

	for (const char *const *arch = arches; *arch; arch++)
		if (!add_arch(cli, args, m, *arch, names, stock_path, known_by, error))
			return NULL;
	/* A --machine no binary knows: the first arch's binary's error. */
	for (guint i = 0; args->machines && args->machines[i]; i++) {
		GError *local = NULL;

		if (known_by[i])
			continue;
		for (const char *const *arch = arches; *arch && !local; arch++) {
			QemuBinary *b = cli_facts_binary(args->facts, *arch, NULL);
			g_autofree char *type =
			    b ? qemu_binary_resolve_machine(b, args->machines[i], &local) : NULL;
		}
		g_propagate_error(error, local);
		return NULL;
	}
	return g_steal_pointer(&m);
}

Manifest *cli_manifest_build(Cli *cli, CliArgs *args, const char *host, const char *const *names,
			     gboolean stock, const char *stock_path, GError **error)
{
	const char *default_arches[] = {args->cmd->default_arch, NULL};

	return build(cli, args, host,
		     args->arches ? (const char *const *)args->arches : default_arches, names,
		     stock, stock_path, error);
}

Manifest *cli_manifest_baseline(Cli *cli, CliArgs *args, const char *host, GError **error)
{
	g_auto(GStrv) arches = cli_facts_arches(args->facts);
	const char *default_arches[] = {cli_cmd_manifest.default_arch, NULL};

	return build(cli, args, host, arches[0] ? (const char *const *)arches : default_arches,
		     NULL, FALSE, NULL, error);
}

static int run_manifest(Cli *cli, CliArgs *args)
{
	const ManifestArgs *a = (const ManifestArgs *)args;
	const char *root = romresolve_context_get_root(args->ctx);
	g_autofree char *host = a->host ? g_strdup(a->host) : cli_host_name(root);
	g_autofree char *path = NULL;
	g_autoptr(Manifest) m = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;

	if (a->save && (a->stock || a->names || a->stock_path)) {
		cli_error(cli, "manifest: --save keeps the host's own manifest: no --stock, "
			       "--stock-path or --name (see 'romresolve manifest --help')");
		return CLI_USAGE;
	}
	/* The host's baseline: every target it has a QEMU binary of (--arch:
	 * those), every machine type the binary has (--machine: those). */
	if (a->save && !args->arches)
		m = cli_manifest_baseline(cli, args, host, &error);
	else
		m = cli_manifest_build(cli, args, host, (const char *const *)a->names, a->stock,
				       a->stock_path, &error);
	if (!m)
		return cli_fail(cli, error);
	if (a->save) {
		path = cli_baseline_path(root);
		if (!cli_baseline_save(m, path, &error))
			return cli_fail(cli, error);
		/* stdout holds no document: the file does. */
		cli->json_done = TRUE;
		return CLI_OK;
	}
	text = manifest_to_json(m);
	cli_json_print(cli, text);
	return CLI_OK;
}

static const CliOption manifest_options[] = {
    CLI_OPTION_ROOT("Prefix every config and search dir with DIR"),
    CLI_OPTION_ARCHES("QEMU target, repeatable (default x86_64)"),
    CLI_OPTION_MACHINES("Machine type, as QEMU takes it, repeatable (default: every one the "
			"binary has)"),
    CLI_OPTION_QEMU("The QEMU binary whose facts apply (default: qemu-system-ARCH on PATH)"),
    {"name", 'n', CLI_VALUES, FALSE, offsetof(ManifestArgs, names), "NAME",
     "ROM name, repeatable (default: the device table and every option ROM)"},
    {"stock", 0, CLI_FLAG, FALSE, offsetof(ManifestArgs, stock), NULL,
     "As unmodified QEMU would: its search order, pow2ceil of the file"},
    {"stock-path", 0, CLI_VALUE, FALSE, offsetof(ManifestArgs, stock_path), "P1:P2",
     "With --stock: QEMU's data dirs (default: the binary's, else Debian's FIRMWAREPATH)"},
    {"host", 0, CLI_VALUE, FALSE, offsetof(ManifestArgs, host), "NAME",
     "Host name to record (default: this one; under --root, the root's /etc/hostname)"},
    {"save", 0, CLI_FLAG, FALSE, offsetof(ManifestArgs, save), NULL,
     "Keep it as the host's baseline, " CLI_BASELINE_PATH
     " (every target with a QEMU binary): check compares with it"},
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
    .default_arch = "x86_64",
    .flags = CLI_CONTEXT | CLI_JSON_ALWAYS | CLI_QEMU_FACTS,
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
