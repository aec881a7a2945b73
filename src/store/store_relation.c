/*
 * store_relation.c: relations (SPEC §16), directed labelled links between
 * two spans of one article, and their labels, the schema's `relation`
 * lines.  Relations are recorded in history as spans are, so that undo,
 * redo, merge and review treat them alike; their labels, as span labels,
 * are recorded but not undone.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

void
store_relation_free(struct store_relation *r)
{
	if (r == NULL)
		return;
	free(r->label);
	free(r->annotator);
	free(r->note);
	memset(r, 0, sizeof(*r));
}

void
store_relations_free(struct store_relation *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_relation_free(&v[i]);
	free(v);
}

/* STORE_RELATION_COLUMNS of a row into r, copied. */
static void
store_relation_from_row(struct db_stmt *st, void *elem)
{
	struct store_relation	*r = elem;
	enum store_span_status	 status = STORE_ACCEPTED;
	enum store_span_origin	 origin = STORE_MANUAL;
	const char		*v;

	r->id = db_column_int64(st, 0);
	r->article_id = db_column_int64(st, 1);
	r->src = db_column_int64(st, 2);
	r->dst = db_column_int64(st, 3);
	r->label = store_column_dup(st, 4);
	r->annotator = store_column_dup(st, 5);
	if ((v = (const char *)db_column_text(st, 6)) != NULL)
		store_status_parse(v, &status);
	if ((v = (const char *)db_column_text(st, 7)) != NULL)
		store_origin_parse(v, &origin);
	r->status = status;
	r->origin = origin;
	r->note = store_column_dup(st, 8);
	r->created_at = db_column_int64(st, 9);
	r->updated_at = db_column_int64(st, 10);
}

static void
store_relation_clear(void *elem)
{
	store_relation_free(elem);
}

