/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's facts, asked of it and cached; see binary.h. */
#include "binary.h"

#include "datadirs.h"
#include "version.h"

#include <romresolve.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <glib-unix.h>
#include <unistd.h>

struct QemuBinary {
	char *path; /* as found: what is run */
	char *key;  /* its cache key */
	QemuCache *cache;
	QemuOptions *options;
	QemuMachines *machines;
	QemuDevices *devices;
};

char *qemu_target_from_binary(const char *binary)
{
	g_autofree char *base = g_path_get_basename(binary);
	const char *prefix = "qemu-system-";

	if (!g_str_has_prefix(base, prefix) ||
	    !romresolve_arch_validate(base + strlen(prefix), NULL))
		return NULL;
	return g_strdup(base + strlen(prefix));
}

QemuBinary *qemu_binary_new(const char *path, const char *cache_dir, GError **error)
{
	g_autofree char *key = qemu_cache_key(path);
	QemuBinary *b;

	if (!key) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT, "%s: %s",
			    path, g_strerror(errno));
		return NULL;
	}
	b = g_new0(QemuBinary, 1);
	b->path = g_strdup(path);
	b->key = g_steal_pointer(&key);
	b->cache = qemu_cache_open(cache_dir);
	return b;
}

void qemu_binary_free(QemuBinary *b)
{
	if (!b)
		return;
	g_free(b->path);
	g_free(b->key);
	qemu_cache_free(b->cache);
	qemu_options_free(b->options);
	qemu_machines_free(b->machines);
	qemu_devices_free(b->devices);
	g_free(b);
}

const char *qemu_binary_get_path(const QemuBinary *b)
{
	return b->path;
}

/* @path lies inside @root (both canonical). */
static gboolean inside(const char *path, const char *root)
{
	size_t n = strlen(root);

	return strcmp(root, "/") != 0 && strncmp(path, root, n) == 0 &&
	       (path[n] == '/' || path[n] == '\0');
}

QemuBinary *qemu_binary_find(const char *qemu, const char *arch, const char *root,
			     const char *cache_dir, GError **error)
{
	g_autofree char *name = qemu ? g_strdup(qemu) : g_strconcat("qemu-system-", arch, NULL);

	g_return_val_if_fail(qemu || arch, NULL);
	g_autofree char *path = g_find_program_in_path(name);
	char real[PATH_MAX], real_root[PATH_MAX];

	if (!path) {
		if (qemu)
			g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
				    "--qemu %s: no such program", qemu);
		return NULL;
	}
	/* A packager may check a build tree as root: nothing of the tree
	 * runs, wherever its links lead. */
	if (root && *root && realpath(root, real_root) && realpath(path, real) &&
	    inside(real, real_root)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s is inside --root %s: romresolve never runs a binary of the tree "
			    "(give the host's with --qemu)",
			    path, root);
		return NULL;
	}
	return qemu_binary_new(path, cache_dir, error);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **qemu_binaries_on_path(const char *root)
{
	g_auto(GStrv) dirs = g_strsplit(g_getenv("PATH") ? g_getenv("PATH") : "", ":", -1);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *out = g_ptr_array_new_null_terminated(4, g_free, TRUE);
	char real[PATH_MAX], real_root[PATH_MAX];
	gboolean rooted = root && *root && realpath(root, real_root);

	for (char **d = dirs; *d; d++) {
		g_autoptr(GDir) dir = **d == '/' ? g_dir_open(*d, 0, NULL) : NULL;
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		const char *name;

		while (dir && (name = g_dir_read_name(dir)))
			if (g_str_has_prefix(name, "qemu-system-"))
				g_ptr_array_add(names, g_strdup(name));
		g_ptr_array_sort(names, compare_names);
		for (guint i = 0; i < names->len; i++) {
			g_autofree char *target = qemu_target_from_binary(names->pdata[i]);
			g_autofree char *path = NULL;

			if (!target || g_hash_table_contains(seen, names->pdata[i]))
				continue;
			path = g_build_filename(*d, names->pdata[i], NULL);
			if (!g_file_test(path, G_FILE_TEST_IS_EXECUTABLE) ||
			    (rooted && realpath(path, real) && inside(real, real_root)))
				continue;
			g_hash_table_add(seen, g_strdup(names->pdata[i]));
			g_ptr_array_add(out, g_steal_pointer(&path));
		}
	}
	return (char **)g_ptr_array_free(out, FALSE);
}

/* In the child, before exec: @data's fd becomes its stdin. */
static void stdin_from(gpointer data)
{
	int fd = GPOINTER_TO_INT(data);

	if (fd >= 0)
		(void)dup2(fd, STDIN_FILENO);
}

