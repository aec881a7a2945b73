/*
 * test_review.c: adjudication data (SPEC §10): how two annotators'
 * spans are split into agreed spans and grouped disagreements, what
 * taking a side writes into gold, copying agreed spans, and the walk
 * across articles that the TUI uses.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "margin/review.h"
#include "margin/store.h"
#include "margin/util.h"

#define ACC STORE_ACCEPTED

/*
 * alice (A) and bob (B) on six articles (ids in this order):
 *   merkel  "Angela Merkel met Emmanuel Macron in Paris."
 *           A: PER 0-13, PER 18-33, LOC 37-42 (gazetteer, note "city")
 *           B: PER 0-13, PER 27-33, ORG 37-42
 *           agreed PER 0-13; bounds 18-33; label 37-42
 *   siemens "Siemens hired José Álvarez from Berlin."
 *           A: ORG 0-7, PER 14-26, LOC 32-38; B: ORG 0-7, PER 14-26,
 *           and a suggestion LOC 32-38 (no annotation)
 *           agreed ORG 0-7, PER 14-26; a-only 32-38
 *   oslo    "Oslo is cold."  both LOC 0-4: agreed, no disagreement
 *   oxford  "The University of Oxford is in England."
 *           A: ORG 4-24, LOC 18-24, LOC 31-38
 *           B: ORG 0-24, LOC 18-24, LOC 31-38
 *           agreed LOC 18-24, LOC 31-38; bounds 0-24 (A's ORG 4-24,
 *           B's ORG 0-24; the agreed nested LOC is not in it)
 *   apple   "Apple opened a store in Tokyo."
 *           A: LOC 24-29; B: ORG 0-5, LOC 24-29
 *           agreed LOC 24-29; b-only 0-5
 *   rome    "An extra article about Rome." A: LOC 23-27, B: PER 23-27,
 *           done by alice only: outside the review unless --all
 * All but rome are marked done by both.
 */
struct example {
	struct store	*s;
	int64_t		 merkel, siemens, oslo, oxford, apple, rome;
	int64_t		 bob_macron;	/* B's PER 27-33 */
};

static int
build_example(struct example *x)
{
	struct store	*s;

	memset(x, 0, sizeof(*x));
	if ((x->s = s = fixture_memory("judge")) == NULL)
		return -1;
	x->merkel = fixture_article(s, NULL,
	    "Angela Merkel met Emmanuel Macron in Paris.");
	x->siemens = fixture_article(s, NULL, "Siemens hired José Álvarez from "
	    "Berlin.");
	x->oslo = fixture_article(s, NULL, "Oslo is cold.");
	x->oxford = fixture_article(s, NULL, "The University of Oxford is in "
	    "England.");
	x->apple = fixture_article(s, NULL, "Apple opened a store in Tokyo.");
	x->rome = fixture_article(s, NULL, "An extra article about Rome.");

	fixture_span(s, x->merkel, 0, 13, "PER", "Angela Merkel", "alice", ACC);
	fixture_span(s, x->merkel, 18, 33, "PER", "Emmanuel Macron", "alice",
	    ACC);
	fixture_span_full(s, x->merkel, 37, 42, "LOC", "Paris", "alice",
	    STORE_ACCEPTED, STORE_GAZETTEER, "city");
	fixture_span(s, x->merkel, 0, 13, "PER", "Angela Merkel", "bob", ACC);
	x->bob_macron = fixture_span(s, x->merkel, 27, 33, "PER", "Macron",
	    "bob", ACC);
	fixture_span(s, x->merkel, 37, 42, "ORG", "Paris", "bob", ACC);

	fixture_span(s, x->siemens, 0, 7, "ORG", "Siemens", "alice", ACC);
	fixture_span(s, x->siemens, 14, 26, "PER", "José Álvarez", "alice",
	    ACC);
	fixture_span(s, x->siemens, 32, 38, "LOC", "Berlin", "alice", ACC);
	fixture_span(s, x->siemens, 0, 7, "ORG", "Siemens", "bob", ACC);
	fixture_span(s, x->siemens, 14, 26, "PER", "José Álvarez", "bob", ACC);
	fixture_span_full(s, x->siemens, 32, 38, "LOC", "Berlin", "bob",
	    STORE_SUGGESTED, STORE_MODEL, NULL);

	fixture_span(s, x->oslo, 0, 4, "LOC", "Oslo", "alice", ACC);
	fixture_span(s, x->oslo, 0, 4, "LOC", "Oslo", "bob", ACC);

	fixture_span(s, x->oxford, 4, 24, "ORG", "University of Oxford",
	    "alice", ACC);
	fixture_span(s, x->oxford, 18, 24, "LOC", "Oxford", "alice", ACC);
	fixture_span(s, x->oxford, 31, 38, "LOC", "England", "alice", ACC);
	fixture_span(s, x->oxford, 0, 24, "ORG", "The University of Oxford",
	    "bob", ACC);
	fixture_span(s, x->oxford, 18, 24, "LOC", "Oxford", "bob", ACC);
	fixture_span(s, x->oxford, 31, 38, "LOC", "England", "bob", ACC);

	fixture_span(s, x->apple, 24, 29, "LOC", "Tokyo", "alice", ACC);
	fixture_span(s, x->apple, 0, 5, "ORG", "Apple", "bob", ACC);
	fixture_span(s, x->apple, 24, 29, "LOC", "Tokyo", "bob", ACC);

	fixture_span(s, x->rome, 23, 27, "LOC", "Rome", "alice", ACC);
	fixture_span(s, x->rome, 23, 27, "PER", "Rome", "bob", ACC);

	fixture_done(s, x->merkel, "alice");
	fixture_done(s, x->siemens, "alice");
	fixture_done(s, x->oslo, "alice");
	fixture_done(s, x->oxford, "alice");
	fixture_done(s, x->apple, "alice");
	fixture_done(s, x->rome, "alice");
	fixture_done(s, x->merkel, "bob");
	fixture_done(s, x->siemens, "bob");
	fixture_done(s, x->oslo, "bob");
	fixture_done(s, x->oxford, "bob");
	fixture_done(s, x->apple, "bob");
	return check_failures == 0 ? 0 : -1;
}

