/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cat-config and verify: the config as merged, and drop-ins linted. */
#include "cli.h"

#include <string.h>

static int run_cat_config(Cli *cli, CliArgs *args)
{
	g_autofree char *text = NULL;

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
    CLI_OPTION_END,
};

const CliCommand cli_cmd_cat_config = {
    .name = "cat-config",
    .summary = "show the merged config, each line's origin",
    .description = "Print the merged config, each line with the FILE:LINE it comes from.",
    .options = cat_config_options,
    .args_size = sizeof(CliArgs),
    .flags = CLI_CONTEXT,
    .run = run_cat_config,
};

static int run_verify(Cli *cli, CliArgs *args)
{
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GError) error = NULL;

	ctx = romresolve_context_new_from_files(NULL, (const char *const *)args->operands, &error);
	if (!ctx)
		return cli_fail(cli, error);
	cli_print_problems(cli, ctx);
	return *romresolve_context_get_problems(ctx) ? CLI_FAILED : CLI_OK;
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
