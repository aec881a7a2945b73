/*
 * test_doc.c: the reader's document model without curses: paragraphs and
 * lazy layout, the word cursor (§6: stops on words, j/k keep the column),
 * selection, and tagging by the rules of label-N (§6.1) into a store.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "doc.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* The tests below cannot go on without a store: stop here. */
static struct store *
open_store(void)
{
	struct store	*s;

	setlocale(LC_ALL, "C.UTF-8");
	if ((s = fixture_memory("ana")) == NULL)
		abort();
	return s;
}

static void
open_doc(struct doc *d, struct store *s, int64_t id, int width, int height)
{
	char	*err = NULL;

	doc_init(d);
	doc_set_size(d, width, height);
	if (doc_open(d, s, id, "ana", "ana", &err) == -1) {
		printf("    doc_open: %s\n", err);
		abort();
	}
}

/* The word under the cursor as a new string. */
static char *
cursor_word(const struct doc *d)
{
	return xstrndup(d->article.text + d->cur_start,
	    d->cur_end - d->cur_start);
}

#define CHECK_CURSOR(d, want) do {					\
	char *w_ = cursor_word(d);					\
	CHECK_STR(w_, want);						\
	free(w_);							\
} while (0)

static void
test_cursor_stops_on_words_not_punctuation(void)
{
	struct store	*s = open_store();
	struct doc	 d;

	open_doc(&d, s, fixture_article(s, NULL,
	    "“Zürich,” said Dvořák — 北京!\n\n(U.S. officials' call)"), 80,
	    10);
	CHECK_CURSOR(&d, "Zürich");
	doc_word_next(&d);
	CHECK_CURSOR(&d, "said");
	doc_word_next(&d);
	CHECK_CURSOR(&d, "Dvořák");
	doc_word_next(&d);
	CHECK_CURSOR(&d, "北");
	doc_word_next(&d);
	CHECK_CURSOR(&d, "京");
	doc_word_next(&d);
	/* An abbreviation is one stop with its final full stop; the
	   apostrophe of a plural possessive is punctuation. */
	CHECK_CURSOR(&d, "U.S.");
	doc_word_next(&d);
	CHECK_CURSOR(&d, "officials");
	doc_word_next(&d);
	CHECK_CURSOR(&d, "call");
	CHECK(!doc_word_next(&d));
	doc_word_prev(&d);
	doc_word_prev(&d);
	CHECK_CURSOR(&d, "U.S.");
	doc_word_prev(&d);
	CHECK_CURSOR(&d, "京");
	doc_close(&d);
	store_close(s);
}

static void
test_line_moves_keep_the_column(void)
{
	struct store	*s = open_store();
	struct doc	 d;

	/* Width 10: "aaa bbb" / "ccccc dd" / "" / "e ffff gg" */
	open_doc(&d, s, fixture_article(s, NULL,
	    "aaa bbb\nccccc dd\n\ne ffff gg"), 10, 10);
	doc_word_next(&d);
	CHECK_CURSOR(&d, "bbb");		/* column 4 */
	doc_line_down(&d);
	CHECK_CURSOR(&d, "ccccc");		/* covers column 4 */
	doc_line_down(&d);			/* skips the empty line */
	CHECK_CURSOR(&d, "ffff");
	doc_line_up(&d);
	CHECK_CURSOR(&d, "ccccc");
	doc_line_up(&d);
	CHECK_CURSOR(&d, "bbb");		/* the goal column was kept */
	CHECK(!doc_line_up(&d));
	doc_close(&d);
	store_close(s);
}

