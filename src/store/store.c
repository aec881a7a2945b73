/*
 * store.c: margin's SQLite database (SPEC §5, §10, §12): which files it
 * accepts, the schema and its migrations, transactions shared by several
 * processes, and every read and write of articles, labels, spans and tags.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
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

/* PRAGMA application_id of every margin database: 'marg' in ASCII. */
#define STORE_APPLICATION_ID	1835102823
#define STORE_STR(x)		#x
#define STORE_XSTR(x)		STORE_STR(x)

/* How long one BEGIN IMMEDIATE waits for another writer, and how many
   times it tries again after that: a busy database means waiting, never
   an error the user sees, unless another process hangs on to it. */
#define STORE_BUSY_TIMEOUT_MS	5000
#define STORE_BUSY_RETRIES	6

/*
 * The labels of a new database: the CoNLL-2003 types, exactly as
 * share/labels/conll.labels writes them (a unit test compares the two).
 * They are inserted in the transaction that creates the database, so a
 * database never exists without its schema, even when two processes
 * create it at once.
 */
static const struct {
	const char	*name;
	const char	*key;
	const char	*color;
	const char	*description;
} store_default_labels[] = {
	{ "PER", "1", "red", "Person: people, real or fictional" },
	{ "ORG", "2", "blue", "Organisation: companies, institutions, "
	    "teams, parties" },
	{ "LOC", "3", "green", "Location: countries, cities, regions, "
	    "rivers, mountains" },
	{ "MISC", "4", "magenta", "Other names: nationalities, events, "
	    "works, products" },
};

/*
 * Schema version 1.  Offsets are code points (start inclusive, end
 * exclusive) with their byte equivalents; spans name their label, so that
 * a label in use cannot be removed (the foreign key) and exports need no
 * join.  history keeps each change's row before and after as JSON, grouped
 * by transaction, which is all an undo or redo needs.  The FTS5 index
 * holds no copy of the text (external content) and triggers keep it in
 * step with articles.
 */
static const char store_schema_v1[] =
	"CREATE TABLE articles ("
	"  id          INTEGER PRIMARY KEY,"
	"  title       TEXT NOT NULL DEFAULT '',"
	"  source      TEXT NOT NULL DEFAULT '',"
	"  imported_at INTEGER NOT NULL,"
	"  text        TEXT NOT NULL,"
	"  hash        TEXT NOT NULL UNIQUE,"
	"  meta        TEXT NOT NULL DEFAULT '{}'"
	"              CHECK (json_valid(meta) AND json_type(meta) = 'object')"
	");"
	"CREATE TABLE article_status ("
	"  article     INTEGER NOT NULL REFERENCES articles(id)"
	"              ON DELETE CASCADE,"
	"  annotator   TEXT NOT NULL,"
	"  status      TEXT NOT NULL CHECK (status IN ('todo', 'done')),"
	"  updated_at  INTEGER NOT NULL,"
	"  PRIMARY KEY (article, annotator)"
	") WITHOUT ROWID;"
	"CREATE INDEX article_status_by_annotator"
	"  ON article_status(annotator, status, article);"
	"CREATE TABLE labels ("
	"  id          INTEGER PRIMARY KEY,"
	"  name        TEXT NOT NULL UNIQUE"
	"              CHECK (name <> '' AND name NOT GLOB '*[^A-Za-z0-9_-]*'),"
	"  key         TEXT NOT NULL DEFAULT '',"
	"  color       TEXT NOT NULL DEFAULT '',"
	"  description TEXT NOT NULL DEFAULT '',"
	"  ord         INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE spans ("
	"  id          INTEGER PRIMARY KEY,"
	"  article     INTEGER NOT NULL REFERENCES articles(id)"
	"              ON DELETE CASCADE,"
	"  start       INTEGER NOT NULL CHECK (start >= 0),"
	"  end         INTEGER NOT NULL CHECK (end > start),"
	"  start_byte  INTEGER NOT NULL CHECK (start_byte >= 0),"
	"  end_byte    INTEGER NOT NULL CHECK (end_byte > start_byte),"
	"  label       TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,"
	"  text        TEXT NOT NULL,"
	"  annotator   TEXT NOT NULL,"
	"  status      TEXT NOT NULL DEFAULT 'accepted'"
	"              CHECK (status IN ('accepted', 'suggested', 'rejected')),"
	"  origin      TEXT NOT NULL DEFAULT 'manual'"
	"              CHECK (origin IN ('manual', 'propagated', 'gazetteer',"
	"                                'model', 'imported')),"
	"  note        TEXT NOT NULL DEFAULT '',"
	"  score       REAL NOT NULL DEFAULT 0,"
	"  created_at  INTEGER NOT NULL,"
	"  updated_at  INTEGER NOT NULL"
	");"
	/* Per-article lists and the export order (article, start, end). */
	"CREATE INDEX spans_in_order ON spans(article, start, end);"
	"CREATE INDEX spans_by_annotator ON spans(annotator, article, status);"
	"CREATE INDEX spans_by_label ON spans(label);"
	"CREATE TABLE article_tags ("
	"  id          INTEGER PRIMARY KEY,"
	"  article     INTEGER NOT NULL REFERENCES articles(id)"
	"              ON DELETE CASCADE,"
	"  tag         TEXT NOT NULL CHECK (tag <> ''),"
	"  annotator   TEXT NOT NULL,"
	"  created_at  INTEGER NOT NULL,"
	"  UNIQUE (article, tag, annotator)"
	");"
	"CREATE INDEX article_tags_by_tag ON article_tags(tag, article);"
	"CREATE TABLE history ("
	"  id          INTEGER PRIMARY KEY,"
	"  txn         INTEGER NOT NULL,"
	"  at          INTEGER NOT NULL,"
	"  actor       TEXT NOT NULL,"
	"  entity      TEXT NOT NULL"
	"              CHECK (entity IN ('span', 'tag', 'status', 'label')),"
	"  entity_id   INTEGER NOT NULL,"
	"  op          TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),"
	"  before      TEXT CHECK (before IS NULL OR json_valid(before)),"
	"  after       TEXT CHECK (after IS NULL OR json_valid(after))"
	");"
	"CREATE INDEX history_by_txn ON history(txn);"
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,"
	"  content='articles', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
	"  INSERT INTO articles_fts(rowid, title, text)"
	"    VALUES (new.id, new.title, new.text);"
	"END;"
	"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	"    VALUES ('delete', old.id, old.title, old.text);"
	"END;"
	"CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text"
	"  ON articles BEGIN"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	"    VALUES ('delete', old.id, old.title, old.text);"
	"  INSERT INTO articles_fts(rowid, title, text)"
	"    VALUES (new.id, new.title, new.text);"
	"END;"
	"PRAGMA user_version = 1;";

/*
 * Schema version 2: what undo and redo need.  Each history row says what
 * made it (kind: a change, or an undo or redo of one) and, for changes
 * that can be undone (all but label changes), where its group stands:
 * live (undo may take it back), undone (redo may put it back) or dead
 * (undone, then another change came: no redo any more).  reverts names
 * the group an undo or redo row took back or put back.
 * The indexes find an annotator's last live group and first undone one,
 * and the later changes of one row.
 */
static const char store_schema_v2[] =
	"ALTER TABLE history ADD COLUMN kind TEXT NOT NULL DEFAULT 'do'"
	"  CHECK (kind IN ('do', 'undo', 'redo'));"
	"ALTER TABLE history ADD COLUMN state TEXT"
	"  CHECK (state IS NULL OR state IN ('live', 'undone', 'dead'));"
	"ALTER TABLE history ADD COLUMN reverts INTEGER;"
	"UPDATE history SET state = 'live' WHERE entity <> 'label';"
	"CREATE INDEX history_undo ON history(actor, state, txn);"
	"CREATE INDEX history_by_entity ON history(entity, entity_id);"
	"PRAGMA user_version = 2;";

/*
 * The migrations: step i brings a database to version store_migrations[i]
 * .version, all of them in the one transaction that store_open() holds.
 * A later schema appends a step (ALTER TABLE ...; PRAGMA user_version = N)
 * and raises STORE_SCHEMA_VERSION.
 */
static const struct store_migration {
	int		 version;
	const char	*sql;
} store_migrations[] = {
	{ 1, store_schema_v1 },
	{ 2, store_schema_v2 },
};

/*
 * The oldest schema a read-only connection can read: the migrations since
 * then changed only what writes use (history's undo columns), and merge
 * must be able to read another database without upgrading it.
 */
#define STORE_OLDEST_READABLE	1

/* Whether an article is done, for ?1 (any annotator when NULL). */
#define STORE_DONE_SQL							\
	"EXISTS (SELECT 1 FROM article_status st"			\
	" WHERE st.article = a.id AND st.status = 'done'"		\
	" AND (?1 IS NULL OR st.annotator = ?1))"
/* Live (accepted or suggested) spans of ?1 in an article. */
#define STORE_NSPANS_SQL						\
	"(SELECT count(*) FROM spans sp WHERE sp.article = a.id"	\
	" AND sp.status <> 'rejected'"					\
	" AND (?1 IS NULL OR sp.annotator = ?1))"
/* struct store_article_filter: ?1 annotator, ?2 tag, ?3 status. */
#define STORE_FILTER_SQL						\
	"(?2 IS NULL OR EXISTS (SELECT 1 FROM article_tags t"		\
	" WHERE t.article = a.id AND t.tag = ?2))"			\
	" AND (?3 = 0 OR (?3 > 0) = " STORE_DONE_SQL ")"
#define STORE_ROW_SQL							\
	"SELECT a.id, a.title, a.source, a.hash, a.meta, a.imported_at, " \
	STORE_DONE_SQL ", " STORE_NSPANS_SQL
/* The same columns for lists, without hash and meta: they come after the
   text in a row, and reading them walks the whole text. */
#define STORE_LIST_SQL							\
	"SELECT a.id, a.title, a.source, '', '{}', a.imported_at, "	\
	STORE_DONE_SQL ", " STORE_NSPANS_SQL
#define STORE_SPAN_COLUMNS						\
	"id, article, start, end, start_byte, end_byte, label, text,"	\
	" annotator, status, origin, note, score, created_at, updated_at"

/*
 * The id of a new span or tag row: past every id the table has ever
 * given, which history remembers.  Undo and redo put rows back with their
 * old ids, so no id may go to a second row (SQLite would reuse the
 * largest id once its row is deleted).
 */
#define STORE_NEXT_ID(table, entity)					\
	"(SELECT max(coalesce((SELECT max(id) FROM " table "), 0),"	\
	" coalesce((SELECT max(entity_id) FROM history"			\
	" WHERE entity = '" entity "'), 0)) + 1)"
/* A span row from the JSON object history keeps (?1). */
#define STORE_SPAN_FROM_JSON						\
	"json_extract(?1, '$.article'), json_extract(?1, '$.start'),"	\
	" json_extract(?1, '$.end'), json_extract(?1, '$.start_byte'),"	\
	" json_extract(?1, '$.end_byte'), json_extract(?1, '$.label'),"	\
	" json_extract(?1, '$.text'), json_extract(?1, '$.annotator'),"	\
	" json_extract(?1, '$.status'), json_extract(?1, '$.origin'),"	\
	" json_extract(?1, '$.note'), json_extract(?1, '$.score'),"	\
	" json_extract(?1, '$.created_at'), json_extract(?1, '$.updated_at')"

/* The statements that are prepared once and kept for the connection. */
enum store_stmt {
	ST_DATA_VERSION,
	ST_ARTICLE_BY_HASH,
	ST_ARTICLE_INSERT,
	ST_ARTICLE_EXISTS,
	ST_ARTICLE_GET,
	ST_ARTICLE_ROWS,
	ST_ARTICLE_ROWS_HASH,
	ST_ARTICLE_COUNT,
	ST_COUNT_ALL,
	ST_COUNT_DONE_BY,
	ST_COUNT_DONE_ANY,
	ST_ARTICLE_FIRST_TODO,
	ST_ARTICLE_IN_LIST,
	ST_ARTICLE_BEFORE,
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
	ST_HISTORY_NEXT_TXN,
	ST_HISTORY_INSERT,
	ST_HISTORY_CLEAR_REDO,
	ST_HISTORY_COUNT,
	ST_HISTORY_LIST,
	ST_UNDO_TARGET,
	ST_REDO_TARGET,
	ST_HISTORY_GROUP,
	ST_HISTORY_MARK,
	ST_HISTORY_WHO,
	ST_STATS_LABELS,
	ST_STATS_SPANS,
	ST_STATS_DONE,
	ST_STATS_TAGS,
	ST_COUNT
};

