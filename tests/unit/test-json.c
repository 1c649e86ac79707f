/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The command's JSON: what the writer prints, byte for byte (json-glib's
 * pretty form), and what the strict reader accepts and refuses. */
#include "fixture.h"
#include "json.h"

#include <string.h>

static void test_writer_layout(void **state)
{
	g_autoptr(JsonWriter) w = json_writer_new();
	g_autofree char *text = NULL;

	json_writer_begin_object(w);
	json_writer_set_member_name(w, "format");
	json_writer_add_string_value(w, "romresolve-x");
	json_writer_set_member_name(w, "version");
	json_writer_add_int_value(w, 1);
	json_writer_set_member_name(w, "empty_array");
	json_writer_begin_array(w);
	json_writer_end_array(w);
	json_writer_set_member_name(w, "empty_object");
	json_writer_begin_object(w);
	json_writer_end_object(w);
	json_writer_set_member_name(w, "list");
	json_writer_begin_array(w);
	json_writer_add_boolean_value(w, TRUE);
	json_writer_add_null_value(w);
	json_writer_begin_object(w);
	json_writer_set_member_name(w, "inner");
	json_writer_begin_object(w);
	json_writer_end_object(w);
	json_writer_set_member_name(w, "min");
	json_writer_add_int_value(w, G_MININT64);
	json_writer_end_object(w);
	json_writer_end_array(w);
	json_writer_set_member_name(w, "none");
	json_writer_add_string_value(w, NULL);
	json_writer_set_member_name(w, "max");
	json_writer_add_int_value(w, G_MAXINT64);
	json_writer_set_member_name(w, "2^63");
	json_writer_add_uint_value(w, G_GUINT64_CONSTANT(1) << 63);
	json_writer_set_member_name(w, "umax");
	json_writer_add_uint_value(w, G_MAXUINT64);
	json_writer_set_member_name(w, "no");
	json_writer_add_boolean_value(w, FALSE);
	json_writer_end_object(w);
	text = json_writer_finish(w);
	/* What json-glib 1.6 printed for the same builder calls, an empty
	 * object's closing brace indented as it did. */
	assert_str(text, "{\n"
			 "  \"format\" : \"romresolve-x\",\n"
			 "  \"version\" : 1,\n"
			 "  \"empty_array\" : [],\n"
			 "  \"empty_object\" : {  },\n"
			 "  \"list\" : [\n"
			 "    true,\n"
			 "    null,\n"
			 "    {\n"
			 "      \"inner\" : {      },\n"
			 "      \"min\" : -9223372036854775808\n"
			 "    }\n"
			 "  ],\n"
			 "  \"none\" : null,\n"
			 "  \"max\" : 9223372036854775807,\n"
			 "  \"2^63\" : 9223372036854775808,\n"
			 "  \"umax\" : 18446744073709551615,\n"
			 "  \"no\" : false\n"
			 "}");
}

static void test_writer_empty_root(void **state)
{
	g_autoptr(JsonWriter) w = json_writer_new();
	g_autofree char *obj = NULL, *arr = NULL;

	json_writer_begin_object(w);
	json_writer_end_object(w);
	obj = json_writer_finish(w);
	assert_str(obj, "{}");
	json_writer_begin_array(w);
	json_writer_end_array(w);
	arr = json_writer_finish(w);
	assert_str(arr, "[]");
}

static void test_writer_strings(void **state)
{
	g_autoptr(JsonWriter) w = json_writer_new();
	g_autofree char *text = NULL;

	json_writer_begin_array(w);
	/* Quotes, backslashes, the C0 controls (U+001F too) and DEL escaped;
	 * C1 controls and other UTF-8 as is; bytes that are not UTF-8 as the
	 * text \xNN (escape_text()), whose backslash is then escaped. */
	json_writer_add_string_value(w, "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f");
	json_writer_add_string_value(w, "\xc2\x85\xc3\xa9\xf0\x9f\x98\x80");
	json_writer_add_string_value(w, "a\xff\x1f"
					"b");
	json_writer_end_array(w);
	text = json_writer_finish(w);
	assert_str(text, "[\n"
			 "  \"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\",\n"
			 "  \"\xc2\x85\xc3\xa9\xf0\x9f\x98\x80\",\n"
			 "  \"a\\\\xff\\u001fb\"\n"
			 "]");
}

