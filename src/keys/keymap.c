/*
 * keymap.c: key spellings (SPEC §7) and the bindings of each context, kept
 * as one sorted array per context so that a keystroke costs a binary search.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>

#include "margin/keymap.h"
#include "margin/util.h"

struct binding {
	struct keyseq	 seq;
	enum action	 action;
	unsigned long	 serial;	/* binding order */
};

/*
 * Sorted by seq_compare, so that the bindings that extend a sequence sit
 * right after the place where that sequence is (or would be).
 */
struct binding_list {
	struct binding	*v;
	size_t		 n;
	size_t		 cap;
};

struct keymap {
	struct binding_list	 ctx[KEYMAP_NCONTEXT];
	unsigned long		 serial;
};

static const char *const context_names[KEYMAP_NCONTEXT] = {
	[KEYMAP_GENERIC] = "generic",
	[KEYMAP_LIST] = "list",
	[KEYMAP_READER] = "reader",
	[KEYMAP_ANNOTATIONS] = "annotations",
	[KEYMAP_PROMPT] = "prompt",
	[KEYMAP_REVIEW] = "review",
};

/* Names inside <...>; the first spelling of a code is the canonical one. */
static const struct key_name {
	const char	*name;
	uint32_t	 code;
} key_names[] = {
	{ "Enter", KEYS_ENTER },
	{ "Esc", KEYS_ESC },
	{ "Tab", KEYS_TAB },
	{ "S-Tab", KEYS_BTAB },
	{ "Backspace", KEYS_BACKSPACE },
	{ "Up", KEYS_UP },
	{ "Down", KEYS_DOWN },
	{ "Left", KEYS_LEFT },
	{ "Right", KEYS_RIGHT },
	{ "PgUp", KEYS_PGUP },
	{ "PgDn", KEYS_PGDN },
	{ "Home", KEYS_HOME },
	{ "End", KEYS_END },
	{ "Ins", KEYS_INS },
	{ "Del", KEYS_DEL },
	{ "Space", ' ' },
	{ "Hash", '#' },	/* `#` would start a comment in a file */
	{ "LT", '<' },		/* `<` would start a name */
	{ "GT", '>' },		/* only needed after a modifier */
	/* Other spellings, as vim, mutt and tig users write them. */
	{ "CR", KEYS_ENTER },
	{ "Return", KEYS_ENTER },
	{ "Escape", KEYS_ESC },
	{ "BackTab", KEYS_BTAB },
	{ "BS", KEYS_BACKSPACE },
	{ "PageUp", KEYS_PGUP },
	{ "PageDown", KEYS_PGDN },
	{ "Insert", KEYS_INS },
	{ "Delete", KEYS_DEL },
};

const char *
keymap_context_name(enum keymap_context c)
{
	if ((int)c < 0 || c >= KEYMAP_NCONTEXT)
		return NULL;
	return context_names[c];
}

int
keymap_context_parse(const char *name, enum keymap_context *c)
{
	int	 i;

	for (i = 0; i < KEYMAP_NCONTEXT; i++) {
		if (strcasecmp(name, context_names[i]) == 0) {
			*c = (enum keymap_context)i;
			return 0;
		}
	}
	return -1;
}

/* C0 controls, DEL and C1 controls: never part of a key spelling. */
static int
is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0);
}

struct key
keymap_key_from_control(int c)
{
	struct key	 k = { (uint32_t)c, 0 };

	switch (c) {
	case 0:
		k.code = ' ';
		k.mods = KEY_CTRL;
		break;
	case '\t':
		k.code = KEYS_TAB;
		break;
	case '\n':
	case '\r':
		k.code = KEYS_ENTER;
		break;
	case 27:
		k.code = KEYS_ESC;
		break;
	case 8:
	case 127:
		k.code = KEYS_BACKSPACE;
		break;
	default:
		if (c >= 1 && c <= 26) {
			k.code = (uint32_t)('a' + c - 1);
			k.mods = KEY_CTRL;
		} else if (c >= 28 && c <= 31) {
			k.code = (uint32_t)"\\]^_"[c - 28];
			k.mods = KEY_CTRL;
		}
		break;
	}
	return k;
}

