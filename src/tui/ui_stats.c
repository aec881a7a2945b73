/*
 * ui_stats.c: the stats overlay (the stats action, S): the report of
 * `margin stats` (stats_report.c) over the panes, from one snapshot read
 * when it opens, laid out again for the screen's width at each draw.
 * Its keys (scroll, close) are ui_dispatch.c's.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "margin/stats_report.h"
#include "margin/util.h"
#include "pane.h"

/* The report's days: what a lead looks at in a session. */
#define UI_STATS_DAYS	7

void
ui_stats_open(struct ui *ui)
{
	struct store_stats	*st = xcalloc(1, sizeof(*st));
	char			*err = NULL;

	if (store_stats(ui->store, st, &err) == -1) {
		free(st);
		ui_store_error(ui, "stats", err);
		return;
	}
	ui_stats_close(ui);
	ui->stats = st;
	ui->stats_top = 0;
}

void
ui_stats_close(struct ui *ui)
{
	if (ui->stats == NULL)
		return;
	store_stats_free(ui->stats);
	free(ui->stats);
	ui->stats = NULL;
}

/* The overlay's box: the whole width, between the panes' title bars and
   the status line (which keeps saying where one is); the whole screen
   when that is small. */
static void
ui_stats_box(int *y, int *x, int *w, int *h)
{
	*x = 0;
	*w = COLS;
	*y = 1;
	*h = LINES - 3;
	if (*h < 3) {
		*y = 0;
		*h = LINES;
	}
}

/* The report's lines for a box w columns wide. */
static size_t
ui_stats_lines(struct ui *ui, int w, struct buf *b, const char ***lines)
{
	struct stats_report_style style;
	const char		**v = NULL;
	size_t			  n = 0, cap = 0, i, start = 0;

	style.width = w - 2 < 30 ? 30 : w - 2;
	style.unicode = 1;
	style.days = UI_STATS_DAYS;
	stats_report(b, ui->stats, &style);
	/* Lines in place: each LF becomes the end of a string. */
	for (i = 0; i < b->len; i++)
		if (b->data[i] == '\n') {
			b->data[i] = '\0';
			ARRAY_RESERVE(v, cap, n + 1);
			v[n++] = b->data + start;
			start = i + 1;
		}
	*lines = v;
	return n;
}

void
ui_stats_draw(struct ui *ui)
{
	struct buf	 b = BUF_INIT;
	const char	**lines;
	size_t		 n, i;
	int		 y, x, w, h, row;

	if (ui->stats == NULL)
		return;
	ui_stats_box(&y, &x, &w, &h);
	n = ui_stats_lines(ui, w, &b, &lines);
	if (h > 1 && ui->stats_top + (size_t)(h - 1) > n)
		ui->stats_top = n > (size_t)(h - 1) ? n - (size_t)(h - 1) : 0;
	for (row = 0; row < h; row++)
		draw_fill(y + row, x, w, 0, 0);
	draw_str(y, x + 1, w - 2, n > (size_t)(h - 1) ?
	    "Progress (j/k scroll, any other key closes)" :
	    "Progress (any key closes)", A_BOLD | A_REVERSE, 0);
	for (row = 1; row < h && ui->stats_top + (size_t)row - 1 < n; row++) {
		i = ui->stats_top + (size_t)row - 1;
		/* A chart's title: the line after a blank one. */
		draw_str(y + row, x + 1, w - 2, lines[i], i > 0 &&
		    lines[i - 1][0] == '\0' ? A_BOLD : 0, 0);
	}
	free(lines);
	buf_free(&b);
}
