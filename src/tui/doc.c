/*
 * doc.c: an opened article as data (see doc.h).  Paragraph layout and
 * words are computed on demand and kept in a small direct-mapped cache, so
 * that opening, scrolling and jumping to the end of a huge article touch
 * only the paragraphs involved.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "margin/search.h"
#include "margin/util.h"

static void	doc_cache_clear(struct doc *d);
static void	doc_selection_update(struct doc *d);
static void	doc_index_spans(struct doc *d);
static void	doc_index_insert(struct doc *d, size_t at);
static void	doc_para_wrap_range(struct doc *d, struct doc_cache *c,
		    size_t lo, size_t hi);
static void	doc_rewrap(struct doc *d);
static void	doc_rewrap_range(struct doc *d, size_t lo, size_t hi);

void
doc_init(struct doc *d)
{
	size_t	 i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < DOC_CACHE_SIZE; i++)
		d->cache[i].para = SIZE_MAX;
	d->width = 80;
	d->height = 20;
	d->goal_col = -1;
}

int
doc_is_open(const struct doc *d)
{
	return d->article.text != NULL;
}

void
doc_close(struct doc *d)
{
	int	 width = d->width, height = d->height;

	doc_cache_clear(d);
	store_article_free(&d->article);
	text_offsets_free(&d->offsets);
	free(d->para_start);
	store_spans_free(d->spans, d->nspans);
	store_relations_free(d->relations, d->nrelations);
	free(d->by_end);
	free(d->tag_width);
	free(d->view);
	{
		int	 inl = d->inline_labels;

		doc_init(d);
		d->inline_labels = inl;
	}
	d->width = width;
	d->height = height;
}

static void
doc_split_paragraphs(struct doc *d)
{
	const char	*text = d->article.text, *nl;
	size_t		 len = d->article.text_len, cap = 0, pos = 0;

	d->para_start = NULL;
	d->npara = 0;
	for (;;) {
		ARRAY_RESERVE(d->para_start, cap, d->npara + 1);
		d->para_start[d->npara++] = pos;
		nl = memchr(text + pos, '\n', len - pos);
		if (nl == NULL)
			break;
		pos = (size_t)(nl - text) + 1;
	}
	/* A final LF ends the last paragraph; it does not start an empty one. */
	if (d->npara > 1 && d->para_start[d->npara - 1] == len)
		d->npara--;
}

int
doc_open(struct doc *d, struct store *s, int64_t id, const char *annotator,
    const char *view, char **errp)
{
	struct store_article	 a;

	memset(&a, 0, sizeof(a));
	if (store_article_get(s, id, annotator, &a, errp) == -1)
		return -1;
	doc_close(d);
	d->article = a;
	text_offsets_init(&d->offsets, a.text, a.text_len);
	doc_split_paragraphs(d);
	d->view = view ? xstrdup(view) : NULL;
	if (doc_reload_spans(d, s, errp) == -1) {
		doc_close(d);
		return -1;
	}
	d->top.para = 0;
	d->top.row = 0;
	d->has_cursor = 0;
	doc_top(d);
	return 0;
}

int
doc_set_view(struct doc *d, struct store *s, const char *view, char **errp)
{
	free(d->view);
	d->view = view ? xstrdup(view) : NULL;
	return doc_reload_spans(d, s, errp);
}


/* The relations of the spans loaded (one whose span is not loaded, being
   another annotator's or left out, is not shown). */
static int
doc_reload_relations(struct doc *d, struct store *s, char **errp)
{
	struct store_relation	*v = NULL;
	size_t			 n = 0, i, j;

	if (store_relation_list(s, d->article.id, d->view, 0, &v, &n,
	    errp) == -1)
		return -1;
	for (i = j = 0; i < n; i++) {
		if (doc_span_index(d, v[i].src) >= 0 &&
		    doc_span_index(d, v[i].dst) >= 0)
			v[j++] = v[i];
		else
			store_relation_free(&v[i]);
	}
	store_relations_free(d->relations, d->nrelations);
	d->relations = v;
	d->nrelations = j;
	return 0;
}

/* Whether two spans are drawn alike inline (bounds, label, status). */
static int
doc_span_same(const struct store_span *a, const struct store_span *b)
{
	return a->start_byte == b->start_byte && a->end_byte == b->end_byte &&
	    a->status == b->status && strcmp(a->label, b->label) == 0;
}

static void
doc_range_add(const struct store_span *v, size_t from, size_t to, size_t *lo,
    size_t *hi)
{
	for (; from < to; from++) {
		if (v[from].start_byte < *lo)
			*lo = v[from].start_byte;
		if (v[from].end_byte > *hi)
			*hi = v[from].end_byte;
	}
}

/*
 * Where the spans a (text order) and b differ for the inline labels: the
 * bytes [*lo, *hi] that hold every span of either list outside their
 * common first and last runs.  0 when they are drawn alike.
 */
static int
doc_spans_differ(const struct store_span *a, size_t na,
    const struct store_span *b, size_t nb, size_t *lo, size_t *hi)
{
	size_t	 i = 0, ea = na, eb = nb;

	while (i < na && i < nb && doc_span_same(&a[i], &b[i]))
		i++;
	if (i == na && i == nb)
		return 0;
	while (ea > i && eb > i && doc_span_same(&a[ea - 1], &b[eb - 1]))
		ea--, eb--;
	*lo = SIZE_MAX;
	*hi = 0;
	doc_range_add(a, i, ea, lo, hi);
	doc_range_add(b, i, eb, lo, hi);
	return 1;
}

