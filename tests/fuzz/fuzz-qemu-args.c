/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec's reading of what a QEMU says and what its user typed: the input as
 * `-help` text (an option table), as a cached option table, as `-machine
 * help`, `-device help`, `-L help` and `-version` text, as the -global
 * check's cache form, as a -device value, and, line by line, as an argv that
 * is scanned and given the -global arguments.
 *
 * Limits: inputs over 64 KiB are cut (exec bounds a help text at
 * QEMU_OUTPUT_MAX and looks into no -device value over EXEC_DEVICE_MAX or
 * nested deeper than EXEC_JSON_DEPTH_MAX); an argv has at most 256 lines.
 */
#include "fuzz.h"
#include "exec/device.h"
#include "exec/globals.h"
#include "exec/opts.h"
#include "exec/scan.h"
#include "qemu/classes.h"
#include "qemu/datadirs.h"
#include "qemu/devices.h"
#include "qemu/machines.h"
#include "qemu/options.h"
#include "qemu/version.h"

#define INPUT_MAX (64 * 1024)
#define ARGV_MAX  256

static RomresolveContext *ctx;

static void options(const char *text)
{
	g_autoptr(QemuOptions) o = qemu_options_parse_help(text);
	g_autoptr(QemuOptions) back = NULL;
	g_autoptr(QemuOptions) t = qemu_options_parse_table(text);
	g_autofree char *table = qemu_options_to_table(o), *again = NULL;

	/* The cache form reads back to the same table. */
	back = qemu_options_parse_table(table);
	FUZZ_CHECK(back != NULL);
	again = qemu_options_to_table(back);
	FUZZ_CHECK(strcmp(table, again) == 0);
	if (t) {
		g_autofree char *tt = qemu_options_to_table(t);
		FUZZ_CHECK(tt != NULL);
	}
}

static void device(const char *value)
{
	g_auto(ExecDevice) dev = {0};
	g_autoptr(GError) error = NULL;

	if (!exec_device_parse(value, &dev, &error)) {
		FUZZ_CHECK(error && !dev.driver);
		FUZZ_CHECK_MESSAGE(error);
		return;
	}
	FUZZ_CHECK(!error && dev.driver && dev.driver[0]);
}

static void tables(const char *text)
{
	g_autoptr(QemuMachines) m = qemu_machines_parse(text);
	g_autoptr(QemuDevices) d = qemu_devices_parse(text);
	g_autofree char *resolved = qemu_machines_resolve(m, NULL);
	g_autofree char *dflt = qemu_machines_default(m);
	g_autofree char *machine = exec_opts_machine(text);
	g_auto(GStrv) lines = g_strsplit(text, "\n", 64);

	FUZZ_CHECK(m && d);
	FUZZ_CHECK(!resolved == !dflt);
	FUZZ_CHECK(!dflt || qemu_machines_has(m, dflt));
	/* The cache form reads back to the same table; any text read as one
	 * writes back as it was. */
	{
		g_autofree char *table = qemu_devices_to_table(d), *again = NULL, *tt = NULL;
		g_autoptr(QemuDevices) back = qemu_devices_parse_table(table);
		g_autoptr(QemuDevices) t = qemu_devices_parse_table(text);

		FUZZ_CHECK(back != NULL);
		again = qemu_devices_to_table(back);
		FUZZ_CHECK(strcmp(table, again) == 0);
		if (t) {
			tt = qemu_devices_to_table(t);
			FUZZ_CHECK(strcmp(tt, text) == 0);
		}
	}
	/* A type is its own; an alias names a type. */
	for (char **l = lines; *l; l++) {
		const char *t = qemu_devices_lookup(d, *l);
		FUZZ_CHECK(!t || qemu_devices_has_type(d, t));
		FUZZ_CHECK(qemu_devices_has_type(d, *l) == (t && strcmp(t, *l) == 0));
	}
	/* "type=" names an empty type, which QEMU then refuses. */
	FUZZ_CHECK(!machine || machine[0]);
	/* Concrete types and suggestions are names the binary has. */
	{
		g_auto(GStrv) types = qemu_machines_list(m);
		g_auto(GStrv) close = qemu_machines_closest(m, lines[0] ? lines[0] : "", 3);

		for (char **t = types; *t; t++)
			FUZZ_CHECK(qemu_machines_has(m, *t));
		FUZZ_CHECK(g_strv_length(close) <= 3);
		for (char **c = close; *c; c++)
			FUZZ_CHECK(qemu_machines_has(m, *c));
	}
}

