/* import_brat.c: brat standoff documents, X.txt with its X.ann of
   entities, notes, entity links and relations, and the relation labels
   of the folder's annotation.conf (SPEC §8, §16). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "margin/brat.h"
#include "margin/import.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "import_private.h"

/* --- brat -------------------------------------------------------------- */

/* One T line of an .ann file, kept until the article exists. */
struct brat_entity {
	size_t			 line;
	char			*id;
	char			*label;
	struct brat_fragment	*fragments;
	size_t			 nfragments;
	char			*text;
	size_t			 text_len;
	struct buf		 note;	/* its AnnotatorNotes, LF-joined */
	/* margin's attributes (A lines), when given. */
	char			*annotator;
	int			 has_status, has_origin;
	enum store_span_status	 status;
	enum store_span_origin	 origin;
	/* Its N line: the reference ("Wikidata:Q7747"), the kb_id it
	   stands for, the name; and the LinkStatus attribute. */
	char			*ref;
	struct buf		 kb_id;
	char			*ref_name;
	enum store_span_status	 link_status;
	/* The span it became (the first, when it was split). */
	int64_t			 span;
};

/* An R line, kept until its T lines are spans. */
struct brat_relation {
	size_t			 line;
	char			*id;
	char			*label;
	char			*arg1, *arg2;
	struct buf		 note;
	char			*annotator;
	int			 has_status, has_origin;
	enum store_span_status	 status;
	enum store_span_origin	 origin;
};

/* An A line, kept until every T line is read. */
struct brat_attr {
	size_t	 line;
	char	*name;
	char	*target;
	char	*value;
};

struct brat_doc {
	const char		*ann_path;
	struct brat_entity	*v;
	size_t			 n;
	size_t			 fragments;
	size_t			 others;	/* R, E, M, N, * lines, and
						   attributes margin does not
						   know */
	struct brat_attr	*attrs;
	size_t			 nattrs;
	struct brat_relation	*r;
	size_t			 nr;
};

static void
brat_doc_free(struct brat_doc *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].id);
		free(d->v[i].label);
		free(d->v[i].fragments);
		free(d->v[i].text);
		free(d->v[i].annotator);
		buf_free(&d->v[i].note);
		free(d->v[i].ref);
		buf_free(&d->v[i].kb_id);
		free(d->v[i].ref_name);
	}
	free(d->v);
	for (i = 0; i < d->nr; i++) {
		free(d->r[i].id);
		free(d->r[i].label);
		free(d->r[i].arg1);
		free(d->r[i].arg2);
		buf_free(&d->r[i].note);
		free(d->r[i].annotator);
	}
	free(d->r);
	for (i = 0; i < d->nattrs; i++) {
		free(d->attrs[i].name);
		free(d->attrs[i].target);
		free(d->attrs[i].value);
	}
	free(d->attrs);
}

static struct brat_entity *
brat_doc_find(struct brat_doc *d, const char *id, size_t len)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strlen(d->v[i].id) == len &&
		    memcmp(d->v[i].id, id, len) == 0)
			return &d->v[i];
	return NULL;
}

static struct brat_relation *
brat_doc_relation(struct brat_doc *d, const char *id, size_t len)
{
	size_t	 i;

	for (i = 0; i < d->nr; i++)
		if (strlen(d->r[i].id) == len &&
		    memcmp(d->r[i].id, id, len) == 0)
			return &d->r[i];
	return NULL;
}

/* Where an attribute of margin's goes: a T line's or an R line's. */
struct brat_state {
	char			**annotator;
	int			 *has_status, *has_origin;
	enum store_span_status	 *status;
	enum store_span_origin	 *origin;
};

/* Set one of margin's attributes; -1 when its value is none of them. */
static int
brat_state_set(const struct brat_state *st, const struct brat_attr *a)
{
	if (a->name[0] == 'A') {
		if (a->value[0] == '\0')
			return -1;
		free(*st->annotator);
		*st->annotator = xstrdup(a->value);
		return 0;
	}
	if (a->name[0] == 'O') {
		if (store_origin_parse(a->value, st->origin) == -1)
			return -1;
		*st->has_origin = 1;
		return 0;
	}
	if (store_status_parse(a->value, st->status) == -1)
		return -1;
	*st->has_status = 1;
	return 0;
}

