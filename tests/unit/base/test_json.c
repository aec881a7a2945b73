/*
 * test_json.c: the strict JSON parser and writer: valid and invalid
 * documents, every escape, surrogates, numbers, nesting limits, garbage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "margin/json.h"
#include "margin/util.h"

/* Parse a NUL-terminated document; the error (if any) goes to *err. */
static struct json *
parse(const char *doc, int flags, char **err)
{
	*err = NULL;
	return json_parse(doc, strlen(doc), flags, err);
}

/* Check that doc is refused with a message that starts "byte AT:". */
static void
check_refused(const char *doc, size_t at, int line)
{
	struct json	*j;
	char		*err = NULL, *want;

	j = parse(doc, 0, &err);
	want = xasprintf("byte %zu:", at);
	if (j != NULL) {
		check_failures++;
		printf("    %s:%d: \"%s\" was accepted\n", __FILE__, line, doc);
		json_free(j);
	} else if (err == NULL || strncmp(err, want, strlen(want)) != 0) {
		check_failures++;
		printf("    %s:%d: \"%s\": error \"%s\", want one starting "
		    "\"%s\"\n", __FILE__, line, doc, err ? err : "(null)",
		    want);
	}
	free(want);
	free(err);
}
#define REFUSED(doc, at) check_refused(doc, at, __LINE__)

static void
test_literals(void)
{
	struct json	*j;
	char		*err;

	j = parse("  true ", 0, &err);
	CHECK(j != NULL && j->type == JSON_TRUE);
	json_free(j);
	j = parse("false", 0, &err);
	CHECK(j != NULL && j->type == JSON_FALSE);
	json_free(j);
	j = parse("\n\t\r null", 0, &err);
	CHECK(j != NULL && j->type == JSON_NULL);
	json_free(j);
	REFUSED("tru", 0);
	REFUSED("True", 0);
	REFUSED("nul", 0);
	REFUSED("truex", 4);
	REFUSED("", 0);
	REFUSED("   ", 3);
}

static void
test_numbers(void)
{
	struct json	*j;
	char		*err;

	j = parse("[0, -0, 42, -17, 1.5, 1e2, 2.50E+1, 1e400, "
	    "9007199254740993, -9223372036854775808, 9223372036854775808, "
	    "0.1, 1E-2]", 0, &err);
	CHECK_STR(err, NULL);
	CHECK(j != NULL && j->type == JSON_ARRAY && j->n == 13);
	if (j == NULL || j->n != 13) {
		json_free(j);
		return;
	}
	CHECK(json_is_integer(&j->items[0]) && j->items[0].integer == 0);
	CHECK(json_is_integer(&j->items[1]) && j->items[1].integer == 0);
	CHECK_INT(j->items[2].integer, 42);
	CHECK_INT(j->items[3].integer, -17);
	CHECK(!json_is_integer(&j->items[4]));
	CHECK(j->items[4].number == 1.5);
	/* A whole value written with an exponent is still a whole number. */
	CHECK(json_is_integer(&j->items[5]));
	CHECK_INT(j->items[5].integer, 100);
	CHECK(json_is_integer(&j->items[6]));
	CHECK_INT(j->items[6].integer, 25);
	CHECK(!json_is_integer(&j->items[7]));
	/* Integers beyond 2^53 are kept exactly, not through a double. */
	CHECK(json_is_integer(&j->items[8]));
	CHECK(j->items[8].integer == 9007199254740993LL);
	CHECK(json_is_integer(&j->items[9]));
	CHECK(j->items[9].integer == INT64_MIN);
	CHECK(!json_is_integer(&j->items[10]));
	CHECK(j->items[10].number > 9.2e18);
	CHECK(j->items[11].number == 0.1);
	CHECK(j->items[12].number == 0.01);
	/* Numbers keep their spelling for the writer. */
	CHECK_STR(j->items[6].str, "2.50E+1");
	json_free(j);

	REFUSED("01", 1);
	REFUSED("-", 1);
	REFUSED("+1", 0);
	REFUSED(".5", 0);
	REFUSED("1.", 2);
	REFUSED("1.e5", 2);
	REFUSED("1e", 2);
	REFUSED("1e+", 3);
	REFUSED("0x10", 1);
	REFUSED("NaN", 0);
	REFUSED("Infinity", 0);
	REFUSED("-Infinity", 1);
	REFUSED("[1 2]", 3);
}

