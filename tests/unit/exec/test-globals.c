/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exec: the -global arguments it adds, and the argv it runs. */
#include "exec/globals.h"
#include "fixture.h"
#include "qemu/options.h"
#include <string.h>

#define K 1024

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

static char *joined_globals(RomresolveContext *ctx, const char *machine, char *const *argv,
			    GError **error)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	g_autoptr(QemuDevices) d = qemu_devices_parse(device_help);
	g_autoptr(GPtrArray) g = g_ptr_array_new();
	g_autoptr(GStringChunk) strings = g_string_chunk_new(256);
	g_auto(ExecScan) s = {0};
	g_autofree char **out = NULL;

	assert_true(exec_scan(argv, o, &s));
	if (!exec_globals(ctx, "x86_64", machine, d, NULL, &s, g, strings, error))
		return NULL;
	out = exec_argv_rewrite(argv, g);
	return g_strjoinv(" ", out);
}

static void test_globals(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *a = NULL, *b = NULL, *want = NULL;
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

	/* pc-i440fx-7.2: the default VGA's ROM through its parent, first;
	 * rtl8139's ROM is missing, so it gets a romfile that cannot exist and
	 * says, in one line, for which device and why; the user's romfile on
	 * the -device and the user's -global still win in QEMU (they come
	 * later). */
	a = joined_globals(ctx, "pc-i440fx-7.2", argv, &error);
	assert_non_null(a);
	want =
	    g_strdup_printf("qemu-system-x86_64"
			    " -global pci-vga.romfile=%s/roms/vgabios-stdvga.bin"
			    " -global e1000.romfile=%s/roms/efi-e1000.rom"
			    " -global rtl8139.romfile=/dev/null/romresolve: rtl8139: "
			    "efi-rtl8139.rom not found for x86_64, machine pc-i440fx-7.2 in %s/roms"
			    " -global vmxnet3.romfile=%s/roms/efi-vmxnet3.rom"
			    " -global virtio-net-pci.romfile=%s/roms/efi-virtio.rom"
			    " -device {\"driver\":\"e1000\",\"x\":18446744073709551615,\"y\":1e400}"
			    " -device rtl8139,romfile=/mine.rom -global e1000.romfile=/user.rom",
			    root, root, root, root, root);
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
	 * start stops, whichever way it is named, with one line naming the
	 * device, the ROM and why. */
	assert_null(joined_globals(ctx, "pc-i440fx-7.2", named, &error));
	g_free(want);
	want = g_strdup_printf("NIC model rtl8139: efi-rtl8139.rom not found for x86_64, machine "
			       "pc-i440fx-7.2 in %s/roms",
			       root);
	assert_str(error->message, want);
	g_clear_error(&error);
	assert_null(joined_globals(ctx, "pc-i440fx-7.2", json, &error));
	assert_true(g_str_has_prefix(error->message, "-device rtl8139: efi-rtl8139.rom not found"));
}

static const char vga_help[] = "Display devices:\n"
			       "name \"VGA\", bus PCI\n"
			       "name \"secondary-vga\", bus PCI\n"
			       "name \"qxl-vga\", bus PCI\n"
			       "name \"qxl\", bus PCI\n"
			       "name \"virtio-vga\", bus PCI\n"
			       "name \"virtio-vga-gl\", bus PCI\n"
			       "name \"cirrus-vga\", bus PCI\n"
			       "name \"ati-vga\", bus PCI\n"
			       "name \"e1000\", bus PCI\n";

/* What Debian's qemu-system-x86_64 7.2 says of these classes with
 * -machine none (tools/qemu/classes.h), in the cache form (sorted). */
static const char debian_classes[] = "VGA 2\n"
				     "ati-vga 2\n"
				     "cirrus-vga 2\n"
				     "e1000 3\n"
				     "pci-qxl 1\n"
				     "pci-vga 3\n"
				     "qxl 1\n"
				     "qxl-vga 1\n"
				     "secondary-vga 3\n"
				     "virtio-vga 1\n"
				     "virtio-vga-base 1\n"
				     "virtio-vga-gl 1\n";

/* The -global arguments for @argv (@classes: NULL, every class there and
 * hot-pluggable, or a cache form). */
static char *vga_globals(RomresolveContext *ctx, const char *classes, char *const *argv)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(option_help);
	g_autoptr(QemuDevices) d = qemu_devices_parse(vga_help);
	g_autoptr(QemuClasses) c = classes ? qemu_classes_parse_table(classes) : NULL;
	g_autoptr(GPtrArray) g = g_ptr_array_new_null_terminated(0, NULL, TRUE);
	g_autoptr(GStringChunk) strings = g_string_chunk_new(256);
	g_auto(ExecScan) s = {0};

	qemu_options_set(o, "nodefaults", QEMU_OPTION_FLAG);
	qemu_options_set(o, "vga", QEMU_OPTION_ARG);
	qemu_options_set(o, "M", QEMU_OPTION_ARG);
	assert_true(!classes || c);
	assert_true(exec_scan(argv, o, &s));
	assert_true(exec_globals(ctx, "x86_64", "pc-i440fx-7.2", d, c, &s, g, strings, NULL));
	return g_strjoinv(" ", (char **)g->pdata);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Which classes exec names: " NAME." occurrences. */
static char *names(const char *globals)
{
	g_auto(GStrv) words = g_strsplit(globals, " ", -1);
	GString *out = g_string_new(NULL);

	for (char **w = words; *w; w++)
		if (strcmp(*w, "-global") != 0)
			g_string_append_printf(out, "%s%.*s", out->len ? " " : "",
					       (int)strcspn(*w, "="), *w);
	return g_string_free(out, FALSE);
}

