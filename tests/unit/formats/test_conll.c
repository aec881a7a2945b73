/*
 * test_conll.c: CoNLL lines (TAB and space separated, inner spaces, CR,
 * -DOCSTART- in both spellings), tags of every scheme, the chunker on
 * IOB1, IOB2, BIOES, BILOU and bare types, the scheme report, and the
 * tags written back in each scheme.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "margin/conll.h"
#include "margin/util.h"

/* "KIND|TOKEN|TAG|COLUMNS" for one line. */
static char *
line_says(const char *line, size_t ncolumns)
{
	struct conll_line	 l;
	enum conll_line_kind	 k;

	k = conll_line_parse(line, strlen(line), ncolumns, &l);
	return xasprintf("%d|%.*s|%.*s|%zu", (int)k, (int)l.token_len,
	    l.token ? l.token : "", (int)l.tag_len, l.tag ? l.tag : "",
	    l.columns);
}

static void
test_lines(void)
{
	static const struct {
		const char	*line;
		size_t		 ncolumns;
		const char	*want;
	} cases[] = {
		{ "EU NNP B-NP B-ORG", 0, "1|EU|B-ORG|4" },
		{ "EU NNP B-NP B-ORG\r", 4, "1|EU|B-ORG|4" },
		{ "Smith\tI-PER", 0, "1|Smith|I-PER|2" },
		/* TAB-separated: the token as it is, spaces and all. */
		{ "ke s\tO", 2, "1|ke s|O|2" },
		{ "\tO", 2, "1||O|2" },
		{ " \tO", 2, "1| |O|2" },
		{ "\xf0\x9f\x92\x94 \tO", 2, "1|\xf0\x9f\x92\x94 |O|2" },
		{ "x\t O \r", 2, "1|x|O|2" },
		/* Space-separated: extra leading columns are the token's,
		   with the spaces between them kept. */
		{ "ke s -X- _ O", 4, "1|ke s|O|4" },
		{ "a  b c -X- _ B-PER", 4, "1|a  b c|B-PER|4" },
		{ "ke s -X- _ O", 0, "1|ke|O|5" },
		{ "word  O", 2, "1|word|O|2" },
		{ "-DOCSTART- -X- -X- O", 0, "2|-DOCSTART-|O|4" },
		{ "-DOCSTART- -X- O O", 0, "2|-DOCSTART-|O|4" },
		{ "-DOCSTART- O", 0, "2|-DOCSTART-|O|2" },
		{ "-DOCSTART-\tO", 0, "2|-DOCSTART-|O|2" },
		{ "-DOCSTART-", 0, "2|-DOCSTART-||1" },
		{ "  -DOCSTART-\r", 4, "2|-DOCSTART-||1" },
		{ "", 0, "0|||0" },
		{ " \t \r", 0, "0|||0" },
		{ "lonely", 0, "-1|lonely||1" },
		{ "lonely", 2, "-1|lonely||1" },
		/* Comments (CoNLL-U style) are not tokens; a "#" token
		   with a real tag in the file's columns is one. */
		{ "# sent_id = 3", 0, "3|#|3|4" },
		{ "# id 1", 4, "3|#|1|3" },
		{ "# text = Ada met Babbage", 2, "3|# text = Ada met|Babbage|2" },
		{ "#", 2, "3|#||1" },
		{ "# newdoc", 2, "3|#|newdoc|2" },
		{ "# NN I-NP O", 4, "1|#|O|4" },
		{ "# NN I-NP O", 0, "1|#|O|4" },
		{ "#MeToo B-MISC", 2, "1|#MeToo|B-MISC|2" },
		{ "#\tO", 2, "1|#|O|2" },
		{ "#MeToo\tMISC", 2, "1|#MeToo|MISC|2" },
		{ "#\tMISC", 2, "3|#|MISC|2" },
	};
	size_t	 i;
	char	*got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = line_says(cases[i].line, cases[i].ncolumns);
		CHECK_MSG(strcmp(got, cases[i].want) == 0, "line \"%s\" (%zu "
		    "columns): %s, want %s", cases[i].line, cases[i].ncolumns,
		    got, cases[i].want);
		free(got);
	}
}

