/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a QEMU command line with the binary's option table; see scan.h. */
#include "scan.h"

#include "device.h"
#include "opts.h"
#include "vga.h"

#include <string.h>

void exec_scan_clear(ExecScan *scan)
{
	g_clear_pointer(&scan->machine, g_free);
	g_clear_pointer(&scan->vga, g_free);
	g_clear_pointer(&scan->devices, g_ptr_array_unref);
	g_clear_pointer(&scan->nic_models, g_ptr_array_unref);
	g_clear_pointer(&scan->data_dirs, g_ptr_array_unref);
	g_clear_pointer(&scan->unknown, g_ptr_array_unref);
	scan->no_user_config = FALSE;
	scan->default_vga_off = FALSE;
}

static void scan_value(ExecScan *scan, const char *opt, const char *value)
{
	char *s = NULL;

	if (strcmp(opt, "M") == 0 || strcmp(opt, "machine") == 0) {
		if ((s = exec_opts_machine(value))) {
			g_free(scan->machine);
			scan->machine = s;
		}
	} else if (strcmp(opt, "device") == 0) {
		g_auto(ExecDevice) dev = {0};
		if (exec_device_parse(value, &dev, NULL) && exec_vga_is_default_driver(dev.driver))
			scan->default_vga_off = TRUE;
		g_ptr_array_add(scan->devices, g_strdup(value));
	} else if (strcmp(opt, "vga") == 0) {
		scan->default_vga_off = TRUE;
		g_free(scan->vga);
		scan->vga = g_strdup(value);
	} else if (strcmp(opt, "global") == 0) {
		g_autofree char *driver = exec_opts_global_driver(value);
		if (exec_vga_is_default_driver(driver))
			scan->default_vga_off = TRUE;
	} else if (strcmp(opt, "L") == 0 && strcmp(value, "help") != 0) {
		g_ptr_array_add(scan->data_dirs, g_strdup(value));
	} else if (strcmp(opt, "nic") == 0 && (s = exec_opts_nic_model(value, FALSE))) {
		g_ptr_array_add(scan->nic_models, s);
	} else if (strcmp(opt, "net") == 0 && (s = exec_opts_nic_model(value, TRUE))) {
		g_ptr_array_add(scan->nic_models, s);
	}
}

gboolean exec_scan(char *const *argv, const QemuOptions *opts, ExecScan *scan)
{
	exec_scan_clear(scan);
	scan->devices = g_ptr_array_new_with_free_func(g_free);
	scan->nic_models = g_ptr_array_new_with_free_func(g_free);
	scan->data_dirs = g_ptr_array_new_with_free_func(g_free);
	scan->unknown = g_ptr_array_new_with_free_func(g_free);
	for (int i = 1; argv[i]; i++) {
		const char *opt = qemu_option_name(argv[i]);

		if (!opt)
			continue; /* a disk image */
		switch (qemu_options_get(opts, opt)) {
		case QEMU_OPTION_UNKNOWN:
			g_ptr_array_add(scan->unknown, g_strdup(opt));
			return FALSE;
		case QEMU_OPTION_FLAG:
		case QEMU_OPTION_INVALID: /* QEMU stops at it anyway */
			if (strcmp(opt, "no-user-config") == 0 || strcmp(opt, "nodefconfig") == 0)
				scan->no_user_config = TRUE;
			if (strcmp(opt, "nodefaults") == 0)
				scan->default_vga_off = TRUE;
			break;
		case QEMU_OPTION_ARG:
			if (!argv[i + 1])
				return TRUE; /* QEMU: "requires an argument" */
			scan_value(scan, opt, argv[++i]);
			break;
		}
	}
	return TRUE;
}
