/*
 * test_config.c: the keymap/config/label file parser (SPEC §7), the
 * compiled-in default keymap (SPEC §6.1) and the shipped label schemas.
 */
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "margin/actions.h"
#include "margin/config.h"
#include "margin/keymap.h"
#include "margin/util.h"

/* What the handlers saw. */
struct seen {
	struct buf	 messages;	/* one per line */
	int		 errors;
	int		 warnings;
	struct buf	 sets;		/* "name=value\n" */
	struct config_label labels[32];
	size_t		 nlabels;
	int		 reject_set;	/* the set handler fails */
};

static void
seen_message(void *ctx, int is_error, const char *text)
{
	struct seen	*s = ctx;

	if (is_error)
		s->errors++;
	else
		s->warnings++;
	buf_adds(&s->messages, text);
	buf_addc(&s->messages, '\n');
}

static int
seen_set(void *ctx, const char *name, const char *value, char **errp)
{
	struct seen	*s = ctx;

	if (s->reject_set)
		return err_set(errp, "unknown option %s", name);
	buf_printf(&s->sets, "%s=%s\n", name, value);
	return 0;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
seen_label(void *ctx, const struct config_label *l, char **errp)
{
	struct seen		*s = ctx;
	struct config_label	*copy;

	if (s->nlabels == sizeof(s->labels) / sizeof(s->labels[0]))
		return err_set(errp, "too many labels for the test");
	copy = &s->labels[s->nlabels++];
	copy->name = xstrdup(l->name);
	copy->key = dup_or_null(l->key);
	copy->color = dup_or_null(l->color);
	copy->description = dup_or_null(l->description);
	return 0;
}

static void
seen_free(struct seen *s)
{
	size_t	 i;

	buf_free(&s->messages);
	buf_free(&s->sets);
	for (i = 0; i < s->nlabels; i++) {
		free(s->labels[i].name);
		free(s->labels[i].key);
		free(s->labels[i].color);
		free(s->labels[i].description);
	}
	memset(s, 0, sizeof(*s));
}

static const char *
seen_text(const struct seen *s)
{
	return s->messages.data ? s->messages.data : "";
}

/* Handlers for everything, feeding s and km. */
static struct config_handlers
handlers(struct seen *s, struct keymap *km)
{
	struct config_handlers	 h;

	memset(&h, 0, sizeof(h));
	h.keymap = km;
	h.set = seen_set;
	h.label = seen_label;
	h.message = seen_message;
	h.ctx = s;
	return h;
}

static int
parse(const char *name, const char *text, struct seen *s, struct keymap *km)
{
	struct config_handlers	 h = handlers(s, km);

	return config_parse(name, text, strlen(text), &h);
}

/* The action keys are bound to in context c, or ACTION_NONE. */
static enum action
bound(struct keymap *km, enum keymap_context c, const char *keys)
{
	struct keyseq	 seq;
	enum action	 a = ACTION_NONE;

	if (keymap_parse_keys(keys, &seq, NULL, NULL) == -1) {
		printf("    cannot parse \"%s\"\n", keys);
		return ACTION_NONE;
	}
	if (keymap_lookup(km, c, &seq, &a) != KEYMAP_MATCH)
		return ACTION_NONE;
	return a;
}

static void
test_errors_name_file_and_line(void)
{
	struct keymap	*km = keymap_new();
	struct seen	 s;
	int		 n;

	memset(&s, 0, sizeof(s));
	n = parse("my.keys",
	    "bind generic q quit\n"
	    "frobnicate all\n"
	    "bind generic x no-such-action\n"
	    "bind nowhere y quit\n"
	    "bind generic <Foo> quit\n"
	    "bind generic z\n"
	    "bind generic z quit extra\n"
	    "unbind reader q\n"
	    "set\n"
	    "source\n"
	    "bind reader,,list k help\n"
	    "bind generic w help\n", &s, km);
	CHECK_INT(n, 10);
	CHECK_INT(s.errors, 10);
	CHECK_STR(seen_text(&s),
	    "my.keys:2: unknown command \"frobnicate\"\n"
	    "my.keys:3: unknown action \"no-such-action\"\n"
	    "my.keys:4: unknown context \"nowhere\" (generic, list, reader, "
	    "annotations, prompt, review)\n"
	    "my.keys:5: bad key \"<Foo>\": unknown key <Foo>\n"
	    "my.keys:6: missing argument: bind CONTEXT[,CONTEXT...] KEYS "
	    "ACTION\n"
	    "my.keys:7: extra argument \"extra\": bind CONTEXT[,CONTEXT...] "
	    "KEYS ACTION\n"
	    "my.keys:8: q is not bound in reader\n"
	    "my.keys:9: missing argument: set OPTION VALUE\n"
	    "my.keys:10: missing argument: source FILE\n"
	    "my.keys:11: empty context in \"reader,,list\"\n");
	/* The lines around the errors applied. */
	CHECK_INT(bound(km, KEYMAP_GENERIC, "q"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "w"), ACTION_HELP);
	/* A bad line binds nothing at all. */
	CHECK_INT(bound(km, KEYMAP_GENERIC, "x"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "y"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "z"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_READER, "k"), ACTION_NONE);
	seen_free(&s);
	keymap_free(km);
}

static void
test_bind_several_contexts_and_none(void)
{
	struct keymap	*km = keymap_new();
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	CHECK_INT(parse("a.keys",
	    "bind generic q quit\n"
	    "bind reader,annotations d delete\n"
	    "bind prompt q none\n"
	    "bind Reader gg top\n"
	    "unbind annotations d\n", &s, km), 0);
	CHECK_STR(seen_text(&s), "");
	CHECK_INT(bound(km, KEYMAP_READER, "d"), ACTION_DELETE);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "d"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_LIST, "d"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_LIST, "q"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_PROMPT, "q"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_READER, "gg"), ACTION_TOP);
	seen_free(&s);
	keymap_free(km);
}

