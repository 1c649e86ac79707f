/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Config loading: drop-ins, sections, keys, and every error. */
#include "fixture.h"

#include <glib/gstdio.h>
#include <ini.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ETC "etc/qemu/romresolve.d/"
#define USR "usr/share/qemu/romresolve.d/"

static const char *dir_path(GPtrArray *dirs, guint i)
{
	assert_true(i < dirs->len);
	return romresolve_dir_get_path(dirs->pdata[i]);
}

static void test_default_applies_without_files(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = fixture_context(root);
	g_autoptr(GPtrArray) dirs = romresolve_context_get_dirs(ctx, "aarch64", NULL, NULL);

	assert_true(romresolve_context_is_default(ctx));
	assert_int_equal(dirs->len, 3);
	assert_str(dir_path(dirs, 0), "/usr/share/qemu");
	assert_str(dir_path(dirs, 1), "/usr/share/seabios");
	assert_str(dir_path(dirs, 2), "/usr/lib/ipxe/qemu");
	for (guint i = 0; i < dirs->len; i++)
		assert_int_equal(romresolve_dir_get_max_size(dirs->pdata[i]), 256 * 1024);
	assert_str(romresolve_context_get_files(ctx)[0], "<embedded default>");
	assert_str(romresolve_context_get_device_romfile(ctx, "virtio-net-pci", NULL, NULL),
		   "efi-virtio.rom");
	assert_str(romresolve_context_get_device_romfile(ctx, "VGA", NULL, NULL),
		   "vgabios-stdvga.bin");
	assert_null(romresolve_context_get_device_romfile(ctx, "no-such-device", NULL, NULL));
}

static void test_override_by_name(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	g_autofree char *shadow = NULL;

	fixture_write(root, USR "50-ipxe.conf", "[dir /usr/lib/ipxe/qemu]\n");
	fixture_write(root, ETC "50-ipxe.conf", "[dir /srv/roms]\n");
	ctx = fixture_context(root);
	dirs = romresolve_context_get_dirs(ctx, "x86_64", NULL, NULL);
	/* A drop-in adds to the embedded default, never replaces it. */
	assert_true(romresolve_context_is_default(ctx));
	assert_int_equal(dirs->len, 4);
	assert_str(dir_path(dirs, 0), "/usr/share/qemu");
	assert_str(dir_path(dirs, 3), "/srv/roms");
	shadow = g_strdup_printf("%s/" USR "50-ipxe.conf overridden by %s/" ETC "50-ipxe.conf",
				 root, root);
	assert_str(romresolve_context_get_shadowed(ctx)[0], shadow);
	assert_null(romresolve_context_get_shadowed(ctx)[1]);
}

static void test_mask_with_empty_file_and_dev_null(void **state)
{
	char *root = *state;
	g_autofree char *link = fixture_path(root, ETC "60-b.conf");
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL;

	fixture_write(root, USR "50-a.conf", "[dir /a]\n");
	fixture_write(root, USR "60-b.conf", "[dir /b]\n");
	fixture_write(root, USR "70-c.conf", "[dir /c]\n");
	fixture_write(root, ETC "50-a.conf", "");
	assert_int_equal(symlink("/dev/null", link), 0);
	ctx = fixture_context(root);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 4);
	assert_str(dir_path(dirs, 3), "/c");
	{
		const char *const *shadowed = romresolve_context_get_shadowed(ctx);
		g_autofree char *a = g_strdup_printf(
		    "%s/" USR "50-a.conf masked by %s/" ETC "50-a.conf", root, root);
		g_autofree char *b = g_strdup_printf(
		    "%s/" USR "60-b.conf masked by %s/" ETC "60-b.conf", root, root);
		assert_str(shadowed[0], a);
		assert_str(shadowed[1], b);
		assert_null(shadowed[2]);
	}
}

static void test_default_masked_or_overridden(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveContext) other = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GPtrArray) own = NULL;
	g_autofree char *masked = NULL;

	/* Masking an unrelated name leaves the default alone. */
	fixture_write(root, ETC "50-a.conf", "");
	fixture_write(root, ETC "00-default.conf", "");
	ctx = fixture_context(root);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_false(romresolve_context_is_default(ctx));
	assert_int_equal(dirs->len, 0);
	masked = g_strdup_printf("<embedded default> masked by %s/" ETC "00-default.conf", root);
	assert_true(g_strv_contains(romresolve_context_get_shadowed(ctx), masked));
	/* A distribution's own 00-default.conf replaces it. */
	fixture_write(root, USR "00-default.conf", "[dir /usr/share/firmware]\n");
	fixture_unlink(root, ETC "00-default.conf");
	other = fixture_context(root);
	own = romresolve_context_get_dirs(other, NULL, NULL, NULL);
	assert_false(romresolve_context_is_default(other));
	assert_int_equal(own->len, 1);
	assert_str(dir_path(own, 0), "/usr/share/firmware");
}

static void test_sections_merge_key_by_key(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GPtrArray) rules = NULL;
	const RomresolveRule *rule;

	fixture_write(root, USR "50-pkg.conf",
		      "[dir /usr/lib/ipxe/qemu]\narch = x86_64\nmax-size = 512K\n"
		      "[dir /usr/share/seabios]\n"
		      "[machine old]\nmatch = pc-*\nuntil = 2.10\n"
		      "map = a.rom old-a.rom\nmap = b.rom old-b.rom\n");
	fixture_write(root, ETC "60-admin.conf",
		      "[dir /usr/lib/ipxe/qemu]\nmax-size =\npriority = 5\n"
		      "[dir /usr/share/seabios]\nenabled = no\n"
		      "[machine old]\nmap = b.rom new-b.rom\nmap = c.rom old-c.rom\n");
	ctx = fixture_context(root);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 2);
	/* priority from the admin, arch kept from the package, max-size reset. */
	assert_str(dir_path(dirs, 0), "/usr/lib/ipxe/qemu");
	assert_int_equal(romresolve_dir_get_priority(dirs->pdata[0]), 5);
	assert_str(romresolve_dir_get_arch(dirs->pdata[0]), "x86_64");
	assert_int_equal(romresolve_dir_get_max_size(dirs->pdata[0]), 256 * 1024);
	/* The first file that wrote the section is its origin. */
	assert_str(romresolve_dir_get_file(dirs->pdata[0]), "<embedded default>");
	assert_str(dir_path(dirs, 1), "/usr/share/qemu");
	rules = romresolve_context_get_rules(ctx, NULL, NULL, NULL);
	rule = rules->pdata[0];
	assert_str(romresolve_rule_get_map(rule, "a.rom"), "old-a.rom");
	assert_str(romresolve_rule_get_map(rule, "b.rom"), "new-b.rom");
	assert_str(romresolve_rule_get_map(rule, "c.rom"), "old-c.rom");
	assert_int_equal(romresolve_rule_get_n_maps(rule), 3);
}

