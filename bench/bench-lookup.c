/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-lookup: the cost of one warm lookup, romresolve against QEMU's own.
 *
 * A temp root holds Debian's three firmware dirs (the embedded default's
 * /usr/share/qemu, /usr/share/seabios, /usr/lib/ipxe/qemu); a 64 KiB ROM is in
 * the first dir, another only in the third, a third name is nowhere. Each
 * variant looks each name up over the very same dirs (taken from the context):
 *
 *   resolver      romresolve_context_resolve(kind ROM), the fd closed
 *   res+load      resolver, then the ROM read from the result's fd: the whole
 *                 option-ROM path of a patched QEMU (find, size, load)
 *   qemu-loop     QEMU 10.0 qemu_find_file()'s loop over the data dirs
 *   qemu-find     the whole qemu_find_file(): access(name) in the cwd first
 *   qemu+size     qemu-loop, then QEMU's get_image_size() on the hit (open,
 *                 lseek, close): what pci_add_option_rom() does next to learn
 *                 the size the resolver's result already carries
 *   qemu+load     qemu+size, then QEMU's load_image_size() (open, read,
 *                 close): the loop's share of stock QEMU's option-ROM path
 *   qemu-rom      stock QEMU's whole option-ROM path, as pci_add_option_rom()
 *                 (hw/pci/pci.c, QEMU 10.0 and 10.2) runs it for romfile=:
 *                 the whole qemu_find_file() (access(name) in the cwd first),
 *                 on a miss the bare name in its place, get_image_size(),
 *                 and on a miss the error it returns ("failed to find
 *                 romfile"); on a hit load_image_size()
 *   sys-open      open per dir on ready-made full paths until the hit, fstat
 *                 and close at the hit
 *   sys-openat    the same with openat() on directory fds opened beforehand
 *   sys-access    access per dir on ready-made paths until the hit
 *
 * Ratios: res/loop = resolver / qemu-loop (find only); e2e = res+load /
 * qemu-rom (find, size, load: the option-ROM path of each QEMU); e2e-loop =
 * res+load / qemu+load (the model of earlier runs, which left out
 * qemu_find_file()'s cwd probe and a miss's fallback open and error);
 * floor = min(sys-open, sys-openat) / qemu-loop, the least res/loop can be
 * for a resolver that must open (rather than access) each candidate: QEMU's
 * loop also pays a g_strdup_printf per dir, so the floor is measured against
 * the loop itself, not against bare access() calls.
 *
 * Usage:
 *   bench-lookup [--rounds R] [--ops N]   the table (ns/op, medians of R rounds)
 *   bench-lookup --run VARIANT POSITION N  N lookups between two marker
 *                                         access() calls, for strace (bench.py
 *                                         syscalls) and callgrind
 *                                         (--toggle-collect=run_ops)
 */
#include "bench-util.h"
#include "romresolve.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARK_BEGIN "/romresolve-bench-mark-begin"
#define MARK_END   "/romresolve-bench-mark-end"

enum {
	RESOLVER,
	RES_LOAD,
	QEMU_LOOP,
	QEMU_FIND,
	QEMU_SIZE,
	QEMU_LOAD,
	QEMU_ROM,
	SYS_OPEN,
	SYS_OPENAT,
	SYS_ACCESS,
	N_VARIANTS
};
static const char *const variant_names[] = {
    "resolver",	 "res+load", "qemu-loop", "qemu-find",	"qemu+size",
    "qemu+load", "qemu-rom", "sys-open",  "sys-openat", "sys-access",
};

enum { HIT1, HIT3, MISS, N_POSITIONS };
static const char *const position_names[] = {"hit-dir1", "hit-dir3", "miss"};
static const char *const rom_names[] = {"bench-first.rom", "bench-third.rom", "bench-nowhere.rom"};

static RomresolveContext *ctx;
static const char *data_dir[16]; /* as QEMU keeps them */
static int data_dir_idx;
static char *full_paths[N_POSITIONS][16]; /* data_dir[i]/name, for sys-* */
static int dir_fds[16];			  /* data_dir[i], for sys-openat */
static char load_buf[256 * 1024];	  /* where ROMs are loaded */
static volatile uint64_t sink;

/* QEMU 10.0 system/datadir.c, qemu_find_file(QEMU_FILE_TYPE_BIOS, name), with
 * trace_load_file() (a disabled trace point) left out. */
static char *qemu_find_file_loop(const char *name)
{
	const char *subdir = "";
	char *buf;

	for (int i = 0; i < data_dir_idx; i++) {
		buf = g_strdup_printf("%s/%s%s", data_dir[i], subdir, name);
		if (access(buf, R_OK) == 0)
			return buf;
		g_free(buf);
	}
	return NULL;
}

static char *qemu_find_file(const char *name)
{
	/* Try the name as a straight path first */
	if (access(name, R_OK) == 0)
		return g_strdup(name);
	return qemu_find_file_loop(name);
}

/* hw/core/loader.c */
static int64_t get_image_size(const char *filename)
{
	int fd;
	int64_t size;

	fd = open(filename, O_RDONLY);
	if (fd < 0)
		return -1;
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	return size;
}

/* hw/core/loader.c */
static ssize_t load_image_size(const char *filename, void *addr, size_t size)
{
	int fd;
	ssize_t actsize, l = 0;

	fd = open(filename, O_RDONLY);
	if (fd < 0)
		return -1;
	while ((actsize = read(fd, (char *)addr + l, size - (size_t)l)) > 0)
		l += actsize;
	close(fd);
	return actsize < 0 ? -1 : l;
}

/* hw/pci/pci.c pci_add_option_rom(): find, size, load (Error modelled by a
 * GError: error_setg() builds its message with printf too). */
static void qemu_option_rom(const char *romfile)
{
	char *path = qemu_find_file(romfile);
	int64_t size;

	if (path == NULL)
		path = g_strdup(romfile);
	size = get_image_size(path);
	if (size < 0) {
		GError *error = NULL;
		g_set_error(&error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "failed to find romfile \"%s\"", romfile);
		g_error_free(error);
	} else if (size > 0 && (size_t)size <= sizeof(load_buf)) {
		sink += (uint64_t)load_image_size(path, load_buf, (size_t)size);
	}
	g_free(path);
}

/* What a patched QEMU does with the result: read the ROM from its fd. */
static void load_from_fd(int fd, uint64_t size)
{
	if (size <= sizeof(load_buf) && pread(fd, load_buf, size, 0) == (ssize_t)size)
		sink += (uint8_t)load_buf[0];
}

static void one_op(int variant, int p)
{
	const char *name = rom_names[p];
	char *path;

	switch (variant) {
	case RESOLVER:
	case RES_LOAD: {
		GError *error = NULL;
		RomresolveResult *r = romresolve_context_resolve(ctx, name, "x86_64", NULL,
								 ROMRESOLVE_LOOKUP_ROM, &error);
		if (r) {
			int fd = romresolve_result_steal_fd(r);
			sink += romresolve_result_get_size(r);
			if (variant == RES_LOAD)
				load_from_fd(fd, romresolve_result_get_size(r));
			close(fd);
			romresolve_result_unref(r);
		} else {
			g_error_free(error);
		}
		break;
	}
	case QEMU_LOOP:
	case QEMU_FIND:
	case QEMU_SIZE:
	case QEMU_LOAD:
		path = variant == QEMU_FIND ? qemu_find_file(name) : qemu_find_file_loop(name);
		if (path && variant >= QEMU_SIZE) {
			int64_t size = get_image_size(path);
			sink += (uint64_t)size;
			if (variant == QEMU_LOAD && size > 0 && (size_t)size <= sizeof(load_buf))
				sink += (uint64_t)load_image_size(path, load_buf, (size_t)size);
		}
		sink += path != NULL;
		g_free(path);
		break;
	case QEMU_ROM:
		qemu_option_rom(name);
		break;
	case SYS_OPEN:
	case SYS_OPENAT:
		for (int i = 0; i < data_dir_idx; i++) {
			struct stat st;
			int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
			int fd = variant == SYS_OPEN ? open(full_paths[p][i], flags)
						     : openat(dir_fds[i], name, flags);
			if (fd >= 0) {
				sink += fstat(fd, &st) == 0;
				close(fd);
				break;
			}
		}
		break;
	case SYS_ACCESS:
		for (int i = 0; i < data_dir_idx; i++)
			if (access(full_paths[p][i], R_OK) == 0)
				break;
		break;
	}
}

/* Kept out of line: callgrind collects only inside it (--toggle-collect). */
__attribute__((noinline)) void run_ops(int variant, int p, long n);
__attribute__((noinline)) void run_ops(int variant, int p, long n)
{
	for (long i = 0; i < n; i++)
		one_op(variant, p);
}

static void setup(char **root)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	g_autofree char *first = NULL, *third = NULL, *second_dir = NULL;

	*root = bench_make_root("romresolve-bench-lookup-XXXXXX");
	first = g_build_filename(*root, "usr/share/qemu", rom_names[HIT1], NULL);
	third = g_build_filename(*root, "usr/lib/ipxe/qemu", rom_names[HIT3], NULL);
	bench_write_rom(first, 64 * 1024);
	bench_write_rom(third, 64 * 1024);
	second_dir = g_build_filename(*root, "usr/share/seabios", NULL);
	g_mkdir_with_parents(second_dir, 0755);
	/* No config file under the root: the embedded default (Debian's path). */
	ctx = romresolve_context_new(*root, NULL, &error);
	if (!ctx) {
		fprintf(stderr, "bench-lookup: %s\n", error->message);
		exit(1);
	}
	dirs = romresolve_context_get_dirs(ctx, "x86_64", NULL, &error);
	for (guint i = 0; i < dirs->len && i < G_N_ELEMENTS(data_dir); i++)
		data_dir[data_dir_idx++] = g_strdup(romresolve_dir_get_full_path(dirs->pdata[i]));
	for (int p = 0; p < N_POSITIONS; p++)
		for (int i = 0; i < data_dir_idx; i++)
			full_paths[p][i] = g_strdup_printf("%s/%s", data_dir[i], rom_names[p]);
	for (int i = 0; i < data_dir_idx; i++)
		dir_fds[i] = open(data_dir[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* qemu-find probes the cwd first: make it a dir without ROMs. */
	if (chdir(*root) < 0)
		exit(1);
}

static int lookup_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	fprintf(stderr, "bench-lookup: unknown '%s'\n", name);
	exit(2);
}

static void table(int rounds, long ops)
{
	double ns[N_POSITIONS][N_VARIANTS][rounds];
	double ratio_loop[N_POSITIONS][rounds], ratio_e2e[N_POSITIONS][rounds];
	double ratio_e2e_loop[N_POSITIONS][rounds], ratio_floor[N_POSITIONS][rounds];

	printf("warm lookup, %d dirs (%s ...), %d rounds x %ld lookups per cell, "
	       "interleaved; median ns/op\n",
	       data_dir_idx, data_dir[0], rounds, ops);
	for (int p = 0; p < N_POSITIONS; p++)
		for (int v = 0; v < N_VARIANTS; v++)
			run_ops(v, p, ops / 10); /* warm up */
	for (int r = 0; r < rounds; r++) {
		for (int p = 0; p < N_POSITIONS; p++) {
			for (int k = 0; k < N_VARIANTS; k++) {
				/* rotate the order so no variant always goes first */
				int v = (k + r) % N_VARIANTS;
				uint64_t t0 = bench_now_ns();
				run_ops(v, p, ops);
				ns[p][v][r] = (double)(bench_now_ns() - t0) / (double)ops;
			}
			ratio_loop[p][r] = ns[p][RESOLVER][r] / ns[p][QEMU_LOOP][r];
			ratio_e2e[p][r] = ns[p][RES_LOAD][r] / ns[p][QEMU_ROM][r];
			ratio_e2e_loop[p][r] = ns[p][RES_LOAD][r] / ns[p][QEMU_LOAD][r];
			ratio_floor[p][r] =
			    MIN(ns[p][SYS_OPEN][r], ns[p][SYS_OPENAT][r]) / ns[p][QEMU_LOOP][r];
		}
	}
	printf("%-9s", "position");
	for (int v = 0; v < N_VARIANTS; v++)
		printf(" %10s", variant_names[v]);
	printf(" %9s %9s %9s %9s\n", "res/loop", "e2e", "e2e-loop", "floor");
	for (int p = 0; p < N_POSITIONS; p++) {
		printf("%-9s", position_names[p]);
		for (int v = 0; v < N_VARIANTS; v++)
			printf(" %10.0f", bench_median(ns[p][v], (size_t)rounds));
		printf(" %8.2fx %8.2fx %8.2fx %8.2fx\n",
		       bench_median(ratio_loop[p], (size_t)rounds),
		       bench_median(ratio_e2e[p], (size_t)rounds),
		       bench_median(ratio_e2e_loop[p], (size_t)rounds),
		       bench_median(ratio_floor[p], (size_t)rounds));
	}
	printf("ratios: medians of per-round ratios. res/loop = resolver / qemu-loop "
	       "(target <= 1.2x on a miss);\ne2e = res+load / qemu-rom, find + size + "
	       "load as each QEMU does it (target <= 0.75x at every position);\n"
	       "e2e-loop = res+load / qemu+load, the earlier model (QEMU's loop only);\nfloor = "
	       "min(sys-open, "
	       "sys-openat) / qemu-loop, the least res/loop can be.\n");
}

int main(int argc, char **argv)
{
	g_autofree char *root = NULL;
	int rounds = 11;
	long ops = 10000;

	setup(&root);
	if (argc == 5 && strcmp(argv[1], "--run") == 0) {
		int v = lookup_index(variant_names, N_VARIANTS, argv[2]);
		int p = lookup_index(position_names, N_POSITIONS, argv[3]);
		long n = atol(argv[4]);

		one_op(v, p); /* first-call costs (PLT, malloc) outside */
		access(MARK_BEGIN, F_OK);
		run_ops(v, p, n);
		access(MARK_END, F_OK);
	} else {
		for (int i = 1; i < argc; i++) {
			if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
				rounds = atoi(argv[++i]);
			else if (strcmp(argv[i], "--ops") == 0 && i + 1 < argc)
				ops = atol(argv[++i]);
			else {
				fprintf(stderr, "usage: bench-lookup [--rounds R] [--ops N] | "
						"--run VARIANT POSITION N\n");
				return 2;
			}
		}
		if (rounds < 1 || ops < 10)
			return 2;
		table(rounds, ops);
	}
	romresolve_context_unref(ctx);
	bench_remove_tree(root);
	return 0;
}
