/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A fleet: manifests and fact files read streaming, grouped by ABI class. */
#include "fleet.h"

#include "json.h"
#include "jstream.h"
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A manifest nests 3 levels (document, entries, entry), a fact file 5
 * (document, classes, class, roms, ROM). */
#define FACTS_DEPTH 5

typedef enum { ROLE_ARCH, ROLE_MACHINE, ROLE_NAME, ROLE_CLASS, N_ROLES } Role;

typedef struct {
	const char *arch;
	const char *machine; /* NULL: none */
} Machine;

typedef struct {
	char id[FLEET_CLASS_LEN + 1];
	gboolean from_stream;
	guint n;
	FleetRom *roms;
	guint hash;
} Class;

typedef struct {
	const char *name;
	const char *file;
	guint profile;
} Host;

/* An entry of the manifest being read. */
typedef enum { ENTRY_ROM, ENTRY_NO_ROM, ENTRY_UNRESOLVED } EntryKind;
typedef struct {
	guint machine;
	const char *name;
	guint64 romsize, ramblock;
	guint index; /* from 1, in the file */
	EntryKind kind;
} Entry;

/* A (machine, class) pair of a host's profile. */
typedef struct {
	guint32 machine;
	guint32 cls;
} Pair;

struct Fleet {
	GStringChunk *chunk;
	GHashTable *strings[N_ROLES]; /* interned, each checked once */
	GHashTable *machine_index;    /* Machine* -> index + 1 */
	GArray *machines;	      /* Machine */
	GHashTable *class_index;      /* Class* (by content) -> index + 1 */
	GPtrArray *classes;	      /* Class* */
	GHashTable *profile_index;    /* GBytes (Pair[]) -> index + 1 */
	GPtrArray *profiles;	      /* GBytes */
	GArray *hosts;		      /* Host */
	GHashTable *host_index;	      /* name -> index + 1 */
	/* What one file is read with, kept from one to the next. */
	JStream *in;
	GArray *entries;	  /* Entry */
	GArray *pairs;		  /* Pair */
	GArray *roms;		  /* FleetRom */
	GHashTable *from_stream;  /* machine index + 1, of this manifest */
	GHashTable *fact_classes; /* id -> class index + 1, of this fact file */
	guint last_machine;	  /* the last machine looked up, + 1 */
	GArray *seq;		  /* Seen: the strings of the last file, in order */
	guint seq_at;		  /* where this file is in them */
};

typedef struct {
	const char *text;
	Role role;
} Seen;

/* At most this many strings of a file are remembered for the next one. */
#define SEQ_MAX (1u << 16)

/* ---- the tables ---- */

static guint machine_hash(gconstpointer p)
{
	const Machine *m = p;

	return g_direct_hash(m->arch) * 31 + g_direct_hash(m->machine);
}

static gboolean machine_equal(gconstpointer a, gconstpointer b)
{
	const Machine *x = a, *y = b;

	return x->arch == y->arch && x->machine == y->machine;
}

static guint class_hash(gconstpointer p)
{
	return ((const Class *)p)->hash;
}

static gboolean class_equal(gconstpointer a, gconstpointer b)
{
	const Class *x = a, *y = b;

	return x->from_stream == y->from_stream && x->n == y->n &&
	       memcmp(x->roms, y->roms, x->n * sizeof(FleetRom)) == 0;
}

static guint roms_hash(const FleetRom *roms, guint n, gboolean from_stream)
{
	guint h = from_stream ? 7 : 3;

	for (guint i = 0; i < n; i++)
		h = ((h * 31 + g_direct_hash(roms[i].name)) * 31 + (guint)roms[i].romsize) * 31 +
		    (guint)(roms[i].ramblock >> 12);
	return h;
}

static void class_free(Class *c)
{
	g_free(c->roms);
	g_free(c);
}

Fleet *fleet_new(void)
{
	Fleet *f = g_new0(Fleet, 1);

	f->chunk = g_string_chunk_new(64 * 1024);
	for (int r = 0; r < N_ROLES; r++)
		f->strings[r] = g_hash_table_new(g_str_hash, g_str_equal);
	f->machine_index = g_hash_table_new_full(machine_hash, machine_equal, g_free, NULL);
	f->machines = g_array_new(FALSE, FALSE, sizeof(Machine));
	f->class_index = g_hash_table_new(class_hash, class_equal);
	f->classes = g_ptr_array_new_with_free_func((GDestroyNotify)class_free);
	f->profile_index = g_hash_table_new(g_bytes_hash, g_bytes_equal);
	f->profiles = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	f->hosts = g_array_new(FALSE, FALSE, sizeof(Host));
	f->host_index = g_hash_table_new(g_str_hash, g_str_equal);
	f->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
	f->pairs = g_array_new(FALSE, FALSE, sizeof(Pair));
	f->roms = g_array_new(FALSE, FALSE, sizeof(FleetRom));
	f->from_stream = g_hash_table_new(g_direct_hash, g_direct_equal);
	/* Keyed by interned ids. */
	f->fact_classes = g_hash_table_new(g_direct_hash, g_direct_equal);
	f->seq = g_array_new(FALSE, FALSE, sizeof(Seen));
	return f;
}

void fleet_free(Fleet *f)
{
	if (!f)
		return;
	for (int r = 0; r < N_ROLES; r++)
		g_hash_table_destroy(f->strings[r]);
	g_hash_table_destroy(f->machine_index);
	g_array_free(f->machines, TRUE);
	g_hash_table_destroy(f->class_index);
	g_ptr_array_free(f->classes, TRUE);
	g_hash_table_destroy(f->profile_index);
	g_ptr_array_free(f->profiles, TRUE);
	g_array_free(f->hosts, TRUE);
	g_hash_table_destroy(f->host_index);
	g_array_free(f->entries, TRUE);
	g_array_free(f->pairs, TRUE);
	g_array_free(f->roms, TRUE);
	g_hash_table_destroy(f->from_stream);
	g_hash_table_destroy(f->fact_classes);
	js_free(f->in);
	g_array_free(f->seq, TRUE);
	g_string_chunk_free(f->chunk);
	g_free(f);
}

