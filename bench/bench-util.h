/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers shared by the benchmark programs: clocks, medians, temp trees. */
#ifndef ROMRESOLVE_BENCH_UTIL_H
#define ROMRESOLVE_BENCH_UTIL_H

#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CPU time of the calling thread: unlike wall time, it leaves out the
 * time spent waiting for a CPU on a busy machine. */
static inline uint64_t bench_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of @n values; sorts them in place. */
static inline double bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Write @len bytes of an option ROM (0x55 0xAA, then filler) to @path, making
 * its parent dirs. Aborts on failure: a benchmark has no error path. */
static inline void bench_write_rom(const char *path, size_t len)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *data = g_malloc0(len);
	g_autoptr(GError) error = NULL;

	data[0] = 0x55;
	data[1] = (char)0xaa;
	if (g_mkdir_with_parents(dir, 0755) < 0 ||
	    !g_file_set_contents_full(path, data, (gssize)len, G_FILE_SET_CONTENTS_NONE, 0644,
				      &error)) {
		fprintf(stderr, "bench: cannot write %s: %s\n", path,
			error ? error->message : g_strerror(errno));
		exit(1);
	}
}

static inline void bench_write_text(const char *path, const char *text)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autoptr(GError) error = NULL;

	if (g_mkdir_with_parents(dir, 0755) < 0 ||
	    !g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error)) {
		fprintf(stderr, "bench: cannot write %s: %s\n", path,
			error ? error->message : g_strerror(errno));
		exit(1);
	}
}

/* A fresh temp dir (mode 0755, so that check sees no group/other-writable
 * dir), under $TMPDIR or /tmp. */
static inline char *bench_make_root(const char *tmpl)
{
	g_autoptr(GError) error = NULL;
	char *root = g_dir_make_tmp(tmpl, &error);

	if (!root) {
		fprintf(stderr, "bench: %s\n", error->message);
		exit(1);
	}
	g_chmod(root, 0755);
	return root;
}

/* rm -rf @root (only ever a tree this program made). */
static inline void bench_remove_tree(const char *root)
{
	const char *argv[] = {"rm", "-rf", "--one-file-system", root, NULL};

	g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
		     NULL);
}

#endif
