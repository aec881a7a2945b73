/* export_csv.c: one CSV row per span, tag, relation or entity (SPEC §9,
   §16), with cells a spreadsheet will not run as formulas when asked. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "margin/export.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "export_private.h"

/* Spreadsheets run cells that begin with these as formulas. */
static int
csv_formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

void
export_csv_field(struct buf *out, const char *s, size_t len, int excel_safe)
{
	int	 prefix, quote;
	size_t	 i, run;

	prefix = excel_safe && len > 0 && csv_formula_start(s[0]);
	/* Leading or trailing spaces are quoted because many readers trim
	   them otherwise; a prefixed cell no longer starts with one. */
	quote = len > 0 && ((s[0] == ' ' && !prefix) || s[len - 1] == ' ');
	for (i = 0; i < len && !quote; i++)
		if (s[i] == '"' || s[i] == ',' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (quote)
		buf_addc(out, '"');
	if (prefix)
		buf_addc(out, '\'');
	if (!quote) {
		buf_add(out, s, len);
		return;
	}
	for (i = 0; i < len; i = run + 1) {
		for (run = i; run < len && s[run] != '"'; run++)
			;
		buf_add(out, s + i, run - i);
		if (run < len)
			buf_adds(out, "\"\"");
	}
	buf_addc(out, '"');
}

/* A NUL-terminated string field; NULL writes an empty one. */
static void
csv_string(struct buf *out, const char *s, int excel_safe)
{
	if (s == NULL)
		s = "";
	export_csv_field(out, s, strlen(s), excel_safe);
	buf_addc(out, ',');
}

/* Formatted in place: an export writes millions of these, and
   buf_printf() would allocate for each. */
static void
csv_number(struct buf *out, long long n)
{
	int	 w;

	buf_reserve(out, 32);
	w = snprintf(out->data + out->len, 32, "%lld,", n);
	if (w > 0 && w < 32)
		out->len += (size_t)w;
}

/* ISO 8601 in UTC, the form every CSV reader and pandas parse. */
static void
csv_time(struct buf *out, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	int		 w;

	if (gmtime_r(&tt, &tm) == NULL)
		return;
	buf_reserve(out, 64);
	w = snprintf(out->data + out->len, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (w > 0 && w < 64)
		out->len += (size_t)w;
}
struct csv_export {
	struct store			*s;
	const struct export_options	*o;
	FILE				*out;
	struct buf			 row;
	int				 write_errno;
	char				*err;
	/* The article whose text gives --context, fetched once per article
	   as the stream (in article order) reaches it. */
	int64_t				 article_id;
	struct store_article		 article;
	int				 have_article;
	struct text_offsets		 offsets;
};

static int
csv_load_article(struct csv_export *c, int64_t id)
{
	const char	*who = c->o->filter.annotator;

	if (c->have_article && c->article_id == id)
		return 0;
	if (c->have_article) {
		text_offsets_free(&c->offsets);
		store_article_free(&c->article);
		c->have_article = 0;
	}
	memset(&c->article, 0, sizeof(c->article));
	if (store_article_get(c->s, id, who ? who : store_actor(c->s),
	    &c->article, &c->err) == -1) {
		err_prefix(&c->err, "article %lld", (long long)id);
		return -1;
	}
	text_offsets_init(&c->offsets, c->article.text, c->article.text_len);
	c->article_id = id;
	c->have_article = 1;
	return 0;
}

/* Up to n code points of context before and after the span. */
static void
csv_context(struct csv_export *c, const struct store_span *sp)
{
	const struct text_offsets	*t = &c->offsets;
	size_t				 n = c->o->context;
	size_t				 from, to, a, b;

	from = sp->start > n ? sp->start - n : 0;
	a = text_offsets_byte(t, from);
	b = text_offsets_byte(t, sp->start);
	export_csv_field(&c->row, t->s + a, b - a, c->o->excel_safe);
	buf_addc(&c->row, ',');
	if (sp->end >= t->ncp)
		to = sp->end;	/* nothing after it (the offsets clamp) */
	else
		to = t->ncp - sp->end > n ? sp->end + n : t->ncp;
	a = text_offsets_byte(t, sp->end);
	b = text_offsets_byte(t, to);
	export_csv_field(&c->row, t->s + a, b - a, c->o->excel_safe);
}

static int
csv_span_row(void *ctx, const struct store_article *a,
    const struct store_span *sp)
{
	struct csv_export	*c = ctx;
	int			 x = c->o->excel_safe;

	buf_truncate(&c->row, 0);
	csv_number(&c->row, (long long)a->id);
	csv_string(&c->row, a->title, x);
	csv_string(&c->row, a->source, x);
	csv_string(&c->row, sp->annotator, x);
	csv_string(&c->row, sp->label, x);
	csv_number(&c->row, (long long)sp->start);
	csv_number(&c->row, (long long)sp->end);
	csv_string(&c->row, sp->text, x);
	csv_number(&c->row, (long long)sp->start_byte);
	csv_number(&c->row, (long long)sp->end_byte);
	csv_string(&c->row, store_status_name(sp->status), x);
	csv_string(&c->row, store_origin_name(sp->origin), x);
	csv_string(&c->row, sp->note, x);
	csv_time(&c->row, sp->created_at);
	if (c->o->context > 0) {
		if (csv_load_article(c, a->id) == -1)
			return 1;
		buf_addc(&c->row, ',');
		csv_context(c, sp);
	}
	/* The entity, last, so that older readers keep their columns. */
	buf_addc(&c->row, ',');
	if (sp->entity_id != 0)
		csv_number(&c->row, (long long)sp->entity_id);
	else
		buf_addc(&c->row, ',');
	csv_string(&c->row, sp->entity_id != 0 ? sp->entity_name : "", x);
	if (sp->entity_id != 0)
		export_csv_field(&c->row, sp->entity_kb_id,
		    strlen(sp->entity_kb_id), x);
	buf_addc(&c->row, '\n');
	return export_csv_put(c->out, &c->row, &c->write_errno) == -1 ? 1 : 0;
}

static int
csv_tag_row(void *ctx, const struct store_article *a, const char *tag,
    const char *annotator)
{
	struct csv_export	*c = ctx;
	int			 x = c->o->excel_safe;

	buf_truncate(&c->row, 0);
	csv_number(&c->row, (long long)a->id);
	csv_string(&c->row, a->title, x);
	csv_string(&c->row, tag, x);
	export_csv_field(&c->row, annotator, strlen(annotator), x);
	buf_addc(&c->row, '\n');
	return export_csv_put(c->out, &c->row, &c->write_errno) == -1 ? 1 : 0;
}

/* Whether --label (NULL-terminated, NULL for any) takes label. */
static int
csv_label_chosen(const char **labels, const char *label)
{
	size_t	 i;

	if (labels == NULL)
		return 1;
	for (i = 0; labels[i] != NULL; i++)
		if (strcmp(labels[i], label) == 0)
			return 1;
	return 0;
}

/* Whether the filter chooses span sp (the span walk's own rules). */
static int
csv_span_selected(const struct store_span_filter *f,
    const struct store_span *sp)
{
	if (!export_relation_wanted(f, sp->status))
		return 0;
	if (f->annotator != NULL && strcmp(f->annotator, sp->annotator) != 0)
		return 0;
	return csv_label_chosen(f->labels, sp->label);
}

static void
csv_relation_end(struct csv_export *c, const struct store_span *sp)
{
	int	 x = c->o->excel_safe;

	csv_number(&c->row, (long long)sp->start);
	csv_number(&c->row, (long long)sp->end);
	csv_string(&c->row, sp->text, x);
	csv_string(&c->row, sp->label, x);
}

/*
 * One row: article_id,article_title,annotator,label,from_start,from_end,
 * from_text,from_label,to_start,to_end,to_text,to_label,status,note.  A
 * relation is written when the filters choose it and both its spans.
 */
static int
csv_relation_row(struct csv_export *c, const struct store_article *a,
    const struct store_relation *r, size_t *dropped)
{
	struct store_span	 from, to;
	int			 x = c->o->excel_safe, rc = 0;

	if (!export_relation_wanted(&c->o->filter, r->status))
		return 0;
	if (store_span_get(c->s, r->src, &from, &c->err) == -1)
		return 1;
	if (store_span_get(c->s, r->dst, &to, &c->err) == -1) {
		store_span_free(&from);
		return 1;
	}
	if (!csv_span_selected(&c->o->filter, &from) ||
	    !csv_span_selected(&c->o->filter, &to)) {
		(*dropped)++;
		goto out;
	}
	buf_truncate(&c->row, 0);
	csv_number(&c->row, (long long)a->id);
	csv_string(&c->row, a->title, x);
	csv_string(&c->row, r->annotator, x);
	csv_string(&c->row, r->label, x);
	csv_relation_end(c, &from);
	csv_relation_end(c, &to);
	csv_string(&c->row, store_status_name(r->status), x);
	export_csv_field(&c->row, r->note, strlen(r->note), x);
	buf_addc(&c->row, '\n');
	rc = export_csv_put(c->out, &c->row, &c->write_errno) == -1 ? 1 : 0;
out:
	store_span_free(&from);
	store_span_free(&to);
	return rc;
}

static int
csv_listed(const struct store_span_filter *f, int64_t id)
{
	size_t	 i;

	if (f->articles == NULL)
		return 1;
	for (i = 0; i < f->narticles; i++)
		if (f->articles[i] == id)
			return 1;
	return 0;
}

/* --what relations: the relations of every article the filters choose,
   a page of articles at a time. */
#define CSV_PAGE	256
static int
csv_relations(struct csv_export *c)
{
	const struct store_span_filter	*f = &c->o->filter;
	struct store_article_filter	 af;
	struct store_article		*page = NULL;
	struct store_relation		*v = NULL;
	size_t				 npage = 0, offset = 0, i, k, n = 0;
	size_t				 dropped = 0;
	int				 rc = 0;

	memset(&af, 0, sizeof(af));
	af.annotator = f->annotator;
	af.tag = f->tag;
	af.status = f->done ? 1 : 0;
	do {
		if (store_article_rows(c->s, &af, offset, CSV_PAGE, &page,
		    &npage, &c->err) == -1)
			return 1;
		for (i = 0; i < npage && rc == 0; i++) {
			if (!csv_listed(f, page[i].id))
				continue;
			if (store_relation_list(c->s, page[i].id, f->annotator,
			    export_relation_wanted(f, STORE_REJECTED), &v, &n,
			    &c->err) == -1) {
				rc = 1;
				break;
			}
			for (k = 0; k < n && rc == 0; k++)
				rc = csv_relation_row(c, &page[i], &v[k],
				    &dropped);
			store_relations_free(v, n);
		}
		offset += npage;
		store_article_rows_free(page, npage);
	} while (rc == 0 && npage == CSV_PAGE);
	if (rc == 0 && dropped > 0 && c->o->message != NULL) {
		char *text = xasprintf("%zu relation%s left out with a span "
		    "the filters leave out", dropped, dropped == 1 ? "" : "s");

		c->o->message(c->o->ctx, text);
		free(text);
	}
	return rc;
}

/* --what entities: entity_id,label,name,kb_id,mentions, of the labels
   asked for. */
static int
csv_entities(struct csv_export *c)
{
	const struct store_span_filter	*f = &c->o->filter;
	struct store_entity		*v = NULL;
	size_t				 n = 0, i;
	int				 x = c->o->excel_safe, rc = 0;

	if (store_entity_list(c->s, NULL, 0, &v, &n, &c->err) == -1)
		return 1;
	for (i = 0; i < n && rc == 0; i++) {
		if (!csv_label_chosen(f->labels, v[i].label))
			continue;
		buf_truncate(&c->row, 0);
		csv_number(&c->row, (long long)v[i].id);
		csv_string(&c->row, v[i].label, x);
		csv_string(&c->row, v[i].name, x);
		csv_string(&c->row, v[i].kb_id, x);
		buf_printf(&c->row, "%zu\n", v[i].mentions);
		rc = export_csv_put(c->out, &c->row, &c->write_errno) == -1 ?
		    1 : 0;
	}
	store_entities_free(v, n);
	return rc;
}

int
export_csv(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	struct csv_export	 c;
	int			 rc;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.o = o;
	c.out = out;
	errno = 0;
	if (o->what_tags) {
		buf_adds(&c.row, "article_id,article_title,tag,annotator\n");
		rc = export_csv_put(out, &c.row, &c.write_errno);
		if (rc == 0)
			rc = store_tag_foreach(s, &o->filter, csv_tag_row, &c,
			    &c.err);
	} else if (o->what_relations) {
		buf_adds(&c.row, "article_id,article_title,annotator,label,"
		    "from_start,from_end,from_text,from_label,to_start,to_end,"
		    "to_text,to_label,status,note\n");
		rc = export_csv_put(out, &c.row, &c.write_errno);
		if (rc == 0)
			rc = csv_relations(&c);
	} else if (o->what_entities) {
		buf_adds(&c.row, "entity_id,label,name,kb_id,mentions\n");
		rc = export_csv_put(out, &c.row, &c.write_errno);
		if (rc == 0)
			rc = csv_entities(&c);
	} else {
		buf_adds(&c.row, "article_id,article_title,source,annotator,"
		    "label,start,end,text,start_byte,end_byte,status,origin,"
		    "note,created_at");
		buf_adds(&c.row, o->context > 0 ? ",left,right" : "");
		buf_adds(&c.row, ",entity_id,entity_name,kb_id\n");
		rc = export_csv_put(out, &c.row, &c.write_errno);
		if (rc == 0)
			rc = store_span_foreach(s, &o->filter, csv_span_row, &c,
			    &c.err);
	}
	if (c.have_article) {
		text_offsets_free(&c.offsets);
		store_article_free(&c.article);
	}
	buf_free(&c.row);
	if (c.write_errno == 0 && rc == 0) {
		errno = 0;
		if (fflush(out) == EOF || ferror(out))
			c.write_errno = errno != 0 ? errno : EIO;
	}
	if (c.write_errno != 0) {
		free(c.err);
		return err_set(errp, "write error: %s",
		    strerror(c.write_errno));
	}
	if (rc != 0) {
		if (c.err == NULL)
			return err_set(errp, "the export stopped early");
		if (errp != NULL) {
			free(*errp);
			*errp = c.err;
		} else
			free(c.err);
		return -1;
	}
	return 0;
}
