/*
 * gazetteer.c: gazetteer files cut into names, and suggestions from a
 * gazetteer (gazetteer.h).  The names are
 * read once into a matcher (aho.c); the suggestion writer
 * (suggest_writer.c) then reads articles with no write lock (the matches,
 * and what the annotator has there) and writes the suggestions queued in
 * batches of one bulk write, checking again at each place what the
 * annotator has, since it may have changed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "margin/aho.h"
#include "margin/assist.h"
#include "margin/gazetteer.h"
#include "margin/store.h"
#include "margin/util.h"
#include "suggest_writer.h"

/* p without the spaces, tabs and CR around it (cut in place). */
static char *
gazetteer_trim(char *p)
{
	char	*e;

	while (*p == ' ' || *p == '\t')
		p++;
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return p;
}

int
gazetteer_parse(struct gazetteer_file *gf, size_t len, const char *label,
    char **errp)
{
	char	*line, *next, *tab, *name;
	size_t	 lineno = 0;

	if (u8_check((const uint8_t *)gf->data, len) != NULL)
		return err_set(errp, "not UTF-8 text");
	if (memchr(gf->data, '\0', len) != NULL)
		return err_set(errp, "holds a NUL byte: not a text file");
	for (line = gf->data; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (label != NULL) {
			name = gazetteer_trim(line);
			if (*name == '\0' || *name == '#')
				continue;
			ARRAY_RESERVE(gf->v, gf->cap, gf->n + 1);
			gf->v[gf->n].name = name;
			gf->v[gf->n++].label = label;
			continue;
		}
		if (*gazetteer_trim(line) == '\0' ||
		    *gazetteer_trim(line) == '#')
			continue;
		if ((tab = strchr(line, '\t')) == NULL)
			return err_set(errp, "line %zu: expected NAME<TAB>LABEL "
			    "(or give --label)", lineno);
		*tab = '\0';
		name = gazetteer_trim(line);
		if (*name == '\0')
			return err_set(errp, "line %zu: no name before the tab",
			    lineno);
		ARRAY_RESERVE(gf->v, gf->cap, gf->n + 1);
		gf->v[gf->n].name = name;
		gf->v[gf->n++].label = gazetteer_trim(tab + 1);
	}
	return 0;
}

void
gazetteer_file_free(struct gazetteer_file *gf)
{
	free(gf->data);
	free(gf->v);
	memset(gf, 0, sizeof(*gf));
}

/* A key (a name) with a second, third... label. */
struct gazetteer_extra {
	uint32_t	 key;
	uint32_t	 label;
};

struct gazetteer_run {
	struct suggest_writer	 w;
	char			*annotator;
	struct aho		*aho;
	char			**labels;	/* distinct, by index */
	size_t			 nlabels, labels_cap;
	uint32_t		*key_label;	/* per key: its first label */
	size_t			 key_cap, nkeyed;
	struct gazetteer_extra	*extra;		/* sorted by key */
	size_t			 nextra, extra_cap;
};

static uint32_t
gazetteer_label_index(struct gazetteer_run *r, const char *label)
{
	size_t	 i;

	for (i = 0; i < r->nlabels; i++)
		if (strcmp(r->labels[i], label) == 0)
			return (uint32_t)i;
	ARRAY_RESERVE(r->labels, r->labels_cap, r->nlabels + 1);
	r->labels[r->nlabels] = xstrdup(label);
	return (uint32_t)r->nlabels++;
}

static int
gazetteer_name_cb(void *ctx, const char *name, const char *label)
{
	struct gazetteer_run	*r = ctx;
	uint32_t		 key, li;
	size_t			 i;

	key = aho_add(r->aho, name, strlen(name));
	if (key == UINT32_MAX)
		return 0;
	li = gazetteer_label_index(r, label);
	/* Keys come in order 0, 1, 2...: a new one is the next. */
	if (key == r->nkeyed) {
		ARRAY_RESERVE(r->key_label, r->key_cap, key + 1);
		r->key_label[key] = li;
		r->nkeyed++;
		return 0;
	}
	if (r->key_label[key] == li)
		return 0;
	for (i = 0; i < r->nextra; i++)
		if (r->extra[i].key == key && r->extra[i].label == li)
			return 0;
	ARRAY_RESERVE(r->extra, r->extra_cap, r->nextra + 1);
	r->extra[r->nextra].key = key;
	r->extra[r->nextra].label = li;
	r->nextra++;
	return 0;
}

