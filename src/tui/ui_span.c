/*
 * ui_span.c: the span actions of the reader and the annotations pane: tag
 * and relabel by the label-N rules, delete, note, accept and reject,
 * accept-all, and the walk through my suggestions (SPEC §11) that the
 * decisions on them move along (propagate and undo/redo are bulk writes:
 * ui_bulk.c).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "margin/assist.h"
#include "margin/text.h"
#include "margin/util.h"
#include "pane.h"

/* The labels that match filter f, in schema order. */
static size_t
ui_span_pick_labels(struct ui *ui, const char *f, size_t *idx)
{
	size_t		 i, n = 0, flen = strlen(f);

	for (i = 0; i < ui->nlabels; i++) {
		const struct store_label *l = &ui->labels[i];
		size_t	 j, nlen = strlen(l->name), dlen;
		int	 hit = flen == 0;

		/* Case-insensitive substring of the name or description. */
		for (j = 0; !hit && j + flen <= nlen; j++)
			hit = strncasecmp(l->name + j, f, flen) == 0;
		dlen = strlen(l->description);
		for (j = 0; !hit && j + flen <= dlen; j++)
			hit = strncasecmp(l->description + j, f, flen) == 0;
		if (hit)
			idx[n++] = i;
	}
	return n;
}

/* The labels that match, above the prompt, the picked one reversed. */
static void
ui_span_pick_draw(struct ui *ui)
{
	size_t	*idx = xreallocarray(NULL, ui->nlabels + 1, sizeof(*idx));
	size_t	 n = ui_span_pick_labels(ui, ui->prompt.text.data ?
	    ui->prompt.text.data : "", idx), i, first = 0;
	int	 h, w = COLS, y0, x0 = 0;

	if (ui->prompt.pick >= n && n > 0)
		ui->prompt.pick = n - 1;
	h = (int)n < LINES - 2 ? (int)n : LINES - 2;
	if (h < 1) {
		free(idx);
		return;
	}
	if (ui->prompt.pick >= (size_t)h)
		first = ui->prompt.pick - (size_t)h + 1;
	y0 = ui->layout.prompt.y - h;
	if (y0 < 0)
		y0 = 0;
	for (i = 0; i < (size_t)h && first + i < n; i++) {
		const struct store_label *l = &ui->labels[idx[first + i]];
		unsigned	 attr = first + i == ui->prompt.pick ? A_REVERSE :
		    0, lattr;
		short		 pair;

		/* Columns: the key, the name, the description. */
		draw_fill(y0 + (int)i, x0, w, attr, 0);
		draw_str(y0 + (int)i, x0 + 1, 3, l->key, attr, 0);
		draw_label_style(ui, l->name, &lattr, &pair);
		draw_str(y0 + (int)i, x0 + 5, 16, l->name, attr | lattr, pair);
		draw_str(y0 + (int)i, x0 + 22, w - 23, l->description, attr, 0);
	}
	free(idx);
}

/* Enter in the picker: tag with the picked label (the label-N rules). */
static void
ui_span_pick_submit(struct ui *ui, const char *text)
{
	size_t	*idx = xreallocarray(NULL, ui->nlabels + 1, sizeof(*idx));
	size_t	 n = ui_span_pick_labels(ui, text, idx);

	if (n == 0)
		ui_error(ui, "no label matches \"%s\"", text);
	else
		ui_tag_with(ui, ui->labels[idx[ui->prompt.pick < n ?
		    ui->prompt.pick : 0]].name, ACTION_LABEL_PICK);
	free(idx);
}

static const struct ui_prompt_client ui_span_pick_prompt = {
	.label = "label: ",
	.submit = ui_span_pick_submit,
	.draw = ui_span_pick_draw,
};

/* Enter on a note: save it on the span the prompt was opened for. */
static void
ui_span_note_submit(struct ui *ui, const char *text)
{
	char	*err = NULL;

	if (store_span_set_note(ui->store, ui->prompt.span_id, text,
	    &err) == -1) {
		ui_store_error(ui, "note", err);
		return;
	}
	ui_message(ui, text[0] ? "note saved" : "note removed");
	ui_reload_spans(ui);
}

