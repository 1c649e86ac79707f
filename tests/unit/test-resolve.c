/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Resolution: ceilings, fall-through, compat names, hostile names. */
#include "fixture.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define K 1024

static const char *const conf = "[dir /usr/share/qemu-aarch64]\n" /* line 1 */
				"arch = aarch64\n"
				"priority = 10\n"
				"max-size = 512K\n"
				"\n"
				"[dir /first]\n" /* line 6 */
				"priority = 20\n"
				"\n"
				"[dir /second]\n" /* line 9 */
				"priority = 30\n"
				"max-size = 512K\n"
				"\n"
				"[dir /virt-only]\n" /* line 13 */
				"priority = 5\n"
				"machine = virt-*\n"
				"\n"
				"[dir /pinned]\n" /* line 17 */
				"priority = 40\n"
				"rom-size = 128K\n"
				"\n"
				"[machine old]\n" /* line 21 */
				"match = pc-i440fx-*\n"
				"until = 2.10\n"
				"rom-size = 256K\n"
				"map = efi-virtio.rom compat-256k-efi-virtio.rom\n"
				"\n"
				"[machine tight]\n" /* line 27 */
				"match = pc-q35-*\n"
				"max-size = 64K\n";

static RomresolveContext *setup(void **state, char **root)
{
	g_autoptr(GError) error = NULL;
	RomresolveContext *ctx;

	*root = *state;
	fixture_mask_default(*root);
	fixture_write(*root, "etc/qemu/romresolve.d/50-test.conf", conf);
	ctx = romresolve_context_new(*root, NULL, &error);
	if (!ctx)
		fail_msg("%s", error->message);
	return ctx;
}

static void test_first_dir_by_priority(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autofree char *a = NULL, *b = NULL;

	fixture_file(root, "first/efi-e1000.rom", 200 * K, TRUE);
	fixture_file(root, "second/efi-e1000.rom", 100 * K, TRUE);
	fixture_file(root, "usr/share/qemu-aarch64/efi-e1000.rom", 400 * K, TRUE);
	a = fixture_which(ctx, "efi-e1000.rom", "x86_64", NULL);
	b = fixture_which(ctx, "efi-e1000.rom", "aarch64", NULL);
	assert_str(a, "/first/efi-e1000.rom");
	/* The per-arch dir, with its own, larger ceiling. */
	assert_str(b, "/usr/share/qemu-aarch64/efi-e1000.rom");
	/* [machine tight]: 64K: both x86 files are over it; the pinned dir is not
	 * searched for lack of the file. */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(RomresolveResult) r = romresolve_context_resolve(
		    ctx, "efi-e1000.rom", "x86_64", "pc-q35-9.2", ROMRESOLVE_LOOKUP_ROM, &error);
		g_autofree char *want = g_strdup_printf(
		    "no usable efi-e1000.rom for x86_64, machine pc-q35-9.2: "
		    "%s/first/efi-e1000.rom: 200 KiB (204800 bytes) is over the 64 KiB ceiling "
		    "of [machine tight] from %s/etc/qemu/romresolve.d/50-test.conf:27; "
		    "%s/second/efi-e1000.rom: 100 KiB (102400 bytes) is over the 64 KiB "
		    "ceiling of [machine "
		    "tight] from %s/etc/qemu/romresolve.d/50-test.conf:27",
		    root, root, root, root);
		assert_null(r);
		assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_REJECTED));
		assert_str(error->message, want);
	}
}

static void test_ceiling_fall_through(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autoptr(RomresolveResult) r = NULL;
	g_autofree char *reason = NULL;
	struct stat st;

	fixture_file(root, "first/efi-virtio.rom", 300 * K, TRUE);
	fixture_file(root, "second/efi-virtio.rom", 300 * K, TRUE);
	r = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
				       NULL);
	assert_non_null(r);
	assert_true(romresolve_result_is_found(r));
	assert_true(g_str_has_suffix(romresolve_result_get_path(r), "/second/efi-virtio.rom"));
	assert_int_equal(romresolve_result_get_size(r), 300 * K);
	assert_int_equal(romresolve_result_get_ceiling(r), 512 * K);
	assert_int_equal(romresolve_result_get_romsize(r), 512 * K);
	assert_false(romresolve_result_is_romsize_pinned(r));
	assert_int_equal(romresolve_result_get_ramblock(r), 512 * K);
	assert_str(romresolve_dir_get_path(romresolve_result_get_dir(r)), "/second");
	assert_str(romresolve_result_get_name(r), "efi-virtio.rom");
	assert_null(romresolve_result_get_compat_name(r));
	assert_false(romresolve_result_is_absolute(r));

	/* The trace: the first file, rejected; the second, used. */
	assert_int_equal(romresolve_result_get_n_candidates(r), 2);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0),
			 ROMRESOLVE_VERDICT_TOO_LARGE);
	reason =
	    g_strdup_printf("300 KiB (307200 bytes) is over the 256 KiB ceiling of /first from "
			    "%s/etc/qemu/romresolve.d/50-test.conf:6",
			    root);
	assert_str(romresolve_result_get_candidate_reason(r, 0), reason);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 1), ROMRESOLVE_VERDICT_USED);
	assert_str(romresolve_result_get_candidate_reason(r, 1), "used");

	/* The fd is open on the file measured. */
	assert_int_equal(fstat(romresolve_result_get_fd(r), &st), 0);
	assert_int_equal(st.st_size, 300 * K);
	{
		int fd = romresolve_result_steal_fd(r);
		assert_true(fd >= 0);
		assert_int_equal(romresolve_result_get_fd(r), -1);
		close(fd);
	}
}

