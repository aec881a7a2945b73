/*
 * test_conll_eval.c: scoring as conlleval does: chunks of IOB1, IOB2,
 * BIOES and broken tag sequences by conlleval's rules, and precision,
 * recall and F1 on cases worked out by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
#include "margin/util.h"
#include "check.h"

/* The chunks of space-separated tags as "first-last:TYPE ...". */
static char *
chunks_of(const char *tags)
{
	struct conll_chunk	*v;
	struct buf		 b = BUF_INIT;
	char			*copy = xstrdup(tags), *tok, *save = NULL;
	const char		*t[64];
	size_t			 n = 0, nv, i;

	for (tok = strtok_r(copy, " ", &save); tok != NULL && n < 64;
	    tok = strtok_r(NULL, " ", &save))
		t[n++] = tok;
	nv = conll_chunks(t, n, &v);
	for (i = 0; i < nv; i++)
		buf_printf(&b, "%s%zu-%zu:%s", i > 0 ? " " : "", v[i].first,
		    v[i].last, v[i].type);
	buf_adds(&b, "");
	conll_chunks_free(v, nv);
	free(copy);
	return buf_detach(&b);
}

static void
test_chunks_conlleval_rules(void)
{
	static const struct {
		const char	*tags;
		const char	*want;
	} cases[] = {
		{ "B-PER I-PER O B-LOC", "0-1:PER 3-3:LOC" },
		/* IOB1: I after O starts a chunk, B only between two. */
		{ "I-PER I-PER B-PER O I-LOC", "0-1:PER 2-2:PER 4-4:LOC" },
		/* An I of another type starts a chunk of its own. */
		{ "B-PER I-LOC I-LOC", "0-0:PER 1-2:LOC" },
		/* BIOES / BILOU: E and S (L and U) close their chunk. */
		{ "B-ORG E-ORG S-ORG U-LOC B-LOC L-LOC",
		    "0-1:ORG 2-2:ORG 3-3:LOC 4-5:LOC" },
		/* An E after an E starts again; I after E too. */
		{ "E-PER E-PER I-PER", "0-0:PER 1-1:PER 2-2:PER" },
		/* Bare types read like IOB1; a broken tag is O. */
		{ "PER PER O LOC x-!", "0-1:PER 3-3:LOC" },
		{ "O O", "" },
	};
	size_t	 i;
	char	*got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = chunks_of(cases[i].tags);
		CHECK_MSG(strcmp(got, cases[i].want) == 0, "%s: got \"%s\", "
		    "want \"%s\"", cases[i].tags, got, cases[i].want);
		free(got);
	}
}

static void
score_tags(struct conll_score *sc, const char *gold, const char *pred)
{
	struct conll_chunk	*g, *p;
	const char		*tg[32], *tp[32];
	char			*cg = xstrdup(gold), *cp = xstrdup(pred);
	char			*save = NULL, *tok;
	size_t			 ng = 0, np = 0, nvg, nvp;

	for (tok = strtok_r(cg, " ", &save); tok; tok = strtok_r(NULL, " ",
	    &save))
		tg[ng++] = tok;
	for (tok = strtok_r(cp, " ", &save); tok; tok = strtok_r(NULL, " ",
	    &save))
		tp[np++] = tok;
	nvg = conll_chunks(tg, ng, &g);
	nvp = conll_chunks(tp, np, &p);
	conll_score_add(sc, g, nvg, p, nvp);
	conll_chunks_free(g, nvg);
	conll_chunks_free(p, nvp);
	free(cg);
	free(cp);
}

#define CLOSE(a, b)	((a) - (b) < 1e-9 && (b) - (a) < 1e-9)

static void
test_score_by_hand(void)
{
	struct conll_score	 sc;
	struct conll_score_type	 t;
	double			 p, r, f;

	memset(&sc, 0, sizeof(sc));
	/*
	 * Gold: PER 0-1, LOC 3, ORG 5-6.  Predicted: PER 0-1 (right), LOC
	 * 3-4 (wrong end), ORG 5 + ORG 6 (two halves, both wrong), MISC 8
	 * (spurious).  Right 1 of 5 found, of 3 gold: P 1/5, R 1/3,
	 * F1 = 2 * 1/5 * 1/3 / (1/5 + 1/3) = 0.25.
	 */
	score_tags(&sc, "B-PER I-PER O B-LOC O B-ORG I-ORG O O",
	    "B-PER L-PER O B-LOC L-LOC U-ORG U-ORG O U-MISC");
	/* A second sentence in IOB1 against BIOES: both chunks right. */
	score_tags(&sc, "I-LOC O I-PER I-PER", "S-LOC O B-PER E-PER");
	conll_score_total(&sc, &t);
	CHECK_INT(t.correct, 3);
	CHECK_INT(t.found, 7);
	CHECK_INT(t.gold, 5);
	conll_score_prf(&t, &p, &r, &f);
	CHECK(CLOSE(p, 3.0 / 7));
	CHECK(CLOSE(r, 3.0 / 5));
	CHECK(CLOSE(f, 2 * (3.0 / 7) * (3.0 / 5) / (3.0 / 7 + 3.0 / 5)));
	CHECK_INT(sc.ntypes, 4);
	if (sc.ntypes == 4) {
		/* Sorted: LOC MISC ORG PER. */
		CHECK_STR(sc.types[0].type, "LOC");
		CHECK_INT(sc.types[0].correct, 1);
		CHECK_INT(sc.types[0].found, 2);
		CHECK_INT(sc.types[0].gold, 2);
		CHECK_STR(sc.types[1].type, "MISC");
		conll_score_prf(&sc.types[1], &p, &r, &f);
		CHECK(p == 0 && r == 0 && f == 0);	/* no gold MISC */
		CHECK_STR(sc.types[2].type, "ORG");
		CHECK_INT(sc.types[2].found, 2);
		CHECK_INT(sc.types[2].correct, 0);
		CHECK_STR(sc.types[3].type, "PER");
		conll_score_prf(&sc.types[3], &p, &r, &f);
		CHECK(CLOSE(p, 1) && CLOSE(r, 1) && CLOSE(f, 1));
	}
	conll_score_free(&sc);
}

static const struct check_test tests[] = {
	{ "conlleval chunks: IOB1, IOB2, BIOES, bare and broken tags",
	    test_chunks_conlleval_rules },
	{ "conlleval precision, recall and F1 on hand-computed cases",
	    test_score_by_hand },
};

CHECK_MAIN(tests)
