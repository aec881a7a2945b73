/*
 * store_schema.c: the schema of a margin database, its migrations and
 * default labels, and how a file is recognised as a margin database.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

/* PRAGMA application_id of every margin database: 'marg' in ASCII. */
#define STORE_APPLICATION_ID	1835102823

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
 * Schema version 3: the same tables, with the CHECKs on spans and history
 * that listed their values with IN written as = ... OR: SQLite builds an
 * IN list into a temporary b-tree at every INSERT, and those six cost more
 * than the rest of adding a suggestion (its span row and history row).
 * The two tables are copied into their new definitions, their indexes
 * made again.  Nothing references either table.
 */
static const char store_schema_v3[] =
	"CREATE TABLE spans_v3 ("
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
	"              CHECK (status = 'accepted' OR status = 'suggested'"
	"                     OR status = 'rejected'),"
	"  origin      TEXT NOT NULL DEFAULT 'manual'"
	"              CHECK (origin = 'manual' OR origin = 'propagated'"
	"                     OR origin = 'gazetteer' OR origin = 'model'"
	"                     OR origin = 'imported'),"
	"  note        TEXT NOT NULL DEFAULT '',"
	"  score       REAL NOT NULL DEFAULT 0,"
	"  created_at  INTEGER NOT NULL,"
	"  updated_at  INTEGER NOT NULL"
	");"
	"INSERT INTO spans_v3 SELECT id, article, start, end, start_byte,"
	"  end_byte, label, text, annotator, status, origin, note, score,"
	"  created_at, updated_at FROM spans;"
	"DROP TABLE spans;"
	"ALTER TABLE spans_v3 RENAME TO spans;"
	"CREATE INDEX spans_in_order ON spans(article, start, end);"
	"CREATE INDEX spans_by_annotator ON spans(annotator, article, status);"
	"CREATE INDEX spans_by_label ON spans(label);"
	"CREATE TABLE history_v3 ("
	"  id          INTEGER PRIMARY KEY,"
	"  txn         INTEGER NOT NULL,"
	"  at          INTEGER NOT NULL,"
	"  actor       TEXT NOT NULL,"
	"  entity      TEXT NOT NULL"
	"              CHECK (entity = 'span' OR entity = 'tag'"
	"                     OR entity = 'status' OR entity = 'label'),"
	"  entity_id   INTEGER NOT NULL,"
	"  op          TEXT NOT NULL"
	"              CHECK (op = 'insert' OR op = 'update' OR op = 'delete'),"
	"  before      TEXT CHECK (before IS NULL OR json_valid(before)),"
	"  after       TEXT CHECK (after IS NULL OR json_valid(after)),"
	"  kind        TEXT NOT NULL DEFAULT 'do'"
	"              CHECK (kind = 'do' OR kind = 'undo' OR kind = 'redo'),"
	"  state       TEXT"
	"              CHECK (state IS NULL OR state = 'live'"
	"                     OR state = 'undone' OR state = 'dead'),"
	"  reverts     INTEGER"
	");"
	"INSERT INTO history_v3 SELECT id, txn, at, actor, entity, entity_id,"
	"  op, before, after, kind, state, reverts FROM history;"
	"DROP TABLE history;"
	"ALTER TABLE history_v3 RENAME TO history;"
	"CREATE INDEX history_by_txn ON history(txn);"
	"CREATE INDEX history_undo ON history(actor, state, txn);"
	"CREATE INDEX history_by_entity ON history(entity, entity_id);"
	"PRAGMA user_version = 3;";

/*
 * Schema version 4: what assisted annotation keeps for every annotator
 * (SPEC §11).  Gazetteers: named lists of names, each name with its
 * label (one label for the list, or one per name).  Models: the tagger's
 * trained parameters, versioned, with what they were trained on.
 */
