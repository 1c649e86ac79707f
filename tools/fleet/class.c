/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ABI classes: the hash, and which class a guest may leave for which. */
#include "class.h"
#include "manifest.h"

#include <string.h>

GString *fleet_class_text(const FleetRom *roms, guint n, gboolean from_stream)
{
	GString *t = g_string_sized_new(64 + (gsize)n * 48);

	g_string_append(t, "romresolve-abi-class 1\n");
	g_string_append(t, from_stream ? "rom-from-stream yes\n" : "rom-from-stream no\n");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(t, "%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\n",
				       roms[i].name, roms[i].romsize, roms[i].ramblock);
	return t;
}

void fleet_class_id(const FleetRom *roms, guint n, gboolean from_stream,
		    char out[FLEET_CLASS_LEN + 1])
{
	g_autoptr(GString) text = fleet_class_text(roms, n, from_stream);
	g_autofree char *sum =
	    g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text->str, text->len);

	memcpy(out, sum, FLEET_CLASS_LEN);
	out[FLEET_CLASS_LEN] = '\0';
}

int fleet_class_first_clash(const FleetRom *from, guint nf, const FleetRom *to, guint nt,
			    gboolean to_from_stream, int *to_index)
{
	guint j = 0;

	for (guint i = 0; i < nf; i++) {
		int c = 1;

		while (j < nt && (c = strcmp(to[j].name, from[i].name)) < 0)
			j++;
		if (j == nt || c != 0) {
			*to_index = -1;
			return (int)i;
		}
		if (!manifest_ramblock_migrates(from[i].ramblock, to[j].ramblock, to_from_stream)) {
			*to_index = (int)j;
			return (int)i;
		}
	}
	*to_index = -1;
	return -1;
}