static void
test_wrapped_rows_and_scrolling(void)
{
	struct store	*s = open_store();
	struct buf	 b = BUF_INIT;
	struct doc	 d;
	int		 i;

	for (i = 0; i < 200; i++)
		buf_printf(&b, "word%d ", i);
	open_doc(&d, s, fixture_article(s, NULL, b.data), 20, 5);
	CHECK(doc_para_nrows(&d, 0) > 50);
	doc_bottom(&d);
	CHECK_CURSOR(&d, "word199");
	/* The cursor row is shown: it is within height rows of the top. */
	{
		struct doc_pos	 p = d.top, cur = doc_pos_of(&d, d.cur_start);
		int		 n = 0;

		while (doc_pos_cmp(p, cur) < 0 && doc_pos_next(&d, &p))
			n++;
		CHECK(n < 5);
	}
	doc_top(&d);
	CHECK_CURSOR(&d, "word0");
	doc_page_down(&d);
	CHECK(d.top.row == 4);
	CHECK(doc_pos_of(&d, d.cur_start).row == 4);
	doc_page_up(&d);
	CHECK(d.top.row == 0);
	/* A narrower pane re-wraps and keeps the top row's text in view. */
	doc_page_down(&d);
	doc_page_down(&d);
	{
		size_t	 top_off = doc_para_row(&d, d.top.para, d.top.row).start;
		struct text_row r;

		doc_set_size(&d, 12, 5);
		r = doc_para_row(&d, d.top.para, d.top.row);
		CHECK(r.start <= top_off && top_off < r.end);
	}
	buf_free(&b);
	doc_close(&d);
	store_close(s);
}

static void
test_tag_word_selection_and_relabel(void)
{
	struct store		*s = open_store();
	struct doc		 d;
	char			*what = NULL, *err = NULL;
	int64_t			 id;

	/* An emoji and a combining mark before the words we tag. */
	id = fixture_article(s, NULL, "🎉 Dvor\xcc\x8c"
	    "a\xcc\x81k met Antony Blinken in Zürich.");
	open_doc(&d, s, id, 80, 10);
	/* An emoji is a symbol, so a word (§4): the cursor stops on it. */
	CHECK_CURSOR(&d, "🎉");
	doc_word_next(&d);
	CHECK_CURSOR(&d, "Dvor\xcc\x8c" "a\xcc\x81k");
	doc_word_next(&d);
	doc_word_next(&d);
	CHECK_CURSOR(&d, "Antony");
	doc_select_toggle(&d);
	doc_word_next(&d);
	CHECK(d.selecting);
	CHECK_INT(doc_tag(&d, s, "PER", "ana", &what, &err), 0);
	CHECK_STR(what, "PER: Antony Blinken");
	free(what);
	CHECK(!d.selecting);
	CHECK_INT(d.nspans, 1);
	/* Code points: 🎉 is one, the combining marks count too. */
	CHECK_INT(d.spans[0].start, 15);
	CHECK_INT(d.spans[0].end, 29);
	CHECK_INT(d.spans[0].start_byte, 20);
	CHECK_STR(d.spans[0].text, "Antony Blinken");

	/* Without a selection, inside a span of mine: relabel it. */
	CHECK_INT(doc_tag(&d, s, "ORG", "ana", &what, &err), 0);
	CHECK_STR(what, "PER → ORG: Antony Blinken");
	free(what);
	CHECK_INT(d.nspans, 1);
	CHECK_STR(d.spans[0].label, "ORG");

	/* A nested span by explicit selection of the inner word. */
	doc_select_toggle(&d);
	CHECK_INT(doc_tag(&d, s, "PER", "ana", &what, &err), 0);
	free(what);
	CHECK_INT(d.nspans, 2);
	CHECK_INT(doc_span_at(&d, d.cur_start, "ana") >= 0, 1);
	CHECK_STR(d.spans[doc_span_at(&d, d.cur_start, "ana")].label, "PER");

	/* Delete takes the innermost. */
	CHECK_INT(doc_delete_at_cursor(&d, s, "ana", &what, &err), 0);
	free(what);
	CHECK_INT(d.nspans, 1);
	CHECK_STR(d.spans[0].label, "ORG");

	/* Outside any span: the word is tagged. */
	doc_bottom(&d);
	CHECK_CURSOR(&d, "Zürich");
	CHECK_INT(doc_tag(&d, s, "LOC", "ana", &what, &err), 0);
	free(what);
	CHECK_INT(d.nspans, 2);
	CHECK_INT(d.spans[1].start, 33);
	CHECK_INT(d.spans[1].end, 39);
	doc_close(&d);
	store_close(s);
}

