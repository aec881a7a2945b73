/*
 * tagger_article.c: what a whole article says of each of its words, for
 * the tagger's whole-article features (TAGGER_FEATURE_ARTICLE).
 *
 * A name is often written plainly once and ambiguously elsewhere: "Lavrov"
 * at the start of a sentence, "SANCTIONS" in a headline, "Blinken" alone
 * after "Antony Blinken".  For every word (lower-cased) the article counts
 * how it appears: capitalised inside a sentence or at its start, in lower
 * case, in capitals, and where it stands in a run of capitalised words
 * (first, inside, last, alone).  A word's features are the ways it appears
 * elsewhere in the article, its own place left out, as Chieu and Ng's
 * global features do.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "margin/tagger.h"
#include "margin/util.h"
#include "tagger_private.h"

/* How a word's first letter and its letters are written. */
enum tagger_case {
	TAGGER_CASE_NONE,	/* no letter first */
	TAGGER_CASE_UPPER,	/* a capital first */
	TAGGER_CASE_LOWER	/* a small letter first */
};

struct tagger_article {
	/* lower-cased word key -> 4-bit counts of each TAGGER_SEEN_*,
	   saturating at 15 */
	struct tagger_table	 seen;
};

static enum tagger_case
tagger_case_of(const struct tagger_word *w, int *capitals)
{
	const uint8_t	*s = (const uint8_t *)w->s;
	size_t		 i = 0, letters = 0, upper = 0;
	enum tagger_case k = TAGGER_CASE_NONE;
	ucs4_t		 c;
	int		 l;

	while (i < w->len) {
		l = u8_mbtouc(&c, s + i, w->len - i);
		if (uc_is_alpha(c)) {
			if (letters == 0)
				k = uc_is_upper(c) ? TAGGER_CASE_UPPER :
				    uc_is_lower(c) ? TAGGER_CASE_LOWER :
				    TAGGER_CASE_NONE;
			letters++;
			if (uc_is_upper(c))
				upper++;
		} else if (letters == 0)
			return TAGGER_CASE_NONE;
		i += l > 0 ? (size_t)l : 1;
	}
	*capitals = letters >= 2 && upper == letters;
	return k;
}

/* The ways word i of a sentence of n appears (TAGGER_SEEN_* bits). */
static unsigned
tagger_seen_at(const struct tagger_word *w, size_t n, size_t i)
{
	int		 capitals = 0, other;
	enum tagger_case k = tagger_case_of(&w[i], &capitals);
	unsigned	 m = 0;
	int		 before, after;

	if (k == TAGGER_CASE_NONE)
		return 0;
	if (capitals)
		m |= 1u << TAGGER_SEEN_CAPITALS;
	if (k == TAGGER_CASE_LOWER)
		return m | 1u << TAGGER_SEEN_LOWER;
	m |= 1u << (i == 0 ? TAGGER_SEEN_FIRST : TAGGER_SEEN_UPPER);
	before = i > 0 && tagger_case_of(&w[i - 1], &other) ==
	    TAGGER_CASE_UPPER;
	after = i + 1 < n && tagger_case_of(&w[i + 1], &other) ==
	    TAGGER_CASE_UPPER;
	if (before && after)
		m |= 1u << TAGGER_SEEN_RUN_INSIDE;
	else if (before)
		m |= 1u << TAGGER_SEEN_RUN_LAST;
	else if (after)
		m |= 1u << TAGGER_SEEN_RUN_FIRST;
	else if (i > 0)
		m |= 1u << TAGGER_SEEN_RUN_ALONE;
	return m;
}

static uint64_t
tagger_seen_key(const char *lower, size_t len)
{
	return tagger_word_key(lower, len);
}

struct tagger_article *
tagger_article_new(const struct tagger_sentence *s, size_t n)
{
	struct tagger_article	*a = xcalloc(1, sizeof(*a));
	size_t			 i, j, len, slot;
	uint64_t		 key;
	uint32_t		 v;
	unsigned		 m;
	char			*lower;

	for (i = 0; i < n; i++)
		for (j = 0; j < s[i].n; j++) {
			m = tagger_seen_at(s[i].words, s[i].n, j);
			if (m == 0)
				continue;
			lower = tagger_lower(s[i].words[j].s,
			    s[i].words[j].len, &len);
			key = tagger_seen_key(lower, len);
			free(lower);
			v = tagger_table_get(&a->seen, key);
			for (slot = 0; slot < TAGGER_SEEN_KINDS; slot++)
				if ((m & 1u << slot) &&
				    ((v >> (4 * slot)) & 15) < 15)
					v += (uint32_t)1 << (4 * slot);
			tagger_table_set(&a->seen, key, v);
		}
	return a;
}

void
tagger_article_free(struct tagger_article *a)
{
	if (a == NULL)
		return;
	tagger_table_free(&a->seen);
	free(a);
}

unsigned
tagger_article_elsewhere(const struct tagger_article *a,
    const struct tagger_word *w, size_t n, size_t i, const char *lower,
    size_t lower_len)
{
	unsigned	 own = tagger_seen_at(w, n, i), m = 0, slot, c;
	uint32_t	 v;

	if (own == 0)
		return 0;
	v = tagger_table_get(&a->seen, tagger_seen_key(lower, lower_len));
	for (slot = 0; slot < TAGGER_SEEN_KINDS; slot++) {
		c = (v >> (4 * slot)) & 15;
		/* A count that saturated is more than the word's own. */
		if (c > ((own >> slot) & 1) || c == 15)
			m |= 1u << slot;
	}
	return m;
}
