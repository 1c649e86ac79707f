/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * romresolve.h - decide which firmware file a qemu-system-* process loads
 *
 * One context holds a loaded configuration: the search directories with their
 * target and machine filters and size ceilings, the machine-type rules and the
 * device table. It is immutable once made, so one context may be shared by any
 * number of threads doing lookups; reloading means making a new context and
 * dropping the old one (reference counting is atomic).
 *
 * Threads, precisely: the library has no global mutable state. Any function
 * taking a context may run in any number of threads at once on the same
 * context (lookups, dirs, rules, check), and loading may
 * run beside them. romresolve_context_ref() and _unref() may be called from
 * any thread, the last unref included; a result keeps its context alive.
 * Replacing a shared context pointer is the caller's business: take a
 * reference under the caller's lock, use it without the lock, drop it (see
 * tests/hardening/test-threads.c). A result is read-only to every thread but
 * romresolve_result_steal_fd(), which only its one owner may call. Check
 * callbacks run in the calling thread.
 *
 * Errors come back as GError in the ROMRESOLVE_ERROR domain. Messages are one
 * phrase, without a trailing newline; config errors begin with "FILE:LINE: ".
 * Nothing is ever printed and no environment variable is ever read: callers
 * pass the root and the config directories explicitly.
 */
#ifndef ROMRESOLVE_H
#define ROMRESOLVE_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#if defined(__GNUC__) || defined(__clang__)
#define ROMRESOLVE_EXPORT __attribute__((visibility("default")))
#else
#define ROMRESOLVE_EXPORT
#endif

/* ---- errors (error.c) ---- */

#define ROMRESOLVE_ERROR (romresolve_error_quark())

typedef enum {
	/* A config file is malformed; the message starts with "FILE:LINE: ". */
	ROMRESOLVE_ERROR_CONFIG,
	/* A ROM name is not a bare file name (has '/', is "." or "..", ...). */
	ROMRESOLVE_ERROR_INVALID_NAME,
	/* A target architecture is not a QEMU target name. */
	ROMRESOLVE_ERROR_INVALID_ARCH,
	/* Another argument is invalid (a machine type name, a size, ...). */
	ROMRESOLVE_ERROR_INVALID_ARGUMENT,
	/* No candidate file exists in any applicable directory. */
	ROMRESOLVE_ERROR_NOT_FOUND,
	/* Candidates exist but every one was rejected; the message lists them. */
	ROMRESOLVE_ERROR_REJECTED,
	/* A file or directory could not be read. */
	ROMRESOLVE_ERROR_IO,
	/* A lookup stopped at a candidate or search directory that exists but
	 * cannot be opened (EACCES, EIO, ...) or that is writable by group or
	 * others: going on would give another file than on a host, or to a
	 * caller, for whom it is fine. The message names the path and why. */
	ROMRESOLVE_ERROR_STOPPED,
} RomresolveError;

ROMRESOLVE_EXPORT GQuark romresolve_error_quark(void);

/* ---- contexts (context.c) ---- */

typedef struct RomresolveContext RomresolveContext;

/*
 * The built-in drop-in directories, most specific first, as a new
 * NULL-terminated vector: USER_CONFIG_HOME/qemu/romresolve.d (only when
 * user_config_home is not NULL: the caller decides whether it is unprivileged
 * and reads $XDG_CONFIG_HOME), /etc/qemu/romresolve.d,
 * /usr/share/qemu/romresolve.d.
 */
ROMRESOLVE_EXPORT char **romresolve_config_dirs_default(const char *user_config_home);

typedef enum {
	/* Any config problem fails the load (ROMRESOLVE_ERROR_CONFIG, the first
	 * problem as "FILE:LINE: message"): for build-time checks. */
	ROMRESOLVE_CONTEXT_STRICT = 1 << 0,
	/* The caller is QEMU itself, which knows its devices' default romfiles
	 * and its machine types' compat properties: ROM lookups consult no
	 * built-in device table (no built-in "no ROM" answers). */
	ROMRESOLVE_CONTEXT_NO_DEVICE_TABLE = 1 << 1,
} RomresolveContextFlags;

