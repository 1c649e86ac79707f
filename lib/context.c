/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Layer 3: the context: one loaded configuration, immutable, reference
 * counted. Its struct is private to this file.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct RomresolveContext {
	gint ref;
	RomresolveConfig *config;
	GPtrArray *shadowed;	 /* char *, NULL-terminated */
	GPtrArray *files;	 /* const char *, NULL-terminated: files applied */
	GPtrArray *problems;	 /* RomresolveProblem *, NULL-terminated */
	GPtrArray *device_names; /* const char *, NULL-terminated */
	char **search_path;	 /* the default's dirs: the caller's, else the build's */
	RomresolveContextFlags flags;
	gboolean is_default;
};

static RomresolveContext *context_alloc(const char *root, const char *const *search_path,
					RomresolveContextFlags flags)
{
	RomresolveContext *ctx = g_new0(RomresolveContext, 1);
	g_autofree char *canon = root && *root ? g_canonicalize_filename(root, NULL) : NULL;

	g_atomic_int_set(&ctx->ref, 1);
	ctx->config = romresolve_config_new(canon && strcmp(canon, "/") != 0 ? canon : "");
	ctx->shadowed = g_ptr_array_new_with_free_func(g_free);
	ctx->files = g_ptr_array_new();
	ctx->problems = g_ptr_array_new();
	ctx->device_names = g_ptr_array_new();
	ctx->search_path =
	    g_strdupv((char **)(search_path ? search_path : romresolve_default_dirs));
	ctx->flags = flags;
	return ctx;
}

/* The root must be a directory that exists, and that the caller can read
 * and search; @is_dir: a dir under it was opened, so it is one (no stat). */
static gboolean check_root(const char *root, gboolean is_dir, GError **error)
{
	struct stat st;

	if (!root || !*root)
		return TRUE;
	if (is_dir)
		st.st_mode = S_IFDIR;
	else if (stat(root, &st) < 0) {
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
	if (access(root, R_OK | X_OK) < 0) {
		int e = errno;
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_IO, "root %s: %s", root,
			    g_strerror(e));
		return FALSE;
	}
	return TRUE;
}

/* A dir of the search path must stand in a [dir] header as it is: absolute,
 * normal, without a blank, ']', '#' or ';'. NULL, or why not. */
static const char *search_dir_problem(const char *dir)
{
	g_autofree char *normal = g_strdup(dir);

	if (!romresolve_path_normalize(normal))
		return "is not an absolute path without . or .. components";
	if (strcmp(normal, dir) != 0)
		return "is not in normal form (no //, no trailing /)";
	if (strpbrk(dir, " \t\n\r\v\f]#;"))
		return "has a blank, ']', '#' or ';', which a [dir] header cannot hold";
	return NULL;
}

/* The embedded default: its head, a [dir] with the default's keys for each
 * dir of the search path (a dir that cannot be one is a problem of the
 * default, the others apply), its other sections. */
static char *default_text(RomresolveContext *ctx)
{
	GString *text = g_string_new(romresolve_default_head);

	for (char **d = ctx->search_path; *d; d++) {
		const char *why = search_dir_problem(*d);
		gboolean seen = FALSE;

		for (char **e = ctx->search_path; e < d && !seen; e++)
			seen = strcmp(*e, *d) == 0;
		if (why) {
			g_autofree char *msg = g_strdup_printf("search dir '%s' %s", *d, why);
			romresolve_config_add_problem(ctx->config, ROMRESOLVE_DEFAULT_NAME, 0, msg);
		} else if (!seen) {
			/* No printf: a few appends are cheaper, at each load. */
			g_string_append(text, "[dir ");
			g_string_append(text, *d);
			g_string_append(text, "]\n");
			g_string_append(text, romresolve_default_dir_keys);
			g_string_append_c(text, '\n');
		}
	}
	g_string_append(text, romresolve_default_tail);
	return g_string_free(text, FALSE);
}

static void add_text(RomresolveContext *ctx, const char *file, const char *data, gsize len)
{
	if (romresolve_config_add_text(ctx->config, file, data, len))
		g_ptr_array_add(ctx->files, (gpointer)g_ptr_array_index(
						ctx->config->files, ctx->config->files->len - 1));
}

/* Read and apply @path; @dropin: a drop-in of a config dir (opened by its
 * name relative to its dir), where an empty file or /dev/null is a mask.
 * One open, and what is read is what that fd measured: a load sees each
 * file once, as it was then (a package update renames a new file over it:
 * the old or the new one, never a mix). */
