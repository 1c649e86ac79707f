/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ABI classes (romresolve(1), ABI CLASSES): what a host gives guests of one
 * (arch, machine type), as far as migration goes, as a short hash. Two hosts
 * of the same class exchange guests of that machine type both ways; which
 * classes a guest can leave for which others is fleet_class_first_clash().
 *
 * The class of a list of ROMs (every entry of a manifest for that arch and
 * machine type that resolved, or gives no ROM) is the first 12 hex digits of
 * the SHA-256 of this text:
 *
 *   romresolve-abi-class 1\n
 *   rom-from-stream yes|no\n
 *   NAME\tROMSIZE\tRAMBLOCK\n       one line per ROM, by name (bytes)
 *
 * (sizes in decimal, 0 0 for no ROM). A ROM name has no control character,
 * so the text cannot be forged by one.
 */
#ifndef ROMRESOLVE_FLEET_CLASS_H
#define ROMRESOLVE_FLEET_CLASS_H

#include <glib.h>

#define FLEET_CLASS_LEN 12

typedef struct {
	const char *name;
	guint64 romsize;
	guint64 ramblock; /* 0: the guest gets no ROM */
} FleetRom;

/* The text above, for @n ROMs sorted by name (strcmp), each name once. */
GString *fleet_class_text(const FleetRom *roms, guint n, gboolean from_stream);
/* Its class: FLEET_CLASS_LEN hex digits and a NUL in @out. */
void fleet_class_id(const FleetRom *roms, guint n, gboolean from_stream,
		    char out[FLEET_CLASS_LEN + 1]);

/* Whether one ROM RAMBlock migrates: manifest_ramblock_migrates(). */

/*
 * Whether guests migrate from a host of class @from (@nf ROMs) to one of
 * class @to (@nt ROMs, @to_from_stream: its QEMU sizes ROM BARs from the
 * stream), both sorted by name: -1 when they do, else the index in @from of
 * the first ROM, by name, that stops them, and in *@to_index its index in
 * @to (-1: @to lacks it; guests that use it cannot start there).
 */
int fleet_class_first_clash(const FleetRom *from, guint nf, const FleetRom *to, guint nt,
			    gboolean to_from_stream, int *to_index);

#endif
