/*
 * pane_reader.c: the Reader pane: the open article wrapped to the pane,
 * spans in their label's colour with their labels (set label-style):
 * inline, "[Moscow]LOC" drawn in the text where the wrap made room for it,
 * or in a margin beside the text, the labels of the spans that start on a
 * row ("+N" for those that do not fit); a suggestion's label with a "?".
 * Then the word cursor and the selection.
 * The geometry and the editing live in doc.c; this file draws and maps
 * actions onto it.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "margin/search.h"
#include "margin/text.h"
#include "margin/util.h"

/* Columns kept right of the text for the labels of spans ("PER ORG"). */
#define READER_MARGIN 10

/* The spans that overlap a row, innermost last. */
struct reader_row_spans {
	const struct store_span	**v;
	size_t			  n;
	size_t			  cap;
};

static void
reader_row_spans(const struct doc *d, size_t start, size_t end,
    struct reader_row_spans *rs)
{
	size_t	 i;

	rs->n = 0;
	for (i = 0; i < d->nspans; i++) {
		const struct store_span	*sp = &d->spans[i];

		if (sp->start_byte >= end && end > start)
			break;
		if (sp->end_byte <= start || sp->start_byte > end)
			continue;
		if (sp->start_byte == end && end > start)
			continue;
		ARRAY_RESERVE(rs->v, rs->cap, rs->n + 1);
		rs->v[rs->n++] = sp;
	}
}

/* Style of the character at byte off from the spans over it. */
static void
reader_span_style(struct ui *ui, const struct reader_row_spans *rs,
    size_t off, unsigned *attr, short *pair)
{
	const struct store_span	*inner = NULL;
	size_t			 i, depth = 0;

	*attr = 0;
	*pair = 0;
	for (i = 0; i < rs->n; i++) {
		const struct store_span	*sp = rs->v[i];

		if (off < sp->start_byte || off >= sp->end_byte)
			continue;
		depth++;
		if (inner == NULL || sp->end_byte - sp->start_byte <=
		    inner->end_byte - inner->start_byte)
			inner = sp;
	}
	if (inner == NULL)
		return;
	draw_label_style(ui, inner->label, attr, pair);
	/* Suggestions: dim and underlined, never bold, in every colour mode
	   (monochrome too, where accepted spans are underlined alone); the
	   "?" of their tag in the margin says it where dim does not show. */
	if (inner->status == STORE_SUGGESTED)
		*attr = (*attr & ~(unsigned)A_BOLD) | A_DIM | A_UNDERLINE;
	else if (strcmp(inner->annotator, ui->annotator) != 0)
		*attr = (*attr & ~(unsigned)A_BOLD) | A_UNDERLINE;
	/* Nested spans: the inner one's colour, and the text underlined. */
	if (depth > 1)
		*attr |= ui->color ? A_UNDERLINE : A_BOLD;
}

/* The search hits of one paragraph, found once per screen. */
struct reader_hits {
	size_t	 para;		/* SIZE_MAX: none computed */
	size_t	*start;
	size_t	*end;
	size_t	 n;
};

static void
reader_hits_of(struct ui *ui, size_t para, struct reader_hits *h)
{
	struct doc	*d = &ui->doc;
	size_t		 pstart, pend, i;

	if (h->para == para)
		return;
	h->para = para;
	h->n = 0;
	if (ui->needle == NULL || ui->needle_len == 0)
		return;
	pstart = d->para_start[para];
	pend = doc_para_end(d, para);
	free(h->start);
	free(h->end);
	h->n = search_find_all(d->article.text + pstart, pend - pstart,
	    ui->needle, ui->needle_len, &h->start, &h->end);
	for (i = 0; i < h->n; i++) {
		h->start[i] += pstart;
		h->end[i] += pstart;
	}
}

static int
reader_in_hit(const struct reader_hits *h, size_t off)
{
	size_t	 i;

	for (i = 0; i < h->n; i++)
		if (off >= h->start[i] && off < h->end[i])
			return 1;
	return 0;
}

