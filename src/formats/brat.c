/*
 * brat.c: brat's .ann lines (brat.h).  Every number is checked, since a
 * hand-edited .ann file is the usual input.
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
	size_t	 i, run;

	for (i = 0; i < len; i = run + 1) {
		for (run = i; run < len && s[run] != '\t' && s[run] != '\n' &&
		    s[run] != '\r'; run++)
			;
		buf_add(out, s + i, run - i);
		if (run < len)
			buf_addc(out, ' ');
	}
}
