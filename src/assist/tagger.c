/*
 * tagger.c: the built-in tagger (SPEC §11): an averaged perceptron over
 * BILOU tags, decoded by Viterbi over the valid transitions only.
 *
 * Features are strings (a template name and a value) hashed with FNV-1a
 * to 64 bits; each feature seen in the training data gets a row of
 * weights, one per tag side by side, found through a table of the
 * hashes (no two features share weights, as they would in a hashed
 * table of fixed size; a feature the training data never had is no
 * feature).  Everything is deterministic: the hashes, the shuffle (our
 * own PRNG, seeded) and the order of the sums.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "margin/tagger.h"
#include "margin/util.h"
#include "tagger_private.h"

#define TAGGER_MAGIC		"MRGT"
#define TAGGER_MAX_FEATURES	64
#define TAGGER_DEFAULT_EPOCHS	10
#define TAGGER_MAX_ROWS		(1u << 30)

struct tagger {
	char		**labels;
	size_t		  nlabels;
	int		  ntags;
	unsigned	  features;	/* TAGGER_FEATURE_* */
	struct tagger_table rows;	/* feature hash -> row + 1 */
	uint64_t	 *keys;		/* row -> feature hash */
	size_t		  nrows, caprows;
	float		 *w;		/* nrows x ntags emission weights */
	float		 *trans;	/* (ntags + 1) x ntags; row ntags is
					   the sentence start */
	/* The tags that may come before each tag: prev[tag][0..nprev[tag]),
	   so that Viterbi never looks at an invalid move. */
	int		**prev;
	int		 *nprev;
	struct tagger_lexicon lx;
};

/* --- tags -------------------------------------------------------------- */

int
tagger_transition_valid(int prev, int tag)
{
	int	 inside = prev > 0 && (TAGGER_TAG_PREFIX(prev) == TAGGER_B ||
	    TAGGER_TAG_PREFIX(prev) == TAGGER_I);

	if (inside)
		return tag > 0 && TAGGER_TAG_LABEL(tag) ==
		    TAGGER_TAG_LABEL(prev) && (TAGGER_TAG_PREFIX(tag) ==
		    TAGGER_I || TAGGER_TAG_PREFIX(tag) == TAGGER_L);
	return tag == TAGGER_O || TAGGER_TAG_PREFIX(tag) == TAGGER_B ||
	    TAGGER_TAG_PREFIX(tag) == TAGGER_U;
}

int
tagger_final_valid(int tag)
{
	return tag == TAGGER_O || TAGGER_TAG_PREFIX(tag) == TAGGER_L ||
	    TAGGER_TAG_PREFIX(tag) == TAGGER_U;
}

/* --- features ---------------------------------------------------------- */

/* A new row of weights for feature f (all zero while training, whose
   arrays are made once every row is known). */
static uint32_t
tagger_row_add(struct tagger *t, uint64_t f)
{
	ARRAY_RESERVE(t->keys, t->caprows, t->nrows + 1);
	t->keys[t->nrows] = f;
	tagger_table_set(&t->rows, f, (uint32_t)t->nrows + 1);
	return (uint32_t)t->nrows++;
}

/*
 * The features of a sentence as rows, in place: each word's features
 * (nf[i] at f[i * TAGGER_MAX_FEATURES]) become the rows they have, those
 * without one dropped, or given a new one when add is set.
 */
static void
tagger_rows_of(struct tagger *t, uint64_t *f, size_t *nf, size_t n, int add)
{
	size_t		 i, k, m;
	uint32_t	 r;

	for (i = 0; i < n; i++) {
		uint64_t	*fi = f + i * TAGGER_MAX_FEATURES;

		for (k = 0, m = 0; k < nf[i]; k++) {
			r = tagger_table_get(&t->rows, fi[k]);
			if (r == 0 && add && t->nrows < TAGGER_MAX_ROWS)
				r = tagger_row_add(t, fi[k]) + 1;
			if (r != 0)
				fi[m++] = r - 1;
		}
		nf[i] = m;
	}
}

/* The hash of template name and value. */
static uint64_t
tagger_feature(const char *name, const char *v, size_t n)
{
	uint64_t	 h = FNV1A_BASIS;

	h = fnv1a(h, name, strlen(name) + 1);
	return fnv1a(h, v, n);
}

static uint64_t
tagger_feature_number(const char *name, uint32_t v)
{
	unsigned char	 c[4];

	c[0] = (unsigned char)v;
	c[1] = (unsigned char)(v >> 8);
	c[2] = (unsigned char)(v >> 16);
	c[3] = (unsigned char)(v >> 24);
	return tagger_feature(name, (const char *)c, 4);
}

/* A word as features need it: lower-cased, its shape, its code points,
   its cluster, the gazetteer names it is in. */
struct tagger_form {
	char		*lower;
	size_t		 lower_len;
	char		*shape;
	size_t		 shape_len;
	size_t		 ncp;
	size_t		*cp;		/* byte offset of each code point, and
					   the length at cp[ncp] */
	uint32_t	 path;
	unsigned	 depth;		/* 0: no cluster */
	uint32_t	 names[4];	/* labels' bits, by BILOU place */
	unsigned	 seen;		/* TAGGER_SEEN_* elsewhere in the
					   article */
};

