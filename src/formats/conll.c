/*
 * conll.c: CoNLL lines, tags and chunks (conll.h).  Knows nothing of the
 * store: the importer and the exporter bring the text and the spans.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
#include "margin/util.h"

/* The next run of bytes other than a space at or after *i: 1, or 0 when
   the line has no more. */
static int
conll_next_column(const char *line, size_t len, size_t *i, size_t *start,
    size_t *end)
{
	while (*i < len && line[*i] == ' ')
		(*i)++;
	if (*i == len)
		return 0;
	*start = *i;
	while (*i < len && line[*i] != ' ')
		(*i)++;
	*end = *i;
	return 1;
}

static enum conll_line_kind conll_line_split(const char *, size_t, size_t,
		    struct conll_line *);

static int
conll_is_docstart(const struct conll_line *l)
{
	return l->token_len == strlen(CONLL_DOCSTART) &&
	    memcmp(l->token, CONLL_DOCSTART, l->token_len) == 0;
}

/*
 * A line that starts with '#' is a comment (CoNLL-U's "# sent_id = 1",
 * "# text = ..."), unless it reads as a token "#" or "#hashtag" whose tag
 * is O or carries a prefix, in the file's number of columns: "# NN I-NP O"
 * of CoNLL-2003 and "#MeToo B-MISC" of a tweet corpus stay tokens.  A
 * bare type (any word would pass for one) counts only after a hashtag.
 */
static enum conll_line_kind
conll_hash_line(const struct conll_line *l, enum conll_line_kind kind,
    size_t ncolumns)
{
	struct conll_tag	 t;

	if (l->token_len == 0 || l->token[0] != '#')
		return kind;
	if (kind == CONLL_LINE_TOKEN &&
	    (ncolumns == 0 || l->columns == ncolumns) &&
	    conll_tag_parse(l->tag, l->tag_len, &t) == 0 &&
	    (t.prefix != CONLL_BARE || (l->token_len > 1 &&
	    l->token[1] != ' ' && l->token[1] != '\t')))
		return kind;
	return CONLL_LINE_COMMENT;
}

enum conll_line_kind
conll_line_parse(const char *line, size_t len, size_t ncolumns,
    struct conll_line *l)
{
	enum conll_line_kind	 kind = conll_line_split(line, len, ncolumns,
				    l);

	if (kind == CONLL_LINE_BAD || kind == CONLL_LINE_TOKEN)
		return conll_hash_line(l, kind, ncolumns);
	return kind;
}

static enum conll_line_kind
conll_line_split(const char *line, size_t len, size_t ncolumns,
    struct conll_line *l)
{
	const char	*tab, *p, *end;
	size_t		 i, ncol, keep, a = 0, b = 0;

	memset(l, 0, sizeof(*l));
	if (len > 0 && line[len - 1] == '\r')
		len--;
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			break;
	if (i == len)
		return CONLL_LINE_BLANK;

	if ((tab = memchr(line, '\t', len)) != NULL) {
		l->tabs = 1;
		l->token = line;
		l->token_len = (size_t)(tab - line);
		/* The tag is the last column, without spaces around it. */
		for (p = line + len; p > line && p[-1] != '\t'; p--)
			;
		end = line + len;
		while (p < end && *p == ' ')
			p++;
		while (end > p && end[-1] == ' ')
			end--;
		l->tag = p;
		l->tag_len = (size_t)(end - p);
		for (l->columns = 1, p = line; p < line + len; p++)
			if (*p == '\t')
				l->columns++;
	} else {
		for (ncol = 0, i = 0; conll_next_column(line, len, &i, &a, &b);)
			ncol++;
		if (ncol < 2) {
			/* "-DOCSTART-" alone still separates documents. */
			i = 0;
			conll_next_column(line, len, &i, &a, &b);
			l->token = line + a;
			l->token_len = b - a;
			l->columns = 1;
			return conll_is_docstart(l) ? CONLL_LINE_DOCSTART :
			    CONLL_LINE_BAD;
		}
		/* Extra leading columns are the token's inner words. */
		keep = ncolumns >= 2 && ncol > ncolumns ? ncol - ncolumns + 1 :
		    1;
		for (ncol = 0, i = 0; conll_next_column(line, len, &i, &a, &b);) {
			if (ncol == 0)
				l->token = line + a;
			if (++ncol == keep)
				l->token_len = (size_t)(line + b - l->token);
			l->tag = line + a;
			l->tag_len = b - a;
		}
		l->columns = ncol - keep + 1;
	}
	if (conll_is_docstart(l))
		return CONLL_LINE_DOCSTART;
	if (l->columns < 2)
		return CONLL_LINE_BAD;
	return CONLL_LINE_TOKEN;
}

/* The label names the store accepts (store_label_valid_name). */
static int
conll_valid_type(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-'))
			return 0;
	return 1;
}

