/*
 * ui_dispatch.c: a key through the keymap to an action, and the actions
 * that belong to no one pane (focus, articles, search again, tags, views,
 * help); the rest go to the focused pane's ops.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/search.h"
#include "margin/text.h"
#include "margin/util.h"
#include "pane.h"
#include "ui_script.h"

/* Reader search as you type: from where the cursor was. */
static void
ui_dispatch_search_change(struct ui *ui)
{
	struct ui_prompt	*p = &ui->prompt;
	struct doc		*d = &ui->doc;
	size_t			 start, end;
	int			 wrapped;

	free(ui->needle);
	ui->needle = search_fold(p->text.data ? p->text.data : "",
	    p->text.len, &ui->needle_len, NULL);
	d->top = p->saved_top;
	if (p->saved_cursor)
		doc_cursor_to(d, p->saved_start);
	if (ui->needle_len == 0)
		return;
	if (doc_search(d, ui->needle, ui->needle_len, p->saved_start, 0,
	    &start, &end, &wrapped)) {
		doc_cursor_to(d, start);
		doc_scroll_to_cursor(d);
		if (wrapped)
			ui_message(ui, "search wrapped to the top");
	} else
		ui_error(ui, "no match for \"%s\"", p->text.data);
}

/* Enter keeps the cursor on the match; an empty search clears the hits. */
static void
ui_dispatch_search_submit(struct ui *ui, const char *text)
{
	if (ui->needle_len == 0) {
		free(ui->needle);
		ui->needle = NULL;
	}
}

/* Esc returns to where the search started. */
static void
ui_dispatch_search_cancel(struct ui *ui)
{
	struct ui_prompt	*p = &ui->prompt;

	ui->doc.top = p->saved_top;
	if (p->saved_cursor)
		doc_cursor_to(&ui->doc, p->saved_start);
	free(ui->needle);
	ui->needle = NULL;
	ui->needle_len = 0;
}

static const struct ui_prompt_client ui_dispatch_search_prompt = {
	.label = "/",
	.submit = ui_dispatch_search_submit,
	.change = ui_dispatch_search_change,
	.cancel = ui_dispatch_search_cancel,
};

/* The list's full-text search: the ranked results, the first opened. */
static void
ui_dispatch_find_submit(struct ui *ui, const char *text)
{
	ui_list_find(ui, text);
	if (ui->list.query != NULL)
		ui_message(ui, "%zu article%s found", ui->list.count,
		    ui->list.count == 1 ? "" : "s");
	if (ui->list.count > 0)
		ui_open_article(ui, ui->list.selected);
}

static const struct ui_prompt_client ui_dispatch_find_prompt = {
	.label = "find: ",
	.submit = ui_dispatch_find_submit,
};

static int
ui_dispatch_has_word(char **words, size_t n, const char *w)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(words[i], w) == 0)
			return 1;
	return 0;
}

/* T: the prompt holds the tags; add what is new, remove what is gone. */
static void
ui_dispatch_tags_submit(struct ui *ui, const char *line)
{
	char	**now = NULL, **want = NULL, *copy, *w, *save = NULL, *err = NULL;
	size_t	  nnow = 0, nwant = 0, capwant = 0, i, added = 0, removed = 0;
	int64_t	  id = ui->doc.article.id;

	if (ui_my_tags(ui, &now, &nnow, &err) == -1) {
		ui_store_error(ui, "tags", err);
		return;
	}
	copy = xstrdup(line);
	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		ARRAY_RESERVE(want, capwant, nwant + 1);
		want[nwant++] = w;
	}
	for (i = 0; i < nwant; i++) {
		if (ui_dispatch_has_word(now, nnow, want[i]) ||
		    ui_dispatch_has_word(want, i, want[i]))
			continue;
		if (store_tag_add(ui->store, id, want[i], ui->annotator,
		    &err) == -1) {
			ui_store_error(ui, "tags", err);
			goto out;
		}
		added++;
	}
	for (i = 0; i < nnow; i++) {
		if (ui_dispatch_has_word(want, nwant, now[i]))
			continue;
		if (store_tag_remove(ui->store, id, now[i], ui->annotator,
		    &err) == -1) {
			ui_store_error(ui, "tags", err);
			goto out;
		}
		removed++;
	}
	ui_message(ui, "tags: %zu added, %zu removed", added, removed);
