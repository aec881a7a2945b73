/*
 * ui_services.c: what the panes, the prompt and the commands ask of the
 * session: messages, the label a key means, the articles list and the
 * open article, whose spans are shown, the labels, the done marks, the
 * mouse reporting the terminal is asked for.  It calls no pane and nothing
 * of the main loop, so that every pane can use it.
 */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/text.h"
#include "margin/util.h"
#include "pane.h"

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
	struct store_article_filter done = l->filter, all;
	char		*err = NULL;

	l->stale = 1;
	/*
	 * The window's rows keep their places when nothing filters the list
	 * (articles are never deleted, new ones come last): their ids then
	 * still anchor the next fetch.  Under a filter, or after one, rows
	 * may have come or gone before them: start again from an end.
	 */
	if (ui_list_filtered(ui) || l->rows_filtered) {
		store_article_rows_free(l->rows, l->nrows);
		l->rows = NULL;
		l->nrows = 0;
		l->rows_top = 0;
	}
	if (store_article_count(ui->store, &l->filter, &l->total,
	    &err) == -1) {
		ui_store_error(ui, "list", err);
		l->total = 0;
	}
	/* "3 of 120": what the filters leave of the whole. */
	l->everything = l->total;
	memset(&all, 0, sizeof(all));
	all.annotator = l->filter.annotator;
	if (ui_list_filtered(ui) && store_article_count(ui->store, &all,
	    &l->everything, &err) == -1)
		ui_store_error(ui, "list", err);
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

int
ui_list_filtered(const struct ui *ui)
{
	return ui->list.filter.tag != NULL || ui->list.filter.status != 0;
}

void
ui_list_filter_describe(const struct ui *ui, struct buf *b)
{
	const struct store_article_filter *f = &ui->list.filter;
	size_t	 start = b->len;

	if (f->tag != NULL)
		buf_printf(b, "tag=%s", f->tag);
	if (f->status != 0)
		buf_printf(b, "%s%s", b->len > start ? ", " : "",
		    f->status > 0 ? "done" : "not done");
}

void
ui_list_filter_clear(struct ui *ui)
{
	struct ui_list	*l = &ui->list;

	free(l->tag);
	l->tag = NULL;
	l->filter.tag = NULL;
	l->filter.status = 0;
	ui_list_find(ui, NULL);
	ui_list_refresh(ui);
}

/* Rows the list's window holds: two screens of the pane, so that a key
   that reads it again (G, a jump) reads about what the pane shows. */
static size_t
ui_list_window(const struct ui *ui)
{
	int	 h = ui->layout.pane[LAYOUT_LIST].h;

	return h < 8 ? 16 : h > 32 ? 64 : (size_t)h * 2;
}

/*
 * The list's window is fetched by keyset: next to the rows it holds (by
 * their ids), or from the start or the end of the list, whichever is
 * nearest to pos, so that a move, a page or G costs the rows shown and
 * not the rows before them.  Only a jump far from all three walks rows
 * (skip), and then the fewest.
 */
static int
ui_list_fetch(struct ui *ui, size_t pos)
{
	struct ui_list		*l = &ui->list;
	struct store_article	*rows = NULL;
	size_t			 want = ui_list_window(ui);
	size_t			 n = 0, from, to, skip, end;
	int64_t			 key = 0;
	int			 dir = 1;
	char			*err = NULL;

	/* The window to have: want rows about pos, inside the list. */
	from = pos > want / 2 ? pos - want / 2 : 0;
	if (from + want > l->count)
		from = l->count > want ? l->count - want : 0;
	to = from + want < l->count ? from + want : l->count;
	end = l->rows_top + l->nrows;
	if (l->nrows > 0 && l->stale && pos >= l->rows_top && pos < end) {
		/* The rows may have changed, not where the window is: read
		   it again from its first id, at its place. */
		from = l->rows_top;
		to = from + want;
		key = l->rows[0].id - 1;
		skip = 0;
	} else if (l->nrows > 0 && !l->stale && from >= l->rows_top &&
	    from < end) {
		/* It starts inside the window: after the row before it. */
		key = l->rows[from - l->rows_top].id - 1;
		skip = 0;
	} else if (l->nrows > 0 && !l->stale && to > l->rows_top &&
	    to <= end) {
		/* It ends inside the window: before the row after it. */
		key = l->rows[to - 1 - l->rows_top].id + 1;
		dir = -1;
		skip = 0;
	} else {
		/* From the start, the end or the window's edges, whichever
		   is nearest: only a long jump skips rows. */
		skip = from;
		if (l->count - to < skip) {
			skip = l->count - to;
			key = INT64_MAX;
			dir = -1;
		}
		if (l->nrows > 0 && !l->stale && from >= end &&
		    from - end < skip) {
			skip = from - end;
			key = l->rows[l->nrows - 1].id;
			dir = 1;
		} else if (l->nrows > 0 && !l->stale && to <= l->rows_top &&
		    l->rows_top - to < skip) {
			skip = l->rows_top - to;
			key = l->rows[0].id;
			dir = -1;
		}
	}
	if (store_article_rows_near(ui->store, &l->filter, key, dir, skip,
	    to - from, &rows, &n, &err) == -1) {
		ui_store_error(ui, "list", err);
		return -1;
	}
	store_article_rows_free(l->rows, l->nrows);
	l->rows = rows;
	l->nrows = n;
	/* Rows after a key start at from; rows before one end at to. */
	l->rows_top = dir > 0 ? from : to > n ? to - n : 0;
	l->stale = 0;
	l->rows_filtered = ui_list_filtered(ui);
	return 0;
}

