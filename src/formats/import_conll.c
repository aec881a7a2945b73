/* import_conll.c: CoNLL column files, one article per -DOCSTART-
   document, with its tags as spans (SPEC §8). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "margin/conll.h"
#include "margin/import.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "import_private.h"

/* --- CoNLL ------------------------------------------------------------- */

/*
 * A CoNLL file becomes one article per -DOCSTART- document (the whole
 * file when it has none).  The text is rebuilt from the tokens: one space
 * between the tokens of a sentence, one LF between sentences; the tag
 * column becomes spans.  What the rebuilt text cannot say is kept in the
 * article's metadata, {"conll": {"document": N, "token_spaces": [...]}}:
 * the code point offsets of spaces inside tokens, so that the export
 * gives back the same tokens (exports split a CoNLL article's text at
 * its spaces and line ends, not by UAX #29).
 *
 * Odd tokens are reported with FILE:LINE and handled: an empty token, or
 * one of white space only, is dropped as if its line were not there;
 * white space around a token is trimmed; spaces inside one are kept.
 */
enum conll_odd {
	ODD_EMPTY,
	ODD_BLANK,
	ODD_TRIMMED,
	ODD_INNER,
	ODD_TAG,
	ODD_LINE,
	ODD_COMMENT,
	ODD_N
};
static const struct {
	int		 is_error;
	const char	*what;
} conll_odd_says[ODD_N] = {
	{ 0, "an empty token, dropped as if its line were not there" },
	{ 0, "a token of white space only, dropped as if its line were not "
	    "there" },
	{ 0, "white space around the token, trimmed" },
	{ 0, "spaces inside the token, kept as one token" },
	{ 1, "not a tag (O, B-TYPE, I-TYPE, E-, S-, L-, U- or a bare TYPE), "
	    "read as O" },
	{ 1, "fewer than two columns, skipped" },
	{ 0, "a comment line (#), skipped" },
};
/* Each kind of oddity is said with its line this often, then counted. */
#define CONLL_SAY	5

struct conll_entity {
	size_t	 start, end;		/* code points */
	size_t	 start_byte, end_byte;
	char	*type;
};

struct conll_import {
	struct import_run		*run;
	const char			*path;
	size_t				 line;
	size_t				 columns;
	struct conll_chunker		 chunker;
	struct conll_scheme_seen	 seen;
	size_t				 odd[ODD_N];
	size_t				 docs, sentences, tokens, entities;
	/* The document being built. */
	size_t				 doc_line;
	struct buf			 text;
	size_t				 ncp;
	size_t				 doc_tokens;
	int				 in_sentence;
	size_t				 invalid;
	struct conll_entity		*ents;
	size_t				 nents, capents;
	size_t				*spaces;
	size_t				 nspaces, capspaces;
	/* The bytes between each token and its tag (the POS and chunk
	   columns of CoNLL-2003), as a JSON list; whether all were the
	   same, and the first; the document's -DOCSTART- line. */
	struct buf			 middles;
	char				*middle;
	int				 same_middle;
	char				*docstart;
	/* The entity open at the last token. */
	int				 open;
	char				*open_type;
	size_t				 open_start, open_start_byte;
	size_t				 prev_end, prev_end_byte;
};

static void
conll_odd(struct conll_import *ci, enum conll_odd kind, const char *s,
    size_t len)
{
	char	*where, *q;

	if (++ci->odd[kind] > CONLL_SAY) {
		if (conll_odd_says[kind].is_error)
			ci->run->failed = 1;
		return;
	}
	where = xasprintf("%s:%zu", ci->path, ci->line);
	q = imp_quoted(s, len);
	imp_run_message(ci->run, conll_odd_says[kind].is_error, where, "%s: %s",
	    q, conll_odd_says[kind].what);
	free(q);
	free(where);
}

/* The entity open until the last token ends there. */
static void
conll_close(struct conll_import *ci)
{
	struct conll_entity	*e;

	if (!ci->open)
		return;
	ci->open = 0;
	ARRAY_RESERVE(ci->ents, ci->capents, ci->nents + 1);
	e = &ci->ents[ci->nents++];
	e->start = ci->open_start;
	e->start_byte = ci->open_start_byte;
	e->end = ci->prev_end;
	e->end_byte = ci->prev_end_byte;
	e->type = ci->open_type;
	ci->open_type = NULL;
}

