/*
 * test_store_entity.c: entities and relations in the store (SPEC §16):
 * links with their status, a new entity from a span, rename, merge,
 * split and remove, relations between two spans of one article, and
 * undo and redo of each, whole; a span's relations go and come back
 * with it; schema 5 databases are read without upgrading them.
 */
#include "check.h"
#include "fixture.h"

static const char text[] =
	"Alexei Navalny met Antony Blinken. Aleksey Navalny left; Blinken "
	"stayed.";

/* Spans of the text: "Alexei Navalny" 0-14, "Antony Blinken" 19-33,
   "Aleksey Navalny" 35-50, "Blinken" 57-64. */
struct world {
	struct store	*s;
	int64_t		 article;
	int64_t		 alexei, antony, aleksey, blinken;
};

static int
world_open(struct world *w)
{
	memset(w, 0, sizeof(*w));
	if ((w->s = fixture_memory("alice")) == NULL)
		return -1;
	w->article = fixture_article(w->s, "t", text);
	w->alexei = fixture_span(w->s, w->article, 0, 14, "PER",
	    "Alexei Navalny", NULL, STORE_ACCEPTED);
	w->antony = fixture_span(w->s, w->article, 19, 33, "PER",
	    "Antony Blinken", NULL, STORE_ACCEPTED);
	w->aleksey = fixture_span(w->s, w->article, 35, 50, "PER",
	    "Aleksey Navalny", NULL, STORE_ACCEPTED);
	w->blinken = fixture_span(w->s, w->article, 57, 64, "PER",
	    "Blinken", NULL, STORE_ACCEPTED);
	return w->aleksey != 0 && w->blinken != 0 ? 0 : -1;
}

/* The entity span links to, 0 when none, and the link's status. */
static int64_t
linked(struct store *s, int64_t span, enum store_span_status *st)
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
	if (st != NULL)
		*st = sp.entity_status;
	store_span_free(&sp);
	return id;
}

static size_t
count_entities(struct store *s)
{
	struct store_entity	*v;
	size_t			 n;
	char			*err = NULL;

	if (store_entity_list(s, NULL, 0, &v, &n, &err) == -1) {
		CHECK_FAIL("store_entity_list: %s", err);
		free(err);
		return 0;
	}
	store_entities_free(v, n);
	return n;
}

static void
undo(struct store *s, const char *want)
{
	struct store_change	 c;
	char			*err = NULL;

	memset(&c, 0, sizeof(c));
	if (store_undo(s, NULL, &c, &err) == -1) {
		CHECK_FAIL("undo: %s", err);
		free(err);
		return;
	}
	CHECK_MSG(c.description != NULL && strstr(c.description, want) !=
	    NULL, "undo said \"%s\", wanted \"%s\"", c.description, want);
	store_change_free(&c);
}

static void
redo(struct store *s)
{
	struct store_change	 c;
	char			*err = NULL;

	memset(&c, 0, sizeof(c));
	if (store_redo(s, NULL, &c, &err) == -1) {
		CHECK_FAIL("redo: %s", err);
		free(err);
		return;
	}
	CHECK(c.count > 0);
	store_change_free(&c);
}