/*
 * Load the configuration.
 *
 * @root: NULL or "/" for the real host, else a directory prefixed to every
 *        config directory, every search directory and every absolute link
 *        target met on the way to a file.
 * @config_dirs: NULL-terminated drop-in directories, most specific first;
 *        NULL means romresolve_config_dirs_default(NULL).
 * @search_path: QEMU's own search path, in its order (the data dirs that
 *        `qemu-system-ARCH -L help` lists, or that QEMU passes: its
 *        --firmwarepath and data dir), NULL-terminated: the dirs of the
 *        embedded default, each with the default's keys (every target, a
 *        256 KiB ceiling, priority 50, so they keep this order). Absolute
 *        paths without . or .. components (resolve them with realpath(3));
 *        one that cannot be a [dir] is a problem of the default and left
 *        out. NULL: the build's firmware path (meson option firmwarepath).
 *        Drop-ins add dirs around these by priority; a real 00-default.conf
 *        replaces them.
 *
 * Files named *.conf are merged by name (the most specific directory wins, an
 * empty file or a link to /dev/null masks) and read in lexical order. The
 * embedded default is one of them, read as 00-default.conf of the least
 * specific dir unless a real file of that name overrides or masks it.
 * Sections of the same name merge key by key (a later file wins, an empty
 * value resets the key, map lines replace the map of the same name,
 * enabled = no drops a [dir]).
 *
 * A file with any problem (unreadable, syntax, unknown section or key, bad
 * value) is not applied at all; every other file is. The problems are data:
 * romresolve_context_get_problems(). Fails only for a bad @root (and, with
 * ROMRESOLVE_CONTEXT_STRICT, on the first problem).
 */
ROMRESOLVE_EXPORT RomresolveContext *romresolve_context_new_full(const char *root,
								 const char *const *config_dirs,
								 const char *const *search_path,
								 RomresolveContextFlags flags,
								 GError **error);
/* romresolve_context_new_full() with the build's search path, without flags. */
ROMRESOLVE_EXPORT RomresolveContext *
romresolve_context_new(const char *root, const char *const *config_dirs, GError **error);

/* Load from one config text instead of drop-in dirs (tests, tools, fuzzing),
 * without the embedded default. Strict: any problem fails the load, the
 * first one as the error. @filename names the text in messages; @root is only
 * a prefix here and need not exist. */
ROMRESOLVE_EXPORT RomresolveContext *romresolve_context_new_from_data(const char *root,
								      const char *filename,
								      const char *data, gsize len,
								      GError **error);

/* The embedded default, then each of @files (NULL-terminated paths, read as
 * given, in order) as drop-ins: what `romresolve verify` lints. Problems are
 * data, as for romresolve_context_new(). */
ROMRESOLVE_EXPORT RomresolveContext *
romresolve_context_new_from_files(const char *root, const char *const *files, GError **error);

/* A config problem: the file (or config dir), the line (0: the whole file)
 * and one phrase. */
typedef struct RomresolveProblem RomresolveProblem;

/* Every problem met while loading, in the order met (NULL-terminated, owned
 * by the context; empty when the config is clean). */
ROMRESOLVE_EXPORT const RomresolveProblem *const *
romresolve_context_get_problems(const RomresolveContext *ctx);
ROMRESOLVE_EXPORT const char *romresolve_problem_get_file(const RomresolveProblem *problem);
ROMRESOLVE_EXPORT unsigned romresolve_problem_get_line(const RomresolveProblem *problem);
ROMRESOLVE_EXPORT const char *romresolve_problem_get_message(const RomresolveProblem *problem);

/* The merged config as INI text: every section and key that applies, each
 * line followed by "# FILE:LINE", where it was written. A new string. */
ROMRESOLVE_EXPORT char *romresolve_context_dump_config(const RomresolveContext *ctx);

/* One line of the merged config: a section header (@key and @value NULL) or
 * one of its keys. @kind is "dir", "machine" or "device"; @name the
 * section's name (a dir's path); @file and @line where the line was written.
 * The strings are the context's. */
typedef void (*RomresolveConfigLineFunc)(const char *kind, const char *name, const char *key,
					 const char *value, const char *file, unsigned line,
					 gpointer user_data);

