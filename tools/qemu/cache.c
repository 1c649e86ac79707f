/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-binary cache, writable by the caller only: see cache.h. */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct QemuCache {
	int dirfd;
	uid_t euid;
};

/* Owned by us, not writable by group or others. */
static gboolean safe_stat(const QemuCache *cache, const struct stat *st)
{
	return st->st_uid == cache->euid && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

QemuCache *qemu_cache_open(const char *dir)
{
	QemuCache *cache = g_new0(QemuCache, 1);
	g_autofree char *parent = NULL;
	struct stat st;
	int fd;

	cache->dirfd = -1;
	cache->euid = geteuid();
	if (!dir || !g_path_is_absolute(dir))
		return cache;
	/* Made when missing (the warm path: one open). */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		parent = g_path_get_dirname(dir);
		if (mkdir(dir, 0700) < 0 && errno == ENOENT &&
		    g_mkdir_with_parents(parent, 0700) == 0)
			(void)mkdir(dir, 0700);
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return cache;
	if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode) || !safe_stat(cache, &st)) {
		close(fd);
		return cache;
	}
	cache->dirfd = fd;
	return cache;
}

void qemu_cache_free(QemuCache *cache)
{
	if (!cache)
		return;
	if (cache->dirfd >= 0)
		close(cache->dirfd);
	g_free(cache);
}

gboolean qemu_cache_usable(const QemuCache *cache)
{
	return cache->dirfd >= 0;
}

char *qemu_cache_get(QemuCache *cache, const char *key, const char *what)
{
	g_autofree char *name = g_strconcat(key, ".", what, NULL);
	g_autofree char *text = NULL;
	struct stat st;
	size_t done = 0;
	int fd;

	if (cache->dirfd < 0)
		return NULL;
	fd = openat(cache->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !safe_stat(cache, &st) ||
	    st.st_size > QEMU_OUTPUT_MAX) {
		close(fd);
		return NULL;
	}
	text = g_malloc((size_t)st.st_size + 1);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, text + done, (size_t)st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (done != (size_t)st.st_size || memchr(text, '\0', done))
		return NULL;
	text[done] = '\0';
	return g_steal_pointer(&text);
}

void qemu_cache_put(QemuCache *cache, const char *key, const char *what, const char *text)
{
	g_autofree char *name = g_strdup_printf("%s.%s", key, what);
	g_autofree char *tmp = g_strdup_printf(".%s.%ld.tmp", name, (long)getpid());
	size_t len = strlen(text), done = 0;
	int fd;

	if (cache->dirfd < 0)
		return;
	fd = openat(cache->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (close(fd) < 0 || done != len || renameat(cache->dirfd, tmp, cache->dirfd, name) < 0)
		(void)unlinkat(cache->dirfd, tmp, 0);
}

char *qemu_cache_key(const char *path)
{
	g_autofree char *id = NULL;
	struct stat st;

	if (stat(path, &st) < 0)
		return NULL;
	id = g_strdup_printf("%s\n%llu:%llu:%lld:%lld.%09ld:%lld.%09ld", path,
			     (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
			     (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			     st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
	return g_compute_checksum_for_string(G_CHECKSUM_SHA256, id, -1);
}
