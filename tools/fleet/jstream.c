/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A streaming JSON reader: a chunk at a time, nothing kept but the last
 * string. */
#include "jstream.h"

#include "json.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define CHUNK	  (64 * 1024)
#define MAX_DEPTH 32

struct JStream {
	int fd; /* -1: all the input is in memory */
	char *own;
	gsize cap;
	const char *base; /* the buffer: base_offset is its first byte's */
	const char *p, *end;
	guint64 base_offset;
	guint64 line, bol; /* the current line (from 1), its first byte's offset */
	gboolean eof;
	unsigned depth, max_depth, deepest;
	gboolean first[MAX_DEPTH + 1]; /* at the first member or element */
	gboolean object[MAX_DEPTH + 1];
	GString *name, *str;
	GError *error;
};

static JStream *js_alloc(unsigned max_depth)
{
	JStream *s = g_new0(JStream, 1);

	s->max_depth = MIN(max_depth, MAX_DEPTH);
	s->line = 1;
	s->name = g_string_sized_new(64);
	s->str = g_string_sized_new(256);
	return s;
}

JStream *js_new_fd(int fd, unsigned max_depth)
{
	JStream *s = js_alloc(max_depth);

	s->fd = fd;
	s->cap = CHUNK;
	s->own = g_malloc(s->cap);
	s->base = s->p = s->end = s->own;
	return s;
}

void js_reset_fd(JStream *s, int fd)
{
	g_assert(s->own);
	s->fd = fd;
	s->base = s->p = s->end = s->own;
	s->base_offset = s->bol = 0;
	s->line = 1;
	s->eof = FALSE;
	s->depth = s->deepest = 0;
	g_clear_error(&s->error);
}

JStream *js_new_data(const char *data, gsize len, unsigned max_depth)
{
	JStream *s = js_alloc(max_depth);

	s->fd = -1;
	s->base = s->p = data;
	s->end = data + len;
	s->eof = TRUE;
	return s;
}

void js_free(JStream *s)
{
	if (!s)
		return;
	g_free(s->own);
	g_string_free(s->name, TRUE);
	g_string_free(s->str, TRUE);
	g_clear_error(&s->error);
	g_free(s);
}

const GError *js_error(const JStream *s)
{
	return s->error;
}

unsigned js_deepest(const JStream *s)
{
	return s->deepest;
}

guint64 js_offset(const JStream *s)
{
	return s->base_offset + (guint64)(s->p - s->base);
}

/* ---- input ---- */

/* Read until at least @n bytes are there from s->p, or the input ends; the
 * bytes from s->p on are kept. Returns how many there are. */
static gsize fill(JStream *s, gsize n)
{
	gsize have = (gsize)(s->end - s->p);

	if (have >= n || s->eof)
		return have;
	s->base_offset += (guint64)(s->p - s->own);
	memmove(s->own, s->p, have);
	while (have < n && !s->eof) {
		ssize_t got;

		if (s->cap - have < CHUNK / 4) {
			s->cap *= 2;
			s->own = g_realloc(s->own, s->cap);
		}
		got = read(s->fd, s->own + have, s->cap - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			if (!s->error)
				g_set_error(&s->error, G_FILE_ERROR, g_file_error_from_errno(errno),
					    "%s", g_strerror(errno));
			s->eof = TRUE;
			break;
		}
		if (got == 0)
			s->eof = TRUE;
		have += (gsize)got;
	}
	s->base = s->p = s->own;
	s->end = s->own + have;
	return have;
}

/* The next byte, or -1 at the end of the input. */
static inline int cur(JStream *s)
{
	if (s->p < s->end || fill(s, 1) > 0)
		return (unsigned char)*s->p;
	return -1;
}

/* ---- errors ---- */

static G_GNUC_PRINTF(3, 0) void fail_at_v(JStream *s, guint64 at, const char *fmt, va_list ap)
{
	g_autofree char *what = NULL;

	if (s->error)
		return;
	what = g_strdup_vprintf(fmt, ap);
	g_set_error(&s->error, JSON_ERROR, JSON_ERROR_PARSE,
		    "%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": %s", s->line, at - s->bol + 1,
		    what);
}

static G_GNUC_PRINTF(3, 4) void fail_at(JStream *s, guint64 at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_at_v(s, at, fmt, ap);
	va_end(ap);
}

void js_fail(JStream *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_at_v(s, js_offset(s), fmt, ap);
	va_end(ap);
}