static void
test_quotes_and_comments(void)
{
	struct keymap	*km = keymap_new();
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	CHECK_INT(parse("q.conf",
	    "# a comment line\n"
	    "   # an indented one\n"
	    "\n"
	    "set theme \"dark # not a comment\"   # a comment\n"
	    "set quote \"say \\\"hi\\\" \\\\ back\"\n"
	    "set other \"a\\nb\"\n"
	    "set empty \"\"\n"
	    "set\tbare\tvalue#comment\n"
	    "bind generic <Hash> help # bound to help\n"
	    "bind generic \"<C-x>\" redraw\n"
	    "# set hidden yes\n", &s, km), 0);
	CHECK_STR(seen_text(&s), "");
	CHECK_STR(s.sets.data,
	    "theme=dark # not a comment\n"
	    "quote=say \"hi\" \\ back\n"
	    "other=a\\nb\n"
	    "empty=\n"
	    "bare=value\n");
	CHECK_INT(bound(km, KEYMAP_GENERIC, "#"), ACTION_HELP);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "<C-x>"), ACTION_REDRAW);
	seen_free(&s);
	keymap_free(km);
}

static void
test_bad_strings(void)
{
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	CHECK_INT(parse("s.conf",
	    "set theme \"dark\n"
	    "set theme \"dark\"er\n"
	    "set theme \"a\\\"\n"
	    "set after ok\n", &s, NULL), 3);
	CHECK_STR(seen_text(&s),
	    "s.conf:1: unterminated string\n"
	    "s.conf:2: a blank must follow a closing quote\n"
	    "s.conf:3: unterminated string\n");
	CHECK_STR(s.sets.data, "after=ok\n");
	seen_free(&s);
}

static void
test_line_ends(void)
{
	struct keymap	*km = keymap_new();
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	CHECK_INT(parse("crlf.keys",
	    "bind generic q quit\r\n"
	    "bind generic a nothing\r\n"
	    "bind generic w help\r"
	    "bind generic b nothing\r\n"
	    "bind generic e redraw", &s, km), 2);
	CHECK_STR(seen_text(&s),
	    "crlf.keys:2: unknown action \"nothing\"\n"
	    "crlf.keys:4: unknown action \"nothing\"\n");
	CHECK_INT(bound(km, KEYMAP_GENERIC, "q"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "w"), ACTION_HELP);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "e"), ACTION_REDRAW);
	seen_free(&s);
	keymap_free(km);
}

static void
test_bad_bytes(void)
{
	static const char text[] =
	    "bind generic \xff quit\n"
	    "bind generic a\0b quit\n"
	    "bind generic \x1b quit\n"
	    "set name \"\xc2\x85\"\n"
	    "bind generic q quit # caf\xe9 in Latin-1 is only a comment\n"
	    "bind generic w help\n";
	struct keymap		*km = keymap_new();
	struct config_handlers	 h;
	struct seen		 s;

	memset(&s, 0, sizeof(s));
	h = handlers(&s, km);
	CHECK_INT(config_parse("b.keys", text, sizeof(text) - 1, &h), 4);
	CHECK_STR(seen_text(&s),
	    "b.keys:1: invalid UTF-8 on the line\n"
	    "b.keys:2: NUL byte on the line\n"
	    "b.keys:3: control character U+001B on the line\n"
	    "b.keys:4: control character U+0085 on the line\n");
	CHECK_INT(bound(km, KEYMAP_GENERIC, "q"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "w"), ACTION_HELP);
	seen_free(&s);
	keymap_free(km);
}

static void
test_long_line(void)
{
	struct seen	 s;
	struct buf	 b = BUF_INIT;
	size_t		 i;
	char		*want;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < 1000000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\nset after \"");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "é");
	buf_adds(&b, "\"\n");
	CHECK_INT(parse("long.conf", b.data, &s, NULL), 1);
	/* The message quotes a bounded piece of the word. */
	want = xasprintf("long.conf:1: unknown command \"%.*s...\"\n", 60,
	    b.data);
	CHECK_STR(seen_text(&s), want);
	CHECK_INT(s.sets.len, strlen("after=\n") + 200000);
	free(want);
	buf_free(&b);
	seen_free(&s);
}

static void
test_warnings(void)
{
	struct keymap	*km = keymap_new();
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	CHECK_INT(parse("w.keys",
	    "bind reader gg top\n"
	    "bind reader g bottom\n"
	    "bind generic ^L redraw\n", &s, km), 0);
	CHECK_INT(s.errors, 0);
	CHECK_INT(s.warnings, 2);
	CHECK_STR(seen_text(&s),
	    "w.keys:2: warning: g hides gg (top) in reader\n"
	    "w.keys:3: warning: ^L is an old spelling: write <C-l>\n");
	/* Warnings do not stop the binding. */
	CHECK_INT(bound(km, KEYMAP_READER, "g"), ACTION_BOTTOM);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "<C-l>"), ACTION_REDRAW);
	seen_free(&s);
	keymap_free(km);
}

