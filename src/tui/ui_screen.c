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
	draw_fill(r->y, 0, r->w, A_REVERSE, 0);
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
 * suggestion's state can be read.  Returns the columns used.
 */
static int
ui_draw_span_here(struct ui *ui, const struct layout_rect *r)
{
	const struct doc	*d = &ui->doc;
	const struct store_span	*sp;
	struct buf		 b = BUF_INIT;
	long			 i;
	int			 x;

	/* In the Annotations pane, the span selected there. */
	if (ui->focus == LAYOUT_ANNOTATIONS && ui->review == NULL &&
	    ui->ann_selected < d->nspans)
		i = (long)ui->ann_selected;
	else if (!doc_is_open(d) || !d->has_cursor || d->selecting ||
	    (i = doc_span_at(d, d->cur_start, NULL)) < 0)
		return 0;
	sp = &d->spans[i];
	buf_printf(&b, "%s \xe2\x80\x9c%s\xe2\x80\x9d  %s  %s", sp->label,
	    sp->text, store_status_name(sp->status), sp->annotator);
	if (sp->score > 0)
		buf_printf(&b, "  %.2f", sp->score);
	if (sp->note != NULL && sp->note[0] != '\0')
		buf_printf(&b, "  note: %s", sp->note);
	x = draw_str(r->y, 0, r->w, b.data, 0, 0);
	buf_free(&b);
	return x;
}

/*
 * While selecting: what label-N would store, so that shrink-char and
 * extend-char can be followed letter by letter.  Returns the columns used.
 */
static int
ui_draw_selection_here(struct ui *ui, const struct layout_rect *r)
{
	const struct doc	*d = &ui->doc;
	struct buf		 b = BUF_INIT;
	size_t			 start, end, n;
	int			 x;

	if (!doc_is_open(d) || !d->selecting)
		return 0;
	doc_selection_bounds(d, &start, &end);
	n = text_cp_count(d->article.text + start, end - start);
	buf_printf(&b, "selected %zu character%s: \xe2\x80\x9c%.*s\xe2\x80\x9d",
	    n, n == 1 ? "" : "s", (int)(end - start), d->article.text + start);
	x = draw_str(r->y, 0, r->w, b.data, 0, 0);
	buf_free(&b);
	return x;
}

static void
ui_draw_prompt(struct ui *ui)
{
	const struct layout_rect *r = &ui->layout.prompt;
	char		*help;
	int		 x;

	if (r->h == 0)
		return;
	draw_fill(r->y, 0, r->w, 0, 0);
	if (ui->message != NULL) {
		draw_str(r->y, 0, r->w, ui->message,
		    ui->message_error ? A_BOLD : 0, 0);
		return;
	}
	x = ui->doc.selecting ? ui_draw_selection_here(ui, r) :
	    ui_draw_span_here(ui, r);
	if ((help = ui_keys_of(ui, KEYMAP_GENERIC, ACTION_HELP)) != NULL) {
		char	*s = xasprintf("%s: help", help);

		if (x + 2 + (int)strlen(s) <= r->w)
			draw_str(r->y, x > 0 ? x + 2 : 0, r->w - x, s, A_DIM, 0);
		free(s);
		free(help);
	}
}

void
ui_draw(struct ui *ui)
{
	int	 i, y;

	erase();
	ui_relayout(ui);
	for (i = 0; i < LAYOUT_NPANES; i++) {
		const struct layout_rect *r = &ui->layout.pane[i];

		if (!layout_shown(&ui->layout, i))
			continue;
		if (ui->layout.separator[i] >= 0)
			for (y = r->y; y < r->y + r->h; y++)
				mvadd_wch(y, ui->layout.separator[i],
				    WACS_VLINE);
		ui_pane(ui, i)->draw(ui, r, (int)ui->focus == i);
	}
	ui_entities_draw(ui);
	ui_draw_status(ui);
	if (ui->prompt.client != NULL)
		ui_prompt_draw(ui);
	else
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
