/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What facts writes: one host's ABI classes, check findings and drift from
 * its baseline, as a fact file (JSON, for Ansible's facts.d; compare
 * --fleet reads it back) or as node_exporter's textfile format.
 */
#ifndef ROMRESOLVE_FLEET_EXPORT_H
#define ROMRESOLVE_FLEET_EXPORT_H

#include "fleet.h"

typedef struct {
	const char *host;
	gint64 made; /* Unix time */
	guint findings;
	const char *baseline; /* its path; NULL: the host has none */
	guint drift;	      /* with a baseline */
} FactsInfo;

/* The fact file of the fleet's one host (fleet.h), pretty-printed, without
 * a trailing newline. */
char *facts_to_json(const Fleet *f, const FactsInfo *info);
/* node_exporter's textfile format (romresolve(1), FACTS). */
char *facts_to_prometheus(const Fleet *f, const FactsInfo *info);

/*
 * Replace @path with @text atomically, as node_exporter's textfile
 * collector needs (it may read at any time): a temporary file in the same
 * dir whose name does not end in .prom (.NAME.XXXXXX), mode 0644, synced,
 * then renamed over @path. On failure nothing is left and @path is as it
 * was.
 */
gboolean fleet_write_file(const char *path, const char *text, GError **error);

#endif