static void test_rejections_and_not_found(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autofree char *fifo = NULL, *want = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveResult) r = NULL;

	fixture_file(root, "first/x.rom", 0, TRUE);
	fifo = fixture_path(root, "second/x.rom");
	fixture_mkdir(root, "second");
	/* A FIFO must not block the lookup. */
	assert_int_equal(mkfifo(fifo, 0644), 0);
	fixture_file(root, "pinned/x.rom/inner", 1, FALSE);

	r = romresolve_context_lookup(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_non_null(r);
	assert_false(romresolve_result_is_found(r));
	assert_null(romresolve_result_get_path(r));
	assert_int_equal(romresolve_result_get_fd(r), -1);
	assert_int_equal(romresolve_result_get_n_candidates(r), 3);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0), ROMRESOLVE_VERDICT_EMPTY);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 1),
			 ROMRESOLVE_VERDICT_NOT_REGULAR);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 2),
			 ROMRESOLVE_VERDICT_NOT_REGULAR);

	assert_null(romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	want = g_strdup_printf("no usable x.rom for x86_64: %s/first/x.rom: empty; "
			       "%s/second/x.rom: not a regular file; %s/pinned/x.rom: not a "
			       "regular file",
			       root, root, root);
	assert_str(error->message, want);
	g_clear_error(&error);

	assert_null(romresolve_context_resolve(ctx, "nothing.rom", "x86_64", "pc-q35-9.2",
					       ROMRESOLVE_LOOKUP_ROM, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND));
	g_free(want);
	want = g_strdup_printf("nothing.rom not found for x86_64, machine pc-q35-9.2 in "
			       "%s/first, %s/second, %s/pinned",
			       root, root, root);
	assert_str(error->message, want);
}