static void test_errors_contained_in_their_file(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveContext) strict = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GError) error = NULL;
	const RomresolveProblem *const *problems;
	g_autofree char *bad = NULL;

	fixture_write(root, ETC "60-local.conf", "[dir /srv/roms]\nmax-size = 300K\nfoo = 1\n");
	fixture_write(root, ETC "70-ok.conf", "[dir /srv/ok]\n");
	ctx = romresolve_context_new(root, NULL, &error);
	assert_non_null(ctx);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	/* The default and the good file apply; the bad file not at all. */
	assert_int_equal(dirs->len, 4);
	assert_str(dir_path(dirs, 3), "/srv/ok");
	problems = romresolve_context_get_problems(ctx);
	bad = g_strdup_printf("%s/" ETC "60-local.conf", root);
	assert_str(romresolve_problem_get_file(problems[0]), bad);
	assert_int_equal(romresolve_problem_get_line(problems[0]), 2);
	assert_str(romresolve_problem_get_message(problems[0]),
		   "max-size 300K is not a power of two");
	assert_int_equal(romresolve_problem_get_line(problems[1]), 3);
	assert_str(romresolve_problem_get_message(problems[1]),
		   "unknown key 'foo' in [dir /srv/roms]");
	assert_null(problems[2]);
	assert_false(g_strv_contains(romresolve_context_get_files(ctx), bad));
	/* Strict: the first problem fails the load. */
	strict = romresolve_context_new_full(root, NULL, NULL, ROMRESOLVE_CONTEXT_STRICT, &error);
	assert_null(strict);
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG));
	g_free(bad);
	bad =
	    g_strdup_printf("%s/" ETC "60-local.conf:2: max-size 300K is not a power of two", root);
	assert_str(error->message, bad);
}

static void test_lexical_order_and_priority_ties(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL;

	/* Read order: 10-z (etc), 20-y (usr), 30-x (etc). Ties keep it. */
	fixture_write(root, ETC "30-x.conf", "[dir /x]\n[dir /first]\npriority = 5\n");
	fixture_write(root, USR "20-y.conf", "[dir /y]\n");
	fixture_write(root, ETC "10-z.conf", "[dir /z]\n");
	fixture_write(root, ETC "README", "[not a config]\n");
	fixture_write(root, ETC ".hidden.conf", "[not a config]\n");
	ctx = fixture_context(root);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 7);
	assert_str(dir_path(dirs, 0), "/first");
	assert_str(dir_path(dirs, 1), "/usr/share/qemu");
	assert_str(dir_path(dirs, 4), "/z");
	assert_str(dir_path(dirs, 5), "/y");
	assert_str(dir_path(dirs, 6), "/x");
}

static void test_user_config_dir(void **state)
{
	char *root = *state;
	g_autofree char *home = fixture_path(root, "home/u/.config");
	g_auto(GStrv) with_user = romresolve_config_dirs_default(home);
	g_auto(GStrv) without = romresolve_config_dirs_default(NULL);
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GError) error = NULL;

	assert_int_equal(g_strv_length(with_user), 3);
	assert_int_equal(g_strv_length(without), 2);
	assert_str(without[0], "/etc/qemu/romresolve.d");
	fixture_write(root, "home/u/.config/qemu/romresolve.d/50-a.conf", "[dir /mine]\n");
	fixture_write(root, ETC "50-a.conf", "[dir /admin]\n");
	/* Dirs given explicitly are not prefixed with a root. */
	g_free(with_user[1]);
	with_user[1] = fixture_path(root, ETC);
	g_free(with_user[2]);
	with_user[2] = NULL;
	ctx = romresolve_context_new(NULL, (const char *const *)with_user, &error);
	assert_non_null(ctx);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 4);
	assert_str(dir_path(dirs, 3), "/mine");
}

static void test_dir_keys(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx =
	    fixture_context_from("/fake",
				 "# comment\n"
				 "; comment\n"
				 "[dir /usr/share/qemu-aarch64/]    # trailing slash is cut\n"
				 "  arch = aarch64 arm   ; inline comment\n"
				 "\tpriority = 30\n"
				 "max-size = 512K\n"
				 "rom-size = 512KiB\n"
				 "machine = virt-* sbsa-ref\n"
				 "[dir //usr//lib/x]\n"
				 "rom-size = 1M\n"
				 "[dir /third]\n"
				 "priority = 0070\n"
				 "arch =  x86_64\t\taarch64 \n"
				 "machine = pc-*   q35\n",
				 &error);
	g_autoptr(GPtrArray) dirs = NULL;
	const RomresolveDir *d;

	assert_null(error);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 3);
	d = dirs->pdata[0];
	assert_str(romresolve_dir_get_path(d), "/usr/share/qemu-aarch64");
	assert_str(romresolve_dir_get_full_path(d), "/fake/usr/share/qemu-aarch64");
	assert_str(romresolve_dir_get_arch(d), "aarch64 arm");
	assert_str(romresolve_dir_get_machine(d), "virt-* sbsa-ref");
	assert_int_equal(romresolve_dir_get_priority(d), 30);
	assert_int_equal(romresolve_dir_get_max_size(d), 512 * 1024);
	assert_int_equal(romresolve_dir_get_rom_size(d), 512 * 1024);
	assert_str(romresolve_dir_get_file(d), "test.conf");
	assert_int_equal(romresolve_dir_get_line(d), 3);
	d = dirs->pdata[1];
	assert_str(romresolve_dir_get_path(d), "/usr/lib/x");
	assert_str(romresolve_dir_get_arch(d), "*");
	assert_null(romresolve_dir_get_machine(d));
	assert_int_equal(romresolve_dir_get_priority(d), 50);
	/* max-size follows rom-size when only rom-size is set. */
	assert_int_equal(romresolve_dir_get_max_size(d), 1024 * 1024);
	/* Leading zeros; words separated by any blanks, shown by one. */
	d = dirs->pdata[2];
	assert_str(romresolve_dir_get_path(d), "/third");
	assert_int_equal(romresolve_dir_get_priority(d), 70);
	assert_str(romresolve_dir_get_arch(d), "x86_64 aarch64");
	assert_str(romresolve_dir_get_machine(d), "pc-* q35");
}

