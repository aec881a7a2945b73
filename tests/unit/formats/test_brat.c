/*
 * test_brat.c: brat .ann lines read (T lines with one or several
 * fragments, AnnotatorNotes, R and N lines, the kinds margin leaves
 * alone, and bad lines with the reason), fields written without TABs or
 * line ends, and knowledge-base ids as references and back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "margin/brat.h"
#include "margin/util.h"

/* What a line reads as, in one string. */
static char *
line_says(const char *line)
{
	struct brat_line	 l;
	struct buf		 b = BUF_INIT;
	enum brat_line_kind	 k;
	char			*err = NULL;
	size_t			 i;

	k = brat_line_parse(line, strlen(line), &l, &err);
	buf_printf(&b, "%d", (int)k);
	if (k == BRAT_LINE_BAD)
		buf_printf(&b, " %s", err);
	if (k == BRAT_LINE_TEXTBOUND || k == BRAT_LINE_NOTE ||
	    k == BRAT_LINE_ATTRIBUTE)
		buf_printf(&b, " %.*s %.*s", (int)l.id_len, l.id,
		    (int)l.type_len, l.type);
	if (k == BRAT_LINE_NOTE || k == BRAT_LINE_ATTRIBUTE)
		buf_printf(&b, " on %.*s", (int)l.ref_len, l.ref);
	if (k == BRAT_LINE_RELATION || k == BRAT_LINE_NORMALIZATION)
		buf_printf(&b, " %.*s %.*s %.*s", (int)l.id_len, l.id,
		    (int)l.type_len, l.type, (int)l.ref_len, l.ref);
	if (k == BRAT_LINE_RELATION)
		buf_printf(&b, " %.*s", (int)l.ref2_len, l.ref2);
	if (k == BRAT_LINE_NORMALIZATION)
		buf_printf(&b, " %.*s %.*s [%.*s]", (int)l.db_len, l.db,
		    (int)l.db_id_len, l.db_id, (int)l.text_len, l.text);
	for (i = 0; i < l.nfragments; i++)
		buf_printf(&b, "%s%lld-%lld", i == 0 ? " " : ";",
		    (long long)l.fragments[i].start,
		    (long long)l.fragments[i].end);
	if (k == BRAT_LINE_TEXTBOUND || k == BRAT_LINE_NOTE ||
	    k == BRAT_LINE_ATTRIBUTE)
		buf_printf(&b, " [%.*s]", (int)l.text_len, l.text);
	brat_line_free(&l);
	free(err);
	return buf_detach(&b);
}

static void
test_lines(void)
{
	static const struct {
		const char	*line;
		const char	*want;
	} cases[] = {
		{ "T1\tPER 0 12\tAda Lovelace", "1 T1 PER 0-12 [Ada Lovelace]" },
		{ "T2\tLOC 20 25;30 36\tNorth Wales\r",
		    "1 T2 LOC 20-25;30-36 [North Wales]" },
		{ "T3\tOrganization-Name 5 5\t", "1 T3 Organization-Name 5-5 []" },
		{ "#1\tAnnotatorNotes T1\tsee\tthe source",
		    "2 #1 AnnotatorNotes on T1 [see\tthe source]" },
		{ "R1\tOrigin Arg1:T1 Arg2:T2", "5 R1 Origin T1 T2" },
		{ "R2\tspoke_with Arg1:T3 Arg2:T1 \r", "5 R2 spoke_with T3 T1" },
		{ "R3\tOrigin Arg1:T1", "-1 an R line needs \"TYPE Arg1:ID "
		    "Arg2:ID\"" },
		{ "R4\tOrigin Arg2:T1 Arg1:T2", "-1 an R line needs \"TYPE "
		    "Arg1:ID Arg2:ID\"" },
		{ "N1\tReference T1 Wikidata:Q7747\tAlexei Navalny",
		    "6 N1 Reference T1 Wikidata Q7747 [Alexei Navalny]" },
		{ "N2\tReference T2 https://x.org/a:b\t",
		    "6 N2 Reference T2 https //x.org/a:b []" },
		{ "N3\tReference T2 nocolon\tx", "-1 an N line needs \"TYPE "
		    "TARGET RID:ID\"" },
		{ "E1\tAttack:T4 Target:T1", "4" },
		{ "A1\tNegated T1", "3 A1 Negated on T1 []" },
		{ "A2\tAnnotator T3 Ana Lima", "3 A2 Annotator on T3 [Ana Lima]" },
		{ "A3\tAnnotator", "-1 an A line needs \"NAME TARGET [VALUE]\"" },
		{ "*\tEquiv T1 T2", "4" },
		{ "", "0" },
		{ "  \r", "0" },
		{ "X1\tfoo", "-1 not a brat annotation line (T, R, E, A, M, N, "
		    "* or #)" },
		{ "T1 PER 0 5 Ada", "-1 no TAB after the annotation's id" },
		{ "T1\tPER\tAda", "-1 a T line needs \"TYPE START END\"" },
		{ "T1\tPER 0 x\tAda", "-1 offsets must be \"START END\" pairs of "
		    "whole numbers, separated by ';'" },
		{ "T1\tPER -1 5\tAda", "-1 offsets must be \"START END\" pairs "
		    "of whole numbers, separated by ';'" },
		{ "T1\tPER 0 5;\tAda", "-1 offsets must be \"START END\" pairs "
		    "of whole numbers, separated by ';'" },
		{ "T1\tPER 9 5\tAda", "-1 a fragment ends (5) before it starts "
		    "(9)" },
		{ "T1\tPER 0 99999999999999999999\tAda", "-1 offsets must be "
		    "\"START END\" pairs of whole numbers, separated by ';'" },
		{ "#1\tAnnotatorNotes\tx", "-1 a # line needs \"AnnotatorNotes "
		    "ID\"" },
	};
	size_t	 i;
	char	*got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = line_says(cases[i].line);
		CHECK_MSG(strcmp(got, cases[i].want) == 0, "\"%s\": %s, want "
		    "%s", cases[i].line, got, cases[i].want);
		free(got);
	}
}