static const struct ui_prompt_client ui_span_note_prompt = {
	.label = "note: ",
	.submit = ui_span_note_submit,
};

/*
 * Working through suggestions (SPEC §11).  A place among the spans is
 * the store's order of them (start, then longer first, then id), so that
 * suggestions that start together are visited one by one.
 */
struct ui_span_key {
	size_t	 start;
	size_t	 end;
	int64_t	 id;
};

static struct ui_span_key
ui_span_key_of(const struct store_span *sp)
{
	struct ui_span_key	 k = { sp->start_byte, sp->end_byte, sp->id };

	return k;
}

static int
ui_span_key_cmp(struct ui_span_key a, struct ui_span_key b)
{
	if (a.start != b.start)
		return a.start < b.start ? -1 : 1;
	if (a.end != b.end)
		return a.end > b.end ? -1 : 1;
	if (a.id != b.id)
		return a.id < b.id ? -1 : 1;
	return 0;
}

static int
ui_my_suggestion(const struct ui *ui, const struct store_span *sp)
{
	return sp->status == STORE_SUGGESTED &&
	    strcmp(sp->annotator, ui->annotator) == 0;
}

/* My first suggestion after k (dir > 0) or last before it, or -1. */
static long
ui_suggestion_from(struct ui *ui, struct ui_span_key k, int dir)
{
	struct doc	*d = &ui->doc;
	size_t		 i;

	if (dir > 0) {
		for (i = 0; i < d->nspans; i++)
			if (ui_my_suggestion(ui, &d->spans[i]) &&
			    ui_span_key_cmp(ui_span_key_of(&d->spans[i]), k) > 0)
				return (long)i;
	} else {
		for (i = d->nspans; i-- > 0;)
			if (ui_my_suggestion(ui, &d->spans[i]) &&
			    ui_span_key_cmp(ui_span_key_of(&d->spans[i]), k) < 0)
				return (long)i;
	}
	return -1;
}

/* Where the walk stands: the selected span when the cursor is at its
   start, else the cursor between the spans that start there. */
static struct ui_span_key
ui_suggestion_here(struct ui *ui, int dir)
{
	struct doc		*d = &ui->doc;
	struct ui_span_key	 k;

	if (ui->ann_selected < d->nspans && (ui->focus ==
	    LAYOUT_ANNOTATIONS || (d->has_cursor &&
	    d->spans[ui->ann_selected].start_byte == d->cur_start)))
		return ui_span_key_of(&d->spans[ui->ann_selected]);
	/* Past every span starting at the cursor (dir > 0), or before. */
	k.start = d->has_cursor ? d->cur_start : 0;
	k.end = dir > 0 ? 0 : SIZE_MAX;
	k.id = dir > 0 ? INT64_MAX : INT64_MIN;
	return k;
}

/* Put the cursor on span i and select it in the annotations pane. */
static void
ui_suggestion_show(struct ui *ui, size_t i)
{
	struct doc	*d = &ui->doc;

	doc_select_cancel(d);
	doc_cursor_to(d, d->spans[i].start_byte);
	doc_scroll_to_cursor(d);
	ui->ann_selected = i;
}

/*
 * The next (dir > 0) or previous article of the list with suggestions of
 * mine after the open one (at list row *pos): 1 and its position in *pos,
 * or 0 when there is none.
 * With a full-text search the list is its ranked results, whose rows
 * count the suggestions; else the store finds it through its index.
 */
static int
ui_suggestion_find_article(struct ui *ui, int dir, size_t *pos)
{
	struct ui_list			*l = &ui->list;
	struct store_article_filter	 f = l->filter;
	char				*err = NULL;
	int64_t				 id;
	size_t				 i;
	int				 found = 0;

	if (l->query != NULL) {
		for (i = *pos; dir > 0 ? i + 1 < l->count : i > 0;) {
			i = dir > 0 ? i + 1 : i - 1;
			if (l->results[i].nsuggested > 0) {
				*pos = i;
				return 1;
			}
		}
		return 0;
	}
	f.annotator = ui->annotator;
	if (store_article_next_suggested(ui->store, &f, ui->doc.article.id,
	    dir, &id, pos, &found, &err) == -1) {
		ui_store_error(ui, action_name(dir > 0 ?
		    ACTION_SUGGESTION_NEXT : ACTION_SUGGESTION_PREV), err);
		return -1;
	}
	return found;
}

