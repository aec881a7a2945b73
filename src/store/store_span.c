/*
 * store_span.c: spans: checked against their article's text, added,
 * merged, changed, listed, and walked for export in one snapshot.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

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

int
store_origin_parse(const char *name, enum store_span_origin *o)
{
	size_t	 i;

	for (i = 0; i < STORE_NORIGIN; i++) {
		if (strcmp(name, store_origin_names[i]) == 0) {
			*o = (enum store_span_origin)i;
			return 0;
		}
	}
	return -1;
}

static enum store_span_origin
store_origin_from_text(const unsigned char *name)
{
	enum store_span_origin	 o;

	if (name == NULL || store_origin_parse((const char *)name, &o) == -1)
		return STORE_MANUAL;
	return o;
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
	free(sp->entity_name);
	free(sp->entity_kb_id);
	memset(sp, 0, sizeof(*sp));
}

static char *
store_dup_or_empty(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

void
store_span_copy(struct store_span *dst, const struct store_span *src)
{
	*dst = *src;
	dst->label = store_dup_or_empty(src->label);
	dst->text = store_dup_or_empty(src->text);
	dst->annotator = store_dup_or_empty(src->annotator);
	dst->note = store_dup_or_empty(src->note);
	dst->entity_name = store_dup_or_empty(src->entity_name);
	dst->entity_kb_id = store_dup_or_empty(src->entity_kb_id);
}

void
store_spans_free(struct store_span *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_span_free(&v[i]);
	free(v);
}

int
store_span_fits(const struct store_span *sp, const char *text, size_t len)
{
	const unsigned char	*t = (const unsigned char *)text;

	if (text == NULL || sp->end_byte < sp->start_byte ||
	    sp->end_byte > len || sp->end < sp->start ||
	    sp->end - sp->start > sp->end_byte - sp->start_byte)
		return 0;
	if (sp->start_byte < len && (t[sp->start_byte] & 0xC0) == 0x80)
		return 0;
	return sp->end_byte == len || (t[sp->end_byte] & 0xC0) != 0x80;
}

/*
 * The entity link of a span from columns i.. of a row (entity,
 * entity_status, the entity's name and kb_id): copied, or pointing into
 * the row (copy 0).
 */
static void
store_span_entity_from_row(struct db_stmt *st, int i, struct store_span *sp,
    int copy)
{
	const char	*name, *kb;

	sp->entity_id = db_column_int64(st, i);
	sp->entity_status = sp->entity_id == 0 ? STORE_ACCEPTED :
	    store_status_from_text(db_column_text(st, i + 1));
	name = (const char *)db_column_text(st, i + 2);
	kb = (const char *)db_column_text(st, i + 3);
	if (copy) {
		sp->entity_name = xstrdup(name != NULL ? name : "");
		sp->entity_kb_id = xstrdup(kb != NULL ? kb : "");
	} else {
		sp->entity_name = (char *)(name != NULL ? name : "");
		sp->entity_kb_id = (char *)(kb != NULL ? kb : "");
	}
}

