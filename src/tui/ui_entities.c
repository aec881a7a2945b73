/*
 * ui_entities.c: the Entities overlay (the entities action, E): every
 * entity of the database with its mentions, read when it opens; Enter
 * jumps to the selected entity's next mention (again and again: it goes
 * round them all).  And the :entity commands, on the entity selected in
 * the overlay or else the one the span under the cursor names: rename,
 * kb, merge, split and rm, each one change that undo takes back.
 * Its keys go through the keymap (movement, open); any other closes it.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/text.h"
#include "margin/util.h"
#include "pane.h"

struct ui_entities {
	int			 shown;
	struct store_entity	*v;
	size_t			 n;
	size_t			 selected;
	size_t			 top;
	/* Where Enter went last: that entity's mention, to go on from. */
	int64_t			 jump_entity;
	size_t			 jump_next;
};

static struct ui_entities *
ui_entities_state(struct ui *ui)
{
	if (ui->entities == NULL)
		ui->entities = xcalloc(1, sizeof(*ui->entities));
	return ui->entities;
}

static int
ui_entities_load(struct ui *ui, char **errp)
{
	struct ui_entities	*e = ui_entities_state(ui);
	struct store_entity	*v = NULL;
	size_t			 n = 0;

	if (store_entity_list(ui->store, NULL, doc_is_open(&ui->doc) ?
	    ui->doc.article.id : 0, &v, &n, errp) == -1)
		return -1;
	store_entities_free(e->v, e->n);
	e->v = v;
	e->n = n;
	if (e->selected >= n)
		e->selected = n > 0 ? n - 1 : 0;
	return 0;
}

void
ui_entities_open(struct ui *ui)
{
	struct ui_entities	*e = ui_entities_state(ui);
	const struct store_span	*sp;
	char			*err = NULL;
	long			 i;
	size_t			 k;

	if (ui_entities_load(ui, &err) == -1) {
		ui_store_error(ui, "entities", err);
		return;
	}
	e->shown = 1;
	/* Start on the entity of the span under the cursor, if any. */
	if (doc_is_open(&ui->doc) && ui->doc.has_cursor &&
	    (i = doc_span_at(&ui->doc, ui->doc.cur_start, NULL)) >= 0 &&
	    (sp = &ui->doc.spans[i])->entity_id != 0)
		for (k = 0; k < e->n; k++)
			if (e->v[k].id == sp->entity_id)
				e->selected = k;
}

void
ui_entities_close(struct ui *ui)
{
	if (ui->entities == NULL)
		return;
	store_entities_free(ui->entities->v, ui->entities->n);
	free(ui->entities);
	ui->entities = NULL;
}

static void
ui_entities_hide(struct ui *ui)
{
	if (ui->entities != NULL)
		ui->entities->shown = 0;
}

int
ui_entities_shown(const struct ui *ui)
{
	return ui->entities != NULL && ui->entities->shown;
}

void
ui_entities_draw(struct ui *ui)
{
	struct ui_entities	*e = ui->entities;
	struct buf		 b = BUF_INIT;
	int			 y = 1, h = LINES - 3, w = COLS, row;
	size_t			 i;

	if (e == NULL || !e->shown)
		return;
	if (h < 3) {
		y = 0;
		h = LINES;
	}
	for (row = 0; row < h; row++)
		draw_fill(y + row, 0, w, 0, 0);
	buf_printf(&b, "Entities (%zu): Enter goes to the next mention, "
	    ":entity rename|kb|merge|split|rm changes the one picked, other "
	    "keys close", e->n);
	draw_str(y, 1, w - 2, b.data, A_BOLD | A_REVERSE, 0);
	if (e->n == 0)
		draw_str(y + 1, 1, w - 2, "no entities yet: e on a span links "
		    "it to one", A_DIM, 0);
	if (h > 1) {
		if (e->selected < e->top)
			e->top = e->selected;
		else if (e->selected >= e->top + (size_t)(h - 1))
			e->top = e->selected - (size_t)(h - 1) + 1;
	}
	for (row = 1; row < h && e->top + (size_t)row - 1 < e->n; row++) {
		const struct store_entity *en;
		unsigned	 attr, lattr;
		short		 pair;
		int		 x = 1;

		i = e->top + (size_t)row - 1;
		en = &e->v[i];
		attr = i == e->selected ? A_REVERSE : 0;
		draw_fill(y + row, 0, w, attr, 0);
		draw_label_style(ui, en->label, &lattr, &pair);
		x += draw_str(y + row, x, 8, en->label, attr | lattr, pair);
		x = 10;
		buf_truncate(&b, 0);
		buf_printf(&b, "%zu", en->mentions);
		if (en->suggested > 0)
			buf_printf(&b, "+%zu?", en->suggested);
		draw_str(y + row, x, 7, b.data, attr, 0);
		x += 8;
		x += draw_str(y + row, x, w - x - 1, en->name, attr | A_BOLD,
		    0);
		buf_truncate(&b, 0);
		if (en->in_article > 0)
			buf_printf(&b, "  %zu here", en->in_article);
		if (en->kb_id[0] != '\0')
			buf_printf(&b, "  %s", en->kb_id);
		buf_printf(&b, "  #%lld", (long long)en->id);
		if (x < w - 1)
			draw_str(y + row, x, w - x - 1, b.data, attr | A_DIM,
			    0);
	}
	buf_free(&b);
}

