/*
 * test_store_pg.c: what only the PostgreSQL backend has (SPEC §17): a
 * connection killed by the server between changes and inside one, the
 * changes of another session seen through LISTEN/NOTIFY, and the
 * databases it refuses.  They need a server: tests/e2e/pg_store_units.sh
 * starts a throwaway one and runs this with MARGIN_TEST_PG set; without
 * it there is nothing to run here, and it says so.
 */
#include <time.h>

#include "check.h"
#include "fixture.h"

/* Run sql on the tests' server through info (NULL: the server's
   default schema); the first value of the first row, or NULL. */
static char *
admin(const char *info, const char *sql)
{
	PGconn		*c;
	PGresult	*r;
	char		*v = NULL;

	if (info == NULL)
		info = fixture_pg_conninfo();

	c = PQconnectdb(info);
	if (PQstatus(c) != CONNECTION_OK) {
		CHECK_FAIL("admin connection: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		CHECK_FAIL("%s: %s", sql, PQerrorMessage(c));
	else if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
		v = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return v;
}

/* Kill every other connection to s's schema's database but the admin's:
   the server ends s's session, as pg_terminate_backend does to a client
   an administrator throws out. */
static void
kill_sessions(const struct store *s)
{
	char	*n = admin(store_path(s), "SELECT count(pg_terminate_backend(pid))"
	    " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
	    " AND datname = current_database()"
	    " AND backend_type = 'client backend'");

	CHECK_MSG(n != NULL && atoi(n) >= 1, "killed %s sessions",
	    n != NULL ? n : "no");
	free(n);
}

/* err must be a message that mentions want. */
#define CHECK_ERR(err, want)						\
	CHECK_MSG((err) != NULL && strstr((err), (want)) != NULL,	\
	    "error is \"%s\", want one saying \"%s\"",			\
	    (err) ? (err) : "(null)", (want))

static void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct store_span
span_at(int64_t article, size_t start, size_t end, const char *label)
{
	struct store_span	 sp;

	memset(&sp, 0, sizeof(sp));
	sp.article_id = article;
	sp.start = start;
	sp.end = end;
	sp.label = (char *)label;
	sp.annotator = (char *)"alice";
	return sp;
}

static size_t
count_spans(struct store *s, int64_t article)
{
	struct store_span	*v = NULL;
	size_t			 n = 0;
	char			*err = NULL;

	if (store_span_list(s, article, "alice", &v, &n, &err) == -1) {
		CHECK_FAIL("store_span_list: %s", err);
		free(err);
		return 0;
	}
	store_spans_free(v, n);
	return n;
}

static void
test_killed_between(void)
{
	struct store		*s;
	struct store_span	 sp;
	struct store_change	 what;
	int64_t			 a, id;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a = fixture_article(s, "One", "Ada Lovelace wrote notes.");
	kill_sessions(s);
	/* The next change finds the connection gone before it began:
	   it is made on a new one, and saved. */
	sp = span_at(a, 0, 3, "PER");
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("a span after the kill: %s", err);
	CHECK_INT(count_spans(s, a), 1);
	/* A read after another kill, and an undo. */
	kill_sessions(s);
	CHECK_INT(count_spans(s, a), 1);
	kill_sessions(s);
	if (store_undo(s, NULL, &what, &err) == -1)
		CHECK_FAIL("undo after the kill: %s", err);
	else
		store_change_free(&what);
	CHECK_INT(count_spans(s, a), 0);
	free(err);
	store_close(s);
}

static void
test_killed_inside(void)
{
	struct store		*s;
	struct store_span	 sp;
	int64_t			 a, id;
	char			*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a = fixture_article(s, "One", "Ada Lovelace wrote notes.");
	if (store_txn_begin(s, &err) == -1) {
		CHECK_FAIL("store_txn_begin: %s", err);
		free(err);
		store_close(s);
		return;
	}
	sp = span_at(a, 0, 3, "PER");
	CHECK(store_span_add(s, &sp, &id, &err) == 0);
	kill_sessions(s);
	sp = span_at(a, 4, 12, "PER");
	CHECK(store_span_add(s, &sp, &id, &err) == -1);
	CHECK_ERR(err, "lost the connection");
	free(err);
	err = NULL;
	/* The commit fails and says the change was not saved. */
	CHECK(store_txn_commit(s, &err) == -1);
	CHECK_ERR(err, "not saved");
	free(err);
	err = NULL;
	store_txn_rollback(s);
	/* Nothing of it is there, and the next change is saved. */
	CHECK_INT(count_spans(s, a), 0);
	sp = span_at(a, 13, 18, "PER");
	if (store_span_add(s, &sp, &id, &err) == -1)
		CHECK_FAIL("a span after the lost transaction: %s", err);
	CHECK_INT(count_spans(s, a), 1);
	free(err);
	store_close(s);
}

static void
test_notify(void)
{
	struct store		*a, *b;
	struct store_span	 sp;
	int64_t			 art, id;
	int			 i, seen = 0;
	char			*err = NULL;

	if ((a = fixture_memory("alice")) == NULL)
		return;
	art = fixture_article(a, "One", "Ada Lovelace wrote notes.");
	if ((b = fixture_store(store_path(a), "bob", 0)) == NULL) {
		store_close(a);
		return;
	}
	CHECK_INT(store_changed(b), 0);
	/* Its own change is not news to a. */
	sp = span_at(art, 0, 3, "PER");
	CHECK(store_span_add(a, &sp, &id, &err) == 0);
	CHECK_INT(store_changed(a), 0);
	/* b hears of it: the notification comes at a's commit, over the
	   socket, soon but not at once. */
	for (i = 0; i < 1000 && !seen; i++) {
		seen = store_changed(b);
		if (!seen)
			sleep_ms(10);
	}
	CHECK_MSG(seen, "b never heard of a's change");
	CHECK_INT(store_changed(b), 0);
	CHECK_INT(count_spans(b, art), 1);
	free(err);
	store_close(b);
	store_close(a);
}

static void
test_refused(void)
{
	struct store	*s = NULL;
	char		*err = NULL, *info, *v;

	/* A password in the connection string, never echoed. */
	info = xasprintf("%s password=sekrit-pw", fixture_pg_conninfo());
	CHECK(store_open(&s, info, "alice", 0, &err) == -1);
	CHECK_ERR(err, "pgpass");
	CHECK_MSG(err == NULL || strstr(err, "sekrit") == NULL,
	    "the password is in \"%s\"", err);
	v = store_describe(info);
	CHECK_MSG(strstr(v, "sekrit") == NULL, "described as %s", v);
	free(v);
	free(info);
	free(err);
	err = NULL;

	/* A newer schema. */
	if ((s = fixture_memory("alice")) == NULL)
		return;
	info = xstrdup(store_path(s));
	store_close(s);
	free(admin(info, "UPDATE margin_meta SET value = '99'"
	    " WHERE key = 'schema_version'"));
	s = NULL;
	CHECK(store_open(&s, info, "alice", 0, &err) == -1);
	CHECK_ERR(err, "newer than this margin knows");
	free(err);
	err = NULL;
	free(info);

	/* Another application's tables, left as they are. */
	v = admin(NULL, "CREATE SCHEMA other_app");
	free(v);
	v = admin(NULL, "CREATE TABLE other_app.tasks (id int)");
	free(v);
	info = xasprintf("%s options='-csearch_path=other_app'",
	    fixture_pg_conninfo());
	CHECK(store_open(&s, info, "alice", 0, &err) == -1);
	CHECK_ERR(err, "not a margin database");
	free(err);
	free(info);
	v = admin(NULL, "SELECT count(*) FROM pg_tables"
	    " WHERE schemaname = 'other_app'");
	CHECK_STR(v, "1");
	free(v);
}

static const struct check_test tests[] = {
	{ "a connection killed between changes is made again, the next "
	    "change saved", test_killed_between },
	{ "a connection killed inside a transaction: not saved, said so, "
	    "the next change saved", test_killed_inside },
	{ "another session's commit is heard through NOTIFY, one's own "
	    "is not", test_notify },
	{ "refused: a password in the string, a newer schema, another "
	    "application's tables", test_refused },
};

int
main(int argc, char **argv)
{
	if (fixture_pg_conninfo() == NULL) {
		printf("(PostgreSQL only: tests/e2e/pg_store_units.sh runs "
		    "these on a throwaway server)\n0 passed, 0 failed\n");
		return 0;
	}
	return check_run(tests, sizeof(tests) / sizeof(tests[0]), argc,
	    argv);
}
