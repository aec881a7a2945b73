/*
 * review.c: adjudication (SPEC §10): two annotators' disagreements grouped
 * by overlap, the walk over them, and the writes into the gold annotator;
 * the rules are in include/margin/review.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/agree.h"
#include "margin/review.h"
#include "margin/store.h"
#include "margin/util.h"

static const char *const review_kind_names[] = {
	[REVIEW_AGREED] = "agreed",
	[REVIEW_ONLY_A] = "a-only",
	[REVIEW_ONLY_B] = "b-only",
	[REVIEW_LABEL] = "label",
	[REVIEW_BOUNDS] = "bounds",
	[REVIEW_RELATION] = "relation",
};

static const char *const review_gold_names[] = {
	[REVIEW_GOLD_NONE] = "none",
	[REVIEW_GOLD_A] = "a",
	[REVIEW_GOLD_B] = "b",
	[REVIEW_GOLD_BOTH] = "both",
	[REVIEW_GOLD_MIXED] = "mixed",
};

static const char *const review_take_names[] = {
	[REVIEW_TAKE_A] = "a",
	[REVIEW_TAKE_B] = "b",
	[REVIEW_TAKE_BOTH] = "both",
	[REVIEW_TAKE_NEITHER] = "neither",
};

const char *
review_kind_name(enum review_kind k)
{
	return review_kind_names[k];
}

const char *
review_gold_name(enum review_gold g)
{
	return review_gold_names[g];
}

int
review_take_parse(const char *name, enum review_take *t)
{
	size_t	 i;

	for (i = 0; i < sizeof(review_take_names) / sizeof(char *); i++) {
		if (strcmp(name, review_take_names[i]) == 0) {
			*t = (enum review_take)i;
			return 0;
		}
	}
	return -1;
}

/* Spans are the same annotation when bounds and label are. */
static int
review_same(const struct store_span *x, const struct store_span *y)
{
	return x->start == y->start && x->end == y->end &&
	    strcmp(x->label, y->label) == 0;
}

static int
review_overlap(const struct store_span *x, const struct store_span *y)
{
	return x->start < y->end && y->start < x->end;
}

static void
review_span_copy(struct store_span *dst, const struct store_span *src)
{
	store_span_copy(dst, src);
}

/* Keep the accepted spans of v, dropping repeats of a span (the first,
   in the store's order, stays); returns the new count. */
static size_t
review_accepted(struct store_span *v, size_t n)
{
	size_t	 i, j, len = 0;
	int	 repeat;

	for (i = 0; i < n; i++) {
		repeat = v[i].status != STORE_ACCEPTED;
		for (j = 0; j < len && !repeat; j++)
			repeat = review_same(&v[i], &v[j]);
		if (repeat) {
			store_span_free(&v[i]);
			continue;
		}
		v[len++] = v[i];
	}
	return len;
}

/* Which of the item's spans gold holds, as a state. */
static enum review_gold
review_gold_state(size_t na, size_t nb, size_t ka, size_t kb)
{
	if (ka == 0 && kb == 0)
		return REVIEW_GOLD_NONE;
	if (ka == na && kb == nb) {
		/* All of both sides; a side with no spans is no choice. */
		if (nb == 0)
			return REVIEW_GOLD_A;
		if (na == 0)
			return REVIEW_GOLD_B;
		return REVIEW_GOLD_BOTH;
	}
	if (ka == na && kb == 0)
		return REVIEW_GOLD_A;
	if (ka == 0 && kb == nb)
		return REVIEW_GOLD_B;
	return REVIEW_GOLD_MIXED;
}

/* Whether gold's spans hold sp as an accepted span. */
static int
review_gold_has(const struct store_span *gold, size_t ngold,
    const struct store_span *sp)
{
	size_t	 i;

	for (i = 0; i < ngold; i++)
		if (gold[i].status == STORE_ACCEPTED &&
		    review_same(&gold[i], sp))
			return 1;
	return 0;
}

static void
review_item_gold(struct review_item *it, const struct store_span *gold,
    size_t ngold)
{
	size_t	 ka = 0, kb = 0, i;

	for (i = 0; i < it->na; i++)
		ka += review_gold_has(gold, ngold, &it->a[i]);
	for (i = 0; i < it->nb; i++)
		kb += review_gold_has(gold, ngold, &it->b[i]);
	it->gold = review_gold_state(it->na, it->nb, ka, kb);
}