/* "unexpected X, expected @expected" for the byte at s->p. */
static void fail_unexpected(JStream *s, const char *expected)
{
	int c = cur(s);

	if (c < 0)
		js_fail(s, "unexpected end of data, expected %s", expected);
	else if (c > 0x20 && c < 0x7f)
		js_fail(s, "unexpected character '%c', expected %s", c, expected);
	else if (c < 0x80)
		js_fail(s, "unexpected character U+%04X, expected %s", (unsigned)c, expected);
	else {
		/* The character, when it is one. */
		gunichar u;

		fill(s, 4);
		u = g_utf8_get_char_validated(s->p, s->end - s->p);
		if (u == (gunichar)-1 || u == (gunichar)-2)
			js_fail(s, "invalid UTF-8 (byte 0x%02x)", (unsigned)c);
		else
			js_fail(s, "unexpected character U+%04X, expected %s", u, expected);
	}
}

/* ---- white space, literals, numbers ---- */

static void skip_space_slow(JStream *s);

/* Most tokens follow the last one at once, or after one space. */
static inline void skip_space(JStream *s)
{
	if (s->p + 1 < s->end) {
		if ((unsigned char)s->p[0] > ' ')
			return;
		if (s->p[0] == ' ' && (unsigned char)s->p[1] > ' ') {
			s->p++;
			return;
		}
	}
	skip_space_slow(s);
}

/* Past the spaces at @p: indentation, eight bytes at a time. */
static inline const char *spaces(const char *p, const char *end)
{
	static const guint64 eight = 0x2020202020202020ull;

	while (end - p >= 8) {
		guint64 w;
		memcpy(&w, p, sizeof(w));
		if (w != eight)
			break;
		p += 8;
	}
	while (p < end && *p == ' ')
		p++;
	return p;
}

static void skip_space_slow(JStream *s)
{
	for (;;) {
		const char *p = s->p, *end = s->end;

		while (p < end) {
			char c = *p;
			if (c == ' ') {
				p = spaces(p, end);
			} else if (c == '\n') {
				p++;
				s->line++;
				s->bol = s->base_offset + (guint64)(p - s->base);
				p = spaces(p, end);
			} else if (c == '\t' || c == '\r') {
				p++;
			} else {
				break;
			}
		}
		s->p = p;
		if (p < end || fill(s, 1) == 0)
			return;
	}
}

gboolean js_literal(JStream *s)
{
	static const char *const words[] = {"true", "false", "null"};

	if (s->error)
		return FALSE;
	skip_space(s);
	fill(s, 6);
	for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
		gsize n = strlen(words[i]);

		if ((gsize)(s->end - s->p) >= n && memcmp(s->p, words[i], n) == 0 &&
		    ((gsize)(s->end - s->p) == n || !g_ascii_isalnum(s->p[n]))) {
			s->p += n;
			return TRUE;
		}
	}
	fail_unexpected(s, "a value");
	return FALSE;
}

/* Enough of a number's text, however long, to tell whether strtod() makes
 * it infinite: its first significant digits and where its point is. */
#define MAGNITUDE_DIGITS  24
#define MAGNITUDE_EXP_MAX 1000000
typedef struct {
	char digits[MAGNITUDE_DIGITS + 1];
	guint n_digits;
	glong int_digits; /* significant digits before the point */
	glong frac_zeros; /* zeros after the point before the first significant digit */
	glong exp;	  /* the exponent's value, clamped */
	gboolean exp_neg;
} Magnitude;

static void magnitude_digit(Magnitude *m, int c, gboolean before_point)
{
	if (m->n_digits == 0 && c == '0') {
		if (!before_point)
			m->frac_zeros++;
		return;
	}
	if (m->n_digits < MAGNITUDE_DIGITS)
		m->digits[m->n_digits++] = (char)c;
	if (before_point)
		m->int_digits++;
}

static gboolean magnitude_is_inf(const Magnitude *m)
{
	char buf[MAGNITUDE_DIGITS + 32];
	glong e;

	if (m->n_digits == 0)
		return FALSE; /* zero */
	/* the value is 0.DIGITS times 10^e */
	e = (m->int_digits ? m->int_digits : -m->frac_zeros) + (m->exp_neg ? -m->exp : m->exp);
	if (e > 400)
		return TRUE;
	if (e < 300)
		return FALSE;
	g_snprintf(buf, sizeof(buf), "0.%.*se%ld", (int)m->n_digits, m->digits, e);
	return isinf(g_ascii_strtod(buf, NULL));
}

