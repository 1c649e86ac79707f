/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a QEMU command line for `romresolve exec`; see qemu-args.h. */
#include "qemu-args.h"

#include "json.h"
#include <string.h>

/* ---- the option table ---- */

/* One option: its name (in the parsed table's text, or owned through
 * QemuOptions.owned) and kind. */
typedef struct {
	const char *name;
	QemuOptionKind kind;
} OptionEntry;

struct QemuOptions {
	OptionEntry *entries; /* sorted by name (strcmp), each name once */
	guint n, cap;
	char *text;	  /* the parsed table, names NUL-terminated in place */
	GPtrArray *owned; /* names added by qemu_options_set */
};

/* The column QEMU's -help starts each description in. */
#define HELP_COLUMN 16

QemuOptions *qemu_options_new(void)
{
	return g_new0(QemuOptions, 1);
}

void qemu_options_free(QemuOptions *opts)
{
	if (!opts)
		return;
	g_free(opts->entries);
	g_free(opts->text);
	if (opts->owned)
		g_ptr_array_unref(opts->owned);
	g_free(opts);
}

/* Where @name is, or would go: TRUE when found. */
static gboolean options_find(const QemuOptions *opts, const char *name, guint *at)
{
	guint lo = 0, hi = opts->n;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		int c = strcmp(opts->entries[mid].name, name);

		if (c == 0) {
			*at = mid;
			return TRUE;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return FALSE;
}

static void options_reserve(QemuOptions *opts, guint more)
{
	if (opts->n + more <= opts->cap)
		return;
	opts->cap = MAX(opts->n + more, opts->cap * 2);
	opts->entries = g_renew(OptionEntry, opts->entries, opts->cap);
}

void qemu_options_set(QemuOptions *opts, const char *name, QemuOptionKind kind)
{
	guint at;
	char *copy;

	if (options_find(opts, name, &at)) {
		opts->entries[at].kind = kind;
		return;
	}
	if (!opts->owned)
		opts->owned = g_ptr_array_new_with_free_func(g_free);
	copy = g_strdup(name);
	g_ptr_array_add(opts->owned, copy);
	options_reserve(opts, 1);
	memmove(opts->entries + at + 1, opts->entries + at,
		(opts->n - at) * sizeof(*opts->entries));
	opts->entries[at] = (OptionEntry){copy, kind};
	opts->n++;
}

QemuOptionKind qemu_options_get(const QemuOptions *opts, const char *name)
{
	guint at;

	return options_find(opts, name, &at) ? opts->entries[at].kind : QEMU_OPTION_UNKNOWN;
}

guint qemu_options_size(const QemuOptions *opts)
{
	return opts->n;
}

const char *qemu_option_name(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return NULL;
	return arg[1] == '-' ? arg + 2 : arg + 1;
}

static gboolean valid_option_name(const char *name, size_t len)
{
	if (len == 0 || len > 64)
		return FALSE;
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isalnum(name[i]) && name[i] != '-' && name[i] != '_')
			return FALSE;
	return TRUE;
}

/* Add "-a/-b" (one word of names); FALSE if the word is not option names. */
static gboolean add_names(GPtrArray *names, const char *word, size_t len)
{
	g_autofree char *copy = g_strndup(word, len);
	g_auto(GStrv) parts = g_strsplit(copy, "/", -1);

	for (char **p = parts; *p; p++) {
		const char *name = qemu_option_name(*p);
		if (!name || !valid_option_name(name, strlen(name)))
			return FALSE;
		g_ptr_array_add(names, g_strdup(name));
	}
	return TRUE;
}

static void parse_help_line(QemuOptions *opts, const char *line)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *p = line;
	size_t len = strcspn(p, " ");
	size_t spaces;
	QemuOptionKind kind;

	if (!add_names(names, p, len))
		return;
	p += len;
	/* "-h or -help": more names. */
	while (g_str_has_prefix(p, " or -")) {
		p += 4;
		len = strcspn(p, " ");
		if (!add_names(names, p, len))
			return;
		p += len;
	}
	spaces = strspn(p, " ");
	if (p[spaces] == '\0')
		kind = QEMU_OPTION_FLAG;
	else if ((size_t)(p - line) + spaces == HELP_COLUMN ||
		 (spaces > 1 && (size_t)(p - line) + spaces > HELP_COLUMN))
		kind = QEMU_OPTION_FLAG; /* the description, in its column */
	else
		kind = QEMU_OPTION_ARG;
	for (guint i = 0; i < names->len; i++) {
		/* An option listed twice ("-numa node..." lines): one argument
		 * anywhere means it takes one. */
		if (qemu_options_get(opts, names->pdata[i]) != QEMU_OPTION_ARG)
			qemu_options_set(opts, names->pdata[i], kind);
	}
}

