/*
 * ui_prompt.c: the prompt line, for whichever client opened it (struct
 * ui_prompt_client: `:` commands, searches, notes, tags, the label
 * picker).  Its keys go through the keymap's prompt context only;
 * printable keys that are not bound there are typed in.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "pane.h"
#include "margin/text.h"
#include "margin/util.h"

void
ui_prompt_open(struct ui *ui, const struct ui_prompt_client *c,
    const char *text)
{
	struct ui_prompt	*p = &ui->prompt;

	buf_truncate(&p->text, 0);
	buf_adds(&p->text, text ? text : "");
	p->client = c;
	free(p->label);
	p->label = NULL;
	p->pick = 0;
	p->saved_cursor = ui->doc.has_cursor;
	p->saved_start = ui->doc.cur_start;
	p->saved_top = ui->doc.top;
	free(ui->message);
	ui->message = NULL;
}

void
ui_prompt_close(struct ui *ui)
{
	ui->prompt.client = NULL;
	free(ui->prompt.label);
	ui->prompt.label = NULL;
	buf_truncate(&ui->prompt.text, 0);
}

static void
ui_prompt_changed(struct ui *ui)
{
	free(ui->message);
	ui->message = NULL;
	ui->prompt.pick = 0;
	if (ui->prompt.client->change != NULL)
		ui->prompt.client->change(ui);
}

static void
ui_prompt_submit(struct ui *ui)
{
	const struct ui_prompt_client *c = ui->prompt.client;
	char			*text = xstrdup(ui->prompt.text.data ?
				    ui->prompt.text.data : "");

	ui_prompt_close(ui);
	if (c->submit != NULL)
		c->submit(ui, text);
	free(text);
}

static void
ui_prompt_cancel(struct ui *ui)
{
	if (ui->prompt.client->cancel != NULL)
		ui->prompt.client->cancel(ui);
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
		if (p->client->complete != NULL && (done =
		    p->client->complete(ui, p->text.data ? p->text.data :
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

void
ui_prompt_draw(struct ui *ui)
{
	const struct layout_rect *r = &ui->layout.prompt;
	struct ui_prompt	*p = &ui->prompt;
	const char		*text = p->text.data ? p->text.data : "";
	int			 x, room;
	size_t			 skip = 0;
	struct text_cell	 c;

	if (p->client != NULL && p->client->draw != NULL)
		p->client->draw(ui);
	if (r->h == 0)
		return;
	draw_fill(r->y, 0, r->w, 0, 0);
	x = draw_str(r->y, 0, r->w, p->label != NULL ? p->label :
	    p->client ? p->client->label : "",
	    A_BOLD, 0);
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
