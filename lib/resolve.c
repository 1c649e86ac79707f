/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Resolution: which file QEMU loads for a name, on a target and machine type.
 *
 * Candidates are the compat name a machine rule maps the name to, then the
 * name itself; each is looked up through the applicable dirs in search order.
 * Each file is opened (a FIFO cannot block: O_NONBLOCK) and measured with
 * fstat on that fd, so the size checked is the content QEMU loads. The
 * current directory is never searched.
 */
#include "result.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The smallest ceiling that applies, and who set it. */
typedef struct {
	uint64_t size;	  /* UINT64_MAX: none */
	const char *rule; /* a [machine] rule's name, or NULL for a dir */
	const char *dir;
	const char *file;
	unsigned line;
} Ceiling;

gboolean romresolve_name_validate(const char *name, GError **error)
{
	const char *why = NULL;

	if (!name || !*name)
		why = "is empty";
	else if (strlen(name) > NAME_MAX)
		why = "is longer than NAME_MAX (255 bytes)";
	else if (strchr(name, '/'))
		why = "is not a bare file name (it contains /)";
	else if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		why = "is not a file name";
	else
		for (const char *c = name; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				why = "contains a control character";
	if (!why)
		return TRUE;
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_NAME, "ROM name '%.255s' %s",
		    name ? name : "", why);
	return FALSE;
}

static void ceiling_lower(Ceiling *c, uint64_t size, const char *rule, const char *dir,
			  const char *file, unsigned line)
{
	if (size && size < c->size)
		*c = (Ceiling){size, rule, dir, file, line};
}

static char *describe_ceiling(const Ceiling *c, uint64_t size)
{
	g_autofree char *have = romresolve_size_format(size);
	g_autofree char *limit = romresolve_size_format(c->size);

	return g_strdup_printf("%s, over the %s ceiling of %s%s%s from %s:%u", have, limit,
			       c->rule ? "[machine " : "", c->rule ? c->rule : c->dir,
			       c->rule ? "]" : "", c->file, c->line);
}

#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)

/*
 * Open a candidate. In the configured dirs (@ctx not NULL) a symlink is
 * followed only when it stays within them (Debian links ROMs between them);
 * the common case costs one open. Returns the fd, or -1 with *verdict and
 * *reason set.
 */
int romresolve_open_candidate(const RomresolveContext *ctx, const char *path,
			      RomresolveVerdict *verdict, char **reason)
{
	int fd = open(path, OPEN_FLAGS | (ctx ? O_NOFOLLOW : 0));
	int err = errno;
	char *real;

	if (fd < 0 && err == ELOOP && ctx) {
		real = realpath(path, NULL);
		err = errno;
		if (real && !romresolve_dirs_contain(ctx->dirs, real)) {
			*verdict = ROMRESOLVE_VERDICT_UNSAFE;
			*reason = g_strdup_printf(
			    "a symlink to %s, outside the configured directories", real);
			free(real);
			return -1;
		}
		if (real) {
			fd = open(real, OPEN_FLAGS);
			err = errno;
			free(real);
		}
	}
	if (fd < 0) {
		*verdict = err == ENOENT || err == ENOTDIR ? ROMRESOLVE_VERDICT_MISSING
							   : ROMRESOLVE_VERDICT_UNREADABLE;
		*reason = *verdict == ROMRESOLVE_VERDICT_MISSING
			      ? g_strdup("missing")
			      : g_strdup_printf("cannot open: %s", g_strerror(err));
	}
	return fd;
}

