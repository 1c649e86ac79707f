/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare --fleet: the command's side (text, JSON, the page). */
#ifndef ROMRESOLVE_FLEET_CMD_H
#define ROMRESOLVE_FLEET_CMD_H

#include "cli.h"

/* Read @operands (files and dirs), print the matrix as text or (@json) the
 * romresolve-fleet document, write the page to @html (NULL: none). Returns
 * the exit status: 1 when a pair of classes cannot migrate. */
int fleet_compare(Cli *cli, char **operands, gboolean json, const char *html);

#endif