/* The lines romresolve_context_dump_config() prints, as data: @func is
 * called for each section in read order, then for each of its keys in
 * effect, in merge order. */
ROMRESOLVE_EXPORT void romresolve_context_foreach_config_line(const RomresolveContext *ctx,
							      RomresolveConfigLineFunc func,
							      gpointer user_data);

ROMRESOLVE_EXPORT RomresolveContext *romresolve_context_ref(RomresolveContext *ctx);
ROMRESOLVE_EXPORT void romresolve_context_unref(RomresolveContext *ctx);

/* The embedded default's search path (NULL-terminated, owned by the
 * context): the caller's, else the build's. */
ROMRESOLVE_EXPORT const char *const *
romresolve_context_get_search_path(const RomresolveContext *ctx);

/* The root prefix, "" for the real host. */
ROMRESOLVE_EXPORT const char *romresolve_context_get_root(const RomresolveContext *ctx);

/* TRUE when the embedded default is applied (no real 00-default.conf
 * overrides or masks it). */
ROMRESOLVE_EXPORT gboolean romresolve_context_is_default(const RomresolveContext *ctx);

/* The config files that were applied, in read order (full paths, root
 * included); "<embedded default>" for the default. A file with a problem is
 * not among them. */
ROMRESOLVE_EXPORT const char *const *romresolve_context_get_files(const RomresolveContext *ctx);

/* Files that were found but not read (the embedded default included, as
 * "<embedded default>"): masked (an empty file or /dev/null link
 * in a more specific dir) or overridden (a same-named file in a more specific
 * dir). Each entry is "PATH masked by PATH" or "PATH overridden by PATH". */
ROMRESOLVE_EXPORT const char *const *romresolve_context_get_shadowed(const RomresolveContext *ctx);

/*
 * The romfile QEMU's @device type loads by default on @arch and @machine
 * (either may be NULL: not known): the built-in device table (QEMU 10.0's
 * class romfiles), overridden or extended by [device] sections, with the
 * machine types' compat properties applied first (vmxnet3 has no ROM on
 * pc-i440fx-2.6, pc-q35-2.6 and older). Returns NULL when the device loads no
 * ROM in QEMU's knowledge (unknown device), "" when it has none on that arch
 * and machine type (or a [device] section says romfile =), else the name.
 */
ROMRESOLVE_EXPORT const char *romresolve_context_get_device_romfile(const RomresolveContext *ctx,
								    const char *device,
								    const char *arch,
								    const char *machine);

/* Every device type known to load a ROM: the built-in table, then the types
 * [device] sections add, in read order (NULL-terminated, owned by the
 * context). */
ROMRESOLVE_EXPORT const char *const *romresolve_context_get_devices(const RomresolveContext *ctx);

/* ---- search directories (dir.c) ---- */

typedef struct RomresolveDir RomresolveDir;

/*
 * The search path for @arch (a QEMU target name; NULL = every dir regardless of
 * its arch filter) and @machine (NULL = no machine type known: dirs restricted
 * to machine types do not apply), in search order; every dir when both are
 * NULL. The array and its dirs are owned by the context; free the array with
 * g_ptr_array_unref().
 */
ROMRESOLVE_EXPORT GPtrArray *romresolve_context_get_dirs(const RomresolveContext *ctx,
							 const char *arch, const char *machine,
							 GError **error);

/* The directory as configured, without the root. */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_path(const RomresolveDir *dir);
/* The directory with the root prefixed: what is opened. */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_full_path(const RomresolveDir *dir);
ROMRESOLVE_EXPORT int romresolve_dir_get_priority(const RomresolveDir *dir);
/* Ceiling for option ROMs in bytes (always set: default 256 KiB). */
ROMRESOLVE_EXPORT uint64_t romresolve_dir_get_max_size(const RomresolveDir *dir);
/* Pinned ROM BAR in bytes, or 0 when not pinned. */
ROMRESOLVE_EXPORT uint64_t romresolve_dir_get_rom_size(const RomresolveDir *dir);
/* Space-separated arch filter, "*" for every target. */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_arch(const RomresolveDir *dir);
/* Space-separated machine globs, or NULL when every machine type applies. */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_machine(const RomresolveDir *dir);
/* FALSE when the dir says strict-modes = no: files and the dir itself may then
 * be writable by group or others. */
