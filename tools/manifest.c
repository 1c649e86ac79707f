/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Manifests: the ROM BARs a host gives guests, written, read and compared. */
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include "json.h"
#include <stdlib.h>
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
	gboolean no_rom; /* path NULL, no error: the guest gets no ROM */
} Entry;

/* A QEMU binary whose facts made an arch's machine types. */
typedef struct {
	char *arch;
	char *binary;
	char *version;
	char *package;	       /* NULL: none */
	char *default_machine; /* NULL: none */
} Qemu;

/* An alias of a machine type, per arch. */
typedef struct {
	char *arch;
	char *alias;
	char *machine;
} Alias;

struct Manifest {
	char *host;
	gboolean stock;
	GArray *entries; /* Entry */
	GArray *qemus;	 /* Qemu */
	GArray *aliases; /* Alias */
	/* "ARCH\x1fMACHINE" of every machine type whose QEMU sizes ROM BARs
	 * from the stream, in the order added (written so). */
	GPtrArray *from_stream;
	GHashTable *from_stream_set; /* the same strings, borrowed */
};

static void entry_clear(Entry *e)
{
	g_free(e->arch);
	g_free(e->machine);
	g_free(e->name);
	g_free(e->path);
	g_free(e->error);
}

static void qemu_clear(Qemu *q)
{
	g_free(q->arch);
	g_free(q->binary);
	g_free(q->version);
	g_free(q->package);
	g_free(q->default_machine);
}

static void alias_clear(Alias *a)
{
	g_free(a->arch);
	g_free(a->alias);
	g_free(a->machine);
}

static Manifest *manifest_alloc(const char *host, gboolean stock)
{
	Manifest *m = g_new0(Manifest, 1);

	m->host = g_strdup(host);
	m->stock = stock;
	m->entries = g_array_new(FALSE, TRUE, sizeof(Entry));
	g_array_set_clear_func(m->entries, (GDestroyNotify)entry_clear);
	m->qemus = g_array_new(FALSE, TRUE, sizeof(Qemu));
	g_array_set_clear_func(m->qemus, (GDestroyNotify)qemu_clear);
	m->aliases = g_array_new(FALSE, TRUE, sizeof(Alias));
	g_array_set_clear_func(m->aliases, (GDestroyNotify)alias_clear);
	m->from_stream = g_ptr_array_new_with_free_func(g_free);
	m->from_stream_set = g_hash_table_new(g_str_hash, g_str_equal);
	return m;
}

Manifest *manifest_new(const char *host, gboolean stock)
{
	return manifest_alloc(host, stock);
}

G_DEFINE_QUARK(romresolve_manifest_error, manifest_error)

void manifest_free(Manifest *m)
{
	if (!m)
		return;
	g_array_unref(m->entries);
	g_array_unref(m->qemus);
	g_array_unref(m->aliases);
	g_hash_table_unref(m->from_stream_set);
	g_ptr_array_unref(m->from_stream);
	g_free(m->host);
	g_free(m);
}

gboolean manifest_ramblock_migrates(uint64_t from, uint64_t to, gboolean resizes)
{
	if (from == to)
		return TRUE;
	if (!resizes || from == 0 || to == 0 || from <= 4096 || (from & (from - 1)))
		return FALSE;
	return from <= MAX((uint64_t)MANIFEST_ROM_RESIZE_MAX, to);
}

void manifest_add_from_stream(Manifest *m, const char *arch, const char *machine)
{
	char *key = g_strjoin("\x1f", arch, machine, NULL);

	if (g_hash_table_contains(m->from_stream_set, key)) {
		g_free(key);
		return;
	}
	g_ptr_array_add(m->from_stream, key);
	g_hash_table_add(m->from_stream_set, key);
}

gboolean manifest_is_from_stream(const Manifest *m, const char *arch, const char *machine)
{
	g_autofree char *key = NULL;

	if (!machine || !m->from_stream->len)
		return FALSE;
	key = g_strjoin("\x1f", arch, machine, NULL);
	return g_hash_table_contains(m->from_stream_set, key);
}

/* ---- building ---- */

static int str_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A machine type name as the config and QEMU write it: printable, no '/'. */
static gboolean machine_valid(const char *machine)
{
	if (!*machine)
		return FALSE;
	for (const char *p = machine; *p; p++)
		if (!g_ascii_isgraph(*p) || *p == '/')
			return FALSE;
	return TRUE;
}

static gboolean is_option_rom(int fd)
{
	unsigned char sig[2];

	return pread(fd, sig, sizeof(sig), 0) == sizeof(sig) && sig[0] == 0x55 && sig[1] == 0xaa;
}

/* Add the option ROMs found in @dir to @names. Links are followed: whether a
 * lookup may use what one leads to is the library's to say, when the entry is
 * resolved (its error then tells why not). */
static void scan_option_roms(const char *dir, GHashTable *names)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		struct stat st;
		int fd;

		/* A name no lookup can ask for is no entry (a newline, ...). */
		if (!romresolve_name_validate(name, NULL) || stat(path, &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && is_option_rom(fd))
			g_hash_table_add(names, g_strdup(name));
		close(fd);
	}
}

