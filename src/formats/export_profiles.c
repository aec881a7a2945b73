/*
 * export_profiles.c: the shapes of the tools users come from (SPEC §18),
 * each as that tool's documentation says it reads them, offsets in code
 * points of the article's text:
 *
 * - doccano (sequence labelling JSONL): {"id", "text", "label": [[START,
 *   END, "LABEL"], ...]};
 * - Prodigy (JSONL tasks): {"text", "spans": [{"start", "end", "label"}],
 *   "answer": "accept", "meta": {"id", "source"}};
 * - spaCy (Doc.to_json's shape): {"text", "ents": [{"start", "end",
 *   "label"}]};
 * - HuggingFace token classification (JSONL): {"id", "tokens": [...],
 *   "ner_tags": ["O", "B-PER", ...]}, IOB2 over the article's tokens
 *   (those of the CoNLL export);
 * - Label Studio (a JSON array of tasks): {"id", "data": {"text",
 *   "title"}, "annotations": [{"result": [REGION...]}] (one per annotator,
 *   of accepted spans), "predictions": [{"model_version", "result"}] (the
 *   suggestions, with their scores)}, REGION {"id", "from_name": "label",
 *   "to_name": "text", "type": "labels", "value": {"start", "end",
 *   "text", "labels": [...]}}.
 *
 * The filters choose spans as for the other formats; a span that is not
 * accepted keeps its "status" beside the tool's fields (the tools ignore
 * what they do not know, margin's import reads it).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
#include "margin/export.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/tokens.h"
#include "margin/util.h"
#include "export_private.h"

/* --- The spans of the article in hand ---------------------------------- */

/* The kept spans of the article done with; the array stays. */
static void
profile_kept_clear(struct article_export *ae)
{
	size_t	 i;

	for (i = 0; i < ae->nkept; i++)
		store_span_free(&ae->kept[i]);
	ae->nkept = 0;
}

static int
profile_begin(struct article_export *ae, const struct store_article *a)
{
	(void)a;
	profile_kept_clear(ae);
	return 0;
}

/* Keep a copy of the span until the article ends. */
static int
profile_span(struct article_export *ae, const struct store_span *sp)
{
	struct store_span	*k;

	ARRAY_RESERVE(ae->kept, ae->cap_kept, ae->nkept + 1);
	k = &ae->kept[ae->nkept++];
	store_span_copy(k, sp);
	return 0;
}

static void
profile_kept_free(struct article_export *ae)
{
	profile_kept_clear(ae);
	free(ae->kept);
	ae->kept = NULL;
	ae->cap_kept = 0;
}

static void
profile_status(struct buf *b, const struct store_span *sp)
{
	if (sp->status != STORE_ACCEPTED)
		buf_printf(b, ",\"status\":\"%s\"",
		    store_status_name(sp->status));
}

static int
profile_line_end(struct article_export *ae)
{
	buf_addc(&ae->line, '\n');
	profile_kept_clear(ae);
	return export_put(ae);
}

static void
profile_string(struct buf *b, const char *s)
{
	json_write_string(b, s, strlen(s));
}

/* --- doccano ------------------------------------------------------------ */

static int
doccano_end(struct article_export *ae)
{
	struct buf	*b = &ae->line;
	size_t		 i;

	buf_printf(b, "{\"id\":%lld,\"text\":", (long long)ae->article.id);
	json_write_string(b, ae->article.text, ae->article.text_len);
	buf_adds(b, ",\"label\":[");
	for (i = 0; i < ae->nkept; i++) {
		buf_printf(b, "%s[%zu,%zu,", i > 0 ? "," : "",
		    ae->kept[i].start, ae->kept[i].end);
		profile_string(b, ae->kept[i].label);
		buf_addc(b, ']');
	}
	buf_adds(b, "]}");
	return profile_line_end(ae);
}

/* --- Prodigy ------------------------------------------------------------- */

static int
prodigy_end(struct article_export *ae)
{
	struct buf	*b = &ae->line;
	size_t		 i;

	buf_adds(b, "{\"text\":");
	json_write_string(b, ae->article.text, ae->article.text_len);
	buf_adds(b, ",\"spans\":[");
	for (i = 0; i < ae->nkept; i++) {
		buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"label\":",
		    i > 0 ? "," : "", ae->kept[i].start, ae->kept[i].end);
		profile_string(b, ae->kept[i].label);
		profile_status(b, &ae->kept[i]);
		buf_addc(b, '}');
	}
	buf_printf(b, "],\"answer\":\"accept\",\"meta\":{\"id\":%lld,"
	    "\"source\":", (long long)ae->article.id);
	profile_string(b, ae->article.source);
	buf_adds(b, "}}");
	return profile_line_end(ae);
}

