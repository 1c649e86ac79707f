/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exec: a QEMU command line read with the binary's own option table. */
#include "exec/scan.h"
#include "fixture.h"

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

static void test_scan(void **state)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	g_auto(ExecScan) s = {0};
	/* -usb takes no argument: the -device after it is an option. A value
	 * `help` is just a value. The -append value is not an option. */
	char *const a[] = {"qemu-system-x86_64",
			   "-usb",
			   "-device",
			   "e1000",
			   "-chardev",
			   "help",
			   "-append",
			   "-device rtl8139",
			   "disk.img",
			   "--machine",
			   "q35,accel=tcg",
			   "-nic",
			   "user,model=virtio",
			   "-net",
			   "nic,model=rtl8139,model=e1000",
			   "-net",
			   "user,model=vmxnet3",
			   "-no-user-config",
			   "-device",
			   "{\"driver\":\"vmxnet3\"}",
			   NULL};
	char *const b[] = {"qemu-system-x86_64", "-M", "pc", "-device", "e1000", NULL};
	char *const c[] = {"qemu-system-x86_64", "-S", "-machine", NULL};

	assert_true(exec_scan(a, o, &s));
	assert_str(s.machine, "q35");
	assert_true(s.no_user_config);
	assert_int_equal(s.devices->len, 2);
	assert_str(s.devices->pdata[0], "e1000");
	assert_str(s.devices->pdata[1], "{\"driver\":\"vmxnet3\"}");
	assert_int_equal(s.nic_models->len, 2);
	assert_str(s.nic_models->pdata[0], "virtio-net-pci");
	assert_str(s.nic_models->pdata[1], "e1000");
	/* -M is not in -help: the scan stops for a probe, then goes on. */
	assert_false(exec_scan(b, o, &s));
	assert_str(s.unknown->pdata[0], "M");
	qemu_options_set(o, "M", QEMU_OPTION_ARG);
	assert_true(exec_scan(b, o, &s));
	assert_str(s.machine, "pc");
	assert_false(s.no_user_config);
	assert_int_equal(s.devices->len, 1);
	/* A trailing option without its argument: QEMU refuses it. */
	assert_true(exec_scan(c, o, &s));
	assert_null(s.machine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
