/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Device classes as a QEMU binary's -global check sees them; see classes.h. */
#include "classes.h"

#include <stdlib.h>
#include <string.h>

struct QemuClasses {
	GHashTable *kinds; /* name -> QemuClassKind */
};

static QemuClasses *classes_new(void)
{
	QemuClasses *c = g_new0(QemuClasses, 1);

	c->kinds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return c;
}

void qemu_classes_free(QemuClasses *c)
{
	if (!c)
		return;
	g_hash_table_unref(c->kinds);
	g_free(c);
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
	QemuClasses *c = classes_new();

	for (const char *const *n = names; *n; n++) {
		QemuClassKind kind = QEMU_CLASS_PLUG;

		if (reported(err_text, *n, " has invalid class name"))
			kind = QEMU_CLASS_ABSENT;
		else if (reported(err_text, *n, "=" QEMU_CLASSES_PROBE_VALUE " not used"))
			kind = QEMU_CLASS_FIXED;
		g_hash_table_insert(c->kinds, g_strdup(*n), GINT_TO_POINTER(kind));
	}
	return c;
}

QemuClassKind qemu_classes_get(const QemuClasses *c, const char *name)
{
	return (QemuClassKind)GPOINTER_TO_INT(g_hash_table_lookup(c->kinds, name));
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *qemu_classes_to_table(const QemuClasses *c)
{
	g_autofree const char **names =
	    (const char **)g_hash_table_get_keys_as_array(c->kinds, NULL);
	guint n = g_hash_table_size(c->kinds);
	GString *out = g_string_new(NULL);

	qsort(names, n, sizeof(*names), compare_names);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(out, "%s %d\n", names[i],
				       (int)qemu_classes_get(c, names[i]));
	return g_string_free(out, FALSE);
}

QemuClasses *qemu_classes_parse_table(const char *table)
{
	g_autoptr(QemuClasses) c = classes_new();
	g_auto(GStrv) lines = g_strsplit(table, "\n", -1);

	for (char **l = lines; *l; l++) {
		const char *sp = strrchr(*l, ' ');

		if (!**l && !l[1])
			break; /* the last line's end */
		if (!sp || sp == *l || sp[1] < '1' || sp[1] > '3' || sp[2] ||
		    strcspn(*l, " \t") != (size_t)(sp - *l))
			return NULL;
		g_hash_table_insert(c->kinds, g_strndup(*l, (size_t)(sp - *l)),
				    GINT_TO_POINTER(sp[1] - '0'));
	}
	return g_steal_pointer(&c);
}
