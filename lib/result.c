/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Results of a lookup: the chosen file and the trace of the search. */
#include "result.h"

#include <string.h>
#include <unistd.h>

RomresolveResult *romresolve_result_new(RomresolveContext *ctx, const char *name)
{
	gsize len = name ? strlen(name) + 1 : 0;
	/* One allocation: the result, its first candidates and its name. */
	RomresolveResult *r = g_malloc0(sizeof(RomresolveResult) + len);

	g_atomic_int_set(&r->ref, 1);
	r->ctx = romresolve_context_ref(ctx);
	if (name)
		r->name = memcpy(r->name_buf, name, len);
	r->fd = -1;
	r->candidates = r->inline_candidates;
	r->candidates_cap = G_N_ELEMENTS(r->inline_candidates);
	return r;
}

void romresolve_result_add_candidate(RomresolveResult *r, char *path, const RomresolveDir *dir,
				     const char *name, RomresolveVerdict verdict, char *reason)
{
	if (r->n_candidates == r->candidates_cap) {
		RomresolveCandidate *more = g_new(RomresolveCandidate, r->candidates_cap * 2);
		memcpy(more, r->candidates, r->n_candidates * sizeof(*more));
		if (r->candidates != r->inline_candidates)
			g_free(r->candidates);
		r->candidates = more;
		r->candidates_cap *= 2;
	}
	r->candidates[r->n_candidates++] = (RomresolveCandidate){path, dir, name, verdict, reason};
}

RomresolveResult *romresolve_result_ref(RomresolveResult *result)
{
	if (result)
		g_atomic_int_inc(&result->ref);
	return result;
}

void romresolve_result_unref(RomresolveResult *r)
{
	if (!r || !g_atomic_int_dec_and_test(&r->ref))
		return;
	if (r->fd >= 0)
		close(r->fd);
	for (guint i = 0; i < r->n_candidates; i++) {
		g_free(r->candidates[i].path);
		g_free(r->candidates[i].reason);
	}
	if (r->candidates != r->inline_candidates)
		g_free(r->candidates);
	g_free(r->compat);
	g_free(r->rule);
	g_free(r->path);
	romresolve_context_unref(r->ctx);
	g_free(r);
}

gboolean romresolve_result_is_stopped(const RomresolveResult *result)
{
	return result->stopped;
}

gboolean romresolve_result_is_found(const RomresolveResult *r)
{
	return r->path != NULL;
}

gboolean romresolve_result_is_no_rom(const RomresolveResult *r)
{
	return r->no_rom;
}

const char *romresolve_result_get_name(const RomresolveResult *r)
{
	return r->name;
}

const char *romresolve_result_get_compat_name(const RomresolveResult *r)
{
	return r->compat;
}

const char *romresolve_result_get_rule(const RomresolveResult *r)
{
	return r->rule;
}

const char *romresolve_result_get_path(const RomresolveResult *r)
{
	return r->path;
}

gboolean romresolve_result_is_absolute(const RomresolveResult *r)
{
	return r->absolute;
}

int romresolve_result_get_fd(const RomresolveResult *r)
{
	return r->fd;
}

int romresolve_result_steal_fd(RomresolveResult *r)
{
	int fd = r->fd;

	r->fd = -1;
	return fd;
}

uint64_t romresolve_result_get_size(const RomresolveResult *r)
{
	return r->size;
}

const RomresolveDir *romresolve_result_get_dir(const RomresolveResult *r)
{
	return r->dir;
}

uint64_t romresolve_result_get_ceiling(const RomresolveResult *r)
{
	return r->ceiling;
}

uint64_t romresolve_result_get_romsize(const RomresolveResult *r)
{
	return r->romsize;
}

gboolean romresolve_result_is_romsize_pinned(const RomresolveResult *r)
{
	return r->pinned;
}

const char *romresolve_result_get_ceiling_file(const RomresolveResult *r)
{
	return r->ceiling_file;
}

unsigned romresolve_result_get_ceiling_line(const RomresolveResult *r)
{
	return r->ceiling_line;
}

const char *romresolve_result_get_romsize_file(const RomresolveResult *r)
{
	return r->romsize_file;
}

unsigned romresolve_result_get_romsize_line(const RomresolveResult *r)
{
	return r->romsize_line;
}

uint64_t romresolve_result_get_ramblock(const RomresolveResult *r)
{
	return romresolve_size_ramblock(r->romsize);
}

guint romresolve_result_get_n_candidates(const RomresolveResult *r)
{
	return r->n_candidates;
}

static const RomresolveCandidate *candidate(const RomresolveResult *r, guint i)
{
	g_return_val_if_fail(i < r->n_candidates, NULL);
	return &r->candidates[i];
}

char *romresolve_result_join(const RomresolveDir *dir, const char *name)
{
	/* full_path has no trailing '/' (only "/" itself); g_build_filename
	 * would cost some 900 instructions more. */
	return g_strconcat(dir->full_path, dir->full_path[1] ? "/" : "", name, NULL);
}

const char *romresolve_result_get_candidate_path(const RomresolveResult *r, guint i)
{
	RomresolveCandidate *c = (RomresolveCandidate *)candidate(r, i);
	char *path;

	if (!c)
		return NULL;
	path = g_atomic_pointer_get(&c->path);
	if (path)
		return path;
	/* Built once, at the first call; a result may be shared by threads. */
	path = romresolve_result_join(c->dir, c->name);
	if (!g_atomic_pointer_compare_and_exchange(&c->path, NULL, path)) {
		g_free(path);
		path = g_atomic_pointer_get(&c->path);
	}
	return path;
}

RomresolveVerdict romresolve_result_get_candidate_verdict(const RomresolveResult *r, guint i)
{
	const RomresolveCandidate *c = candidate(r, i);

	return c ? c->verdict : ROMRESOLVE_VERDICT_MISSING;
}

const char *romresolve_result_get_candidate_reason(const RomresolveResult *r, guint i)
{
	const RomresolveCandidate *c = candidate(r, i);

	if (!c)
		return NULL;
	if (c->reason)
		return c->reason;
	return c->verdict == ROMRESOLVE_VERDICT_USED ? "used" : "missing";
}
