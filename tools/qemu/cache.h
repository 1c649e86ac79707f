/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cache of what a QEMU binary says of itself (its option table, device
 * types, machine types, data dirs, version, ...), one set of files per
 * binary, keyed by its path, device, inode, size, mtime and ctime: exec and
 * every command that asks a binary for its facts share it.
 *
 * Only the caller can write it: the dir must be the caller's own (euid), not
 * a symlink, not writable by group or others; so must every file read from
 * it. A cache that fails any of that is not used (QEMU is asked again), and
 * is never an error.
 */
#ifndef ROMRESOLVE_QEMU_CACHE_H
#define ROMRESOLVE_QEMU_CACHE_H

#include <glib.h>

/* The most a cached text (or a binary's answer) may hold. */
#define QEMU_OUTPUT_MAX (4 * 1024 * 1024)

typedef struct QemuCache QemuCache;

/* @dir: NULL for no cache. Creates the dir (0700) when missing. Never NULL. */
QemuCache *qemu_cache_open(const char *dir);
void qemu_cache_free(QemuCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuCache, qemu_cache_free)

/* TRUE when the dir passed the checks. */
gboolean qemu_cache_usable(const QemuCache *cache);
/* The text cached under @key.@what, or NULL. */
char *qemu_cache_get(QemuCache *cache, const char *key, const char *what);
/* Store it (atomically: a temp file renamed); failures are ignored. */
void qemu_cache_put(QemuCache *cache, const char *key, const char *what, const char *text);

/* The key of a binary: a hash of its path and stat; NULL if it cannot be
 * stat'ed. */
char *qemu_cache_key(const char *path);

#endif
