/*
 * test_entity_match.c: the fuzzy matcher of entity names: transliteration
 * variants ranked first among realistic names, the order of full, partial
 * and unrelated scores, possessives and titles, stable ranking, prepared
 * keys, and hostile input (empty, punctuation, invalid UTF-8, NUL bytes,
 * 100,000 characters, emoji, CJK) read within its length only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/entity_match.h"
#include "margin/util.h"
#include "check.h"

static const char *const people[] = {
	"Alexei Navalny", "Yulia Navalnaya", "Antony Blinken",
	"Sergei Lavrov", "Joe Biden", "Vladimir Putin", "Paul Whelan",
	"Trevor Reed", "Donald Trump", "Elvira Nabiullina", "Dmitry Peskov",
	"Volodymyr Zelensky", "Yuri Gagarin", "Pyotr Tchaikovsky",
	"Mikhail Khodorkovsky", "Sergei Rachmaninoff", "Yevgeny Prigozhin",
	"Maria Zakharova", "Dmitry Medvedev", "Vitali Klitschko",
	"Yury Kravtsov", "Evan Gershkovich", "Sergei Shoigu", "Kamala Harris",
};
#define NPEOPLE	(sizeof(people) / sizeof(people[0]))

static double
score(const char *mention, const char *name)
{
	return entity_match_score(mention, strlen(mention), name,
	    strlen(name));
}

/* The rank of mention among people: the best must be want, strictly. */
static void
check_first(const char *mention, const char *want)
{
	size_t	 index[NPEOPLE];
	double	 scores[NPEOPLE];

	entity_match_rank(mention, strlen(mention), people, NULL, NPEOPLE,
	    index, scores);
	CHECK_MSG(strcmp(people[index[0]], want) == 0,
	    "\"%s\": first is \"%s\" (%.3f), want \"%s\"", mention,
	    people[index[0]], scores[0], want);
	CHECK_MSG(scores[0] > scores[1], "\"%s\": \"%s\" %.3f ties \"%s\"",
	    mention, people[index[0]], scores[0], people[index[1]]);
	CHECK_MSG(scores[0] >= ENTITY_MATCH_SUGGEST,
	    "\"%s\": \"%s\" only %.3f", mention, want, scores[0]);
}

