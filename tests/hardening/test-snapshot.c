/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One snapshot: loader threads make contexts while a "package manager"
 * thread updates a drop-in the way dpkg and rpm do, writing the new file
 * beside the old one and renaming it over the old one, again and again.
 *
 * The old drop-in and the new one each send x.rom to a dir of their own
 * (/old or /new); many other drop-ins sit beside it, so that listing the
 * dir takes more than one read of it. Every context must answer from the
 * old config or from the new one: no problem, x.rom found in /old or /new,
 * never "not found" (a load that missed the file being renamed: neither)
 * and never both at once.
 *
 *   test-snapshot [LOADS_PER_THREAD]
 */
#include <romresolve.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_LOADERS 3
#define N_OTHERS  300

static char *root;
static unsigned loads = 400;
static gint stop;     /* atomic: the loaders are done */
static gint failures; /* atomic */
static gint seen[2];  /* atomic: answers from /old, /new */

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "test-snapshot: %s: %s\n", what, detail);
	exit(1);
}

static void write_file(const char *rel, const char *text)
{
	g_autofree char *path = g_build_filename(root, rel, NULL);
	g_autofree char *dir = g_path_get_dirname(path);
	g_autoptr(GError) error = NULL;

	if (g_mkdir_with_parents(dir, 0755) < 0 || !g_file_set_contents(path, text, -1, &error))
		die(path, error ? error->message : "cannot create its dir");
}

/* Write @text as @rel.dpkg-new, then rename it over @rel, as dpkg does. */
static void replace(const char *rel, const char *text)
{
	g_autofree char *path = g_build_filename(root, rel, NULL);
	g_autofree char *tmp = g_strconcat(path, ".dpkg-new", NULL);
	g_autoptr(GError) error = NULL;
	FILE *f = fopen(tmp, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die(tmp, "cannot write");
	if (rename(tmp, path) < 0)
		die(path, "cannot rename");
}

static void *package_manager(void *arg)
{
	const char *rel = arg;
	gboolean flip = FALSE;

	while (!g_atomic_int_get(&stop)) {
		replace(rel, flip ? "[dir /new]\npriority = 1\n" : "[dir /old]\npriority = 1\n");
		flip = !flip;
	}
	return NULL;
}

static void fail(const char *what)
{
	fprintf(stderr, "test-snapshot: %s\n", what);
	g_atomic_int_inc(&failures);
}

static void *loader(void *arg)
{
	const char *const dirs[] = {"/etc/qemu/romresolve.d", "/usr/share/qemu/romresolve.d", NULL};

	for (unsigned i = 0; i < loads && !g_atomic_int_get(&failures); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(RomresolveContext) ctx = romresolve_context_new(root, dirs, &error);
		g_autoptr(RomresolveResult) r = NULL;
		const char *path;

		if (!ctx)
			die("load", error->message);
		if (romresolve_context_get_problems(ctx)[0]) {
			fail(romresolve_problem_get_message(
			    romresolve_context_get_problems(ctx)[0]));
			continue;
		}
		r = romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error);
		if (!r) {
			g_autofree char *msg =
			    g_strdup_printf("neither old nor new: %s", error->message);
			fail(msg);
			continue;
		}
		path = romresolve_result_get_path(r) + strlen(root);
		if (strcmp(path, "/old/x.rom") == 0)
			g_atomic_int_inc(&seen[0]);
		else if (strcmp(path, "/new/x.rom") == 0)
			g_atomic_int_inc(&seen[1]);
		else
			fail(path);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t loaders[N_LOADERS], pm;
	g_autofree char *tmpl = g_build_filename(argc > 2 ? argv[2] : g_get_tmp_dir(),
						 "romresolve-snapshot-XXXXXX", NULL);
	char *pkg = "usr/share/qemu/romresolve.d/50-pkg.conf";

	if (argc > 1)
		loads = (unsigned)atoi(argv[1]);
	root = g_mkdtemp(tmpl);
	if (!root)
		die("mkdtemp", "failed");
	write_file("etc/qemu/romresolve.d/00-default.conf", "");
	for (int i = 0; i < N_OTHERS; i++) {
		g_autofree char *rel = g_strdup_printf(
		    "usr/share/qemu/romresolve.d/%02d-other-%03d.conf", 10 + i % 80, i);
		g_autofree char *text = g_strdup_printf("[dir /other/%03d]\npriority = 60\n", i);
		write_file(rel, text);
	}
	write_file(pkg, "[dir /old]\npriority = 1\n");
	write_file("old/x.rom", "\x55\xaa old");
	write_file("new/x.rom", "\x55\xaa new");

	pthread_create(&pm, NULL, package_manager, pkg);
	for (int i = 0; i < N_LOADERS; i++)
		pthread_create(&loaders[i], NULL, loader, NULL);
	for (int i = 0; i < N_LOADERS; i++)
		pthread_join(loaders[i], NULL);
	g_atomic_int_set(&stop, 1);
	pthread_join(pm, NULL);

	printf("test-snapshot: %u loads: %d from the old config, %d from the new one, %d "
	       "failures\n",
	       N_LOADERS * loads, g_atomic_int_get(&seen[0]), g_atomic_int_get(&seen[1]),
	       g_atomic_int_get(&failures));
	{
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", root);
		if (system(cmd) != 0)
			die("rm", root);
	}
	return g_atomic_int_get(&failures) ? 1 : 0;
}
