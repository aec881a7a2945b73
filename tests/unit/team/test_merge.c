/*
 * test_merge.c: `margin merge` below the command line: what a merge brings
 * in (articles by hash, missing labels, spans with their status, note and
 * times, tags, done marks, entities, links and relations), what it
 * reports, that a second merge adds nothing, and that the other database
 * is never changed, also when it is of an older schema.
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "margin/merge.h"
#include "margin/store.h"
#include "margin/util.h"
#include "check.h"
#include "fixture.h"

/* The metadata of every article here: a merge must carry it over. */
#define META "{\"lang\":\"mixed\"}"

/* The size of path+suffix, -1 when there is no such file. */
static long long
size_with(const char *path, const char *suffix)
{
	struct stat	 sb;
	char		*p = xasprintf("%s%s", path, suffix);
	long long	 r = stat(p, &sb) == 0 ? (long long)sb.st_size : -1;

	free(p);
	return r;
}

static void
ok(int rc, char *err, const char *what)
{
	CHECK_MSG(rc == 0, "%s: %s", what, err ? err : "(no message)");
}

/* Every span of every article of s, one line each, with the article
   found by its text: what a merge must make equal. */
static char *
all_spans(struct store *s)
{
	struct store_article	*rows = NULL;
	struct store_article	 a;
	struct store_span	*v = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, nv = 0, i, k;
	char			*err = NULL;

	if (store_article_rows(s, NULL, 0, 1000, &rows, &n, &err) == -1)
		CHECK_FAIL("rows: %s", err);
	for (i = 0; i < n; i++) {
		if (store_article_get(s, rows[i].id, NULL, &a, &err) == -1 ||
		    store_span_find(s, rows[i].id, 0, 0, NULL, &v, &nv,
		    &err) == -1) {
			CHECK_FAIL("read: %s", err);
			continue;
		}
		for (k = 0; k < nv; k++)
			buf_printf(&b, "%.12s %zu-%zu/%zu-%zu %s %s %s %s "
			    "\"%s\" %" PRId64 " %" PRId64 "\n", a.hash,
			    v[k].start, v[k].end, v[k].start_byte,
			    v[k].end_byte, v[k].label, v[k].annotator,
			    store_status_name(v[k].status),
			    store_origin_name(v[k].origin), v[k].note,
			    v[k].created_at, v[k].updated_at);
		store_spans_free(v, nv);
		store_article_free(&a);
	}
	store_article_rows_free(rows, n);
	free(err);
	buf_adds(&b, "");
	return buf_detach(&b);
}

static void
collect_conflict(void *ctx, const char *text)
{
	struct buf	*b = ctx;

	buf_printf(b, "%s\n", text);
}

