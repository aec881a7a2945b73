/*
 * tagger_corpus.c: what the built-in tagger learns from and reads
 * (SPEC §11): an article's tokens and sentences, cut as the CoNLL export
 * cuts them, and the corpus of the articles marked done with their
 * accepted spans snapped to those tokens.  The newest model is read
 * from the store here too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/json.h"
#include "margin/store.h"
#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/tokens.h"
#include "margin/util.h"

/* --- the corpus -------------------------------------------------------- */

/* The first token that ends after byte b (n when none). */
static size_t
tagger_token_after(const struct article_token *t, size_t n, size_t b)
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

/* A span snapped to tokens of its article. */
struct tagger_gold {
	size_t	 first, last;
	size_t	 label;		/* into the schema's labels */
	size_t	 cp;		/* its length in code points */
	int64_t	 id;
};

static int
tagger_gold_order(const void *pa, const void *pb)
{
	const struct tagger_gold *a = pa, *b = pb;

	if (a->cp != b->cp)
		return a->cp > b->cp ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Whose spans are gold in an article: the annotator's, or those of the
   annotators who marked it done. */
static int
tagger_gold_annotator(const char *who, const char *annotator,
    const struct store_status *st, size_t nst)
{
	size_t	 i;

	if (annotator != NULL)
		return strcmp(who, annotator) == 0;
	for (i = 0; i < nst; i++)
		if (st[i].done && strcmp(st[i].annotator, who) == 0)
			return 1;
	return 0;
}

/* The corpus being gathered; sentences refer to words and chunks by
   index until every article is in (the arrays move as they grow). */
struct tagger_gather {
	struct store		*s;
	struct tagger_corpus	*c;
	size_t			 cap_sent, cap_words, cap_chunks, cap_texts;
	size_t			 nwords, nchunks;
	size_t			*sent_word, *sent_chunk;
	struct store_label	*schema;
	size_t			 nschema;
	size_t			*used;		/* spans per schema label */
};

static size_t
tagger_schema_index(const struct tagger_gather *g, const char *label)
{
	size_t	 i;

	for (i = 0; i < g->nschema; i++)
		if (strcmp(g->schema[i].name, label) == 0)
			return i;
	return SIZE_MAX;
}

/* Snap spans to tokens, longest first (as the CoNLL export keeps the
   longest of overlapping spans). */
static size_t
tagger_snap(const struct tagger_gather *g, const struct store_article *a,
    const struct article_token *tok, size_t ntok,
    const struct store_span *sp, size_t nsp, const char *annotator,
    const struct store_status *st, size_t nst, struct tagger_gold **out)
{
	struct tagger_gold	*v = NULL;
	size_t			 n = 0, cap = 0, i, first, last, label;

	for (i = 0; i < nsp; i++) {
		if (sp[i].status != STORE_ACCEPTED ||
		    !tagger_gold_annotator(sp[i].annotator, annotator, st,
		    nst) || !store_span_fits(&sp[i], a->text, a->text_len) ||
		    (label = tagger_schema_index(g, sp[i].label)) ==
		    SIZE_MAX)
			continue;
		first = tagger_token_after(tok, ntok, sp[i].start_byte);
		if (first == ntok || tok[first].start >= sp[i].end_byte)
			continue;
		last = tagger_token_after(tok, ntok, sp[i].end_byte - 1);
		if (last == ntok || tok[last].start >= sp[i].end_byte)
			last--;
		ARRAY_RESERVE(v, cap, n + 1);
		v[n].first = first;
		v[n].last = last;
		v[n].label = label;
		v[n].cp = sp[i].end - sp[i].start;
		v[n].id = sp[i].id;
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), tagger_gold_order);
	*out = v;
	return n;
}

/* The sentences of an article's tokens into the corpus, with the gold
   chunks that own[] gives (-1: no chunk). */