static void test_no_dir_applies(void **state)
{
	g_autoptr(RomresolveContext) ctx =
	    fixture_context_from("/r", "[dir /a]\narch = aarch64\n", NULL);
	g_autoptr(GError) error = NULL;

	assert_null(romresolve_context_resolve(ctx, "x.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	assert_str(error->message, "x.rom not found: no search directory applies to x86_64");
}

static void test_machine_dirs(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autofree char *plain = NULL, *virt = NULL;

	fixture_file(root, "virt-only/efi-e1000.rom", 10 * K, TRUE);
	fixture_file(root, "first/efi-e1000.rom", 20 * K, TRUE);
	plain = fixture_which(ctx, "efi-e1000.rom", "aarch64", NULL);
	virt = fixture_which(ctx, "efi-e1000.rom", "aarch64", "virt-10.0");
	assert_str(plain, "/first/efi-e1000.rom");
	assert_str(virt, "/virt-only/efi-e1000.rom");
}

static void test_compat_name_and_pinned_romsize(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autoptr(RomresolveResult) old = NULL, fallback = NULL, modern = NULL;

	fixture_file(root, "first/efi-virtio.rom", 300 * K, TRUE);
	fixture_file(root, "second/efi-virtio.rom", 300 * K, TRUE);
	fixture_file(root, "second/compat-256k-efi-virtio.rom", 200 * K, TRUE);

	/* An old machine type loads the compat file, its BAR pinned at 256K. */
	old = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", "pc-i440fx-2.9",
					 ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_non_null(old);
	assert_true(g_str_has_suffix(romresolve_result_get_path(old),
				     "/second/compat-256k-efi-virtio.rom"));
	assert_str(romresolve_result_get_compat_name(old), "compat-256k-efi-virtio.rom");
	assert_true(g_str_has_prefix(romresolve_result_get_rule(old), "old ("));
	assert_int_equal(romresolve_result_get_romsize(old), 256 * K);
	assert_true(romresolve_result_is_romsize_pinned(old));
	assert_int_equal(romresolve_result_get_ceiling(old), 256 * K);

	/* A new machine type loads the new file. */
	modern = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", "pc-i440fx-7.2",
					    ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_true(g_str_has_suffix(romresolve_result_get_path(modern), "/second/efi-virtio.rom"));
	assert_int_equal(romresolve_result_get_romsize(modern), 512 * K);

	/* Without the compat file, the old machine falls back to the name, held
	 * to the rule's 256K: the 300K files are refused, a 100K one is used. */
	fixture_unlink(root, "second/compat-256k-efi-virtio.rom");
	fixture_file(root, "pinned/efi-virtio.rom", 100 * K, TRUE);
	fallback = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", "pc-i440fx-2.10",
					      ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_non_null(fallback);
	assert_true(
	    g_str_has_suffix(romresolve_result_get_path(fallback), "/pinned/efi-virtio.rom"));
	/* The rule's rom-size comes before the dir's. */
	assert_int_equal(romresolve_result_get_romsize(fallback), 256 * K);
	assert_int_equal(romresolve_result_get_ceiling(fallback), 128 * K);
	assert_int_equal(romresolve_result_get_n_candidates(fallback), 6);
}

/* Each value says where it was set, when drop-ins merge a section: the
 * file of the key in effect (its section header's line), not the file that
 * declared the dir. */
static void test_value_origins(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL, rules = NULL;
	g_autoptr(RomresolveResult) r = NULL, pinned = NULL, fw = NULL, plain = NULL;
	g_autofree char *a = fixture_path(root, "etc/qemu/romresolve.d/50-a.conf");
	g_autofree char *b = fixture_path(root, "etc/qemu/romresolve.d/60-b.conf");
	const RomresolveDir *d;
	const RomresolveRule *rule;

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50-a.conf",
		      "[dir /roms]\n" /* line 1 */
		      "arch = x86_64\n"
		      "\n"
		      "[dir /plain]\n" /* line 4 */
		      "priority = 60\n"
		      "\n"
		      "[machine old]\n" /* line 7 */
		      "match = pc-i440fx-*\n"
		      "max-size = 128K\n");
	fixture_write(root, "etc/qemu/romresolve.d/60-b.conf",
		      "# a later file\n"
		      "[dir /roms]\n" /* line 2 */
		      "max-size = 512K\n"
		      "\n"
		      "[machine old]\n" /* line 5 */
		      "rom-size = 64K\n");
	fixture_file(root, "roms/efi-e1000.rom", 300 * K, TRUE);
	fixture_file(root, "plain/efi-virtio.rom", 20 * K, TRUE);
	fixture_file(root, "plain/efi-pcnet.rom", 20 * K, TRUE);
	ctx = fixture_context(root);

	dirs = romresolve_context_get_dirs(ctx, "x86_64", NULL, NULL);
	assert_int_equal(dirs->len, 2);
	d = dirs->pdata[0];
	assert_str(romresolve_dir_get_file(d), a);
	assert_int_equal(romresolve_dir_get_line(d), 1);
	assert_str(romresolve_dir_get_max_size_file(d), b);
	assert_int_equal(romresolve_dir_get_max_size_line(d), 2);
	assert_null(romresolve_dir_get_rom_size_file(d));
	assert_int_equal(romresolve_dir_get_rom_size_line(d), 0);
	/* No file set /plain's max-size: the default, from no file. */
	d = dirs->pdata[1];
	assert_null(romresolve_dir_get_max_size_file(d));
	assert_int_equal(romresolve_dir_get_max_size_line(d), 0);

	rules = romresolve_context_get_rules(ctx, NULL, NULL, NULL);
	rule = rules->pdata[0];
	assert_str(romresolve_rule_get_max_size_file(rule), a);
	assert_int_equal(romresolve_rule_get_max_size_line(rule), 7);
	assert_str(romresolve_rule_get_rom_size_file(rule), b);
	assert_int_equal(romresolve_rule_get_rom_size_line(rule), 5);

	/* The 512K ceiling of /roms is 60-b.conf's. */
	r = romresolve_context_resolve(ctx, "efi-e1000.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
				       NULL);
	assert_int_equal(romresolve_result_get_ceiling(r), 512 * K);
	assert_str(romresolve_result_get_ceiling_file(r), b);
	assert_int_equal(romresolve_result_get_ceiling_line(r), 2);
	assert_false(romresolve_result_is_romsize_pinned(r));
	assert_null(romresolve_result_get_romsize_file(r));
	/* On pc-i440fx-*: the rule's 64K rom-size (60-b.conf) is the ceiling
	 * and pins the BAR. */
	pinned = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", "pc-i440fx-7.2",
					    ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_int_equal(romresolve_result_get_ceiling(pinned), 64 * K);
	assert_str(romresolve_result_get_ceiling_file(pinned), b);
	assert_int_equal(romresolve_result_get_ceiling_line(pinned), 5);
	assert_int_equal(romresolve_result_get_romsize(pinned), 64 * K);
	assert_str(romresolve_result_get_romsize_file(pinned), b);
	assert_int_equal(romresolve_result_get_romsize_line(pinned), 5);
	/* /plain's 256K is the default max-size: no file set it. */
	plain = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", NULL,
					   ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_int_equal(romresolve_result_get_ceiling(plain), 256 * K);
	assert_null(romresolve_result_get_ceiling_file(plain));
	assert_int_equal(romresolve_result_get_ceiling_line(plain), 0);
	/* A firmware lookup has no ceiling, and so no origin for one. */
	fw = romresolve_context_resolve(ctx, "efi-pcnet.rom", "x86_64", NULL,
					ROMRESOLVE_LOOKUP_FIRMWARE, NULL);
	assert_int_equal(romresolve_result_get_ceiling(fw), 0);
	assert_null(romresolve_result_get_ceiling_file(fw));
	assert_int_equal(romresolve_result_get_ceiling_line(fw), 0);
}

static void test_rule_pins_only_what_it_maps(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autoptr(RomresolveResult) vga = NULL;

	/* [machine old] maps efi-virtio.rom only: its rom-size leaves a VGA BIOS
	 * at the BAR stock QEMU gives it. */
	fixture_file(root, "first/vgabios-stdvga.bin", 39936, TRUE);
	vga = romresolve_context_resolve(ctx, "vgabios-stdvga.bin", "x86_64", "pc-i440fx-2.9",
					 ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_int_equal(romresolve_result_get_romsize(vga), 64 * K);
	assert_false(romresolve_result_is_romsize_pinned(vga));
	assert_int_equal(romresolve_result_get_ceiling(vga), 256 * K);
}

static void test_dir_pinned_romsize(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autoptr(RomresolveResult) r = NULL;

	fixture_file(root, "pinned/vgabios-stdvga.bin", 1000, TRUE);
	r = romresolve_context_resolve(ctx, "vgabios-stdvga.bin", "x86_64", NULL,
				       ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_int_equal(romresolve_result_get_size(r), 1000);
	assert_int_equal(romresolve_result_get_romsize(r), 128 * K);
	assert_true(romresolve_result_is_romsize_pinned(r));
}

static void test_small_rom_ramblock(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autoptr(RomresolveResult) a = NULL, b = NULL;

	fixture_file(root, "first/a.bin", 1000, TRUE);
	fixture_file(root, "first/b.bin", 4000, TRUE);
	a = romresolve_context_resolve(ctx, "a.bin", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	b = romresolve_context_resolve(ctx, "b.bin", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_int_equal(romresolve_result_get_romsize(a), 1024);
	assert_int_equal(romresolve_result_get_ramblock(a), 0x1000);
	assert_int_equal(romresolve_result_get_romsize(b), 4096);
	assert_int_equal(romresolve_result_get_ramblock(b), 0x1000);
}

static void test_firmware_has_no_ceiling(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autoptr(RomresolveResult) fw = NULL;
	g_autoptr(GError) error = NULL;

	fixture_file(root, "first/skiboot.lid", 2527240, FALSE);
	fw = romresolve_context_resolve(ctx, "skiboot.lid", "ppc64", NULL,
					ROMRESOLVE_LOOKUP_FIRMWARE, NULL);
	assert_non_null(fw);
	assert_int_equal(romresolve_result_get_size(fw), 2527240);
	assert_int_equal(romresolve_result_get_ceiling(fw), 0);
	assert_null(romresolve_context_resolve(ctx, "skiboot.lid", "ppc64", NULL,
					       ROMRESOLVE_LOOKUP_ROM, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_REJECTED));
}

static void test_hostile_names(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autofree char *long_name = g_strnfill(256, 'a');
	g_autofree char *max_name = g_strnfill(255, 'a');
	static const struct {
		const char *name;
		const char *message;
	} cases[] = {
	    {"../x", "ROM name '../x' is not a bare file name (it contains /)"},
	    {"a/b", "ROM name 'a/b' is not a bare file name (it contains /)"},
	    {".", "ROM name '.' is not a file name"},
	    {"..", "ROM name '..' is not a file name"},
	    {"", "ROM name '' is empty"},
	    {"a\nb", "ROM name 'a\nb' contains a control character"},
	};
	g_autoptr(GError) error = NULL;

	fixture_file(root, "x", 10, TRUE);
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_clear_error(&error);
		assert_null(romresolve_context_resolve(ctx, cases[i].name, "x86_64", NULL,
						       ROMRESOLVE_LOOKUP_ROM, &error));
		assert_true(
		    g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_NAME));
		assert_str(error->message, cases[i].message);
	}
	g_clear_error(&error);
	assert_null(romresolve_context_resolve(ctx, long_name, "x86_64", NULL,
					       ROMRESOLVE_LOOKUP_ROM, &error));
	assert_true(g_str_has_suffix(error->message, "is longer than NAME_MAX (255 bytes)"));
	assert_true(romresolve_name_validate(max_name, NULL));
	assert_false(romresolve_name_validate(NULL, NULL));

	g_clear_error(&error);
	assert_null(
	    romresolve_context_resolve(ctx, "x.rom", "amd64", NULL, ROMRESOLVE_LOOKUP_ROM, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARCH));
	g_clear_error(&error);
	assert_null(romresolve_context_resolve(ctx, "x.rom", "x86_64", "pc q35",
					       ROMRESOLVE_LOOKUP_ROM, &error));
	assert_str(error->message, "invalid machine type 'pc q35'");
}

static void test_current_directory_never_searched(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autofree char *cwd = g_get_current_dir();
	g_autofree char *here = fixture_path(root, "cwd");
	g_autoptr(GError) error = NULL;

	fixture_file(root, "cwd/efi-e1000.rom", 10 * K, TRUE);
	assert_int_equal(chdir(here), 0);
	assert_null(romresolve_context_resolve(ctx, "efi-e1000.rom", "x86_64", NULL,
					       ROMRESOLVE_LOOKUP_ROM, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_NOT_FOUND));
	assert_int_equal(chdir(cwd), 0);
}

static void test_absolute_path_untouched(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	g_autofree char *path = fixture_path(root, "elsewhere/mine.rom");
	g_autofree char *missing = fixture_path(root, "elsewhere/none.rom");
	g_autofree char *want = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;

	fixture_file(root, "elsewhere/mine.rom", 1024 * K, TRUE);
	r = romresolve_context_resolve(ctx, path, "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_non_null(r);
	assert_true(romresolve_result_is_absolute(r));
	assert_str(romresolve_result_get_path(r), path);
	assert_null(romresolve_result_get_dir(r));
	assert_int_equal(romresolve_result_get_romsize(r), 1024 * K);
	assert_null(romresolve_context_resolve(ctx, missing, "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	want = g_strdup_printf("%s not found", missing);
	assert_str(error->message, want);
}

/* Version 3, fail closed: an unsafe dir or file stops the lookup, whether
 * or not the file is in it, instead of handing out the next dir's file. */
static void test_writable_refused_unless_strict_modes_no(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *want = NULL;

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50.conf",
		      "[dir /open]\n"
		      "[dir /shared]\nstrict-modes = no\n"
		      "[dir /files]\n");
	fixture_file(root, "open/b.rom", 10, TRUE);
	fixture_file(root, "files/a.rom", 10, TRUE);
	fixture_file(root, "shared/a.rom", 10, TRUE);
	fixture_chmod(root, "open", 0777);
	fixture_chmod(root, "files/a.rom", 0666);
	fixture_chmod(root, "shared", 0775);
	fixture_chmod(root, "shared/a.rom", 0664);
	ctx = fixture_context(root);
	r = romresolve_context_lookup(ctx, "a.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_false(romresolve_result_is_found(r));
	assert_true(romresolve_result_is_stopped(r));
	assert_int_equal(romresolve_result_get_n_candidates(r), 1);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0), ROMRESOLVE_VERDICT_UNSAFE);
	want = g_strdup_printf("its directory %s/open is writable by group or others (mode 0777)",
			       root);
	assert_str(romresolve_result_get_candidate_reason(r, 0), want);
	g_clear_pointer(&want, g_free);
	assert_null(romresolve_context_resolve(ctx, "a.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_STOPPED));
	want = g_strdup_printf("cannot look up a.rom for x86_64: %s/open/a.rom: its directory "
			       "%s/open is writable by group or others (mode 0777)",
			       root, root);
	assert_str(error->message, want);
	g_clear_pointer(&want, g_free);
	g_clear_error(&error);
	g_clear_pointer(&r, romresolve_result_unref);

	/* A new context (a dir's mode is read once, at its first lookup): the
	 * open dir made safe, the strict-modes = no dir serves. */
	fixture_chmod(root, "open", 0755);
	g_clear_pointer(&ctx, romresolve_context_unref);
	ctx = fixture_context(root);
	r = romresolve_context_lookup(ctx, "a.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_false(romresolve_dir_get_strict_modes(romresolve_result_get_dir(r)));
	assert_true(g_str_has_suffix(romresolve_result_get_path(r), "/shared/a.rom"));
	g_clear_pointer(&r, romresolve_result_unref);

	/* A writable file stops the lookup too. */
	fixture_chmod(root, "shared", 0755);
	fixture_unlink(root, "shared/a.rom");
	r = romresolve_context_lookup(ctx, "a.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_false(romresolve_result_is_found(r));
	assert_true(romresolve_result_is_stopped(r));
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 2), ROMRESOLVE_VERDICT_UNSAFE);
	assert_str(romresolve_result_get_candidate_reason(r, 2),
		   "writable by group or others (mode 0666)");
}

/* Version 3, fail closed: a search dir or candidate that exists but cannot
 * be opened stops the lookup (root and nobody would otherwise get different
 * files); a dir that does not exist is skipped. */
static void test_unreadable_stops_the_lookup(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *want = NULL;

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50.conf",
		      "[dir /gone]\npriority = 1\n[dir /per-arch]\narch = aarch64\npriority = 5\n"
		      "[dir /notadir]\narch = riscv64\npriority = 5\n[dir /x86]\n");
	fixture_file(root, "per-arch/a.rom", 10, TRUE);
	fixture_file(root, "x86/a.rom", 10, TRUE);
	fixture_write(root, "notadir", "not a dir");
	ctx = fixture_context(root);
	/* Readable: the per-arch file; /gone is skipped. */
	r = romresolve_context_lookup(ctx, "a.rom", "aarch64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_true(g_str_has_suffix(romresolve_result_get_path(r), "/per-arch/a.rom"));
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0), ROMRESOLVE_VERDICT_MISSING);
	g_clear_pointer(&r, romresolve_result_unref);
	/* A search dir that exists but is no dir stops the lookup. */
	assert_null(romresolve_context_resolve(ctx, "a.rom", "riscv64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	want = g_strdup_printf("cannot look up a.rom for riscv64: %s/notadir/a.rom: its directory "
			       "%s/notadir cannot be opened: Not a directory",
			       root, root);
	assert_str(error->message, want);
	g_clear_pointer(&want, g_free);
	g_clear_error(&error);
	if (geteuid() == 0) {
		/* skip() jumps out: what g_autoptr would free, freed first. */
		g_clear_pointer(&ctx, romresolve_context_unref);
		skip(); /* root opens what it likes: tests/cli covers nobody */
	}
	fixture_chmod(root, "per-arch", 0700);
	fixture_chmod(root, "per-arch/a.rom", 0600);
	g_clear_pointer(&ctx, romresolve_context_unref);
	ctx = fixture_context(root);
	fixture_chmod(root, "per-arch", 0711);
	r = romresolve_context_lookup(ctx, "a.rom", "aarch64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_true(romresolve_result_is_stopped(r));
	assert_false(romresolve_result_is_found(r));
	assert_null(romresolve_context_resolve(ctx, "a.rom", "aarch64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	want = g_strdup_printf("cannot look up a.rom for aarch64: %s/per-arch/a.rom: cannot open: "
			       "Permission denied",
			       root);
	assert_str(error->message, want);
}

typedef struct {
	char *root;
	RomresolveContext *ctx;
	RomresolveResult *r;
} LinkFixture;

static int link_setup(void **state)
{
	LinkFixture *f = g_new0(LinkFixture, 1);

	f->root = fixture_new();
	*state = f;
	return 0;
}

static int link_teardown(void **state)
{
	LinkFixture *f = *state;

	romresolve_result_unref(f->r);
	romresolve_context_unref(f->ctx);
	fixture_free(f->root);
	g_free(f);
	return 0;
}

/* Look @name up (a fresh result each time) in the context made on first use. */
static RomresolveResult *link_lookup(LinkFixture *f, const char *name, RomresolveLookupKind kind)
{
	if (!f->ctx)
		f->ctx = fixture_context(f->root);
	g_clear_pointer(&f->r, romresolve_result_unref);
	f->r = romresolve_context_lookup(f->ctx, name, "x86_64", NULL, kind, NULL);
	assert_non_null(f->r);
	return f->r;
}

static void test_symlinks_followed(void **state)
{
	LinkFixture *f = *state;
	RomresolveResult *r;

	fixture_mask_default(f->root);
	fixture_write(f->root, "etc/qemu/romresolve.d/50.conf", "[dir /share]\n[dir /lib]\n");
	fixture_file(f->root, "lib/in.rom", 100, TRUE);
	fixture_file(f->root, "elsewhere/out.rom", 200, TRUE);
	fixture_mkdir(f->root, "share");
	fixture_symlink(f->root, "../lib/in.rom", "share/in.rom");
	/* Links leaving the configured dirs are followed too, as QEMU does. */
	fixture_symlink(f->root, "../elsewhere/out.rom", "share/out.rom");
	/* Absolute targets, and ".." past the top, stay inside the root. */
	fixture_symlink(f->root, "/elsewhere/out.rom", "share/abs.rom");
	fixture_symlink(f->root, "../../../../../../../../elsewhere/out.rom", "share/up.rom");
	fixture_symlink(f->root, "abs.rom", "share/chain.rom");

	r = link_lookup(f, "in.rom", ROMRESOLVE_LOOKUP_ROM);
	/* The path is the link's, the size the target's. */
	assert_true(g_str_has_suffix(romresolve_result_get_path(r), "/share/in.rom"));
	assert_int_equal(romresolve_result_get_size(r), 100);
	for (const char *const *n =
		 (const char *const[]){"out.rom", "abs.rom", "up.rom", "chain.rom", NULL};
	     *n; n++) {
		r = link_lookup(f, *n, ROMRESOLVE_LOOKUP_ROM);
		if (!romresolve_result_is_found(r))
			fail_msg("%s: %s", *n, romresolve_result_get_candidate_reason(r, 0));
		assert_int_equal(romresolve_result_get_size(r), 200);
	}
}

static void test_symlinks_refused(void **state)
{
	LinkFixture *f = *state;
	RomresolveResult *r;
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveResult) none = NULL;

	fixture_mask_default(f->root);
	fixture_write(f->root, "etc/qemu/romresolve.d/50.conf", "[dir /share]\n");
	fixture_mkdir(f->root, "share");
	fixture_mkdir(f->root, "adir");
	fixture_file(f->root, "open/target.rom", 100, TRUE);
	fixture_file(f->root, "lib/w.rom", 100, TRUE);
	fixture_chmod(f->root, "open", 0777);
	fixture_chmod(f->root, "lib/w.rom", 0666);
	fixture_symlink(f->root, "loop.rom", "share/loop.rom");
	fixture_symlink(f->root, "nothing.rom", "share/dangling.rom");
	fixture_symlink(f->root, "/adir", "share/dir.rom");
	fixture_symlink(f->root, "../open/target.rom", "share/open.rom");
	fixture_symlink(f->root, "/lib/w.rom", "share/w.rom");

	r = link_lookup(f, "loop.rom", ROMRESOLVE_LOOKUP_ROM);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0),
			 ROMRESOLVE_VERDICT_UNREADABLE);
	assert_str(romresolve_result_get_candidate_reason(r, 0),
		   "a link loop (more than 40 links)");
	r = link_lookup(f, "dangling.rom", ROMRESOLVE_LOOKUP_FIRMWARE);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0), ROMRESOLVE_VERDICT_MISSING);
	assert_str(romresolve_result_get_candidate_reason(r, 0), "a dangling link to nothing.rom");
	none = romresolve_context_resolve(f->ctx, "dangling.rom", "x86_64", NULL,
					  ROMRESOLVE_LOOKUP_FIRMWARE, &error);
	assert_null(none);
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_REJECTED));
	r = link_lookup(f, "dir.rom", ROMRESOLVE_LOOKUP_FIRMWARE);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0),
			 ROMRESOLVE_VERDICT_NOT_REGULAR);
	r = link_lookup(f, "open.rom", ROMRESOLVE_LOOKUP_ROM);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0), ROMRESOLVE_VERDICT_UNSAFE);
	assert_non_null(strstr(romresolve_result_get_candidate_reason(r, 0),
			       "a directory writable by group or others (mode 0777)"));
	r = link_lookup(f, "w.rom", ROMRESOLVE_LOOKUP_ROM);
	assert_int_equal(romresolve_result_get_candidate_verdict(r, 0), ROMRESOLVE_VERDICT_UNSAFE);
	assert_non_null(strstr(romresolve_result_get_candidate_reason(r, 0),
			       "writable by group or others (mode 0666)"));
}

