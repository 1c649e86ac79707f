/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The -global arguments exec adds; see globals.h. */
#include "globals.h"

#include "device.h"
#include "vga.h"

#include <string.h>

/* What one ROM name resolves to, for every device type that loads it (the
 * e1000 and eepro100 families, for one, share theirs). */
typedef struct {
	const char *name; /* the ROM name (the context's string) */
	char *path;	  /* the file; NULL: none (no ROM, or it failed) */
	char *romsize;	  /* NULL: not pinned */
	gboolean no_rom;  /* a no-rom rule: the guest gets none */
	GError *error;	  /* NULL: it resolved */
} Answer;

typedef struct {
	RomresolveContext *ctx;
	const char *arch;
	const char *machine;
	const QemuDevices *devices;
	const QemuClasses *classes;
	GHashTable *created;	  /* the classes the command line makes a device of */
	GHashTable *given;	  /* the classes given a -global */
	GArray *answers;	  /* Answer, one per ROM name */
	GPtrArray *failed_device; /* device type (the context's string) ... */
	GPtrArray *failed_answer; /* ... -> index in answers */
	GPtrArray *globals;
	GStringChunk *strings;
} Builder;

static void builder_clear(Builder *b)
{
	for (guint i = 0; b->answers && i < b->answers->len; i++) {
		Answer *a = &g_array_index(b->answers, Answer, i);
		g_free(a->path);
		g_free(a->romsize);
		g_clear_error(&a->error);
	}
	g_clear_pointer(&b->answers, g_array_unref);
	g_clear_pointer(&b->failed_device, g_ptr_array_unref);
	g_clear_pointer(&b->failed_answer, g_ptr_array_unref);
	g_clear_pointer(&b->created, g_hash_table_unref);
	g_clear_pointer(&b->given, g_hash_table_unref);
}

/* "-global", "DRIVER.PROP=VALUE": @globals borrows, @strings holds. */
static void add_global(Builder *b, const char *driver, const char *prop, const char *value)
{
	size_t d = strlen(driver), p = strlen(prop), v = strlen(value);
	char buf[256], *g = d + p + v + 3 <= sizeof(buf) ? buf : g_malloc(d + p + v + 3);

	memcpy(g, driver, d);
	g[d] = '.';
	memcpy(g + d + 1, prop, p);
	g[d + 1 + p] = '=';
	memcpy(g + d + p + 2, value, v + 1);
	g_ptr_array_add(b->globals, (gpointer) "-global");
	g_ptr_array_add(b->globals,
			g_string_chunk_insert_len(b->strings, g, (gssize)(d + p + v + 2)));
	if (g != buf)
		g_free(g);
}

/* Resolve @device's ROM: its answer, or NULL when it gets nothing (no ROM
 * in the table, or a compat property). A ROM name is looked up once. */
static const Answer *device_answer(Builder *b, const char *device)
{
	const char *romfile =
	    romresolve_context_get_device_romfile(b->ctx, device, b->arch, b->machine);
	g_autoptr(RomresolveResult) r = NULL;
	Answer a = {romfile, NULL, NULL, FALSE, NULL};
	guint i;

	if (!romfile || !*romfile)
		return NULL;
	for (i = 0; i < b->answers->len; i++)
		if (strcmp(g_array_index(b->answers, Answer, i).name, romfile) == 0)
			break;
	if (i == b->answers->len) {
		r = romresolve_context_resolve(b->ctx, romfile, b->arch, b->machine,
					       ROMRESOLVE_LOOKUP_ROM, &a.error);
		if (r && romresolve_result_is_no_rom(r)) {
			a.no_rom = TRUE;
		} else if (r) {
			a.path = g_strdup(romresolve_result_get_path(r));
			if (romresolve_result_is_romsize_pinned(r))
				a.romsize = g_strdup_printf("%" G_GUINT64_FORMAT,
							    romresolve_result_get_romsize(r));
		}
		g_array_append_val(b->answers, a);
	}
	if (g_array_index(b->answers, Answer, i).error) {
		g_ptr_array_add(b->failed_device, (gpointer)device);
		g_ptr_array_add(b->failed_answer, GUINT_TO_POINTER(i));
	}
	return &g_array_index(b->answers, Answer, i);
}

