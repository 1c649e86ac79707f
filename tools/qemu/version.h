/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A QEMU binary's version, read from its `-version`: "QEMU emulator version
 * 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)".
 */
#ifndef ROMRESOLVE_QEMU_VERSION_H
#define ROMRESOLVE_QEMU_VERSION_H

#include <glib.h>

/* The version ("7.2.22") and the package string in parentheses after it
 * ("Debian 1:7.2+dfsg-7+deb12u18+b3", NULL when there is none). FALSE when
 * the first line is not QEMU's. */
gboolean qemu_version_parse(const char *text, char **version, char **package);

#endif
