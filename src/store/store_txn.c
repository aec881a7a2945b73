/*
 * store_txn.c: transactions shared by several processes: every change
 * runs in a BEGIN IMMEDIATE transaction that is run again while another
 * process holds the database, waiting writers take turns (a batch lets
 * them in before its next), and walks read one snapshot.  A rollback
 * forgets what the store keeps of rows it may have undone (the span
 * cache, kept here so that the span file sits above this one).  The
 * first write of a session checks a database no quick_check has read
 * whole, and stamps page 1 so that a -wal can be told from another
 * state's (store_wal.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_private.h"

static void
store_sleep_ms(long ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * The busy handler: while another process holds the write lock, look
 * again every millisecond or two, up to busy_timeout.  SQLite's own
 * handler sleeps longer and longer (100 ms at a time after a while), so
 * a waiter would miss the short gaps between the batches of a bulk write
 * and wait for the whole run; this one takes the first gap.
 */
static int
store_busy_cb(void *arg, int count)
{
	struct store	*s = arg;
	int64_t		 now = mono_ms();

	if (count == 0)
		s->wait_began = s->wait_told = now;
	if (s->wait_hook != NULL) {
		if (now - s->wait_told >= STORE_WAIT_TICK_MS) {
			s->wait_told = now;
			if (s->wait_hook(s->wait_ctx, now - s->wait_began)) {
				s->wait_given_up = 1;
				return 0;
			}
		}
	} else if (now - s->wait_began >= s->busy_timeout)
		return 0;
	store_sleep_ms(count < 20 ? 1 : STORE_BUSY_POLL_MS);
	return 1;
}

void
store_busy_install(struct store *s)
{
	if (db_sqlite(s->db) != NULL) {
		sqlite3_busy_handler(db_sqlite(s->db), store_busy_cb, s);
		return;
	}
	/* PostgreSQL: a wait for the write lock (or a table or row lock)
	   past the busy timeout is SQLITE_BUSY (db_pg.c), and the change
	   is tried again as on SQLite.  With a wait hook the server waits
	   one tick at a time, and the hook hears of it between the
	   attempts (store_wait_tick). */
	db_lock_timeout(s->db, s->wait_hook != NULL ? STORE_WAIT_TICK_MS :
	    s->busy_timeout);
}

void
store_set_wait_hook(struct store *s, store_wait_hook hook, void *ctx)
{
	s->wait_hook = hook;
	s->wait_ctx = ctx;
	if (db_sqlite(s->db) == NULL)
		store_busy_install(s);
}

/*
 * PostgreSQL: an attempt that found the database busy has waited one
 * tick (lock_timeout) on the server; tell the wait hook, as SQLite's busy
 * handler does during its wait.  0 to try again, at once; -1 to give up
 * or, without a hook, to go the usual way (store_try_again, a backoff).
 */
static int
store_wait_tick(struct store *s, int tries)
{
	int64_t	 now;

	if (db_sqlite(s->db) != NULL || s->wait_hook == NULL || !s->busy)
		return -1;
	now = mono_ms();
	if (tries == 0)
		s->wait_began = now - STORE_WAIT_TICK_MS;
	if (s->wait_hook(s->wait_ctx, now - s->wait_began)) {
		s->wait_given_up = 1;
		return -1;
	}
	return 0;
}

/* After a failed attempt: is another worth it?  With a wait hook, as
   long as the user has not given up; without, STORE_BUSY_RETRIES. */
static int
store_try_again(struct store *s, int tries)
{
	if (!s->busy || s->wait_given_up)
		return 0;
	return s->wait_hook != NULL || tries < STORE_BUSY_RETRIES;
}

/* The error of a change the user gave up waiting for. */
static void
store_given_up(struct store *s, char **err)
{
	if (!s->wait_given_up)
		return;
	free(*err);
	*err = xstrdup("not saved: another process held the database and "
	    "the wait was cancelled");
}

/* Between two batches of a bulk write, the lock is left free this long,
   so that a waiting process (polling every 1-2 ms) takes it. */
#define STORE_GROUP_GAP_MS	4

int
store_batch_due(const struct store *s)
{
	return !db_autocommit(s->db) &&
	    mono_ms() - s->txn_began >= STORE_BATCH_MS;
}

