/*
 * test_export.c: the CSV export read back by Python's csv module (an
 * independent RFC 4180 reader): code point and byte offsets, quoting,
 * filters, --excel-safe, --context, write errors, format names.  The
 * JSONL export read by Python's json module and imported back; the brat
 * folder imported back; CoNLL tokens, sentences, overlaps and schemes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "margin/export.h"
#include "margin/import.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/util.h"

#define TITLE1	"Title with \"quotes\", commas\nand a newline"
#define TEXT1	"Zoë 😀 met 東京 officials.\nAngela Merkel e\xcc\x81 said so."
#define NOTE1	"a \"quoted\", note\nwith a newline"
#define TITLE2	" spaced title "
#define HEADER	"article_id,article_title,source,annotator,label,start,end," \
		"text,start_byte,end_byte,status,origin,note,created_at," \
		"entity_id,entity_name,kb_id\n"
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
	if ((fx->dir = fixture_tmpdir("export")) == NULL ||
	    (fx->s = fixture_memory("tester")) == NULL)
		return -1;
	if (store_label_add(fx->s, "-minus", "", "", "", &err) == -1) {
		CHECK_FAIL("store_label_add: %s", err);
		free(err);
		err = NULL;
	}
	fx->a1 = fixture_article_full(fx->s, TITLE1, "one.txt", TEXT1, NULL);
	fx->a2 = fixture_article_full(fx->s, TITLE2, "+source", TEXT2, NULL);
	fx->a3 = fixture_article_full(fx->s, "No spans", "three.txt",
	    "Nothing here.", NULL);
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
	    "created_at", "entity_id", "entity_name", "kb_id" };
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
	/* The entity's columns come last: older readers keep theirs. */
	CHECK(h != NULL && h->n == 17);
	for (i = 0; h != NULL && i < h->n && i < 17; i++)
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
	CHECK(h != NULL && h->n == 19);
	if (h != NULL && h->n == 19) {
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
	CHECK_INT(export_format_parse("jsonl", &f), 0);
	CHECK_INT(f, EXPORT_JSONL);
	CHECK_INT(export_format_lookup("conll", &f, &err), 0);
	CHECK_INT(f, EXPORT_CONLL);
	CHECK_INT(export_format_parse("brat", &f), 0);
	CHECK_INT(f, EXPORT_BRAT);
	CHECK_INT(export_format_lookup("xlsx", &f, &err), -1);
	CHECK_STR(err, "unknown format \"xlsx\" (it can write: csv, jsonl, "
	    "conll, brat, doccano, prodigy, spacy, hf, label-studio)");
	free(err);
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An article with a ZWJ sequence, a flag and combining marks, and a tag,
   beside the fixture's. */
#define TEXT4	"Die Familie 👩\u200d👩\u200d👧 aus 🇩🇪 traf Ǹgozi e\xcc\x81t\xc3\xa9.\n" \
		"Second line."

static int64_t
fixture_more(struct fixture *fx)
{
	int64_t	 id = fixture_article_full(fx->s, "Vier", "four.txt", TEXT4,
	    NULL);
	char	*err = NULL;

	add_span(fx, id, TEXT4, "👩\u200d👩\u200d👧", "MISC", "alice",
	    STORE_ACCEPTED, "zwj");
	add_span(fx, id, TEXT4, "🇩🇪", "LOC", "alice", STORE_ACCEPTED, "");
	add_span(fx, id, TEXT4, "Ǹgozi e\xcc\x81t\xc3\xa9", "PER", "alice",
	    STORE_ACCEPTED, "");
	if (store_tag_add(fx->s, id, "zwj", "alice", &err) == -1) {
		CHECK_FAIL("store_tag_add: %s", err);
		free(err);
	}
	return id;
}

/*
 * Python's json module reads the JSONL export: every line an object with
 * id, title, source, text, spans and tags, and text[start:end] equal to
 * each span's text.  It prints {"ids": [...], "spans": n, "bad": [...]}.
 */
static const char python_jsonl[] =
"import json, sys\n"
"out = {'ids': [], 'spans': 0, 'tags': {}, 'bad': []}\n"
"for line in open(sys.argv[1], encoding='utf-8', newline=''):\n"
"    if not line.endswith('\\n'): out['bad'].append('no LF')\n"
"    a = json.loads(line)\n"
"    keys = list(a)[:6]\n"
"    if keys != ['id', 'title', 'source', 'text', 'spans', 'tags']:\n"
"        out['bad'].append('keys %r' % keys)\n"
"    out['ids'].append(a['id'])\n"
"    out['tags'][str(a['id'])] = a['tags']\n"
"    t = a['text']\n"
"    for s in a['spans']:\n"
"        out['spans'] += 1\n"
"        if t[s['start']:s['end']] != s['text']:\n"
"            out['bad'].append('text[%d:%d] = %r, span says %r' % (\n"
"                s['start'], s['end'], t[s['start']:s['end']], s['text']))\n"
"print(json.dumps(out))\n";

/* Run a Python script on path; its JSON output, or NULL. */
static struct json *
python_read(struct fixture *fx, const char *script, size_t len,
    const char *path)
{
	struct buf	 out = BUF_INIT;
	struct json	*j;
	const struct json *bad;
	char		*spath, *cmd, *err = NULL;
	FILE		*p;
	int		 c;
	size_t		 i;

	spath = xasprintf("%s/check.py", fx->dir);
	if (write_text(spath, script, len) == -1)
		CHECK_FAIL("cannot write %s", spath);
	cmd = xasprintf("python3 '%s' '%s' 2>&1", spath, path);
	free(spath);
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
	if ((j = json_parse(out.data, out.len, 0, &err)) == NULL) {
		CHECK_FAIL("python3's output: %s: %s", err, out.data);
		free(err);
	}
	buf_free(&out);
	bad = json_get(j, "bad");
	for (i = 0; bad != NULL && i < bad->n; i++)
		CHECK_FAIL("python3: %s", bad->items[i].str);
	return j;
}

/* Export in format o->format to fx->dir/name (a file, or a folder for
   brat); the path. */
static char *
export_to(struct fixture *fx, const struct export_options *o,
    const char *name)
{
	char	*path = xasprintf("%s/%s", fx->dir, name), *err = NULL;
	FILE	*f = NULL;

	if (o->format != EXPORT_BRAT && (f = fopen(path, "w")) == NULL) {
		CHECK_FAIL("%s: %s", path, strerror(errno));
		return path;
	}
	if (export_write(fx->s, o, f, &err) == -1) {
		CHECK_FAIL("export_write: %s", err);
		free(err);
	}
	if (f != NULL)
		fclose(f);
	return path;
}

/* Every span of the store as "article-text-prefix|start|end|label|text|
   note" lines, sorted by article text and offsets: comparable between
   two stores whatever the article ids.  Notes with line ends or TABs
   compare with spaces when loose. */
static char *
all_spans(struct store *s, int loose)
{
	struct store_article_filter	 f;
	struct store_article		*rows, a;
	struct store_span		*v;
	struct buf			 b = BUF_INIT, out = BUF_INIT;
	size_t				 n = 0, nv, i, k, at, lines = 0;
	char				*err = NULL, **sorted, *p;

	memset(&f, 0, sizeof(f));
	if (store_article_rows(s, &f, 0, 1000, &rows, &n, &err) == -1) {
		CHECK_FAIL("%s", err);
		free(err);
		return xstrdup("");
	}
	for (i = 0; i < n; i++) {
		if (store_article_get(s, rows[i].id, "x", &a, &err) == -1 ||
		    store_span_list(s, rows[i].id, NULL, &v, &nv, &err) == -1) {
			CHECK_FAIL("%s", err);
			free(err);
			err = NULL;
			continue;
		}
		for (k = 0; k < nv; k++) {
			if (v[k].status != STORE_ACCEPTED)
				continue;
			buf_printf(&b, "%.12s|%zu|%zu|%s|%s|", a.text,
			    v[k].start, v[k].end, v[k].label, v[k].text);
			at = b.len;
			buf_adds(&b, v[k].note);
			/* One line per span: the note's line ends are
			   written as \n (brat's as spaces when loose).
			   (Found by offset: adding may move b.data.) */
			for (p = b.data + at; *p != '\0'; p++)
				if (*p == '\n' || *p == '\t')
					*p = loose ? ' ' : *p == '\n' ? '|' :
					    '>';
			buf_addc(&b, '\n');
			lines++;
		}
		store_spans_free(v, nv);
		store_article_free(&a);
	}
	store_article_rows_free(rows, n);
	/* Sorted lines. */
	sorted = xreallocarray(NULL, lines + 1, sizeof(*sorted));
	for (i = 0, p = b.data; i < lines; i++) {
		sorted[i] = p;
		p = strchr(p, '\n');
		*p++ = '\0';
	}
	qsort(sorted, lines, sizeof(*sorted), compare_strings);
	buf_adds(&out, "");
	for (i = 0; i < lines; i++) {
		buf_adds(&out, sorted[i]);
		buf_addc(&out, '\n');
	}
	free(sorted);
	buf_free(&b);
	return buf_detach(&out);
}

static struct buf import_said;

static void
on_import_message(void *ctx, int is_error, const char *path,
    const char *text)
{
	(void)ctx;
	buf_printf(&import_said, "%s %s: %s\n", is_error ? "E" : "N", path,
	    text);
}

/* A new store with path imported; what the import said is in
   import_said. */
static struct store *
import_into_new(const char *path, const char *annotator)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;

	if ((s = fixture_memory("tester")) == NULL)
		return NULL;
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.annotator = annotator;
	o.message = on_import_message;
	buf_free(&import_said);
	CHECK_MSG(import_path(s, path, &o, &r) == 0, "importing %s failed: %s",
	    path, import_said.data ? import_said.data : "");
	return s;
}