/* A romfile that cannot exist (/dev/null is no directory), whose text is
 * the reason, one line (the lookup's error names the ROM, the target and
 * the machine type): QEMU quotes it when it refuses the device. */
static char *unresolved_romfile(const Builder *b, const char *device, const GError *why)
{
	g_autofree char *msg =
	    g_strdup_printf("/dev/null/romresolve: %s: %s", device, why->message);

	for (char *p = msg; *p; p++)
		if (g_ascii_iscntrl(*p))
			*p = ' ';
	return g_steal_pointer(&msg);
}

/* Give @driver (a type, or the parent carrying @device's ROM) @a. */
static void give(Builder *b, const char *driver, const char *device, const Answer *a)
{
	g_autofree char *failed = a->error ? unresolved_romfile(b, device, a->error) : NULL;

	g_hash_table_add(b->given, (gpointer)driver);
	add_global(b, driver, "romfile", failed ? failed : a->path ? a->path : "");
	if (a->romsize)
		add_global(b, driver, "romsize", a->romsize);
}

/* A -global for @cls is used, or may be: the class is there (or a device of
 * it is made, which loads its module) and its devices may be hot-plugged
 * (or one is made). */
static gboolean wanted(const Builder *b, const char *cls)
{
	if (g_hash_table_contains(b->given, cls))
		return FALSE;
	if (!b->classes)
		return TRUE;
	return qemu_classes_get(b->classes, cls) == QEMU_CLASS_PLUG ||
	       g_hash_table_contains(b->created, cls);
}

/* The type a name of the command line stands for, and its VGA parent. */
static void add_created(Builder *b, const char *name)
{
	const char *type = qemu_devices_lookup(b->devices, name);
	const char *parent;

	if (!type)
		return;
	g_hash_table_add(b->created, (gpointer)type);
	if ((parent = exec_vga_parent(type)))
		g_hash_table_add(b->created, (gpointer)parent);
}

static void find_created(Builder *b, const ExecScan *scan)
{
	const char *vga = scan->vga ? exec_vga_interface_class(scan->vga) : NULL;

	for (guint i = 0; i < scan->devices->len; i++) {
		g_auto(ExecDevice) dev = {0};

		if (exec_device_parse(scan->devices->pdata[i], &dev, NULL)) {
			add_created(b, dev.driver);
			/* The type's own string outlives dev.driver. */
		}
	}
	for (guint i = 0; i < scan->nic_models->len; i++)
		add_created(b, scan->nic_models->pdata[i]);
	if (vga)
		add_created(b, vga);
}

/* A device the command line names whose ROM did not resolve: the error. */
static gboolean check_named(const Builder *b, const char *what, const char *name, GError **error)
{
	const char *type = qemu_devices_lookup(b->devices, name);
	const GError *why = NULL;

	/* The last failure recorded for the type. */
	for (guint i = 0; type && i < b->failed_device->len; i++)
		if (strcmp(b->failed_device->pdata[i], type) == 0)
			why = g_array_index(b->answers, Answer,
					    GPOINTER_TO_UINT(b->failed_answer->pdata[i]))
				  .error;
	if (!why)
		return TRUE;
	g_set_error(error, why->domain, why->code, "%s %s: %s", what, name, why->message);
	return FALSE;
}

/* The default VGA stays: its family's ROMs through the QOM parents, then
 * the other types under a parent that got one (their own entry, or none
 * as their class has none). */
