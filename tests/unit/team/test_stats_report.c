/*
 * test_stats_report.c: the report of `margin stats` and of the TUI's
 * overlay, from counts made up here (no database): bars in eighths of a
 * column, a sliver for any value above 0, progress towards the whole,
 * lines within the width, names sanitised and cut, the latest days only,
 * and # and . without block characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/stats_report.h"
#include "margin/text.h"
#include "margin/util.h"
#include "check.h"

static struct store_label_stats labels[] = {
	{ "PER", { 80, 2, 0 } }, { "ORG", { 1, 0, 0 } }, { "LOC", { 0, 0, 0 } },
};
static struct store_annotator_stats annotators[] = {
	{ "alice", { 40, 0, 0 }, 3, 3, 0 },
	{ "bob\x1b[2J-with-a-very-long-name", { 10, 2, 0 }, 1, 1, 0 },
};
static struct store_day_stats days[] = {
	{ "2025-12-01", "alice", 1 }, { "2025-12-02", "alice", 2 },
	{ "2025-12-02", "bob\x1b[2J-with-a-very-long-name", 1 },
};

static void
fill(struct store_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->articles = 8;
	st->labels = labels;
	st->nlabels = 3;
	st->annotators = annotators;
	st->nannotators = 2;
	st->days = days;
	st->ndays = 3;
}

/* Line n (from 0) of the report, as a new string. */
static char *
line_of(const char *s, int n)
{
	const char	*nl;

	while (n-- > 0 && (nl = strchr(s, '\n')) != NULL)
		s = nl + 1;
	nl = strchr(s, '\n');
	return xstrndup(s, nl != NULL ? (size_t)(nl - s) : strlen(s));
}

static void
test_report_lines(void)
{
	struct stats_report_style style = { 60, 1, 14 };
	struct store_stats	 st;
	struct buf		 b = BUF_INIT;
	const char		*p, *nl;
	char			*l;

	fill(&st);
	stats_report(&b, &st, &style);
	CHECK_MSG(b.len > 0 && b.data[b.len - 1] == '\n', "%s", b.data);
	/* No line wider than the style says; no control reaches it. */
	for (p = b.data; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		CHECK_MSG(text_width(p, (size_t)(nl - p), 0) <= 60,
		    "too wide: %.*s", (int)(nl - p), p);
	CHECK(strchr(b.data, '\x1b') == NULL);
	l = line_of(b.data, 0);
	CHECK_STR(l, "8 articles, 2 annotators");
	free(l);
	/* PER is the longest bar (40 columns); ORG's 1 in 80 is half a
	   column, LOC's 0 nothing. */
	l = line_of(b.data, 3);
	CHECK_MSG(strncmp(l, "PER  \xe2\x96\x88", 8) == 0 &&
	    strstr(l, "80  +2?") != NULL, "%s", l);
	free(l);
	l = line_of(b.data, 4);
	CHECK_MSG(strstr(l, "ORG  \xe2\x96\x8c ") != NULL, "%s", l);
	free(l);
	l = line_of(b.data, 5);
	CHECK_MSG(strstr(l, "\xe2\x96") == NULL, "%s", l);
	free(l);
	/* The long name is cut (an ellipsis), sanitised. */
	CHECK(strstr(b.data, "\xe2\x80\xa6") != NULL);
	/* Progress: alice 3 of 8 is 38%, the rest in shade. */
	CHECK(strstr(b.data, "Articles done per annotator, of 8") != NULL);
	CHECK(strstr(b.data, "\xe2\x96\x91  3   38%") != NULL);
	CHECK(strstr(b.data, "2025-12-01  alice") != NULL);
	buf_free(&b);
}

static void
test_report_days_ascii_and_empty(void)
{
	struct stats_report_style style = { 40, 0, 1 };
	struct store_stats	 st;
	struct buf		 b = BUF_INIT;

	fill(&st);
	stats_report(&b, &st, &style);
	/* The latest day alone, its day once. */
	CHECK(strstr(b.data, "2025-12-01") == NULL);
	CHECK(strstr(b.data, "2025-12-02  alice") != NULL);
	CHECK(strstr(b.data, "\n            bob") != NULL);
	CHECK(strstr(b.data, "\xe2\x96") == NULL);
	CHECK(strstr(b.data, "#") != NULL && strstr(b.data, "..") != NULL);
	buf_free(&b);

	/* Nothing marked: said, and no annotator charts. */
	memset(&st, 0, sizeof(st));
	st.labels = labels;
	st.nlabels = 1;
	stats_report(&b, &st, &style);
	CHECK(strstr(b.data, "0 articles, 0 annotators") != NULL);
	CHECK(strstr(b.data, "no annotator has marked anything yet") != NULL);
	CHECK(strstr(b.data, "done per day") == NULL);
	buf_free(&b);
}

static const struct check_test tests[] = {
	{ "stats report: bars, widths, names, progress",
	    test_report_lines },
	{ "stats report: latest days, ascii bars, nothing marked",
	    test_report_days_ascii_and_empty },
};

CHECK_MAIN(tests)
