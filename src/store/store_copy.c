/*
 * store_copy.c: a whole database copied into another, between SQLite and
 * PostgreSQL or within one of them (`margin copy`, SPEC §17): every row
 * of every table with its id, so that history, undo and redo, models and
 * gazetteers are the same there.  What is derived (SQLite's FTS5 index,
 * PostgreSQL's tsvector column) is made by the database receiving the
 * rows; margin_meta and the schema version are its own.
 *
 * The source is read in one snapshot, by keyset batches (a PostgreSQL
 * result is held whole in memory); the destination is written in one
 * transaction, checked before it is committed: row counts and a digest
 * of every row of each table, on both sides.  A copy that does not
 * match is rolled back, and an interrupted one leaves nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

#include "margin/json.h"
#include "margin/sha256.h"

/*
 * The tables of schema 6 in an order their foreign keys accept.  types
 * has a letter per column (i integer, r real, t text, b blob); the first
 * nkey columns are the key the batches are read by, and select reads the
 * rows after the key bound (?1..?nkey), at most ?(nkey+1) of them.
 */
static const struct copy_table {
	const char	*name;
	const char	*types;
	int		 nkey;
	int		 batch;
	const char	*select;
	const char	*insert;
	const char	*count;
	const char	*setval;	/* PostgreSQL: its id's sequence
					   after the rows (NULL: no id) */
	const char	*cols;		/* the columns' names */
	const char	*insert_many;	/* PostgreSQL: rows of a JSON array
					   at once (NULL: one by one) */
} copy_tables[] = {
	{ "labels", "itttti", 1, 1000,
	  "SELECT id, name, key, color, description, ord FROM labels"
	  " WHERE id > ?1 ORDER BY id LIMIT ?2",
	  "INSERT INTO labels(id, name, key, color, description, ord)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	  "SELECT count(*) FROM labels",
	  "SELECT setval(pg_get_serial_sequence('labels', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM labels",
	  "id,name,key,color,description,ord",
	  "INSERT INTO labels(id, name, key, color, description, ord)"
	  " SELECT r.id, r.name, r.key, r.color, r.description, r.ord"
	  " FROM jsonb_populate_recordset(NULL::labels, ?1::jsonb) r" },
	{ "relation_labels", "ittiti", 1, 1000,
	  "SELECT id, name, key, symmetric, description, ord"
	  " FROM relation_labels WHERE id > ?1 ORDER BY id LIMIT ?2",
	  "INSERT INTO relation_labels(id, name, key, symmetric, description,"
	  " ord) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	  "SELECT count(*) FROM relation_labels",
	  "SELECT setval(pg_get_serial_sequence('relation_labels', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM relation_labels",
	  "id,name,key,symmetric,description,ord",
	  "INSERT INTO relation_labels(id, name, key, symmetric,"
	  " description, ord) SELECT r.id, r.name, r.key, r.symmetric,"
	  " r.description, r.ord"
	  " FROM jsonb_populate_recordset(NULL::relation_labels, ?1::jsonb)"
	  " r" },
	{ "articles", "ittittt", 1, 16,
	  "SELECT id, title, source, imported_at, text, hash, meta"
	  " FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
	  "INSERT INTO articles(id, title, source, imported_at, text, hash,"
	  " meta) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	  "SELECT count(*) FROM articles",
	  "SELECT setval(pg_get_serial_sequence('articles', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM articles",
	  "id,title,source,imported_at,text,hash,meta",
	  "INSERT INTO articles(id, title, source, imported_at, text, hash,"
	  " meta) SELECT r.id, r.title, r.source, r.imported_at, r.text,"
	  " r.hash, r.meta"
	  " FROM jsonb_populate_recordset(NULL::articles, ?1::jsonb) r" },
	{ "article_status", "itti", 2, 1000,
	  "SELECT article, annotator, status, updated_at FROM article_status"
	  " WHERE (article, annotator) > (?1, ?2)"
	  " ORDER BY article, annotator LIMIT ?3",
	  "INSERT INTO article_status(article, annotator, status, updated_at)"
	  " VALUES (?1, ?2, ?3, ?4)",
	  "SELECT count(*) FROM article_status",
	  NULL,
	  "article,annotator,status,updated_at",
	  "INSERT INTO article_status(article, annotator, status,"
	  " updated_at) SELECT r.article, r.annotator, r.status,"
	  " r.updated_at"
	  " FROM jsonb_populate_recordset(NULL::article_status, ?1::jsonb) r" },
	{ "article_tags", "iitti", 1, 1000,
	  "SELECT id, article, tag, annotator, created_at FROM article_tags"
	  " WHERE id > ?1 ORDER BY id LIMIT ?2",
	  "INSERT INTO article_tags(id, article, tag, annotator, created_at)"
	  " VALUES (?1, ?2, ?3, ?4, ?5)",
	  "SELECT count(*) FROM article_tags",
	  "SELECT setval(pg_get_serial_sequence('article_tags', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM article_tags",
	  "id,article,tag,annotator,created_at",
	  "INSERT INTO article_tags(id, article, tag, annotator,"
	  " created_at) SELECT r.id, r.article, r.tag, r.annotator,"
	  " r.created_at"
	  " FROM jsonb_populate_recordset(NULL::article_tags, ?1::jsonb) r" },
	{ "entities", "ittttii", 1, 1000,
	  "SELECT id, label, name, kb_id, created_by, created_at, updated_at"
	  " FROM entities WHERE id > ?1 ORDER BY id LIMIT ?2",
	  "INSERT INTO entities(id, label, name, kb_id, created_by,"
	  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	  "SELECT count(*) FROM entities",
	  "SELECT setval(pg_get_serial_sequence('entities', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM entities",
	  "id,label,name,kb_id,created_by,created_at,updated_at",
	  "INSERT INTO entities(id, label, name, kb_id, created_by,"
	  " created_at, updated_at) SELECT r.id, r.label, r.name, r.kb_id,"
	  " r.created_by, r.created_at, r.updated_at"
	  " FROM jsonb_populate_recordset(NULL::entities, ?1::jsonb) r" },
	{ "spans", "iiiiiittttttriiit", 1, 1000,
	  "SELECT id, article, start, end, start_byte, end_byte, label, text,"
	  " annotator, status, origin, note, score, created_at, updated_at,"
	  " entity, entity_status FROM spans WHERE id > ?1 ORDER BY id"
	  " LIMIT ?2",
	  "INSERT INTO spans(id, article, start, end, start_byte, end_byte,"
	  " label, text, annotator, status, origin, note, score, created_at,"
	  " updated_at, entity, entity_status) VALUES (?1, ?2, ?3, ?4, ?5,"
	  " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
	  "SELECT count(*) FROM spans",
	  "SELECT setval(pg_get_serial_sequence('spans', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM spans",
	  "id,article,start,end,start_byte,end_byte,label,text,annotator,"
	  "status,origin,note,score,created_at,updated_at,entity,"
	  "entity_status",
	  "INSERT INTO spans(id, article, start, end, start_byte, end_byte,"
	  " label, text, annotator, status, origin, note, score,"
	  " created_at, updated_at, entity, entity_status) SELECT r.id,"
	  " r.article, r.start, r.end, r.start_byte, r.end_byte, r.label,"
	  " r.text, r.annotator, r.status, r.origin, r.note, r.score,"
	  " r.created_at, r.updated_at, r.entity, r.entity_status"
	  " FROM jsonb_populate_recordset(NULL::spans, ?1::jsonb) r" },
	{ "relations", "iiiitttttii", 1, 1000,
	  "SELECT id, article, src, dst, label, annotator, status, origin,"
	  " note, created_at, updated_at FROM relations WHERE id > ?1"
	  " ORDER BY id LIMIT ?2",
	  "INSERT INTO relations(id, article, src, dst, label, annotator,"
	  " status, origin, note, created_at, updated_at) VALUES (?1, ?2, ?3,"
	  " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	  "SELECT count(*) FROM relations",
	  "SELECT setval(pg_get_serial_sequence('relations', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM relations",
	  "id,article,src,dst,label,annotator,status,origin,note,created_at,"
	  "updated_at",
	  "INSERT INTO relations(id, article, src, dst, label, annotator,"
	  " status, origin, note, created_at, updated_at) SELECT r.id,"
	  " r.article, r.src, r.dst, r.label, r.annotator, r.status,"
	  " r.origin, r.note, r.created_at, r.updated_at"
	  " FROM jsonb_populate_recordset(NULL::relations, ?1::jsonb) r" },
	{ "history", "iiittittttti", 1, 1000,
	  "SELECT id, txn, at, actor, entity, entity_id, op, before, after,"
	  " kind, state, reverts FROM history WHERE id > ?1 ORDER BY id"
	  " LIMIT ?2",
	  "INSERT INTO history(id, txn, at, actor, entity, entity_id, op,"
	  " before, after, kind, state, reverts) VALUES (?1, ?2, ?3, ?4, ?5,"
	  " ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	  "SELECT count(*) FROM history",
	  "SELECT setval(pg_get_serial_sequence('history', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM history",
	  "id,txn,at,actor,entity,entity_id,op,before,after,kind,state,"
	  "reverts",
	  "INSERT INTO history(id, txn, at, actor, entity, entity_id, op,"
	  " before, after, kind, state, reverts) SELECT r.id, r.txn, r.at,"
	  " r.actor, r.entity, r.entity_id, r.op, r.before, r.after,"
	  " r.kind, r.state, r.reverts"
	  " FROM jsonb_populate_recordset(NULL::history, ?1::jsonb) r" },
	{ "gazetteers", "ititit", 1, 1000,
	  "SELECT id, name, ignore_case, state, created_at, created_by"
	  " FROM gazetteers WHERE id > ?1 ORDER BY id LIMIT ?2",
	  "INSERT INTO gazetteers(id, name, ignore_case, state, created_at,"
	  " created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	  "SELECT count(*) FROM gazetteers",
	  "SELECT setval(pg_get_serial_sequence('gazetteers', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM gazetteers",
	  "id,name,ignore_case,state,created_at,created_by",
	  "INSERT INTO gazetteers(id, name, ignore_case, state, created_at,"
	  " created_by) SELECT r.id, r.name, r.ignore_case, r.state,"
	  " r.created_at, r.created_by"
	  " FROM jsonb_populate_recordset(NULL::gazetteers, ?1::jsonb) r" },
	{ "gazetteer_names", "itt", 3, 1000,
	  "SELECT gazetteer, name, label FROM gazetteer_names"
	  " WHERE (gazetteer, name, label) > (?1, ?2, ?3)"
	  " ORDER BY gazetteer, name, label LIMIT ?4",
	  "INSERT INTO gazetteer_names(gazetteer, name, label)"
	  " VALUES (?1, ?2, ?3)",
	  "SELECT count(*) FROM gazetteer_names",
	  NULL,
	  "gazetteer,name,label",
	  "INSERT INTO gazetteer_names(gazetteer, name, label) SELECT"
	  " r.gazetteer, r.name, r.label"
	  " FROM jsonb_populate_recordset(NULL::gazetteer_names, ?1::jsonb)"
	  " r" },
	{ "models", "iititb", 1, 1,
	  "SELECT id, created_at, created_by, format, trained_on, params"
	  " FROM models WHERE id > ?1 ORDER BY id LIMIT ?2",
	  "INSERT INTO models(id, created_at, created_by, format, trained_on,"
	  " params) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	  "SELECT count(*) FROM models",
	  "SELECT setval(pg_get_serial_sequence('models', 'id'),"
	  " coalesce(max(id), 0) + 1, false) FROM models",
	  "id,created_at,created_by,format,trained_on,params",
	  NULL },
};
#define COPY_NTABLES	(sizeof(copy_tables) / sizeof(copy_tables[0]))
#define COPY_MAXKEY	3