static void add_file(RomresolveContext *ctx, const char *path, RomresolveDropin *dropin,
		     RomresolveBuffer *buf)
{
	RomresolveRead what = ROMRESOLVE_READ_TEXT;
	const char *problem = NULL;
	gssize len;

	if (strcmp(path, ROMRESOLVE_DEFAULT_NAME) == 0) {
		g_autofree char *text = default_text(ctx);

		ctx->is_default = TRUE;
		add_text(ctx, path, text, strlen(text));
		return;
	}
	len = romresolve_file_read(path, dropin ? dropin->dirfd : AT_FDCWD,
				   dropin ? dropin->name : NULL, ROMRESOLVE_DROPIN_MAX, &what, buf);
	if (len < 0) {
		int err = errno;

		/* Unreadable, but empty: a mask all the same when it shadows
		 * another file (what it does to that file is told by a stat). */
		if (dropin && dropin->shadows && romresolve_dropin_is_mask(dropin))
			return;
		romresolve_config_add_problem(ctx->config, path, 0, g_strerror(err));
		return;
	}
	if (what == ROMRESOLVE_READ_NOT_REGULAR)
		problem = "not a regular file, nor a link to /dev/null";
	else if (what == ROMRESOLVE_READ_TOO_LARGE)
		problem = "larger than 1 MiB, the most a config file may hold";
	if (dropin) {
		/* The read measured it. */
		dropin->mask = what == ROMRESOLVE_READ_NULL || (!problem && len == 0);
		dropin->unmeasured = FALSE;
	}
	if (problem)
		romresolve_config_add_problem(ctx->config, path, 0, problem);
	else if (what == ROMRESOLVE_READ_TEXT && !(dropin && dropin->mask))
		add_text(ctx, path, buf->data ? buf->data : "", (gsize)len);
}

static void finish(RomresolveContext *ctx)
{
	RomresolveConfig *c = ctx->config;

	romresolve_config_build(c);
	for (guint i = 0; i < romresolve_devices_n_builtin(); i++)
		g_ptr_array_add(ctx->device_names, (gpointer)romresolve_devices_builtin_name(i));
	for (guint i = 0; i < c->devices->len; i++) {
		const char *name = ((RomresolveDevice *)c->devices->pdata[i])->name;
		if (!romresolve_devices_base_romfile(name))
			g_ptr_array_add(ctx->device_names, (gpointer)name);
	}
	g_ptr_array_add(ctx->device_names, NULL);
	for (guint i = 0; i < c->problems->len; i++)
		g_ptr_array_add(ctx->problems, c->problems->pdata[i]);
	g_ptr_array_add(ctx->problems, NULL);
	g_ptr_array_add(ctx->files, NULL);
	g_ptr_array_add(ctx->shadowed, NULL);
}

/* Under @flags STRICT, the first problem as the error. */
static gboolean check_strict(RomresolveContext *ctx, RomresolveContextFlags flags, GError **error)
{
	const RomresolveProblem *p = ctx->problems->pdata[0];

	if (!(flags & ROMRESOLVE_CONTEXT_STRICT) || !p)
		return TRUE;
	if (p->line)
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG, "%s:%u: %s", p->file,
			    p->line, p->message);
	else
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG, "%s: %s", p->file,
			    p->message);
	return FALSE;
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

RomresolveContext *romresolve_context_new_full(const char *root, const char *const *config_dirs,
					       const char *const *search_path,
					       RomresolveContextFlags flags, GError **error)
{
	g_autoptr(RomresolveContext) ctx = NULL;
	g_auto(GStrv) defaults = NULL;
	RomresolveDropins dropins;
	RomresolveBuffer buf = {NULL, 0};

	ctx = context_alloc(root, search_path, flags);
	if (!config_dirs) {
		defaults = romresolve_config_dirs_default(NULL);
		config_dirs = (const char *const *)defaults;
	}
	romresolve_dropins_collect(&dropins, ctx->config->root, config_dirs);
	/* A config dir under the root, as given, opened: the root is a dir
	 * (its common case costs no stat). */
	if (!check_root(root,
			dropins.open_dirs->len > 0 && root && strcmp(root, ctx->config->root) == 0,
			error)) {
		romresolve_dropins_clear(&dropins);
		return NULL;
	}
	for (guint i = 0; i < dropins.problems->len; i++) {
		g_auto(GStrv) parts = g_strsplit(dropins.problems->pdata[i], "\t", 2);
		romresolve_config_add_problem(ctx->config, parts[0], 0, parts[1]);
	}
	romresolve_config_expect(ctx->config, dropins.files->len);
	for (guint i = 0; i < dropins.files->len; i++) {
		RomresolveDropin *f = dropins.files->pdata[i];

		if (!f->mask)
			add_file(ctx, f->path, f->dirfd >= 0 ? f : NULL, &buf);
	}
	g_free(buf.data);
	romresolve_dropins_describe(&dropins, ctx->shadowed);
	romresolve_dropins_clear(&dropins);
	finish(ctx);
	if (!check_strict(ctx, flags, error))
		return NULL;
	return g_steal_pointer(&ctx);
}

