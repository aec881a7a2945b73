/*
 * cmd_eval.c: `margin eval GOLD` (SPEC §11): the newest model tags the
 * tokens of a gold file (CoNLL in any scheme, or JSONL) and is scored
 * with conlleval's chunk rules, per label and over all.  With
 * --cross-validate K, models are trained and scored on the database's
 * own done articles instead, K folds by article.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/cli.h"
#include "margin/conll.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/text.h"
#include "margin/tokens.h"
#include "margin/util.h"

/* A gold sentence: its words and tags (into the file's bytes, or made). */
struct eval_sentence {
	struct tagger_word	*words;
	char			**tags;
	size_t			 n, cap;
	int			 doc_start;	/* a document begins here */
};

struct eval_gold {
	struct eval_sentence	*v;
	size_t			 n, cap;
	size_t			 tokens;
};

struct eval_run {
	const struct tagger	*t;
	struct conll_score	 score;
	FILE			*out;		/* --output, or NULL */
	struct buf		 line;
};

static struct eval_sentence *
eval_sentence_new(struct eval_gold *g, int doc_start)
{
	struct eval_sentence	*s;

	ARRAY_RESERVE(g->v, g->cap, g->n + 1);
	s = &g->v[g->n++];
	memset(s, 0, sizeof(*s));
	s->doc_start = doc_start;
	return s;
}

static void
eval_word_add(struct eval_gold *g, struct eval_sentence *s, const char *w,
    size_t wlen, char *tag)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->words = xreallocarray(s->words, s->cap, sizeof(*s->words));
		s->tags = xreallocarray(s->tags, s->cap, sizeof(*s->tags));
	}
	s->words[s->n].s = w;
	s->words[s->n].len = wlen;
	s->tags[s->n] = tag;
	s->n++;
	g->tokens++;
}

/* CoNLL: a blank line ends a sentence, -DOCSTART- a document. */
static int
eval_read_conll(char *data, size_t len, struct eval_gold *g, char **errp)
{
	struct eval_sentence	*s = NULL;
	struct conll_line	 l;
	size_t			 at = 0, columns = 0, ll;
	char			*nl;
	int			 doc = 1;

	while (at < len) {
		nl = memchr(data + at, '\n', len - at);
		ll = nl != NULL ? (size_t)(nl - (data + at)) : len - at;
		switch (conll_line_parse(data + at, ll, columns, &l)) {
		case CONLL_LINE_TOKEN:
			if (columns == 0)
				columns = l.columns;
			if (s == NULL)
				s = eval_sentence_new(g, doc);
			doc = 0;
			eval_word_add(g, s, l.token, l.token_len,
			    xstrndup(l.tag, l.tag_len));
			break;
		case CONLL_LINE_DOCSTART:
			doc = 1;
			/* FALLTHROUGH */
		case CONLL_LINE_BLANK:
		case CONLL_LINE_BAD:
			s = NULL;
			break;
		case CONLL_LINE_COMMENT:
			break;
		}
		at += ll + 1;
	}
	(void)errp;
	return 0;
}

/* Write the IOB2 tags of chunks over n tokens into tags[]. */
static void
eval_chunk_tags(const struct conll_chunk *c, size_t nc, size_t n,
    char **tags)
{
	size_t	 i, k;

	for (i = 0; i < n; i++)
		tags[i] = xstrdup("O");
	for (k = 0; k < nc; k++)
		for (i = c[k].first; i <= c[k].last && i < n; i++) {
			free(tags[i]);
			tags[i] = xasprintf("%s-%s", i == c[k].first ? "B" :
			    "I", c[k].type);
		}
}

/* One JSONL article: its tokens (cut as margin cuts a text) in
   sentences, the spans snapped to them as gold tags. */
