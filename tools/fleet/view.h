/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One machine type of a fleet, as compare --fleet shows it: its classes,
 * the hosts of each, and for each ordered pair of classes whether guests
 * migrate, with the first clash named as compare names it.
 */
#ifndef ROMRESOLVE_FLEET_VIEW_H
#define ROMRESOLVE_FLEET_VIEW_H

#include "fleet.h"
#include "manifest.h"

typedef struct {
	guint machine;
	guint n_classes;
	guint *classes;	    /* class indices, by class name */
	GArray **hosts;	    /* per class: host indices, by host name */
	GArray *unrecorded; /* the hosts without an entry for it */
} FleetView;

/* @sorted_hosts: fleet_hosts_sorted(). */
FleetView *fleet_view_new(const Fleet *f, guint machine, const GArray *sorted_hosts);
void fleet_view_free(FleetView *v);

/* NULL when guests of the machine type migrate from a host of class @i to
 * one of class @j (indices into v->classes); else the first ROM that stops
 * them as compare's verdict (CLASH or MISSING; fleet_verdict_free()). */
ManifestVerdict *fleet_view_verdict(const Fleet *f, const FleetView *v, guint i, guint j);
void fleet_verdict_free(ManifestVerdict *v);
/* "efi-virtio.rom, pc-q35-7.2, x86_64: 0x40000 != 0x80000", as compare
 * prints a verdict after its kind. */
char *fleet_verdict_text(const ManifestVerdict *v);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(FleetView, fleet_view_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ManifestVerdict, fleet_verdict_free)

#endif