/* What a table holds, whichever order its rows are read in: their number
   and the sum, lane by lane, of their SHA-256 digests. */
struct copy_digest {
	int64_t		 rows;
	uint64_t	 sum[4];
};

/* Where a walk of a table has got to: the key of the last row read. */
struct copy_key {
	int64_t		 i[COPY_MAXKEY];
	char		*t[COPY_MAXKEY];
};

/*
 * Into PostgreSQL, rows go in as a JSON array, this many (or this many
 * bytes) at a time: one statement, not one per row, each a round trip
 * to the server.
 */
#define COPY_MANY_ROWS	500
#define COPY_MANY_BYTES	(8 * 1024 * 1024)

struct copy_run {
	struct store	*src;
	struct store	*dst;
	struct db_stmt	*insert;	/* of the table being copied */
	int		 many;		/* it is insert_many */
	struct buf	 rows;		/* its JSON array so far */
	size_t		 nrows;
	struct copy_digest src_digest[COPY_NTABLES];
	struct copy_digest dst_digest[COPY_NTABLES];
};

typedef int (*copy_row_fn)(struct copy_run *run, size_t t,
    struct db_stmt *row, char **errp);

static void
copy_put64(unsigned char *b, uint64_t v)
{
	int	 k;

	for (k = 7; k >= 0; k--) {
		b[k] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

/* Value c of the row, with its type and length, so that no two rows
   encode alike. */
static void
copy_hash_value(struct sha256 *h, char type, struct db_stmt *row, int c)
{
	unsigned char	 b[9];
	const void	*p;
	uint64_t	 u;
	double		 r;
	int		 len;

	b[0] = (unsigned char)type;
	if (db_column_type(row, c) == DB_NULL) {
		b[0] = 'n';
		sha256_update(h, b, 1);
		return;
	}
	if (type == 'i' || type == 'r') {
		if (type == 'i')
			u = (uint64_t)db_column_int64(row, c);
		else {
			r = db_column_double(row, c);
			memcpy(&u, &r, sizeof(u));
		}
		copy_put64(b + 1, u);
		sha256_update(h, b, 9);
		return;
	}
	p = type == 't' ? (const void *)db_column_text(row, c) :
	    db_column_blob(row, c);
	len = db_column_bytes(row, c);
	copy_put64(b + 1, (uint64_t)len);
	sha256_update(h, b, 9);
	if (p != NULL && len > 0)
		sha256_update(h, p, (size_t)len);
}

/* One row into the digest of its table. */
static void
copy_digest_row(struct copy_digest *d, const char *types,
    struct db_stmt *row)
{
	struct sha256	 h;
	unsigned char	 out[32];
	uint64_t	 lane;
	int		 c, k;

	sha256_init(&h);
	for (c = 0; types[c] != '\0'; c++)
		copy_hash_value(&h, types[c], row, c);
	sha256_final(&h, out);
	for (k = 0; k < 4; k++) {
		lane = 0;
		for (c = 0; c < 8; c++)
			lane = lane << 8 | out[k * 8 + c];
		d->sum[k] += lane;
	}
	d->rows++;
}

static int
copy_digest_same(const struct copy_digest *a, const struct copy_digest *b)
{
	return a->rows == b->rows && memcmp(a->sum, b->sum,
	    sizeof(a->sum)) == 0;
}

static void
copy_key_clear(struct copy_key *k)
{
	int	 c;

	for (c = 0; c < COPY_MAXKEY; c++) {
		free(k->t[c]);
		k->t[c] = NULL;
		/* Below every id and every article margin gives. */
		k->i[c] = INT64_MIN;
	}
}

static void
copy_key_bind(const struct copy_key *k, size_t t, struct db_stmt *st)
{
	int	 c;

	for (c = 0; c < copy_tables[t].nkey; c++) {
		if (copy_tables[t].types[c] == 'i')
			db_bind_int64(st, c + 1, k->i[c]);
		else	/* '' sorts first in every collation */
			db_bind_text(st, c + 1, k->t[c] != NULL ? k->t[c] :
			    "", -1);
	}
	db_bind_int(st, copy_tables[t].nkey + 1, copy_tables[t].batch);
}

static void
copy_key_take(struct copy_key *k, size_t t, struct db_stmt *row)
{
	const unsigned char	*v;
	int			 c;

	for (c = 0; c < copy_tables[t].nkey; c++) {
		if (copy_tables[t].types[c] == 'i') {
			k->i[c] = db_column_int64(row, c);
			continue;
		}
		free(k->t[c]);
		v = db_column_text(row, c);
		k->t[c] = xstrdup(v != NULL ? (const char *)v : "");
	}
}

/* One batch of table t after key: fn for each row; *n rows read. */
static int
copy_batch(struct copy_run *run, struct store *s, struct db_stmt *st,
    size_t t, struct copy_key *key, copy_row_fn fn, int *n, char **errp)
{
	int	 rc;

	*n = 0;
	copy_key_bind(key, t, st);
	while ((rc = db_step(st)) == DB_ROW) {
		if (fn(run, t, st, errp) == -1) {
			store_stmt_done(st);
			return -1;
		}
		copy_key_take(key, t, st);
		(*n)++;
	}
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		return -1;
	}
	store_stmt_done(st);
	return 0;
}

/* Every row of table t of s, in key order, batch by batch. */
static int
copy_walk(struct copy_run *run, struct store *s, size_t t, copy_row_fn fn,
    char **errp)
{
	struct copy_key	 key;
	struct db_stmt	*st;
	int		 n, rc = 0;

	memset(&key, 0, sizeof(key));
	copy_key_clear(&key);
	if (db_prepare(s->db, copy_tables[t].select, 1, &st) != DB_OK)
		return store_sql_error(s, errp);
	do
		rc = copy_batch(run, s, st, t, &key, fn, &n, errp);
	while (rc == 0 && n == copy_tables[t].batch);
	db_finalize(st);
	copy_key_clear(&key);
	return rc;
}

static int
copy_digest_src(struct copy_run *run, size_t t, struct db_stmt *row,
    char **errp)
{
	(void)errp;
	copy_digest_row(&run->src_digest[t], copy_tables[t].types, row);
	return 0;
}

static int
copy_digest_dst(struct copy_run *run, size_t t, struct db_stmt *row,
    char **errp)
{
	(void)errp;
	copy_digest_row(&run->dst_digest[t], copy_tables[t].types, row);
	return 0;
}

/* The row of the source, value by value, into the destination's INSERT:
   in place, since the INSERT runs before the source's next row. */
static void
copy_bind_row(struct db_stmt *ins, const char *types, struct db_stmt *row)
{
	const void	*p;
	int		 c, len;

	for (c = 0; types[c] != '\0'; c++) {
		if (db_column_type(row, c) == DB_NULL)
			db_bind_null(ins, c + 1);
		else if (types[c] == 'i')
			db_bind_int64(ins, c + 1, db_column_int64(row, c));
		else if (types[c] == 'r')
			db_bind_double(ins, c + 1, db_column_double(row, c));
		else {
			p = types[c] == 't' ?
			    (const void *)db_column_text(row, c) :
			    db_column_blob(row, c);
			len = db_column_bytes(row, c);
			db_bind_static(ins, c + 1, p != NULL ? p : "", len,
			    types[c] == 'b');
		}
	}
}

/* The row as a JSON object of its columns, for insert_many. */
static void
copy_row_json(struct buf *b, size_t t, struct db_stmt *row)
{
	const char	*name = copy_tables[t].cols, *types, *comma;
	size_t		 len;
	int		 c;

	types = copy_tables[t].types;
	buf_addc(b, b->len == 0 ? '[' : ',');
	buf_addc(b, '{');
	for (c = 0; types[c] != '\0'; c++) {
		comma = strchr(name, ',');
		len = comma != NULL ? (size_t)(comma - name) : strlen(name);
		if (c > 0)
			buf_addc(b, ',');
		json_write_string(b, name, len);
		buf_addc(b, ':');
		if (db_column_type(row, c) == DB_NULL)
			buf_adds(b, "null");
		else if (types[c] == 'i')
			buf_printf(b, "%" PRId64, db_column_int64(row, c));
		else if (types[c] == 'r')
			/* 17 digits: the same double comes back. */
			buf_printf(b, "%.17g", db_column_double(row, c));
		else
			json_write_string(b, (const char *)db_column_text(row,
			    c), (size_t)db_column_bytes(row, c));
		name += len + (comma != NULL);
	}
	buf_addc(b, '}');
}

/* The rows gathered so far into the destination, in one statement. */
static int
copy_flush(struct copy_run *run, size_t t, char **errp)
{
	int	 rc;

	if (run->nrows == 0)
		return 0;
	buf_addc(&run->rows, ']');
	db_bind_static(run->insert, 1, run->rows.data,
	    store_clamp(run->rows.len), 0);
	rc = store_run(run->dst, run->insert, errp);
	run->rows.len = 0;
	run->nrows = 0;
	if (rc == -1)
		err_prefix(errp, "writing %s", copy_tables[t].name);
	return rc;
}

static int
copy_row(struct copy_run *run, size_t t, struct db_stmt *row, char **errp)
{
	copy_digest_row(&run->src_digest[t], copy_tables[t].types, row);
	if (run->many) {
		copy_row_json(&run->rows, t, row);
		if (++run->nrows < COPY_MANY_ROWS &&
		    run->rows.len < COPY_MANY_BYTES)
			return 0;
		return copy_flush(run, t, errp);
	}
	copy_bind_row(run->insert, copy_tables[t].types, row);
	if (store_run(run->dst, run->insert, errp) == -1) {
		err_prefix(errp, "writing %s", copy_tables[t].name);
		return -1;
	}
	return 0;
}

/* One integer from constant SQL without parameters. */
static int
copy_int(struct store *s, const char *sql, int64_t *v, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	if (db_prepare(s->db, sql, 0, &st) != DB_OK)
		return store_sql_error(s, errp);
	rc = store_int(s, st, v, NULL, errp);
	db_finalize(st);
	return rc;
}

/* The source must be of this margin's schema: an older one is migrated
   by opening it once with margin, which this does not do to a source. */
static int
copy_check_version(struct store *s, char **errp)
{
	int64_t	 v;
	int	 rc;

	if (db_kind(s->db) == DB_SQLITE)
		rc = copy_int(s, "PRAGMA user_version", &v, errp);
	else
		rc = copy_int(s, "SELECT CAST(value AS bigint) FROM margin_meta"
		    " WHERE key = 'schema_version'", &v, errp);
	if (rc == -1)
		return -1;
	if (v < STORE_SCHEMA_VERSION)
		return err_set(errp, "its schema version is %" PRId64 ", older "
		    "than this margin's (%d): open it once with margin to "
		    "upgrade it, then copy it", v, STORE_SCHEMA_VERSION);
	if (v > STORE_SCHEMA_VERSION)
		return err_set(errp, "its schema version %" PRId64 " is newer "
		    "than this margin knows (%d): upgrade margin", v,
		    STORE_SCHEMA_VERSION);
	return 0;
}

/* Copy table t, its rows counted and digested on the way. */
static int
copy_table(struct copy_run *run, size_t t, char **errp)
{
	int	 rc;

	run->many = db_kind(run->dst->db) == DB_PG &&
	    copy_tables[t].insert_many != NULL;
	if (db_prepare(run->dst->db, run->many ? copy_tables[t].insert_many :
	    copy_tables[t].insert, 1, &run->insert) != DB_OK)
		return store_sql_error(run->dst, errp);
	rc = copy_walk(run, run->src, t, copy_row, errp);
	if (rc == 0)
		rc = copy_flush(run, t, errp);
	db_finalize(run->insert);
	run->insert = NULL;
	run->rows.len = 0;
	run->nrows = 0;
	return rc;
}

/* After the rows, PostgreSQL's sequences: a new row gets a new id. */
static int
copy_sequences(struct copy_run *run, char **errp)
{
	int64_t	 v;
	size_t	 t;

	if (db_kind(run->dst->db) != DB_PG)
		return 0;
	for (t = 0; t < COPY_NTABLES; t++)
		if (copy_tables[t].setval != NULL &&
		    copy_int(run->dst, copy_tables[t].setval, &v, errp) == -1)
			return -1;
	return 0;
}

/* Every table of the destination against what was read from the
   source. */
static int
copy_verify(struct copy_run *run, char **errp)
{
	size_t	 t;

	for (t = 0; t < COPY_NTABLES; t++) {
		memset(&run->dst_digest[t], 0, sizeof(run->dst_digest[t]));
		if (copy_walk(run, run->dst, t, copy_digest_dst, errp) == -1)
			return -1;
		if (!copy_digest_same(&run->src_digest[t],
		    &run->dst_digest[t]))
			return err_set(errp, "verifying the copy: table %s "
			    "differs (%" PRId64 " rows read, %" PRId64 " rows "
			    "written); nothing was saved", copy_tables[t].name,
			    run->src_digest[t].rows, run->dst_digest[t].rows);
	}
	return 0;
}

/* Has the destination nothing but what opening it made (the default
   labels)? */
static int
copy_dst_empty(struct copy_run *run, int *empty, char **errp)
{
	int64_t	 n;
	size_t	 t;

	*empty = 0;
	for (t = 0; t < COPY_NTABLES; t++) {
		if (copy_int(run->dst, copy_tables[t].count, &n, errp) == -1)
			return -1;
		if (n > 0 && strcmp(copy_tables[t].name, "labels") != 0)
			return 0;
	}
	return store_labels_default(run->dst, empty, errp);
}

/* Has every table as many rows in the destination as in the source? */
static int
copy_same_counts(struct copy_run *run, int *same, char **errp)
{
	int64_t	 a, b;
	size_t	 t;

	*same = 0;
	for (t = 0; t < COPY_NTABLES; t++) {
		if (copy_int(run->src, copy_tables[t].count, &a, errp) == -1 ||
		    copy_int(run->dst, copy_tables[t].count, &b, errp) == -1)
			return -1;
		if (a != b)
			return 0;
	}
	*same = 1;
	return 0;
}

/* Does the destination hold exactly the source's rows?  *differs is the
   first table that differs (COPY_NTABLES: none). */
static int
copy_compare(struct copy_run *run, size_t *differs, char **errp)
{
	size_t	 t;

	for (t = 0; t < COPY_NTABLES; t++) {
		memset(&run->src_digest[t], 0, sizeof(run->src_digest[t]));
		memset(&run->dst_digest[t], 0, sizeof(run->dst_digest[t]));
		if (copy_walk(run, run->src, t, copy_digest_src, errp) == -1 ||
		    copy_walk(run, run->dst, t, copy_digest_dst, errp) == -1)
			return -1;
		if (!copy_digest_same(&run->src_digest[t],
		    &run->dst_digest[t]))
			break;
	}
	*differs = t;
	return 0;
}

/* The destination holds data: it may be this very copy already. */
static int
copy_refuse_other(struct copy_run *run, struct store_copy_report *r,
    char **errp)
{
	size_t	 t;

	if (copy_compare(run, &t, errp) == -1)
		return -1;
	if (t < COPY_NTABLES)
		return err_set(errp, "the destination already holds "
		    "other data (table %s: %" PRId64 " rows there, "
		    "%" PRId64 " in the source, or other rows): copy "
		    "writes only into a new or empty database, and "
		    "margin merge brings one database's work into "
		    "another", copy_tables[t].name,
		    run->dst_digest[t].rows, run->src_digest[t].rows);
	r->nothing_to_do = 1;
	return 0;
}

static int
copy_all(struct copy_run *run, struct store_copy_report *r, char **errp)
{
	size_t	 t, differs = 0;
	int	 empty, same;

	if (copy_dst_empty(run, &empty, errp) == -1)
		return -1;
	if (!empty)
		return copy_refuse_other(run, r, errp);
	/* A source with nothing but the default labels is copied already
	   into a destination with nothing but them. */
	if (copy_same_counts(run, &same, errp) == -1 ||
	    (same && copy_compare(run, &differs, errp) == -1))
		return -1;
	if (same && differs == COPY_NTABLES) {
		r->nothing_to_do = 1;
		return 0;
	}
	memset(run->src_digest, 0, sizeof(run->src_digest));
	if (store_exec(run->dst, "DELETE FROM labels", errp) == -1)
		return -1;
	for (t = 0; t < COPY_NTABLES; t++)
		if (copy_table(run, t, errp) == -1)
			return -1;
	if (copy_verify(run, errp) == -1 || copy_sequences(run, errp) == -1)
		return -1;
	return 0;
}

static void
copy_report(const struct copy_run *run, struct store_copy_report *r)
{
	size_t	 t;

	r->ntables = COPY_NTABLES;
	for (t = 0; t < COPY_NTABLES && t < STORE_COPY_MAXTABLES; t++) {
		r->tables[t].name = copy_tables[t].name;
		r->tables[t].rows = run->src_digest[t].rows;
	}
}

/* Two databases on one PostgreSQL server: the same one when the server
   (its address, port and start) and the database are. */
static int
copy_pg_identity(struct store *s, char **id, char **errp)
{
	struct db_stmt	*st;
	int		 rc;

	if (db_prepare(s->db, "SELECT current_database() || ' ' ||"
	    " coalesce(host(inet_server_addr()), '') || ' ' ||"
	    " coalesce(inet_server_port(), 0) || ' ' ||"
	    " pg_postmaster_start_time()", 0, &st) != DB_OK)
		return store_sql_error(s, errp);
	if ((rc = db_step(st)) != DB_ROW) {
		store_sql_error(s, errp);
		db_finalize(st);
		return -1;
	}
	*id = store_column_dup(st, 0);
	db_finalize(st);
	return 0;
}

static int
copy_same_server_db(struct store *a, struct store *b, int *same,
    char **errp)
{
	char	*x = NULL, *y = NULL;
	int	 rc;

	*same = 0;
	if (db_kind(a->db) != DB_PG || db_kind(b->db) != DB_PG)
		return 0;
	rc = copy_pg_identity(a, &x, errp);
	if (rc == 0)
		rc = copy_pg_identity(b, &y, errp);
	if (rc == 0)
		*same = x != NULL && y != NULL && strcmp(x, y) == 0;
	free(x);
	free(y);
	return rc;
}

/* Two SQLite paths naming one file (the destination may not exist). */
static int
copy_same_file(const char *src, const char *dst)
{
	struct stat	 a, b;

	if (store_is_server(src) || store_is_server(dst) ||
	    strcmp(src, ":memory:") == 0)
		return 0;
	if (stat(src, &a) == -1 || stat(dst, &b) == -1)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The error is about the database at path, as messages show it. */
static int
copy_prefix(char **errp, const char *path)
{
	char	*shown = store_describe(path);

	err_prefix(errp, "%s", shown);
	free(shown);
	return -1;
}

static int
copy_open(struct copy_run *run, const char *src, const char *dst,
    const char *actor, char **errp)
{
	int	 same;

	if (copy_same_file(src, dst))
		return err_set(errp, "the source and the destination are "
		    "the same database");
	/* Read-only, but not untouched: a reader that takes SQLite's locks
	   sees one snapshot even if someone writes meanwhile. */
	if (store_open(&run->src, src, actor, STORE_READONLY, errp) == -1 ||
	    copy_check_version(run->src, errp) == -1)
		return copy_prefix(errp, src);
	if (store_open(&run->dst, dst, actor, 0, errp) == -1)
		return copy_prefix(errp, dst);
	if (store_readonly(run->dst))
		return err_set(errp, "the destination is read-only%s%s",
		    store_readonly_reason(run->dst) != NULL ? ": " : "",
		    store_readonly_reason(run->dst) != NULL ?
		    store_readonly_reason(run->dst) : "");
	if (copy_same_server_db(run->src, run->dst, &same, errp) == -1)
		return -1;
	if (same)
		return err_set(errp, "the source and the destination are "
		    "the same database");
	/* Doubles as text that reads back as the same double, on servers
	   older than 12 too. */
	if ((db_kind(run->src->db) == DB_PG &&
	    db_session(run->src->db, "SET extra_float_digits = 3") != DB_OK) ||
	    (db_kind(run->dst->db) == DB_PG &&
	    db_session(run->dst->db, "SET extra_float_digits = 3") != DB_OK))
		return err_set(errp, "setting extra_float_digits");
	return 0;
}

int
store_copy(const char *src, const char *dst, const char *actor,
    struct store_copy_report *r, char **errp)
{
	struct copy_run	*run;
	int		 rc = -1;

	memset(r, 0, sizeof(*r));
	run = xcalloc(1, sizeof(*run));
	if (copy_open(run, src, dst, actor, errp) == -1)
		goto out;
	r->created = store_created(run->dst);
	if (store_read_begin(run->src, errp) == -1)
		goto out;
	if (store_txn_begin(run->dst, errp) == -1) {
		store_read_end(run->src);
		goto out;
	}
	rc = copy_all(run, r, errp);
	if (rc == 0 && !r->nothing_to_do)
		rc = store_txn_commit(run->dst, errp);
	else
		store_txn_rollback(run->dst);
	store_read_end(run->src);
	/* A source with only what a new database has is copied by making
	   the destination. */
	if (r->created)
		r->nothing_to_do = 0;
	if (rc == 0)
		copy_report(run, r);
out:
	buf_free(&run->rows);
	store_close(run->src);
	store_close(run->dst);
	free(run);
	return rc;
}