/* Why a file that opened cannot be used, or NULL when it can. */
static char *refuse(const struct stat *st, const RomresolveDir *dir, RomresolveLookupKind kind,
		    const Ceiling *ceiling, RomresolveVerdict *verdict)
{
	if (!S_ISREG(st->st_mode)) {
		*verdict = ROMRESOLVE_VERDICT_NOT_REGULAR;
		return g_strdup("not a regular file");
	}
	if (st->st_size == 0) {
		*verdict = ROMRESOLVE_VERDICT_EMPTY;
		return g_strdup("empty");
	}
	if (dir && dir->unsafe_mode) {
		*verdict = ROMRESOLVE_VERDICT_UNSAFE;
		return g_strdup_printf("its directory is writable by group or others (mode %04o)",
				       dir->unsafe_mode);
	}
	if (dir && dir->strict_modes && (st->st_mode & (S_IWGRP | S_IWOTH))) {
		*verdict = ROMRESOLVE_VERDICT_UNSAFE;
		return g_strdup_printf("writable by group or others (mode %04o)",
				       (unsigned)(st->st_mode & 07777));
	}
	if (kind == ROMRESOLVE_LOOKUP_ROM && (uint64_t)st->st_size > ceiling->size) {
		*verdict = ROMRESOLVE_VERDICT_TOO_LARGE;
		return describe_ceiling(ceiling, (uint64_t)st->st_size);
	}
	return NULL;
}

/*
 * Open and measure one candidate (@dir NULL: an absolute name, the caller's
 * business). Returns TRUE when it passes; the verdict goes into the trace
 * either way.
 */
static gboolean try_file(RomresolveResult *r, const RomresolveDir *dir, const char *path,
			 RomresolveLookupKind kind, const Ceiling *ceiling)
{
	RomresolveVerdict verdict = ROMRESOLVE_VERDICT_USED;
	char *reason = NULL;
	struct stat st;
	int fd = romresolve_open_candidate(dir ? r->ctx : NULL, path, &verdict, &reason);

	if (fd >= 0 && fstat(fd, &st) < 0) {
		verdict = ROMRESOLVE_VERDICT_UNREADABLE;
		reason = g_strdup_printf("cannot stat: %s", g_strerror(errno));
	} else if (fd >= 0) {
		reason = refuse(&st, dir, kind, ceiling, &verdict);
	}
	if (reason) {
		if (fd >= 0)
			close(fd);
		romresolve_result_add_candidate(r, g_strdup(path), verdict, reason);
		return FALSE;
	}
	romresolve_result_add_candidate(r, g_strdup(path), ROMRESOLVE_VERDICT_USED,
					g_strdup("used"));
	r->fd = fd;
	r->size = (uint64_t)st.st_size;
	r->path = g_strdup(path);
	r->romsize = romresolve_size_pow2ceil(r->size);
	return TRUE;
}

static RomresolveResult *lookup_absolute(RomresolveContext *ctx, const char *name,
					 RomresolveLookupKind kind)
{
	RomresolveResult *r = romresolve_result_new(ctx, name);
	Ceiling none = {UINT64_MAX, NULL, NULL, NULL, 0};

	r->absolute = TRUE;
	try_file(r, NULL, name, kind, &none);
	return r;
}

