/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command's table and what every command does before and after its own
 * work: options, operands, --help, the config, the JSON error document.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>

/* Every command, in the order `romresolve --help` lists them. A new
 * command: its cmd-NAME.c (a CliCommand), a line here, its file in
 * tools/meson.build. */
static const CliCommand *const commands[] = {
    &cli_cmd_which,  &cli_cmd_explain,	&cli_cmd_list,	  &cli_cmd_check, &cli_cmd_cat_config,
    &cli_cmd_verify, &cli_cmd_manifest, &cli_cmd_compare, &cli_cmd_facts, &cli_cmd_exec,
};

char *cli_command_synopsis(const CliCommand *cmd)
{
	GString *s = g_string_new("romresolve ");

	g_string_append(s, cmd->name);
	if (cmd->operands)
		g_string_append_printf(s, " %s", cmd->operands);
	for (const CliOption *o = cmd->options; o->name; o++) {
		const char *dots = o->kind == CLI_VALUES ? "..." : "";

		g_string_append(s, o->required ? " " : " [");
		g_string_append_printf(s, "--%s", o->name);
		if (o->value_name)
			g_string_append_printf(s, " %s%s", o->value_name, dots);
		if (!o->required)
			g_string_append_c(s, ']');
	}
	if (cmd->trailer)
		g_string_append_printf(s, " %s", cmd->trailer);
	return g_string_free(s, FALSE);
}

/* ---- options and operands ---- */

static gboolean has_json_option(const CliCommand *cmd)
{
	for (const CliOption *o = cmd->options; o->name; o++)
		if (o->offset == offsetof(CliArgs, json))
			return TRUE;
	return FALSE;
}

/* The command's rows as GOption entries, writing into @args. */
static GOptionEntry *option_entries(const CliCommand *cmd, CliArgs *args, gboolean *help)
{
	static const GOptionArg arg_of[] = {
	    [CLI_FLAG] = G_OPTION_ARG_NONE,
	    /* Values are bytes: never G_OPTION_ARG_STRING (it converts through
	     * the locale, which the command never sets; see main.c). */
	    [CLI_VALUE] = G_OPTION_ARG_FILENAME,
	    [CLI_VALUES] = G_OPTION_ARG_FILENAME_ARRAY,
	};
	GArray *entries = g_array_new(TRUE, TRUE, sizeof(GOptionEntry));
	GOptionEntry help_entry = {"help", 'h', 0, G_OPTION_ARG_NONE, help, "Show this help", NULL};

	for (const CliOption *o = cmd->options; o->name; o++) {
		GOptionEntry e = {
		    o->name, o->short_name, 0, arg_of[o->kind], (char *)args + o->offset,
		    o->help, o->value_name};
		g_array_append_val(entries, e);
	}
	g_array_append_val(entries, help_entry);
	return (GOptionEntry *)g_array_free(entries, FALSE);
}

/* --help, with the synopsis (made only here and for a usage error: every
 * run would pay for it). */
static void print_help(Cli *cli, const CliCommand *cmd, GOptionEntry *entries)
{
	g_autofree char *synopsis = cli_command_synopsis(cmd);
	g_autoptr(GOptionContext) oc = g_option_context_new(synopsis + strlen("romresolve "));
	g_autofree char *text = NULL;
	const char *from;

	g_option_context_set_help_enabled(oc, FALSE);
	g_option_context_set_summary(oc, cmd->description);
	g_option_context_add_main_entries(oc, entries, NULL);
	text = g_option_context_get_help(oc, TRUE, NULL);
	from = strstr(text, cmd->name);

	/* GOption names the program by g_get_prgname(): say it our way. */
	fputs("Usage:\n  romresolve ", cli->out);
	fputs(from ? from : text, cli->out);
}

/* Too few or too many operands: one line. */
static int count_operands(Cli *cli, const CliCommand *cmd, const CliArgs *args)
{
	const char *name = cmd->name;

	if (args->n_operands < cmd->min_operands) {
		cli_error(cli, "%s: %s (see 'romresolve %s --help')", name, cmd->missing, name);
		return CLI_USAGE;
	}
	if (cmd->max_operands == 0 && args->n_operands > 0) {
		cli_error(cli, "%s: unexpected argument '%s'", name, args->operands[0]);
		return CLI_USAGE;
	}
	if (cmd->max_operands >= 0 && args->n_operands > cmd->max_operands) {
		cli_error(cli, "%s: too many arguments (see 'romresolve %s --help')", name, name);
		return CLI_USAGE;
	}
	return -1;
}

/* A required option missing: one line. */
static int check_required(Cli *cli, const CliCommand *cmd, const CliArgs *args)
{
	for (const CliOption *o = cmd->options; o->name; o++)
		if (o->required && !*(char **)((char *)args + o->offset)) {
			cli_error(cli, "%s: --%s is required", cmd->name, o->name);
			return CLI_USAGE;
		}
	return -1;
}

