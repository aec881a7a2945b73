/*
 * ui_bulk.c: the writes of many rows that the TUI runs a batch at a time
 * (SPEC §11): propagate, and undo and redo (one undo may take back a run
 * of many batches).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/util.h"
#include "pane.h"

void
ui_propagate(struct ui *ui, const struct store_span *sp)
{
	char	*err = NULL;
	size_t	 n = 0;

	if (assist_propagate(ui->store, sp, ui->annotator, &n, &err) == -1)
		ui_store_error(ui, "propagate", err);
	else
		ui_message(ui, "propagate: %zu suggestion%s of %s: %s in the "
		    "corpus", n, n == 1 ? "" : "s", sp->label, sp->text);
	ui->list.stale = 1;
	ui_reload_spans(ui);
}

/* u and C-r: the store's history, so they work across restarts. */
void
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
