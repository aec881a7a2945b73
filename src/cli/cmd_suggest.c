/*
 * cmd_suggest.c: `margin suggest` (SPEC §11): write suggestions from a
 * source (a gazetteer, or the tagger's newest model) into the articles
 * the filters choose, as one bulk
 * write (one undo takes the run back), with progress on a terminal and
 * Ctrl-C stopping after the batch in hand.  Each source is one entry of
 * suggest_sources: another is added there, with its option.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "margin/assist.h"
#include "margin/cli.h"
#include "margin/gazetteer.h"
#include "margin/store.h"
#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/util.h"

/* What the command line asked for. */
struct suggest_options {
	const char	*gazetteer;	/* --gazetteer N */
	int		 propagate;	/* --propagate */
	int		 model;		/* --model */
	double		 min_score;	/* --min-score S (the model's) */
	int		 have_min_score;
	const char	*annotator;	/* --annotator A, or NULL */
	int64_t		*articles;	/* --article ID... */
	size_t		 narticles, cap;
	const char	*tag;		/* --tag T */
};

/* A source of suggestions, run step by step. */
struct suggest_source {
	const char	*name;
	const char	*unit;		/* what progress counts: "articles" */
	/* Whether the options choose this source. */
	int		(*chosen)(const struct suggest_options *);
	int		(*start)(struct store *, const char *annotator,
			    const struct suggest_options *, void **,
			    char **);
	int		(*step)(void *, char **);
	void		(*progress)(const void *, struct assist_progress *);
	void		(*finish)(void *);
};

static int
suggest_gazetteer_chosen(const struct suggest_options *o)
{
	return o->gazetteer != NULL;
}

static int
suggest_gazetteer_start(struct store *s, const char *annotator,
    const struct suggest_options *o, void **run, char **errp)
{
	struct gazetteer_scope	 scope;
	struct gazetteer_run	*r;

	memset(&scope, 0, sizeof(scope));
	scope.articles = o->articles;
	scope.narticles = o->narticles;
	scope.tag = o->tag;
	if (gazetteer_suggest_start(s, o->gazetteer, annotator, &scope, &r,
	    errp) == -1)
		return -1;
	*run = r;
	return 0;
}

static int
suggest_gazetteer_step(void *run, char **errp)
{
	return gazetteer_suggest_step(run, errp);
}

static void
suggest_gazetteer_progress(const void *run, struct assist_progress *pr)
{
	gazetteer_suggest_progress(run, pr);
}

static void
suggest_gazetteer_finish(void *run)
{
	gazetteer_suggest_finish(run);
}

/* The model's run: the tagger it loaded, and its suggestion walk. */
struct suggest_model {
	struct tagger			*t;
	struct tagger_suggestion	*p;
};

static int
suggest_model_chosen(const struct suggest_options *o)
{
	return o->model;
}

static int
suggest_model_start(struct store *s, const char *annotator,
    const struct suggest_options *o, void **run, char **errp)
{
	struct suggest_model	*m;
	int			 found;

	if (o->tag != NULL)
		return err_set(errp, "--tag goes with --gazetteer; give "
		    "the articles with --article");
	m = xcalloc(1, sizeof(*m));
	if (tagger_store_load(s, &m->t, &found, errp) == -1) {
		free(m);
		return -1;
	}
	if (!found) {
		free(m);
		return err_set(errp, "no model yet: run margin train first");
	}
	if (tagger_suggest_start(s, m->t, annotator, o->articles,
	    o->narticles, o->min_score, &m->p, errp) == -1) {
		tagger_free(m->t);
		free(m);
		return -1;
	}
	*run = m;
	return 0;
}

static int
suggest_model_step(void *run, char **errp)
{
	struct suggest_model	*m = run;

	return tagger_suggest_step(m->p, errp);
}

static void
suggest_model_progress(const void *run, struct assist_progress *pr)
{
	const struct suggest_model	*m = run;
	struct tagger_suggest_progress	 tp;

	tagger_suggest_progress(m->p, &tp);
	memset(pr, 0, sizeof(*pr));
	pr->articles_done = tp.articles_done;
	pr->articles = tp.articles;
	pr->found = tp.found;
	pr->added = tp.added;
}

static void
suggest_model_finish(void *run)
{
	struct suggest_model	*m = run;

	tagger_suggest_finish(m->p);
	tagger_free(m->t);
	free(m);
}

/*
 * --propagate: every accepted span of the annotator (in the articles the
 * filters choose) suggested at its identical, word-aligned occurrences in
 * every article, one text and label after another, all one undo group.
 */
struct suggest_pair {
	char	*text;
	char	*label;
};

struct suggest_prop {
	struct store			*s;
	char				*annotator;
	struct suggest_pair		*pairs;
	size_t				 npairs, cap, next;
	struct assist_propagation	*cur;
	struct store_group		 group;
	size_t				 added, found;
};

static int
suggest_propagate_chosen(const struct suggest_options *o)
{
	return o->propagate;
}

