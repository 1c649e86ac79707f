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

gssize romresolve_file_read(const char *path, int dirfd, const char *name, gboolean nonblock,
			    RomresolveBuffer *buf)
{
	int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (nonblock ? O_NONBLOCK : 0);
	int fd = name ? openat(dirfd, name, flags) : open(path, flags);
	gsize len = 0;

	if (fd < 0)
		return -1;
	for (;;) {
		gsize want;
		ssize_t n;

		if (len == buf->cap) {
			buf->cap = buf->cap ? buf->cap * 2 : 64 * 1024;
			buf->data = g_realloc(buf->data, buf->cap);
		}
		want = buf->cap - len;
		n = read(fd, buf->data + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		len += (gsize)n;
		/* A short read of a regular file is its end; 0 is anyone's. */
		if (n == 0 || (gsize)n < want)
			break;
	}
	close(fd);
	return (gssize)len;
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
