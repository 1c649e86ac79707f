/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exec: reading a QEMU command line with the binary's own tables, the
 * -global arguments it adds, and its per-binary cache. */
#include "exec-cache.h"
#include "fixture.h"
#include "qemu-args.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define K 1024

static const char machine_help[] =
    "Supported machines are:\n"
    "microvm              microvm (i386)\n"
    "pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)\n"
    "pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)\n"
    "pc-i440fx-2.6        Standard PC (i440FX + PIIX, 1996)\n"
    "q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)\n"
    "pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)\n"
    "none                 empty machine\n";

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

static const char device_help[] = "Network devices:\n"
				  "name \"e1000\", bus PCI, alias \"e1000-82540em\", desc \"Intel "
				  "Gigabit Ethernet\"\n"
				  "name \"rtl8139\", bus PCI\n"
				  "name \"virtio-net-pci\", bus PCI, alias \"virtio-net\"\n"
				  "name \"vmxnet3\", bus PCI, desc \"VMWare Paravirtualized\"\n"
				  "\n"
				  "Display devices:\n"
				  "name \"VGA\", bus PCI\n";

static void test_target_from_binary(void **state)
{
	g_autofree char *a = qemu_target_from_binary("/usr/bin/qemu-system-x86_64");
	g_autofree char *b = qemu_target_from_binary("qemu-system-aarch64");

	assert_str(a, "x86_64");
	assert_str(b, "aarch64");
	assert_null(qemu_target_from_binary("qemu-x86_64"));
	assert_null(qemu_target_from_binary("qemu-system-amd64"));
	assert_null(qemu_target_from_binary("/bin/true"));
}

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

static void test_scan(void **state)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	g_auto(QemuScan) s = {0};
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

	assert_true(qemu_args_scan(a, o, &s));
	assert_str(s.machine, "q35");
	assert_true(s.no_user_config);
	assert_int_equal(s.devices->len, 2);
	assert_str(s.devices->pdata[0], "e1000");
	assert_str(s.devices->pdata[1], "{\"driver\":\"vmxnet3\"}");
	assert_int_equal(s.nic_models->len, 2);
	assert_str(s.nic_models->pdata[0], "virtio-net-pci");
	assert_str(s.nic_models->pdata[1], "e1000");
	/* -M is not in -help: the scan stops for a probe, then goes on. */
	assert_false(qemu_args_scan(b, o, &s));
	assert_str(s.unknown->pdata[0], "M");
	qemu_options_set(o, "M", QEMU_OPTION_ARG);
	assert_true(qemu_args_scan(b, o, &s));
	assert_str(s.machine, "pc");
	assert_false(s.no_user_config);
	assert_int_equal(s.devices->len, 1);
	/* A trailing option without its argument: QEMU refuses it. */
	assert_true(qemu_args_scan(c, o, &s));
	assert_null(s.machine);
}

static void test_machines(void **state)
{
	g_autoptr(QemuMachines) m = qemu_machines_parse(machine_help);
	g_autofree char *a = qemu_machine_resolve(NULL, m);
	g_autofree char *b = qemu_machine_resolve("q35", m);
	g_autofree char *c = qemu_machine_resolve("pc-i440fx-2.6", m);

	g_autofree char *dflt = qemu_machines_default(m);
	g_autoptr(QemuMachines) odd =
	    qemu_machines_parse("Supported machines are:\n"
				"\tnot-a-type\n"
				"x (alias of a)\n"
				"x                    again (alias of b)\n"
				"y (default)\n"
				"z (default)\n"
				"q35                  no alias\n");
	g_autofree char *x = qemu_machine_resolve("x", odd);
	g_autofree char *y = qemu_machine_resolve(NULL, odd);
	g_autofree char *q = qemu_machine_resolve("q35", odd);

	assert_str(dflt, "pc-i440fx-7.2");
	assert_true(qemu_machines_has(m, "none"));
	assert_true(qemu_machines_has(m, "pc"));
	assert_false(qemu_machines_has(m, "Supported"));
	assert_false(qemu_machines_has(m, "pc-i440fx"));
	assert_false(qemu_machines_has(m, "pc "));
	assert_false(qemu_machines_has(m, ""));
	/* The last alias line of a name wins; the first default. */
	assert_str(x, "b");
	assert_str(y, "y");
	assert_str(q, "q35");
	assert_false(qemu_machines_has(odd, "not-a-type"));
	assert_null(qemu_machines_alias(m, "none"));
	assert_str(a, "pc-i440fx-7.2");
	assert_str(b, "pc-q35-7.2");
	assert_str(c, "pc-i440fx-2.6");
	assert_null(qemu_machine_from_option("accel=tcg"));
	assert_null(qemu_machine_from_option("accel=tcg,type="));
	g_free(a);
	a = qemu_machine_from_option("accel=tcg,type=pc");
	assert_str(a, "pc");
}

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