static void
test_tags(void)
{
	static const struct {
		const char		*tag;
		int			 ok;
		enum conll_prefix	 prefix;
		const char		*type;
	} cases[] = {
		{ "O", 0, CONLL_O, "" },
		{ "B-PER", 0, CONLL_B, "PER" },
		{ "I-creative-work", 0, CONLL_I, "creative-work" },
		{ "E-LOC", 0, CONLL_E, "LOC" },
		{ "L-LOC", 0, CONLL_E, "LOC" },
		{ "S-ORG", 0, CONLL_S, "ORG" },
		{ "U-ORG", 0, CONLL_S, "ORG" },
		{ "person", 0, CONLL_BARE, "person" },
		{ "B-", -1, CONLL_B, "" },
		{ "B-a b", -1, CONLL_B, "a b" },
		{ "*", -1, CONLL_BARE, "*" },
		{ "", -1, CONLL_BARE, "" },
	};
	struct conll_tag	 t;
	size_t			 i;
	int			 rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = conll_tag_parse(cases[i].tag, strlen(cases[i].tag), &t);
		CHECK_MSG(rc == cases[i].ok && t.prefix == cases[i].prefix &&
		    t.type_len == strlen(cases[i].type) && (t.type_len == 0 ||
		    memcmp(t.type, cases[i].type, t.type_len) == 0),
		    "tag \"%s\": rc %d prefix %d type \"%.*s\"", cases[i].tag,
		    rc, (int)t.prefix, (int)t.type_len, t.type ? t.type : "");
	}
}

/*
 * Run the chunker over space-separated tags ("|" ends a sentence) and
 * write the chunks as "TYPE[first,last]" with token indices; the scheme
 * report goes after a ";".
 */
static char *
chunks_of(const char *tags)
{
	struct conll_chunker	 c;
	struct conll_scheme_seen w;
	struct conll_tag	 t;
	struct buf		 out = BUF_INIT;
	char			*copy = xstrdup(tags), *tok, *save = NULL;
	char			*type = NULL;
	size_t			 i = 0, start = 0;
	int			 r, open = 0;

	conll_chunker_init(&c);
	memset(&w, 0, sizeof(w));
	buf_adds(&out, "");
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (strcmp(tok, "|") == 0) {
			if (conll_chunker_end(&c) && open)
				buf_printf(&out, "%s[%zu,%zu] ", type, start,
				    i - 1);
			open = 0;
			continue;
		}
		if (conll_tag_parse(tok, strlen(tok), &t) == -1)
			memset(&t, 0, sizeof(t));
		r = conll_chunker_feed(&c, &t);
		conll_scheme_watch(&w, &t, r);
		if ((r & CONLL_ENDS_BEFORE) && open) {
			buf_printf(&out, "%s[%zu,%zu] ", type, start, i - 1);
			open = 0;
		}
		if (r & CONLL_STARTS) {
			free(type);
			type = xstrndup(t.type, t.type_len);
			start = i;
			open = 1;
		}
		if ((r & CONLL_ENDS_AFTER) && open) {
			buf_printf(&out, "%s[%zu,%zu] ", type, start, i);
			open = 0;
		}
		i++;
	}
	if (conll_chunker_end(&c) && open)
		buf_printf(&out, "%s[%zu,%zu] ", type, start, i - 1);
	buf_printf(&out, "; %s", conll_scheme_name(&w));
	conll_chunker_free(&c);
	free(type);
	free(copy);
	return buf_detach(&out);
}

