/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Print the built-in device table as it stands for ARCH and MACHINE (no
 * config: every drop-in dir is empty), "DEVICE ROMFILE" a line, ROMFILE
 * "-" when the device loads none there: what test-device-table.py holds
 * against each real QEMU binary. */
#include <romresolve.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	static const char *const no_dirs[] = {NULL};
	static const char *const no_path[] = {NULL};
	g_autoptr(GError) error = NULL;
	RomresolveContext *ctx;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: print-devices ARCH [MACHINE]\n");
		return 2;
	}
	ctx = romresolve_context_new_full(NULL, no_dirs, no_path, 0, &error);
	if (!ctx) {
		fprintf(stderr, "print-devices: %s\n", error->message);
		return 2;
	}
	for (const char *const *d = romresolve_context_get_devices(ctx); *d; d++) {
		const char *romfile = romresolve_context_get_device_romfile(
		    ctx, *d, argv[1], argc > 2 ? argv[2] : NULL);
		printf("%s %s\n", *d, romfile && *romfile ? romfile : "-");
	}
	romresolve_context_unref(ctx);
	return 0;
}