static void
review_item_free(struct review_item *it)
{
	store_spans_free(it->a, it->na);
	store_spans_free(it->b, it->nb);
	free(it->relation);
}

void
review_list_free(struct review_list *list)
{
	size_t	 i;

	for (i = 0; i < list->n; i++)
		review_item_free(&list->items[i]);
	for (i = 0; i < list->nagreed; i++)
		review_item_free(&list->agreed[i]);
	free(list->items);
	free(list->agreed);
	memset(list, 0, sizeof(*list));
}

/* Text order of items: start, then longer first. */
static int
review_item_cmp(const void *x, const void *y)
{
	const struct review_item	*p = x, *q = y;

	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	if (p->end != q->end)
		return p->end > q->end ? -1 : 1;
	return 0;
}

/* Union-find over the spans of both sides (A's first, then B's). */
static size_t
review_root(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/*
 * Group the unmatched spans a[] and b[] (each in store order) into
 * disagreements: spans of different sides that overlap are linked, and
 * each connected group becomes one item.
 */
static void
review_group(int64_t article_id, const struct store_span *a, size_t na,
    const struct store_span *b, size_t nb, struct review_list *list)
{
	size_t	*parent, *item_of, *acap, *bcap, n = na + nb, i, j, ri, rj, k;

	if (n == 0)
		return;
	parent = xcalloc(n, sizeof(*parent));
	item_of = xcalloc(n, sizeof(*item_of));
	/* The room in each item's a[] and b[], by item. */
	acap = xcalloc(n, sizeof(*acap));
	bcap = xcalloc(n, sizeof(*bcap));
	for (i = 0; i < n; i++)
		parent[i] = i;
	for (i = 0; i < na; i++) {
		/* b[] is in start order: none after this one can overlap. */
		for (j = 0; j < nb && b[j].start < a[i].end; j++) {
			if (!review_overlap(&a[i], &b[j]))
				continue;
			ri = review_root(parent, i);
			rj = review_root(parent, na + j);
			/* The smaller index is the root, so that a group's
			   root is its first span. */
			if (ri < rj)
				parent[rj] = ri;
			else if (rj < ri)
				parent[ri] = rj;
		}
	}
	/* One item per root, in the order of the spans' first appearance. */
	list->items = xcalloc(n, sizeof(*list->items));
	for (i = 0; i < n; i++) {
		const struct store_span *sp = i < na ? &a[i] : &b[i - na];
		struct review_item	*it;

		ri = review_root(parent, i);
		if (ri == i) {
			item_of[i] = list->n++;
			it = &list->items[item_of[i]];
			it->article_id = article_id;
			it->start = sp->start;
			it->end = sp->end;
		}
		
/* The root, being the group's first span, has its item. */
		it = &list->items[item_of[ri]];
		if (sp->start < it->start)
			it->start = sp->start;
		if (sp->end > it->end)
			it->end = sp->end;
		if (i < na) {
			ARRAY_RESERVE(it->a, acap[item_of[ri]], it->na + 1);
			review_span_copy(&it->a[it->na++], sp);
		} else {
			ARRAY_RESERVE(it->b, bcap[item_of[ri]], it->nb + 1);
			review_span_copy(&it->b[it->nb++], sp);
		}
	}
	for (k = 0; k < list->n; k++) {
		struct review_item	*it = &list->items[k];

		if (it->nb == 0)
			it->kind = REVIEW_ONLY_A;
		else if (it->na == 0)
			it->kind = REVIEW_ONLY_B;
		else if (it->na == 1 && it->nb == 1 &&
		    it->a[0].start == it->b[0].start &&
		    it->a[0].end == it->b[0].end)
			it->kind = REVIEW_LABEL;
		else
			it->kind = REVIEW_BOUNDS;
	}
	qsort(list->items, list->n, sizeof(*list->items), review_item_cmp);
	free(parent);
	free(item_of);
	free(acap);
	free(bcap);
}

static int	 review_gold_add(struct store *, const struct store_span *,
		    size_t, const struct store_span *, const char *, size_t *,
		    char **);

/* --- Relations ----------------------------------------------------------- */

/* An accepted relation of one side, with copies of its two spans. */
struct review_rel {
	struct store_span	 src;
	struct store_span	 dst;
	char			*label;
	int			 symmetric;
	int64_t			 id;
};

static void
review_rels_free(struct review_rel *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		store_span_free(&v[i].src);
		store_span_free(&v[i].dst);
		free(v[i].label);
	}
	free(v);
}

