/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Manifests: building, JSON both ways, comparing, refusing bad input. */
#include "fixture.h"
#include "escape.h"
#include "manifest.h"

#include <string.h>

#define K 1024

/* The index of the entry for @name on @machine; fails the test if none. */
static guint entry(const Manifest *m, const char *name, const char *machine)
{
	for (guint i = 0; i < manifest_get_n_entries(m); i++)
		if (strcmp(manifest_get_name(m, i), name) == 0 &&
		    g_strcmp0(manifest_get_machine(m, i), machine) == 0)
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
	g_autoptr(Manifest) m = NULL, back = NULL;
	g_autofree char *json = NULL, *json2 = NULL;
	g_autoptr(GError) error = NULL;
	guint i;

	m = manifest_new_from_context(ctx, "h1", arches, machines, NULL, FALSE, NULL, &error);
	assert_non_null(m);
	assert_str(manifest_get_host(m), "h1");
	assert_false(manifest_is_stock(m));
	/* Names: the built-in device table's 15 romfiles and every option ROM
	 * found (not bios.bin; outside.rom through its link), sorted, once per
	 * machine type. */
	assert_int_equal(manifest_get_n_entries(m), 2 * 17);
	assert_str(manifest_get_name(m, 0), "efi-e1000.rom");
	assert_null(manifest_get_path(m, 0));
	assert_true(strstr(manifest_get_error(m, 0), "not found") != NULL);
	i = entry(m, "efi-virtio.rom", "pc-i440fx-7.2");
	assert_str(manifest_get_arch(m, i), "x86_64");
	assert_int_equal(manifest_get_size(m, i), 240 * K);
	assert_int_equal(manifest_get_romsize(m, i), 256 * K);
	assert_int_equal(manifest_get_ramblock(m, i), 256 * K);
	assert_int_equal(manifest_get_ramblock(m, entry(m, "extra.rom", "pc-q35-7.2")), 4 * K);
	assert_str(manifest_get_machine(m, 2 * 17 - 1), "pc-q35-7.2");

	json = manifest_to_json(m);
	assert_non_null(strstr(json, "\"format\" : \"romresolve-manifest\""));
	assert_non_null(strstr(json, "\"mode\" : \"romresolve\""));
	back = manifest_new_from_data("manifest", json, -1, &error);
	assert_non_null(back);
	json2 = manifest_to_json(back);
	assert_str(json, json2);
}

static void test_stock_mode(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(Manifest) m = NULL;
	const char *const arches[] = {"x86_64", NULL};
	const char *const names[] = {"efi-virtio.rom", "missing.rom", NULL};

	/* Stock QEMU takes the first readable file, whatever its size. */
	fixture_file(root, "usr/share/qemu/efi-virtio.rom", 300 * K, TRUE);
	fixture_file(root, "usr/lib/ipxe/qemu/efi-virtio.rom", 200 * K, TRUE);
	ctx = fixture_context(root);
	m = manifest_new_from_context(ctx, "h", arches, NULL, names, TRUE, NULL, NULL);
	assert_true(manifest_is_stock(m));
	assert_int_equal(manifest_get_n_entries(m), 2);
	assert_null(manifest_get_machine(m, 0));
	assert_true(g_str_has_suffix(manifest_get_path(m, 0), "/usr/share/qemu/efi-virtio.rom"));
	assert_int_equal(manifest_get_romsize(m, 0), 512 * K);
	assert_str(manifest_get_error(m, 1), "missing.rom not found");
}

static void test_bad_arguments(void **state)
{
	char *root;
	g_autoptr(RomresolveContext) ctx = host(state, &root, 10);
	const char *const bad_arch[] = {"amd64", NULL};
	const char *const arches[] = {"x86_64", NULL};
	const char *const bad_name[] = {"../x", NULL};
	g_autoptr(GError) error = NULL;

	assert_null(manifest_new_from_context(ctx, "h", bad_arch, NULL, NULL, FALSE, NULL, &error));
	assert_str(error->message, "unknown target architecture 'amd64'");
	g_clear_error(&error);
	assert_null(
	    manifest_new_from_context(ctx, "h", arches, NULL, bad_name, FALSE, NULL, &error));
	assert_true(g_error_matches(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_NAME));
}

static Manifest *parse(const char *json, GError **error)
{
	return manifest_new_from_data("manifest", json, -1, error);
}