/*
 * Parse @argv (argv[0] is the command's name) into @args. "--" ends the
 * options: for a CLI_COMMAND_LINE command what follows is the command line;
 * for the others, the words after it are operands, up to as many as the
 * command takes (so that `which -- -x.rom --arch x86_64` looks -x.rom up),
 * and what follows those is read as options again. Returns -1 to go on,
 * else an exit status.
 */
static int parse(Cli *cli, const CliCommand *cmd, CliArgs *args, int argc, char **argv)
{
	g_autoptr(GOptionContext) oc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree GOptionEntry *entries = NULL;
	g_autofree char **words = g_new0(char *, argc + 1); /* what GOption reads */
	g_autoptr(GPtrArray) operands = g_ptr_array_new();
	int dashes, n_words = 0, n_kept = 0;
	gboolean help = FALSE;

	for (dashes = 1; dashes < argc && strcmp(argv[dashes], "--") != 0; dashes++)
		;
	/* Asked for JSON: even a usage error comes as a document. */
	if (cmd->flags & CLI_JSON_ALWAYS)
		cli->json_cmd = cmd->json;
	for (int i = 1; i < dashes && has_json_option(cmd); i++)
		if (strcmp(argv[i], "--json") == 0)
			cli->json_cmd = cmd->json;
	for (int i = 0; i < dashes; i++)
		words[n_words++] = argv[i];
	/* After "--": the operands the command takes, then options again. */
	if (!(cmd->flags & CLI_COMMAND_LINE) && dashes < argc) {
		int room = cmd->max_operands < 0 ? argc : cmd->max_operands;
		n_kept = MIN(room, argc - dashes - 1);
		for (int i = dashes + 1 + n_kept; i < argc; i++)
			words[n_words++] = argv[i];
	}

	oc = g_option_context_new(NULL);
	g_option_context_set_help_enabled(oc, FALSE);
	entries = option_entries(cmd, args, &help);
	g_option_context_add_main_entries(oc, entries, NULL);
	if (!g_option_context_parse(oc, &n_words, &words, &error)) {
		cli_error(cli, "%s: %s (see 'romresolve %s --help')", cmd->name, error->message,
			  cmd->name);
		return CLI_USAGE;
	}
	if (help) {
		cli->json_cmd = NULL;
		print_help(cli, cmd, entries);
		return CLI_OK;
	}
	if (args->json)
		cli->json_cmd = cmd->json;
	/* The operands: those GOption left, then those after "--". */
	for (int i = 1; i < n_words; i++)
		g_ptr_array_add(operands, words[i]);
	if (cmd->flags & CLI_COMMAND_LINE) {
		/* Only options before the command line. */
		if (operands->len > 0 || dashes + 1 >= argc) {
			g_autofree char *synopsis = cli_command_synopsis(cmd);
			cli_error(cli, "%s: usage: %s", cmd->name, synopsis);
			return CLI_USAGE;
		}
		n_kept = argc - dashes - 1;
	}
	for (int i = 0; i < n_kept; i++)
		g_ptr_array_add(operands, argv[dashes + 1 + i]);
	args->n_operands = (int)operands->len;
	g_ptr_array_add(operands, NULL);
	args->operands = (char **)g_ptr_array_free(g_steal_pointer(&operands), FALSE);
	if (!(cmd->flags & CLI_COMMAND_LINE) && count_operands(cli, cmd, args) >= 0)
		return CLI_USAGE;
	return check_required(cli, cmd, args);
}

static void args_free(const CliCommand *cmd, CliArgs *args)
{
	for (const CliOption *o = cmd->options; o->name; o++) {
		gpointer at = (char *)args + o->offset;
		if (o->kind == CLI_VALUE)
			g_free(*(char **)at);
		else if (o->kind == CLI_VALUES)
			g_strfreev(*(char ***)at);
	}
	g_free(args->operands);
	if (args->ctx)
		romresolve_context_unref(args->ctx);
	cli_facts_free(args->facts);
	g_free(args->machine_type);
	g_free(args);
}

/* CLI_QEMU_FACTS: the binaries, --machine as --arch's binary resolves it,
 * and the data dirs the context is loaded with (*@search_path). Returns -1
 * to go on, else an exit status. */
