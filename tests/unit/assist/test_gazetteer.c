/*
 * test_gazetteer.c: gazetteer files cut into names (with and without a
 * label, TAB lines, comments, errors by line), gazetteers in the store
 * (load, replace whole, a load given up, list, rm, ignore-case, a million
 * names), and suggestions from them on a store in memory: where they go,
 * what the annotator already has keeps them out, a second run adds
 * nothing, one undo takes a run back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/gazetteer.h"
#include "margin/store.h"
#include "margin/util.h"
#include "check.h"
#include "fixture.h"

/* The entries of text cut with label (NULL: TAB lines) as "name=label|",
   or "error: ..." */
static char *
parsed(const char *text, const char *label)
{
	struct gazetteer_file	 gf;
	struct buf		 b = BUF_INIT;
	char			*err = NULL;
	size_t			 i;

	memset(&gf, 0, sizeof(gf));
	gf.data = xstrdup(text);
	if (gazetteer_parse(&gf, strlen(text), label, &err) == -1) {
		buf_printf(&b, "error: %s", err);
		free(err);
	}
	for (i = 0; i < gf.n; i++)
		buf_printf(&b, "%s=%s|", gf.v[i].name, gf.v[i].label);
	buf_adds(&b, "");
	gazetteer_file_free(&gf);
	return buf_detach(&b);
}

#define CHECK_PARSED(text, label, want) do {				\
	char *got_ = parsed((text), (label));				\
	CHECK_STR(got_, (want));					\
	free(got_);							\
} while (0)

static void
test_parse_with_label(void)
{
	CHECK_PARSED("Paris\nLondon\n", "LOC", "Paris=LOC|London=LOC|");
	/* Comments, blank lines, spaces around, CRLF; a tab is part of
	   nothing but the trimming. */
	CHECK_PARSED("# cities\n\n  New York \r\n\t\n#x\nRome", "LOC",
	    "New York=LOC|Rome=LOC|");
	/* A TAB inside a line is kept with --label: the line is the name. */
	CHECK_PARSED("A\tB\n", "ORG", "A\tB=ORG|");
	CHECK_PARSED("", "LOC", "");
}

static void
test_parse_tab_lines(void)
{
	CHECK_PARSED("Paris\tLOC\nACME Corp\t ORG \n# c\n\n", NULL,
	    "Paris=LOC|ACME Corp=ORG|");
	CHECK_PARSED("Paris\tLOC\nLondon\n", NULL, "error: line 2: expected "
	    "NAME<TAB>LABEL (or give --label)Paris=LOC|");
	CHECK_PARSED(" \tLOC\n", NULL, "error: line 1: no name before the tab");
	CHECK_PARSED("\xff\tLOC\n", NULL, "error: not UTF-8 text");
}

static void
test_parse_nul(void)
{
	struct gazetteer_file	 gf;
	char			*err = NULL;

	memset(&gf, 0, sizeof(gf));
	gf.data = xmalloc(8);
	memcpy(gf.data, "a\0b\tLOC", 8);
	CHECK_INT(gazetteer_parse(&gf, 7, NULL, &err), -1);
	CHECK_STR(err, "holds a NUL byte: not a text file");
	free(err);
	gazetteer_file_free(&gf);
}

/* Load entries (name, label pairs, NULL-terminated) as list name. */
static int
load(struct store *s, const char *name, int ignore_case,
    const char *const *pairs, int commit)
{
	struct store_gazetteer_load	*l;
	struct store_gazetteer_entry	 v[16];
	char				*err = NULL;
	size_t				 n = 0;

	for (; pairs[2 * n] != NULL; n++) {
		v[n].name = pairs[2 * n];
		v[n].label = pairs[2 * n + 1];
	}
	if (store_gazetteer_load_start(s, name, ignore_case, &l, &err) == -1 ||
	    store_gazetteer_load_add(l, v, n, &err) == -1 ||
	    store_gazetteer_load_finish(l, commit, &err) == -1) {
		CHECK_FAIL("load %s: %s", name, err);
		free(err);
		return -1;
	}
	return 0;
}

