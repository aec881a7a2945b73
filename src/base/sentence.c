/*
 * sentence.c: the rule-based sentence splitter of sentence.h.  One pass
 * over the code points; a "." looks back at the word before it to tell an
 * abbreviation from the end of a sentence.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "margin/sentence.h"
#include "margin/util.h"

/* Titles and the like: a "." after them never ends a sentence. */
static const char *const sentence_titles[] = {
	"Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft",
	"Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Cpt", "Cmdr",
	"Adm", "Maj", "Rev", "Hon", "Pres", "Supt", "Insp", "Det", "Messrs",
	"Mme", "Mlle", "Fr", "Sra", "Srta", "vs", "cf", "al", "approx", "ca",
	"viz", "Ave", "Blvd", "Rd", "Hwy", "Dept", "Univ",
	NULL
};
/* Abbreviations that are followed by a number: "No. 5", "Jan. 6". */
static const char *const sentence_before_number[] = {
	"No", "Nos", "Nr", "Vol", "Vols", "pp", "Fig", "Figs", "Art", "Sec",
	"Ch", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
	"Oct", "Nov", "Dec",
	NULL
};

struct sentence_list {
	struct sentence	*v;
	size_t		 n;
	size_t		 cap;
};

static size_t
sentence_decode(const char *s, size_t len, size_t i, ucs4_t *c)
{
	int	 n = u8_mbtouc(c, (const uint8_t *)s + i, len - i);

	return n > 0 ? (size_t)n : 1;
}

static int
sentence_space(ucs4_t c)
{
	return uc_is_property_white_space(c);
}

/* Add s[a..b) without white space at its ends, unless nothing is left. */
static void
sentence_add(struct sentence_list *l, const char *s, size_t a, size_t b)
{
	ucs4_t		 c;
	size_t		 n;
	const uint8_t	*p;

	while (a < b) {
		n = sentence_decode(s, b, a, &c);
		if (!sentence_space(c))
			break;
		a += n;
	}
	while (b > a) {
		p = u8_prev(&c, (const uint8_t *)s + b, (const uint8_t *)s + a);
		if (p == NULL || !sentence_space(c))
			break;
		b = (size_t)(p - (const uint8_t *)s);
	}
	if (a >= b)
		return;
	ARRAY_RESERVE(l->v, l->cap, l->n + 1);
	l->v[l->n].start = a;
	l->v[l->n].end = b;
	l->n++;
}

static int
sentence_terminal(ucs4_t c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026;
}

/* 。！？: full stops of text written without spaces. */
static int
sentence_terminal_cjk(ucs4_t c)
{
	return c == 0x3002 || c == 0xff01 || c == 0xff1f || c == 0xff61;
}

static int
sentence_closer(ucs4_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' ||
	    c == 0x2019 || c == 0x201d || c == 0x00bb || c == 0x203a ||
	    c == 0x300d || c == 0x300f || c == 0xff09;
}

static int
sentence_opener(ucs4_t c)
{
	return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x2018 ||
	    c == 0x201c || c == 0x00ab || c == 0x2039 || c == 0x00bf ||
	    c == 0x00a1;
}

/* Can c begin a sentence?  Upper case, a digit, a letter without case
   (CJK), or an opening quote or bracket. */
static int
sentence_starter(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_Lu) ||
	    uc_is_general_category(c, UC_CATEGORY_Lt) ||
	    uc_is_general_category(c, UC_CATEGORY_Lo) ||
	    uc_is_general_category(c, UC_CATEGORY_Nd) || sentence_opener(c);
}

static int
sentence_in(const char *const *list, const char *w, size_t len)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
			return 1;
	return 0;
}

/*
 * Does the "." at byte dot close an abbreviation rather than a sentence?
 * next is the first character after the white space that follows.
 */
static int
sentence_abbreviation(const char *s, size_t dot, ucs4_t next)
{
	const uint8_t	*p, *q = (const uint8_t *)s + dot;
	ucs4_t		 c;
	size_t		 w, letters = 0;
	int		 dotted = 0;

	/* The word before the ".": letters, marks and inner dots. */
	while ((p = u8_prev(&c, q, (const uint8_t *)s)) != NULL) {
		if (c == '.')
			dotted = 1;
		else if (uc_is_general_category(c, UC_CATEGORY_L))
			letters++;
		else if (!uc_is_general_category(c, UC_CATEGORY_M))
			break;
		q = p;
	}
	w = (size_t)(q - (const uint8_t *)s);
	if (letters == 0)
		return 0;	/* "2020." or "...": no word */
	if (dotted)
		return 1;	/* "U.S.", "e.g.", "a.m." */
	if (letters == 1)
		return 1;	/* an initial */
	if (sentence_in(sentence_titles, s + w, dot - w))
		return 1;
	return uc_is_general_category(next, UC_CATEGORY_Nd) &&
	    sentence_in(sentence_before_number, s + w, dot - w);
}

size_t
sentence_split(const char *s, size_t len, struct sentence **out)
{
	struct sentence_list	 l;
	size_t			 i, j, k, n, begin = 0, periods;
	ucs4_t			 c, d;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < len; i += n) {
		n = sentence_decode(s, len, i, &c);
		if (c == '\n') {
			sentence_add(&l, s, begin, i);
			begin = i + n;
			continue;
		}
		if (!sentence_terminal(c) && !sentence_terminal_cjk(c))
			continue;
		/* The run of terminals, then closing quotes or brackets. */
		periods = c == '.';
		for (j = i + n; j < len; j += k) {
			k = sentence_decode(s, len, j, &d);
			if (!sentence_terminal(d) && !sentence_terminal_cjk(d))
				break;
			periods += d == '.';
		}
		for (; j < len; j += k) {
			k = sentence_decode(s, len, j, &d);
			if (!sentence_closer(d))
				break;
		}
		if (sentence_terminal_cjk(c)) {
			sentence_add(&l, s, begin, j);
			begin = j;
			n = j - i;
			continue;
		}
		/* White space (not a line end: that breaks anyway), then a
		   character that can start a sentence. */
		for (k = j; k < len; k += n) {
			n = sentence_decode(s, len, k, &d);
			if (d == '\n' || !sentence_space(d))
				break;
		}
		n = j - i;
		if (k == j || k == len || d == '\n' || !sentence_starter(d))
			continue;
		if (c == '.' && periods == 1 &&
		    sentence_abbreviation(s, i, d))
			continue;
		sentence_add(&l, s, begin, j);
		begin = j;
	}
	sentence_add(&l, s, begin, len);
	*out = l.v != NULL ? l.v : xcalloc(1, sizeof(**out));
	return l.n;
}
