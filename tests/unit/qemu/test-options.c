/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's option table, from its -help and in the cache form. */
#include "fixture.h"
#include "qemu/options.h"

/* Lines of Debian's qemu-system-x86_64 7.2 -help, as printed. */
static const char option_help[] =
    "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"
    "usage: qemu-system-x86_64 [options] [disk_image]\n"
    "\n"
    "Standard options:\n"
    "-h or -help     display this help and exit\n"
    "-version        display version information and exit\n"
    "-machine [type=]name[,prop[=value][,...]]\n"
    "                selects emulated machine ('-machine help' for list)\n"
    "-numa node[,mem=size][,cpus=firstcpu[-lastcpu]][,nodeid=node][,initiator=node]\n"
    "-audio-help     show -audiodev equivalent of the currently specified audio settings\n"
    "-device driver[,prop[=value][,...]]\n"
    "-fda/-fdb file  use 'file' as floppy disk 0/1 image\n"
    "-snapshot       write to temporary files instead of disk image files\n"
    "-usb            enable on-board USB host controller (if not enabled by default)\n"
    "-usbdevice name add the host or guest USB device 'name'\n"
    "-qmp-pretty dev like -qmp but uses pretty JSON formatting\n"
    "--preconfig     pause QEMU before machine is initialized (experimental)\n"
    "-S              freeze CPU at startup (use 'c' to start execution)\n"
    "-nic [tap|bridge|user|l2tpv3|vde|vhost-user|socket][,option][,...][mac=macaddr]\n"
    "-nic none       use it alone to have zero network devices (the default is to\n"
    "-net nic[,macaddr=mac][,model=type][,name=str][,addr=str][,vectors=v]\n"
    "-dtb    file    use 'file' as device tree image\n"
    "-dfilter range,..  filter debug output to range of addresses (useful for -d cpu,exec,etc..)\n"
    "-seed number       seed the pseudo-random number generator\n"
    "-xen-domid-restrict     restrict set of available xen operations\n"
    "-only-migratable     allow only migratable devices\n"
    "-no-user-config\n"
    "-async-teardown enable asynchronous teardown\n"
    "-enable-sync-profile\n"
    "-append cmdline use 'cmdline' as kernel command line\n"
    "-global driver.property=value\n"
    "-chardev help\n"
    "During emulation, the following keys are useful:\n"
    "ctrl-alt-f      toggle full screen\n";

static void test_options_from_help(void **state)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	static const char *const flags[] = {"h",
					    "help",
					    "version",
					    "audio-help",
					    "snapshot",
					    "usb",
					    "preconfig",
					    "S",
					    "xen-domid-restrict",
					    "only-migratable",
					    "no-user-config",
					    "async-teardown",
					    "enable-sync-profile",
					    NULL};
	static const char *const args[] = {
	    "machine", "numa", "device",  "fda",  "fdb",    "usbdevice", "qmp-pretty", "nic",
	    "net",     "dtb",  "dfilter", "seed", "append", "global",	 "chardev",    NULL};

	for (const char *const *f = flags; *f; f++) {
		print_message("flag %s\n", *f);
		assert_int_equal(qemu_options_get(o, *f), QEMU_OPTION_FLAG);
	}
	for (const char *const *a = args; *a; a++) {
		print_message("arg %s\n", *a);
		assert_int_equal(qemu_options_get(o, *a), QEMU_OPTION_ARG);
	}
	/* Not listed by -help: probed. Nor are the key lines of the footer. */
	assert_int_equal(qemu_options_get(o, "M"), QEMU_OPTION_UNKNOWN);
	assert_int_equal(qemu_options_get(o, "ctrl-alt-f"), QEMU_OPTION_UNKNOWN);
	assert_int_equal(qemu_options_size(o), G_N_ELEMENTS(flags) + G_N_ELEMENTS(args) - 2);
}

static void test_options_table(void **state)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	g_autoptr(QemuOptions) back = NULL;
	g_autofree char *table = NULL, *again = NULL;

	qemu_options_set(o, "M", QEMU_OPTION_ARG);
	qemu_options_set(o, "bogus", QEMU_OPTION_INVALID);
	table = qemu_options_to_table(o);
	assert_true(g_str_has_prefix(table, "M 2\nS 1\n"));
	back = qemu_options_parse_table(table);
	assert_non_null(back);
	again = qemu_options_to_table(back);
	assert_str(again, table);
	assert_null(qemu_options_parse_table("usb 1\nM 4\n"));
	assert_null(qemu_options_parse_table("usb\n"));
	assert_null(qemu_options_parse_table("a b 1\n"));
	assert_int_equal(qemu_options_kind_from_probe(FALSE, "qemu: -M: requires an argument\n"),
			 QEMU_OPTION_ARG);
	assert_int_equal(qemu_options_kind_from_probe(TRUE, ""), QEMU_OPTION_FLAG);
	assert_int_equal(qemu_options_kind_from_probe(FALSE, "qemu: -x: invalid option\n"),
			 QEMU_OPTION_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_options_from_help),
	    cmocka_unit_test(test_options_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
