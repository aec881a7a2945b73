/*
 * keymap.h: keys, key sequences and bindings (SPEC §7).  Key names follow
 * the keymap spelling (`a`, `<C-x>`, `<M-x>`, `<Enter>`, `<PgDn>`, `<F1>`).
 * No curses here: the UI translates what curses reads into struct key.
 */
#ifndef MARGIN_KEYMAP_H
#define MARGIN_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

#include "margin/actions.h"

/* Keys that are not characters, numbered above the Unicode range. */
enum key_special {
	KEY_NONE_ = 0,
	KEYS_BASE = 0x110000,
	KEYS_ENTER = KEYS_BASE,
	KEYS_ESC,
	KEYS_TAB,
	KEYS_BTAB,	/* <S-Tab> */
	KEYS_BACKSPACE,
	KEYS_UP,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_HOME,
	KEYS_END,
	KEYS_INS,
	KEYS_DEL,
	KEYS_F1,	/* F1..F12 are consecutive */
	KEYS_F12 = KEYS_F1 + 11,
	KEYS_SPACE,	/* only in names: a space is stored as ' ' */
	KEYS_LAST
};

#define KEY_CTRL 1	/* <C-x>: code is the lowercase letter */
#define KEY_META 2	/* <M-x>: Esc then x */

struct key {
	uint32_t	code;	/* Unicode code point or enum key_special */
	int		mods;	/* KEY_CTRL | KEY_META */
};

#define KEYSEQ_MAX 4
struct keyseq {
	struct key	keys[KEYSEQ_MAX];
	int		n;
};

/* Where a binding applies; generic is the fallback of every other. */
enum keymap_context {
	KEYMAP_GENERIC,
	KEYMAP_LIST,
	KEYMAP_READER,
	KEYMAP_ANNOTATIONS,
	KEYMAP_PROMPT,
	KEYMAP_REVIEW,
	KEYMAP_NCONTEXT
};
const char	*keymap_context_name(enum keymap_context c);
int		 keymap_context_parse(const char *name, enum keymap_context *c);

/*
 * Parse a key sequence such as "gg", "<C-x>", "<Esc>x".  *warning receives
 * a message (or NULL) for accepted-but-deprecated spellings (`^X`).
 */
int	 keymap_parse_keys(const char *spec, struct keyseq *seq,
	    char **warning, char **errp);
/* The keymap spelling of a key or a sequence; returns a new string. */
char	*keymap_key_name(const struct key *k);
char	*keymap_seq_name(const struct keyseq *seq);

/*
 * Spellings are normalised to what the UI can read, so that lookups match:
 * `<C-i>` is <Tab>, `<C-m>` and `<C-j>` are <Enter>, `<C-[>` is <Esc>,
 * `<C-h>` and `<C-?>` are <Backspace>, `<C-@>` is <C-Space>, and `<Esc>`
 * followed by a key other than Esc is that key with KEY_META (`<Esc>x` is
 * `<M-x>`), because the UI turns Esc+x into one key.
 * Key and modifier names are case-insensitive; a character keeps its case
 * except under C- (`<C-X>` is `<C-x>`).
 *
 * The key that a terminal's control byte (0..31, 127) stands for: 9 <Tab>,
 * 10 and 13 <Enter>, 27 <Esc>, 8 and 127 <Backspace>, 0 <C-Space>, the
 * other 1..26 <C-a>..<C-z>, 28..31 <C-\> <C-]> <C-^> <C-_>.  For the UI.
 */
struct key	 keymap_key_from_control(int c);
int		 keymap_key_equal(const struct key *a, const struct key *b);

struct keymap;
struct keymap	*keymap_new(void);
void		 keymap_free(struct keymap *km);

/* Bind (replacing an existing binding of the same sequence) or unbind.
   A sequence that is a prefix of another (or has one as its prefix) in
   the same context is bound, and *warning says which one it shadows. */
int	 keymap_bind(struct keymap *km, enum keymap_context c,
	    const struct keyseq *seq, enum action a, char **warning);
int	 keymap_unbind(struct keymap *km, enum keymap_context c,
	    const struct keyseq *seq, char **errp);

enum keymap_match {
	KEYMAP_NOMATCH,
	KEYMAP_PREFIX,	/* more keys may complete a binding */
	KEYMAP_MATCH
};
/*
 * Look seq up in context c, then in generic: a binding of c wins over
 * generic, a complete binding over a prefix of a longer one.  A binding
 * to ACTION_NONE in c hides generic's binding of the same keys (NOMATCH).
 */
enum keymap_match keymap_lookup(const struct keymap *km, enum keymap_context c,
	    const struct keyseq *seq, enum action *a);

/* Sequences bound to action a in context c (not generic), in binding
   order; *seqs is a new array.  For help and the status-line legend. */
size_t	 keymap_keys_for(const struct keymap *km, enum keymap_context c,
	    enum action a, struct keyseq **seqs);

#endif
