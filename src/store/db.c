/*
 * db.c: the calls of db.h, for SQLite here and handed to db_pg.c for
 * PostgreSQL.  On SQLite each is the SQLite call it is named after, so
 * the default backend costs what it did before there were two.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_pg.h"
#include "margin/util.h"

struct db *
db_wrap_sqlite(sqlite3 *lite)
{
	struct db	*db = xcalloc(1, sizeof(*db));

	db->kind = DB_SQLITE;
	db->lite = lite;
	return db;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	if (db->kind == DB_SQLITE) {
		for (i = 0; i < DB_NTXN_SQL; i++)
			sqlite3_finalize(db->txn[i]);
		sqlite3_close(db->lite);
	} else
		dbpg_close(db);
	free(db);
}

enum db_kind
db_kind(const struct db *db)
{
	return db->kind;
}

sqlite3 *
db_sqlite(const struct db *db)
{
	return db->kind == DB_SQLITE ? db->lite : NULL;
}

int
db_prepare(struct db *db, const char *sql, int persistent,
    struct db_stmt **stp)
{
	struct db_stmt	*st;
	int		 rc;

	*stp = NULL;
	if (db->kind == DB_PG)
		return dbpg_prepare(db, sql, stp);
	st = xcalloc(1, sizeof(*st));
	st->db = db;
	rc = sqlite3_prepare_v3(db->lite, sql, -1,
	    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st->lite, NULL);
	if (rc != SQLITE_OK || st->lite == NULL) {
		sqlite3_finalize(st->lite);
		free(st);
		return rc != SQLITE_OK ? rc : SQLITE_MISUSE;
	}
	*stp = st;
	return SQLITE_OK;
}

int
db_step(struct db_stmt *st)
{
	if (st->lite != NULL)
		return sqlite3_step(st->lite);
	return dbpg_step(st);
}

int
db_reset(struct db_stmt *st)
{
	if (st->lite != NULL)
		return sqlite3_reset(st->lite);
	return dbpg_reset(st);
}

void
db_clear(struct db_stmt *st)
{
	if (st->lite != NULL)
		sqlite3_clear_bindings(st->lite);
	else
		dbpg_clear(st);
}

void
db_finalize(struct db_stmt *st)
{
	if (st == NULL)
		return;
	if (st->lite != NULL)
		sqlite3_finalize(st->lite);
	else
		dbpg_finalize(st);
	free(st);
}

void
db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	if (st->lite != NULL)
		sqlite3_bind_int64(st->lite, i, v);
	else
		dbpg_bind_int64(st, i, v);
}

void
db_bind_int(struct db_stmt *st, int i, int v)
{
	db_bind_int64(st, i, v);
}

void
db_bind_double(struct db_stmt *st, int i, double v)
{
	if (st->lite != NULL)
		sqlite3_bind_double(st->lite, i, v);
	else
		dbpg_bind_double(st, i, v);
}

void
db_bind_null(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		sqlite3_bind_null(st->lite, i);
	else
		dbpg_bind_null(st, i);
}

void
db_bind_text(struct db_stmt *st, int i, const char *v, int64_t len)
{
	if (v == NULL)
		db_bind_null(st, i);
	else if (st->lite != NULL)
		sqlite3_bind_text64(st->lite, i, v, len < 0 ? (sqlite3_uint64)
		    strlen(v) : (sqlite3_uint64)len, SQLITE_TRANSIENT,
		    SQLITE_UTF8);
	else
		dbpg_bind_bytes(st, i, v, len < 0 ? strlen(v) : (size_t)len,
		    0);
}

void
db_bind_blob(struct db_stmt *st, int i, const void *v, int64_t len)
{
	if (st->lite != NULL)
		sqlite3_bind_blob64(st->lite, i, v, (sqlite3_uint64)len,
		    SQLITE_TRANSIENT);
	else
		dbpg_bind_bytes(st, i, v, (size_t)len, 1);
}

void
db_bind_static(struct db_stmt *st, int i, const void *v, int64_t len,
    int blob)
{
	if (st->lite == NULL)
		dbpg_bind_static(st, i, v, (size_t)len, blob);
	else if (blob)
		sqlite3_bind_blob64(st->lite, i, v, (sqlite3_uint64)len,
		    SQLITE_STATIC);
	else
		sqlite3_bind_text64(st->lite, i, v, (sqlite3_uint64)len,
		    SQLITE_STATIC, SQLITE_UTF8);
}

int
db_column_count(struct db_stmt *st)
{
	if (st->lite != NULL)
		return sqlite3_column_count(st->lite);
	return dbpg_column_count(st);
}

int
db_column_type(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_type(st->lite, i);
	return dbpg_column_type(st, i);
}

int64_t
db_column_int64(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_int64(st->lite, i);
	return dbpg_column_int64(st, i);
}

int
db_column_int(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_int(st->lite, i);
	return (int)dbpg_column_int64(st, i);
}

double
db_column_double(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_double(st->lite, i);
	return dbpg_column_double(st, i);
}

const unsigned char *
db_column_text(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_text(st->lite, i);
	return dbpg_column_text(st, i);
}

const void *
db_column_blob(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_blob(st->lite, i);
	return dbpg_column_blob(st, i);
}

int
db_column_bytes(struct db_stmt *st, int i)
{
	if (st->lite != NULL)
		return sqlite3_column_bytes(st->lite, i);
	return dbpg_column_bytes(st, i);
}

static const char *const db_txn_sql[DB_NTXN_SQL] = {
	"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK",
	"SAVEPOINT store_change", "RELEASE store_change",
	"ROLLBACK TO store_change"
};

/* One of the statements of transactions, prepared the first time. */
static int
db_exec_txn(struct db *db, size_t i)
{
	int	 rc;

	if (db->txn[i] == NULL && (rc = sqlite3_prepare_v2(db->lite,
	    db_txn_sql[i], -1, &db->txn[i], NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(db->txn[i]);
	sqlite3_reset(db->txn[i]);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int
db_exec(struct db *db, const char *sql)
{
	size_t	 i;

	if (db->kind != DB_SQLITE)
		return dbpg_exec(db, sql);
	for (i = 0; i < DB_NTXN_SQL; i++)
		if (strcmp(sql, db_txn_sql[i]) == 0)
			return db_exec_txn(db, i);
	return sqlite3_exec(db->lite, sql, NULL, NULL, NULL);
}

int64_t
db_changes(struct db *db)
{
	if (db->kind == DB_SQLITE)
		return sqlite3_changes64(db->lite);
	return db->changes;
}

int64_t
db_last_id(struct db *db)
{
	if (db->kind == DB_SQLITE)
		return sqlite3_last_insert_rowid(db->lite);
	return db->last_id;
}

int
db_wait_fd(struct db *db)
{
	if (db->kind != DB_PG || db->pg == NULL)
		return -1;
	return PQsocket(db->pg);
}

int
db_notified(struct db *db)
{
	if (db->kind == DB_SQLITE)
		return 0;
	return dbpg_notified(db);
}

int
db_autocommit(struct db *db)
{
	if (db->kind == DB_SQLITE)
		return sqlite3_get_autocommit(db->lite);
	return dbpg_autocommit(db);
}

int
db_errcode(struct db *db)
{
	if (db->kind == DB_SQLITE)
		return sqlite3_errcode(db->lite);
	return db->errcode;
}

const char *
db_errmsg(struct db *db)
{
	if (db->kind == DB_SQLITE)
		return sqlite3_errmsg(db->lite);
	return db->errmsg != NULL ? db->errmsg : "not an error";
}