static const char store_schema_v4[] =
	/* --- gazetteers --- */
	/* A list is written in batches while it is 'loading' and becomes
	   'ready' in one transaction, in place of the one of that name
	   (which is then 'dropping' until its names are deleted, again in
	   batches): only one list of a name is ever ready. */
	"CREATE TABLE gazetteers ("
	"  id          INTEGER PRIMARY KEY,"
	"  name        TEXT NOT NULL CHECK (name <> ''),"
	"  ignore_case INTEGER NOT NULL DEFAULT 0,"
	"  state       TEXT NOT NULL DEFAULT 'ready'"
	"              CHECK (state IN ('loading', 'ready', 'dropping')),"
	"  created_at  INTEGER NOT NULL,"
	"  created_by  TEXT NOT NULL"
	");"
	"CREATE UNIQUE INDEX gazetteers_by_name ON gazetteers(name)"
	"  WHERE state = 'ready';"
	"CREATE TABLE gazetteer_names ("
	"  gazetteer   INTEGER NOT NULL REFERENCES gazetteers(id)"
	"              ON DELETE CASCADE,"
	"  name        TEXT NOT NULL CHECK (name <> ''),"
	"  label       TEXT NOT NULL,"
	"  PRIMARY KEY (gazetteer, name, label)"
	") WITHOUT ROWID;"
	/* --- models --- */
	"CREATE TABLE models ("
	"  id          INTEGER PRIMARY KEY,"
	"  created_at  INTEGER NOT NULL,"
	"  created_by  TEXT NOT NULL,"
	"  format      INTEGER NOT NULL,"
	"  trained_on  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(trained_on)),"
	"  params      BLOB NOT NULL"
	");"
	"PRAGMA user_version = 4;";

/*
 * Schema version 5: the pending suggestions of the tagger, by annotator
 * and score, so that `set next uncertain` finds the article holding the
 * least certain one with a seek, not a read of every span (SPEC §11).
 */
static const char store_schema_v5[] =
	"CREATE INDEX spans_model_pending ON spans(annotator, score, article)"
	"  WHERE status = 'suggested' AND origin = 'model';"
	"PRAGMA user_version = 5;";

/*
 * Schema version 6: entities and relations (SPEC §16).  An entity is who
 * or what mentions name, shared by every annotator: a label, a canonical
 * name and an optional id in a knowledge base.  A span links to at most
 * one, and the link has a status of its own (a variant offered as a
 * suggestion is linked 'suggested' until someone accepts it; one turned
 * down is kept 'rejected' so that it is not offered again).  Relations
 * are directed, labelled links between two spans of one article, with
 * their labels in a table beside the span labels (their keys are read
 * after R, so they may be the span labels' keys).  history learns the
 * new kinds of row, so it is copied into its new CHECK.
 */
static const char store_schema_v6[] =
	"CREATE TABLE entities ("
	"  id          INTEGER PRIMARY KEY,"
	"  label       TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,"
	"  name        TEXT NOT NULL CHECK (name <> ''),"
	"  kb_id       TEXT NOT NULL DEFAULT '',"
	"  created_by  TEXT NOT NULL,"
	"  created_at  INTEGER NOT NULL,"
	"  updated_at  INTEGER NOT NULL"
	");"
	"CREATE INDEX entities_by_label ON entities(label, name);"
	"ALTER TABLE spans ADD COLUMN entity INTEGER"
	"  REFERENCES entities(id);"
	"ALTER TABLE spans ADD COLUMN entity_status TEXT"
	"  CHECK (entity_status IS NULL OR entity_status = 'accepted'"
	"         OR entity_status = 'suggested' OR entity_status = 'rejected');"
	"CREATE INDEX spans_by_entity ON spans(entity, article)"
	"  WHERE entity IS NOT NULL;"
	"CREATE TABLE relation_labels ("
	"  id          INTEGER PRIMARY KEY,"
	"  name        TEXT NOT NULL UNIQUE"
	"              CHECK (name <> '' AND name NOT GLOB '*[^A-Za-z0-9_-]*'),"
	"  key         TEXT NOT NULL DEFAULT '',"
	"  symmetric   INTEGER NOT NULL DEFAULT 0,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  ord         INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE relations ("
	"  id          INTEGER PRIMARY KEY,"
	"  article     INTEGER NOT NULL REFERENCES articles(id)"
	"              ON DELETE CASCADE,"
	"  src         INTEGER NOT NULL REFERENCES spans(id),"
	"  dst         INTEGER NOT NULL REFERENCES spans(id),"
	"  label       TEXT NOT NULL REFERENCES relation_labels(name)"
	"              ON UPDATE CASCADE,"
	"  annotator   TEXT NOT NULL,"
	"  status      TEXT NOT NULL DEFAULT 'accepted'"
	"              CHECK (status = 'accepted' OR status = 'suggested'"
	"                     OR status = 'rejected'),"
	"  origin      TEXT NOT NULL DEFAULT 'manual'"
	"              CHECK (origin = 'manual' OR origin = 'propagated'"
	"                     OR origin = 'gazetteer' OR origin = 'model'"
	"                     OR origin = 'imported'),"
	"  note        TEXT NOT NULL DEFAULT '',"
	"  created_at  INTEGER NOT NULL,"
	"  updated_at  INTEGER NOT NULL,"
	"  CHECK (src <> dst)"
	");"
	"CREATE INDEX relations_in_article ON relations(article, annotator);"
	"CREATE INDEX relations_by_src ON relations(src);"
	"CREATE INDEX relations_by_dst ON relations(dst);"
	"CREATE INDEX relations_by_label ON relations(label);"
	"CREATE TABLE history_v6 ("
	"  id          INTEGER PRIMARY KEY,"
	"  txn         INTEGER NOT NULL,"
	"  at          INTEGER NOT NULL,"
	"  actor       TEXT NOT NULL,"
	"  entity      TEXT NOT NULL"
	"              CHECK (entity = 'span' OR entity = 'tag'"
	"                     OR entity = 'status' OR entity = 'label'"
	"                     OR entity = 'entity' OR entity = 'relation'"
	"                     OR entity = 'relation_label'),"
	"  entity_id   INTEGER NOT NULL,"
	"  op          TEXT NOT NULL"
	"              CHECK (op = 'insert' OR op = 'update' OR op = 'delete'),"
	"  before      TEXT CHECK (before IS NULL OR json_valid(before)),"
	"  after       TEXT CHECK (after IS NULL OR json_valid(after)),"
	"  kind        TEXT NOT NULL DEFAULT 'do'"
	"              CHECK (kind = 'do' OR kind = 'undo' OR kind = 'redo'),"
	"  state       TEXT"
	"              CHECK (state IS NULL OR state = 'live'"
	"                     OR state = 'undone' OR state = 'dead'),"
	"  reverts     INTEGER"
	");"
	"INSERT INTO history_v6 SELECT id, txn, at, actor, entity, entity_id,"
	"  op, before, after, kind, state, reverts FROM history;"
	"DROP TABLE history;"
	"ALTER TABLE history_v6 RENAME TO history;"
	"CREATE INDEX history_by_txn ON history(txn);"
	"CREATE INDEX history_undo ON history(actor, state, txn);"
	"CREATE INDEX history_by_entity ON history(entity, entity_id);"
	"PRAGMA user_version = 6;";

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
	{ 3, store_schema_v3 },
	{ 4, store_schema_v4 },
	{ 5, store_schema_v5 },
	{ 6, store_schema_v6 },
};

