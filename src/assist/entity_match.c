/*
 * entity_match.c: the fuzzy matcher of entity names (entity_match.h).
 * A text is folded (full case folding, canonical decomposition, combining
 * marks dropped, letters with strokes to their base), cut into tokens of
 * letters and digits (a possessive dropped), stripped of leading titles,
 * and each token gets a key by ordered rewrite rules that fold the
 * spellings of one transliterated sound together ("ks" and "x", "y" and
 * "i", "-off" and "-ov").  Tokens of a mention are aligned in order (and
 * in reverse) with those of a name; what the alignment covers of the name
 * (all of it, the surname, the first name) gives the score.
 *
 * Keys that still differ are compared by the optimal string alignment
 * form of the Damerau-Levenshtein distance, over code points, as
 * 1 - edits / longer length: a transposition ("Peksov") is one edit, and
 * on short names it stays low for unrelated ones sharing a prefix
 * ("Navalny" / "Nabiullina"), where Jaro-Winkler's prefix bonus lifts
 * them high.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "margin/entity_match.h"
#include "margin/util.h"

/*
 * Leading titles and honorifics, as folded tokens (a "." ends a token, so
 * "Mr." is "mr" and "U.S." is "u s").  The longest that fits is taken,
 * again and again, but never the last token: an entity may be called
 * "President".  English only so far.
 */
static const char *const entity_titles[] = {
	"the", "former", "late", "acting", "then", "u s", "us", "uk",
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir",
	"dame", "lord", "lady", "rev", "reverend", "fr", "father", "st",
	"saint", "president", "vice president", "prime minister",
	"deputy prime minister", "foreign minister", "minister",
	"secretary of state", "secretary", "secretary general", "chancellor",
	"sen", "senator", "rep", "representative", "congressman",
	"congresswoman", "gov", "governor", "mayor", "ambassador", "judge",
	"justice", "chief justice", "gen", "general", "col", "colonel",
	"lt", "capt", "captain", "adm", "admiral", "sgt", "king", "queen",
	"prince", "princess", "pope", "patriarch", "chairman", "chairwoman",
	"speaker",
};

/* Trailing suffixes, dropped the same way (never the first token). */
static const char *const entity_suffixes[] = {
	"jr", "sr", "ii", "iii", "iv", "esq", "phd",
};

/*
 * The rewrite rules of a key, applied in this order, each over the whole
 * token from left to right.  A rule never lengthens the token, so that
 * they rewrite in place.  Longer spellings first: "tsch" before "tch"
 * before "sch"; "y" becomes "i" after "j" after a vowel did, and doubled
 * letters collapse last ("Zelenskyy" -> "zelenskii" -> "zelenski").
 */
enum entity_where { ENTITY_ANY, ENTITY_START, ENTITY_END };

static const struct entity_rule {
	const char		*from;
	const char		*to;
	enum entity_where	 where;
} entity_rules[] = {
	{ "tsch", "ch", ENTITY_ANY },	/* Tschaikowski */
	{ "tch", "ch", ENTITY_ANY },	/* Tchaikovsky, Chaikovsky */
	{ "sch", "sh", ENTITY_ANY },
	{ "kh", "h", ENTITY_ANY },	/* Khodorkovsky, Hodorkovsky */
	{ "ph", "f", ENTITY_ANY },
	{ "ks", "x", ENTITY_ANY },	/* Aleksey, Alexey */
	{ "tz", "ts", ENTITY_ANY },
	{ "w", "v", ENTITY_ANY },	/* Romanow */
	{ "off", "ov", ENTITY_END },	/* Smirnoff */
	{ "eff", "ev", ENTITY_END },
	{ "aj", "ai", ENTITY_ANY },	/* Alexej: j after a vowel */
	{ "ej", "ei", ENTITY_ANY },
	{ "ij", "ii", ENTITY_ANY },
	{ "oj", "oi", ENTITY_ANY },
	{ "uj", "ui", ENTITY_ANY },
	{ "yj", "yi", ENTITY_ANY },
	{ "y", "i", ENTITY_ANY },	/* Yuri / Iurii, -sky / -skiy / -skyy */
	{ "ie", "e", ENTITY_START },	/* Yevgeny, Evgeny */
};

