/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command's JSON: a writer for its documents (--json, manifests) and a
 * strict reader for manifests and QEMU's JSON -device values. The command's
 * own, so that it loads no JSON library (and no GObject, GIO) at start.
 *
 * The writer prints what json-glib's pretty generator printed (2 spaces per
 * level, "name" : value, one member or element a line, an empty array as
 * [], an empty object as { } with its level's indent inside), except that
 * U+001F is escaped as the other C0 controls are (json-glib 1.6 wrote it
 * raw, which is not JSON; newer json-glib escapes it too).
 */
#ifndef ROMRESOLVE_JSON_H
#define ROMRESOLVE_JSON_H

#include <glib.h>

/* ---- writer ---- */

typedef struct JsonWriter JsonWriter;

JsonWriter *json_writer_new(void);
void json_writer_free(JsonWriter *w);

void json_writer_begin_object(JsonWriter *w);
void json_writer_end_object(JsonWriter *w);
void json_writer_begin_array(JsonWriter *w);
void json_writer_end_array(JsonWriter *w);
/* The name of the object member whose value comes next. */
void json_writer_set_member_name(JsonWriter *w, const char *name);
/* A string value: bytes that are not UTF-8 are written as the text \xNN
 * (escape_text()), so that the document always is UTF-8; NULL: null. */
void json_writer_add_string_value(JsonWriter *w, const char *text);
void json_writer_add_int_value(JsonWriter *w, gint64 value);
/* A size: every guint64 comes out as the number it is, never negative. */
void json_writer_add_uint_value(JsonWriter *w, guint64 value);
void json_writer_add_boolean_value(JsonWriter *w, gboolean value);
void json_writer_add_null_value(JsonWriter *w);
/* The document written, without a trailing newline (@w is left empty). */
char *json_writer_finish(JsonWriter *w);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(JsonWriter, json_writer_free)

/* ---- reader ---- */

typedef enum {
	JSON_NULL,
	JSON_BOOLEAN,
	JSON_INT,  /* an integer in gint64's range: no fraction, no exponent */
	JSON_UINT, /* an integer above gint64's range, up to guint64's */
	JSON_DOUBLE,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
} JsonType;

typedef struct JsonValue JsonValue;

/* How much of a number's text a message shows ("..." after it when
 * longer); the streaming reader of compare --fleet shows the same. */
#define JSON_NUMBER_SHOWN 31

#define JSON_ERROR (json_error_quark())
GQuark json_error_quark(void);
enum { JSON_ERROR_PARSE };

typedef enum {
	JSON_READ_DEFAULT = 0,
	/* QEMU's extension: 'single-quoted' strings, and \' in strings. */
	JSON_READ_QEMU = 1 << 0,
} JsonReadFlags;

/*
 * Parse @len bytes of @data (-1: up to the NUL) as one JSON value (RFC 8259:
 * no comments, no trailing commas, nothing but white space after it; a
 * leading UTF-8 byte order mark is skipped), nested at most @max_depth
 * levels. Strings must be UTF-8 and hold no NUL (\u0000) and no lone
 * surrogate; of an object's duplicate members the last one counts. The
 * error (JSON_ERROR_PARSE) is "LINE:COLUMN: what is wrong", one line
 * (COLUMN counts bytes, both from 1).
 */
JsonValue *json_parse(const char *data, gssize len, JsonReadFlags flags, unsigned max_depth,
		      GError **error);
void json_value_free(JsonValue *v);

JsonType json_value_get_type(const JsonValue *v);
/* The value of a string, integer or boolean (else NULL, 0, FALSE). */
const char *json_value_get_string(const JsonValue *v);
gint64 json_value_get_int(const JsonValue *v);
/* A non-negative integer (JSON_INT or JSON_UINT) in *@out: TRUE; else FALSE. */
gboolean json_value_get_uint(const JsonValue *v, guint64 *out);
gboolean json_value_get_boolean(const JsonValue *v);
/* An array's elements (0 and NULL for another type or out of range). */
guint json_value_get_length(const JsonValue *v);
const JsonValue *json_value_get_element(const JsonValue *v, guint i);
/* An object's member @name, NULL when absent (or @v is not an object). */
const JsonValue *json_value_get_member(const JsonValue *v, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(JsonValue, json_value_free)

#endif