/* The names to record for @arch: the device table and the option ROMs in the
 * dirs that apply to @arch and any of @machines. */
static GPtrArray *default_names(RomresolveContext *ctx, const char *arch,
				const char *const *machines, char **stock_dirs)
{
	g_autoptr(GHashTable) set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter iter;
	char *name;

	for (const char *const *mt = machines;; mt++) {
		g_autoptr(GPtrArray) dirs = romresolve_context_get_dirs(ctx, arch, *mt, NULL);

		/* NULL: no ROM in QEMU's knowledge; "": none on this machine. */
		for (const char *const *dev = romresolve_context_get_devices(ctx); *dev; dev++) {
			const char *romfile =
			    romresolve_context_get_device_romfile(ctx, *dev, arch, *mt);
			if (romfile && *romfile)
				g_hash_table_add(set, g_strdup(romfile));
		}
		for (guint i = 0; dirs && i < dirs->len; i++)
			scan_option_roms(romresolve_dir_get_full_path(dirs->pdata[i]), set);
		if (!*mt || !mt[1])
			break;
	}
	for (char **d = stock_dirs; d && *d; d++)
		scan_option_roms(*d, set);
	g_hash_table_iter_init(&iter, set);
	while (g_hash_table_iter_next(&iter, (gpointer *)&name, NULL))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, str_compare);
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
	/* A machine rule or QEMU's compat properties: the guest gets no ROM. */
	if (romresolve_result_is_no_rom(r)) {
		e->no_rom = TRUE;
		return;
	}
	e->path = g_strdup(romresolve_result_get_path(r));
	e->size = romresolve_result_get_size(r);
	e->romsize = romresolve_result_get_romsize(r);
	e->ramblock = romresolve_result_get_ramblock(r);
}

/* @list (NULL-terminated, or NULL) without its repeats, in first-seen order:
 * a new NULL-terminated array of its strings, NULL for NULL. */
static const char **unique(const char *const *list)
{
	GPtrArray *out;

	if (!list)
		return NULL;
	out = g_ptr_array_new();
	for (; *list; list++) {
		guint i;
		for (i = 0; i < out->len && strcmp(out->pdata[i], *list) != 0; i++)
			;
		if (i == out->len)
			g_ptr_array_add(out, (gpointer)*list);
	}
	g_ptr_array_add(out, NULL);
	return (const char **)g_ptr_array_free(out, FALSE);
}

/* @list's stock dirs (':'-separated), each under the root of @ctx. */
static char **stock_dirs_of(RomresolveContext *ctx, const char *stock_path)
{
	g_auto(GStrv) parts = g_strsplit(stock_path ? stock_path : MANIFEST_STOCK_PATH, ":", -1);
	GPtrArray *dirs = g_ptr_array_new_null_terminated(4, g_free, TRUE);

	for (char **p = parts; *p; p++)
		if (**p)
			g_ptr_array_add(
			    dirs, g_build_filename(romresolve_context_get_root(ctx), *p, NULL));
	return (char **)g_ptr_array_free(dirs, FALSE);
}

gboolean manifest_add_arch(Manifest *m, RomresolveContext *ctx, const char *arch,
			   const char *const *machines_given, const char *const *names_given,
			   const char *stock_path, GError **error)
{
	static const char *const no_machine[] = {NULL};
	/* The same value twice is one: a manifest has each entry once. */
	g_autofree const char **machines_unique = unique(machines_given);
	g_autofree const char **names_unique = unique(names_given);
	const char *const *machines = machines_unique;
	const char *const *names = names_unique;
	g_auto(GStrv) stock_dirs = NULL;
	g_autoptr(GPtrArray) found = NULL;
	const char *const *list;
	guint n;

	if (!romresolve_arch_validate(arch, error))
		return FALSE;
	for (const char *const *mt = machines; mt && *mt; mt++)
		if (!machine_valid(*mt)) {
			g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
				    "invalid machine type '%s'", *mt);
			return FALSE;
		}
	for (const char *const *nm = names; nm && *nm; nm++)
		if (!romresolve_name_validate(*nm, error))
			return FALSE;
	for (guint i = 0; i < m->entries->len; i++)
		if (strcmp(g_array_index(m->entries, Entry, i).arch, arch) == 0)
			return TRUE; /* an arch given twice: once */
	if (m->stock)
		stock_dirs = stock_dirs_of(ctx, stock_path);
	if (!machines || !machines[0])
		machines = no_machine;
	found = names ? NULL : default_names(ctx, arch, machines, stock_dirs);
	list = names ? names : (const char *const *)found->pdata;
	n = names ? g_strv_length((char **)names) : found->len;
	for (const char *const *mt = machines;; mt++) {
		for (guint i = 0; i < n; i++) {
			Entry e = {
			    .arch = g_strdup(arch),
			    .machine = g_strdup(*mt),
			    .name = g_strdup(list[i]),
			};
			if (m->stock)
				resolve_stock(&e, stock_dirs);
			else
				resolve_entry(ctx, &e);
			g_array_append_val(m->entries, e);
		}
		if (!*mt || !mt[1])
			break;
	}
	return TRUE;
}