static int
gazetteer_extra_cmp(const void *x, const void *y)
{
	const struct gazetteer_extra	*p = x, *q = y;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return p->label < q->label ? -1 : p->label > q->label;
}

/* The first extra label of key (the end when it has none). */
static struct gazetteer_extra *
gazetteer_extra_first(struct gazetteer_run *r, uint32_t key)
{
	size_t	 lo = 0, hi = r->nextra, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->extra[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return r->extra + lo;
}

static int
gazetteer_read_article(struct suggest_writer *w, int64_t id, char **errp)
{
	struct gazetteer_run	*r = w->source;
	struct store_article	 a;
	struct store_span	*have = NULL;
	struct aho_match	*v = NULL;
	struct gazetteer_extra	*x;
	struct suggest_place	 pl;
	size_t			 n, nhave = 0, i;

	if (store_article_get(w->s, id, NULL, &a, errp) == -1)
		return -1;
	n = aho_search(r->aho, a.text, a.text_len, &v);
	store_article_free(&a);
	if (n > 0 && store_span_find(w->s, id, 0, 0, r->annotator, &have,
	    &nhave, errp) == -1) {
		free(v);
		return -1;
	}
	w->found += n;
	memset(&pl, 0, sizeof(pl));
	pl.article = id;
	for (i = 0; i < n; i++) {
		pl.start = v[i].start;
		pl.end = v[i].end;
		pl.start_byte = v[i].start_byte;
		pl.end_byte = v[i].end_byte;
		pl.label = r->labels[r->key_label[v[i].key]];
		suggest_writer_offer(w, &pl, have, nhave);
		if (r->nextra == 0)
			continue;
		for (x = gazetteer_extra_first(r, v[i].key);
		    x < r->extra + r->nextra && x->key == v[i].key; x++) {
			pl.label = r->labels[x->label];
			suggest_writer_offer(w, &pl, have, nhave);
		}
	}
	store_spans_free(have, nhave);
	free(v);
	return 0;
}

/*
 * Is a suggestion at pl still wanted, now that the lock is held?  Not
 * when the annotator has a span of that label there now, nor one of
 * another label that this gazetteer's runs did not suggest (a name with
 * two labels gets both).
 */
static int
gazetteer_still_wanted(struct suggest_writer *w,
    const struct suggest_place *pl, int *wanted, char **errp)
{
	struct store_span	*have = NULL;
	size_t			 nhave = 0, i;

	*wanted = 1;
	if (store_span_find(w->s, pl->article, pl->start, pl->end,
	    w->annotator, &have, &nhave, errp) == -1)
		return -1;
	for (i = 0; i < nhave; i++)
		if (strcmp(have[i].label, pl->label) == 0 ||
		    have[i].status != STORE_SUGGESTED ||
		    have[i].origin != STORE_GAZETTEER)
			*wanted = 0;
	store_spans_free(have, nhave);
	return 0;
}

static const struct suggest_writer_ops gazetteer_ops = {
	.read_article = gazetteer_read_article,
	.still_wanted = gazetteer_still_wanted,
};

/* The articles of scope, in id order. */
static int
gazetteer_scope_ids(struct store *s, const struct gazetteer_scope *sc,
    int64_t **idsp, size_t *nidsp, char **errp)
{
	struct store_article_filter	 f;
	struct store_article		*rows = NULL;
	int64_t				*ids = NULL;
	size_t				 n = 0, nids = 0, i, j, kept = 0;

	*idsp = NULL;
	*nidsp = 0;
	if (sc->narticles > 0) {
		ids = xreallocarray(NULL, sc->narticles, sizeof(*ids));
		memcpy(ids, sc->articles, sc->narticles * sizeof(*ids));
		nids = sc->narticles;
	} else if (sc->tag == NULL)
		return store_article_ids(s, idsp, nidsp, errp);
	if (sc->tag != NULL) {
		memset(&f, 0, sizeof(f));
		f.tag = sc->tag;
		if (store_article_count(s, &f, &n, errp) == -1 ||
		    store_article_rows(s, &f, 0, n, &rows, &n, errp) == -1) {
			free(ids);
			return -1;
		}
		if (sc->narticles == 0) {
			ids = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*ids));
			for (i = 0; i < n; i++)
				ids[i] = rows[i].id;
			nids = n;
		} else {
			for (i = 0; i < nids; i++)
				for (j = 0; j < n; j++)
					if (rows[j].id == ids[i]) {
						ids[kept++] = ids[i];
						break;
					}
			nids = kept;
		}
		store_article_rows_free(rows, n);
	}
	*idsp = ids;
	*nidsp = nids;
	return 0;
}

