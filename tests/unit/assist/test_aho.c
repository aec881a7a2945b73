/*
 * test_aho.c: the gazetteer matcher: leftmost-longest and non-overlapping
 * choice, token alignment (next to CJK, emoji and combining marks, never
 * inside a word), case folding that changes lengths (ß, İ) with offsets
 * exact in code points and bytes, empty and huge inputs, and 100,000
 * random names against a naive matcher on random text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unistr.h>

#include "margin/aho.h"
#include "margin/text.h"
#include "margin/util.h"
#include "check.h"

/* A matcher over names (NULL-terminated); key i is names[i] unless a
   name repeats. */
static struct aho *
matcher(int ignore_case, const char *const *names)
{
	struct aho	*a = aho_new(ignore_case);
	size_t		 i;

	for (i = 0; names[i] != NULL; i++)
		aho_add(a, names[i], strlen(names[i]));
	aho_build(a);
	return a;
}

/* The matches as "start-end/start_byte-end_byte:key ..." */
static char *
matches(const struct aho *a, const char *text)
{
	struct aho_match	*v;
	struct buf		 b = BUF_INIT;
	size_t			 n, i;

	n = aho_search(a, text, strlen(text), &v);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%zu-%zu/%zu-%zu:%" PRIu32, i > 0 ? " " : "",
		    v[i].start, v[i].end, v[i].start_byte, v[i].end_byte,
		    v[i].key);
	free(v);
	buf_adds(&b, "");
	return buf_detach(&b);
}

#define CHECK_MATCHES(a, text, want) do {				\
	char *got_ = matches((a), (text));				\
	CHECK_STR(got_, (want));					\
	free(got_);							\
} while (0)

static void
test_longest_wins(void)
{
	static const char *const names[] = { "New York", "New York City",
	    "York", NULL };
	struct aho	*a = matcher(0, names);

	CHECK_MATCHES(a, "in New York City today",
	    "3-16/3-16:1");
	CHECK_MATCHES(a, "New York, York", "0-8/0-8:0 10-14/10-14:2");
	aho_free(a);
}

static void
test_leftmost_wins(void)
{
	/* "A B" and "B C" overlap in "A B C": the leftmost is taken even
	   though the other is as long; then "C D" cannot start inside. */
	static const char *const names[] = { "B C D", "A B", NULL };
	struct aho	*a = matcher(0, names);

	CHECK_MATCHES(a, "A B C D", "0-3/0-3:1");
	CHECK_MATCHES(a, "x B C D", "2-7/2-7:0");
	aho_free(a);
}

static void
test_non_overlapping(void)
{
	static const char *const names[] = { "a b", NULL };
	struct aho	*a = matcher(0, names);

	/* "a b a b a": two, the third would overlap the second. */
	CHECK_MATCHES(a, "a b a b a", "0-3/0-3:0 4-7/4-7:0");
	CHECK_MATCHES(a, "a b b a b", "0-3/0-3:0 6-9/6-9:0");
	aho_free(a);
}

static void
test_token_aligned(void)
{
	static const char *const names[] = { "Paris", "is", "Par", NULL };
	struct aho	*a = matcher(0, names);

	CHECK_MATCHES(a, "Parisian", "");
	CHECK_MATCHES(a, "Paris.", "0-5/0-5:0");
	CHECK_MATCHES(a, "xParis Paris", "7-12/7-12:0");
	/* A combining mark extends the word: not "Paris" in "Parisé". */
	CHECK_MATCHES(a, "Paris\xcc\x81 is", "7-9/8-10:1");
	/* A name that is a longer match's suffix still aligns alone. */
	CHECK_MATCHES(a, "this is", "5-7/5-7:1");
	aho_free(a);
}

static void
test_cjk_emoji_neighbours(void)
{
	static const char *const names[] = { "Paris", "東京", "🙂", NULL };
	struct aho	*a = matcher(0, names);

	/* UAX #29 breaks between ideographs and letters, and around an
	   emoji. */
	CHECK_MATCHES(a, "東京Paris🙂", "0-2/0-6:1 2-7/6-11:0 7-8/11-15:2");
	CHECK_MATCHES(a, "🙂Paris,", "0-1/0-4:2 1-6/4-9:0");
	aho_free(a);
}