int64_t
store_hold_max_ms(const struct store *s)
{
	return s->hold_max;
}

void
store_hold_reset(struct store *s)
{
	s->hold_max = 0;
}

/* The write lock is let go (committed or rolled back): how long it was
   held; a committed batch gives its group to the next ones. */
static void
store_lock_released(struct store *s, int committed)
{
	int64_t	 now = mono_ms();

	if (now - s->txn_began > s->hold_max)
		s->hold_max = now - s->txn_began;
	if (s->group != NULL) {
		s->group->ended = now;
		if (committed && s->group->id == 0)
			s->group->id = s->txn_group;
	}
}

/* A fresh transaction: no history group yet (or the bulk write's),
   changes are plain ones. */
void
store_txn_reset(struct store *s)
{
	s->txn_group = s->group != NULL ? s->group->id : 0;
	s->txn_cleared = 0;
	s->txn_kind = "do";
	s->txn_reverts = 0;
}

/*
 * The first write of a session into a database that no quick_check has
 * read whole yet (a large one: see STORE_QUICK_CHECK_MAX in store.c)
 * checks it first.  The check reads every page (about 1 ms per MB), so it
 * runs in a read transaction of its own just before the write takes the
 * lock: holding the write lock for it would stall every other annotator
 * for as long.  What others commit in between was written by SQLite,
 * page by page; damage comes from outside it, and is there before.  A
 * damaged database is not written to at all, even where the damage is
 * far from the pages a write touches.
 */
static int
store_first_write_check(struct store *s, char **errp)
{
	char	*err = NULL, *why;
	int	 rc;

	if (!s->unchecked || !db_autocommit(s->db))
		return 0;
	if (db_exec(s->db, "BEGIN") != DB_OK)
		return store_sql_error(s, errp);
	rc = store_quick_check(db_sqlite(s->db), &err);
	db_exec(s->db, "COMMIT");
	if (rc == 0) {
		s->unchecked = 0;
		return 0;
	}
	if ((db_errcode(s->db) & 0xff) == SQLITE_BUSY) {
		s->busy = 1;
		store_err_move(errp, err);
		return -1;
	}
	free(err);
	why = xasprintf("%s is damaged (SQLite's quick_check fails): margin "
	    "will not write to it", s->path);
	store_set_readonly(s, why);
	free(why);
	return store_refuse_readonly(s, errp);
}

/*
 * One attempt at BEGIN IMMEDIATE.  It takes the write lock at once, so
 * the busy handler (busy_timeout) applies; a deferred BEGIN that later
 * writes gets SQLITE_BUSY with no wait at all when another process wrote
 * first (§15).
 */
static int
store_begin_once(struct store *s, char **errp)
{
	int64_t	 since;

	if (s->group != NULL && s->group->ended != 0) {
		since = mono_ms() - s->group->ended;
		if (since >= 0 && since < STORE_GROUP_GAP_MS)
			store_sleep_ms((long)(STORE_GROUP_GAP_MS - since));
	}
	if (store_first_write_check(s, errp) == -1)
		return -1;
	if (db_exec(s->db, "BEGIN IMMEDIATE") != DB_OK)
		return store_sql_error(s, errp);
	s->txn_began = mono_ms();
	store_txn_reset(s);
	return 0;
}

/* Between two attempts: a little longer each time, so that processes
   that collided do not collide again in step. */
void
store_backoff(int tries)
{
	store_sleep_ms(10L << (tries < 5 ? tries : 5));
}

/* BEGIN IMMEDIATE for a batch (store_txn_begin), whose changes the store
   cannot run again: after a whole busy_timeout, try again; a long import
   batch in another process is no reason to fail. */
static int
store_begin_immediate(struct store *s, char **errp)
{
	char	*err = NULL;
	int	 tries, waited;

	s->wait_given_up = 0;
	for (tries = 0;; tries++) {
		s->busy = 0;
		if (store_begin_once(s, &err) == 0)
			return 0;
		waited = store_wait_tick(s, tries) == 0;
		if (!store_try_again(s, tries))
			break;
		free(err);
		err = NULL;
		if (!waited)
			store_backoff(tries);
	}
	store_given_up(s, &err);
	store_err_move(errp, err);
	return -1;
}

