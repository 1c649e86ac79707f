/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The built-in device table, [device] overrides, no-rom in machine rules. */
#include "fixture.h"

#include <string.h>

typedef struct {
	char *root;
	RomresolveContext *ctx;
} Fixture;

static int setup(void **state)
{
	Fixture *f = g_new0(Fixture, 1);

	f->root = fixture_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	Fixture *f = *state;

	romresolve_context_unref(f->ctx);
	fixture_free(f->root);
	g_free(f);
	return 0;
}

static const char *romfile(Fixture *f, const char *device, const char *arch, const char *machine)
{
	return romresolve_context_get_device_romfile(f->ctx, device, arch, machine);
}

static void test_builtin_table(void **state)
{
	Fixture *f = *state;

	f->ctx = fixture_context(f->root);
	assert_str(romfile(f, "e1000", "x86_64", NULL), "efi-e1000.rom");
	assert_str(romfile(f, "e1000-82544gc", "x86_64", NULL), "efi-e1000.rom");
	assert_str(romfile(f, "e1000-82545em", NULL, NULL), "efi-e1000.rom");
	assert_str(romfile(f, "e1000e", NULL, NULL), "efi-e1000e.rom");
	assert_str(romfile(f, "i82550", NULL, NULL), "pxe-eepro100.rom");
	assert_str(romfile(f, "i82801", NULL, NULL), "pxe-eepro100.rom");
	assert_str(romfile(f, "ne2k_pci", NULL, NULL), "efi-ne2k_pci.rom");
	assert_str(romfile(f, "pcnet", NULL, NULL), "efi-pcnet.rom");
	assert_str(romfile(f, "rtl8139", NULL, NULL), "efi-rtl8139.rom");
	assert_str(romfile(f, "virtio-net-pci-non-transitional", "aarch64", "virt-10.0"),
		   "efi-virtio.rom");
	assert_str(romfile(f, "virtio-net-pci-transitional", NULL, NULL), "efi-virtio.rom");
	assert_str(romfile(f, "virtio-vga", NULL, NULL), "vgabios-virtio.bin");
	assert_str(romfile(f, "qxl-vga", NULL, NULL), "vgabios-qxl.bin");
	assert_str(romfile(f, "vmware-svga", NULL, NULL), "vgabios-vmware.bin");
	assert_str(romfile(f, "ati-vga", NULL, NULL), "vgabios-ati.bin");
	assert_str(romfile(f, "cirrus-vga", NULL, NULL), "vgabios-cirrus.bin");
	assert_str(romfile(f, "bochs-display", NULL, NULL), "vgabios-bochs-display.bin");
	/* No ROM in QEMU: unknown to the table. */
	assert_null(romfile(f, "secondary-vga", NULL, NULL));
	assert_null(romfile(f, "qxl", NULL, NULL));
	assert_null(romfile(f, "virtio-gpu-pci", NULL, NULL));
	assert_null(romfile(f, "e1000-82540em", NULL, NULL));
}

static void test_vmxnet3_compat(void **state)
{
	Fixture *f = *state;

	f->ctx = fixture_context(f->root);
	assert_str(romfile(f, "vmxnet3", "x86_64", "pc-i440fx-2.7"), "efi-vmxnet3.rom");
	assert_str(romfile(f, "vmxnet3", "x86_64", "pc-i440fx-2.6"), "");
	assert_str(romfile(f, "vmxnet3", "i386", "pc-q35-2.4"), "");
	assert_str(romfile(f, "vmxnet3", "x86_64", "pc-q35-10.0"), "efi-vmxnet3.rom");
	assert_str(romfile(f, "vmxnet3", "x86_64", NULL), "efi-vmxnet3.rom");
	assert_str(romfile(f, "vmxnet3", "aarch64", "virt-2.6"), "efi-vmxnet3.rom");
}

static void test_device_sections(void **state)
{
	Fixture *f = *state;
	const char *const *devices;

	fixture_write(f->root, "etc/qemu/romresolve.d/60-dev.conf",
		      "[device vmxnet3]\nromfile = my-vmxnet3.rom\n"
		      "[device e1000]\nromfile =\n"
		      "[device my-nic]\nromfile = my.rom\n");
	f->ctx = fixture_context(f->root);
	assert_str(romfile(f, "e1000", NULL, NULL), "");
	assert_str(romfile(f, "my-nic", NULL, NULL), "my.rom");
	assert_str(romfile(f, "vmxnet3", "x86_64", "pc-i440fx-9.2"), "my-vmxnet3.rom");
	/* The compat property still takes the ROM away on old machine types. */
	assert_str(romfile(f, "vmxnet3", "x86_64", "pc-i440fx-2.6"), "");
	devices = romresolve_context_get_devices(f->ctx);
	assert_true(g_strv_contains(devices, "e1000"));
	assert_true(g_strv_contains(devices, "my-nic"));
	assert_true(g_strv_contains(devices, "i82559er"));
	/* A type the table has is listed once, whatever overrides it. */
	assert_ptr_equal(g_strv_contains(devices + 1, devices[0]), FALSE);
}

static void test_no_rom(void **state)
{
	Fixture *f = *state;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(RomresolveResult) compat = NULL;
	g_autoptr(RomresolveResult) fw = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) rules = NULL;

	fixture_write(f->root, "etc/qemu/romresolve.d/60-arm.conf",
		      "[dir /usr/share/qemu]\n[machine arm-virt]\narch = aarch64\nmatch = virt-*\n"
		      "no-rom = efi-virtio.rom efi-e1000.rom\n");
	fixture_file(f->root, "usr/share/qemu/efi-virtio.rom", 4096, TRUE);
	fixture_file(f->root, "usr/share/qemu/efi-vmxnet3.rom", 4096, TRUE);
	f->ctx = fixture_context(f->root);
	r = romresolve_context_resolve(f->ctx, "efi-virtio.rom", "aarch64", "virt-10.0",
				       ROMRESOLVE_LOOKUP_ROM, &error);
	assert_null(error);
	assert_non_null(r);
	assert_true(romresolve_result_is_no_rom(r));
	assert_false(romresolve_result_is_found(r));
	assert_null(romresolve_result_get_path(r));
	assert_int_equal(romresolve_result_get_romsize(r), 0);
	assert_int_equal(romresolve_result_get_ramblock(r), 0);
	assert_non_null(strstr(romresolve_result_get_rule(r), "arm-virt ("));
	/* Firmware lookups and other targets are not affected. */
	fw = romresolve_context_resolve(f->ctx, "efi-virtio.rom", "aarch64", "virt-10.0",
					ROMRESOLVE_LOOKUP_FIRMWARE, &error);
	assert_true(romresolve_result_is_found(fw));
	g_free(fixture_which(f->ctx, "efi-virtio.rom", "x86_64", "pc-q35-10.0"));
	/* QEMU's own compat property: vmxnet3 has no ROM on pc-*-2.6. */
	compat = romresolve_context_resolve(f->ctx, "efi-vmxnet3.rom", "x86_64", "pc-i440fx-2.6",
					    ROMRESOLVE_LOOKUP_ROM, &error);
	assert_true(romresolve_result_is_no_rom(compat));
	g_free(fixture_which(f->ctx, "efi-vmxnet3.rom", "x86_64", "pc-i440fx-2.7"));
	rules = romresolve_context_get_rules(f->ctx, NULL, NULL, NULL);
	assert_str(romresolve_rule_get_no_rom(rules->pdata[0])[1], "efi-e1000.rom");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_builtin_table, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vmxnet3_compat, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_device_sections, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_rom, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
