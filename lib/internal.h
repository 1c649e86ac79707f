/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Types and helpers shared inside libromresolve; not installed. */
#ifndef ROMRESOLVE_INTERNAL_H
#define ROMRESOLVE_INTERNAL_H

#include "romresolve.h"

/* The name config errors and the file list give the embedded default. */
#define ROMRESOLVE_DEFAULT_NAME "<embedded default>"
/* Ceiling of a [dir] without max-size. */
#define ROMRESOLVE_DEFAULT_MAX_SIZE (256 * 1024)
#define ROMRESOLVE_DEFAULT_PRIORITY 50
#define ROMRESOLVE_PAGE_SIZE	    4096

struct RomresolveDir {
	char *path;	 /* as configured, normalised */
	char *full_path; /* root + path */
	char *real_path; /* full_path with symlinks resolved, on first use */
	gsize real_path_once;
	gboolean strict_modes; /* refuse group/other-writable files and dir */
	unsigned unsafe_mode;  /* the dir's mode when strict and writable, else 0 */
	char **arch;	       /* NULL: every target */
	char **machine;	       /* NULL: every machine type */
	char *arch_text;
	char *machine_text;
	int priority;
	uint64_t max_size;
	uint64_t rom_size; /* 0: not pinned */
	const char *file;  /* interned in the context */
	unsigned line;
	guint order;
};

typedef struct {
	char *from;
	char *to;
} RomresolveMap;

struct RomresolveRule {
	char *name;
	char **arch; /* NULL: every target */
	char **match;
	char *since;	   /* NULL: no lower bound */
	char *until;	   /* NULL: no upper bound */
	uint64_t max_size; /* 0: none */
	uint64_t rom_size; /* 0: none */
	GArray *maps;	   /* of RomresolveMap */
	char **no_rom;	   /* NULL: none */
	const char *file;
	unsigned line;
};

typedef struct {
	char *name;
	char *romfile;
	const char *file;
	unsigned line;
} RomresolveDevice;

struct RomresolveContext {
	gint ref;
	char *root;		  /* "" for the real host */
	GPtrArray *dirs;	  /* RomresolveDir, in search order */
	GPtrArray *rules;	  /* RomresolveRule, in read order */
	GPtrArray *devices;	  /* RomresolveDevice, in read order */
	GPtrArray *files;	  /* char *, NULL-terminated */
	GPtrArray *shadowed;	  /* char *, NULL-terminated */
	GPtrArray *device_names;  /* const char *, NULL-terminated */
	GHashTable *dir_index;	  /* path -> RomresolveDir */
	GHashTable *rule_index;	  /* name -> RomresolveRule */
	GHashTable *device_index; /* name -> RomresolveDevice */
	gboolean is_default;
};

/* context.c */
RomresolveContext *romresolve_context_alloc(const char *root);
void romresolve_context_finish(RomresolveContext *ctx);
const char *romresolve_context_add_file(RomresolveContext *ctx, const char *file);
typedef gboolean (*RomresolveAppliesFunc)(gconstpointer item, const char *arch,
					  const char *machine);
/* The items (dirs or rules) that apply to @arch and @machine, validated. */
GPtrArray *romresolve_context_filter(GPtrArray *items, const char *arch, const char *machine,
				     RomresolveAppliesFunc applies, GError **error);

/* config.c: parse one file's text into @ctx. */
gboolean romresolve_config_parse(RomresolveContext *ctx, const char *filename, const char *data,
				 gsize len, GError **error);
/* The embedded default config text (default-conf.c, generated). */
extern const char romresolve_default_conf[];

/* dropin.c: the *.conf files to read, in order, into @files; the masked and
 * overridden ones, described, into @shadowed; *@found is TRUE when any *.conf
 * file exists at all (a masking one included). */
gboolean romresolve_dropin_collect(const char *root, const char *const *config_dirs,
				   GPtrArray *files, GPtrArray *shadowed, gboolean *found,
				   GError **error);

/* dir.c */
void romresolve_dir_free(RomresolveDir *dir);
gboolean romresolve_dir_applies(const RomresolveDir *dir, const char *arch, const char *machine);
void romresolve_dirs_sort(GPtrArray *dirs);
/* Look at each dir once, at load time: is it writable by group or others? */
void romresolve_dirs_inspect(GPtrArray *dirs);
/* TRUE when @path (symlinks resolved) lies in one of the dirs. */
gboolean romresolve_dirs_contain(GPtrArray *dirs, const char *real_path);

/* machine.c */
void romresolve_rule_free(RomresolveRule *rule);
gboolean romresolve_rule_applies(const RomresolveRule *rule, const char *arch, const char *machine);
const char *romresolve_rule_map(const RomresolveRule *rule, const char *name);
gboolean romresolve_rule_is_no_rom(const RomresolveRule *rule, const char *name);
gboolean romresolve_globs_match(char *const *globs, const char *text);
gboolean romresolve_version_validate(const char *text);
gboolean romresolve_machine_validate(const char *machine, GError **error);

/* devices.c: the built-in device table (facts of QEMU 10.0's hw/). */
/* The romfile a compat property gives @device on (@arch, @machine), or NULL. */
const char *romresolve_devices_compat_romfile(const char *device, const char *arch,
					      const char *machine);
/* The class default romfile of @device, or NULL when QEMU has none. */
const char *romresolve_devices_base_romfile(const char *device);
/* TRUE when every device that loads @name by default gets no ROM there. */
gboolean romresolve_devices_name_is_no_rom(const char *name, const char *arch, const char *machine);
guint romresolve_devices_n_builtin(void);
const char *romresolve_devices_builtin_name(guint i);

/* arch.c */
gboolean romresolve_arch_list_contains(char *const *list, const char *arch);

/* resolve.c: open a candidate; in the configured dirs (@ctx not NULL) a
 * symlink is followed only within them. Returns the fd, or -1 with *verdict and
 * *reason (a new string) set. */
int romresolve_open_candidate(const RomresolveContext *ctx, const char *path,
			      RomresolveVerdict *verdict, char **reason);

/* manifest.c: TRUE when the file begins with the PCI expansion ROM signature. */
gboolean romresolve_fd_is_option_rom(int fd);
/* manifest.c: "NAME, MACHINE, ARCH" (or "NAME, ARCH"), as compare and check
 * name an entry. */
char *romresolve_entry_label(const char *name, const char *machine, const char *arch);

/* context.c: strcmp for g_ptr_array_sort() over strings. */
int romresolve_str_compare(gconstpointer a, gconstpointer b);

/* dir.c: normalise an absolute directory path, or NULL if it is not one. */
char *romresolve_path_normalize(const char *path);
char *romresolve_path_join_root(const char *root, const char *path);

#endif