static void test_device_parse(void **state)
{
	g_auto(QemuDevice) kv = {0};
	g_auto(QemuDevice) drv = {0};
	g_auto(QemuDevice) json = {0};
	g_autoptr(GError) error = NULL;
	g_autofree char *deep = NULL, *long_value = NULL;
	g_autofree char *lb = g_strnfill(40, '['), *rb = g_strnfill(40, ']');
	QemuDevice bad;

	assert_true(qemu_device_parse("e1000,id=n0,romsize=65536", &kv, NULL));
	assert_str(kv.driver, "e1000");
	assert_false(kv.json);
	assert_false(kv.has_romfile);
	assert_true(kv.has_romsize);
	assert_true(qemu_device_parse("id=x,driver=virtio-net-pci,romfile=", &drv, NULL));
	assert_str(drv.driver, "virtio-net-pci");
	assert_true(drv.has_romfile);
	assert_true(
	    qemu_device_parse("{\"driver\": \"e1000\", \"romfile\": \"a.rom\"}", &json, NULL));
	assert_true(json.json);
	assert_true(json.has_romfile);
	assert_false(qemu_device_parse("{\"id\": 1}", &bad, &error));
	assert_str(error->message, "-device '{\"id\": 1}': no \"driver\" string");
	g_clear_error(&error);
	assert_false(qemu_device_parse(",id=x", &bad, &error));
	assert_str(error->message, "-device ',id=x': no driver");
	g_clear_error(&error);
	/* Bounds: nesting and length. */
	deep = g_strdup_printf("{\"driver\":\"e1000\",\"x\":%s1%s}", lb, rb);
	assert_false(qemu_device_parse(deep, &bad, &error));
	assert_str(error->message, "-device: JSON nested deeper than 32");
	g_clear_error(&error);
	long_value = g_strnfill(QEMU_DEVICE_MAX + 1, 'a');
	assert_false(qemu_device_parse(long_value, &bad, &error));
}

static char *joined_globals(RomresolveContext *ctx, const char *machine, char *const *argv,
			    GError **error)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	g_autoptr(QemuDevices) d = qemu_devices_parse(device_help);
	g_autoptr(GPtrArray) g = g_ptr_array_new();
	g_autoptr(GStringChunk) strings = g_string_chunk_new(256);
	g_auto(QemuScan) s = {0};
	g_autofree char **out = NULL;

	assert_true(qemu_args_scan(argv, o, &s));
	if (!qemu_args_globals(ctx, "x86_64", machine, d, &s, g, strings, error))
		return NULL;
	out = qemu_args_rewrite(argv, g);
	return g_strjoinv(" ", out);
}

