/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dispatch, option parsing and error reporting shared by the subcommands. */
#include "cli.h"

#include "escape.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(Cli *cli, int argc, char **argv);
	const char *summary;
} commands[] = {
    {"which", cmd_which, "print the file QEMU would load for a name"},
    {"explain", cmd_explain, "show every candidate a lookup touched"},
    {"list", cmd_list, "show the effective search path"},
    {"check", cmd_check, "measure every option ROM against its ceiling"},
    {"cat-config", cmd_cat_config, "show the merged config, each line's origin"},
    {"verify", cmd_verify, "lint drop-in files before they ship"},
    {"manifest", cmd_manifest, "record the ROM BAR sizes a guest gets, as JSON"},
    {"compare", cmd_compare, "predict whether guests migrate between two manifests"},
    {"exec", cmd_exec, "run a stock QEMU with every ROM resolved"},
};

char *cli_escape(const char *text)
{
	return escape_text(text, TRUE);
}

void cli_print_line(FILE *f, const char *text)
{
	/* One line each, whatever a name or argument quoted in it holds. */
	g_autofree char *escaped = escape_text(text, TRUE);

	fputs(escaped, f);
	fputc('\n', f);
}

void cli_out_line(Cli *cli, const char *fmt, ...)
{
	g_autofree char *line = NULL;
	va_list ap;

	va_start(ap, fmt);
	line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	cli_print_line(cli->out, line);
}

void cli_error(Cli *cli, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	/* The last line is the one that ends the command (warnings, such as
	 * config problems, come before it). */
	g_free(cli->last_error);
	cli->last_error = g_strdup(msg);
	fputs("romresolve: ", cli->err);
	cli_print_line(cli->err, msg);
}

int cli_status(const GError *error)
{
	if (error->domain == ROMRESOLVE_ERROR &&
	    (error->code == ROMRESOLVE_ERROR_NOT_FOUND ||
	     error->code == ROMRESOLVE_ERROR_REJECTED || error->code == ROMRESOLVE_ERROR_STOPPED))
		return CLI_FAILED;
	return CLI_USAGE;
}

int cli_fail(Cli *cli, const GError *error)
{
	cli_error(cli, "%s", error->message);
	return cli_status(error);
}

int cli_parse(Cli *cli, const char *cmd, const char *usage, const char *summary,
	      GOptionEntry *entries, int *argc, char ***argv)
{
	g_autofree char *param = g_strdup_printf("%s%s", cmd, usage);
	g_autoptr(GOptionContext) oc = g_option_context_new(param);
	g_autoptr(GError) error = NULL;
	gboolean help = FALSE;
	GOptionEntry help_entry[] = {
	    {"help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show this help", NULL},
	    G_OPTION_ENTRY_NULL,
	};

	/* Asked for JSON: even a usage error comes as a document. */
	for (int i = 1; entries && i < *argc && strcmp((*argv)[i], "--") != 0; i++)
		if (strcmp((*argv)[i], "--json") == 0)
			for (GOptionEntry *e = entries; e->long_name; e++)
				if (strcmp(e->long_name, "json") == 0)
					cli_json_mode(cli, cmd);
	g_option_context_set_help_enabled(oc, FALSE);
	g_option_context_set_summary(oc, summary);
	if (entries)
		g_option_context_add_main_entries(oc, entries, NULL);
	g_option_context_add_main_entries(oc, help_entry, NULL);
	/* Values are bytes: no G_OPTION_ARG_STRING (it converts through the
	 * locale, which the command never sets; see main.c). */
	for (GOptionEntry *e = entries; e && e->long_name; e++)
		g_return_val_if_fail(e->arg != G_OPTION_ARG_STRING &&
					 e->arg != G_OPTION_ARG_STRING_ARRAY,
				     CLI_USAGE);
	if (!g_option_context_parse(oc, argc, argv, &error)) {
		cli_error(cli, "%s: %s (see 'romresolve %s --help')", cmd, error->message, cmd);
		return CLI_USAGE;
	}
	/* "--" ends the options (GOption leaves it): a ROM name may begin
	 * with '-'. */
	for (int i = 1; i < *argc; i++) {
		if (strcmp((*argv)[i], "--") == 0) {
			memmove(&(*argv)[i], &(*argv)[i + 1], sizeof(char *) * (size_t)(*argc - i));
			(*argc)--;
			break;
		}
	}
	if (help) {
		g_autofree char *text = g_option_context_get_help(oc, TRUE, NULL);
		cli->json_cmd = NULL;
		/* GOption names the program by g_get_prgname(): say it our way. */
		fputs("Usage:\n  romresolve ", cli->out);
		fputs(strstr(text, cmd) ? strstr(text, cmd) : text, cli->out);
		return CLI_OK;
	}
	return -1;
}

