/*
 * aho.c: the Aho-Corasick matcher of gazetteers (aho.h).  While names are
 * added the trie's edges are a hash table of (parent, child) pairs (the
 * root's in a table of 256), so that an add costs its length whatever
 * the fan-out; the build renumbers the nodes breadth first, so that a
 * node's children are consecutive nodes sorted by the byte leading to
 * them: a node holds its first child, its failure link, its output link
 * (itself, or the nearest node on the failure chain where a name ends)
 * and its key, 16 bytes, plus the byte into it.  Memory and build time
 * are linear in the total length of the names.
 *
 * A match starts on a word boundary, and no boundary lies between two
 * ASCII letters, digits or underscores ("word bytes"): the automaton
 * follows only the suffixes that could start one.  Failure links skip
 * the suffixes that start between two word bytes, and at the root a word
 * byte after a word byte starts nothing, so that inside words the search
 * stays at the root and reads a byte with one table look-up.  Each
 * occurrence the automaton reports is then checked for boundaries at its
 * two ends only (word_edge.c), in the text's own bytes, and chosen online:
 * the occurrences come in the order of their ends, and the matches so far
 * (leftmost-longest, non-overlapping) change only at their tail.
 *
 * When case is ignored the text is folded code point by code point as it
 * is read, and a ring of the last bytes read maps a match's start back to
 * the text (no copy of the text is made).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <unicase.h>
#include <unistr.h>

#include "margin/aho.h"
#include "margin/text.h"
#include "margin/util.h"
#include "margin/word_edge.h"

#define AHO_NONE	UINT32_MAX
#define AHO_FOLD2_MAX	7
#define AHO_ROOT	0

/*
 * A built node: its children are the nodes first .. first + kids - 1,
 * sorted by the bytes leading to them (kids 255: count them up to the next
 * node's first), the first three of those bytes are here too, so that
 * most moves read one cache line.  out: the first name that ends here or
 * on the failure chain (AHO_NONE: none), as a key; the next is
 * key_next[out].
 */
#define AHO_MANY	255

/*
 * A run of ASCII word bytes that a name begins with and that ends there
 * or before a byte that is not one (at most AHO_RUN_MAX bytes, padded
 * with zeros, which no run holds), and the node it leads to from the
 * root; node 0: an empty slot.  When no edge of that node is a byte
 * other than a word byte, all the automaton can do at the run's end is
 * to report the name that is the run and go back to the root: node is
 * then AHO_RUN_KEY | the name's key, and the node need not be read.
 */
#define AHO_RUN_MAX	12
#define AHO_RUN_KEY	0x80000000u
#define AHO_RANGES	3

struct aho_run {
	uint8_t		 b[AHO_RUN_MAX];
	uint32_t	 node;
};

struct aho_node {
	uint32_t	 first;
	uint32_t	 fail;
	uint32_t	 out;
	uint8_t		 kids;
	uint8_t		 kid_byte[3];
};

struct aho {
	int		 ignore_case;
	int		 built;
	size_t		 nnodes, cap;
	size_t		 nkeys, keys_cap;
	uint32_t	*key_len;	/* per key: its (folded) bytes */
	uint32_t	*key_next;	/* per key: the next out (see above) */
	uint32_t	 max_len;	/* the longest name, in bytes */
	uint8_t		*byte;		/* per node: the byte leading in */
	uint32_t	 root_next[256];	/* 0: no edge */
	/* While names are added: per node its key, and the edges below
	   the root in a hash table of (parent, child) pairs (the child
	   gives the byte), open addressing. */
	uint32_t	*key;
	uint64_t	*edge;
	size_t		 edge_cap;
	/* Once built (nodes breadth first, one more for the last's end). */
	struct aho_node	*node;
	/* The root's move on a byte, after a word byte or not: (word << 8)
	   | byte; 0 stays at the root. */
	uint32_t	 root_move[512];
	uint8_t		 root_starts[256];	/* 1: root_next is not 0 */
	/* The bytes that start names, within at most AHO_RANGES ranges
	   (a superset), for the search of the next place a name can
	   start, sixteen bytes at a time. */
	int		 nranges;
	uint8_t		 range_lo[AHO_RANGES], range_hi[AHO_RANGES];
	/* The root's move over a whole run of word bytes (see
	   aho_run_find()): a hash table of the runs that begin names, NULL
	   when case is ignored. */
	struct aho_run	*run;
	size_t		 nrun;
	/* Ignoring case: the foldings of U+0080..U+07FF, each its length
	   and its bytes (NULL when they do not fit). */
	uint8_t		 (*fold2)[1 + AHO_FOLD2_MAX];
};

/* The ASCII letters, digits and underscore, between two of which there is
   never a word boundary (UAX #29 WB5, WB8-WB10, WB13a, WB13b). */
