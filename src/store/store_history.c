/*
 * store_history.c: the history of every change (SPEC §5), recorded in
 * the transaction that makes it, and read back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

void
store_set_undoable(struct store *s, int undoable)
{
	s->not_undoable = !undoable;
}

/*
 * Record one change in history, in the transaction that makes it.  A
 * plain change (not an undo or redo) to anything but the label schema
 * can be undone: its group starts live, and it ends its actor's redo
 * chain (what was undone before it can no longer be redone on top of it).
 */
int
store_history_add(struct store *s, const char *entity, int64_t entity_id,
    const char *op, const char *before, const char *after, char **errp)
{
	struct db_stmt	*st;
	const char	*kind = s->txn_kind;
	int		 undoable;

	undoable = strcmp(kind, "do") == 0 && strcmp(entity, "label") != 0 &&
	    strcmp(entity, "relation_label") != 0 && !s->not_undoable;
	if (s->txn_group == 0) {
		if ((st = store_stmt(s, ST_HISTORY_NEXT_TXN, errp)) == NULL ||
		    store_int(s, st, &s->txn_group, NULL, errp) == -1)
			return -1;
	}
	if (undoable && !s->txn_cleared) {
		if ((st = store_stmt(s, ST_HISTORY_CLEAR_REDO, errp)) == NULL)
			return -1;
		store_bind_text(st, 1, s->actor);
		if (store_run(s, st, errp) == -1)
			return -1;
		s->txn_cleared = 1;
	}
	if ((st = store_stmt(s, ST_HISTORY_INSERT, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, s->txn_group);
	db_bind_int64(st, 2, store_now());
	store_bind_text(st, 3, s->actor);
	store_bind_text(st, 4, entity);
	db_bind_int64(st, 5, entity_id);
	store_bind_text(st, 6, op);
	store_bind_text(st, 7, before);
	store_bind_text(st, 8, after);
	store_bind_text(st, 9, kind);
	store_bind_text(st, 10, undoable ? "live" : NULL);
	if (s->txn_reverts != 0)
		db_bind_int64(st, 11, s->txn_reverts);
	return store_run(s, st, errp);
}

int
store_history_count(struct store *s, size_t *n, char **errp)
{
	struct db_stmt	*st;
	int64_t		 v;

	*n = 0;
	if ((st = store_stmt(s, ST_HISTORY_COUNT, errp)) == NULL ||
	    store_int(s, st, &v, NULL, errp) == -1)
		return -1;
	*n = (size_t)v;
	return 0;
}

static char *
store_column_dup_or_null(struct db_stmt *st, int i)
{
	if (db_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return store_column_dup(st, i);
}

/* Columns as ST_HISTORY_LIST. */
static void
store_history_from_row(struct db_stmt *st, void *elem)
{
	struct store_history	*h = elem;

	h->id = db_column_int64(st, 0);
	h->txn = db_column_int64(st, 1);
	h->at = db_column_int64(st, 2);
	h->actor = store_column_dup(st, 3);
	h->entity = store_column_dup(st, 4);
	h->entity_id = db_column_int64(st, 5);
	h->op = store_column_dup(st, 6);
	h->before = store_column_dup_or_null(st, 7);
	h->after = store_column_dup_or_null(st, 8);
}

static void
store_history_clear(void *elem)
{
	struct store_history	*h = elem;

	free(h->actor);
	free(h->entity);
	free(h->op);
	free(h->before);
	free(h->after);
}

void
store_history_free(struct store_history *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_history_clear(&v[i]);
	free(v);
}

/* The history rows of a bound statement (columns as ST_HISTORY_LIST). */
int
store_history_collect(struct store *s, struct db_stmt *st,
    struct store_history **vp, size_t *n, char **errp)
{
	void	*v;

	if (store_rows_collect(s, st, sizeof(**vp), store_history_from_row,
	    store_history_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

int
store_history_list(struct store *s, int64_t after_id,
    struct store_history **vp, size_t *n, char **errp)
{
	struct db_stmt	*st;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_HISTORY_LIST, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, after_id);
	return store_history_collect(s, st, vp, n, errp);
}