static int
suggest_pair_collect(void *ctx, const struct store_article *a,
    const struct store_span *sp)
{
	struct suggest_prop	*p = ctx;

	(void)a;
	ARRAY_RESERVE(p->pairs, p->cap, p->npairs + 1);
	p->pairs[p->npairs].text = xstrdup(sp->text);
	p->pairs[p->npairs].label = xstrdup(sp->label);
	p->npairs++;
	return 0;
}

static int
suggest_pair_cmp(const void *x, const void *y)
{
	const struct suggest_pair	*a = x, *b = y;
	int				 c = strcmp(a->text, b->text);

	return c != 0 ? c : strcmp(a->label, b->label);
}

static void
suggest_propagate_finish(void *run)
{
	struct suggest_prop	*p = run;
	size_t			 i;

	assist_propagate_finish(p->cur);
	for (i = 0; i < p->npairs; i++) {
		free(p->pairs[i].text);
		free(p->pairs[i].label);
	}
	free(p->pairs);
	free(p->annotator);
	free(p);
}

static int
suggest_propagate_start(struct store *s, const char *annotator,
    const struct suggest_options *o, void **run, char **errp)
{
	struct store_span_filter	 f;
	struct suggest_prop		*p;
	size_t				 i, k;

	p = xcalloc(1, sizeof(*p));
	p->s = s;
	p->annotator = xstrdup(annotator);
	memset(&f, 0, sizeof(f));
	f.annotator = annotator;
	f.articles = o->articles;
	f.narticles = o->narticles;
	f.tag = o->tag;
	if (store_span_foreach(s, &f, suggest_pair_collect, p, errp) == -1) {
		suggest_propagate_finish(p);
		return -1;
	}
	/* Each text and label once. */
	if (p->npairs > 0)
		qsort(p->pairs, p->npairs, sizeof(*p->pairs),
		    suggest_pair_cmp);
	for (i = k = 0; i < p->npairs; i++) {
		if (k > 0 && suggest_pair_cmp(&p->pairs[k - 1],
		    &p->pairs[i]) == 0) {
			free(p->pairs[i].text);
			free(p->pairs[i].label);
			continue;
		}
		p->pairs[k++] = p->pairs[i];
	}
	p->npairs = k;
	*run = p;
	return 0;
}

static int
suggest_propagate_step(void *run, char **errp)
{
	struct suggest_prop	*p = run;
	struct assist_progress	 pr;
	struct store_span	 model;
	int			 rc;

	if (p->cur == NULL) {
		if (p->next >= p->npairs)
			return 0;
		memset(&model, 0, sizeof(model));
		model.text = p->pairs[p->next].text;
		model.label = p->pairs[p->next].label;
		if (assist_propagate_start(p->s, &model, p->annotator, 0, 0,
		    &p->cur, errp) == -1)
			return -1;
		assist_propagate_share_group(p->cur, &p->group);
	}
	if ((rc = assist_propagate_step(p->cur, errp)) != 0)
		return rc;
	assist_propagate_progress(p->cur, &pr);
	p->added += pr.added;
	p->found += pr.found;
	assist_propagate_finish(p->cur);
	p->cur = NULL;
	p->next++;
	return p->next < p->npairs;
}

static void
suggest_propagate_progress(const void *run, struct assist_progress *pr)
{
	const struct suggest_prop	*p = run;
	struct assist_progress		 cur;

	memset(pr, 0, sizeof(*pr));
	pr->articles_done = p->next;
	pr->articles = p->npairs;
	pr->added = p->added;
	pr->found = p->found;
	if (p->cur != NULL) {
		assist_propagate_progress(p->cur, &cur);
		pr->added += cur.added;
		pr->found += cur.found;
	}
}

static const struct suggest_source suggest_sources[] = {
	{
		.name = "gazetteer",
		.unit = "articles",
		.chosen = suggest_gazetteer_chosen,
		.start = suggest_gazetteer_start,
		.step = suggest_gazetteer_step,
		.progress = suggest_gazetteer_progress,
		.finish = suggest_gazetteer_finish,
	},
	{
		.name = "model",
		.unit = "articles",
		.chosen = suggest_model_chosen,
		.start = suggest_model_start,
		.step = suggest_model_step,
		.progress = suggest_model_progress,
		.finish = suggest_model_finish,
	},
	{
		.name = "propagate",
		.unit = "spans",
		.chosen = suggest_propagate_chosen,
		.start = suggest_propagate_start,
		.step = suggest_propagate_step,
		.progress = suggest_propagate_progress,
		.finish = suggest_propagate_finish,
	},
};
#define NSOURCES (sizeof(suggest_sources) / sizeof(suggest_sources[0]))

