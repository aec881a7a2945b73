/*
 * word_edge.h: is there a UAX #29 word boundary at one byte of a text?
 * The same answer as text_word_breaks() over the whole text, at the cost
 * of the few bytes around the place asked about, for a matcher that asks
 * only where a name was found (aho.c).
 */
#ifndef MARGIN_WORD_EDGE_H
#define MARGIN_WORD_EDGE_H

#include <stddef.h>

/* One text (valid UTF-8, as canonical text is), and the breaks of the
   last window computed around a non-ASCII character. */
struct word_edge {
	const unsigned char	*s;
	size_t			 len;
	size_t			 from, to;	/* breaks[i] is at from + i */
	char			*breaks;
	size_t			 cap;
};

void	 word_edge_init(struct word_edge *e, const char *s, size_t len);
/*
 * 1 when a word boundary lies at byte p, between the code points before
 * and after it; 0 when not, and inside a code point.  The start and the
 * end of the text are boundaries.
 */
int	 word_edge_at(struct word_edge *e, size_t p);
void	 word_edge_free(struct word_edge *e);

#endif