static const char *const store_stmt_sql[ST_COUNT] = {
	[ST_DATA_VERSION] = "PRAGMA data_version",
	[ST_ARTICLE_BY_HASH] = "SELECT id FROM articles WHERE hash = ?1",
	[ST_ARTICLE_INSERT] =
	    "INSERT INTO articles(title, source, imported_at, text, hash, meta)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_ARTICLE_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
	[ST_ARTICLE_GET] = STORE_ROW_SQL ", a.text FROM articles a"
	    " WHERE a.id = ?4",
	[ST_ARTICLE_ROWS] = STORE_LIST_SQL " FROM articles a WHERE "
	    STORE_FILTER_SQL " ORDER BY a.id LIMIT ?4 OFFSET ?5",
	[ST_ARTICLE_ROWS_HASH] = STORE_ROW_SQL " FROM articles a WHERE "
	    STORE_FILTER_SQL " ORDER BY a.id LIMIT ?4 OFFSET ?5",
	[ST_ARTICLE_COUNT] = "SELECT count(*) FROM articles a WHERE "
	    STORE_FILTER_SQL,
	/* Without a tag filter the counts need not visit every article:
	   SQLite counts a table without a WHERE from its b-tree, and the
	   done marks come from their own index (articles are never
	   deleted, so every mark has its article). */
	[ST_COUNT_ALL] = "SELECT count(*) FROM articles",
	[ST_COUNT_DONE_BY] = "SELECT count(*) FROM article_status"
	    " WHERE annotator = ?1 AND status = 'done'",
	[ST_COUNT_DONE_ANY] = "SELECT count(DISTINCT article) FROM"
	    " article_status WHERE status = 'done'",
	[ST_ARTICLE_FIRST_TODO] = "SELECT a.id FROM articles a WHERE "
	    STORE_FILTER_SQL " AND NOT " STORE_DONE_SQL
	    " ORDER BY a.id LIMIT 1",
	[ST_ARTICLE_IN_LIST] = "SELECT 1 FROM articles a WHERE a.id = ?4 AND "
	    STORE_FILTER_SQL,
	[ST_ARTICLE_BEFORE] = "SELECT count(*) FROM articles a WHERE a.id < ?4"
	    " AND " STORE_FILTER_SQL,
	/* Title words weigh more than body words. */
	/* Without a filter, rank in the index alone and join only the rows
	   kept: the done mark and span count of each match would otherwise
	   be computed before the sort (half the time at 100k articles). */
	[ST_ARTICLE_SEARCH_ALL] = "WITH hits AS (SELECT rowid AS id,"
	    " bm25(articles_fts, 10.0, 1.0) AS score FROM articles_fts"
	    " WHERE articles_fts MATCH ?4 ORDER BY score, rowid LIMIT ?5) "
	    STORE_LIST_SQL " FROM hits JOIN articles a ON a.id = hits.id"
	    " WHERE ?2 IS NULL AND ?3 = 0 ORDER BY hits.score, a.id",
	[ST_ARTICLE_SEARCH] = STORE_LIST_SQL " FROM articles_fts"
	    " JOIN articles a ON a.id = articles_fts.rowid"
	    " WHERE articles_fts MATCH ?4 AND " STORE_FILTER_SQL
	    " ORDER BY bm25(articles_fts, 10.0, 1.0), a.id LIMIT ?5",
	[ST_JSON_OBJECT] = "SELECT json_valid(?1) AND json_type(?1) = 'object'",
	[ST_JSON_EXTRACT] = "SELECT json_extract(?1, ?2)",
	[ST_STATUS_JSON] = "SELECT json_object('article', article,"
	    " 'annotator', annotator, 'status', status, 'updated_at', updated_at)"
	    " FROM article_status WHERE article = ?1 AND annotator = ?2",
	[ST_STATUS_UPSERT] = "INSERT INTO article_status(article, annotator,"
	    " status, updated_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT(article, annotator) DO UPDATE"
	    " SET status = excluded.status, updated_at = excluded.updated_at"
	    " WHERE status IS NOT excluded.status",
	[ST_TAG_INSERT] = "INSERT OR IGNORE INTO article_tags(id, article, tag,"
	    " annotator, created_at) VALUES (" STORE_NEXT_ID("article_tags",
	    "tag") ", ?1, ?2, ?3, ?4)",
	[ST_TAG_FIND] = "SELECT id FROM article_tags"
	    " WHERE article = ?1 AND tag = ?2 AND annotator = ?3",
	[ST_TAG_JSON] = "SELECT json_object('id', id, 'article', article,"
	    " 'tag', tag, 'annotator', annotator, 'created_at', created_at)"
	    " FROM article_tags WHERE id = ?1",
	[ST_TAG_DELETE] = "DELETE FROM article_tags WHERE id = ?1",
	[ST_TAG_LIST] = "SELECT DISTINCT tag FROM article_tags"
	    " WHERE article = ?1 ORDER BY tag",
	[ST_ANNOTATORS] = "SELECT annotator FROM spans"
	    " UNION SELECT annotator FROM article_tags"
	    " UNION SELECT annotator FROM article_status ORDER BY 1",
	[ST_LABEL_LIST] = "SELECT id, name, key, color, description, ord"
	    " FROM labels ORDER BY ord, id",
	[ST_LABEL_FIND] = "SELECT id FROM labels WHERE name = ?1",
	[ST_LABEL_JSON] = "SELECT json_object('id', id, 'name', name,"
	    " 'key', key, 'color', color, 'description', description,"
	    " 'ord', ord) FROM labels WHERE id = ?1",
	[ST_LABEL_INSERT] = "INSERT INTO labels(name, key, color, description,"
	    " ord) VALUES (?1, ?2, ?3, ?4,"
	    " (SELECT coalesce(max(ord), 0) + 1 FROM labels))",
	[ST_LABEL_UPDATE] = "UPDATE labels SET key = coalesce(?2, key),"
	    " color = coalesce(?3, color),"
	    " description = coalesce(?4, description) WHERE id = ?1",
	[ST_LABEL_USES] = "SELECT count(*) FROM spans WHERE label = ?1",
	[ST_LABEL_DELETE] = "DELETE FROM labels WHERE id = ?1",
	[ST_SPAN_CHECK] = "SELECT text FROM articles WHERE id = ?1",
	[ST_SPAN_INSERT] = "INSERT INTO spans(id, article, start, end,"
	    " start_byte, end_byte, label, text, annotator, status, origin,"
	    " note, score, created_at, updated_at) VALUES ("
	    STORE_NEXT_ID("spans", "span") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9, ?10, ?11, ?12, ?13, ?14)",
	[ST_SPAN_JSON] = "SELECT json_object('id', id, 'article', article,"
	    " 'start', start, 'end', end, 'start_byte', start_byte,"
	    " 'end_byte', end_byte, 'label', label, 'text', text,"
	    " 'annotator', annotator, 'status', status, 'origin', origin,"
	    " 'note', note, 'score', score, 'created_at', created_at,"
	    " 'updated_at', updated_at) FROM spans WHERE id = ?1",
	[ST_SPAN_GET] = "SELECT " STORE_SPAN_COLUMNS " FROM spans WHERE id = ?1",
	[ST_SPAN_LIST] = "SELECT " STORE_SPAN_COLUMNS " FROM spans"
	    " WHERE article = ?1 AND annotator = ?2 AND status <> 'rejected'"
	    " ORDER BY start, end DESC, id",
	[ST_SPAN_LIST_ALL] = "SELECT " STORE_SPAN_COLUMNS " FROM spans"
	    " WHERE article = ?1 AND status <> 'rejected'"
	    " ORDER BY start, end DESC, id",
	/* The IS NOT makes a change to the same value touch no row, so that
	   it records no history. */
	[ST_SPAN_RELABEL] = "UPDATE spans SET label = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND label IS NOT ?2",
	[ST_SPAN_NOTE] = "UPDATE spans SET note = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND note IS NOT ?2",
	[ST_SPAN_STATUS] = "UPDATE spans SET status = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND status IS NOT ?2",
	[ST_SPAN_DELETE] = "DELETE FROM spans WHERE id = ?1",
	/* Spans of article ?1, rejected ones too; at ?2..?3 when ?3 is not
	   0; of annotator ?4 when not NULL. */
	[ST_SPAN_FIND] = "SELECT " STORE_SPAN_COLUMNS " FROM spans"
	    " WHERE article = ?1 AND (?3 = 0 OR (start = ?2 AND end = ?3))"
	    " AND (?4 IS NULL OR annotator = ?4)"
	    " ORDER BY start, end DESC, id",
	/* Merge: spans with the key (article, start, end, label, annotator),
	   and how many of them also have status ?6 and note ?7. */
	[ST_SPAN_KEY] = "SELECT count(*), count(*) FILTER (WHERE status = ?6"
	    " AND note = ?7) FROM spans WHERE article = ?1 AND start = ?2"
	    " AND end = ?3 AND label = ?4 AND annotator = ?5",
	[ST_SPAN_RESTORE] = "INSERT INTO spans(" STORE_SPAN_COLUMNS ")"
	    " SELECT ?2, " STORE_SPAN_FROM_JSON,
	[ST_SPAN_RESET] = "UPDATE spans SET (" STORE_SPAN_COLUMNS ") ="
	    " (SELECT ?2, " STORE_SPAN_FROM_JSON ") WHERE id = ?2",
	[ST_TAG_RESTORE] = "INSERT INTO article_tags(id, article, tag,"
	    " annotator, created_at) SELECT ?2, json_extract(?1, '$.article'),"
	    " json_extract(?1, '$.tag'), json_extract(?1, '$.annotator'),"
	    " json_extract(?1, '$.created_at')",
	[ST_TAG_ROWS] = "SELECT tag, annotator, created_at FROM article_tags"
	    " WHERE article = ?1 ORDER BY tag, annotator",
	/* WHERE true: an upsert's SELECT needs it to parse. */
	[ST_STATUS_RESTORE] = "INSERT INTO article_status(article, annotator,"
	    " status, updated_at) SELECT json_extract(?1, '$.article'),"
	    " json_extract(?1, '$.annotator'), json_extract(?1, '$.status'),"
	    " json_extract(?1, '$.updated_at') WHERE true"
	    " ON CONFLICT(article, annotator) DO UPDATE"
	    " SET status = excluded.status, updated_at = excluded.updated_at",
	[ST_STATUS_DELETE] = "DELETE FROM article_status"
	    " WHERE article = ?1 AND annotator = ?2",
	[ST_STATUS_ROWS] = "SELECT annotator, status = 'done', updated_at"
	    " FROM article_status WHERE article = ?1 ORDER BY annotator",
	[ST_ARTICLE_PHRASE] = "SELECT rowid FROM articles_fts"
	    " WHERE articles_fts MATCH ?1 ORDER BY rowid",
	[ST_HISTORY_NEXT_TXN] = "SELECT coalesce(max(txn), 0) + 1 FROM history",
	[ST_HISTORY_INSERT] = "INSERT INTO history(txn, at, actor, entity,"
	    " entity_id, op, before, after, kind, state, reverts)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_HISTORY_CLEAR_REDO] = "UPDATE history SET state = 'dead'"
	    " WHERE actor = ?1 AND state = 'undone'",
	[ST_HISTORY_COUNT] = "SELECT count(*) FROM history",
	[ST_HISTORY_LIST] = "SELECT id, txn, at, actor, entity, entity_id, op,"
	    " before, after FROM history WHERE id > ?1 ORDER BY id",
	/* The group undo takes back: the actor's last live one; redo puts
	   back the first undone one (the last that undo took back, since
	   undo goes backwards and a new change kills the undone ones). */
	[ST_UNDO_TARGET] = "SELECT max(txn) FROM history"
	    " WHERE actor = ?1 AND state = 'live'",
	[ST_REDO_TARGET] = "SELECT min(txn) FROM history"
	    " WHERE actor = ?1 AND state = 'undone'",
	[ST_HISTORY_GROUP] = "SELECT id, txn, at, actor, entity, entity_id, op,"
	    " before, after FROM history WHERE txn = ?1 AND state = ?2"
	    " ORDER BY id",
	[ST_HISTORY_MARK] = "UPDATE history SET state = ?3"
	    " WHERE txn = ?1 AND state = ?2",
	/* Who changed a row after history entry ?3 (for status rows, whose
	   entity_id is the article, only that annotator's row: ?4). */
	[ST_HISTORY_WHO] = "SELECT actor FROM history"
	    " WHERE entity = ?1 AND entity_id = ?2 AND id > ?3"
	    " AND (?4 IS NULL OR"
	    " json_extract(coalesce(after, before), '$.annotator') = ?4)"
	    " ORDER BY id DESC LIMIT 1",
	[ST_STATS_LABELS] = "SELECT l.name,"
	    " count(sp.id) FILTER (WHERE sp.status = 'accepted'),"
	    " count(sp.id) FILTER (WHERE sp.status = 'suggested'),"
	    " count(sp.id) FILTER (WHERE sp.status = 'rejected')"
	    " FROM labels l LEFT JOIN spans sp ON sp.label = l.name"
	    " GROUP BY l.id ORDER BY l.ord, l.id",
	[ST_STATS_SPANS] = "SELECT annotator,"
	    " count(*) FILTER (WHERE status = 'accepted'),"
	    " count(*) FILTER (WHERE status = 'suggested'),"
	    " count(*) FILTER (WHERE status = 'rejected'),"
	    " count(DISTINCT article) FILTER (WHERE status <> 'rejected')"
	    " FROM spans GROUP BY annotator",
	[ST_STATS_DONE] = "SELECT annotator, count(*) FROM article_status"
	    " WHERE status = 'done' GROUP BY annotator",
	[ST_STATS_TAGS] = "SELECT annotator, count(*) FROM article_tags"
	    " GROUP BY annotator",
};

/* The export walk: prepared per call, since a callback may start another
   walk.  ?1 labels (JSON array), ?2 annotator, ?3 article ids (JSON
   array), ?4 tag, ?5 done only, ?6 statuses (JSON array). */
static const char store_foreach_sql[] =
	"SELECT sp.id, sp.article, sp.start, sp.end, sp.start_byte,"
	" sp.end_byte, sp.label, sp.text, sp.annotator, sp.status, sp.origin,"
	" sp.note, sp.score, sp.created_at, sp.updated_at,"
	" a.title, a.source, a.hash, a.meta, a.imported_at"
	" FROM spans sp JOIN articles a ON a.id = sp.article"
	" WHERE (?1 IS NULL OR sp.label IN (SELECT value FROM json_each(?1)))"
	" AND (?2 IS NULL OR sp.annotator = ?2)"
	" AND (?3 IS NULL OR sp.article IN (SELECT value FROM json_each(?3)))"
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM article_tags t"
	"  WHERE t.article = sp.article AND t.tag = ?4))"
	" AND (?5 = 0 OR EXISTS (SELECT 1 FROM article_status st"
	"  WHERE st.article = sp.article AND st.status = 'done'"
	"  AND (?2 IS NULL OR st.annotator = ?2)))"
	" AND sp.status IN (SELECT value FROM json_each(?6))"
	" ORDER BY sp.article, sp.start, sp.end, sp.id";

/* The walk over article tags: the span walk's filters that apply to
   tags (?2 annotator, ?3 article ids, ?4 tag, ?5 done only). */
static const char store_tag_foreach_sql[] =
	"SELECT a.id, a.title, a.source, a.hash, a.meta, a.imported_at,"
	" t.tag, t.annotator"
	" FROM article_tags t JOIN articles a ON a.id = t.article"
	" WHERE (?2 IS NULL OR t.annotator = ?2)"
	" AND (?3 IS NULL OR t.article IN (SELECT value FROM json_each(?3)))"
	" AND (?4 IS NULL OR t.tag = ?4)"
	" AND (?5 = 0 OR EXISTS (SELECT 1 FROM article_status st"
	"  WHERE st.article = t.article AND st.status = 'done'"
	"  AND (?2 IS NULL OR st.annotator = ?2)))"
	" ORDER BY t.article, t.tag, t.annotator";

struct store {
	sqlite3		*db;
	char		*path;
	char		*actor;
	int		 readonly;
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
	int64_t		 data_version;
	sqlite3_stmt	*stmts[ST_COUNT];
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
};