static void
suggest_parse(struct cli *c, struct suggest_options *o)
{
	const char	*v;
	int		 i;

	for (i = 0; i < c->argc; i++) {
		if ((v = cli_value(c->argc, c->argv, &i, "--gazetteer",
		    "-g")))
			o->gazetteer = v;
		else if (strcmp(c->argv[i], "--model") == 0)
			o->model = 1;
		else if (strcmp(c->argv[i], "--propagate") == 0)
			o->propagate = 1;
		else if ((v = cli_value(c->argc, c->argv, &i, "--min-score",
		    NULL))) {
			char	*end;

			o->min_score = strtod(v, &end);
			if (end == v || *end != '\0' || !(o->min_score >= 0) ||
			    o->min_score > 1)
				cli_usage_error("--min-score wants a number "
				    "from 0 to 1, not \"%s\"", v);
			o->have_min_score = 1;
		} else if ((v = cli_value(c->argc, c->argv, &i, "--annotator",
		    NULL)))
			o->annotator = v;
		else if ((v = cli_value(c->argc, c->argv, &i, "--article",
		    NULL))) {
			ARRAY_RESERVE(o->articles, o->cap, o->narticles + 1);
			o->articles[o->narticles++] = cli_number("--article",
			    v, 1, LONG_MAX);
		} else if ((v = cli_value(c->argc, c->argv, &i, "--tag",
		    NULL)))
			o->tag = v;
		else if (c->argv[i][0] == '-')
			cli_usage_error("unknown option %s", c->argv[i]);
		else
			cli_usage_error("unexpected argument \"%s\"",
			    c->argv[i]);
	}
	if (o->annotator != NULL && o->annotator[0] == '\0')
		cli_usage_error("--annotator needs a name");
	if (o->have_min_score && !o->model)
		cli_usage_error("--min-score goes with --model");
}

static void
suggest_show(const struct suggest_source *src, const void *run, int tty,
    int *shown)
{
	struct assist_progress	 pr;

	if (!tty)
		return;
	src->progress(run, &pr);
	fprintf(stderr, "\r\033[Ksuggesting: %zu of %zu %s done, %zu "
	    "suggestions written; Ctrl-C stops", pr.articles_done,
	    pr.articles, src->unit, pr.added);
	*shown = 1;
}

static int
cmd_suggest(struct cli *c)
{
	struct suggest_options		 o;
	const struct suggest_source	*src = NULL;
	struct assist_progress		 pr;
	struct store			*s;
	void				*run = NULL;
	char				*annotator, *err = NULL;
	size_t				 k;
	int				 rc, tty, shown = 0;
	time_t				 last;

	memset(&o, 0, sizeof(o));
	suggest_parse(c, &o);
	for (k = 0; k < NSOURCES; k++)
		if (suggest_sources[k].chosen(&o)) {
			if (src != NULL)
				cli_usage_error("one source at a time");
			src = &suggest_sources[k];
		}
	if (src == NULL)
		cli_usage_error("which suggestions? give --gazetteer N, "
		    "--model or --propagate");
	annotator = o.annotator != NULL ? xstrdup(o.annotator) :
	    cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	cli_catch_interrupt();
	tty = isatty(STDERR_FILENO);
	last = time(NULL);
	rc = src->start(s, annotator, &o, &run, &err);
	while (rc == 0 && (rc = src->step(run, &err)) == 1) {
		rc = 0;
		if (cli_interrupted())
			break;
		if (time(NULL) != last) {
			last = time(NULL);
			suggest_show(src, run, tty, &shown);
		}
	}
	if (shown)
		fputs("\r\033[K", stderr);
	if (run != NULL) {
		src->progress(run, &pr);
		cli_eprintf("margin: suggest: %zu suggestion%s written (%zu "
		    "match%s in %zu of %zu %s)\n", pr.added,
		    pr.added == 1 ? "" : "s", pr.found,
		    pr.found == 1 ? "" : "es", pr.articles_done, pr.articles,
		    src->unit);
		if (cli_interrupted())
			cli_eprintf("margin: suggest: interrupted: the "
			    "suggestions written stay (one undo takes them "
			    "back)\n");
		src->finish(run);
	}
	if (rc == -1) {
		cli_error("suggest", err);
		free(err);
	}
	store_close(s);
	free(annotator);
	free(o.articles);
	return rc == -1 || cli_interrupted() ? EXIT_RUNTIME : 0;
}

const struct command cmd_suggest_entry = {
	.name = "suggest",
	.summary = "write suggestions: gazetteer, model or propagation",
	.usage = "--gazetteer N | --model [--min-score S] |\n"
	    "--propagate [--annotator A]\n[--article ID]... [--tag T]",
	.help =
	"Write suggestions (status suggested) into the articles chosen, for\n"
	"the annotator to accept or reject; one undo takes a run back.\n"
	"  -g, --gazetteer N  the names of gazetteer N (margin gazetteer\n"
	"                   list), matched token-aligned, leftmost-longest\n"
	"  --model          the newest model of margin train, with scores\n"
	"  --min-score S    model: only spans scoring at least S (0 to 1)\n"
	"  --propagate      each accepted span of the annotator (in the\n"
	"                   articles chosen) at its identical strings in\n"
	"                   every article\n"
	"  --annotator A    whose suggestions (default: who I am)\n"
	"  --article ID     only this article (repeatable)\n"
	"  --tag T          only articles tagged T (not with --model)\n"
	"None is made where the annotator has a span with the same bounds\n"
	"(a rejected one too), or one of the same label around it.\n",
	.run = cmd_suggest,
};
