/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Escaping what comes from files and manifests before it is printed. */
#include "escape.h"

#include <string.h>

char *escape_text(const char *text, gboolean controls)
{
	GString *out = g_string_sized_new(strlen(text));
	const char *p = text;

	while (*p) {
		gunichar c = g_utf8_get_char_validated(p, -1);

		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_printf(out, "\\x%02x", (unsigned)(unsigned char)*p);
			p++;
			continue;
		}
		if (controls && (c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
			if (c < 0x80)
				g_string_append_printf(out, "\\x%02x", c);
			else
				g_string_append_printf(out, "\\u%04x", c);
		} else {
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
		}
		p = g_utf8_next_char(p);
	}
	return g_string_free(out, FALSE);
}

static void escape_member(JsonObject *obj, const char *name, JsonNode *node, gpointer data)
{
	escape_json_strings(node);
}

static void escape_element(JsonArray *array, guint i, JsonNode *node, gpointer data)
{
	escape_json_strings(node);
}

void escape_json_strings(JsonNode *node)
{
	switch (JSON_NODE_TYPE(node)) {
	case JSON_NODE_OBJECT:
		json_object_foreach_member(json_node_get_object(node), escape_member, NULL);
		break;
	case JSON_NODE_ARRAY:
		json_array_foreach_element(json_node_get_array(node), escape_element, NULL);
		break;
	case JSON_NODE_VALUE:
		if (json_node_get_value_type(node) == G_TYPE_STRING &&
		    !g_utf8_validate(json_node_get_string(node), -1, NULL)) {
			g_autofree char *text = escape_text(json_node_get_string(node), FALSE);
			json_node_set_string(node, text);
		}
		break;
	case JSON_NODE_NULL:
	default:
		break;
	}
}