static void
test_merge_brings_work_in_once(void)
{
	struct store		*a = NULL, *b = NULL;
	struct merge_options	 o;
	struct merge_report	 r;
	struct buf		 conflicts = BUF_INIT;
	struct store_span	*v = NULL;
	struct store_article	 art;
	char			*dir, *pa = NULL, *pb = NULL, *err = NULL;
	char			*want = NULL, *got = NULL, **tags = NULL;
	char			 before[65], after[65];
	int64_t			 b1, b2, a1;
	size_t			 n = 0;
	int			 rc;

	if ((dir = fixture_tmpdir("merge")) == NULL)
		return;
	pa = xasprintf("%s/a.db", dir);
	pb = xasprintf("%s/b.db", dir);
	if ((a = fixture_store(pa, "admin", 0)) == NULL ||
	    (b = fixture_store(pb, "alice", 0)) == NULL)
		goto out;

	/* B: one article that A has too, one that A lacks (after a longer
	   one, so that the ids differ), a label A lacks. */
	setenv("MARGIN_NOW", "1600000000", 1);
	fixture_article_full(b, "t", "src", "Only in B, first.", META);
	b1 = fixture_article_full(b, "t", "src",
	    "Ada Lovelace met Babbage in 🇬🇧 London.", META);
	b2 = fixture_article_full(b, "t", "src",
	    "東京 and Zürich: the 👩‍🔬 Curie lab.", META);
	ok(store_label_add(b, "LAB", "5", "cyan", "Laboratories", &err), err,
	    "label");
	/* "London" is at code point 31 after the two-code-point flag, byte
	   37. */
	fixture_span_full(b, b1, 0, 12, "PER", NULL, "alice", STORE_ACCEPTED,
	    STORE_MANUAL, "");
	fixture_span_full(b, b1, 31, 37, "LOC", NULL, "alice", STORE_ACCEPTED,
	    STORE_MANUAL, "capital");
	fixture_span_full(b, b1, 17, 24, "PER", NULL, "bob", STORE_REJECTED,
	    STORE_MANUAL, "");
	fixture_span_full(b, b2, 0, 2, "LOC", NULL, "bob", STORE_SUGGESTED,
	    STORE_PROPAGATED, "");
	fixture_span_full(b, b2, 23, 32, "LAB", NULL, "alice", STORE_ACCEPTED,
	    STORE_MANUAL, "");
	ok(store_tag_add(b, b1, "history", "alice", &err), err, "tag");
	ok(store_tag_add(b, b2, "science", "bob", &err), err, "tag");
	ok(store_article_set_done(b, b1, "alice", 1, &err), err, "done");
	ok(store_article_set_done(b, b1, "bob", 1, &err), err, "done");
	ok(store_article_set_done(b, b2, "alice", 1, &err), err, "done");
	store_close(b);
	b = NULL;

	/* A: the shared article with the same PER span, the LOC span with
	   another note (a conflict), and bob's mark on it as todo. */
	setenv("MARGIN_NOW", "1600000500", 1);
	a1 = fixture_article_full(a, "t", "src",
	    "Ada Lovelace met Babbage in 🇬🇧 London.", META);
	fixture_span_full(a, a1, 0, 12, "PER", NULL, "alice", STORE_ACCEPTED,
	    STORE_MANUAL, "");
	fixture_span_full(a, a1, 31, 37, "LOC", NULL, "alice", STORE_ACCEPTED,
	    STORE_MANUAL, "city");
	ok(store_article_set_done(a, a1, "bob", 1, &err), err, "done");
	ok(store_article_set_done(a, a1, "bob", 0, &err), err, "todo");
	unsetenv("MARGIN_NOW");

	fixture_file_hash(pb, before);
	memset(&o, 0, sizeof(o));
	o.conflict = collect_conflict;
	o.ctx = &conflicts;
	o.batch = 1;	/* a transaction per article: several batches */
	rc = merge_database(a, pb, &o, &r, &err);
	ok(rc, err, "merge");
	CHECK_INT(r.articles_added, 2);
	CHECK_INT(r.articles_present, 1);
	CHECK_INT(r.labels_added, 1);
	CHECK_INT(r.spans_added, 3);
	CHECK_INT(r.spans_present, 1);
	CHECK_INT(r.spans_conflicting, 1);
	CHECK_INT(r.tags_added, 2);
	CHECK_INT(r.marks_added, 2);
	CHECK_INT(r.marks_conflicting, 1);
	CHECK_STR(conflicts.data,
	    "article 1: LOC 31-37 \xe2\x80\x9cLondon\xe2\x80\x9d of alice: "
	    "accepted, note \xe2\x80\x9c" "city\xe2\x80\x9d here; accepted, "
	    "note \xe2\x80\x9c" "capital\xe2\x80\x9d there\n"
	    "article 1: bob marked it done there, not here\n");
	fixture_file_hash(pb, after);
	CHECK_STR(after, before);
	/* SQLite's readers of a WAL database leave an -shm and an empty
	   -wal beside it: nothing in them, nothing written. */
	CHECK_MSG(size_with(pb, "-wal") <= 0, "%s-wal has %lld bytes", pb,
	    size_with(pb, "-wal"));
	CHECK_INT(size_with(pb, "-journal"), -1);

	/* What arrived is B's, exactly: offsets, status, origin, notes,
	   times (the conflicting note stays A's). */
	if ((b = fixture_store(pb, "alice", 0)) == NULL)
		goto out;
	want = all_spans(b);
	got = all_spans(a);
	{
		char	*line, *save = NULL, *copy = xstrdup(want);

		/* Every span of B is in A as it is in B, times and all,
		   but for those A had: the one that was the same kept A's
		   times, the one that conflicted A's note too. */
		for (line = strtok_r(copy, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			if (strstr(line, "\"capital\"") != NULL)
				continue;
			if (strstr(line, " 0-12/") != NULL)
				*strrchr(line, '"') = '\0';
			CHECK_MSG(strstr(got, line) != NULL,
			    "B's span \"%s\" is not in A:\n%s", line, got);
		}
		free(copy);
		CHECK_MSG(strstr(got, "\"city\" 1600000500 1600000500") != NULL,
		    "A's conflicting note is gone:\n%s", got);
	}
	CHECK_MSG(strstr(got, "31-37/37-43 LOC alice accepted manual \"city\"")
	    != NULL, "spans after merge:\n%s", got);
	CHECK_MSG(strstr(got, "0-2/0-6 LOC bob suggested propagated \"\" "
	    "1600000000 1600000000") != NULL, "spans after merge:\n%s", got);
	CHECK_MSG(strstr(got, "17-24/17-24 PER bob rejected manual") != NULL,
	    "spans after merge:\n%s", got);
	CHECK_MSG(strstr(got, "23-32/36-45 LAB alice accepted") != NULL,
	    "spans after merge:\n%s", got);
	/* The new articles came with their metadata and tags. */
	if (store_article_get(a, 3, "alice", &art, &err) == -1)
		CHECK_FAIL("merged article: %s", err);
	else {
		CHECK_STR(art.text, "東京 and Zürich: the 👩‍🔬 Curie lab.");
		CHECK_STR(art.meta, META);
		CHECK_INT(art.done, 1);
	}
	store_article_free(&art);
	if (store_tag_list(a, 3, &tags, &n, &err) == -1)
		CHECK_FAIL("tags: %s", err);
	CHECK(n == 1 && strcmp(tags[0], "science") == 0);
	store_strings_free(tags, n);
	store_span_list(a, 3, "alice", &v, &n, &err);
	CHECK(n == 1 && strcmp(v[0].text, "Curie lab") == 0);
	store_spans_free(v, n);
	store_close(b);
	b = NULL;
	free(want);
	free(got);
	want = got = NULL;

	/* Again: nothing new, the same conflicts, B still untouched. */
	got = all_spans(a);
	buf_truncate(&conflicts, 0);
	rc = merge_database(a, pb, &o, &r, &err);
	ok(rc, err, "second merge");
	CHECK_INT(r.articles_added, 0);
	CHECK_INT(r.articles_present, 3);
	CHECK_INT(r.labels_added, 0);
	CHECK_INT(r.spans_added, 0);
	CHECK_INT(r.spans_present, 4);
	CHECK_INT(r.spans_conflicting, 1);
	CHECK_INT(r.tags_added, 0);
	CHECK_INT(r.tags_present, 2);
	CHECK_INT(r.marks_added, 0);
	CHECK_INT(r.marks_present, 2);
	CHECK_INT(r.marks_conflicting, 1);
	want = all_spans(a);
	CHECK_STR(want, got);
	fixture_file_hash(pb, after);
	CHECK_STR(after, before);

	/* Merging a database into itself is refused. */
	CHECK(merge_database(a, pa, &o, &r, &err) == -1);
	CHECK_MSG(err != NULL && strstr(err, "is this database") != NULL,
	    "self-merge says \"%s\"", err ? err : "(null)");
	CHECK(merge_database(a, "/nonexistent/x.db", &o, &r, &err) == -1);
	CHECK_MSG(err != NULL && strstr(err, "no such database") != NULL,
	    "missing file says \"%s\"", err ? err : "(null)");
out:
	unsetenv("MARGIN_NOW");
	store_close(a);
	store_close(b);
	buf_free(&conflicts);
	free(want);
	free(got);
	free(err);
	free(pa);
	free(pb);
	fixture_tmpdir_remove(dir);
}

/* Another database of margin's first schema (as the store's own test
   makes it) merges without being upgraded or changed. */
static void
test_merge_from_version_1(void)
{
	struct store		*a = NULL, *b = NULL;
	struct merge_report	 r;
	char			*dir, *pa, *pb, *err = NULL;
	char			 before[65], after[65];
	int64_t			 id;

	if ((dir = fixture_tmpdir("merge")) == NULL)
		return;
	pa = xasprintf("%s/a.db", dir);
	pb = xasprintf("%s/old.db", dir);
	if ((b = fixture_store(pb, "alice", 0)) == NULL)
		goto out;
	id = fixture_article_full(b, "t", "src", "Lima and Quito.", META);
	fixture_span_full(b, id, 0, 4, "LOC", NULL, "alice", STORE_ACCEPTED,
	    STORE_MANUAL, "");
	store_close(b);
	fixture_make_v1(pb);
	fixture_file_hash(pb, before);
	if ((a = fixture_store(pa, "admin", 0)) == NULL)
		goto out;
	ok(merge_database(a, pb, NULL, &r, &err), err, "merge of version 1");
	CHECK_INT(r.articles_added, 1);
	CHECK_INT(r.spans_added, 1);
	fixture_file_hash(pb, after);
	CHECK_STR(after, before);
	store_close(a);
out:
	free(err);
	free(pa);
	free(pb);
	fixture_tmpdir_remove(dir);
}

/* --- Entities and relations (SPEC §16) ----------------------------------- */

static int64_t
entity(struct store *s, const char *label, const char *name,
    const char *kb_id)
{
	int64_t	 id = 0;
	char	*err = NULL;

	if (store_entity_add(s, label, name, kb_id, &id, &err) == -1) {
		CHECK_FAIL("store_entity_add %s: %s", name, err);
		free(err);
	}
	return id;
}

static void
link_to(struct store *s, int64_t span, int64_t e)
{
	char	*err = NULL;

	if (store_span_link(s, span, e, STORE_ACCEPTED, &err) == -1) {
		CHECK_FAIL("store_span_link %" PRId64 ": %s", span, err);
		free(err);
	}
}

static void
relate(struct store *s, int64_t src, const char *label, int64_t dst,
    const char *annotator)
{
	struct store_relation	 rel;
	char			*err = NULL;

	memset(&rel, 0, sizeof(rel));
	rel.src = src;
	rel.dst = dst;
	rel.label = (char *)label;
	rel.annotator = (char *)annotator;
	if (store_relation_add(s, &rel, NULL, &err) == -1) {
		CHECK_FAIL("store_relation_add %s: %s", label, err);
		free(err);
	}
}

/* Every span of every article of s with its link and relations, one line
   each: "START-END LABEL ANNOTATOR -> ENTITY-NAME [KB]", then
   "REL SRC-START LABEL DST-START ANNOTATOR" lines. */
static char *
links_and_relations(struct store *s)
{
	struct store_article	*rows = NULL;
	struct store_span	*v = NULL, sp;
	struct store_relation	*rel = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, nv = 0, nr = 0, i, k;
	char			*err = NULL;

	if (store_article_rows(s, NULL, 0, 1000, &rows, &n, &err) == -1)
		CHECK_FAIL("rows: %s", err);
	for (i = 0; i < n; i++) {
		if (store_span_find(s, rows[i].id, 0, 0, NULL, &v, &nv,
		    &err) == -1 || store_relation_list(s, rows[i].id, NULL,
		    1, &rel, &nr, &err) == -1) {
			CHECK_FAIL("read: %s", err);
			continue;
		}
		for (k = 0; k < nv; k++)
			buf_printf(&b, "%zu-%zu %s %s -> %s [%s]\n",
			    v[k].start, v[k].end, v[k].label, v[k].annotator,
			    v[k].entity_id != 0 ? v[k].entity_name : "-",
			    v[k].entity_kb_id);
		for (k = 0; k < nr; k++) {
			size_t	 from = 0;

			if (store_span_get(s, rel[k].src, &sp, &err) == 0) {
				from = sp.start;
				store_span_free(&sp);
			}
			if (store_span_get(s, rel[k].dst, &sp, &err) == 0) {
				buf_printf(&b, "rel %zu %s %zu %s\n", from,
				    rel[k].label, sp.start, rel[k].annotator);
				store_span_free(&sp);
			}
		}
		store_spans_free(v, nv);
		store_relations_free(rel, nr);
	}
	store_article_rows_free(rows, n);
	free(err);
	buf_adds(&b, "");
	return buf_detach(&b);
}

/*
 * b: "Blinken met Lavrov in Geneva." with alice's PER 0-7 -> Antony
 * Blinken [Q1], PER 12-18 -> Lavrov, LOC 22-28 -> Geneva [Q71]; her
 * relation met 0-7 -> 12-18 and located_in 12-18 -> 22-28 (the relation
 * labels only b has), and an entity no span names (Nobody).
 * a: the same article with alice's PER 0-7 (no link), PER 12-18 linked
 * to a Lavrov of a's own (another one: Sergey Lavrov), and entities
 * "Blinken" [Q1] (same kb id, another name) and LOC "Geneva" without
 * a kb id (Geneva [Q71] is not it: a kb id differs).
 * After the merge: 0-7 takes the link to a's Blinken [Q1] (kb id
 * first); 12-18 keeps Sergey Lavrov (a conflict); 22-28 comes with a
 * link to a new Geneva [Q71]; b's Lavrov and Nobody are new too.
 */
static void
test_merge_entities_and_relations(void)
{
	struct store		*a = NULL, *b = NULL;
	struct merge_options	 o;
	struct merge_report	 r;
	struct buf		 conflicts = BUF_INIT;
	struct store_relation_label *rl = NULL;
	char			*dir, *pa = NULL, *pb = NULL, *err = NULL;
	char			*got = NULL, *again = NULL;
	char			 before[65], after[65];
	const char		*text = "Blinken met Lavrov in Geneva.";
	int64_t			 ab, bb, s1, s2, s3, t1, t2;
	size_t			 nrl = 0;

	if ((dir = fixture_tmpdir("merge")) == NULL)
		return;
	pa = xasprintf("%s/a.db", dir);
	pb = xasprintf("%s/b.db", dir);
	if ((a = fixture_store(pa, "admin", 0)) == NULL ||
	    (b = fixture_store(pb, "alice", 0)) == NULL)
		goto out;
	ok(store_relation_label_add(b, "met", "m", 1, "met", &err), err,
	    "relation label met");
	ok(store_relation_label_add(b, "located_in", "l", 0, "", &err), err,
	    "relation label located_in");
	bb = fixture_article(b, "t", text);
	s1 = fixture_span(b, bb, 0, 7, "PER", "Blinken", "alice",
	    STORE_ACCEPTED);
	s2 = fixture_span(b, bb, 12, 18, "PER", "Lavrov", "alice",
	    STORE_ACCEPTED);
	s3 = fixture_span(b, bb, 22, 28, "LOC", "Geneva", "alice",
	    STORE_ACCEPTED);
	link_to(b, s1, entity(b, "PER", "Antony Blinken", "Q1"));
	link_to(b, s2, entity(b, "PER", "Lavrov", NULL));
	link_to(b, s3, entity(b, "LOC", "Geneva", "Q71"));
	entity(b, "PER", "Nobody", NULL);
	relate(b, s1, "met", s2, "alice");
	relate(b, s2, "located_in", s3, "alice");
	store_close(b);
	b = NULL;
	fixture_file_hash(pb, before);

	ab = fixture_article(a, "t", text);
	t1 = fixture_span(a, ab, 0, 7, "PER", "Blinken", "alice",
	    STORE_ACCEPTED);
	t2 = fixture_span(a, ab, 12, 18, "PER", "Lavrov", "alice",
	    STORE_ACCEPTED);
	(void)t1;
	entity(a, "PER", "Blinken", "Q1");
	entity(a, "LOC", "Geneva", NULL);
	link_to(a, t2, entity(a, "PER", "Sergey Lavrov", NULL));
	if (check_failures > 0)
		goto out;

	memset(&o, 0, sizeof(o));
	o.conflict = collect_conflict;
	o.ctx = &conflicts;
	ok(merge_database(a, pb, &o, &r, &err), err, "merge");
	/* Entities: Antony Blinken [Q1] is a's Blinken; Lavrov, Geneva
	   [Q71], Nobody are new. */
	CHECK_INT(r.entities_added, 3);
	CHECK_INT(r.entities_present, 1);
	/* Links: 0-7 taken, 22-28 came with its span; 12-18 conflicts. */
	CHECK_INT(r.links_added, 2);
	CHECK_INT(r.links_conflicting, 1);
	CHECK_INT(r.spans_added, 1);
	CHECK_INT(r.spans_present, 2);
	CHECK_INT(r.relation_labels_added, 2);
	CHECK_INT(r.relations_added, 2);
	CHECK_INT(r.relations_present, 0);
	CHECK_MSG(conflicts.data != NULL && strstr(conflicts.data,
	    "names \xe2\x80\x9cSergey Lavrov\xe2\x80\x9d here, "
	    "\xe2\x80\x9cLavrov\xe2\x80\x9d there") != NULL,
	    "conflicts: %s", conflicts.data ? conflicts.data : "(none)");
	got = links_and_relations(a);
	CHECK_STR(got,
	    "0-7 PER alice -> Blinken [Q1]\n"
	    "12-18 PER alice -> Sergey Lavrov []\n"
	    "22-28 LOC alice -> Geneva [Q71]\n"
	    "rel 0 met 12 alice\n"
	    "rel 12 located_in 22 alice\n");
	CHECK_INT(store_relation_label_list(a, &rl, &nrl, &err), 0);
	CHECK_INT(nrl, 2);
	if (nrl == 2) {
		CHECK_STR(rl[0].name, "met");
		CHECK_INT(rl[0].symmetric, 1);
		CHECK_STR(rl[1].name, "located_in");
	}
	store_relation_labels_free(rl, nrl);

	/* A second merge adds nothing. */
	ok(merge_database(a, pb, &o, &r, &err), err, "merge again");
	CHECK_INT(r.entities_added, 0);
	CHECK_INT(r.entities_present, 4);
	CHECK_INT(r.links_added, 0);
	CHECK_INT(r.spans_added, 0);
	CHECK_INT(r.relation_labels_added, 0);
	CHECK_INT(r.relations_added, 0);
	CHECK_INT(r.relations_present, 2);
	again = links_and_relations(a);
	CHECK_STR(again, got);
	fixture_file_hash(pb, after);
	CHECK_STR(after, before);
out:
	if (a != NULL)
		store_close(a);
	if (b != NULL)
		store_close(b);
	buf_free(&conflicts);
	free(got);
	free(again);
	free(err);
	free(pa);
	free(pb);
	fixture_tmpdir_remove(dir);
}

/* A database of schema 5, before entities and relations: the store shows
   it with none, and its spans merge, without a change to the file. */
static void
test_merge_from_version_5(void)
{
	struct store		*a = NULL, *b = NULL;
	struct merge_report	 r;
	char			*dir, *pa, *pb, *err = NULL;
	char			 before[65], after[65];
	int64_t			 id;

	if ((dir = fixture_tmpdir("merge")) == NULL)
		return;
	pa = xasprintf("%s/a.db", dir);
	pb = xasprintf("%s/v5.db", dir);
	if ((b = fixture_store(pb, "alice", 0)) == NULL)
		goto out;
	id = fixture_article_full(b, "t", "src", "Lima and Quito.", META);
	fixture_span(b, id, 0, 4, "LOC", NULL, "alice", STORE_ACCEPTED);
	fixture_span(b, id, 9, 14, "LOC", NULL, "bob", STORE_ACCEPTED);
	store_close(b);
	fixture_raw_exec(pb,
	    "DROP TABLE relations; DROP TABLE relation_labels;"
	    " DROP INDEX spans_by_entity;"
	    " CREATE TABLE spans_v5 AS SELECT id, article, start, end,"
	    " start_byte, end_byte, label, text, annotator, status, origin,"
	    " note, score, created_at, updated_at FROM spans;"
	    " DROP TABLE spans; ALTER TABLE spans_v5 RENAME TO spans;"
	    " CREATE INDEX spans_in_order ON spans(article, start, end);"
	    " DROP TABLE entities;"
	    " PRAGMA user_version = 5;");
	fixture_file_hash(pb, before);
	if ((a = fixture_store(pa, "admin", 0)) == NULL)
		goto out;
	ok(merge_database(a, pb, NULL, &r, &err), err, "merge of version 5");
	CHECK_INT(r.articles_added, 1);
	CHECK_INT(r.spans_added, 2);
	CHECK_INT(r.entities_added, 0);
	CHECK_INT(r.relations_added, 0);
	CHECK_INT(r.relation_labels_added, 0);
	ok(merge_database(a, pb, NULL, &r, &err), err, "merge again");
	CHECK_INT(r.spans_added, 0);
	CHECK_INT(r.spans_present, 2);
	fixture_file_hash(pb, after);
	CHECK_STR(after, before);
	store_close(a);
out:
	free(err);
	free(pa);
	free(pb);
	fixture_tmpdir_remove(dir);
}

static const struct check_test tests[] = {
	{ "merge brings articles, labels, spans, tags, marks in, once; "
	    "reports conflicts; never changes the other file",
	    test_merge_brings_work_in_once },
	{ "merge reads a version 1 database as it is",
	    test_merge_from_version_1 },
	{ "merge brings entities (by kb id, then name), links, relation "
	    "labels and relations, once", test_merge_entities_and_relations },
	{ "merge reads a version 5 database, without entities, as it is",
	    test_merge_from_version_5 },
};

CHECK_MAIN(tests)
