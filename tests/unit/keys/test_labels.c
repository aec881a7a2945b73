/*
 * test_labels.c: the label schema files that ship with margin parse, and
 * a new database starts with exactly the labels of conll.labels (SPEC §3).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "margin/config.h"
#include "margin/store.h"
#include "margin/util.h"

struct collected {
	struct config_label	 v[32];
	size_t			 n;
};

static int
collect(void *ctx, const struct config_label *l, char **errp)
{
	struct collected	*c = ctx;

	if (c->n == 32)
		return err_set(errp, "too many labels");
	c->v[c->n].name = xstrdup(l->name);
	c->v[c->n].key = xstrdup(l->key ? l->key : "");
	c->v[c->n].color = xstrdup(l->color ? l->color : "");
	c->v[c->n].description = xstrdup(l->description ? l->description : "");
	c->n++;
	return 0;
}

static void
message(void *ctx, int is_error, const char *text)
{
	(void)ctx;
	printf("    %s%s\n", is_error ? "" : "warning: ", text);
}

static void
load(const char *path, struct collected *c)
{
	struct config_handlers	 h;

	memset(&h, 0, sizeof(h));
	memset(c, 0, sizeof(*c));
	h.label = collect;
	h.message = message;
	h.ctx = c;
	CHECK_INT(config_parse_file(path, &h), 0);
}

static void
release(struct collected *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].key);
		free(c->v[i].color);
		free(c->v[i].description);
	}
}

static void
test_new_database_has_conll_labels(void)
{
	struct collected	 file;
	struct store		*s = NULL;
	struct store_label	*v = NULL;
	size_t			 n = 0, i;
	char			*err = NULL;

	load("share/labels/conll.labels", &file);
	CHECK_INT(store_open(&s, ":memory:", "t", 0, &err), 0);
	CHECK_INT(store_label_list(s, &v, &n, &err), 0);
	CHECK_INT(n, file.n);
	for (i = 0; i < n && i < file.n; i++) {
		CHECK_STR(v[i].name, file.v[i].name);
		CHECK_STR(v[i].key, file.v[i].key);
		CHECK_STR(v[i].color, file.v[i].color);
		CHECK_STR(v[i].description, file.v[i].description);
	}
	store_labels_free(v, n);
	store_close(s);
	release(&file);
}

static void
test_ontonotes_has_the_18_types(void)
{
	static const char *const want[] = {
		"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT",
		"EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "DATE", "TIME",
		"PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"
	};
	struct collected	 file;
	size_t			 i, j;

	load("share/labels/ontonotes.labels", &file);
	CHECK_INT(file.n, 18);
	for (i = 0; i < 18; i++) {
		for (j = 0; j < file.n; j++)
			if (strcmp(file.v[j].name, want[i]) == 0)
				break;
		CHECK_MSG(j < file.n, "%s is missing", want[i]);
	}
	release(&file);
}

static const struct check_test tests[] = {
	{ "labels: a new database has the labels of conll.labels", test_new_database_has_conll_labels },
	{ "labels: ontonotes.labels has the 18 OntoNotes types", test_ontonotes_has_the_18_types },
};

CHECK_MAIN(tests)
