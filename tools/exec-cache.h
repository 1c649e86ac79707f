/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec's cache of what a QEMU binary says of itself (its option table, its
 * device types, its machine types), one set of files per binary, keyed by
 * its path, device, inode, size, mtime and ctime.
 *
 * Only the caller can write it: the dir must be the caller's own (euid), not
 * a symlink, not writable by group or others; so must every file read from
 * it. A cache that fails any of that is not used (QEMU is asked again), and
 * is never an error.
 */
#ifndef ROMRESOLVE_EXEC_CACHE_H
#define ROMRESOLVE_EXEC_CACHE_H

#include <glib.h>

typedef struct ExecCache ExecCache;

/* @dir: NULL for no cache. Creates the dir (0700) when missing. Never NULL. */
ExecCache *exec_cache_open(const char *dir);
void exec_cache_free(ExecCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ExecCache, exec_cache_free)

/* TRUE when the dir passed the checks. */
gboolean exec_cache_usable(const ExecCache *cache);
/* The text cached under @key.@what, or NULL. */
char *exec_cache_get(ExecCache *cache, const char *key, const char *what);
/* Store it (atomically: a temp file renamed); failures are ignored. */
void exec_cache_put(ExecCache *cache, const char *key, const char *what, const char *text);

/* The key of a binary: a hash of its path and stat; NULL if it cannot be
 * stat'ed. */
char *exec_cache_key(const char *path);

#endif
