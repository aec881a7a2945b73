/*
 * store_stmt.c: every statement the store keeps prepared, the helpers
 * that bind, step and read them (one row collector for every list), and
 * SQLite's errors in the user's terms, when a store turns read-only and
 * why, the quick_check, and the clock of every timestamp.
 * All SQL is constant text with bound values (SPEC §12).  The bottom of
 * the store: it calls no other file of it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_private.h"

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
/* Of those, the suggestions (the list shows them apart). */
#define STORE_NSUGGESTED_SQL						\
	"(SELECT count(*) FROM spans sp WHERE sp.article = a.id"	\
	" AND sp.status = 'suggested'"					\
	" AND (?1 IS NULL OR sp.annotator = ?1))"
/* struct store_article_filter: ?1 annotator, ?2 tag, ?3 status. */
#define STORE_FILTER_SQL						\
	"(?2 IS NULL OR EXISTS (SELECT 1 FROM article_tags t"		\
	" WHERE t.article = a.id AND t.tag = ?2))"			\
	" AND (?3 = 0 OR (?3 > 0) = " STORE_DONE_SQL ")"
#define STORE_ROW_SQL							\
	"SELECT a.id, a.title, a.source, a.hash, a.meta, a.imported_at, " \
	STORE_DONE_SQL ", " STORE_NSPANS_SQL ", " STORE_NSUGGESTED_SQL
/* The same columns for lists, without hash and meta: they come after the
   text in a row, and reading them walks the whole text. */
#define STORE_LIST_SQL							\
	"SELECT a.id, a.title, a.source, '', '{}', a.imported_at, "	\
	STORE_DONE_SQL ", " STORE_NSPANS_SQL ", " STORE_NSUGGESTED_SQL
#define STORE_SPAN_COLUMNS						\
	"id, article, start, end, start_byte, end_byte, label, text,"	\
	" annotator, status, origin, note, score, created_at, updated_at," \
	" entity, entity_status"
/* A span as it is read: STORE_SPAN_COLUMNS of spans sp, then the name and
   knowledge-base id of the entity it links to (NULL when none). */
#define STORE_SPAN_READ							\
	"SELECT sp.id, sp.article, sp.start, sp.end, sp.start_byte,"	\
	" sp.end_byte, sp.label, sp.text, sp.annotator, sp.status,"	\
	" sp.origin, sp.note, sp.score, sp.created_at, sp.updated_at,"	\
	" sp.entity, sp.entity_status, e.name, e.kb_id"		\
	" FROM spans sp LEFT JOIN entities e ON e.id = sp.entity"
#define STORE_ENTITY_COLUMNS						\
	"e.id, e.label, e.name, e.kb_id, e.created_by, e.created_at,"	\
	" e.updated_at"
#define STORE_RELATION_COLUMNS						\
	"id, article, src, dst, label, annotator, status, origin, note,"	\
	" created_at, updated_at"

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
/*
 * The next article of the filtered list (?1 annotator, ?2 tag, ?3 status)
 * after (op ">") or before ("<") article ?4 with suggestions of ?1.  It
 * skips from one article with spans of ?1 to the next along the index
 * spans_by_annotator (annotator, article, status), one seek per article,
 * and stops at the first that has a suggestion and is in the list: it
 * never reads the spans themselves, nor articles where ?1 has none.
 */
#define STORE_HAS_SUGGESTED(x)						\
	"(EXISTS (SELECT 1 FROM spans sp WHERE sp.annotator = ?1"	\
	" AND sp.article = " x " AND sp.status = 'suggested')"		\
	" AND EXISTS (SELECT 1 FROM articles a WHERE a.id = " x	\
	" AND " STORE_FILTER_SQL "))"
#define STORE_NEXT_MINE(op, order, from)				\
	"(SELECT sp.article FROM spans sp WHERE sp.annotator = ?1"	\
	" AND sp.article " op " " from " ORDER BY sp.article " order	\
	" LIMIT 1)"
#define STORE_SUGGESTED_WALK(op, order)					\
	"WITH RECURSIVE walk(article) AS ("				\
	" SELECT " STORE_NEXT_MINE(op, order, "?4")			\
	" UNION ALL SELECT " STORE_NEXT_MINE(op, order, "walk.article")	\
	" FROM walk WHERE walk.article IS NOT NULL"			\
	" AND NOT " STORE_HAS_SUGGESTED("walk.article") ")"		\
	" SELECT article FROM walk WHERE article IS NOT NULL AND "	\
	STORE_HAS_SUGGESTED("walk.article")

/* A span row from the JSON object history keeps (?1). */
#define STORE_SPAN_FROM_JSON						\
	"json_extract(?1, '$.article'), json_extract(?1, '$.start'),"	\
	" json_extract(?1, '$.end'), json_extract(?1, '$.start_byte'),"	\
	" json_extract(?1, '$.end_byte'), json_extract(?1, '$.label'),"	\
	" json_extract(?1, '$.text'), json_extract(?1, '$.annotator'),"	\
	" json_extract(?1, '$.status'), json_extract(?1, '$.origin'),"	\
	" json_extract(?1, '$.note'), json_extract(?1, '$.score'),"	\
	" json_extract(?1, '$.created_at'), json_extract(?1, '$.updated_at'),"	\
	" json_extract(?1, '$.entity'), json_extract(?1, '$.entity_status')"
