/*
 * fuzz_brat.c: any bytes as a brat document (brat.h, SPEC §8, §12).  The
 * input is the .txt, a 0x1e byte, then the .ann.  Each .ann line is
 * parsed, each note and text bound written back and read again; then the
 * pair is imported and exported in every format.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "margin/brat.h"
#include "margin/import.h"
#include "margin/util.h"

#include "fuzz.h"

#define FUZZ_BRAT_SEPARATOR 0x1e

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

/* What brat_write_field promises: TAB, CR and LF become spaces. */
static int
field_matches(const char *field, size_t flen, const char *orig, size_t olen)
{
	size_t	 i;
	char	 c;

	if (flen != olen)
		return 0;
	for (i = 0; i < olen; i++) {
		c = orig[i] == '\t' || orig[i] == '\r' || orig[i] == '\n' ?
		    ' ' : orig[i];
		if (field[i] != c)
			return 0;
	}
	return 1;
}

/* A T line written with brat_write_field reads back as written. */
static void
check_write(const struct brat_line *l, const char *text, size_t len)
{
	struct brat_line	 back;
	struct buf		 line = BUF_INIT;
	char			*err = NULL;
	size_t			 i;
	int			 kind;

	buf_adds(&line, "T1\tLABEL");
	for (i = 0; i < l->nfragments; i++)
		buf_printf(&line, "%s%" PRId64 " %" PRId64, i ? ";" : " ",
		    l->fragments[i].start, l->fragments[i].end);
	buf_addc(&line, '\t');
	brat_write_field(&line, text, len);
	kind = brat_line_parse(line.data, line.len, &back, &err);
	if (kind != BRAT_LINE_TEXTBOUND) {
		free(err);
		FUZZ_CHECK(0, "a T line margin writes is a T line it reads");
	}
	FUZZ_CHECK(back.nfragments == l->nfragments,
	    "the fragments read back");
	for (i = 0; i < l->nfragments; i++)
		FUZZ_CHECK(back.fragments[i].start == l->fragments[i].start &&
		    back.fragments[i].end == l->fragments[i].end,
		    "each fragment reads back the same");
	/* A CR at the very end of a line is taken as its line end; the
	   writer turns every CR into a space, so the text always survives. */
	FUZZ_CHECK(field_matches(back.text, back.text_len, text, len),
	    "the text field reads back, TAB, CR and LF as spaces");
	brat_line_free(&back);
	buf_free(&line);
}

static void
check_line(const char *line, size_t len)
{
	struct brat_line	 l;
	char			*err = NULL;
	size_t			 i;
	int			 kind;

	kind = brat_line_parse(line, len, &l, &err);
	switch (kind) {
	case BRAT_LINE_BAD:
		FUZZ_CHECK(err != NULL, "a bad line says why");
		free(err);
		break;
	case BRAT_LINE_TEXTBOUND:
		FUZZ_CHECK(l.nfragments >= 1 && l.fragments != NULL,
		    "a text bound has a fragment");
		for (i = 0; i < l.nfragments; i++)
			FUZZ_CHECK(l.fragments[i].start >= 0 &&
			    l.fragments[i].start <= l.fragments[i].end,
			    "a fragment is a forward range");
		FUZZ_CHECK(l.type >= line && l.type + l.type_len <= line + len,
		    "the type lies inside the line");
		FUZZ_CHECK(l.text >= line && l.text + l.text_len <= line + len,
		    "the text lies inside the line");
		check_write(&l, l.text, l.text_len);
		break;
	case BRAT_LINE_NOTE:
		FUZZ_CHECK(l.ref >= line && l.ref + l.ref_len <= line + len,
		    "a note's reference lies inside the line");
		break;
	default:
		break;
	}
	brat_line_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *sep, *p, *end, *nl;
	size_t		 tlen, len;

	sep = memchr(s, FUZZ_BRAT_SEPARATOR, size);
	tlen = sep != NULL ? (size_t)(sep - s) : size;
	p = sep != NULL ? sep + 1 : s + size;
	end = s + size;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		check_line(p, len);
		p += len + (nl != NULL);
	}
	(void)fuzz_file("doc.ann", sep != NULL ? sep + 1 : "",
	    sep != NULL ? size - tlen - 1 : 0);
	fuzz_import_export(fuzz_file("doc.txt", s, tlen), IMPORT_BRAT);
	return 0;
}
