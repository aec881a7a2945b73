/*
 * json.c: a strict RFC 8259 parser into a tree and a writer of JSON text.
 * Input is untrusted (JSONL imports, later fuzzed): recursion is bounded by
 * JSON_MAX_DEPTH and every error says at which byte it was found.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "margin/json.h"
#include "margin/util.h"

struct parser {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	int		 flags;
	char		**errp;
};

static int	parse_value(struct parser *, struct json *, int);

static int
parse_error(struct parser *p, size_t at, const char *what)
{
	unsigned char	 c;

	if (at >= p->len)
		return err_set(p->errp, "byte %zu: %s at end of input", at,
		    what);
	c = (unsigned char)p->s[at];
	if (c >= 0x21 && c < 0x7f)
		return err_set(p->errp, "byte %zu: %s, found '%c'", at, what,
		    c);
	return err_set(p->errp, "byte %zu: %s, found byte 0x%02x", at, what,
	    c);
}

static void
skip_space(struct parser *p)
{
	while (p->pos < p->len) {
		char	 c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s[pos..pos+4), or -1. */
static long
parse_hex4(struct parser *p, size_t pos)
{
	long	 v = 0;
	size_t	 i;
	int	 h;

	if (p->len - pos < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = hex_value(p->s[pos + i])) == -1)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void
add_code_point(struct buf *b, ucs4_t uc)
{
	uint8_t	 tmp[6];
	int	 n;

	n = u8_uctomb(tmp, uc, (int)sizeof(tmp));
	if (n <= 0)
		n = u8_uctomb(tmp, 0xfffd, (int)sizeof(tmp));
	buf_add(b, tmp, (size_t)n);
}

/* A string starting at the opening quote; the decoded bytes go to b. */
static int
parse_string_into(struct parser *p, struct buf *b)
{
	size_t	 start = p->pos;

	p->pos++;
	buf_reserve(b, 0);
	for (;;) {
		unsigned char	 c;
		size_t		 run = p->pos;
		ucs4_t		 uc;
		int		 n;
		long		 hi, lo;

		/* Copy plain ASCII in one go: most strings are all of it. */
		while (run < p->len) {
			c = (unsigned char)p->s[run];
			if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
				break;
			run++;
		}
		buf_add(b, p->s + p->pos, run - p->pos);
		p->pos = run;
		if (p->pos >= p->len)
			return err_set(p->errp, "byte %zu: unterminated "
			    "string (it opened at byte %zu)", p->pos, start);
		c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			return 0;
		}
		if (c < 0x20)
			return parse_error(p, p->pos,
			    "control character in string (escape it)");
		if (c >= 0x80) {
			n = u8_mbtoucr(&uc, (const uint8_t *)p->s + p->pos,
			    p->len - p->pos);
			if (n > 0) {
				buf_add(b, p->s + p->pos, (size_t)n);
				p->pos += (size_t)n;
				continue;
			}
			if (!(p->flags & JSON_LAX_UTF8))
				return parse_error(p, p->pos,
				    "invalid UTF-8 in string");
			buf_addc(b, (char)c);
			p->pos++;
			continue;
		}
		/* A backslash escape. */
		if (p->pos + 1 >= p->len)
			return parse_error(p, p->pos + 1, "incomplete escape");
		p->pos++;
		switch (p->s[p->pos]) {
		case '"':	buf_addc(b, '"'); break;
		case '\\':	buf_addc(b, '\\'); break;
		case '/':	buf_addc(b, '/'); break;
		case 'b':	buf_addc(b, '\b'); break;
		case 'f':	buf_addc(b, '\f'); break;
		case 'n':	buf_addc(b, '\n'); break;
		case 'r':	buf_addc(b, '\r'); break;
		case 't':	buf_addc(b, '\t'); break;
		case 'u':
			if ((hi = parse_hex4(p, p->pos + 1)) == -1)
				return parse_error(p, p->pos - 1,
				    "\\u needs four hex digits");
			p->pos += 4;
			if (hi >= 0xdc00 && hi <= 0xdfff) {
				/* A low surrogate with no high one before. */
				add_code_point(b, 0xfffd);
				break;
			}
			if (hi < 0xd800 || hi > 0xdbff) {
				add_code_point(b, (ucs4_t)hi);
				break;
			}
			/* A high surrogate: a pair only if a low one follows;
			   else it stands alone and the next escape is read
			   on its own. */
			if (p->len - p->pos >= 7 && p->s[p->pos + 1] == '\\' &&
			    p->s[p->pos + 2] == 'u' &&
			    (lo = parse_hex4(p, p->pos + 3)) >= 0xdc00 &&
			    lo <= 0xdfff) {
				add_code_point(b, (ucs4_t)(0x10000 +
				    ((hi - 0xd800) << 10) + (lo - 0xdc00)));
				p->pos += 6;
			} else
				add_code_point(b, 0xfffd);
			break;
		default:
			return parse_error(p, p->pos - 1, "unknown escape");
		}
		p->pos++;
	}
}