QemuOptions *qemu_options_parse_help(const char *help_text)
{
	QemuOptions *opts = qemu_options_new();
	g_auto(GStrv) lines = g_strsplit(help_text, "\n", -1);

	for (char **l = lines; *l; l++)
		if ((*l)[0] == '-')
			parse_help_line(opts, *l);
	return opts;
}

/* By name, then by place in the table (the names lie in its text in
 * order): the last entry of a name wins. */
static int compare_entries(const void *a, const void *b)
{
	const OptionEntry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->name < y->name ? -1 : x->name > y->name);
}

QemuOptions *qemu_options_parse_table(const char *table)
{
	g_autoptr(QemuOptions) opts = qemu_options_new();
	gboolean sorted = TRUE;
	size_t len = strlen(table);
	char *l;

	opts->text = g_memdup2(table, len + 1);
	/* A line takes at least 4 bytes ("x 1\n"). */
	opts->cap = (guint)(len / 4 + 1);
	opts->entries = g_new(OptionEntry, opts->cap);
	for (l = opts->text; *l;) {
		char *p = l;

		if (*l == '\n') {
			l++;
			continue;
		}
		/* NAME KIND, nothing else. */
		while (g_ascii_isalnum(*p) || *p == '-' || *p == '_')
			p++;
		if (p == l || p - l > 64 || p[0] != ' ' || p[1] < '1' || p[1] > '3' ||
		    (p[2] != '\n' && p[2] != '\0'))
			return NULL;
		*p = '\0';
		if (opts->n && strcmp(opts->entries[opts->n - 1].name, l) >= 0)
			sorted = FALSE;
		opts->entries[opts->n++] = (OptionEntry){l, (QemuOptionKind)(p[1] - '0')};
		l = p[2] ? p + 3 : p + 2;
	}
	if (!sorted) {
		/* Not as qemu_options_to_table writes it: sort, and keep the
		 * last entry of each name. */
		guint out = 0;

		qsort(opts->entries, opts->n, sizeof(*opts->entries), compare_entries);
		for (guint i = 0; i < opts->n; i++) {
			if (i + 1 < opts->n &&
			    strcmp(opts->entries[i].name, opts->entries[i + 1].name) == 0)
				continue;
			opts->entries[out++] = opts->entries[i];
		}
		opts->n = out;
	}
	return g_steal_pointer(&opts);
}

char *qemu_options_to_table(const QemuOptions *opts)
{
	g_autoptr(GString) out = g_string_new(NULL);

	for (guint i = 0; i < opts->n; i++) {
		g_string_append(out, opts->entries[i].name);
		g_string_append_c(out, ' ');
		g_string_append_c(out, (char)('0' + opts->entries[i].kind));
		g_string_append_c(out, '\n');
	}
	return g_string_free(g_steal_pointer(&out), FALSE);
}

QemuOptionKind qemu_options_kind_from_probe(gboolean exited_ok, const char *err_text)
{
	if (strstr(err_text, ": requires an argument"))
		return QEMU_OPTION_ARG;
	if (exited_ok)
		return QEMU_OPTION_FLAG;
	return QEMU_OPTION_INVALID;
}

char *qemu_target_from_binary(const char *binary)
{
	g_autofree char *base = g_path_get_basename(binary);
	const char *prefix = "qemu-system-";

	if (!g_str_has_prefix(base, prefix) ||
	    !romresolve_arch_validate(base + strlen(prefix), NULL))
		return NULL;
	return g_strdup(base + strlen(prefix));
}

/* ---- -machine help, -device help ---- */

/* The next line of @text (@size bytes) at *@pos: its start, its length
 * through @len; NULL at the end. Walks the text in place. */
static const char *next_line(const char *text, size_t size, size_t *pos, size_t *len)
{
	const char *line = text + *pos, *end;

	if (*pos >= size)
		return NULL;
	end = memchr(line, '\n', size - *pos);
	*len = end ? (size_t)(end - line) : size - *pos;
	*pos += *len + (end != NULL);
	return line;
}

/* `-machine help` is read in place, a line at a time, when asked: exec asks
 * two or three questions of its ~60 lines. */
struct QemuMachines {
	char *text;
	size_t len;
};

QemuMachines *qemu_machines_parse_owned(char *help_text)
{
	QemuMachines *m = g_new0(QemuMachines, 1);

	m->text = help_text;
	m->len = strlen(help_text);
	return m;
}

QemuMachines *qemu_machines_parse(const char *help_text)
{
	return qemu_machines_parse_owned(g_strdup(help_text));
}

void qemu_machines_free(QemuMachines *m)
{
	if (!m)
		return;
	g_free(m->text);
	g_free(m);
}

/* A line that names a machine type: its name's length (0: none). */
static size_t machine_line(const char *l, size_t len)
{
	static const char header[] = "Supported machines";
	size_t n = 0;

	while (n < len && l[n] != ' ' && l[n] != '\t')
		n++;
	if (n == 0 || (len >= strlen(header) && memcmp(l, header, strlen(header)) == 0))
		return 0;
	return n;
}