static void
test_escapes(void)
{
	struct json	*j;
	char		*err;

	j = parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u00E9 "
	    "\\u4e2d \\u0041\"", 0, &err);
	CHECK_STR(err, NULL);
	CHECK(j != NULL && j->type == JSON_STRING);
	if (j != NULL)
		CHECK_STR(j->str, "q\" b\\ s/ \b\f\n\r\t \xc3\xa9\xc3\xa9 "
		    "\xe4\xb8\xad A");
	json_free(j);

	/* \u0000 is a NUL byte inside the string; len counts it. */
	j = parse("\"a\\u0000b\"", 0, &err);
	CHECK(j != NULL && j->len == 3 && memcmp(j->str, "a\0b", 3) == 0);
	json_free(j);

	/* Raw UTF-8 is kept as it is. */
	j = parse("\"Zoë 東京 \xf0\x9f\x98\x80\"", 0, &err);
	CHECK(j != NULL);
	if (j != NULL)
		CHECK_STR(j->str, "Zoë 東京 \xf0\x9f\x98\x80");
	json_free(j);

	REFUSED("\"\\x\"", 1);
	REFUSED("\"\\u12\"", 1);
	REFUSED("\"\\u12g4\"", 1);
	REFUSED("\"\\", 2);
	REFUSED("\"abc", 4);
	REFUSED("\"a\tb\"", 2);
	REFUSED("\"a\nb\"", 2);
	REFUSED("'single'", 0);
}

static void
test_surrogates(void)
{
	struct json	*j;
	char		*err;

	/* A pair is one code point (U+1F600). */
	j = parse("\"\\ud83d\\ude00\"", 0, &err);
	CHECK(j != NULL);
	if (j != NULL)
		CHECK_STR(j->str, "\xf0\x9f\x98\x80");
	json_free(j);
	/* Lone high, lone low, high before a non-surrogate escape, high at
	   the end, and two highs: each lone half is one U+FFFD. */
	j = parse("[\"\\ud800\", \"\\udc00x\", \"\\ud800\\u0041\", "
	    "\"a\\udbff\", \"\\ud800\\ud800\\udc00\"]", 0, &err);
	CHECK_STR(err, NULL);
	CHECK(j != NULL && j->n == 5);
	if (j != NULL && j->n == 5) {
		CHECK_STR(j->items[0].str, "\xef\xbf\xbd");
		CHECK_STR(j->items[1].str, "\xef\xbf\xbdx");
		CHECK_STR(j->items[2].str, "\xef\xbf\xbd" "A");
		CHECK_STR(j->items[3].str, "a\xef\xbf\xbd");
		CHECK_STR(j->items[4].str, "\xef\xbf\xbd\xf0\x90\x80\x80");
	}
	json_free(j);
}

static void
test_invalid_utf8(void)
{
	struct json	*j;
	char		*err;

	/* Strict: invalid UTF-8 in a string is refused, naming the byte. */
	REFUSED("\"ab\xff\"", 3);
	REFUSED("\"\xc3(\"", 1);
	REFUSED("\"\xed\xa0\x80\"", 1);	/* an encoded surrogate */
	REFUSED("\"\xc0\xaf\"", 1);		/* an overlong '/' */
	/* Lax: kept byte for byte, for the importer to repair and count. */
	j = parse("\"ab\xff\xc3\"", JSON_LAX_UTF8, &err);
	CHECK_STR(err, NULL);
	CHECK(j != NULL && j->len == 4 &&
	    memcmp(j->str, "ab\xff\xc3", 4) == 0);
	json_free(j);
	/* Outside strings it is refused even when lax. */
	j = parse("[1,\xff]", JSON_LAX_UTF8, &err);
	CHECK(j == NULL);
	CHECK(err != NULL && strncmp(err, "byte 3:", 7) == 0);
	free(err);
	/* A BOM is not JSON (RFC 8259 §8.1: the importer strips it). */
	REFUSED("\xef\xbb\xbf{}", 0);
}

