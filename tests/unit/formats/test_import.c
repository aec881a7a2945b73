/*
 * test_import.c: importing folders (order, binary, empty, unreadable,
 * FIFO, link loops), stdin, JSONL with spans in margin's, doccano's and
 * spaCy/Prodigy's shapes carried through canonicalisation, with entity
 * links and relations; dedup; CSV and TSV; CoNLL in every scheme with odd
 * tokens; brat pairs.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "margin/import.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/util.h"

/* Messages the importer gave, one per line: "E path: text" or "N ...". */
static struct buf messages;

static void
messages_free(void)
{
	buf_free(&messages);
}

static void
on_message(void *ctx, int is_error, const char *path, const char *text)
{
	(void)ctx;
	buf_printf(&messages, "%s %s: %s\n", is_error ? "E" : "N", path, text);
}

static size_t progress_calls;
static size_t progress_last;

static void
on_progress(void *ctx, const struct import_report *r)
{
	(void)ctx;
	progress_calls++;
	progress_last = r->added + r->duplicates;
}

/* How many message lines start with "KIND PATH: " and contain what. */
static size_t
count_messages(const char *kind, const char *path, const char *what)
{
	char		*prefix = xasprintf("%s %s: ", kind, path);
	const char	*line = messages.data ? messages.data : "";
	size_t		 n = 0, plen = strlen(prefix);

	while (*line != '\0') {
		const char	*end = strchr(line, '\n');
		size_t		 len = end ? (size_t)(end - line) : strlen(line);
		char		*one = xstrndup(line, len);

		if (strncmp(one, prefix, plen) == 0 &&
		    strstr(one + plen, what) != NULL)
			n++;
		free(one);
		line = end ? end + 1 : line + strlen(line);
	}
	free(prefix);
	return n;
}

#define CHECK_MESSAGE(kind, path, what, want) do {			\
	size_t	 got_ = count_messages(kind, path, what);		\
	CHECK_MSG(got_ == (size_t)(want), "%zu messages \"%s %s: ...%s...\""\
	    ", want %d; messages were:\n%s", got_, kind, path, what,	\
	    (int)(want), messages.data ? messages.data : "(none)");	\
} while (0)

static void
write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*f = fopen(path, "wb");

	CHECK_MSG(f != NULL, "cannot write %s", path);
	if (f != NULL) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
	free(path);
}
#define WRITE(dir, name, s) write_file(dir, name, s, sizeof(s) - 1)

static void
remove_tree(const char *path)
{
	char	*cmd = xasprintf("chmod -R u+rwx '%s' 2>/dev/null; "
		    "rm -rf '%s'", path, path);

	if (system(cmd) != 0)
		printf("    (could not remove %s)\n", path);
	free(cmd);
}

static void
options_init(struct import_options *o)
{
	static int	 registered;

	/* The last test's messages are freed at exit, not by a test. */
	if (!registered) {
		atexit(messages_free);
		registered = 1;
	}
	memset(o, 0, sizeof(*o));
	o->format = IMPORT_AUTO;
	o->message = on_message;
	o->progress = on_progress;
	buf_free(&messages);
	progress_calls = progress_last = 0;
}

/* The articles in import order. */
static size_t
articles(struct store *s, struct store_article **rows)
{
	struct store_article_filter	 f;
	size_t				 n = 0;
	char				*err = NULL;

	memset(&f, 0, sizeof(f));
	f.annotator = "tester";
	*rows = NULL;
	if (store_article_rows(s, &f, 0, 1000, rows, &n, &err) == -1) {
		CHECK_FAIL("store_article_rows: %s", err);
		free(err);
		return 0;
	}
	return n;
}

/* Code point index of needle in s: counts UTF-8 lead bytes, independently
   of the text module. */
