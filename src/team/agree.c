/*
 * agree.c: inter-annotator agreement (SPEC §10): exact-span P/R/F1 and
 * token-level Cohen's kappa for pairs of annotators; the rules are in
 * include/margin/agree.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/agree.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* What one pair has gathered so far; label k is labels[k], and in the
   token arrays index 0 is "O" and k + 1 is label k. */
struct agree_tally {
	size_t			 articles;
	struct agree_counts	*counts;
	size_t			*ref_tokens;
	size_t			*pred_tokens;
	size_t			 tokens;
	size_t			 agreed;
	struct agree_counts	 entities;	/* links on spans both made */
	struct agree_counts	 relations;
};

/* One annotator's accepted span in the article being compared. */
struct agree_mark {
	size_t	 start, end;		/* code points */
	size_t	 start_byte, end_byte;
	size_t	 label;			/* index into agree_ctx.labels */
	int64_t	 entity;		/* accepted link, 0 when none */
};

/*
 * One annotator's accepted relation, as agreement sees it: the bounds and
 * labels of its two spans and its own label (an index into
 * agree_ctx.rlabels).  A symmetric one has its lesser end first.
 */
struct agree_rel {
	size_t	 src_start, src_end, src_label;
	size_t	 dst_start, dst_end, dst_label;
	size_t	 label;
};

/* An accepted relation of the article being compared, and whose. */
struct agree_rel_of {
	const char		*annotator;
	struct agree_rel	 key;
};

/* One annotator's view of the article being compared. */
struct agree_view {
	struct agree_mark	*marks;	/* sorted, no two alike */
	size_t			 nmarks;
	size_t			*token_label;	/* 0 = O, else label + 1 */
	struct agree_rel	*rels;	/* sorted, no two alike */
	size_t			 nrels;
};

struct agree_ctx {
	struct store		*store;
	char			**names;	/* the annotators */
	size_t			 nnames;
	int64_t			**done;		/* each one's done articles,
						   ascending */
	size_t			*ndone;
	char			**labels;
	size_t			 nlabels;
	char			**rlabels;	/* relation labels */
	int			*rsymmetric;
	size_t			 nrlabels;
	struct agree_tally	*tally;		/* one per pair */
	size_t			 npairs;
};

double
agree_precision(const struct agree_counts *c)
{
	if (c->prediction == 0)
		return NAN;
	return (double)c->exact / (double)c->prediction;
}

double
agree_recall(const struct agree_counts *c)
{
	if (c->reference == 0)
		return NAN;
	return (double)c->exact / (double)c->reference;
}

double
agree_f1(const struct agree_counts *c)
{
	/* 2PR / (P + R) written with counts, so that it is defined
	   whenever either annotator made a span. */
	if (c->reference + c->prediction == 0)
		return NAN;
	return 2.0 * (double)c->exact /
	    (double)(c->reference + c->prediction);
}

/* Index of the pair (i, j), i < j, in the order (0,1) (0,2) .. (1,2) .. */
static size_t
agree_pair_index(size_t n, size_t i, size_t j)
{
	return i * n - i * (i + 1) / 2 + (j - i - 1);
}

/* The articles annotator marked done, ascending, without repeats. */
static int
agree_done_articles(struct store *s, const char *annotator, int64_t **ids,
    size_t *n, char **errp)
{
	struct store_article_filter	 f;
	struct store_article		*rows;
	int64_t				*v = NULL;
	size_t				 len = 0, cap = 0, nrows, offset = 0,
					 i;
	const size_t			 page = 1000;

	memset(&f, 0, sizeof(f));
	f.annotator = annotator;
	f.status = 1;
	/* A page at a time keeps memory to ids, not titles and metadata. */
	do {
		if (store_article_rows(s, &f, offset, page, &rows, &nrows,
		    errp) == -1) {
			free(v);
			return -1;
		}
		for (i = 0; i < nrows; i++) {
			/* Pages of a list that changes meanwhile may
			   overlap: keep the ids strictly ascending. */
			if (len > 0 && rows[i].id <= v[len - 1])
				continue;
			ARRAY_RESERVE(v, cap, len + 1);
			v[len++] = rows[i].id;
		}
		store_article_rows_free(rows, nrows);
		offset += nrows;
	} while (nrows == page);
	*ids = v;
	*n = len;
	return 0;
}