static JsonValue *parse(const char *text, GError **error)
{
	return json_parse(text, -1, JSON_READ_DEFAULT, 8, error);
}

static void test_reader_values(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonValue) v =
	    parse("\xef\xbb\xbf {\"s\": \"a\\u00e9\\ud83d\\ude00\\/\\\"\\\\\\n\","
		  " \"i\": -9223372036854775808, \"d\": 1.5e3,"
		  " \"t\": true, \"f\": false, \"n\": null,"
		  " \"a\": [1, [], {}], \"dup\": 1, \"dup\": \"last\"}\r\n",
		  &error);
	const JsonValue *a;

	assert_null(error);
	assert_non_null(v);
	assert_int_equal(json_value_get_type(v), JSON_OBJECT);
	assert_str(json_value_get_string(json_value_get_member(v, "s")),
		   "a\xc3\xa9\xf0\x9f\x98\x80/\"\\\n");
	assert_true(json_value_get_int(json_value_get_member(v, "i")) == G_MININT64);
	assert_int_equal(json_value_get_type(json_value_get_member(v, "d")), JSON_DOUBLE);
	assert_true(json_value_get_boolean(json_value_get_member(v, "t")));
	assert_int_equal(json_value_get_type(json_value_get_member(v, "f")), JSON_BOOLEAN);
	assert_false(json_value_get_boolean(json_value_get_member(v, "f")));
	assert_int_equal(json_value_get_type(json_value_get_member(v, "n")), JSON_NULL);
	a = json_value_get_member(v, "a");
	assert_int_equal(json_value_get_length(a), 3);
	assert_int_equal(json_value_get_int(json_value_get_element(a, 0)), 1);
	assert_int_equal(json_value_get_type(json_value_get_element(a, 1)), JSON_ARRAY);
	assert_int_equal(json_value_get_type(json_value_get_element(a, 2)), JSON_OBJECT);
	assert_null(json_value_get_element(a, 3));
	/* Sizes: every guint64, never negative; not a negative number. */
	{
		g_autoptr(JsonValue) sizes = parse(
		    "[9223372036854775807, 9223372036854775808, 18446744073709551615, -1]", NULL);
		guint64 u = 0;

		assert_int_equal(json_value_get_type(json_value_get_element(sizes, 1)), JSON_UINT);
		assert_true(json_value_get_uint(json_value_get_element(sizes, 0), &u));
		assert_true(u == G_MAXINT64);
		assert_true(json_value_get_uint(json_value_get_element(sizes, 1), &u));
		assert_true(u == G_GUINT64_CONSTANT(1) << 63);
		assert_true(json_value_get_uint(json_value_get_element(sizes, 2), &u));
		assert_true(u == G_MAXUINT64);
		assert_false(json_value_get_uint(json_value_get_element(sizes, 3), &u));
		assert_false(json_value_get_uint(json_value_get_member(v, "s"), &u));
	}
	/* Of duplicate members the last counts, as with json-glib. */
	assert_str(json_value_get_string(json_value_get_member(v, "dup")), "last");
	assert_null(json_value_get_member(v, "absent"));
}

static void test_reader_large_object(void **state)
{
	g_autoptr(GString) text = g_string_new("{");
	g_autoptr(JsonValue) v = NULL;

	for (int i = 0; i < 100; i++)
		g_string_append_printf(text, "%s\"k%d\": %d", i ? ", " : "", i % 60, i);
	g_string_append_c(text, '}');
	v = parse(text->str, NULL);
	assert_non_null(v);
	assert_int_equal(json_value_get_int(json_value_get_member(v, "k0")), 60);
	assert_int_equal(json_value_get_int(json_value_get_member(v, "k59")), 59);
	assert_int_equal(json_value_get_int(json_value_get_member(v, "k39")), 99);
}