/* strtod reads the locale's decimal point; JSON's is always '.'. */
static double
number_value(const char *lexeme, size_t len)
{
	struct buf	 b = BUF_INIT;
	const char	*point = localeconv()->decimal_point;
	double		 d;
	size_t		 i;

	for (i = 0; i < len; i++) {
		if (lexeme[i] == '.' && point != NULL && point[0] != '\0')
			buf_adds(&b, point);
		else
			buf_addc(&b, lexeme[i]);
	}
	d = strtod(b.data, NULL);
	buf_free(&b);
	return d;
}

static int
parse_number(struct parser *p, struct json *out)
{
	size_t	 start = p->pos;
	int	 whole = 1;
	char	*end;

	if (p->pos < p->len && p->s[p->pos] == '-')
		p->pos++;
	if (p->pos >= p->len || !is_digit(p->s[p->pos]))
		return parse_error(p, p->pos, "expected a digit");
	if (p->s[p->pos] == '0') {
		p->pos++;
		if (p->pos < p->len && is_digit(p->s[p->pos]))
			return parse_error(p, p->pos,
			    "a number cannot have a leading zero");
	} else
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	if (p->pos < p->len && p->s[p->pos] == '.') {
		whole = 0;
		p->pos++;
		if (p->pos >= p->len || !is_digit(p->s[p->pos]))
			return parse_error(p, p->pos,
			    "expected a digit after '.'");
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		whole = 0;
		p->pos++;
		if (p->pos < p->len &&
		    (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->len || !is_digit(p->s[p->pos]))
			return parse_error(p, p->pos,
			    "expected a digit in the exponent");
		while (p->pos < p->len && is_digit(p->s[p->pos]))
			p->pos++;
	}
	out->type = JSON_NUMBER;
	out->str = xstrndup(p->s + start, p->pos - start);
	out->len = p->pos - start;
	out->number = number_value(out->str, out->len);
	if (whole) {
		long long	 v;

		/* Exact for integers a double cannot hold (2^53 + 1). */
		errno = 0;
		v = strtoll(out->str, &end, 10);
		if (errno == 0 && *end == '\0') {
			out->integral = 1;
			out->integer = v;
		}
	} else if (isfinite(out->number) &&
	    out->number == trunc(out->number) &&
	    out->number >= -9223372036854775808.0 &&
	    out->number < 9223372036854775808.0) {
		out->integral = 1;
		out->integer = (int64_t)out->number;
	}
	return 0;
}

static int
parse_literal(struct parser *p, const char *word, enum json_type type,
    struct json *out)
{
	size_t	 n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return parse_error(p, p->pos, "expected a value");
	p->pos += n;
	out->type = type;
	return 0;
}

static int
parse_array(struct parser *p, struct json *out, int depth)
{
	size_t	 cap = 0;

	out->type = JSON_ARRAY;
	p->pos++;
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == ']') {
		p->pos++;
		return 0;
	}
	for (;;) {
		ARRAY_RESERVE(out->items, cap, out->n + 1);
		memset(&out->items[out->n], 0, sizeof(*out->items));
		out->n++;
		if (parse_value(p, &out->items[out->n - 1], depth + 1) == -1)
			return -1;
		skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			return 0;
		}
		return parse_error(p, p->pos, "expected ',' or ']' in array");
	}
}

