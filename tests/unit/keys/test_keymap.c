/*
 * test_keymap.c: key spellings, the action table and the bindings of
 * each context (SPEC §6.1, §7).
 */
#include <stdint.h>

#include "check.h"
#include "margin/actions.h"
#include "margin/keymap.h"
#include "margin/util.h"

/* Parse spec; return its canonical spelling (or NULL on error). */
static char *
canonical(const char *spec)
{
	struct keyseq	 seq;
	char		*err = NULL, *warning = NULL;

	if (keymap_parse_keys(spec, &seq, &warning, &err) == -1) {
		printf("    parsing \"%s\" failed: %s\n", spec, err);
		free(err);
		return NULL;
	}
	free(warning);
	return keymap_seq_name(&seq);
}

static void
test_names_canonical(void)
{
	static const char *const cases[][2] = {
		{ "a", "a" }, { "G", "G" }, { "?", "?" }, { ">", ">" },
		{ "]", "]" }, { "é", "é" }, { "日", "日" }, { "😀", "😀" },
		{ "<Hash>", "<Hash>" }, { "#", "<Hash>" },
		{ "<hash>", "<Hash>" }, { "<LT>", "<LT>" }, { "<lt>", "<LT>" },
		{ "<", "<LT>" }, { "<GT>", ">" }, { "<x>", "x" },
		{ "<#>", "<Hash>" }, { "<Space>", "<Space>" },
		{ "<SPACE>", "<Space>" }, { "<Enter>", "<Enter>" },
		{ "<enter>", "<Enter>" }, { "<CR>", "<Enter>" },
		{ "<Return>", "<Enter>" }, { "<Esc>", "<Esc>" },
		{ "<Escape>", "<Esc>" }, { "<Tab>", "<Tab>" },
		{ "<S-Tab>", "<S-Tab>" }, { "<s-tab>", "<S-Tab>" },
		{ "<BackTab>", "<S-Tab>" }, { "<Backspace>", "<Backspace>" },
		{ "<BS>", "<Backspace>" }, { "<Up>", "<Up>" },
		{ "<Down>", "<Down>" }, { "<Left>", "<Left>" },
		{ "<Right>", "<Right>" }, { "<PgUp>", "<PgUp>" },
		{ "<PgDn>", "<PgDn>" }, { "<pgdn>", "<PgDn>" },
		{ "<PageDown>", "<PgDn>" }, { "<Home>", "<Home>" },
		{ "<End>", "<End>" }, { "<Ins>", "<Ins>" },
		{ "<Del>", "<Del>" }, { "<F1>", "<F1>" }, { "<f9>", "<F9>" },
		{ "<F10>", "<F10>" }, { "<F12>", "<F12>" },
		{ "<C-r>", "<C-r>" }, { "<C-R>", "<C-r>" },
		{ "<c-r>", "<C-r>" }, { "<M-x>", "<M-x>" },
		{ "<M-X>", "<M-X>" }, { "<m-x>", "<M-x>" },
		{ "<C-M-x>", "<C-M-x>" }, { "<M-C-x>", "<C-M-x>" },
		{ "<M-Enter>", "<M-Enter>" }, { "<M-Hash>", "<M-Hash>" },
		{ "<M-LT>", "<M-LT>" }, { "<M->>", "<M-GT>" },
		{ "<M-GT>", "<M-GT>" }, { "<M-->", "<M-->" },
		{ "<M-é>", "<M-é>" }, { "<M-F5>", "<M-F5>" },
		/* Normalised to what a terminal sends. */
		{ "<C-i>", "<Tab>" }, { "<C-m>", "<Enter>" },
		{ "<C-j>", "<Enter>" }, { "<C-[>", "<Esc>" },
		{ "<C-@>", "<C-Space>" }, { "<C-h>", "<Backspace>" },
		{ "<Esc><Esc>", "<Esc><Esc>" }, { "<C-Space>", "<C-Space>" },
		{ "<C-?>", "<Backspace>" }, { "<C-]>", "<C-]>" },
		{ "<C-_>", "<C-_>" }, { "<Esc>x", "<M-x>" },
		{ "<Esc><Enter>", "<M-Enter>" }, { "<Esc>", "<Esc>" },
		/* Sequences. */
		{ "gg", "gg" }, { "<C-x><C-s>", "<C-x><C-s>" },
		{ "abcd", "abcd" }, { "g<Hash>", "g<Hash>" },
		{ "<LT><", "<LT><LT>" }, { "^X", "<C-x>" }, { "^x", "<C-x>" },
		{ "^[", "<Esc>" }, { "^", "^" }, { "a^", "a^" }, { "^1", "^1" },
	};
	size_t	 i;
	char	*got, *again;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = canonical(cases[i][0]);
		CHECK_MSG(got != NULL && strcmp(got, cases[i][1]) == 0,
		    "\"%s\" is named \"%s\", want \"%s\"", cases[i][0],
		    got ? got : "(error)", cases[i][1]);
		/* The canonical name parses back to itself. */
		if (got != NULL) {
			again = canonical(got);
			CHECK_MSG(again != NULL && strcmp(again, got) == 0,
			    "\"%s\" reads back as \"%s\"", got,
			    again ? again : "(error)");
			free(again);
		}
		free(got);
	}
}

