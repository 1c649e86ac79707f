/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Config files: INI, read with inih, merged section by section, key by key.
 *
 * inih r55 gives its handler no line number and truncates section and key
 * names to 49 bytes, so every raw line goes through our own reader first: it
 * counts lines, strips comments, takes section headers whole (inih never sees
 * them) and refuses what inih would misread. inih then splits "key = value".
 *
 * A file is parsed on its own first: every key's value is checked by the
 * parser of its row in the key tables, into a scratch object. Only a file
 * without any problem is merged: a key of a later file replaces the earlier
 * value, an empty value removes it (back to the default), map lines replace
 * the map of the same NAME. The merged text is turned into dirs, rules and
 * devices once, by romresolve_config_build(), through the same tables.
 *
 * Layer 2: uses size, names, versions (layer 0), dir, rule, devices (layer 1).
 */
#include "config.h"

#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/* inih r55 keeps this much of a key name (MAX_NAME 50, with the NUL). */
#define INIH_MAX_NAME 49

/* ---- value parsers: one per value type; a phrase for *why on error ---- */

typedef gboolean (*ValueParser)(const char *key, const char *value, gpointer field, char **why);

/* The blank-separated words of @value, as a new vector. */
static char **split_words(const char *value)
{
	char **words;
	guint n = 0;

	/* Counted first: the list is allocated once, at its size. */
	for (const char *p = value + strspn(value, " \t"); *p; p += strspn(p, " \t")) {
		p += strcspn(p, " \t");
		n++;
	}
	words = g_new(char *, n + 1);
	n = 0;
	for (const char *p = value;;) {
		size_t len;

		p += strspn(p, " \t");
		len = strcspn(p, " \t");
		if (len == 0)
			break;
		words[n++] = g_strndup(p, len);
		p += len;
	}
	words[n] = NULL;
	return words;
}

static void set_strv(gpointer field, char **value)
{
	g_strfreev(*(char ***)field);
	*(char ***)field = value;
}

static gboolean parse_arch(const char *key, const char *value, gpointer field, char **why)
{
	g_auto(GStrv) words = split_words(value);

	if (!words[0]) {
		*why = g_strdup_printf("%s needs target names or *", key);
		return FALSE;
	}
	if (g_strv_contains((const char *const *)words, "*")) {
		if (words[1]) {
			*why = g_strdup_printf("%s: * cannot be combined with target names", key);
			return FALSE;
		}
		set_strv(field, NULL);
		return TRUE;
	}
	for (char **w = words; *w; w++) {
		if (!romresolve_arch_validate(*w, NULL)) {
			*why = g_strdup_printf("unknown target '%s' in %s", *w, key);
			return FALSE;
		}
	}
	set_strv(field, g_steal_pointer(&words));
	return TRUE;
}

static gboolean parse_globs(const char *key, const char *value, gpointer field, char **why)
{
	g_auto(GStrv) words = split_words(value);

	if (!words[0]) {
		*why = g_strdup_printf("%s needs at least one machine type glob", key);
		return FALSE;
	}
	/* Machine type names are printable ASCII; GLib's glob matcher aborts
	 * on a pattern that is not valid UTF-8. */
	for (char **w = words; *w; w++) {
		for (const char *c = *w; *c; c++) {
			if (!g_ascii_isgraph(*c)) {
				*why = g_strdup_printf("%s: glob '%s' is not printable ASCII", key,
						       *w);
				return FALSE;
			}
		}
	}
	set_strv(field, g_steal_pointer(&words));
	return TRUE;
}

/* A size a PCI ROM BAR can have: a power of two from 2 KiB to 2 GiB (QEMU's
 * romsize is a uint32). */
static gboolean parse_bar_size(const char *key, const char *value, gpointer field, char **why)
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
	else
		*(uint64_t *)field = v;
	return *why == NULL;
}

static gboolean parse_priority(const char *key, const char *value, gpointer field, char **why)
{
	guint64 v;

	if (!g_ascii_string_to_unsigned(value, 10, 0, 9999, &v, NULL)) {
		*why = g_strdup_printf("%s %s is not a whole number from 0 to 9999", key, value);
		return FALSE;
	}
	*(int *)field = (int)v;
	return TRUE;
}

