/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 1: search directories: filters, order, ceiling, getters. */
#include "internal.h"

#include <string.h>
#include <unistd.h>

void romresolve_dir_init(RomresolveDir *dir, const char *path)
{
	memset(dir, 0, sizeof(*dir));
	dir->path = path;
	dir->priority = ROMRESOLVE_DEFAULT_PRIORITY;
	dir->strict_modes = TRUE;
	dir->enabled = TRUE;
	dir->fd = -1;
}

void romresolve_dir_place(RomresolveDir *dir, const char *full_path, const char *file,
			  unsigned line, guint order)
{
	dir->full_path = full_path;
	dir->file = file;
	dir->line = line;
	dir->order = order;
	dir->arch_text = dir->arch ? romresolve_words_text(dir->arch) : "*";
	dir->machine_text = dir->machine ? romresolve_words_text(dir->machine) : NULL;
}

void romresolve_dir_clear(RomresolveDir *dir)
{
	/* The dir and its vectors are the config's (config.c). */
	if (dir->fd >= 0)
		close(dir->fd);
	dir->fd = -1;
}

gboolean romresolve_dir_applies(const RomresolveDir *dir, const char *arch, const char *machine)
{
	return romresolve_arch_list_contains(dir->arch, arch) &&
	       romresolve_globs_match(dir->machine, machine);
}

static int dir_compare(gconstpointer a, gconstpointer b)
{
	const RomresolveDir *da = *(RomresolveDir *const *)a;
	const RomresolveDir *db = *(RomresolveDir *const *)b;

	if (da->priority != db->priority)
		return da->priority < db->priority ? -1 : 1;
	return da->order < db->order ? -1 : da->order > db->order;
}

void romresolve_dirs_sort(GPtrArray *dirs)
{
	g_ptr_array_sort(dirs, dir_compare);
}

uint64_t romresolve_dir_ceiling(const RomresolveDir *dir)
{
	return dir->rom_size && dir->rom_size < dir->max_size ? dir->rom_size : dir->max_size;
}

const char *romresolve_dir_get_path(const RomresolveDir *dir)
{
	return dir->path;
}

const char *romresolve_dir_get_full_path(const RomresolveDir *dir)
{
	return dir->full_path;
}

int romresolve_dir_get_priority(const RomresolveDir *dir)
{
	return dir->priority;
}

uint64_t romresolve_dir_get_max_size(const RomresolveDir *dir)
{
	return dir->max_size;
}

uint64_t romresolve_dir_get_rom_size(const RomresolveDir *dir)
{
	return dir->rom_size;
}

const char *romresolve_dir_get_arch(const RomresolveDir *dir)
{
	return dir->arch_text;
}

const char *romresolve_dir_get_machine(const RomresolveDir *dir)
{
	return dir->machine_text;
}

gboolean romresolve_dir_get_strict_modes(const RomresolveDir *dir)
{
	return dir->strict_modes;
}

const char *romresolve_dir_get_file(const RomresolveDir *dir)
{
	return dir->file;
}

unsigned romresolve_dir_get_line(const RomresolveDir *dir)
{
	return dir->line;
}

const char *romresolve_dir_get_max_size_file(const RomresolveDir *dir)
{
	return dir->max_size_file;
}

unsigned romresolve_dir_get_max_size_line(const RomresolveDir *dir)
{
	return dir->max_size_line;
}

const char *romresolve_dir_get_rom_size_file(const RomresolveDir *dir)
{
	return dir->rom_size_file;
}

unsigned romresolve_dir_get_rom_size_line(const RomresolveDir *dir)
{
	return dir->rom_size_line;
}

gboolean romresolve_dir_ceiling_origin(const RomresolveDir *dir, const char **file, unsigned *line)
{
	/* rom-size when it is the smaller, or what max-size defaulted to. */
	if (dir->rom_size && dir->rom_size <= dir->max_size && dir->rom_size_file) {
		*file = dir->rom_size_file;
		*line = dir->rom_size_line;
	} else {
		*file = dir->max_size_file;
		*line = dir->max_size_line;
	}
	return *file != NULL;
}

const char *romresolve_dir_get_ceiling_file(const RomresolveDir *dir)
{
	const char *file;
	unsigned line;

	return romresolve_dir_ceiling_origin(dir, &file, &line) ? file : dir->file;
}

unsigned romresolve_dir_get_ceiling_line(const RomresolveDir *dir)
{
	const char *file;
	unsigned line;

	return romresolve_dir_ceiling_origin(dir, &file, &line) ? line : dir->line;
}