int
doc_reload_spans(struct doc *d, struct store *s, char **errp)
{
	struct store_span	*v = NULL;
	size_t			 n = 0, i, j, lo = 0, hi = 0;
	int			 changed;

	if (!doc_is_open(d))
		return 0;
	if (store_span_list(s, d->article.id, d->view, &v, &n, errp) == -1)
		return -1;
	/* Rows another tool broke would have the reader slice past the
	   text: they are left out, and counted for the status line. */
	d->ndamaged = 0;
	for (i = j = 0; i < n; i++) {
		if (store_span_fits(&v[i], d->article.text,
		    d->article.text_len))
			v[j++] = v[i];
		else {
			store_span_free(&v[i]);
			d->ndamaged++;
		}
	}
	/* Inline labels take columns: the rows change with the spans, in
	   the paragraphs where spans changed. */
	changed = doc_spans_differ(d->spans, d->nspans, v, j, &lo, &hi);
	store_spans_free(d->spans, d->nspans);
	d->spans = v;
	d->nspans = j;
	doc_index_spans(d);
	if (d->inline_labels && changed)
		doc_rewrap_range(d, lo, hi);
	return doc_reload_relations(d, s, errp);
}

/* Paragraph cache. */

static const struct doc *doc_sort_ctx;

/* By end; of those that end together the one that starts last (the
   innermost) first, then the later row. */
static int
doc_by_end_cmp(const void *a, const void *b)
{
	const struct store_span	*x = &doc_sort_ctx->spans[*(const size_t *)a];
	const struct store_span	*y = &doc_sort_ctx->spans[*(const size_t *)b];

	if (x->end_byte != y->end_byte)
		return x->end_byte < y->end_byte ? -1 : 1;
	if (x->start_byte != y->start_byte)
		return x->start_byte > y->start_byte ? -1 : 1;
	return *(const size_t *)a > *(const size_t *)b ? -1 :
	    *(const size_t *)a < *(const size_t *)b;
}

/* The columns of span i's inline tag. */
static int
doc_tag_width(const struct doc *d, size_t i)
{
	char	*tag = doc_inline_tag(d, i);
	int	 w = text_width(tag, strlen(tag), 0);

	free(tag);
	return w;
}

static void
doc_index_spans(struct doc *d)
{
	size_t	 i;

	free(d->by_end);
	free(d->tag_width);
	d->by_end = xreallocarray(NULL, d->nspans ? d->nspans : 1,
	    sizeof(*d->by_end));
	d->tag_width = xreallocarray(NULL, d->nspans ? d->nspans : 1,
	    sizeof(*d->tag_width));
	for (i = 0; i < d->nspans; i++) {
		d->by_end[i] = i;
		d->tag_width[i] = doc_tag_width(d, i);
	}
	doc_sort_ctx = d;
	qsort(d->by_end, d->nspans, sizeof(*d->by_end), doc_by_end_cmp);
	doc_sort_ctx = NULL;
}

/* Span at was put into d->spans: the tag widths and the order by end
   follow it, without indexing every span again. */
static void
doc_index_insert(struct doc *d, size_t at)
{
	size_t	 n = d->nspans, i, k;

	d->tag_width = xreallocarray(d->tag_width, n, sizeof(*d->tag_width));
	memmove(&d->tag_width[at + 1], &d->tag_width[at], (n - 1 - at) *
	    sizeof(*d->tag_width));
	d->tag_width[at] = doc_tag_width(d, at);
	d->by_end = xreallocarray(d->by_end, n, sizeof(*d->by_end));
	for (i = 0; i + 1 < n; i++)
		if (d->by_end[i] >= at)
			d->by_end[i]++;
	doc_sort_ctx = d;
	for (k = 0; k + 1 < n && doc_by_end_cmp(&at, &d->by_end[k]) > 0; k++)
		;
	doc_sort_ctx = NULL;
	memmove(&d->by_end[k + 1], &d->by_end[k], (n - 1 - k) *
	    sizeof(*d->by_end));
	d->by_end[k] = at;
}

char *
doc_inline_tag(const struct doc *d, size_t i)
{
	const struct store_span	*sp = &d->spans[i];
	char			*label = text_sanitize(sp->label,
	    strlen(sp->label)), *tag;
	size_t			 n = strlen(label);

	/* "]" label "?": drawn for every span on a row drawn, so no printf. */
	tag = xmalloc(n + 3);
	tag[0] = ']';
	memcpy(tag + 1, label, n);
	if (sp->status == STORE_SUGGESTED)
		tag[1 + n++] = '?';
	tag[1 + n] = '\0';
	free(label);
	return tag;
}

