/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cat-config and verify: the config as merged, and drop-ins linted. */
#include "cli.h"

#include <string.h>

int cmd_cat_config(Cli *cli, int argc, char **argv)
{
	g_autofree char *root = NULL;
	g_autofree char *text = NULL;
	GOptionEntry entries[] = {
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &root, "Read the config of the tree under DIR",
	     "DIR"},
	    G_OPTION_ENTRY_NULL,
	};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GError) error = NULL;
	int status = cli_parse(cli, "cat-config", " [--root DIR]",
			       "Print the merged config, each line with the FILE:LINE it comes "
			       "from.",
			       entries, &argc, &argv);

	if (status >= 0)
		return status;
	if (argc > 1) {
		cli_error(cli, "cat-config: unexpected argument '%s'", argv[1]);
		return CLI_USAGE;
	}
	ctx = cli_context_new(cli, root, &error);
	if (!ctx)
		return cli_fail(cli, error);
	for (const char *const *f = romresolve_context_get_shadowed(ctx); *f; f++) {
		fputs("# not read: ", cli->out);
		cli_print_line(cli->out, *f);
	}
	for (const char *const *f = romresolve_context_get_files(ctx); *f; f++) {
		fputs("# read: ", cli->out);
		cli_print_line(cli->out, *f);
	}
	text = romresolve_context_dump_config(ctx);
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

int cmd_verify(Cli *cli, int argc, char **argv)
{
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GError) error = NULL;
	guint n = 0;
	int status = cli_parse(cli, "verify", " FILE...",
			       "Lint drop-in files: exit 0 when clean, 1 with a FILE:LINE line on "
			       "stderr for each problem.",
			       NULL, &argc, &argv);

	if (status >= 0)
		return status;
	if (argc < 2) {
		cli_error(cli, "verify: no file given (see 'romresolve verify --help')");
		return CLI_USAGE;
	}
	ctx = romresolve_context_new_from_files(NULL, (const char *const *)argv + 1, &error);
	if (!ctx)
		return cli_fail(cli, error);
	cli_print_problems(cli, ctx);
	for (const RomresolveProblem *const *p = romresolve_context_get_problems(ctx); *p; p++)
		n++;
	return n ? CLI_FAILED : CLI_OK;
}
