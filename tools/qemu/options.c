/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's option table (its `-help`); see options.h. */
#include "options.h"

#include <string.h>

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