static int
load(struct store *s, int64_t article, const char *gold,
    struct review_list *l)
{
	char	*err = NULL;

	if (review_disagreements(s, "alice", "bob", gold, article, l,
	    &err) == -1) {
		CHECK_FAIL("review_disagreements: %s", err);
		free(err);
		return -1;
	}
	return 0;
}

/* One side of an item as "LABEL start-end, ..." for comparisons. */
static char *
side(const struct store_span *v, size_t n)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	buf_adds(&b, "");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s %zu-%zu", i > 0 ? ", " : "", v[i].label,
		    v[i].start, v[i].end);
	return buf_detach(&b);
}

/* The item as "kind start-end [A side] [B side]". */
static char *
describe(const struct review_item *it)
{
	char	*a = side(it->a, it->na), *b = side(it->b, it->nb), *d;

	d = xasprintf("%s %zu-%zu [%s] [%s]", review_kind_name(it->kind),
	    it->start, it->end, a, b);
	free(a);
	free(b);
	return d;
}

/* Check the list of one article: items and agreed, each described. */
static void
check_list(const struct review_list *l, const char *const *want_items,
    size_t nwant, const char *const *want_agreed, size_t nagreed)
{
	size_t	 i;
	char	*d;

	CHECK_MSG(l->n == nwant, "article %lld: %zu disagreements, want %zu",
	    (long long)l->article_id, l->n, nwant);
	for (i = 0; i < l->n && i < nwant; i++) {
		d = describe(&l->items[i]);
		CHECK_STR(d, want_items[i]);
		CHECK_INT(l->items[i].article_id, l->article_id);
		free(d);
	}
	CHECK_MSG(l->nagreed == nagreed, "article %lld: %zu agreed, want %zu",
	    (long long)l->article_id, l->nagreed, nagreed);
	for (i = 0; i < l->nagreed && i < nagreed; i++) {
		d = describe(&l->agreed[i]);
		CHECK_STR(d, want_agreed[i]);
		free(d);
	}
}

