/*
 * store.h: the SQLite database of margin (SPEC §5): articles, labels, spans,
 * article tags, per-annotator status and the history of every change.
 *
 * Every function that changes something runs inside a transaction that
 * begins with BEGIN IMMEDIATE (so a busy database waits instead of failing
 * half-way) and is committed before the function returns: when it returns
 * 0, the change is on disk.  When another process holds the database, the
 * whole transaction is rolled back and run again (store_txn_run), for
 * about half a minute before it gives up.  store_txn_begin() and
 * store_txn_commit() group several changes (an import batch) into one
 * transaction, and so does store_txn_run(); the functions join an open
 * transaction instead of starting their own.
 *
 * Offsets are code points into the article's canonical text (§4); spans also
 * keep their byte offsets, computed by the caller, so that exports need not
 * re-read the text.  The store never includes curses and never formats SQL
 * with data: every value is bound.
 */
#ifndef MARGIN_STORE_H
#define MARGIN_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_SCHEMA_VERSION 6

enum store_open_flags {
	STORE_READONLY = 1 << 0,	/* never write; refuse to create */
	STORE_UNTOUCHED = 1 << 1,	/* read-only, and create or change
					   no file beside the database
					   either (another one, for merge) */
};

/*
 * Open (creating it and its folder if needed, unless STORE_READONLY) the
 * database at path, or ":memory:".  A file that is not a margin database,
 * is corrupt, or has a newer schema is refused and left untouched.
 * actor is the annotator recorded in the history of changes.
 * A database the user cannot write is opened read-only, and
 * store_readonly() says so; so is one on a disk too full to open it for
 * writing, and store_readonly_reason() then says why.  A -wal beside the
 * file that belongs to another state of it (a backup put back) is
 * refused, and committed work in a -wal is never left out of what is
 * read.
 */
int	 store_open(struct store **sp, const char *path, const char *actor,
	    int flags, char **errp);
/*
 * Is path a PostgreSQL server's database (SPEC §17): a URI
 * (postgresql://user@host/dbname, postgres://) or libpq's key=value
 * conninfo (host=... dbname=...)?  Then store_open() connects through
 * libpq; a password in it is refused (it would be seen in argv and in
 * messages): ~/.pgpass or PGPASSWORD hold it.
 */
int	 store_is_server(const char *path);
/* path as messages show it: a file's name, or a server's host, port,
   database and user (never a password). */
char	*store_describe(const char *path);
void	 store_close(struct store *s);
/*
 * Copy the whole database src into dst (a file or a server's database,
 * SPEC §17): every row of every table with its id, history and the
 * state of undo and redo with them.  src is only read, in one snapshot,
 * and must be of this schema version; dst is created when missing, and
 * must hold nothing yet but what opening it made (the default labels).
 * It is written in one transaction, committed only once every table
 * there has the same rows as in src (counted and digested on both
 * sides).  A dst that already holds exactly src's rows is left as it is
 * (r->nothing_to_do); one that holds anything else is refused, and so
 * is src itself.
 */
#define STORE_COPY_MAXTABLES	16
struct store_copy_report {
	int	 nothing_to_do;
	int	 created;		/* dst was made by this copy */
	size_t	 ntables;
	struct {
		const char	*name;
		int64_t		 rows;
	}	 tables[STORE_COPY_MAXTABLES];
};
int	 store_copy(const char *src, const char *dst, const char *actor,
	    struct store_copy_report *r, char **errp);
int	 store_readonly(const struct store *s);
/* Why the store only reads when that is news to the user (the disk is
   full, the database is damaged): a sentence without a final stop, or
   NULL. */
const char *store_readonly_reason(const struct store *s);
/* Non-zero when this store_open() created the database (and gave it the
   default labels, PER ORG LOC MISC): the moment to load a label file. */
int	 store_created(const struct store *s);
const char *store_path(const struct store *s);
const char *store_actor(const struct store *s);
void	 store_set_actor(struct store *s, const char *actor);
/* Non-zero when another connection committed since the last call. */
int	 store_changed(struct store *s);
/* A file descriptor that becomes readable when another connection may
   have committed (PostgreSQL's notifications), for poll(2) beside the
   terminal; -1 when changes are found only by asking (SQLite). */
int	 store_wait_fd(struct store *s);

/*
 * One read transaction around several reads: every read and walk made
 * until store_read_end() sees the same snapshot, whatever others commit
 * meanwhile (an export never tears).  Nothing may be written inside it.
 */
int	 store_read_begin(struct store *s, char **errp);
void	 store_read_end(struct store *s);

/*
 * Whether the changes made from now on can be undone (the default).  Bulk
 * work (an import, a merge, copying agreed spans) turns it off: its rows
 * belong to others, and one keystroke must not take back a whole import.
 * It is still recorded in history.
 */
void	 store_set_undoable(struct store *s, int undoable);

int	 store_txn_begin(struct store *s, char **errp);
int	 store_txn_commit(struct store *s, char **errp);
void	 store_txn_rollback(struct store *s);

