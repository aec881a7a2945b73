/*
 * assist.c: propagation and accept-all (SPEC §11).  Finding occurrences
 * reads the corpus outside any write transaction (the index gives the
 * candidates, an exact scan with UAX #29 word boundaries decides); the
 * suggestions are then added by the suggestion writer (suggest_writer.c)
 * in batches of one bulk write, each checking again what the annotator
 * has at each place.
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
#include "margin/word_edge.h"
#include "suggest_writer.h"

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
	struct word_edge	 edge;
	const char		*hit;
	size_t			 n = 0, cap = 0, at = 0, b, e, cp = 0, counted = 0;

	*vp = NULL;
	if (nlen == 0 || nlen > len)
		return 0;
	/* Boundaries only where the string is found. */
	word_edge_init(&edge, text, len);
	while (at + nlen <= len &&
	    (hit = assist_search(text + at, len - at, needle, nlen)) != NULL) {
		b = (size_t)(hit - text);
		e = b + nlen;
		at = b + 1;
		if (!word_edge_at(&edge, b) || !word_edge_at(&edge, e))
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
	word_edge_free(&edge);
	*vp = v;
	return n;
}

/*
 * A propagation in steps (suggest_writer.c): each step reads the next
 * articles (no write lock: the occurrences, and what the annotator has
 * there), then writes queued suggestions in one batch, so that no step
 * holds the lock more than a batch's time and the TUI can draw and read
 * keys between two steps.
 */
struct assist_propagation {
	struct suggest_writer	 w;
	struct store_span	 model;		/* its label and text, copied */
	char			*annotator;
	size_t			 nlen;
};

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

/* Read one article: offer its occurrences. */
static int
assist_read_article(struct suggest_writer *w, int64_t id, char **errp)
{
	struct assist_propagation	*p = w->source;
	struct store_article		 a;
	struct store_span		*have = NULL;
	struct assist_match		*v = NULL;
	struct suggest_place		 pl;
	size_t				 n, nhave = 0, i;

	if (store_article_get(w->s, id, NULL, &a, errp) == -1)
		return -1;
	n = assist_occurrences(a.text, a.text_len, p->model.text, p->nlen,
	    &v);
	store_article_free(&a);
	if (n > 0 && store_span_list(w->s, id, p->annotator, &have, &nhave,
	    errp) == -1) {
		free(v);
		return -1;
	}
	w->found += n;
	memset(&pl, 0, sizeof(pl));
	pl.article = id;
	pl.label = p->model.label;
	pl.text = p->model.text;
	for (i = 0; i < n; i++) {
		pl.start = v[i].start;
		pl.end = v[i].end;
		pl.start_byte = v[i].start_byte;
		pl.end_byte = v[i].end_byte;
		suggest_writer_offer(w, &pl, have, nhave);
	}
	store_spans_free(have, nhave);
	free(v);
	return 0;
}

/* Wanted while the annotator has no span on those bounds. */
static int
assist_still_wanted(struct suggest_writer *w, const struct suggest_place *pl,
    int *wanted, char **errp)
{
	struct store_span	*have = NULL;
	size_t			 nhave = 0;

	if (store_span_find(w->s, pl->article, pl->start, pl->end,
	    w->annotator, &have, &nhave, errp) == -1)
		return -1;
	store_spans_free(have, nhave);
	*wanted = nhave == 0;
	return 0;
}

static const struct suggest_writer_ops assist_propagation_ops = {
	.read_article = assist_read_article,
	.still_wanted = assist_still_wanted,
};

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
	int64_t				*ids = NULL;
	size_t				 nids = 0;
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
	p->model.text = xstrdup(model->text);
	p->model.label = xstrdup(model->label);
	p->annotator = xstrdup(annotator != NULL ? annotator : store_actor(s));
	p->nlen = strlen(model->text);
	suggest_writer_init(&p->w, s, &assist_propagation_ops, p,
	    p->annotator, STORE_PROPAGATED);
	p->w.max = max;
	if (article != 0) {
		ids = xmalloc(sizeof(*ids));
		ids[0] = article;
		nids = 1;
		rc = 0;
	} else if (assist_index_finds(p->model.text, p->nlen))
		rc = store_article_find_phrase(s, p->model.text, &ids, &nids,
		    errp);
	else
		rc = store_article_ids(s, &ids, &nids, errp);
	suggest_writer_set_articles(&p->w, ids, nids);
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
	return suggest_writer_step(&p->w, errp);
}

void
assist_propagate_progress(const struct assist_propagation *p,
    struct assist_progress *pr)
{
	pr->articles_done = p->w.next;
	pr->articles = p->w.nids;
	pr->added = p->w.added;
	pr->found = p->w.found;
	pr->capped = suggest_writer_capped(&p->w);
}

void
assist_propagate_share_group(struct assist_propagation *p,
    struct store_group *g)
{
	p->w.group = g;
}

void
assist_propagate_finish(struct assist_propagation *p)
{
	if (p == NULL)
		return;
	suggest_writer_free(&p->w);
	free(p->model.text);
	free(p->model.label);
	free(p->annotator);
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
	*added = p->w.added;
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
