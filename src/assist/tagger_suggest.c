/*
 * tagger_suggest.c: suggestions of the built-in tagger (SPEC §11).  Like
 * propagation (assist.c), the articles are read and tagged outside any
 * write transaction, and the suggestion writer (suggest_writer.c) adds the
 * suggestions in batches of one bulk write (one undo group), each checking
 * again what the annotator has at each place.
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
#include "suggest_writer.h"

struct tagger_suggestion {
	struct suggest_writer	 w;
	const struct tagger	*t;
	char			*annotator;
	double			 min_score;
	size_t			 tokens;
};

/* Tag one sentence of article a (its words w[0..n), tokens tok[0..n))
   and queue its chunks. */
static void
tagger_queue_sentence(struct tagger_suggestion *p, int64_t id,
    const struct tagger_article *a, struct text_offsets *off,
    const struct tagger_word *w, const struct article_token *tok, size_t n,
    struct suggest_place **v, size_t *nv, size_t *cap)
{
	struct tagger_chunk	*ch;
	size_t			 i, nch;

	nch = tagger_tag_in(p->t, a, w, n, &ch);
	for (i = 0; i < nch; i++) {
		struct suggest_place	*pl;

		if (ch[i].score < p->min_score)
			continue;
		ARRAY_RESERVE(*v, *cap, *nv + 1);
		pl = &(*v)[(*nv)++];
		memset(pl, 0, sizeof(*pl));
		pl->article = id;
		pl->start_byte = tok[ch[i].first].start;
		pl->end_byte = tok[ch[i].last].end;
		pl->start = text_offsets_cp(off, pl->start_byte);
		pl->end = text_offsets_cp(off, pl->end_byte);
		pl->label = tagger_label(p->t, ch[i].label);
		pl->score = ch[i].score;
	}
	p->tokens += n;
	free(ch);
}

/* The article's tokens as words, cut into sentences (*sent, *nsent; the
   first token of each in first[]). */
static void
tagger_article_sentences(const char *text, const struct article_token *tok,
    size_t ntok, struct tagger_word **words, struct tagger_sentence **sent,
    size_t **first, size_t *nsent)
{
	size_t	 i, at = 0;

	/* At most a sentence a token. */
	*words = xreallocarray(NULL, ntok ? ntok : 1, sizeof(**words));
	*sent = xcalloc(ntok ? ntok : 1, sizeof(**sent));
	*first = xreallocarray(NULL, ntok ? ntok : 1, sizeof(**first));
	*nsent = 0;
	for (i = 0; i < ntok; i++) {
		(*words)[i].s = text + tok[i].start;
		(*words)[i].len = tok[i].end - tok[i].start;
	}
	for (i = 1; i <= ntok; i++)
		if (i == ntok || tok[i].sentence_start) {
			(*sent)[*nsent].words = *words + at;
			(*sent)[*nsent].n = i - at;
			(*first)[(*nsent)++] = at;
			at = i;
		}
}

/* Tag one article and offer its chunks. */
static int
tagger_read_article(struct suggest_writer *w, int64_t id, char **errp)
{
	struct tagger_suggestion	*p = w->source;
	struct store_article		 a;
	struct store_span		*have = NULL;
	struct article_token		*tok = NULL;
	struct suggest_place		*v = NULL;
	struct tagger_word		*words;
	struct tagger_sentence		*sent;
	struct tagger_article		*ta;
	struct text_offsets		 off;
	size_t				 ntok, nv = 0, cap = 0, nhave = 0, i;
	size_t				*first, nsent;

	if (store_article_get(w->s, id, NULL, &a, errp) == -1)
		return -1;
	ntok = article_tokens(a.text, a.text_len, a.meta, &tok);
	text_offsets_init(&off, a.text, a.text_len);
	tagger_article_sentences(a.text, tok, ntok, &words, &sent, &first,
	    &nsent);
	ta = tagger_article_new(sent, nsent);
	for (i = 0; i < nsent; i++)
		tagger_queue_sentence(p, id, ta, &off, sent[i].words,
		    tok + first[i], sent[i].n, &v, &nv, &cap);
	tagger_article_free(ta);
	free(sent);
	free(first);
	free(words);
	text_offsets_free(&off);
	free(tok);
	store_article_free(&a);
	if (nv > 0 && store_span_list(w->s, id, p->annotator, &have, &nhave,
	    errp) == -1) {
		free(v);
		return -1;
	}
	w->found += nv;
	for (i = 0; i < nv; i++)
		suggest_writer_offer(w, &v[i], have, nhave);
	store_spans_free(have, nhave);
	free(v);
	return 0;
}

/* What the annotator has there may have changed since the article was
   read: any span that covers the place. */
static int
tagger_still_wanted(struct suggest_writer *w, const struct suggest_place *pl,
    int *wanted, char **errp)
{
	struct store_span	*have = NULL;
	size_t			 nhave = 0;

	if (store_span_find(w->s, pl->article, 0, 0, w->annotator, &have,
	    &nhave, errp) == -1)
		return -1;
	*wanted = !assist_unwanted(have, nhave, pl->start, pl->end,
	    pl->label);
	store_spans_free(have, nhave);
	return 0;
}

static const struct suggest_writer_ops tagger_suggest_ops = {
	.read_article = tagger_read_article,
	.still_wanted = tagger_still_wanted,
};

int
tagger_suggest_start(struct store *s, const struct tagger *t,
    const char *annotator, const int64_t *articles, size_t narticles,
    double min_score, struct tagger_suggestion **pp, char **errp)
{
	struct tagger_suggestion	*p;
	int64_t				*ids = NULL;
	size_t				 nids = 0;

	*pp = NULL;
	if (store_readonly(s))
		return err_set(errp, "database is read-only");
	p = xcalloc(1, sizeof(*p));
	p->t = t;
	p->annotator = xstrdup(annotator != NULL ? annotator :
	    store_actor(s));
	p->min_score = min_score;
	suggest_writer_init(&p->w, s, &tagger_suggest_ops, p, p->annotator,
	    STORE_MODEL);
	if (articles != NULL) {
		ids = xreallocarray(NULL, narticles ? narticles : 1,
		    sizeof(*ids));
		memcpy(ids, articles, narticles * sizeof(*ids));
		nids = narticles;
	} else if (store_article_ids(s, &ids, &nids, errp) == -1) {
		tagger_suggest_finish(p);
		return -1;
	}
	suggest_writer_set_articles(&p->w, ids, nids);
	*pp = p;
	return 0;
}

int
tagger_suggest_step(struct tagger_suggestion *p, char **errp)
{
	return suggest_writer_step(&p->w, errp);
}

void
tagger_suggest_progress(const struct tagger_suggestion *p,
    struct tagger_suggest_progress *pr)
{
	pr->articles_done = p->w.next;
	pr->articles = p->w.nids;
	pr->tokens = p->tokens;
	pr->found = p->w.found;
	pr->added = p->w.added;
}

void
tagger_suggest_finish(struct tagger_suggestion *p)
{
	if (p == NULL)
		return;
	suggest_writer_free(&p->w);
	free(p->annotator);
	free(p);
}
