/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The exec wrapper's reading of a QEMU command line: the input as a -device
 * value (key=value list or JSON), as a -machine value, as the text of
 * `-machine help`, and, line by line, as a whole argv.
 */
#include "fuzz.h"
#include "qemu-args.h"

/* A comma in the path: it must come out escaped as ",,". */
#define ROMFILE "/usr/share/qemu/dir,1/efi-e1000.rom"

static RomresolveContext *ctx;

static void device(const char *value)
{
	g_auto(QemuDevice) dev = {0};
	g_auto(QemuDevice) back = {0};
	g_autoptr(GError) error = NULL;
	g_autofree char *out = NULL;

	if (!qemu_device_parse(value, &dev, &error)) {
		FUZZ_CHECK(error && !dev.driver);
		return;
	}
	FUZZ_CHECK(dev.driver && dev.driver[0]);
	out = qemu_device_add_rom(value, &dev, ROMFILE, 262144, TRUE);
	FUZZ_CHECK(out != NULL);
	/* What QEMU reads back: the same driver, now with romfile and romsize. */
	FUZZ_CHECK(qemu_device_parse(out, &back, NULL));
	FUZZ_CHECK(strcmp(back.driver, dev.driver) == 0);
	FUZZ_CHECK(back.json == dev.json && back.has_romfile && back.has_romsize);
}

static void rewrite(const char *text)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", 64);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) out = NULL;
	g_autoptr(QemuMachines) machines = qemu_machines_parse("pc  Standard PC (alias of "
							       "pc-i440fx-7.2)\n"
							       "pc-i440fx-7.2  x (default)\n");
	gboolean passthrough;
	g_autofree char *machine = NULL;

	g_ptr_array_add(argv, "qemu-system-x86_64");
	for (char **l = lines; *l; l++)
		g_ptr_array_add(argv, *l);
	g_ptr_array_add(argv, NULL);
	machine = qemu_args_machine((char *const *)argv->pdata, machines, &passthrough);
	FUZZ_CHECK(machine != NULL);
	out = qemu_args_rewrite(ctx, (char *const *)argv->pdata, "x86_64", machines, &error);
	FUZZ_CHECK(out || error);
	FUZZ_CHECK_MESSAGE(error);
	/* Nothing resolves under the fuzz root: argv comes back as it was. */
	if (out)
		FUZZ_CHECK(
		    g_strv_equal((const char *const *)out, (const char *const *)argv->pdata));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = fuzz_string(data, size);
	g_autofree char *machine = qemu_machine_from_option(text);
	gboolean empty = machine && !machine[0];
	g_autoptr(QemuMachines) machines = qemu_machines_parse(text);

	if (!ctx) {
		static const char conf[] = "[dir /roms]\n[device e1000]\nromfile = efi-e1000.rom\n";
		ctx = romresolve_context_new_from_data("/nonexistent-romresolve-fuzz", "fuzz.conf",
						       conf, sizeof(conf) - 1, NULL);
	}
	/* "type=" names an empty type, which QEMU then refuses. */
	FUZZ_CHECK(!empty || strstr(text, "type=") != NULL);
	FUZZ_CHECK(machines && machines->alias && machines->names);
	device(text);
	rewrite(text);
	return 0;
}
