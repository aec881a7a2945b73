/* import_jsonl.c: JSONL records, one article each with its spans and
   metadata (SPEC §8). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
#include "margin/import.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "import_private.h"

/* --- JSONL ------------------------------------------------------------- */

/* A "label" member holds spans (doccano) when it is a list of [s, e, L]
   or of objects; a list of strings is doccano's categories, kept as
   metadata. */
static int
label_holds_spans(const struct json *v)
{
	size_t	 i;

	if (v == NULL || v->type != JSON_ARRAY)
		return 0;
	for (i = 0; i < v->n; i++)
		if (v->items[i].type != JSON_ARRAY &&
		    v->items[i].type != JSON_OBJECT)
			return 0;
	return 1;
}

static const struct json *
first_of(const struct json *obj, const char *a, const char *b)
{
	const struct json	*v = json_get(obj, a);

	return v != NULL ? v : json_get(obj, b);
}

/*
 * A string member other than the text (the title, source or url, a
 * span's annotator or note) as a C string: U+0000 cannot be in one, and
 * ending the string there would drop the rest silently; so each U+0000
 * is removed, as from the text (§4), and said.  Everything else is kept
 * as given (the display shows controls as placeholders).  what names the
 * member in the notice.  NULL when the member is absent or no string.
 */
static char *
record_string(struct import_run *run, const char *where, const char *what,
    const struct json *obj, const char *member)
{
	const struct json	*v = json_get(obj, member);
	char			*s;
	size_t			 i, n = 0, nuls;

	if (v == NULL || v->type != JSON_STRING)
		return NULL;
	s = xmalloc(v->len + 1);
	for (i = 0; i < v->len; i++)
		if (v->str[i] != '\0')
			s[n++] = v->str[i];
	s[n] = '\0';
	if ((nuls = v->len - n) > 0)
		imp_run_message(run, 0, where, "%s: %zu U+0000 character%s "
		    "removed", what, nuls, nuls == 1 ? "" : "s");
	return s;
}

/* Read one span item: [start, end, "LABEL"] (doccano, spaCy) or
   {start, end, label, text?, annotator?, note?} (margin, Prodigy; doccano's
   start_offset/end_offset too).  The annotator and note are the
   caller's (record_string). */
/* A string member that must be one of a list's names, parsed by parse;
   0 when absent or good, -1 when it is not one of them. */
static int
span_name_member(const struct json *item, const char *member,
    int (*parse)(const char *, void *), void *out)
{
	const struct json	*v = json_get(item, member);

	if (v == NULL)
		return 0;
	if (v->type != JSON_STRING || strlen(v->str) != v->len)
		return -1;
	return parse(v->str, out);
}

static int
parse_status(const char *name, void *out)
{
	return store_status_parse(name, out);
}

static int
parse_origin(const char *name, void *out)
{
	return store_origin_parse(name, out);
}

/* What a margin export adds to a span object: status, origin, score. */
static const char *
span_read_state(const struct json *item, struct span_given *sp)
{
	const struct json	*v;

	if (span_name_member(item, "status", parse_status, &sp->status) == -1)
		return "its \"status\" is not accepted, suggested or rejected";
	if (span_name_member(item, "origin", parse_origin, &sp->origin) == -1)
		return "its \"origin\" is not manual, propagated, gazetteer, "
		    "model or imported";
	if ((v = json_get(item, "score")) != NULL) {
		if (v->type != JSON_NUMBER || !(v->number >= 0 &&
		    v->number <= 1))
			return "its \"score\" is not a number from 0 to 1";
		sp->score = v->number;
	}
	return NULL;
}

static const char *
span_read(const struct json *item, enum store_span_status status,
    struct span_given *sp)
{
	const struct json	*s, *e, *l, *t;
	const char		*why;

	memset(sp, 0, sizeof(*sp));
	sp->status = status;
	sp->origin = STORE_IMPORTED;
	if (item->type == JSON_ARRAY) {
		if (item->n < 3)
			return "a span list needs [start, end, label]";
		s = &item->items[0];
		e = &item->items[1];
		l = &item->items[2];
	} else if (item->type == JSON_OBJECT) {
		s = first_of(item, "start", "start_offset");
		e = first_of(item, "end", "end_offset");
		l = json_get(item, "label");
		if ((t = json_get(item, "text")) != NULL) {
			if (t->type != JSON_STRING)
				return "its \"text\" is not a string";
			sp->text = t->str;
			sp->text_len = t->len;
		}
		if ((why = span_read_state(item, sp)) != NULL)
			return why;
	} else
		return "a span is [start, end, label] or an object";
	if (s == NULL || e == NULL)
		return "no start or end";
	if (!json_is_integer(s) || !json_is_integer(e))
		return "start and end must be whole numbers";
	if (l == NULL || l->type != JSON_STRING)
		return "no label";
	if (memchr(l->str, '\0', l->len) != NULL)
		return "the label is not a valid name (it holds U+0000)";
	sp->start = s->integer;
	sp->end = e->integer;
	sp->label = l->str;
	return NULL;
}

