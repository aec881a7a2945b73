/*
 * store_assist.c: what the TUI's assistance asks of the store (SPEC §11):
 * which model is the newest, whether an article already has suggestions
 * of it, and which article holds the least certain pending suggestion of
 * the tagger (`set next uncertain`).  Each is one indexed query.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

static struct db_stmt *
store_assist_prepare(struct store *s, const char *sql, char **errp)
{
	struct db_stmt	*st = NULL;

	if (db_prepare(s->db, sql, 0, &st) != DB_OK) {
		store_sql_error(s, errp);
		db_finalize(st);
		return NULL;
	}
	return st;
}

/* Step st for its first row; 1 with a row, 0 without, -1 on an error
   (st is finalized then). */
static int
store_assist_row(struct store *s, struct db_stmt *st, char **errp)
{
	int	 rc = db_step(st);

	if (rc == DB_ROW)
		return 1;
	if (rc == DB_DONE)
		return 0;
	store_sql_error(s, errp);
	db_finalize(st);
	return -1;
}

int
store_model_newest(struct store *s, int64_t *id, int64_t *created_at,
    int *found, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	*id = *created_at = 0;
	*found = 0;
	if ((st = store_assist_prepare(s, "SELECT id, created_at FROM models"
	    " ORDER BY id DESC LIMIT 1", errp)) == NULL)
		return -1;
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	if (rc == 1) {
		*id = db_column_int64(st, 0);
		*created_at = db_column_int64(st, 1);
		*found = 1;
	}
	db_finalize(st);
	return 0;
}

int
store_span_model_since(struct store *s, int64_t article,
    const char *annotator, int64_t since, int *has, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	*has = 0;
	/* spans_by_annotator (annotator, article, status): the annotator's
	   spans in this one article. */
	if ((st = store_assist_prepare(s, "SELECT 1 FROM spans"
	    " WHERE annotator = ?1 AND article = ?2 AND origin = 'model'"
	    " AND created_at >= ?3 LIMIT 1", errp)) == NULL)
		return -1;
	store_bind_text(st, 1, annotator);
	db_bind_int64(st, 2, article);
	db_bind_int64(st, 3, since);
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	*has = rc;
	db_finalize(st);
	return 0;
}

/*
 * The least certain suggestion is the one whose score is nearest 0.5:
 * the model can tell neither that it is right nor that it is wrong (a
 * score near 0 is as sure as one near 1, the other way).
 *
 * First along spans_model_pending (annotator, score, article), upwards
 * from 0.5 and downwards from it: the STORE_UNCERTAIN_WINDOW suggestions
 * of ?1 nearest 0.5 each way, and of them the first in an article other
 * than ?4 that ?1 has not marked done and that the list's tag filter (?2)
 * keeps.  That costs a few milliseconds whatever the corpus, and settles
 * it unless the windows hold only suggestions of done articles (a corpus
 * nearly done, its leftover suggestions near 0.5).  Then the articles
 * where ?1 has spans are walked, one seek each along spans_by_annotator
 * (annotator, article, status), and each one not done is scored by its
 * own suggestions: about 0.2 s at 100k articles.
 */
#define STORE_UNCERTAIN_WINDOW	4096
#define STORE_UNCERTAIN_KEPT(x)						\
	" " x " <> ?4 AND NOT EXISTS (SELECT 1 FROM article_status st"	\
	"  WHERE st.article = " x " AND st.annotator = ?1"		\
	"  AND st.status = 'done')"					\
	" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM article_tags t"	\
	"  WHERE t.article = " x " AND t.tag = ?2))"
/* One way: the window, nearest 0.5 first. */
#define STORE_UNCERTAIN_WIN(cmp, order)					\
	"(SELECT sp.article, sp.score FROM spans sp"			\
	" WHERE sp.annotator = ?1 AND sp.status = 'suggested'"		\
	" AND sp.origin = 'model' AND sp.score " cmp " 0.5"		\
	" ORDER BY sp.score " order ", sp.article " order		\
	" LIMIT " STORE_XSTR(STORE_UNCERTAIN_WINDOW) ")"
/* Its first kept (read as far as that, no further); and when none is,
   how many it holds and its farthest from 0.5. */
#define STORE_UNCERTAIN_WAY(cmp, order)					\
	"SELECT article, score FROM " STORE_UNCERTAIN_WIN(cmp, order)	\
	" win WHERE" STORE_UNCERTAIN_KEPT("win.article") " LIMIT 1"
#define STORE_UNCERTAIN_EDGE(cmp, order)				\
	"SELECT count(*), max(abs(score - 0.5)) FROM "			\
	STORE_UNCERTAIN_WIN(cmp, order) " win"