#define HEAD "{\"format\": \"romresolve-manifest\", \"version\": 1, \"host\": \"%s\", "
#define ENTRY                                                                                      \
	"{\"arch\": \"x86_64\", \"machine\": %s, \"name\": \"%s\", \"path\": \"/p\", "             \
	"\"size\": 1, \"romsize\": %d, \"ramblock\": %d}"

static void assert_verdict(const ManifestVerdict *v, const char *want)
{
	g_autofree char *label = manifest_entry_label(v->name, v->machine, v->arch);
	g_autofree char *msg = manifest_verdict_message(v);
	g_autofree char *got =
	    g_strdup_printf("%s: %s: %s", manifest_verdict_kind_name(v->kind), label, msg);

	assert_str(got, want);
}

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
	g_autoptr(Manifest) old_m = parse(old_json, NULL);
	g_autoptr(Manifest) new_m = parse(new_json, NULL);
	g_autoptr(GPtrArray) verdicts = NULL;
	guint clashes = 99, missing = 99;

	assert_non_null(old_m);
	assert_non_null(new_m);
	verdicts = manifest_compare(old_m, new_m, &clashes, &missing);
	assert_int_equal(clashes, 1);
	assert_int_equal(missing, 1);
	assert_int_equal(verdicts->len, 4);
	assert_verdict(verdicts->pdata[0],
		       "clash: efi-virtio.rom, pc-i440fx-7.2, x86_64: 0x40000 != 0x80000");
	assert_verdict(verdicts->pdata[1], "ok: efi-e1000.rom, pc-i440fx-7.2, x86_64: 0x40000");
	/* 1 KiB and 4 KiB BARs share one 4 KiB RAMBlock. */
	assert_verdict(verdicts->pdata[2], "ok: vgabios-stdvga.bin, x86_64: 0x1000");
	assert_verdict(verdicts->pdata[3],
		       "missing: lost.rom, x86_64: guests that use it cannot start on the new "
		       "host: no entry in the "
		       "new manifest");
	g_ptr_array_unref(g_steal_pointer(&verdicts));
	verdicts = manifest_compare(new_m, new_m, &clashes, &missing);
	assert_int_equal(clashes + missing, 0);
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
	    /* No Json-CRITICAL for an empty document. */
	    {"", "manifest: not a romresolve manifest: empty document"},
	    {" \n\t", "manifest: not a romresolve manifest: empty document"},
	    /* Deeper than the format: refused before the JSON reader runs. */
	    {"{\"format\": \"romresolve-manifest\", \"entries\": [{\"arch\": [1]}]}",
	     "manifest: not a romresolve manifest: nested deeper than a manifest is (3 levels) at "
	     "byte 56"},
	    /* Brackets in strings do not nest. */
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	     "\"host\": \"[[[[{{{{\\\"\", \"entries\": [3]}",
	     "manifest: entry 1: missing or invalid entry"},
	    /* Duplicates: which one wins must not be the order. */
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	     "\"entries\": [{\"arch\": \"x86_64\", \"machine\": \"pc\", \"name\": \"a\", "
	     "\"path\": \"/a\", \"size\": 1, \"romsize\": 1, \"ramblock\": 4096}, "
	     "{\"arch\": \"x86_64\", \"machine\": \"pc\", \"name\": \"a\", \"path\": null, "
	     "\"error\": \"x\"}]}",
	     "manifest: entry 2: a second entry for a, pc, x86_64"},
	    {"{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	     "\"host\": 7, \"entries\": []}",
	     "manifest: manifest has an invalid host"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(Manifest) m = parse(cases[i].json, &error);
		if (m)
			fail_msg("case %zu parsed", i);
		assert_true(g_error_matches(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID));
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
	g_autoptr(Manifest) m = NULL;

	g_autofree char *deep = g_strnfill(100000, '[');

	/* 100,000 levels: one error line, no stack overflow. */
	fixture_write(root, "deep.json", deep);
	g_free(path);
	path = fixture_path(root, "deep.json");
	assert_null(manifest_new_from_file(path, &error));
	assert_true(g_str_has_suffix(error->message,
				     "nested deeper than a manifest is (3 levels) at byte 4"));
	g_clear_error(&error);
	g_free(path);
	path = fixture_path(root, "m.json");
	fixture_write(root, "m.json", "{\"format\": \"nope\"}");
	m = manifest_new_from_file(path, &error);
	assert_null(m);
	assert_true(g_str_has_prefix(error->message, path));
	g_clear_error(&error);
	assert_null(manifest_new_from_file(missing, &error));
	assert_true(g_error_matches(error, MANIFEST_ERROR, MANIFEST_ERROR_IO));
	manifest_free(NULL);
}

