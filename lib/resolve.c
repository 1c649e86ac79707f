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
#include "config.h"
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
	uint64_t size; /* UINT64_MAX: none */
	const RomresolveRule *rule;
	const RomresolveDir *dir;
} Ceiling;

static void ceiling_lower(Ceiling *c, uint64_t size, const RomresolveRule *rule,
			  const RomresolveDir *dir)
{
	if (size && size < c->size)
		*c = (Ceiling){size, rule, dir};
}

static char *describe_over(const Ceiling *c, const char *name, uint64_t size)
{
	g_autofree char *who =
	    c->rule ? g_strdup_printf("[machine %s]", c->rule->name) : g_strdup(c->dir->path);

	return romresolve_over_ceiling(size, c->size, who,
				       c->rule ? romresolve_rule_get_ceiling_file(c->rule, name)
					       : romresolve_dir_get_ceiling_file(c->dir),
				       c->rule ? romresolve_rule_get_ceiling_line(c->rule, name)
					       : romresolve_dir_get_ceiling_line(c->dir));
}

/* The ceiling in effect for the result, and where it was set. */
static void set_ceiling(RomresolveResult *r, const Ceiling *c)
{
	r->ceiling = c->size;
	if (!c->rule) {
		romresolve_dir_ceiling_origin(c->dir, &r->ceiling_file, &r->ceiling_line);
		return;
	}
	r->ceiling_file = romresolve_rule_get_ceiling_file(c->rule, r->name);
	r->ceiling_line = romresolve_rule_get_ceiling_line(c->rule, r->name);
}

/* Open and measure @name in @dir, or the absolute @name (@dir NULL, the
 * caller's business). Returns TRUE when it passes; the verdict goes into the
 * trace either way, without text unless it is a rejection. *@stop: the
 * candidate exists but cannot be opened, or it or its dir is unsafe: the
 * lookup ends here (going on would give another file than a host, or a
 * caller, for whom it is fine). */
static gboolean try_file(RomresolveResult *r, const RomresolveDir *dir, const char *name,
			 RomresolveLookupKind kind, const Ceiling *ceiling, gboolean *stop)
{
	const RomresolveConfig *config = romresolve_context_config(r->ctx);
	int dirfd = dir ? romresolve_dir_open(dir) : -1;
	int unsafe = dir && dirfd >= 0 ? g_atomic_int_get(&dir->unsafe_mode) : 0;
	RomresolveOpened o;

	if (dir && (dirfd < 0 || unsafe))
		romresolve_candidate_dir_refused(&o, dir->full_path, dirfd < 0 ? errno : 0,
						 (unsigned)unsafe);
	else if (dir)
		romresolve_candidate_openat(dirfd, config->root, dir->full_path, name,
					    dir->strict_modes, &o);
	else
		romresolve_candidate_open("", name, FALSE, &o);
	if (o.fd >= 0 && kind == ROMRESOLVE_LOOKUP_ROM && o.size > ceiling->size) {
		romresolve_opened_clear(&o);
		o.verdict = ROMRESOLVE_VERDICT_TOO_LARGE;
		o.reason = describe_over(ceiling, r->name, o.size);
	}
	if (o.fd < 0) {
		*stop = o.stops;
		r->stopped = o.stops;
		romresolve_result_add_candidate(r, dir ? NULL : g_strdup(name), dir, name,
						o.verdict, g_steal_pointer(&o.reason));
		return FALSE;
	}
	r->path = dir ? romresolve_result_join(dir, name) : g_strdup(name);
	romresolve_result_add_candidate(r, dir ? NULL : g_strdup(name), dir, name,
					ROMRESOLVE_VERDICT_USED, NULL);
	r->fd = o.fd;
	r->size = o.size;
	r->romsize = romresolve_size_pow2ceil(r->size);
	return TRUE;
}

static RomresolveResult *lookup_absolute(RomresolveContext *ctx, const char *name,
					 RomresolveLookupKind kind)
{
	RomresolveResult *r = romresolve_result_new(ctx, name);
	Ceiling none = {UINT64_MAX, NULL, NULL};
	gboolean stop;

	r->absolute = TRUE;
	try_file(r, NULL, r->name, kind, &none, &stop);
	return r;
}