static int
aho_is_word_byte(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static uint8_t aho_word_byte[256];
static uint8_t aho_lower[128];

static void
aho_tables_init(void)
{
	int	 c;

	if (aho_word_byte['a'])
		return;
	for (c = 0; c < 128; c++)
		aho_lower[c] = (uint8_t)(c >= 'A' && c <= 'Z' ?
		    c - 'A' + 'a' : c);
	for (c = 0; c < 256; c++)
		aho_word_byte[c] = (uint8_t)aho_is_word_byte((uint8_t)c);
}

#define AHO_EDGES_MIN	64

struct aho *
aho_new(int ignore_case)
{
	struct aho	*a;

	aho_tables_init();
	a = xcalloc(1, sizeof(*a));
	a->ignore_case = ignore_case;
	a->cap = 64;
	a->key = xreallocarray(NULL, a->cap, sizeof(*a->key));
	a->byte = xreallocarray(NULL, a->cap, sizeof(*a->byte));
	a->edge_cap = AHO_EDGES_MIN;
	a->edge = xcalloc(a->edge_cap, sizeof(*a->edge));
	a->nnodes = 1;
	a->key[0] = AHO_NONE;
	a->byte[0] = 0;
	return a;
}

/*
 * The folding of the code point at s (n bytes) into out (room for
 * AHO_FOLD_MAX bytes): its length.  ASCII without a call; a code point
 * that cannot be folded (a bad byte, no memory) stays as it is.
 */
#define AHO_FOLD_MAX	32

static size_t
aho_fold_cp(const uint8_t *s, size_t n, uint8_t *out)
{
	uint8_t		*r;
	size_t		 rlen = AHO_FOLD_MAX;

	if (n == 1 && s[0] < 0x80) {
		out[0] = aho_lower[s[0]];
		return 1;
	}
	r = u8_casefold(s, n, NULL, NULL, out, &rlen);
	if (r == NULL || rlen > AHO_FOLD_MAX) {
		if (r != NULL && r != out)
			free(r);
		memcpy(out, s, n);
		return n;
	}
	if (r != out) {		/* longer than AHO_FOLD_MAX: never */
		memcpy(out, r, rlen);
		free(r);
	}
	return rlen;
}

/* The length of the code point at s (at most n bytes; 1 for a bad one). */
static size_t
aho_cp_len(const uint8_t *s, size_t n)
{
	ucs4_t	 uc;
	int	 l;

	if (s[0] < 0x80)
		return 1;
	l = u8_mbtouc(&uc, s, n);
	return l > 0 ? (size_t)l : 1;
}

/* The slot of the edge from parent along c in the hash table: the child
   in its upper half, or an empty slot. */
static size_t
aho_edge_slot(const struct aho *a, uint32_t parent, uint8_t c)
{
	uint64_t	 h;
	size_t		 mask = a->edge_cap - 1, i;

	h = ((uint64_t)parent << 8 | c) * 0x9e3779b97f4a7c15ull;
	for (i = (size_t)(h >> 32) & mask;; i = (i + 1) & mask) {
		if (a->edge[i] == 0)
			return i;
		if ((uint32_t)a->edge[i] == parent &&
		    a->byte[a->edge[i] >> 32] == c)
			return i;
	}
}

/* Double the hash table, which is at most three quarters full. */
static void
aho_edges_grow(struct aho *a)
{
	uint64_t	*old = a->edge, e;
	size_t		 n = a->edge_cap, i;

	a->edge_cap *= 2;
	a->edge = xcalloc(a->edge_cap, sizeof(*a->edge));
	for (i = 0; i < n; i++)
		if ((e = old[i]) != 0)
			a->edge[aho_edge_slot(a, (uint32_t)e,
			    a->byte[e >> 32])] = e;
	free(old);
}

static uint32_t
aho_new_node(struct aho *a, uint32_t parent, uint8_t c)
{
	uint32_t	 v;

	if (a->nnodes == a->cap) {
		a->cap *= 2;
		a->key = xreallocarray(a->key, a->cap, sizeof(*a->key));
		a->byte = xreallocarray(a->byte, a->cap, sizeof(*a->byte));
	}
	v = (uint32_t)a->nnodes++;
	a->key[v] = AHO_NONE;
	a->byte[v] = c;
	if (parent == AHO_ROOT) {
		a->root_next[c] = v;
		return v;
	}
	if (10 * (a->nnodes + 1) > 9 * a->edge_cap)
		aho_edges_grow(a);
	a->edge[aho_edge_slot(a, parent, c)] = (uint64_t)v << 32 | parent;
	return v;
}

/* The child of u along c while names are added, or 0. */
static uint32_t
aho_trie_next(const struct aho *a, uint32_t u, uint8_t c)
{
	if (u == AHO_ROOT)
		return a->root_next[c];
	return (uint32_t)(a->edge[aho_edge_slot(a, u, c)] >> 32);
}

/* Walk (and grow) the trie along p[0..len): the node reached. */
static uint32_t
aho_trie_add(struct aho *a, const uint8_t *p, size_t len)
{
	size_t		 i;
	uint32_t	 u = AHO_ROOT, v;

	for (i = 0; i < len; i++) {
		if ((v = aho_trie_next(a, u, p[i])) == 0)
			break;
		u = v;
	}
	/* A new node has no children: the rest of the name needs no
	   look-up. */
	for (; i < len; i++)
		u = aho_new_node(a, u, p[i]);
	return u;
}

uint32_t
aho_add(struct aho *a, const char *name, size_t len)
{
	struct buf	 folded = BUF_INIT;
	const uint8_t	*p = (const uint8_t *)name;
	uint8_t		 f[AHO_FOLD_MAX];
	size_t		 i, l;
	uint32_t	 u;

	if (a->built || len == 0 || len >= UINT32_MAX / 4)
		return AHO_NONE;
	if (a->ignore_case) {
		for (i = 0; i < len; i += l) {
			l = aho_cp_len(p + i, len - i);
			buf_add(&folded, f, aho_fold_cp(p + i, l, f));
		}
		p = (const uint8_t *)folded.data;
		len = folded.len;
	}
	u = aho_trie_add(a, p, len);
	buf_free(&folded);
	if (u == AHO_ROOT)
		return AHO_NONE;
	if (a->key[u] == AHO_NONE) {
		if (a->nkeys == a->keys_cap) {
			ARRAY_RESERVE(a->key_len, a->keys_cap, a->nkeys + 1);
			a->key_next = xreallocarray(a->key_next, a->keys_cap,
			    sizeof(*a->key_next));
		}
		a->key_len[a->nkeys] = (uint32_t)len;
		if (len > a->max_len)
			a->max_len = (uint32_t)len;
		a->key[u] = (uint32_t)a->nkeys++;
	}
	return a->key[u];
}

size_t
aho_keys(const struct aho *a)
{
	return a->nkeys;
}

/* The end of the block of u's children in the built matcher. */
static inline uint32_t
aho_kids_end(const struct aho *a, uint32_t u)
{
	const struct aho_node	*nd = &a->node[u];

	if (nd->kids < AHO_MANY)
		return nd->first + nd->kids;
	return nd->first + (uint32_t)(nd->kid_byte[0] | nd->kid_byte[1] << 8);
}

/* The child of u (not the root) along c in the built matcher, or 0. */
static inline uint32_t
aho_child(const struct aho *a, uint32_t u, uint8_t c)
{
	const struct aho_node	*nd = &a->node[u];
	uint32_t		 lo, hi, mid, k;

	if (nd->kids <= 3) {
		for (k = 0; k < nd->kids; k++)
			if (nd->kid_byte[k] == c)
				return nd->first + k;
		return 0;
	}
	lo = nd->first;
	hi = aho_kids_end(a, u);
	while (hi - lo > 4) {
		mid = lo + (hi - lo) / 2;
		if (a->byte[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	for (; lo < hi; lo++)
		if (a->byte[lo] == c)
			return lo;
	return 0;
}

/* Sort the children v[0..n) (old numbers) by their bytes. */
static void
aho_sort_children(const struct aho *a, uint32_t *v, size_t n)
{
	size_t		 k, j;
	uint32_t	 t;

	/* Insertion sort: mostly one child, a few; at most 256. */
	for (k = 1; k < n; k++) {
		t = v[k];
		for (j = k; j > 0 && a->byte[v[j - 1]] > a->byte[t]; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/*
 * The children of every node below the root, out of the hash table:
 * node u's are kids[start[u] .. start[u + 1]).  The table goes.
 */
static void
aho_kids(struct aho *a, uint32_t **startp, uint32_t **kidsp)
{
	uint32_t	*start, *kids, u;
	size_t		 n = a->nnodes, i;
	uint64_t	 e;

	start = xcalloc(n + 1, sizeof(*start));
	kids = xreallocarray(NULL, n, sizeof(*kids));
	for (i = 0; i < a->edge_cap; i++)
		if ((e = a->edge[i]) != 0)
			start[(uint32_t)e + 1]++;
	for (u = 0; u < n; u++)
		start[u + 1] += start[u];
	for (i = 0; i < a->edge_cap; i++)
		if ((e = a->edge[i]) != 0)
			kids[start[(uint32_t)e]++] = (uint32_t)(e >> 32);
	/* Each start moved to the next one's: shift them back. */
	for (u = (uint32_t)n; u > 0; u--)
		start[u] = start[u - 1];
	start[0] = 0;
	free(a->edge);
	a->edge = NULL;
	a->edge_cap = 0;
	*startp = start;
	*kidsp = kids;
}

/*
 * The order of the trie's nodes: order[new] = old.  The children of a node
 * are consecutive and sorted by byte, a block that starts at
 * (*firstp)[new] and holds (*countp)[new] nodes; the blocks are laid out
 * depth first (a stack of the nodes whose children are still to place),
 * so that a name's nodes below its fork from others follow each other in
 * memory, and a walk along it reads few cache lines.  The children lists
 * go.
 */
static uint32_t *
aho_order(struct aho *a, uint32_t *start, uint32_t *kids, uint16_t **countp,
    uint32_t **firstp)
{
	uint32_t	*order, *first, *stack = NULL, ou, v, tail = 1, nu;
	uint32_t	 from;
	uint16_t	*count;
	size_t		 n = a->nnodes, top = 0, cap = 0;
	int		 c;

	order = xreallocarray(NULL, n, sizeof(*order));
	count = xreallocarray(NULL, n, sizeof(*count));
	first = xreallocarray(NULL, n, sizeof(*first));
	order[0] = AHO_ROOT;
	ARRAY_RESERVE(stack, cap, 1);
	stack[top++] = 0;
	while (top > 0) {
		nu = stack[--top];
		ou = order[nu];
		from = tail;
		if (ou == AHO_ROOT) {
			for (c = 0; c < 256; c++)
				if (a->root_next[c] != 0)
					order[tail++] = a->root_next[c];
		} else {
			for (v = start[ou]; v < start[ou + 1]; v++)
				order[tail++] = kids[v];
			aho_sort_children(a, order + from, tail - from);
		}
		count[nu] = (uint16_t)(tail - from);
		first[nu] = from;
		/* The last child is placed first: the first child's block
		   comes right after this one. */
		ARRAY_RESERVE(stack, cap, top + (tail - from));
		for (v = tail; v > from; v--)
			if (start[order[v - 1]] < start[order[v - 1] + 1])
				stack[top++] = v - 1;
			else {
				count[v - 1] = 0;
				first[v - 1] = tail;
			}
	}
	free(stack);
	free(start);
	free(kids);
	*countp = count;
	*firstp = first;
	return order;
}

/* A per-node array in the new order, the old one freed. */
static uint32_t *
aho_permute32(uint32_t *old, const uint32_t *order, size_t n)
{
	uint32_t	*v = xreallocarray(NULL, n, sizeof(*v));
	size_t		 i;

	for (i = 0; i < n; i++)
		v[i] = old[order[i]];
	free(old);
	return v;
}

static uint8_t *
aho_permute8(uint8_t *old, const uint32_t *order, size_t n)
{
	uint8_t		*v = xmalloc(n);
	size_t		 i;

	for (i = 0; i < n; i++)
		v[i] = old[order[i]];
	free(old);
	return v;
}

/*
 * Renumber the trie breadth first, so that the children of a node are
 * consecutive nodes.  Each array is made anew in that order and the old
 * one freed before the nodes are made, to keep the peak of memory low.
 */
static void
aho_renumber(struct aho *a)
{
	struct aho_node	*nd;
	uint32_t	*order, *start, *kids, *first, v, nu, k;
	uint16_t	*count;
	size_t		 n = a->nnodes;

	aho_kids(a, &start, &kids);
	order = aho_order(a, start, kids, &count, &first);
	a->key = aho_permute32(a->key, order, n);
	a->byte = aho_permute8(a->byte, order, n);
	free(order);
	a->node = xreallocarray(NULL, n + 1, sizeof(*a->node));
	for (nu = 0; nu < n; nu++) {
		nd = &a->node[nu];
		memset(nd, 0, sizeof(*nd));
		nd->first = first[nu];
		nd->out = a->key[nu];
		if (count[nu] < AHO_MANY) {
			nd->kids = (uint8_t)count[nu];
			for (k = 0; k < 3 && k < count[nu]; k++)
				nd->kid_byte[k] = a->byte[nd->first + k];
		} else {
			/* Too many for kids: the count in kid_byte. */
			nd->kids = AHO_MANY;
			nd->kid_byte[0] = (uint8_t)(count[nu] & 0xff);
			nd->kid_byte[1] = (uint8_t)(count[nu] >> 8);
		}
	}
	memset(&a->node[n], 0, sizeof(a->node[n]));
	a->node[n].first = (uint32_t)n;
	free(count);
	free(first);
	free(a->key);
	a->key = NULL;
	memset(a->root_next, 0, sizeof(a->root_next));
	for (v = a->node[AHO_ROOT].first; v < aho_kids_end(a, AHO_ROOT); v++)
		a->root_next[a->byte[v]] = v;
}

/*
 * The failure link of v, child of u (not the root) along c: the longest
 * proper suffix of v's bytes that is in the trie and does not start
 * between two word bytes.
 */
static uint32_t
aho_fail_of(const struct aho *a, uint32_t u, uint8_t c)
{
	uint32_t	 w, t;

	for (w = a->node[u].fail; w != AHO_ROOT; w = a->node[w].fail)
		if ((t = aho_child(a, w, c)) != 0)
			return t;
	/* The suffix c alone starts after u's last byte. */
	if (aho_word_byte[a->byte[u]] && aho_word_byte[c])
		return AHO_ROOT;
	return a->root_next[c];
}

/*
 * The bytes that start names as at most AHO_RANGES ranges: their runs of
 * consecutive values, the two closest merged until few enough are left
 * (a superset: the search checks root_starts after).
 */
static void
aho_ranges(struct aho *a)
{
	uint8_t	 lo[256], hi[256];
	int	 n = 0, c, k, best;

	for (c = 0; c < 256; c++) {
		if (!a->root_starts[c])
			continue;
		if (n > 0 && hi[n - 1] + 1 == c)
			hi[n - 1] = (uint8_t)c;
		else {
			lo[n] = hi[n] = (uint8_t)c;
			n++;
		}
	}
	while (n > AHO_RANGES) {
		best = 0;
		for (k = 1; k + 1 < n; k++)
			if (lo[k + 1] - hi[k] < lo[best + 1] - hi[best])
				best = k;
		hi[best] = hi[best + 1];
		for (k = best + 1; k + 1 < n; k++) {
			lo[k] = lo[k + 1];
			hi[k] = hi[k + 1];
		}
		n--;
	}
	a->nranges = n;
	memcpy(a->range_lo, lo, (size_t)n);
	memcpy(a->range_hi, hi, (size_t)n);
}

/* The slot where the search for the run key (lo, hi) starts. */
static size_t
aho_run_slot(uint64_t lo, uint64_t hi, size_t nslots)
{
	uint64_t	 h;

	h = (lo * 0x9e3779b97f4a7c15ull ^ hi) * 0xff51afd7ed558ccdull;
	return (size_t)(((h >> 32) * (uint64_t)nslots) >> 32);
}

/* The key of the run p[0..n), n <= AHO_RUN_MAX. */
static void
aho_run_key(const uint8_t *p, size_t n, uint64_t *lo, uint64_t *hi)
{
	uint8_t	 k[16];

	memset(k, 0, sizeof(k));
	memcpy(k, p, n);
	memcpy(lo, k, 8);
	memcpy(hi, k + 8, 8);
}

static void
aho_run_put(struct aho *a, const uint8_t *p, size_t n, uint32_t v)
{
	struct aho_run	*r;
	uint64_t	 lo, hi, elo, ehi;
	size_t		 i;

	aho_run_key(p, n, &lo, &hi);
	for (i = aho_run_slot(lo, hi, a->nrun);; i = i + 1 == a->nrun ?
	    0 : i + 1) {
		r = &a->run[i];
		if (r->node == 0)
			break;
		elo = ehi = 0;
		memcpy(&elo, r->b, 8);
		memcpy(&ehi, r->b + 8, AHO_RUN_MAX - 8);
		if (elo == lo && ehi == hi)
			return;
	}
	memcpy(r->b, &lo, 8);
	memcpy(r->b + 8, &hi, AHO_RUN_MAX - 8);
	r->node = v;
}

/*
 * The runs that begin names: the nodes reached from the root along word
 * bytes only, at most AHO_RUN_MAX deep, where a name ends or a byte that
 * is no word byte leads on (depth first, the path kept by depth).  Each
 * begins a different name: the table has room for all the keys.
 */
static void
aho_runs_build(struct aho *a)
{
	struct aho_node	*nd;
	uint32_t	*stack = NULL, v, w;
	uint8_t		*depth = NULL, path[AHO_RUN_MAX], d;
	size_t		 n = 0, cap = 0, dcap = 0;
	int		 ends, on;

	if (a->nkeys == 0)
		return;
	a->nrun = a->nkeys + a->nkeys / 3 + 1;
	a->run = xcalloc(a->nrun, sizeof(*a->run));
	for (v = a->node[AHO_ROOT].first; v < aho_kids_end(a, AHO_ROOT);
	    v++) {
		if (!aho_word_byte[a->byte[v]])
			continue;
		ARRAY_RESERVE(stack, cap, n + 1);
		ARRAY_RESERVE(depth, dcap, n + 1);
		stack[n] = v;
		depth[n++] = 1;
	}
	while (n > 0) {
		v = stack[--n];
		d = depth[n];
		path[d - 1] = a->byte[v];
		nd = &a->node[v];
		ends = nd->out != AHO_NONE;
		on = 0;
		for (w = nd->first; w < aho_kids_end(a, v); w++) {
			if (!aho_word_byte[a->byte[w]]) {
				ends = on = 1;
				continue;
			}
			if (d == AHO_RUN_MAX)
				continue;
			ARRAY_RESERVE(stack, cap, n + 1);
			ARRAY_RESERVE(depth, dcap, n + 1);
			stack[n] = w;
			depth[n++] = (uint8_t)(d + 1);
		}
		if (ends)
			aho_run_put(a, path, d, on || a->nnodes >= AHO_RUN_KEY ?
			    v : AHO_RUN_KEY | nd->out);
	}
	free(stack);
	free(depth);
}

/*
 * Failure and output links, breadth first (a queue of the nodes), so that
 * the links of every shorter path are known.
 */
static void
aho_links(struct aho *a)
{
	struct aho_node	*nv;
	uint32_t	*queue, u, v, f;
	size_t		 head = 0, tail = 1;
	int		 w, c;

	queue = xreallocarray(NULL, a->nnodes, sizeof(*queue));
	queue[0] = AHO_ROOT;
	a->node[AHO_ROOT].fail = AHO_ROOT;
	while (head < tail) {
		u = queue[head++];
		for (v = a->node[u].first; v < aho_kids_end(a, u); v++) {
			queue[tail++] = v;
			f = u == AHO_ROOT ? AHO_ROOT :
			    aho_fail_of(a, u, a->byte[v]);
			nv = &a->node[v];
			nv->fail = f;
			/* out holds the node's own key until now. */
			if (nv->out == AHO_NONE)
				nv->out = a->node[f].out;
			else
				a->key_next[nv->out] = a->node[f].out;
		}
	}
	free(queue);
	for (w = 0; w < 2; w++)
		for (c = 0; c < 256; c++)
			a->root_move[(w << 8) | c] = w &&
			    aho_word_byte[c] ? AHO_ROOT : a->root_next[c];
	for (c = 0; c < 256; c++)
		a->root_starts[c] = a->root_next[c] != 0;
	aho_ranges(a);
	if (!a->ignore_case)
		aho_runs_build(a);
}

/* The table of the foldings of two-byte code points, which the text is
   mostly made of outside ASCII: libunistring once for each. */
static void
aho_fold2_build(struct aho *a)
{
	uint8_t		 s[2], f[AHO_FOLD_MAX];
	size_t		 n;
	ucs4_t		 c;

	a->fold2 = xcalloc(0x800 - 0x80, sizeof(*a->fold2));
	for (c = 0x80; c < 0x800; c++) {
		s[0] = (uint8_t)(0xc0 | c >> 6);
		s[1] = (uint8_t)(0x80 | (c & 0x3f));
		n = aho_fold_cp(s, 2, f);
		if (n > AHO_FOLD2_MAX) {
			free(a->fold2);
			a->fold2 = NULL;
			return;
		}
		a->fold2[c - 0x80][0] = (uint8_t)n;
		memcpy(a->fold2[c - 0x80] + 1, f, n);
	}
}

void
aho_build(struct aho *a)
{
	if (a->built)
		return;
	aho_renumber(a);
	aho_links(a);
	if (a->ignore_case)
		aho_fold2_build(a);
	a->built = 1;
}

size_t
aho_memory(const struct aho *a)
{
	return (a->nnodes + 1) * sizeof(*a->node) + a->nnodes +
	    a->keys_cap * (sizeof(*a->key_len) + sizeof(*a->key_next)) +
	    (a->fold2 != NULL ? (0x800 - 0x80) * sizeof(*a->fold2) : 0) +
	    a->nrun * sizeof(*a->run) +
	    sizeof(*a);
}

void
aho_free(struct aho *a)
{
	if (a == NULL)
		return;
	free(a->key);
	free(a->key_len);
	free(a->key_next);
	free(a->byte);
	free(a->edge);
	free(a->node);
	free(a->fold2);
	free(a->run);
	free(a);
}

/* One search: the text, its boundaries, the matches chosen so far. */
struct aho_search {
	const struct aho	*a;
	struct word_edge	 edge;
	struct aho_match	*v;
	size_t			 n, cap;
	/* Ignoring case: ring[i & mask] is the text's byte where the
	   folding that byte i of the folded text begins starts (SIZE_MAX
	   inside a folding: ß is "ss", and no match starts between). */
	size_t			*ring;
	size_t			 mask;
};

/* The automaton's move from u on c; word: the byte before c is one. */
static inline uint32_t
aho_move(const struct aho *a, uint32_t u, uint8_t c, int word)
{
	uint32_t	 t;

	for (; u != AHO_ROOT; u = a->node[u].fail)
		if ((t = aho_child(a, u, c)) != 0)
			return t;
	return a->root_move[(word << 8) | c];
}

/*
 * An occurrence [start, end) in the text's bytes, its ends on word
 * boundaries.  The matches so far are leftmost-longest among the
 * occurrences seen, and every later occurrence ends at or after this
 * one: it can only take the place of the first match that ends after its
 * start, when it starts before it (or there, and is longer), and then
 * it is the last.
 */
static void
aho_choose(struct aho_search *sr, size_t start, size_t end, uint32_t key)
{
	size_t	 j = sr->n;

	while (j > 0 && sr->v[j - 1].end_byte > start)
		j--;
	if (j < sr->n && !(start < sr->v[j].start_byte ||
	    (start == sr->v[j].start_byte && end > sr->v[j].end_byte)))
		return;
	if (j == sr->cap)
		ARRAY_RESERVE(sr->v, sr->cap, j + 1);
	sr->v[j].start_byte = start;
	sr->v[j].end_byte = end;
	sr->v[j].key = key;
	sr->n = j + 1;
}

/*
 * The names that end at node u, after byte at of the automaton's input
 * (the folded text when case is ignored), which is byte end of the text.
 */
static void
aho_report(struct aho_search *sr, uint32_t u, size_t at, size_t end)
{
	const struct aho	*a = sr->a;
	uint32_t		 k;
	size_t			 from, start;

	if (!word_edge_at(&sr->edge, end))
		return;
	for (k = a->node[u].out; k != AHO_NONE; k = a->key_next[k]) {
		from = at - a->key_len[k];
		start = sr->ring != NULL ? sr->ring[from & sr->mask] : from;
		if (start == SIZE_MAX || !word_edge_at(&sr->edge, start))
			continue;
		aho_choose(sr, start, end, k);
	}
}

/*
 * The next place from i on where a name can start, or len: a byte that
 * starts names, unless it is a word byte after a word byte.  Sixteen
 * bytes at a time where the CPU has SSE2: the bytes in the ranges of the
 * starting bytes, less those after a word byte that are word bytes
 * (their masks as bits; the word bit of the byte before carried across).
 */
#if defined(__SSE2__)
/* The ranges as vectors: each byte its low end, and its width. */
struct aho_ranges16 {
	__m128i	 lo[AHO_RANGES], span[AHO_RANGES];
};
#else
struct aho_ranges16 {
	int	 none;
};
#endif

#if defined(__SSE2__)
static inline void
aho_ranges16_init(const struct aho *a, struct aho_ranges16 *r)
{
	int	 k, j;

	/* Unused ranges repeat the first, which changes nothing. */
	for (k = 0; k < AHO_RANGES; k++) {
		j = k < a->nranges ? k : 0;
		r->lo[k] = _mm_set1_epi8((char)a->range_lo[j]);
		r->span[k] = _mm_set1_epi8((char)(a->range_hi[j] -
		    a->range_lo[j]));
	}
}

static inline unsigned
aho_in_range16(const struct aho_ranges16 *r, __m128i v, int k)
{
	__m128i	 t = _mm_sub_epi8(v, r->lo[k]);

	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t,
	    r->span[k]), t));
}

static inline unsigned
aho_in_ranges16(const struct aho_ranges16 *r, __m128i v, int n)
{
	unsigned	 in = aho_in_range16(r, v, 0);

	if (n > 1)
		in |= aho_in_range16(r, v, 1);
	if (n > 2)
		in |= aho_in_range16(r, v, 2);
	return in;
}

/* The word bytes of v: letters (either case), digits, underscore. */
static inline unsigned
aho_word16(__m128i v)
{
	__m128i	 l, d, u;

	l = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
	    _mm_set1_epi8('a'));
	l = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(25)), l);
	d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
	d = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	u = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(l, d),
	    u));
}
#endif