/* Lower-case letters with strokes, which do not decompose. */
static const struct {
	uint32_t	 from;
	uint32_t	 to;
} entity_strokes[] = {
	{ 0x00f8, 'o' }, { 0x0111, 'd' }, { 0x0127, 'h' }, { 0x0131, 'i' },
	{ 0x0142, 'l' }, { 0x0167, 't' }, { 0x00f0, 'd' }, { 0x00fe, 't' },
};

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* --- Folding and tokens ------------------------------------------------ */

static uint32_t
entity_stroke(uint32_t c)
{
	size_t	 i;

	for (i = 0; i < NITEMS(entity_strokes); i++)
		if (entity_strokes[i].from == c)
			return entity_strokes[i].to;
	return c;
}

static void
entity_push(struct entity_key *k, uint32_t c)
{
	ARRAY_RESERVE(k->chars, k->capchars, k->nchars + 1);
	k->chars[k->nchars++] = c;
}

/* The code points of s[0..len), invalid sequences as U+FFFD. */
static uint32_t *
entity_decode(const char *s, size_t len, size_t *n)
{
	const uint8_t	*p = (const uint8_t *)s;
	uint32_t	*v = xreallocarray(NULL, len + 1, sizeof(*v));
	size_t		 pos = 0, i = 0;
	ucs4_t		 c;
	int		 step;

	while (pos < len) {
		step = u8_mbtouc(&c, p + pos, len - pos);
		if (step < 1)
			step = 1;
		v[i++] = c;
		pos += (size_t)step;
	}
	*n = i;
	return v;
}

/* Case folded and decomposed; marks dropped, strokes mapped. */
static uint32_t *
entity_fold(const char *s, size_t len, size_t *n)
{
	uint32_t	*raw, *folded;
	size_t		 nraw, i, j;

	raw = entity_decode(s, len, &nraw);
	folded = u32_casefold(raw, nraw, NULL, UNINORM_NFD, NULL, n);
	if (folded == NULL) {
		/* Out of memory in libunistring: the text unfolded. */
		*n = nraw;
		return raw;
	}
	free(raw);
	for (i = j = 0; i < *n; i++)
		if (!uc_is_general_category(folded[i], UC_CATEGORY_M))
			folded[j++] = entity_stroke(folded[i]);
	*n = j;
	return folded;
}

static int
entity_is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02bc;
}

static int
entity_is_word(uint32_t c)
{
	if (entity_is_apostrophe(c))
		return 0;
	return uc_is_general_category(c, UC_CATEGORY_L) ||
	    uc_is_general_category(c, UC_CATEGORY_N);
}

static int
entity_is_blank(uint32_t c)
{
	return c == 0 || uc_is_space(c) || uc_is_cntrl(c);
}

/* The whole folded text, white space runs one space, trimmed. */
static void
entity_key_whole(struct entity_key *k, const uint32_t *f, size_t n)
{
	size_t	 i;
	int	 blank = 0;

	for (i = 0; i < n; i++) {
		if (entity_is_blank(f[i])) {
			blank = 1;
			continue;
		}
		if (blank && k->nchars > 0)
			entity_push(k, ' ');
		blank = 0;
		entity_push(k, f[i]);
	}
	k->wholelen = k->nchars;
}

/*
 * The end of the token starting at f[i]: letters and digits, through an
 * apostrophe between letters ("O'Brien"), not through a possessive ("'s"
 * or a bare "'" at the end), which *skip is set past.
 */
static size_t
entity_token_end(const uint32_t *f, size_t n, size_t i, size_t *skip)
{
	for (;;) {
		while (i < n && entity_is_word(f[i]))
			i++;
		*skip = i;
		if (i >= n || !entity_is_apostrophe(f[i]))
			return i;
		if (i + 1 >= n || !entity_is_word(f[i + 1])) {
			*skip = i + 1;
			return i;
		}
		if (f[i + 1] == 's' && (i + 2 >= n || !entity_is_word(f[i + 2]))) {
			*skip = i + 2;
			return i;
		}
		i++;
	}
}

