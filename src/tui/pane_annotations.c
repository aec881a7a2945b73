/*
 * pane_annotations.c: the Annotations pane: the spans of the open article
 * in text order (a suggestion marked "?", dim, with its score when it has
 * one), each with the entity it names and the relations that start from
 * it; moving here moves the reader to the span, and delete and label-N
 * work on the selected span.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "margin/text.h"
#include "margin/util.h"

/*
 * The pane's rows: each span, then the relations that start from it
 * (SPEC §16), so that a relation is read under its first span.  A row is
 * (span, relation) with relation -1 for the span's own row.
 */
struct pane_annotations_row {
	size_t	 span;
	long	 relation;
};

static size_t
pane_annotations_rows(const struct doc *d, struct pane_annotations_row **vp)
{
	struct pane_annotations_row	*v;
	size_t				 n = 0, i, j;

	v = xreallocarray(NULL, d->nspans + d->nrelations + 1, sizeof(*v));
	for (i = 0; i < d->nspans; i++) {
		v[n].span = i;
		v[n++].relation = -1;
		for (j = 0; j < d->nrelations; j++)
			if (d->relations[j].src == d->spans[i].id) {
				v[n].span = i;
				v[n++].relation = (long)j;
			}
	}
	*vp = v;
	return n;
}

size_t
pane_annotations_span_at_row(struct ui *ui, size_t row)
{
	struct pane_annotations_row	*v;
	size_t				 n, span;

	n = pane_annotations_rows(&ui->doc, &v);
	row += ui->ann_top;
	span = n == 0 ? 0 : v[row < n ? row : n - 1].span;
	free(v);
	return span;
}

/* A relation's row: "  └ spoke_with → PER Lavrov". */
static void
pane_annotations_draw_relation(struct ui *ui, const struct store_relation *r,
    int ry, int x, int end, unsigned attr)
{
	struct doc	*d = &ui->doc;
	struct buf	 b = BUF_INIT;
	long		 to = doc_span_index(d, r->dst);
	unsigned	 lattr;
	short		 pair;

	buf_printf(&b, "\xe2\x94\x94 %s \xe2\x86\x92 ", r->label);
	x += draw_str(ry, x, end - x, b.data, attr | A_DIM, 0);
	if (to >= 0 && x < end) {
		draw_label_style(ui, d->spans[to].label, &lattr, &pair);
		x += draw_str(ry, x, end - x, d->spans[to].label,
		    attr | lattr, pair);
		if (x < end)
			x += draw_str(ry, x, 1, " ", attr, 0);
		if (x < end)
			draw_str(ry, x, end - x, d->spans[to].text, attr, 0);
	}
	buf_free(&b);
}

/* The entity a span names, after its text: "= Alexei Navalny" (with "?"
   while the link is only offered). */
static int
pane_annotations_draw_entity(const struct store_span *sp, int ry, int x,
    int end, unsigned attr)
{
	struct buf	 b = BUF_INIT;
	int		 used = 0;

	if (sp->entity_id == 0 || sp->entity_status == STORE_REJECTED ||
	    x + 3 >= end)
		return 0;
	buf_printf(&b, " = %s%s", sp->entity_name,
	    sp->entity_status == STORE_SUGGESTED ? "?" : "");
	used = draw_str(ry, x, end - x, b.data, attr | (sp->entity_status ==
	    STORE_SUGGESTED ? A_DIM : A_BOLD), 0);
	buf_free(&b);
	return used;
}

