/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exec: -device values, key=value and JSON. */
#include "exec/device.h"
#include "fixture.h"
#include <string.h>

static void test_device_parse(void **state)
{
	g_auto(ExecDevice) kv = {0};
	g_auto(ExecDevice) drv = {0};
	g_auto(ExecDevice) json = {0};
	g_autoptr(GError) error = NULL;
	g_autofree char *deep = NULL, *long_value = NULL;
	g_autofree char *lb = g_strnfill(40, '['), *rb = g_strnfill(40, ']');
	ExecDevice bad;

	assert_true(exec_device_parse("e1000,id=n0,romsize=65536", &kv, NULL));
	assert_str(kv.driver, "e1000");
	assert_false(kv.json);
	assert_false(kv.has_romfile);
	assert_true(kv.has_romsize);
	assert_true(exec_device_parse("id=x,driver=virtio-net-pci,romfile=", &drv, NULL));
	assert_str(drv.driver, "virtio-net-pci");
	assert_true(drv.has_romfile);
	assert_true(
	    exec_device_parse("{\"driver\": \"e1000\", \"romfile\": \"a.rom\"}", &json, NULL));
	assert_true(json.json);
	assert_true(json.has_romfile);
	assert_false(exec_device_parse("{\"id\": 1}", &bad, &error));
	assert_str(error->message, "-device '{\"id\": 1}': no \"driver\" string");
	g_clear_error(&error);
	assert_false(exec_device_parse(",id=x", &bad, &error));
	assert_str(error->message, "-device ',id=x': no driver");
	g_clear_error(&error);
	/* Bounds: nesting and length. */
	deep = g_strdup_printf("{\"driver\":\"e1000\",\"x\":%s1%s}", lb, rb);
	assert_false(exec_device_parse(deep, &bad, &error));
	assert_str(error->message, "-device: JSON nested deeper than 32");
	g_clear_error(&error);
	long_value = g_strnfill(EXEC_DEVICE_MAX + 1, 'a');
	assert_false(exec_device_parse(long_value, &bad, &error));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_device_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
