/*
 * text.h: the text model of margin (SPEC §4).  Canonical UTF-8 text, code
 * point and byte offsets, words by UAX #29, display width as ncurses draws
 * it, wrapping at line-break opportunities, and the sanitiser that makes any
 * text safe to put on a terminal.  No curses, no SQLite here.
 *
 * All text handed to these functions is UTF-8 with an explicit byte length;
 * only text_canonicalize() accepts arbitrary bytes.  Functions that take
 * canonical text assume it is valid UTF-8 (it is, once canonicalised), but
 * never read past the given length even when it is not.
 */
#ifndef MARGIN_TEXT_H
#define MARGIN_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/* What canonicalisation changed, for the importer to report. */
struct text_canon_stats {
	size_t	invalid;	/* invalid byte sequences replaced by U+FFFD */
	size_t	controls;	/* control characters removed (C0, DEL, C1) */
	size_t	newlines;	/* CRLF or CR turned into LF */
	int	bom;		/* a leading BOM was dropped */
};

/*
 * Make raw bytes canonical (§4): decode as UTF-8 with each maximal invalid
 * subsequence replaced by U+FFFD, drop a leading BOM, turn CRLF and CR into
 * LF, remove control characters other than TAB and LF (C0 including NUL,
 * DEL, C1).  Nothing else changes.  Returns a new NUL-terminated string and
 * its length in *outlen.  stats may be NULL.
 *
 * When map is not NULL, *map receives a new array of (input code points + 1)
 * entries: (*map)[i] is the output code point offset at which input code
 * point i (or what replaced it) starts, and (*map)[n] the output length in
 * code points.  The input is counted in code points of its own decoding
 * (each invalid sequence counts as one).  Used to carry imported span
 * offsets through canonicalisation.  *nmap receives n + 1.
 */
char	*text_canonicalize(const char *in, size_t len, size_t *outlen,
	    struct text_canon_stats *stats, size_t **map, size_t *nmap);

/* The byte offset of the code point after / before the one at pos
   (clamped to 0 and len); continuation bytes are skipped. */
size_t	 text_cp_next(const char *s, size_t len, size_t pos);
size_t	 text_cp_prev(const char *s, size_t pos);

/* Narrow [*start, *end) of s so that it neither starts nor ends with
   white space (Unicode White_Space: blanks, line ends, U+3000 ...); an
   all-blank range becomes empty (*start == *end). */
void	 text_trim_space(const char *s, size_t *start, size_t *end);

/* Number of code points in s[0..len). */
size_t	 text_cp_count(const char *s, size_t len);
/* Byte offset of code point cp (clamped to len); and the inverse (the
   number of code points that start before byte). */
size_t	 text_cp_to_byte(const char *s, size_t len, size_t cp);
size_t	 text_byte_to_cp(const char *s, size_t len, size_t byte);

/*
 * An index for repeated offset conversion in one (possibly huge) text:
 * O(len / TEXT_OFFSETS_STEP) memory, each conversion O(TEXT_OFFSETS_STEP).
 */
#define TEXT_OFFSETS_STEP 256
struct text_offsets {
	const char	*s;
	size_t		 len;
	size_t		 ncp;		/* code points in the text */
	size_t		*block;		/* byte offset of code point k*STEP */
	size_t		 nblock;
};
void	 text_offsets_init(struct text_offsets *o, const char *s, size_t len);
size_t	 text_offsets_byte(const struct text_offsets *o, size_t cp);
size_t	 text_offsets_cp(const struct text_offsets *o, size_t byte);
void	 text_offsets_free(struct text_offsets *o);

/* Tokens (§4): words by UAX #29 boundaries. */
enum text_token_kind {
	TEXT_TOKEN_WORD,	/* a segment with a letter, digit or symbol */
	TEXT_TOKEN_PUNCT	/* one punctuation character */
};
struct text_token {
	size_t			start;	/* byte offsets into the text */
	size_t			end;
	enum text_token_kind	kind;
};
/*
 * Split s[0..len) into tokens (whitespace is no token).  *tokens receives
 * a new array (free it), the count is returned.  Offsets are relative to s.
 * The UAX #29 segments are refined for named entities, as CoNLL-2003 cuts
 * them: a possessive 's or ’s is a word of its own ("Biden" "'s"), and
 * an abbreviation of short letter runs with inner full stops takes its
 * final one ("U.S." "e.g." "Ph.D.", where UAX #29 gives "U.S" ".").
 * These are the reader's word stops and the tokens of the CoNLL export.
 */
size_t	 text_tokens(const char *s, size_t len, struct text_token **tokens);
/*
 * The UAX #29 word boundaries text_tokens() uses (libunistring's
 * u8_wordbreaks): p[i] = 1 when a boundary lies between s[i-1] and s[i].
 * p has len entries.
 */
void	 text_word_breaks(const char *s, size_t len, char *p);
/*
 * The same with a boundary at each end of every text_tokens() token too,
 * so that matching on word boundaries agrees with the word stops: "Biden"
 * is a whole word in "Biden's" here, not for UAX #29 alone.
 */
void	 text_token_breaks(const char *s, size_t len, char *p);

/*
 * The end of the grapheme cluster (UAX #29, extended) that starts at byte
 * pos; pos must be a cluster start (0, or an end returned before).  Costs
 * the length of the cluster, not of the text.
 */
