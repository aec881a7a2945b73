/* import_csv.c: CSV and TSV files with a header, one article a row
   (SPEC §8). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "margin/csv.h"
#include "margin/import.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "import_private.h"

/* --- CSV and TSV ------------------------------------------------------- */

/* The columns of a CSV header that margin knows; the rest is metadata. */
struct csv_columns {
	size_t	 text, title, id, source, url;	/* SIZE_MAX when absent */
	char	**names;			/* every header cell */
	size_t	 n;
};

/* A header cell as a column name: trimmed, compared without case. */
static int
csv_header_is(const char *cell, const char *name)
{
	size_t	 n = strlen(name), len;

	while (*cell == ' ' || *cell == '\t')
		cell++;
	len = strlen(cell);
	while (len > 0 && (cell[len - 1] == ' ' || cell[len - 1] == '\t'))
		len--;
	return len == n && strncasecmp(cell, name, n) == 0;
}

static void
csv_columns_read(struct csv_columns *c, const struct csv_record *rec)
{
	const char	*cell;
	size_t		 i, k, *slot;
	static const char *const known[] = { "text", "title", "id",
	    "source", "url" };

	c->text = c->title = c->id = c->source = c->url = SIZE_MAX;
	c->n = rec->nfields;
	c->names = xreallocarray(NULL, c->n + 1, sizeof(*c->names));
	for (i = 0; i < c->n; i++) {
		cell = csv_field(rec, i, NULL);
		c->names[i] = xstrdup(cell);
		for (k = 0; k < 5; k++) {
			slot = k == 0 ? &c->text : k == 1 ? &c->title :
			    k == 2 ? &c->id : k == 3 ? &c->source : &c->url;
			/* The first column of a name counts. */
			if (*slot == SIZE_MAX && csv_header_is(cell, known[k]))
				*slot = i;
		}
	}
}

/* The header's names, quoted, for a message. */
static char *
csv_columns_list(const struct csv_columns *c)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < c->n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		json_write_string(&b, c->names[i], strlen(c->names[i]));
	}
	if (b.len == 0)
		buf_adds(&b, "nothing");
	return buf_detach(&b);
}

static void
csv_columns_free(struct csv_columns *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
}

/* The cell of column i, or NULL when the record is too short or it is
   empty. */
static const char *
csv_cell(const struct csv_record *rec, size_t i, size_t *len)
{
	const char	*f;

	if (i == SIZE_MAX || (f = csv_field(rec, i, len)) == NULL || *len == 0)
		return NULL;
	return f;
}

/* The article's metadata: id and every column margin does not know, as
   strings under their header names; NULL when all are empty. */
static char *
csv_meta(const struct csv_columns *c, const struct csv_record *rec)
{
	struct buf	 b = BUF_INIT;
	const char	*f;
	size_t		 i, len;

	for (i = 0; i < c->n && i < rec->nfields; i++) {
		if (i == c->text || i == c->title || i == c->source ||
		    i == c->url || (f = csv_cell(rec, i, &len)) == NULL)
			continue;
		buf_addc(&b, b.len == 0 ? '{' : ',');
		json_write_string(&b, c->names[i], strlen(c->names[i]));
		buf_addc(&b, ':');
		json_write_string(&b, f, len);
	}
	if (b.len == 0)
		return NULL;
	buf_addc(&b, '}');
	return buf_detach(&b);
}

