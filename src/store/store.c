/*
 * store.c: opening margin's SQLite database (SPEC §5, §10, §12): which
 * files are accepted and which are refused and left untouched (another
 * program's, a damaged one, one beside a -wal that is not its own),
 * read-only and WAL connections, reading without touching a file (a
 * merge's other database, a folder that cannot be written, a full
 * disk), closing, and what a connection knows of itself.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_private.h"

/* Open path read-only as a URI with the query given. */
static int
store_open_uri(const char *path, const char *query, sqlite3 **db)
{
	struct buf	 uri = BUF_INIT;
	const char	*p;
	int		 rc;

	buf_adds(&uri, "file:");
	if (path[0] == '/')
		buf_adds(&uri, "//");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&uri, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&uri, *p);
	}
	buf_printf(&uri, "?%s", query);
	rc = sqlite3_open_v2(uri.data, db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	buf_free(&uri);
	return rc;
}

/*
 * Look at a database that no one has open without creating or changing
 * any file beside it.  Without committed frames in its -wal, immutable=1:
 * SQLite then takes no lock and reads the file alone.  With them, the
 * -wal must be read too, and SQLite reads one only through a wal-index:
 * the -shm, which this may not create (a folder that cannot be written,
 * a full disk, another's database), or one kept in memory, which SQLite
 * does in exclusive locking mode.  The "unix-none" VFS makes that
 * exclusive lock a no-op (a read-only file could not be locked so), and
 * no checkpoint at close leaves the -wal as it was.
 */