/* A relation row from its JSON object (?1). */
#define STORE_RELATION_FROM_JSON					\
	"json_extract(?1, '$.article'), json_extract(?1, '$.src'),"	\
	" json_extract(?1, '$.dst'), json_extract(?1, '$.label'),"	\
	" json_extract(?1, '$.annotator'), json_extract(?1, '$.status'),"	\
	" json_extract(?1, '$.origin'), json_extract(?1, '$.note'),"	\
	" json_extract(?1, '$.created_at'), json_extract(?1, '$.updated_at')"
/* An entity row from its JSON object (?1). */
#define STORE_ENTITY_FROM_JSON						\
	"json_extract(?1, '$.label'), json_extract(?1, '$.name'),"	\
	" json_extract(?1, '$.kb_id'), json_extract(?1, '$.created_by'),"	\
	" json_extract(?1, '$.created_at'), json_extract(?1, '$.updated_at')"

static const char *const store_stmt_sql[ST_COUNT] = {
	[ST_DATA_VERSION] = "PRAGMA data_version",
	[ST_ARTICLE_BY_HASH] = "SELECT id FROM articles WHERE hash = ?1",
	[ST_ARTICLE_INSERT] =
	    "INSERT INTO articles(title, source, imported_at, text, hash, meta)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_ARTICLE_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
	[ST_ARTICLE_GET] = STORE_ROW_SQL ", a.text FROM articles a"
	    " WHERE a.id = ?4",
	/* An export's: the article without its list columns (the done
	   mark and the span counts are a subquery each, and the spans
	   come apart), and the ids of the list a page at a time. */
	[ST_ARTICLE_TEXT] = "SELECT a.id, a.title, a.source, a.hash, a.meta,"
	    " a.imported_at, 0, 0, 0, a.text FROM articles a WHERE a.id = ?1",
	[ST_ARTICLE_IDS_AFTER] = "SELECT a.id FROM articles a"
	    " WHERE a.id > ?5 AND " STORE_FILTER_SQL
	    " ORDER BY a.id LIMIT ?4",
	[ST_ARTICLE_ROWS] = STORE_LIST_SQL " FROM articles a WHERE "
	    STORE_FILTER_SQL " ORDER BY a.id LIMIT ?4 OFFSET ?5",
	[ST_ARTICLE_ROWS_HASH] = STORE_ROW_SQL " FROM articles a WHERE "
	    STORE_FILTER_SQL " ORDER BY a.id LIMIT ?4 OFFSET ?5",
	/* Keyset paging: the list's window next to a row it has, by id, so
	   that a move costs the rows it shows wherever it is (an OFFSET
	   walks every row before it). */
	[ST_ARTICLE_ROWS_AFTER] = STORE_LIST_SQL " FROM articles a"
	    " WHERE a.id > ?6 AND " STORE_FILTER_SQL
	    " ORDER BY a.id LIMIT ?4 OFFSET ?5",
	[ST_ARTICLE_ROWS_BEFORE] = STORE_LIST_SQL " FROM articles a"
	    " WHERE a.id < ?6 AND " STORE_FILTER_SQL
	    " ORDER BY a.id DESC LIMIT ?4 OFFSET ?5",
	[ST_ARTICLE_COUNT] = "SELECT count(*) FROM articles a WHERE "
	    STORE_FILTER_SQL,
	/* Without a tag filter the counts need not visit every article:
	   SQLite counts a table without a WHERE from its b-tree, and the
	   done marks come from their own index (articles are never
	   deleted, so every mark has its article). */
	[ST_COUNT_ALL] = "SELECT count(*) FROM articles",
	/* FTS5's averages record (rowid 1 of its data table) starts with
	   the number of rows it indexes, kept by the triggers: a count
	   that reads one row (store_article_total). */
	[ST_COUNT_FTS] = "SELECT block FROM articles_fts_data WHERE id = 1",
	[ST_MAX_ARTICLE] = "SELECT coalesce(max(id), 0) FROM articles",
	[ST_COUNT_DONE_BY] = "SELECT count(*) FROM article_status"
	    " WHERE annotator = ?1 AND status = 'done'",
	[ST_COUNT_DONE_ANY] = "SELECT count(DISTINCT article) FROM"
	    " article_status WHERE status = 'done'",
	[ST_ARTICLE_FIRST_TODO] = "SELECT a.id FROM articles a WHERE "
	    STORE_FILTER_SQL " AND NOT " STORE_DONE_SQL
	    " ORDER BY a.id LIMIT 1",
	[ST_ARTICLE_IN_LIST] = "SELECT 1 FROM articles a WHERE a.id = ?4 AND "
	    STORE_FILTER_SQL,
	[ST_ARTICLE_NEXT_SUGGESTED] = STORE_SUGGESTED_WALK(">", "ASC"),
	[ST_ARTICLE_PREV_SUGGESTED] = STORE_SUGGESTED_WALK("<", "DESC"),
	[ST_ARTICLE_BEFORE] = "SELECT count(*) FROM articles a WHERE a.id < ?4"
	    " AND " STORE_FILTER_SQL,
	/* Title words weigh more than body words.  The first ?6 matches in
	   the list's order are ranked (margin_rank, store_article.c), not
	   every match: a word in most articles costs what a rare one does.
	   Without a filter, rank in the index alone and join only the rows
	   kept: the done mark and span count of each match would otherwise
	   be computed before the sort. */
	[ST_ARTICLE_SEARCH_ALL] = "WITH hits AS (SELECT id, score FROM"
	    " (SELECT rowid AS id, margin_rank(articles_fts, 10.0, 1.0)"
	    " AS score FROM articles_fts WHERE articles_fts MATCH ?4"
	    " LIMIT ?6) ORDER BY score, id LIMIT ?5) "
	    STORE_LIST_SQL " FROM hits JOIN articles a ON a.id = hits.id"
	    " WHERE ?2 IS NULL AND ?3 = 0 ORDER BY hits.score, a.id",
	[ST_ARTICLE_SEARCH] = "WITH hits AS (SELECT id, score FROM"
	    " (SELECT a.id AS id, margin_rank(articles_fts, 10.0, 1.0)"
	    " AS score FROM articles_fts JOIN articles a"
	    " ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?4 AND "
	    STORE_FILTER_SQL " LIMIT ?6) ORDER BY score, id LIMIT ?5) "
	    STORE_LIST_SQL " FROM hits JOIN articles a ON a.id = hits.id"
	    " ORDER BY hits.score, a.id",
	[ST_JSON_OBJECT] = "SELECT json_valid(?1) AND json_type(?1) = 'object'",
	[ST_JSON_EXTRACT] = "SELECT json_extract(?1, ?2)",
	[ST_STATUS_JSON] = "SELECT json_object('article', article,"
	    " 'annotator', annotator, 'status', status, 'updated_at', updated_at)"
	    " FROM article_status WHERE article = ?1 AND annotator = ?2",
	[ST_STATUS_UPSERT] = "INSERT INTO article_status(article, annotator,"
	    " status, updated_at) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT(article, annotator) DO UPDATE"
	    " SET status = excluded.status, updated_at = excluded.updated_at"
	    " WHERE article_status.status IS NOT excluded.status",
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
	    " coalesce(?5, (SELECT coalesce(max(ord), 0) + 1 FROM labels)))",
	[ST_LABEL_UPDATE] = "UPDATE labels SET key = coalesce(?2, key),"
	    " color = coalesce(?3, color),"
	    " description = coalesce(?4, description),"
	    " ord = coalesce(?5, ord) WHERE id = ?1",
	/* Spans, and entities (an entity of a label cannot lose it). */
	[ST_LABEL_USES] = "SELECT (SELECT count(*) FROM spans WHERE label = ?1)"
	    " + (SELECT count(*) FROM entities WHERE label = ?1)",
	[ST_LABEL_DELETE] = "DELETE FROM labels WHERE id = ?1",
	[ST_SPAN_CHECK] = "SELECT text FROM articles WHERE id = ?1",
	[ST_SPAN_INSERT] = "INSERT INTO spans(id, article, start, end,"
	    " start_byte, end_byte, label, text, annotator, status, origin,"
	    " note, score, created_at, updated_at, entity, entity_status)"
	    " VALUES (" STORE_NEXT_ID("spans", "span") ", ?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	/* The entity link is in the object only when there is one, so that
	   a span's history from before schema 6 still matches its row. */
	[ST_SPAN_JSON] = "SELECT json_patch(json_object('id', id,"
	    " 'article', article, 'start', start, 'end', end,"
	    " 'start_byte', start_byte, 'end_byte', end_byte, 'label', label,"
	    " 'text', text, 'annotator', annotator, 'status', status,"
	    " 'origin', origin, 'note', note, 'score', score,"
	    " 'created_at', created_at, 'updated_at', updated_at),"
	    " json_object('entity', entity, 'entity_status', entity_status))"
	    " FROM spans WHERE id = ?1",
	[ST_SPAN_GET] = STORE_SPAN_READ " WHERE sp.id = ?1",
	[ST_SPAN_LIST] = STORE_SPAN_READ
	    " WHERE sp.article = ?1 AND sp.annotator = ?2"
	    " AND sp.status <> 'rejected' ORDER BY sp.start, sp.end DESC, sp.id",
	[ST_SPAN_LIST_ALL] = STORE_SPAN_READ
	    " WHERE sp.article = ?1 AND sp.status <> 'rejected'"
	    " ORDER BY sp.start, sp.end DESC, sp.id",
	/* The IS NOT makes a change to the same value touch no row, so that
	   it records no history. */
	/* A link to an entity of another label goes with the old label. */
	[ST_SPAN_RELABEL] = "UPDATE spans SET label = ?2, updated_at = ?3,"
	    " entity = CASE WHEN (SELECT label FROM entities"
	    " WHERE id = spans.entity) = ?2 THEN entity END,"
	    " entity_status = CASE WHEN (SELECT label FROM entities"
	    " WHERE id = spans.entity) = ?2 THEN entity_status END"
	    " WHERE id = ?1 AND label IS NOT ?2",
	[ST_SPAN_NOTE] = "UPDATE spans SET note = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND note IS NOT ?2",
	[ST_SPAN_STATUS] = "UPDATE spans SET status = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND status IS NOT ?2",
	/* Accept a suggestion with label ?2 (relabelled if it had another):
	   one row change, so one history entry and one undo. */
	[ST_SPAN_ACCEPT] = "UPDATE spans SET label = ?2, status = 'accepted',"
	    " updated_at = ?3,"
	    " entity = CASE WHEN (SELECT label FROM entities"
	    " WHERE id = spans.entity) = ?2 THEN entity END,"
	    " entity_status = CASE WHEN (SELECT label FROM entities"
	    " WHERE id = spans.entity) = ?2 THEN entity_status END"
	    " WHERE id = ?1"
	    " AND (label IS NOT ?2 OR status IS NOT 'accepted')",
	[ST_SPAN_DELETE] = "DELETE FROM spans WHERE id = ?1",
	/* Spans of article ?1, rejected ones too; at ?2..?3 when ?3 is not
	   0; of annotator ?4 when not NULL. */
	[ST_SPAN_FIND] = STORE_SPAN_READ
	    " WHERE sp.article = ?1 AND (?3 = 0 OR (sp.start = ?2"
	    " AND sp.end = ?3)) AND (?4 IS NULL OR sp.annotator = ?4)"
	    " ORDER BY sp.start, sp.end DESC, sp.id",
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
	[ST_ARTICLE_IDS] = "SELECT id FROM articles ORDER BY id",
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
	/* A batch of a group to undo (newest first) or redo (oldest first):
	   the rows not yet put back. */
	[ST_HISTORY_CHUNK_UNDO] = "SELECT id, txn, at, actor, entity,"
	    " entity_id, op, before, after FROM history"
	    " WHERE txn = ?1 AND state = ?2 AND id < ?4"
	    " ORDER BY id DESC LIMIT ?3",
	[ST_HISTORY_CHUNK_REDO] = "SELECT id, txn, at, actor, entity,"
	    " entity_id, op, before, after FROM history"
	    " WHERE txn = ?1 AND state = ?2 AND id > ?4"
	    " ORDER BY id LIMIT ?3",
	[ST_HISTORY_MARK_ROW] = "UPDATE history SET state = ?2 WHERE id = ?1",
	[ST_HISTORY_GROUP_COUNT] = "SELECT count(*) FROM history"
	    " WHERE txn = ?1 AND state = ?2",
	/* Who changed a row after history entry ?3 (for status rows, whose
	   entity_id is the article, only that annotator's row: ?4). */
	[ST_HISTORY_WHO] = "SELECT actor FROM history"
	    " WHERE entity = ?1 AND entity_id = ?2 AND id > ?3"
	    " AND (?4 IS NULL OR"
	    " json_extract(coalesce(after, before), '$.annotator') = ?4)"
	    " ORDER BY id DESC LIMIT 1",
	/* --- entities --- */
	[ST_ENTITY_INSERT] = "INSERT INTO entities(id, label, name, kb_id,"
	    " created_by, created_at, updated_at) VALUES ("
	    STORE_NEXT_ID("entities", "entity") ", ?1, ?2, ?3, ?4, ?5, ?5)",
	[ST_ENTITY_JSON] = "SELECT json_object('id', id, 'label', label,"
	    " 'name', name, 'kb_id', kb_id, 'created_by', created_by,"
	    " 'created_at', created_at, 'updated_at', updated_at)"
	    " FROM entities WHERE id = ?1",
	/* With its mentions: spans linked (accepted) or offered
	   (suggested), rejected spans left out. */
	[ST_ENTITY_GET] = "SELECT " STORE_ENTITY_COLUMNS ","
	    " (SELECT count(*) FROM spans sp WHERE sp.entity = e.id"
	    "  AND sp.entity_status = 'accepted' AND sp.status <> 'rejected'),"
	    " (SELECT count(*) FROM spans sp WHERE sp.entity = e.id"
	    "  AND sp.entity_status = 'suggested' AND sp.status <> 'rejected'),"
	    " 0 FROM entities e WHERE e.id = ?1",
	/* Of label ?1 (every label when NULL), with the mentions in
	   article ?2 counted apart. */
	[ST_ENTITY_LIST] = "SELECT " STORE_ENTITY_COLUMNS ","
	    " (SELECT count(*) FROM spans sp WHERE sp.entity = e.id"
	    "  AND sp.entity_status = 'accepted' AND sp.status <> 'rejected'),"
	    " (SELECT count(*) FROM spans sp WHERE sp.entity = e.id"
	    "  AND sp.entity_status = 'suggested' AND sp.status <> 'rejected'),"
	    " (SELECT count(*) FROM spans sp WHERE sp.entity = e.id"
	    "  AND sp.article = ?2 AND sp.entity_status = 'accepted'"
	    "  AND sp.status <> 'rejected')"
	    " FROM entities e WHERE ?1 IS NULL OR e.label = ?1"
	    " ORDER BY e.label, e.name, e.id",
	[ST_ENTITY_FIND] = "SELECT id FROM entities WHERE label = ?1"
	    " AND name = ?2 AND kb_id = ?3 ORDER BY id LIMIT 1",
	[ST_ENTITY_LABEL] = "SELECT label, name FROM entities WHERE id = ?1",
	[ST_ENTITY_FIND_KB] = "SELECT id FROM entities WHERE label = ?1"
	    " AND kb_id = ?2 AND kb_id <> '' ORDER BY id LIMIT 1",
	[ST_ENTITY_RENAME] = "UPDATE entities SET name = ?2,"
	    " kb_id = coalesce(?3, kb_id), updated_at = ?4 WHERE id = ?1"
	    " AND (name IS NOT ?2 OR kb_id IS NOT coalesce(?3, kb_id))",
	[ST_ENTITY_DELETE] = "DELETE FROM entities WHERE id = ?1",
	[ST_ENTITY_RESTORE] = "INSERT INTO entities(id, label, name, kb_id,"
	    " created_by, created_at, updated_at) SELECT ?2, "
	    STORE_ENTITY_FROM_JSON,
	[ST_ENTITY_RESET] = "UPDATE entities SET (id, label, name, kb_id,"
	    " created_by, created_at, updated_at) = (SELECT ?2, "
	    STORE_ENTITY_FROM_JSON ") WHERE id = ?2",
	/* Every span that names entity ?1 in any status. */
	[ST_ENTITY_SPAN_IDS] = "SELECT id FROM spans WHERE entity = ?1"
	    " ORDER BY article, start, id",
	[ST_ENTITY_MENTIONS] = STORE_SPAN_READ
	    " WHERE sp.entity = ?1 AND sp.status <> 'rejected'"
	    " ORDER BY sp.article, sp.start, sp.end DESC, sp.id",
	[ST_SPAN_LINK] = "UPDATE spans SET entity = ?2, entity_status = ?3,"
	    " updated_at = ?4 WHERE id = ?1 AND (entity IS NOT ?2"
	    " OR entity_status IS NOT ?3)",
	/* --- relations --- */
	[ST_RELATION_INSERT] = "INSERT INTO relations(id, article, src, dst,"
	    " label, annotator, status, origin, note, created_at, updated_at)"
	    " VALUES (" STORE_NEXT_ID("relations", "relation") ", ?1, ?2,"
	    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_RELATION_JSON] = "SELECT json_object('id', id, 'article', article,"
	    " 'src', src, 'dst', dst, 'label', label, 'annotator', annotator,"
	    " 'status', status, 'origin', origin, 'note', note,"
	    " 'created_at', created_at, 'updated_at', updated_at)"
	    " FROM relations WHERE id = ?1",
	[ST_RELATION_GET] = "SELECT " STORE_RELATION_COLUMNS
	    " FROM relations WHERE id = ?1",
	/* An article's relations (of annotator ?2 when not NULL), rejected
	   ones too when ?3, in the order of their first span. */
	[ST_RELATION_LIST] = "SELECT r.id, r.article, r.src, r.dst, r.label,"
	    " r.annotator, r.status, r.origin, r.note, r.created_at,"
	    " r.updated_at FROM relations r JOIN spans a ON a.id = r.src"
	    " JOIN spans b ON b.id = r.dst WHERE r.article = ?1"
	    " AND (?2 IS NULL OR r.annotator = ?2)"
	    " AND (?3 OR r.status <> 'rejected')"
	    " ORDER BY a.start, a.end DESC, b.start, b.end DESC, r.id",
	[ST_RELATION_OF_SPAN] = "SELECT id FROM relations"
	    " WHERE src = ?1 OR dst = ?1 ORDER BY id",
	[ST_RELATION_RELABEL] = "UPDATE relations SET label = ?2,"
	    " updated_at = ?3 WHERE id = ?1 AND label IS NOT ?2",
	[ST_RELATION_STATUS] = "UPDATE relations SET status = ?2,"
	    " updated_at = ?3 WHERE id = ?1 AND status IS NOT ?2",
	[ST_RELATION_NOTE] = "UPDATE relations SET note = ?2,"
	    " updated_at = ?3 WHERE id = ?1 AND note IS NOT ?2",
	[ST_RELATION_DELETE] = "DELETE FROM relations WHERE id = ?1",
	[ST_RELATION_RESTORE] = "INSERT INTO relations("
	    STORE_RELATION_COLUMNS ") SELECT ?2, " STORE_RELATION_FROM_JSON,
	[ST_RELATION_RESET] = "UPDATE relations SET (" STORE_RELATION_COLUMNS
	    ") = (SELECT ?2, " STORE_RELATION_FROM_JSON ") WHERE id = ?2",
	/* The same relation (src, dst, label, annotator) already here. */
	[ST_RELATION_KEY] = "SELECT id FROM relations WHERE src = ?1"
	    " AND dst = ?2 AND label = ?3 AND annotator = ?4",
	/* --- relation labels --- */
	[ST_RLABEL_LIST] = "SELECT id, name, key, symmetric, description, ord"
	    " FROM relation_labels ORDER BY ord, id",
	[ST_RLABEL_FIND] = "SELECT id FROM relation_labels WHERE name = ?1",
	[ST_RLABEL_JSON] = "SELECT json_object('id', id, 'name', name,"
	    " 'key', key, 'symmetric', symmetric, 'description', description,"
	    " 'ord', ord) FROM relation_labels WHERE id = ?1",
	[ST_RLABEL_INSERT] = "INSERT INTO relation_labels(name, key, symmetric,"
	    " description, ord) VALUES (?1, coalesce(?2, ''),"
	    " coalesce(?3, 0), coalesce(?4, ''), coalesce(?5,"
	    " (SELECT coalesce(max(ord), 0) + 1 FROM relation_labels)))",
	[ST_RLABEL_UPDATE] = "UPDATE relation_labels SET key = coalesce(?2, key),"
	    " symmetric = coalesce(?3, symmetric),"
	    " description = coalesce(?4, description),"
	    " ord = coalesce(?5, ord) WHERE id = ?1 AND (key IS NOT"
	    " coalesce(?2, key) OR symmetric IS NOT coalesce(?3, symmetric)"
	    " OR description IS NOT coalesce(?4, description)"
	    " OR ord IS NOT coalesce(?5, ord))",
	[ST_RLABEL_USES] = "SELECT count(*) FROM relations WHERE label = ?1",
	[ST_RLABEL_DELETE] = "DELETE FROM relation_labels WHERE id = ?1",
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
	/* The day an article was last marked done, in local time. */
	[ST_STATS_DAYS] = "SELECT annotator,"
	    " date(updated_at, 'unixepoch', 'localtime') AS day, count(*)"
	    " FROM article_status WHERE status = 'done'"
	    " GROUP BY day, annotator ORDER BY day, annotator",
};