static int
parse_object(struct parser *p, struct json *out, int depth)
{
	struct json_member	*m;
	struct buf		 name = BUF_INIT;
	size_t			 cap = 0;

	out->type = JSON_OBJECT;
	p->pos++;
	skip_space(p);
	if (p->pos < p->len && p->s[p->pos] == '}') {
		p->pos++;
		return 0;
	}
	for (;;) {
		skip_space(p);
		if (p->pos >= p->len || p->s[p->pos] != '"')
			return parse_error(p, p->pos,
			    "expected a member name in quotes");
		ARRAY_RESERVE(out->members, cap, out->n + 1);
		m = &out->members[out->n];
		memset(m, 0, sizeof(*m));
		out->n++;
		buf_init(&name);
		if (parse_string_into(p, &name) == -1) {
			buf_free(&name);
			return -1;
		}
		m->name_len = name.len;
		m->name = buf_detach(&name);
		skip_space(p);
		if (p->pos >= p->len || p->s[p->pos] != ':')
			return parse_error(p, p->pos,
			    "expected ':' after a member name");
		p->pos++;
		if (parse_value(p, &m->value, depth + 1) == -1)
			return -1;
		skip_space(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == '}') {
			p->pos++;
			return 0;
		}
		return parse_error(p, p->pos, "expected ',' or '}' in object");
	}
}

/* Parse one value into out (zeroed by the caller); on failure out holds
   only what json_clear() frees. */
static int
parse_value(struct parser *p, struct json *out, int depth)
{
	struct buf	 b = BUF_INIT;

	skip_space(p);
	if (p->pos >= p->len)
		return parse_error(p, p->pos, "expected a value");
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		if (depth >= JSON_MAX_DEPTH)
			return err_set(p->errp, "byte %zu: nested deeper than "
			    "%d levels", p->pos, JSON_MAX_DEPTH);
		if (p->s[p->pos] == '{')
			return parse_object(p, out, depth);
		return parse_array(p, out, depth);
	case '"':
		out->type = JSON_STRING;
		if (parse_string_into(p, &b) == -1) {
			buf_free(&b);
			return -1;
		}
		out->len = b.len;
		out->str = buf_detach(&b);
		return 0;
	case 't':
		return parse_literal(p, "true", JSON_TRUE, out);
	case 'f':
		return parse_literal(p, "false", JSON_FALSE, out);
	case 'n':
		return parse_literal(p, "null", JSON_NULL, out);
	default:
		if (p->s[p->pos] == '-' || is_digit(p->s[p->pos]))
			return parse_number(p, out);
		return parse_error(p, p->pos, "expected a value");
	}
}

struct json *
json_parse(const char *s, size_t len, int flags, char **errp)
{
	struct parser	 p;
	struct json	*j;

	p.s = s;
	p.len = len;
	p.pos = 0;
	p.flags = flags;
	p.errp = errp;
	j = xcalloc(1, sizeof(*j));
	if (parse_value(&p, j, 0) == -1) {
		json_free(j);
		return NULL;
	}
	skip_space(&p);
	if (p.pos != len) {
		parse_error(&p, p.pos, "unexpected data after the value");
		json_free(j);
		return NULL;
	}
	return j;
}

void
json_clear(struct json *j)
{
	size_t	 i;

	if (j == NULL)
		return;
	free(j->str);
	for (i = 0; i < j->n && j->items != NULL; i++)
		json_clear(&j->items[i]);
	for (i = 0; i < j->n && j->members != NULL; i++) {
		free(j->members[i].name);
		json_clear(&j->members[i].value);
	}
	free(j->items);
	free(j->members);
	memset(j, 0, sizeof(*j));
}

void
json_free(struct json *j)
{
	json_clear(j);
	free(j);
}

const struct json *
json_get(const struct json *obj, const char *name)
{
	size_t	 i, n;

	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	n = strlen(name);
	for (i = obj->n; i > 0; i--) {
		const struct json_member *m = &obj->members[i - 1];

		if (m->name_len == n && memcmp(m->name, name, n) == 0)
			return &m->value;
	}
	return NULL;
}

const char *
json_get_string(const struct json *obj, const char *name)
{
	const struct json	*v = json_get(obj, name);

	return v != NULL && v->type == JSON_STRING ? v->str : NULL;
}

const struct json *
json_item(const struct json *arr, size_t i)
{
	if (arr == NULL || arr->type != JSON_ARRAY || i >= arr->n)
		return NULL;
	return &arr->items[i];
}

int
json_is_integer(const struct json *j)
{
	return j != NULL && j->type == JSON_NUMBER && j->integral;
}

static int
json_number_equal(const struct json *a, const struct json *b)
{
	if (a->integral && b->integral)
		return a->integer == b->integer;
	if (a->integral != b->integral)
		return 0;
	return a->number == b->number;
}

/* Every member of a has its name in b, with the same value (a name
   written twice counts as JavaScript reads it: the last). */
