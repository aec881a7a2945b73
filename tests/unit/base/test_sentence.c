/*
 * test_sentence.c: the sentence splitter of the CoNLL export on sentences
 * written for it (titles, initials, dotted abbreviations, numbers, quotes,
 * ellipses, CJK, line ends) and on the seed news articles, where every
 * sentence must hold what the rules promise.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "check.h"
#include "margin/sentence.h"
#include "margin/util.h"

/* The sentences of s joined with " | ". */
static char *
split_says(const char *s)
{
	struct sentence	*v;
	struct buf	 out = BUF_INIT;
	size_t		 n, i;

	n = sentence_split(s, strlen(s), &v);
	buf_adds(&out, "");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&out, " | ");
		buf_add(&out, s + v[i].start, v[i].end - v[i].start);
	}
	free(v);
	return buf_detach(&out);
}

static void
test_rules(void)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "Mr. Smith went to Washington. He arrived on Monday.",
		    "Mr. Smith went to Washington. | He arrived on Monday." },
		{ "Dr. J. R. Smith met Gen. Lee. They talked.",
		    "Dr. J. R. Smith met Gen. Lee. | They talked." },
		{ "Zoë A. Müller spoke. Élodie answered.",
		    "Zoë A. Müller spoke. | Élodie answered." },
		{ "It rose 5%. The U.S. economy grew e.g. in May.",
		    "It rose 5%. | The U.S. economy grew e.g. in May." },
		/* The documented limit: a dotted abbreviation ends no
		   sentence. */
		{ "Prices fell in the U.S. The dollar rose.",
		    "Prices fell in the U.S. The dollar rose." },
		{ "See No. 5 and Vol. 3. Then stop. No. It is Jan. 6 now.",
		    "See No. 5 and Vol. 3. | Then stop. | No. | "
		    "It is Jan. 6 now." },
		{ "He said \"Stop.\" Then he left! (Quietly.) 2021 was odd.",
		    "He said \"Stop.\" | Then he left! | (Quietly.) | "
		    "2021 was odd." },
		{ "Really?! Yes... \xe2\x80\x9cSure,\xe2\x80\x9d she said\xe2\x80\xa6 "
		    "and left.", "Really?! | Yes... | \xe2\x80\x9cSure,"
		    "\xe2\x80\x9d she said\xe2\x80\xa6 and left." },
		{ "It cost 3.5 million. ok then.",
		    "It cost 3.5 million. ok then." },
		{ "  Title line  \n\nFirst para. Second one.\n- bullet\n\t- two",
		    "Title line | First para. | Second one. | - bullet | - two" },
		{ "東京は大きい。大阪も大きい！本当？", "東京は大きい。 | "
		    "大阪も大きい！ | 本当？" },
		{ "Ends without a stop", "Ends without a stop" },
		{ "Stop.Now", "Stop.Now" },
		{ " \n\t\n ", "" },
		{ "", "" },
	};
	size_t	 i;
	char	*got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = split_says(cases[i].text);
		CHECK_MSG(strcmp(got, cases[i].want) == 0, "\"%s\":\n      "
		    "got  %s\n      want %s", cases[i].text, got,
		    cases[i].want);
		free(got);
	}
}

static int
is_space_at(const char *s, size_t len, size_t i, size_t *n)
{
	ucs4_t	 c;
	int	 k = u8_mbtouc(&c, (const uint8_t *)s + i, len - i);

	*n = k > 0 ? (size_t)k : 1;
	return uc_is_property_white_space(c);
}

/* The last word before the final "." of s[a..b), NUL-terminated. */
static char *
last_word(const char *s, size_t a, size_t b)
{
	size_t	 w = b - 1;

	while (w > a && s[w - 1] != ' ' && s[w - 1] != '\n' &&
	    s[w - 1] != '(' && s[w - 1] != '"')
		w--;
	return xstrndup(s + w, b - 1 - w);
}

