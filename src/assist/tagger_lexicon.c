/*
 * tagger_lexicon.c: what a model of the built-in tagger knows besides its
 * weights (SPEC §11): the names of the gazetteers as hashed token
 * sequences with a bit per label, and the word clusters as hashed words
 * with their path in the tree.  The model keeps a copy in its blob, so
 * that tagging needs nothing from outside.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>

#include "margin/tagger.h"
#include "margin/util.h"
#include "tagger_private.h"

/* --- hashes and a table ------------------------------------------------ */

uint64_t
tagger_word_key(const char *s, size_t len)
{
	uint64_t	 h = fnv1a(FNV1A_BASIS, s, len);

	return h != 0 ? h : 1;
}

uint64_t
tagger_name_key_add(uint64_t h, const char *s, size_t len)
{
	/* A byte no UTF-8 has between tokens: "a b" is not "ab". */
	h = fnv1a(h, "\xff", 1);
	h = fnv1a(h, s, len);
	return h != 0 ? h : 1;
}

char *
tagger_lower(const char *s, size_t len, size_t *n)
{
	uint8_t	*low;
	char	*out;

	*n = 0;
	low = u8_tolower((const uint8_t *)s, len, NULL, NULL, NULL, n);
	if (low == NULL) {
		*n = len;
		return xstrndup(s, len);
	}
	out = xstrndup((const char *)low, *n);
	free(low);
	return out;
}

void
tagger_table_free(struct tagger_table *t)
{
	free(t->keys);
	free(t->values);
	memset(t, 0, sizeof(*t));
}

static size_t
tagger_table_slot(const struct tagger_table *t, uint64_t key)
{
	size_t	 i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (t->cap - 1);

	while (t->keys[i] != 0 && t->keys[i] != key)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static void
tagger_table_grow(struct tagger_table *t)
{
	struct tagger_table	 old = *t;
	size_t			 i, k;

	t->cap = old.cap ? 2 * old.cap : 64;
	t->keys = xcalloc(t->cap, sizeof(*t->keys));
	t->values = xcalloc(t->cap, sizeof(*t->values));
	for (i = 0; i < old.cap; i++)
		if (old.keys[i] != 0) {
			k = tagger_table_slot(t, old.keys[i]);
			t->keys[k] = old.keys[i];
			t->values[k] = old.values[i];
		}
	free(old.keys);
	free(old.values);
}

static size_t
tagger_table_insert(struct tagger_table *t, uint64_t key)
{
	size_t	 i;

	if (4 * (t->n + 1) > 3 * t->cap)
		tagger_table_grow(t);
	i = tagger_table_slot(t, key);
	if (t->keys[i] == 0) {
		t->keys[i] = key;
		t->values[i] = 0;
		t->n++;
	}
	return i;
}

void
tagger_table_or(struct tagger_table *t, uint64_t key, uint32_t v)
{
	size_t	 i = tagger_table_insert(t, key);	/* may move values */

	t->values[i] |= v;
}

void
tagger_table_set(struct tagger_table *t, uint64_t key, uint32_t v)
{
	size_t	 i = tagger_table_insert(t, key);	/* may move values */

	t->values[i] = v;
}

uint32_t
tagger_table_get(const struct tagger_table *t, uint64_t key)
{
	size_t	 i;

	if (t->n == 0)
		return 0;
	i = tagger_table_slot(t, key);
	return t->keys[i] == key ? t->values[i] : 0;
}

void
tagger_table_copy(struct tagger_table *dst, const struct tagger_table *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->cap == 0)
		return;
	dst->cap = src->cap;
	dst->n = src->n;
	dst->keys = xreallocarray(NULL, src->cap, sizeof(*dst->keys));
	dst->values = xreallocarray(NULL, src->cap, sizeof(*dst->values));
	memcpy(dst->keys, src->keys, src->cap * sizeof(*dst->keys));
	memcpy(dst->values, src->values, src->cap * sizeof(*dst->values));
}

/* --- feature groups ---------------------------------------------------- */

static const struct {
	const char	*name;
	unsigned	 bit;
} tagger_feature_names[] = {
	{ "word", TAGGER_FEATURE_WORD },
	{ "gazetteer", TAGGER_FEATURE_GAZETTEER },
	{ "clusters", TAGGER_FEATURE_CLUSTERS },
	{ "article", TAGGER_FEATURE_ARTICLE },
};
#define TAGGER_NFEATURE_NAMES \
	(sizeof(tagger_feature_names) / sizeof(tagger_feature_names[0]))

