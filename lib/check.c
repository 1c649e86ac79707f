/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Layer 5: check, the packagers' and admins' lint, as data: a list of
 * findings (what can break a migration or let someone in) and notes, in the
 * order the checks below run. Lookups and the model through the public API;
 * below it only candidate.c (opening a file, the strict-modes rule, the
 * over-ceiling phrase), the dir's and rule's ceilings (dir.c, rule.c) and
 * util.c's helpers, so that a check and a lookup judge a file alike.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

struct RomresolveFinding {
	RomresolveFindingKind kind;
	gboolean note;
	char *path;
	uint64_t size;
	uint64_t ceiling;
	char *file;
	unsigned line;
	char *message;
};

static void finding_free(RomresolveFinding *f)
{
	g_free(f->path);
	g_free(f->file);
	g_free(f->message);
	g_free(f);
}

G_GNUC_PRINTF(4, 5)
static RomresolveFinding *add(GPtrArray *out, RomresolveFindingKind kind, const char *path,
			      const char *fmt, ...)
{
	RomresolveFinding *f = g_new0(RomresolveFinding, 1);
	va_list ap;

	va_start(ap, fmt);
	f->message = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	f->kind = kind;
	f->path = g_strdup(path);
	g_ptr_array_add(out, f);
	return f;
}

static void set_origin(RomresolveFinding *f, const char *file, unsigned line)
{
	g_free(f->file);
	f->file = g_strdup(file);
	f->line = line;
}

/* A finding, or only a note where the dir says strict-modes = no. */
static void check_writable(GPtrArray *out, const RomresolveDir *dir, const char *path,
			   const struct stat *st, const char *what)
{
	gboolean strict = romresolve_dir_get_strict_modes(dir);
	RomresolveFinding *f;

	/* A sticky dir such as /tmp still lets others add files: refuse too. */
	if (!romresolve_mode_is_unsafe(st->st_mode))
		return;
	f = add(out, ROMRESOLVE_FINDING_WRITABLE, path,
		"%s: %s writable by group or others (mode %04o)%s", path, what,
		(unsigned)(st->st_mode & 07777), strict ? "" : ", allowed by strict-modes = no");
	f->note = !strict;
	set_origin(f, romresolve_dir_get_file(dir), romresolve_dir_get_line(dir));
}

/* Measure one file against @ceiling if it is an option ROM. */
static void check_file(GPtrArray *out, const char *root, const RomresolveDir *dir, const char *path,
		       uint64_t ceiling, const char *who, const char *file, unsigned line)
{
	RomresolveOpened o;
	struct stat st;

	romresolve_candidate_open(root, path, romresolve_dir_get_strict_modes(dir), &o);
	if (o.fd < 0) {
		RomresolveFinding *f = NULL;
		if (o.verdict == ROMRESOLVE_VERDICT_UNSAFE)
			f = add(out, ROMRESOLVE_FINDING_WRITABLE, path, "%s: %s", path, o.reason);
		else if (o.stops)
			f = add(out, ROMRESOLVE_FINDING_UNREADABLE, path,
				"%s: %s (lookups that reach it stop)", path, o.reason);
		else if (o.linked)
			f = add(out, ROMRESOLVE_FINDING_BAD_LINK, path, "%s: %s", path, o.reason);
		if (f) {
			/* A dangling link is what QEMU skips too: a note. */
			f->note = !o.stops;
			set_origin(f, romresolve_dir_get_file(dir), romresolve_dir_get_line(dir));
		}
		romresolve_opened_clear(&o);
		return;
	}
	if (o.option_rom && o.size > ceiling) {
		g_autofree char *why = romresolve_over_ceiling(o.size, ceiling, who, file, line);
		RomresolveFinding *f =
		    add(out, ROMRESOLVE_FINDING_OVER_CEILING, path, "%s: %s", path, why);
		f->size = o.size;
		f->ceiling = ceiling;
		set_origin(f, file, line);
	}
	if (o.option_rom && fstat(o.fd, &st) == 0)
		check_writable(out, dir, path, &st, "option ROM");
	romresolve_opened_clear(&o);
}

static GPtrArray *sorted_entries(const char *dir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, romresolve_str_compare);
	return names;
}

/* The caller can read @name (in @dfd, its stat @st): told by the mode for a
 * world-readable file, else asked (the lookup stops at a file it cannot
 * open: check must find it). */
