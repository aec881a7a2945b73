/*
 * export_common.c: what the writers share: checked writes, and the walk
 * of the article formats over every article with its spans.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"
#include "export_private.h"

/* Where a write failed, so that the message says why ("No space left"). */
int
export_csv_put(FILE *out, const struct buf *b, int *write_errno)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, out) != b->len) {
		*write_errno = errno != 0 ? errno : EIO;
		return -1;
	}
	return 0;
}

/* --- Articles with their spans (jsonl, conll, brat) -------------------- */

/*
 * The article formats need every article the filters select, with its
 * text, and its spans.  The spans come from store_span_foreach() (one
 * snapshot, in article order); the articles without spans are merged in
 * from the filtered article list, read in pages of EXPORT_PAGE, and an
 * article's text is fetched when the walk reaches it, so that memory
 * holds one article at a time.
 *
 * export_write() holds one read transaction around the whole export, so
 * the span walk, the pages and the texts all see one snapshot.
 */
#define EXPORT_PAGE	256

void
export_say(struct article_export *ae, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	if (ae->o->message == NULL)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	ae->o->message(ae->o->ctx, text);
	free(text);
}

int
export_put(struct article_export *ae)
{
	if (export_csv_put(ae->out, &ae->line, &ae->write_errno) == -1)
		return 1;
	buf_truncate(&ae->line, 0);
	return 0;
}

static int
export_listed(const struct article_export *ae, int64_t id)
{
	const struct store_span_filter	*f = &ae->o->filter;
	size_t				 i;

	if (f->articles == NULL)
		return 1;
	for (i = 0; i < f->narticles; i++)
		if (f->articles[i] == id)
			return 1;
	return 0;
}

/* The next article of the filtered list: 1 with *id, 0 at the end, -1.
   The list is read as ids only, a page at a time after the last id. */
static int
export_peek(struct article_export *ae, int64_t *id)
{
	int64_t	 after;

	for (;;) {
		for (; ae->next < ae->npage; ae->next++) {
			if (export_listed(ae, ae->page[ae->next])) {
				*id = ae->page[ae->next];
				return 1;
			}
		}
		if (ae->last_page)
			return 0;
		after = ae->npage > 0 ? ae->page[ae->npage - 1] : 0;
		free(ae->page);
		ae->page = NULL;
		ae->npage = ae->next = 0;
		if (store_article_ids_after(ae->s, &ae->af, after, EXPORT_PAGE,
		    &ae->page, &ae->npage, &ae->err) == -1)
			return -1;
		ae->last_page = ae->npage < EXPORT_PAGE;
	}
}

static int
export_article_open(struct article_export *ae, int64_t id)
{
	memset(&ae->article, 0, sizeof(ae->article));
	if (store_article_text(ae->s, id, &ae->article, &ae->err) == -1) {
		err_prefix(&ae->err, "article %lld", (long long)id);
		return 1;
	}
	ae->open = 1;
	ae->nspans = 0;
	ae->report->articles++;
	return ae->w->begin(ae, &ae->article);
}

static int
export_article_close(struct article_export *ae)
{
	int	 rc;

	if (!ae->open)
		return 0;
	rc = ae->w->end(ae);
	store_article_free(&ae->article);
	ae->open = 0;
	return rc;
}

/* Write the listed articles before id (all of them: INT64_MAX), which
   have no spans; the article id itself is taken off the list. */
static int
export_articles_before(struct article_export *ae, int64_t id)
{
	int64_t	 next;
	int	 rc;

	while ((rc = export_peek(ae, &next)) == 1 && next <= id) {
		ae->next++;
		if (next == id)
			return 0;
		if (export_article_open(ae, next) != 0 ||
		    export_article_close(ae) != 0)
			return 1;
	}
	return rc == -1 ? 1 : 0;
}

static int
export_article_span(void *ctx, const struct store_article *a,
    const struct store_span *sp)
{
	struct article_export	*ae = ctx;

	if (!ae->open || ae->article.id != a->id) {
		if (export_article_close(ae) != 0 ||
		    export_articles_before(ae, a->id) != 0 ||
		    export_article_open(ae, a->id) != 0)
			return 1;
	}
	if (!store_span_fits(sp, ae->article.text, ae->article.text_len)) {
		ae->report->damaged++;
		if (ae->said++ < EXPORT_SAY)
			export_say(ae, "article %lld: span %lld: its bytes "
			    "%zu..%zu do not fit the article's %zu bytes (was "
			    "the database changed by another tool?); left out",
			    (long long)a->id, (long long)sp->id,
			    sp->start_byte, sp->end_byte,
			    ae->article.text_len);
		return 0;
	}
	ae->nspans++;
	ae->report->spans++;
	ARRAY_RESERVE(ae->span_ids, ae->cap_span_ids, ae->nspans);
	ae->span_ids[ae->nspans - 1] = sp->id;
	return ae->w->span(ae, sp);
}

