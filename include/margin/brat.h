/*
 * brat.h: the lines of brat's standoff .ann files (SPEC §8, §9), read and
 * written, without the store.  A document is ID.txt with ID.ann beside it;
 * offsets are code points of the .txt as it is on disk.
 *
 *	T1<TAB>PER 0 12<TAB>Ada Lovelace
 *	T2<TAB>LOC 20 25;30 36<TAB>North Wales		(discontinuous)
 *	#1<TAB>AnnotatorNotes T1<TAB>the note
 *	A1<TAB>Annotator T1 bob				(margin's attributes)
 *	R1<TAB>spoke_with Arg1:T1 Arg2:T2		(a relation)
 *	N1<TAB>Reference T1 Wikidata:Q7747<TAB>Alexei Navalny
 *							(an entity link)
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
	BRAT_LINE_OTHER,	/* E, M, *: events, modifications,
				   equivalences */
	BRAT_LINE_RELATION,	/* R: TYPE Arg1:ID Arg2:ID */
	BRAT_LINE_NORMALIZATION	/* N: TYPE TARGET RID:ID<TAB>TEXT */
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
	const char		*ref;		/* #, A, N: the annotation it is
						   on; R: Arg1 */
	size_t			 ref_len;
	const char		*ref2;		/* R: Arg2 */
	size_t			 ref2_len;
	const char		*db;		/* N: RID, before the first ':' */
	size_t			 db_len;
	const char		*db_id;		/* N: ID, after it */
	size_t			 db_id_len;
	struct brat_fragment	*fragments;	/* T: new array */
	size_t			 nfragments;
	const char		*text;		/* T: its text; #: the note;
						   A: the value ("" if none);
						   N: the name ("" if none) */
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

/*
 * margin's knowledge-base ids as brat's RID:ID references (N lines), and
 * back, one to one:
 *	Q7747			Wikidata:Q7747
 *	RID:ID			kept as it is ("https://www.wikidata.org/...",
 *				"GeoNames:2950159"), when it is printable
 *				ASCII without spaces and RID is none of
 *				margin's own below
 *	"" (no kb_id)		margin:ENTITY-ID, the entity's id in the
 *				exporting database: its mentions keep their
 *				entity in the round trip
 *	anything else		margin-kb:ID with ID the kb_id's bytes
 *				percent-encoded but for A-Z a-z 0-9 . _ ~ - /
 * brat_reference_read() gives back the kb_id ("" for margin:) and returns
 * 1 when the reference is margin's entity without one.
 */
void	 brat_reference_write(struct buf *out, const char *kb_id,
	    int64_t entity_id);
int	 brat_reference_read(struct buf *kb_id, const char *db, size_t db_len,
	    const char *id, size_t id_len);

#endif
