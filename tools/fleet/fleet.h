/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fleet: hosts read from manifests and fact files, grouped by ABI class
 * per (arch, machine type). What compare --fleet and facts are made of.
 *
 * Files are read streaming (tools/fleet/jstream.c), one at a time; what
 * stays is each distinct class with its ROMs, each distinct (arch, machine
 * type), each distinct host profile (which class a host has for each
 * machine type) and, per host, its name, its file's name and its profile's
 * number. Memory grows with the classes and profiles, not with the entries
 * of the hosts.
 *
 * A fact file (romresolve(1), FACT FILES):
 *
 *   {"format": "romresolve-facts", "version": 1, "host": "h1",
 *    "made": "2026-12-06T22:35:19Z", "findings": 0, "drift": 0 | null,
 *    "baseline": "/var/lib/romresolve/baseline.json" | null,
 *    "machines": {"x86_64": {"pc-q35-7.2": "0f3c5a1e9b2d", "": "..."}},
 *    "classes": {"0f3c5a1e9b2d": {"rom_from_stream": false,
 *                                 "roms": [["efi-e1000.rom", 262144, 262144]]}}}
 *
 * ("" is the machine of entries without one.) Each class is checked
 * against its ROMs when read.
 */
#ifndef ROMRESOLVE_FLEET_H
#define ROMRESOLVE_FLEET_H

#include "class.h"

#include <glib.h>

#define FACTS_FORMAT  "romresolve-facts"
#define FACTS_VERSION 1

/*
 * The optional manifest member that says which machine types' QEMU sizes
 * ROM BARs from the incoming migration stream (the rom-resize patch group):
 *
 *   "rom_from_stream": [{"arch": "x86_64", "machine": "pc-q35-10.2"}]
 *
 * A machine type not listed (or a manifest without the member) does not.
 */

typedef struct Fleet Fleet;

Fleet *fleet_new(void);
void fleet_free(Fleet *f);

/* Read a manifest or a fact file (by its "format"), or every *.json file
 * of a dir, in name order. Errors are MANIFEST_ERROR's, naming the file. */
gboolean fleet_add_path(Fleet *f, const char *path, GError **error);
/* The same for a document in memory; @what names it. */
gboolean fleet_add_data(Fleet *f, const char *what, const char *data, gsize len, GError **error);

guint fleet_n_hosts(const Fleet *f);
const char *fleet_host_name(const Fleet *f, guint h);
const char *fleet_host_file(const Fleet *f, guint h);
/* Host indices by name (a new array of guint). */
GArray *fleet_hosts_sorted(const Fleet *f);

/* The (arch, machine type) pairs any host has; machine NULL: none. */
guint fleet_n_machines(const Fleet *f);
const char *fleet_machine_arch(const Fleet *f, guint m);
const char *fleet_machine_name(const Fleet *f, guint m);
/* Machine indices by arch, then machine type (a new array of guint). */
GArray *fleet_machines_sorted(const Fleet *f);

guint fleet_n_classes(const Fleet *f);
const char *fleet_class_name(const Fleet *f, guint c);
gboolean fleet_class_from_stream(const Fleet *f, guint c);
const FleetRom *fleet_class_roms(const Fleet *f, guint c, guint *n);

/* The class host @h has for machine @m, or -1 when it has none. */
int fleet_host_class(const Fleet *f, guint h, guint m);
/* Hosts with the same class for every machine type share a profile. */
guint fleet_n_profiles(const Fleet *f);
guint fleet_host_profile(const Fleet *f, guint h);
int fleet_profile_class(const Fleet *f, guint p, guint m);

#endif