static void
test_case_sensitive(void)
{
	static const char *const names[] = { "Paris", NULL };
	struct aho	*a = matcher(0, names);

	CHECK_MATCHES(a, "PARIS paris Paris", "12-17/12-17:0");
	aho_free(a);
}

static void
test_case_folding(void)
{
	static const char *const names[] = { "Straße", "istanbul",
	    "İzmir", "École", "Σίσυφος", NULL };
	struct aho	*a = matcher(1, names);

	/* ß folds to "ss": the text is longer or shorter than the name,
	   and offsets are the text's own. */
	CHECK_MATCHES(a, "die STRASSE", "4-11/4-11:0");
	CHECK_MATCHES(a, "die strasse!", "4-11/4-11:0");
	CHECK_MATCHES(a, "die Straße", "4-10/4-11:0");
	/* İ folds to "i" + U+0307: "istanbul" is not "İstanbul", and
	   "İzmir" matches "i̇zmir" and "İZMİR". */
	CHECK_MATCHES(a, "İstanbul", "");
	CHECK_MATCHES(a, "ISTANBUL", "0-8/0-8:1");
	CHECK_MATCHES(a, "i\xcc\x87zmir İZMIR", "0-6/0-7:2 7-12/8-14:2");
	CHECK_MATCHES(a, "İZMİR", "");
	/* No normalisation: a composed É is not E + U+0301. */
	CHECK_MATCHES(a, "école", "0-5/0-6:3");
	CHECK_MATCHES(a, "E\xcc\x81" "cole", "");
	/* Final sigma folds as sigma. */
	CHECK_MATCHES(a, "ΣΊΣΥΦΟΣ σίσυφοσ", "0-7/0-14:4 8-15/15-29:4");
	aho_free(a);
}

static void
test_fold_inside_expansion(void)
{
	/* "s" must not match one half of a folded ß. */
	static const char *const names[] = { "s", "ss", NULL };
	struct aho	*a = matcher(1, names);

	CHECK_MATCHES(a, "ß", "0-1/0-2:1");
	CHECK_MATCHES(a, "s ß S", "0-1/0-1:0 2-3/2-4:1 4-5/5-6:0");
	aho_free(a);
}

static void
test_keys(void)
{
	struct aho	*a = aho_new(1);

	CHECK_INT(aho_add(a, "Paris", 5), 0);
	CHECK_INT(aho_add(a, "London", 6), 1);
	CHECK_INT(aho_add(a, "PARIS", 5), 0);
	CHECK_INT(aho_add(a, "", 0), UINT32_MAX);
	CHECK_INT(aho_keys(a), 2);
	aho_build(a);
	CHECK_INT(aho_add(a, "Rome", 4), UINT32_MAX);
	CHECK_MATCHES(a, "london, paris", "0-6/0-6:1 8-13/8-13:0");
	aho_free(a);
}

static void
test_empty(void)
{
	static const char *const none[] = { NULL };
	static const char *const names[] = { "a", NULL };
	struct aho	*a = matcher(0, none), *b = matcher(0, names);
	struct aho_match *v;

	CHECK_MATCHES(a, "anything", "");
	CHECK_INT(aho_search(b, "", 0, &v), 0);
	CHECK(v == NULL);
	CHECK_MATCHES(b, "a", "0-1/0-1:0");
	aho_free(a);
	aho_free(b);
}

static void
test_huge_input(void)
{
	static const char *const names[] = { "needle", "hay stack", NULL };
	struct aho		*a = matcher(1, names);
	struct aho_match	*v;
	size_t			 len = 8u << 20, i, n, pos = len / 2;
	char			*text = xmalloc(len + 1);

	/* 8 MB of "hay ", with "NEEDLE" in the middle and a non-ASCII
	   character before it, so that code points and bytes differ. */
	for (i = 0; i < len; i++)
		text[i] = "hay "[i % 4];
	memcpy(text + 8, "\xc3\xa9 ", 3);
	memcpy(text + pos, "NEEDLE ", 7);
	text[len] = '\0';
	n = aho_search(a, text, len, &v);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(v[0].start_byte, pos);
		CHECK_INT(v[0].end_byte, pos + 6);
		CHECK_INT(v[0].start, pos - 1);
		CHECK_INT(v[0].key, 0);
	}
	free(v);
	free(text);
	aho_free(a);
}

