/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Config files: INI, read with inih.
 *
 * inih r55 gives its handler no line number and truncates section names to 49
 * bytes, so every raw line goes through our own reader first: it counts lines,
 * strips comments, takes section headers whole (inih never sees them) and
 * refuses what inih would misread. inih then splits "key = value" lines.
 */
#include "internal.h"

#include <ini.h>
#include <stdarg.h>
#include <string.h>

typedef enum { SECTION_NONE, SECTION_DIR, SECTION_MACHINE, SECTION_DEVICE } SectionKind;

typedef struct {
	RomresolveContext *ctx;
	const char *file;
	const char *data;
	gsize len;
	gsize pos;
	unsigned lineno;
	SectionKind kind;
	RomresolveDir *dir;
	RomresolveRule *rule;
	RomresolveDevice *device;
	unsigned section_line;
	guint32 seen; /* the keys set in the current section, by index */
	GError *error;
} Parser;

G_GNUC_PRINTF(3, 4)
static void fail_at(Parser *p, unsigned line, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	if (p->error)
		return;
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(&p->error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG, "%s:%u: %s", p->file,
		    line, msg);
}

#define fail(p, ...) fail_at((p), (p)->lineno, __VA_ARGS__)

/* ---- values ---- */

/* The blank-separated words of @value, as a new vector. */
static char **split_words(const char *value)
{
	GPtrArray *words = g_ptr_array_new();

	for (const char *p = value;;) {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n == 0)
			break;
		g_ptr_array_add(words, g_strndup(p, n));
		p += n;
	}
	g_ptr_array_add(words, NULL);
	return (char **)g_ptr_array_free(words, FALSE);
}

static void parse_arch(Parser *p, const char *key, const char *value, char ***arch, char **text)
{
	g_auto(GStrv) words = split_words(value);

	if (!words[0]) {
		fail(p, "%s needs target names or *", key);
		return;
	}
	if (g_strv_contains((const char *const *)words, "*")) {
		if (words[1])
			fail(p, "%s: * cannot be combined with target names", key);
		*text = g_strdup("*");
		return;
	}
	for (char **w = words; *w; w++) {
		if (!romresolve_arch_validate(*w, NULL)) {
			fail(p, "unknown target '%s' in %s", *w, key);
			return;
		}
	}
	*text = g_strjoinv(" ", words);
	*arch = g_steal_pointer(&words);
}

static void parse_globs(Parser *p, const char *key, const char *value, char ***globs, char **text)
{
	g_auto(GStrv) words = split_words(value);

	if (!words[0]) {
		fail(p, "%s needs at least one machine type glob", key);
		return;
	}
	/* Machine type names are printable ASCII; GLib's glob matcher aborts
	 * on a pattern that is not valid UTF-8. */
	for (char **w = words; *w; w++) {
		for (const char *c = *w; *c; c++) {
			if (!g_ascii_isgraph(*c)) {
				fail(p, "%s: glob '%s' is not printable ASCII", key, *w);
				return;
			}
		}
	}
	if (text)
		*text = g_strjoinv(" ", words);
	*globs = g_steal_pointer(&words);
}

static void parse_pow2(Parser *p, const char *key, const char *value, uint64_t *size)
{
	uint64_t v = 0;

	if (!romresolve_size_parse(value, &v, NULL)) {
		fail(p, "%s %s is not a size (bytes, or a number followed by K, M or G)", key,
		     value);
		return;
	}
	if (v == 0 || (v & (v - 1)) != 0) {
		fail(p, "%s %s is not a power of two", key, value);
		return;
	}
	*size = v;
}

static void parse_priority(Parser *p, const char *value, int *priority)
{
	guint64 v;

	if (!g_ascii_string_to_unsigned(value, 10, 0, 9999, &v, NULL)) {
		fail(p, "priority %s is not a whole number from 0 to 9999", value);
		return;
	}
	*priority = (int)v;
}

static void parse_bool(Parser *p, const char *key, const char *value, gboolean *out)
{
	if (strcmp(value, "yes") == 0)
		*out = TRUE;
	else if (strcmp(value, "no") == 0)
		*out = FALSE;
	else
		fail(p, "%s %s is neither yes nor no", key, value);
}

