/*
 * entity_suggest.c: entity links offered across the corpus (SPEC §16,
 * `margin entities suggest`): every accepted span with no link (and no
 * link turned down) whose text names an entity of its label well enough
 * (entity_match.c, ENTITY_MATCH_SUGGEST) is offered the best one's link as
 * a suggestion, which the annotator accepts or rejects in the reader;
 * nothing is linked silently.  The spans are read in one snapshot, then
 * the links written as one bulk write (batches, one undo group), so that
 * other annotators are never held up.
 *
 * The names are blocked by the first three characters of each token's
 * transliteration key, so that a mention is compared with the entities
 * that share a token start with it, not with every entity of the corpus.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/entity_match.h"
#include "margin/store.h"
#include "margin/util.h"

#define ENTITY_BLOCK	3

/* A token start of an entity's name, and which entity. */
struct entity_block {
	uint32_t	 c[ENTITY_BLOCK];
	size_t		 entity;
};

struct entity_offer {
	int64_t		 span;
	int64_t		 entity;
};

struct entity_suggest_run {
	struct store_entity	*v;
	size_t			 n;
	struct entity_key	*keys;
	struct entity_block	*blocks;
	size_t			 nblocks;
	const char		*label;		/* only spans of it, or NULL */
	struct entity_offer	*offers;
	size_t			 noffers, cap;
	size_t			 next;		/* the next offer to write */
	size_t			 batch_next;
	size_t			 written;	/* links offered, committed */
	size_t			 batch_written;
	size_t			 seen;
	size_t			*cand;		/* scratch: candidates */
	unsigned char		*mark;		/* scratch: seen as one */
};

/* The blocks' characters in order (numerically, as they sort). */
static int
entity_block_chars_cmp(const struct entity_block *x,
    const struct entity_block *y)
{
	size_t	 i;

	for (i = 0; i < ENTITY_BLOCK; i++)
		if (x->c[i] != y->c[i])
			return x->c[i] < y->c[i] ? -1 : 1;
	return 0;
}

static int
entity_block_cmp(const void *a, const void *b)
{
	const struct entity_block	*x = a, *y = b;
	int				 c = entity_block_chars_cmp(x, y);

	if (c != 0)
		return c;
	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

/* The block of token t of key k. */
static struct entity_block
entity_block_of(const struct entity_key *k, size_t t, size_t entity)
{
	struct entity_block	 b;
	size_t			 i;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < ENTITY_BLOCK && i < k->tokens[t].keylen; i++)
		b.c[i] = k->chars[k->tokens[t].key + i];
	b.entity = entity;
	return b;
}

static void
entity_suggest_index(struct entity_suggest_run *r)
{
	size_t	 i, t, cap = 0;

	r->keys = xreallocarray(NULL, r->n + 1, sizeof(*r->keys));
	for (i = 0; i < r->n; i++) {
		entity_key_init(&r->keys[i], r->v[i].name,
		    strlen(r->v[i].name));
		for (t = r->keys[i].first; t < r->keys[i].ntokens; t++) {
			ARRAY_RESERVE(r->blocks, cap, r->nblocks + 1);
			r->blocks[r->nblocks++] = entity_block_of(&r->keys[i],
			    t, i);
		}
	}
	qsort(r->blocks, r->nblocks, sizeof(*r->blocks), entity_block_cmp);
	r->cand = xreallocarray(NULL, r->n + 1, sizeof(*r->cand));
	r->mark = xcalloc(r->n + 1, 1);
}