void manifest_add_qemu(Manifest *m, const char *arch, const char *binary, const char *version,
		       const char *package, const char *default_machine)
{
	Qemu q = {g_strdup(arch), g_strdup(binary), g_strdup(version), g_strdup(package),
		  g_strdup(default_machine)};

	g_array_append_val(m->qemus, q);
}

void manifest_add_alias(Manifest *m, const char *arch, const char *alias, const char *machine)
{
	Alias a = {g_strdup(arch), g_strdup(alias), g_strdup(machine)};

	g_array_append_val(m->aliases, a);
}

Manifest *manifest_new_from_context(RomresolveContext *ctx, const char *host,
				    const char *const *arches_given,
				    const char *const *machines_given,
				    const char *const *names_given, gboolean stock,
				    const char *stock_path, GError **error)
{
	g_autoptr(Manifest) m = manifest_alloc(host, stock);
	g_autofree const char **arches = unique(arches_given);

	for (const char *const *a = arches; *a; a++)
		if (!romresolve_arch_validate(*a, error))
			return NULL;
	for (const char *const *a = arches; *a; a++)
		if (!manifest_add_arch(m, ctx, *a, machines_given, names_given, stock_path, error))
			return NULL;
	return g_steal_pointer(&m);
}

/* ---- JSON ---- */

/* @member: @text, or null. */
static void string_member(JsonWriter *b, const char *member, const char *text)
{
	json_writer_set_member_name(b, member);
	if (text)
		json_writer_add_string_value(b, text);
	else
		json_writer_add_null_value(b);
}

char *manifest_to_json(const Manifest *m)
{
	g_autoptr(JsonWriter) b = json_writer_new();

	json_writer_begin_object(b);
	json_writer_set_member_name(b, "format");
	json_writer_add_string_value(b, MANIFEST_FORMAT);
	json_writer_set_member_name(b, "version");
	json_writer_add_int_value(b, MANIFEST_VERSION);
	json_writer_set_member_name(b, "host");
	json_writer_add_string_value(b, m->host);
	json_writer_set_member_name(b, "mode");
	json_writer_add_string_value(b, m->stock ? "stock" : "romresolve");
	/* The binaries whose facts made the machine types, and their aliases:
	 * members readers of format version 1 that do not know them ignore
	 * (no deeper than an entry). */
	if (m->qemus->len) {
		json_writer_set_member_name(b, "qemu");
		json_writer_begin_array(b);
		for (guint i = 0; i < m->qemus->len; i++) {
			const Qemu *q = &g_array_index(m->qemus, Qemu, i);

			json_writer_begin_object(b);
			string_member(b, "arch", q->arch);
			string_member(b, "binary", q->binary);
			string_member(b, "version", q->version);
			string_member(b, "package", q->package);
			string_member(b, "default_machine", q->default_machine);
			json_writer_end_object(b);
		}
		json_writer_end_array(b);
	}
	if (m->aliases->len) {
		json_writer_set_member_name(b, "machine_aliases");
		json_writer_begin_array(b);
		for (guint i = 0; i < m->aliases->len; i++) {
			const Alias *a = &g_array_index(m->aliases, Alias, i);

			json_writer_begin_object(b);
			string_member(b, "arch", a->arch);
			string_member(b, "alias", a->alias);
			string_member(b, "machine", a->machine);
			json_writer_end_object(b);
		}
		json_writer_end_array(b);
	}
	/* Where the host's QEMU sizes ROM BARs from the incoming stream
	 * (x-rom-resize): a clash of RAMBlock lengths there migrates. */
	if (m->from_stream->len) {
		json_writer_set_member_name(b, "rom_from_stream");
		json_writer_begin_array(b);
		for (guint i = 0; i < m->from_stream->len; i++) {
			g_auto(GStrv) parts = g_strsplit(m->from_stream->pdata[i], "\x1f", 2);

			json_writer_begin_object(b);
			string_member(b, "arch", parts[0]);
			string_member(b, "machine", parts[1]);
			json_writer_end_object(b);
		}
		json_writer_end_array(b);
	}
	json_writer_set_member_name(b, "entries");
	json_writer_begin_array(b);
	for (guint i = 0; i < m->entries->len; i++) {
		const Entry *e = &g_array_index(m->entries, Entry, i);

		json_writer_begin_object(b);
		json_writer_set_member_name(b, "arch");
		json_writer_add_string_value(b, e->arch);
		json_writer_set_member_name(b, "machine");
		if (e->machine)
			json_writer_add_string_value(b, e->machine);
		else
			json_writer_add_null_value(b);
		json_writer_set_member_name(b, "name");
		json_writer_add_string_value(b, e->name);
		json_writer_set_member_name(b, "path");
		if (e->path) {
			json_writer_add_string_value(b, e->path);
			json_writer_set_member_name(b, "size");
			json_writer_add_uint_value(b, e->size);
			json_writer_set_member_name(b, "romsize");
			json_writer_add_uint_value(b, e->romsize);
			json_writer_set_member_name(b, "ramblock");
			json_writer_add_uint_value(b, e->ramblock);
		} else if (e->no_rom) {
			json_writer_add_null_value(b);
			json_writer_set_member_name(b, "romsize");
			json_writer_add_int_value(b, 0);
			json_writer_set_member_name(b, "ramblock");
			json_writer_add_int_value(b, 0);
		} else {
			json_writer_add_null_value(b);
			json_writer_set_member_name(b, "error");
			json_writer_add_string_value(b, e->error);
		}
		json_writer_end_object(b);
	}
	json_writer_end_array(b);
	json_writer_end_object(b);
	/* A file name need not be UTF-8; the writer escapes it, so the
	 * document always is. */
	return json_writer_finish(b);
}