ROMRESOLVE_EXPORT gboolean romresolve_dir_get_strict_modes(const RomresolveDir *dir);
/* Where the section was first written. */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_file(const RomresolveDir *dir);
ROMRESOLVE_EXPORT unsigned romresolve_dir_get_line(const RomresolveDir *dir);
/* Where the dir's max-size in effect was set (the header of the section, in
 * the file whose max-size is in effect), or NULL and 0 when no file set it:
 * the default, the rom-size or else 256 KiB. */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_max_size_file(const RomresolveDir *dir);
ROMRESOLVE_EXPORT unsigned romresolve_dir_get_max_size_line(const RomresolveDir *dir);
/* Where the dir's rom-size in effect was set, or NULL and 0: not pinned. */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_rom_size_file(const RomresolveDir *dir);
ROMRESOLVE_EXPORT unsigned romresolve_dir_get_rom_size_line(const RomresolveDir *dir);
/* Where the dir's ceiling in effect was set: the header of the section, in
 * the file whose max-size or rom-size is in effect (else the first). */
ROMRESOLVE_EXPORT const char *romresolve_dir_get_ceiling_file(const RomresolveDir *dir);
ROMRESOLVE_EXPORT unsigned romresolve_dir_get_ceiling_line(const RomresolveDir *dir);

/* ---- machine-type rules (rule.c) ---- */

typedef struct RomresolveRule RomresolveRule;

/* The [machine] rules that apply to @arch and @machine, in read order (all of
 * them when both are NULL). Free the array with g_ptr_array_unref(). */
ROMRESOLVE_EXPORT GPtrArray *romresolve_context_get_rules(const RomresolveContext *ctx,
							  const char *arch, const char *machine,
							  GError **error);
ROMRESOLVE_EXPORT const char *romresolve_rule_get_name(const RomresolveRule *rule);
/* Ceiling and pinned ROM BAR in bytes, 0 when not set. */
ROMRESOLVE_EXPORT uint64_t romresolve_rule_get_max_size(const RomresolveRule *rule);
ROMRESOLVE_EXPORT uint64_t romresolve_rule_get_rom_size(const RomresolveRule *rule);
/* The ROM names the rule's no-rom line lists (NULL-terminated, owned by the
 * rule; empty when none). */
ROMRESOLVE_EXPORT const char *const *romresolve_rule_get_no_rom(const RomresolveRule *rule);
/* Space-separated arch filter, "*" for every target. */
ROMRESOLVE_EXPORT const char *romresolve_rule_get_arch(const RomresolveRule *rule);
/* The map lines: NAME (from) and the compat name loaded instead (to). */
ROMRESOLVE_EXPORT guint romresolve_rule_get_n_maps(const RomresolveRule *rule);
ROMRESOLVE_EXPORT const char *romresolve_rule_get_map_from(const RomresolveRule *rule, guint i);
ROMRESOLVE_EXPORT const char *romresolve_rule_get_map_to(const RomresolveRule *rule, guint i);
/* The compat name the rule maps @name to, or NULL. */
ROMRESOLVE_EXPORT const char *romresolve_rule_get_map(const RomresolveRule *rule, const char *name);
/* Where the rule's ceiling for @name was set: the section header in the file
 * whose max-size (or rom-size pinning @name) is in effect, else the first. */
ROMRESOLVE_EXPORT const char *romresolve_rule_get_ceiling_file(const RomresolveRule *rule,
							       const char *name);
ROMRESOLVE_EXPORT unsigned romresolve_rule_get_ceiling_line(const RomresolveRule *rule,
							    const char *name);
ROMRESOLVE_EXPORT const char *romresolve_rule_get_file(const RomresolveRule *rule);
ROMRESOLVE_EXPORT unsigned romresolve_rule_get_line(const RomresolveRule *rule);
/* Where the rule's max-size and rom-size in effect were set (the header of
 * the section, in the file whose key is in effect), or NULL and 0: not set. */