static int
eval_read_article(const struct json *j, struct eval_gold *g, char **text)
{
	const struct json	*spans = json_get(j, "spans"), *tj;
	struct article_token	*tok = NULL;
	struct conll_chunk	*c = NULL;
	struct text_offsets	 off;
	struct eval_sentence	*s = NULL;
	size_t			 ntok, nc = 0, i, k, first, b, e, sent0 = 0;
	char			**tags;

	tj = json_get(j, "text");
	if (tj == NULL || tj->type != JSON_STRING)
		return -1;
	*text = xstrndup(tj->str, tj->len);
	ntok = article_tokens(*text, tj->len, NULL, &tok);
	text_offsets_init(&off, *text, tj->len);
	c = xcalloc(spans != NULL && spans->type == JSON_ARRAY ?
	    spans->n + 1 : 1, sizeof(*c));
	for (k = 0; spans != NULL && spans->type == JSON_ARRAY &&
	    k < spans->n; k++) {
		const struct json *sp = &spans->items[k];
		const char	*label = json_get_string(sp, "label");
		const struct json *js = json_get(sp, "start");
		const struct json *je = json_get(sp, "end");

		if (label == NULL || js == NULL || je == NULL ||
		    !json_is_integer(js) || !json_is_integer(je) ||
		    js->integer < 0 || je->integer <= js->integer)
			continue;
		b = text_offsets_byte(&off, (size_t)js->integer);
		e = text_offsets_byte(&off, (size_t)je->integer);
		for (first = SIZE_MAX, i = 0; i < ntok; i++)
			if (tok[i].end > b && tok[i].start < e) {
				if (first == SIZE_MAX)
					first = i;
				c[nc].last = i;
			}
		if (first == SIZE_MAX)
			continue;
		c[nc].first = first;
		c[nc].type = xstrdup(label);
		nc++;
	}
	tags = xcalloc(ntok ? ntok : 1, sizeof(*tags));
	eval_chunk_tags(c, nc, ntok, tags);
	for (i = 0; i < ntok; i++) {
		if (s == NULL || (tok[i].sentence_start &&
		    strncmp(tags[i], "I-", 2) != 0)) {
			s = eval_sentence_new(g, i == 0);
			sent0 = i;
		}
		(void)sent0;
		eval_word_add(g, s, *text + tok[i].start,
		    tok[i].end - tok[i].start, tags[i]);
	}
	free(tags);
	conll_chunks_free(c, nc);
	text_offsets_free(&off);
	free(tok);
	return 0;
}

/* JSONL: one article a line, {"text": ..., "spans": [...]}. */
static int
eval_read_jsonl(const char *data, size_t len, struct eval_gold *g,
    char ***texts, size_t *ntexts, char **errp)
{
	size_t	 at = 0, ll, lineno = 0;
	const char *nl;
	struct json *j;

	while (at < len) {
		nl = memchr(data + at, '\n', len - at);
		ll = nl != NULL ? (size_t)(nl - (data + at)) : len - at;
		lineno++;
		if (ll > 0) {
			j = json_parse(data + at, ll, 0, NULL);
			*texts = xreallocarray(*texts, *ntexts + 1,
			    sizeof(**texts));
			(*texts)[*ntexts] = NULL;
			if (j == NULL || j->type != JSON_OBJECT ||
			    eval_read_article(j, g, &(*texts)[*ntexts]) == -1) {
				json_free(j);
				free((*texts)[*ntexts]);
				return err_set(errp, "line %zu: not an "
				    "article with a text", lineno);
			}
			(*ntexts)++;
			json_free(j);
		}
		at += ll + 1;
	}
	return 0;
}

/* The article of the gold sentences from first on (to the next
   -DOCSTART-, or the next JSONL line); *end its end. */
static struct tagger_article *
eval_gold_article(const struct eval_gold *g, size_t first, size_t *end)
{
	struct tagger_article	*a;
	struct tagger_sentence	*v;
	size_t			 i;

	for (i = first + 1; i < g->n && !g->v[i].doc_start; i++)
		;
	*end = i;
	v = xcalloc(i - first, sizeof(*v));
	for (i = first; i < *end; i++) {
		v[i - first].words = g->v[i].words;
		v[i - first].n = g->v[i].n;
	}
	a = tagger_article_new(v, *end - first);
	free(v);
	return a;
}