static int
json_members_in(const struct json *a, const struct json *b)
{
	const struct json	*v;
	size_t			 i;

	for (i = 0; i < a->n; i++) {
		if (memchr(a->members[i].name, '\0',
		    a->members[i].name_len) != NULL)
			return 0;
		v = json_get(b, a->members[i].name);
		if (v == NULL || !json_equal(json_get(a, a->members[i].name),
		    v))
			return 0;
	}
	return 1;
}

int
json_equal(const struct json *a, const struct json *b)
{
	size_t	 i;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case JSON_NUMBER:
		return json_number_equal(a, b);
	case JSON_STRING:
		return a->len == b->len && memcmp(a->str, b->str,
		    a->len) == 0;
	case JSON_ARRAY:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!json_equal(&a->items[i], &b->items[i]))
				return 0;
		return 1;
	case JSON_OBJECT:
		return json_members_in(a, b) && json_members_in(b, a);
	default:
		return 1;
	}
}

const char *
json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL:		return "null";
	case JSON_FALSE:
	case JSON_TRUE:		return "boolean";
	case JSON_NUMBER:	return "number";
	case JSON_STRING:	return "string";
	case JSON_ARRAY:	return "array";
	case JSON_OBJECT:	return "object";
	}
	return "unknown";
}

/*
 * Code points written as \uXXXX although JSON allows them raw: the C1
 * controls (a terminal obeys U+009B as CSI), the bidirectional controls
 * (they reorder what a reader of the file sees) and the line and
 * paragraph separators (JavaScript's string literals end at them).  The
 * value read back is the same.
 */
static int
json_escaped(ucs4_t uc)
{
	return (uc >= 0x80 && uc <= 0x9f) || uc == 0x061c ||
	    uc == 0x200e || uc == 0x200f || (uc >= 0x2028 && uc <= 0x202e) ||
	    (uc >= 0x2066 && uc <= 0x2069);
}

/* A well-formed UTF-8 sequence of two to four bytes at s (n bytes left):
   its length with its code point, or 0 (then u8_mbtoucr decides). */
static int
json_utf8_seq(const unsigned char *s, size_t n, ucs4_t *uc)
{
	unsigned char	 c = s[0];

	if (c >= 0xc2 && c <= 0xdf) {
		if (n < 2 || (s[1] & 0xc0) != 0x80)
			return 0;
		*uc = (ucs4_t)(c & 0x1f) << 6 | (ucs4_t)(s[1] & 0x3f);
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		*uc = (ucs4_t)(c & 0x0f) << 12 | (ucs4_t)(s[1] & 0x3f) << 6 |
		    (ucs4_t)(s[2] & 0x3f);
		/* Overlong forms and surrogates are not UTF-8. */
		if (*uc < 0x800 || (*uc >= 0xd800 && *uc <= 0xdfff))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		*uc = (ucs4_t)(c & 0x07) << 18 | (ucs4_t)(s[1] & 0x3f) << 12 |
		    (ucs4_t)(s[2] & 0x3f) << 6 | (ucs4_t)(s[3] & 0x3f);
		if (*uc < 0x10000 || *uc > 0x10ffff)
			return 0;
		return 4;
	}
	return 0;
}

#define JSON_ONES	0x0101010101010101ULL
#define JSON_HIGHS	0x8080808080808080ULL
/* Whether a byte of w is zero; one of w below n (n <= 0x80). */
#define JSON_HAS_ZERO(w)	(((w) - JSON_ONES) & ~(w) & JSON_HIGHS)
#define JSON_HAS_LESS(w, n)	(((w) - JSON_ONES * (n)) & ~(w) & JSON_HIGHS)

/*
 * Where the run of bytes from i that a string writes as they are ends:
 * printable ASCII but the quote and the backslash, and whole UTF-8
 * sequences of code points json_escaped() leaves alone.  ASCII is tested
 * eight bytes at a time: an export writes whole article texts.
 */
static size_t
json_plain_end(const unsigned char *s, size_t i, size_t len)
{
	uint64_t	 w;
	ucs4_t		 uc;
	int		 n;

	while (i < len) {
		while (len - i >= 8) {
			memcpy(&w, s + i, sizeof(w));
			w = (w & JSON_HIGHS) | JSON_HAS_LESS(w, 0x20) |
			    JSON_HAS_ZERO(w ^ (JSON_ONES * '"')) |
			    JSON_HAS_ZERO(w ^ (JSON_ONES * '\\')) |
			    JSON_HAS_ZERO(w ^ (JSON_ONES * 0x7f));
			if (w != 0) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				/* The lowest bit set is the first byte
				   found (a borrow only marks bytes after
				   it): the bytes before it are plain. */
				i += (size_t)__builtin_ctzll(w) / 8;
#endif
				break;
			}
			i += 8;
		}
		if (i >= len)
			break;
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			if (s[i] == '"' || s[i] == '\\')
				break;
			i++;
			continue;
		}
		if (s[i] < 0x80 || (n = json_utf8_seq(s + i, len - i,
		    &uc)) == 0 || json_escaped(uc))
			break;
		i += (size_t)n;
	}
	return i;
}

