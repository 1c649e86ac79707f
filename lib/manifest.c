/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Manifests: the ROM BARs a host gives guests, written, read and compared. */
#include "internal.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	char *arch;
	char *machine; /* NULL: none */
	char *name;
	char *path;  /* NULL: did not resolve */
	char *error; /* why, when path is NULL */
	uint64_t size;
	uint64_t romsize;
	uint64_t ramblock;
} Entry;

struct RomresolveManifest {
	char *host;
	gboolean stock;
	GArray *entries; /* Entry */
};

static void entry_clear(Entry *e)
{
	g_free(e->arch);
	g_free(e->machine);
	g_free(e->name);
	g_free(e->path);
	g_free(e->error);
}

static RomresolveManifest *manifest_alloc(const char *host, gboolean stock)
{
	RomresolveManifest *m = g_new0(RomresolveManifest, 1);

	m->host = g_strdup(host);
	m->stock = stock;
	m->entries = g_array_new(FALSE, TRUE, sizeof(Entry));
	g_array_set_clear_func(m->entries, (GDestroyNotify)entry_clear);
	return m;
}

void romresolve_manifest_free(RomresolveManifest *m)
{
	if (!m)
		return;
	g_array_unref(m->entries);
	g_free(m->host);
	g_free(m);
}

/* ---- building ---- */

/* Add the option ROMs found in @dir to @names; links followed inside @root,
 * as romresolve_candidate_open() does. */
static void scan_option_roms(const char *root, const char *dir, GHashTable *names)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		RomresolveOpened o;

		romresolve_candidate_open(root, path, FALSE, &o);
		if (o.fd >= 0 && o.option_rom)
			g_hash_table_add(names, g_strdup(name));
		romresolve_opened_clear(&o);
	}
}

/* The names to record for @arch: the device table and the option ROMs. */
static GPtrArray *default_names(RomresolveContext *ctx, const char *arch, char **stock_dirs)
{
	g_autoptr(GHashTable) set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	const char *root = romresolve_context_get_root(ctx);
	GHashTableIter iter;
	char *name;

	for (const char *const *dev = romresolve_context_get_devices(ctx); *dev; dev++) {
		const char *romfile = romresolve_context_get_device_romfile(ctx, *dev, arch, NULL);
		if (romfile && *romfile)
			g_hash_table_add(set, g_strdup(romfile));
	}
	for (guint i = 0; i < dirs->len; i++) {
		const RomresolveDir *dir = dirs->pdata[i];
		if (romresolve_arch_list_contains(dir->arch, arch))
			scan_option_roms(root, dir->full_path, set);
	}
	for (char **d = stock_dirs; d && *d; d++)
		scan_option_roms(root, *d, set);
	g_hash_table_iter_init(&iter, set);
	while (g_hash_table_iter_next(&iter, (gpointer *)&name, NULL))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, romresolve_str_compare);
	return names;
}

/* What unmodified QEMU does: the first readable file, pow2ceil of its size. */
static void resolve_stock(Entry *e, char **dirs)
{
	for (char **d = dirs; *d; d++) {
		g_autofree char *path = g_build_filename(*d, e->name, NULL);
		struct stat st;

		if (access(path, R_OK) != 0)
			continue;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
			e->error = g_strdup_printf("%s: not a usable file", path);
			return;
		}
		e->path = g_steal_pointer(&path);
		e->size = (uint64_t)st.st_size;
		e->romsize = romresolve_size_pow2ceil(e->size);
		e->ramblock = romresolve_size_ramblock(e->romsize);
		return;
	}
	e->error = g_strdup_printf("%s not found", e->name);
}

static void resolve_entry(RomresolveContext *ctx, Entry *e)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveResult) r = romresolve_context_resolve(
	    ctx, e->name, e->arch, e->machine, ROMRESOLVE_LOOKUP_ROM, &error);

	if (!r) {
		e->error = g_strdup(error->message);
		return;
	}
	e->path = g_strdup(romresolve_result_get_path(r));
	e->size = romresolve_result_get_size(r);
	e->romsize = romresolve_result_get_romsize(r);
	e->ramblock = romresolve_result_get_ramblock(r);
}

