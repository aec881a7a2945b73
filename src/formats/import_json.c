/*
 * import_json.c: JSON files (SPEC §8, §18): Label Studio's export (an
 * array of tasks), or an array of records as the JSONL importer reads
 * them one per line.  A JSON file that is neither is refused, never
 * imported as text.
 *
 * A Label Studio task, {"id", "data": {"text": ...}, "annotations":
 * [{"completed_by", "was_cancelled", "result": [{"type": "labels",
 * "value": {"start", "end", "text", "labels": [...]}}]}], "predictions":
 * [{"model_version", "score", "result": [...]}]}, becomes one margin
 * record: the annotations' regions accepted spans of their annotator,
 * the predictions' suggestions of origin model with their score.  Some
 * Label Studio versions count offsets in UTF-16 code units (JavaScript
 * string indices) instead of code points; a region whose text does not
 * match at code points but does at UTF-16 units is read that way.
 */
#include <sys/stat.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/import.h"
#include "margin/json.h"
#include "margin/util.h"
#include "import_private.h"

/* A JSON file is read whole: at most this many times --max-size. */
#define JSON_FILE_ARTICLES	16

/* The counts of one file, said at its end. */
struct json_import {
	struct import_run	*run;
	const char		*path;
	size_t			 tasks;
	size_t			 utf16;		/* regions read as UTF-16 */
	size_t			 cancelled;	/* annotations skipped */
};

/* The code point offset of UTF-16 unit u in s, or -1 when u is inside a
   surrogate pair or past the end. */
static int64_t
utf16_to_cp(const char *s, size_t len, int64_t u)
{
	int64_t		 units = 0, cp = 0;
	size_t		 i = 0;
	unsigned char	 c;

	while (units < u && i < len) {
		c = (unsigned char)s[i];
		i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		units += c >= 0xf0 ? 2 : 1;
		cp++;
	}
	return units == u ? cp : -1;
}

/* The byte offset of code point cp in s, or -1 past the end. */
static int64_t
cp_to_byte(const char *s, size_t len, int64_t cp)
{
	size_t	 i = 0;

	for (; cp > 0 && i < len; cp--) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
	}
	return cp == 0 ? (int64_t)i : -1;
}

/* Whether text[start, end) in code points is given. */
static int
slice_is(const char *text, size_t len, int64_t start, int64_t end,
    const struct json *given)
{
	int64_t	 a = cp_to_byte(text, len, start), b = cp_to_byte(text, len,
		    end);

	return a >= 0 && b >= a && (size_t)(b - a) == given->len &&
	    memcmp(text + a, given->str, given->len) == 0;
}

/* The text of a task: data.text, else data's only string member. */
static const struct json *
task_text(const struct json *data, const char **key)
{
	const struct json	*v = json_get(data, "text"), *found = NULL;
	size_t			 i;

	*key = "text";
	if (v != NULL && v->type == JSON_STRING)
		return v;
	for (i = 0; i < data->n; i++) {
		if (data->members[i].value.type != JSON_STRING)
			continue;
		if (found != NULL)
			return NULL;
		found = &data->members[i].value;
		*key = data->members[i].name;
	}
	return found;
}

/* Who made an annotation: completed_by's email, or its number. */
static char *
annotator_of(const struct json *ann)
{
	const struct json	*by = json_get(ann, "completed_by"), *email;

	if (by != NULL && by->type == JSON_OBJECT &&
	    (email = json_get(by, "email")) != NULL &&
	    email->type == JSON_STRING && email->len > 0)
		return xstrdup(email->str);
	if (by != NULL && json_is_integer(by))
		return xasprintf("label-studio-%lld", (long long)by->integer);
	if ((by = json_get(ann, "created_username")) != NULL &&
	    by->type == JSON_STRING && by->len > 0)
		return xstrdup(by->str);
	return xstrdup("label-studio");
}

/*
 * One region of a result list as margin spans (one per label) in out, a
 * JSON list being written.  status and origin as for the whole list;
 * score < 0 when none.
 */