static void test_arch_and_machine_filters(void **state)
{
	g_autoptr(RomresolveContext) ctx = fixture_context_from("/r",
								"[dir /all]\n"
								"[dir /arm]\narch = aarch64\n"
								"[dir /virt]\nmachine = virt-*\n"
								"[dir /any]\narch = *\n",
								NULL);
	g_autoptr(GPtrArray) x86 = romresolve_context_get_dirs(ctx, "x86_64", NULL, NULL);
	g_autoptr(GPtrArray) arm = romresolve_context_get_dirs(ctx, "aarch64", NULL, NULL);
	g_autoptr(GPtrArray) virt = romresolve_context_get_dirs(ctx, "aarch64", "virt-10.0", NULL);
	g_autoptr(GPtrArray) pc = romresolve_context_get_dirs(ctx, "x86_64", "pc-q35-9.2", NULL);
	g_autoptr(GError) error = NULL;

	assert_int_equal(x86->len, 2);
	assert_str(dir_path(x86, 1), "/any");
	assert_int_equal(arm->len, 3);
	assert_int_equal(virt->len, 4);
	assert_str(dir_path(virt, 2), "/virt");
	assert_int_equal(pc->len, 2);
	assert_null(romresolve_context_get_dirs(ctx, "x86-64", NULL, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARCH));
	assert_str(error->message, "unknown target architecture 'x86-64'");
}

static void test_long_section_header_kept_whole(void **state)
{
	const char *path = "/usr/lib/x86_64-linux-gnu/qemu/firmware/very/long/path/to/roms";
	g_autofree char *text = g_strdup_printf("[dir %s]\narch = x86_64\n", path);
	g_autoptr(RomresolveContext) ctx = fixture_context_from("/r", text, NULL);
	g_autoptr(GPtrArray) dirs = romresolve_context_get_dirs(ctx, "x86_64", NULL, NULL);

	assert_int_equal(dirs->len, 1);
	assert_str(dir_path(dirs, 0), path);
}

static void test_bom_crlf_and_no_final_newline(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx = fixture_context_from(
	    "/r", "\xef\xbb\xbf[dir /a]\r\npriority = 7\r\n[device e1000]\r\nromfile = x.rom",
	    &error);
	g_autoptr(GPtrArray) dirs = NULL;

	assert_null(error);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(romresolve_dir_get_priority(dirs->pdata[0]), 7);
	assert_str(romresolve_context_get_device_romfile(ctx, "e1000", NULL, NULL), "x.rom");
	assert_str(romresolve_context_get_devices(ctx)[0], "e1000");
}

static void test_machine_rules(void **state)
{
	g_autoptr(RomresolveContext) ctx =
	    fixture_context_from("/r",
				 "[machine pre-bionic]\n"
				 "match = pc-i440fx-* pc-q35-*\n"
				 "until = 2.10\n"
				 "max-size = 256K\n"
				 "rom-size = 256K\n"
				 "map = efi-virtio.rom compat-256k-efi-virtio.rom\n"
				 "map = efi-e1000.rom  compat-256k-efi-e1000.rom\n"
				 "[machine new]\n"
				 "arch = x86_64\n"
				 "match = pc-*\n"
				 "since = 9.2\n",
				 NULL);
	struct {
		const char *arch, *machine;
		guint n;
	} cases[] = {
	    {"x86_64", "pc-i440fx-2.9", 1},
	    {"x86_64", "pc-i440fx-2.10", 1},
	    {"x86_64", "pc-i440fx-2.11", 0},
	    {"x86_64", "pc-q35-10.0", 1},
	    {"x86_64", "pc-q35-9.2", 1},
	    {"x86_64", "pc-q35-9.1", 0},
	    {"aarch64", "pc-q35-2.4", 1},
	    {"aarch64", "pc-q35-10.0", 0},
	    {"x86_64", "pc", 0},
	    {"x86_64", "microvm", 0},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GPtrArray) rules =
		    romresolve_context_get_rules(ctx, cases[i].arch, cases[i].machine, NULL);
		if (rules->len != cases[i].n)
			fail_msg("%s %s: %u rules, expected %u", cases[i].arch, cases[i].machine,
				 rules->len, cases[i].n);
	}
	{
		g_autoptr(GPtrArray) all = romresolve_context_get_rules(ctx, NULL, NULL, NULL);
		const RomresolveRule *r = all->pdata[0];
		assert_int_equal(all->len, 2);
		assert_str(romresolve_rule_get_name(r), "pre-bionic");
		assert_int_equal(romresolve_rule_get_max_size(r), 256 * 1024);
		assert_int_equal(romresolve_rule_get_rom_size(r), 256 * 1024);
		assert_str(romresolve_rule_get_map(r, "efi-e1000.rom"),
			   "compat-256k-efi-e1000.rom");
		assert_null(romresolve_rule_get_map(r, "efi-pcnet.rom"));
		assert_str(romresolve_rule_get_file(r), "test.conf");
		assert_int_equal(romresolve_rule_get_line(r), 1);
		assert_int_equal(romresolve_rule_get_rom_size(all->pdata[1]), 0);
	}
}

