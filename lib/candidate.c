/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Opening a candidate file: the one place for what lookups and check share.
 *
 * A candidate that is a link is followed, as QEMU follows it; under a root
 * the link chain is walked here, component by component with readlinkat's
 * plain readlink(), so that absolute targets resolve inside the root as in a
 * chroot and ".." never leaves it; at most 40 links (Linux's own bound).
 * What is measured is the final file, through the one fd that is returned.
 * Refused, with the reason: a dangling or looping link, a final target that
 * is not a regular file or is empty, and with strict modes a link in a dir,
 * a target file or its dir writable by group or others.
 *
 * Layer 2: uses layer 0 only.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
#define MAX_LINKS  40

/* A dir fd that is only searched: Linux's O_PATH (no read permission
 * needed), POSIX's O_SEARCH elsewhere, else a plain O_RDONLY (the dir must
 * then be readable by the caller, or its lookups stop there). A build with
 * ROMRESOLVE_PORTABLE takes the plain one, as a system without either. */
#if defined(O_PATH) && !defined(ROMRESOLVE_PORTABLE)
#define DIR_FLAGS O_PATH
#elif defined(O_SEARCH) && !defined(ROMRESOLVE_PORTABLE)
#define DIR_FLAGS O_SEARCH
#else
#define DIR_FLAGS O_RDONLY
#endif

static void refuse(RomresolveOpened *o, RomresolveVerdict verdict, char *reason)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	o->verdict = verdict;
	o->reason = reason;
	o->stops = verdict == ROMRESOLVE_VERDICT_UNSAFE;
}

/* Refused for an errno that is not "missing": the lookup stops. */
static void refuse_errno(RomresolveOpened *o, char *reason)
{
	refuse(o, ROMRESOLVE_VERDICT_UNREADABLE, reason);
	o->stops = TRUE;
}

/* The one "writable by group or others" rule. */
gboolean romresolve_mode_is_unsafe(unsigned mode)
{
	return (mode & (S_IWGRP | S_IWOTH)) != 0;
}

#define writable_by_others(mode) romresolve_mode_is_unsafe(mode)

/* With strict modes: refuse when the dir @dir (a full path) is writable by
 * group or others; @what names what lies in it. */
static gboolean dir_is_safe(RomresolveOpened *o, const char *dir, const char *what)
{
	struct stat st;

	if (stat(dir, &st) == 0 && writable_by_others(st.st_mode)) {
		refuse(o, ROMRESOLVE_VERDICT_UNSAFE,
		       g_strdup_printf("%s in %s, a directory writable by group or others "
				       "(mode %04o)",
				       what, dir, (unsigned)(st.st_mode & 07777)));
		return FALSE;
	}
	return TRUE;
}

/* Push the components of @path onto @todo so that the first pops first. */
static void push_components(GPtrArray *todo, const char *path)
{
	g_auto(GStrv) parts = g_strsplit(path, "/", -1);
	guint n = g_strv_length(parts);

	for (guint i = n; i > 0; i--)
		if (*parts[i - 1] && strcmp(parts[i - 1], ".") != 0)
			g_ptr_array_add(todo, g_strdup(parts[i - 1]));
}

/*
 * Resolve @path (inside @root) through every link, in the root: the final
 * path (root included) into @final. Returns FALSE with @o refused.
 */
