/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The exec wrapper's reading and rewriting of a QEMU command line. */
#include "fixture.h"
#include "qemu-args.h"

#include <string.h>

#define K 1024

static const char machine_help[] =
    "Supported machines are:\n"
    "microvm              microvm (i386)\n"
    "pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)\n"
    "pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)\n"
    "pc-i440fx-2.9        Standard PC (i440FX + PIIX, 1996)\n"
    "q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)\n"
    "pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)\n"
    "none                 empty machine\n";

static void test_target_from_binary(void **state)
{
	g_autofree char *a = qemu_target_from_binary("/usr/bin/qemu-system-x86_64");
	g_autofree char *b = qemu_target_from_binary("qemu-system-aarch64");

	assert_str(a, "x86_64");
	assert_str(b, "aarch64");
	assert_null(qemu_target_from_binary("qemu-x86_64"));
	assert_null(qemu_target_from_binary("qemu-system-amd64"));
	assert_null(qemu_target_from_binary("/bin/true"));
}

static void test_machines(void **state)
{
	g_autoptr(QemuMachines) m = qemu_machines_parse(machine_help);
	char *const plain[] = {"qemu-system-x86_64", "-S", NULL};
	char *const alias[] = {"qemu-system-x86_64", "-M", "q35,accel=tcg", NULL};
	char *const typed[] = {"qemu-system-x86_64", "-machine", "accel=tcg,type=pc", NULL};
	char *const help[] = {"qemu-system-x86_64", "-device", "help", NULL};
	char *const last[] = {"qemu-system-x86_64", "-M",  "pc-i440fx-2.9",
			      "--machine",	    "q35", NULL};
	gboolean passthrough;
	g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL;

	assert_str(m->default_machine, "pc-i440fx-7.2");
	assert_str(g_hash_table_lookup(m->alias, "pc"), "pc-i440fx-7.2");
	assert_true(g_hash_table_contains(m->names, "none"));
	assert_false(g_hash_table_contains(m->names, "Supported"));
	a = qemu_args_machine(plain, m, &passthrough);
	assert_str(a, "pc-i440fx-7.2");
	assert_false(passthrough);
	b = qemu_args_machine(alias, m, &passthrough);
	assert_str(b, "pc-q35-7.2");
	c = qemu_args_machine(typed, m, &passthrough);
	assert_str(c, "pc-i440fx-7.2");
	g_free(qemu_args_machine(help, m, &passthrough));
	assert_true(passthrough);
	d = qemu_args_machine(last, m, &passthrough);
	assert_str(d, "pc-q35-7.2");
	assert_null(qemu_machine_from_option("accel=tcg"));
	assert_null(qemu_machine_from_option("accel=tcg,type="));
}

static void test_device_parse(void **state)
{
	g_auto(QemuDevice) kv = {0};
	g_auto(QemuDevice) drv = {0};
	g_auto(QemuDevice) json = {0};
	g_autoptr(GError) error = NULL;
	QemuDevice bad;

	assert_true(qemu_device_parse("e1000,id=n0,romsize=65536", &kv, NULL));
	assert_str(kv.driver, "e1000");
	assert_false(kv.json);
	assert_false(kv.has_romfile);
	assert_true(kv.has_romsize);
	assert_true(qemu_device_parse("id=x,driver=virtio-net-pci,romfile=", &drv, NULL));
	assert_str(drv.driver, "virtio-net-pci");
	assert_true(drv.has_romfile);
	assert_true(
	    qemu_device_parse("{\"driver\": \"e1000\", \"romfile\": \"a.rom\"}", &json, NULL));
	assert_true(json.json);
	assert_true(json.has_romfile);
	assert_false(qemu_device_parse("{\"id\": 1}", &bad, &error));
	assert_str(error->message, "-device '{\"id\": 1}': no \"driver\" string");
	g_clear_error(&error);
	assert_false(qemu_device_parse("{nope", &bad, &error));
	assert_true(g_str_has_prefix(error->message, "-device '{nope': not a JSON object"));
	g_clear_error(&error);
	assert_false(qemu_device_parse(",id=x", &bad, &error));
	assert_str(error->message, "-device ',id=x': no driver");
}

