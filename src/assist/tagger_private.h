/*
 * tagger_private.h: what tagger.c, tagger_lexicon.c and tagger_cluster.c
 * share inside the assist layer: the lexicon a model carries (gazetteer
 * names as token n-grams, word clusters), the hashes of words, and the
 * little-endian reader and writer of the model's blob.
 */
#ifndef MARGIN_TAGGER_PRIVATE_H
#define MARGIN_TAGGER_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "margin/tagger.h"

struct buf;

/* The longest gazetteer name, in tokens, that membership looks for. */
#define TAGGER_NAME_MAX_TOKENS	8
/* At most this many gazetteer labels (a bit each). */
#define TAGGER_LEXICON_MAX_LABELS	32

/* An open-addressing table of 64-bit keys (never 0) to 32-bit values. */
struct tagger_table {
	uint64_t	*keys;
	uint32_t	*values;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
};
void	 tagger_table_free(struct tagger_table *t);
/* The value of key, ORed with v (inserted when new). */
void	 tagger_table_or(struct tagger_table *t, uint64_t key, uint32_t v);
/* Set key to v. */
void	 tagger_table_set(struct tagger_table *t, uint64_t key, uint32_t v);
/* The value of key; 0 when absent. */
uint32_t tagger_table_get(const struct tagger_table *t, uint64_t key);
void	 tagger_table_copy(struct tagger_table *dst,
	    const struct tagger_table *src);

/* The text the clusters learn from, gathered before they are learnt
   (tagger_cluster.c): word ids (0: a sentence's edge), and the words'
   keys and counts. */
struct tagger_cluster_text {
	struct tagger_table	 ids;	/* word key -> id */
	uint32_t		*seq;
	size_t			 nseq, capseq;
	uint64_t		*keys;	/* of id */
	uint32_t		*counts;
	size_t			 nwords, capwords;
	size_t			 tokens;
};

struct tagger_lexicon {
	/* Gazetteers: the hash of a name's tokens (exact, or lower-cased
	   for a list that ignores case) to a bit per label of labels[]. */
	struct tagger_table	 names;
	char			*labels[TAGGER_LEXICON_MAX_LABELS];
	size_t			 nlabels;
	size_t			 nnames;
	size_t			 longest;	/* tokens */
	/* Clusters: the hash of a word to its path in the tree of
	   clusters, (path << 5 | depth) with depth <= 24. */
	struct tagger_table	 clusters;
	unsigned		 depth;		/* of the deepest leaf */
	struct tagger_cluster_text *text;
};

/* The key of a word in the tables (never 0). */
uint64_t tagger_word_key(const char *s, size_t len);
/* The key of a token sequence, extended by one more token. */
uint64_t tagger_name_key_add(uint64_t h, const char *s, size_t len);
#define TAGGER_NAME_EXACT	0x6d617267696e4e31ULL
#define TAGGER_NAME_FOLDED	0x6d617267696e4e32ULL

/* A word lower-cased (a new string, *n its length). */
char	*tagger_lower(const char *s, size_t len, size_t *n);

void	 tagger_cluster_text_free(struct tagger_cluster_text *t);

/* The ways a word appears in an article (tagger_article.c), a count of
   each kept. */
enum tagger_seen {
	TAGGER_SEEN_UPPER,		/* capitalised, inside a sentence */
	TAGGER_SEEN_FIRST,		/* capitalised, first of a sentence */
	TAGGER_SEEN_LOWER,		/* a small letter first */
	TAGGER_SEEN_CAPITALS,		/* in capitals */
	TAGGER_SEEN_RUN_FIRST,		/* of capitalised words: first, */
	TAGGER_SEEN_RUN_INSIDE,		/* inside, */
	TAGGER_SEEN_RUN_LAST,		/* last, */
	TAGGER_SEEN_RUN_ALONE,		/* alone (not first in a sentence) */
	TAGGER_SEEN_KINDS
};
/* How word i of a sentence of n (lower its lower-cased form) appears
   elsewhere in the article: a TAGGER_SEEN_* bit each. */
unsigned tagger_article_elsewhere(const struct tagger_article *a,
	    const struct tagger_word *w, size_t n, size_t i,
	    const char *lower, size_t lower_len);

/* The blob: little-endian numbers, and a reader that stops at its end. */
void	 tagger_put32(struct buf *b, uint32_t v);
void	 tagger_put64(struct buf *b, uint64_t v);
struct tagger_reader {
	const unsigned char	*p;
	size_t			 len, at;
	int			 short_read;
};
uint32_t tagger_get32(struct tagger_reader *r);
uint64_t tagger_get64(struct tagger_reader *r);

/* The lexicon in a model's blob, and back (-1: damaged). */
void	 tagger_lexicon_save(const struct tagger_lexicon *lx,
	    struct buf *out);
int	 tagger_lexicon_read(struct tagger_reader *r,
	    struct tagger_lexicon *lx);
/* A copy of what a model needs of lx (no text). */
void	 tagger_lexicon_copy(struct tagger_lexicon *dst,
	    const struct tagger_lexicon *src);
void	 tagger_lexicon_clear(struct tagger_lexicon *lx);

#endif
