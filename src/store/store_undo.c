/*
 * store_undo.c: undo and redo from history: a group of changes is put
 * back, or refused when someone has changed its rows since, and told in
 * words for the status line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

#include "margin/json.h"

void
store_change_free(struct store_change *what)
{
	if (what == NULL)
		return;
	free(what->description);
	memset(what, 0, sizeof(*what));
}

/* At most STORE_QUOTE_MAX code points of a span's text, for messages. */
#define STORE_QUOTE_MAX	32

static void
store_quote(struct buf *b, const char *text)
{
	size_t	 len = strlen(text), cut;

	cut = text_cp_to_byte(text, len, STORE_QUOTE_MAX);
	buf_adds(b, "\xe2\x80\x9c");		/* “ */
	buf_add(b, text, cut);
	if (cut < len)
		buf_adds(b, "\xe2\x80\xa6");	/* … */
	buf_adds(b, "\xe2\x80\x9d");		/* ” */
}

/* What a row is, in words: "PER “Blinken”", "tag “x”", "the done mark
   of article 3". */
static void
store_row_name(struct store *s, struct buf *b, const char *entity,
    const char *json)
{
	char	*v, *w;

	if (strcmp(entity, "span") == 0) {
		v = store_json_text(s, json, "$.label");
		w = store_json_text(s, json, "$.text");
		buf_printf(b, "%s ", v);
		store_quote(b, w);
		free(v);
		free(w);
	} else if (strcmp(entity, "tag") == 0) {
		v = store_json_text(s, json, "$.tag");
		buf_adds(b, "tag ");
		store_quote(b, v);
		free(v);
	} else if (strcmp(entity, "entity") == 0) {
		v = store_json_text(s, json, "$.label");
		w = store_json_text(s, json, "$.name");
		buf_printf(b, "entity %s ", v);
		store_quote(b, w);
		free(v);
		free(w);
	} else if (strcmp(entity, "relation") == 0) {
		v = store_json_text(s, json, "$.label");
		buf_printf(b, "relation %s", v);
		free(v);
	} else {
		v = store_json_text(s, json, "$.article");
		buf_printf(b, "the done mark of article %s", v);
		free(v);
	}
}

/* Did span change h change the status of its entity link? */
static int
store_link_changed(struct store *s, const struct store_history *h)
{
	char	*x = store_json_text(s, h->before, "$.entity_status");
	char	*y = store_json_text(s, h->after, "$.entity_status");
	int	 changed = strcmp(x, y) != 0;

	free(x);
	free(y);
	return changed;
}

/* "deleted PER “Blinken”": what the change h did. */
static void
store_row_describe(struct store *s, struct buf *b,
    const struct store_history *h)
{
	const char	*json = h->after != NULL ? h->after : h->before;
	char		*x, *y, *w;

	if (strcmp(h->entity, "status") == 0) {
		x = store_json_text(s, h->after, "$.status");
		y = store_json_text(s, json, "$.article");
		buf_printf(b, "marked article %s %s", y,
		    strcmp(x, "done") == 0 ? "done" : "todo");
		free(x);
		free(y);
		return;
	}
	if (strcmp(h->entity, "tag") == 0 || strcmp(h->entity, "entity") == 0 ||
	    strcmp(h->entity, "relation") == 0) {
		buf_adds(b, h->before == NULL ? "added " : h->after == NULL ?
		    "removed " : "changed ");
		store_row_name(s, b, h->entity, json);
		return;
	}
	if (h->before == NULL) {
		x = store_json_text(s, h->after, "$.status");
		buf_adds(b, strcmp(x, "suggested") == 0 ? "suggested " :
		    "tagged ");
		free(x);
	} else if (h->after == NULL)
		buf_adds(b, "deleted ");
	else {
		x = store_json_text(s, h->before, "$.label");
		y = store_json_text(s, h->after, "$.label");
		if (strcmp(x, y) != 0) {
			/* "relabelled “Blinken” PER → ORG" */
			w = store_json_text(s, h->after, "$.text");
			buf_adds(b, "relabelled ");
			store_quote(b, w);
			buf_printf(b, " %s \xe2\x86\x92 %s", x, y);
			free(w);
			free(x);
			free(y);
			return;
		}
		free(x);
		free(y);
		x = store_json_text(s, h->before, "$.entity");
		y = store_json_text(s, h->after, "$.entity");
		if (strcmp(x, y) != 0 || store_link_changed(s, h)) {
			free(x);
			free(y);
			buf_adds(b, "linked ");
			store_row_name(s, b, h->entity, json);
			return;
		}
		free(x);
		free(y);
		x = store_json_text(s, h->before, "$.status");
		y = store_json_text(s, h->after, "$.status");
		if (strcmp(x, y) != 0)
			buf_printf(b, "%s ", strcmp(y, "accepted") == 0 ?
			    "accepted" : strcmp(y, "rejected") == 0 ?
			    "rejected" : "re-suggested");
		else
			buf_adds(b, "changed the note of ");
		free(x);
		free(y);
	}
	store_row_name(s, b, h->entity, json);
}