/* The line of the type @name, its last one (from @last) or first; NULL
 * if there is none. A name with a blank in it names no line. */
static const char *machine_find(const QemuMachines *m, const char *name, gboolean with_alias,
				size_t *len_out)
{
	static const char of[] = "(alias of ";
	size_t nlen = strlen(name), pos = 0, len;
	const char *l, *found = NULL;

	if (nlen == 0 || strcspn(name, " \t\n") != nlen)
		return NULL;
	while ((l = next_line(m->text, m->len, &pos, &len))) {
		/* The line's first word is @name (which has no blank). */
		if (len < nlen || l[0] != name[0] ||
		    (len > nlen && l[nlen] != ' ' && l[nlen] != '\t') ||
		    memcmp(l, name, nlen) != 0 || machine_line(l, len) != nlen)
			continue;
		if (!with_alias) {
			*len_out = len;
			return l;
		}
		if (memmem(l, len, of, strlen(of))) {
			found = l;
			*len_out = len;
		}
	}
	return found;
}

gboolean qemu_machines_has(const QemuMachines *m, const char *name)
{
	size_t len;

	return machine_find(m, name, FALSE, &len) != NULL;
}

char *qemu_machines_alias(const QemuMachines *m, const char *name)
{
	static const char of[] = "(alias of ";
	size_t len;
	const char *l = machine_find(m, name, TRUE, &len), *start;

	if (!l)
		return NULL;
	start = (const char *)memmem(l, len, of, strlen(of)) + strlen(of);
	return g_strndup(start, strcspn(start, ")\n"));
}

char *qemu_machines_default(const QemuMachines *m)
{
	size_t pos = 0, len, n;
	const char *l;

	while ((l = next_line(m->text, m->len, &pos, &len)))
		if ((n = machine_line(l, len)) && memmem(l, len, "(default)", strlen("(default)")))
			return g_strndup(l, n);
	return NULL;
}

/* The device types: sorted, each once, in the text they were read from
 * (NUL-terminated in place), and the aliases that name no type. */
struct QemuDevices {
	char *text;
	const char **types;
	guint n_types;
	GPtrArray *aliases; /* alias, type, alias, type, ...: sorted by alias */
};

static const char name_key[] = "name \"", alias_key[] = ", alias \"";

/* The cache form's first line (qemu_devices_to_table). */
#define DEVICES_TABLE_HEADER "romresolve-devices 2\n"

static QemuDevices *devices_new(char *text)
{
	QemuDevices *d = g_new0(QemuDevices, 1);

	d->text = text;
	d->aliases = g_ptr_array_new();
	return d;
}