static int
store_relation_label_find(struct store *s, const char *name, int64_t *id,
    int *found, char **errp)
{
	struct db_stmt	*st;

	if ((st = store_stmt(s, ST_RLABEL_FIND, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	return store_int(s, st, id, found, errp);
}

/* A label a relation may have: well-formed and in the schema. */
static int
store_relation_label_ok(struct store *s, const char *label, char **errp)
{
	int64_t	 id;
	int	 found;

	if (!store_label_valid_name(label))
		return err_set(errp, "invalid relation label \"%s\"",
		    label != NULL ? label : "");
	if (store_relation_label_find(s, label, &id, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no relation label \"%s\" in this "
		    "database (a schema's `relation` lines make them)", label);
	return 0;
}

/* --- Adding ------------------------------------------------------------- */

struct store_relation_new {
	const struct store_relation	*r;
	int				 merge;
	int64_t				 id;
	enum store_merge_result		 result;
};

/* Both ends are spans of one article, and not the same span. */
static int
store_relation_ends(struct store *s, const struct store_relation *r,
    int64_t *article, char **errp)
{
	struct store_span	 a, b;
	int			 rc = 0;

	if (r->src == r->dst)
		return err_set(errp, "a relation links two different spans");
	if (store_span_get(s, r->src, &a, errp) == -1)
		return -1;
	if (store_span_get(s, r->dst, &b, errp) == -1) {
		store_span_free(&a);
		return -1;
	}
	*article = a.article_id;
	if (a.article_id != b.article_id)
		rc = err_set(errp, "spans %" PRId64 " and %" PRId64 " are in "
		    "two articles: a relation links spans of one", a.id, b.id);
	else if (r->article_id != 0 && r->article_id != a.article_id)
		rc = err_set(errp, "spans %" PRId64 " and %" PRId64 " are not "
		    "in article %" PRId64, a.id, b.id, r->article_id);
	store_span_free(&a);
	store_span_free(&b);
	return rc;
}

static int
store_relation_insert_txn(struct store *s, void *ctx, char **errp)
{
	struct store_relation_new	*rn = ctx;
	const struct store_relation	*r = rn->r;
	const char			*who;
	struct db_stmt			*st;
	char				*after = NULL;
	int64_t				 article, now;
	int				 found, rc;

	rn->id = 0;
	rn->result = STORE_MERGE_PRESENT;
	who = r->annotator != NULL ? r->annotator : s->actor;
	if (store_relation_label_ok(s, r->label, errp) == -1 ||
	    store_relation_ends(s, r, &article, errp) == -1)
		return -1;
	if (rn->merge) {
		if ((st = store_stmt(s, ST_RELATION_KEY, errp)) == NULL)
			return -1;
		db_bind_int64(st, 1, r->src);
		db_bind_int64(st, 2, r->dst);
		store_bind_text(st, 3, r->label);
		store_bind_text(st, 4, who);
		if (store_int(s, st, &rn->id, &found, errp) == -1)
			return -1;
		if (found)
			return 0;
	}
	if ((st = store_stmt(s, ST_RELATION_INSERT, errp)) == NULL)
		return -1;
	now = store_now();
	db_bind_int64(st, 1, article);
	db_bind_int64(st, 2, r->src);
	db_bind_int64(st, 3, r->dst);
	store_bind_text(st, 4, r->label);
	store_bind_text(st, 5, who);
	store_bind_text(st, 6, store_status_name(r->status));
	store_bind_text(st, 7, store_origin_name(r->origin));
	store_bind_text(st, 8, r->note != NULL ? r->note : "");
	db_bind_int64(st, 9, rn->merge && r->created_at > 0 ?
	    r->created_at : now);
	db_bind_int64(st, 10, rn->merge && r->updated_at > 0 ?
	    r->updated_at : now);
	if (store_run(s, st, errp) == -1)
		return -1;
	rn->id = db_last_id(s->db);
	if (store_row_json(s, ST_RELATION_JSON, rn->id, NULL, &after,
	    errp) == -1)
		return -1;
	rc = store_history_add(s, "relation", rn->id, "insert", NULL, after,
	    errp);
	free(after);
	if (rc == 0)
		rn->result = STORE_MERGE_ADDED;
	return rc;
}

static int
store_relation_new_run(struct store *s, struct store_relation_new *rn,
    char **errp)
{
	const struct store_relation	*r = rn->r;

	if ((size_t)r->status > STORE_REJECTED ||
	    (size_t)r->origin > STORE_IMPORTED)
		return err_set(errp, "invalid relation status or origin");
	if (r->annotator != NULL && r->annotator[0] == '\0')
		return err_set(errp, "no annotator name");
	return store_write(s, store_relation_insert_txn, rn, errp);
}

int
store_relation_add(struct store *s, const struct store_relation *r,
    int64_t *id, char **errp)
{
	struct store_relation_new	 rn;

	memset(&rn, 0, sizeof(rn));
	rn.r = r;
	if (store_relation_new_run(s, &rn, errp) == -1)
		return -1;
	if (id != NULL)
		*id = rn.id;
	return 0;
}

int
store_relation_merge(struct store *s, const struct store_relation *r,
    enum store_merge_result *result, int64_t *id, char **errp)
{
	struct store_relation_new	 rn;

	memset(&rn, 0, sizeof(rn));
	rn.r = r;
	rn.merge = 1;
	if (store_relation_new_run(s, &rn, errp) == -1)
		return -1;
	if (result != NULL)
		*result = rn.result;
	if (id != NULL)
		*id = rn.id;
	return 0;
}

/* --- Reading ------------------------------------------------------------ */

int
store_relation_get(struct store *s, int64_t id, struct store_relation *r,
    char **errp)
{
	struct db_stmt	*st;

	memset(r, 0, sizeof(*r));
	if ((st = store_stmt(s, ST_RELATION_GET, errp)) == NULL)
		return -1;
	return store_row_get(s, st, id, "relation", store_relation_from_row,
	    r, errp);
}

int
store_relation_list(struct store *s, int64_t article, const char *annotator,
    int with_rejected, struct store_relation **vp, size_t *n, char **errp)
{
	struct db_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_RELATION_LIST, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, article);
	store_bind_text(st, 2, annotator);
	db_bind_int(st, 3, with_rejected != 0);
	if (store_rows_collect(s, st, sizeof(**vp), store_relation_from_row,
	    store_relation_clear, &v, n, errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

/* --- Changing ----------------------------------------------------------- */

struct store_relation_change {
	int64_t		 id;
	enum store_stmt	 stmt;
	const char	*value;
};

static int
store_relation_change_txn(struct store *s, void *ctx, char **errp)
{
	const struct store_relation_change	*c = ctx;

	if (c->stmt == ST_RELATION_RELABEL &&
	    store_relation_label_ok(s, c->value, errp) == -1)
		return -1;
	return store_row_change(s, "relation", ST_RELATION_JSON, c->id,
	    c->stmt, c->value, errp);
}

static int
store_relation_change(struct store *s, int64_t id, enum store_stmt stmt,
    const char *value, char **errp)
{
	struct store_relation_change	 c;

	c.id = id;
	c.stmt = stmt;
	c.value = value;
	return store_write(s, store_relation_change_txn, &c, errp);
}

int
store_relation_relabel(struct store *s, int64_t id, const char *label,
    char **errp)
{
	return store_relation_change(s, id, ST_RELATION_RELABEL, label, errp);
}

int
store_relation_set_status(struct store *s, int64_t id,
    enum store_span_status st, char **errp)
{
	if ((size_t)st > STORE_REJECTED)
		return err_set(errp, "invalid relation status");
	return store_relation_change(s, id, ST_RELATION_STATUS,
	    store_status_name(st), errp);
}

int
store_relation_set_note(struct store *s, int64_t id, const char *note,
    char **errp)
{
	return store_relation_change(s, id, ST_RELATION_NOTE,
	    note != NULL ? note : "", errp);
}

int
store_relation_delete(struct store *s, int64_t id, char **errp)
{
	return store_relation_change(s, id, ST_RELATION_DELETE, NULL, errp);
}

/* --- Relation labels ---------------------------------------------------- */

void
store_relation_labels_free(struct store_relation_label *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].key);
		free(v[i].description);
	}
	free(v);
}

static void
store_relation_label_from_row(struct db_stmt *st, void *elem)
{
	struct store_relation_label	*l = elem;

	l->id = db_column_int64(st, 0);
	l->name = store_column_dup(st, 1);
	l->key = store_column_dup(st, 2);
	l->symmetric = db_column_int(st, 3) != 0;
	l->description = store_column_dup(st, 4);
	l->order = db_column_int(st, 5);
}

static void
store_relation_label_clear(void *elem)
{
	struct store_relation_label	*l = elem;

	free(l->name);
	free(l->key);
	free(l->description);
}

int
store_relation_label_list(struct store *s, struct store_relation_label **vp,
    size_t *n, char **errp)
{
	struct db_stmt	*st;
	void		*v;

	*vp = NULL;
	*n = 0;
	if ((st = store_stmt(s, ST_RLABEL_LIST, errp)) == NULL)
		return -1;
	if (store_rows_collect(s, st, sizeof(**vp),
	    store_relation_label_from_row, store_relation_label_clear, &v, n,
	    errp) == -1)
		return -1;
	*vp = v;
	return 0;
}

struct store_rlabel_change {
	const char	*name;
	const char	*key;
	int		 symmetric;	/* < 0: keep */
	const char	*description;
	int		 ord;		/* 0: keep (or last, when new) */
	int		 added;
	int		 changed;
};

/* In the transaction in hand: add or update one relation label. */
static int
store_rlabel_put(struct store *s, struct store_rlabel_change *c, char **errp)
{
	struct db_stmt	*st;
	char		*before = NULL, *after = NULL;
	int64_t		 id;
	int		 found, ok = 0;

	c->added = c->changed = 0;
	if (store_relation_label_find(s, c->name, &id, &found, errp) == -1)
		return -1;
	if (found && store_row_json(s, ST_RLABEL_JSON, id, NULL, &before,
	    errp) == -1)
		return -1;
	if ((st = store_stmt(s, found ? ST_RLABEL_UPDATE : ST_RLABEL_INSERT,
	    errp)) == NULL)
		goto out;
	if (found)
		db_bind_int64(st, 1, id);
	else
		store_bind_text(st, 1, c->name);
	store_bind_text(st, 2, c->key);
	if (c->symmetric >= 0)
		db_bind_int(st, 3, c->symmetric != 0);
	store_bind_text(st, 4, c->description);
	if (c->ord > 0)
		db_bind_int(st, 5, c->ord);
	if (store_run(s, st, errp) == -1)
		goto out;
	if (db_changes(s->db) == 0) {
		ok = 1;
		goto out;
	}
	if (!found)
		id = db_last_id(s->db);
	c->added = !found;
	c->changed = found;
	if (store_row_json(s, ST_RLABEL_JSON, id, NULL, &after, errp) == -1 ||
	    store_history_add(s, "relation_label", id, found ? "update" :
	    "insert", before, after, errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	free(after);
	return ok ? 0 : -1;
}

static int
store_rlabel_put_txn(struct store *s, void *ctx, char **errp)
{
	return store_rlabel_put(s, ctx, errp);
}

int
store_relation_label_add(struct store *s, const char *name, const char *key,
    int symmetric, const char *description, char **errp)
{
	struct store_rlabel_change	 c;

	if (!store_label_valid_name(name))
		return err_set(errp, "invalid relation label \"%s\" (use "
		    "letters, digits, _ and -)", name != NULL ? name : "");
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.key = key;
	c.symmetric = symmetric;
	c.description = description;
	return store_write(s, store_rlabel_put_txn, &c, errp);
}

/* In the transaction in hand: how many relations use label name. */
static int
store_rlabel_uses(struct store *s, const char *name, int64_t *uses,
    char **errp)
{
	struct db_stmt	*st;

	if ((st = store_stmt(s, ST_RLABEL_USES, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	return store_int(s, st, uses, NULL, errp);
}

/* In the transaction in hand: remove relation label name (unused). */
static int
store_rlabel_delete(struct store *s, const char *name, char **errp)
{
	struct db_stmt	*st;
	char		*before = NULL;
	int64_t		 id, uses;
	int		 found, rc = -1;

	if (store_relation_label_find(s, name, &id, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no relation label \"%s\"", name);
	if (store_rlabel_uses(s, name, &uses, errp) == -1)
		return -1;
	if (uses > 0)
		return err_set(errp, "relation label \"%s\" is used by %"
		    PRId64 " relation%s", name, uses, uses == 1 ? "" : "s");
	if (store_row_json(s, ST_RLABEL_JSON, id, NULL, &before, errp) == -1 ||
	    (st = store_stmt(s, ST_RLABEL_DELETE, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, id);
	if (store_run(s, st, errp) == 0)
		rc = store_history_add(s, "relation_label", id, "delete",
		    before, NULL, errp);
out:
	free(before);
	return rc;
}

static int
store_rlabel_delete_txn(struct store *s, void *ctx, char **errp)
{
	return store_rlabel_delete(s, ctx, errp);
}

int
store_relation_label_remove(struct store *s, const char *name, char **errp)
{
	if (name == NULL)
		return err_set(errp, "no relation label name given");
	return store_write(s, store_rlabel_delete_txn, (void *)name, errp);
}

/* --- A schema's relation labels ----------------------------------------- */

struct store_rlabel_apply {
	const struct store_relation_label_def	*defs;
	size_t					 n;
	int					 replace;
	struct store_label_effects		*out;
};

static const struct store_relation_label_def *
store_rlabel_def_find(const struct store_rlabel_apply *a, const char *name)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->defs[i].name, name) == 0)
			return &a->defs[i];
	return NULL;
}

static const struct store_relation_label_def *
store_rlabel_def_with_key(const struct store_rlabel_apply *a, const char *key)
{
	size_t	 i;

	if (key == NULL || key[0] == '\0')
		return NULL;
	for (i = 0; i < a->n; i++)
		if (a->defs[i].key != NULL && strcmp(a->defs[i].key, key) == 0)
			return &a->defs[i];
	return NULL;
}

static void
store_rlabel_effect(struct store_label_effects *out, int kind,
    const char *label, const char *other, const char *key,
    const char *old_key, int64_t uses)
{
	struct store_label_effect	*e;

	out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
	e = &out->v[out->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->label = xstrdup(label);
	e->other = other != NULL ? xstrdup(other) : NULL;
	e->key = key != NULL ? xstrdup(key) : NULL;
	e->old_key = old_key != NULL ? xstrdup(old_key) : NULL;
	e->uses = uses;
}

static int
store_rlabel_apply_txn(struct store *s, void *ctx, char **errp)
{
	struct store_rlabel_apply		*a = ctx;
	const struct store_relation_label_def	*d, *taker;
	struct store_relation_label		*old = NULL;
	struct store_rlabel_change		 c;
	size_t					 nold = 0, i, j;
	int64_t					 uses;
	int					 rc = -1, ord;

	store_label_effects_free(a->out);
	if (store_relation_label_list(s, &old, &nold, errp) == -1)
		return -1;
	/* A key the schema gives is taken from the label that had it. */
	for (i = 0; i < nold; i++) {
		taker = store_rlabel_def_with_key(a, old[i].key);
		if (taker == NULL || strcmp(taker->name, old[i].name) == 0)
			continue;
		memset(&c, 0, sizeof(c));
		c.name = old[i].name;
		c.key = "";
		c.symmetric = -1;
		if (store_rlabel_put(s, &c, errp) == -1)
			goto out;
		if (store_rlabel_def_find(a, old[i].name) == NULL &&
		    !a->replace)
			store_rlabel_effect(a->out, STORE_LABEL_KEY_TAKEN,
			    old[i].name, taker->name, old[i].key, NULL, 0);
	}
	for (i = 0; i < a->n; i++) {
		const char	*old_key = NULL;

		d = &a->defs[i];
		memset(&c, 0, sizeof(c));
		c.name = d->name;
		c.key = d->key;
		c.symmetric = d->symmetric;
		c.description = d->description;
		c.ord = a->replace ? (int)i + 1 : 0;
		if (store_rlabel_put(s, &c, errp) == -1)
			goto out;
		for (j = 0; j < nold; j++)
			if (strcmp(old[j].name, d->name) == 0)
				old_key = old[j].key;
		if (c.added)
			store_rlabel_effect(a->out, STORE_LABEL_ADDED, d->name,
			    NULL, d->key, NULL, 0);
		else if (c.changed)
			store_rlabel_effect(a->out, STORE_LABEL_UPDATED,
			    d->name, NULL, d->key, old_key, 0);
	}
	ord = (int)a->n;
	for (i = 0; a->replace && i < nold; i++) {
		if (store_rlabel_def_find(a, old[i].name) != NULL)
			continue;
		if (store_rlabel_uses(s, old[i].name, &uses, errp) == -1)
			goto out;
		if (uses == 0) {
			if (store_rlabel_delete(s, old[i].name, errp) == -1)
				goto out;
			store_rlabel_effect(a->out, STORE_LABEL_REMOVED,
			    old[i].name, NULL, NULL, NULL, 0);
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.name = old[i].name;
		c.symmetric = -1;
		c.ord = ++ord;
		if (store_rlabel_put(s, &c, errp) == -1)
			goto out;
		store_rlabel_effect(a->out, STORE_LABEL_KEPT, old[i].name,
		    NULL, store_rlabel_def_with_key(a, old[i].key) != NULL ?
		    "" : old[i].key, NULL, uses);
	}
	rc = 0;
out:
	store_relation_labels_free(old, nold);
	return rc;
}

int
store_relation_label_apply(struct store *s,
    const struct store_relation_label_def *defs, size_t n, int replace,
    struct store_label_effects *out, char **errp)
{
	struct store_rlabel_apply	 a;
	size_t				 i, j;
	int				 rc;

	out->v = NULL;
	out->n = 0;
	for (i = 0; i < n; i++) {
		if (!store_label_valid_name(defs[i].name))
			return err_set(errp, "invalid relation label \"%s\" "
			    "(use letters, digits, _ and -)", defs[i].name);
		for (j = 0; j < i; j++) {
			if (strcmp(defs[i].name, defs[j].name) == 0)
				return err_set(errp, "relation %s is defined "
				    "twice", defs[i].name);
			if (defs[i].key != NULL && defs[i].key[0] != '\0' &&
			    defs[j].key != NULL &&
			    strcmp(defs[i].key, defs[j].key) == 0)
				return err_set(errp, "relations %s and %s "
				    "both have key %s", defs[j].name,
				    defs[i].name, defs[i].key);
		}
	}
	a.defs = defs;
	a.n = n;
	a.replace = replace;
	a.out = out;
	if ((rc = store_write(s, store_rlabel_apply_txn, &a, errp)) == -1)
		store_label_effects_free(out);
	return rc;
}
