/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 0: paths and string helpers. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

gboolean romresolve_path_normalize(char *path)
{
	gboolean normal = TRUE; /* no "//", no trailing "/": nothing to rewrite */
	gsize out = 0;

	/* Checked first: on failure @path is as written, for the message. */
	if (path[0] != '/')
		return FALSE;
	for (const char *p = path; *p;) {
		const char *start;

		if (p[1] == '/' || p[1] == '\0')
			normal = p == path && !p[1]; /* but "/" is normal */
		while (*p == '/')
			p++;
		for (start = p; *p && *p != '/'; p++)
			;
		if (start[0] == '.' && (p == start + 1 || (p == start + 2 && start[1] == '.')))
			return FALSE;
	}
	if (normal)
		return TRUE;
	/* "//a//b/" is "/a/b"; "/" stays. */
	for (const char *p = path; *p;) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 0)
			break;
		path[out++] = '/';
		memmove(path + out, p, n);
		out += n;
		p += n;
	}
	if (out == 0)
		path[out++] = '/';
	path[out] = '\0';
	return TRUE;
}

char *romresolve_path_join_root(const char *root, const char *path)
{
	if (!root || !*root)
		return g_strdup(path);
	return g_strconcat(root, strcmp(path, "/") == 0 ? "" : path, NULL);
}

const char *romresolve_words_text(char *const *words)
{
	guint n = 0;

	while (words[n])
		n++;
	return words[n + 1];
}

int romresolve_str_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

gboolean romresolve_stat_is_dev_null(const struct stat *st)
{
	struct stat null;

	return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
	       st->st_rdev == null.st_rdev;
}

/* Read @fd to its end, at most @max + 1 bytes, into @buf. */
static gssize read_fd(int fd, gsize max, RomresolveBuffer *buf)
{
	gsize len = 0;

	for (;;) {
		gsize want;
		ssize_t n;

		if (len == buf->cap) {
			buf->cap = buf->cap ? buf->cap * 2 : 64 * 1024;
			buf->data = g_realloc(buf->data, buf->cap);
		}
		want = MIN(buf->cap - len, max + 1 - len);
		n = read(fd, buf->data + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		len += (gsize)n;
		/* A short read of a regular file is its end; 0 is anyone's. */
		if (n == 0 || (gsize)n < want || len > max)
			break;
	}
	return (gssize)len;
}

gssize romresolve_file_read(const char *path, int dirfd, const char *name, gsize max,
			    RomresolveRead *what, RomresolveBuffer *buf)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	int fd = name ? openat(dirfd, name, flags) : open(path, flags);
	gssize len = 0;
	struct stat st;
	int err;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		len = -1;
	} else if (!S_ISREG(st.st_mode)) {
		*what = romresolve_stat_is_dev_null(&st) ? ROMRESOLVE_READ_NULL
							 : ROMRESOLVE_READ_NOT_REGULAR;
	} else if ((guint64)st.st_size > max) {
		/* A huge (sparse) file is never read. */
		*what = ROMRESOLVE_READ_TOO_LARGE;
	} else {
		/* Read to the end, whatever the size said (a procfs file says 0). */
		len = read_fd(fd, max, buf);
		*what =
		    len >= 0 && (gsize)len > max ? ROMRESOLVE_READ_TOO_LARGE : ROMRESOLVE_READ_TEXT;
		if (*what != ROMRESOLVE_READ_TEXT)
			len = 0;
	}
	err = errno;
	close(fd);
	errno = err;
	return len;
}

#define ARENA_BLOCK	(16 * 1024)
#define ARENA_BLOCK_MAX (4 * 1024 * 1024)

gpointer romresolve_arena_alloc_block(RomresolveArena *arena, gsize size)
{
	struct RomresolveArenaBlock *b = arena->head;
	/* Each block twice the last, up to ARENA_BLOCK_MAX: a few system calls
	 * for a large config, little room for a small one. */
	gsize cap = b ? MIN(2 * (b->cap + sizeof(*b)), ARENA_BLOCK_MAX) : ARENA_BLOCK;

	size = (size + 7) & ~(gsize)7;
	cap = MAX(size, cap - sizeof(*b));
	b = g_malloc(sizeof(*b) + cap);
	b->used = size;
	b->cap = cap;
	b->next = arena->head;
	arena->head = b;
	return b->data;
}

void romresolve_arena_unalloc(RomresolveArena *arena, gpointer at, gsize size)
{
	size = (size + 7) & ~(gsize)7;
	if (arena->head && arena->head->data + arena->head->used - size == (char *)at)
		arena->head->used -= size;
}

void romresolve_arena_clear(RomresolveArena *arena)
{
	for (struct RomresolveArenaBlock *b = arena->head, *next; b; b = next) {
		next = b->next;
		g_free(b);
	}
	arena->head = NULL;
}
