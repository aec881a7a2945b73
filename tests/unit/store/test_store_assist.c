/*
 * test_store_assist.c: what the TUI's assistance asks of the store: the
 * newest model, whether an article has suggestions made since a model
 * was trained, and the article holding the pending model suggestion
 * scored nearest 0.5 (mine, not done, in the list), through the windows
 * near 0.5 and through the walk past them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "check.h"
#include "fixture.h"

/* A suggestion of the model with a score, on "word" at 0..4. */
static void
suggest(struct store *s, int64_t article, size_t start, const char *who,
    double score, enum store_span_origin origin)
{
	struct store_span	 sp;
	char			*err = NULL;

	memset(&sp, 0, sizeof(sp));
	sp.article_id = article;
	sp.start = start;
	sp.end = start + 4;
	sp.start_byte = start;
	sp.end_byte = start + 4;
	sp.label = "PER";
	sp.annotator = (char *)who;
	sp.status = STORE_SUGGESTED;
	sp.origin = origin;
	sp.score = score;
	if (store_span_add(s, &sp, NULL, &err) == -1) {
		CHECK_FAIL("store_span_add: %s", err);
		free(err);
	}
}

static int64_t
article(struct store *s, int n)
{
	char	*text = xasprintf("word word word word (%d)", n);
	int64_t	 id = fixture_article(s, NULL, text);

	free(text);
	return id;
}

/* What store_article_least_certain finds for who, except except. */
static int64_t
least(struct store *s, const char *who, const char *tag, int64_t except,
    double *score)
{
	struct store_article_filter	 f;
	char				*err = NULL;
	int64_t				 id = -1;
	size_t				 pos;
	int				 found = -1;

	memset(&f, 0, sizeof(f));
	f.annotator = who;
	f.tag = tag;
	if (store_article_least_certain(s, &f, except, &id, &pos, score,
	    &found, &err) == -1) {
		CHECK_FAIL("store_article_least_certain: %s", err);
		free(err);
		return -1;
	}
	if (found)
		CHECK_INT(pos, id - 1);	/* ids from 1, in import order */
	return found ? id : 0;
}

static void
test_least_certain(void)
{
	struct store	*s = fixture_memory("ann");
	int64_t		 a[6];
	double		 score = 0;
	char		*err = NULL;
	int		 i;

	if (s == NULL)
		return;
	for (i = 0; i < 6; i++)
		a[i] = article(s, i);
	CHECK_INT(least(s, "ann", NULL, 0, &score), 0);
	suggest(s, a[0], 0, "ann", 0.95, STORE_MODEL);
	suggest(s, a[0], 5, "ann", 0.02, STORE_MODEL);	/* sure: it is not */
	suggest(s, a[1], 0, "ann", 0.70, STORE_MODEL);
	suggest(s, a[2], 0, "ann", 0.41, STORE_MODEL);
	suggest(s, a[3], 0, "ann", 0.50, STORE_MODEL);
	suggest(s, a[4], 0, "ann", 0.49, STORE_GAZETTEER);	/* no model's */
	suggest(s, a[5], 0, "bob", 0.50, STORE_MODEL);	/* bob's */
	CHECK_INT(least(s, "ann", NULL, 0, &score), a[3]);
	CHECK(score == 0.50);
	/* Not the open one; not one marked done; then below 0.5. */
	CHECK_INT(least(s, "ann", NULL, a[3], &score), a[2]);
	fixture_done(s, a[2], "ann");
	CHECK_INT(least(s, "ann", NULL, a[3], &score), a[1]);
	/* Done by bob counts for bob only. */
	fixture_done(s, a[3], "bob");
	CHECK_INT(least(s, "ann", NULL, 0, &score), a[3]);
	CHECK_INT(least(s, "bob", NULL, 0, &score), a[5]);
	/* The tag filter of the list. */
	CHECK(store_tag_add(s, a[0], "sport", "ann", &err) == 0);
	CHECK_INT(least(s, "ann", "sport", 0, &score), a[0]);
	CHECK(score == 0.95);
	CHECK_INT(least(s, "ann", "politics", 0, &score), 0);
	store_close(s);
}