static void test_globals(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *a = NULL, *b = NULL, *c = NULL, *want = NULL;
	/* JSON passes byte for byte: no re-serialising. */
	char *const argv[] = {"qemu-system-x86_64",
			      "-device",
			      "{\"driver\":\"e1000\",\"x\":18446744073709551615,\"y\":1e400}",
			      "-device",
			      "rtl8139,romfile=/mine.rom",
			      "-global",
			      "e1000.romfile=/user.rom",
			      NULL};
	char *const named[] = {"qemu-system-x86_64", "-nic", "user,model=rtl8139", NULL};
	char *const json[] = {"qemu-system-x86_64", "-device", "{\"driver\":\"rtl8139\"}", NULL};

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50.conf",
		      "[dir /roms]\npriority = 10\n"
		      "[machine old]\nmatch = pc-i440fx-*\nuntil = 2.10\nrom-size = 256K\n"
		      "map = efi-virtio.rom compat.rom\n"
		      /* The device table's entries, whichever way it comes. */
		      "[device e1000]\nromfile = efi-e1000.rom\n"
		      "[device rtl8139]\nromfile = efi-rtl8139.rom\n"
		      "[device vmxnet3]\nromfile = efi-vmxnet3.rom\n"
		      "[device virtio-net-pci]\nromfile = efi-virtio.rom\n"
		      "[device VGA]\nromfile = vgabios-stdvga.bin\n");
	fixture_file(root, "roms/efi-e1000.rom", 100 * K, TRUE);
	fixture_file(root, "roms/efi-virtio.rom", 150 * K, TRUE);
	fixture_file(root, "roms/compat.rom", 200 * K, TRUE);
	fixture_file(root, "roms/efi-vmxnet3.rom", 10 * K, TRUE);
	fixture_file(root, "roms/vgabios-stdvga.bin", 30 * K, TRUE);
	ctx = fixture_context(root);

	/* pc-i440fx-7.2: rtl8139's ROM is missing, so it gets a romfile that
	 * cannot exist and says why; the user's romfile on the -device and
	 * the user's -global still win in QEMU (they come later). */
	a = joined_globals(ctx, "pc-i440fx-7.2", argv, &error);
	assert_non_null(a);
	want = g_strdup_printf(
	    "qemu-system-x86_64"
	    " -global e1000.romfile=%s/roms/efi-e1000.rom"
	    " -global rtl8139.romfile=/dev/null/romresolve found no usable efi-rtl8139.rom for "
	    "x86_64, machine pc-i440fx-7.2 (see: romresolve explain efi-rtl8139.rom --arch "
	    "x86_64 --machine pc-i440fx-7.2)"
	    " -global vmxnet3.romfile=%s/roms/efi-vmxnet3.rom"
	    " -global virtio-net-pci.romfile=%s/roms/efi-virtio.rom"
	    " -global pci-vga.romfile=%s/roms/vgabios-stdvga.bin"
	    " -device {\"driver\":\"e1000\",\"x\":18446744073709551615,\"y\":1e400}"
	    " -device rtl8139,romfile=/mine.rom -global e1000.romfile=/user.rom",
	    root, root, root, root);
	assert_str(a, want);

	/* pc-i440fx-2.6: vmxnet3 has no ROM (QEMU's compat property stays),
	 * virtio gets the compat ROM with the pinned romsize. */
	b = joined_globals(ctx, "pc-i440fx-2.6", argv, &error);
	assert_non_null(b);
	assert_null(strstr(b, "vmxnet3"));
	g_free(want);
	want = g_strdup_printf(" -global virtio-net-pci.romfile=%s/roms/compat.rom"
			       " -global virtio-net-pci.romsize=262144 ",
			       root);
	assert_non_null(strstr(b, want));

	/* A device the command line names whose ROM does not resolve: the
	 * start stops, whichever way it is named. */
	assert_null(joined_globals(ctx, "pc-i440fx-7.2", named, &error));
	assert_true(
	    g_str_has_prefix(error->message, "NIC model rtl8139: efi-rtl8139.rom not found"));
	g_clear_error(&error);
	assert_null(joined_globals(ctx, "pc-i440fx-7.2", json, &error));
	assert_true(g_str_has_prefix(error->message, "-device rtl8139: efi-rtl8139.rom not found"));
	(void)c;
}

static const char vga_help[] = "Display devices:\n"
			       "name \"VGA\", bus PCI\n"
			       "name \"secondary-vga\", bus PCI\n"
			       "name \"qxl-vga\", bus PCI\n"
			       "name \"qxl\", bus PCI\n"
			       "name \"virtio-vga\", bus PCI\n"
			       "name \"virtio-vga-gl\", bus PCI\n"
			       "name \"cirrus-vga\", bus PCI\n";