static void
test_jsonl_round_trip(void)
{
	struct fixture		 fx;
	struct export_options	 o;
	struct json		*j;
	struct store		*back;
	char			*path, *want, *got, *id;
	const struct json	*ids, *tags;
	int64_t			 a4;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	a4 = fixture_more(&fx);
	memset(&o, 0, sizeof(o));
	o.format = EXPORT_JSONL;
	path = export_to(&fx, &o, "out.jsonl");
	j = python_read(&fx, python_jsonl, sizeof(python_jsonl) - 1, path);
	/* Every article, the one without spans too, in order. */
	ids = json_get(j, "ids");
	CHECK(ids != NULL && ids->n == 4);
	if (ids != NULL && ids->n == 4) {
		CHECK_INT(ids->items[0].integer, fx.a1);
		CHECK_INT(ids->items[2].integer, fx.a3);
		CHECK_INT(ids->items[3].integer, a4);
	}
	CHECK(json_get(j, "spans") != NULL &&
	    json_get(j, "spans")->integer == 8);
	id = xasprintf("%lld", (long long)a4);
	tags = json_get(json_get(j, "tags"), id);
	CHECK(tags != NULL && tags->n == 1 &&
	    strcmp(tags->items[0].str, "zwj") == 0);
	free(id);
	json_free(j);

	/* Imported again, the same spans, the annotators kept. */
	if ((back = import_into_new(path, NULL)) != NULL) {
		want = all_spans(fx.s, 0);
		got = all_spans(back, 0);
		CHECK_MSG(strcmp(want, got) == 0, "spans after a JSONL round "
		    "trip:\n%s\nwant:\n%s\nthe import said:\n%s", got, want,
		    import_said.data ? import_said.data : "");
		free(want);
		free(got);
		store_close(back);
	}
	free(path);
	fixture_close(&fx);
}