static void parse_version(Parser *p, const char *key, const char *value, char **version)
{
	if (!romresolve_version_validate(value)) {
		fail(p, "%s %s is not a version (numbers separated by dots, such as 2.10)", key,
		     value);
		return;
	}
	*version = g_strdup(value);
}

static void parse_name(Parser *p, const char *key, const char *value, char **out)
{
	g_autoptr(GError) local = NULL;

	if (!romresolve_name_validate(value, &local)) {
		fail(p, "%s: %s", key, local->message);
		return;
	}
	*out = g_strdup(value);
}

static void parse_map(Parser *p, const char *value)
{
	g_auto(GStrv) words = split_words(value);
	RomresolveMap m = {NULL, NULL};

	if (!words[0] || !words[1] || words[2]) {
		fail(p, "map needs two file names: the name asked for and the one to load");
		return;
	}
	if (romresolve_rule_map(p->rule, words[0])) {
		fail(p, "%s is mapped twice in [machine %s]", words[0], p->rule->name);
		return;
	}
	parse_name(p, "map", words[0], &m.from);
	parse_name(p, "map", words[1], &m.to);
	if (p->error) {
		g_free(m.from);
		g_free(m.to);
		return;
	}
	g_array_append_val(p->rule->maps, m);
}

/* ---- sections ---- */

/* One handler per key: parse the value into the current section. */
typedef void (*KeyFunc)(Parser *p, const char *key, const char *value);

typedef struct {
	const char *name;
	KeyFunc parse;
} Key;

static void dir_arch(Parser *p, const char *k, const char *v)
{
	parse_arch(p, k, v, &p->dir->arch, &p->dir->arch_text);
}

static void dir_priority(Parser *p, const char *k, const char *v)
{
	parse_priority(p, v, &p->dir->priority);
}

static void dir_max_size(Parser *p, const char *k, const char *v)
{
	parse_pow2(p, k, v, &p->dir->max_size);
}

static void dir_rom_size(Parser *p, const char *k, const char *v)
{
	parse_pow2(p, k, v, &p->dir->rom_size);
}

static void dir_machine(Parser *p, const char *k, const char *v)
{
	parse_globs(p, k, v, &p->dir->machine, &p->dir->machine_text);
}

static void dir_strict_modes(Parser *p, const char *k, const char *v)
{
	parse_bool(p, k, v, &p->dir->strict_modes);
}

static void rule_arch(Parser *p, const char *k, const char *v)
{
	g_autofree char *text = NULL;

	parse_arch(p, k, v, &p->rule->arch, &text);
}

static void rule_match(Parser *p, const char *k, const char *v)
{
	parse_globs(p, k, v, &p->rule->match, NULL);
}

static void rule_since(Parser *p, const char *k, const char *v)
{
	parse_version(p, k, v, &p->rule->since);
}

static void rule_until(Parser *p, const char *k, const char *v)
{
	parse_version(p, k, v, &p->rule->until);
}

static void rule_max_size(Parser *p, const char *k, const char *v)
{
	parse_pow2(p, k, v, &p->rule->max_size);
}

static void rule_rom_size(Parser *p, const char *k, const char *v)
{
	parse_pow2(p, k, v, &p->rule->rom_size);
}

static void rule_map(Parser *p, const char *k, const char *v)
{
	parse_map(p, v);
}

static void rule_no_rom(Parser *p, const char *k, const char *v)
{
	g_auto(GStrv) words = split_words(v);

	if (!words[0]) {
		fail(p, "%s needs ROM file names", k);
		return;
	}
	for (char **w = words; *w; w++) {
		g_autoptr(GError) local = NULL;
		if (!romresolve_name_validate(*w, &local)) {
			fail(p, "%s: %s", k, local->message);
			return;
		}
	}
	g_strfreev(p->rule->no_rom);
	p->rule->no_rom = g_steal_pointer(&words);
}

static void device_romfile(Parser *p, const char *k, const char *v)
{
	/* Empty: the device has no ROM (QEMU's romfile=""). */
	if (!*v)
		p->device->romfile = g_strdup("");
	else
		parse_name(p, k, v, &p->device->romfile);
}