/* The span selected in the Annotations pane, while that pane has the
   focus, is marked in the reader as the cursor would be. */
static int
reader_in_picked_span(struct ui *ui, int focused, size_t off)
{
	const struct doc	*d = &ui->doc;
	const struct store_span	*sp;

	if (focused || ui->focus != LAYOUT_ANNOTATIONS || ui->review != NULL ||
	    ui->ann_selected >= d->nspans)
		return 0;
	sp = &d->spans[ui->ann_selected];
	return off >= sp->start_byte && off < sp->end_byte;
}

/* How an inline label (and its bracket) is drawn: the label's colour,
   not bold, beside the bold text; bold in monochrome; dim with its "?"
   for a suggestion. */
static void
reader_tag_style(struct ui *ui, const struct store_span *sp, unsigned *attr,
    short *pair)
{
	draw_label_style(ui, sp->label, attr, pair);
	*attr = ui->color && *pair != 0 ? 0 : A_BOLD;
	if (sp->status == STORE_SUGGESTED)
		*attr = A_DIM;
}

/* The "[" of each span that starts in cell c, outermost first; returns
   the columns drawn. */
static int
reader_draw_opening(struct ui *ui, const struct text_cell *c,
    struct draw_run *run, int w)
{
	const struct doc	*d = &ui->doc;
	size_t			 first, n, i;
	int			 col = 0;

	n = doc_spans_opening(d, c->start, c->end, &first);
	for (i = 0; i < n; i++) {
		const struct store_span	*sp = &d->spans[first + i];
		unsigned		 attr;
		short			 pair;

		if (sp->end_byte <= sp->start_byte)
			continue;
		reader_tag_style(ui, sp, &attr, &pair);
		col += draw_run_text(run, w - col, "[", 1, attr, pair);
	}
	return col;
}

/* The "]LABEL" of each span that ends in cell c, innermost first. */
static int
reader_draw_closing(struct ui *ui, const struct text_cell *c,
    struct draw_run *run, int w)
{
	const struct doc	*d = &ui->doc;
	const size_t		*idx;
	size_t			 n, i;
	int			 col = 0;

	n = doc_spans_closing(d, c->start, c->end, &idx);
	for (i = 0; i < n; i++) {
		const struct store_span	*sp = &d->spans[idx[i]];
		unsigned		 attr;
		short			 pair;
		char			*tag;

		if (sp->end_byte <= sp->start_byte)
			continue;
		reader_tag_style(ui, sp, &attr, &pair);
		tag = doc_inline_tag(d, idx[i]);
		col += draw_run_text(run, w - col, tag, strlen(tag), attr,
		    pair);
		free(tag);
	}
	return col;
}

