/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A QEMU binary's machine types, read from its `-machine help`: the concrete
 * types, their aliases ("pc (alias of pc-i440fx-7.2)") and the default
 * ("(default)"), so that a machine name means what it means to that binary.
 * Text in, answers out: nothing here runs QEMU.
 */
#ifndef ROMRESOLVE_QEMU_MACHINES_H
#define ROMRESOLVE_QEMU_MACHINES_H

#include <glib.h>

/* `-machine help`, read in place when asked. */
typedef struct QemuMachines QemuMachines;

QemuMachines *qemu_machines_parse(const char *help_text);
/* The same, taking @help_text (g_free'd with @m). */
QemuMachines *qemu_machines_parse_owned(char *help_text);
/* A machine type (or alias) the binary lists. */
gboolean qemu_machines_has(const QemuMachines *m, const char *name);
/* What the alias @name stands for ("alias of X", its last line), or NULL. */
char *qemu_machines_alias(const QemuMachines *m, const char *name);
/* The type marked "(default)" (its first line), or NULL. */
char *qemu_machines_default(const QemuMachines *m);
/* The concrete type @name stands for, as the binary resolves a -machine
 * value: an alias its type, NULL the default (NULL when there is none),
 * anything else itself (whether the binary has it or not: see _has). */
char *qemu_machines_resolve(const QemuMachines *m, const char *name);
/* The concrete types (not aliases), each once, in the binary's order. */
char **qemu_machines_list(const QemuMachines *m);
/* The aliases and what each stands for: ALIAS, TYPE, ALIAS, TYPE, ...,
 * NULL (each alias once, its last line winning), a new vector. */
char **qemu_machines_aliases(const QemuMachines *m);
/* Up to @max names (types and aliases) closest to @name, closest first:
 * the ones it begins, or within a few edits of it. Empty when none is close. */
char **qemu_machines_closest(const QemuMachines *m, const char *name, guint max);
void qemu_machines_free(QemuMachines *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuMachines, qemu_machines_free)

#endif
