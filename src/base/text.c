/*
 * text.c: the text model (SPEC §4, §15): canonical UTF-8, code point
 * offsets, UAX #29 words, display cells as ncurses draws them, wrapping.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwbrk.h>
#include <uniwidth.h>

#include "margin/text.h"
#include "margin/util.h"

/* What text_decode() returns for an invalid sequence: no code point. */
#define TEXT_BAD	UINT32_MAX

#define TEXT_REPLACEMENT	0xfffd	/* shown for C1, bidi, invalid */
#define TEXT_DOTTED_CIRCLE	0x25cc	/* base for a mark that has none */
#define TEXT_CONTROL_PICTURE	0x2400	/* U+2400 + n pictures C0 n */
#define TEXT_DEL_PICTURE	0x2421

/* libunistring takes an encoding name; in the C locale it would guess
   ASCII (§15), and margin's text is always UTF-8. */
#define TEXT_ENCODING	"UTF-8"

static inline bool
text_is_continuation(unsigned char b)
{
	return (b & 0xc0) == 0x80;
}

/*
 * Decode the code point at s[pos..len) into *cp and return its length.  An
 * invalid sequence gives TEXT_BAD and the length of its maximal subpart
 * (Unicode §3.9, the W3C decoder): the longest prefix of a well-formed
 * sequence, or one byte.  So surrogates and overlongs are invalid, and each
 * bad sequence is replaced, and counted, exactly once.
 */
