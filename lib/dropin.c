/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Layer 2: drop-in directories: *.conf files merged by name. A file in a more
 * specific directory overrides one of the same name in a less specific one;
 * an empty file or a link to /dev/null masks it; the survivors are read in
 * lexical order of their names. The embedded default takes part as
 * /usr/share/qemu/romresolve.d/00-default.conf: a real file of that name
 * overrides or masks it.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first 8 bytes of @name (0 after its end), big-endian: keys that
 * differ order the names as strcmp() does. */
static guint64 name_key(const char *name)
{
	guint64 k = 0;

	for (int i = 0; i < 8; i++) {
		k <<= 8;
		if (*name)
			k |= (unsigned char)*name++;
	}
	return k;
}

static gboolean entry_before(const RomresolveDropin *a, const RomresolveDropin *b)
{
	return a->key != b->key ? a->key < b->key : strcmp(a->name, b->name) < 0;
}

/* Sort @v by name: a merge sort, bottom-up; most names differ in their
 * first 8 bytes, which compare as one integer. */
static void sort_entries(RomresolveDropin **v, guint n)
{
	RomresolveDropin **tmp = g_new(RomresolveDropin *, n), **src = v, **dst = tmp, **swap;

	for (guint width = 1; width < n; width *= 2) {
		for (guint lo = 0; lo < n; lo += 2 * width) {
			guint mid = MIN(lo + width, n), hi = MIN(lo + 2 * width, n);
			guint i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				dst[k++] = entry_before(src[j], src[i]) ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	g_free(tmp);
}

/* The entries by name: open addressing, at most half full (a GHashTable
 * resizes and rehashes its way up to a thousand names). */
typedef struct {
	RomresolveDropin **slots;
	guint32 *hashes;
	guint mask, used;
} Index;

static guint32 name_hash(const char *name)
{
	guint32 h = 2166136261u; /* FNV-1a */

	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = (h ^ *c) * 16777619u;
	return h;
}

/* The slot of @name: its entry, or the empty slot it would take. */
static guint index_find(const Index *index, const char *name, guint32 hash)
{
	guint i = hash & index->mask;

	while (index->slots[i] &&
	       (index->hashes[i] != hash || strcmp(index->slots[i]->name, name) != 0))
		i = (i + 1) & index->mask;
	return i;
}

static void index_resize(Index *index, guint size)
{
	Index old = *index;

	index->slots = g_new0(RomresolveDropin *, size);
	index->hashes = g_new(guint32, size);
	index->mask = size - 1;
	for (guint i = 0; old.slots && i <= old.mask; i++) {
		if (old.slots[i]) {
			guint j = index_find(index, old.slots[i]->name, old.hashes[i]);
			index->slots[j] = old.slots[i];
			index->hashes[j] = old.hashes[i];
		}
	}
	g_free(old.slots);
	g_free(old.hashes);
}

static void index_add(Index *index, guint slot, guint32 hash, RomresolveDropin *e)
{
	index->slots[slot] = e;
	index->hashes[slot] = hash;
	if (++index->used * 2 > index->mask + 1)
		index_resize(index, (index->mask + 1) * 2);
}

static gboolean is_conf_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 5 && strcmp(name + len - 5, ".conf") == 0;
}

static void add_problem(GPtrArray *problems, const char *path, const char *message)
{
	g_ptr_array_add(problems, g_strdup_printf("%s\t%s", path, message));
}

/* The mask rule: an empty regular file, or a link to /dev/null. Told by a
 * stat only for a file that cannot be read (the read of a regular file
 * tells its emptiness: a procfs file's size says 0, its text does not). */
static gboolean stat_is_mask(const struct stat *st)
{
	return romresolve_stat_is_dev_null(st) || (S_ISREG(st->st_mode) && st->st_size == 0);
}

gboolean romresolve_dropin_is_mask(RomresolveDropin *e)
{
	struct stat st;

	if (e->unmeasured && fstatat(e->dirfd, e->name, &st, 0) == 0)
		e->mask = stat_is_mask(&st);
	e->unmeasured = FALSE;
	return e->mask;
}

/* A new entry: @prefix "/" @name in one block with it, in @set's storage. */
static RomresolveDropin *entry_new(RomresolveDropins *set, int dirfd, const char *prefix,
				   const char *name)
{
	size_t plen = strlen(prefix), nlen = strlen(name);
	gboolean slash = plen > 1; /* "/" + name is "/name" */
	RomresolveDropin *e =
	    romresolve_arena_alloc(&set->arena, sizeof(*e) + plen + slash + nlen + 1);

	e->dirfd = dirfd;
	e->mask = e->unmeasured = e->shadows = FALSE;
	e->by = NULL;
	memcpy(e->path, prefix, plen);
	if (slash)
		e->path[plen] = '/';
	memcpy(e->path + plen + slash, name, nlen + 1);
	e->name = e->path + plen + slash;
	e->key = name_key(e->name);
	return e;
}

/* @name in @dir, as a file of the same name shadows it: described once the
 * files were read (a read tells an empty file, without a stat). */
static void add_shadowed(RomresolveDropins *set, int dirfd, const char *dir, const char *name,
			 RomresolveDropin *by)
{
	RomresolveDropin *e = entry_new(set, dirfd, dir, name);

	e->by = by;
	by->shadows = TRUE;
	g_ptr_array_add(set->shadowed, e);
}

static void scan_dir(RomresolveDropins *set, const char *dir, Index *entries, GPtrArray *all)
{
	DIR *d = opendir(dir);
	g_autofree char *prefix = NULL;
	struct dirent *de;
	int fd;

	if (!d) {
		/* No such dir is the common case: nothing to say, nothing built. */
		if (errno != ENOENT) {
			int err = access(dir, R_OK | X_OK) < 0 ? errno : ENOTDIR;
			g_autofree char *msg =
			    g_strdup_printf("cannot read config dir: %s", g_strerror(err));
			add_problem(set->problems, dir, msg);
		}
		return;
	}
	/* Open until the files are read: they are opened relative to it. */
	g_ptr_array_add(set->open_dirs, d);
	fd = dirfd(d);
	/* As g_build_filename(dir, name) would join them. */
	prefix = g_strdup(dir);
	while (prefix[0] && prefix[1] && g_str_has_suffix(prefix, "/"))
		prefix[strlen(prefix) - 1] = '\0';
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		RomresolveDropin *e;
		struct stat st;
		const char *problem = NULL;
		guint32 hash;
		guint slot;

		if (!is_conf_name(name))
			continue;
		hash = name_hash(name);
		slot = index_find(entries, name, hash);
		e = entries->slots[slot];
		if (e) {
			add_shadowed(set, fd, prefix, name, e);
			continue;
		}
		e = entry_new(set, fd, prefix, name);
		/* A regular file: no stat, its one read tells what it holds. A
		 * link or else: what it leads to, so that a device is never
		 * opened (only /dev/null, a mask). */
		if (ROMRESOLVE_DIRENT_TYPE(de) == DT_REG)
			e->unmeasured = TRUE;
		else if (fstatat(fd, name, &st, 0) < 0)
			problem = g_strerror(errno);
		else if (romresolve_stat_is_dev_null(&st))
			e->mask = TRUE;
		else if (S_ISREG(st.st_mode))
			e->unmeasured = TRUE;
		else
			problem = "not a regular file, nor a link to /dev/null";
		/* A file with a problem still takes its name's place: a less
		 * specific file of that name is not read in its stead. */
		index_add(entries, slot, hash, e);
		if (problem) {
			add_problem(set->problems, e->path, problem);
			continue;
		}
		g_ptr_array_add(all, e);
	}
}

