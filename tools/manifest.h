/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Manifests: the ROM BARs a host gives guests, written, read and compared.
 * The command's side of romresolve (the library QEMU links knows nothing of
 * JSON); the command, the unit tests and the fuzzers link it.
 *
 * The JSON form (romresolve(1), MANIFEST):
 *
 *   {"format": "romresolve-manifest", "version": 1, "host": "h1",
 *    "mode": "romresolve" | "stock",
 *    "entries": [{"arch": "x86_64", "machine": "pc-i440fx-7.2" | null,
 *                 "name": "efi-virtio.rom", "path": "/..." | null,
 *                 "size": 249344, "romsize": 262144, "ramblock": 262144,
 *                 "error": "..." (only when path is null)}]}
 *
 * An entry whose guests get no ROM has "path": null, "romsize": 0,
 * "ramblock": 0 and no "error".
 */
#ifndef ROMRESOLVE_MANIFEST_H
#define ROMRESOLVE_MANIFEST_H

#include <romresolve.h>

#define MANIFEST_FORMAT	 "romresolve-manifest"
#define MANIFEST_VERSION 1

/* The directories stock QEMU searches on Debian (FIRMWAREPATH, data dir). */
#define MANIFEST_STOCK_PATH ROMRESOLVE_STOCK_PATH

/* Readers refuse a document larger than this, or nested deeper than the
 * format is (document, entries, entry: 3). */
#define MANIFEST_MAX_BYTES (64 * 1024 * 1024)
#define MANIFEST_MAX_DEPTH 3

#define MANIFEST_ERROR (manifest_error_quark())
GQuark manifest_error_quark(void);

typedef enum {
	/* Not a manifest, of another format or a newer version, or malformed;
	 * the message names the file and what is wrong. */
	MANIFEST_ERROR_INVALID,
	/* The file could not be read. */
	MANIFEST_ERROR_IO,
} ManifestError;

typedef struct Manifest Manifest;

/*
 * Record every (arch, machine, name): @arches and @machines are
 * NULL-terminated (@machines NULL or empty: one entry per arch with no machine
 * type); a value given twice in @arches, @machines or @names counts once.
 * @names NULL means the [device] table's romfiles plus every option ROM (a
 * file that begins with 0x55 0xAA) in the dirs that apply. With @stock, the
 * files are found as unmodified QEMU would: the first readable file in the
 * directories of @stock_path (':'-separated, root prefixed; NULL =
 * MANIFEST_STOCK_PATH), no ceilings, romsize = pow2ceil(size).
 */
Manifest *manifest_new_from_context(RomresolveContext *ctx, const char *host,
				    const char *const *arches, const char *const *machines,
				    const char *const *names, gboolean stock,
				    const char *stock_path, GError **error);

/* Read a manifest; refuses another format, a newer version, duplicate
 * entries, deeper nesting and values of the wrong type. @what names the data
 * in messages. */
Manifest *manifest_new_from_file(const char *path, GError **error);
Manifest *manifest_new_from_data(const char *what, const char *data, gssize len, GError **error);
void manifest_free(Manifest *m);

/* The JSON document, pretty-printed, without a trailing newline. */
char *manifest_to_json(const Manifest *m);

const char *manifest_get_host(const Manifest *m);
gboolean manifest_is_stock(const Manifest *m);
guint manifest_get_n_entries(const Manifest *m);
const char *manifest_get_arch(const Manifest *m, guint i);
/* NULL when the entry has no machine type. */
const char *manifest_get_machine(const Manifest *m, guint i);
const char *manifest_get_name(const Manifest *m, guint i);
/* NULL when the name did not resolve; then get_error says why. */
const char *manifest_get_path(const Manifest *m, guint i);
const char *manifest_get_error(const Manifest *m, guint i);
uint64_t manifest_get_size(const Manifest *m, guint i);
uint64_t manifest_get_romsize(const Manifest *m, guint i);
uint64_t manifest_get_ramblock(const Manifest *m, guint i);
/* TRUE when the guest gets no ROM for the entry (path NULL, no error,
 * romsize and ramblock 0). */
gboolean manifest_get_no_rom(const Manifest *m, guint i);

/* "NAME, MACHINE, ARCH" (or "NAME, ARCH"): how QEMU-style messages name an
 * entry. */
char *manifest_entry_label(const char *name, const char *machine, const char *arch);

/* ---- verdicts: compare, and check --against ---- */

typedef enum {
	/* The same RAMBlock on both sides: guests migrate. */
	MANIFEST_VERDICT_OK,
	/* The RAMBlock lengths differ (a ROM on one side only included):
	 * QEMU refuses the incoming migration. */
	MANIFEST_VERDICT_CLASH,
	/* The new side lacks the file: guests that use it cannot start there. */
	MANIFEST_VERDICT_MISSING,
} ManifestVerdictKind;

typedef struct {
	ManifestVerdictKind kind;
	/* The entry (borrowed from the old manifest). */
	const char *arch;
	const char *machine; /* NULL: none */
	const char *name;
	/* RAMBlock lengths; new_ramblock is 0 when missing. */
	uint64_t old_ramblock;
	uint64_t new_ramblock;
	/* The file on the new side (NULL when missing). */
	char *path;
	/* Why it is missing, else NULL. */
	char *reason;
} ManifestVerdict;

/*
 * Per entry of @old_m that resolved, in @old_m's order, whether a guest
 * migrates from the old host to the new one. Returns a GPtrArray of
 * ManifestVerdict (freed with it); *@n_clashes and *@n_missing count.
 */
GPtrArray *manifest_compare(const Manifest *old_m, const Manifest *new_m, guint *n_clashes,
			    guint *n_missing);

/* The same, with this host (resolved through @ctx) as the new side: what
 * check --against reports. */
GPtrArray *manifest_check_against(const Manifest *m, RomresolveContext *ctx, guint *n_clashes,
				  guint *n_missing);

/* "0x40000 != 0x80000", "guests that use it cannot start on the new host:
 * REASON", "0x40000": the verdict's message, without the entry's label. */
char *manifest_verdict_message(const ManifestVerdict *v);
/* "ok", "clash", "missing". */
const char *manifest_verdict_kind_name(ManifestVerdictKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Manifest, manifest_free)

#endif
