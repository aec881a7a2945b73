/*
 * csv.h: an RFC 4180 reader (SPEC §8) for CSV and TSV articles.  It takes
 * its input in pieces, so that the importer can stream a file of any size:
 * a record that runs past the bytes given so far asks for more.
 */
#ifndef MARGIN_CSV_H
#define MARGIN_CSV_H

#include <stddef.h>

#include "margin/util.h"

/*
 * The rules, as Python's csv module and spreadsheets read them:
 * - fields are separated by the delimiter (',' or TAB), records end at
 *   LF, CRLF or a lone CR;
 * - a field that begins with '"' is quoted: it runs to the next '"' that
 *   is not doubled, and may hold delimiters, quotes ("") and line ends,
 *   kept as they are; bytes between its closing quote and the next
 *   delimiter are appended (as Python does) and counted in `irregular`;
 * - a '"' inside an unquoted field is an ordinary byte;
 * - TSV only: a quoted field that runs over a line end and has bytes after
 *   its closing quote, or that the input's end leaves open, was never
 *   meant as one (a stray quote, as in `5" tall`): the record is read
 *   again with its quotes as ordinary bytes, and counted in `stray`;
 * - a line with nothing on it is no record;
 * - the bytes are not decoded: the caller canonicalises the text.
 */
struct csv_reader {
	char	 delimiter;
	size_t	 line;		/* the line the last record started on */
	size_t	 next_line;	/* the line the next one starts on */
	size_t	 irregular;	/* quoted fields with bytes after the quote */
	size_t	 stray;		/* TSV records read with literal quotes */
	size_t	 stray_line;	/* the line of the first of them */
};

struct csv_record {
	struct buf	 data;	/* the fields, each NUL-terminated */
	size_t		*offsets;	/* field i starts at data.data[offsets[i]] */
	size_t		*lens;
	size_t		 nfields;
	size_t		 cap;
};

enum {
	CSV_ERROR = -1,
	CSV_NEED_MORE = 0,	/* give the same bytes again, and more */
	CSV_RECORD = 1,
	CSV_END = 2		/* eof and nothing left */
};

void	 csv_reader_init(struct csv_reader *r, char delimiter);
void	 csv_record_init(struct csv_record *rec);
void	 csv_record_free(struct csv_record *rec);

/*
 * Read the next record from s[0..len).  eof says that no more bytes
 * follow.  Returns CSV_RECORD with *used set to the bytes it took (the
 * next call starts at s + *used), CSV_NEED_MORE when the record may go on
 * past len (nothing is consumed), CSV_END, or CSV_ERROR with *errp set
 * (a quoted field that the end of the input leaves open).
 */
int	 csv_next(struct csv_reader *r, const char *s, size_t len, int eof,
	    struct csv_record *rec, size_t *used, char **errp);

/* Field i of the record (NULL past the last), its length in *len. */
const char *csv_field(const struct csv_record *rec, size_t i, size_t *len);

#endif