/* --- spaCy --------------------------------------------------------------- */

static int
spacy_end(struct article_export *ae)
{
	struct buf	*b = &ae->line;
	size_t		 i;

	buf_adds(b, "{\"text\":");
	json_write_string(b, ae->article.text, ae->article.text_len);
	buf_adds(b, ",\"ents\":[");
	for (i = 0; i < ae->nkept; i++) {
		buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"label\":",
		    i > 0 ? "," : "", ae->kept[i].start, ae->kept[i].end);
		profile_string(b, ae->kept[i].label);
		profile_status(b, &ae->kept[i]);
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
	return profile_line_end(ae);
}

/* --- HuggingFace token classification ---------------------------------- */

/*
 * IOB2 tags for the tokens: each span (longest first, then first) takes
 * the tokens that lie inside it and are free; a span that gets none, or
 * that only partly covers a token, is counted (as the CoNLL export
 * does: overlapping, tokenless).
 */
static void
hf_tags(struct article_export *ae, const struct article_token *tok,
    size_t ntok, long *owner)
{
	const struct store_span	*sp;
	size_t			 i, t, got, *order;

	for (t = 0; t < ntok; t++)
		owner[t] = -1;
	order = xreallocarray(NULL, ae->nkept ? ae->nkept : 1,
	    sizeof(*order));
	for (i = 0; i < ae->nkept; i++)
		order[i] = i;
	/* Longest first: a selection sort is enough for one article. */
	for (i = 0; i + 1 < ae->nkept; i++) {
		size_t	 best = i, k;

		for (k = i + 1; k < ae->nkept; k++)
			if (ae->kept[order[k]].end - ae->kept[order[k]].start >
			    ae->kept[order[best]].end -
			    ae->kept[order[best]].start)
				best = k;
		t = order[i];
		order[i] = order[best];
		order[best] = t;
	}
	for (i = 0; i < ae->nkept; i++) {
		sp = &ae->kept[order[i]];
		got = 0;
		for (t = 0; t < ntok; t++) {
			if (tok[t].start < sp->start_byte ||
			    tok[t].end > sp->end_byte || owner[t] >= 0)
				continue;
			owner[t] = (long)order[i];
			got++;
		}
		if (got == 0) {
			ae->report->tokenless++;
			ae->report->spans--;
		}
	}
	free(order);
}

static int
hf_end(struct article_export *ae)
{
	struct buf		*b = &ae->line;
	struct article_token	*tok = NULL;
	size_t			 ntok, t;
	long			*owner;

	ntok = article_tokens(ae->article.text, ae->article.text_len,
	    ae->article.meta, &tok);
	owner = xreallocarray(NULL, ntok ? ntok : 1, sizeof(*owner));
	hf_tags(ae, tok, ntok, owner);
	buf_printf(b, "{\"id\":%lld,\"tokens\":[", (long long)ae->article.id);
	for (t = 0; t < ntok; t++) {
		if (t > 0)
			buf_addc(b, ',');
		json_write_string(b, ae->article.text + tok[t].start,
		    tok[t].end - tok[t].start);
	}
	buf_adds(b, "],\"ner_tags\":[");
	for (t = 0; t < ntok; t++) {
		if (t > 0)
			buf_addc(b, ',');
		if (owner[t] < 0) {
			buf_adds(b, "\"O\"");
			continue;
		}
		buf_printf(b, "\"%s-", t > 0 && owner[t - 1] == owner[t] ?
		    "I" : "B");
		/* Label names are [A-Za-z0-9_-]: nothing to escape. */
		buf_adds(b, ae->kept[owner[t]].label);
		buf_addc(b, '"');
	}
	buf_adds(b, "]}");
	free(owner);
	free(tok);
	return profile_line_end(ae);
}

/* --- Label Studio -------------------------------------------------------- */

static void
ls_region(struct buf *b, const struct store_span *sp, int first)
{
	buf_printf(b, "%s{\"id\":\"margin-%lld\",\"from_name\":\"label\","
	    "\"to_name\":\"text\",\"type\":\"labels\",\"value\":{\"start\":%zu,"
	    "\"end\":%zu,\"text\":", first ? "" : ",", (long long)sp->id,
	    sp->start, sp->end);
	profile_string(b, sp->text);
	buf_adds(b, ",\"labels\":[");
	profile_string(b, sp->label);
	buf_adds(b, "]}");
	if (sp->score > 0) {
		buf_adds(b, ",\"score\":");
		json_write_double(b, sp->score);
	}
	if (sp->note[0] != '\0') {
		/* A region's meta text is its note in Label Studio. */
		buf_adds(b, ",\"meta\":{\"text\":[");
		profile_string(b, sp->note);
		buf_adds(b, "]}");
	}
	buf_addc(b, '}');
}

