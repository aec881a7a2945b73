/*
 * test_agree.c: inter-annotator agreement (SPEC §10) on a worked example
 * computed by hand below, and its edge cases: nothing in common, one
 * annotator silent, identical annotations, and what must not count.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "margin/agree.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/util.h"

/* Equal to 3 decimals (the precision the table prints); NAN wants
   NAN. */
#define CHECK_NEAR(got, want) do {					\
	double check_gd_ = (got), check_wd_ = (want);			\
	if (isnan(check_wd_) ? !isnan(check_gd_) :			\
	    !(fabs(check_gd_ - check_wd_) < 0.0005)) {			\
		check_failures++;					\
		printf("    %s:%d: %s is %.6f, want %.6f\n", __FILE__,	\
		    __LINE__, #got, check_gd_, check_wd_);		\
	}								\
} while (0)

#define CHECK_UNDEFINED(got) CHECK_MSG(isnan(got),			\
	"%s is %.6f, want undefined (NAN)", #got, (got))

#define ACC STORE_ACCEPTED

/*
 * The worked example.  alice is the reference (A), bob the prediction
 * (B).  Offsets are code points; the tokens are UAX #29 words and each
 * punctuation character.
 *
 * Article 1 "Angela Merkel met Emmanuel Macron in Paris."
 *   tokens  Angela Merkel met Emmanuel Macron in Paris .        (8)
 *   A: PER 0-13 "Angela Merkel", PER 18-33 "Emmanuel Macron",
 *      LOC 37-42 "Paris"
 *   B: PER 0-13 (exact), PER 27-33 "Macron" (boundary),
 *      ORG 37-42 "Paris" (label)
 *   A tokens: PER PER O PER PER O LOC O
 *   B tokens: PER PER O O   PER O ORG O       agree 6 of 8
 *
 * Article 2 "Siemens hired José Álvarez from Berlin." (non-ASCII: code
 * points and bytes differ from "José" on)
 *   tokens  Siemens hired José Álvarez from Berlin .            (7)
 *   A: ORG 0-7, PER 14-26 "José Álvarez", LOC 32-38 "Berlin"
 *   B: ORG 0-7 (exact), PER 14-26 (exact); misses Berlin (B's
 *      suggestion LOC 32-38 is not an annotation and must not count)
 *   A tokens: ORG O PER PER O LOC O
 *   B tokens: ORG O PER PER O O   O           agree 6 of 7
 *
 * Article 3 "The University of Oxford is in England." (nesting)
 *   tokens  The University of Oxford is in England .            (8)
 *   A: ORG 4-24 "University of Oxford" with LOC 18-24 "Oxford" nested,
 *      LOC 31-38 "England"
 *   B: ORG 0-24 "The University of Oxford" (boundary), LOC 18-24
 *      (exact), LOC 31-38 (exact)
 *   Tokens take the longest span: Oxford is ORG for both.
 *   A tokens: O   ORG ORG ORG O O LOC O
 *   B tokens: ORG ORG ORG ORG O O LOC O       agree 7 of 8
 *
 * Article 4 "Apple opened a store in Tokyo."
 *   tokens  Apple opened a store in Tokyo .                     (7)
 *   A: LOC 24-29 "Tokyo"
 *   B: ORG 0-5 "Apple" (B only), LOC 24-29 (exact)
 *   A tokens: O   O O O O LOC O
 *   B tokens: ORG O O O O LOC O               agree 6 of 7
 *
 * Not compared: article 5, which only alice marked done (both have spans
 * there), and carol's span in article 1 (another annotator).
 *
 * Exact spans (A = reference, B = prediction):
 *   label  A (ref)  B (pred)  exact   P = exact/B  R = exact/A  F1 = 2e/(A+B)
 *   PER    3        3         2       2/3 = .667   2/3 = .667   4/6  = .667
 *   ORG    2        4         1       1/4 = .250   1/2 = .500   2/6  = .333
 *   LOC    5        3         3       3/3 = 1.000  3/5 = .600   6/8  = .750
 *   all    10       10        6       6/10 = .600  6/10 = .600  12/20 = .600
 *   (A's LOC: Paris, Berlin, Oxford, England, Tokyo; B's ORG: Paris,
 *   Siemens, The University of Oxford, Apple.)
 *
 * Tokens, confusion counts (rows A, columns B), N = 8 + 7 + 8 + 7 = 30:
 *            PER  ORG  LOC  O   | A's total
 *   PER       5    0    0   1   |  6
 *   ORG       0    4    0   0   |  4
 *   LOC       0    1    2   1   |  4
 *   O         0    2    0  14   | 16
 *   B's total 5    7    2  16   | 30
 *   agreed (diagonal) = 5 + 4 + 2 + 14 = 25 = 6 + 6 + 7 + 6
 *   po = 25/30 = .8333
 *   pe = (6*5 + 4*7 + 4*2 + 16*16) / 30^2 = (30 + 28 + 8 + 256)/900
 *      = 322/900 = .3578
 *   kappa = (po - pe) / (1 - pe) = (30*25 - 322) / (900 - 322)
 *         = 428/578 = .7405
 */
