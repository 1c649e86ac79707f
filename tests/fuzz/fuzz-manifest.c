/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The manifest reader: any bytes as a manifest from another host. */
#include "fuzz.h"
#include "manifest.h"

static gboolean keys_unique(const Manifest *m)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < manifest_get_n_entries(m); i++) {
		const char *machine = manifest_get_machine(m, i);
		char *key = g_strdup_printf("%s\x1f%s\x1f%s", manifest_get_arch(m, i),
					    machine ? machine : "", manifest_get_name(m, i));
		if (!g_hash_table_add(seen, key))
			return FALSE;
	}
	return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(Manifest) m =
	    manifest_new_from_data("manifest", (const char *)data, (gssize)size, &error);
	g_autoptr(Manifest) again = NULL;
	g_autofree char *json = NULL, *json2 = NULL;
	g_autoptr(GPtrArray) verdicts = NULL;
	guint clashes = 99, missing = 99;

	if (!m) {
		/* One error naming the data, whatever the input (any depth: the
		 * reader refuses nesting deeper than the format before the JSON reader
		 * recurses; any size up to libFuzzer's -max_len, and the reader's
		 * MANIFEST_MAX_BYTES beyond). */
		FUZZ_CHECK(g_error_matches(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID));
		FUZZ_CHECK(g_str_has_prefix(error->message, "manifest: "));
		FUZZ_CHECK_MESSAGE(error);
		return 0;
	}
	/* The reader refuses duplicates: a manifest is compatible with itself. */
	FUZZ_CHECK(keys_unique(m));
	verdicts = manifest_compare(m, m, &clashes, &missing);
	FUZZ_CHECK(clashes == 0 && missing == 0);
	/* An entry that did not resolve says why: compare prints it. */
	for (guint i = 0; i < manifest_get_n_entries(m); i++)
		FUZZ_CHECK(manifest_get_path(m, i) || manifest_get_error(m, i) ||
			   (manifest_get_no_rom(m, i) && manifest_get_ramblock(m, i) == 0));

	/* What we write, we read back, unchanged. */
	json = manifest_to_json(m);
	again = manifest_new_from_data("manifest", json, -1, &error);
	FUZZ_CHECK(again != NULL);
	json2 = manifest_to_json(again);
	FUZZ_CHECK(strcmp(json, json2) == 0);
	return 0;
}
