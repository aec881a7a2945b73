/*
 * store_label.c: the labels of a database, the kinds of span it knows:
 * listed, added or updated, and removed while no span uses them; a whole
 * schema applied at once, merged into the labels or replacing them.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

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
store_label_from_row(struct db_stmt *st, void *elem)
{
	struct store_label	*l = elem;

	l->id = db_column_int64(st, 0);
	l->name = store_column_dup(st, 1);
	l->key = store_column_dup(st, 2);
	l->color = store_column_dup(st, 3);
	l->description = store_column_dup(st, 4);
	l->order = db_column_int(st, 5);
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
	struct db_stmt	*st;
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

int
store_label_find(struct store *s, const char *name, int64_t *id, int *found,
    char **errp)
{
	struct db_stmt	*st;

	if ((st = store_stmt(s, ST_LABEL_FIND, errp)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	return store_int(s, st, id, found, errp);
}

/* A label to add, or to update (NULL members and ord 0 keep what it has;
   *added and *changed say what happened). */
struct store_label_change {
	const char	*name;
	const char	*key;
	const char	*color;
	const char	*description;
	int		 ord;
	int		 added;
	int		 changed;
};

static int
store_label_add_txn(struct store *s, void *ctx, char **errp)
{
	struct store_label_change	*l = ctx;
	const char			*name = l->name, *key = l->key;
	const char			*color = l->color;
	const char			*description = l->description;
	struct db_stmt			*st;
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
		db_bind_int64(st, 1, id);
		store_bind_text(st, 2, key);
		store_bind_text(st, 3, color);
		store_bind_text(st, 4, description);
		if (l->ord > 0)
			db_bind_int(st, 5, l->ord);
	} else {
		if ((st = store_stmt(s, ST_LABEL_INSERT, errp)) == NULL)
			goto out;
		store_bind_text(st, 1, name);
		store_bind_text(st, 2, key != NULL ? key : "");
		store_bind_text(st, 3, color != NULL ? color : "");
		store_bind_text(st, 4, description != NULL ? description : "");
		if (l->ord > 0)
			db_bind_int(st, 5, l->ord);
	}
	if (store_run(s, st, errp) == -1)
		goto out;
	if (!found)
		id = db_last_id(s->db);
	if (store_row_json(s, ST_LABEL_JSON, id, NULL, &after, errp) == -1)
		goto out;
	l->added = !found;
	if (before != NULL && strcmp(before, after) == 0) {
		ok = 1;		/* nothing changed: no history */
		goto out;
	}
	l->changed = 1;
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
	memset(&l, 0, sizeof(l));
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
	struct db_stmt	*st;
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
		    " span%s or entit%s", name, uses, uses == 1 ? "" : "s",
		    uses == 1 ? "y" : "ies");
	if (store_row_json(s, ST_LABEL_JSON, id, NULL, &before, errp) == -1 ||
	    (st = store_stmt(s, ST_LABEL_DELETE, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, id);
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

/* --- A whole schema ------------------------------------------------------ */

struct store_label_apply_ctx {
	const struct store_label_def	*defs;
	size_t				 n;
	int				 replace;
	struct store_label_effects	*out;
};

static void
store_label_effect_add(struct store_label_effects *out, int kind,
    const char *label, const char *other, const char *key,
    const char *old_key, int64_t uses)
{
	struct store_label_effect	*e;

	out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
	e = &out->v[out->n++];
	e->kind = kind;
	e->label = xstrdup(label);
	e->other = other != NULL ? xstrdup(other) : NULL;
	e->key = key != NULL ? xstrdup(key) : NULL;
	e->old_key = old_key != NULL ? xstrdup(old_key) : NULL;
	e->uses = uses;
}

void
store_label_effects_free(struct store_label_effects *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].label);
		free(e->v[i].other);
		free(e->v[i].key);
		free(e->v[i].old_key);
	}
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

static const struct store_label_def *
store_label_def_find(const struct store_label_def *defs, size_t n,
    const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

/* The schema's own names and keys: each once. */
static int
store_label_defs_check(const struct store_label_def *defs, size_t n,
    char **errp)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		if (!store_label_valid_name(defs[i].name))
			return err_set(errp, "invalid label name \"%s\" (use "
			    "letters, digits, _ and -)", defs[i].name);
		for (j = 0; j < i; j++) {
			if (strcmp(defs[i].name, defs[j].name) == 0)
				return err_set(errp, "label %s is defined "
				    "twice", defs[i].name);
			if (defs[i].key != NULL && defs[i].key[0] != '\0' &&
			    defs[j].key != NULL &&
			    strcmp(defs[i].key, defs[j].key) == 0)
				return err_set(errp, "labels %s and %s both "
				    "have key %s", defs[j].name, defs[i].name,
				    defs[i].key);
		}
	}
	return 0;
}