static void
test_not_allowed(void)
{
	struct config_handlers	 h;
	struct seen		 s;
	const char		*text = "bind generic q quit\n"
	    "unbind generic q\nset a b\nlabel PER\n";

	memset(&s, 0, sizeof(s));
	memset(&h, 0, sizeof(h));
	h.message = seen_message;
	h.ctx = &s;
	CHECK_INT(config_parse("x.labels", text, strlen(text), &h), 4);
	CHECK_STR(seen_text(&s),
	    "x.labels:1: bind is not allowed in this file\n"
	    "x.labels:2: unbind is not allowed in this file\n"
	    "x.labels:3: set is not allowed in this file\n"
	    "x.labels:4: label is not allowed in this file\n");
	seen_free(&s);
	/* Without a message handler the errors are still counted. */
	h.message = NULL;
	CHECK_INT(config_parse("x.labels", text, strlen(text), &h), 4);
}

static void
test_set_handler_error(void)
{
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	s.reject_set = 1;
	CHECK_INT(parse("c.conf", "set wrapwidth 80\n", &s, NULL), 1);
	CHECK_STR(seen_text(&s), "c.conf:1: unknown option wrapwidth\n");
	seen_free(&s);
}

static void
test_labels(void)
{
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	CHECK_INT(parse("t.labels",
	    "label PER key 1 color red \"A person\"\n"
	    "label ORG_2\n"
	    "label X-y \"desc first\" color 208 key <C-p>\n"
	    "label bad.name\n"
	    "label A key\n"
	    "label B color pink\n"
	    "label C key <Nope>\n"
	    "label D \"one\" \"two\"\n"
	    "label E color red color blue\n"
	    "label F stray\n"
	    "label\n"
	    "label LAST colour bright-cyan\n", &s, NULL), 8);
	CHECK_STR(seen_text(&s),
	    "t.labels:4: bad label name \"bad.name\" (letters, digits, _ "
	    "and - only)\n"
	    "t.labels:5: missing argument after key\n"
	    "t.labels:6: unknown colour \"pink\"\n"
	    "t.labels:7: bad key \"<Nope>\": unknown key <Nope>\n"
	    "t.labels:8: two descriptions\n"
	    "t.labels:9: two colours\n"
	    "t.labels:10: extra argument \"stray\" (a description is "
	    "quoted)\n"
	    "t.labels:11: missing argument: label NAME [key K] [color C] "
	    "[\"description\"]\n");
	CHECK_INT(s.nlabels, 4);
	if (s.nlabels == 4) {
		CHECK_STR(s.labels[0].name, "PER");
		CHECK_STR(s.labels[0].key, "1");
		CHECK_STR(s.labels[0].color, "red");
		CHECK_STR(s.labels[0].description, "A person");
		CHECK_STR(s.labels[1].name, "ORG_2");
		CHECK(s.labels[1].key == NULL);
		CHECK(s.labels[1].color == NULL);
		CHECK(s.labels[1].description == NULL);
		CHECK_STR(s.labels[2].name, "X-y");
		CHECK_STR(s.labels[2].key, "<C-p>");
		CHECK_STR(s.labels[2].color, "208");
		CHECK_STR(s.labels[2].description, "desc first");
		CHECK_STR(s.labels[3].name, "LAST");
		CHECK_STR(s.labels[3].color, "bright-cyan");
	}
	seen_free(&s);
}

static void
test_colors(void)
{
	static const struct {
		const char	*s;
		int		 ok;
		int		 color;
	} cases[] = {
		{ "black", 1, 0 }, { "red", 1, 1 }, { "Green", 1, 2 },
		{ "yellow", 1, 3 }, { "blue", 1, 4 }, { "magenta", 1, 5 },
		{ "cyan", 1, 6 }, { "WHITE", 1, 7 }, { "bright-black", 1, 8 },
		{ "brightred", 1, 9 }, { "bright-white", 1, 15 },
		{ "0", 1, 0 }, { "208", 1, 208 }, { "255", 1, 255 },
		{ "default", 1, -1 },
		{ "256", 0, 0 }, { "-1", 0, 0 }, { "12x", 0, 0 }, { "", 0, 0 },
		{ "pink", 0, 0 }, { "bright", 0, 0 }, { "bright-", 0, 0 },
		{ "99999999999999999999", 0, 0 },
	};
	size_t	 i;
	int	 color, rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		color = -2;
		rc = config_color_parse(cases[i].s, &color);
		CHECK_MSG(rc == (cases[i].ok ? 0 : -1),
		    "\"%s\" %s", cases[i].s, cases[i].ok ? "was refused" :
		    "was accepted");
		if (cases[i].ok)
			CHECK_MSG(color == cases[i].color, "\"%s\" is %d, want "
			    "%d", cases[i].s, color, cases[i].color);
	}
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*f = fopen(path, "w");

	CHECK_MSG(f != NULL, "cannot write %s", path);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static void
remove_files(const char *dir, const char *const *names)
{
	char	*path;

	for (; *names != NULL; names++) {
		path = xasprintf("%s/%s", dir, *names);
		remove(path);
		free(path);
	}
	remove(dir);
}

