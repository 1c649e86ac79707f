/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The QEMU binaries a command asks for their facts; see facts.h. */
#include "facts.h"

#include <romresolve.h>
#include <string.h>

struct CliFacts {
	char *qemu;    /* NULL: PATH's */
	gboolean none; /* --qemu none: ask no binary */
	char *root;
	char *cache_dir;
	GHashTable *binaries; /* arch -> QemuBinary, or NULL: none (asked) */
};

CliFacts *cli_facts_new(const char *qemu, const char *root, const char *cache_dir)
{
	CliFacts *f = g_new0(CliFacts, 1);

	f->none = qemu && strcmp(qemu, "none") == 0;
	f->qemu = f->none ? NULL : g_strdup(qemu);
	f->root = g_strdup(root);
	f->cache_dir = g_strdup(cache_dir);
	f->binaries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					    (GDestroyNotify)qemu_binary_free);
	return f;
}

void cli_facts_free(CliFacts *f)
{
	if (!f)
		return;
	g_free(f->qemu);
	g_free(f->root);
	g_free(f->cache_dir);
	g_hash_table_unref(f->binaries);
	g_free(f);
}

QemuBinary *cli_facts_binary(CliFacts *f, const char *arch, GError **error)
{
	g_autofree char *target = f->qemu ? qemu_target_from_binary(f->qemu) : NULL;
	QemuBinary *b;
	gpointer found;

	if (f->none)
		return NULL;
	if (g_hash_table_lookup_extended(f->binaries, arch, NULL, &found))
		return found;
	/* --qemu serves every target asked, unless its name says it is
	 * another's (qemu-kvm says nothing). */
	if (target && strcmp(target, arch) != 0) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "--qemu %s is no QEMU for target %s", f->qemu, arch);
		return NULL;
	}
	b = qemu_binary_find(f->qemu, arch, f->root, f->cache_dir, error);
	if (!b && error && *error)
		return NULL;
	g_hash_table_insert(f->binaries, g_strdup(arch), b);
	return b;
}

gboolean cli_facts_machine(CliFacts *f, const char *arch, const char *machine, char **concrete,
			   gboolean *literal, GError **error)
{
	GError *local = NULL;
	QemuBinary *b = cli_facts_binary(f, arch, &local);

	*concrete = NULL;
	*literal = FALSE;
	if (local) {
		g_propagate_error(error, local);
		return FALSE;
	}
	if (!b) {
		*concrete = g_strdup(machine);
		*literal = TRUE;
		return TRUE;
	}
	/* No --machine, no default (qemu-system-aarch64): no machine type. */
	if (!machine) {
		const QemuMachines *m = qemu_binary_get_machines(b, error);
		g_autofree char *dflt = NULL;

		if (!m)
			return FALSE;
		dflt = qemu_machines_default(m);
		if (!dflt)
			return TRUE;
	}
	*concrete = qemu_binary_resolve_machine(b, machine, error);
	return *concrete != NULL;
}

/* @b's data dirs; NULL (the build's) when it names none. */
static char **data_dirs(QemuBinary *b, GError **error)
{
	char **dirs = qemu_binary_get_data_dirs(b, error);

	if (dirs && !dirs[0])
		g_clear_pointer(&dirs, g_strfreev);
	return dirs;
}

/* Append @dirs not in @out yet. */
static void add_dirs(GPtrArray *out, char **dirs)
{
	for (char **d = dirs; d && *d; d++) {
		gboolean seen = FALSE;

		for (guint i = 0; i < out->len && !seen; i++)
			seen = strcmp(out->pdata[i], *d) == 0;
		if (!seen)
			g_ptr_array_add(out, g_strdup(*d));
	}
}

char **cli_facts_search_path(CliFacts *f, const char *arch, const char *const *arches,
			     GError **error)
{
	g_autoptr(GPtrArray) out = g_ptr_array_new_null_terminated(4, g_free, TRUE);
	g_auto(GStrv) paths = NULL;

	if (!arch && arches && arches[0] && !arches[1])
		arch = arches[0];
	if (!arch && arches && arches[0]) {
		for (const char *const *a = arches; *a; a++) {
			g_auto(GStrv) dirs = NULL;

			if (!romresolve_arch_validate(*a, error))
				return NULL;
			dirs = cli_facts_search_path(f, *a, NULL, error);
			if (!dirs && error && *error)
				return NULL;
			add_dirs(out, dirs);
		}
		return out->len ? (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE) : NULL;
	}
	if (arch) {
		GError *local = NULL;
		QemuBinary *b = cli_facts_binary(f, arch, &local);

		if (local) {
			g_propagate_error(error, local);
			return NULL;
		}
		return b ? data_dirs(b, error) : NULL;
	}
	/* Every binary: none, --qemu's, or each qemu-system-* on PATH. */
	if (f->none)
		return NULL;
	if (f->qemu) {
		g_autoptr(QemuBinary) b =
		    qemu_binary_find(f->qemu, NULL, f->root, f->cache_dir, error);

		return b ? qemu_binary_get_data_dirs(b, error) : NULL;
	}
	paths = qemu_binaries_on_path(f->root);
	for (char **p = paths; *p; p++) {
		g_autoptr(QemuBinary) b = qemu_binary_new(*p, f->cache_dir, NULL);
		g_auto(GStrv) dirs = b ? qemu_binary_get_data_dirs(b, NULL) : NULL;

		add_dirs(out, dirs);
	}
	if (out->len == 0)
		return NULL;
	return (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
}

char **cli_facts_arches(CliFacts *f)
{
	GPtrArray *out = g_ptr_array_new_null_terminated(4, g_free, TRUE);
	g_auto(GStrv) paths = NULL;

	if (f->qemu) {
		char *target = qemu_target_from_binary(f->qemu);
		if (target)
			g_ptr_array_add(out, target);
		return (char **)g_ptr_array_free(out, FALSE);
	}
	paths = qemu_binaries_on_path(f->root);
	for (char **p = paths; *p; p++) {
		char *target = qemu_target_from_binary(*p);
		gboolean seen = FALSE;

		for (guint i = 0; target && i < out->len && !seen; i++)
			seen = strcmp(out->pdata[i], target) == 0;
		if (!target || seen)
			g_free(target);
		else
			g_ptr_array_add(out, target);
	}
	return (char **)g_ptr_array_free(out, FALSE);
}

char *cli_facts_literal_note(const CliFacts *f, const char *arch)
{
	if (f && f->none)
		return g_strdup("note: --qemu none: machine types are taken as written, not as a "
				"QEMU binary resolves them");
	return g_strdup_printf("note: no qemu-system-%s on PATH: machine types are taken as "
			       "written, not as a QEMU binary resolves them (name one with --qemu)",
			       arch);
}

char *cli_facts_host_machine(const char *arch, const char *machine, gpointer data)
{
	CliFacts *facts = data;
	QemuBinary *b = cli_facts_binary(facts, arch, NULL);
	const QemuMachines *m = b ? qemu_binary_get_machines(b, NULL) : NULL;
	g_autofree char *type = m ? qemu_machines_resolve(m, machine) : NULL;

	return type && qemu_machines_has(m, type) ? g_steal_pointer(&type) : NULL;
}
