/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Manifests: building, JSON both ways, comparing, refusing bad input. */
#include "fixture.h"

#include <string.h>

#define K 1024

/* The index of the entry for @name on @machine; fails the test if none. */
static guint entry(const RomresolveManifest *m, const char *name, const char *machine)
{
	for (guint i = 0; i < romresolve_manifest_get_n_entries(m); i++)
		if (strcmp(romresolve_manifest_get_name(m, i), name) == 0 &&
		    g_strcmp0(romresolve_manifest_get_machine(m, i), machine) == 0)
			return i;
	fail_msg("no entry %s on %s", name, machine);
	return 0;
}

static RomresolveContext *host(void **state, char **root, gsize virtio_size)
{
	*root = *state;
	fixture_mask_default(*root);
	fixture_write(*root, "etc/qemu/romresolve.d/50.conf",
		      "[dir /roms]\nmax-size = 512K\n"
		      "[device virtio-net-pci]\nromfile = efi-virtio.rom\n"
		      "[device e1000]\nromfile = efi-e1000.rom\n");
	fixture_file(*root, "roms/efi-virtio.rom", virtio_size, TRUE);
	fixture_file(*root, "roms/extra.rom", 3 * K, TRUE);
	fixture_file(*root, "roms/bios.bin", 600 * K, FALSE);
	/* An option ROM a link out of the dirs reaches: followed, as QEMU does. */
	fixture_file(*root, "elsewhere/outside.rom", 3 * K, TRUE);
	fixture_symlink(*root, "../elsewhere/outside.rom", "roms/outside.rom");
	return fixture_context(*root);
}

static void test_build_and_round_trip(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = host(state, &root, 240 * K);
	const char *const arches[] = {"x86_64", NULL};
	const char *const machines[] = {"pc-i440fx-7.2", "pc-q35-7.2", NULL};
	g_autoptr(RomresolveManifest) m = NULL, back = NULL;
	g_autofree char *json = NULL, *json2 = NULL;
	g_autoptr(GError) error = NULL;
	guint i;

	m = romresolve_manifest_new_from_context(ctx, "h1", arches, machines, NULL, FALSE, NULL,
						 &error);
	assert_non_null(m);
	assert_str(romresolve_manifest_get_host(m), "h1");
	assert_false(romresolve_manifest_is_stock(m));
	/* Names: the built-in device table's 15 romfiles and every option ROM
	 * found (not bios.bin; outside.rom through its link), sorted, once per
	 * machine type. */
	assert_int_equal(romresolve_manifest_get_n_entries(m), 2 * 17);
	assert_str(romresolve_manifest_get_name(m, 0), "efi-e1000.rom");
	assert_null(romresolve_manifest_get_path(m, 0));
	assert_true(strstr(romresolve_manifest_get_error(m, 0), "not found") != NULL);
	i = entry(m, "efi-virtio.rom", "pc-i440fx-7.2");
	assert_str(romresolve_manifest_get_arch(m, i), "x86_64");
	assert_int_equal(romresolve_manifest_get_size(m, i), 240 * K);
	assert_int_equal(romresolve_manifest_get_romsize(m, i), 256 * K);
	assert_int_equal(romresolve_manifest_get_ramblock(m, i), 256 * K);
	assert_int_equal(romresolve_manifest_get_ramblock(m, entry(m, "extra.rom", "pc-q35-7.2")),
			 4 * K);
	assert_str(romresolve_manifest_get_machine(m, 2 * 17 - 1), "pc-q35-7.2");

	json = romresolve_manifest_to_json(m);
	assert_non_null(strstr(json, "\"format\" : \"romresolve-manifest\""));
	assert_non_null(strstr(json, "\"mode\" : \"romresolve\""));
	back = romresolve_manifest_new_from_data(json, -1, &error);
	assert_non_null(back);
	json2 = romresolve_manifest_to_json(back);
	assert_str(json, json2);
}

static void test_stock_mode(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(RomresolveManifest) m = NULL;
	const char *const arches[] = {"x86_64", NULL};
	const char *const names[] = {"efi-virtio.rom", "missing.rom", NULL};

	/* Stock QEMU takes the first readable file, whatever its size. */
	fixture_file(root, "usr/share/qemu/efi-virtio.rom", 300 * K, TRUE);
	fixture_file(root, "usr/lib/ipxe/qemu/efi-virtio.rom", 200 * K, TRUE);
	ctx = fixture_context(root);
	m = romresolve_manifest_new_from_context(ctx, "h", arches, NULL, names, TRUE, NULL, NULL);
	assert_true(romresolve_manifest_is_stock(m));
	assert_int_equal(romresolve_manifest_get_n_entries(m), 2);
	assert_null(romresolve_manifest_get_machine(m, 0));
	assert_true(
	    g_str_has_suffix(romresolve_manifest_get_path(m, 0), "/usr/share/qemu/efi-virtio.rom"));
	assert_int_equal(romresolve_manifest_get_romsize(m, 0), 512 * K);
	assert_str(romresolve_manifest_get_error(m, 1), "missing.rom not found");
}

static void test_bad_arguments(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = host(state, &root, 10);
	const char *const bad_arch[] = {"amd64", NULL};
	const char *const arches[] = {"x86_64", NULL};
	const char *const bad_name[] = {"../x", NULL};
	g_autoptr(GError) error = NULL;

	assert_null(romresolve_manifest_new_from_context(ctx, "h", bad_arch, NULL, NULL, FALSE,
							 NULL, &error));
	assert_str(error->message, "unknown target architecture 'amd64'");
	g_clear_error(&error);
	assert_null(romresolve_manifest_new_from_context(ctx, "h", arches, NULL, bad_name, FALSE,
							 NULL, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_NAME));
}

