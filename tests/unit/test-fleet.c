/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fleets: the ABI class (romresolve(1)'s test vector), which class a guest
 * may leave for which, the streaming reader against the tree reader, and a
 * fact file read back as the manifest it was made of. */
#include "fixture.h"

#include "fleet/class.h"
#include "fleet/export.h"
#include "fleet/fleet.h"
#include "fleet/jstream.h"
#include "json.h"
#include "manifest.h"

#include <string.h>
#include <unistd.h>

static void test_class_vector(void **state)
{
	/* romresolve(1), ABI CLASSES: the same text, the same 12 digits. */
	const FleetRom roms[] = {
	    {"efi-e1000.rom", 262144, 262144},
	    {"efi-virtio.rom", 262144, 262144},
	    {"efi-vmxnet3.rom", 0, 0},
	    {"kvmvapic.bin", 1024, 4096},
	};
	g_autoptr(GString) text = fleet_class_text(roms, G_N_ELEMENTS(roms), FALSE);
	char id[FLEET_CLASS_LEN + 1];

	assert_str(text->str, "romresolve-abi-class 1\nrom-from-stream no\n"
			      "efi-e1000.rom\t262144\t262144\nefi-virtio.rom\t262144\t262144\n"
			      "efi-vmxnet3.rom\t0\t0\nkvmvapic.bin\t1024\t4096\n");
	fleet_class_id(roms, G_N_ELEMENTS(roms), FALSE, id);
	assert_str(id, "c1abb116ba05");
	/* Whether the stream sizes ROMs is part of the class. */
	fleet_class_id(roms, G_N_ELEMENTS(roms), TRUE, id);
	assert_string_not_equal(id, "c1abb116ba05");
}

static void test_rom_migrates(void **state)
{
	const guint64 K = 1024;

	/* Without the rom-resize patch: the same RAMBlock only. */
	assert_true(manifest_ramblock_migrates(256 * K, 256 * K, FALSE));
	assert_false(manifest_ramblock_migrates(256 * K, 512 * K, FALSE));
	assert_false(manifest_ramblock_migrates(512 * K, 256 * K, FALSE));
	/* With it: any power of two above a page, up to 16 MiB or the
	 * destination's own. */
	assert_true(manifest_ramblock_migrates(256 * K, 512 * K, TRUE));
	assert_true(manifest_ramblock_migrates(512 * K, 256 * K, TRUE));
	assert_true(manifest_ramblock_migrates(16 * K * K, 4 * K, TRUE));
	assert_false(manifest_ramblock_migrates(32 * K * K, 256 * K, TRUE));
	assert_true(manifest_ramblock_migrates(32 * K * K, 32 * K * K, TRUE));
	/* A page says nothing of the BAR it had; no ROM is never resized
	 * into one, nor one into none. */
	assert_false(manifest_ramblock_migrates(4 * K, 8 * K, TRUE));
	assert_false(manifest_ramblock_migrates(0, 256 * K, TRUE));
	assert_false(manifest_ramblock_migrates(256 * K, 0, TRUE));
	assert_true(manifest_ramblock_migrates(0, 0, FALSE));
}

static void test_first_clash(void **state)
{
	const FleetRom a[] = {{"efi-e1000.rom", 262144, 262144},
			      {"efi-virtio.rom", 262144, 262144}};
	const FleetRom b[] = {{"efi-e1000.rom", 262144, 262144},
			      {"efi-pcnet.rom", 262144, 262144},
			      {"efi-virtio.rom", 524288, 524288}};
	const FleetRom c[] = {{"efi-virtio.rom", 262144, 262144}};
	int to = 7;

	/* a to b: efi-virtio.rom clashes; b has one more ROM, which is fine. */
	assert_int_equal(fleet_class_first_clash(a, 2, b, 3, FALSE, &to), 1);
	assert_int_equal(to, 2);
	assert_int_equal(fleet_class_first_clash(a, 2, b, 3, TRUE, &to), -1);
	/* b to c: the first ROM by name that c lacks. */
	assert_int_equal(fleet_class_first_clash(b, 3, c, 1, FALSE, &to), 0);
	assert_int_equal(to, -1);
	/* c to a: a has all of c's. */
	assert_int_equal(fleet_class_first_clash(c, 1, a, 2, FALSE, &to), -1);
}

/* Read @text through a file, in chunks: the one string of an array. */
static char *read_through_fd(const char *text, GError **error)
{
	g_autofree char *path = NULL;
	int fd = g_file_open_tmp("test-fleet-XXXXXX", &path, NULL);
	JStream *s;
	const char *out = NULL;
	char *result = NULL;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	lseek(fd, 0, SEEK_SET);
	s = js_new_fd(fd, 4);
	if (js_begin(s, JS_ARRAY) && js_element(s) && js_string(s, &out, NULL) && !js_element(s) &&
	    js_finish(s))
		result = g_strdup(out);
	if (!result)
		g_propagate_error(error, g_error_copy(js_error(s)));
	js_free(s);
	close(fd);
	unlink(path);
	return result;
}

static void test_stream_chunks(void **state)
{
	/* A three-byte character and an escape pair at every place around the
	 * end of the first 64 KiB chunk. */
	for (guint pad = 65520; pad < 65540; pad++) {
		g_autofree char *fill = g_strnfill(pad, ' ');
		g_autofree char *text =
		    g_strdup_printf("%s[\"a\xe2\x82\xac\\ud83d\\ude00\\n\"]", fill);
		g_autoptr(GError) error = NULL;
		g_autofree char *got = read_through_fd(text, &error);

		assert_null(error);
		assert_str(got, "a\xe2\x82\xac\xf0\x9f\x98\x80\n");
	}
	/* Broken at the same places: said as json_parse() says it. */
	for (guint pad = 65530; pad < 65536; pad++) {
		g_autofree char *fill = g_strnfill(pad, '\n');
		g_autofree char *text = g_strdup_printf("%s[\"a\xe2\x82\"]", fill);
		g_autoptr(GError) error = NULL;
		g_autoptr(GError) tree_error = NULL;
		g_autofree char *got = read_through_fd(text, &error);
		g_autoptr(JsonValue) v = json_parse(text, -1, JSON_READ_DEFAULT, 4, &tree_error);

		assert_null(got);
		assert_null(v);
		assert_str(error->message, tree_error->message);
	}
}

/* The streaming reader takes and refuses what json_parse() does, with its
 * words. */
static void test_stream_parity(void **state)
{
	static const char *const docs[] = {
	    "{\"a\": [1, -2, 3.5e+2, true, false, null, \"x\\u00e9\\\"\"]}",
	    "\xef\xbb\xbf{\"bom\": 1}",
	    "[18446744073709551615, -9223372036854775808]",
	    "{\"a\": 1,}",
	    "[1, 2,]",
	    "{\"a\" 1}",
	    "{a: 1}",
	    "[01]",
	    "[1.]",
	    "[1e]",
	    "[-]",
	    "[18446744073709551616]",
	    "[-9223372036854775809]",
	    "[1e309]",
	    "[-2e24288]",
	    "[0.00001e313]",
	    "[1.7976931348623157e308, 1e-400, 0.0e999999999]",
	    "[1.7976931348623159e308]",
	    "[179769313486231570000000000000000000000000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000000000"
	    "0000000000000000000000000000000000000000000000000000000000000000000000"
	    "00000000000000000000000000000000000000.5]",
	    "[\"\\u0000\"]",
	    "[\"\\ud800\"]",
	    "[\"\\udc00\"]",
	    "[\"\\x\"]",
	    "[\"\\'\"]",
	    "[\"\\u12\"]",
	    "[\"tab\there\"]",
	    "[\"open",
	    "[nul]",
	    "[nullx]",
	    "[true false]",
	    "{\"a\": 1} x",
	    "[[[[[1]]]]]",
	    "",
	    "   \n  ",
	    "{\"a\":\n  [1,\n   2\n   ,}",
	};

	for (guint i = 0; i < G_N_ELEMENTS(docs); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(JsonValue) v = json_parse(docs[i], -1, JSON_READ_DEFAULT, 4, &error);
		JStream *s = js_new_data(docs[i], strlen(docs[i]), 4);
		gboolean ok;

		js_skip_bom(s);
		ok = js_skip(s) && js_finish(s);
		if (v)
			assert_true(ok);
		else
			assert_str(js_error(s) ? js_error(s)->message : "accepted", error->message);
		js_free(s);
	}
}

static const char manifest_text[] =
    "{\"format\": \"romresolve-manifest\", \"version\": 1, \"host\": \"h1\", \"mode\": \"stock\",\n"
    " \"entries\": [\n"
    "  {\"arch\": \"x86_64\", \"machine\": \"pc-q35-7.2\", \"name\": \"efi-virtio.rom\",\n"
    "   \"path\": \"/q/efi-virtio.rom\", \"size\": 200000, \"romsize\": 262144, \"ramblock\": "
    "262144},\n"
    "  {\"arch\": \"x86_64\", \"machine\": \"pc-q35-7.2\", \"name\": \"efi-e1000.rom\",\n"
    "   \"path\": \"/q/efi-e1000.rom\", \"size\": 200000, \"romsize\": 262144, \"ramblock\": "
    "262144},\n"
    "  {\"arch\": \"x86_64\", \"machine\": \"pc-i440fx-2.6\", \"name\": \"efi-vmxnet3.rom\",\n"
    "   \"path\": null, \"romsize\": 0, \"ramblock\": 0},\n"
    "  {\"arch\": \"x86_64\", \"machine\": \"pc-i440fx-2.6\", \"name\": \"efi-pcnet.rom\",\n"
    "   \"path\": null, \"error\": \"not found\"}],\n"
    " \"rom_from_stream\": [{\"arch\": \"x86_64\", \"machine\": \"pc-i440fx-2.6\"}]}";

/* The fact file of a manifest reads back as the same classes. */
static void test_facts_round_trip(void **state)
{
	g_autoptr(GError) error = NULL;
	Fleet *f = fleet_new(), *back = fleet_new();
	FactsInfo info = {.host = "h1", .made = 0};
	g_autofree char *facts = NULL;
	guint n;

	assert_true(fleet_add_data(f, "m", manifest_text, strlen(manifest_text), &error));
	assert_int_equal(fleet_n_machines(f), 2);
	assert_int_equal(fleet_n_classes(f), 2);
	facts = facts_to_json(f, &info);
	assert_true(fleet_add_data(back, "facts", facts, strlen(facts), &error));
	assert_null(error);
	for (guint m = 0; m < 2; m++) {
		const char *machine = fleet_machine_name(f, m);
		for (guint k = 0; k < 2; k++)
			if (strcmp(fleet_machine_name(back, k), machine) == 0)
				assert_str(
				    fleet_class_name(f, (guint)fleet_host_class(f, 0, m)),
				    fleet_class_name(back, (guint)fleet_host_class(back, 0, k)));
	}
	/* pc-i440fx-2.6: vmxnet3 gives no ROM, pcnet did not resolve (left
	 * out), and its QEMU sizes ROMs from the stream. */
	for (guint m = 0; m < 2; m++) {
		int c = fleet_host_class(f, 0, m);
		const FleetRom *roms = fleet_class_roms(f, (guint)c, &n);

		if (strcmp(fleet_machine_name(f, m), "pc-i440fx-2.6") != 0)
			continue;
		assert_int_equal(n, 1);
		assert_str(roms[0].name, "efi-vmxnet3.rom");
		assert_true(fleet_class_from_stream(f, (guint)c));
	}
	fleet_free(f);
	fleet_free(back);
}

/* The manifest's facts arrays, and members given twice: compare --fleet's
 * reader takes and refuses what the manifest reader does, with its words
 * (one table, manifest_facts). */
static void test_facts_arrays_parity(void **state)
{
	static const char *const facts[] = {
	    "\"qemu\": 5",
	    "\"qemu\": [{\"arch\": \"x86_64\", \"binary\": \"q\", \"version\": \"10.0\"}]",
	    "\"qemu\": [{\"arch\": \"x86_64\", \"binary\": \"q\"}]",
	    "\"qemu\": [{\"arch\": \"nosuch\", \"binary\": \"q\", \"version\": \"1\"}]",
	    "\"qemu\": [{\"arch\": \"x86_64\", \"binary\": \"q\", \"version\": \"1\", "
	    "\"package\": null, \"default_machine\": \"a/b\"}]",
	    "\"qemu\": [7]",
	    "\"machine_aliases\": [{\"arch\": \"x86_64\", \"alias\": \"pc\", \"machine\": "
	    "\"pc-i440fx-10.0\"}]",
	    "\"machine_aliases\": [{\"arch\": \"x86_64\", \"alias\": \"pc\", \"machine\": null}]",
	    "\"machine_aliases\": {}",
	    "\"rom_from_stream\": [{\"arch\": \"x86_64\", \"machine\": null}]",
	    "\"rom_from_stream\": [{\"arch\": \"x86_64\", \"machine\": \"pc\", \"x\": 1}]",
	    "\"rom_from_stream\": [{\"machine\": \"pc\"}]",
	    /* a member given twice: its last value */
	    "\"mode\": []",
	    "\"mode\": \"romresolve\"",
	};

	for (guint i = 0; i < G_N_ELEMENTS(facts); i++) {
		g_autoptr(GError) error = NULL, fleet_error = NULL;
		g_autofree char *doc = g_strdup_printf(
		    "{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": "
		    "\"stock\", \"entries\": [], %s}",
		    facts[i]);
		g_autoptr(Manifest) m = manifest_new_from_data("m", doc, -1, &error);
		Fleet *f = fleet_new();
		gboolean ok = fleet_add_data(f, "m", doc, strlen(doc), &fleet_error);

		if (m) {
			if (!ok)
				fail_msg("%s: %s", facts[i], fleet_error->message);
		} else {
			assert_false(ok);
			assert_str(fleet_error->message, error->message);
		}
		fleet_free(f);
	}
}

/* A fleet lists only the machine types some host has: not those of a
 * manifest's "machines" member, of a fact file's "entries", or of a file
 * that was refused. */
static void test_stray_machines(void **state)
{
	static const char stray[] =
	    "\"machines\": {\"aarch64\": {\"virt-9.9\": \"1a4652cc8ebf\"}}, ";
	static const char refused[] =
	    "{\"format\": \"romresolve-manifest\", \"version\": 1, \"mode\": \"stock\",\n"
	    " \"entries\": [{\"arch\": \"riscv64\", \"machine\": \"virt\", \"name\": \"a.rom\",\n"
	    "   \"path\": \"/a\", \"size\": 1, \"romsize\": 4096, \"ramblock\": 4096}], \"mode\": "
	    "1}";
	g_autofree char *manifest = g_strdup_printf("{%s%s", stray, manifest_text + 1);
	g_autoptr(GError) error = NULL;
	Fleet *f = fleet_new();
	FactsInfo info = {.host = "h2", .made = 0};
	g_autofree char *facts = NULL, *facts_stray = NULL;

	assert_false(fleet_add_data(f, "bad", refused, strlen(refused), NULL));
	assert_int_equal(fleet_n_machines(f), 0);
	assert_true(fleet_add_data(f, "m", manifest, strlen(manifest), &error));
	assert_int_equal(fleet_n_machines(f), 2);
	facts = facts_to_json(f, &info);
	/* the fact file with a manifest's entries before its own members */
	facts_stray = g_strdup_printf(
	    "{\"entries\": [{\"arch\": \"riscv64\", \"machine\": \"virt\", \"name\": "
	    "\"a.rom\", \"path\": \"/a\", \"size\": 1, \"romsize\": 4096, \"ramblock\": 4096}], %s",
	    facts + 1);
	assert_true(fleet_add_data(f, "facts", facts_stray, strlen(facts_stray), &error));
	assert_int_equal(fleet_n_hosts(f), 2);
	assert_int_equal(fleet_n_machines(f), 2);
	for (guint m = 0; m < fleet_n_machines(f); m++) {
		assert_true(fleet_host_class(f, 0, m) >= 0);
		assert_true(fleet_host_class(f, 1, m) >= 0);
	}
	fleet_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_class_vector),	cmocka_unit_test(test_rom_migrates),
	    cmocka_unit_test(test_first_clash),		cmocka_unit_test(test_stream_chunks),
	    cmocka_unit_test(test_stream_parity),	cmocka_unit_test(test_facts_round_trip),
	    cmocka_unit_test(test_facts_arrays_parity), cmocka_unit_test(test_stray_machines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