/* A machine type name as the config and QEMU write it: printable, no '/'
 * (as the manifest reader takes it). */
static gboolean machine_valid(const char *machine)
{
	if (!*machine)
		return FALSE;
	for (const char *p = machine; *p; p++)
		if (!g_ascii_isgraph(*p) || *p == '/')
			return FALSE;
	return TRUE;
}

static gboolean class_id_valid(const char *id)
{
	gsize n = 0;

	for (; id[n]; n++)
		if (!g_ascii_isxdigit(id[n]) || g_ascii_isupper(id[n]))
			return FALSE;
	return n == FLEET_CLASS_LEN;
}

static gboolean role_valid(Role role, const char *text)
{
	switch (role) {
	case ROLE_ARCH:
		return romresolve_arch_validate(text, NULL);
	case ROLE_MACHINE:
		return machine_valid(text);
	case ROLE_NAME:
		return romresolve_name_validate(text, NULL);
	case ROLE_CLASS:
	default:
		return class_id_valid(text);
	}
}

/* @text as one string of its role: NULL when it is no valid one (checked
 * once per distinct string). */
static const char *intern(Fleet *f, Role role, const char *text)
{
	/* The files of a fleet are much alike: the string this one had at
	 * this place in the last file is tried before the table. */
	guint at = f->seq_at++;
	Seen *seen = at < f->seq->len ? &g_array_index(f->seq, Seen, at) : NULL;
	const char *s;

	if (seen && seen->role == role && strcmp(seen->text, text) == 0)
		return seen->text;
	s = g_hash_table_lookup(f->strings[role], text);
	if (!s) {
		if (!role_valid(role, text))
			return NULL;
		s = g_string_chunk_insert_const(f->chunk, text);
		g_hash_table_add(f->strings[role], (gpointer)s);
	}
	if (seen) {
		seen->text = s;
		seen->role = role;
	} else if (at == f->seq->len && at < SEQ_MAX) {
		Seen add = {s, role};
		g_array_append_val(f->seq, add);
	}
	return s;
}

static guint machine_of(Fleet *f, const char *arch, const char *machine)
{
	Machine key = {arch, machine};
	gpointer at;

	if (f->last_machine) {
		const Machine *last = &g_array_index(f->machines, Machine, f->last_machine - 1);
		if (last->arch == arch && last->machine == machine)
			return f->last_machine - 1;
	}
	at = g_hash_table_lookup(f->machine_index, &key);
	if (!at) {
		Machine *m;

		g_array_append_val(f->machines, key);
		/* The array moves as it grows: the table holds copies. */
		m = g_new(Machine, 1);
		*m = key;
		at = GUINT_TO_POINTER(f->machines->len);
		g_hash_table_insert(f->machine_index, m, at);
	}
	f->last_machine = GPOINTER_TO_UINT(at);
	return GPOINTER_TO_UINT(at) - 1;
}

/* The class of @n sorted @roms: found, or made. */
static guint class_of(Fleet *f, const FleetRom *roms, guint n, gboolean from_stream)
{
	Class key = {.from_stream = from_stream, .n = n, .roms = (FleetRom *)roms};
	gpointer at;
	Class *c;

	key.hash = roms_hash(roms, n, from_stream);
	at = g_hash_table_lookup(f->class_index, &key);
	if (at)
		return GPOINTER_TO_UINT(at) - 1;
	c = g_new0(Class, 1);
	*c = key;
	c->roms = g_memdup2(roms, n * sizeof(FleetRom));
	fleet_class_id(roms, n, from_stream, c->id);
	g_ptr_array_add(f->classes, c);
	g_hash_table_insert(f->class_index, c, GUINT_TO_POINTER(f->classes->len));
	return f->classes->len - 1;
}

static int rom_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(((const FleetRom *)a)->name, ((const FleetRom *)b)->name);
}

static int pair_compare(gconstpointer a, gconstpointer b)
{
	const Pair *x = a, *y = b;

	return x->machine < y->machine ? -1 : x->machine > y->machine;
}

/* Files of one fleet list their machine types in the same order: sorted
 * already, mostly. */
static void sort_pairs(GArray *pairs)
{
	for (guint i = 1; i < pairs->len; i++)
		if (pair_compare(&g_array_index(pairs, Pair, i - 1),
				 &g_array_index(pairs, Pair, i)) > 0) {
			g_array_sort(pairs, pair_compare);
			return;
		}
}

/* Add the host of the file just read: its profile is f->pairs. */
static gboolean add_host(Fleet *f, const char *what, const char *name, GError **error)
{
	Host h = {0};
	GBytes *key;
	gpointer at;

	at = g_hash_table_lookup(f->host_index, name);
	if (at) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
			    "%s: host %s was read already, from %s", what, name,
			    g_array_index(f->hosts, Host, GPOINTER_TO_UINT(at) - 1).file);
		return FALSE;
	}
	sort_pairs(f->pairs);
	key = g_bytes_new(f->pairs->data, f->pairs->len * sizeof(Pair));
	at = g_hash_table_lookup(f->profile_index, key);
	if (!at) {
		g_ptr_array_add(f->profiles, key); /* the table borrows it */
		at = GUINT_TO_POINTER(f->profiles->len);
		g_hash_table_insert(f->profile_index, key, at);
	} else {
		g_bytes_unref(key);
	}
	h.name = g_string_chunk_insert(f->chunk, name);
	h.file = g_string_chunk_insert(f->chunk, what);
	h.profile = GPOINTER_TO_UINT(at) - 1;
	g_array_append_val(f->hosts, h);
	g_hash_table_insert(f->host_index, (gpointer)h.name, GUINT_TO_POINTER(f->hosts->len));
	return TRUE;
}

/* ---- reading: the parts both kinds of file have ---- */