/*
 * *endp: where the run of word bytes that starts there ends, when the
 * search saw it (else 0).
 */
static inline size_t
aho_next_start(const struct aho *a, const struct aho_ranges16 *r,
    const uint8_t *s, size_t i, size_t len, size_t *endp)
{
	const uint8_t	*starts = a->root_starts;
#if defined(__SSE2__)
	__m128i		 v;
	unsigned	 in, word, after, m, k, rest;

	if (i > 0 && i + 16 <= len) {
		after = aho_word_byte[s[i - 1]];
		for (; i + 16 <= len; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + i));
			in = aho_in_ranges16(r, v, a->nranges);
			word = aho_word16(v);
			m = in & ~(word & (word << 1 | after));
			for (; m != 0; m &= m - 1) {
				k = (unsigned)__builtin_ctz(m);
				if (!starts[s[i + k]])
					continue;
				rest = ~word >> k & 0xffffu >> k;
				*endp = rest != 0 ? i + k +
				    (size_t)__builtin_ctz(rest) : 0;
				return i + k;
			}
			after = word >> 15;
		}
	}
#endif
	*endp = 0;
	for (; i < len; i++)
		if (starts[s[i]] && !(i > 0 && aho_word_byte[s[i - 1]] &&
		    aho_word_byte[s[i]]))
			return i;
	return len;
}