/* Tag one sentence of article a, score it, write it to --output. */
static void
eval_sentence(struct eval_run *r, const struct tagger_article *a,
    const struct eval_sentence *s)
{
	struct tagger_chunk	*tc;
	struct conll_chunk	*gold, *pred;
	char			**ptags;
	size_t			 ntc, ng, i;

	ntc = tagger_tag_in(r->t, a, s->words, s->n, &tc);
	pred = xcalloc(ntc + 1, sizeof(*pred));
	for (i = 0; i < ntc; i++) {
		pred[i].first = tc[i].first;
		pred[i].last = tc[i].last;
		pred[i].type = xstrdup(tagger_label(r->t, tc[i].label));
	}
	ng = conll_chunks((const char *const *)s->tags, s->n, &gold);
	conll_score_add(&r->score, gold, ng, pred, ntc);
	ptags = xcalloc(s->n ? s->n : 1, sizeof(*ptags));
	eval_chunk_tags(pred, ntc, s->n, ptags);
	for (i = 0; i < s->n; i++) {
		r->score.tokens++;
		if (strcmp(ptags[i], s->tags[i]) == 0)
			r->score.tokens_right++;
	}
	if (r->out != NULL) {
		if (s->doc_start)
			buf_adds(&r->line, CONLL_DOCSTART " O O\n\n");
		for (i = 0; i < s->n; i++) {
			buf_add(&r->line, s->words[i].s, s->words[i].len);
			buf_printf(&r->line, " %s %s\n", s->tags[i],
			    ptags[i]);
		}
		buf_addc(&r->line, '\n');
	}
	for (i = 0; i < s->n; i++)
		free(ptags[i]);
	free(ptags);
	conll_chunks_free(gold, ng);
	conll_chunks_free(pred, ntc);
	free(tc);
}

static void
eval_print_row(struct buf *b, const char *name,
    const struct conll_score_type *t)
{
	double	 p, r, f;

	conll_score_prf(t, &p, &r, &f);
	buf_printf(b, "%-12s precision %6.2f%%  recall %6.2f%%  F1 %6.2f  "
	    "(%zu gold, %zu found, %zu right)\n", name, 100 * p, 100 * r,
	    100 * f, t->gold, t->found, t->correct);
}

static void
eval_report(struct buf *b, const struct conll_score *sc,
    const struct eval_gold *g, double seconds)
{
	struct conll_score_type	 total;
	size_t			 i;

	conll_score_total(sc, &total);
	buf_printf(b, "%zu tokens in %zu sentences, %zu gold chunks, %zu "
	    "found, %zu right; token accuracy %.2f%%\n", g->tokens, g->n,
	    total.gold, total.found, total.correct, sc->tokens ?
	    100.0 * (double)sc->tokens_right / (double)sc->tokens : 0);
	for (i = 0; i < sc->ntypes; i++)
		eval_print_row(b, sc->types[i].type, &sc->types[i]);
	eval_print_row(b, "overall", &total);
	buf_printf(b, "tagged in %.2f s: %.0f tokens/s\n", seconds,
	    seconds > 0 ? (double)g->tokens / seconds : 0);
}

static void
eval_gold_free(struct eval_gold *g)
{
	size_t	 i, k;

	for (i = 0; i < g->n; i++) {
		for (k = 0; k < g->v[i].n; k++)
			free(g->v[i].tags[k]);
		free(g->v[i].tags);
		free(g->v[i].words);
	}
	free(g->v);
}

struct eval_args {
	const char	*gold;
	const char	*output;
	int		 folds;		/* --cross-validate */
	const char	*annotator;	/* of the training corpus */
	const char	*tag;
	int		 epochs;
	uint64_t	 seed;
	struct tagger_lexicon_options lexicon;
};

