/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The QEMU binaries a command asks for their facts (qemu/binary.h): for a
 * target, --qemu's binary, else qemu-system-ARCH on PATH, never one inside
 * --root. Machine types are resolved as that binary resolves them (an alias
 * its type, no --machine its default, an unknown name an error naming the
 * binary with the closest names); its `-L help` dirs are the embedded
 * default's dirs, so that a host resolves exactly where its QEMU looks.
 * With no binary for a target, names are taken as written and the build's
 * firmware path serves.
 */
#ifndef ROMRESOLVE_FACTS_H
#define ROMRESOLVE_FACTS_H

#include "qemu/binary.h"

typedef struct CliFacts CliFacts;

/* @qemu: --qemu's value (NULL: PATH's; "none": no binary, as on a host
 * without QEMU); @cache_dir: the per-binary cache. */
CliFacts *cli_facts_new(const char *qemu, const char *root, const char *cache_dir);
void cli_facts_free(CliFacts *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliFacts, cli_facts_free)

/* The binary for @arch, asked once per command; NULL without an error when
 * there is none (no --qemu, nothing on PATH). */
QemuBinary *cli_facts_binary(CliFacts *f, const char *arch, GError **error);

/*
 * The machine type @machine (as written; NULL: none given) stands for on
 * @arch: *@concrete gets the concrete type, or NULL (no --machine and no
 * default machine, or no binary and no --machine). With no binary the name
 * is taken as written and *@literal is set (the caller notes it, once, when
 * a machine type matters). FALSE with the error for a name the binary does
 * not know.
 */
gboolean cli_facts_machine(CliFacts *f, const char *arch, const char *machine, char **concrete,
			   gboolean *literal, GError **error);

/* The embedded default's dirs: @arch's binary's `-L help`; without @arch,
 * those of @arches' binaries (NULL: of every binary there is, --qemu's or
 * PATH's), in order, each once. NULL (no error) when there is no binary:
 * the build's firmware path. */
char **cli_facts_search_path(CliFacts *f, const char *arch, const char *const *arches,
			     GError **error);

/* The concrete type @machine of a saved manifest stands for on this host
 * (@data: the CliFacts; a new string), or NULL when @arch has no binary
 * or it knows no such type: a manifest's ManifestMachineFunc, for check
 * --against and the baseline. */
char *cli_facts_host_machine(const char *arch, const char *machine, gpointer data);

/* The targets of every binary there is: --qemu's (none when its name says
 * no target, qemu-kvm), else each qemu-system-TARGET on PATH (none inside
 * --root), in PATH's order; an empty vector when there is none. What
 * `manifest --save` records: the host's baseline. */
char **cli_facts_arches(CliFacts *f);

/* The one-line note for names taken as written on @arch (no binary). */
char *cli_facts_literal_note(const CliFacts *f, const char *arch);

#endif
