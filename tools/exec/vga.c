/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QEMU's display types as exec needs them; see vga.h. */
#include "vga.h"

#include <string.h>

/* vl.c default_list, its display drivers. */
static const char *const default_drivers[] = {
    "VGA",	  "isa-vga", "cirrus-vga",     "isa-cirrus-vga", "vmware-svga",		"qxl-vga",
    "virtio-vga", "ati-vga", "vhost-user-vga", "virtio-vga-gl",	 "virtio-vga-rutabaga", NULL,
};

/* vl.c vga_interfaces: a -vga value and the class it makes (the PCI one:
 * the ISA variants serve machines without PCI, where no ROM is loaded). */
static const struct {
	const char *value, *type;
} interfaces[] = {
    {"std", "VGA"},	{"cirrus", "cirrus-vga"}, {"vmware", "vmware-svga"},
    {"qxl", "qxl-vga"}, {"virtio", "virtio-vga"},
};

/* hw/display: the abstract parents and the types that reach them. */
static const struct {
	const char *type, *parent;
} parents[] = {
    {"VGA", "pci-vga"},
    {"qxl-vga", "pci-qxl"},
    {"virtio-vga", "virtio-vga-base"},
    {"virtio-vga-gl", "virtio-vga-base"},
    {"vhost-user-vga", "virtio-vga-base"},
    {"virtio-vga-rutabaga", "virtio-vga-base"},
    {"secondary-vga", "pci-vga"},
    {"qxl", "pci-qxl"},
};

const char *const exec_vga_siblings[] = {"secondary-vga", "qxl", NULL};
const char *const exec_vga_sibling_parents[] = {"pci-vga", "pci-qxl", NULL};

gboolean exec_vga_is_default_driver(const char *driver)
{
	if (!driver)
		return FALSE;
	for (const char *const *d = default_drivers; *d; d++)
		if ((*d)[0] == driver[0] && strcmp(*d, driver) == 0)
			return TRUE;
	return FALSE;
}

const char *exec_vga_interface_class(const char *value)
{
	/* "-vga std,..." has no options, but QEMU compares the prefix. */
	for (size_t i = 0; i < G_N_ELEMENTS(interfaces); i++)
		if (strcmp(value, interfaces[i].value) == 0)
			return interfaces[i].type;
	return NULL;
}

const char *exec_vga_parent(const char *type)
{
	for (size_t i = 0; i < G_N_ELEMENTS(parents); i++)
		if (strcmp(parents[i].type, type) == 0)
			return parents[i].parent;
	return NULL;
}