static void
test_objects(void)
{
	struct json		*j;
	const struct json	*v;
	char			*err;

	j = parse("{\"z\": 1, \"a\": [true, null, {\"k\": \"v\"}], "
	    "\"m\": \"first\", \"m\": \"second\", \"\": {}, "
	    "\"n\\u0000x\": 5}", 0, &err);
	CHECK_STR(err, NULL);
	CHECK(j != NULL && j->type == JSON_OBJECT && j->n == 6);
	if (j == NULL || j->n != 6) {
		json_free(j);
		return;
	}
	/* Members stay in document order. */
	CHECK_STR(j->members[0].name, "z");
	CHECK_STR(j->members[1].name, "a");
	CHECK_STR(j->members[2].name, "m");
	CHECK_STR(j->members[4].name, "");
	CHECK_INT(j->members[5].name_len, 3);
	/* A repeated name reads as its last value, as in JS and Python. */
	CHECK_STR(json_get_string(j, "m"), "second");
	v = json_get(j, "a");
	CHECK(v != NULL && v->type == JSON_ARRAY && v->n == 3);
	CHECK(json_item(v, 0) != NULL && json_item(v, 0)->type == JSON_TRUE);
	CHECK(json_item(v, 3) == NULL);
	CHECK_STR(json_get_string(json_item(v, 2), "k"), "v");
	CHECK(json_get_string(j, "z") == NULL);	/* not a string */
	CHECK(json_get(j, "missing") == NULL);
	/* A name with NUL inside does not match its prefix. */
	CHECK(json_get(j, "n") == NULL);
	v = json_get(j, "");
	CHECK(v != NULL && v->type == JSON_OBJECT && v->n == 0);
	CHECK(json_get(v, "z") == NULL);
	CHECK(json_get(json_item(json_get(j, "a"), 0), "x") == NULL);
	json_free(j);

	REFUSED("{\"a\" 1}", 5);
	REFUSED("{\"a\": 1,}", 8);
	REFUSED("[1, 2,]", 6);
	REFUSED("{a: 1}", 1);
	REFUSED("{\"a\": 1", 7);
	REFUSED("[1", 2);
	REFUSED("{} {}", 3);
	REFUSED("[1] // comment", 4);
	REFUSED("/* c */ 1", 0);
	REFUSED("[,1]", 1);
	REFUSED("{\"a\":}", 5);
}

static void
test_depth(void)
{
	struct buf	 b = BUF_INIT;
	struct json	*j;
	char		*err = NULL;
	size_t		 i;

	/* JSON_MAX_DEPTH levels parse... */
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		buf_adds(&b, i % 2 ? "{\"k\":" : "[");
	buf_addc(&b, '1');
	for (i = JSON_MAX_DEPTH; i > 0; i--)
		buf_adds(&b, (i - 1) % 2 ? "}" : "]");
	j = json_parse(b.data, b.len, 0, &err);
	CHECK_STR(err, NULL);
	CHECK(j != NULL);
	json_free(j);
	buf_free(&b);

	/* ...one more is refused at the byte that opens it. */
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		buf_adds(&b, "[");
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		buf_adds(&b, "]");
	j = json_parse(b.data, b.len, 0, &err);
	CHECK(j == NULL);
	CHECK(err != NULL && strstr(err, "nested deeper") != NULL);
	CHECK_MSG(err != NULL && strncmp(err, "byte 512:", 9) == 0,
	    "error \"%s\"", err ? err : "(null)");
	free(err);
	err = NULL;
	buf_free(&b);

	/* A million open brackets neither recurse that deep nor crash. */
	for (i = 0; i < 1000000; i++)
		buf_addc(&b, '[');
	j = json_parse(b.data, b.len, 0, &err);
	CHECK(j == NULL && err != NULL);
	free(err);
	buf_free(&b);
}