ROMRESOLVE_EXPORT const char *romresolve_rule_get_max_size_file(const RomresolveRule *rule);
ROMRESOLVE_EXPORT unsigned romresolve_rule_get_max_size_line(const RomresolveRule *rule);
ROMRESOLVE_EXPORT const char *romresolve_rule_get_rom_size_file(const RomresolveRule *rule);
ROMRESOLVE_EXPORT unsigned romresolve_rule_get_rom_size_line(const RomresolveRule *rule);

/* ---- lookups (resolve.c) ---- */

typedef enum {
	/* A device's default option ROM (the romfile its class sets, which the
	 * user did not write): the host's policy applies: machine rules' map
	 * and no-rom, size ceilings, pinned rom-size. */
	ROMRESOLVE_LOOKUP_ROM,
	/* Any other firmware blob: same search path, machine rules' map, no
	 * ceiling. */
	ROMRESOLVE_LOOKUP_FIRMWARE,
	/* A romfile the user wrote (romfile=NAME): the same search path, and
	 * nothing else of the host's policy: no map, no no-rom, no ceiling, no
	 * pin; the ROM BAR is pow2ceil(size), as stock QEMU gives it. */
	ROMRESOLVE_LOOKUP_EXPLICIT,
} RomresolveLookupKind;

typedef struct RomresolveResult RomresolveResult;

/*
 * Find the file QEMU should load for @name.
 *
 * @name: a bare file name; an absolute path is returned untouched (after the
 *        same open and checks, without ceiling) and flagged, see
 *        romresolve_result_is_absolute().
 * @arch: the QEMU target name ("x86_64", "aarch64", ...).
 * @machine: the concrete machine type ("pc-i440fx-10.0"), or NULL.
 *
 * Returns the result, holding an open file descriptor of the chosen file, or
 * NULL with ROMRESOLVE_ERROR_NOT_FOUND (nothing exists),
 * ROMRESOLVE_ERROR_REJECTED (every candidate was rejected; the message lists
 * each), ROMRESOLVE_ERROR_STOPPED (a candidate or dir exists but cannot be
 * opened, or is unsafe: the search does not go on past it),
 * ROMRESOLVE_ERROR_INVALID_NAME or ROMRESOLVE_ERROR_INVALID_ARCH.
 */
ROMRESOLVE_EXPORT RomresolveResult *
romresolve_context_resolve(RomresolveContext *ctx, const char *name, const char *arch,
			   const char *machine, RomresolveLookupKind kind, GError **error);

/*
 * Like romresolve_context_resolve(), but a search that finds nothing still
 * returns a result (romresolve_result_is_found() is FALSE) so that its trace
 * can be shown. Returns NULL only for an invalid name or arch.
 */
ROMRESOLVE_EXPORT RomresolveResult *
romresolve_context_lookup(RomresolveContext *ctx, const char *name, const char *arch,
			  const char *machine, RomresolveLookupKind kind, GError **error);

/* Check that @name is a bare file name: not empty, no '/', not "." or "..",
 * at most NAME_MAX bytes. */
ROMRESOLVE_EXPORT gboolean romresolve_name_validate(const char *name, GError **error);

/* Check that @arch is a QEMU target name. */
ROMRESOLVE_EXPORT gboolean romresolve_arch_validate(const char *arch, GError **error);

/* The QEMU target names romresolve knows, NULL-terminated, static. */
ROMRESOLVE_EXPORT const char *const *romresolve_arch_get_all(void);

/* ---- results (result.c) ---- */

typedef enum {
	ROMRESOLVE_VERDICT_USED,
	ROMRESOLVE_VERDICT_MISSING,
	ROMRESOLVE_VERDICT_NOT_REGULAR,
	ROMRESOLVE_VERDICT_EMPTY,
	ROMRESOLVE_VERDICT_TOO_LARGE,
	ROMRESOLVE_VERDICT_UNREADABLE,
	/* Writable by group or others: the file, its dir, a link on the way or
	 * the dir of one; see strict-modes in romresolve.conf(5). */
	ROMRESOLVE_VERDICT_UNSAFE,
} RomresolveVerdict;

