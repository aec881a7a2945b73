/*
 * store_article.c: articles: adding and reading them, the filtered lists
 * and positions of the list pane, full-text search (FTS5) and the walk
 * over every article.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/sha256.h"
#include "store_private.h"

void
store_article_free(struct store_article *a)
{
	if (a == NULL)
		return;
	free(a->title);
	free(a->source);
	free(a->hash);
	free(a->meta);
	free(a->text);
	memset(a, 0, sizeof(*a));
}

void
store_article_rows_free(struct store_article *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_article_free(&rows[i]);
	free(rows);
}

/* Columns of STORE_ROW_SQL (store_stmt.c) into a (without text). */
static void
store_article_from_row(struct db_stmt *st, void *elem)
{
	struct store_article	*a = elem;

	a->id = db_column_int64(st, 0);
	a->title = store_column_dup(st, 1);
	a->source = store_column_dup(st, 2);
	a->hash = store_column_dup(st, 3);
	a->meta = store_column_dup(st, 4);
	a->imported_at = db_column_int64(st, 5);
	a->done = db_column_int(st, 6);
	a->nspans = db_column_int(st, 7);
	a->nsuggested = db_column_int(st, 8);
	a->text = NULL;
	a->text_len = 0;
}

int
store_article_exists(struct store *s, int64_t id, char **errp)
{
	struct db_stmt	*st;
	int64_t		 v;
	int		 found;

	if ((st = store_stmt(s, ST_ARTICLE_EXISTS, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	if (store_int(s, st, &v, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no article %" PRId64, id);
	return 0;
}

struct store_article_add {
	const char	*title;
	const char	*source;
	const char	*text;
	size_t		 len;
	const char	*meta;
	char		 hash[65];
	int64_t		 id;
	int		 duplicate;
};

static int
store_article_insert(struct store *s, void *ctx, char **errp)
{
	struct store_article_add	*aa = ctx;
	struct db_stmt			*st;
	int64_t				 v;
	int				 found;

	if ((st = store_stmt(s, ST_ARTICLE_BY_HASH, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, aa->hash);
	if (store_int(s, st, &v, &found, errp) == -1)
		return -1;
	if (found) {
		aa->id = v;
		aa->duplicate = 1;
		return 0;
	}
	if ((st = store_stmt(s, ST_ARTICLE_INSERT, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, aa->title != NULL ? aa->title : "");
	store_bind_text(st, 2, aa->source != NULL ? aa->source : "");
	db_bind_int64(st, 3, store_now());
	/* The text is bound in place: it may be megabytes. */
	db_bind_static(st, 4, aa->text, store_clamp(aa->len), 0);
	store_bind_text(st, 5, aa->hash);
	store_bind_text(st, 6, aa->meta != NULL ? aa->meta : "{}");
	if (store_run(s, st, errp) == -1)
		return -1;
	aa->id = db_last_id(s->db);
	aa->duplicate = 0;
	return 0;
}

int
store_article_add(struct store *s, const char *title, const char *source,
    const char *text, size_t len, const char *meta, int64_t *id,
    int *duplicate, char **errp)
{
	struct store_article_add	 aa;
	struct db_stmt			*st;
	int64_t				 v;

	if (memchr(text, '\0', len) != NULL)
		return err_set(errp, "text contains a NUL byte");
	if (meta != NULL) {
		if ((st = store_stmt(s, ST_JSON_OBJECT, errp)) == NULL)
			return -1;
		store_bind_text(st, 1, meta);
		if (store_int(s, st, &v, NULL, errp) == -1)
			return -1;
		if (!v)
			return err_set(errp, "metadata is not a JSON object");
	}
	memset(&aa, 0, sizeof(aa));
	aa.title = title;
	aa.source = source;
	aa.text = text;
	aa.len = len;
	aa.meta = meta;
	sha256_hex(text, len, aa.hash);
	if (store_write(s, store_article_insert, &aa, errp) == -1)
		return -1;
	if (id != NULL)
		*id = aa.id;
	if (duplicate != NULL)
		*duplicate = aa.duplicate;
	return 0;
}

/* The row of ST_ARTICLE_GET or ST_ARTICLE_TEXT, bound, into *a. */
static int
store_article_read(struct store *s, struct db_stmt *st, int64_t id,
    struct store_article *a, char **errp)
{
	const void	*text;
	int		 rc;

	rc = db_step(st);
	if (rc == DB_ROW) {
		store_article_from_row(st, a);
		text = db_column_text(st, 9);
		a->text_len = (size_t)db_column_bytes(st, 9);
		a->text = xstrndup(text != NULL ? text : "", a->text_len);
	} else if (rc == DB_DONE)
		err_set(errp, "no article %" PRId64, id);
	else
		store_sql_error(s, errp);
	store_stmt_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int
store_article_get(struct store *s, int64_t id, const char *annotator,
    struct store_article *a, char **errp)
{
	struct db_stmt	*st;

	memset(a, 0, sizeof(*a));
	if ((st = store_stmt(s, ST_ARTICLE_GET, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, annotator);
	db_bind_int64(st, 4, id);
	return store_article_read(s, st, id, a, errp);
}

int
store_article_text(struct store *s, int64_t id, struct store_article *a,
    char **errp)
{
	struct db_stmt	*st;

	memset(a, 0, sizeof(*a));
	if ((st = store_stmt(s, ST_ARTICLE_TEXT, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	return store_article_read(s, st, id, a, errp);
}

static struct db_stmt *
store_filter_stmt(struct store *s, enum store_stmt id,
    const struct store_article_filter *f, char **errp)
{
	struct db_stmt	*st;

	if ((st = store_stmt(s, id, errp)) == NULL)
		return NULL;
	if (f != NULL) {
		store_bind_text(st, 1, f->annotator);
		store_bind_text(st, 2, f->tag);
		db_bind_int(st, 3, f->status > 0 ? 1 :
		    f->status < 0 ? -1 : 0);
	} else {
		db_bind_null(st, 1);
		db_bind_null(st, 2);
		db_bind_int(st, 3, 0);
	}
	return st;
}

/*
 * How many articles there are, without visiting them: FTS5's own count of
 * the rows it indexes, believed when it is the largest id (articles are
 * never deleted and ids are given in order, so the ids are 1..n; a row
 * deleted or an index out of step shows as a difference).  Else count(*),
 * which reads a whole index.
 */
static int
store_article_total(struct store *s, int64_t *n, char **errp)
{
	struct db_stmt		*st;
	const unsigned char	*p;
	uint64_t		 v = 0;
	int64_t			 max;
	int			 i, len, ok = 0;

	if ((st = store_stmt(s, ST_COUNT_FTS, errp)) == NULL)
		return -1;
	if (db_step(st) == DB_ROW) {
		/* An SQLite varint: 7 bits a byte, high bit set while more
		   follow, the ninth byte whole. */
		p = db_column_blob(st, 0);
		len = db_column_bytes(st, 0);
		for (i = 0; p != NULL && i < len && i < 9; i++) {
			if (i == 8) {
				v = (v << 8) | p[i];
				ok = 1;
				break;
			}
			v = (v << 7) | (p[i] & 0x7f);
			if ((p[i] & 0x80) == 0) {
				ok = 1;
				break;
			}
		}
	} else
		ok = 1;		/* nothing indexed yet: v is 0 */
	store_stmt_done(st);
	if ((st = store_stmt(s, ST_MAX_ARTICLE, errp)) == NULL ||
	    store_int(s, st, &max, NULL, errp) == -1)
		return -1;
	if (ok && v == (uint64_t)max) {
		*n = max;
		return 0;
	}
	if ((st = store_stmt(s, ST_COUNT_ALL, errp)) == NULL)
		return -1;
	return store_int(s, st, n, NULL, errp);
}

int
store_article_count(struct store *s, const struct store_article_filter *f,
    size_t *n, char **errp)
{
	static const struct store_article_filter none;
	struct db_stmt	*st;
	int64_t		 v, all = 0, done = 0;

	*n = 0;
	if (f == NULL)
		f = &none;
	if (f->tag == NULL) {
		if (f->status <= 0 &&
		    store_article_total(s, &all, errp) == -1)
			return -1;
		if (f->status != 0) {
			if ((st = store_stmt(s, f->annotator ?
			    ST_COUNT_DONE_BY : ST_COUNT_DONE_ANY, errp)) ==
			    NULL)
				return -1;
			if (f->annotator)
				store_bind_text(st, 1, f->annotator);
			if (store_int(s, st, &done, NULL, errp) == -1)
				return -1;
		}
		*n = (size_t)(f->status == 0 ? all : f->status > 0 ? done :
		    all - done);
		return 0;
	}
	if ((st = store_filter_stmt(s, ST_ARTICLE_COUNT, f, errp)) == NULL ||
	    store_int(s, st, &v, NULL, errp) == -1)
		return -1;
	*n = (size_t)v;
	return 0;
}

static void
store_article_clear(void *elem)
{
	store_article_free(elem);
}

/* The STORE_ROW_SQL rows of a bound statement. */
static int
store_article_collect(struct store *s, struct db_stmt *st,
    struct store_article **rows, size_t *n, char **errp)
{
	void	*v;

	if (store_rows_collect(s, st, sizeof(**rows), store_article_from_row,
	    store_article_clear, &v, n, errp) == -1)
		return -1;
	*rows = v;
	return 0;
}

int
store_article_rows(struct store *s, const struct store_article_filter *f,
    size_t offset, size_t limit, struct store_article **rows, size_t *n,
    char **errp)
{
	struct db_stmt	*st;

	*rows = NULL;
	*n = 0;
	if ((st = store_filter_stmt(s, f != NULL && f->with_hash ?
	    ST_ARTICLE_ROWS_HASH : ST_ARTICLE_ROWS, f, errp)) == NULL)
		return -1;
	db_bind_int64(st, 4, store_clamp(limit));
	db_bind_int64(st, 5, store_clamp(offset));
	return store_article_collect(s, st, rows, n, errp);
}

int
store_article_rows_near(struct store *s, const struct store_article_filter *f,
    int64_t key, int dir, size_t skip, size_t limit,
    struct store_article **rows, size_t *n, char **errp)
{
	struct store_article	 t;
	struct db_stmt		*st;
	size_t			 i;

	*rows = NULL;
	*n = 0;
	if ((st = store_filter_stmt(s, dir < 0 ? ST_ARTICLE_ROWS_BEFORE :
	    ST_ARTICLE_ROWS_AFTER, f, errp)) == NULL)
		return -1;
	db_bind_int64(st, 4, store_clamp(limit));
	db_bind_int64(st, 5, store_clamp(skip));
	db_bind_int64(st, 6, key);
	if (store_article_collect(s, st, rows, n, errp) == -1)
		return -1;
	/* Rows before the key come nearest first: put them in list order. */
	if (dir < 0)
		for (i = 0; i < *n / 2; i++) {
			t = (*rows)[i];
			(*rows)[i] = (*rows)[*n - 1 - i];
			(*rows)[*n - 1 - i] = t;
		}
	return 0;
}

int
store_article_ids_after(struct store *s, const struct store_article_filter *f,
    int64_t key, size_t limit, int64_t **ids, size_t *n, char **errp)
{
	struct db_stmt	*st;
	int64_t		*v = NULL;
	size_t		 len = 0, cap = 0;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if ((st = store_filter_stmt(s, ST_ARTICLE_IDS_AFTER, f, errp)) == NULL)
		return -1;
	db_bind_int64(st, 4, store_clamp(limit));
	db_bind_int64(st, 5, key);
	while ((rc = db_step(st)) == DB_ROW) {
		ARRAY_RESERVE(v, cap, len + 1);
		v[len++] = db_column_int64(st, 0);
	}
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		free(v);
		return -1;
	}
	store_stmt_done(st);
	*ids = v;
	*n = len;
	return 0;
}

/* How many articles of the filtered list come before id. */
static int
store_article_count_before(struct store *s,
    const struct store_article_filter *f, int64_t id, int64_t *pos,
    char **errp)
{
	struct db_stmt	*st;

	if ((st = store_filter_stmt(s, ST_ARTICLE_BEFORE, f, errp)) == NULL)
		return -1;
	db_bind_int64(st, 4, id);
	return store_int(s, st, pos, NULL, errp);
}

int
store_article_first_todo(struct store *s,
    const struct store_article_filter *f, size_t *pos, char **errp)
{
	struct db_stmt	*st;
	int64_t		 id, before;
	int		 found;

	*pos = 0;
	if ((st = store_filter_stmt(s, ST_ARTICLE_FIRST_TODO, f,
	    errp)) == NULL || store_int(s, st, &id, &found, errp) == -1)
		return -1;
	if (!found)
		return 0;
	if (store_article_count_before(s, f, id, &before, errp) == -1)
		return -1;
	*pos = (size_t)before;
	return 0;
}

int
store_article_position(struct store *s, const struct store_article_filter *f,
    int64_t id, long *pos, char **errp)
{
	struct db_stmt	*st;
	int64_t		 v, before;
	int		 found;

	*pos = -1;
	if ((st = store_filter_stmt(s, ST_ARTICLE_IN_LIST, f, errp)) == NULL)
		return -1;
	db_bind_int64(st, 4, id);
	if (store_int(s, st, &v, &found, errp) == -1)
		return -1;
	if (!found)
		return 0;
	if (store_article_count_before(s, f, id, &before, errp) == -1)
		return -1;
	*pos = (long)before;
	return 0;
}

int
store_article_next_suggested(struct store *s,
    const struct store_article_filter *f, int64_t id, int dir, int64_t *next,
    size_t *pos, int *found, char **errp)
{
	struct db_stmt	*st;
	int64_t		 before;

	*next = 0;
	*pos = 0;
	*found = 0;
	if (f == NULL || f->annotator == NULL)
		return err_set(errp, "suggestions of whom?");
	if ((st = store_filter_stmt(s, dir < 0 ? ST_ARTICLE_PREV_SUGGESTED :
	    ST_ARTICLE_NEXT_SUGGESTED, f, errp)) == NULL)
		return -1;
	db_bind_int64(st, 4, id);
	if (store_int(s, st, next, found, errp) == -1)
		return -1;
	if (!*found)
		return 0;
	if (store_article_count_before(s, f, *next, &before, errp) == -1)
		return -1;
	*pos = (size_t)before;
	return 0;
}

/*
 * The user's words as an FTS5 query: each word quoted (so that "AND" or
 * a stray quote is a word, never syntax), all of them required, the last
 * one a prefix (the list narrows as one types).
 */
static char *
store_fts_query(const char *query)
{
	struct buf	 b = BUF_INIT;
	const char	*p = query, *q;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		    *q != '\n'; q++) {
			if (*q == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *q);
		}
		buf_addc(&b, '"');
		p = q;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			buf_addc(&b, '*');
	}
	return b.data;	/* NULL when there are no words */
}

/* The same words as a PostgreSQL tsquery: each a quoted lexeme ('' for
   a quote, \\ for a backslash), all required, the last a prefix. */
static char *
store_tsquery(const char *query)
{
	struct buf	 b = BUF_INIT;
	const char	*p = query, *q;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		if (b.len > 0)
			buf_adds(&b, " & ");
		buf_addc(&b, '\'');
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		    *q != '\n'; q++) {
			if (*q == '\'' || *q == '\\')
				buf_addc(&b, *q);
			buf_addc(&b, *q);
		}
		buf_addc(&b, '\'');
		p = q;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			buf_adds(&b, ":*");
	}
	return b.data;
}

static int store_fts_hits_register(struct store *, char **);

int
store_article_search(struct store *s, const char *query,
    const struct store_article_filter *f, size_t limit,
    struct store_article **rows, size_t *n, char **errp)
{
	struct db_stmt	*st;
	char		*fts;
	int		 rc;

	*rows = NULL;
	*n = 0;
	fts = db_kind(s->db) == DB_PG ? store_tsquery(query) :
	    store_fts_query(query);
	if (fts == NULL)
		return 0;
	if (store_fts_hits_register(s, errp) == -1) {
		free(fts);
		return -1;
	}
	if ((st = store_filter_stmt(s, f == NULL || (f->tag == NULL &&
	    f->status == 0) ? ST_ARTICLE_SEARCH_ALL : ST_ARTICLE_SEARCH, f,
	    errp)) == NULL) {
		free(fts);
		return -1;
	}
	store_bind_text(st, 4, fts);
	db_bind_int64(st, 5, store_clamp(limit));
	db_bind_int64(st, 6, STORE_SEARCH_CANDIDATES > limit ?
	    STORE_SEARCH_CANDIDATES : store_clamp(limit));
	rc = store_article_collect(s, st, rows, n, errp);
	free(fts);
	return rc;
}

int
store_article_foreach(struct store *s, store_article_cb cb, void *ctx,
    char **errp)
{
	static const char	 sql[] = "SELECT id, title, source, hash, meta,"
	    " imported_at, text FROM articles ORDER BY id";
	struct store_article	 a;
	struct db_stmt		*st = NULL;
	int			 own = 0, rc, ret = -1;

	/* Prepared per call: cb may start another walk. */
	if (store_snapshot_begin(s, &own, errp) == -1)
		goto out;
	if (db_prepare(s->db, sql, 0, &st) != SQLITE_OK) {
		store_sql_error(s, errp);
		goto out;
	}
	memset(&a, 0, sizeof(a));
	ret = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		a.id = db_column_int64(st, 0);
		a.title = (char *)db_column_text(st, 1);
		a.source = (char *)db_column_text(st, 2);
		a.hash = (char *)db_column_text(st, 3);
		a.meta = (char *)db_column_text(st, 4);
		a.imported_at = db_column_int64(st, 5);
		a.text = (char *)db_column_text(st, 6);
		a.text_len = (size_t)db_column_bytes(st, 6);
		if (a.text == NULL)
			a.text = "";
		if ((ret = cb(ctx, &a)) != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE) {
		store_sql_error(s, errp);
		ret = -1;
	}
out:
	db_finalize(st);
	store_snapshot_end(s, own, ret != -1);
	return ret;
}

/* Column 0 of a row as an id. */
static void
store_id_from_row(struct db_stmt *st, void *elem)
{
	*(int64_t *)elem = db_column_int64(st, 0);
}

/*
 * The phrase as one FTS5 string: the tokenizer splits it into the
 * phrase's words, and nothing in it is query syntax (a quote is
 * doubled).  Only the text column: the title is a copy of the text's
 * first line.
 */
static void
store_phrase_query(struct buf *q, const char *phrase)
{
	const char	*p;

	buf_adds(q, "text : \"");
	for (p = phrase; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(q, '"');
		buf_addc(q, *p);
	}
	buf_addc(q, '"');
}

/* margin_hits(articles_fts): how many times the query matched this row,
   from its position lists. */
static void
store_fts_hits_fn(const Fts5ExtensionApi *x, Fts5Context *fc,
    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	int	 n = 0;

	(void)nval;
	(void)val;
	if (x->xInstCount(fc, &n) != SQLITE_OK) {
		sqlite3_result_error(ctx, "margin_hits: no position lists", -1);
		return;
	}
	sqlite3_result_int(ctx, n);
}

/*
 * margin_rank(articles_fts, W1, W2...): BM25 of the row for the query,
 * lower is better (as bm25()), with each column's weight, but every word
 * weighed alike: FTS5's bm25() finds each word's document frequency by
 * reading its whole list of rows at the first call, which costs what the
 * corpus holds before one row is ranked.  Word frequency in the row and
 * the row's length against the average (both at hand) are what is left;
 * all the words are required, so their rarity changes the order little.
 */
#define STORE_RANK_PHRASES	16
#define STORE_RANK_COLUMNS	4

static void
store_fts_rank_fn(const Fts5ExtensionApi *x, Fts5Context *fc,
    sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const double	 k1 = 1.2, b = 0.75;
	int		 tf[STORE_RANK_PHRASES][STORE_RANK_COLUMNS];
	double		 score = 0, w, avg, norm;
	sqlite3_int64	 nrow = 0, total;
	int		 nphrase, ncol, n, i, p, c, off, len;

	nphrase = x->xPhraseCount(fc);
	ncol = x->xColumnCount(fc);
	if (nphrase > STORE_RANK_PHRASES)
		nphrase = STORE_RANK_PHRASES;
	if (ncol > STORE_RANK_COLUMNS)
		ncol = STORE_RANK_COLUMNS;
	memset(tf, 0, sizeof(tf));
	if (x->xInstCount(fc, &n) != SQLITE_OK ||
	    x->xRowCount(fc, &nrow) != SQLITE_OK) {
		sqlite3_result_error(ctx, "margin_rank: no position lists", -1);
		return;
	}
	for (i = 0; i < n; i++)
		if (x->xInst(fc, i, &p, &c, &off) == SQLITE_OK &&
		    p >= 0 && p < nphrase && c >= 0 && c < ncol)
			tf[p][c]++;
	for (c = 0; c < ncol; c++) {
		w = c < nval ? sqlite3_value_double(val[c]) : 1.0;
		if (w == 0 || x->xColumnSize(fc, c, &len) != SQLITE_OK ||
		    x->xColumnTotalSize(fc, c, &total) != SQLITE_OK)
			continue;
		avg = nrow > 0 && total > 0 ? (double)total / (double)nrow : 1;
		norm = k1 * (1 - b + b * (double)len / avg);
		for (p = 0; p < nphrase; p++)
			if (tf[p][c] > 0)
				score += w * tf[p][c] * (k1 + 1) /
				    (tf[p][c] + norm);
	}
	sqlite3_result_double(ctx, -score);
}

static int
store_fts_hits_register(struct store *s, char **errp)
{
	sqlite3		*lite = db_sqlite(s->db);
	sqlite3_stmt	*st;
	fts5_api	*api = NULL;

	if (s->fts_hits || lite == NULL)
		return 0;
	if (sqlite3_prepare_v2(lite, "SELECT fts5(?1)", -1, &st,
	    NULL) != SQLITE_OK)
		return store_sql_error(s, errp);
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (api == NULL || api->iVersion < 2)
		return err_set(errp, "this SQLite has no FTS5 API");
	if (api->xCreateFunction(api, "margin_hits", NULL, store_fts_hits_fn,
	    NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "margin_rank", NULL, store_fts_rank_fn,
	    NULL) != SQLITE_OK)
		return store_sql_error(s, errp);
	s->fts_hits = 1;
	return 0;
}

/*
 * On PostgreSQL, the articles are those the phrase's words match in
 * order, as on SQLite; the occurrences in them are counted as the
 * phrase's case-folded text within the case-folded article (an estimate,
 * as the caller says it is).
 */
static int
store_phrase_count_pg(struct store *s, const char *phrase, size_t *articles,
    size_t *hits, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	if (db_prepare(s->db, "SELECT count(*), coalesce(sum((length(lower("
	    "a.text)) - length(replace(lower(a.text), lower(?1), '')))"
	    " / greatest(length(?1), 1)), 0) FROM articles a"
	    " WHERE a.fts @@ phraseto_tsquery('margin_search', ?1)", 0,
	    &st) != DB_OK)
		return store_sql_error(s, errp);
	store_bind_text(st, 1, phrase);
	if ((rc = db_step(st)) == DB_ROW) {
		*articles = (size_t)db_column_int64(st, 0);
		*hits = (size_t)db_column_int64(st, 1);
	}
	rc = rc == DB_ROW ? 0 : store_sql_error(s, errp);
	db_finalize(st);
	return rc;
}

int
store_article_phrase_count(struct store *s, const char *phrase,
    size_t *articles, size_t *hits, char **errp)
{
	struct buf	 q = BUF_INIT;
	struct db_stmt	*st;
	int		 rc;

	*articles = *hits = 0;
	if (db_kind(s->db) == DB_PG)
		return store_phrase_count_pg(s, phrase, articles, hits, errp);
	if (store_fts_hits_register(s, errp) == -1)
		return -1;
	/* An auxiliary function cannot sit inside an aggregate: the rows
	   are summed here. */
	if (db_prepare(s->db, "SELECT margin_hits(articles_fts)"
	    " FROM articles_fts WHERE articles_fts MATCH ?1", 0,
	    &st) != DB_OK)
		return store_sql_error(s, errp);
	store_phrase_query(&q, phrase);
	store_bind_text(st, 1, q.data);
	while ((rc = db_step(st)) == DB_ROW) {
		(*articles)++;
		*hits += (size_t)db_column_int64(st, 0);
	}
	rc = rc == DB_DONE ? 0 : store_sql_error(s, errp);
	db_finalize(st);
	buf_free(&q);
	return rc;
}

int
store_article_ids(struct store *s, int64_t **idsp, size_t *n, char **errp)
{
	struct db_stmt	*st;
	void		*ids;

	*idsp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_ARTICLE_IDS, errp)) == NULL ||
	    store_rows_collect(s, st, sizeof(**idsp), store_id_from_row, NULL,
	    &ids, n, errp) == -1)
		return -1;
	*idsp = ids;
	return 0;
}

int
store_article_find_phrase(struct store *s, const char *phrase,
    int64_t **idsp, size_t *n, char **errp)
{
	struct buf	 q = BUF_INIT;
	struct db_stmt	*st;
	void		*ids;
	int		 rc;

	*idsp = NULL;
	*n = 0;
	if (db_kind(s->db) == DB_PG)
		buf_adds(&q, phrase);	/* phraseto_tsquery's own words */
	else
		store_phrase_query(&q, phrase);
	if ((st = store_stmt(s, ST_ARTICLE_PHRASE, errp)) == NULL) {
		buf_free(&q);
		return -1;
	}
	store_bind_text(st, 1, q.data);
	rc = store_rows_collect(s, st, sizeof(**idsp), store_id_from_row, NULL,
	    &ids, n, errp);
	buf_free(&q);
	if (rc == -1)
		return -1;
	*idsp = ids;
	return 0;
}
