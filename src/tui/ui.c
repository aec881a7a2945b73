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
#include <termios.h>
#include <unistd.h>

#include "margin/assist.h"
#include "pane.h"
#include "margin/review.h"
#include "margin/text.h"
#include "margin/ui.h"
#include "ui_script.h"
#include "margin/util.h"

/* How often an idle TUI looks for other processes' changes. */
#define UI_POLL_MS 500

static const struct pane_ops *const ui_panes[LAYOUT_NPANES] = {
	&pane_list_ops, &pane_reader_ops, &pane_annotations_ops
};

/* The pane at a place of the layout: Review replaces Annotations. */
static const struct pane_ops *
ui_pane(struct ui *ui, int i)
{
	if (i == LAYOUT_ANNOTATIONS && ui->review != NULL)
		return &pane_review_ops;
	return ui_panes[i];
}

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
	/* A write that failed for good (disk full, permission taken away)
	   leaves the store read-only: say that margin goes on that way. */
	if (store_readonly(ui->store) && !ui->readonly_said) {
		ui->readonly_said = 1;
		ui_error(ui, "%s: %s; margin goes on read-only, and what was "
		    "saved is safe", what, err ? err : "failed");
	} else
		ui_error(ui, "%s: %s", what, err ? err : "failed");
	free(err);
}

int
ui_readonly_refuses(struct ui *ui, enum action a)
{
	if (store_readonly(ui->store)) {
		ui_error(ui, "%s: the database is open read-only",
		    action_name(a));
		return 1;
	}
	/* The reader holds only the viewed annotator's spans, so it could
	   not find mine to relabel or delete: edits wait for my view. */
	if (ui->view != NULL && strcmp(ui->view, "*") != 0 &&
	    strcmp(ui->view, ui->annotator) != 0) {
		ui_error(ui, "%s: showing %s's spans; V back to yours (or "
		    "everyone's) to edit", action_name(a), ui->view);
		return 1;
	}
	return 0;
}

const struct store_label *
ui_label_for(struct ui *ui, enum action a)
{
	char	 digit[2];
	size_t	 n, i;

	if (a < ACTION_LABEL_1 || a > ACTION_LABEL_9)
		return NULL;
	n = (size_t)(a - ACTION_LABEL_1);
	/* The label whose schema key is N (`label PERSON key 1`), else the
	   Nth label of the schema. */
	digit[0] = (char)('1' + n);
	digit[1] = '\0';
	for (i = 0; i < ui->nlabels; i++)
		if (strcmp(ui->labels[i].key, digit) == 0)
			return &ui->labels[i];
	return n < ui->nlabels ? &ui->labels[n] : NULL;
}

/* The list. */

void
ui_list_refresh(struct ui *ui)
{
	struct ui_list	*l = &ui->list;
	struct store_article_filter done = l->filter;
	char		*err = NULL;

	l->stale = 1;
	if (store_article_count(ui->store, &l->filter, &l->total,
	    &err) == -1) {
		ui_store_error(ui, "list", err);
		l->total = 0;
	}
	done.status = 1;
	if (store_article_count(ui->store, &done, &l->done, &err) == -1)
		ui_store_error(ui, "list", err);
	if (l->query != NULL)
		ui_list_find(ui, l->query);
	else
		l->count = l->total;
	if (l->selected >= l->count)
		l->selected = l->count ? l->count - 1 : 0;
}

const struct store_article *
ui_list_row(struct ui *ui, size_t pos)
{
	struct ui_list	*l = &ui->list;
	size_t		 want = 64, from;
	char		*err = NULL;

	if (pos >= l->count)
		return NULL;
	if (l->query != NULL)
		return &l->results[pos];
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
	if (doc_open(&ui->doc, ui->store, id, ui->annotator,
	    ui_view_annotator(ui), &err) == -1) {
		ui_store_error(ui, "open", err);
		return;
	}
	ui->ann_selected = 0;
	ui->ann_top = 0;
}