static void
test_write_string(void)
{
	struct buf	 b = BUF_INIT;
	const char	*s = "q\" b\\ /\b\f\n\r\t\x01\x1f\x7f é 中 "
			    "\xf0\x9f\x98\x80";

	json_write_string(&b, s, strlen(s));
	CHECK_STR(b.data, "\"q\\\" b\\\\ /\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f "
	    "é 中 \xf0\x9f\x98\x80\"");
	buf_free(&b);
	/* NUL inside the string is escaped, not an end. */
	json_write_string(&b, "a\0b", 3);
	CHECK_STR(b.data, "\"a\\u0000b\"");
	buf_free(&b);
	/* Invalid UTF-8 becomes U+FFFD so the output stays valid JSON. */
	json_write_string(&b, "a\xff" "b\xc3", 4);
	CHECK_STR(b.data, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\"");
	buf_free(&b);
	/* C1 controls (U+009B is CSI to a terminal), bidi controls and
	   U+2028/9 are escaped; their neighbours are not. */
	json_write_string(&b, "\xc2\x9b" "31m \xe2\x80\xae" "x\xe2\x80\xa8"
	    "\xe2\x81\xa6\xd8\x9c \xc2\xa0\xe2\x80\xaf", 24);
	CHECK_STR(b.data, "\"\\u009b31m \\u202ex\\u2028\\u2066\\u061c "
	    "\xc2\xa0\xe2\x80\xaf\"");
	buf_free(&b);
}

static void
test_round_trip(void)
{
	const char	*doc = "{\"name\":\"Zoë \\\"Z\\\"\\n\",\"n\":[1,-2.50,"
	    "3e10,true,false,null],\"o\":{\"\":\"\\u0000\"},\"e\":[]}";
	struct json	*j, *k;
	struct buf	 b = BUF_INIT, c = BUF_INIT;
	char		*err;

	j = parse(doc, 0, &err);
	CHECK(j != NULL);
	if (j == NULL)
		return;
	json_write(&b, j);
	CHECK_STR(b.data, doc);
	k = json_parse(b.data, b.len, 0, &err);
	CHECK(k != NULL);
	if (k != NULL) {
		json_write(&c, k);
		CHECK_STR(c.data, b.data);
	}
	json_free(j);
	json_free(k);
	buf_free(&b);
	buf_free(&c);
}

/* Python's json module must read what we write, code point for code
   point: an independent check of the writer. */
static void
test_python_reads_writer(void)
{
	struct buf	 b = BUF_INIT, cmd = BUF_INIT, got = BUF_INIT;
	char		 path[] = "/tmp/margin-json-XXXXXX";
	FILE		*f, *p;
	int		 fd, c, i;
	char		 s[] = "ctl:\x01\x02\x1f\x7f q:\" bs:\\ nl:\n tab:\t "
	    "ë 中 \xf0\x9f\x98\x80 e\xcc\x81";

	for (i = 1; i < 0x20; i++) {
		char	 one = (char)i;

		buf_add(&b, &one, 1);
	}
	buf_add(&b, s, strlen(s));
	{
		struct buf	 w = BUF_INIT;

		json_write_string(&w, b.data, b.len);
		buf_free(&b);
		b = w;
	}
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		CHECK_FAIL("cannot create a temporary file");
		buf_free(&b);
		return;
	}
	fwrite(b.data, 1, b.len, f);
	fclose(f);
	buf_printf(&cmd, "python3 -c 'import json,sys; "
	    "s=json.load(open(sys.argv[1], encoding=\"utf-8\")); "
	    "print(\" \".join(\"%%x\" %% ord(c) for c in s))' %s 2>&1", path);
	p = popen(cmd.data, "r");
	if (p == NULL) {
		CHECK_FAIL("cannot run python3");
	} else {
		while ((c = fgetc(p)) != EOF)
			buf_addc(&got, (char)c);
		CHECK_MSG(pclose(p) == 0, "python3 failed: %s",
		    got.data ? got.data : "");
	}
	/* The code points we meant, as Python would print them. */
	{
		struct buf	 want = BUF_INIT;
		const char	*cps = "63 74 6c 3a 1 2 1f 7f 20 71 3a 22 20 62 "
		    "73 3a 5c 20 6e 6c 3a a 20 74 61 62 3a 9 20 eb 20 4e2d 20 "
		    "1f600 20 65 301";

		for (i = 1; i < 0x20; i++)
			buf_printf(&want, "%x ", i);
		buf_adds(&want, cps);
		buf_addc(&want, '\n');
		CHECK_STR(got.data, want.data);
		buf_free(&want);
	}
	unlink(path);
	buf_free(&b);
	buf_free(&cmd);
	buf_free(&got);
}

