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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	char *name;
	char *path; /* the most specific one; ROMRESOLVE_DEFAULT_NAME: embedded */
	gboolean mask;
	/* readdir said a regular file, so no stat was made: whether it is
	 * empty (a mask) is told by the read (romresolve_dropin_collect's
	 * comment), or by entry_is_mask() when a shadow must name it. */
	gboolean unmeasured;
} Entry;

static void entry_free(Entry *e)
{
	g_free(e->name);
	g_free(e->path);
	g_free(e);
}

static int entry_compare(gconstpointer a, gconstpointer b)
{
	return strcmp((*(Entry *const *)a)->name, (*(Entry *const *)b)->name);
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

/* Whether @e masks: measured now if readdir spared the stat. */
static gboolean entry_is_mask(Entry *e)
{
	struct stat st;

	if (e->unmeasured && stat(e->path, &st) == 0)
		e->mask = S_ISCHR(st.st_mode) || st.st_size == 0;
	e->unmeasured = FALSE;
	return e->mask;
}

static void scan_dir(const char *dir, GHashTable *entries, GPtrArray *shadowed, GPtrArray *problems)
{
	DIR *d = opendir(dir);
	g_autofree char *prefix = NULL;
	struct dirent *de;

	if (!d) {
		/* No such dir is the common case: nothing to say, nothing built. */
		if (errno != ENOENT) {
			int err = access(dir, R_OK | X_OK) < 0 ? errno : ENOTDIR;
			g_autofree char *msg =
			    g_strdup_printf("cannot read config dir: %s", g_strerror(err));
			add_problem(problems, dir, msg);
		}
		return;
	}
	/* As g_build_filename(dir, name) would join them. */
	prefix = g_strdup(dir);
	while (prefix[0] && prefix[1] && g_str_has_suffix(prefix, "/"))
		prefix[strlen(prefix) - 1] = '\0';
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		g_autofree char *path = NULL;
		struct stat st;
		Entry *e;

		if (!is_conf_name(name))
			continue;
		path = g_strconcat(prefix, prefix[1] ? "/" : "", name, NULL);
		e = g_hash_table_lookup(entries, name);
		if (e) {
			g_ptr_array_add(shadowed,
					g_strdup_printf("%s %s by %s", path,
							entry_is_mask(e) ? "masked" : "overridden",
							e->path));
			continue;
		}
		e = g_new0(Entry, 1);
		if (de->d_type == DT_REG) {
			e->unmeasured = TRUE; /* no stat: told by the read */
		} else if (stat(path, &st) < 0) {
			add_problem(problems, path, g_strerror(errno));
			g_free(e);
			continue;
		} else if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
			add_problem(problems, path, "not a regular file");
			g_free(e);
			continue;
		} else {
			/* An empty file, or a link to /dev/null (a character device). */
			e->mask = S_ISCHR(st.st_mode) || st.st_size == 0;
		}
		e->name = g_strdup(name);
		e->path = g_steal_pointer(&path);
		g_hash_table_insert(entries, e->name, e);
	}
	closedir(d);
}

void romresolve_dropin_collect(const char *root, const char *const *config_dirs, GPtrArray *files,
			       GPtrArray *shadowed, GPtrArray *problems)
{
	g_autoptr(GHashTable) entries =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)entry_free);
	g_autoptr(GPtrArray) sorted = NULL;
	GHashTableIter iter;
	Entry *e;

	for (const char *const *dir = config_dirs; *dir; dir++) {
		g_autofree char *full = romresolve_path_join_root(root, *dir);
		scan_dir(full, entries, shadowed, problems);
	}
	/* The embedded default: the least specific file of its name. */
	e = g_hash_table_lookup(entries, ROMRESOLVE_DEFAULT_FILE);
	if (e) {
		g_ptr_array_add(
		    shadowed, g_strdup_printf("%s %s by %s", ROMRESOLVE_DEFAULT_NAME,
					      entry_is_mask(e) ? "masked" : "overridden", e->path));
	} else {
		e = g_new0(Entry, 1);
		e->name = g_strdup(ROMRESOLVE_DEFAULT_FILE);
		e->path = g_strdup(ROMRESOLVE_DEFAULT_NAME);
		g_hash_table_insert(entries, e->name, e);
	}
	/* Directory order is the file system's: sort to be reproducible. */
	g_ptr_array_sort(shadowed, romresolve_str_compare);

	sorted = g_ptr_array_sized_new(g_hash_table_size(entries));
	g_hash_table_iter_init(&iter, entries);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *)&e))
		g_ptr_array_add(sorted, e);
	g_ptr_array_sort(sorted, entry_compare);
	for (guint i = 0; i < sorted->len; i++) {
		e = sorted->pdata[i];
		if (!e->mask)
			g_ptr_array_add(files, g_strdup(e->path));
	}
}
