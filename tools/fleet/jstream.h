/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming JSON reader (pull, no tree): what compare --fleet reads
 * thousands of manifests and fact files with, a buffer's worth at a time
 * (64 KiB, more only for a longer string), so that memory is bounded by
 * what the caller keeps, not by the files.
 *
 * The grammar is RFC 8259, as strictly as tools/json.c reads it: no
 * comments, single quotes or trailing commas; strings are UTF-8 without
 * raw control characters, \u0000 or lone surrogates; nothing but white
 * space after the value; a leading UTF-8 byte order mark is skipped.
 * Errors are "LINE:COLUMN: what" (COLUMN in bytes, both from 1), as
 * json_parse() says them. After the first error every call returns
 * FALSE (or JS_END) and the error stays.
 */
#ifndef ROMRESOLVE_JSTREAM_H
#define ROMRESOLVE_JSTREAM_H

#include <glib.h>

typedef struct JStream JStream;

typedef enum {
	JS_END, /* no value here: end of input, or an error */
	JS_OBJECT,
	JS_ARRAY,
	JS_STRING,
	JS_NUMBER,
	JS_TRUE,
	JS_FALSE,
	JS_NULL,
} JsKind;

/* Read @fd (not closed) in chunks; nest at most @max_depth levels. */
JStream *js_new_fd(int fd, unsigned max_depth);
/* Read @fd from its start again, as a new stream would (the buffer kept). */
void js_reset_fd(JStream *s, int fd);
/* Read @len bytes of @data (borrowed). */
JStream *js_new_data(const char *data, gsize len, unsigned max_depth);
void js_free(JStream *s);

/* The error (JSON_ERROR_PARSE's text, or an I/O error's), or NULL. */
const GError *js_error(const JStream *s);
/* Set an error at the current position, if there is none yet. */
G_GNUC_PRINTF(2, 3) void js_fail(JStream *s, const char *fmt, ...);
/* The deepest nesting seen so far. */
unsigned js_deepest(const JStream *s);
/* Bytes consumed so far. */
guint64 js_offset(const JStream *s);

/* Skip a UTF-8 byte order mark at the start. */
void js_skip_bom(JStream *s);
/* The kind of the next value, without reading it. */
JsKind js_peek(JStream *s);
/* Enter the object or array that comes next (FALSE: not one). */
gboolean js_begin(JStream *s, JsKind kind);
/* Inside an object: the next member's name in *@name (valid until the
 * next call), TRUE; FALSE at its end (then left) or on error. */
gboolean js_member(JStream *s, const char **name);
/* Inside an array: TRUE when an element comes next; FALSE at its end (then
 * left) or on error. */
gboolean js_element(JStream *s);
/* A string value in *@out (NUL-terminated, valid until the next call). */
gboolean js_string(JStream *s, const char **out, gsize *len);
/*
 * A number: TRUE when it is valid JSON; *@is_uint says whether it is an
 * integer from 0 to 2^64-1 (no fraction, no exponent), then in *@out;
 * *@is_int whether it is one in gint64's range (in *@i).
 */
gboolean js_number(JStream *s, gboolean *is_uint, guint64 *out, gboolean *is_int, gint64 *i);
/* true, false or null. */
gboolean js_literal(JStream *s);
/* Any value, read and dropped. */
gboolean js_skip(JStream *s);
/* Nothing but white space after the value. */
gboolean js_finish(JStream *s);

#endif