static void
test_brat_round_trip(void)
{
	struct fixture		 fx;
	struct export_options	 o;
	struct store		*back;
	char			*dir, *path, *data, *want, *got, *err = NULL;
	int64_t			 a4;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	a4 = fixture_more(&fx);
	memset(&o, 0, sizeof(o));
	o.format = EXPORT_BRAT;
	o.dir = dir = xasprintf("%s/brat", fx.dir);
	free(export_to(&fx, &o, "brat"));
	/* The folder brat opens: text, annotations, configuration. */
	path = xasprintf("%s/%lld.txt", dir, (long long)a4);
	data = read_text(path);
	CHECK_STR(data, TEXT4);
	free(data);
	free(path);
	path = xasprintf("%s/%lld.ann", dir, (long long)fx.a1);
	data = read_text(path);
	/* Annotator and origin as attributes; the note's line end as
	   U+2424, which brat shows and margin reads back. */
	CHECK_STR(data, "T1\tPER 0 3\tZoë\n"
	    "A1\tAnnotator T1 alice\n"
	    "A2\tOrigin T1 manual\n"
	    "#1\tAnnotatorNotes T1\ta \"quoted\", note\xe2\x90\xa4with a "
	    "newline\n"
	    "T2\tLOC 10 12\t東京\n"
	    "A3\tAnnotator T2 alice\n"
	    "A4\tOrigin T2 manual\n"
	    "T3\tPER 24 37\tAngela Merkel\n"
	    "A5\tAnnotator T3 bob\n"
	    "A6\tOrigin T3 manual\n");
	free(data);
	free(path);
	path = xasprintf("%s/%lld.ann", dir, (long long)fx.a3);
	data = read_text(path);
	CHECK_STR(data, "");
	free(data);
	free(path);
	path = xasprintf("%s/annotation.conf", dir);
	data = read_text(path);
	CHECK(strstr(data, "[entities]\nPER\nORG\nLOC\nMISC\n-minus\n") !=
	    NULL);
	free(data);
	free(path);

	/* brat's folder imported: the same spans and notes, line ends
	   and all. */
	if ((back = import_into_new(dir, NULL)) != NULL) {
		want = all_spans(fx.s, 0);
		got = all_spans(back, 0);
		CHECK_MSG(strcmp(want, got) == 0, "spans after a brat round "
		    "trip:\n%s\nwant:\n%s", got, want);
		free(want);
		free(got);
		store_close(back);
	}
	/* A folder that cannot be made is an error. */
	o.dir = "/proc/no/such/dir";
	CHECK_INT(export_write(fx.s, &o, NULL, &err), -1);
	CHECK_STR(err, "/proc/no/such/dir: No such file or directory");
	free(err);
	free(dir);
	fixture_close(&fx);
}

