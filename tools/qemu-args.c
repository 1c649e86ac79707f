/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading and rewriting a QEMU command line for `romresolve exec`. */
#include "qemu-args.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* QEMU options that take no argument; every other option takes one. */
static const char *const flag_options[] = {
    "S",
    "s",
    "snapshot",
    "nographic",
    "daemonize",
    "no-reboot",
    "no-shutdown",
    "enable-kvm",
    "nodefaults",
    "no-user-config",
    "version",
    "h",
    "help",
    "full-screen",
    "no-hpet",
    "win2k-hack",
    "no-acpi",
    "no-fd-bootchk",
    "only-migratable",
    "preconfig",
    "no-frame",
    "alt-grab",
    "ctrl-grab",
    "singlestep",
    "enable-sync-profile",
    "semihosting",
    "mem-prealloc",
    "xen-attach",
    "perfmap",
    "jitdump",
    "curses",
    "sdl",
    "portrait",
    "no-quit",
    "nodefconfig",
    "one-insn-per-tb",
    NULL,
};

/* "-device" and "--device" -> "device"; NULL for a non-option. */
static const char *option_name(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return NULL;
	return arg[1] == '-' ? arg + 2 : arg + 1;
}

static gboolean option_takes_arg(const char *name)
{
	return !g_strv_contains(flag_options, name);
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

/* ---- -machine help ---- */

QemuMachines *qemu_machines_parse(const char *help_text)
{
	QemuMachines *m = g_new0(QemuMachines, 1);
	g_auto(GStrv) lines = g_strsplit(help_text, "\n", -1);

	m->alias = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	m->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (char **l = lines; *l; l++) {
		const char *alias = strstr(*l, "(alias of ");
		g_autofree char *name = NULL;
		size_t n = strcspn(*l, " \t");

		if (n == 0 || g_str_has_prefix(*l, "Supported machines"))
			continue;
		name = g_strndup(*l, n);
		if (alias) {
			const char *start = alias + strlen("(alias of ");
			size_t len = strcspn(start, ")");
			g_hash_table_insert(m->alias, g_strdup(name), g_strndup(start, len));
		}
		if (strstr(*l, "(default)") && !m->default_machine)
			m->default_machine = g_strdup(name);
		g_hash_table_add(m->names, g_steal_pointer(&name));
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

static gboolean device_parse_json(const char *value, QemuDevice *dev, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) local = NULL;
	JsonObject *obj;
	JsonNode *driver;

	if (!json_parser_load_from_data(parser, value, -1, &local) ||
	    !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': not a JSON object%s%s", value, local ? ": " : "",
			    local ? local->message : "");
		return FALSE;
	}
	obj = json_node_get_object(json_parser_get_root(parser));
	driver = json_object_get_member(obj, "driver");
	if (!driver || !JSON_NODE_HOLDS_VALUE(driver) ||
	    json_node_get_value_type(driver) != G_TYPE_STRING || !*json_node_get_string(driver)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "-device '%s': no \"driver\" string", value);
		return FALSE;
	}
	dev->driver = g_strdup(json_node_get_string(driver));
	dev->json = TRUE;
	dev->has_romfile = json_object_has_member(obj, "romfile");
	dev->has_romsize = json_object_has_member(obj, "romsize");
	return TRUE;
}

