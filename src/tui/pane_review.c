/*
 * pane_review.c: the Review pane, in place of Annotations while margin
 * reviews two annotators (SPEC §10): the current disagreement with both
 * sides and what gold holds, the keys that decide it, and the walk from
 * one disagreement to the next.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "margin/review.h"
#include "margin/text.h"
#include "margin/ui.h"
#include "margin/util.h"

/* Review mode's own state: the walk and whose work it compares. */
struct pane_review {
	struct review_walk	*walk;
	char			*a;
	char			*b;
	char			*gold;
};

/* One side: the annotator's name, then a line per span. */
static int
pane_review_side(struct ui *ui, const struct layout_rect *r, int y,
    const char *name, const struct store_span *v, size_t n)
{
	size_t	 i;

	if (y >= r->y + r->h)
		return y;
	draw_str(y++, r->x + 1, r->w - 1, name, A_BOLD, 0);
	if (n == 0 && y < r->y + r->h)
		draw_str(y++, r->x + 3, r->w - 3, "(nothing)", A_DIM, 0);
	for (i = 0; i < n && y < r->y + r->h; i++, y++) {
		unsigned	 attr;
		short		 pair;
		int		 x = r->x + 3;

		draw_label_style(ui, v[i].label, &attr, &pair);
		x += draw_str(y, x, r->x + r->w - x, v[i].label, attr, pair);
		x += draw_str(y, x, r->x + r->w - x, " ", 0, 0);
		draw_str(y, x, r->x + r->w - x, v[i].text, 0, 0);
	}
	return y;
}

/* "a/1 take ana": the keys of action a in the review context. */
static int
pane_review_hint(struct ui *ui, int y, int x, int w, enum action a,
    const char *what)
{
	struct keyseq	*seqs = NULL;
	struct buf	 b = BUF_INIT;
	size_t		 n, i;
	int		 used;

	n = keymap_keys_for(ui->keymap, KEYMAP_REVIEW, a, &seqs);
	for (i = 0; i < n && i < 2; i++) {
		char	*name = keymap_seq_name(&seqs[i]);

		buf_printf(&b, "%s%s", i ? "/" : "", name);
		free(name);
	}
	free(seqs);
	if (b.len == 0) {
		buf_free(&b);
		return 0;
	}
	used = draw_str(y, x, w, b.data, A_BOLD, 0);
	used += draw_str(y, x + used, w - used, " ", 0, 0);
	used += draw_str(y, x + used, w - used, what, 0, 0);
	buf_free(&b);
	return used;
}

static void
pane_review_draw(struct ui *ui, const struct layout_rect *r, int focused)
{
	struct review_item	*it = review_walk_current(ui->review->walk);
	struct review_where	 where;
	char			 right[64], *title, *line;
	int			 y = r->y + 1;

	review_walk_where(ui->review->walk, &where);
	snprintf(right, sizeof(right), "%zu/%zu · %zu/%zu", where.article,
	    where.narticles, where.item, where.nitems);
	draw_title_bar(ui, r, focused, "Review", right);
	draw_blank_pane(ui, r);
	title = xasprintf("%s ↔ %s, into %s", ui->review->a, ui->review->b,
	    ui->review->gold);
	draw_str(y++, r->x + 1, r->w - 1, title, A_DIM, 0);
	free(title);
	if (it == NULL) {
		draw_str(y, r->x + 1, r->w - 1, where.narticles == 0 ?
		    "no articles to review" : "no disagreement here", A_DIM,
		    0);
		return;
	}
	line = xasprintf("%s%s%s, gold: %s", review_kind_name(it->kind),
	    it->relation != NULL ? " " : "", it->relation != NULL ?
	    it->relation : "", review_gold_name(it->gold));
	draw_str(y++, r->x + 1, r->w - 1, line, 0, 0);
	free(line);
	y = pane_review_side(ui, r, y, ui->review->a, it->a, it->na);
	y = pane_review_side(ui, r, y, ui->review->b, it->b, it->nb);
	if (++y >= r->y + r->h)
		return;
	line = xasprintf("take %s", ui->review->a);
	pane_review_hint(ui, y++, r->x + 1, r->w - 1, ACTION_TAKE_A, line);
	free(line);
	line = xasprintf("take %s", ui->review->b);
	if (y < r->y + r->h)
		pane_review_hint(ui, y++, r->x + 1, r->w - 1, ACTION_TAKE_B,
		    line);
	free(line);
	if (y < r->y + r->h)
		pane_review_hint(ui, y++, r->x + 1, r->w - 1, ACTION_TAKE_BOTH,
		    "take both");
	if (y < r->y + r->h)
		pane_review_hint(ui, y++, r->x + 1, r->w - 1,
		    ACTION_TAKE_NEITHER, "take neither");
	if (y < r->y + r->h)
		pane_review_hint(ui, y++, r->x + 1, r->w - 1,
		    ACTION_REVIEW_NEXT, "next");
}

/* Movement in the pane moves between disagreements. */
static int
pane_review_action(struct ui *ui, enum action a)
{
	switch (a) {
	case ACTION_MOVE_DOWN:
	case ACTION_PAGE_DOWN:
		ui_review_step(ui, 1);
		return 1;
	case ACTION_MOVE_UP:
	case ACTION_PAGE_UP:
		ui_review_step(ui, -1);
		return 1;
	default:
		return 0;
	}
}

