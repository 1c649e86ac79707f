/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Machine types: globs, the version that ends a name, machine-type rules. */
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

gboolean romresolve_machine_validate(const char *machine, GError **error)
{
	if (machine && *machine) {
		const char *p;
		for (p = machine; *p; p++)
			if (!g_ascii_isgraph(*p) || *p == '/')
				break;
		if (*p == '\0')
			return TRUE;
	}
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
		    "invalid machine type '%s'", machine ? machine : "");
	return FALSE;
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

gboolean romresolve_rule_applies(const RomresolveRule *rule, const char *arch, const char *machine)
{
	const char *version;

	if (!machine || !romresolve_arch_list_contains(rule->arch, arch) ||
	    !romresolve_globs_match(rule->match, machine))
		return FALSE;
	if (!rule->since && !rule->until)
		return TRUE;
	version = romresolve_machine_get_version(machine);
	if (!version)
		return FALSE;
	if (rule->since && romresolve_version_compare(version, rule->since) < 0)
		return FALSE;
	if (rule->until && romresolve_version_compare(version, rule->until) > 0)
		return FALSE;
	return TRUE;
}

const char *romresolve_rule_map(const RomresolveRule *rule, const char *name)
{
	for (guint i = 0; i < rule->maps->len; i++) {
		const RomresolveMap *m = &g_array_index(rule->maps, RomresolveMap, i);
		if (strcmp(m->from, name) == 0)
			return m->to;
	}
	return NULL;
}

gboolean romresolve_rule_is_no_rom(const RomresolveRule *rule, const char *name)
{
	return rule->no_rom && g_strv_contains((const char *const *)rule->no_rom, name);
}

void romresolve_rule_free(RomresolveRule *rule)
{
	for (guint i = 0; i < rule->maps->len; i++) {
		RomresolveMap *m = &g_array_index(rule->maps, RomresolveMap, i);
		g_free(m->from);
		g_free(m->to);
	}
	g_array_unref(rule->maps);
	g_free(rule->name);
	g_strfreev(rule->arch);
	g_strfreev(rule->match);
	g_strfreev(rule->no_rom);
	g_free(rule->since);
	g_free(rule->until);
	g_free(rule);
}

static gboolean rule_applies(gconstpointer rule, const char *arch, const char *machine)
{
	return romresolve_rule_applies(rule, arch, machine);
}

GPtrArray *romresolve_context_get_rules(const RomresolveContext *ctx, const char *arch,
					const char *machine, GError **error)
{
	return romresolve_context_filter(ctx->rules, arch, machine, rule_applies, error);
}

const char *romresolve_rule_get_name(const RomresolveRule *rule)
{
	return rule->name;
}

uint64_t romresolve_rule_get_max_size(const RomresolveRule *rule)
{
	return rule->max_size;
}

uint64_t romresolve_rule_get_rom_size(const RomresolveRule *rule)
{
	return rule->rom_size;
}

const char *romresolve_rule_get_map(const RomresolveRule *rule, const char *name)
{
	return romresolve_rule_map(rule, name);
}

const char *const *romresolve_rule_get_no_rom(const RomresolveRule *rule)
{
	static const char *const none[] = {NULL};

	return rule->no_rom ? (const char *const *)rule->no_rom : none;
}

const char *romresolve_rule_get_file(const RomresolveRule *rule)
{
	return rule->file;
}

unsigned romresolve_rule_get_line(const RomresolveRule *rule)
{
	return rule->line;
}