static void
test_kinds(void)
{
	static const char *const merkel[] = {
		"bounds 18-33 [PER 18-33] [PER 27-33]",
		"label 37-42 [LOC 37-42] [ORG 37-42]",
	};
	static const char *const merkel_agreed[] = {
		"agreed 0-13 [PER 0-13] [PER 0-13]",
	};
	static const char *const siemens[] = {
		"a-only 32-38 [LOC 32-38] []",
	};
	static const char *const siemens_agreed[] = {
		"agreed 0-7 [ORG 0-7] [ORG 0-7]",
		"agreed 14-26 [PER 14-26] [PER 14-26]",
	};
	static const char *const oxford[] = {
		"bounds 0-24 [ORG 4-24] [ORG 0-24]",
	};
	static const char *const oxford_agreed[] = {
		"agreed 18-24 [LOC 18-24] [LOC 18-24]",
		"agreed 31-38 [LOC 31-38] [LOC 31-38]",
	};
	static const char *const apple[] = {
		"b-only 0-5 [] [ORG 0-5]",
	};
	static const char *const apple_agreed[] = {
		"agreed 24-29 [LOC 24-29] [LOC 24-29]",
	};
	struct example		 x;
	struct review_list	 l;

	if (build_example(&x) == -1)
		goto out;
	if (load(x.s, x.merkel, NULL, &l) == 0) {
		check_list(&l, merkel, 2, merkel_agreed, 1);
		/* The span copies keep what the store has. */
		if (l.n == 2 && l.items[1].na == 1) {
			CHECK_STR(l.items[1].a[0].text, "Paris");
			CHECK_STR(l.items[1].a[0].annotator, "alice");
			CHECK_STR(l.items[1].b[0].annotator, "bob");
			CHECK_INT(l.items[1].gold, REVIEW_GOLD_NONE);
		}
		review_list_free(&l);
	}
	if (load(x.s, x.siemens, NULL, &l) == 0) {
		check_list(&l, siemens, 1, siemens_agreed, 2);
		review_list_free(&l);
	}
	if (load(x.s, x.oslo, NULL, &l) == 0) {
		CHECK_INT(l.n, 0);
		CHECK_INT(l.nagreed, 1);
		review_list_free(&l);
	}
	if (load(x.s, x.oxford, NULL, &l) == 0) {
		check_list(&l, oxford, 1, oxford_agreed, 2);
		review_list_free(&l);
	}
	if (load(x.s, x.apple, NULL, &l) == 0) {
		check_list(&l, apple, 1, apple_agreed, 1);
		review_list_free(&l);
	}
out:
	store_close(x.s);
}

/*
 * Grouping: spans of different sides that overlap are one disagreement,
 * transitively (A 0-5 ~ B 3-11 ~ A 10-15 ~ B 12-22 ~ A 20-30); spans of
 * one side are not linked to each other (A's 40-50 and nested 42-45
 * are two); same bounds with a different label is "bounds", not "label",
 * as soon as a third span overlaps (A PER 60-65, B ORG 60-65, B LOC
 * 62-70); the same span made twice by one side counts once (B LOC 80-85
 * twice, A once: agreed once).
 */
static void
test_grouping(void)
{
	static const char *const want[] = {
		"bounds 0-30 [LOC 0-5, LOC 10-15, LOC 20-30] "
		    "[LOC 3-11, LOC 12-22]",
		"a-only 40-50 [LOC 40-50] []",
		"a-only 42-45 [LOC 42-45] []",
		"bounds 60-70 [PER 60-65] [ORG 60-65, LOC 62-70]",
	};
	static const char *const agreed[] = {
		"agreed 80-85 [LOC 80-85] [LOC 80-85]",
	};
	struct store		*s;
	struct review_list	 l;
	int64_t			 a;

	if ((s = fixture_memory("judge")) == NULL)
		return;
	a = fixture_article(s, NULL,
	    "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee "
	    "fffffffff ggggggggg hhhhhhhhh iiiiiiiii");
	fixture_span(s, a, 0, 5, "LOC", NULL, "alice", ACC);
	fixture_span(s, a, 10, 15, "LOC", NULL, "alice", ACC);
	fixture_span(s, a, 20, 30, "LOC", NULL, "alice", ACC);
	fixture_span(s, a, 40, 50, "LOC", NULL, "alice", ACC);
	fixture_span(s, a, 42, 45, "LOC", NULL, "alice", ACC);
	fixture_span(s, a, 60, 65, "PER", NULL, "alice", ACC);
	fixture_span(s, a, 80, 85, "LOC", NULL, "alice", ACC);
	fixture_span(s, a, 3, 11, "LOC", NULL, "bob", ACC);
	fixture_span(s, a, 12, 22, "LOC", NULL, "bob", ACC);
	fixture_span(s, a, 60, 65, "ORG", NULL, "bob", ACC);
	fixture_span(s, a, 62, 70, "LOC", NULL, "bob", ACC);
	fixture_span(s, a, 80, 85, "LOC", NULL, "bob", ACC);
	fixture_span(s, a, 80, 85, "LOC", NULL, "bob", ACC);
	if (load(s, a, NULL, &l) == 0) {
		check_list(&l, want, 4, agreed, 1);
		review_list_free(&l);
	}
	store_close(s);
}

