/* SPDX-License-Identifier: GPL-2.0-or-later */
/* which and explain: one lookup, its answer or its whole trace. */
#include "cli.h"

typedef struct {
	char *arch;
	char *machine;
	char *root;
	gboolean firmware;
	gboolean json;
} LookupArgs;

static void lookup_args_clear(LookupArgs *a)
{
	g_free(a->arch);
	g_free(a->machine);
	g_free(a->root);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(LookupArgs, lookup_args_clear)

static const char *const verdicts[] = {
    [ROMRESOLVE_VERDICT_USED] = "used",
    [ROMRESOLVE_VERDICT_MISSING] = "missing",
    [ROMRESOLVE_VERDICT_NOT_REGULAR] = "not-regular",
    [ROMRESOLVE_VERDICT_EMPTY] = "empty",
    [ROMRESOLVE_VERDICT_TOO_LARGE] = "too-large",
    [ROMRESOLVE_VERDICT_UNREADABLE] = "unreadable",
    [ROMRESOLVE_VERDICT_UNSAFE] = "unsafe",
};

/* Parse "NAME --arch A [...]"; returns -1 to go on, else an exit status. */
static int parse_lookup(Cli *cli, const char *cmd, const char *summary, LookupArgs *a, int argc,
			char **argv, const char **name)
{
	GOptionEntry entries[] = {
	    {"arch", 'a', 0, G_OPTION_ARG_FILENAME, &a->arch, "QEMU target (required)", "A"},
	    {"machine", 'M', 0, G_OPTION_ARG_FILENAME, &a->machine, "Concrete machine type", "M"},
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &a->root,
	     "Prefix every config and search dir with DIR", "DIR"},
	    {"firmware", 0, 0, G_OPTION_ARG_NONE, &a->firmware,
	     "A firmware lookup: no size ceiling", NULL},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &a->json, "One JSON document on stdout", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	int status;

	status =
	    cli_parse(cli, cmd, " NAME --arch A [--machine M]", summary, entries, &argc, &argv);
	if (status >= 0)
		return status;
	if (a->json)
		cli_json_mode(cli, cmd);
	if (argc != 2) {
		cli_error(cli, "%s: %s (see 'romresolve %s --help')", cmd,
			  argc < 2 ? "missing ROM name" : "too many arguments", cmd);
		return CLI_USAGE;
	}
	if (!a->arch) {
		cli_error(cli, "%s: --arch is required", cmd);
		return CLI_USAGE;
	}
	*name = argv[1];
	return -1;
}

/* The lookup as a document: which's and explain's. Unset values are null. */
static void result_to_json(Cli *cli, const char *cmd, const RomresolveResult *r,
			   const LookupArgs *a)
{
	g_autoptr(JsonWriter) b = cli_json_begin(cmd);
	const RomresolveDir *dir = romresolve_result_get_dir(r);
	gboolean found = romresolve_result_is_found(r);

	cli_json_string(b, "name", romresolve_result_get_name(r));
	cli_json_string(b, "arch", a->arch);
	cli_json_string(b, "machine", a->machine);
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
	cli_json_string(b, "file", dir ? romresolve_dir_get_file(dir) : NULL);
	json_writer_set_member_name(b, "line");
	if (dir)
		json_writer_add_int_value(b, romresolve_dir_get_line(dir));
	else
		json_writer_add_null_value(b);
	json_writer_set_member_name(b, "candidates");
	json_writer_begin_array(b);
	for (guint i = 0; i < romresolve_result_get_n_candidates(r); i++) {
		json_writer_begin_object(b);
		cli_json_string(b, "path", romresolve_result_get_candidate_path(r, i));
		cli_json_string(b, "verdict",
				verdicts[romresolve_result_get_candidate_verdict(r, i)]);
		cli_json_string(b, "reason", romresolve_result_get_candidate_reason(r, i));
		json_writer_end_object(b);
	}
	json_writer_end_array(b);
	cli_json_finish(cli, b);
}

int cmd_which(Cli *cli, int argc, char **argv)
{
	g_auto(LookupArgs) a = {0};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;
	const char *name = NULL;
	int status = parse_lookup(cli, "which", "Print the path of the file QEMU would load.", &a,
				  argc, argv, &name);

	if (status >= 0)
		return status;
	ctx = cli_context_new(cli, a.root, &error);
	if (!ctx)
		return cli_fail(cli, error);
	r = romresolve_context_resolve(
	    ctx, name, a.arch, a.machine,
	    a.firmware ? ROMRESOLVE_LOOKUP_FIRMWARE : ROMRESOLVE_LOOKUP_ROM, &error);
	if (!r)
		return cli_fail(cli, error);
	if (a.json)
		result_to_json(cli, "which", r, &a);
	else if (romresolve_result_is_no_rom(r))
		/* No ROM for this machine type (romfile=""): no path to print, not
		 * an error; a note says who decided. */
		cli_error(cli, "%s: no ROM on this machine type (%s)", name,
			  romresolve_result_get_rule(r));
	else
		cli_print_line(cli->out, romresolve_result_get_path(r));
	return CLI_OK;
}

static void explain_text(Cli *cli, RomresolveContext *ctx, const RomresolveResult *r,
			 const LookupArgs *a, const char *name)
{
	cli_out_line(cli, "%s lookup of %s for %s%s%s%s", a->firmware ? "firmware" : "rom", name,
		     a->arch, a->machine ? ", machine " : "", a->machine ? a->machine : "",
		     romresolve_context_is_default(ctx) ? " (embedded default config)" : "");
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
	for (guint i = 0; i < romresolve_result_get_n_candidates(r); i++)
		cli_out_line(cli, "  %s: %s", romresolve_result_get_candidate_path(r, i),
			     romresolve_result_get_candidate_reason(r, i));
	if (romresolve_result_is_stopped(r)) {
		cli_out_line(cli, "result: none: the lookup stops at the last candidate (it exists "
				  "but cannot be used safely; no later dir is searched)");
		return;
	}
	if (!romresolve_result_is_found(r)) {
		cli_out_line(cli, "result: nothing usable");
		return;
	}
	{
		g_autofree char *size = romresolve_size_format(romresolve_result_get_size(r));
		g_autofree char *romsize = romresolve_size_format(romresolve_result_get_romsize(r));
		uint64_t limit = romresolve_result_get_ceiling(r);
		/* Firmware and absolute paths have no ceiling: "none", not "0 bytes". */
		g_autofree char *ceiling = limit ? romresolve_size_format(limit) : g_strdup("none");
		cli_out_line(cli, "result: %s (%s; ceiling %s; ROM BAR %s, %s)",
			     romresolve_result_get_path(r), size, ceiling, romsize,
			     romresolve_result_is_romsize_pinned(r) ? "pinned by rom-size"
								    : "pow2ceil of the size");
	}
}

int cmd_explain(Cli *cli, int argc, char **argv)
{
	g_auto(LookupArgs) a = {0};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;
	const char *name = NULL;
	int status = parse_lookup(cli, "explain",
				  "Show every candidate the lookup touched, with its verdict.", &a,
				  argc, argv, &name);

	if (status >= 0)
		return status;
	ctx = cli_context_new(cli, a.root, &error);
	if (!ctx)
		return cli_fail(cli, error);
	r = romresolve_context_lookup(
	    ctx, name, a.arch, a.machine,
	    a.firmware ? ROMRESOLVE_LOOKUP_FIRMWARE : ROMRESOLVE_LOOKUP_ROM, &error);
	if (!r)
		return cli_fail(cli, error);

	if (a.json)
		result_to_json(cli, "explain", r, &a);
	else
		explain_text(cli, ctx, r, &a, name);
	return romresolve_result_is_found(r) || romresolve_result_is_no_rom(r) ? CLI_OK
									       : CLI_FAILED;
}