static size_t
cp_index(const char *s, const char *needle)
{
	const char	*at = strstr(s, needle);
	size_t		 n = 0;

	if (at == NULL) {
		CHECK_FAIL("\"%s\" is not in the test text", needle);
		return 0;
	}
	for (; s < at; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static size_t
cp_len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static void
test_folder_tree(void)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	*rows, a;
	char			*dir, *p, *err = NULL, *want;
	const char		*order[] = { "Z.txt", "a.txt", "b.txt",
				    "sub/c.md", "sub/deeper/d.txt" };
	size_t			 n, i;
	int			 root = geteuid() == 0;

	if ((dir = fixture_tmpdir("import")) == NULL)
		return;
	if ((s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	p = xasprintf("%s/sub", dir);
	mkdir(p, 0755);
	free(p);
	p = xasprintf("%s/sub/deeper", dir);
	mkdir(p, 0755);
	free(p);
	WRITE(dir, "b.txt", "Second by name\nBody b.\n");
	WRITE(dir, "a.txt", "\n  First by name  \r\nBody a\r\nmore.\r\n");
	/* strcmp order: capitals before small letters. */
	WRITE(dir, "Z.txt", "Capital Z comes first\nZ body \xff\xfe ok \xc3\n");
	WRITE(dir, ".hidden.txt", "never imported\n");
	WRITE(dir, "sub/c.md", "# Markdown c\n");
	WRITE(dir, "sub/deeper/d.txt", "Deep d\n");
	write_file(dir, "sub/binary.dat", "PK\x03\x04\0\0 binary", 14);
	WRITE(dir, "sub/empty.txt", " \n\t\r\n\xe3\x80\x80\n");
	WRITE(dir, "sub/zero.txt", "");
	/* A link back to the top: a loop that must not be followed. */
	p = xasprintf("%s/sub/up", dir);
	CHECK(symlink("..", p) == 0);
	free(p);
	p = xasprintf("%s/sub/fifo", dir);
	CHECK(mkfifo(p, 0644) == 0);
	free(p);
	WRITE(dir, "sub/locked.txt", "nobody may read this\n");
	p = xasprintf("%s/sub/locked.txt", dir);
	chmod(p, 0);
	free(p);
	if (root)
		printf("    (running as root: an unreadable file is readable, "
		    "so that part is not checked)\n");

	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, dir, &o, &r), -1);
	n = articles(s, &rows);
	CHECK_INT(n, 5 + root);
	for (i = 0; i < 5 && i < n; i++) {
		want = xasprintf("%s/%s", dir, order[i]);
		CHECK_STR(rows[i].source, want);
		free(want);
	}
	if (root && n == 6) {
		want = xasprintf("%s/sub/locked.txt", dir);
		CHECK_STR(rows[5].source, want);
		free(want);
	}
	if (n >= 5) {
		CHECK_STR(rows[0].title, "Capital Z comes first");
		CHECK_STR(rows[1].title, "First by name");
		CHECK_STR(rows[3].title, "# Markdown c");
	}
	/* a.txt is stored canonical: CRLF became LF. */
	if (n >= 2) {
		memset(&a, 0, sizeof(a));
		if (store_article_get(s, rows[1].id, "tester", &a, &err) == 0) {
			CHECK_STR(a.text,
			    "\n  First by name  \nBody a\nmore.\n");
			store_article_free(&a);
		} else {
			CHECK_FAIL("store_article_get: %s", err);
			free(err);
			err = NULL;
		}
	}
	store_article_rows_free(rows, n);

	CHECK_INT(r.added, 5 + root);
	CHECK_INT(r.duplicates, 0);
	CHECK_INT(r.skipped, 3);	/* binary, blank, zero bytes */
	CHECK_INT(r.failed, root ? 1 : 2);
	CHECK_INT(r.invalid, 3);
	CHECK_INT(progress_calls, 5 + root);
	CHECK_INT(progress_last, 5 + root);
	p = xasprintf("%s/Z.txt", dir);
	CHECK_MESSAGE("N", p, "3 invalid UTF-8 sequences replaced with U+FFFD",
	    1);
	free(p);
	p = xasprintf("%s/sub/binary.dat", dir);
	CHECK_MESSAGE("N", p, "binary", 1);
	free(p);
	p = xasprintf("%s/sub/empty.txt", dir);
	CHECK_MESSAGE("N", p, "empty", 1);
	free(p);
	p = xasprintf("%s/sub/zero.txt", dir);
	CHECK_MESSAGE("N", p, "empty", 1);
	free(p);
	p = xasprintf("%s/sub/up", dir);
	CHECK_MESSAGE("N", p, "not followed", 1);
	free(p);
	p = xasprintf("%s/sub/fifo", dir);
	CHECK_MESSAGE("E", p, "not a regular file (a FIFO)", 1);
	free(p);
	p = xasprintf("%s/sub/locked.txt", dir);
	CHECK_MESSAGE("E", p, "Permission denied", root ? 0 : 1);
	free(p);
	CHECK(strstr(messages.data ? messages.data : "", "hidden") == NULL);

	/* Importing again adds nothing and says what each file duplicates. */
	options_init(&o);
	memset(&r, 0, sizeof(r));
	import_path(s, dir, &o, &r);
	CHECK_INT(r.added, 0);
	CHECK_INT(r.duplicates, 5 + root);
	p = xasprintf("%s/b.txt", dir);
	CHECK_MESSAGE("N", p, "duplicate of article 3", 1);
	free(p);
	n = articles(s, &rows);
	CHECK_INT(n, 5 + root);
	store_article_rows_free(rows, n);

	/* One file given directly; a FIFO given directly does not hang. */
	options_init(&o);
	memset(&r, 0, sizeof(r));
	p = xasprintf("%s/sub/fifo", dir);
	CHECK_INT(import_path(s, p, &o, &r), -1);
	CHECK_MESSAGE("E", p, "FIFO", 1);
	free(p);
	p = xasprintf("%s/missing.txt", dir);
	CHECK_INT(import_path(s, p, &o, &r), -1);
	CHECK_MESSAGE("E", p, "No such file or directory", 1);
	free(p);

	store_close(s);
	remove_tree(dir);
	free(dir);
}

/* Batches: a small batch size commits as it goes, and every article is
   reported to progress. */
static void
test_batches(void)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	*rows;
	char			*dir, *name, *text;
	size_t			 i, n;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	for (i = 0; i < 7; i++) {
		name = xasprintf("n%02zu.txt", i);
		text = xasprintf("Article number %zu\n", i);
		write_file(dir, name, text, strlen(text));
		free(name);
		free(text);
	}
	options_init(&o);
	o.batch = 3;
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, dir, &o, &r), 0);
	CHECK_INT(r.added, 7);
	CHECK_INT(progress_calls, 7);
	n = articles(s, &rows);
	CHECK_INT(n, 7);
	if (n == 7)
		CHECK_STR(rows[6].title, "Article number 6");
	store_article_rows_free(rows, n);
	store_close(s);
	remove_tree(dir);
	free(dir);
}

/* The texts of the JSONL test as given (raw) and as stored. */
#define T1	"\xef\xbb\xbfZoë 😀 met 東京 officials.\r\nAngela Merkel " \
		"e\xcc\x81 said so."
#define T1C	"Zoë 😀 met 東京 officials.\nAngela Merkel e\xcc\x81 said so."
#define T2	"Line one\r\nAngela Merkel visited Siemens in 北京.\r\n"
#define T2C	"Line one\nAngela Merkel visited Siemens in 北京.\n"
#define T3	"Emmanuel Macron 🇫🇷 spoke in Paris."
#define T4	"Berlin and Tokyo."
#define T9	"Alice met Bob\x01."
#define T9C	"Alice met Bob."

/* A span object {start, end, label[, text][, annotator]} at needle. */
static void
span_object(struct buf *b, const char *text, const char *needle,
    const char *label, int with_text, const char *annotator)
{
	size_t	 st = cp_index(text, needle);

	buf_printf(b, "{\"start\": %zu, \"end\": %zu, \"label\": \"%s\"",
	    st, st + cp_len(needle), label);
	if (with_text) {
		buf_adds(b, ", \"text\": ");
		json_write_string(b, needle, strlen(needle));
	}
	if (annotator != NULL)
		buf_printf(b, ", \"annotator\": \"%s\"", annotator);
	buf_addc(b, '}');
}

static void
span_array(struct buf *b, const char *text, const char *needle,
    const char *label)
{
	size_t	 st = cp_index(text, needle);

	buf_printf(b, "[%zu, %zu, \"%s\"]", st, st + cp_len(needle), label);
}

/* Replace the first from in b by to. */
static void
buf_replace(struct buf *b, const char *from, const char *to)
{
	char		*at = strstr(b->data, from);
	struct buf	 n = BUF_INIT;

	if (at == NULL)
		return;
	buf_add(&n, b->data, (size_t)(at - b->data));
	buf_adds(&n, to);
	buf_adds(&n, at + strlen(from));
	buf_free(b);
	*b = n;
}

