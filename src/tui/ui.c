/*
 * ui.c: one TUI session from start to end: set-up, the terminal (or a
 * virtual screen for scripts), reading keys, the loop that waits for keys
 * and for other processes' changes.  What the loop calls lives in
 * ui_dispatch.c (keys), ui_mouse.c, ui_screen.c (drawing), ui_services.c
 * and ui_span.c; the panes in pane_*.c.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "margin/assist.h"
#include "pane.h"
#include "margin/text.h"
#include "margin/ui.h"
#include "ui_script.h"
#include "margin/util.h"

/* How often an idle TUI looks for other processes' changes. */
#define UI_POLL_MS 500

/* Every pane, for its open, reload and close. */
static const struct pane_ops *const ui_all_panes[] = {
	&pane_list_ops, &pane_reader_ops, &pane_annotations_ops,
	&pane_review_ops
};
#define UI_NPANES (sizeof(ui_all_panes) / sizeof(ui_all_panes[0]))

static int
ui_start(struct ui *ui, const struct ui_config *c, char **errp)
{
	size_t	 first = 0, i;
	char	*err = NULL;

	memset(ui, 0, sizeof(*ui));
	ui->store = c->store;
	ui->keymap = c->keymap;
	ui->options = c->options;
	ui->annotator = xstrdup(c->annotator);
	ui->full_redraw = c->full_redraw;
	ui->focus = LAYOUT_LIST;
	ui->readonly_said = store_readonly(ui->store);
	doc_init(&ui->doc);
	ui->list.filter.annotator = ui->annotator;
	ui_load_labels(ui);
	ui_list_refresh(ui);
	if (store_article_first_todo(ui->store, &ui->list.filter, &first,
	    &err) == -1)
		ui_store_error(ui, "list", err);
	if (ui->list.count > 0)
		ui_open_article(ui, first);
	for (i = 0; i < UI_NPANES; i++)
		if (ui_all_panes[i]->open != NULL)
			ui_all_panes[i]->open(ui, c);
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
	size_t	 i;

	ui_job_close(ui);
	ui_suggest_close(ui);
	ui_train_close(ui);
	ui_stats_close(ui);
	ui_entity_close(ui);
	store_strings_free(ui->schema_names, ui->nschema_names);
	ui_entities_close(ui);
	free(ui->prompt.label);
	doc_close(&ui->doc);
	store_article_rows_free(ui->list.rows, ui->list.nrows);
	if (ui->list.query != NULL)
		store_article_rows_free(ui->list.results, ui->list.count);
	free(ui->list.query);
	free(ui->list.tag);
	buf_free(&ui->prompt.text);
	free(ui->needle);
	free(ui->view);
	for (i = 0; i < UI_NPANES; i++)
		if (ui_all_panes[i]->close != NULL)
			ui_all_panes[i]->close(ui);
	store_labels_free(ui->labels, ui->nlabels);
	free(ui->annotator);
	free(ui->message);
	ui_rows_free(&ui->rows);
}

/*
 * Other processes' changes (§10): polled while idle, outside any
 * transaction, and shown without losing the cursor, the selection or a
 * prompt in progress.
 */
static int
ui_poll(struct ui *ui)
{
	size_t	 i;

	if (!store_changed(ui->store))
		return 0;
	ui_load_labels(ui);
	draw_init_colors(ui);
	ui_list_refresh(ui);
	if (doc_is_open(&ui->doc)) {
		ui_reload_spans(ui);
		ui_sync_done(ui);
	}
	for (i = 0; i < UI_NPANES; i++)
		if (ui_all_panes[i]->reload != NULL)
			ui_all_panes[i]->reload(ui);
	return 1;
}

/*
 * While a change waits for another process's write lock (the store calls
 * this every STORE_WAIT_TICK_MS): after a moment, say so where messages
 * go, without touching the store (we are inside one of its calls); keep
 * the keys typed meanwhile for later, in order; Esc gives up the change.
 * The screen is live, never frozen, and nothing is shown as saved.
 */
#define UI_WAIT_SHOW_MS	300

static int
ui_wait_hook(void *ctx, int64_t waited)
{
	struct ui			*ui = ctx;
	const struct layout_rect	*r = &ui->layout.prompt;
	wint_t				 wc;
	int				 rc, give_up = 0;

	timeout(0);
	while (!give_up && (rc = get_wch(&wc)) != ERR) {
		if (rc == OK && wc == 27 && ui->prompt.client == NULL)
			give_up = 1;
		else if (rc == KEY_CODE_YES && wc == KEY_MOUSE)
			continue;	/* a click means nothing later */
		else if (ui->ntypeahead < sizeof(ui->typeahead) /
		    sizeof(ui->typeahead[0])) {
			ui->typeahead[ui->ntypeahead].rc = rc;
			ui->typeahead[ui->ntypeahead].wc = wc;
			ui->ntypeahead++;
		}
	}
	timeout(UI_POLL_MS);
	if (give_up || waited < UI_WAIT_SHOW_MS || r->h == 0)
		return give_up;
	/* Drawn here, between frames: the next frame draws the row anew. */
	ui_rows_forget(&ui->rows, r->y, 0);
	draw_fill(r->y, 0, r->w, 0, 0);
	{
		char	*msg = xasprintf("waiting for the database: another "
		    "process holds it (%llds); not saved yet. Esc gives up",
		    (long long)(waited / 1000));

		draw_str(r->y, 0, r->w, msg, A_BOLD, 0);
		free(msg);
	}
	refresh();
	return 0;
}

