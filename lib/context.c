/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The context: one loaded configuration, immutable, reference counted. */
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

G_DEFINE_QUARK(romresolve - error - quark, romresolve_error)

static void device_free(RomresolveDevice *device)
{
	g_free(device->name);
	g_free(device->romfile);
	g_free(device);
}

RomresolveContext *romresolve_context_alloc(const char *root)
{
	RomresolveContext *ctx = g_new0(RomresolveContext, 1);
	g_autofree char *canon = root && *root ? g_canonicalize_filename(root, NULL) : NULL;

	g_atomic_int_set(&ctx->ref, 1);
	ctx->dirs = g_ptr_array_new_with_free_func((GDestroyNotify)romresolve_dir_free);
	ctx->rules = g_ptr_array_new_with_free_func((GDestroyNotify)romresolve_rule_free);
	ctx->devices = g_ptr_array_new_with_free_func((GDestroyNotify)device_free);
	ctx->files = g_ptr_array_new_with_free_func(g_free);
	ctx->shadowed = g_ptr_array_new_with_free_func(g_free);
	ctx->device_names = g_ptr_array_new();
	ctx->dir_index = g_hash_table_new(g_str_hash, g_str_equal);
	ctx->rule_index = g_hash_table_new(g_str_hash, g_str_equal);
	ctx->device_index = g_hash_table_new(g_str_hash, g_str_equal);
	ctx->root = g_strdup(canon && strcmp(canon, "/") != 0 ? canon : "");
	return ctx;
}

/* The root must be a directory that exists. */
static gboolean check_root(const char *root, GError **error)
{
	struct stat st;

	if (!root || !*root)
		return TRUE;
	if (stat(root, &st) < 0) {
		int e = errno;
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_IO, "root %s: %s", root,
			    g_strerror(e));
		return FALSE;
	}
	if (!S_ISDIR(st.st_mode)) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_IO,
			    "root %s: Not a directory", root);
		return FALSE;
	}
	return TRUE;
}

const char *romresolve_context_add_file(RomresolveContext *ctx, const char *file)
{
	/* The file list owns the names; sections point into it. */
	g_ptr_array_add(ctx->files, g_strdup(file));
	return ctx->files->pdata[ctx->files->len - 1];
}

void romresolve_context_finish(RomresolveContext *ctx)
{
	romresolve_dirs_sort(ctx->dirs);
	romresolve_dirs_inspect(ctx->dirs);
	for (guint i = 0; i < romresolve_devices_n_builtin(); i++)
		g_ptr_array_add(ctx->device_names, (gpointer)romresolve_devices_builtin_name(i));
	for (guint i = 0; i < ctx->devices->len; i++) {
		const char *name = ((RomresolveDevice *)ctx->devices->pdata[i])->name;
		if (!romresolve_devices_base_romfile(name))
			g_ptr_array_add(ctx->device_names, (gpointer)name);
	}
	g_ptr_array_add(ctx->device_names, NULL);
	g_ptr_array_add(ctx->files, NULL);
	g_ptr_array_add(ctx->shadowed, NULL);
}

GPtrArray *romresolve_context_filter(GPtrArray *items, const char *arch, const char *machine,
				     RomresolveAppliesFunc applies, GError **error)
{
	GPtrArray *out;

	if (arch && !romresolve_arch_validate(arch, error))
		return NULL;
	if (machine && !romresolve_machine_validate(machine, error))
		return NULL;
	out = g_ptr_array_new();
	for (guint i = 0; i < items->len; i++)
		/* Neither given: the whole config. */
		if ((!arch && !machine) || applies(items->pdata[i], arch, machine))
			g_ptr_array_add(out, items->pdata[i]);
	return out;
}

int romresolve_str_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **romresolve_config_dirs_default(const char *user_config_home)
{
	GPtrArray *dirs = g_ptr_array_new();

	if (user_config_home)
		g_ptr_array_add(dirs,
				g_build_filename(user_config_home, "qemu", "romresolve.d", NULL));
	g_ptr_array_add(dirs, g_strdup("/etc/qemu/romresolve.d"));
	g_ptr_array_add(dirs, g_strdup("/usr/share/qemu/romresolve.d"));
	g_ptr_array_add(dirs, NULL);
	return (char **)g_ptr_array_free(dirs, FALSE);
}

