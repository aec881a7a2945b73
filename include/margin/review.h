/*
 * review.h: adjudication (SPEC §10): the disagreements of two annotators,
 * one by one with both sides, and the spans chosen from them written as a
 * gold annotator.  The data and the writes; no curses (the TUI's review
 * view and `margin review` are built on this).
 *
 * The rules, written once (the man page says the same):
 * - Only accepted spans of A and B count; a span is (start, end, label)
 *   and the same span made twice by one annotator counts once.
 * - A span that both made (same bounds, same label) is agreed.
 * - The other spans form disagreements: two spans of different sides are
 *   linked when they overlap (share at least one character), and each
 *   group of linked spans is one disagreement showing both sides.  Spans
 *   of the same side are not linked to each other, so a nested span of A
 *   that B did not make is a disagreement of its own.  A group of one
 *   side only is REVIEW_ONLY_A/B; one span each with the same bounds is
 *   REVIEW_LABEL; anything else is REVIEW_BOUNDS.
 * - Taking a side makes the gold annotator's accepted spans among the
 *   disagreement's spans exactly the chosen ones: the chosen spans are
 *   added (status accepted, keeping the origin and note of the span they
 *   copy: the gold annotator and the history say who decided), the
 *   others are removed from gold.  Gold spans elsewhere are never
 *   touched.  So taking is idempotent, and taking again changes one's
 *   mind.  All of one take is one transaction (one undo).
 * - Relations (SPEC §16): an accepted relation between two accepted
 *   spans, as (its first span, its second span, its label); of a
 *   symmetric label, the two spans in either order.  One that A made and
 *   B did not (or B and not A) is a REVIEW_RELATION disagreement, its two
 *   spans on that side (a[0] the first, a[1] the second; or b[]).
 *   Taking that side makes gold hold both spans (as taking spans does)
 *   and the relation between them; taking the other side, or neither,
 *   removes gold's relation and leaves gold's spans alone.
 * - The gold annotator must be neither A nor B.
 */
#ifndef MARGIN_REVIEW_H
#define MARGIN_REVIEW_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct store_span;

enum review_kind {
	REVIEW_AGREED,		/* same bounds and label on both sides */
	REVIEW_ONLY_A,		/* spans of A that no span of B overlaps */
	REVIEW_ONLY_B,
	REVIEW_LABEL,		/* the same bounds, different labels */
	REVIEW_BOUNDS,		/* overlapping spans, different bounds */
	REVIEW_RELATION		/* a relation one side made, the other not */
};

enum review_take {
	REVIEW_TAKE_A,
	REVIEW_TAKE_B,
	REVIEW_TAKE_BOTH,
	REVIEW_TAKE_NEITHER
};

/* Which of the item's spans the gold annotator holds now. */
enum review_gold {
	REVIEW_GOLD_NONE,	/* none (undecided, or "neither") */
	REVIEW_GOLD_A,		/* exactly A's */
	REVIEW_GOLD_B,		/* exactly B's */
	REVIEW_GOLD_BOTH,	/* all of both sides' */
	REVIEW_GOLD_MIXED	/* some other mixture */
};

const char *review_kind_name(enum review_kind k);	/* "a-only" ... */
const char *review_gold_name(enum review_gold g);	/* "none" ... */
int	 review_take_parse(const char *name, enum review_take *t);

/*
 * One disagreement (or one agreed span).  The spans are copies owned by
 * the list, in text order (start, then longer first); their ids are those
 * of A's and B's spans in the store.
 */
struct review_item {
	int64_t			 article_id;
	enum review_kind	 kind;
	size_t			 start, end;	/* code points: from the first
						   start to the last end */
	struct store_span	*a;		/* A's side */
	size_t			 na;
	struct store_span	*b;		/* B's side */
	size_t			 nb;
	enum review_gold	 gold;
	char			*relation;	/* REVIEW_RELATION: its label */
};

/* The disagreements and the agreed spans of one article, in text order
   (start, then longer first). */
struct review_list {
	int64_t			 article_id;
	struct review_item	*items;		/* disagreements */
	size_t			 n;
	struct review_item	*agreed;	/* kind REVIEW_AGREED, one
						   span on each side */
	size_t			 nagreed;
};

/*
 * Compare a and b on one article (whether or not they marked it done).
 * gold (may be NULL) is read to fill each item's gold field.
 */
int	 review_disagreements(struct store *s, const char *a, const char *b,
	    const char *gold, int64_t article_id, struct review_list *list,
	    char **errp);
void	 review_list_free(struct review_list *list);

/*
 * Write what was taken of item into gold (see the rules above) and set
 * item->gold.  Refused on a read-only store.
 */
int	 review_take(struct store *s, struct review_item *item,
	    enum review_take which, const char *gold, char **errp);

/*
 * Which articles a review covers: those both a and b marked done (as
 * margin agree compares), or with REVIEW_ALL_ARTICLES every article where
 * either has a span.  Ascending ids; *ids is a new array.
 */
enum review_flags {
	REVIEW_ALL_ARTICLES = 1 << 0
};
int	 review_articles(struct store *s, const char *a, const char *b,
	    int flags, int64_t **ids, size_t *n, char **errp);

/*
 * Copy every agreed span of the review's articles into gold, as a bulk
 * write (batches of about STORE_BATCH_MS, one undo group); spans gold
 * already holds are left alone, so running it again adds nothing, and a
 * run that failed half-way is completed by the next.  *added (may be
 * NULL) counts the spans written, also on failure.
 */
int	 review_copy_agreed(struct store *s, const char *a, const char *b,
	    const char *gold, int flags, size_t *added, char **errp);

/*
 * A walk over the disagreements of the review's articles, for the TUI:
 * one article is loaded at a time, and the walk moves from one
 * disagreement to the next across articles, skipping articles without
 * any.  The list of articles is fixed when the walk opens.
 */
struct review_walk;

int	 review_walk_open(struct review_walk **wp, struct store *s,
	    const char *a, const char *b, const char *gold, int flags,
	    char **errp);
void	 review_walk_close(struct review_walk *w);
/*
 * Move to the next (dir > 0) or previous (dir < 0) disagreement; the
 * first step forward goes to the first one.  Returns 1 when it moved, 0
 * when there is none further that way (the walk stays where it was), -1
 * on error.
 */
int	 review_walk_step(struct review_walk *w, int dir, char **errp);
/*
 * The current disagreement, or NULL before the first step (or when a
 * refresh found the current article settled by its annotators).  Valid
 * until the next call on the walk.
 */
struct review_item *review_walk_current(struct review_walk *w);
/* The loaded article's whole list (for drawing all its disagreements),
   or NULL before the first step. */
const struct review_list *review_walk_list(const struct review_walk *w);
/*
 * Re-read the current article (another process changed it): the walk
 * stays on the disagreement at the same place, or the next one after it
 * in that article.
 */
int	 review_walk_refresh(struct review_walk *w, char **errp);
/* review_take() on the current disagreement. */
int	 review_walk_take(struct review_walk *w, enum review_take which,
	    char **errp);

/* Where the walk is, for a status line: "article 3/10, 2/5". */
struct review_where {
	size_t	 article;	/* 1-based; 0 before the first step */
	size_t	 narticles;	/* in the review */
	size_t	 item;		/* 1-based within the article; 0 if none */
	size_t	 nitems;	/* disagreements in this article */
};
void	 review_walk_where(const struct review_walk *w,
	    struct review_where *where);

#endif