/* The lists as "name count labels case|". */
static char *
lists(struct store *s)
{
	struct store_gazetteer	*v = NULL;
	struct buf		 b = BUF_INIT;
	char			*err = NULL;
	size_t			 n = 0, i;

	if (store_gazetteer_list(s, &v, &n, &err) == -1) {
		CHECK_FAIL("list: %s", err);
		free(err);
	}
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s %zu %s %s|", v[i].name, v[i].count,
		    v[i].labels, v[i].ignore_case ? "ignore-case" :
		    "case-sensitive");
	store_gazetteers_free(v, n);
	buf_adds(&b, "");
	return buf_detach(&b);
}

#define CHECK_LISTS(s, want) do {					\
	char *got_ = lists(s);						\
	CHECK_STR(got_, (want));					\
	free(got_);							\
} while (0)

static int
names_cb(void *ctx, const char *name, const char *label)
{
	buf_printf(ctx, "%s=%s|", name, label);
	return 0;
}

/* The names of list name, sorted, as "name=label|". */
static char *
names_of(struct store *s, const char *name, int *found, int *ignore_case)
{
	struct buf	 b = BUF_INIT;
	char		*err = NULL;

	if (store_gazetteer_names(s, name, names_cb, &b, found, ignore_case,
	    &err) == -1) {
		CHECK_FAIL("names of %s: %s", name, err);
		free(err);
	}
	buf_adds(&b, "");
	return buf_detach(&b);
}

static void
test_store_load_list_rm(void)
{
	static const char *const cities[] = { "Paris", "LOC", "Lyon", "LOC",
	    NULL };
	static const char *const other[] = { "ACME", "ORG", "Paris", "LOC",
	    "Paris", "PER", NULL };
	static const char *const lost[] = { "Never", "MISC", NULL };
	struct store	*s;
	char		*got, *err = NULL;
	int		 found = -1, ic = -1;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	CHECK_LISTS(s, "");
	load(s, "cities", 0, cities, 1);
	load(s, "mixed", 1, other, 1);
	CHECK_LISTS(s, "cities 2 LOC case-sensitive|"
	    "mixed 3 LOC,ORG,PER ignore-case|");
	got = names_of(s, "mixed", &found, &ic);
	CHECK_INT(found, 1);
	CHECK_INT(ic, 1);
	CHECK(strstr(got, "ACME=ORG|") != NULL);
	CHECK(strstr(got, "Paris=LOC|") != NULL);
	CHECK(strstr(got, "Paris=PER|") != NULL);
	free(got);
	/* A load of the same name replaces the list whole... */
	load(s, "cities", 1, other, 1);
	CHECK_LISTS(s, "cities 3 LOC,ORG,PER ignore-case|"
	    "mixed 3 LOC,ORG,PER ignore-case|");
	/* ...and one given up leaves it as it was. */
	load(s, "cities", 0, lost, 0);
	load(s, "lost", 0, lost, 0);
	CHECK_LISTS(s, "cities 3 LOC,ORG,PER ignore-case|"
	    "mixed 3 LOC,ORG,PER ignore-case|");
	if (store_gazetteer_remove(s, "mixed", &found, &err) == -1)
		CHECK_FAIL("rm: %s", err);
	CHECK_INT(found, 1);
	if (store_gazetteer_remove(s, "mixed", &found, &err) == -1)
		CHECK_FAIL("rm again: %s", err);
	CHECK_INT(found, 0);
	CHECK_LISTS(s, "cities 3 LOC,ORG,PER ignore-case|");
	got = names_of(s, "mixed", &found, &ic);
	CHECK_INT(found, 0);
	CHECK_STR(got, "");
	free(got);
	free(err);
	store_close(s);
}

struct counter {
	size_t	 n;
	size_t	 bytes;
};

static int
count_cb(void *ctx, const char *name, const char *label)
{
	struct counter	*c = ctx;

	c->n++;
	c->bytes += strlen(name);
	return 0;
}

