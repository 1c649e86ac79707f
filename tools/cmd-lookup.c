/* SPDX-License-Identifier: GPL-2.0-or-later */
/* which and explain: one lookup, its answer or its whole trace. */
#include "cli.h"
#include "owner.h"

typedef struct {
	CliArgs common;
	gboolean firmware;
} LookupArgs;

static const char *const verdicts[] = {
    [ROMRESOLVE_VERDICT_USED] = "used",
    [ROMRESOLVE_VERDICT_MISSING] = "missing",
    [ROMRESOLVE_VERDICT_NOT_REGULAR] = "not-regular",
    [ROMRESOLVE_VERDICT_EMPTY] = "empty",
    [ROMRESOLVE_VERDICT_TOO_LARGE] = "too-large",
    [ROMRESOLVE_VERDICT_UNREADABLE] = "unreadable",
    [ROMRESOLVE_VERDICT_UNSAFE] = "unsafe",
};

/* explain: the package that owns each candidate that exists, where the
 * host (or --root's tree) has a package database; NULL where it has none. */
static GHashTable *candidate_owners(const RomresolveResult *r, const CliArgs *args)
{
	g_autoptr(GPtrArray) paths = g_ptr_array_new_null_terminated(8, NULL, TRUE);

	if (args->cmd != &cli_cmd_explain)
		return NULL;
	for (guint i = 0; i < romresolve_result_get_n_candidates(r); i++)
		if (romresolve_result_get_candidate_verdict(r, i) != ROMRESOLVE_VERDICT_MISSING)
			g_ptr_array_add(paths,
					(gpointer)romresolve_result_get_candidate_path(r, i));
	return cli_owners_lookup(romresolve_context_get_root(args->ctx),
				 (const char *const *)paths->pdata);
}

/* The lookup as a document: which's and explain's. Unset values are null. */
static void result_to_json(Cli *cli, const RomresolveResult *r, const LookupArgs *a)
{
	g_autoptr(GHashTable) owners = candidate_owners(r, &a->common);
	g_autoptr(JsonWriter) b = cli_json_begin(a->common.cmd->json);
	const RomresolveDir *dir = romresolve_result_get_dir(r);
	gboolean found = romresolve_result_is_found(r);

	cli_json_string(b, "name", romresolve_result_get_name(r));
	cli_json_string(b, "arch", a->common.arch);
	/* The machine type the answer is for: --machine as the binary
	 * resolves it (or its default); as written with no binary. */
	cli_json_string(b, "machine", a->common.machine_type);
	cli_json_string(b, "kind", a->firmware ? "firmware" : "rom");
	json_writer_set_member_name(b, "found");
	json_writer_add_boolean_value(b, found);
	json_writer_set_member_name(b, "no_rom");
	json_writer_add_boolean_value(b, romresolve_result_is_no_rom(r));
	json_writer_set_member_name(b, "stopped");
	json_writer_add_boolean_value(b, romresolve_result_is_stopped(r));
	cli_json_string(b, "path", found ? romresolve_result_get_path(r) : NULL);
	cli_json_string(b, "compat_name", romresolve_result_get_compat_name(r));
	cli_json_string(b, "rule", romresolve_result_get_rule(r));
	cli_json_size(b, "size", found ? romresolve_result_get_size(r) : 0);
	if (romresolve_result_is_no_rom(r)) {
		/* No ROM is a size: 0, not unset. */
		json_writer_set_member_name(b, "romsize");
		json_writer_add_int_value(b, 0);
	} else {
		cli_json_size(b, "romsize", found ? romresolve_result_get_romsize(r) : 0);
	}
	json_writer_set_member_name(b, "romsize_pinned");
	json_writer_add_boolean_value(b, found && romresolve_result_is_romsize_pinned(r));
	if (romresolve_result_is_no_rom(r)) {
		json_writer_set_member_name(b, "ramblock");
		json_writer_add_int_value(b, 0);
	} else {
		cli_json_size(b, "ramblock", found ? romresolve_result_get_ramblock(r) : 0);
	}
	cli_json_size(b, "ceiling", found ? romresolve_result_get_ceiling(r) : 0);
	json_writer_set_member_name(b, "absolute");
	json_writer_add_boolean_value(b, found && romresolve_result_is_absolute(r));
	cli_json_string(b, "dir", dir ? romresolve_dir_get_path(dir) : NULL);
	cli_json_origin(b, "", dir ? romresolve_dir_get_file(dir) : NULL,
			dir ? romresolve_dir_get_line(dir) : 0);
	/* Where the ceiling and the pinned BAR were set: null for none, and
	 * for a dir's default max-size. */
	cli_json_origin(b, "ceiling_", found ? romresolve_result_get_ceiling_file(r) : NULL,
			romresolve_result_get_ceiling_line(r));
	cli_json_origin(b, "romsize_", found ? romresolve_result_get_romsize_file(r) : NULL,
			romresolve_result_get_romsize_line(r));
	json_writer_set_member_name(b, "candidates");
	json_writer_begin_array(b);
	for (guint i = 0; i < romresolve_result_get_n_candidates(r); i++) {
		json_writer_begin_object(b);
		cli_json_string(b, "path", romresolve_result_get_candidate_path(r, i));
		cli_json_string(b, "verdict",
				verdicts[romresolve_result_get_candidate_verdict(r, i)]);
		cli_json_string(b, "reason", romresolve_result_get_candidate_reason(r, i));
		if (a->common.cmd == &cli_cmd_explain)
			cli_json_string(
			    b, "package",
			    owners ? g_hash_table_lookup(owners,
							 romresolve_result_get_candidate_path(r, i))
				   : NULL);
		json_writer_end_object(b);
	}
	json_writer_end_array(b);
	cli_json_finish(cli, b);
}

