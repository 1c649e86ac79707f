/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sizes ("256K") and machine-type versions ("pc-q35-2.10"): two strings, one
 * per line of the input. */
#include "fuzz.h"

static void check_size(const char *text)
{
	g_autoptr(GError) error = NULL;
	uint64_t size = 0;

	if (!romresolve_size_parse(text, &size, &error)) {
		FUZZ_CHECK(error != NULL);
		return;
	}
	FUZZ_CHECK(size <= (G_GUINT64_CONSTANT(1) << 40));
	{
		g_autofree char *shown = romresolve_size_format(size);
		uint64_t p = romresolve_size_pow2ceil(size);
		uint64_t ramblock = romresolve_size_ramblock(p);

		FUZZ_CHECK(shown != NULL);
		FUZZ_CHECK(p >= size && (p & (p - 1)) == 0 && (size == 0 || p / 2 < size));
		FUZZ_CHECK(ramblock >= p && ramblock % 4096 == 0);
	}
}

static void check_versions(const char *a, const char *b)
{
	int ab = romresolve_version_compare(a, b);
	int ba = romresolve_version_compare(b, a);

	FUZZ_CHECK(ab >= -1 && ab <= 1);
	FUZZ_CHECK(ab == -ba);
	FUZZ_CHECK(romresolve_version_compare(a, a) == 0);
}

static void check_machine(const char *machine)
{
	const char *v = romresolve_machine_get_version(machine);

	if (!v)
		return;
	/* A suffix of the name, right after a '-', and a version itself. */
	FUZZ_CHECK(v > machine && v[-1] == '-' && v[0] != '\0');
	FUZZ_CHECK(romresolve_version_compare(v, v) == 0);
}

/* Any 64-bit value: pow2ceil returns (it looped forever past 2^63), with a
 * power of two at least that large, or 0 when none fits. */
static void check_pow2ceil(const uint8_t *data, size_t size)
{
	uint64_t x = 0, p;

	memcpy(&x, data, size < sizeof(x) ? size : sizeof(x));
	p = romresolve_size_pow2ceil(x);
	if (x == 0 || x > (G_GUINT64_CONSTANT(1) << 63))
		FUZZ_CHECK(p == 0);
	else
		FUZZ_CHECK(p >= x && (p & (p - 1)) == 0 && p / 2 < x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *rest;
	g_autofree char *first = fuzz_split(data, size, &rest);
	g_autofree char *second = rest;

	check_pow2ceil(data, size);
	check_size(first);
	check_machine(first);
	if (second) {
		check_size(second);
		check_machine(second);
		check_versions(first, second);
	}
	return 0;
}
