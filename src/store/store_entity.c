/*
 * store_entity.c: entities (SPEC §16), who or what spans name, and the
 * links of spans to them.  Every change is recorded in history like a
 * span's, so that undo and redo take back a link, a new entity, a merge
 * or a split whole.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

void
store_entity_free(struct store_entity *e)
{
	if (e == NULL)
		return;
	free(e->label);
	free(e->name);
	free(e->kb_id);
	free(e->created_by);
	memset(e, 0, sizeof(*e));
}

void
store_entities_free(struct store_entity *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_entity_free(&v[i]);
	free(v);
}

/* A row of ST_ENTITY_GET or ST_ENTITY_LIST. */
static void
store_entity_from_row(struct db_stmt *st, void *elem)
{
	struct store_entity	*e = elem;

	e->id = db_column_int64(st, 0);
	e->label = store_column_dup(st, 1);
	e->name = store_column_dup(st, 2);
	e->kb_id = store_column_dup(st, 3);
	e->created_by = store_column_dup(st, 4);
	e->created_at = db_column_int64(st, 5);
	e->updated_at = db_column_int64(st, 6);
	e->mentions = (size_t)db_column_int64(st, 7);
	e->suggested = (size_t)db_column_int64(st, 8);
	e->in_article = (size_t)db_column_int64(st, 9);
}

static void
store_entity_clear(void *elem)
{
	store_entity_free(elem);
}

/* A name an entity may have: not empty, no control characters (it is
   drawn and written into exports' single-line fields). */
static int
store_entity_name_ok(const char *name, char **errp)
{
	const unsigned char	*p;

	if (name == NULL || name[0] == '\0')
		return err_set(errp, "an entity needs a name");
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return err_set(errp, "an entity name cannot hold "
			    "control characters or line breaks");
	return 0;
}

/* Record the change of entity id from before (NULL: it is new). */
static int
store_entity_record(struct store *s, int64_t id, const char *before,
    char **errp)
{
	char	*after = NULL;
	int	 rc;

	if (store_row_json(s, ST_ENTITY_JSON, id, NULL, &after, errp) == -1)
		return -1;
	rc = store_history_add(s, "entity", id, before == NULL ? "insert" :
	    after == NULL ? "delete" : "update", before, after, errp);
	free(after);
	return rc;
}

/* --- Adding ------------------------------------------------------------- */

struct store_entity_new {
	const char	*label;
	const char	*name;
	const char	*kb_id;
	int64_t		 id;
	int		 ensure;	/* find one first */
	int		 created;
};

