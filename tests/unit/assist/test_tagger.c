/*
 * test_tagger.c: the built-in tagger: it learns a toy language
 * perfectly, the same seed gives the same model bit for bit, a model
 * survives its blob, decoding never gives an invalid BILOU sequence, and
 * a damaged blob is refused.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/tagger.h"
#include "margin/util.h"
#include "check.h"

static const char *const toy_labels[] = { "PER", "LOC" };

/*
 * A toy language: capitalised names after "mr" are PER (one or two
 * words), words after "in" are LOC; everything else is O.
 */
struct toy {
	struct tagger_sentence	*s;
	struct tagger_word	*words;
	struct tagger_chunk	*chunks;
	size_t			 n;
};

static const char *const toy_first[] = { "Anna", "Boris", "Carla", "Dmitri",
	"Elena", "Farid", "Greta", "Hugo" };
static const char *const toy_last[] = { "Smith", "Ivanov", "Rossi", "Khan" };
static const char *const toy_place[] = { "Paris", "Oslo", "Lima", "Kyiv",
	"Quito", "Rome" };
static const char *const toy_verb[] = { "lives", "works", "sleeps",
	"sings" };

static void
toy_make(struct toy *t, size_t n)
{
	size_t	 i, w = 0, c = 0;

	t->n = n;
	t->s = xcalloc(n, sizeof(*t->s));
	t->words = xcalloc(n * 8, sizeof(*t->words));
	t->chunks = xcalloc(n * 2, sizeof(*t->chunks));
	for (i = 0; i < n; i++) {
		struct tagger_word	*sw = &t->words[w];
		struct tagger_chunk	*sc = &t->chunks[c];
		size_t			 k = 0, two = (i / 3) % 2;

#define TOY_WORD(str) do { sw[k].s = (str); sw[k].len = strlen(str); \
	k++; } while (0)
		TOY_WORD("mr");
		sc[0].first = k;
		TOY_WORD(toy_first[i % 8]);
		if (two)
			TOY_WORD(toy_last[(i / 2) % 4]);
		sc[0].last = k - 1;
		sc[0].label = 0;
		TOY_WORD(toy_verb[(i / 5) % 4]);
		TOY_WORD("in");
		sc[1].first = sc[1].last = k;
		sc[1].label = 1;
		TOY_WORD(toy_place[(i / 7) % 6]);
		TOY_WORD(".");
#undef TOY_WORD
		t->s[i].words = sw;
		t->s[i].n = k;
		t->s[i].chunks = sc;
		t->s[i].nchunks = 2;
		w += k;
		c += 2;
	}
}

static void
toy_free(struct toy *t)
{
	free(t->s);
	free(t->words);
	free(t->chunks);
}

static struct tagger *
toy_train(const struct toy *toy, uint64_t seed, unsigned bits)
{
	struct tagger_options	 o;
	struct tagger		*t = NULL;
	char			*err = NULL;

	memset(&o, 0, sizeof(o));
	o.epochs = 5;
	o.seed = seed;
	o.bits = bits;
	CHECK(tagger_train(toy_labels, 2, toy->s, toy->n, &o, &t,
	    &err) == 0);
	CHECK_STR(err, NULL);
	free(err);
	return t;
}

static void
test_learns_toy_language(void)
{
	struct toy		 toy;
	struct tagger		*t;
	struct tagger_chunk	*got;
	size_t			 i, c, n;

	toy_make(&toy, 48);
	t = toy_train(&toy, 1, 16);
	for (i = 0; t != NULL && i < toy.n; i++) {
		n = tagger_tag(t, toy.s[i].words, toy.s[i].n, &got);
		CHECK_INT(n, toy.s[i].nchunks);
		for (c = 0; c < n && c < toy.s[i].nchunks; c++) {
			CHECK_INT(got[c].first, toy.s[i].chunks[c].first);
			CHECK_INT(got[c].last, toy.s[i].chunks[c].last);
			CHECK_INT(got[c].label, toy.s[i].chunks[c].label);
			CHECK(got[c].score > 0 && got[c].score <= 1);
		}
		free(got);
	}
	/* A name it never saw, in the same place. */
	{
		struct tagger_word w[] = { { "mr", 2 }, { "Zoltan", 6 },
			{ "works", 5 }, { "in", 2 }, { "Bern", 4 },
			{ ".", 1 } };

		n = tagger_tag(t, w, 6, &got);
		CHECK_INT(n, 2);
		if (n == 2) {
			CHECK_INT(got[0].first, 1);
			CHECK_INT(got[0].last, 1);
			CHECK_STR(tagger_label(t, got[0].label), "PER");
			CHECK_INT(got[1].first, 4);
			CHECK_STR(tagger_label(t, got[1].label), "LOC");
		}
		free(got);
	}
	tagger_free(t);
	toy_free(&toy);
}

static void
test_same_seed_same_blob(void)
{
	struct toy	 toy;
	struct tagger	*a, *b, *c;
	struct buf	 ba = BUF_INIT, bb = BUF_INIT, bc = BUF_INIT;

	toy_make(&toy, 30);
	a = toy_train(&toy, 7, 14);
	b = toy_train(&toy, 7, 14);
	c = toy_train(&toy, 8, 14);
	tagger_save(a, &ba);
	tagger_save(b, &bb);
	tagger_save(c, &bc);
	CHECK(ba.len == bb.len && memcmp(ba.data, bb.data, ba.len) == 0);
	/* Another seed shuffles otherwise (and so, here, learns other
	   averages). */
	CHECK(ba.len != bc.len || memcmp(ba.data, bc.data, ba.len) != 0);
	buf_free(&ba);
	buf_free(&bb);
	buf_free(&bc);
	tagger_free(a);
	tagger_free(b);
	tagger_free(c);
	toy_free(&toy);
}