static void
test_extend_and_shrink_by_character(void)
{
	struct store	*s = open_store();
	struct doc	 d;
	char		*what = NULL, *err = NULL;

	open_doc(&d, s, fixture_article(s, NULL, "Blinken's call"), 80, 10);
	/* One key tags the name: the possessive is a stop of its own. */
	CHECK_CURSOR(&d, "Blinken");
	CHECK_INT(doc_tag(&d, s, "PER", "ana", &what, &err), 0);
	CHECK_STR(what, "PER: Blinken");
	free(what);
	doc_word_next(&d);
	CHECK_CURSOR(&d, "'s");
	/* A selection of the name and its possessive, less two letters. */
	doc_word_prev(&d);
	doc_select_toggle(&d);
	doc_word_next(&d);
	CHECK_INT(d.sel_end - d.sel_start, strlen("Blinken's"));
	CHECK(doc_shrink_char(&d));
	CHECK(doc_shrink_char(&d));
	CHECK_INT(d.sel_end - d.sel_start, strlen("Blinken"));
	doc_select_cancel(&d);
	doc_select_toggle(&d);
	CHECK(doc_extend_char(&d));
	CHECK_INT(d.sel_end - d.sel_start, strlen("'s "));
	doc_close(&d);
	store_close(s);
}

/* extend-char may take in a blank, or a line end: the span stored never
   starts or ends with white space, and crossing a paragraph is told. */
static void
test_selection_trimmed_and_paragraphs(void)
{
	struct store	*s = open_store();
	struct doc	 d;
	char		*what = NULL, *err = NULL;
	size_t		 start, end;

	open_doc(&d, s, fixture_article(s, NULL, "Antony Blinken\nsaid"), 80,
	    10);
	doc_word_next(&d);
	doc_select_toggle(&d);
	CHECK(doc_extend_char(&d));
	CHECK_INT(d.sel_end - d.sel_start, strlen("Blinken\n"));
	CHECK(!doc_selection_crosses_paragraph(&d));
	doc_selection_bounds(&d, &start, &end);
	CHECK_INT(end - start, strlen("Blinken"));
	CHECK_INT(doc_tag(&d, s, "PER", "ana", &what, &err), 0);
	CHECK_STR(what, "PER: Blinken");
	free(what);
	CHECK_STR(d.spans[0].text, "Blinken");
	CHECK_INT(d.spans[0].end, 14);

	/* Across the line end: said. */
	doc_select_toggle(&d);
	doc_word_next(&d);
	CHECK(doc_selection_crosses_paragraph(&d));
	doc_select_cancel(&d);
	CHECK(!doc_selection_crosses_paragraph(&d));
	doc_close(&d);
	store_close(s);
}

static void
test_a_million_lines_cost_what_is_shown(void)
{
	struct store	*s = open_store();
	struct doc	 d;
	struct buf	 b = BUF_INIT;
	int		 i;

	for (i = 0; i < 200000; i++)
		buf_adds(&b, "line\n");
	buf_adds(&b, "last");
	open_doc(&d, s, fixture_article(s, NULL, b.data), 80, 20);
	CHECK_INT(d.npara, 200001);
	doc_bottom(&d);
	CHECK_CURSOR(&d, "last");
	/* Only the paragraphs looked at were laid out. */
	{
		size_t	 n = 0;

		for (i = 0; i < DOC_CACHE_SIZE; i++)
			n += d.cache[i].para != SIZE_MAX;
		CHECK(n < 64);
	}
	buf_free(&b);
	doc_close(&d);
	store_close(s);
}

/* Columns row r draws, inline labels counted, without its trailing
   blanks. */
