/*
 * search.h: case- and accent-insensitive matching for the reader's
 * incremental search (SPEC §6): text is folded (canonical decomposition,
 * combining marks dropped, a few letters with strokes mapped to their
 * base, full case folding) with a map back to the original bytes, so a
 * match is reported in the article's own offsets.
 */
#ifndef MARGIN_SEARCH_H
#define MARGIN_SEARCH_H

#include <stddef.h>

/*
 * Fold s[0..len).  Returns a new string of *outlen bytes; when map is not
 * NULL, *map receives (*outlen + 1) source byte offsets: (*map)[i] is
 * where the character that produced folded byte i starts, and
 * (*map)[*outlen] is len.
 */
char	*search_fold(const char *s, size_t len, size_t *outlen, size_t **map);

/*
 * Find the folded needle (search_fold of what was typed) in s[0..len),
 * first match starting at or after byte from (forward) or the last one
 * starting before byte from (backward).  Returns 1 and the match's source
 * byte range, or 0.
 */
int	 search_find(const char *s, size_t len, const char *needle,
	    size_t nlen, size_t from, int backward, size_t *start,
	    size_t *end);

/* Every match in s[0..len), in order, not overlapping: *starts and *ends
   receive new arrays of source byte offsets; the count is returned. */
size_t	 search_find_all(const char *s, size_t len, const char *needle,
	    size_t nlen, size_t **starts, size_t **ends);

#endif
