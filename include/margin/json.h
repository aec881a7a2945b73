/*
 * json.h: a small, strict RFC 8259 parser into a tree, lookup helpers and a
 * writer of JSON text.  Used by the JSONL importer and exporters; it must
 * survive any bytes, so nesting is bounded and every error names its byte.
 */
#ifndef MARGIN_JSON_H
#define MARGIN_JSON_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Deeper documents are refused: the parser recurses once per level. */
#define JSON_MAX_DEPTH 512

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json_member;

struct json {
	enum json_type		 type;
	/*
	 * JSON_STRING: the decoded UTF-8 (NUL-terminated, but it may hold
	 * NUL bytes from \u0000, so len counts).  JSON_NUMBER: the number
	 * exactly as written, so that it is written back unchanged.
	 */
	char			*str;
	size_t			 len;
	double			 number;	/* may be inf */
	int			 integral;	/* whole, in int64 range */
	int64_t			 integer;	/* its value, exact */
	size_t			 n;		/* items, or members */
	struct json		*items;		/* JSON_ARRAY */
	struct json_member	*members;	/* JSON_OBJECT, in document
						   order */
};

struct json_member {
	char		*name;		/* decoded, NUL-terminated */
	size_t		 name_len;	/* may hold NUL bytes */
	struct json	 value;
};

enum json_parse_flags {
	/*
	 * Keep invalid UTF-8 inside strings as it is instead of refusing the
	 * document: the importer canonicalises article text itself and counts
	 * the repairs.  Invalid bytes outside strings are always an error.
	 */
	JSON_LAX_UTF8 = 1 << 0
};

/*
 * Parse s[0..len) as one JSON text (surrounding whitespace allowed).
 * A lone surrogate escape becomes U+FFFD.  Returns a new tree, or NULL
 * with *errp set to "byte N: reason".
 */
struct json	*json_parse(const char *s, size_t len, int flags,
		    char **errp);
void		 json_free(struct json *j);
/* Free what a struct json holds, not the struct itself. */
void		 json_clear(struct json *j);

/* The member called name of an object (the last one when the name is
   repeated, as JavaScript and Python read it), or NULL. */
const struct json *json_get(const struct json *obj, const char *name);
/* The string value of member name, or NULL if absent or not a string. */
const char	*json_get_string(const struct json *obj, const char *name);
/* Item i of an array, or NULL. */
const struct json *json_item(const struct json *arr, size_t i);
/* Non-zero when j is a number holding a whole int64 value (1, 1.0, 1e2). */
int		 json_is_integer(const struct json *j);
const char	*json_type_name(enum json_type t);
/*
 * The same value: strings of the same bytes, numbers of the same value
 * however written (0, 0.0 and 0e0), arrays item by item, objects with
 * the same members in any order.  Two stores write one row's JSON
 * differently (SQLite compact in its columns' order, PostgreSQL's jsonb
 * with its keys sorted and spaced) and mean the same row.
 */
int		 json_equal(const struct json *a, const struct json *b);

/*
 * Writers.  A string is written with ", \ and control characters escaped
 * and everything else kept as UTF-8; invalid UTF-8 becomes U+FFFD so that
 * the output is always valid JSON.
 */
void		 json_write_string(struct buf *out, const char *s,
		    size_t len);
void		 json_write(struct buf *out, const struct json *j);
/* A number in the fewest digits that read back as the same double
   (0.85, not 0.84999999999999998); null when not finite. */
void		 json_write_double(struct buf *out, double d);

#endif