struct example {
	struct store	*s;
	int64_t		 art[6];
};

static int
build_example(struct example *x)
{
	struct store	*s;

	if ((x->s = s = fixture_memory("tester")) == NULL)
		return -1;
	x->art[1] = fixture_article(s, NULL,
	    "Angela Merkel met Emmanuel Macron in Paris.");
	x->art[2] = fixture_article(s, NULL, "Siemens hired José Álvarez from "
	    "Berlin.");
	x->art[3] = fixture_article(s, NULL, "The University of Oxford is in "
	    "England.");
	x->art[4] = fixture_article(s, NULL, "Apple opened a store in Tokyo.");
	x->art[5] = fixture_article(s, NULL, "An extra article about Rome.");

	fixture_span(s, x->art[1], 0, 13, "PER", "Angela Merkel", "alice", ACC);
	fixture_span(s, x->art[1], 18, 33, "PER", "Emmanuel Macron", "alice",
	    ACC);
	fixture_span(s, x->art[1], 37, 42, "LOC", "Paris", "alice", ACC);
	fixture_span(s, x->art[1], 0, 13, "PER", "Angela Merkel", "bob", ACC);
	fixture_span(s, x->art[1], 27, 33, "PER", "Macron", "bob", ACC);
	fixture_span(s, x->art[1], 37, 42, "ORG", "Paris", "bob", ACC);
	fixture_span(s, x->art[1], 37, 42, "MISC", "Paris", "carol", ACC);

	fixture_span(s, x->art[2], 0, 7, "ORG", "Siemens", "alice", ACC);
	fixture_span(s, x->art[2], 14, 26, "PER", "José Álvarez", "alice", ACC);
	fixture_span(s, x->art[2], 32, 38, "LOC", "Berlin", "alice", ACC);
	fixture_span(s, x->art[2], 0, 7, "ORG", "Siemens", "bob", ACC);
	fixture_span(s, x->art[2], 14, 26, "PER", "José Álvarez", "bob", ACC);
	fixture_span(s, x->art[2], 32, 38, "LOC", "Berlin", "bob",
	    STORE_SUGGESTED);

	fixture_span(s, x->art[3], 4, 24, "ORG", "University of Oxford",
	    "alice", ACC);
	fixture_span(s, x->art[3], 18, 24, "LOC", "Oxford", "alice", ACC);
	fixture_span(s, x->art[3], 31, 38, "LOC", "England", "alice", ACC);
	fixture_span(s, x->art[3], 0, 24, "ORG", "The University of Oxford",
	    "bob", ACC);
	fixture_span(s, x->art[3], 18, 24, "LOC", "Oxford", "bob", ACC);
	fixture_span(s, x->art[3], 31, 38, "LOC", "England", "bob", ACC);

	fixture_span(s, x->art[4], 24, 29, "LOC", "Tokyo", "alice", ACC);
	fixture_span(s, x->art[4], 0, 5, "ORG", "Apple", "bob", ACC);
	fixture_span(s, x->art[4], 24, 29, "LOC", "Tokyo", "bob", ACC);

	fixture_span(s, x->art[5], 23, 27, "LOC", "Rome", "alice", ACC);
	fixture_span(s, x->art[5], 23, 27, "PER", "Rome", "bob", ACC);

	fixture_done(s, x->art[1], "alice");
	fixture_done(s, x->art[2], "alice");
	fixture_done(s, x->art[3], "alice");
	fixture_done(s, x->art[4], "alice");
	fixture_done(s, x->art[5], "alice");
	fixture_done(s, x->art[1], "bob");
	fixture_done(s, x->art[2], "bob");
	fixture_done(s, x->art[3], "bob");
	fixture_done(s, x->art[4], "bob");
	return check_failures == 0 ? 0 : -1;
}

static const struct agree_label *
find_label(const struct agree_pair *p, const char *name)
{
	size_t	 i;

	for (i = 0; i < p->nlabels; i++)
		if (strcmp(p->labels[i].name, name) == 0)
			return &p->labels[i];
	CHECK_FAIL("no row for label %s", name);
	return NULL;
}

/* The hand-computed counts of one label (see the table above). */
static void
check_label(const struct agree_pair *p, const char *name, size_t ref,
    size_t pred, size_t exact, double precision, double recall, double f1)
{
	const struct agree_label	*l = find_label(p, name);

	if (l == NULL)
		return;
	CHECK_MSG(l->counts.reference == ref && l->counts.prediction == pred &&
	    l->counts.exact == exact, "%s: counts ref %zu pred %zu exact %zu, "
	    "want %zu %zu %zu", name, l->counts.reference,
	    l->counts.prediction, l->counts.exact, ref, pred, exact);
	CHECK_NEAR(agree_precision(&l->counts), precision);
	CHECK_NEAR(agree_recall(&l->counts), recall);
	CHECK_NEAR(agree_f1(&l->counts), f1);
}

