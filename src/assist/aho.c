/*
 * aho.c: the Aho-Corasick matcher of gazetteers (aho.h).  The trie is
 * grown with first-child/next-sibling lists (the root's children in a
 * table of 256), then frozen into compact arrays: each node's edges sorted
 * by byte in one shared array (found by binary search), its failure link,
 * and its dictionary link (the nearest node on the failure chain where a
 * name ends).  Memory and build time are linear in the total length of
 * the names: about 30 bytes a trie node at the peak of the build, 25
 * after it, whatever the alphabet.
 *
 * A search runs the automaton once over the text (folded first when case
 * is ignored, with a map back to the text's own bytes), keeps the
 * occurrences that start and end on word boundaries of the text, and
 * chooses among them leftmost-longest and without overlaps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unistr.h>

#include "margin/aho.h"
#include "margin/text.h"
#include "margin/util.h"

#define AHO_NONE	UINT32_MAX
#define AHO_ROOT	0

struct aho {
	int		 ignore_case;
	int		 built;
	size_t		 nnodes, cap;
	size_t		 nkeys;
	uint32_t	*key;		/* per node: the name ending here */
	uint32_t	*depth;		/* per node: bytes from the root */
	uint32_t	 root_next[256];	/* 0: no edge */
	/* While names are added. */
	uint32_t	*child;		/* per node: first child, 0 none */
	uint32_t	*sibling;	/* per node: next sibling, 0 none */
	uint8_t		*byte;		/* per node: the byte leading in */
	/* Once built. */
	uint32_t	*edge_start;	/* per node + 1: its edges */
	uint8_t		*edge_byte;	/* sorted within a node */
	uint32_t	*edge_to;
	uint32_t	*fail;
	uint32_t	*dict;		/* 0: no name on the failure chain */
};

struct aho *
aho_new(int ignore_case)
{
	struct aho	*a;

	a = xcalloc(1, sizeof(*a));
	a->ignore_case = ignore_case;
	a->cap = 64;
	a->key = xreallocarray(NULL, a->cap, sizeof(*a->key));
	a->depth = xreallocarray(NULL, a->cap, sizeof(*a->depth));
	a->child = xreallocarray(NULL, a->cap, sizeof(*a->child));
	a->sibling = xreallocarray(NULL, a->cap, sizeof(*a->sibling));
	a->byte = xreallocarray(NULL, a->cap, sizeof(*a->byte));
	a->nnodes = 1;
	a->key[0] = AHO_NONE;
	a->depth[0] = 0;
	a->child[0] = a->sibling[0] = 0;
	a->byte[0] = 0;
	return a;
}

/* Fold one code point at s (n bytes) into b; ASCII without a call. */
static void
aho_fold_cp(const uint8_t *s, size_t n, struct buf *b)
{
	uint8_t		 small[32], *r;
	size_t		 rlen = sizeof(small);

	if (n == 1 && s[0] < 0x80) {
		buf_addc(b, (char)(s[0] >= 'A' && s[0] <= 'Z' ?
		    s[0] - 'A' + 'a' : s[0]));
		return;
	}
	r = u8_casefold(s, n, NULL, NULL, small, &rlen);
	if (r == NULL) {
		buf_add(b, s, n);	/* no memory: as it is */
		return;
	}
	buf_add(b, r, rlen);
	if (r != small)
		free(r);
}

/* The length of the code point at s (at most n bytes; 1 for a bad one). */
static size_t
aho_cp_len(const uint8_t *s, size_t n)
{
	ucs4_t	 uc;
	int	 l;

	l = u8_mbtouc(&uc, s, n);
	return l > 0 ? (size_t)l : 1;
}

static uint32_t
aho_new_node(struct aho *a, uint32_t parent, uint8_t c)
{
	uint32_t	 v;

	if (a->nnodes == a->cap) {
		a->cap *= 2;
		a->key = xreallocarray(a->key, a->cap, sizeof(*a->key));
		a->depth = xreallocarray(a->depth, a->cap, sizeof(*a->depth));
		a->child = xreallocarray(a->child, a->cap, sizeof(*a->child));
		a->sibling = xreallocarray(a->sibling, a->cap,
		    sizeof(*a->sibling));
		a->byte = xreallocarray(a->byte, a->cap, sizeof(*a->byte));
	}
	v = (uint32_t)a->nnodes++;
	a->key[v] = AHO_NONE;
	a->depth[v] = a->depth[parent] + 1;
	a->child[v] = 0;
	a->byte[v] = c;
	if (parent == AHO_ROOT) {
		a->sibling[v] = 0;
		a->root_next[c] = v;
	} else {
		a->sibling[v] = a->child[parent];
		a->child[parent] = v;
	}
	return v;
}

/* The child of u along c while names are added, or 0. */
static uint32_t
aho_trie_next(const struct aho *a, uint32_t u, uint8_t c)
{
	uint32_t	 v;

	if (u == AHO_ROOT)
		return a->root_next[c];
	for (v = a->child[u]; v != 0; v = a->sibling[v])
		if (a->byte[v] == c)
			return v;
	return 0;
}