static gboolean parse_bool(const char *key, const char *value, gpointer field, char **why)
{
	if (strcmp(value, "yes") == 0)
		*(gboolean *)field = TRUE;
	else if (strcmp(value, "no") == 0)
		*(gboolean *)field = FALSE;
	else
		*why = g_strdup_printf("%s %s is neither yes nor no", key, value);
	return *why == NULL;
}

static gboolean parse_version(const char *key, const char *value, gpointer field, char **why)
{
	if (!romresolve_version_validate(value)) {
		*why = g_strdup_printf(
		    "%s %s is not a version (numbers separated by dots, such as 2.10)", key, value);
		return FALSE;
	}
	g_free(*(char **)field);
	*(char **)field = g_strdup(value);
	return TRUE;
}

static gboolean check_name(const char *key, const char *name, char **why)
{
	g_autoptr(GError) local = NULL;

	if (romresolve_name_validate(name, &local))
		return TRUE;
	*why = g_strdup_printf("%s: %s", key, local->message);
	return FALSE;
}

/* A device's romfile; empty: the device has no ROM (QEMU's romfile=""). */
static gboolean parse_romfile(const char *key, const char *value, gpointer field, char **why)
{
	if (*value && !check_name(key, value, why))
		return FALSE;
	g_free(*(char **)field);
	*(char **)field = g_strdup(value);
	return TRUE;
}

static gboolean parse_names(const char *key, const char *value, gpointer field, char **why)
{
	g_auto(GStrv) words = split_words(value);

	if (!words[0]) {
		*why = g_strdup_printf("%s needs ROM file names", key);
		return FALSE;
	}
	for (char **w = words; *w; w++)
		if (!check_name(key, *w, why))
			return FALSE;
	set_strv(field, g_steal_pointer(&words));
	return TRUE;
}

/* One map line: NAME COMPAT-NAME, added to the rule's maps (a GArray). */
static gboolean parse_map(const char *key, const char *value, gpointer field, char **why)
{
	g_auto(GStrv) words = split_words(value);
	GArray *maps = *(GArray **)field;
	RomresolveMap m;

	if (!words[0] || !words[1] || words[2]) {
		*why = g_strdup_printf(
		    "%s needs two file names: the name asked for and the one to load", key);
		return FALSE;
	}
	if (!check_name(key, words[0], why) || !check_name(key, words[1], why))
		return FALSE;
	for (guint i = 0; i < maps->len; i++) {
		if (strcmp(g_array_index(maps, RomresolveMap, i).from, words[0]) == 0) {
			*why = g_strdup_printf("%s is mapped twice in this section", words[0]);
			return FALSE;
		}
	}
	m.from = g_strdup(words[0]);
	m.to = g_strdup(words[1]);
	g_array_append_val(maps, m);
	return TRUE;
}

/* ---- the tables: one row per key, one row per section kind ---- */

typedef struct {
	const char *name;
	ValueParser parse;
	size_t offset;
	gboolean repeatable; /* map: one line per NAME, merged by NAME */
} KeyRow;

static const KeyRow dir_keys[] = {
    {"arch", parse_arch, offsetof(RomresolveDir, arch), FALSE},
    {"priority", parse_priority, offsetof(RomresolveDir, priority), FALSE},
    {"max-size", parse_bar_size, offsetof(RomresolveDir, max_size), FALSE},
    {"rom-size", parse_bar_size, offsetof(RomresolveDir, rom_size), FALSE},
    {"machine", parse_globs, offsetof(RomresolveDir, machine), FALSE},
    {"strict-modes", parse_bool, offsetof(RomresolveDir, strict_modes), FALSE},
    {"enabled", parse_bool, offsetof(RomresolveDir, enabled), FALSE},
    {NULL, NULL, 0, FALSE},
};

static const KeyRow machine_keys[] = {
    {"arch", parse_arch, offsetof(RomresolveRule, arch), FALSE},
    {"match", parse_globs, offsetof(RomresolveRule, match), FALSE},
    {"since", parse_version, offsetof(RomresolveRule, since), FALSE},
    {"until", parse_version, offsetof(RomresolveRule, until), FALSE},
    {"max-size", parse_bar_size, offsetof(RomresolveRule, max_size), FALSE},
    {"rom-size", parse_bar_size, offsetof(RomresolveRule, rom_size), FALSE},
    {"map", parse_map, offsetof(RomresolveRule, maps), TRUE},
    {"no-rom", parse_names, offsetof(RomresolveRule, no_rom), FALSE},
    {NULL, NULL, 0, FALSE},
};