static void
test_source(void)
{
	static const char *const names[] = { "sub/other.keys", "sub/more.keys",
	    "main.keys", "loop.keys", "a.keys", "b.keys", "home.keys",
	    "sub", NULL };
	struct keymap	*km = keymap_new();
	struct config_handlers h;
	struct seen	 s;
	char		*dir, *path, *subdir, *want, *home;
	int		 n;

	memset(&s, 0, sizeof(s));
	if ((dir = fixture_tmpdir("config")) == NULL) {
		keymap_free(km);
		return;
	}
	subdir = xasprintf("%s/sub", dir);
	mkdir(subdir, 0700);
	free(subdir);
	write_file(dir, "main.keys", "source sub/more.keys\n"
	    "bind generic a quit\n");
	/* other.keys is found beside more.keys, not beside main.keys. */
	write_file(dir, "sub/more.keys", "bind generic b help\n"
	    "source other.keys\n"
	    "source missing.keys\n");
	write_file(dir, "sub/other.keys", "bind generic c redraw\n"
	    "oops\n");
	h = handlers(&s, km);
	path = xasprintf("%s/main.keys", dir);
	n = config_parse_file(path, &h);
	CHECK_INT(n, 2);
	CHECK_INT(h.depth, 0);
	want = xasprintf("%s/sub/other.keys:2: unknown command \"oops\"\n"
	    "%s/sub/more.keys:3: source: %s/sub/missing.keys: No such file "
	    "or directory\n", dir, dir, dir);
	CHECK_STR(seen_text(&s), want);
	free(want);
	free(path);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "a"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "b"), ACTION_HELP);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "c"), ACTION_REDRAW);
	seen_free(&s);

	/* A file that sources itself stops at the nesting limit. */
	write_file(dir, "loop.keys", "source loop.keys\n");
	path = xasprintf("%s/loop.keys", dir);
	h = handlers(&s, km);
	CHECK_INT(config_parse_file(path, &h), 1);
	want = xasprintf("%s:1: source nested more than %d deep (does a file "
	    "source itself?)\n", path, CONFIG_SOURCE_DEPTH);
	CHECK_STR(seen_text(&s), want);
	free(want);
	free(path);
	seen_free(&s);
	/* So do two that source each other. */
	write_file(dir, "a.keys", "source b.keys\n");
	write_file(dir, "b.keys", "source a.keys\n");
	path = xasprintf("%s/a.keys", dir);
	h = handlers(&s, km);
	CHECK_INT(config_parse_file(path, &h), 1);
	CHECK_INT(s.errors, 1);
	free(path);
	seen_free(&s);

	/* ~/ is the home folder. */
	write_file(dir, "home.keys", "bind generic h top\n");
	home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	setenv("HOME", dir, 1);
	h = handlers(&s, km);
	CHECK_INT(config_parse("cfg", "source ~/home.keys\n", 19, &h), 0);
	CHECK_INT(bound(km, KEYMAP_GENERIC, "h"), ACTION_TOP);
	if (home != NULL)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	free(home);
	seen_free(&s);

	/* A file that cannot be read at all is one error. */
	path = xasprintf("%s/none.keys", dir);
	h = handlers(&s, km);
	CHECK_INT(config_parse_file(path, &h), 1);
	want = xasprintf("%s: No such file or directory\n", path);
	CHECK_STR(seen_text(&s), want);
	free(want);
	free(path);
	seen_free(&s);

	remove_files(dir, names);
	free(dir);
	keymap_free(km);
}

