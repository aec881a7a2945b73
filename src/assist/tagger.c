/*
 * tagger.c: the built-in tagger (SPEC §11): an averaged perceptron over
 * BILOU tags, decoded by Viterbi over the valid transitions only.
 *
 * Features are strings (a template name and a value) hashed with FNV-1a;
 * the weight of a feature for a tag sits at a second hash of both in one
 * table of 2^bits floats, so the model's size is fixed whatever the
 * corpus.  Everything is deterministic: the hashes, the shuffle (our own
 * PRNG, seeded) and the order of the sums.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "margin/tagger.h"
#include "margin/util.h"

#define TAGGER_MAGIC		"MRGT"
#define TAGGER_MAX_FEATURES	32
#define TAGGER_DEFAULT_EPOCHS	10
#define TAGGER_DEFAULT_BITS	20

struct tagger {
	char		**labels;
	size_t		  nlabels;
	int		  ntags;
	unsigned	  bits;
	float		 *w;		/* 2^bits emission weights */
	float		 *trans;	/* (ntags + 1) x ntags; row ntags is
					   the sentence start */
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

static uint64_t
tagger_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*c = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* splitmix64's finaliser: spreads a feature and tag over the table. */
static uint64_t
tagger_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static size_t
tagger_index(const struct tagger *t, uint64_t f, int tag)
{
	return (size_t)(tagger_mix(f + (uint64_t)tag *
	    0x9e3779b97f4a7c15ULL) >> (64 - t->bits));
}

/* The hash of template name and value. */
static uint64_t
tagger_feature(const char *name, const char *v, size_t n)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	h = tagger_fnv(h, name, strlen(name) + 1);
	return tagger_fnv(h, v, n);
}

/* A word as features need it: lower-cased, its shape, its code points. */
struct tagger_form {
	char	*lower;
	size_t	 lower_len;
	char	*shape;
	size_t	 shape_len;
	size_t	 ncp;
	size_t	*cp;		/* byte offset of each code point, and
				   the length at cp[ncp] */
};

static void
tagger_form_init(struct tagger_form *f, const struct tagger_word *w)
{
	struct buf	 shape = BUF_INIT;
	const uint8_t	*s = (const uint8_t *)w->s;
	ucs4_t		 c;
	size_t		 i, n;
	char		 k, last = 0;
	uint8_t		*low;

	n = 0;
	low = u8_tolower(s, w->len, NULL, NULL, NULL, &n);
	if (low == NULL) {
		f->lower = xstrndup(w->s, w->len);
		f->lower_len = w->len;
	} else {
		f->lower = xstrndup((const char *)low, n);
		f->lower_len = n;
		free(low);
	}
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

/*
 * The features of word i of a sentence, into f[] (at most
 * TAGGER_MAX_FEATURES); returns how many.
 */
static size_t
tagger_features(const struct tagger_word *w, const struct tagger_form *fm,
    size_t n, size_t i, uint64_t *f)
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
	return k;
}

/* The features of every word of a sentence: nf[i] of them at
   f[i * TAGGER_MAX_FEATURES]. */
static void
tagger_sentence_features(const struct tagger_word *w, size_t n,
    uint64_t *f, size_t *nf)
{
	struct tagger_form	*fm;
	size_t			 i;

	fm = xcalloc(n ? n : 1, sizeof(*fm));
	for (i = 0; i < n; i++)
		tagger_form_init(&fm[i], &w[i]);
	for (i = 0; i < n; i++)
		nf[i] = tagger_features(w, fm, n, i,
		    f + i * TAGGER_MAX_FEATURES);
	for (i = 0; i < n; i++)
		tagger_form_free(&fm[i]);
	free(fm);
}

/* --- decoding ---------------------------------------------------------- */