static RomresolveContext *vga_context(const char *root)
{
	fixture_write(root, "etc/qemu/romresolve.d/50.conf", "[dir /roms]\npriority = 1\n");
	fixture_file(root, "roms/vgabios-stdvga.bin", 30 * K, TRUE);
	fixture_file(root, "roms/vgabios-qxl.bin", 30 * K, TRUE);
	fixture_file(root, "roms/vgabios-virtio.bin", 30 * K, TRUE);
	fixture_file(root, "roms/vgabios-cirrus.bin", 30 * K, TRUE);
	fixture_file(root, "roms/vgabios-ati.bin", 30 * K, TRUE);
	fixture_file(root, "roms/efi-e1000.rom", 30 * K, TRUE);
	return fixture_context(root);
}

static void test_globals_vga(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = vga_context(root);
	g_autofree char *on = NULL, *off = NULL, *vga = NULL, *dev = NULL, *n = NULL;
	char *const plain[] = {"qemu-system-x86_64", "-M", "pc", NULL};
	char *const nodefaults[] = {"qemu-system-x86_64", "-nodefaults", NULL};
	char *const with_vga[] = {"qemu-system-x86_64", "-vga", "std", NULL};
	char *const with_dev[] = {"qemu-system-x86_64", "-device", "{\"driver\":\"qxl-vga\"}",
				  NULL};

	/* Every class there and hot-pluggable (a binary that was not asked):
	 * the default VGA stays: no -global names a type of QEMU's default
	 * list; the parents carry the ROMs, first, the secondary types are
	 * reset after them. */
	on = vga_globals(ctx, NULL, plain);
	n = names(on);
	assert_str(n, "pci-vga.romfile virtio-vga-base.romfile pci-qxl.romfile "
		      "secondary-vga.romfile qxl.romfile e1000.romfile");
	assert_int_equal(count(on, "secondary-vga.romfile= "), 1);
	assert_non_null(strstr(on, "/roms/vgabios-virtio.bin"));
	/* Turned off anyway: every type gets its own, no parent. */
	off = vga_globals(ctx, NULL, nodefaults);
	g_free(n);
	n = names(off);
	assert_str(n, "e1000.romfile VGA.romfile virtio-vga.romfile virtio-vga-gl.romfile "
		      "qxl-vga.romfile ati-vga.romfile cirrus-vga.romfile");
	vga = vga_globals(ctx, NULL, with_vga);
	assert_int_equal(count(vga, "cirrus-vga.romfile="), 1);
	dev = vga_globals(ctx, NULL, with_dev);
	assert_int_equal(count(dev, "cirrus-vga.romfile="), 1);
}

/* With what the binary says of its classes: a -global only where QEMU uses
 * it or may (no "invalid class name", no "not used"). */
static void test_globals_classes(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = vga_context(root);
	char *const plain[] = {"qemu-system-x86_64", "-M", "pc", NULL};
	char *const nodefaults[] = {"qemu-system-x86_64", "-nodefaults", NULL};
	char *const cirrus[] = {"qemu-system-x86_64", "-nodefaults", "-device", "cirrus-vga", NULL};
	char *const vga_cirrus[] = {"qemu-system-x86_64", "-vga", "cirrus", NULL};
	char *const qxl_vga[] = {"qemu-system-x86_64", "-device", "qxl-vga", NULL};
	char *const qxl[] = {"qemu-system-x86_64", "-device", "qxl", NULL};
	char *const virtio[] = {"qemu-system-x86_64", "-vga", "virtio", NULL};
	struct {
		char *const *argv;
		const char *want;
	} cases[] = {
	    /* Debian's default start: the default VGA's ROM through pci-vga;
	     * no module's class (qxl, virtio-vga: not loaded), no display
	     * device that is not made (cirrus-vga, ati-vga: not
	     * hot-pluggable). */
	    {plain, "pci-vga.romfile secondary-vga.romfile e1000.romfile"},
	    /* No default VGA: VGA's own only if made. */
	    {nodefaults, "e1000.romfile"},
	    {cirrus, "e1000.romfile cirrus-vga.romfile"},
	    {vga_cirrus, "e1000.romfile cirrus-vga.romfile"},
	    /* A module's class the command line makes: its module is loaded. */
	    {qxl_vga, "e1000.romfile qxl-vga.romfile"},
	    /* qxl is no default-list type: the default VGA stays, and qxl's
	     * parent carries qxl-vga's ROM (qxl's own entry resets it). */
	    {qxl,
	     "pci-vga.romfile pci-qxl.romfile secondary-vga.romfile qxl.romfile e1000.romfile"},
	    {virtio, "e1000.romfile virtio-vga.romfile"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *g = vga_globals(ctx, debian_classes, cases[i].argv);
		g_autofree char *n = names(g);

		print_message("case %zu: %s\n", i, g);
		assert_str(n, cases[i].want);
	}
}

static void test_rewrite(void **state)
{
	char *const argv[] = {"qemu-system-x86_64", "-M", "pc", "", "x y", NULL};
	g_autoptr(GPtrArray) g = g_ptr_array_new();
	g_autofree char **none = exec_argv_rewrite(argv, NULL), **out = NULL;

	assert_int_equal(g_strv_length(none), 5);
	assert_str(none[3], "");
	g_ptr_array_add(g, "-global");
	g_ptr_array_add(g, "e1000.romfile=/a b");
	out = exec_argv_rewrite(argv, g);
	assert_int_equal(g_strv_length(out), 7);
	assert_str(out[0], "qemu-system-x86_64");
	assert_str(out[2], "e1000.romfile=/a b");
	assert_str(out[3], "-M");
	assert_str(out[6], "x y");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_globals, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_globals_vga, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_globals_classes, fixture_setup, fixture_teardown),
	    cmocka_unit_test(test_rewrite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