ROMRESOLVE_EXPORT RomresolveResult *romresolve_result_ref(RomresolveResult *result);
ROMRESOLVE_EXPORT void romresolve_result_unref(RomresolveResult *result);

/* FALSE when nothing was found, and for a no-ROM answer. */
ROMRESOLVE_EXPORT gboolean romresolve_result_is_found(const RomresolveResult *result);
/* TRUE when the lookup stopped at its last candidate, which exists but
 * cannot be opened or is unsafe (see ROMRESOLVE_ERROR_STOPPED). */
ROMRESOLVE_EXPORT gboolean romresolve_result_is_stopped(const RomresolveResult *result);
/* TRUE when the guest gets no ROM for this name on this machine type: a
 * matching [machine] rule's no-rom lists it, or QEMU's compat properties take
 * the ROM away from every device that loads it (vmxnet3's efi-vmxnet3.rom on
 * pc-*-2.6 and older). Path NULL, fd -1, romsize and ramblock 0; rule names
 * who said so. Only ROM lookups end this way. */
ROMRESOLVE_EXPORT gboolean romresolve_result_is_no_rom(const RomresolveResult *result);
/* The name asked for. */
ROMRESOLVE_EXPORT const char *romresolve_result_get_name(const RomresolveResult *result);
/* The compat name a machine rule mapped the name to, or NULL. */
ROMRESOLVE_EXPORT const char *romresolve_result_get_compat_name(const RomresolveResult *result);
/* The rule that mapped it ("NAME (FILE:LINE)"), or NULL. */
ROMRESOLVE_EXPORT const char *romresolve_result_get_rule(const RomresolveResult *result);
/* The chosen file (root included), or NULL when not found. */
ROMRESOLVE_EXPORT const char *romresolve_result_get_path(const RomresolveResult *result);
/* TRUE when the name was an absolute path returned untouched. */
ROMRESOLVE_EXPORT gboolean romresolve_result_is_absolute(const RomresolveResult *result);
/* The open fd of the chosen file (owned by the result), or -1. */
ROMRESOLVE_EXPORT int romresolve_result_get_fd(const RomresolveResult *result);
/* Take the fd: the caller closes it; the result then holds -1. */
ROMRESOLVE_EXPORT int romresolve_result_steal_fd(RomresolveResult *result);
/* File size in bytes, as fstat() saw it on the open fd. */
ROMRESOLVE_EXPORT uint64_t romresolve_result_get_size(const RomresolveResult *result);
/* The directory it came from, or NULL (absolute names, not found). */
ROMRESOLVE_EXPORT const RomresolveDir *romresolve_result_get_dir(const RomresolveResult *result);
/* The effective ceiling that applied, 0 for firmware lookups. */
ROMRESOLVE_EXPORT uint64_t romresolve_result_get_ceiling(const RomresolveResult *result);
/* Where that ceiling was set: the section header line in the file whose
 * max-size or rom-size (a rule's, or the dir's) is in effect; NULL and 0 when
 * there is no ceiling, or when it is a dir's default max-size, which no file
 * set. */
ROMRESOLVE_EXPORT const char *romresolve_result_get_ceiling_file(const RomresolveResult *result);
ROMRESOLVE_EXPORT unsigned romresolve_result_get_ceiling_line(const RomresolveResult *result);
/* The ROM BAR the guest sees: the pinned rom-size, else pow2ceil(size). */
ROMRESOLVE_EXPORT uint64_t romresolve_result_get_romsize(const RomresolveResult *result);
/* TRUE when romsize comes from a configured rom-size. */
ROMRESOLVE_EXPORT gboolean romresolve_result_is_romsize_pinned(const RomresolveResult *result);
/* Where that rom-size was set (a rule's or the dir's section header line in
 * the file), or NULL and 0 when romsize is not pinned. */
ROMRESOLVE_EXPORT const char *romresolve_result_get_romsize_file(const RomresolveResult *result);
ROMRESOLVE_EXPORT unsigned romresolve_result_get_romsize_line(const RomresolveResult *result);
/* The RAMBlock length the migration stream carries: romsize rounded up to
 * the 4 KiB page. */
