/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Layer 2: the configuration model that parsing fills and the context owns.
 * Not installed. Uses layers 0 and 1 only.
 */
#ifndef ROMRESOLVE_CONFIG_H
#define ROMRESOLVE_CONFIG_H

#include "internal.h"

/* One key as written, with its origin; in the config's arena. */
typedef struct RomresolveSetting RomresolveSetting;
struct RomresolveSetting {
	const struct KeyRow *row; /* its row in config.c's key tables */
	const char *value;	  /* in the text of its file, kept by the config */
	guint64 number;		  /* the value as a check parsed it: a size, a priority */
	const char *file;	  /* interned in the config */
	unsigned line;
	unsigned header_line;	 /* of its section's header in that file */
	RomresolveSetting *next; /* the section's next, or NULL */
};

typedef enum {
	ROMRESOLVE_SECTION_DIR,
	ROMRESOLVE_SECTION_MACHINE,
	ROMRESOLVE_SECTION_DEVICE,
} RomresolveSectionKind;

/* A section merged over every file that writes it; in the config's arena. */
typedef struct {
	RomresolveSectionKind kind;
	const char *name; /* normalised, in the text of the file that first wrote it */
	const char *file; /* where it was first written */
	unsigned line;
	const char *last_file; /* the header in the last file that wrote it */
	unsigned last_line;
	RomresolveSetting *first; /* its settings in merge order */
	gpointer object;	  /* what romresolve_config_build() made of it, or NULL */
} RomresolveSection;

typedef struct {
	char *root; /* "" for the real host */
	/* Bulk storage that lives as long as the config: the text of every
	 * file applied (values and names point into it), file names,
	 * sections, settings (those replaced since stay, unlinked), and the
	 * model built from them: dirs, rules, devices, vectors, maps. */
	RomresolveArena arena;
	GPtrArray *sections; /* RomresolveSection *, first-seen order */
	/* (kind, name) -> section: open addressing, config.c. */
	struct SectionSlot *slots;
	guint slots_mask, slots_used;
	GPtrArray *files;    /* const char *: every file read, in order */
	GPtrArray *problems; /* RomresolveProblem */
	/* What reading files reuses, freed by romresolve_config_build(). */
	struct Scratch *scratch;
	/* Built by romresolve_config_build() from the merged sections: */
	GPtrArray *dirs;    /* RomresolveDir, in search order */
	GPtrArray *rules;   /* RomresolveRule, in read order */
	GPtrArray *devices; /* RomresolveDevice, in read order */
} RomresolveConfig;

RomresolveConfig *romresolve_config_new(const char *root);
void romresolve_config_free(RomresolveConfig *config);

/* About @n_files files will be read: size what grows with them. */
void romresolve_config_expect(RomresolveConfig *config, guint n_files);
/*
 * Parse one file's text. Without an error the file is merged into @config and
 * TRUE returned; with any error nothing of it is applied, each problem is
 * added to config->problems (FILE:LINE), and FALSE returned.
 */
gboolean romresolve_config_add_text(RomresolveConfig *config, const char *filename,
				    const char *data, gsize len);
/* Record a problem that is no parse error (an unreadable file, ...). */
void romresolve_config_add_problem(RomresolveConfig *config, const char *file, unsigned line,
				   const char *message);
/* Turn the merged sections into dirs, rules and devices; problems found
 * only now (a rule without match) drop that section. */
void romresolve_config_build(RomresolveConfig *config);
/* The merged config as INI text, each line followed by its origin. */
char *romresolve_config_dump(const RomresolveConfig *config);
/* The same lines as data (romresolve_context_foreach_config_line()). */
void romresolve_config_foreach_line(const RomresolveConfig *config, RomresolveConfigLineFunc func,
				    gpointer user_data);
/* The [device NAME] section built, or NULL. */
const RomresolveDevice *romresolve_config_find_device(const RomresolveConfig *config,
						      const char *name);

/* The embedded default in parts (default-conf.c, generated from
 * conf/default.conf by firmwarepath.py): the text before its first [dir], the
 * keys every search dir gets, its sections of other kinds, and the build's
 * search path (-Dfirmwarepath), NULL-terminated. */
extern const char romresolve_default_head[];
extern const char romresolve_default_dir_keys[];
extern const char romresolve_default_tail[];
extern const char *const romresolve_default_dirs[];

struct RomresolveProblem {
	char *file;
	unsigned line;
	char *message;
};

/* context.c (layer 3): what layers 4 and 5 read of a context. */
const RomresolveConfig *romresolve_context_config(const RomresolveContext *ctx);
RomresolveContextFlags romresolve_context_flags(const RomresolveContext *ctx);

#endif