char *qemu_binary_run(QemuBinary *b, const char *const *args, const char *input, gboolean *ok,
		      char **err_out, GError **error)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree char *out = NULL, *err = NULL;
	int wait_status, fds[2] = {-1, -1};
	gboolean spawned;

	g_ptr_array_add(argv, b->path);
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (gpointer)*a);
	g_ptr_array_add(argv, NULL);
	/* A few bytes of input: they fit in the pipe, written before the
	 * child runs. */
	if (input) {
		size_t len = strlen(input);

		if (!g_unix_open_pipe(fds, FD_CLOEXEC, error))
			return NULL;
		if (len > 4096 || write(fds[1], input, len) != (ssize_t)len) {
			close(fds[0]);
			close(fds[1]);
			g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_IO,
				    "%s: cannot write its input", b->path);
			return NULL;
		}
		close(fds[1]);
	}
	spawned = g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT,
			       input ? stdin_from : NULL, GINT_TO_POINTER(fds[0]), &out, &err,
			       &wait_status, error);
	if (fds[0] >= 0)
		close(fds[0]);
	if (!spawned)
		return NULL;
	*ok = g_spawn_check_wait_status(wait_status, NULL);
	if (err_out) {
		*err_out = g_steal_pointer(&err);
	} else if (!*ok) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s %s failed: %s", b->path, args[0], g_strstrip(err));
		return NULL;
	}
	if (strlen(out) > QEMU_OUTPUT_MAX) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s %s: more than %d bytes of output", b->path, args[0],
			    QEMU_OUTPUT_MAX);
		return NULL;
	}
	return g_steal_pointer(&out);
}

/* What the binary prints for @args, from the cache or from a run. */
static char *cached_text(QemuBinary *b, const char *what, const char *const *args, GError **error)
{
	g_autofree char *text = qemu_cache_get(b->cache, b->key, what);
	gboolean ok;

	if (text)
		return g_steal_pointer(&text);
	text = qemu_binary_run(b, args, NULL, &ok, NULL, error);
	if (text)
		qemu_cache_put(b->cache, b->key, what, text);
	return g_steal_pointer(&text);
}

const QemuDevices *qemu_binary_get_devices(QemuBinary *b, GError **error)
{
	static const char *const args[] = {"-device", "help", NULL};
	/* "devices2": older commands keep their "devices" (the help text). */
	static const char what[] = "devices2";
	g_autofree char *help = NULL;
	char *table;

	if (b->devices)
		return b->devices;
	table = qemu_cache_get(b->cache, b->key, what);
	if (table && (b->devices = qemu_devices_parse_table_owned(table)))
		return b->devices;
	if (!(help = qemu_binary_run(b, args, NULL, &(gboolean){0}, NULL, error)))
		return NULL;
	b->devices = qemu_devices_parse_owned(g_steal_pointer(&help));
	table = qemu_devices_to_table(b->devices);
	qemu_cache_put(b->cache, b->key, what, table);
	g_free(table);
	return b->devices;
}

gboolean qemu_binary_rom_resize(QemuBinary *b)
{
	/* The property is PCIDevice's: any PCI device type shows it. */
	static const char *const types[] = {"virtio-net-pci", "e1000", "rtl8139", "VGA",
					    "pci-bridge",     NULL};
	const QemuDevices *d = qemu_binary_get_devices(b, NULL);
	g_autofree char *help = NULL;
	const char *type = NULL;

	if (!d)
		return FALSE;
	for (const char *const *t = types; *t && !type; t++)
		if (qemu_devices_has_type(d, *t))
			type = *t;
	if (type) {
		g_autofree char *arg = g_strconcat(type, ",help", NULL);
		const char *args[] = {"-device", arg, NULL};

		/* A binary that cannot say (an odd build): no such feature. */
		help = cached_text(b, "romresize", args, NULL);
	}
	return help && qemu_device_prop_default_on(help, "x-rom-resize") == 1;
}

QemuOptions *qemu_binary_get_options(QemuBinary *b, GError **error)
{
	static const char *const args[] = {"-help", NULL};
	g_autofree char *table = NULL, *help = NULL;

	if (b->options)
		return b->options;
	table = qemu_cache_get(b->cache, b->key, "options");
	if (table && (b->options = qemu_options_parse_table(table)))
		return b->options;
	if (!(help = qemu_binary_run(b, args, NULL, &(gboolean){0}, NULL, error)))
		return NULL;
	b->options = qemu_options_parse_help(help);
	if (qemu_options_size(b->options) == 0) {
		g_clear_pointer(&b->options, qemu_options_free);
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s -help lists no options: not a QEMU system emulator?", b->path);
		return NULL;
	}
	g_free(table);
	table = qemu_options_to_table(b->options);
	qemu_cache_put(b->cache, b->key, "options", table);
	return b->options;
}