/*
 * PostgreSQL's text of the statements whose meaning needs more than the
 * words db_pg_sql.c turns (NULL: the one text serves both).  A row is put
 * back from its JSON with jsonb_populate_record, which gives each value
 * its column's type; the JSON of a row is built by the server; search is
 * the tsvector and GIN index of store_schema_pg.c, ranked by ts_rank
 * with the title weighing ten times the text; data_version is not needed
 * (store_changed listens).
 */
#define PG_FROM_JSON(table)						\
	" FROM jsonb_populate_record(NULL::" table ", ?1::jsonb) r"
#define PG_SPAN_FROM_JSON						\
	"r.article, r.start, r.end, r.start_byte, r.end_byte, r.label,"	\
	" r.text, r.annotator, r.status, r.origin, r.note, r.score,"	\
	" r.created_at, r.updated_at, r.entity, r.entity_status"	\
	PG_FROM_JSON("spans")
#define PG_RELATION_FROM_JSON						\
	"r.article, r.src, r.dst, r.label, r.annotator, r.status, r.origin," \
	" r.note, r.created_at, r.updated_at" PG_FROM_JSON("relations")
#define PG_ENTITY_FROM_JSON						\
	"r.label, r.name, r.kb_id, r.created_by, r.created_at, r.updated_at" \
	PG_FROM_JSON("entities")