static void
test_link_new_and_undo(void)
{
	struct world		 w;
	struct store_entity	 e;
	enum store_span_status	 st;
	int64_t			 eid = 0;
	char			*err = NULL;

	if (world_open(&w) == -1)
		return;
	CHECK_INT(store_span_link_new(w.s, w.alexei, NULL, "Q1", &eid, &err),
	    0);
	CHECK(eid > 0);
	CHECK_INT(linked(w.s, w.alexei, &st), eid);
	CHECK_INT(st, STORE_ACCEPTED);
	CHECK_INT(store_entity_get(w.s, eid, &e, &err), 0);
	CHECK_STR(e.name, "Alexei Navalny");
	CHECK_STR(e.kb_id, "Q1");
	CHECK_STR(e.label, "PER");
	CHECK_INT(e.mentions, 1);
	store_entity_free(&e);
	/* The variant offered, then accepted. */
	CHECK_INT(store_span_link(w.s, w.aleksey, eid, STORE_SUGGESTED, &err),
	    0);
	CHECK_INT(linked(w.s, w.aleksey, &st), eid);
	CHECK_INT(st, STORE_SUGGESTED);
	CHECK_INT(store_span_link(w.s, w.aleksey, eid, STORE_ACCEPTED, &err),
	    0);
	CHECK_INT(store_entity_get(w.s, eid, &e, &err), 0);
	CHECK_INT(e.mentions, 2);
	store_entity_free(&e);
	/* Undo takes back the acceptance, the suggestion, then the new
	   entity with its link, whole. */
	undo(w.s, "linked");
	CHECK_INT(linked(w.s, w.aleksey, &st), eid);
	CHECK_INT(st, STORE_SUGGESTED);
	undo(w.s, "linked");
	CHECK_INT(linked(w.s, w.aleksey, NULL), 0);
	undo(w.s, "and 1 more");
	CHECK_INT(linked(w.s, w.alexei, NULL), 0);
	CHECK_INT(count_entities(w.s), 0);
	/* Redo brings the entity back with its id. */
	redo(w.s);
	CHECK_INT(linked(w.s, w.alexei, NULL), eid);
	CHECK_INT(count_entities(w.s), 1);
	/* A link to an entity of another label is refused. */
	CHECK_INT(store_entity_add(w.s, "ORG", "State Department", NULL,
	    &eid, &err), 0);
	CHECK_INT(store_span_link(w.s, w.antony, eid, STORE_ACCEPTED, &err),
	    -1);
	CHECK(err != NULL && strstr(err, "is a ORG, not a PER") != NULL);
	free(err);
	store_close(w.s);
}

static void
test_merge_split_rename(void)
{
	struct world		 w;
	struct store_entity	 e;
	struct store_span	*m;
	int64_t			 a = 0, b = 0, c = 0;
	size_t			 n = 0, moved = 0;
	char			*err = NULL;

	if (world_open(&w) == -1)
		return;
	CHECK_INT(store_span_link_new(w.s, w.alexei, NULL, NULL, &a, &err), 0);
	CHECK_INT(store_span_link_new(w.s, w.aleksey, NULL, NULL, &b, &err),
	    0);
	CHECK_INT(store_span_link_new(w.s, w.antony, NULL, NULL, &c, &err), 0);
	CHECK_INT(store_span_link(w.s, w.blinken, c, STORE_ACCEPTED, &err), 0);
	CHECK_INT(count_entities(w.s), 3);
	/* Merge: Aleksey's mention goes to Alexei, his entity goes. */
	CHECK_INT(store_entity_merge(w.s, a, b, &moved, &err), 0);
	CHECK_INT(moved, 1);
	CHECK_INT(linked(w.s, w.aleksey, NULL), a);
	CHECK_INT(count_entities(w.s), 2);
	CHECK_INT(store_entity_mentions(w.s, a, &m, &n, &err), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(m[0].text, "Alexei Navalny");
		CHECK_STR(m[1].entity_name, "Alexei Navalny");
	}
	store_spans_free(m, n);
	undo(w.s, "and 1 more");
	CHECK_INT(linked(w.s, w.aleksey, NULL), b);
	CHECK_INT(count_entities(w.s), 3);
	redo(w.s);
	CHECK_INT(linked(w.s, w.aleksey, NULL), a);
	/* Split it out again, under another name. */
	CHECK_INT(store_entity_split(w.s, a, &w.aleksey, 1, "Aleksey N.", &b,
	    &err), 0);
	CHECK_INT(linked(w.s, w.aleksey, NULL), b);
	CHECK_INT(linked(w.s, w.alexei, NULL), a);
	/* A span of another entity cannot be split from a. */
	CHECK_INT(store_entity_split(w.s, a, &w.blinken, 1, "x", NULL, &err),
	    -1);
	free(err);
	err = NULL;
	/* Rename with a knowledge-base id; the same again records nothing. */
	CHECK_INT(store_entity_rename(w.s, c, "Antony Blinken", "Q5", &err), 0);
	CHECK_INT(store_entity_rename(w.s, c, "Antony Blinken", NULL, &err), 0);
	CHECK_INT(store_entity_get(w.s, c, &e, &err), 0);
	CHECK_STR(e.kb_id, "Q5");
	CHECK_INT(e.mentions, 2);
	store_entity_free(&e);
	undo(w.s, "changed entity PER");
	CHECK_INT(store_entity_get(w.s, c, &e, &err), 0);
	CHECK_STR(e.kb_id, "");
	store_entity_free(&e);
	/* Remove unlinks its spans. */
	CHECK_INT(store_entity_remove(w.s, c, &err), 0);
	CHECK_INT(linked(w.s, w.blinken, NULL), 0);
	undo(w.s, "more");
	CHECK_INT(linked(w.s, w.blinken, NULL), c);
	/* Names with line breaks are refused. */
	CHECK_INT(store_entity_rename(w.s, c, "a\nb", NULL, &err), -1);
	free(err);
	store_close(w.s);
}

