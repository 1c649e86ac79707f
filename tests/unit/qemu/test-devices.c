/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's device types, from its -device help and in the cache form. */
#include "fixture.h"
#include "qemu/devices.h"

static const char device_help[] = "Network devices:\n"
				  "name \"e1000\", bus PCI, alias \"e1000-82540em\", desc \"Intel "
				  "Gigabit Ethernet\"\n"
				  "name \"rtl8139\", bus PCI\n"
				  "name \"virtio-net-pci\", bus PCI, alias \"virtio-net\"\n"
				  "name \"vmxnet3\", bus PCI, desc \"VMWare Paravirtualized\"\n"
				  "\n"
				  "Display devices:\n"
				  "name \"VGA\", bus PCI\n";

static void test_devices(void **state)
{
	g_autoptr(QemuDevices) d = qemu_devices_parse(device_help);
	/* A type listed twice; an alias that is also a type (the type wins);
	 * an alias given twice (the first wins); a name with no end. */
	g_autoptr(QemuDevices) odd = qemu_devices_parse("name \"a\", alias \"b\"\n"
							"name \"b\"\n"
							"name \"c\", alias \"d\"\n"
							"name \"e\", alias \"d\"\n"
							"name \"a\"\n"
							"name \"\", alias \"f\"\n"
							"desc \"g\", alias \"h\"\n"
							"name \"i, alias \"j\"\n"
							"name \"k");

	assert_str(qemu_devices_lookup(d, "e1000"), "e1000");
	assert_str(qemu_devices_lookup(d, "e1000-82540em"), "e1000");
	assert_str(qemu_devices_lookup(d, "virtio-net"), "virtio-net-pci");
	assert_str(qemu_devices_lookup(d, "VGA"), "VGA");
	assert_null(qemu_devices_lookup(d, "Intel Gigabit Ethernet"));
	assert_null(qemu_devices_lookup(d, "e1000\", bus PCI"));
	assert_null(qemu_devices_lookup(d, "e100"));
	assert_null(qemu_devices_lookup(d, ""));
	assert_true(qemu_devices_has_type(d, "vmxnet3"));
	assert_false(qemu_devices_has_type(d, "virtio-net"));
	assert_str(qemu_devices_lookup(odd, "a"), "a");
	assert_str(qemu_devices_lookup(odd, "b"), "b");
	assert_str(qemu_devices_lookup(odd, "d"), "c");
	assert_true(qemu_devices_has_type(odd, "e"));
	assert_null(qemu_devices_lookup(odd, "f"));
	assert_null(qemu_devices_lookup(odd, "h"));
	/* The name ends at its first quote, which also ends the alias key. */
	assert_str(qemu_devices_lookup(odd, "i, alias "), "i, alias ");
	assert_str(qemu_devices_lookup(odd, "j"), "i, alias ");
	assert_null(qemu_devices_lookup(odd, "k"));
	/* The cache form reads back to the same answers, and refuses what it
	 * never writes. */
	{
		g_autofree char *table = qemu_devices_to_table(odd), *again = NULL;
		g_autoptr(QemuDevices) back = qemu_devices_parse_table(table);

		assert_non_null(back);
		again = qemu_devices_to_table(back);
		assert_str(again, table);
		assert_str(table, "romresolve-devices 2\na\nb\nc\ne\ni, alias \n\n"
				  "d\"c\nj\"i, alias \n");
		assert_str(qemu_devices_lookup(back, "d"), "c");
		assert_true(qemu_devices_has_type(back, "e"));
		assert_false(qemu_devices_has_type(back, "d"));
		assert_null(qemu_devices_lookup(back, "f"));
	}
	assert_null(qemu_devices_parse_table("Network devices:\nname \"e1000\"\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\nb\na\n\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\na\n\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\n\nb\"c\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\n\na\"a\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\nb\n\nb\"a\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\n\nb\"a\nb\"a\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\n\nb\"a"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\n\nb\"a\"\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 1\na\n\n"));
	assert_null(qemu_devices_parse_table("romresolve-devices 2\na\n\nd\"a\nc\"a\n"));
	{
		g_autoptr(QemuDevices) two = qemu_devices_parse_table("romresolve-devices 2\na\n\n"
								      "c\"a\nd\"a\n");
		g_autoptr(QemuDevices) empty = qemu_devices_parse_table("romresolve-devices 2\n\n");
		g_autoptr(QemuDevices) real = qemu_devices_parse(device_help);
		g_autofree char *t = qemu_devices_to_table(real);
		g_autoptr(QemuDevices) back = qemu_devices_parse_table(t);

		assert_non_null(two);
		assert_str(qemu_devices_lookup(two, "d"), "a");
		assert_non_null(empty);
		assert_null(qemu_devices_lookup(empty, "a"));
		assert_str(qemu_devices_lookup(back, "e1000-82540em"), "e1000");
		assert_str(qemu_devices_lookup(back, "virtio-net"), "virtio-net-pci");
		assert_true(qemu_devices_has_type(back, "vmxnet3"));
	}
}

/* `-device TYPE,help` of the rom-resize series (10.2's, abridged), of QEMU
 * 7.2 (no such property), and an odd spelling. */
static void test_prop_default(void **state)
{
	static const char with[] = "virtio-net-pci options:\n"
				   "  romfile=<str>\n"
				   "  x-rom-resize=<bool>    - on/off (default: on)\n"
				   "  x-pcie-lnksta-dllla=<bool> - on/off (default: on)\n";
	static const char off[] =
	    "e1000 options:\n  x-rom-resize=<bool>    - on/off (default: off)\n";
	static const char without[] =
	    "virtio-net-pci options:\n  romfile=<str>\n  rombar=<uint32>\n";

	assert_int_equal(qemu_device_prop_default_on(with, "x-rom-resize"), 1);
	assert_int_equal(qemu_device_prop_default_on(off, "x-rom-resize"), 0);
	assert_int_equal(qemu_device_prop_default_on(without, "x-rom-resize"), -1);
	/* A property whose name begins with another's is not it. */
	assert_int_equal(qemu_device_prop_default_on(with, "x-rom"), -1);
	assert_int_equal(qemu_device_prop_default_on("", "x-rom-resize"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_devices),
	    cmocka_unit_test(test_prop_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
