/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host's baseline: its manifest as `manifest --save` (and `check
 * --update`) kept it, /var/lib/romresolve/baseline.json (under --root,
 * inside the root), which `check` compares with when it exists and the
 * package triggers run `check` for. And the host a manifest names.
 */
#ifndef ROMRESOLVE_BASELINE_H
#define ROMRESOLVE_BASELINE_H

#include "manifest.h"

#define CLI_BASELINE_PATH "/var/lib/romresolve/baseline.json"

/* The baseline's path under @root ("" or NULL: the host): a new string. */
char *cli_baseline_path(const char *root);

/* Write @m to @path at once: a new file beside it, written, synced, then
 * renamed over @path (a reader sees the old baseline or the new one, never
 * part of one), mode 0644; the dir made (0755) when missing. */
gboolean cli_baseline_save(const Manifest *m, const char *path, GError **error);

/* The name of the host under @root ("" or NULL: this machine's,
 * gethostname): the first line of the root's /etc/hostname, else the
 * root's path (a build tree has no name). A new string. */
char *cli_host_name(const char *root);

#endif