static void
import_csv_record(struct import_run *run, const char *path,
    const char *where, const struct csv_columns *c,
    const struct csv_record *rec)
{
	struct text_canon_stats	 st;
	const char		*f;
	char			*text, *title = NULL, *meta, *source = NULL;
	size_t			 len, flen, tlen;
	int64_t			 id;
	int			 rc;

	if (rec->nfields != c->n)
		imp_run_message(run, 0, where,
		    "%zu field%s where the header has "
		    "%zu", rec->nfields, rec->nfields == 1 ? "" : "s", c->n);
	if ((f = csv_field(rec, c->text, &flen)) == NULL) {
		imp_run_message(run, 1, where,
		    "no text: the record ends before "
		    "the \"text\" column");
		return;
	}
	memset(&st, 0, sizeof(st));
	text = text_canonicalize(f, flen, &len, &st, NULL, NULL);
	if (imp_text_is_blank(text, len)) {
		run->r->skipped++;
		imp_run_message(run, 0, where, "empty text, skipped");
		free(text);
		return;
	}
	if ((f = csv_cell(rec, c->title, &flen)) != NULL) {
		title = text_canonicalize(f, flen, &tlen, NULL, NULL, NULL);
		if (imp_text_is_blank(title, tlen)) {
			free(title);
			title = NULL;
		}
	}
	if (title == NULL)
		title = text_title(text, len);
	if ((f = csv_cell(rec, c->source, &flen)) != NULL ||
	    (f = csv_cell(rec, c->url, &flen)) != NULL)
		source = xstrndup(f, flen);
	meta = csv_meta(c, rec);
	rc = imp_add_article(run, where, title, source != NULL ? source : path,
	    text, len, meta, 0, &id);
	if (rc == 1)
		imp_report_repairs(run, where, &st);
	if (rc != -1)
		imp_run_article_done(run, where);
	free(meta);
	free(source);
	free(title);
	free(text);
}

static int
import_delimited(struct import_run *run, struct input *in, char delimiter)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	struct csv_columns	 c;
	char			*err = NULL, *where, *names;
	size_t			 used, avail;
	int			 rc, have_header = 0, ret = 0;

	if (in->data.len - in->pos >= 3 &&
	    memcmp(in->data.data + in->pos, "\xef\xbb\xbf", 3) == 0)
		in->pos += 3;
	csv_reader_init(&r, delimiter);
	csv_record_init(&rec);
	memset(&c, 0, sizeof(c));
	for (;;) {
		avail = in->data.len - in->pos;
		rc = csv_next(&r, in->data.data + in->pos, avail, in->eof,
		    &rec, &used, &err);
		if (rc == CSV_NEED_MORE) {
			/* Twice as much each time: a long record is parsed
			   again only a logarithmic number of times. */
			if (imp_input_fill(run, in, avail * 2 + 65536) == -1) {
				imp_run_message(run, 1, in->path,
				    "line %zu: %s",
				    r.next_line, strerror(in->read_errno));
				ret = -1;
				break;
			}
			continue;
		}
		if (rc == CSV_ERROR) {
			imp_run_message(run, 1, in->path, "%s", err);
			free(err);
			ret = -1;
			break;
		}
		if (rc == CSV_END)
			break;
		in->pos += used;
		if (!have_header) {
			have_header = 1;
			csv_columns_read(&c, &rec);
			if (c.text != SIZE_MAX)
				continue;
			names = csv_columns_list(&c);
			imp_run_message(run, 1, in->path,
			    "the header row names no "
			    "\"text\" column (it has: %s)", names);
			free(names);
			ret = -1;
			break;
		}
		where = xasprintf("%s:%zu", in->path, r.line);
		import_csv_record(run, in->path, where, &c, &rec);
		free(where);
	}
	if (!have_header && ret == 0) {
		run->r->skipped++;
		imp_run_message(run, 0, in->path, "empty, skipped");
	}
	if (r.stray > 0)
		imp_run_message(run, 0, in->path, "line %zu: a quote that "
		    "opens no quoted field, read as a character (%zu record%s "
		    "like that)", r.stray_line, r.stray,
		    r.stray == 1 ? "" : "s");
	if (r.irregular > 0)
		imp_run_message(run, 0, in->path,
		    "%zu quoted field%s had bytes "
		    "after the closing quote (kept)", r.irregular,
		    r.irregular == 1 ? "" : "s");
	csv_columns_free(&c);
	csv_record_free(&rec);
	return ret;
}

int
import_csv(struct import_run *run, struct input *in)
{
	return import_delimited(run, in, ',');
}

int
import_tsv(struct import_run *run, struct input *in)
{
	return import_delimited(run, in, '\t');
}
