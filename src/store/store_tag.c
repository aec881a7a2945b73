/*
 * store_tag.c: article tags (added, removed, merged, listed and walked
 * for export) and the list of everyone who has annotated anything.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

static int
store_tag_valid(const char *tag)
{
	const unsigned char	*p;

	if (tag == NULL || *tag == '\0')
		return 0;
	for (p = (const unsigned char *)tag; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int
store_tag_add(struct store *s, int64_t id, const char *tag,
    const char *annotator, char **errp)
{
	enum store_merge_result	 result;

	if (annotator == NULL)
		annotator = s->actor;
	return store_tag_merge(s, id, tag, annotator, 0, &result, errp);
}

/* A tag to add or remove. */
struct store_tag_change {
	int64_t			 article;
	const char		*tag;
	const char		*annotator;
	int64_t			 at;		/* 0: now */
	enum store_merge_result	 result;
};

static int
store_tag_add_txn(struct store *s, void *ctx, char **errp)
{
	struct store_tag_change	*tc = ctx;
	struct db_stmt		*st;
	char			*after = NULL;
	int64_t			 tid;
	int			 ok = 0;

	tc->result = STORE_MERGE_PRESENT;
	if (store_article_exists(s, tc->article, errp) == -1 ||
	    (st = store_stmt(s, ST_TAG_INSERT, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, tc->article);
	store_bind_text(st, 2, tc->tag);
	store_bind_text(st, 3, tc->annotator);
	db_bind_int64(st, 4, tc->at != 0 ? tc->at : store_now());
	if (store_run(s, st, errp) == -1)
		return -1;
	if (db_changes(s->db) == 0)
		return 0;	/* already there */
	tid = db_last_id(s->db);
	if (store_row_json(s, ST_TAG_JSON, tid, NULL, &after, errp) == -1 ||
	    store_history_add(s, "tag", tid, "insert", NULL, after,
	    errp) == -1)
		goto out;
	tc->result = STORE_MERGE_ADDED;
	ok = 1;
out:
	free(after);
	return ok ? 0 : -1;
}

int
store_tag_merge(struct store *s, int64_t id, const char *tag,
    const char *annotator, int64_t created_at,
    enum store_merge_result *result, char **errp)
{
	struct store_tag_change	 tc;

	*result = STORE_MERGE_PRESENT;
	if (!store_tag_valid(tag))
		return err_set(errp, "invalid tag (empty, or with control "
		    "characters)");
	if (annotator == NULL || *annotator == '\0')
		return err_set(errp, "no annotator name");
	memset(&tc, 0, sizeof(tc));
	tc.article = id;
	tc.tag = tag;
	tc.annotator = annotator;
	tc.at = created_at;
	if (store_write(s, store_tag_add_txn, &tc, errp) == -1)
		return -1;
	*result = tc.result;
	return 0;
}

static int
store_tag_remove_txn(struct store *s, void *ctx, char **errp)
{
	struct store_tag_change	*tc = ctx;
	struct db_stmt		*st;
	char			*before = NULL;
	int64_t			 tid;
	int			 found, ok = 0;

	if ((st = store_stmt(s, ST_TAG_FIND, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, tc->article);
	store_bind_text(st, 2, tc->tag);
	store_bind_text(st, 3, tc->annotator);
	if (store_int(s, st, &tid, &found, errp) == -1)
		return -1;
	if (!found)
		return 0;	/* removing what is not there is done */
	if (store_row_json(s, ST_TAG_JSON, tid, NULL, &before, errp) == -1 ||
	    (st = store_stmt(s, ST_TAG_DELETE, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, tid);
	if (store_run(s, st, errp) == -1 ||
	    store_history_add(s, "tag", tid, "delete", before, NULL,
	    errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	return ok ? 0 : -1;
}

int
store_tag_remove(struct store *s, int64_t id, const char *tag,
    const char *annotator, char **errp)
{
	struct store_tag_change	 tc;

	if (tag == NULL)
		return err_set(errp, "no tag given");
	memset(&tc, 0, sizeof(tc));
	tc.article = id;
	tc.tag = tag;
	tc.annotator = annotator != NULL ? annotator : s->actor;
	return store_write(s, store_tag_remove_txn, &tc, errp);
}

void
store_strings_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Column 0 of a row as a string (store_strings_free frees them). */
static void
store_string_from_row(struct db_stmt *st, void *elem)
{
	*(char **)elem = store_column_dup(st, 0);
}

static void
store_string_clear(void *elem)
{
	free(*(char **)elem);
}

/* The first column of every row of a bound statement, as strings. */
static int
store_strings_collect(struct store *s, struct db_stmt *st, char ***out,
    size_t *n, char **errp)
{
	void	*v;

	if (store_rows_collect(s, st, sizeof(**out), store_string_from_row,
	    store_string_clear, &v, n, errp) == -1)
		return -1;
	*out = v;
	return 0;
}

int
store_tag_list(struct store *s, int64_t id, char ***tags, size_t *n,
    char **errp)
{
	struct db_stmt	*st;

	*tags = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_TAG_LIST, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	return store_strings_collect(s, st, tags, n, errp);
}

static void
store_tag_from_row(struct db_stmt *st, void *elem)
{
	struct store_tag	*t = elem;

	t->tag = store_column_dup(st, 0);
	t->annotator = store_column_dup(st, 1);
	t->created_at = db_column_int64(st, 2);
}

static void
store_tag_clear(void *elem)
{
	struct store_tag	*t = elem;

	free(t->tag);
	free(t->annotator);
}

void
store_tag_rows_free(struct store_tag *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_tag_clear(&v[i]);
	free(v);
}

int
store_tag_rows(struct store *s, int64_t id, struct store_tag **vp,
    size_t *n, char **errp)
{
	struct db_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_TAG_ROWS, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	if (store_rows_collect(s, st, sizeof(**vp), store_tag_from_row,
	    store_tag_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

int
store_annotators(struct store *s, char ***names, size_t *n, char **errp)
{
	struct db_stmt	*st;

	*names = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_ANNOTATORS, errp)) == NULL)
		return -1;
	return store_strings_collect(s, st, names, n, errp);
}

/* The walk over article tags: the span walk's filters that apply to
   tags (?2 annotator, ?3 article ids, ?4 tag, ?5 done only). */
static const char store_tag_foreach_sql[] =
	"SELECT a.id, a.title, a.source, a.hash, a.meta, a.imported_at,"
	" t.tag, t.annotator"
	" FROM article_tags t JOIN articles a ON a.id = t.article"
	" WHERE (?2 IS NULL OR t.annotator = ?2)"
	" AND (?3 IS NULL OR t.article IN (SELECT CAST(value AS BIGINT)"
	" FROM json_each(?3)))"
	" AND (?4 IS NULL OR t.tag = ?4)"
	" AND (?5 = 0 OR EXISTS (SELECT 1 FROM article_status st"
	"  WHERE st.article = t.article AND st.status = 'done'"
	"  AND (?2 IS NULL OR st.annotator = ?2)))"
	" ORDER BY t.article, t.tag, t.annotator";

int
store_tag_foreach(struct store *s, const struct store_span_filter *f,
    store_tag_cb cb, void *ctx, char **errp)
{
	static const struct store_span_filter	 none;
	struct buf		 articles = BUF_INIT;
	struct store_article	 a;
	struct db_stmt		*st = NULL;
	int			 own = 0, rc, ret = -1;

	if (f == NULL)
		f = &none;
	if (f->articles != NULL)
		store_json_ids(&articles, f->articles, f->narticles);
	if (store_snapshot_begin(s, &own, errp) == -1)
		goto out;
	if (db_prepare(s->db, store_tag_foreach_sql, 0, &st) != DB_OK) {
		store_sql_error(s, errp);
		goto out;
	}
	store_bind_text(st, 2, f->annotator);
	store_bind_text(st, 3, articles.data);
	store_bind_text(st, 4, f->tag);
	db_bind_int(st, 5, f->done != 0);

	memset(&a, 0, sizeof(a));
	ret = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		a.id = db_column_int64(st, 0);
		a.title = (char *)db_column_text(st, 1);
		a.source = (char *)db_column_text(st, 2);
		a.hash = (char *)db_column_text(st, 3);
		a.meta = (char *)db_column_text(st, 4);
		a.imported_at = db_column_int64(st, 5);
		if ((ret = cb(ctx, &a, (const char *)db_column_text(st, 6),
		    (const char *)db_column_text(st, 7))) != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE) {
		store_sql_error(s, errp);
		ret = -1;
	}
out:
	db_finalize(st);
	store_snapshot_end(s, own, ret != -1);
	buf_free(&articles);
	return ret;
}
