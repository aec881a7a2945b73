/*
 * fixture.h: what the unit tests of the store and the layers above it build
 * their cases from (stores, articles, spans, temporary folders), written
 * once.  Include it after check.h: a setup step that fails fails the test.
 */
#ifndef MARGIN_FIXTURE_H
#define MARGIN_FIXTURE_H

#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "margin/sha256.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

#ifndef MARGIN_CHECK_H
#error "include check.h before fixture.h"
#endif

/* A store on path (":memory:" for one in memory); NULL when refused. */
static inline struct store *
fixture_store(const char *path, const char *actor, int flags)
{
	struct store	*s = NULL;
	char		*err = NULL;

	if (store_open(&s, path, actor, flags, &err) == -1) {
		CHECK_FAIL("store_open %s: %s", path, err);
		free(err);
		return NULL;
	}
	return s;
}

/*
 * With MARGIN_TEST_PG set (a conninfo of a PostgreSQL server the tests may
 * use: tests/pg.sh starts a throwaway one), a new store is an empty
 * schema of its own on that server instead of SQLite in memory: the tests
 * written against fixture_memory() run against both backends (SPEC §17).
 */
/* The store opens libpq when a PostgreSQL database is first named
   (src/store/db_pq.h); the fixture speaks to the server before that. */
int	 db_pq_load(char **errp);

