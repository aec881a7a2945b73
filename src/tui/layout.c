/*
 * layout.c: pane geometry for a screen size (see layout.h).
 */
#include <string.h>

#include "layout.h"
#include "margin/util.h"

const char *
layout_pane_name(enum layout_pane p)
{
	static const char *const names[LAYOUT_NPANES] = {
		"list", "reader", "annotations"
	};

	return (unsigned)p < LAYOUT_NPANES ? names[p] : "?";
}

int
layout_shown(const struct layout *l, enum layout_pane p)
{
	return l->pane[p].w > 0 && l->pane[p].h > 0;
}

/* Place the shown panes left to right in x..x+w, separated by one column. */
static void
layout_row(struct layout *l, const int *shown, const int *weight, int h)
{
	int	 n = 0, total = 0, x = 0, avail, i, last = -1;

	for (i = 0; i < LAYOUT_NPANES; i++)
		if (shown[i]) {
			n++;
			total += weight[i];
			last = i;
		}
	avail = l->cols - (n - 1);
	for (i = 0; i < LAYOUT_NPANES; i++) {
		int	 w;

		if (!shown[i])
			continue;
		w = i == last ? l->cols - x : avail * weight[i] / total;
		if (x > 0)
			l->separator[i] = x - 1;
		l->pane[i].x = x;
		l->pane[i].y = 0;
		l->pane[i].w = w;
		l->pane[i].h = h;
		x += w + 1;
	}
}

void
layout_compute(struct layout *l, int cols, int rows, enum layout_pane focus,
    int max_panes, enum layout_annotations ann)
{
	int	 shown[LAYOUT_NPANES] = { 0, 0, 0 };
	int	 weight[LAYOUT_NPANES] = { 1, 2, 1 };	/* about 25/50/25 % */
	int	 i, bottom, n, side;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < LAYOUT_NPANES; i++)
		l->separator[i] = -1;
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	l->cols = cols;
	l->rows = rows;
	if (ann == LAYOUT_ANN_OFF && focus == LAYOUT_ANNOTATIONS)
		focus = LAYOUT_READER;

	/* Status line and prompt line; on a tiny screen the panes win. */
	bottom = rows >= 3 ? 2 : rows - 1;
	if (bottom >= 1) {
		l->status = (struct layout_rect){ 0, rows - bottom, cols, 1 };
		if (bottom == 2)
			l->prompt = (struct layout_rect){ 0, rows - 1, cols, 1 };
	}

	n = cols >= 100 ? 3 : cols >= 60 ? 2 : 1;
	if (max_panes >= 1 && max_panes < n)
		n = max_panes;
	if (n == 3 && ann != LAYOUT_ANN_OFF) {
		shown[LAYOUT_LIST] = shown[LAYOUT_READER] = 1;
		shown[LAYOUT_ANNOTATIONS] = 1;
		layout_row(l, shown, weight, rows - bottom);
		return;
	}
	if (n == 1) {
		shown[focus] = 1;
		layout_row(l, shown, weight, rows - bottom);
		return;
	}
	/*
	 * Two panes: the reader and one side pane, the list or the
	 * annotations (while they have the focus; with annotations on,
	 * whenever the list has not).  The side pane is a quarter of the
	 * screen, at least 20 columns, whichever it is: the reader's wrap
	 * does not move when the focus does.
	 */
	shown[LAYOUT_READER] = 1;
	if (ann != LAYOUT_ANN_OFF && (focus == LAYOUT_ANNOTATIONS ||
	    (ann == LAYOUT_ANN_ON && focus != LAYOUT_LIST)))
		shown[LAYOUT_ANNOTATIONS] = 1;
	else
		shown[LAYOUT_LIST] = 1;
	side = (cols - 1) / 4;
	if (side < 20)
		side = (cols - 1) / 3 < 20 ? (cols - 1) / 3 : 20;
	weight[LAYOUT_LIST] = weight[LAYOUT_ANNOTATIONS] = side;
	weight[LAYOUT_READER] = cols - 1 - side;
	layout_row(l, shown, weight, rows - bottom);
}

char *
layout_describe(const struct layout *l)
{
	struct buf	 b = BUF_INIT;
	int		 i;

	buf_printf(&b, "%dx%d:", l->cols, l->rows);
	for (i = 0; i < LAYOUT_NPANES; i++) {
		const struct layout_rect *r = &l->pane[i];

		if (!layout_shown(l, i))
			continue;
		buf_printf(&b, " %s %d,%d %dx%d", layout_pane_name(i), r->x,
		    r->y, r->w, r->h);
	}
	if (l->status.h)
		buf_printf(&b, " status %d", l->status.y);
	if (l->prompt.h)
		buf_printf(&b, " prompt %d", l->prompt.y);
	return buf_detach(&b);
}