static int
review_label_symmetric(const struct store_relation_label *l, size_t nl,
    const char *name)
{
	size_t	 i;

	for (i = 0; i < nl; i++)
		if (strcmp(l[i].name, name) == 0)
			return l[i].symmetric;
	return 0;
}

/* who's accepted relations in article, between accepted spans. */
static int
review_rels(struct store *s, int64_t article, const char *who,
    const struct store_relation_label *l, size_t nl, struct review_rel **vp,
    size_t *np, char **errp)
{
	struct store_relation	*v = NULL;
	struct review_rel	*out = NULL, *r;
	size_t			 n = 0, i, cap = 0, k = 0;

	*vp = NULL;
	*np = 0;
	if (store_relation_list(s, article, who, 0, &v, &n, errp) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i].status != STORE_ACCEPTED)
			continue;
		ARRAY_RESERVE(out, cap, k + 1);
		r = &out[k];
		memset(r, 0, sizeof(*r));
		if (store_span_get(s, v[i].src, &r->src, errp) == -1 ||
		    store_span_get(s, v[i].dst, &r->dst, errp) == -1) {
			store_span_free(&r->src);
			review_rels_free(out, k);
			store_relations_free(v, n);
			return -1;
		}
		if (r->src.status != STORE_ACCEPTED ||
		    r->dst.status != STORE_ACCEPTED) {
			store_span_free(&r->src);
			store_span_free(&r->dst);
			continue;
		}
		r->label = xstrdup(v[i].label);
		r->symmetric = review_label_symmetric(l, nl, v[i].label);
		r->id = v[i].id;
		k++;
	}
	store_relations_free(v, n);
	*vp = out;
	*np = k;
	return 0;
}

/* The same relation: its label and its spans (either way round when the
   label is symmetric). */
static int
review_rel_same(const struct review_rel *x, const struct store_span *src,
    const struct store_span *dst, const char *label)
{
	if (strcmp(x->label, label) != 0)
		return 0;
	if (review_same(&x->src, src) && review_same(&x->dst, dst))
		return 1;
	return x->symmetric && review_same(&x->src, dst) &&
	    review_same(&x->dst, src);
}

static int
review_rels_have(const struct review_rel *v, size_t n,
    const struct store_span *src, const struct store_span *dst,
    const char *label)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (review_rel_same(&v[i], src, dst, label))
			return 1;
	return 0;
}

/* A relation of one side that the other does not have, as an item. */
static void
review_relation_item(struct review_list *list, const struct review_rel *r,
    int side_a, int in_gold)
{
	struct review_item	*it;
	struct store_span	*ends;

	list->items = xreallocarray(list->items, list->n + 1,
	    sizeof(*list->items));
	it = &list->items[list->n++];
	memset(it, 0, sizeof(*it));
	it->article_id = list->article_id;
	it->kind = REVIEW_RELATION;
	it->start = r->src.start < r->dst.start ? r->src.start : r->dst.start;
	it->end = r->src.end > r->dst.end ? r->src.end : r->dst.end;
	ends = xcalloc(2, sizeof(*ends));
	review_span_copy(&ends[0], &r->src);
	review_span_copy(&ends[1], &r->dst);
	if (side_a) {
		it->a = ends;
		it->na = 2;
	} else {
		it->b = ends;
		it->nb = 2;
	}
	it->relation = xstrdup(r->label);
	it->gold = !in_gold ? REVIEW_GOLD_NONE : side_a ? REVIEW_GOLD_A :
	    REVIEW_GOLD_B;
}