static void
tagger_form_init(struct tagger_form *f, const struct tagger_word *w)
{
	struct buf	 shape = BUF_INIT;
	const uint8_t	*s = (const uint8_t *)w->s;
	ucs4_t		 c;
	size_t		 i;
	char		 k, last = 0;

	f->lower = tagger_lower(w->s, w->len, &f->lower_len);
	f->cp = xreallocarray(NULL, w->len + 1, sizeof(*f->cp));
	f->ncp = 0;
	for (i = 0; i < w->len; ) {
		int	 l = u8_mbtouc(&c, s + i, w->len - i);

		f->cp[f->ncp++] = i;
		if (uc_is_upper(c))
			k = 'X';
		else if (uc_is_lower(c) || uc_is_alpha(c))
			k = 'x';
		else if (uc_is_digit(c))
			k = 'd';
		else
			k = c < 0x80 ? (char)c : '*';
		/* Runs collapse: "Xxxxx" is "Xx", "1984" is "d". */
		if (k != last)
			buf_addc(&shape, k);
		last = k;
		i += l > 0 ? (size_t)l : 1;
	}
	f->cp[f->ncp] = w->len;
	buf_adds(&shape, "");
	f->shape_len = shape.len;
	f->shape = buf_detach(&shape);
}

static void
tagger_form_free(struct tagger_form *f)
{
	free(f->lower);
	free(f->shape);
	free(f->cp);
}

/* The features of a word's cluster, and of its neighbours'. */
static size_t
tagger_cluster_features(const struct tagger_form *fm, size_t n, size_t i,
    uint64_t *f)
{
	static const unsigned	 prefix[] = { 2, 4, 6, 8 };
	static const char *const name[] = { "c2", "c4", "c6", "c8" };
	const struct tagger_form *m = &fm[i];
	size_t			 k = 0, a;

	if (m->depth > 0) {
		for (a = 0; a < 4 && prefix[a] < m->depth; a++)
			f[k++] = tagger_feature_number(name[a],
			    m->path >> (m->depth - prefix[a]));
		f[k++] = tagger_feature_number("c", m->path << 5 | m->depth);
	}
	if (i > 0 && fm[i - 1].depth > 0) {
		f[k++] = tagger_feature_number("c-1", fm[i - 1].path << 5 |
		    fm[i - 1].depth);
		if (fm[i - 1].depth > 4)
			f[k++] = tagger_feature_number("c4-1", fm[i - 1].path >>
			    (fm[i - 1].depth - 4));
	}
	if (i + 1 < n && fm[i + 1].depth > 0) {
		f[k++] = tagger_feature_number("c+1", fm[i + 1].path << 5 |
		    fm[i + 1].depth);
		if (fm[i + 1].depth > 4)
			f[k++] = tagger_feature_number("c4+1", fm[i + 1].path >>
			    (fm[i + 1].depth - 4));
	}
	return k;
}

/* A feature for each gazetteer label the word has at each place of a
   name (B, I, L, U), at most room of them. */
static size_t
tagger_name_features(const struct tagger_form *m, uint64_t *f, size_t room)
{
	static const char *const place[] = { "gB", "gI", "gL", "gU" };
	size_t			 k = 0, p;
	uint32_t		 bit;

	for (p = 0; p < 4; p++)
		for (bit = 0; bit < TAGGER_LEXICON_MAX_LABELS && k < room;
		    bit++)
			if (m->names[p] & (uint32_t)1 << bit)
				f[k++] = tagger_feature_number(place[p], bit);
	return k;
}

/* The features of how the word appears elsewhere in its article: the
   set of ways, each way, and the set with the word's own shape. */
static size_t
tagger_article_features(const struct tagger_form *m, size_t i, uint64_t *f)
{
	struct buf	 b = BUF_INIT;
	size_t		 k = 0;
	unsigned	 bit;

	if (m->seen == 0)
		return 0;
	f[k++] = tagger_feature_number("a", m->seen);
	for (bit = 0; bit < TAGGER_SEEN_KINDS; bit++)
		if (m->seen & 1u << bit)
			f[k++] = tagger_feature_number("a1", bit);
	buf_addc(&b, (char)m->seen);
	buf_addc(&b, i == 0 ? '0' : '1');
	buf_add(&b, m->shape, m->shape_len);
	f[k++] = tagger_feature("a|sh", b.data, b.len);
	buf_free(&b);
	return k;
}

/*
 * The features of word i of a sentence, into f[] (at most
 * TAGGER_MAX_FEATURES); returns how many.
 */