RomresolveContext *romresolve_context_new(const char *root, const char *const *config_dirs,
					  GError **error)
{
	return romresolve_context_new_full(root, config_dirs, NULL, 0, error);
}

RomresolveContext *romresolve_context_new_from_data(const char *root, const char *filename,
						    const char *data, gsize len, GError **error)
{
	g_autoptr(RomresolveContext) ctx = context_alloc(root, NULL, 0);

	add_text(ctx, filename, data, len);
	finish(ctx);
	if (!check_strict(ctx, ROMRESOLVE_CONTEXT_STRICT, error))
		return NULL;
	return g_steal_pointer(&ctx);
}

RomresolveContext *romresolve_context_new_from_files(const char *root, const char *const *files,
						     GError **error)
{
	g_autoptr(RomresolveContext) ctx = NULL;
	RomresolveBuffer buf = {NULL, 0};

	if (!check_root(root, FALSE, error))
		return NULL;
	ctx = context_alloc(root, NULL, 0);
	add_file(ctx, ROMRESOLVE_DEFAULT_NAME, NULL, &buf);
	for (const char *const *f = files; *f; f++)
		add_file(ctx, *f, NULL, &buf);
	g_free(buf.data);
	finish(ctx);
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
	g_ptr_array_unref(ctx->device_names);
	g_ptr_array_unref(ctx->shadowed);
	g_ptr_array_unref(ctx->files);
	g_ptr_array_unref(ctx->problems);
	g_strfreev(ctx->search_path);
	romresolve_config_free(ctx->config);
	g_free(ctx);
}

const RomresolveConfig *romresolve_context_config(const RomresolveContext *ctx)
{
	return ctx->config;
}

RomresolveContextFlags romresolve_context_flags(const RomresolveContext *ctx)
{
	return ctx->flags;
}

const char *const *romresolve_context_get_search_path(const RomresolveContext *ctx)
{
	return (const char *const *)ctx->search_path;
}

const char *romresolve_context_get_root(const RomresolveContext *ctx)
{
	return ctx->config->root;
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

const RomresolveProblem *const *romresolve_context_get_problems(const RomresolveContext *ctx)
{
	return (const RomresolveProblem *const *)ctx->problems->pdata;
}

const char *romresolve_problem_get_file(const RomresolveProblem *problem)
{
	return problem->file;
}

unsigned romresolve_problem_get_line(const RomresolveProblem *problem)
{
	return problem->line;
}

const char *romresolve_problem_get_message(const RomresolveProblem *problem)
{
	return problem->message;
}

char *romresolve_context_dump_config(const RomresolveContext *ctx)
{
	return romresolve_config_dump(ctx->config);
}

void romresolve_context_foreach_config_line(const RomresolveContext *ctx,
					    RomresolveConfigLineFunc func, gpointer user_data)
{
	romresolve_config_foreach_line(ctx->config, func, user_data);
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
	d = romresolve_config_find_device(ctx->config, device);
	if (d && d->romfile)
		return d->romfile;
	return romresolve_devices_base_romfile(device);
}

const char *const *romresolve_context_get_devices(const RomresolveContext *ctx)
{
	return (const char *const *)ctx->device_names->pdata;
}

typedef gboolean (*AppliesFunc)(gconstpointer item, const char *arch, const char *machine);

/* The items (dirs or rules) that apply to @arch and @machine, validated. */
static GPtrArray *filter(GPtrArray *items, const char *arch, const char *machine,
			 AppliesFunc applies, GError **error)
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

static gboolean dir_applies(gconstpointer dir, const char *arch, const char *machine)
{
	return romresolve_dir_applies(dir, arch, machine);
}

static gboolean rule_applies(gconstpointer rule, const char *arch, const char *machine)
{
	return romresolve_rule_applies(rule, arch, machine);
}

GPtrArray *romresolve_context_get_dirs(const RomresolveContext *ctx, const char *arch,
				       const char *machine, GError **error)
{
	return filter(ctx->config->dirs, arch, machine, dir_applies, error);
}

GPtrArray *romresolve_context_get_rules(const RomresolveContext *ctx, const char *arch,
					const char *machine, GError **error)
{
	return filter(ctx->config->rules, arch, machine, rule_applies, error);
}