/* gold's accepted spans of an article as "LABEL start-end, ...". */
static char *
gold_spans(struct store *s, int64_t article)
{
	struct store_span	*v = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, i;
	char			*err = NULL;

	buf_adds(&b, "");
	if (store_span_list(s, article, "gold", &v, &n, &err) == -1) {
		CHECK_FAIL("store_span_list: %s", err);
		free(err);
	}
	for (i = 0; i < n; i++)
		if (v[i].status == STORE_ACCEPTED)
			buf_printf(&b, "%s%s %zu-%zu", b.len > 0 ? ", " : "",
			    v[i].label, v[i].start, v[i].end);
	store_spans_free(v, n);
	return buf_detach(&b);
}

static size_t
history_count(struct store *s)
{
	size_t	 n = 0;
	char	*err = NULL;

	if (store_history_count(s, &n, &err) == -1) {
		CHECK_FAIL("store_history_count: %s", err);
		free(err);
	}
	return n;
}

static void
take(struct store *s, struct review_item *it, enum review_take which)
{
	char	*err = NULL;

	if (review_take(s, it, which, "gold", &err) == -1) {
		CHECK_FAIL("review_take: %s", err);
		free(err);
	}
}

#define CHECK_GOLD(s, article, want) do {				\
	char *check_gold_ = gold_spans((s), (article));			\
	CHECK_STR(check_gold_, (want));					\
	free(check_gold_);						\
} while (0)

/*
 * Taking a side on the label disagreement of merkel (A LOC 37-42, B ORG
 * 37-42): gold holds exactly the chosen spans among these two, whatever
 * was taken before; taking the same again writes nothing; spans of gold
 * outside the item (PER 0-13, and MISC 18-26 inside the bounds item's
 * extent) are never touched; a suggestion of gold is accepted rather
 * than doubled.
 */
static void
test_take(void)
{
	struct example		 x;
	struct review_list	 l;
	struct review_item	*label, *bounds;
	struct store_span	*v = NULL;
	struct store_history	*h = NULL;
	size_t			 n = 0, nh = 0, before, i;
	char			*err = NULL;

	if (build_example(&x) == -1 || load(x.s, x.merkel, "gold", &l) == -1)
		goto out;
	if (l.n != 2) {
		CHECK_FAIL("merkel has %zu disagreements, want 2", l.n);
		review_list_free(&l);
		goto out;
	}
	bounds = &l.items[0];
	label = &l.items[1];
	fixture_span(x.s, x.merkel, 0, 13, "PER", "Angela Merkel", "gold", ACC);
	fixture_span(x.s, x.merkel, 18, 26, "MISC", "Emmanuel", "gold", ACC);

	take(x.s, label, REVIEW_TAKE_A);
	CHECK_INT(label->gold, REVIEW_GOLD_A);
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, MISC 18-26, LOC 37-42");
	/* The copy keeps the origin and note of A's span, and is
	   accepted. */
	if (store_span_list(x.s, x.merkel, "gold", &v, &n, &err) == 0) {
		for (i = 0; i < n; i++) {
			if (strcmp(v[i].label, "LOC") != 0)
				continue;
			CHECK_INT(v[i].origin, STORE_GAZETTEER);
			CHECK_STR(v[i].note, "city");
			CHECK_INT(v[i].status, STORE_ACCEPTED);
			CHECK_STR(v[i].text, "Paris");
		}
		store_spans_free(v, n);
	}

	before = history_count(x.s);
	take(x.s, label, REVIEW_TAKE_A);
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, MISC 18-26, LOC 37-42");
	CHECK_MSG(history_count(x.s) == before, "taking A twice wrote %zu "
	    "changes", history_count(x.s) - before);

	/* Changing one's mind: B replaces A in one transaction. */
	take(x.s, label, REVIEW_TAKE_B);
	CHECK_INT(label->gold, REVIEW_GOLD_B);
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, MISC 18-26, ORG 37-42");
	if (store_history_list(x.s, 0, &h, &nh, &err) == 0) {
		CHECK_MSG(nh >= before + 2 && h[nh - 1].txn == h[nh - 2].txn,
		    "take B's delete and insert are not one transaction");
		store_history_free(h, nh);
	}

	take(x.s, label, REVIEW_TAKE_BOTH);
	CHECK_INT(label->gold, REVIEW_GOLD_BOTH);
	/* Same bounds: in the order made (ORG stayed from B's take). */
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, MISC 18-26, ORG 37-42, "
	    "LOC 37-42");
	take(x.s, label, REVIEW_TAKE_NEITHER);
	CHECK_INT(label->gold, REVIEW_GOLD_NONE);
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, MISC 18-26");

	/* Neither on the bounds item leaves gold's MISC 18-26 inside its
	   extent alone. */
	take(x.s, bounds, REVIEW_TAKE_BOTH);
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, PER 18-33, MISC 18-26, "
	    "PER 27-33");
	take(x.s, bounds, REVIEW_TAKE_NEITHER);
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, MISC 18-26");

	/* A suggestion of gold with B's span is accepted, not doubled. */
	fixture_span_full(x.s, x.merkel, 37, 42, "ORG", "Paris", "gold",
	    STORE_SUGGESTED, STORE_MODEL, NULL);
	take(x.s, label, REVIEW_TAKE_B);
	if (store_span_list(x.s, x.merkel, "gold", &v, &n, &err) == 0) {
		size_t	 org = 0;

		for (i = 0; i < n; i++)
			org += strcmp(v[i].label, "ORG") == 0;
		CHECK_MSG(org == 1, "gold has %zu ORG spans, want 1", org);
		store_spans_free(v, n);
	}
	CHECK_GOLD(x.s, x.merkel, "PER 0-13, MISC 18-26, ORG 37-42");
	review_list_free(&l);

	/* What gold holds is read back into each item. */
	if (load(x.s, x.merkel, "gold", &l) == 0) {
		CHECK_INT(l.items[1].gold, REVIEW_GOLD_B);
		CHECK_INT(l.items[0].gold, REVIEW_GOLD_NONE);
		CHECK_INT(l.agreed[0].gold, REVIEW_GOLD_BOTH);
		/* Gold must be a third annotator. */
		CHECK_INT(review_take(x.s, &l.items[1], REVIEW_TAKE_A, "alice",
		    &err), -1);
		CHECK_MSG(err != NULL && strstr(err, "alice") != NULL,
		    "refusal says \"%s\"", err ? err : "");
		free(err);
		review_list_free(&l);
	}
