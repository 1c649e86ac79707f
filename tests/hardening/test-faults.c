/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Faults the unit tests do not reach: a caller without read access, 10,000
 * drop-in files, a config file that vanishes while the config loads, a ROM
 * that changes between lookups, device nodes and sockets as ROMs, config
 * text in odd encodings, and a hostile manifest. Each with the exact error.
 *
 * Linked with -Wl,--wrap=romresolve_file_read: see vanish_before_read.
 */
#include "fixture.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define ETC    "etc/qemu/romresolve.d/"
#define USR    "usr/share/qemu/romresolve.d/"
#define K      1024
#define NOBODY 65534

/* ---- a config file that vanishes between listing and reading ---- */

gssize __real_romresolve_file_read(const char *path, int dirfd, const char *name, gsize max,
				   RomresolveRead *what, RomresolveBuffer *buf);
gssize __wrap_romresolve_file_read(const char *path, int dirfd, const char *name, gsize max,
				   RomresolveRead *what, RomresolveBuffer *buf);

/* When set: unlink this file just before it is read, as a package removal
 * would between the listing of the drop-in dirs and the reading. */
static const char *vanish_before_read;

gssize __wrap_romresolve_file_read(const char *path, int dirfd, const char *name, gsize max,
				   RomresolveRead *what, RomresolveBuffer *buf)
{
	if (vanish_before_read && strcmp(path, vanish_before_read) == 0)
		assert_int_equal(unlink(path), 0);
	return __real_romresolve_file_read(path, dirfd, name, max, what, buf);
}

/* ---- a ROM whose open fails with EIO (a disk error) ---- */

int __real_openat64(int dirfd, const char *name, int flags, ...);
int __wrap_openat64(int dirfd, const char *name, int flags, ...);

/* When set: openat() (openat64 with 64-bit offsets, as meson builds) of this name fails with EIO.
 */
static const char *eio_name;

int __wrap_openat64(int dirfd, const char *name, int flags, ...)
{
	va_list ap;
	mode_t mode;

	if (eio_name && strcmp(name, eio_name) == 0) {
		errno = EIO;
		return -1;
	}
	va_start(ap, flags);
	mode = (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	return __real_openat64(dirfd, name, flags, mode);
}

/* ---- running as an unprivileged user ---- */

typedef char *(*ProbeFunc)(const char *root);

/*
 * Run @probe as nobody (root reads whatever the modes say) and return what it
 * returns. Not root: run it here; the modes used (0) deny the owner too. The
 * child reports through a pipe and leaves with _exit(): no cmocka, no
 * coverage files written as nobody.
 */
static char *as_nobody(ProbeFunc probe, const char *root)
{
	g_autoptr(GString) out = g_string_new(NULL);
	int fds[2], status;
	char buf[512];
	ssize_t n;
	pid_t pid;

	if (geteuid() != 0)
		return probe(root);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		g_autofree char *text = NULL;
		close(fds[0]);
		if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
		    setresuid(NOBODY, NOBODY, NOBODY) < 0)
			_exit(3);
		text = probe(root);
		if (write(fds[1], text, strlen(text)) < 0)
			_exit(4);
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof(buf))) > 0)
		g_string_append_len(out, buf, n);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return g_strdup(out->str);
}

/* A fixture root that nobody can walk through. */
static char *open_fixture(void)
{
	char *root = fixture_new();

	fixture_chmod(root, "", 0755);
	return root;
}

static char *probe_load(const char *root)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx =
	    romresolve_context_new_full(root, NULL, NULL, ROMRESOLVE_CONTEXT_STRICT, &error);

	if (ctx)
		return g_strdup("loaded");
	return g_strdup_printf("%d: %s", error->code, error->message);
}

static char *probe_resolve(const char *root)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx = romresolve_context_new(root, NULL, &error);
	g_autoptr(RomresolveResult) r = NULL;

	if (!ctx)
		return g_strdup_printf("load: %s", error->message);
	r = romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, &error);
	if (r)
		return g_strdup_printf("found %s", romresolve_result_get_path(r));
	return g_strdup_printf("%d: %s", error->code, error->message);
}

static void test_unreadable_config_dir(void **state)
{
	char *root = open_fixture();
	g_autofree char *got = NULL, *want = NULL;

	fixture_write(root, USR "50-a.conf", "[dir /a]\n");
	fixture_write(root, ETC "50-a.conf", "[dir /b]\n");
	fixture_chmod(root, ETC, 0);
	got = as_nobody(probe_load, root);
	want = g_strdup_printf("%d: %s/etc/qemu/romresolve.d: cannot read config dir: "
			       "Permission denied",
			       ROMRESOLVE_ERROR_CONFIG, root);
	/* A problem (an error when strict): never a silent fall-back to the less
	 * specific dir's file. */
	assert_str(got, want);
	fixture_chmod(root, ETC, 0755);
	fixture_free(root);
}