int
keymap_key_equal(const struct key *a, const struct key *b)
{
	return a->code == b->code && a->mods == b->mods;
}

/*
 * Apply the control modifier to c the way a terminal does, so that the
 * spelling matches what the UI reads (<C-i> arrives as Tab).
 */
static int
key_apply_ctrl(uint32_t c, struct key *k, char **errp)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	k->mods |= KEY_CTRL;
	switch (c) {
	case 'i':
		k->code = KEYS_TAB;
		k->mods &= ~KEY_CTRL;
		return 0;
	case 'j':
	case 'm':
		k->code = KEYS_ENTER;
		k->mods &= ~KEY_CTRL;
		return 0;
	case '[':
		k->code = KEYS_ESC;
		k->mods &= ~KEY_CTRL;
		return 0;
	case 'h':
	case '?':
		/* ^H and DEL: what terminals send for Backspace. */
		k->code = KEYS_BACKSPACE;
		k->mods &= ~KEY_CTRL;
		return 0;
	case '@':
	case ' ':
		k->code = ' ';
		return 0;
	case '\\':
	case ']':
	case '^':
	case '_':
		k->code = c;
		return 0;
	default:
		if (c >= 'a' && c <= 'z') {
			k->code = c;
			return 0;
		}
		return err_set(errp, "control (C-) works only with a letter, "
		    "Space or one of @ [ \\ ] ^ _ ?");
	}
}

/* The one code point that s[0..n) holds, or -1. */
static int
single_char(const char *s, size_t n, uint32_t *c)
{
	ucs4_t	 uc;
	int	 len;

	if (n == 0)
		return -1;
	len = u8_mbtoucr(&uc, (const uint8_t *)s, n);
	if (len <= 0 || (size_t)len != n)
		return -1;
	*c = uc;
	return 0;
}

static int
has_prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t	 len = strlen(prefix);

	return n >= len && strncasecmp(s, prefix, len) == 0;
}

/* How much of a name to quote in a message: short, whole characters. */
static int
shown_length(const char *s, size_t n)
{
	if (n <= 40)
		return (int)n;
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

/* The inside of <...>: modifiers, then a character or a key name. */
static int
key_parse_name(const char *s, size_t n, struct key *k, char **errp)
{
	const char	*name = s;
	size_t		 i, len = n;
	int		 ctrl = 0;
	uint32_t	 c;

	k->code = 0;
	k->mods = 0;
	/* "C-" and "M-" in any order; what follows must not be empty. */
	for (;;) {
		if (len > 2 && has_prefix_ci(name, len, "C-"))
			ctrl = 1;
		else if (len > 2 && has_prefix_ci(name, len, "M-"))
			k->mods |= KEY_META;
		else
			break;
		name += 2;
		len -= 2;
	}
	if (single_char(name, len, &c) == 0) {
		if (ctrl)
			return key_apply_ctrl(c, k, errp);
		k->code = c;
		return 0;
	}
	if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3 &&
	    name[1] >= '1' && name[1] <= '9' &&
	    (len == 2 || (name[2] >= '0' && name[2] <= '9'))) {
		int	 f = name[1] - '0';

		if (len == 3)
			f = f * 10 + (name[2] - '0');
		if (f <= 12) {
			k->code = KEYS_F1 + (uint32_t)(f - 1);
			goto named;
		}
	}
	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strlen(key_names[i].name) == len &&
		    strncasecmp(key_names[i].name, name, len) == 0) {
			k->code = key_names[i].code;
			goto named;
		}
	}
	return err_set(errp, "unknown key <%.*s>%s", shown_length(s, n), s,
	    (size_t)shown_length(s, n) < n ? "..." : "");
