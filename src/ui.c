/*
 * ui.c: one TUI session: the terminal (or a virtual screen for scripts),
 * the layout of the panes, keys through the keymap to actions, the status
 * and prompt lines, and the help overlay.  The panes live in pane_*.c.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/pane.h"
#include "margin/text.h"
#include "margin/ui.h"
#include "margin/ui_script.h"
#include "margin/util.h"

static const struct pane_ops *const ui_panes[LAYOUT_NPANES] = {
	&pane_list_ops, &pane_reader_ops, &pane_annotations_ops
};

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list	 ap;

	free(ui->message);
	va_start(ap, fmt);
	ui->message = xvasprintf(fmt, ap);
	va_end(ap);
	ui->message_error = 0;
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list	 ap;

	free(ui->message);
	va_start(ap, fmt);
	ui->message = xvasprintf(fmt, ap);
	va_end(ap);
	ui->message_error = 1;
}

void
ui_store_error(struct ui *ui, const char *what, char *err)
{
	ui_error(ui, "%s: %s", what, err ? err : "failed");
	free(err);
}

int
ui_readonly_refuses(struct ui *ui, enum action a)
{
	if (!store_readonly(ui->store))
		return 0;
	ui_error(ui, "%s: the database is open read-only", action_name(a));
	return 1;
}

const struct store_label *
ui_label_for(struct ui *ui, enum action a)
{
	size_t	 n;

	if (a < ACTION_LABEL_1 || a > ACTION_LABEL_9)
		return NULL;
	n = (size_t)(a - ACTION_LABEL_1);
	return n < ui->nlabels ? &ui->labels[n] : NULL;
}

/* The list. */

void
ui_list_refresh(struct ui *ui)
{
	char	*err = NULL;
	struct store_article_filter done = ui->list.filter;

	ui->list.stale = 1;
	if (store_article_count(ui->store, &ui->list.filter, &ui->list.count,
	    &err) == -1) {
		ui_store_error(ui, "list", err);
		ui->list.count = 0;
	}
	done.status = 1;
	if (store_article_count(ui->store, &done, &ui->list.done, &err) == -1)
		ui_store_error(ui, "list", err);
	if (ui->list.selected >= ui->list.count)
		ui->list.selected = ui->list.count ? ui->list.count - 1 : 0;
}

const struct store_article *
ui_list_row(struct ui *ui, size_t pos)
{
	struct ui_list	*l = &ui->list;
	size_t		 want = 64, from;
	char		*err = NULL;

	if (pos >= l->count)
		return NULL;
	if (!l->stale && pos >= l->rows_top && pos < l->rows_top + l->nrows)
		return &l->rows[pos - l->rows_top];
	/* Fetch a window around pos: a screen's worth, not the database. */
	from = pos > want / 2 ? pos - want / 2 : 0;
	store_article_rows_free(l->rows, l->nrows);
	l->rows = NULL;
	l->nrows = 0;
	if (store_article_rows(ui->store, &l->filter, from, want, &l->rows,
	    &l->nrows, &err) == -1) {
		ui_store_error(ui, "list", err);
		return NULL;
	}
	l->rows_top = from;
	l->stale = 0;
	if (pos < l->rows_top || pos >= l->rows_top + l->nrows)
		return NULL;
	return &l->rows[pos - l->rows_top];
}

void
ui_open_article(struct ui *ui, size_t pos)
{
	const struct store_article	*row;
	char				*err = NULL;
	int64_t				 id;

	if ((row = ui_list_row(ui, pos)) == NULL)
		return;
	id = row->id;
	ui->list.selected = pos;
	if (doc_is_open(&ui->doc) && ui->doc.article.id == id)
		return;
	if (doc_open(&ui->doc, ui->store, id, ui->annotator, &err) == -1) {
		ui_store_error(ui, "open", err);
		return;
	}
	ui->ann_selected = 0;
	ui->ann_top = 0;
}

void
ui_spans_changed(struct ui *ui)
{
	ui->list.stale = 1;
	if (ui->ann_selected >= ui->doc.nspans)
		ui->ann_selected = ui->doc.nspans ? ui->doc.nspans - 1 : 0;
}

static void
ui_load_labels(struct ui *ui)
{
	char	*err = NULL;

	store_labels_free(ui->labels, ui->nlabels);
	ui->labels = NULL;
	ui->nlabels = 0;
	if (store_label_list(ui->store, &ui->labels, &ui->nlabels, &err) == -1)
		ui_store_error(ui, "labels", err);
}

/* Layout and drawing. */

