/*
 * test_export.c: the CSV export read back by Python's csv module (an
 * independent RFC 4180 reader): code point and byte offsets, quoting,
 * filters, --excel-safe, --context, write errors, format names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "margin/export.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/util.h"

#define TITLE1	"Title with \"quotes\", commas\nand a newline"
#define TEXT1	"Zoë 😀 met 東京 officials.\nAngela Merkel e\xcc\x81 said so."
#define NOTE1	"a \"quoted\", note\nwith a newline"
#define TITLE2	" spaced title "
#define HEADER	"article_id,article_title,source,annotator,label,start,end," \
		"text,start_byte,end_byte,status,origin,note,created_at\n"
#define TEXT2	"=SUM(A1) is not a formula here; Berlin."

/*
 * Reads the CSV with Python's csv module and prints JSON: the header, the
 * rows, and what did not hold: text[start:end] == text, the UTF-8 bytes
 * start_byte..end_byte == text, left/right == N code points around, and
 * created_at in ISO 8601 UTC near now.  argv: csv, texts.json, N, check.
 */
static const char python_reader[] =
"import csv, json, sys, datetime\n"
"texts = json.load(open(sys.argv[2], encoding='utf-8'))\n"
"n, check = int(sys.argv[3]), sys.argv[4] == '1'\n"
"with open(sys.argv[1], newline='', encoding='utf-8') as f:\n"
"    rows = list(csv.reader(f))\n"
"out = {'header': rows[0] if rows else [], 'rows': rows[1:], 'bad': []}\n"
"bad = out['bad']\n"
"now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)\n"
"for r in rows[1:] if check else []:\n"
"    d = dict(zip(rows[0], r))\n"
"    if len(r) != len(rows[0]): bad.append('width %r' % r)\n"
"    t = texts[d['article_id']]\n"
"    s, e = int(d['start']), int(d['end'])\n"
"    if t[s:e] != d['text']: bad.append('code points %r' % r)\n"
"    b = t.encode('utf-8')[int(d['start_byte']):int(d['end_byte'])]\n"
"    if b != d['text'].encode('utf-8'): bad.append('bytes %r' % r)\n"
"    if n and (d['left'] != t[max(0, s - n):s] or d['right'] != t[e:e + n]):\n"
"        bad.append('context %r' % r)\n"
"    c = datetime.datetime.strptime(d['created_at'], '%Y-%m-%dT%H:%M:%SZ')\n"
"    if abs((now - c).total_seconds()) > 86400: bad.append('time %r' % r)\n"
"print(json.dumps(out))\n";

struct fixture {
	struct store	*s;
	char		*dir;
	char		*texts;		/* texts.json: article id -> text */
	char		*script;
	int64_t		 a1, a2, a3;
};

static char *
temp_dir(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		*d = xasprintf("%s/margin-export-XXXXXX",
			    tmp && *tmp ? tmp : "/tmp");

	if (mkdtemp(d) == NULL) {
		free(d);
		return NULL;
	}
	return d;
}

static int
write_text(const char *path, const char *data, size_t len)
{
	FILE	*f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	fwrite(data, 1, len, f);
	return fclose(f);
}

static char *
read_text(const char *path)
{
	char	*data = NULL, *err = NULL;
	size_t	 len;

	if (file_read_all(path, &data, &len, &err) == -1) {
		CHECK_FAIL("%s: %s", path, err);
		free(err);
		return xstrdup("");
	}
	return data;
}

static int64_t
add_article(struct fixture *fx, const char *title, const char *source,
    const char *text)
{
	int64_t	 id = 0;
	int	 dup = 0;
	char	*err = NULL;

	if (store_article_add(fx->s, title, source, text, strlen(text), NULL,
	    &id, &dup, &err) == -1) {
		CHECK_FAIL("store_article_add: %s", err);
		free(err);
	}
	return id;
}

/* A span over the first occurrence of needle in the article's text. */
static void
add_span(struct fixture *fx, int64_t article, const char *text,
    const char *needle, const char *label, const char *annotator,
    enum store_span_status status, const char *note)
{
	struct store_span	 sp;
	const char		*at = strstr(text, needle), *p;
	char			*err = NULL;