/* Any bytes: the parser either builds a tree or gives "byte N: ...". */
static void
test_garbage(void)
{
	const char	*seeds[] = {
		"{\"text\":\"a\\u00e9\\ud83d\\ude00\",\"spans\":[[0,1,\"X\"]]}",
		"[1,-2.5e3,true,false,null,{\"\":[]}]",
		"\"\\u12\"", "{\"a\":{\"b\":{\"c\":[[[[]]]]}}}",
	};
	unsigned long	 seed = 12345;
	size_t		 round, k, bad = 0, parsed = 0;
	char		*err;

	for (round = 0; round < 20000; round++) {
		const char	*s = seeds[round % 4];
		size_t		 len = strlen(s);
		char		*doc = xstrndup(s, len);
		struct json	*j;

		for (k = 0; k < 1 + round % 5; k++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			doc[(seed >> 33) % len] = (char)(seed >> 20);
		}
		/* Also cut documents short. */
		if (round % 7 == 0)
			len = (seed >> 40) % len;
		err = NULL;
		j = json_parse(doc, len, round % 2 ? JSON_LAX_UTF8 : 0, &err);
		if ((j == NULL) == (err == NULL) ||
		    (err != NULL && strncmp(err, "byte ", 5) != 0))
			bad++;
		if (j != NULL) {
			struct buf	 b = BUF_INIT;

			parsed++;
			json_write(&b, j);
			buf_free(&b);
		}
		json_free(j);
		free(err);
		free(doc);
	}
	CHECK_INT(bad, 0);
	/* The mutations must leave some documents valid, or the walk over
	   trees above never ran. */
	CHECK(parsed > 100);
}

/* Are documents a and b the same value? */
static int
same(const char *a, const char *b)
{
	struct json	*x, *y;
	char		*err;
	int		 r;

	x = parse(a, 0, &err);
	free(err);
	y = parse(b, 0, &err);
	free(err);
	CHECK(x != NULL && y != NULL);
	r = x != NULL && y != NULL && json_equal(x, y);
	json_free(x);
	json_free(y);
	return r;
}

static void
test_equal(void)
{
	/* One span row as SQLite writes it and as PostgreSQL's jsonb does. */
	CHECK(same("{\"id\":3,\"start\":4,\"end\":8,\"note\":\"\","
	    "\"score\":0.0,\"label\":\"ORG\"}",
	    "{\"id\": 3, \"end\": 8, \"note\": \"\", \"label\": \"ORG\", "
	    "\"score\": 0, \"start\": 4}"));
	CHECK(same("[1, 2.5, \"a\\u00e9\", null, true]",
	    "[1e0,25e-1,\"a\xc3\xa9\",null,true]"));
	CHECK(!same("{\"a\":1}", "{\"a\":1,\"b\":null}"));
	CHECK(!same("{\"a\":1,\"b\":2}", "{\"a\":1,\"c\":2}"));
	CHECK(!same("{\"a\":1}", "{\"a\":\"1\"}"));
	CHECK(!same("{\"a\":0.5}", "{\"a\":0.25}"));
	CHECK(!same("[1,2]", "[2,1]"));
	CHECK(!same("\"ab\"", "\"a\""));
	CHECK(!same("true", "false"));
	CHECK(!same("9007199254740993", "9007199254740992"));
}

static const struct check_test tests[] = {
	{ "json: literals and surrounding whitespace", test_literals },
	{ "json: numbers, integral flag, exact int64, bad forms",
	    test_numbers },
	{ "json: every escape, NUL, raw UTF-8, bad escapes", test_escapes },
	{ "json: surrogate pairs and lone surrogates", test_surrogates },
	{ "json: invalid UTF-8 strict and lax, BOM refused",
	    test_invalid_utf8 },
	{ "json: objects keep order, lookups, structural errors",
	    test_objects },
	{ "json: nesting limit, a million brackets", test_depth },
	{ "json: writer escapes controls, keeps UTF-8, repairs",
	    test_write_string },
	{ "json: parse-write round trip", test_round_trip },
	{ "json: python3 reads the writer's output", test_python_reads_writer },
	{ "json: 20000 mutated documents", test_garbage },
	{ "json: the same value however written", test_equal },
};

CHECK_MAIN(tests)