static void
test_chunker(void)
{
	static const struct {
		const char	*tags;
		const char	*want;
	} cases[] = {
		/* IOB2. */
		{ "B-PER I-PER O B-LOC", "PER[0,1] LOC[3,3] ; IOB2" },
		{ "B-PER B-PER I-PER", "PER[0,0] PER[1,2] ; IOB2" },
		/* IOB1: I- opens; B- only between two of one type. */
		{ "I-PER I-PER B-PER O I-LOC I-ORG",
		    "PER[0,1] PER[2,2] LOC[4,4] ORG[5,5] ; IOB1" },
		/* BIOES and BILOU. */
		{ "B-ORG I-ORG E-ORG S-PER O", "ORG[0,2] PER[3,3] ; BIOES" },
		{ "B-ORG L-ORG U-PER U-PER", "ORG[0,1] PER[2,2] PER[3,3] ; "
		    "BILOU" },
		/* After E- a chunk is closed, even for an I- of its type. */
		{ "B-ORG E-ORG I-ORG", "ORG[0,1] ORG[2,2] ; BIOES" },
		/* Bare types (GUM): runs of one type. */
		{ "person person O place place event",
		    "person[0,1] place[3,4] event[5,5] ; bare types" },
		/* A sentence end closes a chunk. */
		{ "B-PER | I-PER", "PER[0,0] PER[1,1] ; IOB1" },
		{ "O O | O", "; no entities" },
		/* An invalid tag reads as O. */
		{ "B-PER * I-PER", "PER[0,0] PER[2,2] ; IOB1" },
	};
	size_t	 i;
	char	*got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = chunks_of(cases[i].tags);
		CHECK_MSG(strcmp(got, cases[i].want) == 0, "tags \"%s\": %s, "
		    "want %s", cases[i].tags, got, cases[i].want);
		free(got);
	}
}

static void
test_write(void)
{
	/* Two adjacent PER chunks (2 tokens, then 1), then LOC of 3. */
	static const struct {
		const char	*type;
		int		 first, last, after_same;
	} toks[] = {
		{ "PER", 1, 0, 0 }, { "PER", 0, 1, 0 }, { "PER", 1, 1, 1 },
		{ NULL, 0, 0, 0 },
		{ "LOC", 1, 0, 0 }, { "LOC", 0, 0, 0 }, { "LOC", 0, 1, 0 },
	};
	static const struct {
		const char		*name;
		const char		*want;
	} schemes[] = {
		{ "iob2", "B-PER I-PER B-PER O B-LOC I-LOC I-LOC" },
		{ "iob1", "I-PER I-PER B-PER O I-LOC I-LOC I-LOC" },
		{ "bioes", "B-PER E-PER S-PER O B-LOC I-LOC E-LOC" },
		{ "bilou", "B-PER L-PER U-PER O B-LOC I-LOC L-LOC" },
	};
	enum conll_scheme	 sc;
	struct buf		 b = BUF_INIT;
	size_t			 i, k;
	char			*chunks, *want;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		CHECK_INT(conll_scheme_parse(schemes[i].name, &sc), 0);
		buf_truncate(&b, 0);
		for (k = 0; k < sizeof(toks) / sizeof(toks[0]); k++) {
			if (k > 0)
				buf_addc(&b, ' ');
			conll_tag_write(&b, sc, toks[k].type, toks[k].first,
			    toks[k].last, toks[k].after_same);
		}
		CHECK_MSG(strcmp(b.data, schemes[i].want) == 0, "%s: %s, want "
		    "%s", schemes[i].name, b.data, schemes[i].want);
		/* And every scheme reads back as the same chunks. */
		chunks = chunks_of(b.data);
		want = xstrdup("PER[0,1] PER[2,2] LOC[4,6] ; ");
		CHECK_MSG(strncmp(chunks, want, strlen(want)) == 0,
		    "%s read back as %s", schemes[i].name, chunks);
		free(want);
		free(chunks);
	}
	CHECK_INT(conll_scheme_parse("bio", &sc), 0);
	CHECK_INT(sc, CONLL_IOB2);
	CHECK_INT(conll_scheme_parse("BIO2", &sc), -1);
	buf_free(&b);
}

static const struct check_test tests[] = {
	{ "conll: lines split at TABs or spaces; inner spaces; DOCSTART; "
	    "comments", 
	    test_lines },
	{ "conll: tags of every scheme and bare types; invalid types",
	    test_tags },
	{ "conll: chunks from IOB1, IOB2, BIOES, BILOU, bare; scheme named",
	    test_chunker },
	{ "conll: tags written in iob2, iob1, bioes, bilou read back",
	    test_write },
};

CHECK_MAIN(tests)