/*
 * Apply margin's attributes (Annotator, Origin, Status of T and R lines,
 * LinkStatus of T lines: what its brat export writes); other attributes
 * are counted with the lines margin does not keep.
 */
static void
brat_doc_attributes(struct import_run *run, struct brat_doc *d)
{
	struct brat_entity	*e;
	struct brat_relation	*r;
	struct brat_attr	*a;
	struct brat_state	 st;
	char			*where;
	size_t			 i;
	int			 bad, link;

	for (i = 0; i < d->nattrs; i++) {
		a = &d->attrs[i];
		link = strcmp(a->name, "LinkStatus") == 0;
		if (strcmp(a->name, "Annotator") != 0 &&
		    strcmp(a->name, "Origin") != 0 &&
		    strcmp(a->name, "Status") != 0 && !link) {
			d->others++;
			continue;
		}
		where = xasprintf("%s:%zu", d->ann_path, a->line);
		e = brat_doc_find(d, a->target, strlen(a->target));
		r = link ? NULL : brat_doc_relation(d, a->target,
		    strlen(a->target));
		bad = 0;
		if (e != NULL && link)
			bad = store_status_parse(a->value,
			    &e->link_status) == -1;
		else if (e != NULL || r != NULL) {
			st.annotator = e != NULL ? &e->annotator :
			    &r->annotator;
			st.has_status = e != NULL ? &e->has_status :
			    &r->has_status;
			st.has_origin = e != NULL ? &e->has_origin :
			    &r->has_origin;
			st.status = e != NULL ? &e->status : &r->status;
			st.origin = e != NULL ? &e->origin : &r->origin;
			bad = brat_state_set(&st, a) == -1;
		} else
			imp_run_message(run, 0, where, "an attribute of %s, "
			    "which is no %s line: ignored", a->target,
			    link ? "T" : "T or R");
		if (bad)
			imp_run_message(run, 1, where, "%s: not a value of %s",
			    a->value, a->name);
		free(where);
	}
}

/* An N line: the entity its T line names.  One per T line. */
static void
brat_doc_normalization(struct import_run *run, struct brat_doc *d,
    const char *where, const struct brat_line *l)
{
	struct brat_entity	*e;
	char			*q;

	if ((e = brat_doc_find(d, l->ref, l->ref_len)) == NULL) {
		q = imp_quoted(l->ref, l->ref_len);
		imp_run_message(run, 0, where, "a reference of %s, which is "
		    "no T line before it: ignored", q);
		free(q);
		return;
	}
	if (e->ref != NULL) {
		imp_run_message(run, 0, where, "a second reference of %s: "
		    "ignored (a span names one entity)", e->id);
		return;
	}
	e->ref = xasprintf("brat:%.*s:%.*s", (int)l->db_len, l->db,
	    (int)l->db_id_len, l->db_id);
	buf_adds(&e->kb_id, "");
	brat_reference_read(&e->kb_id, l->db, l->db_len, l->db_id,
	    l->db_id_len);
	e->ref_name = xstrndup(l->text, l->text_len);
}

static void
brat_doc_add_relation(struct brat_doc *d, size_t lineno,
    const struct brat_line *l, size_t *cap)
{
	struct brat_relation	*r;

	ARRAY_RESERVE(d->r, *cap, d->nr + 1);
	r = &d->r[d->nr++];
	memset(r, 0, sizeof(*r));
	r->line = lineno;
	r->id = xstrndup(l->id, l->id_len);
	r->label = xstrndup(l->type, l->type_len);
	r->arg1 = xstrndup(l->ref, l->ref_len);
	r->arg2 = xstrndup(l->ref2, l->ref2_len);
}

/* Read the .ann file: its T lines and the notes on them.  Bad lines are
   reported and left out; -1 when the file cannot be read. */
