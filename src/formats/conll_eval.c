/*
 * conll_eval.c: scoring tags as conlleval does (SPEC §11, margin eval):
 * chunks by conlleval's rules (the chunker of conll.c), a chunk right
 * only when its first and last token and its type are the gold's, and
 * precision, recall and F1 per type and over all.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
#include "margin/util.h"

size_t
conll_chunks(const char *const *tags, size_t n, struct conll_chunk **out)
{
	struct conll_chunker	 ch;
	struct conll_chunk	*v = NULL;
	struct conll_tag	 t;
	size_t			 nv = 0, cap = 0, i;
	int			 r;

	conll_chunker_init(&ch);
	for (i = 0; i < n; i++) {
		if (conll_tag_parse(tags[i], strlen(tags[i]), &t) == -1)
			conll_tag_parse("O", 1, &t);
		r = conll_chunker_feed(&ch, &t);
		if (r & CONLL_ENDS_BEFORE)
			v[nv - 1].last = i - 1;
		if (r & CONLL_STARTS) {
			ARRAY_RESERVE(v, cap, nv + 1);
			v[nv].first = v[nv].last = i;
			v[nv].type = xstrndup(t.type, t.type_len);
			nv++;
		}
		if (r & CONLL_INSIDE)
			v[nv - 1].last = i;
	}
	conll_chunker_end(&ch);
	conll_chunker_free(&ch);
	*out = v;
	return nv;
}

void
conll_chunks_free(struct conll_chunk *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].type);
	free(v);
}

/* The tally of type, added in order when new. */
static struct conll_score_type *
conll_score_type(struct conll_score *sc, const char *type)
{
	size_t	 lo = 0, hi = sc->ntypes, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(sc->types[mid].type, type)) == 0)
			return &sc->types[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	sc->types = xreallocarray(sc->types, sc->ntypes + 1,
	    sizeof(*sc->types));
	memmove(&sc->types[lo + 1], &sc->types[lo], (sc->ntypes - lo) *
	    sizeof(*sc->types));
	memset(&sc->types[lo], 0, sizeof(sc->types[lo]));
	sc->types[lo].type = xstrdup(type);
	sc->ntypes++;
	return &sc->types[lo];
}

void
conll_score_add(struct conll_score *sc, const struct conll_chunk *gold,
    size_t ngold, const struct conll_chunk *pred, size_t npred)
{
	size_t	 i, j;

	for (i = 0; i < ngold; i++)
		conll_score_type(sc, gold[i].type)->gold++;
	for (j = 0; j < npred; j++) {
		conll_score_type(sc, pred[j].type)->found++;
		for (i = 0; i < ngold; i++)
			if (gold[i].first == pred[j].first &&
			    gold[i].last == pred[j].last &&
			    strcmp(gold[i].type, pred[j].type) == 0) {
				conll_score_type(sc, pred[j].type)->correct++;
				break;
			}
	}
}

void
conll_score_total(const struct conll_score *sc, struct conll_score_type *t)
{
	size_t	 i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < sc->ntypes; i++) {
		t->correct += sc->types[i].correct;
		t->found += sc->types[i].found;
		t->gold += sc->types[i].gold;
	}
}

void
conll_score_prf(const struct conll_score_type *t, double *p, double *r,
    double *f1)
{
	*p = t->found > 0 ? (double)t->correct / (double)t->found : 0;
	*r = t->gold > 0 ? (double)t->correct / (double)t->gold : 0;
	*f1 = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

void
conll_score_free(struct conll_score *sc)
{
	size_t	 i;

	for (i = 0; i < sc->ntypes; i++)
		free(sc->types[i].type);
	free(sc->types);
	memset(sc, 0, sizeof(*sc));
}