uint32_t
aho_add(struct aho *a, const char *name, size_t len)
{
	struct buf	 folded = BUF_INIT;
	const uint8_t	*p = (const uint8_t *)name;
	size_t		 i, l;
	uint32_t	 u = AHO_ROOT, v;

	if (a->built || len == 0)
		return AHO_NONE;
	if (a->ignore_case) {
		for (i = 0; i < len; i += l) {
			l = aho_cp_len(p + i, len - i);
			aho_fold_cp(p + i, l, &folded);
		}
		p = (const uint8_t *)folded.data;
		len = folded.len;
	}
	for (i = 0; i < len; i++) {
		if ((v = aho_trie_next(a, u, p[i])) == 0)
			v = aho_new_node(a, u, p[i]);
		u = v;
	}
	buf_free(&folded);
	if (u == AHO_ROOT)
		return AHO_NONE;
	if (a->key[u] == AHO_NONE)
		a->key[u] = (uint32_t)a->nkeys++;
	return a->key[u];
}

size_t
aho_keys(const struct aho *a)
{
	return a->nkeys;
}

/* The child of u along c in the built matcher, or AHO_NONE. */
static uint32_t
aho_goto(const struct aho *a, uint32_t u, uint8_t c)
{
	uint32_t	 lo, hi, mid;

	if (u == AHO_ROOT)
		return a->root_next[c] != 0 ? a->root_next[c] : AHO_NONE;
	lo = a->edge_start[u];
	hi = a->edge_start[u + 1];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a->edge_byte[mid] < c)
			lo = mid + 1;
		else if (a->edge_byte[mid] > c)
			hi = mid;
		else
			return a->edge_to[mid];
	}
	return AHO_NONE;
}

/* The sibling lists become sorted runs of edges, node after node. */
static void
aho_freeze_edges(struct aho *a)
{
	uint32_t	 u, v, at = 0, k, j, t;
	uint8_t		 tb;

	a->edge_start = xreallocarray(NULL, a->nnodes + 1,
	    sizeof(*a->edge_start));
	a->edge_byte = xmalloc(a->nnodes);
	a->edge_to = xreallocarray(NULL, a->nnodes, sizeof(*a->edge_to));
	for (u = 0; u < a->nnodes; u++) {
		a->edge_start[u] = at;
		if (u == AHO_ROOT) {
			for (k = 0; k < 256; k++)
				if (a->root_next[k] != 0) {
					a->edge_byte[at] = (uint8_t)k;
					a->edge_to[at++] = a->root_next[k];
				}
			continue;
		}
		for (v = a->child[u]; v != 0; v = a->sibling[v]) {
			a->edge_byte[at] = a->byte[v];
			a->edge_to[at++] = v;
		}
		/* Insertion sort: a node has at most 256 edges, mostly a
		   few. */
		for (k = a->edge_start[u] + 1; k < at; k++) {
			tb = a->edge_byte[k];
			t = a->edge_to[k];
			for (j = k; j > a->edge_start[u] &&
			    a->edge_byte[j - 1] > tb; j--) {
				a->edge_byte[j] = a->edge_byte[j - 1];
				a->edge_to[j] = a->edge_to[j - 1];
			}
			a->edge_byte[j] = tb;
			a->edge_to[j] = t;
		}
	}
	a->edge_start[a->nnodes] = at;
	free(a->child);
	free(a->sibling);
	free(a->byte);
	a->child = a->sibling = NULL;
	a->byte = NULL;
}

/* Failure and dictionary links, breadth first. */
static void
aho_links(struct aho *a)
{
	uint32_t	*queue, head = 0, tail = 0, u, v, f, t, e;

	a->fail = xcalloc(a->nnodes, sizeof(*a->fail));
	a->dict = xcalloc(a->nnodes, sizeof(*a->dict));
	queue = xreallocarray(NULL, a->nnodes, sizeof(*queue));
	queue[tail++] = AHO_ROOT;
	while (head < tail) {
		u = queue[head++];
		for (e = a->edge_start[u]; e < a->edge_start[u + 1]; e++) {
			v = a->edge_to[e];
			queue[tail++] = v;
			if (u == AHO_ROOT) {
				a->fail[v] = AHO_ROOT;
				continue;
			}
			for (f = a->fail[u];; f = a->fail[f]) {
				if ((t = aho_goto(a, f, a->edge_byte[e])) !=
				    AHO_NONE) {
					a->fail[v] = t;
					break;
				}
				if (f == AHO_ROOT) {
					a->fail[v] = AHO_ROOT;
					break;
				}
			}
			f = a->fail[v];
			a->dict[v] = a->key[f] != AHO_NONE ? f : a->dict[f];
		}
	}
	free(queue);
}

void
aho_build(struct aho *a)
{
	if (a->built)
		return;
	aho_freeze_edges(a);
	aho_links(a);
	a->built = 1;
}

size_t
aho_memory(const struct aho *a)
{
	return a->nnodes * (4 * sizeof(uint32_t) + 1 + sizeof(uint32_t)) +
	    sizeof(uint32_t) + sizeof(*a);
}