void qemu_devices_free(QemuDevices *d)
{
	if (!d)
		return;
	g_free(d->text);
	g_free(d->types);
	g_ptr_array_unref(d->aliases);
	g_free(d);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An alias taken by an earlier line (while they are not sorted yet). */
static gboolean alias_taken(const QemuDevices *d, const char *alias)
{
	for (guint i = 0; i < d->aliases->len; i += 2)
		if (strcmp(d->aliases->pdata[i], alias) == 0)
			return TRUE;
	return FALSE;
}

/* The type @name, as the table holds it, or NULL. */
static const char *devices_type(const QemuDevices *d, const char *name)
{
	guint lo = 0, hi = d->n_types;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		int c = strcmp(d->types[mid], name);

		if (c == 0)
			return d->types[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

gboolean qemu_devices_has_type(const QemuDevices *d, const char *name)
{
	return devices_type(d, name) != NULL;
}

const char *qemu_devices_lookup(const QemuDevices *d, const char *name)
{
	const char *t = devices_type(d, name);

	guint lo = 0, hi = d->aliases->len / 2;

	while (!t && lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		int c = strcmp(d->aliases->pdata[2 * mid], name);

		if (c == 0)
			t = d->aliases->pdata[2 * mid + 1];
		else if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return t;
}

/* The string from @start to the next '"' before @end: its length, or 0
 * if there is none (or it is empty). */
static size_t quoted(const char *start, const char *end)
{
	const char *q = start < end ? memchr(start, '"', (size_t)(end - start)) : NULL;

	return q ? (size_t)(q - start) : 0;
}

/* The text at @p is the alias key (a type name's closing quote, now a NUL,
 * counting as the quote it was). */
static gboolean alias_key_at(const char *p, const char *end)
{
	size_t n = strlen(alias_key);

	return (size_t)(end - p) >= n && memcmp(p, alias_key, n - 1) == 0 &&
	       (p[n - 1] == '"' || p[n - 1] == '\0');
}

QemuDevices *qemu_devices_parse_owned(char *help_text)
{
	QemuDevices *d = devices_new(help_text);
	size_t len = strlen(help_text), klen = strlen(name_key), alen;
	g_autoptr(GPtrArray) types = g_ptr_array_new();
	g_autoptr(GPtrArray) lines = g_ptr_array_new(); /* start, end of each type line */
	guint n = 0;
	char *p, *end = help_text + len, *nl;

	/* The types: `name "TYPE"` lines, the name to its first quote. */
	for (p = help_text; p < end; p = nl + 1) {
		char *name = p + klen, *q;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl > name && memcmp(p, name_key, klen) == 0 &&
		    (q = memchr(name, '"', (size_t)(nl - name))) && q > name) {
			*q = '\0';
			g_ptr_array_add(types, name);
			g_ptr_array_add(lines, p);
			g_ptr_array_add(lines, nl);
		}
	}
	if (types->len > 1)
		qsort(types->pdata, types->len, sizeof(gpointer), compare_strings);
	d->types = g_new(const char *, types->len + 1);
	for (guint i = 0; i < types->len; i++)
		if (n == 0 || strcmp(d->types[n - 1], types->pdata[i]) != 0)
			d->types[n++] = types->pdata[i];
	d->n_types = n;
	/* The aliases, the first of each line: the first line that gives
	 * one keeps it, a type keeps its name. */
	for (guint i = 0; i < lines->len; i += 2) {
		char *l = lines->pdata[i], *lend = lines->pdata[i + 1], *a;

		for (a = l; (a = memchr(a, ',', (size_t)(lend - a))); a++)
			if (alias_key_at(a, lend))
				break;
		if (!a || !(alen = quoted(a + strlen(alias_key), lend)))
			continue;
		a += strlen(alias_key);
		a[alen] = '\0';
		if (!devices_type(d, a) && !alias_taken(d, a)) {
			g_ptr_array_add(d->aliases, a);
			g_ptr_array_add(d->aliases, l + klen);
		}
	}
	/* (alias, type) pairs, by alias. */
	if (d->aliases->len > 2)
		qsort(d->aliases->pdata, d->aliases->len / 2, 2 * sizeof(gpointer),
		      compare_strings);
	return d;
}

QemuDevices *qemu_devices_parse(const char *help_text)
{
	return qemu_devices_parse_owned(g_strdup(help_text));
}

char *qemu_devices_to_table(const QemuDevices *d)
{
	g_autoptr(GString) out = g_string_new(DEVICES_TABLE_HEADER);

	for (guint i = 0; i < d->n_types; i++) {
		g_string_append(out, d->types[i]);
		g_string_append_c(out, '\n');
	}
	g_string_append_c(out, '\n');
	for (guint i = 0; i < d->aliases->len; i += 2) {
		g_string_append(out, d->aliases->pdata[i]);
		g_string_append_c(out, '"');
		g_string_append(out, d->aliases->pdata[i + 1]);
		g_string_append_c(out, '\n');
	}
	return g_string_free(g_steal_pointer(&out), FALSE);
}

QemuDevices *qemu_devices_parse_table_owned(char *table)
{
	g_autoptr(QemuDevices) d = devices_new(table);
	size_t len = strlen(table), hlen = strlen(DEVICES_TABLE_HEADER);
	char *p = table + hlen, *end = table + len, *nl;
	guint cap;

	if (len < hlen || memcmp(table, DEVICES_TABLE_HEADER, hlen) != 0)
		return NULL;
	/* A type takes at least 2 bytes. */
	cap = (guint)((len - hlen) / 2 + 1);
	d->types = g_new(const char *, cap);
	/* The types, sorted, each once; an empty line ends them. */
	for (; p < end && *p != '\n'; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			return NULL;
		*nl = '\0';
		if (d->n_types && strcmp(d->types[d->n_types - 1], p) >= 0)
			return NULL;
		d->types[d->n_types++] = p;
	}
	if (p >= end)
		return NULL;
	/* "ALIAS"TYPE" lines, sorted by alias, each once: an alias that is no
	 * type, of a type. */
	for (p++; p < end; p = nl + 1) {
		const char *type;
		char *q;

		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			return NULL;
		*nl = '\0';
		q = memchr(p, '"', (size_t)(nl - p));
		if (!q || q == p || q + 1 == nl || memchr(q + 1, '"', (size_t)(nl - q - 1)))
			return NULL;
		*q = '\0';
		if ((d->aliases->len && strcmp(d->aliases->pdata[d->aliases->len - 2], p) >= 0) ||
		    !(type = devices_type(d, q + 1)) || devices_type(d, p))
			return NULL;
		g_ptr_array_add(d->aliases, p);
		g_ptr_array_add(d->aliases, (char *)type);
	}
	return g_steal_pointer(&d);
}

QemuDevices *qemu_devices_parse_table(const char *table)
{
	return qemu_devices_parse_table_owned(g_strdup(table));
}

/* ---- -device ---- */

void qemu_device_clear(QemuDevice *dev)
{
	g_clear_pointer(&dev->driver, g_free);
}

/* Split a QEMU key=value list at single commas (",," is a literal comma). */
static GPtrArray *split_opts(const char *value)
{
	GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
	GString *cur = g_string_new(NULL);

	for (const char *p = value;; p++) {
		if (*p == ',' && p[1] == ',') {
			g_string_append_c(cur, ',');
			p++;
		} else if (*p == ',' || *p == '\0') {
			g_ptr_array_add(parts, g_string_free(cur, FALSE));
			if (*p == '\0')
				break;
			cur = g_string_new(NULL);
		} else {
			g_string_append_c(cur, *p);
		}
	}
	return parts;
}

/* The deepest nesting of objects and arrays, outside strings. */
static unsigned json_depth(const char *text)
{
	unsigned depth = 0, max = 0;
	gboolean in_string = FALSE;

	for (const char *p = text; *p; p++) {
		if (in_string) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_string = FALSE;
		} else if (*p == '"') {
			in_string = TRUE;
		} else if (*p == '{' || *p == '[') {
			max = MAX(max, ++depth);
		} else if ((*p == '}' || *p == ']') && depth > 0) {
			depth--;
		}
	}
	return max;
}

static gboolean device_parse_json(const char *value, QemuDevice *dev, GError **error)
{
	g_autoptr(JsonValue) root = NULL;
	g_autoptr(GError) local = NULL;
	const JsonValue *driver;

	if (json_depth(value) > QEMU_JSON_DEPTH_MAX) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device: JSON nested deeper than %d", QEMU_JSON_DEPTH_MAX);
		return FALSE;
	}
	/* QEMU reads -device JSON with its extension: 'single quotes'. */
	root = json_parse(value, -1, JSON_READ_QEMU, QEMU_JSON_DEPTH_MAX, &local);
	if (!root || json_value_get_type(root) != JSON_OBJECT) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': not a JSON object%s%s", value, local ? ": " : "",
			    local ? local->message : "");
		return FALSE;
	}
	driver = json_value_get_member(root, "driver");
	if (!driver || json_value_get_type(driver) != JSON_STRING ||
	    !*json_value_get_string(driver)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': no \"driver\" string", value);
		return FALSE;
	}
	dev->driver = g_strdup(json_value_get_string(driver));
	dev->json = TRUE;
	dev->has_romfile = json_value_get_member(root, "romfile") != NULL;
	dev->has_romsize = json_value_get_member(root, "romsize") != NULL;
	return TRUE;
}