static const char *const store_status_names[] = {
	[STORE_ACCEPTED] = "accepted",
	[STORE_SUGGESTED] = "suggested",
	[STORE_REJECTED] = "rejected",
};
static const char *const store_origin_names[] = {
	[STORE_MANUAL] = "manual",
	[STORE_PROPAGATED] = "propagated",
	[STORE_GAZETTEER] = "gazetteer",
	[STORE_MODEL] = "model",
	[STORE_IMPORTED] = "imported",
};
#define STORE_NSTATUS	(sizeof(store_status_names) / sizeof(char *))
#define STORE_NORIGIN	(sizeof(store_origin_names) / sizeof(char *))

/*
 * The clock of every timestamp.  MARGIN_NOW=SECONDS in the environment
 * pins it, so that tests can compare exports (which carry created_at)
 * byte for byte.
 */
static int64_t
store_now(void)
{
	const char	*env = getenv("MARGIN_NOW");
	char		*end;
	long long	 v;

	if (env != NULL && *env != '\0') {
		errno = 0;
		v = strtoll(env, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0)
			return v;
	}
	return (int64_t)time(NULL);
}

static void
store_sleep_ms(long ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A message for an SQLite error code, in the user's terms: never the raw
   "database is locked". */
static int
store_code_error(int code, const char *msg, char **errp)
{
	switch (code & 0xff) {
	case SQLITE_READONLY:
		return err_set(errp, "database is read-only");
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(errp, "database is busy: another process has "
		    "held it for more than %d seconds",
		    STORE_BUSY_TIMEOUT_MS * (STORE_BUSY_RETRIES + 1) / 1000);
	case SQLITE_FULL:
		return err_set(errp, "disk is full");
	case SQLITE_CORRUPT:
		return err_set(errp, "database is corrupt");
	case SQLITE_NOTADB:
		return err_set(errp, "not an SQLite database");
	default:
		return err_set(errp, "%s", msg);
	}
}

static int
store_db_error(sqlite3 *db, char **errp)
{
	return store_code_error(sqlite3_errcode(db), sqlite3_errmsg(db), errp);
}

/* Forget the article text kept for span checks: after a rollback, the id
   of an article that was rolled back may be given to another one. */
static void
store_span_cache_clear(struct store *s)
{
	if (s->span_article != 0)
		text_offsets_free(&s->span_offsets);
	free(s->span_text);
	s->span_text = NULL;
	s->span_article = 0;
}

/* The error of the connection's last call; a busy one is remembered, so
   that the transaction it broke is run again (store_write). */
static int
store_sql_error(struct store *s, char **errp)
{
	switch (sqlite3_errcode(s->db) & 0xff) {
	case SQLITE_BUSY:
		s->busy = 1;
		break;
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		/*
		 * The disk is full, the file or its folder can no longer be
		 * written, or the file is damaged: what is committed stays,
		 * and from now on this store only reads (§12).
		 */
		s->readonly = 1;
		break;
	}
	return store_db_error(s->db, errp);
}

static int
store_exec(struct store *s, const char *sql, char **errp)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_sql_error(s, errp);
	return 0;
}

/* A cached statement, prepared on first use. */
static sqlite3_stmt *
store_stmt(struct store *s, enum store_stmt id, char **errp)
{
	if (s->stmts[id] == NULL && sqlite3_prepare_v3(s->db,
	    store_stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->stmts[id],
	    NULL) != SQLITE_OK) {
		store_sql_error(s, errp);
		return NULL;
	}
	return s->stmts[id];
}

/* Ready a statement for its next use: a statement left half-stepped would
   keep a read transaction open (freezing data_version, blocking WAL
   checkpoints). */
static void
store_stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static char *
store_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*v = sqlite3_column_text(st, i);

	return xstrdup(v != NULL ? (const char *)v : "");
}

/* Step a statement that returns no rows; it is reset either way. */
static int
store_run(struct store *s, sqlite3_stmt *st, char **errp)
{
	int	 rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		return -1;
	}
	store_stmt_done(st);
	return 0;
}

/* Step a statement for one integer; *found = 0 when it gave no row. */
static int
store_int(struct store *s, sqlite3_stmt *st, int64_t *v, int *found,
    char **errp)
{
	int	 rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		if (found != NULL)
			*found = 1;
	} else if (rc == SQLITE_DONE) {
		*v = 0;
		if (found != NULL)
			*found = 0;
	} else {
		store_sql_error(s, errp);
		store_stmt_done(st);
		return -1;
	}
	store_stmt_done(st);
	return 0;
}

/* One row of a table as JSON (the statement selects json_object(...) by
   ?1 and, for article_status, ?2); NULL when the row does not exist. */
static int
store_row_json(struct store *s, enum store_stmt id, int64_t key,
    const char *key2, char **json, char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	*json = NULL;
	if ((st = store_stmt(s, id, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, key);
	if (key2 != NULL)
		store_bind_text(st, 2, key2);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*json = store_column_dup(st, 0);
	else if (rc != SQLITE_DONE) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		return -1;
	}
	store_stmt_done(st);
	return 0;
}

/* The value at path in a JSON text, as text ("" when absent). */
static char *
store_json_text(struct store *s, const char *json, const char *path)
{
	sqlite3_stmt	*st;
	char		*v;

	if (json == NULL || (st = store_stmt(s, ST_JSON_EXTRACT, NULL)) == NULL)
		return xstrdup("");
	store_bind_text(st, 1, json);
	store_bind_text(st, 2, path);
	v = sqlite3_step(st) == SQLITE_ROW ? store_column_dup(st, 0) :
	    xstrdup("");
	store_stmt_done(st);
	return v;
}

/*
 * Every list the store returns is read the same way: step a bound
 * statement to its end, one element of size bytes per row.  decode fills
 * a zeroed element from the row; clear frees what one element holds (NULL
 * when it holds nothing).  On success *vp is the array (NULL when there
 * was no row) and *n its length; on failure nothing is kept.  The
 * statement is reset either way.
 */
typedef void (*store_row_fn)(sqlite3_stmt *st, void *elem);
typedef void (*store_row_clear_fn)(void *elem);

static int
store_rows_collect(struct store *s, sqlite3_stmt *st, size_t size,
    store_row_fn decode, store_row_clear_fn clear, void **vp, size_t *n,
    char **errp)
{
	char	*v = NULL;
	size_t	 len = 0, cap = 0, i;
	int	 rc;

	*vp = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = array_reserve(v, &cap, len + 1, size);
		memset(v + len * size, 0, size);
		decode(st, v + len * size);
		len++;
	}
	if (rc != SQLITE_DONE) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		for (i = 0; clear != NULL && i < len; i++)
			clear(v + i * size);
		free(v);
		return -1;
	}
	store_stmt_done(st);
	*vp = v;
	*n = len;
	return 0;
}

/* Column 0 of a row as a string (for store_strings_free) or an id. */
static void
store_string_from_row(sqlite3_stmt *st, void *elem)
{
	*(char **)elem = store_column_dup(st, 0);
}

static void
store_string_clear(void *elem)
{
	free(*(char **)elem);
}

static void
store_id_from_row(sqlite3_stmt *st, void *elem)
{
	*(int64_t *)elem = sqlite3_column_int64(st, 0);
}

/* ------------------------------------------------------------------ */
/* Transactions. */

/* Hand a message over to the caller, as err_set() would. */
static void
store_err_move(char **errp, char *err)
{
	if (errp == NULL) {
		free(err);
		return;
	}
	free(*errp);
	*errp = err;
}

/* A fresh transaction: no history group yet, changes are plain ones. */
static void
store_txn_reset(struct store *s)
{
	s->txn_group = 0;
	s->txn_cleared = 0;
	s->txn_kind = "do";
	s->txn_reverts = 0;
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
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return store_sql_error(s, errp);
	store_txn_reset(s);
	return 0;
}

/* Between two attempts: a little longer each time, so that processes
   that collided do not collide again in step. */
static void
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
	int	 tries;

	for (tries = 0;; tries++) {
		s->busy = 0;
		if (store_begin_once(s, &err) == 0)
			return 0;
		if (!s->busy || tries >= STORE_BUSY_RETRIES)
			break;
		free(err);
		err = NULL;
		store_backoff(tries);
	}
	store_err_move(errp, err);
	return -1;
}

/* COMMIT, waiting out a busy database: a COMMIT that fails with
   SQLITE_BUSY leaves the transaction open, to be committed again. */
static int
store_commit_retry(struct store *s, int retries, char **errp)
{
	int	 rc, tries;

	for (tries = 0;; tries++) {
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || tries >= retries)
			break;
		store_backoff(tries);
	}
	return store_sql_error(s, errp);
}

static void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
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
 * goes on; retrying is the batch's business.
 */