static int
round_trips(const struct key *k)
{
	struct keyseq	 seq;
	char		*name = keymap_key_name(k), *err = NULL;
	int		 ok;

	ok = keymap_parse_keys(name, &seq, NULL, &err) == 0 && seq.n == 1 &&
	    keymap_key_equal(&seq.keys[0], k);
	if (!ok)
		printf("    key %#x mods %d named \"%s\" reads back as %#x "
		    "mods %d (%s)\n", (unsigned)k->code, k->mods, name,
		    seq.n ? (unsigned)seq.keys[0].code : 0,
		    seq.n ? seq.keys[0].mods : 0, err ? err : "no error");
	free(err);
	free(name);
	return ok;
}

static void
test_every_key_round_trips(void)
{
	static const uint32_t chars[] = { 'a', 'z', 'A', 'Z', '0', '9', ' ',
	    '#', '<', '>', '"', '\\', '^', '-', '~', 0xe9, 0x65e5, 0x1f600 };
	struct key	 k;
	uint32_t	 c;
	size_t		 i;
	int		 meta;

	/* Every special key, alone and with meta. */
	for (c = KEYS_BASE; c <= KEYS_F12; c++) {
		for (meta = 0; meta <= KEY_META; meta += KEY_META) {
			k.code = c;
			k.mods = meta;
			CHECK(round_trips(&k));
		}
	}
	/* Characters, alone and with meta. */
	for (i = 0; i < sizeof(chars) / sizeof(chars[0]); i++) {
		for (meta = 0; meta <= KEY_META; meta += KEY_META) {
			k.code = chars[i];
			k.mods = meta;
			CHECK(round_trips(&k));
		}
	}
	/* Control letters, except those a terminal cannot tell apart. */
	for (c = 'a'; c <= 'z'; c++) {
		if (c == 'h' || c == 'i' || c == 'j' || c == 'm')
			continue;
		k.code = c;
		k.mods = KEY_CTRL;
		CHECK(round_trips(&k));
		k.mods = KEY_CTRL | KEY_META;
		CHECK(round_trips(&k));
	}
}

static void
test_space_is_stored_as_a_space(void)
{
	struct keyseq	 seq;
	struct key	 k = { KEYS_SPACE, 0 };
	char		*name;

	CHECK_INT(keymap_parse_keys("<Space>", &seq, NULL, NULL), 0);
	CHECK_INT(seq.n, 1);
	CHECK_INT(seq.keys[0].code, ' ');
	CHECK_INT(seq.keys[0].mods, 0);
	name = keymap_key_name(&k);
	CHECK_STR(name, "<Space>");
	free(name);
	CHECK_INT(keymap_parse_keys("<C-x>", &seq, NULL, NULL), 0);
	CHECK_INT(seq.keys[0].code, 'x');
	CHECK_INT(seq.keys[0].mods, KEY_CTRL);
	CHECK_INT(keymap_parse_keys("<M-x>", &seq, NULL, NULL), 0);
	CHECK_INT(seq.n, 1);
	CHECK_INT(seq.keys[0].code, 'x');
	CHECK_INT(seq.keys[0].mods, KEY_META);
}