static void
test_default_keys(void)
{
	struct keymap	*km = keymap_new();
	struct keyseq	*seqs;
	struct seen	 s;
	enum action	 a;
	size_t		 n;
	int		 i, c, found;

	memset(&s, 0, sizeof(s));
	CHECK_INT(config_load_default_keys(km, seen_message, &s), 0);
	CHECK_STR(seen_text(&s), "");
	/* Every action has a default key somewhere. */
	for (i = 1; i < ACTION_COUNT; i++) {
		found = 0;
		for (c = 0; c < KEYMAP_NCONTEXT; c++) {
			n = keymap_keys_for(km, (enum keymap_context)c,
			    (enum action)i, &seqs);
			free(seqs);
			found += n > 0;
		}
		CHECK_MSG(found, "no default key for %s", action_name(i));
	}
	/* The keys of SPEC §6.1, where they act. */
	CHECK_INT(bound(km, KEYMAP_LIST, "q"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_READER, "?"), ACTION_HELP);
	CHECK_INT(bound(km, KEYMAP_LIST, "<Tab>"), ACTION_FOCUS_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "<S-Tab>"), ACTION_FOCUS_PREV);
	CHECK_INT(bound(km, KEYMAP_LIST, "j"), ACTION_MOVE_DOWN);
	CHECK_INT(bound(km, KEYMAP_READER, "<Down>"), ACTION_MOVE_DOWN);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "k"), ACTION_MOVE_UP);
	CHECK_INT(bound(km, KEYMAP_READER, "<Up>"), ACTION_MOVE_UP);
	CHECK_INT(bound(km, KEYMAP_READER, "w"), ACTION_WORD_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "<Right>"), ACTION_WORD_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "l"), ACTION_WORD_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "b"), ACTION_WORD_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, "<Left>"), ACTION_WORD_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, "h"), ACTION_WORD_PREV);
	CHECK_INT(bound(km, KEYMAP_LIST, "<Space>"), ACTION_PAGE_DOWN);
	CHECK_INT(bound(km, KEYMAP_READER, "<PgDn>"), ACTION_PAGE_DOWN);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-f>"), ACTION_PAGE_DOWN);
	CHECK_INT(bound(km, KEYMAP_READER, "<PgUp>"), ACTION_PAGE_UP);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-b>"), ACTION_PAGE_UP);
	CHECK_INT(bound(km, KEYMAP_READER, "g"), ACTION_TOP);
	CHECK_INT(bound(km, KEYMAP_LIST, "<Home>"), ACTION_TOP);
	CHECK_INT(bound(km, KEYMAP_READER, "G"), ACTION_BOTTOM);
	CHECK_INT(bound(km, KEYMAP_LIST, "<End>"), ACTION_BOTTOM);
	CHECK_INT(bound(km, KEYMAP_READER, "J"), ACTION_ARTICLE_NEXT);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "K"), ACTION_ARTICLE_PREV);
	CHECK_INT(bound(km, KEYMAP_LIST, "<Enter>"), ACTION_OPEN);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "<Enter>"), ACTION_OPEN);
	CHECK_INT(bound(km, KEYMAP_READER, "v"), ACTION_SELECT);
	CHECK_INT(bound(km, KEYMAP_READER, ">"), ACTION_EXTEND_CHAR);
	CHECK_INT(bound(km, KEYMAP_READER, "<LT>"), ACTION_SHRINK_CHAR);
	CHECK_INT(bound(km, KEYMAP_READER, "1"), ACTION_LABEL_1);
	CHECK_INT(bound(km, KEYMAP_READER, "9"), ACTION_LABEL_9);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "4"), ACTION_LABEL_4);
	CHECK_INT(bound(km, KEYMAP_READER, "x"), ACTION_DELETE);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "d"), ACTION_DELETE);
	CHECK_INT(bound(km, KEYMAP_LIST, "M"), ACTION_TOGGLE_DONE);
	CHECK_INT(bound(km, KEYMAP_READER, "m"), ACTION_DONE_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "]"), ACTION_SPAN_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "["), ACTION_SPAN_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, "<Esc>"), ACTION_CANCEL);
	CHECK_INT(bound(km, KEYMAP_PROMPT, "<Esc>"), ACTION_CANCEL);
	CHECK_INT(bound(km, KEYMAP_LIST, "<C-l>"), ACTION_REDRAW);
	/* g acts at once: nothing waits for a second key. */
	{
		struct keyseq	 g;

		keymap_parse_keys("g", &g, NULL, NULL);
		for (c = 0; c < KEYMAP_NCONTEXT; c++)
			CHECK_INT(keymap_lookup(km, (enum keymap_context)c, &g,
			    &a), KEYMAP_MATCH);
	}
	/* Reader-only keys stay out of the lists; Enter picks a label there. */
	CHECK_INT(bound(km, KEYMAP_LIST, "v"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_LIST, "1"), ACTION_NONE);
	CHECK_INT(bound(km, KEYMAP_READER, "<Enter>"), ACTION_LABEL_PICK);
	seen_free(&s);
	keymap_free(km);
}

static void
test_default_keys_is_the_file(void)
{
	char	*data = NULL, *err = NULL;
	size_t	 len = 0;

	if (file_read_all("keymaps/default.keys", &data, &len, &err) == -1) {
		CHECK_FAIL("keymaps/default.keys: %s", err);
		free(err);
		return;
	}
	CHECK_INT(strlen(keymap_default_text), len);
	CHECK_MSG(strcmp(keymap_default_text, data) == 0,
	    "the compiled-in default keys differ from keymaps/default.keys");
	free(data);
}

/*
 * The shipped keymaps (SPEC §7).  Each is read after the defaults, as
 * `margin --keymap FILE` reads it, into km; s gets what the parser said.
 */
static void
load_shipped_keymap(const char *path, struct keymap *km, struct seen *s)
{
	struct config_handlers	 h = handlers(s, km);

	config_load_default_keys(km, seen_message, s);
	config_parse_file(path, &h);
}

/*
 * Whether action a can be typed in some pane: a sequence bound to it (in
 * that pane's context or in generic) that lookup in that context really
 * gives a, not hidden by a prefix or by the pane's own binding.
 */
static int
reachable(const struct keymap *km, enum action a)
{
	struct keyseq	*seqs;
	enum action	 got;
	size_t		 n, i;
	int		 c, from, found = 0;

	for (c = KEYMAP_LIST; c < KEYMAP_NCONTEXT && !found; c++) {
		for (from = 0; from < 2 && !found; from++) {
			n = keymap_keys_for(km, from ? (enum keymap_context)c :
			    KEYMAP_GENERIC, a, &seqs);
			for (i = 0; i < n && !found; i++)
				found = keymap_lookup(km,
				    (enum keymap_context)c, &seqs[i], &got) ==
				    KEYMAP_MATCH && got == a;
			free(seqs);
		}
	}
	return found;
}

static const char *const shipped_keymaps[] = {
	"keymaps/vim.keys", "keymaps/emacs.keys",
};
#define NSHIPPED (sizeof(shipped_keymaps) / sizeof(shipped_keymaps[0]))

