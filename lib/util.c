/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Layer 0: paths and string helpers. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

gboolean romresolve_path_normalize(char *path)
{
	gsize out = 0;

	/* Checked first: on failure @path is as written, for the message. */
	if (path[0] != '/')
		return FALSE;
	for (const char *p = path; *p;) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return FALSE;
		p += n;
	}
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
	return (const char *)(words + n + 1);
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