/* An option -help does not list (-M, -hdb, ...): `BINARY -version -NAME`
 * says whether it takes an argument, without starting anything. */
gboolean qemu_binary_probe_option(QemuBinary *b, const char *name, GError **error)
{
	g_autofree char *opt = g_strconcat("-", name, NULL);
	const char *const args[] = {"-version", opt, NULL};
	g_autofree char *out = NULL, *err = NULL, *table = NULL;
	gboolean ok;

	if (!qemu_binary_get_options(b, error))
		return FALSE;
	out = qemu_binary_run(b, args, NULL, &ok, &err, error);
	if (!out)
		return FALSE;
	qemu_options_set(b->options, name, qemu_options_kind_from_probe(ok, err));
	table = qemu_options_to_table(b->options);
	qemu_cache_put(b->cache, b->key, "options", table);
	return TRUE;
}

const QemuMachines *qemu_binary_get_machines(QemuBinary *b, GError **error)
{
	static const char *const args[] = {"-machine", "help", NULL};
	char *help;

	if (b->machines)
		return b->machines;
	if (!(help = cached_text(b, "machines", args, error)))
		return NULL;
	b->machines = qemu_machines_parse_owned(help);
	return b->machines;
}

char *qemu_binary_resolve_machine(QemuBinary *b, const char *machine, GError **error)
{
	const QemuMachines *m = qemu_binary_get_machines(b, error);
	g_autofree char *type = NULL, *hint = NULL;
	g_auto(GStrv) close = NULL;

	if (!m)
		return NULL;
	type = qemu_machines_resolve(m, machine);
	if (type && qemu_machines_has(m, type))
		return g_steal_pointer(&type);
	if (!machine) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s has no default machine type: give one with --machine", b->path);
		return NULL;
	}
	close = qemu_machines_closest(m, machine, 3);
	if (close[0]) {
		g_autofree char *list = g_strjoinv(", ", close);
		hint = g_strdup_printf(" (did you mean %s?)", list);
	}
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
		    "%s has no machine type '%s'%s", b->path, machine, hint ? hint : "");
	return NULL;
}

char **qemu_binary_get_machine_types(QemuBinary *b, GError **error)
{
	const QemuMachines *m = qemu_binary_get_machines(b, error);

	return m ? qemu_machines_list(m) : NULL;
}

char **qemu_binary_get_data_dirs(QemuBinary *b, GError **error)
{
	static const char *const args[] = {"-L", "help", NULL};
	g_autofree char *help = cached_text(b, "datadirs", args, error);

	return help ? qemu_data_dirs_parse(help) : NULL;
}

gboolean qemu_binary_get_version(QemuBinary *b, char **version, char **package, GError **error)
{
	static const char *const args[] = {"-version", NULL};
	g_autofree char *text = cached_text(b, "version", args, error);

	if (!text)
		return FALSE;
	if (!qemu_version_parse(text, version, package)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s -version: not a QEMU version", b->path);
		return FALSE;
	}
	return TRUE;
}

/* A name for the set @names in the cache: FNV-1a, 64 bits. Two sets of the
 * same name cost a probe (a table that lacks a name asked is not used),
 * never a wrong answer. */
static char *names_id(const char *const *names)
{
	guint64 h = 0xcbf29ce484222325u;

	for (const char *const *n = names; *n; n++)
		for (const unsigned char *p = (const unsigned char *)*n;; p++) {
			h = (h ^ *p) * 0x100000001b3u;
			if (!*p)
				break;
		}
	return g_strdup_printf("classes-%016" G_GINT64_MODIFIER "x", h);
}

QemuClasses *qemu_binary_get_classes(QemuBinary *b, const char *const *names, GError **error)
{
	/* One answer per set of names asked (the device table's types that
	 * the binary has, which a config may extend). */
	g_autofree char *what = names_id(names);
	char *table = qemu_cache_get(b->cache, b->key, what);
	g_auto(GStrv) args = NULL;
	g_autofree char *out = NULL, *err = NULL;
	QemuClasses *c = table ? qemu_classes_parse_table_owned(table) : NULL;
	gboolean ok;

	if (c && qemu_classes_has_all(c, names))
		return c;
	g_clear_pointer(&c, qemu_classes_free);
	args = qemu_classes_probe_args(names);
	out = qemu_binary_run(b, (const char *const *)args, QEMU_CLASSES_PROBE_INPUT, &ok, &err,
			      error);
	if (!out)
		return NULL;
	if (!ok) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
			    "%s -machine none failed: %s", b->path, g_strstrip(err));
		return NULL;
	}
	c = qemu_classes_parse_probe(names, err);
	table = qemu_classes_to_table(c);
	qemu_cache_put(b->cache, b->key, what, table);
	g_free(table);
	return c;
}
