/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command's JSON: a writer for its documents, a strict reader. */
#include "json.h"
#include "escape.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- writer ---- */

typedef struct {
	gboolean object;
	guint count;
} Frame;

struct JsonWriter {
	GString *out;
	GArray *stack; /* Frame */
	char *name;    /* the next member's name */
};

JsonWriter *json_writer_new(void)
{
	JsonWriter *w = g_new0(JsonWriter, 1);

	w->out = g_string_sized_new(1024);
	w->stack = g_array_new(FALSE, FALSE, sizeof(Frame));
	return w;
}

void json_writer_free(JsonWriter *w)
{
	if (!w)
		return;
	if (w->out)
		g_string_free(w->out, TRUE);
	g_array_unref(w->stack);
	g_free(w->name);
	g_free(w);
}

static void indent(GString *out, guint level)
{
	for (guint i = 0; i < level * 2; i++)
		g_string_append_c(out, ' ');
}

/* What json-glib's json_strescape() writes: quotes and backslashes escaped,
 * the C0 controls and DEL as \b \f \n \r \t or \u00XX, all else as is. */
static void append_escaped(GString *out, const char *text)
{
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		switch (*p) {
		case '"':
		case '\\':
			g_string_append_c(out, '\\');
			g_string_append_c(out, (char)*p);
			break;
		case '\b':
			g_string_append(out, "\\b");
			break;
		case '\f':
			g_string_append(out, "\\f");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf(out, "\\u%04x", (unsigned)*p);
			else
				g_string_append_c(out, (char)*p);
			break;
		}
	}
	g_string_append_c(out, '"');
}

/* Before a value: the separator, the indent and, in an object, the name. */
static void begin_value(JsonWriter *w)
{
	Frame *f;

	if (w->stack->len == 0)
		return;
	f = &g_array_index(w->stack, Frame, w->stack->len - 1);
	g_string_append(w->out, f->count ? ",\n" : "\n");
	f->count++;
	indent(w->out, w->stack->len);
	if (f->object) {
		append_escaped(w->out, w->name ? w->name : "");
		g_string_append(w->out, " : ");
		g_clear_pointer(&w->name, g_free);
	}
}

static void begin(JsonWriter *w, gboolean object)
{
	Frame f = {object, 0};

	begin_value(w);
	g_string_append_c(w->out, object ? '{' : '[');
	g_array_append_val(w->stack, f);
}

static void end(JsonWriter *w, gboolean object)
{
	Frame f;

	g_return_if_fail(w->stack->len > 0);
	f = g_array_index(w->stack, Frame, w->stack->len - 1);
	g_return_if_fail(f.object == object);
	g_array_set_size(w->stack, w->stack->len - 1);
	if (f.count)
		g_string_append_c(w->out, '\n');
	/* json-glib indents the closing brace of an empty object too. */
	if (f.count || object)
		indent(w->out, w->stack->len);
	g_string_append_c(w->out, object ? '}' : ']');
}

void json_writer_begin_object(JsonWriter *w)
{
	begin(w, TRUE);
}

void json_writer_end_object(JsonWriter *w)
{
	end(w, TRUE);
}

void json_writer_begin_array(JsonWriter *w)
{
	begin(w, FALSE);
}

void json_writer_end_array(JsonWriter *w)
{
	end(w, FALSE);
}

void json_writer_set_member_name(JsonWriter *w, const char *name)
{
	g_free(w->name);
	w->name = g_strdup(name);
}

void json_writer_add_string_value(JsonWriter *w, const char *text)
{
	if (!text) {
		json_writer_add_null_value(w);
		return;
	}
	begin_value(w);
	if (g_utf8_validate(text, -1, NULL)) {
		append_escaped(w->out, text);
	} else {
		/* A file name need not be UTF-8; the document always is. */
		g_autofree char *escaped = escape_text(text, FALSE);
		append_escaped(w->out, escaped);
	}
}

void json_writer_add_int_value(JsonWriter *w, gint64 value)
{
	begin_value(w);
	g_string_append_printf(w->out, "%" G_GINT64_FORMAT, value);
}