/* One annotation per annotator, of the accepted spans, in the order
   the annotators first appear. */
static void
ls_annotations(struct article_export *ae, struct buf *b)
{
	size_t	 i, k, n = 0;
	int	 seen, first;

	buf_adds(b, ",\"annotations\":[");
	for (i = 0; i < ae->nkept; i++) {
		if (ae->kept[i].status != STORE_ACCEPTED)
			continue;
		for (seen = 0, k = 0; k < i && !seen; k++)
			seen = ae->kept[k].status == STORE_ACCEPTED &&
			    strcmp(ae->kept[k].annotator,
			    ae->kept[i].annotator) == 0;
		if (seen)
			continue;
		buf_adds(b, n++ > 0 ? "," : "");
		buf_adds(b, "{\"result\":[");
		for (first = 1, k = i; k < ae->nkept; k++) {
			if (ae->kept[k].status != STORE_ACCEPTED ||
			    strcmp(ae->kept[k].annotator,
			    ae->kept[i].annotator) != 0)
				continue;
			ls_region(b, &ae->kept[k], first);
			first = 0;
		}
		buf_adds(b, "]}");
	}
	buf_addc(b, ']');
}

static int
ls_end(struct article_export *ae)
{
	struct buf	*b = &ae->line;
	size_t		 i;
	int		 first = 1;

	buf_adds(b, ae->items++ > 0 ? ",\n" : "[\n");
	buf_printf(b, "{\"id\":%lld,\"data\":{\"text\":",
	    (long long)ae->article.id);
	json_write_string(b, ae->article.text, ae->article.text_len);
	buf_adds(b, ",\"title\":");
	profile_string(b, ae->article.title);
	buf_addc(b, '}');
	ls_annotations(ae, b);
	/* Suggestions are predictions (Label Studio shows them to accept);
	   rejected ones have no place there and are left out. */
	buf_adds(b, ",\"predictions\":[");
	for (i = 0; i < ae->nkept; i++) {
		if (ae->kept[i].status != STORE_SUGGESTED)
			continue;
		if (first)
			buf_adds(b, "{\"model_version\":\"margin\","
			    "\"result\":[");
		ls_region(b, &ae->kept[i], first);
		first = 0;
	}
	buf_adds(b, first ? "]}" : "]}]}");
	profile_kept_clear(ae);
	return export_put(ae);
}

/* --- The writers ----------------------------------------------------------- */

static const struct article_writer doccano_writer = {
	profile_begin, profile_span, doccano_end
};
static const struct article_writer prodigy_writer = {
	profile_begin, profile_span, prodigy_end
};
static const struct article_writer spacy_writer = {
	profile_begin, profile_span, spacy_end
};
static const struct article_writer hf_writer = {
	profile_begin, profile_span, hf_end
};
static const struct article_writer ls_writer = {
	profile_begin, profile_span, ls_end
};

static int
profile_run(struct store *s, const struct export_options *o, FILE *out,
    const struct article_writer *w, char **errp)
{
	struct article_export	 ae;
	struct export_report	 local;
	int			 rc;

	export_article_init(&ae, s, o, w, out, &local);
	rc = export_articles(&ae, errp);
	if (rc == 0 && w == &ls_writer) {
		/* The array closes (or is empty). */
		buf_adds(&ae.line, ae.items > 0 ? "\n]\n" : "[]\n");
		if (export_put(&ae) != 0 || fflush(out) == EOF) {
			rc = err_set(errp, "write error: %s",
			    strerror(ae.write_errno ? ae.write_errno : EIO));
		}
	}
	if (ae.report->tokenless > 0)
		export_say(&ae, "%zu span%s on no whole token left out",
		    ae.report->tokenless, ae.report->tokenless == 1 ? "" :
		    "s");
	profile_kept_free(&ae);
	free(ae.err);
	buf_free(&ae.line);
	return rc;
}

int
export_doccano(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	return profile_run(s, o, out, &doccano_writer, errp);
}

int
export_prodigy(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	return profile_run(s, o, out, &prodigy_writer, errp);
}

int
export_spacy(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	return profile_run(s, o, out, &spacy_writer, errp);
}

int
export_hf(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	return profile_run(s, o, out, &hf_writer, errp);
}

int
export_label_studio(struct store *s, const struct export_options *o,
    FILE *out, char **errp)
{
	return profile_run(s, o, out, &ls_writer, errp);
}
