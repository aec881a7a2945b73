/*
 * test_store.c: the SQLite store: which files it opens or refuses (and
 * leaves untouched), schema, articles, lists and filters, spans, tags,
 * labels, history, snapshots, read-only mode and several connections.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "margin/sha256.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "check.h"
#include "fixture.h"

/* ------------------------------------------------------------------ */
/* Helpers. */

static int
exists(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0;
}

static int
exists_with(const char *path, const char *suffix)
{
	char	*p = xasprintf("%s%s", path, suffix);
	int	 r = exists(p);

	free(p);
	return r;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE	*fp = fopen(path, "wb");

	if (fp == NULL) {
		CHECK_FAIL("cannot write %s", path);
		return;
	}
	fwrite(data, 1, len, fp);
	fclose(fp);
}

/* First column of the first row, as text (malloc'd), or NULL. */
static char *
raw_text(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		*v = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			v = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	} else
		CHECK_FAIL("raw SQL \"%s\": %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
	return v;
}

/* json_extract(json, path) as text, by SQLite's JSON parser. */
static char *
json_get(const char *json, const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		*v = NULL;

	if (json == NULL)
		return NULL;
	sqlite3_open(":memory:", &db);
	if (sqlite3_prepare_v2(db, "SELECT json_extract(?1, ?2)", -1, &st,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			v = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

#define CHECK_JSON(json, path, want) do {				\
	char *check_j_ = json_get((json), (path));			\
	CHECK_MSG(check_j_ != NULL && strcmp(check_j_, (want)) == 0,	\
	    "%s in %s is %s, want %s", (path),				\
	    (json) ? (json) : "(null)",					\
	    check_j_ ? check_j_ : "(null)", (want));			\
	free(check_j_);							\
} while (0)

/* err must be a message that mentions want. */
#define CHECK_ERR(err, want)						\
	CHECK_MSG((err) != NULL && strstr((err), (want)) != NULL,	\
	    "error is \"%s\", want one saying \"%s\"",			\
	    (err) ? (err) : "(null)", (want))

/* store_open must refuse path with a message containing want. */
static void
open_refused(const char *path, int flags, const char *want)
{
	struct store	*s = NULL;
	char		*err = NULL;

	if (store_open(&s, path, "alice", flags, &err) == 0) {
		CHECK_FAIL("store_open %s succeeded, want refusal (%s)", path,
		    want);
		store_close(s);
		return;
	}
	CHECK(s == NULL);
	CHECK_MSG(err != NULL && strstr(err, want) != NULL,
	    "refusal of %s says \"%s\", want \"%s\"", path,
	    err ? err : "(null)", want);
	free(err);
}

/* store_span_add must fail with a message containing want. */
static void
span_refused(struct store *s, const struct store_span *sp, const char *want)
{
	char	*err = NULL;
	int64_t	 id;

	if (store_span_add(s, sp, &id, &err) == 0) {
		CHECK_FAIL("span %zu-%zu accepted, want refusal (%s)",
		    sp->start, sp->end, want);
		return;
	}
	CHECK_MSG(err != NULL && strstr(err, want) != NULL,
	    "span refusal says \"%s\", want \"%s\"", err ? err : "(null)",
	    want);
	free(err);
}

static size_t
history_n(struct store *s)
{
	size_t	 n = 0;
	char	*err = NULL;

	if (store_history_count(s, &n, &err) == -1) {
		CHECK_FAIL("store_history_count: %s", err);
		free(err);
	}
	return n;
}

/* The newest history entry (caller frees with store_history_free). */
static struct store_history *
history_last(struct store *s)
{
	struct store_history	*v = NULL, *last;
	size_t			 n = 0;
	char			*err = NULL;

	if (store_history_list(s, 0, &v, &n, &err) == -1 || n == 0) {
		CHECK_FAIL("no history: %s", err ? err : "empty");
		free(err);
		store_history_free(v, n);
		return NULL;
	}
	/* Move the last entry out; free the others. */
	last = xmalloc(sizeof(*last));
	*last = v[n - 1];
	memset(&v[n - 1], 0, sizeof(v[n - 1]));
	store_history_free(v, n);
	return last;
}

/* ------------------------------------------------------------------ */
/* Opening and refusing files. */

static void
test_schema_created(void)
{
	struct store		*s;
	struct store_label	*labels = NULL;
	size_t			 n = 0;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	CHECK_INT(store_created(s), 1);
	CHECK_INT(store_readonly(s), 0);
	CHECK_STR(store_actor(s), "alice");
	if (fixture_pg_conninfo() == NULL)
		CHECK_STR(store_path(s), ":memory:");
	if (store_label_list(s, &labels, &n, &err) == -1)
		CHECK_FAIL("store_label_list: %s", err);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(labels[0].name, "PER");
		CHECK_STR(labels[1].name, "ORG");
		CHECK_STR(labels[2].name, "LOC");
		CHECK_STR(labels[3].name, "MISC");
		CHECK_STR(labels[0].key, "1");
		CHECK_STR(labels[3].key, "4");
		CHECK_STR(labels[0].color, "red");
		CHECK_STR(labels[1].color, "blue");
		CHECK_STR(labels[2].color, "green");
		CHECK_STR(labels[3].color, "magenta");
		CHECK(labels[0].description[0] != '\0');
		CHECK(labels[0].order < labels[1].order);
	}
	store_labels_free(labels, n);
	/* Creating the default labels is no user change. */
	CHECK_INT(history_n(s), 0);
	store_close(s);
}

/* count: the count of every article the store gives. */
static size_t
count_all(const char *path)
{
	struct store	*s;
	char		*err = NULL;
	size_t		 n = 0;

	if ((s = fixture_store(path, "alice", 0)) == NULL)
		return (size_t)-1;
	if (store_article_count(s, NULL, &n, &err) == -1)
		CHECK_FAIL("store_article_count: %s", err);
	free(err);
	store_close(s);
	return n;
}

/* raw SQL on a database file, as another tool would change it. */
static void
raw_exec(const char *path, const char *sql)
{
	sqlite3	*db;
	char	*msg = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		CHECK_FAIL("raw SQL \"%s\": %s", sql, msg ? msg :
		    sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_close(db);
}

/*
 * The count of all articles (read from the full-text index's own count
 * when it agrees with the largest id) is right when there are none, after
 * imports, and after another tool deleted rows: the first, one in the
 * middle (ids no longer 1..n), the last.
 */
static void
test_article_count_without_scan(void)
{
	struct store	*s;
	char		*dir, *path, title[16];
	int		 i;

	if ((dir = fixture_tmpdir("count")) == NULL)
		return;
	path = xasprintf("%s/margin.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	store_close(s);
	CHECK_INT(count_all(path), 0);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	for (i = 1; i <= 300; i++) {
		snprintf(title, sizeof(title), "A%d", i);
		fixture_article(s, title, title);
	}
	store_close(s);
	CHECK_INT(count_all(path), 300);
	raw_exec(path, "DELETE FROM articles WHERE id = 150");
	CHECK_INT(count_all(path), 299);
	raw_exec(path, "DELETE FROM articles WHERE id = 300");
	CHECK_INT(count_all(path), 298);
	raw_exec(path, "DELETE FROM articles WHERE id = 1");
	CHECK_INT(count_all(path), 297);
	/* Without the index's trigger, the last row gone: still right. */
	raw_exec(path, "DROP TRIGGER articles_fts_delete;"
	    " DELETE FROM articles WHERE id = 299");
	CHECK_INT(count_all(path), 296);
out:
	free(path);
	fixture_tmpdir_remove(dir);
}

static void
test_file_schema_and_reopen(void)
{
	struct store		*s;
	struct store_article	 a;
	struct store_label	*labels = NULL;
	char			*dir, *path, *err = NULL, *v;
	int64_t			 id;
	size_t			 n = 0;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	/* The folder of a new database is created too. */
	path = xasprintf("%s/deep/er/margin.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	CHECK_INT(store_created(s), 1);
	id = fixture_article(s, "One", "First article text.");
	if (store_label_remove(s, "MISC", &err) == -1)
		CHECK_FAIL("store_label_remove MISC: %s", err);
	free(err);
	err = NULL;
	store_close(s);

	v = raw_text(path, "PRAGMA user_version");
	CHECK(strtol(v, NULL, 10) == STORE_SCHEMA_VERSION);
	free(v);
	v = raw_text(path, "PRAGMA application_id");
	CHECK_STR(v, "1835102823");
	free(v);
	v = raw_text(path, "PRAGMA journal_mode");
	CHECK_STR(v, "wal");
	free(v);
	/* The external-content FTS index was kept in step by triggers. */
	fixture_raw_exec(path, "INSERT INTO articles_fts(articles_fts, rank)"
	    " VALUES ('integrity-check', 1)");

	if ((s = fixture_store(path, "bob", 0)) == NULL)
		goto out;
	CHECK_INT(store_created(s), 0);
	if (store_article_get(s, id, "bob", &a, &err) == -1)
		CHECK_FAIL("store_article_get after reopen: %s", err);
	else
		CHECK_STR(a.text, "First article text.");
	store_article_free(&a);
	/* Defaults are for a new database only: MISC stays removed. */
	if (store_label_list(s, &labels, &n, &err) == -1)
		CHECK_FAIL("store_label_list: %s", err);
	CHECK_INT(n, 3);
	store_labels_free(labels, n);
	store_close(s);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

static void
test_empty_file_becomes_database(void)
{
	struct store	*s;
	char		*dir, *path;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/empty.db", dir);
	write_file(path, "", 0);
	if ((s = fixture_store(path, "alice", 0)) != NULL) {
		CHECK_INT(store_created(s), 1);
		store_close(s);
	}
	free(path);
	fixture_tmpdir_remove(dir);
}

static void
test_newer_schema_refused_unchanged(void)
{
	struct store	*s;
	char		*dir, *path, *v;
	char		 before[65], after[65];

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/newer.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	fixture_article(s, "Kept", "Text that must survive.");
	store_close(s);
	/* As a later margin would leave it. */
	v = xasprintf("PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
	fixture_raw_exec(path, v);
	free(v);
	CHECK(!exists_with(path, "-wal"));
	fixture_file_hash(path, before);

	open_refused(path, 0, "newer");
	open_refused(path, STORE_READONLY, "newer");

	fixture_file_hash(path, after);
	CHECK_STR(after, before);
	CHECK(!exists_with(path, "-wal"));
	CHECK(!exists_with(path, "-shm"));
	CHECK(!exists_with(path, "-journal"));
	v = raw_text(path, "PRAGMA user_version");
	CHECK(strtol(v, NULL, 10) == STORE_SCHEMA_VERSION + 1);
	free(v);
out:
	free(path);
	fixture_tmpdir_remove(dir);
}

/* A file that is not margin's: refused with want, bytes unchanged, no
   file created beside it. */
static void
refused_unchanged(const char *dir, const char *name, const void *data,
    size_t len, const char *want)
{
	char	*path = xasprintf("%s/%s", dir, name);
	char	 before[65], after[65];

	if (data != NULL)
		write_file(path, data, len);
	fixture_file_hash(path, before);
	open_refused(path, 0, want);
	open_refused(path, STORE_READONLY, want);
	fixture_file_hash(path, after);
	CHECK_MSG(strcmp(before, after) == 0, "%s changed", name);
	CHECK_MSG(!exists_with(path, "-wal") && !exists_with(path, "-shm") &&
	    !exists_with(path, "-journal"), "%s got a -wal/-shm/-journal",
	    name);
	free(path);
}

static void
test_foreign_files_refused_unchanged(void)
{
	static const char	 text[] = "Dear diary,\nthis is no database.\n"
	    "It is long enough to fill an SQLite header: one hundred bytes "
	    "and more, all of them plain text.\n";
	unsigned char		 garbage[4096], fake[4096];
	char			*dir, *path;
	size_t			 i;
	uint32_t		 x = 2463534242u;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	for (i = 0; i < sizeof(garbage); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		garbage[i] = (unsigned char)x;
	}
	refused_unchanged(dir, "notes.txt", text, strlen(text),
	    "not an SQLite database");
	refused_unchanged(dir, "garbage.bin", garbage, sizeof(garbage),
	    "not an SQLite database");
	refused_unchanged(dir, "short", "SQLite", 6, "not an SQLite database");
	/* The right magic, then garbage. */
	memcpy(fake, garbage, sizeof(fake));
	memcpy(fake, "SQLite format 3", 16);
	refused_unchanged(dir, "fake.db", fake, sizeof(fake), "");

	/* Another program's SQLite database. */
	path = xasprintf("%s/other.db", dir);
	fixture_raw_exec(path, "CREATE TABLE recipes(name TEXT); "
	    "INSERT INTO recipes VALUES ('bread')");
	refused_unchanged(dir, "other.db", NULL, 0, "not a margin database");
	free(path);
	path = xasprintf("%s/otherapp.db", dir);
	fixture_raw_exec(path, "PRAGMA application_id = 42");
	refused_unchanged(dir, "otherapp.db", NULL, 0, "another application");
	free(path);
	/* Tables with our names but not our columns, claiming our schema
	   versions: still not ours. */
	path = xasprintf("%s/lookalike.db", dir);
	fixture_raw_exec(path, "CREATE TABLE articles(id INTEGER PRIMARY KEY,"
	    " body TEXT); CREATE TABLE spans(id INTEGER PRIMARY KEY);"
	    " CREATE TABLE labels(name TEXT); CREATE TABLE history(at INTEGER);"
	    " PRAGMA user_version = 1");
	refused_unchanged(dir, "lookalike.db", NULL, 0, "not a margin database");
	fixture_raw_exec(path, "PRAGMA user_version = 2");
	refused_unchanged(dir, "lookalike.db", NULL, 0, "not a margin database");
	free(path);
	fixture_tmpdir_remove(dir);
}

static void
test_corrupt_database_refused_unchanged(void)
{
	struct store	*s;
	unsigned char	 junk[3996];
	char		*dir, *path, *data = NULL, *err = NULL;
	size_t		 len, i;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/corrupt.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	fixture_article(s, "A", "Some text.");
	store_close(s);
	/* Keep the 100-byte header, wreck the rest of page 1 (the schema). */
	if (file_read_all(path, &data, &len, &err) == -1 || len < 4096) {
		CHECK_FAIL("cannot read back %s", path);
		goto out;
	}
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 7 + 1);
	memcpy(data + 100, junk, sizeof(junk));
	write_file(path, data, len);
	free(path);
	path = NULL;
	refused_unchanged(dir, "corrupt.db", NULL, 0, "");
out:
	free(err);
	free(data);
	free(path);
	fixture_tmpdir_remove(dir);
}

/* ------------------------------------------------------------------ */
/* Articles. */

static void
test_article_dedup_by_hash(void)
{
	struct store		*s;
	struct store_article	 a;
	static const char	 text[] = "Zoë Ünal met the mayor of Zürich.";
	char			 hex[65], *err = NULL;
	int64_t			 id1 = 0, id2 = 0, id3 = 0;
	int			 dup = -1;
	size_t			 n = 0;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	if (store_article_add(s, "Zoë", "a.txt", text, strlen(text), NULL,
	    &id1, &dup, &err) == -1)
		CHECK_FAIL("add: %s", err);
	CHECK_INT(dup, 0);
	if (store_article_add(s, "Another title", "b.txt", text, strlen(text),
	    NULL, &id2, &dup, &err) == -1)
		CHECK_FAIL("add again: %s", err);
	CHECK_INT(dup, 1);
	CHECK_INT(id2, id1);
	/* One byte more is another article. */
	if (store_article_add(s, "Zoë", "c.txt", text, strlen(text) - 1, NULL,
	    &id3, &dup, &err) == -1)
		CHECK_FAIL("add shorter: %s", err);
	CHECK_INT(dup, 0);
	CHECK(id3 != id1);
	if (store_article_count(s, NULL, &n, &err) == -1)
		CHECK_FAIL("count: %s", err);
	CHECK_INT(n, 2);
	/* The duplicate changed nothing: title and source are the first. */
	if (store_article_get(s, id1, "alice", &a, &err) == 0) {
		sha256_hex(text, strlen(text), hex);
		CHECK_STR(a.hash, hex);
		CHECK_STR(a.title, "Zoë");
		CHECK_STR(a.source, "a.txt");
		CHECK_INT(a.text_len, strlen(text));
	} else
		CHECK_FAIL("get: %s", err);
	store_article_free(&a);
	free(err);
	store_close(s);
}

static void
test_article_get_and_meta(void)
{
	struct store		*s;
	struct store_article	 a;
	static const char	 nul[] = "a\0b";
	char			*err = NULL;
	int64_t			 id = 0, v;
	int			 dup;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	setenv("MARGIN_NOW", "1700000000", 1);
	if (store_article_add(s, "T", "feed", "Body", 4,
	    "{\"date\":\"2021-03-04\"}", &id, &dup, &err) == -1)
		CHECK_FAIL("add with meta: %s", err);
	unsetenv("MARGIN_NOW");
	if (store_article_get(s, id, NULL, &a, &err) == 0) {
		CHECK_JSON(a.meta, "$.date", "2021-03-04");
		CHECK_INT(a.imported_at, 1700000000);
		CHECK_STR(a.text, "Body");
		CHECK_INT(a.done, 0);
		CHECK_INT(a.nspans, 0);
	} else
		CHECK_FAIL("get: %s", err);
	store_article_free(&a);
	id = fixture_article(s, "No meta", "Other body");
	if (store_article_get(s, id, NULL, &a, &err) == 0)
		CHECK_STR(a.meta, "{}");
	store_article_free(&a);

	free(err);
	err = NULL;
	CHECK(store_article_add(s, "bad", "", "x", 1, "[1,2]", &v, &dup,
	    &err) == -1);
	CHECK_ERR(err, "JSON object");
	free(err);
	err = NULL;
	CHECK(store_article_add(s, "bad", "", "y", 1, "{oops", &v, &dup,
	    &err) == -1);
	free(err);
	err = NULL;
	CHECK(store_article_add(s, "nul", "", nul, 3, NULL, &v, &dup,
	    &err) == -1);
	CHECK_ERR(err, "NUL");
	free(err);
	err = NULL;
	CHECK(store_article_get(s, 999, NULL, &a, &err) == -1);
	CHECK_ERR(err, "no article 999");
	free(err);
	store_close(s);
}

/*
 * Five articles: 1 and 2 done by alice, 2 and 4 tagged news (by bob),
 * article 3 with two live spans of alice and one rejected, 5 done by bob.
 */
static struct store *
list_fixture(int64_t id[6])
{
	struct store	*s;
	char		*err = NULL;
	int		 i;

	if ((s = fixture_memory("alice")) == NULL)
		return NULL;
	id[0] = 0;
	for (i = 1; i <= 5; i++) {
		char	*t = xasprintf("Article number %d about Paris.", i);

		id[i] = fixture_article(s, t, t);
		free(t);
	}
	if (store_article_set_done(s, id[1], "alice", 1, &err) == -1 ||
	    store_article_set_done(s, id[2], "alice", 1, &err) == -1 ||
	    store_article_set_done(s, id[5], "bob", 1, &err) == -1 ||
	    store_tag_add(s, id[2], "news", "bob", &err) == -1 ||
	    store_tag_add(s, id[4], "news", "bob", &err) == -1)
		CHECK_FAIL("fixture: %s", err);
	free(err);
	fixture_span(s, id[3], 0, 7, "MISC", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, id[3], 24, 29, "LOC", NULL, "alice", STORE_SUGGESTED);
	fixture_span(s, id[3], 15, 21, "MISC", NULL, "alice", STORE_REJECTED);
	fixture_span(s, id[3], 24, 29, "LOC", NULL, "bob", STORE_ACCEPTED);
	return s;
}

static size_t
count_of(struct store *s, const char *annotator, const char *tag, int status)
{
	struct store_article_filter	 f = { annotator, tag, status, 0 };
	size_t				 n = 0;
	char				*err = NULL;

	if (store_article_count(s, &f, &n, &err) == -1) {
		CHECK_FAIL("count: %s", err);
		free(err);
	}
	return n;
}

static void
test_article_rows_and_filters(void)
{
	struct store			*s;
	struct store_article		*rows = NULL;
	struct store_article_filter	 f = { "alice", NULL, 0, 0 };
	int64_t				 id[6];
	size_t				 n = 0;
	char				*err = NULL;

	if ((s = list_fixture(id)) == NULL)
		return;
	CHECK_INT(count_of(s, "alice", NULL, 0), 5);
	CHECK_INT(count_of(s, "alice", "news", 0), 2);
	CHECK_INT(count_of(s, "alice", NULL, 1), 2);
	CHECK_INT(count_of(s, "alice", NULL, -1), 3);
	CHECK_INT(count_of(s, "alice", "news", -1), 1);
	CHECK_INT(count_of(s, "bob", NULL, 1), 1);
	CHECK_INT(count_of(s, "carol", NULL, 1), 0);
	/* No annotator: done by anyone. */
	CHECK_INT(count_of(s, NULL, NULL, 1), 3);
	CHECK_INT(count_of(s, "alice", "sport", 0), 0);

	if (store_article_rows(s, &f, 1, 3, &rows, &n, &err) == -1)
		CHECK_FAIL("rows: %s", err);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(rows[0].id, id[2]);
		CHECK_INT(rows[0].done, 1);
		CHECK_INT(rows[1].id, id[3]);
		CHECK_INT(rows[1].done, 0);
		/* Accepted and suggested count, rejected does not; the
		   suggestions are also counted apart. */
		CHECK_INT(rows[1].nspans, 2);
		CHECK_INT(rows[1].nsuggested, 1);
		CHECK_INT(rows[0].nsuggested, 0);
		CHECK(rows[1].text == NULL);
		CHECK_STR(rows[1].title, "Article number 3 about Paris.");
		CHECK_INT(rows[2].id, id[4]);
	}
	store_article_rows_free(rows, n);

	f.annotator = NULL;
	if (store_article_rows(s, &f, 2, 1, &rows, &n, &err) == -1)
		CHECK_FAIL("rows: %s", err);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(rows[0].nspans, 3);	/* everyone's live spans */
		CHECK_INT(rows[0].nsuggested, 1);
	}
	store_article_rows_free(rows, n);

	f.annotator = "alice";
	f.status = -1;
	if (store_article_rows(s, &f, 0, 100, &rows, &n, &err) == -1)
		CHECK_FAIL("rows: %s", err);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_INT(rows[0].id, id[3]);
		CHECK_INT(rows[1].id, id[4]);
		CHECK_INT(rows[2].id, id[5]);
	}
	store_article_rows_free(rows, n);
	/* Past the end: no rows, no error. */
	if (store_article_rows(s, &f, 10, 5, &rows, &n, &err) == -1)
		CHECK_FAIL("rows: %s", err);
	CHECK_INT(n, 0);
	store_article_rows_free(rows, n);
	free(err);
	store_close(s);
}

static void
test_article_first_todo_and_position(void)
{
	struct store			*s;
	struct store_article_filter	 f = { "alice", NULL, 0, 0 };
	int64_t				 id[6];
	size_t				 pos = 99;
	long				 lpos = 99;
	char				*err = NULL;
	int				 i;

	if ((s = list_fixture(id)) == NULL)
		return;
	if (store_article_first_todo(s, &f, &pos, &err) == -1)
		CHECK_FAIL("first_todo: %s", err);
	CHECK_INT(pos, 2);	/* article 3 */
	/* Both calls answer 0 and -1 on an error too: their status counts. */
	f.annotator = "bob";
	CHECK(store_article_first_todo(s, &f, &pos, &err) == 0);
	CHECK_INT(pos, 0);
	f.annotator = "alice";
	f.tag = "news";
	CHECK(store_article_first_todo(s, &f, &pos, &err) == 0);
	CHECK_INT(pos, 1);	/* article 4, second of the news list */

	if (store_article_position(s, &f, id[4], &lpos, &err) == -1)
		CHECK_FAIL("position: %s", err);
	CHECK_INT(lpos, 1);
	CHECK(store_article_position(s, &f, id[3], &lpos, &err) == 0);
	CHECK_INT(lpos, -1);	/* not tagged news */
	f.tag = NULL;
	f.status = -1;
	CHECK(store_article_position(s, &f, id[5], &lpos, &err) == 0);
	CHECK_INT(lpos, 2);
	CHECK(store_article_position(s, &f, id[1], &lpos, &err) == 0);
	CHECK_INT(lpos, -1);	/* done, so not in the todo list */
	CHECK(store_article_position(s, &f, 12345, &lpos, &err) == 0);
	CHECK_INT(lpos, -1);

	/* All done: position 0. */
	f.status = 0;
	for (i = 1; i <= 5; i++)
		CHECK(store_article_set_done(s, id[i], "alice", 1, &err) == 0);
	CHECK(store_article_first_todo(s, &f, &pos, &err) == 0);
	CHECK_INT(pos, 0);
	CHECK_INT(count_of(s, "alice", NULL, -1), 0);
	free(err);
	store_close(s);
}

static void
test_article_search(void)
{
	struct store			*s;
	struct store_article		*rows = NULL;
	struct store_article_filter	 f = { "alice", NULL, 0, 0 };
	int64_t				 a, b, c;
	size_t				 n = 0;
	char				*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a = fixture_article(s, "Zoë wins", "Zoë Ünal won the race in Zürich.");
	b = fixture_article(s, "Weather", "Rain in Zurich; Zoe stayed home.\n"
	    "Banks closed AND shops too.");
	c = fixture_article(s, "Markets", "Banking news: nothing about races.");
	/* Diacritics fold; the title weighs more. */
	if (store_article_search(s, "zoe", &f, 10, &rows, &n, &err) == -1)
		CHECK_FAIL("search: %s", err);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(rows[0].id, a);
		CHECK_INT(rows[1].id, b);
	}
	store_article_rows_free(rows, n);
	/* The last word is a prefix; every word is required. */
	CHECK(store_article_search(s, "bank", &f, 10, &rows, &n, &err) == 0);
	CHECK_INT(n, 2);
	store_article_rows_free(rows, n);
	CHECK(store_article_search(s, "banking news", &f, 10, &rows, &n,
	    &err) == 0);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(rows[0].id, c);
	store_article_rows_free(rows, n);
	/* FTS5 syntax in the user's words is just words. */
	if (store_article_search(s, "closed AND", &f, 10, &rows, &n,
	    &err) == -1)
		CHECK_FAIL("search with AND: %s", err);
	CHECK_INT(n, 1);
	store_article_rows_free(rows, n);
	if (store_article_search(s, "\"rain ( NEAR", &f, 10, &rows, &n,
	    &err) == -1)
		CHECK_FAIL("search with quote: %s", err);
	CHECK_INT(n, 0);
	store_article_rows_free(rows, n);
	CHECK(store_article_search(s, "   ", &f, 10, &rows, &n, &err) == 0);
	CHECK_INT(n, 0);
	store_article_rows_free(rows, n);
	/* Filters apply. */
	CHECK(store_tag_add(s, b, "weather", NULL, &err) == 0);
	f.tag = "weather";
	CHECK(store_article_search(s, "zoe", &f, 10, &rows, &n, &err) == 0);
	CHECK_INT(n, 1);
	store_article_rows_free(rows, n);
	free(err);
	store_close(s);
}

/* The shared seed articles: real news text with curly quotes and name
   variants. */
static void
test_seed_articles(void)
{
	static const char *const names[] = {
		"000_ce1155064cdbc6ce.txt", "001_ecf69095efd79cfd.txt",
		"002_230b21386b69b568.txt", "003_c443cec178f0a349.txt",
		"004_abe15870b9bfcfea.txt",
	};
	struct store		*s;
	struct store_article	*rows = NULL;
	struct store_span	 sp, got;
	char			*text[5] = { NULL }, *path, *err = NULL, *hit;
	size_t			 len[5], i, n = 0, cp, bytes;
	int64_t			 id[5], again, spid;
	int			 dup;
	char			 hex[65], want[65];
	FILE			*pp;
	char			*cmd;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	for (i = 0; i < 5; i++) {
		path = xasprintf("%s/corpus/seeds/%s", check_shared_dir(),
		    names[i]);
		if (file_read_all(path, &text[i], &len[i], &err) == -1) {
			CHECK_FAIL("%s: %s", path, err);
			free(path);
			goto out;
		}
		if (store_article_add(s, names[i], path, text[i], len[i], NULL,
		    &id[i], &dup, &err) == -1)
			CHECK_FAIL("add %s: %s", names[i], err);
		/* The content hash is sha256sum's. */
		sha256_hex(text[i], len[i], hex);
		cmd = xasprintf("sha256sum < '%s'", path);
		if ((pp = popen(cmd, "r")) != NULL) {
			if (fgets(want, sizeof(want), pp) != NULL)
				CHECK_STR(hex, want);
			else
				CHECK_FAIL("no output from %s", cmd);
			pclose(pp);
		}
		free(cmd);
		free(path);
	}
	for (i = 0; i < 5; i++) {
		store_article_add(s, "again", "x", text[i], len[i], NULL,
		    &again, &dup, &err);
		CHECK_INT(dup, 1);
		CHECK_INT(again, id[i]);
	}
	if (store_article_search(s, "Navalny", NULL, 10, &rows, &n,
	    &err) == -1)
		CHECK_FAIL("search: %s", err);
	CHECK_INT(n, 5);
	store_article_rows_free(rows, n);
	CHECK(store_article_search(s, "Aleksey", NULL, 10, &rows, &n,
	    &err) == 0);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(rows[0].id, id[2]);
	store_article_rows_free(rows, n);

	/* A span after non-ASCII text: code points and bytes differ, and
	   the store's byte offsets find the same text in the file. */
	for (i = 0; i < 5; i++) {
		if ((hit = strstr(text[i], "Alexei Navalny")) == NULL)
			continue;
		bytes = (size_t)(hit - text[i]);
		for (cp = 0, n = 0; n < bytes; n++)
			if (((unsigned char)text[i][n] & 0xc0) != 0x80)
				cp++;
		if (cp == bytes)
			continue;	/* only ASCII before it */
		memset(&sp, 0, sizeof(sp));
		sp.article_id = id[i];
		sp.start = cp;
		sp.end = cp + 14;
		sp.label = "PER";
		sp.text = "Alexei Navalny";
		if (store_span_add(s, &sp, &spid, &err) == -1) {
			CHECK_FAIL("span in %s: %s", names[i], err);
			break;
		}
		if (store_span_get(s, spid, &got, &err) == 0) {
			CHECK_INT(got.start_byte, bytes);
			CHECK_INT(got.end_byte, bytes + 14);
			CHECK_STR(got.annotator, "alice");
		}
		store_span_free(&got);
		break;
	}
	CHECK_MSG(i < 5, "no seed has non-ASCII text before the name");
out:
	for (i = 0; i < 5; i++)
		free(text[i]);
	free(err);
	store_close(s);
}

/* ------------------------------------------------------------------ */
/* Spans and history. */

static void
test_span_list_order(void)
{
	struct store		*s;
	struct store_span	*v = NULL;
	int64_t			 art;
	size_t			 n = 0;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "The Bank of New England and New York.");
	fixture_span(s, art, 16, 23, "LOC", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, art, 4, 8, "ORG", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, art, 4, 23, "ORG", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, art, 4, 23, "ORG", NULL, "bob", STORE_ACCEPTED);
	fixture_span(s, art, 28, 36, "LOC", NULL, "alice", STORE_SUGGESTED);
	fixture_span(s, art, 28, 31, "LOC", NULL, "alice", STORE_REJECTED);
	fixture_span(s, art, 16, 19, "LOC", NULL, "alice", STORE_ACCEPTED);
	if (store_span_list(s, art, "alice", &v, &n, &err) == -1)
		CHECK_FAIL("list: %s", err);
	CHECK_INT(n, 5);
	if (n == 5) {
		/* By start, then the longer (enclosing) span first. */
		CHECK_INT(v[0].start, 4);
		CHECK_INT(v[0].end, 23);
		CHECK_STR(v[0].text, "Bank of New England");
		CHECK_INT(v[1].start, 4);
		CHECK_INT(v[1].end, 8);
		CHECK_INT(v[2].start, 16);
		CHECK_INT(v[2].end, 23);
		CHECK_STR(v[2].text, "England");
		CHECK_INT(v[3].start, 16);
		CHECK_INT(v[3].end, 19);
		CHECK_INT(v[4].start, 28);
		CHECK_STR(v[4].text, "New York");
		CHECK_INT(v[4].status, STORE_SUGGESTED);
	}
	store_spans_free(v, n);
	if (store_span_list(s, art, NULL, &v, &n, &err) == -1)
		CHECK_FAIL("list all: %s", err);
	CHECK_INT(n, 6);	/* bob's too; the rejected one never */
	store_spans_free(v, n);
	free(err);
	store_close(s);
}

