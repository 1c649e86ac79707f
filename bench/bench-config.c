/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-config: config load and drop-in merge at 10 to 10,000 files.
 *
 * Per size, a temp root gets N drop-ins in /usr/share/qemu/romresolve.d, each
 * with a [dir], a [machine] rule with a map and a [device]; every 10th name
 * is overridden by a file of the same name in /etc/qemu/romresolve.d and
 * every 50th is masked there by an empty file. A child process per size
 * loads the context once cold-ish (right after the files were written: the
 * page cache is warm, the dentry cache too), then again until about 0.5 s
 * have gone, and reports the median and least wall time of a load, its
 * median CPU time (what a busy machine inflates less), the growth of the
 * peak RSS over the first load and the heap the loaded context holds
 * (mallinfo2).
 *
 * "read ms" is the median time of the system calls that reading the
 * drop-ins takes, alone: readdir of each config dir, stat of each new *.conf
 * name, then open, fstat, read, close of each file read (as
 * g_file_get_contents does). The rest of a load is parsing and merging, and
 * whatever other system calls the library makes (see bench.py syscalls).
 *
 * Usage: bench-config [N...]          (default: 10 100 1000 10000)
 *        bench-config --make-tree N ROOT  only build the tree of N drop-ins in
 *                                     the existing dir ROOT (bench.py compare)
 *        bench-config --once N        build the tree, load it once to warm
 *                                     up, then once in load_once() between
 *                                     two marker access() calls (for strace,
 *                                     and valgrind --toggle-collect=load_once)
 *        bench-config --once-root ROOT  the same on the tree in ROOT
 *        bench-config --time ROOT     load the tree in ROOT (--make-tree) for
 *                                     about 0.2 s after one warm-up load, and
 *                                     print the loads, the median wall and
 *                                     CPU microseconds of one (bench.py reader)
 */
#include "bench-util.h"
#include "romresolve.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const config_dirs[] = {"/etc/qemu/romresolve.d", "/usr/share/qemu/romresolve.d",
					  NULL};

typedef struct {
	double median_ms;
	double min_ms;
	double cpu_ms;
	double io_ms;
	double first_ms;
	long maxrss_kib; /* growth of the peak RSS over the first load */
	long heap_kib;	 /* heap held by the context */
	int loads;
	int files;
	int shadowed;
} Figures;

static void make_tree(const char *root, int n)
{
	g_autofree char *share = g_build_filename(root, "usr/share/qemu/romresolve.d", NULL);
	g_autofree char *etc = g_build_filename(root, "etc/qemu/romresolve.d", NULL);

	g_mkdir_with_parents(share, 0755);
	g_mkdir_with_parents(etc, 0755);
	for (int i = 0; i < n; i++) {
		g_autofree char *name = g_strdup_printf("%05d-bench.conf", i);
		g_autofree char *path = g_build_filename(share, name, NULL);
		g_autofree char *text =
		    g_strdup_printf("# drop-in %d of the config benchmark\n"
				    "[dir /srv/roms/%05d]\n"
				    "arch = x86_64 aarch64\n"
				    "priority = %d\n"
				    "max-size = 256K   # the x86 ceiling\n"
				    "\n"
				    "[machine rule-%05d]\n"
				    "match = pc-i440fx-* pc-q35-*\n"
				    "until = 2.10\n"
				    "max-size = 256K\n"
				    "map = efi-%05d.rom compat-256k-efi-%05d.rom\n"
				    "\n"
				    "[device dev-%05d]\n"
				    "romfile = efi-%05d.rom\n",
				    i, i, i % 100, i, i, i, i, i);

		bench_write_text(path, text);
		if (i % 50 == 25) {
			g_autofree char *mask = g_build_filename(etc, name, NULL);
			bench_write_text(mask, "");
		} else if (i % 10 == 5) {
			g_autofree char *over = g_build_filename(etc, name, NULL);
			g_autofree char *changed = g_strdup_printf(
			    "[dir /srv/roms/%05d]\npriority = 60\nmax-size = 512K\n", i);
			bench_write_text(over, changed);
		}
	}
}