size_t
doc_spans_opening(const struct doc *d, size_t start, size_t end,
    size_t *first)
{
	size_t	 lo = 0, hi = d->nspans, n;

	/* The first span that starts at or after start. */
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (d->spans[mid].start_byte < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (n = 0; lo + n < d->nspans && d->spans[lo + n].start_byte < end;)
		n++;
	return n;
}

size_t
doc_spans_closing(const struct doc *d, size_t start, size_t end,
    const size_t **idx)
{
	size_t	 lo = 0, hi = d->nspans, n;

	/* The first span that ends after start. */
	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (d->spans[d->by_end[mid]].end_byte <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	*idx = d->by_end + lo;
	for (n = 0; lo + n < d->nspans &&
	    d->spans[d->by_end[lo + n]].end_byte <= end;)
		n++;
	return n;
}

void
doc_decoration(const struct doc *d, size_t start, size_t end, int *before,
    int *after)
{
	const size_t	*idx;
	size_t		 first, n, i;

	*before = *after = 0;
	if (!d->inline_labels || d->nspans == 0)
		return;
	n = doc_spans_opening(d, start, end, &first);
	for (i = 0; i < n; i++)
		/* An empty span has nothing to bracket: no decoration. */
		if (d->spans[first + i].end_byte > d->spans[first + i].start_byte)
			(*before)++;
	n = doc_spans_closing(d, start, end, &idx);
	for (i = 0; i < n; i++)
		if (d->spans[idx[i]].end_byte > d->spans[idx[i]].start_byte)
			*after += d->tag_width[idx[i]];
}

/* The wrap's callback: offsets of one paragraph made absolute. */
struct doc_deco_ctx {
	const struct doc	*d;
	size_t			 base;
};

static void
doc_deco_cb(void *ctx, size_t start, size_t end, int *before, int *after)
{
	const struct doc_deco_ctx *c = ctx;

	doc_decoration(c->d, c->base + start, c->base + end, before, after);
}

static void
doc_cache_slot_clear(struct doc_cache *c)
{
	free(c->rows);
	free(c->words);
	memset(c, 0, sizeof(*c));
	c->para = SIZE_MAX;
}

static void
doc_cache_clear(struct doc *d)
{
	size_t	 i;

	for (i = 0; i < DOC_CACHE_SIZE; i++)
		doc_cache_slot_clear(&d->cache[i]);
}

size_t
doc_para_end(const struct doc *d, size_t para)
{
	size_t	 len = d->article.text_len;

	if (para + 1 < d->npara)
		return d->para_start[para + 1] - 1;
	/* The last paragraph ends before a final LF. */
	if (len > d->para_start[para] && d->article.text[len - 1] == '\n')
		return len - 1;
	return len;
}

/* The rows of the paragraph in slot c, at the doc's width. */
static void
doc_para_wrap(struct doc *d, struct doc_cache *c)
{
	size_t	 start = d->para_start[c->para], end = doc_para_end(d, c->para);
	size_t	 i;

	free(c->rows);
	c->rows = NULL;
	if (d->inline_labels && d->nspans > 0) {
		struct doc_deco_ctx	 dc = { d, start };

		c->nrows = text_wrap_deco(d->article.text + start,
		    end - start, d->width, doc_deco_cb, &dc, &c->rows);
	} else
		c->nrows = text_wrap(d->article.text + start, end - start,
		    d->width, &c->rows);
	for (i = 0; i < c->nrows; i++) {
		c->rows[i].start += start;
		c->rows[i].end += start;
	}
	c->width = d->width;
	c->wrapped = 1;
}

/* The wrap of the paragraph's bytes from..to, offsets made absolute. */
static size_t
doc_wrap_part(struct doc *d, size_t from, size_t to, struct text_row **rows)
{
	struct doc_deco_ctx	 dc;
	size_t			 n, i;

	dc.d = d;
	dc.base = from;
	n = text_wrap_deco(d->article.text + from, to - from, d->width,
	    doc_deco_cb, &dc, rows);
	for (i = 0; i < n; i++) {
		(*rows)[i].start += from;
		(*rows)[i].end += from;
	}
	return n;
}

/*
 * Slot c's rows again where the decorations of bytes lo..hi changed.  The
 * wrap is greedy and starts each row afresh, so: the rows before the one
 * before lo's row stay (a wider decoration pushes text down; a narrower
 * one may pull the first word of lo's row up, never further), and after
 * hi, from the first new row that ends where an old one ended, the old
 * rows stay too.  Wrapped are those between, and two rows past hi's row
 * to find the place where they meet again (else the paragraph's rest).
 */
static void
doc_para_wrap_range(struct doc *d, struct doc_cache *c, size_t lo, size_t hi)
{
	struct text_row	*mid = NULL, *rows;
	size_t		 k = 0, j, m, r, from, to, end, n, cut, keep, total;

	if (!(d->inline_labels && d->nspans > 0) || c->nrows == 0) {
		doc_para_wrap(d, c);
		return;
	}
	while (k < c->nrows && c->rows[k].end <= lo)
		k++;
	if (k > 0)
		k--;
	if (k >= c->nrows)
		k = c->nrows - 1;
	from = c->rows[k].start;
	end = doc_para_end(d, c->para);
	for (j = k; j < c->nrows && c->rows[j].end <= hi; j++)
		;
	to = j + 2 < c->nrows ? c->rows[j + 2].end : end;
	n = doc_wrap_part(d, from, to, &mid);
	cut = n;
	keep = c->nrows;
	if (to < end) {
		keep = SIZE_MAX;
		for (r = 0, m = j; r + 1 < n && keep == SIZE_MAX; r++) {
			if (mid[r].end <= hi)
				continue;
			while (m < c->nrows && c->rows[m].end < mid[r].end)
				m++;
			if (m + 1 < c->nrows && c->rows[m].end == mid[r].end) {
				cut = r + 1;
				keep = m + 1;
			}
		}
		if (keep == SIZE_MAX) {
			free(mid);
			n = cut = doc_wrap_part(d, from, end, &mid);
			keep = c->nrows;
		}
	}
	total = k + cut + (c->nrows - keep);
	rows = xreallocarray(NULL, total ? total : 1, sizeof(*rows));
	memcpy(rows, c->rows, k * sizeof(*rows));
	memcpy(rows + k, mid, cut * sizeof(*rows));
	memcpy(rows + k + cut, c->rows + keep, (c->nrows - keep) *
	    sizeof(*rows));
	free(mid);
	free(c->rows);
	c->rows = rows;
	c->nrows = total;
}

/* The words of the paragraph in slot c (they do not change with the
   width or the spans). */
static void
doc_para_words(struct doc *d, struct doc_cache *c)
{
	size_t			 start = d->para_start[c->para];
	size_t			 end = doc_para_end(d, c->para), i, n;
	struct text_token	*tokens = NULL;

	n = text_tokens(d->article.text + start, end - start, &tokens);
	c->words = xreallocarray(NULL, n, sizeof(*c->words));
	c->nwords = 0;
	for (i = 0; i < n; i++) {
		if (tokens[i].kind != TEXT_TOKEN_WORD)
			continue;
		c->words[c->nwords] = tokens[i];
		c->words[c->nwords].start += start;
		c->words[c->nwords].end += start;
		c->nwords++;
	}
	free(tokens);
}

static struct doc_cache *
doc_para(struct doc *d, size_t para)
{
	struct doc_cache	*c = &d->cache[para % DOC_CACHE_SIZE];

	if (c->para == para && c->wrapped && c->width == d->width)
		return c;
	if (c->para != para) {
		doc_cache_slot_clear(c);
		c->para = para;
	}
	doc_para_wrap(d, c);
	return c;
}

/* The same, with the paragraph's words: only what the cursor visits
   needs them, not every paragraph drawn. */
static struct doc_cache *
doc_para_words_of(struct doc *d, size_t para)
{
	struct doc_cache	*c = doc_para(d, para);

	if (!c->has_words) {
		doc_para_words(d, c);
		c->has_words = 1;
	}
	return c;
}

size_t
doc_para_nrows(struct doc *d, size_t para)
{
	return doc_para(d, para)->nrows;
}

struct text_row
doc_para_row(struct doc *d, size_t para, size_t row)
{
	return doc_para(d, para)->rows[row];
}

void
doc_set_size(struct doc *d, int width, int height)
{
	struct text_row	 r;
	size_t		 anchor = 0;

	if (width < 1)
		width = 1;
	if (height < 1)
		height = 1;
	if (doc_is_open(d) && width != d->width) {
		r = doc_para_row(d, d->top.para, d->top.row);
		anchor = r.start;
	}
	d->height = height;
	if (width == d->width)
		return;
	d->width = width;
	if (doc_is_open(d)) {
		d->top = doc_pos_of(d, anchor);
		d->goal_col = -1;
	}
}

/* Wrap again (the decorations changed), keeping the top row's text. */
static void
doc_rewrap(struct doc *d)
{
	size_t	 anchor;

	if (!doc_is_open(d)) {
		doc_cache_clear(d);
		return;
	}
	if (d->top.para >= d->npara)
		d->top.para = 0, d->top.row = 0;
	if (d->top.row >= doc_para_nrows(d, d->top.para))
		d->top.row = 0;
	anchor = doc_para_row(d, d->top.para, d->top.row).start;
	doc_cache_clear(d);
	d->top = doc_pos_of(d, anchor);
	d->goal_col = -1;
}

/* Wrap again the paragraphs that hold a byte of [lo, hi] (their
   decorations changed), keeping the top row's text. */
static void
doc_rewrap_range(struct doc *d, size_t lo, size_t hi)
{
	size_t	 anchor, i;

	if (d->top.para >= d->npara)
		d->top.para = 0, d->top.row = 0;
	if (d->top.row >= doc_para_nrows(d, d->top.para))
		d->top.row = 0;
	anchor = doc_para_row(d, d->top.para, d->top.row).start;
	for (i = 0; i < DOC_CACHE_SIZE; i++) {
		struct doc_cache	*c = &d->cache[i];

		if (c->para == SIZE_MAX || doc_para_end(d, c->para) < lo ||
		    d->para_start[c->para] > hi)
			continue;
		if (c->wrapped && c->width == d->width)
			doc_para_wrap_range(d, c, lo, hi);
		else
			c->wrapped = 0;
	}
	d->top = doc_pos_of(d, anchor);
	d->goal_col = -1;
}

void
doc_set_inline(struct doc *d, int on)
{
	on = on != 0;
	if (on == d->inline_labels)
		return;
	d->inline_labels = on;
	doc_rewrap(d);
}

int
doc_pos_cmp(struct doc_pos a, struct doc_pos b)
{
	if (a.para != b.para)
		return a.para < b.para ? -1 : 1;
	if (a.row != b.row)
		return a.row < b.row ? -1 : 1;
	return 0;
}

int
doc_pos_next(struct doc *d, struct doc_pos *p)
{
	if (p->row + 1 < doc_para_nrows(d, p->para)) {
		p->row++;
		return 1;
	}
	if (p->para + 1 < d->npara) {
		p->para++;
		p->row = 0;
		return 1;
	}
	return 0;
}

int
doc_pos_prev(struct doc *d, struct doc_pos *p)
{
	if (p->row > 0) {
		p->row--;
		return 1;
	}
	if (p->para > 0) {
		p->para--;
		p->row = doc_para_nrows(d, p->para) - 1;
		return 1;
	}
	return 0;
}

static size_t
doc_para_of(const struct doc *d, size_t off)
{
	size_t	 lo = 0, hi = d->npara;

	/* The last paragraph that starts at or before off. */
	while (hi - lo > 1) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (d->para_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct doc_pos
doc_pos_of(struct doc *d, size_t off)
{
	struct doc_pos		 p;
	struct doc_cache	*c;
	size_t			 lo, hi;

	p.para = doc_para_of(d, off);
	c = doc_para(d, p.para);
	lo = 0;
	hi = c->nrows;
	while (hi - lo > 1) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (c->rows[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	p.row = lo;
	return p;
}

/* Cursor. */

static void
doc_cursor_set(struct doc *d, const struct text_token *w)
{
	d->has_cursor = 1;
	d->cur_start = w->start;
	d->cur_end = w->end;
	doc_selection_update(d);
}

/* Index of the first word in c that ends after off, or c->nwords. */
static size_t
doc_word_index(const struct doc_cache *c, size_t off)
{
	size_t	 lo = 0, hi = c->nwords;

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;

		if (c->words[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
doc_cursor_to(struct doc *d, size_t off)
{
	struct doc_cache	*c;
	size_t			 para, i;

	if (!doc_is_open(d))
		return 0;
	for (para = doc_para_of(d, off); para < d->npara; para++) {
		c = doc_para_words_of(d, para);
		i = doc_word_index(c, off);
		if (i < c->nwords) {
			doc_cursor_set(d, &c->words[i]);
			return 1;
		}
	}
	/* Nothing at or after off: the last word before it. */
	for (para = doc_para_of(d, off) + 1; para-- > 0;) {
		c = doc_para_words_of(d, para);
		if (c->nwords > 0) {
			doc_cursor_set(d, &c->words[c->nwords - 1]);
			return 1;
		}
	}
	d->has_cursor = 0;
	return 0;
}

int
doc_word_next(struct doc *d)
{
	struct doc_cache	*c;
	size_t			 para, i;

	if (!d->has_cursor)
		return 0;
	d->goal_col = -1;
	para = doc_para_of(d, d->cur_start);
	c = doc_para_words_of(d, para);
	i = doc_word_index(c, d->cur_start);
	if (i + 1 < c->nwords) {
		doc_cursor_set(d, &c->words[i + 1]);
		return 1;
	}
	while (++para < d->npara) {
		c = doc_para_words_of(d, para);
		if (c->nwords > 0) {
			doc_cursor_set(d, &c->words[0]);
			return 1;
		}
	}
	return 0;
}

int
doc_word_prev(struct doc *d)
{
	struct doc_cache	*c;
	size_t			 para, i;

	if (!d->has_cursor)
		return 0;
	d->goal_col = -1;
	para = doc_para_of(d, d->cur_start);
	c = doc_para_words_of(d, para);
	i = doc_word_index(c, d->cur_start);
	if (i > 0) {
		doc_cursor_set(d, &c->words[i - 1]);
		return 1;
	}
	while (para-- > 0) {
		c = doc_para_words_of(d, para);
		if (c->nwords > 0) {
			doc_cursor_set(d, &c->words[c->nwords - 1]);
			return 1;
		}
	}
	return 0;
}

/* The column where the cell at byte off of row r is drawn, inline labels
   counted (the "[" before it too). */
static int
doc_row_column(const struct doc *d, struct text_row r, size_t off)
{
	struct text_cell	 c;
	size_t			 pos = r.start;
	int			 x = 0, before, after;

	while (pos < r.end) {
		size_t	 next = text_cell_next(d->article.text, r.end, pos, &c);

		doc_decoration(d, c.start, c.end, &before, &after);
		x += before;
		if (next > off)
			break;
		x += (c.tab ? 8 - x % 8 : c.width) + after;
		pos = next;
	}
	return x;
}

/* Column of byte offset off on the row that holds it. */
static int
doc_column(struct doc *d, size_t off)
{
	struct doc_pos	 p = doc_pos_of(d, off);
	struct text_row	 r = doc_para_row(d, p.para, p.row);

	return doc_row_column(d, r, off);
}

/* The word of row p nearest column col; 0 when the row has no word. */
static int
doc_nearest_word(struct doc *d, struct doc_pos p, int col)
{
	struct doc_cache	*c = doc_para_words_of(d, p.para);
	struct text_row		 r = c->rows[p.row];
	const struct text_token	*best = NULL;
	long			 best_dist = LONG_MAX;
	size_t			 i;

	for (i = doc_word_index(c, r.start); i < c->nwords; i++) {
		const struct text_token	*w = &c->words[i];
		int			 from, to;
		long			 dist;

		if (w->start >= r.end)
			break;
		/* A word split over rows belongs to the row it starts on. */
		if (w->start < r.start)
			continue;
		from = doc_row_column(d, r, w->start);
		to = w->end < r.end ? doc_row_column(d, r, w->end) :
		    doc_row_column(d, r, r.end);
		if (to <= from)
			to = from + 1;
		if (col >= from && col < to)
			dist = 0;
		else
			dist = col < from ? from - col : col - to + 1;
		if (dist < best_dist) {
			best_dist = dist;
			best = w;
		}
	}
	if (best == NULL)
		return 0;
	doc_cursor_set(d, best);
	return 1;
}

static int
doc_line_move(struct doc *d, int down)
{
	struct doc_pos	 p;
	int		 goal;

	if (!d->has_cursor)
		return 0;
	if (d->goal_col < 0)
		d->goal_col = doc_column(d, d->cur_start);
	goal = d->goal_col;
	p = doc_pos_of(d, d->cur_start);
	while (down ? doc_pos_next(d, &p) : doc_pos_prev(d, &p)) {
		struct text_row	 r = doc_para_row(d, p.para, p.row);

		if (r.end <= r.start)
			continue;
		if (doc_nearest_word(d, p, goal)) {
			d->goal_col = goal;
			return 1;
		}
	}
	return 0;
}

int
doc_line_down(struct doc *d)
{
	return doc_line_move(d, 1);
}

int
doc_line_up(struct doc *d)
{
	return doc_line_move(d, 0);
}

/* The row that ends the screen when p is at its top. */
static struct doc_pos
doc_screen_bottom(struct doc *d, struct doc_pos p)
{
	int	 i;

	for (i = 1; i < d->height; i++)
		if (!doc_pos_next(d, &p))
			break;
	return p;
}

void
doc_scroll_to_cursor(struct doc *d)
{
	struct doc_pos	 cur, bottom;
	int		 i;

	if (!doc_is_open(d) || !d->has_cursor)
		return;
	cur = doc_pos_of(d, d->cur_start);
	if (doc_pos_cmp(cur, d->top) < 0) {
		/* A word longer than the screen (a 5 MB one-line "word") is
		   in view while any of it is: paging through it must not pull
		   the screen back to its start. */
		if (d->cur_end > doc_para_row(d, d->top.para,
		    d->top.row).start)
			return;
		d->top = cur;
		return;
	}
	bottom = doc_screen_bottom(d, d->top);
	if (doc_pos_cmp(cur, bottom) <= 0)
		return;
	d->top = cur;
	for (i = 1; i < d->height; i++)
		if (!doc_pos_prev(d, &d->top))
			break;
}

void
doc_scroll(struct doc *d, int n)
{
	struct doc_pos	 cur, bottom;

	if (!doc_is_open(d))
		return;
	for (; n > 0; n--) {
		struct doc_pos	 p = d->top, last;

		last.para = d->npara - 1;
		last.row = doc_para_nrows(d, last.para) - 1;
		if (doc_pos_cmp(doc_screen_bottom(d, p), last) >= 0 ||
		    !doc_pos_next(d, &p))
			break;
		d->top = p;
	}
	for (; n < 0; n++)
		if (!doc_pos_prev(d, &d->top))
			break;
	if (!d->has_cursor)
		return;
	cur = doc_pos_of(d, d->cur_start);
	bottom = doc_screen_bottom(d, d->top);
	if (doc_pos_cmp(cur, d->top) < 0)
		doc_cursor_to(d, doc_para_row(d, d->top.para,
		    d->top.row).start);
	else if (doc_pos_cmp(cur, bottom) > 0) {
		struct text_row	 r = doc_para_row(d, bottom.para, bottom.row);

		doc_cursor_to(d, r.start);
		if (doc_pos_cmp(doc_pos_of(d, d->cur_start), bottom) > 0)
			doc_word_prev(d);
	}
	d->goal_col = -1;
}

int
doc_offset_at(struct doc *d, int y, int col, size_t *off)
{
	struct doc_pos		 p = d->top;
	struct text_row		 r;
	struct text_cell	 c;
	size_t			 pos, next;
	int			 x = 0;

	if (!doc_is_open(d) || y < 0 || col < 0)
		return 0;
	for (; y > 0; y--)
		if (!doc_pos_next(d, &p))
			return 0;
	r = doc_para_row(d, p.para, p.row);
	for (pos = r.start; pos < r.end; pos = next) {
		int	 before, after;

		next = text_cell_next(d->article.text, r.end, pos, &c);
		doc_decoration(d, c.start, c.end, &before, &after);
		x += before;
		x += c.tab ? 8 - x % 8 : c.width;
		/* A click on a label is a click on the span's last cell. */
		if (x + after > col)
			break;
		x += after;
	}
	*off = pos < r.end ? pos : r.end;
	return 1;
}

int
doc_page_down(struct doc *d)
{
	struct doc_pos	 p = d->top, last;
	int		 i, moved = 0;

	if (!doc_is_open(d))
		return 0;
	/* Do not scroll past the point where the last row is at the bottom. */
	last.para = d->npara - 1;
	last.row = doc_para_nrows(d, last.para) - 1;
	for (i = 1; i < d->height || i == 1; i++) {
		if (doc_pos_cmp(doc_screen_bottom(d, p), last) >= 0)
			break;
		if (!doc_pos_next(d, &p))
			break;
		moved = 1;
	}
	d->top = p;
	if (!moved) {
		/* At the end already: the cursor goes to the last word. */
		return doc_bottom(d);
	}
	if (d->has_cursor && doc_pos_cmp(doc_pos_of(d, d->cur_start), p) < 0)
		doc_cursor_to(d, doc_para_row(d, p.para, p.row).start);
	d->goal_col = -1;
	return 1;
}

int
doc_page_up(struct doc *d)
{
	struct doc_pos	 p = d->top, bottom;
	struct text_row	 r;
	int		 i, moved = 0;

	if (!doc_is_open(d))
		return 0;
	for (i = 1; i < d->height || i == 1; i++) {
		if (!doc_pos_prev(d, &p))
			break;
		moved = 1;
	}
	d->top = p;
	if (!moved)
		return doc_top(d);
	bottom = doc_screen_bottom(d, p);
	if (d->has_cursor &&
	    doc_pos_cmp(doc_pos_of(d, d->cur_start), bottom) > 0) {
		/* The last word that starts on the screen. */
		r = doc_para_row(d, bottom.para, bottom.row);
		doc_cursor_to(d, r.end);
		if (d->cur_start >= r.end || !d->has_cursor)
			doc_cursor_to(d, r.start);
		while (d->cur_start >= r.end && doc_word_prev(d))
			;
	}
	d->goal_col = -1;
	return 1;
}

int
doc_top(struct doc *d)
{
	if (!doc_is_open(d))
		return 0;
	d->top.para = 0;
	d->top.row = 0;
	d->goal_col = -1;
	return doc_cursor_to(d, 0);
}

int
doc_bottom(struct doc *d)
{
	int	 ok;

	if (!doc_is_open(d))
		return 0;
	d->goal_col = -1;
	ok = doc_cursor_to(d, d->article.text_len);
	d->top.para = d->npara - 1;
	d->top.row = doc_para_nrows(d, d->top.para) - 1;
	{
		int	 i;

		for (i = 1; i < d->height; i++)
			if (!doc_pos_prev(d, &d->top))
				break;
	}
	return ok;
}

/* Selection. */

static void
doc_selection_update(struct doc *d)
{
	if (!d->selecting)
		return;
	d->sel_start = d->anchor_start < d->cur_start ? d->anchor_start :
	    d->cur_start;
	d->sel_end = d->anchor_end > d->cur_end ? d->anchor_end : d->cur_end;
}

void
doc_select_toggle(struct doc *d)
{
	if (d->selecting || !d->has_cursor) {
		doc_select_cancel(d);
		return;
	}
	d->selecting = 1;
	d->anchor_start = d->cur_start;
	d->anchor_end = d->cur_end;
	doc_selection_update(d);
}

void
doc_select_cancel(struct doc *d)
{
	d->selecting = 0;
	d->sel_start = d->sel_end = 0;
}

int
doc_extend_char(struct doc *d)
{
	size_t	 next;

	if (!d->selecting)
		return 0;
	next = text_cp_next(d->article.text, d->article.text_len,
	    d->sel_end);
	if (next == d->sel_end)
		return 0;
	d->sel_end = next;
	return 1;
}

int
doc_shrink_char(struct doc *d)
{
	size_t	 prev;

	if (!d->selecting)
		return 0;
	prev = text_cp_prev(d->article.text, d->sel_end);
	if (prev <= d->sel_start)
		return 0;
	d->sel_end = prev;
	return 1;
}

void
doc_selection_bounds(const struct doc *d, size_t *start, size_t *end)
{
	*start = d->sel_start;
	*end = d->sel_end;
	if (d->selecting)
		text_trim_space(d->article.text, start, end);
}

int
doc_selection_crosses_paragraph(const struct doc *d)
{
	size_t	 start, end;

	if (!d->selecting)
		return 0;
	doc_selection_bounds(d, &start, &end);
	return memchr(d->article.text + start, '\n', end - start) != NULL;
}

/* Spans. */

long
doc_span_index(const struct doc *d, int64_t id)
{
	size_t	 i;

	for (i = 0; i < d->nspans; i++)
		if (d->spans[i].id == id)
			return (long)i;
	return -1;
}

long
doc_span_at(const struct doc *d, size_t off, const char *annotator)
{
	long	 best = -1;
	size_t	 i, best_len = SIZE_MAX;

	for (i = 0; i < d->nspans; i++) {
		const struct store_span	*sp = &d->spans[i];

		if (sp->start_byte > off)
			break;
		if (off >= sp->end_byte)
			continue;
		if (annotator && strcmp(sp->annotator, annotator) != 0)
			continue;
		if (sp->end_byte - sp->start_byte <= best_len) {
			best_len = sp->end_byte - sp->start_byte;
			best = (long)i;
		}
	}
	return best;
}

long
doc_span_after(const struct doc *d, size_t off)
{
	size_t	 i;

	for (i = 0; i < d->nspans; i++)
		if (d->spans[i].start_byte > off)
			return (long)i;
	return -1;
}

long
doc_span_before(const struct doc *d, size_t off)
{
	size_t	 i;

	for (i = d->nspans; i-- > 0;)
		if (d->spans[i].start_byte < off)
			return (long)i;
	return -1;
}

long
doc_span_exact(const struct doc *d, size_t start, size_t end,
    const char *annotator)
{
	size_t	 i;

	for (i = 0; i < d->nspans; i++)
		if (d->spans[i].start_byte == start &&
		    d->spans[i].end_byte == end &&
		    strcmp(d->spans[i].annotator, annotator) == 0)
			return (long)i;
	return -1;
}

int
doc_relabel(struct doc *d, struct store *s, size_t i, const char *label,
    char **what, char **errp)
{
	struct store_span	*sp = &d->spans[i];
	char			*old;

	/* A label key on a suggestion is a decision on it: accept it with
	   that label (SPEC §11), in one change. */
	if (sp->status == STORE_SUGGESTED) {
		if (store_span_accept(s, sp->id, label, errp) == -1)
			return -1;
		if (strcmp(sp->label, label) == 0)
			*what = xasprintf("accepted %s: %s", label, sp->text);
		else
			*what = xasprintf("accepted %s → %s: %s", sp->label,
			    label, sp->text);
		return doc_reload_spans(d, s, errp);
	}
	if (strcmp(sp->label, label) == 0) {
		*what = xasprintf("already %s: %s", label, sp->text);
		return 0;
	}
	if (store_span_relabel(s, sp->id, label, errp) == -1)
		return -1;
	old = xstrdup(sp->label);
	*what = xasprintf("%s → %s: %s", old, label, sp->text);
	free(old);
	return doc_reload_spans(d, s, errp);
}

/* Text order, as store_span_list gives it: start, the longer first, id. */
static int
doc_span_before_other(const struct store_span *a, const struct store_span *b)
{
	if (a->start_byte != b->start_byte)
		return a->start_byte < b->start_byte;
	if (a->end_byte != b->end_byte)
		return a->end_byte > b->end_byte;
	return a->id < b->id;
}

/*
 * The span just added (id) joins the loaded ones in its place, read alone
 * rather than with all the others again; only its paragraph is wrapped
 * again.  A span the view does not show, or one that does not fit the
 * text, is left to a whole reload.
 */
static int
doc_insert_span(struct doc *d, struct store *s, int64_t id, char **errp)
{
	struct store_span	 sp;
	size_t			 at;

	if (store_span_get(s, id, &sp, errp) == -1)
		return -1;
	if ((d->view != NULL && strcmp(d->view, sp.annotator) != 0) ||
	    sp.status == STORE_REJECTED || !store_span_fits(&sp,
	    d->article.text, d->article.text_len)) {
		store_span_free(&sp);
		return doc_reload_spans(d, s, errp);
	}
	for (at = d->nspans; at > 0 && doc_span_before_other(&sp,
	    &d->spans[at - 1]); at--)
		;
	d->spans = xreallocarray(d->spans, d->nspans + 1, sizeof(*d->spans));
	memmove(&d->spans[at + 1], &d->spans[at], (d->nspans - at) *
	    sizeof(*d->spans));
	d->spans[at] = sp;
	d->nspans++;
	doc_index_insert(d, at);
	if (d->inline_labels)
		doc_rewrap_range(d, sp.start_byte, sp.end_byte);
	return 0;
}

static int
doc_add_span(struct doc *d, struct store *s, size_t start, size_t end,
    const char *label, const char *annotator, char **what, char **errp)
{
	struct store_span	 sp;
	int64_t			 id = 0;
	int			 rc;

	memset(&sp, 0, sizeof(sp));
	sp.article_id = d->article.id;
	sp.start_byte = start;
	sp.end_byte = end;
	sp.start = text_offsets_cp(&d->offsets, start);
	sp.end = text_offsets_cp(&d->offsets, end);
	sp.label = (char *)label;
	sp.text = xstrndup(d->article.text + start, end - start);
	sp.annotator = (char *)annotator;
	sp.status = STORE_ACCEPTED;
	sp.origin = STORE_MANUAL;
	sp.note = (char *)"";
	/* The store checks the span against our copy of the text and the
	   span's bytes in the database, not the whole text again. */
	store_span_text_hint(s, d->article.id, &d->offsets);
	rc = store_span_add(s, &sp, &id, errp);
	store_span_text_hint(s, 0, NULL);
	if (rc == 0)
		*what = xasprintf("%s: %s", label, sp.text);
	free(sp.text);
	if (rc == -1)
		return -1;
	return doc_insert_span(d, s, id, errp);
}

int
doc_tag(struct doc *d, struct store *s, const char *label,
    const char *annotator, char **what, char **errp)
{
	size_t	 start, end;
	long	 i;

	*what = NULL;
	if (!doc_is_open(d) || !d->has_cursor)
		return err_set(errp, "nothing to tag here");
	if (d->selecting) {
		/* extend-char may have taken a blank: a span never starts
		   or ends with one. */
		doc_selection_bounds(d, &start, &end);
		if (start == end)
			return err_set(errp, "the selection is only white "
			    "space");
		doc_select_cancel(d);
		if ((i = doc_span_exact(d, start, end, annotator)) >= 0)
			return doc_relabel(d, s, (size_t)i, label, what,
			    errp);
		return doc_add_span(d, s, start, end, label, annotator, what,
		    errp);
	}
	if ((i = doc_span_at(d, d->cur_start, annotator)) >= 0)
		return doc_relabel(d, s, (size_t)i, label, what, errp);
	return doc_add_span(d, s, d->cur_start, d->cur_end, label, annotator,
	    what, errp);
}

int
doc_delete_at_cursor(struct doc *d, struct store *s, const char *annotator,
    char **what, char **errp)
{
	long	 i;

	*what = NULL;
	if (!d->has_cursor || (i = doc_span_at(d, d->cur_start,
	    annotator)) < 0)
		return err_set(errp, "no span of yours under the cursor");
	if (store_span_delete(s, d->spans[i].id, errp) == -1)
		return -1;
	*what = xasprintf("deleted %s: %s", d->spans[i].label,
	    d->spans[i].text);
	return doc_reload_spans(d, s, errp);
}

/* Search one paragraph; offsets are absolute. */
static int
doc_search_para(struct doc *d, size_t para, const char *needle, size_t nlen,
    size_t from, int backward, size_t *start, size_t *end)
{
	size_t	 pstart = d->para_start[para], pend = doc_para_end(d, para);
	size_t	 rel;

	if (from < pstart)
		rel = 0;
	else if (from > pend)
		rel = pend - pstart + 1;
	else
		rel = from - pstart;
	if (!search_find(d->article.text + pstart, pend - pstart, needle,
	    nlen, rel, backward, start, end))
		return 0;
	*start += pstart;
	*end += pstart;
	return 1;
}

int
doc_search(struct doc *d, const char *needle, size_t nlen, size_t from,
    int backward, size_t *start, size_t *end, int *wrapped)
{
	size_t	 first, i, para;

	*wrapped = 0;
	if (!doc_is_open(d) || nlen == 0)
		return 0;
	first = doc_para_of(d, from);
	/* Every paragraph once, starting with the one that holds from, and
	   that one again from its other end after wrapping round. */
	for (i = 0; i <= d->npara; i++) {
		size_t	 at;

		para = backward ? (first + d->npara - i % d->npara) % d->npara :
		    (first + i) % d->npara;
		if (i == 0)
			at = from;
		else
			at = backward ? SIZE_MAX : 0;
		if (i > 0 && (backward ? para >= first : para <= first))
			*wrapped = 1;
		if (doc_search_para(d, para, needle, nlen, at, backward, start,
		    end))
			return 1;
	}
	return 0;
}