/*
 * A span's "entity": {"id", "name", "kb_id", "status"} (margin's export,
 * SPEC §16): linked through imp_entity_link, by the file's id when it
 * gives one.  Only "name" is required.  0 when the span names none or the
 * entity is linked; -1 when it is refused (said: the span comes in
 * without it).
 */
static int
span_entity(struct import_run *run, struct record_text *rt, const char *name,
    const struct json *item, struct span_given *g)
{
	const struct json	*e = json_get(item, "entity"), *v;
	const char		*ename, *kb;
	char			*key = NULL;
	int			 rc;

	if (e == NULL || e->type == JSON_NULL)
		return 0;
	ename = json_get_string(e, "name");
	kb = json_get_string(e, "kb_id");
	if (e->type != JSON_OBJECT || ename == NULL ||
	    strlen(ename) != json_get(e, "name")->len) {
		imp_run_message(run, 1, rt->where, "%s: its \"entity\" is not "
		    "an object with a \"name\" string: the span comes in "
		    "unlinked", name);
		return -1;
	}
	if (json_get(e, "kb_id") != NULL && (kb == NULL ||
	    strlen(kb) != json_get(e, "kb_id")->len)) {
		imp_run_message(run, 1, rt->where, "%s: its entity's \"kb_id\" "
		    "is not a string: the span comes in unlinked", name);
		return -1;
	}
	g->entity_status = STORE_ACCEPTED;
	if (span_name_member(e, "status", parse_status,
	    &g->entity_status) == -1) {
		imp_run_message(run, 1, rt->where, "%s: its entity's \"status\" "
		    "is not accepted, suggested or rejected: the span comes in "
		    "unlinked", name);
		return -1;
	}
	if ((v = json_get(e, "id")) != NULL && json_is_integer(v))
		key = xasprintf("jsonl:%lld", (long long)v->integer);
	rc = imp_entity_link(run, rt->where, key, g->label, ename,
	    kb != NULL ? kb : "", &g->entity);
	free(key);
	return rc;
}

static void
import_json_span(struct import_run *run, struct record_text *rt, size_t k,
    const struct json *item, enum store_span_status status, int64_t *id)
{
	struct span_given	 g;
	const char		*why;
	char			*name, *what, *annotator = NULL, *note = NULL;

	if ((why = span_read(item, status, &g)) != NULL) {
		imp_run_message(run, 1, rt->where, "span %zu: %s", k, why);
		return;
	}
	name = xasprintf("span %zu", k);
	if (item->type == JSON_OBJECT) {
		what = xasprintf("%s: annotator", name);
		g.annotator = annotator = record_string(run, rt->where, what,
		    item, "annotator");
		free(what);
		what = xasprintf("%s: note", name);
		g.note = note = record_string(run, rt->where, what, item,
		    "note");
		free(what);
		if (span_entity(run, rt, name, item, &g) == -1)
			g.entity = 0;
	}
	import_span(run, rt, name, &g, id);
	free(annotator);
	free(note);
	free(name);
}

/*
 * Whether v is a list of relations as margin writes them (objects with
 * "from" and "to"): other tools' (Prodigy's head and child, doccano's
 * from_id and to_id) stay the record's metadata.
 */
static int
relations_ours(const struct json *v)
{
	size_t	 i;

	if (v == NULL || v->type != JSON_ARRAY)
		return 0;
	for (i = 0; i < v->n; i++)
		if (v->items[i].type != JSON_OBJECT ||
		    json_get(&v->items[i], "from") == NULL ||
		    json_get(&v->items[i], "to") == NULL)
			return 0;
	return 1;
}

/*
 * The record's "relations": [{"from", "to", "label", "annotator"?,
 * "status"?, "origin"?, "note"?}], from and to indexes into its "spans"
 * (ids[i] the span added for spans[i], 0 when it was not).
 */
