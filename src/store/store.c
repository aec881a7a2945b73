/*
 * store.c: opening margin's SQLite database (SPEC §5, §10, §12): which
 * files are accepted and which are refused and left untouched, read-only
 * and WAL connections, closing, and what a connection knows of itself.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_private.h"

/* Open path as a URI with immutable=1: SQLite then takes no lock and
   creates no -wal or -shm file, so looking at a file changes nothing. */
static int
store_open_immutable(const char *path, sqlite3 **db)
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
	buf_adds(&uri, "?immutable=1");
	rc = sqlite3_open_v2(uri.data, db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI, NULL);
	buf_free(&uri);
	return rc;
}

/* Is there an -shm file beside path? */
static int
store_has_shm(const char *path)
{
	struct stat	 sb;
	char		*shm = xasprintf("%s-shm", path);
	int		 r = stat(shm, &sb) == 0;

	free(shm);
	return r;
}

/*
 * Databases up to this size get a full PRAGMA quick_check before they are
 * opened: it reads every page (about 1 ms per MB), so damage anywhere is
 * found before anything is written.  Larger ones are not scanned at every
 * start (the reader must start at once); damage there is found when a
 * page is read, and the store then refuses to write (store_sql_error).
 */
#define STORE_QUICK_CHECK_MAX (32 * 1024 * 1024)

static int
store_quick_check(sqlite3 *db, char **errp)
{
	sqlite3_stmt	*st = NULL;
	int		 rc, ok;

	rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_db_error(db, errp);
	rc = sqlite3_step(st);
	ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st,
	    0), "ok") == 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_db_error(db, errp);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (!ok)
		return err_set(errp, "database is corrupt (SQLite's "
		    "quick_check fails): margin will not touch it");
	return 0;
}

/* One look at path through an immutable connection: a margin database
   of a version we know? */
static int
store_precheck_once(const char *path, off_t size, char **errp)
{
	sqlite3	*db = NULL;
	int	 version, fresh, marked, rc;

	rc = store_open_immutable(path, &db);
	if (rc != SQLITE_OK) {
		store_code_error(rc, db ? sqlite3_errmsg(db) :
		    "cannot open database", errp);
		sqlite3_close(db);
		return -1;
	}
	rc = store_validate(db, &version, &fresh, &marked, errp);
	if (rc == 0 && size <= STORE_QUICK_CHECK_MAX)
		rc = store_quick_check(db, errp);
	sqlite3_close(db);
	return rc;
}

/*
 * Before an existing file is opened: is it SQLite at all
 * (the 16-byte header), and a margin database of a version we know?
 * Reads only, through an immutable connection: a refused file is never
 * written, and gets no -wal/-shm beside it.
 */
static int
store_precheck(const char *path, off_t size, char **errp)
{
	static const char	 magic[16] = "SQLite format 3";
	unsigned char		 header[100];
	char			*err = NULL;
	ssize_t			 n;
	int			 fd, wal, tries, rc;

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
	 * be written by another process this very moment, and an immutable
	 * reader, which takes no lock, can then see a checkpoint half done
	 * and call it corrupt.  With an -shm beside it, it is in use (or
	 * was): its -wal and -shm are there already, so the real connection,
	 * which reads a consistent snapshot, decides alone.  Without one,
	 * a writer may have started since we looked: a verdict against the
	 * file must hold for several looks before it counts.
	 */
	wal = header[18] == 2 && header[19] == 2;
	for (tries = 0;; tries++) {
		if (wal && store_has_shm(path))
			return 0;
		rc = store_precheck_once(path, size, &err);
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

static int
store_open_connection(struct store *s, int exists, char **errp)
{
	char	*first = NULL;
	int	 flags, rc, code;

	if (s->readonly)
		flags = SQLITE_OPEN_READONLY;
	else {
		/* Without SQLITE_OPEN_CREATE for an existing file: if it
		   vanished since we checked, we must not make a new one. */
		flags = SQLITE_OPEN_READWRITE;
		if (!exists)
			flags |= SQLITE_OPEN_CREATE;
	}
	rc = sqlite3_open_v2(s->path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		store_code_error(rc, s->db ? sqlite3_errmsg(s->db) :
		    "cannot open database", errp);
		sqlite3_close(s->db);
		s->db = NULL;
		return -1;
	}
	store_busy_install(s);
	if (store_exec(s, "PRAGMA foreign_keys = ON", errp) == -1)
		return -1;
	if (s->readonly) {
		rc = store_check_readonly(s, &first);
		code = sqlite3_errcode(s->db) & 0xff;
		if (rc == -1 && code != SQLITE_CANTOPEN &&
		    code != SQLITE_READONLY) {
			err_set(errp, "%s", first);
			free(first);
			return -1;
		}
		free(first);
		if (rc == -1 && store_has_shm(s->path))
			return store_sql_error(s, errp);
		if (rc == -1) {
			/* A WAL database in a folder we cannot write, with
			   no -shm file (so no one has it open): SQLite can
			   read it only as an immutable file. */
			sqlite3_close(s->db);
			s->db = NULL;
			if (store_open_immutable(s->path, &s->db) != SQLITE_OK)
				return store_sql_error(s, errp);
			rc = store_check_readonly(s, errp);
		}
		return rc;
	}
	/*
	 * WAL lets readers (other annotators, exports) go on while one
	 * process writes.  synchronous=FULL syncs the WAL at each commit:
	 * a commit survives a power cut, not only a killed process, and at
	 * human tagging rates the ~7k commits/s it allows are plenty (§15).
	 */
	if (store_journal_wal(s, errp) == -1 ||
	    store_exec(s, "PRAGMA synchronous = FULL", errp) == -1)
		return -1;
	return store_migrate(s, errp);
}

int
store_open(struct store **sp, const char *path, const char *actor,
    int flags, char **errp)
{
	struct store	*s;
	struct stat	 sb;
	sqlite3_stmt	*st;
	int		 memory, exists = 0, readonly;

	*sp = NULL;
	readonly = (flags & STORE_READONLY) != 0;
	memory = strcmp(path, ":memory:") == 0;
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
			if (store_precheck(path, sb.st_size, errp) == -1)
				return -1;
			if (!readonly && !store_writable(path))
				readonly = 1;
		}
	}

	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->actor = xstrdup(actor != NULL ? actor : "");
	s->readonly = readonly;
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

void
store_close(struct store *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	/* An open transaction is rolled back by the close. */
	sqlite3_close(s->db);
	free(s->path);
	free(s->actor);
	store_span_cache_clear(s);
	free(s);
}

int
store_readonly(const struct store *s)
{
	return s->readonly;
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
store_changed(struct store *s)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	/* data_version is frozen inside a transaction (§15). */
	if (!sqlite3_get_autocommit(s->db))
		return 0;
	if ((st = store_stmt(s, ST_DATA_VERSION, NULL)) == NULL ||
	    store_int(s, st, &v, NULL, NULL) == -1)
		return 0;
	if (v == s->data_version)
		return 0;
	s->data_version = v;
	return 1;
}
