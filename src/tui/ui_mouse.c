/*
 * ui_mouse.c: mouse events: a click selects a pane, an article or a word,
 * a drag in the reader selects, the wheel scrolls.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/text.h"
#include "margin/ui.h"
#include "margin/util.h"
#include "pane.h"
#include "ui_script.h"

/* Mouse (§6): click, drag to select, wheel to scroll. */

static int
ui_pane_at(struct ui *ui, int x, int y)
{
	int	 i;

	for (i = 0; i < LAYOUT_NPANES; i++) {
		const struct layout_rect *r = &ui->layout.pane[i];

		if (layout_shown(&ui->layout, i) && x >= r->x &&
		    x < r->x + r->w && y >= r->y && y < r->y + r->h)
			return i;
	}
	return -1;
}

static void
ui_mouse_reader(struct ui *ui, const struct ui_mouse_event *ev,
    const struct layout_rect *r)
{
	struct doc	*d = &ui->doc;
	size_t		 off;

	if (!doc_offset_at(d, ev->y - r->y - 1, ev->x - r->x - 1, &off))
		return;
	switch (ev->kind) {
	case UI_MOUSE_PRESS:
		doc_select_cancel(d);
		doc_cursor_to(d, off);
		ui->dragging = 1;
		ui->drag_from = off;
		break;
	case UI_MOUSE_RELEASE:
		if (!ui->dragging)
			break;
		ui->dragging = 0;
		doc_cursor_to(d, ui->drag_from);
		if (!d->has_cursor)
			break;
		{
			size_t	 from_word = d->cur_start;

			doc_cursor_to(d, off);
			if (d->cur_start == from_word)
				break;
			/* A drag selects from word to word, either way. */
			doc_cursor_to(d, ui->drag_from);
			doc_select_toggle(d);
			doc_cursor_to(d, off);
		}
		break;
	case UI_MOUSE_CLICK:
		doc_select_cancel(d);
		doc_cursor_to(d, off);
		break;
	default:
		break;
	}
	d->goal_col = -1;
	if ((ui->ann_selected = 0, doc_span_at(d, d->cur_start, NULL)) >= 0)
		ui->ann_selected = (size_t)doc_span_at(d, d->cur_start, NULL);
}

void
ui_mouse(struct ui *ui, const struct ui_mouse_event *ev)
{
	const struct layout_rect	*r;
	int				 pane, row, wheel;

	if (!ui->options.mouse)
		return;
	if (ui->help) {
		ui->help = 0;
		return;
	}
	pane = ui_pane_at(ui, ev->x, ev->y);
	if (ev->kind == UI_MOUSE_RELEASE && ui->dragging)
		pane = LAYOUT_READER;
	if (pane < 0 || ui->prompt.client != NULL)
		return;
	r = &ui->layout.pane[pane];
	wheel = ev->kind == UI_MOUSE_WHEEL_UP ? -3 :
	    ev->kind == UI_MOUSE_WHEEL_DOWN ? 3 : 0;
	row = ev->y - r->y - 1;
	if (wheel == 0 && row < 0)
		return;
	if (pane == LAYOUT_READER) {
		ui->focus = LAYOUT_READER;
		if (wheel != 0)
			doc_scroll(&ui->doc, wheel);
		else
			ui_mouse_reader(ui, ev, r);
		return;
	}
	if (ev->kind == UI_MOUSE_RELEASE)
		return;
	ui->focus = (enum layout_pane)pane;
	if (pane == LAYOUT_LIST) {
		size_t	 pos = wheel < 0 ? (ui->list.selected > 3 ?
		    ui->list.selected - 3 : 0) : wheel > 0 ?
		    ui->list.selected + 3 : ui->list.top + (size_t)row;

		if (pos >= ui->list.count)
			pos = ui->list.count ? ui->list.count - 1 : 0;
		if (ui->list.count > 0)
			ui_open_article(ui, pos);
		return;
	}
	{
		struct doc	*d = &ui->doc;
		size_t		 pos = wheel < 0 ? (ui->ann_selected > 3 ?
		    ui->ann_selected - 3 : 0) : wheel > 0 ?
		    ui->ann_selected + 3 :
		    pane_annotations_span_at_row(ui, (size_t)row);

		if (d->nspans == 0)
			return;
		if (pos >= d->nspans)
			pos = d->nspans - 1;
		ui->ann_selected = pos;
		doc_select_cancel(d);
		doc_cursor_to(d, d->spans[pos].start_byte);
		doc_scroll_to_cursor(d);
	}
}