RomresolveManifest *romresolve_manifest_new_from_context(RomresolveContext *ctx, const char *host,
							 const char *const *arches,
							 const char *const *machines,
							 const char *const *names, gboolean stock,
							 const char *stock_path, GError **error)
{
	g_autoptr(RomresolveManifest) m = NULL;
	g_auto(GStrv) stock_dirs = NULL;
	static const char *const no_machine[] = {NULL};

	for (const char *const *a = arches; *a; a++)
		if (!romresolve_arch_validate(*a, error))
			return NULL;
	for (const char *const *mt = machines; mt && *mt; mt++)
		if (!romresolve_machine_validate(*mt, error))
			return NULL;
	for (const char *const *n = names; n && *n; n++)
		if (!romresolve_name_validate(*n, error))
			return NULL;
	if (stock) {
		g_auto(GStrv) parts =
		    g_strsplit(stock_path ? stock_path : ROMRESOLVE_STOCK_PATH, ":", -1);
		GPtrArray *dirs = g_ptr_array_new();
		for (char **p = parts; *p; p++)
			if (**p)
				g_ptr_array_add(dirs, romresolve_path_join_root(
							  romresolve_context_get_root(ctx), *p));
		g_ptr_array_add(dirs, NULL);
		stock_dirs = (char **)g_ptr_array_free(dirs, FALSE);
	}
	if (!machines || !machines[0])
		machines = no_machine;

	m = manifest_alloc(host, stock);
	for (const char *const *a = arches; *a; a++) {
		g_autoptr(GPtrArray) found = names ? NULL : default_names(ctx, *a, stock_dirs);
		const char *const *list = names ? names : (const char *const *)found->pdata;
		guint n = names ? g_strv_length((char **)names) : found->len;

		for (const char *const *mt = machines;; mt++) {
			for (guint i = 0; i < n; i++) {
				Entry e = {
				    .arch = g_strdup(*a),
				    .machine = g_strdup(*mt),
				    .name = g_strdup(list[i]),
				};
				if (stock)
					resolve_stock(&e, stock_dirs);
				else
					resolve_entry(ctx, &e);
				g_array_append_val(m->entries, e);
			}
			if (!*mt || !mt[1])
				break;
		}
	}
	return g_steal_pointer(&m);
}

/* ---- JSON ---- */

char *romresolve_manifest_to_json(const RomresolveManifest *m)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "format");
	json_builder_add_string_value(b, ROMRESOLVE_MANIFEST_FORMAT);
	json_builder_set_member_name(b, "version");
	json_builder_add_int_value(b, ROMRESOLVE_MANIFEST_VERSION);
	json_builder_set_member_name(b, "host");
	json_builder_add_string_value(b, m->host);
	json_builder_set_member_name(b, "mode");
	json_builder_add_string_value(b, m->stock ? "stock" : "romresolve");
	json_builder_set_member_name(b, "entries");
	json_builder_begin_array(b);
	for (guint i = 0; i < m->entries->len; i++) {
		const Entry *e = &g_array_index(m->entries, Entry, i);

		json_builder_begin_object(b);
		json_builder_set_member_name(b, "arch");
		json_builder_add_string_value(b, e->arch);
		json_builder_set_member_name(b, "machine");
		if (e->machine)
			json_builder_add_string_value(b, e->machine);
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "name");
		json_builder_add_string_value(b, e->name);
		json_builder_set_member_name(b, "path");
		if (e->path) {
			json_builder_add_string_value(b, e->path);
			json_builder_set_member_name(b, "size");
			json_builder_add_int_value(b, (gint64)e->size);
			json_builder_set_member_name(b, "romsize");
			json_builder_add_int_value(b, (gint64)e->romsize);
			json_builder_set_member_name(b, "ramblock");
			json_builder_add_int_value(b, (gint64)e->ramblock);
		} else {
			json_builder_add_null_value(b);
			json_builder_set_member_name(b, "error");
			json_builder_add_string_value(b, e->error);
		}
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	return json_generator_to_data(gen, NULL);
}

/* Member @key of @obj as a string; NULL when absent or JSON null, and an
 * error when of another type. */
static gboolean get_string(JsonObject *obj, const char *key, gboolean nullable, char **out,
			   const char **why)
{
	JsonNode *n = json_object_get_member(obj, key);

	if ((!n || JSON_NODE_HOLDS_NULL(n)) && nullable)
		return TRUE;
	if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING) {
		*why = key;
		return FALSE;
	}
	*out = g_strdup(json_node_get_string(n));
	return TRUE;
}