static void
ui_relayout(struct ui *ui)
{
	layout_compute(&ui->layout, COLS, LINES, ui->focus, ui->options.panes);
}

/* The keys of action a in the reader (or generic), e.g. "1". */
static char *
ui_keys_of(struct ui *ui, enum keymap_context c, enum action a)
{
	struct keyseq	*seqs = NULL;
	size_t		 n;
	char		*name;

	n = keymap_keys_for(ui->keymap, c, a, &seqs);
	if (n == 0) {
		free(seqs);
		n = keymap_keys_for(ui->keymap, KEYMAP_GENERIC, a, &seqs);
	}
	if (n == 0) {
		free(seqs);
		return NULL;
	}
	name = keymap_seq_name(&seqs[0]);
	free(seqs);
	return name;
}

static void
ui_draw_status(struct ui *ui)
{
	const struct layout_rect *r = &ui->layout.status;
	struct buf	 b = BUF_INIT;
	int		 x, i;

	if (r->h == 0)
		return;
	draw_fill(r->y, 0, r->w, A_REVERSE, 0);
	if (ui->list.count)
		buf_printf(&b, " %zu/%zu", ui->list.selected + 1,
		    ui->list.count);
	else
		buf_adds(&b, " 0/0");
	buf_printf(&b, "  done %zu/%zu  %s", ui->list.done, ui->list.count,
	    ui->annotator);
	if (store_readonly(ui->store))
		buf_adds(&b, "  READ-ONLY");
	if (ui->doc.selecting)
		buf_adds(&b, "  SELECT");
	buf_adds(&b, "  ");
	x = draw_str(r->y, 0, r->w, b.data, A_REVERSE | A_BOLD, 0);
	buf_free(&b);
	/* The label legend: the key of label-N, then the label in colour. */
	for (i = 0; i < 9 && (size_t)i < ui->nlabels && x < r->w; i++) {
		const struct store_label *l = &ui->labels[i];
		char		*key = ui_keys_of(ui, KEYMAP_READER,
		    (enum action)(ACTION_LABEL_1 + i));
		unsigned	 attr;
		short		 pair;

		if (key == NULL)
			continue;
		x += draw_str(r->y, x, r->w - x, key, A_REVERSE, 0);
		x += draw_str(r->y, x, r->w - x, ":", A_REVERSE, 0);
		draw_label_style(ui, l->name, &attr, &pair);
		x += draw_str(r->y, x, r->w - x, l->name, attr | A_REVERSE,
		    pair);
		x += draw_str(r->y, x, r->w - x, " ", A_REVERSE, 0);
		free(key);
	}
}

static void
ui_draw_prompt(struct ui *ui)
{
	const struct layout_rect *r = &ui->layout.prompt;
	char		*help;

	if (r->h == 0)
		return;
	draw_fill(r->y, 0, r->w, 0, 0);
	if (ui->message != NULL) {
		draw_str(r->y, 0, r->w, ui->message,
		    ui->message_error ? A_BOLD : 0, 0);
		return;
	}
	if ((help = ui_keys_of(ui, KEYMAP_GENERIC, ACTION_HELP)) != NULL) {
		char	*s = xasprintf("%s: help", help);

		draw_str(r->y, 0, r->w, s, A_DIM, 0);
		free(s);
		free(help);
	}
}

/* The help overlay, generated from the active keymap. */
static void
ui_draw_help(struct ui *ui)
{
	enum keymap_context	 ctx = ui_panes[ui->focus]->context;
	int			 w = COLS - 4, h = LINES - 2, y = 1, a;

	if (w < 10 || h < 3) {
		w = COLS;
		h = LINES;
		y = 0;
	}
	for (a = 0; a < h; a++)
		draw_fill(y + a, (COLS - w) / 2, w, 0, 0);
	draw_str(y, (COLS - w) / 2 + 1, w - 2,
	    "Keys (any key closes this help)", A_BOLD, 0);
	a = ACTION_NONE + 1;
	for (int row = 1; row < h && a < ACTION_COUNT; a++) {
		struct keyseq	*seqs = NULL;
		struct buf	 keys = BUF_INIT;
		size_t		 n, i;
		enum keymap_context c[2] = { ctx, KEYMAP_GENERIC };
		int		 k, x = (COLS - w) / 2 + 1;

		for (k = 0; k < 2; k++) {
			n = keymap_keys_for(ui->keymap, c[k], (enum action)a,
			    &seqs);
			for (i = 0; i < n; i++) {
				char	*name = keymap_seq_name(&seqs[i]);

				if (keys.len)
					buf_adds(&keys, " ");
				buf_adds(&keys, name);
				free(name);
			}
			free(seqs);
			seqs = NULL;
		}
		if (keys.len == 0) {
			buf_free(&keys);
			continue;
		}
		draw_str(y + row, x, 14, keys.data, A_BOLD, 0);
		draw_str(y + row, x + 15, 14, action_name((enum action)a), 0, 0);
		draw_str(y + row, x + 30, w - 32, action_table[a].help, 0, 0);
		buf_free(&keys);
		row++;
	}
}

