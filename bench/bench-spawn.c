/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-spawn: time whole processes, paired, like a small hyperfine.
 *
 *   bench-spawn [--runs N] [--warmup W] [--stdin FILE] LABEL=COMMAND...
 *
 * Each COMMAND (split like a shell would, without a shell) is run W times
 * unmeasured, then N rounds in which every command runs once, in an order
 * that rotates from round to round. A run is timed from posix_spawn() to
 * wait4(); stdout and stderr go to /dev/null, stdin comes from FILE (default
 * /dev/null), opened anew for each run. Prints, per command, the median, min
 * and 90th percentile wall time and the median user+sys CPU time, and for
 * every command after the first the medians of the paired differences to the
 * first (wall and CPU) and of the paired ratios. Exits 1 when a run does not exit 0: a
 * figure of a failing command means nothing.
 */
#include "bench-util.h"

#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct {
	char *label;
	char **argv;
	double *wall; /* ms, per round */
	double *cpu;
} Command;

static const char *stdin_path = "/dev/null";

/* One run: wall ms, and user+sys ms through *cpu. Exits on failure. */
static double run(const Command *c, double *cpu)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	uint64_t t0;
	pid_t pid;
	int status, err;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, stdin_path, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = bench_now_ns();
	err = posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ);
	if (err == 0 && wait4(pid, &status, 0, &ru) < 0)
		err = errno;
	t0 = bench_now_ns() - t0;
	posix_spawn_file_actions_destroy(&fa);
	if (err || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench-spawn: %s: %s\n", c->label,
			err ? g_strerror(err) : "did not exit 0 (run it by hand to see why)");
		exit(1);
	}
	if (cpu)
		*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return (double)t0 / 1e6;
}

static double percentile(double *v, int n, double p)
{
	bench_median(v, (size_t)n); /* sorts */
	return v[(int)(p * (n - 1) + 0.5)];
}

int main(int argc, char **argv)
{
	g_autoptr(GPtrArray) cmds = g_ptr_array_new();
	int runs = 30, warmup = 3;

	for (int i = 1; i < argc; i++) {
		g_autoptr(GError) error = NULL;
		const char *eq;
		Command *c;

		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
			runs = atoi(argv[++i]);
			continue;
		}
		if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc) {
			warmup = atoi(argv[++i]);
			continue;
		}
		if (strcmp(argv[i], "--stdin") == 0 && i + 1 < argc) {
			stdin_path = argv[++i];
			continue;
		}
		eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i]) {
			fprintf(stderr, "usage: bench-spawn [--runs N] [--warmup W] [--stdin FILE] "
					"LABEL=COMMAND...\n");
			return 2;
		}
		c = g_new0(Command, 1);
		c->label = g_strndup(argv[i], (gsize)(eq - argv[i]));
		if (!g_shell_parse_argv(eq + 1, NULL, &c->argv, &error)) {
			fprintf(stderr, "bench-spawn: %s: %s\n", c->label, error->message);
			return 2;
		}
		g_ptr_array_add(cmds, c);
	}
	if (cmds->len == 0 || runs < 1)
		return 2;

	for (guint k = 0; k < cmds->len; k++) {
		Command *c = cmds->pdata[k];
		c->wall = g_new0(double, (gsize)runs);
		c->cpu = g_new0(double, (gsize)runs);
		for (int w = 0; w < warmup; w++)
			run(c, NULL);
	}
	for (int r = 0; r < runs; r++) {
		for (guint k = 0; k < cmds->len; k++) {
			Command *c = cmds->pdata[(k + (guint)r) % cmds->len];
			c->wall[r] = run(c, &c->cpu[r]);
		}
	}

	printf("%d paired runs per command (rotating order, %d warm-up runs each)\n", runs, warmup);
	printf("%-12s %9s %8s %8s %8s %9s %7s %11s\n", "command", "median ms", "min ms", "p90 ms",
	       "cpu ms", "diff ms", "ratio", "cpu diff ms");
	for (guint k = 0; k < cmds->len; k++) {
		Command *c = cmds->pdata[k], *base = cmds->pdata[0];
		g_autofree double *diff = g_new(double, (gsize)runs);
		g_autofree double *ratio = g_new(double, (gsize)runs);
		g_autofree double *cpu_diff = g_new(double, (gsize)runs);
		g_autofree double *wall = g_memdup2(c->wall, sizeof(double) * (gsize)runs);
		g_autofree double *cpu = g_memdup2(c->cpu, sizeof(double) * (gsize)runs);

		for (int r = 0; r < runs; r++) {
			diff[r] = c->wall[r] - base->wall[r];
			ratio[r] = c->wall[r] / base->wall[r];
			cpu_diff[r] = c->cpu[r] - base->cpu[r];
		}
		printf("%-12s %9.3f %8.3f %8.3f %8.3f", c->label, bench_median(wall, (size_t)runs),
		       wall[0], percentile(wall, runs, 0.9), bench_median(cpu, (size_t)runs));
		if (k == 0)
			printf(" %9s\n", "(base)");
		else
			printf(" %+9.3f %6.2fx %+11.3f\n", bench_median(diff, (size_t)runs),
			       bench_median(ratio, (size_t)runs),
			       bench_median(cpu_diff, (size_t)runs));
	}
	printf("diff, ratio, cpu diff: medians of the per-round differences to and ratios over "
	       "%s;\ncpu: user+sys time of the process (a busy machine inflates it less than "
	       "wall time)\n",
	       ((Command *)cmds->pdata[0])->label);
	return 0;
}
