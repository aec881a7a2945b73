/*
 * store.h: the SQLite database of margin (SPEC §5): articles, labels, spans,
 * article tags, per-annotator status and the history of every change.
 *
 * Every function that changes something runs inside a transaction that
 * begins with BEGIN IMMEDIATE (so a busy database waits instead of failing
 * half-way) and is committed before the function returns: when it returns
 * 0, the change is on disk.  store_txn_begin()/store_txn_commit() group
 * several changes (an import batch) into one transaction; the functions
 * join an open transaction instead of starting their own.
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

#define STORE_SCHEMA_VERSION 1

enum store_open_flags {
	STORE_READONLY = 1 << 0,	/* never write; refuse to create */
};

/*
 * Open (creating it and its folder if needed, unless STORE_READONLY) the
 * database at path, or ":memory:".  A file that is not a margin database,
 * is corrupt, or has a newer schema is refused and left untouched.
 * actor is the annotator recorded in the history of changes.
 * A database the user cannot write is opened read-only, and
 * store_readonly() says so.
 */
int	 store_open(struct store **sp, const char *path, const char *actor,
	    int flags, char **errp);
void	 store_close(struct store *s);
int	 store_readonly(const struct store *s);
/* Non-zero when this store_open() created the database (and gave it the
   default labels, PER ORG LOC MISC): the moment to load a label file. */
int	 store_created(const struct store *s);
const char *store_path(const struct store *s);
const char *store_actor(const struct store *s);
void	 store_set_actor(struct store *s, const char *actor);
/* Non-zero when another connection committed since the last call. */
int	 store_changed(struct store *s);

int	 store_txn_begin(struct store *s, char **errp);
int	 store_txn_commit(struct store *s, char **errp);
void	 store_txn_rollback(struct store *s);

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

/* Which articles a list shows, in import order. */
struct store_article_filter {
	const char	*annotator;	/* whose done mark and span count;
					   NULL: done by anyone, everyone's
					   spans */
	const char	*tag;		/* only articles with this tag, or NULL */
	int		 status;	/* 0 all, 1 done, -1 todo (for annotator) */
};
int	 store_article_count(struct store *s,
	    const struct store_article_filter *f, size_t *n, char **errp);
/* Rows offset..offset+limit of the filtered list, without text. */
int	 store_article_rows(struct store *s, const struct store_article_filter *f,
	    size_t offset, size_t limit, struct store_article **rows,
	    size_t *n, char **errp);
/* Position in the filtered list of the first article not done by
   f->annotator; *pos = 0 when all are done or the list is empty. */
int	 store_article_first_todo(struct store *s,
	    const struct store_article_filter *f, size_t *pos, char **errp);
/* Position of article id in the filtered list; -1 in *pos if absent. */
int	 store_article_position(struct store *s,
	    const struct store_article_filter *f, int64_t id, long *pos,
	    char **errp);

/*
 * Full-text search (FTS5) over title and text, best matches first (title
 * words weigh more), within the filtered list, at most limit rows.  Each
 * word of query is matched as a word, never as FTS5 syntax; the last one
 * also as a prefix.  A query with no words gives no rows.
 */
int	 store_article_search(struct store *s, const char *query,
	    const struct store_article_filter *f, size_t limit,
	    struct store_article **rows, size_t *n, char **errp);

/* Per-annotator status. */
int	 store_article_set_done(struct store *s, int64_t id,
	    const char *annotator, int done, char **errp);

/* Article tags. */
int	 store_tag_add(struct store *s, int64_t id, const char *tag,
	    const char *annotator, char **errp);
int	 store_tag_remove(struct store *s, int64_t id, const char *tag,
	    const char *annotator, char **errp);
/* Distinct tags of an article (any annotator), sorted. */
int	 store_tag_list(struct store *s, int64_t id, char ***tags, size_t *n,
	    char **errp);
void	 store_strings_free(char **v, size_t n);

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
};
void	 store_span_free(struct store_span *sp);
void	 store_spans_free(struct store_span *v, size_t n);

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
int	 store_span_relabel(struct store *s, int64_t id, const char *label,
	    char **errp);
int	 store_span_set_note(struct store *s, int64_t id, const char *note,
	    char **errp);
int	 store_span_set_status(struct store *s, int64_t id,
	    enum store_span_status st, char **errp);
int	 store_span_delete(struct store *s, int64_t id, char **errp);
int	 store_span_get(struct store *s, int64_t id, struct store_span *sp,
	    char **errp);
/* Spans of an article in text order (start, then longer first); only
   annotator's when annotator is not NULL; rejected ones are left out. */
int	 store_span_list(struct store *s, int64_t article_id,
	    const char *annotator, struct store_span **v, size_t *n,
	    char **errp);

/*
 * Streaming over spans for export, in one read transaction (a snapshot):
 * cb is called once per span in (article, start, end) order with the
 * span and its article's id, title and source (text is NULL).  A non-zero
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
#define STORE_HAVE_TAG_FOREACH 1
typedef int (*store_tag_cb)(void *ctx, const struct store_article *a,
    const char *tag, const char *annotator);
int	 store_tag_foreach(struct store *s, const struct store_span_filter *f,
	    store_tag_cb cb, void *ctx, char **errp);

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
/* Entries with id > after_id, oldest first. */
int	 store_history_list(struct store *s, int64_t after_id,
	    struct store_history **v, size_t *n, char **errp);
void	 store_history_free(struct store_history *v, size_t n);

#endif
