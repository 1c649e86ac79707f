/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's data dirs, from its -L help, canonical. */
#include "fixture.h"
#include "qemu/datadirs.h"

static void test_datadirs(void **state)
{
	char *root = *state;
	g_autofree char *text = NULL, *joined = NULL, *want = NULL;
	g_auto(GStrv) dirs = NULL;

	/* As stock QEMU prints them: relative to the binary, through a link
	 * (merged /usr: bin -> usr/bin); a dir that does not exist; one twice;
	 * lines that are no absolute path. */
	fixture_mkdir(root, "usr/bin");
	fixture_mkdir(root, "usr/share/qemu");
	fixture_mkdir(root, "usr/lib/ipxe/qemu");
	fixture_symlink(root, "usr/bin", "bin");
	text = g_strdup_printf("%s/bin/../share/qemu\n"
			       "%s/usr/bin/../share/seabios\n"
			       "%s/usr/bin/../lib/ipxe/qemu\n"
			       "%s/usr/share/qemu/\n"
			       "relative/dir\n"
			       "\n"
			       "%s/usr/share/qemu\x01x\n",
			       root, root, root, root, root);
	dirs = qemu_data_dirs_parse(text);
	joined = g_strjoinv(":", dirs);
	want = g_strdup_printf("%s/usr/share/qemu:%s/usr/share/seabios:%s/usr/lib/ipxe/qemu", root,
			       root, root);
	assert_str(joined, want);
	g_strfreev(dirs);
	dirs = qemu_data_dirs_parse("");
	assert_null(dirs[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_datadirs, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
