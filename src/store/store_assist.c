/*
 * store_assist.c: what the TUI's assistance asks of the store (SPEC §11):
 * which model is the newest, whether an article already has suggestions
 * of it, and which article holds the least certain pending suggestion of
 * the tagger (`set next uncertain`).  Each is one indexed query.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

static sqlite3_stmt *
store_assist_prepare(struct store *s, const char *sql, char **errp)
{
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_sql_error(s, errp);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Step st for its first row; 1 with a row, 0 without, -1 on an error
   (st is finalized then). */
static int
store_assist_row(struct store *s, sqlite3_stmt *st, char **errp)
{
	int	 rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	store_sql_error(s, errp);
	sqlite3_finalize(st);
	return -1;
}

int
store_model_newest(struct store *s, int64_t *id, int64_t *created_at,
    int *found, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	*id = *created_at = 0;
	*found = 0;
	if ((st = store_assist_prepare(s, "SELECT id, created_at FROM models"
	    " ORDER BY id DESC LIMIT 1", errp)) == NULL)
		return -1;
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	if (rc == 1) {
		*id = sqlite3_column_int64(st, 0);
		*created_at = sqlite3_column_int64(st, 1);
		*found = 1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_span_model_since(struct store *s, int64_t article,
    const char *annotator, int64_t since, int *has, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	*has = 0;
	/* spans_by_annotator (annotator, article, status): the annotator's
	   spans in this one article. */
	if ((st = store_assist_prepare(s, "SELECT 1 FROM spans"
	    " WHERE annotator = ?1 AND article = ?2 AND origin = 'model'"
	    " AND created_at >= ?3 LIMIT 1", errp)) == NULL)
		return -1;
	store_bind_text(st, 1, annotator);
	sqlite3_bind_int64(st, 2, article);
	sqlite3_bind_int64(st, 3, since);
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	*has = rc;
	sqlite3_finalize(st);
	return 0;
}

/*
 * The least certain suggestion is the one whose score is nearest 0.5:
 * the model can tell neither that it is right nor that it is wrong (a
 * score near 0 is as sure as one near 1, the other way).  Along
 * spans_model_pending (annotator, score, article), upwards from 0.5 and
 * downwards from it: the first pending model suggestion of ?1 each way in
 * an article other than ?4 that ?1 has not marked done and that the
 * list's tag filter (?2) keeps; the nearer of the two.  Each walk reads
 * only the suggestions between 0.5 and the one found (those of done
 * articles among them), never every span.
 */
#define STORE_UNCERTAIN_WALK(cmp, order)				\
	"SELECT * FROM (SELECT sp.article, sp.score FROM spans sp"	\
	" WHERE sp.annotator = ?1 AND sp.status = 'suggested'"		\
	" AND sp.origin = 'model' AND sp.score " cmp " 0.5"		\
	" AND sp.article <> ?4"					\
	" AND NOT EXISTS (SELECT 1 FROM article_status st"		\
	"  WHERE st.article = sp.article AND st.annotator = ?1"		\
	"  AND st.status = 'done')"					\
	" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM article_tags t"	\
	"  WHERE t.article = sp.article AND t.tag = ?2))"		\
	" ORDER BY sp.score " order ", sp.article " order " LIMIT 1)"
static const char store_least_certain_sql[] =
	"SELECT article, score FROM ("
	STORE_UNCERTAIN_WALK(">=", "ASC")
	" UNION ALL "
	STORE_UNCERTAIN_WALK("<", "DESC")
	") ORDER BY abs(score - 0.5), article LIMIT 1";

int
store_article_least_certain(struct store *s,
    const struct store_article_filter *f, int64_t except, int64_t *id,
    size_t *pos, double *score, int *found, char **errp)
{
	sqlite3_stmt	*st;
	long		 p = -1;
	int		 rc;

	*id = 0;
	*pos = 0;
	*score = 0;
	*found = 0;
	if (f == NULL || f->annotator == NULL)
		return err_set(errp, "suggestions of whom?");
	if ((st = store_assist_prepare(s, store_least_certain_sql,
	    errp)) == NULL)
		return -1;
	store_bind_text(st, 1, f->annotator);
	store_bind_text(st, 2, f->tag);
	sqlite3_bind_int64(st, 4, except);
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	if (rc == 1) {
		*id = sqlite3_column_int64(st, 0);
		*score = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == 0)
		return 0;
	/* A list of done articles only (status > 0) holds none of them. */
	if (store_article_position(s, f, *id, &p, errp) == -1)
		return -1;
	if (p < 0)
		return 0;
	*pos = (size_t)p;
	*found = 1;
	return 0;
}
