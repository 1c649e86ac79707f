/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * For the benchmarks only: lib/config.c as it was on main at 40825fb, with
 * the library's own INI reader, before the drop-ins were read with inih
 * (issue 27). bench/meson.build builds the library with this file in place
 * of lib/config.c, for `bench.py reader` to measure the two readers side
 * by side. Not changed since, except where lib/config.h changed under it;
 * delete it (and that build) when the comparison is no longer wanted.
 *
 * Config files: INI, merged section by section, key by key.
 *
 * Each file is read in one pass over a writable copy of its text: lines are
 * counted, comments stripped, section headers taken whole and "key = value"
 * split in place, with the rules of inih r55 as this project has always
 * applied them (a line of at most 199 bytes, a key of at most 49: inih's
 * buffers), so that a file means what it meant when inih read it.
 *
 * A file is checked on its own first: every key's value by the check of its
 * row in the key tables (a number is parsed there, once); its sections and
 * settings wait in scratch arrays that every file reuses. Only a file without
 * any problem is merged: a key of a later file replaces the earlier value, an
 * empty value removes it (back to the default), map lines replace the map of
 * the same NAME. The copy of a merged file's text is kept: names and values
 * point into it. The merged text is turned into dirs, rules and devices once,
 * by romresolve_config_build(), through the apply functions of the same rows.
 * Everything the config keeps (texts, sections, settings, the model, its
 * vectors and maps) is allocated in bulk, in its arena, and freed with it.
 *
 * Layer 2: uses size, names, versions (layer 0), dir, rule, devices (layer 1).
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* The longest key and line inih r55 read (MAX_NAME 50 and INI_MAX_LINE 200,
 * with the NUL): the limits stay what they were. */
#define MAX_KEY	 49
#define MAX_LINE 199

/* Byte classes of the hot loops (bits): */
#define CLASS_WORD_END 1 /* NUL, blank, tab: ends a word of a value */
#define CLASS_CONTROL  2 /* below 0x20, DEL */
#define CLASS_NOT_NAME 4 /* what a ROM file name cannot hold: control, '/' */
#define CLASS_KEY      8 /* what a key is made of: ASCII letters, digits, '-' */
static const guint8 byte_class[256] = {
    7, 6, 6, 6, 6, 6, 6, 6, 6, 7, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 0, 0, 0, 0, 0, 0,
    0, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 0, 0, 0, 0, 0,
    0, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 0, 0, 0, 0, 6,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static inline gboolean is_class(char c, guint8 class)
{
	return (byte_class[(unsigned char)c] & class) != 0;
}

/* ---- value checks and applies: one pair per value type ---- */

typedef struct KeyRow KeyRow;

/* Reading one file. */
typedef struct Parser {
	RomresolveConfig *config;
	const char *file;
	unsigned lineno;
	struct Scratch *s;   /* the file's own sections and settings */
	gboolean in_section; /* the last of sections is open */
	guint32 seen;	     /* keys set since its header: a bit per row */
	gboolean bad_header; /* the current header was refused */
	guint errors;
	guint64 number; /* what the last check parsed: a size, a priority */
} Parser;

/* Check @value of @key as a file is read (without building anything); a
 * phrase for *why on error. @value is the file's writable text: a check may
 * cut a word out of it for a moment, and puts it back. */
typedef gboolean (*ValueCheck)(Parser *p, const char *key, char *value, char **why);
/* Set @field from the value of @s, which a check has accepted (and parsed,
 * for a number); what it allocates is @c's. */
typedef void (*ValueApply)(RomresolveConfig *c, const RomresolveSetting *s, gpointer field);

static gpointer arena_alloc(RomresolveConfig *c, gsize size);

/* The next blank-separated word from *@s: its start, its length in *@len (0:
 * none left); *@s moves past it. */
static char *next_word(const char **s, size_t *len)
{
	const char *w = *s, *e;

	while (*w == ' ' || *w == '\t')
		w++;
	for (e = w; !is_class(*e, CLASS_WORD_END); e++)
		;
	*len = (size_t)(e - w);
	*s = e;
	return (char *)w;
}

/* The blank-separated words of @value as a vector in one block of @c's,
 * laid out as romresolve_words_text() expects: the pointers, NULL, a pointer
 * to the words joined by one blank; then each word, then the joined text.
 * One pass: the block has room for the most words @value could hold. */
static char **words_new(RomresolveConfig *c, const char *value)
{
	size_t len = strlen(value);
	guint max = (guint)(len + 1) / 2, n = 0;
	char **v = arena_alloc(c, (max + 2) * sizeof(char *) + 2 * (len + 1));
	char *out = (char *)(v + max + 2), *joined = out + len + 1, *j = joined;

	for (const char *s = value;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n)
			*j++ = ' ';
		v[n++] = out;
		while (!is_class(*s, CLASS_WORD_END))
			*out++ = *j++ = *s++;
		*out++ = '\0';
	}
	*j = '\0';
	v[n] = NULL;
	v[n + 1] = joined;
	return v;
}

static guint count_words(const char *value)
{
	size_t len;
	guint n = 0;

	while (next_word(&value, &len), len)
		n++;
	return n;
}