static int
compute(struct store *s, const char *const *names, size_t n,
    struct agree_result *r)
{
	char	*err = NULL;

	if (agree_compute(s, names, n, r, &err) == -1) {
		CHECK_FAIL("agree_compute: %s", err);
		free(err);
		return -1;
	}
	return 0;
}

static void
test_worked_example(void)
{
	static const char *const names[] = { "alice", "bob" };
	struct example		 x;
	struct agree_result	 r;
	const struct agree_pair	*p;

	if (build_example(&x) == -1 || compute(x.s, names, 2, &r) == -1) {
		store_close(x.s);
		return;
	}
	CHECK_INT(r.npairs, 1);
	if (r.npairs == 1) {
		p = &r.pairs[0];
		CHECK_STR(p->reference, "alice");
		CHECK_STR(p->prediction, "bob");
		CHECK_INT(p->articles, 4);
		/* Only the labels used, in schema order: no MISC (carol's
		   span is not compared). */
		CHECK_INT(p->nlabels, 3);
		if (p->nlabels == 3) {
			CHECK_STR(p->labels[0].name, "PER");
			CHECK_STR(p->labels[1].name, "ORG");
			CHECK_STR(p->labels[2].name, "LOC");
		}
		check_label(p, "PER", 3, 3, 2, 2.0 / 3, 2.0 / 3, 4.0 / 6);
		check_label(p, "ORG", 2, 4, 1, 1.0 / 4, 1.0 / 2, 2.0 / 6);
		check_label(p, "LOC", 5, 3, 3, 3.0 / 3, 3.0 / 5, 6.0 / 8);
		CHECK_INT(p->overall.reference, 10);
		CHECK_INT(p->overall.prediction, 10);
		CHECK_INT(p->overall.exact, 6);
		CHECK_NEAR(agree_precision(&p->overall), 6.0 / 10);
		CHECK_NEAR(agree_recall(&p->overall), 6.0 / 10);
		CHECK_NEAR(agree_f1(&p->overall), 12.0 / 20);
		CHECK_INT(p->tokens, 30);
		CHECK_INT(p->tokens_agreed, 25);
		CHECK_NEAR(p->observed, 25.0 / 30);
		CHECK_NEAR(p->expected, 322.0 / 900);
		CHECK_NEAR(p->kappa, 428.0 / 578);
	}
	agree_result_free(&r);
	store_close(x.s);
}

/*
 * The other way round, bob as the reference: precision and recall swap
 * (ORG: P = 1/2 = .500, R = 1/4 = .250), F1 and kappa stay (kappa is
 * symmetric: the confusion table is transposed).
 */
static void
test_reference_order(void)
{
	static const char *const names[] = { "bob", "alice" };
	struct example		 x;
	struct agree_result	 r;
	const struct agree_pair	*p;

	if (build_example(&x) == -1 || compute(x.s, names, 2, &r) == -1) {
		store_close(x.s);
		return;
	}
	CHECK_INT(r.npairs, 1);
	if (r.npairs == 1) {
		p = &r.pairs[0];
		CHECK_STR(p->reference, "bob");
		check_label(p, "ORG", 4, 2, 1, 1.0 / 2, 1.0 / 4, 2.0 / 6);
		check_label(p, "LOC", 3, 5, 3, 3.0 / 5, 3.0 / 3, 6.0 / 8);
		CHECK_NEAR(p->kappa, 428.0 / 578);
	}
	agree_result_free(&r);
	store_close(x.s);
}

/*
 * Every pair (no names): dave marked article 1 done without making a
 * span, so he is compared with alice and with bob on that one article;
 * carol made spans but marked nothing done: no pair with her.  Pairs in
 * name order.
 *
 * alice vs dave on article 1: A has PER 0-13, PER 18-33, LOC 37-42, dave
 * nothing.  PER: ref 2, pred 0, exact 0: P undefined, R 0, F1 0.
 * Tokens A: PER PER O PER PER O LOC O, dave: 8 x O; agreed 3 (the O's).
 *   pe = (3 * 8) / 64 = .375, po = 3/8 = .375,
 *   kappa = (8*3 - 24) / (64 - 24) = 0.
 */
static void
test_every_pair(void)
{
	struct example		 x;
	struct agree_result	 r;
	const struct agree_pair	*p;

	if (build_example(&x) == -1)
		goto out;
	fixture_done(x.s, x.art[1], "dave");
	if (compute(x.s, NULL, 0, &r) == -1)
		goto out;
	CHECK_INT(r.npairs, 3);
	if (r.npairs == 3) {
		CHECK_STR(r.pairs[0].reference, "alice");
		CHECK_STR(r.pairs[0].prediction, "bob");
		CHECK_NEAR(r.pairs[0].kappa, 428.0 / 578);
		CHECK_STR(r.pairs[1].reference, "alice");
		CHECK_STR(r.pairs[1].prediction, "dave");
		CHECK_STR(r.pairs[2].reference, "bob");
		CHECK_STR(r.pairs[2].prediction, "dave");
		p = &r.pairs[1];
		CHECK_INT(p->articles, 1);
		check_label(p, "PER", 2, 0, 0, NAN, 0.0, 0.0);
		CHECK_UNDEFINED(agree_precision(&find_label(p, "PER")->counts));
		CHECK_INT(p->tokens, 8);
		CHECK_INT(p->tokens_agreed, 3);
		CHECK_NEAR(p->observed, 0.375);
		CHECK_NEAR(p->expected, 0.375);
		CHECK_NEAR(p->kappa, 0.0);
	}
	agree_result_free(&r);
out:
	store_close(x.s);
}