/* Which of the schema's labels takes key `key` explicitly, or NULL. */
static const struct store_label_def *
store_label_def_with_key(const struct store_label_def *defs, size_t n,
    const char *key)
{
	size_t	 i;

	if (key == NULL || key[0] == '\0')
		return NULL;
	for (i = 0; i < n; i++)
		if (defs[i].key != NULL && strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

static int
store_label_change_run(struct store *s, struct store_label_change *c,
    char **errp)
{
	c->added = c->changed = 0;
	return store_label_add_txn(s, c, errp);
}

/* A label the schema takes the key of loses it (a key tags one label). */
static int
store_label_apply_keys(struct store *s, struct store_label_apply_ctx *a,
    const struct store_label *old, size_t nold, char **errp)
{
	const struct store_label_def	*taker;
	struct store_label_change	 c;
	size_t				 i;

	for (i = 0; i < nold; i++) {
		const struct store_label_def	*own;

		taker = store_label_def_with_key(a->defs, a->n, old[i].key);
		if (taker == NULL || strcmp(taker->name, old[i].name) == 0)
			continue;
		own = store_label_def_find(a->defs, a->n, old[i].name);
		memset(&c, 0, sizeof(c));
		c.name = old[i].name;
		c.key = "";
		if (store_label_change_run(s, &c, errp) == -1)
			return -1;
		/* One the schema gives a key of its own is told as updated. */
		/* One that --replace removes or keeps is told as that. */
		if ((own == NULL && !a->replace) || (own != NULL &&
		    (own->key == NULL || own->key[0] == '\0')))
			store_label_effect_add(a->out, STORE_LABEL_KEY_TAKEN,
			    old[i].name, taker->name, old[i].key, NULL, 0);
	}
	return 0;
}

static int
store_label_apply_defs(struct store *s, struct store_label_apply_ctx *a,
    const struct store_label *old, size_t nold, char **errp)
{
	const struct store_label_def	*d;
	struct store_label_change	 c;
	const char			*old_key;
	size_t				 i, j;

	for (i = 0; i < a->n; i++) {
		d = &a->defs[i];
		memset(&c, 0, sizeof(c));
		c.name = d->name;
		c.key = d->key;
		c.color = d->color;
		c.description = d->description;
		c.ord = a->replace ? (int)i + 1 : 0;
		if (store_label_change_run(s, &c, errp) == -1)
			return -1;
		old_key = NULL;
		for (j = 0; j < nold; j++)
			if (strcmp(old[j].name, d->name) == 0)
				old_key = old[j].key;
		if (c.added)
			store_label_effect_add(a->out, STORE_LABEL_ADDED,
			    d->name, NULL, d->key, NULL, 0);
		else if (c.changed)
			store_label_effect_add(a->out, STORE_LABEL_UPDATED,
			    d->name, NULL, d->key, old_key, 0);
	}
	return 0;
}

/* --replace: a label the schema leaves out goes, unless spans use it. */
static int
store_label_apply_rest(struct store *s, struct store_label_apply_ctx *a,
    const struct store_label *old, size_t nold, char **errp)
{
	struct store_label_change	 c;
	struct db_stmt			*st;
	int64_t				 uses;
	size_t				 i;
	int				 ord = (int)a->n;

	for (i = 0; i < nold; i++) {
		if (store_label_def_find(a->defs, a->n, old[i].name) != NULL)
			continue;
		if ((st = store_stmt(s, ST_LABEL_USES, errp)) == NULL)
			return -1;
		store_bind_text(st, 1, old[i].name);
		if (store_int(s, st, &uses, NULL, errp) == -1)
			return -1;
		if (uses == 0) {
			if (store_label_remove_txn(s, old[i].name,
			    errp) == -1)
				return -1;
			store_label_effect_add(a->out, STORE_LABEL_REMOVED,
			    old[i].name, NULL, NULL, NULL, 0);
			continue;
		}
		memset(&c, 0, sizeof(c));
		c.name = old[i].name;
		c.ord = ++ord;
		if (store_label_change_run(s, &c, errp) == -1)
			return -1;
		store_label_effect_add(a->out, STORE_LABEL_KEPT, old[i].name,
		    NULL, store_label_def_with_key(a->defs, a->n,
		    old[i].key) != NULL ? "" : old[i].key, NULL, uses);
	}
	return 0;
}

static int
store_label_apply_txn(struct store *s, void *ctx, char **errp)
{
	struct store_label_apply_ctx	*a = ctx;
	struct store_label		*old = NULL;
	size_t				 nold = 0;
	int				 rc = -1;

	/* A retried transaction starts its account again. */
	store_label_effects_free(a->out);
	if (store_label_list(s, &old, &nold, errp) == -1)
		return -1;
	if (store_label_apply_keys(s, a, old, nold, errp) == 0 &&
	    store_label_apply_defs(s, a, old, nold, errp) == 0 &&
	    (!a->replace ||
	    store_label_apply_rest(s, a, old, nold, errp) == 0))
		rc = 0;
	store_labels_free(old, nold);
	return rc;
}

int
store_label_apply(struct store *s, const struct store_label_def *defs,
    size_t n, int replace, struct store_label_effects *out, char **errp)
{
	struct store_label_apply_ctx	 a;
	int				 rc;

	out->v = NULL;
	out->n = 0;
	if (store_label_defs_check(defs, n, errp) == -1)
		return -1;
	if (replace && n == 0)
		return err_set(errp, "a schema with no labels cannot replace "
		    "the labels");
	a.defs = defs;
	a.n = n;
	a.replace = replace;
	a.out = out;
	if ((rc = store_write(s, store_label_apply_txn, &a, errp)) == -1)
		store_label_effects_free(out);
	return rc;
}
