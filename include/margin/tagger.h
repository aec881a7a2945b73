/*
 * tagger.h: margin's own sequence tagger (SPEC §11): an averaged
 * perceptron over BILOU tags with Viterbi decoding, on features of
 * the word, its shape, affixes and neighbours, its membership in the
 * gazetteers and its word cluster.  No store and no curses: it learns
 * from sentences of words with their gold chunks and a lexicon (names,
 * and clusters learnt from plain text), tags sentences, and turns itself,
 * lexicon included, into a versioned blob and back.
 */
#ifndef MARGIN_TAGGER_H
#define MARGIN_TAGGER_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* The format number of the blob tagger_save() writes.  Format 1 (no
   lexicon, hashed weights) is refused: train again. */
#define TAGGER_FORMAT	2

/* Groups of features (tagger_options.features; 0: the default). */
#define TAGGER_FEATURE_WORD		0x1	/* word, shape, affixes,
						   neighbours: always */
#define TAGGER_FEATURE_GAZETTEER	0x2	/* in a name of the lexicon */
#define TAGGER_FEATURE_CLUSTERS		0x4	/* the word's cluster */
#define TAGGER_FEATURE_ARTICLE		0x8	/* how the word appears
						   elsewhere in the article */
#define TAGGER_FEATURES_ALL		0xf
#define TAGGER_FEATURES_DEFAULT		TAGGER_FEATURES_ALL
/* "word,gazetteer,clusters,article" (any order, "all") into a mask; and
   back (a new string). */
int	 tagger_features_parse(const char *list, unsigned *mask, char **errp);
char	*tagger_features_name(unsigned mask);

/*
 * Tags: 0 is O; label k has B, I, L and U at 1 + 4k + TAGGER_B... so a
 * model of n labels has 1 + 4n tags.
 */
enum tagger_prefix {
	TAGGER_B,
	TAGGER_I,
	TAGGER_L,
	TAGGER_U
};
#define TAGGER_O		0
#define TAGGER_TAG(label, prefix)	(1 + 4 * (int)(label) + (int)(prefix))
#define TAGGER_TAG_LABEL(tag)	(((tag) - 1) / 4)
#define TAGGER_TAG_PREFIX(tag)	((enum tagger_prefix)(((tag) - 1) % 4))

/* Whether tag may follow prev (-1: the sentence start), and end one. */
int	 tagger_transition_valid(int prev, int tag);
int	 tagger_final_valid(int tag);

/* A word of a sentence: bytes of UTF-8. */
struct tagger_word {
	const char	*s;
	size_t		 len;
};
/* A chunk: tokens first..last of a sentence, a label, and (when tagged)
   how sure the model is, in [0,1]. */
struct tagger_chunk {
	size_t	 first;
	size_t	 last;
	size_t	 label;
	double	 score;
};
struct tagger_sentence {
	const struct tagger_word	*words;
	size_t				 n;
	const struct tagger_chunk	*chunks;	/* gold, for training */
	size_t				 nchunks;
};

/*
 * The lexicon a model learns with and keeps: gazetteer names as token
 * sequences, each with a label (at most 32 labels), and word clusters
 * learnt from plain text (a binary tree over the most frequent words,
 * split by 2-means over the words' left and right neighbours; each word
 * has its path in the tree).
 */
struct tagger_lexicon;
struct tagger_cluster_options {
	size_t		 words;		/* the most frequent words; 0: 5000 */
	unsigned	 depth;		/* of the tree, <= 24; 0: 10 */
	uint64_t	 seed;
};
struct tagger_lexicon *tagger_lexicon_new(void);
void	 tagger_lexicon_free(struct tagger_lexicon *lx);
int	 tagger_lexicon_add_name(struct tagger_lexicon *lx,
	    const struct tagger_word *w, size_t n, const char *label,
	    int ignore_case, char **errp);
size_t	 tagger_lexicon_name_count(const struct tagger_lexicon *lx);
/* A sentence of plain text for the clusters; the tokens gathered. */
void	 tagger_lexicon_text_add(struct tagger_lexicon *lx,
	    const struct tagger_word *w, size_t n);
size_t	 tagger_lexicon_text_tokens(const struct tagger_lexicon *lx);
/* Learn the clusters from the text added (which is dropped then).  The
   same text and options give the same clusters. */
int	 tagger_lexicon_cluster(struct tagger_lexicon *lx,
	    const struct tagger_cluster_options *o, char **errp);
size_t	 tagger_lexicon_cluster_count(const struct tagger_lexicon *lx);
/* The depth of word's path in the tree (0: no cluster); *path its bits,
   the root's first. */
unsigned tagger_lexicon_cluster_of(const struct tagger_lexicon *lx,
	    const char *s, size_t len, uint32_t *path);

/*
 * An article's sentences seen together, for the whole-article features:
 * how each word appears in the article (capitalised inside a sentence,
 * in lower case, in a run of capitalised words, ...).  Only the words are
 * read.
 */
struct tagger_article;
struct tagger_article *tagger_article_new(const struct tagger_sentence *s,
	    size_t n);
void	 tagger_article_free(struct tagger_article *a);

struct tagger_options {
	int		 epochs;	/* 0: 10 */
	uint64_t	 seed;		/* the shuffle of each epoch */
	unsigned	 features;	/* TAGGER_FEATURE_*; 0: the default */
	/* Names and clusters (copied into the model); NULL: none. */
	const struct tagger_lexicon *lexicon;
	/* The article of each sentence (an article's sentences one after
	   the other); NULL: every sentence is an article of its own. */
	const size_t	*articles;
	/* Called after each epoch with the training accuracy over tokens
	   (the predictions made while learning); may be NULL. */
	void		(*epoch)(void *ctx, int epoch, double accuracy);
	void		*ctx;
};

struct tagger;

/*
 * Learn labels (nlabels names) from sentences whose chunks are gold
 * (overlapping chunks: the first wins).  The same sentences, labels and
 * options give the same model, bit for bit.
 */
int	 tagger_train(const char *const *labels, size_t nlabels,
	    const struct tagger_sentence *sentences, size_t nsentences,
	    const struct tagger_options *o, struct tagger **tp, char **errp);
void	 tagger_free(struct tagger *t);
size_t	 tagger_label_count(const struct tagger *t);
unsigned tagger_feature_mask(const struct tagger *t);
const struct tagger_lexicon *tagger_lexicon_of(const struct tagger *t);
const char *tagger_label(const struct tagger *t, size_t i);

/* The best valid tag sequence for n words: tags[] gets n tags. */
void	 tagger_decode(const struct tagger *t, const struct tagger_word *w,
	    size_t n, int *tags);
/*
 * Tag a sentence: its chunks in order, each with a score, the mean over
 * its words of the probability (a softmax over the word's tag scores)
 * of the tag given.  *chunks gets a new array (NULL when none).
 */
size_t	 tagger_tag(const struct tagger *t, const struct tagger_word *w,
	    size_t n, struct tagger_chunk **chunks);
/* The same for a sentence of article a (made of all its sentences;
   NULL: the sentence alone). */
size_t	 tagger_tag_in(const struct tagger *t, const struct tagger_article *a,
	    const struct tagger_word *w, size_t n,
	    struct tagger_chunk **chunks);

/* The model as a blob (TAGGER_FORMAT), appended to out; and back. */
void	 tagger_save(const struct tagger *t, struct buf *out);
int	 tagger_load(const void *blob, size_t len, struct tagger **tp,
	    char **errp);

#endif