static gboolean readable(int dfd, const char *name, const struct stat *st)
{
	return (st->st_mode & S_IROTH) || faccessat(dfd, name, R_OK, AT_EACCESS) == 0;
}

/*
 * The files of a declared dir, in name order. Each is looked at with one
 * fstatat() first: only a file that could be a finding is opened and read
 * by check_file() (a link, a regular file over the ceiling or writable by
 * group or others). A regular file that is empty, or within the ceiling
 * with a safe mode, and anything that is neither a regular file nor a link,
 * can be no finding there whatever it holds: it costs that one call.
 */
static void scan_dir(GPtrArray *out, const char *root, const RomresolveDir *dir, const char *full)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	uint64_t ceiling = romresolve_dir_ceiling(dir);
	DIR *d = opendir(full);
	struct dirent *de;

	if (!d) {
		RomresolveFinding *f =
		    add(out, ROMRESOLVE_FINDING_UNREADABLE, full,
			"%s: cannot be read: %s (configured at %s:%u)", full, g_strerror(errno),
			romresolve_dir_get_file(dir), romresolve_dir_get_line(dir));
		set_origin(f, romresolve_dir_get_file(dir), romresolve_dir_get_line(dir));
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			g_ptr_array_add(names, g_strdup(de->d_name));
	g_ptr_array_sort(names, romresolve_str_compare);
	for (guint i = 0; i < names->len; i++) {
		const char *name = names->pdata[i];
		g_autofree char *path = NULL;
		struct stat st;

		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    (S_ISREG(st.st_mode)
			 ? st.st_size == 0 || ((uint64_t)st.st_size <= ceiling &&
					       !romresolve_mode_is_unsafe(st.st_mode) &&
					       readable(dirfd(d), name, &st))
			 : !S_ISLNK(st.st_mode)))
			continue;
		path = g_build_filename(full, name, NULL);
		check_file(out, root, dir, path, ceiling, romresolve_dir_get_path(dir),
			   romresolve_dir_get_ceiling_file(dir),
			   romresolve_dir_get_ceiling_line(dir));
	}
	closedir(d);
}

static void check_dir(GPtrArray *out, const char *root, const RomresolveDir *dir, gboolean package)
{
	const char *full = romresolve_dir_get_full_path(dir);
	RomresolveFinding *f;
	struct stat st;

	int err = stat(full, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;

	if (err) {
		gboolean missing = err == ENOENT;

		/* A build tree lacks the dirs of other packages: the
		 * default's are no note of it; its own drop-in's still are. */
		if (missing && package &&
		    strcmp(romresolve_dir_get_file(dir), "<embedded default>") == 0)
			return;
		f = add(out, missing ? ROMRESOLVE_FINDING_MISSING_DIR : ROMRESOLVE_FINDING_BAD_DIR,
			full, "%s: %s (configured at %s:%u)", full,
			missing		 ? "does not exist on this host"
			: err == ENOTDIR ? "not a directory"
					 : g_strerror(err),
			romresolve_dir_get_file(dir), romresolve_dir_get_line(dir));
		f->note = missing;
		set_origin(f, romresolve_dir_get_file(dir), romresolve_dir_get_line(dir));
		return;
	}
	check_writable(out, dir, full, &st, "directory");
	scan_dir(out, root, dir, full);
}

/* TRUE when two arch filters ("*": every target) share a target. */
static gboolean arches_meet(const char *a, const char *b)
{
	g_auto(GStrv) wa = g_strsplit(a, " ", -1);
	g_auto(GStrv) wb = g_strsplit(b, " ", -1);

	if (strcmp(a, "*") == 0 || strcmp(b, "*") == 0)
		return TRUE;
	for (char **w = wa; *w; w++)
		if (g_strv_contains((const char *const *)wb, *w))
			return TRUE;
	return FALSE;
}

/* Each compat file a rule maps to must fit the rule's ceiling. */
static void check_rule(GPtrArray *out, const char *root, GPtrArray *dirs,
		       const RomresolveRule *rule)
{
	g_autofree char *who = g_strdup_printf("[machine %s]", romresolve_rule_get_name(rule));
	const char *arch = romresolve_rule_get_arch(rule);

	for (guint m = 0; m < romresolve_rule_get_n_maps(rule); m++) {
		const char *from = romresolve_rule_get_map_from(rule, m);
		uint64_t ceiling = romresolve_rule_ceiling(rule, from);

		if (!ceiling)
			continue;
		for (guint i = 0; i < dirs->len; i++) {
			const RomresolveDir *dir = dirs->pdata[i];
			g_autofree char *path = NULL;

			if (!arches_meet(arch, romresolve_dir_get_arch(dir)))
				continue;
			path = g_build_filename(romresolve_dir_get_full_path(dir),
						romresolve_rule_get_map_to(rule, m), NULL);
			check_file(out, root, dir, path, ceiling, who,
				   romresolve_rule_get_ceiling_file(rule, from),
				   romresolve_rule_get_ceiling_line(rule, from));
		}
	}
}

/* The dirs of QEMU's own search path (its `-L help`, or the build's firmware
 * path: romresolve_context_get_search_path()) that no config declares (a
 * masked default, enabled = no, another layout's 00-default.conf): stock
 * QEMU loads their option ROMs and romresolve never does. Nowhere else:
 * QEMU searches no sub-dir (bullseye's /usr/share/seabios/optionrom) and no
 * dir beside one (/usr/share/qemu-aarch64) that no config names. A link to
 * a dir is not followed. */
static GPtrArray *undeclared_dirs(const RomresolveContext *ctx, GPtrArray *dirs)
{
	g_autoptr(GHashTable) declared = g_hash_table_new(g_str_hash, g_str_equal);
	const char *root = romresolve_context_get_root(ctx);
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < dirs->len; i++)
		g_hash_table_add(declared, (gpointer)romresolve_dir_get_full_path(dirs->pdata[i]));
	for (const char *const *s = romresolve_context_get_search_path(ctx); *s; s++) {
		g_autofree char *d = NULL;

		/* One that cannot be a [dir] is a problem of the default. */
		if (!g_path_is_absolute(*s))
			continue;
		d = romresolve_path_join_root(root, *s);
		if (g_hash_table_contains(declared, d) ||
		    g_ptr_array_find_with_equal_func(out, d, g_str_equal, NULL) ||
		    !g_file_test(d, G_FILE_TEST_IS_DIR) || g_file_test(d, G_FILE_TEST_IS_SYMLINK))
			continue;
		g_ptr_array_add(out, g_steal_pointer(&d));
	}
	return out;
}