static void
jsonl_document(struct buf *b)
{
	/* 1: margin's shape; a BOM opens the file and the text; the emoji
	   is written as a surrogate pair escape. */
	buf_adds(b, "\xef\xbb\xbf{\"text\": ");
	json_write_string(b, T1, strlen(T1));
	buf_replace(b, "😀", "\\ud83d\\ude00");
	buf_adds(b, ", \"title\": \"First\", \"id\": 7, \"date\": "
	    "\"2024-01-02\", \"meta\": {\"lang\": \"de\", \"id\": 99}, "
	    "\"extra\": true, \"spans\": [");
	span_object(b, T1, "Zoë", "PER", 1, "alice");
	buf_adds(b, ", ");
	span_object(b, T1, "東京", "LOC", 1, NULL);
	buf_adds(b, ", ");
	span_object(b, T1, "Angela Merkel", "PER", 1, NULL);
	buf_adds(b, ", ");
	span_object(b, T1, "e\xcc\x81", "MISC", 0, NULL);
	buf_adds(b, ", ");
	/* Across the CRLF: its text canonicalises like the article's. */
	span_object(b, T1, "officials.\r\nAngela", "MISC", 1, NULL);
	buf_adds(b, "]}\n");

	/* 2: doccano, CRLF line ending. */
	buf_adds(b, "{\"id\": \"doc-2\", \"url\": \"https://example.org/2\", "
	    "\"text\": ");
	json_write_string(b, T2, strlen(T2));
	buf_adds(b, ", \"label\": [");
	span_array(b, T2, "Angela Merkel", "PER");
	buf_adds(b, ", ");
	span_array(b, T2, "Siemens", "ORG");
	buf_adds(b, ", ");
	span_array(b, T2, "北京", "LOC");
	buf_adds(b, "]}\r\n");

	/* 3: blank. */
	buf_adds(b, "\n");

	/* 4: Prodigy / spaCy. */
	buf_adds(b, "{\"text\": \"" T3 "\", \"_input_hash\": 123, "
	    "\"meta\": {\"source\": \"feed\"}, \"answer\": \"accept\", "
	    "\"spans\": [");
	span_object(b, T3, "Emmanuel Macron", "PER", 0, NULL);
	buf_adds(b, ", {\"start\": ");
	buf_printf(b, "%zu, \"end\": %zu, \"token_start\": 5, "
	    "\"token_end\": 5, \"label\": \"GPE\"}]}\n", cp_index(T3, "Paris"),
	    cp_index(T3, "Paris") + 5);

	/* 5: spaCy's "entities" alias. */
	buf_adds(b, "{\"text\": \"" T4 "\", \"source\": \"wire\", "
	    "\"entities\": [[0, 6, \"GPE\"], [11, 16, \"GPE\"]]}\n");

	/* 6-8: bad lines. */
	buf_adds(b, "{not json}\n");
	buf_adds(b, "[1, 2]\n");
	buf_adds(b, "{\"title\": \"no text\"}\n");

	/* 9: spans that do not fit are refused, the good one kept. */
	buf_adds(b, "{\"text\": \"Alice met Bob\\u0001.\", \"spans\": ["
	    "{\"start\": 0, \"end\": 5, \"label\": \"PER\", \"text\": \"Alicx\"},"
	    " [100, 105, \"PER\"],"
	    " {\"start\": 13, \"end\": 14, \"label\": \"PER\"},"
	    " [10, 13, \"bad label!\"],"
	    " {\"start\": \"0\", \"end\": 5, \"label\": \"PER\"},"
	    " [10, 13, \"PER\"]]}\n");

	/* 10: blank with a CR; 11: an empty text, with no final LF. */
	buf_adds(b, "   \r\n");
	buf_adds(b, "{\"text\": \" \\n \"}");
}

struct want_span {
	const char	*canon;		/* the canonical text */
	const char	*needle;
	const char	*label;
	const char	*annotator;
};

/* The spans of article id are exactly want[0..n), in text order. */
static void
check_spans(struct store *s, int64_t id, const struct want_span *want,
    size_t n)
{
	struct store_span	*v = NULL;
	size_t			 nv = 0, i, st;
	char			*err = NULL;

	if (store_span_list(s, id, NULL, &v, &nv, &err) == -1) {
		CHECK_FAIL("store_span_list: %s", err);
		free(err);
		return;
	}
	CHECK_MSG(nv == n, "article %lld has %zu spans, want %zu",
	    (long long)id, nv, n);
	for (i = 0; i < n && i < nv; i++) {
		st = cp_index(want[i].canon, want[i].needle);
		CHECK_STR(v[i].text, want[i].needle);
		CHECK_INT(v[i].start, st);
		CHECK_INT(v[i].end, st + cp_len(want[i].needle));
		CHECK_INT(v[i].start_byte, strstr(want[i].canon,
		    want[i].needle) - want[i].canon);
		CHECK_INT(v[i].end_byte, v[i].start_byte +
		    strlen(want[i].needle));
		CHECK_STR(v[i].label, want[i].label);
		CHECK_STR(v[i].annotator, want[i].annotator);
		CHECK_INT(v[i].status, STORE_ACCEPTED);
		CHECK_INT(v[i].origin, STORE_IMPORTED);
	}
	store_spans_free(v, nv);
}

static size_t
total_spans(struct store *s)
{
	struct store_article	*rows;
	struct store_span	*v;
	size_t			 n = articles(s, &rows), i, nv, total = 0;
	char			*err = NULL;

	for (i = 0; i < n; i++) {
		if (store_span_list(s, rows[i].id, NULL, &v, &nv, &err) == 0) {
			total += nv;
			store_spans_free(v, nv);
		} else {
			free(err);
			err = NULL;
		}
	}
	store_article_rows_free(rows, n);
	return total;
}

