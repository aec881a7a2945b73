/*
 * db_pq.c: libpq, loaded when a PostgreSQL database is first named.
 *
 * libpq brings a long chain of libraries with it (TLS, Kerberos, LDAP):
 * linked into margin, the dynamic loader would map and relocate all of
 * them at every start, about 13M instructions and a few milliseconds for
 * every command and every reader, on SQLite too.  So margin is not linked
 * with libpq: db_pq_load() opens it with dlopen(3) the first time a
 * PostgreSQL database is named, and the functions below, which have
 * libpq's names and prototypes (libpq-fe.h), call into it.  db_pg.c
 * calls db_pq_load() before any of them.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>
#include <libpq-fe.h>

#include "db_pq.h"
#include "margin/util.h"

/* The library's name as its package installs it (Debian: libpq5). */
#define DB_PQ_LIBRARY "libpq.so.5"

/* A function of libpq: the pointer dlsym gives, and ours of that name. */
#define DB_PQ_FN(ret, name, params, args)				\
	static ret (*p_##name) params;					\
	ret name params { return p_##name args; }
#define DB_PQ_VOID(name, params, args)					\
	static void (*p_##name) params;					\
	void name params { p_##name args; }

DB_PQ_FN(int, PQbackendPID, (const PGconn *c), (c))
DB_PQ_VOID(PQclear, (PGresult *r), (r))
DB_PQ_FN(char *, PQcmdTuples, (PGresult *r), (r))
DB_PQ_FN(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))
DB_PQ_VOID(PQconninfoFree, (PQconninfoOption *o), (o))
DB_PQ_FN(PQconninfoOption *, PQconninfoParse, (const char *conninfo,
    char **errmsg), (conninfo, errmsg))
DB_PQ_FN(int, PQconsumeInput, (PGconn *c), (c))
DB_PQ_FN(char *, PQerrorMessage, (const PGconn *c), (c))
DB_PQ_FN(PGresult *, PQexec, (PGconn *c, const char *query), (c, query))
DB_PQ_FN(PGresult *, PQexecParams, (PGconn *c, const char *command,
    int n, const Oid *types, const char *const *values, const int *lengths,
    const int *formats, int result_format), (c, command, n, types, values,
    lengths, formats, result_format))
DB_PQ_FN(PGresult *, PQexecPrepared, (PGconn *c, const char *name, int n,
    const char *const *values, const int *lengths, const int *formats,
    int result_format), (c, name, n, values, lengths, formats,
    result_format))
DB_PQ_VOID(PQfinish, (PGconn *c), (c))
DB_PQ_VOID(PQfreemem, (void *p), (p))
DB_PQ_FN(Oid, PQftype, (const PGresult *r, int field), (r, field))
DB_PQ_FN(int, PQgetisnull, (const PGresult *r, int row, int field),
    (r, row, field))
DB_PQ_FN(int, PQgetlength, (const PGresult *r, int row, int field),
    (r, row, field))
DB_PQ_FN(char *, PQgetvalue, (const PGresult *r, int row, int field),
    (r, row, field))
DB_PQ_FN(int, PQnfields, (const PGresult *r), (r))
DB_PQ_FN(PGnotify *, PQnotifies, (PGconn *c), (c))
DB_PQ_FN(int, PQntuples, (const PGresult *r), (r))
DB_PQ_FN(PGresult *, PQprepare, (PGconn *c, const char *name,
    const char *query, int n, const Oid *types), (c, name, query, n, types))
DB_PQ_VOID(PQreset, (PGconn *c), (c))
DB_PQ_FN(char *, PQresultErrorField, (const PGresult *r, int field),
    (r, field))
DB_PQ_FN(ExecStatusType, PQresultStatus, (const PGresult *r), (r))
DB_PQ_FN(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *c,
    PQnoticeProcessor proc, void *arg), (c, proc, arg))
DB_PQ_FN(int, PQsocket, (const PGconn *c), (c))
DB_PQ_FN(ConnStatusType, PQstatus, (const PGconn *c), (c))
DB_PQ_FN(PGTransactionStatusType, PQtransactionStatus, (const PGconn *c),
    (c))
DB_PQ_FN(unsigned char *, PQunescapeBytea, (const unsigned char *s,
    size_t *len), (s, len))

/* Each name and where its pointer goes (POSIX: a function pointer holds
   what dlsym returns; copied as bytes, with no cast between the types). */
#define DB_PQ_SYM(name) { #name, &p_##name, sizeof(p_##name) }
static const struct {
	const char	*name;
	void		*fn;
	size_t		 size;
} db_pq_syms[] = {
	DB_PQ_SYM(PQbackendPID), DB_PQ_SYM(PQclear), DB_PQ_SYM(PQcmdTuples),
	DB_PQ_SYM(PQconnectdb), DB_PQ_SYM(PQconninfoFree),
	DB_PQ_SYM(PQconninfoParse), DB_PQ_SYM(PQconsumeInput),
	DB_PQ_SYM(PQerrorMessage), DB_PQ_SYM(PQexec),
	DB_PQ_SYM(PQexecParams), DB_PQ_SYM(PQexecPrepared),
	DB_PQ_SYM(PQfinish), DB_PQ_SYM(PQfreemem), DB_PQ_SYM(PQftype),
	DB_PQ_SYM(PQgetisnull), DB_PQ_SYM(PQgetlength),
	DB_PQ_SYM(PQgetvalue), DB_PQ_SYM(PQnfields), DB_PQ_SYM(PQnotifies),
	DB_PQ_SYM(PQntuples), DB_PQ_SYM(PQprepare), DB_PQ_SYM(PQreset),
	DB_PQ_SYM(PQresultErrorField), DB_PQ_SYM(PQresultStatus),
	DB_PQ_SYM(PQsetNoticeProcessor), DB_PQ_SYM(PQsocket),
	DB_PQ_SYM(PQstatus),
	DB_PQ_SYM(PQtransactionStatus), DB_PQ_SYM(PQunescapeBytea),
};

/* The library once opened: its handle stays for the process's life. */
static void	*db_pq_handle;

int
db_pq_load(char **errp)
{
	void	*h, *fn;
	size_t	 i;

	if (db_pq_handle != NULL)
		return 0;
	if ((h = dlopen(DB_PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return err_set(errp, "PostgreSQL needs the libpq library "
		    "(Debian: apt-get install libpq5): %s", dlerror());
	for (i = 0; i < sizeof(db_pq_syms) / sizeof(db_pq_syms[0]); i++) {
		if ((fn = dlsym(h, db_pq_syms[i].name)) == NULL ||
		    db_pq_syms[i].size != sizeof(fn)) {
			dlclose(h);
			return err_set(errp, "%s has no %s: a libpq too old "
			    "for margin", DB_PQ_LIBRARY, db_pq_syms[i].name);
		}
		memcpy(db_pq_syms[i].fn, &fn, sizeof(fn));
	}
	db_pq_handle = h;
	return 0;
}