static size_t
text_decode(const char *s, size_t len, size_t pos, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s + pos;
	size_t			 avail = len - pos, need, i;
	unsigned char		 lo = 0x80, hi = 0xbf;
	uint32_t		 c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		need = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		need = 3;
		c = u[0] & 0x0f;
		if (u[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (u[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		need = 4;
		c = u[0] & 0x07;
		if (u[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (u[0] == 0xf4)
			hi = 0x8f;	/* beyond U+10FFFF */
	} else {
		*cp = TEXT_BAD;
		return 1;
	}
	for (i = 1; i < need; i++) {
		if (i >= avail || u[i] < lo || u[i] > hi) {
			*cp = TEXT_BAD;
			return i;
		}
		c = (c << 6) | (u[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return need;
}

static bool
text_is_removed_control(uint32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ||
	    (c >= 0x80 && c < 0xa0);
}

/* A growable array of size_t, for the offset map. */
static void
text_map_push(size_t **map, size_t *n, size_t *cap, size_t value)
{
	ARRAY_RESERVE(*map, *cap, *n + 1);
	(*map)[(*n)++] = value;
}

char *
text_canonicalize(const char *in, size_t len, size_t *outlen,
    struct text_canon_stats *stats, size_t **map, size_t *nmap)
{
	struct buf		 out = BUF_INIT;
	struct text_canon_stats	 st;
	size_t			*m = NULL, nm = 0, capm = 0;
	size_t			 pos = 0, ocp = 0, n, run;
	uint32_t		 c;
	char			*text;

	memset(&st, 0, sizeof(st));
	buf_reserve(&out, len);
	if (len >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0) {
		/* Only at the very start: elsewhere U+FEFF is text. */
		st.bom = 1;
		if (map != NULL)
			text_map_push(&m, &nm, &capm, 0);
		pos = 3;
	}
	while (pos < len) {
		/* Most text is printable ASCII: copy it in runs. */
		for (run = pos; run < len; run++) {
			unsigned char b = (unsigned char)in[run];

			if (b < 0x20 || b >= 0x7f)
				break;
			if (map != NULL)
				text_map_push(&m, &nm, &capm, ocp + run - pos);
		}
		if (run > pos) {
			buf_add(&out, in + pos, run - pos);
			ocp += run - pos;
			pos = run;
			continue;
		}
		n = text_decode(in, len, pos, &c);
		if (map != NULL)
			text_map_push(&m, &nm, &capm, ocp);
		if (c == TEXT_BAD) {
			buf_add(&out, "\xef\xbf\xbd", 3);
			st.invalid++;
			ocp++;
		} else if (c == '\r') {
			st.newlines++;
			/* In CRLF the CR goes and maps to the LF kept next. */
			if (pos + 1 >= len || in[pos + 1] != '\n') {
				buf_addc(&out, '\n');
				ocp++;
			}
		} else if (text_is_removed_control(c)) {
			st.controls++;
		} else {
			buf_add(&out, in + pos, n);
			ocp++;
		}
		pos += n;
	}
	if (map != NULL) {
		text_map_push(&m, &nm, &capm, ocp);
		*map = m;
		if (nmap != NULL)
			*nmap = nm;
	}
	/* buf_reserve() does not terminate: an empty result must be. */
	buf_add(&out, "", 0);
	if (stats != NULL)
		*stats = st;
	*outlen = out.len;
	text = buf_detach(&out);
	return text;
}

/*
 * Offsets.  Code point k starts at the k-th byte that is not a UTF-8
 * continuation byte: exact for valid UTF-8, and it never reads past len
 * when the text is not.
 */
size_t
text_cp_count(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, n = 0;

	for (i = 0; i < len; i++)
		n += !text_is_continuation(u[i]);
	return n;
}

/* The byte offset of the code point cp code points after byte pos. */
static size_t
text_skip_cp(const char *s, size_t len, size_t pos, size_t cp)
{
	const unsigned char	*u = (const unsigned char *)s;

	/* Stray continuation bytes at pos belong to no code point. */
	while (pos < len && text_is_continuation(u[pos]))
		pos++;
	while (cp > 0 && pos < len) {
		pos++;
		while (pos < len && text_is_continuation(u[pos]))
			pos++;
		cp--;
	}
	return pos;
}

size_t
text_cp_to_byte(const char *s, size_t len, size_t cp)
{
	return text_skip_cp(s, len, 0, cp);
}

size_t
text_byte_to_cp(const char *s, size_t len, size_t byte)
{
	return text_cp_count(s, byte < len ? byte : len);
}

void
text_offsets_init(struct text_offsets *o, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, ncp = 0, cap;

	o->s = s;
	o->len = len;
	cap = len / TEXT_OFFSETS_STEP + 1;
	o->block = xreallocarray(NULL, cap, sizeof(*o->block));
	o->nblock = 0;
	for (i = 0; i < len; i++) {
		if (text_is_continuation(u[i]))
			continue;
		if (ncp % TEXT_OFFSETS_STEP == 0)
			o->block[o->nblock++] = i;
		ncp++;
	}
	o->ncp = ncp;
	if (o->nblock == 0)
		o->block[o->nblock++] = len;
}

size_t
text_offsets_byte(const struct text_offsets *o, size_t cp)
{
	size_t	 b;

	if (cp >= o->ncp)
		return o->len;
	b = cp / TEXT_OFFSETS_STEP;
	return text_skip_cp(o->s, o->len, o->block[b], cp % TEXT_OFFSETS_STEP);
}

size_t
text_offsets_cp(const struct text_offsets *o, size_t byte)
{
	size_t	 lo = 0, hi = o->nblock, mid;

	if (byte >= o->len)
		return o->ncp;
	/* The last block that starts at or before byte. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (o->block[mid] <= byte)
			lo = mid;
		else
			hi = mid;
	}
	if (o->block[lo] > byte)	/* before the first code point */
		return 0;
	return lo * TEXT_OFFSETS_STEP +
	    text_cp_count(o->s + o->block[lo], byte - o->block[lo]);
}

void
text_offsets_free(struct text_offsets *o)
{
	free(o->block);
	o->block = NULL;
	o->nblock = 0;
}

/* Words (§4). */
void
text_word_breaks(const char *s, size_t len, char *p)
{
	if (len > 0)
		u8_wordbreaks((const uint8_t *)s, len, p);
}

static bool
text_is_wordlike(uint32_t c)
{
	if (c == TEXT_BAD)	/* U+FFFD is a symbol */
		return true;
	return uc_is_general_category(c, UC_CATEGORY_L) ||
	    uc_is_general_category(c, UC_CATEGORY_N) ||
	    uc_is_general_category(c, UC_CATEGORY_S);
}

static void
text_token_push(struct text_token **t, size_t *n, size_t *cap, size_t start,
    size_t end, enum text_token_kind kind)
{
	ARRAY_RESERVE(*t, *cap, *n + 1);
	(*t)[*n].start = start;
	(*t)[*n].end = end;
	(*t)[*n].kind = kind;
	(*n)++;
}

/* Tokens of one UAX #29 segment s[a..b). */
static void
text_segment_tokens(const char *s, size_t a, size_t b, struct text_token **t,
    size_t *n, size_t *cap)
{
	size_t		 i, k, len;
	uint32_t	 c;

	for (i = a; i < b; i += len) {
		len = text_decode(s, b, i, &c);
		if (text_is_wordlike(c)) {
			text_token_push(t, n, cap, a, b, TEXT_TOKEN_WORD);
			return;
		}
	}
	for (i = a; i < b; i += len) {
		len = text_decode(s, b, i, &c);
		if (!uc_is_general_category(c, UC_CATEGORY_P))
			continue;
		/* Marks and joiners on the character stay with it. */
		for (k = i + len; k < b; k += len) {
			len = text_decode(s, b, k, &c);
			if (c == TEXT_BAD ||
			    (!uc_is_general_category(c, UC_CATEGORY_M) &&
			    !uc_is_general_category(c, UC_CATEGORY_Cf)))
				break;
		}
		text_token_push(t, n, cap, i, k, TEXT_TOKEN_PUNCT);
		len = k - i;
	}
}

/*
 * Entity-friendly stops on top of UAX #29 (text.h): a possessive is a
 * token of its own, an abbreviation with inner dots keeps its final dot.
 */

/* The length of the apostrophe (' or U+2019) at s[i..end), or 0. */
static size_t
text_apostrophe_len(const char *s, size_t i, size_t end)
{
	if (i < end && s[i] == '\'')
		return 1;
	if (i + 3 <= end && memcmp(s + i, "\xe2\x80\x99", 3) == 0)
		return 3;
	return 0;
}

static bool
text_is_s(const char *s, size_t i, size_t end)
{
	return i + 1 == end && (s[i] == 's' || s[i] == 'S');
}

/* Where the possessive "'s" that ends word token t starts, or 0 when
   there is none (or the apostrophe is the token's first character). */
static size_t
text_possessive_start(const char *s, const struct text_token *t)
{
	size_t	 at;

	if (t->end - t->start < 3 || !text_is_s(s, t->end - 1, t->end))
		return 0;
	if (s[t->end - 2] == '\'')
		at = t->end - 2;
	else if (t->end - t->start >= 5 &&
	    text_apostrophe_len(s, t->end - 4, t->end - 1) == 3)
		at = t->end - 4;
	else
		return 0;
	return at > t->start ? at : 0;
}

/* A word of short runs of letters joined by full stops, "U.S", "e.g",
   "Ph.D": with the full stop after it, one abbreviation. */
#define TEXT_ABBREVIATION_PART_MAX 3
static bool
text_is_dotted_abbreviation(const char *s, const struct text_token *t)
{
	size_t		 i, len, part = 0, dots = 0;
	uint32_t	 c;

	for (i = t->start; i < t->end; i += len) {
		len = text_decode(s, t->end, i, &c);
		if (c == '.') {
			if (part == 0)
				return false;
			part = 0;
			dots++;
		} else if (uc_is_general_category(c, UC_CATEGORY_L) &&
		    c != TEXT_BAD) {
			if (++part > TEXT_ABBREVIATION_PART_MAX)
				return false;
		} else if (!uc_is_general_category(c, UC_CATEGORY_M))
			return false;
	}
	return dots > 0 && part > 0;
}

static bool
text_is_full_stop(const char *s, const struct text_token *t)
{
	return t->kind == TEXT_TOKEN_PUNCT && t->end - t->start == 1 &&
	    s[t->start] == '.';
}

/*
 * Apply the rules to the UAX #29 tokens (*tp)[0..n): *tp is replaced by a
 * new array (a possessive split off a word takes a slot more); returns
 * its count.
 */
static size_t
text_tokens_refine(const char *s, struct text_token **tp, size_t n)
{
	struct text_token	*t = *tp, *out = NULL, w;
	size_t			 m = 0, cap = 0, i, at;

	for (i = 0; i < n; i++) {
		w = t[i];
		/* "U.S" "." -> "U.S." */
		if (w.kind == TEXT_TOKEN_WORD && i + 1 < n &&
		    t[i + 1].start == w.end && text_is_full_stop(s, &t[i + 1]) &&
		    text_is_dotted_abbreviation(s, &w)) {
			w.end = t[i + 1].end;
			i++;
		}
		/* "U.S." "'" "s" -> "U.S." "'s": the apostrophe after a
		   full stop is a segment of its own. */
		if (w.kind == TEXT_TOKEN_PUNCT && m > 0 &&
		    out[m - 1].end == w.start && i + 1 < n &&
		    t[i + 1].start == w.end &&
		    text_apostrophe_len(s, w.start, w.end) == w.end - w.start &&
		    text_is_s(s, t[i + 1].start, t[i + 1].end)) {
			w.end = t[i + 1].end;
			w.kind = TEXT_TOKEN_WORD;
			i++;
		}
		/* "Biden's" -> "Biden" "'s" */
		if (w.kind == TEXT_TOKEN_WORD &&
		    (at = text_possessive_start(s, &w)) > 0) {
			text_token_push(&out, &m, &cap, w.start, at,
			    TEXT_TOKEN_WORD);
			w.start = at;
		}
		text_token_push(&out, &m, &cap, w.start, w.end, w.kind);
	}
	free(t);
	*tp = out;
	return m;
}

void
text_token_breaks(const char *s, size_t len, char *p)
{
	struct text_token	*t;
	size_t			 n, i;

	text_word_breaks(s, len, p);
	n = text_tokens(s, len, &t);
	for (i = 0; i < n; i++) {
		p[t[i].start] = 1;
		if (t[i].end < len)
			p[t[i].end] = 1;
	}
	free(t);
}

size_t
text_tokens(const char *s, size_t len, struct text_token **tokens)
{
	struct text_token	*t = NULL;
	size_t			 n = 0, cap = 0, a, b;
	char			*p;

	if (len == 0) {
		*tokens = xcalloc(1, sizeof(**tokens));
		return 0;
	}
	p = xmalloc(len);
	text_word_breaks(s, len, p);
	for (a = 0; a < len; a = b) {
		for (b = a + 1; b < len && !p[b]; b++)
			;
		text_segment_tokens(s, a, b, &t, &n, &cap);
	}
	free(p);
	n = text_tokens_refine(s, &t, n);
	*tokens = t ? t : xcalloc(1, sizeof(**tokens));
	return n;
}

/*
 * Grapheme clusters.  §15: the per-character functions of libunistring
 * split ZWJ sequences and flags; u8_grapheme_breaks over a string gets them
 * right.  A break depends only on the characters before it inside its own
 * cluster (UAX #29 rules look left, and no further than the cluster's
 * start), so breaks computed from a cluster start equal those of the whole
 * line.  The window starts at the cell and doubles when the cell runs past
 * it: the cost stays proportional to the cell, never to the line.
 */
#define TEXT_GWIN_SMALL	32	/* most windows fit: no allocation */
struct text_gwin {
	const char	*s;
	size_t		 len;
	size_t		 pos;	/* p[0] is the break at s[pos] */
	size_t		 end;	/* breaks are known below end */
	char		*p;
	char		 small[TEXT_GWIN_SMALL];
};

static void
text_gwin_init(struct text_gwin *g, const char *s, size_t len, size_t pos)
{
	g->s = s;
	g->len = len;
	g->pos = pos;
	g->end = pos;
	g->p = g->small;
}

static void
text_gwin_free(struct text_gwin *g)
{
	if (g->p != g->small)
		free(g->p);
	g->p = g->small;
}

/*
 * Is there a cluster break before byte i (a code point start, i > pos)?
 * prev is the code point before i.
 */
static bool
text_gwin_break(struct text_gwin *g, size_t i, uint32_t prev)
{
	size_t	 size, end, extra;

	if (i >= g->len)
		return true;
	/* Nothing ASCII extends a cluster: only a Prepend character or CR
	   holds on to it.  This spares most letters of Cyrillic, Greek or
	   Arabic text the libunistring call. */
	if ((unsigned char)g->s[i] < 0x80 && prev != TEXT_BAD &&
	    prev != '\r' && uc_graphemeclusterbreak_property(prev) !=
	    GBP_PREPEND)
		return true;
	if (i >= g->end) {
		/* Usually the next character decides: start just past it. */
		size = 2 * (g->end - g->pos);
		if (g->pos + size <= i)
			size = i - g->pos + 1;
		end = g->len - g->pos > size ? g->pos + size : g->len;
		/* Never cut a character: the break before it would be
		   computed from a truncated sequence. */
		for (extra = 0; extra < 3 && end < g->len &&
		    text_is_continuation((unsigned char)g->s[end]); extra++)
			end++;
		text_gwin_free(g);
		if (end - g->pos > TEXT_GWIN_SMALL)
			g->p = xmalloc(end - g->pos);
		u8_grapheme_breaks((const uint8_t *)g->s + g->pos,
		    end - g->pos, g->p);
		g->end = end;
	}
	return g->p[i - g->pos] != 0;
}

size_t
text_grapheme_next(const char *s, size_t len, size_t pos)
{
	struct text_gwin	 g;
	unsigned char		 b;
	size_t			 i;
	uint32_t		 c;

	if (pos >= len)
		return len;
	b = (unsigned char)s[pos];
	/* No ASCII character extends a cluster or is Prepend: two ASCII
	   characters are two clusters, except CR LF. */
	if (b < 0x80 && (pos + 1 == len ||
	    ((unsigned char)s[pos + 1] < 0x80 &&
	    !(b == '\r' && s[pos + 1] == '\n'))))
		return pos + 1;
	text_gwin_init(&g, s, len, pos);
	i = pos + text_decode(s, len, pos, &c);
	while (i < len && !text_gwin_break(&g, i, c))
		i += text_decode(s, len, i, &c);
	text_gwin_free(&g);
	return i;
}

/* How a code point is drawn. */
enum text_kind {
	TEXT_KIND_INVALID,	/* a bad UTF-8 sequence: U+FFFD */
	TEXT_KIND_TAB,
	TEXT_KIND_CONTROL,	/* C0, DEL, C1: a picture or U+FFFD */
	TEXT_KIND_BIDI,		/* embedding, override, isolate: U+FFFD */
	TEXT_KIND_DROP,		/* invisible, and terminals disagree */
	TEXT_KIND_MARK,		/* zero width: joins the base */
	TEXT_KIND_SPACING,	/* width 1 or 2 */
	TEXT_KIND_UNPRINTABLE	/* wcwidth -1: U+FFFD */
};

static bool
text_is_bidi_control(uint32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/*
 * Columns come from wcwidth(), the function ncurses draws with (§15: it
 * disagrees with libunistring's uc_width on 93 assigned code points).
 */
static enum text_kind
text_classify(uint32_t c, int *width)
{
	int	 w;

	*width = 0;
	if (c == TEXT_BAD)
		return TEXT_KIND_INVALID;
	if (c == '\t')
		return TEXT_KIND_TAB;
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return TEXT_KIND_CONTROL;
	if (text_is_bidi_control(c))
		return TEXT_KIND_BIDI;
	/*
	 * The soft hyphen (wcwidth 1, uc_width 0) and the variation
	 * selectors (a terminal may widen an emoji for VS16 while ncurses
	 * does not) draw differently on different terminals.
	 */
	if (c == 0xad || (c >= 0xfe00 && c <= 0xfe0f) ||
	    (c >= 0xe0100 && c <= 0xe01ef))
		return TEXT_KIND_DROP;
	w = wcwidth((wchar_t)c);
	/* Zero-width format characters: LRM, RLM, ALM, ZWJ, ZWSP, tags... */
	if (w == 0 && uc_is_general_category(c, UC_CATEGORY_Cf))
		return TEXT_KIND_DROP;
	if (w == 0)
		return TEXT_KIND_MARK;
	if (w < 0)
		return TEXT_KIND_UNPRINTABLE;
	*width = w > 2 ? 2 : w;
	return TEXT_KIND_SPACING;
}

static void
text_cell_placeholder(struct text_cell *cell, wchar_t wc)
{
	cell->wc[0] = wc;
	cell->nwc = 1;
	cell->width = 1;
	cell->placeholder = 1;
}

size_t
text_cell_next(const char *s, size_t len, size_t pos, struct text_cell *cell)
{
	struct text_gwin	 g;
	enum text_kind		 kind;
	unsigned char		 b;
	size_t			 i, n;
	uint32_t		 c = TEXT_BAD;
	int			 w;

	memset(cell, 0, sizeof(*cell));
	if (pos >= len) {
		cell->start = cell->end = len;
		return len;
	}
	cell->start = pos;
	b = (unsigned char)s[pos];
	/* Printable ASCII before ASCII is a cell by itself: most text. */
	if (b >= 0x20 && b < 0x7f && (pos + 1 == len ||
	    (unsigned char)s[pos + 1] < 0x80)) {
		cell->end = pos + 1;
		cell->wc[0] = b;
		cell->nwc = 1;
		cell->width = 1;
		return pos + 1;
	}

	text_gwin_init(&g, s, len, pos);
	for (i = pos; i < len; i += n) {
		if (i > pos && text_gwin_break(&g, i, c))
			break;
		n = text_decode(s, len, i, &c);
		kind = text_classify(c, &w);
		switch (kind) {
		case TEXT_KIND_INVALID:
		case TEXT_KIND_TAB:
		case TEXT_KIND_CONTROL:
		case TEXT_KIND_BIDI:
			/* Each one is a cell of its own. */
			if (i > pos)
				goto done;
			if (kind == TEXT_KIND_TAB) {
				cell->tab = 1;
				cell->wc[0] = L' ';
				cell->nwc = 1;
				cell->width = 1;
			} else if (kind == TEXT_KIND_CONTROL && c < 0x20)
				text_cell_placeholder(cell,
				    (wchar_t)(TEXT_CONTROL_PICTURE + c));
			else if (kind == TEXT_KIND_CONTROL && c == 0x7f)
				text_cell_placeholder(cell, TEXT_DEL_PICTURE);
			else
				text_cell_placeholder(cell, TEXT_REPLACEMENT);
			i += n;
			goto done;
		case TEXT_KIND_DROP:
			break;
		case TEXT_KIND_MARK:
			if (cell->nwc == 0)
				text_cell_placeholder(cell,
				    TEXT_DOTTED_CIRCLE);
			/* Marks beyond what ncurses keeps are dropped. */
			if (cell->nwc < TEXT_CELL_MAX)
				cell->wc[cell->nwc++] = (wchar_t)c;
			break;
		case TEXT_KIND_SPACING:
			if (cell->nwc == 0) {
				cell->wc[0] = (wchar_t)c;
				cell->nwc = 1;
				cell->width = w;
				break;
			}
			/*
			 * A second spacing character in one cluster (ZWJ
			 * sequences, flags, spacing marks) starts a cell:
			 * ncurses draws one spacing character per cell.
			 * A skin tone is dropped rather than drawn apart:
			 * some terminals join it to its base, and then
			 * their cursor and ncurses' disagree.
			 */
			if (uc_is_property_emoji_modifier(c) &&
			    uc_is_property_emoji_modifier_base(
			    (ucs4_t)cell->wc[0]))
				break;
			goto done;
		case TEXT_KIND_UNPRINTABLE:
			if (cell->nwc > 0)
				goto done;
			text_cell_placeholder(cell, TEXT_REPLACEMENT);
			break;
		}
	}
done:
	text_gwin_free(&g);
	if (cell->nwc == 0)
		cell->width = 0;
	cell->end = i;
	return i;
}

static int
text_add_columns(int col, const struct text_cell *cell)
{
	int	 w = cell->tab ? 8 - (col % 8 + 8) % 8 : cell->width;

	return col > INT_MAX - w ? INT_MAX : col + w;
}

int
text_width(const char *s, size_t len, int col)
{
	struct text_cell	 cell;
	size_t			 pos = 0;
	int			 c = col;

	while (pos < len) {
		pos = text_cell_next(s, len, pos, &cell);
		c = text_add_columns(c, &cell);
	}
	return c - col;
}

/*
 * Line-break opportunities: libunistring's UAX #14, in the form the wrapper
 * wants.  libunistring marks a mandatory break on the line-break character
 * itself; here it moves to where the next row starts.  libunistring 1.0
 * lacks LB29 (no break between "." and a letter: it would break "U.|S.",
 * "e.|g." and "example.|com"); it is restored before letters.
 */
static bool
text_is_infix_separator(uint32_t c)
{
	switch (c) {
	case 0x2c: case 0x2e: case 0x3a: case 0x3b: case 0x37e: case 0x589:
	case 0x60c: case 0x60d: case 0x7f8: case 0x2044: case 0xfe10:
	case 0xfe13: case 0xfe14:
		return true;
	default:
		return false;
	}
}

/* Line_Break AL or HL, as far as LB29 needs: a narrow letter. */
static bool
text_is_narrow_letter(uint32_t c)
{
	return c != TEXT_BAD && uc_is_general_category(c, UC_CATEGORY_L) &&
	    uc_width(c, TEXT_ENCODING) == 1;
}

void
text_line_breaks(const char *s, size_t len, char *p)
{
	size_t		 i, j, n;
	uint32_t	 c, base = TEXT_BAD;
	bool		 mandatory = false;
	int		 lb, out;

	if (len == 0)
		return;
	u8_possible_linebreaks((const uint8_t *)s, len, TEXT_ENCODING, p);
	for (i = 0; i < len; i += n) {
		n = text_decode(s, len, i, &c);
		lb = p[i];
		out = TEXT_BREAK_NONE;
		if (mandatory)
			out = TEXT_BREAK_MANDATORY;
		else if (i > 0 && (lb == UC_BREAK_POSSIBLE ||
		    lb == UC_BREAK_HYPHENATION))
			out = TEXT_BREAK_ALLOWED;
		if (out == TEXT_BREAK_ALLOWED &&
		    text_is_infix_separator(base) && text_is_narrow_letter(c))
			out = TEXT_BREAK_NONE;
		mandatory = lb == UC_BREAK_MANDATORY;
		p[i] = (char)out;
		for (j = 1; j < n; j++)
			p[i + j] = TEXT_BREAK_NONE;
		/* LB9: a combining mark takes its base's class. */
		if (c == TEXT_BAD || !(text_is_infix_separator(base) &&
		    (uc_is_general_category(c, UC_CATEGORY_M) ||
		    c == 0x200d)))
			base = c;
	}
}

static void
text_row_push(struct text_row **rows, size_t *n, size_t *cap, size_t start,
    size_t end)
{
	ARRAY_RESERVE(*rows, *cap, *n + 1);
	(*rows)[*n].start = start;
	(*rows)[*n].end = end;
	(*n)++;
}

static bool
text_cell_is_blank(const char *s, const struct text_cell *cell)
{
	return cell->tab || (cell->end == cell->start + 1 &&
	    s[cell->start] == ' ');
}

/*
 * Greedy wrapping in one pass: remember the last break opportunity of the
 * row; on overflow end the row there (or split the word at the cell that
 * overflows) and go on from it.  Each cell is measured at most twice.
 * Spaces and tabs before a break hang past the width, as in CSS, so that
 * rows cover the paragraph without gaps.
 */
size_t
text_wrap(const char *s, size_t len, int width, struct text_row **rows)
{
	return text_wrap_deco(s, len, width, NULL, NULL, rows);
}

size_t
text_wrap_deco(const char *s, size_t len, int width, text_deco_fn *deco,
    void *ctx, struct text_row **rows)
{
	struct text_row		*r = NULL;
	struct text_cell	 cell;
	size_t			 n = 0, cap = 0, start = 0, pos = 0, next;
	size_t			 brkpos = 0;
	bool			 have_brk = false, blank;
	char			*brk;
	int			 col = 0, w, before, after;

	if (width < 1)
		width = 1;
	brk = xmalloc(len ? len : 1);
	text_line_breaks(s, len, brk);
	while (pos < len) {
		if (pos > start && brk[pos] == TEXT_BREAK_MANDATORY) {
			text_row_push(&r, &n, &cap, start, pos);
			start = pos;
			col = 0;
			have_brk = false;
			continue;
		}
		if (pos > start && brk[pos] == TEXT_BREAK_ALLOWED) {
			have_brk = true;
			brkpos = pos;
		}
		next = text_cell_next(s, len, pos, &cell);
		before = after = 0;
		if (deco != NULL)
			deco(ctx, cell.start, cell.end, &before, &after);
		/* What is drawn before the cell moves it (and a TAB's
		   width); what is drawn after it goes with it. */
		w = before + text_add_columns(col + before, &cell) -
		    col - before + after;
		blank = text_cell_is_blank(s, &cell) && before == 0 &&
		    after == 0;
		if (!blank && col > 0 && col + w > width) {
			/* End the row at its last opportunity, or split a
			   word wider than the row at this cell. */
			next = have_brk ? brkpos : pos;
			text_row_push(&r, &n, &cap, start, next);
			start = pos = next;
			col = 0;
			have_brk = false;
			continue;
		}
		col += w;
		pos = next;
	}
	text_row_push(&r, &n, &cap, start, len);
	free(brk);
	*rows = r;
	return n;
}

/* Append code point c to b as UTF-8. */
static void
text_buf_add_cp(struct buf *b, uint32_t c)
{
	uint8_t	 u[6];
	int	 n = u8_uctomb(u, (ucs4_t)c, (ptrdiff_t)sizeof(u));

	if (n > 0)
		buf_add(b, u, (size_t)n);
}

static bool
text_is_line_break(uint32_t c)
{
	return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c ||
	    c == 0x85 || c == 0x2028 || c == 0x2029;
}

char *
text_sanitize(const char *s, size_t len)
{
	struct buf		 out = BUF_INIT;
	struct text_cell	 cell;
	size_t			 pos = 0, next;
	uint32_t		 c;
	int			 k;

	buf_reserve(&out, len);
	while (pos < len) {
		next = text_cell_next(s, len, pos, &cell);
		text_decode(s, len, pos, &c);
		if (c == '\r' && next < len && s[next] == '\n') {
			/* CRLF is one line break, one space. */
		} else if (cell.tab || text_is_line_break(c)) {
			buf_addc(&out, ' ');
		} else {
			for (k = 0; k < cell.nwc; k++)
				text_buf_add_cp(&out, (uint32_t)cell.wc[k]);
		}
		pos = next;
	}
	buf_add(&out, "", 0);	/* terminated even when empty */
	return buf_detach(&out);
}

size_t
text_fit(const char *s, size_t len, int maxcols, int *cols)
{
	struct text_cell	 cell;
	size_t			 pos = 0, next;
	int			 col = 0, c;

	while (pos < len) {
		next = text_cell_next(s, len, pos, &cell);
		c = text_add_columns(col, &cell);
		if (c > maxcols)
			break;
		col = c;
		pos = next;
	}
	if (cols != NULL)
		*cols = col;
	return pos;
}

#define TEXT_TITLE_MAX	200	/* code points (§4) */

static bool
text_is_space_at(const char *s, size_t len, size_t pos, size_t *n)
{
	uint32_t	 c;

	*n = text_decode(s, len, pos, &c);
	return c != TEXT_BAD && uc_is_property_white_space(c);
}

char *
text_title(const char *s, size_t len)
{
	size_t	 a = 0, b, e = 0, n, pos, next, ncp, keep;

	while (a < len) {
		for (b = a; b < len && s[b] != '\n' && s[b] != '\r'; b++)
			;
		/* Trim white space (Unicode White_Space) at both ends. */
		while (a < b && text_is_space_at(s, b, a, &n))
			a += n;
		e = b;
		while (e > a) {
			for (pos = e - 1; pos > a &&
			    text_is_continuation((unsigned char)s[pos]); pos--)
				;
			if (!text_is_space_at(s, e, pos, &n) || pos + n != e)
				break;
			e = pos;
		}
		if (e > a)
			break;
		a = b + 1;
	}
	if (a >= len)
		return xstrdup("");
	/* At most 200 code points, cut between grapheme clusters. */
	keep = a;
	ncp = 0;
	for (pos = a; pos < e; pos = next) {
		next = text_grapheme_next(s, e, pos);
		ncp += text_cp_count(s + pos, next - pos);
		if (ncp > TEXT_TITLE_MAX)
			break;
		keep = next;
	}
	if (keep == a && e > a)	/* one cluster longer than the limit */
		keep = text_skip_cp(s, e, a, TEXT_TITLE_MAX);
	/* The cut may leave white space at the end. */
	while (keep > a) {
		for (pos = keep - 1; pos > a &&
		    text_is_continuation((unsigned char)s[pos]); pos--)
			;
		if (!text_is_space_at(s, keep, pos, &n) || pos + n != keep)
			break;
		keep = pos;
	}
	return xstrndup(s + a, keep - a);
}

size_t
text_cp_next(const char *s, size_t len, size_t pos)
{
	const unsigned char	*t = (const unsigned char *)s;

	if (pos >= len)
		return len;
	pos++;
	while (pos < len && (t[pos] & 0xc0) == 0x80)
		pos++;
	return pos;
}

size_t
text_cp_prev(const char *s, size_t pos)
{
	const unsigned char	*t = (const unsigned char *)s;

	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && (t[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

void
text_trim_space(const char *s, size_t *start, size_t *end)
{
	size_t		 len, prev;
	uint32_t	 c;

	while (*start < *end) {
		len = text_decode(s, *end, *start, &c);
		if (c == TEXT_BAD || !uc_is_property_white_space(c))
			break;
		*start += len;
	}
	while (*end > *start) {
		prev = text_cp_prev(s, *end);
		if (prev < *start)
			break;
		(void)text_decode(s, *end, prev, &c);
		if (c == TEXT_BAD || !uc_is_property_white_space(c))
			break;
		*end = prev;
	}
}