static int
store_write(struct store *s, store_txn_fn fn, void *ctx, char **errp)
{
	char	*err = NULL;
	int	 tries, cleared, rc;

	if (s->readonly)
		return err_set(errp, "database is read-only");
	if (!sqlite3_get_autocommit(s->db)) {
		cleared = s->txn_cleared;
		if (store_exec(s, "SAVEPOINT store_change", errp) == -1)
			return -1;
		rc = fn(s, ctx, errp);
		/* An I/O or full-disk error may already have rolled the
		   whole transaction back: then these fail, harmlessly. */
		if (rc == -1) {
			store_span_cache_clear(s);
			sqlite3_exec(s->db, "ROLLBACK TO store_change", NULL,
			    NULL, NULL);
			s->txn_cleared = cleared;
		}
		sqlite3_exec(s->db, "RELEASE store_change", NULL, NULL, NULL);
		return rc;
	}
	for (tries = 0;; tries++) {
		s->busy = 0;
		rc = store_begin_once(s, &err);
		if (rc == 0)
			rc = fn(s, ctx, &err);
		if (rc == 0)
			rc = store_commit_retry(s, 0, &err);
		if (rc == 0)
			return 0;
		store_rollback(s);
		if (!s->busy || tries >= STORE_BUSY_RETRIES)
			break;
		free(err);
		err = NULL;
		store_backoff(tries);
	}
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
store_txn_begin(struct store *s, char **errp)
{
	if (s->readonly)
		return err_set(errp, "database is read-only");
	if (s->in_txn || !sqlite3_get_autocommit(s->db))
		return err_set(errp, "a transaction is already open");
	if (store_begin_immediate(s, errp) == -1)
		return -1;
	s->in_txn = 1;
	return 0;
}

int
store_txn_commit(struct store *s, char **errp)
{
	if (!s->in_txn)
		return err_set(errp, "no transaction is open");
	s->in_txn = 0;
	if (sqlite3_get_autocommit(s->db))
		return err_set(errp, "the transaction was rolled back after "
		    "an error");
	if (store_commit_retry(s, STORE_BUSY_RETRIES, errp) == -1) {
		store_rollback(s);
		return -1;
	}
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
static int
store_snapshot_begin(struct store *s, int *own, char **errp)
{
	*own = sqlite3_get_autocommit(s->db);
	if (!*own)
		return 0;
	if (store_exec(s, "BEGIN", errp) == -1)
		return -1;
	store_txn_reset(s);
	return 0;
}

static void
store_snapshot_end(struct store *s, int own, int ok)
{
	if (own && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL,
		    NULL);
}

void
store_set_undoable(struct store *s, int undoable)
{
	s->not_undoable = !undoable;
}

int
store_read_begin(struct store *s, char **errp)
{
	int	 own;

	if (!sqlite3_get_autocommit(s->db))
		return err_set(errp, "a transaction is already open");
	return store_snapshot_begin(s, &own, errp);
}

void
store_read_end(struct store *s)
{
	store_snapshot_end(s, 1, 1);
}

/*
 * Record one change in history, in the transaction that makes it.  A
 * plain change (not an undo or redo) to anything but the label schema
 * can be undone: its group starts live, and it ends its actor's redo
 * chain (what was undone before it can no longer be redone on top of it).
 */
static int
store_history_add(struct store *s, const char *entity, int64_t entity_id,
    const char *op, const char *before, const char *after, char **errp)
{
	sqlite3_stmt	*st;
	const char	*kind = s->txn_kind != NULL ? s->txn_kind : "do";
	int		 undoable;

	undoable = strcmp(kind, "do") == 0 && strcmp(entity, "label") != 0 &&
	    !s->not_undoable;
	if (s->txn_group == 0) {
		if ((st = store_stmt(s, ST_HISTORY_NEXT_TXN, errp)) == NULL ||
		    store_int(s, st, &s->txn_group, NULL, errp) == -1)
			return -1;
	}
	if (undoable && !s->txn_cleared) {
		if ((st = store_stmt(s, ST_HISTORY_CLEAR_REDO, errp)) == NULL)
			return -1;
		store_bind_text(st, 1, s->actor);
		if (store_run(s, st, errp) == -1)
			return -1;
		s->txn_cleared = 1;
	}
	if ((st = store_stmt(s, ST_HISTORY_INSERT, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, s->txn_group);
	sqlite3_bind_int64(st, 2, store_now());
	store_bind_text(st, 3, s->actor);
	store_bind_text(st, 4, entity);
	sqlite3_bind_int64(st, 5, entity_id);
	store_bind_text(st, 6, op);
	store_bind_text(st, 7, before);
	store_bind_text(st, 8, after);
	store_bind_text(st, 9, kind);
	store_bind_text(st, 10, undoable ? "live" : NULL);
	if (s->txn_reverts != 0)
		sqlite3_bind_int64(st, 11, s->txn_reverts);
	return store_run(s, st, errp);
}

/* ------------------------------------------------------------------ */
/* Opening: which files are accepted, and the schema. */

static int64_t
store_pragma_int(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt	*st;
	int64_t		 v = 0;

	*rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (*rc != SQLITE_OK)
		return 0;
	*rc = sqlite3_step(st);
	if (*rc == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*rc = SQLITE_OK;
	} else if (*rc == SQLITE_DONE)
		*rc = SQLITE_OK;
	sqlite3_finalize(st);
	return v;
}

/*
 * Decide, by reading only, whether db is a margin database this binary
 * can use (*version its schema version) or an empty file to create one
 * in (*fresh).  Anything else is refused.
 */
static int
store_validate(sqlite3 *db, int *version, int *fresh, int *marked,
    char **errp)
{
	int64_t	 app, ver = 0, nobjects = 0, nmargin = 0;
	int	 rc;

	*fresh = 0;
	*version = 0;
	*marked = 0;
	app = store_pragma_int(db, "PRAGMA application_id", &rc);
	if (rc == SQLITE_OK)
		ver = store_pragma_int(db, "PRAGMA user_version", &rc);
	if (rc == SQLITE_OK)
		nobjects = store_pragma_int(db,
		    "SELECT count(*) FROM sqlite_schema", &rc);
	if (rc == SQLITE_OK)
		nmargin = store_pragma_int(db, "SELECT count(*) FROM"
		    " sqlite_schema WHERE type = 'table' AND name IN"
		    " ('articles', 'spans', 'labels', 'history')", &rc);
	if (rc != SQLITE_OK)
		return store_code_error(rc, sqlite3_errmsg(db), errp);
	*marked = app == STORE_APPLICATION_ID;

	if (app != 0 && app != STORE_APPLICATION_ID)
		return err_set(errp, "not a margin database (it belongs to "
		    "another application: id %#" PRIx64 ")", (uint64_t)app);
	if (nobjects == 0 && ver == 0) {
		*fresh = 1;
		return 0;
	}
	if (app != STORE_APPLICATION_ID && nmargin != 4)
		return err_set(errp, "not a margin database");
	if (ver > STORE_SCHEMA_VERSION)
		return err_set(errp, "database schema version %" PRId64
		    " is newer than this margin knows (%d): upgrade margin",
		    ver, STORE_SCHEMA_VERSION);
	*version = (int)ver;
	return 0;
}

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

static int
store_insert_default_labels(struct store *s, char **errp)
{
	sqlite3_stmt	*st;
	size_t		 i;

	for (i = 0; i < sizeof(store_default_labels) /
	    sizeof(store_default_labels[0]); i++) {
		if ((st = store_stmt(s, ST_LABEL_INSERT, errp)) == NULL)
			return -1;
		store_bind_text(st, 1, store_default_labels[i].name);
		store_bind_text(st, 2, store_default_labels[i].key);
		store_bind_text(st, 3, store_default_labels[i].color);
		store_bind_text(st, 4, store_default_labels[i].description);
		if (store_run(s, st, errp) == -1)
			return -1;
	}
	return 0;
}

/*
 * Bring the schema to STORE_SCHEMA_VERSION in one BEGIN IMMEDIATE
 * transaction (store_write).  The version is read again after BEGIN:
 * another process may have created or migrated the database since we
 * looked.
 */
static int
store_migrate_txn(struct store *s, void *ctx, char **errp)
{
	size_t	 i;
	int	 version, fresh, marked;

	(void)ctx;
	if (store_validate(s->db, &version, &fresh, &marked, errp) == -1)
		return -1;
	for (i = 0; i < sizeof(store_migrations) /
	    sizeof(store_migrations[0]); i++) {
		if (store_migrations[i].version <= version)
			continue;
		if (store_exec(s, store_migrations[i].sql, errp) == -1) {
			err_prefix(errp, "migrating to schema version %d",
			    store_migrations[i].version);
			return -1;
		}
		version = store_migrations[i].version;
	}
	if (version != STORE_SCHEMA_VERSION)
		return err_set(errp, "no migration to schema version %d",
		    STORE_SCHEMA_VERSION);
	/* Written only when missing: an open that changes nothing commits
	   nothing, so that other connections see no change (data_version). */
	if (!marked && store_exec(s, "PRAGMA application_id = "
	    STORE_XSTR(STORE_APPLICATION_ID), errp) == -1)
		return -1;
	if (fresh && store_insert_default_labels(s, errp) == -1)
		return -1;
	s->created = fresh;
	return 0;
}

static int
store_migrate(struct store *s, char **errp)
{
	return store_write(s, store_migrate_txn, NULL, errp);
}

/* A read-only connection can use a database of this version, or of an
   older one whose tables its reads know (STORE_OLDEST_READABLE). */
static int
store_check_readonly(struct store *s, char **errp)
{
	int	 version, fresh, marked;

	if (store_validate(s->db, &version, &fresh, &marked, errp) == -1)
		return -1;
	if (fresh)
		return err_set(errp, "database is empty and read-only");
	if (version < STORE_OLDEST_READABLE)
		return err_set(errp, "database needs upgrading to schema "
		    "version %d but is read-only", STORE_SCHEMA_VERSION);
	return 0;
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
	sqlite3_busy_timeout(s->db, s->busy_timeout);
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
	sqlite3_busy_timeout(s->db, s->busy_timeout);
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

/* ------------------------------------------------------------------ */
/* Articles. */

void
store_article_free(struct store_article *a)
{
	if (a == NULL)
		return;
	free(a->title);
	free(a->source);
	free(a->hash);
	free(a->meta);
	free(a->text);
	memset(a, 0, sizeof(*a));
}

void
store_article_rows_free(struct store_article *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_article_free(&rows[i]);
	free(rows);
}

/* Columns of STORE_ROW_SQL into a (without text). */
static void
store_article_from_row(sqlite3_stmt *st, void *elem)
{
	struct store_article	*a = elem;

	a->id = sqlite3_column_int64(st, 0);
	a->title = store_column_dup(st, 1);
	a->source = store_column_dup(st, 2);
	a->hash = store_column_dup(st, 3);
	a->meta = store_column_dup(st, 4);
	a->imported_at = sqlite3_column_int64(st, 5);
	a->done = sqlite3_column_int(st, 6);
	a->nspans = sqlite3_column_int(st, 7);
	a->text = NULL;
	a->text_len = 0;
}

static int
store_article_exists(struct store *s, int64_t id, char **errp)
{
	sqlite3_stmt	*st;
	int64_t		 v;
	int		 found;

	if ((st = store_stmt(s, ST_ARTICLE_EXISTS, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_int(s, st, &v, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no article %" PRId64, id);
	return 0;
}

struct store_article_add {
	const char	*title;
	const char	*source;
	const char	*text;
	size_t		 len;
	const char	*meta;
	char		 hash[65];
	int64_t		 id;
	int		 duplicate;
};

static int
store_article_insert(struct store *s, void *ctx, char **errp)
{
	struct store_article_add	*aa = ctx;
	sqlite3_stmt			*st;
	int64_t				 v;
	int				 found;

	if ((st = store_stmt(s, ST_ARTICLE_BY_HASH, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, aa->hash);
	if (store_int(s, st, &v, &found, errp) == -1)
		return -1;
	if (found) {
		aa->id = v;
		aa->duplicate = 1;
		return 0;
	}
	if ((st = store_stmt(s, ST_ARTICLE_INSERT, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, aa->title != NULL ? aa->title : "");
	store_bind_text(st, 2, aa->source != NULL ? aa->source : "");
	sqlite3_bind_int64(st, 3, store_now());
	/* The text is bound in place: it may be megabytes. */
	sqlite3_bind_text64(st, 4, aa->text, aa->len, SQLITE_STATIC,
	    SQLITE_UTF8);
	store_bind_text(st, 5, aa->hash);
	store_bind_text(st, 6, aa->meta != NULL ? aa->meta : "{}");
	if (store_run(s, st, errp) == -1)
		return -1;
	aa->id = sqlite3_last_insert_rowid(s->db);
	aa->duplicate = 0;
	return 0;
}

int
store_article_add(struct store *s, const char *title, const char *source,
    const char *text, size_t len, const char *meta, int64_t *id,
    int *duplicate, char **errp)
{
	struct store_article_add	 aa;
	sqlite3_stmt			*st;
	int64_t				 v;

	if (memchr(text, '\0', len) != NULL)
		return err_set(errp, "text contains a NUL byte");
	if (meta != NULL) {
		if ((st = store_stmt(s, ST_JSON_OBJECT, errp)) == NULL)
			return -1;
		store_bind_text(st, 1, meta);
		if (store_int(s, st, &v, NULL, errp) == -1)
			return -1;
		if (!v)
			return err_set(errp, "metadata is not a JSON object");
	}
	memset(&aa, 0, sizeof(aa));
	aa.title = title;
	aa.source = source;
	aa.text = text;
	aa.len = len;
	aa.meta = meta;
	sha256_hex(text, len, aa.hash);
	if (store_write(s, store_article_insert, &aa, errp) == -1)
		return -1;
	if (id != NULL)
		*id = aa.id;
	if (duplicate != NULL)
		*duplicate = aa.duplicate;
	return 0;
}

int
store_article_get(struct store *s, int64_t id, const char *annotator,
    struct store_article *a, char **errp)
{
	sqlite3_stmt	*st;
	const void	*text;
	int		 rc;

	memset(a, 0, sizeof(*a));
	if ((st = store_stmt(s, ST_ARTICLE_GET, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, annotator);
	sqlite3_bind_int64(st, 4, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_article_from_row(st, a);
		text = sqlite3_column_text(st, 8);
		a->text_len = (size_t)sqlite3_column_bytes(st, 8);
		a->text = xstrndup(text != NULL ? text : "", a->text_len);
	} else if (rc == SQLITE_DONE)
		err_set(errp, "no article %" PRId64, id);
	else
		store_sql_error(s, errp);
	store_stmt_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static sqlite3_stmt *
store_filter_stmt(struct store *s, enum store_stmt id,
    const struct store_article_filter *f, char **errp)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, id, errp)) == NULL)
		return NULL;
	if (f != NULL) {
		store_bind_text(st, 1, f->annotator);
		store_bind_text(st, 2, f->tag);
		sqlite3_bind_int(st, 3, f->status > 0 ? 1 :
		    f->status < 0 ? -1 : 0);
	} else {
		sqlite3_bind_null(st, 1);
		sqlite3_bind_null(st, 2);
		sqlite3_bind_int(st, 3, 0);
	}
	return st;
}

static int64_t
store_clamp(size_t v)
{
	return v > (size_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

int
store_article_count(struct store *s, const struct store_article_filter *f,
    size_t *n, char **errp)
{
	static const struct store_article_filter none;
	sqlite3_stmt	*st;
	int64_t		 v, all = 0, done = 0;

	*n = 0;
	if (f == NULL)
		f = &none;
	if (f->tag == NULL) {
		if (f->status <= 0 &&
		    ((st = store_stmt(s, ST_COUNT_ALL, errp)) == NULL ||
		    store_int(s, st, &all, NULL, errp) == -1))
			return -1;
		if (f->status != 0) {
			if ((st = store_stmt(s, f->annotator ?
			    ST_COUNT_DONE_BY : ST_COUNT_DONE_ANY, errp)) ==
			    NULL)
				return -1;
			if (f->annotator)
				store_bind_text(st, 1, f->annotator);
			if (store_int(s, st, &done, NULL, errp) == -1)
				return -1;
		}
		*n = (size_t)(f->status == 0 ? all : f->status > 0 ? done :
		    all - done);
		return 0;
	}
	if ((st = store_filter_stmt(s, ST_ARTICLE_COUNT, f, errp)) == NULL ||
	    store_int(s, st, &v, NULL, errp) == -1)
		return -1;
	*n = (size_t)v;
	return 0;
}

static void
store_article_clear(void *elem)
{
	store_article_free(elem);
}

/* The STORE_ROW_SQL rows of a bound statement. */
static int
store_article_collect(struct store *s, sqlite3_stmt *st,
    struct store_article **rows, size_t *n, char **errp)
{
	void	*v;

	if (store_rows_collect(s, st, sizeof(**rows), store_article_from_row,
	    store_article_clear, &v, n, errp) == -1)
		return -1;
	*rows = v;
	return 0;
}

int
store_article_rows(struct store *s, const struct store_article_filter *f,
    size_t offset, size_t limit, struct store_article **rows, size_t *n,
    char **errp)
{
	sqlite3_stmt	*st;

	*rows = NULL;
	*n = 0;
	if ((st = store_filter_stmt(s, f != NULL && f->with_hash ?
	    ST_ARTICLE_ROWS_HASH : ST_ARTICLE_ROWS, f, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 4, store_clamp(limit));
	sqlite3_bind_int64(st, 5, store_clamp(offset));
	return store_article_collect(s, st, rows, n, errp);
}

/* How many articles of the filtered list come before id. */
static int
store_article_count_before(struct store *s,
    const struct store_article_filter *f, int64_t id, int64_t *pos,
    char **errp)
{
	sqlite3_stmt	*st;

	if ((st = store_filter_stmt(s, ST_ARTICLE_BEFORE, f, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 4, id);
	return store_int(s, st, pos, NULL, errp);
}

int
store_article_first_todo(struct store *s,
    const struct store_article_filter *f, size_t *pos, char **errp)
{
	sqlite3_stmt	*st;
	int64_t		 id, before;
	int		 found;

	*pos = 0;
	if ((st = store_filter_stmt(s, ST_ARTICLE_FIRST_TODO, f,
	    errp)) == NULL || store_int(s, st, &id, &found, errp) == -1)
		return -1;
	if (!found)
		return 0;
	if (store_article_count_before(s, f, id, &before, errp) == -1)
		return -1;
	*pos = (size_t)before;
	return 0;
}

int
store_article_position(struct store *s, const struct store_article_filter *f,
    int64_t id, long *pos, char **errp)
{
	sqlite3_stmt	*st;
	int64_t		 v, before;
	int		 found;

	*pos = -1;
	if ((st = store_filter_stmt(s, ST_ARTICLE_IN_LIST, f, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 4, id);
	if (store_int(s, st, &v, &found, errp) == -1)
		return -1;
	if (!found)
		return 0;
	if (store_article_count_before(s, f, id, &before, errp) == -1)
		return -1;
	*pos = (long)before;
	return 0;
}

/*
 * The user's words as an FTS5 query: each word quoted (so that "AND" or
 * a stray quote is a word, never syntax), all of them required, the last
 * one a prefix (the list narrows as one types).
 */
static char *
store_fts_query(const char *query)
{
	struct buf	 b = BUF_INIT;
	const char	*p = query, *q;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		    *q != '\n'; q++) {
			if (*q == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *q);
		}
		buf_addc(&b, '"');
		p = q;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			buf_addc(&b, '*');
	}
	return b.data;	/* NULL when there are no words */
}

int
store_article_search(struct store *s, const char *query,
    const struct store_article_filter *f, size_t limit,
    struct store_article **rows, size_t *n, char **errp)
{
	sqlite3_stmt	*st;
	char		*fts;
	int		 rc;

	*rows = NULL;
	*n = 0;
	if ((fts = store_fts_query(query)) == NULL)
		return 0;
	if ((st = store_filter_stmt(s, f == NULL || (f->tag == NULL &&
	    f->status == 0) ? ST_ARTICLE_SEARCH_ALL : ST_ARTICLE_SEARCH, f,
	    errp)) == NULL) {
		free(fts);
		return -1;
	}
	store_bind_text(st, 4, fts);
	sqlite3_bind_int64(st, 5, store_clamp(limit));
	rc = store_article_collect(s, st, rows, n, errp);
	free(fts);
	return rc;
}

int
store_article_foreach(struct store *s, store_article_cb cb, void *ctx,
    char **errp)
{
	static const char	 sql[] = "SELECT id, title, source, hash, meta,"
	    " imported_at, text FROM articles ORDER BY id";
	struct store_article	 a;
	sqlite3_stmt		*st = NULL;
	int			 own = 0, rc, ret = -1;

	/* Prepared per call: cb may start another walk. */
	if (store_snapshot_begin(s, &own, errp) == -1)
		goto out;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_sql_error(s, errp);
		goto out;
	}
	memset(&a, 0, sizeof(a));
	ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a.id = sqlite3_column_int64(st, 0);
		a.title = (char *)sqlite3_column_text(st, 1);
		a.source = (char *)sqlite3_column_text(st, 2);
		a.hash = (char *)sqlite3_column_text(st, 3);
		a.meta = (char *)sqlite3_column_text(st, 4);
		a.imported_at = sqlite3_column_int64(st, 5);
		a.text = (char *)sqlite3_column_text(st, 6);
		a.text_len = (size_t)sqlite3_column_bytes(st, 6);
		if (a.text == NULL)
			a.text = "";
		if ((ret = cb(ctx, &a)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE) {
		store_sql_error(s, errp);
		ret = -1;
	}
out:
	sqlite3_finalize(st);
	store_snapshot_end(s, own, ret != -1);
	return ret;
}

int
store_article_find_phrase(struct store *s, const char *phrase,
    int64_t **idsp, size_t *n, char **errp)
{
	struct buf	 q = BUF_INIT;
	sqlite3_stmt	*st;
	const char	*p;
	void		*ids;
	int		 rc;

	*idsp = NULL;
	*n = 0;
	/*
	 * One FTS5 string: the tokenizer splits it into the phrase's words,
	 * and nothing in it is query syntax (a quote is doubled).  Only the
	 * text column: the title is a copy of the text's first line.
	 */
	buf_adds(&q, "text : \"");
	for (p = phrase; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(&q, '"');
		buf_addc(&q, *p);
	}
	buf_addc(&q, '"');
	if ((st = store_stmt(s, ST_ARTICLE_PHRASE, errp)) == NULL) {
		buf_free(&q);
		return -1;
	}
	store_bind_text(st, 1, q.data);
	rc = store_rows_collect(s, st, sizeof(**idsp), store_id_from_row, NULL,
	    &ids, n, errp);
	buf_free(&q);
	if (rc == -1)
		return -1;
	*idsp = ids;
	return 0;
}

/* A per-annotator status to set (store_article_set_done), or to bring
   in from another database (store_status_merge: at is its time). */
struct store_status_set {
	int64_t			 article;
	const char		*annotator;
	int			 done;
	int64_t			 at;		/* 0: now */
	int			 merge;
	enum store_merge_result	 result;
};

static int
store_status_txn(struct store *s, void *ctx, char **errp)
{
	struct store_status_set	*ss = ctx;
	sqlite3_stmt		*st;
	char			*before = NULL, *after = NULL, *cur;
	int64_t			 id = ss->article;
	const char		*annotator = ss->annotator;
	const char		*want = ss->done ? "done" : "todo";
	int			 ok = 0;

	ss->result = STORE_MERGE_PRESENT;
	if (store_article_exists(s, id, errp) == -1 ||
	    store_row_json(s, ST_STATUS_JSON, id, annotator, &before,
	    errp) == -1)
		goto out;
	/* No row means "todo"; setting what is already there changes
	   nothing and records nothing. */
	if (before == NULL && !ss->done) {
		ok = 1;
		goto out;
	}
	/* A merge never overrides the annotator's own mark here. */
	if (ss->merge && before != NULL) {
		cur = store_json_text(s, before, "$.status");
		if (strcmp(cur, want) != 0)
			ss->result = STORE_MERGE_CONFLICT;
		free(cur);
		ok = 1;
		goto out;
	}
	if ((st = store_stmt(s, ST_STATUS_UPSERT, errp)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, annotator);
	store_bind_text(st, 3, want);
	sqlite3_bind_int64(st, 4, ss->at != 0 ? ss->at : store_now());
	if (store_run(s, st, errp) == -1)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		ok = 1;
		goto out;
	}
	if (store_row_json(s, ST_STATUS_JSON, id, annotator, &after,
	    errp) == -1 ||
	    store_history_add(s, "status", id, before ? "update" : "insert",
	    before, after, errp) == -1)
		goto out;
	ss->result = STORE_MERGE_ADDED;
	ok = 1;
out:
	free(before);
	free(after);
	return ok ? 0 : -1;
}

int
store_article_set_done(struct store *s, int64_t id, const char *annotator,
    int done, char **errp)
{
	struct store_status_set	 ss;

	if (annotator == NULL)
		annotator = s->actor;
	if (*annotator == '\0')
		return err_set(errp, "no annotator name");
	memset(&ss, 0, sizeof(ss));
	ss.article = id;
	ss.annotator = annotator;
	ss.done = done;
	return store_write(s, store_status_txn, &ss, errp);
}

int
store_status_merge(struct store *s, int64_t id, const char *annotator,
    int done, int64_t at, enum store_merge_result *result, char **errp)
{
	struct store_status_set	 ss;

	*result = STORE_MERGE_PRESENT;
	if (annotator == NULL || *annotator == '\0')
		return err_set(errp, "no annotator name");
	memset(&ss, 0, sizeof(ss));
	ss.article = id;
	ss.annotator = annotator;
	ss.done = done;
	ss.at = at;
	ss.merge = 1;
	if (store_write(s, store_status_txn, &ss, errp) == -1)
		return -1;
	*result = ss.result;
	return 0;
}

static void
store_status_from_row(sqlite3_stmt *st, void *elem)
{
	struct store_status	*m = elem;

	m->annotator = store_column_dup(st, 0);
	m->done = sqlite3_column_int(st, 1);
	m->updated_at = sqlite3_column_int64(st, 2);
}

static void
store_status_clear(void *elem)
{
	struct store_status	*m = elem;

	free(m->annotator);
}

void
store_status_rows_free(struct store_status *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_status_clear(&v[i]);
	free(v);
}

int
store_status_rows(struct store *s, int64_t id, struct store_status **vp,
    size_t *n, char **errp)
{
	sqlite3_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_STATUS_ROWS, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_rows_collect(s, st, sizeof(**vp), store_status_from_row,
	    store_status_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Tags. */

static int
store_tag_valid(const char *tag)
{
	const unsigned char	*p;

	if (tag == NULL || *tag == '\0')
		return 0;
	for (p = (const unsigned char *)tag; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int
store_tag_add(struct store *s, int64_t id, const char *tag,
    const char *annotator, char **errp)
{
	enum store_merge_result	 result;

	if (annotator == NULL)
		annotator = s->actor;
	return store_tag_merge(s, id, tag, annotator, 0, &result, errp);
}

/* A tag to add or remove. */
struct store_tag_change {
	int64_t			 article;
	const char		*tag;
	const char		*annotator;
	int64_t			 at;		/* 0: now */
	enum store_merge_result	 result;
};

static int
store_tag_add_txn(struct store *s, void *ctx, char **errp)
{
	struct store_tag_change	*tc = ctx;
	sqlite3_stmt		*st;
	char			*after = NULL;
	int64_t			 tid;
	int			 ok = 0;

	tc->result = STORE_MERGE_PRESENT;
	if (store_article_exists(s, tc->article, errp) == -1 ||
	    (st = store_stmt(s, ST_TAG_INSERT, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, tc->article);
	store_bind_text(st, 2, tc->tag);
	store_bind_text(st, 3, tc->annotator);
	sqlite3_bind_int64(st, 4, tc->at != 0 ? tc->at : store_now());
	if (store_run(s, st, errp) == -1)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return 0;	/* already there */
	tid = sqlite3_last_insert_rowid(s->db);
	if (store_row_json(s, ST_TAG_JSON, tid, NULL, &after, errp) == -1 ||
	    store_history_add(s, "tag", tid, "insert", NULL, after,
	    errp) == -1)
		goto out;
	tc->result = STORE_MERGE_ADDED;
	ok = 1;
out:
	free(after);
	return ok ? 0 : -1;
}

int
store_tag_merge(struct store *s, int64_t id, const char *tag,
    const char *annotator, int64_t created_at,
    enum store_merge_result *result, char **errp)
{
	struct store_tag_change	 tc;

	*result = STORE_MERGE_PRESENT;
	if (!store_tag_valid(tag))
		return err_set(errp, "invalid tag (empty, or with control "
		    "characters)");
	if (annotator == NULL || *annotator == '\0')
		return err_set(errp, "no annotator name");
	memset(&tc, 0, sizeof(tc));
	tc.article = id;
	tc.tag = tag;
	tc.annotator = annotator;
	tc.at = created_at;
	if (store_write(s, store_tag_add_txn, &tc, errp) == -1)
		return -1;
	*result = tc.result;
	return 0;
}

static int
store_tag_remove_txn(struct store *s, void *ctx, char **errp)
{
	struct store_tag_change	*tc = ctx;
	sqlite3_stmt		*st;
	char			*before = NULL;
	int64_t			 tid;
	int			 found, ok = 0;

	if ((st = store_stmt(s, ST_TAG_FIND, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, tc->article);
	store_bind_text(st, 2, tc->tag);
	store_bind_text(st, 3, tc->annotator);
	if (store_int(s, st, &tid, &found, errp) == -1)
		return -1;
	if (!found)
		return 0;	/* removing what is not there is done */
	if (store_row_json(s, ST_TAG_JSON, tid, NULL, &before, errp) == -1 ||
	    (st = store_stmt(s, ST_TAG_DELETE, errp)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, tid);
	if (store_run(s, st, errp) == -1 ||
	    store_history_add(s, "tag", tid, "delete", before, NULL,
	    errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	return ok ? 0 : -1;
}

int
store_tag_remove(struct store *s, int64_t id, const char *tag,
    const char *annotator, char **errp)
{
	struct store_tag_change	 tc;

	if (tag == NULL)
		return err_set(errp, "no tag given");
	memset(&tc, 0, sizeof(tc));
	tc.article = id;
	tc.tag = tag;
	tc.annotator = annotator != NULL ? annotator : s->actor;
	return store_write(s, store_tag_remove_txn, &tc, errp);
}

void
store_strings_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The first column of every row of a bound statement, as strings. */
static int
store_strings_collect(struct store *s, sqlite3_stmt *st, char ***out,
    size_t *n, char **errp)
{
	void	*v;

	if (store_rows_collect(s, st, sizeof(**out), store_string_from_row,
	    store_string_clear, &v, n, errp) == -1)
		return -1;
	*out = v;
	return 0;
}

int
store_tag_list(struct store *s, int64_t id, char ***tags, size_t *n,
    char **errp)
{
	sqlite3_stmt	*st;

	*tags = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_TAG_LIST, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_strings_collect(s, st, tags, n, errp);
}

static void
store_tag_from_row(sqlite3_stmt *st, void *elem)
{
	struct store_tag	*t = elem;

	t->tag = store_column_dup(st, 0);
	t->annotator = store_column_dup(st, 1);
	t->created_at = sqlite3_column_int64(st, 2);
}

static void
store_tag_clear(void *elem)
{
	struct store_tag	*t = elem;

	free(t->tag);
	free(t->annotator);
}

void
store_tag_rows_free(struct store_tag *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_tag_clear(&v[i]);
	free(v);
}

int
store_tag_rows(struct store *s, int64_t id, struct store_tag **vp,
    size_t *n, char **errp)
{
	sqlite3_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_TAG_ROWS, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_rows_collect(s, st, sizeof(**vp), store_tag_from_row,
	    store_tag_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

int
store_annotators(struct store *s, char ***names, size_t *n, char **errp)
{
	sqlite3_stmt	*st;

	*names = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_ANNOTATORS, errp)) == NULL)
		return -1;
	return store_strings_collect(s, st, names, n, errp);
}

/* ------------------------------------------------------------------ */
/* Labels. */

int
store_label_valid_name(const char *name)
{
	const char	*p;

	if (name == NULL || *name == '\0')
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return 0;
	}
	return 1;
}

static void
store_label_from_row(sqlite3_stmt *st, void *elem)
{
	struct store_label	*l = elem;

	l->id = sqlite3_column_int64(st, 0);
	l->name = store_column_dup(st, 1);
	l->key = store_column_dup(st, 2);
	l->color = store_column_dup(st, 3);
	l->description = store_column_dup(st, 4);
	l->order = sqlite3_column_int(st, 5);
}

static void
store_label_clear(void *elem)
{
	struct store_label	*l = elem;

	free(l->name);
	free(l->key);
	free(l->color);
	free(l->description);
}

void
store_labels_free(struct store_label *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_label_clear(&v[i]);
	free(v);
}

int
store_label_list(struct store *s, struct store_label **vp, size_t *n,
    char **errp)
{
	sqlite3_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_LABEL_LIST, errp)) == NULL ||
	    store_rows_collect(s, st, sizeof(**vp), store_label_from_row,
	    store_label_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

static int
store_label_find(struct store *s, const char *name, int64_t *id, int *found,
    char **errp)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, ST_LABEL_FIND, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	return store_int(s, st, id, found, errp);
}

/* A label to add, or to update (NULL members keep what it has). */
struct store_label_change {
	const char	*name;
	const char	*key;
	const char	*color;
	const char	*description;
};

static int
store_label_add_txn(struct store *s, void *ctx, char **errp)
{
	const struct store_label_change	*l = ctx;
	const char			*name = l->name, *key = l->key;
	const char			*color = l->color;
	const char			*description = l->description;
	sqlite3_stmt			*st;
	char				*before = NULL, *after = NULL;
	int64_t				 id;
	int				 found, ok = 0;

	if (store_label_find(s, name, &id, &found, errp) == -1)
		goto out;
	if (found) {
		/* NULL keeps what the label has. */
		if (store_row_json(s, ST_LABEL_JSON, id, NULL, &before,
		    errp) == -1 ||
		    (st = store_stmt(s, ST_LABEL_UPDATE, errp)) == NULL)
			goto out;
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, key);
		store_bind_text(st, 3, color);
		store_bind_text(st, 4, description);
	} else {
		if ((st = store_stmt(s, ST_LABEL_INSERT, errp)) == NULL)
			goto out;
		store_bind_text(st, 1, name);
		store_bind_text(st, 2, key != NULL ? key : "");
		store_bind_text(st, 3, color != NULL ? color : "");
		store_bind_text(st, 4, description != NULL ? description : "");
	}
	if (store_run(s, st, errp) == -1)
		goto out;
	if (!found)
		id = sqlite3_last_insert_rowid(s->db);
	if (store_row_json(s, ST_LABEL_JSON, id, NULL, &after, errp) == -1)
		goto out;
	if (before != NULL && strcmp(before, after) == 0) {
		ok = 1;		/* nothing changed: no history */
		goto out;
	}
	if (store_history_add(s, "label", id, found ? "update" : "insert",
	    before, after, errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	free(after);
	return ok ? 0 : -1;
}

int
store_label_add(struct store *s, const char *name, const char *key,
    const char *color, const char *description, char **errp)
{
	struct store_label_change	 l;

	if (!store_label_valid_name(name))
		return err_set(errp, "invalid label name \"%s\" (use letters, "
		    "digits, _ and -)", name != NULL ? name : "");
	l.name = name;
	l.key = key;
	l.color = color;
	l.description = description;
	return store_write(s, store_label_add_txn, &l, errp);
}

static int
store_label_remove_txn(struct store *s, void *ctx, char **errp)
{
	const char	*name = ctx;
	sqlite3_stmt	*st;
	char		*before = NULL;
	int64_t		 id, uses;
	int		 found, ok = 0;

	if (store_label_find(s, name, &id, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no label \"%s\"", name);
	if ((st = store_stmt(s, ST_LABEL_USES, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	if (store_int(s, st, &uses, NULL, errp) == -1)
		return -1;
	if (uses > 0)
		return err_set(errp, "label \"%s\" is used by %" PRId64
		    " span%s", name, uses, uses == 1 ? "" : "s");
	if (store_row_json(s, ST_LABEL_JSON, id, NULL, &before, errp) == -1 ||
	    (st = store_stmt(s, ST_LABEL_DELETE, errp)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (store_run(s, st, errp) == -1 ||
	    store_history_add(s, "label", id, "delete", before, NULL,
	    errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	return ok ? 0 : -1;
}

int
store_label_remove(struct store *s, const char *name, char **errp)
{
	if (name == NULL)
		return err_set(errp, "no label name given");
	return store_write(s, store_label_remove_txn, (void *)name, errp);
}

/* ------------------------------------------------------------------ */
/* Spans. */

const char *
store_status_name(enum store_span_status st)
{
	if ((size_t)st >= STORE_NSTATUS)
		return "unknown";
	return store_status_names[st];
}

const char *
store_origin_name(enum store_span_origin o)
{
	if ((size_t)o >= STORE_NORIGIN)
		return "unknown";
	return store_origin_names[o];
}

int
store_status_parse(const char *name, enum store_span_status *st)
{
	size_t	 i;

	for (i = 0; i < STORE_NSTATUS; i++) {
		if (strcmp(name, store_status_names[i]) == 0) {
			*st = (enum store_span_status)i;
			return 0;
		}
	}
	return -1;
}

static enum store_span_status
store_status_from_text(const unsigned char *name)
{
	enum store_span_status	 st;

	if (name == NULL || store_status_parse((const char *)name, &st) == -1)
		return STORE_ACCEPTED;
	return st;
}

static enum store_span_origin
store_origin_from_text(const unsigned char *name)
{
	size_t	 i;

	for (i = 0; name != NULL && i < STORE_NORIGIN; i++)
		if (strcmp((const char *)name, store_origin_names[i]) == 0)
			return (enum store_span_origin)i;
	return STORE_MANUAL;
}

void
store_span_free(struct store_span *sp)
{
	if (sp == NULL)
		return;
	free(sp->label);
	free(sp->text);
	free(sp->annotator);
	free(sp->note);
	memset(sp, 0, sizeof(*sp));
}

void
store_spans_free(struct store_span *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_span_free(&v[i]);
	free(v);
}

/* Columns of STORE_SPAN_COLUMNS into sp, copied. */
static void
store_span_from_row(sqlite3_stmt *st, void *elem)
{
	struct store_span	*sp = elem;

	sp->id = sqlite3_column_int64(st, 0);
	sp->article_id = sqlite3_column_int64(st, 1);
	sp->start = (size_t)sqlite3_column_int64(st, 2);
	sp->end = (size_t)sqlite3_column_int64(st, 3);
	sp->start_byte = (size_t)sqlite3_column_int64(st, 4);
	sp->end_byte = (size_t)sqlite3_column_int64(st, 5);
	sp->label = store_column_dup(st, 6);
	sp->text = store_column_dup(st, 7);
	sp->annotator = store_column_dup(st, 8);
	sp->status = store_status_from_text(sqlite3_column_text(st, 9));
	sp->origin = store_origin_from_text(sqlite3_column_text(st, 10));
	sp->note = store_column_dup(st, 11);
	sp->score = sqlite3_column_double(st, 12);
	sp->created_at = sqlite3_column_int64(st, 13);
	sp->updated_at = sqlite3_column_int64(st, 14);
}

/* A span to add (store_span_add) or bring in (store_span_merge). */
struct store_span_new {
	const struct store_span	*sp;
	const char		*annotator;
	int			 merge;		/* keep sp's times; look for
						   the same key first */
	int64_t			 id;
	enum store_merge_result	 result;
};

/*
 * Where span sp falls in its article: its text at code points start..end
 * (shorter when the article ends before end), *length code points, and
 * its byte offsets.  The article's text is read once and kept (see
 * struct store).
 */
static int
store_span_locate(struct store *s, const struct store_span *sp, char **text,
    int64_t *length, int64_t *start_byte, int64_t *end_byte, char **errp)
{
	sqlite3_stmt	*st;
	size_t		 from, to;
	int		 rc;

	if (s->span_article != sp->article_id) {
		if ((st = store_stmt(s, ST_SPAN_CHECK, errp)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, sp->article_id);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			if (rc == SQLITE_DONE)
				err_set(errp, "no article %" PRId64,
				    sp->article_id);
			else
				store_sql_error(s, errp);
			store_stmt_done(st);
			return -1;
		}
		store_span_cache_clear(s);
		s->span_text = xstrndup((const char *)sqlite3_column_text(st,
		    0), (size_t)sqlite3_column_bytes(st, 0));
		text_offsets_init(&s->span_offsets, s->span_text,
		    (size_t)sqlite3_column_bytes(st, 0));
		s->span_article = sp->article_id;
		store_stmt_done(st);
	}
	from = sp->start < s->span_offsets.ncp ? sp->start :
	    s->span_offsets.ncp;
	to = sp->end < s->span_offsets.ncp ? sp->end : s->span_offsets.ncp;
	if (to < from)
		to = from;
	*length = (int64_t)(to - from);
	*start_byte = (int64_t)text_offsets_byte(&s->span_offsets, from);
	*end_byte = (int64_t)text_offsets_byte(&s->span_offsets, to);
	*text = xstrndup(s->span_text + *start_byte,
	    (size_t)(*end_byte - *start_byte));
	return 0;
}

/*
 * Check a new span against its article (it must lie inside the text and,
 * when the caller gives them, its text and byte offsets must be what the
 * article has there), then insert it.  The article's text is the truth:
 * the span's text and byte offsets are taken from it.
 */
static int
store_span_insert(struct store *s, void *ctx, char **errp)
{
	struct store_span_new	*sn = ctx;
	const struct store_span	*sp = sn->sp;
	sqlite3_stmt		*st;
	char			*text = NULL, *after = NULL;
	int64_t			 length, start_byte, end_byte, label_id, now;
	int64_t			 same, alike;
	int			 rc, found, ok = 0;

	sn->id = 0;
	sn->result = STORE_MERGE_PRESENT;
	if (store_label_find(s, sp->label, &label_id, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no label \"%s\" in this database",
		    sp->label);
	if (sn->merge) {
		/* The key of a merge: (article, start, end, label,
		   annotator); the same key with another note or status is
		   a conflict, and what is here stays. */
		if ((st = store_stmt(s, ST_SPAN_KEY, errp)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, sp->article_id);
		sqlite3_bind_int64(st, 2, (int64_t)sp->start);
		sqlite3_bind_int64(st, 3, (int64_t)sp->end);
		store_bind_text(st, 4, sp->label);
		store_bind_text(st, 5, sn->annotator);
		store_bind_text(st, 6, store_status_name(sp->status));
		store_bind_text(st, 7, sp->note != NULL ? sp->note : "");
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			store_sql_error(s, errp);
			store_stmt_done(st);
			return -1;
		}
		same = sqlite3_column_int64(st, 0);
		alike = sqlite3_column_int64(st, 1);
		store_stmt_done(st);
		if (same > 0) {
			sn->result = alike > 0 ? STORE_MERGE_PRESENT :
			    STORE_MERGE_CONFLICT;
			return 0;
		}
	}
	if (store_span_locate(s, sp, &text, &length, &start_byte, &end_byte,
	    errp) == -1)
		return -1;

	if (length != (int64_t)(sp->end - sp->start)) {
		err_set(errp, "span %zu-%zu is past the end of article %"
		    PRId64, sp->start, sp->end, sp->article_id);
		goto out;
	}
	if (sp->text != NULL && strcmp(sp->text, text) != 0) {
		err_set(errp, "span %zu-%zu: text \"%s\" is not the article's "
		    "\"%s\"", sp->start, sp->end, sp->text, text);
		goto out;
	}
	if (sp->end_byte != 0 && ((int64_t)sp->start_byte != start_byte ||
	    (int64_t)sp->end_byte != end_byte)) {
		err_set(errp, "span %zu-%zu: byte offsets %zu-%zu should be %"
		    PRId64 "-%" PRId64, sp->start, sp->end, sp->start_byte,
		    sp->end_byte, start_byte, end_byte);
		goto out;
	}

	if ((st = store_stmt(s, ST_SPAN_INSERT, errp)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, sp->article_id);
	sqlite3_bind_int64(st, 2, (int64_t)sp->start);
	sqlite3_bind_int64(st, 3, (int64_t)sp->end);
	sqlite3_bind_int64(st, 4, start_byte);
	sqlite3_bind_int64(st, 5, end_byte);
	store_bind_text(st, 6, sp->label);
	store_bind_text(st, 7, text);
	store_bind_text(st, 8, sn->annotator);
	store_bind_text(st, 9, store_status_name(sp->status));
	store_bind_text(st, 10, store_origin_name(sp->origin));
	store_bind_text(st, 11, sp->note != NULL ? sp->note : "");
	sqlite3_bind_double(st, 12, sp->score);
	now = store_now();
	sqlite3_bind_int64(st, 13, sn->merge && sp->created_at > 0 ?
	    sp->created_at : now);
	sqlite3_bind_int64(st, 14, sn->merge && sp->updated_at > 0 ?
	    sp->updated_at : now);
	if (store_run(s, st, errp) == -1)
		goto out;
	sn->id = sqlite3_last_insert_rowid(s->db);
	if (store_row_json(s, ST_SPAN_JSON, sn->id, NULL, &after,
	    errp) == -1 ||
	    store_history_add(s, "span", sn->id, "insert", NULL, after,
	    errp) == -1)
		goto out;
	sn->result = STORE_MERGE_ADDED;
	ok = 1;
out:
	free(text);
	free(after);
	return ok ? 0 : -1;
}

/* What store_span_add and store_span_merge check before any SQL. */
static int
store_span_valid(struct store *s, const struct store_span *sp,
    const char **annotator, char **errp)
{
	*annotator = sp->annotator != NULL ? sp->annotator : s->actor;
	if (**annotator == '\0')
		return err_set(errp, "no annotator name");
	if (sp->end <= sp->start)
		return err_set(errp, "empty span %zu-%zu", sp->start, sp->end);
	if (sp->end > (size_t)INT64_MAX)
		return err_set(errp, "span offset out of range");
	if (!store_label_valid_name(sp->label))
		return err_set(errp, "invalid label name \"%s\"",
		    sp->label != NULL ? sp->label : "");
	if ((size_t)sp->status >= STORE_NSTATUS ||
	    (size_t)sp->origin >= STORE_NORIGIN)
		return err_set(errp, "invalid span status or origin");
	return 0;
}

int
store_span_add(struct store *s, const struct store_span *sp, int64_t *id,
    char **errp)
{
	struct store_span_new	 sn;

	memset(&sn, 0, sizeof(sn));
	sn.sp = sp;
	if (store_span_valid(s, sp, &sn.annotator, errp) == -1 ||
	    store_write(s, store_span_insert, &sn, errp) == -1)
		return -1;
	if (id != NULL)
		*id = sn.id;
	return 0;
}

int
store_span_merge(struct store *s, const struct store_span *sp,
    enum store_merge_result *result, int64_t *id, char **errp)
{
	struct store_span_new	 sn;

	*result = STORE_MERGE_PRESENT;
	memset(&sn, 0, sizeof(sn));
	sn.sp = sp;
	sn.merge = 1;
	if (store_span_valid(s, sp, &sn.annotator, errp) == -1 ||
	    store_write(s, store_span_insert, &sn, errp) == -1)
		return -1;
	*result = sn.result;
	if (id != NULL)
		*id = sn.id;
	return 0;
}

/* A change to one span: ST_SPAN_RELABEL, _NOTE, _STATUS (value is the
   new label, note or status name) or _DELETE. */
struct store_span_change {
	int64_t		 id;
	enum store_stmt	 stmt;
	const char	*value;
};

/*
 * Change span id with the row before and after recorded in history.  An
 * UPDATE that touches no row (the value was already there) records
 * nothing.
 */
static int
store_span_change_txn(struct store *s, void *ctx, char **errp)
{
	const struct store_span_change	*sc = ctx;
	sqlite3_stmt			*upd;
	char				*before = NULL, *after = NULL;
	int				 ok = 0;

	if (store_row_json(s, ST_SPAN_JSON, sc->id, NULL, &before, errp) == -1)
		return -1;
	if (before == NULL)
		return err_set(errp, "no span %" PRId64, sc->id);
	if ((upd = store_stmt(s, sc->stmt, errp)) == NULL)
		goto out;
	sqlite3_bind_int64(upd, 1, sc->id);
	if (sc->stmt != ST_SPAN_DELETE) {
		store_bind_text(upd, 2, sc->value);
		sqlite3_bind_int64(upd, 3, store_now());
	}
	if (store_run(s, upd, errp) == -1)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		ok = 1;
		goto out;
	}
	if (store_row_json(s, ST_SPAN_JSON, sc->id, NULL, &after,
	    errp) == -1 ||
	    store_history_add(s, "span", sc->id, after != NULL ? "update" :
	    "delete", before, after, errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	free(after);
	return ok ? 0 : -1;
}

static int
store_span_change(struct store *s, int64_t id, enum store_stmt stmt,
    const char *value, char **errp)
{
	struct store_span_change	 sc;

	sc.id = id;
	sc.stmt = stmt;
	sc.value = value;
	return store_write(s, store_span_change_txn, &sc, errp);
}

int
store_span_relabel(struct store *s, int64_t id, const char *label,
    char **errp)
{
	int64_t		 lid;
	int		 found;

	if (!store_label_valid_name(label))
		return err_set(errp, "invalid label name \"%s\"",
		    label != NULL ? label : "");
	if (s->readonly)
		return err_set(errp, "database is read-only");
	if (store_label_find(s, label, &lid, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no label \"%s\" in this database", label);
	return store_span_change(s, id, ST_SPAN_RELABEL, label, errp);
}

int
store_span_set_note(struct store *s, int64_t id, const char *note,
    char **errp)
{
	return store_span_change(s, id, ST_SPAN_NOTE, note != NULL ? note : "",
	    errp);
}

int
store_span_set_status(struct store *s, int64_t id, enum store_span_status st,
    char **errp)
{
	if ((size_t)st >= STORE_NSTATUS)
		return err_set(errp, "invalid span status");
	return store_span_change(s, id, ST_SPAN_STATUS, store_status_name(st),
	    errp);
}

int
store_span_delete(struct store *s, int64_t id, char **errp)
{
	return store_span_change(s, id, ST_SPAN_DELETE, NULL, errp);
}

int
store_span_get(struct store *s, int64_t id, struct store_span *sp,
    char **errp)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(sp, 0, sizeof(*sp));
	if ((st = store_stmt(s, ST_SPAN_GET, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_span_from_row(st, sp);
	else if (rc == SQLITE_DONE)
		err_set(errp, "no span %" PRId64, id);
	else
		store_sql_error(s, errp);
	store_stmt_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static void
store_span_clear(void *elem)
{
	store_span_free(elem);
}

/* The STORE_SPAN_COLUMNS rows of a bound statement. */
static int
store_span_collect(struct store *s, sqlite3_stmt *st, struct store_span **vp,
    size_t *n, char **errp)
{
	void	*v;

	if (store_rows_collect(s, st, sizeof(**vp), store_span_from_row,
	    store_span_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

int
store_span_list(struct store *s, int64_t article_id, const char *annotator,
    struct store_span **vp, size_t *n, char **errp)
{
	sqlite3_stmt	*st;

	*vp = NULL;
	*n = 0;
	st = store_stmt(s, annotator != NULL ? ST_SPAN_LIST : ST_SPAN_LIST_ALL,
	    errp);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, article_id);
	if (annotator != NULL)
		store_bind_text(st, 2, annotator);
	return store_span_collect(s, st, vp, n, errp);
}

int
store_span_find(struct store *s, int64_t article_id, size_t start,
    size_t end, const char *annotator, struct store_span **vp, size_t *n,
    char **errp)
{
	sqlite3_stmt	*st;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_SPAN_FIND, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, article_id);
	sqlite3_bind_int64(st, 2, store_clamp(start));
	sqlite3_bind_int64(st, 3, store_clamp(end));
	store_bind_text(st, 4, annotator);
	return store_span_collect(s, st, vp, n, errp);
}

/* s as a JSON string literal. */
static void
store_json_string(struct buf *b, const char *s)
{
	const unsigned char	*p;

	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		} else if (*p < 0x20)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

static void
store_json_ids(struct buf *b, const int64_t *ids, size_t n)
{
	size_t	 i;

	buf_addc(b, '[');
	for (i = 0; i < n; i++)
		buf_printf(b, "%s%" PRId64, i > 0 ? "," : "", ids[i]);
	buf_addc(b, ']');
}

int
store_span_foreach(struct store *s, const struct store_span_filter *f,
    store_span_cb cb, void *ctx, char **errp)
{
	static const struct store_span_filter	 none;
	struct buf		 labels = BUF_INIT, articles = BUF_INIT;
	struct buf		 statuses = BUF_INIT;
	struct store_article	 a;
	struct store_span	 sp;
	sqlite3_stmt		*st = NULL;
	size_t			 i;
	int			 own = 0, rc, ret = -1, bits;

	if (f == NULL)
		f = &none;
	/* The filters' lists travel as bound JSON arrays. */
	if (f->labels != NULL) {
		buf_addc(&labels, '[');
		for (i = 0; f->labels[i] != NULL; i++) {
			if (i > 0)
				buf_addc(&labels, ',');
			store_json_string(&labels, f->labels[i]);
		}
		buf_addc(&labels, ']');
	}
	if (f->articles != NULL)
		store_json_ids(&articles, f->articles, f->narticles);
	bits = f->status != 0 ? f->status : 1 << STORE_ACCEPTED;
	buf_addc(&statuses, '[');
	for (i = 0; i < STORE_NSTATUS; i++) {
		if (bits & (1 << i)) {
			if (statuses.len > 1)
				buf_addc(&statuses, ',');
			store_json_string(&statuses, store_status_names[i]);
		}
	}
	buf_addc(&statuses, ']');

	if (store_snapshot_begin(s, &own, errp) == -1)
		goto out;
	if (sqlite3_prepare_v2(s->db, store_foreach_sql, -1, &st,
	    NULL) != SQLITE_OK) {
		store_sql_error(s, errp);
		goto out;
	}
	store_bind_text(st, 1, labels.data);
	store_bind_text(st, 2, f->annotator);
	store_bind_text(st, 3, articles.data);
	store_bind_text(st, 4, f->tag);
	sqlite3_bind_int(st, 5, f->done != 0);
	store_bind_text(st, 6, statuses.data);

	memset(&a, 0, sizeof(a));
	memset(&sp, 0, sizeof(sp));
	ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* Pointers into the row: valid until the next step, and no
		   allocation per span. */
		sp.id = sqlite3_column_int64(st, 0);
		sp.article_id = sqlite3_column_int64(st, 1);
		sp.start = (size_t)sqlite3_column_int64(st, 2);
		sp.end = (size_t)sqlite3_column_int64(st, 3);
		sp.start_byte = (size_t)sqlite3_column_int64(st, 4);
		sp.end_byte = (size_t)sqlite3_column_int64(st, 5);
		sp.label = (char *)sqlite3_column_text(st, 6);
		sp.text = (char *)sqlite3_column_text(st, 7);
		sp.annotator = (char *)sqlite3_column_text(st, 8);
		sp.status = store_status_from_text(sqlite3_column_text(st, 9));
		sp.origin = store_origin_from_text(sqlite3_column_text(st, 10));
		sp.note = (char *)sqlite3_column_text(st, 11);
		sp.score = sqlite3_column_double(st, 12);
		sp.created_at = sqlite3_column_int64(st, 13);
		sp.updated_at = sqlite3_column_int64(st, 14);
		a.id = sp.article_id;
		a.title = (char *)sqlite3_column_text(st, 15);
		a.source = (char *)sqlite3_column_text(st, 16);
		a.hash = (char *)sqlite3_column_text(st, 17);
		a.meta = (char *)sqlite3_column_text(st, 18);
		a.imported_at = sqlite3_column_int64(st, 19);
		if ((ret = cb(ctx, &a, &sp)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE) {
		store_sql_error(s, errp);
		ret = -1;
	}
out:
	sqlite3_finalize(st);
	store_snapshot_end(s, own, ret != -1);
	buf_free(&labels);
	buf_free(&articles);
	buf_free(&statuses);
	return ret;
}

int
store_tag_foreach(struct store *s, const struct store_span_filter *f,
    store_tag_cb cb, void *ctx, char **errp)
{
	static const struct store_span_filter	 none;
	struct buf		 articles = BUF_INIT;
	struct store_article	 a;
	sqlite3_stmt		*st = NULL;
	int			 own = 0, rc, ret = -1;

	if (f == NULL)
		f = &none;
	if (f->articles != NULL)
		store_json_ids(&articles, f->articles, f->narticles);
	if (store_snapshot_begin(s, &own, errp) == -1)
		goto out;
	if (sqlite3_prepare_v2(s->db, store_tag_foreach_sql, -1, &st,
	    NULL) != SQLITE_OK) {
		store_sql_error(s, errp);
		goto out;
	}
	store_bind_text(st, 2, f->annotator);
	store_bind_text(st, 3, articles.data);
	store_bind_text(st, 4, f->tag);
	sqlite3_bind_int(st, 5, f->done != 0);

	memset(&a, 0, sizeof(a));
	ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a.id = sqlite3_column_int64(st, 0);
		a.title = (char *)sqlite3_column_text(st, 1);
		a.source = (char *)sqlite3_column_text(st, 2);
		a.hash = (char *)sqlite3_column_text(st, 3);
		a.meta = (char *)sqlite3_column_text(st, 4);
		a.imported_at = sqlite3_column_int64(st, 5);
		if ((ret = cb(ctx, &a, (const char *)sqlite3_column_text(st, 6),
		    (const char *)sqlite3_column_text(st, 7))) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE) {
		store_sql_error(s, errp);
		ret = -1;
	}
out:
	sqlite3_finalize(st);
	store_snapshot_end(s, own, ret != -1);
	buf_free(&articles);
	return ret;
}

/* ------------------------------------------------------------------ */
/* History. */

int
store_history_count(struct store *s, size_t *n, char **errp)
{
	sqlite3_stmt	*st;
	int64_t		 v;

	*n = 0;
	if ((st = store_stmt(s, ST_HISTORY_COUNT, errp)) == NULL ||
	    store_int(s, st, &v, NULL, errp) == -1)
		return -1;
	*n = (size_t)v;
	return 0;
}

static char *
store_column_dup_or_null(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return store_column_dup(st, i);
}

/* Columns as ST_HISTORY_LIST. */
static void
store_history_from_row(sqlite3_stmt *st, void *elem)
{
	struct store_history	*h = elem;

	h->id = sqlite3_column_int64(st, 0);
	h->txn = sqlite3_column_int64(st, 1);
	h->at = sqlite3_column_int64(st, 2);
	h->actor = store_column_dup(st, 3);
	h->entity = store_column_dup(st, 4);
	h->entity_id = sqlite3_column_int64(st, 5);
	h->op = store_column_dup(st, 6);
	h->before = store_column_dup_or_null(st, 7);
	h->after = store_column_dup_or_null(st, 8);
}

static void
store_history_clear(void *elem)
{
	struct store_history	*h = elem;

	free(h->actor);
	free(h->entity);
	free(h->op);
	free(h->before);
	free(h->after);
}

void
store_history_free(struct store_history *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_history_clear(&v[i]);
	free(v);
}

/* The history rows of a bound statement (columns as ST_HISTORY_LIST). */
static int
store_history_collect(struct store *s, sqlite3_stmt *st,
    struct store_history **vp, size_t *n, char **errp)
{
	void	*v;

	if (store_rows_collect(s, st, sizeof(**vp), store_history_from_row,
	    store_history_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

int
store_history_list(struct store *s, int64_t after_id,
    struct store_history **vp, size_t *n, char **errp)
{
	sqlite3_stmt	*st;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_HISTORY_LIST, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, after_id);
	return store_history_collect(s, st, vp, n, errp);
}

/* ------------------------------------------------------------------ */
/* Undo and redo. */

void
store_change_free(struct store_change *what)
{
	if (what == NULL)
		return;
	free(what->description);
	memset(what, 0, sizeof(*what));
}

/* At most STORE_QUOTE_MAX code points of a span's text, for messages. */
#define STORE_QUOTE_MAX	32

static void
store_quote(struct buf *b, const char *text)
{
	size_t	 len = strlen(text), cut;

	cut = text_cp_to_byte(text, len, STORE_QUOTE_MAX);
	buf_adds(b, "\xe2\x80\x9c");		/* “ */
	buf_add(b, text, cut);
	if (cut < len)
		buf_adds(b, "\xe2\x80\xa6");	/* … */
	buf_adds(b, "\xe2\x80\x9d");		/* ” */
}

/* What a row is, in words: "PER “Blinken”", "tag “x”", "the done mark
   of article 3". */
static void
store_row_name(struct store *s, struct buf *b, const char *entity,
    const char *json)
{
	char	*v, *w;

	if (strcmp(entity, "span") == 0) {
		v = store_json_text(s, json, "$.label");
		w = store_json_text(s, json, "$.text");
		buf_printf(b, "%s ", v);
		store_quote(b, w);
		free(v);
		free(w);
	} else if (strcmp(entity, "tag") == 0) {
		v = store_json_text(s, json, "$.tag");
		buf_adds(b, "tag ");
		store_quote(b, v);
		free(v);
	} else {
		v = store_json_text(s, json, "$.article");
		buf_printf(b, "the done mark of article %s", v);
		free(v);
	}
}

/* "deleted PER “Blinken”": what the change h did. */
static void
store_row_describe(struct store *s, struct buf *b,
    const struct store_history *h)
{
	const char	*json = h->after != NULL ? h->after : h->before;
	char		*x, *y, *w;

	if (strcmp(h->entity, "status") == 0) {
		x = store_json_text(s, h->after, "$.status");
		y = store_json_text(s, json, "$.article");
		buf_printf(b, "marked article %s %s", y,
		    strcmp(x, "done") == 0 ? "done" : "todo");
		free(x);
		free(y);
		return;
	}
	if (strcmp(h->entity, "tag") == 0) {
		buf_adds(b, h->after != NULL ? "added " : "removed ");
		store_row_name(s, b, h->entity, json);
		return;
	}
	if (h->before == NULL) {
		x = store_json_text(s, h->after, "$.status");
		buf_adds(b, strcmp(x, "suggested") == 0 ? "suggested " :
		    "tagged ");
		free(x);
	} else if (h->after == NULL)
		buf_adds(b, "deleted ");
	else {
		x = store_json_text(s, h->before, "$.label");
		y = store_json_text(s, h->after, "$.label");
		if (strcmp(x, y) != 0) {
			/* "relabelled “Blinken” PER → ORG" */
			w = store_json_text(s, h->after, "$.text");
			buf_adds(b, "relabelled ");
			store_quote(b, w);
			buf_printf(b, " %s \xe2\x86\x92 %s", x, y);
			free(w);
			free(x);
			free(y);
			return;
		}
		free(x);
		free(y);
		x = store_json_text(s, h->before, "$.status");
		y = store_json_text(s, h->after, "$.status");
		if (strcmp(x, y) != 0)
			buf_printf(b, "%s ", strcmp(y, "accepted") == 0 ?
			    "accepted" : strcmp(y, "rejected") == 0 ?
			    "rejected" : "re-suggested");
		else
			buf_adds(b, "changed the note of ");
		free(x);
		free(y);
	}
	store_row_name(s, b, h->entity, json);
}

/* The description and the place of a group (rows in the order made). */
static void
store_group_describe(struct store *s, const char *verb,
    const struct store_history *v, size_t n, struct store_change *what)
{
	struct buf	 b = BUF_INIT;
	const char	*json;
	char		*x;
	size_t		 i;

	buf_printf(&b, "%s: ", verb);
	store_row_describe(s, &b, &v[0]);
	if (n > 1)
		buf_printf(&b, " and %zu more change%s", n - 1,
		    n == 2 ? "" : "s");
	what->description = buf_detach(&b);
	what->count = n;
	json = v[0].after != NULL ? v[0].after : v[0].before;
	x = store_json_text(s, json, "$.article");
	what->article_id = strtoll(x, NULL, 10);
	free(x);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].entity, "span") != 0)
			continue;
		json = v[i].after != NULL ? v[i].after : v[i].before;
		x = store_json_text(s, json, "$.article");
		what->article_id = strtoll(x, NULL, 10);
		free(x);
		x = store_json_text(s, json, "$.start");
		what->start = (size_t)strtoull(x, NULL, 10);
		free(x);
		x = store_json_text(s, json, "$.start_byte");
		what->start_byte = (size_t)strtoull(x, NULL, 10);
		free(x);
		what->has_span = 1;
		break;
	}
}

static int
store_same_json(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Refuse to undo or redo h: the row is no longer what h left (or found). */
static int
store_row_conflict(struct store *s, const char *verb,
    const struct store_history *h, const char *status_annotator,
    const char *cur, const char *expect, char **errp)
{
	struct buf	 b = BUF_INIT;
	sqlite3_stmt	*st;
	char		*who = NULL;

	if ((st = store_stmt(s, ST_HISTORY_WHO, NULL)) != NULL) {
		store_bind_text(st, 1, h->entity);
		sqlite3_bind_int64(st, 2, h->entity_id);
		sqlite3_bind_int64(st, 3, h->id);
		store_bind_text(st, 4, status_annotator);
		if (sqlite3_step(st) == SQLITE_ROW)
			who = store_column_dup(st, 0);
		store_stmt_done(st);
	}
	buf_printf(&b, "cannot %s: ", verb);
	if (who == NULL)
		buf_adds(&b, "someone else has changed ");
	else if (strcmp(who, s->actor) == 0)
		buf_adds(&b, "you have changed (in another session) ");
	else
		buf_printf(&b, "%s has changed ", who);
	store_row_name(s, &b, h->entity, cur != NULL ? cur : expect);
	buf_adds(&b, " since");
	err_set(errp, "%s", b.data);
	buf_free(&b);
	free(who);
	return -1;
}

/* Would re-inserting the tag row want clash with the same tag given
   again since (under another id)? */
static int
store_tag_taken(struct store *s, const char *want, int *taken, char **errp)
{
	sqlite3_stmt	*st;
	char		*article, *tag, *annotator;
	int64_t		 v;
	int		 rc;

	if ((st = store_stmt(s, ST_TAG_FIND, errp)) == NULL)
		return -1;
	article = store_json_text(s, want, "$.article");
	tag = store_json_text(s, want, "$.tag");
	annotator = store_json_text(s, want, "$.annotator");
	sqlite3_bind_int64(st, 1, strtoll(article, NULL, 10));
	store_bind_text(st, 2, tag);
	store_bind_text(st, 3, annotator);
	rc = store_int(s, st, &v, taken, errp);
	free(article);
	free(tag);
	free(annotator);
	return rc;
}

/* Run one statement that puts a row back from JSON (?1) with its id
   (?2). */
static int
store_row_restore(struct store *s, enum store_stmt id, const char *json,
    int64_t row, char **errp)
{
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, id, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, json);
	sqlite3_bind_int64(st, 2, row);
	return store_run(s, st, errp);
}

/*
 * Put the row that h changed back to want (a JSON object of history, or
 * NULL: no row), after checking that it is still expect (what h left, for
 * an undo; what h found, for a redo).  The change is recorded like any
 * other, as the current history kind (undo or redo).
 */
static int
store_row_put(struct store *s, const char *verb,
    const struct store_history *h, const char *expect, const char *want,
    char **errp)
{
	sqlite3_stmt	*st;
	enum store_stmt	 json_stmt, del;
	char		*cur = NULL, *after = NULL, *annotator = NULL;
	char		*label = NULL;
	int64_t		 row = h->entity_id, label_id;
	int		 taken, ok = 0;

	if (strcmp(h->entity, "span") == 0) {
		json_stmt = ST_SPAN_JSON;
		del = ST_SPAN_DELETE;
	} else if (strcmp(h->entity, "tag") == 0) {
		json_stmt = ST_TAG_JSON;
		del = ST_TAG_DELETE;
	} else if (strcmp(h->entity, "status") == 0) {
		/* Keyed by (article, annotator): entity_id is the article. */
		json_stmt = ST_STATUS_JSON;
		del = ST_STATUS_DELETE;
		annotator = store_json_text(s, want != NULL ? want : expect,
		    "$.annotator");
	} else
		return err_set(errp, "cannot %s a change to a %s", verb,
		    h->entity);
	if (store_row_json(s, json_stmt, row, annotator, &cur, errp) == -1)
		goto out;
	if (!store_same_json(cur, expect)) {
		store_row_conflict(s, verb, h, annotator, cur, expect, errp);
		goto out;
	}
	if (want != NULL && json_stmt == ST_SPAN_JSON) {
		/* A label removed since cannot hold the span again. */
		label = store_json_text(s, want, "$.label");
		if (store_label_find(s, label, &label_id, &taken,
		    errp) == -1)
			goto out;
		if (!taken) {
			err_set(errp, "cannot %s: there is no label %s any "
			    "more", verb, label);
			goto out;
		}
	}
	if (want != NULL && cur == NULL && json_stmt == ST_TAG_JSON) {
		if (store_tag_taken(s, want, &taken, errp) == -1)
			goto out;
		if (taken) {
			store_row_conflict(s, verb, h, NULL, want, want, errp);
			goto out;
		}
	}
	/* A tag row is never updated, only deleted and inserted. */
	if (want == NULL || (cur != NULL && json_stmt == ST_TAG_JSON)) {
		if ((st = store_stmt(s, del, errp)) == NULL)
			goto out;
		sqlite3_bind_int64(st, 1, row);
		if (annotator != NULL)
			store_bind_text(st, 2, annotator);
		if (store_run(s, st, errp) == -1)
			goto out;
	}
	if (want != NULL) {
		if (json_stmt == ST_STATUS_JSON) {
			if ((st = store_stmt(s, ST_STATUS_RESTORE,
			    errp)) == NULL)
				goto out;
			store_bind_text(st, 1, want);
			if (store_run(s, st, errp) == -1)
				goto out;
		} else if (json_stmt == ST_TAG_JSON) {
			if (store_row_restore(s, ST_TAG_RESTORE, want, row,
			    errp) == -1)
				goto out;
		} else if (store_row_restore(s, cur == NULL ? ST_SPAN_RESTORE :
		    ST_SPAN_RESET, want, row, errp) == -1)
			goto out;
	}
	if (store_row_json(s, json_stmt, row, annotator, &after, errp) == -1 ||
	    store_history_add(s, h->entity, row, want == NULL ? "delete" :
	    cur == NULL ? "insert" : "update", cur, after, errp) == -1)
		goto out;
	ok = 1;
out:
	free(cur);
	free(after);
	free(annotator);
	free(label);
	return ok ? 0 : -1;
}

struct store_undo {
	const char		*annotator;
	int			 redo;
	struct store_change	 what;
};

/*
 * Undo (or redo) one group, all or nothing: the rows are put back in the
 * reverse order they were changed in (forward for a redo), so that a
 * group that added a span and then changed it comes apart cleanly.
 */
static int
store_undo_txn(struct store *s, void *ctx, char **errp)
{
	struct store_undo	*u = ctx;
	struct store_history	*v = NULL;
	sqlite3_stmt		*st;
	const char		*verb = u->redo ? "redo" : "undo";
	const char		*from = u->redo ? "undone" : "live";
	int64_t			 txn;
	size_t			 n = 0, i, k;
	int			 ok = 0;

	store_change_free(&u->what);
	if ((st = store_stmt(s, u->redo ? ST_REDO_TARGET : ST_UNDO_TARGET,
	    errp)) == NULL)
		return -1;
	store_bind_text(st, 1, u->annotator);
	if (store_int(s, st, &txn, NULL, errp) == -1)
		return -1;
	if (txn == 0) {
		u->what.description = xasprintf("nothing to %s", verb);
		return 0;
	}
	if ((st = store_stmt(s, ST_HISTORY_GROUP, errp)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, txn);
	store_bind_text(st, 2, from);
	if (store_history_collect(s, st, &v, &n, errp) == -1)
		return -1;
	if (n == 0) {
		u->what.description = xasprintf("nothing to %s", verb);
		return 0;
	}
	s->txn_kind = verb;
	s->txn_reverts = txn;
	for (k = 0; k < n; k++) {
		i = u->redo ? k : n - 1 - k;
		if (store_row_put(s, verb, &v[i], u->redo ? v[i].before :
		    v[i].after, u->redo ? v[i].after : v[i].before,
		    errp) == -1)
			goto out;
	}
	if ((st = store_stmt(s, ST_HISTORY_MARK, errp)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, txn);
	store_bind_text(st, 2, from);
	store_bind_text(st, 3, u->redo ? "live" : "undone");
	if (store_run(s, st, errp) == -1)
		goto out;
	store_group_describe(s, verb, v, n, &u->what);
	ok = 1;
out:
	s->txn_kind = "do";
	s->txn_reverts = 0;
	store_history_free(v, n);
	if (!ok)
		store_change_free(&u->what);
	return ok ? 0 : -1;
}

static int
store_undo_redo(struct store *s, const char *annotator, int redo,
    struct store_change *what, char **errp)
{
	struct store_undo	 u;

	memset(what, 0, sizeof(*what));
	memset(&u, 0, sizeof(u));
	u.annotator = annotator != NULL ? annotator : s->actor;
	u.redo = redo;
	if (store_write(s, store_undo_txn, &u, errp) == -1) {
		store_change_free(&u.what);
		return -1;
	}
	*what = u.what;
	return 0;
}

int
store_undo(struct store *s, const char *annotator, struct store_change *what,
    char **errp)
{
	return store_undo_redo(s, annotator, 0, what, errp);
}

int
store_redo(struct store *s, const char *annotator, struct store_change *what,
    char **errp)
{
	return store_undo_redo(s, annotator, 1, what, errp);
}

/* ------------------------------------------------------------------ */
/* Statistics. */

/* A row of ST_STATS_LABELS: the label and its spans by status. */
static void
store_label_stats_from_row(sqlite3_stmt *q, void *elem)
{
	struct store_label_stats	*l = elem;
	int				 k;

	l->label = store_column_dup(q, 0);
	for (k = 0; k < 3; k++)
		l->spans[k] = (size_t)sqlite3_column_int64(q, 1 + k);
}

static void
store_label_stats_clear(void *elem)
{
	struct store_label_stats	*l = elem;

	free(l->label);
}

void
store_stats_free(struct store_stats *st)
{
	size_t	 i;

	for (i = 0; i < st->nlabels; i++)
		store_label_stats_clear(&st->labels[i]);
	free(st->labels);
	for (i = 0; i < st->nannotators; i++)
		free(st->annotators[i].annotator);
	free(st->annotators);
	memset(st, 0, sizeof(*st));
}

static int
store_annotator_cmp(const void *key, const void *elem)
{
	const struct store_annotator_stats	*a = elem;

	return strcmp(key, a->annotator);
}

/* The annotator of column 0 of a row, in the sorted list. */
static struct store_annotator_stats *
store_stats_annotator(struct store_stats *st, sqlite3_stmt *row)
{
	const char	*name = (const char *)sqlite3_column_text(row, 0);

	if (name == NULL)
		return NULL;
	return bsearch(name, st->annotators, st->nannotators,
	    sizeof(*st->annotators), store_annotator_cmp);
}

static int
store_stats_read(struct store *s, struct store_stats *st, char **errp)
{
	struct store_annotator_stats	*a;
	sqlite3_stmt			*q;
	char				**names = NULL;
	void				*labels;
	int64_t				 v;
	size_t				 n = 0, i;
	int				 rc, k;

	if ((q = store_stmt(s, ST_COUNT_ALL, errp)) == NULL ||
	    store_int(s, q, &v, NULL, errp) == -1)
		return -1;
	st->articles = (size_t)v;

	if ((q = store_stmt(s, ST_STATS_LABELS, errp)) == NULL ||
	    store_rows_collect(s, q, sizeof(*st->labels),
	    store_label_stats_from_row, store_label_stats_clear, &labels,
	    &st->nlabels, errp) == -1)
		return -1;
	st->labels = labels;

	/* Sorted by bytes, as strcmp() sorts them for the searches. */
	if (store_annotators(s, &names, &n, errp) == -1)
		return -1;
	st->annotators = xcalloc(n > 0 ? n : 1, sizeof(*st->annotators));
	st->nannotators = n;
	for (i = 0; i < n; i++)
		st->annotators[i].annotator = names[i];
	free(names);

	if ((q = store_stmt(s, ST_STATS_SPANS, errp)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((a = store_stats_annotator(st, q)) == NULL)
			continue;
		for (k = 0; k < 3; k++)
			a->spans[k] = (size_t)sqlite3_column_int64(q, 1 + k);
		a->articles = (size_t)sqlite3_column_int64(q, 4);
	}
	store_stmt_done(q);
	if (rc != SQLITE_DONE)
		return store_sql_error(s, errp);
	for (k = 0; k < 2; k++) {
		if ((q = store_stmt(s, k == 0 ? ST_STATS_DONE : ST_STATS_TAGS,
		    errp)) == NULL)
			return -1;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			if ((a = store_stats_annotator(st, q)) == NULL)
				continue;
			if (k == 0)
				a->done = (size_t)sqlite3_column_int64(q, 1);
			else
				a->tags = (size_t)sqlite3_column_int64(q, 1);
		}
		store_stmt_done(q);
		if (rc != SQLITE_DONE)
			return store_sql_error(s, errp);
	}
	return 0;
}

int
store_stats(struct store *s, struct store_stats *st, char **errp)
{
	int	 own, rc;

	memset(st, 0, sizeof(*st));
	/* One snapshot: the counts agree with each other. */
	if (store_snapshot_begin(s, &own, errp) == -1)
		return -1;
	rc = store_stats_read(s, st, errp);
	store_snapshot_end(s, own, rc == 0);
	if (rc == -1)
		store_stats_free(st);
	return rc;
}
