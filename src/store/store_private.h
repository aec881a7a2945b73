/*
 * store_private.h: what the files of the store share and nothing outside
 * src/store sees: struct store, the statements it keeps prepared, and the
 * helpers they all use.  include/margin/store.h stays the store's face.
 */
#ifndef MARGIN_STORE_PRIVATE_H
#define MARGIN_STORE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* How long one BEGIN IMMEDIATE waits for another writer, and how many
   times it tries again after that: a busy database means waiting, never
   an error the user sees, unless another process hangs on to it. */
#define STORE_BUSY_TIMEOUT_MS	5000
#define STORE_BUSY_RETRIES	6

/* While it waits, a writer tries for the lock again every
   STORE_BUSY_POLL_MS; a batch (store_txn_begin) that held the lock lets
   it go for a twentieth of that time, at most STORE_BATCH_GAP_MS, before
   the next one: long enough for a waiting writer to get its turn. */
#define STORE_BUSY_POLL_MS	2
#define STORE_BATCH_GAP_MS	10

/* A number as SQL text, for constant statements. */
#define STORE_STR(x)		#x
#define STORE_XSTR(x)		STORE_STR(x)

/* The statements that are prepared once and kept for the connection;
   their SQL is store_stmt_sql in store_stmt.c. */
enum store_stmt {
	ST_DATA_VERSION,
	ST_ARTICLE_BY_HASH,
	ST_ARTICLE_INSERT,
	ST_ARTICLE_EXISTS,
	ST_ARTICLE_GET,
	ST_ARTICLE_TEXT,
	ST_ARTICLE_IDS_AFTER,
	ST_ARTICLE_ROWS,
	ST_ARTICLE_ROWS_HASH,
	ST_ARTICLE_ROWS_AFTER,
	ST_ARTICLE_ROWS_BEFORE,
	ST_ARTICLE_COUNT,
	ST_COUNT_ALL,
	ST_COUNT_FTS,
	ST_MAX_ARTICLE,
	ST_COUNT_DONE_BY,
	ST_COUNT_DONE_ANY,
	ST_ARTICLE_FIRST_TODO,
	ST_ARTICLE_IN_LIST,
	ST_ARTICLE_BEFORE,
	ST_ARTICLE_NEXT_SUGGESTED,
	ST_ARTICLE_PREV_SUGGESTED,
	ST_ARTICLE_SEARCH,
	ST_ARTICLE_SEARCH_ALL,
	ST_JSON_OBJECT,
	ST_JSON_EXTRACT,
	ST_STATUS_JSON,
	ST_STATUS_UPSERT,
	ST_TAG_INSERT,
	ST_TAG_FIND,
	ST_TAG_JSON,
	ST_TAG_DELETE,
	ST_TAG_LIST,
	ST_ANNOTATORS,
	ST_LABEL_LIST,
	ST_LABEL_FIND,
	ST_LABEL_JSON,
	ST_LABEL_INSERT,
	ST_LABEL_UPDATE,
	ST_LABEL_USES,
	ST_LABEL_DELETE,
	ST_SPAN_CHECK,
	ST_SPAN_INSERT,
	ST_SPAN_JSON,
	ST_SPAN_GET,
	ST_SPAN_LIST,
	ST_SPAN_LIST_ALL,
	ST_SPAN_RELABEL,
	ST_SPAN_NOTE,
	ST_SPAN_STATUS,
	ST_SPAN_ACCEPT,
	ST_SPAN_DELETE,
	ST_SPAN_FIND,
	ST_SPAN_KEY,
	ST_SPAN_RESTORE,
	ST_SPAN_RESET,
	ST_TAG_RESTORE,
	ST_TAG_ROWS,
	ST_STATUS_RESTORE,
	ST_STATUS_DELETE,
	ST_STATUS_ROWS,
	ST_ARTICLE_PHRASE,
	ST_ARTICLE_IDS,
	ST_HISTORY_NEXT_TXN,
	ST_HISTORY_INSERT,
	ST_HISTORY_CLEAR_REDO,
	ST_HISTORY_COUNT,
	ST_HISTORY_LIST,
	ST_UNDO_TARGET,
	ST_REDO_TARGET,
	ST_HISTORY_CHUNK_UNDO,
	ST_HISTORY_CHUNK_REDO,
	ST_HISTORY_MARK_ROW,
	ST_HISTORY_GROUP_COUNT,
	ST_HISTORY_WHO,
	ST_ENTITY_INSERT,
	ST_ENTITY_JSON,
	ST_ENTITY_GET,
	ST_ENTITY_LIST,
	ST_ENTITY_FIND,
	ST_ENTITY_FIND_KB,
	ST_ENTITY_LABEL,
	ST_ENTITY_RENAME,
	ST_ENTITY_DELETE,
	ST_ENTITY_RESTORE,
	ST_ENTITY_RESET,
	ST_ENTITY_SPAN_IDS,
	ST_ENTITY_MENTIONS,
	ST_SPAN_LINK,
	ST_RELATION_INSERT,
	ST_RELATION_JSON,
	ST_RELATION_GET,
	ST_RELATION_LIST,
	ST_RELATION_OF_SPAN,
	ST_RELATION_RELABEL,
	ST_RELATION_STATUS,
	ST_RELATION_NOTE,
	ST_RELATION_DELETE,
	ST_RELATION_RESTORE,
	ST_RELATION_RESET,
	ST_RELATION_KEY,
	ST_RLABEL_LIST,
	ST_RLABEL_FIND,
	ST_RLABEL_JSON,
	ST_RLABEL_INSERT,
	ST_RLABEL_UPDATE,
	ST_RLABEL_USES,
	ST_RLABEL_DELETE,
	ST_STATS_LABELS,
	ST_STATS_SPANS,
	ST_STATS_DONE,
	ST_STATS_TAGS,
	ST_STATS_DAYS,
	ST_COUNT
};