static void
test_variants_rank_first(void)
{
	static const char *const pairs[][2] = {
		{ "Alexei Navalny", "Alexei Navalny" },
		{ "Alexey Navalny", "Alexei Navalny" },
		{ "Aleksey Navalny", "Alexei Navalny" },
		{ "Aleksei Navalny", "Alexei Navalny" },
		{ "Alexej Nawalny", "Alexei Navalny" },
		{ "Navalny", "Alexei Navalny" },
		{ "Navalny's", "Alexei Navalny" },
		{ "A. Navalny", "Alexei Navalny" },
		{ "Iulia Navalnaia", "Yulia Navalnaya" },
		{ "Yuliya Navalnaya", "Yulia Navalnaya" },
		{ "Sergey Lavrov", "Sergei Lavrov" },
		{ "LAVROV", "Sergei Lavrov" },
		{ "Yury Gagarin", "Yuri Gagarin" },
		{ "Iurii Gagarin", "Yuri Gagarin" },
		{ "Dmitri Peskov", "Dmitry Peskov" },
		{ "Dmitriy Peskoff", "Dmitry Peskov" },
		{ "Zelenskyy", "Volodymyr Zelensky" },
		{ "Zelenskiy", "Volodymyr Zelensky" },
		{ "Chaikovsky", "Pyotr Tchaikovsky" },
		{ "Tschaikowski", "Pyotr Tchaikovsky" },
		{ "Sergei Rachmaninov", "Sergei Rachmaninoff" },
		{ "Mikhail Hodorkovsky", "Mikhail Khodorkovsky" },
		{ "Evgeny Prigozhin", "Yevgeny Prigozhin" },
		{ "Evgeniy Prigozhin", "Yevgeny Prigozhin" },
		{ "Mariya Zaharova", "Maria Zakharova" },
		{ "Dmitrij Medwedew", "Dmitry Medvedev" },
		{ "Vitaliy Klychko", "Vitali Klitschko" },
		{ "Yuri Kravtzov", "Yury Kravtsov" },
		{ "Secretary of State Antony Blinken", "Antony Blinken" },
		{ "Foreign Minister Sergei Lavrov", "Sergei Lavrov" },
		{ "U.S. President Joe Biden", "Joe Biden" },
		{ "Mr. Biden", "Joe Biden" },
		{ "Mr Whelan's", "Paul Whelan" },
		{ "Sen. Harris", "Kamala Harris" },
		{ "President Putin", "Vladimir Putin" },
		{ "Navalny Alexei", "Alexei Navalny" },
		{ "Gershkovich", "Evan Gershkovich" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		check_first(pairs[i][0], pairs[i][1]);
}

#define CHECK_ABOVE(a, b) do {						\
	double check_a_ = (a), check_b_ = (b);				\
	CHECK_MSG(check_a_ > check_b_, "%s = %.3f is not above %s = %.3f", \
	    #a, check_a_, #b, check_b_);				\
} while (0)

static void
test_score_order(void)
{
	const char *name = "Alexei Navalny";

	CHECK_ABOVE(score("Alexei Navalny", name), score("Aleksey Navalny",
	    name));
	CHECK_ABOVE(score("Aleksey Navalny", name), score("A. Navalny", name) -
	    0.001);
	CHECK_ABOVE(score("A. Navalny", name), score("Navalny", name));
	CHECK_ABOVE(score("Alexei Navalny", name), score("Navalny Alexei",
	    name));
	CHECK_ABOVE(score("Navalny Alexei", name), score("Navalny", name));
	CHECK_ABOVE(score("Navalny", name), score("Alexei", name));
	CHECK_ABOVE(score("Alexei", name), score("Nabiullina", name));
	CHECK_ABOVE(score("Biden", "Joe Biden"), score("Joe", "Joe Biden"));
	CHECK_ABOVE(score("Joe", "Joe Biden"), score("Biden",
	    "Antony Blinken"));
	/* A wrong initial is no better than none. */
	CHECK_ABOVE(score("A. Navalny", name), score("Y. Navalny", name));
	CHECK_ABOVE(score("Navalny", name), score("Navalny",
	    "Yulia Navalnaya"));

	/* Surnames are suggested, first names alone are not. */
	CHECK(score("Navalny", name) >= ENTITY_MATCH_SUGGEST);
	CHECK(score("Zelenskyy", "Volodymyr Zelensky") >=
	    ENTITY_MATCH_SUGGEST);
	CHECK(score("Alexei", name) < ENTITY_MATCH_SUGGEST);
	CHECK(score("Navalny", "Yulia Navalnaya") < ENTITY_MATCH_SUGGEST);
}

static void
test_unrelated_low(void)
{
	static const char *const pairs[][2] = {
		{ "Navalny", "Nabiullina" },
		{ "Navalny", "Elvira Nabiullina" },
		{ "Biden", "Blinken" },
		{ "Biden", "Antony Blinken" },
		{ "Joe Biden", "Antony Blinken" },
		{ "Lavrov", "Peskov" },
		{ "Putin", "Paul Whelan" },
		{ "Trump", "Trevor Reed" },
		{ "Medvedev", "Dmitry Peskov" },
	};
	size_t	 i;
	double	 s;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		s = score(pairs[i][0], pairs[i][1]);
		CHECK_MSG(s < 0.3, "\"%s\" / \"%s\" is %.3f, want < 0.3",
		    pairs[i][0], pairs[i][1], s);
	}
	CHECK(!entity_match_is_variant("Biden", 5, "Antony Blinken", 14));
	CHECK(entity_match_is_variant("Aleksey Navalny", 15,
	    "Alexei Navalny", 14));
	CHECK(entity_match_is_variant("Navalny", 7, "Alexei Navalny", 14));
	CHECK(!entity_match_is_variant("Alexei", 6, "Alexei Navalny", 14));
}

static void
test_folding(void)
{
	CHECK(score("Lavrov", "LAVROV") == 1.0);
	CHECK(score("Zelenskyy", "Zelenskiy") >= 0.9);
	CHECK(score("Zelenskyy", "Zelenskiy") < 1.0);
	CHECK(score("Müller", "MULLER") == 1.0);
	CHECK(score("Mu\xcc\x88ller", "Müller") == 1.0);	/* NFD */
	CHECK(score("Łukasz Kowalski", "Lukasz Kowalski") == 1.0);
	CHECK(score("Straße", "STRASSE") == 1.0);
	CHECK(score("Navalny’s", "Navalny") == 1.0);
	CHECK(score("Navalny's", "Navalny") == 1.0);
	CHECK(score("Reynolds'", "Reynolds") == 1.0);
	CHECK(score("O'Brien", "OBrien") == 1.0);
	CHECK(score("O'Brien's", "O'Brien") == 1.0);
	CHECK(score("Mr. Biden", "Biden") == 1.0);
	CHECK(score("Secretary of State Antony Blinken", "Antony Blinken")
	    == 1.0);
	CHECK(score("Foreign Minister Lavrov's", "Lavrov") == 1.0);
	CHECK(score("Dr. Martin Luther King Jr.", "Martin Luther King")
	    == 1.0);
	CHECK(score("Mrs. Ms. Dr. Jones", "Jones") == 1.0);
	/* A title is kept when it is all there is. */
	CHECK(score("President", "President") == 1.0);
	CHECK(score("President", "Joe Biden") == 0);
}

/* Spellings that the rewrite rules make one key: a variant, exactly. */
static void
test_keys_fold_variants(void)
{
	static const char *const pairs[][2] = {
		{ "Alexei", "Alexey" }, { "Alexei", "Aleksey" },
		{ "Alexei", "Aleksei" }, { "Alexei", "Alexej" },
		{ "Sergei", "Sergey" }, { "Yuri", "Yury" }, { "Yuri", "Iurii" },
		{ "Dmitry", "Dmitri" }, { "Dmitry", "Dmitriy" },
		{ "Zelensky", "Zelenskyy" }, { "Zelensky", "Zelenskiy" },
		{ "Tchaikovsky", "Chaikovsky" }, { "Smirnov", "Smirnoff" },
		{ "Khodorkovsky", "Hodorkovsky" }, { "Maxim", "Maksim" },
		{ "Yulia", "Iulia" }, { "Yulia", "Yuliya" },
		{ "Navalnaya", "Navalnaia" }, { "Yuri", "Iuri" },
		{ "Kravtsov", "Kravtzov" }, { "Yevgeny", "Evgeny" },
		{ "Klitschko", "Klychko" }, { "Medvedev", "Medwedew" },
		{ "Aleksandr", "Alexandr" }, { "Natalya", "Natalia" },
	};
	size_t	 i;
	double	 s;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		s = score(pairs[i][0], pairs[i][1]);
		CHECK_MSG(s == ENTITY_MATCH_VARIANT, "\"%s\" / \"%s\" is %.3f",
		    pairs[i][0], pairs[i][1], s);
		s = score(pairs[i][1], pairs[i][0]);
		CHECK_MSG(s == ENTITY_MATCH_VARIANT, "\"%s\" / \"%s\" is %.3f",
		    pairs[i][1], pairs[i][0], s);
	}
	/* Close but not one key: the edit distance, lower. */
	s = score("Alexander", "Aleksandr");
	CHECK_MSG(s > 0.8 && s < ENTITY_MATCH_VARIANT, "Alexander is %.3f", s);
	CHECK(score("Volodymyr", "Vladimir") < ENTITY_MATCH_VARIANT);
}

