/*
 * test_assist.c: propagation and accept-all: word-aligned occurrences
 * next to emoji, CJK and combining marks, with code point and byte
 * offsets; suggestions through the store (skipping what the annotator has,
 * rejected ones included), one undo for a propagation, and accept-all.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/store.h"
#include "margin/util.h"
#include "check.h"
#include "fixture.h"

/* The occurrences as "start-end/start_byte-end_byte ..." */
static char *
occurrences(const char *text, const char *needle)
{
	struct assist_match	*v;
	struct buf		 b = BUF_INIT;
	size_t			 n, i;

	n = assist_occurrences(text, strlen(text), needle, strlen(needle), &v);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%zu-%zu/%zu-%zu", i > 0 ? " " : "",
		    v[i].start, v[i].end, v[i].start_byte, v[i].end_byte);
	free(v);
	buf_adds(&b, "");
	return buf_detach(&b);
}

static void
test_occurrences_word_aligned(void)
{
	char	*got;

	/*
	 * "Paris" stands at code points 2, 11, 18, 28, 34, 45, 52 and 59
	 * (bytes 8, 21, 28, 38, 44, 65, 75, 83: the flag is two 4-byte
	 * code points, 東京 two of 3 bytes, the scientist emoji 👩 ZWJ 🔬
	 * 11 bytes).  UAX #29 breaks between a regional indicator, an
	 * ideograph or an emoji and a letter; it does not in "Parisian",
	 * "xParis", "Paris’s" (’ between letters) or before a combining
	 * acute accent.
	 */
	got = occurrences("🇫🇷Paris, 東京Paris; Parisian xParis Paris’s "
	    "👩‍🔬Paris🙂 Paris\xcc\x81 Paris", "Paris");
	CHECK_STR(got, "2-7/8-13 11-16/21-26 45-50/65-70 59-64/83-88");
	free(got);

	/* Ideographs are words of their own, kana join only kana. */
	got = occurrences("東京都と東京タワー、京東京", "東京");
	CHECK_STR(got, "0-2/0-6 4-6/12-18 11-13/33-39");
	free(got);
	got = occurrences("東京タワーとタワーズ", "タワー");
	CHECK_STR(got, "2-5/6-15");
	free(got);

	/* Nothing to find; the needle longer than the text. */
	got = occurrences("Paris", "Parisian");
	CHECK_STR(got, "");
	free(got);
	got = occurrences("", "x");
	CHECK_STR(got, "");
	free(got);
	/* Overlapping candidates: only aligned ones count. */
	got = occurrences("aa aaa aa", "aa");
	CHECK_STR(got, "0-2/0-2 7-9/7-9");
	free(got);
}

/* The spans of an article, "start-end/bytes LABEL status origin who". */
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
		buf_printf(&b, "%s%zu-%zu/%zu-%zu %s %s %s %s %s",
		    i > 0 ? "; " : "", v[i].start, v[i].end, v[i].start_byte,
		    v[i].end_byte, v[i].text, v[i].label,
		    store_status_name(v[i].status),
		    store_origin_name(v[i].origin), v[i].annotator);
	store_spans_free(v, n);
	buf_adds(&b, "");
	return buf_detach(&b);
}

#define CHECK_SPANS(s, art, want) do {					\
	char *check_s_ = spans_of((s), (art));				\
	CHECK_STR(check_s_, (want));					\
	free(check_s_);							\
} while (0)

