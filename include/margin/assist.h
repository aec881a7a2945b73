/*
 * assist.h: assisted annotation over the store (SPEC §11): propagating a
 * tagged string to its identical, word-aligned occurrences in the corpus
 * as suggestions, and accepting suggestions together.  No curses here:
 * the TUI's propagate and accept-all actions call these.
 */
#ifndef MARGIN_ASSIST_H
#define MARGIN_ASSIST_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct store_span;

/* One occurrence: code points (as spans count them) and bytes. */
struct assist_match {
	size_t	start;
	size_t	end;
	size_t	start_byte;
	size_t	end_byte;
};

/*
 * Every occurrence of needle (exact bytes) in text that is word-aligned:
 * it starts and ends on a UAX #29 word boundary of text, so "Paris" is
 * found in "🙂Paris," and "東京Paris" but not in "Parisian" or "Paris’s".
 * *v receives a new array (NULL when none), in text order.
 */
size_t	 assist_occurrences(const char *text, size_t len, const char *needle,
	    size_t nlen, struct assist_match **v);

/*
 * Propagate model (its text and label; its article and annotator do not
 * matter) as suggestions (status suggested, origin propagated) of
 * annotator (NULL: store_actor) at each word-aligned occurrence of
 * model->text in article (0: every article of the corpus), except where
 * annotator already has a span with the same bounds (of any label or
 * status: a rejected suggestion is not made again) or an accepted or
 * suggested span of the same label that covers it.  At most max
 * suggestions (0: no cap).
 *
 * A bulk write (SPEC §11): assist_propagate_step() reads some articles
 * and writes one batch, returning 1 while there is more, 0 when done (or
 * capped), -1 on an error (the batches before stay written).  Stopping
 * between two steps is clean.  All batches make one undo group.
 * assist_propagate() runs every step.
 *
 * Candidate articles come from the full-text index (a phrase query) when
 * the text begins and ends with a letter or digit of a script that
 * separates words with spaces; otherwise (CJK, Thai, emoji, punctuation
 * at either end) every article is searched.  One gap remains: the index
 * glues letters to neighbouring ideographs, kana, emoji and symbols into
 * one token, so an occurrence written without a space next to one
 * ("東京とParis", "🙂Paris") is found only in an article that also has
 * the text standing alone.
 */
/*
 * The rule every source of suggestions keeps (SPEC §11): is a suggestion
 * of label at code points start..end unwanted, given the spans have of
 * its annotator in that article?  It is when one has the same bounds (of
 * any label or status: a rejected suggestion is not made again), or an
 * accepted or suggested one of the same label covers it ("Lavrov" inside
 * "Sergei Lavrov").
 */
int	 assist_unwanted(const struct store_span *have, size_t nhave,
	    size_t start, size_t end, const char *label);

/*
 * Before a corpus-wide run: how many articles it would read and, when
 * the index can tell (*estimated), about how many occurrences they hold
 * (from the index alone, so it is quick; the exact count comes with the
 * run).  Otherwise every article is read and *occurrences is 0.
 */
int	 assist_propagate_estimate(struct store *s, const char *text,
	    size_t *articles, size_t *occurrences, int *estimated,
	    char **errp);
struct assist_propagation;
struct assist_progress {
	size_t	 articles_done;	/* read */
	size_t	 articles;	/* to read */
	size_t	 found;		/* occurrences in the articles read */
	size_t	 added;		/* suggestions written */
	int	 capped;	/* stopped at max */
};
int	 assist_propagate_start(struct store *s, const struct store_span *model,
	    const char *annotator, int64_t article, size_t max,
	    struct assist_propagation **p, char **errp);
int	 assist_propagate_step(struct assist_propagation *p, char **errp);
void	 assist_propagate_progress(const struct assist_propagation *p,
	    struct assist_progress *pr);
void	 assist_propagate_finish(struct assist_propagation *p);
/* Make the run's batches join g (zeroed before the first run), so that
   several runs are one undo group; before the first step. */
struct store_group;
void	 assist_propagate_share_group(struct assist_propagation *p,
	    struct store_group *g);
int	 assist_propagate(struct store *s, const struct store_span *model,
	    const char *annotator, size_t *added, char **errp);

/*
 * Accept every suggestion of annotator (NULL: store_actor) in article
 * whose text and label are those given, in one transaction.  *n counts
 * them.
 */
int	 assist_accept_all(struct store *s, int64_t article, const char *text,
	    const char *label, const char *annotator, size_t *n, char **errp);

/*
 * Entity links offered across the corpus (SPEC §16, entity_suggest.c):
 * each accepted span of annotator (NULL: everyone's) of label (NULL: any)
 * with no link, whose text names an entity of its label at
 * ENTITY_MATCH_SUGGEST or better, is offered the best one's link as a
 * suggestion.  One bulk write, one undo group.
 */
struct assist_entity_result {
	size_t	 entities;	/* entities compared with */
	size_t	 spans;		/* spans with no link looked at */
	size_t	 offered;	/* links offered */
};
int	 assist_entity_suggest(struct store *s, const char *annotator,
	    const char *label, struct assist_entity_result *r, char **errp);

#endif