static void
test_shipped_keymaps_load_clean(void)
{
	struct keymap	*km;
	struct seen	 s;
	size_t		 k;
	int		 i;

	for (k = 0; k < NSHIPPED; k++) {
		km = keymap_new();
		memset(&s, 0, sizeof(s));
		load_shipped_keymap(shipped_keymaps[k], km, &s);
		/* No error, and no warning: no prefix conflict either. */
		CHECK_MSG(s.errors == 0 && s.warnings == 0,
		    "%s after the defaults: %d errors, %d warnings:\n%s",
		    shipped_keymaps[k], s.errors, s.warnings, seen_text(&s));
		for (i = 1; i < ACTION_COUNT; i++)
			CHECK_MSG(reachable(km, (enum action)i),
			    "%s: %s cannot be typed in any pane",
			    shipped_keymaps[k], action_name(i));
		seen_free(&s);
		keymap_free(km);
	}
	/* The defaults alone, too: no binding hides another. */
	km = keymap_new();
	config_load_default_keys(km, NULL, NULL);
	for (i = 1; i < ACTION_COUNT; i++)
		CHECK_MSG(reachable(km, (enum action)i),
		    "default.keys: %s cannot be typed in any pane",
		    action_name(i));
	keymap_free(km);
}

/*
 * Each shipped keymap binds every action itself, not through the
 * defaults: read alone, only its unbind lines may fail (there is nothing
 * to unbind yet).
 */
static void
test_shipped_keymaps_bind_every_action(void)
{
	struct keymap	*km;
	struct keyseq	*seqs;
	struct seen	 s;
	const char	*line, *end;
	size_t		 k, n;
	int		 i, c, found;

	for (k = 0; k < NSHIPPED; k++) {
		struct config_handlers	 h;

		km = keymap_new();
		memset(&s, 0, sizeof(s));
		h = handlers(&s, km);
		config_parse_file(shipped_keymaps[k], &h);
		for (line = seen_text(&s); *line != '\0'; line = end + 1) {
			end = strchr(line, '\n');
			CHECK_MSG(strstr(line, "is not bound in") != NULL &&
			    strstr(line, "is not bound in") < end,
			    "%s alone: %.*s", shipped_keymaps[k],
			    (int)(end - line), line);
		}
		for (i = 1; i < ACTION_COUNT; i++) {
			found = 0;
			for (c = 0; c < KEYMAP_NCONTEXT; c++) {
				n = keymap_keys_for(km, (enum keymap_context)c,
				    (enum action)i, &seqs);
				free(seqs);
				found += n > 0;
			}
			CHECK_MSG(found, "%s binds no key to %s",
			    shipped_keymaps[k], action_name(i));
		}
		seen_free(&s);
		keymap_free(km);
	}
}

/* The vim habits that vim.keys promises in its header. */
static void
test_vim_keys(void)
{
	struct keymap	*km = keymap_new();
	struct keyseq	 seq;
	struct seen	 s;
	enum action	 a;

	memset(&s, 0, sizeof(s));
	load_shipped_keymap("keymaps/vim.keys", km, &s);
	CHECK_INT(bound(km, KEYMAP_READER, "gg"), ACTION_TOP);
	CHECK_INT(bound(km, KEYMAP_LIST, "gg"), ACTION_TOP);
	CHECK_INT(bound(km, KEYMAP_READER, "G"), ACTION_BOTTOM);
	/* g and d wait for the second key instead of acting at once. */
	keymap_parse_keys("g", &seq, NULL, NULL);
	CHECK_INT(keymap_lookup(km, KEYMAP_READER, &seq, &a), KEYMAP_PREFIX);
	keymap_parse_keys("d", &seq, NULL, NULL);
	CHECK_INT(keymap_lookup(km, KEYMAP_READER, &seq, &a), KEYMAP_PREFIX);
	CHECK_INT(bound(km, KEYMAP_READER, "dd"), ACTION_DELETE);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "dd"), ACTION_DELETE);
	CHECK_INT(bound(km, KEYMAP_READER, "x"), ACTION_DELETE);
	CHECK_INT(bound(km, KEYMAP_READER, "h"), ACTION_WORD_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, "j"), ACTION_MOVE_DOWN);
	CHECK_INT(bound(km, KEYMAP_READER, "k"), ACTION_MOVE_UP);
	CHECK_INT(bound(km, KEYMAP_READER, "l"), ACTION_WORD_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "w"), ACTION_WORD_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "b"), ACTION_WORD_PREV);
	CHECK_INT(bound(km, KEYMAP_LIST, "<C-d>"), ACTION_PAGE_DOWN);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-u>"), ACTION_PAGE_UP);
	CHECK_INT(bound(km, KEYMAP_PROMPT, "<C-u>"), ACTION_CLEAR_LINE);
	CHECK_INT(bound(km, KEYMAP_READER, "/"), ACTION_SEARCH);
	CHECK_INT(bound(km, KEYMAP_READER, "n"), ACTION_SEARCH_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "N"), ACTION_SEARCH_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, ":"), ACTION_COMMAND);
	CHECK_INT(bound(km, KEYMAP_READER, "u"), ACTION_UNDO);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-r>"), ACTION_REDO);
	CHECK_INT(bound(km, KEYMAP_READER, "v"), ACTION_SELECT);
	CHECK_INT(bound(km, KEYMAP_READER, "1"), ACTION_LABEL_1);
	CHECK_INT(bound(km, KEYMAP_READER, "9"), ACTION_LABEL_9);
	CHECK_INT(bound(km, KEYMAP_LIST, "gt"), ACTION_ARTICLE_NEXT);
	CHECK_INT(bound(km, KEYMAP_LIST, "gT"), ACTION_ARTICLE_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-w>w"), ACTION_FOCUS_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-w><C-w>"), ACTION_FOCUS_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-w>h"), ACTION_FOCUS_PREV);
	CHECK_INT(bound(km, KEYMAP_LIST, "ZZ"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_PROMPT, "<Esc>"), ACTION_CANCEL);
	CHECK_INT(bound(km, KEYMAP_READER, "<Esc>"), ACTION_CANCEL);
	seen_free(&s);
	keymap_free(km);
}