__attribute__((noinline)) RomresolveContext *load_once(const char *root);
__attribute__((noinline)) RomresolveContext *load_once(const char *root)
{
	g_autoptr(GError) error = NULL;
	RomresolveContext *ctx = romresolve_context_new(root, NULL, &error);

	if (!ctx) {
		fprintf(stderr, "bench-config: %s\n", error->message);
		exit(1);
	}
	return ctx;
}

/* Wall ms of one load; its CPU ms through *cpu_ms. */
static double load_ms(const char *root, RomresolveContext **out, double *cpu_ms)
{
	uint64_t c0 = bench_cpu_ns(), t0 = bench_now_ns();

	*out = load_once(root);
	t0 = bench_now_ns() - t0;
	*cpu_ms = (double)(bench_cpu_ns() - c0) / 1e6;
	return (double)t0 / 1e6;
}

/* The system calls of reading the drop-ins, alone, on the files @ctx read. */
static double io_ms(const char *root, const char *const *files)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	uint64_t t0 = bench_now_ns();
	char buf[4096];

	for (const char *const *d = config_dirs; *d; d++) {
		g_autofree char *dir = g_strconcat(root, *d, NULL);
		DIR *dd = opendir(dir);
		struct dirent *e;

		while (dd && (e = readdir(dd))) {
			char path[PATH_MAX];
			struct stat st;

			if (!g_str_has_suffix(e->d_name, ".conf") ||
			    g_hash_table_contains(seen, e->d_name))
				continue;
			g_hash_table_add(seen, g_strdup(e->d_name));
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			stat(path, &st);
		}
		if (dd)
			closedir(dd);
	}
	for (const char *const *f = files; *f; f++) {
		struct stat st;
		int fd = open(*f, O_RDONLY);

		if (fd < 0)
			continue;
		fstat(fd, &st);
		if (read(fd, buf, sizeof(buf)) < 0)
			exit(1);
		close(fd);
	}
	return (double)(bench_now_ns() - t0) / 1e6;
}

static long maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* In the child: measure, and write the figures down the pipe. */
static void child(const char *root, int fd)
{
	RomresolveContext *ctx;
	Figures f = {0};
	double times[1000], cpu[1000];
	long rss0 = maxrss_kib();
	size_t heap0 = mallinfo2().uordblks;
	uint64_t start;
	const char *const *s;

	f.first_ms = load_ms(root, &ctx, &cpu[0]);
	f.maxrss_kib = maxrss_kib() - rss0;
	f.heap_kib = (long)((mallinfo2().uordblks - heap0) / 1024);
	f.files = (int)g_strv_length((char **)romresolve_context_get_files(ctx));
	for (s = romresolve_context_get_shadowed(ctx); *s; s++)
		f.shadowed++;

	start = bench_now_ns();
	while (f.loads < 5 ||
	       (f.loads < (int)G_N_ELEMENTS(times) && bench_now_ns() - start < 500 * 1000000ull)) {
		RomresolveContext *again;

		times[f.loads] = load_ms(root, &again, &cpu[f.loads]);
		f.loads++;
		romresolve_context_unref(again);
	}
	f.median_ms = bench_median(times, (size_t)f.loads);
	f.min_ms = times[0]; /* sorted */
	f.cpu_ms = bench_median(cpu, (size_t)f.loads);
	for (int i = 0; i < f.loads; i++)
		times[i] = io_ms(root, romresolve_context_get_files(ctx));
	f.io_ms = bench_median(times, (size_t)f.loads);
	romresolve_context_unref(ctx);
	if (write(fd, &f, sizeof(f)) != sizeof(f))
		_exit(1);
	_exit(0);
}

