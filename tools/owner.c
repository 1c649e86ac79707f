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

/* dpkg: `dpkg-query --admindir=ROOT/var/lib/dpkg -S PATH...`, its lines
 * "PACKAGE[:ARCH][, PACKAGE...]: PATH" (not its database's files: dpkg's
 * interface to them). A path with a wildcard is no pattern to give it. */
static GHashTable *dpkg_owners(const char *root, GHashTable *wanted)
{
	g_autofree char *admindir = g_strconcat("--admindir=", root, "/var/lib/dpkg", NULL);
	g_autoptr(GPtrArray) argv = g_ptr_array_new_null_terminated(8, NULL, TRUE);
	GHashTable *out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_autofree char *text = NULL;
	g_auto(GStrv) lines = NULL;
	GHashTableIter iter;
	gpointer path;

	g_ptr_array_add(argv, "dpkg-query");
	g_ptr_array_add(argv, admindir);
	g_ptr_array_add(argv, "-S");
	g_hash_table_iter_init(&iter, wanted);
	while (g_hash_table_iter_next(&iter, &path, NULL))
		if (!strpbrk(path, "*?[]\\"))
			g_ptr_array_add(argv, path);
	/* Exit status 1: some path no package owns. */
	if (argv->len == 3 || !g_spawn_sync(NULL, (char **)argv->pdata, NULL,
					    G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
					    NULL, &text, NULL, NULL, NULL))
		return out;
	lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		char *sep = strstr(*l, ": ");
		g_auto(GStrv) packages = NULL;

		if (!sep || g_str_has_prefix(*l, "diversion by ") ||
		    !g_hash_table_contains(wanted, sep + 2))
			continue;
		*sep = '\0';
		packages = g_strsplit(*l, ", ", -1);
		for (char **p = packages; *p; p++) {
			(*p)[strcspn(*p, ":")] = '\0'; /* "libfoo:amd64": the package */
			add_owner(out, sep + 2, *p);
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
	g_autofree char *status = NULL, *rpm_db = NULL, *dpkg_query = NULL;
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
	if (g_file_test(status, G_FILE_TEST_IS_REGULAR) &&
	    (dpkg_query = g_find_program_in_path("dpkg-query")))
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