/*
 * The naive matcher: from each word boundary, left to right, the longest
 * name (looked up in a sorted array) that ends on a word boundary; then
 * on from its end.
 */
static int
strp_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* A piece of text against a name, as strcmp() would order them. */
struct naive_key {
	const char	*s;
	size_t		 len;
};

static int
naive_cmp(const void *x, const void *y)
{
	const struct naive_key	*k = x;
	const char		*name = *(char *const *)y;
	size_t			 nlen = strlen(name);
	int			 c;

	c = memcmp(k->s, name, k->len < nlen ? k->len : nlen);
	if (c != 0)
		return c;
	return k->len < nlen ? -1 : k->len > nlen;
}

static char *
naive(char **sorted, size_t nnames, size_t maxlen, const char *text)
{
	struct buf		 b = BUF_INIT;
	struct naive_key	 key;
	size_t			 len = strlen(text), i, e, best;
	char			*breaks = xmalloc(len + 1);

	text_word_breaks(text, len, breaks);
	for (i = 0; i < len;) {
		if ((i > 0 && !breaks[i]) ||
		    ((unsigned char)text[i] & 0xc0) == 0x80) {
			i++;
			continue;
		}
		best = 0;
		for (e = i + 1; e <= len && e - i <= maxlen; e++) {
			if (e < len && !breaks[e])
				continue;
			key.s = text + i;
			key.len = e - i;
			if (bsearch(&key, sorted, nnames, sizeof(*sorted),
			    naive_cmp) != NULL)
				best = e;
		}
		if (best == 0) {
			i++;
			continue;
		}
		buf_printf(&b, "%s%zu-%zu", b.len > 0 ? " " : "", i, best);
		i = best;
	}
	free(breaks);
	buf_adds(&b, "");
	return buf_detach(&b);
}

static void
test_random_vs_naive(void)
{
	/* Syllables that make words, spaces and punctuation between. */
	static const char *const piece[] = { "a", "b", "ab", "é", "東",
	    " ", " ", "-", "'", "🙂" };
	struct aho		*a = aho_new(0);
	struct aho_match	*v;
	struct buf		 b = BUF_INIT, text = BUF_INIT;
	char			**names, *want, *got;
	size_t			 nnames = 100000, i, k, n, maxlen = 0, pieces;
	size_t			 uniq = 0, counted = 0, cp = 0;
	uint32_t		 seed = 12345;

#define RAND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
	names = xreallocarray(NULL, nnames, sizeof(*names));
	for (i = 0; i < nnames; i++) {
		pieces = 1 + RAND() % 8;
		buf_truncate(&b, 0);
		for (k = 0; k < pieces; k++)
			buf_adds(&b, piece[RAND() % 10]);
		names[i] = xstrndup(b.data, b.len);
		if (b.len > maxlen)
			maxlen = b.len;
		aho_add(a, names[i], strlen(names[i]));
	}
	aho_build(a);
	qsort(names, nnames, sizeof(*names), strp_cmp);
	for (i = 0; i < nnames; i++)
		if (uniq == 0 || strcmp(names[uniq - 1], names[i]) != 0)
			names[uniq++] = names[i];
		else
			free(names[i]);
	CHECK_INT(aho_keys(a), uniq);
	for (i = 0; i < 200000; i++)
		buf_adds(&text, piece[RAND() % 10]);
	buf_adds(&text, "");
	want = naive(names, uniq, maxlen, text.data);
	n = aho_search(a, text.data, text.len, &v);
	buf_truncate(&b, 0);
	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s%zu-%zu", i > 0 ? " " : "", v[i].start_byte,
		    v[i].end_byte);
		for (; counted < v[i].start_byte; counted++)
			if (((unsigned char)text.data[counted] & 0xc0) != 0x80)
				cp++;
		CHECK(v[i].start == cp);
		CHECK(v[i].end - v[i].start == text_cp_count(text.data +
		    v[i].start_byte, v[i].end_byte - v[i].start_byte));
	}
	buf_adds(&b, "");
	got = b.data;
	CHECK_MSG(n > 1000, "only %zu matches", n);
	CHECK_MSG(strcmp(got, want) == 0, "differs from the naive matcher "
	    "(%zu matches; naive %zu bytes of output, ours %zu)", n,
	    strlen(want), strlen(got));
	free(v);
	free(want);
	buf_free(&b);
	buf_free(&text);
	for (i = 0; i < uniq; i++)
		free(names[i]);
	free(names);
	aho_free(a);
