/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check: findings and notes over a fixture tree. */
#include "fixture.h"

#include <glib/gstdio.h>
#include <string.h>

#define K 1024

/* The check's lines, with ROOT written as "@". */
static GPtrArray *run_check(RomresolveContext *ctx, const char *root, guint *findings)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) list = romresolve_context_check(ctx);

	*findings = romresolve_findings_count(list);
	for (guint i = 0; i < list->len; i++)
		g_ptr_array_add(
		    lines,
		    g_strdup_printf("%s: %s",
				    romresolve_finding_is_note(list->pdata[i]) ? "note" : "finding",
				    romresolve_finding_get_message(list->pdata[i])));
	for (guint i = 0; i < lines->len; i++) {
		g_auto(GStrv) parts = g_strsplit(lines->pdata[i], root, -1);
		g_free(lines->pdata[i]);
		lines->pdata[i] = g_strjoinv("@", parts);
	}
	return lines;
}

static void test_clean_tree(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) lines = NULL;
	guint findings;

	/* The embedded default on a Debian-like tree: a big firmware blob that is
	 * not an option ROM is not measured; a missing dir is a note. */
	fixture_file(root, "usr/share/qemu/skiboot.lid", 2527240, FALSE);
	fixture_file(root, "usr/share/qemu/kvmvapic.bin", 9216, TRUE);
	fixture_file(root, "usr/share/seabios/vgabios-stdvga.bin", 39424, TRUE);
	fixture_file(root, "usr/share/seabios/bios-256k.bin", 262144, FALSE);
	fixture_device_roms(root, "usr/share/qemu");
	ctx = fixture_context(root);
	lines = run_check(ctx, root, &findings);
	assert_int_equal(findings, 0);
	assert_int_equal(lines->len, 1);
	assert_str(lines->pdata[0], "note: @/usr/lib/ipxe/qemu: does not exist on this host "
				    "(configured at <embedded default>:15)");
}

static void test_findings(void **state)
{
	char *root = *state;
	g_autofree char *dir = NULL, *rom = NULL;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) lines = NULL;
	guint findings;

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50.conf",
		      "[dir /roms]\n"
		      "[dir /open]\n"
		      "max-size = 1M\n"
		      "[dir /file]\n"
		      "[machine old]\nmatch = pc-*\nuntil = 2.10\nrom-size = 64K\n"
		      "map = efi-virtio.rom compat.rom\n");
	fixture_device_roms(root, "roms");
	fixture_file(root, "roms/efi-virtio.rom", 300 * K, TRUE);
	fixture_file(root, "roms/compat.rom", 100 * K, TRUE);
	fixture_file(root, "roms/fine.rom", 256 * K, TRUE);
	fixture_file(root, "open/w.rom", 10, TRUE);
	fixture_write(root, "file", "x");
	dir = fixture_path(root, "open");
	rom = fixture_path(root, "open/w.rom");
	g_chmod(dir, 0777);
	g_chmod(rom, 0664);
	ctx = fixture_context(root);
	lines = run_check(ctx, root, &findings);
	assert_int_equal(findings, 5);
	assert_int_equal(lines->len, 5);
	assert_str(lines->pdata[0],
		   "finding: @/roms/efi-virtio.rom: 300 KiB (307200 bytes) is over the 256 KiB "
		   "ceiling of /roms from @/etc/qemu/romresolve.d/50.conf:1");
	assert_str(lines->pdata[1], "finding: @/open: directory writable by group or others "
				    "(mode 0777)");
	assert_str(lines->pdata[2], "finding: @/open/w.rom: writable by group or others (mode "
				    "0664)");
	assert_str(lines->pdata[3], "finding: @/file: not a directory (configured at "
				    "@/etc/qemu/romresolve.d/50.conf:4)");
	assert_str(lines->pdata[4],
		   "finding: @/roms/compat.rom: 100 KiB (102400 bytes) is over the 64 KiB "
		   "ceiling of [machine old] from @/etc/qemu/romresolve.d/50.conf:5");
	/* Over its ceiling in /roms, the device's ROM is looked for on and the
	 * lookup stops at the writable /open (fail closed): told by /open's
	 * finding, not once more for each ROM name. */
}

