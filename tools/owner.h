/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which package owns a file: what `explain` adds to each candidate, from
 * the package database of the host, or of --root's tree: dpkg's
 * (`dpkg-query --admindir=ROOT/var/lib/dpkg -S`, once for all the paths
 * asked), else rpm's (`rpm --root ROOT --dbpath DIR -qf`), each when the
 * tree has the database and the program is on PATH. A tree with neither
 * (a build tree, a fixture) has no owners: nothing is shown.
 */
#ifndef ROMRESOLVE_OWNER_H
#define ROMRESOLVE_OWNER_H

#include <glib.h>

/*
 * The owners of @paths (NULL-terminated; full paths, @root's prefix
 * included): a new table of path -> package for each path a package owns
 * (several packages: "a, b"), or NULL when @root ("" or NULL: the host) has
 * no package database.
 */
GHashTable *cli_owners_lookup(const char *root, const char *const *paths);

#endif
