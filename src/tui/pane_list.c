/*
 * pane_list.c: the Articles pane: a window onto the store's list of
 * articles (done mark, the count of my annotations and, apart, of my
 * suggestions, title); moving in it opens the selected article in the
 * reader.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "margin/text.h"
#include "margin/util.h"

/* Narrower than this, the suggestions' column is left out. */
#define LIST_SUGGESTED_MIN_WIDTH 24

/* The width of the suggestions' column ("+12?") on the rows shown: 0
   when none of them has suggestions, so the titles keep their place. */
static int
pane_list_suggested_width(struct ui *ui, int h)
{
	const struct store_article	*a;
	char				 s[16];
	size_t				 pos;
	int				 y, w = 0, n;

	for (y = 0; y < h; y++) {
		pos = ui->list.top + (size_t)y;
		if ((a = ui_list_row(ui, pos)) == NULL)
			break;
		if (a->nsuggested <= 0)
			continue;
		n = snprintf(s, sizeof(s), "+%d?", a->nsuggested);
		if (n > w)
			w = n;
	}
	return w;
}

/* A narrow list's column of counts: as wide as the largest count on the
   rows shown, and a space (0 when none has any), so that the titles keep
   the columns. */
static int
pane_list_count_width(struct ui *ui, int h)
{
	const struct store_article	*a;
	char				 s[16];
	int				 y, w = 0, n;

	for (y = 0; y < h; y++) {
		if ((a = ui_list_row(ui, ui->list.top + (size_t)y)) == NULL)
			break;
		if (a->nspans - a->nsuggested <= 0)
			continue;
		n = snprintf(s, sizeof(s), "%d ", a->nspans - a->nsuggested);
		if (n > w)
			w = n;
	}
	return w;
}

/* Draw s wrapped to the pane from row *y on, as far as the pane goes. */
static void
pane_list_draw_wrapped(const struct layout_rect *r, int *y, const char *s,
    unsigned attr)
{
	struct text_row	*rows;
	size_t		 n, i;

	n = text_wrap(s, strlen(s), r->w > 1 ? r->w - 1 : 1, &rows);
	for (i = 0; i < n && *y < r->h; i++, (*y)++)
		draw_text(r->y + *y, r->x + 1, r->w - 1, s + rows[i].start,
		    rows[i].end - rows[i].start, attr, 0);
	free(rows);
}

/* Filters that leave nothing: which ones, and how to take them off,
   wrapped to a narrow list rather than cut. */
static void
pane_list_draw_none(struct ui *ui, const struct layout_rect *r)
{
	struct buf	 b = BUF_INIT;
	int		 y = 1;

	/* Drawn whole each time; the rows are not kept. */
	for (y = 1; y < r->h; y++) {
		draw_blank(r->y + y, r->x, r->w);
		ui_rows_forget(&ui->rows, r->y + y, r->x);
	}
	y = 1;
	buf_adds(&b, "no article with ");
	ui_list_filter_describe(ui, &b);
	pane_list_draw_wrapped(r, &y, b.data, A_BOLD);
	pane_list_draw_wrapped(r, &y, ":filter all shows all", A_DIM);
	buf_free(&b);
}

/* What a row of the list is drawn from. */
static uint64_t
pane_list_row_fp(const struct store_article *a, unsigned attr, int sw, int cw,
    int w)
{
	uint64_t	 h = fp_init();

	h = fp_int(h, (uint64_t)a->id);
	h = fp_int(h, (uint64_t)a->done);
	h = fp_int(h, (uint64_t)a->nspans);
	h = fp_int(h, (uint64_t)a->nsuggested);
	h = fp_str(h, a->title);
	h = fp_int(h, attr);
	h = fp_int(h, (uint64_t)sw);
	h = fp_int(h, (uint64_t)cw);
	return fp_int(h, (uint64_t)w);
}

