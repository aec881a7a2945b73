/*
 * db_pg.c: the calls of db.h on PostgreSQL, through libpq (SPEC §17).
 *
 * A statement is prepared on the server once per connection, under a
 * name of its own; binding keeps the values as text (or bytes, for a
 * blob) and the server infers their types from the SQL, as SQLite's
 * loose typing lets the store's SQL expect.  The first step executes it
 * and keeps the whole result; the next steps walk its rows.
 *
 * Errors are mapped onto SQLite's codes by SQLSTATE, so that the store's
 * rules (retry when busy, read-only when the disk is full) hold on both:
 * a serialization failure, a deadlock or a lock wait past lock_timeout
 * is SQLITE_BUSY; a full disk SQLITE_FULL; a read-only transaction or a
 * missing privilege SQLITE_READONLY; a broken connection SQLITE_PROTOCOL
 * ("the connection to the server was lost"), after which the next call
 * outside a transaction connects again and prepares its statements anew.
 * The connection string (it may hold a password) is never in a message.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_pg.h"
#include "db_pq.h"
#include "margin/util.h"

/* Type OIDs of pg_type.h, which libpq does not install. */
#define DBPG_BOOL	16
#define DBPG_BYTEA	17
#define DBPG_INT8	20
#define DBPG_INT2	21
#define DBPG_INT4	23
#define DBPG_OID	26
#define DBPG_FLOAT4	700
#define DBPG_FLOAT8	701
#define DBPG_NUMERIC	1700
#define DBPG_TEXT	25

/* The advisory lock every writing transaction takes first: writers go
   one at a time, as SQLite's BEGIN IMMEDIATE makes them (SPEC §10). */
#define DBPG_WRITE_LOCK		"SELECT pg_advisory_xact_lock(1835102823)"

/* How often a connection the server ended is made again while nothing
   else asks for it (dbpg_notified). */
#define DBPG_RESET_MS		1000

static void
dbpg_set_error(struct db *db, int code, const char *msg)
{
	db->errcode = code;
	free(db->errmsg);
	db->errmsg = xstrdup(msg != NULL ? msg : "PostgreSQL error");
}

/* The SQLite code for a failed result (res may be NULL: no result). */
static int
dbpg_code(struct db *db, const PGresult *res)
{
	const char	*state = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(db->pg) == CONNECTION_BAD || state == NULL)
		return SQLITE_PROTOCOL;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return SQLITE_BUSY;
	if (strncmp(state, "53", 2) == 0)
		return SQLITE_FULL;
	if (strcmp(state, "25006") == 0 || strcmp(state, "42501") == 0)
		return SQLITE_READONLY;
	if (strncmp(state, "23", 2) == 0)
		return SQLITE_CONSTRAINT;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return SQLITE_PROTOCOL;
	return SQLITE_ERROR;
}

/* Record the error of res (or of the connection); its SQLite code.  A
   connection lost during a change (writing: its BEGIN IMMEDIATE, its
   statements, its COMMIT) says first that the change was not saved, where
   a status line that cuts the rest off still shows it. */
static int
dbpg_fail_write(struct db *db, const PGresult *res, int writing)
{
	const char	*msg = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int		 code = dbpg_code(db, res);
	char		*line, *nl;

	if (code == SQLITE_PROTOCOL) {
		line = xasprintf("%slost the connection to the PostgreSQL "
		    "server: %s", writing || db->txn_lost ? "not saved: " :
		    "", PQerrorMessage(db->pg));
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		dbpg_set_error(db, code, line);
		free(line);
		return code;
	}
	if (msg == NULL)
		msg = PQerrorMessage(db->pg);
	line = xstrdup(msg);
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	dbpg_set_error(db, code, line);
	free(line);
	return code;
}

static int
dbpg_fail(struct db *db, const PGresult *res)
{
	return dbpg_fail_write(db, res, db->txn_write);
}

/*
 * What the server says outside a result (a notice, or the FATAL it sends
 * as it ends the connection) is not printed on stderr, where libpq puts
 * it: it would land on the TUI's screen or after a command's own message.
 * A connection it ended fails at the next statement, which says so.
 */
static void
dbpg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The connection's lock_timeout as db_lock_timeout() set it: a bound
   value in constant SQL. */