/*
 * The root's move over the run of word bytes p[0..n), n <= AHO_RUN_MAX,
 * that starts after a byte that is none (or the text's start) and ends
 * before one (or the text's end): the node it leads to, or the root.
 * Inside the run the automaton can only follow a name that begins with
 * it (no match starts or ends between two word bytes), and at its end
 * it is still on one only when a name begins with exactly this run.
 */
static inline uint32_t
aho_run_find(const struct aho *a, const uint8_t *p, size_t n)
{
	const struct aho_run	*r;
	uint64_t		 lo, hi, elo, ehi;
	size_t			 i;

	aho_run_key(p, n, &lo, &hi);
	for (i = aho_run_slot(lo, hi, a->nrun);; i = i + 1 == a->nrun ?
	    0 : i + 1) {
		r = &a->run[i];
		if (r->node == 0)
			return AHO_ROOT;
		elo = ehi = 0;
		memcpy(&elo, r->b, 8);
		memcpy(&ehi, r->b + 8, AHO_RUN_MAX - 8);
		if (elo == lo && ehi == hi)
			return r->node;
	}
}

/*
 * Where the automaton stands after the place i where a name can start
 * (aho_next_start()), and *ip after what it read: a whole run of word
 * bytes at once when it is short enough, else one byte; e: where the run
 * ends, when known (else 0).  A name that is
 * the whole run and that nothing longer continues is reported here.
 */