static void
test_blob_round_trip(void)
{
	struct toy		 toy;
	struct tagger		*a, *b = NULL;
	struct buf		 ba = BUF_INIT, bb = BUF_INIT;
	char			*err = NULL;
	int			 ta[8], tb[8];
	size_t			 i, k;

	toy_make(&toy, 30);
	a = toy_train(&toy, 3, 14);
	tagger_save(a, &ba);
	CHECK(tagger_load(ba.data, ba.len, &b, &err) == 0);
	CHECK_STR(err, NULL);
	if (b != NULL) {
		tagger_save(b, &bb);
		CHECK(ba.len == bb.len && memcmp(ba.data, bb.data,
		    ba.len) == 0);
		CHECK_INT(tagger_label_count(b), 2);
		CHECK_STR(tagger_label(b, 1), "LOC");
		for (i = 0; i < toy.n; i++) {
			tagger_decode(a, toy.s[i].words, toy.s[i].n, ta);
			tagger_decode(b, toy.s[i].words, toy.s[i].n, tb);
			for (k = 0; k < toy.s[i].n; k++)
				CHECK_INT(ta[k], tb[k]);
		}
	}
	/* Damaged blobs are refused, never read past their end. */
	for (i = 0; i < ba.len; i += 1 + ba.len / 50) {
		struct tagger	*c = NULL;

		CHECK(tagger_load(ba.data, i, &c, &err) == -1);
		CHECK(c == NULL);
		free(err);
		err = NULL;
	}
	ba.data[4] = 9;		/* a format from the future */
	{
		struct tagger	*c = NULL;

		CHECK(tagger_load(ba.data, ba.len, &c, &err) == -1);
		CHECK(err != NULL && strstr(err, "format 9") != NULL);
		free(err);
	}
	buf_free(&ba);
	buf_free(&bb);
	tagger_free(a);
	tagger_free(b);
	toy_free(&toy);
}

static void
test_decoding_valid_bilou(void)
{
	struct toy		 toy;
	struct tagger		*t;
	struct tagger_word	 w[40];
	int			 tags[40];
	uint64_t		 x = 12345;
	size_t			 round, n, i, k;
	static const char *const pool[] = { "mr", "in", "Anna", "Smith",
		"Paris", ".", "lives", "Rome", "Khan", "x", "Mr", "IN" };

	/* Barely trained, so that its scores are a mess. */
	toy_make(&toy, 6);
	t = toy_train(&toy, 5, 10);
	for (round = 0; round < 300; round++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		n = 1 + (size_t)(x >> 59);
		for (i = 0; i < n; i++) {
			x = x * 6364136223846793005ULL + 1;
			k = (size_t)(x >> 60) % 12;
			w[i].s = pool[k];
			w[i].len = strlen(pool[k]);
		}
		tagger_decode(t, w, n, tags);
		CHECK(tagger_transition_valid(-1, tags[0]));
		for (i = 1; i < n; i++)
			CHECK_MSG(tagger_transition_valid(tags[i - 1],
			    tags[i]), "round %zu: tag %d after %d", round,
			    tags[i], tags[i - 1]);
		CHECK(tagger_final_valid(tags[n - 1]));
	}
	tagger_free(t);
	toy_free(&toy);
}

static void
test_transitions(void)
{
	int	 bp = TAGGER_TAG(0, TAGGER_B), ip = TAGGER_TAG(0, TAGGER_I);
	int	 lp = TAGGER_TAG(0, TAGGER_L), up = TAGGER_TAG(0, TAGGER_U);
	int	 bl = TAGGER_TAG(1, TAGGER_B), il = TAGGER_TAG(1, TAGGER_I);

	CHECK(tagger_transition_valid(-1, TAGGER_O));
	CHECK(tagger_transition_valid(-1, bp));
	CHECK(tagger_transition_valid(-1, up));
	CHECK(!tagger_transition_valid(-1, ip));
	CHECK(!tagger_transition_valid(-1, lp));
	CHECK(tagger_transition_valid(bp, ip));
	CHECK(tagger_transition_valid(bp, lp));
	CHECK(!tagger_transition_valid(bp, il));
	CHECK(!tagger_transition_valid(bp, TAGGER_O));
	CHECK(!tagger_transition_valid(ip, bl));
	CHECK(tagger_transition_valid(lp, bl));
	CHECK(tagger_transition_valid(up, up));
	CHECK(!tagger_transition_valid(TAGGER_O, il));
	CHECK(!tagger_final_valid(bp));
	CHECK(!tagger_final_valid(ip));
	CHECK(tagger_final_valid(lp));
	CHECK(tagger_final_valid(TAGGER_O));
}

static const struct check_test tests[] = {
	{ "tagger learns a toy language and generalises a name",
	    test_learns_toy_language },
	{ "tagger trains the same blob for the same seed",
	    test_same_seed_same_blob },
	{ "tagger model survives its blob bit for bit; damaged refused",
	    test_blob_round_trip },
	{ "tagger decodes only valid BILOU sequences",
	    test_decoding_valid_bilou },
	{ "tagger BILOU transitions", test_transitions },
};

CHECK_MAIN(tests)
