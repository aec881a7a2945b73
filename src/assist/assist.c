/*
 * assist.c: propagation and accept-all (SPEC §11).  Finding occurrences
 * reads the corpus outside any write transaction (the index gives the
 * candidates, an exact scan with UAX #29 word boundaries decides); the
 * suggestions are then added in one transaction, which checks again what
 * the annotator has at each place.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uniwbrk.h>

#include "margin/assist.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* The first needle in hay (memmem() is not POSIX): memchr() finds the
   candidates fast enough for a corpus. */
static const char *
assist_search(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char	*p = hay, *end = hay + hlen;

	while ((size_t)(end - p) >= nlen &&
	    (p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1)) != NULL) {
		if (memcmp(p, needle, nlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

size_t
assist_occurrences(const char *text, size_t len, const char *needle,
    size_t nlen, struct assist_match **vp)
{
	struct assist_match	*v = NULL;
	const char		*hit;
	char			*breaks = NULL;
	size_t			 n = 0, cap = 0, at = 0, b, e, cp = 0, counted = 0;

	*vp = NULL;
	if (nlen == 0 || nlen > len)
		return 0;
	while (at + nlen <= len &&
	    (hit = assist_search(text + at, len - at, needle, nlen)) != NULL) {
		b = (size_t)(hit - text);
		e = b + nlen;
		at = b + 1;
		/* The boundaries are worked out once, and only for a text
		   that holds the string at all. */
		if (breaks == NULL) {
			breaks = xmalloc(len);
			text_word_breaks(text, len, breaks);
		}
		if ((b > 0 && !breaks[b]) || (e < len && !breaks[e]))
			continue;
		/* Code points so far: count the bytes that start one. */
		for (; counted < b; counted++)
			if (((unsigned char)text[counted] & 0xc0) != 0x80)
				cp++;
		ARRAY_RESERVE(v, cap, n + 1);
		v[n].start = cp;
		v[n].end = cp + text_cp_count(needle, nlen);
		v[n].start_byte = b;
		v[n].end_byte = e;
		n++;
	}
	free(breaks);
	*vp = v;
	return n;
}

/* An occurrence to suggest. */
struct assist_place {
	int64_t			 article;
	struct assist_match	 m;
};

struct assist_run {
	const struct store_span	*model;
	const char		*annotator;
	size_t			 nlen;
	struct assist_place	*places;
	size_t			 nplaces;
	size_t			 cap;
	size_t			 added;
};

static void
assist_scan(struct assist_run *run, int64_t article, const char *text,
    size_t len)
{
	struct assist_match	*v;
	size_t			 n, i;

	n = assist_occurrences(text, len, run->model->text, run->nlen, &v);
	for (i = 0; i < n; i++) {
		ARRAY_RESERVE(run->places, run->cap, run->nplaces + 1);
		run->places[run->nplaces].article = article;
		run->places[run->nplaces].m = v[i];
		run->nplaces++;
	}
	free(v);
}

static int
assist_scan_cb(void *ctx, const struct store_article *a)
{
	assist_scan(ctx, a->id, a->text, a->text_len);
	return 0;
}

/*
 * Is the index worth asking?  Its tokens are runs of letters, digits and
 * symbols, split at spaces and punctuation.  When the text starts and
 * ends with a letter or digit that UAX #29 keeps joined to a neighbouring
 * letter or digit (ALetter, Hebrew_Letter, Numeric), its occurrences
 * between spaces and punctuation are runs of whole tokens, and a phrase
 * query finds them.  Not so for ideographs, kana or Thai, between which
 * UAX #29 breaks while the index does not, nor for text that starts or
 * ends with punctuation, a symbol or an emoji: then every article is
 * read (about 0.1 s per 300 MB of text in the page cache).
 */
static int
assist_index_finds(const char *s, size_t len)
{
	const uint8_t	*p = (const uint8_t *)s;
	ucs4_t		 first, end;
	int		 a, b;

	if (len == 0)
		return 0;
	u8_mbtouc(&first, p, len);
	if (u8_prev(&end, p + len, p) == NULL)
		return 0;
	a = uc_wordbreak_property(first);
	b = uc_wordbreak_property(end);
	return (a == WBP_ALETTER || a == WBP_HL ||
	    a == WBP_NUMERIC) && (b == WBP_ALETTER ||
	    b == WBP_HL || b == WBP_NUMERIC);
}

static int
assist_find_places(struct store *s, struct assist_run *run, char **errp)
{
	struct store_article	 a;
	int64_t			*ids = NULL;
	size_t			 n = 0, i;

	if (!assist_index_finds(run->model->text, run->nlen))
		return store_article_foreach(s, assist_scan_cb, run, errp) ==
		    0 ? 0 : -1;
	if (store_article_find_phrase(s, run->model->text, &ids, &n,
	    errp) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (store_article_get(s, ids[i], NULL, &a, errp) == -1) {
			free(ids);
			return -1;
		}
		assist_scan(run, a.id, a.text, a.text_len);
		store_article_free(&a);
	}
	free(ids);
	return 0;
}

/* Add the suggestions (a store_txn_run body: it may run again). */
static int
assist_propagate_txn(struct store *s, void *ctx, char **errp)
{
	struct assist_run	*run = ctx;
	struct store_span	 sp, *have = NULL;
	size_t			 i, nhave = 0;

	run->added = 0;
	for (i = 0; i < run->nplaces; i++) {
		const struct assist_place *p = &run->places[i];

		if (store_span_find(s, p->article, p->m.start, p->m.end,
		    run->annotator, &have, &nhave, errp) == -1)
			return -1;
		store_spans_free(have, nhave);
		if (nhave > 0)
			continue;
		memset(&sp, 0, sizeof(sp));
		sp.article_id = p->article;
		sp.start = p->m.start;
		sp.end = p->m.end;
		sp.start_byte = p->m.start_byte;
		sp.end_byte = p->m.end_byte;
		sp.label = run->model->label;
		sp.text = run->model->text;
		sp.annotator = (char *)run->annotator;
		sp.status = STORE_SUGGESTED;
		sp.origin = STORE_PROPAGATED;
		if (store_span_add(s, &sp, NULL, errp) == -1)
			return -1;
		run->added++;
	}
	return 0;
}

int
assist_propagate(struct store *s, const struct store_span *model,
    const char *annotator, size_t *added, char **errp)
{
	struct assist_run	 run;
	int			 rc;

	*added = 0;
	if (model->text == NULL || model->text[0] == '\0')
		return err_set(errp, "nothing to propagate: the span has no "
		    "text");
	if (model->label == NULL || model->label[0] == '\0')
		return err_set(errp, "nothing to propagate: the span has no "
		    "label");
	if (store_readonly(s))
		return err_set(errp, "database is read-only");
	memset(&run, 0, sizeof(run));
	run.model = model;
	run.annotator = annotator != NULL ? annotator : store_actor(s);
	run.nlen = strlen(model->text);
	rc = assist_find_places(s, &run, errp);
	if (rc == 0 && run.nplaces > 0)
		rc = store_txn_run(s, assist_propagate_txn, &run, errp);
	if (rc == 0)
		*added = run.added;
	free(run.places);
	return rc;
}

struct assist_accept {
	int64_t		 article;
	const char	*text;
	const char	*label;
	const char	*annotator;
	size_t		 n;
};

static int
assist_accept_txn(struct store *s, void *ctx, char **errp)
{
	struct assist_accept	*aa = ctx;
	struct store_span	*v = NULL;
	size_t			 n = 0, i;
	int			 rc = 0;

	aa->n = 0;
	if (store_span_list(s, aa->article, aa->annotator, &v, &n,
	    errp) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].status != STORE_SUGGESTED ||
		    strcmp(v[i].label, aa->label) != 0 ||
		    strcmp(v[i].text, aa->text) != 0)
			continue;
		rc = store_span_set_status(s, v[i].id, STORE_ACCEPTED, errp);
		aa->n++;
	}
	store_spans_free(v, n);
	return rc;
}

int
assist_accept_all(struct store *s, int64_t article, const char *text,
    const char *label, const char *annotator, size_t *n, char **errp)
{
	struct assist_accept	 aa;

	*n = 0;
	if (text == NULL || label == NULL)
		return err_set(errp, "accept-all needs a text and a label");
	memset(&aa, 0, sizeof(aa));
	aa.article = article;
	aa.text = text;
	aa.label = label;
	aa.annotator = annotator != NULL ? annotator : store_actor(s);
	if (store_txn_run(s, assist_accept_txn, &aa, errp) == -1)
		return -1;
	*n = aa.n;
	return 0;
}