static void
import_record_relations(struct import_run *run, struct record_text *rt,
    const struct json *rec, const int64_t *ids, size_t nids)
{
	const struct json	*rels = json_get(rec, "relations"), *item, *f, *t;
	struct relation_given	 g;
	const char		*label, *why;
	char			*name, *what, *annotator, *note;
	size_t			 i;

	if (!relations_ours(rels))
		return;
	for (i = 0; i < rels->n; i++) {
		item = &rels->items[i];
		name = xasprintf("relation %zu", i + 1);
		memset(&g, 0, sizeof(g));
		g.status = STORE_ACCEPTED;
		g.origin = STORE_IMPORTED;
		why = NULL;
		f = json_get(item, "from");
		t = json_get(item, "to");
		label = json_get_string(item, "label");
		if (item->type != JSON_OBJECT)
			why = "a relation is an object";
		else if (!json_is_integer(f) || !json_is_integer(t))
			why = "\"from\" and \"to\" must be whole numbers";
		else if (f->integer < 0 || t->integer < 0 ||
		    (uint64_t)f->integer >= nids || (uint64_t)t->integer >= nids)
			why = "\"from\" or \"to\" is no index of \"spans\"";
		else if (ids[f->integer] == 0 || ids[t->integer] == 0)
			why = "one of its spans was not imported";
		else if (label == NULL || strlen(label) !=
		    json_get(item, "label")->len)
			why = "no \"label\" string";
		else if (span_name_member(item, "status", parse_status,
		    &g.status) == -1)
			why = "its \"status\" is not accepted, suggested or "
			    "rejected";
		else if (span_name_member(item, "origin", parse_origin,
		    &g.origin) == -1)
			why = "its \"origin\" is not manual, propagated, "
			    "gazetteer, model or imported";
		if (why != NULL) {
			imp_run_message(run, 1, rt->where, "%s: %s", name, why);
			free(name);
			continue;
		}
		g.src = ids[f->integer];
		g.dst = ids[t->integer];
		g.label = label;
		what = xasprintf("%s: annotator", name);
		g.annotator = annotator = record_string(run, rt->where, what,
		    item, "annotator");
		free(what);
		what = xasprintf("%s: note", name);
		g.note = note = record_string(run, rt->where, what, item,
		    "note");
		free(what);
		imp_add_relation(run, rt->where, name, &g);
		free(annotator);
		free(note);
		free(name);
	}
}

/* Whether v is a list of strings (a record's tags or done marks). */
static int
string_list(const struct json *v)
{
	size_t	 i;

	if (v == NULL || v->type != JSON_ARRAY)
		return 0;
	for (i = 0; i < v->n; i++)
		if (v->items[i].type != JSON_STRING)
			return 0;
	return 1;
}

/*
 * Prodigy's "answer" (accept, reject, ignore) as the status of the spans
 * that give none of their own: an ignored task is neither training data
 * nor rejected, so its spans stay suggestions.  -1 when there is none.
 */
static int
record_answer(const struct json *rec, enum store_span_status *st)
{
	const char	*a = json_get_string(rec, "answer");

	if (a == NULL)
		return -1;
	if (strcmp(a, "accept") == 0)
		*st = STORE_ACCEPTED;
	else if (strcmp(a, "reject") == 0)
		*st = STORE_REJECTED;
	else if (strcmp(a, "ignore") == 0)
		*st = STORE_SUGGESTED;
	else
		return -1;
	return 0;
}

/* The members of a record that are not metadata. */
static int
member_consumed(const struct json *rec, const struct json_member *m)
{
	const char		*n = m->name;
	const struct json	*meta;
	enum store_span_status	 st;

	if (strlen(n) != m->name_len)
		return 0;
	if (strcmp(n, "text") == 0)
		return 1;
	/* With a "meta" object (as margin writes it) the record's own id
	   is the exporting database's; the article's is in meta. */
	if (strcmp(n, "id") == 0)
		return (meta = json_get(rec, "meta")) != NULL &&
		    meta->type == JSON_OBJECT;
	if (strcmp(n, "tags") == 0 || strcmp(n, "done") == 0)
		return string_list(&m->value);
	if (strcmp(n, "tagged_by") == 0)
		return m->value.type == JSON_OBJECT;
	/* Prodigy's and spaCy's tokens: margin has its own. */
	if (strcmp(n, "tokens") == 0)
		return m->value.type == JSON_ARRAY;
	if (strcmp(n, "answer") == 0)
		return record_answer(rec, &st) == 0;
	if (strcmp(n, "title") == 0 || strcmp(n, "source") == 0)
		return m->value.type == JSON_STRING;
	if (strcmp(n, "url") == 0)
		return m->value.type == JSON_STRING &&
		    json_get_string(rec, "source") == NULL;
	if (strcmp(n, "spans") == 0 || strcmp(n, "entities") == 0 ||
	    strcmp(n, "ents") == 0)
		return m->value.type == JSON_ARRAY;
	if (strcmp(n, "relations") == 0)
		return relations_ours(&m->value);
	if (strcmp(n, "label") == 0 || strcmp(n, "labels") == 0)
		return label_holds_spans(&m->value);
	return 0;
}