static void check_undeclared(GPtrArray *out, const RomresolveContext *ctx, GPtrArray *dirs)
{
	g_autoptr(GPtrArray) extra = undeclared_dirs(ctx, dirs);
	const char *root = romresolve_context_get_root(ctx);

	for (guint i = 0; i < extra->len; i++) {
		g_autoptr(GPtrArray) names = sorted_entries(extra->pdata[i]);
		for (guint j = 0; j < names->len; j++) {
			g_autofree char *path =
			    g_build_filename(extra->pdata[i], names->pdata[j], NULL);
			RomresolveOpened o;

			romresolve_candidate_open(root, path, FALSE, &o);
			if (o.fd >= 0 && o.option_rom) {
				RomresolveFinding *f =
				    add(out, ROMRESOLVE_FINDING_UNDECLARED_ROM, path,
					"%s: an option ROM in %s, a dir QEMU searches that no "
					"config declares",
					path, (const char *)extra->pdata[i]);
				f->size = o.size;
			}
			romresolve_opened_clear(&o);
		}
	}
}

/* @r stopped at a path of @found, or at a file of a dir of @found. */
static gboolean stop_is_found(const RomresolveResult *r, GHashTable *found)
{
	const char *path;
	g_autofree char *dir = NULL;

	if (!romresolve_result_is_stopped(r))
		return FALSE;
	path = romresolve_result_get_candidate_path(r, romresolve_result_get_n_candidates(r) - 1);
	dir = g_path_get_dirname(path);
	return g_hash_table_contains(found, path) || g_hash_table_contains(found, dir);
}

/* Every romfile of the device table must resolve for each target whose
 * search path has a dir that exists. */
