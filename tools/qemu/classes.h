/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a QEMU binary says of device classes when a start gives them a
 * -global that nothing uses: whether the class exists in a start that loads
 * no module, and whether it is hot-pluggable. QEMU checks every -global
 * once the machine is made (qdev_prop_check_globals): one it could not
 * apply to any device is reported
 *
 *   global NAME.romfile has invalid class name   (no such class: a class of
 *                                                  a module the start did
 *                                                  not load, or none at all)
 *   global NAME.romfile=VALUE not used            (a class whose devices
 *                                                  cannot be hot-plugged)
 *
 * and a hot-pluggable class is never reported (a device_add may use it
 * later). exec asks this once per binary, with an empty machine (-machine
 * none: it makes no device), and gives a -global only where it is used or
 * may be.
 */
#ifndef ROMRESOLVE_QEMU_CLASSES_H
#define ROMRESOLVE_QEMU_CLASSES_H

#include <glib.h>

typedef enum {
	QEMU_CLASS_UNKNOWN, /* not asked */
	QEMU_CLASS_ABSENT,  /* not there unless its module is loaded */
	QEMU_CLASS_FIXED,   /* there; its devices exist only from the start */
	QEMU_CLASS_PLUG,    /* there; its devices may be hot-plugged */
} QemuClassKind;

/* The value the probe gives each class's romfile. */
#define QEMU_CLASSES_PROBE_VALUE "romresolve-probe"

typedef struct QemuClasses QemuClasses;

/* The arguments after the binary's name that ask of @names (NULL-terminated
 * class names), a new vector; the probe reads QEMU_CLASSES_PROBE_INPUT on
 * its stdin (QMP: it ends once the machine is made). */
char **qemu_classes_probe_args(const char *const *names);
#define QEMU_CLASSES_PROBE_INPUT "{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"quit\"}\n"

/* What the probe's stderr says of each of @names. */
QemuClasses *qemu_classes_parse_probe(const char *const *names, const char *err_text);
/* The cache form: one "NAME KIND" line per class (KIND 1 absent, 2 fixed, 3
 * plug), sorted by name, each once; NULL for anything else. */
char *qemu_classes_to_table(const QemuClasses *c);
QemuClasses *qemu_classes_parse_table(const char *table);
/* The same, taking @table (g_free'd with the result, or at once when it
 * does not read). */
QemuClasses *qemu_classes_parse_table_owned(char *table);
/* Every one of @names is in @c. */
gboolean qemu_classes_has_all(const QemuClasses *c, const char *const *names);
/* QEMU_CLASS_UNKNOWN for a class not asked of. */
QemuClassKind qemu_classes_get(const QemuClasses *c, const char *name);
void qemu_classes_free(QemuClasses *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuClasses, qemu_classes_free)

#endif