const struct store_article *
ui_list_row(struct ui *ui, size_t pos)
{
	struct ui_list	*l = &ui->list;

	if (pos >= l->count)
		return NULL;
	if (l->query != NULL)
		return &l->results[pos];
	if (l->stale || pos < l->rows_top || pos >= l->rows_top + l->nrows) {
		if (ui_list_fetch(ui, pos) == -1)
			return NULL;
	}
	if (pos < l->rows_top || pos >= l->rows_top + l->nrows)
		return NULL;
	return &l->rows[pos - l->rows_top];
}

/* Spans of the open article that the reader left out (doc.h). */
static void
ui_say_damaged(struct ui *ui)
{
	size_t	 n = ui->doc.ndamaged;

	if (n > 0)
		ui_message(ui, "%zu span%s left out: %s offsets do not fit "
		    "this article (was the database changed by another "
		    "tool?)", n, n == 1 ? "" : "s", n == 1 ? "its" : "their");
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
	ui_say_damaged(ui);
}

/* :goto, and the mentions of the Entities overlay. */
int
ui_goto_article(struct ui *ui, int64_t id, char **errp)
{
	struct store_article_filter	 all;
	struct buf			 was = BUF_INIT;
	long				 pos;

	if (store_article_position(ui->store, &ui->list.filter, id, &pos,
	    errp) == -1)
		return -1;
	if (pos < 0 && ui_list_filtered(ui)) {
		memset(&all, 0, sizeof(all));
		all.annotator = ui->list.filter.annotator;
		if (store_article_position(ui->store, &all, id, &pos,
		    errp) == -1)
			return -1;
		if (pos >= 0) {
			ui_list_filter_describe(ui, &was);
			ui_list_filter_clear(ui);
		}
	}
	if (pos < 0)
		return err_set(errp, "no article %lld", (long long)id);
	ui_list_find(ui, NULL);
	ui_open_article(ui, (size_t)pos);
	doc_top(&ui->doc);
	ui->focus = LAYOUT_READER;
	if (was.len > 0)
		ui_message(ui, "article %lld: filter off (%s hid it)",
		    (long long)id, was.data);
	buf_free(&was);
	return 0;
}

size_t
ui_suggestions_left(const struct ui *ui)
{
	size_t	 i, n = 0;

	for (i = 0; i < ui->doc.nspans; i++)
		n += ui->doc.spans[i].status == STORE_SUGGESTED &&
		    strcmp(ui->doc.spans[i].annotator, ui->annotator) == 0;
	return n;
}

void
ui_spans_changed(struct ui *ui)
{
	struct ui_list	*l = &ui->list;
	const char	*view = ui_view_annotator(ui);
	size_t		 i, n = 0, sugg = 0;

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
		sugg = ui_suggestions_left(ui);
		for (i = 0; i < l->nrows; i++)
			if (l->rows[i].id == ui->doc.article.id) {
				l->rows[i].nspans = (int)n;
				l->rows[i].nsuggested = (int)sugg;
			}
		if (l->query != NULL)
			for (i = 0; i < l->count; i++)
				if (l->results[i].id == ui->doc.article.id) {
					l->results[i].nspans = (int)n;
					l->results[i].nsuggested = (int)sugg;
				}
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
	size_t	 damaged = ui->doc.ndamaged;

	if (doc_set_view(&ui->doc, ui->store, ui_view_annotator(ui),
	    &err) == -1)
		ui_store_error(ui, "spans", err);
	else if (ui->doc.ndamaged != damaged)
		ui_say_damaged(ui);
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
	int		 fresh;

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
	/* A new query starts at its best match; the same one run again
	   (after a change) keeps the row the user is on. */
	fresh = l->query == NULL || strcmp(l->query, q) != 0;
	if (l->query != NULL)
		store_article_rows_free(l->results, l->count);
	free(l->query);
	l->query = q;
	l->results = rows;
	l->count = n;
	if (fresh || l->selected >= n) {
		l->selected = 0;
		l->top = 0;
	}
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

void
ui_relayout(struct ui *ui)
{
	enum layout_annotations	 ann = LAYOUT_ANN_AUTO;

	if (ui->options.annotations == OPTIONS_ANNOTATIONS_ON)
		ann = LAYOUT_ANN_ON;
	else if (ui->options.annotations == OPTIONS_ANNOTATIONS_OFF)
		ann = LAYOUT_ANN_OFF;
	/* Review shows its disagreements in the annotations' place. */
	if (ui->review != NULL && ann == LAYOUT_ANN_OFF)
		ann = LAYOUT_ANN_AUTO;
	if (ann == LAYOUT_ANN_OFF && ui->focus == LAYOUT_ANNOTATIONS)
		ui->focus = LAYOUT_READER;
	layout_compute(&ui->layout, COLS, LINES, ui->focus, ui->options.panes,
	    ann);
}

/* The keys of action a in the reader (or generic), e.g. "1". */
char *
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

/* The open article's done mark, as the (refreshed) list has it. */
void
ui_sync_done(struct ui *ui)
{
	const struct store_article *row = ui_list_row(ui, ui->list.selected);

	if (row != NULL && doc_is_open(&ui->doc) &&
	    row->id == ui->doc.article.id)
		ui->doc.article.done = row->done;
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