static void
test_span_add_checks(void)
{
	struct store		*s;
	struct store_span	 sp, got;
	int64_t			 art, id;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	/* "Zoë" is 3 code points, 4 bytes; "北京" 2 code points, 6 bytes. */
	art = fixture_article(s, "t", "Zoë met 北京 officials.");
	memset(&sp, 0, sizeof(sp));
	sp.article_id = art;
	sp.start = 8;
	sp.end = 10;
	sp.label = "LOC";
	sp.text = "北京";
	sp.note = "capital";
	sp.score = 0.75;
	sp.status = STORE_SUGGESTED;
	sp.origin = STORE_MODEL;
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("add: %s", err);
	if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_INT(got.start_byte, 9);
		CHECK_INT(got.end_byte, 15);
		CHECK_STR(got.text, "北京");
		CHECK_STR(got.label, "LOC");
		CHECK_STR(got.note, "capital");
		CHECK_INT(got.status, STORE_SUGGESTED);
		CHECK_INT(got.origin, STORE_MODEL);
		CHECK(got.score == 0.75);
		CHECK_INT(got.article_id, art);
	} else
		CHECK_FAIL("get: %s", err);
	store_span_free(&got);

	/* Text left NULL is taken from the article; bytes given right are
	   accepted. */
	sp.text = NULL;
	sp.start = 0;
	sp.end = 3;
	sp.start_byte = 0;
	sp.end_byte = 4;
	sp.label = "PER";
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("add without text: %s", err);
	if (store_span_get(s, id, &got, &err) == 0)
		CHECK_STR(got.text, "Zoë");
	store_span_free(&got);

	sp.end_byte = 3;
	span_refused(s, &sp, "byte offsets");
	sp.end_byte = 0;
	sp.text = "Zoe";
	span_refused(s, &sp, "is not the article's");
	sp.text = NULL;
	sp.end = 100;
	span_refused(s, &sp, "past the end");
	sp.end = 3;
	sp.label = "PLANET";
	span_refused(s, &sp, "no label \"PLANET\"");
	sp.label = "bad label";
	span_refused(s, &sp, "invalid label");
	sp.label = "PER";
	sp.start = 3;
	span_refused(s, &sp, "empty span");
	sp.start = 0;
	sp.article_id = 777;
	span_refused(s, &sp, "no article 777");
	free(err);
	store_close(s);
}