	memset(&sp, 0, sizeof(sp));
	sp.article_id = article;
	for (p = text; p < at; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			sp.start++;
	sp.end = sp.start;
	for (p = needle; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			sp.end++;
	sp.start_byte = (size_t)(at - text);
	sp.end_byte = sp.start_byte + strlen(needle);
	sp.label = (char *)label;
	sp.text = (char *)needle;
	sp.annotator = (char *)annotator;
	sp.status = status;
	sp.origin = STORE_MANUAL;
	sp.note = (char *)note;
	if (store_span_add(fx->s, &sp, NULL, &err) == -1) {
		CHECK_FAIL("store_span_add %s: %s", needle, err);
		free(err);
	}
}

static int
fixture_open(struct fixture *fx)
{
	struct buf	 b = BUF_INIT;
	char		*err = NULL;

	memset(fx, 0, sizeof(*fx));
	if ((fx->dir = temp_dir()) == NULL) {
		CHECK_FAIL("mkdtemp: %s", strerror(errno));
		return -1;
	}
	if (store_open(&fx->s, ":memory:", "tester", 0, &err) == -1) {
		CHECK_FAIL("store_open: %s", err);
		free(err);
		return -1;
	}
	if (store_label_add(fx->s, "-minus", "", "", "", &err) == -1) {
		CHECK_FAIL("store_label_add: %s", err);
		free(err);
		err = NULL;
	}
	fx->a1 = add_article(fx, TITLE1, "one.txt", TEXT1);
	fx->a2 = add_article(fx, TITLE2, "+source", TEXT2);
	fx->a3 = add_article(fx, "No spans", "three.txt", "Nothing here.");
	add_span(fx, fx->a1, TEXT1, "Zoë", "PER", "alice", STORE_ACCEPTED,
	    NOTE1);
	add_span(fx, fx->a1, TEXT1, "東京", "LOC", "alice", STORE_ACCEPTED, "");
	add_span(fx, fx->a1, TEXT1, "Angela Merkel", "PER", "bob",
	    STORE_ACCEPTED, "");
	add_span(fx, fx->a1, TEXT1, "e\xcc\x81", "MISC", "alice",
	    STORE_SUGGESTED, "");
	add_span(fx, fx->a2, TEXT2, "=SUM(A1)", "-minus", "alice",
	    STORE_ACCEPTED, "@at");
	add_span(fx, fx->a2, TEXT2, "Berlin", "LOC", "alice", STORE_ACCEPTED,
	    "\tTab");

	/* The texts for the Python side, written by our JSON writer. */
	buf_printf(&b, "{\"%lld\": ", (long long)fx->a1);
	json_write_string(&b, TEXT1, strlen(TEXT1));
	buf_printf(&b, ", \"%lld\": ", (long long)fx->a2);
	json_write_string(&b, TEXT2, strlen(TEXT2));
	buf_adds(&b, "}");
	fx->texts = xasprintf("%s/texts.json", fx->dir);
	fx->script = xasprintf("%s/reader.py", fx->dir);
	if (write_text(fx->texts, b.data, b.len) == -1 ||
	    write_text(fx->script, python_reader,
	    sizeof(python_reader) - 1) == -1)
		CHECK_FAIL("cannot write into %s", fx->dir);
	buf_free(&b);
	return 0;
}

static void
fixture_close(struct fixture *fx)
{
	char	*cmd;

	if (fx->s != NULL)
		store_close(fx->s);
	if (fx->dir != NULL) {
		cmd = xasprintf("rm -rf '%s'", fx->dir);
		if (system(cmd) != 0)
			printf("    (could not remove %s)\n", fx->dir);
		free(cmd);
	}
	free(fx->dir);
	free(fx->texts);
	free(fx->script);
}

/*
 * Export with o into a file, then have Python read it back.  Returns the
 * parsed {"header", "rows", "bad"} (NULL on failure); *raw gets the file.
 */
static struct json *
export_and_read(struct fixture *fx, const struct export_options *o,
    int check, char **raw)
{
	struct buf	 out = BUF_INIT;
	struct json	*j;
	char		*path, *cmd, *err = NULL;
	FILE		*f, *p;
	int		 c;
	const struct json *bad;
	size_t		 i;

	*raw = NULL;
	path = xasprintf("%s/out.csv", fx->dir);
	if ((f = fopen(path, "w")) == NULL) {
		CHECK_FAIL("%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	if (export_write(fx->s, o, f, &err) == -1) {
		CHECK_FAIL("export_write: %s", err);
		free(err);
	}
	fclose(f);
	*raw = read_text(path);
	cmd = xasprintf("python3 '%s' '%s' '%s' %zu %d 2>&1", fx->script, path,
	    fx->texts, o->context, check);
	free(path);
	if ((p = popen(cmd, "r")) == NULL) {
		CHECK_FAIL("cannot run python3");
		free(cmd);
		return NULL;
	}
	free(cmd);
	while ((c = fgetc(p)) != EOF)
		buf_addc(&out, (char)c);
	if (pclose(p) != 0) {
		CHECK_FAIL("python3 failed: %s", out.data ? out.data : "");
		buf_free(&out);
		return NULL;
	}
	j = json_parse(out.data, out.len, 0, &err);
	if (j == NULL) {
		CHECK_FAIL("python3's output: %s: %s", err, out.data);
		free(err);
	}
	buf_free(&out);
	bad = json_get(j, "bad");
	for (i = 0; bad != NULL && i < bad->n; i++)
		CHECK_FAIL("python3: %s", bad->items[i].str);
	return j;
}

static size_t
nrows(const struct json *j)
{
	const struct json	*rows = json_get(j, "rows");

	return rows != NULL ? rows->n : 0;
}

/* Cell col of row i, "" when absent. */
static const char *
cell(const struct json *j, size_t i, size_t col)
{
	const struct json	*row = json_item(json_get(j, "rows"), i);
	const struct json	*v = json_item(row, col);

	return v != NULL && v->type == JSON_STRING ? v->str : "";
}

enum { C_ID, C_TITLE, C_SOURCE, C_ANNOTATOR, C_LABEL, C_START, C_END, C_TEXT,
    C_SB, C_EB, C_STATUS, C_ORIGIN, C_NOTE, C_CREATED, C_LEFT, C_RIGHT };

static void
test_csv_field(void)
{
	static const struct {
		const char	*in;
		int		 excel;
		const char	*out;
	} cases[] = {
		{ "plain", 0, "plain" },
		{ "", 0, "" },
		{ "Zoë 東京", 0, "Zoë 東京" },
		{ "say \"hi\"", 0, "\"say \"\"hi\"\"\"" },
		{ "a,b", 0, "\"a,b\"" },
		{ "line\nbreak", 0, "\"line\nbreak\"" },
		{ "cr\rhere", 0, "\"cr\rhere\"" },
		{ " lead", 0, "\" lead\"" },
		{ "trail ", 0, "\"trail \"" },
		{ "in side", 0, "in side" },
		{ "\"", 0, "\"\"\"\"" },
		{ "=1+2", 0, "=1+2" },
		{ "=1+2", 1, "'=1+2" },
		{ "+1", 1, "'+1" },
		{ "-1", 1, "'-1" },
		{ "@SUM", 1, "'@SUM" },
		{ "\tx", 1, "'\tx" },
		{ "\rx", 1, "\"'\rx\"" },
		{ "=a,b", 1, "\"'=a,b\"" },
		{ "a=b", 1, "a=b" },
		{ "=x ", 1, "\"'=x \"" },
	};
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_truncate(&b, 0);
		buf_adds(&b, "");
		export_csv_field(&b, cases[i].in, strlen(cases[i].in),
		    cases[i].excel);
		CHECK_MSG(strcmp(b.data, cases[i].out) == 0,
		    "field \"%s\" (excel %d) written as \"%s\", want \"%s\"",
		    cases[i].in, cases[i].excel, b.data, cases[i].out);
	}
	/* A NUL inside the length is written, not an end. */
	buf_truncate(&b, 0);
	export_csv_field(&b, "a\0b", 3, 0);
	CHECK_INT(b.len, 3);
	buf_free(&b);
}

static void
test_csv_round_trip(void)
{
	static const char *header[] = { "article_id", "article_title",
	    "source", "annotator", "label", "start", "end", "text",
	    "start_byte", "end_byte", "status", "origin", "note",
	    "created_at" };
	struct fixture		 fx;
	struct export_options	 o;
	struct json		*j;
	const struct json	*h;
	char			*raw, *id1;
	size_t			 i;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.format = EXPORT_CSV;
	j = export_and_read(&fx, &o, 1, &raw);
	h = json_get(j, "header");
	CHECK(h != NULL && h->n == 14);
	for (i = 0; h != NULL && i < h->n && i < 14; i++)
		CHECK_STR(h->items[i].str, header[i]);
	/* Accepted spans only, by default, in article then text order. */
	CHECK_INT(nrows(j), 5);
	if (nrows(j) == 5) {
		id1 = xasprintf("%lld", (long long)fx.a1);
		CHECK_STR(cell(j, 0, C_ID), id1);
		free(id1);
		CHECK_STR(cell(j, 0, C_TITLE), TITLE1);
		CHECK_STR(cell(j, 0, C_TEXT), "Zoë");
		CHECK_STR(cell(j, 0, C_NOTE), NOTE1);
		CHECK_STR(cell(j, 0, C_STATUS), "accepted");
		CHECK_STR(cell(j, 0, C_ORIGIN), "manual");
		CHECK_STR(cell(j, 1, C_TEXT), "東京");
		CHECK_STR(cell(j, 1, C_START), "10");
		CHECK_STR(cell(j, 1, C_SB), "14");
		CHECK_STR(cell(j, 2, C_ANNOTATOR), "bob");
		CHECK_STR(cell(j, 3, C_TITLE), TITLE2);
		CHECK_STR(cell(j, 3, C_SOURCE), "+source");
		CHECK_STR(cell(j, 3, C_TEXT), "=SUM(A1)");
		CHECK_STR(cell(j, 3, C_LABEL), "-minus");
		CHECK_STR(cell(j, 4, C_NOTE), "\tTab");
	}
	/* The bytes: LF records, quoting only where needed. */
	CHECK(strncmp(raw, HEADER, strlen(HEADER)) == 0);
	CHECK(strstr(raw, "\r") == NULL);
	CHECK(strstr(raw, ",\"Title with \"\"quotes\"\", commas\nand a "
	    "newline\",one.txt,alice,PER,0,3,Zoë,0,4,accepted,manual,"
	    "\"a \"\"quoted\"\", note\nwith a newline\",") != NULL);
	CHECK(strstr(raw, ",\" spaced title \",+source,alice,-minus,0,8,"
	    "=SUM(A1),0,8,accepted,manual,@at,") != NULL);
	json_free(j);
	free(raw);
	fixture_close(&fx);
}

static void
test_csv_filters(void)
{
	const char		*per[] = { "PER", NULL };
	struct fixture		 fx;
	struct export_options	 o;
	struct json		*j;
	char			*raw;
	int64_t			 only[1];

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.format = EXPORT_CSV;
	o.filter.labels = per;
	j = export_and_read(&fx, &o, 1, &raw);
	CHECK_INT(nrows(j), 2);
	CHECK_STR(cell(j, 0, C_TEXT), "Zoë");
	CHECK_STR(cell(j, 1, C_TEXT), "Angela Merkel");
	json_free(j);
	free(raw);

	memset(&o, 0, sizeof(o));
	o.filter.annotator = "bob";
	j = export_and_read(&fx, &o, 1, &raw);
	CHECK_INT(nrows(j), 1);
	CHECK_STR(cell(j, 0, C_ANNOTATOR), "bob");
	json_free(j);
	free(raw);

	memset(&o, 0, sizeof(o));
	only[0] = fx.a2;
	o.filter.articles = only;
	o.filter.narticles = 1;
	j = export_and_read(&fx, &o, 1, &raw);
	CHECK_INT(nrows(j), 2);
	CHECK_STR(cell(j, 1, C_TEXT), "Berlin");
	json_free(j);
	free(raw);

	/* --status all takes suggestions too; combining marks stay whole. */
	memset(&o, 0, sizeof(o));
	o.filter.status = 1 << STORE_ACCEPTED | 1 << STORE_SUGGESTED;
	j = export_and_read(&fx, &o, 1, &raw);
	CHECK_INT(nrows(j), 6);
	CHECK_STR(cell(j, 3, C_TEXT), "e\xcc\x81");
	CHECK_STR(cell(j, 3, C_STATUS), "suggested");
	CHECK_STR(cell(j, 3, C_START), "38");
	CHECK_STR(cell(j, 3, C_END), "40");
	json_free(j);
	free(raw);
	fixture_close(&fx);
}

static void
test_csv_excel_safe(void)
{
	struct fixture		 fx;
	struct export_options	 o;
	struct json		*j;
	char			*raw;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.excel_safe = 1;
	j = export_and_read(&fx, &o, 0, &raw);
	CHECK_INT(nrows(j), 5);
	if (nrows(j) == 5) {
		CHECK_STR(cell(j, 0, C_TEXT), "Zoë");
		CHECK_STR(cell(j, 0, C_TITLE), TITLE1);
		CHECK_STR(cell(j, 3, C_SOURCE), "'+source");
		CHECK_STR(cell(j, 3, C_TEXT), "'=SUM(A1)");
		CHECK_STR(cell(j, 3, C_LABEL), "'-minus");
		CHECK_STR(cell(j, 3, C_NOTE), "'@at");
		CHECK_STR(cell(j, 3, C_TITLE), TITLE2);
		CHECK_STR(cell(j, 4, C_NOTE), "'\tTab");
		/* Numbers are never prefixed. */
		CHECK_STR(cell(j, 3, C_START), "0");
	}
	json_free(j);
	free(raw);
	fixture_close(&fx);
}

static void
test_csv_context(void)
{
	struct fixture		 fx;
	struct export_options	 o;
	struct json		*j;
	const struct json	*h;
	char			*raw;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.context = 5;
	j = export_and_read(&fx, &o, 1, &raw);
	h = json_get(j, "header");
	CHECK(h != NULL && h->n == 16);
	if (h != NULL && h->n == 16) {
		CHECK_STR(h->items[C_LEFT].str, "left");
		CHECK_STR(h->items[C_RIGHT].str, "right");
	}
	CHECK_INT(nrows(j), 5);
	if (nrows(j) == 5) {
		/* At the start of the text there is no left context. */
		CHECK_STR(cell(j, 0, C_LEFT), "");
		CHECK_STR(cell(j, 0, C_RIGHT), " 😀 me");
		CHECK_STR(cell(j, 2, C_LEFT), "als.\n");
		CHECK_STR(cell(j, 4, C_RIGHT), ".");
	}
	json_free(j);
	free(raw);
	fixture_close(&fx);
}

static void
test_write_error(void)
{
	struct fixture		 fx;
	struct export_options	 o;
	FILE			*f;
	char			*err = NULL;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	if ((f = fopen("/dev/full", "w")) == NULL) {
		CHECK_FAIL("/dev/full: %s", strerror(errno));
		fixture_close(&fx);
		return;
	}
	memset(&o, 0, sizeof(o));
	CHECK_INT(export_write(fx.s, &o, f, &err), -1);
	CHECK_STR(err, "write error: No space left on device");
	free(err);
	fclose(f);
	fixture_close(&fx);
}

static void
test_format_names(void)
{
	enum export_format	 f = EXPORT_BRAT;
	char			*err = NULL;

	CHECK_INT(export_format_parse("csv", &f), 0);
	CHECK_INT(f, EXPORT_CSV);
	CHECK_INT(export_format_parse("jsonl", &f), -1);
	CHECK_INT(export_format_lookup("conll", &f, &err), -1);
	CHECK_STR(err, "format conll is not in this version yet (it can "
	    "write: csv; coming later: jsonl, conll, brat)");
	free(err);
	err = NULL;
	CHECK_INT(export_format_lookup("xlsx", &f, &err), -1);
	CHECK_STR(err, "unknown format \"xlsx\" (it can write: csv; coming "
	    "later: jsonl, conll, brat)");
	free(err);
}

static const struct check_test tests[] = {
	{ "export: CSV fields quoted and excel-guarded", test_csv_field },
	{ "export: CSV read back by Python: offsets, bytes, quoting",
	    test_csv_round_trip },
	{ "export: CSV filters by label, annotator, article, status",
	    test_csv_filters },
	{ "export: --excel-safe prefixes formula cells", test_csv_excel_safe },
	{ "export: --context adds left/right code points", test_csv_context },
	{ "export: a full disk is a write error", test_write_error },
	{ "export: format names, and those coming later", test_format_names },
};

CHECK_MAIN(tests)