struct meta_field {
	const struct json_member	*m;
	int				 rank;	/* 1 top level, 0 in "meta" */
	size_t				 order;
	int				 keep;
};

static int
same_name(const struct json_member *a, const struct json_member *b)
{
	return a->name_len == b->name_len &&
	    memcmp(a->name, b->name, a->name_len) == 0;
}

static int
compare_meta(const void *pa, const void *pb)
{
	const struct meta_field	*a, *b;
	size_t			 n;
	int			 c;

	a = *(const struct meta_field *const *)pa;
	b = *(const struct meta_field *const *)pb;
	n = a->m->name_len < b->m->name_len ? a->m->name_len : b->m->name_len;
	c = memcmp(a->m->name, b->m->name, n);
	if (c != 0)
		return c;
	if (a->m->name_len != b->m->name_len)
		return a->m->name_len < b->m->name_len ? -1 : 1;
	if (a->rank != b->rank)
		return b->rank - a->rank;
	if (a->order != b->order)
		return a->order < b->order ? 1 : -1;
	return 0;
}

/*
 * The article's metadata (§8): id, date and every member that is not
 * text, title, source or spans, with the members of a "meta" object
 * merged in.  A name given twice keeps the top-level value, and of equals
 * the last (as the record reads).  NULL when there is nothing.
 */
static char *
record_meta(const struct json *rec)
{
	struct meta_field	*f = NULL, **sorted;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, cap = 0, i, k;
	int			 first = 1;

	for (i = 0; i < rec->n; i++) {
		const struct json_member *m = &rec->members[i];
		const struct json	 *inner = NULL;
		size_t			  count = 1;

		if (member_consumed(rec, m))
			continue;
		if (m->name_len == 4 && memcmp(m->name, "meta", 4) == 0 &&
		    m->value.type == JSON_OBJECT) {
			inner = &m->value;
			count = inner->n;
		}
		for (k = 0; k < count; k++) {
			ARRAY_RESERVE(f, cap, n + 1);
			f[n].m = inner != NULL ? &inner->members[k] : m;
			f[n].rank = inner == NULL;
			f[n].order = n;
			f[n].keep = 0;
			n++;
		}
	}
	if (n == 0) {
		free(f);
		return NULL;
	}
	sorted = xreallocarray(NULL, n, sizeof(*sorted));
	for (i = 0; i < n; i++)
		sorted[i] = &f[i];
	qsort(sorted, n, sizeof(*sorted), compare_meta);
	/* The first of each run of one name is the one that counts. */
	for (i = 0; i < n; i++)
		if (i == 0 || !same_name(sorted[i - 1]->m, sorted[i]->m))
			sorted[i]->keep = 1;
	buf_addc(&b, '{');
	for (i = 0; i < n; i++) {
		if (!f[i].keep)
			continue;
		if (!first)
			buf_addc(&b, ',');
		first = 0;
		json_write_string(&b, f[i].m->name, f[i].m->name_len);
		buf_addc(&b, ':');
		json_write(&b, &f[i].m->value);
	}
	buf_addc(&b, '}');
	free(sorted);
	free(f);
	return buf_detach(&b);
}

/* The lists of spans a record carries: spans (margin, Prodigy),
   entities and ents (spaCy), label and labels (doccano, new and old). */