static void
reader_draw_row(struct ui *ui, struct text_row row, int y, int x, int w,
    int focused, const struct reader_row_spans *rs,
    const struct reader_hits *hits)
{
	struct doc		*d = &ui->doc;
	const char		*text = d->article.text;
	struct text_cell	 c;
	struct draw_run		 run;
	const size_t		*closing, *closing_end = d->by_end + d->nspans;
	size_t			 pos = row.start, opening;
	int			 col = 0, inl = d->inline_labels && d->nspans > 0;

	/* The next span to start and the next to end: a cell before both
	   has no bracket and no tag to draw. */
	doc_spans_opening(d, row.start, row.start, &opening);
	doc_spans_closing(d, row.start, row.start, &closing);
	draw_run_start(&run, y, x);
	while (pos < row.end && col < w) {
		unsigned	 attr;
		short		 pair;
		size_t		 at = pos;

		pos = text_cell_next(text, row.end, pos, &c);
		if (inl && opening < d->nspans &&
		    d->spans[opening].start_byte < c.end) {
			if ((col += reader_draw_opening(ui, &c, &run,
			    w - col)) >= w)
				break;
			while (opening < d->nspans &&
			    d->spans[opening].start_byte < c.end)
				opening++;
		}
		reader_span_style(ui, rs, at, &attr, &pair);
		if (hits->n > 0 && reader_in_hit(hits, at))
			draw_hit_style(ui, &attr, &pair);
		if (d->selecting) {
			/* The selection alone: the cursor word around it
			   would hide what shrink-char took off. */
			if (at >= d->sel_start && at < d->sel_end)
				attr |= A_REVERSE;
		} else if (reader_in_picked_span(ui, focused, at))
			attr |= A_REVERSE;
		else if (ui->marking && at >= ui->mark_start &&
		    at < ui->mark_end)
			/* The disagreement under review. */
			attr |= A_REVERSE | (focused && at >= d->cur_start &&
			    at < d->cur_end ? A_BOLD : 0);
		else if (focused && d->has_cursor && at >= d->cur_start &&
		    at < d->cur_end)
			attr |= A_REVERSE;
		if (c.tab) {
			int	 n = 8 - col % 8;

			if (n > w - col)
				n = w - col;
			draw_run_blank(&run, n, attr, pair);
			col += n;
		} else if (c.width > 0) {
			if (col + c.width > w)
				break;
			draw_run_cell(&run, &c, attr, pair);
			col += c.width;
		}
		if (inl && closing < closing_end &&
		    d->spans[*closing].end_byte <= c.end) {
			col += reader_draw_closing(ui, &c, &run, w - col);
			while (closing < closing_end &&
			    d->spans[*closing].end_byte <= c.end)
				closing++;
		}
	}
	draw_run_flush(&run);
}

/* Whether span sp starts on row. */
static int
reader_starts_on(const struct store_span *sp, struct text_row row)
{
	return sp->start_byte >= row.start && (sp->start_byte < row.end ||
	    row.end == row.start);
}

/* The labels of spans starting on this row, in the margin; never cut:
   when the rest do not fit, "+N" says how many there are. */
static void
reader_draw_margin(struct ui *ui, struct text_row row, int y, int x, int w,
    const struct reader_row_spans *rs)
{
	size_t	 i, left = 0;
	int	 col = 0;

	for (i = 0; i < rs->n; i++)
		left += reader_starts_on(rs->v[i], row);
	for (i = 0; i < rs->n && left > 0; i++) {
		const struct store_span	*sp = rs->v[i];
		unsigned		 attr;
		short			 pair;
		char			*tag, more[24];
		int			 tw, need;

		if (!reader_starts_on(sp, row))
			continue;
		tag = xasprintf("%s%s", sp->label, sp->status ==
		    STORE_SUGGESTED ? "?" : "");
		tw = text_width(tag, strlen(tag), 0);
		/* Room for this one, and for "+N" after it when more
		   follow. */
		need = (col > 0) + tw;
		if (left > 1) {
			snprintf(more, sizeof(more), " +%zu", left - 1);
			need += (int)strlen(more);
		}
		if (col + need > w) {
			snprintf(more, sizeof(more), "%s+%zu", col > 0 ? " " :
			    "", left);
			draw_str(y, x + col, w - col, more, A_BOLD, 0);
			free(tag);
			return;
		}
		draw_label_style(ui, sp->label, &attr, &pair);
		if (sp->status == STORE_SUGGESTED)
			attr = (attr & ~(unsigned)A_BOLD) | A_DIM;
		if (col > 0)
			col++;
		col += draw_str(y, x + col, w - col, tag, attr, pair);
		free(tag);
		left--;
	}
}

/* A range's part on row, for a fingerprint: the same wherever the range
   lies off the row. */
static uint64_t
reader_fp_range(uint64_t h, size_t start, size_t end, struct text_row row)
{
	if (end <= row.start || start >= row.end)
		return fp_int(h, UINT64_C(0x6f6666));
	h = fp_int(h, start < row.start ? row.start : start);
	return fp_int(h, end > row.end ? row.end : end);
}

/*
 * What a row of the reader is drawn from: its text, the spans over it
 * (their bounds, labels and the styles they take), the search hits, the
 * selection, the cursor and the ranges shown reversed.  Over-counting is
 * safe (a row drawn again for nothing); leaving out an input is not.
 */