static gboolean check_arch(Parser *p, const char *key, char *value, char **why)
{
	const char *s = value, *unknown = NULL;
	size_t len, unknown_len = 0;
	gboolean star = FALSE;
	guint n = 0;
	(void)p;

	/* One pass; "*" with other words is the error even after an unknown
	 * target, else the first unknown target. */
	for (char *w; (w = next_word(&s, &len)), len; n++) {
		char saved;

		if (len == 1 && *w == '*') {
			star = TRUE;
			continue;
		}
		if (unknown)
			continue;
		saved = w[len];
		w[len] = '\0';
		if (!romresolve_arch_validate(w, NULL)) {
			unknown = w;
			unknown_len = len;
		}
		w[len] = saved;
	}
	if (!n)
		*why = g_strdup_printf("%s needs target names or *", key);
	else if (star && n > 1)
		*why = g_strdup_printf("%s: * cannot be combined with target names", key);
	else if (!star && unknown)
		*why =
		    g_strdup_printf("unknown target '%.*s' in %s", (int)unknown_len, unknown, key);
	return *why == NULL;
}

static void apply_arch(RomresolveConfig *c, const RomresolveSetting *setting, gpointer field)
{
	const char *value = setting->value;
	const char *s = value;
	size_t len;
	char *w = next_word(&s, &len);

	/* "*": every target */
	*(char ***)field = len == 1 && *w == '*' ? NULL : words_new(c, value);
}

static gboolean check_globs(Parser *p, const char *key, char *value, char **why)
{
	const char *s = value;
	size_t len;
	guint n = 0;
	(void)p;

	/* Machine type names are printable ASCII; GLib's glob matcher aborts
	 * on a pattern that is not valid UTF-8. */
	for (char *w; (w = next_word(&s, &len)), len; n++) {
		for (size_t i = 0; i < len; i++) {
			if (!g_ascii_isgraph(w[i])) {
				char saved = w[len];

				w[len] = '\0';
				*why =
				    g_strdup_printf("%s: glob '%s' is not printable ASCII", key, w);
				w[len] = saved;
				return FALSE;
			}
		}
	}
	if (!n) {
		*why = g_strdup_printf("%s needs at least one machine type glob", key);
		return FALSE;
	}
	return TRUE;
}

static void apply_words(RomresolveConfig *c, const RomresolveSetting *setting, gpointer field)
{
	const char *value = setting->value;
	*(char ***)field = words_new(c, value);
}

/* A size a PCI ROM BAR can have: a power of two from 2 KiB to 2 GiB (QEMU's
 * romsize is a uint32). */
static gboolean check_bar_size(Parser *p, const char *key, char *value, char **why)
{
	g_autoptr(GError) error = NULL;
	uint64_t v = 0;

	/* "max-size is empty", "max-size 2048G is too large (at most 1024G)". */
	if (!romresolve_size_parse(value, &v, &error))
		*why = g_strdup_printf("%s %s", key, error->message);
	else if (v == 0 || (v & (v - 1)) != 0)
		*why = g_strdup_printf("%s %s is not a power of two", key, value);
	else if (v < 2048)
		*why =
		    g_strdup_printf("%s %s is under 2 KiB, smaller than any ROM BAR", key, value);
	else if (v > (G_GUINT64_CONSTANT(1) << 31))
		*why = g_strdup_printf("%s %s is over 2 GiB, larger than any ROM BAR", key, value);
	p->number = v;
	return *why == NULL;
}

static void apply_size(RomresolveConfig *c, const RomresolveSetting *setting, gpointer field)
{
	(void)c;
	*(uint64_t *)field = setting->number; /* parsed by check_bar_size() */
}

/* As g_ascii_string_to_unsigned(@value, 10, 0, 9999): digits only (no
 * sign, no blank), at most 9999. */
static gboolean priority_parse(const char *value, int *out)
{
	int v = 0;

	if (!*value)
		return FALSE;
	for (const char *c = value; *c; c++) {
		if (!g_ascii_isdigit(*c))
			return FALSE;
		if (v <= 9999)
			v = v * 10 + (*c - '0');
	}
	if (v > 9999)
		return FALSE;
	*out = v;
	return TRUE;
}

static gboolean check_priority(Parser *p, const char *key, char *value, char **why)
{
	int v;

	if (!priority_parse(value, &v)) {
		*why = g_strdup_printf("%s %s is not a whole number from 0 to 9999", key, value);
		return FALSE;
	}
	p->number = (guint64)v;
	return TRUE;
}

static void apply_priority(RomresolveConfig *c, const RomresolveSetting *setting, gpointer field)
{
	(void)c;
	*(int *)field = (int)setting->number; /* parsed by check_priority() */
}

static gboolean check_bool(Parser *p, const char *key, char *value, char **why)
{
	(void)p;
	if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)
		return TRUE;
	*why = g_strdup_printf("%s %s is neither yes nor no", key, value);
	return FALSE;
}

static void apply_bool(RomresolveConfig *c, const RomresolveSetting *setting, gpointer field)
{
	const char *value = setting->value;
	(void)c;
	*(gboolean *)field = strcmp(value, "yes") == 0;
}