out:
	store_close(x.s);
}

/*
 * Copying agreed spans: merkel 1, siemens 2, oslo 1, oxford 2, apple 1
 * = 7, of which gold already holds apple's LOC 24-29: 6 added, in one
 * transaction; a second run adds nothing.
 */
static void
test_copy_agreed(void)
{
	struct example		 x;
	struct store_history	*h = NULL;
	size_t			 added = 99, before, nh = 0, i;
	char			*err = NULL;

	if (build_example(&x) == -1)
		goto out;
	fixture_span(x.s, x.apple, 24, 29, "LOC", "Tokyo", "gold", ACC);
	before = history_count(x.s);
	if (review_copy_agreed(x.s, "alice", "bob", "gold", 0, &added,
	    &err) == -1) {
		CHECK_FAIL("review_copy_agreed: %s", err);
		free(err);
		goto out;
	}
	CHECK_INT(added, 6);
	CHECK_GOLD(x.s, x.merkel, "PER 0-13");
	CHECK_GOLD(x.s, x.siemens, "ORG 0-7, PER 14-26");
	CHECK_GOLD(x.s, x.oxford, "LOC 18-24, LOC 31-38");
	CHECK_GOLD(x.s, x.apple, "LOC 24-29");
	CHECK_GOLD(x.s, x.rome, "");
	if (store_history_list(x.s, 0, &h, &nh, &err) == 0) {
		CHECK_INT(nh, before + 6);
		for (i = before; i < nh; i++)
			CHECK_MSG(h[i].txn == h[before].txn, "copy-agreed "
			    "history entry %zu is in transaction %lld, not "
			    "%lld", i, (long long)h[i].txn,
			    (long long)h[before].txn);
		store_history_free(h, nh);
	}
	if (review_copy_agreed(x.s, "alice", "bob", "gold", 0, &added,
	    &err) == 0)
		CHECK_INT(added, 0);
	CHECK_INT(history_count(x.s), before + 6);
	/* Gold must be a third annotator. */
	CHECK_INT(review_copy_agreed(x.s, "alice", "bob", "bob", 0, &added,
	    &err), -1);
	free(err);
out:
	store_close(x.s);
}

/* The articles of a review: both done (not rome), or with --all every
   article where either made an accepted span (rome too). */
