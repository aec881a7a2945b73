/*
 * test_word_edge.c: the word boundary at one byte equals the one that
 * text_word_breaks() computes over the whole text, at every byte of random
 * and hostile texts: ASCII punctuation between letters and digits, emoji
 * ZWJ sequences and flags, combining marks, CJK, Hebrew quotes, ß and İ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/text.h"
#include "margin/util.h"
#include "margin/word_edge.h"
#include "check.h"

/* The first byte where word_edge_at() and text_word_breaks() differ, or
   len + 1 when none does. */
static size_t
first_difference(const char *s, size_t len, int *got, int *want)
{
	struct word_edge	 e;
	char			*whole = xmalloc(len + 1);
	size_t			 p;

	if (len > 0)
		text_word_breaks(s, len, whole);
	word_edge_init(&e, s, len);
	for (p = 0; p <= len; p++) {
		*got = word_edge_at(&e, p);
		*want = p == 0 || p == len ? 1 : whole[p];
		if (*got != *want)
			break;
	}
	word_edge_free(&e);
	free(whole);
	return p;
}

#define CHECK_EDGES(s) do {						\
	const char *s_ = (s);						\
	int got_, want_;						\
	size_t at_ = first_difference(s_, strlen(s_), &got_, &want_);	\
	CHECK_MSG(at_ > strlen(s_), "\"%s\" at byte %zu: %d, whole text "	\
	    "%d", s_, at_, got_, want_);				\
} while (0)

static void
test_fixed(void)
{
	CHECK_EDGES("");
	CHECK_EDGES("a");
	CHECK_EDGES("New York, 3.14 and 1,000; don't e.g. a:b x_y");
	CHECK_EDGES("  two  spaces\r\nCRLF\vVT\fFF\ttab");
	CHECK_EDGES("a.\xcc\x81" "b 1,\xcc\x81" "2");	/* marks after . and , */
	CHECK_EDGES("\xd7\xa9\"\xd7\x9c \xd7\xa9'");	/* Hebrew " and ' */
	CHECK_EDGES("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb x");
	CHECK_EDGES("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9"
	    "\xf0\x9f\x87\xaa\xf0\x9f\x87\xab");	/* flags, odd count */
	CHECK_EDGES("\xe6\x9d\xb1\xe4\xba\xac\xe3\x82\xab\xe3\x82\xbf" "a");
	CHECK_EDGES("Stra\xc3\x9f" "e \xc4\xb0stanbul i\xcc\x87");
	CHECK_EDGES("\xe2\x80\x8d\xcc\x81" "a");	/* joiners first */
}

static void
test_random(void)
{
	/* Pieces chosen for the rules that look beyond their neighbours. */
	static const char *const piece[] = { "a", "Z", "1", "_", " ", "  ",
	    ".", ",", ";", ":", "'", "\"", "-", "\n", "\r", "\t",
	    "\xc3\xa9",			/* é */
	    "\xc3\x9f",			/* ß */
	    "\xc4\xb0",			/* İ */
	    "\xcc\x81",			/* combining acute */
	    "\xe2\x80\x8d",		/* ZWJ */
	    "\xc2\xad",			/* soft hyphen, a format character */
	    "\xe6\x9d\xb1",		/* 東 */
	    "\xe3\x82\xab",		/* katakana ka */
	    "\xd7\xa9",			/* Hebrew shin */
	    "\xd9\xa3",			/* Arabic-Indic digit three */
	    "\xe2\x80\x99",		/* right single quote (MidNumLet) */
	    "\xf0\x9f\x91\xa9",		/* woman */
	    "\xf0\x9f\x92\xbb",		/* laptop */
	    "\xf0\x9f\x8f\xbd",		/* skin tone modifier */
	    "\xf0\x9f\x87\xab",		/* regional indicator F */
	    "\xf0\x9f\x87\xb7",		/* regional indicator R */
	    "\xe3\x80\x80",		/* ideographic space */
	    "\xef\xbc\x8c",		/* fullwidth comma */
	};
	struct buf	 b = BUF_INIT;
	size_t		 npiece = sizeof(piece) / sizeof(piece[0]);
	size_t		 i, k, len, at, bad = 0;
	uint32_t	 seed = 2026;
	int		 got, want;

#define RAND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
	for (i = 0; i < 40000; i++) {
		buf_truncate(&b, 0);
		len = 1 + RAND() % 24;
		for (k = 0; k < len; k++)
			buf_adds(&b, piece[RAND() % npiece]);
		at = first_difference(b.data, b.len, &got, &want);
		if (at <= b.len && bad++ < 5)
			CHECK_MSG(0, "random text %zu, byte %zu: %d, whole "
			    "text %d", i, at, got, want);
	}
	CHECK_INT(bad, 0);
	buf_free(&b);
#undef RAND
}

static const struct check_test tests[] = {
	{ "boundaries at every byte of chosen texts equal the whole text's",
	    test_fixed },
	{ "boundaries at every byte of 40,000 random hostile texts equal "
	    "the whole text's", test_random },
};

CHECK_MAIN(tests)