/* The relation disagreements of an article, added to list. */
static int
review_relations(struct store *s, const char *a, const char *b,
    const char *gold, struct review_list *list, char **errp)
{
	struct store_relation_label	*l = NULL;
	struct review_rel		*va = NULL, *vb = NULL, *vg = NULL;
	size_t				 nl = 0, na = 0, nb = 0, ng = 0, i;
	int				 rc = -1;

	if (store_relation_label_list(s, &l, &nl, errp) == -1)
		return -1;
	if (review_rels(s, list->article_id, a, l, nl, &va, &na, errp) == -1 ||
	    review_rels(s, list->article_id, b, l, nl, &vb, &nb, errp) == -1 ||
	    (gold != NULL && review_rels(s, list->article_id, gold, l, nl,
	    &vg, &ng, errp) == -1))
		goto out;
	for (i = 0; i < na; i++)
		if (!review_rels_have(vb, nb, &va[i].src, &va[i].dst,
		    va[i].label))
			review_relation_item(list, &va[i], 1, review_rels_have(
			    vg, ng, &va[i].src, &va[i].dst, va[i].label));
	for (i = 0; i < nb; i++)
		if (!review_rels_have(va, na, &vb[i].src, &vb[i].dst,
		    vb[i].label))
			review_relation_item(list, &vb[i], 0, review_rels_have(
			    vg, ng, &vb[i].src, &vb[i].dst, vb[i].label));
	rc = 0;
out:
	review_rels_free(va, na);
	review_rels_free(vb, nb);
	review_rels_free(vg, ng);
	store_relation_labels_free(l, nl);
	return rc;
}

/* The gold span with sp's bounds and label, accepted; 0 when none. */
static int64_t
review_gold_span_id(const struct store_span *gold, size_t ngold,
    const struct store_span *sp)
{
	size_t	 i;

	for (i = 0; i < ngold; i++)
		if (gold[i].status == STORE_ACCEPTED &&
		    review_same(&gold[i], sp))
			return gold[i].id;
	return 0;
}

/*
 * Take a side of a relation disagreement, in the transaction in hand:
 * with take, gold holds both spans and the relation; without, gold's
 * relation of those spans and label goes.
 */
static int
review_take_relation(struct store *s, struct review_item *item, int take,
    const char *gold, char **errp)
{
	const struct store_span		*ends = item->na == 2 ? item->a :
					    item->b;
	struct store_relation_label	*l = NULL;
	struct store_span		*vg = NULL;
	struct review_rel		*rg = NULL;
	struct store_relation		 r;
	size_t				 ng = 0, nrg = 0, nl = 0, i;
	int				 rc = -1;

	if (store_span_list(s, item->article_id, gold, &vg, &ng, errp) == -1)
		return -1;
	if (take && (review_gold_add(s, vg, ng, &ends[0], gold, NULL,
	    errp) == -1 || review_gold_add(s, vg, ng, &ends[1], gold, NULL,
	    errp) == -1))
		goto out;
	store_spans_free(vg, ng);
	vg = NULL;
	ng = 0;
	if (store_span_list(s, item->article_id, gold, &vg, &ng, errp) == -1 ||
	    store_relation_label_list(s, &l, &nl, errp) == -1 ||
	    review_rels(s, item->article_id, gold, l, nl, &rg, &nrg,
	    errp) == -1)
		goto out;
	if (take) {
		if (review_rels_have(rg, nrg, &ends[0], &ends[1],
		    item->relation)) {
			rc = 0;
			goto out;
		}
		memset(&r, 0, sizeof(r));
		r.src = review_gold_span_id(vg, ng, &ends[0]);
		r.dst = review_gold_span_id(vg, ng, &ends[1]);
		r.label = item->relation;
		r.annotator = (char *)gold;
		if (store_relation_add(s, &r, NULL, errp) == -1)
			goto out;
	} else
		for (i = 0; i < nrg; i++)
			if (review_rel_same(&rg[i], &ends[0], &ends[1],
			    item->relation) && store_relation_delete(s,
			    rg[i].id, errp) == -1)
				goto out;
	rc = 0;
out:
	store_spans_free(vg, ng);
	review_rels_free(rg, nrg);
	store_relation_labels_free(l, nl);
	return rc;
}

