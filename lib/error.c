/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 0: the error domain. */
#include "internal.h"

G_DEFINE_QUARK(romresolve - error - quark, romresolve_error)