static void
test_jsonl(void)
{
	static const struct want_span w1[] = {
		{ T1C, "Zoë", "PER", "alice" },
		{ T1C, "東京", "LOC", "imported" },
		{ T1C, "officials.\nAngela", "MISC", "imported" },
		{ T1C, "Angela Merkel", "PER", "imported" },
		{ T1C, "e\xcc\x81", "MISC", "imported" },
	}, w2[] = {
		{ T2C, "Angela Merkel", "PER", "imported" },
		{ T2C, "Siemens", "ORG", "imported" },
		{ T2C, "北京", "LOC", "imported" },
	}, w3[] = {
		{ T3, "Emmanuel Macron", "PER", "imported" },
		{ T3, "Paris", "GPE", "imported" },
	}, w4[] = {
		{ T4, "Berlin", "GPE", "imported" },
		{ T4, "Tokyo", "GPE", "imported" },
	}, w9[] = {
		{ T9C, "Bob", "PER", "imported" },
	};
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	*rows, a;
	struct store_label	*labels;
	struct json		*meta;
	struct buf		 doc = BUF_INIT;
	char			*dir, *path, *where, *err = NULL;
	size_t			 n, nlabels, i;
	int			 had_gpe = 0;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	jsonl_document(&doc);
	write_file(dir, "data.jsonl", doc.data, doc.len);
	buf_free(&doc);
	path = xasprintf("%s/data.jsonl", dir);
	if (store_label_list(s, &labels, &nlabels, &err) == 0) {
		for (i = 0; i < nlabels; i++)
			had_gpe |= strcmp(labels[i].name, "GPE") == 0;
		store_labels_free(labels, nlabels);
	} else {
		free(err);
		err = NULL;
	}
	CHECK(!had_gpe);

	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, path, &o, &r), -1);
	CHECK_INT(r.added, 5);
	CHECK_INT(r.skipped, 1);
	CHECK_INT(r.spans, 13);
	CHECK_INT(r.failed, 3 + 5);
	CHECK_INT(r.duplicates, 0);

	n = articles(s, &rows);
	CHECK_INT(n, 5);
	if (n == 5) {
		CHECK_STR(rows[0].title, "First");
		CHECK_STR(rows[0].source, path);
		CHECK_STR(rows[1].title, "Line one");
		CHECK_STR(rows[1].source, "https://example.org/2");
		CHECK_STR(rows[2].source, path);
		CHECK_STR(rows[3].source, "wire");
		check_spans(s, rows[0].id, w1, 5);
		check_spans(s, rows[1].id, w2, 3);
		check_spans(s, rows[2].id, w3, 2);
		check_spans(s, rows[3].id, w4, 2);
		check_spans(s, rows[4].id, w9, 1);

		memset(&a, 0, sizeof(a));
		if (store_article_get(s, rows[0].id, "tester", &a, &err) == 0) {
			CHECK_STR(a.text, T1C);
			/* date and unknown members are kept; a "meta"
			   object is merged, and the record's own id beside
			   it is the exporting database's: meta's wins. */
			CHECK_STR(a.meta, "{\"date\":\"2024-01-02\","
			    "\"lang\":\"de\",\"id\":99,\"extra\":true}");
			store_article_free(&a);
		} else {
			CHECK_FAIL("store_article_get: %s", err);
			free(err);
			err = NULL;
		}
		memset(&a, 0, sizeof(a));
		if (store_article_get(s, rows[2].id, "tester", &a, &err) == 0) {
			meta = json_parse(a.meta, strlen(a.meta), 0, &err);
			CHECK(meta != NULL);
			CHECK(json_get(meta, "_input_hash") != NULL &&
			    json_get(meta, "_input_hash")->integer == 123);
			CHECK_STR(json_get_string(meta, "source"), "feed");
			/* Prodigy's answer is the spans' status. */
			CHECK(json_get(meta, "answer") == NULL);
			CHECK(json_get(meta, "spans") == NULL);
			CHECK(json_get(meta, "text") == NULL);
			json_free(meta);
			store_article_free(&a);
		} else {
			CHECK_FAIL("store_article_get: %s", err);
			free(err);
			err = NULL;
		}
	}
	store_article_rows_free(rows, n);

	/* Errors name FILE:LINE. */
	where = xasprintf("%s:6", path);
	CHECK_MESSAGE("E", where, "byte 1:", 1);
	free(where);
	where = xasprintf("%s:7", path);
	CHECK_MESSAGE("E", where, "must be a JSON object, not an array", 1);
	free(where);
	where = xasprintf("%s:8", path);
	CHECK_MESSAGE("E", where, "no \"text\" string", 1);
	free(where);
	where = xasprintf("%s:9", path);
	CHECK_MESSAGE("E", where, "span 1 [0, 5): its text \"Alicx\" does not "
	    "match the article's \"Alice\"", 1);
	CHECK_MESSAGE("E", where, "span 2 [100, 105): out of range (the text "
	    "has 15 code points)", 1);
	CHECK_MESSAGE("E", where, "span 3 [13, 14): nothing of it is left", 1);
	CHECK_MESSAGE("E", where, "span 4: label \"bad label!\" is not a "
	    "valid name", 1);
	CHECK_MESSAGE("E", where, "span 5: start and end must be whole", 1);
	free(where);
	where = xasprintf("%s:11", path);
	CHECK_MESSAGE("N", where, "empty text, skipped", 1);
	free(where);
	/* A new label is added and said once, where it first appears. */
	where = xasprintf("%s:4", path);
	CHECK_MESSAGE("N", where, "new label GPE added", 1);
	free(where);
	where = xasprintf("%s:5", path);
	CHECK_MESSAGE("N", where, "new label GPE", 0);
	free(where);
	had_gpe = 0;
	if (store_label_list(s, &labels, &nlabels, &err) == 0) {
		for (i = 0; i < nlabels; i++)
			had_gpe |= strcmp(labels[i].name, "GPE") == 0;
		store_labels_free(labels, nlabels);
	} else
		free(err);
	CHECK(had_gpe);

	/* Again: every text is a duplicate and no span is added twice. */
	options_init(&o);
	memset(&r, 0, sizeof(r));
	import_path(s, path, &o, &r);
	CHECK_INT(r.added, 0);
	CHECK_INT(r.duplicates, 5);
	CHECK_INT(r.spans, 0);
	CHECK_INT(total_spans(s), 13);
	where = xasprintf("%s:1", path);
	CHECK_MESSAGE("N", where, "duplicate of article 1 (its 5 annotations "
	    "not imported)", 1);
	free(where);

	store_close(s);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* options.annotator names every imported span, over the span's own. */
static void
test_jsonl_annotator(void)
{
	static const struct want_span w[] = {
		{ "Ada Lovelace wrote.", "Ada Lovelace", "PER", "bob" },
	};
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	*rows;
	char			*dir, *path;
	size_t			 n;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	WRITE(dir, "a.jsonl", "{\"text\": \"Ada Lovelace wrote.\", \"spans\": "
	    "[{\"start\": 0, \"end\": 12, \"label\": \"PER\", \"annotator\": "
	    "\"alice\"}]}\n");
	path = xasprintf("%s/a.jsonl", dir);
	options_init(&o);
	o.annotator = "bob";
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, path, &o, &r), 0);
	n = articles(s, &rows);
	CHECK_INT(n, 1);
	if (n == 1)
		check_spans(s, rows[0].id, w, 1);
	store_article_rows_free(rows, n);
	store_close(s);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* A span's entity: by kb_id an entity of this database, by the file's id
   the same entity for every mention, two of one name kept two; relations
   between the record's spans, with the refusals named; other tools'
   relations stay metadata. */