/* Append a token: its folded form without apostrophes, then its key. */
static void
entity_key_add_token(struct entity_key *k, const uint32_t *f, size_t len)
{
	struct entity_key_token	*t;
	size_t			 i;

	ARRAY_RESERVE(k->tokens, k->captokens, k->ntokens + 1);
	t = &k->tokens[k->ntokens++];
	t->fold = k->nchars;
	for (i = 0; i < len; i++)
		if (!entity_is_apostrophe(f[i]))
			entity_push(k, f[i]);
	t->foldlen = k->nchars - t->fold;
	t->key = k->nchars;
	for (i = 0; i < t->foldlen; i++)
		entity_push(k, k->chars[t->fold + i]);
	t->keylen = t->foldlen;
}

/* --- Keys ------------------------------------------------------------- */

static int
entity_at(const uint32_t *s, size_t len, size_t i, const char *lit,
    size_t litlen)
{
	size_t	 j;

	if (litlen > len - i)
		return 0;
	for (j = 0; j < litlen; j++)
		if (s[i + j] != (unsigned char)lit[j])
			return 0;
	return 1;
}

/* Apply one rule to s[0..len) in place; the new length. */
static size_t
entity_rule_apply(const struct entity_rule *r, uint32_t *s, size_t len)
{
	size_t	 fl = strlen(r->from), tl = strlen(r->to), i = 0, w = 0, j;

	while (i < len) {
		int	 here = r->where == ENTITY_ANY ||
		    (r->where == ENTITY_START && i == 0) ||
		    (r->where == ENTITY_END && i + fl == len);

		if (here && entity_at(s, len, i, r->from, fl)) {
			for (j = 0; j < tl; j++)
				s[w++] = (unsigned char)r->to[j];
			i += fl;
		} else
			s[w++] = s[i++];
	}
	return w;
}

/* Doubled letters as one ("ii", "ll"), the last step of a key. */
static size_t
entity_collapse(uint32_t *s, size_t len)
{
	size_t	 i, w = 0;

	for (i = 0; i < len; i++)
		if (w == 0 || s[i] != s[w - 1] || !entity_is_word(s[i]))
			s[w++] = s[i];
	return w;
}

static void
entity_token_key(struct entity_key *k, struct entity_key_token *t)
{
	uint32_t	*s = k->chars + t->key;
	size_t		 i, len = t->keylen;

	for (i = 0; i < NITEMS(entity_rules) && len > 0; i++)
		len = entity_rule_apply(&entity_rules[i], s, len);
	len = entity_collapse(s, len);
	t->keylen = len;
	/* The key is the last thing in chars: give back what it lost. */
	k->nchars = t->key + len;
}

/* --- Titles ------------------------------------------------------------ */

/* How many tokens from index i the phrase (words split by spaces) is. */
static size_t
entity_phrase_at(const struct entity_key *k, size_t i, const char *phrase)
{
	const struct entity_key_token	*t;
	size_t				 n = 0, wl;

	while (*phrase != '\0') {
		wl = strcspn(phrase, " ");
		if (i + n >= k->ntokens)
			return 0;
		t = &k->tokens[i + n];
		if (t->foldlen != wl ||
		    !entity_at(k->chars + t->fold, t->foldlen, 0, phrase, wl))
			return 0;
		n++;
		phrase += wl;
		phrase += strspn(phrase, " ");
	}
	return n;
}

static size_t
entity_longest(const struct entity_key *k, size_t i,
    const char *const *table, size_t ntable)
{
	size_t	 j, n, best = 0;

	for (j = 0; j < ntable; j++)
		if ((n = entity_phrase_at(k, i, table[j])) > best)
			best = n;
	return best;
}

