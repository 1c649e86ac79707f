/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The manifest reader: any bytes as a manifest from another host. */
#include "fuzz.h"

static gboolean keys_unique(const RomresolveManifest *m)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < romresolve_manifest_get_n_entries(m); i++) {
		const char *machine = romresolve_manifest_get_machine(m, i);
		char *key =
		    g_strdup_printf("%s\x1f%s\x1f%s", romresolve_manifest_get_arch(m, i),
				    machine ? machine : "", romresolve_manifest_get_name(m, i));
		if (!g_hash_table_add(seen, key))
			return FALSE;
	}
	return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveManifest) m =
	    romresolve_manifest_new_from_data((const char *)data, (gssize)size, &error);
	g_autoptr(RomresolveManifest) again = NULL;
	g_autofree char *json = NULL, *json2 = NULL;
	g_auto(GStrv) lines = NULL;
	guint clashes = 99;

	if (!m) {
		FUZZ_CHECK(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST));
		return 0;
	}
	lines = romresolve_manifest_compare(m, m, &clashes);
	/* A manifest is compatible with itself (when each entry is there once). */
	if (keys_unique(m))
		FUZZ_CHECK(clashes == 0);
	for (char **l = lines; *l; l++)
		FUZZ_CHECK(g_str_has_prefix(*l, "ok: ") || g_str_has_prefix(*l, "clash: "));
	/* An entry that did not resolve says why: compare prints it. */
	for (guint i = 0; i < romresolve_manifest_get_n_entries(m); i++)
		FUZZ_CHECK(romresolve_manifest_get_path(m, i) ||
			   romresolve_manifest_get_error(m, i));

	/* What we write, we read back, unchanged. */
	json = romresolve_manifest_to_json(m);
	again = romresolve_manifest_new_from_data(json, -1, &error);
	FUZZ_CHECK(again != NULL);
	json2 = romresolve_manifest_to_json(again);
	FUZZ_CHECK(strcmp(json, json2) == 0);
	return 0;
}