void
ui_spans_changed(struct ui *ui)
{
	struct ui_list	*l = &ui->list;
	const char	*view = ui_view_annotator(ui);
	size_t		 i, n = 0;

	/*
	 * The open article's count of my spans changed.  When the reader
	 * holds my spans (mine or everyone's), count them here and mend the
	 * cached row, instead of reading the list again from the store.
	 */
	if (view != NULL && strcmp(view, ui->annotator) != 0)
		l->stale = 1;
	else if (!l->stale && doc_is_open(&ui->doc)) {
		for (i = 0; i < ui->doc.nspans; i++)
			n += strcmp(ui->doc.spans[i].annotator,
			    ui->annotator) == 0;
		for (i = 0; i < l->nrows; i++)
			if (l->rows[i].id == ui->doc.article.id)
				l->rows[i].nspans = (int)n;
		if (l->query != NULL)
			for (i = 0; i < l->count; i++)
				if (l->results[i].id == ui->doc.article.id)
					l->results[i].nspans = (int)n;
	}
	if (ui->ann_selected >= ui->doc.nspans)
		ui->ann_selected = ui->doc.nspans ? ui->doc.nspans - 1 : 0;
}

const char *
ui_view_annotator(struct ui *ui)
{
	if (ui->view == NULL)
		return ui->annotator;
	if (strcmp(ui->view, "*") == 0)
		return NULL;
	return ui->view;
}

void
ui_reload_spans(struct ui *ui)
{
	char	*err = NULL;

	if (doc_set_view(&ui->doc, ui->store, ui_view_annotator(ui),
	    &err) == -1)
		ui_store_error(ui, "spans", err);
	ui_spans_changed(ui);
}

/*
 * Full-text search over the corpus for the list (NULL or "" clears it).
 * The results replace the list until cleared, best first.
 */
void
ui_list_find(struct ui *ui, const char *query)
{
	struct ui_list	*l = &ui->list;
	struct store_article *rows = NULL;
	char		*err = NULL, *q;
	size_t		 n = 0;

	if (query == NULL || query[0] == '\0') {
		if (l->query == NULL)
			return;
		free(l->query);
		l->query = NULL;
		store_article_rows_free(l->results, l->count);
		l->results = NULL;
		l->selected = 0;
		ui_list_refresh(ui);
		/* The open article stays selected in the whole list. */
		if (doc_is_open(&ui->doc)) {
			long	 pos = -1;

			if (store_article_position(ui->store, &l->filter,
			    ui->doc.article.id, &pos, &err) == -1)
				ui_store_error(ui, "list", err);
			else if (pos >= 0)
				l->selected = (size_t)pos;
		}
		return;
	}
	q = xstrdup(query);
	if (store_article_search(ui->store, q, &l->filter, 1000, &rows, &n,
	    &err) == -1) {
		ui_store_error(ui, "search", err);
		free(q);
		return;
	}
	if (l->query != NULL)
		store_article_rows_free(l->results, l->count);
	free(l->query);
	l->query = q;
	l->results = rows;
	l->count = n;
	if (l->selected >= n)
		l->selected = 0;
}