static void
test_store_million(void)
{
	enum { N = 1000000, CHUNK = 20000 };
	struct store_gazetteer_load	*l = NULL;
	struct store_gazetteer_entry	*v;
	struct counter			 c = { 0, 0 };
	struct store			*s;
	char				*err = NULL, *names;
	size_t				 i, at, want_bytes = 0;
	int				 found = 0, ic = 0, rc;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	names = xmalloc((size_t)N * 9);
	v = xreallocarray(NULL, N, sizeof(*v));
	for (i = 0; i < N; i++) {
		snprintf(names + 9 * i, 9, "N%07zu", i);
		v[i].name = names + 9 * i;
		v[i].label = i % 2 ? "PER" : "LOC";
		want_bytes += 8;
	}
	rc = store_gazetteer_load_start(s, "big", 0, &l, &err);
	for (at = 0; rc == 0 && at < N; at += CHUNK)
		rc = store_gazetteer_load_add(l, v + at, CHUNK, &err);
	if (rc == 0)
		rc = store_gazetteer_load_finish(l, 1, &err);
	else if (l != NULL)
		store_gazetteer_load_finish(l, 0, NULL);
	CHECK_MSG(rc == 0, "load: %s", err != NULL ? err : "");
	CHECK_LISTS(s, "big 1000000 LOC,PER case-sensitive|");
	if (store_gazetteer_names(s, "big", count_cb, &c, &found, &ic,
	    &err) == -1)
		CHECK_FAIL("names: %s", err);
	CHECK_INT(found, 1);
	CHECK_INT(c.n, N);
	CHECK_INT(c.bytes, want_bytes);
	free(err);
	free(v);
	free(names);
	store_close(s);
}

/* The spans of an article as "start-end/bytes text label status origin". */
static char *
spans_of(struct store *s, int64_t art)
{
	struct store_span	*v = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, i;
	char			*err = NULL;

	if (store_span_find(s, art, 0, 0, NULL, &v, &n, &err) == -1) {
		CHECK_FAIL("spans: %s", err);
		free(err);
	}
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%zu-%zu/%zu-%zu %s %s %s %s",
		    i > 0 ? "; " : "", v[i].start, v[i].end, v[i].start_byte,
		    v[i].end_byte, v[i].text, v[i].label,
		    store_status_name(v[i].status),
		    store_origin_name(v[i].origin));
	store_spans_free(v, n);
	buf_adds(&b, "");
	return buf_detach(&b);
}

#define CHECK_SPANS(s, art, want) do {					\
	char *check_s_ = spans_of((s), (art));				\
	CHECK_STR(check_s_, (want));					\
	free(check_s_);							\
} while (0)

/* A whole run of list name over scope: its progress at the end, or the
   step that failed (articles = SIZE_MAX). */
static struct assist_progress
run(struct store *s, const char *name, const struct gazetteer_scope *scope)
{
	struct gazetteer_scope	 all;
	struct gazetteer_run	*r;
	struct assist_progress	 pr;
	char			*err = NULL;
	int			 rc;

	memset(&pr, 0, sizeof(pr));
	memset(&all, 0, sizeof(all));
	if (gazetteer_suggest_start(s, name, NULL, scope ? scope : &all, &r,
	    &err) == -1) {
		CHECK_FAIL("start %s: %s", name, err);
		free(err);
		pr.articles = SIZE_MAX;
		return pr;
	}
	while ((rc = gazetteer_suggest_step(r, &err)) == 1)
		;
	if (rc == -1) {
		CHECK_FAIL("step %s: %s", name, err);
		free(err);
	}
	gazetteer_suggest_progress(r, &pr);
	gazetteer_suggest_finish(r);
	return pr;
}

