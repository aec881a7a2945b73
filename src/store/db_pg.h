/*
 * db_pg.h: what db.c and db_pg.c share: the connection and statement of
 * db.h as they are, and the PostgreSQL half of every call (db_pg.c), with
 * the translation of the store's SQL into PostgreSQL's (db_pg_sql.c).
 */
#ifndef MARGIN_DB_PG_H
#define MARGIN_DB_PG_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "db.h"

/* The statements of transactions, run on every change: SQLite prepares
   them once (db.c), where sqlite3_exec would parse them each time. */
#define DB_NTXN_SQL 7

struct db {
	enum db_kind	 kind;
	sqlite3		*lite;
	sqlite3_stmt	*txn[DB_NTXN_SQL];
	PGconn		*pg;
	int		 errcode;	/* PostgreSQL: the last error, as */
	char		*errmsg;	/* SQLite's code, and its message */
	int64_t		 changes;
	int64_t		 last_id;
	unsigned	 next_name;	/* names of prepared statements */
	int		 txn_open;	/* a transaction is open */
	int		 txn_lost;	/* the connection broke inside one */
	int		 txn_write;	/* it is a change (BEGIN IMMEDIATE) */
	int		 lock_timeout;	/* db_lock_timeout(), ms; 0: none */
	int64_t		 reset_tried;	/* mono_ms() of the last attempt to
					   connect again while idle */
	char		**session;	/* db_session(): run on every new */
	size_t		 nsession;	/* connection */
	unsigned	 generation;	/* connections made: a statement
					   prepared on an older one is
					   prepared again */
};

/* A bound value, kept as PostgreSQL reads it: text, or bytes for a
   blob. */
struct dbpg_param {
	const char	*v;		/* NULL: SQL NULL */
	char		*own;		/* v, when it is a copy */
	int		 len;
	int		 binary;
};

struct db_stmt {
	struct db	*db;
	sqlite3_stmt	*lite;
	/* PostgreSQL: */
	char		 name[24];	/* the server's prepared statement */
	char		*sql;		/* in PostgreSQL's dialect */
	unsigned	 generation;	/* of the connection it was
					   prepared on */
	int		 nparams;
	struct dbpg_param *params;
	unsigned int	*types;		/* Oids at PQprepare: 0 (the
					   server infers), or text for a
					   parameter the SQL skips */
	int		 reads;		/* it only reads: it may run again
					   on a new connection */
	int		 returning;	/* the translation added RETURNING
					   id to an INSERT: its row is the
					   id, not a result */
	PGresult	*res;		/* of the last execution */
	int		 executed;
	int		 row;		/* the row db_step is on */
	unsigned char	*blob;		/* a bytea column, decoded */
	size_t		 blob_len;
	int		 blob_row, blob_col;
};

void	 dbpg_close(struct db *db);
int	 dbpg_prepare(struct db *db, const char *sql, struct db_stmt **stp);
int	 dbpg_step(struct db_stmt *st);
int	 dbpg_reset(struct db_stmt *st);
void	 dbpg_clear(struct db_stmt *st);
void	 dbpg_finalize(struct db_stmt *st);
void	 dbpg_bind_int64(struct db_stmt *st, int i, int64_t v);
void	 dbpg_bind_double(struct db_stmt *st, int i, double v);
void	 dbpg_bind_null(struct db_stmt *st, int i);
void	 dbpg_bind_bytes(struct db_stmt *st, int i, const void *v, size_t len,
	    int binary);
void	 dbpg_bind_static(struct db_stmt *st, int i, const void *v,
	    size_t len, int binary);
int	 dbpg_column_count(struct db_stmt *st);
int	 dbpg_column_type(struct db_stmt *st, int i);
int64_t	 dbpg_column_int64(struct db_stmt *st, int i);
double	 dbpg_column_double(struct db_stmt *st, int i);
const unsigned char *dbpg_column_text(struct db_stmt *st, int i);
const void *dbpg_column_blob(struct db_stmt *st, int i);
int	 dbpg_column_bytes(struct db_stmt *st, int i);
int	 dbpg_exec(struct db *db, const char *sql);
int	 dbpg_autocommit(struct db *db);
int	 dbpg_notified(struct db *db);

/* The parameters a statement uses: the highest (n), and which of those
   below it it names (SQLite lets a statement skip one; the server must
   be told the type of one it never sees). */
#define DBPG_MAX_PARAMS	100
struct dbpg_refs {
	int		 n;
	int		 seq;		/* the last bare ? */
	unsigned char	 used[DBPG_MAX_PARAMS];
};

/* db_pg_sql.c: sql (SQLite's dialect, as the store writes it) in
   PostgreSQL's; refs the parameters it uses, *returning whether
   RETURNING id was added to an INSERT. */
char	*dbpg_sql(const char *sql, struct dbpg_refs *refs, int *returning);

#endif