/*
 * With the caller's copy of the text (store_span_text_hint), a span with
 * byte offsets is checked against the bytes the database has there; a
 * copy that is not the article's is not believed: the spans are checked
 * against the article as without a hint.
 */
static void
test_span_add_hinted(void)
{
	static const char	 text[] = "Zoë met 北京 officials.";
	static const char	 other[] = "Zoë met 東京 officials.";
	struct text_offsets	 o, wrong;
	struct store		*s;
	struct store_span	 sp, got;
	int64_t			 art, id;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", text);
	text_offsets_init(&o, text, strlen(text));
	text_offsets_init(&wrong, other, strlen(other));
	memset(&sp, 0, sizeof(sp));
	sp.article_id = art;
	sp.start = 8;
	sp.end = 10;
	sp.start_byte = 9;
	sp.end_byte = 15;
	sp.label = "LOC";
	sp.text = "北京";
	sp.note = "";
	sp.status = STORE_ACCEPTED;
	sp.origin = STORE_MANUAL;
	store_span_text_hint(s, art, &o);
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("hinted add: %s", err);
	if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_INT(got.start, 8);
		CHECK_INT(got.end, 10);
		CHECK_INT(got.start_byte, 9);
		CHECK_INT(got.end_byte, 15);
		CHECK_STR(got.text, "北京");
	} else
		CHECK_FAIL("get: %s", err);
	store_span_free(&got);
	/* Text not given: taken from the database's bytes. */
	sp.text = NULL;
	sp.start = 0;
	sp.end = 3;
	sp.start_byte = 0;
	sp.end_byte = 4;
	sp.label = "PER";
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("hinted add without text: %s", err);
	if (store_span_get(s, id, &got, &err) == 0)
		CHECK_STR(got.text, "Zoë");
	store_span_free(&got);
	/* Wrong text, wrong bytes, past the end: refused as always. */
	sp.text = "Zoe";
	span_refused(s, &sp, "is not the article's");
	sp.text = NULL;
	sp.end_byte = 3;
	span_refused(s, &sp, "byte offsets");
	sp.end = 100;
	sp.end_byte = 4;
	span_refused(s, &sp, "past the end");
	/* A copy of another text (the same length): its bytes differ from
	   the database's, and the span is checked against the article. */
	store_span_text_hint(s, art, &wrong);
	sp.start = 8;
	sp.end = 10;
	sp.start_byte = 9;
	sp.end_byte = 15;
	sp.label = "LOC";
	sp.text = "東京";
	span_refused(s, &sp, "is not the article's");
	sp.text = NULL;
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("add with a wrong hint: %s", err);
	else if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_STR(got.text, "北京");
		store_span_free(&got);
	}
	/* A hint of another article is not used for this one. */
	store_span_text_hint(s, art + 1, &wrong);
	sp.label = "ORG";
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("add with another article's hint: %s", err);
	store_span_text_hint(s, 0, NULL);
	text_offsets_free(&o);
	text_offsets_free(&wrong);
	free(err);
	store_close(s);
}

static void
test_span_changes_in_history(void)
{
	struct store		*s;
	struct store_history	*h;
	struct store_span	 got;
	int64_t			 art, id, txn1 = 0;
	size_t			 n0;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Angela Merkel visited Paris.");
	n0 = history_n(s);
	id = fixture_span(s, art, 0, 13, "PER", NULL, NULL, STORE_ACCEPTED);
	CHECK_INT(history_n(s), n0 + 1);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->entity, "span");
		CHECK_STR(h->op, "insert");
		CHECK_STR(h->actor, "alice");
		CHECK_INT(h->entity_id, id);
		CHECK(h->before == NULL);
		CHECK_JSON(h->after, "$.label", "PER");
		CHECK_JSON(h->after, "$.text", "Angela Merkel");
		CHECK_JSON(h->after, "$.start", "0");
		CHECK_JSON(h->after, "$.end", "13");
		CHECK_JSON(h->after, "$.annotator", "alice");
		CHECK_JSON(h->after, "$.status", "accepted");
		txn1 = h->txn;
		store_history_free(h, 1);
	}

	store_set_actor(s, "reviewer");
	if (store_span_relabel(s, id, "ORG", &err) == -1)
		CHECK_FAIL("relabel: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->op, "update");
		CHECK_STR(h->actor, "reviewer");
		CHECK_JSON(h->before, "$.label", "PER");
		CHECK_JSON(h->after, "$.label", "ORG");
		CHECK(h->txn > txn1);
		store_history_free(h, 1);
	}
	/* The same label again changes nothing and records nothing. */
	n0 = history_n(s);
	if (store_span_relabel(s, id, "ORG", &err) == -1)
		CHECK_FAIL("relabel same: %s", err);
	CHECK_INT(history_n(s), n0);
	CHECK(store_span_relabel(s, id, "NOPE", &err) == -1);
	CHECK_INT(history_n(s), n0);

	if (store_span_set_note(s, id, "former chancellor", &err) == -1)
		CHECK_FAIL("note: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_JSON(h->before, "$.note", "");
		CHECK_JSON(h->after, "$.note", "former chancellor");
		store_history_free(h, 1);
	}
	if (store_span_set_status(s, id, STORE_REJECTED, &err) == -1)
		CHECK_FAIL("status: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_JSON(h->before, "$.status", "accepted");
		CHECK_JSON(h->after, "$.status", "rejected");
		store_history_free(h, 1);
	}
	if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_STR(got.label, "ORG");
		CHECK_STR(got.note, "former chancellor");
		CHECK_INT(got.status, STORE_REJECTED);
		CHECK_STR(got.annotator, "alice");
	}
	store_span_free(&got);

	if (store_span_delete(s, id, &err) == -1)
		CHECK_FAIL("delete: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->op, "delete");
		CHECK(h->after == NULL);
		/* Enough to put it back as it was. */
		CHECK_JSON(h->before, "$.label", "ORG");
		CHECK_JSON(h->before, "$.note", "former chancellor");
		CHECK_JSON(h->before, "$.article", "1");
		CHECK_JSON(h->before, "$.end_byte", "13");
		store_history_free(h, 1);
	}
	CHECK(store_span_get(s, id, &got, &err) == -1);
	CHECK(store_span_delete(s, id, &err) == -1);
	CHECK_ERR(err, "no span");
	free(err);
	store_close(s);
}