static void
test_articles(void)
{
	struct example	 x;
	int64_t		*ids = NULL;
	size_t		 n = 0;
	char		*err = NULL;

	if (build_example(&x) == -1)
		goto out;
	if (review_articles(x.s, "alice", "bob", 0, &ids, &n, &err) == 0) {
		CHECK_INT(n, 5);
		if (n == 5) {
			CHECK_INT(ids[0], x.merkel);
			CHECK_INT(ids[4], x.apple);
		}
		free(ids);
	}
	if (review_articles(x.s, "alice", "bob", REVIEW_ALL_ARTICLES, &ids,
	    &n, &err) == 0) {
		CHECK_INT(n, 6);
		if (n == 6)
			CHECK_INT(ids[5], x.rome);
		free(ids);
	}
	if (review_articles(x.s, "alice", "nobody", 0, &ids, &n, &err) == 0) {
		CHECK_INT(n, 0);
		free(ids);
	}
out:
	store_close(x.s);
}

/* The walk's current item as "article:kind start-end", or "none". */
static char *
at(struct review_walk *w, const struct example *x)
{
	const struct review_item	*it = review_walk_current(w);
	const char			*name;

	if (it == NULL)
		return xstrdup("none");
	name = it->article_id == x->merkel ? "merkel" :
	    it->article_id == x->siemens ? "siemens" :
	    it->article_id == x->oslo ? "oslo" :
	    it->article_id == x->oxford ? "oxford" :
	    it->article_id == x->apple ? "apple" : "?";
	return xasprintf("%s:%s %zu-%zu", name, review_kind_name(it->kind),
	    it->start, it->end);
}

static void
step(struct review_walk *w, int dir, int want_moved)
{
	char	*err = NULL;
	int	 rc = review_walk_step(w, dir, &err);

	CHECK_MSG(rc == want_moved, "review_walk_step(%d) returned %d, want "
	    "%d (%s)", dir, rc, want_moved, err ? err : "");
	free(err);
}

#define CHECK_AT(w, x, want) do {					\
	char *check_at_ = at((w), (x));					\
	CHECK_STR(check_at_, (want));					\
	free(check_at_);						\
} while (0)

/*
 * The walk goes through the disagreements in article and text order,
 * skipping oslo (all agreed), stops at both ends, takes on the current
 * item, and stays in place on refresh when the annotators change.
 */
static void
test_walk(void)
{
	struct example		 x;
	struct review_walk	*w = NULL;
	struct review_where	 where;
	char			*err = NULL;

	if (build_example(&x) == -1)
		goto out;
	if (review_walk_open(&w, x.s, "alice", "bob", "gold", 0, &err) == -1) {
		CHECK_FAIL("review_walk_open: %s", err);
		free(err);
		goto out;
	}
	CHECK_AT(w, &x, "none");
	CHECK(review_walk_list(w) == NULL);
	step(w, -1, 0);
	step(w, 1, 1);
	CHECK_AT(w, &x, "merkel:bounds 18-33");
	review_walk_where(w, &where);
	CHECK_MSG(where.article == 1 && where.narticles == 5 &&
	    where.item == 1 && where.nitems == 2, "where: article %zu/%zu "
	    "item %zu/%zu, want 1/5 1/2", where.article, where.narticles,
	    where.item, where.nitems);
	step(w, -1, 0);
	CHECK_AT(w, &x, "merkel:bounds 18-33");
	step(w, 1, 1);
	CHECK_AT(w, &x, "merkel:label 37-42");
	step(w, 1, 1);
	CHECK_AT(w, &x, "siemens:a-only 32-38");
	step(w, 1, 1);
	CHECK_AT(w, &x, "oxford:bounds 0-24");
	review_walk_where(w, &where);
	CHECK_MSG(where.article == 4 && where.item == 1 && where.nitems == 1,
	    "where: article %zu item %zu/%zu, want 4 1/1", where.article,
	    where.item, where.nitems);
	step(w, 1, 1);
	CHECK_AT(w, &x, "apple:b-only 0-5");
	step(w, 1, 0);
	CHECK_AT(w, &x, "apple:b-only 0-5");
	step(w, -1, 1);
	CHECK_AT(w, &x, "oxford:bounds 0-24");
	step(w, -1, 1);
	CHECK_AT(w, &x, "siemens:a-only 32-38");
	step(w, -1, 1);
	CHECK_AT(w, &x, "merkel:label 37-42");

	/* Take B here; a refresh reads it back from gold. */
	if (review_walk_take(w, REVIEW_TAKE_B, &err) == -1) {
		CHECK_FAIL("review_walk_take: %s", err);
		free(err);
		err = NULL;
	}
	CHECK_GOLD(x.s, x.merkel, "ORG 37-42");
	CHECK_INT(review_walk_refresh(w, &err), 0);
	CHECK_AT(w, &x, "merkel:label 37-42");
	if (review_walk_current(w) != NULL)
		CHECK_INT(review_walk_current(w)->gold, REVIEW_GOLD_B);

	/* bob deletes his Macron: the bounds item becomes a-only, and a
	   refresh on it stays there. */
	step(w, -1, 1);
	CHECK_AT(w, &x, "merkel:bounds 18-33");
	CHECK_INT(store_span_delete(x.s, x.bob_macron, &err), 0);
	CHECK_INT(review_walk_refresh(w, &err), 0);
	CHECK_AT(w, &x, "merkel:a-only 18-33");
	step(w, 1, 1);
	CHECK_AT(w, &x, "merkel:label 37-42");
	review_walk_close(w);

	/* Gold may not be one of the two. */
	CHECK_INT(review_walk_open(&w, x.s, "alice", "bob", "bob", 0, &err),
	    -1);
	CHECK(w == NULL);
	free(err);
out:
	store_close(x.s);
}

