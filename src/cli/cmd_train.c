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
	struct tagger_lexicon_options lexicon;
};

static void
train_features(const char *v, unsigned *mask)
{
	char	*err = NULL;

	if (tagger_features_parse(v, mask, &err) == -1) {
		cli_usage_error("--features: %s", err);
		free(err);
	}
}

static void
train_parse(struct cli *c, struct train_args *ta)
{
	const char	*v;
	int		 a;

	memset(ta, 0, sizeof(*ta));
	ta->epochs = 10;
	ta->seed = 1;
	ta->lexicon.features = TAGGER_FEATURES_DEFAULT;
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
		else if ((v = cli_value(c->argc, c->argv, &a, "--features",
		    NULL)) != NULL)
			train_features(v, &ta->lexicon.features);
		else if ((v = cli_value(c->argc, c->argv, &a,
		    "--cluster-words", NULL)) != NULL)
			ta->lexicon.clusters.words = (size_t)cli_number(
			    "--cluster-words", v, 2, 1000000);
		else if ((v = cli_value(c->argc, c->argv, &a,
		    "--cluster-tokens", NULL)) != NULL)
			ta->lexicon.max_tokens = (size_t)cli_number(
			    "--cluster-tokens", v, 1, 2000000000L);
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

/* The gazetteers and clusters the model will carry. */
static int
train_lexicon(struct store *s, const struct train_args *ta,
    struct tagger_lexicon **lx, struct tagger_lexicon_stats *st,
    char **errp)
{
	if (tagger_lexicon_load(s, &ta->lexicon, lx, st, errp) == -1)
		return -1;
	if (ta->lexicon.features & TAGGER_FEATURE_GAZETTEER)
		cli_eprintf("margin: train: %zu name%s from %zu "
		    "gazetteer%s\n", st->names, st->names == 1 ? "" : "s",
		    st->lists, st->lists == 1 ? "" : "s");
	if (ta->lexicon.features & TAGGER_FEATURE_CLUSTERS)
		cli_eprintf("margin: train: clusters of %zu words from %zu "
		    "tokens of %zu article%s in %.1f s\n", st->clustered,
		    st->tokens, st->articles, st->articles == 1 ? "" : "s",
		    st->seconds);
	return 0;
}

static int
train_run(struct store *s, const struct train_args *ta, char **errp)
{
	struct tagger_corpus	 corpus;
	struct tagger_options	 o;
	struct tagger_lexicon_stats st;
	struct store_model	 m;
	struct tagger_lexicon	*lx = NULL;
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
	if (train_lexicon(s, ta, &lx, &st, errp) == -1) {
		tagger_corpus_free(&corpus);
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.epochs = ta->epochs;
	o.seed = ta->seed;
	o.features = ta->lexicon.features;
	o.lexicon = lx;
	o.articles = corpus.sentence_article;
	o.epoch = train_epoch;
	o.ctx = &start;
	rc = tagger_train((const char *const *)corpus.labels, corpus.nlabels,
	    corpus.sentences, corpus.nsentences, &o, &t, errp);
	if (rc == 0) {
		tagger_save(t, &blob);
		memset(&m, 0, sizeof(m));
		m.format = TAGGER_FORMAT;
		m.trained_on = tagger_corpus_json_lexicon(&corpus,
		    ta->annotator, ta->tag, ta->epochs, ta->seed,
		    ta->lexicon.features, &st);
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
	tagger_lexicon_free(lx);
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
	.usage = "[--annotator A] [--tag T] [--epochs N]\n"
	"[--seed S] [--features LIST] [--cluster-words N]\n"
	"[--cluster-tokens N]",
	.help =
	"Learn a model (an averaged perceptron over BILOU tags) from the\n"
	"accepted spans of the articles marked done, and keep it in the\n"
	"database as the model everyone's `suggest --model` uses.\n"
	"  --annotator A    articles A marked done, A's spans (default:\n"
	"                   the spans of whoever marked each done)\n"
	"  --tag T          only articles tagged T\n"
	"  --epochs N       passes over the data (default 10)\n"
	"  --seed S         the shuffle between passes (default 1)\n"
	"  --features LIST  word, gazetteer, clusters, article, all\n"
	"                   (default all): word, shape, affixes and\n"
	"                   neighbours always; names of the database's\n"
	"                   gazetteers; clusters of words learnt from every\n"
	"                   article's text; how the word is written\n"
	"                   elsewhere in its article\n"
	"  --cluster-words N   the most frequent words clustered (5000)\n"
	"  --cluster-tokens N  tokens of text read for them (5000000)\n",
	.run = cmd_train,
};
