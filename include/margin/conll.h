/*
 * conll.h: the CoNLL column format (SPEC §8, §9) without the store: one
 * line into its token and tag, tags of every scheme into entity chunks,
 * and entity chunks back into the tags of the scheme asked for.
 */
#ifndef MARGIN_CONLL_H
#define MARGIN_CONLL_H

#include <stddef.h>

struct buf;

/* The first column that separates documents. */
#define CONLL_DOCSTART	"-DOCSTART-"

/*
 * One line of a column file.  With a TAB on the line the columns are
 * split at each TAB and the token (column 1) is taken as it is, spaces
 * and all; else at runs of spaces.  In a space-separated line with more
 * columns than the file has (ncolumns, from its first line), the leading
 * extra columns belong to the token, which keeps the spaces between them
 * as written: so a token with inner spaces survives a file written with
 * spaces.  The tag is the last column.  A CR before the line end is
 * dropped.  A first column "-DOCSTART-" makes a DOCSTART line whatever
 * follows it (even nothing).
 */
enum conll_line_kind {
	CONLL_LINE_BAD = -1,	/* fewer than two columns */
	CONLL_LINE_BLANK = 0,	/* ends a sentence */
	CONLL_LINE_TOKEN = 1,
	CONLL_LINE_DOCSTART = 2,
	CONLL_LINE_COMMENT = 3	/* "# sent_id = 1", CoNLL-U style */
};
struct conll_line {
	const char	*token;		/* into the line */
	size_t		 token_len;
	const char	*tag;
	size_t		 tag_len;
	size_t		 columns;	/* as counted on this line */
	int		 tabs;		/* TAB-separated */
};
enum conll_line_kind conll_line_parse(const char *line, size_t len,
	    size_t ncolumns, struct conll_line *l);

/*
 * Tags.  "O" is outside; "B-TYPE", "I-TYPE", "E-TYPE", "S-TYPE",
 * "L-TYPE" and "U-TYPE" carry a prefix (BILOU's L and U are BIOES's E
 * and S); anything else that is a valid label name is a bare type, as in
 * GUM, which reads like IOB1's I.  TYPE must be a valid label name
 * ([A-Za-z0-9_-]+).
 */
enum conll_prefix {
	CONLL_O,
	CONLL_B,
	CONLL_I,
	CONLL_E,	/* E or L */
	CONLL_S,	/* S or U */
	CONLL_BARE
};
struct conll_tag {
	enum conll_prefix	 prefix;
	char			 letter;	/* as written: B I E S L U */
	const char		*type;		/* into the tag; NULL for O */
	size_t			 type_len;
};
/* 0, or -1 when s is no tag (an empty or invalid type). */
int	 conll_tag_parse(const char *s, size_t len, struct conll_tag *t);

/*
 * Tags into chunks, with conlleval's rules so that every scheme reads
 * right: B and S start a chunk; I, E and a bare type continue the open
 * chunk of their type, else start one; E and S close theirs; O and the
 * end of a sentence close any.  IOB1, IOB2, BIOES, BILOU and bare types
 * need no telling apart.
 */
struct conll_chunker {
	int	 open;
	char	*type;
	size_t	 type_len;
};
#define CONLL_ENDS_BEFORE	0x1	/* the open chunk ended before this
					   token */
#define CONLL_STARTS		0x2	/* this token starts a chunk */
#define CONLL_ENDS_AFTER	0x4	/* the chunk ends with this token */
#define CONLL_INSIDE		0x8	/* this token is in a chunk */
void	 conll_chunker_init(struct conll_chunker *c);
void	 conll_chunker_free(struct conll_chunker *c);
int	 conll_chunker_feed(struct conll_chunker *c, const struct conll_tag *t);
/* The end of a sentence: 1 when a chunk was open (it ends there). */
int	 conll_chunker_end(struct conll_chunker *c);

/*
 * What a file's tags say about its scheme, for the importer's report:
 * watch each tag with what the chunker made of it.
 */
struct conll_scheme_seen {
	unsigned	 flags;
	size_t		 chunks;
};
void	 conll_scheme_watch(struct conll_scheme_seen *w,
	    const struct conll_tag *t, int chunker_result);
/* "IOB1", "IOB2", "BIOES", "BILOU", "bare types" or "no entities". */
const char *conll_scheme_name(const struct conll_scheme_seen *w);

/* The schemes margin writes. */
enum conll_scheme {
	CONLL_IOB2,	/* the default: B- on the first token */
	CONLL_IOB1,	/* I- everywhere, B- only between two adjacent
			   chunks of one type */
	CONLL_BIOES,	/* B- I- E- and S- for one token */
	CONLL_BILOU	/* the same letters as B- I- L- U- */
};
int	 conll_scheme_parse(const char *name, enum conll_scheme *s);

/*
 * Append the tag of one token in a chunk of type (first/last: its place
 * in the chunk; after_same: the token before it ends a chunk of the same
 * type, which only IOB1 needs to know).  type NULL writes "O".
 */
void	 conll_tag_write(struct buf *out, enum conll_scheme scheme,
	    const char *type, int first, int last, int after_same);

/*
 * Evaluation as conlleval does it: the chunks of a sentence's tags by
 * the chunker's rules (a tag that does not parse is O), and per type
 * the chunks right (same first and last token and type), found and in
 * the gold, so that precision, recall and F1 are conlleval's.
 */
struct conll_chunk {
	size_t	 first;
	size_t	 last;
	char	*type;
};
size_t	 conll_chunks(const char *const *tags, size_t n,
	    struct conll_chunk **chunks);
void	 conll_chunks_free(struct conll_chunk *v, size_t n);
struct conll_score_type {
	char	*type;
	size_t	 correct;	/* found and in the gold */
	size_t	 found;		/* predicted */
	size_t	 gold;
};
struct conll_score {
	struct conll_score_type	*types;		/* sorted by type */
	size_t			 ntypes;
	size_t			 tokens;
	size_t			 tokens_right;	/* same tag, as conlleval's
						   accuracy */
};
void	 conll_score_add(struct conll_score *sc,
	    const struct conll_chunk *gold, size_t ngold,
	    const struct conll_chunk *pred, size_t npred);
/* The totals over every type: correct, found, gold. */
void	 conll_score_total(const struct conll_score *sc,
	    struct conll_score_type *total);
/* Precision, recall and F1 in [0,1] (0 when undefined, as conlleval). */
void	 conll_score_prf(const struct conll_score_type *t, double *p,
	    double *r, double *f1);
void	 conll_score_free(struct conll_score *sc);

#endif