static void
test_relabel_drops_link(void)
{
	struct world	 w;
	int64_t		 a = 0;
	char		*err = NULL;

	if (world_open(&w) == -1)
		return;
	CHECK_INT(store_span_link_new(w.s, w.alexei, NULL, NULL, &a, &err), 0);
	CHECK_INT(store_span_relabel(w.s, w.alexei, "ORG", &err), 0);
	CHECK_INT(linked(w.s, w.alexei, NULL), 0);
	undo(w.s, "relabelled");
	CHECK_INT(linked(w.s, w.alexei, NULL), a);
	store_close(w.s);
}

static void
test_ensure(void)
{
	struct store	*s;
	int64_t		 a = 0, b = 0, c = 0;
	int		 created = 0;
	char		*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	CHECK_INT(store_entity_ensure(s, "PER", "Joe Biden", "Q6279", &a,
	    &created, &err), 0);
	CHECK(created);
	/* The knowledge-base id decides, whatever the name. */
	CHECK_INT(store_entity_ensure(s, "PER", "Biden", "Q6279", &b,
	    &created, &err), 0);
	CHECK(!created);
	CHECK_INT(b, a);
	CHECK_INT(store_entity_ensure(s, "PER", "Joe Biden", "", &c,
	    &created, &err), 0);
	CHECK(created);
	CHECK(c != a);
	CHECK_INT(store_entity_ensure(s, "NOPE", "x", "", &c, &created, &err),
	    -1);
	free(err);
	store_close(s);
}

static void
test_relations(void)
{
	struct world		 w;
	struct store_relation	 r, *v = NULL;
	int64_t			 id = 0, other, id2;
	size_t			 n = 0;
	char			*err = NULL;

	if (world_open(&w) == -1)
		return;
	memset(&r, 0, sizeof(r));
	r.src = w.alexei;
	r.dst = w.antony;
	r.label = "met_with";
	/* No such relation label yet. */
	CHECK_INT(store_relation_add(w.s, &r, &id, &err), -1);
	CHECK(err != NULL && strstr(err, "no relation label") != NULL);
	free(err);
	err = NULL;
	CHECK_INT(store_relation_label_add(w.s, "met_with", "m", 1, "met",
	    &err), 0);
	CHECK_INT(store_relation_label_add(w.s, "criticised", "c", 0, "",
	    &err), 0);
	CHECK_INT(store_relation_add(w.s, &r, &id, &err), 0);
	CHECK(id > 0);
	/* A span with itself, or across articles, is refused. */
	r.dst = w.alexei;
	CHECK_INT(store_relation_add(w.s, &r, NULL, &err), -1);
	free(err);
	err = NULL;
	other = fixture_article(w.s, "u", "Lavrov spoke.");
	r.dst = fixture_span(w.s, other, 0, 6, "PER", "Lavrov", NULL,
	    STORE_ACCEPTED);
	CHECK_INT(store_relation_add(w.s, &r, NULL, &err), -1);
	CHECK(err != NULL && strstr(err, "two articles") != NULL);
	free(err);
	err = NULL;
	CHECK_INT(store_relation_list(w.s, w.article, NULL, 0, &v, &n, &err),
	    0);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(v[0].src, w.alexei);
		CHECK_INT(v[0].dst, w.antony);
		CHECK_STR(v[0].annotator, "alice");
		CHECK_STR(v[0].label, "met_with");
	}
	store_relations_free(v, n);
	/* Relabel and undo. */
	CHECK_INT(store_relation_relabel(w.s, id, "criticised", &err), 0);
	CHECK_INT(store_relation_relabel(w.s, id, "nope", &err), -1);
	free(err);
	err = NULL;
	CHECK_INT(store_relation_get(w.s, id, &r, &err), 0);
	CHECK_STR(r.label, "criticised");
	store_relation_free(&r);
	undo(w.s, "changed relation");
	CHECK_INT(store_relation_get(w.s, id, &r, &err), 0);
	CHECK_STR(r.label, "met_with");
	store_relation_free(&r);
	/* A used relation label stays. */
	CHECK_INT(store_relation_label_remove(w.s, "met_with", &err), -1);
	CHECK(err != NULL && strstr(err, "used by 1 relation") != NULL);
	free(err);
	err = NULL;
	/* Deleting a span deletes its relations; undo brings both. */
	CHECK_INT(store_span_delete(w.s, w.antony, &err), 0);
	CHECK_INT(store_relation_list(w.s, w.article, NULL, 1, &v, &n, &err),
	    0);
	CHECK_INT(n, 0);
	store_relations_free(v, n);
	undo(w.s, "and 1 more");
	CHECK_INT(store_relation_get(w.s, id, &r, &err), 0);
	CHECK_INT(r.dst, w.antony);
	store_relation_free(&r);
	redo(w.s);
	CHECK_INT(store_relation_get(w.s, id, &r, &err), -1);
	free(err);
	err = NULL;
	undo(w.s, "more");
	/* Merge: the same relation is present, not added twice. */
	memset(&r, 0, sizeof(r));
	r.src = w.alexei;
	r.dst = w.antony;
	r.label = "met_with";
	{
		enum store_merge_result	 res = STORE_MERGE_ADDED;

		CHECK_INT(store_relation_merge(w.s, &r, &res, &id2, &err), 0);
		CHECK_INT(res, STORE_MERGE_PRESENT);
		CHECK_INT(id2, id);
	}
	/* Delete, then undo. */
	CHECK_INT(store_relation_delete(w.s, id, &err), 0);
	undo(w.s, "removed relation met_with");
	CHECK_INT(store_relation_get(w.s, id, &r, &err), 0);
	store_relation_free(&r);
	store_close(w.s);
}