/*
 * Run fn(s, ctx, errp) as one transaction: the changes it makes through
 * the store's functions are committed together (one history group, so
 * one undo takes them all back), or none is when it returns -1.  When
 * another process holds the database, the whole transaction is rolled
 * back and fn runs again from the start, so fn must keep nothing from an
 * attempt that failed.  Every change of the store runs this way.
 */
typedef int (*store_txn_fn)(struct store *s, void *ctx, char **errp);
int	 store_txn_run(struct store *s, store_txn_fn fn, void *ctx,
	    char **errp);
/* How long one attempt waits for another writer (default 5000 ms; a
   busy transaction is tried seven times in all).  Tests shorten it. */
void	 store_set_busy_timeout(struct store *s, int ms);

/*
 * While a change waits for another process's write lock, hook(ctx,
 * waited_ms) is called every STORE_WAIT_TICK_MS or so: the TUI shows
 * that it waits, keeps what is typed, and returns 1 when the user gives
 * up (Esc), 0 to wait on.  With a hook, a change waits as long as the
 * hook lets it (no busy timeout), and one given up fails with "not
 * saved".  The hook must not call the store.  NULL removes it.
 */
#define STORE_WAIT_TICK_MS	100
typedef int (*store_wait_hook)(void *ctx, int64_t waited_ms);
void	 store_set_wait_hook(struct store *s, store_wait_hook hook, void *ctx);

/*
 * Bulk writes (SPEC §11): a write of many rows runs as many short
 * transactions ("batches"), each holding the write lock at most about
 * STORE_BATCH_MS, so that another process waiting for the lock gets it
 * between two batches.  A batch's fn loops while !store_batch_due(s) and
 * keeps where it got to for the next batch (after a successful return;
 * a batch that is run again must start from the same place).  The
 * batches run with one struct store_group (zeroed before the first)
 * make one history group: one undo takes the whole run back.  Other
 * changes of the same connection between two batches are their own.
 */
#define STORE_BATCH_MS	40
struct store_group {
	int64_t	 id;		/* history.txn, once a batch committed */
	int64_t	 ended;		/* when the last batch let the lock go */
};
int	 store_batch_run(struct store *s, struct store_group *g,
	    store_txn_fn fn, void *ctx, char **errp);
int	 store_batch_due(const struct store *s);
/* The longest any transaction of this connection held the write lock
   since the last reset, in milliseconds (for measurements). */
int64_t	 store_hold_max_ms(const struct store *s);
void	 store_hold_reset(struct store *s);

/* Articles. */
struct store_article {
	int64_t	 id;
	char	*title;
	char	*source;
	char	*hash;		/* SHA-256 hex of text */
	char	*meta;		/* JSON object text, "{}" when none */
	int64_t	 imported_at;	/* unix seconds */
	char	*text;		/* canonical text, NULL in list rows */
	size_t	 text_len;	/* bytes */
	int	 done;		/* done for the annotator asked about */
	int	 nspans;	/* accepted+suggested spans of that annotator */
	int	 nsuggested;	/* of those, the suggestions */
};
void	 store_article_free(struct store_article *a);
void	 store_article_rows_free(struct store_article *rows, size_t n);

/*
 * Add an article whose text is already canonical.  When an article with
 * the same content hash exists, nothing changes, *duplicate is set and *id
 * is the existing article's id.  meta may be NULL.
 */
int	 store_article_add(struct store *s, const char *title,
	    const char *source, const char *text, size_t len,
	    const char *meta, int64_t *id, int *duplicate, char **errp);
/* The whole article with its text; done/nspans for annotator. */
int	 store_article_get(struct store *s, int64_t id, const char *annotator,
	    struct store_article *a, char **errp);
/* The same without done, nspans and nsuggested (0): less to read for
   a reader of the text alone, such as an export. */
int	 store_article_text(struct store *s, int64_t id,
	    struct store_article *a, char **errp);

/* Which articles a list shows, in import order. */
struct store_article_filter {
	const char	*annotator;	/* whose done mark and span count;
					   NULL: done by anyone, everyone's
					   spans */
	const char	*tag;		/* only articles with this tag, or NULL */
	int		 status;	/* 0 all, 1 done, -1 todo (for annotator) */
	int		 with_hash;	/* rows carry hash and meta (they sit
					   after the text in the table, so a
					   list without them reads less) */
};
int	 store_article_count(struct store *s,
	    const struct store_article_filter *f, size_t *n, char **errp);
/* Rows offset..offset+limit of the filtered list, without text. */
int	 store_article_rows(struct store *s, const struct store_article_filter *f,
	    size_t offset, size_t limit, struct store_article **rows,
	    size_t *n, char **errp);
/*
 * Keyset paging: up to limit rows of the filtered list after article id
 * key (dir > 0; key 0 is the start) or before it (dir < 0; INT64_MAX is
 * the end), the first skip of them left out, in list order.  A window
 * next to one the caller has costs the rows fetched, wherever it is.
 * Rows without hash and meta, as the list shows them.
 */