static const KeyRow device_keys[] = {
    {"romfile", parse_romfile, offsetof(RomresolveDevice, romfile), FALSE},
    {NULL, NULL, 0, FALSE},
};

typedef struct {
	const char *name;
	const char *placeholder; /* for "[dir] needs a name" */
	const KeyRow *keys;
	/* The section name normalised, or NULL with *why. */
	char *(*normalize)(const char *arg, char **why);
	gpointer (*create)(const char *name);
	void (*destroy)(gpointer object);
	/* Checks across keys once all are set; NULL or a phrase. */
	char *(*finish)(gpointer object);
	/* An empty value of this key is a value, not a reset. */
	const char *empty_is_value;
	/* Note where a key in effect was set (the ceilings name it), or NULL. */
	void (*origin)(gpointer object, const RomresolveSetting *setting);
} SectionRow;

static char *dir_normalize(const char *arg, char **why)
{
	char *path = romresolve_path_normalize(arg);

	if (!path)
		*why = g_strdup_printf(
		    "[dir %s]: the path must be absolute, without . or .. components", arg);
	return path;
}

static char *machine_normalize(const char *arg, char **why)
{
	if (strpbrk(arg, " \t")) {
		*why = g_strdup_printf("[machine %s]: a rule name is one word", arg);
		return NULL;
	}
	return g_strdup(arg);
}

static char *device_normalize(const char *arg, char **why)
{
	for (const char *s = arg; *s; s++) {
		if (!g_ascii_isalnum(*s) && !strchr("_.,-", *s)) {
			*why = g_strdup_printf("[device %s]: not a QEMU device type name", arg);
			return NULL;
		}
	}
	return g_strdup(arg);
}

static gpointer dir_create(const char *name)
{
	return romresolve_dir_new(name);
}

static gpointer rule_create(const char *name)
{
	return romresolve_rule_new(name);
}

static gpointer device_create(const char *name)
{
	RomresolveDevice *d = g_new0(RomresolveDevice, 1);

	d->name = g_strdup(name);
	return d;
}

static void dir_destroy(gpointer dir)
{
	romresolve_dir_free(dir);
}

static void rule_destroy(gpointer rule)
{
	romresolve_rule_free(rule);
}

static void device_destroy(gpointer device)
{
	romresolve_device_free(device);
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

	if (strcmp(s->key, "max-size") == 0) {
		dir->max_size_file = s->file;
		dir->max_size_line = s->header_line;
	} else if (strcmp(s->key, "rom-size") == 0) {
		dir->rom_size_file = s->file;
		dir->rom_size_line = s->header_line;
	}
}

static void rule_origin(gpointer object, const RomresolveSetting *s)
{
	RomresolveRule *rule = object;

	if (strcmp(s->key, "max-size") == 0) {
		rule->max_size_file = s->file;
		rule->max_size_line = s->header_line;
	} else if (strcmp(s->key, "rom-size") == 0) {
		rule->rom_size_file = s->file;
		rule->rom_size_line = s->header_line;
	}
}

static const SectionRow sections[] = {
    [ROMRESOLVE_SECTION_DIR] = {"dir", "/absolute/path", dir_keys, dir_normalize, dir_create,
				dir_destroy, dir_finish, NULL, dir_origin},
    [ROMRESOLVE_SECTION_MACHINE] = {"machine", "NAME", machine_keys, machine_normalize, rule_create,
				    rule_destroy, rule_finish, NULL, rule_origin},
    [ROMRESOLVE_SECTION_DEVICE] = {"device", "NAME", device_keys, device_normalize, device_create,
				   device_destroy, device_finish, "romfile", NULL},
};

static const KeyRow *find_key(const SectionRow *row, const char *key)
{
	for (const KeyRow *k = row->keys; k->name; k++)
		if (strcmp(k->name, key) == 0)
			return k;
	return NULL;
}

static gboolean is_reset(const SectionRow *row, const char *key, const char *value)
{
	return *value == '\0' && g_strcmp0(row->empty_is_value, key) != 0;
}

/* ---- the model ---- */

static void setting_free(RomresolveSetting *s)
{
	g_free(s->key);
	g_free(s->value);
	g_free(s);
}