int
agree_common_articles(struct store *s, const char *a, const char *b,
    int64_t **ids, size_t *n, char **errp)
{
	int64_t	*va = NULL, *vb = NULL, *v = NULL;
	size_t	 na = 0, nb = 0, i, j, len = 0;

	*ids = NULL;
	*n = 0;
	if (agree_done_articles(s, a, &va, &na, errp) == -1)
		return -1;
	if (agree_done_articles(s, b, &vb, &nb, errp) == -1) {
		free(va);
		return -1;
	}
	if (na > 0 && nb > 0)
		v = xreallocarray(NULL, na < nb ? na : nb, sizeof(*v));
	for (i = j = 0; i < na && j < nb;) {
		if (va[i] < vb[j])
			i++;
		else if (va[i] > vb[j])
			j++;
		else {
			v[len++] = va[i];
			i++;
			j++;
		}
	}
	free(va);
	free(vb);
	if (len == 0) {
		free(v);
		v = NULL;
	}
	*ids = v;
	*n = len;
	return 0;
}

int
agree_names_parse(const char *list, char ***names, size_t *n, char **errp)
{
	char		**v = NULL;
	const char	 *p, *comma;
	size_t		  len = 0, cap = 0, i;

	*names = NULL;
	*n = 0;
	for (p = list;; p = comma + 1) {
		comma = strchr(p, ',');
		if ((comma != NULL ? (size_t)(comma - p) : strlen(p)) == 0) {
			agree_names_free(v, len);
			return err_set(errp, "expected names separated by "
			    "commas, like alice,bob");
		}
		ARRAY_RESERVE(v, cap, len + 1);
		v[len] = comma != NULL ? xstrndup(p, (size_t)(comma - p)) :
		    xstrdup(p);
		for (i = 0; i < len; i++) {
			if (strcmp(v[i], v[len]) == 0) {
				err_set(errp, "%s is named twice", v[len]);
				agree_names_free(v, len + 1);
				return -1;
			}
		}
		len++;
		if (comma == NULL)
			break;
	}
	*names = v;
	*n = len;
	return 0;
}

void
agree_names_free(char **names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The index of label name, adding it (and room in every tally) when it
   is new: a label added while we run is still counted. */
static size_t
agree_label_index(struct agree_ctx *c, const char *name)
{
	struct agree_tally	*t;
	size_t			 k, p;

	for (k = 0; k < c->nlabels; k++)
		if (strcmp(c->labels[k], name) == 0)
			return k;
	c->labels = xreallocarray(c->labels, c->nlabels + 1,
	    sizeof(*c->labels));
	c->labels[c->nlabels] = xstrdup(name);
	for (p = 0; p < c->npairs; p++) {
		t = &c->tally[p];
		t->counts = xreallocarray(t->counts, c->nlabels + 1,
		    sizeof(*t->counts));
		memset(&t->counts[c->nlabels], 0, sizeof(*t->counts));
		t->ref_tokens = xreallocarray(t->ref_tokens, c->nlabels + 2,
		    sizeof(*t->ref_tokens));
		t->pred_tokens = xreallocarray(t->pred_tokens, c->nlabels + 2,
		    sizeof(*t->pred_tokens));
		t->ref_tokens[c->nlabels + 1] = 0;
		t->pred_tokens[c->nlabels + 1] = 0;
	}
	return c->nlabels++;
}

static int
agree_mark_cmp(const void *a, const void *b)
{
	const struct agree_mark	*x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->label < y->label ? -1 : x->label > y->label;
}

/*
 * Build an annotator's view of an article from its spans (in the store's
 * order: start, then longer first, then older first): the token labels
 * (longest overlapping span, the first of equals) and the sorted set of
 * marks.
 */
static void
agree_view_build(struct agree_ctx *c, struct agree_view *v,
    const struct store_span *spans, size_t nspans, const char *annotator,
    const struct text_token *tok, size_t ntok)
{
	size_t	*best_len, i, lo, hi, mid, t, len, n = 0;

	v->marks = xreallocarray(NULL, nspans ? nspans : 1,
	    sizeof(*v->marks));
	v->token_label = xcalloc(ntok ? ntok : 1, sizeof(*v->token_label));
	best_len = xcalloc(ntok ? ntok : 1, sizeof(*best_len));
	for (i = 0; i < nspans; i++) {
		const struct store_span	*sp = &spans[i];
		struct agree_mark	*m;

		if (sp->status != STORE_ACCEPTED ||
		    strcmp(sp->annotator, annotator) != 0)
			continue;
		m = &v->marks[n++];
		m->start = sp->start;
		m->end = sp->end;
		m->start_byte = sp->start_byte;
		m->end_byte = sp->end_byte;
		m->label = agree_label_index(c, sp->label);
		m->entity = sp->entity_status == STORE_ACCEPTED ?
		    sp->entity_id : 0;
		/* The first token that ends after the span starts. */
		lo = 0;
		hi = ntok;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (tok[mid].end <= sp->start_byte)
				lo = mid + 1;
			else
				hi = mid;
		}
		len = sp->end - sp->start;
		for (t = lo; t < ntok && tok[t].start < sp->end_byte; t++) {
			if (len > best_len[t]) {
				best_len[t] = len;
				v->token_label[t] = m->label + 1;
			}
		}
	}
	free(best_len);
	qsort(v->marks, n, sizeof(*v->marks), agree_mark_cmp);
	/* The same span made twice counts once. */
	v->nmarks = 0;
	for (i = 0; i < n; i++) {
		if (v->nmarks == 0 || agree_mark_cmp(&v->marks[i],
		    &v->marks[v->nmarks - 1]) != 0)
			v->marks[v->nmarks++] = v->marks[i];
		else if (v->marks[v->nmarks - 1].entity == 0)
			v->marks[v->nmarks - 1].entity = v->marks[i].entity;
	}
}