int	 store_article_rows_near(struct store *s,
	    const struct store_article_filter *f, int64_t key, int dir,
	    size_t skip, size_t limit, struct store_article **rows,
	    size_t *n, char **errp);
/* The ids of up to limit articles of the filtered list after article
   id key (0: from the start), in list order: *ids is the caller's to
   free. */
int	 store_article_ids_after(struct store *s,
	    const struct store_article_filter *f, int64_t key, size_t limit,
	    int64_t **ids, size_t *n, char **errp);
/* Position in the filtered list of the first article not done by
   f->annotator; *pos = 0 when all are done or the list is empty. */
int	 store_article_first_todo(struct store *s,
	    const struct store_article_filter *f, size_t *pos, char **errp);
/* Position of article id in the filtered list; -1 in *pos if absent. */
int	 store_article_position(struct store *s,
	    const struct store_article_filter *f, int64_t id, long *pos,
	    char **errp);

/*
 * The next (dir > 0) or previous (dir < 0) article of the filtered list,
 * after or before article id in its order, that has suggestions of
 * f->annotator (which must be set): its id and position.  *found is 0
 * when there is none.  Indexed: it costs one seek per article where the
 * annotator has spans, never a read of every span.
 */
int	 store_article_next_suggested(struct store *s,
	    const struct store_article_filter *f, int64_t id, int dir,
	    int64_t *next, size_t *pos, int *found, char **errp);

/*
 * Full-text search (FTS5) over title and text, best matches first (title
 * words weigh more), within the filtered list, at most limit rows.  Each
 * word of query is matched as a word, never as FTS5 syntax; the last one
 * also as a prefix.  A query with no words gives no rows.
 */
int	 store_article_search(struct store *s, const char *query,
	    const struct store_article_filter *f, size_t limit,
	    struct store_article **rows, size_t *n, char **errp);

/*
 * Every article with its text, in import order, in one read transaction
 * (a snapshot).  The strings of a point into the current row and are
 * valid only during the call (done and nspans are 0).  A non-zero return
 * from cb stops the walk and is returned.  cb may call the store's read
 * functions, which see the same snapshot, and change another store.
 */
typedef int (*store_article_cb)(void *ctx, const struct store_article *a);
int	 store_article_foreach(struct store *s, store_article_cb cb,
	    void *ctx, char **errp);

/*
 * The articles whose text holds the words of phrase in sequence, as FTS5
 * sees words (case and accents folded, punctuation ignored): the
 * candidates for an exact search of phrase, in id order.  A phrase with
 * no words gives none.
 */
/*
 * How many articles the same phrase query matches and how many times in
 * all, from the index alone (no text is read): what a corpus-wide
 * propagation would visit, to show before it runs.  The index folds case
 * and accents and joins some words UAX #29 splits, so the occurrences
 * counted are an estimate of the exact ones.
 */
int	 store_article_phrase_count(struct store *s, const char *phrase,
	    size_t *articles, size_t *hits, char **errp);
/* The ids of every article, in id order. */
int	 store_article_ids(struct store *s, int64_t **ids, size_t *n,
	    char **errp);
int	 store_article_find_phrase(struct store *s, const char *phrase,
	    int64_t **ids, size_t *n, char **errp);

/* Per-annotator status. */
int	 store_article_set_done(struct store *s, int64_t id,
	    const char *annotator, int done, char **errp);
struct store_status {
	char	*annotator;
	int	 done;
	int64_t	 updated_at;
};
/* The done/todo marks of an article, by annotator. */
int	 store_status_rows(struct store *s, int64_t id,
	    struct store_status **v, size_t *n, char **errp);
void	 store_status_rows_free(struct store_status *v, size_t n);

/* Article tags. */
int	 store_tag_add(struct store *s, int64_t id, const char *tag,
	    const char *annotator, char **errp);
int	 store_tag_remove(struct store *s, int64_t id, const char *tag,
	    const char *annotator, char **errp);
/* Distinct tags of an article (any annotator), sorted. */
int	 store_tag_list(struct store *s, int64_t id, char ***tags, size_t *n,
	    char **errp);
void	 store_strings_free(char **v, size_t n);
struct store_tag {
	char	*tag;
	char	*annotator;
	int64_t	 created_at;
};
/* The tags of an article with who gave them, by tag and annotator. */
int	 store_tag_rows(struct store *s, int64_t id, struct store_tag **v,
	    size_t *n, char **errp);
void	 store_tag_rows_free(struct store_tag *v, size_t n);

/* Everyone who has spans, tags or a done/todo mark, sorted (by bytes),
   each once.  Free with store_strings_free(). */
int	 store_annotators(struct store *s, char ***names, size_t *n,
	    char **errp);

/* Labels (the schema of this database). */
struct store_label {
	int64_t	 id;
	char	*name;		/* [A-Za-z0-9_-]+ */
	char	*key;		/* keymap spelling, may be "" */
	char	*color;		/* colour name or number, may be "" */
	char	*description;
	int	 order;
};
void	 store_labels_free(struct store_label *v, size_t n);
int	 store_label_list(struct store *s, struct store_label **v, size_t *n,
	    char **errp);
