/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Types and helpers shared inside libromresolve; not installed.
 *
 * Layers (a file calls only files of its own or a lower layer):
 *   L0 size.c, names.c, version.c, util.c, error.c  utilities
 *   L1 dir.c, rule.c, devices.c                      model objects, QEMU's facts
 *   L2 dropin.c, config.c (config.h), candidate.c    loading; opening a file
 *   L3 context.c                                     the context (struct private)
 *   L4 resolve.c, result.c (result.h)                lookups
 *   L5 check.c                                       the lint, over the public API
 *
 * (Manifests are the command's, tools/manifest.c: the library knows no JSON.)
 */
#ifndef ROMRESOLVE_INTERNAL_H
#define ROMRESOLVE_INTERNAL_H

#include "romresolve.h"

#include <dirent.h>
#include <sys/stat.h>

/* readdir's file type where the system has one (not POSIX: Linux, the BSDs,
 * macOS), else always "unknown" (then a stat tells). A build with
 * ROMRESOLVE_PORTABLE does without, as such a system. */
#if defined(DT_UNKNOWN) && !defined(ROMRESOLVE_PORTABLE)
#define ROMRESOLVE_DIRENT_TYPE(de) ((de)->d_type)
#else
#ifndef DT_UNKNOWN
#define DT_UNKNOWN 0
#define DT_DIR	   4
#define DT_REG	   8
#endif
#define ROMRESOLVE_DIRENT_TYPE(de) DT_UNKNOWN
#endif

/* The name messages and the file list give the embedded default. */
#define ROMRESOLVE_DEFAULT_NAME "<embedded default>"
/* The drop-in name the embedded default is read as. */
#define ROMRESOLVE_DEFAULT_FILE "00-default.conf"
/* Ceiling of a [dir] without max-size. */
#define ROMRESOLVE_DEFAULT_MAX_SIZE (256 * 1024)
#define ROMRESOLVE_DEFAULT_PRIORITY 50
#define ROMRESOLVE_PAGE_SIZE	    4096

/* ---- L0: util.c, names.c, version.c ---- */

/* Normalise an absolute directory path in place (it only gets shorter);
 * FALSE, @path unchanged, if it is not absolute or has . or .. components. */
gboolean romresolve_path_normalize(char *path);
char *romresolve_path_join_root(const char *root, const char *path);
/* A buffer reused for every file of a config load. */
typedef struct {
	char *data;
	gsize cap;
} RomresolveBuffer;
/* The most bytes a drop-in may hold (romresolve.conf(5)): a bigger one is
 * a problem of its own, not read past this bound. */
#define ROMRESOLVE_DROPIN_MAX (1024 * 1024)

/* What romresolve_file_read() found, besides an errno. */
typedef enum {
	ROMRESOLVE_READ_TEXT,	     /* a regular file, read whole (0 bytes: empty) */
	ROMRESOLVE_READ_NULL,	     /* /dev/null (a mask), not read */
	ROMRESOLVE_READ_NOT_REGULAR, /* anything else: not read */
	ROMRESOLVE_READ_TOO_LARGE,   /* over @max bytes: not read past it */
} RomresolveRead;

/* TRUE when @st is /dev/null's (by its device number). */
gboolean romresolve_stat_is_dev_null(const struct stat *st);
/* Open @path once (with @name, relative to @dirfd, which @path names it by),
 * never blocking (O_NONBLOCK: a FIFO), fstat that fd, and read a regular
 * file of at most @max bytes whole into @buf (grown as needed) from it:
 * what is read is what was measured. Returns the length (0 unless
 * ROMRESOLVE_READ_TEXT) and the kind in @what, or -1 with errno set. */
gssize romresolve_file_read(const char *path, int dirfd, const char *name, gsize max,
			    RomresolveRead *what, RomresolveBuffer *buf);
/* Bulk storage: blocks that only grow, freed all at once. */
struct RomresolveArenaBlock {
	struct RomresolveArenaBlock *next;
	gsize used, cap;
	char data[] __attribute__((aligned(8))); /* for any struct kept here */
};
typedef struct {
	struct RomresolveArenaBlock *head;
} RomresolveArena;
/* romresolve_arena_alloc() when the head block is full: a new one. */
gpointer romresolve_arena_alloc_block(RomresolveArena *arena, gsize size);
/* @size bytes, 8-aligned, until romresolve_arena_clear(). */
static inline gpointer romresolve_arena_alloc(RomresolveArena *arena, gsize size)
{
	struct RomresolveArenaBlock *b = arena->head;
	gpointer at;

	size = (size + 7) & ~(gsize)7;
	if (G_UNLIKELY(!b || b->cap - b->used < size))
		return romresolve_arena_alloc_block(arena, size);
	at = b->data + b->used;
	b->used += size;
	return at;
}
/* Give back the @size bytes at @at when they were the last allocated. */
void romresolve_arena_unalloc(RomresolveArena *arena, gpointer at, gsize size);
void romresolve_arena_clear(RomresolveArena *arena);
/* strcmp for g_ptr_array_sort() over strings. */
int romresolve_str_compare(gconstpointer a, gconstpointer b);
/* The words of a vector that config.c built from a value (pointers, NULL,
 * then a pointer to the words joined by one blank), joined. */
const char *romresolve_words_text(char *const *words);

gboolean romresolve_arch_list_contains(char *const *list, const char *arch);
gboolean romresolve_machine_validate(const char *machine, GError **error);
gboolean romresolve_version_validate(const char *text);
gboolean romresolve_globs_match(char *const *globs, const char *text);

/* ---- L1: dir.c, rule.c, devices.c ---- */

struct RomresolveDir {
	const char *path;      /* as configured, normalised; the config's */
	const char *full_path; /* root + path; the config's */
	gboolean strict_modes; /* refuse group/other-writable files, dirs, links */
	gboolean enabled;
	/* Vectors (pointers, then strings), the config's. */
	char **arch;		  /* NULL: every target */
	char **machine;		  /* NULL: every machine type */
	const char *arch_text;	  /* in arch (romresolve_words_text); "*": every target */
	const char *machine_text; /* in machine, or NULL */
	int priority;
	uint64_t max_size;
	uint64_t rom_size; /* 0: not pinned */
	const char *file;  /* interned in the config */
	unsigned line;
	/* Where the max-size and rom-size in effect were set (NULL: defaults). */
	const char *max_size_file, *rom_size_file;
	unsigned max_size_line, rom_size_line;
	guint order;
	/* Set at the dir's first lookup (romresolve_dir_open), atomically. */
	gint fd;	  /* a search-only fd of full_path; -1: not opened yet */
	gint unsafe_mode; /* the dir's mode when strict and writable, else 0 */
};

/* A dir lives in its config's storage: set @dir to the defaults. @path: a
 * string that lives as long as the dir (the config's). */
void romresolve_dir_init(RomresolveDir *dir, const char *path);
/* Give a built dir its place: its path under the root (a string that lives
 * as long as the dir), origin, read order. */
void romresolve_dir_place(RomresolveDir *dir, const char *full_path, const char *file,
			  unsigned line, guint order);
/* Close what the dir holds (its fd); the config frees its storage. */
void romresolve_dir_clear(RomresolveDir *dir);
gboolean romresolve_dir_applies(const RomresolveDir *dir, const char *arch, const char *machine);
/* A search-only fd of the dir (O_PATH where there is one), opened at the first call and held until
 * the dir is freed (its strict-modes check made on it then); -1 with errno when it cannot be opened
 * (not cached: the next call tries again). Thread-safe. */
int romresolve_dir_open(const RomresolveDir *dir);
void romresolve_dirs_sort(GPtrArray *dirs);
/* The dir's own ceiling: the smaller of max-size and rom-size. */
uint64_t romresolve_dir_ceiling(const RomresolveDir *dir);
/* Where that ceiling was set (the section header in the file of the key in
 * effect): FALSE, NULL and 0 when it is the default max-size, set by no file. */
gboolean romresolve_dir_ceiling_origin(const RomresolveDir *dir, const char **file, unsigned *line);

typedef struct {
	char *from; /* the config's, as to */
	char *to;
} RomresolveMap;

struct RomresolveRule {
	const char *name; /* the config's, as since and until */
	/* Vectors (pointers, then strings), the config's. */
	char **arch; /* NULL: every target */
	char **match;
	const char *since;   /* NULL: no lower bound */
	const char *until;   /* NULL: no upper bound */
	uint64_t max_size;   /* 0: none */
	uint64_t rom_size;   /* 0: none */
	RomresolveMap *maps; /* n_maps of them, the config's */
	guint n_maps;
	char **no_rom;	       /* NULL: none */
	const char *arch_text; /* in arch (romresolve_words_text); "*": every target */
	const char *file;
	unsigned line;
	const char *max_size_file, *rom_size_file;
	unsigned max_size_line, rom_size_line;
};

/* A rule lives in its config's storage, as everything it points at: set
 * @rule to the defaults. @name: a string that lives as long as the rule. */
void romresolve_rule_init(RomresolveRule *rule, const char *name);
void romresolve_rule_place(RomresolveRule *rule, const char *file, unsigned line);
gboolean romresolve_rule_applies(const RomresolveRule *rule, const char *arch, const char *machine);
const char *romresolve_rule_map(const RomresolveRule *rule, const char *name);
gboolean romresolve_rule_is_no_rom(const RomresolveRule *rule, const char *name);
/* The rule's ceiling for @name: max-size, and rom-size where it pins @name
 * (it maps @name, or maps nothing). 0: none. */
uint64_t romresolve_rule_ceiling(const RomresolveRule *rule, const char *name);
/* The BAR the rule pins for @name, or 0. */
uint64_t romresolve_rule_pinned(const RomresolveRule *rule, const char *name);

typedef struct {
	const char *name;    /* the config's strings, as romfile */
	const char *romfile; /* NULL: not set here; "": no ROM */
	const char *file;
	unsigned line;
} RomresolveDevice;

/* The romfile a compat property gives @device on (@arch, @machine), or NULL. */
const char *romresolve_devices_compat_romfile(const char *device, const char *arch,
					      const char *machine);
/* The class default romfile of @device, or NULL when QEMU has none. */
const char *romresolve_devices_base_romfile(const char *device);
/* When every device that loads @name by default gets no ROM there: the
 * compat property that says so ("pc_compat_2_6"), else NULL. */
const char *romresolve_devices_name_is_no_rom(const char *name, const char *arch,
					      const char *machine);
guint romresolve_devices_n_builtin(void);
const char *romresolve_devices_builtin_name(guint i);

/* ---- L2: dropin.c, candidate.c (config.c: config.h) ---- */

/* A *.conf file of a config dir, with its path. */
typedef struct RomresolveDropin RomresolveDropin;
struct RomresolveDropin {
	int dirfd;     /* of its config dir (open_dirs); -1: the embedded default */
	gboolean mask; /* empty, or a link to /dev/null */
	/* A regular file not measured yet: its read tells whether it is empty
	 * (a mask); romresolve_dropin_is_mask() measures it otherwise. */
	gboolean unmeasured;
	gboolean shadows;     /* it overrides or masks a file of a less specific dir */
	RomresolveDropin *by; /* of a shadowed file: the file that shadows it */
	guint64 key;	      /* the first 8 bytes of name, big-endian: sorts as strcmp */
	const char *name;     /* in its dir (in path) */
	char path[];	      /* as messages and the file list name it */
};

/* The drop-ins of a config load, and what holds them. */
typedef struct {
	/* RomresolveDropin *: the file of each name, in read order: the
	 * embedded default as ROMRESOLVE_DEFAULT_NAME, unless a real
	 * 00-default.conf overrides or masks it. Skip a mask; read an
	 * unmeasured one (empty: a mask). */
	GPtrArray *files;
	GPtrArray *shadowed;  /* RomresolveDropin *: the files shadowed (->by) */
	GPtrArray *open_dirs; /* DIR *: the files are opened relative to them */
	/* An unreadable dir, a *.conf that is no file: "PATH\tMESSAGE". */
	GPtrArray *problems;
	RomresolveArena arena; /* the entries */
} RomresolveDropins;

/* Find the *.conf files of @config_dirs under @root: a readdir per dir, a
 * stat only of a name whose type readdir does not tell. */
void romresolve_dropins_collect(RomresolveDropins *set, const char *root,
				const char *const *config_dirs);
/* Whether @e masks: measured now (a stat) if it is unmeasured. */
gboolean romresolve_dropin_is_mask(RomresolveDropin *e);
/* Once the files were read: each shadowed file as "PATH masked by BY" or
 * "PATH overridden by BY", sorted, into @out. */
void romresolve_dropins_describe(RomresolveDropins *set, GPtrArray *out);
/* Close the dirs, free everything. */
void romresolve_dropins_clear(RomresolveDropins *set);

/* A file opened as a lookup candidate. */
typedef struct {
	int fd;			   /* -1: refused or missing */
	RomresolveVerdict verdict; /* USED when it may be used */
	char *reason;		   /* why not, or NULL */
	uint64_t size;
	gboolean option_rom; /* begins with 0x55 0xAA */
	gboolean linked;     /* a link was followed (or refused) on the way */
	/* Refused for a reason that depends on who asks or when (it cannot be
	 * opened: EACCES, EIO, ...) or that lets someone in (unsafe modes): a
	 * lookup stops here rather than go on to another file. */
	gboolean stops;
} RomresolveOpened;

/*
 * Open @path (@root: the prefix absolute link targets resolve in; "" for
 * the host) following links as QEMU does, measure it through the one fd
 * and apply the rules every lookup and check share: a regular, non-empty
 * file; with @strict_modes no link, target or target's dir writable by group
 * or others. Sizes are not judged here.
 */
void romresolve_candidate_open(const char *root, const char *path, gboolean strict_modes,
			       RomresolveOpened *out);
/*
 * The lookup's fast path: open @name in the dir held as @dirfd (whose path,
 * root included, is @dir_path) with one openat(); only a link takes the
 * link-walking path of romresolve_candidate_open(). The same rules and
 * reasons, except that a plain miss has the reason NULL ("missing") and the
 * option-ROM signature is not read.
 */
void romresolve_candidate_openat(int dirfd, const char *root, const char *dir_path,
				 const char *name, gboolean strict_modes, RomresolveOpened *out);
void romresolve_opened_clear(RomresolveOpened *o);
/* A lookup's candidate @path that cannot be used because of its dir: @err
 * the errno of opening @dir_path (ENOENT: missing, the search goes on; any
 * other: the lookup stops), or 0 with @unsafe_mode the dir's mode. */
void romresolve_candidate_dir_refused(RomresolveOpened *o, const char *dir_path, int err,
				      unsigned unsafe_mode);
/* TRUE when @mode lets group or others write: the one strict-modes rule. */
gboolean romresolve_mode_is_unsafe(unsigned mode);
/* "300 KiB (307200 bytes) is over the 256 KiB ceiling of WHO from FILE:LINE" */
char *romresolve_over_ceiling(uint64_t size, uint64_t ceiling, const char *who, const char *file,
			      unsigned line);

#endif