#undef RAND
}


/*
 * The whole-text reference: the matcher as it was before boundaries were
 * checked lazily.  The text folded as a whole (when case is ignored) with
 * a map back to its bytes, UAX #29 boundaries over the whole text, every
 * occurrence of every name found by comparing bytes, and then the
 * leftmost-longest choice.  Slow and plain, to compare with.
 */
static void
fold_into(const char *s, size_t len, int ignore_case, struct buf *out,
    size_t **mapp)
{
	const uint8_t	*p = (const uint8_t *)s;
	uint8_t		 small[64], *r;
	size_t		 i, l, k, rlen, from, *map = NULL, cap = 0;
	ucs4_t		 uc;
	int		 n;

	ARRAY_RESERVE(map, cap, len + 1);
	for (i = 0; i < len; i += l) {
		n = u8_mbtouc(&uc, p + i, len - i);
		l = n > 0 ? (size_t)n : 1;
		from = out->len;
		rlen = sizeof(small);
		r = ignore_case ? u8_casefold(p + i, l, NULL, NULL, small,
		    &rlen) : NULL;
		if (r != NULL)
			buf_add(out, r, rlen);
		else
			buf_add(out, p + i, l);
		if (r != NULL && r != small)
			free(r);
		ARRAY_RESERVE(map, cap, out->len + 1);
		for (k = from; k < out->len; k++)
			map[k] = k == from ? i : SIZE_MAX;
	}
	map[out->len] = len;
	buf_adds(out, "");
	*mapp = map;
}

static char *
whole_text(char **names, size_t nnames, int ignore_case, const char *text)
{
	struct buf	 f = BUF_INIT, b = BUF_INIT, fn = BUF_INIT;
	size_t		 len = strlen(text), i, k, e, best, *map, *nmap;
	size_t		 last_end = 0, start;
	char		*breaks = xmalloc(len + 1);

	text_word_breaks(text, len, breaks);
	fold_into(text, len, ignore_case, &f, &map);
	for (i = 0; i < f.len; i++) {
		if (map[i] == SIZE_MAX || map[i] < last_end ||
		    (map[i] > 0 && !breaks[map[i]]))
			continue;
		best = SIZE_MAX;
		for (k = 0; k < nnames; k++) {
			buf_truncate(&fn, 0);
			fold_into(names[k], strlen(names[k]), ignore_case, &fn,
			    &nmap);
			free(nmap);
			if (fn.len == 0 || fn.len > f.len - i ||
			    memcmp(f.data + i, fn.data, fn.len) != 0)
				continue;
			e = map[i + fn.len];
			if (e == SIZE_MAX || (e < len && !breaks[e]))
				continue;
			if (best == SIZE_MAX || e > best)
				best = e;
		}
		if (best == SIZE_MAX)
			continue;
		start = map[i];
		buf_printf(&b, "%s%zu-%zu", b.len > 0 ? " " : "", start, best);
		last_end = best;
	}
	free(map);
	free(breaks);
	buf_free(&f);
	buf_free(&fn);
	buf_adds(&b, "");
	return buf_detach(&b);
}

/*
 * Random hostile texts, and names cut from them (some in another case):
 * the matcher finds what the whole-text reference finds, case-sensitive
 * and not.
 */
