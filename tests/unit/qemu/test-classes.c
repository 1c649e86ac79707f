/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Device classes as a QEMU binary's -global check sees them. */
#include "fixture.h"
#include "qemu/classes.h"

#include <string.h>

/* What Debian's qemu-system-x86_64 7.2 says (-machine none, one -global
 * each): qxl and the virtio-vga family live in modules a start without
 * them does not load; the display devices cannot be hot-plugged. */
static const char probe_err[] =
    "qemu-system-x86_64: warning: global VGA.romfile=romresolve-probe not used\n"
    "qemu-system-x86_64: warning: global cirrus-vga.romfile=romresolve-probe not used\n"
    "qemu-system-x86_64: warning: global pci-qxl.romfile has invalid class name\n"
    "qemu-system-x86_64: warning: global qxl.romfile has invalid class name\n"
    "qemu-system-x86_64: warning: global virtio-vga-base.romfile has invalid class name\n";

static void test_probe(void **state)
{
	static const char *const names[] = {
	    "VGA",     "cirrus-vga", "pci-qxl", "qxl", "virtio-vga-base",
	    "pci-vga", "e1000",	     "x",	NULL};
	g_autoptr(QemuClasses) c = qemu_classes_parse_probe(names, probe_err);
	g_autoptr(QemuClasses) back = NULL;
	g_autofree char *table = qemu_classes_to_table(c), *again = NULL;
	g_auto(GStrv) args = qemu_classes_probe_args(names);
	g_autofree char *argv = g_strjoinv(" ", args);

	assert_int_equal(qemu_classes_get(c, "VGA"), QEMU_CLASS_FIXED);
	assert_int_equal(qemu_classes_get(c, "cirrus-vga"), QEMU_CLASS_FIXED);
	assert_int_equal(qemu_classes_get(c, "pci-qxl"), QEMU_CLASS_ABSENT);
	assert_int_equal(qemu_classes_get(c, "qxl"), QEMU_CLASS_ABSENT);
	assert_int_equal(qemu_classes_get(c, "virtio-vga-base"), QEMU_CLASS_ABSENT);
	/* Not reported: there, and hot-pluggable. "x" is no prefix match of
	 * "qxl" and the like. */
	assert_int_equal(qemu_classes_get(c, "pci-vga"), QEMU_CLASS_PLUG);
	assert_int_equal(qemu_classes_get(c, "e1000"), QEMU_CLASS_PLUG);
	assert_int_equal(qemu_classes_get(c, "x"), QEMU_CLASS_PLUG);
	assert_int_equal(qemu_classes_get(c, "virtio-vga"), QEMU_CLASS_UNKNOWN);
	/* The cache form reads back. */
	assert_str(table, "VGA 2\ncirrus-vga 2\ne1000 3\npci-qxl 1\npci-vga 3\nqxl 1\n"
			  "virtio-vga-base 1\nx 3\n");
	back = qemu_classes_parse_table(table);
	assert_non_null(back);
	again = qemu_classes_to_table(back);
	assert_str(again, table);
	assert_null(qemu_classes_parse_table("VGA 4\n"));
	assert_null(qemu_classes_parse_table("VGA\n"));
	assert_null(qemu_classes_parse_table("a b 1\n"));
	assert_null(qemu_classes_parse_table(" 1\n"));
	/* The probe: an empty machine, each class a -global, QMP on stdin. */
	assert_true(g_str_has_prefix(argv, "-machine none -nodefaults -no-user-config -S "
					   "-display none -qmp stdio -global "
					   "VGA.romfile=romresolve-probe -global "));
	assert_non_null(strstr(QEMU_CLASSES_PROBE_INPUT, "\"quit\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