static gboolean walk_links(const char *root, const char *path, gboolean strict, GString *final,
			   RomresolveOpened *o)
{
	g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GString) cur = g_string_new(NULL); /* inside the root, "" = "/" */
	g_autofree char *first_target = NULL;
	guint links = 0;

	push_components(todo, path + strlen(root));
	while (todo->len) {
		g_autofree char *comp = g_ptr_array_steal_index(todo, todo->len - 1);
		g_autofree char *full = NULL;
		char target[PATH_MAX];
		struct stat st;
		ssize_t n;

		if (strcmp(comp, "..") == 0) {
			char *slash = strrchr(cur->str, '/');
			g_string_truncate(cur, slash ? (gsize)(slash - cur->str) : 0);
			continue;
		}
		full = g_strconcat(root, cur->str, "/", comp, NULL);
		if (lstat(full, &st) < 0) {
			int err = errno;
			if (links && (err == ENOENT || err == ENOTDIR))
				refuse(o, ROMRESOLVE_VERDICT_MISSING,
				       g_strdup_printf("a dangling link to %s", first_target));
			else if (err == ENOENT || err == ENOTDIR)
				refuse(o, ROMRESOLVE_VERDICT_MISSING, g_strdup("missing"));
			else
				refuse_errno(o,
					     g_strdup_printf("cannot open: %s", g_strerror(err)));
			return FALSE;
		}
		if (!S_ISLNK(st.st_mode)) {
			g_string_append_printf(cur, "/%s", comp);
			continue;
		}
		if (++links > MAX_LINKS) {
			refuse(o, ROMRESOLVE_VERDICT_UNREADABLE,
			       g_strdup_printf("a link loop (more than %d links)", MAX_LINKS));
			return FALSE;
		}
		if (strict) {
			g_autofree char *dir = g_strconcat(root, cur->len ? cur->str : "/", NULL);
			if (!dir_is_safe(o, dir, "a link"))
				return FALSE;
		}
		n = readlink(full, target, sizeof(target) - 1);
		if (n < 0) {
			refuse_errno(
			    o, g_strdup_printf("cannot read link %s: %s", full, g_strerror(errno)));
			return FALSE;
		}
		target[n] = '\0';
		if (!first_target)
			first_target = g_strdup(target);
		if (target[0] == '/')
			g_string_truncate(cur, 0);
		push_components(todo, target);
	}
	g_string_assign(final, root);
	g_string_append(final, cur->len ? cur->str : "/");
	return TRUE;
}

static gboolean is_option_rom(int fd)
{
	unsigned char sig[2];

	return pread(fd, sig, sizeof(sig), 0) == sizeof(sig) && sig[0] == 0x55 && sig[1] == 0xaa;
}

/* Measure the file open as @o->fd and apply the shared rules; @final: the
 * link's final target when @linked. */
static void measure(RomresolveOpened *o, gboolean linked, const GString *final,
		    gboolean strict_modes, gboolean signature)
{
	struct stat st;

	if (fstat(o->fd, &st) < 0) {
		refuse_errno(o, g_strdup_printf("cannot stat: %s", g_strerror(errno)));
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		refuse(o, ROMRESOLVE_VERDICT_NOT_REGULAR,
		       linked ? g_strdup_printf("a link to %s, not a regular file", final->str)
			      : g_strdup("not a regular file"));
		return;
	}
	if (st.st_size == 0) {
		refuse(o, ROMRESOLVE_VERDICT_EMPTY, g_strdup("empty"));
		return;
	}
	if (strict_modes && writable_by_others(st.st_mode)) {
		refuse(o, ROMRESOLVE_VERDICT_UNSAFE,
		       linked ? g_strdup_printf("its target %s is writable by group or others "
						"(mode %04o)",
						final->str, (unsigned)(st.st_mode & 07777))
			      : g_strdup_printf("writable by group or others (mode %04o)",
						(unsigned)(st.st_mode & 07777)));
		return;
	}
	if (strict_modes && linked) {
		g_autofree char *dir = g_path_get_dirname(final->str);
		if (!dir_is_safe(o, dir, "its target"))
			return;
	}
	o->size = (uint64_t)st.st_size;
	o->option_rom = signature && is_option_rom(o->fd);
}

/* A failed open (errno @err): missing or unreadable; @missing the reason
 * of a plain miss. */
static void refuse_open(RomresolveOpened *o, int err, char *missing)
{
	if (err == ENOENT || err == ENOTDIR) {
		refuse(o, ROMRESOLVE_VERDICT_MISSING, missing);
	} else if (err == ENXIO || err == ENODEV) {
		/* A socket, a device without its driver: no file, for anyone. */
		g_free(missing);
		refuse(o, ROMRESOLVE_VERDICT_NOT_REGULAR,
		       g_strdup_printf("cannot open: %s", g_strerror(err)));
	} else {
		g_free(missing);
		refuse_errno(o, g_strdup_printf("cannot open: %s", g_strerror(err)));
	}
}

