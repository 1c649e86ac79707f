/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec: run a stock QEMU with every ROM-carrying -device given an explicit
 * romfile=<resolved path>,romsize=<romsize>. The process is replaced by QEMU,
 * so its exit status and signals are QEMU's own.
 */
#include "cli.h"
#include "qemu-args.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What `QEMU -machine help` prints, cached per binary (path, inode, size,
 * mtime) so that a start costs no extra QEMU once the cache is warm. */
static char *machine_help(Cli *cli, const char *binary, GError **error)
{
	g_autofree char *path = g_find_program_in_path(binary);
	g_autofree char *key = NULL, *cache = NULL, *out = NULL, *err_text = NULL;
	const char *args[] = {NULL, "-machine", "help", NULL};
	struct stat st;
	int wait_status;

	if (!path || stat(path, &st) < 0) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s: no such program", binary);
		return NULL;
	}
	key = g_strdup_printf("%s:%lu:%lld:%lld.%09ld", path, (unsigned long)st.st_ino,
			      (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			      st.st_mtim.tv_nsec);
	if (cli->cache_dir) {
		g_autofree char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
		g_autofree char *base = g_strdup_printf("machines-%.16s.txt", sum);
		cache = g_build_filename(cli->cache_dir, base, NULL);
		if (g_file_get_contents(cache, &out, NULL, NULL))
			return g_steal_pointer(&out);
	}
	args[0] = path;
	if (!g_spawn_sync(NULL, (char **)args, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err_text,
			  &wait_status, error))
		return NULL;
	if (!g_spawn_check_wait_status(wait_status, NULL)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s -machine help failed: %s", path, g_strstrip(err_text));
		return NULL;
	}
	/* A cache that cannot be written costs one QEMU run per start: no error. */
	if (cache && g_mkdir_with_parents(cli->cache_dir, 0700) == 0)
		g_file_set_contents(cache, out, -1, NULL);
	return g_steal_pointer(&out);
}

static void print_argv(Cli *cli, char **argv)
{
	for (char **a = argv; *a; a++) {
		g_autofree char *q = g_shell_quote(*a);
		fprintf(cli->out, "%s%s", a == argv ? "" : " ", q);
	}
	fputc('\n', cli->out);
}

int cmd_exec(Cli *cli, int argc, char **argv)
{
	g_autofree char *root = NULL, *target = NULL, *help = NULL;
	gboolean print = FALSE;
	GOptionEntry entries[] = {
	    {"root", 0, 0, G_OPTION_ARG_FILENAME, &root,
	     "Prefix every config and search dir with DIR", "DIR"},
	    {"print", 0, 0, G_OPTION_ARG_NONE, &print,
	     "Print the rewritten command line instead of running it", NULL},
	    G_OPTION_ENTRY_NULL,
	};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(QemuMachines) machines = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) qemu = NULL;
	int dashes, before, status;

	for (dashes = 1; dashes < argc && strcmp(argv[dashes], "--") != 0; dashes++)
		;
	/* GOption parses (and NULLs out) only what comes before "--". */
	before = dashes;
	status = cli_parse(cli, "exec", " [--root DIR] -- qemu-system-ARCH ARGS...",
			   "Run QEMU with every ROM-carrying -device given its resolved romfile.",
			   entries, &dashes, &argv);
	if (status >= 0)
		return status;
	if (dashes != 1 || argc - before < 2) {
		cli_error(cli,
			  "exec: usage: romresolve exec [--root DIR] -- qemu-system-ARCH ARGS...");
		return CLI_USAGE;
	}
	argv += before + 1; /* the command name and its options, then "--" */
	target = qemu_target_from_binary(argv[0]);
	if (!target) {
		cli_error(cli,
			  "exec: cannot tell the target from '%s' (expected qemu-system-TARGET)",
			  argv[0]);
		return CLI_USAGE;
	}
	ctx = cli_context_new(cli, root, &error);
	if (!ctx)
		return cli_fail(cli, error);
	help = machine_help(cli, argv[0], &error);
	if (!help)
		return cli_fail(cli, error);
	machines = qemu_machines_parse(help);
	qemu = qemu_args_rewrite(ctx, argv, target, machines, &error);
	if (!qemu)
		return cli_fail(cli, error);
	if (print) {
		print_argv(cli, qemu);
		return CLI_OK;
	}
	fflush(cli->out);
	fflush(cli->err);
	execvp(qemu[0], qemu);
	cli_error(cli, "exec: %s: %s", qemu[0], g_strerror(errno));
	return CLI_USAGE;
}