static size_t
tagger_features(const struct tagger *t, const struct tagger_word *w,
    const struct tagger_form *fm, size_t n, size_t i, uint64_t *f)
{
	static const char *const prefix[] = { "p1", "p2", "p3", "p4" };
	static const char *const suffix[] = { "s1", "s2", "s3", "s4" };
	static const char *const around[] = { "w-2", "w-1", "w+1", "w+2" };
	static const int	 offset[] = { -2, -1, 1, 2 };
	const struct tagger_form *m = &fm[i];
	struct buf		 b = BUF_INIT;
	size_t			 k = 0, a;
	long			 j;

	f[k++] = tagger_feature("bias", "", 0);
	f[k++] = tagger_feature("w", w[i].s, w[i].len);
	f[k++] = tagger_feature("lw", m->lower, m->lower_len);
	f[k++] = tagger_feature("sh", m->shape, m->shape_len);
	for (a = 0; a < 4 && a < m->ncp; a++) {
		f[k++] = tagger_feature(prefix[a], w[i].s, m->cp[a + 1]);
		f[k++] = tagger_feature(suffix[a], w[i].s + m->cp[m->ncp -
		    a - 1], w[i].len - m->cp[m->ncp - a - 1]);
	}
	for (a = 0; a < 4; a++) {
		j = (long)i + offset[a];
		if (j < 0 || j >= (long)n)
			f[k++] = tagger_feature(around[a], j < 0 ? "<s>" :
			    "</s>", j < 0 ? 3 : 4);
		else
			f[k++] = tagger_feature(around[a], fm[j].lower,
			    fm[j].lower_len);
	}
	/* The shapes and words next to this one, as pairs. */
	if (i > 0) {
		buf_add(&b, fm[i - 1].shape, fm[i - 1].shape_len);
		buf_addc(&b, '|');
		buf_add(&b, m->shape, m->shape_len);
		f[k++] = tagger_feature("sh-1|sh", b.data, b.len);
		buf_truncate(&b, 0);
		buf_add(&b, fm[i - 1].lower, fm[i - 1].lower_len);
		buf_addc(&b, '|');
		buf_add(&b, m->lower, m->lower_len);
		f[k++] = tagger_feature("lw-1|lw", b.data, b.len);
		buf_truncate(&b, 0);
	}
	if (i + 1 < n) {
		buf_add(&b, m->shape, m->shape_len);
		buf_addc(&b, '|');
		buf_add(&b, fm[i + 1].shape, fm[i + 1].shape_len);
		f[k++] = tagger_feature("sh|sh+1", b.data, b.len);
	}
	if (i == 0)
		f[k++] = tagger_feature("first", m->shape, m->shape_len);
	buf_free(&b);
	if (t->features & TAGGER_FEATURE_CLUSTERS)
		k += tagger_cluster_features(fm, n, i, f + k);
	if (t->features & TAGGER_FEATURE_ARTICLE)
		k += tagger_article_features(m, i, f + k);
	if (t->features & TAGGER_FEATURE_GAZETTEER)
		k += tagger_name_features(m, f + k, TAGGER_MAX_FEATURES - k);
	return k;
}

static uint64_t tagger_random(uint64_t *state);

/*
 * Mark the words of every gazetteer name in the sentence with the
 * name's labels, at each word's place in it.  While learning (hide not
 * NULL) each name found is hidden at random three times in four: a list
 * made of the training data's own names would otherwise hold every name
 * of the training text and few of the text to tag, and the model would
 * learn to trust it blindly.
 */
static void
tagger_find_names(const struct tagger_lexicon *lx,
    const struct tagger_word *w, struct tagger_form *fm, size_t n,
    uint64_t *hide)
{
	size_t		 i, len, k;
	uint64_t	 exact, folded;
	uint32_t	 bits;

	if (lx->nnames == 0)
		return;
	for (i = 0; i < n; i++) {
		exact = TAGGER_NAME_EXACT;
		folded = TAGGER_NAME_FOLDED;
		for (len = 1; len <= lx->longest && i + len <= n; len++) {
			k = i + len - 1;
			exact = tagger_name_key_add(exact, w[k].s, w[k].len);
			folded = tagger_name_key_add(folded, fm[k].lower,
			    fm[k].lower_len);
			bits = tagger_table_get(&lx->names, exact) |
			    tagger_table_get(&lx->names, folded);
			if (bits == 0 || (hide != NULL &&
			    (tagger_random(hide) >> 62) != 0))
				continue;
			if (len == 1) {
				fm[i].names[TAGGER_U] |= bits;
				continue;
			}
			fm[i].names[TAGGER_B] |= bits;
			for (k = i + 1; k + 1 < i + len; k++)
				fm[k].names[TAGGER_I] |= bits;
			fm[i + len - 1].names[TAGGER_L] |= bits;
		}
	}
}

/* How each word appears elsewhere in article a (NULL: the sentence
   alone). */
static void
tagger_find_seen(const struct tagger_article *a, const struct tagger_word *w,
    struct tagger_form *fm, size_t n)
{
	struct tagger_article	*own = NULL;
	struct tagger_sentence	 s;
	size_t			 i;

	if (a == NULL) {
		memset(&s, 0, sizeof(s));
		s.words = w;
		s.n = n;
		a = own = tagger_article_new(&s, 1);
	}
	for (i = 0; i < n; i++)
		fm[i].seen = tagger_article_elsewhere(a, w, n, i, fm[i].lower,
		    fm[i].lower_len);
	tagger_article_free(own);
}