/*
 * Stamp page 1 (store_wal_check in store_wal.c says why): rewriting
 * user_version as it is changes nothing but makes SQLite write page 1
 * with its change counter one higher.  Once per session, and again when
 * the -wal was begun anew (a checkpoint emptied it): the cache is then
 * dropped, so that the counter SQLite adds one to is read again from
 * page 1 as it is now, not as this session first read it.
 */
static int
store_stamp(struct store *s, char **errp)
{
	if (s->stamped || strcmp(s->path, ":memory:") == 0 ||
	    db_sqlite(s->db) == NULL)
		return 0;
	return store_exec(s, "PRAGMA user_version = "
	    STORE_XSTR(STORE_SCHEMA_VERSION), errp);
}

static void
store_stamped(struct store *s)
{
	uint32_t	 salt;

	if (strcmp(s->path, ":memory:") == 0 || db_sqlite(s->db) == NULL ||
	    store_wal_salt(s->path, &salt) == -1)
		return;
	if (!s->stamped) {
		s->stamped = 1;
		s->stamp_salt = salt;
	} else if (salt != s->stamp_salt) {
		s->stamped = 0;
		sqlite3_db_release_memory(db_sqlite(s->db));
	}
}

/* COMMIT, waiting out a busy database: a COMMIT that fails with
   SQLITE_BUSY leaves the transaction open, to be committed again. */
static int
store_commit_retry(struct store *s, int retries, char **errp)
{
	int	 rc, tries;

	for (tries = 0;; tries++) {
		rc = db_exec(s->db, "COMMIT");
		if (rc == DB_OK) {
			store_lock_released(s, 1);
			return 0;
		}
		if ((rc & 0xff) != SQLITE_BUSY || tries >= retries)
			break;
		store_backoff(tries);
	}
	return store_sql_error(s, errp);
}

static void
store_rollback(struct store *s)
{
	if (!db_autocommit(s->db)) {
		db_exec(s->db, "ROLLBACK");
		store_lock_released(s, 0);
	}
	store_span_cache_clear(s);
}

/*
 * Every change runs here: fn makes it, inside one transaction.
 *
 * Outside a transaction, fn runs in its own BEGIN IMMEDIATE transaction,
 * and when anything in it fails with SQLITE_BUSY (or SQLITE_BUSY_SNAPSHOT)
 * the whole transaction is rolled back and fn runs again from the start:
 * retrying one statement of a transaction that lost its snapshot cannot
 * work, and a busy database must mean waiting, never an error the user
 * sees, unless another process holds it for minutes.  So fn must keep
 * nothing from an attempt that failed.
 *
 * Inside a transaction (store_txn_begin, or a callback of a walk), fn
 * runs in a savepoint: a change that fails is undone alone and the batch
 * goes on; retrying is the batch's business.  Inside a batch of a bulk
 * write (store_batch_run) a failed change fails the whole batch.
 */
int
store_write(struct store *s, store_txn_fn fn, void *ctx, char **errp)
{
	char	*err = NULL;
	int	 tries, cleared, rc, waited;

	if (s->readonly)
		return store_refuse_readonly(s, errp);
	/* In a batch of a bulk write a failed change fails the batch (it
	   is rolled back whole and run again or reported): no savepoint,
	   which would cost more than most changes. */
	if (!db_autocommit(s->db) && s->group != NULL)
		return fn(s, ctx, errp);
	if (!db_autocommit(s->db)) {
		cleared = s->txn_cleared;
		if (store_exec(s, "SAVEPOINT store_change", errp) == -1)
			return -1;
		rc = fn(s, ctx, errp);
		/* An I/O or full-disk error may already have rolled the
		   whole transaction back: then these fail, harmlessly. */
		if (rc == -1) {
			store_span_cache_clear(s);
			db_exec(s->db, "ROLLBACK TO store_change");
			s->txn_cleared = cleared;
		}
		db_exec(s->db, "RELEASE store_change");
		return rc;
	}
	s->wait_given_up = 0;
	for (tries = 0;; tries++) {
		s->busy = 0;
		rc = store_begin_once(s, &err);
		if (rc == 0)
			rc = fn(s, ctx, &err);
		if (rc == 0)
			rc = store_stamp(s, &err);
		if (rc == 0)
			rc = store_commit_retry(s, 0, &err);
		if (rc == 0) {
			store_stamped(s);
			return 0;
		}
		store_rollback(s);
		waited = store_wait_tick(s, tries) == 0;
		if (!store_try_again(s, tries))
			break;
		free(err);
		err = NULL;
		if (!waited)
			store_backoff(tries);
	}
	store_given_up(s, &err);
	store_err_move(errp, err);
	return -1;
}