/* Columns of STORE_SPAN_READ (store_stmt.c) into sp, copied. */
static void
store_span_from_row(struct db_stmt *st, void *elem)
{
	struct store_span	*sp = elem;

	sp->id = db_column_int64(st, 0);
	sp->article_id = db_column_int64(st, 1);
	sp->start = (size_t)db_column_int64(st, 2);
	sp->end = (size_t)db_column_int64(st, 3);
	sp->start_byte = (size_t)db_column_int64(st, 4);
	sp->end_byte = (size_t)db_column_int64(st, 5);
	sp->label = store_column_dup(st, 6);
	sp->text = store_column_dup(st, 7);
	sp->annotator = store_column_dup(st, 8);
	sp->status = store_status_from_text(db_column_text(st, 9));
	sp->origin = store_origin_from_text(db_column_text(st, 10));
	sp->note = store_column_dup(st, 11);
	sp->score = db_column_double(st, 12);
	sp->created_at = db_column_int64(st, 13);
	sp->updated_at = db_column_int64(st, 14);
	store_span_entity_from_row(st, 15, sp, 1);
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

void
store_span_text_hint(struct store *s, int64_t article,
    const struct text_offsets *o)
{
	s->hint_article = o != NULL ? article : 0;
	s->hint = article != 0 ? o : NULL;
}

/*
 * A span of the article the caller holds (store_span_text_hint), with its
 * byte offsets: the offsets come from the caller's index, and the bytes
 * there are read from the database alone (sqlite3_blob_read), so that the
 * check costs the span's length, not the article's.  1 when it is located
 * so, 0 when the slow way must do it (no hint, another length, bytes that
 * differ), -1 on an error.
 */
static int
store_span_locate_hinted(struct store *s, const struct store_span *sp,
    char **text, int64_t *length, int64_t *start_byte, int64_t *end_byte,
    char **errp)
{
	const struct text_offsets *o = s->hint;
	sqlite3_blob	*blob = NULL;
	size_t		 from, to, b0, b1;
	char		*buf;

	if (o == NULL || s->hint_article != sp->article_id ||
	    sp->end_byte == 0 || db_sqlite(s->db) == NULL)
		return 0;
	if (sqlite3_blob_open(db_sqlite(s->db), "main", "articles", "text",
	    sp->article_id, 0, &blob) != SQLITE_OK) {
		sqlite3_blob_close(blob);
		return 0;
	}
	if ((size_t)sqlite3_blob_bytes(blob) != o->len) {
		sqlite3_blob_close(blob);
		return 0;
	}
	from = sp->start < o->ncp ? sp->start : o->ncp;
	to = sp->end < o->ncp ? sp->end : o->ncp;
	if (to < from)
		to = from;
	b0 = text_offsets_byte(o, from);
	b1 = text_offsets_byte(o, to);
	buf = xmalloc(b1 - b0 + 1);
	if (b1 > b0 && sqlite3_blob_read(blob, buf, (int)(b1 - b0),
	    (int)b0) != SQLITE_OK) {
		free(buf);
		sqlite3_blob_close(blob);
		return store_sql_error(s, errp);
	}
	sqlite3_blob_close(blob);
	buf[b1 - b0] = '\0';
	if (memcmp(buf, o->s + b0, b1 - b0) != 0) {
		free(buf);
		return 0;
	}
	*text = buf;
	*length = (int64_t)(to - from);
	*start_byte = (int64_t)b0;
	*end_byte = (int64_t)b1;
	return 1;
}

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
	struct db_stmt	*st;
	size_t		 from, to;
	int		 rc;

	if ((rc = store_span_locate_hinted(s, sp, text, length, start_byte,
	    end_byte, errp)) != 0)
		return rc == 1 ? 0 : -1;
	if (s->span_article != sp->article_id) {
		if ((st = store_stmt(s, ST_SPAN_CHECK, errp)) == NULL)
			return -1;
		db_bind_int64(st, 1, sp->article_id);
		rc = db_step(st);
		if (rc != DB_ROW) {
			if (rc == DB_DONE)
				err_set(errp, "no article %" PRId64,
				    sp->article_id);
			else
				store_sql_error(s, errp);
			store_stmt_done(st);
			return -1;
		}
		store_span_cache_clear(s);
		s->span_text = xstrndup((const char *)db_column_text(st,
		    0), (size_t)db_column_bytes(st, 0));
		text_offsets_init(&s->span_offsets, s->span_text,
		    (size_t)db_column_bytes(st, 0));
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
	struct db_stmt		*st;
	char			*text = NULL, *after = NULL;
	int64_t			 length = 0, start_byte = 0, end_byte = 0;
	int64_t			 label_id, now;
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
		db_bind_int64(st, 1, sp->article_id);
		db_bind_int64(st, 2, (int64_t)sp->start);
		db_bind_int64(st, 3, (int64_t)sp->end);
		store_bind_text(st, 4, sp->label);
		store_bind_text(st, 5, sn->annotator);
		store_bind_text(st, 6, store_status_name(sp->status));
		store_bind_text(st, 7, sp->note != NULL ? sp->note : "");
		rc = db_step(st);
		if (rc != DB_ROW) {
			store_sql_error(s, errp);
			store_stmt_done(st);
			return -1;
		}
		same = db_column_int64(st, 0);
		alike = db_column_int64(st, 1);
		store_stmt_done(st);
		if (same > 0) {
			sn->result = alike > 0 ? STORE_MERGE_PRESENT :
			    STORE_MERGE_CONFLICT;
			return 0;
		}
	}
	if (sp->entity_id != 0 && store_entity_check(s, sp->entity_id,
	    sp->label, errp) == -1)
		return -1;
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
	db_bind_int64(st, 1, sp->article_id);
	db_bind_int64(st, 2, (int64_t)sp->start);
	db_bind_int64(st, 3, (int64_t)sp->end);
	db_bind_int64(st, 4, start_byte);
	db_bind_int64(st, 5, end_byte);
	store_bind_text(st, 6, sp->label);
	store_bind_text(st, 7, text);
	store_bind_text(st, 8, sn->annotator);
	store_bind_text(st, 9, store_status_name(sp->status));
	store_bind_text(st, 10, store_origin_name(sp->origin));
	store_bind_text(st, 11, sp->note != NULL ? sp->note : "");
	db_bind_double(st, 12, sp->score);
	now = store_now();
	db_bind_int64(st, 13, sn->merge && sp->created_at > 0 ?
	    sp->created_at : now);
	db_bind_int64(st, 14, sn->merge && sp->updated_at > 0 ?
	    sp->updated_at : now);
	if (sp->entity_id != 0) {
		db_bind_int64(st, 15, sp->entity_id);
		store_bind_text(st, 16, store_status_name(sp->entity_status));
	}
	if (store_run(s, st, errp) == -1)
		goto out;
	sn->id = db_last_id(s->db);
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
	    (size_t)sp->origin >= STORE_NORIGIN ||
	    (size_t)sp->entity_status >= STORE_NSTATUS)
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

	/* Its relations go first, recorded: an undo puts the span back,
	   then them. */
	if (sc->stmt == ST_SPAN_DELETE &&
	    store_relation_delete_of_span(s, sc->id, errp) == -1)
		return -1;
	return store_row_change(s, "span", ST_SPAN_JSON, sc->id, sc->stmt,
	    sc->stmt == ST_SPAN_DELETE ? NULL : sc->value, errp);
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