static int
dbpg_set_lock_timeout(struct db *db)
{
	PGresult	*res;
	char		 ms[24];
	const char	*values[1] = { ms };
	int		 ok;

	if (db->lock_timeout == 0)	/* never set */
		return 1;
	snprintf(ms, sizeof(ms), "%d", db->lock_timeout);
	res = PQexecParams(db->pg, "SELECT set_config('lock_timeout', $1, "
	    "false)", 1, NULL, values, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	PQclear(res);
	return ok;
}

/* What every connection runs first, and again after a new one: UTF-8
   (SPEC §4), warnings only, and what the store asked for
   (db_session()). */
static int
dbpg_setup(struct db *db)
{
	PGresult	*res;
	size_t		 i;
	int		 ok;

	res = PQexec(db->pg, "SET client_encoding = 'UTF8';"
	    " SET client_min_messages = warning");
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	for (i = 0; ok && i < db->nsession; i++) {
		res = PQexec(db->pg, db->session[i]);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
	}
	return ok && dbpg_set_lock_timeout(db);
}

/*
 * After each call: is a transaction open, and did the connection break?
 * A connection that broke inside a transaction lost it: every statement
 * fails until the store rolls back (its change was not saved), so that
 * the rest of it is never run outside a transaction.
 */
static void
dbpg_after(struct db *db)
{
	if (PQstatus(db->pg) != CONNECTION_OK) {
		if (db->txn_open)
			db->txn_lost = 1;
		db->txn_open = 0;
		return;
	}
	db->txn_open = PQtransactionStatus(db->pg) != PQTRANS_IDLE;
}

/* Before a call: a connection that broke outside a transaction is made
   again (its prepared statements are gone with it: db->generation
   tells).  0 when there is none to use. */
static int
dbpg_alive(struct db *db)
{
	if (db->txn_lost)
		return 0;
	if (PQstatus(db->pg) == CONNECTION_OK)
		return 1;
	PQreset(db->pg);
	if (PQstatus(db->pg) != CONNECTION_OK || !dbpg_setup(db))
		return 0;
	db->generation++;
	return 1;
}

/* The connection broke during a call made outside a transaction: one
   that may be made again (a read, a BEGIN) is, on a new connection. */
static int
dbpg_retry(struct db *db, int was_open)
{
	return !was_open && !db->txn_lost &&
	    PQstatus(db->pg) != CONNECTION_OK && dbpg_alive(db);
}

char *
db_pg_describe(const char *conninfo)
{
	PQconninfoOption	*opts, *o;
	struct buf		 b = BUF_INIT;
	char			*err = NULL;

	if (db_pq_load(&err) == -1) {
		buf_printf(&b, "PostgreSQL (%s)", err);
		free(err);
		return buf_detach(&b);
	}
	if ((opts = PQconninfoParse(conninfo, NULL)) == NULL)
		return xstrdup("PostgreSQL (a connection string libpq "
		    "cannot read)");
	buf_adds(&b, "postgresql:");
	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || o->val[0] == '\0' ||
		    (strcmp(o->keyword, "host") != 0 &&
		    strcmp(o->keyword, "port") != 0 &&
		    strcmp(o->keyword, "dbname") != 0 &&
		    strcmp(o->keyword, "user") != 0 &&
		    strcmp(o->keyword, "service") != 0))
			continue;
		buf_printf(&b, " %s=%s", o->keyword, o->val);
	}
	PQconninfoFree(opts);
	return buf_detach(&b);
}

int
db_session(struct db *db, const char *sql)
{
	const char	*eq = strchr(sql, '=');
	size_t		 i, key = eq != NULL ? (size_t)(eq - sql) : strlen(sql);

	if (db->kind != DB_PG)
		return SQLITE_OK;
	/* SET x = v again replaces the SET x it had. */
	for (i = 0; i < db->nsession; i++)
		if (strncmp(db->session[i], sql, key) == 0 &&
		    (db->session[i][key] == '=' || db->session[i][key] == '\0'))
			break;
	if (i == db->nsession) {
		db->session = xreallocarray(db->session, db->nsession + 1,
		    sizeof(*db->session));
		db->nsession++;
	} else
		free(db->session[i]);
	db->session[i] = xstrdup(sql);
	return dbpg_exec(db, sql);
}

int
db_lock_timeout(struct db *db, int ms)
{
	if (db->kind != DB_PG)
		return SQLITE_OK;
	/* PostgreSQL's 0 would wait for ever: 1 ms is the least wait. */
	db->lock_timeout = ms > 0 ? ms : 1;
	if (!db->txn_open && !dbpg_alive(db))
		return dbpg_fail(db, NULL);
	if (dbpg_set_lock_timeout(db))
		return SQLITE_OK;
	dbpg_after(db);
	return dbpg_fail(db, NULL);
}