typedef struct {
	const char *what;
	char *format;
	gboolean has_version;
	gint64 version;
	gboolean version_valid;
	char *host;
	gboolean host_bad;
	char *mode;
	gboolean seen_entries, seen_machines, seen_classes, seen_facts[MANIFEST_N_FACTS];
	const char *why; /* an invalid entry's member */
	guint bad_entry;
} Doc;

static void doc_clear(Doc *d)
{
	g_free(d->format);
	g_free(d->host);
	g_free(d->mode);
}

static gboolean invalid(GError **error, const char *what, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean invalid(GError **error, const char *what, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID, "%s: %s", what, msg);
	return FALSE;
}

/* A string or null member: NULL for null or anything else. A member given
 * twice is its last value, as json_parse() has it. */
static gboolean string_or_null(JStream *in, char **out, gboolean *valid)
{
	const char *s;
	JsKind k = js_peek(in);

	*valid = k == JS_STRING || k == JS_NULL;
	g_clear_pointer(out, g_free);
	if (k == JS_STRING) {
		if (!js_string(in, &s, NULL))
			return FALSE;
		*out = g_strdup(s);
		return TRUE;
	}
	return js_skip(in);
}

static gboolean uint_member(JStream *in, guint64 *out, gboolean *valid)
{
	gboolean is_int;
	gint64 i;

	*valid = FALSE;
	if (js_peek(in) != JS_NUMBER)
		return js_skip(in);
	return js_number(in, valid, out, &is_int, &i);
}

/* ---- manifests ---- */

typedef struct {
	const char *arch, *machine, *name; /* interned */
	gboolean arch_ok, machine_ok, name_ok;
	gboolean bad_arch, bad_machine, bad_name; /* a string, but not a valid one */
	int path;				  /* 0 absent, 1 null, 2 string, -1 other */
	int error;				  /* 0 absent, 1 string, -1 other */
	gboolean size_ok, romsize_ok, ramblock_ok;
	guint64 size, romsize, ramblock;
} RawEntry;

/* A string member of an entry, interned as @role. */
static gboolean entry_string(Fleet *f, Role role, gboolean nullable, const char **out, gboolean *ok,
			     gboolean *bad)
{
	JStream *in = f->in;
	JsKind k = js_peek(in);
	const char *s;

	*ok = *bad = FALSE;
	*out = NULL;
	if (k == JS_NULL && nullable) {
		*ok = TRUE;
		return js_skip(in);
	}
	if (k != JS_STRING)
		return js_skip(in);
	if (!js_string(in, &s, NULL))
		return FALSE;
	*out = intern(f, role, s);
	*ok = TRUE;
	*bad = *out == NULL;
	return TRUE;
}

typedef enum {
	M_OTHER,
	M_ARCH,
	M_MACHINE,
	M_NAME,
	M_PATH,
	M_ERROR,
	M_SIZE,
	M_ROMSIZE,
	M_RAMBLOCK,
} EntryMember;

/* Which member of an entry @name is: one strcmp. */
static EntryMember entry_member(const char *name)
{
	static const struct {
		const char *name;
		EntryMember id;
	} by_first[] = {
	    ['a'] = {"arch", M_ARCH},	    ['m'] = {"machine", M_MACHINE},
	    ['n'] = {"name", M_NAME},	    ['p'] = {"path", M_PATH},
	    ['e'] = {"error", M_ERROR},	    ['s'] = {"size", M_SIZE},
	    ['r'] = {"romsize", M_ROMSIZE},
	};
	unsigned char c = (unsigned char)name[0];

	if (c == 'r' && name[1] == 'a')
		return strcmp(name, "ramblock") == 0 ? M_RAMBLOCK : M_OTHER;
	if (c >= G_N_ELEMENTS(by_first) || !by_first[c].name)
		return M_OTHER;
	return strcmp(name, by_first[c].name) == 0 ? by_first[c].id : M_OTHER;
}

static gboolean read_raw_entry(Fleet *f, RawEntry *e)
{
	JStream *in = f->in;
	const char *member;

	while (js_member(in, &member)) {
		gboolean ok = TRUE;
		JsKind k;

		switch (entry_member(member)) {
		case M_ARCH:
			ok = entry_string(f, ROLE_ARCH, FALSE, &e->arch, &e->arch_ok, &e->bad_arch);
			break;
		case M_MACHINE:
			ok = entry_string(f, ROLE_MACHINE, TRUE, &e->machine, &e->machine_ok,
					  &e->bad_machine);
			break;
		case M_NAME:
			ok = entry_string(f, ROLE_NAME, FALSE, &e->name, &e->name_ok, &e->bad_name);
			break;
		case M_PATH:
			k = js_peek(in);
			e->path = k == JS_NULL ? 1 : k == JS_STRING ? 2 : -1;
			ok = js_skip(in);
			break;
		case M_ERROR:
			e->error = js_peek(in) == JS_STRING ? 1 : -1;
			ok = js_skip(in);
			break;
		case M_SIZE:
			ok = uint_member(in, &e->size, &e->size_ok);
			break;
		case M_ROMSIZE:
			ok = uint_member(in, &e->romsize, &e->romsize_ok);
			break;
		case M_RAMBLOCK:
			ok = uint_member(in, &e->ramblock, &e->ramblock_ok);
			break;
		case M_OTHER:
		default:
			ok = js_skip(in);
		}
		if (!ok)
			return FALSE;
	}
	return js_error(in) == NULL;
}

/* What the manifest reader says of an entry (read_entry and check_ramblock
 * in tools/manifest.c), in the same order: NULL when it is fine. */
