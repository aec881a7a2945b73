/*
 * fuzz_conll.c: any bytes as a CoNLL column file (conll.h, SPEC §8, §9,
 * §12).  Lines into tokens and tags, tags into chunks; the chunks written
 * back in every scheme must read back as the same chunks.  Then the input
 * is imported as a .conll file and exported in every format.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
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

/* A sentence as the chunker saw it: per token, its chunk (or -1) and the
   chunk's type. */
struct sentence {
	long	*chunk;
	char	**type;
	size_t	 n;
	size_t	 cap;
};

static void
sentence_add(struct sentence *s, long chunk, const char *type, size_t len)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->chunk = xreallocarray(s->chunk, s->cap, sizeof(*s->chunk));
		s->type = xreallocarray(s->type, s->cap, sizeof(*s->type));
	}
	s->chunk[s->n] = chunk;
	s->type[s->n] = type != NULL ? xstrndup(type, len) : NULL;
	s->n++;
}

static void
sentence_clear(struct sentence *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		free(s->type[i]);
	s->n = 0;
}

/* Feed one tag; *next numbers the chunks. */
static long
chunk_of(struct conll_chunker *c, const struct conll_tag *t, long *next,
    long open)
{
	int	 r = conll_chunker_feed(c, t);

	FUZZ_CHECK(!(r & CONLL_STARTS) || (r & CONLL_INSIDE),
	    "a token that starts a chunk is inside it");
	FUZZ_CHECK((t->prefix == CONLL_O) == !(r & CONLL_INSIDE),
	    "only O is outside");
	if (r & CONLL_STARTS)
		return (*next)++;
	if (r & CONLL_INSIDE) {
		FUZZ_CHECK(open >= 0, "a token continues only an open chunk");
		return open;
	}
	return -1;
}

/* Write the sentence's chunks in scheme, read them back, compare. */
static void
check_scheme(const struct sentence *s, enum conll_scheme scheme)
{
	struct conll_chunker	 c;
	struct conll_tag	 t;
	struct buf		 tag = BUF_INIT;
	size_t			 i;
	long			 next = 0, open = -1, got, *map;
	int			 first, last, after_same;

	map = xcalloc(s->n + 1, sizeof(*map));
	conll_chunker_init(&c);
	for (i = 0; i < s->n; i++) {
		first = s->chunk[i] >= 0 &&
		    (i == 0 || s->chunk[i - 1] != s->chunk[i]);
		last = s->chunk[i] >= 0 &&
		    (i + 1 == s->n || s->chunk[i + 1] != s->chunk[i]);
		after_same = first && i > 0 && s->chunk[i - 1] >= 0 &&
		    strcmp(s->type[i - 1], s->type[i]) == 0;
		buf_truncate(&tag, 0);
		conll_tag_write(&tag, scheme, s->chunk[i] >= 0 ? s->type[i] :
		    NULL, first, last, after_same);
		FUZZ_CHECK(conll_tag_parse(tag.data, tag.len, &t) == 0,
		    "a tag margin writes is a tag margin reads");
		got = chunk_of(&c, &t, &next, open);
		open = got;
		if (s->chunk[i] < 0)
			FUZZ_CHECK(got == -1, "O is written back as O");
		else {
			FUZZ_CHECK(got >= 0, "a chunk's token is written back "
			    "inside a chunk");
			/* Chunks are numbered in order in both reads. */
			FUZZ_CHECK(got == s->chunk[i],
			    "written in any scheme, chunks read back the same");
		}
		if (t.prefix == CONLL_E || t.prefix == CONLL_S)
			open = -1;
	}
	(void)conll_chunker_end(&c);
	conll_chunker_free(&c);
	buf_free(&tag);
	free(map);
}

static void
sentence_end(struct sentence *s)
{
	static const enum conll_scheme schemes[] = { CONLL_IOB2, CONLL_IOB1,
	    CONLL_BIOES, CONLL_BILOU };
	size_t	 i;

	if (s->n > 0)
		for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
			check_scheme(s, schemes[i]);
	sentence_clear(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*p = (const char *)data, *end = p + size, *nl;
	struct conll_line	 l;
	struct conll_tag	 t;
	struct conll_chunker	 c;
	struct conll_scheme_seen w;
	struct sentence		 s;
	size_t			 ncolumns = 0, len;
	long			 next = 0, open = -1, k;
	int			 kind;

	memset(&s, 0, sizeof(s));
	memset(&w, 0, sizeof(w));
	conll_chunker_init(&c);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		kind = conll_line_parse(p, len, ncolumns, &l);
		p += len + (nl != NULL);
		if (kind == CONLL_LINE_BAD)
			continue;
		if (kind != CONLL_LINE_TOKEN) {
			(void)conll_chunker_end(&c);
			open = -1;
			next = 0;
			sentence_end(&s);
			continue;
		}
		FUZZ_CHECK(l.token_len <= len && l.tag_len <= len &&
		    l.columns >= 2, "a token line has a token and a tag");
		if (ncolumns == 0)
			ncolumns = l.columns;
		if (conll_tag_parse(l.tag, l.tag_len, &t) == -1)
			continue;
		FUZZ_CHECK(t.prefix == CONLL_O || (t.type != NULL &&
		    t.type_len > 0 && t.type_len <= l.tag_len),
		    "a tag other than O has a type inside it");
		k = chunk_of(&c, &t, &next, open);
		conll_scheme_watch(&w, &t, k >= 0 && k != open ?
		    CONLL_STARTS | CONLL_INSIDE : 0);
		open = (t.prefix == CONLL_E || t.prefix == CONLL_S) ? -1 : k;
		sentence_add(&s, k, t.type, t.type_len);
	}
	(void)conll_chunker_end(&c);
	sentence_end(&s);
	(void)conll_scheme_name(&w);
	conll_chunker_free(&c);
	free(s.chunk);
	free(s.type);
	fuzz_import_export(fuzz_file("in.conll", data, size), IMPORT_CONLL);
	return 0;
}
