/*
 * brat.c: brat's .ann lines (brat.h), and margin's knowledge-base ids as
 * brat's references.  Every number is checked, since a hand-edited .ann
 * file is the usual input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/brat.h"
#include "margin/util.h"

void
brat_line_free(struct brat_line *l)
{
	free(l->fragments);
	memset(l, 0, sizeof(*l));
}

/* A non-negative decimal number at s[*i], that fits an int64_t. */
static int
brat_number(const char *s, size_t len, size_t *i, int64_t *v)
{
	size_t	 start = *i;

	*v = 0;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		if (*v > (INT64_MAX - 9) / 10)
			return -1;
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return *i > start ? 0 : -1;
}

/* "TYPE START END[;START END]..." of a T line. */
static int
brat_textbound(const char *s, size_t len, struct brat_line *l, char **errp)
{
	size_t	 i = 0, cap = 0;
	int64_t	 a, b;

	while (i < len && s[i] != ' ')
		i++;
	l->type = s;
	l->type_len = i;
	if (i == 0 || i == len)
		return err_set(errp, "a T line needs \"TYPE START END\"");
	for (;;) {
		i++;	/* the space, or the ';' */
		if (brat_number(s, len, &i, &a) == -1 || i >= len ||
		    s[i] != ' ')
			return err_set(errp, "offsets must be \"START END\" "
			    "pairs of whole numbers, separated by ';'");
		i++;
		if (brat_number(s, len, &i, &b) == -1 ||
		    (i < len && s[i] != ';'))
			return err_set(errp, "offsets must be \"START END\" "
			    "pairs of whole numbers, separated by ';'");
		if (b < a)
			return err_set(errp, "a fragment ends (%lld) before it "
			    "starts (%lld)", (long long)b, (long long)a);
		ARRAY_RESERVE(l->fragments, cap, l->nfragments + 1);
		l->fragments[l->nfragments].start = a;
		l->fragments[l->nfragments].end = b;
		l->nfragments++;
		if (i == len)
			return 0;
	}
}

/* "A1<TAB>NAME TARGET[ VALUE]": the value may hold spaces, as brat's
   own reader takes the rest of the line. */
static enum brat_line_kind
brat_attribute(const char *line, size_t len, struct brat_line *l,
    char **errp)
{
	const char	*tab, *mid, *end = line + len, *sp;

	if ((tab = memchr(line, '\t', len)) == NULL) {
		err_set(errp, "no TAB after the annotation's id");
		return BRAT_LINE_BAD;
	}
	l->id = line;
	l->id_len = (size_t)(tab - line);
	mid = tab + 1;
	if ((sp = memchr(mid, ' ', (size_t)(end - mid))) == NULL ||
	    sp == mid) {
		err_set(errp, "an A line needs \"NAME TARGET [VALUE]\"");
		return BRAT_LINE_BAD;
	}
	l->type = mid;
	l->type_len = (size_t)(sp - mid);
	l->ref = sp + 1;
	if ((sp = memchr(l->ref, ' ', (size_t)(end - l->ref))) == NULL)
		sp = end;
	l->ref_len = (size_t)(sp - l->ref);
	if (l->ref_len == 0) {
		err_set(errp, "an A line needs \"NAME TARGET [VALUE]\"");
		return BRAT_LINE_BAD;
	}
	l->text = sp < end ? sp + 1 : end;
	l->text_len = (size_t)(end - l->text);
	return BRAT_LINE_ATTRIBUTE;
}

/* The next space-separated word of s..end, at *p; 0 when there is none. */
static int
brat_word(const char **p, const char *end, const char **w, size_t *n)
{
	const char	*sp;

	if (*p >= end || **p == ' ')
		return 0;
	if ((sp = memchr(*p, ' ', (size_t)(end - *p))) == NULL)
		sp = end;
	*w = *p;
	*n = (size_t)(sp - *p);
	*p = sp < end ? sp + 1 : end;
	return 1;
}

/* "ROLE:ID" with the role given: the ID. */
static int
brat_argument(const char *w, size_t n, const char *role, const char **id,
    size_t *id_len)
{
	size_t	 r = strlen(role);

	if (n <= r + 1 || memcmp(w, role, r) != 0 || w[r] != ':')
		return 0;
	*id = w + r + 1;
	*id_len = n - r - 1;
	return 1;
}

