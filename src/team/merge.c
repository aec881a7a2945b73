/*
 * merge.c: `margin merge` (SPEC §10): walk another database's articles in
 * one snapshot and bring each one's text, spans, tags and done marks in
 * through the store, a batch of articles per transaction.
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/merge.h"
#include "margin/store.h"
#include "margin/util.h"

#define MERGE_BATCH	200

struct merge_run {
	struct store			*s;
	struct store			*other;
	const struct merge_options	*o;
	struct merge_report		*r;
	struct merge_report		 committed;	/* r as of the last
							   commit */
	size_t				 batch;
	size_t				 in_batch;
	int				 in_txn;
	char				*err;
};

static void
merge_conflict(struct merge_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
merge_conflict(struct merge_run *run, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	if (run->o == NULL || run->o->conflict == NULL)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	run->o->conflict(run->o->ctx, text);
	free(text);
}

/* The labels of other that s lacks, before any span needs them. */
static int
merge_labels(struct merge_run *run, char **errp)
{
	struct store_label	*mine = NULL, *theirs = NULL;
	size_t			 nmine = 0, ntheirs = 0, i, k;
	int			 rc = -1;

	if (store_label_list(run->s, &mine, &nmine, errp) == -1 ||
	    store_label_list(run->other, &theirs, &ntheirs, errp) == -1)
		goto out;
	for (i = 0; i < ntheirs; i++) {
		for (k = 0; k < nmine; k++)
			if (strcmp(theirs[i].name, mine[k].name) == 0)
				break;
		if (k < nmine)
			continue;
		if (store_label_add(run->s, theirs[i].name, theirs[i].key,
		    theirs[i].color, theirs[i].description, errp) == -1) {
			err_prefix(errp, "label %s", theirs[i].name);
			goto out;
		}
		run->r->labels_added++;
	}
	rc = 0;
out:
	store_labels_free(mine, nmine);
	store_labels_free(theirs, ntheirs);
	return rc;
}

static int
merge_spans(struct merge_run *run, int64_t from, int64_t to)
{
	struct store_span	*v = NULL, *here = NULL;
	enum store_merge_result	 res;
	size_t			 n = 0, nhere = 0, i, k;
	int			 rc = -1;

	if (store_span_find(run->other, from, 0, 0, NULL, &v, &n,
	    &run->err) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].article_id = to;
		if (store_span_merge(run->s, &v[i], &res, NULL,
		    &run->err) == -1) {
			err_prefix(&run->err, "span %zu-%zu %s of %s",
			    v[i].start, v[i].end, v[i].label, v[i].annotator);
			goto out;
		}
		if (res == STORE_MERGE_ADDED)
			run->r->spans_added++;
		else if (res == STORE_MERGE_PRESENT)
			run->r->spans_present++;
		else {
			run->r->spans_conflicting++;
			if (run->o == NULL || run->o->conflict == NULL)
				continue;
			/* Say what differs: the first span here with the
			   key. */
			if (store_span_find(run->s, to, v[i].start, v[i].end,
			    v[i].annotator, &here, &nhere, &run->err) == -1)
				goto out;
			for (k = 0; k < nhere; k++)
				if (strcmp(here[k].label, v[i].label) == 0)
					break;
			if (k < nhere)
				merge_conflict(run, "article %" PRId64
				    ": %s %zu-%zu \xe2\x80\x9c%s\xe2\x80\x9d of"
				    " %s: %s, note \xe2\x80\x9c%s\xe2\x80\x9d "
				    "here; %s, note \xe2\x80\x9c%s\xe2\x80\x9d "
				    "there", to, v[i].label, v[i].start,
				    v[i].end, v[i].text, v[i].annotator,
				    store_status_name(here[k].status),
				    here[k].note,
				    store_status_name(v[i].status), v[i].note);
			store_spans_free(here, nhere);
			here = NULL;
			nhere = 0;
		}
	}
	rc = 0;
out:
	store_spans_free(here, nhere);
	store_spans_free(v, n);
	return rc;
}