static RomresolveManifest *parse(const char *json, GError **error)
{
	return romresolve_manifest_new_from_data(json, -1, error);
}

#define HEAD "{\"format\": \"romresolve-manifest\", \"version\": 1, \"host\": \"%s\", "
#define ENTRY                                                                                      \
	"{\"arch\": \"x86_64\", \"machine\": %s, \"name\": \"%s\", \"path\": \"/p\", "             \
	"\"size\": 1, \"romsize\": %d, \"ramblock\": %d}"

static void test_compare(void **state)
{
	g_autofree char *old_json = g_strdup_printf(
	    HEAD "\"mode\": \"stock\", \"entries\": [" ENTRY ", " ENTRY ", " ENTRY ", " ENTRY
		 ", {\"arch\": \"x86_64\", \"machine\": null, \"name\": \"gone.rom\", "
		 "\"path\": null, \"error\": \"not found\"}]}",
	    "old", "\"pc-i440fx-7.2\"", "efi-virtio.rom", 262144, 262144, "\"pc-i440fx-7.2\"",
	    "efi-e1000.rom", 262144, 262144, "null", "vgabios-stdvga.bin", 1024, 4096, "null",
	    "lost.rom", 4096, 4096);
	g_autofree char *new_json = g_strdup_printf(
	    HEAD "\"mode\": \"romresolve\", \"entries\": [" ENTRY ", " ENTRY ", " ENTRY "]}", "new",
	    "\"pc-i440fx-7.2\"", "efi-virtio.rom", 524288, 524288, "\"pc-i440fx-7.2\"",
	    "efi-e1000.rom", 262144, 262144, "null", "vgabios-stdvga.bin", 4096, 4096);
	g_autoptr(RomresolveManifest) old_m = parse(old_json, NULL);
	g_autoptr(RomresolveManifest) new_m = parse(new_json, NULL);
	g_auto(GStrv) lines = NULL;
	guint clashes = 99;

	assert_non_null(old_m);
	assert_non_null(new_m);
	lines = romresolve_manifest_compare(old_m, new_m, &clashes);
	assert_int_equal(clashes, 2);
	assert_int_equal(g_strv_length(lines), 4);
	assert_str(lines[0], "clash: efi-virtio.rom, pc-i440fx-7.2, x86_64: 0x40000 != 0x80000");
	assert_str(lines[1], "ok: efi-e1000.rom, pc-i440fx-7.2, x86_64: 0x40000");
	/* 1 KiB and 4 KiB BARs share one 4 KiB RAMBlock. */
	assert_str(lines[2], "ok: vgabios-stdvga.bin, x86_64: 0x1000");
	assert_str(lines[3], "clash: lost.rom, x86_64: missing on the new host: no entry in the "
			     "new manifest");
	g_strfreev(g_steal_pointer(&lines));
	lines = romresolve_manifest_compare(new_m, new_m, &clashes);
	assert_int_equal(clashes, 0);
}

static void test_refuses_bad_manifests(void **state)
{
	static const struct {
		const char *json;
		const char *message;
	} cases[] = {
	    {"not json", "manifest: not a JSON document: "},
	    {"[1]", "manifest: not a romresolve manifest (not a JSON object)"},
	    {"{\"format\": \"other\", \"version\": 1}",
	     "manifest: not a romresolve manifest (format is not \"romresolve-manifest\")"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": 2, \"mode\": \"stock\", "
	     "\"entries\": []}",
	     "manifest: manifest version 2 is newer than this romresolve reads (1)"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": \"1\"}",
	     "manifest: manifest has no valid version"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"x\", "
	     "\"entries\": []}",
	     "manifest: manifest has an invalid mode"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\"}",
	     "manifest: manifest has no entries array"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	     "\"entries\": [3]}",
	     "manifest: entry 1: missing or invalid entry"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	     "\"entries\": [{\"arch\": \"x86_64\", \"name\": \"a\", \"path\": \"/a\", "
	     "\"size\": 1, \"romsize\": -1, \"ramblock\": 4096}]}",
	     "manifest: entry 1: missing or invalid romsize"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	     "\"entries\": [{\"name\": \"a\"}]}",
	     "manifest: entry 1: missing or invalid arch"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(RomresolveManifest) m = parse(cases[i].json, &error);
		if (m)
			fail_msg("case %zu parsed", i);
		assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_MANIFEST));
		if (!g_str_has_prefix(error->message, cases[i].message))
			fail_msg("case %zu:\n got: %s\nwant: %s", i, error->message,
				 cases[i].message);
	}
}

static void test_from_file(void **state)
{
	char *root = *state;
	g_autofree char *path = fixture_path(root, "m.json");
	g_autofree char *missing = fixture_path(root, "none.json");
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveManifest) m = NULL;

	fixture_write(root, "m.json", "{\"format\": \"nope\"}");
	m = romresolve_manifest_new_from_file(path, &error);
	assert_null(m);
	assert_true(g_str_has_prefix(error->message, path));
	g_clear_error(&error);
	assert_null(romresolve_manifest_new_from_file(missing, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_IO));
	romresolve_manifest_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_build_and_round_trip, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_stock_mode, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_arguments, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_compare, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_bad_manifests, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_from_file, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