static int
drawn_width(struct doc *d, struct text_row r)
{
	struct text_cell	 c;
	size_t			 pos = r.start;
	int			 x = 0, used = 0, before, after;

	while (pos < r.end) {
		pos = text_cell_next(d->article.text, r.end, pos, &c);
		doc_decoration(d, c.start, c.end, &before, &after);
		x += before + (c.tab ? 8 - x % 8 : c.width) + after;
		if (before || after || !(c.end == c.start + 1 &&
		    d->article.text[c.start] == ' '))
			used = x;
	}
	return used;
}

static void
test_inline_labels_wrap_with_the_text(void)
{
	struct store		*s = open_store();
	struct doc		 d;
	const size_t		*idx;
	size_t			 first, n, i;
	int64_t			 id;
	int			 before, after, width;
	char			*tag;
	const char		*text = "Bank of America met Joe Biden in "
	    "Moscow today, said the Bank of America.";

	id = fixture_article(s, NULL, text);
	fixture_span(s, id, 0, 15, "ORG", "Bank of America", "ana",
	    STORE_ACCEPTED);
	fixture_span(s, id, 8, 15, "LOC", "America", "ana", STORE_ACCEPTED);
	fixture_span(s, id, 20, 29, "PER", "Joe Biden", "ana",
	    STORE_ACCEPTED);
	fixture_span(s, id, 33, 39, "LOC", "Moscow", "ana", STORE_SUGGESTED);
	open_doc(&d, s, id, 30, 10);
	CHECK_INT(d.nspans, 4);

	/* Off: no decoration, the plain wrap. */
	doc_decoration(&d, 0, 1, &before, &after);
	CHECK_INT(before + after, 0);
	CHECK_INT(doc_para_nrows(&d, 0), 3);

	doc_set_inline(&d, 1);
	/* "[[" before "B" would be wrong: ORG opens at B, LOC at "A". */
	doc_decoration(&d, 0, 1, &before, &after);
	CHECK_INT(before, 1);
	CHECK_INT(after, 0);
	doc_decoration(&d, 8, 9, &before, &after);
	CHECK_INT(before, 1);
	/* "America]LOC]ORG": the inner one closes first. */
	doc_decoration(&d, 14, 15, &before, &after);
	CHECK_INT(after, 8);
	n = doc_spans_closing(&d, 14, 15, &idx);
	CHECK_INT(n, 2);
	CHECK_STR(d.spans[idx[0]].label, "LOC");
	CHECK_STR(d.spans[idx[1]].label, "ORG");
	n = doc_spans_opening(&d, 8, 9, &first);
	CHECK_INT(n, 1);
	CHECK_STR(d.spans[first].label, "LOC");
	/* A suggestion's tag says so. */
	tag = doc_inline_tag(&d, 3);
	CHECK_STR(tag, "]LOC?");
	free(tag);

	/* At every width the labels fit the rows and stay with their
	   span's last character; the rows still cover the text. */
	for (width = 16; width <= 90; width++) {
		size_t	 nrows;

		doc_set_size(&d, width, 10);
		nrows = doc_para_nrows(&d, 0);
		for (i = 0; i < nrows; i++) {
			struct text_row	 r = doc_para_row(&d, 0, i);

			CHECK_MSG(drawn_width(&d, r) <= width, "width %d: "
			    "row %zu draws %d columns", width, i,
			    drawn_width(&d, r));
			if (i > 0)
				CHECK_INT(r.start, doc_para_row(&d, 0,
				    i - 1).end);
			/* No row starts right after a span's end: its tag
			   would start the row alone. */
			CHECK_MSG(r.start != 15 && r.start != 29 &&
			    r.start != 39, "width %d: row %zu starts at %zu",
			    width, i, r.start);
		}
	}
	doc_set_size(&d, 30, 10);
	CHECK_INT(doc_para_nrows(&d, 0), 4);

	/* The labels are no text: the words, the cursor and what a tag
	   stores do not change. */
	doc_top(&d);
	CHECK_CURSOR(&d, "Bank");
	for (i = 0; i < 4; i++)
		doc_word_next(&d);
	CHECK_CURSOR(&d, "Joe");
	CHECK_INT(d.cur_start, 20);
	/* j keeps the drawn column: from "Joe" on the second row down to
	   the word drawn below it. */
	doc_set_size(&d, 20, 10);
	doc_cursor_to(&d, 34);
	CHECK_CURSOR(&d, "Moscow");

	/* Spans reloaded (one deleted): the rows follow. */
	{
		char	*what = NULL, *err = NULL;

		doc_set_size(&d, 30, 10);
		doc_cursor_to(&d, 20);
		CHECK_INT(doc_delete_at_cursor(&d, s, "ana", &what, &err), 0);
		free(what);
		CHECK_INT(d.nspans, 3);
		doc_decoration(&d, 28, 29, &before, &after);
		CHECK_INT(after, 0);
	}
	/* Off again: the plain rows. */
	doc_set_inline(&d, 0);
	CHECK_INT(doc_para_nrows(&d, 0), 3);
	doc_close(&d);
	store_close(s);
}

