/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The romresolve command's core: callable in-process by tests. */
#ifndef ROMRESOLVE_CLI_H
#define ROMRESOLVE_CLI_H

#include "manifest.h"

#include <romresolve.h>
#include "json.h"
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
	/* Set by the commands, not by callers: the command whose JSON document
	 * stdout owes (NULL: text), whether it was printed, the last error line. */
	const char *json_cmd;
	gboolean json_done;
	char *last_error;
	int write_errno; /* why a write to out failed, 0: none seen */
} Cli;

int cli_main(Cli *cli, int argc, char **argv);

/* Print @text and a newline, escaped: control characters (C0, DEL, C1) and
 * bytes that are not UTF-8 as \xNN. Always one line, never a terminal
 * escape, whatever a name, path or manifest string holds. */
void cli_print_line(FILE *f, const char *text);
/* Format one line and print it on cli->out with cli_print_line(). */
G_GNUC_PRINTF(2, 3) void cli_out_line(Cli *cli, const char *fmt, ...);
/* The same escaping, as a new string (without a newline). */
char *cli_escape(const char *text);
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

/* From now on stdout owes one JSON document of @cmd ("which" ...): on
 * failure, cli_main prints {"format": "romresolve-CMD", "version": 1,
 * "error": LAST ERROR LINE} unless the command printed its own. */
void cli_json_mode(Cli *cli, const char *cmd);
/* A builder with the document's object begun, "format" and "version" set. */
JsonWriter *cli_json_begin(const char *cmd);
/* Add @text as a string value, NULL as null. */
void cli_json_string(JsonWriter *b, const char *member, const char *text);
/* Add @value as an integer, 0 as null (an unset size). */
void cli_json_size(JsonWriter *b, const char *member, uint64_t value);
/* Write @text to cli->out, remembering why it failed (the error line says). */
void cli_write(Cli *cli, const char *text);
/* End @b's object and print it as one document with a trailing newline.
 * Strings that are not UTF-8 are escaped (\xNN) so that the
 * document always is. */
void cli_json_finish(Cli *cli, JsonWriter *b);

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