/* A password written in the connection string is refused: it would be
   in argv, in the environment of every child and in messages. */
static int
dbpg_check_conninfo(const char *conninfo, char **errp)
{
	PQconninfoOption	*opts, *o;
	char			*msg = NULL, *nl;
	int			 has_password = 0;

	if ((opts = PQconninfoParse(conninfo, &msg)) == NULL) {
		if (msg != NULL && (nl = strchr(msg, '\n')) != NULL)
			*nl = '\0';
		err_set(errp, "not a PostgreSQL connection string: %s",
		    msg != NULL ? msg : "out of memory");
		PQfreemem(msg);
		return -1;
	}
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    o->val[0] != '\0')
			has_password = 1;
	PQconninfoFree(opts);
	if (has_password)
		return err_set(errp, "a password in the connection string "
		    "is refused: put it in ~/.pgpass or PGPASSWORD");
	return 0;
}

struct db *
db_open_pg(const char *conninfo, char **errp)
{
	struct db	*db;
	char		*msg, *nl;

	if (db_pq_load(errp) == -1 || dbpg_check_conninfo(conninfo, errp) == -1)
		return NULL;
	db = xcalloc(1, sizeof(*db));
	db->kind = DB_PG;
	db->pg = PQconnectdb(conninfo);
	if (db->pg != NULL)
		PQsetNoticeProcessor(db->pg, dbpg_notice, NULL);
	if (db->pg == NULL || PQstatus(db->pg) != CONNECTION_OK) {
		msg = xstrdup(db->pg != NULL ? PQerrorMessage(db->pg) :
		    "out of memory");
		if ((nl = strchr(msg, '\n')) != NULL)
			*nl = '\0';
		err_set(errp, "cannot connect to PostgreSQL: %s", msg);
		free(msg);
		PQfinish(db->pg);
		free(db);
		return NULL;
	}
	if (!dbpg_setup(db)) {
		msg = xstrdup(PQerrorMessage(db->pg));
		if ((nl = strchr(msg, '\n')) != NULL)
			*nl = '\0';
		if (PQstatus(db->pg) != CONNECTION_OK)
			err_set(errp, "lost the connection to the PostgreSQL "
			    "server as it opened: %s", msg);
		else
			err_set(errp, "PostgreSQL: %s", msg);
		free(msg);
		PQfinish(db->pg);
		free(db);
		return NULL;
	}
	return db;
}

void
dbpg_close(struct db *db)
{
	size_t	 i;

	PQfinish(db->pg);
	for (i = 0; i < db->nsession; i++)
		free(db->session[i]);
	free(db->session);
	free(db->errmsg);
}

/* Prepare st's SQL on the server under its name (again after a new
   connection). */
static int
dbpg_server_prepare(struct db_stmt *st)
{
	struct db	*db = st->db;
	PGresult	*res;
	int		 rc = SQLITE_OK;

	int		 was_open = db->txn_open;

	res = PQprepare(db->pg, st->name, st->sql, st->nparams, st->types);
	dbpg_after(db);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && dbpg_retry(db,
	    was_open)) {
		PQclear(res);
		res = PQprepare(db->pg, st->name, st->sql, st->nparams,
		    st->types);
		dbpg_after(db);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = dbpg_fail(db, res);
	else
		st->generation = db->generation;
	PQclear(res);
	return rc;
}

/* Does sql only read (SELECT, WITH ... SELECT)? */
static int
dbpg_reads(const char *sql)
{
	while (*sql == ' ' || *sql == '\t' || *sql == '\n')
		sql++;
	if (strncasecmp(sql, "SELECT", 6) == 0)
		return 1;
	return strncasecmp(sql, "WITH", 4) == 0 && strstr(sql, "INSERT") ==
	    NULL && strstr(sql, "UPDATE") == NULL &&
	    strstr(sql, "DELETE") == NULL;
}