static void
test_jsonl_entities(void)
{
	struct import_options		 o;
	struct import_report		 r;
	struct store			*s;
	struct store_article		*rows = NULL, a;
	struct store_span		*v = NULL;
	struct store_relation		*rel = NULL;
	struct store_relation_label	*rl = NULL;
	struct store_entity		*ents = NULL;
	char				*dir, *path, *where, *err = NULL;
	size_t				 n, nv = 0, nrel = 0, nrl = 0, nents = 0;
	int64_t				 ada = 0;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	CHECK_INT(store_entity_add(s, "PER", "Ada King", "Q7259", &ada, &err),
	    0);
	WRITE(dir, "e.jsonl", "{\"text\": \"Ada met Bob and Bob.\", \"spans\": ["
	    "{\"start\": 0, \"end\": 3, \"label\": \"PER\", \"entity\": "
	    "{\"id\": 5, \"name\": \"Ada Lovelace\", \"kb_id\": \"Q7259\"}},"
	    "{\"start\": 8, \"end\": 11, \"label\": \"PER\", \"entity\": "
	    "{\"id\": 6, \"name\": \"Bob\", \"status\": \"suggested\"}},"
	    "{\"start\": 16, \"end\": 19, \"label\": \"PER\", \"entity\": "
	    "{\"id\": 7, \"name\": \"Bob\", \"kb_id\": \"\"}},"
	    "{\"start\": 4, \"end\": 7, \"label\": \"MISC\", \"text\": \"no\"},"
	    "{\"start\": 12, \"end\": 15, \"label\": \"MISC\", \"entity\": "
	    "{\"id\": 8, \"name\": \"and\", \"status\": \"maybe\"}}],"
	    "\"relations\": ["
	    "{\"from\": 0, \"to\": 1, \"label\": \"met_with\", \"note\": \"n\"},"
	    "{\"from\": 0, \"to\": 9, \"label\": \"met_with\"},"
	    "{\"from\": 0, \"to\": 3, \"label\": \"met_with\"},"
	    "{\"from\": 0, \"to\": 2, \"label\": \"bad label\"},"
	    "{\"from\": 2, \"to\": 0, \"label\": \"knows\", "
	    "\"status\": \"rejected\", \"origin\": \"model\"}]}\n"
	    "{\"text\": \"Bob again.\", \"spans\": [{\"start\": 0, \"end\": 3, "
	    "\"label\": \"PER\", \"entity\": {\"id\": 7, \"name\": \"Bob\"}}]}\n"
	    "{\"text\": \"Prodigy's own.\", \"spans\": [], \"relations\": "
	    "[{\"head\": 0, \"child\": 1, \"label\": \"x\"}]}\n");
	path = xasprintf("%s/e.jsonl", dir);
	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, path, &o, &r), -1);
	CHECK_INT(r.added, 3);
	where = xasprintf("%s:1", path);
	CHECK_MESSAGE("E", where, "span 4 [4, 7): its text", 1);
	CHECK_MESSAGE("E", where, "span 5: its entity's \"status\" is not "
	    "accepted, suggested or rejected: the span comes in unlinked", 1);
	CHECK_MESSAGE("E", where, "relation 2: \"from\" or \"to\" is no index "
	    "of \"spans\"", 1);
	CHECK_MESSAGE("E", where, "relation 3: one of its spans was not "
	    "imported", 1);
	CHECK_MESSAGE("E", where, "relation label \"bad label\" is not a "
	    "valid name", 1);
	CHECK_MESSAGE("N", where, "new relation label met_with added", 1);
	CHECK_MESSAGE("N", where, "new relation label knows added", 1);
	free(where);
	n = articles(s, &rows);
	CHECK_INT(n, 3);
	if (n == 3 && store_span_list(s, rows[0].id, NULL, &v, &nv,
	    &err) == 0 && nv == 4) {
		/* Linked by kb_id to the entity here, whatever the name. */
		CHECK_INT(v[0].entity_id, ada);
		CHECK_STR(v[0].entity_name, "Ada King");
		CHECK_INT(v[1].entity_status, STORE_SUGGESTED);
		/* Two Bobs of the file, two entities; "and" unlinked. */
		CHECK(v[1].entity_id != 0 && v[3].entity_id != 0 &&
		    v[1].entity_id != v[3].entity_id);
		CHECK_STR(v[3].entity_name, "Bob");
		CHECK_INT(v[2].entity_id, 0);
		CHECK_INT(store_relation_list(s, rows[0].id, NULL, 1, &rel,
		    &nrel, &err), 0);
		CHECK_INT(nrel, 2);
		if (nrel == 2) {
			CHECK_STR(rel[0].label, "met_with");
			CHECK_INT(rel[0].src, v[0].id);
			CHECK_INT(rel[0].dst, v[1].id);
			CHECK_STR(rel[0].note, "n");
			CHECK_STR(rel[0].annotator, "imported");
			CHECK_INT(rel[0].origin, STORE_IMPORTED);
			CHECK_STR(rel[1].label, "knows");
			CHECK_INT(rel[1].status, STORE_REJECTED);
			CHECK_INT(rel[1].origin, STORE_MODEL);
		}
		store_relations_free(rel, nrel);
		/* The file's entity 7 is the same in the second record. */
		store_spans_free(v, nv);
		v = NULL;
		nv = 0;
		CHECK_INT(store_span_list(s, rows[1].id, NULL, &v, &nv, &err),
		    0);
		CHECK_INT(nv, 1);
		if (nv == 1)
			CHECK_STR(v[0].entity_name, "Bob");
		/* (v[0] of the first article was checked above.) */
	} else
		CHECK_FAIL("the first article's spans: %s", err ? err : "");
	if (n == 3) {
		memset(&a, 0, sizeof(a));
		CHECK_INT(store_article_get(s, rows[2].id, NULL, &a, &err), 0);
		CHECK(a.meta != NULL && strstr(a.meta, "\"head\"") != NULL);
		store_article_free(&a);
	}
	store_spans_free(v, nv);
	CHECK_INT(store_entity_list(s, NULL, 0, &ents, &nents, &err), 0);
	CHECK_INT(nents, 3);
	store_entities_free(ents, nents);
	CHECK_INT(store_relation_label_list(s, &rl, &nrl, &err), 0);
	CHECK_INT(nrl, 2);
	store_relation_labels_free(rl, nrl);
	store_article_rows_free(rows, n);
	store_close(s);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* Invalid UTF-8 inside a JSON string is repaired like a text file's, and
   counts as one code point for the offsets; a "spans" that is no list is
   an error but the article still comes in. */
static void
test_jsonl_repairs(void)
{
	static const struct want_span w[] = {
		{ "Caf\xef\xbf\xbd ok Bob", "Bob", "PER", "imported" },
	};
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	*rows;
	char			*dir, *path, *where;
	size_t			 n;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	WRITE(dir, "r.jsonl", "{\"text\": \"Caf\xc3 ok Bob\", \"spans\": "
	    "[[8, 11, \"PER\", \"ignored\"]]}\n"
	    "{\"text\": \"Second article\", \"spans\": \"oops\"}\n");
	path = xasprintf("%s/r.jsonl", dir);
	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, path, &o, &r), -1);
	CHECK_INT(r.added, 2);
	CHECK_INT(r.invalid, 1);
	CHECK_INT(r.spans, 1);
	where = xasprintf("%s:1", path);
	CHECK_MESSAGE("N", where, "1 invalid UTF-8 sequence replaced with "
	    "U+FFFD", 1);
	free(where);
	where = xasprintf("%s:2", path);
	CHECK_MESSAGE("E", where, "spans must be a list, not string", 1);
	free(where);
	n = articles(s, &rows);
	CHECK_INT(n, 2);
	if (n == 2)
		check_spans(s, rows[0].id, w, 1);
	store_article_rows_free(rows, n);
	store_close(s);
	free(path);
	remove_tree(dir);
	free(dir);
}

/*
 * U+0000 in the members that are stored as strings: the title, source,
 * url, a span's annotator and note lose it as the text does, with a
 * notice, and keep what follows (a C string would end at it, silently)
 * and their other characters (ESC stays in the note); a label that holds
 * one is no label name, and its span is refused with the line; metadata
 * keeps it, escaped.
 */
