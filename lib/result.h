/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The result object, shared by resolve.c and result.c; not installed. */
#ifndef ROMRESOLVE_RESULT_H
#define ROMRESOLVE_RESULT_H

#include "internal.h"

/* A candidate of the trace. Its path is built at the first
 * romresolve_result_get_candidate_path(), not on the lookup's hot path; its
 * reason NULL: "used" or "missing", by the verdict. */
typedef struct {
	char *path;		  /* NULL: not built yet (dir + name) */
	const RomresolveDir *dir; /* NULL: an absolute name (path set) */
	const char *name;	  /* the result's name or compat name */
	RomresolveVerdict verdict;
	char *reason;
} RomresolveCandidate;

struct RomresolveResult {
	gint ref;
	RomresolveContext *ctx; /* keeps dir alive */
	char *name;
	char *compat;
	char *rule;
	char *path; /* NULL: not found */
	gboolean absolute;
	gboolean no_rom;
	gboolean stopped; /* a candidate stopped the lookup: the last one */
	int fd;
	uint64_t size;
	const RomresolveDir *dir;
	uint64_t ceiling;
	uint64_t romsize;
	gboolean pinned;
	/* Where the ceiling and the pinned romsize were set (the config's). */
	const char *ceiling_file, *romsize_file;
	unsigned ceiling_line, romsize_line;
	/* The trace: in the result itself up to 4 (a lookup over up to 4 dirs
	 * allocates nothing for it), else on the heap. */
	RomresolveCandidate *candidates;
	guint n_candidates, candidates_cap;
	RomresolveCandidate inline_candidates[4];
	char name_buf[]; /* r->name points here */
};

RomresolveResult *romresolve_result_new(RomresolveContext *ctx, const char *name);
/* Takes @path (NULL: @dir + @name, built when asked for) and @reason. */
void romresolve_result_add_candidate(RomresolveResult *r, char *path, const RomresolveDir *dir,
				     const char *name, RomresolveVerdict verdict, char *reason);
/* @dir's full path joined with @name. */
char *romresolve_result_join(const RomresolveDir *dir, const char *name);

#endif
