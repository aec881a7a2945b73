/*
 * tagger_store.h: the built-in tagger over the store (SPEC §11): the
 * training corpus of the articles marked done, and suggestions written
 * by a model.  No curses here.
 */
#ifndef MARGIN_TAGGER_STORE_H
#define MARGIN_TAGGER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "margin/store.h"
#include "margin/tagger.h"

/* An article's tokens: article_tokens() of tokens.h. */
#include "margin/tokens.h"

/*
 * The training corpus: the articles marked done (by annotator, else by
 * anyone; with tag when not NULL), and in each the accepted spans of
 * the annotator (else of those who marked it done), snapped to tokens
 * as the CoNLL export snaps them.  Labels are those the spans use, in
 * the schema's order.
 */
struct tagger_corpus {
	struct tagger_sentence	 *sentences;
	size_t			  nsentences;
	char			**labels;
	size_t			  nlabels;
	size_t			  articles;
	size_t			  tokens;
	size_t			  spans;
	int64_t			 *ids;		/* the articles */
	size_t			 *sentence_article;	/* into ids */
	/* What the sentences point into. */
	char			**texts;
	struct tagger_word	 *words;
	struct tagger_chunk	 *chunks;
};
int	 tagger_corpus_load(struct store *s, const char *annotator,
	    const char *tag, struct tagger_corpus *c, char **errp);
void	 tagger_corpus_free(struct tagger_corpus *c);
/* What a model learnt from, as the JSON object kept with it. */
char	*tagger_corpus_json(const struct tagger_corpus *c,
	    const char *annotator, const char *tag, int epochs,
	    uint64_t seed);
struct tagger_lexicon_stats;
/* The same with the features and what the lexicon was made of. */
char	*tagger_corpus_json_lexicon(const struct tagger_corpus *c,
	    const char *annotator, const char *tag, int epochs,
	    uint64_t seed, unsigned features,
	    const struct tagger_lexicon_stats *st);

/*
 * The lexicon a model is trained with (tagger.h): the names of every
 * gazetteer of the store (with TAGGER_FEATURE_GAZETTEER), and clusters
 * learnt from the text of the store's articles, all of them, done or
 * not, in import order up to max_tokens (with TAGGER_FEATURE_CLUSTERS).
 */
struct tagger_lexicon_options {
	unsigned			 features;	/* 0: the default */
	size_t				 max_tokens;	/* 0: 5M */
	struct tagger_cluster_options	 clusters;
};
struct tagger_lexicon_stats {
	size_t	 lists, names;		/* gazetteers */
	size_t	 articles, tokens;	/* read for the clusters */
	size_t	 clustered;		/* words with a cluster */
	double	 seconds;		/* to learn the clusters */
};
int	 tagger_lexicon_load(struct store *s,
	    const struct tagger_lexicon_options *o, struct tagger_lexicon **lx,
	    struct tagger_lexicon_stats *st, char **errp);

/* The newest model of the store; *found 0 when none was trained. */
int	 tagger_store_load(struct store *s, struct tagger **t, int *found,
	    char **errp);

/*
 * Suggest with model t (status suggested, origin model, its score) for
 * annotator (NULL: store_actor) in the articles given (NULL: every
 * article), the spans scoring at least min_score, except where the
 * annotator already has a span with the same bounds (any label or
 * status: a rejected one is not suggested again) or an accepted or
 * suggested one of the same label covering it.
 *
 * A bulk write (SPEC §11), as assist_propagate_*(): each step tags some
 * articles outside any write transaction, then writes one batch; it
 * returns 1 while there is more, 0 when done, -1 on an error (the
 * batches before stay).  All batches make one undo group.
 */
struct tagger_suggestion;
struct tagger_suggest_progress {
	size_t	 articles_done;
	size_t	 articles;
	size_t	 tokens;	/* tagged */
	size_t	 found;		/* spans at or above min_score */
	size_t	 added;		/* suggestions written */
};
int	 tagger_suggest_start(struct store *s, const struct tagger *t,
	    const char *annotator, const int64_t *articles, size_t narticles,
	    double min_score, struct tagger_suggestion **p, char **errp);
int	 tagger_suggest_step(struct tagger_suggestion *p, char **errp);
void	 tagger_suggest_progress(const struct tagger_suggestion *p,
	    struct tagger_suggest_progress *pr);
void	 tagger_suggest_finish(struct tagger_suggestion *p);

#endif
