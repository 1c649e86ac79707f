/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which package owns a file; see owner.h. */
#include "owner.h"

#include <string.h>

/* rpm's database, where distributions keep it. */
static const char *const rpm_dbs[] = {
    "/usr/lib/sysimage/rpm/rpmdb.sqlite",
    "/var/lib/rpm/rpmdb.sqlite",
    "/var/lib/rpm/Packages.db",
    "/var/lib/rpm/Packages",
};

/* Add @package to what owns @path in @out. */
static void add_owner(GHashTable *out, const char *path, const char *package)
{
	const char *had = g_hash_table_lookup(out, path);

	if (!had) {
		g_hash_table_insert(out, g_strdup(path), g_strdup(package));
	} else if (strcmp(had, package) != 0) {
		char *both = g_strdup_printf("%s, %s", had, package);
		g_hash_table_insert(out, g_strdup(path), both);
	}
}

static int sort_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dpkg: each PACKAGE[:ARCH].list of ROOT/var/lib/dpkg/info names the files
 * of the package, one a line, as installed (root not prefixed). */
static GHashTable *dpkg_owners(const char *root, GHashTable *wanted)
{
	g_autofree char *info = g_strconcat(root, "/var/lib/dpkg/info", NULL);
	g_autoptr(GDir) dir = g_dir_open(info, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	GHashTable *out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const char *entry;

	while (dir && (entry = g_dir_read_name(dir)))
		if (g_str_has_suffix(entry, ".list"))
			g_ptr_array_add(names, g_strdup(entry));
	/* Several owners: in the order of their names, whatever readdir's. */
	g_ptr_array_sort(names, sort_names);
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		g_autofree char *file = NULL, *text = NULL, *package = NULL;
		char *line, *next;

		file = g_build_filename(info, name, NULL);
		if (!g_file_get_contents(file, &text, NULL, NULL))
			continue;
		package = g_strndup(name, strlen(name) - strlen(".list"));
		/* "libfoo:amd64": the package's name. */
		package[strcspn(package, ":")] = '\0';
		for (line = text; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (g_hash_table_contains(wanted, line))
				add_owner(out, line, package);
		}
	}
	return out;
}

/* rpm: `rpm --root ROOT --dbpath DBDIR -qf --qf '%{NAME}\n' PATH`, a
 * package a line (the database where it was found, whatever rpm's own
 * default is). */
static GHashTable *rpm_owners(const char *root, const char *dbdir, GHashTable *wanted)
{
	GHashTable *out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GHashTableIter iter;
	gpointer path;

	g_hash_table_iter_init(&iter, wanted);
	while (g_hash_table_iter_next(&iter, &path, NULL)) {
		const char *argv[] = {
		    "rpm", "--root", *root ? root : "/", "--dbpath",	     dbdir,
		    "-qf", "--qf",   "%{NAME}\\n",	 (const char *)path, NULL};
		g_autofree char *text = NULL;
		g_auto(GStrv) lines = NULL;
		int status = -1;

		if (!g_spawn_sync(NULL, (char **)argv, NULL,
				  G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
				  &text, NULL, &status, NULL) ||
		    !g_spawn_check_wait_status(status, NULL))
			continue;
		lines = g_strsplit(text, "\n", -1);
		for (char **l = lines; *l; l++)
			if (**l)
				add_owner(out, path, *l);
	}
	return out;
}

/* The dir of @root's rpm database (without the root), or NULL when there is
 * none or no rpm to read it. */
static char *rpm_db_dir(const char *root)
{
	g_autofree char *rpm = g_find_program_in_path("rpm");

	for (guint i = 0; rpm && i < G_N_ELEMENTS(rpm_dbs); i++) {
		g_autofree char *db = g_strconcat(root, rpm_dbs[i], NULL);
		if (g_file_test(db, G_FILE_TEST_IS_REGULAR))
			return g_path_get_dirname(rpm_dbs[i]);
	}
	return NULL;
}

GHashTable *cli_owners_lookup(const char *root, const char *const *paths)
{
	g_autoptr(GHashTable) wanted = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) found = NULL;
	g_autofree char *status = NULL, *rpm_db = NULL;
	GHashTable *out;
	GHashTableIter iter;
	gpointer path, package;
	gsize skip;

	root = root ? root : "";
	skip = strlen(root);
	status = g_strconcat(root, "/var/lib/dpkg/status", NULL);
	/* The paths as the database has them: without the root. */
	for (const char *const *p = paths; *p; p++)
		if (strncmp(*p, root, skip) == 0 && (*p)[skip] == '/')
			g_hash_table_add(wanted, (gpointer)(*p + skip));
	if (g_file_test(status, G_FILE_TEST_IS_REGULAR))
		found = dpkg_owners(root, wanted);
	else if ((rpm_db = rpm_db_dir(root)))
		found = rpm_owners(root, rpm_db, wanted);
	else
		return NULL;
	out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_iter_init(&iter, found);
	while (g_hash_table_iter_next(&iter, &path, &package))
		g_hash_table_insert(out, g_strconcat(root, path, NULL), g_strdup(package));
	return out;
}