gboolean js_number(JStream *s, gboolean *is_uint, guint64 *out, gboolean *is_int, gint64 *i)
{
	guint64 at, u = 0;
	gboolean neg = FALSE, integer = TRUE, big = FALSE;
	char text[JSON_NUMBER_SHOWN + 1];
	gsize n = 0, total = 0;
	Magnitude m = {0};
	int c;

	*is_uint = *is_int = FALSE;
	if (s->error)
		return FALSE;
	skip_space(s);
	/* Most numbers are sizes: up to 19 digits, then a delimiter. */
	if (fill(s, 21) >= 21 && *s->p >= '1' && *s->p <= '9') {
		const char *p = s->p;
		while (*p >= '0' && *p <= '9' && p - s->p < 19)
			u = u * 10 + (guint64)(*p++ - '0');
		if (*p != '.' && *p != 'e' && *p != 'E' && !(*p >= '0' && *p <= '9')) {
			s->p = p;
			*is_uint = *is_int = TRUE;
			*out = u;
			*i = (gint64)u;
			return TRUE;
		}
		u = 0;
	}
	at = js_offset(s);
	c = cur(s);
#define TAKE()                                                                                     \
	do {                                                                                       \
		if (n < sizeof(text) - 1)                                                          \
			text[n++] = (char)c;                                                       \
		total++;                                                                           \
		s->p++;                                                                            \
		c = cur(s);                                                                        \
	} while (0)
	if (c == '-') {
		neg = TRUE;
		TAKE();
	}
	if (c == '0') {
		TAKE();
	} else if (c >= '1' && c <= '9') {
		while (c >= '0' && c <= '9') {
			unsigned d = (unsigned)(c - '0');
			if (u > (G_MAXUINT64 - d) / 10)
				big = TRUE;
			else
				u = u * 10 + d;
			magnitude_digit(&m, c, TRUE);
			TAKE();
		}
	} else {
		fail_unexpected(s, "a digit");
		return FALSE;
	}
	if (c == '.') {
		integer = FALSE;
		TAKE();
		if (!(c >= '0' && c <= '9')) {
			fail_unexpected(s, "a digit after '.'");
			return FALSE;
		}
		while (c >= '0' && c <= '9') {
			magnitude_digit(&m, c, FALSE);
			TAKE();
		}
	}
	if (c == 'e' || c == 'E') {
		integer = FALSE;
		TAKE();
		if (c == '+' || c == '-') {
			m.exp_neg = c == '-';
			TAKE();
		}
		if (!(c >= '0' && c <= '9')) {
			fail_unexpected(s, "a digit in the exponent");
			return FALSE;
		}
		while (c >= '0' && c <= '9') {
			m.exp = MIN(m.exp * 10 + (c - '0'), MAGNITUDE_EXP_MAX);
			TAKE();
		}
	}
#undef TAKE
	text[n] = '\0';
	/* As json_parse: a number beyond a double is an error. */
	if (!integer && magnitude_is_inf(&m)) {
		fail_at(s, at, "number %s%s out of range", text, total > n ? "..." : "");
		return FALSE;
	}
	if (!integer)
		return TRUE;
	/* As json_parse: integers beyond gint64 below and guint64 above are
	 * errors. */
	if (big || (neg && u > (guint64)G_MAXINT64 + 1)) {
		fail_at(s, at, "integer %s%s out of range", text, total > n ? "..." : "");
		return FALSE;
	}
	if (!neg) {
		*is_uint = TRUE;
		*out = u;
		if (u <= (guint64)G_MAXINT64) {
			*is_int = TRUE;
			*i = (gint64)u;
		}
	} else {
		*is_int = TRUE;
		*i = u == (guint64)G_MAXINT64 + 1 ? G_MININT64 : -(gint64)u;
		/* -0 is 0, as json_parse reads it. */
		if (u == 0) {
			*is_uint = TRUE;
			*out = 0;
		}
	}
	return TRUE;
}