/* "R1<TAB>TYPE Arg1:T1 Arg2:T2": brat's binary relation. */
static enum brat_line_kind
brat_relation(const char *line, size_t len, struct brat_line *l,
    char **errp)
{
	const char	*tab, *p, *end = line + len, *w;
	size_t		 n;

	if ((tab = memchr(line, '\t', len)) == NULL) {
		err_set(errp, "no TAB after the annotation's id");
		return BRAT_LINE_BAD;
	}
	l->id = line;
	l->id_len = (size_t)(tab - line);
	p = tab + 1;
	/* A second TAB would start a comment; nothing of it is kept. */
	if ((w = memchr(p, '\t', (size_t)(end - p))) != NULL)
		end = w;
	while (end > p && end[-1] == ' ')
		end--;
	if (!brat_word(&p, end, &l->type, &l->type_len) ||
	    !brat_word(&p, end, &w, &n) ||
	    !brat_argument(w, n, "Arg1", &l->ref, &l->ref_len) ||
	    !brat_word(&p, end, &w, &n) ||
	    !brat_argument(w, n, "Arg2", &l->ref2, &l->ref2_len) ||
	    p != end) {
		err_set(errp, "an R line needs \"TYPE Arg1:ID Arg2:ID\"");
		return BRAT_LINE_BAD;
	}
	return BRAT_LINE_RELATION;
}

/* "N1<TAB>Reference T1 RID:ID<TAB>TEXT": brat's normalisation, read as
   brat reads it (RID up to the first ':'). */
static enum brat_line_kind
brat_normalization(const char *line, size_t len, struct brat_line *l,
    char **errp)
{
	const char	*tab, *p, *end = line + len, *w, *colon;
	size_t		 n;

	if ((tab = memchr(line, '\t', len)) == NULL) {
		err_set(errp, "no TAB after the annotation's id");
		return BRAT_LINE_BAD;
	}
	l->id = line;
	l->id_len = (size_t)(tab - line);
	p = tab + 1;
	if ((w = memchr(p, '\t', (size_t)(end - p))) != NULL) {
		l->text = w + 1;
		l->text_len = (size_t)(end - l->text);
		end = w;
	} else
		l->text = end;
	if (!brat_word(&p, end, &l->type, &l->type_len) ||
	    !brat_word(&p, end, &l->ref, &l->ref_len) ||
	    !brat_word(&p, end, &w, &n) || p != end ||
	    (colon = memchr(w, ':', n)) == NULL || colon == w ||
	    colon == w + n - 1) {
		err_set(errp, "an N line needs \"TYPE TARGET RID:ID\"");
		return BRAT_LINE_BAD;
	}
	l->db = w;
	l->db_len = (size_t)(colon - w);
	l->db_id = colon + 1;
	l->db_id_len = (size_t)(w + n - l->db_id);
	return BRAT_LINE_NORMALIZATION;
}

enum brat_line_kind
brat_line_parse(const char *line, size_t len, struct brat_line *l,
    char **errp)
{
	const char	*tab1, *tab2, *mid, *sp;
	size_t		 i, mid_len;

	memset(l, 0, sizeof(*l));
	if (len > 0 && line[len - 1] == '\r')
		len--;
	for (i = 0; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			break;
	if (i == len)
		return BRAT_LINE_BLANK;
	l->letter = line[0];
	if (strchr("TRAMNE*#", line[0]) == NULL) {
		err_set(errp, "not a brat annotation line (T, R, E, A, M, N, "
		    "* or #)");
		return BRAT_LINE_BAD;
	}
	if (line[0] == 'A')
		return brat_attribute(line, len, l, errp);
	if (line[0] == 'R')
		return brat_relation(line, len, l, errp);
	if (line[0] == 'N')
		return brat_normalization(line, len, l, errp);
	if (line[0] != 'T' && line[0] != '#')
		return BRAT_LINE_OTHER;
	if ((tab1 = memchr(line, '\t', len)) == NULL) {
		err_set(errp, "no TAB after the annotation's id");
		return BRAT_LINE_BAD;
	}
	l->id = line;
	l->id_len = (size_t)(tab1 - line);
	mid = tab1 + 1;
	tab2 = memchr(mid, '\t', (size_t)(line + len - mid));
	mid_len = tab2 != NULL ? (size_t)(tab2 - mid) : (size_t)(line + len -
	    mid);
	if (tab2 != NULL) {
		l->text = tab2 + 1;
		l->text_len = (size_t)(line + len - l->text);
	} else
		l->text = line + len;
	if (line[0] == 'T') {
		if (brat_textbound(mid, mid_len, l, errp) == -1) {
			brat_line_free(l);
			return BRAT_LINE_BAD;
		}
		return BRAT_LINE_TEXTBOUND;
	}
	/* "#1<TAB>AnnotatorNotes T1<TAB>note" */
	if ((sp = memchr(mid, ' ', mid_len)) == NULL) {
		err_set(errp, "a # line needs \"AnnotatorNotes ID\"");
		return BRAT_LINE_BAD;
	}
	l->type = mid;
	l->type_len = (size_t)(sp - mid);
	l->ref = sp + 1;
	l->ref_len = (size_t)(mid + mid_len - l->ref);
	return BRAT_LINE_NOTE;
}

void
brat_write_field(struct buf *out, const char *s, size_t len)
{
	size_t	 i, n;

	for (i = 0; i < len; i += n) {
		if ((n = brat_line_break(s + i, len - i)) > 0 || s[i] == '\t') {
			buf_addc(out, ' ');
			n = n > 0 ? n : 1;
		} else {
			buf_addc(out, s[i]);
			n = 1;
		}
	}
}

size_t
brat_line_break(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == '\n' || s[0] == '\r'))
		return 1;
	if (len >= 3 && memcmp(s, "\xe2\x80", 2) == 0 &&
	    ((unsigned char)s[2] == 0xa8 || (unsigned char)s[2] == 0xa9))
		return 3;
	return 0;
}