void
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
	if (store_readonly(ui->store))
		buf_adds(&b, " READ-ONLY ");
	if (ui->list.count)
		buf_printf(&b, " %zu/%zu", ui->list.selected + 1,
		    ui->list.count);
	else
		buf_adds(&b, " 0/0");
	buf_printf(&b, "  done %zu/%zu  %s", ui->list.done, ui->list.total,
	    ui->annotator);

	if (ui->doc.selecting)
		buf_adds(&b, "  SELECT");
	if (ui->view != NULL)
		buf_printf(&b, "  view:%s", strcmp(ui->view, "*") == 0 ?
		    "all" : ui->view);
	if (ui->list.query != NULL)
		buf_adds(&b, "  FOUND");
	buf_adds(&b, "  ");
	x = draw_str(r->y, 0, r->w, b.data, A_REVERSE | A_BOLD, 0);
	buf_free(&b);
	/* The label legend: the key of label-N, then the label in colour. */
	for (i = 0; i < 9 && x < r->w; i++) {
		const struct store_label *l = ui_label_for(ui,
		    (enum action)(ACTION_LABEL_1 + i));
		char		*key;
		unsigned	 attr;
		short		 pair;

		if (l == NULL || (key = ui_keys_of(ui, KEYMAP_READER,
		    (enum action)(ACTION_LABEL_1 + i))) == NULL)
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

/*
 * The help overlay, generated from the active keymap and the table of
 * actions: each action with its keys in the focused pane (and generic),
 * scrolled with the movement keys.
 */
static size_t
ui_help_lines(struct ui *ui, struct buf *keys_out, size_t want, int *action)
{
	enum keymap_context	 c[2] = { ui_pane(ui, ui->focus)->context,
	    KEYMAP_GENERIC };
	size_t			 line = 0;
	int			 a, k;

	for (a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		struct buf	 keys = BUF_INIT;

		for (k = 0; k < 2; k++) {
			struct keyseq	*seqs = NULL;
			size_t		 n, i;

			n = keymap_keys_for(ui->keymap, c[k], (enum action)a,
			    &seqs);
			for (i = 0; i < n; i++) {
				char	*name = keymap_seq_name(&seqs[i]);

				buf_printf(&keys, "%s%s", keys.len ? " " : "",
				    name);
				free(name);
			}
			free(seqs);
		}
		if (keys.len > 0) {
			if (line == want && keys_out != NULL) {
				buf_add(keys_out, keys.data, keys.len);
				*action = a;
			}
			line++;
		}
		buf_free(&keys);
	}
	return line;
}

static void
ui_draw_help(struct ui *ui)
{
	int	 w = COLS - 4, h = LINES - 2, y = 1, x, row;
	size_t	 total = ui_help_lines(ui, NULL, 0, NULL), first;

	if (w < 10 || h < 3) {
		w = COLS;
		h = LINES;
		y = 0;
	}
	x = (COLS - w) / 2;
	if (h > 1 && ui->help_top + (size_t)(h - 1) > total)
		ui->help_top = total > (size_t)(h - 1) ? total -
		    (size_t)(h - 1) : 0;
	first = ui->help_top;
	for (row = 0; row < h; row++)
		draw_fill(y + row, x, w, 0, 0);
	draw_str(y, x + 1, w - 2, total > (size_t)(h - 1) ?
	    "Keys (j/k scroll, any other key closes)" :
	    "Keys (any key closes)", A_BOLD, 0);
	for (row = 1; row < h && first + (size_t)row - 1 < total; row++) {
		struct buf	 keys = BUF_INIT;
		int		 a = 0;

		ui_help_lines(ui, &keys, first + (size_t)row - 1, &a);
		draw_str(y + row, x + 1, 16, keys.data ? keys.data : "",
		    A_BOLD, 0);
		draw_str(y + row, x + 18, 14, action_name((enum action)a), 0,
		    0);
		draw_str(y + row, x + 33, w - 34, action_table[a].help, 0, 0);
		buf_free(&keys);
	}
}

/* A key while the help is shown: movement scrolls, the rest closes. */
static void
ui_help_key(struct ui *ui, const struct key *k)
{
	struct keyseq	 seq;
	enum action	 a = ACTION_NONE;
	size_t		 page = LINES > 4 ? (size_t)LINES - 4 : 1;

	memset(&seq, 0, sizeof(seq));
	seq.keys[0] = *k;
	seq.n = 1;
	keymap_lookup(ui->keymap, ui_pane(ui, ui->focus)->context, &seq, &a);
	switch (a) {
	case ACTION_MOVE_DOWN:
		ui->help_top++;
		break;
	case ACTION_MOVE_UP:
		if (ui->help_top > 0)
			ui->help_top--;
		break;
	case ACTION_PAGE_DOWN:
		ui->help_top += page;
		break;
	case ACTION_PAGE_UP:
		ui->help_top = ui->help_top > page ? ui->help_top - page : 0;
		break;
	default:
		ui->help = 0;
		break;
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
		ui_pane(ui, i)->draw(ui, r, (int)ui->focus == i);
	}
	ui_draw_status(ui);
	if (ui->prompt.kind != UI_PROMPT_NONE)
		ui_prompt_draw(ui);
	else
		ui_draw_prompt(ui);
	if (ui->help)
		ui_draw_help(ui);
}

void
ui_tag_with(struct ui *ui, const char *label, enum action a)
{
	struct doc	*d = &ui->doc;
	char		*what = NULL, *err = NULL;
	int		 rc;

	if (ui_readonly_refuses(ui, a) || !doc_is_open(d))
		return;
	if (ui->focus == LAYOUT_ANNOTATIONS && ui->ann_selected < d->nspans) {
		const struct store_span	*sp = &d->spans[ui->ann_selected];

		if (strcmp(sp->annotator, ui->annotator) != 0) {
			ui_error(ui, "that span is %s's, not yours",
			    sp->annotator);
			return;
		}
		rc = doc_relabel(d, ui->store, ui->ann_selected, label, &what,
		    &err);
	} else
		rc = doc_tag(d, ui->store, label, ui->annotator, &what, &err);
	if (rc == -1)
		ui_store_error(ui, ui->focus == LAYOUT_ANNOTATIONS ? "relabel" :
		    "tag", err);
	else if (what != NULL)
		ui_message(ui, "%s", what);
	free(what);
	ui_spans_changed(ui);
}

/* The span a span action works on, or -1 (with a message). */
static long
ui_target_span(struct ui *ui, int suggestion)
{
	struct doc	*d = &ui->doc;
	long		 i = -1;
	size_t		 k;

	if (!doc_is_open(d))
		return -1;
	if (ui->focus == LAYOUT_ANNOTATIONS) {
		if (ui->ann_selected < d->nspans)
			i = (long)ui->ann_selected;
	} else if (d->has_cursor && suggestion) {
		/* The innermost suggestion of mine under the cursor. */
		for (k = 0; k < d->nspans; k++) {
			const struct store_span *sp = &d->spans[k];

			if (sp->start_byte <= d->cur_start &&
			    d->cur_start < sp->end_byte &&
			    sp->status == STORE_SUGGESTED &&
			    strcmp(sp->annotator, ui->annotator) == 0 &&
			    (i < 0 || sp->end_byte - sp->start_byte <=
			    d->spans[i].end_byte - d->spans[i].start_byte))
				i = (long)k;
		}
	} else if (d->has_cursor)
		i = doc_span_at(d, d->cur_start, ui->annotator);
	if (i < 0) {
		ui_error(ui, suggestion ? "no suggestion of yours here" :
		    "no span of yours here");
		return -1;
	}
	if (strcmp(d->spans[i].annotator, ui->annotator) != 0) {
		ui_error(ui, "that span is %s's, not yours",
		    d->spans[i].annotator);
		return -1;
	}
	if (suggestion && d->spans[i].status != STORE_SUGGESTED) {
		ui_error(ui, "that span is not a suggestion");
		return -1;
	}
	return i;
}

int
ui_span_action(struct ui *ui, enum action a)
{
	struct doc		*d = &ui->doc;
	const struct store_span	*sp;
	char			*err = NULL;
	long			 i;
	int			 rc = 0;

	switch (a) {
	case ACTION_DELETE:
	case ACTION_NOTE:
	case ACTION_ACCEPT:
	case ACTION_REJECT:
	case ACTION_ACCEPT_ALL:
	case ACTION_PROPAGATE:
		break;
	case ACTION_LABEL_PICK:
		if (ui_readonly_refuses(ui, a) || !doc_is_open(d))
			return 1;
		if (ui->nlabels == 0) {
			ui_error(ui, "the label schema is empty: :label add "
			    "NAME adds one");
			return 1;
		}
		ui_prompt_open(ui, UI_PROMPT_LABEL, "label: ", NULL);
		return 1;
	default:
		return 0;
	}
	if (ui_readonly_refuses(ui, a))
		return 1;
	if ((i = ui_target_span(ui, a == ACTION_ACCEPT ||
	    a == ACTION_REJECT || a == ACTION_ACCEPT_ALL)) < 0)
		return 1;
	sp = &d->spans[i];
	switch (a) {
	case ACTION_DELETE:
		rc = store_span_delete(ui->store, sp->id, &err);
		if (rc == 0)
			ui_message(ui, "deleted %s: %s", sp->label, sp->text);
		break;
	case ACTION_NOTE:
		ui_prompt_open(ui, UI_PROMPT_NOTE, "note: ", sp->note);
		ui->prompt.span_id = sp->id;
		return 1;
	case ACTION_ACCEPT:
	case ACTION_REJECT:
		rc = store_span_set_status(ui->store, sp->id, a ==
		    ACTION_ACCEPT ? STORE_ACCEPTED : STORE_REJECTED, &err);
		if (rc == 0)
			ui_message(ui, "%s %s: %s", a == ACTION_ACCEPT ?
			    "accepted" : "rejected", sp->label, sp->text);
		break;
	case ACTION_ACCEPT_ALL: {
		size_t	 n = 0;

		rc = assist_accept_all(ui->store, d->article.id, sp->text,
		    sp->label, ui->annotator, &n, &err);
		if (rc == 0)
			ui_message(ui, "accepted %zu suggestion%s %s: %s", n,
			    n == 1 ? "" : "s", sp->label, sp->text);
		break;
	}
	case ACTION_PROPAGATE: {
		size_t	 n = 0;

		rc = assist_propagate(ui->store, sp, ui->annotator, &n, &err);
		if (rc == 0)
			ui_message(ui, "propagate: %zu suggestion%s of %s: %s "
			    "in the corpus", n, n == 1 ? "" : "s", sp->label,
			    sp->text);
		ui->list.stale = 1;
		break;
	}
	default:
		break;
	}
	if (rc == -1)
		ui_store_error(ui, action_name(a), err);
	ui_reload_spans(ui);
	return 1;
}

/* Review mode (SPEC §10). */

void
ui_review_show(struct ui *ui)
{
	struct review_item	*it;
	char			*err = NULL;
	long			 pos = -1;

	ui->marking = 0;
	if (ui->review == NULL || (it = review_walk_current(ui->review)) ==
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
	rc = review_walk_step(ui->review, dir, &err);
	if (rc == -1)
		ui_store_error(ui, "review", err);
	else if (rc == 0)
		ui_message(ui, dir > 0 ? "that was the last disagreement" :
		    "that was the first disagreement");
	ui_review_show(ui);
}

static void
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
	if (review_walk_current(ui->review) == NULL) {
		ui_error(ui, "no disagreement to decide here");
		return;
	}
	if (review_walk_take(ui->review, takes[which], &err) == -1) {
		ui_store_error(ui, action_name(a), err);
		return;
	}
	ui_message(ui, "%s: %s", ui->review_gold, which == 0 ?
	    ui->review_a : which == 1 ? ui->review_b : which == 2 ?
	    "both sides" : "neither side");
	ui->list.stale = 1;
	/* On to the next one, as an adjudicator expects. */
	if (review_walk_step(ui->review, 1, &err) == 1)
		ui_review_show(ui);
	else {
		free(err);
		ui_review_show(ui);
		ui_message(ui, "%s: decided; that was the last disagreement",
		    ui->review_gold);
	}
}

/* The open article's done mark, as the (refreshed) list has it. */
static void
ui_sync_done(struct ui *ui)
{
	const struct store_article *row = ui_list_row(ui, ui->list.selected);

	if (row != NULL && doc_is_open(&ui->doc) &&
	    row->id == ui->doc.article.id)
		ui->doc.article.done = row->done;
}

/* u and C-r: the store's history, so they work across restarts. */
static void
ui_undo(struct ui *ui, enum action a)
{
	struct store_change	 what;
	char			*err = NULL;
	long			 pos = -1;
	int			 rc;

	if (ui_readonly_refuses(ui, a))
		return;
	memset(&what, 0, sizeof(what));
	rc = a == ACTION_UNDO ? store_undo(ui->store, ui->annotator, &what,
	    &err) : store_redo(ui->store, ui->annotator, &what, &err);
	if (rc == -1) {
		ui_store_error(ui, action_name(a), err);
		return;
	}
	if (what.count == 0) {
		ui_message(ui, a == ACTION_UNDO ? "nothing to undo" :
		    "nothing to redo");
		store_change_free(&what);
		return;
	}
	ui_message(ui, "%s", what.description);
	ui_list_refresh(ui);
	/* Show where the change was. */
	if (what.article_id != 0 && (!doc_is_open(&ui->doc) ||
	    ui->doc.article.id != what.article_id) &&
	    store_article_position(ui->store, &ui->list.filter,
	    what.article_id, &pos, &err) == 0 && pos >= 0)
		ui_open_article(ui, (size_t)pos);
	free(err);
	ui_reload_spans(ui);
	ui_sync_done(ui);
	if (what.has_span && doc_is_open(&ui->doc) &&
	    ui->doc.article.id == what.article_id) {
		doc_select_cancel(&ui->doc);
		doc_cursor_to(&ui->doc, what.start_byte);
		doc_scroll_to_cursor(&ui->doc);
	}
	store_change_free(&what);
}

void
ui_search_again(struct ui *ui, int backward)
{
	struct doc	*d = &ui->doc;
	size_t		 start, end, from;
	int		 wrapped;

	if (ui->focus == LAYOUT_LIST && ui->list.query != NULL) {
		if (backward ? ui->list.selected > 0 :
		    ui->list.selected + 1 < ui->list.count)
			ui_open_article(ui, ui->list.selected +
			    (backward ? -1 : 1));
		return;
	}
	if (ui->needle == NULL || !doc_is_open(d)) {
		ui_message(ui, "no search yet: / searches");
		return;
	}
	from = d->has_cursor ? d->cur_start + (backward ? 0 : 1) : 0;
	if (!doc_search(d, ui->needle, ui->needle_len, from, backward, &start,
	    &end, &wrapped)) {
		ui_error(ui, "no match");
		return;
	}
	doc_cursor_to(d, start);
	doc_scroll_to_cursor(d);
	if (wrapped)
		ui_message(ui, backward ? "search wrapped to the bottom" :
		    "search wrapped to the top");
}

static void
ui_tag_prompt(struct ui *ui)
{
	struct buf	 b = BUF_INIT;
	char		**tags = NULL, *err = NULL;
	size_t		 n = 0, i;

	if (ui_readonly_refuses(ui, ACTION_TAG_ARTICLE) ||
	    !doc_is_open(&ui->doc))
		return;
	if (ui_my_tags(ui, &tags, &n, &err) == -1) {
		ui_store_error(ui, "tags", err);
		return;
	}
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s ", tags[i]);
	store_strings_free(tags, n);
	ui_prompt_open(ui, UI_PROMPT_TAGS, "tags: ", b.data);
	buf_free(&b);
}

int
ui_my_tags(struct ui *ui, char ***tags, size_t *n, char **errp)
{
	struct store_tag	*v = NULL;
	size_t			 nv = 0, i;

	*tags = NULL;
	*n = 0;
	if (store_tag_rows(ui->store, ui->doc.article.id, &v, &nv,
	    errp) == -1)
		return -1;
	*tags = xreallocarray(NULL, nv + 1, sizeof(char *));
	for (i = 0; i < nv; i++)
		if (strcmp(v[i].annotator, ui->annotator) == 0)
			(*tags)[(*n)++] = xstrdup(v[i].tag);
	store_tag_rows_free(v, nv);
	return 0;
}

/* V: mine, everyone's, then each other annotator's in turn. */
static void
ui_view_next(struct ui *ui)
{
	char	**names = NULL, *err = NULL, *next = NULL;
	size_t	  n = 0, i;

	if (ui->view == NULL)
		next = xstrdup("*");
	else {
		if (store_annotators(ui->store, &names, &n, &err) == -1) {
			ui_store_error(ui, "view-annotator", err);
			return;
		}
		i = 0;
		if (strcmp(ui->view, "*") != 0)
			while (i < n && strcmp(names[i], ui->view) <= 0)
				i++;
		while (i < n && strcmp(names[i], ui->annotator) == 0)
			i++;
		if (i < n)
			next = xstrdup(names[i]);
		store_strings_free(names, n);
	}
	free(ui->view);
	ui->view = next;
	ui_reload_spans(ui);
	if (next == NULL)
		ui_message(ui, "showing my spans");
	else if (strcmp(next, "*") == 0)
		ui_message(ui, "showing everyone's spans");
	else
		ui_message(ui, "showing %s's spans", next);
}

/* Actions that belong to no pane. */
static int
ui_action(struct ui *ui, enum action a)
{
	const struct store_article	*row;
	char				*err = NULL;
	size_t				 i, first;
	int				 done;

	switch (a) {
	case ACTION_QUIT:
		ui->quit = 1;
		return 1;
	case ACTION_HELP:
		ui->help = 1;
		ui->help_top = 0;
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
		/*
		 * The next article I have not marked done, wrapping round.
		 * With a todo filter the article just left the list, and the
		 * next one has taken its place.
		 */
		row = ui_list_row(ui, ui->list.selected);
		first = row != NULL && row->id == ui->doc.article.id ? 1 : 0;
		for (i = first; ui->list.count > 0 &&
		    i < ui->list.count + first; i++) {
			size_t	 pos = (ui->list.selected + i) % ui->list.count;

			if ((row = ui_list_row(ui, pos)) != NULL && !row->done) {
				ui_open_article(ui, pos);
				ui_message(ui, "marked done; %zu/%zu done",
				    ui->list.done, ui->list.total);
				return 1;
			}
		}
		ui_message(ui, "marked done; every article is done");
		return 1;
	case ACTION_COMMAND:
		ui_prompt_open(ui, UI_PROMPT_COMMAND, ":", NULL);
		return 1;
	case ACTION_UNDO:
	case ACTION_REDO:
		ui_undo(ui, a);
		return 1;
	case ACTION_REVIEW_NEXT:
	case ACTION_REVIEW_PREV:
		ui_review_step(ui, a == ACTION_REVIEW_NEXT ? 1 : -1);
		return 1;
	case ACTION_TAKE_A:
	case ACTION_TAKE_B:
	case ACTION_TAKE_BOTH:
	case ACTION_TAKE_NEITHER:
		ui_review_take(ui, a);
		return 1;
	case ACTION_SEARCH:
		if (ui->focus == LAYOUT_LIST) {
			ui_prompt_open(ui, UI_PROMPT_FIND, "find: ",
			    ui->list.query);
			return 1;
		}
		if (!doc_is_open(&ui->doc))
			return 1;
		ui->focus = LAYOUT_READER;
		ui_prompt_open(ui, UI_PROMPT_SEARCH, "/", NULL);
		return 1;
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
		ui_search_again(ui, a == ACTION_SEARCH_PREV);
		return 1;
	case ACTION_TAG_ARTICLE:
		ui_tag_prompt(ui);
		return 1;
	case ACTION_VIEW_ANNOTATOR:
		ui_view_next(ui);
		return 1;
	case ACTION_CANCEL:
		if (ui->needle != NULL) {
			free(ui->needle);
			ui->needle = NULL;
			ui->needle_len = 0;
		} else if (ui->list.query != NULL) {
			ui_list_find(ui, NULL);
			ui_message(ui, "search cleared");
		}
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
	enum keymap_context	 ctx = ui_pane(ui, ui->focus)->context;
	enum keymap_match	 m;

	/* Reviewing, the reader takes the review's keys too. */
	if (ui->review != NULL && ui->focus == LAYOUT_READER)
		ctx = KEYMAP_REVIEW;
	enum action		 a = ACTION_NONE;
	char			*name;

	if (ui->help) {
		ui_help_key(ui, k);
		return;
	}
	if (ui->prompt.kind != UI_PROMPT_NONE) {
		ui_prompt_key(ui, k);
		return;
	}
	if (ui->pending.n >= KEYSEQ_MAX)
		ui->pending.n = 0;
	ui->pending.keys[ui->pending.n++] = *k;
	m = keymap_lookup(ui->keymap, ctx, &ui->pending, &a);
	if (m == KEYMAP_PREFIX)
		return;
	if (m == KEYMAP_NOMATCH) {
		char	*help = ui_keys_of(ui, KEYMAP_GENERIC, ACTION_HELP);

		name = keymap_seq_name(&ui->pending);
		if (help != NULL)
			ui_message(ui, "%s is not bound here (%s: help)", name,
			    help);
		else
			ui_message(ui, "%s is not bound here", name);
		free(name);
		free(help);
		ui->pending.n = 0;
		return;
	}
	ui->pending.n = 0;
	free(ui->message);
	ui->message = NULL;
	if (ui_pane(ui, ui->focus)->action(ui, a))
		return;
	if (ui_action(ui, a))
		return;
	ui_message(ui, "%s does nothing in the %s pane", action_name(a),
	    ui_pane(ui, ui->focus)->name);
}

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
	if (pane < 0 || ui->prompt.kind != UI_PROMPT_NONE)
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
		    ui->ann_selected + 3 : ui->ann_top + (size_t)row;

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
	if (c->review_a != NULL) {
		ui->review_a = xstrdup(c->review_a);
		ui->review_b = xstrdup(c->review_b);
		ui->review_gold = xstrdup(c->review_gold);
		ui->view = xstrdup("*");
		ui->focus = LAYOUT_READER;
		if (review_walk_open(&ui->review, ui->store, c->review_a,
		    c->review_b, c->review_gold, c->review_flags, &err) == -1)
			ui_store_error(ui, "review", err);
		else {
			ui_review_step(ui, 1);
			if (review_walk_current(ui->review) == NULL)
				ui_message(ui, "no disagreements between %s "
				    "and %s", c->review_a, c->review_b);
		}
	}
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
	if (ui->list.query != NULL)
		store_article_rows_free(ui->list.results, ui->list.count);
	free(ui->list.query);
	free(ui->list.tag);
	buf_free(&ui->prompt.text);
	free(ui->needle);
	free(ui->view);
	if (ui->review != NULL)
		review_walk_close(ui->review);
	free(ui->review_a);
	free(ui->review_b);
	free(ui->review_gold);
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

/*
 * Other processes' changes (§10): polled while idle, outside any
 * transaction, and shown without losing the cursor, the selection or a
 * prompt in progress.
 */
static void
ui_poll(struct ui *ui)
{
	if (!store_changed(ui->store))
		return;
	ui_load_labels(ui);
	draw_init_colors(ui);
	ui_list_refresh(ui);
	if (doc_is_open(&ui->doc)) {
		ui_reload_spans(ui);
		ui_sync_done(ui);
	}
	if (ui->review != NULL) {
		char	*err = NULL;

		if (review_walk_refresh(ui->review, &err) == -1)
			ui_store_error(ui, "review", err);
		ui_review_show(ui);
	}
}

void
ui_mouse_setup(struct ui *ui)
{
	if (ui->options.mouse) {
		/* Press and release apart, so that a drag selects. */
		mouseinterval(0);
		mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED |
		    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	} else
		mousemask(0, NULL);
}

/* Read one key from the terminal; 0 on a resize or nothing read. */
static int
ui_read_key(struct ui *ui, struct key *k)
{
	wint_t	 wc, next;
	int	 rc;

	rc = get_wch(&wc);
	if (rc == ERR) {
		ui_poll(ui);
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

	while (!ui->quit) {
		ui_draw(ui);
		refresh();
		if (ui_read_key(ui, &k))
			ui_key(ui, &k);
	}
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

void
ui_redraw_for_script(struct ui *ui)
{
	ui_draw(ui);
	/* Nothing to send: the script reads stdscr. */
}
