/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A QEMU binary's machine types, from its -machine help. */
#include "fixture.h"
#include "qemu/machines.h"

static const char machine_help[] =
    "Supported machines are:\n"
    "microvm              microvm (i386)\n"
    "pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)\n"
    "pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)\n"
    "pc-i440fx-2.6        Standard PC (i440FX + PIIX, 1996)\n"
    "q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-7.2)\n"
    "pc-q35-7.2           Standard PC (Q35 + ICH9, 2009)\n"
    "none                 empty machine\n";

static void test_machines(void **state)
{
	g_autoptr(QemuMachines) m = qemu_machines_parse(machine_help);
	g_autofree char *a = qemu_machines_resolve(m, NULL);
	g_autofree char *b = qemu_machines_resolve(m, "q35");
	g_autofree char *c = qemu_machines_resolve(m, "pc-i440fx-2.6");

	g_autofree char *dflt = qemu_machines_default(m);
	g_autoptr(QemuMachines) odd =
	    qemu_machines_parse("Supported machines are:\n"
				"\tnot-a-type\n"
				"x (alias of a)\n"
				"x                    again (alias of b)\n"
				"y (default)\n"
				"z (default)\n"
				"q35                  no alias\n");
	g_autofree char *x = qemu_machines_resolve(odd, "x");
	g_autofree char *y = qemu_machines_resolve(odd, NULL);
	g_autofree char *q = qemu_machines_resolve(odd, "q35");

	assert_str(dflt, "pc-i440fx-7.2");
	assert_true(qemu_machines_has(m, "none"));
	assert_true(qemu_machines_has(m, "pc"));
	assert_false(qemu_machines_has(m, "Supported"));
	assert_false(qemu_machines_has(m, "pc-i440fx"));
	assert_false(qemu_machines_has(m, "pc "));
	assert_false(qemu_machines_has(m, ""));
	/* The last alias line of a name wins; the first default. */
	assert_str(x, "b");
	assert_str(y, "y");
	assert_str(q, "q35");
	assert_false(qemu_machines_has(odd, "not-a-type"));
	assert_null(qemu_machines_alias(m, "none"));
	assert_str(a, "pc-i440fx-7.2");
	assert_str(b, "pc-q35-7.2");
	assert_str(c, "pc-i440fx-2.6");
	/* A name the binary lacks is itself (the caller asks _has). */
	g_free(a);
	a = qemu_machines_resolve(m, "nosuch");
	assert_str(a, "nosuch");
}

/* Debian's qemu-system-aarch64 7.2 has no default machine: -M is needed. */
static void test_no_default(void **state)
{
	g_autoptr(QemuMachines) m =
	    qemu_machines_parse("Supported machines are:\n"
				"virt                 QEMU 7.2 ARM Virtual Machine "
				"(alias of virt-7.2)\n"
				"virt-7.2             QEMU 7.2 ARM Virtual Machine\n"
				"none                 empty machine\n");

	assert_null(qemu_machines_default(m));
	assert_null(qemu_machines_resolve(m, NULL));
}

static void test_list(void **state)
{
	g_autoptr(QemuMachines) m = qemu_machines_parse(machine_help);
	g_auto(GStrv) types = qemu_machines_list(m);
	g_autofree char *joined = g_strjoinv(" ", types);

	/* Concrete types, in the binary's order, each once; no alias. */
	assert_str(joined, "microvm pc-i440fx-7.2 pc-i440fx-2.6 pc-q35-7.2 none");
	{
		g_auto(GStrv) aliases = qemu_machines_aliases(m);
		g_autofree char *pairs = g_strjoinv(" ", aliases);

		assert_str(pairs, "pc pc-i440fx-7.2 q35 pc-q35-7.2");
	}
}

static char *closest(const char *name, guint max)
{
	g_autoptr(QemuMachines) m = qemu_machines_parse(machine_help);
	g_auto(GStrv) close = qemu_machines_closest(m, name, max);

	return g_strjoinv(" ", close);
}

static void test_closest(void **state)
{
	/* A prefix first, then a few edits away; aliases count. */
	g_autofree char *a = closest("pc-q35", 3), *b = closest("q53", 3),
			*c = closest("pc-i440fx", 3);
	g_autofree char *d = closest("virt", 3), *e = closest("pc-i440fx-7.3", 1),
			*f = closest("", 3);

	assert_str(a, "pc-q35-7.2");
	assert_str(b, "q35");
	assert_str(c, "pc-i440fx-7.2 pc-i440fx-2.6");
	assert_str(d, "");
	assert_str(e, "pc-i440fx-7.2");
	assert_str(f, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_machines),
	    cmocka_unit_test(test_no_default),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_closest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
