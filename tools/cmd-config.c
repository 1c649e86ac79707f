/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cat-config and verify: the config as merged, and drop-ins linted. */
#include "cli.h"

#include <string.h>

static void strv_json(JsonWriter *b, const char *member, const char *const *list)
{
	json_writer_set_member_name(b, member);
	json_writer_begin_array(b);
	for (; *list; list++)
		json_writer_add_string_value(b, *list);
	json_writer_end_array(b);
}

typedef struct {
	JsonWriter *b;
	gboolean in_section; /* a section's object and its "keys" are open */
} Sections;

static void section_end(Sections *s)
{
	if (!s->in_section)
		return;
	json_writer_end_array(s->b);
	json_writer_end_object(s->b);
	s->in_section = FALSE;
}

/* One line of the merged config into the document: a section opens an
 * object (closing the one before), a key adds to its "keys". */
static void line_json(const char *kind, const char *name, const char *key, const char *value,
		      const char *file, unsigned line, gpointer user_data)
{
	Sections *s = user_data;
	JsonWriter *b = s->b;

	if (!key) {
		section_end(s);
		s->in_section = TRUE;
		json_writer_begin_object(b);
		cli_json_string(b, "kind", kind);
		cli_json_string(b, "name", name);
		cli_json_string(b, "file", file);
		cli_json_uint(b, "line", line);
		json_writer_set_member_name(b, "keys");
		json_writer_begin_array(b);
		return;
	}
	json_writer_begin_object(b);
	cli_json_string(b, "key", key);
	cli_json_string(b, "value", value);
	cli_json_string(b, "file", file);
	cli_json_uint(b, "line", line);
	json_writer_end_object(b);
}

static void cat_config_json(Cli *cli, const RomresolveContext *ctx)
{
	g_autoptr(JsonWriter) b = cli_json_begin("cat-config");
	Sections s = {b, FALSE};

	cli_json_string(b, "root", romresolve_context_get_root(ctx));
	strv_json(b, "files", romresolve_context_get_files(ctx));
	strv_json(b, "shadowed", romresolve_context_get_shadowed(ctx));
	json_writer_set_member_name(b, "sections");
	json_writer_begin_array(b);
	romresolve_context_foreach_config_line(ctx, line_json, &s);
	section_end(&s);
	json_writer_end_array(b);
	cli_json_finish(cli, b);
}

static int run_cat_config(Cli *cli, CliArgs *args)
{
	g_autofree char *text = NULL;

	if (args->json) {
		cat_config_json(cli, args->ctx);
		return CLI_OK;
	}

	for (const char *const *f = romresolve_context_get_shadowed(args->ctx); *f; f++) {
		fputs("# not read: ", cli->out);
		cli_print_line(cli->out, *f);
	}
	for (const char *const *f = romresolve_context_get_files(args->ctx); *f; f++) {
		fputs("# read: ", cli->out);
		cli_print_line(cli->out, *f);
	}
	text = romresolve_context_dump_config(args->ctx);
	if (*text)
		fputc('\n', cli->out);
	/* Each line escaped: a value can never forge an output line. */
	for (char *line = text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		cli_print_line(cli->out, line);
	}
	return CLI_OK;
}

static const CliOption cat_config_options[] = {
    CLI_OPTION_ROOT("Read the config of the tree under DIR"),
    CLI_OPTION_JSON,
    CLI_OPTION_END,
};

const CliCommand cli_cmd_cat_config = {
    .name = "cat-config",
    .summary = "show the merged config, each line's origin",
    .description = "Print the merged config, each line with the FILE:LINE it comes from.",
    .options = cat_config_options,
    .args_size = sizeof(CliArgs),
    .json = "cat-config",
    .flags = CLI_CONTEXT,
    .run = run_cat_config,
};

static int run_verify(Cli *cli, CliArgs *args)
{
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GError) error = NULL;

	g_autoptr(GPtrArray) lints = NULL;
	guint n = 0;

	ctx = romresolve_context_new_from_files(NULL, (const char *const *)args->operands, &error);
	if (!ctx)
		return cli_fail(cli, error);
	cli_print_problems(cli, ctx);
	/* What the config alone says besides its problems (printed above): a
	 * rom-size pin over its max-size. */
	lints = romresolve_context_check_full(ctx, ROMRESOLVE_CHECK_CONFIG);
	for (guint i = 0; i < lints->len; i++) {
		const RomresolveFinding *f = lints->pdata[i];

		if (romresolve_finding_get_kind(f) == ROMRESOLVE_FINDING_CONFIG_PROBLEM)
			continue;
		cli_error(cli, "%s", romresolve_finding_get_message(f));
		n++;
	}
	return *romresolve_context_get_problems(ctx) || n ? CLI_FAILED : CLI_OK;
}

static const CliOption no_options[] = {CLI_OPTION_END};

const CliCommand cli_cmd_verify = {
    .name = "verify",
    .summary = "lint drop-in files before they ship",
    .description = "Lint drop-in files: exit 0 when clean, 1 with a FILE:LINE line on stderr for "
		   "each problem.",
    .operands = "FILE...",
    .min_operands = 1,
    .max_operands = -1,
    .missing = "no file given",
    .options = no_options,
    .args_size = sizeof(CliArgs),
    .run = run_verify,
};
