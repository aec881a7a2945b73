/* export_conll.c: CoNLL column files, the spans snapped to tokens and
   written as BIO tags (SPEC §9). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
#include "margin/export.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/tokens.h"
#include "margin/util.h"
#include "export_private.h"

/* --- CoNLL ------------------------------------------------------------- */

/*
 * CoNLL-2003 lines, "TOKEN POS CHUNK TAG", a blank line after each
 * sentence and the -DOCSTART- line before each article.  An article that
 * came from a CoNLL file of as many columns as asked gets its own
 * -DOCSTART- line and the bytes between each token and its tag back (its
 * metadata keeps them: an import then export is byte for byte the same,
 * up to the tag scheme); others get "-DOCSTART- -X- O O" (what spaCy's
 * converter splits documents on) and "TOKEN -X- _ TAG", or with
 * --columns 2, "-DOCSTART- O" and "TOKEN TAG".  Where a line's columns
 * are separated by spaces, white space inside a token is written as _
 * (else a reader would see two fields) and counted.  An article's spans
 * are gathered until it ends, then:
 * - tokens: those of the CoNLL file it came from (its text split at
 *   spaces and line ends, but for the spaces its metadata lists as inside
 *   tokens; a line is a sentence), else UAX #29 tokens (§4) in the
 *   sentences of sentence_split();
 * - a span not on token boundaries is widened to the tokens it touches,
 *   one on no token is left out (both said);
 * - overlapping spans (sharing a token) are resolved to the longest (in
 *   code points; then the first, then the oldest), the others left out
 *   and counted;
 * - a sentence never splits a span: a sentence break inside a kept span
 *   is not written.
 */
static int
conll_begin(struct article_export *ae, const struct store_article *a)
{
	(void)a;
	return 0;
}

static int
conll_span_keep(struct article_export *ae, const struct store_span *sp)
{
	struct conll_span	*c;

	ARRAY_RESERVE(ae->spans, ae->cap_spans, ae->nspans);
	c = &ae->spans[ae->nspans - 1];
	memset(c, 0, sizeof(*c));
	c->id = sp->id;
	c->start = sp->start;
	c->end = sp->end;
	c->start_byte = sp->start_byte;
	c->end_byte = sp->end_byte;
	c->label = xstrdup(sp->label);
	return 0;
}

/* The article's tokens (tokens.h), each with no span yet. */
static size_t
conll_tokens(const struct store_article *a, struct conll_token **out)
{
	struct article_token	*at;
	struct conll_token	*v;
	size_t			 n, i;

	n = article_tokens(a->text, a->text_len, a->meta, &at);
	v = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].start = at[i].start;
		v[i].end = at[i].end;
		v[i].sentence_start = at[i].sentence_start;
		v[i].span = -1;
	}
	free(at);
	*out = v;
	return n;
}

/* The first token that ends after byte b (n when none). */
static size_t
conll_token_after(const struct conll_token *t, size_t n, size_t b)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t[mid].end > b)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The article's text at bytes a..b, quoted as JSON for a message. */
static char *
conll_quote(const struct store_article *a, size_t from, size_t to)
{
	struct buf	 b = BUF_INIT;

	json_write_string(&b, a->text + from, to - from);
	return buf_detach(&b);
}

/* The spans conll_span_order() sorts indices of (qsort has no context). */
static const struct conll_span *conll_sort_base;

