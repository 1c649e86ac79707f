/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A QEMU binary's device types and their aliases, read from its `-device
 * help` (name "X", alias "Y" lines), and the compact form they are cached
 * in. Text in, answers out: nothing here runs QEMU.
 */
#ifndef ROMRESOLVE_QEMU_DEVICES_H
#define ROMRESOLVE_QEMU_DEVICES_H

#include <glib.h>

/* The device types (name "X") of `-device help`, and their aliases. */
typedef struct QemuDevices QemuDevices;

QemuDevices *qemu_devices_parse(const char *help_text);
/* The same, taking @help_text (g_free'd with @d; names are cut in it). */
QemuDevices *qemu_devices_parse_owned(char *help_text);
/* The cache form: a header line ("romresolve-devices 2"), the types sorted
 * one a line, an empty line, then one ALIAS"TYPE line per alias, sorted by
 * alias. NULL for anything else (unsorted, a name twice, an alias that is
 * a type or of no type, ...). */
char *qemu_devices_to_table(const QemuDevices *d);
QemuDevices *qemu_devices_parse_table(const char *table);
QemuDevices *qemu_devices_parse_table_owned(char *table);
/* A type (not an alias) of the binary. */
gboolean qemu_devices_has_type(const QemuDevices *d, const char *name);
/* The type @name is: itself for a type, the type it is the alias of (the
 * first line that gives it), NULL for neither. Points into @d. */
const char *qemu_devices_lookup(const QemuDevices *d, const char *name);
/* The number of types, and the @i-th in sorted order. */
guint qemu_devices_get_n_types(const QemuDevices *d);
const char *qemu_devices_get_type(const QemuDevices *d, guint i);
void qemu_devices_free(QemuDevices *d);

/* What `-device TYPE,help` says of property @prop: 1 when its default is
 * on (true), 0 when off or not told, -1 when the type has no such
 * property. ("  x-rom-resize=<bool>     - on/off (default: on)") */
int qemu_device_prop_default_on(const char *help_text, const char *prop);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuDevices, qemu_devices_free)

#endif
