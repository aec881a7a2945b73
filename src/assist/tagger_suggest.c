/*
 * tagger_suggest.c: suggestions of the built-in tagger (SPEC §11).  Like
 * propagation (assist.c), the articles are read and tagged outside any
 * write transaction, and the suggestions added in batches of one bulk
 * write (one undo group), each checking again what the annotator has at
 * each place.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/store.h"
#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/text.h"
#include "margin/tokens.h"
#include "margin/util.h"

/* A span to suggest: code points and bytes, label into the model. */
struct tagger_place {
	int64_t	 article;
	size_t	 start, end, start_byte, end_byte;
	size_t	 label;
	double	 score;
};

struct tagger_suggestion {
	struct store		*s;
	const struct tagger	*t;
	char			*annotator;
	double			 min_score;
	int64_t			*ids;
	size_t			 nids, next;
	struct tagger_place	*queue;
	size_t			 nqueue, cap, qnext;
	size_t			 tokens, found, added;
	struct store_group	 group;
	size_t			 batch_added, batch_qnext;
};

/* How long one step tags articles before it writes, in milliseconds. */
#define TAGGER_READ_MS	20

/* Tag one sentence (tokens tok[0..n)) and queue its chunks. */
static void
tagger_queue_sentence(struct tagger_suggestion *p, int64_t id,
    const char *text, struct text_offsets *off,
    const struct article_token *tok, size_t n, struct tagger_place **v,
    size_t *nv, size_t *cap)
{
	struct tagger_word	*w;
	struct tagger_chunk	*ch;
	size_t			 i, nch;

	w = xreallocarray(NULL, n, sizeof(*w));
	for (i = 0; i < n; i++) {
		w[i].s = text + tok[i].start;
		w[i].len = tok[i].end - tok[i].start;
	}
	nch = tagger_tag(p->t, w, n, &ch);
	for (i = 0; i < nch; i++) {
		struct tagger_place	*pl;

		if (ch[i].score < p->min_score)
			continue;
		ARRAY_RESERVE(*v, *cap, *nv + 1);
		pl = &(*v)[(*nv)++];
		pl->article = id;
		pl->start_byte = tok[ch[i].first].start;
		pl->end_byte = tok[ch[i].last].end;
		pl->start = text_offsets_cp(off, pl->start_byte);
		pl->end = text_offsets_cp(off, pl->end_byte);
		pl->label = ch[i].label;
		pl->score = ch[i].score;
	}
	p->tokens += n;
	free(ch);
	free(w);
}

/* Tag one article and queue what is wanted. */
static int
tagger_read_article(struct tagger_suggestion *p, int64_t id, char **errp)
{
	struct store_article	 a;
	struct store_span	*have = NULL;
	struct article_token	*tok = NULL;
	struct tagger_place	*v = NULL;
	struct text_offsets	 off;
	size_t			 ntok, nv = 0, cap = 0, nhave = 0, i, first;

	if (store_article_get(p->s, id, NULL, &a, errp) == -1)
		return -1;
	ntok = article_tokens(a.text, a.text_len, a.meta, &tok);
	text_offsets_init(&off, a.text, a.text_len);
	for (first = 0, i = 1; i <= ntok; i++)
		if (i == ntok || tok[i].sentence_start) {
			tagger_queue_sentence(p, id, a.text, &off,
			    tok + first, i - first, &v, &nv, &cap);
			first = i;
		}
	text_offsets_free(&off);
	free(tok);
	store_article_free(&a);
	if (nv > 0 && store_span_list(p->s, id, p->annotator, &have, &nhave,
	    errp) == -1) {
		free(v);
		return -1;
	}
	p->found += nv;
	for (i = 0; i < nv; i++) {
		if (assist_unwanted(have, nhave, v[i].start, v[i].end,
		    tagger_label(p->t, v[i].label)))
			continue;
		ARRAY_RESERVE(p->queue, p->cap, p->nqueue + 1);
		p->queue[p->nqueue++] = v[i];
	}
	store_spans_free(have, nhave);
	free(v);
	return 0;
}