gboolean qemu_device_parse(const char *value, QemuDevice *dev, GError **error)
{
	g_autoptr(GPtrArray) parts = NULL;

	memset(dev, 0, sizeof(*dev));
	if (strlen(value) > QEMU_DEVICE_MAX) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device: value longer than %d bytes", QEMU_DEVICE_MAX);
		return FALSE;
	}
	if (value[0] == '{')
		return device_parse_json(value, dev, error);
	parts = split_opts(value);
	for (guint i = 0; i < parts->len; i++) {
		const char *part = parts->pdata[i];
		const char *eq = strchr(part, '=');

		if (i == 0 && !eq) {
			dev->driver = g_strdup(part);
		} else if (eq && strncmp(part, "driver=", 7) == 0) {
			g_free(dev->driver);
			dev->driver = g_strdup(eq + 1);
		} else if (strncmp(part, "romfile=", 8) == 0) {
			dev->has_romfile = TRUE;
		} else if (strncmp(part, "romsize=", 8) == 0) {
			dev->has_romsize = TRUE;
		}
	}
	if (!dev->driver || !*dev->driver) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': no driver", value);
		qemu_device_clear(dev);
		return FALSE;
	}
	return TRUE;
}

/* ---- -machine, -nic, -net ---- */

char *qemu_machine_from_option(const char *value)
{
	g_autoptr(GPtrArray) parts = split_opts(value);

	for (guint i = 0; i < parts->len; i++) {
		const char *part = parts->pdata[i];
		if (i == 0 && !strchr(part, '='))
			return *part ? g_strdup(part) : NULL;
		if (strncmp(part, "type=", 5) == 0)
			return part[5] ? g_strdup(part + 5) : NULL;
	}
	return NULL;
}

/* model= of a -nic or -net nic value (@first: the first part must be this,
 * or NULL for any), or NULL. */
static char *nic_model(const char *value, const char *first)
{
	g_autoptr(GPtrArray) parts = split_opts(value);
	char *model = NULL;

	if (first && strcmp(parts->pdata[0], first) != 0)
		return NULL;
	for (guint i = 1; i < parts->len; i++) {
		const char *part = parts->pdata[i];
		if (strncmp(part, "model=", 6) == 0 && part[6]) {
			g_free(model);
			model = g_strdup(part + 6);
		}
	}
	/* QEMU's pci_nic_init: model "virtio" is virtio-net-pci. */
	if (model && strcmp(model, "virtio") == 0) {
		g_free(model);
		model = g_strdup("virtio-net-pci");
	}
	return model;
}