static inline uint32_t
aho_enter(struct aho_search *sr, const uint8_t *s, size_t *ip, size_t e,
    size_t len)
{
	const struct aho	*a = sr->a;
	size_t			 i = *ip;
	uint32_t		 v;

	if (a->run != NULL && aho_word_byte[s[i]]) {
		if (e == 0)
			for (e = i + 1; e < len && aho_word_byte[s[e]] &&
			    e - i <= AHO_RUN_MAX; e++)
				;
		if (e - i <= AHO_RUN_MAX) {
			*ip = e;
			v = aho_run_find(a, s + i, e - i);
			if (!(v & AHO_RUN_KEY))
				return v;
			if (word_edge_at(&sr->edge, e) &&
			    word_edge_at(&sr->edge, i))
				aho_choose(sr, i, e, v & ~AHO_RUN_KEY);
			return AHO_ROOT;
		}
	}
	*ip = i + 1;
	return a->root_next[s[i]];
}

static void
aho_scan(struct aho_search *sr, const uint8_t *s, size_t len)
{
	const struct aho	*a = sr->a;
	const struct aho_node	*node = a->node;
	struct aho_ranges16	 r;
	size_t			 i = 0, e;
	uint32_t		 u;

#if defined(__SSE2__)
	aho_ranges16_init(a, &r);
#else
	r.none = 0;
#endif
	while (i < len) {
		/* At the root, the bytes that start no name are skipped;
		   nor does a word byte after a word byte start one. */
		if ((i = aho_next_start(a, &r, s, i, len, &e)) == len)
			break;
		u = aho_enter(sr, s, &i, e, len);
		while (u != AHO_ROOT) {
			if (node[u].out != AHO_NONE)
				aho_report(sr, u, i, i);
			if (i == len)
				break;
			u = aho_move(a, u, s[i], aho_word_byte[s[i - 1]]);
			i++;
		}
	}
}

