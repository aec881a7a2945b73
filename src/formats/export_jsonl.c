/* export_jsonl.c: one JSON record per article with its spans (SPEC §9). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/export.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/util.h"
#include "export_private.h"

/* --- JSONL ------------------------------------------------------------- */

/*
 * One article per line:
 * {"id","title","source","text","spans":[{"start","end","label","text",
 * "annotator"[,"note"],"status","origin"[,"score"][,"entity":{"id",
 * "name","kb_id"[,"status"]}]}][,"relations":[{"from","to","label",
 * "annotator","status","origin"[,"note"]}]],"tags":[...]
 * [,"tagged_by":{TAG:[ANNOTATOR...]}][,"done":[ANNOTATOR...]],"meta":{...}}
 * in code points, as the JSONL importer reads it back: a round trip
 * loses nothing (SPEC §9, §16).  An entity's "id" is this database's
 * (an import links by kb_id, else by label and name, and keeps which
 * mentions share one); its "status" is the link's, written when it is
 * not accepted.  A relation's from and to are indexes into the line's
 * "spans"; one whose span is not written is left out (and counted).
 */
static int
jsonl_begin(struct article_export *ae, const struct store_article *a)
{
	struct buf	*b = &ae->line;

	buf_adds(b, "{\"id\":");
	buf_add_i64(b, a->id);
	buf_adds(b, ",\"title\":");
	json_write_string(b, a->title, strlen(a->title));
	buf_adds(b, ",\"source\":");
	json_write_string(b, a->source, strlen(a->source));
	buf_adds(b, ",\"text\":");
	json_write_string(b, a->text, a->text_len);
	buf_adds(b, ",\"spans\":[");
	return 0;
}

static int
jsonl_span(struct article_export *ae, const struct store_span *sp)
{
	struct buf	*b = &ae->line;

	/* Without printf: a span is written in a few hundred
	   instructions, and an export writes millions. */
	buf_adds(b, ae->nspans > 1 ? ",{\"start\":" : "{\"start\":");
	buf_add_u64(b, sp->start);
	buf_adds(b, ",\"end\":");
	buf_add_u64(b, sp->end);
	buf_adds(b, ",\"label\":");
	json_write_string(b, sp->label, strlen(sp->label));
	buf_adds(b, ",\"text\":");
	json_write_string(b, sp->text, strlen(sp->text));
	buf_adds(b, ",\"annotator\":");
	json_write_string(b, sp->annotator, strlen(sp->annotator));
	if (sp->note != NULL && sp->note[0] != '\0') {
		buf_adds(b, ",\"note\":");
		json_write_string(b, sp->note, strlen(sp->note));
	}
	buf_adds(b, ",\"status\":\"");
	buf_adds(b, store_status_name(sp->status));
	buf_adds(b, "\",\"origin\":\"");
	buf_adds(b, store_origin_name(sp->origin));
	buf_addc(b, '"');
	if (sp->score != 0) {
		buf_adds(b, ",\"score\":");
		json_write_double(b, sp->score);
	}
	if (sp->entity_id != 0) {
		buf_adds(b, ",\"entity\":{\"id\":");
		buf_add_i64(b, sp->entity_id);
		buf_adds(b, ",\"name\":");
		json_write_string(b, sp->entity_name, strlen(sp->entity_name));
		buf_adds(b, ",\"kb_id\":");
		json_write_string(b, sp->entity_kb_id,
		    strlen(sp->entity_kb_id));
		if (sp->entity_status != STORE_ACCEPTED)
			buf_printf(b, ",\"status\":\"%s\"",
			    store_status_name(sp->entity_status));
		buf_addc(b, '}');
	}
	buf_addc(b, '}');
	/* An article with a great many spans is written as it goes. */
	return b->len >= 65536 ? export_put(ae) : 0;
}