static uint64_t
reader_row_fp(struct ui *ui, struct text_row row, int focused,
    const struct reader_row_spans *rs, const struct reader_hits *hits)
{
	const struct doc	*d = &ui->doc;
	uint64_t		 h = fp_init();
	size_t			 i;

	h = fp_int(h, (uint64_t)(uintptr_t)d->article.text);
	h = fp_int(h, (uint64_t)d->article.id);
	h = fp_int(h, row.start);
	h = fp_int(h, row.end);
	h = fp_int(h, (uint64_t)d->inline_labels);
	h = fp_int(h, (uint64_t)d->width);
	h = fp_int(h, (uint64_t)focused);
	for (i = 0; i < rs->n; i++) {
		const struct store_span	*sp = rs->v[i];

		h = fp_int(h, sp->start_byte);
		h = fp_int(h, sp->end_byte);
		h = fp_str(h, sp->label);
		h = fp_int(h, (uint64_t)sp->status);
		h = fp_int(h, (uint64_t)(strcmp(sp->annotator,
		    ui->annotator) == 0));
	}
	h = fp_int(h, rs->n);
	for (i = 0; i < hits->n; i++)
		if (hits->end[i] > row.start && hits->start[i] < row.end)
			h = reader_fp_range(h, hits->start[i], hits->end[i],
			    row);
	h = fp_int(h, (uint64_t)d->selecting);
	if (d->selecting)
		h = reader_fp_range(h, d->sel_start, d->sel_end, row);
	if (!focused && ui->focus == LAYOUT_ANNOTATIONS &&
	    ui->review == NULL && ui->ann_selected < d->nspans)
		h = reader_fp_range(h, d->spans[ui->ann_selected].start_byte,
		    d->spans[ui->ann_selected].end_byte, row);
	h = fp_int(h, (uint64_t)ui->marking);
	if (ui->marking)
		h = reader_fp_range(h, ui->mark_start, ui->mark_end, row);
	h = fp_int(h, (uint64_t)d->has_cursor);
	if (focused && d->has_cursor)
		h = reader_fp_range(h, d->cur_start, d->cur_end, row);
	return h;
}

/*
 * Inline labels or the margin (set label-style): the margin where the
 * text keeps 60 columns (or its wrap-width) beside it, inline labels
 * elsewhere; a margin asked for on a pane too narrow for one is inline
 * too, so that labels are always seen.  Without colours (NO_COLOR, a
 * monochrome terminal, set color off) every span looks alike but for its
 * inline name, so auto is inline there.
 */
static int
reader_inline_labels(struct ui *ui, const struct layout_rect *r)
{
	int	 keep = ui->options.wrap_width < 60 ? ui->options.wrap_width :
	    60;

	switch (ui->options.label_style) {
	case OPTIONS_LABELS_INLINE:
		return 1;
	case OPTIONS_LABELS_MARGIN:
		return r->w < 40;
	default:
		if (!ui->color)
			return 1;
		return r->w - READER_MARGIN - 2 < keep;
	}
}

/* The rows from y on (below the article's end) are blank. */
static void
reader_blank_rows(struct ui *ui, const struct layout_rect *r, int y)
{
	for (; y < r->h - 1; y++)
		if (ui_rows_changed(&ui->rows, r->y + 1 + y, r->x,
		    fp_int(fp_init(), (uint64_t)r->w)))
			draw_blank(r->y + 1 + y, r->x, r->w);
}

