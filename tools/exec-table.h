/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TEMPORARY: the device-table calls exec makes, written against the library
 * API of config v2 (romresolve_context_get_device_romfile(ctx, device, arch,
 * machine), romresolve_result_is_no_rom()). Until that lands, a stand-in over
 * the v1 [device] table with QEMU's pc_compat_2_6 for vmxnet3. Removed when
 * the library has the table.
 */
#ifndef ROMRESOLVE_EXEC_TABLE_H
#define ROMRESOLVE_EXEC_TABLE_H

#include <romresolve.h>

/* NULL: the device is unknown; "": it has no ROM on this machine type. */
const char *exec_device_romfile(RomresolveContext *ctx, const char *device, const char *arch,
				const char *machine);
const char *const *exec_devices(RomresolveContext *ctx);
gboolean exec_result_is_no_rom(const RomresolveResult *r);

#endif
