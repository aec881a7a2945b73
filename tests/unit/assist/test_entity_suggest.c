/*
 * test_entity_suggest.c: entity links offered across the corpus
 * (assist_entity_suggest): variants and surnames of an entity's name in
 * other articles are offered its link as a suggestion; spans linked,
 * turned down, of another label or unlike are left alone; one undo takes
 * the run back.
 */
#include "check.h"
#include "fixture.h"

#include "margin/assist.h"

static int64_t
link_of(struct store *s, int64_t span, enum store_span_status *st)
{
	struct store_span	 sp;
	char			*err = NULL;
	int64_t			 id;

	if (store_span_get(s, span, &sp, &err) == -1) {
		CHECK_FAIL("store_span_get: %s", err);
		free(err);
		return -1;
	}
	id = sp.entity_id;
	*st = sp.entity_status;
	store_span_free(&sp);
	return id;
}

static void
test_offers_variants(void)
{
	struct assist_entity_result	 r;
	struct store_change		 c;
	struct store			*s;
	enum store_span_status		 st;
	int64_t				 a1, a2, a3, e = 0, other = 0;
	int64_t				 alexei, aleksey, navalny, yulia, org;
	int64_t				 turned, peskov;
	char				*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	a1 = fixture_article(s, "one", "Alexei Navalny was jailed.");
	a2 = fixture_article(s, "two", "Aleksey Navalny and Yulia Navalnaya.");
	a3 = fixture_article(s, "three", "Navalny's team met Navalny. "
	    "Dmitry Peskov spoke.");
	alexei = fixture_span(s, a1, 0, 14, "PER", "Alexei Navalny", NULL,
	    STORE_ACCEPTED);
	aleksey = fixture_span(s, a2, 0, 15, "PER", "Aleksey Navalny", NULL,
	    STORE_ACCEPTED);
	yulia = fixture_span(s, a2, 20, 35, "PER", "Yulia Navalnaya", NULL,
	    STORE_ACCEPTED);
	org = fixture_span(s, a3, 0, 9, "ORG", "Navalny's", NULL,
	    STORE_ACCEPTED);
	navalny = fixture_span(s, a3, 19, 26, "PER", "Navalny", NULL,
	    STORE_ACCEPTED);
	turned = fixture_span(s, a3, 0, 7, "PER", "Navalny", NULL,
	    STORE_ACCEPTED);
	peskov = fixture_span(s, a3, 28, 41, "PER", "Dmitry Peskov", NULL,
	    STORE_ACCEPTED);
	CHECK_INT(store_span_link_new(s, alexei, NULL, NULL, &e, &err), 0);
	CHECK_INT(store_entity_add(s, "PER", "Yulia Navalnaya", NULL, &other,
	    &err), 0);
	/* Turned down once: never offered again. */
	CHECK_INT(store_span_link(s, turned, e, STORE_REJECTED, &err), 0);
	CHECK_INT(assist_entity_suggest(s, NULL, NULL, &r, &err), 0);
	CHECK_INT(r.entities, 2);
	CHECK_INT(r.offered, 3);
	CHECK_INT(link_of(s, aleksey, &st), e);
	CHECK_INT(st, STORE_SUGGESTED);
	CHECK_INT(link_of(s, navalny, &st), e);
	CHECK_INT(st, STORE_SUGGESTED);
	CHECK_INT(link_of(s, yulia, &st), other);
	CHECK_INT(link_of(s, turned, &st), e);
	CHECK_INT(st, STORE_REJECTED);
	CHECK_INT(link_of(s, org, &st), 0);
	CHECK_INT(link_of(s, peskov, &st), 0);
	CHECK_INT(link_of(s, alexei, &st), e);
	CHECK_INT(st, STORE_ACCEPTED);
	/* Again: nothing new. */
	CHECK_INT(assist_entity_suggest(s, NULL, NULL, &r, &err), 0);
	CHECK_INT(r.offered, 0);
	/* One undo takes the first run back. */
	memset(&c, 0, sizeof(c));
	CHECK_INT(store_undo(s, NULL, &c, &err), 0);
	CHECK_INT(c.count, 3);
	store_change_free(&c);
	CHECK_INT(link_of(s, aleksey, &st), 0);
	CHECK_INT(link_of(s, navalny, &st), 0);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "entity suggestions: variants and surnames offered across "
	    "articles, the rest left alone, one undo", test_offers_variants },
};
CHECK_MAIN(tests)