static gboolean check_version(Parser *p, const char *key, char *value, char **why)
{
	(void)p;
	if (!romresolve_version_validate(value)) {
		*why = g_strdup_printf(
		    "%s %s is not a version (numbers separated by dots, such as 2.10)", key, value);
		return FALSE;
	}
	return TRUE;
}

/* @value lives in the config's strings as long as the object. */
static void apply_string(RomresolveConfig *c, const RomresolveSetting *setting, gpointer field)
{
	const char *value = setting->value;
	(void)c;
	*(const char **)field = value;
}

/* @name: @len bytes of a writable text, checked as a ROM file name. */
static gboolean check_name_why(const char *key, char *name, size_t len, char **why);

static gboolean check_name(const char *key, char *name, size_t len, char **why)
{
	guint8 classes = 0;

	/* What romresolve_name_validate() accepts, in one pass; it says why not. */
	for (size_t i = 0; i < len; i++)
		classes |= byte_class[(unsigned char)name[i]];
	if (len > 0 && len <= NAME_MAX && !(classes & CLASS_NOT_NAME) &&
	    !(name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'))))
		return TRUE;
	return check_name_why(key, name, len, why);
}

static gboolean check_name_why(const char *key, char *name, size_t len, char **why)
{
	g_autoptr(GError) local = NULL;
	gboolean ok;
	char saved;

	saved = name[len];
	name[len] = '\0';
	ok = romresolve_name_validate(name, &local);
	if (!ok)
		*why = g_strdup_printf("%s: %s", key, local->message);
	name[len] = saved;
	return ok;
}

/* A device's romfile; empty: the device has no ROM (QEMU's romfile=""). */
static gboolean check_romfile(Parser *p, const char *key, char *value, char **why)
{
	(void)p;
	return !*value || check_name(key, value, strlen(value), why);
}

static gboolean check_names(Parser *p, const char *key, char *value, char **why)
{
	const char *s = value;
	size_t len;
	guint n = 0;
	(void)p;

	for (char *w; (w = next_word(&s, &len)), len; n++)
		if (!check_name(key, w, len, why))
			return FALSE;
	if (!n) {
		*why = g_strdup_printf("%s needs ROM file names", key);
		return FALSE;
	}
	return TRUE;
}

static gboolean map_is_duplicate(Parser *p, const char *from, size_t len);

/* One map line: NAME COMPAT-NAME; one NAME per section. */
static gboolean check_map(Parser *p, const char *key, char *value, char **why)
{
	const char *s = value;
	size_t from_len, to_len;
	char *from = next_word(&s, &from_len), *to = next_word(&s, &to_len);

	if (!from_len || !to_len || count_words(s)) {
		*why = g_strdup_printf(
		    "%s needs two file names: the name asked for and the one to load", key);
		return FALSE;
	}
	if (!check_name(key, from, from_len, why) || !check_name(key, to, to_len, why))
		return FALSE;
	if (map_is_duplicate(p, from, from_len)) {
		*why = g_strdup_printf("%.*s is mapped twice in this section", (int)from_len, from);
		return FALSE;
	}
	return TRUE;
}

/* Add the map line to the rule's maps: from and to in one block. The maps
 * double in @c's storage from 4 on. */
static void apply_map(RomresolveConfig *c, const RomresolveSetting *setting, gpointer field)
{
	const char *value = setting->value;
	const char *s = value;
	size_t from_len, to_len;
	const char *from = next_word(&s, &from_len), *to = next_word(&s, &to_len);
	/* The row's field is rule->maps. */
	RomresolveRule *rule = (RomresolveRule *)((char *)field - offsetof(RomresolveRule, maps));
	RomresolveMap m;

	m.from = arena_alloc(c, from_len + to_len + 2);
	memcpy(m.from, from, from_len);
	m.from[from_len] = '\0';
	m.to = m.from + from_len + 1;
	memcpy(m.to, to, to_len);
	m.to[to_len] = '\0';
	if (rule->n_maps >= 4 && (rule->n_maps & (rule->n_maps - 1)) == 0) {
		/* Full at a power of two: twice the room (the old block stays). */
		RomresolveMap *more = arena_alloc(c, 2 * rule->n_maps * sizeof(*more));
		rule->maps = memcpy(more, rule->maps, rule->n_maps * sizeof(*more));
	} else if (!rule->maps) {
		rule->maps = arena_alloc(c, 4 * sizeof(*rule->maps));
	}
	rule->maps[rule->n_maps++] = m;
}

/* ---- the tables: one row per key, one row per section kind ---- */

struct KeyRow {
	const char *name;
	ValueCheck check;
	ValueApply apply;
	size_t offset;
	gboolean repeatable; /* map: one line per NAME, merged by NAME */
};

static const KeyRow dir_keys[] = {
    {"arch", check_arch, apply_arch, offsetof(RomresolveDir, arch), FALSE},
    {"priority", check_priority, apply_priority, offsetof(RomresolveDir, priority), FALSE},
    {"max-size", check_bar_size, apply_size, offsetof(RomresolveDir, max_size), FALSE},
    {"rom-size", check_bar_size, apply_size, offsetof(RomresolveDir, rom_size), FALSE},
    {"machine", check_globs, apply_words, offsetof(RomresolveDir, machine), FALSE},
    {"strict-modes", check_bool, apply_bool, offsetof(RomresolveDir, strict_modes), FALSE},
    {"enabled", check_bool, apply_bool, offsetof(RomresolveDir, enabled), FALSE},
    {NULL, NULL, NULL, 0, FALSE},
};

static const KeyRow machine_keys[] = {
    {"arch", check_arch, apply_arch, offsetof(RomresolveRule, arch), FALSE},
    {"match", check_globs, apply_words, offsetof(RomresolveRule, match), FALSE},
    {"since", check_version, apply_string, offsetof(RomresolveRule, since), FALSE},
    {"until", check_version, apply_string, offsetof(RomresolveRule, until), FALSE},
    {"max-size", check_bar_size, apply_size, offsetof(RomresolveRule, max_size), FALSE},
    {"rom-size", check_bar_size, apply_size, offsetof(RomresolveRule, rom_size), FALSE},
    {"map", check_map, apply_map, offsetof(RomresolveRule, maps), TRUE},
    {"no-rom", check_names, apply_words, offsetof(RomresolveRule, no_rom), FALSE},
    {NULL, NULL, NULL, 0, FALSE},
};

static const KeyRow device_keys[] = {
    {"romfile", check_romfile, apply_string, offsetof(RomresolveDevice, romfile), FALSE},
    {NULL, NULL, NULL, 0, FALSE},
};

typedef struct {
	const char *name;
	const char *placeholder; /* for "[dir] needs a name" */
	const KeyRow *keys;
	/* The section name normalised in place (it only gets shorter), or
	 * NULL with *why. */
	char *(*normalize)(char *arg, char **why);
	/* The object: its size, its defaults (its storage is the config's). */
	size_t size;
	void (*init)(gpointer object, const char *name);
	/* Checks across keys once all are set; NULL or a phrase. */
	char *(*finish)(gpointer object);
	/* An empty value of this key is a value, not a reset. */
	const char *empty_is_value;
	/* Note where a key in effect was set (the ceilings name it), or NULL. */
	void (*origin)(gpointer object, const RomresolveSetting *setting);
} SectionRow;

static char *dir_normalize(char *arg, char **why)
{
	if (romresolve_path_normalize(arg))
		return arg;
	*why =
	    g_strdup_printf("[dir %s]: the path must be absolute, without . or .. components", arg);
	return NULL;
}

static char *machine_normalize(char *arg, char **why)
{
	if (strpbrk(arg, " \t")) {
		*why = g_strdup_printf("[machine %s]: a rule name is one word", arg);
		return NULL;
	}
	return arg;
}

static char *device_normalize(char *arg, char **why)
{
	for (const char *s = arg; *s; s++) {
		if (!g_ascii_isalnum(*s) && !strchr("_.,-", *s)) {
			*why = g_strdup_printf("[device %s]: not a QEMU device type name", arg);
			return NULL;
		}
	}
	return arg;
}

static void dir_init(gpointer dir, const char *name)
{
	romresolve_dir_init(dir, name);
}

static void rule_init(gpointer rule, const char *name)
{
	romresolve_rule_init(rule, name);
}

static void device_init(gpointer object, const char *name)
{
	RomresolveDevice *d = object;

	memset(d, 0, sizeof(*d));
	d->name = name; /* the config's */
}

static char *dir_finish(gpointer object)
{
	RomresolveDir *dir = object;

	if (!dir->max_size)
		dir->max_size = dir->rom_size ? dir->rom_size : ROMRESOLVE_DEFAULT_MAX_SIZE;
	return NULL;
}

static char *rule_finish(gpointer object)
{
	RomresolveRule *rule = object;

	if (!rule->match)
		return g_strdup_printf("[machine %s] needs a match line", rule->name);
	if (rule->since && rule->until && romresolve_version_compare(rule->since, rule->until) > 0)
		return g_strdup_printf("[machine %s]: since %s is after until %s", rule->name,
				       rule->since, rule->until);
	return NULL;
}

static char *device_finish(gpointer object)
{
	RomresolveDevice *device = object;

	if (!device->romfile && !romresolve_devices_base_romfile(device->name))
		return g_strdup_printf("[device %s] needs a romfile line", device->name);
	return NULL;
}

static void dir_origin(gpointer object, const RomresolveSetting *s)
{
	RomresolveDir *dir = object;

	if (s->row->offset == offsetof(RomresolveDir, max_size)) {
		dir->max_size_file = s->file;
		dir->max_size_line = s->header_line;
	} else if (s->row->offset == offsetof(RomresolveDir, rom_size)) {
		dir->rom_size_file = s->file;
		dir->rom_size_line = s->header_line;
	}
}

static void rule_origin(gpointer object, const RomresolveSetting *s)
{
	RomresolveRule *rule = object;

	if (s->row->offset == offsetof(RomresolveRule, max_size)) {
		rule->max_size_file = s->file;
		rule->max_size_line = s->header_line;
	} else if (s->row->offset == offsetof(RomresolveRule, rom_size)) {
		rule->rom_size_file = s->file;
		rule->rom_size_line = s->header_line;
	}
}

static const SectionRow sections[] = {
    [ROMRESOLVE_SECTION_DIR] = {"dir", "/absolute/path", dir_keys, dir_normalize,
				sizeof(RomresolveDir), dir_init, dir_finish, NULL, dir_origin},
    [ROMRESOLVE_SECTION_MACHINE] = {"machine", "NAME", machine_keys, machine_normalize,
				    sizeof(RomresolveRule), rule_init, rule_finish, NULL,
				    rule_origin},
    [ROMRESOLVE_SECTION_DEVICE] = {"device", "NAME", device_keys, device_normalize,
				   sizeof(RomresolveDevice), device_init, device_finish, "romfile",
				   NULL},
};

static const KeyRow *find_key(const SectionRow *row, const char *key)
{
	for (const KeyRow *k = row->keys; k->name; k++)
		if (k->name[0] == key[0] && strcmp(k->name, key) == 0)
			return k;
	return NULL;
}

static gboolean is_reset(const SectionRow *row, const KeyRow *key, const char *value)
{
	return *value == '\0' && g_strcmp0(row->empty_is_value, key->name) != 0;
}

/* ---- the model ---- */

static void problem_free(RomresolveProblem *p)
{
	g_free(p->file);
	g_free(p->message);
	g_free(p);
}

/* A file's sections and settings, checked, waiting for the merge: they point
 * into the file's text. */
typedef struct {
	RomresolveSectionKind kind;
	const char *name;
	unsigned line;
	guint first; /* its first setting */
} PendingSection;

typedef struct {
	const KeyRow *key;
	const char *value;
	guint64 number; /* as RomresolveSetting's */
	unsigned line;
} PendingSetting;

struct Scratch {
	PendingSection *sections;
	guint n_sections, sections_cap;
	PendingSetting *settings;
	guint n_settings, settings_cap;
};

/* Room for one more of *@v (of @size bytes each), holding *@n, in *@cap. */
static gpointer grow(gpointer v, guint n, guint *cap, gsize size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 16;
	return g_realloc(v, *cap * size);
}

/* @size bytes that live as long as the config. */
static gpointer arena_alloc(RomresolveConfig *c, gsize size)
{
	return romresolve_arena_alloc(&c->arena, size);
}

struct SectionSlot {
	guint32 hash;
	guint index; /* in sections, + 1; 0: empty */
};

static guint32 section_hash(RomresolveSectionKind kind, const char *name)
{
	guint32 h = 2166136261u ^ (guint32)kind; /* FNV-1a */

	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		h = (h ^ *c) * 16777619u;
	return h;
}

/* The index + 1 of the section (@kind, @name) in c->sections, or 0; *@slot:
 * where it is or would go. */
static guint section_find(const RomresolveConfig *c, RomresolveSectionKind kind, const char *name,
			  guint32 hash, struct SectionSlot **slot)
{
	for (guint i = hash & c->slots_mask;; i = (i + 1) & c->slots_mask) {
		struct SectionSlot *s = &c->slots[i];
		const RomresolveSection *section;

		*slot = s;
		if (!s->index)
			return 0;
		section = c->sections->pdata[s->index - 1];
		if (s->hash == hash && section->kind == kind && strcmp(section->name, name) == 0)
			return s->index;
	}
}

/* Half full at most: double, and place every slot again by its hash. */
static void slots_resize(RomresolveConfig *c, guint size)
{
	guint old_size = c->slots ? c->slots_mask + 1 : 0;
	struct SectionSlot *old = c->slots;

	c->slots = g_new0(struct SectionSlot, size);
	c->slots_mask = size - 1;
	for (guint i = 0; i < old_size; i++) {
		guint j = old[i].hash & c->slots_mask;

		if (!old[i].index)
			continue;
		while (c->slots[j].index)
			j = (j + 1) & c->slots_mask;
		c->slots[j] = old[i];
	}
	g_free(old);
}

static void slots_grow(RomresolveConfig *c)
{
	slots_resize(c, c->slots ? (c->slots_mask + 1) * 2 : 256);
}

void romresolve_config_expect(RomresolveConfig *c, guint n_files)
{
	/* Room for 4 sections a file, at most half full. */
	guint size = c->slots_mask + 1;

	while (size < 8 * n_files && size < (1u << 20))
		size *= 2;
	if (size > c->slots_mask + 1)
		slots_resize(c, size);
}

RomresolveConfig *romresolve_config_new(const char *root)
{
	RomresolveConfig *c = g_new0(RomresolveConfig, 1);

	c->root = g_strdup(root ? root : "");
	c->sections = g_ptr_array_new();
	slots_grow(c);
	c->files = g_ptr_array_new();
	c->problems = g_ptr_array_new_with_free_func((GDestroyNotify)problem_free);
	/* The model's storage is the arena: a dir holds an fd. */
	c->dirs = g_ptr_array_new_with_free_func((GDestroyNotify)romresolve_dir_clear);
	c->rules = g_ptr_array_new();
	c->devices = g_ptr_array_new();
	return c;
}

/* What only reading files needs. */
static void free_scratch(RomresolveConfig *c)
{
	if (!c->scratch)
		return;
	g_free(c->scratch->sections);
	g_free(c->scratch->settings);
	g_clear_pointer(&c->scratch, g_free);
}

void romresolve_config_free(RomresolveConfig *c)
{
	if (!c)
		return;
	g_ptr_array_unref(c->dirs);
	g_ptr_array_unref(c->rules);
	g_ptr_array_unref(c->devices);
	g_free(c->slots);
	g_ptr_array_unref(c->sections);
	g_ptr_array_unref(c->problems);
	g_ptr_array_unref(c->files);
	free_scratch(c);
	romresolve_arena_clear(&c->arena);
	g_free(c->root);
	g_free(c);
}

void romresolve_config_add_problem(RomresolveConfig *c, const char *file, unsigned line,
				   const char *message)
{
	RomresolveProblem *p = g_new0(RomresolveProblem, 1);

	p->file = g_strdup(file);
	p->line = line;
	p->message = g_strdup(message);
	g_ptr_array_add(c->problems, p);
}

static const char *intern_file(RomresolveConfig *c, const char *file)
{
	/* The file list names them; settings and objects point at them. */
	size_t len = strlen(file) + 1;
	char *s = memcpy(arena_alloc(c, len), file, len);

	g_ptr_array_add(c->files, s);
	return s;
}

/* ---- parsing one file ---- */

G_GNUC_PRINTF(3, 4)
static void fail_at(Parser *p, unsigned line, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	romresolve_config_add_problem(p->config, p->file, line, msg);
	p->errors++;
}

#define fail(p, ...) fail_at((p), (p)->lineno, __VA_ARGS__)

static PendingSection *current_section(Parser *p)
{
	return &p->s->sections[p->s->n_sections - 1];
}

/* Whether @from names a map of the open section already. */
static gboolean map_is_duplicate(Parser *p, const char *from, size_t len)
{
	for (guint i = current_section(p)->first; i < p->s->n_settings; i++) {
		const PendingSetting *s = &p->s->settings[i];
		const char *v = s->value;

		if (s->key->repeatable && strncmp(v, from, len) == 0 &&
		    (v[len] == '\0' || v[len] == ' ' || v[len] == '\t'))
			return TRUE;
	}
	return FALSE;
}

static void section_close(Parser *p)
{
	/* Checks across keys wait for the merge: another file may add the
	 * missing key. */
	p->in_section = FALSE;
	p->seen = 0;
}

/* @text: a whole, stripped line of @len bytes that begins with '['. */
static void section_open(Parser *p, char *text, size_t len)
{
	g_autofree char *why = NULL;
	char *inner, *arg, *name, *end;
	guint8 classes = 0;
	PendingSection *s;
	gsize kind;

	section_close(p);
	p->bad_header = TRUE;
	if (text[len - 1] != ']') {
		fail(p, "section header without closing ]");
		return;
	}
	for (size_t i = 0; i < len; i++)
		classes |= byte_class[(unsigned char)text[i]];
	if (classes & CLASS_CONTROL) {
		fail(p, "control character in a section header");
		return;
	}
	/* No control character: the only blank left is ' '. */
	end = text + len - 1;
	*end = '\0';
	for (inner = text + 1; *inner == ' '; inner++)
		;
	while (end > inner && end[-1] == ' ')
		*--end = '\0';
	for (arg = inner; *arg && *arg != ' '; arg++)
		;
	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ')
		arg++;
	for (kind = 0; kind < G_N_ELEMENTS(sections); kind++)
		if (strcmp(inner, sections[kind].name) == 0)
			break;
	if (kind == G_N_ELEMENTS(sections)) {
		fail(p, "unknown section [%s%s%s]", inner, *arg ? " " : "", arg);
		return;
	}
	if (!*arg) {
		fail(p, "[%s] needs a name: [%s %s]", inner, inner, sections[kind].placeholder);
		return;
	}
	name = sections[kind].normalize(arg, &why);
	if (!name) {
		fail(p, "%s", why);
		return;
	}
	p->bad_header = FALSE;
	p->s->sections =
	    grow(p->s->sections, p->s->n_sections, &p->s->sections_cap, sizeof(PendingSection));
	s = &p->s->sections[p->s->n_sections++];
	s->kind = (RomresolveSectionKind)kind;
	s->name = name;
	s->line = p->lineno;
	s->first = p->s->n_settings;
	p->in_section = TRUE;
}

/* Cut a comment that follows whitespace: "x = 1  # one" -> "x = 1  ".
 * Returns the end of the text, @end if nothing was cut. */
static char *strip_inline_comment(char *text, char *end)
{
	for (char *c = text + 1; (c = strpbrk(c, "#;")); c++) {
		if (g_ascii_isspace(c[-1])) {
			*c = '\0';
			return c;
		}
	}
	return end;
}

/* A key line: "key = value", with a key of letters, digits and '-'. */
static void key_line(Parser *p, char *text)
{
	const PendingSection *section;
	const SectionRow *row;
	const KeyRow *key;
	PendingSetting *s;
	g_autofree char *why = NULL;
	char *eq, *value;
	size_t klen;

	eq = strchr(text, '=');
	if (!eq || memchr(text, ':', (size_t)(eq - text))) {
		fail(p, "expected \"key = value\" or a [section] header");
		return;
	}
	klen = (size_t)(eq - text);
	while (klen > 0 && g_ascii_isspace(text[klen - 1]))
		klen--;
	if (klen == 0) {
		fail(p, "missing key before =");
		return;
	}
	for (size_t i = 0; i < klen; i++) {
		if (!is_class(text[i], CLASS_KEY)) {
			fail(p, "invalid key '%.*s'", (int)klen, text);
			return;
		}
	}
	if (klen > MAX_KEY) {
		fail(p, "key '%.20s...' is longer than %d bytes", text, MAX_KEY);
		return;
	}
	text[klen] = '\0';
	for (value = eq + 1; g_ascii_isspace(*value); value++)
		;

	if (!p->in_section) {
		/* After a bad header the section's lines are not checked. */
		if (!p->bad_header)
			fail(p, "'%s' is outside any section", text);
		return;
	}
	section = current_section(p);
	row = &sections[section->kind];
	key = find_key(row, text);
	if (!key) {
		fail(p, "unknown key '%s' in [%s %s]", text, row->name, section->name);
		return;
	}
	if (!key->repeatable) {
		guint32 bit = 1u << (key - row->keys);

		if (p->seen & bit) {
			fail(p, "%s is set twice in this section", text);
			return;
		}
		p->seen |= bit;
	}
	p->number = 0;
	if (!is_reset(row, key, value) && !key->check(p, key->name, value, &why)) {
		fail(p, "%s", why);
		return;
	}
	p->s->settings =
	    grow(p->s->settings, p->s->n_settings, &p->s->settings_cap, sizeof(PendingSetting));
	s = &p->s->settings[p->s->n_settings++];
	s->key = key;
	s->value = value;
	s->number = p->number;
	s->line = p->lineno;
}

/* One line of @n bytes at @line (writable; line[n] may be overwritten). A
 * bad line is reported and the next one read: every problem of a file is
 * reported. */
static void parse_line(Parser *p, char *line, gsize n, gboolean has_nul)
{
	char *text, *end;

	p->lineno++;
	if (p->lineno == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		n -= 3;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (has_nul && memchr(line, '\0', n)) {
		fail(p, "NUL byte in line");
		return;
	}
	if (n > MAX_LINE) {
		fail(p, "line is longer than %d bytes", MAX_LINE);
		return;
	}
	line[n] = '\0';
	for (text = line; g_ascii_isspace(*text); text++)
		;
	if (*text == '\0' || *text == '#' || *text == ';')
		return;
	end = strip_inline_comment(text, line + n);
	while (end > text && g_ascii_isspace(end[-1])) /* g_strchomp() */
		end--;
	*end = '\0';
	if (*text == '[')
		section_open(p, text, (size_t)(end - text));
	else
		key_line(p, text);
}

/* ---- merging ---- */

/* The first word of a setting's value: the NAME of a map line. */
static gboolean same_map_name(const char *a, const char *b)
{
	size_t la = strcspn(a, " \t"), lb = strcspn(b, " \t");

	return la == lb && strncmp(a, b, la) == 0;
}

static void merge_setting(RomresolveConfig *c, RomresolveSection *into, const SectionRow *row,
			  const PendingSetting *s, const char *file, unsigned header_line)
{
	const KeyRow *key = s->key;
	RomresolveSetting **link = &into->first, *set;

	/* Unlink what @s replaces; @link ends at the list's end. */
	while ((set = *link)) {
		if (set->row == key && (!key->repeatable || same_map_name(set->value, s->value)))
			*link = set->next;
		else
			link = &set->next;
	}
	if (is_reset(row, key, s->value))
		return;
	set = arena_alloc(c, sizeof(*set));
	set->next = NULL;
	set->row = key;
	set->value = s->value; /* the file's text is kept */
	set->number = s->number;
	set->file = file;
	set->line = s->line;
	set->header_line = header_line;
	*link = set;
}

static void merge_section(RomresolveConfig *c, const PendingSection *s, guint n_settings,
			  const char *file)
{
	guint32 hash = section_hash(s->kind, s->name);
	struct SectionSlot *slot;
	guint at = section_find(c, s->kind, s->name, hash, &slot);
	RomresolveSection *into;

	if (at) {
		into = c->sections->pdata[at - 1];
	} else {
		into = arena_alloc(c, sizeof(*into));
		into->kind = s->kind;
		into->name = s->name; /* the file's text is kept */
		into->file = file;
		into->line = s->line;
		into->first = NULL;
		into->object = NULL;
		g_ptr_array_add(c->sections, into);
		slot->hash = hash;
		slot->index = c->sections->len;
		if (++c->slots_used * 2 > c->slots_mask + 1)
			slots_grow(c);
	}
	into->last_file = file;
	into->last_line = s->line;
	for (guint i = 0; i < n_settings; i++)
		merge_setting(c, into, &sections[s->kind], &c->scratch->settings[s->first + i],
			      file, s->line);
}

gboolean romresolve_config_add_text(RomresolveConfig *c, const char *filename, const char *data,
				    gsize len)
{
	Parser p = {
	    .config = c,
	    .file = intern_file(c, filename),
	};
	gboolean has_nul = memchr(data, '\0', len) != NULL;
	/* A writable copy, kept if the file is applied: lines are split and
	 * cut in place, and what the merge keeps points into it. */
	char *copy = arena_alloc(c, len + 1), *text, *end;

	if (!c->scratch)
		c->scratch = g_new0(struct Scratch, 1);
	c->scratch->n_sections = c->scratch->n_settings = 0;
	p.s = c->scratch;
	memcpy(copy, data, len);
	copy[len] = '\0';
	for (text = copy, end = text + len; text < end;) {
		char *nl = memchr(text, '\n', (gsize)(end - text));
		gsize n = nl ? (gsize)(nl - text) : (gsize)(end - text);

		parse_line(&p, text, n, has_nul);
		text += n + 1;
	}
	section_close(&p);
	if (p.errors) {
		romresolve_arena_unalloc(&c->arena, copy, len + 1);
		return FALSE;
	}
	for (guint i = 0; i < p.s->n_sections; i++) {
		const PendingSection *s = &p.s->sections[i];
		guint next = i + 1 < p.s->n_sections ? s[1].first : p.s->n_settings;

		merge_section(c, s, next - s->first, p.file);
	}
	return TRUE;
}

/* ---- building the model from the merged text ---- */

static gpointer build_section(RomresolveConfig *c, const RomresolveSection *s)
{
	const SectionRow *row = &sections[s->kind];
	gpointer object = arena_alloc(c, row->size);
	g_autofree char *why = NULL;

	row->init(object, s->name);

	for (const RomresolveSetting *setting = s->first; setting; setting = setting->next) {
		const KeyRow *key = setting->row;

		/* Checked when its file was read: cannot fail now. */
		key->apply(c, setting, (char *)object + key->offset);
		if (row->origin)
			row->origin(object, setting);
	}
	why = row->finish(object);
	if (why) {
		/* Blame the last file that wrote the section: it left it incomplete. */
		romresolve_config_add_problem(c, s->last_file, s->last_line, why);
		return NULL; /* nothing opened yet: its storage is the config's */
	}
	return object;
}

/* root + @path (as romresolve_path_join_root() joins them), in the config's
 * strings. */
static const char *full_path(RomresolveConfig *c, const char *path)
{
	size_t root_len = strlen(c->root), path_len;
	char *joined;

	if (!root_len)
		return path; /* already the config's */
	if (strcmp(path, "/") == 0)
		return c->root;
	path_len = strlen(path);
	joined = arena_alloc(c, root_len + path_len + 1);
	memcpy(joined, c->root, root_len);
	memcpy(joined + root_len, path, path_len + 1);
	return joined;
}

void romresolve_config_build(RomresolveConfig *c)
{
	free_scratch(c);
	for (guint i = 0; i < c->sections->len; i++) {
		RomresolveSection *s = c->sections->pdata[i];
		gpointer object = build_section(c, s);

		if (!object)
			continue;
		switch (s->kind) {
		case ROMRESOLVE_SECTION_DIR: {
			RomresolveDir *dir = object;
			if (!dir->enabled)
				break; /* nothing opened yet */
			romresolve_dir_place(dir, full_path(c, dir->path), s->file, s->line,
					     c->dirs->len);
			g_ptr_array_add(c->dirs, dir);
			break;
		}
		case ROMRESOLVE_SECTION_MACHINE:
			romresolve_rule_place(object, s->file, s->line);
			g_ptr_array_add(c->rules, object);
			break;
		case ROMRESOLVE_SECTION_DEVICE: {
			RomresolveDevice *d = object;
			d->file = s->file;
			d->line = s->line;
			g_ptr_array_add(c->devices, d);
			s->object = d; /* found by romresolve_config_find_device() */
			break;
		}
		}
	}
	romresolve_dirs_sort(c->dirs);
}

const RomresolveDevice *romresolve_config_find_device(const RomresolveConfig *c, const char *name)
{
	struct SectionSlot *slot;
	guint at = section_find(c, ROMRESOLVE_SECTION_DEVICE, name,
				section_hash(ROMRESOLVE_SECTION_DEVICE, name), &slot);

	return at ? ((const RomresolveSection *)c->sections->pdata[at - 1])->object : NULL;
}

/* ---- cat-config ---- */

void romresolve_config_foreach_line(const RomresolveConfig *c, RomresolveConfigLineFunc func,
				    gpointer user_data)
{
	for (guint i = 0; i < c->sections->len; i++) {
		const RomresolveSection *s = c->sections->pdata[i];
		const char *kind = sections[s->kind].name;

		func(kind, s->name, NULL, NULL, s->file, s->line, user_data);
		for (const RomresolveSetting *set = s->first; set; set = set->next)
			func(kind, s->name, set->row->name, set->value, set->file, set->line,
			     user_data);
	}
}

static void dump_line(const char *kind, const char *name, const char *key, const char *value,
		      const char *file, unsigned line, gpointer user_data)
{
	GString *out = user_data;
	g_autofree char *text =
	    key ? g_strdup_printf("%s = %s", key, value) : g_strdup_printf("[%s %s]", kind, name);

	g_string_append_printf(out, "%s%-40s # %s:%u\n", !key && out->len ? "\n" : "", text, file,
			       line);
}

char *romresolve_config_dump(const RomresolveConfig *c)
{
	GString *out = g_string_new(NULL);

	romresolve_config_foreach_line(c, dump_line, out);
	return g_string_free(out, FALSE);
}