static void
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
		ui_panes[i]->draw(ui, r, (int)ui->focus == i);
	}
	ui_draw_status(ui);
	ui_draw_prompt(ui);
	if (ui->help)
		ui_draw_help(ui);
}

/* Actions that belong to no pane. */
static int
ui_action(struct ui *ui, enum action a)
{
	const struct store_article	*row;
	char				*err = NULL;
	size_t				 i;
	int				 done;

	switch (a) {
	case ACTION_QUIT:
		ui->quit = 1;
		return 1;
	case ACTION_HELP:
		ui->help = 1;
		return 1;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		return 1;
	case ACTION_FOCUS_NEXT:
	case ACTION_FOCUS_PREV:
		ui->focus = (ui->focus + (a == ACTION_FOCUS_NEXT ? 1 :
		    LAYOUT_NPANES - 1)) % LAYOUT_NPANES;
		return 1;
	case ACTION_ARTICLE_NEXT:
		if (ui->list.selected + 1 < ui->list.count)
			ui_open_article(ui, ui->list.selected + 1);
		else
			ui_message(ui, "this is the last article");
		return 1;
	case ACTION_ARTICLE_PREV:
		if (ui->list.selected > 0)
			ui_open_article(ui, ui->list.selected - 1);
		else
			ui_message(ui, "this is the first article");
		return 1;
	case ACTION_TOGGLE_DONE:
	case ACTION_DONE_NEXT:
		if (ui_readonly_refuses(ui, a))
			return 1;
		if (!doc_is_open(&ui->doc))
			return 1;
		done = a == ACTION_DONE_NEXT ? 1 : !ui->doc.article.done;
		if (store_article_set_done(ui->store, ui->doc.article.id,
		    ui->annotator, done, &err) == -1) {
			ui_store_error(ui, action_name(a), err);
			return 1;
		}
		ui->doc.article.done = done;
		ui_list_refresh(ui);
		if (a == ACTION_TOGGLE_DONE) {
			ui_message(ui, done ? "marked done" : "marked not done");
			return 1;
		}
		/* The next article I have not marked done, wrapping round. */
		for (i = 1; i <= ui->list.count; i++) {
			size_t	 pos = (ui->list.selected + i) % ui->list.count;

			if ((row = ui_list_row(ui, pos)) != NULL && !row->done) {
				ui_open_article(ui, pos);
				ui_message(ui, "marked done; %zu/%zu done",
				    ui->list.done, ui->list.count);
				return 1;
			}
		}
		ui_message(ui, "marked done; every article is done");
		return 1;
	default:
		if (a >= ACTION_LABEL_1 && a <= ACTION_LABEL_9) {
			ui_error(ui, "%s: the label schema has %zu label%s",
			    action_name(a), ui->nlabels,
			    ui->nlabels == 1 ? "" : "s");
			return 1;
		}
		return 0;
	}
}

void
ui_key(struct ui *ui, const struct key *k)
{
	enum keymap_context	 ctx = ui_panes[ui->focus]->context;
	enum keymap_match	 m;
	enum action		 a = ACTION_NONE;
	char			*name;

	if (ui->help) {
		ui->help = 0;
		return;
	}
	if (ui->pending.n >= KEYSEQ_MAX)
		ui->pending.n = 0;
	ui->pending.keys[ui->pending.n++] = *k;
	m = keymap_lookup(ui->keymap, ctx, &ui->pending, &a);
	if (m == KEYMAP_PREFIX)
		return;
	if (m == KEYMAP_NOMATCH) {
		name = keymap_seq_name(&ui->pending);
		ui_message(ui, "%s is not bound here (%s: help)", name,
		    "?");
		free(name);
		ui->pending.n = 0;
		return;
	}
	ui->pending.n = 0;
	free(ui->message);
	ui->message = NULL;
	if (ui_panes[ui->focus]->action(ui, a))
		return;
	if (ui_action(ui, a))
		return;
	ui_message(ui, "%s does nothing in the %s pane", action_name(a),
	    ui_panes[ui->focus]->name);
}

