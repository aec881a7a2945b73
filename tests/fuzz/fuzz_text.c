/*
 * fuzz_text.c: any bytes through the text model (SPEC §4): canonicalise,
 * then tokens, wrapping, cells and the sanitiser on the result, checking
 * what text.h promises of each.  The first byte picks the wrap width.
 */
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "margin/text.h"
#include "margin/util.h"

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

/* A code point that canonical text never holds (§4). */
static int
is_removed_control(ucs4_t uc)
{
	if (uc == '\t' || uc == '\n')
		return 0;
	return uc < 0x20 || (uc >= 0x7f && uc < 0xa0);
}

static void
check_canonical(const char *s, size_t len)
{
	size_t	 i = 0;
	ucs4_t	 uc;
	int	 n;

	FUZZ_CHECK(s[len] == '\0', "canonical text is NUL-terminated");
	FUZZ_CHECK(u8_check((const uint8_t *)s, len) == NULL,
	    "canonical text is valid UTF-8");
	while (i < len) {
		n = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);
		FUZZ_CHECK(!is_removed_control(uc),
		    "canonical text holds no control but TAB and LF");
		i += (size_t)n;
	}
}

static void
check_tokens(const char *s, size_t len)
{
	struct text_token	*tok = NULL;
	size_t			 n, i, prev = 0;
	char			*p;

	n = text_tokens(s, len, &tok);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(tok[i].start < tok[i].end && tok[i].end <= len,
		    "a token is a non-empty range inside the text");
		FUZZ_CHECK(tok[i].start >= prev,
		    "tokens come in order and do not overlap");
		prev = tok[i].end;
	}
	free(tok);
	if (len > 0) {
		p = xmalloc(len);
		text_word_breaks(s, len, p);
		text_line_breaks(s, len, p);
		FUZZ_CHECK(p[0] == TEXT_BREAK_NONE, "no row starts at byte 0");
		free(p);
	}
}

/* Cells cover the text, each moves forward and draws no control. */
static void
check_cells(const char *s, size_t len)
{
	struct text_cell	 c;
	size_t			 pos = 0, next;
	int			 i;

	while (pos < len) {
		memset(&c, 0, sizeof(c));
		next = text_cell_next(s, len, pos, &c);
		FUZZ_CHECK(next > pos && next <= len,
		    "text_cell_next moves forward and stays in the text");
		FUZZ_CHECK(c.start == pos && c.end == next,
		    "a cell's range is what text_cell_next returned");
		FUZZ_CHECK(c.width >= 0 && c.width <= 2, "a cell is 0-2 columns");
		FUZZ_CHECK(c.nwc >= 0 && c.nwc <= TEXT_CELL_MAX,
		    "a cell holds at most TEXT_CELL_MAX characters");
		FUZZ_CHECK(c.width > 0 || c.nwc == 0,
		    "a cell of width 0 draws nothing");
		for (i = 0; i < c.nwc; i++)
			FUZZ_CHECK(!is_removed_control((ucs4_t)c.wc[i]) &&
			    c.wc[i] != '\t' && c.wc[i] != '\n' &&
			    !(c.wc[i] >= 0x202a && c.wc[i] <= 0x202e) &&
			    !(c.wc[i] >= 0x2066 && c.wc[i] <= 0x2069),
			    "no control or bidi control is ever drawn");
		pos = next;
	}
}

static void
check_sanitized(const char *s, size_t len)
{
	char	*t = text_sanitize(s, len);
	size_t	 tl = strlen(t), i = 0, keep;
	ucs4_t	 uc;
	int	 n, cols;

	FUZZ_CHECK(u8_check((const uint8_t *)t, tl) == NULL,
	    "sanitised text is valid UTF-8");
	while (i < tl) {
		n = u8_mbtouc(&uc, (const uint8_t *)t + i, tl - i);
		FUZZ_CHECK(uc >= 0x20 && !(uc >= 0x7f && uc < 0xa0) &&
		    !(uc >= 0x202a && uc <= 0x202e) &&
		    !(uc >= 0x2066 && uc <= 0x2069),
		    "sanitised text holds no control, TAB, LF or bidi control");
		i += (size_t)n;
	}
	keep = text_fit(t, tl, 7, &cols);
	FUZZ_CHECK(keep <= tl && cols <= 7, "text_fit stays within its columns");
	free(t);
}