/* A label a span may be given: well-formed and in the schema. */
static int
store_span_label_ok(struct store *s, const char *label, char **errp)
{
	int64_t		 lid;
	int		 found;

	if (!store_label_valid_name(label))
		return err_set(errp, "invalid label name \"%s\"",
		    label != NULL ? label : "");
	if (s->readonly)
		return store_refuse_readonly(s, errp);
	if (store_label_find(s, label, &lid, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no label \"%s\" in this database", label);
	return 0;
}

int
store_span_relabel(struct store *s, int64_t id, const char *label,
    char **errp)
{
	if (store_span_label_ok(s, label, errp) == -1)
		return -1;
	return store_span_change(s, id, ST_SPAN_RELABEL, label, errp);
}

int
store_span_accept(struct store *s, int64_t id, const char *label,
    char **errp)
{
	if (label == NULL)
		return store_span_set_status(s, id, STORE_ACCEPTED, errp);
	if (store_span_label_ok(s, label, errp) == -1)
		return -1;
	return store_span_change(s, id, ST_SPAN_ACCEPT, label, errp);
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
	struct db_stmt	*st;

	memset(sp, 0, sizeof(*sp));
	if ((st = store_stmt(s, ST_SPAN_GET, errp)) == NULL)
		return -1;
	return store_row_get(s, st, id, "span", store_span_from_row, sp,
	    errp);
}

static void
store_span_clear(void *elem)
{
	store_span_free(elem);
}

/* The STORE_SPAN_READ rows of a bound statement. */
int
store_span_collect(struct store *s, struct db_stmt *st, struct store_span **vp,
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
	struct db_stmt	*st;

	*vp = NULL;
	*n = 0;
	st = store_stmt(s, annotator != NULL ? ST_SPAN_LIST : ST_SPAN_LIST_ALL,
	    errp);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, article_id);
	if (annotator != NULL)
		store_bind_text(st, 2, annotator);
	return store_span_collect(s, st, vp, n, errp);
}

int
store_span_find(struct store *s, int64_t article_id, size_t start,
    size_t end, const char *annotator, struct store_span **vp, size_t *n,
    char **errp)
{
	struct db_stmt	*st;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_SPAN_FIND, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, article_id);
	db_bind_int64(st, 2, store_clamp(start));
	db_bind_int64(st, 3, store_clamp(end));
	store_bind_text(st, 4, annotator);
	return store_span_collect(s, st, vp, n, errp);
}

/* The export walk: prepared per call, since a callback may start another
   walk.  ?1 labels (JSON array), ?2 annotator, ?3 article ids (JSON
   array), ?4 tag, ?5 done only, ?6 statuses (JSON array). */
#define STORE_FOREACH_SPAN						\
	"SELECT sp.id, sp.article, sp.start, sp.end, sp.start_byte,"	\
	" sp.end_byte, sp.label, sp.text, sp.annotator, sp.status, sp.origin," \
	" sp.note, sp.score, sp.created_at, sp.updated_at,"