/* Named annotators with no article done in common: the pair is there
   with nothing compared, every ratio undefined.  Unnamed, no pair. */
static void
test_nothing_in_common(void)
{
	static const char *const names[] = { "alice", "erin" };
	struct example		 x;
	struct agree_result	 r;
	struct buf		 out = BUF_INIT;

	if (build_example(&x) == -1 || compute(x.s, names, 2, &r) == -1)
		goto out;
	CHECK_INT(r.npairs, 1);
	if (r.npairs == 1) {
		CHECK_INT(r.pairs[0].articles, 0);
		CHECK_INT(r.pairs[0].tokens, 0);
		CHECK_INT(r.pairs[0].nlabels, 0);
		CHECK_UNDEFINED(agree_precision(&r.pairs[0].overall));
		CHECK_UNDEFINED(agree_recall(&r.pairs[0].overall));
		CHECK_UNDEFINED(agree_f1(&r.pairs[0].overall));
		CHECK_UNDEFINED(r.pairs[0].kappa);
		agree_format_table(&r, &out);
		CHECK_MSG(out.data != NULL && strstr(out.data,
		    "no article both marked done") != NULL,
		    "table says \"%s\"", out.data ? out.data : "");
	}
	agree_result_free(&r);
	buf_free(&out);
	store_close(x.s);

	/* No one has marked anything done. */
	if ((x.s = fixture_memory("tester")) == NULL)
		return;
	x.art[1] = fixture_article(x.s, NULL, "Oslo is cold.");
	fixture_span(x.s, x.art[1], 0, 4, "LOC", "Oslo", "alice", ACC);
	fixture_span(x.s, x.art[1], 0, 4, "LOC", "Oslo", "bob", ACC);
	if (compute(x.s, NULL, 0, &r) == 0) {
		CHECK_INT(r.npairs, 0);
		agree_format_json(&r, &out);
		CHECK_STR(out.data, "{\"pairs\":[]}\n");
		agree_result_free(&r);
	}
out:
	buf_free(&out);
	store_close(x.s);
}

/*
 * Identical annotations.  With two labels in use ("Oslo and Bergen are
 * in Norway .": both LOC Oslo, LOC Bergen) every ratio is 1 and kappa is
 * 1: tokens Oslo and Bergen are LOC, the other 5 are O, for both:
 * pe = (2*2 + 5*5)/49, po = 1, kappa = (49 - 29)/(49 - 29) = 1.
 * With no spans at all, every token is O for both: pe = 1 and kappa is
 * undefined (0/0), though po is 1.
 */
static void
test_identical(void)
{
	static const char *const names[] = { "alice", "bob" };
	struct store		*s;
	struct agree_result	 r;
	int64_t			 a1, a2;

	if ((s = fixture_memory("tester")) == NULL)
		return;
	a1 = fixture_article(s, NULL, "Oslo and Bergen are in Norway.");
	fixture_span(s, a1, 0, 4, "LOC", "Oslo", "alice", ACC);
	fixture_span(s, a1, 9, 15, "LOC", "Bergen", "alice", ACC);
	fixture_span(s, a1, 0, 4, "LOC", "Oslo", "bob", ACC);
	fixture_span(s, a1, 9, 15, "LOC", "Bergen", "bob", ACC);
	fixture_done(s, a1, "alice");
	fixture_done(s, a1, "bob");
	if (compute(s, names, 2, &r) == 0 && r.npairs == 1) {
		CHECK_INT(r.pairs[0].tokens, 7);
		CHECK_NEAR(agree_f1(&r.pairs[0].overall), 1.0);
		CHECK_NEAR(r.pairs[0].expected, 29.0 / 49.0);
		CHECK_NEAR(r.pairs[0].kappa, 1.0);
		agree_result_free(&r);
	}
	store_close(s);

	if ((s = fixture_memory("tester")) == NULL)
		return;
	a2 = fixture_article(s, NULL, "Nothing to see here.");
	fixture_done(s, a2, "alice");
	fixture_done(s, a2, "bob");
	if (compute(s, names, 2, &r) == 0 && r.npairs == 1) {
		CHECK_INT(r.pairs[0].articles, 1);
		CHECK_INT(r.pairs[0].tokens, 5);
		CHECK_NEAR(r.pairs[0].observed, 1.0);
		CHECK_NEAR(r.pairs[0].expected, 1.0);
		CHECK_UNDEFINED(r.pairs[0].kappa);
		CHECK_UNDEFINED(agree_f1(&r.pairs[0].overall));
		agree_result_free(&r);
	}
	store_close(s);
}

