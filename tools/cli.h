/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The romresolve command's core, callable in-process by tests.
 *
 * Each subcommand is a descriptor (CliCommand, as kmod's struct kmod_cmd) in
 * its own cmd-*.c file, listed once in cli.c's table. The descriptor says
 * everything the rest is made from: the option rows (its own and the shared
 * ones below), the operands, the JSON document's format, whether a context is
 * loaded, and the run function. cli.c owns what every command does first:
 * parsing (--help included), the --root checks, loading the context and
 * printing its problems, and the JSON error document on failure. `romresolve
 * --help`, each command's --help and its synopsis come from the descriptors;
 * tests hold the man page, README and the bash completion to them.
 */
#ifndef ROMRESOLVE_CLI_H
#define ROMRESOLVE_CLI_H

#include "facts.h"
#include "manifest.h"

#include <romresolve.h>
#include "json.h"
#include <stddef.h>
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
	/* Set by cli_main, not by callers: the JSON format stdout owes (NULL:
	 * text), whether it was printed, the last error line. */
	const char *json_cmd;
	gboolean json_done;
	char *last_error;
	int write_errno; /* why a write to out failed, 0: none seen */
} Cli;

int cli_main(Cli *cli, int argc, char **argv);

/* ---- commands ---- */

typedef struct CliCommand CliCommand;

/*
 * What cli_main hands a command's run function: the values of the shared
 * option rows (NULL or FALSE when not given, or when the command has no such
 * row), the operands, and the context. A command with options of its own
 * declares a struct that begins with a CliArgs and gives its size
 * (CliCommand.args_size); its rows' offsets are into that struct.
 */
typedef struct {
	const CliCommand *cmd;
	char *root;	 /* --root DIR */
	char *arch;	 /* --arch A (CLI_OPTION_ARCH) */
	char **arches;	 /* --arch A, repeatable (CLI_OPTION_ARCHES) */
	char *machine;	 /* --machine M */
	char **machines; /* --machine M, repeatable */
	char *qemu;	 /* --qemu BINARY */
	gboolean json;	 /* --json */
	gboolean strict; /* --strict: any config problem fails the load (exit 2) */
	/* The operands (NULL-terminated); for CLI_COMMAND_LINE, the command line
	 * after "--". */
	char **operands;
	int n_operands;
	/* The config, loaded for a CLI_CONTEXT command; its problems printed. */
	RomresolveContext *ctx;
	/* CLI_QEMU_FACTS: the QEMU binaries asked (facts.h), and --machine (or,
	 * without it, the binary's default) as the binary of --arch resolves
	 * it: a concrete type, or NULL (none; or as written, with no binary). */
	CliFacts *facts;
	char *machine_type;
	gboolean no_binary; /* --arch has no binary: names as written */
	gboolean noted;	    /* the note saying so is printed */
} CliArgs;

typedef enum {
	CLI_FLAG,   /* no value: a gboolean */
	CLI_VALUE,  /* one value (the last one given): a char * of bytes */
	CLI_VALUES, /* repeatable: a NULL-terminated char **, in the order given */
} CliOptionKind;

typedef struct {
	const char *name;
	char short_name; /* 0: none */
	CliOptionKind kind;
	gboolean required;	/* "CMD: --NAME is required" when absent */
	size_t offset;		/* of the value, in the command's args struct */
	const char *value_name; /* "DIR" (the synopsis and --help); NULL for a flag */
	const char *help;
} CliOption;

/* The shared rows: the same name, value and meaning in every command that
 * has them; the help text is the command's. (One row a line: clang-format
 * would spread each over five.) */
/* clang-format off */
#define CLI_OPTION_ROOT(help) {"root", 0, CLI_VALUE, FALSE, offsetof(CliArgs, root), "DIR", help}
#define CLI_OPTION_ARCH(help, required) \
	{"arch", 'a', CLI_VALUE, required, offsetof(CliArgs, arch), "A", help}
#define CLI_OPTION_ARCHES(help) \
	{"arch", 'a', CLI_VALUES, FALSE, offsetof(CliArgs, arches), "A", help}
#define CLI_OPTION_MACHINE(help) \
	{"machine", 'M', CLI_VALUE, FALSE, offsetof(CliArgs, machine), "M", help}
#define CLI_OPTION_MACHINES(help) \
	{"machine", 'M', CLI_VALUES, FALSE, offsetof(CliArgs, machines), "M", help}
/* The QEMU binary whose facts a command uses (issue 22): a command that
 * takes it lists the row; what it means is the command's. */
#define CLI_OPTION_QEMU(help) {"qemu", 0, CLI_VALUE, FALSE, offsetof(CliArgs, qemu), "BINARY", help}
#define CLI_OPTION_JSON \
	{"json", 0, CLI_FLAG, FALSE, offsetof(CliArgs, json), NULL, "One JSON document on stdout"}
#define CLI_OPTION_STRICT(help) \
	{"strict", 0, CLI_FLAG, FALSE, offsetof(CliArgs, strict), NULL, help}
#define CLI_OPTION_END {NULL, 0, CLI_FLAG, FALSE, 0, NULL, NULL}
/* clang-format on */