#define PG_TSQUERY	"to_tsquery('margin_search', ?4)"
#define PG_RANK		"-ts_rank('{0.1, 0.1, 0.1, 1.0}', a.fts, " PG_TSQUERY ")"

static const char *const store_stmt_sql_pg[ST_COUNT] = {
	[ST_DATA_VERSION] = "SELECT 0",
	/* No count kept by the index: store_article_total counts. */
	[ST_COUNT_FTS] = "SELECT NULL::bytea WHERE false",
	[ST_ARTICLE_SEARCH_ALL] = "WITH hits AS (SELECT id, score FROM"
	    " (SELECT a.id AS id, " PG_RANK " AS score FROM articles a"
	    " WHERE a.fts @@ " PG_TSQUERY " LIMIT ?6) c"
	    " ORDER BY score, id LIMIT ?5) "
	    STORE_LIST_SQL " FROM hits JOIN articles a ON a.id = hits.id"
	    " WHERE ?2::text IS NULL AND ?3::bigint = 0"
	    " ORDER BY hits.score, a.id",
	[ST_ARTICLE_SEARCH] = "WITH hits AS (SELECT id, score FROM"
	    " (SELECT a.id AS id, " PG_RANK " AS score FROM articles a"
	    " WHERE a.fts @@ " PG_TSQUERY " AND " STORE_FILTER_SQL
	    " LIMIT ?6) c ORDER BY score, id LIMIT ?5) "
	    STORE_LIST_SQL " FROM hits JOIN articles a ON a.id = hits.id"
	    " ORDER BY hits.score, a.id",
	/* The text alone (the title is a copy of its first line): the
	   index finds the candidates, the text's own vector decides. */
	[ST_ARTICLE_PHRASE] = "SELECT id FROM articles"
	    " WHERE fts @@ phraseto_tsquery('margin_search', ?1)"
	    " AND to_tsvector('margin_search', left(text, 1000000))"
	    " @@ phraseto_tsquery('margin_search', ?1) ORDER BY id",
	[ST_JSON_EXTRACT] = "SELECT json_extract(?1::text, ?2::text)",
	[ST_JSON_OBJECT] = "SELECT json_valid(?1::text)"
	    " AND json_type(?1::text) = 'object'",
	[ST_SPAN_JSON] = "SELECT (jsonb_build_object('id', id,"
	    " 'article', article, 'start', start, 'end', end,"
	    " 'start_byte', start_byte, 'end_byte', end_byte, 'label', label,"
	    " 'text', text, 'annotator', annotator, 'status', status,"
	    " 'origin', origin, 'note', note, 'score', score,"
	    " 'created_at', created_at, 'updated_at', updated_at)"
	    " || jsonb_strip_nulls(jsonb_build_object('entity', entity,"
	    " 'entity_status', entity_status)))::text"
	    " FROM spans WHERE id = ?1",
	[ST_SPAN_RESTORE] = "INSERT INTO spans(" STORE_SPAN_COLUMNS ")"
	    " SELECT ?2::bigint, " PG_SPAN_FROM_JSON,
	[ST_SPAN_RESET] = "UPDATE spans SET (" STORE_SPAN_COLUMNS ") ="
	    " (SELECT ?2::bigint, " PG_SPAN_FROM_JSON ") WHERE id = ?2",
	[ST_TAG_RESTORE] = "INSERT INTO article_tags(id, article, tag,"
	    " annotator, created_at) SELECT ?2::bigint, r.article, r.tag,"
	    " r.annotator, r.created_at" PG_FROM_JSON("article_tags"),
	[ST_STATUS_RESTORE] = "INSERT INTO article_status(article, annotator,"
	    " status, updated_at) SELECT r.article, r.annotator, r.status,"
	    " r.updated_at" PG_FROM_JSON("article_status")
	    " ON CONFLICT(article, annotator) DO UPDATE"
	    " SET status = excluded.status, updated_at = excluded.updated_at",
	[ST_ENTITY_RESTORE] = "INSERT INTO entities(id, label, name, kb_id,"
	    " created_by, created_at, updated_at) SELECT ?2::bigint, "
	    PG_ENTITY_FROM_JSON,
	[ST_ENTITY_RESET] = "UPDATE entities SET (id, label, name, kb_id,"
	    " created_by, created_at, updated_at) = (SELECT ?2::bigint, "
	    PG_ENTITY_FROM_JSON ") WHERE id = ?2",
	[ST_RELATION_RESTORE] = "INSERT INTO relations("
	    STORE_RELATION_COLUMNS ") SELECT ?2::bigint, "
	    PG_RELATION_FROM_JSON,
	[ST_RELATION_RESET] = "UPDATE relations SET (" STORE_RELATION_COLUMNS
	    ") = (SELECT ?2::bigint, " PG_RELATION_FROM_JSON ") WHERE id = ?2",
	[ST_HISTORY_WHO] = "SELECT actor FROM history"
	    " WHERE entity = ?1 AND entity_id = ?2 AND id > ?3"
	    " AND (?4::text IS NULL OR"
	    " json_extract(coalesce(after, before), '$.annotator') = ?4)"
	    " ORDER BY id DESC LIMIT 1",
	[ST_STATS_DAYS] = "SELECT annotator,"
	    " to_char(to_timestamp(updated_at), 'YYYY-MM-DD') AS day, count(*)"
	    " FROM article_status WHERE status = 'done'"
	    " GROUP BY day, annotator ORDER BY day, annotator",
};