/* --- cross-validation -------------------------------------------------- */

/* A sentence's chunks as conlleval's, with the corpus's label names. */
static size_t
eval_corpus_chunks(const struct tagger_corpus *c,
    const struct tagger_chunk *k, size_t n, struct conll_chunk **out)
{
	struct conll_chunk	*v = xcalloc(n + 1, sizeof(*v));
	size_t			 i;

	for (i = 0; i < n; i++) {
		v[i].first = k[i].first;
		v[i].last = k[i].last;
		v[i].type = xstrdup(c->labels[k[i].label]);
	}
	*out = v;
	return n;
}

/* The CoNLL lines of a sentence: token, gold and predicted (IOB2). */
static void
eval_write_sentence(struct buf *b, const struct tagger_sentence *s,
    const struct conll_chunk *gold, size_t ng,
    const struct conll_chunk *pred, size_t np)
{
	char	**gt = xcalloc(s->n ? s->n : 1, sizeof(*gt));
	char	**pt = xcalloc(s->n ? s->n : 1, sizeof(*pt));
	size_t	 i;

	eval_chunk_tags(gold, ng, s->n, gt);
	eval_chunk_tags(pred, np, s->n, pt);
	for (i = 0; i < s->n; i++) {
		buf_add(b, s->words[i].s, s->words[i].len);
		buf_printf(b, " %s %s\n", gt[i], pt[i]);
		free(gt[i]);
		free(pt[i]);
	}
	buf_addc(b, '\n');
	free(gt);
	free(pt);
}

struct eval_fold {
	struct conll_score	 score;
	size_t			 articles, tokens;
	double			 train_s, tag_s;
};

/* Tag fold f's sentences with model t, scoring them into fold and all. */
static void
eval_fold_test(const struct tagger_corpus *c, const struct tagger *t,
    int folds, int f, struct eval_fold *fold, struct conll_score *all,
    struct buf *out)
{
	struct tagger_chunk	*tc;
	struct tagger_article	*a = NULL;
	struct conll_chunk	*gold, *pred;
	size_t			 i, k, ng, np, end, last = SIZE_MAX;

	for (i = 0; i < c->nsentences; i++) {
		const struct tagger_sentence *s = &c->sentences[i];

		if ((int)(c->sentence_article[i] % (size_t)folds) != f)
			continue;
		if (c->sentence_article[i] != last) {
			fold->articles++;
			last = c->sentence_article[i];
			for (end = i + 1; end < c->nsentences &&
			    c->sentence_article[end] == last; end++)
				;
			tagger_article_free(a);
			a = tagger_article_new(s, end - i);
			if (out != NULL)
				buf_adds(out, CONLL_DOCSTART " O O\n\n");
		}
		np = tagger_tag_in(t, a, s->words, s->n, &tc);
		pred = xcalloc(np + 1, sizeof(*pred));
		for (k = 0; k < np; k++) {
			pred[k].first = tc[k].first;
			pred[k].last = tc[k].last;
			pred[k].type = xstrdup(tagger_label(t, tc[k].label));
		}
		ng = eval_corpus_chunks(c, s->chunks, s->nchunks, &gold);
		conll_score_add(&fold->score, gold, ng, pred, np);
		conll_score_add(all, gold, ng, pred, np);
		fold->tokens += s->n;
		if (out != NULL)
			eval_write_sentence(out, s, gold, ng, pred, np);
		conll_chunks_free(gold, ng);
		conll_chunks_free(pred, np);
		free(tc);
	}
	tagger_article_free(a);
}