void qemu_scan_clear(QemuScan *scan)
{
	g_clear_pointer(&scan->machine, g_free);
	g_clear_pointer(&scan->devices, g_ptr_array_unref);
	g_clear_pointer(&scan->nic_models, g_ptr_array_unref);
	g_clear_pointer(&scan->unknown, g_ptr_array_unref);
	scan->no_user_config = FALSE;
	scan->default_vga_off = FALSE;
}

/* QEMU's vl.c default_list, its display drivers: a -device or a -global
 * that names one turns the machine's default VGA off. */
static const char *const default_vga_drivers[] = {
    "VGA",	  "isa-vga", "cirrus-vga",     "isa-cirrus-vga", "vmware-svga", "qxl-vga",
    "virtio-vga", "ati-vga", "vhost-user-vga", "virtio-vga-gl",	 NULL,
};

/* The QOM parent types (hw/display) that reach those without being in the
 * list, and the other types under each parent. */
static const struct {
	const char *type, *parent;
} vga_parents[] = {
    {"VGA", "pci-vga"},
    {"qxl-vga", "pci-qxl"},
    {"virtio-vga", "virtio-vga-base"},
    {"virtio-vga-gl", "virtio-vga-base"},
    {"vhost-user-vga", "virtio-vga-base"},
};
static const struct {
	const char *type, *parent;
} vga_siblings[] = {
    {"secondary-vga", "pci-vga"},
    {"qxl", "pci-qxl"},
};

static gboolean is_default_vga(const char *driver)
{
	if (!driver)
		return FALSE;
	for (const char *const *d = default_vga_drivers; *d; d++)
		if ((*d)[0] == driver[0] && strcmp(*d, driver) == 0)
			return TRUE;
	return FALSE;
}

/* The driver a -global value names ("drv.prop=v", "driver=drv,..."). */
static char *global_driver(const char *value)
{
	size_t n = strcspn(value, ".=");
	g_autoptr(GPtrArray) parts = NULL;

	if (value[n] == '.')
		return g_strndup(value, n);
	parts = split_opts(value);
	for (guint i = 0; i < parts->len; i++)
		if (g_str_has_prefix(parts->pdata[i], "driver="))
			return g_strdup((char *)parts->pdata[i] + 7);
	return NULL;
}

static void scan_value(QemuScan *scan, const char *opt, const char *value)
{
	char *s = NULL;

	if (strcmp(opt, "M") == 0 || strcmp(opt, "machine") == 0) {
		if ((s = qemu_machine_from_option(value))) {
			g_free(scan->machine);
			scan->machine = s;
		}
	} else if (strcmp(opt, "device") == 0) {
		g_auto(QemuDevice) dev = {0};
		if (qemu_device_parse(value, &dev, NULL) && is_default_vga(dev.driver))
			scan->default_vga_off = TRUE;
		g_ptr_array_add(scan->devices, g_strdup(value));
	} else if (strcmp(opt, "vga") == 0) {
		scan->default_vga_off = TRUE;
	} else if (strcmp(opt, "global") == 0) {
		g_autofree char *driver = global_driver(value);
		if (is_default_vga(driver))
			scan->default_vga_off = TRUE;
	} else if (strcmp(opt, "nic") == 0 && (s = nic_model(value, NULL))) {
		g_ptr_array_add(scan->nic_models, s);
	} else if (strcmp(opt, "net") == 0 && (s = nic_model(value, "nic"))) {
		g_ptr_array_add(scan->nic_models, s);
	}
}

gboolean qemu_args_scan(char *const *argv, const QemuOptions *opts, QemuScan *scan)
{
	qemu_scan_clear(scan);
	scan->devices = g_ptr_array_new_with_free_func(g_free);
	scan->nic_models = g_ptr_array_new_with_free_func(g_free);
	scan->unknown = g_ptr_array_new_with_free_func(g_free);
	for (int i = 1; argv[i]; i++) {
		const char *opt = qemu_option_name(argv[i]);

		if (!opt)
			continue; /* a disk image */
		switch (qemu_options_get(opts, opt)) {
		case QEMU_OPTION_UNKNOWN:
			g_ptr_array_add(scan->unknown, g_strdup(opt));
			return FALSE;
		case QEMU_OPTION_FLAG:
		case QEMU_OPTION_INVALID: /* QEMU stops at it anyway */
			if (strcmp(opt, "no-user-config") == 0 || strcmp(opt, "nodefconfig") == 0)
				scan->no_user_config = TRUE;
			if (strcmp(opt, "nodefaults") == 0)
				scan->default_vga_off = TRUE;
			break;
		case QEMU_OPTION_ARG:
			if (!argv[i + 1])
				return TRUE; /* QEMU: "requires an argument" */
			scan_value(scan, opt, argv[++i]);
			break;
		}
	}
	return TRUE;
}