static int
jsonl_relation(struct article_export *ae, const struct store_relation *r,
    size_t from, size_t to)
{
	struct buf	*b = &ae->line;

	buf_adds(b, ae->nrelations++ > 0 ? "," : ",\"relations\":[");
	buf_printf(b, "{\"from\":%zu,\"to\":%zu,\"label\":", from, to);
	json_write_string(b, r->label, strlen(r->label));
	buf_adds(b, ",\"annotator\":");
	json_write_string(b, r->annotator, strlen(r->annotator));
	buf_printf(b, ",\"status\":\"%s\",\"origin\":\"%s\"",
	    store_status_name(r->status), store_origin_name(r->origin));
	if (r->note != NULL && r->note[0] != '\0') {
		buf_adds(b, ",\"note\":");
		json_write_string(b, r->note, strlen(r->note));
	}
	buf_addc(b, '}');
	return 0;
}

/* "relations": between the spans written, when there are any. */
static int
jsonl_relations(struct article_export *ae)
{
	ae->nrelations = 0;
	if (export_relations(ae, jsonl_relation) != 0)
		return -1;
	if (ae->nrelations > 0)
		buf_addc(&ae->line, ']');
	return 0;
}

/* "tags": the article's tags (SPEC §9); "tagged_by": who gave each. */
static int
jsonl_tags(struct article_export *ae)
{
	struct buf		*b = &ae->line;
	struct store_tag	*v = NULL;
	size_t			 n = 0, i, first;

	if (store_tag_rows(ae->s, ae->article.id, &v, &n, &ae->err) == -1)
		return -1;
	buf_adds(b, ",\"tags\":[");
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i - 1].tag, v[i].tag) == 0)
			continue;
		if (i > 0)
			buf_addc(b, ',');
		json_write_string(b, v[i].tag, strlen(v[i].tag));
	}
	buf_addc(b, ']');
	if (n > 0) {
		buf_adds(b, ",\"tagged_by\":{");
		for (i = 0; i < n; i = first) {
			if (i > 0)
				buf_addc(b, ',');
			json_write_string(b, v[i].tag, strlen(v[i].tag));
			buf_adds(b, ":[");
			for (first = i; first < n &&
			    strcmp(v[first].tag, v[i].tag) == 0; first++) {
				if (first > i)
					buf_addc(b, ',');
				json_write_string(b, v[first].annotator,
				    strlen(v[first].annotator));
			}
			buf_addc(b, ']');
		}
		buf_addc(b, '}');
	}
	store_tag_rows_free(v, n);
	return 0;
}

/* "done": the annotators who marked the article done. */
static int
jsonl_done(struct article_export *ae)
{
	struct buf		*b = &ae->line;
	struct store_status	*v = NULL;
	size_t			 n = 0, i;
	int			 any = 0;

	if (store_status_rows(ae->s, ae->article.id, &v, &n, &ae->err) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (!v[i].done)
			continue;
		buf_adds(b, any ? "," : ",\"done\":[");
		any = 1;
		json_write_string(b, v[i].annotator, strlen(v[i].annotator));
	}
	if (any)
		buf_addc(b, ']');
	store_status_rows_free(v, n);
	return 0;
}

static int
jsonl_end(struct article_export *ae)
{
	struct buf	*b = &ae->line;

	buf_addc(b, ']');
	if (jsonl_relations(ae) == -1 || jsonl_tags(ae) == -1 ||
	    jsonl_done(ae) == -1)
		return 1;
	/* Metadata came in with the article (a CoNLL file's token spaces,
	   JSONL fields); the store keeps it as a JSON object.  It is
	   always written, so that the importer knows the record's "id" is
	   this database's, and the article's own id is the one in meta. */
	buf_adds(b, ",\"meta\":");
	buf_adds(b, ae->article.meta != NULL ? ae->article.meta : "{}");
	buf_adds(b, "}\n");
	return export_put(ae);
}

static const struct article_writer jsonl_writer = {
	jsonl_begin, jsonl_span, jsonl_end
};

int
export_jsonl(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	struct article_export	 ae;
	struct export_report	 local;
	int			 rc;

	export_article_init(&ae, s, o, &jsonl_writer, out, &local);
	rc = export_articles(&ae, errp);
	buf_free(&ae.line);
	return rc;
}