named:
	if (ctrl) {
		if (k->code == ' ')
			return key_apply_ctrl(' ', k, errp);
		return err_set(errp, "<%.*s>: control (C-) works only with a "
		    "letter, Space or one of @ [ \\ ] ^ _ ?", (int)n, s);
	}
	return 0;
}

/* Whether ^c is the old spelling of a control key. */
static int
is_caret_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c != '\0' && strchr("@[\\]^_?", c) != NULL);
}

/*
 * One key at *pp: a character, <name> or ^X.  *caret is set when the
 * deprecated ^X spelling was used.
 */
static int
key_parse_one(const char **pp, struct key *k, int *caret, char **errp)
{
	const char	*p = *pp, *close;
	ucs4_t		 uc;
	int		 len;

	*caret = 0;
	if (p[0] == '<' && p[1] != '\0') {
		close = strchr(p + 1, '>');
		if (close == NULL)
			return err_set(errp, "unterminated <...> (write <LT> "
			    "for <)");
		if (close == p + 1)
			return err_set(errp, "empty <> (write <LT>> for <>)");
		/* <M->> is M- with >. */
		if (close[-1] == '-' && close[1] == '>')
			close++;
		if (key_parse_name(p + 1, (size_t)(close - p - 1), k,
		    errp) == -1)
			return -1;
		*pp = close + 1;
		return 0;
	}
	if (p[0] == '^' && is_caret_char(p[1])) {
		k->mods = 0;
		if (key_apply_ctrl((unsigned char)p[1], k, errp) == -1)
			return -1;
		*caret = 1;
		*pp = p + 2;
		return 0;
	}
	len = u8_mbtoucr(&uc, (const uint8_t *)p, strlen(p));
	if (len <= 0)
		return err_set(errp, "invalid UTF-8 in keys");
	k->code = uc;
	k->mods = 0;
	*pp = p + len;
	return 0;
}

int
keymap_parse_keys(const char *spec, struct keyseq *seq, char **warning,
    char **errp)
{
	const char	*p = spec, *start;
	struct key	 k;
	struct buf	 carets = BUF_INIT;
	size_t		 len, i;
	int		 caret, step;
	ucs4_t		 uc;

	if (warning != NULL)
		*warning = NULL;
	memset(seq, 0, sizeof(*seq));
	if (spec == NULL || spec[0] == '\0')
		return err_set(errp, "no key given");
	len = strlen(spec);
	if (u8_check((const uint8_t *)spec, len) != NULL)
		return err_set(errp, "invalid UTF-8 in keys");
	/* Checked up front, so that every message below is printable. */
	for (i = 0; i < len; i += (size_t)step) {
		step = u8_mbtoucr(&uc, (const uint8_t *)spec + i, len - i);
		if (step <= 0)
			return err_set(errp, "invalid UTF-8 in keys");
		if (is_control(uc))
			return err_set(errp, "control character in keys "
			    "(write <C-x>)");
	}
	while (*p != '\0') {
		start = p;
		if (key_parse_one(&p, &k, &caret, errp) == -1) {
			buf_free(&carets);
			return -1;
		}
		if (caret) {
			char	*name = keymap_key_name(&k);

			buf_printf(&carets, "%s%.2s is an old spelling: "
			    "write %s", carets.len ? "; " : "", start, name);
			free(name);
		}
		/* The UI turns Esc then x (not Esc) into one key, <M-x>. */
		if (seq->n > 0 && seq->keys[seq->n - 1].code == KEYS_ESC &&
		    seq->keys[seq->n - 1].mods == 0 &&
		    (k.mods & KEY_META) == 0 && k.code != KEYS_ESC) {
			k.mods |= KEY_META;
			seq->keys[seq->n - 1] = k;
			continue;
		}
		if (seq->n == KEYSEQ_MAX) {
			buf_free(&carets);
			memset(seq, 0, sizeof(*seq));
			return err_set(errp, "too many keys (at most %d)",
			    KEYSEQ_MAX);
		}
		seq->keys[seq->n++] = k;
	}
	if (carets.len > 0 && warning != NULL)
		*warning = buf_detach(&carets);
	buf_free(&carets);
	return 0;
}

