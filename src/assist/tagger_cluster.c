/*
 * tagger_cluster.c: word clusters for the built-in tagger, learnt from
 * the corpus's own plain text (SPEC §11).  Each of the most frequent
 * words is described by its left and right neighbours (positive PMI of
 * the pair counts, among the most frequent words and the sentence's
 * edges); a binary tree splits them by spherical 2-means, top down, and
 * a word's cluster is its path from the root, so that a prefix of the
 * path is a coarser cluster (as Brown clusters are used).
 *
 * The cost is two passes over the text to count its (word, neighbour)
 * pairs and, per level of the tree, a few passes over those pairs: the
 * caller bounds the text (margin train reads a budget of tokens).
 * Everything is deterministic for a seed: ties break by the word's hash.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/tagger.h"
#include "margin/util.h"
#include "tagger_private.h"

#define TAGGER_CLUSTER_WORDS	5000
#define TAGGER_CLUSTER_DEPTH	10
#define TAGGER_CLUSTER_CONTEXT	1000	/* neighbours that count */
#define TAGGER_CLUSTER_ROUNDS	8	/* of 2-means at each split */

static void
tagger_cluster_push(struct tagger_cluster_text *t, uint32_t id)
{
	ARRAY_RESERVE(t->seq, t->capseq, t->nseq + 1);
	t->seq[t->nseq++] = id;
}

void
tagger_lexicon_text_add(struct tagger_lexicon *lx,
    const struct tagger_word *w, size_t n)
{
	struct tagger_cluster_text *t;
	uint64_t	 key;
	uint32_t	 id;
	size_t		 i;

	if (lx->text == NULL) {
		lx->text = xcalloc(1, sizeof(*lx->text));
		/* Id 0 is the edge of a sentence. */
		ARRAY_RESERVE(lx->text->keys, lx->text->capwords, 1);
		lx->text->counts = xcalloc(lx->text->capwords,
		    sizeof(*lx->text->counts));
		lx->text->keys[0] = 0;
		lx->text->nwords = 1;
	}
	t = lx->text;
	if (t->nseq == 0)
		tagger_cluster_push(t, 0);
	for (i = 0; i < n; i++) {
		key = tagger_word_key(w[i].s, w[i].len);
		id = tagger_table_get(&t->ids, key);
		if (id == 0) {
			size_t	 cap = t->capwords;

			ARRAY_RESERVE(t->keys, t->capwords, t->nwords + 1);
			if (t->capwords != cap) {
				t->counts = xreallocarray(t->counts,
				    t->capwords, sizeof(*t->counts));
				memset(t->counts + cap, 0, (t->capwords - cap) *
				    sizeof(*t->counts));
			}
			id = (uint32_t)t->nwords++;
			t->keys[id] = key;
			tagger_table_set(&t->ids, key, id);
		}
		t->counts[id]++;
		tagger_cluster_push(t, id);
	}
	tagger_cluster_push(t, 0);
	t->tokens += n;
}

size_t
tagger_lexicon_text_tokens(const struct tagger_lexicon *lx)
{
	return lx->text != NULL ? lx->text->tokens : 0;
}

/* --- the words' vectors ------------------------------------------------ */

/* Sparse rows: row r's entries are dim[start[r]..start[r + 1]). */
struct tagger_vectors {
	size_t		 nrows, ndims;
	size_t		*start;
	uint32_t	*dim;
	float		*val;
	uint64_t	*keys;		/* the word of each row */
};

static const struct tagger_cluster_text *tagger_rank_text;

static int
tagger_rank_order(const void *pa, const void *pb)
{
	const struct tagger_cluster_text *t = tagger_rank_text;
	uint32_t	 a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	if (t->counts[a] != t->counts[b])
		return t->counts[a] > t->counts[b] ? -1 : 1;
	return t->keys[a] < t->keys[b] ? -1 : t->keys[a] > t->keys[b];
}

/* The rank of each word id by frequency (UINT32_MAX past nwords), the
   rows the words' ranks name. */
