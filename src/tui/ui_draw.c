/*
 * ui_draw.c: every character the TUI puts on the screen goes through
 * here, as sanitised text cells (text_cell_next), so that no byte of an
 * article, title, label or message reaches the terminal as a control or
 * escape sequence.  Also the colours of labels.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "margin/config.h"
#include "pane.h"
#include "margin/text.h"
#include "margin/util.h"

/* The complex character of cell c (a space for a TAB or an empty cell). */
static void
draw_cchar(cchar_t *cc, const struct text_cell *c, unsigned attr, short pair)
{
	wchar_t	 wc[TEXT_CELL_MAX + 1];
	int	 i;

	if (c->tab || c->nwc == 0) {
		wc[0] = L' ';
		wc[1] = L'\0';
	} else {
		for (i = 0; i < c->nwc; i++)
			wc[i] = c->wc[i];
		wc[c->nwc] = L'\0';
	}
	if (setcchar(cc, wc, (attr_t)attr, pair, NULL) == ERR) {
		wc[0] = 0xfffd;
		wc[1] = L'\0';
		setcchar(cc, wc, (attr_t)attr, pair, NULL);
	}
}

void
draw_cell(int y, int x, const struct text_cell *c, unsigned attr, short pair)
{
	cchar_t	 cc;

	draw_cchar(&cc, c, attr, pair);
	mvadd_wch(y, x, &cc);
}

void
draw_fill(int y, int x, int w, unsigned attr, short pair)
{
	cchar_t	 cc;
	wchar_t	 sp[2] = { L' ', L'\0' };

	if (w <= 0)
		return;
	setcchar(&cc, sp, (attr_t)attr, pair, NULL);
	mvhline_set(y, x, &cc, w);
}

void
draw_run_start(struct draw_run *r, int y, int x)
{
	r->y = y;
	r->x = x;
	r->n = 0;
	r->cols = 0;
}

void
draw_run_flush(struct draw_run *r)
{
	if (r->n > 0)
		mvadd_wchnstr(r->y, r->x, r->cc, r->n);
	r->x += r->cols;
	r->n = 0;
	r->cols = 0;
}

void
draw_run_cell(struct draw_run *r, const struct text_cell *c, unsigned attr,
    short pair)
{
	if (r->n == DRAW_RUN_MAX)
		draw_run_flush(r);
#if defined(NCURSES_VERSION) && NCURSES_WIDECHAR
	/* One character in the style of the cell before it (most text):
	   ncurses's cchar_t is a struct of the rendition and the
	   characters, so the rendition setcchar made is copied. */
	if (r->n > 0 && c->nwc == 1 && !c->tab && attr == r->attr &&
	    pair == r->pair) {
		cchar_t	*cc = &r->cc[r->n];

		*cc = r->cc[r->n - 1];
		memset(cc->chars, 0, sizeof(cc->chars));
		cc->chars[0] = c->wc[0];
		r->n++;
		r->cols += c->width;
		return;
	}
#endif
	draw_cchar(&r->cc[r->n++], c, attr, pair);
	r->attr = attr;
	r->pair = pair;
	r->cols += c->tab ? 1 : c->width;
}

void
draw_run_blank(struct draw_run *r, int n, unsigned attr, short pair)
{
	struct text_cell	 sp;

	memset(&sp, 0, sizeof(sp));
	sp.width = 1;
	sp.nwc = 1;
	sp.wc[0] = L' ';
	while (n-- > 0)
		draw_run_cell(r, &sp, attr, pair);
}

int
draw_run_text(struct draw_run *r, int w, const char *s, size_t len,
    unsigned attr, short pair)
{
	struct text_cell	 c;
	size_t			 pos = 0;
	int			 col = 0;

	while (pos < len && col < w) {
		pos = text_cell_next(s, len, pos, &c);
		if (c.tab || s[c.start] == '\n') {
			/* Tabs and line breaks in one-line fields: a space. */
			c.width = 1;
			c.tab = 1;
		}
		if (c.width == 0)
			continue;
		if (col + c.width > w)
			break;
		draw_run_cell(r, &c, attr, pair);
		col += c.width;
	}
	return col;
}

int
draw_text(int y, int x, int w, const char *s, size_t len, unsigned attr,
    short pair)
{
	struct draw_run	 r;
	int		 col;

	draw_run_start(&r, y, x);
	col = draw_run_text(&r, w, s, len, attr, pair);
	draw_run_flush(&r);
	return col;
}

int
draw_str(int y, int x, int w, const char *s, unsigned attr, short pair)
{
	return draw_text(y, x, w, s, strlen(s), attr, pair);
}