static void check_devices(GPtrArray *out, RomresolveContext *ctx)
{
	g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) found = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GPtrArray) sorted = g_ptr_array_new();
	GHashTableIter iter;
	gpointer name;

	for (const char *const *dev = romresolve_context_get_devices(ctx); *dev; dev++) {
		const char *romfile = romresolve_context_get_device_romfile(ctx, *dev, NULL, NULL);
		if (romfile && *romfile)
			g_hash_table_add(names, (gpointer)romfile);
	}
	g_hash_table_iter_init(&iter, names);
	while (g_hash_table_iter_next(&iter, &name, NULL))
		g_ptr_array_add(sorted, name);
	/* A lookup that stops at a dir or file found unsafe or unreadable
	 * above is told there already. */
	for (guint i = 0; i < out->len; i++) {
		RomresolveFinding *f = out->pdata[i];
		if (!f->note && f->path &&
		    (f->kind == ROMRESOLVE_FINDING_WRITABLE ||
		     f->kind == ROMRESOLVE_FINDING_BAD_DIR ||
		     f->kind == ROMRESOLVE_FINDING_UNREADABLE))
			g_hash_table_add(found, f->path);
	}
	g_ptr_array_sort(sorted, romresolve_str_compare);
	for (guint n = 0; n < sorted->len; n++) {
		g_autoptr(GString) arches = g_string_new(NULL);
		g_autofree char *first = NULL;
		guint checked = 0, failed = 0;

		for (const char *const *a = romresolve_arch_get_all(); *a; a++) {
			g_autoptr(GPtrArray) dirs =
			    romresolve_context_get_dirs(ctx, *a, NULL, NULL);
			g_autoptr(RomresolveResult) r = NULL;
			g_autoptr(GError) error = NULL;
			gboolean exists = FALSE;

			for (guint i = 0; i < dirs->len && !exists; i++)
				exists = g_file_test(romresolve_dir_get_full_path(dirs->pdata[i]),
						     G_FILE_TEST_IS_DIR);
			if (!exists)
				continue;
			checked++;
			r = romresolve_context_lookup(ctx, sorted->pdata[n], *a, NULL,
						      ROMRESOLVE_LOOKUP_ROM, NULL);
			if (romresolve_result_is_found(r) || romresolve_result_is_no_rom(r) ||
			    stop_is_found(r, found))
				continue;
			g_clear_pointer(&r, romresolve_result_unref);
			r = romresolve_context_resolve(ctx, sorted->pdata[n], *a, NULL,
						       ROMRESOLVE_LOOKUP_ROM, &error);
			if (r)
				continue;
			failed++;
			g_string_append_printf(arches, "%s%s", arches->len ? " " : "", *a);
			if (!first)
				first = g_strdup(error->message);
		}
		if (failed)
			add(out, ROMRESOLVE_FINDING_UNRESOLVED_DEVICE, sorted->pdata[n],
			    "%s: a device's romfile that does not resolve for %s: %s",
			    (const char *)sorted->pdata[n],
			    failed == checked ? "any target" : arches->str, first);
	}
}

/* "FILE:LINE", or the key's default. */
static char *origin(const char *file, unsigned line)
{
	return file ? g_strdup_printf("%s:%u", file, line) : g_strdup("its default");
}

/* A pin above the ceiling of the same dir or rule: a file between the two
 * is refused, not given the pinned BAR (an admin pins 512K over the
 * default's 256K: the next ROM past 256K breaks every restore). */
static void check_pin(GPtrArray *out, const char *who, uint64_t rom_size, const char *rom_file,
		      unsigned rom_line, uint64_t max_size, const char *max_file, unsigned max_line)
{
	g_autofree char *pin = NULL, *cap = NULL, *pin_at = NULL, *cap_at = NULL;
	RomresolveFinding *f;

	if (!rom_size || !max_size || rom_size <= max_size)
		return;
	pin = romresolve_size_format(rom_size);
	cap = romresolve_size_format(max_size);
	pin_at = origin(rom_file, rom_line);
	cap_at = origin(max_file, max_line);
	f = add(out, ROMRESOLVE_FINDING_PIN_OVER_CEILING, who,
		"%s: rom-size %s (%s) is over its max-size %s (%s): a file between the two is "
		"refused, not given the pinned BAR",
		who, pin, pin_at, cap, cap_at);
	f->size = rom_size;
	f->ceiling = max_size;
	set_origin(f, rom_file, rom_line);
}

static void check_pins(GPtrArray *out, GPtrArray *dirs, GPtrArray *rules)
{
	for (guint i = 0; i < dirs->len; i++) {
		const RomresolveDir *d = dirs->pdata[i];
		check_pin(out, d->path, d->rom_size, d->rom_size_file, d->rom_size_line,
			  d->max_size, d->max_size_file, d->max_size_line);
	}
	for (guint i = 0; i < rules->len; i++) {
		const RomresolveRule *r = rules->pdata[i];
		g_autofree char *who = g_strdup_printf("[machine %s]", r->name);
		check_pin(out, who, r->rom_size, r->rom_size_file, r->rom_size_line, r->max_size,
			  r->max_size_file, r->max_size_line);
	}
}