static int
brat_doc_read(struct import_run *run, struct brat_doc *d)
{
	struct brat_line	 l;
	struct brat_entity	*e;
	char			*data, *err = NULL, *where, *q;
	struct brat_relation	*r;
	const char		*line, *nl;
	size_t			 len, n, lineno = 0, cap = 0, acap = 0, rcap = 0;
	enum brat_line_kind	 kind;

	if (file_read_all(d->ann_path, &data, &len, &err) == -1) {
		imp_run_message(run, 1, d->ann_path, "%s", err);
		free(err);
		return -1;
	}
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(data + len - line));
		if (nl == NULL)
			nl = data + len;
		n = (size_t)(nl - line);
		lineno++;
		kind = brat_line_parse(line, n, &l, &err);
		where = xasprintf("%s:%zu", d->ann_path, lineno);
		switch (kind) {
		case BRAT_LINE_BAD:
			imp_run_message(run, 1, where, "%s", err);
			free(err);
			err = NULL;
			break;
		case BRAT_LINE_BLANK:
			break;
		case BRAT_LINE_OTHER:
			d->others++;
			break;
		case BRAT_LINE_RELATION:
			brat_doc_add_relation(d, lineno, &l, &rcap);
			break;
		case BRAT_LINE_NORMALIZATION:
			brat_doc_normalization(run, d, where, &l);
			break;
		case BRAT_LINE_TEXTBOUND:
			ARRAY_RESERVE(d->v, cap, d->n + 1);
			e = &d->v[d->n++];
			memset(e, 0, sizeof(*e));
			e->line = lineno;
			e->id = xstrndup(l.id, l.id_len);
			e->label = xstrndup(l.type, l.type_len);
			e->fragments = l.fragments;
			e->nfragments = l.nfragments;
			l.fragments = NULL;
			e->text = xstrndup(l.text, l.text_len);
			e->text_len = l.text_len;
			d->fragments += e->nfragments;
			break;
		case BRAT_LINE_ATTRIBUTE:
			ARRAY_RESERVE(d->attrs, acap, d->nattrs + 1);
			d->attrs[d->nattrs].line = lineno;
			d->attrs[d->nattrs].name = xstrndup(l.type,
			    l.type_len);
			d->attrs[d->nattrs].target = xstrndup(l.ref,
			    l.ref_len);
			d->attrs[d->nattrs].value = xstrndup(l.text,
			    l.text_len);
			d->nattrs++;
			break;
		case BRAT_LINE_NOTE:
			e = brat_doc_find(d, l.ref, l.ref_len);
			r = e == NULL ? brat_doc_relation(d, l.ref, l.ref_len) :
			    NULL;
			if (e == NULL && r == NULL) {
				q = imp_quoted(l.ref, l.ref_len);
				imp_run_message(run, 0, where,
				    "a note on %s, which "
				    "is no T or R line before it: ignored", q);
				free(q);
				break;
			}
			if ((e != NULL ? &e->note : &r->note)->len > 0)
				buf_addc(e != NULL ? &e->note : &r->note,
				    '\n');
			brat_read_note(e != NULL ? &e->note : &r->note, l.text,
			    l.text_len);
			break;
		}
		brat_line_free(&l);
		free(where);
		if (nl == data + len)
			break;
	}
	free(data);
	brat_doc_attributes(run, d);
	return 0;
}

/*
 * A discontinuous T line: its text is brat's, the fragments joined with
 * spaces.  Check it once for the whole line; 0 when it fits (or a
 * fragment is out of range, which import_span reports).
 */
static int
brat_check_fragments(struct import_run *run, struct record_text *rt,
    const struct brat_entity *e)
{
	struct buf	 joined = BUF_INIT;
	char		*given, *a, *b;
	size_t		 i, ncp = rt->nmap - 1, glen, sb, eb;
	int		 ok;

	for (i = 0; i < e->nfragments; i++) {
		if (e->fragments[i].start < 0 || (uint64_t)e->fragments[i].end >
		    ncp) {
			buf_free(&joined);
			return 0;
		}
		sb = text_offsets_byte(&rt->offsets,
		    rt->map[e->fragments[i].start]);
		eb = text_offsets_byte(&rt->offsets,
		    rt->map[e->fragments[i].end]);
		if (i > 0)
			buf_addc(&joined, ' ');
		buf_add(&joined, rt->text + sb, eb - sb);
	}
	given = text_canonicalize(e->text, e->text_len, &glen, NULL, NULL,
	    NULL);
	ok = imp_span_text_matches(given, glen, joined.data ? joined.data : "",
	    joined.len, 1);
	if (!ok) {
		a = imp_quoted(e->text, e->text_len);
		b = imp_quoted(joined.data ? joined.data : "", joined.len);
		imp_run_message(run, 1, rt->where,
		    "%s: its text %s does not match "
		    "the article's %s", e->id, a, b);
		free(a);
		free(b);
	}
	free(given);
	buf_free(&joined);
	return ok ? 0 : -1;
}

