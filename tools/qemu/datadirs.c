/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's data dirs (its `-L help`); see datadirs.h. */
#include "datadirs.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* @dir as QEMU opens files in it: what comes before its last ".." through
 * its links (realpath: /bin/.. is / only where /bin is no link), the rest
 * as it is (a link there is followed when a file is opened). Stock QEMU
 * prints every dir as BINDIR/../REST: *@prefix and *@real keep the last
 * prefix resolved, so that the three of them cost one realpath. A prefix
 * that does not exist is taken lexically (g_canonicalize_filename drops .
 * and ..). */
static char *canonical_dir(const char *dir, char **prefix, char **real)
{
	const char *dots = NULL;
	g_autofree char *head = NULL, *joined = NULL;
	char buf[PATH_MAX];

	for (const char *p = strstr(dir, "/.."); p; p = strstr(p + 1, "/.."))
		if (p[3] == '/' || p[3] == '\0')
			dots = p + 3;
	if (!dots)
		return g_canonicalize_filename(dir, "/");
	head = g_strndup(dir, (size_t)(dots - dir));
	if (!*prefix || strcmp(*prefix, head) != 0) {
		g_free(*prefix);
		g_free(*real);
		*prefix = g_strdup(head);
		*real = realpath(head, buf) ? g_strdup(buf) : g_canonicalize_filename(head, "/");
	}
	joined = g_strconcat(*real, dots, NULL);
	return g_canonicalize_filename(joined, "/");
}

char **qemu_data_dirs_parse(const char *help_text)
{
	GPtrArray *out = g_ptr_array_new_null_terminated(4, g_free, TRUE);
	g_auto(GStrv) lines = g_strsplit(help_text, "\n", -1);
	g_autofree char *prefix = NULL, *real = NULL;

	for (char **l = lines; *l; l++) {
		g_autofree char *dir = NULL;
		gboolean seen = FALSE;

		/* A path, nothing else: no control characters (a line end is
		 * the separator). */
		if (!g_path_is_absolute(*l) || strlen(*l) >= PATH_MAX)
			continue;
		for (const char *p = *l; *p && !seen; p++)
			seen = g_ascii_iscntrl(*p);
		if (seen)
			continue;
		dir = canonical_dir(*l, &prefix, &real);
		for (guint i = 0; i < out->len && !seen; i++)
			seen = strcmp(out->pdata[i], dir) == 0;
		if (!seen)
			g_ptr_array_add(out, g_steal_pointer(&dir));
	}
	return (char **)g_ptr_array_free(out, FALSE);
}