static const char *const store_uncertain_way_sql[2] = {
	STORE_UNCERTAIN_WAY(">=", "ASC"),
	STORE_UNCERTAIN_WAY("<", "DESC"),
};
static const char *const store_uncertain_edge_sql[2] = {
	STORE_UNCERTAIN_EDGE(">=", "ASC"),
	STORE_UNCERTAIN_EDGE("<", "DESC"),
};
static const char store_uncertain_walk_sql[] =
	"WITH RECURSIVE walk(article) AS ("
	" SELECT (SELECT sp.article FROM spans sp WHERE sp.annotator = ?1"
	"  ORDER BY sp.article LIMIT 1)"
	" UNION ALL SELECT (SELECT sp.article FROM spans sp"
	"  WHERE sp.annotator = ?1 AND sp.article > walk.article"
	"  ORDER BY sp.article LIMIT 1)"
	" FROM walk WHERE walk.article IS NOT NULL)"
	" SELECT article, score FROM (SELECT w.article AS article,"
	" (SELECT sp.score FROM spans sp WHERE sp.annotator = ?1"
	"  AND sp.article = w.article AND sp.status = 'suggested'"
	"  AND sp.origin = 'model' ORDER BY abs(sp.score - 0.5) LIMIT 1)"
	"  AS score"
	" FROM walk w WHERE w.article IS NOT NULL AND"
	STORE_UNCERTAIN_KEPT("w.article") ") scored"
	" WHERE score IS NOT NULL ORDER BY abs(score - 0.5), article LIMIT 1";

/* What one way's window says. */
struct store_uncertain_way {
	int	 full;		/* it holds as many as it can */
	double	 reach;		/* its farthest from 0.5 */
	int	 kept;		/* a suggestion of an article kept: */
	int64_t	 article;
	double	 score;
};

static struct db_stmt *
store_uncertain_bind(struct store *s, const char *sql,
    const struct store_article_filter *f, int64_t except, char **errp)
{
	struct db_stmt	*st;

	if ((st = store_assist_prepare(s, sql, errp)) == NULL)
		return NULL;
	store_bind_text(st, 1, f->annotator);
	store_bind_text(st, 2, f->tag);
	db_bind_int64(st, 4, except);
	return st;
}

static int
store_uncertain_way(struct store *s, int down,
    const struct store_article_filter *f, int64_t except,
    struct store_uncertain_way *w, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	memset(w, 0, sizeof(*w));
	if ((st = store_uncertain_bind(s, store_uncertain_way_sql[down], f,
	    except, errp)) == NULL)
		return -1;
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	if (rc == 1) {
		w->kept = 1;
		w->article = db_column_int64(st, 0);
		w->score = db_column_double(st, 1);
	}
	db_finalize(st);
	if (w->kept)
		return 0;
	if ((st = store_uncertain_bind(s, store_uncertain_edge_sql[down], f,
	    except, errp)) == NULL)
		return -1;
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	if (rc == 1) {
		w->full = db_column_int64(st, 0) ==
		    STORE_UNCERTAIN_WINDOW;
		w->reach = db_column_double(st, 1);
	}
	db_finalize(st);
	return 0;
}

/*
 * From the two windows: 1 with the answer, 0 when there is none, 2 when
 * the windows cannot tell (what lies beyond a full window may be nearer
 * than what was kept).
 */
static int
store_uncertain_pick(const struct store_uncertain_way w[2], int64_t *id,
    double *score)
{
	const struct store_uncertain_way *best = NULL;
	double		 d;
	int		 i;

	for (i = 0; i < 2; i++)
		if (w[i].kept && (best == NULL || fabs(w[i].score - 0.5) <
		    fabs(best->score - 0.5)))
			best = &w[i];
	d = best != NULL ? fabs(best->score - 0.5) : 0;
	for (i = 0; i < 2; i++)
		if (!w[i].kept && w[i].full && (best == NULL ||
		    w[i].reach < d))
			return 2;
	if (best == NULL)
		return 0;
	*id = best->article;
	*score = best->score;
	return 1;
}

static int
store_uncertain_walk(struct store *s, const struct store_article_filter *f,
    int64_t except, int64_t *id, double *score, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	if ((st = store_uncertain_bind(s, store_uncertain_walk_sql, f, except,
	    errp)) == NULL)
		return -1;
	if ((rc = store_assist_row(s, st, errp)) == -1)
		return -1;
	if (rc == 1) {
		*id = db_column_int64(st, 0);
		*score = db_column_double(st, 1);
	}
	db_finalize(st);
	return rc;
}

int
store_article_least_certain(struct store *s,
    const struct store_article_filter *f, int64_t except, int64_t *id,
    size_t *pos, double *score, int *found, char **errp)
{
	struct store_uncertain_way	 w[2];
	long				 p = -1;
	int				 rc;

	*id = 0;
	*pos = 0;
	*score = 0;
	*found = 0;
	if (f == NULL || f->annotator == NULL)
		return err_set(errp, "suggestions of whom?");
	if (store_uncertain_way(s, 0, f, except, &w[0], errp) == -1 ||
	    store_uncertain_way(s, 1, f, except, &w[1], errp) == -1)
		return -1;
	rc = store_uncertain_pick(w, id, score);
	if (rc == 2 && (rc = store_uncertain_walk(s, f, except, id, score,
	    errp)) == -1)
		return -1;
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
