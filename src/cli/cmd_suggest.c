/*
 * cmd_suggest.c: `margin suggest` (SPEC §11): suggestions written by the
 * built-in tagger's newest model (--model), in batches that never stall
 * the team, one undo for the run.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/cli.h"
#include "margin/store.h"
#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/util.h"

struct suggest_model_args {
	int		 model;
	double		 min_score;
	const char	*annotator;
	int64_t		*articles;
	size_t		 narticles;
};

/* The options of --model; returns 0 when argv[*a] is none of them. */
static int
suggest_model_option(struct cli *c, int *a, struct suggest_model_args *ma)
{
	const char	*v;
	char		*end;

	if (strcmp(c->argv[*a], "--model") == 0) {
		ma->model = 1;
		return 1;
	}
	if ((v = cli_value(c->argc, c->argv, a, "--min-score", NULL))) {
		ma->min_score = strtod(v, &end);
		if (end == v || *end != '\0' || !(ma->min_score >= 0) ||
		    ma->min_score > 1)
			cli_usage_error("--min-score wants a number from 0 "
			    "to 1, not \"%s\"", v);
		return 1;
	}
	if ((v = cli_value(c->argc, c->argv, a, "--annotator", NULL))) {
		ma->annotator = v;
		return 1;
	}
	if ((v = cli_value(c->argc, c->argv, a, "--article", NULL))) {
		ma->articles = xreallocarray(ma->articles, ma->narticles + 1,
		    sizeof(*ma->articles));
		ma->articles[ma->narticles++] = cli_number("--article", v, 1,
		    INT64_MAX > LONG_MAX ? LONG_MAX : (long)INT64_MAX);
		return 1;
	}
	return 0;
}

static int
suggest_model_run(struct store *s, const struct suggest_model_args *ma,
    char **errp)
{
	struct tagger_suggestion	*p;
	struct tagger_suggest_progress	 pr;
	struct tagger			*t;
	int64_t				 start = mono_ms();
	int				 found, rc;

	if (tagger_store_load(s, &t, &found, errp) == -1)
		return -1;
	if (!found)
		return err_set(errp, "no model yet: run margin train first");
	if (tagger_suggest_start(s, t, ma->annotator, ma->articles,
	    ma->narticles, ma->min_score, &p, errp) == -1) {
		tagger_free(t);
		return -1;
	}
	cli_catch_interrupt();
	while ((rc = tagger_suggest_step(p, errp)) == 1 &&
	    !cli_interrupted())
		;
	tagger_suggest_progress(p, &pr);
	cli_eprintf("margin: suggest: %zu of %zu article%s tagged (%zu "
	    "tokens, %.1f s): %zu span%s at or above %.2f, %zu suggestion%s "
	    "added%s\n", pr.articles_done, pr.articles,
	    pr.articles == 1 ? "" : "s", pr.tokens,
	    (double)(mono_ms() - start) / 1000.0, pr.found,
	    pr.found == 1 ? "" : "s", ma->min_score, pr.added,
	    pr.added == 1 ? "" : "s", rc == 1 ? " (interrupted)" : "");
	tagger_suggest_finish(p);
	tagger_free(t);
	return rc == -1 ? -1 : 0;
}

static int
cmd_suggest(struct cli *c)
{
	struct suggest_model_args	 ma;
	struct store			*s;
	char				*annotator, *err = NULL;
	int				 a, rc = 0;

	memset(&ma, 0, sizeof(ma));
	for (a = 0; a < c->argc; a++)
		if (!suggest_model_option(c, &a, &ma))
			cli_usage_error("unexpected argument %s", c->argv[a]);
	if (!ma.model)
		cli_usage_error("say where suggestions come from: --model");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	if (suggest_model_run(s, &ma, &err) == -1) {
		cli_error("suggest", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	store_close(s);
	free(annotator);
	free(ma.articles);
	return rc;
}

const struct command cmd_suggest_entry = {
	.name = "suggest",
	.summary = "write suggestions from the tagger's model",
	.usage = "--model [--min-score S] [--annotator A]\n[--article ID]...",
	.help =
	"Write suggestions (status suggested) where the newest model of\n"
	"`margin train` finds spans, each with its score, never where the\n"
	"annotator has a span with the same bounds (a rejected one too) or\n"
	"one of the same label around it.  One undo takes the run back.\n"
	"  --model          suggest with the built-in tagger's model\n"
	"  --min-score S    only spans scoring at least S (0 to 1; default 0)\n"
	"  --annotator A    whose suggestions (default: the annotator)\n"
	"  --article ID     only this article (repeatable; default: all)\n",
	.run = cmd_suggest,
};
