/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The result object, shared by resolve.c and result.c; not installed. */
#ifndef ROMRESOLVE_RESULT_H
#define ROMRESOLVE_RESULT_H

#include "internal.h"

typedef struct {
	char *path;
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
	int fd;
	uint64_t size;
	const RomresolveDir *dir;
	uint64_t ceiling;
	uint64_t romsize;
	gboolean pinned;
	GArray *candidates; /* RomresolveCandidate */
};

RomresolveResult *romresolve_result_new(RomresolveContext *ctx, const char *name);
/* Takes @path and @reason. */
void romresolve_result_add_candidate(RomresolveResult *r, char *path, RomresolveVerdict verdict,
				     char *reason);

#endif