static const char *entry_problem(const RawEntry *e, EntryKind *kind)
{
	if (!e->arch_ok)
		return "arch";
	if (!e->machine_ok)
		return "machine";
	if (!e->name_ok)
		return "name";
	if (e->path < 0)
		return "path";
	if (e->bad_arch)
		return "arch";
	if (e->bad_machine)
		return "machine";
	if (e->bad_name)
		return "name";
	if (e->path != 2 && e->error == 0) {
		*kind = ENTRY_NO_ROM;
		if (!e->romsize_ok)
			return "romsize";
		if (!e->ramblock_ok)
			return "ramblock";
		if (e->romsize || e->ramblock)
			return e->romsize ? "romsize" : "ramblock";
		return NULL;
	}
	if (e->path != 2) {
		*kind = ENTRY_UNRESOLVED;
		return e->error == 1 ? NULL : "error";
	}
	*kind = ENTRY_ROM;
	if (!e->size_ok)
		return "size";
	if (!e->romsize_ok)
		return "romsize";
	if (!e->ramblock_ok)
		return "ramblock";
	return NULL;
}

static inline gboolean sizes_fine(guint64 romsize, guint64 ramblock)
{
	return (romsize & (romsize - 1)) == 0 && ramblock == romresolve_size_ramblock(romsize);
}

/* check_ramblock()'s rule: a power of two, and its RAMBlock. */
static gboolean sizes_problem(GError **error, const char *what, const char *label, guint64 romsize,
			      guint64 ramblock)
{
	guint64 want = romresolve_size_ramblock(romsize);

	if (ramblock % 4096 == 0 && ramblock == want && (romsize & (romsize - 1)) == 0)
		return FALSE;
	if (romsize & (romsize - 1))
		invalid(error, what, "%s: romsize 0x%" G_GINT64_MODIFIER "x is not a power of two",
			label, romsize);
	else if (ramblock % 4096)
		invalid(error, what,
			"%s: ramblock 0x%" G_GINT64_MODIFIER
			"x is not a multiple of the 4 KiB page",
			label, ramblock);
	else
		invalid(error, what,
			"%s: ramblock 0x%" G_GINT64_MODIFIER
			"x does not match romsize 0x%" G_GINT64_MODIFIER
			"x (its RAMBlock is 0x%" G_GINT64_MODIFIER "x)",
			label, ramblock, romsize, want);
	return TRUE;
}

static gboolean read_entries(Fleet *f, Doc *d, GError **error)
{
	JStream *in = f->in;
	guint n = 0;

	g_array_set_size(f->entries, 0);
	if (js_peek(in) != JS_ARRAY) {
		if (!js_error(in))
			invalid(error, d->what, "manifest has no entries array");
		return FALSE;
	}
	js_begin(in, JS_ARRAY);
	while (js_element(in)) {
		RawEntry e = {0};
		Entry out = {0};
		const char *why;

		n++;
		if (js_peek(in) != JS_OBJECT) {
			if (js_error(in))
				return FALSE;
			return invalid(error, d->what, "entry %u: missing or invalid entry", n);
		}
		js_begin(in, JS_OBJECT);
		if (!read_raw_entry(f, &e))
			return FALSE;
		why = entry_problem(&e, &out.kind);
		if (why)
			return invalid(error, d->what, "entry %u: missing or invalid %s", n, why);
		if (out.kind != ENTRY_UNRESOLVED && !sizes_fine(e.romsize, e.ramblock)) {
			g_autofree char *label = NULL;
			g_autofree char *entry = NULL;

			label = manifest_entry_label(e.name, e.machine, e.arch);
			entry = g_strdup_printf("entry %u (%s)", n, label);
			if (sizes_problem(error, d->what, entry, e.romsize, e.ramblock))
				return FALSE;
		}
		out.machine = machine_of(f, e.arch, e.machine);
		out.name = e.name;
		out.romsize = e.romsize;
		out.ramblock = e.ramblock;
		out.index = n;
		g_array_append_val(f->entries, out);
	}
	return js_error(in) == NULL;
}

/* One of manifest_facts' arrays, checked as the manifest reader checks it;
 * rom_from_stream's machine types kept. */
static gboolean read_facts(Fleet *f, Doc *d, guint kind, GError **error)
{
	const ManifestFacts *spec = &manifest_facts[kind];
	JStream *in = f->in;
	guint n = 0;

	if (kind == MANIFEST_FACTS_FROM_STREAM)
		g_hash_table_remove_all(f->from_stream);
	if (js_peek(in) != JS_ARRAY) {
		if (!js_error(in))
			invalid(error, d->what, "manifest's %s is not an array", spec->array);
		return FALSE;
	}
	js_begin(in, JS_ARRAY);
	while (js_element(in)) {
		const char *v[MANIFEST_FACT_FIELDS_MAX] = {NULL}, *member, *why = NULL;
		guint seen = 0;

		n++;
		if (js_peek(in) != JS_OBJECT) {
			if (!js_error(in))
				invalid(error, d->what, "%s %u: missing or invalid %s", spec->label,
					n, spec->array);
			return FALSE;
		}
		js_begin(in, JS_OBJECT);
		while (js_member(in, &member)) {
			const ManifestField *field = NULL;
			JsKind k = js_peek(in);
			const char *s;
			guint i;

			for (i = 0; i < spec->n_fields && !field; i++)
				if (strcmp(spec->fields[i].member, member) == 0)
					field = &spec->fields[i];
			i = field ? (guint)(field - spec->fields) : 0;
			if (!field || k != JS_STRING) {
				/* another member, a nullable one's null, or invalid */
				if (field && k == JS_NULL && field->nullable)
					seen |= 1u << i;
				else if (field && !why)
					why = field->member;
				if (!js_skip(in))
					return FALSE;
				continue;
			}
			if (!js_string(in, &s, NULL))
				return FALSE;
			seen |= 1u << i;
			if (!manifest_field_valid(field->kind, s))
				why = why ? why : field->member;
			else if (kind == MANIFEST_FACTS_FROM_STREAM)
				v[i] = intern(f, i == 0 ? ROLE_ARCH : ROLE_MACHINE, s);
		}
		if (js_error(in))
			return FALSE;
		for (guint i = 0; i < spec->n_fields && !why; i++)
			if (!(seen & (1u << i)) && !spec->fields[i].nullable)
				why = spec->fields[i].member;
		if (why)
			return invalid(error, d->what, "%s %u: missing or invalid %s", spec->label,
				       n, why);
		if (kind == MANIFEST_FACTS_FROM_STREAM) {
			if (!v[0] || !v[1])
				return invalid(error, d->what, "%s %u: missing or invalid %s",
					       spec->label, n, v[0] ? "machine" : "arch");
			g_hash_table_add(f->from_stream,
					 GUINT_TO_POINTER(machine_of(f, v[0], v[1]) + 1));
		}
	}
	return js_error(in) == NULL;
}