int
conll_tag_parse(const char *s, size_t len, struct conll_tag *t)
{
	memset(t, 0, sizeof(*t));
	if (len == 1 && s[0] == 'O') {
		t->prefix = CONLL_O;
		return 0;
	}
	if (len >= 2 && s[1] == '-' && strchr("BIESLU", s[0]) != NULL &&
	    s[0] != '\0') {
		t->letter = s[0];
		switch (s[0]) {
		case 'B':
			t->prefix = CONLL_B;
			break;
		case 'I':
			t->prefix = CONLL_I;
			break;
		case 'E':
		case 'L':
			t->prefix = CONLL_E;
			break;
		default:
			t->prefix = CONLL_S;
			break;
		}
		t->type = s + 2;
		t->type_len = len - 2;
		return conll_valid_type(t->type, t->type_len) ? 0 : -1;
	}
	t->prefix = CONLL_BARE;
	t->type = s;
	t->type_len = len;
	return conll_valid_type(s, len) ? 0 : -1;
}

void
conll_chunker_init(struct conll_chunker *c)
{
	memset(c, 0, sizeof(*c));
}

void
conll_chunker_free(struct conll_chunker *c)
{
	free(c->type);
	memset(c, 0, sizeof(*c));
}

static int
conll_chunker_same(const struct conll_chunker *c, const struct conll_tag *t)
{
	return c->open && c->type_len == t->type_len &&
	    memcmp(c->type, t->type, t->type_len) == 0;
}

int
conll_chunker_feed(struct conll_chunker *c, const struct conll_tag *t)
{
	int	 r = 0, start;

	if (t->prefix == CONLL_O) {
		if (c->open)
			r |= CONLL_ENDS_BEFORE;
		c->open = 0;
		return r;
	}
	start = t->prefix == CONLL_B || t->prefix == CONLL_S ||
	    !conll_chunker_same(c, t);
	if (start) {
		if (c->open)
			r |= CONLL_ENDS_BEFORE;
		free(c->type);
		c->type = xstrndup(t->type, t->type_len);
		c->type_len = t->type_len;
		c->open = 1;
		r |= CONLL_STARTS;
	}
	r |= CONLL_INSIDE;
	if (t->prefix == CONLL_E || t->prefix == CONLL_S) {
		r |= CONLL_ENDS_AFTER;
		c->open = 0;
	}
	return r;
}

int
conll_chunker_end(struct conll_chunker *c)
{
	int	 was = c->open;

	c->open = 0;
	return was;
}

#define SEEN_B		0x01
#define SEEN_I_START	0x02	/* an I- (or bare) tag opened a chunk */
#define SEEN_ES		0x04
#define SEEN_LU		0x08
#define SEEN_BARE	0x10

void
conll_scheme_watch(struct conll_scheme_seen *w, const struct conll_tag *t,
    int chunker_result)
{
	if (chunker_result & CONLL_STARTS)
		w->chunks++;
	switch (t->letter) {
	case 'B':
		w->flags |= SEEN_B;
		break;
	case 'E':
	case 'S':
		w->flags |= SEEN_ES;
		break;
	case 'L':
	case 'U':
		w->flags |= SEEN_LU;
		break;
	case 'I':
		if (chunker_result & CONLL_STARTS)
			w->flags |= SEEN_I_START;
		break;
	default:
		if (t->prefix == CONLL_BARE)
			w->flags |= SEEN_BARE;
		break;
	}
}

const char *
conll_scheme_name(const struct conll_scheme_seen *w)
{
	if (w->chunks == 0)
		return "no entities";
	if (w->flags & SEEN_LU)
		return "BILOU";
	if (w->flags & SEEN_ES)
		return "BIOES";
	if (w->flags & SEEN_BARE)
		return "bare types";
	if (w->flags & SEEN_I_START)
		return "IOB1";
	return "IOB2";
}

int
conll_scheme_parse(const char *name, enum conll_scheme *s)
{
	static const struct {
		const char		*name;
		enum conll_scheme	 scheme;
	} names[] = {
		{ "iob2", CONLL_IOB2 }, { "bio", CONLL_IOB2 },
		{ "iob1", CONLL_IOB1 }, { "iob", CONLL_IOB1 },
		{ "bioes", CONLL_BIOES }, { "iobes", CONLL_BIOES },
		{ "bilou", CONLL_BILOU },
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i].name) == 0) {
			*s = names[i].scheme;
			return 0;
		}
	}
	return -1;
}

void
conll_tag_write(struct buf *out, enum conll_scheme scheme, const char *type,
    int first, int last, int after_same)
{
	char	 letter;

	if (type == NULL) {
		buf_addc(out, 'O');
		return;
	}
	switch (scheme) {
	case CONLL_IOB1:
		letter = first && after_same ? 'B' : 'I';
		break;
	case CONLL_BIOES:
		letter = first && last ? 'S' : first ? 'B' : last ? 'E' : 'I';
		break;
	case CONLL_BILOU:
		letter = first && last ? 'U' : first ? 'B' : last ? 'L' : 'I';
		break;
	default:
		letter = first ? 'B' : 'I';
		break;
	}
	buf_addc(out, letter);
	buf_addc(out, '-');
	buf_adds(out, type);
}
