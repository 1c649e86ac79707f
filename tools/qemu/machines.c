/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's machine types (its `-machine help`); see machines.h. */
#include "machines.h"

#include <string.h>

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

char *qemu_machines_resolve(const QemuMachines *m, const char *name)
{
	g_autofree char *dflt = name ? NULL : qemu_machines_default(m);
	char *alias;

	if (!name)
		name = dflt;
	if (!name)
		return NULL;
	alias = qemu_machines_alias(m, name);
	return alias ? alias : g_strdup(name);
}

/* Each line that names a machine: @fn(name, its length, alias?, @data). */
static void machines_foreach(const QemuMachines *m,
			     void (*fn)(const char *name, size_t len, gboolean alias, void *data),
			     void *data)
{
	size_t pos = 0, len, n;
	const char *l;

	while ((l = next_line(m->text, m->len, &pos, &len)))
		if ((n = machine_line(l, len)))
			fn(l, n, memmem(l, len, "(alias of ", strlen("(alias of ")) != NULL, data);
}

static void add_type(const char *name, size_t len, gboolean alias, void *data)
{
	GPtrArray *out = data;

	if (alias)
		return;
	for (guint i = 0; i < out->len; i++)
		if (strlen(out->pdata[i]) == len && memcmp(out->pdata[i], name, len) == 0)
			return;
	g_ptr_array_add(out, g_strndup(name, len));
}

char **qemu_machines_list(const QemuMachines *m)
{
	GPtrArray *out = g_ptr_array_new_null_terminated(64, g_free, TRUE);

	machines_foreach(m, add_type, out);
	return (char **)g_ptr_array_free(out, FALSE);
}

static void add_alias(const char *name, size_t len, gboolean alias, void *data)
{
	GPtrArray *out = data;

	if (!alias)
		return;
	for (guint i = 0; i < out->len; i += 2)
		if (strlen(out->pdata[i]) == len && memcmp(out->pdata[i], name, len) == 0)
			return;
	g_ptr_array_add(out, g_strndup(name, len));
	g_ptr_array_add(out, NULL); /* its type, below */
}

char **qemu_machines_aliases(const QemuMachines *m)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	machines_foreach(m, add_alias, out);
	for (guint i = 0; i < out->len; i += 2)
		out->pdata[i + 1] = qemu_machines_alias(m, out->pdata[i]);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

/* Edits (insert, delete, replace) from @a to @b, counted up to @limit + 1. */
static guint edit_distance(const char *a, size_t la, const char *b, size_t lb, guint limit)
{
	g_autofree guint *row = g_new(guint, lb + 1);
	guint best;

	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (guint)j;
	for (size_t i = 1; i <= la; i++) {
		guint diag = row[0];

		row[0] = (guint)i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			guint up = row[j];
			guint v = MIN(MIN(up + 1, row[j - 1] + 1), diag + (a[i - 1] != b[j - 1]));

			diag = up;
			row[j] = v;
			best = MIN(best, v);
		}
		if (best > limit)
			return limit + 1;
	}
	return row[lb];
}

typedef struct {
	const char *name;
	size_t len;
	guint limit;
	GPtrArray *names;  /* candidates, in the binary's order */
	GArray *distances; /* guint, one per candidate */
} Closest;

static void add_close(const char *name, size_t len, gboolean alias, void *data)
{
	Closest *c = data;
	guint d;

	(void)alias;
	for (guint i = 0; i < c->names->len; i++)
		if (strlen(c->names->pdata[i]) == len && memcmp(c->names->pdata[i], name, len) == 0)
			return;
	/* A name that begins with the one asked for ("pc-q35" -> every
	 * pc-q35-X.Y) comes first; then the ones a few edits away. */
	if (len > c->len && memcmp(name, c->name, c->len) == 0)
		d = 0;
	else if ((d = edit_distance(c->name, c->len, name, len, c->limit)) > c->limit)
		return;
	g_ptr_array_add(c->names, g_strndup(name, len));
	g_array_append_val(c->distances, d);
}

char **qemu_machines_closest(const QemuMachines *m, const char *name, guint max)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GArray) distances = g_array_new(FALSE, FALSE, sizeof(guint));
	GPtrArray *out = g_ptr_array_new_null_terminated(max, g_free, TRUE);
	size_t len = strlen(name);
	Closest c = {name, len, MAX(2, (guint)MIN(len, 64) / 3), names, distances};

	if (len == 0 || len > 256)
		return (char **)g_ptr_array_free(out, FALSE);
	machines_foreach(m, add_close, &c);
	for (guint d = 0; d <= c.limit && out->len < max; d++)
		for (guint i = 0; i < names->len && out->len < max; i++)
			if (g_array_index(distances, guint, i) == d)
				g_ptr_array_add(out, g_strdup(names->pdata[i]));
	return (char **)g_ptr_array_free(out, FALSE);
}
