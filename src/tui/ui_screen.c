/*
 * ui_screen.c: the screen of one session: the panes placed by the layout,
 * the status and prompt lines, the overlays (help in ui_help.c, stats in
 * ui_stats.c) over them, and resizing.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/text.h"
#include "margin/util.h"
#include "pane.h"
#include "ui_script.h"

static const struct pane_ops *const ui_panes[LAYOUT_NPANES] = {
	&pane_list_ops, &pane_reader_ops, &pane_annotations_ops
};

/* The pane at a place of the layout: Review replaces Annotations. */
const struct pane_ops *
ui_pane(struct ui *ui, int i)
{
	if (i == LAYOUT_ANNOTATIONS && ui->review != NULL)
		return &pane_review_ops;
	return ui_panes[i];
}

/* How many label keys after label-(i+1) the legend would show. */
static int
ui_legend_left(struct ui *ui, int i)
{
	int	 n = 0;
	char	*key;

	for (i++; i < 9; i++) {
		if (ui_label_for(ui, (enum action)(ACTION_LABEL_1 + i)) ==
		    NULL || (key = ui_keys_of(ui, KEYMAP_READER,
		    (enum action)(ACTION_LABEL_1 + i))) == NULL)
			continue;
		free(key);
		n++;
	}
	return n;
}

static void
ui_legend_more(const struct layout_rect *r, int x, int more)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "+%d", more);
	if (x + (int)b.len <= r->w)
		draw_str(r->y, x, r->w - x, b.data, A_REVERSE, 0);
	buf_free(&b);
}

static void
ui_draw_status(struct ui *ui)
{
	const struct layout_rect *r = &ui->layout.status;
	struct buf	 b = BUF_INIT;
	size_t		 left;
	int		 x, i;

	if (r->h == 0)
		return;
	if (store_readonly(ui->store))
		buf_adds(&b, " READ-ONLY ");
	if (ui->list.count)
		buf_printf(&b, " %zu/%zu", ui->list.selected + 1,
		    ui->list.count);
	else
		buf_adds(&b, " 0/0");
	/* Always seen, whichever panes are shown, and before what a narrow
	   screen cuts. */
	if (ui_list_filtered(ui)) {
		buf_adds(&b, "  filter: ");
		ui_list_filter_describe(ui, &b);
		buf_printf(&b, " (of %zu)", ui->list.everything);
	}
	buf_printf(&b, "  done %zu/%zu  %s", ui->list.done, ui->list.total,
	    ui->annotator);

	if (ui->doc.selecting)
		buf_adds(&b, doc_selection_crosses_paragraph(&ui->doc) ?
		    "  SELECT across paragraphs" : "  SELECT");
	if (ui->view != NULL)
		buf_printf(&b, "  view:%s", strcmp(ui->view, "*") == 0 ?
		    "all" : ui->view);
	if (ui->list.query != NULL)
		buf_adds(&b, "  FOUND");
	if (ui_job_running(ui)) {
		buf_adds(&b, "  ");
		ui_job_status(ui, &b);
	}
	ui_train_status(ui, &b);
	if ((left = ui_suggestions_left(ui)) > 0)
		buf_printf(&b, "  %zu suggestion%s left", left, left == 1 ?
		    "" : "s");
	buf_adds(&b, "  ");
	/* The legend after it changes only with the labels and the keys:
	   with the screen (ui_screen_fp) or after a command. */
	if (!ui_rows_changed(&ui->rows, r->y, 0, fp_str(fp_init(), b.data))) {
		buf_free(&b);
		return;
	}
	draw_fill(r->y, 0, r->w, A_REVERSE, 0);
	x = draw_str(r->y, 0, r->w, b.data, A_REVERSE | A_BOLD, 0);
	buf_free(&b);
	/* The label legend: the key of label-N, then the label in colour;
	   an entry is drawn whole or not at all, and what does not fit is
	   counted ("+3"), never cut ("8:PERCEN"). */
	for (i = 0; i < 9 && x < r->w; i++) {
		const struct store_label *l = ui_label_for(ui,
		    (enum action)(ACTION_LABEL_1 + i));
		char		*key;
		unsigned	 attr;
		short		 pair;
		int		 w, more;

		if (l == NULL || (key = ui_keys_of(ui, KEYMAP_READER,
		    (enum action)(ACTION_LABEL_1 + i))) == NULL)
			continue;
		w = text_width(key, strlen(key), 0) + 1 +
		    text_width(l->name, strlen(l->name), 0) + 1;
		more = ui_legend_left(ui, i);
		/* Room for this entry, and for the count of the rest. */
		if (x + w + (more > 0 ? 4 : 0) > r->w) {
			free(key);
			ui_legend_more(r, x, more + 1);
			break;
		}
		x += draw_str(r->y, x, r->w - x, key, A_REVERSE, 0);
		x += draw_str(r->y, x, r->w - x, ":", A_REVERSE, 0);
		draw_label_style(ui, l->name, &attr, &pair);
		x += draw_str(r->y, x, r->w - x, l->name, attr | A_REVERSE,
		    pair);
		x += draw_str(r->y, x, r->w - x, " ", A_REVERSE, 0);
		free(key);
	}
}