/* Add, or update key/colour/description of an existing label. */
int	 store_label_add(struct store *s, const char *name, const char *key,
	    const char *color, const char *description, char **errp);
/* Remove a label; refused while spans use it. */
int	 store_label_remove(struct store *s, const char *name, char **errp);

/*
 * A whole schema (a label file), applied in one transaction, all or
 * nothing.  A label the schema names is added or updated (NULL members keep
 * what it has); a key the schema gives a label is taken from any other
 * label that had it (a key tags one label).  With replace, the labels are
 * put in the schema's order, and a label it leaves out is removed, or kept
 * after the schema's own when spans use it (marks are never lost).  *out
 * says what changed, for the caller to report.
 */
struct store_label_def {
	const char	*name;
	const char	*key;		/* NULL: keep */
	const char	*color;		/* NULL: keep */
	const char	*description;	/* NULL: keep */
};
enum store_label_effect_kind {
	STORE_LABEL_ADDED,	/* label added with key */
	STORE_LABEL_UPDATED,	/* key, colour or description changed
				   (key the new key, old_key the old) */
	STORE_LABEL_KEY_TAKEN,	/* label lost key to other */
	STORE_LABEL_REMOVED,	/* replace: left out, no span used it */
	STORE_LABEL_KEPT	/* replace: left out, kept for its uses spans
				   (key what it has now) */
};
struct store_label_effect {
	int	 kind;		/* enum store_label_effect_kind */
	char	*label;
	char	*other;		/* KEY_TAKEN: the label that has the key now */
	char	*key;		/* or NULL */
	char	*old_key;	/* UPDATED: the key before, or NULL */
	int64_t	 uses;		/* KEPT: the spans that use it */
};
struct store_label_effects {
	struct store_label_effect	*v;
	size_t				 n;
};
int	 store_label_apply(struct store *s, const struct store_label_def *defs,
	    size_t n, int replace, struct store_label_effects *out,
	    char **errp);
void	 store_label_effects_free(struct store_label_effects *e);
int	 store_label_valid_name(const char *name);

/* Spans. */
enum store_span_status {
	STORE_ACCEPTED,
	STORE_SUGGESTED,
	STORE_REJECTED
};
enum store_span_origin {
	STORE_MANUAL,
	STORE_PROPAGATED,
	STORE_GAZETTEER,
	STORE_MODEL,
	STORE_IMPORTED
};
const char *store_status_name(enum store_span_status st);
const char *store_origin_name(enum store_span_origin o);
int	 store_status_parse(const char *name, enum store_span_status *st);
int	 store_origin_parse(const char *name, enum store_span_origin *o);

struct store_span {
	int64_t			 id;
	int64_t			 article_id;
	size_t			 start;		/* code points, end exclusive */
	size_t			 end;
	size_t			 start_byte;	/* the same in bytes */
	size_t			 end_byte;
	char			*label;
	char			*text;		/* the span's text */
	char			*annotator;
	enum store_span_status	 status;
	enum store_span_origin	 origin;
	char			*note;		/* "" when none */
	double			 score;		/* suggestions; 0 otherwise */
	int64_t			 created_at;	/* unix seconds */
	int64_t			 updated_at;
	/* The entity the span names (SPEC §16), 0 when none, and the
	   link's own status: a variant offered is 'suggested' until
	   accepted.  Read rows carry the entity's name and knowledge-base
	   id ("" when none); on add they are not read. */
	int64_t			 entity_id;
	enum store_span_status	 entity_status;
	char			*entity_name;
	char			*entity_kb_id;
};
void	 store_span_free(struct store_span *sp);
/* A deep copy of src (its strings, NULL ones as ""), freed with
   store_span_free. */
void	 store_span_copy(struct store_span *dst, const struct store_span *src);
void	 store_spans_free(struct store_span *v, size_t n);
/*
 * Whether a span read from the store fits its article's text (len bytes):
 * its offsets in order, inside the text, on character boundaries.  Rows
 * another tool wrote are not trusted: whoever slices the text asks first.
 */
int	 store_span_fits(const struct store_span *sp, const char *text,
	    size_t len);

/*
 * Add a span (id, times are set by the store; *id may be NULL).  The label
 * must exist in the database, annotator NULL means store_actor().  The
 * article's text is the truth: the span must lie inside it, sp->text (when
 * not NULL) must be the text at start..end and the byte offsets (when
 * end_byte is not 0) must match, or the span is refused; the stored text
 * and byte offsets are taken from the article.
 */
int	 store_span_add(struct store *s, const struct store_span *sp,
	    int64_t *id, char **errp);
/*
 * The caller holds article's text, read from this store, with its offset
 * index (o->s, o->len; NULL or article 0: none).  Spans of it that come
 * with their byte offsets are then checked by reading only the span's
 * bytes from the database (blob I/O) and comparing them with o's, instead
 * of reading the whole text again; the text must stay until the hint is
 * taken back.  A text of another length than the article's is not used.
 */
struct text_offsets;
void	 store_span_text_hint(struct store *s, int64_t article,
	    const struct text_offsets *o);