static void
test_hostile_vs_whole_text(void)
{
	static const char *const piece[] = { "a", "B", "7", "_", " ", ".",
	    ",", "'", ":", "-", "\n",
	    "\xc3\x9f",			/* ß */
	    "SS",
	    "\xc4\xb0",			/* İ */
	    "i\xcc\x87",		/* i + combining dot above */
	    "\xcc\x81",			/* combining acute */
	    "\xc3\xa9",			/* é */
	    "\xe2\x80\x8d",		/* ZWJ */
	    "\xe6\x9d\xb1",		/* 東 */
	    "\xe3\x82\xab",		/* katakana ka */
	    "\xf0\x9f\x91\xa9",		/* woman */
	    "\xf0\x9f\x92\xbb",		/* laptop */
	    "\xf0\x9f\x87\xab",		/* regional indicator F */
	    "\xce\xa3",			/* Σ */
	    "\xcf\x82",			/* ς */
	    "\xe2\x84\xaa",		/* Kelvin sign, folds to k */
	    "k",
	};
	struct buf	 text = BUF_INIT, got = BUF_INIT;
	struct aho	*a;
	struct aho_match *v;
	char		*names[8], *want;
	size_t		 npiece = sizeof(piece) / sizeof(piece[0]);
	size_t		 round, k, n, i, from, to, bad = 0, found = 0;
	uint32_t	 seed = 99;
	int		 ic;

#define RAND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
	for (round = 0; round < 6000; round++) {
		ic = (int)(round & 1);
		buf_truncate(&text, 0);
		n = 1 + RAND() % 30;
		for (k = 0; k < n; k++)
			buf_adds(&text, piece[RAND() % npiece]);
		a = aho_new(ic);
		for (k = 0; k < 8; k++) {
			/* A run of code points of the text, or random
			   pieces. */
			do
				from = RAND() % text.len;
			while (((unsigned char)text.data[from] & 0xc0) == 0x80);
			to = from + 1 + RAND() % 12;
			if (to > text.len)
				to = text.len;
			while (to < text.len &&
			    ((unsigned char)text.data[to] & 0xc0) == 0x80)
				to++;
			if (RAND() % 4 == 0) {
				names[k] = xstrdup(piece[RAND() % npiece]);
			} else
				names[k] = xstrndup(text.data + from,
				    to - from);
			aho_add(a, names[k], strlen(names[k]));
		}
		aho_build(a);
		want = whole_text(names, 8, ic, text.data);
		n = aho_search(a, text.data, text.len, &v);
		buf_truncate(&got, 0);
		for (i = 0; i < n; i++)
			buf_printf(&got, "%s%zu-%zu", i > 0 ? " " : "",
			    v[i].start_byte, v[i].end_byte);
		buf_adds(&got, "");
		found += n;
		if (strcmp(got.data, want) != 0 && bad++ < 5)
			CHECK_MSG(0, "round %zu (%s): \"%s\": got \"%s\", "
			    "whole text \"%s\"", round, ic ? "ignoring case" :
			    "case-sensitive", text.data, got.data, want);
		free(v);
		free(want);
		for (k = 0; k < 8; k++)
			free(names[k]);
		aho_free(a);
	}
	CHECK_INT(bad, 0);
	CHECK_MSG(found > 6000, "only %zu matches", found);
	buf_free(&text);
	buf_free(&got);
#undef RAND
}

/*
 * Long texts of words, case-sensitive: runs of word bytes of every length
 * around the sixteen-byte blocks the search reads (and longer than the
 * runs it enters at once), names of one and several words that begin
 * with a letter, a digit, punctuation or a non-ASCII letter, cut from the
 * text: the matcher finds what the whole-text reference finds.
 */