/* Drop leading titles and trailing suffixes, never the last token. */
static void
entity_key_strip(struct entity_key *k)
{
	size_t	 n, j, i;

	while (k->ntokens - k->first > 1) {
		n = entity_longest(k, k->first, entity_titles,
		    NITEMS(entity_titles));
		if (n == 0 || n >= k->ntokens - k->first)
			break;
		k->first += n;
	}
	while (k->ntokens - k->first > 1) {
		i = k->ntokens - 1;
		for (j = 0; j < NITEMS(entity_suffixes); j++)
			if (entity_phrase_at(k, i, entity_suffixes[j]) == 1)
				break;
		if (j == NITEMS(entity_suffixes))
			break;
		k->ntokens--;
	}
}

void
entity_key_init(struct entity_key *k, const char *s, size_t len)
{
	uint32_t	*f;
	size_t		 n, i, end, skip;

	memset(k, 0, sizeof(*k));
	f = entity_fold(s != NULL ? s : "", s != NULL ? len : 0, &n);
	entity_key_whole(k, f, n);
	for (i = 0; i < n;) {
		if (!entity_is_word(f[i])) {
			i++;
			continue;
		}
		end = entity_token_end(f, n, i, &skip);
		entity_key_add_token(k, f + i, end - i);
		entity_token_key(k, &k->tokens[k->ntokens - 1]);
		i = skip;
	}
	free(f);
	entity_key_strip(k);
}

void
entity_key_free(struct entity_key *k)
{
	free(k->chars);
	free(k->tokens);
	memset(k, 0, sizeof(*k));
}

/* --- Comparing tokens -------------------------------------------------- */

static int
entity_same(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
	return la == lb && (la == 0 || memcmp(a, b, la * sizeof(*a)) == 0);
}

static size_t
entity_min3(size_t a, size_t b, size_t c)
{
	size_t	 m = a < b ? a : b;

	return m < c ? m : c;
}

/* The optimal string alignment distance; both at most TOKEN_MAX long. */
static size_t
entity_distance(const uint32_t *a, size_t la, const uint32_t *b, size_t lb)
{
	size_t	 rows[3][ENTITY_MATCH_TOKEN_MAX + 1];
	size_t	*back = rows[0], *prev = rows[1], *cur = rows[2], *tmp;
	size_t	 i, j, cost;

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			cost = a[i - 1] == b[j - 1] ? 0 : 1;
			cur[j] = entity_min3(prev[j] + 1, cur[j - 1] + 1,
			    prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && back[j - 2] + 1 < cur[j])
				cur[j] = back[j - 2] + 1;
		}
		tmp = back;
		back = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[lb];
}

/* 1 - edits / longer length, or 0 below the floor. */
static double
entity_similarity(const uint32_t *a, size_t la, const uint32_t *b,
    size_t lb)
{
	size_t	 longer = la > lb ? la : lb, shorter = la < lb ? la : lb;
	double	 s;

	if (shorter == 0 || longer > ENTITY_MATCH_TOKEN_MAX)
		return 0;
	/* The lengths alone bound the distance from below. */
	if (1.0 - (double)(longer - shorter) / (double)longer <
	    ENTITY_MATCH_FLOOR)
		return 0;
	s = 1.0 - (double)entity_distance(a, la, b, lb) / (double)longer;
	return s >= ENTITY_MATCH_FLOOR ? s : 0;
}

/*
 * How alike a mention token is to a name token, in [0, 1].  An initial
 * (one letter, in a text of several tokens: alone it is no name) stands
 * for a first or middle name, never for the surname of a name of several
 * tokens.  initials: the mention's (1), the name's (2) may be.
 */
static double
entity_token_score(const struct entity_key *mk,
    const struct entity_key_token *m, const struct entity_key *nk,
    const struct entity_key_token *n, int initials, int surname)
{
	const uint32_t	*mf = mk->chars + m->fold, *nf = nk->chars + n->fold;
	const uint32_t	*mkey = mk->chars + m->key, *nkey = nk->chars + n->key;

	if (entity_same(mf, m->foldlen, nf, n->foldlen))
		return 1.0;
	if (m->keylen > 0 && entity_same(mkey, m->keylen, nkey, n->keylen))
		return ENTITY_MATCH_VARIANT;
	if (((m->foldlen == 1 && (initials & 1)) ||
	    (n->foldlen == 1 && (initials & 2))) && !surname &&
	    m->foldlen > 0 && n->foldlen > 0 &&
	    (mf[0] == nf[0] || (m->keylen > 0 && n->keylen > 0 &&
	    mkey[0] == nkey[0])))
		return ENTITY_MATCH_INITIAL;
	return ENTITY_MATCH_VARIANT *
	    entity_similarity(mkey, m->keylen, nkey, n->keylen);
}