int
gazetteer_suggest_start(struct store *s, const char *name,
    const char *annotator, const struct gazetteer_scope *scope,
    struct gazetteer_run **rp, char **errp)
{
	struct gazetteer_run	*r;
	int64_t			*ids = NULL;
	size_t			 nids = 0;
	int			 found, ignore_case, rc;

	*rp = NULL;
	if (store_readonly(s))
		return err_set(errp, "database is read-only");
	r = xcalloc(1, sizeof(*r));
	r->annotator = xstrdup(annotator != NULL ? annotator : store_actor(s));
	suggest_writer_init(&r->w, s, &gazetteer_ops, r, r->annotator,
	    STORE_GAZETTEER);
	/* The case mode is known only once the list is read: the names are
	   read twice when it ignores case, never matched wrongly. */
	r->aho = aho_new(0);
	rc = store_gazetteer_names(s, name, gazetteer_name_cb, r, &found,
	    &ignore_case, errp);
	if (rc == 0 && found && ignore_case) {
		aho_free(r->aho);
		free(r->key_label);
		r->key_label = NULL;
		r->key_cap = r->nkeyed = 0;
		r->nextra = 0;
		r->aho = aho_new(1);
		rc = store_gazetteer_names(s, name, gazetteer_name_cb, r,
		    &found, &ignore_case, errp);
	}
	if (rc == 0 && !found)
		rc = err_set(errp, "no gazetteer named \"%s\" (see margin "
		    "gazetteer list)", name);
	if (rc == 0) {
		rc = gazetteer_scope_ids(s, scope, &ids, &nids, errp);
		suggest_writer_set_articles(&r->w, ids, nids);
	}
	if (rc != 0) {
		gazetteer_suggest_finish(r);
		return -1;
	}
	aho_build(r->aho);
	if (r->nextra > 0)
		qsort(r->extra, r->nextra, sizeof(*r->extra),
		    gazetteer_extra_cmp);
	*rp = r;
	return 0;
}

int
gazetteer_suggest_step(struct gazetteer_run *r, char **errp)
{
	return suggest_writer_step(&r->w, errp);
}

void
gazetteer_suggest_progress(const struct gazetteer_run *r,
    struct assist_progress *pr)
{
	memset(pr, 0, sizeof(*pr));
	pr->articles_done = r->w.next;
	pr->articles = r->w.nids;
	pr->found = r->w.found;
	pr->added = r->w.added;
}

void
gazetteer_suggest_finish(struct gazetteer_run *r)
{
	size_t	 i;

	if (r == NULL)
		return;
	suggest_writer_free(&r->w);
	aho_free(r->aho);
	for (i = 0; i < r->nlabels; i++)
		free(r->labels[i]);
	free(r->labels);
	free(r->key_label);
	free(r->extra);
	free(r->annotator);
	free(r);
}
