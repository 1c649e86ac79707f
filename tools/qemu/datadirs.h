/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dirs a QEMU binary searches for firmware and ROMs, in its order, read
 * from its `-L help`. Stock QEMU prints them relative to the binary
 * (/usr/bin/../share/qemu); they come out as the library takes them:
 * absolute, without . and .. components (what stands before a .. through
 * its links, with realpath(3): /bin/../share is /usr/share where /bin is a
 * link to usr/bin), each once.
 */
#ifndef ROMRESOLVE_QEMU_DATADIRS_H
#define ROMRESOLVE_QEMU_DATADIRS_H

#include <glib.h>

/* One dir a line; lines that are not absolute paths are left out. A new
 * NULL-terminated vector (empty when none). */
char **qemu_data_dirs_parse(const char *help_text);

#endif