static int
merge_tags_and_marks(struct merge_run *run, int64_t from, int64_t to)
{
	struct store_tag	*t = NULL;
	struct store_status	*m = NULL;
	enum store_merge_result	 res;
	size_t			 nt = 0, nm = 0, i;
	int			 rc = -1;

	if (store_tag_rows(run->other, from, &t, &nt, &run->err) == -1 ||
	    store_status_rows(run->other, from, &m, &nm, &run->err) == -1)
		goto out;
	for (i = 0; i < nt; i++) {
		if (store_tag_merge(run->s, to, t[i].tag, t[i].annotator,
		    t[i].created_at, &res, &run->err) == -1) {
			err_prefix(&run->err, "tag %s of %s", t[i].tag,
			    t[i].annotator);
			goto out;
		}
		if (res == STORE_MERGE_ADDED)
			run->r->tags_added++;
		else
			run->r->tags_present++;
	}
	for (i = 0; i < nm; i++) {
		if (store_status_merge(run->s, to, m[i].annotator, m[i].done,
		    m[i].updated_at, &res, &run->err) == -1) {
			err_prefix(&run->err, "done mark of %s",
			    m[i].annotator);
			goto out;
		}
		if (res == STORE_MERGE_ADDED)
			run->r->marks_added++;
		else if (res == STORE_MERGE_PRESENT)
			run->r->marks_present++;
		else {
			run->r->marks_conflicting++;
			merge_conflict(run, "article %" PRId64 ": %s marked "
			    "it %s there, not here", to, m[i].annotator,
			    m[i].done ? "done" : "todo");
		}
	}
	rc = 0;
out:
	store_tag_rows_free(t, nt);
	store_status_rows_free(m, nm);
	return rc;
}

static int
merge_commit(struct merge_run *run)
{
	if (!run->in_txn)
		return 0;
	run->in_txn = 0;
	run->in_batch = 0;
	if (store_txn_commit(run->s, &run->err) == -1) {
		err_prefix(&run->err, "committing a batch");
		return -1;
	}
	run->committed = *run->r;
	if (run->o != NULL && run->o->progress != NULL)
		run->o->progress(run->o->ctx, run->r);
	return 0;
}

/* One article of the other database (a callback of its walk). */
static int
merge_article(void *ctx, const struct store_article *a)
{
	struct merge_run	*run = ctx;
	int64_t			 id;
	int			 duplicate;

	if (!run->in_txn) {
		if (store_txn_begin(run->s, &run->err) == -1)
			return -1;
		run->in_txn = 1;
	}
	if (store_article_add(run->s, a->title, a->source, a->text,
	    a->text_len, a->meta, &id, &duplicate, &run->err) == -1) {
		err_prefix(&run->err, "article %" PRId64, a->id);
		return -1;
	}
	if (duplicate)
		run->r->articles_present++;
	else
		run->r->articles_added++;
	if (merge_spans(run, a->id, id) == -1 ||
	    merge_tags_and_marks(run, a->id, id) == -1) {
		err_prefix(&run->err, "article %" PRId64, a->id);
		return -1;
	}
	if (++run->in_batch >= run->batch || store_batch_due(run->s)) {
		if (merge_commit(run) == -1)
			return -1;
	}
	if (run->o != NULL && run->o->stop != NULL &&
	    run->o->stop(run->o->ctx)) {
		if (merge_commit(run) == -1)
			return -1;
		run->r->stopped = 1;
		return 1;	/* the walk ends here, cleanly */
	}
	return 0;
}

/* Is path the very file this store has open? */
static int
merge_same_file(struct store *s, const char *path)
{
	struct stat	 a, b;

	if (strcmp(store_path(s), ":memory:") == 0)
		return 0;
	if (stat(store_path(s), &a) == -1 || stat(path, &b) == -1)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
merge_database(struct store *s, const char *other_path,
    const struct merge_options *o, struct merge_report *r, char **errp)
{
	struct merge_run	 run;
	int			 rc;

	memset(r, 0, sizeof(*r));
	if (store_readonly(s))
		return err_set(errp, "database is read-only");
	if (merge_same_file(s, other_path))
		return err_set(errp, "%s is this database", other_path);
	memset(&run, 0, sizeof(run));
	run.s = s;
	run.o = o;
	run.r = r;
	run.batch = o != NULL && o->batch > 0 ? o->batch : MERGE_BATCH;
	/* Only read, and leave no -wal or -shm beside it. */
	if (store_open(&run.other, other_path, store_actor(s),
	    STORE_READONLY | STORE_UNTOUCHED, errp) == -1) {
		err_prefix(errp, "%s", other_path);
		return -1;
	}
	if (merge_labels(&run, errp) == -1) {
		store_close(run.other);
		return -1;
	}
	run.committed = *r;
	rc = store_article_foreach(run.other, merge_article, &run, errp);
	if (rc == 1 && r->stopped)
		rc = 0;
	if (rc == 0)
		rc = merge_commit(&run);
	if (rc != 0) {
		/* The batch in progress is gone, and so is its count. */
		store_txn_rollback(s);
		*r = run.committed;
		/* The walk's own error is in *errp; ours in run.err. */
		if (run.err != NULL && errp != NULL) {
			free(*errp);
			*errp = run.err;
			run.err = NULL;
		}
		rc = -1;
	}
	free(run.err);
	store_close(run.other);
	return rc;
}