static void
test_bad_keys(void)
{
	static const char *const bad[][2] = {
		{ "", "no key" },
		{ "<Foo>", "unknown key <Foo>" },
		{ "<Enterr>", "unknown key" },
		{ "<>", "empty <>" },
		{ "<Up", "unterminated" },
		{ "a<Up", "unterminated" },
		{ "<<", "unterminated" },
		{ "abcde", "too many keys" },
		{ "<C-x><C-x><C-x><C-x><C-x>", "too many keys" },
		{ "<C-1>", "control" },
		{ "<C-Up>", "control" },
		{ "<C-é>", "control" },
		{ "<xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>",
		    "unknown key <xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx>..." },
		{ "<S-x>", "unknown key" },
		{ "<F0>", "unknown key" },
		{ "<F13>", "unknown key" },
		{ "<M->", "unknown key" },
		{ "a\001", "control character" },
		{ "\033", "control character" },
		{ "\xc2\x85", "control character" },
		{ "\xff", "invalid UTF-8" },
		{ "\xc3", "invalid UTF-8" },
		{ "\xed\xa0\x80", "invalid UTF-8" },
	};
	struct keyseq	 seq;
	size_t		 i;
	char		*err;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		CHECK_MSG(keymap_parse_keys(bad[i][0], &seq, NULL, &err) == -1,
		    "\"%s\" was accepted", bad[i][0]);
		CHECK_MSG(err != NULL && strstr(err, bad[i][1]) != NULL,
		    "\"%s\": error \"%s\" does not say \"%s\"", bad[i][0],
		    err ? err : "(none)", bad[i][1]);
		free(err);
	}
	CHECK_INT(keymap_parse_keys(NULL, &seq, NULL, NULL), -1);
}

static void
test_caret_warns(void)
{
	struct keyseq	 seq;
	char		*warning = NULL;

	CHECK_INT(keymap_parse_keys("^R", &seq, &warning, NULL), 0);
	CHECK_INT(seq.keys[0].code, 'r');
	CHECK_INT(seq.keys[0].mods, KEY_CTRL);
	CHECK_MSG(warning != NULL && strstr(warning, "<C-r>") != NULL,
	    "warning for ^R is \"%s\"", warning ? warning : "(none)");
	free(warning);
	warning = NULL;
	CHECK_INT(keymap_parse_keys("<C-r>", &seq, &warning, NULL), 0);
	CHECK(warning == NULL);
	CHECK_INT(keymap_parse_keys("x^", &seq, &warning, NULL), 0);
	CHECK(warning == NULL);
}

static void
test_sequences(void)
{
	struct keyseq	 seq;

	CHECK_INT(keymap_parse_keys("gg", &seq, NULL, NULL), 0);
	CHECK_INT(seq.n, 2);
	CHECK_INT(seq.keys[0].code, 'g');
	CHECK_INT(seq.keys[1].code, 'g');
	CHECK_INT(keymap_parse_keys("a<Enter>b<F2>", &seq, NULL, NULL), 0);
	CHECK_INT(seq.n, 4);
	CHECK_INT(seq.keys[1].code, KEYS_ENTER);
	CHECK_INT(seq.keys[3].code, KEYS_F1 + 1);
	/* <Esc>x is one key, so four keys fit after it. */
	CHECK_INT(keymap_parse_keys("<Esc>xabc", &seq, NULL, NULL), 0);
	CHECK_INT(seq.n, 4);
	CHECK_INT(seq.keys[0].mods, KEY_META);
}