int
tagger_features_parse(const char *list, unsigned *mask, char **errp)
{
	const char	*p = list, *e;
	size_t		 i, n;

	*mask = TAGGER_FEATURE_WORD;
	while (*p != '\0') {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 3 && strncmp(p, "all", 3) == 0)
			*mask |= TAGGER_FEATURES_ALL;
		else {
			for (i = 0; i < TAGGER_NFEATURE_NAMES; i++)
				if (strlen(tagger_feature_names[i].name) == n &&
				    strncmp(p, tagger_feature_names[i].name,
				    n) == 0)
					break;
			if (i == TAGGER_NFEATURE_NAMES)
				return err_set(errp, "unknown features "
				    "\"%.*s\" (word, gazetteer, clusters, "
				    "article, all)", (int)n, p);
			*mask |= tagger_feature_names[i].bit;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

char *
tagger_features_name(unsigned mask)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < TAGGER_NFEATURE_NAMES; i++)
		if (mask & tagger_feature_names[i].bit) {
			if (b.len > 0)
				buf_addc(&b, ',');
			buf_adds(&b, tagger_feature_names[i].name);
		}
	buf_adds(&b, "");
	return buf_detach(&b);
}

/* --- the lexicon ------------------------------------------------------- */

struct tagger_lexicon *
tagger_lexicon_new(void)
{
	return xcalloc(1, sizeof(struct tagger_lexicon));
}

void
tagger_cluster_text_free(struct tagger_cluster_text *t)
{
	if (t == NULL)
		return;
	tagger_table_free(&t->ids);
	free(t->seq);
	free(t->keys);
	free(t->counts);
	free(t);
}

void
tagger_lexicon_clear(struct tagger_lexicon *lx)
{
	size_t	 i;

	tagger_table_free(&lx->names);
	tagger_table_free(&lx->clusters);
	for (i = 0; i < lx->nlabels; i++)
		free(lx->labels[i]);
	tagger_cluster_text_free(lx->text);
	memset(lx, 0, sizeof(*lx));
}

void
tagger_lexicon_free(struct tagger_lexicon *lx)
{
	if (lx == NULL)
		return;
	tagger_lexicon_clear(lx);
	free(lx);
}

static int
tagger_lexicon_label(struct tagger_lexicon *lx, const char *label,
    size_t *bit, char **errp)
{
	size_t	 i;

	for (i = 0; i < lx->nlabels; i++)
		if (strcmp(lx->labels[i], label) == 0) {
			*bit = i;
			return 0;
		}
	if (lx->nlabels == TAGGER_LEXICON_MAX_LABELS)
		return err_set(errp, "gazetteers with more than %d labels",
		    TAGGER_LEXICON_MAX_LABELS);
	lx->labels[lx->nlabels] = xstrdup(label);
	*bit = lx->nlabels++;
	return 0;
}

int
tagger_lexicon_add_name(struct tagger_lexicon *lx,
    const struct tagger_word *w, size_t n, const char *label,
    int ignore_case, char **errp)
{
	uint64_t	 h = ignore_case ? TAGGER_NAME_FOLDED :
	    TAGGER_NAME_EXACT;
	size_t		 i, bit = 0, len;
	char		*low;

	/* A name longer than membership looks for could never match. */
	if (n == 0 || n > TAGGER_NAME_MAX_TOKENS)
		return 0;
	if (tagger_lexicon_label(lx, label, &bit, errp) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (!ignore_case) {
			h = tagger_name_key_add(h, w[i].s, w[i].len);
			continue;
		}
		low = tagger_lower(w[i].s, w[i].len, &len);
		h = tagger_name_key_add(h, low, len);
		free(low);
	}
	tagger_table_or(&lx->names, h, (uint32_t)1 << bit);
	lx->nnames++;
	if (n > lx->longest)
		lx->longest = n;
	return 0;
}

size_t
tagger_lexicon_name_count(const struct tagger_lexicon *lx)
{
	return lx->nnames;
}

size_t
tagger_lexicon_cluster_count(const struct tagger_lexicon *lx)
{
	return lx->clusters.n;
}

unsigned
tagger_lexicon_cluster_of(const struct tagger_lexicon *lx, const char *s,
    size_t len, uint32_t *path)
{
	uint32_t	 v = tagger_table_get(&lx->clusters,
	    tagger_word_key(s, len));

	*path = v >> 5;
	return v & 31;
}

