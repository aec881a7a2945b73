/*
 * ui_span.c: the span actions of the reader and the annotations pane: tag
 * and relabel by the label-N rules, delete, note, accept and reject,
 * accept-all (propagate and undo/redo are bulk writes: ui_bulk.c).
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
		ui_prompt_open(ui, &ui_span_pick_prompt, NULL);
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
		if (rc == 0)
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
	return 1;
}