int
review_disagreements(struct store *s, const char *a, const char *b,
    const char *gold, int64_t article_id, struct review_list *list,
    char **errp)
{
	struct store_span	*va = NULL, *vb = NULL, *vg = NULL;
	struct store_span	*ra, *rb;
	struct review_item	*it;
	size_t			 na = 0, nb = 0, ng = 0, i, j, nra = 0,
				 nrb = 0;
	char			*matched;

	memset(list, 0, sizeof(*list));
	list->article_id = article_id;
	if (store_span_list(s, article_id, a, &va, &na, errp) == -1)
		return -1;
	if (store_span_list(s, article_id, b, &vb, &nb, errp) == -1) {
		store_spans_free(va, na);
		return -1;
	}
	if (gold != NULL && store_span_list(s, article_id, gold, &vg, &ng,
	    errp) == -1) {
		store_spans_free(va, na);
		store_spans_free(vb, nb);
		return -1;
	}
	na = review_accepted(va, na);
	nb = review_accepted(vb, nb);

	/* Agreed spans first; what is left of each side disagrees. */
	matched = xcalloc(nb + 1, 1);
	ra = xcalloc(na + 1, sizeof(*ra));
	rb = xcalloc(nb + 1, sizeof(*rb));
	list->agreed = xcalloc(na + 1, sizeof(*list->agreed));
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++)
			if (!matched[j] && review_same(&va[i], &vb[j]))
				break;
		if (j == nb) {
			ra[nra++] = va[i];
			continue;
		}
		matched[j] = 1;
		it = &list->agreed[list->nagreed++];
		it->article_id = article_id;
		it->kind = REVIEW_AGREED;
		it->start = va[i].start;
		it->end = va[i].end;
		it->a = xcalloc(1, sizeof(*it->a));
		it->b = xcalloc(1, sizeof(*it->b));
		review_span_copy(it->a, &va[i]);
		review_span_copy(it->b, &vb[j]);
		it->na = it->nb = 1;
	}
	for (j = 0; j < nb; j++)
		if (!matched[j])
			rb[nrb++] = vb[j];
	review_group(article_id, ra, nra, rb, nrb, list);
	for (i = 0; i < list->n; i++)
		review_item_gold(&list->items[i], vg, ng);
	if (review_relations(s, a, b, gold, list, errp) == -1) {
		free(ra);
		free(rb);
		free(matched);
		store_spans_free(va, na);
		store_spans_free(vb, nb);
		store_spans_free(vg, ng);
		review_list_free(list);
		return -1;
	}
	if (list->n > 1)
		qsort(list->items, list->n, sizeof(*list->items),
		    review_item_cmp);
	for (i = 0; i < list->nagreed; i++)
		review_item_gold(&list->agreed[i], vg, ng);

	/* ra and rb borrowed va's and vb's strings. */
	free(ra);
	free(rb);
	free(matched);
	store_spans_free(va, na);
	store_spans_free(vb, nb);
	store_spans_free(vg, ng);
	return 0;
}

/*
 * Make gold hold sp as an accepted span: nothing when it does, accept a
 * suggestion of gold with the same bounds and label, else add a copy.
 * gold[] is gold's spans of the article, as read in this transaction.
 */
static int
review_gold_add(struct store *s, const struct store_span *gold,
    size_t ngold, const struct store_span *sp, const char *gold_name,
    size_t *added, char **errp)
{
	struct store_span	 copy;
	size_t			 i;

	if (review_gold_has(gold, ngold, sp))
		return 0;
	for (i = 0; i < ngold; i++)
		if (gold[i].status == STORE_SUGGESTED &&
		    review_same(&gold[i], sp))
			break;
	if (i < ngold) {
		if (store_span_set_status(s, gold[i].id, STORE_ACCEPTED,
		    errp) == -1)
			return -1;
	} else {
		copy = *sp;
		copy.id = 0;
		copy.annotator = (char *)gold_name;
		copy.status = STORE_ACCEPTED;
		if (store_span_add(s, &copy, NULL, errp) == -1)
			return -1;
	}
	if (added != NULL)
		(*added)++;
	return 0;
}

/* Remove every accepted span of gold with sp's bounds and label. */
static int
review_gold_remove(struct store *s, const struct store_span *gold,
    size_t ngold, const struct store_span *sp, char **errp)
{
	size_t	 i;

	for (i = 0; i < ngold; i++)
		if (gold[i].status == STORE_ACCEPTED &&
		    review_same(&gold[i], sp) &&
		    store_span_delete(s, gold[i].id, errp) == -1)
			return -1;
	return 0;
}

int
review_take(struct store *s, struct review_item *item,
    enum review_take which, const char *gold, char **errp)
{
	struct store_span	*vg = NULL;
	size_t			 ng = 0, i;
	int			 take_a, take_b, ok = 0;