#define TEXT5	"Angela Merkel met Mr. Smith in Berlin. Merkel's visit " \
		"ended.\nZürich and 東京 agreed."

static struct buf export_said;

static void
on_export_message(void *ctx, const char *text)
{
	(void)ctx;
	buf_printf(&export_said, "%s\n", text);
}

/* CoNLL from margin's tokens (UAX #29, the possessive apart) and
   sentences: spans widened to tokens, the longest of overlapping spans
   kept, a sentence break inside a span
   dropped, articles without spans all O; what changed is said. */
static void
test_conll(void)
{
	static const char want[] =
	    "-DOCSTART- -X- O O\n\n"
	    "Nothing -X- _ O\nhere -X- _ O\n. -X- _ O\n\n"
	    "-DOCSTART- -X- O O\n\n"
	    "Angela -X- _ B-PER\nMerkel -X- _ I-PER\nmet -X- _ O\n"
	    "Mr -X- _ O\n. -X- _ O\nSmith -X- _ B-PER\nin -X- _ O\n"
	    "Berlin -X- _ B-LOC\n. -X- _ O\n\n"
	    "Merkel -X- _ B-PER\n's -X- _ I-PER\nvisit -X- _ B-MISC\n"
	    "ended -X- _ I-MISC\n"
	    ". -X- _ I-MISC\nZürich -X- _ I-MISC\nand -X- _ O\n"
	    "東 -X- _ B-LOC\n京 -X- _ I-LOC\nagreed -X- _ O\n. -X- _ O\n\n";
	struct fixture		 fx;
	struct export_options	 o;
	struct export_report	 r;
	struct store_span	 sp;
	int64_t			 id, only[2];
	char			*path, *data, *err = NULL;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	id = fixture_article_full(fx.s, "Five", "five.txt", TEXT5, NULL);
	add_span(&fx, id, TEXT5, "Angela Merkel", "PER", "alice",
	    STORE_ACCEPTED, "");
	/* Inside the longer span: left out. */
	add_span(&fx, id, TEXT5, "Merkel met", "LOC", "alice", STORE_ACCEPTED,
	    "");
	/* The same span by another annotator: a duplicate, left out. */
	add_span(&fx, id, TEXT5, "Angela Merkel", "PER", "bob",
	    STORE_ACCEPTED, "");
	add_span(&fx, id, TEXT5, "Smith", "PER", "alice", STORE_ACCEPTED, "");
	/* Not on token boundaries: widened. */
	add_span(&fx, id, TEXT5, "Berl", "LOC", "alice", STORE_ACCEPTED, "");
	add_span(&fx, id, TEXT5, "Merkel's", "PER", "alice", STORE_ACCEPTED,
	    "");
	add_span(&fx, id, TEXT5, "東京", "LOC", "alice", STORE_ACCEPTED, "");
	/* Across the line end: the two sentences become one. */
	add_span(&fx, id, TEXT5, "visit ended.\nZürich", "MISC", "alice",
	    STORE_ACCEPTED, "");
	/* Only a space: on no token. */
	memset(&sp, 0, sizeof(sp));
	sp.article_id = id;
	sp.start = sp.start_byte = 6;
	sp.end = sp.end_byte = 7;
	sp.label = "MISC";
	sp.annotator = "alice";
	sp.note = "";
	if (store_span_add(fx.s, &sp, NULL, &err) == -1) {
		CHECK_FAIL("store_span_add: %s", err);
		free(err);
	}
	memset(&o, 0, sizeof(o));
	o.format = EXPORT_CONLL;
	only[0] = id;
	only[1] = fx.a3;
	o.filter.articles = only;
	o.filter.narticles = 2;
	o.message = on_export_message;
	o.report = &r;
	buf_free(&export_said);
	path = export_to(&fx, &o, "out.conll");
	data = read_text(path);
	CHECK_MSG(strcmp(data, want) == 0, "CoNLL export:\n%s\nwant:\n%s",
	    data, want);
	free(data);
	CHECK_INT(r.articles, 2);
	CHECK_INT(r.spans, 6);
	CHECK_INT(r.overlapping, 2);
	CHECK_INT(r.duplicates, 1);
	CHECK_INT(r.widened, 1);
	CHECK_INT(r.tokenless, 1);
	data = export_said.data ? export_said.data : "";
	CHECK_MSG(strstr(data, "\"Berl\" [31, 35) is not on token boundaries: "
	    "tagged as \"Berlin\"") != NULL, "said: %s", data);
	CHECK_MSG(strstr(data, "LOC \"Merkel met\" overlaps span") != NULL,
	    "said: %s", data);
	CHECK_MSG(strstr(data, "MISC \" \" [6, 7) is on no token") != NULL,
	    "said: %s", data);
	CHECK_MSG(strstr(data, "2 overlapping spans left out for longer ones "
	    "(1 of them the same tokens and label as a span kept)") != NULL,
	    "said: %s", data);
	free(path);

	/* BILOU and IOB1 of the same. */
	o.scheme = CONLL_BILOU;
	o.message = NULL;
	path = export_to(&fx, &o, "out.bilou");
	data = read_text(path);
	CHECK(strstr(data, "Angela -X- _ B-PER\nMerkel -X- _ L-PER\n") != NULL);
	CHECK(strstr(data, "Smith -X- _ U-PER\n") != NULL);
	CHECK(strstr(data, ". -X- _ I-MISC\nZürich -X- _ L-MISC\n") != NULL);
	free(data);
	free(path);
	o.scheme = CONLL_IOB1;
	path = export_to(&fx, &o, "out.iob1");
	data = read_text(path);
	CHECK(strstr(data, "Angela -X- _ I-PER\nMerkel -X- _ I-PER\n") != NULL);
	CHECK(strstr(data, "Merkel -X- _ I-PER\n's -X- _ I-PER\n"
	    "visit -X- _ I-MISC\n") != NULL);
	free(data);
	free(path);
	buf_free(&export_said);
	fixture_close(&fx);
}