/* The description and the place of a group (rows in the order made). */
static void
store_group_describe(struct store *s, const char *verb,
    const struct store_history *v, size_t nv, size_t n,
    struct store_change *what)
{
	struct buf	 b = BUF_INIT;
	const char	*json;
	char		*x;
	size_t		 i;

	buf_printf(&b, "%s: ", verb);
	store_row_describe(s, &b, &v[0]);
	if (n > 1)
		buf_printf(&b, " and %zu more change%s", n - 1,
		    n == 2 ? "" : "s");
	what->description = buf_detach(&b);
	what->count = n;
	json = v[0].after != NULL ? v[0].after : v[0].before;
	x = store_json_text(s, json, "$.article");
	what->article_id = strtoll(x, NULL, 10);
	free(x);
	for (i = 0; i < nv; i++) {
		if (strcmp(v[i].entity, "span") != 0)
			continue;
		json = v[i].after != NULL ? v[i].after : v[i].before;
		x = store_json_text(s, json, "$.article");
		what->article_id = strtoll(x, NULL, 10);
		free(x);
		x = store_json_text(s, json, "$.start");
		what->start = (size_t)strtoull(x, NULL, 10);
		free(x);
		x = store_json_text(s, json, "$.start_byte");
		what->start_byte = (size_t)strtoull(x, NULL, 10);
		free(x);
		what->has_span = 1;
		break;
	}
}

/*
 * The row is as history left it: the same JSON value, however written.
 * History written on one backend is read on the other after a copy
 * (store_copy.c): SQLite writes a row's JSON compact in its columns'
 * order, PostgreSQL's jsonb sorts and spaces its keys and writes 0.0
 * as 0.
 */
static int
store_same_json(const char *a, const char *b)
{
	struct json	*x, *y;
	int		 same;

	if (a == NULL || b == NULL)
		return a == b;
	if (strcmp(a, b) == 0)
		return 1;
	x = json_parse(a, strlen(a), 0, NULL);
	y = json_parse(b, strlen(b), 0, NULL);
	same = x != NULL && y != NULL && json_equal(x, y);
	json_free(x);
	json_free(y);
	return same;
}

/* Refuse to undo or redo h: the row is no longer what h left (or found). */
static int
store_row_conflict(struct store *s, const char *verb,
    const struct store_history *h, const char *status_annotator,
    const char *cur, const char *expect, char **errp)
{
	struct buf	 b = BUF_INIT;
	struct db_stmt	*st;
	char		*who = NULL;

	if ((st = store_stmt(s, ST_HISTORY_WHO, NULL)) != NULL) {
		store_bind_text(st, 1, h->entity);
		db_bind_int64(st, 2, h->entity_id);
		db_bind_int64(st, 3, h->id);
		store_bind_text(st, 4, status_annotator);
		if (db_step(st) == DB_ROW)
			who = store_column_dup(st, 0);
		store_stmt_done(st);
	}
	buf_printf(&b, "cannot %s: ", verb);
	if (who == NULL)
		buf_adds(&b, "someone else has changed ");
	else if (strcmp(who, s->actor) == 0)
		buf_adds(&b, "you have changed (in another session) ");
	else
		buf_printf(&b, "%s has changed ", who);
	store_row_name(s, &b, h->entity, cur != NULL ? cur : expect);
	buf_adds(&b, " since");
	err_set(errp, "%s", b.data);
	buf_free(&b);
	free(who);
	return -1;
}

/* Would re-inserting the tag row want clash with the same tag given
   again since (under another id)? */