static void test_reader_refuses(void **state)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
	    {"", "1:1: unexpected end of data, expected a value"},
	    {"{\"a\": 1} x", "1:10: data after the JSON value"},
	    {"{}{}", "1:3: data after the JSON value"},
	    {"{\"a\": 1,}", "1:9: trailing comma before '}'"},
	    {"[1,]", "1:4: trailing comma before ']'"},
	    {"{\n  \"a\": 1\n  \"b\": 2}", "3:3: unexpected character '\"', expected ',' or '}'"},
	    {"{\"a\" 1}", "1:6: unexpected character '1', expected ':' after a member name"},
	    {"{a: 1}", "1:2: unexpected character 'a', expected a member name (a string)"},
	    {"['a']", "1:2: unexpected character ''', expected a value"},
	    {"/* c */ {}", "1:1: unexpected character '/', expected a value"},
	    {"var x = {}", "1:1: unexpected character 'v', expected a value"},
	    {"0x10", "1:2: data after the JSON value"},
	    {"010", "1:2: data after the JSON value"},
	    {"1.", "1:3: unexpected end of data, expected a digit after '.'"},
	    {"-", "1:2: unexpected end of data, expected a digit"},
	    {"1e", "1:3: unexpected end of data, expected a digit in the exponent"},
	    {"18446744073709551616", "1:1: integer 18446744073709551616 out of range"},
	    {"-9223372036854775809", "1:1: integer -9223372036854775809 out of range"},
	    {"1e999", "1:1: number 1e999 out of range"},
	    {"nul", "1:1: unexpected character 'n', expected a value"},
	    {"nullx", "1:1: unexpected character 'n', expected a value"},
	    {"\"a\\u0000b\"", "1:3: \\u0000 in a string"},
	    {"\"\\ud800\"", "1:2: lone surrogate \\ud800 in a string"},
	    {"\"\\ud800\\u0041\"", "1:2: lone surrogate \\ud800 in a string"},
	    {"\"\\udc00\"", "1:2: lone surrogate \\udc00 in a string"},
	    {"\"\\u12\"", "1:2: invalid \\u escape (4 hex digits expected)"},
	    {"\"\\x41\"", "1:3: unexpected character 'x', expected an escape"},
	    {"\"\\'\"", "1:2: invalid escape \\'"},
	    {"\"a\tb\"", "1:3: control character U+0009 in a string (write it as \\u0009)"},
	    {"\"abc", "1:1: unterminated string"},
	    {"[\"\xff\"]", "1:3: invalid UTF-8 (byte 0xff)"},
	    {"\n\"\xed\xa0\x80\"", "2:2: invalid UTF-8 (byte 0xed)"},
	    {"[\xc3\xa9]", "1:2: unexpected character U+00E9, expected a value"},
	    {"[[[[[[[[[1]]]]]]]]]", "1:9: nested deeper than 8 levels"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(JsonValue) v = parse(cases[i].text, &error);

		if (v)
			fail_msg("case %zu parsed", i);
		assert_true(g_error_matches(error, JSON_ERROR, JSON_ERROR_PARSE));
		if (!g_str_has_prefix(error->message, cases[i].message))
			fail_msg("case %zu:\n got: %s\nwant: %s", i, error->message,
				 cases[i].message);
		assert_null(strchr(error->message, '\n'));
	}
}

static void test_reader_nul_byte(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonValue) v = json_parse("[1,\0 2]", 7, JSON_READ_DEFAULT, 8, &error);

	assert_null(v);
	assert_str(error->message, "1:4: a NUL byte");
}

static void test_reader_qemu(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonValue) v = json_parse("{'driver': 'e1000', \"id\": 'it\\'s \"n\"'}", -1,
					    JSON_READ_QEMU, 8, &error);

	assert_null(error);
	assert_str(json_value_get_string(json_value_get_member(v, "driver")), "e1000");
	assert_str(json_value_get_string(json_value_get_member(v, "id")), "it's \"n\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_writer_layout),	cmocka_unit_test(test_writer_empty_root),
	    cmocka_unit_test(test_writer_strings),	cmocka_unit_test(test_reader_values),
	    cmocka_unit_test(test_reader_large_object), cmocka_unit_test(test_reader_refuses),
	    cmocka_unit_test(test_reader_nul_byte),	cmocka_unit_test(test_reader_qemu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
