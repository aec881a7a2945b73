/*
 * agree.h: inter-annotator agreement (SPEC §10, §16): exact-span
 * precision, recall and F1 per label, the same on entity links and on
 * relations, and Cohen's kappa over tokens, for pairs of annotators over
 * the articles both marked done.  No curses here.
 *
 * The rules, written once (the man page says the same):
 * - Only accepted spans count: suggestions are not annotations yet.
 * - Annotator A of a pair is the reference and B the prediction:
 *   precision = exact / B's spans, recall = exact / A's spans.  F1 is the
 *   same either way round.  A span is (article, start, end, label); the
 *   same span made twice by one annotator counts once.
 * - "overall" adds up the counts of every label (micro average).
 * - Entity links (SPEC §16), with the same F1: on the spans both made
 *   (the exact matches above), an item is (span, entity id) and only
 *   an accepted link counts (a suggested or rejected one is no link).
 *   reference = those spans A linked, prediction = those B linked,
 *   exact = those both linked to the same entity; so precision =
 *   exact / B's links and recall = exact / A's links.  A span only one
 *   of them made is the spans' disagreement, not the links'.
 * - Relations, with the same F1 on exact pairs: a relation is (article,
 *   its first span's start, end and label, its second span's, its own
 *   label); for a symmetric relation label the two spans are unordered.
 *   Only accepted relations count, each once.
 * - Kappa: every token of the article (text_tokens(): words and
 *   punctuation, as in CoNLL export) gets, for each annotator, the label
 *   of the LONGEST of their spans that overlaps it by at least one
 *   character, or "O" when none does.  Ties go to the span that starts
 *   first, then to the one made first.  So a nested span counts as its
 *   outer span, which is also how CoNLL export flattens nesting (§9): the
 *   kappa measures agreement on the token labels a tagger is trained on.
 * - A value whose denominator is zero is undefined (NAN): precision when
 *   B made no span, recall when A made none, kappa when both annotators
 *   gave every token the same single label (chance agreement is 1, so
 *   there is nothing to correct for) or there are no tokens.  Identical
 *   annotations with at least two labels in use give kappa 1.
 */
#ifndef MARGIN_AGREE_H
#define MARGIN_AGREE_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct store;

/* Exact-span counts of one label, or of all (overall). */
struct agree_counts {
	size_t	 reference;	/* spans of A */
	size_t	 prediction;	/* spans of B */
	size_t	 exact;		/* spans of both: same bounds and label */
};

struct agree_label {
	char			*name;
	struct agree_counts	 counts;
};

struct agree_pair {
	char			*reference;	/* annotator A */
	char			*prediction;	/* annotator B */
	size_t			 articles;	/* compared: done by both */
	struct agree_label	*labels;	/* in schema order; only
						   labels either one used */
	size_t			 nlabels;
	struct agree_counts	 overall;
	struct agree_counts	 entities;	/* links, on the overall.exact
						   spans both made */
	struct agree_counts	 relations;	/* exact relation pairs */
	size_t			 tokens;	/* tokens compared */
	size_t			 tokens_agreed;	/* same label (O included) */
	double			 observed;	/* tokens_agreed / tokens */
	double			 expected;	/* agreement by chance */
	double			 kappa;		/* NAN when undefined */
};

struct agree_result {
	struct agree_pair	*pairs;
	size_t			 npairs;
};

/*
 * Compare annotators.  With names == NULL, every pair of the annotators
 * the store knows (store_annotators()), each pair in name order
 * (byte order: the first is the reference), and only the pairs that have
 * at least one article both marked done.  With names (n >= 2, no name
 * twice), every pair of them in the order given (names[0] is the
 * reference of its pairs), each pair listed even when nothing could be
 * compared.  The counts come from one article at a time: memory is that
 * of one article and the pairs.
 */
int	 agree_compute(struct store *s, const char *const *names, size_t n,
	    struct agree_result *r, char **errp);
void	 agree_result_free(struct agree_result *r);

/* NAN when the denominator is zero (see above). */
double	 agree_precision(const struct agree_counts *c);
double	 agree_recall(const struct agree_counts *c);
double	 agree_f1(const struct agree_counts *c);

/*
 * The result as an aligned table for people (numbers to 3 decimals, "-"
 * for undefined ones; names made safe for a terminal), then the kappa
 * line and a table of entity links and relations; or as one JSON
 * document {"pairs":[...]} for scripts (undefined numbers are null),
 * each pair with "entities" and "relations" objects of the same members
 * as "overall".
 */
void	 agree_format_table(const struct agree_result *r, struct buf *out);
void	 agree_format_json(const struct agree_result *r, struct buf *out);

/*
 * Split a comma-separated list of annotator names ("alice,bob") for the
 * command line: *names is a new array of new strings.  An empty name or
 * a name given twice is an error.
 */
int	 agree_names_parse(const char *list, char ***names, size_t *n,
	    char **errp);
void	 agree_names_free(char **names, size_t n);

/*
 * The articles both a and b marked done, in import order (ids ascending).
 * *ids is a new array (NULL when *n is 0).  Also used by review.
 */
int	 agree_common_articles(struct store *s, const char *a, const char *b,
	    int64_t **ids, size_t *n, char **errp);

#endif