/* Every config error: one line, FILE:LINE, what is wrong. */
static void test_config_errors(void **state)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
	    {"[foo]\n", "test.conf:1: unknown section [foo]"},
	    {"[dir]\n", "test.conf:1: [dir] needs a name: [dir /absolute/path]"},
	    {"\n[dir relative/x]\n",
	     "test.conf:2: [dir relative/x]: the path must be absolute, without . or .. "
	     "components"},
	    {"[dir /a/../b]\n",
	     "test.conf:1: [dir /a/../b]: the path must be absolute, without . or .. "
	     "components"},
	    {"[dir /a\n", "test.conf:1: section header without closing ]"},
	    {"[dir /a\rb]\n", "test.conf:1: control character in a section header"},
	    {"arch = x86_64\n", "test.conf:1: 'arch' is outside any section"},
	    {"[dir /a]\nfoo = 1\n", "test.conf:2: unknown key 'foo' in [dir /a]"},
	    {"[dir /a]\narch\n", "test.conf:2: expected \"key = value\" or a [section] header"},
	    {"[dir /a]\narch: x86_64\n",
	     "test.conf:2: expected \"key = value\" or a [section] header"},
	    {"[dir /a]\n= 1\n", "test.conf:2: missing key before ="},
	    {"[dir /a]\nmax_size = 1\n", "test.conf:2: invalid key 'max_size'"},
	    {"[dir /a]\nmax-size = 300K\n", "test.conf:2: max-size 300K is not a power of two"},
	    {"[dir /a]\nmax-size = 0\n", "test.conf:2: max-size 0 is not a power of two"},
	    {"[dir /a]\nrom-size = 256k\n",
	     "test.conf:2: rom-size 256k is not a size (bytes, or a number followed by K, M or "
	     "G)"},
	    {"[dir /a]\nmax-size = 99999999999999999999\n",
	     "test.conf:2: max-size 99999999999999999999 is too large (at most 1024G)"},
	    {"[dir /a]\nmax-size = 2048G\n",
	     "test.conf:2: max-size 2048G is too large (at most 1024G)"},
	    {"[dir /a]\narch = x86_64 x86-64\n", "test.conf:2: unknown target 'x86-64' in arch"},
	    {"[dir /a]\narch = * arm\n",
	     "test.conf:2: arch: * cannot be combined with target names"},
	    {"[dir /a]\npriority = high\n",
	     "test.conf:2: priority high is not a whole number from 0 to 9999"},
	    {"[dir /a]\npriority = 10000\n",
	     "test.conf:2: priority 10000 is not a whole number from 0 to 9999"},
	    {"[dir /a]\npriority = 1\npriority = 2\n",
	     "test.conf:3: priority is set twice in this section"},
	    {"[dir /a]\nstrict-modes = off\n",
	     "test.conf:2: strict-modes off is neither yes nor no"},
	    {"[machine a b]\n", "test.conf:1: [machine a b]: a rule name is one word"},
	    {"[machine r]\nuntil = 2.10\n", "test.conf:1: [machine r] needs a match line"},
	    {"[machine r]\nmatch = pc-*\nuntil = 2.x\n",
	     "test.conf:3: until 2.x is not a version (numbers separated by dots, such as 2.10)"},
	    {"[machine r]\nmatch = pc-*\nsince = 3.0\nuntil = 2.10\n",
	     "test.conf:1: [machine r]: since 3.0 is after until 2.10"},
	    {"[machine r]\nmatch = pc-*\nmap = a.rom\n",
	     "test.conf:3: map needs two file names: the name asked for and the one to load"},
	    {"[machine r]\nmatch = pc-*\nmap = a.rom ../b.rom\n",
	     "test.conf:3: map: ROM name '../b.rom' is not a bare file name (it contains /)"},
	    {"[machine r]\nmatch = pc-*\nmap = a.rom b.rom\nmap = a.rom c.rom\n",
	     "test.conf:4: a.rom is mapped twice in this section"},
	    {"[machine r]\nmatch = *\nfoo = 1\n", "test.conf:3: unknown key 'foo' in [machine r]"},
	    {"[device my-nic]\n", "test.conf:1: [device my-nic] needs a romfile line"},
	    {"[dir /a]\nrom-size = 1K\n",
	     "test.conf:2: rom-size 1K is under 2 KiB, smaller than any ROM BAR"},
	    {"[dir /a]\nmax-size = 4G\n",
	     "test.conf:2: max-size 4G is over 2 GiB, larger than any ROM BAR"},
	    {"[dir /a]\nenabled = maybe\n", "test.conf:2: enabled maybe is neither yes nor no"},
	    {"[machine r]\nmatch = *\nno-rom = a.rom ../b\n",
	     "test.conf:3: no-rom: ROM name '../b' is not a bare file name (it contains /)"},
	    {"[dir /a]\nmax-size-of-a-very-long-key-that-inih-would-cut-short = 1\n",
	     "test.conf:2: key 'max-size-of-a-very-l...' is longer than 49 bytes"},
	    {"[device e1000]\nromfile = .\n",
	     "test.conf:2: romfile: ROM name '.' is not a file name"},
	    {"[device e1000]\nromfile = a.rom\nrom = b\n",
	     "test.conf:3: unknown key 'rom' in [device e1000]"},
	    {"[device e/1]\n", "test.conf:1: [device e/1]: not a QEMU device type name"},
	    {"[dir /a]\narch = x86_64\0\n", "test.conf:2: NUL byte in line"},
	    /* The checks the parser makes by hand, as GLib's and inih's did. */
	    {"[dir /a]\npriority = +5\n",
	     "test.conf:2: priority +5 is not a whole number from 0 to 9999"},
	    {"[dir /a]\npriority = 10000\n",
	     "test.conf:2: priority 10000 is not a whole number from 0 to 9999"},
	    {"[dir /a]\npriority = 00000000000000000000099999\n",
	     "test.conf:2: priority 00000000000000000000099999 is not a whole number from 0 to "
	     "9999"},
	    {"[dir /a]\narch = bogus *\n",
	     "test.conf:2: arch: * cannot be combined with target names"},
	    {"[dir /a]\narch = x86_64 bogus other\n",
	     "test.conf:2: unknown target 'bogus' in arch"},
	    {"[machine r]\nmatch = *\nmap =  a.rom\tb.rom\nmap = a.rom   c.rom\n",
	     "test.conf:4: a.rom is mapped twice in this section"},
	    {"[machine r]\nmatch = *\nno-rom = a.rom ..\n",
	     "test.conf:3: no-rom: ROM name '..' is not a file name"},
	    {"[dir /a]\nkey:x = 1\n",
	     "test.conf:2: expected \"key = value\" or a [section] header"},
	    {"[machine r]\nmatch = pc-* \x01x\n",
	     "test.conf:2: match: glob '\x01x' is not printable ASCII"},
	    /* Where inih r55 splits otherwise (docs/decisions.md): a comment
	     * before '=', a ':' after a key, an indented line of its own. */
	    {"[dir /a]\narch ;= x86_64\n",
	     "test.conf:2: expected \"key = value\" or a [section] header"},
	    {"[dir /a]\narch #= x86_64\n",
	     "test.conf:2: expected \"key = value\" or a [section] header"},
	    {"[dir /a]\narch = x86_64\n  : x\n",
	     "test.conf:3: expected \"key = value\" or a [section] header"},
	    {"[dir /a]\narch = x86_64\n  priority = high\n",
	     "test.conf:3: priority high is not a whole number from 0 to 9999"},
	    {"[dir /a]\narch = x86_64\n\tarch\n",
	     "test.conf:3: expected \"key = value\" or a [section] header"},
	    /* A vertical tab is a blank to inih (isspace()): at the start of
	     * a line it would make a continuation line. */
	    {"[dir /a]\narch = x86_64\n\vpriority = 7\n",
	     "test.conf:3: vertical tab in a key line"},
	    {"[dir /a]\narch = x86_64\v\n", "test.conf:2: vertical tab in a key line"},
	    /* inih skips a BOM on the first line it reads, here line 2. */
	    {"[dir /a]\n\xef\xbb\xbf"
	     "arch = x86_64\n",
	     "test.conf:2: invalid key '\xef\xbb\xbf"
	     "arch'"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		/* Length by hand: one case holds a NUL. */
		const char *text = cases[i].text;
		gsize len = strlen(text);
		g_autoptr(RomresolveContext) ctx = NULL;

		if (strstr(cases[i].message, "NUL"))
			len += 1 + strlen(text + len + 1);
		ctx = romresolve_context_new_from_data("/r", "test.conf", text, len, &error);
		if (ctx)
			fail_msg("case %zu loaded, expected: %s", i, cases[i].message);
		assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_CONFIG));
		if (strcmp(error->message, cases[i].message) != 0)
			fail_msg("case %zu:\n got: %s\nwant: %s", i, error->message,
				 cases[i].message);
		assert_null(strchr(error->message, '\n'));
	}
}

