/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Escaping what comes from files and manifests before it is printed. */
#ifndef ROMRESOLVE_ESCAPE_H
#define ROMRESOLVE_ESCAPE_H

#include <glib.h>

/* @text with each byte that is not part of valid UTF-8 written as \xNN,
 * and with @controls also each control character (C0, DEL and the C1
 * controls U+0080..U+009F): a new string. */
char *escape_text(const char *text, gboolean controls);

#endif
