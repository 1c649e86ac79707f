/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Device classes as a QEMU binary's -global check sees them; see classes.h. */
#include "classes.h"

#include <stdlib.h>
#include <string.h>

/* The classes, sorted by name (each once), with their kinds; the names lie
 * in @text (a parsed table, cut in place) or are owned (a probe's). */
typedef struct {
	const char *name;
	QemuClassKind kind;
} ClassEntry;

struct QemuClasses {
	ClassEntry *entries;
	guint n;
	char *text;
	GPtrArray *owned;
};

void qemu_classes_free(QemuClasses *c)
{
	if (!c)
		return;
	g_free(c->entries);
	g_free(c->text);
	if (c->owned)
		g_ptr_array_unref(c->owned);
	g_free(c);
}

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const ClassEntry *)a)->name, ((const ClassEntry *)b)->name);
}

char **qemu_classes_probe_args(const char *const *names)
{
	/* No device, no default device, no config, no display: only the
	 * -global check, then QMP's quit. */
	static const char *const fixed[] = {
	    "-machine", "none", "-nodefaults", "-no-user-config", "-S",
	    "-display", "none", "-qmp",	       "stdio",
	};
	GPtrArray *args = g_ptr_array_new_null_terminated(32, g_free, TRUE);

	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
		g_ptr_array_add(args, g_strdup(fixed[i]));
	for (const char *const *n = names; *n; n++) {
		g_ptr_array_add(args, g_strdup("-global"));
		g_ptr_array_add(args, g_strconcat(*n, ".romfile=" QEMU_CLASSES_PROBE_VALUE, NULL));
	}
	return (char **)g_ptr_array_free(args, FALSE);
}

/* "global NAME.romfile" followed by @rest in @err_text, at a word start. */
static gboolean reported(const char *err_text, const char *name, const char *rest)
{
	g_autofree char *needle = g_strconcat("global ", name, ".romfile", rest, NULL);
	size_t n = strlen(needle);

	for (const char *p = strstr(err_text, needle); p; p = strstr(p + 1, needle))
		if ((p == err_text || p[-1] == ' ') && (p[n] == '\n' || p[n] == '\0'))
			return TRUE;
	return FALSE;
}

QemuClasses *qemu_classes_parse_probe(const char *const *names, const char *err_text)
{
	QemuClasses *c = g_new0(QemuClasses, 1);
	guint n = g_strv_length((char **)names), out = 0;

	c->entries = g_new(ClassEntry, n + 1);
	c->owned = g_ptr_array_new_with_free_func(g_free);
	for (const char *const *nm = names; *nm; nm++) {
		QemuClassKind kind = QEMU_CLASS_PLUG;

		if (reported(err_text, *nm, " has invalid class name"))
			kind = QEMU_CLASS_ABSENT;
		else if (reported(err_text, *nm, "=" QEMU_CLASSES_PROBE_VALUE " not used"))
			kind = QEMU_CLASS_FIXED;
		g_ptr_array_add(c->owned, g_strdup(*nm));
		c->entries[out++] = (ClassEntry){c->owned->pdata[c->owned->len - 1], kind};
	}
	qsort(c->entries, out, sizeof(*c->entries), compare_entries);
	/* A name asked twice: once. */
	c->n = 0;
	for (guint i = 0; i < out; i++)
		if (c->n == 0 || strcmp(c->entries[c->n - 1].name, c->entries[i].name) != 0)
			c->entries[c->n++] = c->entries[i];
	return c;
}

QemuClassKind qemu_classes_get(const QemuClasses *c, const char *name)
{
	guint lo = 0, hi = c->n;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		int cmp = strcmp(c->entries[mid].name, name);

		if (cmp == 0)
			return c->entries[mid].kind;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return QEMU_CLASS_UNKNOWN;
}

char *qemu_classes_to_table(const QemuClasses *c)
{
	GString *out = g_string_new(NULL);

	for (guint i = 0; i < c->n; i++) {
		g_string_append(out, c->entries[i].name);
		g_string_append_c(out, ' ');
		g_string_append_c(out, (char)('0' + c->entries[i].kind));
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

QemuClasses *qemu_classes_parse_table_owned(char *table)
{
	g_autoptr(QemuClasses) c = g_new0(QemuClasses, 1);
	size_t len = strlen(table);
	char *p = table, *end = table + len;

	c->text = table;
	/* A line takes at least 4 bytes ("x 1\n"). */
	c->entries = g_new(ClassEntry, len / 4 + 1);
	/* NAME KIND lines, sorted by name, each once, as _to_table writes. */
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *sp;

		if (!nl || nl - p < 3)
			return NULL;
		sp = nl - 2;
		if (*sp != ' ' || sp[1] < '1' || sp[1] > '3' || memchr(p, ' ', (size_t)(sp - p)) ||
		    memchr(p, '\t', (size_t)(sp - p)))
			return NULL;
		*sp = '\0';
		if (c->n && strcmp(c->entries[c->n - 1].name, p) >= 0)
			return NULL;
		c->entries[c->n++] = (ClassEntry){p, (QemuClassKind)(sp[1] - '0')};
		p = nl + 1;
	}
	return g_steal_pointer(&c);
}

QemuClasses *qemu_classes_parse_table(const char *table)
{
	return qemu_classes_parse_table_owned(g_strdup(table));
}

gboolean qemu_classes_has_all(const QemuClasses *c, const char *const *names)
{
	for (const char *const *n = names; *n; n++)
		if (qemu_classes_get(c, *n) == QEMU_CLASS_UNKNOWN)
			return FALSE;
	return TRUE;
}