/* The index of relation label name, added (not symmetric) when the
   schema does not have it. */
static size_t
agree_rlabel_index(struct agree_ctx *c, const char *name, int symmetric)
{
	size_t	 k;

	for (k = 0; k < c->nrlabels; k++)
		if (strcmp(c->rlabels[k], name) == 0)
			return k;
	c->rlabels = xreallocarray(c->rlabels, c->nrlabels + 1,
	    sizeof(*c->rlabels));
	c->rsymmetric = xreallocarray(c->rsymmetric, c->nrlabels + 1,
	    sizeof(*c->rsymmetric));
	c->rlabels[c->nrlabels] = xstrdup(name);
	c->rsymmetric[c->nrlabels] = symmetric;
	return c->nrlabels++;
}

static int
agree_rel_cmp(const void *a, const void *b)
{
	const struct agree_rel	*x = a, *y = b;
	const size_t		 kx[7] = { x->src_start, x->src_end,
				    x->src_label, x->dst_start, x->dst_end,
				    x->dst_label, x->label };
	const size_t		 ky[7] = { y->src_start, y->src_end,
				    y->src_label, y->dst_start, y->dst_end,
				    y->dst_label, y->label };
	size_t			 i;

	for (i = 0; i < 7; i++)
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	return 0;
}

/* A span of the article's list, found by id. */
struct agree_span_ref {
	int64_t	 id;
	size_t	 index;
};