static int entry_compare(gconstpointer a, gconstpointer b)
{
	const Entry *x = a, *y = b;

	if (x->machine != y->machine)
		return x->machine < y->machine ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The manifest's entries as classes, per machine, into f->pairs. */
static gboolean manifest_classes(Fleet *f, const Doc *d, GError **error)
{
	Entry *es = (Entry *)(void *)f->entries->data;
	guint n = f->entries->len, dup = 0, i = 0;
	gboolean sorted = TRUE;

	for (guint k = 1; k < n && sorted; k++)
		sorted = entry_compare(&es[k - 1], &es[k]) < 0;
	if (!sorted)
		g_array_sort(f->entries, entry_compare);
	/* Two verdicts for one RAMBlock: the manifest reader refuses them,
	 * naming the first entry that repeats one. */
	for (guint k = 1; k < n; k++)
		if (entry_compare(&es[k - 1], &es[k]) == 0) {
			guint later = MAX(es[k - 1].index, es[k].index);
			if (!dup || later < es[dup].index)
				dup = es[k - 1].index == later ? k - 1 : k;
		}
	if (dup) {
		const Machine *m = &g_array_index(f->machines, Machine, es[dup].machine);
		g_autofree char *label = manifest_entry_label(es[dup].name, m->machine, m->arch);
		return invalid(error, d->what, "entry %u: a second entry for %s", es[dup].index,
			       label);
	}
	g_array_set_size(f->pairs, 0);
	while (i < n) {
		guint machine = es[i].machine;
		Pair p = {machine, 0};

		g_array_set_size(f->roms, 0);
		for (; i < n && es[i].machine == machine; i++) {
			FleetRom r = {es[i].name, es[i].romsize, es[i].ramblock};
			if (es[i].kind != ENTRY_UNRESOLVED)
				g_array_append_val(f->roms, r);
		}
		p.cls =
		    class_of(f, (FleetRom *)(void *)f->roms->data, f->roms->len,
			     g_hash_table_contains(f->from_stream, GUINT_TO_POINTER(machine + 1)));
		g_array_append_val(f->pairs, p);
	}
	return TRUE;
}

/* ---- fact files ---- */

/* "machines": {ARCH: {MACHINE or "": CLASS}} into f->pairs, the class as
 * its interned id for now. */
static gboolean read_machines(Fleet *f, Doc *d, GPtrArray *ids, GError **error)
{
	JStream *in = f->in;
	const char *member;

	g_array_set_size(f->pairs, 0);
	g_ptr_array_set_size(ids, 0);
	if (!js_begin(in, JS_OBJECT))
		return FALSE;
	while (js_member(in, &member)) {
		const char *arch = intern(f, ROLE_ARCH, member);

		if (!arch)
			return invalid(error, d->what, "machines: '%s' is not a QEMU target",
				       member);
		if (!js_begin(in, JS_OBJECT))
			return FALSE;
		while (js_member(in, &member)) {
			const char *machine = *member ? intern(f, ROLE_MACHINE, member) : NULL;
			const char *id;
			Pair p = {0};

			if (*member && !machine)
				return invalid(error, d->what,
					       "machines: %s: '%s' is not a machine type", arch,
					       member);
			p.machine = machine_of(f, arch, machine);
			if (js_peek(in) != JS_STRING) {
				if (!js_error(in))
					invalid(error, d->what, "machines: %s %s: not a class",
						arch, member);
				return FALSE;
			}
			if (!js_string(in, &id, NULL))
				return FALSE;
			if (!(id = intern(f, ROLE_CLASS, id)))
				return invalid(error, d->what, "machines: %s %s: not a class", arch,
					       member);
			g_array_append_val(f->pairs, p);
			g_ptr_array_add(ids, (gpointer)id);
		}
	}
	return js_error(in) == NULL;
}

/* One ROM: [NAME, ROMSIZE, RAMBLOCK]. */
static gboolean read_fact_rom(Fleet *f, Doc *d, const char *id, FleetRom *r, GError **error)
{
	JStream *in = f->in;
	const char *name;
	gboolean ok = FALSE;
	guint64 *sizes[] = {&r->romsize, &r->ramblock};

	if (js_peek(in) != JS_ARRAY || !js_begin(in, JS_ARRAY) || !js_element(in) ||
	    js_peek(in) != JS_STRING)
		goto bad;
	if (!js_string(in, &name, NULL))
		return FALSE;
	if (!(r->name = intern(f, ROLE_NAME, name)))
		return invalid(error, d->what, "class %s: '%s' is not a ROM name", id, name);
	for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
		if (!js_element(in) || !uint_member(in, sizes[i], &ok) || !ok)
			goto bad;
	}
	if (js_element(in))
		goto bad;
	if (js_error(in))
		return FALSE;
	{
		g_autofree char *label = g_strdup_printf("class %s: %s", id, r->name);
		return !sizes_problem(error, d->what, label, r->romsize, r->ramblock);
	}
bad:
	if (!js_error(in))
		invalid(error, d->what, "class %s: a ROM is not [NAME, ROMSIZE, RAMBLOCK]", id);
	return FALSE;
}

/* One class: {"rom_from_stream": BOOL, "roms": [...]}, checked against its
 * id. */