/* Spans that start together open outermost first: "[[call]ORG with
   Lavrov]LOC", the "[" of LOC before the "[" of ORG. */
static void
test_inline_labels_open_outermost_first(void)
{
	struct store		*s = open_store();
	struct doc		 d;
	const size_t		*idx;
	size_t			 first, n;
	int64_t			 id;
	int			 before, after;
	const char		*text = "Blinken's call with Lavrov ended.";

	id = fixture_article(s, NULL, text);
	fixture_span(s, id, 10, 14, "ORG", "call", "ana", STORE_ACCEPTED);
	fixture_span(s, id, 10, 26, "LOC", "call with Lavrov", "ana",
	    STORE_ACCEPTED);
	open_doc(&d, s, id, 60, 10);
	doc_set_inline(&d, 1);
	n = doc_spans_opening(&d, 10, 11, &first);
	CHECK_INT(n, 2);
	CHECK_STR(d.spans[first].label, "LOC");
	CHECK_STR(d.spans[first + 1].label, "ORG");
	doc_decoration(&d, 10, 11, &before, &after);
	CHECK_INT(before, 2);
	CHECK_INT(after, 0);
	n = doc_spans_closing(&d, 13, 14, &idx);
	CHECK_INT(n, 1);
	CHECK_STR(d.spans[idx[0]].label, "ORG");
	n = doc_spans_closing(&d, 25, 26, &idx);
	CHECK_INT(n, 1);
	CHECK_STR(d.spans[idx[0]].label, "LOC");
	doc_close(&d);
	store_close(s);
}

/* d as a doc opened afresh on the same store would be: the spans in the
   same order, the same order by end and tag widths, the same rows in
   every paragraph and the same top row. */
static void
check_same_as_fresh(struct doc *d, struct store *s)
{
	struct doc	 f;
	size_t		 i, p, r;

	open_doc(&f, s, d->article.id, d->width, d->height);
	doc_set_inline(&f, d->inline_labels);
	f.top = d->top;
	CHECK_INT(d->nspans, f.nspans);
	for (i = 0; i < d->nspans && i < f.nspans; i++) {
		CHECK_INT(d->spans[i].id, f.spans[i].id);
		CHECK_INT(d->by_end[i], f.by_end[i]);
		CHECK_INT(d->tag_width[i], f.tag_width[i]);
	}
	for (p = 0; p < d->npara; p++) {
		CHECK_INT(doc_para_nrows(d, p), doc_para_nrows(&f, p));
		for (r = 0; r < doc_para_nrows(d, p) &&
		    r < doc_para_nrows(&f, p); r++) {
			CHECK_INT(doc_para_row(d, p, r).start,
			    doc_para_row(&f, p, r).start);
			CHECK_INT(doc_para_row(d, p, r).end,
			    doc_para_row(&f, p, r).end);
		}
	}
	doc_close(&f);
}