#define STORE_FOREACH_WHERE						\
	" WHERE (?1 IS NULL OR sp.label IN (SELECT value FROM json_each(?1)))" \
	" AND (?2 IS NULL OR sp.annotator = ?2)"			\
	" AND (?3 IS NULL OR sp.article IN (SELECT CAST(value AS BIGINT)" \
	" FROM json_each(?3)))"						\
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM article_tags t"	\
	"  WHERE t.article = sp.article AND t.tag = ?4))"		\
	" AND (?5 = 0 OR EXISTS (SELECT 1 FROM article_status st"	\
	"  WHERE st.article = sp.article AND st.status = 'done'"	\
	"  AND (?2 IS NULL OR st.annotator = ?2)))"			\
	" AND sp.status IN (SELECT value FROM json_each(?6))"		\
	" ORDER BY sp.article, sp.start, sp.end, sp.id"
static const char store_foreach_sql[] = STORE_FOREACH_SPAN
	" a.title, a.source, '', '{}', a.imported_at,"
	" sp.entity, sp.entity_status, e.name, e.kb_id"
	" FROM spans sp JOIN articles a ON a.id = sp.article"
	" LEFT JOIN entities e ON e.id = sp.entity" STORE_FOREACH_WHERE;
/* The same without the article's columns (f->spans_only): one row fewer
   to read for each span. */
static const char store_foreach_spans_sql[] = STORE_FOREACH_SPAN
	" '', '', '', '{}', 0, sp.entity, sp.entity_status, e.name, e.kb_id"
	" FROM spans sp LEFT JOIN entities e ON e.id = sp.entity"
	STORE_FOREACH_WHERE;

int
store_span_foreach(struct store *s, const struct store_span_filter *f,
    store_span_cb cb, void *ctx, char **errp)
{
	static const struct store_span_filter	 none;
	struct buf		 labels = BUF_INIT, articles = BUF_INIT;
	struct buf		 statuses = BUF_INIT;
	struct store_article	 a;
	struct store_span	 sp;
	struct db_stmt		*st = NULL;
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
	if (db_prepare(s->db, f->spans_only ? store_foreach_spans_sql :
	    store_foreach_sql, 0, &st) != DB_OK) {
		store_sql_error(s, errp);
		goto out;
	}
	store_bind_text(st, 1, labels.data);
	store_bind_text(st, 2, f->annotator);
	store_bind_text(st, 3, articles.data);
	store_bind_text(st, 4, f->tag);
	db_bind_int(st, 5, f->done != 0);
	store_bind_text(st, 6, statuses.data);

	memset(&a, 0, sizeof(a));
	memset(&sp, 0, sizeof(sp));
	ret = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		/* Pointers into the row: valid until the next step, and no
		   allocation per span. */
		sp.id = db_column_int64(st, 0);
		sp.article_id = db_column_int64(st, 1);
		sp.start = (size_t)db_column_int64(st, 2);
		sp.end = (size_t)db_column_int64(st, 3);
		sp.start_byte = (size_t)db_column_int64(st, 4);
		sp.end_byte = (size_t)db_column_int64(st, 5);
		sp.label = (char *)db_column_text(st, 6);
		sp.text = (char *)db_column_text(st, 7);
		sp.annotator = (char *)db_column_text(st, 8);
		sp.status = store_status_from_text(db_column_text(st, 9));
		sp.origin = store_origin_from_text(db_column_text(st, 10));
		sp.note = (char *)db_column_text(st, 11);
		sp.score = db_column_double(st, 12);
		sp.created_at = db_column_int64(st, 13);
		sp.updated_at = db_column_int64(st, 14);
		a.id = sp.article_id;
		a.title = (char *)db_column_text(st, 15);
		a.source = (char *)db_column_text(st, 16);
		a.hash = (char *)db_column_text(st, 17);
		a.meta = (char *)db_column_text(st, 18);
		a.imported_at = db_column_int64(st, 19);
		store_span_entity_from_row(st, 20, &sp, 0);
		if ((ret = cb(ctx, &a, &sp)) != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE) {
		store_sql_error(s, errp);
		ret = -1;
	}
out:
	db_finalize(st);
	store_snapshot_end(s, own, ret != -1);
	buf_free(&labels);
	buf_free(&articles);
	buf_free(&statuses);
	return ret;
}