/* A message for an SQLite error code, in the user's terms: never the raw
   "database is locked". */
int
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

int
store_db_error(struct db *db, char **errp)
{
	return store_code_error(db_errcode(db), db_errmsg(db), errp);
}

/* The error of the connection's last call; a busy one is remembered, so
   that the transaction it broke is run again (store_write). */
int
store_sql_error(struct store *s, char **errp)
{
	switch (db_errcode(s->db) & 0xff) {
	case SQLITE_BUSY:
		s->busy = 1;
		break;
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		/*
		 * The disk is full, or the file or its folder can no longer
		 * be written: what is committed stays, and from now on this
		 * store only reads (§12).
		 */
		s->readonly = 1;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: {
		/* Damage: nothing more is written to it, and the message
		   names the file. */
		char	*why = xasprintf("%s is damaged (%s): margin will "
		    "not write to it", s->path, db_errmsg(s->db));

		store_set_readonly(s, why);
		err_set(errp, "%s", why);
		free(why);
		return -1;
	}
	}
	return store_db_error(s->db, errp);
}

void
store_set_readonly(struct store *s, const char *why)
{
	s->readonly = 1;
	if (why != NULL && s->readonly_why == NULL)
		s->readonly_why = xstrdup(why);
}

/* A change refused: the store only reads. */
int
store_refuse_readonly(const struct store *s, char **errp)
{
	if (s->readonly_why != NULL)
		return err_set(errp, "%s", s->readonly_why);
	return err_set(errp, "database is read-only");
}

