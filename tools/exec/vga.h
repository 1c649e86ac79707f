/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What QEMU's vl.c and hw/display say of display devices, as exec needs it
 * (these are facts of QEMU's source, the same in every version exec meets):
 *
 * - default_list: a -device or a -global naming one of these drivers turns
 *   the machine's default VGA off (vl.c default_driver_check);
 * - the -vga values and the device class each makes (vga_interfaces);
 * - the QOM parent types through which a -global reaches VGA, qxl-vga and
 *   the virtio-vga family without naming them, and the other types under
 *   those parents (which inherit the parent's -global unless given their
 *   own).
 */
#ifndef ROMRESOLVE_EXEC_VGA_H
#define ROMRESOLVE_EXEC_VGA_H

#include <glib.h>

/* @driver is in QEMU's default_list of display drivers. */
gboolean exec_vga_is_default_driver(const char *driver);
/* The class a `-vga VALUE` makes ("std" -> "VGA"), NULL for "none" and
 * values that make none (or that exec does not know). */
const char *exec_vga_interface_class(const char *value);
/* @type's QOM parent among those that carry a -global while the default
 * VGA is on (VGA, secondary-vga -> pci-vga; qxl-vga, qxl -> pci-qxl;
 * virtio-vga* -> virtio-vga-base), or NULL. */
const char *exec_vga_parent(const char *type);
/* The other types under such a parent (secondary-vga under pci-vga, qxl
 * under pci-qxl), NULL-terminated with their parents in @parents. */
extern const char *const exec_vga_siblings[];
extern const char *const exec_vga_sibling_parents[];

#endif