static void
test_jsonl_nul_in_strings(void)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	*rows, a;
	struct store_span	*v = NULL;
	char			*dir, *path, *where, *err = NULL;
	size_t			 n, nv = 0;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	WRITE(dir, "n.jsonl", "{\"title\": \"Ada\\u0000 notes\", "
	    "\"source\": \"https://example.org/a\\u0000b?c=1\", "
	    "\"text\": \"Ada Lovelace wrote\\u0000 notes.\", "
	    "\"extra\": \"x\\u0000y\", \"spans\": ["
	    "{\"start\": 0, \"end\": 3, \"label\": \"PER\\u0000X\"}, "
	    "{\"start\": 4, \"end\": 12, \"label\": \"PER\", "
	    "\"annotator\": \"bo\\u0000b\", "
	    "\"note\": \"a\\u0000 \\u001bnote\"}]}\n"
	    "{\"url\": \"https://example.org/\\u0000u\", "
	    "\"text\": \"Second article\"}\n");
	path = xasprintf("%s/n.jsonl", dir);
	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, path, &o, &r), -1);
	CHECK_INT(r.added, 2);
	CHECK_INT(r.spans, 1);
	CHECK_INT(r.failed, 1);
	where = xasprintf("%s:1", path);
	CHECK_MESSAGE("N", where, "title: 1 U+0000 character removed", 1);
	CHECK_MESSAGE("N", where, "source: 1 U+0000 character removed", 1);
	CHECK_MESSAGE("E", where, "span 1: the label is not a valid name", 1);
	CHECK_MESSAGE("N", where, "span 2: annotator: 1 U+0000 character "
	    "removed", 1);
	CHECK_MESSAGE("N", where, "span 2: note: 1 U+0000 character "
	    "removed", 1);
	free(where);
	where = xasprintf("%s:2", path);
	CHECK_MESSAGE("N", where, "url: 1 U+0000 character removed", 1);
	free(where);
	n = articles(s, &rows);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(rows[0].title, "Ada notes");
		CHECK_STR(rows[0].source, "https://example.org/ab?c=1");
		memset(&a, 0, sizeof(a));
		if (store_article_get(s, rows[0].id, "tester", &a,
		    &err) == 0) {
			CHECK_STR(a.meta, "{\"extra\":\"x\\u0000y\"}");
			store_article_free(&a);
		} else
			CHECK_FAIL("store_article_get: %s", err);
		CHECK_STR(rows[1].source, "https://example.org/u");
		if (store_span_list(s, rows[0].id, NULL, &v, &nv, &err) == -1)
			CHECK_FAIL("store_span_list: %s", err);
		CHECK_INT(nv, 1);
		if (nv == 1) {
			CHECK_STR(v[0].label, "PER");
			CHECK_STR(v[0].text, "Lovelace");
			CHECK_STR(v[0].annotator, "bob");
			CHECK_STR(v[0].note, "a \033note");
		}
		store_spans_free(v, nv);
	}
	store_article_rows_free(rows, n);
	store_close(s);
	free(err);
	free(path);
	remove_tree(dir);
	free(dir);
}

/* "-" reads stdin: text by default, JSONL with the format given. */
static int
import_stdin_bytes(struct store *s, const char *data,
    const struct import_options *o, struct import_report *r)
{
	int	 fds[2], saved, rc;

	if (pipe(fds) == -1) {
		CHECK_FAIL("pipe: %s", strerror(errno));
		return -2;
	}
	/* Small enough for the pipe's buffer: written before reading. */
	if (write(fds[1], data, strlen(data)) != (ssize_t)strlen(data))
		CHECK_FAIL("write to pipe");
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	dup2(fds[0], STDIN_FILENO);
	close(fds[0]);
	rc = import_path(s, "-", o, r);
	dup2(saved, STDIN_FILENO);
	close(saved);
	return rc;
}

static void
test_stdin(void)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	*rows;
	size_t			 n;

	if ((s = fixture_memory("tester")) == NULL)
		return;
	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_stdin_bytes(s, "Piped title\r\nand a body\n", &o,
	    &r), 0);
	options_init(&o);
	o.format = IMPORT_JSONL;
	CHECK_INT(import_stdin_bytes(s, "{\"text\": \"From a pipe\", "
	    "\"spans\": [[7, 11, \"MISC\"]]}\n{\"text\": \"Second\", "
	    "\"source\": \"feed\"}\n{oops\n", &o, &r), -1);
	CHECK_MESSAGE("E", "stdin:3", "byte 1:", 1);
	CHECK_INT(r.added, 3);
	CHECK_INT(r.spans, 1);
	n = articles(s, &rows);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(rows[0].title, "Piped title");
		CHECK_STR(rows[0].source, "stdin");
		CHECK_STR(rows[1].source, "stdin");
		CHECK_STR(rows[2].source, "feed");
	}
	store_article_rows_free(rows, n);
	store_close(s);
}

static void
test_format_parse(void)
{
	enum import_format	 f = IMPORT_TEXT;

	CHECK_INT(import_format_parse("auto", &f), 0);
	CHECK_INT(f, IMPORT_AUTO);
	CHECK_INT(import_format_parse("jsonl", &f), 0);
	CHECK_INT(f, IMPORT_JSONL);
	CHECK_INT(import_format_parse("text", &f), 0);
	CHECK_INT(f, IMPORT_TEXT);
	CHECK_INT(import_format_parse("csv", &f), 0);
	CHECK_INT(f, IMPORT_CSV);
	CHECK_INT(import_format_parse("tsv", &f), 0);
	CHECK_INT(f, IMPORT_TSV);
	CHECK_INT(import_format_parse("conll", &f), 0);
	CHECK_INT(f, IMPORT_CONLL);
	CHECK_INT(import_format_parse("brat", &f), 0);
	CHECK_INT(f, IMPORT_BRAT);
	CHECK_INT(import_format_parse("JSONL", &f), -1);
	CHECK_INT(import_format_parse("xml", &f), -1);
}

/* The article at position i of the import order, with its text. */
static int
article_at(struct store *s, size_t i, struct store_article *a)
{
	struct store_article	*rows;
	size_t			 n = articles(s, &rows);
	char			*err = NULL;
	int			 rc = -1;

	memset(a, 0, sizeof(*a));
	if (i < n && store_article_get(s, rows[i].id, "tester", a,
	    &err) == 0)
		rc = 0;
	else
		CHECK_FAIL("no article %zu (of %zu): %s", i, n,
		    err ? err : "");
	free(err);
	store_article_rows_free(rows, n);
	return rc;
}

/* CSV and TSV: a header naming "text"; quoted fields over lines, CRLF,
   metadata from the other columns; records that cannot be read name
   FILE:LINE. */