/*
 * With no message: the span under the reader's cursor, in full (label,
 * text, status, annotator, note), so that a label cut in the margin or a
 * suggestion's state can be read.
 */
static void
ui_span_here(struct ui *ui, struct buf *b)
{
	const struct doc	*d = &ui->doc;
	const struct store_span	*sp;
	long			 i;

	/* In the Annotations pane, the span selected there. */
	if (ui->focus == LAYOUT_ANNOTATIONS && ui->review == NULL &&
	    ui->ann_selected < d->nspans)
		i = (long)ui->ann_selected;
	else if (!doc_is_open(d) || !d->has_cursor || d->selecting ||
	    (i = doc_span_at(d, d->cur_start, NULL)) < 0)
		return;
	sp = &d->spans[i];
	buf_printf(b, "%s \xe2\x80\x9c%s\xe2\x80\x9d  %s  %s", sp->label,
	    sp->text, store_status_name(sp->status), sp->annotator);
	if (sp->score > 0)
		buf_printf(b, "  %.2f", sp->score);
	if (sp->note != NULL && sp->note[0] != '\0')
		buf_printf(b, "  note: %s", sp->note);
}

/*
 * While selecting: what label-N would store, so that shrink-char and
 * extend-char can be followed letter by letter.
 */
static void
ui_selection_here(struct ui *ui, struct buf *b)
{
	const struct doc	*d = &ui->doc;
	size_t			 start, end, n;

	if (!doc_is_open(d) || !d->selecting)
		return;
	doc_selection_bounds(d, &start, &end);
	n = text_cp_count(d->article.text + start, end - start);
	buf_printf(b, "selected %zu character%s: \xe2\x80\x9c%.*s\xe2\x80\x9d",
	    n, n == 1 ? "" : "s", (int)(end - start), d->article.text + start);
}

/* The prompt line with no prompt open: the message, or what is under the
   cursor and how to get help; drawn when it changed. */
static void
ui_draw_prompt(struct ui *ui)
{
	const struct layout_rect *r = &ui->layout.prompt;
	struct buf	 b = BUF_INIT;
	char		*help = NULL;
	unsigned	 attr = 0;
	uint64_t	 fp;
	int		 x;

	if (r->h == 0)
		return;
	if (ui->message != NULL) {
		buf_adds(&b, ui->message);
		attr = ui->message_error ? A_BOLD : 0;
	} else {
		if (ui->doc.selecting)
			ui_selection_here(ui, &b);
		else
			ui_span_here(ui, &b);
		help = ui_keys_of(ui, KEYMAP_GENERIC, ACTION_HELP);
	}
	fp = fp_str(fp_init(), b.data);
	fp = fp_int(fp_str(fp, help), attr);
	if (ui_rows_changed(&ui->rows, r->y, 0, fp)) {
		draw_fill(r->y, 0, r->w, 0, 0);
		x = b.data != NULL ? draw_str(r->y, 0, r->w, b.data, attr, 0) :
		    0;
		if (help != NULL) {
			char	*s = xasprintf("%s: help", help);

			if (x + 2 + (int)strlen(s) <= r->w)
				draw_str(r->y, x > 0 ? x + 2 : 0, r->w - x, s,
				    A_DIM, 0);
			free(s);
		}
	}
	free(help);
	buf_free(&b);
}