static void
check_seed(const char *path, const char *s, size_t len)
{
	static const char *const titles[] = { "Mr", "Mrs", "Ms", "Dr", "St",
	    "Gen", "Sen", "Gov", "Prof", NULL };
	struct sentence	*v;
	size_t		 n, i, k, at, lines = 0, covered;
	char		*word;
	ucs4_t		 c;

	n = sentence_split(s, len, &v);
	for (i = 0; i < len; i++)
		if (s[i] == '\n' && i + 1 < len && s[i + 1] != '\n')
			lines++;
	/* More sentences than lines: lines are split, not only kept. */
	CHECK_MSG(n > lines, "%s: %zu sentences in %zu lines", path, n,
	    lines);
	for (i = 0, at = 0; i < n; i++) {
		const char	*a = s + v[i].start;
		size_t		 slen = v[i].end - v[i].start;

		CHECK_MSG(v[i].start >= at && v[i].end > v[i].start,
		    "%s: sentence %zu [%zu, %zu) out of order", path, i,
		    v[i].start, v[i].end);
		CHECK_MSG(memchr(a, '\n', slen) == NULL, "%s: sentence %zu "
		    "holds a line end", path, i);
		CHECK_MSG(!is_space_at(s, len, v[i].start, &k), "%s: sentence "
		    "%zu starts with white space", path, i);
		/* Nothing but white space between sentences. */
		for (covered = at; covered < v[i].start; covered += k)
			CHECK_MSG(is_space_at(s, len, covered, &k), "%s: byte "
			    "%zu is in no sentence", path, covered);
		at = v[i].end;
		/* A sentence that ends inside a line ends as a sentence. */
		if (v[i].end < len && s[v[i].end] != '\n' &&
		    strchr(".!?\"')", s[v[i].end - 1]) == NULL &&
		    (unsigned char)s[v[i].end - 1] < 0x80)
			CHECK_MSG(0, "%s: sentence %zu ends inside a line with "
			    "\"%.*s\"", path, i, (int)(slen > 20 ? 20 : slen),
			    s + v[i].end - (slen > 20 ? 20 : slen));
		/* And never after a title or an initial. */
		if (s[v[i].end - 1] == '.' && v[i].end < len &&
		    s[v[i].end] != '\n') {
			word = last_word(s, v[i].start, v[i].end);
			for (k = 0; titles[k] != NULL; k++)
				CHECK_MSG(strcmp(word, titles[k]) != 0,
				    "%s: sentence %zu ends after \"%s.\"",
				    path, i, word);
			CHECK_MSG(!(strlen(word) == 1 &&
			    word[0] >= 'A' && word[0] <= 'Z'), "%s: sentence "
			    "%zu ends after an initial \"%s.\"", path, i,
			    word);
			free(word);
		}
		/* The next one, on the same line, starts as one. */
		if (i + 1 < n && memchr(s + v[i].end, '\n', v[i + 1].start -
		    v[i].end) == NULL) {
			u8_mbtouc(&c, (const uint8_t *)s + v[i + 1].start,
			    len - v[i + 1].start);
			CHECK_MSG(!uc_is_general_category(c,
			    UC_CATEGORY_Ll), "%s: sentence %zu starts in "
			    "lower case", path, i + 1);
		}
	}
	for (covered = at; covered < len; covered += k)
		CHECK_MSG(is_space_at(s, len, covered, &k), "%s: byte %zu "
		    "after the last sentence", path, covered);
	free(v);
}

static void
test_seeds(void)
{
	char		*dir, *path, *data, *err = NULL;
	size_t		 len, n = 0;
	struct dirent	*e;
	DIR		*d;

	dir = xasprintf("%s/corpus/seeds", check_shared_dir());
	if ((d = opendir(dir)) == NULL) {
		CHECK_FAIL("cannot open %s", dir);
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (file_read_all(path, &data, &len, &err) == 0) {
			check_seed(e->d_name, data, len);
			free(data);
			n++;
		} else {
			CHECK_FAIL("%s", err);
			free(err);
			err = NULL;
		}
		free(path);
	}
	closedir(d);
	CHECK_MSG(n >= 5, "only %zu seed articles in %s", n, dir);
	free(dir);
}

static const struct check_test tests[] = {
	{ "sentence: titles, initials, abbreviations, quotes, CJK, lines",
	    test_rules },
	{ "sentence: the seeds split into sentences that keep the rules",
	    test_seeds },
};

CHECK_MAIN(tests)