static void
test_suggest(void)
{
	static const char *const names[] = { "Paris", "LOC", "New York",
	    "LOC", "New York City", "LOC", "ACME", "ORG", "ACME", "PER",
	    "Rome", "LOC", NULL };
	struct store		*s;
	struct store_change	 what;
	struct assist_progress	 pr;
	char			*err = NULL;
	int64_t			 a1, a2, a3;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, NULL, "Paris and New York City, not "
	    "Parisian; ACME.");
	a2 = fixture_article(s, NULL, "🙂Paris, Rome and 東京Paris.");
	a3 = fixture_article(s, NULL, "Rome again, and Paris.");
	/* What alice has keeps suggestions out: an accepted LOC over
	   "Rome again" covers Rome; a rejected one on Paris's bounds. */
	fixture_span(s, a3, 0, 10, "LOC", "Rome again", "alice",
	    STORE_ACCEPTED);
	fixture_span(s, a3, 16, 21, "LOC", "Paris", "alice", STORE_REJECTED);
	load(s, "g", 0, names, 1);
	pr = run(s, "g", NULL);
	CHECK_INT(pr.articles_done, 3);
	CHECK_INT(pr.articles, 3);
	CHECK_INT(pr.found, 8);
	CHECK_INT(pr.added, 7);
	CHECK_SPANS(s, a1, "0-5/0-5 Paris LOC suggested gazetteer; "
	    "10-23/10-23 New York City LOC suggested gazetteer; "
	    "39-43/39-43 ACME ORG suggested gazetteer; "
	    "39-43/39-43 ACME PER suggested gazetteer");
	CHECK_SPANS(s, a2, "1-6/4-9 Paris LOC suggested gazetteer; "
	    "8-12/11-15 Rome LOC suggested gazetteer; "
	    "19-24/26-31 Paris LOC suggested gazetteer");
	CHECK_SPANS(s, a3, "0-10/0-10 Rome again LOC accepted manual; "
	    "16-21/16-21 Paris LOC rejected manual");

	/* A second run finds the same and adds nothing. */
	pr = run(s, "g", NULL);
	CHECK_INT(pr.found, 8);
	CHECK_INT(pr.added, 0);

	/* One undo takes the first run back whole. */
	if (store_undo(s, NULL, &what, &err) == -1)
		CHECK_FAIL("undo: %s", err);
	store_change_free(&what);
	CHECK_SPANS(s, a1, "");
	CHECK_SPANS(s, a2, "");
	free(err);
	store_close(s);
}

static void
test_suggest_scope_and_case(void)
{
	static const char *const names[] = { "straße", "LOC", NULL };
	struct gazetteer_scope	 scope;
	struct assist_progress	 pr;
	struct store		*s;
	struct gazetteer_run	*r = NULL;
	char			*err = NULL;
	int64_t			 a1, a2;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, NULL, "STRASSE und Straße");
	a2 = fixture_article(s, NULL, "die strasse");
	load(s, "folded", 1, names, 1);
	/* Only a2, by its id. */
	memset(&scope, 0, sizeof(scope));
	scope.articles = &a2;
	scope.narticles = 1;
	pr = run(s, "folded", &scope);
	CHECK_INT(pr.articles, 1);
	CHECK_INT(pr.added, 1);
	CHECK_SPANS(s, a1, "");
	CHECK_SPANS(s, a2, "4-11/4-11 strasse LOC suggested gazetteer");
	/* Only the articles tagged "todo": a1. */
	if (store_tag_add(s, a1, "todo", "bob", &err) == -1)
		CHECK_FAIL("tag: %s", err);
	memset(&scope, 0, sizeof(scope));
	scope.tag = "todo";
	pr = run(s, "folded", &scope);
	CHECK_INT(pr.articles, 1);
	CHECK_INT(pr.added, 2);
	CHECK_SPANS(s, a1, "0-7/0-7 STRASSE LOC suggested gazetteer; "
	    "12-18/12-19 Straße LOC suggested gazetteer");
	/* No such list. */
	memset(&scope, 0, sizeof(scope));
	CHECK_INT(gazetteer_suggest_start(s, "none", NULL, &scope, &r, &err),
	    -1);
	CHECK_STR(err, "no gazetteer named \"none\" (see margin gazetteer "
	    "list)");
	CHECK(r == NULL);
	free(err);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "a file with --label: a name a line, comments and blank lines "
	    "skipped, trimmed", test_parse_with_label },
	{ "a file of NAME<TAB>LABEL lines; a line without a tab is an error "
	    "that names it", test_parse_tab_lines },
	{ "a file with a NUL byte is refused", test_parse_nul },
	{ "lists are loaded, replaced whole, left as they were by a load "
	    "given up, listed and removed", test_store_load_list_rm },
	{ "a list of a million names loads and reads back whole",
	    test_store_million },
	{ "suggestions go where names are, not where the annotator has a "
	    "covering span or rejected one; a second run adds nothing; one "
	    "undo takes a run back", test_suggest },
	{ "a run reads only its scope (ids, a tag), and folds case when the "
	    "list ignores it", test_suggest_scope_and_case },
};

CHECK_MAIN(tests)