/* The first block not below b (by its characters). */
static size_t
entity_block_lower(const struct entity_suggest_run *r,
    const struct entity_block *b)
{
	size_t	 lo = 0, hi = r->nblocks, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (entity_block_chars_cmp(&r->blocks[mid], b) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The best entity of label for a mention, or -1. */
static long
entity_suggest_best(struct entity_suggest_run *r, const char *label,
    const char *text)
{
	struct entity_key	 mk;
	struct entity_block	 b;
	size_t			 ncand = 0, t, j, i;
	double			 best = 0, score;
	long			 found = -1;

	entity_key_init(&mk, text, strlen(text));
	for (t = mk.first; t < mk.ntokens; t++) {
		b = entity_block_of(&mk, t, 0);
		for (j = entity_block_lower(r, &b); j < r->nblocks &&
		    entity_block_chars_cmp(&r->blocks[j], &b) == 0; j++) {
			i = r->blocks[j].entity;
			if (!r->mark[i]) {
				r->mark[i] = 1;
				r->cand[ncand++] = i;
			}
		}
	}
	for (j = 0; j < ncand; j++) {
		i = r->cand[j];
		r->mark[i] = 0;
		if (strcmp(r->v[i].label, label) != 0)
			continue;
		score = entity_match_keys(&mk, &r->keys[i]);
		/* Ties go to the entity with more mentions, then the older. */
		if (score >= ENTITY_MATCH_SUGGEST && (score > best ||
		    (score == best && found >= 0 && (r->v[i].mentions >
		    r->v[found].mentions || (r->v[i].mentions ==
		    r->v[found].mentions && r->v[i].id < r->v[found].id))))) {
			best = score;
			found = (long)i;
		}
	}
	entity_key_free(&mk);
	return found;
}

static int
entity_suggest_span(void *ctx, const struct store_article *a,
    const struct store_span *sp)
{
	struct entity_suggest_run	*r = ctx;
	long				 e;

	(void)a;
	if (sp->entity_id != 0 || (r->label != NULL &&
	    strcmp(sp->label, r->label) != 0))
		return 0;
	r->seen++;
	if ((e = entity_suggest_best(r, sp->label, sp->text)) < 0)
		return 0;
	ARRAY_RESERVE(r->offers, r->cap, r->noffers + 1);
	r->offers[r->noffers].span = sp->id;
	r->offers[r->noffers++].entity = r->v[e].id;
	return 0;
}

/* One batch of links (a store_batch_run body: it may run again from the
   same place). */
static int
entity_suggest_batch(struct store *s, void *ctx, char **errp)
{
	struct entity_suggest_run	*r = ctx;
	struct store_span		 sp;
	size_t				 i = r->next;

	r->batch_written = 0;
	for (; i < r->noffers && !store_batch_due(s); i++) {
		/* Still unlinked, now that the write lock is held. */
		if (store_span_get(s, r->offers[i].span, &sp, NULL) == -1)
			continue;
		if (sp.entity_id == 0 && sp.status == STORE_ACCEPTED) {
			if (store_span_link(s, sp.id, r->offers[i].entity,
			    STORE_SUGGESTED, errp) == -1) {
				store_span_free(&sp);
				return -1;
			}
			r->batch_written++;
		}
		store_span_free(&sp);
	}
	r->batch_next = i;
	return 0;
}

static void
entity_suggest_free(struct entity_suggest_run *r)
{
	size_t	 i;

	for (i = 0; r->keys != NULL && i < r->n; i++)
		entity_key_free(&r->keys[i]);
	free(r->keys);
	store_entities_free(r->v, r->n);
	free(r->blocks);
	free(r->offers);
	free(r->cand);
	free(r->mark);
}

int
assist_entity_suggest(struct store *s, const char *annotator,
    const char *label, struct assist_entity_result *res, char **errp)
{
	struct entity_suggest_run	 r;
	struct store_span_filter	 f;
	struct store_group		 g;
	int				 rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	memset(&g, 0, sizeof(g));
	r.label = label;
	if (store_entity_list(s, label, 0, &r.v, &r.n, errp) == -1)
		return -1;
	if (r.n == 0) {
		rc = 0;
		goto out;
	}
	entity_suggest_index(&r);
	memset(&f, 0, sizeof(f));
	f.annotator = annotator;
	f.status = 1 << STORE_ACCEPTED;
	if (store_span_foreach(s, &f, entity_suggest_span, &r, errp) != 0)
		goto out;
	while (r.next < r.noffers) {
		if (store_batch_run(s, &g, entity_suggest_batch, &r,
		    errp) == -1)
			goto out;
		r.next = r.batch_next;
		r.written += r.batch_written;
	}
	rc = 0;
out:
	res->spans = r.seen;
	res->offered = r.written;
	res->entities = r.n;
	entity_suggest_free(&r);
	return rc;
}