void json_writer_add_uint_value(JsonWriter *w, guint64 value)
{
	begin_value(w);
	g_string_append_printf(w->out, "%" G_GUINT64_FORMAT, value);
}

void json_writer_add_boolean_value(JsonWriter *w, gboolean value)
{
	begin_value(w);
	g_string_append(w->out, value ? "true" : "false");
}

void json_writer_add_null_value(JsonWriter *w)
{
	begin_value(w);
	g_string_append(w->out, "null");
}

char *json_writer_finish(JsonWriter *w)
{
	char *text;

	g_warn_if_fail(w->stack->len == 0);
	text = g_string_free(w->out, FALSE);
	w->out = g_string_new(NULL);
	return text;
}

/* ---- values ---- */

typedef struct {
	char *name;
	JsonValue *value;
} Member;

struct JsonValue {
	JsonType type;
	union {
		gboolean boolean;
		gint64 integer;
		guint64 uinteger; /* JSON_UINT */
		double number;
		char *string;
		GPtrArray *array; /* JsonValue */
		struct {
			GArray *members;   /* Member, in document order */
			GHashTable *index; /* name -> position + 1, for large objects */
		} object;
	} u;
};

G_DEFINE_QUARK(romresolve_json_error, json_error)

static void member_clear(Member *m)
{
	g_free(m->name);
	json_value_free(m->value);
}

void json_value_free(JsonValue *v)
{
	if (!v)
		return;
	switch (v->type) {
	case JSON_STRING:
		g_free(v->u.string);
		break;
	case JSON_ARRAY:
		g_ptr_array_unref(v->u.array);
		break;
	case JSON_OBJECT:
		g_array_unref(v->u.object.members);
		if (v->u.object.index)
			g_hash_table_unref(v->u.object.index);
		break;
	default:
		break;
	}
	g_free(v);
}

static JsonValue *value_new(JsonType type)
{
	JsonValue *v = g_new0(JsonValue, 1);

	v->type = type;
	if (type == JSON_ARRAY) {
		v->u.array = g_ptr_array_new_with_free_func((GDestroyNotify)json_value_free);
	} else if (type == JSON_OBJECT) {
		v->u.object.members = g_array_new(FALSE, FALSE, sizeof(Member));
		g_array_set_clear_func(v->u.object.members, (GDestroyNotify)member_clear);
	}
	return v;
}

JsonType json_value_get_type(const JsonValue *v)
{
	return v->type;
}

const char *json_value_get_string(const JsonValue *v)
{
	return v && v->type == JSON_STRING ? v->u.string : NULL;
}

gint64 json_value_get_int(const JsonValue *v)
{
	return v && v->type == JSON_INT ? v->u.integer : 0;
}

gboolean json_value_get_uint(const JsonValue *v, guint64 *out)
{
	if (v && v->type == JSON_UINT) {
		*out = v->u.uinteger;
		return TRUE;
	}
	if (!v || v->type != JSON_INT || v->u.integer < 0)
		return FALSE;
	*out = (guint64)v->u.integer;
	return TRUE;
}

gboolean json_value_get_boolean(const JsonValue *v)
{
	return v && v->type == JSON_BOOLEAN ? v->u.boolean : FALSE;
}

guint json_value_get_length(const JsonValue *v)
{
	return v && v->type == JSON_ARRAY ? v->u.array->len : 0;
}

const JsonValue *json_value_get_element(const JsonValue *v, guint i)
{
	return i < json_value_get_length(v) ? v->u.array->pdata[i] : NULL;
}

/* Objects this small are searched; larger ones get a hash table. */
#define OBJECT_INDEX_MIN 16

static int object_find(const JsonValue *v, const char *name)
{
	GArray *members = v->u.object.members;

	if (v->u.object.index) {
		gpointer pos = g_hash_table_lookup(v->u.object.index, name);
		return pos ? GPOINTER_TO_INT(pos) - 1 : -1;
	}
	for (guint i = 0; i < members->len; i++)
		if (strcmp(g_array_index(members, Member, i).name, name) == 0)
			return (int)i;
	return -1;
}