#define RECORD_SPAN_LISTS	5
static size_t
record_span_lists(const struct json *rec, const struct json **lists)
{
	const struct json	*v;
	size_t			 n = 0;

	if ((v = json_get(rec, "spans")) != NULL)
		lists[n++] = v;
	if ((v = json_get(rec, "entities")) != NULL)
		lists[n++] = v;
	if ((v = json_get(rec, "ents")) != NULL)
		lists[n++] = v;
	if (label_holds_spans(v = json_get(rec, "label")))
		lists[n++] = v;
	if (label_holds_spans(v = json_get(rec, "labels")))
		lists[n++] = v;
	return n;
}

/* Who gave a tag: --annotator, else the record's "tagged_by", else
   "imported".  *n names; v points into rec or at a constant. */
static void
tag_annotators(struct import_run *run, const struct json *rec,
    const char *tag, const char **v, size_t cap, size_t *n)
{
	const struct json	*by = json_get(rec, "tagged_by"), *who;
	size_t			 i;

	*n = 0;
	if (run->o->annotator != NULL) {
		v[(*n)++] = run->o->annotator;
		return;
	}
	if (by != NULL && by->type == JSON_OBJECT &&
	    string_list(who = json_get(by, tag)))
		for (i = 0; i < who->n && *n < cap; i++)
			if (who->items[i].len > 0 &&
			    strlen(who->items[i].str) == who->items[i].len)
				v[(*n)++] = who->items[i].str;
	if (*n == 0)
		v[(*n)++] = "imported";
}

/* The record's "tags" and "done" marks, on the article just added. */
static void
import_record_marks(struct import_run *run, const char *where,
    const struct json *rec, int64_t article)
{
	const struct json	*tags = json_get(rec, "tags");
	const struct json	*done = json_get(rec, "done");
	const char		*who[64];
	char			*err = NULL;
	size_t			 i, k, n;

	for (i = 0; string_list(tags) && i < tags->n; i++) {
		const struct json *t = &tags->items[i];

		tag_annotators(run, rec, t->str, who, 64, &n);
		for (k = 0; k < n; k++) {
			if (strlen(t->str) == t->len &&
			    store_tag_add(run->s, article, t->str, who[k],
			    &err) == 0)
				continue;
			imp_run_message(run, 1, where, "tag %zu: %s", i + 1,
			    err != NULL ? err : "it holds U+0000");
			free(err);
			err = NULL;
		}
	}
	for (i = 0; string_list(done) && i < done->n; i++) {
		const struct json *d = &done->items[i];
		const char	  *a = run->o->annotator != NULL ?
				    run->o->annotator : d->str;

		if (strlen(d->str) != d->len || d->len == 0) {
			imp_run_message(run, 1, where, "done mark %zu: not an "
			    "annotator's name", i + 1);
			continue;
		}
		if (store_article_set_done(run->s, article, a, 1, &err) == -1) {
			imp_run_message(run, 1, where, "done mark %zu: %s",
			    i + 1, err);
			free(err);
			err = NULL;
		}
	}
}

/*
 * HuggingFace token classification: {"tokens": [...], "ner_tags": [...]},
 * the tags strings (IOB1, IOB2, BIOES, BILOU) or, with --tag-names, the
 * numbers of a ClassLabel list.  The text is the tokens joined by spaces;
 * the entities become spans.
 */
static int
hf_record(const struct json *rec)
{
	const struct json	*t = json_get(rec, "tokens");
	const struct json	*g = json_get(rec, "ner_tags");

	return string_list(t) && g != NULL && g->type == JSON_ARRAY &&
	    g->n == t->n;
}

/* Tag k of the record as a string: itself, or --tag-names' entry. */
static int
hf_tag(const struct import_run *run, const struct json *g, char **out)
{
	const char	*names = run->o->tag_names, *p, *comma;
	int64_t		 k;

	*out = NULL;
	if (g->type == JSON_STRING) {
		*out = xstrdup(g->str);
		return 0;
	}
	if (!json_is_integer(g) || names == NULL || (k = g->integer) < 0)
		return -1;
	for (p = names; k > 0; k--) {
		if ((comma = strchr(p, ',')) == NULL)
			return -1;
		p = comma + 1;
	}
	comma = strchr(p, ',');
	*out = comma != NULL ? xstrndup(p, (size_t)(comma - p)) : xstrdup(p);
	return 0;
}

static void
hf_span(struct buf *b, size_t *n, size_t start, size_t end, const char *type,
    size_t type_len)
{
	buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"label\":",
	    (*n)++ > 0 ? "," : "", start, end);
	json_write_string(b, type, type_len);
	buf_addc(b, '}');
}