static void
pane_reader_draw(struct ui *ui, const struct layout_rect *r, int focused)
{
	struct doc		*d = &ui->doc;
	struct reader_row_spans	 rs = { NULL, 0, 0 };
	struct reader_hits	 hits = { SIZE_MAX, NULL, NULL, 0 };
	struct doc_pos		 p;
	int			 textw, marginw, y, h = r->h - 1;

	draw_title_bar(ui, r, focused, doc_is_open(d) ? d->article.source :
	    "Reader", doc_is_open(d) && d->article.done ? "done" : NULL);
	if (h <= 0)
		return;
	if (!doc_is_open(d)) {
		reader_blank_rows(ui, r, 0);
		return;
	}
	doc_set_inline(d, reader_inline_labels(ui, r));
	marginw = d->inline_labels ? 0 : READER_MARGIN;
	textw = r->w - marginw - (marginw ? 2 : 1);
	if (textw > ui->options.wrap_width)
		textw = ui->options.wrap_width;
	if (textw < 1)
		textw = 1;
	doc_set_size(d, textw, h);
	doc_scroll_to_cursor(d);
	p = d->top;
	for (y = 0; y < h; y++) {
		struct text_row	 row = doc_para_row(d, p.para, p.row);
		int		 sy = r->y + 1 + y;

		reader_row_spans(d, row.start, row.end, &rs);
		reader_hits_of(ui, p.para, &hits);
		if (ui_rows_changed(&ui->rows, sy, r->x, fp_int(reader_row_fp(ui,
		    row, focused, &rs, &hits), (uint64_t)r->w))) {
			draw_blank(sy, r->x, r->w);
			reader_draw_row(ui, row, sy, r->x + 1, textw, focused,
			    &rs, &hits);
			if (marginw)
				reader_draw_margin(ui, row, sy,
				    r->x + 1 + textw + 1, r->w - textw - 2,
				    &rs);
		}
		if (!doc_pos_next(d, &p))
			break;
	}
	reader_blank_rows(ui, r, y + 1);
	free(rs.v);
	free(hits.start);
	free(hits.end);
}

static int
pane_reader_action(struct ui *ui, enum action a)
{
	struct doc			*d = &ui->doc;
	const struct store_label	*label;
	long				 i;

	if (!doc_is_open(d))
		return 0;
	switch (a) {
	case ACTION_WORD_NEXT:
		doc_word_next(d);
		break;
	case ACTION_WORD_PREV:
		doc_word_prev(d);
		break;
	case ACTION_MOVE_DOWN:
		doc_line_down(d);
		break;
	case ACTION_MOVE_UP:
		doc_line_up(d);
		break;
	case ACTION_PAGE_DOWN:
		doc_page_down(d);
		return 1;
	case ACTION_PAGE_UP:
		doc_page_up(d);
		return 1;
	case ACTION_TOP:
		doc_top(d);
		break;
	case ACTION_BOTTOM:
		doc_bottom(d);
		break;
	case ACTION_SELECT:
		doc_select_toggle(d);
		return 1;
	case ACTION_CANCEL:
		if (!d->selecting && ui_entity_action(ui, a))
			return 1;
		doc_select_cancel(d);
		return 1;
	case ACTION_EXTEND_CHAR:
		if (!doc_extend_char(d))
			ui_message(ui, "extend-char: start a selection first");
		return 1;
	case ACTION_SHRINK_CHAR:
		if (!doc_shrink_char(d))
			ui_message(ui, d->selecting ? "shrink-char: the "
			    "selection is one character" : "shrink-char: "
			    "start a selection first");
		return 1;
	case ACTION_SPAN_NEXT:
	case ACTION_SPAN_PREV:
		i = a == ACTION_SPAN_NEXT ? doc_span_after(d, d->cur_start) :
		    doc_span_before(d, d->cur_start);
		if (i < 0) {
			ui_message(ui, "no more spans");
			return 1;
		}
		doc_cursor_to(d, d->spans[i].start_byte);
		ui->ann_selected = (size_t)i;
		break;
	default:
		if (ui_span_action(ui, a))
			return 1;
		if ((label = ui_label_for(ui, a)) == NULL)
			return 0;
		ui_tag_with(ui, label->name, a);
		return 1;
	}
	doc_scroll_to_cursor(d);
	/* Keep the annotations pane on the span under the cursor. */
	if ((i = doc_span_at(d, d->cur_start, NULL)) >= 0)
		ui->ann_selected = (size_t)i;
	return 1;
}

const struct pane_ops pane_reader_ops = {
	.name = "reader",
	.context = KEYMAP_READER,
	.draw = pane_reader_draw,
	.action = pane_reader_action,
};
