/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's version (its `-version`); see version.h. */
#include "version.h"

#include <string.h>

gboolean qemu_version_parse(const char *text, char **version, char **package)
{
	static const char prefix[] = "QEMU emulator version ";
	size_t line = strcspn(text, "\n"), n;
	const char *v = text + strlen(prefix), *open, *close;

	*version = *package = NULL;
	if (line <= strlen(prefix) || strncmp(text, prefix, strlen(prefix)) != 0)
		return FALSE;
	/* The version: digits and dots (and what a build appends: "-rc1"). */
	n = strcspn(v, " \t\n");
	if (n == 0 || n > 64 || !g_ascii_isdigit(v[0]))
		return FALSE;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isgraph(v[i]))
			return FALSE;
	*version = g_strndup(v, n);
	open = v + n;
	while (*open == ' ')
		open++;
	close = *open == '(' ? memchr(open, ')', (size_t)(text + line - open)) : NULL;
	if (close && close > open + 1 && close - open <= 256) {
		const char *p = open + 1;

		while (p < close && !g_ascii_iscntrl(*p))
			p++;
		if (p == close)
			*package = g_strndup(open + 1, (size_t)(close - open - 1));
	}
	return TRUE;
}