static int
agree_span_ref_cmp(const void *a, const void *b)
{
	const struct agree_span_ref	*x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* A span of the article by id: from the list in hand (byid, sorted),
   else from the store (a rejected span is not in the list); *own says
   that *sp must be freed. */
static int
agree_span_find(struct agree_ctx *c, const struct store_span *spans,
    const struct agree_span_ref *byid, size_t nspans, int64_t id,
    struct store_span *sp, int *own, char **errp)
{
	size_t	 lo = 0, hi = nspans, mid;

	*own = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (byid[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < nspans && byid[lo].id == id) {
		*sp = spans[byid[lo].index];
		return 0;
	}
	if (store_span_get(c->store, id, sp, errp) == -1)
		return -1;
	*own = 1;
	return 0;
}

/*
 * The accepted relations of article id, everyone's, with the bounds and
 * labels of their spans: *out is a new array.
 */
static int
agree_relations(struct agree_ctx *c, int64_t id,
    const struct store_span *spans, size_t nspans,
    struct agree_rel_of **out, size_t *nout, char **errp)
{
	struct store_relation	*rels = NULL;
	struct agree_rel_of	*v;
	struct agree_rel	*k;
	struct store_span	 src, dst;
	struct agree_span_ref	*byid;
	size_t			 nrels = 0, i, n = 0;
	int			 own_src, own_dst, ret = -1;

	*out = NULL;
	*nout = 0;
	if (store_relation_list(c->store, id, NULL, 0, &rels, &nrels,
	    errp) == -1)
		return -1;
	byid = xcalloc(nspans ? nspans : 1, sizeof(*byid));
	for (i = 0; i < nspans; i++) {
		byid[i].id = spans[i].id;
		byid[i].index = i;
	}
	qsort(byid, nspans, sizeof(*byid), agree_span_ref_cmp);
	v = xcalloc(nrels ? nrels : 1, sizeof(*v));
	for (i = 0; i < nrels; i++) {
		if (rels[i].status != STORE_ACCEPTED)
			continue;
		if (agree_span_find(c, spans, byid, nspans, rels[i].src, &src,
		    &own_src, errp) == -1)
			goto out;
		if (agree_span_find(c, spans, byid, nspans, rels[i].dst, &dst,
		    &own_dst, errp) == -1) {
			if (own_src)
				store_span_free(&src);
			goto out;
		}
		v[n].annotator = rels[i].annotator;
		k = &v[n].key;
		k->label = agree_rlabel_index(c, rels[i].label, 0);
		k->src_start = src.start;
		k->src_end = src.end;
		k->src_label = agree_label_index(c, src.label);
		k->dst_start = dst.start;
		k->dst_end = dst.end;
		k->dst_label = agree_label_index(c, dst.label);
		if (own_src)
			store_span_free(&src);
		if (own_dst)
			store_span_free(&dst);
		/* A symmetric relation is the same either way round. */
		if (c->rsymmetric[k->label] && (k->dst_start < k->src_start ||
		    (k->dst_start == k->src_start && (k->dst_end < k->src_end ||
		    (k->dst_end == k->src_end &&
		    k->dst_label < k->src_label))))) {
			size_t	 t;

			t = k->src_start, k->src_start = k->dst_start,
			    k->dst_start = t;
			t = k->src_end, k->src_end = k->dst_end,
			    k->dst_end = t;
			t = k->src_label, k->src_label = k->dst_label,
			    k->dst_label = t;
		}
		n++;
	}
	ret = 0;
out:
	free(byid);
	if (ret == 0) {
		/* The annotator names point into rels: copy them out. */
		for (i = 0; i < n; i++)
			v[i].annotator = xstrdup(v[i].annotator);
		*out = v;
		*nout = n;
	} else
		free(v);
	store_relations_free(rels, nrels);
	return ret;
}

static void
agree_relations_free(struct agree_rel_of *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free((char *)v[i].annotator);
	free(v);
}

/* An annotator's relations of the article, sorted, each once. */
static void
agree_view_relations(struct agree_view *v, const struct agree_rel_of *rels,
    size_t nrels, const char *annotator)
{
	size_t	 i, n = 0;

	v->rels = xcalloc(nrels ? nrels : 1, sizeof(*v->rels));
	for (i = 0; i < nrels; i++)
		if (strcmp(rels[i].annotator, annotator) == 0)
			v->rels[n++] = rels[i].key;
	qsort(v->rels, n, sizeof(*v->rels), agree_rel_cmp);
	v->nrels = 0;
	for (i = 0; i < n; i++)
		if (v->nrels == 0 || agree_rel_cmp(&v->rels[i],
		    &v->rels[v->nrels - 1]) != 0)
			v->rels[v->nrels++] = v->rels[i];
}

/* Add one article's comparison of views a (reference) and b to t. */
static void
agree_tally_add(struct agree_tally *t, const struct agree_view *a,
    const struct agree_view *b, size_t ntok)
{
	size_t	 i, j;
	int	 cmp;

	t->articles++;
	for (i = 0; i < a->nmarks; i++)
		t->counts[a->marks[i].label].reference++;
	for (j = 0; j < b->nmarks; j++)
		t->counts[b->marks[j].label].prediction++;
	for (i = j = 0; i < a->nmarks && j < b->nmarks;) {
		cmp = agree_mark_cmp(&a->marks[i], &b->marks[j]);
		if (cmp < 0)
			i++;
		else if (cmp > 0)
			j++;
		else {
			t->counts[a->marks[i].label].exact++;
			/* Entity links, on the spans both made. */
			if (a->marks[i].entity != 0)
				t->entities.reference++;
			if (b->marks[j].entity != 0)
				t->entities.prediction++;
			if (a->marks[i].entity != 0 &&
			    a->marks[i].entity == b->marks[j].entity)
				t->entities.exact++;
			i++;
			j++;
		}
	}
	t->relations.reference += a->nrels;
	t->relations.prediction += b->nrels;
	for (i = j = 0; i < a->nrels && j < b->nrels;) {
		cmp = agree_rel_cmp(&a->rels[i], &b->rels[j]);
		if (cmp < 0)
			i++;
		else if (cmp > 0)
			j++;
		else {
			t->relations.exact++;
			i++;
			j++;
		}
	}
	for (i = 0; i < ntok; i++) {
		t->ref_tokens[a->token_label[i]]++;
		t->pred_tokens[b->token_label[i]]++;
		if (a->token_label[i] == b->token_label[i])
			t->agreed++;
	}
	t->tokens += ntok;
}

/* Compare the annotators members[0..nmembers) (ascending indices, each
   with the article done) on article id. */
static int
agree_article(struct agree_ctx *c, int64_t id, const size_t *members,
    size_t nmembers, char **errp)
{
	struct store_article	 a;
	struct store_span	*spans = NULL;
	struct text_token	*tok = NULL;
	struct agree_view	*views;
	struct agree_rel_of	*rels = NULL;
	size_t			 nspans = 0, nrels = 0, ntok, i, j;

	memset(&a, 0, sizeof(a));
	if (store_article_get(c->store, id, NULL, &a, errp) == -1)
		return -1;
	if (store_span_list(c->store, id, NULL, &spans, &nspans,
	    errp) == -1) {
		store_article_free(&a);
		return -1;
	}
	if (agree_relations(c, id, spans, nspans, &rels, &nrels,
	    errp) == -1) {
		store_spans_free(spans, nspans);
		store_article_free(&a);
		return -1;
	}
	ntok = text_tokens(a.text, a.text_len, &tok);
	views = xcalloc(nmembers, sizeof(*views));
	for (i = 0; i < nmembers; i++) {
		agree_view_build(c, &views[i], spans, nspans,
		    c->names[members[i]], tok, ntok);
		agree_view_relations(&views[i], rels, nrels,
		    c->names[members[i]]);
	}
	for (i = 0; i < nmembers; i++)
		for (j = i + 1; j < nmembers; j++)
			agree_tally_add(&c->tally[agree_pair_index(c->nnames,
			    members[i], members[j])], &views[i], &views[j],
			    ntok);
	for (i = 0; i < nmembers; i++) {
		free(views[i].marks);
		free(views[i].token_label);
		free(views[i].rels);
	}
	free(views);
	agree_relations_free(rels, nrels);
	free(tok);
	store_spans_free(spans, nspans);
	store_article_free(&a);
	return 0;
}

/* Walk every article that at least two of the annotators marked done,
   in ascending id order, merging their done lists. */
static int
agree_walk(struct agree_ctx *c, char **errp)
{
	size_t	*pos, *members, i, nmembers;
	int64_t	 next;
	int	 ret = 0;

	pos = xcalloc(c->nnames, sizeof(*pos));
	members = xcalloc(c->nnames, sizeof(*members));
	for (;;) {
		next = INT64_MAX;
		for (i = 0; i < c->nnames; i++)
			if (pos[i] < c->ndone[i] && c->done[i][pos[i]] < next)
				next = c->done[i][pos[i]];
		if (next == INT64_MAX)
			break;
		nmembers = 0;
		for (i = 0; i < c->nnames; i++) {
			if (pos[i] < c->ndone[i] &&
			    c->done[i][pos[i]] == next) {
				members[nmembers++] = i;
				pos[i]++;
			}
		}
		if (nmembers >= 2 && agree_article(c, next, members, nmembers,
		    errp) == -1) {
			ret = -1;
			break;
		}
	}
	free(pos);
	free(members);
	return ret;
}

/* Turn the tally of pair (i, j) into a result. */
static void
agree_pair_fill(struct agree_ctx *c, const struct agree_tally *t,
    size_t i, size_t j, struct agree_pair *p)
{
	uint64_t	 chance = 0, n = t->tokens;
	size_t		 k;

	memset(p, 0, sizeof(*p));
	p->reference = xstrdup(c->names[i]);
	p->prediction = xstrdup(c->names[j]);
	p->articles = t->articles;
	p->labels = xcalloc(c->nlabels ? c->nlabels : 1, sizeof(*p->labels));
	for (k = 0; k < c->nlabels; k++) {
		const struct agree_counts *ck = &t->counts[k];

		p->overall.reference += ck->reference;
		p->overall.prediction += ck->prediction;
		p->overall.exact += ck->exact;
		if (ck->reference == 0 && ck->prediction == 0)
			continue;
		p->labels[p->nlabels].name = xstrdup(c->labels[k]);
		p->labels[p->nlabels].counts = *ck;
		p->nlabels++;
	}
	p->entities = t->entities;
	p->relations = t->relations;
	p->tokens = t->tokens;
	p->tokens_agreed = t->agreed;
	for (k = 0; k < c->nlabels + 1; k++)
		chance += (uint64_t)t->ref_tokens[k] * t->pred_tokens[k];
	if (n == 0) {
		p->observed = p->expected = p->kappa = NAN;
		return;
	}
	p->observed = (double)t->agreed / (double)n;
	p->expected = (double)chance / ((double)n * (double)n);
	/*
	 * kappa = (po - pe) / (1 - pe), multiplied through by N^2 so that
	 * "pe is 1" is an exact integer test: it holds only when both gave
	 * every token one and the same label.
	 */
	if (n * n == chance)
		p->kappa = NAN;
	else
		p->kappa = ((double)(n * t->agreed) - (double)chance) /
		    ((double)(n * n) - (double)chance);
}

static void
agree_ctx_free(struct agree_ctx *c)
{
	size_t	 i;

	for (i = 0; i < c->nnames; i++) {
		free(c->names[i]);
		if (c->done != NULL)
			free(c->done[i]);
	}
	free(c->names);
	free(c->done);
	free(c->ndone);
	for (i = 0; i < c->nlabels; i++)
		free(c->labels[i]);
	free(c->labels);
	for (i = 0; i < c->nrlabels; i++)
		free(c->rlabels[i]);
	free(c->rlabels);
	free(c->rsymmetric);
	for (i = 0; i < c->npairs; i++) {
		free(c->tally[i].counts);
		free(c->tally[i].ref_tokens);
		free(c->tally[i].pred_tokens);
	}
	free(c->tally);
}

int
agree_compute(struct store *s, const char *const *names, size_t n,
    struct agree_result *r, char **errp)
{
	struct agree_ctx	 c;
	struct store_label	*schema = NULL;
	struct store_relation_label *rschema = NULL;
	size_t			 nschema = 0, nrschema = 0, i, j, p;
	int			 ret = -1;

	memset(r, 0, sizeof(*r));
	memset(&c, 0, sizeof(c));
	c.store = s;
	if (names != NULL) {
		if (n < 2)
			return err_set(errp, "two annotators are needed");
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (strcmp(names[i], names[j]) == 0)
					return err_set(errp, "annotator %s is "
					    "named twice", names[i]);
		c.names = xcalloc(n, sizeof(*c.names));
		for (i = 0; i < n; i++)
			c.names[i] = xstrdup(names[i]);
		c.nnames = n;
	} else {
		/* Everyone the store knows; the pairs that share no done
		   article are left out below. */
		if (store_annotators(s, &c.names, &c.nnames, errp) == -1)
			return -1;
	}

	c.npairs = c.nnames * (c.nnames - (c.nnames > 0)) / 2;
	c.tally = xcalloc(c.npairs ? c.npairs : 1, sizeof(*c.tally));
	for (p = 0; p < c.npairs; p++) {
		c.tally[p].ref_tokens = xcalloc(1, sizeof(size_t));
		c.tally[p].pred_tokens = xcalloc(1, sizeof(size_t));
	}
	/* The schema's labels first, so that the table is in its order. */
	if (store_label_list(s, &schema, &nschema, errp) == -1)
		goto out;
	for (i = 0; i < nschema; i++)
		agree_label_index(&c, schema[i].name);
	store_labels_free(schema, nschema);
	/* Which relation labels are symmetric. */
	if (store_relation_label_list(s, &rschema, &nrschema, errp) == -1)
		goto out;
	for (i = 0; i < nrschema; i++)
		agree_rlabel_index(&c, rschema[i].name, rschema[i].symmetric);
	store_relation_labels_free(rschema, nrschema);

	c.done = xcalloc(c.nnames ? c.nnames : 1, sizeof(*c.done));
	c.ndone = xcalloc(c.nnames ? c.nnames : 1, sizeof(*c.ndone));
	for (i = 0; i < c.nnames; i++)
		if (agree_done_articles(s, c.names[i], &c.done[i], &c.ndone[i],
		    errp) == -1)
			goto out;
	if (agree_walk(&c, errp) == -1)
		goto out;

	r->pairs = xcalloc(c.npairs ? c.npairs : 1, sizeof(*r->pairs));
	for (i = 0; i < c.nnames; i++) {
		for (j = i + 1; j < c.nnames; j++) {
			p = agree_pair_index(c.nnames, i, j);
			if (names == NULL && c.tally[p].articles == 0)
				continue;
			agree_pair_fill(&c, &c.tally[p], i, j,
			    &r->pairs[r->npairs++]);
		}
	}
	ret = 0;
out:
	agree_ctx_free(&c);
	return ret;
}

void
agree_result_free(struct agree_result *r)
{
	size_t	 i, k;

	for (i = 0; i < r->npairs; i++) {
		free(r->pairs[i].reference);
		free(r->pairs[i].prediction);
		for (k = 0; k < r->pairs[i].nlabels; k++)
			free(r->pairs[i].labels[k].name);
		free(r->pairs[i].labels);
	}
	free(r->pairs);
	memset(r, 0, sizeof(*r));
}

/* Output. */

/* A ratio to 3 decimals, or "-" when undefined; a new string. */
static char *
agree_ratio_text(double v)
{
	return isnan(v) ? xstrdup("-") : xasprintf("%.3f", v);
}

/* The cells of one table row: label, ref, pred, exact, P, R, F1. */
#define AGREE_COLUMNS 7

static void
agree_row_cells(char **cell, const char *label, const struct agree_counts *c)
{
	cell[0] = xstrdup(label);
	cell[1] = xasprintf("%zu", c->reference);
	cell[2] = xasprintf("%zu", c->prediction);
	cell[3] = xasprintf("%zu", c->exact);
	cell[4] = agree_ratio_text(agree_precision(c));
	cell[5] = agree_ratio_text(agree_recall(c));
	cell[6] = agree_ratio_text(agree_f1(c));
}

/* Print the rows of cells (AGREE_COLUMNS each) aligned, and free them. */
static void
agree_cells_print(char **cells, size_t nrows, struct buf *out)
{
	size_t	 r, col, w[AGREE_COLUMNS], len;

	/* Label names are ASCII ([A-Za-z0-9_-]), so bytes are columns. */
	for (col = 0; col < AGREE_COLUMNS; col++) {
		w[col] = 0;
		for (r = 0; r < nrows; r++) {
			len = strlen(cells[r * AGREE_COLUMNS + col]);
			if (len > w[col])
				w[col] = len;
		}
	}
	for (r = 0; r < nrows; r++) {
		for (col = 0; col < AGREE_COLUMNS; col++) {
			const char *v = cells[r * AGREE_COLUMNS + col];

			/* The label column is left-aligned, numbers right. */
			if (col == 0)
				buf_printf(out, "%-*s", (int)w[col], v);
			else
				buf_printf(out, "  %*s", (int)w[col], v);
		}
		buf_addc(out, '\n');
	}
	for (r = 0; r < nrows * AGREE_COLUMNS; r++)
		free(cells[r]);
	free(cells);
}

static void
agree_table_pair(const struct agree_pair *p, struct buf *out)
{
	static const char *const head[AGREE_COLUMNS] = {
		"label", "ref", "pred", "exact", "precision", "recall", "F1"
	};
	char	*ref, *pred, **cells, *k, *po, *pe;
	size_t	 nrows = p->nlabels + 2, r, col;

	ref = text_sanitize(p->reference, strlen(p->reference));
	pred = text_sanitize(p->prediction, strlen(p->prediction));
	buf_printf(out, "%s (reference) and %s (prediction): ", ref, pred);
	if (p->articles == 0) {
		buf_adds(out, "no article both marked done, nothing "
		    "compared\n");
		free(ref);
		free(pred);
		return;
	}
	buf_printf(out, "%zu article%s both marked done\n", p->articles,
	    p->articles == 1 ? "" : "s");

	cells = xcalloc(nrows * AGREE_COLUMNS, sizeof(*cells));
	for (col = 0; col < AGREE_COLUMNS; col++)
		cells[col] = xstrdup(head[col]);
	for (r = 0; r < p->nlabels; r++)
		agree_row_cells(cells + (r + 1) * AGREE_COLUMNS,
		    p->labels[r].name, &p->labels[r].counts);
	agree_row_cells(cells + (nrows - 1) * AGREE_COLUMNS, "overall",
	    &p->overall);
	agree_cells_print(cells, nrows, out);

	k = agree_ratio_text(p->kappa);
	po = agree_ratio_text(p->observed);
	pe = agree_ratio_text(p->expected);
	buf_printf(out, "Cohen's kappa over %zu token%s: %s (observed "
	    "agreement %s, by chance %s)%s\n", p->tokens,
	    p->tokens == 1 ? "" : "s", k, po, pe, isnan(p->kappa) &&
	    p->tokens > 0 ? "; undefined: both gave every token the same "
	    "label" : "");
	free(k);
	free(po);
	free(pe);

	buf_printf(out, "Entity links on the %zu span%s both made, and "
	    "relations:\n", p->overall.exact, p->overall.exact == 1 ? "" :
	    "s");
	cells = xcalloc(3 * AGREE_COLUMNS, sizeof(*cells));
	for (col = 0; col < AGREE_COLUMNS; col++)
		cells[col] = xstrdup(col == 0 ? "links" : head[col]);
	agree_row_cells(cells + AGREE_COLUMNS, "entities", &p->entities);
	agree_row_cells(cells + 2 * AGREE_COLUMNS, "relations",
	    &p->relations);
	agree_cells_print(cells, 3, out);
	free(ref);
	free(pred);
}

void
agree_format_table(const struct agree_result *r, struct buf *out)
{
	size_t	 i;

	for (i = 0; i < r->npairs; i++) {
		if (i > 0)
			buf_addc(out, '\n');
		agree_table_pair(&r->pairs[i], out);
	}
}

static void
agree_json_number(struct buf *out, const char *name, double v)
{
	buf_printf(out, ",\"%s\":", name);
	if (isnan(v))
		buf_adds(out, "null");
	else
		buf_printf(out, "%.6g", v);
}

static void
agree_json_counts(struct buf *out, const struct agree_counts *c)
{
	buf_printf(out, "\"reference\":%zu,\"prediction\":%zu,\"exact\":%zu",
	    c->reference, c->prediction, c->exact);
	agree_json_number(out, "precision", agree_precision(c));
	agree_json_number(out, "recall", agree_recall(c));
	agree_json_number(out, "f1", agree_f1(c));
}

void
agree_format_json(const struct agree_result *r, struct buf *out)
{
	const struct agree_pair	*p;
	size_t			 i, k;

	buf_adds(out, "{\"pairs\":[");
	for (i = 0; i < r->npairs; i++) {
		p = &r->pairs[i];
		buf_adds(out, i > 0 ? ",\n" : "\n");
		buf_adds(out, "{\"reference\":");
		json_write_string(out, p->reference, strlen(p->reference));
		buf_adds(out, ",\"prediction\":");
		json_write_string(out, p->prediction, strlen(p->prediction));
		buf_printf(out, ",\"articles\":%zu,\"labels\":[", p->articles);
		for (k = 0; k < p->nlabels; k++) {
			buf_adds(out, k > 0 ? ",{\"label\":" : "{\"label\":");
			json_write_string(out, p->labels[k].name,
			    strlen(p->labels[k].name));
			buf_addc(out, ',');
			agree_json_counts(out, &p->labels[k].counts);
			buf_addc(out, '}');
		}
		buf_adds(out, "],\"overall\":{");
		agree_json_counts(out, &p->overall);
		buf_adds(out, "},\"entities\":{");
		agree_json_counts(out, &p->entities);
		buf_adds(out, "},\"relations\":{");
		agree_json_counts(out, &p->relations);
		buf_printf(out, "},\"tokens\":%zu,\"tokens_agreed\":%zu",
		    p->tokens, p->tokens_agreed);
		agree_json_number(out, "observed", p->observed);
		agree_json_number(out, "expected", p->expected);
		agree_json_number(out, "kappa", p->kappa);
		buf_addc(out, '}');
	}
	buf_adds(out, r->npairs > 0 ? "\n]}\n" : "]}\n");
}