static gboolean read_fact_class(Fleet *f, Doc *d, const char *id, GError **error)
{
	JStream *in = f->in;
	const char *member;
	gboolean from_stream = FALSE, seen_roms = FALSE, seen_flag = FALSE;
	guint c;
	const Class *cls;

	g_array_set_size(f->roms, 0);
	if (js_peek(in) != JS_OBJECT) {
		if (!js_error(in))
			invalid(error, d->what, "class %s: not an object", id);
		return FALSE;
	}
	js_begin(in, JS_OBJECT);
	while (js_member(in, &member)) {
		if (strcmp(member, "rom_from_stream") == 0) {
			JsKind k = js_peek(in);
			if (k != JS_TRUE && k != JS_FALSE) {
				if (!js_error(in))
					invalid(error, d->what, "class %s: invalid rom_from_stream",
						id);
				return FALSE;
			}
			from_stream = k == JS_TRUE;
			seen_flag = TRUE;
			if (!js_literal(in))
				return FALSE;
		} else if (strcmp(member, "roms") == 0) {
			if (seen_roms || js_peek(in) != JS_ARRAY) {
				if (!js_error(in))
					invalid(error, d->what, "class %s: invalid roms", id);
				return FALSE;
			}
			seen_roms = TRUE;
			js_begin(in, JS_ARRAY);
			while (js_element(in)) {
				FleetRom r = {0};
				if (!read_fact_rom(f, d, id, &r, error))
					return FALSE;
				g_array_append_val(f->roms, r);
			}
		} else if (!js_skip(in)) {
			return FALSE;
		}
	}
	if (js_error(in))
		return FALSE;
	if (!seen_roms || !seen_flag)
		return invalid(error, d->what, "class %s: missing %s", id,
			       seen_roms ? "rom_from_stream" : "roms");
	g_array_sort(f->roms, rom_compare);
	for (guint i = 1; i < f->roms->len; i++)
		if (strcmp(g_array_index(f->roms, FleetRom, i - 1).name,
			   g_array_index(f->roms, FleetRom, i).name) == 0)
			return invalid(error, d->what, "class %s: %s twice", id,
				       g_array_index(f->roms, FleetRom, i).name);
	c = class_of(f, (FleetRom *)(void *)f->roms->data, f->roms->len, from_stream);
	cls = f->classes->pdata[c];
	if (strcmp(cls->id, id) != 0)
		return invalid(error, d->what, "class %s: its ROMs are class %s", id, cls->id);
	g_hash_table_insert(f->fact_classes, (gpointer)id, GUINT_TO_POINTER(c + 1));
	return TRUE;
}

static gboolean read_classes(Fleet *f, Doc *d, GError **error)
{
	JStream *in = f->in;
	const char *member;

	g_hash_table_remove_all(f->fact_classes);
	if (js_peek(in) != JS_OBJECT) {
		if (!js_error(in))
			invalid(error, d->what, "fact file has no classes object");
		return FALSE;
	}
	js_begin(in, JS_OBJECT);
	while (js_member(in, &member)) {
		const char *id = intern(f, ROLE_CLASS, member);

		if (!id)
			return invalid(error, d->what, "classes: '%s' is not a class", member);
		if (g_hash_table_contains(f->fact_classes, id))
			return invalid(error, d->what, "classes: %s twice", id);
		if (!read_fact_class(f, d, id, error))
			return FALSE;
	}
	return js_error(in) == NULL;
}

/* The fact file's machines, their classes resolved, into f->pairs. */
static gboolean fact_classes(Fleet *f, const Doc *d, GPtrArray *ids, GError **error)
{
	for (guint i = 0; i < f->pairs->len; i++) {
		Pair *p = &g_array_index(f->pairs, Pair, i);
		gpointer at = g_hash_table_lookup(f->fact_classes, ids->pdata[i]);
		const Machine *m = &g_array_index(f->machines, Machine, p->machine);

		if (!at)
			return invalid(
			    error, d->what, "machines: %s %s: class %s is not in classes", m->arch,
			    m->machine ? m->machine : "\"\"", (const char *)ids->pdata[i]);
		p->cls = GPOINTER_TO_UINT(at) - 1;
	}
	sort_pairs(f->pairs);
	for (guint i = 1; i < f->pairs->len; i++)
		if (g_array_index(f->pairs, Pair, i - 1).machine ==
		    g_array_index(f->pairs, Pair, i).machine)
			return invalid(error, d->what, "machines: a machine type twice");
	return TRUE;
}

/* ---- one document ---- */

static gboolean read_top(Fleet *f, Doc *d, GPtrArray *ids, GError **error)
{
	JStream *in = f->in;
	const char *member;
	gboolean ok = TRUE;

	js_skip_bom(in);
	if (js_peek(in) != JS_OBJECT) {
		if (!js_error(in))
			invalid(error, d->what, "not a romresolve manifest (not a JSON object)");
		return FALSE;
	}
	js_begin(in, JS_OBJECT);
	while (ok && js_member(in, &member)) {
		gboolean *seen = NULL;

		if (strcmp(member, "format") == 0) {
			gboolean valid;
			ok = string_or_null(in, &d->format, &valid);
		} else if (strcmp(member, "version") == 0) {
			gboolean is_uint;
			guint64 u;
			d->has_version = TRUE;
			d->version_valid = FALSE;
			if (js_peek(in) == JS_NUMBER)
				ok = js_number(in, &is_uint, &u, &d->version_valid, &d->version);
			else
				ok = js_skip(in);
		} else if (strcmp(member, "host") == 0) {
			gboolean valid;
			ok = string_or_null(in, &d->host, &valid);
			d->host_bad = !valid;
		} else if (strcmp(member, "mode") == 0) {
			gboolean valid;
			ok = string_or_null(in, &d->mode, &valid);
		} else if (strcmp(member, "entries") == 0) {
			seen = &d->seen_entries;
		} else if (strcmp(member, "machines") == 0) {
			seen = &d->seen_machines;
		} else if (strcmp(member, "classes") == 0) {
			seen = &d->seen_classes;
		} else {
			for (guint k = 0; k < MANIFEST_N_FACTS && !seen; k++)
				if (strcmp(member, manifest_facts[k].array) == 0)
					seen = &d->seen_facts[k];
			if (!seen)
				ok = js_skip(in);
		}
		if (!seen)
			continue;
		if (*seen)
			return invalid(error, d->what, "a second '%s' member", member);
		*seen = TRUE;
		if (seen == &d->seen_entries)
			ok = read_entries(f, d, error);
		else if (seen >= d->seen_facts && seen < d->seen_facts + MANIFEST_N_FACTS)
			ok = read_facts(f, d, (guint)(seen - d->seen_facts), error);
		else if (seen == &d->seen_machines)
			ok = read_machines(f, d, ids, error);
		else
			ok = read_classes(f, d, error);
	}
	return ok && js_finish(in);
}