/* The features of every word of a sentence of article a (NULL: the
   sentence alone): nf[i] of them at f[i * TAGGER_MAX_FEATURES]. */
static void
tagger_sentence_features(const struct tagger *t,
    const struct tagger_article *a, const struct tagger_word *w, size_t n,
    uint64_t *f, size_t *nf, uint64_t *hide)
{
	struct tagger_form	*fm;
	size_t			 i;

	fm = xcalloc(n ? n : 1, sizeof(*fm));
	for (i = 0; i < n; i++) {
		tagger_form_init(&fm[i], &w[i]);
		if (t->features & TAGGER_FEATURE_CLUSTERS)
			fm[i].depth = tagger_lexicon_cluster_of(&t->lx,
			    w[i].s, w[i].len, &fm[i].path);
	}
	if (t->features & TAGGER_FEATURE_GAZETTEER)
		tagger_find_names(&t->lx, w, fm, n, hide);
	if (t->features & TAGGER_FEATURE_ARTICLE)
		tagger_find_seen(a, w, fm, n);
	for (i = 0; i < n; i++)
		nf[i] = tagger_features(t, w, fm, n, i,
		    f + i * TAGGER_MAX_FEATURES);
	for (i = 0; i < n; i++)
		tagger_form_free(&fm[i]);
	free(fm);
}

/* --- decoding ---------------------------------------------------------- */

/* sum[] += row[], four at a time (a tag's row is 1 + 4 per label). */
static void
tagger_add_row(float *restrict sum, const float *restrict row, int n)
{
	int	 k = 0;

	for (; k + 4 <= n; k += 4) {
		sum[k] += row[k];
		sum[k + 1] += row[k + 1];
		sum[k + 2] += row[k + 2];
		sum[k + 3] += row[k + 3];
	}
	for (; k < n; k++)
		sum[k] += row[k];
}

/* The emission scores, e[i * ntags + tag], of features made rows. */
static void
tagger_emissions(const struct tagger *t, const uint64_t *f,
    const size_t *nf, size_t n, double *e)
{
	size_t	 i, k;
	int	 tag;

	float	*sum = xreallocarray(NULL, (size_t)t->ntags, sizeof(*sum));

	/* Sums in floats, as the weights are: the compiler can add a row
	   several tags at a time. */
	for (i = 0; i < n; i++) {
		double	*ei = e + i * (size_t)t->ntags;

		for (tag = 0; tag < t->ntags; tag++)
			sum[tag] = 0;
		for (k = 0; k < nf[i]; k++) {
			const float *row = t->w + (size_t)f[i *
			    TAGGER_MAX_FEATURES + k] * (size_t)t->ntags;

			tagger_add_row(sum, row, t->ntags);
		}
		for (tag = 0; tag < t->ntags; tag++)
			ei[tag] = sum[tag];
	}
	free(sum);
}

/*
 * Viterbi over the valid transitions.  The start row and the transitions
 * are weights like any other; an invalid move is never taken, and the
 * last tag must be able to end a sentence.
 */
static void
tagger_viterbi(const struct tagger *t, const double *e, size_t n, int *tags)
{
	size_t	 T = (size_t)t->ntags, i;
	double	*score, *in, best, v;
	int	*back, tag, k, np, arg;

	if (n == 0)
		return;
	score = xreallocarray(NULL, n * T, sizeof(*score));
	back = xreallocarray(NULL, n * T, sizeof(*back));
	/* in[tag * T + k]: the weight of the move from tag's k-th valid
	   predecessor, side by side for the inner loop. */
	in = xreallocarray(NULL, T * T, sizeof(*in));
	for (tag = 0; tag < t->ntags; tag++) {
		for (k = 0; k < t->nprev[tag]; k++)
			in[(size_t)tag * T + (size_t)k] =
			    t->trans[(size_t)t->prev[tag][k] * T + (size_t)tag];
		score[tag] = tagger_transition_valid(-1, tag) ?
		    e[tag] + t->trans[T * T + (size_t)tag] : -HUGE_VAL;
		back[tag] = -1;
	}
	for (i = 1; i < n; i++) {
		const double	*last = score + (i - 1) * T;

		for (tag = 0; tag < t->ntags; tag++) {
			const int	*prev = t->prev[tag];
			const double	*w = in + (size_t)tag * T;

			np = t->nprev[tag];
			best = -HUGE_VAL;
			arg = 0;
			for (k = 0; k < np; k++) {
				v = last[prev[k]] + w[k];
				if (v > best) {
					best = v;
					arg = prev[k];
				}
			}
			score[i * T + (size_t)tag] = best == -HUGE_VAL ?
			    best : best + e[i * T + (size_t)tag];
			back[i * T + (size_t)tag] = arg;
		}
	}
	best = -HUGE_VAL;
	arg = 0;
	for (tag = 0; tag < t->ntags; tag++)
		if (tagger_final_valid(tag) &&
		    score[(n - 1) * T + (size_t)tag] > best) {
			best = score[(n - 1) * T + (size_t)tag];
			arg = tag;
		}
	for (i = n; i-- > 0; ) {
		tags[i] = arg;
		arg = back[i * T + (size_t)arg];
	}
	free(score);
	free(back);
	free(in);
}

