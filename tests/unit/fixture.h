/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fake host trees in temporary dirs, for the unit tests. */
#ifndef ROMRESOLVE_TEST_FIXTURE_H
#define ROMRESOLVE_TEST_FIXTURE_H

#include <romresolve.h>

/* cmocka needs these first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* With ROMRESOLVE_CASE=PATTERN in the environment, a test program runs only
 * the tests whose name matches PATTERN (cmocka's filter: * and ? globs). */

/* A new empty dir; removed again by fixture_free(). */
char *fixture_new(void);
void fixture_free(char *root);
/* cmocka setup and teardown: *state is a new fixture dir, removed after the
 * test even when an assert failed (cmocka_unit_test_setup_teardown). */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* Write @text to ROOT/@rel, creating parent dirs. */
void fixture_write(const char *root, const char *rel, const char *text);
/* A file of @size bytes; an option ROM (0x55 0xAA ...) when @rom. */
void fixture_file(const char *root, const char *rel, gsize size, gboolean rom);
/* chmod, unlink, mkdir -p and symlink on ROOT/@rel; fail the test on error. */
void fixture_chmod(const char *root, const char *rel, unsigned mode);
void fixture_unlink(const char *root, const char *rel);
void fixture_mkdir(const char *root, const char *rel);
void fixture_symlink(const char *root, const char *target, const char *rel);
/* Mask the embedded default (an empty etc/qemu/romresolve.d/00-default.conf):
 * the tree's own drop-ins are then the whole config. */
void fixture_mask_default(const char *root);
/* Every romfile of the built-in device table, 4 KiB option ROMs in ROOT/@rel. */
void fixture_device_roms(const char *root, const char *rel);
/* ROOT/@rel as a new string. */
char *fixture_path(const char *root, const char *rel);

/* Load ROOT's config from the default dirs; fails the test on an error or a
 * config problem. */
RomresolveContext *fixture_context(const char *root);
/* Load from a config text; returns NULL and sets *error on error. */
RomresolveContext *fixture_context_from(const char *root, const char *text, GError **error);

/* Resolve, expecting success; returns the path with ROOT cut off. */
char *fixture_which(RomresolveContext *ctx, const char *name, const char *arch,
		    const char *machine);

#define assert_str(a, b) assert_string_equal((a), (b))

#endif