/* --- Aligning tokens ---------------------------------------------------- */

/*
 * The score of one alignment, from the pairs found: the mean of their
 * token scores, times what they cover of the name.
 */
static double
entity_cover(size_t nn, const int *matched, size_t pairs, size_t mn,
    double sum)
{
	size_t	 missing = 0, extra = mn - pairs, j;
	double	 cover, penalty;

	if (pairs == 0)
		return 0;
	for (j = 1; j + 1 < nn; j++)
		if (!matched[j])
			missing++;
	if (nn == 1)
		cover = 1.0;
	else if (matched[0] && matched[nn - 1])
		cover = 1.0 - 0.05 * (double)missing;
	else if (matched[nn - 1])
		cover = ENTITY_MATCH_SURNAME;
	else if (matched[0])
		cover = ENTITY_MATCH_FIRST;
	else
		cover = ENTITY_MATCH_MIDDLE;
	if (cover < ENTITY_MATCH_MIDDLE)
		cover = ENTITY_MATCH_MIDDLE;
	penalty = 1.0 - ENTITY_MATCH_EXTRA * (double)extra;
	if (penalty < 0.3)
		penalty = 0.3;
	return sum / (double)pairs * cover * penalty;
}

/*
 * The best in-order alignment of the mention's tokens (reversed when
 * asked) with the name's: a weighted longest common subsequence over the
 * token scores ts (mn x nn, row i the mention's i-th token).
 */
static double
entity_align(const double *ts, size_t mn, size_t nn, int reversed)
{
	double	*best, sum = 0, s;
	int	*matched;
	size_t	 w = nn + 1, i, j, pairs = 0, mi;
	double	 score;

	best = xcalloc((mn + 1) * w, sizeof(*best));
	matched = xcalloc(nn, sizeof(*matched));
	for (i = 1; i <= mn; i++) {
		mi = reversed ? mn - i : i - 1;
		for (j = 1; j <= nn; j++) {
			s = ts[mi * nn + j - 1];
			best[i * w + j] = best[(i - 1) * w + j];
			if (best[i * w + j - 1] > best[i * w + j])
				best[i * w + j] = best[i * w + j - 1];
			if (s > 0 && best[(i - 1) * w + j - 1] + s >
			    best[i * w + j])
				best[i * w + j] = best[(i - 1) * w + j - 1] + s;
		}
	}
	for (i = mn, j = nn; i > 0 && j > 0;) {
		mi = reversed ? mn - i : i - 1;
		s = ts[mi * nn + j - 1];
		if (s > 0 && best[i * w + j] == best[(i - 1) * w + j - 1] + s) {
			matched[j - 1] = 1;
			sum += s;
			pairs++;
			i--;
			j--;
		} else if (best[i * w + j] == best[(i - 1) * w + j])
			i--;
		else
			j--;
	}
	score = entity_cover(nn, matched, pairs, mn, sum);
	free(best);
	free(matched);
	return score;
}

/* Both texts' tokens equal, as folded (1) or as keys (VARIANT), else 0. */
static double
entity_all_same(const struct entity_key *a, const struct entity_key *b)
{
	size_t	 n = a->ntokens - a->first, i;
	int	 folded = 1;

	if (n != b->ntokens - b->first || n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		const struct entity_key_token	*x = &a->tokens[a->first + i];
		const struct entity_key_token	*y = &b->tokens[b->first + i];

		if (!entity_same(a->chars + x->fold, x->foldlen,
		    b->chars + y->fold, y->foldlen))
			folded = 0;
		if (!entity_same(a->chars + x->key, x->keylen,
		    b->chars + y->key, y->keylen))
			return 0;
	}
	return folded ? 1.0 : ENTITY_MATCH_VARIANT;
}

