/*
 * merge.c: `margin merge` (SPEC §10, §16): walk another database's
 * articles in one snapshot and bring each one's text, spans with their
 * entity links, relations, tags and done marks in through the store, a
 * batch of articles per transaction; the entities and relation labels
 * come first.
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

/* An id of the other database and the one the same row has here. */
struct merge_id {
	int64_t	 other;
	int64_t	 here;
};

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
	struct merge_id			*entities;	/* by other */
	size_t				 nentities;
	size_t				 centities;
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

/* The relation labels of other that s lacks, before any relation. */
static int
merge_relation_labels(struct merge_run *run, char **errp)
{
	struct store_relation_label	*mine = NULL, *theirs = NULL;
	size_t				 nmine = 0, ntheirs = 0, i, k;
	int				 rc = -1;

	if (store_relation_label_list(run->s, &mine, &nmine, errp) == -1 ||
	    store_relation_label_list(run->other, &theirs, &ntheirs,
	    errp) == -1)
		goto out;
	for (i = 0; i < ntheirs; i++) {
		for (k = 0; k < nmine; k++)
			if (strcmp(theirs[i].name, mine[k].name) == 0)
				break;
		if (k < nmine)
			continue;
		if (store_relation_label_add(run->s, theirs[i].name,
		    theirs[i].key, theirs[i].symmetric,
		    theirs[i].description, errp) == -1) {
			err_prefix(errp, "relation label %s", theirs[i].name);
			goto out;
		}
		run->r->relation_labels_added++;
	}
	rc = 0;
out:
	store_relation_labels_free(mine, nmine);
	store_relation_labels_free(theirs, ntheirs);
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

/* Where other's id is in v[0..n) (sorted by other), or where it would
   go. */
static size_t
merge_id_find(const struct merge_id *v, size_t n, int64_t other)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].other < other)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
merge_id_cmp(const void *a, const void *b)
{
	const struct merge_id	*x = a, *y = b;

	return x->other < y->other ? -1 : x->other > y->other;
}

/* Begin the batch's transaction unless one is open. */
static int
merge_begin(struct merge_run *run)
{
	if (run->in_txn)
		return 0;
	if (store_txn_begin(run->s, &run->err) == -1)
		return -1;
	run->in_txn = 1;
	return 0;
}

/*
 * The entity here for other's entity id: found by knowledge-base id,
 * else label and name, else made (store_entity_ensure); remembered, so
 * that each is looked up once.
 */
static int
merge_entity_here(struct merge_run *run, int64_t other, int64_t *here)
{
	struct store_entity	 e;
	size_t			 at;
	int			 created = 0;

	at = merge_id_find(run->entities, run->nentities, other);
	if (at < run->nentities && run->entities[at].other == other) {
		*here = run->entities[at].here;
		return 0;
	}
	if (store_entity_get(run->other, other, &e, &run->err) == -1)
		return -1;
	if (store_entity_ensure(run->s, e.label, e.name, e.kb_id, here,
	    &created, &run->err) == -1) {
		err_prefix(&run->err, "entity %s \xe2\x80\x9c%s\xe2\x80\x9d",
		    e.label, e.name);
		store_entity_free(&e);
		return -1;
	}
	store_entity_free(&e);
	if (created)
		run->r->entities_added++;
	else
		run->r->entities_present++;
	ARRAY_RESERVE(run->entities, run->centities, run->nentities + 1);
	memmove(run->entities + at + 1, run->entities + at,
	    (run->nentities - at) * sizeof(*run->entities));
	run->entities[at].other = other;
	run->entities[at].here = *here;
	run->nentities++;
	return 0;
}

/* Every entity of other, those no span names too, in batches. */
static int
merge_entities(struct merge_run *run)
{
	struct store_entity	*v = NULL;
	size_t			 n = 0, i;
	int64_t			 here;
	int			 rc = -1;

	if (store_entity_list(run->other, NULL, 0, &v, &n, &run->err) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (merge_begin(run) == -1 ||
		    merge_entity_here(run, v[i].id, &here) == -1)
			goto out;
		if ((++run->in_batch >= run->batch ||
		    store_batch_due(run->s)) && merge_commit(run) == -1)
			goto out;
	}
	rc = 0;
out:
	store_entities_free(v, n);
	return rc;
}

/* Spans in the order of their merge key: start, end, label, annotator. */
static int
merge_span_key_cmp(const void *a, const void *b)
{
	const struct store_span	*x = a, *y = b;
	int			 c;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if ((c = strcmp(x->label, y->label)) != 0)
		return c;
	return strcmp(x->annotator, y->annotator);
}

/*
 * The link of a span that was here before (the spans added came with
 * theirs): taken when the span here has none, a conflict when it names
 * another entity.
 */
static int
merge_link(struct merge_run *run, int64_t to, const struct store_span *theirs,
    const struct store_span *here)
{
	if (here->entity_id == theirs->entity_id)
		return 0;
	if (here->entity_id != 0) {
		run->r->links_conflicting++;
		merge_conflict(run, "article %" PRId64 ": %s %zu-%zu "
		    "\xe2\x80\x9c%s\xe2\x80\x9d of %s: names "
		    "\xe2\x80\x9c%s\xe2\x80\x9d here, \xe2\x80\x9c%s"
		    "\xe2\x80\x9d there", to, theirs->label, theirs->start,
		    theirs->end, theirs->text, theirs->annotator,
		    here->entity_name, theirs->entity_name);
		return 0;
	}
	if (store_span_link(run->s, here->id, theirs->entity_id,
	    theirs->entity_status, &run->err) == -1)
		return -1;
	run->r->links_added++;
	return 0;
}

