/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a QEMU command line asks of QEMU, read with the binary's own option
 * table (qemu/options.h): the machine type, the devices it names (-device,
 * -nic, -net nic, -vga) and whether the machine's default VGA stays.
 */
#ifndef ROMRESOLVE_EXEC_SCAN_H
#define ROMRESOLVE_EXEC_SCAN_H

#include "qemu/options.h"

typedef struct {
	char *machine;		  /* as written (alias or not), NULL: QEMU's default */
	char *vga;		  /* the last -vga value, NULL: none given */
	gboolean no_user_config;  /* -no-user-config */
	gboolean default_vga_off; /* the machine's default VGA is not made */
	GPtrArray *devices;	  /* the -device values, in order */
	GPtrArray *nic_models;	  /* model= of -nic and -net nic */
	GPtrArray *data_dirs;	  /* the -L values, in order ("help" left out) */
	GPtrArray *unknown;	  /* options the table lacks: probe, then scan again */
} ExecScan;

/* Walk argv (argv[0] is the binary) with @opts. A value `help` is a value
 * like any other: it changes nothing for the other options. Returns FALSE
 * when scan->unknown is not empty (the parse after an unknown option cannot
 * be trusted). */
gboolean exec_scan(char *const *argv, const QemuOptions *opts, ExecScan *scan);
void exec_scan_clear(ExecScan *scan);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ExecScan, exec_scan_clear)

#endif