void romresolve_dropins_collect(RomresolveDropins *set, const char *root,
				const char *const *config_dirs)
{
	Index entries = {0};
	RomresolveDropin *e;

	set->files = g_ptr_array_new();
	set->shadowed = g_ptr_array_new();
	set->open_dirs = g_ptr_array_new();
	set->problems = g_ptr_array_new_with_free_func(g_free);
	set->arena.head = NULL;
	index_resize(&entries, 256);
	for (const char *const *dir = config_dirs; *dir; dir++) {
		g_autofree char *full = romresolve_path_join_root(root, *dir);
		scan_dir(set, full, &entries, set->files);
	}
	/* The embedded default: the least specific file of its name. */
	e = entries.slots[index_find(&entries, ROMRESOLVE_DEFAULT_FILE,
				     name_hash(ROMRESOLVE_DEFAULT_FILE))];
	g_free(entries.slots);
	g_free(entries.hashes);
	if (e) {
		add_shadowed(set, -1, "", ROMRESOLVE_DEFAULT_NAME, e);
	} else {
		e = entry_new(set, -1, "", ROMRESOLVE_DEFAULT_NAME);
		e->name = ROMRESOLVE_DEFAULT_FILE; /* sorted by the name it is read as */
		e->key = name_key(e->name);
		g_ptr_array_add(set->files, e);
	}
	/* Directory order is the file system's: sort to be reproducible. */
	sort_entries((RomresolveDropin **)set->files->pdata, set->files->len);
}

void romresolve_dropins_describe(RomresolveDropins *set, GPtrArray *out)
{
	guint first = out->len;

	for (guint i = 0; i < set->shadowed->len; i++) {
		RomresolveDropin *e = set->shadowed->pdata[i];

		/* No printf: one per shadowed file. */
		g_ptr_array_add(out,
				g_strconcat(e->path,
					    romresolve_dropin_is_mask(e->by) ? " masked by "
									     : " overridden by ",
					    e->by->path, NULL));
	}
	/* Directory order is the file system's: sort to be reproducible
	 * (none: pdata may be NULL, which qsort must not get). */
	if (out->len > first)
		qsort(out->pdata + first, out->len - first, sizeof(gpointer),
		      romresolve_str_compare);
}

void romresolve_dropins_clear(RomresolveDropins *set)
{
	for (guint i = 0; set->open_dirs && i < set->open_dirs->len; i++)
		closedir(set->open_dirs->pdata[i]);
	g_clear_pointer(&set->open_dirs, g_ptr_array_unref);
	g_clear_pointer(&set->files, g_ptr_array_unref);
	g_clear_pointer(&set->shadowed, g_ptr_array_unref);
	g_clear_pointer(&set->problems, g_ptr_array_unref);
	romresolve_arena_clear(&set->arena);
}