/* Is the whole database sound?  Reads every page (STORE_QUICK_CHECK_MAX
   in store.c says when). */
int
store_quick_check(sqlite3 *db, char **errp)
{
	sqlite3_stmt	*st = NULL;
	int		 rc, ok;

	if (db == NULL)
		return 0;	/* PostgreSQL keeps its own pages sound */
	rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return store_code_error(sqlite3_errcode(db),
		    sqlite3_errmsg(db), errp);
	rc = sqlite3_step(st);
	ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st,
	    0), "ok") == 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_code_error(sqlite3_errcode(db), sqlite3_errmsg(db),
		    errp);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (!ok)
		return err_set(errp, "database is corrupt (SQLite's "
		    "quick_check fails): margin will not touch it");
	return 0;
}

/* Hand a message over to the caller, as err_set() would. */
void
store_err_move(char **errp, char *err)
{
	if (errp == NULL) {
		free(err);
		return;
	}
	free(*errp);
	*errp = err;
}

int
store_exec(struct store *s, const char *sql, char **errp)
{
	if (db_exec(s->db, sql) != DB_OK)
		return store_sql_error(s, errp);
	return 0;
}

/* A cached statement, prepared on first use. */
struct db_stmt *
store_stmt(struct store *s, enum store_stmt id, char **errp)
{
	int	 pg = db_kind(s->db) == DB_PG && store_stmt_sql_pg[id] != NULL;

	if (s->stmts[id] == NULL && db_prepare(s->db,
	    pg ? store_stmt_sql_pg[id] : store_stmt_sql[id], 1,
	    &s->stmts[id]) != DB_OK) {
		store_sql_error(s, errp);
		return NULL;
	}
	return s->stmts[id];
}