/*
 * A span that cuts a token still labels it (overlap), and among a
 * token's spans the longest wins even when it starts later.
 * "Hamburg-Altona won.": UAX #29 breaks around "-", so the tokens are
 * Hamburg - Altona won . (5).  alice: LOC 0-4 "Hamb"
 * (cuts the token), bob: LOC 0-7.  Both label token 1 LOC; exact spans
 * differ.  carol: MISC 0-7 and LOC 2-14 "mburg-Altona" (longer, starts
 * later): her token 1 is LOC.
 */
static void
test_token_rules(void)
{
	static const char *const ab[] = { "alice", "bob" };
	static const char *const ac[] = { "alice", "carol" };
	struct store		*s;
	struct agree_result	 r;
	int64_t			 a;

	if ((s = fixture_memory("tester")) == NULL)
		return;
	a = fixture_article(s, NULL, "Hamburg-Altona won.");
	fixture_span(s, a, 0, 4, "LOC", "Hamb", "alice", ACC);
	fixture_span(s, a, 0, 7, "LOC", "Hamburg", "bob", ACC);
	fixture_span(s, a, 0, 7, "MISC", "Hamburg", "carol", ACC);
	fixture_span(s, a, 2, 14, "LOC", "mburg-Altona", "carol", ACC);
	fixture_done(s, a, "alice");
	fixture_done(s, a, "bob");
	fixture_done(s, a, "carol");
	/* alice: LOC O O O O; bob: LOC O O O O. */
	if (compute(s, ab, 2, &r) == 0 && r.npairs == 1) {
		CHECK_INT(r.pairs[0].tokens, 5);
		CHECK_INT(r.pairs[0].tokens_agreed, 5);
		CHECK_INT(r.pairs[0].overall.exact, 0);
		agree_result_free(&r);
	}
	/* carol: LOC LOC LOC O O (her LOC 2-14 is longer than MISC 0-7
	   and covers "Hamburg", "-" and "Altona"); alice LOC O O O O:
	   agreed 1 + 2 = 3. */
	if (compute(s, ac, 2, &r) == 0 && r.npairs == 1) {
		CHECK_INT(r.pairs[0].tokens_agreed, 3);
		agree_result_free(&r);
	}
	store_close(s);
}

/* The JSON output parses and carries the worked example's numbers; the
   table names who is the reference and prints 3 decimals. */
static void
test_formats(void)
{
	static const char *const names[] = { "alice", "bob" };
	struct example		 x;
	struct agree_result	 r;
	struct buf		 out = BUF_INIT;
	struct json		*j;
	const struct json	*pair, *org, *v;
	char			*err = NULL;

	if (build_example(&x) == -1 || compute(x.s, names, 2, &r) == -1)
		goto out;
	agree_format_json(&r, &out);
	j = json_parse(out.data, out.len, 0, &err);
	CHECK_MSG(j != NULL, "JSON does not parse: %s\n%s", err, out.data);
	free(err);
	if (j != NULL) {
		pair = json_item(json_get(j, "pairs"), 0);
		CHECK_STR(json_get_string(pair, "reference"), "alice");
		v = json_get(pair, "kappa");
		CHECK_MSG(v != NULL && v->type == JSON_NUMBER &&
		    fabs(v->number - 428.0 / 578.0) < 0.0005,
		    "kappa in JSON is %s", v && v->str ? v->str : "absent");
		org = json_item(json_get(pair, "labels"), 1);
		CHECK_STR(json_get_string(org, "label"), "ORG");
		v = json_get(org, "precision");
		CHECK_MSG(v != NULL && v->type == JSON_NUMBER &&
		    fabs(v->number - 0.25) < 0.0005, "ORG precision in JSON");
		v = json_get(json_get(pair, "overall"), "exact");
		CHECK_MSG(v != NULL && json_is_integer(v) && v->integer == 6,
		    "overall exact in JSON");
		json_free(j);
	}
	buf_truncate(&out, 0);
	agree_format_table(&r, &out);
	CHECK_MSG(strstr(out.data, "alice (reference) and bob (prediction): "
	    "4 articles both marked done\n") != NULL, "table:\n%s", out.data);
	CHECK_MSG(strstr(out.data, "ORG        2     4      1      0.250   "
	    "0.500  0.333\n") != NULL, "ORG row:\n%s", out.data);
	CHECK_MSG(strstr(out.data, "Cohen's kappa over 30 tokens: 0.740 "
	    "(observed agreement 0.833, by chance 0.358)") != NULL,
	    "kappa line:\n%s", out.data);
	agree_result_free(&r);
out:
	buf_free(&out);
	store_close(x.s);
}