size_t	 text_grapheme_next(const char *s, size_t len, size_t pos);

/*
 * Display.  The terminal draws what ncurses tells it, and ncurses advances
 * its cursor by wcwidth() of each character; so margin measures with the
 * same function and draws only characters whose width the terminal agrees
 * on.  A "cell" is one grapheme cluster as margin draws it: a base
 * character and up to TEXT_CELL_MAX - 1 combining characters, already
 * sanitised (controls, bidi controls and unprintable characters are
 * replaced by visible placeholders; characters that terminals disagree on,
 * such as ZWJ, variation selectors and the soft hyphen, are dropped).
 */
#define TEXT_CELL_MAX 5		/* CCHARW_MAX in ncurses */
struct text_cell {
	size_t	start;		/* byte range in the source text */
	size_t	end;
	int	width;		/* columns: 0 (nothing drawn), 1 or 2; a TAB
				   reports 1 and is expanded by the caller */
	int	tab;		/* the cell is a TAB */
	int	placeholder;	/* wc[] replaces something not drawable */
	int	nwc;		/* characters in wc[] (0 when width is 0) */
	wchar_t	wc[TEXT_CELL_MAX];
};
/*
 * Decode the cell that starts at byte offset pos of s[0..len); returns the
 * byte offset after it.  A grapheme cluster that would draw wider than 2
 * columns (a ZWJ sequence) yields one cell per visible component.
 *
 * Start at 0 (or a line start) and go on from each returned offset.  Cells:
 * TAB, each control, each bidi control and each invalid UTF-8 sequence is
 * a cell of its own; controls show as control pictures (U+2400 + n, U+2421
 * for DEL), C1, bidi controls, invalid sequences and characters with
 * wcwidth -1 as U+FFFD (placeholder = 1, width 1); a mark without a base
 * gets U+25CC as its base (placeholder = 1).  Zero-width format characters
 * (LRM, RLM, ALM, ZWJ, ZWSP...), variation selectors, the soft hyphen and
 * a skin-tone modifier after its emoji are dropped: a cell made only of
 * those has width 0 and nwc 0.  wc[0] is the one spacing character,
 * wc[1..] have wcwidth 0; no control character is ever in wc[].
 */
size_t	 text_cell_next(const char *s, size_t len, size_t pos,
	    struct text_cell *cell);

/* Columns of s[0..len) when drawn from column col (TABs to the next 8). */
int	 text_width(const char *s, size_t len, int col);

/*
 * Wrapping.  s[0..len) is one paragraph (no LF).  Rows break at libunistring
 * line-break opportunities; a word wider than the row is split between
 * cells.  Each row is a byte range; spaces at a break stay at the end of the
 * row they follow.  *rows receives a new array; the count is returned (at
 * least 1, an empty paragraph is one empty row).
 */
struct text_row {
	size_t	start;
	size_t	end;
};
/*
 * Rows cover the paragraph without gaps (row[i].end == row[i+1].start).
 * A row's columns, without the spaces and TABs at its end, never exceed
 * width (TABs counted from the row start); those spaces hang past the
 * width and are cut by the drawing, as in CSS.  The one exception: a cell
 * wider than width (a wide character when width is 1) is a row by itself.
 * Linear in len.
 */
size_t	 text_wrap(const char *s, size_t len, int width,
	    struct text_row **rows);
/*
 * The same with decorations drawn around cells (the reader's inline
 * labels): deco(ctx, start, end, &before, &after) gives the columns drawn
 * before and after the cell s[start..end) (offsets into s; both 0 when
 * nothing is).  A cell and its decorations stay on one row, counted in its
 * width; a cell with a decoration never hangs past the width as a blank.
 */
typedef void	 text_deco_fn(void *ctx, size_t start, size_t end, int *before,
	    int *after);
size_t	 text_wrap_deco(const char *s, size_t len, int width,
	    text_deco_fn *deco, void *ctx, struct text_row **rows);

/*
 * The line-break opportunities text_wrap() uses: libunistring's UAX #14
 * plus LB29, which libunistring 1.0 lacks (no break in "U.S." or
 * "example.com" between "." and a letter).  p[i] is TEXT_BREAK_ALLOWED
 * when a row may start at byte i, TEXT_BREAK_MANDATORY when one must
 * (after a line or paragraph separator), else TEXT_BREAK_NONE; p[0] is
 * NONE.  p has len entries.
 */
enum {
	TEXT_BREAK_NONE,
	TEXT_BREAK_ALLOWED,
	TEXT_BREAK_MANDATORY
};
void	 text_line_breaks(const char *s, size_t len, char *p);

/*
 * A copy of s[0..len) that is safe to draw anywhere (titles, labels, notes,
 * messages): every cell as text_cell_next() would draw it, tabs and line
 * breaks turned into spaces.  Returns a new string.
 */
char	*text_sanitize(const char *s, size_t len);

/*
 * Cut s[0..len) to at most maxcols columns at a cell boundary; returns the
 * byte length to keep, and the columns it takes in *cols (may be NULL).
 */
size_t	 text_fit(const char *s, size_t len, int maxcols, int *cols);

/* The title of a text: its first non-empty line, trimmed, at most 200
   code points.  Returns a new string (empty when the text is blank). */
char	*text_title(const char *s, size_t len);

#endif
