/*
 * assist.c: propagation and accept-all (SPEC §11).  Finding occurrences
 * reads the corpus outside any write transaction (the index gives the
 * candidates, an exact scan with UAX #29 word boundaries decides); the
 * suggestions are then added in batches of one bulk write (one undo
 * group), each checking again what the annotator has at each place.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uniwbrk.h>

#include "margin/assist.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* The first needle in hay (memmem() is not POSIX): memchr() finds the
   candidates fast enough for a corpus. */
static const char *
assist_search(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char	*p = hay, *end = hay + hlen;

	while ((size_t)(end - p) >= nlen &&
	    (p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1)) != NULL) {
		if (memcmp(p, needle, nlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

size_t
assist_occurrences(const char *text, size_t len, const char *needle,
    size_t nlen, struct assist_match **vp)
{
	struct assist_match	*v = NULL;
	const char		*hit;
	char			*breaks = NULL;
	size_t			 n = 0, cap = 0, at = 0, b, e, cp = 0, counted = 0;

	*vp = NULL;
	if (nlen == 0 || nlen > len)
		return 0;
	while (at + nlen <= len &&
	    (hit = assist_search(text + at, len - at, needle, nlen)) != NULL) {
		b = (size_t)(hit - text);
		e = b + nlen;
		at = b + 1;
		/* The boundaries are worked out once, and only for a text
		   that holds the string at all. */
		if (breaks == NULL) {
			breaks = xmalloc(len);
			text_word_breaks(text, len, breaks);
		}
		if ((b > 0 && !breaks[b]) || (e < len && !breaks[e]))
			continue;
		/* Code points so far: count the bytes that start one. */
		for (; counted < b; counted++)
			if (((unsigned char)text[counted] & 0xc0) != 0x80)
				cp++;
		ARRAY_RESERVE(v, cap, n + 1);
		v[n].start = cp;
		v[n].end = cp + text_cp_count(needle, nlen);
		v[n].start_byte = b;
		v[n].end_byte = e;
		n++;
	}
	free(breaks);
	*vp = v;
	return n;
}

/* An occurrence to suggest. */
struct assist_place {
	int64_t			 article;
	struct assist_match	 m;
};

/*
 * A propagation in steps.  Each step first reads the next articles (no
 * write lock: the occurrences, and what the annotator has there), then
 * writes queued suggestions in one batch (store_batch_run), so that no
 * step holds the lock more than a batch's time and the TUI can draw and
 * read keys between two steps.
 */
struct assist_propagation {
	struct store		*s;
	struct store_span	 model;		/* its label and text, copied */
	char			*annotator;
	size_t			 nlen;
	size_t			 max;		/* 0: no cap */
	int64_t			*ids;		/* the articles to visit */
	size_t			 nids;
	size_t			 next;		/* the next of ids to read */
	struct assist_place	*queue;		/* read, not yet written */
	size_t			 nqueue, cap, qnext;
	size_t			 added;
	size_t			 found;		/* occurrences seen */
	struct store_group	 own_group;	/* one undo for the run */
	struct store_group	*group;		/* own_group, or one shared
						   by several runs */
	size_t			 batch_added;	/* in the batch in hand */
	size_t			 batch_qnext;
};

/* How long one step reads articles before it writes, in milliseconds. */
#define ASSIST_READ_MS	20

/*
 * Is the index worth asking?  Its tokens are runs of letters, digits and
 * symbols, split at spaces and punctuation.  When the text starts and
 * ends with a letter or digit that UAX #29 keeps joined to a neighbouring
 * letter or digit (ALetter, Hebrew_Letter, Numeric), its occurrences
 * between spaces and punctuation are runs of whole tokens, and a phrase
 * query finds them.  Not so for ideographs, kana or Thai, between which
 * UAX #29 breaks while the index does not, nor for text that starts or
 * ends with punctuation, a symbol or an emoji: then every article is
 * read (about 0.1 s per 300 MB of text in the page cache).
 */
static int
assist_index_finds(const char *s, size_t len)
{
	const uint8_t	*p = (const uint8_t *)s;
	ucs4_t		 first, end;
	int		 a, b;

	if (len == 0)
		return 0;
	u8_mbtouc(&first, p, len);
	if (u8_prev(&end, p + len, p) == NULL)
		return 0;
	a = uc_wordbreak_property(first);
	b = uc_wordbreak_property(end);
	return (a == WBP_ALETTER || a == WBP_HL ||
	    a == WBP_NUMERIC) && (b == WBP_ALETTER ||
	    b == WBP_HL || b == WBP_NUMERIC);
}

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

/* Read one article: queue its occurrences that are wanted. */
static int
assist_read_article(struct assist_propagation *p, int64_t id, char **errp)
{
	struct store_article	 a;
	struct store_span	*have = NULL;
	struct assist_match	*v = NULL;
	size_t			 n, nhave = 0, i;

	if (store_article_get(p->s, id, NULL, &a, errp) == -1)
		return -1;
	n = assist_occurrences(a.text, a.text_len, p->model.text, p->nlen,
	    &v);
	store_article_free(&a);
	if (n > 0 && store_span_list(p->s, id, p->annotator, &have, &nhave,
	    errp) == -1) {
		free(v);
		return -1;
	}
	p->found += n;
	for (i = 0; i < n; i++) {
		if (assist_unwanted(have, nhave, v[i].start, v[i].end,
		    p->model.label))
			continue;
		ARRAY_RESERVE(p->queue, p->cap, p->nqueue + 1);
		p->queue[p->nqueue].article = id;
		p->queue[p->nqueue].m = v[i];
		p->nqueue++;
	}
	store_spans_free(have, nhave);
	free(v);
	return 0;
}

/* Read articles for about ASSIST_READ_MS, or until a batch is queued. */
static int
assist_read_some(struct assist_propagation *p, char **errp)
{
	int64_t	 until = mono_ms() + ASSIST_READ_MS;

	if (p->qnext == p->nqueue)
		p->qnext = p->nqueue = 0;
	while (p->next < p->nids && p->nqueue - p->qnext < 4096) {
		if (assist_read_article(p, p->ids[p->next], errp) == -1)
			return -1;
		p->next++;
		if (mono_ms() >= until)
			break;
	}
	return 0;
}

/* Write queued suggestions (a store_batch_run body: it may run again,
   from the place the last committed batch left). */
static int
assist_write_batch(struct store *s, void *ctx, char **errp)
{
	struct assist_propagation	*p = ctx;
	struct store_span		 sp, *have = NULL;
	size_t				 q, nhave = 0;

	p->batch_added = 0;
	for (q = p->qnext; q < p->nqueue && !store_batch_due(s); q++) {
		const struct assist_place *pl = &p->queue[q];

		if (p->max > 0 && p->added + p->batch_added >= p->max)
			break;
		/* What the annotator has there may have changed since the
		   article was read. */
		if (store_span_find(s, pl->article, pl->m.start, pl->m.end,
		    p->annotator, &have, &nhave, errp) == -1)
			return -1;
		store_spans_free(have, nhave);
		if (nhave > 0)
			continue;
		memset(&sp, 0, sizeof(sp));
		sp.article_id = pl->article;
		sp.start = pl->m.start;
		sp.end = pl->m.end;
		sp.start_byte = pl->m.start_byte;
		sp.end_byte = pl->m.end_byte;
		sp.label = p->model.label;
		sp.text = p->model.text;
		sp.annotator = p->annotator;
		sp.status = STORE_SUGGESTED;
		sp.origin = STORE_PROPAGATED;
		if (store_span_add(s, &sp, NULL, errp) == -1)
			return -1;
		p->batch_added++;
	}
	p->batch_qnext = q;
	return 0;
}

int
assist_propagate_estimate(struct store *s, const char *text,
    size_t *articles, size_t *occurrences, int *estimated, char **errp)
{
	int64_t	*ids = NULL;

	*articles = *occurrences = 0;
	*estimated = assist_index_finds(text, strlen(text));
	if (*estimated)
		return store_article_phrase_count(s, text, articles,
		    occurrences, errp);
	if (store_article_ids(s, &ids, articles, errp) == -1)
		return -1;
	free(ids);
	return 0;
}

int
assist_propagate_start(struct store *s, const struct store_span *model,
    const char *annotator, int64_t article, size_t max,
    struct assist_propagation **pp, char **errp)
{
	struct assist_propagation	*p;
	int				 rc;

	*pp = NULL;
	if (model->text == NULL || model->text[0] == '\0')
		return err_set(errp, "nothing to propagate: the span has no "
		    "text");
	if (model->label == NULL || model->label[0] == '\0')
		return err_set(errp, "nothing to propagate: the span has no "
		    "label");
	if (store_readonly(s))
		return err_set(errp, "database is read-only");
	p = xcalloc(1, sizeof(*p));
	p->s = s;
	p->group = &p->own_group;
	p->model.text = xstrdup(model->text);
	p->model.label = xstrdup(model->label);
	p->annotator = xstrdup(annotator != NULL ? annotator : store_actor(s));
	p->nlen = strlen(model->text);
	p->max = max;
	if (article != 0) {
		p->ids = xmalloc(sizeof(*p->ids));
		p->ids[0] = article;
		p->nids = 1;
		rc = 0;
	} else if (assist_index_finds(p->model.text, p->nlen))
		rc = store_article_find_phrase(s, p->model.text, &p->ids,
		    &p->nids, errp);
	else
		rc = store_article_ids(s, &p->ids, &p->nids, errp);
	if (rc == -1) {
		assist_propagate_finish(p);
		return -1;
	}
	*pp = p;
	return 0;
}

int
assist_propagate_step(struct assist_propagation *p, char **errp)
{
	if (p->max > 0 && p->added >= p->max)
		return 0;
	if (p->qnext == p->nqueue && assist_read_some(p, errp) == -1)
		return -1;
	if (p->qnext < p->nqueue) {
		if (store_batch_run(p->s, p->group, assist_write_batch, p,
		    errp) == -1)
			return -1;
		p->qnext = p->batch_qnext;
		p->added += p->batch_added;
	}
	if (p->max > 0 && p->added >= p->max)
		return 0;
	return p->next < p->nids || p->qnext < p->nqueue;
}

void
assist_propagate_progress(const struct assist_propagation *p,
    struct assist_progress *pr)
{
	pr->articles_done = p->next;
	pr->articles = p->nids;
	pr->added = p->added;
	pr->found = p->found;
	pr->capped = p->max > 0 && p->added >= p->max;
}

void
assist_propagate_share_group(struct assist_propagation *p,
    struct store_group *g)
{
	p->group = g;
}

void
assist_propagate_finish(struct assist_propagation *p)
{
	if (p == NULL)
		return;
	free(p->model.text);
	free(p->model.label);
	free(p->annotator);
	free(p->ids);
	free(p->queue);
	free(p);
}

int
assist_propagate(struct store *s, const struct store_span *model,
    const char *annotator, size_t *added, char **errp)
{
	struct assist_propagation	*p;
	int				 rc;

	*added = 0;
	if (assist_propagate_start(s, model, annotator, 0, 0, &p,
	    errp) == -1)
		return -1;
	while ((rc = assist_propagate_step(p, errp)) == 1)
		;
	*added = p->added;
	assist_propagate_finish(p);
	return rc;
}

struct assist_accept {
	int64_t		 article;
	const char	*text;
	const char	*label;
	const char	*annotator;
	size_t		 n;
};

static int
assist_accept_txn(struct store *s, void *ctx, char **errp)
{
	struct assist_accept	*aa = ctx;
	struct store_span	*v = NULL;
	size_t			 n = 0, i;
	int			 rc = 0;

	aa->n = 0;
	if (store_span_list(s, aa->article, aa->annotator, &v, &n,
	    errp) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].status != STORE_SUGGESTED ||
		    strcmp(v[i].label, aa->label) != 0 ||
		    strcmp(v[i].text, aa->text) != 0)
			continue;
		rc = store_span_set_status(s, v[i].id, STORE_ACCEPTED, errp);
		aa->n++;
	}
	store_spans_free(v, n);
	return rc;
}

int
assist_accept_all(struct store *s, int64_t article, const char *text,
    const char *label, const char *annotator, size_t *n, char **errp)
{
	struct assist_accept	 aa;

	*n = 0;
	if (text == NULL || label == NULL)
		return err_set(errp, "accept-all needs a text and a label");
	memset(&aa, 0, sizeof(aa));
	aa.article = article;
	aa.text = text;
	aa.label = label;
	aa.annotator = annotator != NULL ? annotator : store_actor(s);
	if (store_txn_run(s, assist_accept_txn, &aa, errp) == -1)
		return -1;
	*n = aa.n;
	return 0;
}