void
tagger_decode(const struct tagger *t, const struct tagger_word *w, size_t n,
    int *tags)
{
	uint64_t	*f;
	size_t		*nf;
	double		*e;

	if (n == 0)
		return;
	f = xreallocarray(NULL, n * TAGGER_MAX_FEATURES, sizeof(*f));
	nf = xreallocarray(NULL, n, sizeof(*nf));
	e = xreallocarray(NULL, n * (size_t)t->ntags, sizeof(*e));
	tagger_sentence_features(t, NULL, w, n, f, nf, NULL);
	tagger_rows_of((struct tagger *)t, f, nf, n, 0);
	tagger_emissions(t, f, nf, n, e);
	tagger_viterbi(t, e, n, tags);
	free(f);
	free(nf);
	free(e);
}

/* The softmax probability of tag among the word's emission scores. */
static double
tagger_probability(const double *e, int ntags, int tag)
{
	double	 max = e[0], sum = 0;
	int	 k;

	for (k = 1; k < ntags; k++)
		if (e[k] > max)
			max = e[k];
	for (k = 0; k < ntags; k++)
		sum += exp(e[k] - max);
	return exp(e[tag] - max) / sum;
}

size_t
tagger_tag(const struct tagger *t, const struct tagger_word *w, size_t n,
    struct tagger_chunk **out)
{
	return tagger_tag_in(t, NULL, w, n, out);
}

size_t
tagger_tag_in(const struct tagger *t, const struct tagger_article *a,
    const struct tagger_word *w, size_t n, struct tagger_chunk **out)
{
	struct tagger_chunk	*v = NULL;
	uint64_t		*f;
	size_t			*nf, nv = 0, cap = 0, i, first = 0;
	double			*e, sum = 0;
	int			*tags, p;

	*out = NULL;
	if (n == 0)
		return 0;
	f = xreallocarray(NULL, n * TAGGER_MAX_FEATURES, sizeof(*f));
	nf = xreallocarray(NULL, n, sizeof(*nf));
	e = xreallocarray(NULL, n * (size_t)t->ntags, sizeof(*e));
	tags = xreallocarray(NULL, n, sizeof(*tags));
	tagger_sentence_features(t, a, w, n, f, nf, NULL);
	tagger_rows_of((struct tagger *)t, f, nf, n, 0);
	tagger_emissions(t, f, nf, n, e);
	tagger_viterbi(t, e, n, tags);
	for (i = 0; i < n; i++) {
		if (tags[i] == TAGGER_O)
			continue;
		p = TAGGER_TAG_PREFIX(tags[i]);
		if (p == TAGGER_B || p == TAGGER_U) {
			first = i;
			sum = 0;
		}
		sum += tagger_probability(e + i * (size_t)t->ntags, t->ntags,
		    tags[i]);
		if (p == TAGGER_L || p == TAGGER_U) {
			ARRAY_RESERVE(v, cap, nv + 1);
			v[nv].first = first;
			v[nv].last = i;
			v[nv].label = (size_t)TAGGER_TAG_LABEL(tags[i]);
			v[nv].score = sum / (double)(i - first + 1);
			nv++;
		}
	}
	free(f);
	free(nf);
	free(e);
	free(tags);
	*out = v;
	return nv;
}

/* --- training ---------------------------------------------------------- */

/* The averaged perceptron's state: the weights in use, and the sums that
   give the average (the usual trick: u holds update times the step). */
struct tagger_learner {
	struct tagger	*t;
	double		*w, *wu;
	double		*trans, *transu;
	size_t		 ntrans;
	double		 step;
};

static void
tagger_learn_emission(struct tagger_learner *l, const uint64_t *f,
    size_t nf, int tag, double d)
{
	size_t	 k, idx;

	for (k = 0; k < nf; k++) {
		idx = (size_t)f[k] * (size_t)l->t->ntags + (size_t)tag;
		l->w[idx] += d;
		l->wu[idx] += l->step * d;
		l->t->w[idx] = (float)l->w[idx];
	}
}

static void
tagger_learn_transition(struct tagger_learner *l, int prev, int tag,
    double d)
{
	size_t	 T = (size_t)l->t->ntags;
	size_t	 idx = (prev < 0 ? T : (size_t)prev) * T + (size_t)tag;

	l->trans[idx] += d;
	l->transu[idx] += l->step * d;
	l->t->trans[idx] = (float)l->trans[idx];
}

/* The gold BILOU tags of a sentence; a chunk over tokens already taken
   or outside the sentence is left out. */
static void
tagger_gold_tags(const struct tagger_sentence *s, int *tags)
{
	size_t	 i, c;

	for (i = 0; i < s->n; i++)
		tags[i] = TAGGER_O;
	for (c = 0; c < s->nchunks; c++) {
		const struct tagger_chunk *k = &s->chunks[c];
		int	 free_run = k->first <= k->last && k->last < s->n;

		for (i = k->first; free_run && i <= k->last; i++)
			if (tags[i] != TAGGER_O)
				free_run = 0;
		if (!free_run)
			continue;
		if (k->first == k->last) {
			tags[k->first] = TAGGER_TAG(k->label, TAGGER_U);
			continue;
		}
		tags[k->first] = TAGGER_TAG(k->label, TAGGER_B);
		for (i = k->first + 1; i < k->last; i++)
			tags[i] = TAGGER_TAG(k->label, TAGGER_I);
		tags[k->last] = TAGGER_TAG(k->label, TAGGER_L);
	}
}

