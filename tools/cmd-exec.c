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
 * -machine help: each cached per binary (exec-cache.h).
 */
#include "cli.h"
#include "exec-cache.h"
#include "qemu-args.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	const char *path; /* the binary, as found on PATH */
	char *key;	  /* its cache key */
	ExecCache *cache;
} Binary;

/* Run the binary with @args: its stdout. *@ok: it exited 0. With @err_out,
 * its stderr is handed back and a failure is no error. */
static char *run_binary(Binary *bin, const char *const *args, gboolean *ok, char **err_out,
			GError **error)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree char *out = NULL, *err = NULL;
	int wait_status;

	g_ptr_array_add(argv, (gpointer)bin->path);
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (gpointer)*a);
	g_ptr_array_add(argv, NULL);
	if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
			  &wait_status, error))
		return NULL;
	*ok = g_spawn_check_wait_status(wait_status, NULL);
	if (err_out)
		*err_out = g_steal_pointer(&err);
	else if (!*ok) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s %s failed: %s", bin->path, args[0], g_strstrip(err));
		return NULL;
	}
	if (strlen(out) > QEMU_HELP_MAX) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s %s: more than %d bytes of output", bin->path, args[0],
			    QEMU_HELP_MAX);
		return NULL;
	}
	return g_steal_pointer(&out);
}

/* What the binary prints for @args, from the cache or from a run. */
static char *binary_help(Binary *bin, const char *what, const char *const *args, GError **error)
{
	g_autofree char *text = exec_cache_get(bin->cache, bin->key, what);
	gboolean ok;

	if (text)
		return g_steal_pointer(&text);
	text = run_binary(bin, args, &ok, NULL, error);
	if (text)
		exec_cache_put(bin->cache, bin->key, what, text);
	return g_steal_pointer(&text);
}

/* The device types, from the cache (its own form of them) or from
 * `-device help`. */
static QemuDevices *binary_devices(Binary *bin, GError **error)
{
	static const char *const args[] = {"-device", "help", NULL};
	/* "devices2": older commands keep their "devices" (the help text). */
	static const char what[] = "devices2";
	char *table = exec_cache_get(bin->cache, bin->key, what);
	QemuDevices *devices = table ? qemu_devices_parse_table_owned(table) : NULL;
	g_autofree char *help = NULL;
	gboolean ok;

	if (devices)
		return devices;
	if (!(help = run_binary(bin, args, &ok, NULL, error)))
		return NULL;
	devices = qemu_devices_parse_owned(g_steal_pointer(&help));
	table = qemu_devices_to_table(devices);
	exec_cache_put(bin->cache, bin->key, what, table);
	g_free(table);
	return devices;
}

static QemuOptions *binary_options(Binary *bin, GError **error)
{
	static const char *const args[] = {"-help", NULL};
	g_autofree char *table = exec_cache_get(bin->cache, bin->key, "options");
	g_autofree char *help = NULL;
	QemuOptions *opts = table ? qemu_options_parse_table(table) : NULL;
	gboolean ok;

	if (opts)
		return opts;
	help = run_binary(bin, args, &ok, NULL, error);
	if (!help)
		return NULL;
	opts = qemu_options_parse_help(help);
	if (qemu_options_size(opts) == 0) {
		qemu_options_free(opts);
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s -help lists no options: not a QEMU system emulator?", bin->path);
		return NULL;
	}
	g_free(table);
	table = qemu_options_to_table(opts);
	exec_cache_put(bin->cache, bin->key, "options", table);
	return opts;
}

/* An option -help does not list (-M, -hdb, ...): `BINARY -version -NAME`
 * says whether it takes an argument, without starting anything. */
static gboolean probe_option(Binary *bin, QemuOptions *opts, const char *name, GError **error)
{
	g_autofree char *opt = g_strdup_printf("-%s", name);
	const char *const args[] = {"-version", opt, NULL};
	g_autofree char *out = NULL, *err = NULL, *table = NULL;
	gboolean ok;

	out = run_binary(bin, args, &ok, &err, error);
	if (!out)
		return FALSE;
	qemu_options_set(opts, name, qemu_options_kind_from_probe(ok, err));
	table = qemu_options_to_table(opts);
	exec_cache_put(bin->cache, bin->key, "options", table);
	return TRUE;
}

static void print_argv(Cli *cli, char **argv)
{
	for (char **a = argv; *a; a++) {
		g_autofree char *q = g_shell_quote(*a);
		fprintf(cli->out, "%s%s", a == argv ? "" : " ", q);
	}
	fputc('\n', cli->out);
}

/* The new argv, or NULL with the error. */
static char **rewrite(Cli *cli, const char *root, const char *target, char **argv, char **path_out,
		      GError **error)
{
	g_autofree char *path = g_find_program_in_path(argv[0]);
	g_autofree char *key = path ? exec_cache_key(path) : NULL;
	g_autofree char *machines_help = NULL, *machine = NULL;
	static const char *const machines_args[] = {"-machine", "help", NULL};
	g_autoptr(ExecCache) cache = NULL;
	g_autoptr(QemuOptions) opts = NULL;
	g_autoptr(QemuMachines) machines = NULL;
	g_autoptr(QemuDevices) devices = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) globals = g_ptr_array_new(); /* borrowed from strings */
	g_autoptr(GStringChunk) strings = g_string_chunk_new(4096);
	g_auto(QemuScan) scan = {0};
	Binary bin;
	Cli scoped = *cli;

	if (!path || !key) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s: no such program", argv[0]);
		return NULL;
	}
	cache = exec_cache_open(cli->cache_dir);
	bin = (Binary){path, key, cache};
	if (!(opts = binary_options(&bin, error)))
		return NULL;
	while (!qemu_args_scan(argv, opts, &scan))
		if (!probe_option(&bin, opts, scan.unknown->pdata[0], error))
			return NULL;
	if (!(machines_help = binary_help(&bin, "machines", machines_args, error)))
		return NULL;
	machines = qemu_machines_parse_owned(g_steal_pointer(&machines_help));
	machine = qemu_machine_resolve(scan.machine, machines);
	/* A machine type the binary does not have (or -M help): QEMU prints
	 * its list or refuses; no guest starts, nothing to resolve. */
	if (!machine || !qemu_machines_has(machines, machine)) {
		*path_out = g_steal_pointer(&path);
		return qemu_args_rewrite(argv, NULL);
	}
	if (!(devices = binary_devices(&bin, error)))
		return NULL;
	/* -no-user-config: QEMU reads no per-user config; neither do we. */
	if (scan.no_user_config)
		scoped.user_config_home = NULL;
	if (!(ctx = cli_context_new(&scoped, root, error)))
		return NULL;
	if (!qemu_args_globals(ctx, target, machine, devices, &scan, globals, strings, error))
		return NULL;
	*path_out = g_steal_pointer(&path);
	return qemu_args_rewrite(argv, globals);
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
	g_autofree char **qemu = NULL; /* one allocation (qemu_args_rewrite) */
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