/* Longest first, then the first in the text, then the oldest. */
static int
conll_span_order(const void *pa, const void *pb)
{
	const struct conll_span	*a = &conll_sort_base[*(const size_t *)pa];
	const struct conll_span	*b = &conll_sort_base[*(const size_t *)pb];

	if (a->end - a->start != b->end - b->start)
		return a->end - a->start > b->end - b->start ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Snap the spans to tokens and keep the longest of overlapping ones. */
static void
conll_resolve(struct article_export *ae, struct conll_token *tok,
    size_t ntok)
{
	const struct store_article	*a = &ae->article;
	struct conll_span		*sp, *other;
	size_t				*order, i, t;
	char				*q, *q2;
	int				 free_run;

	for (i = 0; i < ae->nspans; i++) {
		sp = &ae->spans[i];
		sp->first = conll_token_after(tok, ntok, sp->start_byte);
		if (sp->first == ntok || tok[sp->first].start >=
		    sp->end_byte) {
			ae->report->tokenless++;
			if (ae->said++ < EXPORT_SAY) {
				q = conll_quote(a, sp->start_byte,
				    sp->end_byte);
				export_say(ae, "article %lld: span %lld %s %s "
				    "[%zu, %zu) is on no token: left out",
				    (long long)a->id, (long long)sp->id,
				    sp->label, q, sp->start, sp->end);
				free(q);
			}
			sp->first = SIZE_MAX;
			ae->report->spans--;
			continue;
		}
		sp->last = conll_token_after(tok, ntok, sp->end_byte - 1);
		if (sp->last == ntok || tok[sp->last].start >= sp->end_byte)
			sp->last--;
		if (tok[sp->first].start != sp->start_byte ||
		    tok[sp->last].end != sp->end_byte) {
			ae->report->widened++;
			if (ae->said++ < EXPORT_SAY) {
				q = conll_quote(a, sp->start_byte,
				    sp->end_byte);
				q2 = conll_quote(a, tok[sp->first].start,
				    tok[sp->last].end);
				export_say(ae, "article %lld: span %lld %s %s "
				    "[%zu, %zu) is not on token boundaries: "
				    "tagged as %s", (long long)a->id,
				    (long long)sp->id, sp->label, q, sp->start,
				    sp->end, q2);
				free(q);
				free(q2);
			}
		}
	}

	order = xreallocarray(NULL, ae->nspans + 1, sizeof(*order));
	for (i = 0; i < ae->nspans; i++)
		order[i] = i;
	conll_sort_base = ae->spans;
	qsort(order, ae->nspans, sizeof(*order), conll_span_order);
	for (i = 0; i < ae->nspans; i++) {
		sp = &ae->spans[order[i]];
		if (sp->first == SIZE_MAX)
			continue;
		other = NULL;
		for (t = sp->first, free_run = 1; t <= sp->last; t++) {
			if (tok[t].span >= 0) {
				other = &ae->spans[tok[t].span];
				free_run = 0;
				break;
			}
		}
		if (free_run) {
			for (t = sp->first; t <= sp->last; t++)
				tok[t].span = (long)order[i];
			/* A sentence never splits a span. */
			for (t = sp->first + 1; t <= sp->last; t++)
				tok[t].sentence_start = 0;
			continue;
		}
		ae->report->overlapping++;
		ae->report->spans--;
		if (other->first == sp->first && other->last == sp->last &&
		    strcmp(other->label, sp->label) == 0) {
			ae->report->duplicates++;
			continue;
		}
		if (ae->said++ < EXPORT_SAY) {
			q = conll_quote(a, sp->start_byte, sp->end_byte);
			q2 = conll_quote(a, other->start_byte,
			    other->end_byte);
			export_say(ae, "article %lld: span %lld %s %s overlaps "
			    "span %lld %s %s: left out for the longer one",
			    (long long)a->id, (long long)sp->id, sp->label, q,
			    (long long)other->id, other->label, q2);
			free(q);
			free(q2);
		}
	}
	free(order);
}

/* What an article's CoNLL metadata brings back, for the columns asked. */
struct conll_kept {
	struct json		*meta;
	const char		*docstart;
	const struct json	*middle;	/* a string, or one per token */
};

static void
conll_kept_read(const struct store_article *a, int columns, size_t ntok,
    struct conll_kept *k)
{
	const struct json	*c, *n, *d, *m;

	memset(k, 0, sizeof(*k));
	if (a->meta == NULL || (k->meta = json_parse(a->meta,
	    strlen(a->meta), 0, NULL)) == NULL)
		return;
	c = json_get(k->meta, "conll");
	if (c == NULL || c->type != JSON_OBJECT ||
	    (n = json_get(c, "columns")) == NULL || !json_is_integer(n) ||
	    n->integer != columns)
		return;
	if ((d = json_get(c, "docstart")) != NULL && d->type == JSON_STRING &&
	    strlen(d->str) == d->len && memchr(d->str, '\n', d->len) == NULL)
		k->docstart = d->str;
	m = json_get(c, "middle");
	if (m != NULL && (m->type == JSON_STRING ||
	    (m->type == JSON_ARRAY && m->n == ntok)))
		k->middle = m;
}

/* The bytes between token t and its tag: kept ones when they are a
   string without a line end, else the default. */
static const char *
conll_middle(const struct conll_kept *k, size_t t, int columns)
{
	const struct json	*m = k->middle;

	if (m != NULL && m->type == JSON_ARRAY)
		m = &m->items[t];
	if (m != NULL && m->type == JSON_STRING && m->len > 0 &&
	    strlen(m->str) == m->len && strpbrk(m->str, "\n\r") == NULL)
		return m->str;
	return columns == 2 ? " " : " -X- _ ";
}

/* Python's str.split() white space (a reader splitting fields so would
   see two): ASCII's, U+0085, U+00A0, U+1680, U+2000-200A, U+2028,
   U+2029, U+202F, U+205F, U+3000.  Its length in bytes, or 0. */
static size_t
conll_white_at(const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (len >= 1 && (u[0] == ' ' || (u[0] >= 0x09 && u[0] <= 0x0d) ||
	    (u[0] >= 0x1c && u[0] <= 0x1f)))
		return 1;
	if (len >= 2 && u[0] == 0xc2 && (u[1] == 0x85 || u[1] == 0xa0))
		return 2;
	if (len < 3)
		return 0;
	if (u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80)
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] <= 0x8a || u[2] == 0xa8 ||
	    u[2] == 0xa9 || u[2] == 0xaf))
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f)
		return 3;
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* The token, its white space as _ when the line splits at spaces. */
static void
conll_token_write(struct article_export *ae, const char *s, size_t len,
    int split_at_spaces)
{
	size_t	 i, w;
	int	 spaced = 0;

	for (i = 0; i < len; i += w) {
		w = split_at_spaces ? conll_white_at(s + i, len - i) : 0;
		if (w > 0) {
			buf_addc(&ae->line, '_');
			spaced = 1;
		} else {
			buf_addc(&ae->line, s[i]);
			w = 1;
		}
	}
	ae->report->spaced += spaced;
}