/*
 * Whether the fragments of e are one span across line ends: nothing but
 * line breaks between them (as brat, and margin's export, write such a
 * span).  Offsets out of range say no: import_span reports them.
 */
static int
brat_fragments_join(const struct record_text *rt, const struct brat_entity *e)
{
	size_t	 i, ncp = rt->nmap - 1, a, b, n;

	for (i = 0; i + 1 < e->nfragments; i++) {
		if (e->fragments[i].end < 0 || e->fragments[i + 1].start < 0 ||
		    (uint64_t)e->fragments[i + 1].start > ncp ||
		    (uint64_t)e->fragments[i].end > ncp ||
		    e->fragments[i].end >= e->fragments[i + 1].start)
			return 0;
		a = text_offsets_byte(&rt->offsets,
		    rt->map[e->fragments[i].end]);
		b = text_offsets_byte(&rt->offsets,
		    rt->map[e->fragments[i + 1].start]);
		for (; a < b; a += n)
			if ((n = brat_line_break(rt->text + a, b - a)) == 0)
				return 0;
	}
	return 1;
}

/*
 * The entity e's N line names: the reference is the entity's key in the
 * import (so that the mentions of margin:12 share one, brat.h), the
 * name its text (else the span's).  0 with g->entity 0 when there is
 * none; -1 when it cannot be linked (said).
 */
static int
brat_entity_link(struct import_run *run, struct record_text *rt,
    const struct brat_entity *e, struct span_given *g)
{
	const char	*name;

	g->entity = 0;
	if (e->ref == NULL)
		return 0;
	name = e->ref_name[0] != '\0' ? e->ref_name : e->text;
	g->entity_status = e->link_status;
	return imp_entity_link(run, rt->where, e->ref, e->label, name,
	    e->kb_id.data != NULL ? e->kb_id.data : "", &g->entity);
}

static void
brat_import_entity(struct import_run *run, struct record_text *rt,
    struct brat_entity *e)
{
	struct span_given	 g;
	struct buf		 note = BUF_INIT;
	char			*name;
	size_t			 i;

	memset(&g, 0, sizeof(g));
	g.label = e->label;
	g.annotator = e->annotator;
	g.status = e->has_status ? e->status : STORE_ACCEPTED;
	g.origin = e->has_origin ? e->origin : STORE_IMPORTED;
	g.note = e->note.len > 0 ? e->note.data : "";
	if (e->nfragments == 1) {
		g.start = e->fragments[0].start;
		g.end = e->fragments[0].end;
		g.text = e->text;
		g.text_len = e->text_len;
		g.text_loose = 1;
		brat_entity_link(run, rt, e, &g);
		import_span(run, rt, e->id, &g, &e->span);
		return;
	}
	if (brat_check_fragments(run, rt, e) == -1)
		return;
	brat_entity_link(run, rt, e, &g);
	if (brat_fragments_join(rt, e)) {
		g.start = e->fragments[0].start;
		g.end = e->fragments[e->nfragments - 1].end;
		import_span(run, rt, e->id, &g, &e->span);
		return;
	}
	/* margin's spans are contiguous: each fragment of a discontinuous
	   one is a span, and its note says what it was part of. */
	for (i = 0; i < e->nfragments; i++) {
		buf_truncate(&note, 0);
		buf_printf(&note, "fragment %zu of %zu of discontinuous %s",
		    i + 1, e->nfragments, e->id);
		if (e->note.len > 0) {
			buf_addc(&note, '\n');
			buf_add(&note, e->note.data, e->note.len);
		}
		g.start = e->fragments[i].start;
		g.end = e->fragments[i].end;
		g.note = note.data;
		name = xasprintf("%s fragment %zu", e->id, i + 1);
		import_span(run, rt, name, &g, i == 0 ? &e->span : NULL);
		free(name);
	}
	buf_free(&note);
}