gboolean qemu_device_parse(const char *value, QemuDevice *dev, GError **error)
{
	g_autoptr(GPtrArray) parts = NULL;

	memset(dev, 0, sizeof(*dev));
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

char *qemu_device_add_rom(const char *value, const QemuDevice *dev, const char *romfile,
			  uint64_t romsize, gboolean add_romsize)
{
	if (dev->json) {
		g_autoptr(JsonParser) parser = json_parser_new();
		g_autoptr(JsonGenerator) gen = json_generator_new();
		JsonObject *obj;

		if (!json_parser_load_from_data(parser, value, -1, NULL))
			return NULL;
		obj = json_node_get_object(json_parser_get_root(parser));
		json_object_set_string_member(obj, "romfile", romfile);
		if (add_romsize)
			json_object_set_int_member(obj, "romsize", (gint64)romsize);
		json_generator_set_root(gen, json_parser_get_root(parser));
		return json_generator_to_data(gen, NULL);
	} else {
		g_autoptr(GString) out = g_string_new(value);
		size_t commas = 0;

		/* QEMU accepts a trailing separator ("e1000,"); another comma
		 * after it would make ",," an escaped comma in the value. A run
		 * of commas ends in a separator when it is odd (",," pairs). */
		while (commas < out->len && out->str[out->len - 1 - commas] == ',')
			commas++;
		if (commas % 2)
			g_string_truncate(out, out->len - 1);
		g_string_append(out, ",romfile=");
		for (const char *p = romfile; *p; p++) {
			if (*p == ',')
				g_string_append_c(out, ',');
			g_string_append_c(out, *p);
		}
		if (add_romsize)
			g_string_append_printf(out, ",romsize=%" G_GUINT64_FORMAT, romsize);
		return g_string_free(g_steal_pointer(&out), FALSE);
	}
}

/* ---- -machine ---- */

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

char *qemu_args_machine(char *const *argv, const QemuMachines *machines, gboolean *passthrough)
{
	g_autofree char *machine = NULL;
	const char *alias;

	*passthrough = FALSE;
	for (int i = 1; argv[i]; i++) {
		const char *opt = option_name(argv[i]);

		if (!opt)
			continue;
		if (!option_takes_arg(opt)) {
			if (strcmp(opt, "h") == 0 || strcmp(opt, "help") == 0 ||
			    strcmp(opt, "version") == 0)
				*passthrough = TRUE;
			continue;
		}
		if (!argv[i + 1])
			break;
		if (strcmp(argv[i + 1], "help") == 0 || strcmp(argv[i + 1], "?") == 0 ||
		    g_str_has_suffix(argv[i + 1], ",help"))
			*passthrough = TRUE;
		if (strcmp(opt, "M") == 0 || strcmp(opt, "machine") == 0) {
			g_autofree char *m = qemu_machine_from_option(argv[i + 1]);
			if (m) {
				g_free(machine);
				machine = g_steal_pointer(&m);
			}
		}
		i++;
	}
	if (!machine && machines && machines->default_machine)
		machine = g_strdup(machines->default_machine);
	if (machine && machines && (alias = g_hash_table_lookup(machines->alias, machine))) {
		g_free(machine);
		machine = g_strdup(alias);
	}
	return g_steal_pointer(&machine);
}

char **qemu_args_rewrite(RomresolveContext *ctx, char *const *argv, const char *arch,
			 const QemuMachines *machines, GError **error)
{
	g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
	g_autofree char *machine = NULL;
	gboolean passthrough;

	machine = qemu_args_machine(argv, machines, &passthrough);
	g_ptr_array_add(out, g_strdup(argv[0]));
	for (int i = 1; argv[i]; i++) {
		const char *opt = option_name(argv[i]);
		g_auto(QemuDevice) dev = {0};
		g_autoptr(RomresolveResult) r = NULL;
		const char *romfile;

		g_ptr_array_add(out, g_strdup(argv[i]));
		if (!opt || !option_takes_arg(opt) || !argv[i + 1])
			continue;
		i++;
		if (passthrough || strcmp(opt, "device") != 0) {
			g_ptr_array_add(out, g_strdup(argv[i]));
			continue;
		}
		if (!qemu_device_parse(argv[i], &dev, error))
			return NULL;
		romfile = romresolve_context_get_device_romfile(ctx, dev.driver, arch, machine);
		if (!romfile || !*romfile || dev.has_romfile) {
			g_ptr_array_add(out, g_strdup(argv[i]));
			continue;
		}
		r = romresolve_context_resolve(ctx, romfile, arch, machine, ROMRESOLVE_LOOKUP_ROM,
					       error);
		if (!r) {
			g_prefix_error(error, "-device %s: ", dev.driver);
			return NULL;
		}
		g_ptr_array_add(out, romresolve_result_is_no_rom(r)
					 /* No ROM on this machine type: QEMU's romfile="". */
					 ? qemu_device_add_rom(argv[i], &dev, "", 0, FALSE)
					 : qemu_device_add_rom(
					       argv[i], &dev, romresolve_result_get_path(r),
					       romresolve_result_get_romsize(r), !dev.has_romsize));
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(g_steal_pointer(&out), FALSE);
}