static void test_line_too_long(void **state)
{
	g_autoptr(GString) text = g_string_new("[dir /a]\n# ");
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;

	/* A 199-byte line is fine; 200 bytes is one too many. */
	g_string_append(text, "x");
	while (text->len - strlen("[dir /a]\n") < 199)
		g_string_append_c(text, 'x');
	g_string_append(text, "\n");
	ctx = romresolve_context_new_from_data("/r", "t.conf", text->str, text->len, &error);
	assert_non_null(ctx);
	g_string_insert_c(text, 10, 'y');
	g_clear_pointer(&ctx, romresolve_context_unref);
	ctx = romresolve_context_new_from_data("/r", "t.conf", text->str, text->len, &error);
	assert_null(ctx);
	assert_str(error->message, "t.conf:2: line is longer than 199 bytes");
}

/*
 * Where Debian's inih r55 would read a file otherwise, it reads as
 * romresolve.conf(5) has it (docs/decisions.md): an indented line is a line
 * of its own, never a continuation of the value before; '#' comments are cut
 * as ';' ones are; a long line is refused, never split, and the lines after
 * it keep their numbers.
 */
static void test_no_continuation_lines_comments_long_lines(void **state)
{
	char *root = *state;
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx =
	    fixture_context_from("/r",
				 "[dir /a]\n"
				 "arch = x86_64\n"
				 "  priority = 7\n"
				 "\t[device e1000]\n"
				 "  romfile = a#b.rom ; a comment\n"
				 "[device e1000e]\n"
				 "romfile = c;d.rom\t# a comment\v\n",
				 &error);
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GString) text = g_string_new("[dir /a]\narch = x86_64");
	g_autoptr(RomresolveContext) bad = NULL;
	const RomresolveProblem *const *problems;

	assert_null(error);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 1);
	assert_str(romresolve_dir_get_arch(dirs->pdata[0]), "x86_64");
	assert_int_equal(romresolve_dir_get_priority(dirs->pdata[0]), 7);
	assert_str(romresolve_context_get_device_romfile(ctx, "e1000", NULL, NULL), "a#b.rom");
	assert_str(romresolve_context_get_device_romfile(ctx, "e1000e", NULL, NULL), "c;d.rom");

	/* Line 2 is 200 bytes: inih would read its last byte as line 3. */
	while (text->len - strlen("[dir /a]\n") < 200)
		g_string_append(text, text->len % 7 ? " " : "x86_64");
	g_string_truncate(text, strlen("[dir /a]\n") + 200);
	g_string_append(text, "\nfoo = 1\npriority = 2\n");
	fixture_write(root, ETC "50-long.conf", text->str);
	bad = romresolve_context_new(root, NULL, &error);
	assert_non_null(bad);
	problems = romresolve_context_get_problems(bad);
	assert_int_equal(romresolve_problem_get_line(problems[0]), 2);
	assert_str(romresolve_problem_get_message(problems[0]), "line is longer than 199 bytes");
	assert_int_equal(romresolve_problem_get_line(problems[1]), 3);
	assert_str(romresolve_problem_get_message(problems[1]), "unknown key 'foo' in [dir /a]");
	assert_null(problems[2]);
}