void cli_print_problems(Cli *cli, const RomresolveContext *ctx)
{
	for (const RomresolveProblem *const *p = romresolve_context_get_problems(ctx); *p; p++) {
		if (romresolve_problem_get_line(*p))
			cli_error(cli, "%s:%u: %s", romresolve_problem_get_file(*p),
				  romresolve_problem_get_line(*p),
				  romresolve_problem_get_message(*p));
		else
			cli_error(cli, "%s: %s", romresolve_problem_get_file(*p),
				  romresolve_problem_get_message(*p));
	}
}

RomresolveContext *cli_context_new_full(Cli *cli, const char *root, gboolean strict, gboolean warn,
					GError **error)
{
	g_auto(GStrv) dirs = NULL;
	RomresolveContext *ctx;

	/* Not the real host by accident: the real host is no --root, or "/". */
	if (root && !*root) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "--root: empty path (for the real host, leave --root out)");
		return NULL;
	}
	dirs = romresolve_config_dirs_default(cli->user_config_home);
	ctx = romresolve_context_new_full(root, (const char *const *)dirs, NULL,
					  strict ? ROMRESOLVE_CONTEXT_STRICT : 0, error);
	/* A problem costs its own file, never the host: a warning each. */
	if (ctx && warn)
		cli_print_problems(cli, ctx);
	return ctx;
}

RomresolveContext *cli_context_new(Cli *cli, const char *root, GError **error)
{
	return cli_context_new_full(cli, root, FALSE, TRUE, error);
}

void cli_json_mode(Cli *cli, const char *cmd)
{
	cli->json_cmd = cmd;
}

JsonWriter *cli_json_begin(const char *cmd)
{
	JsonWriter *b = json_writer_new();
	g_autofree char *format = g_strdup_printf("romresolve-%s", cmd);

	json_writer_begin_object(b);
	json_writer_set_member_name(b, "format");
	json_writer_add_string_value(b, format);
	json_writer_set_member_name(b, "version");
	json_writer_add_int_value(b, 1);
	return b;
}

void cli_json_string(JsonWriter *b, const char *member, const char *text)
{
	json_writer_set_member_name(b, member);
	if (text)
		json_writer_add_string_value(b, text);
	else
		json_writer_add_null_value(b);
}

void cli_json_size(JsonWriter *b, const char *member, uint64_t value)
{
	json_writer_set_member_name(b, member);
	if (value)
		json_writer_add_int_value(b, (gint64)value);
	else
		json_writer_add_null_value(b);
}

void cli_write(Cli *cli, const char *text)
{
	if (fputs(text, cli->out) == EOF && !cli->write_errno)
		cli->write_errno = errno ? errno : EIO;
}

void cli_json_finish(Cli *cli, JsonWriter *b)
{
	g_autofree char *text = NULL;

	json_writer_end_object(b);
	text = json_writer_finish(b);
	cli_write(cli, text);
	cli_write(cli, "\n");
	cli->json_done = TRUE;
}

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

static void usage(Cli *cli, FILE *f)
{
	fputs("Usage: romresolve COMMAND [OPTIONS]\n\n"
	      "Decide which firmware file a qemu-system-* process loads, per target\n"
	      "architecture and machine type, with a size ceiling per directory.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-12s%s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'romresolve COMMAND --help' (or 'romresolve help COMMAND') for a command's\n"
	      "options.\n"
	      "Exit status: 0 success; 1 not found, rejected, findings or incompatible;\n"
	      "2 usage errors (and config problems under --strict).\n",
	      f);
	(void)cli;
}

static int run(Cli *cli, int argc, char **argv);

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

static int run(Cli *cli, int argc, char **argv)
{
	if (argc < 2) {
		cli_error(cli, "missing command (see 'romresolve --help')");
		return CLI_USAGE;
	}
	/* "help COMMAND" is "COMMAND --help". */
	if (strcmp(argv[1], "help") == 0 && argc > 2) {
		char *help_argv[] = {argv[2], "--help", NULL};
		for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
			if (strcmp(argv[2], commands[i].name) == 0)
				return commands[i].run(cli, 2, help_argv);
		cli_error(cli, "help: unknown command '%s' (see 'romresolve --help')", argv[2]);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(cli, cli->out);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		fprintf(cli->out, "romresolve %s\n", ROMRESOLVE_VERSION);
		return CLI_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(cli, argc - 1, argv + 1);
	cli_error(cli, "unknown command '%s' (see 'romresolve --help')", argv[1]);
	return CLI_USAGE;
}