static void test_unreadable_rom_dir_and_file(void **state)
{
	char *root = open_fixture();
	g_autofree char *got = NULL, *want = NULL;

	fixture_write(root, ETC "50.conf", "[dir /locked]\n[dir /roms]\n[dir /open]\n");
	fixture_file(root, "locked/x.rom", 10 * K, TRUE);
	fixture_file(root, "roms/x.rom", 10 * K, TRUE);
	fixture_chmod(root, "locked", 0);
	fixture_chmod(root, "roms/x.rom", 0);

	/* Version 3, fail closed: the lookup stops at the first, with the
	 * reason, even where a later dir has a file nobody could read. */
	fixture_file(root, "open/x.rom", 10 * K, TRUE);
	got = as_nobody(probe_resolve, root);
	want = g_strdup_printf("%d: cannot look up x.rom for x86_64: %s/locked/x.rom: cannot open: "
			       "Permission denied",
			       ROMRESOLVE_ERROR_STOPPED, root);
	/* Without O_PATH (a portable build) the dir itself does not open. */
	if (strcmp(got, want) != 0) {
		g_free(want);
		want = g_strdup_printf("%d: cannot look up x.rom for x86_64: %s/locked/x.rom: its "
				       "directory %s/locked cannot be opened: Permission denied",
				       ROMRESOLVE_ERROR_STOPPED, root, root);
	}
	assert_str(got, want);
	g_free(got);
	g_free(want);

	/* An unreadable file in a readable dir stops it too. */
	fixture_chmod(root, "locked", 0755);
	fixture_unlink(root, "locked/x.rom");
	got = as_nobody(probe_resolve, root);
	want = g_strdup_printf("%d: cannot look up x.rom for x86_64: %s/roms/x.rom: cannot open: "
			       "Permission denied",
			       ROMRESOLVE_ERROR_STOPPED, root);
	assert_str(got, want);
	g_free(got);
	g_free(want);

	/* Root may read it: the same file, never the later one. */
	got = probe_resolve(root);
	want = g_strdup_printf("found %s/roms/x.rom", root);
	assert_str(got, want);

	fixture_chmod(root, "locked", 0755);
	fixture_free(root);
}

/* ---- 10,000 drop-in files ---- */

static int name_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One open and one write: fixture_write's safe replace costs 10,000 times
 * more syscalls than this test needs. */
static void write_small(const char *root, const char *dir, const char *name, const char *text)
{
	g_autofree char *path = g_build_filename(root, dir, name, NULL);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* A disk error on the first dir's ROM, as root: the lookup stops with the
 * reason (fail closed), not the next dir's file. */
static void test_rom_read_error_stops(void **state)
{
	char *root = fixture_new();
	g_autofree char *want = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;

	fixture_write(root, ETC "00-default.conf", "");
	fixture_write(root, ETC "50.conf", "[dir /first]\n[dir /second]\n");
	fixture_file(root, "first/x.rom", 10 * K, TRUE);
	fixture_file(root, "second/x.rom", 10 * K, TRUE);
	ctx = fixture_context(root);
	eio_name = "x.rom";
	r = romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, &error);
	eio_name = NULL;
	assert_null(r);
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_STOPPED));
	want = g_strdup_printf("cannot look up x.rom for x86_64: %s/first/x.rom: cannot open: "
			       "Input/output error",
			       root);
	assert_str(error->message, want);
	g_clear_error(&error);
	/* Without the fault: the first dir's file. */
	r = romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, &error);
	assert_true(g_str_has_suffix(romresolve_result_get_path(r), "/first/x.rom"));
	fixture_free(root);
}