const JsonValue *json_value_get_member(const JsonValue *v, const char *name)
{
	int i;

	if (!v || v->type != JSON_OBJECT)
		return NULL;
	i = object_find(v, name);
	return i < 0 ? NULL : g_array_index(v->u.object.members, Member, i).value;
}

/* Add a member; a duplicate replaces the earlier value (json-glib did so). */
static void object_set(JsonValue *v, char *name, JsonValue *value)
{
	GArray *members = v->u.object.members;
	int i = object_find(v, name);
	Member m = {name, value};

	if (i >= 0) {
		Member *old = &g_array_index(members, Member, i);
		json_value_free(old->value);
		old->value = value;
		g_free(name);
		return;
	}
	g_array_append_val(members, m);
	if (!v->u.object.index && members->len >= OBJECT_INDEX_MIN) {
		v->u.object.index = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint j = 0; j < members->len; j++)
			g_hash_table_insert(v->u.object.index,
					    g_array_index(members, Member, j).name,
					    GINT_TO_POINTER(j + 1));
	} else if (v->u.object.index) {
		g_hash_table_insert(v->u.object.index, name, GINT_TO_POINTER(members->len));
	}
}

/* ---- reader ---- */

typedef struct {
	const char *start;
	const char *p;
	const char *end;
	JsonReadFlags flags;
	unsigned max_depth;
	unsigned depth;
	GError **error;
} Reader;

static G_GNUC_PRINTF(3, 4) void fail(Reader *r, const char *at, const char *fmt, ...)
{
	g_autofree char *what = NULL;
	unsigned line = 1;
	const char *bol = r->start;
	va_list ap;

	if (r->error && *r->error)
		return;
	for (const char *q = r->start; q < at; q++)
		if (*q == '\n') {
			line++;
			bol = q + 1;
		}
	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(r->error, JSON_ERROR, JSON_ERROR_PARSE, "%u:%u: %s", line,
		    (unsigned)(at - bol) + 1, what);
}

/* "unexpected X" for what is at @at: a character, quoted when printable. */
static void fail_unexpected(Reader *r, const char *at, const char *expected)
{
	gunichar c;

	if (at >= r->end) {
		fail(r, at, "unexpected end of data, expected %s", expected);
		return;
	}
	c = g_utf8_get_char(at);
	if (c > 0x20 && c < 0x7f)
		fail(r, at, "unexpected character '%c', expected %s", (char)c, expected);
	else
		fail(r, at, "unexpected character U+%04X, expected %s", c, expected);
}