int
dbpg_prepare(struct db *db, const char *sql, struct db_stmt **stp)
{
	struct db_stmt		*st;
	struct dbpg_refs	 refs;
	int			 rc, i;

	if (!db->txn_open && !dbpg_alive(db))
		return dbpg_fail(db, NULL);
	st = xcalloc(1, sizeof(*st));
	st->db = db;
	st->sql = dbpg_sql(sql, &refs, &st->returning);
	st->nparams = refs.n;
	st->reads = dbpg_reads(sql);
	snprintf(st->name, sizeof(st->name), "m%u", ++db->next_name);
	if (st->nparams > 0) {
		st->params = xcalloc((size_t)st->nparams,
		    sizeof(*st->params));
		st->types = xcalloc((size_t)st->nparams, sizeof(*st->types));
		for (i = 1; i <= st->nparams; i++)
			if (i < DBPG_MAX_PARAMS && !refs.used[i])
				st->types[i - 1] = DBPG_TEXT;
	}
	if ((rc = dbpg_server_prepare(st)) != SQLITE_OK) {
		free(st->sql);
		free(st->types);
		free(st->params);
		free(st);
		return rc;
	}
	*stp = st;
	return SQLITE_OK;
}

static void
dbpg_forget_result(struct db_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->executed = 0;
	st->row = 0;
	free(st->blob);
	st->blob = NULL;
	st->blob_row = st->blob_col = -1;
}

static int
dbpg_execute(struct db_stmt *st)
{
	struct db	*db = st->db;
	const char	**values = NULL;
	int		*lengths = NULL, *formats = NULL, i, rc, was_open;
	ExecStatusType	 status;

	if (!db->txn_open && !dbpg_alive(db))
		return dbpg_fail(db, NULL);
	if (db->txn_lost)
		return dbpg_fail(db, NULL);
again:
	was_open = db->txn_open;
	if (st->generation != db->generation &&
	    (rc = dbpg_server_prepare(st)) != SQLITE_OK)
		return rc;
	if (st->nparams > 0) {
		values = xcalloc((size_t)st->nparams, sizeof(*values));
		lengths = xcalloc((size_t)st->nparams, sizeof(*lengths));
		formats = xcalloc((size_t)st->nparams, sizeof(*formats));
		for (i = 0; i < st->nparams; i++) {
			values[i] = st->params[i].v;
			lengths[i] = st->params[i].len;
			formats[i] = st->params[i].binary;
		}
	}
	st->res = PQexecPrepared(db->pg, st->name, st->nparams, values,
	    lengths, formats, 0);
	free(values);
	free(lengths);
	free(formats);
	dbpg_after(db);
	status = PQresultStatus(st->res);
	/* A statement run alone (no transaction) whose connection broke
	   is run again on a new one only when it only reads. */
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
	    st->reads && dbpg_retry(db, was_open)) {
		PQclear(st->res);
		st->res = NULL;
		goto again;
	}
	st->executed = 1;
	st->row = -1;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		return dbpg_fail(db, st->res);
	db->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
	if (st->returning && PQntuples(st->res) > 0)
		db->last_id = strtoll(PQgetvalue(st->res, 0, 0), NULL, 10);
	return SQLITE_OK;
}

int
dbpg_step(struct db_stmt *st)
{
	int	 rc;

	if (!st->executed && (rc = dbpg_execute(st)) != SQLITE_OK)
		return rc;
	if (st->res == NULL || st->returning ||
	    PQresultStatus(st->res) != PGRES_TUPLES_OK)
		return SQLITE_DONE;
	if (st->row + 1 >= PQntuples(st->res)) {
		st->row = PQntuples(st->res);
		return SQLITE_DONE;
	}
	st->row++;
	return SQLITE_ROW;
}

int
dbpg_reset(struct db_stmt *st)
{
	dbpg_forget_result(st);
	return SQLITE_OK;
}

static void
dbpg_param_free(struct dbpg_param *p)
{
	free(p->own);
	p->own = NULL;
	p->v = NULL;
	p->len = 0;
	p->binary = 0;
}

void
dbpg_clear(struct db_stmt *st)
{
	int	 i;

	for (i = 0; i < st->nparams; i++)
		dbpg_param_free(&st->params[i]);
}

void
dbpg_finalize(struct db_stmt *st)
{
	struct db	*db = st->db;
	char		 sql[48];
	PGresult	*res;

	dbpg_forget_result(st);
	dbpg_clear(st);
	/* A statement of a connection that broke is gone already. */
	if (st->generation == db->generation &&
	    PQstatus(db->pg) == CONNECTION_OK) {
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		res = PQexec(db->pg, sql);
		PQclear(res);
	}
	free(st->params);
	free(st->types);
	free(st->sql);
}

