/*
 * cmd_keys.c: `margin keys`: the active key bindings by context, each
 * action with its keys and its help from the action table, as text or as
 * the tbl(1) table that man/margin.1 carries (`make man`).
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unistr.h>

#include "margin/actions.h"
#include "margin/cli.h"
#include "margin/keymap.h"
#include "margin/options.h"
#include "margin/text.h"
#include "margin/util.h"

/* What each context covers, for the headings. */
static const char *const keys_context_help[KEYMAP_NCONTEXT] = {
	[KEYMAP_GENERIC] = "every pane, unless the pane binds the same keys",
	[KEYMAP_LIST] = "the Articles pane",
	[KEYMAP_READER] = "the Reader pane",
	[KEYMAP_ANNOTATIONS] = "the Annotations pane",
	[KEYMAP_PROMPT] = "the prompt of : commands, search, notes and tags",
	[KEYMAP_REVIEW] = "the review of two annotators' disagreements",
};

/* One row: an action and the keys that run it in one context. */
struct keys_row {
	enum action	 action;
	char		*keys;	/* keymap spelling, blank-separated */
};

/*
 * The rows of context c in the order of the action table; bindings to
 * "none" (which hide generic's keys) come last.
 */
static size_t
keys_rows(const struct keymap *km, enum keymap_context c,
    struct keys_row **rows)
{
	struct keys_row	*v;
	struct keyseq	*seqs;
	struct buf	 b;
	size_t		 n = 0, nseq, i;
	int		 a, k;

	v = xreallocarray(NULL, ACTION_COUNT, sizeof(*v));
	for (k = 1; k <= ACTION_COUNT; k++) {
		a = k % ACTION_COUNT;
		nseq = keymap_keys_for(km, c, (enum action)a, &seqs);
		if (nseq == 0) {
			free(seqs);
			continue;
		}
		buf_init(&b);
		for (i = 0; i < nseq; i++) {
			char	*name = keymap_seq_name(&seqs[i]);

			if (i > 0)
				buf_addc(&b, ' ');
			buf_adds(&b, name);
			free(name);
		}
		free(seqs);
		v[n].action = (enum action)a;
		v[n].keys = buf_detach(&b);
		n++;
	}
	*rows = v;
	return n;
}

static void
keys_rows_free(struct keys_row *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(rows[i].keys);
	free(rows);
}

/* Columns that s takes on a terminal. */
static int
keys_width(const char *s)
{
	return text_width(s, strlen(s), 0);
}

static void
keys_pad(struct buf *b, int from, int to)
{
	for (; from < to; from++)
		buf_addc(b, ' ');
}

/* Keys wider than this push their row's action to the right. */
#define KEYS_COLUMN_MAX 24
/* On a terminal the help is wrapped to fit here, as --help is (§2). */
#define KEYS_TEXT_WIDTH 80
#define KEYS_HELP_MIN 24

/*
 * help from column col on, wrapped at blanks to end at KEYS_TEXT_WIDTH
 * when wrap is set; continuation lines start at column col.  Help texts
 * are ASCII.
 */
static void
keys_text_help(struct buf *out, const char *help, int col, int wrap)
{
	int	 room = wrap ? KEYS_TEXT_WIDTH - col : INT_MAX;
	size_t	 len, cut;

	if (room < KEYS_HELP_MIN)
		room = KEYS_HELP_MIN;
	for (;;) {
		len = strlen(help);
		if (len <= (size_t)room) {
			buf_adds(out, help);
			break;
		}
		for (cut = (size_t)room; cut > 0 && help[cut] != ' '; cut--)
			;
		if (cut == 0)
			cut = strcspn(help, " ");
		buf_add(out, help, cut);
		help += cut;
		help += strspn(help, " ");
		if (*help == '\0')
			break;
		buf_addc(out, '\n');
		keys_pad(out, 0, col);
	}
	buf_addc(out, '\n');
}

/*
 * The text table.  Through a pipe each row stays one line, so that grep
 * and awk see the keys, the action and its help together.
 */
static void
keys_text(const struct keymap *km, struct buf *out, int wrap)
{
	struct keys_row	*rows[KEYMAP_NCONTEXT];
	size_t		 n[KEYMAP_NCONTEXT], i;
	int		 c, kw = 0, aw = 0, w;

	/* One set of columns for every context, so that they line up. */
	for (c = 0; c < KEYMAP_NCONTEXT; c++) {
		n[c] = keys_rows(km, (enum keymap_context)c, &rows[c]);
		for (i = 0; i < n[c]; i++) {
			w = keys_width(rows[c][i].keys);
			if (w > kw && w <= KEYS_COLUMN_MAX)
				kw = w;
			w = (int)strlen(action_name(rows[c][i].action));
			if (w > aw)
				aw = w;
		}
	}
	for (c = 0; c < KEYMAP_NCONTEXT; c++) {
		if (n[c] == 0) {
			keys_rows_free(rows[c], n[c]);
			continue;
		}
		if (out->len > 0)
			buf_addc(out, '\n');
		buf_printf(out, "%s: %s\n",
		    keymap_context_name((enum keymap_context)c),
		    keys_context_help[c]);
		for (i = 0; i < n[c]; i++) {
			const char	*name = action_name(rows[c][i].action);

			buf_adds(out, "  ");
			buf_adds(out, rows[c][i].keys);
			w = 2 + keys_width(rows[c][i].keys);
			keys_pad(out, w, 2 + kw);
			w = w > 2 + kw ? w : 2 + kw;
			buf_adds(out, "  ");
			buf_adds(out, name);
			keys_pad(out, (int)strlen(name), aw);
			buf_adds(out, "  ");
			keys_text_help(out, action_table[rows[c][i].action].help,
			    w + 2 + aw + 2, wrap);
		}
		keys_rows_free(rows[c], n[c]);
	}
}