static void
test_csv(void)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	 a;
	char			*dir, *path, *where;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	WRITE(dir, "a.csv", "\xef\xbb\xbfid,Title ,TEXT,source,lang\r\n"
	    "7,First,\"Line one\r\nSays \"\"hi\"\", Zoë.\",wire,de\r\n"
	    "8,,\"  \",x,en\r\n"
	    "9,,Only text here.\r\n"
	    "10,T,\"Extra\",s,en,surplus\r\n"
	    "11,\"never closed,text\n");
	WRITE(dir, "b.tsv", "text\ttitle\n"
	    "\"Tab\there, comma, fine\"\tTabbed\n");
	WRITE(dir, "c.csv", "title,body\nA,B\n");
	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, dir, &o, &r), -1);
	CHECK_INT(r.added, 4);
	CHECK_INT(r.skipped, 1);
	if (article_at(s, 0, &a) == 0) {
		CHECK_STR(a.title, "First");
		CHECK_STR(a.text, "Line one\nSays \"hi\", Zoë.");
		CHECK_STR(a.source, "wire");
		CHECK_STR(a.meta, "{\"id\":\"7\",\"lang\":\"de\"}");
		store_article_free(&a);
	}
	if (article_at(s, 1, &a) == 0) {
		path = xasprintf("%s/a.csv", dir);
		CHECK_STR(a.title, "Only text here.");
		CHECK_STR(a.source, path);
		free(path);
		store_article_free(&a);
	}
	if (article_at(s, 3, &a) == 0) {
		CHECK_STR(a.text, "Tab\there, comma, fine");
		CHECK_STR(a.title, "Tabbed");
		store_article_free(&a);
	}
	where = xasprintf("%s/a.csv:4", dir);
	CHECK_MESSAGE("N", where, "empty text, skipped", 1);
	free(where);
	where = xasprintf("%s/a.csv:6", dir);
	CHECK_MESSAGE("N", where, "6 fields where the header has 5", 1);
	free(where);
	where = xasprintf("%s/a.csv", dir);
	CHECK_MESSAGE("E", where, "line 7: a quoted field is not closed", 1);
	free(where);
	where = xasprintf("%s/c.csv", dir);
	CHECK_MESSAGE("E", where, "names no \"text\" column (it has: "
	    "\"title\", \"body\")", 1);
	free(where);
	store_close(s);
	remove_tree(dir);
	free(dir);
}

/* Spans of article i as "LABEL[start,end]text" lines. */
static char *
spans_of(struct store *s, size_t i)
{
	struct store_article	*rows;
	struct store_span	*v = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n = articles(s, &rows), nv = 0, k;
	char			*err = NULL;

	buf_adds(&b, "");
	if (i < n && store_span_list(s, rows[i].id, NULL, &v, &nv,
	    &err) == 0) {
		for (k = 0; k < nv; k++)
			buf_printf(&b, "%s%s[%zu,%zu]%s", k > 0 ? " " : "",
			    v[k].label, v[k].start, v[k].end, v[k].text);
		store_spans_free(v, nv);
	}
	free(err);
	store_article_rows_free(rows, n);
	return buf_detach(&b);
}

#define CHECK_SPANS(s, i, want) do {					\
	char	*got_ = spans_of(s, i);					\
	CHECK_MSG(strcmp(got_, want) == 0, "article %d spans:\n      "	\
	    "got  %s\n      want %s", (int)(i), got_, want);		\
	free(got_);							\
} while (0)

/* CoNLL: documents become articles, the text is rebuilt, the tags of any
   scheme become spans; odd tokens are reported with FILE:LINE and
   handled; the token spaces go into the metadata. */
static void
test_conll(void)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_article	 a;
	char			*dir, *path, *where;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	/* Four columns, IOB1, two documents; a .txt that reads as CoNLL. */
	WRITE(dir, "a.txt", "-DOCSTART- -X- O O\n\n"
	    "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\n"
	    "call NN I-NP O\n. . O O\n\n"
	    "Peter NNP B-NP I-PER\nBlackburn NNP I-NP I-PER\n\n"
	    "-DOCSTART- -X- O O\n\n"
	    "Zoë NNP B-NP I-PER\nMüller NNP I-NP I-PER\nJan NNP I-NP B-PER\n"
	    "lonely\n"
	    "in IN B-PP O\nBerlin NNP B-NP I-LOC\n");
	/* TABs: odd tokens, BIOES, a bad tag. */
	WRITE(dir, "b.conll", "\xef\xbb\xbf" "New\tB-LOC\n\tI-LOC\n"
	    "York\tE-LOC\n \tO\n\xf0\x9f\x98\x98 \tO\nke s\tS-PER\n"
	    "x\tB-\n\n\n"
	    "Bob\tS-PER\n");
	/* A .tsv without a text column: GUM's bare types. */
	WRITE(dir, "c.tsv", "\nAsylum\tperson\nseekers\tperson\nrescued\tO\n"
	    "off\tplace\nIndonesia\tplace\n");
	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, dir, &o, &r), -1);
	CHECK_INT(r.added, 4);
	CHECK_INT(r.spans, 11);
	if (article_at(s, 0, &a) == 0) {
		CHECK_STR(a.text, "EU rejects German call .\n"
		    "Peter Blackburn");
		CHECK_STR(a.title, "EU rejects German call .");
		/* The -DOCSTART- line and the columns between token and
		   tag are kept for the export. */
		CHECK_STR(a.meta, "{\"conll\":{\"document\":1,\"columns\":4,"
		    "\"docstart\":\"-DOCSTART- -X- O O\",\"middle\":["
		    "\" NNP B-NP \",\" VBZ B-VP \",\" JJ B-NP \",\" NN I-NP \","
		    "\" . O \",\" NNP B-NP \",\" NNP I-NP \"]}}");
		store_article_free(&a);
	}
	CHECK_SPANS(s, 0, "ORG[0,2]EU MISC[11,17]German "
	    "PER[25,40]Peter Blackburn");
	if (article_at(s, 1, &a) == 0) {
		CHECK_STR(a.text, "Zoë Müller Jan in Berlin");
		store_article_free(&a);
	}
	/* IOB1: B- splits two adjacent people. */
	CHECK_SPANS(s, 1, "PER[0,10]Zoë Müller PER[11,14]Jan "
	    "LOC[18,24]Berlin");
	if (article_at(s, 2, &a) == 0) {
		CHECK_STR(a.text, "New York \xf0\x9f\x98\x98 ke s x\nBob");
		CHECK_STR(a.meta, "{\"conll\":{\"document\":1,\"columns\":2,"
		    "\"middle\":\"\\t\",\"token_spaces\":[13]}}");
		store_article_free(&a);
	}
	/* The empty token is as if its line were not there: New York. */
	CHECK_SPANS(s, 2, "LOC[0,8]New York PER[11,15]ke s PER[18,21]Bob");
	CHECK_SPANS(s, 3, "person[0,14]Asylum seekers "
	    "place[23,36]off Indonesia");

	where = xasprintf("%s/a.txt:17", dir);
	CHECK_MESSAGE("E", where, "\"lonely\": fewer than two columns", 1);
	free(where);
	path = xasprintf("%s/a.txt", dir);
	CHECK_MESSAGE("N", path, "CoNLL, IOB1, 4 columns: 2 documents, 3 "
	    "sentences, 12 tokens, 6 entities", 1);
	free(path);
	where = xasprintf("%s/b.conll:2", dir);
	CHECK_MESSAGE("N", where, "\"\": an empty token, dropped", 1);
	free(where);
	where = xasprintf("%s/b.conll:4", dir);
	CHECK_MESSAGE("N", where, "\" \": a token of white space only", 1);
	free(where);
	where = xasprintf("%s/b.conll:5", dir);
	CHECK_MESSAGE("N", where, "white space around the token, trimmed", 1);
	free(where);
	where = xasprintf("%s/b.conll:6", dir);
	CHECK_MESSAGE("N", where, "\"ke s\": spaces inside the token", 1);
	free(where);
	where = xasprintf("%s/b.conll:7", dir);
	CHECK_MESSAGE("E", where, "\"B-\": not a tag", 1);
	free(where);
	path = xasprintf("%s/b.conll", dir);
	CHECK_MESSAGE("N", path, "CoNLL, BIOES, 2 columns: 1 document, 2 "
	    "sentences, 6 tokens, 3 entities", 1);
	free(path);
	path = xasprintf("%s/c.tsv", dir);
	CHECK_MESSAGE("N", path, "CoNLL, bare types", 1);
	free(path);

	/* Imported again: duplicates, no span twice. */
	options_init(&o);
	memset(&r, 0, sizeof(r));
	path = xasprintf("%s/a.txt", dir);
	import_path(s, path, &o, &r);
	CHECK_INT(r.duplicates, 2);
	CHECK_INT(r.spans, 0);
	free(path);
	/* --format text reads the same file as one plain article. */
	options_init(&o);
	o.format = IMPORT_TEXT;
	memset(&r, 0, sizeof(r));
	path = xasprintf("%s/c.tsv", dir);
	CHECK_INT(import_path(s, path, &o, &r), 0);
	CHECK_INT(r.added, 1);
	CHECK_INT(r.spans, 0);
	free(path);
	store_close(s);
	remove_tree(dir);
	free(dir);
}

