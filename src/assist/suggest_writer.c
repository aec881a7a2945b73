/*
 * suggest_writer.c: reading articles and writing the suggestions found in
 * them, in batches of one bulk write (suggest_writer.h), for every source
 * of suggestions.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/store.h"
#include "margin/util.h"
#include "suggest_writer.h"

/* How long one step reads articles before it writes, in milliseconds,
   and how many places it queues at most before it writes. */
#define SUGGEST_READ_MS		20
#define SUGGEST_QUEUE_MAX	4096

void
suggest_writer_init(struct suggest_writer *w, struct store *s,
    const struct suggest_writer_ops *ops, void *source,
    const char *annotator, enum store_span_origin origin)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->ops = ops;
	w->source = source;
	w->annotator = annotator;
	w->origin = origin;
	w->group = &w->own_group;
}

void
suggest_writer_set_articles(struct suggest_writer *w, int64_t *ids,
    size_t nids)
{
	free(w->ids);
	w->ids = ids;
	w->nids = nids;
	w->next = 0;
}

void
suggest_writer_offer(struct suggest_writer *w, const struct suggest_place *pl,
    const struct store_span *have, size_t nhave)
{
	if (assist_unwanted(have, nhave, pl->start, pl->end, pl->label))
		return;
	ARRAY_RESERVE(w->queue, w->cap, w->nqueue + 1);
	w->queue[w->nqueue++] = *pl;
}

/* Read articles for about SUGGEST_READ_MS, or until a batch is queued. */
static int
suggest_writer_read_some(struct suggest_writer *w, char **errp)
{
	int64_t	 until = mono_ms() + SUGGEST_READ_MS;

	if (w->qnext == w->nqueue)
		w->qnext = w->nqueue = 0;
	while (w->next < w->nids && w->nqueue - w->qnext < SUGGEST_QUEUE_MAX) {
		if (w->ops->read_article(w, w->ids[w->next], errp) == -1)
			return -1;
		w->next++;
		if (mono_ms() >= until)
			break;
	}
	return 0;
}

/* Write queued suggestions (a store_batch_run body: it may run again,
   from the place the last committed batch left). */
static int
suggest_writer_batch(struct store *s, void *ctx, char **errp)
{
	struct suggest_writer	*w = ctx;
	struct store_span	 sp;
	size_t			 q;
	int			 wanted;

	w->batch_added = 0;
	for (q = w->qnext; q < w->nqueue && !store_batch_due(s); q++) {
		const struct suggest_place *pl = &w->queue[q];

		if (w->max > 0 && w->added + w->batch_added >= w->max)
			break;
		/* What the annotator has there may have changed since the
		   article was read. */
		if (w->ops->still_wanted(w, pl, &wanted, errp) == -1)
			return -1;
		if (!wanted)
			continue;
		memset(&sp, 0, sizeof(sp));
		sp.article_id = pl->article;
		sp.start = pl->start;
		sp.end = pl->end;
		sp.start_byte = pl->start_byte;
		sp.end_byte = pl->end_byte;
		sp.label = (char *)pl->label;
		sp.text = (char *)pl->text;
		sp.annotator = (char *)w->annotator;
		sp.status = STORE_SUGGESTED;
		sp.origin = w->origin;
		sp.score = pl->score;
		if (store_span_add(s, &sp, NULL, errp) == -1)
			return -1;
		w->batch_added++;
	}
	w->batch_qnext = q;
	return 0;
}

int
suggest_writer_capped(const struct suggest_writer *w)
{
	return w->max > 0 && w->added >= w->max;
}

int
suggest_writer_step(struct suggest_writer *w, char **errp)
{
	if (suggest_writer_capped(w))
		return 0;
	if (w->qnext == w->nqueue && suggest_writer_read_some(w, errp) == -1)
		return -1;
	if (w->qnext < w->nqueue) {
		if (store_batch_run(w->s, w->group, suggest_writer_batch, w,
		    errp) == -1)
			return -1;
		w->qnext = w->batch_qnext;
		w->added += w->batch_added;
	}
	if (suggest_writer_capped(w))
		return 0;
	return w->next < w->nids || w->qnext < w->nqueue;
}

void
suggest_writer_free(struct suggest_writer *w)
{
	free(w->ids);
	free(w->queue);
	w->ids = NULL;
	w->queue = NULL;
	w->nids = w->nqueue = w->cap = 0;
}

/* SPEC §11's rule for every source of suggestions (assist.h): where the
   writer queues, it asks. */
int
assist_unwanted(const struct store_span *have, size_t nhave, size_t start,
    size_t end, const char *label)
{
	size_t	 i;

	for (i = 0; i < nhave; i++) {
		const struct store_span *sp = &have[i];

		if (sp->start == start && sp->end == end)
			return 1;
		if (sp->status != STORE_REJECTED && sp->start <= start &&
		    end <= sp->end && strcmp(sp->label, label) == 0)
			return 1;
	}
	return 0;
}