/* Parameter i (from 1) of st, emptied; NULL past the SQL's last. */
static struct dbpg_param *
dbpg_param(struct db_stmt *st, int i)
{
	if (i < 1 || i > st->nparams)
		return NULL;
	if (st->executed)
		dbpg_forget_result(st);
	dbpg_param_free(&st->params[i - 1]);
	return &st->params[i - 1];
}

void
dbpg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	struct dbpg_param	*p = dbpg_param(st, i);

	if (p == NULL)
		return;
	p->own = xasprintf("%" PRId64, v);
	p->v = p->own;
	p->len = (int)strlen(p->own);
}

void
dbpg_bind_double(struct db_stmt *st, int i, double v)
{
	struct dbpg_param	*p = dbpg_param(st, i);

	if (p == NULL)
		return;
	/* 17 significant digits: the same double comes back. */
	p->own = xasprintf("%.17g", v);
	p->v = p->own;
	p->len = (int)strlen(p->own);
}

void
dbpg_bind_null(struct db_stmt *st, int i)
{
	(void)dbpg_param(st, i);
}

void
dbpg_bind_bytes(struct db_stmt *st, int i, const void *v, size_t len,
    int binary)
{
	struct dbpg_param	*p = dbpg_param(st, i);

	if (p == NULL)
		return;
	p->own = xmalloc(len + 1);
	memcpy(p->own, v, len);
	p->own[len] = '\0';
	p->v = p->own;
	p->len = (int)len;
	p->binary = binary;
}

void
dbpg_bind_static(struct db_stmt *st, int i, const void *v, size_t len,
    int binary)
{
	struct dbpg_param	*p = dbpg_param(st, i);

	if (p == NULL)
		return;
	/* libpq reads text up to its NUL: only bytes go in place. */
	if (!binary) {
		dbpg_bind_bytes(st, i, v, len, 0);
		return;
	}
	p->v = v;
	p->len = (int)len;
	p->binary = 1;
}

/* Is there a value at column i of the current row? */
static int
dbpg_has(struct db_stmt *st, int i)
{
	return st->res != NULL && st->row >= 0 &&
	    st->row < PQntuples(st->res) && i >= 0 &&
	    i < PQnfields(st->res) && !PQgetisnull(st->res, st->row, i);
}

int
dbpg_column_count(struct db_stmt *st)
{
	return st->res != NULL ? PQnfields(st->res) : 0;
}


int
dbpg_column_type(struct db_stmt *st, int i)
{
	if (!dbpg_has(st, i))
		return SQLITE_NULL;
	switch (PQftype(st->res, i)) {
	case DBPG_BOOL:
	case DBPG_INT8:
	case DBPG_INT2:
	case DBPG_INT4:
	case DBPG_OID:
		return SQLITE_INTEGER;
	case DBPG_FLOAT4:
	case DBPG_FLOAT8:
	case DBPG_NUMERIC:
		return SQLITE_FLOAT;
	case DBPG_BYTEA:
		return SQLITE_BLOB;
	default:
		return SQLITE_TEXT;
	}
}

int64_t
dbpg_column_int64(struct db_stmt *st, int i)
{
	const char	*v;

	if (!dbpg_has(st, i))
		return 0;
	v = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) == DBPG_BOOL)
		return v[0] == 't';
	if (PQftype(st->res, i) == DBPG_FLOAT8 ||
	    PQftype(st->res, i) == DBPG_FLOAT4 ||
	    PQftype(st->res, i) == DBPG_NUMERIC)
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

double
dbpg_column_double(struct db_stmt *st, int i)
{
	if (!dbpg_has(st, i))
		return 0;
	if (PQftype(st->res, i) == DBPG_BOOL)
		return PQgetvalue(st->res, st->row, i)[0] == 't';
	return strtod(PQgetvalue(st->res, st->row, i), NULL);
}

const unsigned char *
dbpg_column_text(struct db_stmt *st, int i)
{
	if (!dbpg_has(st, i))
		return NULL;
	/* SQLite's text of a truth value is 1 or 0. */
	if (PQftype(st->res, i) == DBPG_BOOL)
		return (const unsigned char *)(PQgetvalue(st->res, st->row,
		    i)[0] == 't' ? "1" : "0");
	if (PQftype(st->res, i) == DBPG_BYTEA)
		return dbpg_column_blob(st, i);
	return (const unsigned char *)PQgetvalue(st->res, st->row, i);
}