/* The Emacs chords that emacs.keys promises in its header. */
static void
test_emacs_keys(void)
{
	struct keymap	*km = keymap_new();
	struct seen	 s;

	memset(&s, 0, sizeof(s));
	load_shipped_keymap("keymaps/emacs.keys", km, &s);
	CHECK_INT(bound(km, KEYMAP_LIST, "<C-n>"), ACTION_MOVE_DOWN);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-p>"), ACTION_MOVE_UP);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-f>"), ACTION_WORD_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-b>"), ACTION_WORD_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, "<M-f>"), ACTION_WORD_NEXT);
	/* Esc then b is how a terminal sends M-b. */
	CHECK_INT(bound(km, KEYMAP_READER, "<Esc>b"), ACTION_WORD_PREV);
	CHECK_INT(bound(km, KEYMAP_LIST, "<C-v>"), ACTION_PAGE_DOWN);
	CHECK_INT(bound(km, KEYMAP_LIST, "<M-v>"), ACTION_PAGE_UP);
	CHECK_INT(bound(km, KEYMAP_READER, "<M-LT>"), ACTION_TOP);
	CHECK_INT(bound(km, KEYMAP_READER, "<M->>"), ACTION_BOTTOM);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-Space>"), ACTION_SELECT);
	/* What a terminal sends for C-SPC, NUL, is C-Space too. */
	CHECK_INT(bound(km, KEYMAP_READER, "<C-@>"), ACTION_SELECT);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-s>"), ACTION_SEARCH);
	CHECK_INT(bound(km, KEYMAP_PROMPT, "<C-s>"), ACTION_SEARCH_NEXT);
	CHECK_INT(bound(km, KEYMAP_PROMPT, "<C-r>"), ACTION_SEARCH_PREV);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-g>"), ACTION_CANCEL);
	CHECK_INT(bound(km, KEYMAP_PROMPT, "<C-g>"), ACTION_CANCEL);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-x>u"), ACTION_UNDO);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-_>"), ACTION_UNDO);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-M-_>"), ACTION_REDO);
	CHECK_INT(bound(km, KEYMAP_LIST, "<M-x>"), ACTION_COMMAND);
	CHECK_INT(bound(km, KEYMAP_LIST, "<C-x><C-c>"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_LIST, "<C-x>o"), ACTION_FOCUS_NEXT);
	CHECK_INT(bound(km, KEYMAP_READER, "<M-1>"), ACTION_LABEL_1);
	CHECK_INT(bound(km, KEYMAP_ANNOTATIONS, "<M-9>"), ACTION_LABEL_9);
	CHECK_INT(bound(km, KEYMAP_READER, "<C-w>"), ACTION_DELETE);
	CHECK_INT(bound(km, KEYMAP_READER, "<M-;>"), ACTION_NOTE);
	CHECK_INT(bound(km, KEYMAP_LIST, "<Enter>"), ACTION_OPEN);
	/* The defaults' plain keys stay, as the header says. */
	CHECK_INT(bound(km, KEYMAP_LIST, "q"), ACTION_QUIT);
	CHECK_INT(bound(km, KEYMAP_READER, "1"), ACTION_LABEL_1);
	seen_free(&s);
	keymap_free(km);
}

static void
load_labels(const char *path, struct seen *s)
{
	struct config_handlers	 h;

	memset(&h, 0, sizeof(h));
	h.label = seen_label;
	h.message = seen_message;
	h.ctx = s;
	CHECK_INT(config_parse_file(path, &h), 0);
	CHECK_STR(seen_text(s), "");
}

/* Every label has a description and a valid colour; keys are distinct. */
static void
check_schema(const struct seen *s, size_t nkeys)
{
	size_t	 i, j, keys = 0;
	int	 color;

	for (i = 0; i < s->nlabels; i++) {
		const struct config_label *l = &s->labels[i];

		CHECK_MSG(l->description != NULL && strlen(l->description) > 5,
		    "%s has no description", l->name);
		CHECK_MSG(l->color != NULL &&
		    config_color_parse(l->color, &color) == 0,
		    "%s has no valid colour", l->name);
		if (l->key == NULL)
			continue;
		keys++;
		for (j = 0; j < i; j++)
			CHECK_MSG(s->labels[j].key == NULL ||
			    strcmp(s->labels[j].key, l->key) != 0,
			    "%s and %s share key %s", s->labels[j].name,
			    l->name, l->key);
	}
	CHECK_INT(keys, nkeys);
}

static void
test_conll_labels(void)
{
	static const char *const want[][2] = {
		{ "PER", "1" }, { "ORG", "2" }, { "LOC", "3" }, { "MISC", "4" },
	};
	struct seen	 s;
	size_t		 i;

	memset(&s, 0, sizeof(s));
	load_labels("share/labels/conll.labels", &s);
	CHECK_INT(s.nlabels, 4);
	for (i = 0; i < 4 && i < s.nlabels; i++) {
		CHECK_STR(s.labels[i].name, want[i][0]);
		CHECK_STR(s.labels[i].key, want[i][1]);
	}
	check_schema(&s, 4);
	seen_free(&s);
}