/*
 * Open the next (dir > 0) or previous article with suggestions of mine,
 * the cursor on its first (or last) one.  An article whose suggestions
 * went meanwhile (another process, a stale search row) is passed over.
 */
static int
ui_suggestion_article(struct ui *ui, int dir)
{
	struct ui_span_key	 k;
	size_t			 pos = ui->list.selected, tries;
	long			 s;
	int			 rc;

	k.start = dir > 0 ? 0 : SIZE_MAX;
	k.end = dir > 0 ? SIZE_MAX : 0;
	k.id = dir > 0 ? INT64_MIN : INT64_MAX;
	for (tries = 0; tries < ui->list.count; tries++) {
		if ((rc = ui_suggestion_find_article(ui, dir, &pos)) <= 0)
			return rc;
		ui_open_article(ui, pos);
		if ((s = ui_suggestion_from(ui, k, dir)) >= 0) {
			ui_suggestion_show(ui, (size_t)s);
			return 1;
		}
	}
	return 0;
}

/* suggestion-next and suggestion-prev: mine only, then the next article. */
static void
ui_suggestion_step(struct ui *ui, enum action a)
{
	int	 dir = a == ACTION_SUGGESTION_NEXT ? 1 : -1, rc;
	long	 i;

	if (!doc_is_open(&ui->doc))
		return;
	/* Showing someone else's spans, mine are not loaded. */
	if (ui->view != NULL && strcmp(ui->view, "*") != 0 &&
	    strcmp(ui->view, ui->annotator) != 0) {
		ui_error(ui, "%s: showing %s's spans; V back to yours",
		    action_name(a), ui->view);
		return;
	}
	if ((i = ui_suggestion_from(ui, ui_suggestion_here(ui, dir),
	    dir)) >= 0) {
		ui_suggestion_show(ui, (size_t)i);
		return;
	}
	if ((rc = ui_suggestion_article(ui, dir)) == 0)
		ui_message(ui, dir > 0 ? "no suggestions of yours after this" :
		    "no suggestions of yours before this");
	else if (rc == 1)
		ui_message(ui, "%s: %zu suggestion%s", dir > 0 ?
		    "next article" : "previous article",
		    ui_suggestions_left(ui), ui_suggestions_left(ui) == 1 ?
		    "" : "s");
}

/*
 * After a decision on a suggestion (accept, reject, a label key,
 * accept-all) at k, go on to my next suggestion in this article, or back
 * to the first one left before it.  When none is left the cursor stays
 * and the message says so, and the article is not left: an annotator
 * flying through suggestions still reads the rest of the text for what
 * they missed, and marks it done (m) to move on; } goes on to the next
 * article with suggestions when that is what they want.
 */
static void
ui_suggestion_after(struct ui *ui, struct ui_span_key k)
{
	struct ui_span_key	 top = { 0, SIZE_MAX, INT64_MIN };
	long			 i;
	char			*said;

	if ((i = ui_suggestion_from(ui, k, 1)) < 0)
		i = ui_suggestion_from(ui, top, 1);
	if (i < 0) {
		said = xstrdup(ui->message != NULL ? ui->message : "");
		ui_message(ui, "%s%sno suggestions left in this article",
		    said, said[0] ? "; " : "");
		free(said);
		return;
	}
	ui_suggestion_show(ui, (size_t)i);
}