static int
conll_end(struct article_export *ae)
{
	const struct store_article	*a = &ae->article;
	struct conll_token		*tok = NULL;
	const struct conll_span		*sp;
	struct conll_kept		 kept;
	const char			*middle;
	size_t				 ntok, t, i;
	long				 e;
	int				 rc = 0, after_same;
	int				 columns = ae->o->columns == 2 ? 2 : 4;

	ntok = conll_tokens(a, &tok);
	conll_resolve(ae, tok, ntok);
	conll_kept_read(a, columns, ntok, &kept);

	if (kept.docstart != NULL)
		buf_adds(&ae->line, kept.docstart);
	else
		buf_adds(&ae->line, columns == 2 ? CONLL_DOCSTART " O" :
		    CONLL_DOCSTART " -X- O O");
	buf_adds(&ae->line, "\n\n");
	for (t = 0; t < ntok && rc == 0; t++) {
		if (t > 0 && tok[t].sentence_start)
			buf_addc(&ae->line, '\n');
		middle = conll_middle(&kept, t, columns);
		conll_token_write(ae, a->text + tok[t].start,
		    tok[t].end - tok[t].start, strchr(middle, ' ') != NULL);
		buf_adds(&ae->line, middle);
		if ((e = tok[t].span) < 0)
			conll_tag_write(&ae->line, ae->o->scheme, NULL, 0, 0,
			    0);
		else {
			sp = &ae->spans[e];
			after_same = t > 0 && !tok[t].sentence_start &&
			    tok[t - 1].span >= 0 && tok[t - 1].span != e &&
			    strcmp(ae->spans[tok[t - 1].span].label,
			    sp->label) == 0;
			conll_tag_write(&ae->line, ae->o->scheme, sp->label,
			    t == sp->first, t == sp->last, after_same);
		}
		buf_addc(&ae->line, '\n');
		if (ae->line.len >= 65536)
			rc = export_put(ae);
	}
	if (ntok > 0)
		buf_addc(&ae->line, '\n');
	if (rc == 0)
		rc = export_put(ae);
	for (i = 0; i < ae->nspans; i++)
		free(ae->spans[i].label);
	ae->nspans = 0;
	free(tok);
	json_free(kept.meta);
	return rc;
}

static const struct article_writer conll_writer = {
	conll_begin, conll_span_keep, conll_end
};

int
export_conll(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	struct article_export	 ae;
	struct export_report	 local, *r;
	size_t			 i;
	int			 rc;

	export_article_init(&ae, s, o, &conll_writer, out, &local);
	rc = export_articles(&ae, errp);
	/* The spans of an article the export stopped in. */
	for (i = 0; i < ae.nspans; i++)
		free(ae.spans[i].label);
	r = ae.report;
	if (ae.said > EXPORT_SAY)
		export_say(&ae, "(%zu more such spans not listed)",
		    ae.said - EXPORT_SAY);
	if (r->overlapping > 0)
		export_say(&ae, "%zu overlapping span%s left out for longer "
		    "ones (%zu of them the same tokens and label as a span "
		    "kept)", r->overlapping, r->overlapping == 1 ? "" : "s",
		    r->duplicates);
	if (r->widened > 0)
		export_say(&ae, "%zu span%s widened to token boundaries",
		    r->widened, r->widened == 1 ? "" : "s");
	if (r->spaced > 0)
		export_say(&ae, "%zu token%s held white space, written as _ "
		    "(a reader splitting at spaces would see two fields)",
		    r->spaced, r->spaced == 1 ? "" : "s");
	if (r->tokenless > 0)
		export_say(&ae, "%zu span%s on no token left out",
		    r->tokenless, r->tokenless == 1 ? "" : "s");
	buf_free(&ae.line);
	free(ae.spans);
	return rc;
}