static RomresolveSection *section_new(RomresolveSectionKind kind, const char *name,
				      const char *file, unsigned line)
{
	RomresolveSection *s = g_new0(RomresolveSection, 1);

	s->kind = kind;
	s->name = g_strdup(name);
	s->file = s->last_file = file;
	s->line = s->last_line = line;
	s->settings = g_ptr_array_new_with_free_func((GDestroyNotify)setting_free);
	return s;
}

static void section_free(RomresolveSection *s)
{
	g_free(s->name);
	g_ptr_array_unref(s->settings);
	g_free(s);
}

static void problem_free(RomresolveProblem *p)
{
	g_free(p->file);
	g_free(p->message);
	g_free(p);
}

RomresolveConfig *romresolve_config_new(const char *root)
{
	RomresolveConfig *c = g_new0(RomresolveConfig, 1);

	c->root = g_strdup(root ? root : "");
	c->sections = g_ptr_array_new_with_free_func((GDestroyNotify)section_free);
	c->section_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c->files = g_ptr_array_new_with_free_func(g_free);
	c->problems = g_ptr_array_new_with_free_func((GDestroyNotify)problem_free);
	c->dirs = g_ptr_array_new_with_free_func((GDestroyNotify)romresolve_dir_free);
	c->rules = g_ptr_array_new_with_free_func((GDestroyNotify)romresolve_rule_free);
	c->devices = g_ptr_array_new_with_free_func((GDestroyNotify)romresolve_device_free);
	c->device_index = g_hash_table_new(g_str_hash, g_str_equal);
	return c;
}

void romresolve_config_free(RomresolveConfig *c)
{
	if (!c)
		return;
	g_hash_table_unref(c->device_index);
	g_ptr_array_unref(c->dirs);
	g_ptr_array_unref(c->rules);
	g_ptr_array_unref(c->devices);
	g_hash_table_unref(c->section_index);
	g_ptr_array_unref(c->sections);
	g_ptr_array_unref(c->problems);
	g_ptr_array_unref(c->files);
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
	/* The file list owns the names; settings and objects point into it. */
	g_ptr_array_add(c->files, g_strdup(file));
	return c->files->pdata[c->files->len - 1];
}

/* ---- parsing one file ---- */

typedef struct {
	RomresolveConfig *config;
	const char *file;
	const char *data;
	gsize len;
	gsize pos;
	unsigned lineno;
	/* The file's own sections, checked on scratch objects. */
	GPtrArray *sections;	    /* RomresolveSection */
	RomresolveSection *section; /* the current one, or NULL */
	gpointer scratch;	    /* its scratch object */
	GHashTable *seen;	    /* keys set since the current header */
	gboolean bad_header;	    /* the current header was refused */
	guint errors;
} Parser;

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

static void section_close(Parser *p)
{
	/* Checks across keys wait for the merge: another file may add the
	 * missing key. */
	if (p->section && p->scratch)
		sections[p->section->kind].destroy(p->scratch);
	p->scratch = NULL;
	p->section = NULL;
	g_hash_table_remove_all(p->seen);
}

/* @text: a whole, stripped line that begins with '['. */
static void section_open(Parser *p, char *text)
{
	size_t len = strlen(text);
	g_autofree char *name = NULL;
	g_autofree char *why = NULL;
	char *inner, *arg;
	gsize kind;

	section_close(p);
	p->bad_header = TRUE;
	if (text[len - 1] != ']') {
		fail(p, "section header without closing ]");
		return;
	}
	for (const char *c = text; *c; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			fail(p, "control character in a section header");
			return;
		}
	}
	text[len - 1] = '\0';
	inner = g_strstrip(text + 1);
	arg = inner + strcspn(inner, " \t");
	if (*arg)
		*arg++ = '\0';
	arg = g_strchug(arg);
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
	p->section = section_new((RomresolveSectionKind)kind, name, p->file, p->lineno);
	g_ptr_array_add(p->sections, p->section);
	p->scratch = sections[kind].create(name);
}

/* Cut a comment that follows whitespace: "x = 1  # one" -> "x = 1  ". */
static void strip_inline_comment(char *text)
{
	for (char *c = text + 1; *c; c++) {
		if ((*c == '#' || *c == ';') && g_ascii_isspace(c[-1])) {
			*c = '\0';
			return;
		}
	}
}