/*
 * inih's options are process-wide globals that the library never sets;
 * another part of the process may. Those that would change the syntax leave
 * it as it is: the same file reads the same, and a line without '=' is still
 * a problem.
 */
static void test_inih_globals_change_nothing(void **state)
{
	static const char text[] = "\xef\xbb\xbf# a comment\n"
				   "[dir /a]   ; a comment\n"
				   "arch = x86_64 ; a comment\n"
				   "  priority = 7 # a comment\n"
				   "[device e1000]\n"
				   "romfile = a.rom ;\n";
	const bool saved[] = {ini_allow_multiline, ini_allow_bom, ini_allow_inline_comments,
			      ini_allow_no_value};
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveContext) bad = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	(void)state;

	ini_allow_multiline = true; /* Debian's default: the one that matters */
	ini_allow_bom = false;
	ini_allow_inline_comments = false;
	ini_allow_no_value = true;
	ctx = fixture_context_from("/r", text, &error);
	bad = fixture_context_from("/r", "[dir /a]\narch\n", &error);
	ini_allow_multiline = saved[0];
	ini_allow_bom = saved[1];
	ini_allow_inline_comments = saved[2];
	ini_allow_no_value = saved[3];

	assert_non_null(ctx);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 1);
	assert_str(romresolve_dir_get_arch(dirs->pdata[0]), "x86_64");
	assert_int_equal(romresolve_dir_get_priority(dirs->pdata[0]), 7);
	assert_str(romresolve_context_get_device_romfile(ctx, "e1000", NULL, NULL), "a.rom");
	assert_null(bad);
	assert_str(error->message, "test.conf:2: expected \"key = value\" or a [section] header");
}

static void test_bad_root_and_dirs(void **state)
{
	char *root = *state;
	g_autofree char *missing = fixture_path(root, "nope");
	g_autofree char *file = fixture_path(root, "file");
	g_autofree char *want = NULL;
	g_autoptr(GError) error = NULL;
	RomresolveContext *ctx = NULL;

	assert_null(romresolve_context_new(missing, NULL, &error));
	want = g_strdup_printf("root %s: No such file or directory", missing);
	assert_str(error->message, want);
	g_clear_error(&error);

	fixture_write(root, "file", "x");
	assert_null(romresolve_context_new(file, NULL, &error));
	g_free(want);
	want = g_strdup_printf("root %s: Not a directory", file);
	assert_str(error->message, want);
	g_clear_error(&error);

	/* A config dir that is a file: a problem, not a failure. */
	fixture_write(root, "etc/qemu/romresolve.d", "x");
	ctx = romresolve_context_new(root, NULL, &error);
	assert_non_null(ctx);
	assert_true(g_str_has_prefix(
	    romresolve_problem_get_message(romresolve_context_get_problems(ctx)[0]),
	    "cannot read config dir: "));
	g_clear_pointer(&ctx, romresolve_context_unref);

	/* A *.conf that is a directory. */
	g_remove(file);
	fixture_write(root, "usr/share/qemu/romresolve.d/x.conf/y", "");
	fixture_unlink(root, "etc/qemu/romresolve.d");
	ctx = romresolve_context_new(root, NULL, &error);
	assert_str(romresolve_problem_get_message(romresolve_context_get_problems(ctx)[0]),
		   "not a regular file, nor a link to /dev/null");
	assert_true(g_str_has_suffix(
	    romresolve_problem_get_file(romresolve_context_get_problems(ctx)[0]), "x.conf"));
	g_clear_pointer(&ctx, romresolve_context_unref);
}

static void test_sizes(void **state)
{
	static const struct {
		const char *text;
		uint64_t size;
	} good[] = {
	    {"0", 0},	     {"262144", 262144}, {"256K", 262144},	{"256KiB", 262144},
	    {"1M", 1048576}, {"1MiB", 1048576},	 {"2G", 2147483648ULL}, {"1024G", 1ULL << 40},
	};
	static const char *const bad[] = {"", "K", "-1", "1.5M", "1T", "256 K", "1025G", "0x100"};
	uint64_t size;

	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		assert_true(romresolve_size_parse(good[i].text, &size, NULL));
		assert_int_equal(size, good[i].size);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		if (romresolve_size_parse(bad[i], &size, &error))
			fail_msg("'%s' parsed", bad[i]);
		assert_true(
		    g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT));
	}
	{
		g_autofree char *a = romresolve_size_format(262144);
		g_autofree char *b = romresolve_size_format(307200);
		g_autofree char *c = romresolve_size_format(249345);
		g_autofree char *d = romresolve_size_format(1 << 20);
		g_autofree char *e = romresolve_size_format(0);
		g_autofree char *f = romresolve_size_format(2147483648ULL);
		assert_str(a, "256 KiB");
		assert_str(b, "300 KiB");
		assert_str(c, "249345 bytes");
		assert_str(d, "1 MiB");
		assert_str(e, "0 bytes");
		assert_str(f, "2 GiB");
	}
	assert_int_equal(romresolve_size_pow2ceil(0), 0);
	assert_int_equal(romresolve_size_pow2ceil(1), 1);
	assert_int_equal(romresolve_size_pow2ceil(1000), 1024);
	assert_int_equal(romresolve_size_pow2ceil(249344), 262144);
	assert_int_equal(romresolve_size_pow2ceil(262144), 262144);
	assert_int_equal(romresolve_size_pow2ceil(307200), 524288);
	/* Past 2^63 no power of two fits: 0, and it returns. */
	assert_true(romresolve_size_pow2ceil(1ULL << 63) == 1ULL << 63);
	assert_int_equal(romresolve_size_pow2ceil((1ULL << 63) + 1), 0);
	assert_int_equal(romresolve_size_pow2ceil(UINT64_MAX), 0);
	assert_int_equal(romresolve_size_ramblock(1024), 4096);
	assert_int_equal(romresolve_size_ramblock(4096), 4096);
	assert_int_equal(romresolve_size_ramblock(262144), 262144);
}