/* The canonical name inside <...> for codes that need one, or NULL. */
static const char *
key_special_name(uint32_t code, int mods)
{
	size_t	 i;

	if (code == KEYS_SPACE)
		return "Space";
	if (code == '>' && mods == 0)
		return NULL;
	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (key_names[i].code == code)
			return key_names[i].name;
	}
	return NULL;
}

static void
key_name_add(struct buf *b, const struct key *k)
{
	const char	*name;
	uint8_t		 u8[6];
	int		 len;

	if (k->code >= KEYS_F1 && k->code <= KEYS_F12) {
		buf_printf(b, "<%s%sF%u>", k->mods & KEY_CTRL ? "C-" : "",
		    k->mods & KEY_META ? "M-" : "", k->code - KEYS_F1 + 1);
		return;
	}
	name = key_special_name(k->code, k->mods);
	if (name == NULL && (k->code >= KEYS_LAST || is_control(k->code) ||
	    (k->code >= 0xd800 && k->code <= 0xdfff) ||
	    (k->code >= KEYS_BASE && k->code != KEYS_SPACE))) {
		/* Not a key a spelling can give: shown, never parsed. */
		buf_printf(b, "<U+%04X>", (unsigned)k->code);
		return;
	}
	if (name == NULL && (k->mods & (KEY_CTRL | KEY_META)) == 0) {
		len = u8_uctomb(u8, k->code, (int)sizeof(u8));
		buf_add(b, u8, (size_t)len);
		return;
	}
	buf_addc(b, '<');
	if (k->mods & KEY_CTRL)
		buf_adds(b, "C-");
	if (k->mods & KEY_META)
		buf_adds(b, "M-");
	if (name != NULL)
		buf_adds(b, name);
	else {
		len = u8_uctomb(u8, k->code, (int)sizeof(u8));
		buf_add(b, u8, (size_t)len);
	}
	buf_addc(b, '>');
}

char *
keymap_key_name(const struct key *k)
{
	struct buf	 b = BUF_INIT;

	key_name_add(&b, k);
	return buf_detach(&b);
}

char *
keymap_seq_name(const struct keyseq *seq)
{
	struct buf	 b = BUF_INIT;
	int		 i;

	for (i = 0; i < seq->n && i < KEYSEQ_MAX; i++)
		key_name_add(&b, &seq->keys[i]);
	return buf_detach(&b);
}

struct keymap *
keymap_new(void)
{
	return xcalloc(1, sizeof(struct keymap));
}

void
keymap_free(struct keymap *km)
{
	int	 i;

	if (km == NULL)
		return;
	for (i = 0; i < KEYMAP_NCONTEXT; i++)
		free(km->ctx[i].v);
	free(km);
}

static int
key_compare(const struct key *a, const struct key *b)
{
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	if (a->mods != b->mods)
		return a->mods < b->mods ? -1 : 1;
	return 0;
}

/* Lexicographic, a prefix before what extends it. */
static int
seq_compare(const struct keyseq *a, const struct keyseq *b)
{
	int	 i, r;

	for (i = 0; i < a->n && i < b->n; i++) {
		if ((r = key_compare(&a->keys[i], &b->keys[i])) != 0)
			return r;
	}
	return a->n < b->n ? -1 : a->n > b->n;
}

/* Whether p is a strict prefix of s. */
static int
seq_is_strict_prefix(const struct keyseq *p, const struct keyseq *s)
{
	int	 i;

	if (p->n >= s->n)
		return 0;
	for (i = 0; i < p->n; i++) {
		if (!keymap_key_equal(&p->keys[i], &s->keys[i]))
			return 0;
	}
	return 1;
}

