/*
 * cmd_eval.c: `margin eval GOLD` (SPEC §11): the newest model tags the
 * tokens of a gold file (CoNLL in any scheme, or JSONL) and is scored
 * with conlleval's chunk rules, per label and over all.
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

/* Tag one sentence, score it, write it to --output. */
static void
eval_sentence(struct eval_run *r, const struct eval_sentence *s)
{
	struct tagger_chunk	*tc;
	struct conll_chunk	*gold, *pred;
	char			**ptags;
	size_t			 ntc, ng, i;

	ntc = tagger_tag(r->t, s->words, s->n, &tc);
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
};

static int
eval_run(struct store *s, const struct eval_args *ea, char **errp)
{
	struct eval_gold	 g;
	struct eval_run		 r;
	struct file_out		 fo;
	struct tagger		*t = NULL;
	struct buf		 report = BUF_INIT;
	char			*data = NULL, **texts = NULL;
	size_t			 len = 0, i, ntexts = 0, skip = 0;
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
	for (i = 0; i < g.n; i++) {
		eval_sentence(&r, &g.v[i]);
		if (r.out != NULL && r.line.len >= 65536) {
			fwrite(r.line.data, 1, r.line.len, r.out);
			buf_truncate(&r.line, 0);
		}
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

static int
cmd_eval(struct cli *c)
{
	struct eval_args	 ea;
	struct store		*s;
	const char		*v;
	char			*annotator, *err = NULL;
	int			 a, rc = 0;

	memset(&ea, 0, sizeof(ea));
	for (a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--output", "-o")))
			ea.output = v;
		else if (c->argv[a][0] == '-' && c->argv[a][1] != '\0')
			cli_usage_error("unknown option %s", c->argv[a]);
		else if (ea.gold == NULL)
			ea.gold = c->argv[a];
		else
			cli_usage_error("one gold file, not %s too",
			    c->argv[a]);
	}
	if (ea.gold == NULL)
		cli_usage_error("which gold file?");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	if (eval_run(s, &ea, &err) == -1) {
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
	.usage = "GOLD [--output FILE]",
	.help =
	"Tag the tokens of GOLD (CoNLL in any tag scheme, or JSONL with\n"
	"\"text\" and \"spans\") with the newest model and print precision,\n"
	"recall and F1 per label and overall, by conlleval's chunk rules,\n"
	"and how many tokens a second it tagged.\n"
	"  -o, --output FILE  write \"token gold predicted\" lines (IOB2), the\n"
	"                     input of conlleval\n",
	.run = cmd_eval,
};