static void
test_control_bytes(void)
{
	static const struct {
		int		 byte;
		const char	*name;
	} cases[] = {
		{ 0, "<C-Space>" }, { 1, "<C-a>" }, { 8, "<Backspace>" },
		{ 9, "<Tab>" }, { 10, "<Enter>" }, { 13, "<Enter>" },
		{ 18, "<C-r>" }, { 26, "<C-z>" }, { 27, "<Esc>" },
		{ 28, "<C-\\>" }, { 29, "<C-]>" }, { 31, "<C-_>" },
		{ 127, "<Backspace>" },
	};
	struct key	 k;
	size_t		 i;
	char		*name;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		k = keymap_key_from_control(cases[i].byte);
		name = keymap_key_name(&k);
		CHECK_MSG(strcmp(name, cases[i].name) == 0,
		    "control byte %d is \"%s\", want \"%s\"", cases[i].byte,
		    name, cases[i].name);
		free(name);
	}
}

static void
test_action_table(void)
{
	int	 i, j;

	CHECK_INT(action_table[0].action, ACTION_NONE);
	CHECK_STR(action_name(ACTION_NONE), "none");
	for (i = 1; i < ACTION_COUNT; i++) {
		CHECK_INT(action_table[i].action, i);
		CHECK(action_table[i].name != NULL &&
		    action_table[i].name[0] != '\0');
		CHECK(action_table[i].help != NULL &&
		    action_table[i].help[0] != '\0');
		CHECK_INT(action_by_name(action_table[i].name), i);
		for (j = 1; j < i; j++)
			CHECK_MSG(strcmp(action_table[i].name,
			    action_table[j].name) != 0, "two actions named %s",
			    action_table[i].name);
	}
	CHECK_INT(action_by_name("quit"), ACTION_QUIT);
	CHECK_INT(action_by_name("label-9"), ACTION_LABEL_9);
	CHECK_INT(action_by_name("redraw"), ACTION_REDRAW);
	CHECK_INT(action_by_name("no-such-action"), ACTION_NONE);
	CHECK_INT(action_by_name(""), ACTION_NONE);
	CHECK(action_name(ACTION_COUNT) == NULL);
	CHECK_STR(action_name(ACTION_DONE_NEXT), "done-next");
}

static void
test_contexts(void)
{
	enum keymap_context	 c;
	int			 i;

	for (i = 0; i < KEYMAP_NCONTEXT; i++) {
		CHECK_INT(keymap_context_parse(keymap_context_name(
		    (enum keymap_context)i), &c), 0);
		CHECK_INT(c, i);
	}
	CHECK_STR(keymap_context_name(KEYMAP_READER), "reader");
	CHECK_INT(keymap_context_parse("Reader", &c), 0);
	CHECK_INT(c, KEYMAP_READER);
	CHECK_INT(keymap_context_parse("pager", &c), -1);
	CHECK(keymap_context_name(KEYMAP_NCONTEXT) == NULL);
}

static struct keyseq
seq_of(const char *spec)
{
	struct keyseq	 seq;
	char		*err = NULL;

	if (keymap_parse_keys(spec, &seq, NULL, &err) == -1) {
		printf("    cannot parse \"%s\": %s\n", spec, err);
		free(err);
		memset(&seq, 0, sizeof(seq));
	}
	return seq;
}

/* Bind and return the warning (or NULL). */
static char *
bind(struct keymap *km, enum keymap_context c, const char *spec,
    enum action a)
{
	struct keyseq	 seq = seq_of(spec);
	char		*warning = NULL;

	CHECK_MSG(keymap_bind(km, c, &seq, a, &warning) == 0,
	    "binding %s failed", spec);
	return warning;
}

static enum keymap_match
lookup(struct keymap *km, enum keymap_context c, const char *spec,
    enum action *a)
{
	struct keyseq	 seq = seq_of(spec);

	return keymap_lookup(km, c, &seq, a);
}