/* Train on every fold but f. */
static int
eval_fold_train(const struct tagger_corpus *c, const struct eval_args *ea,
    const struct tagger_lexicon *lx, int f, struct tagger **t, char **errp)
{
	struct tagger_sentence	*train;
	struct tagger_options	 o;
	size_t			 i, n = 0, *articles;
	int			 rc;

	train = xcalloc(c->nsentences ? c->nsentences : 1, sizeof(*train));
	articles = xcalloc(c->nsentences ? c->nsentences : 1,
	    sizeof(*articles));
	for (i = 0; i < c->nsentences; i++)
		if ((int)(c->sentence_article[i] % (size_t)ea->folds) != f) {
			articles[n] = c->sentence_article[i];
			train[n++] = c->sentences[i];
		}
	memset(&o, 0, sizeof(o));
	o.epochs = ea->epochs;
	o.seed = ea->seed;
	o.features = ea->lexicon.features;
	o.lexicon = lx;
	o.articles = articles;
	rc = tagger_train((const char *const *)c->labels, c->nlabels, train,
	    n, &o, t, errp);
	free(train);
	free(articles);
	return rc;
}

static void
eval_fold_row(struct buf *b, const char *name, const struct eval_fold *fold)
{
	struct conll_score_type	 total;
	double			 p, r, f;

	conll_score_total(&fold->score, &total);
	conll_score_prf(&total, &p, &r, &f);
	buf_printf(b, "%-8s %4zu articles %7zu tokens  precision %6.2f%%  "
	    "recall %6.2f%%  F1 %6.2f  (trained in %.2f s, tagged %.0f "
	    "tokens/s)\n", name, fold->articles, fold->tokens, 100 * p,
	    100 * r, 100 * f, fold->train_s, fold->tag_s > 0 ?
	    (double)fold->tokens / fold->tag_s : 0);
}

/* The mean over the folds of each one's precision, recall and F1. */
static void
eval_fold_means(struct buf *b, const struct eval_fold *folds, int n)
{
	struct conll_score_type	 total;
	double			 p, r, f, mp = 0, mr = 0, mf = 0;
	int			 i;

	for (i = 0; i < n; i++) {
		conll_score_total(&folds[i].score, &total);
		conll_score_prf(&total, &p, &r, &f);
		mp += p / n;
		mr += r / n;
		mf += f / n;
	}
	buf_printf(b, "mean of %d folds: precision %6.2f%%  recall %6.2f%%  "
	    "F1 %6.2f\n", n, 100 * mp, 100 * mr, 100 * mf);
}

static int
eval_cross_folds(struct store *s, const struct eval_args *ea,
    const struct tagger_corpus *c, const struct tagger_lexicon *lx,
    struct buf *report, struct buf *out, char **errp)
{
	struct eval_fold	*folds;
	struct conll_score	 all;
	struct tagger		*t;
	char			 name[32];
	int64_t			 start;
	int			 f, rc = 0;

	folds = xcalloc((size_t)ea->folds, sizeof(*folds));
	memset(&all, 0, sizeof(all));
	for (f = 0; f < ea->folds && rc == 0; f++) {
		start = mono_ms();
		if ((rc = eval_fold_train(c, ea, lx, f, &t, errp)) == -1) {
			err_prefix(errp, "fold %d", f + 1);
			break;
		}
		folds[f].train_s = (double)(mono_ms() - start) / 1000.0;
		start = mono_ms();
		eval_fold_test(c, t, ea->folds, f, &folds[f], &all, out);
		folds[f].tag_s = (double)(mono_ms() - start) / 1000.0;
		tagger_free(t);
		snprintf(name, sizeof(name), "fold %d", f + 1);
		eval_fold_row(report, name, &folds[f]);
	}
	if (rc == 0) {
		struct conll_score_type total;
		size_t			i;

		eval_fold_means(report, folds, ea->folds);
		for (i = 0; i < all.ntypes; i++)
			eval_print_row(report, all.types[i].type,
			    &all.types[i]);
		conll_score_total(&all, &total);
		eval_print_row(report, "overall", &total);
	}
	for (f = 0; f < ea->folds; f++)
		conll_score_free(&folds[f].score);
	free(folds);
	conll_score_free(&all);
	(void)s;
	return rc;
}