static int
store_open_peek(const char *path, int wal, sqlite3 **db)
{
	int	 rc;

	if (!wal)
		return store_open_uri(path, "immutable=1", db);
	rc = store_open_uri(path, "vfs=unix-none", db);
	if (rc == SQLITE_OK)
		rc = sqlite3_db_config(*db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
		    1, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(*db, "PRAGMA locking_mode = EXCLUSIVE", NULL,
		    NULL, NULL);
	return rc;
}

/*
 * Databases up to this size (with their -wal) get a full PRAGMA
 * quick_check before they are opened: it reads every page (about 1 ms
 * per MB), so damage anywhere is found before anything is read or
 * written.  Larger ones are not scanned at start-up, so that the reader
 * starts at once whatever the size; damage there is found when a page is
 * read, and before the first write of the session, which runs the
 * quick_check first (store_txn.c).  A write must not go into a damaged
 * file, and SQLite's own SQLITE_CORRUPT only speaks of the pages that
 * write touches; a second or so once per session before the first
 * change of a very large database is the price.
 */
#define STORE_QUICK_CHECK_MAX (32 * 1024 * 1024)

/* One look at path, as SQLite would read it but changing nothing: a
   margin database of a version we know, with its own -wal?  *checked
   when the look read every page. */
static int
store_precheck_once(const char *path, off_t size, int *checked,
    char **errp)
{
	struct store_wal	 w;
	sqlite3			*db = NULL;
	int			 version, fresh, marked, rc;

	if (store_wal_read(path, &w, errp) == -1 ||
	    store_wal_check(path, &w, errp) == -1)
		return -1;
	rc = store_open_peek(path, w.committed > 0, &db);
	if (rc != SQLITE_OK) {
		store_code_error(rc, db ? sqlite3_errmsg(db) :
		    "cannot open database", errp);
		sqlite3_close(db);
		return -1;
	}
	rc = store_validate(db, &version, &fresh, &marked, errp);
	if (rc == 0 && size + (off_t)w.committed * w.page_size <=
	    STORE_QUICK_CHECK_MAX) {
		rc = store_quick_check(db, errp);
		*checked = rc == 0;
	}
	sqlite3_close(db);
	return rc;
}

/*
 * Before an existing file is opened: is it SQLite at all (the 16-byte
 * header), a margin database of a version we know, and a -wal beside it
 * its own?  Reads only: a refused file is never written, and gets no
 * -wal/-shm beside it.
 */
static int
store_precheck(const char *path, off_t size, int *checked, char **errp)
{
	static const char	 magic[16] = "SQLite format 3";
	unsigned char		 header[100];
	char			*err = NULL;
	ssize_t			 n;
	int			 fd, wal, tries, rc;

	*checked = 0;
	if (size == 0)
		return 0;	/* an empty file is an empty database */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(errp, "%s", strerror(errno));
	n = read(fd, header, sizeof(header));
	close(fd);
	if (n != (ssize_t)sizeof(header) ||
	    memcmp(header, magic, sizeof(magic)) != 0)
		return err_set(errp, "not an SQLite database");
	/*
	 * A database in WAL mode (bytes 18 and 19 of the header are 2) may
	 * be written by another process this very moment, and a reader that
	 * takes no lock can then see a checkpoint half done and call it
	 * corrupt.  When another process has it open (it holds the -shm's
	 * lock), the real connection, which reads a consistent snapshot,
	 * decides alone.  Otherwise a writer may have started since we
	 * looked: a verdict against the file must hold for several looks
	 * before it counts.
	 */
	wal = header[18] == 2 && header[19] == 2;
	for (tries = 0;; tries++) {
		if (wal && store_shm_in_use(path)) {
			rc = 0;
			break;
		}
		rc = store_precheck_once(path, size, checked, &err);
		if (rc == 0 || !wal || tries >= 4)
			break;
		store_backoff(tries);
	}
	if (rc == 0) {
		free(err);
		return 0;
	}
	store_err_move(errp, err);
	return -1;
}

/* mkdir -p of the folder that will hold path. */
static int
store_make_folder(const char *path, char **errp)
{
	struct stat	 sb;
	char		*dir, *p, *slash;
	char		 c;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
			err_set(errp, "cannot create folder %s: %s", dir,
			    strerror(errno));
			free(dir);
			return -1;
		}
		if (c == '\0')
			break;
		*p = c;
	}
	if (stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		err_set(errp, "%s is not a folder", dir);
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

/* Can this user change the file, and create -wal/-shm beside it? */
static int
store_writable(const char *path)
{
	char		*dir, *slash;
	int		 ok;

	if (access(path, W_OK) != 0)
		return 0;
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		ok = access(".", W_OK) == 0;
	else {
		slash[slash == dir ? 1 : 0] = '\0';
		ok = access(dir, W_OK) == 0;
	}
	free(dir);
	return ok;
}

/* Switch to WAL: the first time, that takes an exclusive lock, which two
   processes creating the database at once may have to wait for. */
static int
store_journal_wal(struct store *s, char **errp)
{
	char	*err = NULL;
	int	 tries;

	for (tries = 0;; tries++) {
		s->busy = 0;
		if (store_exec(s, "PRAGMA journal_mode = WAL", &err) == 0) {
			free(err);
			return 0;
		}
		if (!s->busy || tries >= STORE_BUSY_RETRIES)
			break;
		store_backoff(tries);
	}
	store_err_move(errp, err);
	return -1;
}

/*
 * Read an existing database without creating or changing any file
 * beside it: the store of a merge's other database, and the fallback
 * when SQLite cannot make the -shm it needs (a folder that cannot be
 * written, a full disk).  When another process has it open, its -wal
 * and -shm are there, and a plain read-only connection shares them and
 * sees what it commits.
 */
static int
store_open_quiet(struct store *s, char **errp)
{
	struct store_wal	 w;
	sqlite3			*lite = NULL;
	int			 rc;

	if (store_shm_in_use(s->path))
		rc = sqlite3_open_v2(s->path, &lite, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, NULL);
	else {
		if (store_wal_read(s->path, &w, errp) == -1)
			return -1;
		rc = store_open_peek(s->path, w.committed > 0, &lite);
	}
	s->db = db_wrap_sqlite(lite);
	if (rc != SQLITE_OK)
		return store_sql_error(s, errp);
	store_busy_install(s);
	if (store_exec(s, "PRAGMA foreign_keys = ON", errp) == -1)
		return -1;
	return store_check_readonly(s, errp);
}

/*
 * The first read of a connection failed: may the store read the file
 * through store_open_quiet instead?  When the -shm cannot be made: the
 * folder cannot be written, or the disk is full (*full).  Not when some
 * other process had it open: then the -shm was there, and the error is
 * about the file.
 */
static int
store_can_fall_back(struct store *s, int in_use, int *full)
{
	int	 code = db_errcode(s->db) & 0xff;
	int	 e = sqlite3_system_errno(db_sqlite(s->db));

	*full = code == SQLITE_FULL || e == ENOSPC || e == EDQUOT;
	if (in_use)
		return 0;
	switch (code) {
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_FULL:
		return 1;
	case SQLITE_IOERR:
		return *full || e == EROFS || e == EACCES || e == EPERM;
	default:
		return 0;
	}
}

static int
store_fall_back(struct store *s, int full, char **errp)
{
	db_close(s->db);
	s->db = NULL;
	if (store_open_quiet(s, errp) == -1)
		return -1;
	if (full) {
		char	*why = xasprintf("the disk is full: %s is open "
		    "read-only and nothing can be saved to it", s->path);

		store_set_readonly(s, why);
		free(why);
	} else
		store_set_readonly(s, NULL);
	return 0;
}

/* The journal mode of the database: WAL already? */
static int
store_is_wal(struct store *s, int *wal, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	if (db_prepare(s->db, "PRAGMA journal_mode", 0, &st) != DB_OK)
		return store_sql_error(s, errp);
	rc = db_step(st);
	*wal = rc == DB_ROW && db_column_text(st, 0) != NULL &&
	    strcmp((const char *)db_column_text(st, 0), "wal") == 0;
	db_finalize(st);
	if (rc != DB_ROW)
		return store_sql_error(s, errp);
	return 0;
}

static int
store_open_connection(struct store *s, int exists, char **errp)
{
	sqlite3	*lite = NULL;
	char	*first = NULL;
	int	 flags, rc, in_use, full, version, fresh, marked, wal;

	if (s->untouched)
		return store_open_quiet(s, errp);
	in_use = exists && store_shm_in_use(s->path);
	if (s->readonly)
		flags = SQLITE_OPEN_READONLY;
	else {
		/* Without SQLITE_OPEN_CREATE for an existing file: if it
		   vanished since we checked, we must not make a new one. */
		flags = SQLITE_OPEN_READWRITE;
		if (!exists)
			flags |= SQLITE_OPEN_CREATE;
	}
	/* One thread uses a connection: without SQLite's mutex around
	   each call, a column read costs half as much (an export reads
	   tens of millions). */
	rc = sqlite3_open_v2(s->path, &lite, flags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		store_code_error(rc, lite != NULL ? sqlite3_errmsg(lite) :
		    "cannot open database", errp);
		sqlite3_close(lite);
		return -1;
	}
	s->db = db_wrap_sqlite(lite);
	store_busy_install(s);
	if (store_exec(s, "PRAGMA foreign_keys = ON", errp) == -1)
		return -1;
	/* The first read: the schema, in a read transaction of its own.
	   It opens the -wal and -shm, and fails when they cannot be made. */
	if (s->readonly)
		rc = store_check_readonly(s, &first);
	else
		rc = store_validate(lite, &version, &fresh, &marked, &first);
	if (rc == -1) {
		if (exists && store_can_fall_back(s, in_use, &full)) {
			free(first);
			return store_fall_back(s, full, errp);
		}
		store_err_move(errp, first);
		return -1;
	}
	free(first);
	if (s->readonly)
		return 0;
	/*
	 * WAL lets readers (other annotators, exports) go on while one
	 * process writes.  synchronous=FULL syncs the WAL at each commit:
	 * a commit survives a power cut, not only a killed process, and at
	 * human tagging rates the ~7k commits/s it allows are plenty (§15).
	 * Switching to WAL takes the write lock, and so does a migration:
	 * neither is done when nothing needs it, so that a database
	 * another process is writing opens at once (reads need no lock).
	 */
	if (store_is_wal(s, &wal, errp) == -1 ||
	    (!wal && store_journal_wal(s, errp) == -1) ||
	    store_exec(s, "PRAGMA synchronous = FULL", errp) == -1)
		return -1;
	if (!fresh && marked && version == STORE_SCHEMA_VERSION)
		return 0;
	return store_migrate(s, errp);
}

char *
store_describe(const char *path)
{
	if (store_is_server(path))
		return db_pg_describe(path);
	return xstrdup(path);
}

int
store_is_server(const char *path)
{
	static const char *const keys[] = {
		"host=", "hostaddr=", "dbname=", "user=", "port=",
		"service=", "sslmode=", "application_name=",
	};
	size_t	 i;

	if (strncmp(path, "postgresql://", 13) == 0 ||
	    strncmp(path, "postgres://", 11) == 0)
		return 1;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strncmp(path, keys[i], strlen(keys[i])) == 0)
			return 1;
	return 0;
}

