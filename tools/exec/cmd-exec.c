/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec: run a stock QEMU so that every ROM-carrying device gets its resolved
 * ROM, however it comes into being (-device, -nic, -net nic, the machine's
 * default devices, device_add): `-global DRIVER.romfile=PATH` (and romsize=
 * where pinned) for every device type of the table that the binary has,
 * inserted right after the binary's name; every argument of the user passes
 * byte for byte. The process is replaced by QEMU, so its exit status and
 * signals are QEMU's own.
 *
 * The command line is read with the binary's own option table (its -help),
 * the device types come from its -device help, the machine aliases from its
 * -machine help, where a -global is used from its -global check: each
 * cached per binary (qemu/binary.h). What is added: exec/globals.h.
 */
#include "cli.h"
#include "exec/globals.h"
#include "exec/scan.h"
#include "qemu/binary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_argv(Cli *cli, char **argv)
{
	for (char **a = argv; *a; a++) {
		g_autofree char *q = g_shell_quote(*a);
		fprintf(cli->out, "%s%s", a == argv ? "" : " ", q);
	}
	fputc('\n', cli->out);
}

/* QEMU's search path for this start: the -L dirs as QEMU takes them
 * (relative to the current directory, which QEMU inherits), then the
 * binary's own (`-L help`), each as the library wants it: absolute,
 * without . or .. (realpath where it exists on this host; under --root,
 * where every search dir is the root's, only in form). */
static char **search_path(QemuBinary *bin, const ExecScan *scan, const char *root, GError **error)
{
	gboolean host = !root || !*root || strcmp(root, "/") == 0;
	g_auto(GStrv) own = qemu_binary_get_data_dirs(bin, error);
	GPtrArray *dirs;

	if (!own)
		return NULL;
	dirs = g_ptr_array_new_null_terminated(scan->data_dirs->len + g_strv_length(own), g_free,
					       TRUE);
	for (guint i = 0; i < scan->data_dirs->len; i++) {
		const char *d = scan->data_dirs->pdata[i];
		char *real = host ? realpath(d, NULL) : NULL;

		g_ptr_array_add(dirs, real ? real : g_canonicalize_filename(d, NULL));
	}
	for (char **d = own; *d; d++)
		g_ptr_array_add(dirs, g_strdup(*d));
	return (char **)g_ptr_array_free(dirs, FALSE);
}

/* The new argv, or NULL with the error. */
static char **rewrite(Cli *cli, const char *root, const char *target, char **argv, char **path_out,
		      GError **error)
{
	g_autofree char *path = g_find_program_in_path(argv[0]);
	g_autofree char *machine = NULL;
	g_autoptr(QemuBinary) bin = NULL;
	g_autoptr(QemuClasses) classes = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) globals = g_ptr_array_new(); /* borrowed from strings */
	g_autoptr(GStringChunk) strings = g_string_chunk_new(4096);
	g_auto(GStrv) names = NULL, dirs = NULL;
	g_auto(ExecScan) scan = {0};
	const QemuOptions *opts;
	const QemuMachines *machines;
	const QemuDevices *devices;
	Cli scoped = *cli;

	if (!path) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s: no such program", argv[0]);
		return NULL;
	}
	if (!(bin = qemu_binary_new(path, cli->cache_dir, error)) ||
	    !(opts = qemu_binary_get_options(bin, error)))
		return NULL;
	while (!exec_scan(argv, opts, &scan))
		if (!qemu_binary_probe_option(bin, scan.unknown->pdata[0], error))
			return NULL;
	if (!(machines = qemu_binary_get_machines(bin, error)))
		return NULL;
	machine = qemu_machines_resolve(machines, scan.machine);
	/* A machine type the binary does not have (or -M help): QEMU prints
	 * its list or refuses; no guest starts, nothing to resolve. */
	if (!machine || !qemu_machines_has(machines, machine)) {
		*path_out = g_steal_pointer(&path);
		return exec_argv_rewrite(argv, NULL);
	}
	if (!(devices = qemu_binary_get_devices(bin, error)))
		return NULL;
	/* -no-user-config: QEMU reads no per-user config; neither do we. */
	if (scan.no_user_config)
		scoped.user_config_home = NULL;
	/* The embedded default's dirs are the ones this QEMU will search, in
	 * its order: the command line's -L dirs, then the binary's own. */
	if (!(dirs = search_path(bin, &scan, root, error)))
		return NULL;
	if (!(ctx = cli_context_new_search(
		  &scoped, root, dirs[0] ? (const char *const *)dirs : NULL, FALSE, TRUE, error)))
		return NULL;
	/* Where a -global is used, or may be: the binary's -global check. */
	names = exec_globals_classes(ctx, devices);
	if (!(classes = qemu_binary_get_classes(bin, (const char *const *)names, error)))
		return NULL;
	if (!exec_globals(ctx, target, machine, devices, classes, &scan, globals, strings, error))
		return NULL;
	*path_out = g_steal_pointer(&path);
	return exec_argv_rewrite(argv, globals);
}

typedef struct {
	CliArgs common;
	gboolean print;
	char *cache_dir;
} ExecArgs;

static int run_exec(Cli *cli, CliArgs *args)
{
	const ExecArgs *a = (const ExecArgs *)args;
	g_autofree char *target = NULL, *path = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char **qemu = NULL; /* one allocation (exec_argv_rewrite) */
	char **argv = args->operands;  /* the QEMU command line */
	Cli scoped;

	target = qemu_target_from_binary(argv[0]);
	if (!target) {
		cli_error(cli,
			  "exec: cannot tell the target from '%s' (expected qemu-system-TARGET)",
			  argv[0]);
		return CLI_USAGE;
	}
	scoped = *cli;
	if (a->cache_dir)
		scoped.cache_dir = a->cache_dir;
	qemu = rewrite(&scoped, args->root, target, argv, &path, &error);
	if (!qemu)
		return cli_fail(cli, error);
	if (a->print) {
		print_argv(cli, qemu);
		return CLI_OK;
	}
	fflush(cli->out);
	fflush(cli->err);
	/* The binary whose option table was read, argv[0] as the user wrote it. */
	execv(path, qemu);
	cli_error(cli, "exec: %s: %s", path, g_strerror(errno));
	return CLI_USAGE;
}

static const CliOption exec_options[] = {
    CLI_OPTION_ROOT("Prefix every config and search dir with DIR"),
    {"print", 0, CLI_FLAG, FALSE, offsetof(ExecArgs, print), NULL,
     "Print the rewritten command line instead of running it"},
    {"cache-dir", 0, CLI_VALUE, FALSE, offsetof(ExecArgs, cache_dir), "DIR",
     "Cache what QEMU says of itself in DIR (yours, not group/other-writable)"},
    CLI_OPTION_END,
};

/* The config is loaded by rewrite(), once it knows the start needs it, and
 * as the QEMU command line says (-no-user-config). */
const CliCommand cli_cmd_exec = {
    .name = "exec",
    .summary = "run a stock QEMU with every ROM resolved",
    .description = "Run QEMU with every ROM-carrying device given its resolved ROM.",
    .trailer = "-- qemu-system-ARCH [ARGS...]",
    .options = exec_options,
    .args_size = sizeof(ExecArgs),
    .flags = CLI_COMMAND_LINE,
    .run = run_exec,
};
