/*
 * test_store_model.c: the tagger's models in the store: saved with what
 * they were trained on, the newest one read back byte for byte, listed
 * without their blobs, kept across a reopen, refused read-only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/store.h"
#include "margin/util.h"
#include "check.h"
#include "fixture.h"

static void
test_model_save_latest_list(void)
{
	struct store_model	 m, got, *v = NULL;
	struct store		*s;
	char			*dir, *path, *err = NULL;
	unsigned char		 blob[300];
	size_t			 i, n = 0;
	int64_t			 id1 = 0, id2 = 0;
	int			 found = 1;

	if ((dir = fixture_tmpdir("model")) == NULL)
		return;
	path = xasprintf("%s/m.db", dir);
	if ((s = fixture_store(path, "ann", 0)) == NULL)
		goto out;
	CHECK(store_model_latest(s, &got, &found, &err) == 0);
	CHECK_INT(found, 0);
	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (unsigned char)(i * 7);	/* NUL bytes too */
	memset(&m, 0, sizeof(m));
	m.format = 1;
	m.trained_on = "{\"tokens\":3}";
	m.params = blob;
	m.params_len = 100;
	CHECK(store_model_save(s, &m, &id1, &err) == 0);
	m.params_len = sizeof(blob);
	m.trained_on = NULL;
	CHECK(store_model_save(s, &m, &id2, &err) == 0);
	CHECK_STR(err, NULL);
	CHECK(id2 > id1);
	store_close(s);

	if ((s = fixture_store(path, "bob", 0)) == NULL)
		goto out;
	CHECK(store_model_latest(s, &got, &found, &err) == 0);
	CHECK_INT(found, 1);
	CHECK_INT(got.id, id2);
	CHECK_INT(got.format, 1);
	CHECK_STR(got.created_by, "ann");
	CHECK_STR(got.trained_on, "{}");
	CHECK_INT(got.params_len, sizeof(blob));
	CHECK(got.params != NULL && memcmp(got.params, blob,
	    sizeof(blob)) == 0);
	store_model_free(&got);
	CHECK(store_model_list(s, &v, &n, &err) == 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(v[0].id, id1);
		CHECK_STR(v[0].trained_on, "{\"tokens\":3}");
		CHECK_INT(v[0].params_len, 100);
		CHECK(v[0].params == NULL);
		CHECK_INT(v[1].params_len, sizeof(blob));
	}
	store_models_free(v, n);
	/* An empty model is no model. */
	m.params_len = 0;
	CHECK(store_model_save(s, &m, NULL, &err) == -1);
	free(err);
	err = NULL;
	store_close(s);

	if ((s = fixture_store(path, "ann", STORE_READONLY)) == NULL)
		goto out;
	m.params_len = 10;
	CHECK(store_model_save(s, &m, NULL, &err) == -1);
	CHECK(err != NULL);
	free(err);
	store_close(s);
out:
	free(path);
	fixture_tmpdir_remove(dir);
}

static const struct check_test tests[] = {
	{ "store keeps models: newest read back byte for byte, listed",
	    test_model_save_latest_list },
};

CHECK_MAIN(tests)