/* Put the cursor on the n-th occurrence (from 0) of word and tag it. */
static void
tag_at(struct doc *d, struct store *s, const char *word, int nth,
    const char *label)
{
	const char	*p = d->article.text;
	char		*what = NULL, *err = NULL;

	while ((p = strstr(p, word)) != NULL && nth-- > 0)
		p++;
	if (p == NULL) {
		printf("    no %s in the text\n", word);
		abort();
	}
	doc_cursor_to(d, (size_t)(p - d->article.text));
	if (doc_tag(d, s, label, "ana", &what, &err) == -1)
		printf("    doc_tag: %s\n", err);
	free(what);
	free(err);
}

static void
test_a_tag_lays_out_as_a_fresh_open(void)
{
	struct store	*s = open_store();
	struct doc	 d;
	char		*what = NULL, *err = NULL;
	int64_t		 id;

	id = fixture_article(s, NULL, "Bank of America met Joe Biden in "
	    "Moscow.\n\nBiden flew from Moscow to 東京 with 🎻 players and "
	    "Bank staff.\n\nA third paragraph names Moscow, Biden and the "
	    "Bank of America again, to wrap.\n");
	fixture_span(s, id, 0, 15, "ORG", "Bank of America", "ana",
	    STORE_ACCEPTED);
	open_doc(&d, s, id, 24, 6);
	doc_set_inline(&d, 1);
	/* Tags before, after and inside others, in other paragraphs, and
	   at the top row while it is scrolled. */
	tag_at(&d, s, "Moscow", 1, "LOC");
	check_same_as_fresh(&d, s);
	tag_at(&d, s, "Joe", 0, "PER");
	check_same_as_fresh(&d, s);
	tag_at(&d, s, "America", 0, "LOC");
	check_same_as_fresh(&d, s);
	tag_at(&d, s, "東京", 0, "LOC");
	check_same_as_fresh(&d, s);
	/* A selection inside a span: a new span nested in it. */
	doc_cursor_to(&d, (size_t)(strstr(d.article.text, " of ") + 1 -
	    d.article.text));
	doc_select_toggle(&d);
	CHECK_INT(doc_tag(&d, s, "MISC", "ana", &what, &err), 0);
	free(what);
	what = NULL;
	check_same_as_fresh(&d, s);
	doc_scroll(&d, 4);
	tag_at(&d, s, "third", 0, "MISC");
	check_same_as_fresh(&d, s);
	tag_at(&d, s, "Biden", 2, "PER");
	check_same_as_fresh(&d, s);
	/* Relabel and delete reload the spans: only what changed is wrapped
	   again, and it is the same. */
	tag_at(&d, s, "Biden", 2, "ORG");
	check_same_as_fresh(&d, s);
	doc_cursor_to(&d, (size_t)(strstr(d.article.text, "Moscow") -
	    d.article.text));
	CHECK_INT(doc_delete_at_cursor(&d, s, "ana", &what, &err), -1);
	free(what);
	free(err);
	what = err = NULL;
	doc_cursor_to(&d, (size_t)(strstr(d.article.text, "Joe") -
	    d.article.text));
	CHECK_INT(doc_delete_at_cursor(&d, s, "ana", &what, &err), 0);
	free(what);
	check_same_as_fresh(&d, s);
	/* A span taken out inside a paragraph's third row: the text after
	   it may come up a row. */
	tag_at(&d, s, "Biden", 2, "ORG");
	CHECK_INT(doc_delete_at_cursor(&d, s, "ana", &what, &err), 0);
	free(what);
	check_same_as_fresh(&d, s);
	/* Bank of America (relabelled LOC), of, Moscow, 東京, third. */
	CHECK_INT(d.nspans, 5);
	doc_close(&d);
	store_close(s);
}

/* A word on a row of its own only for its label's room comes back up a
   row when the span goes (the wrap is done again from the row before). */
