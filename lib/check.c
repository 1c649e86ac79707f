/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check: the packagers' lint over every configured dir. */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	const RomresolveContext *ctx;
	RomresolveCheckFunc func;
	gpointer user_data;
	guint findings;
} Check;

G_GNUC_PRINTF(3, 4)
static void report(Check *c, RomresolveCheckLevel level, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (level == ROMRESOLVE_CHECK_FINDING)
		c->findings++;
	c->func(level, msg, c->user_data);
}

gboolean romresolve_fd_is_option_rom(int fd)
{
	unsigned char sig[2];

	return pread(fd, sig, sizeof(sig), 0) == sizeof(sig) && sig[0] == 0x55 && sig[1] == 0xaa;
}

/* A finding, or only a note where the dir says strict-modes = no. */
static void check_writable(Check *c, const RomresolveDir *dir, const char *path,
			   const struct stat *st, const char *what)
{
	/* A sticky dir such as /tmp still lets others add files: refuse too. */
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		report(c, dir->strict_modes ? ROMRESOLVE_CHECK_FINDING : ROMRESOLVE_CHECK_NOTE,
		       "%s: %s writable by group or others (mode %04o)%s", path, what,
		       (unsigned)(st->st_mode & 07777),
		       dir->strict_modes ? "" : ", allowed by strict-modes = no");
}

/* Measure one file against @ceiling if it is an option ROM; a symlink that
 * leaves the configured dirs is a finding whatever it points to. */
static void check_file(Check *c, const RomresolveDir *dir, const char *path, uint64_t ceiling,
		       const char *whose, const char *file, unsigned line)
{
	RomresolveVerdict verdict;
	g_autofree char *reason = NULL;
	int fd = romresolve_open_candidate(c->ctx, path, &verdict, &reason);
	struct stat st;

	if (fd < 0) {
		/* A symlink out of the configured dirs: what resolution refuses. */
		if (verdict == ROMRESOLVE_VERDICT_UNSAFE)
			report(c, ROMRESOLVE_CHECK_FINDING, "%s: %s", path, reason);
		return;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && romresolve_fd_is_option_rom(fd)) {
		if ((uint64_t)st.st_size > ceiling) {
			g_autofree char *have = romresolve_size_format((uint64_t)st.st_size);
			g_autofree char *exact =
			    g_str_has_suffix(have, " bytes")
				? g_strdup("")
				: g_strdup_printf(" (%" G_GINT64_FORMAT " bytes)",
						  (gint64)st.st_size);
			g_autofree char *limit = romresolve_size_format(ceiling);
			report(c, ROMRESOLVE_CHECK_FINDING,
			       "%s: %s%s is over the %s ceiling of %s from %s:%u", path, have,
			       exact, limit, whose, file, line);
		}
		check_writable(c, dir, path, &st, "option ROM");
	}
	close(fd);
}

/* TRUE when two arch filters (NULL: every target) share a target. */
static gboolean arches_meet(char *const *a, char *const *b)
{
	if (!a || !b)
		return TRUE;
	for (; *a; a++)
		if (g_strv_contains((const char *const *)b, *a))
			return TRUE;
	return FALSE;
}

static uint64_t dir_ceiling(const RomresolveDir *dir)
{
	return dir->rom_size && dir->rom_size < dir->max_size ? dir->rom_size : dir->max_size;
}

static void check_dir(Check *c, const RomresolveDir *dir)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GDir) d = NULL;
	g_autoptr(GError) error = NULL;
	struct stat st;
	const char *name;

	if (stat(dir->full_path, &st) < 0) {
		int err = errno;
		report(c, err == ENOENT ? ROMRESOLVE_CHECK_NOTE : ROMRESOLVE_CHECK_FINDING,
		       "%s: %s (configured at %s:%u)", dir->full_path,
		       err == ENOENT ? "does not exist on this host" : g_strerror(err), dir->file,
		       dir->line);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		report(c, ROMRESOLVE_CHECK_FINDING, "%s: not a directory (configured at %s:%u)",
		       dir->full_path, dir->file, dir->line);
		return;
	}
	check_writable(c, dir, dir->full_path, &st, "directory");
	d = g_dir_open(dir->full_path, 0, &error);
	if (!d) {
		report(c, ROMRESOLVE_CHECK_FINDING, "%s", error->message);
		return;
	}
	while ((name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, romresolve_str_compare);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *path = g_build_filename(dir->full_path, names->pdata[i], NULL);
		check_file(c, dir, path, dir_ceiling(dir), dir->path, dir->file, dir->line);
	}
}

/* Each compat file a rule maps to must fit the rule's ceiling. */
static void check_rule(Check *c, RomresolveContext *ctx, const RomresolveRule *rule)
{
	uint64_t ceiling = rule->max_size;
	g_autofree char *whose = g_strdup_printf("[machine %s]", rule->name);

	if (rule->rom_size && (!ceiling || rule->rom_size < ceiling))
		ceiling = rule->rom_size;
	if (!ceiling)
		return;
	for (guint m = 0; m < rule->maps->len; m++) {
		const RomresolveMap *map = &g_array_index(rule->maps, RomresolveMap, m);
		for (guint i = 0; i < ctx->dirs->len; i++) {
			const RomresolveDir *dir = ctx->dirs->pdata[i];
			g_autofree char *path = NULL;

			if (!arches_meet(rule->arch, dir->arch))
				continue;
			path = g_build_filename(dir->full_path, map->to, NULL);
			check_file(c, dir, path, ceiling, whose, rule->file, rule->line);
		}
	}
}

guint romresolve_context_check(RomresolveContext *ctx, RomresolveCheckFunc func, gpointer user_data)
{
	Check c = {ctx, func, user_data, 0};

	for (guint i = 0; i < ctx->dirs->len; i++)
		check_dir(&c, ctx->dirs->pdata[i]);
	for (guint i = 0; i < ctx->rules->len; i++)
		check_rule(&c, ctx, ctx->rules->pdata[i]);
	return c.findings;
}
