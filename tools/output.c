/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every command prints: escaped lines, error lines, JSON documents. */
#include "cli.h"

#include "escape.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

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
	return cli_context_new_search(cli, root, NULL, strict, warn, error);
}

RomresolveContext *cli_context_new_search(Cli *cli, const char *root,
					  const char *const *search_path, gboolean strict,
					  gboolean warn, GError **error)
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
	ctx = romresolve_context_new_full(root, (const char *const *)dirs, search_path,
					  strict ? ROMRESOLVE_CONTEXT_STRICT : 0, error);
	/* A problem costs its own file, never the host: a warning each. */
	if (ctx && warn)
		cli_print_problems(cli, ctx);
	return ctx;
}

char *cli_machine_how(const CliArgs *args)
{
	QemuBinary *b = args->facts && args->arch && !args->no_binary
			    ? cli_facts_binary(args->facts, args->arch, NULL)
			    : NULL;

	if (!b || !args->machine_type)
		return g_strdup("");
	if (!args->machine)
		return g_strdup_printf(" (the default of %s)", qemu_binary_get_path(b));
	if (strcmp(args->machine, args->machine_type) != 0)
		return g_strdup_printf(" (%s to %s)", args->machine, qemu_binary_get_path(b));
	return g_strdup("");
}

void cli_note_literal(Cli *cli, CliArgs *args, const char *arch)
{
	g_autofree char *note = NULL;

	if (args->noted)
		return;
	args->noted = TRUE;
	note = cli_facts_literal_note(args->facts, arch);
	cli_error(cli, "%s", note);
}

/* @words (space-separated, "*" every one) has @word. */
static gboolean has_word(const char *words, const char *word)
{
	g_auto(GStrv) list = g_strsplit(words, " ", -1);

	for (char **w = list; *w; w++)
		if (strcmp(*w, "*") == 0 || strcmp(*w, word) == 0)
			return TRUE;
	return FALSE;
}

gboolean cli_machine_matters(RomresolveContext *ctx, const char *arch)
{
	g_autoptr(GPtrArray) rules = romresolve_context_get_rules(ctx, NULL, NULL, NULL);
	g_autoptr(GPtrArray) dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);

	for (guint i = 0; rules && i < rules->len; i++)
		if (has_word(romresolve_rule_get_arch(rules->pdata[i]), arch))
			return TRUE;
	for (guint i = 0; dirs && i < dirs->len; i++)
		if (romresolve_dir_get_machine(dirs->pdata[i]) &&
		    has_word(romresolve_dir_get_arch(dirs->pdata[i]), arch))
			return TRUE;
	return FALSE;
}

RomresolveContext *cli_context_new(Cli *cli, const char *root, GError **error)
{
	return cli_context_new_full(cli, root, FALSE, TRUE, error);
}

JsonWriter *cli_json_begin(const char *format)
{
	JsonWriter *b = json_writer_new();
	g_autofree char *name = g_strdup_printf("romresolve-%s", format);

	json_writer_begin_object(b);
	json_writer_set_member_name(b, "format");
	json_writer_add_string_value(b, name);
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
		json_writer_add_uint_value(b, value);
	else
		json_writer_add_null_value(b);
}

void cli_json_uint(JsonWriter *b, const char *member, uint64_t value)
{
	json_writer_set_member_name(b, member);
	json_writer_add_uint_value(b, value);
}

void cli_json_origin(JsonWriter *b, const char *prefix, const char *file, unsigned line)
{
	g_autofree char *file_member = g_strconcat(prefix, "file", NULL);
	g_autofree char *line_member = g_strconcat(prefix, "line", NULL);

	cli_json_string(b, file_member, file);
	json_writer_set_member_name(b, line_member);
	if (file)
		json_writer_add_uint_value(b, line);
	else
		json_writer_add_null_value(b);
}

void cli_write(Cli *cli, const char *text)
{
	if (fputs(text, cli->out) == EOF && !cli->write_errno)
		cli->write_errno = errno ? errno : EIO;
}

void cli_json_print(Cli *cli, const char *text)
{
	cli_write(cli, text);
	cli_write(cli, "\n");
	cli->json_done = TRUE;
}

void cli_json_finish(Cli *cli, JsonWriter *b)
{
	g_autofree char *text = NULL;

	json_writer_end_object(b);
	text = json_writer_finish(b);
	cli_json_print(cli, text);
}
