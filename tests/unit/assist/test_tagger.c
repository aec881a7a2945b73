/*
 * test_tagger.c: the built-in tagger: it learns a toy language
 * perfectly, the same seed gives the same model bit for bit, a model
 * survives its blob, decoding never gives an invalid BILOU sequence, and
 * a damaged blob is refused; clusters are the same for a seed and put
 * words of the same neighbours together; a gazetteer's names teach what
 * the words alone cannot; the lexicon travels in the blob; a model kept
 * in a database survives a restart, and one of an older format is
 * refused with a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/util.h"
#include "check.h"
#include "fixture.h"

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
toy_train(const struct toy *toy, uint64_t seed)
{
	struct tagger_options	 o;
	struct tagger		*t = NULL;
	char			*err = NULL;

	memset(&o, 0, sizeof(o));
	o.epochs = 5;
	o.seed = seed;
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
	t = toy_train(&toy, 1);
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
	a = toy_train(&toy, 7);
	b = toy_train(&toy, 7);
	c = toy_train(&toy, 8);
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
	a = toy_train(&toy, 3);
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
	t = toy_train(&toy, 5);
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


/* --- clusters ---------------------------------------------------------- */

/*
 * Plain text where words of one kind share their neighbours: "the CITY
 * is big" and "we VERB it" with words of each kind drawn at random.
 */
static const char *const text_city[] = { "Paris", "Oslo", "Lima", "Kyiv",
	"Quito", "Rome", "Bern", "Riga" };
static const char *const text_verb[] = { "saw", "took", "made", "kept",
	"held", "lost", "sold", "got" };

static struct tagger_lexicon *
text_lexicon(uint64_t seed, size_t sentences)
{
	struct tagger_lexicon		*lx = tagger_lexicon_new();
	struct tagger_cluster_options	 o;
	struct tagger_word		 w[4];
	uint64_t			 x = 99;
	size_t				 i;
	char				*err = NULL;

	for (i = 0; i < sentences; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		if (i % 2 == 0) {
			w[0].s = "the";
			w[1].s = text_city[(x >> 40) % 8];
			w[2].s = "is";
			w[3].s = "big";
		} else {
			w[0].s = "we";
			w[1].s = text_verb[(x >> 40) % 8];
			w[2].s = "it";
			w[3].s = "now";
		}
		for (size_t k = 0; k < 4; k++)
			w[k].len = strlen(w[k].s);
		tagger_lexicon_text_add(lx, w, 4);
	}
	memset(&o, 0, sizeof(o));
	o.depth = 6;
	o.seed = seed;
	CHECK(tagger_lexicon_cluster(lx, &o, &err) == 0);
	CHECK_STR(err, NULL);
	free(err);
	return lx;
}

/* How many bits of their paths two words share from the root. */
static unsigned
cluster_shared(const struct tagger_lexicon *lx, const char *x, const char *y)
{
	uint32_t	 px, py;
	unsigned	 dx = tagger_lexicon_cluster_of(lx, x, strlen(x), &px);
	unsigned	 dy = tagger_lexicon_cluster_of(lx, y, strlen(y), &py);
	unsigned	 k = 0;

	while (k < dx && k < dy && ((px >> (dx - 1 - k)) & 1) ==
	    ((py >> (dy - 1 - k)) & 1))
		k++;
	return k;
}

static void
test_clusters_deterministic(void)
{
	struct tagger_lexicon	*a = text_lexicon(4, 2000);
	struct tagger_lexicon	*b = text_lexicon(4, 2000);
	uint32_t		 pa, pb;
	unsigned		 da, db, cities = 99, apart = 0, k;
	size_t			 i, j;

	CHECK_INT(tagger_lexicon_cluster_count(a), 22);
	for (i = 0; i < 8; i++) {
		da = tagger_lexicon_cluster_of(a, text_city[i],
		    strlen(text_city[i]), &pa);
		db = tagger_lexicon_cluster_of(b, text_city[i],
		    strlen(text_city[i]), &pb);
		CHECK(da > 0);
		CHECK_INT(da, db);
		CHECK_INT(pa, pb);
		for (j = 0; j < 8; j++) {
			if (j != i && (k = cluster_shared(a, text_city[i],
			    text_city[j])) < cities)
				cities = k;
			if ((k = cluster_shared(a, text_city[i],
			    text_verb[j])) > apart)
				apart = k;
		}
	}
	/* Any two cities are closer than any city and verb. */
	CHECK_MSG(cities > apart, "cities share %u bits, a city and a verb "
	    "%u", cities, apart);
	CHECK_INT(tagger_lexicon_cluster_of(a, "unseen", 6, &pa), 0);
	tagger_lexicon_free(a);
	tagger_lexicon_free(b);
}