static char *entry_key(const Entry *e)
{
	return g_strjoin("\x1f", e->arch, e->machine ? e->machine : "", e->name, NULL);
}

/* Member @key of @obj as a string; NULL when absent or JSON null, and an
 * error when of another type. */
static gboolean get_string(const JsonValue *obj, const char *key, gboolean nullable, char **out,
			   const char **why)
{
	const JsonValue *n = json_value_get_member(obj, key);

	if ((!n || json_value_get_type(n) == JSON_NULL) && nullable)
		return TRUE;
	if (!n || json_value_get_type(n) != JSON_STRING) {
		*why = key;
		return FALSE;
	}
	*out = g_strdup(json_value_get_string(n));
	return TRUE;
}

static gboolean get_size(const JsonValue *obj, const char *key, uint64_t *out, const char **why)
{
	const JsonValue *n = json_value_get_member(obj, key);

	guint64 value;

	if (!json_value_get_uint(n, &value)) {
		*why = key;
		return FALSE;
	}
	*out = value;
	return TRUE;
}

static gboolean read_entry(const JsonValue *obj, Entry *e, const char **why)
{
	if (json_value_get_type(obj) != JSON_OBJECT) {
		*why = "entry";
		return FALSE;
	}
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
	else if (e->machine && !machine_valid(e->machine))
		*why = "machine";
	else if (!romresolve_name_validate(e->name, NULL))
		*why = "name";
	else
		*why = NULL;
	if (*why)
		return FALSE;
	/* Without a path: an error (what compare prints), or no ROM at all
	 * (romsize and ramblock 0). */
	if (!e->path && !json_value_get_member(obj, "error")) {
		e->no_rom = TRUE;
		if (!get_size(obj, "romsize", &e->romsize, why) ||
		    !get_size(obj, "ramblock", &e->ramblock, why))
			return FALSE;
		if (e->romsize || e->ramblock) {
			*why = e->romsize ? "romsize" : "ramblock";
			return FALSE;
		}
		return TRUE;
	}
	if (!e->path)
		return get_string(obj, "error", FALSE, &e->error, why);
	return get_size(obj, "size", &e->size, why) && get_size(obj, "romsize", &e->romsize, why) &&
	       get_size(obj, "ramblock", &e->ramblock, why);
}

/* The RAMBlock a ROM BAR gives is the BAR rounded up to the 4 KiB page (none
 * for none): an entry that says otherwise was not written by romresolve, and
 * would compare as fine where a guest's migration fails. */
static gboolean check_ramblock(const char *what, guint n, const Entry *e, GError **error)
{
	g_autofree char *label = NULL;
	uint64_t want = romresolve_size_ramblock(e->romsize);

	if (e->ramblock % 4096 == 0 && e->ramblock == want && (e->romsize & (e->romsize - 1)) == 0)
		return TRUE;
	label = manifest_entry_label(e->name, e->machine, e->arch);
	if (e->romsize & (e->romsize - 1))
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: entry %u (%s): romsize 0x%" G_GINT64_MODIFIER
			    "x is not a power of two",
			    what, n, label, e->romsize);
	else if (e->ramblock % 4096)
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: entry %u (%s): ramblock 0x%" G_GINT64_MODIFIER
			    "x is not a multiple of the 4 KiB page",
			    what, n, label, e->ramblock);
	else
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: entry %u (%s): ramblock 0x%" G_GINT64_MODIFIER
			    "x does not match romsize 0x%" G_GINT64_MODIFIER
			    "x (its RAMBlock is 0x%" G_GINT64_MODIFIER "x)",
			    what, n, label, e->ramblock, e->romsize, want);
	return FALSE;
}

/* What the reader is never given: a document larger than a manifest can be,
 * a NUL byte, nesting deeper than the format's (the reader refuses it too,
 * but this message says where in bytes). Brackets in strings do not count.
 * Returns the reason, or NULL. */