static int
tagger_read_some(struct tagger_suggestion *p, char **errp)
{
	int64_t	 until = mono_ms() + TAGGER_READ_MS;

	if (p->qnext == p->nqueue)
		p->qnext = p->nqueue = 0;
	while (p->next < p->nids && p->nqueue - p->qnext < 4096) {
		if (tagger_read_article(p, p->ids[p->next], errp) == -1)
			return -1;
		p->next++;
		if (mono_ms() >= until)
			break;
	}
	return 0;
}

/* Write queued suggestions (a store_batch_run body: it may run again
   from where the last committed batch left). */
static int
tagger_write_batch(struct store *s, void *ctx, char **errp)
{
	struct tagger_suggestion	*p = ctx;
	struct store_span		 sp, *have = NULL;
	size_t				 q, nhave = 0;
	int				 unwanted;

	p->batch_added = 0;
	for (q = p->qnext; q < p->nqueue && !store_batch_due(s); q++) {
		const struct tagger_place *pl = &p->queue[q];

		/* What the annotator has there may have changed since the
		   article was read: any span that covers the place. */
		if (store_span_find(s, pl->article, 0, 0, p->annotator,
		    &have, &nhave, errp) == -1)
			return -1;
		unwanted = assist_unwanted(have, nhave, pl->start, pl->end,
		    tagger_label(p->t, pl->label));
		store_spans_free(have, nhave);
		if (unwanted)
			continue;
		memset(&sp, 0, sizeof(sp));
		sp.article_id = pl->article;
		sp.start = pl->start;
		sp.end = pl->end;
		sp.start_byte = pl->start_byte;
		sp.end_byte = pl->end_byte;
		sp.label = (char *)tagger_label(p->t, pl->label);
		sp.annotator = p->annotator;
		sp.status = STORE_SUGGESTED;
		sp.origin = STORE_MODEL;
		sp.score = pl->score;
		if (store_span_add(s, &sp, NULL, errp) == -1)
			return -1;
		p->batch_added++;
	}
	p->batch_qnext = q;
	return 0;
}

int
tagger_suggest_start(struct store *s, const struct tagger *t,
    const char *annotator, const int64_t *articles, size_t narticles,
    double min_score, struct tagger_suggestion **pp, char **errp)
{
	struct tagger_suggestion	*p;

	*pp = NULL;
	if (store_readonly(s))
		return err_set(errp, "database is read-only");
	p = xcalloc(1, sizeof(*p));
	p->s = s;
	p->t = t;
	p->annotator = xstrdup(annotator != NULL ? annotator :
	    store_actor(s));
	p->min_score = min_score;
	if (articles != NULL) {
		p->ids = xreallocarray(NULL, narticles ? narticles : 1,
		    sizeof(*p->ids));
		memcpy(p->ids, articles, narticles * sizeof(*p->ids));
		p->nids = narticles;
	} else if (store_article_ids(s, &p->ids, &p->nids, errp) == -1) {
		tagger_suggest_finish(p);
		return -1;
	}
	*pp = p;
	return 0;
}

int
tagger_suggest_step(struct tagger_suggestion *p, char **errp)
{
	if (p->qnext == p->nqueue && tagger_read_some(p, errp) == -1)
		return -1;
	if (p->qnext < p->nqueue) {
		if (store_batch_run(p->s, &p->group, tagger_write_batch, p,
		    errp) == -1)
			return -1;
		p->qnext = p->batch_qnext;
		p->added += p->batch_added;
	}
	return p->next < p->nids || p->qnext < p->nqueue;
}

void
tagger_suggest_progress(const struct tagger_suggestion *p,
    struct tagger_suggest_progress *pr)
{
	pr->articles_done = p->next;
	pr->articles = p->nids;
	pr->tokens = p->tokens;
	pr->found = p->found;
	pr->added = p->added;
}

void
tagger_suggest_finish(struct tagger_suggestion *p)
{
	if (p == NULL)
		return;
	free(p->annotator);
	free(p->ids);
	free(p->queue);
	free(p);
}