static void test_add_rom(void **state)
{
	QemuDevice kv = {.driver = (char *)"e1000"};
	QemuDevice json = {.driver = (char *)"e1000", .json = TRUE};
	g_autofree char *a = qemu_device_add_rom("e1000,id=n0", &kv, "/a,b/x.rom", 262144, TRUE);
	g_autofree char *b = qemu_device_add_rom("e1000", &kv, "/x.rom", 0, FALSE);
	g_autofree char *c =
	    qemu_device_add_rom("{\"driver\":\"e1000\"}", &json, "/x.rom", 262144, TRUE);

	/* A comma in a path is doubled, as QEMU's option syntax wants. */
	assert_str(a, "e1000,id=n0,romfile=/a,,b/x.rom,romsize=262144");
	assert_str(b, "e1000,romfile=/x.rom");
	assert_str(c, "{\"driver\":\"e1000\",\"romfile\":\"/x.rom\",\"romsize\":262144}");
}

static void test_rewrite(void **state)
{
	char *root = *state;
	g_autoptr(RomresolveContext) ctx = NULL;
	g_autoptr(QemuMachines) m = qemu_machines_parse(machine_help);
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) out = NULL;
	g_autofree char *joined = NULL, *want = NULL;
	char *const argv[] = {
	    "qemu-system-x86_64",
	    "-append",
	    "-device", /* an argument, not an option */
	    "-S",
	    "-M",
	    "pc-i440fx-2.9",
	    "-device",
	    "e1000,id=n0",
	    "--device",
	    "{\"driver\":\"virtio-net-pci\"}",
	    "-device",
	    "virtio-net-pci,romfile=/mine.rom",
	    "-device",
	    "e1000,romsize=1048576",
	    "-device",
	    "virtio-blk-pci",
	    "-netdev",
	    "user,id=u",
	    NULL,
	};
	char *const broken[] = {"qemu-system-x86_64", "-device", "rtl8139", NULL};

	fixture_mask_default(root);
	fixture_write(root, "etc/qemu/romresolve.d/50.conf",
		      "[dir /roms]\n"
		      "[machine old]\nmatch = pc-i440fx-*\nuntil = 2.10\nrom-size = 256K\n"
		      "map = efi-virtio.rom compat.rom\n"
		      "[device e1000]\nromfile = efi-e1000.rom\n"
		      "[device virtio-net-pci]\nromfile = efi-virtio.rom\n"
		      "[device rtl8139]\nromfile = efi-rtl8139.rom\n");
	fixture_file(root, "roms/efi-e1000.rom", 100 * K, TRUE);
	fixture_file(root, "roms/compat.rom", 200 * K, TRUE);
	ctx = fixture_context(root);
	out = qemu_args_rewrite(ctx, argv, "x86_64", m, &error);
	assert_non_null(out);
	joined = g_strjoinv(" ", out);
	want = g_strdup_printf(
	    "qemu-system-x86_64 -append -device -S -M pc-i440fx-2.9 "
	    "-device e1000,id=n0,romfile=%s/roms/efi-e1000.rom,romsize=131072 "
	    "--device {\"driver\":\"virtio-net-pci\",\"romfile\":\"%s/roms/compat.rom\","
	    "\"romsize\":262144} "
	    "-device virtio-net-pci,romfile=/mine.rom "
	    "-device e1000,romsize=1048576,romfile=%s/roms/efi-e1000.rom "
	    "-device virtio-blk-pci -netdev user,id=u",
	    root, root, root);
	assert_str(joined, want);

	assert_null(qemu_args_rewrite(ctx, broken, "x86_64", m, &error));
	g_free(want);
	want = g_strdup_printf("-device rtl8139: efi-rtl8139.rom not found for x86_64, machine "
			       "pc-i440fx-7.2 in %s/roms",
			       root);
	assert_str(error->message, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_target_from_binary, fixture_setup,
					    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_machines, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_device_parse, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_add_rom, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_rewrite, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
