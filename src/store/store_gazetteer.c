/*
 * store_gazetteer.c: the gazetteers of a database (SPEC §11): lists of
 * names with labels, loaded in batches and put in place in one
 * transaction, listed, removed, and read whole to build a matcher.  A
 * list's life is its state: 'loading' while its names are written,
 * 'ready' once in place, 'dropping' while its names are deleted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

/* Names deleted by one statement while a list is dropped. */
#define STORE_GAZETTEER_CHUNK	2000

struct store_gazetteer_load {
	struct store				*s;
	int64_t					 id;
	char					*name;
	struct store_group			 group;
	const struct store_gazetteer_entry	*v;	/* in hand */
	size_t					 n, next, batch_next;
};

/* A statement used once in a while: prepared where it is used. */
static struct db_stmt *
store_gazetteer_prepare(struct store *s, const char *sql, char **errp)
{
	struct db_stmt	*st = NULL;

	if (db_prepare(s->db, sql, 0, &st) != DB_OK) {
		store_sql_error(s, errp);
		db_finalize(st);
		return NULL;
	}
	return st;
}

/* Step st to its end and finalize it. */
static int
store_gazetteer_run(struct store *s, struct db_stmt *st, char **errp)
{
	int	 rc = db_step(st);

	if (rc != DB_DONE && rc != DB_ROW) {
		store_sql_error(s, errp);
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	return 0;
}

void
store_gazetteers_free(struct store_gazetteer *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].labels);
		free(v[i].created_by);
	}
	free(v);
}

int
store_gazetteer_list(struct store *s, struct store_gazetteer **vp, size_t *n,
    char **errp)
{
	struct store_gazetteer	*v = NULL;
	struct db_stmt		*st;
	size_t			 cap = 0;
	int			 rc;

	*vp = NULL;
	*n = 0;
	st = store_gazetteer_prepare(s,
	    "SELECT g.name, g.ignore_case, g.created_at, g.created_by,"
	    "  (SELECT count(*) FROM gazetteer_names WHERE gazetteer = g.id),"
	    "  (SELECT group_concat(label, ',') FROM (SELECT DISTINCT label"
	    "    FROM gazetteer_names WHERE gazetteer = g.id ORDER BY label) l)"
	    " FROM gazetteers g WHERE g.state = 'ready' ORDER BY g.name", errp);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		ARRAY_RESERVE(v, cap, *n + 1);
		v[*n].name = store_column_dup(st, 0);
		v[*n].ignore_case = db_column_int(st, 1);
		v[*n].created_at = db_column_int64(st, 2);
		v[*n].created_by = store_column_dup(st, 3);
		v[*n].count = (size_t)db_column_int64(st, 4);
		v[*n].labels = store_column_dup(st, 5);
		(*n)++;
	}
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		db_finalize(st);
		store_gazetteers_free(v, *n);
		*n = 0;
		return -1;
	}
	db_finalize(st);
	*vp = v;
	return 0;
}

/* Put aside the lists of this name that a load stopped half way left
   (state 'loading'; a load runs in one process at a time per name). */