/*
 * The oldest schema a read-only connection can read: the migrations since
 * then changed only what writes use (history's undo columns), and merge
 * must be able to read another database without upgrading it.
 */
#define STORE_OLDEST_READABLE	1

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

/* The columns of table in db, as "name type,..." in their order; NULL
   when there is no such table or it cannot be read. */
static char *
store_table_columns(sqlite3 *db, const char *table)
{
	sqlite3_stmt	*st;
	const char	*v;
	char		*cols = NULL;

	if (sqlite3_prepare_v2(db, "SELECT group_concat(c, ',') FROM"
	    " (SELECT name || ' ' || type AS c FROM pragma_table_info(?1)"
	    " ORDER BY cid)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (v = (const char *)sqlite3_column_text(st, 0)) != NULL)
		cols = xstrdup(v);
	sqlite3_finalize(st);
	return cols;
}

/*
 * Has db the tables of schema version `version`, each with exactly its
 * columns?  The model is built in memory by the migrations themselves,
 * so that it is the schema and cannot drift from it.  FTS5's own tables
 * (articles_fts_*) are its business, not ours.
 */
static int
store_schema_is(sqlite3 *db, int version)
{
	sqlite3		*ref = NULL;
	sqlite3_stmt	*st = NULL;
	char		*want, *got;
	size_t		 i;
	int		 ok = 0, same;

	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		goto out;
	for (i = 0; i < sizeof(store_migrations) /
	    sizeof(store_migrations[0]); i++)
		if (store_migrations[i].version <= version &&
		    sqlite3_exec(ref, store_migrations[i].sql, NULL, NULL,
		    NULL) != SQLITE_OK)
			goto out;
	if (sqlite3_prepare_v2(ref, "SELECT name FROM sqlite_schema"
	    " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	    " AND name NOT LIKE 'articles_fts_%'", -1, &st, NULL) != SQLITE_OK)
		goto out;
	ok = 1;
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		want = store_table_columns(ref, name);
		got = store_table_columns(db, name);
		same = want != NULL && got != NULL && strcmp(want, got) == 0;
		free(want);
		free(got);
		ok = same;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(ref);
	return ok;
}

/*
 * Decide, by reading only, whether db is a margin database this binary
 * can use (*version its schema version) or an empty file to create one
 * in (*fresh).  A margin database says so with its application_id; one
 * without (as another program's file may be, whose tables happen to
 * have our names) must have exactly the tables and columns of a margin
 * schema of the user_version it claims.  Anything else is refused.
 */
int
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
	if (!*marked && (nmargin != 4 || ver < 1))
		return err_set(errp, "not a margin database");
	if (ver > STORE_SCHEMA_VERSION)
		return err_set(errp, "database schema version %" PRId64
		    " is newer than this margin knows (%d): upgrade margin",
		    ver, STORE_SCHEMA_VERSION);
	if (!*marked && !store_schema_is(db, (int)ver))
		return err_set(errp, "not a margin database (its tables "
		    "are not those of margin's schema version %" PRId64 ")",
		    ver);
	*version = (int)ver;
	return 0;
}

int
store_insert_default_labels(struct store *s, char **errp)
{
	struct db_stmt	*st;
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

/* Row i of the labels (ordered by id) is default label i as a new
   database has it: id and place i + 1. */
static int
store_label_is_default(struct db_stmt *st, size_t i)
{
	const char	*v[4];
	int		 c;

	if (i >= sizeof(store_default_labels) /
	    sizeof(store_default_labels[0]))
		return 0;
	for (c = 0; c < 4; c++)
		if ((v[c] = (const char *)db_column_text(st, c + 1)) == NULL)
			return 0;
	return db_column_int64(st, 0) == (int64_t)i + 1 &&
	    db_column_int64(st, 5) == (int64_t)i + 1 &&
	    strcmp(v[0], store_default_labels[i].name) == 0 &&
	    strcmp(v[1], store_default_labels[i].key) == 0 &&
	    strcmp(v[2], store_default_labels[i].color) == 0 &&
	    strcmp(v[3], store_default_labels[i].description) == 0;
}

int
store_labels_default(struct store *s, int *yes, char **errp)
{
	struct db_stmt	*st;
	size_t		 n = 0;
	int		 rc, same = 1;

	*yes = 0;
	if (db_prepare(s->db, "SELECT id, name, key, color, description, ord"
	    " FROM labels ORDER BY id", 0, &st) != DB_OK)
		return store_sql_error(s, errp);
	while ((rc = db_step(st)) == DB_ROW)
		same = same && store_label_is_default(st, n++);
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	*yes = same && (n == 0 || n == sizeof(store_default_labels) /
	    sizeof(store_default_labels[0]));
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
	if (store_validate(db_sqlite(s->db), &version, &fresh, &marked,
	    errp) == -1)
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

int
store_migrate(struct store *s, char **errp)
{
	return store_write(s, store_migrate_txn, NULL, errp);
}

/*
 * A database older than schema 6 read without upgrading it (the other
 * database of a merge, one the user cannot write) has no entities and no
 * relations.  Empty tables of those names, and spans with no entity
 * links, are put in the connection's own temp schema, which names
 * resolve to first: the reads of the store work unchanged and find
 * nothing linked.  Nothing is written to the file or beside it.
 */
static const char store_shim_v6_sql[] =
	"PRAGMA temp_store = MEMORY;"
	"CREATE TEMP VIEW spans AS SELECT *, NULL AS entity,"
	"  NULL AS entity_status FROM main.spans;"
	"CREATE TEMP TABLE entities (id INTEGER PRIMARY KEY, label TEXT,"
	"  name TEXT, kb_id TEXT, created_by TEXT, created_at INTEGER,"
	"  updated_at INTEGER);"
	"CREATE TEMP TABLE relation_labels (id INTEGER PRIMARY KEY,"
	"  name TEXT, key TEXT, symmetric INTEGER, description TEXT,"
	"  ord INTEGER);"
	"CREATE TEMP TABLE relations (id INTEGER PRIMARY KEY, article INTEGER,"
	"  src INTEGER, dst INTEGER, label TEXT, annotator TEXT, status TEXT,"
	"  origin TEXT, note TEXT, created_at INTEGER, updated_at INTEGER);";

static int
store_shim_v6(struct store *s, char **errp)
{
	if (store_exec(s, store_shim_v6_sql, errp) == -1) {
		err_prefix(errp, "reading a database of an older schema");
		return -1;
	}
	return 0;
}

/* A read-only connection can use a database of this version, or of an
   older one whose tables its reads know (STORE_OLDEST_READABLE). */
int
store_check_readonly(struct store *s, char **errp)
{
	int	 version, fresh, marked;

	if (store_validate(db_sqlite(s->db), &version, &fresh, &marked,
	    errp) == -1)
		return -1;
	if (fresh)
		return err_set(errp, "database is empty and read-only");
	if (version < STORE_OLDEST_READABLE)
		return err_set(errp, "database needs upgrading to schema "
		    "version %d but is read-only", STORE_SCHEMA_VERSION);
	if (version < 6)
		return store_shim_v6(s, errp);
	return 0;
}