static void
task_region(struct json_import *ji, const struct json *text,
    const struct json *item, const char *annotator, const char *status,
    double score, struct buf *out, size_t *nout)
{
	const struct json	*type = json_get(item, "type");
	const struct json	*v = json_get(item, "value"), *s, *e, *t;
	const struct json	*labels, *sc;
	int64_t			 start, end, a, b;
	size_t			 i;

	if (type == NULL || type->type != JSON_STRING ||
	    strcmp(type->str, "labels") != 0 || v == NULL ||
	    v->type != JSON_OBJECT)
		return;
	s = json_get(v, "start");
	e = json_get(v, "end");
	t = json_get(v, "text");
	labels = json_get(v, "labels");
	if (s == NULL || e == NULL || !json_is_integer(s) ||
	    !json_is_integer(e) || labels == NULL ||
	    labels->type != JSON_ARRAY)
		return;
	start = s->integer;
	end = e->integer;
	if (t != NULL && t->type == JSON_STRING &&
	    !slice_is(text->str, text->len, start, end, t)) {
		a = utf16_to_cp(text->str, text->len, start);
		b = utf16_to_cp(text->str, text->len, end);
		if (a >= 0 && b >= 0 && slice_is(text->str, text->len, a, b,
		    t)) {
			start = a;
			end = b;
			ji->utf16++;
		}
	}
	if ((sc = json_get(item, "score")) != NULL &&
	    sc->type == JSON_NUMBER && sc->number >= 0 && sc->number <= 1)
		score = sc->number;
	for (i = 0; i < labels->n; i++) {
		if (labels->items[i].type != JSON_STRING)
			continue;
		buf_adds(out, (*nout)++ > 0 ? "," : "");
		buf_printf(out, "{\"start\":%lld,\"end\":%lld,\"label\":",
		    (long long)start, (long long)end);
		json_write_string(out, labels->items[i].str,
		    labels->items[i].len);
		if (t != NULL && t->type == JSON_STRING) {
			buf_adds(out, ",\"text\":");
			json_write_string(out, t->str, t->len);
		}
		buf_adds(out, ",\"annotator\":");
		json_write_string(out, annotator, strlen(annotator));
		buf_printf(out, ",\"status\":\"%s\",\"origin\":\"%s\"", status,
		    strcmp(status, "suggested") == 0 ? "model" : "imported");
		if (score >= 0) {
			buf_adds(out, ",\"score\":");
			json_write_double(out, score);
		}
		buf_addc(out, '}');
	}
}

/* The regions of a task's annotations (accepted) and predictions
   (suggested), as the "spans" list of its record. */
static void
task_spans(struct json_import *ji, const struct json *task,
    const struct json *text, struct buf *out)
{
	const struct json	*list, *one, *res, *c, *sc, *mv;
	size_t			 i, k, n = 0;
	char			*who;
	double			 score;

	if ((list = json_get(task, "annotations")) == NULL)
		list = json_get(task, "completions");	/* before 1.0 */
	for (i = 0; list != NULL && list->type == JSON_ARRAY &&
	    i < list->n; i++) {
		one = &list->items[i];
		if ((c = json_get(one, "was_cancelled")) != NULL &&
		    c->type == JSON_TRUE) {
			ji->cancelled++;
			continue;
		}
		if ((res = json_get(one, "result")) == NULL ||
		    res->type != JSON_ARRAY)
			continue;
		who = annotator_of(one);
		for (k = 0; k < res->n; k++)
			task_region(ji, text, &res->items[k], who,
			    "accepted", -1, out, &n);
		free(who);
	}
	list = json_get(task, "predictions");
	for (i = 0; list != NULL && list->type == JSON_ARRAY &&
	    i < list->n; i++) {
		one = &list->items[i];
		if ((res = json_get(one, "result")) == NULL ||
		    res->type != JSON_ARRAY)
			continue;
		score = -1;
		if ((sc = json_get(one, "score")) != NULL &&
		    sc->type == JSON_NUMBER && sc->number >= 0 &&
		    sc->number <= 1)
			score = sc->number;
		mv = json_get(one, "model_version");
		who = mv != NULL && mv->type == JSON_STRING && mv->len > 0 ?
		    xasprintf("model-%s", mv->str) : xstrdup("model");
		for (k = 0; k < res->n; k++)
			task_region(ji, text, &res->items[k], who,
			    "suggested", score, out, &n);
		free(who);
	}
}

/* Whether item is a Label Studio task: a "data" object holding text. */
static int
is_task(const struct json *item)
{
	const struct json	*data = json_get(item, "data");
	const char		*key;

	return item->type == JSON_OBJECT && data != NULL &&
	    data->type == JSON_OBJECT && task_text(data, &key) != NULL;
}

