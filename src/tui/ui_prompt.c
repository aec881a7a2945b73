/*
 * ui_prompt.c: the prompt line: `:` commands, search in the reader (as
 * you type) and over the corpus, notes, article tags and the label picker.
 * Its keys go through the keymap's prompt context only; printable keys
 * that are not bound there are typed in.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>

#include "pane.h"
#include "margin/search.h"
#include "margin/text.h"
#include "margin/util.h"

void
ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind, const char *label,
    const char *text)
{
	struct ui_prompt	*p = &ui->prompt;

	buf_truncate(&p->text, 0);
	buf_adds(&p->text, text ? text : "");
	p->kind = kind;
	p->label = label;
	p->pick = 0;
	p->saved_cursor = ui->doc.has_cursor;
	p->saved_start = ui->doc.cur_start;
	p->saved_top = ui->doc.top;
	free(ui->message);
	ui->message = NULL;
}

static void
ui_prompt_close(struct ui *ui)
{
	ui->prompt.kind = UI_PROMPT_NONE;
	buf_truncate(&ui->prompt.text, 0);
}

/* The labels that match the typed filter, in schema order. */
static size_t
ui_prompt_labels(struct ui *ui, size_t *idx)
{
	const char	*f = ui->prompt.text.data ? ui->prompt.text.data : "";
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

/* Reader search as you type: from where the cursor was. */
static void
ui_prompt_search_update(struct ui *ui)
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

static void
ui_prompt_changed(struct ui *ui)
{
	free(ui->message);
	ui->message = NULL;
	if (ui->prompt.kind == UI_PROMPT_SEARCH)
		ui_prompt_search_update(ui);
	else if (ui->prompt.kind == UI_PROMPT_LABEL)
		ui->prompt.pick = 0;
}

static int
ui_prompt_has_word(char **words, size_t n, const char *w)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(words[i], w) == 0)
			return 1;
	return 0;
}