static void test_ten_thousand_dropins(void **state)
{
	enum { N = 10000 };
	char *root = fixture_new();
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	GRand *rand = g_rand_new_with_seed(1);
	guint n_shadowed = 1; /* the embedded default, masked */

	fixture_write(root, ETC "00-default.conf", "");
	/* Names whose lexical order is not their numeric one ("10-" < "2-"),
	 * written in a shuffled order. */
	for (guint i = 0; i < N; i++)
		g_ptr_array_add(names, g_strdup_printf("%u-x.conf", i));
	for (guint i = N - 1; i > 0; i--) {
		guint j = (guint)g_rand_int_range(rand, 0, (gint32)i + 1);
		gpointer t = names->pdata[i];
		names->pdata[i] = names->pdata[j];
		names->pdata[j] = t;
	}
	g_rand_free(rand);
	fixture_mkdir(root, USR);
	fixture_mkdir(root, ETC);
	for (guint i = 0; i < N; i++) {
		const char *name = names->pdata[i];
		guint number = (guint)atoi(name);
		g_autofree char *text = g_strdup_printf("[dir /d%u]\n", number);

		write_small(root, USR, name, text);
		/* Every 100th overridden by the admin, every 1000th masked. */
		if (number % 1000 == 500) {
			write_small(root, ETC, name, "");
			n_shadowed++;
		} else if (number % 100 == 0) {
			g_free(text);
			text = g_strdup_printf("[dir /e%u]\n", number);
			write_small(root, ETC, name, text);
			n_shadowed++;
		}
	}
	g_ptr_array_sort(names, name_compare);
	for (guint i = 0; i < N; i++) {
		guint number = (guint)atoi(names->pdata[i]);
		if (number % 1000 != 500)
			g_ptr_array_add(want,
					g_strdup_printf("/%c%u", number % 100 ? 'd' : 'e', number));
	}

	ctx = fixture_context(root);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, want->len);
	/* Same priority: read order, which is the files' lexical order. */
	for (guint i = 0; i < dirs->len; i++)
		if (strcmp(romresolve_dir_get_path(dirs->pdata[i]), want->pdata[i]) != 0)
			fail_msg("dir %u: %s, expected %s", i,
				 romresolve_dir_get_path(dirs->pdata[i]),
				 (const char *)want->pdata[i]);
	assert_int_equal(g_strv_length((char **)romresolve_context_get_files(ctx)), want->len);
	assert_int_equal(g_strv_length((char **)romresolve_context_get_shadowed(ctx)), n_shadowed);
	fixture_free(root);
}

/* ---- a config file that vanishes while the config loads ---- */

static void test_config_vanishes_before_read(void **state)
{
	char *root = fixture_new();
	g_autofree char *path = fixture_path(root, ETC "60-b.conf");
	g_autofree char *want = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;

	fixture_write(root, ETC "50-a.conf", "[dir /a]\n");
	fixture_write(root, ETC "60-b.conf", "[dir /b]\n");
	vanish_before_read = path;
	ctx = romresolve_context_new_full(root, NULL, NULL, ROMRESOLVE_CONTEXT_STRICT, &error);
	vanish_before_read = NULL;
	/* A problem, not a config silently without the file: the set of files
	 * was not what the listing said. The caller may try again. */
	assert_null(ctx);
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG));
	want = g_strdup_printf("%s: No such file or directory", path);
	assert_str(error->message, want);

	/* Loaded again, the file is simply gone. */
	g_clear_error(&error);
	ctx = romresolve_context_new(root, NULL, &error);
	assert_non_null(ctx);
	/* The embedded default and 50-a.conf. */
	assert_null(romresolve_context_get_files(ctx)[2]);
	fixture_free(root);
}

/* ---- a ROM that changes between two lookups ---- */

/* Replace ROOT/@rel by a new file of @size, as dpkg does: write, rename. */
static void replace_file(const char *root, const char *rel, gsize size)
{
	g_autofree char *tmp = g_strdup_printf("%s.dpkg-new", rel);
	g_autofree char *from = fixture_path(root, tmp);
	g_autofree char *to = fixture_path(root, rel);

	fixture_file(root, tmp, size, TRUE);
	assert_int_equal(rename(from, to), 0);
}

static RomresolveResult *lookup_agrees(RomresolveContext *ctx, uint64_t size)
{
	RomresolveResult *r =
	    romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	struct stat st;

	assert_non_null(r);
	assert_int_equal(romresolve_result_get_size(r), size);
	/* The fd is the content measured. */
	assert_int_equal(fstat(romresolve_result_get_fd(r), &st), 0);
	assert_int_equal(st.st_size, size);
	assert_int_equal(romresolve_result_get_romsize(r), romresolve_size_pow2ceil(size));
	return r;
}

static uint64_t fd_size(const RomresolveResult *r)
{
	struct stat st;

	assert_int_equal(fstat(romresolve_result_get_fd(r), &st), 0);
	return (uint64_t)st.st_size;
}