/*
 * s as roff text in a tbl cell or text block: backslashes (so that no
 * escape such as \^ can start a cell), minus signs and the column separator
 * escaped, other characters than ASCII as \[uXXXX] (groff reads its input
 * as Latin-1), and a protecting \& before what tbl or roff would read as a
 * control at the start of a cell or line: . ' _ = T{
 */
static void
keys_roff(struct buf *b, const char *s)
{
	const uint8_t	*p = (const uint8_t *)s;
	size_t		 len = strlen(s);
	ucs4_t		 uc;
	int		 n;

	if (s[0] == '.' || s[0] == '\'' || s[0] == '_' || s[0] == '=' ||
	    strncmp(s, "T{", 2) == 0)
		buf_adds(b, "\\&");
	while (len > 0) {
		n = u8_mbtoucr(&uc, p, len);
		if (n <= 0) {
			uc = 0xfffd;
			n = 1;
		}
		if (uc == '\\')
			buf_adds(b, "\\e");
		else if (uc == '-')
			buf_adds(b, "\\-");
		else if (uc == '|')
			buf_adds(b, "\\[ba]");
		else if (uc < 0x20 || uc == 0x7f)
			buf_adds(b, "\\[uFFFD]");
		else if (uc < 0x80)
			buf_addc(b, (char)uc);
		else
			buf_printf(b, "\\[u%04X]", (unsigned)uc);
		p += n;
		len -= (size_t)n;
	}
}

/*
 * One tbl(1) table, a heading row per context.  The help column is a
 * text block so that tbl wraps it to the page width.
 */
static void
keys_man(const struct keymap *km, struct buf *out)
{
	struct keys_row	*rows;
	size_t		 n, i;
	int		 c, headings = 0;

	buf_adds(out, ".TS\n"
	    "tab(|);\n"
	    "lb lb lbx.\n"
	    "Keys|Action|What it does\n");
	for (c = 0; c < KEYMAP_NCONTEXT; c++) {
		n = keys_rows(km, (enum keymap_context)c, &rows);
		if (n == 0) {
			keys_rows_free(rows, n);
			continue;
		}
		/* One format per .T&: groff 1.22's tbl misapplies a second
		   format line after .T& to the rows that follow. */
		if (headings++ > 0)
			buf_adds(out, ".sp\n");
		buf_adds(out, ".T&\n"
		    "li s s.\n");
		buf_printf(out, "%s: %s\n",
		    keymap_context_name((enum keymap_context)c),
		    keys_context_help[c]);
		buf_adds(out, ".T&\n"
		    "lb l lx.\n");
		for (i = 0; i < n; i++) {
			keys_roff(out, rows[i].keys);
			buf_addc(out, '|');
			keys_roff(out, action_name(rows[i].action));
			buf_adds(out, "|T{\n");
			keys_roff(out, action_table[rows[i].action].help);
			buf_adds(out, "\nT}\n");
		}
		keys_rows_free(rows, n);
	}
	buf_adds(out, ".TE\n");
}

/* Each line of messages to stderr as "margin: keys: file:line: text". */
static void
keys_tell(const struct buf *messages)
{
	const char	*p;
	size_t		 n;

	if (messages->len == 0)
		return;
	for (p = messages->data; *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		cli_eprintf("margin: keys: %.*s\n", (int)n, p);
	}
}

static int
cmd_keys(struct cli *c)
{
	struct keymap	*km;
	struct options	 o;
	struct buf	 messages = BUF_INIT, out = BUF_INIT;
	const char	*v;
	size_t		 errors;
	int		 man = 0, a, rc = 0;

	for (a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--keymap", NULL)))
			c->keymap = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--format",
		    "-f"))) {
			if (strcmp(v, "text") == 0)
				man = 0;
			else if (strcmp(v, "man") == 0)
				man = 1;
			else
				cli_usage_error("unknown format \"%s\" "
				    "(text or man)", v);
		} else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	km = keymap_new();
	options_init(&o);
	errors = cli_load_config(c, km, &o, &messages);
	if (man)
		keys_man(km, &out);
	else
		keys_text(km, &out, isatty(STDOUT_FILENO));
	if (out.len > 0)
		cli_print(stdout, out.data, out.len);
	/* As the TUI does: the valid lines apply, every problem is told. */
	keys_tell(&messages);
	if (errors > 0)
		rc = EXIT_RUNTIME;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("keys", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	buf_free(&messages);
	buf_free(&out);
	keymap_free(km);
	return rc;
}

const struct command cmd_keys_entry = {
	.name = "keys",
	.summary = "print the active key bindings",
	.usage = "[--keymap FILE] [--format text|man]",
	.help =
	"Print the key bindings the reader would start with: the defaults,\n"
	"then the config file and --keymap.  Grouped by context; each action\n"
	"with its keys and what it does.  Problems in the files go to stderr\n"
	"(exit 1 when a line was wrong; the rest still applies).\n"
	"  --keymap FILE    read FILE after the config file, as margin does\n"
	"  -f, --format F   text (default) or man (a tbl(1) table in roff)\n",
	.run = cmd_keys,
};
