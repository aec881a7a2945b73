/*
 * entity_match.h: how likely a mention (the text of a span) names an
 * entity of a given canonical name, for the entity-linking picker and its
 * suggestions (SPEC §16).  A score in [0, 1] that knows case, diacritics,
 * possessives, leading titles, transliteration variants of names
 * ("Aleksey" / "Alexei"), partial names ("Navalny", "A. Navalny") and
 * reversed word order.  No SQLite, no curses.
 *
 * What the scores mean (the constants below are the whole scale):
 *	1.0	the same tokens after folding (case, marks, titles, 's)
 *	0.95	a transliteration variant of every token ("Aleksey Navalny")
 *	0.9	an initial for a first name ("A. Navalny"): 0.95 on average
 *	0.92	the tokens right but in reverse order ("Navalny Alexei")
 *	0.85	the surname (the name's last token) only ("Navalny")
 *	0.55	the first name only ("Alexei")
 *	0	nothing alike ("Biden" for "Antony Blinken")
 * Each is multiplied by how close the tokens are, and lowered a tenth for
 * each token of the mention that matches nothing in the name.
 *
 * Inputs are any bytes: invalid UTF-8 reads as U+FFFD, a NUL byte as a
 * separator, and nothing is read past the length given.
 */
#ifndef MARGIN_ENTITY_MATCH_H
#define MARGIN_ENTITY_MATCH_H

#include <stddef.h>
#include <stdint.h>

/* At or above this score a name is worth offering as a suggestion for a
   mention (a surname alone is; a first name alone is not). */
#define ENTITY_MATCH_SUGGEST	0.70

/* The weights of the scale above. */
#define ENTITY_MATCH_VARIANT	0.95	/* a token equal only as a key */
#define ENTITY_MATCH_INITIAL	0.90	/* "A" for "Alexei" */
#define ENTITY_MATCH_REVERSED	0.92	/* the tokens in reverse order */
#define ENTITY_MATCH_SURNAME	0.85	/* the last token of the name only */
#define ENTITY_MATCH_FIRST	0.55	/* the first token of the name only */
#define ENTITY_MATCH_MIDDLE	0.45	/* neither first nor last token */
#define ENTITY_MATCH_EXTRA	0.10	/* off per unmatched mention token */
/* Two keys closer than this (1 - edits / longer length) count as unlike. */
#define ENTITY_MATCH_FLOOR	0.70

/*
 * Beyond these sizes a text is not a name: a token longer than
 * ENTITY_MATCH_TOKEN_MAX code points is compared by equality only, and a
 * text of more than ENTITY_MATCH_TOKENS_MAX tokens scores 1 when its
 * tokens equal the other's and 0 otherwise, so that time stays linear.
 */
#define ENTITY_MATCH_TOKEN_MAX	64
#define ENTITY_MATCH_TOKENS_MAX	32

/* One token of a prepared text: offsets into the key's chars. */
struct entity_key_token {
	size_t		 fold;		/* the folded token */
	size_t		 foldlen;
	size_t		 key;		/* its transliteration key */
	size_t		 keylen;
};

/*
 * A text folded once, to be compared with many others.  chars holds the
 * whole folded text (white space runs made one space, for equality),
 * then each token's folded form and key; tokens[first .. ntokens) are the
 * tokens after the leading titles and trailing suffixes ("Jr.").
 */
struct entity_key {
	uint32_t			*chars;
	size_t				 nchars;
	size_t				 capchars;
	size_t				 wholelen;	/* chars[0 .. wholelen) */
	struct entity_key_token		*tokens;
	size_t				 ntokens;
	size_t				 captokens;
	size_t				 first;
};

void	 entity_key_init(struct entity_key *k, const char *s, size_t len);
void	 entity_key_free(struct entity_key *k);

/*
 * The score of a mention for a name, prepared or not.  Texts equal after
 * folding score 1 whatever they hold (emoji, punctuation); otherwise a
 * text with no letter or digit scores 0, and an empty one always does.
 */
double	 entity_match_keys(const struct entity_key *mention,
	    const struct entity_key *name);
double	 entity_match_score(const char *mention, size_t mlen,
	    const char *name, size_t nlen);

/*
 * Rank n names for a mention, best first: out_index[i] is the index in
 * names of the i-th best and out_score[i] (when not NULL) its score; the
 * sort is stable (equal scores keep the names' order).  lens[i] is the
 * length of names[i], or lens is NULL for NUL-terminated names.
 */
void	 entity_match_rank(const char *mention, size_t mlen,
	    const char *const *names, const size_t *lens, size_t n,
	    size_t *out_index, double *out_score);
/* The same over names prepared once (a picker of thousands). */
void	 entity_match_rank_keys(const struct entity_key *mention,
	    const struct entity_key *names, size_t n, size_t *out_index,
	    double *out_score);

/* 1 when the mention could be the name or a variant of it, a link worth
   suggesting (a score of at least ENTITY_MATCH_SUGGEST); else 0. */
int	 entity_match_is_variant(const char *mention, size_t mlen,
	    const char *name, size_t nlen);

#endif