/* T: the prompt holds the tags; add what is new, remove what is gone. */
static void
ui_prompt_tags_submit(struct ui *ui, const char *line)
{
	char	**now = NULL, **want = NULL, *copy, *w, *save = NULL, *err = NULL;
	size_t	  nnow = 0, nwant = 0, i, added = 0, removed = 0;
	int64_t	  id = ui->doc.article.id;

	if (ui_my_tags(ui, &now, &nnow, &err) == -1) {
		ui_store_error(ui, "tags", err);
		return;
	}
	copy = xstrdup(line);
	for (w = strtok_r(copy, " \t,", &save); w != NULL;
	    w = strtok_r(NULL, " \t,", &save)) {
		want = xreallocarray(want, nwant + 1, sizeof(*want));
		want[nwant++] = w;
	}
	for (i = 0; i < nwant; i++) {
		if (ui_prompt_has_word(now, nnow, want[i]) ||
		    ui_prompt_has_word(want, i, want[i]))
			continue;
		if (store_tag_add(ui->store, id, want[i], ui->annotator,
		    &err) == -1) {
			ui_store_error(ui, "tags", err);
			goto out;
		}
		added++;
	}
	for (i = 0; i < nnow; i++) {
		if (ui_prompt_has_word(want, nwant, now[i]))
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

static void
ui_prompt_submit(struct ui *ui)
{
	struct ui_prompt	*p = &ui->prompt;
	enum ui_prompt_kind	 kind = p->kind;
	char			*text = xstrdup(p->text.data ? p->text.data : "");
	char			*err = NULL;
	size_t			*idx, n;

	if (kind == UI_PROMPT_LABEL) {
		idx = xreallocarray(NULL, ui->nlabels + 1, sizeof(*idx));
		n = ui_prompt_labels(ui, idx);
		ui_prompt_close(ui);
		if (n == 0)
			ui_error(ui, "no label matches \"%s\"", text);
		else
			ui_tag_with(ui, ui->labels[idx[p->pick < n ? p->pick :
			    0]].name, ACTION_LABEL_PICK);
		free(idx);
		free(text);
		return;
	}
	ui_prompt_close(ui);
	switch (kind) {
	case UI_PROMPT_COMMAND:
		ui_command_run(ui, text);
		break;
	case UI_PROMPT_SEARCH:
		if (ui->needle_len == 0) {
			free(ui->needle);
			ui->needle = NULL;
		}
		break;
	case UI_PROMPT_FIND:
		ui_list_find(ui, text);
		if (ui->list.query != NULL)
			ui_message(ui, "%zu article%s found", ui->list.count,
			    ui->list.count == 1 ? "" : "s");
		if (ui->list.count > 0)
			ui_open_article(ui, ui->list.selected);
		break;
	case UI_PROMPT_NOTE:
		if (store_span_set_note(ui->store, p->span_id, text,
		    &err) == -1) {
			ui_store_error(ui, "note", err);
			break;
		}
		ui_message(ui, text[0] ? "note saved" : "note removed");
		ui_reload_spans(ui);
		break;
	case UI_PROMPT_TAGS:
		ui_prompt_tags_submit(ui, text);
		break;
	default:
		break;
	}
	free(text);
}

static void
ui_prompt_cancel(struct ui *ui)
{
	struct ui_prompt	*p = &ui->prompt;

	if (p->kind == UI_PROMPT_SEARCH) {
		/* Esc returns to where the search started. */
		ui->doc.top = p->saved_top;
		if (p->saved_cursor)
			doc_cursor_to(&ui->doc, p->saved_start);
		free(ui->needle);
		ui->needle = NULL;
		ui->needle_len = 0;
	}
	ui_prompt_close(ui);
}

/* The action bound to k in the prompt context itself (no fallback). */
static enum action
ui_prompt_action(struct ui *ui, const struct key *k)
{
	struct keyseq	 seq, *seqs = NULL;
	enum action	 a = ACTION_NONE;
	size_t		 n, i;
	int		 own = 0;

	memset(&seq, 0, sizeof(seq));
	seq.keys[0] = *k;
	seq.n = 1;
	if (keymap_lookup(ui->keymap, KEYMAP_PROMPT, &seq, &a) !=
	    KEYMAP_MATCH)
		return ACTION_NONE;
	n = keymap_keys_for(ui->keymap, KEYMAP_PROMPT, a, &seqs);
	for (i = 0; i < n && !own; i++)
		own = seqs[i].n == 1 && keymap_key_equal(&seqs[i].keys[0], k);
	free(seqs);
	return own ? a : ACTION_NONE;
}

void
ui_prompt_key(struct ui *ui, const struct key *k)
{
	struct ui_prompt	*p = &ui->prompt;
	uint8_t			 u8[6];
	char			*done;
	int			 n;

	switch (ui_prompt_action(ui, k)) {
	case ACTION_SUBMIT:
		ui_prompt_submit(ui);
		return;
	case ACTION_CANCEL:
		ui_prompt_cancel(ui);
		return;
	case ACTION_BACKSPACE:
		if (p->text.len == 0) {
			ui_prompt_cancel(ui);
			return;
		}
		buf_truncate(&p->text, text_cp_prev(p->text.data,
		    p->text.len));
		ui_prompt_changed(ui);
		return;
	case ACTION_CLEAR_LINE:
		buf_truncate(&p->text, 0);
		ui_prompt_changed(ui);
		return;
	case ACTION_COMPLETE:
		if (p->kind == UI_PROMPT_COMMAND && (done =
		    ui_command_complete(ui, p->text.data ? p->text.data :
		    "")) != NULL) {
			buf_truncate(&p->text, 0);
			buf_adds(&p->text, done);
			free(done);
		}
		return;
	case ACTION_MOVE_DOWN:
		p->pick++;
		return;
	case ACTION_MOVE_UP:
		if (p->pick > 0)
			p->pick--;
		return;
	default:
		break;
	}
	if (k->mods == 0 && k->code >= 32 && k->code < KEYS_BASE &&
	    k->code != 127 && (n = u8_uctomb(u8, k->code, sizeof(u8))) > 0) {
		buf_add(&p->text, u8, (size_t)n);
		ui_prompt_changed(ui);
		return;
	}
	if (k->code == KEYS_SPACE || (k->code == ' ' && k->mods == 0)) {
		buf_addc(&p->text, ' ');
		ui_prompt_changed(ui);
	}
}

static void
ui_prompt_draw_labels(struct ui *ui)
{
	size_t	*idx = xreallocarray(NULL, ui->nlabels + 1, sizeof(*idx));
	size_t	 n = ui_prompt_labels(ui, idx), i, first = 0;
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
		int		 x = x0;

		draw_fill(y0 + (int)i, x0, w, attr, 0);
		x += draw_str(y0 + (int)i, x + 1, 3, l->key, attr, 0) + 2;
		draw_label_style(ui, l->name, &lattr, &pair);
		x = x0 + 5;
		x += draw_str(y0 + (int)i, x, 16, l->name, attr | lattr, pair);
		draw_str(y0 + (int)i, x0 + 22, w - 23, l->description, attr, 0);
	}
	free(idx);
}

void
ui_prompt_draw(struct ui *ui)
{
	const struct layout_rect *r = &ui->layout.prompt;
	struct ui_prompt	*p = &ui->prompt;
	const char		*text = p->text.data ? p->text.data : "";
	int			 x, room;
	size_t			 skip = 0;
	struct text_cell	 c;

	if (p->kind == UI_PROMPT_LABEL)
		ui_prompt_draw_labels(ui);
	if (r->h == 0)
		return;
	draw_fill(r->y, 0, r->w, 0, 0);
	x = draw_str(r->y, 0, r->w, p->label, A_BOLD, 0);
	room = r->w - x - 1;
	/* Show the end of what is typed when it does not fit. */
	while (room > 0 && text_width(text + skip, strlen(text + skip), 0) >
	    room)
		skip = text_cell_next(text, strlen(text), skip, &c);
	x += draw_str(r->y, x, room, text + skip, 0, 0);
	if (x < r->w)
		draw_fill(r->y, x, 1, A_REVERSE, 0);
	if (ui->message != NULL && x + 3 < r->w) {
		int	 mw = text_width(ui->message, strlen(ui->message), 0);

		if (mw > r->w - x - 3)
			mw = r->w - x - 3;
		draw_str(r->y, r->w - mw, mw, ui->message,
		    ui->message_error ? A_BOLD : A_DIM, 0);
	}
}