static void
test_txn_groups_and_rollback(void)
{
	struct store		*s;
	struct store_history	*v = NULL;
	struct store_span	*spans = NULL;
	struct store_span	 bad;
	int64_t			 art, id;
	size_t			 n = 0, nh, nspans = 0;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Rome and Milan and Turin.");
	nh = history_n(s);
	if (store_txn_begin(s, &err) == -1)
		CHECK_FAIL("begin: %s", err);
	fixture_span(s, art, 0, 4, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_txn_rollback(s);
	CHECK(store_span_list(s, art, NULL, &spans, &nspans, &err) == 0);
	CHECK_INT(nspans, 0);
	store_spans_free(spans, nspans);
	CHECK_INT(history_n(s), nh);

	if (store_txn_begin(s, &err) == -1)
		CHECK_FAIL("begin: %s", err);
	CHECK(store_txn_begin(s, &err) == -1);
	fixture_span(s, art, 0, 4, "LOC", NULL, NULL, STORE_ACCEPTED);
	/* A change that fails inside the batch is undone alone. */
	memset(&bad, 0, sizeof(bad));
	bad.article_id = art;
	bad.start = 9;
	bad.end = 14;
	bad.label = "LOC";
	bad.text = "Paris";
	CHECK(store_span_add(s, &bad, &id, &err) == -1);
	fixture_span(s, art, 9, 14, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_tag_add(s, art, "italy", NULL, &err);
	if (store_txn_commit(s, &err) == -1)
		CHECK_FAIL("commit: %s", err);
	CHECK(store_txn_commit(s, &err) == -1);
	store_span_list(s, art, NULL, &spans, &nspans, &err);
	CHECK_INT(nspans, 2);
	store_spans_free(spans, nspans);
	/* One transaction, one history group. */
	if (store_history_list(s, 0, &v, &n, &err) == -1)
		CHECK_FAIL("history: %s", err);
	CHECK_INT(n, nh + 3);
	if (n == nh + 3) {
		CHECK_INT(v[nh].txn, v[nh + 1].txn);
		CHECK_INT(v[nh].txn, v[nh + 2].txn);
		CHECK_STR(v[nh + 2].entity, "tag");
	}
	store_history_free(v, n);
	free(err);
	store_close(s);
}

static void
test_tags(void)
{
	struct store		*s;
	struct store_history	*h;
	char			**tags = NULL, *err = NULL;
	int64_t			 art;
	size_t			 n = 0, nh;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Some news.");
	if (store_tag_add(s, art, "politics", NULL, &err) == -1)
		CHECK_FAIL("tag: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->entity, "tag");
		CHECK_STR(h->op, "insert");
		CHECK_JSON(h->after, "$.tag", "politics");
		CHECK_JSON(h->after, "$.annotator", "alice");
		CHECK_JSON(h->after, "$.article", "1");
		store_history_free(h, 1);
	}
	nh = history_n(s);
	store_tag_add(s, art, "politics", NULL, &err);	/* again: nothing */
	CHECK_INT(history_n(s), nh);
	store_tag_add(s, art, "politics", "bob", &err);
	store_tag_add(s, art, "europe", "bob", &err);
	store_tag_add(s, art, "Élysée", "bob", &err);
	if (store_tag_list(s, art, &tags, &n, &err) == -1)
		CHECK_FAIL("list: %s", err);
	CHECK_INT(n, 3);	/* distinct, sorted */
	if (n == 3) {
		CHECK_STR(tags[0], "europe");
		CHECK_STR(tags[1], "politics");
		CHECK_STR(tags[2], "Élysée");
	}
	store_strings_free(tags, n);

	if (store_tag_remove(s, art, "politics", "alice", &err) == -1)
		CHECK_FAIL("untag: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->op, "delete");
		CHECK_JSON(h->before, "$.tag", "politics");
		CHECK(h->after == NULL);
		store_history_free(h, 1);
	}
	store_tag_list(s, art, &tags, &n, &err);
	CHECK_INT(n, 3);	/* bob's politics stays */
	store_strings_free(tags, n);
	nh = history_n(s);
	CHECK(store_tag_remove(s, art, "absent", NULL, &err) == 0);
	CHECK_INT(history_n(s), nh);

	CHECK(store_tag_add(s, 4242, "x", NULL, &err) == -1);
	CHECK_ERR(err, "no article");
	CHECK(store_tag_add(s, art, "", NULL, &err) == -1);
	CHECK(store_tag_add(s, art, "a\nb", NULL, &err) == -1);
	free(err);
	store_close(s);
}

static void
test_done_per_annotator(void)
{
	struct store		*s;
	struct store_article	 a;
	struct store_history	*h;
	int64_t			 art;
	size_t			 nh;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Text.");
	nh = history_n(s);
	/* Todo is what an article starts as: nothing to record (and no
	   error, which would record nothing either). */
	CHECK(store_article_set_done(s, art, "alice", 0, &err) == 0);
	CHECK_INT(history_n(s), nh);
	if (store_article_set_done(s, art, NULL, 1, &err) == -1)
		CHECK_FAIL("done: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->entity, "status");
		CHECK_STR(h->op, "insert");
		CHECK_INT(h->entity_id, art);
		CHECK_JSON(h->after, "$.status", "done");
		CHECK_JSON(h->after, "$.annotator", "alice");
		store_history_free(h, 1);
	}
	nh = history_n(s);
	CHECK(store_article_set_done(s, art, "alice", 1, &err) == 0);
	CHECK_INT(history_n(s), nh);
	CHECK(store_article_get(s, art, "alice", &a, &err) == 0);
	CHECK_INT(a.done, 1);
	store_article_free(&a);
	CHECK(store_article_get(s, art, "bob", &a, &err) == 0);
	CHECK_INT(a.done, 0);
	store_article_free(&a);

	store_article_set_done(s, art, "alice", 0, &err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->op, "update");
		CHECK_JSON(h->before, "$.status", "done");
		CHECK_JSON(h->after, "$.status", "todo");
		store_history_free(h, 1);
	}
	CHECK(store_article_get(s, art, "alice", &a, &err) == 0);
	CHECK_INT(a.done, 0);
	store_article_free(&a);
	CHECK(store_article_set_done(s, 999, "alice", 1, &err) == -1);
	free(err);
	store_close(s);
}

static void
test_labels(void)
{
	struct store		*s;
	struct store_label	*v = NULL;
	struct store_history	*h;
	int64_t			 art;
	size_t			 n = 0, nh;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	CHECK(store_label_valid_name("B-ish_2"));
	CHECK(!store_label_valid_name(""));
	CHECK(!store_label_valid_name("a b"));
	CHECK(!store_label_valid_name("Ünit"));
	CHECK(!store_label_valid_name("x/y"));
	CHECK(!store_label_valid_name(NULL));
	CHECK(store_label_add(s, "a b", "5", "", "", &err) == -1);
	CHECK_ERR(err, "invalid label name");

	if (store_label_add(s, "EVENT", "5", "yellow", "events", &err) == -1)
		CHECK_FAIL("add: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->entity, "label");
		CHECK_STR(h->op, "insert");
		CHECK_JSON(h->after, "$.name", "EVENT");
		store_history_free(h, 1);
	}
	/* NULL keeps a field; only the colour changes. */
	if (store_label_add(s, "EVENT", NULL, "cyan", NULL, &err) == -1)
		CHECK_FAIL("update: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->op, "update");
		CHECK_JSON(h->before, "$.color", "yellow");
		CHECK_JSON(h->after, "$.color", "cyan");
		CHECK_JSON(h->after, "$.key", "5");
		store_history_free(h, 1);
	}
	nh = history_n(s);
	store_label_add(s, "EVENT", "5", "cyan", "events", &err);
	CHECK_INT(history_n(s), nh);
	if (store_label_list(s, &v, &n, &err) == -1)
		CHECK_FAIL("list: %s", err);
	CHECK_INT(n, 5);
	if (n == 5) {
		CHECK_STR(v[4].name, "EVENT");
		CHECK_STR(v[4].color, "cyan");
		CHECK_STR(v[4].description, "events");
		CHECK(v[4].order > v[3].order);
	}
	store_labels_free(v, n);

	art = fixture_article(s, "t", "The Olympics in Paris.");
	fixture_span(s, art, 4, 12, "EVENT", NULL, NULL, STORE_ACCEPTED);
	nh = history_n(s);
	CHECK(store_label_remove(s, "EVENT", &err) == -1);
	CHECK_ERR(err, "used by 1 span");
	CHECK_INT(history_n(s), nh);
	CHECK(store_label_remove(s, "NOPE", &err) == -1);
	if (store_label_remove(s, "MISC", &err) == -1)
		CHECK_FAIL("remove MISC: %s", err);
	if ((h = history_last(s)) != NULL) {
		CHECK_STR(h->op, "delete");
		CHECK_JSON(h->before, "$.name", "MISC");
		store_history_free(h, 1);
	}
	store_label_list(s, &v, &n, &err);
	CHECK_INT(n, 4);
	store_labels_free(v, n);
	free(err);
	store_close(s);
}

/* ------------------------------------------------------------------ */
/* The export walk. */

struct walk {
	struct buf	 out;
	size_t		 n;
	size_t		 stop_after;	/* 0: never */
	struct store	*other;		/* writes during the walk */
	int64_t		 other_article;
};

static int
walk_cb(void *ctx, const struct store_article *a, const struct store_span *sp)
{
	struct walk	*w = ctx;
	struct store_span add;
	char		*err = NULL;

	buf_printf(&w->out, "%" PRId64 ":%zu-%zu:%s:%s:%s:%s;", a->id,
	    sp->start, sp->end, sp->label, sp->annotator,
	    store_status_name(sp->status), a->title);
	w->n++;
	if (w->other != NULL && w->n == 1) {
		memset(&add, 0, sizeof(add));
		add.article_id = w->other_article;
		add.start = 0;
		add.end = 4;
		add.label = "LOC";
		if (store_span_add(w->other, &add, NULL, &err) == -1) {
			CHECK_FAIL("concurrent add: %s", err);
			free(err);
		}
	}
	if (w->stop_after != 0 && w->n == w->stop_after)
		return 7;
	return 0;
}

static char *
walk(struct store *s, const struct store_span_filter *f)
{
	struct walk	 w;
	char		*err = NULL;

	memset(&w, 0, sizeof(w));
	if (store_span_foreach(s, f, walk_cb, &w, &err) != 0) {
		CHECK_FAIL("foreach: %s", err);
		free(err);
	}
	return buf_detach(&w.out);
}

#define CHECK_WALK(s, f, want) do {					\
	char *check_w = walk((s), (f));					\
	CHECK_STR(check_w, (want));					\
	free(check_w);							\
} while (0)