static void test_rom_changes_between_lookups(void **state)
{
	char *root = fixture_new();
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *path = fixture_path(root, "roms/x.rom");
	g_autofree char *want = NULL;
	char buf[4096];
	uint64_t total = 0;
	ssize_t n;

	fixture_write(root, ETC "50.conf", "[dir /roms]\nmax-size = 512K\n");
	fixture_file(root, "roms/x.rom", 200 * K, TRUE);
	ctx = fixture_context(root);
	r1 = lookup_agrees(ctx, 200 * K);

	/* Grows (replaced): the new lookup sees the new file, the first
	 * result keeps the old one, whole. */
	replace_file(root, "roms/x.rom", 300 * K);
	r2 = lookup_agrees(ctx, 300 * K);
	assert_int_equal(fd_size(r1), 200 * K);
	while ((n = pread(romresolve_result_get_fd(r1), buf, sizeof(buf), (off_t)total)) > 0)
		total += (uint64_t)n;
	assert_int_equal(total, 200 * K);

	/* Shrinks (replaced). */
	replace_file(root, "roms/x.rom", 100 * K);
	r3 = lookup_agrees(ctx, 100 * K);
	assert_int_equal(fd_size(r2), 300 * K);

	/* Grows past the ceiling: refused; what was handed out is untouched. */
	replace_file(root, "roms/x.rom", 600 * K);
	assert_null(romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	want = g_strdup_printf(
	    "no usable x.rom for x86_64: %s: 600 KiB (614400 bytes) is over the 512 KiB ceiling "
	    "of /roms from %s/" ETC "50.conf:1",
	    path, root);
	assert_str(error->message, want);
	assert_int_equal(fd_size(r3), 100 * K);

	/* Rewritten in place, an open file changes under every fd: the new
	 * lookup measures what is there now; the old result's size is what
	 * was measured then. Package managers replace, they do not rewrite. */
	replace_file(root, "roms/x.rom", 100 * K);
	r4 = lookup_agrees(ctx, 100 * K);
	assert_int_equal(truncate(path, 50 * K), 0);
	assert_int_equal(romresolve_result_get_size(r4), 100 * K);
	assert_int_equal(fd_size(r4), 50 * K);
	g_clear_pointer(&r4, romresolve_result_unref);
	r4 = lookup_agrees(ctx, 50 * K);
	fixture_free(root);
}

/* ---- device nodes and sockets ---- */

/* Returns FALSE when the device node could not be made (not root). */
static gboolean device_node_and_socket(void)
{
	char *root = fixture_new();
	g_autofree char *zero = fixture_path(root, "roms/zero.rom");
	g_autofree char *sock_path = fixture_path(root, "roms/sock.rom");
	g_autofree char *want = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int sock;

	fixture_write(root, ETC "00-default.conf", "");
	fixture_write(root, ETC "50.conf", "[dir /roms]\n[dir /more]\n");
	fixture_mkdir(root, "roms");
	fixture_mkdir(root, "more");
	fixture_symlink(root, "/dev/zero", "more/zero.rom");
	ctx = fixture_context(root);

	/* A unix socket: open() says ENXIO. */
	assert_true(strlen(sock_path) < sizeof(addr.sun_path));
	strcpy(addr.sun_path, sock_path);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(sock >= 0);
	assert_int_equal(bind(sock, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_null(romresolve_context_resolve(ctx, "sock.rom", "x86_64", NULL,
					       ROMRESOLVE_LOOKUP_ROM, &error));
	want = g_strdup_printf("no usable sock.rom for x86_64: %s: cannot open: No such device or "
			       "address",
			       sock_path);
	assert_str(error->message, want);
	close(sock);
	g_clear_error(&error);

	/* A character device (/dev/zero's numbers) in a ROM dir: only root can
	 * make one; opened without blocking, refused as not a regular file. A
	 * link to /dev/zero resolves inside the root, where there is none. */
	if (mknod(zero, S_IFCHR | 0644, makedev(1, 5)) < 0) {
		assert_int_equal(errno, EPERM);
		fixture_free(root);
		return FALSE;
	}
	r = romresolve_context_lookup(ctx, "zero.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_FIRMWARE,
				      NULL);
	assert_false(romresolve_result_is_found(r));
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0),
			 ROMRESOLVE_VERDICT_NOT_REGULAR);
	/* Under a root, /dev/zero is the root's: a link to nothing there. */
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 1), ROMRESOLVE_VERDICT_MISSING);
	assert_null(romresolve_context_resolve(ctx, "zero.rom", "x86_64", NULL,
					       ROMRESOLVE_LOOKUP_ROM, &error));
	g_free(want);
	want = g_strdup_printf("no usable zero.rom for x86_64: %s: not a regular file; "
			       "%s/more/zero.rom: a dangling link to /dev/zero",
			       zero, root);
	assert_str(error->message, want);
	fixture_free(root);
	return TRUE;
}