int	 store_span_relabel(struct store *s, int64_t id, const char *label,
	    char **errp);
int	 store_span_set_note(struct store *s, int64_t id, const char *note,
	    char **errp);
int	 store_span_set_status(struct store *s, int64_t id,
	    enum store_span_status st, char **errp);
/* Accept span id with label (relabelled when it had another; NULL keeps
   its label): one change, undone at once. */
int	 store_span_accept(struct store *s, int64_t id, const char *label,
	    char **errp);
int	 store_span_delete(struct store *s, int64_t id, char **errp);
int	 store_span_get(struct store *s, int64_t id, struct store_span *sp,
	    char **errp);
/* Spans of an article in text order (start, then longer first); only
   annotator's when annotator is not NULL; rejected ones are left out. */
int	 store_span_list(struct store *s, int64_t article_id,
	    const char *annotator, struct store_span **v, size_t *n,
	    char **errp);
/* Every span of an article, rejected ones too, in the same order: only
   those at start..end when end is not 0, only annotator's when not NULL. */
int	 store_span_find(struct store *s, int64_t article_id, size_t start,
	    size_t end, const char *annotator, struct store_span **v,
	    size_t *n, char **errp);

/*
 * Streaming over spans for export, in one read transaction (a snapshot):
 * cb is called once per span in (article, start, end) order with the
 * span and its article's id, title, source and import time (text is NULL,
 * hash and meta empty: they sit after the text in the row, and reading
 * them for each span walked the text's pages).  A non-zero
 * return from cb stops the walk and is returned.  Memory stays constant:
 * the strings of both structs point into the current row and are valid
 * only during the call.  cb may call the store's read functions (e.g.
 * store_tag_list), which see the same snapshot.  tag matches any
 * annotator's tag.
 */
struct store_span_filter {
	const char	**labels;	/* NULL-terminated, or NULL for any */
	const char	 *annotator;	/* or NULL */
	const int64_t	 *articles;	/* article ids, or NULL for all */
	size_t		  narticles;
	const char	 *tag;		/* or NULL */
	int		  done;		/* only articles done (by annotator if
					   given, else by anyone) */
	int		  status;	/* bit set of 1 << store_span_status;
					   0 means accepted only */
	int		  spans_only;	/* store_span_foreach: the article
					   has its id only (title and source
					   ""), for a caller that reads it */
};
typedef int (*store_span_cb)(void *ctx, const struct store_article *a,
    const struct store_span *sp);
int	 store_span_foreach(struct store *s, const struct store_span_filter *f,
	    store_span_cb cb, void *ctx, char **errp);

/*
 * The same for article tags (export --what tags): one call per (article,
 * tag, annotator) in that order, in one snapshot.  Of the filter, the
 * annotator (whose tags), articles, tag and done apply; labels and status
 * do not.
 */
typedef int (*store_tag_cb)(void *ctx, const struct store_article *a,
    const char *tag, const char *annotator);
int	 store_tag_foreach(struct store *s, const struct store_span_filter *f,
	    store_tag_cb cb, void *ctx, char **errp);

/*
 * Bringing in another database's work (margin merge).  Each call is one
 * change, or joins the open transaction (store_txn_begin).
 *
 * store_span_merge: a span is the same when (article, start, end, label,
 * annotator) are; when one with that key is here with the same status and
 * note, nothing changes (PRESENT), with another status or note it is a
 * CONFLICT and what is here stays; else sp is added as store_span_add
 * would, keeping its status, origin, note, score and times (ADDED).
 * store_tag_merge: (article, tag, annotator) added unless present.
 * store_status_merge: the mark added when the annotator has none here (a
 * todo mark and no mark are the same); a different mark is a CONFLICT.
 */
enum store_merge_result {
	STORE_MERGE_PRESENT,
	STORE_MERGE_ADDED,
	STORE_MERGE_CONFLICT
};
int	 store_span_merge(struct store *s, const struct store_span *sp,
	    enum store_merge_result *result, int64_t *id, char **errp);
int	 store_tag_merge(struct store *s, int64_t id, const char *tag,
	    const char *annotator, int64_t created_at,
	    enum store_merge_result *result, char **errp);
int	 store_status_merge(struct store *s, int64_t id,
	    const char *annotator, int done, int64_t updated_at,
	    enum store_merge_result *result, char **errp);

/*
 * Entities (SPEC §16): who or what spans name, shared by every annotator
 * of the database.  An entity has a label (the label of the spans that
 * may link to it), a canonical name and an optional knowledge-base id
 * ("Q7747", a URL; "" when none).  Every change is one history group,
 * undone as spans are.
 */
struct store_entity {
	int64_t	 id;
	char	*label;
	char	*name;
	char	*kb_id;
	char	*created_by;
	int64_t	 created_at;
	int64_t	 updated_at;
	size_t	 mentions;	/* spans linked (accepted), rejected spans
				   left out */
	size_t	 suggested;	/* spans offered it as a suggestion */
	size_t	 in_article;	/* store_entity_list: mentions in the
				   article asked about */
};
void	 store_entity_free(struct store_entity *e);
void	 store_entities_free(struct store_entity *v, size_t n);
/* A new entity; label must exist, name must not be empty. */
int	 store_entity_add(struct store *s, const char *label, const char *name,
	    const char *kb_id, int64_t *id, char **errp);