static void skip_space(Reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static JsonValue *parse_value(Reader *r);

static int hex4(const char *p, const char *end)
{
	int v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int d = g_ascii_xdigit_value(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* A string at r->p (its opening quote): a new UTF-8 string, NULL on error. */
static char *parse_string(Reader *r)
{
	const char quote = *r->p;
	const char *open = r->p;
	g_autoptr(GString) s = g_string_new(NULL);

	r->p++;
	for (;;) {
		const char *at = r->p;
		unsigned char c;

		if (r->p >= r->end) {
			fail(r, open, "unterminated string");
			return NULL;
		}
		c = (unsigned char)*r->p;
		if (c == (unsigned char)quote) {
			r->p++;
			return g_string_free(g_steal_pointer(&s), FALSE);
		}
		if (c < 0x20) {
			fail(r, at, "control character U+%04X in a string (write it as \\u%04x)", c,
			     c);
			return NULL;
		}
		if (c != '\\') {
			/* The document is valid UTF-8 (checked first): copy a
			 * whole character. */
			const char *next = g_utf8_next_char(r->p);
			g_string_append_len(s, r->p, next - r->p);
			r->p = next;
			continue;
		}
		if (++r->p >= r->end) {
			fail(r, open, "unterminated string");
			return NULL;
		}
		switch (*r->p) {
		case '"':
		case '\\':
		case '/':
			g_string_append_c(s, *r->p);
			break;
		case '\'':
			if (!(r->flags & JSON_READ_QEMU)) {
				fail(r, at, "invalid escape \\'");
				return NULL;
			}
			g_string_append_c(s, '\'');
			break;
		case 'b':
			g_string_append_c(s, '\b');
			break;
		case 'f':
			g_string_append_c(s, '\f');
			break;
		case 'n':
			g_string_append_c(s, '\n');
			break;
		case 'r':
			g_string_append_c(s, '\r');
			break;
		case 't':
			g_string_append_c(s, '\t');
			break;
		case 'u': {
			int u = hex4(r->p + 1, r->end);
			gunichar c32;

			if (u < 0) {
				fail(r, at, "invalid \\u escape (4 hex digits expected)");
				return NULL;
			}
			r->p += 4;
			c32 = (gunichar)u;
			if (u == 0) {
				fail(r, at, "\\u0000 in a string");
				return NULL;
			}
			if (u >= 0xdc00 && u <= 0xdfff) {
				fail(r, at, "lone surrogate \\u%04x in a string", (unsigned)u);
				return NULL;
			}
			if (u >= 0xd800 && u <= 0xdbff) {
				int low = -1;

				if (r->end - r->p >= 3 && r->p[1] == '\\' && r->p[2] == 'u')
					low = hex4(r->p + 3, r->end);
				if (low < 0xdc00 || low > 0xdfff) {
					fail(r, at, "lone surrogate \\u%04x in a string",
					     (unsigned)u);
					return NULL;
				}
				r->p += 6;
				c32 = 0x10000 + (((gunichar)u - 0xd800) << 10) +
				      ((gunichar)low - 0xdc00);
			}
			g_string_append_unichar(s, c32);
			break;
		}
		default:
			fail_unexpected(r, r->p,
					"an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
			return NULL;
		}
		r->p++;
	}
}

static JsonValue *parse_number(Reader *r)
{
	const char *begin = r->p;
	gboolean integer = TRUE;
	g_autofree char *text = NULL;
	JsonValue *v;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p < r->end && *r->p == '0') {
		r->p++;
	} else if (r->p < r->end && g_ascii_isdigit(*r->p)) {
		while (r->p < r->end && g_ascii_isdigit(*r->p))
			r->p++;
	} else {
		fail_unexpected(r, r->p, "a digit");
		return NULL;
	}
	if (r->p < r->end && *r->p == '.') {
		integer = FALSE;
		if (++r->p >= r->end || !g_ascii_isdigit(*r->p)) {
			fail_unexpected(r, r->p, "a digit after '.'");
			return NULL;
		}
		while (r->p < r->end && g_ascii_isdigit(*r->p))
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		integer = FALSE;
		if (++r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || !g_ascii_isdigit(*r->p)) {
			fail_unexpected(r, r->p, "a digit in the exponent");
			return NULL;
		}
		while (r->p < r->end && g_ascii_isdigit(*r->p))
			r->p++;
	}
	text = g_strndup(begin, r->p - begin);
	errno = 0;
	if (integer) {
		gint64 i = g_ascii_strtoll(text, NULL, 10);
		guint64 u = 0;

		/* Sizes are unsigned: what is above gint64 still fits guint64. */
		if (errno == ERANGE && *text != '-') {
			errno = 0;
			u = g_ascii_strtoull(text, NULL, 10);
		}
		if (errno == ERANGE) {
			fail(r, begin, "integer %.*s%s out of range", JSON_NUMBER_SHOWN, text,
			     strlen(text) > JSON_NUMBER_SHOWN ? "..." : "");
			return NULL;
		}
		v = value_new(u ? JSON_UINT : JSON_INT);
		if (u)
			v->u.uinteger = u;
		else
			v->u.integer = i;
	} else {
		double d = g_ascii_strtod(text, NULL);
		if (isinf(d)) {
			fail(r, begin, "number %.*s%s out of range", JSON_NUMBER_SHOWN, text,
			     strlen(text) > JSON_NUMBER_SHOWN ? "..." : "");
			return NULL;
		}
		v = value_new(JSON_DOUBLE);
		v->u.number = d;
	}
	return v;
}

static gboolean literal(Reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return FALSE;
	/* "nullx" is no null. */
	if ((size_t)(r->end - r->p) > n && g_ascii_isalnum(r->p[n]))
		return FALSE;
	r->p += n;
	return TRUE;
}

static gboolean is_quote(Reader *r, char c)
{
	return c == '"' || (c == '\'' && (r->flags & JSON_READ_QEMU));
}

static JsonValue *parse_container(Reader *r, gboolean object)
{
	const char *open = r->p;
	g_autoptr(JsonValue) v = value_new(object ? JSON_OBJECT : JSON_ARRAY);
	const char close = object ? '}' : ']';

	if (++r->depth > r->max_depth) {
		fail(r, open, "nested deeper than %u levels", r->max_depth);
		return NULL;
	}
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		r->depth--;
		return g_steal_pointer(&v);
	}
	for (;;) {
		g_autofree char *name = NULL;
		JsonValue *item;

		if (object) {
			if (r->p >= r->end || !is_quote(r, *r->p)) {
				fail_unexpected(r, r->p, "a member name (a string)");
				return NULL;
			}
			name = parse_string(r);
			if (!name)
				return NULL;
			skip_space(r);
			if (r->p >= r->end || *r->p != ':') {
				fail_unexpected(r, r->p, "':' after a member name");
				return NULL;
			}
			r->p++;
			skip_space(r);
		}
		item = parse_value(r);
		if (!item)
			return NULL;
		if (object)
			object_set(v, g_steal_pointer(&name), item);
		else
			g_ptr_array_add(v->u.array, item);
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			if (r->p < r->end && *r->p == close) {
				fail(r, r->p, "trailing comma before '%c'", close);
				return NULL;
			}
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			r->depth--;
			return g_steal_pointer(&v);
		}
		fail_unexpected(r, r->p, object ? "',' or '}'" : "',' or ']'");
		return NULL;
	}
}

static JsonValue *parse_value(Reader *r)
{
	JsonValue *v;

	if (r->p >= r->end) {
		fail_unexpected(r, r->p, "a value");
		return NULL;
	}
	if (*r->p == '{' || *r->p == '[')
		return parse_container(r, *r->p == '{');
	if (*r->p == '-' || g_ascii_isdigit(*r->p))
		return parse_number(r);
	if (is_quote(r, *r->p)) {
		char *s = parse_string(r);
		if (!s)
			return NULL;
		v = value_new(JSON_STRING);
		v->u.string = s;
		return v;
	}
	if (literal(r, "true") || literal(r, "false")) {
		v = value_new(JSON_BOOLEAN);
		v->u.boolean = r->p[-1] == 'e' && r->p[-2] == 'u'; /* "true" */
		return v;
	}
	if (literal(r, "null"))
		return value_new(JSON_NULL);
	fail_unexpected(r, r->p, "a value");
	return NULL;
}

JsonValue *json_parse(const char *data, gssize len, JsonReadFlags flags, unsigned max_depth,
		      GError **error)
{
	Reader r = {0};
	const char *bad = NULL;
	g_autoptr(GError) local = NULL;
	JsonValue *v;

	if (len < 0)
		len = (gssize)strlen(data);
	r.start = r.p = data;
	r.end = data + len;
	r.flags = flags;
	r.max_depth = max_depth;
	r.error = &local;
	/* Every byte is checked once, here: the parser then copies whole
	 * characters. */
	if (!g_utf8_validate_len(data, (gsize)len, &bad)) {
		if (*bad == '\0')
			fail(&r, bad, "a NUL byte");
		else
			fail(&r, bad, "invalid UTF-8 (byte 0x%02x)", (unsigned)(unsigned char)*bad);
		g_propagate_error(error, g_steal_pointer(&local));
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r.p += 3;
	skip_space(&r);
	v = parse_value(&r);
	if (v) {
		skip_space(&r);
		if (r.p < r.end) {
			fail(&r, r.p, "data after the JSON value");
			g_clear_pointer(&v, json_value_free);
		}
	}
	if (!v)
		g_propagate_error(error, g_steal_pointer(&local));
	return v;
}