RomresolveResult *romresolve_context_lookup(RomresolveContext *ctx, const char *name,
					    const char *arch, const char *machine,
					    RomresolveLookupKind kind, GError **error)
{
	g_autoptr(RomresolveResult) r = NULL;
	Ceiling rules = {UINT64_MAX, NULL, NULL};
	const RomresolveConfig *config = romresolve_context_config(ctx);
	uint64_t pinned = 0;
	const RomresolveRule *pinned_by = NULL; /* NULL: the dir's rom-size, if any */
	const char *candidates[2] = {NULL, NULL};
	const char *compat;
	gboolean stop = FALSE;

	if (!romresolve_arch_validate(arch, error) ||
	    (machine && !romresolve_machine_validate(machine, error)))
		return NULL;
	if (name && name[0] == '/')
		return lookup_absolute(ctx, name, kind);
	if (!romresolve_name_validate(name, error))
		return NULL;

	r = romresolve_result_new(ctx, name);
	candidates[1] = r->name; /* the trace points into the result */
	if (kind == ROMRESOLVE_LOOKUP_ROM &&
	    !(romresolve_context_flags(ctx) & ROMRESOLVE_CONTEXT_NO_DEVICE_TABLE) &&
	    (compat = romresolve_devices_name_is_no_rom(name, arch, machine))) {
		r->no_rom = TRUE;
		r->rule = g_strdup_printf("QEMU's %s, built in", compat);
		return g_steal_pointer(&r);
	}
	for (guint i = 0; i < config->rules->len; i++) {
		const RomresolveRule *rule = config->rules->pdata[i];
		const char *to;

		/* A name the user wrote is the user's: no rule touches it. */
		if (kind == ROMRESOLVE_LOOKUP_EXPLICIT ||
		    !romresolve_rule_applies(rule, arch, machine))
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
		ceiling_lower(&rules, romresolve_rule_ceiling(rule, name), rule, NULL);
		if (!pinned && (pinned = romresolve_rule_pinned(rule, name)))
			pinned_by = rule;
	}

	for (guint c = 0; c < G_N_ELEMENTS(candidates); c++) {
		if (!candidates[c])
			continue;
		for (guint i = 0; i < config->dirs->len; i++) {
			const RomresolveDir *dir = config->dirs->pdata[i];
			Ceiling ceiling = rules;

			if (!romresolve_dir_applies(dir, arch, machine))
				continue;
			if (kind == ROMRESOLVE_LOOKUP_ROM)
				ceiling_lower(&ceiling, romresolve_dir_ceiling(dir), NULL, dir);
			if (!try_file(r, dir, candidates[c], kind, &ceiling, &stop)) {
				if (stop)
					return g_steal_pointer(&r);
				continue;
			}
			r->dir = dir;
			if (kind == ROMRESOLVE_LOOKUP_ROM) {
				set_ceiling(r, &ceiling);
				if (!pinned)
					pinned = dir->rom_size;
				if (pinned) {
					r->romsize = pinned;
					r->pinned = TRUE;
					r->romsize_file = pinned_by ? pinned_by->rom_size_file
								    : dir->rom_size_file;
					r->romsize_line = pinned_by ? pinned_by->rom_size_line
								    : dir->rom_size_line;
				}
			}
			return g_steal_pointer(&r);
		}
	}
	return g_steal_pointer(&r);
}

static char *describe_query(const char *arch, const char *machine)
{
	return g_strconcat(arch, machine ? ", machine " : "", machine ? machine : "", NULL);
}

RomresolveResult *romresolve_context_resolve(RomresolveContext *ctx, const char *name,
					     const char *arch, const char *machine,
					     RomresolveLookupKind kind, GError **error)
{
	g_autoptr(RomresolveResult) r =
	    romresolve_context_lookup(ctx, name, arch, machine, kind, error);
	g_autoptr(GString) why = NULL;
	gboolean rejected = FALSE;
	const RomresolveConfig *config = romresolve_context_config(ctx);

	if (!r || romresolve_result_is_found(r) || r->no_rom)
		return g_steal_pointer(&r);
	if (r->stopped) {
		guint last = r->n_candidates - 1;
		g_autofree char *query = describe_query(arch, machine);

		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_STOPPED,
			    "cannot look up %s for %s: %s: %s", name, query,
			    romresolve_result_get_candidate_path(r, last),
			    romresolve_result_get_candidate_reason(r, last));
		return NULL;
	}

	for (guint i = 0; i < r->n_candidates; i++) {
		const RomresolveCandidate *c = &r->candidates[i];
		/* Plain absence is no rejection; a dangling link is. */
		if (c->verdict == ROMRESOLVE_VERDICT_MISSING &&
		    (!c->reason || strcmp(c->reason, "missing") == 0))
			continue;
		if (!why)
			why = g_string_new(NULL);
		g_string_append_printf(why, "%s%s: %s", rejected ? "; " : "",
				       romresolve_result_get_candidate_path(r, i),
				       romresolve_result_get_candidate_reason(r, i));
		rejected = TRUE;
	}
	if (rejected) {
		g_autofree char *query = describe_query(arch, machine);
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_REJECTED,
			    "no usable %s for %s: %s", name, query, why->str);
	} else if (r->absolute) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND, "%s not found",
			    name);
	} else if (r->n_candidates == 0) {
		g_autofree char *query = describe_query(arch, machine);
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND,
			    "%s not found: no search directory applies to %s", name, query);
	} else if (error) {
		/* The common miss: no printf, one allocation besides GError's. */
		const char *head[] = {r->compat ? r->compat : "",
				      r->compat ? " or " : "",
				      name,
				      " not found for ",
				      arch,
				      machine ? ", machine " : "",
				      machine ? machine : "",
				      " in "};
		gsize len = 1;
		char *msg, *p;

		for (guint i = 0; i < G_N_ELEMENTS(head); i++)
			len += strlen(head[i]);
		for (guint i = 0; i < config->dirs->len; i++)
			if (romresolve_dir_applies(config->dirs->pdata[i], arch, machine))
				len +=
				    strlen(((RomresolveDir *)config->dirs->pdata[i])->full_path) +
				    2;
		p = msg = g_malloc(len);
		for (guint i = 0; i < G_N_ELEMENTS(head); i++)
			p = stpcpy(p, head[i]);
		for (guint i = 0, n = 0; i < config->dirs->len; i++) {
			const RomresolveDir *dir = config->dirs->pdata[i];
			if (!romresolve_dir_applies(dir, arch, machine))
				continue;
			p = stpcpy(p, n++ ? ", " : "");
			p = stpcpy(p, dir->full_path);
		}
		g_set_error_literal(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND, msg);
		g_free(msg);
	}
	return NULL;
}
