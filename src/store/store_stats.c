/*
 * store_stats.c: the counts of `margin stats`, read in one snapshot so
 * that they agree with each other.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_private.h"

/* A row of ST_STATS_LABELS: the label and its spans by status. */
static void
store_label_stats_from_row(struct db_stmt *q, void *elem)
{
	struct store_label_stats	*l = elem;
	int				 k;

	l->label = store_column_dup(q, 0);
	for (k = 0; k < 3; k++)
		l->spans[k] = (size_t)db_column_int64(q, 1 + k);
}

static void
store_label_stats_clear(void *elem)
{
	struct store_label_stats	*l = elem;

	free(l->label);
}

/* A row of ST_STATS_DAYS. */
static void
store_day_stats_from_row(struct db_stmt *q, void *elem)
{
	struct store_day_stats	*d = elem;

	d->annotator = store_column_dup(q, 0);
	d->day = store_column_dup(q, 1);
	d->done = (size_t)db_column_int64(q, 2);
}

static void
store_day_stats_clear(void *elem)
{
	struct store_day_stats	*d = elem;

	free(d->annotator);
	free(d->day);
}

void
store_stats_free(struct store_stats *st)
{
	size_t	 i;

	for (i = 0; i < st->ndays; i++)
		store_day_stats_clear(&st->days[i]);
	free(st->days);

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
store_stats_annotator(struct store_stats *st, struct db_stmt *row)
{
	const char	*name = (const char *)db_column_text(row, 0);

	if (name == NULL)
		return NULL;
	return bsearch(name, st->annotators, st->nannotators,
	    sizeof(*st->annotators), store_annotator_cmp);
}

static int
store_stats_read(struct store *s, struct store_stats *st, char **errp)
{
	struct store_annotator_stats	*a;
	struct db_stmt			*q;
	char				**names = NULL;
	void				*labels, *days;
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
	while ((rc = db_step(q)) == DB_ROW) {
		if ((a = store_stats_annotator(st, q)) == NULL)
			continue;
		for (k = 0; k < 3; k++)
			a->spans[k] = (size_t)db_column_int64(q, 1 + k);
		a->articles = (size_t)db_column_int64(q, 4);
	}
	store_stmt_done(q);
	if (rc != DB_DONE)
		return store_sql_error(s, errp);
	for (k = 0; k < 2; k++) {
		if ((q = store_stmt(s, k == 0 ? ST_STATS_DONE : ST_STATS_TAGS,
		    errp)) == NULL)
			return -1;
		while ((rc = db_step(q)) == DB_ROW) {
			if ((a = store_stats_annotator(st, q)) == NULL)
				continue;
			if (k == 0)
				a->done = (size_t)db_column_int64(q, 1);
			else
				a->tags = (size_t)db_column_int64(q, 1);
		}
		store_stmt_done(q);
		if (rc != DB_DONE)
			return store_sql_error(s, errp);
	}
	if ((q = store_stmt(s, ST_STATS_DAYS, errp)) == NULL ||
	    store_rows_collect(s, q, sizeof(*st->days),
	    store_day_stats_from_row, store_day_stats_clear, &days,
	    &st->ndays, errp) == -1)
		return -1;
	st->days = days;
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
