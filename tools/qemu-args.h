/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading and rewriting a QEMU command line for `romresolve exec`. */
#ifndef ROMRESOLVE_QEMU_ARGS_H
#define ROMRESOLVE_QEMU_ARGS_H

#include <romresolve.h>

/* What `qemu-system-X -machine help` says: aliases and the default. */
typedef struct {
	GHashTable *alias; /* alias -> concrete type */
	GHashTable *names; /* every type name */
	char *default_machine;
} QemuMachines;

QemuMachines *qemu_machines_parse(const char *help_text);
void qemu_machines_free(QemuMachines *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuMachines, qemu_machines_free)

/* "qemu-system-x86_64" (any directory) -> "x86_64"; NULL if not that form. */
char *qemu_target_from_binary(const char *binary);

/* A -device value: its driver and whether romfile/romsize are set. JSON
 * values ("{...}") and key=value lists ("e1000,id=n0") both. */
typedef struct {
	char *driver;
	gboolean json;
	gboolean has_romfile;
	gboolean has_romsize;
} QemuDevice;

gboolean qemu_device_parse(const char *value, QemuDevice *dev, GError **error);
void qemu_device_clear(QemuDevice *dev);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(QemuDevice, qemu_device_clear)

/* The -device value with romfile and romsize added. */
char *qemu_device_add_rom(const char *value, const QemuDevice *dev, const char *romfile,
			  uint64_t romsize, gboolean add_romsize);

/* The machine type a -machine value names ("pc,accel=tcg", "type=q35"), or
 * NULL when it names none. */
char *qemu_machine_from_option(const char *value);

/*
 * Rewrite @argv (argv[0] is the QEMU binary): every -device whose driver has
 * a romfile in the [device] table and no user romfile gets
 * romfile=<resolved path>,romsize=<romsize>. @machines may be NULL when the
 * machine type is not needed. Returns the new argv, or NULL with an error
 * (one that stops the start).
 */
char **qemu_args_rewrite(RomresolveContext *ctx, char *const *argv, const char *arch,
			 const QemuMachines *machines, GError **error);

/* The machine type argv asks for, aliases resolved; NULL when it names none.
 * *@passthrough is set when QEMU is asked for help (-M help, -device help,
 * -h, -version): then nothing is to be rewritten. */
char *qemu_args_machine(char *const *argv, const QemuMachines *machines, gboolean *passthrough);

#endif