/* which: the path, and nothing else on stdout. */
static void which_text(Cli *cli, const RomresolveResult *r, const char *name)
{
	if (romresolve_result_is_no_rom(r))
		/* No ROM for this machine type (romfile=""): no path to print, not
		 * an error; a note says who decided. */
		cli_error(cli, "%s: no ROM on this machine type (%s)", name,
			  romresolve_result_get_rule(r));
	else
		cli_print_line(cli->out, romresolve_result_get_path(r));
}

/* The result line: the file and where each of its values comes from. */
static void explain_result(Cli *cli, const RomresolveResult *r)
{
	const RomresolveDir *dir = romresolve_result_get_dir(r);
	uint64_t limit = romresolve_result_get_ceiling(r);
	g_autofree char *size = romresolve_size_format(romresolve_result_get_size(r));
	g_autofree char *romsize = romresolve_size_format(romresolve_result_get_romsize(r));
	g_autofree char *ceiling = NULL, *bar = NULL, *in = NULL;

	/* Firmware and absolute paths have no ceiling: "none", not "0 bytes". */
	if (limit) {
		g_autofree char *value = romresolve_size_format(limit);
		const char *file = romresolve_result_get_ceiling_file(r);

		ceiling = file ? g_strdup_printf("%s from %s:%u", value, file,
						 romresolve_result_get_ceiling_line(r))
			       : g_strdup_printf("%s, the default", value);
	}
	if (romresolve_result_is_romsize_pinned(r))
		bar = g_strdup_printf("pinned by rom-size from %s:%u",
				      romresolve_result_get_romsize_file(r),
				      romresolve_result_get_romsize_line(r));
	else
		bar = g_strdup("pow2ceil of the size");
	if (dir)
		in = g_strdup_printf("; [dir %s] from %s:%u", romresolve_dir_get_path(dir),
				     romresolve_dir_get_file(dir), romresolve_dir_get_line(dir));
	cli_out_line(cli, "result: %s (%s%s; ceiling %s; ROM BAR %s, %s)",
		     romresolve_result_get_path(r), size, in ? in : "", ceiling ? ceiling : "none",
		     romsize, bar);
}