static int
eval_cross_validate(struct store *s, const struct eval_args *ea,
    char **errp)
{
	struct tagger_corpus	 c;
	struct tagger_lexicon_stats st;
	struct tagger_lexicon	*lx = NULL;
	struct buf		 report = BUF_INIT, out = BUF_INIT;
	struct file_out		 fo;
	int			 rc = -1;

	if (tagger_corpus_load(s, ea->annotator, ea->tag, &c, errp) == -1)
		return -1;
	if (c.spans == 0 || c.articles < (size_t)ea->folds) {
		err_set(errp, "%zu article%s done with %zu spans: %d folds "
		    "need at least %d articles with spans", c.articles,
		    c.articles == 1 ? "" : "s", c.spans, ea->folds, ea->folds);
		goto out;
	}
	if (tagger_lexicon_load(s, &ea->lexicon, &lx, &st, errp) == -1)
		goto out;
	buf_printf(&report, "%d folds over %zu articles done, %zu sentences, "
	    "%zu tokens, %zu spans (article i in fold i mod %d)\n",
	    ea->folds, c.articles, c.nsentences, c.tokens, c.spans,
	    ea->folds);
	if (eval_cross_folds(s, ea, &c, lx, &report, ea->output != NULL ?
	    &out : NULL, errp) == -1)
		goto out;
	if (ea->output != NULL) {
		if (file_out_open(&fo, ea->output, errp) == -1)
			goto out;
		fwrite(out.data != NULL ? out.data : "", 1, out.len, fo.f);
		if (file_out_commit(&fo, errp) == -1)
			goto out;
	}
	cli_print(stdout, report.data, report.len);
	rc = 0;
out:
	buf_free(&report);
	buf_free(&out);
	tagger_lexicon_free(lx);
	tagger_corpus_free(&c);
	return rc;
}