static void
test_names(void)
{
	enum review_take	 t = REVIEW_TAKE_NEITHER;

	CHECK_INT(review_take_parse("a", &t), 0);
	CHECK_INT(t, REVIEW_TAKE_A);
	CHECK_INT(review_take_parse("both", &t), 0);
	CHECK_INT(t, REVIEW_TAKE_BOTH);
	CHECK_INT(review_take_parse("all", &t), -1);
	CHECK_STR(review_kind_name(REVIEW_BOUNDS), "bounds");
	CHECK_STR(review_gold_name(REVIEW_GOLD_MIXED), "mixed");
}

/* Gold's relations as "SRC>DST:LABEL" by span text, in list order. */
static char *
gold_relations(struct store *s, int64_t article)
{
	struct store_relation	*v = NULL;
	struct store_span	 a, b;
	struct buf		 out = BUF_INIT;
	size_t			 n = 0, i;
	char			*err = NULL;

	if (store_relation_list(s, article, "gold", 1, &v, &n, &err) == -1) {
		CHECK_FAIL("store_relation_list: %s", err);
		free(err);
		return buf_detach(&out);
	}
	for (i = 0; i < n; i++) {
		if (store_span_get(s, v[i].src, &a, &err) == -1 ||
		    store_span_get(s, v[i].dst, &b, &err) == -1) {
			CHECK_FAIL("store_span_get: %s", err);
			free(err);
			err = NULL;
			continue;
		}
		buf_printf(&out, "%s%s>%s:%s", i > 0 ? " " : "", a.text,
		    b.text, v[i].label);
		store_span_free(&a);
		store_span_free(&b);
	}
	store_relations_free(v, n);
	return buf_detach(&out);
}

static void
relate(struct store *s, int64_t src, int64_t dst, const char *label,
    const char *who)
{
	struct store_relation	 r;
	char			*err = NULL;

	memset(&r, 0, sizeof(r));
	r.src = src;
	r.dst = dst;
	r.label = (char *)label;
	r.annotator = (char *)who;
	if (store_relation_add(s, &r, NULL, &err) == -1) {
		CHECK_FAIL("store_relation_add: %s", err);
		free(err);
	}
}

/*
 * "Blinken called Lavrov in Geneva.": both annotators made the same three
 * spans.  alice: Blinken -spoke_with-> Lavrov, Geneva -met-> Lavrov
 * (met is symmetric).  bob: Lavrov -met-> Geneva (the same met),
 * Blinken -located_in-> Geneva.  So spoke_with is alice's only,
 * located_in bob's only, met agreed.
 */
