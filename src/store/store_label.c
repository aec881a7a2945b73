/*
 * store_label.c: the labels of a database, the kinds of span it knows:
 * listed, added or updated, and removed while no span uses them.
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

int
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