/* Something drawn over the panes: every frame is drawn whole. */
static int
ui_overlay_shown(const struct ui *ui)
{
	return ui->help || ui->stats != NULL || (ui->prompt.client != NULL &&
	    ui->prompt.client->draw != NULL) || ui_entities_shown(ui);
}

static uint64_t
ui_rect_fp(uint64_t h, const struct layout_rect *r)
{
	h = fp_int(h, (uint64_t)r->x);
	h = fp_int(h, (uint64_t)r->y);
	h = fp_int(h, (uint64_t)r->w);
	return fp_int(h, (uint64_t)r->h);
}

/* What every row depends on: the screen's size and layout, colours and
   labels, the options that style text, the overlays. */
static uint64_t
ui_screen_fp(const struct ui *ui)
{
	uint64_t	 h = fp_init();
	size_t		 i;

	h = fp_int(h, (uint64_t)LINES);
	h = fp_int(h, (uint64_t)COLS);
	for (i = 0; i < LAYOUT_NPANES; i++) {
		h = ui_rect_fp(h, &ui->layout.pane[i]);
		h = fp_int(h, (uint64_t)ui->layout.separator[i]);
	}
	h = ui_rect_fp(h, &ui->layout.status);
	h = ui_rect_fp(h, &ui->layout.prompt);
	h = fp_int(h, (uint64_t)ui->color);
	for (i = 0; i < ui->nlabels; i++) {
		h = fp_str(h, ui->labels[i].name);
		h = fp_str(h, ui->labels[i].color);
	}
	h = fp_int(h, (uint64_t)ui->options.label_style);
	h = fp_int(h, (uint64_t)ui->options.wrap_width);
	h = fp_int(h, (uint64_t)ui_overlay_shown(ui));
	h = fp_int(h, (uint64_t)(ui->review != NULL));
	h = fp_str(h, ui->view);
	return fp_str(h, ui->annotator);
}

/* Clear the screen and forget every row when what they all depend on
   changed, an overlay is up, or a command ran (it may change anything). */
static void
ui_draw_begin(struct ui *ui)
{
	uint64_t	 fp = ui_screen_fp(ui);
	int		 i, y;

	if (fp == ui->screen_fp && !ui->redraw_all && !ui->full_redraw &&
	    !ui_overlay_shown(ui) && ui->rows.lines == LINES)
		return;
	ui->screen_fp = fp;
	ui->redraw_all = 0;
	erase();
	ui_rows_reset(&ui->rows, LINES);
	for (i = 0; i < LAYOUT_NPANES; i++) {
		const struct layout_rect *r = &ui->layout.pane[i];

		if (!layout_shown(&ui->layout, i) ||
		    ui->layout.separator[i] < 0)
			continue;
		for (y = r->y; y < r->y + r->h; y++)
			mvadd_wch(y, ui->layout.separator[i], WACS_VLINE);
	}
}

void
ui_draw(struct ui *ui)
{
	int	 i;

	ui_relayout(ui);
	ui_draw_begin(ui);
	for (i = 0; i < LAYOUT_NPANES; i++) {
		if (!layout_shown(&ui->layout, i))
			continue;
		ui_pane(ui, i)->draw(ui, &ui->layout.pane[i],
		    (int)ui->focus == i);
	}
	ui_entities_draw(ui);
	ui_draw_status(ui);
	if (ui->prompt.client != NULL) {
		ui_rows_forget(&ui->rows, ui->layout.prompt.y, 0);
		ui_prompt_draw(ui);
	} else
		ui_draw_prompt(ui);
	if (ui->stats != NULL)
		ui_stats_draw(ui);
	if (ui->help)
		ui_help_draw(ui);
}

void
ui_resize(struct ui *ui, int cols, int rows)
{
	resize_term(rows, cols);
	ui_relayout(ui);
}

void
ui_redraw_for_script(struct ui *ui)
{
	ui_draw(ui);
	/* Nothing to send: the script reads stdscr. */
}