/* A bytea column comes as text (\x and hex): decoded once per cell. */
const void *
dbpg_column_blob(struct db_stmt *st, int i)
{
	unsigned char	*v;
	size_t		 len;

	if (!dbpg_has(st, i))
		return NULL;
	if (PQftype(st->res, i) != DBPG_BYTEA)
		return PQgetvalue(st->res, st->row, i);
	if (st->blob != NULL && st->blob_row == st->row &&
	    st->blob_col == i)
		return st->blob;
	free(st->blob);
	st->blob = NULL;
	v = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res,
	    st->row, i), &len);
	if (v == NULL)
		return NULL;
	/* NUL-terminated, as SQLite's text is. */
	st->blob = xmalloc(len + 1);
	memcpy(st->blob, v, len);
	st->blob[len] = '\0';
	PQfreemem(v);
	st->blob_len = len;
	st->blob_row = st->row;
	st->blob_col = i;
	return st->blob;
}

int
dbpg_column_bytes(struct db_stmt *st, int i)
{
	if (!dbpg_has(st, i))
		return 0;
	if (PQftype(st->res, i) == DBPG_BYTEA)
		return dbpg_column_blob(st, i) != NULL ? (int)st->blob_len :
		    0;
	return PQgetlength(st->res, st->row, i);
}

/*
 * SQL without parameters.  The store's transactions are SQLite's words:
 * BEGIN IMMEDIATE (a writer) takes the write lock first, and BEGIN (a
 * reader) gets one snapshot for all its reads, as SQLite's read
 * transaction does.
 */
int
dbpg_exec(struct db *db, const char *sql)
{
	PGresult	*res;
	char		*own = NULL;
	struct dbpg_refs refs;
	int		 rc = SQLITE_OK, returning, was_open, begin, ends;

	ends = strncmp(sql, "COMMIT", 6) == 0 || (strncmp(sql, "ROLLBACK",
	    8) == 0 && strncmp(sql, "ROLLBACK TO", 11) != 0);
	/* A transaction the connection lost ends with the ROLLBACK the
	   store sends for it. */
	if (db->txn_lost && ends && sql[0] == 'R') {
		db->txn_lost = 0;
		db->txn_write = 0;
		return SQLITE_OK;
	}
	begin = strncmp(sql, "BEGIN", 5) == 0;
	if (strcmp(sql, "BEGIN IMMEDIATE") == 0)
		db->txn_write = 1;
	if (!db->txn_open && !dbpg_alive(db)) {
		rc = dbpg_fail(db, NULL);
		if (begin)
			db->txn_write = 0;
		return rc;
	}
	if (strcmp(sql, "BEGIN IMMEDIATE") == 0)
		sql = "BEGIN ISOLATION LEVEL READ COMMITTED; " DBPG_WRITE_LOCK;
	else if (strcmp(sql, "BEGIN") == 0)
		sql = "BEGIN ISOLATION LEVEL REPEATABLE READ";
	else
		sql = own = dbpg_sql(sql, &refs, &returning);
	was_open = db->txn_open;
	res = PQexec(db->pg, sql);
	dbpg_after(db);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK && begin &&
	    dbpg_retry(db, was_open)) {
		PQclear(res);
		res = PQexec(db->pg, sql);
		dbpg_after(db);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = dbpg_fail(db, res);
	else
		db->changes = strtoll(PQcmdTuples(res), NULL, 10);
	/* A change ends with its COMMIT or ROLLBACK, or with a BEGIN that
	   failed (no transaction to end). */
	if (ends || (begin && !db->txn_open && !db->txn_lost))
		db->txn_write = 0;
	PQclear(res);
	free(own);
	return rc;
}

int
dbpg_notified(struct db *db)
{
	PGnotify	*n;
	int		 other = 0;

	/* The server ended the connection (or is gone): LISTEN went with
	   it, so make it again now rather than at the next statement, and
	   tell of changes that may have come meanwhile.  Once a second at
	   most, while the server stays away. */
	if (!PQconsumeInput(db->pg) || PQstatus(db->pg) != CONNECTION_OK) {
		if (db->txn_open || db->txn_lost ||
		    mono_ms() - db->reset_tried < DBPG_RESET_MS)
			return 0;
		db->reset_tried = mono_ms();
		return dbpg_alive(db);
	}
	while ((n = PQnotifies(db->pg)) != NULL) {
		if (n->be_pid != PQbackendPID(db->pg))
			other = 1;
		PQfreemem(n);
	}
	return other;
}

int
dbpg_autocommit(struct db *db)
{
	return !db->txn_open && !db->txn_lost;
}