/* Enter: the selected entity's next mention, in the reader. */
static void
ui_entities_jump(struct ui *ui)
{
	struct ui_entities	*e = ui->entities;
	struct store_span	*v = NULL;
	const struct store_entity *en;
	char			*err = NULL;
	size_t			 n = 0, k;

	if (e->n == 0)
		return;
	en = &e->v[e->selected];
	if (store_entity_mentions(ui->store, en->id, &v, &n, &err) == -1) {
		ui_store_error(ui, "entities", err);
		return;
	}
	if (n == 0) {
		ui_message(ui, "%s has no mentions", en->name);
		store_spans_free(v, n);
		return;
	}
	if (e->jump_entity != en->id)
		e->jump_next = 0;
	k = e->jump_next % n;
	e->jump_entity = en->id;
	e->jump_next = k + 1;
	if (ui_goto_article(ui, v[k].article_id, &err) == -1) {
		ui_store_error(ui, "entities", err);
		store_spans_free(v, n);
		return;
	}
	doc_cursor_to(&ui->doc, v[k].start_byte);
	doc_scroll_to_cursor(&ui->doc);
	ui_entities_hide(ui);
	ui_message(ui, "%s: mention %zu of %zu, \xe2\x80\x9c%s\xe2\x80\x9d "
	    "(%s)", en->name, k + 1, n, v[k].text, v[k].annotator);
	store_spans_free(v, n);
}

/* What a key does while the overlay is shown (ui_dispatch.c looks it
   up): movement moves, open goes to a mention; 0 closes it. */
int
ui_entities_action(struct ui *ui, enum action a)
{
	struct ui_entities	*e = ui->entities;
	size_t			 page = LINES > 5 ? (size_t)LINES - 5 : 1;

	switch (a) {
	case ACTION_MOVE_DOWN:
		if (e->selected + 1 < e->n)
			e->selected++;
		return 1;
	case ACTION_MOVE_UP:
		if (e->selected > 0)
			e->selected--;
		return 1;
	case ACTION_PAGE_DOWN:
		e->selected += page;
		if (e->selected >= e->n)
			e->selected = e->n > 0 ? e->n - 1 : 0;
		return 1;
	case ACTION_PAGE_UP:
		e->selected = e->selected > page ? e->selected - page : 0;
		return 1;
	case ACTION_TOP:
		e->selected = 0;
		return 1;
	case ACTION_BOTTOM:
		e->selected = e->n > 0 ? e->n - 1 : 0;
		return 1;
	case ACTION_OPEN:
	case ACTION_LABEL_PICK:
		ui_entities_jump(ui);
		return 1;
	default:
		ui_entities_hide(ui);
		return 0;
	}
}

/* --- :entity ------------------------------------------------------------ */

/* The entity a command works on: the one picked in the overlay, else
   the one the span under the cursor names. */