static void
test_foreach_filters(void)
{
	struct store		*s;
	struct store_span_filter f;
	const char		*per[] = { "PER", NULL };
	const char		*per_loc[] = { "LOC", "PER", NULL };
	int64_t			 a1, a2, a3, ids[2];
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, "A1", "Obama met Putin in Geneva.");
	a2 = fixture_article(s, "A2", "Merkel spoke in Berlin.");
	a3 = fixture_article(s, "A3", "Nothing here at all, really.");
	fixture_span(s, a2, 16, 22, "LOC", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, a1, 19, 25, "LOC", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, a1, 0, 5, "PER", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, a1, 10, 15, "PER", NULL, "bob", STORE_ACCEPTED);
	fixture_span(s, a1, 0, 5, "PER", NULL, "bob", STORE_SUGGESTED);
	fixture_span(s, a2, 0, 6, "PER", NULL, "alice", STORE_REJECTED);
	fixture_span(s, a1, 0, 9, "MISC", NULL, "alice", STORE_ACCEPTED);
	store_tag_add(s, a2, "germany", "carol", &err);
	store_article_set_done(s, a1, "bob", 1, &err);
	(void)a3;

	/* Default: accepted only, in (article, start, end) order. */
	memset(&f, 0, sizeof(f));
	CHECK_WALK(s, &f, "1:0-5:PER:alice:accepted:A1;"
	    "1:0-9:MISC:alice:accepted:A1;1:10-15:PER:bob:accepted:A1;"
	    "1:19-25:LOC:alice:accepted:A1;2:16-22:LOC:alice:accepted:A2;");
	CHECK_WALK(s, NULL, "1:0-5:PER:alice:accepted:A1;"
	    "1:0-9:MISC:alice:accepted:A1;1:10-15:PER:bob:accepted:A1;"
	    "1:19-25:LOC:alice:accepted:A1;2:16-22:LOC:alice:accepted:A2;");
	f.labels = per;
	CHECK_WALK(s, &f, "1:0-5:PER:alice:accepted:A1;"
	    "1:10-15:PER:bob:accepted:A1;");
	f.labels = per_loc;
	f.annotator = "alice";
	CHECK_WALK(s, &f, "1:0-5:PER:alice:accepted:A1;"
	    "1:19-25:LOC:alice:accepted:A1;2:16-22:LOC:alice:accepted:A2;");
	f.labels = NULL;
	f.annotator = NULL;
	f.status = 1 << STORE_SUGGESTED;
	CHECK_WALK(s, &f, "1:0-5:PER:bob:suggested:A1;");
	f.status = 1 << STORE_ACCEPTED | 1 << STORE_SUGGESTED |
	    1 << STORE_REJECTED;
	f.labels = per;
	CHECK_WALK(s, &f, "1:0-5:PER:alice:accepted:A1;"
	    "1:0-5:PER:bob:suggested:A1;1:10-15:PER:bob:accepted:A1;"
	    "2:0-6:PER:alice:rejected:A2;");
	memset(&f, 0, sizeof(f));
	ids[0] = a2;
	f.articles = ids;
	f.narticles = 1;
	CHECK_WALK(s, &f, "2:16-22:LOC:alice:accepted:A2;");
	f.narticles = 0;
	CHECK_WALK(s, &f, "");
	f.articles = NULL;
	f.tag = "germany";
	CHECK_WALK(s, &f, "2:16-22:LOC:alice:accepted:A2;");
	f.tag = "nowhere";
	CHECK_WALK(s, &f, "");
	f.tag = NULL;
	/* Done by anyone, then by the annotator asked about. */
	f.done = 1;
	CHECK_WALK(s, &f, "1:0-5:PER:alice:accepted:A1;"
	    "1:0-9:MISC:alice:accepted:A1;1:10-15:PER:bob:accepted:A1;"
	    "1:19-25:LOC:alice:accepted:A1;");
	f.annotator = "bob";
	CHECK_WALK(s, &f, "1:10-15:PER:bob:accepted:A1;");
	f.annotator = "alice";
	CHECK_WALK(s, &f, "");
	free(err);
	store_close(s);
}

