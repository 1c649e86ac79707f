/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A -device value as exec reads it: its driver and whether the user set the
 * ROM (romfile=, romsize=) themselves. Both of QEMU's syntaxes: key=value
 * lists ("e1000,id=n0") and JSON ("{'driver': 'e1000'}", QEMU's dialect
 * with single quotes). Read only: exec never rewrites a -device.
 */
#ifndef ROMRESOLVE_EXEC_DEVICE_H
#define ROMRESOLVE_EXEC_DEVICE_H

#include <glib.h>

/* Bounds on a value exec looks into: longer or deeper values are passed to
 * QEMU untouched and not looked into. */
#define EXEC_DEVICE_MAX	    (64 * 1024)
#define EXEC_JSON_DEPTH_MAX 32

typedef struct {
	char *driver;
	gboolean json;
	gboolean has_romfile;
	gboolean has_romsize;
} ExecDevice;

gboolean exec_device_parse(const char *value, ExecDevice *dev, GError **error);
void exec_device_clear(ExecDevice *dev);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ExecDevice, exec_device_clear)

#endif
