/*
 * store_model.c: the tagger's models (SPEC §11): each one a blob of the
 * tagger's format with what it was trained on, newest last; every
 * annotator of the database uses the newest.  A model is saved and read
 * once per command, so its statements are prepared where they are used.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

void
store_model_free(struct store_model *m)
{
	if (m == NULL)
		return;
	free(m->created_by);
	free(m->trained_on);
	free(m->params);
	memset(m, 0, sizeof(*m));
}

void
store_models_free(struct store_model *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_model_free(&v[i]);
	free(v);
}

static struct db_stmt *
store_model_prepare(struct store *s, const char *sql, char **errp)
{
	struct db_stmt	*st = NULL;

	if (db_prepare(s->db, sql, 0, &st) != DB_OK) {
		store_sql_error(s, errp);
		db_finalize(st);
		return NULL;
	}
	return st;
}

struct store_model_add {
	const struct store_model	*m;
	int64_t				 id;
};

static int
store_model_add_txn(struct store *s, void *ctx, char **errp)
{
	struct store_model_add	*ma = ctx;
	struct db_stmt		*st;
	int			 rc;

	st = store_model_prepare(s, "INSERT INTO models(created_at,"
	    " created_by, format, trained_on, params)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)", errp);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, store_now());
	store_bind_text(st, 2, ma->m->created_by != NULL ?
	    ma->m->created_by : s->actor);
	db_bind_int(st, 3, ma->m->format);
	store_bind_text(st, 4, ma->m->trained_on != NULL ?
	    ma->m->trained_on : "{}");
	db_bind_static(st, 5, ma->m->params, store_clamp(ma->m->params_len),
	    1);
	rc = db_step(st);
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	ma->id = db_last_id(s->db);
	return 0;
}

int
store_model_save(struct store *s, const struct store_model *m, int64_t *id,
    char **errp)
{
	struct store_model_add	 ma;

	if (m->params == NULL || m->params_len == 0)
		return err_set(errp, "an empty model");
	ma.m = m;
	ma.id = 0;
	if (store_write(s, store_model_add_txn, &ma, errp) == -1)
		return -1;
	if (id != NULL)
		*id = ma.id;
	return 0;
}

/* A row of id, created_at, created_by, format, trained_on[, params]. */
static void
store_model_decode(struct db_stmt *st, struct store_model *m, int params)
{
	const void	*p;

	m->id = db_column_int64(st, 0);
	m->created_at = db_column_int64(st, 1);
	m->created_by = store_column_dup(st, 2);
	m->format = db_column_int(st, 3);
	m->trained_on = store_column_dup(st, 4);
	if (!params)
		return;
	p = db_column_blob(st, 5);
	m->params_len = (size_t)db_column_bytes(st, 5);
	m->params = xmalloc(m->params_len ? m->params_len : 1);
	if (p != NULL)
		memcpy(m->params, p, m->params_len);
}

int
store_model_latest(struct store *s, struct store_model *m, int *found,
    char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	memset(m, 0, sizeof(*m));
	*found = 0;
	st = store_model_prepare(s, "SELECT id, created_at, created_by,"
	    " format, trained_on, params FROM models"
	    " ORDER BY id DESC LIMIT 1", errp);
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		store_model_decode(st, m, 1);
		*found = 1;
	} else if (rc != DB_DONE) {
		store_sql_error(s, errp);
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	return 0;
}

int
store_model_list(struct store *s, struct store_model **vp, size_t *np,
    char **errp)
{
	struct store_model	*v = NULL;
	struct db_stmt		*st;
	size_t			 n = 0, cap = 0;
	int			 rc;

	*vp = NULL;
	*np = 0;
	st = store_model_prepare(s, "SELECT id, created_at, created_by,"
	    " format, trained_on, length(params) FROM models ORDER BY id",
	    errp);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		ARRAY_RESERVE(v, cap, n + 1);
		memset(&v[n], 0, sizeof(v[n]));
		store_model_decode(st, &v[n], 0);
		v[n].params_len = (size_t)db_column_int64(st, 5);
		n++;
	}
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		db_finalize(st);
		store_models_free(v, n);
		return -1;
	}
	db_finalize(st);
	*vp = v;
	*np = n;
	return 0;
}
