/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a QEMU command line for `romresolve exec`; see qemu-args.h. */
#include "qemu-args.h"

#include "json.h"
#include <string.h>

/* ---- the option table ---- */

struct QemuOptions {
	GHashTable *kind; /* name -> GINT_TO_POINTER(QemuOptionKind) */
};

/* The column QEMU's -help starts each description in. */
#define HELP_COLUMN 16

QemuOptions *qemu_options_new(void)
{
	QemuOptions *opts = g_new0(QemuOptions, 1);

	opts->kind = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return opts;
}

void qemu_options_free(QemuOptions *opts)
{
	if (!opts)
		return;
	g_hash_table_unref(opts->kind);
	g_free(opts);
}

void qemu_options_set(QemuOptions *opts, const char *name, QemuOptionKind kind)
{
	g_hash_table_insert(opts->kind, g_strdup(name), GINT_TO_POINTER(kind));
}

QemuOptionKind qemu_options_get(const QemuOptions *opts, const char *name)
{
	return GPOINTER_TO_INT(g_hash_table_lookup(opts->kind, name));
}

guint qemu_options_size(const QemuOptions *opts)
{
	return g_hash_table_size(opts->kind);
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

QemuOptions *qemu_options_parse_table(const char *table)
{
	g_autoptr(QemuOptions) opts = qemu_options_new();
	g_auto(GStrv) lines = g_strsplit(table, "\n", -1);

	for (char **l = lines; *l; l++) {
		const char *sp = strchr(*l, ' ');
		if (!**l)
			continue;
		if (!sp || !valid_option_name(*l, (size_t)(sp - *l)) || sp[1] < '1' ||
		    sp[1] > '3' || sp[2] != '\0')
			return NULL;
		g_hash_table_insert(opts->kind, g_strndup(*l, (size_t)(sp - *l)),
				    GINT_TO_POINTER(sp[1] - '0'));
	}
	return g_steal_pointer(&opts);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *qemu_options_to_table(const QemuOptions *opts)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autofree const char **names =
	    (const char **)g_hash_table_get_keys_as_array(opts->kind, NULL);
	guint n = g_hash_table_size(opts->kind);

	qsort(names, n, sizeof(*names), compare_names);
	for (guint i = 0; i < n; i++)
		g_string_append_printf(out, "%s %d\n", names[i], qemu_options_get(opts, names[i]));
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

/* The next line of @text at *@pos: its start, its length through @len;
 * NULL at the end. Walks the text in place (no copy per line). */
static const char *next_line(const char *text, size_t *pos, size_t *len)
{
	const char *line = text + *pos, *end;

	if (!*line)
		return NULL;
	end = strchrnul(line, '\n');
	*len = (size_t)(end - line);
	*pos += *len + (*end == '\n');
	return line;
}

QemuMachines *qemu_machines_parse(const char *help_text)
{
	QemuMachines *m = g_new0(QemuMachines, 1);
	const char *l;
	size_t pos = 0, len;

	m->alias = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	m->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while ((l = next_line(help_text, &pos, &len))) {
		static const char of[] = "(alias of ";
		const char *alias = memmem(l, len, of, strlen(of));
		size_t n = strcspn(l, " \t\n");
		char *name;

		if (n == 0 || g_str_has_prefix(l, "Supported machines"))
			continue;
		name = g_strndup(l, n);
		if (alias) {
			const char *start = alias + strlen(of);
			size_t alen = strcspn(start, ")\n");
			g_hash_table_insert(m->alias, g_strdup(name), g_strndup(start, alen));
		}
		if (!m->default_machine && memmem(l, len, "(default)", strlen("(default)")))
			m->default_machine = g_strdup(name);
		g_hash_table_add(m->names, name);
	}
	return m;
}

void qemu_machines_free(QemuMachines *m)
{
	if (!m)
		return;
	g_hash_table_unref(m->alias);
	g_hash_table_unref(m->names);
	g_free(m->default_machine);
	g_free(m);
}

/* The string from @start to the next '"' before @end: its length, or 0
 * if there is none (or it is empty). */
static size_t quoted(const char *start, const char *end)
{
	const char *q = start < end ? memchr(start, '"', (size_t)(end - start)) : NULL;

	return q ? (size_t)(q - start) : 0;
}

GHashTable *qemu_devices_parse(const char *help_text)
{
	/* name -> name, alias -> name: a type is a key that maps to itself.
	 * The table owns its keys; a value is the key of its type's entry
	 * (type entries are never replaced, so the values stay valid). */
	static const char name_key[] = "name \"", alias_key[] = ", alias \"";
	GHashTable *types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	/* The aliases, found in one forward scan of the whole text. */
	const char *alias = strstr(help_text, alias_key);
	const char *l;
	size_t pos = 0, len;

	while ((l = next_line(help_text, &pos, &len))) {
		const char *end = l + len, *old;
		size_t nlen, alen;
		char *type;

		while (alias && alias < l)
			alias = strstr(alias + 1, alias_key);
		if (len <= strlen(name_key) || memcmp(l, name_key, strlen(name_key)) != 0 ||
		    !(nlen = quoted(l + strlen(name_key), end)))
			continue;
		type = g_strndup(l + strlen(name_key), nlen);
		old = g_hash_table_lookup(types, type);
		if (old && strcmp(old, type) == 0) { /* a type listed twice */
			g_free(type);
			type = (char *)old;
		} else {
			g_hash_table_replace(types, type, type); /* over an alias */
		}
		if (alias && alias < end && (alen = quoted(alias + strlen(alias_key), end))) {
			char *a = g_strndup(alias + strlen(alias_key), alen);
			if (g_hash_table_contains(types, a))
				g_free(a);
			else
				g_hash_table_insert(types, a, type);
		}
	}
	return types;
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
	return driver && g_strv_contains(default_vga_drivers, driver);
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
	const char *name = machine ? machine : machines->default_machine;
	const char *alias;

	if (!name)
		return NULL;
	alias = g_hash_table_lookup(machines->alias, name);
	return g_strdup(alias ? alias : name);
}

/* ---- what exec adds ---- */

static void add_global(GPtrArray *globals, const char *driver, const char *prop, const char *value)
{
	g_ptr_array_add(globals, g_strdup("-global"));
	g_ptr_array_add(globals, g_strdup_printf("%s.%s=%s", driver, prop, value));
}

/* A romfile that cannot exist (/dev/null is no directory), saying why. */
static char *unresolved_romfile(const char *romfile, const char *arch, const char *machine)
{
	return g_strdup_printf("/dev/null/romresolve found no usable %s for %s, machine %s "
			       "(see: romresolve explain %s --arch %s --machine %s)",
			       romfile, arch, machine, romfile, arch, machine);
}

/* A device the command line names whose ROM did not resolve: the error. */
static gboolean check_named(GHashTable *failed, GHashTable *devices, const char *what,
			    const char *name, GError **error)
{
	const char *type = g_hash_table_lookup(devices, name);
	const GError *why = type ? g_hash_table_lookup(failed, type) : NULL;

	if (!why)
		return TRUE;
	g_set_error(error, why->domain, why->code, "%s %s: %s", what, name, why->message);
	return FALSE;
}

/* What one device type gets: its -global values, or nothing. */
typedef struct {
	char *romfile; /* NULL: nothing (unknown, no ROM, a compat property) */
	char *romsize; /* NULL: not pinned */
} Value;

static void value_clear(Value *v)
{
	g_clear_pointer(&v->romfile, g_free);
	g_clear_pointer(&v->romsize, g_free);
}

/* One ROM name's answer, for every device type that loads it. */
typedef struct {
	Value v;
	GError *error; /* NULL: it resolved */
} Answer;

static void answer_free(gpointer data)
{
	Answer *a = data;

	value_clear(&a->v);
	g_clear_error(&a->error);
	g_free(a);
}

/* Resolve @device's ROM; a failure goes into @failed. A ROM name is looked
 * up once (@answers: name -> Answer): the e1000 and eepro100 families, for
 * one, share theirs. */
static void device_value(RomresolveContext *ctx, const char *device, const char *arch,
			 const char *machine, GHashTable *answers, GHashTable *failed, Value *v)
{
	const char *romfile = romresolve_context_get_device_romfile(ctx, device, arch, machine);
	Answer *a;

	memset(v, 0, sizeof(*v));
	if (!romfile || !*romfile)
		return;
	if (!(a = g_hash_table_lookup(answers, romfile))) {
		g_autoptr(RomresolveResult) r = NULL;

		a = g_new0(Answer, 1);
		r = romresolve_context_resolve(ctx, romfile, arch, machine, ROMRESOLVE_LOOKUP_ROM,
					       &a->error);
		if (!r) {
			a->v.romfile = unresolved_romfile(romfile, arch, machine);
		} else if (romresolve_result_is_no_rom(r)) {
			a->v.romfile = g_strdup("");
		} else {
			a->v.romfile = g_strdup(romresolve_result_get_path(r));
			if (romresolve_result_is_romsize_pinned(r))
				a->v.romsize = g_strdup_printf("%" G_GUINT64_FORMAT,
							       romresolve_result_get_romsize(r));
		}
		g_hash_table_insert(answers, (gpointer)romfile, a);
	}
	v->romfile = g_strdup(a->v.romfile);
	v->romsize = g_strdup(a->v.romsize);
	if (a->error)
		g_hash_table_insert(failed, (gpointer)device, g_error_copy(a->error));
}

static void add_value(GPtrArray *globals, const char *driver, const Value *v)
{
	add_global(globals, driver, "romfile", v->romfile);
	if (v->romsize)
		add_global(globals, driver, "romsize", v->romsize);
}

static const char *vga_parent(const char *type)
{
	for (size_t i = 0; i < G_N_ELEMENTS(vga_parents); i++)
		if (strcmp(vga_parents[i].type, type) == 0)
			return vga_parents[i].parent;
	return NULL;
}

/* A type of this binary (not an alias) that the table has. */
static gboolean binary_has(GHashTable *devices, const char *type)
{
	const char *t = g_hash_table_lookup(devices, type);
	return t && strcmp(t, type) == 0;
}

gboolean qemu_args_globals(RomresolveContext *ctx, const char *arch, const char *machine,
			   GHashTable *devices, const QemuScan *scan, GPtrArray *globals,
			   GError **error)
{
	g_autoptr(GHashTable) failed =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_error_free);
	g_autoptr(GHashTable) parents = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) answers =
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, answer_free);

	for (const char *const *d = romresolve_context_get_devices(ctx); *d; d++) {
		const char *parent = vga_parent(*d);
		Value v;

		/* Only types this binary has: a -global for another is a
		 * warning in every QEMU start. */
		if (!binary_has(devices, *d))
			continue;
		device_value(ctx, *d, arch, machine, answers, failed, &v);
		if (!v.romfile)
			continue;
		if (parent) {
			if (!g_hash_table_contains(parents, parent)) {
				g_hash_table_add(parents, (gpointer)parent);
				add_value(globals, parent, &v);
			}
		} else if (!is_default_vga(*d) || scan->default_vga_off) {
			add_value(globals, *d, &v);
		}
		value_clear(&v);
	}
	/* The secondary types under a parent that got a -global: their own
	 * entry, or none (as their class has none). */
	for (size_t i = 0; i < G_N_ELEMENTS(vga_siblings); i++) {
		Value v = {0};

		if (!g_hash_table_contains(parents, vga_siblings[i].parent) ||
		    !binary_has(devices, vga_siblings[i].type))
			continue;
		if (romresolve_context_get_device_romfile(ctx, vga_siblings[i].type, arch, machine))
			device_value(ctx, vga_siblings[i].type, arch, machine, answers, failed, &v);
		add_global(globals, vga_siblings[i].type, "romfile", v.romfile ? v.romfile : "");
		if (v.romsize)
			add_global(globals, vga_siblings[i].type, "romsize", v.romsize);
		value_clear(&v);
	}
	for (guint i = 0; i < scan->devices->len; i++) {
		g_auto(QemuDevice) dev = {0};

		/* What exec cannot read, QEMU judges. */
		if (qemu_device_parse(scan->devices->pdata[i], &dev, NULL) && !dev.has_romfile &&
		    !check_named(failed, devices, "-device", dev.driver, error))
			return FALSE;
	}
	for (guint i = 0; i < scan->nic_models->len; i++)
		if (!check_named(failed, devices, "NIC model", scan->nic_models->pdata[i], error))
			return FALSE;
	return TRUE;
}

char **qemu_args_rewrite(char *const *argv, GPtrArray *globals)
{
	g_autoptr(GPtrArray) out = g_ptr_array_new_null_terminated(0, g_free, TRUE);

	g_ptr_array_add(out, g_strdup(argv[0]));
	for (guint i = 0; i < globals->len; i++)
		g_ptr_array_add(out, g_strdup(globals->pdata[i]));
	for (int i = 1; argv[i]; i++)
		g_ptr_array_add(out, g_strdup(argv[i]));
	return (char **)g_ptr_array_steal(out, NULL);
}
