/*
 * csv.c: the RFC 4180 reader of csv.h.  A record is parsed from its first
 * byte each time it is asked for; when the input ends inside it, nothing
 * is kept and the caller comes back with more bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/csv.h"
#include "margin/util.h"

void
csv_reader_init(struct csv_reader *r, char delimiter)
{
	memset(r, 0, sizeof(*r));
	r->delimiter = delimiter;
	r->line = r->next_line = 1;
}

void
csv_record_init(struct csv_record *rec)
{
	memset(rec, 0, sizeof(*rec));
}

void
csv_record_free(struct csv_record *rec)
{
	buf_free(&rec->data);
	free(rec->offsets);
	free(rec->lens);
	memset(rec, 0, sizeof(*rec));
}

static void
csv_record_reset(struct csv_record *rec)
{
	buf_truncate(&rec->data, 0);
	rec->nfields = 0;
}

static void
csv_field_begin(struct csv_record *rec)
{
	if (rec->nfields == rec->cap) {
		rec->cap = rec->cap ? rec->cap * 2 : 16;
		rec->offsets = xreallocarray(rec->offsets, rec->cap,
		    sizeof(*rec->offsets));
		rec->lens = xreallocarray(rec->lens, rec->cap,
		    sizeof(*rec->lens));
	}
	rec->offsets[rec->nfields] = rec->data.len;
	rec->lens[rec->nfields] = 0;
	rec->nfields++;
}

static void
csv_field_end(struct csv_record *rec)
{
	size_t	 i = rec->nfields - 1;

	rec->lens[i] = rec->data.len - rec->offsets[i];
	/* Each field is NUL-terminated for callers that want a string. */
	buf_addc(&rec->data, '\0');
}

const char *
csv_field(const struct csv_record *rec, size_t i, size_t *len)
{
	if (i >= rec->nfields) {
		if (len != NULL)
			*len = 0;
		return NULL;
	}
	if (len != NULL)
		*len = rec->lens[i];
	return rec->data.data + rec->offsets[i];
}

/*
 * Skip the line ends of blank lines at s[*pos].  Returns 0, or 1 when a
 * CR ends the bytes given (it may be half a CRLF: more is needed).
 */
static int
csv_skip_blank(const char *s, size_t len, int eof, size_t *pos,
    size_t *line)
{
	while (*pos < len && (s[*pos] == '\n' || s[*pos] == '\r')) {
		if (s[*pos] == '\r') {
			if (*pos + 1 == len && !eof)
				return 1;
			if (*pos + 1 < len && s[*pos + 1] == '\n')
				(*pos)++;
		}
		(*pos)++;
		(*line)++;
	}
	return 0;
}

int
csv_next(struct csv_reader *r, const char *s, size_t len, int eof,
    struct csv_record *rec, size_t *used, char **errp)
{
	size_t	 pos = 0, line = r->next_line, start_line, run, irregular = 0;
	size_t	 rec_start;
	char	 d = r->delimiter;
	int	 literal = 0;

	*used = 0;
	csv_record_reset(rec);
	if (csv_skip_blank(s, len, eof, &pos, &line) != 0)
		return CSV_NEED_MORE;
	if (pos == len) {
		if (!eof)
			return CSV_NEED_MORE;
		r->next_line = line;
		*used = pos;
		return CSV_END;
	}
	start_line = line;
	rec_start = pos;
again:
	for (;;) {
		csv_field_begin(rec);
		if (!literal && pos < len && s[pos] == '"') {
			size_t	 open_line = line;

			pos++;
			for (;;) {
				for (run = pos; run < len && s[run] != '"';
				    run++) {
					/* Line ends inside the field count
					   for the lines of later messages. */
					if (s[run] == '\n' || (s[run] == '\r' &&
					    (run + 1 >= len ||
					    s[run + 1] != '\n')))
						line++;
				}
				buf_add(&rec->data, s + pos, run - pos);
				if (run == len) {
					if (!eof)
						return CSV_NEED_MORE;
					if (d == '\t')
						goto stray;
					err_set(errp, "line %zu: a quoted field "
					    "is not closed before the end",
					    open_line);
					csv_record_reset(rec);
					return CSV_ERROR;
				}
				if (run + 1 == len && !eof)
					return CSV_NEED_MORE;
				if (run + 1 < len && s[run + 1] == '"') {
					buf_addc(&rec->data, '"');
					pos = run + 2;
					continue;
				}
				pos = run + 1;
				break;
			}
			/* Bytes after the closing quote join the field. */
			for (run = pos; run < len && s[run] != d &&
			    s[run] != '\n' && s[run] != '\r'; run++)
				;
			if (run > pos) {
				if (d == '\t' && line > open_line)
					goto stray;
				irregular++;
			}
			buf_add(&rec->data, s + pos, run - pos);
			pos = run;
		} else {
			for (run = pos; run < len && s[run] != d &&
			    s[run] != '\n' && s[run] != '\r'; run++)
				;
			buf_add(&rec->data, s + pos, run - pos);
			pos = run;
		}
		csv_field_end(rec);
		if (pos == len) {
			if (!eof)
				return CSV_NEED_MORE;
			break;
		}
		if (s[pos] == d) {
			pos++;
			continue;
		}
		/* A line end closes the record. */
		if (s[pos] == '\r') {
			if (pos + 1 == len && !eof)
				return CSV_NEED_MORE;
			if (pos + 1 < len && s[pos + 1] == '\n')
				pos++;
		}
		pos++;
		line++;
		break;
	}
	r->line = start_line;
	r->next_line = line;
	r->irregular += irregular;
	if (literal && r->stray++ == 0)
		r->stray_line = start_line;
	*used = pos;
	return CSV_RECORD;

stray:
	/* A TSV field that only looked quoted: the record again, its
	   quotes as ordinary bytes. */
	literal = 1;
	csv_record_reset(rec);
	pos = rec_start;
	line = start_line;
	irregular = 0;
	goto again;
}
