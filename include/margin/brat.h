/*
 * brat.h: the lines of brat's standoff .ann files (SPEC §8, §9), read and
 * written, without the store.  A document is ID.txt with ID.ann beside it;
 * offsets are code points of the .txt as it is on disk.
 *
 *	T1<TAB>PER 0 12<TAB>Ada Lovelace
 *	T2<TAB>LOC 20 25;30 36<TAB>North Wales		(discontinuous)
 *	#1<TAB>AnnotatorNotes T1<TAB>the note
 *	A1<TAB>Annotator T1 bob				(margin's attributes)
 */
#ifndef MARGIN_BRAT_H
#define MARGIN_BRAT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

enum brat_line_kind {
	BRAT_LINE_BAD = -1,
	BRAT_LINE_BLANK = 0,
	BRAT_LINE_TEXTBOUND,	/* T: an entity span */
	BRAT_LINE_NOTE,		/* #: AnnotatorNotes on an annotation */
	BRAT_LINE_ATTRIBUTE,	/* A: NAME TARGET [VALUE] */
	BRAT_LINE_OTHER		/* R, E, M, N, *: relations, events,
				   normalisations */
};

struct brat_fragment {
	int64_t	 start;
	int64_t	 end;
};

struct brat_line {
	char			 letter;	/* T, #, R, ... */
	const char		*id;		/* "T1", into the line */
	size_t			 id_len;
	const char		*type;		/* the label, "AnnotatorNotes" */
	size_t			 type_len;
	const char		*ref;		/* #: the annotation it is on */
	size_t			 ref_len;
	struct brat_fragment	*fragments;	/* T: new array */
	size_t			 nfragments;
	const char		*text;		/* T: its text; #: the note;
						   A: the value ("" if none) */
	size_t			 text_len;
};

/*
 * Parse one line (without its LF; a CR before it is dropped).  Returns
 * its kind; BRAT_LINE_BAD with *errp saying what is wrong.  Free with
 * brat_line_free().
 */
enum brat_line_kind brat_line_parse(const char *line, size_t len,
	    struct brat_line *l, char **errp);
void	 brat_line_free(struct brat_line *l);

/*
 * Append s[0..len) as the last field of an .ann line.  The format has no
 * escapes, so TAB and line ends (brat_line_break) become spaces.
 */
void	 brat_write_field(struct buf *out, const char *s, size_t len);

/*
 * A note as an AnnotatorNotes field, and back: a line end is written as
 * U+2424 SYMBOL FOR NEWLINE and a TAB as U+2409 SYMBOL FOR HORIZONTAL
 * TABULATION, which brat shows as they are and margin reads back, so a
 * note of several lines survives a round trip.
 */
void	 brat_write_note(struct buf *out, const char *s, size_t len);
void	 brat_read_note(struct buf *out, const char *s, size_t len);

/*
 * Whether s[0..len) starts with a character that ends a line for brat
 * (LF, CR, U+2028, U+2029: Python's universal newlines split there, so
 * no field may hold one): its length in bytes, else 0.
 */
size_t	 brat_line_break(const char *s, size_t len);

#endif