static void
test_propagate_through_store(void)
{
	struct store		*s = NULL;
	struct store_span	 model, *v = NULL;
	struct store_change	 what;
	char			*err = NULL;
	int64_t			 a1, a2, a3, a4, id;
	size_t			 added = 0, n = 0;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, NULL, "Paris is in France. I love Paris.");
	a2 = fixture_article(s, NULL,
	    "🙂 Paris and Parisian, 東京Paris, 🙂Paris🙂.");
	a3 = fixture_article(s, NULL, "Nothing here about it.");
	a4 = fixture_article(s, NULL, "東京都庁は東京にある。");

	memset(&model, 0, sizeof(model));
	model.article_id = a1;
	model.start = 0;
	model.end = 5;
	model.label = "LOC";
	model.text = "Paris";
	if (store_span_add(s, &model, &id, &err) == -1)
		CHECK_FAIL("model: %s", err);

	if (assist_propagate(s, &model, NULL, &added, &err) == -1)
		CHECK_FAIL("propagate: %s", err);
	CHECK_INT(added, 4);
	CHECK_SPANS(s, a1, "0-5/0-5 Paris LOC accepted manual alice; "
	    "27-32/27-32 Paris LOC suggested propagated alice");
	/* Bytes and code points apart after the emoji and ideographs. */
	CHECK_SPANS(s, a2, "2-7/5-10 Paris LOC suggested propagated alice; "
	    "24-29/31-36 Paris LOC suggested propagated alice; "
	    "32-37/42-47 Paris LOC suggested propagated alice");
	CHECK_SPANS(s, a3, "");

	/* Again: every place is taken already. */
	if (assist_propagate(s, &model, NULL, &added, &err) == -1)
		CHECK_FAIL("propagate again: %s", err);
	CHECK_INT(added, 0);

	/* One undo takes the whole propagation back, one redo brings it. */
	if (store_undo(s, NULL, &what, &err) == -1)
		CHECK_FAIL("undo: %s", err);
	else
		CHECK_STR(what.description, "undo: suggested LOC "
		    "\xe2\x80\x9cParis\xe2\x80\x9d and 3 more changes");
	store_change_free(&what);
	CHECK_SPANS(s, a2, "");
	if (store_redo(s, NULL, &what, &err) == -1)
		CHECK_FAIL("redo: %s", err);
	store_change_free(&what);

	/* A rejected suggestion is not made again. */
	store_span_list(s, a2, "alice", &v, &n, &err);
	CHECK_INT(n, 3);
	if (n == 3 && store_span_set_status(s, v[0].id, STORE_REJECTED,
	    &err) == -1)
		CHECK_FAIL("reject: %s", err);
	store_spans_free(v, n);
	if (assist_propagate(s, &model, NULL, &added, &err) == -1)
		CHECK_FAIL("propagate after reject: %s", err);
	CHECK_INT(added, 0);

	/* Another annotator gets every place, the model's too. */
	if (assist_propagate(s, &model, "bob", &added, &err) == -1)
		CHECK_FAIL("propagate for bob: %s", err);
	CHECK_INT(added, 5);

	/* Ideographs at the edges: no index can find 東京 inside 東京都庁,
	   so every article is searched. */
	model.article_id = a4;
	model.start = 5;
	model.end = 7;
	model.text = "東京";
	if (assist_propagate(s, &model, "carol", &added, &err) == -1)
		CHECK_FAIL("propagate 東京: %s", err);
	CHECK_INT(added, 3);
	CHECK_SPANS(s, a4, "0-2/0-6 東京 LOC suggested propagated carol; "
	    "5-7/15-21 東京 LOC suggested propagated carol");
	CHECK_SPANS(s, a2, "2-7/5-10 Paris LOC rejected propagated alice; "
	    "2-7/5-10 Paris LOC suggested propagated bob; "
	    "22-24/25-31 東京 LOC suggested propagated carol; "
	    "24-29/31-36 Paris LOC suggested propagated alice; "
	    "24-29/31-36 Paris LOC suggested propagated bob; "
	    "32-37/42-47 Paris LOC suggested propagated alice; "
	    "32-37/42-47 Paris LOC suggested propagated bob");

	/* Nothing to propagate. */
	model.text = "";
	CHECK(assist_propagate(s, &model, NULL, &added, &err) == -1);
	CHECK_MSG(err != NULL && strstr(err, "nothing to propagate"),
	    "empty model says \"%s\"", err ? err : "(null)");
	free(err);
	store_close(s);
}

static void
test_accept_all(void)
{
	struct store		*s = NULL;
	struct store_span	 sp;
	struct store_change	 what;
	char			*err = NULL;
	int64_t			 a1, a2;
	size_t			 n = 0;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, NULL, "Jordan met Jordan in 🇯🇴 Jordan.");
	a2 = fixture_article(s, NULL, "Jordan.");
	memset(&sp, 0, sizeof(sp));
	sp.label = "PER";
	sp.text = "Jordan";
	sp.status = STORE_SUGGESTED;
	sp.origin = STORE_PROPAGATED;
	sp.article_id = a1;
	sp.start = 0;
	sp.end = 6;
	store_span_add(s, &sp, NULL, &err);
	sp.start = 11;
	sp.end = 17;
	store_span_add(s, &sp, NULL, &err);
	sp.start = 24;		/* after the flag (8 bytes): byte 30 */
	sp.end = 30;
	sp.label = "LOC";
	store_span_add(s, &sp, NULL, &err);
	sp.label = "PER";
	sp.annotator = "bob";
	store_span_add(s, &sp, NULL, &err);
	sp.annotator = NULL;
	sp.article_id = a2;
	sp.start = 0;
	sp.end = 6;
	store_span_add(s, &sp, NULL, &err);

	if (assist_accept_all(s, a1, "Jordan", "PER", NULL, &n, &err) == -1)
		CHECK_FAIL("accept-all: %s", err);
	CHECK_INT(n, 2);
	CHECK_SPANS(s, a1,
	    "0-6/0-6 Jordan PER accepted propagated alice; "
	    "11-17/11-17 Jordan PER accepted propagated alice; "
	    "24-30/30-36 Jordan LOC suggested propagated alice; "
	    "24-30/30-36 Jordan PER suggested propagated bob");
	CHECK_SPANS(s, a2, "0-6/0-6 Jordan PER suggested propagated alice");
	/* One undo, both back to suggestions. */
	if (store_undo(s, NULL, &what, &err) == -1)
		CHECK_FAIL("undo: %s", err);
	else
		CHECK_INT(what.count, 2);
	store_change_free(&what);
	CHECK_SPANS(s, a1,
	    "0-6/0-6 Jordan PER suggested propagated alice; "
	    "11-17/11-17 Jordan PER suggested propagated alice; "
	    "24-30/30-36 Jordan LOC suggested propagated alice; "
	    "24-30/30-36 Jordan PER suggested propagated bob");
	free(err);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "assist occurrences are word-aligned next to emoji, CJK, marks",
	    test_occurrences_word_aligned },
	{ "assist propagate: suggestions with right offsets, once, one undo",
	    test_propagate_through_store },
	{ "assist accept-all: that text, label and annotator only",
	    test_accept_all },
};

CHECK_MAIN(tests)
