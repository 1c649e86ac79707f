/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compare --fleet --html: the matrix as one self-contained page. */
#ifndef ROMRESOLVE_FLEET_HTML_H
#define ROMRESOLVE_FLEET_HTML_H

#include "fleet.h"

/* The page: no script, no link, no request; its style inline. */
char *fleet_html(const Fleet *f);

#endif