static int
store_tag_taken(struct store *s, const char *want, int *taken, char **errp)
{
	struct db_stmt	*st;
	char		*article, *tag, *annotator;
	int64_t		 v;
	int		 rc;

	if ((st = store_stmt(s, ST_TAG_FIND, errp)) == NULL)
		return -1;
	article = store_json_text(s, want, "$.article");
	tag = store_json_text(s, want, "$.tag");
	annotator = store_json_text(s, want, "$.annotator");
	db_bind_int64(st, 1, strtoll(article, NULL, 10));
	store_bind_text(st, 2, tag);
	store_bind_text(st, 3, annotator);
	rc = store_int(s, st, &v, taken, errp);
	free(article);
	free(tag);
	free(annotator);
	return rc;
}

/* Run one statement that puts a row back from JSON (?1) with its id
   (?2). */
static int
store_row_restore(struct store *s, enum store_stmt id, const char *json,
    int64_t row, char **errp)
{
	struct db_stmt	*st;

	if ((st = store_stmt(s, id, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, json);
	db_bind_int64(st, 2, row);
	return store_run(s, st, errp);
}

/*
 * Put the row that h changed back to want (a JSON object of history, or
 * NULL: no row), after checking that it is still expect (what h left, for
 * an undo; what h found, for a redo).  The change is recorded like any
 * other, as the current history kind (undo or redo).
 */
static int
store_row_put(struct store *s, const char *verb,
    const struct store_history *h, const char *expect, const char *want,
    char **errp)
{
	struct db_stmt	*st;
	enum store_stmt	 json_stmt, del;
	char		*cur = NULL, *after = NULL, *annotator = NULL;
	char		*label = NULL;
	int64_t		 row = h->entity_id, label_id;
	int		 taken, ok = 0;

	if (strcmp(h->entity, "span") == 0) {
		json_stmt = ST_SPAN_JSON;
		del = ST_SPAN_DELETE;
	} else if (strcmp(h->entity, "tag") == 0) {
		json_stmt = ST_TAG_JSON;
		del = ST_TAG_DELETE;
	} else if (strcmp(h->entity, "entity") == 0) {
		json_stmt = ST_ENTITY_JSON;
		del = ST_ENTITY_DELETE;
	} else if (strcmp(h->entity, "relation") == 0) {
		json_stmt = ST_RELATION_JSON;
		del = ST_RELATION_DELETE;
	} else if (strcmp(h->entity, "status") == 0) {
		/* Keyed by (article, annotator): entity_id is the article. */
		json_stmt = ST_STATUS_JSON;
		del = ST_STATUS_DELETE;
		annotator = store_json_text(s, want != NULL ? want : expect,
		    "$.annotator");
	} else
		return err_set(errp, "cannot %s a change to a %s", verb,
		    h->entity);
	if (store_row_json(s, json_stmt, row, annotator, &cur, errp) == -1)
		goto out;
	if (!store_same_json(cur, expect)) {
		store_row_conflict(s, verb, h, annotator, cur, expect, errp);
		goto out;
	}
	if (want != NULL && json_stmt == ST_SPAN_JSON) {
		/* A label removed since cannot hold the span again. */
		label = store_json_text(s, want, "$.label");
		if (store_label_find(s, label, &label_id, &taken,
		    errp) == -1)
			goto out;
		if (!taken) {
			err_set(errp, "cannot %s: there is no label %s any "
			    "more", verb, label);
			goto out;
		}
	}
	if (want != NULL && cur == NULL && json_stmt == ST_TAG_JSON) {
		if (store_tag_taken(s, want, &taken, errp) == -1)
			goto out;
		if (taken) {
			store_row_conflict(s, verb, h, NULL, want, want, errp);
			goto out;
		}
	}
	/* A tag row is never updated, only deleted and inserted. */
	if (want == NULL || (cur != NULL && json_stmt == ST_TAG_JSON)) {
		if ((st = store_stmt(s, del, errp)) == NULL)
			goto out;
		db_bind_int64(st, 1, row);
		if (annotator != NULL)
			store_bind_text(st, 2, annotator);
		if (store_run(s, st, errp) == -1)
			goto out;
	}
	if (want != NULL) {
		if (json_stmt == ST_STATUS_JSON) {
			if ((st = store_stmt(s, ST_STATUS_RESTORE,
			    errp)) == NULL)
				goto out;
			store_bind_text(st, 1, want);
			if (store_run(s, st, errp) == -1)
				goto out;
		} else if (json_stmt == ST_TAG_JSON) {
			if (store_row_restore(s, ST_TAG_RESTORE, want, row,
			    errp) == -1)
				goto out;
		} else if (json_stmt == ST_ENTITY_JSON) {
			if (store_row_restore(s, cur == NULL ?
			    ST_ENTITY_RESTORE : ST_ENTITY_RESET, want, row,
			    errp) == -1)
				goto out;
		} else if (json_stmt == ST_RELATION_JSON) {
			if (store_row_restore(s, cur == NULL ?
			    ST_RELATION_RESTORE : ST_RELATION_RESET, want, row,
			    errp) == -1)
				goto out;
		} else if (store_row_restore(s, cur == NULL ? ST_SPAN_RESTORE :
		    ST_SPAN_RESET, want, row, errp) == -1)
			goto out;
	}
	if (store_row_json(s, json_stmt, row, annotator, &after, errp) == -1 ||
	    store_history_add(s, h->entity, row, want == NULL ? "delete" :
	    cur == NULL ? "insert" : "update", cur, after, errp) == -1)
		goto out;
	ok = 1;
out:
	free(cur);
	free(after);
	free(annotator);
	free(label);
	return ok ? 0 : -1;
}

/*
 * Undo and redo run a batch at a time (store_batch_run), so that taking
 * back a bulk write of many rows never holds the write lock long: the
 * group's rows are put back newest first for an undo (oldest first for a
 * redo), each batch marking the rows it did, and a cursor on the history
 * id keeps each batch's query from walking the rows done before it.
 */
#define STORE_UNDO_CHUNK	64

struct store_undo_run {
	struct store		*s;
	char			*annotator;
	int			 redo;
	int64_t			 txn;		/* the group */
	int64_t			 cursor;	/* rows below it (undo) or
						   above it (redo) are left */
	size_t			 total;
	size_t			 done;
	struct store_group	 group;		/* the undo's own rows */
	struct store_change	 what;
	/* What the batch in hand did, kept only if it commits. */
	int64_t			 next_cursor;
	size_t			 batch_done;
	int			 batch_end;
};

static const char *
store_undo_verb(const struct store_undo_run *u)
{
	return u->redo ? "redo" : "undo";
}

/* Put back the rows of one chunk; *end when none was left. */
static int
store_undo_chunk(struct store *s, struct store_undo_run *u, int *end,
    char **errp)
{
	struct store_history	*v = NULL;
	struct db_stmt		*st;
	const char		*verb = store_undo_verb(u);
	size_t			 n = 0, i;
	int			 rc = 0;

	if ((st = store_stmt(s, u->redo ? ST_HISTORY_CHUNK_REDO :
	    ST_HISTORY_CHUNK_UNDO, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, u->txn);
	store_bind_text(st, 2, u->redo ? "undone" : "live");
	db_bind_int64(st, 3, STORE_UNDO_CHUNK);
	db_bind_int64(st, 4, u->next_cursor);
	if (store_history_collect(s, st, &v, &n, errp) == -1)
		return -1;
	*end = n == 0;
	for (i = 0; i < n && rc == 0; i++) {
		rc = store_row_put(s, verb, &v[i], u->redo ? v[i].before :
		    v[i].after, u->redo ? v[i].after : v[i].before, errp);
		if (rc == 0 && (st = store_stmt(s, ST_HISTORY_MARK_ROW,
		    errp)) == NULL)
			rc = -1;
		if (rc == 0) {
			db_bind_int64(st, 1, v[i].id);
			store_bind_text(st, 2, u->redo ? "live" : "undone");
			rc = store_run(s, st, errp);
		}
		if (rc == 0) {
			u->next_cursor = v[i].id;
			u->batch_done++;
			if (store_batch_due(s))
				break;
		}
	}
	store_history_free(v, n);
	return rc;
}

/* One batch (a store_batch_run body: it may run again, from the
   cursor the last committed batch left). */
static int
store_undo_batch(struct store *s, void *ctx, char **errp)
{
	struct store_undo_run	*u = ctx;
	int			 end = 0, rc = 0;

	u->next_cursor = u->cursor;
	u->batch_done = 0;
	s->txn_kind = store_undo_verb(u);
	s->txn_reverts = u->txn;
	while (rc == 0 && !end && !store_batch_due(s))
		rc = store_undo_chunk(s, u, &end, errp);
	s->txn_kind = "do";
	s->txn_reverts = 0;
	u->batch_end = end;
	return rc;
}

/* Which group, how many rows, and what it did, read without the write
   lock. */
static int
store_undo_find(struct store *s, struct store_undo_run *u, char **errp)
{
	struct store_history	*v = NULL;
	struct db_stmt		*st;
	const char		*from = u->redo ? "undone" : "live";
	int64_t			 count;
	size_t			 n = 0;

	if ((st = store_stmt(s, u->redo ? ST_REDO_TARGET : ST_UNDO_TARGET,
	    errp)) == NULL)
		return -1;
	store_bind_text(st, 1, u->annotator);
	if (store_int(s, st, &u->txn, NULL, errp) == -1)
		return -1;
	if (u->txn == 0)
		return 0;
	if ((st = store_stmt(s, ST_HISTORY_GROUP_COUNT, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, u->txn);
	store_bind_text(st, 2, from);
	if (store_int(s, st, &count, NULL, errp) == -1)
		return -1;
	u->total = (size_t)count;
	/* The oldest row names the group, as it was made. */
	if ((st = store_stmt(s, ST_HISTORY_CHUNK_REDO, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, u->txn);
	store_bind_text(st, 2, from);
	db_bind_int64(st, 3, 1);
	db_bind_int64(st, 4, 0);
	if (store_history_collect(s, st, &v, &n, errp) == -1)
		return -1;
	if (n > 0)
		store_group_describe(s, store_undo_verb(u), v, n, u->total,
		    &u->what);
	else
		u->total = 0;
	store_history_free(v, n);
	return 0;
}

int
store_undo_start(struct store *s, const char *annotator, int redo,
    struct store_undo_run **up, char **errp)
{
	struct store_undo_run	*u;
	int			 rc;

	*up = NULL;
	if (s->readonly)
		return err_set(errp, "database is read-only");
	u = xcalloc(1, sizeof(*u));
	u->s = s;
	u->annotator = xstrdup(annotator != NULL ? annotator : s->actor);
	u->redo = redo;
	u->cursor = redo ? 0 : INT64_MAX;
	if ((rc = store_read_begin(s, errp)) == 0) {
		rc = store_undo_find(s, u, errp);
		store_read_end(s);
	}
	if (rc == -1) {
		store_undo_finish(u);
		return -1;
	}
	if (u->total == 0) {
		store_change_free(&u->what);
		u->what.description = xasprintf("nothing to %s",
		    store_undo_verb(u));
	}
	*up = u;
	return 0;
}

int
store_undo_step(struct store_undo_run *u, char **errp)
{
	if (u->total == 0 || u->done >= u->total)
		return 0;
	if (store_batch_run(u->s, &u->group, store_undo_batch, u,
	    errp) == -1)
		return -1;
	u->cursor = u->next_cursor;
	u->done += u->batch_done;
	if (u->batch_end || u->done >= u->total) {
		u->what.count = u->done;
		return 0;
	}
	return 1;
}

const struct store_change *
store_undo_what(const struct store_undo_run *u)
{
	return &u->what;
}

void
store_undo_progress(const struct store_undo_run *u, size_t *done,
    size_t *total)
{
	*done = u->done;
	*total = u->total;
}

void
store_undo_finish(struct store_undo_run *u)
{
	if (u == NULL)
		return;
	store_change_free(&u->what);
	free(u->annotator);
	free(u);
}

/* Undo or redo the whole group, batch after batch. */
static int
store_undo_redo(struct store *s, const char *annotator, int redo,
    struct store_change *what, char **errp)
{
	struct store_undo_run	*u;
	int			 rc;

	memset(what, 0, sizeof(*what));
	if (store_undo_start(s, annotator, redo, &u, errp) == -1)
		return -1;
	while ((rc = store_undo_step(u, errp)) == 1)
		;
	if (rc == 0) {
		*what = u->what;
		memset(&u->what, 0, sizeof(u->what));
		if (u->total == 0)
			what->count = 0;
	}
	store_undo_finish(u);
	return rc;
}

int
store_undo(struct store *s, const char *annotator, struct store_change *what,
    char **errp)
{
	return store_undo_redo(s, annotator, 0, what, errp);
}

int
store_redo(struct store *s, const char *annotator, struct store_change *what,
    char **errp)
{
	return store_undo_redo(s, annotator, 1, what, errp);
}
