/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A QEMU binary's facts, asked of a fake binary (a script printing what
 * Debian's qemu-system-x86_64 7.2 prints) and cached: found on PATH or by
 * --qemu, never inside --root; machine types resolved as the binary does.
 */
#include "fixture.h"
#include "qemu/binary.h"

#include <string.h>
#include <sys/stat.h>

/* Logs each run's arguments (and its stdin for the class probe) to LOG. */
static const char fake_qemu[] =
    "#!/bin/sh\n"
    "d=${0%/*}\n"
    "echo \"$*\" >> \"$d/LOG\"\n"
    "case \"$1 $2\" in\n"
    "'-machine help')\n"
    "  echo 'Supported machines are:'\n"
    "  echo 'pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)'\n"
    "  echo 'pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)'\n"
    "  echo 'pc-i440fx-2.6        Standard PC (i440FX + PIIX, 1996)'\n"
    "  echo 'q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)'\n"
    "  echo 'pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)'\n"
    "  echo 'none                 empty machine'\n"
    "  ;;\n"
    "'-L help')\n"
    "  echo \"$d/../share/qemu\"; echo \"$d/../share/seabios\"\n"
    "  ;;\n"
    "'-version -M')\n"
    "  echo 'qemu: -M: requires an argument' >&2; exit 1\n"
    "  ;;\n"
    "'-version '*)\n"
    "  echo 'QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)'\n"
    "  echo 'Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers'\n"
    "  ;;\n"
    "'-device help')\n"
    "  echo 'name \"e1000\", bus PCI, alias \"e1000-82540em\"'\n"
    "  echo 'name \"VGA\", bus PCI'\n"
    "  ;;\n"
    "'-help '*)\n"
    "  echo '-machine [type=]name[,prop[=value][,...]]'\n"
    "  echo '-nodefaults     don'\\''t create default devices'\n"
    "  ;;\n"
    "'-machine none')\n"
    "  /bin/cat >> \"$d/LOG\"\n"
    "  for a; do case \"$a\" in\n"
    "  VGA.romfile=*) echo \"qemu: warning: global $a not used\" >&2;;\n"
    "  qxl.romfile=*) echo 'qemu: warning: global qxl.romfile has invalid class name' >&2;;\n"
    "  esac; done\n"
    "  ;;\n"
    "*) echo \"qemu: $1: invalid option\" >&2; exit 1;;\n"
    "esac\n";

/* ROOT/REL, the fake; its dir the whole PATH (so that the host's QEMU is
 * not found: the fake runs what it needs by absolute path). */
static char *install_fake(const char *root, const char *rel)
{
	g_autofree char *dir = NULL;
	char *path = fixture_path(root, rel);

	fixture_write(root, rel, fake_qemu);
	fixture_chmod(root, rel, 0755);
	dir = g_path_get_dirname(path);
	g_setenv("PATH", dir, TRUE);
	return path;
}

static guint runs(const char *root, const char *log_rel)
{
	g_autofree char *log = fixture_path(root, log_rel), *text = NULL;
	guint n = 0;

	if (!g_file_get_contents(log, &text, NULL, NULL))
		return 0;
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		n++;
	return n;
}

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

static void test_find(void **state)
{
	char *root = *state;
	g_autofree char *fake = install_fake(root, "host/usr/bin/qemu-system-x86_64");
	g_autofree char *tree = fixture_path(root, "host");
	g_autoptr(QemuBinary) b = NULL;
	g_autoptr(GError) error = NULL;

	/* PATH's qemu-system-ARCH; none for another arch (no error). */
	b = qemu_binary_find(NULL, "x86_64", NULL, NULL, &error);
	assert_non_null(b);
	assert_str(qemu_binary_get_path(b), fake);
	qemu_binary_free(g_steal_pointer(&b));
	assert_null(qemu_binary_find(NULL, "aarch64", NULL, NULL, &error));
	assert_null(error);
	/* --qemu: a path or a name; one that is not there is an error. */
	b = qemu_binary_find(fake, "aarch64", NULL, NULL, &error);
	assert_non_null(b);
	qemu_binary_free(g_steal_pointer(&b));
	assert_null(qemu_binary_find("qemu-system-nosuch", "x86_64", NULL, NULL, &error));
	assert_str(error->message, "--qemu qemu-system-nosuch: no such program");
	g_clear_error(&error);
	/* Nothing inside --root ever runs: not PATH's, not --qemu's. */
	assert_null(qemu_binary_find(NULL, "x86_64", tree, NULL, &error));
	assert_non_null(strstr(error->message, "is inside --root"));
	g_clear_error(&error);
	assert_null(qemu_binary_find(fake, "x86_64", tree, NULL, &error));
	assert_non_null(error);
	g_clear_error(&error);
	/* The root "/" is the host. */
	b = qemu_binary_find(NULL, "x86_64", "/", NULL, &error);
	assert_non_null(b);
}