static inline struct store *
fixture_pg(const char *conninfo, const char *actor)
{
	static unsigned	 n;
	PGconn		*c;
	PGresult	*r;
	char		 schema[64], sql[128], *info;
	struct store	*s;

	snprintf(schema, sizeof(schema), "t%ld_%u", (long)getpid(), ++n);
	if (db_pq_load(&info) == -1) {
		CHECK_FAIL("%s", info);
		free(info);
		return NULL;
	}
	c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		CHECK_FAIL("connecting to %s: %s", conninfo,
		    PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		CHECK_FAIL("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	info = xasprintf("%s options='-csearch_path=%s,public'", conninfo,
	    schema);
	s = fixture_store(info, actor, 0);
	free(info);
	return s;
}

/* The conninfo of the tests' PostgreSQL server, or NULL: SQLite. */
static inline const char *
fixture_pg_conninfo(void)
{
	const char	*pg = getenv("MARGIN_TEST_PG");

	return pg != NULL && pg[0] != '\0' ? pg : NULL;
}

static inline struct store *
fixture_memory(const char *actor)
{
	if (fixture_pg_conninfo() != NULL)
		return fixture_pg(fixture_pg_conninfo(), actor);
	return fixture_store(":memory:", actor, 0);
}

/*
 * An article that must be new: a refusal or a duplicate fails the test.
 * meta is its JSON metadata, NULL for none.  Returns its id, 0 when it was
 * refused.
 */
static inline int64_t
fixture_article_full(struct store *s, const char *title, const char *source,
    const char *text, const char *meta)
{
	int64_t	 id = 0;
	int	 dup = -1;
	char	*err = NULL;

	if (store_article_add(s, title, source, text, strlen(text), meta, &id,
	    &dup, &err) == -1) {
		CHECK_FAIL("store_article_add \"%s\": %s", title, err);
		free(err);
		return 0;
	}
	CHECK_MSG(dup == 0, "article \"%s\" is a duplicate", title);
	return id;
}

/* An article from "test"; a NULL title is the one the importer would give
   (its first non-empty line). */
static inline int64_t
fixture_article(struct store *s, const char *title, const char *text)
{
	char	*own = NULL;
	int64_t	 id;

	if (title == NULL)
		title = own = text_title(text, strlen(text));
	id = fixture_article_full(s, title, "test", text, NULL);
	free(own);
	return id;
}

/*
 * A span that must go in; returns its id (0 when refused, which fails the
 * test).  text, when not NULL, must be the article's text there (the store
 * checks it), so that a miscounted offset fails loudly instead of testing
 * something else.
 */
static inline int64_t
fixture_span_full(struct store *s, int64_t article, size_t start, size_t end,
    const char *label, const char *text, const char *annotator,
    enum store_span_status status, enum store_span_origin origin,
    const char *note)
{
	struct store_span	 sp;
	int64_t			 id = 0;
	char			*err = NULL;

	memset(&sp, 0, sizeof(sp));
	sp.article_id = article;
	sp.start = start;
	sp.end = end;
	sp.label = (char *)label;
	sp.text = (char *)text;
	sp.annotator = (char *)annotator;
	sp.status = status;
	sp.origin = origin;
	sp.note = (char *)note;
	if (store_span_add(s, &sp, &id, &err) == -1) {
		CHECK_FAIL("span %zu-%zu %s \"%s\" of %s: %s", start, end,
		    label, text != NULL ? text : "",
		    annotator != NULL ? annotator : "the actor", err);
		free(err);
		return 0;
	}
	return id;
}

/* A manual span without a note. */
static inline int64_t
fixture_span(struct store *s, int64_t article, size_t start, size_t end,
    const char *label, const char *text, const char *annotator,
    enum store_span_status status)
{
	return fixture_span_full(s, article, start, end, label, text,
	    annotator, status, STORE_MANUAL, NULL);
}

static inline void
fixture_done(struct store *s, int64_t article, const char *annotator)
{
	char	*err = NULL;

	if (store_article_set_done(s, article, annotator, 1, &err) == -1) {
		CHECK_FAIL("store_article_set_done: %s", err);
		free(err);
	}
}

/* A new folder $TMPDIR/margin-NAME-XXXXXX; NULL (a failure) when it cannot
   be made. */
static inline char *
fixture_tmpdir(const char *name)
{
	const char	*t = getenv("TMPDIR");
	char		*dir;

	dir = xasprintf("%s/margin-%s-XXXXXX", t != NULL && *t != '\0' ? t :
	    "/tmp", name);
	if (mkdtemp(dir) == NULL) {
		CHECK_FAIL("mkdtemp %s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

static inline int
fixture_tmpdir_unlink(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	return remove(path);
}

/* Remove the folder and what is in it, and free its name. */
static inline void
fixture_tmpdir_remove(char *dir)
{
	if (dir == NULL)
		return;
	nftw(dir, fixture_tmpdir_unlink, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* SHA-256 of a file's bytes, "" when unreadable. */
static inline void
fixture_file_hash(const char *path, char hex[65])
{
	char	*data, *err = NULL;
	size_t	 len;

	if (file_read_all(path, &data, &len, &err) == -1) {
		free(err);
		hex[0] = '\0';
		return;
	}
	sha256_hex(data, len, hex);
	free(data);
}

/* Run SQL on a database file through SQLite itself, not the store. */
static inline void
fixture_raw_exec(const char *path, const char *sql)
{
	sqlite3	*db;
	char	*msg = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		CHECK_FAIL("sqlite3_open %s", path);
		sqlite3_close(db);
		return;
	}
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		CHECK_FAIL("raw SQL \"%s\": %s", sql, msg);
	sqlite3_free(msg);
	sqlite3_close(db);
}

/*
 * Make the database at path look as schema version 1 left it (tables
 * and columns; constraints need not match, the file is marked as
 * margin's): what later schemas added is dropped again.
 */
static inline void
fixture_make_v1(const char *path)
{
	fixture_raw_exec(path,
	    "DROP TABLE relations; DROP TABLE relation_labels;"
	    " CREATE TABLE spans_v1 AS SELECT id, article, start, end,"
	    " start_byte, end_byte, label, text, annotator, status, origin,"
	    " note, score, created_at, updated_at FROM spans;"
	    " DROP TABLE spans; ALTER TABLE spans_v1 RENAME TO spans;"
	    " CREATE INDEX spans_in_order ON spans(article, start, end);"
	    " DROP TABLE entities;"
	    " DROP TABLE gazetteer_names; DROP TABLE gazetteers;"
	    " DROP TABLE models;"
	    " DROP INDEX history_undo; DROP INDEX history_by_entity;"
	    " ALTER TABLE history DROP COLUMN kind;"
	    " ALTER TABLE history DROP COLUMN state;"
	    " ALTER TABLE history DROP COLUMN reverts;"
	    " PRAGMA user_version = 1;");
}


#endif