/* A sentence made ready once: its features and its gold tags. */
struct tagger_example {
	uint64_t	*f;
	size_t		*nf;
	int		*gold;
	size_t		 n;
};

/* One perceptron step on one sentence; returns the words right. */
static size_t
tagger_learn_sentence(struct tagger_learner *l, const struct tagger_example *x,
    double *e, int *pred)
{
	size_t	 i, right = 0;
	int	 gp, pp;

	tagger_emissions(l->t, x->f, x->nf, x->n, e);
	tagger_viterbi(l->t, e, x->n, pred);
	for (i = 0; i < x->n; i++) {
		gp = i > 0 ? x->gold[i - 1] : -1;
		pp = i > 0 ? pred[i - 1] : -1;
		if (pred[i] == x->gold[i])
			right++;
		else {
			tagger_learn_emission(l, x->f + i * TAGGER_MAX_FEATURES,
			    x->nf[i], x->gold[i], 1);
			tagger_learn_emission(l, x->f + i * TAGGER_MAX_FEATURES,
			    x->nf[i], pred[i], -1);
		}
		if (gp != pp || x->gold[i] != pred[i]) {
			tagger_learn_transition(l, gp, x->gold[i], 1);
			tagger_learn_transition(l, pp, pred[i], -1);
		}
	}
	l->step++;
	return right;
}

