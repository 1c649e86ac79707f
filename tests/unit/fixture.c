/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fixture.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* One case of a test program, through meson too:
 * ROMRESOLVE_CASE=test_sizes meson test -C build config. Every unit test
 * program holds this object (link_whole), whether or not it uses a fixture. */
__attribute__((constructor)) static void case_from_environment(void)
{
	const char *pattern = g_getenv("ROMRESOLVE_CASE");

	if (pattern && *pattern)
		cmocka_set_test_filter(pattern);
}

char *fixture_new(void)
{
	g_autoptr(GError) error = NULL;
	char *root;

	/* Modes matter: ROMs writable by group or others are refused. */
	umask(022);
	root = g_dir_make_tmp("romresolve-test-XXXXXX", &error);

	assert_non_null(root);
	return root;
}

static void remove_tree(const char *path)
{
	g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
	const char *name;

	if (d) {
		while ((name = g_dir_read_name(d))) {
			g_autofree char *child = g_build_filename(path, name, NULL);
			if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
			    !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
				remove_tree(child);
			else
				g_unlink(child);
		}
	}
	g_rmdir(path);
}

void fixture_free(char *root)
{
	if (!root)
		return;
	remove_tree(root);
	g_free(root);
}

char *fixture_path(const char *root, const char *rel)
{
	return g_build_filename(root, rel, NULL);
}

static void make_parent(const char *path)
{
	g_autofree char *dir = g_path_get_dirname(path);

	assert_int_equal(g_mkdir_with_parents(dir, 0755), 0);
}

void fixture_write(const char *root, const char *rel, const char *text)
{
	g_autofree char *path = fixture_path(root, rel);

	make_parent(path);
	assert_true(g_file_set_contents(path, text, -1, NULL));
}

void fixture_file(const char *root, const char *rel, gsize size, gboolean rom)
{
	g_autofree char *path = fixture_path(root, rel);
	g_autofree char *data = g_malloc0(size ? size : 1);

	if (rom && size >= 2) {
		data[0] = 0x55;
		data[1] = (char)0xaa;
	}
	make_parent(path);
	assert_true(g_file_set_contents(path, data, (gssize)size, NULL));
	g_chmod(path, 0644);
}

RomresolveContext *fixture_context(const char *root)
{
	g_autoptr(GError) error = NULL;
	RomresolveContext *ctx = romresolve_context_new(root, NULL, &error);

	if (!ctx)
		fail_msg("loading %s: %s", root, error->message);
	if (romresolve_context_get_problems(ctx)[0]) {
		const RomresolveProblem *p = romresolve_context_get_problems(ctx)[0];
		fail_msg("loading %s: %s:%u: %s", root, romresolve_problem_get_file(p),
			 romresolve_problem_get_line(p), romresolve_problem_get_message(p));
	}
	return ctx;
}

RomresolveContext *fixture_context_from(const char *root, const char *text, GError **error)
{
	return romresolve_context_new_from_data(root, "test.conf", text, strlen(text), error);
}

char *fixture_which(RomresolveContext *ctx, const char *name, const char *arch, const char *machine)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveResult) r =
	    romresolve_context_resolve(ctx, name, arch, machine, ROMRESOLVE_LOOKUP_ROM, &error);
	const char *root = romresolve_context_get_root(ctx);
	const char *path;

	if (!r)
		fail_msg("resolving %s: %s", name, error->message);
	path = romresolve_result_get_path(r);
	assert_true(g_str_has_prefix(path, root));
	return g_strdup(path + strlen(root));
}

void fixture_chmod(const char *root, const char *rel, unsigned mode)
{
	g_autofree char *path = fixture_path(root, rel);

	assert_int_equal(chmod(path, mode), 0);
}

void fixture_unlink(const char *root, const char *rel)
{
	g_autofree char *path = fixture_path(root, rel);

	assert_int_equal(unlink(path), 0);
}

void fixture_mkdir(const char *root, const char *rel)
{
	g_autofree char *path = fixture_path(root, rel);

	assert_int_equal(g_mkdir_with_parents(path, 0755), 0);
}

void fixture_symlink(const char *root, const char *target, const char *rel)
{
	g_autofree char *path = fixture_path(root, rel);

	assert_int_equal(symlink(target, path), 0);
}

void fixture_mask_default(const char *root)
{
	fixture_write(root, "etc/qemu/romresolve.d/00-default.conf", "");
}

void fixture_device_roms(const char *root, const char *rel)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx =
	    romresolve_context_new_from_data("/", "none", "", 0, &error);

	for (const char *const *dev = romresolve_context_get_devices(ctx); *dev; dev++) {
		const char *romfile = romresolve_context_get_device_romfile(ctx, *dev, NULL, NULL);
		g_autofree char *path = g_build_filename(rel, romfile, NULL);
		fixture_file(root, path, 4096, TRUE);
	}
}

int fixture_setup(void **state)
{
	*state = fixture_new();
	return 0;
}

int fixture_teardown(void **state)
{
	fixture_free(*state);
	*state = NULL;
	return 0;
}