static void
tagger_gather_sentences(struct tagger_gather *g, const char *text,
    const struct article_token *tok, size_t ntok, const long *own,
    const struct tagger_gold *gold)
{
	struct tagger_corpus	*c = g->c;
	size_t			 t, first = 0;
	struct tagger_sentence	*sent = NULL;

	for (t = 0; t < ntok; t++) {
		if (sent == NULL || tok[t].sentence_start) {
			ARRAY_RESERVE(c->sentences, g->cap_sent,
			    c->nsentences + 1);
			g->sent_word = xreallocarray(g->sent_word,
			    g->cap_sent, sizeof(*g->sent_word));
			g->sent_chunk = xreallocarray(g->sent_chunk,
			    g->cap_sent, sizeof(*g->sent_chunk));
			c->sentence_article = xreallocarray(
			    c->sentence_article, g->cap_sent,
			    sizeof(*c->sentence_article));
			c->sentence_article[c->nsentences] = c->articles - 1;
			sent = &c->sentences[c->nsentences];
			memset(sent, 0, sizeof(*sent));
			g->sent_word[c->nsentences] = g->nwords;
			g->sent_chunk[c->nsentences] = g->nchunks;
			c->nsentences++;
			first = t;
		}
		ARRAY_RESERVE(c->words, g->cap_words, g->nwords + 1);
		c->words[g->nwords].s = text + tok[t].start;
		c->words[g->nwords].len = tok[t].end - tok[t].start;
		g->nwords++;
		sent->n++;
		if (own[t] >= 0 && gold[own[t]].first == t) {
			ARRAY_RESERVE(c->chunks, g->cap_chunks,
			    g->nchunks + 1);
			c->chunks[g->nchunks].first = t - first;
			c->chunks[g->nchunks].last = gold[own[t]].last - first;
			c->chunks[g->nchunks].label = gold[own[t]].label;
			c->chunks[g->nchunks].score = 1;
			g->nchunks++;
			sent->nchunks++;
			g->used[gold[own[t]].label]++;
			c->spans++;
		}
	}
	c->tokens += ntok;
}

/* Give each token the gold chunk it belongs to (the longest first, an
   overlapping one left out); no sentence starts inside a chunk. */
static long *
tagger_owners(struct article_token *tok, size_t ntok,
    const struct tagger_gold *gold, size_t ngold)
{
	long	*own = xreallocarray(NULL, ntok ? ntok : 1, sizeof(*own));
	size_t	 i, t;
	int	 free_run;

	for (t = 0; t < ntok; t++)
		own[t] = -1;
	for (i = 0; i < ngold; i++) {
		for (t = gold[i].first, free_run = 1; t <= gold[i].last; t++)
			if (own[t] >= 0)
				free_run = 0;
		if (!free_run)
			continue;
		for (t = gold[i].first; t <= gold[i].last; t++) {
			own[t] = (long)i;
			if (t > gold[i].first)
				tok[t].sentence_start = 0;
		}
	}
	return own;
}

/* One article into the corpus. */
static int
tagger_gather_article(struct tagger_gather *g, int64_t id,
    const char *annotator, char **errp)
{
	struct tagger_corpus	*c = g->c;
	struct store_article	 a;
	struct store_span	*sp = NULL;
	struct store_status	*st = NULL;
	struct article_token	*tok = NULL;
	struct tagger_gold	*gold = NULL;
	size_t			 nsp = 0, nst = 0, ntok, ngold;
	long			*own;

	if (store_article_get(g->s, id, NULL, &a, errp) == -1)
		return -1;
	if (store_span_list(g->s, id, annotator, &sp, &nsp, errp) == -1 ||
	    (annotator == NULL && store_status_rows(g->s, id, &st, &nst,
	    errp) == -1)) {
		store_article_free(&a);
		store_spans_free(sp, nsp);
		return -1;
	}
	ntok = article_tokens(a.text, a.text_len, a.meta, &tok);
	ngold = tagger_snap(g, &a, tok, ntok, sp, nsp, annotator, st, nst,
	    &gold);
	own = tagger_owners(tok, ntok, gold, ngold);
	/* The words point into the text, which the corpus keeps. */
	ARRAY_RESERVE(c->texts, g->cap_texts, c->articles + 1);
	c->texts[c->articles] = a.text;
	a.text = NULL;
	c->ids[c->articles] = id;
	c->articles++;
	tagger_gather_sentences(g, c->texts[c->articles - 1], tok, ntok, own,
	    gold);
	free(own);
	free(gold);
	free(tok);
	store_spans_free(sp, nsp);
	store_status_rows_free(st, nst);
	store_article_free(&a);
	return 0;
}

/* Only the labels the spans use, in the schema's order. */
static void
tagger_gather_labels(struct tagger_gather *g)
{
	struct tagger_corpus	*c = g->c;
	size_t			*map, i;

	map = xcalloc(g->nschema ? g->nschema : 1, sizeof(*map));
	c->labels = xcalloc(g->nschema ? g->nschema : 1,
	    sizeof(*c->labels));
	for (i = 0; i < g->nschema; i++)
		if (g->used[i] > 0) {
			map[i] = c->nlabels;
			c->labels[c->nlabels++] = xstrdup(g->schema[i].name);
		}
	for (i = 0; i < g->nchunks; i++)
		c->chunks[i].label = map[c->chunks[i].label];
	for (i = 0; i < c->nsentences; i++) {
		c->sentences[i].words = c->words + g->sent_word[i];
		c->sentences[i].chunks = c->chunks + g->sent_chunk[i];
	}
	free(map);
}

int
tagger_corpus_load(struct store *s, const char *annotator, const char *tag,
    struct tagger_corpus *c, char **errp)
{
	struct tagger_gather		 g;
	struct store_article_filter	 f;
	struct store_article		*rows = NULL;
	size_t				 nrows = 0, i;
	int				 rc = -1;