static void
hf_import(struct import_run *run, const char *path, const char *where,
    const struct json *rec)
{
	const struct json	*toks = json_get(rec, "tokens");
	const struct json	*tags = json_get(rec, "ner_tags");
	struct conll_chunker	 ch;
	struct conll_tag	 tag;
	struct buf		 text = BUF_INIT, spans = BUF_INIT, out = BUF_INIT;
	size_t			 i, cp = 0, nspans = 0, open_start = 0, k;
	size_t			 prev_end = 0, bad = 0;
	char			*name, *open_type = NULL;
	int			 r;

	conll_chunker_init(&ch);
	for (i = 0; i < toks->n; i++) {
		if (i > 0) {
			buf_addc(&text, ' ');
			cp++;
		}
		if (hf_tag(run, &tags->items[i], &name) == -1 ||
		    conll_tag_parse(name, strlen(name), &tag) == -1) {
			bad++;
			memset(&tag, 0, sizeof(tag));
			tag.prefix = CONLL_O;
		}
		r = conll_chunker_feed(&ch, &tag);
		if ((r & CONLL_ENDS_BEFORE) && open_type != NULL) {
			hf_span(&spans, &nspans, open_start, prev_end,
			    open_type, strlen(open_type));
			free(open_type);
			open_type = NULL;
		}
		if (r & CONLL_STARTS) {
			open_start = cp;
			free(open_type);
			open_type = xstrndup(tag.type, tag.type_len);
		}
		buf_add(&text, toks->items[i].str, toks->items[i].len);
		for (k = 0; k < toks->items[i].len; k++)
			if (((unsigned char)toks->items[i].str[k] & 0xc0) !=
			    0x80)
				cp++;
		prev_end = cp;
		if ((r & CONLL_ENDS_AFTER) && open_type != NULL) {
			hf_span(&spans, &nspans, open_start, prev_end,
			    open_type, strlen(open_type));
			free(open_type);
			open_type = NULL;
		}
		free(name);
	}
	if (conll_chunker_end(&ch) && open_type != NULL)
		hf_span(&spans, &nspans, open_start, prev_end, open_type,
		    strlen(open_type));
	free(open_type);
	conll_chunker_free(&ch);
	if (bad > 0)
		imp_run_message(run, 1, where, "%zu tag%s not O, B-TYPE, "
		    "I-TYPE, ... %s: read as O", bad, bad == 1 ? "" : "s",
		    run->o->tag_names == NULL ? "(numbers need --tag-names)" :
		    "(or a number of --tag-names)");
	/* The record again, with a text and spans: the rest is its. */
	buf_adds(&out, "{\"text\":");
	json_write_string(&out, text.data ? text.data : "", text.len);
	buf_adds(&out, ",\"spans\":[");
	buf_add(&out, spans.data, spans.len);
	buf_addc(&out, ']');
	for (i = 0; i < rec->n; i++) {
		const struct json_member *m = &rec->members[i];

		if (strcmp(m->name, "tokens") == 0 ||
		    strcmp(m->name, "ner_tags") == 0 ||
		    strcmp(m->name, "spans") == 0)
			continue;
		buf_addc(&out, ',');
		json_write_string(&out, m->name, m->name_len);
		buf_addc(&out, ':');
		json_write(&out, &m->value);
	}
	buf_addc(&out, '}');
	imp_jsonl_record(run, path, where, out.data, out.len);
	buf_free(&out);
	buf_free(&spans);
	buf_free(&text);
}

