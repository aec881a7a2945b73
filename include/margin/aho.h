/*
 * aho.h: an Aho-Corasick matcher over UTF-8 names (SPEC §11, gazetteers):
 * many names found in one pass over a text, token-aligned (a match starts
 * and ends on a UAX #29 word boundary of the text), leftmost-longest and
 * non-overlapping, optionally ignoring case (full case folding).  No
 * curses, no SQLite: the store gives the names, assist/gazetteer.c the
 * suggestions.
 */
#ifndef MARGIN_AHO_H
#define MARGIN_AHO_H

#include <stddef.h>
#include <stdint.h>

struct aho;

/* One match: code points and bytes of the text searched, end exclusive,
   and the key aho_add() gave the name. */
struct aho_match {
	size_t		 start;
	size_t		 end;
	size_t		 start_byte;
	size_t		 end_byte;
	uint32_t	 key;
};

/*
 * A new matcher; with ignore_case, names and text are compared after
 * full case folding (libunistring's u8_casefold, no language), so that
 * "Straße" finds "STRASSE" and "İstanbul" finds "i̇stanbul"; no other
 * normalisation ("é" and "e" + U+0301 stay different).
 */
struct aho	*aho_new(int ignore_case);
/*
 * Add a name (valid UTF-8, len bytes), before aho_build().  Returns its
 * key: keys are 0, 1, 2, ... in the order names are first seen, and a
 * name seen again (or, ignoring case, one that folds the same) gets the
 * key it had.  An empty name (or one that folds to nothing) is not added:
 * UINT32_MAX.
 */
uint32_t	 aho_add(struct aho *a, const char *name, size_t len);
/* The number of keys given so far. */
size_t		 aho_keys(const struct aho *a);
/* Make the matcher ready to search; no name can be added after. */
void		 aho_build(struct aho *a);
/*
 * The matches in text (canonical UTF-8, len bytes): among the token-
 * aligned occurrences of the names, the leftmost, and of those starting
 * there the longest; then the same from its end on.  *v receives a new
 * array in text order (NULL when there is none).
 */
size_t		 aho_search(const struct aho *a, const char *text, size_t len,
		    struct aho_match **v);
/* Memory the built matcher holds, in bytes (for measurements). */
size_t		 aho_memory(const struct aho *a);
void		 aho_free(struct aho *a);

#endif