/* The keys of each section; a key's index is its bit in Parser.seen. */
static const Key dir_keys[] = {
    {"arch", dir_arch},
    {"priority", dir_priority},
    {"max-size", dir_max_size},
    {"rom-size", dir_rom_size},
    {"machine", dir_machine},
    {"strict-modes", dir_strict_modes},
    {NULL, NULL},
};

static const Key machine_keys[] = {
    {"arch", rule_arch},   {"match", rule_match},	{"since", rule_since},
    {"until", rule_until}, {"max-size", rule_max_size}, {"rom-size", rule_rom_size},
    {"map", rule_map},	   {"no-rom", rule_no_rom},	{NULL, NULL},
};

static const Key device_keys[] = {
    {"romfile", device_romfile},
    {NULL, NULL},
};

/* Check the section just closed; @line is where it ends. */
static void section_end(Parser *p)
{
	switch (p->kind) {
	case SECTION_DIR:
		if (!p->dir->max_size)
			p->dir->max_size =
			    p->dir->rom_size ? p->dir->rom_size : ROMRESOLVE_DEFAULT_MAX_SIZE;
		if (!p->dir->arch_text)
			p->dir->arch_text = g_strdup("*");
		break;
	case SECTION_MACHINE:
		if (!p->rule->match)
			fail_at(p, p->section_line, "[machine %s] needs a match line",
				p->rule->name);
		else if (p->rule->since && p->rule->until &&
			 romresolve_version_compare(p->rule->since, p->rule->until) > 0)
			fail_at(p, p->section_line, "[machine %s]: since %s is after until %s",
				p->rule->name, p->rule->since, p->rule->until);
		break;
	case SECTION_DEVICE:
		if (!p->device->romfile)
			fail_at(p, p->section_line, "[device %s] needs a romfile line",
				p->device->name);
		break;
	case SECTION_NONE:
		break;
	}
	p->kind = SECTION_NONE;
	p->seen = 0;
}

static gboolean is_device_name(const char *s)
{
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && !strchr("_.,-", *s))
			return FALSE;
	return TRUE;
}

static void section_dir(Parser *p, const char *arg)
{
	g_autofree char *path = romresolve_path_normalize(arg);
	RomresolveDir *d, *prev;

	if (!path) {
		fail(p, "[dir %s]: the path must be absolute, without . or .. components", arg);
		return;
	}
	prev = g_hash_table_lookup(p->ctx->dir_index, path);
	if (prev) {
		fail(p, "duplicate [dir %s] (first at %s:%u)", path, prev->file, prev->line);
		return;
	}
	d = g_new0(RomresolveDir, 1);
	d->full_path = romresolve_path_join_root(p->ctx->root, path);
	d->path = g_steal_pointer(&path);
	d->priority = ROMRESOLVE_DEFAULT_PRIORITY;
	d->strict_modes = TRUE;
	d->file = p->file;
	d->line = p->lineno;
	d->order = p->ctx->dirs->len;
	g_ptr_array_add(p->ctx->dirs, d);
	g_hash_table_insert(p->ctx->dir_index, d->path, d);
	p->dir = d;
	p->kind = SECTION_DIR;
}

static void section_machine(Parser *p, const char *arg)
{
	RomresolveRule *r, *prev;

	if (strpbrk(arg, " \t")) {
		fail(p, "[machine %s]: a rule name is one word", arg);
		return;
	}
	prev = g_hash_table_lookup(p->ctx->rule_index, arg);
	if (prev) {
		fail(p, "duplicate [machine %s] (first at %s:%u)", arg, prev->file, prev->line);
		return;
	}
	r = g_new0(RomresolveRule, 1);
	r->name = g_strdup(arg);
	r->maps = g_array_new(FALSE, FALSE, sizeof(RomresolveMap));
	r->file = p->file;
	r->line = p->lineno;
	g_ptr_array_add(p->ctx->rules, r);
	g_hash_table_insert(p->ctx->rule_index, r->name, r);
	p->rule = r;
	p->kind = SECTION_MACHINE;
}

