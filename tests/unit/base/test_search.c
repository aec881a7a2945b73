/*
 * test_search.c: the reader's search ignores case and accents and reports
 * matches in the article's own byte offsets (SPEC §6).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "margin/search.h"

static int
find(const char *hay, const char *typed, size_t from, int backward,
    size_t *s, size_t *e)
{
	size_t	 nlen;
	char	*needle = search_fold(typed, strlen(typed), &nlen, NULL);
	int	 ok;

	ok = search_find(hay, strlen(hay), needle, nlen, from, backward, s, e);
	free(needle);
	return ok;
}

#define CHECK_FIND(hay, typed, from, backward, want) do {		\
	size_t	 s_ = 0, e_ = 0;					\
	char	*got_ = NULL;						\
	if (find(hay, typed, from, backward, &s_, &e_))			\
		got_ = strndup((hay) + s_, e_ - s_);			\
	CHECK_STR(got_, want);						\
	free(got_);							\
} while (0)

static void
test_case_and_accents_are_ignored(void)
{
	const char	*t = "Antonín Dvořák played in ZÜRICH and Łódź; "
	    "Dvor\xcc\x8c" "a\xcc\x81k too.";

	CHECK_FIND(t, "dvorak", 0, 0, "Dvořák");
	CHECK_FIND(t, "DVOŘÁK", 0, 0, "Dvořák");
	CHECK_FIND(t, "zurich", 0, 0, "ZÜRICH");
	CHECK_FIND(t, "lodz", 0, 0, "Łódź");
	CHECK_FIND(t, "antonin", 0, 0, "Antonín");
	/* The decomposed spelling is found, combining marks included. */
	CHECK_FIND(t, "dvorak", 10, 0, "Dvor\xcc\x8c" "a\xcc\x81k");
	CHECK_FIND(t, "nowhere", 0, 0, NULL);
}

static void
test_forward_and_backward_from_a_position(void)
{
	const char	*t = "Navalny, navalny, NAVALNY";
	size_t		 s, e;

	CHECK(find(t, "navalny", 1, 0, &s, &e));
	CHECK_INT(s, 9);
	CHECK(find(t, "navalny", 18, 1, &s, &e));
	CHECK_INT(s, 9);
	CHECK(!find(t, "navalny", 0, 1, &s, &e));
	CHECK(find(t, "navalny", 18, 0, &s, &e));
	CHECK_INT(s, 18);
	CHECK_INT(e, 25);
}

static void
test_fold_map_points_at_source_characters(void)
{
	const char	*t = "Straße 北京 🎉X";
	size_t		 n, *map = NULL;
	char		*f = search_fold(t, strlen(t), &n, &map);

	CHECK_STR(f, "strasse 北京 🎉x");
	/* "ss" both come from ß at byte 4. */
	CHECK_INT(map[4], 4);
	CHECK_INT(map[5], 4);
	CHECK_INT(map[6], 6);
	CHECK_INT(map[n], strlen(t));
	free(f);
	free(map);
	CHECK_FIND(t, "STRASSE", 0, 0, "Straße");
	CHECK_FIND(t, "北京", 0, 0, "北京");
	CHECK_FIND(t, "x", 0, 0, "X");
}

static void
test_find_all_lists_every_match(void)
{
	const char	*t = "Łódź, LODZ and lódź";
	size_t		*s = NULL, *e = NULL, n, nlen;
	char		*needle = search_fold("lodz", 4, &nlen, NULL);

	n = search_find_all(t, strlen(t), needle, nlen, &s, &e);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(s[0], 0);
		CHECK_INT(e[0], strlen("Łódź"));
		CHECK_INT(s[1], strlen("Łódź, "));
		CHECK_INT(s[2], strlen("Łódź, LODZ and "));
		CHECK_INT(e[2], strlen(t));
	}
	free(s);
	free(e);
	free(needle);
}

static const struct check_test tests[] = {
	{ "search: find-all lists every match", test_find_all_lists_every_match },
	{ "search: case and accents are ignored", test_case_and_accents_are_ignored },
	{ "search: forward and backward from a position", test_forward_and_backward_from_a_position },
	{ "search: the fold map points at source characters", test_fold_map_points_at_source_characters },
};

CHECK_MAIN(tests)