void
aho_free(struct aho *a)
{
	if (a == NULL)
		return;
	free(a->key);
	free(a->depth);
	free(a->child);
	free(a->sibling);
	free(a->byte);
	free(a->edge_start);
	free(a->edge_byte);
	free(a->edge_to);
	free(a->fail);
	free(a->dict);
	free(a);
}

/*
 * The text as the automaton reads it: folded when case is ignored, with
 * orig[i] the byte of the text where the code point whose folding begins
 * at folded byte i starts (SIZE_MAX inside a folding: ß is "ss", and no
 * match may start or end between its two s), orig[flen] = len.
 */
struct aho_text {
	const uint8_t	*s;
	size_t		 len;
	size_t		*orig;		/* NULL: the text itself */
	struct buf	 folded;
};

static void
aho_text_init(struct aho_text *t, const struct aho *a, const char *text,
    size_t len)
{
	const uint8_t	*p = (const uint8_t *)text;
	size_t		 i, l, k, cap = 0, from;

	memset(t, 0, sizeof(*t));
	buf_init(&t->folded);
	if (!a->ignore_case) {
		t->s = p;
		t->len = len;
		return;
	}
	ARRAY_RESERVE(t->orig, cap, len + 1);
	buf_reserve(&t->folded, len);
	for (i = 0; i < len; i += l) {
		l = aho_cp_len(p + i, len - i);
		from = t->folded.len;
		aho_fold_cp(p + i, l, &t->folded);
		ARRAY_RESERVE(t->orig, cap, t->folded.len + 1);
		for (k = from; k < t->folded.len; k++)
			t->orig[k] = k == from ? i : SIZE_MAX;
	}
	t->orig[t->folded.len] = len;
	t->s = (const uint8_t *)t->folded.data;
	t->len = t->folded.len;
}

/* The byte of the text at folded byte i, or SIZE_MAX. */
static size_t
aho_text_orig(const struct aho_text *t, size_t i)
{
	return t->orig != NULL ? t->orig[i] : i;
}

static void
aho_text_free(struct aho_text *t)
{
	free(t->orig);
	buf_free(&t->folded);
}

static int
aho_match_cmp(const void *x, const void *y)
{
	const struct aho_match	*p = x, *q = y;

	if (p->start_byte != q->start_byte)
		return p->start_byte < q->start_byte ? -1 : 1;
	if (p->end_byte != q->end_byte)
		return p->end_byte > q->end_byte ? -1 : 1;
	return 0;
}

/* Every token-aligned occurrence, in bytes of the text. */
static size_t
aho_occurrences(const struct aho *a, const struct aho_text *t,
    const char *breaks, size_t len, struct aho_match **vp)
{
	struct aho_match	*v = NULL;
	size_t			 n = 0, cap = 0, i, ob, oe;
	uint32_t		 u = AHO_ROOT, next, m;

	for (i = 0; i < t->len; i++) {
		for (;;) {
			if ((next = aho_goto(a, u, t->s[i])) != AHO_NONE) {
				u = next;
				break;
			}
			if (u == AHO_ROOT)
				break;
			u = a->fail[u];
		}
		m = a->key[u] != AHO_NONE ? u : a->dict[u];
		if (m == 0)
			continue;
		oe = aho_text_orig(t, i + 1);
		if (oe == SIZE_MAX || (oe < len && !breaks[oe]))
			continue;
		for (; m != 0; m = a->dict[m]) {
			ob = aho_text_orig(t, i + 1 - a->depth[m]);
			if (ob == SIZE_MAX || (ob > 0 && !breaks[ob]))
				continue;
			ARRAY_RESERVE(v, cap, n + 1);
			v[n].start_byte = ob;
			v[n].end_byte = oe;
			v[n].key = a->key[m];
			n++;
		}
	}
	*vp = v;
	return n;
}

size_t
aho_search(const struct aho *a, const char *text, size_t len,
    struct aho_match **vp)
{
	struct aho_text		 t;
	struct aho_match	*v;
	char			*breaks;
	size_t			 n, i, kept = 0, last_end = 0, counted = 0;
	size_t			 cp = 0;

	*vp = NULL;
	if (!a->built || a->nkeys == 0 || len == 0)
		return 0;
	breaks = xmalloc(len);
	text_word_breaks(text, len, breaks);
	aho_text_init(&t, a, text, len);
	n = aho_occurrences(a, &t, breaks, len, &v);
	aho_text_free(&t);
	free(breaks);
	if (n == 0)
		return 0;
	/* Leftmost first, and at one start the longest first; then each
	   that begins where the last one chosen ended, or after. */
	qsort(v, n, sizeof(*v), aho_match_cmp);
	for (i = 0; i < n; i++) {
		if (kept > 0 && v[i].start_byte < last_end)
			continue;
		last_end = v[i].end_byte;
		v[kept++] = v[i];
	}
	for (i = 0; i < kept; i++) {
		for (; counted < v[i].start_byte; counted++)
			if (((unsigned char)text[counted] & 0xc0) != 0x80)
				cp++;
		v[i].start = cp;
		v[i].end = cp + text_cp_count(text + v[i].start_byte,
		    v[i].end_byte - v[i].start_byte);
	}
	*vp = v;
	return kept;
}