/*
 * After the spans of article from (theirs, v[0..n), with res[i] what
 * merging each did) are in article to: their links, then the relations
 * between them.
 */
static int
merge_links_and_relations(struct merge_run *run, int64_t from, int64_t to,
    const struct store_span *v, const enum store_merge_result *res,
    size_t n)
{
	struct store_span	*here = NULL, *h;
	struct store_relation	*rels = NULL, r;
	struct merge_id		*ids;
	enum store_merge_result	 rres;
	size_t			 nhere = 0, nrels = 0, nids = 0, i, a, b;
	int			 rc = -1;

	ids = xcalloc(n ? n : 1, sizeof(*ids));
	if (store_span_find(run->s, to, 0, 0, NULL, &here, &nhere,
	    &run->err) == -1)
		goto out;
	if (nhere > 0)
		qsort(here, nhere, sizeof(*here), merge_span_key_cmp);
	for (i = 0; i < n && nhere > 0; i++) {
		h = bsearch(&v[i], here, nhere, sizeof(*here),
		    merge_span_key_cmp);
		if (h == NULL)
			continue;
		ids[nids].other = v[i].id;
		ids[nids++].here = h->id;
		if (v[i].entity_id == 0)
			continue;
		if (res[i] == STORE_MERGE_ADDED)
			run->r->links_added++;
		else if (merge_link(run, to, &v[i], h) == -1)
			goto out;
	}
	if (nids > 0)
		qsort(ids, nids, sizeof(*ids), merge_id_cmp);

	if (store_relation_list(run->other, from, NULL, 1, &rels, &nrels,
	    &run->err) == -1)
		goto out;
	for (i = 0; i < nrels; i++) {
		a = merge_id_find(ids, nids, rels[i].src);
		b = merge_id_find(ids, nids, rels[i].dst);
		if (a == nids || ids[a].other != rels[i].src ||
		    b == nids || ids[b].other != rels[i].dst) {
			err_set(&run->err, "relation %" PRId64 ": its spans "
			    "did not come over", rels[i].id);
			goto out;
		}
		r = rels[i];
		r.id = 0;
		r.article_id = to;
		r.src = ids[a].here;
		r.dst = ids[b].here;
		if (store_relation_merge(run->s, &r, &rres, NULL,
		    &run->err) == -1) {
			err_prefix(&run->err, "relation %s of %s", r.label,
			    r.annotator);
			goto out;
		}
		if (rres == STORE_MERGE_ADDED)
			run->r->relations_added++;
		else
			run->r->relations_present++;
	}
	rc = 0;
out:
	store_relations_free(rels, nrels);
	store_spans_free(here, nhere);
	free(ids);
	return rc;
}

static int
merge_spans(struct merge_run *run, int64_t from, int64_t to)
{
	struct store_span	*v = NULL, *here = NULL;
	enum store_merge_result	 res, *results = NULL;
	size_t			 n = 0, nhere = 0, i, k;
	int			 rc = -1;

	if (store_span_find(run->other, from, 0, 0, NULL, &v, &n,
	    &run->err) == -1)
		return -1;
	results = xcalloc(n ? n : 1, sizeof(*results));
	for (i = 0; i < n; i++) {
		v[i].article_id = to;
		/* The link, to the same entity here. */
		if (v[i].entity_id != 0 && merge_entity_here(run,
		    v[i].entity_id, &v[i].entity_id) == -1)
			goto out;
		if (store_span_merge(run->s, &v[i], &res, NULL,
		    &run->err) == -1) {
			err_prefix(&run->err, "span %zu-%zu %s of %s",
			    v[i].start, v[i].end, v[i].label, v[i].annotator);
			goto out;
		}
		results[i] = res;
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
	if (merge_links_and_relations(run, from, to, v, results, n) == -1)
		goto out;
	rc = 0;
out:
	free(results);
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

/* One article of the other database (a callback of its walk). */
static int
merge_article(void *ctx, const struct store_article *a)
{
	struct merge_run	*run = ctx;
	int64_t			 id;
	int			 duplicate;

	if (merge_begin(run) == -1)
		return -1;
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
	char		*x, *y;
	int		 same;

	if (strcmp(store_path(s), ":memory:") == 0)
		return 0;
	/* Two servers' databases: the same host, port, database and
	   user. */
	if (store_is_server(store_path(s)) || store_is_server(path)) {
		x = store_describe(store_path(s));
		y = store_describe(path);
		same = strcmp(x, y) == 0;
		free(x);
		free(y);
		return same;
	}
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
	if (merge_same_file(s, other_path)) {
		char	*shown = store_describe(other_path);

		err_set(errp, "%s is this database", shown);
		free(shown);
		return -1;
	}
	memset(&run, 0, sizeof(run));
	run.s = s;
	run.o = o;
	run.r = r;
	run.batch = o != NULL && o->batch > 0 ? o->batch : MERGE_BATCH;
	/* Only read, and leave no -wal or -shm beside it. */
	if (store_open(&run.other, other_path, store_actor(s),
	    STORE_READONLY | STORE_UNTOUCHED, errp) == -1) {
		char	*shown = store_describe(other_path);

		err_prefix(errp, "%s", shown);
		free(shown);
		return -1;
	}
	if (merge_labels(&run, errp) == -1 ||
	    merge_relation_labels(&run, errp) == -1) {
		store_close(run.other);
		return -1;
	}
	run.committed = *r;
	rc = merge_entities(&run);
	if (rc == 0)
		rc = store_article_foreach(run.other, merge_article, &run,
		    errp);
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
	free(run.entities);
	store_close(run.other);
	return rc;
}
