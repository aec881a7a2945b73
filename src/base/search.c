/*
 * search.c: folding for accent- and case-insensitive search (search.h).
 * Folding works code point by code point so that every folded byte knows
 * the source character it came from.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "margin/search.h"
#include "margin/util.h"

/* Letters whose "accent" is part of the letter in Unicode (no
   decomposition), folded to the base letter a reader would type. */
static const struct {
	uint32_t	from;
	uint32_t	to;
} search_strokes[] = {
	{ 0x00d8, 'o' }, { 0x00f8, 'o' },	/* Ø ø */
	{ 0x0110, 'd' }, { 0x0111, 'd' },	/* Đ đ */
	{ 0x0126, 'h' }, { 0x0127, 'h' },	/* Ħ ħ */
	{ 0x0131, 'i' },			/* ı */
	{ 0x0141, 'l' }, { 0x0142, 'l' },	/* Ł ł */
	{ 0x0166, 't' }, { 0x0167, 't' },	/* Ŧ ŧ */
	{ 0x00d0, 'd' }, { 0x00f0, 'd' },	/* Ð ð */
	{ 0x00de, 't' }, { 0x00fe, 't' },	/* Þ þ: "th" would also do */
};

static uint32_t
search_base(uint32_t c)
{
	uint32_t	 dec[UC_DECOMPOSITION_MAX_LENGTH];
	size_t		 i;
	int		 n;

	for (i = 0; i < sizeof(search_strokes) / sizeof(search_strokes[0]);
	    i++)
		if (search_strokes[i].from == c)
			return search_strokes[i].to;
	/* The first character of the full canonical decomposition. */
	while ((n = uc_canonical_decomposition(c, dec)) > 0)
		c = dec[0];
	return c;
}

/* Append the folded form of c to out. */
static void
search_fold_char(uint32_t c, struct buf *out)
{
	uint32_t	 buf32[8], *folded;
	uint8_t		 u8[8];
	size_t		 n = sizeof(buf32) / sizeof(buf32[0]), i;
	int		 k;

	if (c < 0x80) {
		buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		return;
	}
	if (uc_is_general_category(c, UC_CATEGORY_M))
		return;
	c = search_base(c);
	folded = u32_casefold(&c, 1, NULL, NULL, buf32, &n);
	if (folded == NULL) {
		/* Out of memory in libunistring: keep the character. */
		buf32[0] = c;
		folded = buf32;
		n = 1;
	}
	for (i = 0; i < n; i++)
		if ((k = u8_uctomb(u8, folded[i], sizeof(u8))) > 0)
			buf_add(out, u8, (size_t)k);
	if (folded != buf32)
		free(folded);
}

char *
search_fold(const char *s, size_t len, size_t *outlen, size_t **map)
{
	const uint8_t	*p = (const uint8_t *)s;
	struct buf	 out = BUF_INIT;
	size_t		*m = NULL, mcap = 0, pos = 0, before, i;
	ucs4_t		 c;
	int		 k;

	buf_reserve(&out, len);
	while (pos < len) {
		k = u8_mbtouc(&c, p + pos, len - pos);
		if (k < 1)
			k = 1;
		before = out.len;
		search_fold_char(c, &out);
		if (map != NULL) {
			ARRAY_RESERVE(m, mcap, out.len + 1);
			for (i = before; i < out.len; i++)
				m[i] = pos;
		}
		pos += (size_t)k;
	}
	if (map != NULL) {
		ARRAY_RESERVE(m, mcap, out.len + 1);
		m[out.len] = len;
		*map = m;
	}
	*outlen = out.len;
	return buf_detach(&out);
}

int
search_find(const char *s, size_t len, const char *needle, size_t nlen,
    size_t from, int backward, size_t *start, size_t *end)
{
	char	*hay;
	size_t	*map, hlen, i, found = SIZE_MAX;
	int	 ok = 0;

	if (nlen == 0)
		return 0;
	hay = search_fold(s, len, &hlen, &map);
	for (i = 0; i + nlen <= hlen; i++) {
		if (memcmp(hay + i, needle, nlen) != 0)
			continue;
		/* A match must start on a character of its own. */
		if (i > 0 && map[i - 1] == map[i])
			continue;
		if (!backward) {
			if (map[i] >= from) {
				found = i;
				break;
			}
		} else if (map[i] < from)
			found = i;
		else
			break;
	}
	if (found != SIZE_MAX) {
		size_t	 last = found + nlen;

		*start = map[found];
		/* The end is after the source character of the last byte. */
		while (last < hlen && map[last] == map[last - 1])
			last++;
		*end = map[last];
		ok = 1;
	}
	free(hay);
	free(map);
	return ok;
}

size_t
search_find_all(const char *s, size_t len, const char *needle, size_t nlen,
    size_t **starts, size_t **ends)
{
	char	*hay;
	size_t	*map, hlen, i, n = 0, last, scap = 0, ecap = 0;

	*starts = *ends = NULL;
	if (nlen == 0)
		return 0;
	hay = search_fold(s, len, &hlen, &map);
	for (i = 0; i + nlen <= hlen; i++) {
		if (memcmp(hay + i, needle, nlen) != 0 ||
		    (i > 0 && map[i - 1] == map[i]))
			continue;
		last = i + nlen;
		while (last < hlen && map[last] == map[last - 1])
			last++;
		ARRAY_RESERVE(*starts, scap, n + 1);
		ARRAY_RESERVE(*ends, ecap, n + 1);
		(*starts)[n] = map[i];
		(*ends)[n] = map[last];
		n++;
		i = last - 1;
	}
	free(hay);
	free(map);
	return n;
}