/* check --against: a saved manifest against this host. */
static void test_against_manifest(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(Manifest) saved = NULL;
	g_autoptr(GPtrArray) verdicts = NULL;
	const char *const arches[] = {"x86_64", NULL};
	const char *const names[] = {"efi-virtio.rom", "efi-e1000.rom", "none.rom", NULL};
	const ManifestVerdict *v;
	guint clashes, missing;

	fixture_write(root, "etc/qemu/romresolve.d/50.conf", "[dir /roms]\nmax-size = 512K\n");
	fixture_file(root, "roms/efi-virtio.rom", 200 * K, TRUE);
	fixture_file(root, "roms/efi-e1000.rom", 200 * K, TRUE);
	ctx = fixture_context(root);
	saved = manifest_new_from_context(ctx, "h", arches, NULL, names, FALSE, NULL, NULL);
	/* A package update grows one ROM past 256K and drops another. */
	fixture_file(root, "roms/efi-virtio.rom", 300 * K, TRUE);
	fixture_unlink(root, "roms/efi-e1000.rom");
	verdicts = manifest_check_against(saved, ctx, NULL, NULL, &clashes, &missing);
	assert_int_equal(clashes, 1);
	assert_int_equal(missing, 1);
	assert_int_equal(verdicts->len, 2);
	v = verdicts->pdata[0];
	assert_int_equal(v->kind, MANIFEST_VERDICT_CLASH);
	assert_str(v->name, "efi-virtio.rom");
	assert_int_equal(v->old_ramblock, 256 * K);
	assert_int_equal(v->new_ramblock, 512 * K);
	v = verdicts->pdata[1];
	assert_int_equal(v->kind, MANIFEST_VERDICT_MISSING);
	assert_non_null(strstr(v->reason, "efi-e1000.rom not found for x86_64"));
}

/* ---- a manifest from a hostile host ---- */