static char *vga_globals(RomresolveContext *ctx, char *const *argv)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	g_autoptr(QemuDevices) d = qemu_devices_parse(vga_help);
	g_autoptr(GPtrArray) g = g_ptr_array_new_null_terminated(0, NULL, TRUE);
	g_autoptr(GStringChunk) strings = g_string_chunk_new(256);
	g_auto(QemuScan) s = {0};

	qemu_options_set(o, "nodefaults", QEMU_OPTION_FLAG);
	qemu_options_set(o, "vga", QEMU_OPTION_ARG);
	qemu_options_set(o, "M", QEMU_OPTION_ARG);
	assert_true(qemu_args_scan(argv, o, &s));
	assert_true(qemu_args_globals(ctx, "x86_64", "pc-i440fx-7.2", d, &s, g, strings, NULL));
	return g_strjoinv(" ", (char **)g->pdata);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_globals_vga(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autofree char *on = NULL, *off = NULL, *vga = NULL, *dev = NULL;
	char *const plain[] = {"qemu-system-x86_64", "-M", "pc", NULL};
	char *const nodefaults[] = {"qemu-system-x86_64", "-nodefaults", NULL};
	char *const with_vga[] = {"qemu-system-x86_64", "-vga", "std", NULL};
	char *const with_dev[] = {"qemu-system-x86_64", "-device", "{\"driver\":\"qxl-vga\"}",
				  NULL};

	fixture_write(root, "etc/qemu/romresolve.d/50.conf", "[dir /roms]\npriority = 1\n");
	fixture_file(root, "roms/vgabios-stdvga.bin", 30 * K, TRUE);
	fixture_file(root, "roms/vgabios-qxl.bin", 30 * K, TRUE);
	fixture_file(root, "roms/vgabios-virtio.bin", 30 * K, TRUE);
	fixture_file(root, "roms/vgabios-cirrus.bin", 30 * K, TRUE);
	ctx = fixture_context(root);

	/* The default VGA stays: no -global names a type of QEMU's default
	 * list; the parents carry the ROMs, the secondary types are reset. */
	on = vga_globals(ctx, plain);
	assert_int_equal(count(on, "pci-vga.romfile="), 1);
	assert_int_equal(count(on, "pci-qxl.romfile="), 1);
	assert_int_equal(count(on, "virtio-vga-base.romfile="), 1);
	assert_int_equal(count(on, "secondary-vga.romfile= "), 1);
	assert_true(g_str_has_suffix(on, "qxl.romfile="));
	assert_int_equal(count(on, "cirrus-vga"), 0);
	assert_int_equal(count(on, " VGA.") + count(on, "qxl-vga.") + count(on, "virtio-vga."), 0);
	assert_non_null(strstr(on, "/roms/vgabios-virtio.bin"));
	/* Turned off anyway: cirrus-vga gets its own. */
	off = vga_globals(ctx, nodefaults);
	assert_int_equal(count(off, "cirrus-vga.romfile="), 1);
	vga = vga_globals(ctx, with_vga);
	assert_int_equal(count(vga, "cirrus-vga.romfile="), 1);
	dev = vga_globals(ctx, with_dev);
	assert_int_equal(count(dev, "cirrus-vga.romfile="), 1);
}

static void test_cache(void **state)
{
	char *root = *state;
	g_autofree char *dir = fixture_path(root, "cache/romresolve");
	g_autofree char *other = fixture_path(root, "other");
	g_autofree char *link = fixture_path(root, "link");
	g_autofree char *key = exec_cache_key("/bin/sh");
	g_autoptr(ExecCache) c = exec_cache_open(dir);
	g_autofree char *got = NULL, *file = NULL;

	assert_non_null(key);
	assert_null(exec_cache_key("/nonexistent/qemu"));
	assert_true(exec_cache_usable(c));
	exec_cache_put(c, key, "options", "usb 1\n");
	got = exec_cache_get(c, key, "options");
	assert_str(got, "usb 1\n");
	/* A file others can write is not read. */
	file = g_strdup_printf("cache/romresolve/%s.options", key);
	fixture_chmod(root, file, 0664);
	assert_null(exec_cache_get(c, key, "options"));
	fixture_chmod(root, file, 0600);
	g_free(got);
	got = exec_cache_get(c, key, "options");
	assert_non_null(got);
	exec_cache_free(g_steal_pointer(&c));

	/* A group-writable dir, a symlinked dir: not used. */
	fixture_chmod(root, "cache/romresolve", 0770);
	c = exec_cache_open(dir);
	assert_false(exec_cache_usable(c));
	assert_null(exec_cache_get(c, key, "options"));
	exec_cache_put(c, key, "x", "y");
	exec_cache_free(g_steal_pointer(&c));
	fixture_chmod(root, "cache/romresolve", 0700);
	fixture_mkdir(root, "other");
	assert_int_equal(chmod(other, 0700), 0);
	fixture_symlink(root, other, "link");
	c = exec_cache_open(link);
	assert_false(exec_cache_usable(c));
	exec_cache_free(g_steal_pointer(&c));
	c = exec_cache_open(NULL);
	assert_false(exec_cache_usable(c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_target_from_binary),
	    cmocka_unit_test(test_options_from_help),
	    cmocka_unit_test(test_options_table),
	    cmocka_unit_test(test_scan),
	    cmocka_unit_test(test_machines),
	    cmocka_unit_test(test_devices),
	    cmocka_unit_test(test_device_parse),
	    cmocka_unit_test_setup_teardown(test_globals, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_globals_vga, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_cache, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