/* Findings are data: kind, path, size, ceiling, origin. */
static void test_findings_as_data(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) list = NULL;
	g_autofree char *conf = NULL, *rom = NULL;
	const RomresolveFinding *f;

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50.conf", "\n[dir /roms]\nmax-size = 256K\n");
	fixture_device_roms(root, "roms");
	fixture_file(root, "roms/efi-e1000.rom", 300 * K, TRUE);
	fixture_file(root, "roms-extra/big.rom", 600 * K, TRUE);
	fixture_write(root, "etc/qemu/romresolve.d/60-bad.conf", "[dir /x]\nfoo = 1\n");
	/* QEMU searches /roms-extra (its -L help), no config declares it (the
	 * default that would is masked). */
	ctx = romresolve_context_new_full(root, NULL, (const char *const[]){"/roms-extra", NULL}, 0,
					  NULL);
	list = romresolve_context_check_full(ctx, 0);
	conf = fixture_path(root, "etc/qemu/romresolve.d/60-bad.conf");
	f = list->pdata[0];
	assert_int_equal(romresolve_finding_get_kind(f), ROMRESOLVE_FINDING_CONFIG_PROBLEM);
	assert_str(romresolve_finding_get_file(f), conf);
	assert_int_equal(romresolve_finding_get_line(f), 2);
	f = list->pdata[1];
	rom = fixture_path(root, "roms/efi-e1000.rom");
	assert_int_equal(romresolve_finding_get_kind(f), ROMRESOLVE_FINDING_OVER_CEILING);
	assert_str(romresolve_finding_kind_to_string(romresolve_finding_get_kind(f)),
		   "over-ceiling");
	assert_str(romresolve_finding_get_path(f), rom);
	assert_int_equal(romresolve_finding_get_size(f), 300 * K);
	assert_int_equal(romresolve_finding_get_ceiling(f), 256 * K);
	assert_int_equal(romresolve_finding_get_line(f), 2);
	assert_false(romresolve_finding_is_note(f));
	f = list->pdata[2];
	assert_int_equal(romresolve_finding_get_kind(f), ROMRESOLVE_FINDING_UNDECLARED_ROM);
	assert_int_equal(romresolve_finding_get_size(f), 600 * K);
	f = list->pdata[3];
	assert_int_equal(romresolve_finding_get_kind(f), ROMRESOLVE_FINDING_UNRESOLVED_DEVICE);
	assert_str(romresolve_finding_get_path(f), "efi-e1000.rom");
	assert_int_equal(list->len, 4);
	assert_int_equal(romresolve_findings_count(list), 4);
	g_ptr_array_unref(g_steal_pointer(&list));
	/* A build tree: only what it ships. */
	list = romresolve_context_check_full(ctx, ROMRESOLVE_CHECK_PACKAGE);
	assert_int_equal(list->len, 2);
}

/* A rom-size pin above the max-size in effect: an admin pins 512K on the
 * default's dir, the 256K ceiling stays, and the next ROM past 256K is
 * refused instead of getting the BAR: a finding naming both origins, from
 * the config alone (what verify adds) as from a whole check. */
static void test_pin_over_ceiling(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(GPtrArray) list = NULL, lines = NULL;
	g_autofree char *want = NULL;
	const RomresolveFinding *f;
	guint findings;

	fixture_write(root, "etc/qemu/romresolve.d/50-pin.conf",
		      "[dir /usr/share/qemu]\nrom-size = 512K\n"
		      "[dir /fine]\nmax-size = 1M\nrom-size = 512K\n"
		      "[machine old]\nmatch = pc-*\nmax-size = 64K\nrom-size = 128K\n");
	ctx = fixture_context(root);
	list = romresolve_context_check_full(ctx, ROMRESOLVE_CHECK_CONFIG);
	assert_int_equal(list->len, 2);
	f = list->pdata[0];
	assert_int_equal(romresolve_finding_get_kind(f), ROMRESOLVE_FINDING_PIN_OVER_CEILING);
	assert_str(romresolve_finding_kind_to_string(romresolve_finding_get_kind(f)),
		   "pin-over-ceiling");
	assert_int_equal(romresolve_finding_get_size(f), 512 * K);
	assert_int_equal(romresolve_finding_get_ceiling(f), 256 * K);
	/* Origins name the section's header in the file that set the key. */
	assert_int_equal(romresolve_finding_get_line(f), 1);
	lines = run_check(ctx, root, &findings);
	want =
	    g_strdup_printf("finding: /usr/share/qemu: rom-size 512 KiB "
			    "(@/etc/qemu/romresolve.d/50-pin.conf:1) is over its max-size 256 KiB "
			    "(<embedded default>:9): a file between the two is refused, not "
			    "given the pinned BAR");
	assert_str(lines->pdata[0], want);
	assert_str(lines->pdata[1],
		   "finding: [machine old]: rom-size 128 KiB "
		   "(@/etc/qemu/romresolve.d/50-pin.conf:6) is over its max-size "
		   "64 KiB (@/etc/qemu/romresolve.d/50-pin.conf:6): a file between "
		   "the two is refused, not given the pinned BAR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_clean_tree, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_findings, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_findings_as_data, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_pin_over_ceiling, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