static void
test_write_field(void)
{
	struct buf	 b = BUF_INIT;

	buf_adds(&b, "");
	brat_write_field(&b, "a\tb\nc\r\nd", 8);
	CHECK_STR(b.data, "a b c  d");
	buf_truncate(&b, 0);
	brat_write_field(&b, "Zoë 東京", strlen("Zoë 東京"));
	CHECK_STR(b.data, "Zoë 東京");
	/* U+2028 and U+2029 end lines for brat's reader too. */
	buf_truncate(&b, 0);
	brat_write_field(&b, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 9);
	CHECK_STR(b.data, "a b c");
	buf_free(&b);
}

/* Notes keep their line ends and TABs as visible symbols, read back. */
static void
test_notes(void)
{
	struct buf	 w = BUF_INIT, r = BUF_INIT;
	const char	*note = "one\ntwo\tthree\r\nfour\xe2\x80\xa8" "five";

	buf_adds(&w, "");
	brat_write_note(&w, note, strlen(note));
	CHECK_STR(w.data, "one\xe2\x90\xa4two\xe2\x90\x89three"
	    "\xe2\x90\xa4" "four\xe2\x90\xa4" "five");
	CHECK(strpbrk(w.data, "\t\n\r") == NULL);
	buf_adds(&r, "");
	brat_read_note(&r, w.data, w.len);
	CHECK_STR(r.data, "one\ntwo\tthree\nfour\nfive");
	buf_free(&w);
	buf_free(&r);
}

/* kb_ids as brat references and back: every one comes back as it was,
   and margin's entities without one keep their id. */
static void
test_references(void)
{
	static const struct {
		const char	*kb;
		const char	*ref;
	} cases[] = {
		{ "Q7747", "Wikidata:Q7747" },
		{ "GeoNames:2950159", "GeoNames:2950159" },
		{ "https://www.wikidata.org/wiki/Q7747",
		    "https://www.wikidata.org/wiki/Q7747" },
		{ "Wikidata:Q5", "margin-kb:Wikidata%3AQ5" },
		{ "margin:3", "margin-kb:margin%3A3" },
		{ "nocolon", "margin-kb:nocolon" },
		{ "a b:c", "margin-kb:a%20b%3Ac" },
		{ "50%", "margin-kb:50%25" },
		{ "Zoë:1", "margin-kb:Zo%C3%AB%3A1" },
		{ "Q", "margin-kb:Q" },
		{ "", "margin:12" },
	};
	struct buf	 w = BUF_INIT, r = BUF_INIT;
	const char	*colon;
	size_t		 i;
	int		 none;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_truncate(&w, 0);
		buf_adds(&w, "");
		brat_reference_write(&w, cases[i].kb, 12);
		CHECK_MSG(strcmp(w.data, cases[i].ref) == 0, "\"%s\" written "
		    "as \"%s\", want \"%s\"", cases[i].kb, w.data,
		    cases[i].ref);
		colon = strchr(w.data, ':');
		if (colon == NULL)
			continue;
		buf_truncate(&r, 0);
		buf_adds(&r, "");
		none = brat_reference_read(&r, w.data,
		    (size_t)(colon - w.data), colon + 1, strlen(colon + 1));
		CHECK_INT(none, cases[i].kb[0] == '\0');
		CHECK_MSG(strcmp(r.data, cases[i].kb) == 0, "\"%s\" read back "
		    "as \"%s\"", w.data, r.data);
	}
	/* A '%' that starts no escape is read as itself. */
	buf_truncate(&r, 0);
	buf_adds(&r, "");
	brat_reference_read(&r, "margin-kb", 9, "a%zz%4", 6);
	CHECK_STR(r.data, "a%zz%4");
	buf_free(&w);
	buf_free(&r);
}

static const struct check_test tests[] = {
	{ "brat: T lines, fragments, notes, other kinds, bad lines",
	    test_lines },
	{ "brat: fields written without TABs or line ends", test_write_field },
	{ "brat: notes keep line ends and TABs as symbols", test_notes },
	{ "brat: knowledge-base ids as references, one to one",
	    test_references },
};

CHECK_MAIN(tests)