void
imp_jsonl_record(struct import_run *run, const char *path, const char *where,
    const char *line, size_t len)
{
	struct record_text	 rt;
	struct text_canon_stats	 st;
	enum store_span_status	 status;
	const struct json	*text, *lists[RECORD_SPAN_LISTS], *spans_list;
	struct json		*rec;
	int64_t			*ids;
	const char		*source;
	char			*err = NULL, *title = NULL, *meta, *canon;
	char			*given_title, *given_source = NULL;
	size_t			 nlists, nspans = 0, i, k, tlen;
	int			 rc;

	if ((rec = json_parse(line, len, JSON_LAX_UTF8, &err)) == NULL) {
		imp_run_message(run, 1, where, "%s", err);
		free(err);
		return;
	}
	if (rec->type != JSON_OBJECT) {
		imp_run_message(run, 1, where, "a line must be a JSON object, "
		    "not %s %s", rec->type == JSON_ARRAY ? "an" : "a",
		    json_type_name(rec->type));
		json_free(rec);
		return;
	}
	text = json_get(rec, "text");
	if (text == NULL && hf_record(rec)) {
		hf_import(run, path, where, rec);
		json_free(rec);
		return;
	}
	if (text == NULL || text->type != JSON_STRING) {
		imp_run_message(run, 1, where, "no \"text\" string");
		json_free(rec);
		return;
	}
	nlists = record_span_lists(rec, lists);
	for (i = k = 0; i < nlists; i++) {
		if (lists[i]->type != JSON_ARRAY) {
			imp_run_message(run, 1, where, "spans must be a list, "
			    "not %s; the article is imported without them",
			    json_type_name(lists[i]->type));
			continue;
		}
		nspans += lists[i]->n;
		lists[k++] = lists[i];
	}
	nlists = k;

	memset(&rt, 0, sizeof(rt));
	memset(&st, 0, sizeof(st));
	rt.where = where;
	canon = text_canonicalize(text->str, text->len, &rt.len, &st,
	    nspans > 0 ? &rt.map : NULL, nspans > 0 ? &rt.nmap : NULL);
	rt.text = canon;
	if (imp_text_is_blank(canon, rt.len)) {
		run->r->skipped++;
		imp_run_message(run, 0, where, "empty text, skipped");
		goto out;
	}
	if ((given_title = record_string(run, where, "title", rec,
	    "title")) != NULL) {
		title = text_canonicalize(given_title, strlen(given_title),
		    &tlen, NULL, NULL, NULL);
		free(given_title);
		if (imp_text_is_blank(title, tlen)) {
			free(title);
			title = NULL;
		}
	}
	if (title == NULL)
		title = text_title(canon, rt.len);
	if ((given_source = record_string(run, where, "source", rec,
	    "source")) == NULL)
		given_source = record_string(run, where, "url", rec, "url");
	source = given_source != NULL ? given_source : path;
	meta = record_meta(rec);
	rc = imp_add_article(run, where, title, source, canon, rt.len, meta,
	    nspans, &rt.article);
	free(meta);
	if (rc == 1)
		imp_report_repairs(run, where, &st);
	if (record_answer(rec, &status) == -1)
		status = STORE_ACCEPTED;
	if (rc == 1 && nspans > 0) {
		/* The ids of the "spans" list, for the relations. */
		ids = xcalloc(nspans, sizeof(*ids));
		text_offsets_init(&rt.offsets, canon, rt.len);
		for (i = 0; i < nlists; i++)
			for (k = 0; k < lists[i]->n; k++)
				import_json_span(run, &rt, k + 1,
				    &lists[i]->items[k], status,
				    lists[i] == json_get(rec, "spans") ?
				    &ids[k] : NULL);
		text_offsets_free(&rt.offsets);
		spans_list = json_get(rec, "spans");
		import_record_relations(run, &rt, rec, ids,
		    spans_list != NULL && spans_list->type == JSON_ARRAY ?
		    spans_list->n : 0);
		free(ids);
	}
	if (rc == 1)
		import_record_marks(run, where, rec, rt.article);
	if (rc != -1)
		imp_run_article_done(run, where);
out:
	free(title);
	free(given_source);
	free(rt.map);
	free(canon);
	json_free(rec);
}

int
import_jsonl(struct import_run *run, struct input *in)
{
	const char	*line;
	char		*where;
	size_t		 len, lineno = 0, i;
	int		 rc;

	/* A BOM may open the file (RFC 8259 lets a reader ignore it). */
	if (in->data.len - in->pos >= 3 &&
	    memcmp(in->data.data + in->pos, "\xef\xbb\xbf", 3) == 0)
		in->pos += 3;
	/* The entity ids of a file are one database's. */
	run->entity_scope = in->path;
	while ((rc = imp_input_line(run, in, &line, &len)) == 1) {
		lineno++;
		for (i = 0; i < len; i++)
			if (line[i] != ' ' && line[i] != '\t' &&
			    line[i] != '\r')
				break;
		if (i == len)
			continue;
		where = xasprintf("%s:%zu", in->path, lineno);
		imp_jsonl_record(run, in->path, where, line, len);
		free(where);
	}
	if (rc == -1) {
		imp_run_message(run, 1, in->path, "line %zu: %s", lineno + 1,
		    strerror(in->read_errno));
		run->entity_scope = NULL;
		return -1;
	}
	run->entity_scope = NULL;
	return 0;
}