static void
test_identical(void)
{
	size_t	 i;

	for (i = 0; i < NPEOPLE; i++)
		CHECK_MSG(score(people[i], people[i]) == 1.0, "\"%s\" is %.3f",
		    people[i], score(people[i], people[i]));
	CHECK(score("习近平", "习近平") == 1.0);
	CHECK(score("安倍 晋三", "安倍 晋三") == 1.0);
	CHECK(score("Навальный", "НАВАЛЬНЫЙ") == 1.0);
	CHECK(score("🙂", "🙂") == 1.0);
	CHECK(score("!!!", "!!!") == 1.0);
}

static void
test_rank_stable(void)
{
	static const char *const names[] = { "Joe Smith", "Alexei Navalny",
	    "Joe Smith", "Ann Navalny", "Joe Smith", "Navalny" };
	size_t	 index[6], lens[6], i;
	double	 scores[6];

	for (i = 0; i < 6; i++)
		lens[i] = strlen(names[i]);
	entity_match_rank("Navalny", 7, names, lens, 6, index, scores);
	CHECK_INT(index[0], 5);
	CHECK_INT(index[1], 1);		/* 0.85 ties 3, kept in order */
	CHECK_INT(index[2], 3);
	CHECK(scores[1] == scores[2]);
	CHECK_INT(index[3], 0);
	CHECK_INT(index[4], 2);
	CHECK_INT(index[5], 4);
	for (i = 1; i < 6; i++)
		CHECK(scores[i] <= scores[i - 1]);
	entity_match_rank("Navalny", 7, names, NULL, 0, index, NULL);
}