static int
store_entity_find(struct store *s, struct store_entity_new *en, int *found,
    char **errp)
{
	struct db_stmt	*st;

	*found = 0;
	if (en->kb_id[0] != '\0') {
		if ((st = store_stmt(s, ST_ENTITY_FIND_KB, errp)) == NULL)
			return -1;
		store_bind_text(st, 1, en->label);
		store_bind_text(st, 2, en->kb_id);
		if (store_int(s, st, &en->id, found, errp) == -1)
			return -1;
		if (*found)
			return 0;
	}
	if ((st = store_stmt(s, ST_ENTITY_FIND, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, en->label);
	store_bind_text(st, 2, en->name);
	store_bind_text(st, 3, en->kb_id);
	return store_int(s, st, &en->id, found, errp);
}

/* In the transaction in hand: make (or, to ensure, find) the entity. */
static int
store_entity_insert(struct store *s, struct store_entity_new *en,
    char **errp)
{
	struct db_stmt	*st;
	int64_t		 lid;
	int		 found;

	en->created = 0;
	if (store_label_find(s, en->label, &lid, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no label \"%s\" in this database",
		    en->label);
	if (en->ensure) {
		if (store_entity_find(s, en, &found, errp) == -1)
			return -1;
		if (found)
			return 0;
	}
	if ((st = store_stmt(s, ST_ENTITY_INSERT, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, en->label);
	store_bind_text(st, 2, en->name);
	store_bind_text(st, 3, en->kb_id);
	store_bind_text(st, 4, s->actor);
	db_bind_int64(st, 5, store_now());
	if (store_run(s, st, errp) == -1)
		return -1;
	en->id = db_last_id(s->db);
	en->created = 1;
	return store_entity_record(s, en->id, NULL, errp);
}

static int
store_entity_insert_txn(struct store *s, void *ctx, char **errp)
{
	return store_entity_insert(s, ctx, errp);
}

static int
store_entity_new_run(struct store *s, struct store_entity_new *en,
    int64_t *id, char **errp)
{
	if (en->kb_id == NULL)
		en->kb_id = "";
	if (!store_label_valid_name(en->label))
		return err_set(errp, "invalid label name \"%s\"",
		    en->label != NULL ? en->label : "");
	if (store_entity_name_ok(en->name, errp) == -1 ||
	    store_entity_name_ok(en->kb_id[0] != '\0' ? en->kb_id : "-",
	    errp) == -1)
		return -1;
	if (store_write(s, store_entity_insert_txn, en, errp) == -1)
		return -1;
	if (id != NULL)
		*id = en->id;
	return 0;
}

int
store_entity_add(struct store *s, const char *label, const char *name,
    const char *kb_id, int64_t *id, char **errp)
{
	struct store_entity_new	 en;

	memset(&en, 0, sizeof(en));
	en.label = label;
	en.name = name;
	en.kb_id = kb_id;
	return store_entity_new_run(s, &en, id, errp);
}

int
store_entity_ensure(struct store *s, const char *label, const char *name,
    const char *kb_id, int64_t *id, int *created, char **errp)
{
	struct store_entity_new	 en;

	memset(&en, 0, sizeof(en));
	en.label = label;
	en.name = name;
	en.kb_id = kb_id;
	en.ensure = 1;
	if (store_entity_new_run(s, &en, id, errp) == -1)
		return -1;
	if (created != NULL)
		*created = en.created;
	return 0;
}

/* --- Reading ------------------------------------------------------------ */

int
store_entity_get(struct store *s, int64_t id, struct store_entity *e,
    char **errp)
{
	struct db_stmt	*st;

	memset(e, 0, sizeof(*e));
	if ((st = store_stmt(s, ST_ENTITY_GET, errp)) == NULL)
		return -1;
	return store_row_get(s, st, id, "entity", store_entity_from_row, e,
	    errp);
}

int
store_entity_list(struct store *s, const char *label, int64_t article,
    struct store_entity **vp, size_t *n, char **errp)
{
	struct db_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_ENTITY_LIST, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, label);
	db_bind_int64(st, 2, article);
	if (store_rows_collect(s, st, sizeof(**vp), store_entity_from_row,
	    store_entity_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

int
store_entity_mentions(struct store *s, int64_t id, struct store_span **vp,
    size_t *n, char **errp)
{
	struct db_stmt	*st;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_ENTITY_MENTIONS, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	return store_span_collect(s, st, vp, n, errp);
}

/* Every span that names entity id, in any status: their ids. */
static int
store_entity_span_ids(struct store *s, int64_t id, int64_t **ids, size_t *n,
    char **errp)
{
	struct db_stmt	*st;
	size_t		 cap = 0;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_ENTITY_SPAN_IDS, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		*ids = array_reserve(*ids, &cap, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = db_column_int64(st, 0);
	}
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	store_stmt_done(st);
	return 0;
}

/* --- Links -------------------------------------------------------------- */

/*
 * In the transaction in hand: set span's link (entity 0: none) with the
 * row before and after in history; a link to the same, in the same
 * status, touches nothing.
 */
static int
store_span_link_row(struct store *s, int64_t span, int64_t entity,
    enum store_span_status lst, char **errp)
{
	struct db_stmt	*st;
	char		*before = NULL, *after = NULL;
	int		 ok = 0;

	if (store_row_json(s, ST_SPAN_JSON, span, NULL, &before, errp) == -1)
		return -1;
	if (before == NULL)
		return err_set(errp, "no span %" PRId64, span);
	if ((st = store_stmt(s, ST_SPAN_LINK, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, span);
	if (entity != 0) {
		db_bind_int64(st, 2, entity);
		store_bind_text(st, 3, store_status_name(lst));
	}
	db_bind_int64(st, 4, store_now());
	if (store_run(s, st, errp) == -1)
		goto out;
	if (db_changes(s->db) == 0) {
		ok = 1;
		goto out;
	}
	if (store_row_json(s, ST_SPAN_JSON, span, NULL, &after, errp) == -1 ||
	    store_history_add(s, "span", span, "update", before, after,
	    errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	free(after);
	return ok ? 0 : -1;
}

struct store_link {
	int64_t			 span;
	int64_t			 entity;
	enum store_span_status	 status;
	const char		*name;		/* link_new */
	const char		*kb_id;
};

static int
store_span_link_txn(struct store *s, void *ctx, char **errp)
{
	struct store_link	*l = ctx;
	struct store_span	 sp;
	int			 rc = 0;

	if (store_span_get(s, l->span, &sp, errp) == -1)
		return -1;
	if (l->entity != 0)
		rc = store_entity_check(s, l->entity, sp.label, errp);
	store_span_free(&sp);
	if (rc == -1)
		return -1;
	return store_span_link_row(s, l->span, l->entity, l->status, errp);
}

int
store_span_link(struct store *s, int64_t span, int64_t entity,
    enum store_span_status st, char **errp)
{
	struct store_link	 l;

	if ((size_t)st > STORE_REJECTED)
		return err_set(errp, "invalid link status");
	memset(&l, 0, sizeof(l));
	l.span = span;
	l.entity = entity;
	l.status = st;
	return store_write(s, store_span_link_txn, &l, errp);
}

static int
store_span_link_new_txn(struct store *s, void *ctx, char **errp)
{
	struct store_link	*l = ctx;
	struct store_entity_new	 en;
	struct store_span	 sp;
	int			 rc;

	if (store_span_get(s, l->span, &sp, errp) == -1)
		return -1;
	memset(&en, 0, sizeof(en));
	en.label = sp.label;
	en.name = l->name != NULL ? l->name : sp.text;
	en.kb_id = l->kb_id != NULL ? l->kb_id : "";
	rc = store_entity_name_ok(en.name, errp);
	if (rc == 0)
		rc = store_entity_insert(s, &en, errp);
	store_span_free(&sp);
	if (rc == -1)
		return -1;
	l->entity = en.id;
	return store_span_link_row(s, l->span, en.id, STORE_ACCEPTED, errp);
}

int
store_span_link_new(struct store *s, int64_t span, const char *name,
    const char *kb_id, int64_t *entity, char **errp)
{
	struct store_link	 l;

	memset(&l, 0, sizeof(l));
	l.span = span;
	l.name = name;
	l.kb_id = kb_id;
	if (store_write(s, store_span_link_new_txn, &l, errp) == -1)
		return -1;
	if (entity != NULL)
		*entity = l.entity;
	return 0;
}

/* --- Rename, merge, split, remove --------------------------------------- */

struct store_entity_change {
	int64_t		 id;
	int64_t		 other;		/* merge: the one that goes */
	const char	*name;
	const char	*kb_id;
	const int64_t	*spans;		/* split */
	size_t		 nspans;
	int64_t		 new_id;
	size_t		 moved;
};

static int
store_entity_rename_txn(struct store *s, void *ctx, char **errp)
{
	struct store_entity_change	*c = ctx;
	struct db_stmt			*st;
	char				*before = NULL;
	int				 rc = -1;

	if (store_row_json(s, ST_ENTITY_JSON, c->id, NULL, &before,
	    errp) == -1)
		return -1;
	if (before == NULL)
		return err_set(errp, "no entity %" PRId64, c->id);
	if ((st = store_stmt(s, ST_ENTITY_RENAME, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, c->id);
	store_bind_text(st, 2, c->name);
	store_bind_text(st, 3, c->kb_id);
	db_bind_int64(st, 4, store_now());
	if (store_run(s, st, errp) == -1)
		goto out;
	rc = db_changes(s->db) == 0 ? 0 :
	    store_entity_record(s, c->id, before, errp);
out:
	free(before);
	return rc;
}

int
store_entity_rename(struct store *s, int64_t id, const char *name,
    const char *kb_id, char **errp)
{
	struct store_entity_change	 c;

	if (store_entity_name_ok(name, errp) == -1 || (kb_id != NULL &&
	    kb_id[0] != '\0' && store_entity_name_ok(kb_id, errp) == -1))
		return -1;
	memset(&c, 0, sizeof(c));
	c.id = id;
	c.name = name;
	c.kb_id = kb_id;
	return store_write(s, store_entity_rename_txn, &c, errp);
}

/* In the transaction in hand: delete entity id (recorded); its spans
   must have been moved or unlinked. */
static int
store_entity_delete_row(struct store *s, int64_t id, char **errp)
{
	struct db_stmt	*st;
	char		*before = NULL;
	int		 rc = -1;

	if (store_row_json(s, ST_ENTITY_JSON, id, NULL, &before, errp) == -1)
		return -1;
	if (before == NULL)
		return err_set(errp, "no entity %" PRId64, id);
	if ((st = store_stmt(s, ST_ENTITY_DELETE, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, id);
	if (store_run(s, st, errp) == 0)
		rc = store_history_add(s, "entity", id, "delete", before, NULL,
		    errp);
out:
	free(before);
	return rc;
}

/*
 * Move every span of entity from to entity to (0: unlink them), each
 * keeping its link's status.
 */
static int
store_entity_move_spans(struct store *s, int64_t from, int64_t to,
    size_t *moved, char **errp)
{
	struct store_span	 sp;
	int64_t			*ids;
	size_t			 n, i;
	int			 rc = 0;

	if (store_entity_span_ids(s, from, &ids, &n, errp) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = store_span_get(s, ids[i], &sp, errp)) == -1)
			break;
		rc = store_span_link_row(s, ids[i], to, to == 0 ?
		    STORE_ACCEPTED : sp.entity_status, errp);
		store_span_free(&sp);
	}
	free(ids);
	if (moved != NULL)
		*moved = n;
	return rc;
}

static int
store_entity_merge_txn(struct store *s, void *ctx, char **errp)
{
	struct store_entity_change	*c = ctx;
	struct store_entity		 into, from;
	int				 rc = -1;

	if (store_entity_get(s, c->id, &into, errp) == -1)
		return -1;
	if (store_entity_get(s, c->other, &from, errp) == -1) {
		store_entity_free(&into);
		return -1;
	}
	if (strcmp(into.label, from.label) != 0)
		err_set(errp, "cannot merge a %s (%s) into a %s (%s)",
		    from.label, from.name, into.label, into.name);
	else if (store_entity_move_spans(s, c->other, c->id, &c->moved,
	    errp) == 0)
		rc = store_entity_delete_row(s, c->other, errp);
	store_entity_free(&into);
	store_entity_free(&from);
	return rc;
}

int
store_entity_merge(struct store *s, int64_t into, int64_t from,
    size_t *moved, char **errp)
{
	struct store_entity_change	 c;

	if (into == from)
		return err_set(errp, "cannot merge entity %" PRId64
		    " into itself", into);
	memset(&c, 0, sizeof(c));
	c.id = into;
	c.other = from;
	if (store_write(s, store_entity_merge_txn, &c, errp) == -1)
		return -1;
	if (moved != NULL)
		*moved = c.moved;
	return 0;
}

static int
store_entity_split_txn(struct store *s, void *ctx, char **errp)
{
	struct store_entity_change	*c = ctx;
	struct store_entity		 e;
	struct store_entity_new		 en;
	struct store_span		 sp;
	size_t				 i;
	int				 rc;

	if (store_entity_get(s, c->id, &e, errp) == -1)
		return -1;
	memset(&en, 0, sizeof(en));
	en.label = e.label;
	en.name = c->name;
	en.kb_id = "";
	rc = store_entity_insert(s, &en, errp);
	for (i = 0; rc == 0 && i < c->nspans; i++) {
		if ((rc = store_span_get(s, c->spans[i], &sp, errp)) == -1)
			break;
		if (sp.entity_id != c->id)
			rc = err_set(errp, "span %" PRId64 " (%s) does not "
			    "name entity %" PRId64 " (%s)", sp.id, sp.text,
			    e.id, e.name);
		else
			rc = store_span_link_row(s, sp.id, en.id,
			    sp.entity_status, errp);
		store_span_free(&sp);
	}
	store_entity_free(&e);
	c->new_id = en.id;
	return rc;
}

int
store_entity_split(struct store *s, int64_t id, const int64_t *spans,
    size_t n, const char *name, int64_t *new_id, char **errp)
{
	struct store_entity_change	 c;

	if (n == 0)
		return err_set(errp, "a split needs the mentions that go to "
		    "the new entity");
	if (store_entity_name_ok(name, errp) == -1)
		return -1;
	memset(&c, 0, sizeof(c));
	c.id = id;
	c.name = name;
	c.spans = spans;
	c.nspans = n;
	if (store_write(s, store_entity_split_txn, &c, errp) == -1)
		return -1;
	if (new_id != NULL)
		*new_id = c.new_id;
	return 0;
}

static int
store_entity_remove_txn(struct store *s, void *ctx, char **errp)
{
	struct store_entity_change	*c = ctx;

	if (store_entity_move_spans(s, c->id, 0, &c->moved, errp) == -1)
		return -1;
	return store_entity_delete_row(s, c->id, errp);
}

int
store_entity_remove(struct store *s, int64_t id, char **errp)
{
	struct store_entity_change	 c;

	memset(&c, 0, sizeof(c));
	c.id = id;
	return store_write(s, store_entity_remove_txn, &c, errp);
}