static gboolean get_size(JsonObject *obj, const char *key, uint64_t *out, const char **why)
{
	JsonNode *n = json_object_get_member(obj, key);

	if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64 ||
	    json_node_get_int(n) < 0) {
		*why = key;
		return FALSE;
	}
	*out = (uint64_t)json_node_get_int(n);
	return TRUE;
}

static gboolean read_entry(JsonNode *node, Entry *e, const char **why)
{
	JsonObject *obj;

	if (!JSON_NODE_HOLDS_OBJECT(node)) {
		*why = "entry";
		return FALSE;
	}
	obj = json_node_get_object(node);
	if (!get_string(obj, "arch", FALSE, &e->arch, why) ||
	    !get_string(obj, "machine", TRUE, &e->machine, why) ||
	    !get_string(obj, "name", FALSE, &e->name, why) ||
	    !get_string(obj, "path", TRUE, &e->path, why))
		return FALSE;
	/* A manifest comes from another host: what check --against resolves
	 * and compare prints passes the same checks as a caller's arguments
	 * (a bare name, never a path to open). */
	if (!romresolve_arch_validate(e->arch, NULL))
		*why = "arch";
	else if (e->machine && !romresolve_machine_validate(e->machine, NULL))
		*why = "machine";
	else if (!romresolve_name_validate(e->name, NULL))
		*why = "name";
	else
		*why = NULL;
	if (*why)
		return FALSE;
	/* Without a path, the error is what compare prints: required. */
	if (!e->path)
		return get_string(obj, "error", FALSE, &e->error, why);
	return get_size(obj, "size", &e->size, why) && get_size(obj, "romsize", &e->romsize, why) &&
	       get_size(obj, "ramblock", &e->ramblock, why);
}

static RomresolveManifest *manifest_parse(const char *what, const char *data, gssize len,
					  GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) local = NULL;
	g_autoptr(RomresolveManifest) m = NULL;
	g_autofree char *format = NULL, *host = NULL, *mode = NULL;
	const char *why = NULL;
	JsonObject *obj;
	JsonNode *version, *entries;

	if (!json_parser_load_from_data(parser, data, len, &local)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
			    "%s: not a JSON document: %s", what, local->message);
		return NULL;
	}
	if (!JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
			    "%s: not a romresolve manifest (not a JSON object)", what);
		return NULL;
	}
	obj = json_node_get_object(json_parser_get_root(parser));
	if (!get_string(obj, "format", FALSE, &format, &why) ||
	    strcmp(format, ROMRESOLVE_MANIFEST_FORMAT) != 0) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
			    "%s: not a romresolve manifest (format is not \"%s\")", what,
			    ROMRESOLVE_MANIFEST_FORMAT);
		return NULL;
	}
	version = json_object_get_member(obj, "version");
	if (!version || !JSON_NODE_HOLDS_VALUE(version) ||
	    json_node_get_value_type(version) != G_TYPE_INT64 || json_node_get_int(version) < 1) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
			    "%s: manifest has no valid version", what);
		return NULL;
	}
	if (json_node_get_int(version) > ROMRESOLVE_MANIFEST_VERSION) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
			    "%s: manifest version %" G_GINT64_FORMAT
			    " is newer than this romresolve reads (%d)",
			    what, json_node_get_int(version), ROMRESOLVE_MANIFEST_VERSION);
		return NULL;
	}
	if (!get_string(obj, "host", TRUE, &host, &why) ||
	    !get_string(obj, "mode", FALSE, &mode, &why) ||
	    (strcmp(mode, "stock") != 0 && strcmp(mode, "romresolve") != 0)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
			    "%s: manifest has an invalid %s", what, why ? why : "mode");
		return NULL;
	}
	entries = json_object_get_member(obj, "entries");
	if (!entries || !JSON_NODE_HOLDS_ARRAY(entries)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
			    "%s: manifest has no entries array", what);
		return NULL;
	}
	m = manifest_alloc(host ? host : "", strcmp(mode, "stock") == 0);
	for (guint i = 0; i < json_array_get_length(json_node_get_array(entries)); i++) {
		Entry e = {0};
		if (!read_entry(json_array_get_element(json_node_get_array(entries), i), &e,
				&why)) {
			entry_clear(&e);
			g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST,
				    "%s: entry %u: missing or invalid %s", what, i + 1, why);
			return NULL;
		}
		g_array_append_val(m->entries, e);
	}
	return g_steal_pointer(&m);
}