/* --- gazetteer membership ---------------------------------------------- */

/* Made-up capitalised words, the i-th of a kind. */
static void
made_up_word(char *out, char kind, size_t i)
{
	static const char *const syll[] = { "ka", "lo", "mi", "ne", "ru",
		"sa", "to", "vi" };

	snprintf(out, 16, "%c%s%s%s", kind, syll[i % 8], syll[(i / 8) % 8],
	    syll[(i / 64) % 8]);
}

/*
 * "met X today": X is a person when it is in the gazetteer, nothing
 * otherwise; persons and things look alike.  The names of the test are
 * new, so only the gazetteer can tell.
 */
struct gaz_toy {
	char			 word[400][16];
	struct tagger_word	 w[400][3];
	struct tagger_chunk	 c[400];
	struct tagger_sentence	 s[400];
};

static void
gaz_toy_make(struct gaz_toy *g, struct tagger_lexicon *lx)
{
	size_t	 i;
	char	*err = NULL;

	for (i = 0; i < 400; i++) {
		uint64_t mix = (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL;
		int	 person = (mix >> 40) & 1;

		made_up_word(g->word[i], 'B', i);
		g->w[i][0].s = "met";
		g->w[i][1].s = g->word[i];
		g->w[i][2].s = "today";
		for (size_t k = 0; k < 3; k++)
			g->w[i][k].len = strlen(g->w[i][k].s);
		g->c[i].first = g->c[i].last = 1;
		g->c[i].label = 0;
		g->s[i].words = g->w[i];
		g->s[i].n = 3;
		g->s[i].chunks = &g->c[i];
		g->s[i].nchunks = person ? 1 : 0;
		if (person && lx != NULL)
			CHECK(tagger_lexicon_add_name(lx, &g->w[i][1], 1,
			    "person", 0, &err) == 0);
	}
	free(err);
}

/* Of the last 100 sentences (never learnt from), how many come out
   right. */
static size_t
gaz_toy_right(const struct gaz_toy *g, const struct tagger_lexicon *lx,
    unsigned features)
{
	struct tagger_options	 o;
	struct tagger_chunk	*got;
	struct tagger		*t = NULL;
	size_t			 i, n, right = 0;
	char			*err = NULL;
	static const char *const labels[] = { "PER" };

	memset(&o, 0, sizeof(o));
	o.epochs = 10;
	o.features = features;
	o.lexicon = lx;
	CHECK(tagger_train(labels, 1, g->s, 300, &o, &t, &err) == 0);
	free(err);
	for (i = 300; t != NULL && i < 400; i++) {
		n = tagger_tag(t, g->w[i], 3, &got);
		if (n == g->s[i].nchunks)
			right++;
		free(got);
	}
	tagger_free(t);
	return right;
}

static void
test_gazetteer_helps(void)
{
	struct gaz_toy		*g = xcalloc(1, sizeof(*g));
	struct tagger_lexicon	*lx = tagger_lexicon_new();
	size_t			 with, without;

	gaz_toy_make(g, lx);
	CHECK(tagger_lexicon_name_count(lx) > 150);
	with = gaz_toy_right(g, lx, TAGGER_FEATURES_ALL);
	without = gaz_toy_right(g, lx, TAGGER_FEATURE_WORD);
	CHECK_MSG(with >= 80 && with >= without + 30, "with the gazetteer "
	    "%zu of 100 right, without %zu", with, without);
	tagger_lexicon_free(lx);
	free(g);
}

/* --- whole-article features ------------------------------------------- */

/*
 * Articles of two sentences, "X rose ." and "they met X today .": X is a
 * person when the second sentence writes it with a capital, a thing when
 * in lower case.  At the start of the first sentence every X has a
 * capital, so only the rest of the article can tell.
 */
#define ART_TOY_N	400
struct art_toy {
	char			 word[ART_TOY_N][2][16];
	struct tagger_word	 w[ART_TOY_N][2][5];
	struct tagger_chunk	 c[ART_TOY_N][2];
	struct tagger_sentence	 s[ART_TOY_N][2];
	size_t			 article[ART_TOY_N][2];
};

static void
art_toy_make(struct art_toy *g)
{
	static const char *const first[] = { NULL, "rose", "." };
	static const char *const second[] = { "they", "met", NULL, "today",
		"." };
	size_t	 i, k;

	for (i = 0; i < ART_TOY_N; i++) {
		uint64_t mix = (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL;
		int	 person = (mix >> 40) & 1;

		made_up_word(g->word[i][0], 'K', i);
		memcpy(g->word[i][1], g->word[i][0], 16);
		if (!person)
			g->word[i][1][0] = 'k';
		for (k = 0; k < 3; k++)
			g->w[i][0][k].s = first[k] ? first[k] : g->word[i][0];
		for (k = 0; k < 5; k++)
			g->w[i][1][k].s = second[k] ? second[k] :
			    g->word[i][1];
		for (k = 0; k < 3; k++)
			g->w[i][0][k].len = strlen(g->w[i][0][k].s);
		for (k = 0; k < 5; k++)
			g->w[i][1][k].len = strlen(g->w[i][1][k].s);
		g->c[i][0].first = g->c[i][0].last = 0;
		g->c[i][1].first = g->c[i][1].last = 2;
		g->s[i][0].words = g->w[i][0];
		g->s[i][0].n = 3;
		g->s[i][1].words = g->w[i][1];
		g->s[i][1].n = 5;
		for (k = 0; k < 2; k++) {
			g->s[i][k].chunks = &g->c[i][k];
			g->s[i][k].nchunks = person ? 1 : 0;
			g->article[i][k] = i;
		}
	}
}

/* Of the first sentences of the last 100 articles (never learnt from),
   how many come out right. */
static size_t
art_toy_right(const struct art_toy *g, unsigned features)
{
	static const char *const labels[] = { "PER" };
	struct tagger_options	 o;
	struct tagger_article	*a;
	struct tagger_chunk	*got;
	struct tagger		*t = NULL;
	size_t			 i, n, right = 0;
	char			*err = NULL;

	memset(&o, 0, sizeof(o));
	o.epochs = 10;
	o.features = features;
	o.articles = &g->article[0][0];
	CHECK(tagger_train(labels, 1, &g->s[0][0], 2 * 300, &o, &t,
	    &err) == 0);
	CHECK_STR(err, NULL);
	free(err);
	for (i = 300; t != NULL && i < ART_TOY_N; i++) {
		a = tagger_article_new(g->s[i], 2);
		n = tagger_tag_in(t, a, g->w[i][0], 3, &got);
		if (n == g->s[i][0].nchunks && (n == 0 || (got[0].first == 0 &&
		    got[0].last == 0)))
			right++;
		free(got);
		tagger_article_free(a);
	}
	tagger_free(t);
	return right;
}

static void
test_article_features_help(void)
{
	struct art_toy	*g = xcalloc(1, sizeof(*g));
	size_t		 with, without;

	art_toy_make(g);
	with = art_toy_right(g, TAGGER_FEATURE_WORD | TAGGER_FEATURE_ARTICLE);
	without = art_toy_right(g, TAGGER_FEATURE_WORD);
	CHECK_MSG(with >= 95 && with >= without + 25, "with the article "
	    "%zu of 100 right, without %zu", with, without);
	free(g);
}

/* --- the blob's format, and a restart ---------------------------------- */

static void
test_lexicon_in_blob(void)
{
	struct gaz_toy		*g = xcalloc(1, sizeof(*g));
	struct tagger_lexicon	*lx = text_lexicon(2, 400);
	struct tagger_options	 o;
	struct tagger		*a = NULL, *b = NULL;
	struct buf		 ba = BUF_INIT, bb = BUF_INIT;
	static const char *const labels[] = { "PER" };
	char			*err = NULL;
	uint32_t		 pa, pb;
	unsigned		 da, db;

	gaz_toy_make(g, lx);
	memset(&o, 0, sizeof(o));
	o.epochs = 2;
	o.lexicon = lx;
	CHECK(tagger_train(labels, 1, g->s, 300, &o, &a, &err) == 0);
	tagger_lexicon_free(lx);	/* the model has its own copy */
	if (a == NULL)
		goto out;
	tagger_save(a, &ba);
	CHECK(tagger_load(ba.data, ba.len, &b, &err) == 0);
	CHECK_STR(err, NULL);
	if (b == NULL)
		goto out;
	tagger_save(b, &bb);
	CHECK(ba.len == bb.len && memcmp(ba.data, bb.data, ba.len) == 0);
	CHECK_INT(tagger_feature_mask(b), TAGGER_FEATURES_ALL);
	CHECK_INT(tagger_lexicon_name_count(tagger_lexicon_of(b)),
	    tagger_lexicon_name_count(tagger_lexicon_of(a)));
	da = tagger_lexicon_cluster_of(tagger_lexicon_of(a), "Oslo", 4, &pa);
	db = tagger_lexicon_cluster_of(tagger_lexicon_of(b), "Oslo", 4, &pb);
	CHECK(da > 0);
	CHECK_INT(da, db);
	CHECK_INT(pa, pb);
out:
	free(err);
	buf_free(&ba);
	buf_free(&bb);
	tagger_free(a);
	tagger_free(b);
	free(g);
}

/* A blob of format 1, as margin wrote it before the lexicon: header,
   one label, transitions, no weights. */
static void
format1_blob(struct buf *b)
{
	static const unsigned char head[] = { 'M', 'R', 'G', 'T', 1, 0, 0, 0,
		16, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 'P', 'E', 'R' };
	size_t	 i;

	buf_add(b, head, sizeof(head));
	for (i = 0; i < 6 * 5 + 1; i++)
		buf_add(b, "\0\0\0\0", 4);
}

static void
test_model_restart_and_format(void)
{
	struct toy		 toy;
	struct store		*s;
	struct store_model	 m;
	struct tagger		*a, *b = NULL;
	struct buf		 blob = BUF_INIT, old = BUF_INIT;
	char			*dir = fixture_tmpdir("tagger"), *path, *err = NULL;
	int			 ta[8], tb[8], found = 0;
	size_t			 i, k;
	int64_t			 id = 0;

	path = xasprintf("%s/m.db", dir);
	toy_make(&toy, 30);
	a = toy_train(&toy, 3);
	tagger_save(a, &blob);
	s = fixture_store(path, "tester", 0);
	memset(&m, 0, sizeof(m));
	m.format = TAGGER_FORMAT;
	m.params = blob.data;
	m.params_len = blob.len;
	CHECK(s != NULL && store_model_save(s, &m, &id, &err) == 0);
	store_close(s);
	/* Another process, later: the same model. */
	s = fixture_store(path, "other", 0);
	CHECK(s != NULL && tagger_store_load(s, &b, &found, &err) == 0);
	CHECK_STR(err, NULL);
	CHECK_INT(found, 1);
	for (i = 0; b != NULL && i < toy.n; i++) {
		tagger_decode(a, toy.s[i].words, toy.s[i].n, ta);
		tagger_decode(b, toy.s[i].words, toy.s[i].n, tb);
		for (k = 0; k < toy.s[i].n; k++)
			CHECK_INT(ta[k], tb[k]);
	}
	tagger_free(b);
	b = NULL;
	/* A model an older margin saved: refused, saying what to do. */
	format1_blob(&old);
	m.format = 1;
	m.params = old.data;
	m.params_len = old.len;
	CHECK(s != NULL && store_model_save(s, &m, &id, &err) == 0);
	CHECK(s != NULL && tagger_store_load(s, &b, &found, &err) == -1);
	CHECK(b == NULL);
	CHECK_MSG(err != NULL && strstr(err, "format 1") != NULL &&
	    strstr(err, "train again") != NULL, "said: %s", err);
	store_close(s);
	free(err);
	buf_free(&blob);
	buf_free(&old);
	tagger_free(a);
	toy_free(&toy);
	free(path);
	fixture_tmpdir_remove(dir);
}

/* The schema version a database file says it has, read by SQLite itself. */
static char *
raw_user_version(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*st = NULL;
	char		*v = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(db, "PRAGMA user_version", -1,
	    &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/*
 * A model saved by a margin whose schema was older (version 5, before
 * entities) is the same model after the database is opened by this one
 * and migrated: the blob is carried over untouched.
 */
static void
test_model_survives_migration(void)
{
	struct toy		 toy;
	struct store		*s;
	struct store_model	 m;
	struct tagger		*a, *b = NULL;
	struct buf		 blob = BUF_INIT;
	char			*dir = fixture_tmpdir("tagger"), *path, *err = NULL;
	char			*v;
	int			 ta[8], tb[8], found = 0;
	size_t			 i, k;
	int64_t			 id = 0;

	path = xasprintf("%s/old.db", dir);
	toy_make(&toy, 30);
	a = toy_train(&toy, 5);
	tagger_save(a, &blob);
	s = fixture_store(path, "tester", 0);
	memset(&m, 0, sizeof(m));
	m.format = TAGGER_FORMAT;
	m.params = blob.data;
	m.params_len = blob.len;
	CHECK(s != NULL && store_model_save(s, &m, &id, &err) == 0);
	store_close(s);
	/* Back to schema 5, as the margin before entities left it. */
	fixture_raw_exec(path,
	    "DROP TABLE relations; DROP TABLE relation_labels;"
	    " DROP INDEX spans_by_entity;"
	    " CREATE TABLE spans_v5 AS SELECT id, article, start, end,"
	    " start_byte, end_byte, label, text, annotator, status, origin,"
	    " note, score, created_at, updated_at FROM spans;"
	    " DROP TABLE spans; ALTER TABLE spans_v5 RENAME TO spans;"
	    " CREATE INDEX spans_in_order ON spans(article, start, end);"
	    " DROP TABLE entities;"
	    " PRAGMA user_version = 5;");
	v = raw_user_version(path);
	CHECK_STR(v, "5");
	free(v);
	s = fixture_store(path, "other", 0);
	v = raw_user_version(path);
	CHECK_MSG(v != NULL && atoi(v) == STORE_SCHEMA_VERSION,
	    "schema after opening: %s", v);
	free(v);
	CHECK(s != NULL && tagger_store_load(s, &b, &found, &err) == 0);
	CHECK_STR(err, NULL);
	CHECK_INT(found, 1);
	for (i = 0; b != NULL && i < toy.n; i++) {
		tagger_decode(a, toy.s[i].words, toy.s[i].n, ta);
		tagger_decode(b, toy.s[i].words, toy.s[i].n, tb);
		for (k = 0; k < toy.s[i].n; k++)
			CHECK_INT(ta[k], tb[k]);
	}
	if (b != NULL) {
		struct buf	 again = BUF_INIT;

		tagger_save(b, &again);
		CHECK(again.len == blob.len &&
		    memcmp(again.data, blob.data, blob.len) == 0);
		buf_free(&again);
	}
	store_close(s);
	free(err);
	buf_free(&blob);
	tagger_free(a);
	tagger_free(b);
	toy_free(&toy);
	free(path);
	fixture_tmpdir_remove(dir);
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
	{ "tagger clusters are the same for a seed, kinds apart",
	    test_clusters_deterministic },
	{ "tagger learns from gazetteer membership what words cannot tell",
	    test_gazetteer_helps },
	{ "tagger learns from the rest of the article what a sentence "
	    "cannot tell", test_article_features_help },
	{ "tagger model keeps its lexicon in its blob", test_lexicon_in_blob },
	{ "tagger model survives a restart; an older format is refused",
	    test_model_restart_and_format },
	{ "tagger model survives a migration of the schema",
	    test_model_survives_migration },
};

CHECK_MAIN(tests)