static void check_problems(GPtrArray *out, const RomresolveContext *ctx)
{
	for (const RomresolveProblem *const *p = romresolve_context_get_problems(ctx); *p; p++) {
		const char *file = romresolve_problem_get_file(*p);
		unsigned line = romresolve_problem_get_line(*p);
		RomresolveFinding *f;

		if (line)
			f = add(out, ROMRESOLVE_FINDING_CONFIG_PROBLEM, file, "%s:%u: %s", file,
				line, romresolve_problem_get_message(*p));
		else
			f = add(out, ROMRESOLVE_FINDING_CONFIG_PROBLEM, file, "%s: %s", file,
				romresolve_problem_get_message(*p));
		set_origin(f, file, line);
	}
}

GPtrArray *romresolve_context_check(RomresolveContext *ctx)
{
	return romresolve_context_check_full(ctx, 0);
}

GPtrArray *romresolve_context_check_full(RomresolveContext *ctx, RomresolveCheckFlags flags)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)finding_free);
	g_autoptr(GPtrArray) dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	g_autoptr(GPtrArray) rules = romresolve_context_get_rules(ctx, NULL, NULL, NULL);
	const char *root = romresolve_context_get_root(ctx);

	check_problems(out, ctx);
	check_pins(out, dirs, rules);
	if (flags & ROMRESOLVE_CHECK_CONFIG)
		return out;
	for (guint i = 0; i < dirs->len; i++)
		check_dir(out, root, dirs->pdata[i], (flags & ROMRESOLVE_CHECK_PACKAGE) != 0);
	for (guint i = 0; i < rules->len; i++)
		check_rule(out, root, dirs, rules->pdata[i]);
	/* A package's build tree holds that package only: what other
	 * packages would install is no finding of it. */
	if (!(flags & ROMRESOLVE_CHECK_PACKAGE)) {
		check_undeclared(out, ctx, dirs);
		check_devices(out, ctx);
	}
	return out;
}

guint romresolve_findings_count(GPtrArray *findings)
{
	guint n = 0;

	for (guint i = 0; i < findings->len; i++)
		n += !((RomresolveFinding *)findings->pdata[i])->note;
	return n;
}

RomresolveFindingKind romresolve_finding_get_kind(const RomresolveFinding *f)
{
	return f->kind;
}

gboolean romresolve_finding_is_note(const RomresolveFinding *f)
{
	return f->note;
}

const char *romresolve_finding_get_path(const RomresolveFinding *f)
{
	return f->path;
}

uint64_t romresolve_finding_get_size(const RomresolveFinding *f)
{
	return f->size;
}

uint64_t romresolve_finding_get_ceiling(const RomresolveFinding *f)
{
	return f->ceiling;
}

const char *romresolve_finding_get_file(const RomresolveFinding *f)
{
	return f->file;
}

unsigned romresolve_finding_get_line(const RomresolveFinding *f)
{
	return f->line;
}

const char *romresolve_finding_get_message(const RomresolveFinding *f)
{
	return f->message;
}

const char *romresolve_finding_kind_to_string(RomresolveFindingKind kind)
{
	static const char *const names[] = {
	    [ROMRESOLVE_FINDING_CONFIG_PROBLEM] = "config-problem",
	    [ROMRESOLVE_FINDING_OVER_CEILING] = "over-ceiling",
	    [ROMRESOLVE_FINDING_WRITABLE] = "writable",
	    [ROMRESOLVE_FINDING_BAD_LINK] = "bad-link",
	    [ROMRESOLVE_FINDING_MISSING_DIR] = "missing-dir",
	    [ROMRESOLVE_FINDING_BAD_DIR] = "bad-dir",
	    [ROMRESOLVE_FINDING_UNDECLARED_ROM] = "undeclared-rom",
	    [ROMRESOLVE_FINDING_UNRESOLVED_DEVICE] = "unresolved-device",
	    [ROMRESOLVE_FINDING_BAR_MISMATCH] = "bar-mismatch",
	    [ROMRESOLVE_FINDING_UNREADABLE] = "unreadable",
	    [ROMRESOLVE_FINDING_PIN_OVER_CEILING] = "pin-over-ceiling",
	};

	return (guint)kind < G_N_ELEMENTS(names) ? names[kind] : NULL;
}