static void
test_relation_schema(void)
{
	static const struct store_relation_label_def defs[] = {
		{ "spoke_with", "s", 1, "talked" },
		{ "works_for", "w", 0, NULL },
	};
	static const struct store_relation_label_def again[] = {
		{ "works_for", "s", -1, NULL },
	};
	struct store_relation_label	*v = NULL;
	struct store_label_effects	 e;
	struct store			*s;
	size_t				 n = 0;
	char				*err = NULL;

	if ((s = fixture_memory("alice")) == NULL)
		return;
	CHECK_INT(store_relation_label_apply(s, defs, 2, 0, &e, &err), 0);
	CHECK_INT(e.n, 2);
	store_label_effects_free(&e);
	CHECK_INT(store_relation_label_apply(s, again, 1, 0, &e, &err), 0);
	store_label_effects_free(&e);
	CHECK_INT(store_relation_label_list(s, &v, &n, &err), 0);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(v[0].name, "spoke_with");
		CHECK_STR(v[0].key, "");
		CHECK_INT(v[0].symmetric, 1);
		CHECK_STR(v[0].description, "talked");
		CHECK_STR(v[1].key, "s");
		CHECK_INT(v[1].symmetric, 0);
	}
	store_relation_labels_free(v, n);
	/* Replace: works_for alone. */
	CHECK_INT(store_relation_label_apply(s, again, 1, 1, &e, &err), 0);
	store_label_effects_free(&e);
	CHECK_INT(store_relation_label_list(s, &v, &n, &err), 0);
	CHECK_INT(n, 1);
	store_relation_labels_free(v, n);
	store_close(s);
}

static const struct check_test tests[] = {
	{ "entity: a new one from a span, a variant suggested then accepted, "
	    "undone and redone whole", test_link_new_and_undo },
	{ "entity: merge, split, rename and remove, each one undo",
	    test_merge_split_rename },
	{ "entity: a relabelled span loses a link of the old label",
	    test_relabel_drops_link },
	{ "entity: ensure finds by knowledge-base id, then by name",
	    test_ensure },
	{ "relation: two spans of one article, relabel, delete, undo; "
	    "a span's relations go and come back with it", test_relations },
	{ "relation labels: a schema merged and replaced",
	    test_relation_schema },
};
CHECK_MAIN(tests)