int main(int argc, char **argv)
{
	static const int defaults[] = {10, 100, 1000, 10000};
	int sizes[16], n_sizes = 0;
	double prev_per_file = 0;

	if (argc == 4 && strcmp(argv[1], "--make-tree") == 0) {
		make_tree(argv[3], atoi(argv[2]));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--time") == 0) {
		static double wall[2000], cpu[2000];
		uint64_t start;
		int loads = 0;

		romresolve_context_unref(load_once(argv[2]));
		start = bench_now_ns();
		while (loads < 5 || (loads < (int)G_N_ELEMENTS(wall) &&
				     bench_now_ns() - start < 200 * 1000000ull)) {
			RomresolveContext *ctx;

			wall[loads] = load_ms(argv[2], &ctx, &cpu[loads]) * 1000;
			cpu[loads] *= 1000;
			loads++;
			romresolve_context_unref(ctx);
		}
		printf("%d %.2f %.2f\n", loads, bench_median(wall, (size_t)loads),
		       bench_median(cpu, (size_t)loads));
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--once-root") == 0) {
		romresolve_context_unref(romresolve_context_new(argv[2], NULL, NULL));
		access("/romresolve-bench-mark-begin", F_OK);
		romresolve_context_unref(load_once(argv[2]));
		access("/romresolve-bench-mark-end", F_OK);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--once") == 0) {
		g_autofree char *root = bench_make_root("romresolve-bench-config-XXXXXX");

		make_tree(root, atoi(argv[2]));
		/* warm up outside load_once(): callgrind collects only inside it */
		romresolve_context_unref(romresolve_context_new(root, NULL, NULL));
		access("/romresolve-bench-mark-begin", F_OK);
		romresolve_context_unref(load_once(root));
		access("/romresolve-bench-mark-end", F_OK);
		bench_remove_tree(root);
		return 0;
	}
	for (int i = 1; i < argc && n_sizes < (int)G_N_ELEMENTS(sizes); i++)
		sizes[n_sizes++] = atoi(argv[i]);
	if (n_sizes == 0)
		for (; n_sizes < (int)G_N_ELEMENTS(defaults); n_sizes++)
			sizes[n_sizes] = defaults[n_sizes];

	printf("config load + merge (romresolve_context_new with a temp root), one child per "
	       "size\n");
	printf("%8s %5s %6s %5s %9s %6s %6s %8s %7s %7s %9s %9s\n", "drop-ins", "read", "shadow",
	       "loads", "median ms", "min ms", "cpu ms", "first ms", "read ms", "us/file",
	       "peak RSS", "ctx heap");
	for (int i = 0; i < n_sizes; i++) {
		g_autofree char *root = bench_make_root("romresolve-bench-config-XXXXXX");
		Figures f;
		int fds[2], status;
		pid_t pid;
		double per_file;

		make_tree(root, sizes[i]);
		if (pipe(fds) < 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			child(root, fds[1]);
		}
		close(fds[1]);
		if (read(fds[0], &f, sizeof(f)) != sizeof(f) || waitpid(pid, &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench-config: the child for %d files failed\n", sizes[i]);
			return 1;
		}
		close(fds[0]);
		bench_remove_tree(root);
		per_file = f.median_ms * 1000 / sizes[i];
		printf("%8d %5d %6d %5d %9.2f %6.2f %6.2f %8.2f %7.2f %7.2f %5ld KiB %5ld KiB",
		       sizes[i], f.files, f.shadowed, f.loads, f.median_ms, f.min_ms, f.cpu_ms,
		       f.first_ms, f.io_ms, per_file, f.maxrss_kib, f.heap_kib);
		if (prev_per_file > 0)
			printf("  (us/file x%.2f)", per_file / prev_per_file);
		printf("\n");
		fflush(stdout);
		prev_per_file = per_file;
	}
	printf(
	    "us/file = median ms / drop-ins: flat when the cost grows linearly. peak RSS: growth\n"
	    "over the first load; ctx heap: malloc'd bytes the loaded context holds.\n"
	    "target: 1,000 drop-ins in under 10 ms (median ms)\n");
	return 0;
}