	if ((unsigned)which > REVIEW_TAKE_NEITHER)
		return err_set(errp, "unknown choice");
	for (i = 0; i < item->na + item->nb; i++) {
		const struct store_span *sp = i < item->na ? &item->a[i] :
		    &item->b[i - item->na];

		if (strcmp(sp->annotator, gold) == 0)
			return err_set(errp, "the gold annotator %s is one of "
			    "the two compared", gold);
	}
	take_a = which == REVIEW_TAKE_A || which == REVIEW_TAKE_BOTH;
	take_b = which == REVIEW_TAKE_B || which == REVIEW_TAKE_BOTH;
	if (store_txn_begin(s, errp) == -1)
		return -1;
	if (item->kind == REVIEW_RELATION) {
		int	 take = item->na == 2 ? take_a : take_b;

		if (review_take_relation(s, item, take, gold, errp) == -1 ||
		    store_txn_commit(s, errp) == -1) {
			store_txn_rollback(s);
			return -1;
		}
		item->gold = !take ? REVIEW_GOLD_NONE : item->na == 2 ?
		    REVIEW_GOLD_A : REVIEW_GOLD_B;
		return 0;
	}
	/* Gold's spans are read inside the transaction, so that another
	   adjudicator's take cannot slip in between. */
	if (store_span_list(s, item->article_id, gold, &vg, &ng, errp) == -1)
		goto out;
	for (i = 0; i < item->na; i++)
		if ((take_a ? review_gold_add(s, vg, ng, &item->a[i], gold,
		    NULL, errp) : review_gold_remove(s, vg, ng, &item->a[i],
		    errp)) == -1)
			goto out;
	for (i = 0; i < item->nb; i++)
		if ((take_b ? review_gold_add(s, vg, ng, &item->b[i], gold,
		    NULL, errp) : review_gold_remove(s, vg, ng, &item->b[i],
		    errp)) == -1)
			goto out;
	if (store_txn_commit(s, errp) == -1) {
		store_spans_free(vg, ng);
		return -1;
	}
	ok = 1;
	item->gold = review_gold_state(item->na, item->nb,
	    take_a ? item->na : 0, take_b ? item->nb : 0);
out:
	if (!ok)
		store_txn_rollback(s);
	store_spans_free(vg, ng);
	return ok ? 0 : -1;
}

/* Articles with an accepted span of one annotator: collected by a walk. */
struct review_ids {
	int64_t	*v;
	size_t	 n;
	size_t	 cap;
};

static int
review_collect_article(void *ctx, const struct store_article *a,
    const struct store_span *sp)
{
	struct review_ids	*ids = ctx;

	(void)sp;
	/* The walk goes in article order: a repeat is the last one. */
	if (ids->n > 0 && ids->v[ids->n - 1] == a->id)
		return 0;
	ARRAY_RESERVE(ids->v, ids->cap, ids->n + 1);
	ids->v[ids->n++] = a->id;
	return 0;
}

static int
review_articles_with_spans(struct store *s, const char *annotator,
    struct review_ids *ids, char **errp)
{
	struct store_span_filter	 f;

	memset(&f, 0, sizeof(f));
	f.annotator = annotator;
	f.status = 1 << STORE_ACCEPTED;
	return store_span_foreach(s, &f, review_collect_article, ids,
	    errp) == -1 ? -1 : 0;
}

int
review_articles(struct store *s, const char *a, const char *b, int flags,
    int64_t **ids, size_t *n, char **errp)
{
	struct review_ids	 ia, ib;
	int64_t			*v;
	size_t			 i = 0, j = 0, len = 0;

	if (!(flags & REVIEW_ALL_ARTICLES))
		return agree_common_articles(s, a, b, ids, n, errp);
	*ids = NULL;
	*n = 0;
	memset(&ia, 0, sizeof(ia));
	memset(&ib, 0, sizeof(ib));
	if (review_articles_with_spans(s, a, &ia, errp) == -1 ||
	    review_articles_with_spans(s, b, &ib, errp) == -1) {
		free(ia.v);
		free(ib.v);
		return -1;
	}
	/* The union of two ascending lists. */
	v = xcalloc(ia.n + ib.n + 1, sizeof(*v));
	while (i < ia.n || j < ib.n) {
		if (j == ib.n || (i < ia.n && ia.v[i] < ib.v[j]))
			v[len++] = ia.v[i++];
		else if (i == ia.n || ib.v[j] < ia.v[i])
			v[len++] = ib.v[j++];
		else {
			v[len++] = ia.v[i++];
			j++;
		}
	}
	free(ia.v);
	free(ib.v);
	if (len == 0) {
		free(v);
		v = NULL;
	}
	*ids = v;
	*n = len;
	return 0;
}