static uint32_t *
tagger_ranks(const struct tagger_cluster_text *t, size_t want, size_t *nrows)
{
	uint32_t	*order, *rank;
	size_t		 i, n = 0;

	order = xreallocarray(NULL, t->nwords, sizeof(*order));
	for (i = 1; i < t->nwords; i++)
		if (t->counts[i] >= 2)
			order[n++] = (uint32_t)i;
	tagger_rank_text = t;
	qsort(order, n, sizeof(*order), tagger_rank_order);
	if (n > want)
		n = want;
	rank = xreallocarray(NULL, t->nwords, sizeof(*rank));
	for (i = 0; i < t->nwords; i++)
		rank[i] = UINT32_MAX;
	for (i = 0; i < n; i++)
		rank[order[i]] = (uint32_t)i;
	free(order);
	*nrows = n;
	return rank;
}

/* The dimension of neighbour id: a frequent word's rank, or the edge;
   UINT32_MAX for any other word. */
static uint32_t
tagger_context_dim(const uint32_t *rank, uint32_t id, size_t ncontext)
{
	if (id == 0)
		return (uint32_t)ncontext;
	return rank[id] < ncontext ? rank[id] : UINT32_MAX;
}

/* The neighbours' dimensions of each occurrence of a frequent word, by
   row (a counting sort): raw[start[r]..start[r + 1]). */
static uint32_t *
tagger_vectors_raw(const struct tagger_cluster_text *t, const uint32_t *rank,
    size_t nrows, size_t ncontext, size_t **startp)
{
	size_t		*start, *at, i, r;
	uint32_t	*raw, d;

	start = xcalloc(nrows + 1, sizeof(*start));
	for (i = 1; i + 1 < t->nseq; i++)
		if (t->seq[i] != 0 && (r = rank[t->seq[i]]) != UINT32_MAX)
			start[r + 1] += 2;
	for (r = 0; r < nrows; r++)
		start[r + 1] += start[r];
	at = xreallocarray(NULL, nrows + 1, sizeof(*at));
	memcpy(at, start, (nrows + 1) * sizeof(*at));
	raw = xreallocarray(NULL, start[nrows] + 1, sizeof(*raw));
	for (i = 1; i + 1 < t->nseq; i++) {
		if (t->seq[i] == 0 || (r = rank[t->seq[i]]) == UINT32_MAX)
			continue;
		d = tagger_context_dim(rank, t->seq[i - 1], ncontext);
		raw[at[r]++] = d;
		d = tagger_context_dim(rank, t->seq[i + 1], ncontext);
		raw[at[r]++] = d == UINT32_MAX ? d : d + (uint32_t)ncontext + 1;
	}
	free(at);
	*startp = start;
	return raw;
}

/* Count (row, neighbour) pairs, then weigh them by positive PMI and
   normalise each row.  A row's dimensions are in the order first seen. */
static void
tagger_vectors_build(const struct tagger_cluster_text *t,
    const uint32_t *rank, struct tagger_vectors *v)
{
	size_t		*rawstart, ncontext, k = 0, j, r;
	uint32_t	*raw, *slot, d;
	double		*rowsum, *colsum, total = 0, norm;

	ncontext = v->nrows < TAGGER_CLUSTER_CONTEXT ? v->nrows :
	    TAGGER_CLUSTER_CONTEXT;
	v->ndims = 2 * (ncontext + 1);
	raw = tagger_vectors_raw(t, rank, v->nrows, ncontext, &rawstart);
	v->start = xcalloc(v->nrows + 1, sizeof(*v->start));
	v->dim = xreallocarray(NULL, rawstart[v->nrows] + 1, sizeof(*v->dim));
	v->val = xreallocarray(NULL, rawstart[v->nrows] + 1, sizeof(*v->val));
	slot = xreallocarray(NULL, v->ndims, sizeof(*slot));
	for (d = 0; d < v->ndims; d++)
		slot[d] = UINT32_MAX;
	rowsum = xcalloc(v->nrows ? v->nrows : 1, sizeof(*rowsum));
	colsum = xcalloc(v->ndims, sizeof(*colsum));
	for (r = 0; r < v->nrows; r++) {
		v->start[r] = k;
		for (j = rawstart[r]; j < rawstart[r + 1]; j++) {
			if ((d = raw[j]) == UINT32_MAX)
				continue;
			if (slot[d] == UINT32_MAX) {
				slot[d] = (uint32_t)(k - v->start[r]);
				v->dim[k] = d;
				v->val[k++] = 0;
			}
			v->val[v->start[r] + slot[d]] += 1;
			rowsum[r] += 1;
			colsum[d] += 1;
			total += 1;
		}
		for (j = v->start[r]; j < k; j++)
			slot[v->dim[j]] = UINT32_MAX;
	}
	v->start[v->nrows] = k;
	for (r = 0; r < v->nrows; r++) {
		norm = 0;
		for (j = v->start[r]; j < v->start[r + 1]; j++) {
			double	 pmi = log((double)v->val[j] * total /
			    (rowsum[r] * colsum[v->dim[j]]));

			v->val[j] = pmi > 0 ? (float)pmi : 0;
			norm += (double)v->val[j] * v->val[j];
		}
		norm = norm > 0 ? 1 / sqrt(norm) : 0;
		for (j = v->start[r]; j < v->start[r + 1]; j++)
			v->val[j] = (float)(v->val[j] * norm);
	}
	free(slot);
	free(rowsum);
	free(colsum);
	free(raw);
	free(rawstart);
}