static void
test_keys_as_strings(void)
{
	struct entity_key	 m, keys[NPEOPLE];
	size_t			 index[NPEOPLE], index2[NPEOPLE], i;
	double			 scores[NPEOPLE], scores2[NPEOPLE];
	const char		*mention = "Secretary Blinken's";

	entity_key_init(&m, mention, strlen(mention));
	for (i = 0; i < NPEOPLE; i++)
		entity_key_init(&keys[i], people[i], strlen(people[i]));
	for (i = 0; i < NPEOPLE; i++)
		CHECK(entity_match_keys(&m, &keys[i]) ==
		    score(mention, people[i]));
	entity_match_rank_keys(&m, keys, NPEOPLE, index, scores);
	entity_match_rank(mention, strlen(mention), people, NULL, NPEOPLE,
	    index2, scores2);
	for (i = 0; i < NPEOPLE; i++) {
		CHECK_INT(index[i], index2[i]);
		CHECK(scores[i] == scores2[i]);
	}
	CHECK_STR(people[index[0]], "Antony Blinken");
	for (i = 0; i < NPEOPLE; i++)
		entity_key_free(&keys[i]);
	entity_key_free(&m);
}

/* A copy of s[0..len) in a buffer of exactly len bytes, no NUL after,
   so that a read past the length is caught by the address sanitiser. */
static char *
exact(const char *s, size_t len)
{
	char	*p = xmalloc(len > 0 ? len : 1);

	memcpy(p, s, len);
	return p;
}

static double
score_exact(const char *m, size_t mlen, const char *n, size_t nlen)
{
	char	*a = exact(m, mlen), *b = exact(n, nlen);
	double	 s = entity_match_score(a, mlen, b, nlen);

	free(a);
	free(b);
	return s;
}

static void
test_hostile(void)
{
	static const char *const odd[] = {
		"", " ", "...", "'", "''s", "'s", "—", "-", "\xff", "\xc3",
		"\xe2\x80", "\xf0\x9f\x99", "Nav\xc3\x61lny", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "🙂🙂🙂", "Mr.", "Mr. Mrs.", "A.", "A",
		"\t\n\r", "\x01\x7f", "The", "' ' ' s s s'",
	};
	size_t	 i, j, len;
	double	 s;

	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		len = strlen(odd[i]);
		for (j = 0; j < NPEOPLE; j++) {
			s = score_exact(odd[i], len, people[j],
			    strlen(people[j]));
			CHECK_MSG(s < ENTITY_MATCH_SUGGEST,
			    "\"%s\" / \"%s\" is %.3f", odd[i], people[j], s);
			s = score_exact(people[j], strlen(people[j]), odd[i],
			    len);
			CHECK(s >= 0 && s < ENTITY_MATCH_SUGGEST);
		}
		s = score_exact(odd[i], len, odd[i], len);
		CHECK(s >= 0 && s <= 1.0);
	}
	CHECK(score("", "") == 0);
	CHECK(entity_match_score(NULL, 0, "Joe Biden", 9) == 0);
	CHECK(score("...", "Joe Biden") == 0);
	CHECK(score("Nav\xff" "alny", "Alexei Navalny") < 0.3);

	/* A NUL byte separates tokens; the length is what counts. */
	CHECK(score_exact("Alexei\0Navalny", 14, "Alexei Navalny", 14) ==
	    1.0);
	CHECK(score_exact("Navalny\0\0", 9, "Alexei Navalny", 14) ==
	    score("Navalny", "Alexei Navalny"));
	CHECK(score_exact("Navalny", 3, "Navalny", 7) < 0.3);
	CHECK(score_exact("\0", 1, "\0", 1) == 0);

	/* Emoji and CJK around a name, and CJK names. */
	CHECK(score("Navalny 🙂", "Alexei Navalny") >= ENTITY_MATCH_SUGGEST);
	CHECK(score("习近平", "李克强") < 0.3);
	CHECK(score("习近平", "Xi Jinping") == 0);
	check_first("Kamala Harris 🇺🇸", "Kamala Harris");
}

