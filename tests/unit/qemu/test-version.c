/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's version, from its -version. */
#include "fixture.h"
#include "qemu/version.h"

static void test_version(void **state)
{
	g_autofree char *v = NULL, *p = NULL;

	assert_true(qemu_version_parse("QEMU emulator version 7.2.22 (Debian "
				       "1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022\n",
				       &v, &p));
	assert_str(v, "7.2.22");
	assert_str(p, "Debian 1:7.2+dfsg-7+deb12u18+b3");
	g_clear_pointer(&v, g_free);
	g_clear_pointer(&p, g_free);
	/* A build of its own: no package. */
	assert_true(qemu_version_parse("QEMU emulator version 10.0.13\n", &v, &p));
	assert_str(v, "10.0.13");
	assert_null(p);
	g_clear_pointer(&v, g_free);
	assert_false(qemu_version_parse("qemu-img version 7.2.22\n", &v, &p));
	assert_false(qemu_version_parse("QEMU emulator version \n", &v, &p));
	assert_false(qemu_version_parse("QEMU emulator version x\n", &v, &p));
	assert_false(qemu_version_parse("", &v, &p));
	assert_null(v);
	/* A control character in the package: left out. */
	assert_true(qemu_version_parse("QEMU emulator version 8.0 (a\x1b[2Jb)\n", &v, &p));
	assert_str(v, "8.0");
	assert_null(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