static void
pane_annotations_draw(struct ui *ui, const struct layout_rect *r,
    int focused)
{
	struct doc			*d = &ui->doc;
	struct pane_annotations_row	*rows;
	char				 right[32];
	int				 y, h = r->h - 1, labelw = 0;
	size_t				 i, nrows, sel_row = 0;

	snprintf(right, sizeof(right), "%zu", d->nspans);
	draw_title_bar(ui, r, focused, "Annotations", right);
	if (h <= 0)
		return;
	draw_blank_pane(ui, r);
	nrows = pane_annotations_rows(d, &rows);
	for (i = 0; i < nrows; i++)
		if (rows[i].relation < 0 && rows[i].span == ui->ann_selected)
			sel_row = i;
	/* The selected span's row, and its relations when they fit. */
	if (sel_row < ui->ann_top)
		ui->ann_top = sel_row;
	else if (sel_row >= ui->ann_top + (size_t)h)
		ui->ann_top = sel_row - (size_t)h + 1;
	for (i = 0; i < d->nspans; i++) {
		int	 w = text_width(d->spans[i].label,
		    strlen(d->spans[i].label), 0);

		if (w > labelw)
			labelw = w;
	}
	if (labelw > (r->w - 1) / 3)
		labelw = (r->w - 1) / 3;
	for (y = 0; y < h && ui->ann_top + (size_t)y < nrows; y++) {
		const struct pane_annotations_row *row = &rows[ui->ann_top + y];
		const struct store_span	*sp = &d->spans[row->span];
		unsigned		 attr = 0, lattr, tattr;
		short			 pair;
		int			 x = r->x + 1, ry = r->y + 1 + y, end;
		int			 suggested = sp->status == STORE_SUGGESTED;

		if (row->relation < 0 && row->span == ui->ann_selected)
			attr = focused ? A_REVERSE : A_BOLD;
		draw_fill(ry, r->x, r->w, attr, 0);
		end = r->x + r->w;
		if (row->relation >= 0) {
			pane_annotations_draw_relation(ui,
			    &d->relations[row->relation], ry, x + labelw + 1,
			    end, attr);
			continue;
		}
		draw_label_style(ui, sp->label, &lattr, &pair);
		/* A suggestion: dim, its mark "?" bold, its score at the
		   right. */
		tattr = suggested ? attr | A_DIM : attr;
		if (suggested)
			lattr = (lattr & ~(unsigned)A_BOLD) | A_DIM;
		draw_str(ry, x, labelw, sp->label, attr | lattr, pair);
		x += labelw + 1;
		if (suggested && sp->score > 0 && r->w >= 20) {
			char	 score[16];

			snprintf(score, sizeof(score), " %.2f", sp->score);
			end -= (int)strlen(score);
			draw_str(ry, end, (int)strlen(score), score, tattr, 0);
		}
		if (sp->note[0] != '\0' && x < end)
			x += draw_str(ry, x, 1, "*", attr, 0);
		if (suggested && x < end)
			x += draw_str(ry, x, 1, "?", attr | A_BOLD, 0);
		if (x < end)
			x += draw_str(ry, x, end - x, sp->text, tattr, 0);
		x += pane_annotations_draw_entity(sp, ry, x, end, attr);
		/* Someone else's span says whose. */
		if (strcmp(sp->annotator, ui->annotator) != 0 &&
		    x + 2 < end) {
			x += draw_str(ry, x, 1, " ", attr, 0);
			draw_str(ry, x, end - x, sp->annotator,
			    attr | A_DIM, 0);
		}
	}
	free(rows);
	if (d->nspans == 0)
		draw_str(r->y + 1, r->x + 1, r->w - 1,
		    doc_is_open(d) ? "no spans yet" : "", A_DIM, 0);
}

/* Put the reader's cursor on the selected span. */
static void
pane_annotations_follow(struct ui *ui)
{
	struct doc	*d = &ui->doc;

	if (ui->ann_selected >= d->nspans)
		return;
	doc_select_cancel(d);
	doc_cursor_to(d, d->spans[ui->ann_selected].start_byte);
	doc_scroll_to_cursor(d);
}

static int
pane_annotations_action(struct ui *ui, enum action a)
{
	struct doc			*d = &ui->doc;
	const struct store_label	*label;
	size_t				 page;

	/* With no spans here, } and { still go on to another article. */
	if (a == ACTION_SUGGESTION_NEXT || a == ACTION_SUGGESTION_PREV)
		return ui_span_action(ui, a);
	if (d->nspans == 0)
		return 0;
	page = ui->layout.pane[LAYOUT_ANNOTATIONS].h > 2 ?
	    (size_t)ui->layout.pane[LAYOUT_ANNOTATIONS].h - 2 : 1;
	switch (a) {
	case ACTION_MOVE_DOWN:
		if (ui->ann_selected + 1 < d->nspans)
			ui->ann_selected++;
		break;
	case ACTION_MOVE_UP:
		if (ui->ann_selected > 0)
			ui->ann_selected--;
		break;
	case ACTION_PAGE_DOWN:
		ui->ann_selected += page;
		if (ui->ann_selected >= d->nspans)
			ui->ann_selected = d->nspans - 1;
		break;
	case ACTION_PAGE_UP:
		ui->ann_selected = ui->ann_selected > page ?
		    ui->ann_selected - page : 0;
		break;
	case ACTION_TOP:
		ui->ann_selected = 0;
		break;
	case ACTION_BOTTOM:
		ui->ann_selected = d->nspans - 1;
		break;
	case ACTION_OPEN:
		pane_annotations_follow(ui);
		ui->focus = LAYOUT_READER;
		return 1;
	default:
		if (ui_span_action(ui, a))
			return 1;
		if ((label = ui_label_for(ui, a)) == NULL)
			return 0;
		ui_tag_with(ui, label->name, a);
		return 1;
	}
	pane_annotations_follow(ui);
	return 1;
}

const struct pane_ops pane_annotations_ops = {
	.name = "annotations",
	.context = KEYMAP_ANNOTATIONS,
	.draw = pane_annotations_draw,
	.action = pane_annotations_action,
};
