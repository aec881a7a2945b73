/*
 * fuzz_csv.c: any bytes through the CSV/TSV reader (csv.h) and importer
 * (SPEC §8, §12).  The first byte picks the delimiter, a piece size and
 * whether the importer is told the format or guesses it (CSV, or CoNLL
 * in a .csv): records read piece by piece, as the importer streams a
 * file, must be the records read from the whole input at once.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/csv.h"
#include "margin/import.h"
#include "margin/util.h"

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

/* Every record, serialised as field lengths and bytes, so that two reads
   can be compared; returns 0, or -1 when the reader refused. */
static int
fuzz_read_all(const char *s, size_t len, char delim, size_t piece,
    struct buf *out)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	size_t			 pos = 0, have, used, i, flen, nrec = 0;
	const char		*f;
	char			*err = NULL;
	int			 rc, eof;

	csv_reader_init(&r, delim);
	csv_record_init(&rec);
	have = piece < len ? piece : len;
	for (;;) {
		eof = have == len;
		used = 0;
		rc = csv_next(&r, s + pos, have - pos, eof, &rec, &used, &err);
		if (rc == CSV_ERROR) {
			FUZZ_CHECK(err != NULL, "a refusal says why");
			free(err);
			csv_record_free(&rec);
			return -1;
		}
		if (rc == CSV_END) {
			FUZZ_CHECK(eof, "the end comes only at the end of the input");
			break;
		}
		if (rc == CSV_NEED_MORE) {
			FUZZ_CHECK(!eof, "at the end of the input no more is asked");
			FUZZ_CHECK(used == 0, "asking for more consumes nothing");
			have = len - have < piece ? len : have + piece;
			continue;
		}
		FUZZ_CHECK(used > 0 && used <= have - pos,
		    "a record takes bytes, and only those it was given");
		FUZZ_CHECK(rec.nfields >= 1, "a record has a field");
		pos += used;
		nrec++;
		FUZZ_CHECK(nrec <= len, "no more records than bytes");
		buf_printf(out, "%zu:", rec.nfields);
		for (i = 0; (f = csv_field(&rec, i, &flen)) != NULL; i++) {
			FUZZ_CHECK(f[flen] == '\0', "a field is NUL-terminated");
			buf_printf(out, "%zu=", flen);
			buf_add(out, f, flen);
		}
		FUZZ_CHECK(i == rec.nfields, "csv_field gives nfields fields");
		buf_addc(out, '\n');
	}
	csv_record_free(&rec);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 whole = BUF_INIT, pieces = BUF_INIT;
	const char	*s = (const char *)data;
	char		 delim = ',';
	size_t		 piece = 1;
	int		 a, b, guess = 0;

	if (size > 0) {
		delim = data[0] & 1 ? '\t' : ',';
		piece = 1 + (data[0] >> 1) % 16;
		guess = (data[0] & 0x80) != 0;
		s++;
		size--;
	}
	a = fuzz_read_all(s, size, delim, size + 1, &whole);
	b = fuzz_read_all(s, size, delim, piece, &pieces);
	FUZZ_CHECK(a == b, "read in pieces, the input is refused or not alike");
	if (a == 0)
		FUZZ_CHECK(whole.len == pieces.len && (whole.len == 0 ||
		    memcmp(whole.data, pieces.data, whole.len) == 0),
		    "read in pieces, the records are the same");
	buf_free(&whole);
	buf_free(&pieces);
	fuzz_import_export(fuzz_file(delim == ',' ? "in.csv" : "in.tsv", s,
	    size), guess ? IMPORT_AUTO : delim == ',' ? IMPORT_CSV : IMPORT_TSV);
	return 0;
}