#define BRAT_NL_SYMBOL	"\xe2\x90\xa4"	/* U+2424 */
#define BRAT_TAB_SYMBOL	"\xe2\x90\x89"	/* U+2409 */

void
brat_write_note(struct buf *out, const char *s, size_t len)
{
	size_t	 i, n;

	for (i = 0; i < len; i += n) {
		if ((n = brat_line_break(s + i, len - i)) > 0) {
			/* CRLF is one line end. */
			if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
				n = 2;
			buf_adds(out, BRAT_NL_SYMBOL);
		} else if (s[i] == '\t') {
			buf_adds(out, BRAT_TAB_SYMBOL);
			n = 1;
		} else {
			buf_addc(out, s[i]);
			n = 1;
		}
	}
}

void
brat_read_note(struct buf *out, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (len - i >= 3 && memcmp(s + i, BRAT_NL_SYMBOL, 3) == 0) {
			buf_addc(out, '\n');
			i += 2;
		} else if (len - i >= 3 &&
		    memcmp(s + i, BRAT_TAB_SYMBOL, 3) == 0) {
			buf_addc(out, '\t');
			i += 2;
		} else
			buf_addc(out, s[i]);
	}
}

/* --- Knowledge-base ids as references (brat.h) -------------------------- */

#define BRAT_WIKIDATA	"Wikidata"
#define BRAT_MARGIN	"margin"
#define BRAT_MARGIN_KB	"margin-kb"

/* "Q" and digits: a Wikidata item. */
static int
brat_is_wikidata(const char *s, size_t len)
{
	size_t	 i;

	if (len < 2 || s[0] != 'Q')
		return 0;
	for (i = 1; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
brat_is_named(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(s, name, len) == 0;
}

/* Whether kb_id can stand as a reference of its own: RID:ID, printable
   ASCII, no space, and no RID that brat_reference_read() takes for one
   of margin's. */
static int
brat_reference_plain(const char *kb)
{
	const char	*colon = strchr(kb, ':');
	size_t		 i, len = strlen(kb), rid;

	if (colon == NULL || colon == kb || colon[1] == '\0')
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)kb[i] <= ' ' || (unsigned char)kb[i] >= 0x7f)
			return 0;
	rid = (size_t)(colon - kb);
	if (brat_is_named(kb, rid, BRAT_MARGIN) ||
	    brat_is_named(kb, rid, BRAT_MARGIN_KB))
		return 0;
	if (brat_is_named(kb, rid, BRAT_WIKIDATA) &&
	    brat_is_wikidata(colon + 1, len - rid - 1))
		return 0;
	return 1;
}

void
brat_reference_write(struct buf *out, const char *kb, int64_t entity_id)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i, len = strlen(kb);
	unsigned char		 c;

	if (len == 0) {
		buf_printf(out, BRAT_MARGIN ":%lld", (long long)entity_id);
		return;
	}
	if (brat_is_wikidata(kb, len)) {
		buf_adds(out, BRAT_WIKIDATA ":");
		buf_adds(out, kb);
		return;
	}
	if (brat_reference_plain(kb)) {
		buf_adds(out, kb);
		return;
	}
	buf_adds(out, BRAT_MARGIN_KB ":");
	for (i = 0; i < len; i++) {
		c = (unsigned char)kb[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("._~-/", c) != NULL)
			buf_addc(out, (char)c);
		else {
			buf_addc(out, '%');
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 15]);
		}
	}
}

static int
brat_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
brat_reference_read(struct buf *kb, const char *db, size_t db_len,
    const char *id, size_t id_len)
{
	size_t	 i;
	int	 hi, lo;

	if (brat_is_named(db, db_len, BRAT_MARGIN))
		return 1;
	if (brat_is_named(db, db_len, BRAT_WIKIDATA) &&
	    brat_is_wikidata(id, id_len)) {
		buf_add(kb, id, id_len);
		return 0;
	}
	if (!brat_is_named(db, db_len, BRAT_MARGIN_KB)) {
		buf_add(kb, db, db_len);
		buf_addc(kb, ':');
		buf_add(kb, id, id_len);
		return 0;
	}
	/* A '%' that starts no escape is itself. */
	for (i = 0; i < id_len; i++) {
		if (id[i] == '%' && i + 2 < id_len &&
		    (hi = brat_hex(id[i + 1])) >= 0 &&
		    (lo = brat_hex(id[i + 2])) >= 0) {
			buf_addc(kb, (char)(hi << 4 | lo));
			i += 2;
		} else
			buf_addc(kb, id[i]);
	}
	return 0;
}