static const char *precheck(const char *data, gsize len, char *why, gsize why_len)
{
	gboolean in_string = FALSE, escaped = FALSE;
	unsigned depth = 0;
	gsize i;

	if (len > MANIFEST_MAX_BYTES) {
		g_snprintf(why, why_len, "larger than a manifest can be (%u MiB)",
			   MANIFEST_MAX_BYTES >> 20);
		return why;
	}
	for (i = 0; i < len && g_ascii_isspace(data[i]); i++)
		;
	if (i == len)
		return "empty document";
	for (i = 0; i < len; i++) {
		char c = data[i];

		if (c == '\0')
			return "a NUL byte in the document";
		if (in_string) {
			if (escaped)
				escaped = FALSE;
			else if (c == '\\')
				escaped = TRUE;
			else if (c == '"')
				in_string = FALSE;
		} else if (c == '"') {
			in_string = TRUE;
		} else if (c == '{' || c == '[') {
			if (++depth > MANIFEST_MAX_DEPTH) {
				g_snprintf(why, why_len,
					   "nested deeper than a manifest is (%u levels) at byte "
					   "%" G_GSIZE_FORMAT,
					   MANIFEST_MAX_DEPTH, i + 1);
				return why;
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return NULL;
}

const ManifestFacts manifest_facts[MANIFEST_N_FACTS] = {
    [MANIFEST_FACTS_QEMU] = {"qemu",
			     "qemu",
			     5,
			     {{"arch", MANIFEST_FIELD_ARCH, FALSE},
			      {"binary", MANIFEST_FIELD_TEXT, FALSE},
			      {"version", MANIFEST_FIELD_TEXT, FALSE},
			      {"package", MANIFEST_FIELD_TEXT, TRUE},
			      {"default_machine", MANIFEST_FIELD_MACHINE, TRUE}}},
    [MANIFEST_FACTS_ALIASES] = {"machine_aliases",
				"machine alias",
				3,
				{{"arch", MANIFEST_FIELD_ARCH, FALSE},
				 {"alias", MANIFEST_FIELD_MACHINE, FALSE},
				 {"machine", MANIFEST_FIELD_MACHINE, FALSE}}},
    [MANIFEST_FACTS_FROM_STREAM] = {"rom_from_stream",
				    "rom_from_stream",
				    2,
				    {{"arch", MANIFEST_FIELD_ARCH, FALSE},
				     {"machine", MANIFEST_FIELD_MACHINE, FALSE}}},
};

gboolean manifest_field_valid(ManifestFieldKind kind, const char *value)
{
	switch (kind) {
	case MANIFEST_FIELD_ARCH:
		return romresolve_arch_validate(value, NULL);
	case MANIFEST_FIELD_MACHINE:
		return machine_valid(value);
	case MANIFEST_FIELD_TEXT:
	default:
		return TRUE;
	}
}

/* One object of a facts array, by the table: its members into @out (NULL for
 * null), or the first one missing or invalid into @why. */
static gboolean read_fact(const JsonValue *obj, const ManifestFacts *spec, char **out,
			  const char **why)
{
	if (json_value_get_type(obj) != JSON_OBJECT) {
		*why = spec->array;
		return FALSE;
	}
	for (guint i = 0; i < spec->n_fields; i++) {
		const ManifestField *field = &spec->fields[i];

		if (!get_string(obj, field->member, field->nullable, &out[i], why))
			return FALSE;
		if (out[i] && !manifest_field_valid(field->kind, out[i])) {
			*why = field->member;
			return FALSE;
		}
	}
	return TRUE;
}

/* A fact read: @v's strings become the manifest's. */
static void take_fact(Manifest *m, guint kind, char **v)
{
	if (kind == MANIFEST_FACTS_QEMU) {
		Qemu q = {v[0], v[1], v[2], v[3], v[4]};
		g_array_append_val(m->qemus, q);
	} else if (kind == MANIFEST_FACTS_ALIASES) {
		Alias a = {v[0], v[1], v[2]};
		g_array_append_val(m->aliases, a);
	} else {
		manifest_add_from_stream(m, v[0], v[1]);
		for (guint i = 0; i < MANIFEST_FACT_FIELDS_MAX; i++)
			g_free(v[i]);
	}
}

/* The optional arrays of manifest_facts. */
static gboolean read_facts(const char *what, const JsonValue *obj, Manifest *m, GError **error)
{
	for (guint k = 0; k < MANIFEST_N_FACTS; k++) {
		const ManifestFacts *spec = &manifest_facts[k];
		const JsonValue *array = json_value_get_member(obj, spec->array);

		if (!array)
			continue;
		if (json_value_get_type(array) != JSON_ARRAY) {
			g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
				    "%s: manifest's %s is not an array", what, spec->array);
			return FALSE;
		}
		for (guint i = 0; i < json_value_get_length(array); i++) {
			char *v[MANIFEST_FACT_FIELDS_MAX] = {NULL};
			const char *why = NULL;

			if (!read_fact(json_value_get_element(array, i), spec, v, &why)) {
				for (guint j = 0; j < MANIFEST_FACT_FIELDS_MAX; j++)
					g_free(v[j]);
				g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
					    "%s: %s %u: missing or invalid %s", what, spec->label,
					    i + 1, why);
				return FALSE;
			}
			take_fact(m, k, v);
		}
	}
	return TRUE;
}

static Manifest *manifest_parse(const char *what, const char *data, gssize len, GError **error)
{
	g_autoptr(JsonValue) root = NULL;
	g_autoptr(GError) local = NULL;
	g_autoptr(Manifest) m = NULL;
	g_autofree char *format = NULL, *host = NULL, *mode = NULL;
	const char *why = NULL;
	const JsonValue *obj, *version, *entries;
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char buf[128];
	const char *bad = precheck(data, len < 0 ? strlen(data) : (gsize)len, buf, sizeof(buf));

	if (bad) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: not a romresolve manifest: %s", what, bad);
		return NULL;
	}
	root = json_parse(data, len, JSON_READ_DEFAULT, MANIFEST_MAX_DEPTH, &local);
	if (!root) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: not a JSON document: %s", what, local->message);
		return NULL;
	}
	if (json_value_get_type(root) != JSON_OBJECT) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: not a romresolve manifest (not a JSON object)", what);
		return NULL;
	}
	obj = root;
	if (!get_string(obj, "format", FALSE, &format, &why) ||
	    strcmp(format, MANIFEST_FORMAT) != 0) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: not a romresolve manifest (format is not \"%s\")", what,
			    MANIFEST_FORMAT);
		return NULL;
	}
	version = json_value_get_member(obj, "version");
	if (!version || json_value_get_type(version) != JSON_INT ||
	    json_value_get_int(version) < 1) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: manifest has no valid version", what);
		return NULL;
	}
	if (json_value_get_int(version) > MANIFEST_VERSION) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: manifest version %" G_GINT64_FORMAT
			    " is newer than this romresolve reads (%d)",
			    what, json_value_get_int(version), MANIFEST_VERSION);
		return NULL;
	}
	if (!get_string(obj, "host", TRUE, &host, &why) ||
	    !get_string(obj, "mode", FALSE, &mode, &why) ||
	    (strcmp(mode, "stock") != 0 && strcmp(mode, "romresolve") != 0)) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: manifest has an invalid %s", what, why ? why : "mode");
		return NULL;
	}
	entries = json_value_get_member(obj, "entries");
	if (!entries || json_value_get_type(entries) != JSON_ARRAY) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: manifest has no entries array", what);
		return NULL;
	}
	m = manifest_alloc(host ? host : "", strcmp(mode, "stock") == 0);
	if (!read_facts(what, obj, m, error))
		return NULL;
	for (guint i = 0; i < json_value_get_length(entries); i++) {
		Entry e = {0};
		if (!read_entry(json_value_get_element(entries, i), &e, &why)) {
			entry_clear(&e);
			g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
				    "%s: entry %u: missing or invalid %s", what, i + 1, why);
			return NULL;
		}
		if (!check_ramblock(what, i + 1, &e, error)) {
			entry_clear(&e);
			return NULL;
		}
		/* Two verdicts for one RAMBlock: which would win is the order. */
		if (!g_hash_table_insert(seen, entry_key(&e), GUINT_TO_POINTER(i + 1))) {
			g_autofree char *label = manifest_entry_label(e.name, e.machine, e.arch);
			g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
				    "%s: entry %u: a second entry for %s", what, i + 1, label);
			entry_clear(&e);
			return NULL;
		}
		g_array_append_val(m->entries, e);
	}
	return g_steal_pointer(&m);
}