typedef enum {
	/* Load the config (under --root, --strict as asked) before run. */
	CLI_CONTEXT = 1 << 0,
	/* stdout always holds one JSON document (manifest): no --json. */
	CLI_JSON_ALWAYS = 1 << 1,
	/* "--" and a command line to run follow the options (exec). */
	CLI_COMMAND_LINE = 1 << 2,
	/* Ask the QEMU binaries (--qemu's, else PATH's qemu-system-ARCH, never
	 * one inside --root) for their facts: --arch's resolves --machine
	 * (CliArgs.machine_type; an unknown name is exit 2) and gives the
	 * context its data dirs (`-L help`); with no --arch, every binary's
	 * dirs (--arch repeated: theirs). No binary: names as written, one
	 * note when a machine type matters, the build's dirs. */
	CLI_QEMU_FACTS = 1 << 3,
} CliCommandFlags;

struct CliCommand {
	const char *name;
	const char *summary;	 /* one line of `romresolve --help` */
	const char *description; /* the sentence under the command's usage */
	/* The synopsis is "romresolve NAME OPERANDS OPTIONS... TRAILER". */
	const char *operands;		/* "NAME", "FILE...", or NULL */
	const char *trailer;		/* "-- qemu-system-ARCH [ARGS...]", or NULL */
	int min_operands, max_operands; /* max -1: any number */
	/* Too few operands: "CMD: MISSING (see 'romresolve CMD --help')". */
	const char *missing;
	const CliOption *options; /* ended by CLI_OPTION_END */
	size_t args_size;	  /* sizeof the args struct: CliArgs, or one that begins with it */
	const char *json;	  /* the document's format is "romresolve-JSON"; NULL: none */
	const char *default_arch; /* --arch (repeatable) when none is given; NULL: none */
	CliCommandFlags flags;
	int (*run)(Cli *cli, CliArgs *args);
};

/* The manifest of this host (cmd-manifest.c), as `manifest` makes it for a
 * command with CLI_QEMU_FACTS: per --arch (else the command's default
 * arch), the machine types its binary has or --machine's as it resolves
 * them, each ROM name (@names, or the device table's and the dirs'); with
 * @stock as stock QEMU would (@stock_path: its dirs, NULL: the binary's).
 * @host NULL: this machine's name. NULL with the error of an unknown
 * machine type or arch. */
Manifest *cli_manifest_build(Cli *cli, CliArgs *args, const char *host, const char *const *names,
			     gboolean stock, const char *stock_path, GError **error);

/* The synopsis, "romresolve which NAME --arch A [--machine M] ...": a new
 * string. */
char *cli_command_synopsis(const CliCommand *cmd);

extern const CliCommand cli_cmd_which, cli_cmd_explain, cli_cmd_list, cli_cmd_check,
    cli_cmd_cat_config, cli_cmd_verify, cli_cmd_manifest, cli_cmd_compare, cli_cmd_facts,
    cli_cmd_exec;

/* The host's baseline (manifest --save, check against it): every target
 * with a QEMU binary (none: the manifest's default arch), every machine type
 * its binary has, every ROM name. */
Manifest *cli_manifest_baseline(Cli *cli, CliArgs *args, const char *host, GError **error);

/* ---- output ---- */

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

/* Load the host's config (or the tree's under @root); each config problem is
 * printed as a warning, "romresolve: FILE:LINE: message". */
RomresolveContext *cli_context_new(Cli *cli, const char *root, GError **error);
/* With @strict any problem fails the load (exit 2); @warn: print them. */
RomresolveContext *cli_context_new_full(Cli *cli, const char *root, gboolean strict, gboolean warn,
					GError **error);
/* The same with QEMU's data dirs as the embedded default's (NULL: the
 * build's firmware path). */
RomresolveContext *cli_context_new_search(Cli *cli, const char *root,
					  const char *const *search_path, gboolean strict,
					  gboolean warn, GError **error);
/* How --arch's binary made args->machine_type: " (the default of BINARY)",
 * " (pc to BINARY)" for an alias, "" otherwise: a new string. */
char *cli_machine_how(const CliArgs *args);
/* Print the note for machine names taken as written on @arch (no binary),
 * once per command (args->noted). */
void cli_note_literal(Cli *cli, CliArgs *args, const char *arch);
/* A machine type matters for @arch under @ctx's config: a [machine] rule or
 * a machine-restricted [dir] applies to @arch. */
gboolean cli_machine_matters(RomresolveContext *ctx, const char *arch);
void cli_print_problems(Cli *cli, const RomresolveContext *ctx);

/* A builder with the document's object begun, "format" (romresolve-@format)
 * and "version" set. */
JsonWriter *cli_json_begin(const char *format);
/* Add @text as a string value, NULL as null. */
void cli_json_string(JsonWriter *b, const char *member, const char *text);
/* Add @value as an integer, 0 as null (an unset size). */
void cli_json_size(JsonWriter *b, const char *member, uint64_t value);
/* Add @value as an integer (0 too). */
void cli_json_uint(JsonWriter *b, const char *member, uint64_t value);
/* Add "PREFIXfile" and "PREFIXline": where a value was written, both null
 * when @file is NULL. */
void cli_json_origin(JsonWriter *b, const char *prefix, const char *file, unsigned line);
/* Write @text to cli->out, remembering why it failed (the error line says). */
void cli_write(Cli *cli, const char *text);
/* End @b's object and print it as one document with a trailing newline.
 * Strings that are not UTF-8 are escaped (\xNN) so that the
 * document always is. */
void cli_json_finish(Cli *cli, JsonWriter *b);
/* Print @text as the document stdout owes (manifest's own writer). */
void cli_json_print(Cli *cli, const char *text);

#endif