/* Debian's own links, on the embedded default. */
static void test_debian_links(void **state)
{
	LinkFixture *f = *state;
	RomresolveResult *r;

	fixture_file(f->root, "usr/share/ovmf/OVMF.fd", 4096, FALSE);
	fixture_file(f->root, "usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin", 4096,
		     FALSE);
	fixture_mkdir(f->root, "usr/share/qemu");
	fixture_symlink(f->root, "../ovmf/OVMF.fd", "usr/share/qemu/OVMF.fd");
	fixture_symlink(f->root, "../../lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin",
			"usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin");
	r = link_lookup(f, "OVMF.fd", ROMRESOLVE_LOOKUP_FIRMWARE);
	assert_true(romresolve_result_is_found(r));
	assert_true(g_str_has_suffix(romresolve_result_get_path(r), "/usr/share/qemu/OVMF.fd"));
	r = link_lookup(f, "opensbi-riscv64-generic-fw_dynamic.bin", ROMRESOLVE_LOOKUP_FIRMWARE);
	assert_true(romresolve_result_is_found(r));
}

static void test_result_ref(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = setup(state, &root);
	RomresolveResult *r;

	fixture_file(root, "first/a.rom", 10, TRUE);
	r = romresolve_context_resolve(ctx, "a.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM, NULL);
	assert_ptr_equal(romresolve_result_ref(r), r);
	romresolve_result_unref(r);
	/* The result keeps the context, and so its dirs, alive. */
	romresolve_context_unref(g_steal_pointer(&ctx));
	assert_str(romresolve_dir_get_path(romresolve_result_get_dir(r)), "/first");
	romresolve_result_unref(r);
	romresolve_result_unref(NULL);
	assert_null(romresolve_result_ref(NULL));
}

/* A name the user wrote (romfile=NAME): the same dirs, per-arch ones
 * included, and none of the host's policy: no map, no no-rom, no ceiling,
 * no pin; the BAR is pow2ceil(size). */
static void test_explicit_romfile_is_the_users(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveResult) r = NULL;
	g_autoptr(GError) error = NULL;

	fixture_mask_default(root);
	fixture_write(
	    root, "etc/qemu/romresolve.d/50-test.conf",
	    "[dir /usr/share/qemu-aarch64]\narch = aarch64\npriority = 5\nmax-size = 512K\n"
	    "[dir /roms]\nmax-size = 64K\nrom-size = 128K\n"
	    "[machine old]\nmatch = pc-*\nuntil = 2.6\n"
	    "map = efi-virtio.rom compat.rom\nno-rom = efi-e1000.rom\n");
	fixture_file(root, "roms/efi-virtio.rom", 100 * K, TRUE);
	fixture_file(root, "roms/compat.rom", 10 * K, TRUE);
	fixture_file(root, "roms/efi-e1000.rom", 10 * K, TRUE);
	fixture_file(root, "roms/efi-vmxnet3.rom", 10 * K, TRUE);
	fixture_file(root, "usr/share/qemu-aarch64/efi-virtio.rom", 300 * K, TRUE);
	ctx = fixture_context(root);

	/* As a default ROM: over the 64K ceiling. */
	r = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", "pc-i440fx-9.0",
				       ROMRESOLVE_LOOKUP_ROM, &error);
	assert_null(r);
	g_clear_error(&error);
	/* Written by the user: found, unpinned, its own BAR. */
	r = romresolve_context_resolve(ctx, "efi-virtio.rom", "x86_64", "pc-i440fx-2.5",
				       ROMRESOLVE_LOOKUP_EXPLICIT, &error);
	assert_non_null(r);
	assert_null(romresolve_result_get_compat_name(r));
	assert_true(g_str_has_suffix(romresolve_result_get_path(r), "/roms/efi-virtio.rom"));
	assert_false(romresolve_result_is_romsize_pinned(r));
	assert_int_equal(romresolve_result_get_romsize(r), 128 * K);
	assert_int_equal(romresolve_result_get_ceiling(r), 0);
	g_clear_pointer(&r, romresolve_result_unref);
	/* The per-arch dir still comes first for its target. */
	r = romresolve_context_resolve(ctx, "efi-virtio.rom", "aarch64", NULL,
				       ROMRESOLVE_LOOKUP_EXPLICIT, &error);
	assert_true(g_str_has_suffix(romresolve_result_get_path(r),
				     "/usr/share/qemu-aarch64/efi-virtio.rom"));
	g_clear_pointer(&r, romresolve_result_unref);
	/* no-rom, by a rule and by QEMU's compat property (vmxnet3 on 2.6),
	 * is for default ROMs only. */
	r = romresolve_context_resolve(ctx, "efi-e1000.rom", "x86_64", "pc-i440fx-2.5",
				       ROMRESOLVE_LOOKUP_ROM, &error);
	assert_true(romresolve_result_is_no_rom(r));
	g_clear_pointer(&r, romresolve_result_unref);
	r = romresolve_context_resolve(ctx, "efi-e1000.rom", "x86_64", "pc-i440fx-2.5",
				       ROMRESOLVE_LOOKUP_EXPLICIT, &error);
	assert_true(romresolve_result_is_found(r));
	g_clear_pointer(&r, romresolve_result_unref);
	r = romresolve_context_resolve(ctx, "efi-vmxnet3.rom", "x86_64", "pc-i440fx-2.6",
				       ROMRESOLVE_LOOKUP_EXPLICIT, &error);
	assert_true(romresolve_result_is_found(r));
}