char *qemu_machine_resolve(const char *machine, const QemuMachines *machines)
{
	g_autofree char *dflt = machine ? NULL : qemu_machines_default(machines);
	const char *name = machine ? machine : dflt;
	char *alias;

	if (!name)
		return NULL;
	alias = qemu_machines_alias(machines, name);
	return alias ? alias : g_strdup(name);
}

/* ---- what exec adds ---- */

/* "-global", "DRIVER.PROP=VALUE": @globals borrows, @strings holds. */
static void add_global(GPtrArray *globals, GStringChunk *strings, const char *driver,
		       const char *prop, const char *value)
{
	size_t d = strlen(driver), p = strlen(prop), v = strlen(value);
	char buf[256], *g = d + p + v + 3 <= sizeof(buf) ? buf : g_malloc(d + p + v + 3);

	memcpy(g, driver, d);
	g[d] = '.';
	memcpy(g + d + 1, prop, p);
	g[d + 1 + p] = '=';
	memcpy(g + d + p + 2, value, v + 1);
	g_ptr_array_add(globals, (gpointer) "-global");
	g_ptr_array_add(globals, g_string_chunk_insert_len(strings, g, (gssize)(d + p + v + 2)));
	if (g != buf)
		g_free(g);
}

/* A romfile that cannot exist (/dev/null is no directory), saying why. */
static char *unresolved_romfile(const char *romfile, const char *arch, const char *machine)
{
	return g_strdup_printf("/dev/null/romresolve found no usable %s for %s, machine %s "
			       "(see: romresolve explain %s --arch %s --machine %s)",
			       romfile, arch, machine, romfile, arch, machine);
}

/* What one ROM name resolves to, for every device type that loads it (the
 * e1000 and eepro100 families, for one, share theirs). */
typedef struct {
	const char *name; /* the ROM name (the context's string) */
	char *romfile;	  /* the -global value */
	char *romsize;	  /* NULL: not pinned */
	GError *error;	  /* NULL: it resolved */
} Answer;

/* A device type's answer, and the device types whose ROM failed. */
typedef struct {
	GArray *answers;	  /* Answer, one per ROM name */
	GPtrArray *failed_device; /* device type (the context's string) ... */
	GPtrArray *failed_answer; /* ... -> index in answers */
} Answers;

static void answers_clear(Answers *all)
{
	for (guint i = 0; all->answers && i < all->answers->len; i++) {
		Answer *a = &g_array_index(all->answers, Answer, i);
		g_free(a->romfile);
		g_free(a->romsize);
		g_clear_error(&a->error);
	}
	g_clear_pointer(&all->answers, g_array_unref);
	g_clear_pointer(&all->failed_device, g_ptr_array_unref);
	g_clear_pointer(&all->failed_answer, g_ptr_array_unref);
}

/* Resolve @device's ROM: its answer, or NULL when it gets nothing (no ROM
 * in the table, or a compat property). A ROM name is looked up once. */
static const Answer *device_value(RomresolveContext *ctx, const char *device, const char *arch,
				  const char *machine, Answers *all)
{
	const char *romfile = romresolve_context_get_device_romfile(ctx, device, arch, machine);
	g_autoptr(RomresolveResult) r = NULL;
	Answer a = {romfile, NULL, NULL, NULL};
	guint i;

	if (!romfile || !*romfile)
		return NULL;
	for (i = 0; i < all->answers->len; i++)
		if (strcmp(g_array_index(all->answers, Answer, i).name, romfile) == 0)
			break;
	if (i == all->answers->len) {
		r = romresolve_context_resolve(ctx, romfile, arch, machine, ROMRESOLVE_LOOKUP_ROM,
					       &a.error);
		if (!r) {
			a.romfile = unresolved_romfile(romfile, arch, machine);
		} else if (romresolve_result_is_no_rom(r)) {
			a.romfile = g_strdup("");
		} else {
			a.romfile = g_strdup(romresolve_result_get_path(r));
			if (romresolve_result_is_romsize_pinned(r))
				a.romsize = g_strdup_printf("%" G_GUINT64_FORMAT,
							    romresolve_result_get_romsize(r));
		}
		g_array_append_val(all->answers, a);
	}
	if (g_array_index(all->answers, Answer, i).error) {
		g_ptr_array_add(all->failed_device, (gpointer)device);
		g_ptr_array_add(all->failed_answer, GUINT_TO_POINTER(i));
	}
	return &g_array_index(all->answers, Answer, i);
}

