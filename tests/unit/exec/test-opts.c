/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exec: QEMU's key=value lists (-machine, -nic, -net, -global values). */
#include "exec/opts.h"
#include "fixture.h"

static char *joined(const char *value)
{
	g_autoptr(GPtrArray) parts = exec_opts_split(value);

	g_ptr_array_add(parts, NULL);
	return g_strjoinv("|", (char **)parts->pdata);
}

static void test_split(void **state)
{
	g_autofree char *a = joined("e1000,id=n0"), *b = joined("a,,b,c=d,,,e"), *c = joined("");
	g_autofree char *d = joined(",x,");

	assert_str(a, "e1000|id=n0");
	/* ",," is a literal comma. */
	assert_str(b, "a,b|c=d,|e");
	assert_str(c, "");
	assert_str(d, "|x|");
}

static void test_machine(void **state)
{
	g_autofree char *a = exec_opts_machine("accel=tcg,type=pc");
	g_autofree char *b = exec_opts_machine("q35,accel=tcg");
	g_autofree char *c = exec_opts_machine("help");

	assert_str(a, "pc");
	assert_str(b, "q35");
	assert_str(c, "help");
	assert_null(exec_opts_machine("accel=tcg"));
	assert_null(exec_opts_machine("accel=tcg,type="));
	assert_null(exec_opts_machine(""));
}

static void test_nic(void **state)
{
	g_autofree char *a = exec_opts_nic_model("user,model=virtio", FALSE);
	g_autofree char *b = exec_opts_nic_model("nic,model=rtl8139,model=e1000", TRUE);
	g_autofree char *c = exec_opts_nic_model("tap,id=x,model=ne2k_pci", FALSE);

	/* QEMU's pci_nic_init: "virtio" is virtio-net-pci; the last model
	 * counts. */
	assert_str(a, "virtio-net-pci");
	assert_str(b, "e1000");
	assert_str(c, "ne2k_pci");
	/* -net user is no NIC, whatever its model= says. */
	assert_null(exec_opts_nic_model("user,model=vmxnet3", TRUE));
	assert_null(exec_opts_nic_model("user", FALSE));
	assert_null(exec_opts_nic_model("user,model=", FALSE));
}

static void test_global_driver(void **state)
{
	g_autofree char *a = exec_opts_global_driver("VGA.romfile=x");
	g_autofree char *b = exec_opts_global_driver("driver=qxl-vga,property=romfile,value=x");

	assert_str(a, "VGA");
	assert_str(b, "qxl-vga");
	assert_null(exec_opts_global_driver("romfile=x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_machine),
	    cmocka_unit_test(test_nic),
	    cmocka_unit_test(test_global_driver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