void
draw_title_bar(struct ui *ui, const struct layout_rect *r, int focused,
    const char *title, const char *right)
{
	unsigned	 attr = focused ? A_REVERSE | A_BOLD : A_REVERSE;
	uint64_t	 fp;
	int		 rw = 0;

	fp = fp_int(fp_str(fp_str(fp_init(), title), right), attr);
	if (!ui_rows_changed(&ui->rows, r->y, r->x, fp_int(fp,
	    (uint64_t)r->w)))
		return;
	draw_fill(r->y, r->x, r->w, attr, 0);
	if (right != NULL && r->w > 12) {
		rw = text_width(right, strlen(right), 0);
		if (rw > r->w / 2)
			rw = r->w / 2;
		draw_str(r->y, r->x + r->w - rw - 1, rw, right, attr, 0);
		rw++;
	}
	draw_str_tail(r->y, r->x + 1, r->w - 1 - rw - 1, title, attr, 0);
}

/* Curses colour of a schema colour (config_color_parse's spelling); a
   colour the terminal lacks falls back to one of the first eight. */
static short
draw_color_number(const char *name)
{
	int	 c;

	if (name == NULL || *name == '\0' || config_color_parse(name, &c) == -1)
		return -1;
	if (c >= COLORS)
		c %= 8;
	return (short)c;
}

#define DRAW_HIT_PAIR(ui) ((short)((ui)->nlabels + 1))

void
draw_init_colors(struct ui *ui)
{
	size_t	 i;

	ui->color = 0;
	if (ui->options.color == OPTIONS_COLOR_OFF || getenv("NO_COLOR") ||
	    !has_colors())
		return;
	if (start_color() == ERR)
		return;
	use_default_colors();
	ui->color = 1;
	/* Pair i+1 is label i: its colour on the terminal's background. */
	for (i = 0; i < ui->nlabels && (int)i + 1 < COLOR_PAIRS; i++) {
		short	 fg = draw_color_number(ui->labels[i].color);

		init_pair((short)(i + 1), fg, -1);
	}
	/* The pair after the labels marks search hits. */
	if ((int)ui->nlabels + 1 < COLOR_PAIRS)
		init_pair(DRAW_HIT_PAIR(ui), COLOR_BLACK, COLOR_YELLOW);
}

void
draw_hit_style(struct ui *ui, unsigned *attr, short *pair)
{
	if (ui->color && (int)ui->nlabels + 1 < COLOR_PAIRS) {
		*attr = 0;
		*pair = DRAW_HIT_PAIR(ui);
	} else {
		*attr = A_BOLD | A_UNDERLINE;
		*pair = 0;
	}
}

void
draw_label_style(struct ui *ui, const char *label, unsigned *attr,
    short *pair)
{
	size_t	 i;

	*attr = 0;
	*pair = 0;
	for (i = 0; i < ui->nlabels; i++)
		if (strcmp(ui->labels[i].name, label) == 0)
			break;
	if (ui->color && i < ui->nlabels && (int)i + 1 < COLOR_PAIRS) {
		*pair = (short)(i + 1);
		*attr = A_BOLD;
	} else
		*attr = A_UNDERLINE;
}

int
draw_str_tail(int y, int x, int w, const char *s, unsigned attr, short pair)
{
	struct text_cell	 c;
	size_t			 len = strlen(s), skip = 0;

	if (w <= 0)
		return 0;
	if (text_width(s, len, 0) <= w)
		return draw_str(y, x, w, s, attr, pair);
	/* "…" and the end of s, which says the most (a file name). */
	while (skip < len && text_width(s + skip, len - skip, 0) > w - 1)
		skip = text_cell_next(s, len, skip, &c);
	draw_str(y, x, 1, "…", attr, pair);
	return 1 + draw_str(y, x + 1, w - 1, s + skip, attr, pair);
}

/* Blanks for the rows that ui_rows_changed says to draw again. */
void
draw_blank(int y, int x, int w)
{
	if (w <= 0)
		return;
	if (x + w >= COLS) {
		/* To the end of the line: one call, no cell built. */
		move(y, x);
		clrtoeol();
	} else
		draw_fill(y, x, w, 0, 0);
}

void
draw_blank_pane(struct ui *ui, const struct layout_rect *r)
{
	int	 y;

	for (y = r->y + 1; y < r->y + r->h; y++) {
		draw_blank(y, r->x, r->w);
		ui_rows_forget(&ui->rows, y, r->x);
	}
}