void
ui_tag_with(struct ui *ui, const char *label, enum action a)
{
	struct doc		*d = &ui->doc;
	struct ui_span_key	 k;
	char			*what = NULL, *err = NULL;
	size_t			 start, end;
	long			 t = -1;
	int			 rc, crosses = 0;

	if (ui_readonly_refuses(ui, a) || !doc_is_open(d))
		return;
	/* The span the label-N rules will work on: a suggestion of mine is
	   accepted with the label (doc_relabel), and the walk goes on. */
	if (ui->focus == LAYOUT_ANNOTATIONS)
		t = ui->ann_selected < d->nspans ? (long)ui->ann_selected : -1;
	else if (d->selecting) {
		doc_selection_bounds(d, &start, &end);
		t = doc_span_exact(d, start, end, ui->annotator);
		crosses = doc_selection_crosses_paragraph(d);
	} else if (d->has_cursor)
		t = doc_span_at(d, d->cur_start, ui->annotator);
	if (t >= 0 && !ui_my_suggestion(ui, &d->spans[t]))
		t = -1;
	if (t >= 0)
		k = ui_span_key_of(&d->spans[t]);
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
		ui_message(ui, "%s%s", crosses ? "across paragraphs: " : "",
		    what);
	free(what);
	ui_spans_changed(ui);
	if (rc == 0 && t >= 0)
		ui_suggestion_after(ui, k);
}

/* What a span action works on. */
enum ui_target {
	UI_TARGET_SPAN,		/* the innermost span of mine */
	UI_TARGET_SUGGESTION,	/* the innermost suggestion of mine */
	UI_TARGET_ACCEPT_ALL	/* that, else the innermost span of mine:
				   after propagate the cursor is on the
				   accepted span whose copies are suggested */
};

/* The span a span action works on, or -1 (with a message). */
static long
ui_target_span(struct ui *ui, enum ui_target want)
{
	struct doc	*d = &ui->doc;
	long		 i = -1;
	size_t		 k;
	int		 suggestion = want == UI_TARGET_SUGGESTION;

	if (!doc_is_open(d))
		return -1;
	if (ui->focus == LAYOUT_ANNOTATIONS) {
		if (ui->ann_selected < d->nspans)
			i = (long)ui->ann_selected;
	} else if (d->has_cursor && want != UI_TARGET_SPAN) {
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
		if (i < 0 && want == UI_TARGET_ACCEPT_ALL)
			i = doc_span_at(d, d->cur_start, ui->annotator);
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
	struct ui_span_key	 k;
	char			*err = NULL;
	long			 i;
	int			 rc = 0;

	if (ui_entity_action(ui, a))
		return 1;
	switch (a) {
	case ACTION_SUGGESTION_NEXT:
	case ACTION_SUGGESTION_PREV:
		ui_suggestion_step(ui, a);
		return 1;
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
		ui_prompt_open(ui, &ui_span_pick_prompt, NULL);
		return 1;
	default:
		return 0;
	}
	if (ui_readonly_refuses(ui, a))
		return 1;
	if ((i = ui_target_span(ui, a == ACTION_ACCEPT_ALL ?
	    UI_TARGET_ACCEPT_ALL : a == ACTION_ACCEPT || a == ACTION_REJECT ?
	    UI_TARGET_SUGGESTION : UI_TARGET_SPAN)) < 0)
		return 1;
	sp = &d->spans[i];
	k = ui_span_key_of(sp);
	switch (a) {
	case ACTION_DELETE:
		rc = store_span_delete(ui->store, sp->id, &err);
		if (rc == 0)
			ui_message(ui, "deleted %s: %s", sp->label, sp->text);
		break;
	case ACTION_NOTE:
		ui_prompt_open(ui, &ui_span_note_prompt, sp->note);
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
		if (rc == 0 && n == 0)
			ui_message(ui, "no suggestions of %s: %s in this "
			    "article", sp->label, sp->text);
		else if (rc == 0)
			ui_message(ui, "accepted %zu suggestion%s %s: %s", n,
			    n == 1 ? "" : "s", sp->label, sp->text);
		break;
	}
	case ACTION_PROPAGATE:
		/* A bulk write, run a batch at a time (ui_bulk.c). */
		ui_propagate(ui, sp);
		return 1;
	default:
		break;
	}
	if (rc == -1)
		ui_store_error(ui, action_name(a), err);
	ui_reload_spans(ui);
	if (rc == 0 && (a == ACTION_ACCEPT || a == ACTION_REJECT ||
	    a == ACTION_ACCEPT_ALL))
		ui_suggestion_after(ui, k);
	return 1;
}