/* xorshift64*: the shuffle must be the same everywhere for a seed. */
static uint64_t
tagger_random(uint64_t *state)
{
	uint64_t	 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static void
tagger_shuffle(size_t *order, size_t n, uint64_t *state)
{
	size_t	 i, j, tmp;

	for (i = n; i > 1; i--) {
		j = (size_t)(tagger_random(state) % i);
		tmp = order[i - 1];
		order[i - 1] = order[j];
		order[j] = tmp;
	}
}

/* The valid predecessors of each tag, in tag order (as Viterbi's ties
   broke when it tried every tag). */
static void
tagger_predecessors(struct tagger *t)
{
	int	 tag, prev;

	t->prev = xcalloc((size_t)t->ntags, sizeof(*t->prev));
	t->nprev = xcalloc((size_t)t->ntags, sizeof(*t->nprev));
	for (tag = 0; tag < t->ntags; tag++) {
		t->prev[tag] = xcalloc((size_t)t->ntags, sizeof(**t->prev));
		for (prev = 0; prev < t->ntags; prev++)
			if (tagger_transition_valid(prev, tag))
				t->prev[tag][t->nprev[tag]++] = prev;
	}
}

static struct tagger *
tagger_new(const char *const *labels, size_t nlabels)
{
	struct tagger	*t = xcalloc(1, sizeof(*t));
	size_t		 i;

	t->nlabels = nlabels;
	t->labels = xcalloc(nlabels ? nlabels : 1, sizeof(*t->labels));
	for (i = 0; i < nlabels; i++)
		t->labels[i] = xstrdup(labels[i]);
	t->ntags = 1 + 4 * (int)nlabels;
	t->trans = xcalloc((size_t)(t->ntags + 1) * (size_t)t->ntags,
	    sizeof(*t->trans));
	tagger_predecessors(t);
	return t;
}

/* The averages become the model's weights. */
static void
tagger_average(struct tagger_learner *l)
{
	size_t	 i, nw = l->t->nrows * (size_t)l->t->ntags;

	for (i = 0; i < nw; i++)
		l->t->w[i] = (float)(l->w[i] - l->wu[i] / l->step);
	for (i = 0; i < l->ntrans; i++)
		l->t->trans[i] = (float)(l->trans[i] - l->transu[i] /
		    l->step);
}

int
tagger_train(const char *const *labels, size_t nlabels,
    const struct tagger_sentence *sentences, size_t nsentences,
    const struct tagger_options *o, struct tagger **tp, char **errp)
{
	struct tagger_learner	 l;
	struct tagger_example	*x;
	struct tagger_article	*article = NULL;
	size_t			*order, i, end, maxn = 0, words = 0, right;
	double			*e;
	int			*pred, epoch, epochs;
	uint64_t		 state, hide;

	*tp = NULL;
	if (nlabels == 0)
		return err_set(errp, "no labels to learn");
	if (nlabels > 1000)
		return err_set(errp, "too many labels (%zu)", nlabels);
	epochs = o->epochs > 0 ? o->epochs : TAGGER_DEFAULT_EPOCHS;
	memset(&l, 0, sizeof(l));
	l.t = tagger_new(labels, nlabels);
	l.t->features = (o->features ? o->features : TAGGER_FEATURES_DEFAULT) |
	    TAGGER_FEATURE_WORD;
	tagger_lexicon_copy(&l.t->lx, o->lexicon);
	l.ntrans = (size_t)(l.t->ntags + 1) * (size_t)l.t->ntags;
	l.trans = xcalloc(l.ntrans, sizeof(*l.trans));
	l.transu = xcalloc(l.ntrans, sizeof(*l.transu));
	l.step = 1;
	hide = o->seed * 0x2545f4914f6cdd1dULL + 0x9e3779b97f4a7c15ULL;

	x = xcalloc(nsentences ? nsentences : 1, sizeof(*x));
	order = xcalloc(nsentences ? nsentences : 1, sizeof(*order));
	for (i = 0; i < nsentences; i++) {
		size_t	 n = sentences[i].n;

		/* The article begins here: see its sentences together. */
		if ((l.t->features & TAGGER_FEATURE_ARTICLE) &&
		    (i == 0 || o->articles == NULL ||
		    o->articles[i] != o->articles[i - 1])) {
			for (end = i + 1; o->articles != NULL &&
			    end < nsentences &&
			    o->articles[end] == o->articles[i]; end++)
				;
			tagger_article_free(article);
			article = tagger_article_new(sentences + i, end - i);
		}

		x[i].n = n;
		x[i].f = xreallocarray(NULL, n ? n * TAGGER_MAX_FEATURES : 1,
		    sizeof(*x[i].f));
		x[i].nf = xreallocarray(NULL, n ? n : 1, sizeof(*x[i].nf));
		x[i].gold = xreallocarray(NULL, n ? n : 1,
		    sizeof(*x[i].gold));
		tagger_sentence_features(l.t, article, sentences[i].words, n,
		    x[i].f, x[i].nf, &hide);
		tagger_rows_of(l.t, x[i].f, x[i].nf, n, 1);
		tagger_gold_tags(&sentences[i], x[i].gold);
		order[i] = i;
		if (n > maxn)
			maxn = n;
		words += n;
	}
	tagger_article_free(article);
	/* Every feature has its row now. */
	l.t->w = xcalloc(l.t->nrows * (size_t)l.t->ntags + 1, sizeof(*l.t->w));
	l.w = xcalloc(l.t->nrows * (size_t)l.t->ntags + 1, sizeof(*l.w));
	l.wu = xcalloc(l.t->nrows * (size_t)l.t->ntags + 1, sizeof(*l.wu));
	e = xcalloc((maxn ? maxn : 1) * (size_t)l.t->ntags, sizeof(*e));
	pred = xcalloc(maxn ? maxn : 1, sizeof(*pred));
	state = o->seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
	if (state == 0)
		state = 1;
	for (epoch = 1; epoch <= epochs; epoch++) {
		tagger_shuffle(order, nsentences, &state);
		right = 0;
		for (i = 0; i < nsentences; i++)
			if (x[order[i]].n > 0)
				right += tagger_learn_sentence(&l,
				    &x[order[i]], e, pred);
		if (o->epoch != NULL)
			o->epoch(o->ctx, epoch, words ? (double)right /
			    (double)words : 1.0);
	}
	tagger_average(&l);

	for (i = 0; i < nsentences; i++) {
		free(x[i].f);
		free(x[i].nf);
		free(x[i].gold);
	}
	free(x);
	free(order);
	free(e);
	free(pred);
	free(l.w);
	free(l.wu);
	free(l.trans);
	free(l.transu);
	*tp = l.t;
	return 0;
}

void
tagger_free(struct tagger *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nlabels; i++)
		free(t->labels[i]);
	free(t->labels);
	free(t->w);
	free(t->keys);
	tagger_table_free(&t->rows);
	free(t->trans);
	for (i = 0; i < (size_t)t->ntags; i++)
		free(t->prev[i]);
	free(t->prev);
	free(t->nprev);
	tagger_lexicon_clear(&t->lx);
	free(t);
}

size_t
tagger_label_count(const struct tagger *t)
{
	return t->nlabels;
}

const char *
tagger_label(const struct tagger *t, size_t i)
{
	return i < t->nlabels ? t->labels[i] : NULL;
}

unsigned
tagger_feature_mask(const struct tagger *t)
{
	return t->features;
}

const struct tagger_lexicon *
tagger_lexicon_of(const struct tagger *t)
{
	return &t->lx;
}

/* --- the blob ---------------------------------------------------------- */

/*
 * Little-endian throughout: "MRGT", format, the feature groups, the
 * label count and each label (length, bytes), the lexicon (see
 * tagger_lexicon_save), the transitions ((ntags + 1) x ntags floats),
 * then the rows of weights that are not all zero, after their count:
 * the feature's hash and ntags floats.  Floats travel as their IEEE 754
 * bits.
 */
static uint32_t
tagger_float_bits(float f)
{
	uint32_t	 v;

	memcpy(&v, &f, sizeof(v));
	return v;
}

static int
tagger_row_used(const struct tagger *t, size_t r)
{
	const float	*w = t->w + r * (size_t)t->ntags;
	int		 k;

	for (k = 0; k < t->ntags; k++)
		if (w[k] != 0)
			return 1;
	return 0;
}