static void
test_ontonotes_labels(void)
{
	static const char *const types[] = { "PERSON", "NORP", "FAC", "ORG",
	    "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
	    "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
	    "CARDINAL" };
	struct seen	 s;
	size_t		 i, j;
	int		 found;

	memset(&s, 0, sizeof(s));
	load_labels("share/labels/ontonotes.labels", &s);
	CHECK_INT(s.nlabels, 18);
	for (i = 0; i < 18; i++) {
		found = 0;
		for (j = 0; j < s.nlabels; j++)
			found += strcmp(s.labels[j].name, types[i]) == 0;
		CHECK_MSG(found == 1, "%s is there %d times", types[i], found);
	}
	for (j = 0; j < s.nlabels && j < 9; j++) {
		char	 key[2] = { (char)('1' + j), '\0' };

		CHECK_STR(s.labels[j].key, key);
	}
	CHECK_STR(s.labels[0].name, "PERSON");
	check_schema(&s, 9);
	seen_free(&s);
}

/* A small generator so that the run is the same every time. */
static uint32_t
next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static void
test_survives_any_bytes(void)
{
	static const char *const pieces[] = { "bind ", "unbind ", "set ",
	    "label ", "source ", "generic", "reader,list", " ", "\t", "\"",
	    "\\", "#", "<", ">", "<C-", "<M-", "^", "key ", "color ", "none",
	    "quit", "gg", "\r", "\n", "\r\n", "\0", "\xff", "\xc3", "\xe2\x80",
	    "é", "<Esc>", "<F1", "missing.keys", "~/x" };
	struct keymap		*km = keymap_new();
	struct config_handlers	 h;
	struct seen		 s;
	struct buf		 b = BUF_INIT;
	uint32_t		 state = 2463534242u;
	int			 round, i, n, ok = 1;
	const char		*p, *line;

	for (round = 0; round < 3000; round++) {
		buf_truncate(&b, 0);
		n = (int)(next_random(&state) % 40);
		for (i = 0; i < n; i++) {
			uint32_t r = next_random(&state);

			if (r % 3 == 0)
				buf_addc(&b, (char)(r >> 8));
			else {
				p = pieces[(r >> 8) % (sizeof(pieces) /
				    sizeof(pieces[0]))];
				buf_add(&b, p, p[0] ? strlen(p) : 1);
			}
		}
		memset(&s, 0, sizeof(s));
		h = handlers(&s, km);
		n = config_parse("fuzz", b.data ? b.data : "", b.len, &h);
		if (n != s.errors || h.depth != 0)
			ok = 0;
		/* Every message names the file and a line. */
		for (line = seen_text(&s); *line != '\0';
		    line = strchr(line, '\n') + 1) {
			if (strncmp(line, "fuzz:", 5) != 0)
				ok = 0;
		}
		seen_free(&s);
	}
	CHECK_MSG(ok, "a random input gave a bad count or message");
	buf_free(&b);
	keymap_free(km);
}

static const struct check_test tests[] = {
	{ "errors say file:line and the rest of the file applies",
	    test_errors_name_file_and_line },
	{ "bind to several contexts, to none, and unbind",
	    test_bind_several_contexts_and_none },
	{ "quoted strings keep # and escapes; comments end lines",
	    test_quotes_and_comments },
	{ "unterminated and run-on strings are errors", test_bad_strings },
	{ "CRLF and lone CR end lines", test_line_ends },
	{ "invalid UTF-8, NUL and control bytes spoil only their line",
	    test_bad_bytes },
	{ "a megabyte line is one error with a short message",
	    test_long_line },
	{ "prefix conflicts and ^X are warnings, and still bind",
	    test_warnings },
	{ "bind, unbind, set and label only where handlers allow",
	    test_not_allowed },
	{ "a set handler's error is shown with file:line",
	    test_set_handler_error },
	{ "label lines: options in any order, each mistake named",
	    test_labels },
	{ "colour names, bright variants and numbers", test_colors },
	{ "source: relative to the including file, ~/, loops, missing files",
	    test_source },
	{ "the compiled-in default keys bind every action without a warning",
	    test_default_keys },
	{ "the compiled-in default keys are keymaps/default.keys",
	    test_default_keys_is_the_file },
	{ "vim.keys and emacs.keys load after the defaults without a "
	    "warning, and every action stays reachable",
	    test_shipped_keymaps_load_clean },
	{ "vim.keys and emacs.keys each bind every action themselves",
	    test_shipped_keymaps_bind_every_action },
	{ "vim.keys: gg, dd, C-d/C-u, C-w window keys, gt/gT, ZZ",
	    test_vim_keys },
	{ "emacs.keys: C-n/C-p, C-f/M-f, C-v/M-v, M-</M->, C-SPC, C-s, C-g, "
	    "C-x u, M-x", test_emacs_keys },
	{ "conll.labels loads PER ORG LOC MISC on keys 1-4",
	    test_conll_labels },
	{ "ontonotes.labels loads the 18 types, nine with keys",
	    test_ontonotes_labels },
	{ "random bytes never crash the parser", test_survives_any_bytes },
};

CHECK_MAIN(tests)
