/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TEMPORARY stand-in for config v2's device table: see exec-table.h. */
#include "exec-table.h"

#include <string.h>

const char *exec_device_romfile(RomresolveContext *ctx, const char *device, const char *arch,
				const char *machine)
{
	const char *version = machine ? romresolve_machine_get_version(machine) : NULL;

	/* QEMU's pc_compat_2_6: vmxnet3 has no ROM on pc-*-2.6 and older. */
	if (strcmp(device, "vmxnet3") == 0 && arch &&
	    (strcmp(arch, "x86_64") == 0 || strcmp(arch, "i386") == 0) && version &&
	    g_str_has_prefix(machine, "pc-") && romresolve_version_compare(version, "2.6") <= 0)
		return "";
	return romresolve_context_get_device_romfile(ctx, device);
}

const char *const *exec_devices(RomresolveContext *ctx)
{
	return romresolve_context_get_devices(ctx);
}

gboolean exec_result_is_no_rom(const RomresolveResult *r)
{
	(void)r;
	return FALSE;
}