RomresolveManifest *romresolve_manifest_new_from_data(const char *data, gssize len, GError **error)
{
	return manifest_parse("manifest", data, len, error);
}

RomresolveManifest *romresolve_manifest_new_from_file(const char *path, GError **error)
{
	g_autofree char *data = NULL;
	g_autoptr(GError) local = NULL;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &local)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_IO, "%s", local->message);
		return NULL;
	}
	return manifest_parse(path, data, (gssize)len, error);
}

/* ---- comparing ---- */

static char *entry_key(const Entry *e)
{
	return g_strjoin("\x1f", e->arch, e->machine ? e->machine : "", e->name, NULL);
}

static char *romresolve_entry_label(const char *name, const char *machine, const char *arch)
{
	return machine ? g_strdup_printf("%s, %s, %s", name, machine, arch)
		       : g_strdup_printf("%s, %s", name, arch);
}

char **romresolve_manifest_compare(const RomresolveManifest *old_m, const RomresolveManifest *new_m,
				   guint *n_clashes)
{
	g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *lines = g_ptr_array_new();

	*n_clashes = 0;
	for (guint i = 0; i < new_m->entries->len; i++) {
		Entry *e = &g_array_index(new_m->entries, Entry, i);
		g_hash_table_insert(index, entry_key(e), e);
	}
	for (guint i = 0; i < old_m->entries->len; i++) {
		const Entry *o = &g_array_index(old_m->entries, Entry, i);
		g_autofree char *key = NULL, *label = NULL;
		const Entry *n;

		if (!o->path)
			continue; /* no guest on the old host loaded it */
		key = entry_key(o);
		label = romresolve_entry_label(o->name, o->machine, o->arch);
		n = g_hash_table_lookup(index, key);
		if (!n || !n->path) {
			g_ptr_array_add(
			    lines, g_strdup_printf("clash: %s: missing on the new host: %s", label,
						   n ? n->error : "no entry in the new manifest"));
			(*n_clashes)++;
		} else if (n->ramblock != o->ramblock) {
			g_ptr_array_add(lines, g_strdup_printf("clash: %s: 0x%" G_GINT64_MODIFIER
							       "x != 0x%" G_GINT64_MODIFIER "x",
							       label, o->ramblock, n->ramblock));
			(*n_clashes)++;
		} else {
			g_ptr_array_add(lines, g_strdup_printf("ok: %s: 0x%" G_GINT64_MODIFIER "x",
							       label, o->ramblock));
		}
	}
	g_ptr_array_add(lines, NULL);
	return (char **)g_ptr_array_free(lines, FALSE);
}

/* ---- getters ---- */

static const Entry *entry_at(const RomresolveManifest *m, guint i)
{
	g_return_val_if_fail(i < m->entries->len, NULL);
	return &g_array_index(m->entries, Entry, i);
}

const char *romresolve_manifest_get_host(const RomresolveManifest *m)
{
	return m->host;
}

gboolean romresolve_manifest_is_stock(const RomresolveManifest *m)
{
	return m->stock;
}

guint romresolve_manifest_get_n_entries(const RomresolveManifest *m)
{
	return m->entries->len;
}

#define ENTRY_GETTER(type, field, none)                                                            \
	type romresolve_manifest_get_##field(const RomresolveManifest *m, guint i)                 \
	{                                                                                          \
		const Entry *e = entry_at(m, i);                                                   \
		return e ? e->field : none;                                                        \
	}

ENTRY_GETTER(const char *, arch, NULL)
ENTRY_GETTER(const char *, machine, NULL)
ENTRY_GETTER(const char *, name, NULL)
ENTRY_GETTER(const char *, path, NULL)
ENTRY_GETTER(const char *, error, NULL)
ENTRY_GETTER(uint64_t, size, 0)
ENTRY_GETTER(uint64_t, romsize, 0)
ENTRY_GETTER(uint64_t, ramblock, 0)