/* QEMU itself knows its devices: with ROMRESOLVE_CONTEXT_NO_DEVICE_TABLE no
 * built-in "no ROM" answer; a rule's no-rom still holds. */
static void test_no_device_table(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) with = NULL, without = NULL;
	g_autoptr(RomresolveResult) a = NULL, b = NULL;
	g_autoptr(GError) error = NULL;

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50-test.conf", "[dir /roms]\n");
	fixture_file(root, "roms/efi-vmxnet3.rom", 10 * K, TRUE);
	with = fixture_context(root);
	without = romresolve_context_new_full(root, NULL, NULL, ROMRESOLVE_CONTEXT_NO_DEVICE_TABLE,
					      &error);
	assert_non_null(without);
	a = romresolve_context_resolve(with, "efi-vmxnet3.rom", "x86_64", "pc-i440fx-2.6",
				       ROMRESOLVE_LOOKUP_ROM, &error);
	b = romresolve_context_resolve(without, "efi-vmxnet3.rom", "x86_64", "pc-i440fx-2.6",
				       ROMRESOLVE_LOOKUP_ROM, &error);
	assert_true(romresolve_result_is_no_rom(a));
	assert_true(romresolve_result_is_found(b));
}

/* The caller's search path (QEMU's -L help) is the default's dirs, in its
 * order; a dir that cannot be a [dir] is a problem of the default, the
 * others apply; a drop-in's per-arch dir goes before them by priority. */
