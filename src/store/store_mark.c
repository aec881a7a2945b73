/*
 * store_mark.c: the done/todo marks each annotator gives an article: set,
 * brought in by a merge, and listed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

/* A per-annotator status to set (store_article_set_done), or to bring
   in from another database (store_status_merge: at is its time). */
struct store_status_set {
	int64_t			 article;
	const char		*annotator;
	int			 done;
	int64_t			 at;		/* 0: now */
	int			 merge;
	enum store_merge_result	 result;
};

static int
store_status_txn(struct store *s, void *ctx, char **errp)
{
	struct store_status_set	*ss = ctx;
	struct db_stmt		*st;
	char			*before = NULL, *after = NULL, *cur;
	int64_t			 id = ss->article;
	const char		*annotator = ss->annotator;
	const char		*want = ss->done ? "done" : "todo";
	int			 ok = 0;

	ss->result = STORE_MERGE_PRESENT;
	if (store_article_exists(s, id, errp) == -1 ||
	    store_row_json(s, ST_STATUS_JSON, id, annotator, &before,
	    errp) == -1)
		goto out;
	/* No row means "todo"; setting what is already there changes
	   nothing and records nothing. */
	if (before == NULL && !ss->done) {
		ok = 1;
		goto out;
	}
	/* A merge never overrides the annotator's own mark here. */
	if (ss->merge && before != NULL) {
		cur = store_json_text(s, before, "$.status");
		if (strcmp(cur, want) != 0)
			ss->result = STORE_MERGE_CONFLICT;
		free(cur);
		ok = 1;
		goto out;
	}
	if ((st = store_stmt(s, ST_STATUS_UPSERT, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, id);
	store_bind_text(st, 2, annotator);
	store_bind_text(st, 3, want);
	db_bind_int64(st, 4, ss->at != 0 ? ss->at : store_now());
	if (store_run(s, st, errp) == -1)
		goto out;
	if (db_changes(s->db) == 0) {
		ok = 1;
		goto out;
	}
	if (store_row_json(s, ST_STATUS_JSON, id, annotator, &after,
	    errp) == -1 ||
	    store_history_add(s, "status", id, before ? "update" : "insert",
	    before, after, errp) == -1)
		goto out;
	ss->result = STORE_MERGE_ADDED;
	ok = 1;
out:
	free(before);
	free(after);
	return ok ? 0 : -1;
}

int
store_article_set_done(struct store *s, int64_t id, const char *annotator,
    int done, char **errp)
{
	struct store_status_set	 ss;

	if (annotator == NULL)
		annotator = s->actor;
	if (*annotator == '\0')
		return err_set(errp, "no annotator name");
	memset(&ss, 0, sizeof(ss));
	ss.article = id;
	ss.annotator = annotator;
	ss.done = done;
	return store_write(s, store_status_txn, &ss, errp);
}

int
store_status_merge(struct store *s, int64_t id, const char *annotator,
    int done, int64_t at, enum store_merge_result *result, char **errp)
{
	struct store_status_set	 ss;

	*result = STORE_MERGE_PRESENT;
	if (annotator == NULL || *annotator == '\0')
		return err_set(errp, "no annotator name");
	memset(&ss, 0, sizeof(ss));
	ss.article = id;
	ss.annotator = annotator;
	ss.done = done;
	ss.at = at;
	ss.merge = 1;
	if (store_write(s, store_status_txn, &ss, errp) == -1)
		return -1;
	*result = ss.result;
	return 0;
}

static void
store_status_from_row(struct db_stmt *st, void *elem)
{
	struct store_status	*m = elem;

	m->annotator = store_column_dup(st, 0);
	m->done = db_column_int(st, 1);
	m->updated_at = db_column_int64(st, 2);
}

static void
store_status_clear(void *elem)
{
	struct store_status	*m = elem;

	free(m->annotator);
}

void
store_status_rows_free(struct store_status *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_status_clear(&v[i]);
	free(v);
}

int
store_status_rows(struct store *s, int64_t id, struct store_status **vp,
    size_t *n, char **errp)
{
	struct db_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_STATUS_ROWS, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	if (store_rows_collect(s, st, sizeof(**vp), store_status_from_row,
	    store_status_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}