/* A task as the margin record the JSONL importer reads. */
static char *
task_record(struct json_import *ji, const struct json *task, size_t *len)
{
	const struct json	*data = json_get(task, "data"), *text, *id;
	const struct json	*title;
	const char		*key;
	struct buf		 b = BUF_INIT;
	size_t			 i;
	int			 first = 1;

	text = task_text(data, &key);
	buf_adds(&b, "{\"text\":");
	json_write_string(&b, text->str, text->len);
	if ((title = json_get(data, "title")) != NULL &&
	    title->type == JSON_STRING) {
		buf_adds(&b, ",\"title\":");
		json_write_string(&b, title->str, title->len);
	}
	buf_adds(&b, ",\"spans\":[");
	task_spans(ji, task, text, &b);
	buf_adds(&b, "],\"meta\":{");
	if ((id = json_get(task, "id")) != NULL) {
		buf_adds(&b, "\"id\":");
		json_write(&b, id);
		first = 0;
	}
	/* The task's other data (a title, a URL) is the article's too. */
	for (i = 0; i < data->n; i++) {
		if (strcmp(data->members[i].name, key) == 0 ||
		    &data->members[i].value == title)
			continue;
		if (!first)
			buf_addc(&b, ',');
		first = 0;
		json_write_string(&b, data->members[i].name,
		    data->members[i].name_len);
		buf_addc(&b, ':');
		json_write(&b, &data->members[i].value);
	}
	buf_adds(&b, "}}");
	*len = b.len;
	return buf_detach(&b);
}

/* One item of the file: a task, or a record with "text". */
static void
import_json_item(struct json_import *ji, const struct json *item,
    size_t k, size_t n)
{
	struct buf	 b = BUF_INIT;
	char		*where, *rec;
	size_t		 len;

	where = n > 1 ? xasprintf("%s: item %zu", ji->path, k + 1) :
	    xstrdup(ji->path);
	if (is_task(item)) {
		rec = task_record(ji, item, &len);
		imp_jsonl_record(ji->run, ji->path, where, rec, len);
		free(rec);
		ji->tasks++;
	} else if (item->type == JSON_OBJECT && json_get(item, "text") !=
	    NULL) {
		json_write(&b, item);
		imp_jsonl_record(ji->run, ji->path, where, b.data, b.len);
		buf_free(&b);
	} else
		imp_run_message(ji->run, 1, where, "neither a Label Studio "
		    "task (\"data\" with a text) nor a record with \"text\"");
	free(where);
}

/* Read the whole input, within JSON_FILE_ARTICLES times --max-size. */
static int
json_read_whole(struct import_run *run, struct input *in)
{
	size_t		 max = run->o->max_size ? run->o->max_size :
			    IMPORT_MAX_SIZE;
	struct stat	 sb;

	max = max > SIZE_MAX / JSON_FILE_ARTICLES ? SIZE_MAX :
	    max * JSON_FILE_ARTICLES;
	if ((fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > max) ||
	    (imp_input_fill(run, in, max + 1) == 0 &&
	    in->data.len - in->pos > max)) {
		imp_run_message(run, 1, in->path, "a JSON file is read whole, "
		    "and this one is larger than %d times --max-size (%zu MB):"
		    " not imported; JSON lines (.jsonl) have no such limit",
		    JSON_FILE_ARTICLES, max >> 20);
		return -1;
	}
	if (in->read_errno != 0) {
		imp_run_message(run, 1, in->path, "%s",
		    strerror(in->read_errno));
		return -1;
	}
	return 0;
}

int
import_json(struct import_run *run, struct input *in)
{
	struct json_import	 ji;
	struct json		*doc;
	char			*err = NULL;
	size_t			 i, n;

	if (json_read_whole(run, in) == -1)
		return -1;
	if (in->data.len - in->pos >= 3 &&
	    memcmp(in->data.data + in->pos, "\xef\xbb\xbf", 3) == 0)
		in->pos += 3;
	doc = json_parse(in->data.data + in->pos, in->data.len - in->pos,
	    JSON_LAX_UTF8, &err);
	if (doc == NULL) {
		imp_run_message(run, 1, in->path, "not JSON (%s): not "
		    "imported", err);
		free(err);
		return -1;
	}
	memset(&ji, 0, sizeof(ji));
	ji.run = run;
	ji.path = in->path;
	if (doc->type == JSON_ARRAY) {
		for (i = 0, n = doc->n; i < n; i++)
			import_json_item(&ji, &doc->items[i], i, n);
	} else if (doc->type == JSON_OBJECT && (is_task(doc) ||
	    json_get(doc, "text") != NULL))
		import_json_item(&ji, doc, 0, 1);
	else
		imp_run_message(run, 1, in->path, "a JSON file margin does not "
		    "know: neither Label Studio tasks nor records with "
		    "\"text\"; not imported");
	if (ji.utf16 > 0)
		imp_run_message(run, 0, in->path, "%zu region%s counted in "
		    "UTF-16 units (as some Label Studio versions do), read as such",
		    ji.utf16, ji.utf16 == 1 ? "" : "s");
	if (ji.cancelled > 0)
		imp_run_message(run, 0, in->path, "%zu cancelled annotation%s "
		    "left out", ji.cancelled, ji.cancelled == 1 ? "" : "s");
	json_free(doc);
	return 0;
}