/* The index of the first binding not below seq. */
static size_t
list_lower_bound(const struct binding_list *l, const struct keyseq *seq)
{
	size_t	 lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (seq_compare(&l->v[mid].seq, seq) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct binding *
list_find(const struct binding_list *l, const struct keyseq *seq)
{
	size_t	 i = list_lower_bound(l, seq);

	if (i < l->n && seq_compare(&l->v[i].seq, seq) == 0)
		return &l->v[i];
	return NULL;
}

/* The first binding that seq is a strict prefix of, or NULL. */
static const struct binding *
list_find_extension(const struct binding_list *l, const struct keyseq *seq,
    size_t *count)
{
	const struct binding	*first = NULL;
	size_t			 i = list_lower_bound(l, seq);

	if (count != NULL)
		*count = 0;
	if (i < l->n && seq_compare(&l->v[i].seq, seq) == 0)
		i++;
	for (; i < l->n && seq_is_strict_prefix(seq, &l->v[i].seq); i++) {
		if (l->v[i].action == ACTION_NONE)
			continue;
		if (first == NULL)
			first = &l->v[i];
		if (count == NULL)
			break;
		(*count)++;
	}
	return first;
}

/* The shortest binding that is a strict prefix of seq, or NULL. */
static const struct binding *
list_find_prefix(const struct binding_list *l, const struct keyseq *seq)
{
	const struct binding	*b;
	struct keyseq		 p = *seq;

	for (p.n = 1; p.n < seq->n; p.n++) {
		if ((b = list_find(l, &p)) != NULL && b->action != ACTION_NONE)
			return b;
	}
	return NULL;
}

/*
 * Add to w the bindings of context o that the new binding seq in context
 * c conflicts with.  Lookup prefers c over generic and a complete binding
 * over a longer one: in one context the longer sequence is lost; between
 * generic and another context, generic's binding is lost there.
 */
static void
bind_conflicts(const struct keymap *km, enum keymap_context c,
    const struct keyseq *seq, enum keymap_context o, struct buf *w)
{
	const struct binding	*found[2];
	size_t			 more = 0;
	char			*mine, *other;
	int			 i;

	found[0] = list_find_prefix(&km->ctx[o], seq);
	found[1] = list_find_extension(&km->ctx[o], seq, &more);
	mine = keymap_seq_name(seq);
	for (i = 0; i < 2; i++) {
		if (found[i] == NULL)
			continue;
		other = keymap_seq_name(&found[i]->seq);
		if (w->len > 0)
			buf_adds(w, "; ");
		if (o == c && i == 0)
			buf_printf(w, "%s can never be typed in %s: %s is "
			    "bound to %s", mine, context_names[c], other,
			    action_name(found[i]->action));
		else if (o == c)
			buf_printf(w, "%s hides %s (%s) in %s", mine, other,
			    action_name(found[i]->action), context_names[c]);
		else if (o == KEYMAP_GENERIC)
			buf_printf(w, "%s in %s hides %s (%s in generic) "
			    "there", mine, context_names[c], other,
			    action_name(found[i]->action));
		else
			buf_printf(w, "%s in generic is hidden in %s by %s "
			    "(%s)", mine, context_names[o], other,
			    action_name(found[i]->action));
		if (i == 1 && more > 1)
			buf_printf(w, " and %zu more", more - 1);
		free(other);
	}
	free(mine);
}

int
keymap_bind(struct keymap *km, enum keymap_context c,
    const struct keyseq *seq, enum action a, char **warning)
{
	struct binding_list	*l;
	struct buf		 w = BUF_INIT;
	size_t			 i;
	int			 o;

	if (warning != NULL)
		*warning = NULL;
	if ((int)c < 0 || c >= KEYMAP_NCONTEXT || seq->n < 1 ||
	    seq->n > KEYSEQ_MAX || (int)a < 0 || a >= ACTION_COUNT)
		return -1;
	if (a != ACTION_NONE) {
		for (o = 0; o < KEYMAP_NCONTEXT; o++) {
			if (o == (int)c || c == KEYMAP_GENERIC ||
			    o == KEYMAP_GENERIC)
				bind_conflicts(km, c, seq,
				    (enum keymap_context)o, &w);
		}
	}
	l = &km->ctx[c];
	i = list_lower_bound(l, seq);
	if (i < l->n && seq_compare(&l->v[i].seq, seq) == 0) {
		l->v[i].action = a;
		l->v[i].serial = ++km->serial;
	} else {
		ARRAY_RESERVE(l->v, l->cap, l->n + 1);
		memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof(*l->v));
		memset(&l->v[i], 0, sizeof(l->v[i]));
		l->v[i].seq = *seq;
		l->v[i].action = a;
		l->v[i].serial = ++km->serial;
		l->n++;
	}
	if (w.len > 0 && warning != NULL)
		*warning = buf_detach(&w);
	buf_free(&w);
	return 0;
}

int
keymap_unbind(struct keymap *km, enum keymap_context c,
    const struct keyseq *seq, char **errp)
{
	struct binding_list	*l;
	size_t			 i;
	char			*name;

	if ((int)c < 0 || c >= KEYMAP_NCONTEXT)
		return err_set(errp, "no such context");
	l = &km->ctx[c];
	i = list_lower_bound(l, seq);
	if (i >= l->n || seq_compare(&l->v[i].seq, seq) != 0) {
		name = keymap_seq_name(seq);
		err_set(errp, "%s is not bound in %s", name, context_names[c]);
		free(name);
		return -1;
	}
	memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*l->v));
	l->n--;
	return 0;
}