static void
pane_list_draw(struct ui *ui, const struct layout_rect *r, int focused)
{
	struct ui_list	*l = &ui->list;
	struct buf	 title = BUF_INIT;
	char		 right[64];
	int		 y, h = r->h - 1, sw, cw;
	size_t		 pos;

	/* A filter on says so, and what it leaves of the whole. */
	buf_adds(&title, "Articles");
	if (ui_list_filtered(ui)) {
		buf_adds(&title, ": ");
		ui_list_filter_describe(ui, &title);
		snprintf(right, sizeof(right), "%zu of %zu", l->count,
		    l->everything);
	} else
		snprintf(right, sizeof(right), "%zu", l->count);
	draw_title_bar(ui, r, focused, title.data, right);
	buf_free(&title);
	if (h <= 0)
		return;
	if (l->count == 0 && ui_list_filtered(ui) && l->query == NULL) {
		pane_list_draw_none(ui, r);
		return;
	}
	/* Keep the selection in view. */
	if (l->selected < l->top)
		l->top = l->selected;
	else if (l->selected >= l->top + (size_t)h)
		l->top = l->selected - (size_t)h + 1;
	sw = r->w >= LIST_SUGGESTED_MIN_WIDTH ?
	    pane_list_suggested_width(ui, h) : 0;
	cw = r->w >= LIST_SUGGESTED_MIN_WIDTH ? 4 :
	    pane_list_count_width(ui, h);
	for (y = 0; y < h; y++) {
		const struct store_article	*a;
		unsigned			 attr = 0;
		char				 count[16], sugg[16];
		int				 x = r->x, mine;

		pos = l->top + (size_t)y;
		if ((a = ui_list_row(ui, pos)) == NULL)
			break;
		if (pos == l->selected)
			attr = focused ? A_REVERSE : A_BOLD;
		if (!ui_rows_changed(&ui->rows, r->y + 1 + y, r->x,
		    pane_list_row_fp(a, attr, sw, cw, r->w)))
			continue;
		draw_fill(r->y + 1 + y, r->x, r->w, attr, 0);
		x += draw_str(r->y + 1 + y, x, r->w, a->done ? "✓" : " ",
		    attr, 0);
		/* My annotations are the accepted spans; suggestions are
		   not annotations until accepted, and are counted apart. */
		mine = a->nspans - a->nsuggested;
		snprintf(count, sizeof(count), "%*d ", cw > 1 ? cw - 1 : 1,
		    mine);
		if (r->w >= 16 && cw > 0) {
			if (mine > 0)
				draw_str(r->y + 1 + y, x, r->x + r->w - x,
				    count, attr, 0);
			x += cw;
		} else
			x += draw_str(r->y + 1 + y, x, 1, " ", attr, 0);
		if (sw > 0) {
			snprintf(sugg, sizeof(sugg), "+%d?", a->nsuggested);
			draw_str(r->y + 1 + y, x, sw, a->nsuggested > 0 ?
			    sugg : "", attr | A_DIM, 0);
			x += sw + 1;
		}
		draw_str(r->y + 1 + y, x, r->x + r->w - x,
		    a->title[0] ? a->title : "(untitled)", attr, 0);
	}
	/* Below the list's end. */
	for (; y < h; y++)
		if (ui_rows_changed(&ui->rows, r->y + 1 + y, r->x,
		    fp_int(fp_init(), (uint64_t)r->w)))
			draw_blank(r->y + 1 + y, r->x, r->w);
}

static int
pane_list_action(struct ui *ui, enum action a)
{
	struct ui_list	*l = &ui->list;
	size_t		 page = ui->layout.pane[LAYOUT_LIST].h > 2 ?
	    (size_t)ui->layout.pane[LAYOUT_LIST].h - 2 : 1;
	size_t		 to = l->selected;

	if (l->count == 0)
		return 0;
	switch (a) {
	case ACTION_MOVE_DOWN:
		if (to + 1 < l->count)
			to++;
		break;
	case ACTION_MOVE_UP:
		if (to > 0)
			to--;
		break;
	case ACTION_PAGE_DOWN:
		to = to + page < l->count ? to + page : l->count - 1;
		break;
	case ACTION_PAGE_UP:
		to = to > page ? to - page : 0;
		break;
	case ACTION_TOP:
		to = 0;
		break;
	case ACTION_BOTTOM:
		to = l->count - 1;
		break;
	case ACTION_OPEN:
		ui_open_article(ui, l->selected);
		doc_top(&ui->doc);
		ui->focus = LAYOUT_READER;
		return 1;
	default:
		return 0;
	}
	ui_open_article(ui, to);
	return 1;
}

const struct pane_ops pane_list_ops = {
	.name = "articles",
	.context = KEYMAP_LIST,
	.draw = pane_list_draw,
	.action = pane_list_action,
};