/* Forget the machine types this file named that its profile does not use
 * (a manifest's "machines" member, a fact file's "entries", all of a refused
 * file's): a fleet lists only the machine types some host has. Only this
 * file's pairs may point at index @before or past it; with @keep_pairs they
 * are renumbered, else dropped. */
static void forget_machines(Fleet *f, guint before, gboolean keep_pairs)
{
	guint n = f->machines->len, next = before;
	g_autofree guint *to = NULL;

	if (!keep_pairs)
		g_array_set_size(f->pairs, 0);
	if (n == before)
		return;
	to = g_new(guint, n - before);
	for (guint i = 0; i < n - before; i++)
		to[i] = G_MAXUINT;
	for (guint i = 0; i < f->pairs->len; i++) {
		guint m = g_array_index(f->pairs, Pair, i).machine;
		if (m >= before)
			to[m - before] = 0;
	}
	for (guint i = before; i < n; i++) {
		Machine m = g_array_index(f->machines, Machine, i);

		if (to[i - before] == G_MAXUINT) {
			g_hash_table_remove(f->machine_index, &m);
			continue;
		}
		to[i - before] = next;
		g_array_index(f->machines, Machine, next) = m;
		/* the table keeps its key, and frees the copy given */
		g_hash_table_insert(f->machine_index, g_memdup2(&m, sizeof(m)),
				    GUINT_TO_POINTER(next + 1));
		next++;
	}
	g_array_set_size(f->machines, next);
	for (guint i = 0; i < f->pairs->len; i++) {
		Pair *p = &g_array_index(f->pairs, Pair, i);
		if (p->machine >= before)
			p->machine = to[p->machine - before];
	}
	f->last_machine = 0;
}

/* What the document is, once read: the checks the manifest reader makes
 * first, then the kind's own. */
static gboolean read_document(Fleet *f, const char *what, GError **error)
{
	Doc d = {.what = what};
	g_autoptr(GPtrArray) ids = g_ptr_array_new();
	g_autoptr(GError) local = NULL;
	gboolean facts, ok;
	const char *host;
	g_autofree char *fallback = NULL;
	guint machines_before = f->machines->len;

	g_array_set_size(f->entries, 0);
	g_array_set_size(f->pairs, 0);
	g_hash_table_remove_all(f->from_stream);
	g_hash_table_remove_all(f->fact_classes);
	f->last_machine = 0;
	f->seq_at = 0;
	ok = read_top(f, &d, ids, &local);
	if (!ok && !local) {
		const GError *e = js_error(f->in);
		if (e && e->domain == JSON_ERROR)
			g_set_error(&local, MANIFEST_ERROR, MANIFEST_ERROR_INVALID,
				    "%s: not a JSON document: %s", what, e->message);
		else
			g_set_error(&local, MANIFEST_ERROR, MANIFEST_ERROR_IO, "%s: %s", what,
				    e ? e->message : "read error");
	}
	if (!ok) {
		forget_machines(f, machines_before, FALSE);
		doc_clear(&d);
		g_propagate_error(error, g_steal_pointer(&local));
		return FALSE;
	}
	facts = d.format && strcmp(d.format, FACTS_FORMAT) == 0;
	if (!facts && (!d.format || strcmp(d.format, MANIFEST_FORMAT) != 0))
		ok = invalid(error, what,
			     "not a romresolve manifest or fact file (format is not \"%s\" or "
			     "\"%s\")",
			     MANIFEST_FORMAT, FACTS_FORMAT);
	else if (!facts && js_deepest(f->in) > MANIFEST_MAX_DEPTH)
		ok = invalid(
		    error, what,
		    "not a romresolve manifest: nested deeper than a manifest is (%u levels)",
		    MANIFEST_MAX_DEPTH);
	else if (!d.has_version || !d.version_valid || d.version < 1)
		ok = invalid(error, what, "%s has no valid version",
			     facts ? "fact file" : "manifest");
	else if (d.version > (facts ? FACTS_VERSION : MANIFEST_VERSION))
		ok = invalid(error, what,
			     "%s version %" G_GINT64_FORMAT
			     " is newer than this romresolve reads (%d)",
			     facts ? "fact file" : "manifest", d.version,
			     facts ? FACTS_VERSION : MANIFEST_VERSION);
	else if (d.host_bad)
		ok = invalid(error, what, "%s has an invalid host",
			     facts ? "fact file" : "manifest");
	else if (!facts &&
		 (!d.mode || (strcmp(d.mode, "stock") != 0 && strcmp(d.mode, "romresolve") != 0)))
		ok = invalid(error, what, "manifest has an invalid mode");
	else if (!facts && !d.seen_entries)
		ok = invalid(error, what, "manifest has no entries array");
	else if (facts && (!d.seen_machines || !d.seen_classes))
		ok = invalid(error, what, "fact file has no %s",
			     d.seen_machines ? "classes object" : "machines object");
	else if (facts && (!d.host || !*d.host))
		ok = invalid(error, what, "fact file has no host");
	if (ok)
		ok = facts ? fact_classes(f, &d, ids, error) : manifest_classes(f, &d, error);
	if (ok) {
		host = d.host && *d.host ? d.host : NULL;
		if (!host) {
			/* A manifest without a host: its file's name. */
			g_autofree char *base = g_path_get_basename(what);
			fallback = g_str_has_suffix(base, ".json")
				       ? g_strndup(base, strlen(base) - strlen(".json"))
				       : g_strdup(base);
			host = fallback;
		}
		forget_machines(f, machines_before, TRUE);
		ok = add_host(f, what, host, error);
	}
	if (!ok)
		forget_machines(f, machines_before, FALSE);
	doc_clear(&d);
	return ok;
}

