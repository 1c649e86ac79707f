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