static void
conll_sentence_end(struct conll_import *ci)
{
	if (!ci->in_sentence)
		return;
	if (conll_chunker_end(&ci->chunker))
		conll_close(ci);
	ci->in_sentence = 0;
	ci->sentences++;
}

static void
conll_doc_reset(struct conll_import *ci)
{
	size_t	 i;

	for (i = 0; i < ci->nents; i++)
		free(ci->ents[i].type);
	ci->nents = 0;
	ci->nspaces = 0;
	buf_truncate(&ci->middles, 0);
	free(ci->middle);
	ci->middle = NULL;
	free(ci->docstart);
	ci->docstart = NULL;
	buf_truncate(&ci->text, 0);
	ci->ncp = 0;
	ci->doc_tokens = 0;
	ci->invalid = 0;
	ci->doc_line = 0;
}

/* The document is complete: add it as an article with its spans. */
static void
conll_flush(struct conll_import *ci)
{
	struct import_run	*run = ci->run;
	struct text_canon_stats	 st;
	struct store_span	 sp;
	struct buf		 meta = BUF_INIT;
	char			*where, *title, *name;
	size_t			 i;
	int64_t			 id;
	int			 rc;

	conll_sentence_end(ci);
	if (ci->doc_tokens == 0) {
		conll_doc_reset(ci);
		return;
	}
	ci->docs++;
	where = xasprintf("%s:%zu", ci->path, ci->doc_line);
	buf_printf(&meta, "{\"conll\":{\"document\":%zu,\"columns\":%zu",
	    ci->docs, ci->columns);
	/* What the export writes back (SPEC §9): the -DOCSTART- line and
	   the columns between token and tag, as they were. */
	if (ci->docstart != NULL) {
		buf_adds(&meta, ",\"docstart\":");
		json_write_string(&meta, ci->docstart, strlen(ci->docstart));
	}
	if (ci->same_middle) {
		buf_adds(&meta, ",\"middle\":");
		json_write_string(&meta, ci->middle, strlen(ci->middle));
	} else {
		buf_adds(&meta, ",\"middle\":[");
		buf_add(&meta, ci->middles.data, ci->middles.len);
		buf_addc(&meta, ']');
	}
	if (ci->nspaces > 0) {
		buf_adds(&meta, ",\"token_spaces\":[");
		for (i = 0; i < ci->nspaces; i++)
			buf_printf(&meta, "%s%zu", i > 0 ? "," : "",
			    ci->spaces[i]);
		buf_addc(&meta, ']');
	}
	buf_adds(&meta, "}}");
	title = text_title(ci->text.data, ci->text.len);
	rc = imp_add_article(run, where, title, ci->path, ci->text.data,
	    ci->text.len, meta.data, ci->nents, &id);
	if (rc == 1) {
		memset(&st, 0, sizeof(st));
		st.invalid = ci->invalid;
		imp_report_repairs(run, where, &st);
		for (i = 0; i < ci->nents; i++) {
			memset(&sp, 0, sizeof(sp));
			sp.status = STORE_ACCEPTED;
			sp.origin = STORE_IMPORTED;
			sp.article_id = id;
			sp.start = ci->ents[i].start;
			sp.end = ci->ents[i].end;
			sp.start_byte = ci->ents[i].start_byte;
			sp.end_byte = ci->ents[i].end_byte;
			sp.label = ci->ents[i].type;
			sp.text = xstrndup(ci->text.data + sp.start_byte,
			    sp.end_byte - sp.start_byte);
			name = xasprintf("entity %zu", i + 1);
			if (imp_add_span(run, where, name, &sp) == 0)
				ci->entities++;
			free(name);
			free(sp.text);
		}
	}
	if (rc != -1)
		imp_run_article_done(run, where);
	free(title);
	free(where);
	buf_free(&meta);
	conll_doc_reset(ci);
}