/* The entity of label with this knowledge-base id (when kb_id is not
   ""), else with this name and no id, made when there is none: what an
   import links to.  *created says which. */
int	 store_entity_ensure(struct store *s, const char *label,
	    const char *name, const char *kb_id, int64_t *id, int *created,
	    char **errp);
int	 store_entity_get(struct store *s, int64_t id, struct store_entity *e,
	    char **errp);
/* Every entity of label (NULL: of every label), by label and name, with
   their mentions in article (0: none) counted in in_article. */
int	 store_entity_list(struct store *s, const char *label, int64_t article,
	    struct store_entity **v, size_t *n, char **errp);
/* A new name, and knowledge-base id (NULL keeps it). */
int	 store_entity_rename(struct store *s, int64_t id, const char *name,
	    const char *kb_id, char **errp);
/* Every span that names from names into instead, and from goes away: one
   change.  *moved (may be NULL) counts the spans. */
int	 store_entity_merge(struct store *s, int64_t into, int64_t from,
	    size_t *moved, char **errp);
/* The spans given (each must name id) name a new entity of id's label
   called name instead: one change. */
int	 store_entity_split(struct store *s, int64_t id, const int64_t *spans,
	    size_t n, const char *name, int64_t *new_id, char **errp);
/* Remove an entity; the spans that name it are unlinked (one change). */
int	 store_entity_remove(struct store *s, int64_t id, char **errp);
/* The spans that name entity id (accepted or suggested links), in
   article and text order, rejected spans left out. */
int	 store_entity_mentions(struct store *s, int64_t id,
	    struct store_span **v, size_t *n, char **errp);
/*
 * Link span to entity (0: unlink) with status st of the link: accepted,
 * suggested (offered, never silently taken) or rejected (turned down:
 * kept so that it is not offered again).  The entity's label must be the
 * span's.  A change to the same link records nothing.
 */
int	 store_span_link(struct store *s, int64_t span, int64_t entity,
	    enum store_span_status st, char **errp);
/* Link span to a new entity of its label, called name (NULL: the span's
   text), in one change. */
int	 store_span_link_new(struct store *s, int64_t span, const char *name,
	    const char *kb_id, int64_t *entity, char **errp);

/*
 * Relation labels (the schema's `relation` lines, SPEC §7, §16): the
 * labels of links between spans.  A symmetric one links its two spans
 * both ways (exports keep the order it was made in; agreement ignores
 * it).
 */
struct store_relation_label {
	int64_t	 id;
	char	*name;		/* [A-Za-z0-9_-]+ */
	char	*key;		/* read after the second span, may be "" */
	int	 symmetric;
	char	*description;
	int	 order;
};
void	 store_relation_labels_free(struct store_relation_label *v, size_t n);
int	 store_relation_label_list(struct store *s,
	    struct store_relation_label **v, size_t *n, char **errp);
/* Add, or update an existing one (NULL members and symmetric < 0
   keep what it has).  Not undoable, as span labels. */
int	 store_relation_label_add(struct store *s, const char *name,
	    const char *key, int symmetric, const char *description,
	    char **errp);
/* Refused while relations use it. */
int	 store_relation_label_remove(struct store *s, const char *name,
	    char **errp);
/*
 * A schema's relation labels, applied as store_label_apply applies its
 * span labels (joins an open transaction): each is added or updated, a
 * key taken from another relation label that had it, and with replace
 * the ones left out are removed unless relations use them.  *out counts
 * what changed in the same words (label is the relation label).
 */
struct store_relation_label_def {
	const char	*name;
	const char	*key;		/* NULL: keep */
	int		 symmetric;	/* < 0: keep */
	const char	*description;	/* NULL: keep */
};
int	 store_relation_label_apply(struct store *s,
	    const struct store_relation_label_def *defs, size_t n, int replace,
	    struct store_label_effects *out, char **errp);

/*
 * Relations: directed, labelled links from one span (src) to another
 * (dst) of the same article.  A span's relations go with it when it is
 * deleted (recorded, so an undo brings both back).
 */
struct store_relation {
	int64_t			 id;
	int64_t			 article_id;
	int64_t			 src;		/* span ids */
	int64_t			 dst;
	char			*label;
	char			*annotator;	/* NULL on add: store_actor() */
	enum store_span_status	 status;
	enum store_span_origin	 origin;
	char			*note;		/* "" when none */
	int64_t			 created_at;
	int64_t			 updated_at;
};
void	 store_relation_free(struct store_relation *r);
void	 store_relations_free(struct store_relation *v, size_t n);
/* Add a relation; the spans must be two of article_id's, the label in the
   schema.  The article is taken from the spans when article_id is 0. */
int	 store_relation_add(struct store *s, const struct store_relation *r,
	    int64_t *id, char **errp);