/* More suggestions near 0.5 in done articles than a window holds: the
   walk past the windows finds the one not done, far from 0.5. */
static void
test_least_certain_past_windows(void)
{
	struct store	*s = fixture_memory("ann");
	int64_t		 done1, done2, open;
	double		 score = 0;
	char		*err = NULL;
	int		 i;

	if (s == NULL)
		return;
	done1 = article(s, 1);
	done2 = article(s, 2);
	open = article(s, 3);
	CHECK(store_txn_begin(s, &err) == 0);
	for (i = 0; i < 4200; i++) {
		suggest(s, done1, 0, "ann", 0.5 + i * 1e-5, STORE_MODEL);
		suggest(s, done2, 0, "ann", 0.5 - (i + 1) * 1e-5,
		    STORE_MODEL);
	}
	CHECK(store_txn_commit(s, &err) == 0);
	CHECK_STR(err, NULL);
	suggest(s, open, 0, "ann", 0.99, STORE_MODEL);
	suggest(s, open, 5, "ann", 0.001, STORE_MODEL);
	fixture_done(s, done1, "ann");
	fixture_done(s, done2, "ann");
	CHECK_INT(least(s, "ann", NULL, 0, &score), open);
	CHECK(score == 0.99);
	/* Nothing left anywhere. */
	fixture_done(s, open, "ann");
	CHECK_INT(least(s, "ann", NULL, 0, &score), 0);
	store_close(s);
}

static void
test_model_newest_and_since(void)
{
	struct store		*s = fixture_memory("ann");
	struct store_model	 m;
	char			*err = NULL;
	unsigned char		 blob[4] = { 1, 2, 3, 4 };
	int64_t			 a, id = 0, newest = 0, at = 0;
	int			 found = -1, has = -1;

	if (s == NULL)
		return;
	a = article(s, 1);
	CHECK(store_model_newest(s, &newest, &at, &found, &err) == 0);
	CHECK_INT(found, 0);
	setenv("MARGIN_NOW", "1000", 1);
	suggest(s, a, 0, "ann", 0.9, STORE_MODEL);	/* an older model's */
	setenv("MARGIN_NOW", "2000", 1);
	memset(&m, 0, sizeof(m));
	m.format = 1;
	m.params = blob;
	m.params_len = sizeof(blob);
	CHECK(store_model_save(s, &m, &id, &err) == 0);
	CHECK(store_model_newest(s, &newest, &at, &found, &err) == 0);
	CHECK_INT(found, 1);
	CHECK_INT(newest, id);
	CHECK_INT(at, 2000);
	CHECK(store_span_model_since(s, a, "ann", at, &has, &err) == 0);
	CHECK_INT(has, 0);
	suggest(s, a, 5, "ann", 0.2, STORE_PROPAGATED);	/* not the model */
	CHECK(store_span_model_since(s, a, "ann", at, &has, &err) == 0);
	CHECK_INT(has, 0);
	suggest(s, a, 10, "ann", 0.2, STORE_MODEL);
	CHECK(store_span_model_since(s, a, "ann", at, &has, &err) == 0);
	CHECK_INT(has, 1);
	CHECK(store_span_model_since(s, a, "bob", at, &has, &err) == 0);
	CHECK_INT(has, 0);
	CHECK_STR(err, NULL);
	unsetenv("MARGIN_NOW");
	store_close(s);
}

static const struct check_test tests[] = {
	{ "the least certain: nearest 0.5, mine, not done, in the list",
	    test_least_certain },
	{ "the least certain past windows full of done articles",
	    test_least_certain_past_windows },
	{ "the newest model, and suggestions made since it was trained",
	    test_model_newest_and_since },
};

CHECK_MAIN(tests)
