/*
 * word_edge.c: a UAX #29 word boundary at one byte (word_edge.h), without
 * computing the boundaries of the whole text.
 *
 * Between two ASCII characters the rules of UAX #29 need nothing but the
 * two and, around ".", ":", "'", "," and ";" (WB6, WB7, WB11, WB12), the
 * character on each side beyond: a table decides.  Around any other
 * character the boundaries come from text_word_breaks() itself, over a
 * window of the text whose ends no rule looks across: the window starts
 * after a character of the classes below (no rule reads one of them to
 * decide a boundary further right, and the first character inside is not
 * one that clings to its left, WB4), and it ends before one (none is what
 * WB6, WB7b or WB12 look ahead for, nor clings).  Regional indicators,
 * letters and digits are never such ends, so their runs stay whole.  The
 * last window is kept: a match's start and end mostly fall in the same.
 */
#include <stdint.h>
#include <stdlib.h>

#include <unistr.h>
#include <uniwbrk.h>

#include "margin/text.h"
#include "margin/util.h"
#include "margin/word_edge.h"

/* The word break classes of ASCII characters (WordBreakProperty.txt). */
enum word_edge_class {
	WE_OTHER,	/* anything not below: TAB, "!", "\"", "-", "/" ... */
	WE_LETTER,	/* ALetter: A-Z a-z */
	WE_DIGIT,	/* Numeric: 0-9 */
	WE_JOIN,	/* ExtendNumLet: _ */
	WE_SPACE,	/* WSegSpace: the space */
	WE_CR,
	WE_LF,
	WE_NEWLINE,	/* VT, FF */
	WE_MIDLETTER,	/* : */
	WE_MIDNUM,	/* , ; */
	WE_MIDBOTH,	/* MidNumLet and Single_Quote: . ' */
	WE_CLASSES
};

static enum word_edge_class
word_edge_class_of(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
		return WE_LETTER;
	if (c >= '0' && c <= '9')
		return WE_DIGIT;
	switch (c) {
	case '_':
		return WE_JOIN;
	case ' ':
		return WE_SPACE;
	case '\r':
		return WE_CR;
	case '\n':
		return WE_LF;
	case '\v':
	case '\f':
		return WE_NEWLINE;
	case ':':
		return WE_MIDLETTER;
	case ',':
	case ';':
		return WE_MIDNUM;
	case '.':
	case '\'':
		return WE_MIDBOTH;
	default:
		return WE_OTHER;
	}
}

/* The class of each ASCII byte, and for each pair of classes the
   boundary between them (WE_CONTEXT: it depends on the characters beyond),
   filled once. */
#define WE_CONTEXT	2
static unsigned char	 word_edge_classes[128];
static unsigned char	 word_edge_pairs[WE_CLASSES][WE_CLASSES];
static int		 word_edge_ready;

static enum word_edge_class
word_edge_class(unsigned char c)
{
	return (enum word_edge_class)word_edge_classes[c];
}

static int
word_edge_is_mid(enum word_edge_class k)
{
	return k == WE_MIDLETTER || k == WE_MIDNUM || k == WE_MIDBOTH;
}

static int
word_edge_is_word(enum word_edge_class k)
{
	return k == WE_LETTER || k == WE_DIGIT || k == WE_JOIN;
}

/*
 * The rules of UAX #29 between x and y, ASCII all four: w before x and z
 * after y (WE_OTHER at the start or the end of the text).
 */
static int
word_edge_ascii(enum word_edge_class w, enum word_edge_class x,
    enum word_edge_class y, enum word_edge_class z)
{
	int	 x_letter_mid = x == WE_MIDLETTER || x == WE_MIDBOTH;
	int	 y_letter_mid = y == WE_MIDLETTER || y == WE_MIDBOTH;
	int	 x_num_mid = x == WE_MIDNUM || x == WE_MIDBOTH;
	int	 y_num_mid = y == WE_MIDNUM || y == WE_MIDBOTH;

	if (x == WE_CR && y == WE_LF)				/* WB3 */
		return 0;
	if (x == WE_CR || x == WE_LF || x == WE_NEWLINE ||
	    y == WE_CR || y == WE_LF || y == WE_NEWLINE)	/* WB3a, b */
		return 1;
	if (x == WE_SPACE && y == WE_SPACE)			/* WB3d */
		return 0;
	if (word_edge_is_word(x) && word_edge_is_word(y))	/* WB5-13b */
		return 0;
	if (x == WE_LETTER && y_letter_mid && z == WE_LETTER)	/* WB6 */
		return 0;
	if (w == WE_LETTER && x_letter_mid && y == WE_LETTER)	/* WB7 */
		return 0;
	if (w == WE_DIGIT && x_num_mid && y == WE_DIGIT)	/* WB11 */
		return 0;
	if (x == WE_DIGIT && y_num_mid && z == WE_DIGIT)	/* WB12 */
		return 0;
	return 1;						/* WB999 */
}