/* The same for margin merge and imports: a relation with the same (src,
   dst, label, annotator) is PRESENT and left as it is; times and status
   are kept. */
int	 store_relation_merge(struct store *s, const struct store_relation *r,
	    enum store_merge_result *result, int64_t *id, char **errp);
int	 store_relation_get(struct store *s, int64_t id,
	    struct store_relation *r, char **errp);
int	 store_relation_relabel(struct store *s, int64_t id, const char *label,
	    char **errp);
int	 store_relation_set_status(struct store *s, int64_t id,
	    enum store_span_status st, char **errp);
int	 store_relation_set_note(struct store *s, int64_t id, const char *note,
	    char **errp);
int	 store_relation_delete(struct store *s, int64_t id, char **errp);
/* An article's relations, of annotator (NULL: everyone's), in the order
   of their first span then their second; rejected ones only when
   with_rejected. */
int	 store_relation_list(struct store *s, int64_t article,
	    const char *annotator, int with_rejected,
	    struct store_relation **v, size_t *n, char **errp);

/*
 * Counts for `margin stats`, in one snapshot.  Spans are counted by
 * status (index: enum store_span_status).
 */
struct store_label_stats {
	char	*label;			/* every label, in schema order */
	size_t	 spans[3];
};
struct store_annotator_stats {
	char	*annotator;		/* as store_annotators() */
	size_t	 spans[3];
	size_t	 articles;		/* with accepted/suggested spans */
	size_t	 done;			/* articles marked done */
	size_t	 tags;
};
/* Articles marked done on one day (local time) by one annotator: the
   day each was last marked, so an article counts once. */
struct store_day_stats {
	char	*day;			/* YYYY-MM-DD */
	char	*annotator;
	size_t	 done;
};
struct store_stats {
	size_t				 articles;
	struct store_label_stats	*labels;
	size_t				 nlabels;
	struct store_annotator_stats	*annotators;
	size_t				 nannotators;
	struct store_day_stats		*days;	/* by day, then annotator */
	size_t				 ndays;
};
int	 store_stats(struct store *s, struct store_stats *st, char **errp);
void	 store_stats_free(struct store_stats *st);

/*
 * History (§5): every change to spans, tags, per-annotator status and
 * labels is recorded in the transaction that makes it, with the row
 * before and after as JSON objects of the table's columns (before is NULL
 * for an insert, after for a delete).  txn groups the changes of one
 * transaction (one user action, or one import batch): undo reverts a
 * whole group.  A change to the same value records nothing.
 */
struct store_history {
	int64_t	 id;
	int64_t	 txn;
	int64_t	 at;		/* unix seconds */
	char	*actor;		/* store_actor() of the connection */
	char	*entity;	/* "span", "tag", "status", "label" */
	int64_t	 entity_id;	/* span, tag or label id; article id for
				   status */
	char	*op;		/* "insert", "update", "delete" */
	char	*before;	/* JSON, or NULL */
	char	*after;		/* JSON, or NULL */
};
int	 store_history_count(struct store *s, size_t *n, char **errp);

/*
 * Undo and redo, from history, so they survive a restart.  store_undo
 * takes back annotator's (NULL: store_actor's) last change group that is
 * not undone yet: a deleted span comes back with its id, note and times,
 * a relabel, note or status change is reverted, an added span or tag goes
 * away, a removed tag comes back, a done or todo mark is set back.
 * store_redo puts back the group the last undo took back; a new change by
 * the annotator ends the redo chain.  Label changes are not undone.  Undo
 * and redo are changes themselves (recorded, but never taken back by a
 * later undo).
 *
 * When someone changed one of the rows since (another annotator, another
 * process), nothing is changed and the call fails saying who.  On success
 * *what says what was undone or redone; what->count is 0 when there was
 * nothing to undo (or redo).
 */
struct store_change {
	char	*description;	/* "undo: deleted PER “Blinken”", for the
				   status line (sanitise before drawing) */
	size_t	 count;		/* rows changed */
	int64_t	 article_id;	/* where: the first row's article, 0 if
				   none */
	int	 has_span;	/* the group changed a span: */
	size_t	 start;		/* the first span's start, code points */
	size_t	 start_byte;	/* and bytes */
};
int	 store_undo(struct store *s, const char *annotator,
	    struct store_change *what, char **errp);
int	 store_redo(struct store *s, const char *annotator,
	    struct store_change *what, char **errp);
void	 store_change_free(struct store_change *what);

/*
 * The same, a batch at a time (store_batch_run), for a group of many
 * rows (a bulk write): store_undo_start() finds the group (what says what
 * it is and how many rows it has; count 0: nothing to undo), each
 * store_undo_step() puts back one batch and returns 1 while rows are
 * left, 0 when done, -1 on a conflict or an error: the rows of the
 * batches before stay put back, and the next undo goes on from there.
 * A group that fits in one batch is put back all or nothing.
 */
struct store_undo_run;
int	 store_undo_start(struct store *s, const char *annotator, int redo,
	    struct store_undo_run **u, char **errp);