static void test_versions(void **state)
{
	static const struct {
		const char *a, *b;
		int cmp;
	} cases[] = {
	    {"2.9", "2.10", -1}, {"2.10", "2.9", 1},
	    {"2.10", "2.10", 0}, {"10.0", "9.2", 1},
	    {"2", "2.0", 0},	 {"2.0.1", "2", 1},
	    {"02.1", "2.01", 0}, {"", "0", 0},
	    {"1.2", "1.10", -1}, {"99999999999999999999999.1", "99999999999999999999999.2", -1},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (romresolve_version_compare(cases[i].a, cases[i].b) != cases[i].cmp)
			fail_msg("%s vs %s", cases[i].a, cases[i].b);
	assert_str(romresolve_machine_get_version("pc-q35-2.10"), "2.10");
	assert_str(romresolve_machine_get_version("virt-10.0"), "10.0");
	assert_str(romresolve_machine_get_version("s390-ccw-virtio-9.2"), "9.2");
	assert_null(romresolve_machine_get_version("pc"));
	assert_null(romresolve_machine_get_version("microvm"));
	assert_null(romresolve_machine_get_version("pc-q35-2.x"));
	assert_null(romresolve_machine_get_version("pc-"));
	assert_null(romresolve_machine_get_version(NULL));
}

static void test_arches(void **state)
{
	const char *const *all = romresolve_arch_get_all();
	g_autoptr(GError) error = NULL;

	assert_true(g_strv_contains(all, "x86_64"));
	assert_true(g_strv_contains(all, "aarch64"));
	assert_true(g_strv_contains(all, "loongarch64"));
	assert_true(romresolve_arch_validate("riscv64", NULL));
	assert_false(romresolve_arch_validate("amd64", &error));
	assert_str(error->message, "unknown target architecture 'amd64'");
	g_clear_error(&error);
	assert_false(romresolve_arch_validate(NULL, &error));
}

static void test_ref_unref(void **state)
{
	RomresolveContext *ctx = fixture_context_from("/", "[dir /a]\n", NULL);

	assert_ptr_equal(romresolve_context_ref(ctx), ctx);
	romresolve_context_unref(ctx);
	assert_str(romresolve_context_get_root(ctx), "");
	romresolve_context_unref(ctx);
	romresolve_context_unref(NULL);
	assert_null(romresolve_context_ref(NULL));
}

/* Names that share their first 8 bytes or more, of any length, read in
 * strcmp() order; enough of them to take every path of the sort. */
static void test_read_order_of_many_names(void **state)
{
	static const char *const odd[] = {
	    "aaaaaaaa.conf", "aaaaaaaa1.conf", "aaaaaaa.conf",		 "aaaaaaaa10.conf",
	    "A.conf",	     "a.conf",	       "\xc3\xa9t\xc3\xa9.conf", "aaaaaaaaaaaaaaaab.conf"};
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func(g_free);
	const char *const *files;
	guint n = 0;

	for (guint i = 0; i < G_N_ELEMENTS(odd); i++) {
		g_autofree char *rel = g_strconcat(i % 2 ? ETC : USR, odd[i], NULL);
		fixture_write(root, rel, "[dir /x]\n");
		g_ptr_array_add(want, g_strconcat(root, "/", rel, NULL));
	}
	/* 301 more, in no order, some in both dirs (the etc file is read). */
	for (guint i = 0; i < 301; i++) {
		guint k = (i * 7919) % 1000;
		g_autofree char *name = g_strdup_printf("%s%u-x.conf", k % 3 ? "50-" : "", k);
		g_autofree char *rel = g_strconcat(USR, name, NULL);

		fixture_write(root, rel, "[dir /y]\n");
		if (k % 5 == 0) {
			g_free(rel);
			rel = g_strconcat(ETC, name, NULL);
			fixture_write(root, rel, "[dir /z]\n");
		}
		g_ptr_array_add(want, g_strconcat(root, "/", rel, NULL));
	}
	g_ptr_array_add(want, g_strdup("<embedded default>"));
	ctx = fixture_context(root);
	files = romresolve_context_get_files(ctx);
	/* By name, whatever the dir: the embedded default as 00-default.conf. */
	for (guint i = 0; i < want->len; i++) {
		for (guint j = i + 1; j < want->len; j++) {
			const char *a = want->pdata[i], *b = want->pdata[j];
			const char *na =
			    g_str_has_prefix(a, "<") ? "00-default.conf" : strrchr(a, '/') + 1;
			const char *nb =
			    g_str_has_prefix(b, "<") ? "00-default.conf" : strrchr(b, '/') + 1;

			if (strcmp(na, nb) > 0) {
				want->pdata[i] = (gpointer)b;
				want->pdata[j] = (gpointer)a;
			}
		}
	}
	for (; files[n]; n++)
		assert_str(files[n], want->pdata[n]);
	assert_int_equal(n, want->len);
}

/* Blanks inside a header's brackets, and paths normalised (or kept). */
static void test_header_blanks_and_paths(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveContext) ctx = fixture_context_from("/fake",
								"[ dir   //a//b/ ]\n"
								"[  machine   r1  ] \n"
								"match = pc-*\n"
								"[dir /]\n"
								"[dir /x/.../y]\n"
								"[dir /c/]\n"
								"[dir /d//e]\n",
								&error);
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GPtrArray) rules = NULL;
	g_autoptr(RomresolveContext) bad = NULL;

	assert_null(error);
	dirs = romresolve_context_get_dirs(ctx, NULL, NULL, NULL);
	assert_int_equal(dirs->len, 5);
	assert_str(dir_path(dirs, 0), "/a/b");
	assert_str(dir_path(dirs, 1), "/");
	assert_str(romresolve_dir_get_full_path(dirs->pdata[1]), "/fake");
	assert_str(dir_path(dirs, 2), "/x/.../y");
	assert_str(dir_path(dirs, 3), "/c");
	assert_str(dir_path(dirs, 4), "/d/e");
	rules = romresolve_context_get_rules(ctx, NULL, NULL, NULL);
	assert_int_equal(rules->len, 1);
	assert_str(romresolve_rule_get_name(rules->pdata[0]), "r1");
	bad = fixture_context_from("/fake", "[dir\t/a]\n", &error);
	assert_null(bad);
	assert_str(error->message, "test.conf:1: control character in a section header");
}