out:
	free(want);
	free(copy);
	store_strings_free(now, nnow);
}

static const struct ui_prompt_client ui_dispatch_tags_prompt = {
	.label = "tags: ",
	.submit = ui_dispatch_tags_submit,
};

/* A key while the Entities overlay is shown: movement and open are its
   own (ui_entities.c), : opens a command on the entity picked, the rest
   closes it. */
static void
ui_entities_key(struct ui *ui, const struct key *k)
{
	struct keyseq	 seq;
	enum action	 a = ACTION_NONE;

	memset(&seq, 0, sizeof(seq));
	seq.keys[0] = *k;
	seq.n = 1;
	keymap_lookup(ui->keymap, ui_pane(ui, ui->focus)->context, &seq, &a);
	if (a == ACTION_COMMAND)
		ui_prompt_open(ui, &ui_command_prompt, "entity ");
	else
		ui_entities_action(ui, a);
}

/* A key while the stats overlay is shown: movement scrolls, the rest
   closes (the drawing keeps the last line in view). */
static void
ui_stats_key(struct ui *ui, const struct key *k)
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
		ui->stats_top++;
		break;
	case ACTION_MOVE_UP:
		if (ui->stats_top > 0)
			ui->stats_top--;
		break;
	case ACTION_PAGE_DOWN:
		ui->stats_top += page;
		break;
	case ACTION_PAGE_UP:
		ui->stats_top = ui->stats_top > page ? ui->stats_top - page : 0;
		break;
	case ACTION_TOP:
		ui->stats_top = 0;
		break;
	case ACTION_BOTTOM:
		ui->stats_top = SIZE_MAX / 2;
		break;
	default:
		ui_stats_close(ui);
		break;
	}
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
	ui_prompt_open(ui, &ui_dispatch_tags_prompt, b.data);
	buf_free(&b);
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

/*
 * After done-next marked the open article: the next article I have not
 * marked done, wrapping round.  With a todo filter the article just left
 * the list, and the next one has taken its place.  uncertain: set next
 * uncertain found no pending suggestion of the model to go by.
 */
static void
ui_dispatch_done_next_in_order(struct ui *ui, int uncertain)
{
	const struct store_article	*row;
	const char			*why = uncertain ? "; no suggestion "
	    "of the model pending: the next in order" : "";
	size_t				 i, first;

	row = ui_list_row(ui, ui->list.selected);
	first = row != NULL && row->id == ui->doc.article.id ? 1 : 0;
	for (i = first; ui->list.count > 0 &&
	    i < ui->list.count + first; i++) {
		size_t	 pos = (ui->list.selected + i) % ui->list.count;

		if ((row = ui_list_row(ui, pos)) != NULL && !row->done) {
			ui_open_article(ui, pos);
			ui_message(ui, "marked done; %zu/%zu done%s",
			    ui->list.done, ui->list.total, why);
			return;
		}
	}
	ui_message(ui, "marked done; every article is done");
}

/*
 * toggle-annotations: shown, it is hidden (set annotations off; the focus
 * goes to the reader); hidden, it is shown: set annotations on, and where
 * that is not enough (one pane, or the list has the focus) it takes the
 * focus.
 */