static int
eval_run(struct store *s, const struct eval_args *ea, char **errp)
{
	struct eval_gold	 g;
	struct eval_run		 r;
	struct file_out		 fo;
	struct tagger		*t = NULL;
	struct tagger_article	*a;
	struct buf		 report = BUF_INIT;
	char			*data = NULL, **texts = NULL;
	size_t			 len = 0, i, k, end, ntexts = 0, skip = 0;
	int64_t			 start;
	int			 found, rc = -1;

	memset(&g, 0, sizeof(g));
	memset(&r, 0, sizeof(r));
	if (tagger_store_load(s, &t, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no model yet: run margin train first");
	if (file_read_all(ea->gold, &data, &len, errp) == -1)
		goto out;
	while (skip < len && (data[skip] == ' ' || data[skip] == '\n' ||
	    data[skip] == '\t' || data[skip] == '\r'))
		skip++;
	if (skip < len && data[skip] == '{')
		rc = eval_read_jsonl(data, len, &g, &texts, &ntexts, errp);
	else
		rc = eval_read_conll(data, len, &g, errp);
	if (rc == -1) {
		err_prefix(errp, "%s", ea->gold);
		goto out;
	}
	rc = -1;
	if (ea->output != NULL) {
		if (file_out_open(&fo, ea->output, errp) == -1)
			goto out;
		r.out = fo.f;
	}
	r.t = t;
	start = mono_ms();
	for (i = 0; i < g.n; i = end) {
		a = eval_gold_article(&g, i, &end);
		for (k = i; k < end; k++) {
			eval_sentence(&r, a, &g.v[k]);
			if (r.out != NULL && r.line.len >= 65536) {
				fwrite(r.line.data, 1, r.line.len, r.out);
				buf_truncate(&r.line, 0);
			}
		}
		tagger_article_free(a);
	}
	eval_report(&report, &r.score, &g, (double)(mono_ms() - start) /
	    1000.0);
	if (r.out != NULL) {
		fwrite(r.line.data != NULL ? r.line.data : "", 1, r.line.len,
		    r.out);
		if (file_out_commit(&fo, errp) == -1)
			goto out;
	}
	cli_print(stdout, report.data, report.len);
	rc = 0;
out:
	buf_free(&report);
	buf_free(&r.line);
	conll_score_free(&r.score);
	eval_gold_free(&g);
	for (i = 0; i < ntexts; i++)
		free(texts[i]);
	free(texts);
	free(data);
	tagger_free(t);
	return rc;
}

static void
eval_features(const char *v, unsigned *mask)
{
	char	*err = NULL;

	if (tagger_features_parse(v, mask, &err) == -1) {
		cli_usage_error("--features: %s", err);
		free(err);
	}
}

static int
cmd_eval(struct cli *c)
{
	struct eval_args	 ea;
	struct store		*s;
	const char		*v;
	char			*annotator, *err = NULL;
	int			 a, rc = 0;

	memset(&ea, 0, sizeof(ea));
	ea.epochs = 10;
	ea.seed = 1;
	ea.lexicon.features = TAGGER_FEATURES_DEFAULT;
	for (a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--output", "-o")))
			ea.output = v;
		else if ((v = cli_value(c->argc, c->argv, &a,
		    "--cross-validate", "-k")))
			ea.folds = (int)cli_number("--cross-validate", v, 2,
			    100);
		else if ((v = cli_value(c->argc, c->argv, &a, "--annotator",
		    NULL)))
			ea.annotator = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--tag", NULL)))
			ea.tag = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--epochs",
		    NULL)))
			ea.epochs = (int)cli_number("--epochs", v, 1, 1000);
		else if ((v = cli_value(c->argc, c->argv, &a, "--seed", NULL)))
			ea.seed = (uint64_t)cli_number("--seed", v, 0,
			    2147483647L);
		else if ((v = cli_value(c->argc, c->argv, &a, "--features",
		    NULL)))
			eval_features(v, &ea.lexicon.features);
		else if (c->argv[a][0] == '-' && c->argv[a][1] != '\0')
			cli_usage_error("unknown option %s", c->argv[a]);
		else if (ea.gold == NULL)
			ea.gold = c->argv[a];
		else
			cli_usage_error("one gold file, not %s too",
			    c->argv[a]);
	}
	if (ea.gold == NULL && ea.folds == 0)
		cli_usage_error("which gold file?");
	if (ea.gold != NULL && ea.folds > 0)
		cli_usage_error("a gold file or --cross-validate, not both");
	if (ea.folds == 0 && (ea.annotator != NULL || ea.tag != NULL))
		cli_usage_error("--annotator and --tag choose what "
		    "--cross-validate trains on");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	if ((ea.folds > 0 ? eval_cross_validate(s, &ea, &err) :
	    eval_run(s, &ea, &err)) == -1) {
		cli_error("eval", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	store_close(s);
	free(annotator);
	return rc;
}

const struct command cmd_eval_entry = {
	.name = "eval",
	.summary = "score the tagger's model on a gold file",
	.usage = "GOLD [--output FILE] |\n"
	"--cross-validate K [--annotator A] [--tag T]\n"
	"[--epochs N] [--seed S] [--features LIST]\n"
	"[--output FILE]",
	.help =
	"Tag the tokens of GOLD (CoNLL in any tag scheme, or JSONL with\n"
	"\"text\" and \"spans\") with the newest model and print precision,\n"
	"recall and F1 per label and overall, by conlleval's chunk rules,\n"
	"and how many tokens a second it tagged.\n"
	"  -o, --output FILE  write \"token gold predicted\" lines (IOB2), the\n"
	"                     input of conlleval\n"
	"  -k, --cross-validate K  instead of GOLD, the articles marked\n"
	"                     done in K folds (article i in fold i mod K):\n"
	"                     each fold tagged by a model trained on the\n"
	"                     others (as margin train would, with its\n"
	"                     --annotator, --tag, --epochs, --seed and\n"
	"                     --features); per fold and mean P/R/F1\n",
	.run = cmd_eval,
};