/* Only an empty regular file or a link to /dev/null masks; anything else
 * in its place is a problem of its own that still takes the name (the
 * package's file is not read instead), and nothing is read unbounded. */
static void test_hostile_dropins(void **state)
{
	char *root = *state;
	const char *const names[] = {"10-zero.conf", "20-proc.conf", "30-big.conf",
				     "40-fifo.conf", "50-null.conf", NULL};
	const char *const want[] = {
	    "10-zero.conf: not a regular file, nor a link to /dev/null",
	    "20-proc.conf:1: ",
	    "30-big.conf: larger than 1 MiB, the most a config file may hold",
	    "40-fifo.conf: not a regular file, nor a link to /dev/null",
	};
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autofree char *big = NULL, *fifo = NULL;
	const RomresolveProblem *const *problems;
	const char *const *shadowed;
	g_autoptr(GString) all = g_string_new(NULL);
	guint n = 0;

	fixture_write(root, "etc/qemu/romresolve.d/00-default.conf", "");
	for (const char *const *name = names; *name; name++) {
		g_autofree char *rel = g_strconcat("usr/share/qemu/romresolve.d/", *name, NULL);
		g_autofree char *text = g_strdup_printf("[dir /pkg/%s]\n", *name);
		fixture_write(root, rel, text);
	}
	fixture_symlink(root, "/dev/zero", "etc/qemu/romresolve.d/10-zero.conf");
	fixture_symlink(root, "/proc/self/status", "etc/qemu/romresolve.d/20-proc.conf");
	/* 1 GiB, sparse: refused by its size, never read. */
	big = fixture_path(root, "etc/qemu/romresolve.d/30-big.conf");
	fixture_write(root, "etc/qemu/romresolve.d/30-big.conf", "");
	assert_int_equal(truncate(big, 1024L * 1024 * 1024), 0);
	fifo = fixture_path(root, "etc/qemu/romresolve.d/40-fifo.conf");
	assert_int_equal(mkfifo(fifo, 0644), 0);
	fixture_symlink(root, "/dev/null", "etc/qemu/romresolve.d/50-null.conf");
	ctx = romresolve_context_new(root, NULL, NULL);
	assert_non_null(ctx);

	/* Every problem, "FILE:LINE: message" or "FILE: message", one a line. */
	problems = romresolve_context_get_problems(ctx);
	for (; problems[n]; n++) {
		const char *file = strrchr(romresolve_problem_get_file(problems[n]), '/') + 1;
		unsigned line = romresolve_problem_get_line(problems[n]);

		if (line)
			g_string_append_printf(all, "%s:%u: %s\n", file, line,
					       romresolve_problem_get_message(problems[n]));
		else
			g_string_append_printf(all, "%s: %s\n", file,
					       romresolve_problem_get_message(problems[n]));
	}
	for (guint i = 0; i < G_N_ELEMENTS(want); i++)
		if (!strstr(all->str, want[i]))
			fail_msg("'%s' is not among the problems:\n%s", want[i], all->str);
	/* The file of /proc text: each line a problem; the others one each. */
	{
		g_auto(GStrv) parts = g_strsplit(all->str, "20-proc.conf:", -1);
		assert_int_equal(n, 3 + g_strv_length(parts) - 1);
	}
	/* No package file was read in their stead, and /dev/null masks. */
	assert_int_equal(g_strv_length((char **)romresolve_context_get_files(ctx)), 0);
	shadowed = romresolve_context_get_shadowed(ctx);
	assert_int_equal(g_strv_length((char **)shadowed), 6);
	assert_true(strstr(shadowed[4], "50-null.conf masked by "));
	assert_true(strstr(shadowed[0], "10-zero.conf overridden by "));
}

static void collect_line(const char *kind, const char *name, const char *key, const char *value,
			 const char *file, unsigned line, gpointer user_data)
{
	g_autofree char *base = g_path_get_basename(file);

	g_string_append_printf(user_data, "%s|%s|%s|%s|%s:%u\n", kind, name, key ? key : "-",
			       value ? value : "-", base, line);
}

/* The merged config as data: what cat-config --json prints. */
static void test_config_lines(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GString) got = g_string_new(NULL);

	fixture_mask_default(root);
	fixture_write(root, USR "50-pkg.conf",
		      "[dir /usr/lib/ipxe/qemu]\narch = x86_64\nmax-size = 512K\n"
		      "[machine old]\nmatch = pc-*\n");
	fixture_write(root, ETC "60-admin.conf", "\n[dir /usr/lib/ipxe/qemu]\nmax-size = 1M\n");
	ctx = fixture_context(root);
	romresolve_context_foreach_config_line(ctx, collect_line, got);
	assert_str(got->str, "dir|/usr/lib/ipxe/qemu|-|-|50-pkg.conf:1\n"
			     "dir|/usr/lib/ipxe/qemu|arch|x86_64|50-pkg.conf:2\n"
			     "dir|/usr/lib/ipxe/qemu|max-size|1M|60-admin.conf:3\n"
			     "machine|old|-|-|50-pkg.conf:4\n"
			     "machine|old|match|pc-*|50-pkg.conf:5\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_default_applies_without_files, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_override_by_name, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mask_with_empty_file_and_dev_null, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_default_masked_or_overridden, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_sections_merge_key_by_key, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_config_lines, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_errors_contained_in_their_file, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_lexical_order_and_priority_ties, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_user_config_dir, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_dir_keys, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_arch_and_machine_filters, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_long_section_header_kept_whole, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_bom_crlf_and_no_final_newline, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_machine_rules, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_config_errors, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_line_too_long, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_no_continuation_lines_comments_long_lines,
					    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_inih_globals_change_nothing, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_root_and_dirs, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_sizes, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_dropins, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_versions, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_arches, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_ref_unref, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_read_order_of_many_names, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_header_blanks_and_paths, fixture_setup,
					    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