static void section_device(Parser *p, const char *arg)
{
	RomresolveDevice *d, *prev;

	if (!is_device_name(arg)) {
		fail(p, "[device %s]: not a QEMU device type name", arg);
		return;
	}
	prev = g_hash_table_lookup(p->ctx->device_index, arg);
	if (prev) {
		fail(p, "duplicate [device %s] (first at %s:%u)", arg, prev->file, prev->line);
		return;
	}
	d = g_new0(RomresolveDevice, 1);
	d->name = g_strdup(arg);
	d->file = p->file;
	d->line = p->lineno;
	g_ptr_array_add(p->ctx->devices, d);
	g_hash_table_insert(p->ctx->device_index, d->name, d);
	p->device = d;
	p->kind = SECTION_DEVICE;
}

/* @text: a whole, stripped line that begins with '['. */
static void section_start(Parser *p, char *text)
{
	size_t len = strlen(text);
	char *inner, *arg;

	section_end(p);
	if (p->error)
		return;
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
	if (strcmp(inner, "dir") != 0 && strcmp(inner, "machine") != 0 &&
	    strcmp(inner, "device") != 0) {
		fail(p, "unknown section [%s%s%s]", inner, *arg ? " " : "", arg);
		return;
	}
	if (!*arg) {
		fail(p, "[%s] needs a name: [%s %s]", inner, inner,
		     strcmp(inner, "dir") == 0 ? "/absolute/path" : "NAME");
		return;
	}
	p->section_line = p->lineno;
	if (strcmp(inner, "dir") == 0)
		section_dir(p, arg);
	else if (strcmp(inner, "machine") == 0)
		section_machine(p, arg);
	else
		section_device(p, arg);
}

/* ---- inih glue ---- */

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
	return TRUE;
}

static char *reader(char *str, int num, void *stream)
{
	Parser *p = stream;
	const char *line, *nl;
	char *text;
	gsize n;

	if (p->error || p->pos >= p->len)
		return NULL;
	line = p->data + p->pos;
	nl = memchr(line, '\n', p->len - p->pos);
	n = nl ? (gsize)(nl - line) : p->len - p->pos;
	p->pos += n + (nl ? 1 : 0);
	p->lineno++;

	if (p->lineno == 1 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		n -= 3;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (memchr(line, '\0', n)) {
		fail(p, "NUL byte in line");
		return NULL;
	}
	if (n >= (gsize)num) {
		fail(p, "line is longer than %d bytes", num - 1);
		return NULL;
	}
	/* Normalise the line in inih's own buffer: inih sees a blank line for
	 * comments and section headers, and "key = value" otherwise. */
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
		section_start(p, text);
		str[0] = '\0';
		return p->error ? NULL : str;
	}
	if (!check_key_line(p, text))
		return NULL;
	memmove(str, text, strlen(text) + 1);
	return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	static const char *const kinds[] = {NULL, "dir", "machine", "device"};
	static const Key *const tables[] = {NULL, dir_keys, machine_keys, device_keys};
	Parser *p = user;
	const Key *key;
	(void)section; /* inih's copy may be truncated: ours is p->kind */

	if (p->error)
		return 0;
	if (p->kind == SECTION_NONE) {
		fail(p, "'%s' is outside any section", name);
		return 0;
	}
	for (key = tables[p->kind]; key->name && strcmp(key->name, name) != 0; key++)
		;
	if (!key->name) {
		fail(p, "unknown key '%s' in [%s %s]", name, kinds[p->kind],
		     p->kind == SECTION_DIR	  ? p->dir->path
		     : p->kind == SECTION_MACHINE ? p->rule->name
						  : p->device->name);
		return 0;
	}
	if (key->parse != rule_map) {
		guint32 bit = 1u << (key - tables[p->kind]);
		if (p->seen & bit) {
			fail(p, "%s is set twice in this section", name);
			return 0;
		}
		p->seen |= bit;
	}
	key->parse(p, name, value);
	return p->error == NULL;
}

gboolean romresolve_config_parse(RomresolveContext *ctx, const char *filename, const char *data,
				 gsize len, GError **error)
{
	Parser p = {
	    .ctx = ctx,
	    .file = romresolve_context_add_file(ctx, filename),
	    .data = data,
	    .len = len,
	};
	int ret = ini_parse_stream(reader, &p, handler, &p);

	if (!p.error && ret != 0)
		fail_at(&p, ret > 0 ? (unsigned)ret : p.lineno, "syntax error");
	if (!p.error)
		section_end(&p);
	if (p.error) {
		g_propagate_error(error, p.error);
		return FALSE;
	}
	return TRUE;
}