/* brat: X.txt with X.ann, offsets carried through CRLF; discontinuous T
   lines become one span per fragment with a note; AnnotatorNotes become
   notes; the rest of brat's lines are counted; bad lines and spans that
   do not fit are refused with FILE:LINE. */
static void
test_brat(void)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s;
	struct store_span	*v = NULL;
	struct store_article	*rows;
	char			*dir, *path, *where, *err = NULL;
	size_t			 n, nv = 0;

	if ((dir = fixture_tmpdir("import")) == NULL ||
	    (s = fixture_memory("tester")) == NULL) {
		free(dir);
		return;
	}
	/* Offsets count the CR of each CRLF, as brat reads the file. */
	WRITE(dir, "doc.txt", "Zoë 😀 met\r\nNorth and South Wales.\r\n");
	WRITE(dir, "doc.ann", "T1\tPER 0 3\tZoë\n"
	    "T2\tLOC 11 16;27 32\tNorth Wales\n"
	    "#1\tAnnotatorNotes T1\tthe\tguest\n"
	    "#2\tAnnotatorNotes T2\tone place\n"
	    "R1\tNear Arg1:T1 Arg2:T2\n"
	    "A1\tNegated T1\n"
	    "T3\tLOC 21 26\tWrong\n"
	    "T4\tMISC 6 16\tmet North\n"
	    "bad line\n"
	    "#3\tAnnotatorNotes T9\tnowhere\n");
	WRITE(dir, "annotation.conf", "[entities]\nPER\n");
	WRITE(dir, "plain.txt", "No annotations here.\n");
	WRITE(dir, "orphan.ann", "T1\tPER 0 1\tx\n");
	options_init(&o);
	memset(&r, 0, sizeof(r));
	CHECK_INT(import_path(s, dir, &o, &r), -1);
	CHECK_INT(r.added, 2);
	CHECK_INT(r.spans, 4);
	n = articles(s, &rows);
	CHECK_INT(n, 2);
	if (n >= 1 && store_span_list(s, rows[0].id, NULL, &v, &nv,
	    &err) == 0) {
		CHECK_INT(nv, 4);
		if (nv == 4) {
			CHECK_STR(v[0].text, "Zoë");
			CHECK_STR(v[0].note, "the\tguest");
			CHECK_STR(v[0].annotator, "imported");
			/* "met\nNorth": brat writes the line end as a
			   space. */
			CHECK_STR(v[1].text, "met\nNorth");
			CHECK_INT(v[1].start, 6);
			CHECK_STR(v[2].text, "North");
			CHECK_INT(v[2].start, 10);
			CHECK_STR(v[2].note, "fragment 1 of 2 of discontinuous "
			    "T2\none place");
			CHECK_STR(v[3].text, "Wales");
			CHECK_INT(v[3].start, 26);
			CHECK_STR(v[3].note, "fragment 2 of 2 of discontinuous "
			    "T2\none place");
		}
		store_spans_free(v, nv);
	} else {
		CHECK_FAIL("store_span_list: %s", err ? err : "");
		free(err);
	}
	store_article_rows_free(rows, n);
	where = xasprintf("%s/doc.ann:7", dir);
	CHECK_MESSAGE("E", where, "T3 [21, 26): its text \"Wrong\" does not "
	    "match the article's \"South\"", 1);
	free(where);
	where = xasprintf("%s/doc.ann:9", dir);
	CHECK_MESSAGE("E", where, "not a brat annotation line", 1);
	free(where);
	where = xasprintf("%s/doc.ann:10", dir);
	CHECK_MESSAGE("N", where, "a note on \"T9\", which is no T or R "
	    "line", 1);
	free(where);
	where = xasprintf("%s/doc.ann", dir);
	/* R1 is kept (from T1 to T2's first fragment); A1 is not. */
	CHECK_MESSAGE("N", where, "1 event, equivalence or attribute line "
	    "ignored", 1);
	free(where);
	where = xasprintf("%s/annotation.conf", dir);
	CHECK_MESSAGE("N", where, "brat's configuration", 1);
	free(where);
	where = xasprintf("%s/orphan.ann", dir);
	CHECK_MESSAGE("E", where, "orphan.txt beside it", 1);
	free(where);

	/* The .ann given alone brings its .txt (a duplicate now). */
	options_init(&o);
	memset(&r, 0, sizeof(r));
	path = xasprintf("%s/doc.ann", dir);
	import_path(s, path, &o, &r);
	CHECK_INT(r.duplicates, 1);
	free(path);
	store_close(s);
	remove_tree(dir);
	free(dir);
}

static const struct check_test tests[] = {
	{ "import: format names", test_format_parse },
	{ "import: folder tree in strcmp order; binary, empty, FIFO, "
	    "unreadable, link loop; re-import dedups", test_folder_tree },
	{ "import: batches commit and report progress per article",
	    test_batches },
	{ "import: JSONL spans in three shapes through BOM, CRLF, "
	    "surrogates; refusals name FILE:LINE; dedup", test_jsonl },
	{ "import: --annotator names imported spans", test_jsonl_annotator },
	{ "import: JSONL entity links and relations; refusals named",
	    test_jsonl_entities },
	{ "import: JSONL with invalid UTF-8 in a string, spans not a list",
	    test_jsonl_repairs },
	{ "import: JSONL U+0000 in title, source, annotator, note and label "
	    "is removed or refused, never cut", test_jsonl_nul_in_strings },
	{ "import: stdin as text and as JSONL", test_stdin },
	{ "import: CSV and TSV with a text column; records name FILE:LINE",
	    test_csv },
	{ "import: CoNLL documents, schemes, odd tokens, token spaces; found "
	    "by content", test_conll },
	{ "import: brat pairs through CRLF, discontinuous spans, notes",
	    test_brat },
};

CHECK_MAIN(tests)