/* The folding of the code point at s (n bytes) into out: its length; the
   two-byte code points from the matcher's table. */
static size_t
aho_fold_text_cp(const struct aho *a, const uint8_t *s, size_t n,
    uint8_t *out)
{
	const uint8_t	*f;

	if (n == 2 && a->fold2 != NULL) {
		f = a->fold2[((s[0] & 0x1f) << 6 | (s[1] & 0x3f)) - 0x80];
		memcpy(out, f + 1, AHO_FOLD2_MAX);
		return f[0];
	}
	return aho_fold_cp(s, n, out);
}

/* The same over the text folded code point by code point. */
static void
aho_scan_folded(struct aho_search *sr, const uint8_t *s, size_t len)
{
	const struct aho	*a = sr->a;
	uint8_t			 f[AHO_FOLD_MAX];
	size_t			 i, l, k, fl, at = 0;
	uint32_t		 u = AHO_ROOT;
	int			 word = 0;

	for (i = 0; i < len; i += l) {
		l = aho_cp_len(s + i, len - i);
		fl = aho_fold_text_cp(a, s + i, l, f);
		for (k = 0; k < fl; k++) {
			sr->ring[at++ & sr->mask] = k == 0 ? i : SIZE_MAX;
			u = aho_move(a, u, f[k], word);
			word = aho_word_byte[f[k]];
		}
		if (a->node[u].out != AHO_NONE)
			aho_report(sr, u, at, i + l);
	}
}