static void
ui_toggle_annotations(struct ui *ui)
{
	if (ui->review != NULL) {
		ui_message(ui, "the review pane stays while reviewing");
		return;
	}
	ui_relayout(ui);
	if (layout_shown(&ui->layout, LAYOUT_ANNOTATIONS)) {
		ui->options.annotations = OPTIONS_ANNOTATIONS_OFF;
		if (ui->focus == LAYOUT_ANNOTATIONS)
			ui->focus = LAYOUT_READER;
		ui_relayout(ui);
		ui_message(ui, "annotations off");
		return;
	}
	ui->options.annotations = OPTIONS_ANNOTATIONS_ON;
	ui_relayout(ui);
	if (!layout_shown(&ui->layout, LAYOUT_ANNOTATIONS)) {
		ui->focus = LAYOUT_ANNOTATIONS;
		ui_relayout(ui);
	}
	ui_message(ui, "annotations on");
}

/* Actions that belong to no pane. */
static int
ui_action(struct ui *ui, enum action a)
{
	char				*err = NULL;
	int				 done, was_done;

	switch (a) {
	case ACTION_QUIT:
		ui->quit = 1;
		return 1;
	case ACTION_HELP:
		ui->help = 1;
		ui->help_top = 0;
		return 1;
	case ACTION_STATS:
		ui_stats_open(ui);
		return 1;
	case ACTION_ENTITIES:
		ui_entities_open(ui);
		return 1;
	case ACTION_REDRAW:
		ui->redraw_all = 1;
		clearok(curscr, TRUE);
		return 1;
	case ACTION_FOCUS_NEXT:
	case ACTION_FOCUS_PREV:
		ui->focus = (ui->focus + (a == ACTION_FOCUS_NEXT ? 1 :
		    LAYOUT_NPANES - 1)) % LAYOUT_NPANES;
		/* set annotations off: Tab goes between list and reader. */
		if (ui->focus == LAYOUT_ANNOTATIONS && ui->review == NULL &&
		    ui->options.annotations == OPTIONS_ANNOTATIONS_OFF)
			ui->focus = a == ACTION_FOCUS_NEXT ? LAYOUT_LIST :
			    LAYOUT_READER;
		return 1;
	case ACTION_TOGGLE_ANNOTATIONS:
		ui_toggle_annotations(ui);
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
		was_done = ui->doc.article.done;
		if (store_article_set_done(ui->store, ui->doc.article.id,
		    ui->annotator, done, &err) == -1) {
			ui_store_error(ui, action_name(a), err);
			return 1;
		}
		ui->doc.article.done = done;
		ui_list_refresh(ui);
		if (a == ACTION_TOGGLE_DONE) {
			ui_message(ui, done ? "marked done" : "marked not done");
			if (done && !was_done)
				ui_train_done_marked(ui);
			return 1;
		}
		if (ui->options.next == OPTIONS_NEXT_UNCERTAIN) {
			double	 score;
			int	 rc = ui_suggest_next_uncertain(ui, &score);

			if (rc == 1)
				ui_message(ui, "marked done; %zu/%zu done; "
				    "the least certain suggestion next "
				    "(%.2f)", ui->list.done, ui->list.total,
				    score);
			else if (rc == 0)
				ui_dispatch_done_next_in_order(ui, 1);
		} else
			ui_dispatch_done_next_in_order(ui, 0);
		if (!was_done)
			ui_train_done_marked(ui);
		return 1;
	case ACTION_COMMAND:
		ui_prompt_open(ui, &ui_command_prompt, NULL);
		return 1;
	case ACTION_SUGGEST:
		ui_suggest(ui);
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
			ui_prompt_open(ui, &ui_dispatch_find_prompt,
			    ui->list.query);
			return 1;
		}
		if (!doc_is_open(&ui->doc))
			return 1;
		ui->focus = LAYOUT_READER;
		ui_prompt_open(ui, &ui_dispatch_search_prompt, NULL);
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
		ui_help_key(ui, ui_pane(ui, ui->focus)->context, k);
		return;
	}
	if (ui->stats != NULL) {
		ui_stats_key(ui, k);
		return;
	}
	if (ui->prompt.client != NULL) {
		ui_prompt_key(ui, k);
		return;
	}
	if (ui_entities_shown(ui)) {
		ui_entities_key(ui, k);
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