static void give_parents(Builder *b)
{
	for (const char *const *d = romresolve_context_get_devices(b->ctx); *d; d++) {
		const char *parent = exec_vga_parent(*d);
		const Answer *a;

		if (parent && exec_vga_is_default_driver(*d) &&
		    qemu_devices_has_type(b->devices, *d) && wanted(b, parent) &&
		    (a = device_answer(b, *d)))
			give(b, parent, *d, a);
	}
	for (guint i = 0; exec_vga_siblings[i]; i++) {
		const char *s = exec_vga_siblings[i];
		const Answer *a = NULL;
		static const Answer none = {0};

		if (!g_hash_table_contains(b->given, exec_vga_sibling_parents[i]) ||
		    !qemu_devices_has_type(b->devices, s) || !wanted(b, s))
			continue;
		if (romresolve_context_get_device_romfile(b->ctx, s, b->arch, b->machine))
			a = device_answer(b, s);
		give(b, s, s, a ? a : &none);
	}
}

static int compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **exec_globals_classes(RomresolveContext *ctx, const QemuDevices *devices)
{
	GPtrArray *set = g_ptr_array_new();
	GPtrArray *out;

	for (const char *const *d = romresolve_context_get_devices(ctx); *d; d++) {
		const char *parent = exec_vga_parent(*d);

		if (!qemu_devices_has_type(devices, *d))
			continue;
		g_ptr_array_add(set, (gpointer)*d);
		if (parent)
			g_ptr_array_add(set, (gpointer)parent);
	}
	for (guint i = 0; exec_vga_siblings[i]; i++)
		if (qemu_devices_has_type(devices, exec_vga_siblings[i]))
			for (guint j = 0; j < set->len; j++)
				if (strcmp(set->pdata[j], exec_vga_sibling_parents[i]) == 0) {
					g_ptr_array_add(set, (gpointer)exec_vga_siblings[i]);
					break;
				}
	g_ptr_array_sort(set, compare_names);
	out = g_ptr_array_new_null_terminated(set->len, g_free, TRUE);
	for (guint i = 0; i < set->len; i++)
		if (i == 0 || strcmp(set->pdata[i - 1], set->pdata[i]) != 0)
			g_ptr_array_add(out, g_strdup(set->pdata[i]));
	g_ptr_array_unref(set);
	return (char **)g_ptr_array_free(out, FALSE);
}

gboolean exec_globals(RomresolveContext *ctx, const char *arch, const char *machine,
		      const QemuDevices *devices, const QemuClasses *classes, const ExecScan *scan,
		      GPtrArray *globals, GStringChunk *strings, GError **error)
{
	Builder b = {ctx,
		     arch,
		     machine,
		     devices,
		     classes,
		     g_hash_table_new(g_str_hash, g_str_equal),
		     g_hash_table_new(g_str_hash, g_str_equal),
		     g_array_new(FALSE, FALSE, sizeof(Answer)),
		     g_ptr_array_new(),
		     g_ptr_array_new(),
		     globals,
		     strings};
	gboolean ok = FALSE;

	find_created(&b, scan);
	if (!scan->default_vga_off)
		give_parents(&b);
	for (const char *const *d = romresolve_context_get_devices(ctx); *d; d++) {
		const Answer *a;

		/* Only types this binary has: a -global for another is a
		 * warning in every QEMU start. */
		if (!qemu_devices_has_type(devices, *d) || !wanted(&b, *d) ||
		    (!scan->default_vga_off && exec_vga_is_default_driver(*d)) ||
		    !(a = device_answer(&b, *d)))
			continue;
		give(&b, *d, *d, a);
	}
	for (guint i = 0; i < scan->devices->len; i++) {
		g_auto(ExecDevice) dev = {0};

		/* What exec cannot read, QEMU judges. */
		if (exec_device_parse(scan->devices->pdata[i], &dev, NULL) && !dev.has_romfile &&
		    !check_named(&b, "-device", dev.driver, error))
			goto out;
	}
	for (guint i = 0; i < scan->nic_models->len; i++)
		if (!check_named(&b, "NIC model", scan->nic_models->pdata[i], error))
			goto out;
	ok = TRUE;
out:
	builder_clear(&b);
	return ok;
}

char **exec_argv_rewrite(char *const *argv, GPtrArray *globals)
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