/* Whether the filter's statuses (0: accepted only) take status st. */
int
export_relation_wanted(const struct store_span_filter *f,
    enum store_span_status st)
{
	int	 bits = f->status != 0 ? f->status : 1 << STORE_ACCEPTED;

	return (bits & (1 << st)) != 0;
}

struct span_index {
	int64_t	 id;
	size_t	 index;
};

static int
span_index_compare(const void *pa, const void *pb)
{
	const struct span_index	*a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

static int
span_index_find(const struct span_index *v, size_t n, int64_t id, size_t *i)
{
	struct span_index	 key, *hit;

	key.id = id;
	hit = bsearch(&key, v, n, sizeof(*v), span_index_compare);
	if (hit == NULL)
		return 0;
	*i = hit->index;
	return 1;
}

/*
 * The relations of the article being written that the filters choose
 * (the annotator's, of the statuses asked for), each with the indexes of
 * its spans among those written: fn is called for each, in the store's
 * order.  A relation whose span was left out (by --label, --status or
 * --annotator, or by the writer) is left out too, and counted in
 * ae->relations_dropped.
 */
int
export_relations(struct article_export *ae, export_relation_fn fn)
{
	const struct store_span_filter	*f = &ae->o->filter;
	struct store_relation		*v = NULL;
	struct span_index		*idx;
	size_t				 n = 0, i, k = 0, from, to;
	int				 rc = 0;

	if (store_relation_list(ae->s, ae->article.id, f->annotator,
	    export_relation_wanted(f, STORE_REJECTED), &v, &n, &ae->err) == -1)
		return 1;
	if (n == 0)
		return 0;
	idx = xreallocarray(NULL, ae->nspans + 1, sizeof(*idx));
	for (i = 0; i < ae->nspans; i++)
		if (ae->span_ids[i] != 0) {
			idx[k].id = ae->span_ids[i];
			idx[k].index = i;
			k++;
		}
	qsort(idx, k, sizeof(*idx), span_index_compare);
	for (i = 0; i < n && rc == 0; i++) {
		if (!export_relation_wanted(f, v[i].status))
			continue;
		if (!span_index_find(idx, k, v[i].src, &from) ||
		    !span_index_find(idx, k, v[i].dst, &to)) {
			ae->report->relations_dropped++;
			continue;
		}
		ae->report->relations++;
		rc = fn(ae, &v[i], from, to);
	}
	free(idx);
	store_relations_free(v, n);
	return rc;
}

/* The walk: every article the filters select, with its spans. */
int
export_articles(struct article_export *ae, char **errp)
{
	struct store_span_filter	 f;
	int				 rc;

	ae->af.annotator = ae->o->filter.annotator;
	ae->af.tag = ae->o->filter.tag;
	ae->af.status = ae->o->filter.done ? 1 : 0;
	errno = 0;
	/* Each article is read whole when its first span comes. */
	f = ae->o->filter;
	f.spans_only = 1;
	rc = store_span_foreach(ae->s, &f, export_article_span, ae, &ae->err);
	if (rc == 0)
		rc = export_article_close(ae);
	if (rc == 0)
		rc = export_articles_before(ae, INT64_MAX);
	if (rc != 0 && ae->open) {
		store_article_free(&ae->article);
		ae->open = 0;
	}
	free(ae->page);
	ae->page = NULL;
	if (ae->report->damaged > 0)
		export_say(ae, "%zu span%s whose offsets do not fit the "
		    "article left out", ae->report->damaged,
		    ae->report->damaged == 1 ? "" : "s");
	if (ae->report->relations_dropped > 0)
		export_say(ae, "%zu relation%s left out with a span the "
		    "export leaves out", ae->report->relations_dropped,
		    ae->report->relations_dropped == 1 ? "" : "s");
	free(ae->span_ids);
	ae->span_ids = NULL;
	ae->cap_span_ids = 0;
	if (ae->write_errno == 0 && rc == 0 && ae->out != NULL) {
		errno = 0;
		if (fflush(ae->out) == EOF || ferror(ae->out))
			ae->write_errno = errno != 0 ? errno : EIO;
	}
	if (ae->write_errno != 0) {
		free(ae->err);
		ae->err = NULL;
		return err_set(errp, "write error: %s",
		    strerror(ae->write_errno));
	}
	if (rc != 0) {
		if (ae->err == NULL)
			return err_set(errp, "the export stopped early");
		if (errp != NULL) {
			free(*errp);
			*errp = ae->err;
		} else
			free(ae->err);
		ae->err = NULL;
		return -1;
	}
	return 0;
}

void
export_article_init(struct article_export *ae, struct store *s,
    const struct export_options *o, const struct article_writer *w,
    FILE *out, struct export_report *local)
{
	memset(ae, 0, sizeof(*ae));
	ae->s = s;
	ae->o = o;
	ae->w = w;
	ae->out = out;
	memset(local, 0, sizeof(*local));
	ae->report = o->report != NULL ? o->report : local;
	memset(ae->report, 0, sizeof(*ae->report));
}