gboolean fleet_add_data(Fleet *f, const char *what, const char *data, gsize len, GError **error)
{
	JStream *file_in = f->in;
	gboolean ok;

	f->in = js_new_data(data, len, FACTS_DEPTH);
	ok = read_document(f, what, error);
	js_free(f->in);
	f->in = file_in;
	return ok;
}

static gboolean add_file(Fleet *f, const char *path, GError **error)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	gboolean ok;

	if (fd < 0) {
		int e = errno;
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_IO, "%s: %s", path,
			    g_strerror(e));
		return FALSE;
	}
	/* A FIFO or a device would be read without end: regular files only. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_IO, "%s: not a regular file",
			    path);
		return FALSE;
	}
	if (st.st_size > MANIFEST_MAX_BYTES) {
		close(fd);
		return invalid(error, path,
			       "not a romresolve manifest: larger than a manifest can be (%u MiB)",
			       MANIFEST_MAX_BYTES >> 20);
	}
	if (st.st_size == 0) {
		close(fd);
		return invalid(error, path, "not a romresolve manifest: empty document");
	}
	if (!f->in)
		f->in = js_new_fd(fd, FACTS_DEPTH);
	else
		js_reset_fd(f->in, fd);
	ok = read_document(f, path, error);
	close(fd);
	return ok;
}

static int str_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

gboolean fleet_add_path(Fleet *f, const char *path, GError **error)
{
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = NULL;
	g_autoptr(GError) local = NULL;
	struct stat st;
	const char *name;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return add_file(f, path, error);
	dir = g_dir_open(path, 0, &local);
	if (!dir) {
		g_set_error(error, MANIFEST_ERROR, MANIFEST_ERROR_IO, "%s", local->message);
		return FALSE;
	}
	names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(dir)))
		if (g_str_has_suffix(name, ".json") && name[0] != '.')
			g_ptr_array_add(names, g_build_filename(path, name, NULL));
	g_ptr_array_sort(names, str_compare);
	for (guint i = 0; i < names->len; i++)
		if (!add_file(f, names->pdata[i], error))
			return FALSE;
	return TRUE;
}

/* ---- what was read ---- */

guint fleet_n_hosts(const Fleet *f)
{
	return f->hosts->len;
}

const char *fleet_host_name(const Fleet *f, guint h)
{
	return g_array_index(f->hosts, Host, h).name;
}

const char *fleet_host_file(const Fleet *f, guint h)
{
	return g_array_index(f->hosts, Host, h).file;
}

static int host_order(gconstpointer a, gconstpointer b, gpointer data)
{
	const Fleet *f = data;

	return strcmp(fleet_host_name(f, *(const guint *)a), fleet_host_name(f, *(const guint *)b));
}

static GArray *indices(guint n)
{
	GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(guint), n);

	for (guint i = 0; i < n; i++)
		g_array_append_val(a, i);
	return a;
}

GArray *fleet_hosts_sorted(const Fleet *f)
{
	GArray *a = indices(f->hosts->len);

	g_array_sort_with_data(a, host_order, (gpointer)f);
	return a;
}

guint fleet_n_machines(const Fleet *f)
{
	return f->machines->len;
}

const char *fleet_machine_arch(const Fleet *f, guint m)
{
	return g_array_index(f->machines, Machine, m).arch;
}

const char *fleet_machine_name(const Fleet *f, guint m)
{
	return g_array_index(f->machines, Machine, m).machine;
}

static int machine_order(gconstpointer a, gconstpointer b, gpointer data)
{
	const Fleet *f = data;
	const Machine *x = &g_array_index(f->machines, Machine, *(const guint *)a);
	const Machine *y = &g_array_index(f->machines, Machine, *(const guint *)b);
	int c = strcmp(x->arch, y->arch);

	if (c || x->machine == y->machine)
		return c;
	if (!x->machine || !y->machine)
		return x->machine ? 1 : -1;
	return strcmp(x->machine, y->machine);
}

GArray *fleet_machines_sorted(const Fleet *f)
{
	GArray *a = indices(f->machines->len);

	g_array_sort_with_data(a, machine_order, (gpointer)f);
	return a;
}

guint fleet_n_classes(const Fleet *f)
{
	return f->classes->len;
}

const char *fleet_class_name(const Fleet *f, guint c)
{
	return ((const Class *)f->classes->pdata[c])->id;
}

gboolean fleet_class_from_stream(const Fleet *f, guint c)
{
	return ((const Class *)f->classes->pdata[c])->from_stream;
}

const FleetRom *fleet_class_roms(const Fleet *f, guint c, guint *n)
{
	const Class *cls = f->classes->pdata[c];

	*n = cls->n;
	return cls->roms;
}

guint fleet_n_profiles(const Fleet *f)
{
	return f->profiles->len;
}

guint fleet_host_profile(const Fleet *f, guint h)
{
	return g_array_index(f->hosts, Host, h).profile;
}

int fleet_host_class(const Fleet *f, guint h, guint m)
{
	return fleet_profile_class(f, fleet_host_profile(f, h), m);
}

int fleet_profile_class(const Fleet *f, guint profile, guint m)
{
	GBytes *b = f->profiles->pdata[profile];
	gsize size;
	const Pair *p = g_bytes_get_data(b, &size);
	guint lo = 0, hi = (guint)(size / sizeof(Pair));

	while (lo < hi) {
		guint mid = (lo + hi) / 2;
		if (p[mid].machine == m)
			return (int)p[mid].cls;
		if (p[mid].machine < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