double
entity_match_keys(const struct entity_key *mention,
    const struct entity_key *name)
{
	size_t	 mn = mention->ntokens - mention->first;
	size_t	 nn = name->ntokens - name->first, i, j;
	double	*ts, score, s;

	if (mention->wholelen > 0 && entity_same(mention->chars,
	    mention->wholelen, name->chars, name->wholelen))
		return 1.0;
	if ((score = entity_all_same(mention, name)) > 0)
		return score;
	if (mn == 0 || nn == 0 || mn > ENTITY_MATCH_TOKENS_MAX ||
	    nn > ENTITY_MATCH_TOKENS_MAX)
		return 0;
	ts = xreallocarray(NULL, mn * nn, sizeof(*ts));
	for (i = 0; i < mn; i++)
		for (j = 0; j < nn; j++)
			ts[i * nn + j] = entity_token_score(mention,
			    &mention->tokens[mention->first + i], name,
			    &name->tokens[name->first + j],
			    (mn > 1 ? 1 : 0) | (nn > 1 ? 2 : 0),
			    nn > 1 && j == nn - 1);
	score = entity_align(ts, mn, nn, 0);
	if (mn > 1) {
		s = ENTITY_MATCH_REVERSED * entity_align(ts, mn, nn, 1);
		if (s > score)
			score = s;
	}
	free(ts);
	return score > 1.0 ? 1.0 : score;
}

double
entity_match_score(const char *mention, size_t mlen, const char *name,
    size_t nlen)
{
	struct entity_key	 m, n;
	double			 score;

	entity_key_init(&m, mention, mlen);
	entity_key_init(&n, name, nlen);
	score = entity_match_keys(&m, &n);
	entity_key_free(&m);
	entity_key_free(&n);
	return score;
}

int
entity_match_is_variant(const char *mention, size_t mlen, const char *name,
    size_t nlen)
{
	return entity_match_score(mention, mlen, name, nlen) >=
	    ENTITY_MATCH_SUGGEST;
}

/* --- Ranking ----------------------------------------------------------- */

struct entity_ranked {
	double	 score;
	size_t	 index;
};

/* Best first; equal scores in input order, which makes qsort stable. */
static int
entity_ranked_cmp(const void *a, const void *b)
{
	const struct entity_ranked	*x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void
entity_rank_out(struct entity_ranked *r, size_t n, size_t *out_index,
    double *out_score)
{
	size_t	 i;

	if (n > 0)
		qsort(r, n, sizeof(*r), entity_ranked_cmp);
	for (i = 0; i < n; i++) {
		out_index[i] = r[i].index;
		if (out_score != NULL)
			out_score[i] = r[i].score;
	}
	free(r);
}

void
entity_match_rank_keys(const struct entity_key *mention,
    const struct entity_key *names, size_t n, size_t *out_index,
    double *out_score)
{
	struct entity_ranked	*r = xreallocarray(NULL, n + 1, sizeof(*r));
	size_t			 i;

	for (i = 0; i < n; i++) {
		r[i].score = entity_match_keys(mention, &names[i]);
		r[i].index = i;
	}
	entity_rank_out(r, n, out_index, out_score);
}

void
entity_match_rank(const char *mention, size_t mlen,
    const char *const *names, const size_t *lens, size_t n,
    size_t *out_index, double *out_score)
{
	struct entity_ranked	*r = xreallocarray(NULL, n + 1, sizeof(*r));
	struct entity_key	 m, k;
	size_t			 i;

	entity_key_init(&m, mention, mlen);
	for (i = 0; i < n; i++) {
		entity_key_init(&k, names[i], lens != NULL ? lens[i] :
		    names[i] != NULL ? strlen(names[i]) : 0);
		r[i].score = entity_match_keys(&m, &k);
		r[i].index = i;
		entity_key_free(&k);
	}
	entity_key_free(&m);
	entity_rank_out(r, n, out_index, out_score);
}
