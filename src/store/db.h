/*
 * db.h: the store's one door to a database engine.  Every statement the
 * store runs goes through these calls, whichever backend holds the data:
 * SQLite in one file (the default) or PostgreSQL through libpq (SPEC
 * §17).  They are shaped on SQLite's own (prepare, bind, step, column,
 * reset), so that the store reads the same on both; db_pg.c turns them
 * into libpq calls, and SQLite's dialect of the store's SQL into
 * PostgreSQL's (db_pg_sql.c).  Nothing outside src/store sees this file.
 */
#ifndef MARGIN_DB_H
#define MARGIN_DB_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

enum db_kind {
	DB_SQLITE,
	DB_PG
};

/* What a step or a call gives: SQLite's own codes, so that SQLite's
   errors pass through unchanged and PostgreSQL's are mapped onto them
   (db_pg.c): the store has one set of rules for both. */
#define DB_OK		SQLITE_OK
#define DB_ROW		SQLITE_ROW
#define DB_DONE		SQLITE_DONE

/* The types db_column_type() tells. */
#define DB_INTEGER	SQLITE_INTEGER
#define DB_FLOAT	SQLITE_FLOAT
#define DB_TEXT		SQLITE_TEXT
#define DB_BLOB		SQLITE_BLOB
#define DB_NULL		SQLITE_NULL

struct db;
struct db_stmt;

/* A connection around an open SQLite handle, which it then owns. */
struct db	*db_wrap_sqlite(sqlite3 *lite);
/* A connection to PostgreSQL (conninfo: a URI or key=value pairs);
   NULL with *errp on failure (db_pg.c). */
struct db	*db_open_pg(const char *conninfo, char **errp);
void		 db_close(struct db *db);
/* The connection string as it may be shown: host, port, database, user
   and service, never a password or other options. */
char		*db_pg_describe(const char *conninfo);
enum db_kind	 db_kind(const struct db *db);
/* The SQLite handle (NULL on PostgreSQL): for what only SQLite has (its
   pragmas, blob reads, functions in C). */
sqlite3		*db_sqlite(const struct db *db);

int		 db_prepare(struct db *db, const char *sql, int persistent,
		    struct db_stmt **st);
int		 db_step(struct db_stmt *st);
int		 db_reset(struct db_stmt *st);
void		 db_clear(struct db_stmt *st);
void		 db_finalize(struct db_stmt *st);

void		 db_bind_int64(struct db_stmt *st, int i, int64_t v);
void		 db_bind_int(struct db_stmt *st, int i, int v);
void		 db_bind_double(struct db_stmt *st, int i, double v);
void		 db_bind_null(struct db_stmt *st, int i);
/* text and blobs are copied (len -1: up to the NUL). */
void		 db_bind_text(struct db_stmt *st, int i, const char *v,
		    int64_t len);
void		 db_bind_blob(struct db_stmt *st, int i, const void *v,
		    int64_t len);
/* Bound in place, not copied (megabytes of an article's text, a model):
   v must stay as it is until the statement is reset. */
void		 db_bind_static(struct db_stmt *st, int i, const void *v,
		    int64_t len, int blob);

int		 db_column_count(struct db_stmt *st);
int		 db_column_type(struct db_stmt *st, int i);
int64_t		 db_column_int64(struct db_stmt *st, int i);
int		 db_column_int(struct db_stmt *st, int i);
double		 db_column_double(struct db_stmt *st, int i);
const unsigned char *db_column_text(struct db_stmt *st, int i);
const void	*db_column_blob(struct db_stmt *st, int i);
int		 db_column_bytes(struct db_stmt *st, int i);

/* Run SQL that returns no rows (several statements on SQLite). */
int		 db_exec(struct db *db, const char *sql);
/* Rows the last INSERT, UPDATE or DELETE changed; the id it gave. */
int64_t		 db_changes(struct db *db);
int64_t		 db_last_id(struct db *db);
/* PostgreSQL: run sql now and on every connection made again after one
   broke (LISTEN, SET); nothing on SQLite. */
int		 db_session(struct db *db, const char *sql);
/* PostgreSQL: how long a statement waits for a lock another session
   holds before it fails as busy (lock_timeout, in ms), now and on every
   connection made again; nothing on SQLite (its busy handler waits). */
int		 db_lock_timeout(struct db *db, int ms);
/* PostgreSQL: another session committed a change since the last call
   (its notification on the channel margin); 0 on SQLite. */
int		 db_notified(struct db *db);
/* PostgreSQL: the connection's socket, readable when a notification (or
   anything else) has come; -1 on SQLite or without a connection. */
int		 db_wait_fd(struct db *db);
/* No transaction is open. */
int		 db_autocommit(struct db *db);
/* The last error: SQLite's code (PostgreSQL's mapped onto it) and its
   message. */
int		 db_errcode(struct db *db);
const char	*db_errmsg(struct db *db);

#endif
