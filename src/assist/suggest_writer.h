/*
 * suggest_writer.h: the one writer of suggestions, private to src/assist/:
 * propagation (assist.c), gazetteers (gazetteer.c) and the tagger
 * (tagger_suggest.c) each say how to read an article and whether a place
 * is still wanted; the writer reads the articles outside any write
 * transaction, queues the places that are wanted, and writes them as one
 * bulk write (SPEC §11): batches of store_batch_run(), each holding the
 * write lock at most about STORE_BATCH_MS, all one undo group, with the
 * counts a progress line shows.  A caller steps it until it returns 0, so
 * that Esc or Ctrl-C between two steps stops it cleanly.
 */
#ifndef MARGIN_SUGGEST_WRITER_H
#define MARGIN_SUGGEST_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "margin/store.h"

/* A suggestion to write: the strings belong to the source and live as
   long as the run. */
struct suggest_place {
	int64_t		 article;
	size_t		 start, end;		/* code points */
	size_t		 start_byte, end_byte;
	const char	*label;
	const char	*text;			/* NULL: the store takes it */
	double		 score;
};

struct suggest_writer;

struct suggest_writer_ops {
	/* Read one article and offer its places (suggest_writer_offer). */
	int	(*read_article)(struct suggest_writer *w, int64_t id,
		    char **errp);
	/* Is pl still wanted, now that the write lock is held? */
	int	(*still_wanted)(struct suggest_writer *w,
		    const struct suggest_place *pl, int *wanted, char **errp);
};

struct suggest_writer {
	struct store			*s;
	const struct suggest_writer_ops	*ops;
	void				*source;	/* for the ops */
	const char			*annotator;	/* the source's */
	enum store_span_origin		 origin;
	size_t				 max;		/* 0: no cap */
	int64_t				*ids;		/* the articles, owned */
	size_t				 nids;
	size_t				 next;		/* the next to read */
	struct suggest_place		*queue;		/* read, not written */
	size_t				 nqueue, cap, qnext;
	size_t				 found;		/* places seen */
	size_t				 added;
	struct store_group		 own_group;	/* one undo for the run */
	struct store_group		*group;		/* own_group, or shared */
	size_t				 batch_added;	/* in the batch in hand */
	size_t				 batch_qnext;
};

/* A writer over ids (taken, freed with it; may be NULL when nids is 0). */
void	 suggest_writer_init(struct suggest_writer *w, struct store *s,
	    const struct suggest_writer_ops *ops, void *source,
	    const char *annotator, enum store_span_origin origin);
void	 suggest_writer_set_articles(struct suggest_writer *w, int64_t *ids,
	    size_t nids);
/*
 * Offer a place read from an article: it is queued unless the
 * annotator's spans there (have) make it unwanted (assist_unwanted).  The
 * source counts what it found in found.
 */
void	 suggest_writer_offer(struct suggest_writer *w,
	    const struct suggest_place *pl, const struct store_span *have,
	    size_t nhave);
/* Read, then write one batch: 1 while work is left, 0 when done, -1. */
int	 suggest_writer_step(struct suggest_writer *w, char **errp);
/* The cap is reached. */
int	 suggest_writer_capped(const struct suggest_writer *w);
void	 suggest_writer_free(struct suggest_writer *w);

#endif