/*
 * Entity links and relations (SPEC §16), by hand.  alice is the
 * reference (A), bob the prediction (B); both marked articles 1 and 2
 * done, only alice article 3.
 *
 * Article 1 "Blinken spoke with Lavrov in Geneva."
 *   A: PER 0-7 -> E1 Blinken, PER 19-25 -> E2 Lavrov, LOC 29-35 -> E4
 *   B: PER 0-7 -> E1, PER 19-25 -> E3 Sergey Lavrov, ORG 29-35 (none)
 * Article 2 "Merkel met Macron in Paris."
 *   A: PER 0-6 -> E5 Merkel, PER 11-17 -> E6 Macron, LOC 21-26 with a
 *      suggested link to E7 Paris (no link yet)
 *   B: PER 0-6 -> E5, PER 11-17 -> E6, LOC 21-26 -> E7
 * Article 3 (alice only): a span linked and a relation, never compared.
 *
 * Entity links, on the spans both made: 2 in article 1 (Geneva's labels
 * differ, so alice's LOC link is not counted) + 3 in article 2 = 5.
 *   A's links on them: Blinken, Lavrov, Merkel, Macron      = 4
 *   B's links on them: Blinken, Lavrov, Merkel, Macron, Paris = 5
 *   agreeing (same entity): Blinken E1, Merkel E5, Macron E6 = 3
 *   P = 3/5 = .600, R = 3/4 = .750, F1 = 2*3/(4+5) = 6/9 = .667
 *
 * Relations (spoke_with and located_in directed, met symmetric):
 *   A: r1 spoke_with Blinken->Lavrov (1), r2 met Merkel->Macron (2),
 *      r3 located_in Blinken->Geneva LOC (1), r4 spoke_with
 *      Macron->Merkel (2)                                          = 4
 *   B: spoke_with Blinken->Lavrov (= r1), met Macron->Merkel (= r2,
 *      symmetric), met Blinken->Lavrov and met Lavrov->Blinken (one
 *      item, symmetric), located_in Blinken->Geneva ORG (the span's
 *      label differs from r3), spoke_with Merkel->Macron (r4 the other
 *      way: directed, no match)                                    = 5
 *      and a suggested located_in, which does not count.
 *   exact = 2 (r1, r2)
 *   P = 2/5 = .400, R = 2/4 = .500, F1 = 2*2/(4+5) = 4/9 = .444
 * bob,alice swaps the roles of the links: P = 3/4, R = 3/5.
 */
struct linked {
	struct store	*s;
	int64_t		 art[4];
};

static int64_t
add_relation(struct store *s, int64_t src, const char *label, int64_t dst,
    const char *annotator, enum store_span_status st)
{
	struct store_relation	 r;
	int64_t			 id = 0;
	char			*err = NULL;

	memset(&r, 0, sizeof(r));
	r.src = src;
	r.dst = dst;
	r.label = (char *)label;
	r.annotator = (char *)annotator;
	r.status = st;
	if (store_relation_add(s, &r, &id, &err) == -1) {
		CHECK_FAIL("store_relation_add %s: %s", label, err);
		free(err);
	}
	return id;
}

static int64_t
add_entity(struct store *s, const char *label, const char *name)
{
	int64_t	 id = 0;
	char	*err = NULL;

	if (store_entity_add(s, label, name, NULL, &id, &err) == -1) {
		CHECK_FAIL("store_entity_add %s: %s", name, err);
		free(err);
	}
	return id;
}

static void
link_span(struct store *s, int64_t span, int64_t entity,
    enum store_span_status st)
{
	char	*err = NULL;

	if (store_span_link(s, span, entity, st, &err) == -1) {
		CHECK_FAIL("store_span_link %" PRId64 ": %s", span, err);
		free(err);
	}
}