void
tagger_lexicon_copy(struct tagger_lexicon *dst,
    const struct tagger_lexicon *src)
{
	size_t	 i;

	memset(dst, 0, sizeof(*dst));
	if (src == NULL)
		return;
	tagger_table_copy(&dst->names, &src->names);
	tagger_table_copy(&dst->clusters, &src->clusters);
	for (i = 0; i < src->nlabels; i++)
		dst->labels[i] = xstrdup(src->labels[i]);
	dst->nlabels = src->nlabels;
	dst->nnames = src->nnames;
	dst->longest = src->longest;
	dst->depth = src->depth;
}

/* --- in the blob ------------------------------------------------------- */

void
tagger_put32(struct buf *b, uint32_t v)
{
	unsigned char	 c[4];

	c[0] = (unsigned char)v;
	c[1] = (unsigned char)(v >> 8);
	c[2] = (unsigned char)(v >> 16);
	c[3] = (unsigned char)(v >> 24);
	buf_add(b, c, 4);
}

void
tagger_put64(struct buf *b, uint64_t v)
{
	tagger_put32(b, (uint32_t)v);
	tagger_put32(b, (uint32_t)(v >> 32));
}

uint32_t
tagger_get32(struct tagger_reader *r)
{
	const unsigned char	*c;

	if (r->len - r->at < 4) {
		r->short_read = 1;
		r->at = r->len;
		return 0;
	}
	c = r->p + r->at;
	r->at += 4;
	return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 |
	    (uint32_t)c[3] << 24;
}

uint64_t
tagger_get64(struct tagger_reader *r)
{
	uint64_t	 lo = tagger_get32(r);

	return lo | (uint64_t)tagger_get32(r) << 32;
}

static int
tagger_key_order(const void *pa, const void *pb)
{
	uint64_t	 a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

/* A table's entries by key: the same entries, the same bytes, however
   the table grew. */
static void
tagger_table_save(const struct tagger_table *t, struct buf *out)
{
	uint64_t	*keys;
	size_t		 i, n = 0;

	tagger_put32(out, (uint32_t)t->n);
	keys = xreallocarray(NULL, t->n ? t->n : 1, sizeof(*keys));
	for (i = 0; i < t->cap; i++)
		if (t->keys[i] != 0)
			keys[n++] = t->keys[i];
	qsort(keys, n, sizeof(*keys), tagger_key_order);
	for (i = 0; i < n; i++) {
		tagger_put64(out, keys[i]);
		tagger_put32(out, tagger_table_get(t, keys[i]));
	}
	free(keys);
}

static int
tagger_table_read(struct tagger_reader *r, struct tagger_table *t)
{
	uint32_t	 n = tagger_get32(r), i, v;
	uint64_t	 key;

	if (r->short_read || n > (r->len - r->at) / 12)
		return -1;
	for (i = 0; i < n; i++) {
		key = tagger_get64(r);
		v = tagger_get32(r);
		if (key == 0)
			return -1;
		tagger_table_set(t, key, v);
	}
	return r->short_read ? -1 : 0;
}

/*
 * The label count and each label (length, bytes), the names' count,
 * longest and table, the clusters' depth and table.
 */
void
tagger_lexicon_save(const struct tagger_lexicon *lx, struct buf *out)
{
	size_t	 i;

	tagger_put32(out, (uint32_t)lx->nlabels);
	for (i = 0; i < lx->nlabels; i++) {
		tagger_put32(out, (uint32_t)strlen(lx->labels[i]));
		buf_adds(out, lx->labels[i]);
	}
	tagger_put32(out, (uint32_t)lx->nnames);
	tagger_put32(out, (uint32_t)lx->longest);
	tagger_table_save(&lx->names, out);
	tagger_put32(out, lx->depth);
	tagger_table_save(&lx->clusters, out);
}

int
tagger_lexicon_read(struct tagger_reader *r, struct tagger_lexicon *lx)
{
	uint32_t	 n, i, len;

	memset(lx, 0, sizeof(*lx));
	n = tagger_get32(r);
	if (r->short_read || n > TAGGER_LEXICON_MAX_LABELS)
		return -1;
	for (i = 0; i < n; i++) {
		len = tagger_get32(r);
		if (r->short_read || len > r->len - r->at)
			return -1;
		lx->labels[i] = xstrndup((const char *)r->p + r->at, len);
		lx->nlabels++;
		r->at += len;
	}
	lx->nnames = tagger_get32(r);
	lx->longest = tagger_get32(r);
	if (lx->longest > TAGGER_NAME_MAX_TOKENS ||
	    tagger_table_read(r, &lx->names) == -1)
		return -1;
	lx->depth = tagger_get32(r);
	if (lx->depth > 24 || tagger_table_read(r, &lx->clusters) == -1)
		return -1;
	return 0;
}