static void test_hostile_manifest(void **state)
{
	static const struct {
		const char *entry;
		const char *message;
	} cases[] = {
	    /* check --against would open it; refused like a caller's name. */
	    {"\"arch\": \"x86_64\", \"name\": \"/etc/shadow\"", "entry 1: missing or invalid name"},
	    {"\"arch\": \"x86_64\", \"name\": \"../x.rom\"", "entry 1: missing or invalid name"},
	    /* compare prints it: no line of its own making. */
	    {"\"arch\": \"x86_64\", \"name\": \"a\\nok: forged\"",
	     "entry 1: missing or invalid name"},
	    {"\"arch\": \"x86-64\", \"name\": \"a.rom\"", "entry 1: missing or invalid arch"},
	    {"\"arch\": \"x86_64\", \"machine\": \"pc q35\", \"name\": \"a.rom\"",
	     "entry 1: missing or invalid machine"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *json = g_strdup_printf(
		    "{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
		    "\"entries\": [{%s, \"path\": \"/x\", \"size\": 1, \"romsize\": 1, "
		    "\"ramblock\": 4096}]}",
		    cases[i].entry);
		g_autofree char *want = g_strdup_printf("manifest: %s", cases[i].message);
		g_autoptr(GError) error = NULL;
		g_autoptr(Manifest) m = manifest_new_from_data("manifest", json, -1, &error);

		if (m)
			fail_msg("case %zu read, expected: %s", i, want);
		assert_true(g_error_matches(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID));
		assert_str(error->message, want);
	}
}

/* A RAMBlock is the ROM BAR rounded up to the 4 KiB page: an entry whose
 * ramblock is not that is no manifest romresolve wrote, and would compare
 * as fine against a host that gives another BAR. */
static void test_ramblock_must_match_romsize(void **state)
{
	static const struct {
		const char *sizes;
		const char *message; /* NULL: read */
	} cases[] = {
	    {"\"size\": 1000, \"romsize\": 1024, \"ramblock\": 4096", NULL},
	    {"\"size\": 249344, \"romsize\": 262144, \"ramblock\": 262144", NULL},
	    {"\"size\": 249344, \"romsize\": 262144, \"ramblock\": 262145",
	     "manifest: entry 1 (a.rom, pc-q35-7.2, x86_64): ramblock 0x40001 is not a multiple "
	     "of the 4 KiB page"},
	    {"\"size\": 1000, \"romsize\": 1024, \"ramblock\": 1024",
	     "manifest: entry 1 (a.rom, pc-q35-7.2, x86_64): ramblock 0x400 is not a multiple of "
	     "the 4 KiB page"},
	    {"\"size\": 249344, \"romsize\": 262144, \"ramblock\": 524288",
	     "manifest: entry 1 (a.rom, pc-q35-7.2, x86_64): ramblock 0x80000 does not match "
	     "romsize 0x40000 (its RAMBlock is 0x40000)"},
	    {"\"size\": 249344, \"romsize\": 524288, \"ramblock\": 262144",
	     "manifest: entry 1 (a.rom, pc-q35-7.2, x86_64): ramblock 0x40000 does not match "
	     "romsize 0x80000 (its RAMBlock is 0x80000)"},
	    {"\"size\": 1, \"romsize\": 0, \"ramblock\": 4096",
	     "manifest: entry 1 (a.rom, pc-q35-7.2, x86_64): ramblock 0x1000 does not match "
	     "romsize 0x0 (its RAMBlock is 0x0)"},
	    /* Sizes above 2^63 are sizes, not negative numbers: read as such,
	     * and held to the same rule. */
	    {"\"size\": 4611686018427387905, \"romsize\": 9223372036854775808, "
	     "\"ramblock\": 9223372036854775808",
	     NULL},
	    /* QEMU's romsize is a power of two. */
	    {"\"size\": 1, \"romsize\": 18446744073709551615, \"ramblock\": 4096",
	     "manifest: entry 1 (a.rom, pc-q35-7.2, x86_64): romsize 0xffffffffffffffff is not a "
	     "power of two"},
	    {"\"size\": 3000, \"romsize\": 3000, \"ramblock\": 4096",
	     "manifest: entry 1 (a.rom, pc-q35-7.2, x86_64): romsize 0xbb8 is not a power of two"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *json = g_strdup_printf(
		    "{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
		    "\"entries\": [{\"arch\": \"x86_64\", \"machine\": \"pc-q35-7.2\", "
		    "\"name\": \"a.rom\", \"path\": \"/a.rom\", %s}]}",
		    cases[i].sizes);
		g_autoptr(GError) error = NULL;
		g_autoptr(Manifest) m = manifest_new_from_data("manifest", json, -1, &error);

		if (!cases[i].message) {
			if (!m)
				fail_msg("case %zu refused: %s", i, error->message);
			continue;
		}
		if (m)
			fail_msg("case %zu read, expected: %s", i, cases[i].message);
		assert_true(g_error_matches(error, MANIFEST_ERROR, MANIFEST_ERROR_INVALID));
		assert_str(error->message, cases[i].message);
	}
}

/* Sizes at and above 2^63 come out as the numbers they are, never negative,
 * and read back the same. */
static void test_huge_sizes(void **state)
{
	static const char json[] =
	    "{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	    "\"host\": \"h\", \"entries\": [{\"arch\": \"x86_64\", \"machine\": null, "
	    "\"name\": \"big.bin\", \"path\": \"/big.bin\", \"size\": 4611686018427387905, "
	    "\"romsize\": 9223372036854775808, \"ramblock\": 9223372036854775808}]}";
	g_autoptr(GError) error = NULL;
	g_autoptr(Manifest) m = manifest_new_from_data("manifest", json, -1, &error);
	g_autofree char *text = NULL;

	if (!m)
		fail_msg("%s", error->message);
	assert_true(manifest_get_romsize(m, 0) == G_GUINT64_CONSTANT(1) << 63);
	text = manifest_to_json(m);
	assert_non_null(strstr(text, "\"size\" : 4611686018427387905,\n"));
	assert_non_null(strstr(text, "\"romsize\" : 9223372036854775808,\n"));
	assert_non_null(strstr(text, "\"ramblock\" : 9223372036854775808\n"));
	assert_null(strstr(text, " : -"));
}

/* A machine rule takes the ROM away: a no-ROM entry, which round-trips and
 * clashes with a host that gives the ROM. */
static void test_no_rom_entry(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(Manifest) m = NULL, back = NULL, with_rom = NULL;
	g_autoptr(GPtrArray) verdicts = NULL;
	g_autofree char *json = NULL, *json2 = NULL, *msg = NULL;
	const char *const arches[] = {"x86_64", NULL};
	const char *const machines[] = {"pc-i440fx-7.2", NULL};
	const char *const names[] = {"efi-virtio.rom", NULL};
	guint clashes, missing;

	fixture_write(root, "etc/qemu/romresolve.d/50.conf",
		      "[dir /roms]\n[machine old]\nmatch = pc-i440fx-*\nno-rom = efi-virtio.rom\n");
	fixture_file(root, "roms/efi-virtio.rom", 200 * K, TRUE);
	ctx = fixture_context(root);
	m = manifest_new_from_context(ctx, "h", arches, machines, names, FALSE, NULL, NULL);
	assert_int_equal(manifest_get_n_entries(m), 1);
	assert_true(manifest_get_no_rom(m, 0));
	assert_null(manifest_get_path(m, 0));
	assert_null(manifest_get_error(m, 0));
	assert_int_equal(manifest_get_ramblock(m, 0), 0);
	json = manifest_to_json(m);
	assert_non_null(strstr(json, "\"romsize\" : 0"));
	back = manifest_new_from_data("manifest", json, -1, NULL);
	assert_non_null(back);
	json2 = manifest_to_json(back);
	assert_str(json, json2);
	with_rom = manifest_new_from_data(
	    "manifest",
	    "{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\", "
	    "\"entries\": [{\"arch\": \"x86_64\", \"machine\": \"pc-i440fx-7.2\", "
	    "\"name\": \"efi-virtio.rom\", \"path\": \"/p\", \"size\": 1, \"romsize\": "
	    "262144, \"ramblock\": 262144}]}",
	    -1, NULL);
	assert_non_null(with_rom);
	/* A ROM on one side only is a clash, both ways. */
	verdicts = manifest_compare(with_rom, m, &clashes, &missing);
	assert_int_equal(clashes, 1);
	assert_int_equal(missing, 0);
	msg = manifest_verdict_message(verdicts->pdata[0]);
	assert_str(msg, "0x40000 != 0x0 (no ROM on the new host)");
	g_ptr_array_unref(g_steal_pointer(&verdicts));
	verdicts = manifest_compare(m, with_rom, &clashes, &missing);
	assert_int_equal(clashes, 1);
}

/* What the command prints from files and manifests: one line, no terminal
 * escape, valid UTF-8. */
/* x-rom-resize (issue 24): a new host whose QEMU sizes ROM BARs from the
 * stream takes another RAMBlock length for that machine type; the member
 * round-trips; where only the old host has it, the clash says which side
 * needs it; one page, a length not a power of two, more than the reserve
 * and no ROM on one side stay clashes. */
static void test_rom_from_stream(void **state)
{
#define STREAM(machine)                                                                            \
	"\"rom_from_stream\": [{\"arch\": \"x86_64\", \"machine\": \"" machine "\"}], "
	g_autofree char *small = g_strdup_printf(
	    HEAD "\"mode\": \"romresolve\", " STREAM("pc-q35-10.2") "\"entries\": [" ENTRY
								    ", " ENTRY ", " ENTRY ", " ENTRY
								    "]}",
	    "old", "\"pc-q35-10.2\"", "a.rom", 262144, 262144, "\"pc-q35-9.2\"", "a.rom", 262144,
	    262144, "\"pc-q35-10.2\"", "page.rom", 4096, 4096, "\"pc-q35-10.2\"", "huge.rom",
	    32 * 1024 * 1024, 32 * 1024 * 1024);
	g_autofree char *big = g_strdup_printf(
	    HEAD "\"mode\": \"romresolve\", " STREAM("pc-q35-10.2") "\"entries\": [" ENTRY
								    ", " ENTRY ", " ENTRY ", " ENTRY
								    "]}",
	    "new", "\"pc-q35-10.2\"", "a.rom", 524288, 524288, "\"pc-q35-9.2\"", "a.rom", 524288,
	    524288, "\"pc-q35-10.2\"", "page.rom", 8192, 8192, "\"pc-q35-10.2\"", "huge.rom",
	    524288, 524288);
	g_autoptr(Manifest) old_m = NULL, new_m = NULL, again = NULL;
	g_autoptr(GPtrArray) v = NULL, back = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *text = NULL;
	guint clashes, missing;

	old_m = parse(small, &error);
	assert_non_null(old_m);
	new_m = parse(big, &error);
	assert_non_null(new_m);
	assert_true(manifest_is_from_stream(new_m, "x86_64", "pc-q35-10.2"));
	assert_false(manifest_is_from_stream(new_m, "x86_64", "pc-q35-9.2"));
	text = manifest_to_json(new_m);
	again = parse(text, &error);
	assert_non_null(again);
	assert_true(manifest_is_from_stream(again, "x86_64", "pc-q35-10.2"));

	v = manifest_compare(old_m, new_m, &clashes, &missing);
	assert_verdict(v->pdata[0], "resized: a.rom, pc-q35-10.2, x86_64: 0x40000 != 0x80000: "
				    "resized from the stream (the new host's QEMU sizes ROMs from "
				    "it, x-rom-resize)");
	assert_verdict(v->pdata[1], "clash: a.rom, pc-q35-9.2, x86_64: 0x40000 != 0x80000");
	assert_verdict(v->pdata[2], "clash: page.rom, pc-q35-10.2, x86_64: 0x1000 != 0x2000");
	assert_verdict(v->pdata[3], "clash: huge.rom, pc-q35-10.2, x86_64: 0x2000000 != 0x80000");
	assert_int_equal(clashes, 3);
	/* Only the old side has it: the clash says the new one would need it. */
	{
		g_autofree char *no_stream =
		    g_strdup_printf(HEAD "\"mode\": \"romresolve\", \"entries\": [" ENTRY "]}",
				    "old2", "\"pc-q35-10.2\"", "a.rom", 262144, 262144);
		g_autoptr(Manifest) plain = parse(no_stream, &error);

		back = manifest_compare(new_m, plain, &clashes, &missing);
		assert_verdict(
		    back->pdata[0],
		    "clash: a.rom, pc-q35-10.2, x86_64: 0x80000 != 0x40000; the old host's "
		    "QEMU sizes ROMs from the incoming stream (x-rom-resize), the new "
		    "one's does not: it would take this one");
	}
	/* The rule itself. */
	assert_true(manifest_ramblock_migrates(262144, 262144, FALSE));
	assert_false(manifest_ramblock_migrates(262144, 524288, FALSE));
	assert_true(manifest_ramblock_migrates(524288, 262144, TRUE));
	assert_false(manifest_ramblock_migrates(0, 262144, TRUE));
	assert_false(manifest_ramblock_migrates(262144, 0, TRUE));
	assert_false(manifest_ramblock_migrates(3 * 65536, 262144, TRUE));
#undef STREAM
}

static void test_escape(void **state)
{
	static const struct {
		const char *text;
		gboolean controls;
		const char *want;
	} cases[] = {
	    {"plain.rom", TRUE, "plain.rom"},
	    {"a\nok: forged", TRUE, "a\\x0aok: forged"},
	    {"\x1b[2J\x7f", TRUE, "\\x1b[2J\\x7f"},
	    /* C1 controls, as UTF-8: U+009B is CSI on some terminals. */
	    {"\xc2\x9b"
	     "31m",
	     TRUE, "\\u009b31m"},
	    {"caf\xc3\xa9", TRUE, "caf\xc3\xa9"},
	    /* Bytes that are not UTF-8, a truncated sequence included. */
	    {"a\xff"
	     "b\xc3",
	     TRUE, "a\\xffb\\xc3"},
	    {"a\xff"
	     "b\tc",
	     FALSE, "a\\xffb\tc"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = escape_text(cases[i].text, cases[i].controls);
		assert_str(got, cases[i].want);
		assert_true(g_utf8_validate(got, -1, NULL));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_build_and_round_trip, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_stock_mode, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_arguments, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_compare, fixture_setup, fixture_teardown),
	    cmocka_unit_test(test_ramblock_must_match_romsize),
	    cmocka_unit_test(test_huge_sizes),
	    cmocka_unit_test_setup_teardown(test_refuses_bad_manifests, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_from_file, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_against_manifest, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_no_rom_entry, fixture_setup, fixture_teardown),
	    cmocka_unit_test(test_rom_from_stream),
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_hostile_manifest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
