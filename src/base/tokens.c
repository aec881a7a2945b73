/*
 * tokens.c: an article's tokens and sentences, for the CoNLL export and
 * the tagger alike (tokens.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/json.h"
#include "margin/sentence.h"
#include "margin/text.h"
#include "margin/tokens.h"
#include "margin/util.h"

static void
article_token_push(struct article_token **v, size_t *n, size_t *cap,
    size_t start, size_t end, int sentence_start)
{
	ARRAY_RESERVE(*v, *cap, *n + 1);
	(*v)[*n].start = start;
	(*v)[*n].end = end;
	(*v)[*n].sentence_start = sentence_start;
	(*n)++;
}

/* The tokens of an article that came from a CoNLL file (see the
   header); spaces: its "token_spaces", code points, ascending. */
static size_t
article_tokens_kept(const char *s, size_t len, const struct json *spaces,
    struct article_token **out)
{
	struct article_token	*v = NULL;
	size_t			 n = 0, cap = 0, i, cp, k = 0, start = 0;
	size_t			 nsp = spaces != NULL &&
				    spaces->type == JSON_ARRAY ? spaces->n : 0;
	int			 open = 0, sentence = 1, inner;

	for (i = cp = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		while (k < nsp && (!json_is_integer(&spaces->items[k]) ||
		    spaces->items[k].integer < (int64_t)cp))
			k++;
		inner = s[i] == ' ' && open && k < nsp &&
		    spaces->items[k].integer == (int64_t)cp;
		if ((s[i] == ' ' || s[i] == '\n') && !inner) {
			if (open) {
				article_token_push(&v, &n, &cap, start, i,
				    sentence);
				sentence = 0;
			}
			if (s[i] == '\n')
				sentence = 1;
			open = 0;
		} else if (!open) {
			open = 1;
			start = i;
		}
		cp++;
	}
	if (open)
		article_token_push(&v, &n, &cap, start, len, sentence);
	*out = v;
	return n;
}

/* UAX #29 tokens, each marked when it starts a sentence. */
static size_t
article_tokens_split(const char *s, size_t len, struct article_token **out)
{
	struct article_token	*v = NULL;
	struct text_token	*tt;
	struct sentence		*sent;
	size_t			 ntt, nsent, n = 0, cap = 0, i, j = 0;
	size_t			 last = SIZE_MAX;

	ntt = text_tokens(s, len, &tt);
	nsent = sentence_split(s, len, &sent);
	for (i = 0; i < ntt; i++) {
		while (j + 1 < nsent && tt[i].start >= sent[j].end)
			j++;
		article_token_push(&v, &n, &cap, tt[i].start, tt[i].end,
		    j != last);
		last = j;
	}
	free(tt);
	free(sent);
	*out = v;
	return n;
}

size_t
article_tokens(const char *text, size_t len, const char *meta,
    struct article_token **tokens)
{
	struct json		*m = NULL;
	const struct json	*conll = NULL;
	size_t			 n;

	if (meta != NULL && (m = json_parse(meta, strlen(meta), 0,
	    NULL)) != NULL)
		conll = json_get(m, "conll");
	if (conll != NULL && conll->type == JSON_OBJECT)
		n = article_tokens_kept(text, len, json_get(conll,
		    "token_spaces"), tokens);
	else
		n = article_tokens_split(text, len, tokens);
	json_free(m);
	return n;
}