RomresolveContext *romresolve_context_new(const char *root, const char *const *config_dirs,
					  GError **error)
{
	g_autoptr(RomresolveContext) ctx = NULL;
	g_auto(GStrv) defaults = NULL;
	g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
	gboolean found = FALSE;

	if (!check_root(root, error))
		return NULL;
	ctx = romresolve_context_alloc(root);
	if (!config_dirs) {
		defaults = romresolve_config_dirs_default(NULL);
		config_dirs = (const char *const *)defaults;
	}
	if (!romresolve_dropin_collect(ctx->root, config_dirs, paths, ctx->shadowed, &found, error))
		return NULL;

	if (!found) {
		ctx->is_default = TRUE;
		if (!romresolve_config_parse(ctx, ROMRESOLVE_DEFAULT_NAME, romresolve_default_conf,
					     strlen(romresolve_default_conf), error))
			return NULL;
	}
	for (guint i = 0; i < paths->len; i++) {
		const char *path = paths->pdata[i];
		g_autofree char *data = NULL;
		g_autoptr(GError) local = NULL;
		gsize len;

		if (!g_file_get_contents(path, &data, &len, &local)) {
			g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_IO, "%s",
				    local->message);
			return NULL;
		}
		if (!romresolve_config_parse(ctx, path, data, len, error))
			return NULL;
	}
	romresolve_context_finish(ctx);
	return g_steal_pointer(&ctx);
}

RomresolveContext *romresolve_context_new_from_data(const char *root, const char *filename,
						    const char *data, gsize len, GError **error)
{
	g_autoptr(RomresolveContext) ctx = romresolve_context_alloc(root);

	if (!romresolve_config_parse(ctx, filename, data, len, error))
		return NULL;
	romresolve_context_finish(ctx);
	return g_steal_pointer(&ctx);
}

RomresolveContext *romresolve_context_ref(RomresolveContext *ctx)
{
	if (ctx)
		g_atomic_int_inc(&ctx->ref);
	return ctx;
}

void romresolve_context_unref(RomresolveContext *ctx)
{
	if (!ctx || !g_atomic_int_dec_and_test(&ctx->ref))
		return;
	g_hash_table_unref(ctx->dir_index);
	g_hash_table_unref(ctx->rule_index);
	g_hash_table_unref(ctx->device_index);
	g_ptr_array_unref(ctx->device_names);
	g_ptr_array_unref(ctx->dirs);
	g_ptr_array_unref(ctx->rules);
	g_ptr_array_unref(ctx->devices);
	g_ptr_array_unref(ctx->files);
	g_ptr_array_unref(ctx->shadowed);
	g_free(ctx->root);
	g_free(ctx);
}

const char *romresolve_context_get_root(const RomresolveContext *ctx)
{
	return ctx->root;
}

gboolean romresolve_context_is_default(const RomresolveContext *ctx)
{
	return ctx->is_default;
}

const char *const *romresolve_context_get_files(const RomresolveContext *ctx)
{
	return (const char *const *)ctx->files->pdata;
}

const char *const *romresolve_context_get_shadowed(const RomresolveContext *ctx)
{
	return (const char *const *)ctx->shadowed->pdata;
}

const char *romresolve_context_get_device_romfile(const RomresolveContext *ctx, const char *device,
						  const char *arch, const char *machine)
{
	const RomresolveDevice *d;
	const char *romfile;

	if (!device)
		return NULL;
	/* A machine type's compat property beats every class default, a
	 * [device] section's included: it is what the guest saw on that machine
	 * type, and migration depends on it. */
	romfile = romresolve_devices_compat_romfile(device, arch, machine);
	if (romfile)
		return romfile;
	d = g_hash_table_lookup(ctx->device_index, device);
	if (d)
		return d->romfile;
	return romresolve_devices_base_romfile(device);
}

const char *const *romresolve_context_get_devices(const RomresolveContext *ctx)
{
	return (const char *const *)ctx->device_names->pdata;
}