	memset(c, 0, sizeof(*c));
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.c = c;
	memset(&f, 0, sizeof(f));
	f.annotator = annotator;
	f.tag = tag;
	f.status = 1;
	if (store_read_begin(s, errp) == -1)
		return -1;
	if (store_label_list(s, &g.schema, &g.nschema, errp) == -1 ||
	    store_article_rows(s, &f, 0, SIZE_MAX / 2, &rows, &nrows,
	    errp) == -1)
		goto out;
	g.used = xcalloc(g.nschema ? g.nschema : 1, sizeof(*g.used));
	c->ids = xcalloc(nrows ? nrows : 1, sizeof(*c->ids));
	for (i = 0; i < nrows; i++)
		if (tagger_gather_article(&g, rows[i].id, annotator,
		    errp) == -1)
			goto out;
	tagger_gather_labels(&g);
	rc = 0;
out:
	store_read_end(s);
	store_article_rows_free(rows, nrows);
	store_labels_free(g.schema, g.nschema);
	free(g.used);
	free(g.sent_word);
	free(g.sent_chunk);
	if (rc == -1)
		tagger_corpus_free(c);
	return rc;
}

void
tagger_corpus_free(struct tagger_corpus *c)
{
	size_t	 i;

	for (i = 0; i < c->nlabels; i++)
		free(c->labels[i]);
	free(c->labels);
	for (i = 0; i < c->articles; i++)
		free(c->texts[i]);
	free(c->texts);
	free(c->sentences);
	free(c->words);
	free(c->chunks);
	free(c->ids);
	free(c->sentence_article);
	memset(c, 0, sizeof(*c));
}

static void
tagger_json_string_or_null(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "null");
	else
		json_write_string(b, s, strlen(s));
}

char *
tagger_corpus_json(const struct tagger_corpus *c, const char *annotator,
    const char *tag, int epochs, uint64_t seed)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	buf_adds(&b, "{\"annotator\":");
	tagger_json_string_or_null(&b, annotator);
	buf_adds(&b, ",\"tag\":");
	tagger_json_string_or_null(&b, tag);
	buf_printf(&b, ",\"epochs\":%d,\"seed\":%llu,\"articles\":[", epochs,
	    (unsigned long long)seed);
	for (i = 0; i < c->articles; i++)
		buf_printf(&b, "%s%lld", i > 0 ? "," : "",
		    (long long)c->ids[i]);
	buf_printf(&b, "],\"sentences\":%zu,\"tokens\":%zu,\"spans\":%zu,"
	    "\"labels\":[", c->nsentences, c->tokens, c->spans);
	for (i = 0; i < c->nlabels; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		json_write_string(&b, c->labels[i], strlen(c->labels[i]));
	}
	buf_adds(&b, "]}");
	return buf_detach(&b);
}

char *
tagger_corpus_json_lexicon(const struct tagger_corpus *c,
    const char *annotator, const char *tag, int epochs, uint64_t seed,
    unsigned features, const struct tagger_lexicon_stats *st)
{
	char	*j = tagger_corpus_json(c, annotator, tag, epochs, seed);
	char	*names = tagger_features_name(features), *out;

	/* The object without its closing brace, and more. */
	j[strlen(j) - 1] = '\0';
	out = xasprintf("%s,\"features\":\"%s\",\"gazetteers\":%zu,"
	    "\"names\":%zu,\"cluster_articles\":%zu,\"cluster_tokens\":%zu,"
	    "\"clustered_words\":%zu}", j, names, st->lists, st->names,
	    st->articles, st->tokens, st->clustered);
	free(j);
	free(names);
	return out;
}

/* --- the lexicon ------------------------------------------------------- */

struct tagger_list_names {
	struct tagger_lexicon	*lx;
	int			 ignore_case;
	size_t			 names;
	char			*err;
};

/* One name of a gazetteer, as the tokens margin cuts it into. */
static int
tagger_list_name(void *ctx, const char *name, const char *label)
{
	struct tagger_list_names *ln = ctx;
	struct article_token	*tok = NULL;
	struct tagger_word	*w;
	size_t			 n, i;
	int			 rc;

	n = article_tokens(name, strlen(name), NULL, &tok);
	w = xcalloc(n ? n : 1, sizeof(*w));
	for (i = 0; i < n; i++) {
		w[i].s = name + tok[i].start;
		w[i].len = tok[i].end - tok[i].start;
	}
	rc = tagger_lexicon_add_name(ln->lx, w, n, label, ln->ignore_case,
	    &ln->err);
	ln->names++;
	free(w);
	free(tok);
	return rc == -1 ? -1 : 0;
}