static void explain_text(Cli *cli, const RomresolveResult *r, const LookupArgs *a, const char *name)
{
	const CliArgs *c = &a->common;
	g_autoptr(GHashTable) owners = candidate_owners(r, c);

	/* What the machine type is to the binary: an alias's type, its
	 * default. */
	g_autofree char *how = cli_machine_how(c);
	/* Each value says where it comes from, in the lines below. */
	cli_out_line(cli, "%s lookup of %s for %s%s%s%s", a->firmware ? "firmware" : "rom", name,
		     c->arch, c->machine_type ? ", machine " : "",
		     c->machine_type ? c->machine_type : "", how);
	if (romresolve_result_get_compat_name(r))
		cli_out_line(cli, "  rule %s maps it to %s", romresolve_result_get_rule(r),
			     romresolve_result_get_compat_name(r));
	if (romresolve_result_is_no_rom(r)) {
		cli_out_line(cli, "result: no ROM (romsize 0), by %s",
			     romresolve_result_get_rule(r));
		return;
	}
	if (romresolve_result_get_n_candidates(r) == 0)
		cli_out_line(cli, "  no search directory applies");
	for (guint i = 0; i < romresolve_result_get_n_candidates(r); i++) {
		const char *path = romresolve_result_get_candidate_path(r, i);
		const char *owner = owners ? g_hash_table_lookup(owners, path) : NULL;

		cli_out_line(cli, "  %s: %s%s%s%s", path,
			     romresolve_result_get_candidate_reason(r, i),
			     owner ? " (package " : "", owner ? owner : "", owner ? ")" : "");
	}
	if (romresolve_result_is_stopped(r)) {
		cli_out_line(cli, "result: none: the lookup stops at the last candidate (it exists "
				  "but cannot be used safely; no later dir is searched)");
		return;
	}
	if (!romresolve_result_is_found(r)) {
		cli_out_line(cli, "result: nothing usable");
		return;
	}
	explain_result(cli, r);
}

/* One lookup, two outputs: which prints the answer (and fails when there
 * is none), explain the whole trace. */
static int run_lookup(Cli *cli, CliArgs *args)
{
	const LookupArgs *a = (const LookupArgs *)args;
	gboolean explain = args->cmd == &cli_cmd_explain;
	const char *name = args->operands[0];
	RomresolveLookupKind kind =
	    a->firmware ? ROMRESOLVE_LOOKUP_FIRMWARE : ROMRESOLVE_LOOKUP_ROM;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;

	/* explain shows a search that found nothing; which says why it failed. */
	r = explain ? romresolve_context_lookup(args->ctx, name, args->arch, args->machine_type,
						kind, &error)
		    : romresolve_context_resolve(args->ctx, name, args->arch, args->machine_type,
						 kind, &error);
	if (!r)
		return cli_fail(cli, error);
	if (args->json)
		result_to_json(cli, r, a);
	else if (explain)
		explain_text(cli, r, a, name);
	else
		which_text(cli, r, name);
	return romresolve_result_is_found(r) || romresolve_result_is_no_rom(r) ? CLI_OK
									       : CLI_FAILED;
}

static const CliOption lookup_options[] = {
    CLI_OPTION_ARCH("QEMU target (required)", TRUE),
    CLI_OPTION_MACHINE("Machine type, as QEMU takes it (default: the binary's default)"),
    CLI_OPTION_QEMU("The QEMU binary whose facts apply (default: qemu-system-ARCH on PATH)"),
    CLI_OPTION_ROOT("Prefix every config and search dir with DIR"),
    {"firmware", 0, CLI_FLAG, FALSE, offsetof(LookupArgs, firmware), NULL,
     "A firmware lookup: no size ceiling"},
    CLI_OPTION_JSON,
    CLI_OPTION_END,
};

const CliCommand cli_cmd_which = {
    .name = "which",
    .summary = "print the file QEMU would load for a name",
    .description = "Print the path of the file QEMU would load.",
    .operands = "NAME",
    .min_operands = 1,
    .max_operands = 1,
    .missing = "missing ROM name",
    .options = lookup_options,
    .args_size = sizeof(LookupArgs),
    .json = "which",
    .flags = CLI_CONTEXT | CLI_QEMU_FACTS,
    .run = run_lookup,
};

const CliCommand cli_cmd_explain = {
    .name = "explain",
    .summary = "show every candidate a lookup touched",
    .description = "Show every candidate the lookup touched, with its verdict.",
    .operands = "NAME",
    .min_operands = 1,
    .max_operands = 1,
    .missing = "missing ROM name",
    .options = lookup_options,
    .args_size = sizeof(LookupArgs),
    .json = "explain",
    .flags = CLI_CONTEXT | CLI_QEMU_FACTS,
    .run = run_lookup,
};