static void
test_foreach_snapshot_and_stop(void)
{
	struct store	*a, *b;
	struct walk	 w;
	char		*dir, *path, *err = NULL;
	int64_t		 art;
	int		 rc;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/snap.db", dir);
	if ((a = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	if ((b = fixture_store(path, "bob", 0)) == NULL) {
		store_close(a);
		goto out;
	}
	art = fixture_article(a, "t", "Oslo, Rome, Lima and Kyiv.");
	fixture_span(a, art, 6, 10, "LOC", NULL, NULL, STORE_ACCEPTED);
	fixture_span(a, art, 12, 16, "LOC", NULL, NULL, STORE_ACCEPTED);

	/* Bob commits a span while Alice's walk is under way: her walk
	   does not see it, her next one does. */
	memset(&w, 0, sizeof(w));
	w.other = b;
	w.other_article = art;
	rc = store_span_foreach(a, NULL, walk_cb, &w, &err);
	CHECK_INT(rc, 0);
	CHECK_INT(w.n, 2);
	buf_free(&w.out);
	memset(&w, 0, sizeof(w));
	store_span_foreach(a, NULL, walk_cb, &w, &err);
	CHECK_INT(w.n, 3);
	buf_free(&w.out);

	/* A non-zero return stops the walk and is returned. */
	memset(&w, 0, sizeof(w));
	w.stop_after = 2;
	rc = store_span_foreach(a, NULL, walk_cb, &w, &err);
	CHECK_INT(rc, 7);
	CHECK_INT(w.n, 2);
	buf_free(&w.out);
	/* And no transaction is left open: writes still work. */
	fixture_span(a, art, 18, 22, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_close(b);
	store_close(a);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

static int
tag_walk_cb(void *ctx, const struct store_article *a, const char *tag,
    const char *annotator)
{
	buf_printf(ctx, "%" PRId64 ":%s:%s:%s;", a->id, a->title, tag,
	    annotator);
	return 0;
}

static char *
tag_walk(struct store *s, const struct store_span_filter *f)
{
	struct buf	 out = BUF_INIT;
	char		*err = NULL;

	if (store_tag_foreach(s, f, tag_walk_cb, &out, &err) != 0) {
		CHECK_FAIL("tag foreach: %s", err);
		free(err);
	}
	return buf_detach(&out);
}

#define CHECK_TAG_WALK(s, f, want) do {					\
	char *check_w = tag_walk((s), (f));				\
	CHECK_STR(check_w, (want));					\
	free(check_w);							\
} while (0)

static void
test_tag_foreach_filters(void)
{
	struct store		*s;
	struct store_span_filter f;
	int64_t			 a1, a2, ids[1];
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, "A1", "First.");
	a2 = fixture_article(s, "A2", "Second.");
	store_tag_add(s, a2, "sport", "bob", &err);
	store_tag_add(s, a1, "world", "alice", &err);
	store_tag_add(s, a1, "europe", "bob", &err);
	store_tag_add(s, a1, "europe", "alice", &err);
	store_article_set_done(s, a2, "bob", 1, &err);
	CHECK_TAG_WALK(s, NULL, "1:A1:europe:alice;1:A1:europe:bob;"
	    "1:A1:world:alice;2:A2:sport:bob;");
	memset(&f, 0, sizeof(f));
	f.annotator = "bob";
	CHECK_TAG_WALK(s, &f, "1:A1:europe:bob;2:A2:sport:bob;");
	f.done = 1;
	CHECK_TAG_WALK(s, &f, "2:A2:sport:bob;");
	memset(&f, 0, sizeof(f));
	f.tag = "europe";
	CHECK_TAG_WALK(s, &f, "1:A1:europe:alice;1:A1:europe:bob;");
	f.tag = NULL;
	ids[0] = a2;
	f.articles = ids;
	f.narticles = 1;
	CHECK_TAG_WALK(s, &f, "2:A2:sport:bob;");
	free(err);
	store_close(s);
}

/* ------------------------------------------------------------------ */
/* Undo and redo. */

/*
 * Everything about one article a change can touch, as one string: its
 * spans (every column, rejected ones too), tags and done marks.  Undo
 * must bring back exactly the string from before the change.
 */
static char *
article_state(struct store *s, int64_t art)
{
	struct store_span	*v = NULL;
	struct store_tag	*t = NULL;
	struct store_status	*st = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, nt = 0, ns = 0, i;
	char			*err = NULL;

	if (store_span_find(s, art, 0, 0, NULL, &v, &n, &err) == -1 ||
	    store_tag_rows(s, art, &t, &nt, &err) == -1 ||
	    store_status_rows(s, art, &st, &ns, &err) == -1) {
		CHECK_FAIL("reading article %" PRId64 ": %s", art, err);
		free(err);
	}
	for (i = 0; i < n; i++)
		buf_printf(&b, "span %" PRId64 " %zu-%zu/%zu-%zu %s \"%s\" %s "
		    "%s %s \"%s\" %g %" PRId64 " %" PRId64 "\n", v[i].id,
		    v[i].start, v[i].end, v[i].start_byte, v[i].end_byte,
		    v[i].label, v[i].text, v[i].annotator,
		    store_status_name(v[i].status),
		    store_origin_name(v[i].origin), v[i].note, v[i].score,
		    v[i].created_at, v[i].updated_at);
	for (i = 0; i < nt; i++)
		buf_printf(&b, "tag %s %s %" PRId64 "\n", t[i].tag,
		    t[i].annotator, t[i].created_at);
	for (i = 0; i < ns; i++)
		buf_printf(&b, "status %s %d %" PRId64 "\n", st[i].annotator,
		    st[i].done, st[i].updated_at);
	store_spans_free(v, n);
	store_tag_rows_free(t, nt);
	store_status_rows_free(st, ns);
	buf_adds(&b, "");
	return buf_detach(&b);
}

/* Undo (or redo) must succeed and say want (a prefix of its message). */
static void
undo_ok(struct store *s, int redo, const char *want)
{
	struct store_change	 what;
	char			*err = NULL;

	if ((redo ? store_redo : store_undo)(s, NULL, &what, &err) == -1) {
		CHECK_FAIL("%s: %s", redo ? "redo" : "undo", err);
		free(err);
		return;
	}
	CHECK_MSG(what.description != NULL &&
	    strncmp(what.description, want, strlen(want)) == 0,
	    "%s says \"%s\", want \"%s...\"", redo ? "redo" : "undo",
	    what.description ? what.description : "(null)", want);
	store_change_free(&what);
}

static void
test_undo_after_reopen(void)
{
	struct store		*s;
	struct store_span	 sp, got;
	struct store_change	 what;
	char			*dir, *path, *err = NULL, *v;
	int64_t			 art, id, other;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/undo.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	setenv("MARGIN_NOW", "1700000000", 1);
	/* "Blinken" starts at code point 11, byte 15 (ü and é are two
	   bytes each, the apostrophe three). */
	art = fixture_article(s, "t", "Zürich’s é Blinken spoke.");
	memset(&sp, 0, sizeof(sp));
	sp.article_id = art;
	sp.start = 11;
	sp.end = 18;
	sp.label = "PER";
	sp.text = "Blinken";
	sp.note = "Secretary of State";
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("add: %s", err);
	setenv("MARGIN_NOW", "1700000100", 1);
	if (store_span_delete(s, id, &err) == -1)
		CHECK_FAIL("delete: %s", err);
	/* Someone else's span after it takes the next id, not the
	   deleted one. */
	store_set_actor(s, "bob");
	other = fixture_span(s, art, 0, 6, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_set_actor(s, "alice");
	CHECK(other > id);
	store_close(s);
	unsetenv("MARGIN_NOW");

	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	if (store_undo(s, "alice", &what, &err) == -1)
		CHECK_FAIL("undo after reopen: %s", err);
	else {
		CHECK_STR(what.description,
		    "undo: deleted PER \xe2\x80\x9c" "Blinken\xe2\x80\x9d");
		CHECK_INT(what.count, 1);
		CHECK_INT(what.article_id, art);
		CHECK_INT(what.has_span, 1);
		CHECK_INT(what.start, 11);
		CHECK_INT(what.start_byte, 15);
	}
	store_change_free(&what);
	if (store_span_get(s, id, &got, &err) == -1)
		CHECK_FAIL("the deleted span is not back: %s", err);
	else {
		CHECK_STR(got.text, "Blinken");
		CHECK_STR(got.note, "Secretary of State");
		CHECK_STR(got.annotator, "alice");
		CHECK_INT(got.start_byte, 15);
		CHECK_INT(got.created_at, 1700000000);
		CHECK_INT(got.updated_at, 1700000000);
	}
	store_span_free(&got);
	store_close(s);

	/* Recorded as an undo of that group, never undone itself. */
	v = raw_text(path, "SELECT kind || ' ' || op || ' ' || actor || ' ' ||"
	    " coalesce(state, 'none') || ' ' || (reverts = (SELECT txn FROM"
	    " history WHERE op = 'delete' AND kind = 'do'))"
	    " FROM history ORDER BY id DESC LIMIT 1");
	CHECK_STR(v, "undo insert alice none 1");
	free(v);
	v = raw_text(path, "SELECT group_concat(state, ',') FROM (SELECT"
	    " state FROM history WHERE kind = 'do' AND actor = 'alice'"
	    " ORDER BY id)");
	CHECK_STR(v, "live,undone");
	free(v);

	/* And redo, after another restart, deletes it again. */
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	undo_ok(s, 1, "redo: deleted PER");
	CHECK(store_span_get(s, id, &got, &err) == -1);
	store_span_free(&got);
	store_close(s);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

static void
test_undo_every_kind(void)
{
	struct store	*s;
	char		*states[16], *err = NULL, *now;
	int64_t		 art, id = 0;
	size_t		 n = 0, i;
	static const char *const undone[] = {
		"undo: deleted ORG",
		"undo: marked article 1 todo",
		"undo: marked article 1 done",
		"undo: removed tag",
		"undo: added tag",
		"undo: rejected ORG",
		"undo: changed the note of ORG",
		"undo: relabelled \xe2\x80\x9c" "Angela Merkel\xe2\x80\x9d "
		    "PER \xe2\x86\x92 ORG",
		"undo: tagged PER",
	};

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Angela Merkel visited 東京 🙂 today.");
	/* Each change its own second, so that times tell them apart. */
#define STEP(call) do {							\
	now = xasprintf("%zu", 1700000000 + n);				\
	setenv("MARGIN_NOW", now, 1);					\
	free(now);							\
	states[n++] = article_state(s, art);				\
	if ((call) == -1) {						\
		CHECK_FAIL("%s: %s", #call, err);			\
	}								\
} while (0)
	STEP((id = fixture_span(s, art, 0, 13, "PER", NULL, NULL,
	    STORE_ACCEPTED)) ? 0 : -1);
	STEP(store_span_relabel(s, id, "ORG", &err));
	STEP(store_span_set_note(s, id, "chancellor", &err));
	STEP(store_span_set_status(s, id, STORE_REJECTED, &err));
	STEP(store_tag_add(s, art, "politics", NULL, &err));
	STEP(store_tag_remove(s, art, "politics", NULL, &err));
	STEP(store_article_set_done(s, art, NULL, 1, &err));
	STEP(store_article_set_done(s, art, NULL, 0, &err));
	STEP(store_span_delete(s, id, &err));
#undef STEP
	states[n] = article_state(s, art);
	unsetenv("MARGIN_NOW");

	/* Each undo brings back exactly the state before that change. */
	for (i = n; i > 0; i--) {
		char	*got;

		undo_ok(s, 0, undone[n - i]);
		got = article_state(s, art);
		CHECK_MSG(strcmp(got, states[i - 1]) == 0,
		    "after undo %zu:\n%s\nwant:\n%s", n - i + 1, got,
		    states[i - 1]);
		free(got);
	}
	undo_ok(s, 0, "nothing to undo");
	/* Redo goes forward through the same states. */
	for (i = 1; i <= n; i++) {
		char	*got;

		undo_ok(s, 1, "redo: ");
		got = article_state(s, art);
		CHECK_MSG(strcmp(got, states[i]) == 0,
		    "after redo %zu:\n%s\nwant:\n%s", i, got, states[i]);
		free(got);
	}
	undo_ok(s, 1, "nothing to redo");
	for (i = 0; i <= n; i++)
		free(states[i]);
	free(err);
	store_close(s);
}

static void
test_undo_stacks_and_redo_chain(void)
{
	struct store		*s;
	struct store_change	 what;
	struct store_span	*v = NULL;
	size_t			 n = 0;
	char			*err = NULL;
	int64_t			 art, a, b;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Rome and Milan and Turin.");
	a = fixture_span(s, art, 0, 4, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_set_actor(s, "bob");
	b = fixture_span(s, art, 9, 14, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_set_actor(s, "alice");
	/* Each annotator undoes their own changes only. */
	undo_ok(s, 0, "undo: tagged LOC \xe2\x80\x9cRome");
	undo_ok(s, 0, "nothing to undo");
	store_span_list(s, art, NULL, &v, &n, &err);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(v[0].id, b);
	store_spans_free(v, n);
	/* Undo records are not undone by the next undo: after undo,
	   redo, undo, the span is gone again and nothing is left. */
	undo_ok(s, 1, "redo: tagged LOC");
	undo_ok(s, 0, "undo: tagged LOC");
	undo_ok(s, 0, "nothing to undo");
	/* A new change ends the redo chain. */
	fixture_span(s, art, 19, 24, "LOC", NULL, NULL, STORE_ACCEPTED);
	undo_ok(s, 1, "nothing to redo");
	/* Bob's stack is his: his span comes off, alice's stays. */
	if (store_undo(s, "bob", &what, &err) == -1)
		CHECK_FAIL("bob's undo: %s", err);
	else
		CHECK_STR(what.description, "undo: tagged LOC "
		    "\xe2\x80\x9cMilan\xe2\x80\x9d");
	store_change_free(&what);
	store_span_list(s, art, NULL, &v, &n, &err);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(v[0].text, "Turin");
	store_spans_free(v, n);
	(void)a;
	free(err);
	store_close(s);
}

static void
test_undo_refuses_others_changes(void)
{
	struct store		*s;
	struct store_change	 what;
	struct store_span	 got;
	char			*err = NULL, *before;
	int64_t			 art, id;
	size_t			 nh;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Angela Merkel visited Paris.");
	id = fixture_span(s, art, 0, 13, "PER", NULL, NULL, STORE_ACCEPTED);
	store_set_actor(s, "bob");
	if (store_span_relabel(s, id, "ORG", &err) == -1)
		CHECK_FAIL("bob relabels: %s", err);
	store_set_actor(s, "alice");
	before = article_state(s, art);
	nh = history_n(s);
	CHECK(store_undo(s, NULL, &what, &err) == -1);
	CHECK_ERR(err, "cannot undo: bob has changed ORG");
	CHECK(what.description == NULL);
	store_change_free(&what);
	/* Nothing changed, nothing recorded. */
	CHECK_INT(history_n(s), nh);
	{
		char	*after = article_state(s, art);

		CHECK_STR(after, before);
		free(after);
	}
	/* Once bob took his change back, alice's undo goes through. */
	if (store_undo(s, "bob", &what, &err) == -1)
		CHECK_FAIL("bob's undo: %s", err);
	store_change_free(&what);
	undo_ok(s, 0, "undo: tagged PER");
	CHECK(store_span_get(s, id, &got, &err) == -1);
	store_span_free(&got);

	/* A tag removed, given again since: its undo would make it twice. */
	store_tag_add(s, art, "news", NULL, &err);
	store_tag_remove(s, art, "news", NULL, &err);
	store_set_actor(s, "admin");
	store_tag_add(s, art, "news", "alice", &err);
	store_set_actor(s, "alice");
	CHECK(store_undo(s, NULL, &what, &err) == -1);
	CHECK_ERR(err, "cannot undo");
	CHECK_ERR(err, "news");
	store_change_free(&what);

	/* A span deleted, its label removed since: it cannot come back. */
	id = fixture_span(s, art, 22, 27, "MISC", NULL, NULL, STORE_ACCEPTED);
	store_span_delete(s, id, &err);
	if (store_label_remove(s, "MISC", &err) == -1)
		CHECK_FAIL("remove MISC: %s", err);
	CHECK(store_undo(s, NULL, &what, &err) == -1);
	CHECK_ERR(err, "cannot undo: there is no label MISC any more");
	store_change_free(&what);
	free(before);
	free(err);
	store_close(s);
}

/* A transaction of several changes is one group: one undo. */
struct two_spans {
	int64_t	 art;
	int	 fail;
	int	 calls;
};

static int
two_spans_txn(struct store *s, void *ctx, char **errp)
{
	struct two_spans	*t = ctx;
	struct store_span	 sp;

	t->calls++;
	memset(&sp, 0, sizeof(sp));
	sp.article_id = t->art;
	sp.label = "LOC";
	sp.start = 0;
	sp.end = 4;
	if (store_span_add(s, &sp, NULL, errp) == -1)
		return -1;
	sp.start = 9;
	sp.end = 14;
	if (store_span_add(s, &sp, NULL, errp) == -1)
		return -1;
	if (t->fail)
		return err_set(errp, "changed my mind");
	return 0;
}

static void
test_txn_run_groups_and_undoes(void)
{
	struct store		*s;
	struct store_change	 what;
	struct two_spans	 t;
	struct store_span	*v = NULL;
	size_t			 n = 0, nh;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	memset(&t, 0, sizeof(t));
	t.art = fixture_article(s, "t", "Rome and Milan.");
	nh = history_n(s);
	t.fail = 1;
	CHECK(store_txn_run(s, two_spans_txn, &t, &err) == -1);
	CHECK_ERR(err, "changed my mind");
	CHECK_INT(history_n(s), nh);
	store_span_list(s, t.art, NULL, &v, &n, &err);
	CHECK_INT(n, 0);
	store_spans_free(v, n);
	t.fail = 0;
	if (store_txn_run(s, two_spans_txn, &t, &err) == -1)
		CHECK_FAIL("txn: %s", err);
	CHECK_INT(t.calls, 2);
	if (store_undo(s, NULL, &what, &err) == -1)
		CHECK_FAIL("undo: %s", err);
	else {
		CHECK_STR(what.description, "undo: tagged LOC "
		    "\xe2\x80\x9cRome\xe2\x80\x9d and 1 more change");
		CHECK_INT(what.count, 2);
		CHECK_INT(what.start, 0);
	}
	store_change_free(&what);
	store_span_list(s, t.art, NULL, &v, &n, &err);
	CHECK_INT(n, 0);
	store_spans_free(v, n);
	free(err);
	store_close(s);
}

/* A database as margin's first schema left it: version 4's tables and
   version 2's history columns and indexes taken away again. */
static void
make_v1(const char *path)
{
	fixture_make_v1(path);
}

static void
test_v1_read_only_then_migrated(void)
{
	struct store		*s;
	struct store_span	 got;
	struct store_article	 a;
	char			*dir, *path, *err = NULL, *v;
	char			 before[65], after[65];
	int64_t			 art, id;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/v1.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	art = fixture_article(s, "t", "Oslo in winter.");
	id = fixture_span(s, art, 0, 4, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_span_set_note(s, id, "capital", &err);
	store_span_delete(s, id, &err);
	store_close(s);
	make_v1(path);
	v = raw_text(path, "SELECT count(*) FROM pragma_table_info('history')");
	CHECK_STR(v, "9");
	free(v);

	/* Read-only: readable as it is, and left as it is. */
	fixture_file_hash(path, before);
	if ((s = fixture_store(path, "bob", STORE_READONLY)) != NULL) {
		if (store_article_get(s, art, "alice", &a, &err) == -1)
			CHECK_FAIL("reading a version 1 database: %s", err);
		else
			CHECK_STR(a.text, "Oslo in winter.");
		store_article_free(&a);
		store_close(s);
	}
	fixture_file_hash(path, after);
	CHECK_STR(after, before);

	/* Opened for writing, it is migrated, and its old history can be
	   undone. */
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	undo_ok(s, 0, "undo: deleted LOC");
	if (store_span_get(s, id, &got, &err) == -1)
		CHECK_FAIL("span not back: %s", err);
	else
		CHECK_STR(got.note, "capital");
	store_span_free(&got);
	store_close(s);
	v = raw_text(path, "PRAGMA user_version");
	CHECK(strtol(v, NULL, 10) == STORE_SCHEMA_VERSION);
	free(v);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

/* ------------------------------------------------------------------ */
/* Reading for merge, propagation and statistics. */

static int
count_articles_cb(void *ctx, const struct store_article *a)
{
	struct buf	*b = ctx;

	buf_printf(b, "%" PRId64 ":%zu:%s|", a->id, a->text_len, a->text);
	return a->id == 3 ? 7 : 0;
}

static void
test_article_walk_and_phrase(void)
{
	struct store	*s;
	struct buf	 b = BUF_INIT;
	int64_t		*ids = NULL;
	size_t		 n = 0;
	char		*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	fixture_article(s, "a", "New York is big.");
	fixture_article(s, "b", "York, new and old.");
	fixture_article(s, "c", "In new  york\ncity, \"NEW YORK\" shouts.");
	fixture_article(s, "d", "Nothing here.");
	/* The walk sees every text and stops when cb says so. */
	CHECK_INT(store_article_foreach(s, count_articles_cb, &b, &err), 7);
	CHECK_STR(b.data, "1:16:New York is big.|2:18:York, new and old.|"
	    "3:37:In new  york\ncity, \"NEW YORK\" shouts.|");
	buf_free(&b);
	/* The phrase as words, folded; not "York, new". */
	if (store_article_find_phrase(s, "New York", &ids, &n, &err) == -1)
		CHECK_FAIL("phrase: %s", err);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(ids[0], 1);
		CHECK_INT(ids[1], 3);
	}
	free(ids);
	/* Quotes and FTS syntax are words, never syntax. */
	if (store_article_find_phrase(s, "\"York\" AND", &ids, &n, &err) == -1)
		CHECK_FAIL("phrase with syntax: %s", err);
	CHECK_INT(n, 0);
	free(ids);
	if (store_article_find_phrase(s, "\"", &ids, &n, &err) == -1)
		CHECK_FAIL("phrase of a quote: %s", err);
	CHECK_INT(n, 0);
	free(ids);
	free(err);
	store_close(s);
}

static void
test_stats_and_annotators(void)
{
	struct store		*s;
	struct store_stats	 st;
	char			**names = NULL, *err = NULL;
	int64_t			 a1, a2;
	size_t			 n = 0;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, "t", "Rome and Milan and Turin.");
	a2 = fixture_article(s, "u", "Ada met Bob.");
	fixture_article(s, "v", "Nothing.");
	fixture_span(s, a1, 0, 4, "LOC", NULL, NULL, STORE_ACCEPTED);
	fixture_span(s, a1, 9, 14, "LOC", NULL, NULL, STORE_SUGGESTED);
	fixture_span(s, a2, 0, 3, "PER", NULL, NULL, STORE_ACCEPTED);
	fixture_span(s, a1, 19, 24, "LOC", NULL, "Zoë", STORE_REJECTED);
	fixture_span(s, a2, 8, 11, "PER", NULL, "bob", STORE_ACCEPTED);
	/* Done on two days (UTC): alice once on each, bob on the second. */
	setenv("TZ", "UTC", 1);
	tzset();
	setenv("MARGIN_NOW", "1764676800", 1);		/* 2025-12-02 12:00 */
	store_article_set_done(s, a1, NULL, 1, &err);
	setenv("MARGIN_NOW", "1764763200", 1);		/* 2025-12-03 12:00 */
	store_article_set_done(s, a2, NULL, 1, &err);
	store_article_set_done(s, a2, "bob", 1, &err);
	store_article_set_done(s, a2, "carol", 1, &err);
	store_article_set_done(s, a2, "carol", 0, &err);
	unsetenv("MARGIN_NOW");
	store_tag_add(s, a1, "italy", "dave", &err);

	if (store_annotators(s, &names, &n, &err) == -1)
		CHECK_FAIL("annotators: %s", err);
	CHECK_INT(n, 5);	/* by bytes: Z before lower case */
	if (n == 5) {
		CHECK_STR(names[0], "Zoë");
		CHECK_STR(names[1], "alice");
		CHECK_STR(names[2], "bob");
		CHECK_STR(names[3], "carol");
		CHECK_STR(names[4], "dave");
	}
	store_strings_free(names, n);

	if (store_stats(s, &st, &err) == -1) {
		CHECK_FAIL("stats: %s", err);
		free(err);
		store_close(s);
		return;
	}
	CHECK_INT(st.articles, 3);
	CHECK_INT(st.nlabels, 4);
	if (st.nlabels == 4) {
		CHECK_STR(st.labels[0].label, "PER");
		CHECK_INT(st.labels[0].spans[STORE_ACCEPTED], 2);
		CHECK_STR(st.labels[2].label, "LOC");
		CHECK_INT(st.labels[2].spans[STORE_ACCEPTED], 1);
		CHECK_INT(st.labels[2].spans[STORE_SUGGESTED], 1);
		CHECK_INT(st.labels[2].spans[STORE_REJECTED], 1);
		CHECK_INT(st.labels[3].spans[STORE_ACCEPTED], 0);
	}
	CHECK_INT(st.nannotators, 5);
	if (st.nannotators == 5) {
		CHECK_STR(st.annotators[1].annotator, "alice");
		CHECK_INT(st.annotators[1].spans[STORE_ACCEPTED], 2);
		CHECK_INT(st.annotators[1].spans[STORE_SUGGESTED], 1);
		CHECK_INT(st.annotators[1].articles, 2);
		CHECK_INT(st.annotators[1].done, 2);
		CHECK_INT(st.annotators[0].spans[STORE_REJECTED], 1);
		CHECK_INT(st.annotators[0].articles, 0);
		CHECK_INT(st.annotators[2].done, 1);
		CHECK_INT(st.annotators[3].done, 0);	/* todo again */
		CHECK_INT(st.annotators[4].tags, 1);
	}
	/* By day, then annotator; carol's is todo again: not counted. */
	CHECK_INT(st.ndays, 3);
	if (st.ndays == 3) {
		CHECK_STR(st.days[0].day, "2025-12-02");
		CHECK_STR(st.days[0].annotator, "alice");
		CHECK_INT(st.days[0].done, 1);
		CHECK_STR(st.days[1].day, "2025-12-03");
		CHECK_STR(st.days[1].annotator, "alice");
		CHECK_STR(st.days[2].annotator, "bob");
		CHECK_INT(st.days[2].done, 1);
	}
	store_stats_free(&st);
	free(err);
	store_close(s);
}

/* ------------------------------------------------------------------ */
/* Read-only mode and several connections. */

/* A mutating call on a read-only store must fail saying so. */
#define CHECK_READONLY(call) do {					\
	char *check_e = NULL;						\
	char **errp = &check_e;						\
	CHECK_MSG((call) == -1, "%s succeeded on a read-only store",	\
	    #call);							\
	CHECK_MSG(check_e && strstr(check_e, "read-only"),		\
	    "%s says \"%s\"", #call, check_e ? check_e : "(null)");	\
	free(check_e);							\
} while (0)

static void
test_readonly_refuses_writes(void)
{
	struct store		*s;
	struct store_span	 sp;
	struct store_article	 a;
	char			*dir, *path, *missing, *err = NULL;
	char			*ro_wal, *ro_shm;
	char			 before[65], after[65];
	int64_t			 art, spid, id;
	int			 dup;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/ro.db", dir);
	missing = xasprintf("%s/nothing/here.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	art = fixture_article(s, "t", "Madrid in spring.");
	spid = fixture_span(s, art, 0, 6, "LOC", NULL, NULL, STORE_ACCEPTED);
	store_close(s);
	fixture_file_hash(path, before);

	if ((s = fixture_store(path, "alice", STORE_READONLY)) == NULL)
		goto out;
	CHECK_INT(store_readonly(s), 1);
	memset(&sp, 0, sizeof(sp));
	sp.article_id = art;
	sp.start = 10;
	sp.end = 16;
	sp.label = "MISC";
	CHECK_READONLY(store_article_add(s, "x", "", "new", 3, NULL, &id,
	    &dup, errp));
	CHECK_READONLY(store_span_add(s, &sp, &id, errp));
	CHECK_READONLY(store_span_relabel(s, spid, "ORG", errp));
	CHECK_READONLY(store_span_set_note(s, spid, "n", errp));
	CHECK_READONLY(store_span_set_status(s, spid, STORE_REJECTED, errp));
	CHECK_READONLY(store_span_delete(s, spid, errp));
	CHECK_READONLY(store_tag_add(s, art, "x", NULL, errp));
	CHECK_READONLY(store_tag_remove(s, art, "x", NULL, errp));
	CHECK_READONLY(store_article_set_done(s, art, NULL, 1, errp));
	CHECK_READONLY(store_label_add(s, "NEW", "", "", "", errp));
	CHECK_READONLY(store_label_remove(s, "MISC", errp));
	CHECK_READONLY(store_txn_begin(s, errp));
	/* Reading works. */
	if (store_article_get(s, art, "alice", &a, &err) == -1)
		CHECK_FAIL("read-only get: %s", err);
	else
		CHECK_INT(a.nspans, 1);
	store_article_free(&a);
	CHECK_INT(store_changed(s), 0);
	store_close(s);
	fixture_file_hash(path, after);
	CHECK_STR(after, before);

	/* Read-only never creates. */
	open_refused(missing, STORE_READONLY, "no such database");
	CHECK(!exists(missing));
	open_refused(":memory:", STORE_READONLY, "read-only");

	/* A file this user cannot write opens read-only by itself (root
	   can write anything, so only an ordinary user can see this). */
	if (geteuid() != 0) {
		chmod(path, 0444);
		if ((s = fixture_store(path, "alice", 0)) != NULL) {
			CHECK_INT(store_readonly(s), 1);
			CHECK_READONLY(store_tag_add(s, art, "x", NULL, errp));
			store_close(s);
		}
		chmod(path, 0644);
		/* A folder we cannot write: no -wal/-shm can be made
		   there (those a read-only connection left are gone), yet
		   the database is readable. */
		ro_wal = xasprintf("%s-wal", path);
		ro_shm = xasprintf("%s-shm", path);
		unlink(ro_wal);
		unlink(ro_shm);
		free(ro_wal);
		free(ro_shm);
		chmod(dir, 0555);
		if ((s = fixture_store(path, "alice", 0)) != NULL) {
			CHECK_INT(store_readonly(s), 1);
			if (store_article_get(s, art, "alice", &a, &err) == -1)
				CHECK_FAIL("get in a read-only folder: %s",
				    err);
			store_article_free(&a);
			store_close(s);
		}
		chmod(dir, 0700);
	}
out:
	free(err);
	free(missing);
	free(path);
	fixture_tmpdir_remove(dir);
}

/* During a walk on connection a, connection b commits: a must not
   report it while its snapshot is open. */
struct poll {
	struct store	*a;
	struct store	*b;
	int		 changed;
};

static int
poll_cb(void *ctx, const struct store_article *a, const struct store_span *sp)
{
	struct poll	*p = ctx;
	char		*err = NULL;

	if (store_tag_add(p->b, a->id, "during-walk", NULL, &err) == -1) {
		CHECK_FAIL("tag during walk: %s", err);
		free(err);
	}
	p->changed += store_changed(p->a);
	return 0;
}

static void
test_data_version_seen_by_other(void)
{
	struct store	*a, *b;
	struct poll	 p;
	char		*dir, *path, *err = NULL;
	int64_t		 art;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/two.db", dir);
	if ((a = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	if ((b = fixture_store(path, "bob", 0)) == NULL) {
		store_close(a);
		goto out;
	}
	CHECK_INT(store_changed(b), 0);
	art = fixture_article(a, "t", "Lisbon.");
	CHECK_INT(store_changed(b), 1);
	CHECK_INT(store_changed(b), 0);
	/* One's own commits are no news. */
	CHECK_INT(store_changed(a), 0);
	store_tag_add(b, art, "portugal", NULL, &err);
	CHECK_INT(store_changed(b), 0);
	CHECK_INT(store_changed(a), 1);
	/* Inside a read transaction (a walk) data_version is frozen, so
	   the change shows once the walk is over. */
	fixture_span(a, art, 0, 6, "LOC", NULL, NULL, STORE_ACCEPTED);
	CHECK_INT(store_changed(b), 1);
	p.a = a;
	p.b = b;
	p.changed = 0;
	if (store_span_foreach(a, NULL, poll_cb, &p, &err) != 0)
		CHECK_FAIL("foreach: %s", err);
	CHECK_INT(p.changed, 0);
	CHECK_INT(store_changed(a), 1);
	CHECK_INT(store_changed(a), 0);
	store_close(b);
	store_close(a);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

#define WRITERS		4
#define WRITES		60

/* One writer process: WRITES changes, some in batches held open a while
   so that the others must wait.  Exits with the number of failures. */
static void
writer(const char *path, int n)
{
	struct store	*s = NULL;
	struct store_span sp;
	char		*err = NULL, *name = xasprintf("w%d", n);
	int		 i, failures = 0;
	int64_t		 id;

	if (store_open(&s, path, name, 0, &err) == -1) {
		fprintf(stderr, "writer %d: open: %s\n", n, err);
		_exit(100);
	}
	memset(&sp, 0, sizeof(sp));
	sp.article_id = 1;
	sp.label = "PER";
	for (i = 0; i < WRITES; i++) {
		sp.start = (size_t)i % 5;
		sp.end = sp.start + 1;
		if (i % 10 == 0) {
			if (store_txn_begin(s, &err) == -1) {
				fprintf(stderr, "writer %d: begin: %s\n", n,
				    err);
				failures++;
				continue;
			}
			if (store_span_add(s, &sp, &id, &err) == -1) {
				fprintf(stderr, "writer %d: %s\n", n, err);
				failures++;
			}
			usleep(2000);
			if (store_txn_commit(s, &err) == -1) {
				fprintf(stderr, "writer %d: commit: %s\n", n,
				    err);
				failures++;
			}
		} else if (store_span_add(s, &sp, &id, &err) == -1) {
			fprintf(stderr, "writer %d: %s\n", n, err);
			failures++;
		}
		/* Readers at the same time. */
		(void)store_changed(s);
	}
	store_close(s);
	_exit(failures > 99 ? 99 : failures);
}

static void
test_concurrent_writers(void)
{
	struct store		*s;
	struct store_span	*v = NULL;
	pid_t			 pids[WRITERS];
	char			*dir, *path, *err = NULL;
	size_t			 n = 0, nh = 0;
	int			 i, status;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/busy.db", dir);
	if ((s = fixture_store(path, "setup", 0)) == NULL)
		goto out;
	fixture_article(s, "t", "Ivan and Olga.");
	store_close(s);

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < WRITERS; i++) {
		if ((pids[i] = fork()) == -1) {
			CHECK_FAIL("fork: %s", strerror(errno));
			pids[i] = 0;
		} else if (pids[i] == 0)
			writer(path, i);
	}
	for (i = 0; i < WRITERS; i++) {
		if (pids[i] == 0)
			continue;
		if (waitpid(pids[i], &status, 0) == -1)
			CHECK_FAIL("waitpid: %s", strerror(errno));
		else
			CHECK_MSG(WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0,
			    "writer %d: %d failures (status %#x)", i,
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			    status);
	}
	if ((s = fixture_store(path, "check", 0)) == NULL)
		goto out;
	if (store_span_list(s, 1, NULL, &v, &n, &err) == -1)
		CHECK_FAIL("list: %s", err);
	CHECK_INT(n, WRITERS * WRITES);	/* no write lost */
	store_spans_free(v, n);
	store_history_count(s, &nh, &err);
	CHECK_INT(nh, WRITERS * WRITES);
	store_close(s);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

/*
 * Another process holds the write lock for much longer than one busy
 * timeout: a change waits, and retries its whole transaction, instead of
 * failing.
 */
static void
test_busy_database_waited_out(void)
{
	struct store	*s;
	struct store_span sp;
	char		*dir, *path, *err = NULL;
	int		 fds[2], status;
	char		 c;
	pid_t		 pid;
	int64_t		 art, id;
	struct timespec	 t0, t1;
	long		 ms;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/held.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	art = fixture_article(s, "t", "Quito.");
	store_set_busy_timeout(s, 50);
	if (pipe(fds) == -1) {
		CHECK_FAIL("pipe: %s", strerror(errno));
		store_close(s);
		goto out;
	}
	fflush(stdout);
	if ((pid = fork()) == 0) {
		sqlite3	*db;

		close(fds[0]);
		if (sqlite3_open(path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
		    NULL) != SQLITE_OK)
			_exit(1);
		(void)write(fds[1], "x", 1);
		usleep(600 * 1000);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(0);
	}
	close(fds[1]);
	CHECK_INT(read(fds[0], &c, 1), 1);	/* the lock is held */
	close(fds[0]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&sp, 0, sizeof(sp));
	sp.article_id = art;
	sp.start = 0;
	sp.end = 5;
	sp.label = "LOC";
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("a write behind a held lock failed: %s", err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) /
	    1000000;
	/* It did wait for the other process, past several timeouts. */
	CHECK_MSG(ms >= 400, "the write went through after %ld ms, while "
	    "another process held the lock for 600", ms);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	store_close(s);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

/*
 * A long run of batches in another process (an import, a merge) lets a
 * change in between them, instead of making it wait for the last batch
 * (and fail once that took longer than the store waits).  Not timed:
 * the other process must still be at its batches when the change is in.
 */
#define GAP_BATCHES	40
static void
test_batches_let_others_write(void)
{
	struct store	*s;
	char		*dir, *path, *err = NULL;
	int		 fds[2], status;
	char		 c;
	pid_t		 pid, done;

	if ((dir = fixture_tmpdir("store")) == NULL)
		return;
	path = xasprintf("%s/batches.db", dir);
	if ((s = fixture_store(path, "alice", 0)) == NULL)
		goto out;
	if (pipe(fds) == -1) {
		CHECK_FAIL("pipe: %s", strerror(errno));
		store_close(s);
		goto out;
	}
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct store	*w;
		char		 text[64];
		int		 i;

		close(fds[0]);
		if ((w = fixture_store(path, "importer", 0)) == NULL)
			_exit(1);
		for (i = 0; i < GAP_BATCHES; i++) {
			snprintf(text, sizeof(text), "Batch %d of the import.",
			    i);
			if (store_txn_begin(w, NULL) == -1)
				_exit(1);
			fixture_article(w, "batch", text);
			usleep(100 * 1000);	/* a batch's work */
			if (store_txn_commit(w, NULL) == -1)
				_exit(1);
			if (i == 0)
				(void)write(fds[1], "x", 1);
		}
		_exit(0);
	}
	close(fds[1]);
	CHECK_INT(read(fds[0], &c, 1), 1);	/* the batches are running */
	close(fds[0]);
	if (store_label_add(s, "EVENT", "5", "cyan", "", &err) == -1)
		CHECK_FAIL("a change between batches failed: %s", err);
	done = waitpid(pid, &status, WNOHANG);
	CHECK_MSG(done == 0, "the change waited for all %d batches of the "
	    "other process", GAP_BATCHES);
	if (done == 0)
		waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	store_close(s);
out:
	free(err);
	free(path);
	fixture_tmpdir_remove(dir);
}

static void
test_margin_now_pins_time(void)
{
	struct store		*s;
	struct store_span	 got;
	struct store_history	*h;
	int64_t			 art, id;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	setenv("MARGIN_NOW", "1234567890", 1);
	art = fixture_article(s, "t", "Accra.");
	id = fixture_span(s, art, 0, 5, "LOC", NULL, NULL, STORE_ACCEPTED);
	if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_INT(got.created_at, 1234567890);
		CHECK_INT(got.updated_at, 1234567890);
	}
	store_span_free(&got);
	setenv("MARGIN_NOW", "1234567999", 1);
	store_span_set_note(s, id, "capital of Ghana", &err);
	if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_INT(got.created_at, 1234567890);
		CHECK_INT(got.updated_at, 1234567999);
	}
	store_span_free(&got);
	if ((h = history_last(s)) != NULL) {
		CHECK_INT(h->at, 1234567999);
		store_history_free(h, 1);
	}
	unsetenv("MARGIN_NOW");
	free(err);
	store_close(s);
}

static void
test_status_and_origin_names(void)
{
	enum store_span_status	 st = STORE_ACCEPTED;

	CHECK_STR(store_status_name(STORE_ACCEPTED), "accepted");
	CHECK_STR(store_status_name(STORE_SUGGESTED), "suggested");
	CHECK_STR(store_status_name(STORE_REJECTED), "rejected");
	CHECK_STR(store_origin_name(STORE_MANUAL), "manual");
	CHECK_STR(store_origin_name(STORE_PROPAGATED), "propagated");
	CHECK_STR(store_origin_name(STORE_GAZETTEER), "gazetteer");
	CHECK_STR(store_origin_name(STORE_MODEL), "model");
	CHECK_STR(store_origin_name(STORE_IMPORTED), "imported");
	CHECK_INT(store_status_parse("suggested", &st), 0);
	CHECK_INT(st, STORE_SUGGESTED);
	CHECK_INT(store_status_parse("all", &st), -1);
}


/* Where store_article_next_suggested lands from id in direction dir: the
   article's index in id[] times 10 plus its list position, 0 for none. */
static int
next_suggested(struct store *s, const struct store_article_filter *f,
    const int64_t *id, int64_t from, int dir)
{
	int64_t	 next;
	size_t	 pos;
	int	 found, i;
	char	*err = NULL;

	if (store_article_next_suggested(s, f, from, dir, &next, &pos, &found,
	    &err) == -1) {
		CHECK_FAIL("next suggested: %s", err);
		free(err);
		return -1;
	}
	if (!found)
		return 0;
	for (i = 1; i <= 6; i++)
		if (id[i] == next)
			return i * 10 + (int)pos;
	return -1;
}

static void
test_article_next_suggested(void)
{
	struct store			*s;
	struct store_article_filter	 f = { "alice", NULL, 0, 0 };
	int64_t				 id[7];
	char				*err = NULL;
	int				 i;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	id[0] = 0;
	for (i = 1; i <= 6; i++) {
		char	*t = xasprintf("Article %d is about Paris.", i);

		id[i] = fixture_article(s, t, t);
		free(t);
	}
	/* alice: suggestions in 2 and 5 (and 6, rejected); accepted spans
	   only in 3; bob's suggestion in 4. */
	fixture_span(s, id[2], 19, 24, "LOC", NULL, "alice", STORE_SUGGESTED);
	fixture_span(s, id[3], 19, 24, "LOC", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, id[4], 19, 24, "LOC", NULL, "bob", STORE_SUGGESTED);
	fixture_span(s, id[5], 0, 7, "MISC", NULL, "alice", STORE_ACCEPTED);
	fixture_span(s, id[5], 19, 24, "LOC", NULL, "alice", STORE_SUGGESTED);
	fixture_span(s, id[6], 19, 24, "LOC", NULL, "alice", STORE_REJECTED);

	CHECK_INT(next_suggested(s, &f, id, 0, 1), 21);
	CHECK_INT(next_suggested(s, &f, id, id[2], 1), 54);
	CHECK_INT(next_suggested(s, &f, id, id[3], 1), 54);
	CHECK_INT(next_suggested(s, &f, id, id[5], 1), 0);
	CHECK_INT(next_suggested(s, &f, id, id[6] + 1, -1), 54);
	CHECK_INT(next_suggested(s, &f, id, id[5], -1), 21);
	CHECK_INT(next_suggested(s, &f, id, id[2], -1), 0);
	f.annotator = "bob";
	CHECK_INT(next_suggested(s, &f, id, 0, 1), 43);
	CHECK_INT(next_suggested(s, &f, id, id[4], 1), 0);

	/* Within the list's filter, at the position the list has. */
	f.annotator = "alice";
	if (store_article_set_done(s, id[2], "alice", 1, &err) == -1 ||
	    store_tag_add(s, id[5], "news", "bob", &err) == -1)
		CHECK_FAIL("fixture: %s", err);
	f.status = -1;
	CHECK_INT(next_suggested(s, &f, id, 0, 1), 53);
	f.status = 1;
	CHECK_INT(next_suggested(s, &f, id, 0, 1), 20);
	CHECK_INT(next_suggested(s, &f, id, id[2], 1), 0);
	f.status = 0;
	f.tag = "news";
	CHECK_INT(next_suggested(s, &f, id, 0, 1), 50);
	CHECK_INT(next_suggested(s, &f, id, id[6], -1), 50);

	/* Someone's suggestions: there is no "everyone's" walk. */
	{
		int64_t	 next;
		size_t	 pos;
		int	 found;

		f.tag = NULL;
		f.annotator = NULL;
		CHECK_INT(store_article_next_suggested(s, &f, 0, 1, &next,
		    &pos, &found, &err), -1);
	}
	free(err);
	store_close(s);
}

static void
test_span_accept_with_label(void)
{
	struct store		*s;
	struct store_history	*h;
	struct store_span	 got;
	int64_t			 art, id;
	size_t			 n0;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(s, "t", "Angela Merkel visited Paris.");
	id = fixture_span(s, art, 22, 27, "ORG", NULL, NULL, STORE_SUGGESTED);
	n0 = history_n(s);
	/* Relabelled and accepted in one change: one entry, one undo. */
	if (store_span_accept(s, id, "LOC", &err) == -1)
		CHECK_FAIL("accept: %s", err);
	CHECK_INT(history_n(s), n0 + 1);
	if ((h = history_last(s)) != NULL) {
		CHECK_JSON(h->before, "$.label", "ORG");
		CHECK_JSON(h->before, "$.status", "suggested");
		CHECK_JSON(h->after, "$.label", "LOC");
		CHECK_JSON(h->after, "$.status", "accepted");
		store_history_free(h, 1);
	}
	/* Again: nothing changes, nothing is recorded. */
	if (store_span_accept(s, id, "LOC", &err) == -1)
		CHECK_FAIL("accept again: %s", err);
	CHECK_INT(history_n(s), n0 + 1);
	undo_ok(s, 0, "undo");
	if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_STR(got.label, "ORG");
		CHECK_INT(got.status, STORE_SUGGESTED);
		store_span_free(&got);
	} else
		CHECK_FAIL("get: %s", err);
	/* Without a label it keeps its own. */
	if (store_span_accept(s, id, NULL, &err) == -1)
		CHECK_FAIL("accept: %s", err);
	if (store_span_get(s, id, &got, &err) == 0) {
		CHECK_STR(got.label, "ORG");
		CHECK_INT(got.status, STORE_ACCEPTED);
		store_span_free(&got);
	}
	CHECK(store_span_accept(s, id, "NOPE", &err) == -1);
	free(err);
	err = NULL;
	CHECK(store_span_accept(s, id, "bad name", &err) == -1);
	free(err);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "store creates schema version 1 with the conll labels",
	    test_schema_created },
	{ "store file: folder made, schema, WAL, FTS in step, reopen keeps "
	    "data and labels", test_file_schema_and_reopen },
	{ "store opens an empty file as a new database",
	    test_empty_file_becomes_database },
	{ "store refuses a newer schema and leaves the file byte-identical",
	    test_newer_schema_refused_unchanged },
	{ "store refuses text, garbage and foreign databases unchanged",
	    test_foreign_files_refused_unchanged },
	{ "store refuses a corrupt database unchanged",
	    test_corrupt_database_refused_unchanged },
	{ "store deduplicates articles by SHA-256 of their text",
	    test_article_dedup_by_hash },
	{ "store article get, metadata, time, bad input",
	    test_article_get_and_meta },
	{ "store article rows, count and filters (tag, done, todo)",
	    test_article_rows_and_filters },
	{ "store first todo and position in filtered lists",
	    test_article_first_todo_and_position },
	{ "store next/previous article with my suggestions, in the filter",
	    test_article_next_suggested },
	{ "store span accept with a label: relabelled, one change, one undo",
	    test_span_accept_with_label },
	{ "store full-text search: ranked, folded, quoted, filtered",
	    test_article_search },
	{ "store seed corpus: hashes, duplicates, search, byte offsets",
	    test_seed_articles },
	{ "store span list order: start, then longer first",
	    test_span_list_order },
	{ "store span add checks text, offsets, label, article",
	    test_span_add_checks },
	{ "store counts articles without visiting them, and right after "
	    "deletes", test_article_count_without_scan },
	{ "store span checked by its bytes against the caller's copy",
	    test_span_add_hinted },
	{ "store span add/relabel/note/status/delete recorded in history",
	    test_span_changes_in_history },
	{ "store transactions group history and roll back",
	    test_txn_groups_and_rollback },
	{ "store article tags per annotator, with history", test_tags },
	{ "store done per annotator, with history", test_done_per_annotator },
	{ "store labels add/update/remove, refused in use, name rules",
	    test_labels },
	{ "store span walk filters and order", test_foreach_filters },
	{ "store tag walk filters and order", test_tag_foreach_filters },
	{ "store span walk is a snapshot and stops on request",
	    test_foreach_snapshot_and_stop },
	{ "store undo after a restart restores a deleted span with its note",
	    test_undo_after_reopen },
	{ "store undo and redo every kind of change, state for state",
	    test_undo_every_kind },
	{ "store undo stacks per annotator; redo chain ends on a new change",
	    test_undo_stacks_and_redo_chain },
	{ "store undo refuses when someone changed the row since",
	    test_undo_refuses_others_changes },
	{ "store txn_run: one group, all or nothing, one undo",
	    test_txn_run_groups_and_undoes },
	{ "store version 1 database: read-only as is, migrated for writing",
	    test_v1_read_only_then_migrated },
	{ "store article walk with text, FTS phrase candidates",
	    test_article_walk_and_phrase },
	{ "store stats and annotators", test_stats_and_annotators },
	{ "store read-only mode refuses every write with a message",
	    test_readonly_refuses_writes },
	{ "store data_version: one connection sees the other's commits",
	    test_data_version_seen_by_other },
	{ "store concurrent writer processes never fail nor lose a write",
	    test_concurrent_writers },
	{ "store waits out another process's long write lock",
	    test_busy_database_waited_out },
	{ "store lets a change in between another process's batches",
	    test_batches_let_others_write },
	{ "store MARGIN_NOW pins timestamps", test_margin_now_pins_time },
	{ "store status and origin names", test_status_and_origin_names },
};

CHECK_MAIN(tests)
