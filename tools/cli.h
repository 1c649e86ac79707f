/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The romresolve command's core: callable in-process by tests. */
#ifndef ROMRESOLVE_CLI_H
#define ROMRESOLVE_CLI_H

#include <romresolve.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

/* Exit statuses, for every command. */
enum {
	CLI_OK = 0,	/* success */
	CLI_FAILED = 1, /* not found, rejected, check findings, incompatible */
	CLI_USAGE = 2,	/* usage or config errors */
};

typedef struct {
	FILE *out;
	FILE *err;
	/* $XDG_CONFIG_HOME (or ~/.config) for an unprivileged caller, else NULL. */
	const char *user_config_home;
	/* Where exec may cache what QEMU says of its machine types, or NULL. */
	const char *cache_dir;
} Cli;

int cli_main(Cli *cli, int argc, char **argv);

/* Print @text and a newline, control characters as \xNN: always one line. */
void cli_print_line(FILE *f, const char *text);
/* Print "romresolve: MESSAGE" on cli->err, as one line. */
G_GNUC_PRINTF(2, 3) void cli_error(Cli *cli, const char *fmt, ...);
/* Print the error and return its exit status. */
int cli_fail(Cli *cli, const GError *error);
/* The exit status for an error from the library. */
int cli_status(const GError *error);

/* Parse options; handles --help. Returns -1 to go on, else an exit status.
 * @usage: " NAME" etc. after the subcommand; @summary: one line. */
int cli_parse(Cli *cli, const char *cmd, const char *usage, const char *summary,
	      GOptionEntry *entries, int *argc, char ***argv);

/* Load the host's config (or the tree's under @root); each config problem is
 * printed as a warning, "romresolve: FILE:LINE: message". */
RomresolveContext *cli_context_new(Cli *cli, const char *root, GError **error);
/* With @strict any problem fails the load (exit 2); @warn: print them. */
RomresolveContext *cli_context_new_full(Cli *cli, const char *root, gboolean strict, gboolean warn,
					GError **error);
void cli_print_problems(Cli *cli, const RomresolveContext *ctx);

/* Write a JSON node as one document with a trailing newline. */
void cli_print_json(Cli *cli, JsonNode *node);

int cmd_which(Cli *cli, int argc, char **argv);
int cmd_explain(Cli *cli, int argc, char **argv);
int cmd_list(Cli *cli, int argc, char **argv);
int cmd_check(Cli *cli, int argc, char **argv);
int cmd_cat_config(Cli *cli, int argc, char **argv);
int cmd_verify(Cli *cli, int argc, char **argv);
int cmd_manifest(Cli *cli, int argc, char **argv);
int cmd_compare(Cli *cli, int argc, char **argv);
int cmd_exec(Cli *cli, int argc, char **argv);

#endif