/* Wrap one paragraph: rows cover it without gaps (text.h). */
static void
check_wrap(const char *s, size_t len, int width)
{
	struct text_row	*rows = NULL;
	size_t		 n, i;

	n = text_wrap(s, len, width, &rows);
	FUZZ_CHECK(n >= 1, "a paragraph wraps to at least one row");
	FUZZ_CHECK(rows[0].start == 0 && rows[n - 1].end == len,
	    "rows cover the paragraph from its start to its end");
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(rows[i].start <= rows[i].end,
		    "a row is a forward range");
		if (i + 1 < n)
			FUZZ_CHECK(rows[i].end == rows[i + 1].start &&
			    rows[i].end > rows[i].start,
			    "rows follow each other without gaps");
	}
	free(rows);
}

static void
check_offsets(const char *s, size_t len)
{
	struct text_offsets	 o;
	size_t			 ncp, cp, step;

	ncp = text_cp_count(s, len);
	text_offsets_init(&o, s, len);
	FUZZ_CHECK(o.ncp == ncp, "the offset index counts the code points");
	step = ncp / 64 + 1;
	for (cp = 0; cp <= ncp; cp += step) {
		size_t	b = text_cp_to_byte(s, len, cp);

		FUZZ_CHECK(text_offsets_byte(&o, cp) == b,
		    "the offset index agrees with text_cp_to_byte");
		FUZZ_CHECK(text_byte_to_cp(s, len, b) == cp,
		    "byte and code point offsets convert both ways");
		FUZZ_CHECK(text_offsets_cp(&o, b) == cp,
		    "the offset index converts bytes back");
	}
	text_offsets_free(&o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_canon_stats	 st;
	const char		*in = (const char *)data;
	char			*out, *title;
	size_t			 len, *map = NULL, nmap = 0, i, p, q;
	int			 width = 20;

	if (size > 0) {
		width = 1 + data[0] % 120;
		in++;
		size--;
	}
	memset(&st, 0, sizeof(st));
	out = text_canonicalize(in, size, &len, &st, &map, &nmap);
	check_canonical(out, len);
	/* Only a BOM that leads the input is dropped (a U+FEFF after a
	   removed control is a character of the text, and stays). */
	FUZZ_CHECK(st.bom == (size >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0),
	    "a leading BOM is dropped, and counted");
	FUZZ_CHECK(nmap >= 1 && map[nmap - 1] == text_cp_count(out, len),
	    "the last map entry is the output length in code points");
	for (i = 1; i < nmap; i++)
		FUZZ_CHECK(map[i - 1] <= map[i], "the offset map never goes back");
	free(map);

	check_tokens(out, len);
	check_cells(out, len);
	check_sanitized(out, len);
	check_offsets(out, len);
	title = text_title(out, len);
	FUZZ_CHECK(text_cp_count(title, strlen(title)) <= 200,
	    "a title is at most 200 code points");
	free(title);
	(void)text_width(out, len, 3);
	for (p = 0; p < len; p = text_grapheme_next(out, len, p))
		;
	for (p = 0; p <= len; p = q + 1) {
		const char	*lf = memchr(out + p, '\n', len - p);

		q = lf != NULL ? (size_t)(lf - out) : len;
		check_wrap(out + p, q - p, width);
	}

	/* Display functions promise never to read past the length, even on
	   bytes that are not UTF-8: the raw input too. */
	check_cells(in, size);
	check_sanitized(in, size);
	(void)text_width(in, size, 0);
	free(out);
	return 0;
}
