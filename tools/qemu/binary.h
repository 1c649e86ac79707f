/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A QEMU binary's facts, asked of the binary itself: its option table
 * (-help), machine types (-machine help), device types (-device help), data
 * dirs (-L help), version (-version) and device classes (the -global probe
 * of classes.h). Each is asked once and kept in the per-binary cache
 * (cache.h) where only the caller can write; every command that takes
 * --arch and exec share them.
 */
#ifndef ROMRESOLVE_QEMU_BINARY_H
#define ROMRESOLVE_QEMU_BINARY_H

#include "cache.h"
#include "classes.h"
#include "devices.h"
#include "machines.h"
#include "options.h"

typedef struct QemuBinary QemuBinary;

/* "qemu-system-x86_64" (any directory) -> "x86_64"; NULL if not that form. */
char *qemu_target_from_binary(const char *binary);

/*
 * The binary for @arch: @qemu (a path, or a name looked up on PATH) when
 * given (then @arch may be NULL), else qemu-system-ARCH on PATH. Under @root (NULL or "/": the
 * host), nothing inside the root is ever run: a binary found there is an
 * error. Returns NULL with @error when @qemu cannot be used, and NULL
 * without an error when @qemu is NULL and PATH has no qemu-system-ARCH.
 * @cache_dir: where the facts are cached (NULL: nowhere).
 */
QemuBinary *qemu_binary_find(const char *qemu, const char *arch, const char *root,
			     const char *cache_dir, GError **error);
/* Every qemu-system-TARGET on PATH (the first of each name, a known
 * target, executable), none inside @root, in PATH's order: a new vector of
 * paths. */
char **qemu_binaries_on_path(const char *root);
/* The binary at @path (absolute, as found); NULL with @error when it cannot
 * be stat'ed. */
QemuBinary *qemu_binary_new(const char *path, const char *cache_dir, GError **error);
void qemu_binary_free(QemuBinary *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuBinary, qemu_binary_free)

const char *qemu_binary_get_path(const QemuBinary *b);

/* Run the binary with @args (NULL-terminated), @input on its stdin (NULL:
 * none): its stdout, at most QEMU_OUTPUT_MAX bytes. *@ok: it exited 0. With
 * @err_out its stderr is handed back and a failure is no error; without,
 * a failure is one. */
char *qemu_binary_run(QemuBinary *b, const char *const *args, const char *input, gboolean *ok,
		      char **err_out, GError **error);

/* The option table, from the cache or from -help; owned by @b. */
QemuOptions *qemu_binary_get_options(QemuBinary *b, GError **error);
/* Learn option @name (one -help does not list) from `-version -NAME`, and
 * keep it in the cached table. */
gboolean qemu_binary_probe_option(QemuBinary *b, const char *name, GError **error);
/* The machine types and device types; owned by @b. */
const QemuMachines *qemu_binary_get_machines(QemuBinary *b, GError **error);
const QemuDevices *qemu_binary_get_devices(QemuBinary *b, GError **error);

/* The concrete machine type @machine names to this binary (NULL: its
 * default). A name the binary does not know (and NULL when it has no
 * default) is an error naming the binary and the closest names
 * (ROMRESOLVE_ERROR_INVALID_ARGUMENT). */
char *qemu_binary_resolve_machine(QemuBinary *b, const char *machine, GError **error);
/* The concrete machine types, in the binary's order (a new vector). */
char **qemu_binary_get_machine_types(QemuBinary *b, GError **error);
/* Its data dirs (datadirs.h), in its order (a new vector). */
char **qemu_binary_get_data_dirs(QemuBinary *b, GError **error);
/* Its version ("7.2.22") and package string (NULL when none). */
gboolean qemu_binary_get_version(QemuBinary *b, char **version, char **package, GError **error);
/* Whether the binary sizes a PCI device's ROM BAR from an incoming
 * migration stream (the rom-resize patch group's x-rom-resize property, on
 * by default for every machine type: docs/qemu-integration.md): what
 * `-device TYPE,help` of a PCI device type it has says. FALSE for a binary
 * without it, or one that cannot say (no device types, no such help). */
gboolean qemu_binary_rom_resize(QemuBinary *b);
/* What the binary's -global check says of @names (classes.h). */
QemuClasses *qemu_binary_get_classes(QemuBinary *b, const char *const *names, GError **error);

#endif