static void
test_untag_pulls_text_up(void)
{
	struct store	*s = open_store();
	struct doc	 d;
	char		*what = NULL, *err = NULL;
	int64_t		 id;

	/* A span in another paragraph keeps the labels' wrap on. */
	id = fixture_article(s, NULL, "aaaaaaaaaaaaaaaaaa bbbb cccc eeee "
	    "dd\n\nzz");
	fixture_span(s, id, 38, 40, "LOC", "zz", "ana", STORE_ACCEPTED);
	open_doc(&d, s, id, 20, 6);
	doc_set_inline(&d, 1);
	CHECK_INT(doc_para_nrows(&d, 0), 2);
	tag_at(&d, s, "dd", 0, "PER");
	CHECK_INT(doc_para_nrows(&d, 0), 3);
	check_same_as_fresh(&d, s);
	CHECK_INT(doc_delete_at_cursor(&d, s, "ana", &what, &err), 0);
	free(what);
	CHECK_INT(doc_para_nrows(&d, 0), 2);
	check_same_as_fresh(&d, s);
	doc_close(&d);
	store_close(s);
}

/* In a paragraph of many rows, a tag in the middle wraps a few rows
   again and keeps the others: the rows are still a fresh open's, for
   tags that push text down by a column or by a whole word, untagged. */
static void
test_a_tag_in_a_long_paragraph(void)
{
	static const char *const words[] = { "a", "Moscow", "to", "the",
	    "Reykjavík", "東京", "composer", "of", "Biden", "x" };
	struct store	*s = open_store();
	struct doc	 d;
	struct buf	 b = BUF_INIT;
	char		*what = NULL, *err = NULL;
	int64_t		 id;
	int		 i, nth;

	for (i = 0; i < 400; i++) {
		buf_adds(&b, words[(i * 7 + i / 3) % 10]);
		buf_adds(&b, " ");
	}
	buf_adds(&b, "end.\nAnd a last one.");
	id = fixture_article(s, NULL, b.data);
	buf_free(&b);
	fixture_span(s, id, 0, 1, "MISC", "a", "ana", STORE_ACCEPTED);
	open_doc(&d, s, id, 31, 8);
	doc_set_inline(&d, 1);
	CHECK(doc_para_nrows(&d, 0) > 40);
	for (nth = 3; nth < 40; nth += 6) {
		tag_at(&d, s, "Biden", nth, nth % 4 ? "PER" : "ORGANISATION");
		check_same_as_fresh(&d, s);
	}
	for (nth = 3; nth < 40; nth += 12) {
		tag_at(&d, s, "Biden", nth, "PER");
		CHECK_INT(doc_delete_at_cursor(&d, s, "ana", &what, &err), 0);
		free(what);
		what = NULL;
		check_same_as_fresh(&d, s);
	}
	doc_close(&d);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "doc: the cursor stops on words, not punctuation", test_cursor_stops_on_words_not_punctuation },
	{ "doc: j and k keep the column", test_line_moves_keep_the_column },
	{ "doc: wrapped rows, paging and re-wrapping", test_wrapped_rows_and_scrolling },
	{ "doc: label-N tags a word, a selection, relabels and nests", test_tag_word_selection_and_relabel },
	{ "doc: extend-char and shrink-char", test_extend_and_shrink_by_character },
	{ "doc: a selection is stored without blanks; paragraphs told",
	    test_selection_trimmed_and_paragraphs },
	{ "doc: inline labels wrap with the text, words do not see them",
	    test_inline_labels_wrap_with_the_text },
	{ "doc: spans that start together open outermost first",
	    test_inline_labels_open_outermost_first },
	{ "doc: a huge article lays out only what is shown", test_a_million_lines_cost_what_is_shown },
	{ "doc: after a tag, a relabel or a delete the spans and rows are a fresh open's",
	    test_a_tag_lays_out_as_a_fresh_open },
	{ "doc: a word moved down for its label's room comes back up untagged",
	    test_untag_pulls_text_up },
	{ "doc: a tag in a long paragraph wraps again only the rows it moves",
	    test_a_tag_in_a_long_paragraph },
};

CHECK_MAIN(tests)
