/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the fuzz targets: libFuzzer's entry point and invariant checks. */
#ifndef ROMRESOLVE_FUZZ_H
#define ROMRESOLVE_FUZZ_H

#include <romresolve.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant that must hold whatever the input: abort, so that libFuzzer
 * keeps the input as a crash. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* Library messages are one phrase without a trailing newline. (A message
 * may quote a caller's argument as given, control characters included: the
 * command escapes them when it prints the message.) */
#define FUZZ_CHECK_MESSAGE(error) FUZZ_CHECK(!(error) || !g_str_has_suffix((error)->message, "\n"))

/* A message built from config text alone: never a newline in it. */
#define FUZZ_CHECK_ONE_LINE(error) FUZZ_CHECK(!(error) || !strchr((error)->message, '\n'))

/* The input as a C string (cut at the first NUL, as argv and config values
 * are). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	return g_strndup((const char *)data, size);
}

/* The input split at the first newline: *@rest is NULL when there is none. */
static inline char *fuzz_split(const uint8_t *data, size_t size, char **rest)
{
	const uint8_t *nl = memchr(data, '\n', size);

	if (!nl) {
		*rest = NULL;
		return fuzz_string(data, size);
	}
	*rest = fuzz_string(nl + 1, size - (size_t)(nl - data) - 1);
	return fuzz_string(data, (size_t)(nl - data));
}

#endif
