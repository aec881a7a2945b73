/*
 * test_store_label.c: a whole label schema applied at once
 * (store_label_apply): merged keys move, --replace keeps used labels,
 * a schema with one key twice changes nothing.
 */
#include "check.h"
#include "fixture.h"

/* The labels as "NAME:KEY NAME:KEY ..." in schema order. */
static char *
labels_line(struct store *s)
{
	struct store_label	*v = NULL;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, i;
	char			*err = NULL;

	if (store_label_list(s, &v, &n, &err) == -1) {
		CHECK_FAIL("store_label_list: %s", err);
		free(err);
	}
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s:%s", i > 0 ? " " : "", v[i].name,
		    v[i].key);
	store_labels_free(v, n);
	return buf_detach(&b);
}

static int
effects_have(const struct store_label_effects *e, int kind,
    const char *label)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		if (e->v[i].kind == kind && strcmp(e->v[i].label, label) == 0)
			return 1;
	return 0;
}

static void
test_merge_moves_keys(void)
{
	static const struct store_label_def defs[] = {
		{ "PERSON", "1", "red", "people" },
		{ "LOC", "9", NULL, NULL },
	};
	struct store_label_effects	 e;
	struct store			*s;
	char				*err = NULL, *line;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	if (store_label_apply(s, defs, 2, 0, &e, &err) == -1)
		CHECK_FAIL("apply: %s", err);
	line = labels_line(s);
	CHECK_STR(line, "PER: ORG:2 LOC:9 MISC:4 PERSON:1");
	free(line);
	CHECK(effects_have(&e, STORE_LABEL_KEY_TAKEN, "PER"));
	CHECK(effects_have(&e, STORE_LABEL_ADDED, "PERSON"));
	CHECK(effects_have(&e, STORE_LABEL_UPDATED, "LOC"));
	/* LOC gets a key of its own: told as updated, not as a key lost. */
	CHECK(!effects_have(&e, STORE_LABEL_KEY_TAKEN, "LOC"));
	store_label_effects_free(&e);
	/* The same again changes nothing. */
	if (store_label_apply(s, defs, 2, 0, &e, &err) == -1)
		CHECK_FAIL("apply again: %s", err);
	CHECK_INT(e.n, 0);
	store_label_effects_free(&e);
	store_close(s);
}

static void
test_replace_keeps_used(void)
{
	static const struct store_label_def defs[] = {
		{ "GPE", "3", NULL, NULL },
		{ "PERSON", "1", NULL, NULL },
		{ "ORG", NULL, NULL, NULL },
	};
	struct store_label_effects	 e;
	struct store			*s;
	char				*err = NULL, *line;
	int64_t				 a;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a = fixture_article(s, "t", "Ada met Bob in Rome.");
	fixture_span(s, a, 0, 3, "PER", "Ada", "alice", STORE_ACCEPTED);
	if (store_label_apply(s, defs, 3, 1, &e, &err) == -1)
		CHECK_FAIL("apply: %s", err);
	/* The file's order; PER kept after it without its key; LOC and MISC
	   gone; ORG keeps the key the file leaves to it. */
	line = labels_line(s);
	CHECK_STR(line, "GPE:3 PERSON:1 ORG:2 PER:");
	free(line);
	CHECK(effects_have(&e, STORE_LABEL_KEPT, "PER"));
	CHECK(effects_have(&e, STORE_LABEL_REMOVED, "LOC"));
	CHECK(effects_have(&e, STORE_LABEL_REMOVED, "MISC"));
	store_label_effects_free(&e);
	store_close(s);
}

static void
test_refused_whole(void)
{
	static const struct store_label_def clash[] = {
		{ "A", "1", NULL, NULL },
		{ "B", "1", NULL, NULL },
	};
	static const struct store_label_def twice[] = {
		{ "A", "7", NULL, NULL },
		{ "A", "8", NULL, NULL },
	};
	static const struct store_label_def bad[] = {
		{ "OK", "7", NULL, NULL },
		{ "b@d", NULL, NULL, NULL },
	};
	struct store_label_effects	 e;
	struct store			*s;
	char				*err = NULL, *line;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	CHECK_INT(store_label_apply(s, clash, 2, 1, &e, &err), -1);
	CHECK(err != NULL && strstr(err, "both have key 1") != NULL);
	free(err);
	err = NULL;
	CHECK_INT(store_label_apply(s, twice, 2, 0, &e, &err), -1);
	CHECK(err != NULL && strstr(err, "defined twice") != NULL);
	free(err);
	err = NULL;
	CHECK_INT(store_label_apply(s, bad, 2, 0, &e, &err), -1);
	free(err);
	err = NULL;
	CHECK_INT(store_label_apply(s, NULL, 0, 1, &e, &err), -1);
	free(err);
	line = labels_line(s);
	CHECK_STR(line, "PER:1 ORG:2 LOC:3 MISC:4");
	free(line);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "label schema merged: a key moves to the label the file gives it",
	    test_merge_moves_keys },
	{ "label schema replaced: file order, used labels kept, rest removed",
	    test_replace_keeps_used },
	{ "label schema refused whole: one key twice, a name twice, bad names",
	    test_refused_whole },
};
CHECK_MAIN(tests)