static int
conll_is_space(ucs4_t c)
{
	return uc_is_property_white_space(c);
}

/* The token, canonical and trimmed, into *out (a new string); 0 when
   nothing is left of it. */
static size_t
conll_token_text(struct conll_import *ci, const char *tok, size_t len,
    char **out)
{
	struct text_canon_stats	 st;
	char			*t;
	size_t			 n, a, b, i;
	const uint8_t		*p;
	ucs4_t			 c;
	int			 k;

	memset(&st, 0, sizeof(st));
	t = text_canonicalize(tok, len, &n, &st, NULL, NULL);
	ci->invalid += st.invalid;
	/* A lone CR became a line end: inside a token it is a space. */
	for (i = 0; i < n; i++)
		if (t[i] == '\n')
			t[i] = ' ';
	for (a = 0; a < n; a += (size_t)k) {
		k = u8_mbtouc(&c, (const uint8_t *)t + a, n - a);
		if (k <= 0 || !conll_is_space(c))
			break;
	}
	for (b = n; b > a; b = (size_t)(p - (const uint8_t *)t)) {
		p = u8_prev(&c, (const uint8_t *)t + b, (const uint8_t *)t + a);
		if (p == NULL || !conll_is_space(c))
			break;
	}
	if (a == b) {
		conll_odd(ci, len == 0 ? ODD_EMPTY : ODD_BLANK, tok, len);
		free(t);
		*out = NULL;
		return 0;
	}
	if (a > 0 || b < n)
		conll_odd(ci, ODD_TRIMMED, tok, len);
	memmove(t, t + a, b - a);
	t[b - a] = '\0';
	*out = t;
	return b - a;
}

/*
 * Keep the bytes between the token and its tag ("\tNNP\tB-NP\t", " -X- _ ")
 * for the export to write back.  Bytes that are not UTF-8 or control
 * characters cannot be kept in the metadata's JSON: the token's
 * columns are kept as " " then.
 */
static void
conll_middle(struct conll_import *ci, const struct conll_line *l)
{
	const char	*a = l->token + l->token_len;
	size_t		 len = l->tag > a ? (size_t)(l->tag - a) : 0, i;
	char		*m;

	m = xstrndup(a, len);
	for (i = 0; i < len; i++)
		if ((unsigned char)m[i] < 0x20 && m[i] != '\t')
			break;
	if (i < len || u8_check((const uint8_t *)m, len) != NULL) {
		free(m);
		m = xstrdup(" ");
	}
	if (ci->doc_tokens == 0) {
		ci->middle = xstrdup(m);
		ci->same_middle = 1;
	} else {
		buf_addc(&ci->middles, ',');
		if (ci->same_middle && strcmp(ci->middle, m) != 0)
			ci->same_middle = 0;
	}
	json_write_string(&ci->middles, m, strlen(m));
	free(m);
}

static void
conll_token(struct conll_import *ci, const struct conll_line *l)
{
	struct conll_tag	 tag;
	char			*t;
	size_t			 n, i, cp, start, start_byte;
	int			 r, inner = 0;

	if ((n = conll_token_text(ci, l->token, l->token_len, &t)) == 0)
		return;
	if (conll_tag_parse(l->tag, l->tag_len, &tag) == -1) {
		conll_odd(ci, ODD_TAG, l->tag, l->tag_len);
		memset(&tag, 0, sizeof(tag));
		tag.prefix = CONLL_O;
	}
	r = conll_chunker_feed(&ci->chunker, &tag);
	conll_scheme_watch(&ci->seen, &tag, r);
	if (r & CONLL_ENDS_BEFORE)
		conll_close(ci);

	if (ci->doc_tokens == 0)
		ci->doc_line = ci->line;
	if (ci->in_sentence || ci->text.len > 0) {
		buf_addc(&ci->text, ci->in_sentence ? ' ' : '\n');
		ci->ncp++;
	}
	start = ci->ncp;
	start_byte = ci->text.len;
	for (i = cp = 0; i < n; i++) {
		if (((unsigned char)t[i] & 0xc0) == 0x80)
			continue;
		if (t[i] == ' ') {
			ARRAY_RESERVE(ci->spaces, ci->capspaces,
			    ci->nspaces + 1);
			ci->spaces[ci->nspaces++] = start + cp;
			inner = 1;
		}
		cp++;
	}
	if (inner)
		conll_odd(ci, ODD_INNER, t, n);
	conll_middle(ci, l);
	buf_add(&ci->text, t, n);
	ci->ncp += cp;
	free(t);
	ci->in_sentence = 1;
	ci->doc_tokens++;
	ci->tokens++;

	if (r & CONLL_STARTS) {
		ci->open = 1;
		free(ci->open_type);
		ci->open_type = xstrndup(tag.type, tag.type_len);
		ci->open_start = start;
		ci->open_start_byte = start_byte;
	}
	ci->prev_end = ci->ncp;
	ci->prev_end_byte = ci->text.len;
	if (r & CONLL_ENDS_AFTER)
		conll_close(ci);
}