/* A device the command line names whose ROM did not resolve: the error. */
static gboolean check_named(const Answers *all, const QemuDevices *devices, const char *what,
			    const char *name, GError **error)
{
	const char *type = qemu_devices_lookup(devices, name);
	const GError *why = NULL;

	/* The last failure recorded for the type. */
	for (guint i = 0; type && i < all->failed_device->len; i++)
		if (strcmp(all->failed_device->pdata[i], type) == 0)
			why = g_array_index(all->answers, Answer,
					    GPOINTER_TO_UINT(all->failed_answer->pdata[i]))
				  .error;
	if (!why)
		return TRUE;
	g_set_error(error, why->domain, why->code, "%s %s: %s", what, name, why->message);
	return FALSE;
}

static void add_value(GPtrArray *globals, GStringChunk *strings, const char *driver,
		      const Answer *a)
{
	add_global(globals, strings, driver, "romfile", a->romfile);
	if (a->romsize)
		add_global(globals, strings, driver, "romsize", a->romsize);
}

static const char *vga_parent(const char *type)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vga_parents); i++)
		if (strcmp(vga_parents[i].type, type) == 0)
			return vga_parents[i].parent;
	return NULL;
}

gboolean qemu_args_globals(RomresolveContext *ctx, const char *arch, const char *machine,
			   const QemuDevices *devices, const QemuScan *scan, GPtrArray *globals,
			   GStringChunk *strings, GError **error)
{
	Answers all = {g_array_new(FALSE, FALSE, sizeof(Answer)), g_ptr_array_new(),
		       g_ptr_array_new()};
	const char *parents[G_N_ELEMENTS(vga_parents)];
	guint n_parents = 0;
	gboolean ok = FALSE;

	for (const char *const *d = romresolve_context_get_devices(ctx); *d; d++) {
		const char *parent;
		const Answer *a;
		guint i;

		/* Only types this binary has: a -global for another is a
		 * warning in every QEMU start. */
		if (!qemu_devices_has_type(devices, *d) ||
		    !(a = device_value(ctx, *d, arch, machine, &all)))
			continue;
		if ((parent = vga_parent(*d))) {
			for (i = 0; i < n_parents && strcmp(parents[i], parent) != 0; i++)
				;
			if (i == n_parents) {
				parents[n_parents++] = parent;
				add_value(globals, strings, parent, a);
			}
		} else if (!is_default_vga(*d) || scan->default_vga_off) {
			add_value(globals, strings, *d, a);
		}
	}
	/* The secondary types under a parent that got a -global: their own
	 * entry, or none (as their class has none). */
	for (size_t i = 0; i < G_N_ELEMENTS(vga_siblings); i++) {
		const Answer *a = NULL;
		guint j;

		for (j = 0; j < n_parents && strcmp(parents[j], vga_siblings[i].parent) != 0; j++)
			;
		if (j == n_parents || !qemu_devices_has_type(devices, vga_siblings[i].type))
			continue;
		if (romresolve_context_get_device_romfile(ctx, vga_siblings[i].type, arch, machine))
			a = device_value(ctx, vga_siblings[i].type, arch, machine, &all);
		add_global(globals, strings, vga_siblings[i].type, "romfile", a ? a->romfile : "");
		if (a && a->romsize)
			add_global(globals, strings, vga_siblings[i].type, "romsize", a->romsize);
	}
	for (guint i = 0; i < scan->devices->len; i++) {
		g_auto(QemuDevice) dev = {0};

		/* What exec cannot read, QEMU judges. */
		if (qemu_device_parse(scan->devices->pdata[i], &dev, NULL) && !dev.has_romfile &&
		    !check_named(&all, devices, "-device", dev.driver, error))
			goto out;
	}
	for (guint i = 0; i < scan->nic_models->len; i++)
		if (!check_named(&all, devices, "NIC model", scan->nic_models->pdata[i], error))
			goto out;
	ok = TRUE;
out:
	answers_clear(&all);
	return ok;
}

char **qemu_args_rewrite(char *const *argv, GPtrArray *globals)
{
	guint n = 1 + (globals ? globals->len : 0), i = 0;
	size_t size;
	char **out, *p;

	for (int a = 1; argv[a]; a++)
		n++;
	size = (n + 1) * sizeof(char *);
	for (int a = 0; argv[a]; a++)
		size += strlen(argv[a]) + 1;
	for (guint g = 0; globals && g < globals->len; g++)
		size += strlen(globals->pdata[g]) + 1;
	out = g_malloc(size);
	p = (char *)(out + n + 1);
#define REWRITE_ADD(s)                                                                             \
	do {                                                                                       \
		size_t len_ = strlen(s) + 1;                                                       \
		out[i++] = memcpy(p, (s), len_);                                                   \
		p += len_;                                                                         \
	} while (0)
	REWRITE_ADD(argv[0]);
	for (guint g = 0; globals && g < globals->len; g++)
		REWRITE_ADD((const char *)globals->pdata[g]);
	for (int a = 1; argv[a]; a++)
		REWRITE_ADD(argv[a]);
#undef REWRITE_ADD
	out[i] = NULL;
	return out;
}
