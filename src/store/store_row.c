/*
 * store_row.c: what the files of spans, entities and relations share
 * without calling each other: a row changed by one statement with its
 * before and after in history, the relations a deleted span takes with
 * it, and whether a span may link to an entity.  It calls only the
 * statements, history and the helpers below it.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

int
store_row_change(struct store *s, const char *entity, enum store_stmt json,
    int64_t id, enum store_stmt stmt, const char *value, char **errp)
{
	struct db_stmt	*st;
	char		*before = NULL, *after = NULL;
	int		 ok = 0;

	if (store_row_json(s, json, id, NULL, &before, errp) == -1)
		return -1;
	if (before == NULL)
		return err_set(errp, "no %s %" PRId64, entity, id);
	if ((st = store_stmt(s, stmt, errp)) == NULL)
		goto out;
	db_bind_int64(st, 1, id);
	if (value != NULL) {
		store_bind_text(st, 2, value);
		db_bind_int64(st, 3, store_now());
	}
	if (store_run(s, st, errp) == -1)
		goto out;
	if (db_changes(s->db) == 0) {
		ok = 1;
		goto out;
	}
	if (store_row_json(s, json, id, NULL, &after, errp) == -1 ||
	    store_history_add(s, entity, id, after != NULL ? "update" :
	    "delete", before, after, errp) == -1)
		goto out;
	ok = 1;
out:
	free(before);
	free(after);
	return ok ? 0 : -1;
}

int
store_relation_delete_of_span(struct store *s, int64_t span, char **errp)
{
	struct db_stmt	*st;
	int64_t		*ids = NULL;
	size_t		 n = 0, cap = 0, i;
	int		 rc;

	if ((st = store_stmt(s, ST_RELATION_OF_SPAN, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, span);
	while ((rc = db_step(st)) == DB_ROW) {
		ids = array_reserve(ids, &cap, n + 1, sizeof(*ids));
		ids[n++] = db_column_int64(st, 0);
	}
	if (rc != DB_DONE) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		free(ids);
		return -1;
	}
	store_stmt_done(st);
	rc = 0;
	for (i = 0; i < n && rc == 0; i++)
		rc = store_row_change(s, "relation", ST_RELATION_JSON, ids[i],
		    ST_RELATION_DELETE, NULL, errp);
	free(ids);
	return rc;
}

int
store_entity_check(struct store *s, int64_t id, const char *label,
    char **errp)
{
	struct db_stmt	*st;
	const char	*have, *name;
	int		 rc;

	if ((st = store_stmt(s, ST_ENTITY_LABEL, errp)) == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_DONE) {
		store_stmt_done(st);
		return err_set(errp, "no entity %" PRId64, id);
	}
	if (rc != DB_ROW) {
		store_sql_error(s, errp);
		store_stmt_done(st);
		return -1;
	}
	have = (const char *)db_column_text(st, 0);
	name = (const char *)db_column_text(st, 1);
	rc = 0;
	if (label != NULL && (have == NULL || strcmp(have, label) != 0))
		rc = err_set(errp, "entity %" PRId64 " (%s) is a %s, not a %s",
		    id, name != NULL ? name : "", have != NULL ? have : "",
		    label);
	store_stmt_done(st);
	return rc;
}