static void
tagger_vectors_free(struct tagger_vectors *v)
{
	free(v->start);
	free(v->dim);
	free(v->val);
	free(v->keys);
}

/* --- the tree ---------------------------------------------------------- */

struct tagger_split {
	const struct tagger_vectors *v;
	struct tagger_lexicon	*lx;
	unsigned		 maxdepth;
	uint64_t		 random;
	double			*a, *b;		/* two centroids */
	unsigned char		*side;		/* by row */
};

static double
tagger_dot(const struct tagger_vectors *v, uint32_t r, const double *c)
{
	double	 sum = 0;
	size_t	 k;

	for (k = v->start[r]; k < v->start[r + 1]; k++)
		sum += (double)v->val[k] * c[v->dim[k]];
	return sum;
}

/* Whether row r is nearer centroid b than a (both dots in one pass). */
static unsigned char
tagger_nearer_b(const struct tagger_vectors *v, uint32_t r, const double *a,
    const double *b)
{
	double	 da = 0, db = 0;
	size_t	 k;

	for (k = v->start[r]; k < v->start[r + 1]; k++) {
		da += (double)v->val[k] * a[v->dim[k]];
		db += (double)v->val[k] * b[v->dim[k]];
	}
	return db > da;
}

static void
tagger_centroid_of(const struct tagger_vectors *v, uint32_t r, double *c)
{
	size_t	 k;

	memset(c, 0, v->ndims * sizeof(*c));
	for (k = v->start[r]; k < v->start[r + 1]; k++)
		c[v->dim[k]] = v->val[k];
}

/* The centroids as the normalised sums of their rows. */
static void
tagger_centroids(struct tagger_split *sp, const uint32_t *rows, size_t n)
{
	const struct tagger_vectors *v = sp->v;
	double	 na = 0, nb = 0;
	size_t	 i, k;

	memset(sp->a, 0, v->ndims * sizeof(*sp->a));
	memset(sp->b, 0, v->ndims * sizeof(*sp->b));
	for (i = 0; i < n; i++) {
		double	*c = sp->side[rows[i]] ? sp->b : sp->a;

		for (k = v->start[rows[i]]; k < v->start[rows[i] + 1]; k++)
			c[v->dim[k]] += v->val[k];
	}
	for (k = 0; k < v->ndims; k++) {
		na += sp->a[k] * sp->a[k];
		nb += sp->b[k] * sp->b[k];
	}
	na = na > 0 ? 1 / sqrt(na) : 0;
	nb = nb > 0 ? 1 / sqrt(nb) : 0;
	for (k = 0; k < v->ndims; k++) {
		sp->a[k] *= na;
		sp->b[k] *= nb;
	}
}