/* A key line: "key = value", with a key of letters, digits and '-'. */
static gboolean check_key_line(Parser *p, const char *text)
{
	size_t klen = strcspn(text, "=");

	if (text[klen] != '=' || strcspn(text, ":") < klen) {
		fail(p, "expected \"key = value\" or a [section] header");
		return FALSE;
	}
	while (klen > 0 && g_ascii_isspace(text[klen - 1]))
		klen--;
	if (klen == 0) {
		fail(p, "missing key before =");
		return FALSE;
	}
	for (size_t i = 0; i < klen; i++) {
		if (!g_ascii_isalnum(text[i]) && text[i] != '-') {
			fail(p, "invalid key '%.*s'", (int)klen, text);
			return FALSE;
		}
	}
	if (klen > INIH_MAX_NAME) {
		fail(p, "key '%.20s...' is longer than %d bytes", text, INIH_MAX_NAME);
		return FALSE;
	}
	return TRUE;
}

/*
 * inih's reader: hands inih one normalised line at a time. A line that is
 * bad is reported and replaced by a blank one, so that the whole file is
 * read and every problem in it reported.
 */
static char *reader(char *str, int num, void *stream)
{
	Parser *p = stream;
	const char *line, *nl;
	char *text;
	gsize n;

	if (p->pos >= p->len)
		return NULL;
	line = p->data + p->pos;
	nl = memchr(line, '\n', p->len - p->pos);
	n = nl ? (gsize)(nl - line) : p->len - p->pos;
	p->pos += n + (nl ? 1 : 0);
	p->lineno++;
	str[0] = '\0';

	if (p->lineno == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		n -= 3;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (memchr(line, '\0', n)) {
		fail(p, "NUL byte in line");
		return str;
	}
	if (n >= (gsize)num) {
		fail(p, "line is longer than %d bytes", num - 1);
		return str;
	}
	memcpy(str, line, n);
	str[n] = '\0';
	for (text = str; g_ascii_isspace(*text); text++)
		;
	if (*text == '\0' || *text == '#' || *text == ';') {
		str[0] = '\0';
		return str;
	}
	strip_inline_comment(text);
	g_strchomp(text);
	if (*text == '[') {
		section_open(p, text);
		str[0] = '\0';
		return str;
	}
	if (!check_key_line(p, text)) {
		str[0] = '\0';
		return str;
	}
	memmove(str, text, strlen(text) + 1);
	return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	Parser *p = user;
	const SectionRow *row;
	const KeyRow *key;
	RomresolveSetting *s;
	g_autofree char *why = NULL;
	(void)section; /* inih's copy may be truncated: ours is p->section */

	if (!p->section) {
		/* After a bad header the section's lines are not checked. */
		if (!p->bad_header)
			fail(p, "'%s' is outside any section", name);
		return 1;
	}
	row = &sections[p->section->kind];
	key = find_key(row, name);
	if (!key) {
		fail(p, "unknown key '%s' in [%s %s]", name, row->name, p->section->name);
		return 1;
	}
	if (!key->repeatable) {
		if (g_hash_table_contains(p->seen, key->name)) {
			fail(p, "%s is set twice in this section", name);
			return 1;
		}
		g_hash_table_add(p->seen, (gpointer)key->name);
	}
	if (!is_reset(row, name, value) &&
	    !key->parse(name, value, (char *)p->scratch + key->offset, &why)) {
		fail(p, "%s", why);
		return 1;
	}
	s = g_new0(RomresolveSetting, 1);
	s->key = g_strdup(name);
	s->value = g_strdup(value);
	s->file = p->file;
	s->line = p->lineno;
	s->header_line = p->section->line;
	g_ptr_array_add(p->section->settings, s);
	return 1;
}

/* ---- merging ---- */

static char *section_key(RomresolveSectionKind kind, const char *name)
{
	return g_strconcat(sections[kind].name, " ", name, NULL); /* no printf: per section */
}

/* The first word of a setting's value: the NAME of a map line. */
static gboolean same_map_name(const char *a, const char *b)
{
	size_t la = strcspn(a, " \t"), lb = strcspn(b, " \t");

	return la == lb && strncmp(a, b, la) == 0;
}

static void merge_setting(RomresolveSection *into, const SectionRow *row, RomresolveSetting *s)
{
	const KeyRow *key = find_key(row, s->key);

	for (guint i = 0; i < into->settings->len; i++) {
		RomresolveSetting *old = into->settings->pdata[i];
		if (strcmp(old->key, s->key) == 0 &&
		    (!key->repeatable || same_map_name(old->value, s->value)))
			g_ptr_array_remove_index(into->settings, i--);
	}
	if (is_reset(row, s->key, s->value))
		setting_free(s);
	else
		g_ptr_array_add(into->settings, s);
}

static void merge_section(RomresolveConfig *c, RomresolveSection *s)
{
	g_autofree char *k = section_key(s->kind, s->name);
	RomresolveSection *into = g_hash_table_lookup(c->section_index, k);

	if (!into) {
		into = section_new(s->kind, s->name, s->file, s->line);
		g_ptr_array_add(c->sections, into);
		g_hash_table_insert(c->section_index, g_steal_pointer(&k), into);
	}
	into->last_file = s->file;
	into->last_line = s->line;
	while (s->settings->len) {
		RomresolveSetting *setting = g_ptr_array_steal_index(s->settings, 0);
		merge_setting(into, &sections[s->kind], setting);
	}
}

gboolean romresolve_config_add_text(RomresolveConfig *c, const char *filename, const char *data,
				    gsize len)
{
	g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func((GDestroyNotify)section_free);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	Parser p = {
	    .config = c,
	    .file = intern_file(c, filename),
	    .data = data,
	    .len = len,
	    .sections = own,
	    .seen = seen,
	};
	int ret = ini_parse_stream(reader, &p, handler, &p);

	section_close(&p);
	if (ret != 0 && p.errors == 0)
		fail_at(&p, ret > 0 ? (unsigned)ret : p.lineno, "syntax error");
	if (p.errors)
		return FALSE;
	for (guint i = 0; i < own->len; i++)
		merge_section(c, own->pdata[i]);
	return TRUE;
}

/* ---- building the model from the merged text ---- */

static gpointer build_section(RomresolveConfig *c, const RomresolveSection *s)
{
	const SectionRow *row = &sections[s->kind];
	gpointer object = row->create(s->name);
	g_autofree char *why = NULL;

	for (guint i = 0; i < s->settings->len; i++) {
		const RomresolveSetting *setting = s->settings->pdata[i];
		const KeyRow *key = find_key(row, setting->key);
		g_autofree char *ignored = NULL;
		/* Checked when its file was read: cannot fail now. */
		key->parse(setting->key, setting->value, (char *)object + key->offset, &ignored);
		if (row->origin)
			row->origin(object, setting);
	}
	why = row->finish(object);
	if (why) {
		/* Blame the last file that wrote the section: it left it incomplete. */
		romresolve_config_add_problem(c, s->last_file, s->last_line, why);
		row->destroy(object);
		return NULL;
	}
	return object;
}

void romresolve_config_build(RomresolveConfig *c)
{
	for (guint i = 0; i < c->sections->len; i++) {
		const RomresolveSection *s = c->sections->pdata[i];
		gpointer object = build_section(c, s);

		if (!object)
			continue;
		switch (s->kind) {
		case ROMRESOLVE_SECTION_DIR: {
			RomresolveDir *dir = object;
			if (!dir->enabled) {
				romresolve_dir_free(dir);
				break;
			}
			romresolve_dir_place(dir, c->root, s->file, s->line, c->dirs->len);
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
			g_hash_table_insert(c->device_index, d->name, d);
			break;
		}
		}
	}
	romresolve_dirs_sort(c->dirs);
}

/* ---- cat-config ---- */

char *romresolve_config_dump(const RomresolveConfig *c)
{
	GString *out = g_string_new(NULL);

	for (guint i = 0; i < c->sections->len; i++) {
		const RomresolveSection *s = c->sections->pdata[i];
		g_autofree char *header =
		    g_strdup_printf("[%s %s]", sections[s->kind].name, s->name);

		g_string_append_printf(out, "%s%-40s # %s:%u\n", i ? "\n" : "", header, s->file,
				       s->line);
		for (guint j = 0; j < s->settings->len; j++) {
			const RomresolveSetting *set = s->settings->pdata[j];
			g_autofree char *line = g_strdup_printf("%s = %s", set->key, set->value);
			g_string_append_printf(out, "%-40s # %s:%u\n", line, set->file, set->line);
		}
	}
	return g_string_free(out, FALSE);
}