/* The code points in s[0..n): the bytes that do not continue one
   (10xxxxxx), counted eight at a time. */
static size_t
aho_cp_count(const uint8_t *s, size_t n)
{
	size_t		 i = 0, cont = 0;
	uint64_t	 w;
#if defined(__SSE2__)
	__m128i		 acc, v, top = _mm_set1_epi8(-64);
	size_t		 k;

	/* Sixteen at a time: a continuation byte is below -64 as a signed
	   byte; the counts summed in bytes for up to 255 rounds. */
	while (n - i >= 16) {
		acc = _mm_setzero_si128();
		for (k = 0; k < 255 && n - i >= 16; k++, i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (s + i));
			acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v, top));
		}
		acc = _mm_sad_epu8(acc, _mm_setzero_si128());
		cont += (size_t)_mm_cvtsi128_si32(acc) +
		    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
	}
	/* The last bytes: the sixteen that end there, those not yet
	   counted. */
	if (i < n && n >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)
		    (s + n - 16));
		cont += (size_t)__builtin_popcount((unsigned)
		    _mm_movemask_epi8(_mm_cmplt_epi8(v, top)) &
		    (0xffffu << (16 - (n - i))) & 0xffffu);
		i = n;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		/* Bit 7 of each byte set and bit 6 clear; then the eight
		   bits summed by a multiplication. */
		w = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
		cont += (size_t)((w * 0x0101010101010101ull) >> 56);
	}
	for (; i < n; i++)
		cont += (s[i] & 0xc0) == 0x80;
	return n - cont;
}

size_t
aho_search(const struct aho *a, const char *text, size_t len,
    struct aho_match **vp)
{
	struct aho_search	 sr;
	const uint8_t		*s = (const uint8_t *)text;
	size_t			 i, counted = 0, cp = 0, ring = 1;

	*vp = NULL;
	if (!a->built || a->nkeys == 0 || len == 0)
		return 0;
	memset(&sr, 0, sizeof(sr));
	sr.a = a;
	word_edge_init(&sr.edge, text, len);
	if (a->ignore_case) {
		while (ring <= a->max_len)
			ring *= 2;
		sr.ring = xreallocarray(NULL, ring, sizeof(*sr.ring));
		sr.mask = ring - 1;
		aho_scan_folded(&sr, s, len);
	} else
		aho_scan(&sr, s, len);
	word_edge_free(&sr.edge);
	free(sr.ring);
	for (i = 0; i < sr.n; i++) {
		cp += aho_cp_count(s + counted, sr.v[i].start_byte - counted);
		counted = sr.v[i].start_byte;
		sr.v[i].start = cp;
		sr.v[i].end = cp + aho_cp_count(s + counted,
		    sr.v[i].end_byte - counted);
	}
	*vp = sr.v;
	return sr.n;
}