void
tagger_save(const struct tagger *t, struct buf *out)
{
	size_t	 i, r, used = 0;
	size_t	 ntrans = (size_t)(t->ntags + 1) * (size_t)t->ntags;
	int	 k;

	buf_add(out, TAGGER_MAGIC, 4);
	tagger_put32(out, TAGGER_FORMAT);
	tagger_put32(out, t->features);
	tagger_put32(out, (uint32_t)t->nlabels);
	for (i = 0; i < t->nlabels; i++) {
		tagger_put32(out, (uint32_t)strlen(t->labels[i]));
		buf_adds(out, t->labels[i]);
	}
	tagger_lexicon_save(&t->lx, out);
	for (i = 0; i < ntrans; i++)
		tagger_put32(out, tagger_float_bits(t->trans[i]));
	for (r = 0; r < t->nrows; r++)
		used += tagger_row_used(t, r);
	tagger_put32(out, (uint32_t)used);
	buf_reserve(out, used * (8 + 4 * (size_t)t->ntags));
	for (r = 0; r < t->nrows; r++) {
		if (!tagger_row_used(t, r))
			continue;
		tagger_put64(out, t->keys[r]);
		for (k = 0; k < t->ntags; k++)
			tagger_put32(out, tagger_float_bits(t->w[r *
			    (size_t)t->ntags + (size_t)k]));
	}
}

static float
tagger_get_float(struct tagger_reader *r)
{
	uint32_t	 v = tagger_get32(r);
	float		 f;

	memcpy(&f, &v, sizeof(f));
	return isfinite(f) ? f : 0;
}

/* The labels of a blob; -1 when it is cut short. */
static int
tagger_load_labels(struct tagger_reader *r, char **labels, size_t n)
{
	size_t	 i;
	uint32_t len;

	for (i = 0; i < n; i++) {
		len = tagger_get32(r);
		if (r->short_read || len > r->len - r->at)
			return -1;
		labels[i] = xstrndup((const char *)r->p + r->at, len);
		r->at += len;
	}
	return 0;
}

/* The transitions and the rows, after the lexicon; -1: damaged. */
static int
tagger_load_weights(struct tagger_reader *r, struct tagger *t)
{
	size_t		 ntrans, k, T = (size_t)t->ntags;
	uint32_t	 nrows, i;
	uint64_t	 key;

	ntrans = (size_t)(t->ntags + 1) * T;
	for (k = 0; k < ntrans; k++)
		t->trans[k] = tagger_get_float(r);
	nrows = tagger_get32(r);
	if (r->short_read || nrows > (r->len - r->at) / (8 + 4 * T))
		return -1;
	t->w = xcalloc((size_t)nrows * T + 1, sizeof(*t->w));
	for (i = 0; i < nrows; i++) {
		key = tagger_get64(r);
		if (key == 0 || tagger_table_get(&t->rows, key) != 0)
			return -1;
		tagger_row_add(t, key);
		for (k = 0; k < T; k++)
			t->w[(size_t)i * T + k] = tagger_get_float(r);
	}
	return r->short_read || r->at != r->len ? -1 : 0;
}

int
tagger_load(const void *blob, size_t len, struct tagger **tp, char **errp)
{
	struct tagger_reader	 r = { blob, len, 0, 0 };
	struct tagger		*t;
	char			**labels;
	uint32_t		 format, features, nlabels;
	size_t			 k;

	*tp = NULL;
	if (len < 4 || memcmp(blob, TAGGER_MAGIC, 4) != 0)
		return err_set(errp, "not a model of margin's tagger");
	r.at = 4;
	format = tagger_get32(&r);
	if (format < TAGGER_FORMAT)
		return err_set(errp, "model format %u is an older margin's "
		    "(this one reads %u): run margin train again", format,
		    TAGGER_FORMAT);
	if (format != TAGGER_FORMAT)
		return err_set(errp, "model format %u, this margin reads %u "
		    "(a newer margin trained it)", format, TAGGER_FORMAT);
	features = tagger_get32(&r);
	nlabels = tagger_get32(&r);
	if (r.short_read || nlabels == 0 || nlabels > 1000 ||
	    (features & ~(uint32_t)TAGGER_FEATURES_ALL))
		return err_set(errp, "damaged model (its header)");
	labels = xcalloc(nlabels, sizeof(*labels));
	if (tagger_load_labels(&r, labels, nlabels) == -1) {
		for (k = 0; k < nlabels; k++)
			free(labels[k]);
		free(labels);
		return err_set(errp, "damaged model (its labels)");
	}
	t = tagger_new((const char *const *)labels, nlabels);
	t->features = features | TAGGER_FEATURE_WORD;
	for (k = 0; k < nlabels; k++)
		free(labels[k]);
	free(labels);
	if (tagger_lexicon_read(&r, &t->lx) == -1) {
		tagger_free(t);
		return err_set(errp, "damaged model (its lexicon)");
	}
	if (tagger_load_weights(&r, t) == -1) {
		tagger_free(t);
		return err_set(errp, "damaged model (its weights)");
	}
	*tp = t;
	return 0;
}