static uint64_t
tagger_cluster_random(uint64_t *state)
{
	uint64_t	 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* 2-means over rows: side[] says where each went; the size of side 1. */
static size_t
tagger_two_means(struct tagger_split *sp, const uint32_t *rows, size_t n)
{
	const struct tagger_vectors *v = sp->v;
	size_t	 i, far = 0, ones = 0, round, moved;
	double	 low = HUGE_VAL, d;

	tagger_centroid_of(v, rows[tagger_cluster_random(&sp->random) % n],
	    sp->a);
	for (i = 0; i < n; i++)
		if ((d = tagger_dot(v, rows[i], sp->a)) < low) {
			low = d;
			far = i;
		}
	tagger_centroid_of(v, rows[far], sp->b);
	for (i = 0; i < n; i++)
		sp->side[rows[i]] = 2;
	for (round = 0; round < TAGGER_CLUSTER_ROUNDS; round++) {
		moved = 0;
		ones = 0;
		for (i = 0; i < n; i++) {
			unsigned char s = tagger_nearer_b(v, rows[i], sp->a,
			    sp->b);

			moved += s != sp->side[rows[i]];
			sp->side[rows[i]] = s;
			ones += s;
		}
		if (moved == 0 || ones == 0 || ones == n)
			break;
		tagger_centroids(sp, rows, n);
	}
	return ones;
}

static void
tagger_leaf(struct tagger_split *sp, const uint32_t *rows, size_t n,
    uint32_t path, unsigned depth)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		tagger_table_set(&sp->lx->clusters, sp->v->keys[rows[i]],
		    path << 5 | depth);
	if (depth > sp->lx->depth)
		sp->lx->depth = depth;
}

static void
tagger_split_rows(struct tagger_split *sp, uint32_t *rows, size_t n,
    uint32_t path, unsigned depth)
{
	uint32_t	*tmp;
	size_t		 ones, i, a = 0, b;

	if (depth == sp->maxdepth || n < 4 ||
	    (ones = tagger_two_means(sp, rows, n)) == 0 || ones == n) {
		tagger_leaf(sp, rows, n, path, depth);
		return;
	}
	/* Side 0 first, each side in the order it had. */
	tmp = xreallocarray(NULL, n, sizeof(*tmp));
	b = n - ones;
	for (i = 0; i < n; i++)
		if (sp->side[rows[i]])
			tmp[b++] = rows[i];
		else
			tmp[a++] = rows[i];
	memcpy(rows, tmp, n * sizeof(*rows));
	free(tmp);
	tagger_split_rows(sp, rows, n - ones, path << 1, depth + 1);
	tagger_split_rows(sp, rows + n - ones, ones, path << 1 | 1,
	    depth + 1);
}

int
tagger_lexicon_cluster(struct tagger_lexicon *lx,
    const struct tagger_cluster_options *o, char **errp)
{
	struct tagger_cluster_text *t = lx->text;
	struct tagger_vectors	 v;
	struct tagger_split	 sp;
	uint32_t		*rank, *rows;
	size_t			 want, i;

	want = o != NULL && o->words > 0 ? o->words : TAGGER_CLUSTER_WORDS;
	memset(&sp, 0, sizeof(sp));
	sp.maxdepth = o != NULL && o->depth > 0 ? o->depth :
	    TAGGER_CLUSTER_DEPTH;
	if (sp.maxdepth > 24)
		return err_set(errp, "a tree of clusters %u deep (at most 24)",
		    sp.maxdepth);
	tagger_table_free(&lx->clusters);
	lx->depth = 0;
	if (t == NULL)
		return 0;
	memset(&v, 0, sizeof(v));
	rank = tagger_ranks(t, want, &v.nrows);
	v.keys = xcalloc(v.nrows ? v.nrows : 1, sizeof(*v.keys));
	for (i = 1; i < t->nwords; i++)
		if (rank[i] != UINT32_MAX)
			v.keys[rank[i]] = t->keys[i];
	tagger_vectors_build(t, rank, &v);
	free(rank);
	sp.v = &v;
	sp.lx = lx;
	sp.random = (o != NULL ? o->seed : 0) * 0x9e3779b97f4a7c15ULL + 1;
	sp.a = xcalloc(v.ndims, sizeof(*sp.a));
	sp.b = xcalloc(v.ndims, sizeof(*sp.b));
	sp.side = xcalloc(v.nrows ? v.nrows : 1, 1);
	rows = xreallocarray(NULL, v.nrows ? v.nrows : 1, sizeof(*rows));
	for (i = 0; i < v.nrows; i++)
		rows[i] = (uint32_t)i;
	if (v.nrows > 0)
		tagger_split_rows(&sp, rows, v.nrows, 0, 0);
	free(rows);
	free(sp.a);
	free(sp.b);
	free(sp.side);
	tagger_vectors_free(&v);
	tagger_cluster_text_free(lx->text);
	lx->text = NULL;
	return 0;
}