static int
review_check_names(const char *a, const char *b, const char *gold,
    char **errp)
{
	if (strcmp(a, b) == 0)
		return err_set(errp, "the two annotators are the same (%s)", a);
	if (gold != NULL && (strcmp(gold, a) == 0 || strcmp(gold, b) == 0))
		return err_set(errp, "the gold annotator %s is one of the two "
		    "compared", gold);
	return 0;
}

/* A copy of the agreed spans, a batch of articles at a time. */
struct review_copy {
	const char	*a, *b, *gold;
	int64_t		*ids;
	size_t		 nids;
	size_t		 next;		/* the next article to copy */
	size_t		 count;		/* spans written */
	size_t		 batch_next;	/* what the batch in hand did */
	size_t		 batch_count;
};

/* One article's agreed spans into gold. */
/* The relations both made (between agreed spans), into gold. */
static int
review_copy_relations(struct store *s, struct review_copy *c, int64_t id,
    char **errp)
{
	struct store_relation_label	*l = NULL;
	struct review_rel		*va = NULL, *vb = NULL;
	struct review_item		 it;
	struct store_span		 ends[2];
	size_t				 nl = 0, na = 0, nb = 0, i;
	int				 rc = -1;

	if (store_relation_label_list(s, &l, &nl, errp) == -1)
		return -1;
	if (review_rels(s, id, c->a, l, nl, &va, &na, errp) == -1 ||
	    review_rels(s, id, c->b, l, nl, &vb, &nb, errp) == -1)
		goto out;
	for (i = 0; i < na; i++) {
		if (!review_rels_have(vb, nb, &va[i].src, &va[i].dst,
		    va[i].label))
			continue;
		/* Taking A's side of it writes it, once. */
		memset(&it, 0, sizeof(it));
		ends[0] = va[i].src;
		ends[1] = va[i].dst;
		it.article_id = id;
		it.kind = REVIEW_RELATION;
		it.a = ends;
		it.na = 2;
		it.relation = va[i].label;
		if (review_take_relation(s, &it, 1, c->gold, errp) == -1)
			goto out;
	}
	rc = 0;
out:
	review_rels_free(va, na);
	review_rels_free(vb, nb);
	store_relation_labels_free(l, nl);
	return rc;
}

static int
review_copy_article(struct store *s, struct review_copy *c, int64_t id,
    char **errp)
{
	struct review_list	 list;
	struct store_span	*vg = NULL;
	size_t			 ng = 0, k;
	int			 rc = 0;

	if (review_disagreements(s, c->a, c->b, NULL, id, &list, errp) == -1)
		return -1;
	if (list.nagreed > 0 && store_span_list(s, id, c->gold, &vg, &ng,
	    errp) == -1)
		rc = -1;
	for (k = 0; rc == 0 && k < list.nagreed; k++)
		rc = review_gold_add(s, vg, ng, &list.agreed[k].a[0], c->gold,
		    &c->batch_count, errp);
	store_spans_free(vg, ng);
	review_list_free(&list);
	if (rc == 0)
		rc = review_copy_relations(s, c, id, errp);
	return rc;
}

/* A batch (a store_batch_run body: it may run again, from c->next). */
static int
review_copy_batch(struct store *s, void *ctx, char **errp)
{
	struct review_copy	*c = ctx;
	size_t			 i;

	c->batch_count = 0;
	for (i = c->next; i < c->nids && !store_batch_due(s); i++)
		if (review_copy_article(s, c, c->ids[i], errp) == -1)
			return -1;
	c->batch_next = i;
	return 0;
}

