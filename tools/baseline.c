/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host's baseline and name; see baseline.h. */
#include "baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A name is a line: /etc/hostname holds one, a longer file is no name. */
#define HOSTNAME_MAX 256

char *cli_baseline_path(const char *root)
{
	return g_strconcat(root ? root : "", CLI_BASELINE_PATH, NULL);
}

gboolean cli_baseline_save(const Manifest *m, const char *path, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	g_autofree char *json = manifest_to_json(m);
	g_autofree char *text = g_strconcat(json, "\n", NULL);

	if (g_mkdir_with_parents(dir, 0755) < 0) {
		int err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "cannot make %s: %s",
			    dir, g_strerror(err));
		return FALSE;
	}
	return g_file_set_contents_full(
	    path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0644,
	    error);
}

/* The first line of @file, a small regular file (a FIFO in a tree blocks
 * nobody), stripped; NULL when there is none. */
static char *first_line(const char *file)
{
	char buf[HOSTNAME_MAX + 1];
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	ssize_t n = -1;

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= HOSTNAME_MAX)
		n = read(fd, buf, HOSTNAME_MAX);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	g_strstrip(buf);
	return *buf ? g_strdup(buf) : NULL;
}

char *cli_host_name(const char *root)
{
	g_autofree char *file = NULL;
	char *name;

	if (!root || !*root)
		return g_strdup(g_get_host_name());
	file = g_build_filename(root, "etc", "hostname", NULL);
	name = first_line(file);
	return name ? name : g_strdup(root);
}
