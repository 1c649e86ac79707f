/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A QEMU binary's option table, read from its `-help` (and, for the hidden
 * options -help does not list, from what `-version -NAME` says), so that a
 * command line is walked as that binary walks it: no option of any QEMU
 * version shifts the parse. Text in, table out: nothing here runs QEMU.
 */
#ifndef ROMRESOLVE_QEMU_OPTIONS_H
#define ROMRESOLVE_QEMU_OPTIONS_H

#include <glib.h>

typedef struct QemuOptions QemuOptions;

typedef enum {
	QEMU_OPTION_UNKNOWN, /* not in the table: probe the binary */
	QEMU_OPTION_FLAG,    /* takes no argument */
	QEMU_OPTION_ARG,     /* takes one argument */
	QEMU_OPTION_INVALID, /* the binary refuses it (it will refuse the start) */
} QemuOptionKind;

QemuOptions *qemu_options_new(void);
/* Read the option lines of `QEMU -help`: "-name", "-name ARG   text",
 * "-a/-b file", "-h or -help", "--preconfig". An argument is what stands
 * between the name and the description column (16): "-usb            enable"
 * and "-xen-domid-restrict     restrict" take none, "-dtb    file    use"
 * and "-seed number       seed" take one. */
QemuOptions *qemu_options_parse_help(const char *help_text);
/* The cache form, one "NAME KIND" line per option (KIND 1 flag, 2 arg, 3
 * invalid); NULL for anything else. */
QemuOptions *qemu_options_parse_table(const char *table);
char *qemu_options_to_table(const QemuOptions *opts);
void qemu_options_set(QemuOptions *opts, const char *name, QemuOptionKind kind);
QemuOptionKind qemu_options_get(const QemuOptions *opts, const char *name);
guint qemu_options_size(const QemuOptions *opts);
void qemu_options_free(QemuOptions *opts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuOptions, qemu_options_free)

/* What `QEMU -version -NAME` says of an option the table lacks (hidden
 * options such as -M, -hdb): "requires an argument", "invalid option" or
 * "not supported for this target", or, for a flag, the version. */
QemuOptionKind qemu_options_kind_from_probe(gboolean exited_ok, const char *err_text);

/* "-device" and "--device" -> "device"; NULL for a non-option. */
const char *qemu_option_name(const char *arg);

#endif