/* The emission scores: e[i * ntags + tag]. */
static void
tagger_emissions(const struct tagger *t, const uint64_t *f,
    const size_t *nf, size_t n, double *e)
{
	size_t	 i, k;
	int	 tag;

	for (i = 0; i < n; i++)
		for (tag = 0; tag < t->ntags; tag++) {
			double	 sum = 0;

			for (k = 0; k < nf[i]; k++)
				sum += t->w[tagger_index(t,
				    f[i * TAGGER_MAX_FEATURES + k], tag)];
			e[i * (size_t)t->ntags + (size_t)tag] = sum;
		}
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
	double	*score, best, v;
	int	*back, tag, prev, arg;

	if (n == 0)
		return;
	score = xreallocarray(NULL, n * T, sizeof(*score));
	back = xreallocarray(NULL, n * T, sizeof(*back));
	for (tag = 0; tag < t->ntags; tag++) {
		score[tag] = tagger_transition_valid(-1, tag) ?
		    e[tag] + t->trans[T * T + (size_t)tag] : -HUGE_VAL;
		back[tag] = -1;
	}
	for (i = 1; i < n; i++)
		for (tag = 0; tag < t->ntags; tag++) {
			best = -HUGE_VAL;
			arg = 0;
			for (prev = 0; prev < t->ntags; prev++) {
				if (score[(i - 1) * T + (size_t)prev] ==
				    -HUGE_VAL ||
				    !tagger_transition_valid(prev, tag))
					continue;
				v = score[(i - 1) * T + (size_t)prev] +
				    t->trans[(size_t)prev * T + (size_t)tag];
				if (v > best) {
					best = v;
					arg = prev;
				}
			}
			score[i * T + (size_t)tag] = best == -HUGE_VAL ?
			    best : best + e[i * T + (size_t)tag];
			back[i * T + (size_t)tag] = arg;
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
	tagger_sentence_features(w, n, f, nf);
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
	tagger_sentence_features(w, n, f, nf);
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
		idx = tagger_index(l->t, f[k], tag);
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

static struct tagger *
tagger_new(const char *const *labels, size_t nlabels, unsigned bits)
{
	struct tagger	*t = xcalloc(1, sizeof(*t));
	size_t		 i;

	t->nlabels = nlabels;
	t->labels = xcalloc(nlabels ? nlabels : 1, sizeof(*t->labels));
	for (i = 0; i < nlabels; i++)
		t->labels[i] = xstrdup(labels[i]);
	t->ntags = 1 + 4 * (int)nlabels;
	t->bits = bits;
	t->w = xcalloc((size_t)1 << bits, sizeof(*t->w));
	t->trans = xcalloc((size_t)(t->ntags + 1) * (size_t)t->ntags,
	    sizeof(*t->trans));
	return t;
}

/* The averages become the model's weights. */
static void
tagger_average(struct tagger_learner *l)
{
	size_t	 i, nw = (size_t)1 << l->t->bits;

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
	size_t			*order, i, maxn = 0, words = 0, right;
	double			*e;
	int			*pred, epoch, epochs;
	uint64_t		 state;
	unsigned		 bits = o->bits ? o->bits : TAGGER_DEFAULT_BITS;

	*tp = NULL;
	if (nlabels == 0)
		return err_set(errp, "no labels to learn");
	if (nlabels > 1000)
		return err_set(errp, "too many labels (%zu)", nlabels);
	if (bits < 8 || bits > 28)
		return err_set(errp, "a table of 2^%u weights is out of "
		    "range (8 to 28)", bits);
	epochs = o->epochs > 0 ? o->epochs : TAGGER_DEFAULT_EPOCHS;
	memset(&l, 0, sizeof(l));
	l.t = tagger_new(labels, nlabels, bits);
	l.w = xcalloc((size_t)1 << bits, sizeof(*l.w));
	l.wu = xcalloc((size_t)1 << bits, sizeof(*l.wu));
	l.ntrans = (size_t)(l.t->ntags + 1) * (size_t)l.t->ntags;
	l.trans = xcalloc(l.ntrans, sizeof(*l.trans));
	l.transu = xcalloc(l.ntrans, sizeof(*l.transu));
	l.step = 1;

	x = xcalloc(nsentences ? nsentences : 1, sizeof(*x));
	order = xcalloc(nsentences ? nsentences : 1, sizeof(*order));
	for (i = 0; i < nsentences; i++) {
		size_t	 n = sentences[i].n;

		x[i].n = n;
		x[i].f = xreallocarray(NULL, n ? n * TAGGER_MAX_FEATURES : 1,
		    sizeof(*x[i].f));
		x[i].nf = xreallocarray(NULL, n ? n : 1, sizeof(*x[i].nf));
		x[i].gold = xreallocarray(NULL, n ? n : 1,
		    sizeof(*x[i].gold));
		tagger_sentence_features(sentences[i].words, n, x[i].f,
		    x[i].nf);
		tagger_gold_tags(&sentences[i], x[i].gold);
		order[i] = i;
		if (n > maxn)
			maxn = n;
		words += n;
	}
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
	free(t->trans);
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

/* --- the blob ---------------------------------------------------------- */

/*
 * Little-endian throughout: "MRGT", format, bits, the label count and
 * each label (length, bytes), the transitions ((ntags + 1) x ntags
 * floats), then the weights that are not zero as (index, float) pairs
 * after their count.  Floats travel as their IEEE 754 bits.
 */
static void
tagger_put32(struct buf *b, uint32_t v)
{
	unsigned char	 c[4];

	c[0] = (unsigned char)v;
	c[1] = (unsigned char)(v >> 8);
	c[2] = (unsigned char)(v >> 16);
	c[3] = (unsigned char)(v >> 24);
	buf_add(b, c, 4);
}

static uint32_t
tagger_float_bits(float f)
{
	uint32_t	 v;

	memcpy(&v, &f, sizeof(v));
	return v;
}

void
tagger_save(const struct tagger *t, struct buf *out)
{
	size_t	 i, nw = (size_t)1 << t->bits, nonzero = 0;
	size_t	 ntrans = (size_t)(t->ntags + 1) * (size_t)t->ntags;

	buf_add(out, TAGGER_MAGIC, 4);
	tagger_put32(out, TAGGER_FORMAT);
	tagger_put32(out, t->bits);
	tagger_put32(out, (uint32_t)t->nlabels);
	for (i = 0; i < t->nlabels; i++) {
		tagger_put32(out, (uint32_t)strlen(t->labels[i]));
		buf_adds(out, t->labels[i]);
	}
	for (i = 0; i < ntrans; i++)
		tagger_put32(out, tagger_float_bits(t->trans[i]));
	for (i = 0; i < nw; i++)
		if (t->w[i] != 0)
			nonzero++;
	tagger_put32(out, (uint32_t)nonzero);
	for (i = 0; i < nw; i++)
		if (t->w[i] != 0) {
			tagger_put32(out, (uint32_t)i);
			tagger_put32(out, tagger_float_bits(t->w[i]));
		}
}

struct tagger_reader {
	const unsigned char	*p;
	size_t			 len, at;
	int			 short_read;
};

static uint32_t
tagger_get32(struct tagger_reader *r)
{
	const unsigned char	*c;

	if (r->len - r->at < 4) {
		r->short_read = 1;
		r->at = r->len;
		return 0;
	}
	c = r->p + r->at;
	r->at += 4;
	return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 |
	    (uint32_t)c[3] << 24;
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

int
tagger_load(const void *blob, size_t len, struct tagger **tp, char **errp)
{
	struct tagger_reader	 r = { blob, len, 0, 0 };
	struct tagger		*t;
	char			**labels;
	uint32_t		 format, bits, nlabels, nonzero, i, idx;
	size_t			 ntrans, k;

	*tp = NULL;
	if (len < 4 || memcmp(blob, TAGGER_MAGIC, 4) != 0)
		return err_set(errp, "not a model of margin's tagger");
	r.at = 4;
	format = tagger_get32(&r);
	if (format != TAGGER_FORMAT)
		return err_set(errp, "model format %u, this margin reads %u "
		    "(train again)", format, TAGGER_FORMAT);
	bits = tagger_get32(&r);
	nlabels = tagger_get32(&r);
	if (r.short_read || bits < 8 || bits > 28 || nlabels == 0 ||
	    nlabels > 1000)
		return err_set(errp, "damaged model (its header)");
	labels = xcalloc(nlabels, sizeof(*labels));
	if (tagger_load_labels(&r, labels, nlabels) == -1) {
		for (k = 0; k < nlabels; k++)
			free(labels[k]);
		free(labels);
		return err_set(errp, "damaged model (its labels)");
	}
	t = tagger_new((const char *const *)labels, nlabels, bits);
	for (k = 0; k < nlabels; k++)
		free(labels[k]);
	free(labels);
	ntrans = (size_t)(t->ntags + 1) * (size_t)t->ntags;
	for (k = 0; k < ntrans; k++)
		t->trans[k] = tagger_get_float(&r);
	nonzero = tagger_get32(&r);
	for (i = 0; i < nonzero && !r.short_read; i++) {
		idx = tagger_get32(&r);
		if (idx >= (uint32_t)1 << bits) {
			r.short_read = 1;
			break;
		}
		t->w[idx] = tagger_get_float(&r);
	}
	if (r.short_read || r.at != r.len) {
		tagger_free(t);
		return err_set(errp, "damaged model (its weights)");
	}
	*tp = t;
	return 0;
}