static int
build_linked(struct linked *x)
{
	struct store	*s;
	char		*err = NULL;
	int64_t		 e[8], a[7], b[7], c1, c2;

	if ((x->s = s = fixture_memory("tester")) == NULL)
		return -1;
	if (store_relation_label_add(s, "spoke_with", "w", 0, "", &err) == -1 ||
	    store_relation_label_add(s, "met", "m", 1, "", &err) == -1 ||
	    store_relation_label_add(s, "located_in", "l", 0, "", &err) == -1) {
		CHECK_FAIL("store_relation_label_add: %s", err);
		free(err);
		return -1;
	}
	x->art[1] = fixture_article(s, NULL,
	    "Blinken spoke with Lavrov in Geneva.");
	x->art[2] = fixture_article(s, NULL, "Merkel met Macron in Paris.");
	x->art[3] = fixture_article(s, NULL, "Rome is old. Romulus built it.");
	e[1] = add_entity(s, "PER", "Blinken");
	e[2] = add_entity(s, "PER", "Lavrov");
	e[3] = add_entity(s, "PER", "Sergey Lavrov");
	e[4] = add_entity(s, "LOC", "Geneva");
	e[5] = add_entity(s, "PER", "Merkel");
	e[6] = add_entity(s, "PER", "Macron");
	e[7] = add_entity(s, "LOC", "Paris");

	a[1] = fixture_span(s, x->art[1], 0, 7, "PER", "Blinken", "alice",
	    ACC);
	a[2] = fixture_span(s, x->art[1], 19, 25, "PER", "Lavrov", "alice",
	    ACC);
	a[3] = fixture_span(s, x->art[1], 29, 35, "LOC", "Geneva", "alice",
	    ACC);
	a[4] = fixture_span(s, x->art[2], 0, 6, "PER", "Merkel", "alice", ACC);
	a[5] = fixture_span(s, x->art[2], 11, 17, "PER", "Macron", "alice",
	    ACC);
	a[6] = fixture_span(s, x->art[2], 21, 26, "LOC", "Paris", "alice",
	    ACC);
	b[1] = fixture_span(s, x->art[1], 0, 7, "PER", "Blinken", "bob", ACC);
	b[2] = fixture_span(s, x->art[1], 19, 25, "PER", "Lavrov", "bob", ACC);
	b[3] = fixture_span(s, x->art[1], 29, 35, "ORG", "Geneva", "bob", ACC);
	b[4] = fixture_span(s, x->art[2], 0, 6, "PER", "Merkel", "bob", ACC);
	b[5] = fixture_span(s, x->art[2], 11, 17, "PER", "Macron", "bob", ACC);
	b[6] = fixture_span(s, x->art[2], 21, 26, "LOC", "Paris", "bob", ACC);
	c1 = fixture_span(s, x->art[3], 0, 4, "LOC", "Rome", "alice", ACC);
	c2 = fixture_span(s, x->art[3], 13, 20, "PER", "Romulus", "alice",
	    ACC);
	fixture_span(s, x->art[3], 0, 4, "LOC", "Rome", "bob", ACC);
	fixture_span(s, x->art[3], 13, 20, "PER", "Romulus", "bob", ACC);
	if (check_failures > 0)
		return -1;

	link_span(s, a[1], e[1], ACC);
	link_span(s, a[2], e[2], ACC);
	link_span(s, a[3], e[4], ACC);
	link_span(s, a[4], e[5], ACC);
	link_span(s, a[5], e[6], ACC);
	link_span(s, a[6], e[7], STORE_SUGGESTED);
	link_span(s, b[1], e[1], ACC);
	link_span(s, b[2], e[3], ACC);
	link_span(s, b[4], e[5], ACC);
	link_span(s, b[5], e[6], ACC);
	link_span(s, b[6], e[7], ACC);
	link_span(s, c1, add_entity(s, "LOC", "Rome"), ACC);

	add_relation(s, a[1], "spoke_with", a[2], "alice", ACC);
	add_relation(s, a[4], "met", a[5], "alice", ACC);
	add_relation(s, a[1], "located_in", a[3], "alice", ACC);
	add_relation(s, a[5], "spoke_with", a[4], "alice", ACC);
	add_relation(s, c2, "located_in", c1, "alice", ACC);
	add_relation(s, b[1], "spoke_with", b[2], "bob", ACC);
	add_relation(s, b[5], "met", b[4], "bob", ACC);
	add_relation(s, b[1], "met", b[2], "bob", ACC);
	add_relation(s, b[2], "met", b[1], "bob", ACC);
	add_relation(s, b[1], "located_in", b[3], "bob", ACC);
	add_relation(s, b[4], "spoke_with", b[5], "bob", ACC);
	add_relation(s, b[4], "located_in", b[6], "bob", STORE_SUGGESTED);

	fixture_done(s, x->art[1], "alice");
	fixture_done(s, x->art[2], "alice");
	fixture_done(s, x->art[3], "alice");
	fixture_done(s, x->art[1], "bob");
	fixture_done(s, x->art[2], "bob");
	return check_failures == 0 ? 0 : -1;
}

#define CHECK_COUNTS(c, want_ref, want_pred, want_exact) CHECK_MSG(	\
	(c).reference == (size_t)(want_ref) &&				\
	(c).prediction == (size_t)(want_pred) &&			\
	(c).exact == (size_t)(want_exact), "%s: ref %zu pred %zu exact "	\
	"%zu, want %d %d %d", #c, (c).reference, (c).prediction,	\
	(c).exact, (want_ref), (want_pred), (want_exact))

static void
test_links_and_relations(void)
{
	static const char *const ab[] = { "alice", "bob" };
	static const char *const ba[] = { "bob", "alice" };
	struct linked		 x;
	struct agree_result	 r;

	if (build_linked(&x) == -1)
		goto out;
	if (compute(x.s, ab, 2, &r) == 0 && r.npairs == 1) {
		const struct agree_pair *p = &r.pairs[0];

		CHECK_INT(p->articles, 2);
		CHECK_INT(p->overall.exact, 5);
		CHECK_COUNTS(p->entities, 4, 5, 3);
		CHECK_NEAR(agree_precision(&p->entities), 3.0 / 5.0);
		CHECK_NEAR(agree_recall(&p->entities), 3.0 / 4.0);
		CHECK_NEAR(agree_f1(&p->entities), 6.0 / 9.0);
		CHECK_COUNTS(p->relations, 4, 5, 2);
		CHECK_NEAR(agree_precision(&p->relations), 2.0 / 5.0);
		CHECK_NEAR(agree_recall(&p->relations), 2.0 / 4.0);
		CHECK_NEAR(agree_f1(&p->relations), 4.0 / 9.0);
		agree_result_free(&r);
	}
	if (compute(x.s, ba, 2, &r) == 0 && r.npairs == 1) {
		CHECK_COUNTS(r.pairs[0].entities, 5, 4, 3);
		CHECK_NEAR(agree_precision(&r.pairs[0].entities), 3.0 / 4.0);
		CHECK_NEAR(agree_recall(&r.pairs[0].entities), 3.0 / 5.0);
		agree_result_free(&r);
	}
out:
	store_close(x.s);
}

