/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 1: machine-type rules: matching, maps, no-rom, ceilings, getters. */
#include "internal.h"

#include <string.h>

void romresolve_rule_init(RomresolveRule *rule, const char *name)
{
	memset(rule, 0, sizeof(*rule));
	rule->name = name;
}

void romresolve_rule_place(RomresolveRule *rule, const char *file, unsigned line)
{
	rule->file = file;
	rule->line = line;
	rule->arch_text = rule->arch ? romresolve_words_text(rule->arch) : "*";
}

/* A rule's rom-size pins the names it maps, or every name when it maps none:
 * pinning a 64 KiB VGA BIOS at a NIC ROM's 256 KiB would itself break
 * migration from a stock host. */
uint64_t romresolve_rule_pinned(const RomresolveRule *rule, const char *name)
{
	return rule->n_maps == 0 || romresolve_rule_map(rule, name) ? rule->rom_size : 0;
}

uint64_t romresolve_rule_ceiling(const RomresolveRule *rule, const char *name)
{
	uint64_t pinned = romresolve_rule_pinned(rule, name);

	if (pinned && (!rule->max_size || pinned < rule->max_size))
		return pinned;
	return rule->max_size;
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
	for (guint i = 0; i < rule->n_maps; i++) {
		const RomresolveMap *m = &rule->maps[i];
		if (strcmp(m->from, name) == 0)
			return m->to;
	}
	return NULL;
}

gboolean romresolve_rule_is_no_rom(const RomresolveRule *rule, const char *name)
{
	return rule->no_rom && g_strv_contains((const char *const *)rule->no_rom, name);
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

const char *romresolve_rule_get_max_size_file(const RomresolveRule *rule)
{
	return rule->max_size_file;
}

unsigned romresolve_rule_get_max_size_line(const RomresolveRule *rule)
{
	return rule->max_size_line;
}

const char *romresolve_rule_get_rom_size_file(const RomresolveRule *rule)
{
	return rule->rom_size_file;
}

unsigned romresolve_rule_get_rom_size_line(const RomresolveRule *rule)
{
	return rule->rom_size_line;
}

const char *romresolve_rule_get_arch(const RomresolveRule *rule)
{
	return rule->arch_text;
}

guint romresolve_rule_get_n_maps(const RomresolveRule *rule)
{
	return rule->n_maps;
}

const char *romresolve_rule_get_map_from(const RomresolveRule *rule, guint i)
{
	g_return_val_if_fail(i < rule->n_maps, NULL);
	return rule->maps[i].from;
}

const char *romresolve_rule_get_map_to(const RomresolveRule *rule, guint i)
{
	g_return_val_if_fail(i < rule->n_maps, NULL);
	return rule->maps[i].to;
}

/* Where the ceiling for @name was set: rom-size's line where it is the
 * smaller and pins @name, else max-size's; the section's as a fallback. */
static gboolean rom_size_rules(const RomresolveRule *rule, const char *name)
{
	uint64_t pinned = romresolve_rule_pinned(rule, name);

	return pinned && (!rule->max_size || pinned < rule->max_size);
}

const char *romresolve_rule_get_ceiling_file(const RomresolveRule *rule, const char *name)
{
	const char *f = rom_size_rules(rule, name) ? rule->rom_size_file : rule->max_size_file;

	return f ? f : rule->file;
}

unsigned romresolve_rule_get_ceiling_line(const RomresolveRule *rule, const char *name)
{
	const char *f = rom_size_rules(rule, name) ? rule->rom_size_file : rule->max_size_file;

	if (!f)
		return rule->line;
	return rom_size_rules(rule, name) ? rule->rom_size_line : rule->max_size_line;
}