static int
store_gazetteer_drop_stale(struct store *s, const char *name, char **errp)
{
	struct db_stmt	*st;

	if ((st = store_gazetteer_prepare(s, "UPDATE gazetteers SET state ="
	    " 'dropping' WHERE name = ? AND state = 'loading'", errp)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	return store_gazetteer_run(s, st, errp);
}

struct store_gazetteer_new {
	const char	*name;
	int		 ignore_case;
	int64_t		 id;
};

static int
store_gazetteer_new_txn(struct store *s, void *ctx, char **errp)
{
	struct store_gazetteer_new	*g = ctx;
	struct db_stmt			*st;

	if (store_gazetteer_drop_stale(s, g->name, errp) == -1)
		return -1;
	if ((st = store_gazetteer_prepare(s, "INSERT INTO gazetteers (name,"
	    " ignore_case, state, created_at, created_by) VALUES (?, ?,"
	    " 'loading', ?, ?)", errp)) == NULL)
		return -1;
	store_bind_text(st, 1, g->name);
	db_bind_int(st, 2, g->ignore_case != 0);
	db_bind_int64(st, 3, store_now());
	store_bind_text(st, 4, store_actor(s));
	if (store_gazetteer_run(s, st, errp) == -1)
		return -1;
	g->id = db_last_id(s->db);
	return 0;
}

int
store_gazetteer_load_start(struct store *s, const char *name,
    int ignore_case, struct store_gazetteer_load **lp, char **errp)
{
	struct store_gazetteer_load	*l;
	struct store_gazetteer_new	 g;

	*lp = NULL;
	if (name == NULL || name[0] == '\0')
		return err_set(errp, "a gazetteer needs a name");
	memset(&g, 0, sizeof(g));
	g.name = name;
	g.ignore_case = ignore_case;
	if (store_txn_run(s, store_gazetteer_new_txn, &g, errp) == -1)
		return -1;
	l = xcalloc(1, sizeof(*l));
	l->s = s;
	l->id = g.id;
	l->name = xstrdup(name);
	*lp = l;
	return 0;
}

/* One batch of names (a store_batch_run body). */
static int
store_gazetteer_add_batch(struct store *s, void *ctx, char **errp)
{
	struct store_gazetteer_load	*l = ctx;
	struct db_stmt			*st;
	size_t				 i;
	int				 rc;

	if ((st = store_gazetteer_prepare(s, "INSERT OR IGNORE INTO"
	    " gazetteer_names (gazetteer, name, label) VALUES (?, ?, ?)",
	    errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, l->id);
	for (i = l->next; i < l->n && !store_batch_due(s); i++) {
		store_bind_text(st, 2, l->v[i].name);
		store_bind_text(st, 3, l->v[i].label);
		rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE) {
			store_sql_error(s, errp);
			db_finalize(st);
			return -1;
		}
	}
	db_finalize(st);
	l->batch_next = i;
	return 0;
}

int
store_gazetteer_load_add(struct store_gazetteer_load *l,
    const struct store_gazetteer_entry *v, size_t n, char **errp)
{
	l->v = v;
	l->n = n;
	l->next = 0;
	while (l->next < l->n) {
		if (store_batch_run(l->s, &l->group, store_gazetteer_add_batch,
		    l, errp) == -1)
			return -1;
		l->next = l->batch_next;
	}
	l->v = NULL;
	return 0;
}

/* Put the list in place, and the old one of its name aside. */
static int
store_gazetteer_swap_txn(struct store *s, void *ctx, char **errp)
{
	struct store_gazetteer_load	*l = ctx;
	struct db_stmt			*st;

	if ((st = store_gazetteer_prepare(s, "UPDATE gazetteers SET state ="
	    " 'dropping' WHERE name = ? AND state = 'ready'", errp)) == NULL)
		return -1;
	store_bind_text(st, 1, l->name);
	if (store_gazetteer_run(s, st, errp) == -1)
		return -1;
	if ((st = store_gazetteer_prepare(s, "UPDATE gazetteers SET state ="
	    " 'ready' WHERE id = ?", errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, l->id);
	return store_gazetteer_run(s, st, errp);
}

static int
store_gazetteer_abandon_txn(struct store *s, void *ctx, char **errp)
{
	struct store_gazetteer_load	*l = ctx;
	struct db_stmt			*st;

	if ((st = store_gazetteer_prepare(s, "UPDATE gazetteers SET state ="
	    " 'dropping' WHERE id = ?", errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, l->id);
	return store_gazetteer_run(s, st, errp);
}

/* One batch of deleting the lists put aside: *left says whether any
   is left. */
static int
store_gazetteer_purge_batch(struct store *s, void *ctx, char **errp)
{
	int		*left = ctx;
	struct db_stmt	*st;
	int		 changes;

	*left = 1;
	if ((st = store_gazetteer_prepare(s, "DELETE FROM gazetteer_names"
	    " WHERE (gazetteer, name, label) IN (SELECT n.gazetteer, n.name,"
	    " n.label FROM gazetteers g JOIN gazetteer_names n ON"
	    " n.gazetteer = g.id WHERE g.state = 'dropping' LIMIT "
	    STORE_XSTR(STORE_GAZETTEER_CHUNK) ")", errp)) == NULL)
		return -1;
	do {
		if (db_step(st) != DB_DONE) {
			store_sql_error(s, errp);
			db_finalize(st);
			return -1;
		}
		changes = db_changes(s->db);
		db_reset(st);
	} while (changes > 0 && !store_batch_due(s));
	db_finalize(st);
	if (changes > 0)
		return 0;
	*left = 0;
	return store_exec(s, "DELETE FROM gazetteers WHERE state = 'dropping'",
	    errp);
}

/* Delete the names of every list put aside, in batches. */
static int
store_gazetteer_purge(struct store *s, char **errp)
{
	struct store_group	 g;
	int			 left = 1;

	memset(&g, 0, sizeof(g));
	while (left)
		if (store_batch_run(s, &g, store_gazetteer_purge_batch, &left,
		    errp) == -1)
			return -1;
	return 0;
}

int
store_gazetteer_load_finish(struct store_gazetteer_load *l, int commit,
    char **errp)
{
	int	 rc;

	if (l == NULL)
		return 0;
	rc = store_txn_run(l->s, commit ? store_gazetteer_swap_txn :
	    store_gazetteer_abandon_txn, l, errp);
	if (rc == 0)
		rc = store_gazetteer_purge(l->s, errp);
	free(l->name);
	free(l);
	return rc;
}

struct store_gazetteer_rm {
	const char	*name;
	int		 found;
};

static int
store_gazetteer_rm_txn(struct store *s, void *ctx, char **errp)
{
	struct store_gazetteer_rm	*r = ctx;
	struct db_stmt			*st;

	if ((st = store_gazetteer_prepare(s, "UPDATE gazetteers SET state ="
	    " 'dropping' WHERE name = ? AND state = 'ready'", errp)) == NULL)
		return -1;
	store_bind_text(st, 1, r->name);
	if (store_gazetteer_run(s, st, errp) == -1)
		return -1;
	r->found = db_changes(s->db) > 0;
	return store_gazetteer_drop_stale(s, r->name, errp);
}

int
store_gazetteer_remove(struct store *s, const char *name, int *found,
    char **errp)
{
	struct store_gazetteer_rm	 r;

	*found = 0;
	r.name = name;
	r.found = 0;
	if (store_txn_run(s, store_gazetteer_rm_txn, &r, errp) == -1)
		return -1;
	*found = r.found;
	return store_gazetteer_purge(s, errp);
}

static int
store_gazetteer_walk(struct store *s, const char *name, store_gazetteer_cb cb,
    void *ctx, int *found, int *ignore_case, char **errp)
{
	struct db_stmt	*st;
	int64_t		 id;
	int		 rc, stop = 0;

	if ((st = store_gazetteer_prepare(s, "SELECT id, ignore_case FROM"
	    " gazetteers WHERE name = ? AND state = 'ready'", errp)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	rc = db_step(st);
	if (rc != DB_ROW) {
		if (rc != DB_DONE)
			store_sql_error(s, errp);
		db_finalize(st);
		return rc == DB_DONE ? 0 : -1;
	}
	*found = 1;
	id = db_column_int64(st, 0);
	*ignore_case = db_column_int(st, 1);
	db_finalize(st);
	if ((st = store_gazetteer_prepare(s, "SELECT name, label FROM"
	    " gazetteer_names WHERE gazetteer = ?", errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	while (stop == 0 && (rc = db_step(st)) == DB_ROW)
		stop = cb(ctx, (const char *)db_column_text(st, 0),
		    (const char *)db_column_text(st, 1));
	if (stop == 0 && rc != DB_DONE) {
		store_sql_error(s, errp);
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	return stop;
}

int
store_gazetteer_names(struct store *s, const char *name,
    store_gazetteer_cb cb, void *ctx, int *found, int *ignore_case,
    char **errp)
{
	int	 own, rc;

	*found = 0;
	*ignore_case = 0;
	if (store_snapshot_begin(s, &own, errp) == -1)
		return -1;
	rc = store_gazetteer_walk(s, name, cb, ctx, found, ignore_case, errp);
	store_snapshot_end(s, own, rc != -1);
	return rc;
}
