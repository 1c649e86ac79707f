/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's data dirs (its `-L help`); see datadirs.h. */
#include "datadirs.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* @dir as QEMU opens files in it: through its links (realpath), else, when
 * it does not exist, lexically (g_canonicalize_filename drops . and ..). */
static char *canonical_dir(const char *dir)
{
	char buf[PATH_MAX];

	if (realpath(dir, buf))
		return g_strdup(buf);
	return g_canonicalize_filename(dir, "/");
}

char **qemu_data_dirs_parse(const char *help_text)
{
	GPtrArray *out = g_ptr_array_new_null_terminated(4, g_free, TRUE);
	g_auto(GStrv) lines = g_strsplit(help_text, "\n", -1);

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
		dir = canonical_dir(*l);
		for (guint i = 0; i < out->len && !seen; i++)
			seen = strcmp(out->pdata[i], dir) == 0;
		if (!seen)
			g_ptr_array_add(out, g_steal_pointer(&dir));
	}
	return (char **)g_ptr_array_free(out, FALSE);
}