static int qemu_facts(Cli *cli, CliArgs *args, char ***search_path)
{
	g_autoptr(GError) error = NULL;
	gboolean literal = FALSE;
	const char *default_arches[] = {args->cmd->default_arch, NULL};
	const char *const *arches =
	    args->arches ? (const char *const *)args->arches : default_arches;

	args->facts = cli_facts_new(args->qemu, args->root, cli->cache_dir);
	if (args->arch && !romresolve_arch_validate(args->arch, &error))
		return cli_fail(cli, error);
	if (args->arch && !cli_facts_machine(args->facts, args->arch, args->machine,
					     &args->machine_type, &literal, &error))
		return cli_fail(cli, error);
	*search_path = cli_facts_search_path(args->facts, args->arch,
					     args->arch || !arches[0] ? NULL : arches, &error);
	if (error)
		return cli_fail(cli, error);
	/* Said once the config is read: whether a machine type matters. */
	args->no_binary = literal;
	return -1;
}

/* Parse, load the config the command needs, run it. */
static int run_command(Cli *cli, const CliCommand *cmd, int argc, char **argv)
{
	CliArgs *args = g_malloc0(cmd->args_size);
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) search_path = NULL;
	int status;

	g_assert(cmd->args_size >= sizeof(CliArgs));
	args->cmd = cmd;
	status = parse(cli, cmd, args, argc, argv);
	if (status < 0 && (cmd->flags & CLI_QEMU_FACTS))
		status = qemu_facts(cli, args, &search_path);
	if (status < 0 && (cmd->flags & CLI_CONTEXT)) {
		args->ctx = cli_context_new_search(
		    cli, args->root, (const char *const *)search_path, args->strict, TRUE, &error);
		if (!args->ctx)
			status = cli_fail(cli, error);
	}
	/* No binary for --arch: a machine name is taken as written (and no
	 * --machine means none); one note when that matters: the config has
	 * machine rules or machine-restricted dirs for the target. */
	if (status < 0 && args->facts && args->arch && args->no_binary && args->ctx &&
	    cli_machine_matters(args->ctx, args->arch))
		cli_note_literal(cli, args, args->arch);
	if (status < 0)
		status = cmd->run(cli, args);
	args_free(cmd, args);
	return status;
}

/* ---- the command ---- */

/* A command that owed a document and failed before printing one. */
static void json_error(Cli *cli)
{
	g_autoptr(JsonWriter) b = cli_json_begin(cli->json_cmd);

	cli_json_string(b, "error", cli->last_error ? cli->last_error : "failed");
	cli_json_finish(cli, b);
}

/* Output that did not reach its file is no success: one line, exit 2. */
static int check_output(Cli *cli, int status)
{
	int err = 0;

	if (fflush(cli->out) != 0)
		err = errno;
	if (!err && ferror(cli->out))
		err = cli->write_errno ? cli->write_errno : EIO;
	if (!err)
		return status;
	clearerr(cli->out);
	cli_error(cli, "error writing to standard output: %s", g_strerror(err));
	return CLI_USAGE;
}

static void usage(FILE *f)
{
	fputs("Usage: romresolve COMMAND [OPTIONS]\n\n"
	      "Decide which firmware file a qemu-system-* process loads, per target\n"
	      "architecture and machine type, with a size ceiling per directory.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-12s%s\n", commands[i]->name, commands[i]->summary);
	fputs("\nRun 'romresolve COMMAND --help' (or 'romresolve help COMMAND') for a command's\n"
	      "options.\n"
	      "Exit status: 0 success; 1 not found, rejected, findings or incompatible;\n"
	      "2 usage errors (and config problems under --strict).\n",
	      f);
}

static const CliCommand *find_command(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(name, commands[i]->name) == 0)
			return commands[i];
	return NULL;
}

static int run(Cli *cli, int argc, char **argv)
{
	const CliCommand *cmd;

	if (argc < 2) {
		cli_error(cli, "missing command (see 'romresolve --help')");
		return CLI_USAGE;
	}
	/* "help COMMAND" is "COMMAND --help". */
	if (strcmp(argv[1], "help") == 0 && argc > 2) {
		char *help_argv[] = {argv[2], "--help", NULL};
		if ((cmd = find_command(argv[2])))
			return run_command(cli, cmd, 2, help_argv);
		cli_error(cli, "help: unknown command '%s' (see 'romresolve --help')", argv[2]);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(cli->out);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		fprintf(cli->out, "romresolve %s\n", ROMRESOLVE_VERSION);
		return CLI_OK;
	}
	if ((cmd = find_command(argv[1])))
		return run_command(cli, cmd, argc - 1, argv + 1);
	cli_error(cli, "unknown command '%s' (see 'romresolve --help')", argv[1]);
	return CLI_USAGE;
}

int cli_main(Cli *cli, int argc, char **argv)
{
	int status = run(cli, argc, argv);

	if (cli->json_cmd && !cli->json_done)
		json_error(cli);
	status = check_output(cli, status);
	/* Ready for another call (tests run the command in-process). */
	g_clear_pointer(&cli->last_error, g_free);
	cli->json_cmd = NULL;
	cli->json_done = FALSE;
	cli->write_errno = 0;
	return status;
}