ROMRESOLVE_EXPORT uint64_t romresolve_result_get_ramblock(const RomresolveResult *result);

/* Every candidate the search touched, in order, including the one used. */
ROMRESOLVE_EXPORT guint romresolve_result_get_n_candidates(const RomresolveResult *result);
ROMRESOLVE_EXPORT const char *romresolve_result_get_candidate_path(const RomresolveResult *result,
								   guint i);
ROMRESOLVE_EXPORT RomresolveVerdict
romresolve_result_get_candidate_verdict(const RomresolveResult *result, guint i);
/* A phrase: "used", "missing", "not a regular file", "empty",
 * "300 KiB (307200 bytes) is over the 256 KiB ceiling of DIR from FILE:LINE". */
ROMRESOLVE_EXPORT const char *romresolve_result_get_candidate_reason(const RomresolveResult *result,
								     guint i);

/* ---- checks (check.c) ---- */

/* The directories stock QEMU searches on Debian (FIRMWAREPATH, data dir). */
#define ROMRESOLVE_STOCK_PATH "/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu"

typedef enum {
	/* A config problem (FILE:LINE): that file is not applied. */
	ROMRESOLVE_FINDING_CONFIG_PROBLEM,
	/* An option ROM larger than the ceiling of its dir or rule. */
	ROMRESOLVE_FINDING_OVER_CEILING,
	/* A dir, link or option ROM writable by group or others (a note where
	 * the dir says strict-modes = no). */
	ROMRESOLVE_FINDING_WRITABLE,
	/* A link that leads nowhere, loops, or to no regular file (a note: QEMU
	 * skips it too). */
	ROMRESOLVE_FINDING_BAD_LINK,
	/* A configured dir that does not exist on this host (a note). */
	ROMRESOLVE_FINDING_MISSING_DIR,
	/* A configured dir that is no dir or cannot be read. */
	ROMRESOLVE_FINDING_BAD_DIR,
	/* An option ROM in a dir of QEMU's search path
	 * (romresolve_context_get_search_path()) that no config declares: stock
	 * QEMU loads it, romresolve never does. No other dir is looked at
	 * (QEMU searches no sub-dir and no dir a config does not name). */
	ROMRESOLVE_FINDING_UNDECLARED_ROM,
	/* A romfile of the device table that does not resolve for a target whose
	 * search path has a dir that exists (path: the ROM name). */
	ROMRESOLVE_FINDING_UNRESOLVED_DEVICE,
	/* Not made by the library: the command's check --against uses the kind
	 * for a ROM BAR that differs from a saved manifest, or a ROM gone. */
	ROMRESOLVE_FINDING_BAR_MISMATCH,
	/* A search dir, option ROM or link on the way that exists but cannot be
	 * read by the caller: every lookup that reaches it stops (fail
	 * closed), so this caller cannot start a guest that needs it. */
	ROMRESOLVE_FINDING_UNREADABLE,
	/* A rom-size pin above the max-size in effect for the same dir or
	 * rule: a file between the two is refused instead of getting the
	 * pinned BAR (the pin's and the ceiling's origins are named). */
	ROMRESOLVE_FINDING_PIN_OVER_CEILING,
} RomresolveFindingKind;

typedef struct RomresolveFinding RomresolveFinding;

/*
 * Lint the host (or the tree under the root): config problems; rom-size
 * pins over their max-size; every option ROM (a file that begins with 0x55
 * 0xAA) in every configured dir measured against the dir's ceiling, every
 * compat file a rule maps to against the rule's; dirs, links and ROMs
 * writable by group or others, or that the caller cannot read (lookups
 * stop there); option ROMs in dirs of QEMU's search path that no config
 * declares; device-table romfiles that do not resolve (but for a stop at a
 * dir or file that is a finding already).
 * Returns the findings and notes in that order, as a new array of
 * RomresolveFinding (it frees them: g_ptr_array_unref()). (Comparing with a
 * saved manifest is the command's: check --against.)
 */
