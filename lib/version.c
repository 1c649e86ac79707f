/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 0: versions ending machine type names, and globs. */
#include "internal.h"

#include <string.h>

gboolean romresolve_version_validate(const char *text)
{
	const char *p = text;

	for (;;) {
		if (!g_ascii_isdigit(*p))
			return FALSE;
		while (g_ascii_isdigit(*p))
			p++;
		if (*p == '\0')
			return TRUE;
		if (*p++ != '.')
			return FALSE;
	}
}

const char *romresolve_machine_get_version(const char *machine)
{
	const char *dash = machine ? strrchr(machine, '-') : NULL;

	if (dash && romresolve_version_validate(dash + 1))
		return dash + 1;
	return NULL;
}

/* Compare the decimal component at each of *a and *b, any length, without
 * overflow (leading zeros do not count; an empty component is 0); step both
 * past it and past the separator that follows. */
static int component_compare(const char **a, const char **b)
{
	const char *pa = *a, *pb = *b;
	size_t la = 0, lb = 0;
	int c;

	while (*pa == '0')
		pa++;
	while (*pb == '0')
		pb++;
	while (g_ascii_isdigit(pa[la]))
		la++;
	while (g_ascii_isdigit(pb[lb]))
		lb++;
	c = la != lb ? (la < lb ? -1 : 1) : strncmp(pa, pb, la);
	pa += la;
	pb += lb;
	*a = *pa ? pa + 1 : pa;
	*b = *pb ? pb + 1 : pb;
	return c < 0 ? -1 : c > 0;
}

int romresolve_version_compare(const char *a, const char *b)
{
	while (*a || *b) {
		int c = component_compare(&a, &b);
		if (c)
			return c;
	}
	return 0;
}

gboolean romresolve_globs_match(char *const *globs, const char *text)
{
	if (!globs)
		return TRUE;
	if (!text)
		return FALSE;
	for (; *globs; globs++)
		if (g_pattern_match_simple(*globs, text))
			return TRUE;
	return FALSE;
}