/* Without links or relations, their ratios are undefined (NAN), and the
   worked example (no links, no relations) shows "-" in its table. */
static void
test_links_undefined(void)
{
	static const char *const names[] = { "alice", "bob" };
	struct example		 x;
	struct agree_result	 r;

	if (build_example(&x) == -1 || compute(x.s, names, 2, &r) == -1)
		goto out;
	CHECK_COUNTS(r.pairs[0].entities, 0, 0, 0);
	CHECK_COUNTS(r.pairs[0].relations, 0, 0, 0);
	CHECK_UNDEFINED(agree_precision(&r.pairs[0].entities));
	CHECK_UNDEFINED(agree_recall(&r.pairs[0].relations));
	CHECK_UNDEFINED(agree_f1(&r.pairs[0].relations));
	agree_result_free(&r);
out:
	store_close(x.s);
}

/* The links table under the kappa line, and the JSON members. */
static void
test_links_formats(void)
{
	static const char *const names[] = { "alice", "bob" };
	struct linked		 x;
	struct agree_result	 r;
	struct buf		 out = BUF_INIT;
	struct json		*j;
	const struct json	*pair, *v;
	char			*err = NULL;

	if (build_linked(&x) == -1 || compute(x.s, names, 2, &r) == -1)
		goto out;
	agree_format_table(&r, &out);
	CHECK_MSG(strstr(out.data, "Entity links on the 5 spans both made, "
	    "and relations:\n"
	    "links      ref  pred  exact  precision  recall     F1\n"
	    "entities     4     5      3      0.600   0.750  0.667\n"
	    "relations    4     5      2      0.400   0.500  0.444\n") != NULL,
	    "table:\n%s", out.data);
	buf_truncate(&out, 0);
	agree_format_json(&r, &out);
	j = json_parse(out.data, out.len, 0, &err);
	CHECK_MSG(j != NULL, "JSON does not parse: %s\n%s", err, out.data);
	free(err);
	if (j != NULL) {
		pair = json_item(json_get(j, "pairs"), 0);
		v = json_get(json_get(pair, "entities"), "exact");
		CHECK_MSG(v != NULL && json_is_integer(v) && v->integer == 3,
		    "entities exact in JSON:\n%s", out.data);
		v = json_get(json_get(pair, "relations"), "recall");
		CHECK_MSG(v != NULL && v->type == JSON_NUMBER &&
		    fabs(v->number - 0.5) < 0.0005, "relations recall in "
		    "JSON:\n%s", out.data);
		json_free(j);
	}
	agree_result_free(&r);
out:
	buf_free(&out);
	store_close(x.s);
}

static void
test_names_parse(void)
{
	char	**v = NULL, *err = NULL;
	size_t	 n = 0;

	CHECK_INT(agree_names_parse("alice,bob,carol", &v, &n, &err), 0);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(v[0], "alice");
		CHECK_STR(v[2], "carol");
	}
	agree_names_free(v, n);
	CHECK_INT(agree_names_parse("alice,,bob", &v, &n, &err), -1);
	free(err);
	err = NULL;
	CHECK_INT(agree_names_parse("alice,", &v, &n, &err), -1);
	free(err);
	err = NULL;
	CHECK_INT(agree_names_parse("alice,alice", &v, &n, &err), -1);
	CHECK_MSG(err != NULL && strstr(err, "twice") != NULL, "err %s",
	    err ? err : "(none)");
	free(err);
}

static const struct check_test tests[] = {
	{ "agree: worked example matches the hand computation",
	    test_worked_example },
	{ "agree: the reference swaps precision and recall only",
	    test_reference_order },
	{ "agree: every pair that shares done articles, in name order",
	    test_every_pair },
	{ "agree: nothing in common is reported, not an error",
	    test_nothing_in_common },
	{ "agree: identical annotations give kappa 1, one class undefined",
	    test_identical },
	{ "agree: tokens take the longest overlapping span",
	    test_token_rules },
	{ "agree: JSON and table outputs", test_formats },
	{ "agree: entity links on shared spans, relations on exact pairs",
	    test_links_and_relations },
	{ "agree: no links or relations: undefined, not zero",
	    test_links_undefined },
	{ "agree: links and relations in the table and the JSON",
	    test_links_formats },
	{ "agree: --annotators lists parse", test_names_parse },
};

CHECK_MAIN(tests)