int
store_txn_run(struct store *s, store_txn_fn fn, void *ctx, char **errp)
{
	if (s->in_txn)
		return err_set(errp, "a transaction is already open");
	return store_write(s, fn, ctx, errp);
}

int
store_batch_run(struct store *s, struct store_group *g, store_txn_fn fn,
    void *ctx, char **errp)
{
	int	 rc;

	if (s->in_txn || !db_autocommit(s->db))
		return err_set(errp, "a transaction is already open");
	s->group = g;
	rc = store_write(s, fn, ctx, errp);
	s->group = NULL;
	return rc;
}

int
store_txn_begin(struct store *s, char **errp)
{
	if (s->readonly)
		return store_refuse_readonly(s, errp);
	if (s->in_txn || !db_autocommit(s->db))
		return err_set(errp, "a transaction is already open");
	if (store_begin_immediate(s, errp) == -1)
		return -1;
	s->in_txn = 1;
	return 0;
}

/*
 * After a batch: before this process can take the lock again for its
 * next one, others that wait for it get their turn (store_busy_wait
 * tries every STORE_BUSY_POLL_MS).  Without the gap, the next BEGIN
 * IMMEDIATE follows the COMMIT at once, and an import of a million
 * articles holds the database for all of them.  A twentieth of the time
 * held: at most 5% slower, and nothing for short transactions.
 */
static void
store_batch_gap(struct store *s)
{
	int64_t	 gap;

	gap = (mono_ms() - s->txn_began) / 20;
	if (gap > STORE_BATCH_GAP_MS)
		gap = STORE_BATCH_GAP_MS;
	if (gap > 0)
		store_sleep_ms((long)gap);
}

int
store_txn_commit(struct store *s, char **errp)
{
	if (!s->in_txn)
		return err_set(errp, "no transaction is open");
	s->in_txn = 0;
	if (db_autocommit(s->db))
		return err_set(errp, "the transaction was rolled back after "
		    "an error");
	if (store_stamp(s, errp) == -1 ||
	    store_commit_retry(s, STORE_BUSY_RETRIES, errp) == -1) {
		store_rollback(s);
		return -1;
	}
	store_stamped(s);
	store_batch_gap(s);
	return 0;
}

void
store_txn_rollback(struct store *s)
{
	if (!s->in_txn)
		return;
	s->in_txn = 0;
	store_rollback(s);
}

/* One read transaction for a walk: it sees one snapshot however long it
   takes and whatever others commit meanwhile.  Inside a transaction
   already open, the walk joins it (*own = 0). */
int
store_snapshot_begin(struct store *s, int *own, char **errp)
{
	*own = db_autocommit(s->db);
	if (!*own)
		return 0;
	if (store_exec(s, "BEGIN", errp) == -1)
		return -1;
	store_txn_reset(s);
	return 0;
}

void
store_snapshot_end(struct store *s, int own, int ok)
{
	if (own && !db_autocommit(s->db))
		db_exec(s->db, ok ? "COMMIT" : "ROLLBACK");
}

int
store_read_begin(struct store *s, char **errp)
{
	int	 own;

	if (!db_autocommit(s->db))
		return err_set(errp, "a transaction is already open");
	return store_snapshot_begin(s, &own, errp);
}

void
store_read_end(struct store *s)
{
	store_snapshot_end(s, 1, 1);
}

/* Forget the article text kept for span checks: after a rollback, the id
   of an article that was rolled back may be given to another one. */
void
store_span_cache_clear(struct store *s)
{
	if (s->span_article != 0)
		text_offsets_free(&s->span_offsets);
	free(s->span_text);
	s->span_text = NULL;
	s->span_article = 0;
}