enum keymap_match
keymap_lookup(const struct keymap *km, enum keymap_context c,
    const struct keyseq *seq, enum action *a)
{
	const struct binding	*b;

	*a = ACTION_NONE;
	if ((int)c < 0 || c >= KEYMAP_NCONTEXT || seq->n < 1 ||
	    seq->n > KEYSEQ_MAX)
		return KEYMAP_NOMATCH;
	b = list_find(&km->ctx[c], seq);
	if (b != NULL && b->action != ACTION_NONE) {
		*a = b->action;
		return KEYMAP_MATCH;
	}
	if (list_find_extension(&km->ctx[c], seq, NULL) != NULL)
		return KEYMAP_PREFIX;
	/* A binding to none hides generic's. */
	if (b != NULL || c == KEYMAP_GENERIC)
		return KEYMAP_NOMATCH;
	b = list_find(&km->ctx[KEYMAP_GENERIC], seq);
	if (b != NULL && b->action != ACTION_NONE) {
		*a = b->action;
		return KEYMAP_MATCH;
	}
	if (list_find_extension(&km->ctx[KEYMAP_GENERIC], seq, NULL) != NULL)
		return KEYMAP_PREFIX;
	return KEYMAP_NOMATCH;
}

static int
binding_serial_compare(const void *x, const void *y)
{
	const struct binding	*a = *(const struct binding *const *)x;
	const struct binding	*b = *(const struct binding *const *)y;

	return a->serial < b->serial ? -1 : a->serial > b->serial;
}

size_t
keymap_keys_for(const struct keymap *km, enum keymap_context c,
    enum action a, struct keyseq **seqs)
{
	const struct binding_list	*l;
	const struct binding		**found;
	size_t				 i, n = 0;

	*seqs = NULL;
	if ((int)c < 0 || c >= KEYMAP_NCONTEXT)
		return 0;
	l = &km->ctx[c];
	found = xreallocarray(NULL, l->n ? l->n : 1, sizeof(*found));
	for (i = 0; i < l->n; i++) {
		if (l->v[i].action == a)
			found[n++] = &l->v[i];
	}
	if (n > 0) {
		qsort(found, n, sizeof(*found), binding_serial_compare);
		*seqs = xreallocarray(NULL, n, sizeof(**seqs));
		for (i = 0; i < n; i++)
			(*seqs)[i] = found[i]->seq;
	}
	free(found);
	return n;
}
