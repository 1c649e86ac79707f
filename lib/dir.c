/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Search directories: paths, filters, order. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

void romresolve_dir_free(RomresolveDir *dir)
{
	g_free(dir->path);
	g_free(dir->full_path);
	free(dir->real_path);
	g_strfreev(dir->arch);
	g_strfreev(dir->machine);
	g_free(dir->arch_text);
	g_free(dir->machine_text);
	g_free(dir);
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

void romresolve_dirs_inspect(GPtrArray *dirs)
{
	for (guint i = 0; i < dirs->len; i++) {
		RomresolveDir *dir = dirs->pdata[i];
		struct stat st;

		if (dir->strict_modes && stat(dir->full_path, &st) == 0 &&
		    (st.st_mode & (S_IWGRP | S_IWOTH)))
			dir->unsafe_mode = st.st_mode & 07777;
	}
}

/* The dir with symlinks resolved, or NULL if it does not exist: worked out
 * on first use (only a symlinked candidate needs it), once, thread-safely. */
static const char *dir_real_path(RomresolveDir *dir)
{
	if (g_once_init_enter(&dir->real_path_once)) {
		dir->real_path = realpath(dir->full_path, NULL);
		g_once_init_leave(&dir->real_path_once, 1);
	}
	return dir->real_path;
}

gboolean romresolve_dirs_contain(GPtrArray *dirs, const char *real_path)
{
	for (guint i = 0; i < dirs->len; i++) {
		const char *dir = dir_real_path(dirs->pdata[i]);
		size_t len = dir ? strlen(dir) : 0;

		if (len && strncmp(real_path, dir, len) == 0 &&
		    (real_path[len] == '/' || strcmp(dir, "/") == 0))
			return TRUE;
	}
	return FALSE;
}

static gboolean dir_applies(gconstpointer dir, const char *arch, const char *machine)
{
	return romresolve_dir_applies(dir, arch, machine);
}

GPtrArray *romresolve_context_get_dirs(const RomresolveContext *ctx, const char *arch,
				       const char *machine, GError **error)
{
	return romresolve_context_filter(ctx->dirs, arch, machine, dir_applies, error);
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