void
json_write_string(struct buf *out, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i = 0, run;

	buf_reserve(out, len + 2);
	buf_addc(out, '"');
	while (i < len) {
		unsigned char	 c;
		ucs4_t		 uc;
		int		 n;

		run = json_plain_end((const unsigned char *)s, i, len);
		buf_add(out, s + i, run - i);
		if ((i = run) >= len)
			break;
		c = (unsigned char)s[i];
		switch (c) {
		case '"':	buf_adds(out, "\\\""); i++; continue;
		case '\\':	buf_adds(out, "\\\\"); i++; continue;
		case '\b':	buf_adds(out, "\\b"); i++; continue;
		case '\f':	buf_adds(out, "\\f"); i++; continue;
		case '\n':	buf_adds(out, "\\n"); i++; continue;
		case '\r':	buf_adds(out, "\\r"); i++; continue;
		case '\t':	buf_adds(out, "\\t"); i++; continue;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_adds(out, "\\u00");
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 0xf]);
			i++;
			continue;
		}
		n = u8_mbtoucr(&uc, (const uint8_t *)s + i, len - i);
		if (n > 0 && json_escaped(uc)) {
			buf_printf(out, "\\u%04x", (unsigned)uc);
			i += (size_t)n;
		} else if (n > 0) {
			buf_add(out, s + i, (size_t)n);
			i += (size_t)n;
		} else {
			/* One replacement per maximal invalid subsequence. */
			add_code_point(out, 0xfffd);
			n = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);
			i += n > 0 ? (size_t)n : 1;
		}
	}
	buf_addc(out, '"');
}

/*
 * A finite double in the fewest significant digits that strtod reads back
 * as the same value; printf and strtod both use the locale's decimal
 * point, which JSON writes as '.'.
 */
void
json_write_double(struct buf *out, double d)
{
	const char	*point = localeconv()->decimal_point;
	char		 tmp[64];
	size_t		 i, plen;
	int		 digits;

	if (!isfinite(d)) {
		buf_adds(out, "null");
		return;
	}
	for (digits = 1; digits <= 17; digits++) {
		snprintf(tmp, sizeof(tmp), "%.*g", digits, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	plen = point != NULL ? strlen(point) : 0;
	for (i = 0; tmp[i] != '\0'; i++) {
		if (plen > 0 && strncmp(tmp + i, point, plen) == 0) {
			buf_addc(out, '.');
			i += plen - 1;
		} else
			buf_addc(out, tmp[i]);
	}
}

static void
write_number(struct buf *out, const struct json *j)
{
	if (j->str != NULL) {
		buf_add(out, j->str, j->len);
		return;
	}
	if (j->integral) {
		buf_printf(out, "%lld", (long long)j->integer);
		return;
	}
	json_write_double(out, j->number);
}

void
json_write(struct buf *out, const struct json *j)
{
	size_t	 i;

	switch (j->type) {
	case JSON_NULL:
		buf_adds(out, "null");
		break;
	case JSON_FALSE:
		buf_adds(out, "false");
		break;
	case JSON_TRUE:
		buf_adds(out, "true");
		break;
	case JSON_NUMBER:
		write_number(out, j);
		break;
	case JSON_STRING:
		json_write_string(out, j->str, j->len);
		break;
	case JSON_ARRAY:
		buf_addc(out, '[');
		for (i = 0; i < j->n; i++) {
			if (i > 0)
				buf_addc(out, ',');
			json_write(out, &j->items[i]);
		}
		buf_addc(out, ']');
		break;
	case JSON_OBJECT:
		buf_addc(out, '{');
		for (i = 0; i < j->n; i++) {
			if (i > 0)
				buf_addc(out, ',');
			json_write_string(out, j->members[i].name,
			    j->members[i].name_len);
			buf_addc(out, ':');
			json_write(out, &j->members[i].value);
		}
		buf_addc(out, '}');
		break;
	}
}

