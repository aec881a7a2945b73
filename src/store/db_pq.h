/*
 * db_pq.h: libpq is opened when a PostgreSQL database is first named
 * (db_pq.c says why); db_pq_load() before any libpq call.
 */
#ifndef MARGIN_DB_PQ_H
#define MARGIN_DB_PQ_H

/* 0, or -1 with *errp saying what is missing. */
int	 db_pq_load(char **errp);

#endif