static int
ui_entities_subject(struct ui *ui, int64_t *id, long *span, char **errp)
{
	struct doc	*d = &ui->doc;
	long		 i = -1;

	*span = -1;
	if (doc_is_open(d) && d->has_cursor)
		i = doc_span_at(d, d->cur_start, NULL);
	if (ui->focus == LAYOUT_ANNOTATIONS && ui->ann_selected < d->nspans)
		i = (long)ui->ann_selected;
	*span = i;
	if (ui_entities_shown(ui) && ui->entities->n > 0) {
		*id = ui->entities->v[ui->entities->selected].id;
		return 0;
	}
	if (i < 0 || d->spans[i].entity_id == 0)
		return err_set(errp, "no entity here: put the cursor on a "
		    "linked span, or pick one in the Entities list (E)");
	*id = d->spans[i].entity_id;
	return 0;
}

/* The words argv[from..] joined with spaces (a name typed unquoted). */
static char *
ui_entities_join(int argc, char **argv, int from)
{
	struct buf	 b = BUF_INIT;
	int		 i;

	for (i = from; i < argc; i++)
		buf_printf(&b, "%s%s", i > from ? " " : "", argv[i]);
	return buf_detach(&b);
}

static int
ui_entities_after(struct ui *ui, char **errp)
{
	ui_reload_spans(ui);
	if (ui_entities_shown(ui))
		return ui_entities_load(ui, errp);
	return 0;
}

int
ui_entities_command(struct ui *ui, int argc, char **argv, char **errp)
{
	struct store_entity	 en;
	const char		*sub = argc > 1 ? argv[1] : "";
	char			*name = NULL, *end;
	int64_t			 id = 0, other, made;
	long			 span;
	long long		 v;
	size_t			 moved = 0;
	int			 rc = -1;

	if (argc < 2)
		return -2;
	if (ui_readonly_refuses(ui, ACTION_COMMAND))
		return 0;
	if (ui_entities_subject(ui, &id, &span, errp) == -1)
		return -1;
	if (store_entity_get(ui->store, id, &en, errp) == -1)
		return -1;
	if (strcmp(sub, "rename") == 0 && argc >= 3) {
		name = ui_entities_join(argc, argv, 2);
		if ((rc = store_entity_rename(ui->store, id, name, NULL,
		    errp)) == 0)
			ui_message(ui, "renamed %s to %s", en.name, name);
	} else if (strcmp(sub, "kb") == 0 && argc <= 3) {
		if ((rc = store_entity_rename(ui->store, id, en.name,
		    argc == 3 ? argv[2] : "", errp)) == 0)
			ui_message(ui, "%s: knowledge-base id %s", en.name,
			    argc == 3 ? argv[2] : "removed");
	} else if (strcmp(sub, "merge") == 0 && argc == 3) {
		errno = 0;
		v = strtoll(argv[2], &end, 10);
		if (errno != 0 || *end != '\0' || v < 1)
			err_set(errp, "\"%s\" is not an entity id (E shows "
			    "them after #)", argv[2]);
		else if ((other = (int64_t)v, rc = store_entity_merge(
		    ui->store, id, other, &moved, errp)) == 0)
			ui_message(ui, "merged entity #%lld into %s: %zu "
			    "mention%s moved", v, en.name, moved,
			    moved == 1 ? "" : "s");
	} else if (strcmp(sub, "split") == 0) {
		if (span < 0 || ui->doc.spans[span].entity_id != id)
			err_set(errp, "split: put the cursor on the mention "
			    "of %s that goes to a new entity", en.name);
		else {
			name = argc >= 3 ? ui_entities_join(argc, argv, 2) :
			    xstrdup(ui->doc.spans[span].text);
			if ((rc = store_entity_split(ui->store, id,
			    &ui->doc.spans[span].id, 1, name, &made,
			    errp)) == 0)
				ui_message(ui, "split \xe2\x80\x9c%s\xe2\x80\x9d "
				    "from %s into %s", ui->doc.spans[span].text,
				    en.name, name);
		}
	} else if (strcmp(sub, "rm") == 0 && argc == 2) {
		if ((rc = store_entity_remove(ui->store, id, errp)) == 0)
			ui_message(ui, "removed entity %s (its mentions are "
			    "unlinked)", en.name);
	} else
		rc = -2;
	free(name);
	store_entity_free(&en);
	if (rc == 0)
		rc = ui_entities_after(ui, errp);
	return rc;
}
