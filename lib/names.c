/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 0: names: QEMU target names, ROM file names, machine type names. */
#include "internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Sorted (strcmp order: arch_known() searches it). The system emulation targets of QEMU 10.0, plus
 * cris and nios2, which older QEMU releases still have. */
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

static int arch_compare(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* @arch is a target of the table (sorted: binary search). */
static gboolean arch_known(const char *arch)
{
	return bsearch(arch, arches, G_N_ELEMENTS(arches) - 1, sizeof(arches[0]), arch_compare) !=
	       NULL;
}

gboolean romresolve_arch_validate(const char *arch, GError **error)
{
	if (arch && arch_known(arch))
		return TRUE;
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARCH,
		    "unknown target architecture '%s'", arch ? arch : "");
	return FALSE;
}

gboolean romresolve_arch_list_contains(char *const *list, const char *arch)
{
	return list == NULL || arch == NULL || g_strv_contains((const char *const *)list, arch);
}

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

gboolean romresolve_machine_validate(const char *machine, GError **error)
{
	if (machine && *machine) {
		const char *p;
		for (p = machine; *p; p++)
			if (!g_ascii_isgraph(*p) || *p == '/')
				break;
		if (*p == '\0')
			return TRUE;
	}
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
		    "invalid machine type '%s'", machine ? machine : "");
	return FALSE;
}
