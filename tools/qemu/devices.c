/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's device types (its `-device help`); see devices.h. */
#include "devices.h"

#include <string.h>

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

guint qemu_devices_get_n_types(const QemuDevices *d)
{
	return d->n_types;
}

const char *qemu_devices_get_type(const QemuDevices *d, guint i)
{
	g_return_val_if_fail(i < d->n_types, NULL);
	return d->types[i];
}

int qemu_device_prop_default_on(const char *help_text, const char *prop)
{
	size_t n = strlen(prop);

	for (const char *line = help_text; line && *line;) {
		const char *end = strchr(line, '\n');
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, prop, n) == 0 && p[n] == '=') {
			g_autofree char *text = g_strndup(p, end ? (gsize)(end - p) : strlen(p));
			return strstr(text, "(default: on)") || strstr(text, "(default: true)") ? 1
												: 0;
		}
		line = end ? end + 1 : NULL;
	}
	return -1;
}