/* The filters choose spans, not articles: every article comes out. */
static void
test_article_filters(void)
{
	const char		*loc[] = { "LOC", NULL };
	struct fixture		 fx;
	struct export_options	 o;
	struct json		*j;
	const struct json	*ids;
	char			*path, *err = NULL;

	if (fixture_open(&fx) == -1) {
		fixture_close(&fx);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.format = EXPORT_JSONL;
	o.filter.labels = loc;
	path = export_to(&fx, &o, "loc.jsonl");
	j = python_read(&fx, python_jsonl, sizeof(python_jsonl) - 1, path);
	ids = json_get(j, "ids");
	CHECK(ids != NULL && ids->n == 3);
	CHECK(json_get(j, "spans") != NULL &&
	    json_get(j, "spans")->integer == 2);
	json_free(j);
	free(path);

	/* --done: only articles marked done. */
	if (store_article_set_done(fx.s, fx.a2, "bob", 1, &err) == -1) {
		CHECK_FAIL("%s", err);
		free(err);
	}
	memset(&o, 0, sizeof(o));
	o.format = EXPORT_JSONL;
	o.filter.done = 1;
	path = export_to(&fx, &o, "done.jsonl");
	j = python_read(&fx, python_jsonl, sizeof(python_jsonl) - 1, path);
	ids = json_get(j, "ids");
	CHECK(ids != NULL && ids->n == 1 && ids->items[0].integer == fx.a2);
	json_free(j);
	free(path);
	fixture_close(&fx);
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
	{ "export: format names", test_format_names },
	{ "export: JSONL read by Python (ZWJ, flags, marks), imported back "
	    "to the same spans", test_jsonl_round_trip },
	{ "export: brat folder, imported back to the same spans",
	    test_brat_round_trip },
	{ "export: CoNLL tokens, sentences, overlaps, widening, schemes",
	    test_conll },
	{ "export: filters choose spans; every article comes out",
	    test_article_filters },
};

CHECK_MAIN(tests)