static void
test_words_vs_whole_text(void)
{
	static const char *const piece[] = { "Antwerp", "Lyon", "Sea",
	    "Baltic", "Baltic Sea", "x", "abcdefghijklm", "ABCDEFGHIJKLMNOPQ",
	    "_id", "42", "3.5", " ", " ", " ", ", ", ". ", "'s", "\n", ".NET",
	    "Krak\xc3\xb3w", "\xc3\x89cole", "\xc2\xab\xd0\x9c\xd1\x8b",
	    "\xe6\x9d\xb1\xe4\xba\xac", "\xf0\x9f\x99\x82",
	    "\xcc\x81", "St", "a.b", "e.g.", "AT&T", "-", ":" };
	struct buf	 text = BUF_INIT, got = BUF_INIT;
	struct aho	*a;
	struct aho_match *v;
	char		*names[24], *want;
	size_t		 npiece = sizeof(piece) / sizeof(piece[0]);
	size_t		 round, k, n, i, from, to, bad = 0, found = 0;
	uint32_t	 seed = 2024;

#define RAND() (seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff)
	for (round = 0; round < 1500; round++) {
		buf_truncate(&text, 0);
		n = 20 + RAND() % 200;
		for (k = 0; k < n; k++)
			buf_adds(&text, piece[RAND() % npiece]);
		a = aho_new(0);
		for (k = 0; k < 24; k++) {
			if (RAND() % 3 == 0) {
				names[k] = xstrdup(piece[RAND() % npiece]);
			} else {
				do
					from = RAND() % text.len;
				while (((unsigned char)text.data[from] &
				    0xc0) == 0x80);
				to = from + 1 + RAND() % 24;
				if (to > text.len)
					to = text.len;
				while (to < text.len &&
				    ((unsigned char)text.data[to] & 0xc0) ==
				    0x80)
					to++;
				names[k] = xstrndup(text.data + from,
				    to - from);
			}
			aho_add(a, names[k], strlen(names[k]));
		}
		aho_build(a);
		want = whole_text(names, 24, 0, text.data);
		n = aho_search(a, text.data, text.len, &v);
		buf_truncate(&got, 0);
		for (i = 0; i < n; i++) {
			buf_printf(&got, "%s%zu-%zu", i > 0 ? " " : "",
			    v[i].start_byte, v[i].end_byte);
			CHECK(v[i].start == text_cp_count(text.data,
			    v[i].start_byte));
			CHECK(v[i].end == text_cp_count(text.data,
			    v[i].end_byte));
		}
		buf_adds(&got, "");
		found += n;
		if (strcmp(got.data, want) != 0 && bad++ < 5)
			CHECK_MSG(0, "round %zu: \"%s\": got \"%s\", whole "
			    "text \"%s\"", round, text.data, got.data, want);
		free(v);
		free(want);
		for (k = 0; k < 24; k++)
			free(names[k]);
		aho_free(a);
	}
	CHECK_INT(bad, 0);
	CHECK_MSG(found > 20000, "only %zu matches", found);
	buf_free(&text);
	buf_free(&got);
#undef RAND
}

static const struct check_test tests[] = {
	{ "the longest match at a place wins", test_longest_wins },
	{ "the leftmost match wins over a later overlapping one",
	    test_leftmost_wins },
	{ "matches do not overlap", test_non_overlapping },
	{ "matches are token-aligned: none inside Parisian",
	    test_token_aligned },
	{ "CJK and emoji neighbours are word boundaries",
	    test_cjk_emoji_neighbours },
	{ "case-sensitive unless asked", test_case_sensitive },
	{ "case folding across ß, İ, final sigma; offsets the text's own",
	    test_case_folding },
	{ "no match ends inside a folded character", test_fold_inside_expansion },
	{ "keys: one per name, repeats and case-folded repeats share it",
	    test_keys },
	{ "empty name lists and empty texts", test_empty },
	{ "an 8 MB text", test_huge_input },
	{ "100,000 random names agree with a naive matcher",
	    test_random_vs_naive },
	{ "hostile texts (emoji, ZWJ, marks, CJK, ß, İ, K) agree with the "
	    "whole-text boundaries, case-sensitive and ignoring case",
	    test_hostile_vs_whole_text },
	{ "long texts of words (runs around the search's blocks, names of "
	    "several words, non-ASCII and punctuation starts) agree with the "
	    "whole-text boundaries", test_words_vs_whole_text },
};

CHECK_MAIN(tests)