struct store {
	struct db	*db;
	char		*path;
	char		*actor;
	int		 readonly;
	int		 untouched;	/* STORE_UNTOUCHED */
	char		*readonly_why;	/* why it became read-only, when
					   that is more than the file's
					   permissions: a full disk, damage */
	int		 unchecked;	/* no quick_check has read the whole
					   database yet: the first write
					   runs one (store_txn.c) */
	int		 stamped;	/* this session has stamped page 1 of
					   the -wal it writes */
	uint32_t	 stamp_salt;	/* that -wal's salt-1 */
	int		 created;	/* this open created the schema */
	int		 in_txn;	/* store_txn_begin() is open */
	int		 busy;		/* the last SQLite error was
					   SQLITE_BUSY: worth a retry */
	int		 busy_timeout;	/* ms, per attempt */
	int64_t		 txn_group;	/* history.txn of the open
					   transaction; 0 until its first
					   change */
	int		 txn_cleared;	/* this transaction ended its
					   actor's redo chain */
	const char	*txn_kind;	/* history.kind of the changes being
					   made: "do", "undo" or "redo" */
	int64_t		 txn_reverts;	/* history.reverts of undo/redo */
	int		 fts_hits;	/* margin_hits(), margin_rank() are
					   registered */
	struct store_group *group;	/* the bulk write whose batch is
					   running (store_batch_run), or
					   NULL */
	int64_t		 txn_began;	/* monotonic ms: the write lock was
					   taken */
	int64_t		 hold_max;	/* ms, store_hold_max_ms() */
	int64_t		 wait_began;	/* monotonic ms: the busy handler
					   started waiting */
	int64_t		 wait_told;	/* when the hook was last called */
	store_wait_hook	 wait_hook;	/* store_set_wait_hook() */
	void		*wait_ctx;
	int		 wait_given_up;	/* the hook said stop */
	int64_t		 data_version;
	struct db_stmt	*stmts[ST_COUNT];
	int		 not_undoable;	/* store_set_undoable(s, 0) */
	/*
	 * The text of the article spans were last added to, with its
	 * offset index: a span is checked against it in C, in time that
	 * does not grow with the article (tagging a 10 MB article, an
	 * import of many spans).  An article's text never changes, so the
	 * copy never goes stale.
	 */
	int64_t		 span_article;	/* 0: none */
	char		*span_text;
	struct text_offsets span_offsets;
	/* store_span_text_hint(): the caller's copy of an article */
	int64_t		 hint_article;
	const struct text_offsets *hint;
};

/*
 * A search ranks at most this many matches, the first ones in the list's
 * order (store_article.c): its cost is bounded whatever the corpus holds.
 */
#define STORE_SEARCH_CANDIDATES	1000

/* store.c: the clock of every timestamp (MARGIN_NOW pins it). */
int64_t	 store_now(void);
/* store_txn.c: the busy handler every connection uses (see there). */
void	 store_busy_install(struct store *s);


/* store_wal.c: the -wal and -shm beside a database, read before SQLite
   opens it. */
struct store_wal {
	int		 exists;	/* there is a -wal file */
	uint32_t	 page_size;
	uint32_t	 frames;	/* valid frames */
	uint32_t	 committed;	/* of them, those of committed
					   transactions: 0 when it holds
					   nothing SQLite would read */
	uint32_t	 db_pages;	/* the size the last commit gives */
	int		 has_page1;	/* a committed frame holds page 1 */
	uint32_t	 counter_lo;	/* the lowest and highest change */
	uint32_t	 counter_hi;	/* counters of those page 1 frames */
};
int	 store_wal_read(const char *path, struct store_wal *w, char **errp);
int	 store_wal_check(const char *path, const struct store_wal *w,
	    char **errp);