Manifest *manifest_new_from_data(const char *what, const char *data, gssize len, GError **error)
{
	return manifest_parse(what, data, len, error);
}

Manifest *manifest_new_from_file(const char *path, GError **error)
{
	g_autofree char *data = NULL;
	g_autoptr(GError) local = NULL;
	struct stat st;
	gsize len;

	/* A FIFO or a device would be read without end: regular files only. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_IO, "%s: not a regular file",
			    path);
		return NULL;
	}
	if (stat(path, &st) == 0 && st.st_size > MANIFEST_MAX_BYTES) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: not a romresolve manifest: larger than a manifest can be (%u MiB)",
			    path, MANIFEST_MAX_BYTES >> 20);
		return NULL;
	}
	if (!g_file_get_contents(path, &data, &len, &local)) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_IO, "%s", local->message);
		return NULL;
	}
	return manifest_parse(path, data, (gssize)len, error);
}

/* ---- comparing ---- */

char *manifest_entry_label(const char *name, const char *machine, const char *arch)
{
	return machine ? g_strdup_printf("%s, %s, %s", name, machine, arch)
		       : g_strdup_printf("%s, %s", name, arch);
}

static void verdict_free(ManifestVerdict *v)
{
	g_free(v->path);
	g_free(v->reason);
	g_free(v->machine_owned);
	g_free(v);
}

/* What @machine (NULL: no machine type) of @arch is to the binary @m
 * recorded: its default, an alias's type; NULL when @m recorded no binary
 * for @arch or the name is no alias (and is not NULL). */
static const char *facts_machine(const Manifest *m, const char *arch, const char *machine)
{
	if (!machine) {
		for (guint i = 0; i < m->qemus->len; i++) {
			const Qemu *q = &g_array_index(m->qemus, Qemu, i);
			if (strcmp(q->arch, arch) == 0)
				return q->default_machine;
		}
		return NULL;
	}
	for (guint i = 0; i < m->aliases->len; i++) {
		const Alias *a = &g_array_index(m->aliases, Alias, i);
		if (strcmp(a->arch, arch) == 0 && strcmp(a->alias, machine) == 0)
			return a->machine;
	}
	return NULL;
}

/* The concrete machine type an entry of @own stands for: as @own's binary
 * says, else as @other's does (a manifest saved before manifests recorded
 * their binary: its null machine is the default, its aliases their types),
 * else as written. */
static const char *concrete_machine(const Manifest *own, const Manifest *other, const char *arch,
				    const char *machine)
{
	const char *c = facts_machine(own, arch, machine);

	if (!c && other)
		c = facts_machine(other, arch, machine);
	return c ? c : machine;
}

/* The index key of @e, its machine type made concrete. */
static char *concrete_key(const Entry *e, const char *machine)
{
	return g_strjoin("\x1f", e->arch, machine ? machine : "", e->name, NULL);
}

/* The verdict for @o (a ROM or no ROM on the old side) against the new
 * side: @present FALSE when it lacks the file (for @reason), else its @path
 * (NULL: no ROM) and @ramblock. */
static ManifestVerdict *verdict_new(const Entry *o, gboolean present, const char *path,
				    uint64_t ramblock, const char *reason, gboolean resizes,
				    guint *n_clashes, guint *n_missing)
{
	ManifestVerdict *v = g_new0(ManifestVerdict, 1);

	v->arch = o->arch;
	v->machine = o->machine;
	v->name = o->name;
	v->old_ramblock = o->ramblock;
	if (!present) {
		v->kind = MANIFEST_VERDICT_MISSING;
		v->reason = g_strdup(reason);
		(*n_missing)++;
		return v;
	}
	v->path = g_strdup(path);
	v->new_ramblock = ramblock;
	if (ramblock == o->ramblock)
		v->kind = MANIFEST_VERDICT_OK;
	else if (manifest_ramblock_migrates(o->ramblock, ramblock, resizes))
		v->kind = MANIFEST_VERDICT_RESIZED;
	else
		v->kind = MANIFEST_VERDICT_CLASH;
	if (v->kind == MANIFEST_VERDICT_CLASH)
		(*n_clashes)++;
	return v;
}

/* @v's machine: the entry's own, or the concrete type it stands for. */
static void verdict_machine(ManifestVerdict *v, const char *machine)
{
	if (g_strcmp0(machine, v->machine) == 0)
		return;
	v->machine_owned = g_strdup(machine);
	v->machine = v->machine_owned;
}

/* The verdict for an entry @o the old side lacked and the new side's @n
 * has. */
static ManifestVerdict *verdict_gained(const Entry *o, const Entry *n, guint *n_gained)
{
	ManifestVerdict *v = g_new0(ManifestVerdict, 1);

	v->kind = MANIFEST_VERDICT_GAINED;
	v->arch = o->arch;
	v->machine = o->machine;
	v->name = o->name;
	v->path = g_strdup(n->path);
	v->new_ramblock = n->ramblock;
	(*n_gained)++;
	return v;
}

static GPtrArray *compare(const Manifest *old_m, const Manifest *new_m, guint *n_clashes,
			  guint *n_missing, guint *n_gained)
{
	g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *verdicts = g_ptr_array_new_with_free_func((GDestroyNotify)verdict_free);

	*n_clashes = *n_missing = 0;
	/* Both sides by concrete machine types: a null machine and an alias of
	 * a manifest are what its binary (or, when it recorded none, the other
	 * side's) made of them. */
	for (guint i = 0; i < new_m->entries->len; i++) {
		Entry *e = &g_array_index(new_m->entries, Entry, i);
		g_hash_table_insert(
		    index, concrete_key(e, concrete_machine(new_m, old_m, e->arch, e->machine)), e);
	}
	for (guint i = 0; i < old_m->entries->len; i++) {
		const Entry *o = &g_array_index(old_m->entries, Entry, i);
		const char *machine = concrete_machine(old_m, new_m, o->arch, o->machine);
		g_autofree char *key = NULL;
		ManifestVerdict *v;
		const Entry *n;

		key = concrete_key(o, machine);
		n = g_hash_table_lookup(index, key);
		if (!o->path && !o->no_rom) {
			/* No guest on the old host could start with it. */
			if (!n_gained || !n || (!n->path && !n->no_rom))
				continue;
			v = verdict_gained(o, n, n_gained);
			verdict_machine(v, machine);
			g_ptr_array_add(verdicts, v);
			continue;
		}
		v = verdict_new(o, n && (n->path || n->no_rom), n ? n->path : NULL,
				n ? n->ramblock : 0, n ? n->error : "no entry in the new manifest",
				manifest_is_from_stream(new_m, o->arch, machine), n_clashes,
				n_missing);
		/* Which side needs the feature: the new one (the destination),
		 * said where the old one has it and the new one lacks it. */
		if (v->kind == MANIFEST_VERDICT_CLASH &&
		    manifest_is_from_stream(old_m, o->arch, machine) &&
		    manifest_ramblock_migrates(v->old_ramblock, v->new_ramblock, TRUE))
			v->reason = g_strdup("the old host's QEMU sizes ROMs from the incoming "
					     "stream (x-rom-resize), the new one's does not: it "
					     "would take this one");
		verdict_machine(v, machine);
		g_ptr_array_add(verdicts, v);
	}
	return verdicts;
}

GPtrArray *manifest_compare(const Manifest *old_m, const Manifest *new_m, guint *n_clashes,
			    guint *n_missing)
{
	return compare(old_m, new_m, n_clashes, n_missing, NULL);
}

GPtrArray *manifest_compare_gained(const Manifest *old_m, const Manifest *new_m, guint *n_clashes,
				   guint *n_missing, guint *n_gained)
{
	*n_gained = 0;
	return compare(old_m, new_m, n_clashes, n_missing, n_gained);
}

GPtrArray *manifest_check_against(const Manifest *m, RomresolveContext *ctx,
				  ManifestMachineFunc concrete, gpointer data, guint *n_clashes,
				  guint *n_missing)
{
	GPtrArray *verdicts = g_ptr_array_new_with_free_func((GDestroyNotify)verdict_free);

	*n_clashes = *n_missing = 0;
	for (guint i = 0; i < m->entries->len; i++) {
		const Entry *o = &g_array_index(m->entries, Entry, i);
		g_autoptr(RomresolveResult) r = NULL;
		g_autoptr(GError) error = NULL;
		g_autofree char *local = NULL;
		const char *machine;
		ManifestVerdict *v;

		if (!o->path && !o->no_rom)
			continue;
		/* This host's binary says what the entry's machine is; else the
		 * manifest's own record, else as written. */
		local = concrete ? concrete(o->arch, o->machine, data) : NULL;
		machine = local ? local : concrete_machine(m, NULL, o->arch, o->machine);
		r = romresolve_context_resolve(ctx, o->name, o->arch, machine,
					       ROMRESOLVE_LOOKUP_ROM, &error);
		v = verdict_new(o, r != NULL, r ? romresolve_result_get_path(r) : NULL,
				r ? romresolve_result_get_ramblock(r) : 0,
				r ? NULL : error->message, FALSE, n_clashes, n_missing);
		verdict_machine(v, machine);
		g_ptr_array_add(verdicts, v);
	}
	return verdicts;
}

const char *manifest_verdict_kind_name(ManifestVerdictKind kind)
{
	static const char *const names[] = {
	    [MANIFEST_VERDICT_OK] = "ok",	    [MANIFEST_VERDICT_CLASH] = "clash",
	    [MANIFEST_VERDICT_MISSING] = "missing", [MANIFEST_VERDICT_GAINED] = "gained",
	    [MANIFEST_VERDICT_RESIZED] = "resized",
	};

	return names[kind];
}

char *manifest_verdict_message(const ManifestVerdict *v)
{
	switch (v->kind) {
	case MANIFEST_VERDICT_MISSING:
		return g_strdup_printf("guests that use it cannot start on the new host: %s",
				       v->reason);
	case MANIFEST_VERDICT_GAINED:
		return g_strdup_printf("not on the old host, 0x%" G_GINT64_MODIFIER "x on the new",
				       v->new_ramblock);
	case MANIFEST_VERDICT_RESIZED:
		return g_strdup_printf("0x%" G_GINT64_MODIFIER "x != 0x%" G_GINT64_MODIFIER
				       "x: resized from the stream (the new host's QEMU sizes "
				       "ROMs from it, x-rom-resize)",
				       v->old_ramblock, v->new_ramblock);
	case MANIFEST_VERDICT_CLASH:
		/* QEMU's words for a RAMBlock of another length. */
		return g_strdup_printf("0x%" G_GINT64_MODIFIER "x != 0x%" G_GINT64_MODIFIER
				       "x%s%s%s",
				       v->old_ramblock, v->new_ramblock,
				       !v->new_ramblock	  ? " (no ROM on the new host)"
				       : !v->old_ramblock ? " (no ROM on the old host)"
							  : "",
				       v->reason ? "; " : "", v->reason ? v->reason : "");
	case MANIFEST_VERDICT_OK:
	default:
		return g_strdup_printf("0x%" G_GINT64_MODIFIER "x", v->old_ramblock);
	}
}

/* ---- getters ---- */

static const Entry *entry_at(const Manifest *m, guint i)
{
	g_return_val_if_fail(i < m->entries->len, NULL);
	return &g_array_index(m->entries, Entry, i);
}

const char *manifest_get_host(const Manifest *m)
{
	return m->host;
}

gboolean manifest_is_stock(const Manifest *m)
{
	return m->stock;
}

guint manifest_get_n_entries(const Manifest *m)
{
	return m->entries->len;
}

#define ENTRY_GETTER(type, field, none)                                                            \
	type manifest_get_##field(const Manifest *m, guint i)                                      \
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
ENTRY_GETTER(gboolean, no_rom, FALSE)
