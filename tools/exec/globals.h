/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The arguments exec adds to a QEMU command line: one
 * `-global DRIVER.romfile=PATH` (and `DRIVER.romsize=N` where a rom-size
 * pins it, `DRIVER.romfile=` where a no-rom rule says the guest gets none)
 * per ROM-carrying device type of the device table, so that every device of
 * the type gets its resolved ROM however it comes into being: -device, -nic,
 * -net nic, the machine's default devices, device_add. Placed right after
 * the binary's name: the user's own -global and -device properties, which
 * come later, win.
 *
 * A -global goes only where QEMU uses it or may use it, so that a valid
 * start prints nothing:
 * - only to types the binary has (its -device help), and only to classes
 *   its -global check (qemu/classes.h) finds in a start that loads no
 *   module, unless the command line makes a device of the class (which
 *   loads its module: qxl-vga, the virtio-vga family in Debian's builds);
 * - to a class whose devices cannot be hot-plugged (VGA, cirrus-vga,
 *   vmware-svga, ati-vga, qxl-vga, virtio-vga ...) only when the command
 *   line makes one (-device, -vga, -nic, -net nic);
 * - never one that names a display driver of QEMU's default list while the
 *   machine's default VGA is on (QEMU would drop it, vl.c
 *   default_driver_check): VGA, qxl-vga and the virtio-vga family then get
 *   theirs through their QOM parent (pci-vga, pci-qxl, virtio-vga-base; the
 *   other types under those parents get their own entry, or an empty one,
 *   after it); cirrus-vga, vmware-svga and ati-vga, whose parent is every
 *   PCI device, none.
 *
 * A ROM that does not resolve: a device the command line names stops the
 * start with the error; every other device of the type gets a romfile under
 * /dev/null/, which can never exist, whose text is the one-line reason
 * (device, machine type, the lookup's error): QEMU then refuses to make the
 * device, at start or at hot-plug, quoting it, and never reaches its own
 * lookup.
 */
#ifndef ROMRESOLVE_EXEC_GLOBALS_H
#define ROMRESOLVE_EXEC_GLOBALS_H

#include "qemu/classes.h"
#include "qemu/devices.h"
#include "scan.h"

#include <romresolve.h>

/* The classes exec may give a -global for @arch (sorted, each once, a new
 * vector): the device table's types that @devices has, the parents of
 * those in the default VGA family, and the types under those parents: what
 * to ask the binary's -global check. */
char **exec_globals_classes(RomresolveContext *ctx, const QemuDevices *devices);

/*
 * Append the -global arguments for a guest of @arch and the concrete
 * @machine to @globals: pairs "-global", "DRIVER.PROP=VALUE", pointers it
 * does not own (give it no free function): the values are in @strings,
 * "-global" is a constant. @classes: the binary's -global check of
 * exec_globals_classes(); NULL: every class is there and hot-pluggable.
 *
 * FALSE with the error when a device the command line names (-device,
 * -nic/-net nic model=) carries no romfile of its own and its ROM does not
 * resolve.
 */
gboolean exec_globals(RomresolveContext *ctx, const char *arch, const char *machine,
		      const QemuDevices *devices, const QemuClasses *classes, const ExecScan *scan,
		      GPtrArray *globals, GStringChunk *strings, GError **error);

/* argv[0], then @globals (NULL: none), then argv[1..] byte for byte. One
 * allocation, pointers and strings: free it with g_free. */
char **exec_argv_rewrite(char *const *argv, GPtrArray *globals);

#endif
