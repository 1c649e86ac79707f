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
 *                 "error": "..." (only when path is null)}],
 *    "qemu": [{"arch": "x86_64", "binary": "/usr/bin/qemu-system-x86_64",
 *              "version": "7.2.22", "package": "Debian ..." | null,
 *              "default_machine": "pc-i440fx-7.2" | null}],
 *    "machine_aliases": [{"arch": "x86_64", "alias": "pc",
 *                         "machine": "pc-i440fx-7.2"}]}
 *
 * "qemu" and "machine_aliases" (optional members of format version 1, which
 * its earlier readers ignore) record the binary whose machine types an
 * arch's entries have; a manifest saved without them has, per arch, a null
 * machine (no --machine) or the names as given.
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

/* An empty manifest, then an arch at a time: its entries for @machines
 * (NULL or empty: one set with no machine type) and @names (NULL: the
 * device table's romfiles and every option ROM in the dirs that apply; with
 * a stock manifest, in the dirs of @stock_path, ':'-separated, NULL:
 * MANIFEST_STOCK_PATH), resolved through @ctx. Repeats count once. */
Manifest *manifest_new(const char *host, gboolean stock);
gboolean manifest_add_arch(Manifest *m, RomresolveContext *ctx, const char *arch,
			   const char *const *machines, const char *const *names,
			   const char *stock_path, GError **error);
/* The binary whose machine types @arch's entries have, and each alias it
 * has: what compare makes of a saved manifest's null machine and aliases. */
void manifest_add_qemu(Manifest *m, const char *arch, const char *binary, const char *version,
		       const char *package, const char *default_machine);
void manifest_add_alias(Manifest *m, const char *arch, const char *alias, const char *machine);

/* The manifest's optional facts: arrays of objects whose members are strings
 * of a kind, some nullable. Both readers, this one and compare --fleet's
 * streaming one, check them by this table. */
typedef enum {
	MANIFEST_FIELD_TEXT,	/* any string */
	MANIFEST_FIELD_ARCH,	/* an arch romresolve_arch_validate() takes */
	MANIFEST_FIELD_MACHINE, /* a machine type's name: printable, no '/' */
} ManifestFieldKind;

typedef struct {
	const char *member;
	ManifestFieldKind kind;
	gboolean nullable;
} ManifestField;

#define MANIFEST_FACT_FIELDS_MAX 5

typedef struct {
	const char *array; /* the document's member */
	const char *label; /* "LABEL N: missing or invalid MEMBER" */
	guint n_fields;
	ManifestField fields[MANIFEST_FACT_FIELDS_MAX];
} ManifestFacts;

enum { MANIFEST_FACTS_QEMU, MANIFEST_FACTS_ALIASES, MANIFEST_FACTS_FROM_STREAM, MANIFEST_N_FACTS };
extern const ManifestFacts manifest_facts[MANIFEST_N_FACTS];
gboolean manifest_field_valid(ManifestFieldKind kind, const char *value);

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

/* What QEMU with x-rom-resize reserves for an option ROM: a stream's ROM
 * RAMBlock up to this length (or up to its own) replaces its own. */
#define MANIFEST_ROM_RESIZE_MAX (16 * 1024 * 1024)

/* Whether a guest's ROM RAMBlock of @from bytes is taken by a host whose
 * ROM has one of @to bytes: the same length, or (@resizes: the host's QEMU
 * sizes ROM BARs from the incoming stream, x-rom-resize) a power of two over
 * one page (a one-page block does not tell the BAR it had) within the
 * reserve. No RAMBlock on one side is never resized into one. */
gboolean manifest_ramblock_migrates(uint64_t from, uint64_t to, gboolean resizes);

/* The machine types whose QEMU sizes ROM BARs from the incoming migration
 * stream (x-rom-resize on): the optional "rom_from_stream" member. */
void manifest_add_from_stream(Manifest *m, const char *arch, const char *machine);
gboolean manifest_is_from_stream(const Manifest *m, const char *arch, const char *machine);

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
	/* The old side lacked the file, the new side has it (no guest of the
	 * old host ran with it; manifest_compare_gained() only). */
	MANIFEST_VERDICT_GAINED,
	/* The RAMBlock lengths differ, but the new host's QEMU sizes the ROM
	 * from the incoming stream (x-rom-resize): guests migrate, and keep
	 * the old host's BAR. Not a clash. */
	MANIFEST_VERDICT_RESIZED,
} ManifestVerdictKind;

typedef struct {
	ManifestVerdictKind kind;
	/* The entry (borrowed from the old manifest; its machine type made
	 * concrete, see manifest_compare). */
	const char *arch;
	const char *machine; /* NULL: none */
	char *machine_owned;
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
 * migrates from the old host to the new one. Entries match by concrete
 * machine type: a null machine is the default, an alias its type, as the
 * manifest's own "qemu" and "machine_aliases" say, else the other side's
 * (so baselines saved before manifests recorded their binaries compare). Returns a GPtrArray of
 * ManifestVerdict (freed with it); *@n_clashes and *@n_missing count.
 */
GPtrArray *manifest_compare(const Manifest *old_m, const Manifest *new_m, guint *n_clashes,
			    guint *n_missing);
/* The same, and a verdict (MANIFEST_VERDICT_GAINED, counted in *@n_gained)
 * for each entry the old side lacked and the new side has: every change of
 * presence, what check reports against the host's baseline. */
GPtrArray *manifest_compare_gained(const Manifest *old_m, const Manifest *new_m, guint *n_clashes,
				   guint *n_missing, guint *n_gained);

/* The concrete machine type @machine (NULL: none) of @arch is on this host
 * (a new string), or NULL to keep what the manifest says. */
typedef char *(*ManifestMachineFunc)(const char *arch, const char *machine, gpointer data);

/* The same, with this host (resolved through @ctx) as the new side: what
 * check --against reports. @concrete (may be NULL) maps each entry's
 * machine type to this host's concrete one. */
GPtrArray *manifest_check_against(const Manifest *m, RomresolveContext *ctx,
				  ManifestMachineFunc concrete, gpointer data, guint *n_clashes,
				  guint *n_missing);

/* "0x40000 != 0x80000", "guests that use it cannot start on the new host:
 * REASON", "0x40000": the verdict's message, without the entry's label. */
char *manifest_verdict_message(const ManifestVerdict *v);
/* "ok", "clash", "missing", "gained". */
const char *manifest_verdict_kind_name(ManifestVerdictKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Manifest, manifest_free)

#endif