/* A character no rule reads across (see the top of the file). */
static int
word_edge_is_stop(ucs4_t c)
{
	switch (uc_wordbreak_property(c)) {
	case WBP_OTHER:
	case WBP_CR:
	case WBP_LF:
	case WBP_NEWLINE:
	case WBP_WSS:
	case WBP_MIDLETTER:
	case WBP_MIDNUM:
	case WBP_MIDNUMLET:
	case WBP_SQ:
	case WBP_DQ:
		return 1;
	default:
		return 0;
	}
}

/* A character that WB4 attaches to the one before it. */
static int
word_edge_clings(ucs4_t c)
{
	int	 p = uc_wordbreak_property(c);

	return p == WBP_EXTEND || p == WBP_FORMAT || p == WBP_ZWJ;
}

/* The code point that ends at byte q > 0: its start, and *c. */
static size_t
word_edge_before(const struct word_edge *e, size_t q, ucs4_t *c)
{
	const uint8_t	*p;

	p = u8_prev(c, e->s + q, e->s);
	if (p == NULL) {	/* not UTF-8: a byte of its own, no stop */
		*c = 0xfffd;
		return q - 1;
	}
	return (size_t)(p - e->s);
}

/* The start of the window around p: 0, or a code point start after a
   stop whose own code point does not cling. */
static size_t
word_edge_window_start(const struct word_edge *e, size_t p)
{
	size_t	 q, r;
	ucs4_t	 c, before;

	q = word_edge_before(e, p, &c);
	while (q > 0) {
		r = word_edge_before(e, q, &before);
		if (word_edge_is_stop(before) && !word_edge_clings(c))
			return q;
		q = r;
		c = before;
	}
	return 0;
}

/* The end of the window around p: the text's end, or a stop after p. */
static size_t
word_edge_window_end(const struct word_edge *e, size_t p)
{
	size_t	 q = p;
	ucs4_t	 c;
	int	 l;

	l = u8_mbtouc(&c, e->s + q, e->len - q);
	for (q += (size_t)(l > 0 ? l : 1); q < e->len;
	    q += (size_t)(l > 0 ? l : 1)) {
		l = u8_mbtouc(&c, e->s + q, e->len - q);
		if (l > 0 && c != 0xfffd && word_edge_is_stop(c))
			return q;
	}
	return e->len;
}

/* The boundary at p from text_word_breaks() over the window around p. */
static int
word_edge_window(struct word_edge *e, size_t p)
{
	size_t	 from, to;

	if (e->breaks != NULL && p > e->from && p < e->to)
		return e->breaks[p - e->from];
	from = word_edge_window_start(e, p);
	to = word_edge_window_end(e, p);
	ARRAY_RESERVE(e->breaks, e->cap, to - from);
	text_word_breaks((const char *)e->s + from, to - from, e->breaks);
	e->from = from;
	e->to = to;
	return e->breaks[p - from];
}

/* The pairs whose boundary is the same whatever lies beyond them. */
static void
word_edge_tables(void)
{
	int	 c, w, x, y, z, b;

	for (c = 0; c < 128; c++)
		word_edge_classes[c] =
		    (unsigned char)word_edge_class_of((unsigned char)c);
	for (x = 0; x < WE_CLASSES; x++)
		for (y = 0; y < WE_CLASSES; y++) {
			b = word_edge_ascii(WE_OTHER, x, y, WE_OTHER);
			for (w = 0; w < WE_CLASSES; w++)
				for (z = 0; z < WE_CLASSES; z++)
					if (word_edge_ascii(w, x, y, z) != b)
						b = WE_CONTEXT;
			word_edge_pairs[x][y] = (unsigned char)b;
		}
	word_edge_ready = 1;
}

void
word_edge_init(struct word_edge *e, const char *s, size_t len)
{
	if (!word_edge_ready)
		word_edge_tables();
	e->s = (const unsigned char *)s;
	e->len = len;
	e->from = e->to = 0;
	e->breaks = NULL;
	e->cap = 0;
}

int
word_edge_at(struct word_edge *e, size_t p)
{
	enum word_edge_class	 w = WE_OTHER, x, y, z = WE_OTHER;
	const unsigned char	*s = e->s;

	if (p == 0 || p >= e->len)
		return 1;
	if ((s[p] & 0xc0) == 0x80)
		return 0;
	if (s[p - 1] >= 0x80 || s[p] >= 0x80)
		return word_edge_window(e, p);
	x = word_edge_class(s[p - 1]);
	y = word_edge_class(s[p]);
	if (word_edge_pairs[x][y] != WE_CONTEXT)
		return word_edge_pairs[x][y];
	if (word_edge_is_mid(x) && p >= 2) {
		if (s[p - 2] >= 0x80)
			return word_edge_window(e, p);
		w = word_edge_class(s[p - 2]);
	}
	if (word_edge_is_mid(y) && p + 1 < e->len) {
		if (s[p + 1] >= 0x80)
			return word_edge_window(e, p);
		z = word_edge_class(s[p + 1]);
	}
	return word_edge_ascii(w, x, y, z);
}

void
word_edge_free(struct word_edge *e)
{
	free(e->breaks);
	e->breaks = NULL;
	e->cap = 0;
}
