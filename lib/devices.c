/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The built-in device table: which romfile each ROM-carrying QEMU device type
 * loads by default, and the machine-type compat properties that change it.
 *
 * Taken from QEMU 10.0's hw/ sources: each PCI device class's romfile
 * (PCIDeviceClass.romfile in its class_init; variants registered from one
 * class_init share it), and the GlobalProperty compat tables that set a
 * romfile. A facts table, not configuration: [device] sections in drop-ins
 * add to it or override its base entries. QEMU 10.0's hw/ sets no romfile
 * per target: the class default applies on every target that builds the
 * device (qemu-system-aarch64 asks for the x86-only efi-virtio.rom too),
 * which is what distributions answer with no-rom in [machine] rules. The
 * only compat property that sets a romfile is pc_compat_2_6's.
 * Layer 1: uses only layer 0 (names, versions and globs).
 */
#include "internal.h"

#include <string.h>

typedef struct {
	const char *device;
	const char *romfile;
} DeviceRom;

/* Every PCI device class of QEMU 10.0 with a default romfile. */
static const DeviceRom device_roms[] = {
    /* hw/net/e1000.c: e1000_class_init, one class per e1000_devices[] */
    {"e1000", "efi-e1000.rom"},
    {"e1000-82544gc", "efi-e1000.rom"},
    {"e1000-82545em", "efi-e1000.rom"},
    /* hw/net/e1000e.c */
    {"e1000e", "efi-e1000e.rom"},
    /* hw/net/eepro100.c: eepro100_class_init, one class per e100_devices[] */
    {"i82550", "pxe-eepro100.rom"},
    {"i82551", "pxe-eepro100.rom"},
    {"i82557a", "pxe-eepro100.rom"},
    {"i82557b", "pxe-eepro100.rom"},
    {"i82557c", "pxe-eepro100.rom"},
    {"i82558a", "pxe-eepro100.rom"},
    {"i82558b", "pxe-eepro100.rom"},
    {"i82559a", "pxe-eepro100.rom"},
    {"i82559b", "pxe-eepro100.rom"},
    {"i82559c", "pxe-eepro100.rom"},
    {"i82559er", "pxe-eepro100.rom"},
    {"i82562", "pxe-eepro100.rom"},
    {"i82801", "pxe-eepro100.rom"},
    /* hw/net/ne2000-pci.c, pcnet-pci.c, rtl8139.c, vmxnet3.c */
    {"ne2k_pci", "efi-ne2k_pci.rom"},
    {"pcnet", "efi-pcnet.rom"},
    {"rtl8139", "efi-rtl8139.rom"},
    {"vmxnet3", "efi-vmxnet3.rom"},
    /* hw/virtio/virtio-net-pci.c: the generic, transitional and
     * non-transitional types share virtio_net_pci_class_init */
    {"virtio-net-pci", "efi-virtio.rom"},
    {"virtio-net-pci-transitional", "efi-virtio.rom"},
    {"virtio-net-pci-non-transitional", "efi-virtio.rom"},
    /* hw/display/vga-pci.c (secondary-vga has none) */
    {"VGA", "vgabios-stdvga.bin"},
    /* hw/display/bochs-display.c */
    {"bochs-display", "vgabios-bochs-display.bin"},
    /* hw/display/virtio-vga.c: virtio_vga_base_class_init, inherited */
    {"virtio-vga", "vgabios-virtio.bin"},
    {"virtio-vga-gl", "vgabios-virtio.bin"},
    {"virtio-vga-rutabaga", "vgabios-virtio.bin"},
    {"vhost-user-vga", "vgabios-virtio.bin"},
    /* hw/display/qxl.c: qxl_primary_class_init (plain qxl has none) */
    {"qxl-vga", "vgabios-qxl.bin"},
    /* hw/display/vmware_vga.c, ati.c, cirrus_vga.c */
    {"vmware-svga", "vgabios-vmware.bin"},
    {"ati-vga", "vgabios-ati.bin"},
    {"cirrus-vga", "vgabios-cirrus.bin"},
};

typedef struct {
	const char *device;
	const char *romfile; /* "": no ROM */
	const char *const *arch;
	const char *const *match;
	const char *until; /* inclusive */
	const char *origin;
} DeviceCompat;

static const char *const x86[] = {"i386", "x86_64", NULL};
static const char *const pc_machines[] = {"pc-i440fx-*", "pc-q35-*", "pc-0.*", "pc-1.*", NULL};

/* Machine-type compat properties that set a romfile. */
static const DeviceCompat device_compat[] = {
    /* hw/i386/pc.c: pc_compat_2_6 = { "vmxnet3", "romfile", "" } */
    {"vmxnet3", "", x86, pc_machines, "2.6", "pc_compat_2_6"},
};

static const DeviceRom *base_row(const char *device)
{
	/* The first byte first: a config's own device names miss every row. */
	for (gsize i = 0; i < G_N_ELEMENTS(device_roms); i++)
		if (device_roms[i].device[0] == device[0] &&
		    strcmp(device_roms[i].device, device) == 0)
			return &device_roms[i];
	return NULL;
}

static gboolean compat_applies(const DeviceCompat *c, const char *arch, const char *machine)
{
	const char *version = romresolve_machine_get_version(machine);

	return machine && romresolve_arch_list_contains((char *const *)c->arch, arch) &&
	       romresolve_globs_match((char *const *)c->match, machine) && version &&
	       romresolve_version_compare(version, c->until) <= 0;
}

const char *romresolve_devices_compat_romfile(const char *device, const char *arch,
					      const char *machine)
{
	for (gsize i = 0; i < G_N_ELEMENTS(device_compat); i++)
		if (strcmp(device_compat[i].device, device) == 0 &&
		    compat_applies(&device_compat[i], arch, machine))
			return device_compat[i].romfile;
	return NULL;
}

const char *romresolve_devices_base_romfile(const char *device)
{
	const DeviceRom *row = base_row(device);

	return row ? row->romfile : NULL;
}

/* A ROM name every device that loads it by default loses on this machine
 * type: the lookup of the name itself ends in "no ROM" there. Returns the
 * compat property that says so, or NULL. */
const char *romresolve_devices_name_is_no_rom(const char *name, const char *arch,
					      const char *machine)
{
	const char *origin = NULL;

	if (!machine)
		return NULL; /* no compat property applies without a machine type */
	for (gsize i = 0; i < G_N_ELEMENTS(device_roms); i++) {
		if (strcmp(device_roms[i].romfile, name) != 0)
			continue;
		origin = NULL;
		for (gsize c = 0; c < G_N_ELEMENTS(device_compat); c++)
			if (strcmp(device_compat[c].device, device_roms[i].device) == 0 &&
			    compat_applies(&device_compat[c], arch, machine) &&
			    !*device_compat[c].romfile)
				origin = device_compat[c].origin;
		if (!origin)
			return NULL;
	}
	return origin;
}

guint romresolve_devices_n_builtin(void)
{
	return G_N_ELEMENTS(device_roms);
}

const char *romresolve_devices_builtin_name(guint i)
{
	return i < G_N_ELEMENTS(device_roms) ? device_roms[i].device : NULL;
}