/* 100,000 characters of one kind, as a NUL-terminated string. */
static char *
repeat(const char *unit, size_t times)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < times; i++)
		buf_adds(&b, unit);
	return buf_detach(&b);
}

static void
test_long(void)
{
	const char		*units[] = { "a", "ab ", "Mr. ", "ё", "习",
	    "🙂", "Navalny ", "'s", "\xff" };
	struct entity_key	 keys[NPEOPLE], k, k2;
	size_t			 i, j, n, len;
	int64_t			 t0 = mono_ms();
	char			*s;
	double			 sc;

	for (j = 0; j < NPEOPLE; j++)
		entity_key_init(&keys[j], people[j], strlen(people[j]));
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		/* 100,000 code points (or bytes, for "\xff"). */
		n = strlen(units[i]) > 4 ? 100000 / strlen(units[i]) : 100000;
		s = repeat(units[i], n);
		len = strlen(s);
		entity_key_init(&k, s, len);
		for (j = 0; j < NPEOPLE; j++) {
			sc = entity_match_keys(&k, &keys[j]);
			CHECK(sc >= 0 && sc < ENTITY_MATCH_SUGGEST);
			sc = entity_match_keys(&keys[j], &k);
			CHECK(sc >= 0 && sc < ENTITY_MATCH_SUGGEST);
		}
		CHECK(entity_match_keys(&k, &k) == 1.0);
		CHECK(score_exact(s, len, "Alexei Navalny", 14) <
		    ENTITY_MATCH_SUGGEST);
		/* The same text and a letter more: not the same. */
		s = xrealloc(s, len + 2);
		memcpy(s + len, "x", 2);
		entity_key_init(&k2, s, len + 1);
		sc = entity_match_keys(&k, &k2);
		CHECK_MSG(sc >= 0 && sc < 1.0, "unit %zu: %.3f", i, sc);
		entity_key_free(&k2);
		entity_key_free(&k);
		free(s);
	}
	for (j = 0; j < NPEOPLE; j++)
		entity_key_free(&keys[j]);
	/* Quadratic work over these would take minutes, not seconds. */
	CHECK_MSG(mono_ms() - t0 < 20000, "long inputs took %lld ms",
	    (long long)(mono_ms() - t0));
}

static const struct check_test tests[] = {
	{ "transliteration variants rank the right name first",
	    test_variants_rank_first },
	{ "full > initial > surname > first name > unrelated",
	    test_score_order },
	{ "unrelated names score low and are no variants",
	    test_unrelated_low },
	{ "case, marks, strokes, possessives and titles fold away",
	    test_folding },
	{ "transliteration keys fold variants together",
	    test_keys_fold_variants },
	{ "identical names score 1, in any script", test_identical },
	{ "ranking is best first and stable", test_rank_stable },
	{ "prepared keys score as the strings do", test_keys_as_strings },
	{ "hostile input: empty, punctuation, bad UTF-8, NUL",
	    test_hostile },
	{ "100,000 characters in linear time", test_long },
};

CHECK_MAIN(tests)
