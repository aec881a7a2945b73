/*
 * tokens.h: an article's tokens and sentences as margin's CoNLL export
 * writes them and its tagger learns and reads them, so that the two cut
 * the same text the same way.
 */
#ifndef MARGIN_TOKENS_H
#define MARGIN_TOKENS_H

#include <stddef.h>

struct article_token {
	size_t	 start, end;		/* bytes of the text */
	int	 sentence_start;
};

/*
 * The tokens of text (len bytes) with its metadata meta (JSON, or NULL):
 * an article imported from CoNLL (meta's "conll" object) keeps the tokens
 * of its file (the text split at spaces and line ends, but for the spaces
 * "token_spaces" lists as inside tokens, code points ascending; a line is
 * a sentence); any other is cut into UAX #29 tokens (§4) within the
 * sentences of sentence_split().  *v is a new array.
 */
size_t	 article_tokens(const char *text, size_t len, const char *meta,
	    struct article_token **v);

#endif
