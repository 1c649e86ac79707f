/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-binary cache, writable by the caller only. */
#include "fixture.h"
#include "qemu/cache.h"
#include <sys/stat.h>
#include <unistd.h>

static void test_cache(void **state)
{
	char *root = *state;
	g_autofree char *dir = fixture_path(root, "cache/romresolve");
	g_autofree char *other = fixture_path(root, "other");
	g_autofree char *link = fixture_path(root, "link");
	g_autofree char *key = qemu_cache_key("/bin/sh");
	g_autoptr(QemuCache) c = qemu_cache_open(dir);
	g_autofree char *got = NULL, *file = NULL;

	assert_non_null(key);
	assert_null(qemu_cache_key("/nonexistent/qemu"));
	assert_true(qemu_cache_usable(c));
	qemu_cache_put(c, key, "options", "usb 1\n");
	got = qemu_cache_get(c, key, "options");
	assert_str(got, "usb 1\n");
	/* A file others can write is not read. */
	file = g_strdup_printf("cache/romresolve/%s.options", key);
	fixture_chmod(root, file, 0664);
	assert_null(qemu_cache_get(c, key, "options"));
	fixture_chmod(root, file, 0600);
	g_free(got);
	got = qemu_cache_get(c, key, "options");
	assert_non_null(got);
	qemu_cache_free(g_steal_pointer(&c));

	/* A group-writable dir, a symlinked dir: not used. */
	fixture_chmod(root, "cache/romresolve", 0770);
	c = qemu_cache_open(dir);
	assert_false(qemu_cache_usable(c));
	assert_null(qemu_cache_get(c, key, "options"));
	qemu_cache_put(c, key, "x", "y");
	qemu_cache_free(g_steal_pointer(&c));
	fixture_chmod(root, "cache/romresolve", 0700);
	fixture_mkdir(root, "other");
	assert_int_equal(chmod(other, 0700), 0);
	fixture_symlink(root, other, "link");
	c = qemu_cache_open(link);
	assert_false(qemu_cache_usable(c));
	qemu_cache_free(g_steal_pointer(&c));
	c = qemu_cache_open(NULL);
	assert_false(qemu_cache_usable(c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_cache, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