/*
 * A database on a PostgreSQL server: connect, listen for the changes of
 * others (the triggers of store_schema_pg.c notify margin at each
 * commit), wait for the write lock as long as SQLite would, and make the
 * schema in an empty database.
 */
static int store_open_pg_store(struct store **, const char *, const char *,
    int, char **);

static int
store_open_server(struct store *s, char **errp)
{
	if ((s->db = db_open_pg(s->path, errp)) == NULL)
		return -1;
	if (s->readonly && db_session(s->db, "SET default_transaction_read_only"
	    " = on") != DB_OK)
		return store_sql_error(s, errp);
	store_busy_install(s);
	if (store_pg_migrate(s, errp) == -1)
		return -1;
	if (db_session(s->db, "LISTEN margin") != DB_OK)
		return store_sql_error(s, errp);
	return 0;
}

int
store_open(struct store **sp, const char *path, const char *actor,
    int flags, char **errp)
{
	struct store	*s;
	struct stat	 sb;
	struct db_stmt	*st;
	int		 memory, exists = 0, readonly, untouched, checked = 0;

	*sp = NULL;
	untouched = (flags & STORE_UNTOUCHED) != 0;
	readonly = untouched || (flags & STORE_READONLY) != 0;
	memory = strcmp(path, ":memory:") == 0;
	if (store_is_server(path))
		return store_open_pg_store(sp, path, actor, readonly, errp);
	if (memory && readonly)
		return err_set(errp, "an in-memory database cannot be "
		    "read-only");
	if (!memory) {
		if (stat(path, &sb) == 0) {
			if (!S_ISREG(sb.st_mode))
				return err_set(errp, "not a regular file");
			exists = 1;
		} else if (errno != ENOENT)
			return err_set(errp, "%s", strerror(errno));
		if (!exists) {
			if (readonly)
				return err_set(errp, "no such database");
			if (store_make_folder(path, errp) == -1)
				return -1;
		} else {
			if (store_precheck(path, sb.st_size, &checked,
			    errp) == -1)
				return -1;
			if (!readonly && !store_writable(path))
				readonly = 1;
		}
	}

	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->actor = xstrdup(actor != NULL ? actor : "");
	s->readonly = readonly;
	s->untouched = untouched;
	s->unchecked = exists && !checked;
	s->busy_timeout = STORE_BUSY_TIMEOUT_MS;
	store_txn_reset(s);
	if (store_open_connection(s, exists, errp) == -1) {
		store_close(s);
		return -1;
	}
	if ((st = store_stmt(s, ST_DATA_VERSION, errp)) == NULL ||
	    store_int(s, st, &s->data_version, NULL, errp) == -1) {
		store_close(s);
		return -1;
	}
	*sp = s;
	return 0;
}