/* The R lines, between the spans their T lines became. */
static void
brat_import_relations(struct import_run *run, struct record_text *rt,
    struct brat_doc *d)
{
	struct relation_given	 g;
	struct brat_relation	*r;
	struct brat_entity	*a, *b;
	char			*where;
	size_t			 i;

	for (i = 0; i < d->nr; i++) {
		r = &d->r[i];
		where = xasprintf("%s:%zu", d->ann_path, r->line);
		a = brat_doc_find(d, r->arg1, strlen(r->arg1));
		b = brat_doc_find(d, r->arg2, strlen(r->arg2));
		if (a == NULL || b == NULL || a->span == 0 || b->span == 0) {
			imp_run_message(run, 1, where, "%s: %s is no span "
			    "imported: the relation is left out", r->id,
			    a == NULL || a->span == 0 ? r->arg1 : r->arg2);
			free(where);
			continue;
		}
		memset(&g, 0, sizeof(g));
		g.src = a->span;
		g.dst = b->span;
		g.label = r->label;
		g.annotator = r->annotator;
		g.note = r->note.len > 0 ? r->note.data : "";
		g.status = r->has_status ? r->status : STORE_ACCEPTED;
		g.origin = r->has_origin ? r->origin : STORE_IMPORTED;
		imp_add_relation(run, where, r->id, &g);
		free(where);
	}
}

/*
 * One line of annotation.conf's [relations]: "NAME[|ALIAS...] ARGS",
 * ARGS brat's comma-separated ROLE:TYPES, of which margin keeps whether
 * <REL-TYPE> says symmetric.  brat's own relations (<OVERLAP>, a macro
 * <X>=...) and comments are not labels.
 */
static void
brat_conf_relation(struct import_run *run, const char *where, char *line)
{
	char	*p = line, *name, *end, *rel;
	int	 symmetric = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#' || *p == '<' || *p == '-')
		return;
	if (*p == '!')
		p++;
	name = p;
	p += strcspn(p, " \t");
	end = p;
	if ((rel = strstr(p, "<REL-TYPE>:")) != NULL) {
		rel += strlen("<REL-TYPE>:");
		rel[strcspn(rel, ", \t")] = '\0';
		for (; *rel != '\0'; rel += strcspn(rel, "-")) {
			if (*rel == '-')
				rel++;
			if (strncmp(rel, "symmetric", 9) == 0 &&
			    (rel[9] == '\0' || rel[9] == '-'))
				symmetric = 1;
		}
	}
	*end = '\0';
	name[strcspn(name, "|")] = '\0';
	imp_relation_label(run, where, name, symmetric);
}

/* The relation labels of an annotation.conf. */
static void
brat_conf_read(struct import_run *run, const char *path)
{
	char	*data, *line, *next, *err = NULL, *where;
	size_t	 len, lineno = 0;
	int	 in_relations = 0;

	if (!imp_path_is_file(path))
		return;
	if (file_read_all(path, &data, &len, &err) == -1) {
		imp_run_message(run, 1, path, "%s", err);
		free(err);
		return;
	}
	for (line = data; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		line[strcspn(line, "\r")] = '\0';
		if (line[strspn(line, " \t")] == '[') {
			in_relations = strncmp(line + strspn(line, " \t"),
			    "[relations]", 11) == 0;
			continue;
		}
		if (!in_relations)
			continue;
		where = xasprintf("%s:%zu", path, lineno);
		brat_conf_relation(run, where, line);
		free(where);
	}
	free(data);
}

/* The folder of ann_path, whose annotation.conf is read the first time
   (its relation labels): the folder as run->conf_dirs keeps it. */
static const char *
brat_folder(struct import_run *run, const char *ann_path)
{
	const char	*slash = strrchr(ann_path, '/');
	char		*dir, *path;
	size_t		 i;

	dir = slash != NULL ? xstrndup(ann_path, (size_t)(slash - ann_path)) :
	    xstrdup(".");
	for (i = 0; i < run->nconf_dirs; i++)
		if (strcmp(run->conf_dirs[i], dir) == 0) {
			free(dir);
			return run->conf_dirs[i];
		}
	run->conf_dirs = xreallocarray(run->conf_dirs, run->nconf_dirs + 1,
	    sizeof(*run->conf_dirs));
	run->conf_dirs[run->nconf_dirs++] = dir;
	path = xasprintf("%s/annotation.conf", dir);
	brat_conf_read(run, path);
	free(path);
	return dir;
}