static void test_search_path(void **state)
{
	char *root = *state;
	const char *const path[] = {"/fw/one",	"/fw/two", "relative", "/fw/a b",
				    "/fw/../x", "/fw/one", NULL};
	const char *const *problems;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *a = NULL, *b = NULL, *c = NULL;

	fixture_write(root, "etc/qemu/romresolve.d/50-arm.conf",
		      "[dir /fw/arm]\narch = aarch64\npriority = 5\nmax-size = 512K\n");
	fixture_file(root, "fw/one/a.rom", 10 * K, TRUE);
	fixture_file(root, "fw/two/a.rom", 10 * K, TRUE);
	fixture_file(root, "fw/two/b.rom", 300 * K, TRUE);
	fixture_file(root, "fw/arm/a.rom", 300 * K, TRUE);
	ctx = romresolve_context_new_full(root, NULL, path, 0, &error);
	assert_non_null(ctx);
	assert_str(romresolve_context_get_search_path(ctx)[1], "/fw/two");
	dirs = romresolve_context_get_dirs(ctx, "x86_64", NULL, &error);
	assert_int_equal(dirs->len, 2);
	assert_str(romresolve_dir_get_path(dirs->pdata[0]), "/fw/one");
	assert_str(romresolve_dir_get_path(dirs->pdata[1]), "/fw/two");
	assert_int_equal(romresolve_dir_get_max_size(dirs->pdata[1]), 256 * K);
	a = fixture_which(ctx, "a.rom", "x86_64", NULL);
	b = fixture_which(ctx, "a.rom", "aarch64", NULL);
	assert_str(a, "/fw/one/a.rom");
	assert_str(b, "/fw/arm/a.rom");
	/* The default's 256K ceiling holds in the caller's dirs. */
	assert_null(romresolve_context_resolve(ctx, "b.rom", "x86_64", NULL, ROMRESOLVE_LOOKUP_ROM,
					       &error));
	g_clear_error(&error);
	problems = (const char *const *)romresolve_context_get_problems(ctx);
	assert_non_null(problems[0]);
	assert_non_null(problems[2]);
	assert_null(problems[3]);
	assert_str(romresolve_problem_get_file((const RomresolveProblem *)problems[0]),
		   "<embedded default>");
	assert_str(romresolve_problem_get_message((const RomresolveProblem *)problems[0]),
		   "search dir 'relative' is not an absolute path without . or .. components");
	assert_str(romresolve_problem_get_message((const RomresolveProblem *)problems[1]),
		   "search dir '/fw/a b' has a blank, ']', '#' or ';', which a [dir] header "
		   "cannot hold");
	/* A real 00-default.conf replaces the caller's dirs, as it replaces the
	 * build's. */
	fixture_write(root, "etc/qemu/romresolve.d/00-default.conf", "[dir /fw/two]\n");
	g_clear_pointer(&ctx, romresolve_context_unref);
	ctx = romresolve_context_new_full(root, NULL, path, 0, &error);
	c = fixture_which(ctx, "a.rom", "x86_64", NULL);
	assert_str(c, "/fw/two/a.rom");
	assert_null(romresolve_context_get_problems(ctx)[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_first_dir_by_priority, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_ceiling_fall_through, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_rejections_and_not_found, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_no_dir_applies, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_machine_dirs, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_compat_name_and_pinned_romsize, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_value_origins, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_pins_only_what_it_maps, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_dir_pinned_romsize, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_small_rom_ramblock, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_firmware_has_no_ceiling, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_names, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_current_directory_never_searched, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_absolute_path_untouched, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_writable_refused_unless_strict_modes_no,
					    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_symlinks_followed, link_setup, link_teardown),
	    cmocka_unit_test_setup_teardown(test_symlinks_refused, link_setup, link_teardown),
	    cmocka_unit_test_setup_teardown(test_debian_links, link_setup, link_teardown),
	    cmocka_unit_test_setup_teardown(test_result_ref, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_explicit_romfile_is_the_users, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_no_device_table, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_search_path, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_unreadable_stops_the_lookup, fixture_setup,
					    fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