static int
store_open_pg_store(struct store **sp, const char *path, const char *actor,
    int readonly, char **errp)
{
	struct store	*s;

	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->actor = xstrdup(actor != NULL ? actor : "");
	s->readonly = readonly;
	s->busy_timeout = STORE_BUSY_TIMEOUT_MS;
	store_txn_reset(s);
	if (store_open_server(s, errp) == -1) {
		store_close(s);
		return -1;
	}
	*sp = s;
	return 0;
}

void
store_close(struct store *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		db_finalize(s->stmts[i]);
	/* An open transaction is rolled back by the close. */
	db_close(s->db);
	free(s->path);
	free(s->actor);
	free(s->readonly_why);
	store_span_cache_clear(s);
	free(s);
}

int
store_readonly(const struct store *s)
{
	return s->readonly;
}

const char *
store_readonly_reason(const struct store *s)
{
	return s->readonly_why;
}

int
store_created(const struct store *s)
{
	return s->created;
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

void
store_set_busy_timeout(struct store *s, int ms)
{
	s->busy_timeout = ms > 0 ? ms : 0;
	store_busy_install(s);
}

const char *
store_actor(const struct store *s)
{
	return s->actor;
}

void
store_set_actor(struct store *s, const char *actor)
{
	free(s->actor);
	s->actor = xstrdup(actor != NULL ? actor : "");
}

int
store_wait_fd(struct store *s)
{
	return db_wait_fd(s->db);
}

int
store_changed(struct store *s)
{
	struct db_stmt	*st;
	int64_t		 v;

	/* data_version is frozen inside a transaction (§15). */
	if (!db_autocommit(s->db))
		return 0;
	if (db_kind(s->db) == DB_PG)
		return db_notified(s->db);
	if ((st = store_stmt(s, ST_DATA_VERSION, NULL)) == NULL ||
	    store_int(s, st, &v, NULL, NULL) == -1)
		return 0;
	if (v == s->data_version)
		return 0;
	s->data_version = v;
	return 1;
}