ROMRESOLVE_EXPORT GPtrArray *romresolve_context_check(RomresolveContext *ctx);
typedef enum {
	/* The root is one package's build tree, not a host: skip the checks of
	 * what other packages provide (undeclared dirs, device-table romfiles). */
	ROMRESOLVE_CHECK_PACKAGE = 1 << 0,
	/* The config only (problems, pins over ceilings), nothing on disk:
	 * what `romresolve verify` adds to a drop-in's lint. */
	ROMRESOLVE_CHECK_CONFIG = 1 << 1,
} RomresolveCheckFlags;

/* romresolve_context_check() with @flags. */
ROMRESOLVE_EXPORT GPtrArray *romresolve_context_check_full(RomresolveContext *ctx,
							   RomresolveCheckFlags flags);

/* How many of @findings are findings, not notes. */
ROMRESOLVE_EXPORT guint romresolve_findings_count(GPtrArray *findings);
ROMRESOLVE_EXPORT RomresolveFindingKind romresolve_finding_get_kind(const RomresolveFinding *f);
/* "config-problem", "over-ceiling", "writable", "bad-link", "missing-dir",
 * "bad-dir", "undeclared-rom", "unresolved-device", "bar-mismatch",
 * "unreadable", "pin-over-ceiling". */
ROMRESOLVE_EXPORT const char *romresolve_finding_kind_to_string(RomresolveFindingKind kind);
/* TRUE for a note: worth knowing, not a problem (exit status 0). */
ROMRESOLVE_EXPORT gboolean romresolve_finding_is_note(const RomresolveFinding *f);
/* The file, dir or ROM name concerned, or NULL. */
ROMRESOLVE_EXPORT const char *romresolve_finding_get_path(const RomresolveFinding *f);
/* The file's size and the ceiling it is over, 0 when not measured. */
ROMRESOLVE_EXPORT uint64_t romresolve_finding_get_size(const RomresolveFinding *f);
ROMRESOLVE_EXPORT uint64_t romresolve_finding_get_ceiling(const RomresolveFinding *f);
/* The config file and line concerned (the ceiling's, the dir's, the
 * problem's), or NULL and 0. */
ROMRESOLVE_EXPORT const char *romresolve_finding_get_file(const RomresolveFinding *f);
ROMRESOLVE_EXPORT unsigned romresolve_finding_get_line(const RomresolveFinding *f);
/* One line, the path first: "/usr/share/qemu/x.rom: 300 KiB (307200 bytes)
 * is over the 256 KiB ceiling of /usr/share/qemu from FILE:LINE". */
ROMRESOLVE_EXPORT const char *romresolve_finding_get_message(const RomresolveFinding *f);

/* ---- sizes and machine types (size.c, version.c) ---- */

/* Parse "262144", "256K", "1M", "2G" (K/M/G are KiB/MiB/GiB), at most 1024G.
 * The error message is a predicate to put after the key's name: "is empty",
 * "TEXT is not a size (...)", "TEXT is too large (at most 1024G)". */
ROMRESOLVE_EXPORT gboolean romresolve_size_parse(const char *text, uint64_t *size, GError **error);
/* "256 KiB", "1 MiB", "1000 bytes": a new string. */
ROMRESOLVE_EXPORT char *romresolve_size_format(uint64_t size);
/* The smallest power of two >= size (QEMU's pow2ceil); 0 for 0 and for a
 * size over 2^63 (no power of two fits in 64 bits). */
ROMRESOLVE_EXPORT uint64_t romresolve_size_pow2ceil(uint64_t size);
/* The RAMBlock length for a ROM BAR: rounded up to 4 KiB. */
ROMRESOLVE_EXPORT uint64_t romresolve_size_ramblock(uint64_t romsize);

/* Compare the versions ending two machine type names numerically ("2.9" <
 * "2.10"); versions are dot-separated decimal numbers. Returns <0, 0, >0. */
ROMRESOLVE_EXPORT int romresolve_version_compare(const char *a, const char *b);
/* The version ending a machine type name ("pc-q35-2.10" -> "2.10"), or NULL. */
ROMRESOLVE_EXPORT const char *romresolve_machine_get_version(const char *machine);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RomresolveContext, romresolve_context_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RomresolveResult, romresolve_result_unref)

G_END_DECLS

#endif /* ROMRESOLVE_H */
