/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench-readloop: the floor of a config load as a whole process: a C loop,
 * libc only, that reads the drop-ins of ROOT and does nothing else.
 *
 *   bench-readloop ROOT
 *
 * Per config dir (/etc/qemu/romresolve.d, then /usr/share/qemu/romresolve.d),
 * readdir; each *.conf name not seen in a more specific dir is opened and
 * read (one read of up to 64 KiB, as a drop-in is small) and closed. No
 * parsing, no stat: what any loader must at least do. bench.py compare runs
 * it against `romresolve which ... --root ROOT` over 1,000 drop-ins.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const config_dirs[] = {"/etc/qemu/romresolve.d", "/usr/share/qemu/romresolve.d"};

int main(int argc, char **argv)
{
	static char buf[64 * 1024];
	unsigned long bytes = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-readloop ROOT\n");
		return 2;
	}
	if (!hcreate(1 << 16))
		return 1;
	for (size_t d = 0; d < sizeof(config_dirs) / sizeof(config_dirs[0]); d++) {
		char dir[PATH_MAX];
		DIR *dd;
		struct dirent *e;

		snprintf(dir, sizeof(dir), "%s%s", argv[1], config_dirs[d]);
		dd = opendir(dir);
		while (dd && (e = readdir(dd))) {
			size_t len = strlen(e->d_name);
			ENTRY item = {e->d_name, NULL};
			int fd;
			ssize_t n;

			if (len <= 5 || strcmp(e->d_name + len - 5, ".conf") != 0 ||
			    hsearch(item, FIND))
				continue;
			item.key = strdup(e->d_name);
			if (!item.key || !hsearch(item, ENTER))
				return 1;
			fd = openat(dirfd(dd), e->d_name, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			n = read(fd, buf, sizeof(buf));
			if (n > 0)
				bytes += (unsigned long)n;
			close(fd);
		}
		if (dd)
			closedir(dd);
	}
	return bytes ? 0 : 1;
}