static int
tagger_lexicon_names(struct store *s, struct tagger_lexicon *lx,
    struct tagger_lexicon_stats *st, char **errp)
{
	struct store_gazetteer	*v = NULL;
	struct tagger_list_names ln;
	size_t			 n = 0, i;
	int			 found, ic, rc = 0;

	if (store_gazetteer_list(s, &v, &n, errp) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		memset(&ln, 0, sizeof(ln));
		ln.lx = lx;
		ln.ignore_case = v[i].ignore_case;
		rc = store_gazetteer_names(s, v[i].name, tagger_list_name, &ln,
		    &found, &ic, errp);
		if (rc != 0 && ln.err != NULL) {
			free(*errp);
			*errp = ln.err;
			ln.err = NULL;
		}
		if (rc != 0)
			err_prefix(errp, "gazetteer %s", v[i].name);
		free(ln.err);
		st->names += ln.names;
		st->lists++;
	}
	store_gazetteers_free(v, n);
	return rc != 0 ? -1 : 0;
}

/* The sentences of one article into the text of the clusters. */
static int
tagger_lexicon_article(struct store *s, struct tagger_lexicon *lx,
    int64_t id, char **errp)
{
	struct store_article	 a;
	struct article_token	*tok = NULL;
	struct tagger_word	*w;
	size_t			 ntok, i, first = 0;

	if (store_article_get(s, id, NULL, &a, errp) == -1)
		return -1;
	ntok = article_tokens(a.text, a.text_len, a.meta, &tok);
	w = xcalloc(ntok ? ntok : 1, sizeof(*w));
	for (i = 0; i <= ntok; i++) {
		if (i == ntok || (tok[i].sentence_start && i > first)) {
			tagger_lexicon_text_add(lx, w + first, i - first);
			first = i;
		}
		if (i < ntok) {
			w[i].s = a.text + tok[i].start;
			w[i].len = tok[i].end - tok[i].start;
		}
	}
	free(w);
	free(tok);
	store_article_free(&a);
	return 0;
}

static int
tagger_lexicon_text(struct store *s, struct tagger_lexicon *lx,
    size_t max_tokens, struct tagger_lexicon_stats *st, char **errp)
{
	struct store_article_filter	 f;
	struct store_article		*rows = NULL;
	size_t				 nrows = 0, i;
	int				 rc = 0;

	memset(&f, 0, sizeof(f));
	if (store_article_rows(s, &f, 0, SIZE_MAX / 2, &rows, &nrows,
	    errp) == -1)
		return -1;
	for (i = 0; i < nrows && rc == 0 &&
	    tagger_lexicon_text_tokens(lx) < max_tokens; i++) {
		rc = tagger_lexicon_article(s, lx, rows[i].id, errp);
		st->articles++;
	}
	st->tokens = tagger_lexicon_text_tokens(lx);
	store_article_rows_free(rows, nrows);
	return rc;
}

int
tagger_lexicon_load(struct store *s, const struct tagger_lexicon_options *o,
    struct tagger_lexicon **lxp, struct tagger_lexicon_stats *st,
    char **errp)
{
	struct tagger_lexicon	*lx = tagger_lexicon_new();
	unsigned		 features = o->features ? o->features :
	    TAGGER_FEATURES_DEFAULT;
	int64_t			 start;
	int			 rc = 0;

	*lxp = NULL;
	memset(st, 0, sizeof(*st));
	if (store_read_begin(s, errp) == -1) {
		tagger_lexicon_free(lx);
		return -1;
	}
	if (features & TAGGER_FEATURE_GAZETTEER)
		rc = tagger_lexicon_names(s, lx, st, errp);
	if (rc == 0 && (features & TAGGER_FEATURE_CLUSTERS))
		rc = tagger_lexicon_text(s, lx, o->max_tokens ? o->max_tokens :
		    5000000, st, errp);
	store_read_end(s);
	if (rc == 0 && (features & TAGGER_FEATURE_CLUSTERS)) {
		start = mono_ms();
		rc = tagger_lexicon_cluster(lx, &o->clusters, errp);
		st->seconds = (double)(mono_ms() - start) / 1000.0;
		st->clustered = tagger_lexicon_cluster_count(lx);
	}
	if (rc == -1) {
		tagger_lexicon_free(lx);
		return -1;
	}
	*lxp = lx;
	return 0;
}

int
tagger_store_load(struct store *s, struct tagger **t, int *found,
    char **errp)
{
	struct store_model	 m;
	int			 rc;

	*t = NULL;
	if (store_model_latest(s, &m, found, errp) == -1)
		return -1;
	if (!*found)
		return 0;
	rc = tagger_load(m.params, m.params_len, t, errp);
	if (rc == -1)
		err_prefix(errp, "model %lld", (long long)m.id);
	store_model_free(&m);
	return rc;
}