/* The -DOCSTART- line of the document that follows, as it was. */
static void
conll_docstart(struct conll_import *ci, const char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\r')
		len--;
	free(ci->docstart);
	ci->docstart = xstrndup(line, len);
	if (memchr(ci->docstart, '\0', len) != NULL ||
	    u8_check((const uint8_t *)ci->docstart, len) != NULL) {
		free(ci->docstart);
		ci->docstart = NULL;
	}
}

int
import_conll(struct import_run *run, struct input *in)
{
	struct conll_import	 ci;
	struct conll_line	 l;
	const char		*line;
	size_t			 len, i;
	int			 rc;

	memset(&ci, 0, sizeof(ci));
	ci.run = run;
	ci.path = in->path;
	conll_chunker_init(&ci.chunker);
	while ((rc = imp_input_line(run, in, &line, &len)) == 1) {
		ci.line++;
		/* A BOM may open the file (WNUT's did). */
		if (ci.line == 1 && len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3;
			len -= 3;
		}
		switch (conll_line_parse(line, len, ci.columns, &l)) {
		case CONLL_LINE_BAD:
			conll_odd(&ci, ODD_LINE, line, len);
			break;
		case CONLL_LINE_COMMENT:
			conll_odd(&ci, ODD_COMMENT, line, len);
			break;
		case CONLL_LINE_BLANK:
			conll_sentence_end(&ci);
			break;
		case CONLL_LINE_DOCSTART:
			if (ci.columns == 0 && l.columns >= 2)
				ci.columns = l.columns;
			conll_flush(&ci);
			conll_docstart(&ci, line, len);
			break;
		case CONLL_LINE_TOKEN:
			if (ci.columns == 0)
				ci.columns = l.columns;
			conll_token(&ci, &l);
			break;
		}
	}
	if (rc == -1)
		imp_run_message(run, 1, in->path, "line %zu: %s", ci.line + 1,
		    strerror(in->read_errno));
	else
		conll_flush(&ci);
	for (i = 0; i < ODD_N; i++)
		if (ci.odd[i] > CONLL_SAY)
			imp_run_message(run, 0, in->path,
			    "%zu more like that: %s",
			    ci.odd[i] - CONLL_SAY, conll_odd_says[i].what);
	if (ci.tokens == 0 && rc != -1) {
		run->r->skipped++;
		imp_run_message(run, 0, in->path, "no tokens, skipped");
	} else if (rc != -1)
		imp_run_message(run, 0, in->path, "CoNLL, %s, %zu columns: %zu "
		    "document%s, %zu sentence%s, %zu token%s, %zu entit%s",
		    conll_scheme_name(&ci.seen), ci.columns, ci.docs,
		    ci.docs == 1 ? "" : "s", ci.sentences,
		    ci.sentences == 1 ? "" : "s", ci.tokens,
		    ci.tokens == 1 ? "" : "s", ci.entities,
		    ci.entities == 1 ? "y" : "ies");
	conll_doc_reset(&ci);
	conll_chunker_free(&ci.chunker);
	free(ci.open_type);
	free(ci.ents);
	free(ci.spaces);
	buf_free(&ci.text);
	buf_free(&ci.middles);
	return rc == -1 ? -1 : 0;
}