RomresolveResult *romresolve_context_lookup(RomresolveContext *ctx, const char *name,
					    const char *arch, const char *machine,
					    RomresolveLookupKind kind, GError **error)
{
	g_autoptr(RomresolveResult) r = NULL;
	Ceiling rules = {UINT64_MAX, NULL, NULL, NULL, 0};
	uint64_t pinned = 0;
	const char *candidates[2] = {NULL, name};

	if (!romresolve_arch_validate(arch, error) ||
	    (machine && !romresolve_machine_validate(machine, error)))
		return NULL;
	if (name && name[0] == '/')
		return lookup_absolute(ctx, name, kind);
	if (!romresolve_name_validate(name, error))
		return NULL;

	r = romresolve_result_new(ctx, name);
	if (kind == ROMRESOLVE_LOOKUP_ROM &&
	    romresolve_devices_name_is_no_rom(name, arch, machine)) {
		r->no_rom = TRUE;
		r->rule = g_strdup("QEMU's compat properties (built-in device table)");
		return g_steal_pointer(&r);
	}
	for (guint i = 0; i < ctx->rules->len; i++) {
		const RomresolveRule *rule = ctx->rules->pdata[i];
		const char *to;

		if (!romresolve_rule_applies(rule, arch, machine))
			continue;
		if (kind == ROMRESOLVE_LOOKUP_ROM && romresolve_rule_is_no_rom(rule, name)) {
			g_free(r->compat);
			g_free(r->rule);
			r->compat = NULL;
			r->rule = g_strdup_printf("%s (%s:%u)", rule->name, rule->file, rule->line);
			r->no_rom = TRUE;
			return g_steal_pointer(&r);
		}
		if (!r->compat && (to = romresolve_rule_map(rule, name))) {
			r->compat = g_strdup(to);
			r->rule = g_strdup_printf("%s (%s:%u)", rule->name, rule->file, rule->line);
			candidates[0] = r->compat;
		}
		ceiling_lower(&rules, rule->max_size, rule->name, NULL, rule->file, rule->line);
		/* A rule's rom-size pins the names it maps, or every name when it
		 * maps none: pinning a 64 KiB VGA BIOS at a NIC ROM's 256 KiB would
		 * itself break migration from a stock host. */
		if (rule->maps->len == 0 || romresolve_rule_map(rule, name)) {
			ceiling_lower(&rules, rule->rom_size, rule->name, NULL, rule->file,
				      rule->line);
			if (!pinned)
				pinned = rule->rom_size;
		}
	}

	for (guint c = 0; c < G_N_ELEMENTS(candidates); c++) {
		if (!candidates[c])
			continue;
		for (guint i = 0; i < ctx->dirs->len; i++) {
			const RomresolveDir *dir = ctx->dirs->pdata[i];
			g_autofree char *path = NULL;
			Ceiling ceiling = rules;

			if (!romresolve_dir_applies(dir, arch, machine))
				continue;
			ceiling_lower(&ceiling, dir->max_size, NULL, dir->path, dir->file,
				      dir->line);
			ceiling_lower(&ceiling, dir->rom_size, NULL, dir->path, dir->file,
				      dir->line);
			/* full_path has no trailing '/' (only "/" itself); g_build_filename
			 * would cost some 900 instructions more per dir probed. */
			path = g_strconcat(dir->full_path, dir->full_path[1] ? "/" : "",
					   candidates[c], NULL);
			if (!try_file(r, dir, path, kind, &ceiling))
				continue;
			r->dir = dir;
			if (kind == ROMRESOLVE_LOOKUP_ROM) {
				r->ceiling = ceiling.size;
				if (!pinned)
					pinned = dir->rom_size;
				if (pinned) {
					r->romsize = pinned;
					r->pinned = TRUE;
				}
			}
			return g_steal_pointer(&r);
		}
	}
	return g_steal_pointer(&r);
}

static char *describe_query(const char *arch, const char *machine)
{
	return machine ? g_strdup_printf("%s, machine %s", arch, machine) : g_strdup(arch);
}

RomresolveResult *romresolve_context_resolve(RomresolveContext *ctx, const char *name,
					     const char *arch, const char *machine,
					     RomresolveLookupKind kind, GError **error)
{
	g_autoptr(RomresolveResult) r =
	    romresolve_context_lookup(ctx, name, arch, machine, kind, error);
	g_autoptr(GString) why = NULL;
	g_autofree char *query = NULL;
	gboolean rejected = FALSE;

	if (!r || romresolve_result_is_found(r) || r->no_rom)
		return g_steal_pointer(&r);

	why = g_string_new(NULL);
	for (guint i = 0; i < r->candidates->len; i++) {
		const RomresolveCandidate *c =
		    &g_array_index(r->candidates, RomresolveCandidate, i);
		if (c->verdict == ROMRESOLVE_VERDICT_MISSING)
			continue;
		g_string_append_printf(why, "%s%s: %s", rejected ? "; " : "", c->path, c->reason);
		rejected = TRUE;
	}
	query = describe_query(arch, machine);
	if (rejected) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_REJECTED,
			    "no usable %s for %s: %s", name, query, why->str);
	} else if (r->absolute) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND, "%s not found",
			    name);
	} else if (r->candidates->len == 0) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND,
			    "%s not found: no search directory applies to %s", name, query);
	} else {
		for (guint i = 0; i < ctx->dirs->len; i++) {
			const RomresolveDir *dir = ctx->dirs->pdata[i];
			if (!romresolve_dir_applies(dir, arch, machine))
				continue;
			if (why->len)
				g_string_append(why, ", ");
			g_string_append(why, dir->full_path);
		}
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND,
			    "%s%s%s not found for %s in %s", r->compat ? r->compat : "",
			    r->compat ? " or " : "", name, query, why->str);
	}
	return NULL;
}
