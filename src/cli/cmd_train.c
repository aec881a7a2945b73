/*
 * cmd_train.c: `margin train` (SPEC §11): the built-in tagger learns from
 * the accepted spans of the articles marked done, and the model is kept
 * in the database for everyone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/cli.h"
#include "margin/store.h"
#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/util.h"

struct train_args {
	const char	*annotator;	/* whose spans; NULL: who marked done */
	const char	*tag;
	int		 epochs;
	uint64_t	 seed;
};

static void
train_parse(struct cli *c, struct train_args *ta)
{
	const char	*v;
	int		 a;

	memset(ta, 0, sizeof(*ta));
	ta->epochs = 10;
	ta->seed = 1;
	for (a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--annotator",
		    NULL)) != NULL)
			ta->annotator = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--tag",
		    NULL)) != NULL)
			ta->tag = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--epochs",
		    NULL)) != NULL)
			ta->epochs = (int)cli_number("--epochs", v, 1, 1000);
		else if ((v = cli_value(c->argc, c->argv, &a, "--seed",
		    NULL)) != NULL)
			ta->seed = (uint64_t)cli_number("--seed", v, 0,
			    2147483647L);
		else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
}

static void
train_epoch(void *ctx, int epoch, double accuracy)
{
	const int64_t	*start = ctx;

	cli_eprintf("margin: train: epoch %d: training accuracy %.4f "
	    "(%.1f s)\n", epoch, accuracy,
	    (double)(mono_ms() - *start) / 1000.0);
}

static int
train_run(struct store *s, const struct train_args *ta, char **errp)
{
	struct tagger_corpus	 corpus;
	struct tagger_options	 o;
	struct store_model	 m;
	struct tagger		*t = NULL;
	struct buf		 blob = BUF_INIT;
	int64_t			 start = mono_ms(), id = 0;
	int			 rc;

	if (tagger_corpus_load(s, ta->annotator, ta->tag, &corpus,
	    errp) == -1)
		return -1;
	cli_eprintf("margin: train: %zu article%s done, %zu sentences, "
	    "%zu tokens, %zu spans, %zu label%s\n", corpus.articles,
	    corpus.articles == 1 ? "" : "s", corpus.nsentences,
	    corpus.tokens, corpus.spans, corpus.nlabels,
	    corpus.nlabels == 1 ? "" : "s");
	if (corpus.spans == 0) {
		tagger_corpus_free(&corpus);
		return err_set(errp, "nothing to learn from: no accepted "
		    "span in an article marked done%s",
		    ta->annotator != NULL ? " by that annotator" : "");
	}
	memset(&o, 0, sizeof(o));
	o.epochs = ta->epochs;
	o.seed = ta->seed;
	o.epoch = train_epoch;
	o.ctx = &start;
	rc = tagger_train((const char *const *)corpus.labels, corpus.nlabels,
	    corpus.sentences, corpus.nsentences, &o, &t, errp);
	if (rc == 0) {
		tagger_save(t, &blob);
		memset(&m, 0, sizeof(m));
		m.format = TAGGER_FORMAT;
		m.trained_on = tagger_corpus_json(&corpus, ta->annotator,
		    ta->tag, ta->epochs, ta->seed);
		m.params = blob.data;
		m.params_len = blob.len;
		rc = store_model_save(s, &m, &id, errp);
		free(m.trained_on);
	}
	if (rc == 0)
		cli_eprintf("margin: train: model %lld saved (%zu bytes) "
		    "after %.1f s, %.0f tokens/s\n", (long long)id, blob.len,
		    (double)(mono_ms() - start) / 1000.0,
		    (double)corpus.tokens * ta->epochs * 1000.0 /
		    (double)(mono_ms() - start + 1));
	buf_free(&blob);
	tagger_free(t);
	tagger_corpus_free(&corpus);
	return rc;
}

static int
cmd_train(struct cli *c)
{
	struct train_args	 ta;
	struct store		*s;
	char			*annotator, *err = NULL;
	int			 rc = 0;

	train_parse(c, &ta);
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	if (train_run(s, &ta, &err) == -1) {
		cli_error("train", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	store_close(s);
	free(annotator);
	return rc;
}

const struct command cmd_train_entry = {
	.name = "train",
	.summary = "train the built-in tagger on the articles marked done",
	.usage = "[--annotator A] [--tag T] [--epochs N] [--seed S]",
	.help =
	"Learn a model (an averaged perceptron over BILOU tags) from the\n"
	"accepted spans of the articles marked done, and keep it in the\n"
	"database as the model everyone's `suggest --model` uses.\n"
	"  --annotator A    articles A marked done, A's spans (default:\n"
	"                   the spans of whoever marked each done)\n"
	"  --tag T          only articles tagged T\n"
	"  --epochs N       passes over the data (default 10)\n"
	"  --seed S         the shuffle between passes (default 1)\n",
	.run = cmd_train,
};