/* A .txt (in) and the .ann beside it (ann_path, when it exists). */
static int
import_brat_pair(struct import_run *run, struct input *in,
    const char *ann_path)
{
	struct brat_doc		 d;
	struct record_text	 rt;
	struct text_canon_stats	 st;
	char			*canon, *title, *where;
	size_t			 i;
	int			 rc;

	memset(&d, 0, sizeof(d));
	d.ann_path = ann_path;
	if (imp_input_fill(run, in, SIZE_MAX) == -1) {
		imp_run_message(run, 1, in->path, "%s",
		    strerror(in->read_errno));
		return -1;
	}
	if (ann_path != NULL && imp_path_is_file(ann_path) &&
	    brat_doc_read(run, &d) == -1) {
		brat_doc_free(&d);
		return -1;
	}
	/* The relation labels first, with brat's word on symmetry; the
	   references margin:ID are the folder's. */
	run->entity_scope = ann_path != NULL ? brat_folder(run, ann_path) :
	    NULL;
	memset(&rt, 0, sizeof(rt));
	memset(&st, 0, sizeof(st));
	rt.where = in->path;
	canon = text_canonicalize(in->data.data + in->pos,
	    in->data.len - in->pos, &rt.len, &st, d.n > 0 ? &rt.map : NULL,
	    d.n > 0 ? &rt.nmap : NULL);
	rt.text = canon;
	if (imp_text_is_blank(canon, rt.len)) {
		run->r->skipped++;
		imp_run_message(run, 0, in->path, "empty, skipped");
		goto out;
	}
	title = text_title(canon, rt.len);
	rc = imp_add_article(run, in->path, title, in->path, canon, rt.len,
	    NULL,
	    d.fragments, &rt.article);
	free(title);
	if (rc == 1) {
		imp_report_repairs(run, in->path, &st);
		text_offsets_init(&rt.offsets, canon, rt.len);
		for (i = 0; i < d.n; i++) {
			where = xasprintf("%s:%zu", ann_path, d.v[i].line);
			rt.where = where;
			brat_import_entity(run, &rt, &d.v[i]);
			free(where);
		}
		text_offsets_free(&rt.offsets);
		brat_import_relations(run, &rt, &d);
		if (d.others > 0)
			imp_run_message(run, 0, ann_path,
			    "%zu event, equivalence or "
			    "attribute line%s ignored (margin keeps "
			    "entities, notes, entity links, relations and "
			    "its own attributes)", d.others,
			    d.others == 1 ? "" : "s");
	}
	if (rc != -1)
		imp_run_article_done(run, in->path);
out:
	run->entity_scope = NULL;
	free(rt.map);
	free(canon);
	brat_doc_free(&d);
	return 0;
}

/*
 * brat: a document is X.txt with X.ann beside it.  Given the .ann, the
 * pair is imported through its .txt; in a folder walk the .txt is
 * reached anyway, so the .ann says nothing.  A .txt without an .ann is
 * an article without annotations, as brat shows it.
 */
int
import_brat(struct import_run *run, struct input *in)
{
	const char	*ext = in->is_stdin ? NULL :
			    imp_path_extension(in->path);
	char		*other;
	int		 rc;

	if (ext != NULL && strcasecmp(ext, "ann") == 0) {
		other = imp_path_sibling(in->path, "txt");
		if (!imp_path_is_file(other)) {
			imp_run_message(run, 1, in->path,
			    "no %s beside it (brat "
			    "keeps the text in a .txt file)", other);
			free(other);
			return -1;
		}
		rc = run->ndirs > 0 ? 0 : run->import_file(run, other,
		    IMPORT_BRAT);
		free(other);
		return rc;
	}
	other = in->is_stdin ? NULL : imp_path_sibling(in->path, "ann");
	rc = import_brat_pair(run, in, other);
	free(other);
	return rc;
}
