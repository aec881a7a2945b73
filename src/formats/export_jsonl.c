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
 * "annotator"[,"note"][,"status"]}],"tags":[...][,"meta":{...}]}
 * in code points, as the JSONL importer reads it back.
 */
static int
jsonl_begin(struct article_export *ae, const struct store_article *a)
{
	struct buf	*b = &ae->line;

	buf_printf(b, "{\"id\":%lld,\"title\":", (long long)a->id);
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

	buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"label\":",
	    ae->nspans > 1 ? "," : "", sp->start, sp->end);
	json_write_string(b, sp->label, strlen(sp->label));
	buf_adds(b, ",\"text\":");
	json_write_string(b, sp->text, strlen(sp->text));
	buf_adds(b, ",\"annotator\":");
	json_write_string(b, sp->annotator, strlen(sp->annotator));
	if (sp->note != NULL && sp->note[0] != '\0') {
		buf_adds(b, ",\"note\":");
		json_write_string(b, sp->note, strlen(sp->note));
	}
	if (sp->status != STORE_ACCEPTED)
		buf_printf(b, ",\"status\":\"%s\"",
		    store_status_name(sp->status));
	buf_addc(b, '}');
	/* An article with a great many spans is written as it goes. */
	return b->len >= 65536 ? export_put(ae) : 0;
}

static int
jsonl_end(struct article_export *ae)
{
	struct buf	*b = &ae->line;
	char		**tags = NULL;
	size_t		 ntags = 0, i;

	if (store_tag_list(ae->s, ae->article.id, &tags, &ntags,
	    &ae->err) == -1)
		return 1;
	buf_adds(b, "],\"tags\":[");
	for (i = 0; i < ntags; i++) {
		if (i > 0)
			buf_addc(b, ',');
		json_write_string(b, tags[i], strlen(tags[i]));
	}
	buf_addc(b, ']');
	store_strings_free(tags, ntags);
	/* Metadata came in with the article (a CoNLL file's token spaces,
	   JSONL fields); the store keeps it as a JSON object. */
	if (ae->article.meta != NULL && strcmp(ae->article.meta, "{}") != 0) {
		buf_adds(b, ",\"meta\":");
		buf_adds(b, ae->article.meta);
	}
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