static void test_device_node_and_socket(void **state)
{
	if (!device_node_and_socket())
		skip();
}

/* ---- config text: encodings, line ends, duplicates across files ---- */

static void test_config_text_faults(void **state)
{
	/* {dir} in a message stands for the config dir. */
	static const struct {
		const char *a, *b;   /* 50-a.conf, 60-b.conf (NULL: none) */
		gsize a_len;	     /* 0: strlen */
		const char *message; /* NULL: loads */
	} cases[] = {
	    /* A UTF-8 BOM only counts at the start of a file, in each file. */
	    {"[dir /a]\n\xef\xbb\xbf[dir /b]\n", NULL, 0,
	     "{dir}/50-a.conf:2: expected \"key = value\" or a [section] header"},
	    {"[dir /a]\n", "\xef\xbb\xbf[dir /b]\r\n", 0, NULL},
	    {"\xef\xbb\xbf\xef\xbb\xbf[dir /a]\n", NULL, 0,
	     "{dir}/50-a.conf:1: expected \"key = value\" or a [section] header"},
	    /* UTF-16 is not read as text. */
	    {"\xff\xfe[\0d\0i\0r\0 \0/\0a\0]\0\n\0", NULL, 20,
	     "{dir}/50-a.conf:1: NUL byte in line"},
	    /* Old Mac line ends: one long line, never a silently merged value. */
	    {"[dir /a]\rpriority = 7\r", NULL, 0,
	     "{dir}/50-a.conf:1: section header without closing ]"},
	    /* CRLF with blanks before the CR. */
	    {"[dir /a]  \r\npriority = 7 \r\n", NULL, 0, NULL},
	    /* The same section in two files, however the path is written: one
	     * section, merged (config v2). */
	    {"[dir /usr/share/qemu]\n", "[dir //usr/share//qemu/]\n", 0, NULL},
	    {"[machine r]\nmatch = *\n", "\n[machine r]\nmatch = pc-*\n", 0, NULL},
	    {"[device e1000]\nromfile = a.rom\n", "[device e1000]\nromfile = b.rom\n", 0, NULL},
	    /* Globs: machine type names are printable ASCII (GLib's matcher
	     * aborts on invalid UTF-8: found by fuzzing). */
	    {"[machine r]\nmatch = )*\xf6\x92\n", NULL, 0,
	     "{dir}/50-a.conf:2: match: glob ')*\xf6\x92' is not printable ASCII"},
	    {"[dir /a]\nmachine = pc-\xc3\xa9*\n", NULL, 0,
	     "{dir}/50-a.conf:2: machine: glob 'pc-\xc3\xa9*' is not printable ASCII"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *root = fixture_new();
		g_autofree char *dir = fixture_path(root, "etc/qemu/romresolve.d");
		g_autofree char *a = fixture_path(root, ETC "50-a.conf");
		g_autoptr(GError) error = NULL;
		g_autoptr(RomresolveContext) ctx = NULL;
		gsize len = cases[i].a_len ? cases[i].a_len : strlen(cases[i].a);

		fixture_mkdir(root, ETC);
		assert_true(g_file_set_contents(a, cases[i].a, (gssize)len, NULL));
		if (cases[i].b)
			fixture_write(root, ETC "60-b.conf", cases[i].b);
		ctx = romresolve_context_new_full(root, NULL, NULL, ROMRESOLVE_CONTEXT_STRICT,
						  &error);
		if (!cases[i].message) {
			if (!ctx)
				fail_msg("case %zu: %s", i, error->message);
		} else {
			g_auto(GStrv) parts = g_strsplit(cases[i].message, "{dir}", -1);
			g_autofree char *want = g_strjoinv(dir, parts);
			if (ctx)
				fail_msg("case %zu loaded, expected: %s", i, want);
			if (strcmp(error->message, want) != 0)
				fail_msg("case %zu:\n got: %s\nwant: %s", i, error->message, want);
		}
		fixture_free(root);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unreadable_config_dir),
	    cmocka_unit_test(test_unreadable_rom_dir_and_file),
	    cmocka_unit_test(test_rom_read_error_stops),
	    cmocka_unit_test(test_ten_thousand_dropins),
	    cmocka_unit_test(test_config_vanishes_before_read),
	    cmocka_unit_test(test_rom_changes_between_lookups),
	    cmocka_unit_test(test_device_node_and_socket),
	    cmocka_unit_test(test_config_text_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