/* ---- strings ---- */

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int d = g_ascii_xdigit_value(p[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Where, in [@from, @end), a UTF-8 sequence begins that runs past @end (it
 * may go on in the next chunk), else @end. */
static const char *split_char(const char *from, const char *end)
{
	for (const char *q = end; q > from && end - q < 4;) {
		unsigned char c = (unsigned char)*--q;
		gsize len;

		if ((c & 0xc0) == 0x80)
			continue;
		len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return (gsize)(end - q) < len ? q : end;
	}
	return end;
}

/* g_string_append_len() without its generality: most names fit. */
static inline void append(GString *out, const char *from, gsize n)
{
	if (out->len + n < out->allocated_len) {
		memcpy(out->str + out->len, from, n);
		out->len += n;
		out->str[out->len] = '\0';
	} else {
		g_string_append_len(out, from, (gssize)n);
	}
}

/* Append the plain bytes [@from, @to) to @out, checked as UTF-8. */
static gboolean take_plain(JStream *s, GString *out, const char *from, const char *to,
			   gboolean high)
{
	const char *bad;

	if (high && !g_utf8_validate_len(from, (gsize)(to - from), &bad)) {
		s->p = bad;
		js_fail(s, "invalid UTF-8 (byte 0x%02x)", (unsigned)(unsigned char)*bad);
		return FALSE;
	}
	if (out)
		append(out, from, (gsize)(to - from));
	return TRUE;
}

/* An escape at s->p (its backslash). */
static gboolean take_escape(JStream *s, GString *out)
{
	static const char simple[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	int u, low = -1;
	gunichar c;

	fill(s, 12);
	if (s->end - s->p < 2) {
		s->p = s->end;
		return FALSE; /* unterminated: the caller says so */
	}
	for (const char *e = simple; *e; e += 2)
		if (s->p[1] == e[0]) {
			if (out)
				g_string_append_c(out, e[1]);
			s->p += 2;
			return TRUE;
		}
	if (s->p[1] == '\'') {
		js_fail(s, "invalid escape \\'");
		return FALSE;
	}
	if (s->p[1] != 'u') {
		s->p++;
		fail_unexpected(s, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
		return FALSE;
	}
	u = s->end - s->p >= 6 ? hex4(s->p + 2) : -1;
	if (u < 0) {
		js_fail(s, "invalid \\u escape (4 hex digits expected)");
		return FALSE;
	}
	if (u == 0) {
		js_fail(s, "\\u0000 in a string");
		return FALSE;
	}
	c = (gunichar)u;
	if (u >= 0xd800 && u <= 0xdfff) {
		if (u <= 0xdbff && s->end - s->p >= 12 && s->p[6] == '\\' && s->p[7] == 'u')
			low = hex4(s->p + 8);
		if (low < 0xdc00 || low > 0xdfff) {
			js_fail(s, "lone surrogate \\u%04x in a string", (unsigned)u);
			return FALSE;
		}
		c = 0x10000 + (((gunichar)u - 0xd800) << 10) + ((gunichar)low - 0xdc00);
		s->p += 6;
	}
	s->p += 6;
	if (out)
		g_string_append_unichar(out, c);
	return TRUE;
}

/* The bytes that end a run of plain ones in a string. */
static const gboolean stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	    1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ['"'] = 1, ['\\'] = 1,
};

/* The string at s->p (its quote) into @out (NULL: checked, dropped). */
static gboolean read_string(JStream *s, GString *out)
{
	guint64 open = js_offset(s);

	if (out) {
		out->len = 0;
		out->str[0] = '\0';
	}
	s->p++;
	for (;;) {
		const char *p = s->p, *end = s->end, *from = p;
		gboolean high = FALSE;
		unsigned char c = 0;

		while (p < end && !stop[(unsigned char)*p]) {
			high |= (unsigned char)*p >= 0x80;
			p++;
		}
		c = p < end ? (unsigned char)*p : 0;
		if (p == end) {
			/* The chunk ends inside the string: keep a character
			 * that goes on in the next one. */
			const char *keep = high ? split_char(from, end) : end;
			if (!take_plain(s, out, from, keep, high))
				return FALSE;
			s->p = keep;
			if (fill(s, (gsize)(end - keep) + 1) <= (gsize)(end - keep)) {
				if (keep < end) {
					take_plain(s, out, s->p, s->end, TRUE);
					return FALSE;
				}
				if (!s->error)
					fail_at(s, open, "unterminated string");
				return FALSE;
			}
			continue;
		}
		if (!take_plain(s, out, from, p, high))
			return FALSE;
		s->p = p;
		if (c == '"') {
			s->p++;
			return TRUE;
		}
		if (c < 0x20) {
			js_fail(s, "control character U+%04X in a string (write it as \\u%04x)", c,
				c);
			return FALSE;
		}
		if (!take_escape(s, out)) {
			if (!s->error)
				fail_at(s, open, "unterminated string");
			return FALSE;
		}
	}
}

gboolean js_string(JStream *s, const char **out, gsize *len)
{
	if (js_peek(s) != JS_STRING) {
		if (!s->error)
			fail_unexpected(s, "a string");
		return FALSE;
	}
	if (!read_string(s, s->str))
		return FALSE;
	*out = s->str->str;
	if (len)
		*len = s->str->len;
	return TRUE;
}

/* ---- containers ---- */

JsKind js_peek(JStream *s)
{
	int c;

	if (s->error)
		return JS_END;
	skip_space(s);
	c = cur(s);
	switch (c) {
	case '{':
		return JS_OBJECT;
	case '[':
		return JS_ARRAY;
	case '"':
		return JS_STRING;
	case 't':
		return JS_TRUE;
	case 'f':
		return JS_FALSE;
	case 'n':
		return JS_NULL;
	case '-':
		return JS_NUMBER;
	default:
		if (c >= '0' && c <= '9')
			return JS_NUMBER;
		fail_unexpected(s, "a value");
		return JS_END;
	}
}

gboolean js_begin(JStream *s, JsKind kind)
{
	if (js_peek(s) != kind) {
		if (!s->error)
			fail_unexpected(s, kind == JS_OBJECT ? "'{'" : "'['");
		return FALSE;
	}
	if (s->depth + 1 > s->max_depth) {
		js_fail(s, "nested deeper than %u levels", s->max_depth);
		return FALSE;
	}
	s->p++;
	s->depth++;
	s->deepest = MAX(s->deepest, s->depth);
	s->first[s->depth] = TRUE;
	s->object[s->depth] = kind == JS_OBJECT;
	return TRUE;
}

/* Before the next member or element of the container: FALSE at its end
 * (left) or on error. */
static gboolean next_item(JStream *s, char close)
{
	int c;

	if (s->error || s->depth == 0)
		return FALSE;
	skip_space(s);
	c = cur(s);
	if (c == close) {
		s->p++;
		s->depth--;
		return FALSE;
	}
	if (s->first[s->depth]) {
		s->first[s->depth] = FALSE;
		return TRUE;
	}
	if (c != ',') {
		fail_unexpected(s, close == '}' ? "',' or '}'" : "',' or ']'");
		return FALSE;
	}
	s->p++;
	skip_space(s);
	if (cur(s) == close) {
		js_fail(s, "trailing comma before '%c'", close);
		return FALSE;
	}
	return TRUE;
}

gboolean js_member(JStream *s, const char **name)
{
	if (!next_item(s, '}'))
		return FALSE;
	if (cur(s) != '"') {
		fail_unexpected(s, "a member name (a string)");
		return FALSE;
	}
	if (!read_string(s, s->name))
		return FALSE;
	skip_space(s);
	if (cur(s) != ':') {
		fail_unexpected(s, "':' after a member name");
		return FALSE;
	}
	s->p++;
	*name = s->name->str;
	return TRUE;
}

gboolean js_element(JStream *s)
{
	return next_item(s, ']');
}

gboolean js_skip(JStream *s)
{
	const char *name;
	gboolean u, i;
	guint64 uv;
	gint64 iv;

	switch (js_peek(s)) {
	case JS_OBJECT:
		if (!js_begin(s, JS_OBJECT))
			return FALSE;
		while (js_member(s, &name))
			if (!js_skip(s))
				return FALSE;
		return !s->error;
	case JS_ARRAY:
		if (!js_begin(s, JS_ARRAY))
			return FALSE;
		while (js_element(s))
			if (!js_skip(s))
				return FALSE;
		return !s->error;
	case JS_STRING:
		return read_string(s, NULL);
	case JS_NUMBER:
		return js_number(s, &u, &uv, &i, &iv);
	case JS_TRUE:
	case JS_FALSE:
	case JS_NULL:
		return js_literal(s);
	case JS_END:
	default:
		return FALSE;
	}
}

gboolean js_finish(JStream *s)
{
	if (s->error)
		return FALSE;
	skip_space(s);
	if (cur(s) >= 0) {
		js_fail(s, "data after the JSON value");
		return FALSE;
	}
	return !s->error;
}

void js_skip_bom(JStream *s)
{
	/* Columns still count it, as json_parse's do. */
	if (fill(s, 3) >= 3 && memcmp(s->p, "\xef\xbb\xbf", 3) == 0)
		s->p += 3;
}