static void test_facts(void **state)
{
	char *root = *state;
	g_autofree char *fake = install_fake(root, "usr/bin/qemu-system-x86_64");
	g_autofree char *cache = fixture_path(root, "cache");
	g_autoptr(QemuBinary) b = qemu_binary_new(fake, cache, NULL);
	g_autoptr(QemuBinary) again = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *a = NULL, *dflt = NULL, *v = NULL, *p = NULL, *joined = NULL, *want = NULL;
	g_auto(GStrv) types = NULL, dirs = NULL;
	static const char *const names[] = {"VGA", "e1000", "qxl", NULL};
	g_autoptr(QemuClasses) classes = NULL;

	fixture_mkdir(root, "usr/share/qemu");
	/* Aliases and the default as the binary resolves them. */
	a = qemu_binary_resolve_machine(b, "q35", &error);
	assert_str(a, "pc-q35-7.2");
	dflt = qemu_binary_resolve_machine(b, NULL, &error);
	assert_str(dflt, "pc-i440fx-7.2");
	g_free(a);
	a = qemu_binary_resolve_machine(b, "pc-i440fx-2.6", &error);
	assert_str(a, "pc-i440fx-2.6");
	/* Unknown: the binary and the closest names. */
	assert_null(qemu_binary_resolve_machine(b, "pc-q35", &error));
	want = g_strdup_printf("%s has no machine type 'pc-q35' (did you mean pc-q35-7.2?)", fake);
	assert_str(error->message, want);
	assert_int_equal(error->code, ROMRESOLVE_ERROR_INVALID_ARGUMENT);
	g_clear_error(&error);
	assert_null(qemu_binary_resolve_machine(b, "virt", &error));
	g_free(want);
	want = g_strdup_printf("%s has no machine type 'virt'", fake);
	assert_str(error->message, want);
	g_clear_error(&error);
	types = qemu_binary_get_machine_types(b, &error);
	joined = g_strjoinv(" ", types);
	assert_str(joined, "pc-i440fx-7.2 pc-i440fx-2.6 pc-q35-7.2 none");
	/* Data dirs canonical (seabios does not exist: lexically). */
	dirs = qemu_binary_get_data_dirs(b, &error);
	g_free(joined);
	joined = g_strjoinv(":", dirs);
	g_free(want);
	want = g_strdup_printf("%s/usr/share/qemu:%s/usr/share/seabios", root, root);
	assert_str(joined, want);
	assert_true(qemu_binary_get_version(b, &v, &p, &error));
	assert_str(v, "7.2.22");
	assert_str(p, "Debian 1:7.2+dfsg-7+deb12u18+b3");
	/* The -global check: QMP's quit on its stdin. */
	classes = qemu_binary_get_classes(b, names, &error);
	assert_non_null(classes);
	assert_int_equal(qemu_classes_get(classes, "VGA"), QEMU_CLASS_FIXED);
	assert_int_equal(qemu_classes_get(classes, "e1000"), QEMU_CLASS_PLUG);
	assert_int_equal(qemu_classes_get(classes, "qxl"), QEMU_CLASS_ABSENT);
	assert_non_null(qemu_binary_get_devices(b, &error));
	assert_non_null(qemu_binary_get_options(b, &error));
	/* Each asked once: machine help, -L, -version, the probe and its
	 * input (two lines), -device help, -help. */
	assert_int_equal(runs(root, "usr/bin/LOG"), 8);

	/* Another command, the same binary: every answer from the cache. */
	again = qemu_binary_new(fake, cache, NULL);
	g_free(a);
	a = qemu_binary_resolve_machine(again, "pc", &error);
	assert_str(a, "pc-i440fx-7.2");
	g_strfreev(dirs);
	dirs = qemu_binary_get_data_dirs(again, &error);
	assert_non_null(dirs);
	g_clear_pointer(&classes, qemu_classes_free);
	classes = qemu_binary_get_classes(again, names, &error);
	assert_int_equal(qemu_classes_get(classes, "qxl"), QEMU_CLASS_ABSENT);
	assert_non_null(qemu_binary_get_devices(again, &error));
	assert_non_null(qemu_binary_get_options(again, &error));
	assert_int_equal(runs(root, "usr/bin/LOG"), 8);
	/* An option -help lacks: -version -NAME, then kept in the table. */
	assert_true(qemu_binary_probe_option(again, "M", &error));
	assert_int_equal(qemu_options_get(qemu_binary_get_options(again, NULL), "M"),
			 QEMU_OPTION_ARG);
	assert_int_equal(runs(root, "usr/bin/LOG"), 9);
}

/* Every qemu-system-TARGET on PATH: the first of each name, known targets,
 * executables, none inside the root. */
static void test_on_path(void **state)
{
	char *root = *state;
	g_autofree char *a = fixture_path(root, "a"), *b = fixture_path(root, "b");
	g_autofree char *tree = fixture_path(root, "b/tree"), *path = NULL, *want = NULL;
	g_autofree char *joined = NULL;
	g_auto(GStrv) found = NULL;

	for (const char *const *f =
		 (const char *const[]){"a/qemu-system-x86_64", "b/qemu-system-x86_64",
				       "b/qemu-system-aarch64", "b/qemu-system-nosuch",
				       "b/tree/qemu-system-riscv64", "a/qemu-img", NULL};
	     *f; f++) {
		fixture_write(root, *f, "#!/bin/sh\n");
		fixture_chmod(root, *f, 0755);
	}
	fixture_write(root, "a/qemu-system-arm", "");
	fixture_chmod(root, "a/qemu-system-arm", 0644);
	path = g_strdup_printf("%s:relative:%s:%s", a, b, tree);
	g_setenv("PATH", path, TRUE);
	found = qemu_binaries_on_path(tree);
	joined = g_strjoinv(" ", found);
	want = g_strdup_printf("%s/qemu-system-x86_64 %s/qemu-system-aarch64", a, b);
	assert_str(joined, want);
	g_strfreev(found);
	found = qemu_binaries_on_path(NULL);
	assert_int_equal(g_strv_length(found), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_target_from_binary),
	    cmocka_unit_test_setup_teardown(test_find, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_facts, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_on_path, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