void romresolve_candidate_dir_refused(RomresolveOpened *o, const char *dir_path, int err,
				      unsigned unsafe_mode)
{
	*o = (RomresolveOpened){-1, ROMRESOLVE_VERDICT_USED, NULL, 0, FALSE, FALSE, FALSE};
	if (err == ENOENT)
		refuse(o, ROMRESOLVE_VERDICT_MISSING, NULL);
	else if (err)
		refuse_errno(o, g_strdup_printf("its directory %s cannot be opened: %s", dir_path,
						g_strerror(err)));
	else
		refuse(o, ROMRESOLVE_VERDICT_UNSAFE,
		       g_strdup_printf("its directory %s is writable by group or others "
				       "(mode %04o)",
				       dir_path, unsafe_mode));
}

static void open_path(const char *root, const char *path, gboolean strict_modes, gboolean signature,
		      RomresolveOpened *o)
{
	g_autoptr(GString) final = NULL;

	*o = (RomresolveOpened){-1, ROMRESOLVE_VERDICT_USED, NULL, 0, FALSE, FALSE, FALSE};
	/* The common case, no link at the end: one open. */
	o->fd = open(path, OPEN_FLAGS | O_NOFOLLOW);
	if (o->fd < 0 && errno == ELOOP) {
		o->linked = TRUE;
		final = g_string_new(NULL);
		if (!walk_links(root, path, strict_modes, final, o))
			return;
		o->fd = open(final->str, OPEN_FLAGS | O_NOFOLLOW);
	}
	if (o->fd < 0) {
		refuse_open(o, errno, g_strdup("missing"));
		return;
	}
	measure(o, o->linked, final, strict_modes, signature);
}

void romresolve_candidate_open(const char *root, const char *path, gboolean strict_modes,
			       RomresolveOpened *o)
{
	open_path(root, path, strict_modes, TRUE, o);
}

void romresolve_candidate_openat(int dirfd, const char *root, const char *dir_path,
				 const char *name, gboolean strict_modes, RomresolveOpened *o)
{
	*o = (RomresolveOpened){-1, ROMRESOLVE_VERDICT_USED, NULL, 0, FALSE, FALSE, FALSE};
	o->fd = openat(dirfd, name, OPEN_FLAGS | O_NOFOLLOW);
	if (o->fd >= 0) {
		measure(o, FALSE, NULL, strict_modes, FALSE);
	} else if (errno == ELOOP) {
		/* A link: walked by path, as every link is. */
		g_autofree char *path = g_strconcat(dir_path, dir_path[1] ? "/" : "", name, NULL);
		open_path(root, path, strict_modes, FALSE, o);
	} else {
		refuse_open(o, errno, NULL);
	}
}

int romresolve_dir_open(const RomresolveDir *cdir)
{
	RomresolveDir *dir = (RomresolveDir *)cdir; /* the fd is a cache */
	int fd = g_atomic_int_get(&dir->fd);
	struct stat st;

	if (fd >= 0)
		return fd;
	fd = open(dir->full_path, DIR_FLAGS | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* The check inspect-at-load made, now at first use, on the same fd. */
	if (dir->strict_modes && fstat(fd, &st) == 0 && writable_by_others(st.st_mode))
		g_atomic_int_set(&dir->unsafe_mode, (gint)(st.st_mode & 07777));
	if (!g_atomic_int_compare_and_exchange(&dir->fd, -1, fd)) {
		close(fd); /* another thread was first */
		fd = g_atomic_int_get(&dir->fd);
	}
	return fd;
}

void romresolve_opened_clear(RomresolveOpened *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	g_clear_pointer(&o->reason, g_free);
}

char *romresolve_over_ceiling(uint64_t size, uint64_t ceiling, const char *who, const char *file,
			      unsigned line)
{
	g_autofree char *have = romresolve_size_format(size);
	g_autofree char *limit = romresolve_size_format(ceiling);
	g_autofree char *exact = g_str_has_suffix(have, " bytes")
				     ? g_strdup("")
				     : g_strdup_printf(" (%" G_GUINT64_FORMAT " bytes)", size);

	return g_strdup_printf("%s%s is over the %s ceiling of %s from %s:%u", have, exact, limit,
			       who, file, line);
}