/* The next key: one typed while a change waited, or the terminal's. */
static int
ui_get_wch(struct ui *ui, wint_t *wc)
{
	int	 rc;

	if (ui->ntypeahead == 0)
		return get_wch(wc);
	rc = ui->typeahead[0].rc;
	*wc = ui->typeahead[0].wc;
	ui->ntypeahead--;
	memmove(&ui->typeahead[0], &ui->typeahead[1],
	    ui->ntypeahead * sizeof(ui->typeahead[0]));
	return rc;
}

/*
 * The next key, waiting for it at most UI_POLL_MS.  When the store says
 * on a file descriptor that another process committed (PostgreSQL's
 * notifications), the wait ends then too, so that the change is shown
 * as soon as it is made (ERR, and ui_poll reads it), not at the next
 * poll.  What ncurses holds already is read first: poll(2) on the
 * terminal waits only when no key is pending.  *woke says the store's
 * descriptor ended the wait.  A descriptor readable with no change behind
 * it (a connection the server closed, until it is made again) would wake
 * the loop at once again and again: the wait after such a wake is the
 * plain one (ui->wake_quiet).
 */
static int
ui_wait_wch(struct ui *ui, wint_t *wc, int *woke)
{
	struct pollfd	 p[2];
	int		 fd, rc;

	*woke = 0;
	if (ui->ntypeahead > 0 || ui->wake_quiet ||
	    (fd = store_wait_fd(ui->store)) < 0) {
		ui->wake_quiet = 0;
		return ui_get_wch(ui, wc);
	}
	timeout(0);
	if ((rc = get_wch(wc)) == ERR) {
		p[0].fd = STDIN_FILENO;
		p[0].events = POLLIN;
		p[1].fd = fd;
		p[1].events = POLLIN;
		if (poll(p, 2, UI_POLL_MS) > 0) {
			if (p[0].revents & POLLIN)
				rc = get_wch(wc);
			else
				*woke = 1;
		}
	}
	timeout(UI_POLL_MS);
	return rc;
}

/* Read one key from the terminal; 0 on a resize or nothing read. */
static int
ui_read_key(struct ui *ui, struct key *k)
{
	wint_t	 wc, next;
	int	 rc, woke;

	rc = ui_wait_wch(ui, &wc, &woke);
	if (rc == ERR) {
		if (!ui_poll(ui) && woke)
			ui->wake_quiet = 1;
		return 0;
	}
	if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
		ui_relayout(ui);
		return 0;
	}
	if (rc == KEY_CODE_YES && wc == KEY_MOUSE) {
		MEVENT			 me;
		struct ui_mouse_event	 ev;

		if (getmouse(&me) != OK)
			return 0;
		ev.x = me.x;
		ev.y = me.y;
		if (me.bstate & BUTTON4_PRESSED)
			ev.kind = UI_MOUSE_WHEEL_UP;
		else if (me.bstate & BUTTON5_PRESSED)
			ev.kind = UI_MOUSE_WHEEL_DOWN;
		else if (me.bstate & BUTTON1_PRESSED)
			ev.kind = UI_MOUSE_PRESS;
		else if (me.bstate & BUTTON1_RELEASED)
			ev.kind = UI_MOUSE_RELEASE;
		else if (me.bstate & BUTTON1_CLICKED)
			ev.kind = UI_MOUSE_CLICK;
		else
			return 0;
		ui_mouse(ui, &ev);
		return 0;
	}
	if (rc == OK && wc == 27) {
		/* Esc then a key within ESCDELAY is Meta-key. */
		timeout(0);
		rc = get_wch(&next);
		timeout(UI_POLL_MS);
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

	timeout(UI_POLL_MS);
	ui_mouse_setup(ui);
	store_set_wait_hook(ui->store, ui_wait_hook, ui);

	while (!ui->quit) {
		/* Background work: a training's end, suggest-on-open. */
		ui_train_poll(ui);
		ui_suggest_idle(ui);
		ui_draw(ui);
		refresh();
		if (!ui_job_running(ui)) {
			if (ui_read_key(ui, &k))
				ui_key(ui, &k);
			continue;
		}
		/* A bulk write runs a batch whenever no key is waiting;
		   Esc (with no prompt open) stops it. */
		timeout(0);
		if (ui_read_key(ui, &k)) {
			if (k.code == KEYS_ESC && k.mods == 0 &&
			    ui->prompt.client == NULL)
				ui_job_stop(ui);
			else
				ui_key(ui, &k);
		} else
			ui_job_step(ui);
		timeout(UI_POLL_MS);
	}
	store_set_wait_hook(ui->store, NULL, NULL);
	return 0;
}

/*
 * Without flow control, so that C-s and C-q reach margin as keys (the
 * emacs keymap searches with C-s) instead of freezing the screen.
 */
static void
ui_terminal_no_flow_control(void)
{
	struct termios	 t;

	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)IXON;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		def_prog_mode();
	}
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

	if (c->script != NULL) {
		/* A virtual screen: curses writes to /dev/null, keys come
		   from the script, the size is ours to set. */
		if ((out = fopen("/dev/null", "w")) == NULL ||
		    /* cppcheck-suppress incompatibleFileOpen ; two ends of
		       nothing, on purpose */
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
	} else if (ui_terminal_usable(errp) == -1)
		return -1;
	else if (initscr() == NULL)
		return err_set(errp, "cannot initialise the terminal");
	ui_curses_setup();
	if (c->script == NULL)
		ui_terminal_no_flow_control();
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