/* Ready a statement for its next use: a statement left half-stepped would
   keep a read transaction open (freezing data_version, blocking WAL
   checkpoints). */
void
store_stmt_done(struct db_stmt *st)
{
	db_reset(st);
	db_clear(st);
}

void
store_bind_text(struct db_stmt *st, int i, const char *v)
{
	if (v == NULL)
		db_bind_null(st, i);
	else
		db_bind_text(st, i, v, -1);
}

char *
store_column_dup(struct db_stmt *st, int i)
{
	const unsigned char	*v = db_column_text(st, i);

	return xstrdup(v != NULL ? (const char *)v : "");
}

/* Step a statement that returns no rows; it is reset either way. */
int
store_run(struct store *s, struct db_stmt *st, char **errp)
{
	int	 rc = db_step(st);

	if (rc != DB_DONE && rc != DB_ROW) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		return -1;
	}
	store_stmt_done(st);
	return 0;
}

/* Step a statement for one integer; *found = 0 when it gave no row. */
int
store_int(struct store *s, struct db_stmt *st, int64_t *v, int *found,
    char **errp)
{
	int	 rc = db_step(st);

	if (rc == DB_ROW) {
		*v = db_column_int64(st, 0);
		if (found != NULL)
			*found = 1;
	} else if (rc == DB_DONE) {
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
int
store_row_json(struct store *s, enum store_stmt id, int64_t key,
    const char *key2, char **json, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	*json = NULL;
	if ((st = store_stmt(s, id, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, key);
	if (key2 != NULL)
		store_bind_text(st, 2, key2);
	rc = db_step(st);
	if (rc == DB_ROW)
		*json = store_column_dup(st, 0);
	else if (rc != DB_DONE) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		return -1;
	}
	store_stmt_done(st);
	return 0;
}

/* The value at path in a JSON text, as text ("" when absent). */
char *
store_json_text(struct store *s, const char *json, const char *path)
{
	struct db_stmt	*st;
	char		*v;

	if (json == NULL || (st = store_stmt(s, ST_JSON_EXTRACT, NULL)) == NULL)
		return xstrdup("");
	store_bind_text(st, 1, json);
	store_bind_text(st, 2, path);
	v = db_step(st) == DB_ROW ? store_column_dup(st, 0) :
	    xstrdup("");
	store_stmt_done(st);
	return v;
}

/* The one row reader (store_private.h says how it is called). */
int
store_row_get(struct store *s, struct db_stmt *st, int64_t id,
    const char *what, store_row_fn decode, void *elem, char **errp)
{
	int	 rc;

	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		decode(st, elem);
	else if (rc == DB_DONE)
		err_set(errp, "no %s %" PRId64, what, id);
	else
		store_sql_error(s, errp);
	store_stmt_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* The one row collector (store_private.h says how it is called). */
int
store_rows_collect(struct store *s, struct db_stmt *st, size_t size,
    store_row_fn decode, store_row_clear_fn clear, void **vp, size_t *n,
    char **errp)
{
	char	*v = NULL;
	size_t	 len = 0, cap = 0, i;
	int	 rc;

	*vp = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		v = array_reserve(v, &cap, len + 1, size);
		memset(v + len * size, 0, size);
		decode(st, v + len * size);
		len++;
	}
	if (rc != DB_DONE) {
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

/* A size bound as an SQLite integer: a limit or offset too large for one
   means "all", not a negative number. */
int64_t
store_clamp(size_t v)
{
	return v > (size_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

/*
 * A filter's list (labels, statuses, article ids) is bound as one JSON
 * array that the SQL reads with json_each(): the SQL stays constant text
 * however long the list is.  s as a JSON string literal:
 */
void
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

/* ids as a JSON array. */
void
store_json_ids(struct buf *b, const int64_t *ids, size_t n)
{
	size_t	 i;

	buf_addc(b, '[');
	for (i = 0; i < n; i++)
		buf_printf(b, "%s%" PRId64, i > 0 ? "," : "", ids[i]);
	buf_addc(b, ']');
}

/*
 * The clock of every timestamp.  MARGIN_NOW=SECONDS in the environment
 * pins it, so that tests can compare exports (which carry created_at)
 * byte for byte.
 */
int64_t
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
