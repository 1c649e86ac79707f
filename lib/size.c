/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sizes: parsing "256K", formatting, QEMU's pow2ceil and page rounding. */
#include "internal.h"

#include <errno.h>
#include <string.h>

/* Larger sizes are refused: no ROM BAR comes near this. */
#define SIZE_LIMIT (G_GUINT64_CONSTANT(1) << 40)

gboolean romresolve_size_parse(const char *text, uint64_t *size, GError **error)
{
	static const struct {
		const char *suffix;
		unsigned shift;
	} units[] = {
	    {"", 0}, {"K", 10}, {"KiB", 10}, {"M", 20}, {"MiB", 20}, {"G", 30}, {"GiB", 30},
	};
	const char *p = text;
	guint64 value = 0;

	if (!*text) {
		g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT, "is empty");
		return FALSE;
	}
	if (!g_ascii_isdigit(*p))
		goto bad;
	for (; g_ascii_isdigit(*p); p++) {
		value = value * 10 + (guint64)(*p - '0');
		if (value > SIZE_LIMIT)
			break;
	}
	/* The unit first: "99999999999999999999X" is not a size at all. */
	for (; g_ascii_isdigit(*p); p++)
		;
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (strcmp(p, units[i].suffix) == 0) {
			if (value > (SIZE_LIMIT >> units[i].shift))
				goto too_big;
			*size = value << units[i].shift;
			return TRUE;
		}
	}
bad:
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
		    "%s is not a size (bytes, or a number followed by K, M or G)", text);
	return FALSE;
too_big:
	g_set_error(error, ROMRESOLVE_ERROR, ROMRESOLVE_ERROR_INVALID_ARGUMENT,
		    "%s is too large (at most 1024G)", text);
	return FALSE;
}

char *romresolve_size_format(uint64_t size)
{
	static const char *const units[] = {"GiB", "MiB", "KiB"};

	for (unsigned i = 0; i < G_N_ELEMENTS(units); i++) {
		uint64_t unit = G_GUINT64_CONSTANT(1) << (10 * (3 - i));
		if (size != 0 && size % unit == 0)
			return g_strdup_printf("%" G_GUINT64_FORMAT " %s", size / unit, units[i]);
	}
	return g_strdup_printf("%" G_GUINT64_FORMAT " bytes", size);
}

uint64_t romresolve_size_pow2ceil(uint64_t size)
{
	uint64_t p = 1;

	/* Over 2^63 no power of two fits: 0, never a loop that wraps. */
	if (size == 0 || size > (G_GUINT64_CONSTANT(1) << 63))
		return 0;
	while (p < size)
		p <<= 1;
	return p;
}

uint64_t romresolve_size_ramblock(uint64_t romsize)
{
	return (romsize + ROMRESOLVE_PAGE_SIZE - 1) & ~(uint64_t)(ROMRESOLVE_PAGE_SIZE - 1);
}