static void
test_lookup_falls_back_to_generic(void)
{
	struct keymap	*km = keymap_new();
	enum action	 a;

	free(bind(km, KEYMAP_GENERIC, "q", ACTION_QUIT));
	free(bind(km, KEYMAP_GENERIC, "j", ACTION_MOVE_DOWN));
	free(bind(km, KEYMAP_READER, "j", ACTION_WORD_NEXT));
	free(bind(km, KEYMAP_READER, "<C-r>", ACTION_REDRAW));

	CHECK_INT(lookup(km, KEYMAP_READER, "q", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_QUIT);
	CHECK_INT(lookup(km, KEYMAP_READER, "j", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_WORD_NEXT);
	CHECK_INT(lookup(km, KEYMAP_LIST, "j", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_MOVE_DOWN);
	CHECK_INT(lookup(km, KEYMAP_GENERIC, "j", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_MOVE_DOWN);
	CHECK_INT(lookup(km, KEYMAP_LIST, "<C-r>", &a), KEYMAP_NOMATCH);
	CHECK_INT(a, ACTION_NONE);
	CHECK_INT(lookup(km, KEYMAP_READER, "<C-r>", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_REDRAW);
	CHECK_INT(lookup(km, KEYMAP_READER, "z", &a), KEYMAP_NOMATCH);
	/* Rebinding replaces. */
	free(bind(km, KEYMAP_GENERIC, "q", ACTION_HELP));
	CHECK_INT(lookup(km, KEYMAP_PROMPT, "q", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_HELP);
	/* A binding to none hides generic's in that context only. */
	free(bind(km, KEYMAP_PROMPT, "q", ACTION_NONE));
	CHECK_INT(lookup(km, KEYMAP_PROMPT, "q", &a), KEYMAP_NOMATCH);
	CHECK_INT(lookup(km, KEYMAP_LIST, "q", &a), KEYMAP_MATCH);
	keymap_free(km);
}

static void
test_lookup_prefix(void)
{
	struct keymap	*km = keymap_new();
	enum action	 a;
	char		*w;

	w = bind(km, KEYMAP_GENERIC, "gg", ACTION_TOP);
	CHECK(w == NULL);
	free(w);
	free(bind(km, KEYMAP_READER, "<C-x><C-s>", ACTION_SELECT));
	free(bind(km, KEYMAP_READER, "zab", ACTION_SPAN_NEXT));

	CHECK_INT(lookup(km, KEYMAP_READER, "g", &a), KEYMAP_PREFIX);
	CHECK_INT(lookup(km, KEYMAP_LIST, "g", &a), KEYMAP_PREFIX);
	CHECK_INT(lookup(km, KEYMAP_LIST, "gg", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_TOP);
	CHECK_INT(lookup(km, KEYMAP_LIST, "ggg", &a), KEYMAP_NOMATCH);
	CHECK_INT(lookup(km, KEYMAP_LIST, "gx", &a), KEYMAP_NOMATCH);
	CHECK_INT(lookup(km, KEYMAP_READER, "<C-x>", &a), KEYMAP_PREFIX);
	CHECK_INT(lookup(km, KEYMAP_LIST, "<C-x>", &a), KEYMAP_NOMATCH);
	CHECK_INT(lookup(km, KEYMAP_READER, "<C-x><C-s>", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_SELECT);
	CHECK_INT(lookup(km, KEYMAP_READER, "<C-x>s", &a), KEYMAP_NOMATCH);
	CHECK_INT(lookup(km, KEYMAP_READER, "z", &a), KEYMAP_PREFIX);
	CHECK_INT(lookup(km, KEYMAP_READER, "za", &a), KEYMAP_PREFIX);
	CHECK_INT(lookup(km, KEYMAP_READER, "zab", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_SPAN_NEXT);
	/* Not a prefix: a key that sorts between. */
	CHECK_INT(lookup(km, KEYMAP_READER, "zb", &a), KEYMAP_NOMATCH);
	keymap_free(km);
}

static void
test_prefix_conflicts_warn(void)
{
	struct keymap	*km = keymap_new();
	enum action	 a;
	char		*w;

	w = bind(km, KEYMAP_READER, "gg", ACTION_TOP);
	CHECK(w == NULL);
	free(w);
	/* g after gg: gg can no longer be typed. */
	w = bind(km, KEYMAP_READER, "g", ACTION_BOTTOM);
	CHECK_MSG(w != NULL && strstr(w, "gg") != NULL &&
	    strstr(w, "top") != NULL, "warning for g after gg: %s",
	    w ? w : "(none)");
	free(w);
	/* The complete binding wins. */
	CHECK_INT(lookup(km, KEYMAP_READER, "g", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_BOTTOM);
	/* gx after g: gx can never be typed. */
	w = bind(km, KEYMAP_READER, "gx", ACTION_HELP);
	CHECK_MSG(w != NULL && strstr(w, "gx") != NULL &&
	    strstr(w, "bottom") != NULL, "warning for gx after g: %s",
	    w ? w : "(none)");
	free(w);
	/* Across generic and a context. */
	w = bind(km, KEYMAP_GENERIC, "gab", ACTION_QUIT);
	CHECK_MSG(w != NULL && strstr(w, "reader") != NULL,
	    "warning for generic gab under reader g: %s", w ? w : "(none)");
	free(w);
	w = bind(km, KEYMAP_LIST, "g", ACTION_TOP);
	CHECK_MSG(w != NULL && strstr(w, "gab") != NULL,
	    "warning for list g over generic gab: %s", w ? w : "(none)");
	free(w);
	/* Unrelated keys and a rebinding do not warn. */
	w = bind(km, KEYMAP_READER, "h", ACTION_WORD_PREV);
	CHECK(w == NULL);
	free(w);
	w = bind(km, KEYMAP_READER, "g", ACTION_TOP);
	CHECK(w != NULL);	/* gg and gx are still hidden */
	free(w);
	w = bind(km, KEYMAP_LIST, "gb", ACTION_NONE);
	CHECK(w == NULL);
	free(w);
	keymap_free(km);
}

static void
test_unbind(void)
{
	struct keymap	*km = keymap_new();
	struct keyseq	 seq = seq_of("x");
	enum action	 a;
	char		*err = NULL;

	free(bind(km, KEYMAP_READER, "x", ACTION_DELETE));
	free(bind(km, KEYMAP_GENERIC, "x", ACTION_QUIT));
	CHECK_INT(keymap_unbind(km, KEYMAP_READER, &seq, &err), 0);
	CHECK(err == NULL);
	/* Generic shows through again. */
	CHECK_INT(lookup(km, KEYMAP_READER, "x", &a), KEYMAP_MATCH);
	CHECK_INT(a, ACTION_QUIT);
	CHECK_INT(keymap_unbind(km, KEYMAP_READER, &seq, &err), -1);
	CHECK_MSG(err != NULL && strstr(err, "not bound in reader") != NULL,
	    "error is \"%s\"", err ? err : "(none)");
	free(err);
	err = NULL;
	CHECK_INT(keymap_unbind(km, KEYMAP_GENERIC, &seq, &err), 0);
	CHECK_INT(lookup(km, KEYMAP_READER, "x", &a), KEYMAP_NOMATCH);
	keymap_free(km);
}

static void
test_keys_for_in_binding_order(void)
{
	struct keymap	*km = keymap_new();
	struct keyseq	*seqs = NULL;
	size_t		 n;
	char		*name;

	free(bind(km, KEYMAP_READER, "w", ACTION_WORD_NEXT));
	free(bind(km, KEYMAP_READER, "<Right>", ACTION_WORD_NEXT));
	free(bind(km, KEYMAP_READER, "l", ACTION_WORD_NEXT));
	free(bind(km, KEYMAP_GENERIC, "e", ACTION_WORD_NEXT));
	free(bind(km, KEYMAP_READER, "b", ACTION_WORD_PREV));

	n = keymap_keys_for(km, KEYMAP_READER, ACTION_WORD_NEXT, &seqs);
	CHECK_INT(n, 3);
	if (n == 3) {
		name = keymap_seq_name(&seqs[0]);
		CHECK_STR(name, "w");
		free(name);
		name = keymap_seq_name(&seqs[1]);
		CHECK_STR(name, "<Right>");
		free(name);
		name = keymap_seq_name(&seqs[2]);
		CHECK_STR(name, "l");
		free(name);
	}
	free(seqs);
	n = keymap_keys_for(km, KEYMAP_LIST, ACTION_WORD_NEXT, &seqs);
	CHECK_INT(n, 0);
	CHECK(seqs == NULL);
	n = keymap_keys_for(km, KEYMAP_GENERIC, ACTION_WORD_NEXT, &seqs);
	CHECK_INT(n, 1);
	free(seqs);
	keymap_free(km);
}

static void
test_many_bindings_stay_sorted(void)
{
	struct keymap	*km = keymap_new();
	struct keyseq	 seq;
	enum action	 a;
	uint32_t	 c;
	int		 ok = 1;

	/* Bound in an order that is not the sorted one. */
	for (c = 0x4e00 + 299; c >= 0x4e00; c--) {
		seq.n = 2;
		seq.keys[0].code = 'z';
		seq.keys[0].mods = 0;
		seq.keys[1].code = c;
		seq.keys[1].mods = c % 2 ? KEY_META : 0;
		CHECK(keymap_bind(km, KEYMAP_ANNOTATIONS, &seq,
		    (enum action)(1 + c % (ACTION_COUNT - 1)), NULL) == 0);
	}
	for (c = 0x4e00; c < 0x4e00 + 300; c++) {
		seq.keys[1].code = c;
		seq.keys[1].mods = c % 2 ? KEY_META : 0;
		if (keymap_lookup(km, KEYMAP_ANNOTATIONS, &seq, &a) !=
		    KEYMAP_MATCH ||
		    a != (enum action)(1 + c % (ACTION_COUNT - 1)))
			ok = 0;
		seq.keys[1].mods ^= KEY_META;
		if (keymap_lookup(km, KEYMAP_ANNOTATIONS, &seq, &a) !=
		    KEYMAP_NOMATCH)
			ok = 0;
	}
	CHECK_MSG(ok, "a lookup among 300 bindings failed");
	CHECK_INT(lookup(km, KEYMAP_ANNOTATIONS, "z", &a), KEYMAP_PREFIX);
	keymap_free(km);
}

static const struct check_test tests[] = {
	{ "key spellings have one canonical name that reads back",
	    test_names_canonical },
	{ "every special key, character and control key round-trips",
	    test_every_key_round_trips },
	{ "<Space> is stored as a space, C- and M- as modifiers",
	    test_space_is_stored_as_a_space },
	{ "bad key spellings are errors that say why", test_bad_keys },
	{ "^X is accepted with a warning to write <C-x>", test_caret_warns },
	{ "key sequences up to four keys", test_sequences },
	{ "terminal control bytes map to the keys the keymap spells",
	    test_control_bytes },
	{ "the action table is indexed by action and names are unique",
	    test_action_table },
	{ "context names parse and print", test_contexts },
	{ "lookup prefers the context and falls back to generic",
	    test_lookup_falls_back_to_generic },
	{ "lookup says PREFIX while more keys may complete a binding",
	    test_lookup_prefix },
	{ "binding a prefix of another binding warns",
	    test_prefix_conflicts_warn },
	{ "unbind removes a binding and refuses an unbound one", test_unbind },
	{ "keymap_keys_for lists keys in binding order",
	    test_keys_for_in_binding_order },
	{ "hundreds of bindings stay sorted for lookup",
	    test_many_bindings_stay_sorted },
};

CHECK_MAIN(tests)
