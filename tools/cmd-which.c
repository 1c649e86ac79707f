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
static int parse_lookup(Cli *cli, const char *cmd, const char *summary, gboolean with_json,
			LookupArgs *a, int argc, char **argv, const char **name)
{
	GOptionEntry entries[] = {
	    {"arch", 'a', 0, G_OPTION_ARG_STRING, &a->arch, "QEMU target (required)", "A"},
	    {"machine", 'M', 0, G_OPTION_ARG_STRING, &a->machine, "Concrete machine type", "M"},
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &a->root,
	     "Prefix every config and search dir with DIR", "DIR"},
	    {"firmware", 0, 0, G_OPTION_ARG_NONE, &a->firmware,
	     "A firmware lookup: no size ceiling", NULL},
	    {"json", 0, 0, G_OPTION_ARG_NONE, &a->json, "One JSON document on stdout", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	int status;

	if (!with_json)
		entries[4] = (GOptionEntry)G_OPTION_ENTRY_NULL;
	status =
	    cli_parse(cli, cmd, " NAME --arch A [--machine M]", summary, entries, &argc, &argv);
	if (status >= 0)
		return status;
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

static JsonNode *result_to_json(const RomresolveResult *r)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	const RomresolveDir *dir = romresolve_result_get_dir(r);
	gboolean found = romresolve_result_is_found(r);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, romresolve_result_get_name(r));
	json_builder_set_member_name(b, "path");
	if (found)
		json_builder_add_string_value(b, romresolve_result_get_path(r));
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "compat_name");
	if (romresolve_result_get_compat_name(r))
		json_builder_add_string_value(b, romresolve_result_get_compat_name(r));
	else
		json_builder_add_null_value(b);
	if (romresolve_result_is_no_rom(r)) {
		json_builder_set_member_name(b, "no_rom");
		json_builder_add_boolean_value(b, TRUE);
		json_builder_set_member_name(b, "romsize");
		json_builder_add_int_value(b, 0);
		json_builder_set_member_name(b, "ramblock");
		json_builder_add_int_value(b, 0);
		json_builder_set_member_name(b, "rule");
		json_builder_add_string_value(b, romresolve_result_get_rule(r));
	}
	if (found) {
		json_builder_set_member_name(b, "size");
		json_builder_add_int_value(b, (gint64)romresolve_result_get_size(r));
		json_builder_set_member_name(b, "romsize");
		json_builder_add_int_value(b, (gint64)romresolve_result_get_romsize(r));
		json_builder_set_member_name(b, "romsize_pinned");
		json_builder_add_boolean_value(b, romresolve_result_is_romsize_pinned(r));
		json_builder_set_member_name(b, "ramblock");
		json_builder_add_int_value(b, (gint64)romresolve_result_get_ramblock(r));
		json_builder_set_member_name(b, "ceiling");
		json_builder_add_int_value(b, (gint64)romresolve_result_get_ceiling(r));
		json_builder_set_member_name(b, "absolute");
		json_builder_add_boolean_value(b, romresolve_result_is_absolute(r));
	}
	if (dir) {
		json_builder_set_member_name(b, "dir");
		json_builder_add_string_value(b, romresolve_dir_get_path(dir));
		json_builder_set_member_name(b, "file");
		json_builder_add_string_value(b, romresolve_dir_get_file(dir));
		json_builder_set_member_name(b, "line");
		json_builder_add_int_value(b, romresolve_dir_get_line(dir));
	}
	json_builder_set_member_name(b, "candidates");
	json_builder_begin_array(b);
	for (guint i = 0; i < romresolve_result_get_n_candidates(r); i++) {
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "path");
		json_builder_add_string_value(b, romresolve_result_get_candidate_path(r, i));
		json_builder_set_member_name(b, "verdict");
		json_builder_add_string_value(
		    b, verdicts[romresolve_result_get_candidate_verdict(r, i)]);
		json_builder_set_member_name(b, "reason");
		json_builder_add_string_value(b, romresolve_result_get_candidate_reason(r, i));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

int cmd_which(Cli *cli, int argc, char **argv)
{
	g_auto(LookupArgs) a = {0};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;
	const char *name = NULL;
	int status = parse_lookup(cli, "which", "Print the path of the file QEMU would load.", TRUE,
				  &a, argc, argv, &name);

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
	if (a.json) {
		g_autoptr(JsonNode) node = result_to_json(r);
		cli_print_json(cli, node);
	} else if (romresolve_result_is_no_rom(r)) {
		/* Guests get no ROM: no path to print (QEMU's romfile=""). */
		cli_error(cli, "%s: no ROM on this machine type (%s)", name,
			  romresolve_result_get_rule(r));
	} else {
		fprintf(cli->out, "%s\n", romresolve_result_get_path(r));
	}
	return CLI_OK;
}

int cmd_explain(Cli *cli, int argc, char **argv)
{
	g_auto(LookupArgs) a = {0};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;
	const char *name = NULL;
	int status = parse_lookup(cli, "explain",
				  "Show every candidate the lookup touched, with its verdict.",
				  FALSE, &a, argc, argv, &name);

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

	fprintf(cli->out, "%s lookup of %s for %s%s%s%s\n", a.firmware ? "firmware" : "rom", name,
		a.arch, a.machine ? ", machine " : "", a.machine ? a.machine : "",
		romresolve_context_is_default(ctx) ? " (embedded default config)" : "");
	if (romresolve_result_get_compat_name(r))
		fprintf(cli->out, "  rule %s maps it to %s\n", romresolve_result_get_rule(r),
			romresolve_result_get_compat_name(r));
	if (romresolve_result_is_no_rom(r)) {
		fprintf(cli->out, "result: no ROM (romsize 0), by %s\n",
			romresolve_result_get_rule(r));
		return CLI_OK;
	}
	if (romresolve_result_get_n_candidates(r) == 0)
		fprintf(cli->out, "  no search directory applies\n");
	for (guint i = 0; i < romresolve_result_get_n_candidates(r); i++)
		fprintf(cli->out, "  %s: %s\n", romresolve_result_get_candidate_path(r, i),
			romresolve_result_get_candidate_reason(r, i));
	if (!romresolve_result_is_found(r)) {
		fprintf(cli->out, "result: nothing usable\n");
		return CLI_FAILED;
	}
	{
		g_autofree char *size = romresolve_size_format(romresolve_result_get_size(r));
		g_autofree char *romsize = romresolve_size_format(romresolve_result_get_romsize(r));
		g_autofree char *ceiling =
		    a.firmware ? g_strdup("none")
			       : romresolve_size_format(romresolve_result_get_ceiling(r));
		fprintf(cli->out, "result: %s (%s; ceiling %s; ROM BAR %s, %s)\n",
			romresolve_result_get_path(r), size, ceiling, romsize,
			romresolve_result_is_romsize_pinned(r) ? "pinned by rom-size"
							       : "pow2ceil of the size");
	}
	return CLI_OK;
}