int	 store_shm_in_use(const char *path);
int	 store_wal_salt(const char *path, uint32_t *salt);

/* store_schema.c: which databases are margin's, and their schema. */
int	 store_validate(sqlite3 *db, int *version, int *fresh, int *marked,
	    char **errp);
int	 store_migrate(struct store *s, char **errp);
int	 store_check_readonly(struct store *s, char **errp);
int	 store_insert_default_labels(struct store *s, char **errp);
/* The labels are those a new database is given, as it was given them
   (*yes), or there are none. */
int	 store_labels_default(struct store *s, int *yes, char **errp);
/* store_schema_pg.c: the same on PostgreSQL. */
int	 store_pg_migrate(struct store *s, char **errp);

/* store_txn.c: transactions. */
void	 store_txn_reset(struct store *s);
void	 store_backoff(int tries);
int	 store_write(struct store *s, store_txn_fn fn, void *ctx,
	    char **errp);
int	 store_snapshot_begin(struct store *s, int *own, char **errp);
void	 store_snapshot_end(struct store *s, int own, int ok);

/* store_stmt.c: statements, and SQLite's errors in the user's terms. */
int	 store_code_error(int code, const char *msg, char **errp);
int	 store_db_error(struct db *db, char **errp);
int	 store_sql_error(struct store *s, char **errp);
void	 store_err_move(char **errp, char *err);
/* From now on the store only reads, and why (NULL: its permissions). */
void	 store_set_readonly(struct store *s, const char *why);
int	 store_refuse_readonly(const struct store *s, char **errp);
int	 store_quick_check(sqlite3 *db, char **errp);
int	 store_exec(struct store *s, const char *sql, char **errp);
struct db_stmt *store_stmt(struct store *s, enum store_stmt id, char **errp);
void	 store_stmt_done(struct db_stmt *st);
void	 store_bind_text(struct db_stmt *st, int i, const char *v);
char	*store_column_dup(struct db_stmt *st, int i);
int	 store_run(struct store *s, struct db_stmt *st, char **errp);
int	 store_int(struct store *s, struct db_stmt *st, int64_t *v, int *found,
	    char **errp);
int	 store_row_json(struct store *s, enum store_stmt id, int64_t key,
	    const char *key2, char **json, char **errp);
char	*store_json_text(struct store *s, const char *json, const char *path);
int64_t	 store_clamp(size_t v);
void	 store_json_string(struct buf *b, const char *s);
void	 store_json_ids(struct buf *b, const int64_t *ids, size_t n);

/*
 * Every list the store returns is read the same way: step a bound
 * statement to its end, one element of size bytes per row.  decode fills
 * a zeroed element from the row; clear frees what one element holds (NULL
 * when it holds nothing).  On success *vp is the array (NULL when there
 * was no row) and *n its length; on failure nothing is kept.  The
 * statement is reset either way.
 */
typedef void (*store_row_fn)(struct db_stmt *st, void *elem);
typedef void (*store_row_clear_fn)(void *elem);
int	 store_rows_collect(struct store *s, struct db_stmt *st, size_t size,
	    store_row_fn decode, store_row_clear_fn clear, void **vp,
	    size_t *n, char **errp);
/* One row, by id (?1): decoded into a zeroed elem, or "no WHAT ID". */
int	 store_row_get(struct store *s, struct db_stmt *st, int64_t id,
	    const char *what, store_row_fn decode, void *elem, char **errp);

/* store_history.c: every change is recorded in the transaction that
   makes it. */
int	 store_history_add(struct store *s, const char *entity,
	    int64_t entity_id, const char *op, const char *before,
	    const char *after, char **errp);
int	 store_history_collect(struct store *s, struct db_stmt *st,
	    struct store_history **vp, size_t *n, char **errp);

/* The lookups that several files make. */
int	 store_article_exists(struct store *s, int64_t id, char **errp);
int	 store_label_find(struct store *s, const char *name, int64_t *id,
	    int *found, char **errp);
void	 store_span_cache_clear(struct store *s);
/* store_row.c: delete (recorded) every relation of a span; entity id
   exists and has label (a span may link to it). */
int	 store_span_collect(struct store *s, struct db_stmt *st,
	    struct store_span **vp, size_t *n, char **errp);
int	 store_entity_check(struct store *s, int64_t id, const char *label,
	    char **errp);
/* store_row.c: change row id of history's kind entity by stmt (?1 the id;
   ?2 value and ?3 the time when value is not NULL), its JSON (json)
   before and after recorded; no row touched records nothing. */
int	 store_row_change(struct store *s, const char *entity,
	    enum store_stmt json, int64_t id, enum store_stmt stmt,
	    const char *value, char **errp);
int	 store_relation_delete_of_span(struct store *s, int64_t span,
	    char **errp);

#endif
