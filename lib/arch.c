/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* QEMU target names. */
#include "internal.h"

#include <string.h>

/* The system emulation targets of QEMU 10.0, plus cris and nios2, which older
 * QEMU releases still have. */
static const char *const arches[] = {
    "aarch64",	   "alpha",  "arm",	   "avr",	   "cris",  "hppa",    "i386",
    "loongarch64", "m68k",   "microblaze", "microblazeel", "mips",  "mips64",  "mips64el",
    "mipsel",	   "nios2",  "or1k",	   "ppc",	   "ppc64", "riscv32", "riscv64",
    "rx",	   "s390x",  "sh4",	   "sh4eb",	   "sparc", "sparc64", "tricore",
    "x86_64",	   "xtensa", "xtensaeb",   NULL,
};

const char *const *romresolve_arch_get_all(void)
{
	return arches;
}

gboolean romresolve_arch_validate(const char *arch, GError **error)
{
	if (arch && g_strv_contains(arches, arch))
		return TRUE;
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARCH,
		    "unknown target architecture '%s'", arch ? arch : "");
	return FALSE;
}

gboolean romresolve_arch_list_contains(char *const *list, const char *arch)
{
	return list == NULL || arch == NULL || g_strv_contains((const char *const *)list, arch);
}