/* --- The walk: which disagreement the reader shows, and taking a side. */

/* Review mode (SPEC §10). */

void
ui_review_show(struct ui *ui)
{
	struct review_item	*it;
	char			*err = NULL;
	long			 pos = -1;

	ui->marking = 0;
	if (ui->review == NULL ||
	    (it = review_walk_current(ui->review->walk)) ==
	    NULL)
		return;
	if ((!doc_is_open(&ui->doc) || ui->doc.article.id !=
	    it->article_id) && store_article_position(ui->store,
	    &ui->list.filter, it->article_id, &pos, &err) == 0 && pos >= 0)
		ui_open_article(ui, (size_t)pos);
	free(err);
	if (!doc_is_open(&ui->doc) || ui->doc.article.id != it->article_id)
		return;
	ui_reload_spans(ui);
	ui->marking = 1;
	ui->mark_start = text_offsets_byte(&ui->doc.offsets, it->start);
	ui->mark_end = text_offsets_byte(&ui->doc.offsets, it->end);
	doc_select_cancel(&ui->doc);
	doc_cursor_to(&ui->doc, ui->mark_start);
	doc_scroll_to_cursor(&ui->doc);
}

void
ui_review_step(struct ui *ui, int dir)
{
	char	*err = NULL;
	int	 rc;

	if (ui->review == NULL) {
		ui_error(ui, "not reviewing: margin review --annotators A,B "
		    "starts a review");
		return;
	}
	rc = review_walk_step(ui->review->walk, dir, &err);
	if (rc == -1)
		ui_store_error(ui, "review", err);
	else if (rc == 0)
		ui_message(ui, dir > 0 ? "that was the last disagreement" :
		    "that was the first disagreement");
	ui_review_show(ui);
}

void
ui_review_take(struct ui *ui, enum action a)
{
	static const enum review_take takes[] = {
		REVIEW_TAKE_A, REVIEW_TAKE_B, REVIEW_TAKE_BOTH,
		REVIEW_TAKE_NEITHER
	};
	char	*err = NULL;
	int	 which = a - ACTION_TAKE_A;

	if (ui->review == NULL) {
		ui_review_step(ui, 1);
		return;
	}
	if (ui_readonly_refuses(ui, a))
		return;
	if (review_walk_current(ui->review->walk) == NULL) {
		ui_error(ui, "no disagreement to decide here");
		return;
	}
	if (review_walk_take(ui->review->walk, takes[which], &err) == -1) {
		ui_store_error(ui, action_name(a), err);
		return;
	}
	ui_message(ui, "%s: %s", ui->review->gold, which == 0 ?
	    ui->review->a : which == 1 ? ui->review->b : which == 2 ?
	    "both sides" : "neither side");
	ui->list.stale = 1;
	/* On to the next one, as an adjudicator expects. */
	if (review_walk_step(ui->review->walk, 1, &err) == 1)
		ui_review_show(ui);
	else {
		free(err);
		ui_review_show(ui);
		ui_message(ui, "%s: decided; that was the last disagreement",
		    ui->review->gold);
	}
}

/* Started to review (margin review --tui): open the walk on the first
   disagreement; everyone's spans are shown, the reader has the focus. */
static void
pane_review_open(struct ui *ui, const struct ui_config *c)
{
	struct pane_review	*rv;
	char			*err = NULL;

	if (c->review_a == NULL)
		return;
	rv = xcalloc(1, sizeof(*rv));
	rv->a = xstrdup(c->review_a);
	rv->b = xstrdup(c->review_b);
	rv->gold = xstrdup(c->review_gold);
	free(ui->view);
	ui->view = xstrdup("*");
	ui->focus = LAYOUT_READER;
	if (review_walk_open(&rv->walk, ui->store, c->review_a, c->review_b,
	    c->review_gold, c->review_flags, &err) == -1) {
		ui_store_error(ui, "review", err);
		free(rv->a);
		free(rv->b);
		free(rv->gold);
		free(rv);
		return;
	}
	ui->review = rv;
	ui_review_step(ui, 1);
	if (review_walk_current(rv->walk) == NULL)
		ui_message(ui, "no disagreements between %s and %s",
		    c->review_a, c->review_b);
}

/* Another annotator's change may settle or open disagreements. */
static void
pane_review_reload(struct ui *ui)
{
	char	*err = NULL;

	if (ui->review == NULL)
		return;
	if (review_walk_refresh(ui->review->walk, &err) == -1)
		ui_store_error(ui, "review", err);
	ui_review_show(ui);
}

static void
pane_review_close(struct ui *ui)
{
	struct pane_review	*rv = ui->review;

	if (rv == NULL)
		return;
	review_walk_close(rv->walk);
	free(rv->a);
	free(rv->b);
	free(rv->gold);
	free(rv);
	ui->review = NULL;
}

const struct pane_ops pane_review_ops = {
	.name = "review",
	.context = KEYMAP_REVIEW,
	.draw = pane_review_draw,
	.action = pane_review_action,
	.open = pane_review_open,
	.reload = pane_review_reload,
	.close = pane_review_close,
};