int	 store_undo_step(struct store_undo_run *u, char **errp);
const struct store_change *store_undo_what(const struct store_undo_run *u);
void	 store_undo_progress(const struct store_undo_run *u, size_t *done,
	    size_t *total);
void	 store_undo_finish(struct store_undo_run *u);

/* Entries with id > after_id, oldest first. */
int	 store_history_list(struct store *s, int64_t after_id,
	    struct store_history **v, size_t *n, char **errp);
void	 store_history_free(struct store_history *v, size_t n);

/*
 * The tagger's models (SPEC §11), shared by every annotator: params is
 * the tagger's blob of format format, trained_on a JSON object saying
 * what it learnt from (filters, articles, tokens, labels).  Models are
 * kept, newest last; the newest is the one in use.  Not undoable.
 */
struct store_model {
	int64_t	 id;
	int64_t	 created_at;	/* unix seconds */
	char	*created_by;	/* NULL on save: store_actor() */
	int	 format;
	char	*trained_on;	/* JSON object text; NULL on save: "{}" */
	void	*params;	/* NULL in list rows */
	size_t	 params_len;	/* bytes (list rows too) */
};
void	 store_model_free(struct store_model *m);
void	 store_models_free(struct store_model *v, size_t n);
int	 store_model_save(struct store *s, const struct store_model *m,
	    int64_t *id, char **errp);
/* The newest model; *found is 0 when none was trained yet. */
int	 store_model_latest(struct store *s, struct store_model *m,
	    int *found, char **errp);
/* Every model, oldest first, without params. */
int	 store_model_list(struct store *s, struct store_model **v, size_t *n,
	    char **errp);

/*
 * For the TUI's assistance (SPEC §11).  The newest model's id and time
 * (*found 0 when none was trained).  Whether annotator has spans of
 * origin model in article made at or after since (unix seconds): the
 * suggestions of a model trained then, in whatever status they are now.
 */
int	 store_model_newest(struct store *s, int64_t *id, int64_t *created_at,
	    int *found, char **errp);
int	 store_span_model_since(struct store *s, int64_t article,
	    const char *annotator, int64_t since, int *has, char **errp);
/*
 * The article of the filtered list (f->annotator must be set), other
 * than except, not marked done by f->annotator, that holds the pending
 * suggestion of origin model of f->annotator that the model is least
 * sure of, the one scored nearest 0.5: its id, position in the list and
 * that score; *found 0 when there is none.  Indexed
 * (spans_model_pending): it reads a few thousand suggestions nearest
 * 0.5, and only when all of those are in done articles does it look at
 * each article with spans of the annotator (one seek each), never at
 * every span.
 */
int	 store_article_least_certain(struct store *s,
	    const struct store_article_filter *f, int64_t except, int64_t *id,
	    size_t *pos, double *score, int *found, char **errp);

/*
 * Gazetteers (SPEC §11): named lists of names, each name with a label,
 * matched case-sensitively or ignoring case.  Not part of history: a
 * list is loaded or removed, never undone.
 *
 * A load is a bulk write: store_gazetteer_load_start() opens it,
 * store_gazetteer_load_add() writes the names handed to it in batches
 * (store_batch_run), store_gazetteer_load_finish() with commit set puts
 * the new list in place of the one of that name in one transaction (so
 * that others see the old list or the new one, whole), and without it
 * (an error, Ctrl-C) drops what was written.  The names of a list put
 * aside are deleted in batches afterwards; a load or rm that stops half
 * way leaves them to the next load of that name or rm.
 */
struct store_gazetteer {
	char	*name;
	int	 ignore_case;
	size_t	 count;		/* names (a name with two labels: two) */
	char	*labels;	/* its labels, sorted, "," between */
	int64_t	 created_at;
	char	*created_by;
};
void	 store_gazetteers_free(struct store_gazetteer *v, size_t n);
int	 store_gazetteer_list(struct store *s, struct store_gazetteer **v,
	    size_t *n, char **errp);
struct store_gazetteer_entry {
	const char	*name;	/* UTF-8, not empty */
	const char	*label;
};
struct store_gazetteer_load;
int	 store_gazetteer_load_start(struct store *s, const char *name,
	    int ignore_case, struct store_gazetteer_load **l, char **errp);
int	 store_gazetteer_load_add(struct store_gazetteer_load *l,
	    const struct store_gazetteer_entry *v, size_t n, char **errp);
int	 store_gazetteer_load_finish(struct store_gazetteer_load *l,
	    int commit, char **errp);
/* Remove list name; *found is 0 when there is none. */
int	 store_gazetteer_remove(struct store *s, const char *name, int *found,
	    char **errp);
/*
 * Every name of list name, in one snapshot: cb(ctx, name, label) once a
 * name and label (a non-zero return stops and is returned).  *found is 0
 * when there is no such list; *ignore_case says how it matches.
 */
typedef int (*store_gazetteer_cb)(void *ctx, const char *name,
    const char *label);
int	 store_gazetteer_names(struct store *s, const char *name,
	    store_gazetteer_cb cb, void *ctx, int *found, int *ignore_case,
	    char **errp);

#endif
