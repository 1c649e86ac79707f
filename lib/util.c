/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 0: paths and string helpers. */
#include "internal.h"

#include <string.h>

char *romresolve_path_normalize(const char *path)
{
	g_autoptr(GString) out = NULL;

	if (!path || path[0] != '/')
		return NULL;
	out = g_string_sized_new(strlen(path));
	for (const char *p = path; *p;) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return NULL;
		g_string_append_c(out, '/');
		g_string_append_len(out, p, (gssize)n);
		p += n;
	}
	if (out->len == 0)
		g_string_append_c(out, '/');
	return g_string_free(g_steal_pointer(&out), FALSE);
}

char *romresolve_path_join_root(const char *root, const char *path)
{
	if (!root || !*root)
		return g_strdup(path);
	return g_strconcat(root, strcmp(path, "/") == 0 ? "" : path, NULL);
}

int romresolve_str_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}