static void
test_relations(void)
{
	struct review_list	 l;
	struct store		*s;
	char			*err = NULL, *got;
	int64_t			 art, ab, al, ag, bb, bl, bg;
	size_t			 i, nrel = 0;
	struct review_item	*spoke = NULL, *located = NULL;

	if ((s = fixture_memory("judge")) == NULL)
		return;
	CHECK_INT(store_relation_label_add(s, "spoke_with", "s", 0, "", &err),
	    0);
	CHECK_INT(store_relation_label_add(s, "met", "m", 1, "", &err), 0);
	CHECK_INT(store_relation_label_add(s, "located_in", "l", 0, "", &err),
	    0);
	art = fixture_article(s, NULL, "Blinken called Lavrov in Geneva.");
	ab = fixture_span(s, art, 0, 7, "PER", "Blinken", "alice", ACC);
	al = fixture_span(s, art, 15, 21, "PER", "Lavrov", "alice", ACC);
	ag = fixture_span(s, art, 25, 31, "LOC", "Geneva", "alice", ACC);
	bb = fixture_span(s, art, 0, 7, "PER", "Blinken", "bob", ACC);
	bl = fixture_span(s, art, 15, 21, "PER", "Lavrov", "bob", ACC);
	bg = fixture_span(s, art, 25, 31, "LOC", "Geneva", "bob", ACC);
	relate(s, ab, al, "spoke_with", "alice");
	relate(s, ag, al, "met", "alice");
	relate(s, bl, bg, "met", "bob");
	relate(s, bb, bg, "located_in", "bob");

	CHECK_INT(review_disagreements(s, "alice", "bob", "gold", art, &l,
	    &err), 0);
	for (i = 0; i < l.n; i++) {
		if (l.items[i].kind != REVIEW_RELATION)
			continue;
		nrel++;
		if (strcmp(l.items[i].relation, "spoke_with") == 0)
			spoke = &l.items[i];
		if (strcmp(l.items[i].relation, "located_in") == 0)
			located = &l.items[i];
	}
	/* The symmetric met is agreed, whatever its direction. */
	CHECK_INT(nrel, 2);
	CHECK_INT(l.n, 2);
	CHECK(spoke != NULL && located != NULL);
	if (spoke == NULL || located == NULL) {
		review_list_free(&l);
		store_close(s);
		return;
	}
	CHECK_INT(spoke->na, 2);
	CHECK_INT(spoke->nb, 0);
	CHECK_STR(spoke->a[0].text, "Blinken");
	CHECK_STR(spoke->a[1].text, "Lavrov");
	CHECK_INT(spoke->gold, REVIEW_GOLD_NONE);
	CHECK_INT(located->nb, 2);
	CHECK_STR(review_kind_name(spoke->kind), "relation");
	/* Taking alice's side: gold gets both spans and the relation. */
	CHECK_INT(review_take(s, spoke, REVIEW_TAKE_A, "gold", &err), 0);
	CHECK_INT(spoke->gold, REVIEW_GOLD_A);
	got = gold_relations(s, art);
	CHECK_STR(got, "Blinken>Lavrov:spoke_with");
	free(got);
	/* Again: nothing more. */
	CHECK_INT(review_take(s, spoke, REVIEW_TAKE_BOTH, "gold", &err), 0);
	got = gold_relations(s, art);
	CHECK_STR(got, "Blinken>Lavrov:spoke_with");
	free(got);
	/* Taking bob's side of spoke_with (he has none): it goes, the spans
	   stay. */
	CHECK_INT(review_take(s, spoke, REVIEW_TAKE_B, "gold", &err), 0);
	CHECK_INT(spoke->gold, REVIEW_GOLD_NONE);
	got = gold_relations(s, art);
	CHECK_STR(got, "");
	free(got);
	/* bob's located_in into gold; read again, the item says so. */
	CHECK_INT(review_take(s, located, REVIEW_TAKE_B, "gold", &err), 0);
	review_list_free(&l);
	CHECK_INT(review_disagreements(s, "alice", "bob", "gold", art, &l,
	    &err), 0);
	for (i = 0; i < l.n; i++)
		if (l.items[i].relation != NULL &&
		    strcmp(l.items[i].relation, "located_in") == 0)
			CHECK_INT(l.items[i].gold, REVIEW_GOLD_B);
	review_list_free(&l);
	got = gold_relations(s, art);
	CHECK_STR(got, "Blinken>Geneva:located_in");
	free(got);
	/* Copying what both agreed on brings the met they share; again,
	   nothing more. */
	CHECK_INT(review_copy_agreed(s, "alice", "bob", "gold",
	    REVIEW_ALL_ARTICLES, NULL, &err), 0);
	CHECK_INT(review_copy_agreed(s, "alice", "bob", "gold",
	    REVIEW_ALL_ARTICLES, NULL, &err), 0);
	got = gold_relations(s, art);
	CHECK_STR(got, "Blinken>Geneva:located_in Geneva>Lavrov:met");
	free(got);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "review: agreed spans and the kinds of disagreement", test_kinds },
	{ "review: overlapping spans of both sides are one disagreement",
	    test_grouping },
	{ "review: taking a side writes exactly it into gold, idempotently",
	    test_take },
	{ "review: agreed spans are copied into gold once, in one "
	    "transaction", test_copy_agreed },
	{ "review: the articles reviewed", test_articles },
	{ "review: the walk across articles", test_walk },
	{ "review: names of kinds, gold states and choices", test_names },
	{ "review: relations one side made are disagreements (symmetric "
	    "ones either way); taking a side writes the spans and the "
	    "relation into gold", test_relations },
};

CHECK_MAIN(tests)