/* -L help, -version, the -global check's cache form. */
static void facts(const char *text)
{
	g_auto(GStrv) dirs = qemu_data_dirs_parse(text);
	g_autofree char *version = NULL, *package = NULL;
	g_autoptr(QemuClasses) classes = qemu_classes_parse_table(text);

	for (char **d = dirs; *d; d++)
		FUZZ_CHECK(g_path_is_absolute(*d) && !strchr(*d, '\n'));
	if (qemu_version_parse(text, &version, &package))
		FUZZ_CHECK(version && version[0] && !strchr(version, ' '));
	else
		FUZZ_CHECK(!version && !package);
	if (classes) {
		g_autofree char *table = qemu_classes_to_table(classes), *again = NULL;
		g_autoptr(QemuClasses) back = qemu_classes_parse_table(table);

		FUZZ_CHECK(back != NULL);
		again = qemu_classes_to_table(back);
		FUZZ_CHECK(strcmp(table, again) == 0);
	}
}

static void scan(const char *text)
{
	static const char help[] = "-machine [type=]name\n-device driver[,prop]\n"
				   "-usb            enable USB\n-nic [user][,model=m]\n"
				   "-net nic[,model=type]\n-no-user-config\n";
	static const char devices[] = "name \"e1000\", bus PCI, alias \"e1000-82540em\"\n"
				      "name \"rtl8139\", bus PCI\n";
	g_auto(GStrv) lines = g_strsplit(text, "\n", ARGV_MAX);
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(QemuOptions) o = qemu_options_parse_help(help);
	g_autoptr(QemuDevices) d = qemu_devices_parse(devices);
	g_autoptr(GPtrArray) globals = g_ptr_array_new();
	g_autoptr(GStringChunk) strings = g_string_chunk_new(256);
	g_autoptr(GError) error = NULL;
	g_auto(ExecScan) s = {0};
	g_autofree char **out = NULL;
	guint n = 1, rounds = 0;

	g_ptr_array_add(argv, "qemu-system-x86_64");
	for (char **l = lines; *l; l++, n++)
		g_ptr_array_add(argv, *l);
	g_ptr_array_add(argv, NULL);
	/* Unknown options are "probed" as taking an argument: each round
	 * learns one, so the loop ends. */
	while (!exec_scan((char *const *)argv->pdata, o, &s)) {
		FUZZ_CHECK(s.unknown->len == 1 && rounds++ < n);
		qemu_options_set(o, s.unknown->pdata[0], QEMU_OPTION_ARG);
	}
	if (exec_globals(ctx, "x86_64", "pc-i440fx-7.2", d, NULL, &s, globals, strings, &error)) {
		FUZZ_CHECK(!error);
	} else {
		FUZZ_CHECK(error);
		FUZZ_CHECK_MESSAGE(error);
	}
	FUZZ_CHECK(globals->len % 2 == 0);
	out = exec_argv_rewrite((char *const *)argv->pdata, globals);
	/* Everything of the user's passes byte for byte, after the globals. */
	FUZZ_CHECK(g_strv_length(out) == n + globals->len);
	FUZZ_CHECK(strcmp(out[0], "qemu-system-x86_64") == 0);
	for (guint i = 1; i < n; i++)
		FUZZ_CHECK(strcmp(out[globals->len + i], argv->pdata[i]) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autofree char *text = fuzz_string(data, MIN(size, INPUT_MAX));

	if (!ctx) {
		/* e1000's ROM resolves (to a path that need not exist: the
		 * fuzz root), rtl8139's does not. */
		static const char conf[] = "[dir /roms]\n[device e1000]\nromfile = efi-e1000.rom\n";
		ctx = romresolve_context_new_from_data("/nonexistent-romresolve-fuzz", "fuzz.conf",
						       conf, sizeof(conf) - 1, NULL);
	}
	options(text);
	device(text);
	tables(text);
	facts(text);
	scan(text);
	return 0;
}
