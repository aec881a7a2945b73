/*
 * sentence.h: where sentences end, for the CoNLL export (SPEC §9).
 * libunistring has no sentence breaker, and UAX #29's sentence rules
 * break after every "Mr."; this is a small rule-based splitter for news
 * text, written down here so that its output can be predicted:
 *
 * - every LF ends a sentence (paragraphs and lines are never joined);
 * - a run of . ! ? or … (with closing quotes and brackets after it) ends
 *   a sentence when white space follows and then an upper-case letter, a
 *   digit, or an opening quote or bracket;
 * - 。！？ end a sentence whatever follows (CJK puts no space after them);
 * - a "." does not end one after a title ("Mr.", "Dr.", "Gen.", ...), a
 *   single letter (an initial: "J. Smith"), a dotted abbreviation
 *   ("U.S.", "e.g.", "a.m."), or before a number after "No.", "Vol.",
 *   "p." and the months ("Jan. 6").  "the U.S. The" stays one sentence:
 *   a dotted abbreviation at the end of a sentence is not told apart.
 */
#ifndef MARGIN_SENTENCE_H
#define MARGIN_SENTENCE_H

#include <stddef.h>

/* A sentence: a byte range without white space at either end. */
struct sentence {
	size_t	start;
	size_t	end;
};

/*
 * Split canonical UTF-8 text s[0..len) into sentences in text order;
 * white space between them belongs to none, and a text of white space
 * has none.  *out receives a new array (free it); the count is returned.
 */
size_t	 sentence_split(const char *s, size_t len, struct sentence **out);

#endif