/* Session set-up and the loop. */

static int
ui_start(struct ui *ui, const struct ui_config *c, char **errp)
{
	size_t	 first = 0;
	char	*err = NULL;

	memset(ui, 0, sizeof(*ui));
	ui->store = c->store;
	ui->keymap = c->keymap;
	ui->options = c->options;
	ui->annotator = xstrdup(c->annotator);
	ui->focus = LAYOUT_LIST;
	doc_init(&ui->doc);
	ui->list.filter.annotator = ui->annotator;
	ui_load_labels(ui);
	ui_list_refresh(ui);
	if (store_article_first_todo(ui->store, &ui->list.filter, &first,
	    &err) == -1)
		ui_store_error(ui, "list", err);
	if (ui->list.count > 0)
		ui_open_article(ui, first);
	if (c->startup_message != NULL) {
		if (c->startup_error)
			ui_error(ui, "%s", c->startup_message);
		else
			ui_message(ui, "%s", c->startup_message);
	} else if (ui->list.count == 0)
		ui_message(ui, "no articles yet: margin import FILE... "
		    "brings some in");
	(void)errp;
	return 0;
}

static void
ui_finish(struct ui *ui)
{
	doc_close(&ui->doc);
	store_article_rows_free(ui->list.rows, ui->list.nrows);
	store_labels_free(ui->labels, ui->nlabels);
	free(ui->annotator);
	free(ui->message);
}

void
ui_resize(struct ui *ui, int cols, int rows)
{
	resize_term(rows, cols);
	ui_relayout(ui);
}

/* Read one key from the terminal; 0 on a resize or nothing read. */
static int
ui_read_key(struct ui *ui, struct key *k)
{
	wint_t	 wc, next;
	int	 rc;

	rc = get_wch(&wc);
	if (rc == ERR)
		return 0;
	if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
		ui_relayout(ui);
		return 0;
	}
	if (rc == OK && wc == 27) {
		/* Esc then a key within ESCDELAY is Meta-key. */
		timeout(0);
		rc = get_wch(&next);
		timeout(-1);
		if (rc == OK && next != 27) {
			if (ui_translate_key(OK, next, k) == 0)
				return 0;
			k->mods |= KEY_META;
			return 1;
		}
		/* A second Esc or a function key is a key of its own. */
		if (rc == OK)
			unget_wch((wchar_t)next);
		else if (rc == KEY_CODE_YES)
			ungetch((int)next);
		rc = OK;
	}
	return ui_translate_key(rc, wc, k);
}

static int
ui_terminal_loop(struct ui *ui)
{
	struct key	 k;

	while (!ui->quit) {
		ui_draw(ui);
		refresh();
		if (ui_read_key(ui, &k))
			ui_key(ui, &k);
	}
	return 0;
}

static void
ui_curses_setup(void)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	curs_set(0);
	set_escdelay(25);
}

int
ui_run(const struct ui_config *c, char **errp)
{
	struct ui	 ui;
	SCREEN		*scr = NULL;
	FILE		*out = NULL, *in = NULL;
	int		 rc;

	setlocale(LC_ALL, "");
	if (c->script != NULL) {
		/* A virtual screen: curses writes to /dev/null, keys come
		   from the script, the size is ours to set. */
		if ((out = fopen("/dev/null", "w")) == NULL ||
		    (in = fopen("/dev/null", "r")) == NULL) {
			if (out)
				fclose(out);
			return err_set(errp, "/dev/null: %s", strerror(errno));
		}
		if ((scr = newterm("xterm-256color", out, in)) == NULL) {
			fclose(out);
			fclose(in);
			return err_set(errp, "cannot set up a virtual screen "
			    "(is the xterm-256color terminfo installed?)");
		}
		set_term(scr);
		resize_term(c->rows, c->cols);
	} else if (initscr() == NULL)
		return err_set(errp, "cannot initialise the terminal");
	ui_curses_setup();
	ui_start(&ui, c, errp);
	draw_init_colors(&ui);
	if (c->script != NULL)
		rc = ui_script_run(&ui, c->script, errp);
	else
		rc = ui_terminal_loop(&ui);
	endwin();
	if (scr != NULL) {
		delscreen(scr);
		fclose(out);
		fclose(in);
	}
	ui_finish(&ui);
	return rc;
}

void
ui_redraw_for_script(struct ui *ui)
{
	ui_draw(ui);
	/* Nothing to send: the script reads stdscr. */
}