int
review_copy_agreed(struct store *s, const char *a, const char *b,
    const char *gold, int flags, size_t *added, char **errp)
{
	struct review_copy	 c;
	struct store_group	 group;
	int			 rc = 0;

	if (added != NULL)
		*added = 0;
	if (gold == NULL)
		return err_set(errp, "no gold annotator to write to");
	if (review_check_names(a, b, gold, errp) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	memset(&group, 0, sizeof(group));
	c.a = a;
	c.b = b;
	c.gold = gold;
	if (review_articles(s, a, b, flags, &c.ids, &c.nids, errp) == -1)
		return -1;
	/* A bulk write: batches of about STORE_BATCH_MS, one undo group. */
	while (rc == 0 && c.next < c.nids) {
		rc = store_batch_run(s, &group, review_copy_batch, &c, errp);
		if (rc == 0) {
			c.next = c.batch_next;
			c.count += c.batch_count;
		}
	}
	if (added != NULL)
		*added = c.count;
	free(c.ids);
	return rc;
}

/* The walk. */

struct review_walk {
	struct store		*store;
	char			*a, *b, *gold;
	int64_t			*ids;
	size_t			 nids;
	int			 loaded;	/* list holds ids[article] */
	size_t			 article;
	struct review_list	 list;
	size_t			 item;		/* list.n when none */
};

int
review_walk_open(struct review_walk **wp, struct store *s, const char *a,
    const char *b, const char *gold, int flags, char **errp)
{
	struct review_walk	*w;

	*wp = NULL;
	if (review_check_names(a, b, gold, errp) == -1)
		return -1;
	w = xcalloc(1, sizeof(*w));
	w->store = s;
	w->a = xstrdup(a);
	w->b = xstrdup(b);
	w->gold = gold != NULL ? xstrdup(gold) : NULL;
	if (review_articles(s, a, b, flags, &w->ids, &w->nids, errp) == -1) {
		review_walk_close(w);
		return -1;
	}
	*wp = w;
	return 0;
}

void
review_walk_close(struct review_walk *w)
{
	if (w == NULL)
		return;
	review_list_free(&w->list);
	free(w->ids);
	free(w->a);
	free(w->b);
	free(w->gold);
	free(w);
}

/*
 * Load the first article from index `from` on, going dir, that has a
 * disagreement.  Returns 1 when found (the walk is on it), 0 when none
 * is (the walk is unchanged), -1 on error.
 */
static int
review_walk_seek(struct review_walk *w, size_t from, int dir, char **errp)
{
	struct review_list	 l;
	size_t			 i;

	for (i = from; i < w->nids; i = dir > 0 ? i + 1 : i - 1) {
		if (review_disagreements(w->store, w->a, w->b, w->gold,
		    w->ids[i], &l, errp) == -1)
			return -1;
		if (l.n > 0) {
			review_list_free(&w->list);
			w->list = l;
			w->loaded = 1;
			w->article = i;
			w->item = dir > 0 ? 0 : l.n - 1;
			return 1;
		}
		review_list_free(&l);
		if (dir < 0 && i == 0)
			break;
	}
	return 0;
}

int
review_walk_step(struct review_walk *w, int dir, char **errp)
{
	if (dir >= 0) {
		if (!w->loaded)
			return review_walk_seek(w, 0, 1, errp);
		if (w->item + 1 < w->list.n) {
			w->item++;
			return 1;
		}
		return review_walk_seek(w, w->article + 1, 1, errp);
	}
	if (!w->loaded)
		return 0;
	if (w->item > 0) {
		w->item--;
		return 1;
	}
	if (w->article == 0)
		return 0;
	return review_walk_seek(w, w->article - 1, -1, errp);
}

struct review_item *
review_walk_current(struct review_walk *w)
{
	if (!w->loaded || w->item >= w->list.n)
		return NULL;
	return &w->list.items[w->item];
}

const struct review_list *
review_walk_list(const struct review_walk *w)
{
	return w->loaded ? &w->list : NULL;
}

int
review_walk_refresh(struct review_walk *w, char **errp)
{
	struct review_list	 l;
	struct review_item	 old;
	size_t			 i;
	int			 had;

	if (!w->loaded)
		return 0;
	if (review_disagreements(w->store, w->a, w->b, w->gold,
	    w->ids[w->article], &l, errp) == -1)
		return -1;
	had = w->item < w->list.n;
	if (had)
		old = w->list.items[w->item];
	i = l.n;
	if (had)
		for (i = 0; i < l.n; i++)
			if (review_item_cmp(&l.items[i], &old) >= 0)
				break;
	review_list_free(&w->list);
	w->list = l;
	w->item = i;
	return 0;
}

int
review_walk_take(struct review_walk *w, enum review_take which,
    char **errp)
{
	struct review_item	*it = review_walk_current(w);

	if (it == NULL)
		return err_set(errp, "no disagreement here");
	if (w->gold == NULL)
		return err_set(errp, "no gold annotator to write to");
	return review_take(w->store, it, which, w->gold, errp);
}

void
review_walk_where(const struct review_walk *w, struct review_where *where)
{
	memset(where, 0, sizeof(*where));
	where->narticles = w->nids;
	if (!w->loaded)
		return;
	where->article = w->article + 1;
	where->nitems = w->list.n;
	if (w->item < w->list.n)
		where->item = w->item + 1;
}
