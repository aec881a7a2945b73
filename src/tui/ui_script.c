/*
 * ui_script.c: keys from curses, and the headless script mode (SPEC §14):
 * a script drives the TUI on a virtual screen and dumps it as text, the way
 * tig's tests do, so that UI tests need no terminal.
 */
#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "margin/text.h"
#include "ui_script.h"
#include "margin/util.h"

int
ui_translate_key(int rc, wint_t wc, struct key *k)
{
	static const struct {
		int		curses;
		uint32_t	key;
	} special[] = {
		{ KEY_UP, KEYS_UP }, { KEY_DOWN, KEYS_DOWN },
		{ KEY_LEFT, KEYS_LEFT }, { KEY_RIGHT, KEYS_RIGHT },
		{ KEY_PPAGE, KEYS_PGUP }, { KEY_NPAGE, KEYS_PGDN },
		{ KEY_HOME, KEYS_HOME }, { KEY_END, KEYS_END },
		{ KEY_IC, KEYS_INS }, { KEY_DC, KEYS_DEL },
		{ KEY_BTAB, KEYS_BTAB }, { KEY_ENTER, KEYS_ENTER },
		{ KEY_BACKSPACE, KEYS_BACKSPACE },
	};
	size_t	 i;

	k->mods = 0;
	if (rc == KEY_CODE_YES) {
		if (wc >= (wint_t)KEY_F(1) && wc <= (wint_t)KEY_F(12)) {
			k->code = KEYS_F1 + (uint32_t)(wc - KEY_F(1));
			return 1;
		}
		for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
			if ((wint_t)special[i].curses == wc) {
				k->code = special[i].key;
				return 1;
			}
		return 0;
	}
	if (rc != OK)
		return 0;
	if (wc < 32 || wc == 127) {
		*k = keymap_key_from_control((int)wc);
		return 1;
	}
	if (wc < 32 || (wc >= 0x80 && wc < 0xa0))
		return 0;
	k->code = (uint32_t)wc;
	return 1;
}

/* Append the UTF-8 of wc to b. */
static void
ui_script_put_wc(struct buf *b, wchar_t wc)
{
	char		 mb[MB_LEN_MAX];
	mbstate_t	 st;
	size_t		 n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, wc, &st);
	if (n == (size_t)-1)
		buf_adds(b, "?");
	else
		buf_add(b, mb, n);
}

static const char *
ui_script_color_name(short c)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta",
		"cyan", "white"
	};
	static char	 num[8];

	if (c < 0)
		return "default";
	if (c < 8)
		return names[c];
	snprintf(num, sizeof(num), "%d", c);
	return num;
}

static void
ui_script_attr_name(struct buf *b, attr_t a, short pair)
{
	short	 fg, bg;
	size_t	 start = b->len;

	if (a & A_REVERSE)
		buf_adds(b, "reverse,");
	if (a & A_BOLD)
		buf_adds(b, "bold,");
	if (a & A_UNDERLINE)
		buf_adds(b, "underline,");
	if (a & A_DIM)
		buf_adds(b, "dim,");
	if (pair > 0 && pair_content(pair, &fg, &bg) == OK) {
		buf_printf(b, "fg=%s,", ui_script_color_name(fg));
		if (bg >= 0)
			buf_printf(b, "bg=%s,", ui_script_color_name(bg));
	}
	if (b->len > start)
		buf_truncate(b, b->len - 1);
}

/*
 * The screen as text: one line per row, wide characters once, trailing
 * blanks trimmed.  With attrs, a second part lists the attribute runs of
 * each row as "ROW: FROM-TO reverse,bold,fg=red".
 */
static int
ui_script_dump(const char *path, int attrs, char **errp)
{
	struct buf	 text = BUF_INIT, runs = BUF_INIT;
	FILE		*f;
	int		 y, x;

	for (y = 0; y < LINES; y++) {
		size_t	 line_start = text.len, keep = text.len;
		attr_t	 run_attr = 0;
		short	 run_pair = 0;
		int	 run_from = 0;

		for (x = 0; x < COLS; x++) {
			cchar_t	 cc;
			wchar_t	 wc[CCHARW_MAX + 1];
			attr_t	 a = 0;
			short	 pair = 0;
			int	 i, w = 1;

			wc[0] = L' ';
			wc[1] = L'\0';
			if (mvin_wch(y, x, &cc) != ERR)
				getcchar(&cc, wc, &a, &pair, NULL);
			a &= ~A_COLOR;
			if (x > 0 && (a != run_attr || pair != run_pair)) {
				if (run_attr || run_pair) {
					buf_printf(&runs, "%d: %d-%d ", y,
					    run_from, x - 1);
					ui_script_attr_name(&runs, run_attr,
					    run_pair);
					buf_adds(&runs, "\n");
				}
				run_from = x;
			}
			run_attr = a;
			run_pair = pair;
			if (wc[0] == L'\0')
				wc[0] = L' ';
			for (i = 0; wc[i] != L'\0'; i++)
				ui_script_put_wc(&text, wc[i]);
			if (wc[0] != L' ')
				keep = text.len;
			w = wcwidth(wc[0]);
			if (w == 2)
				x++;	/* the wide character's second column */
		}
		if (run_attr || run_pair) {
			buf_printf(&runs, "%d: %d-%d ", y, run_from, COLS - 1);
			ui_script_attr_name(&runs, run_attr, run_pair);
			buf_adds(&runs, "\n");
		}
		(void)line_start;
		buf_truncate(&text, keep);
		buf_addc(&text, '\n');
	}
	if ((f = fopen(path, "w")) == NULL) {
		buf_free(&text);
		buf_free(&runs);
		return err_set(errp, "%s: %s", path, strerror(errno));
	}
	fwrite(text.data, 1, text.len, f);
	if (attrs) {
		fputs("--- attributes\n", f);
		if (runs.len)
			fwrite(runs.data, 1, runs.len, f);
	}
	buf_free(&text);
	buf_free(&runs);
	if (fclose(f) != 0)
		return err_set(errp, "%s: %s", path, strerror(errno));
	return 0;
}

/*
 * Mouse events: `:click X Y`, `:drag X1 Y1 X2 Y2` (press, then release
 * elsewhere) and `:wheel up|down X Y`, in screen cells from 0.
 */
static int
ui_script_mouse(struct ui *ui, const char *cmd, const char *arg,
    char **errp)
{
	struct ui_mouse_event	 ev;
	char			 dir[8];
	int			 x2, y2;

	if (strcmp(cmd, "click") == 0) {
		if (sscanf(arg, "%d %d", &ev.x, &ev.y) != 2)
			return err_set(errp, "click: expected X Y");
		ev.kind = UI_MOUSE_CLICK;
	} else if (strcmp(cmd, "drag") == 0) {
		if (sscanf(arg, "%d %d %d %d", &ev.x, &ev.y, &x2, &y2) != 4)
			return err_set(errp, "drag: expected X1 Y1 X2 Y2");
		ev.kind = UI_MOUSE_PRESS;
		ui_mouse(ui, &ev);
		ui_redraw_for_script(ui);
		ev.kind = UI_MOUSE_RELEASE;
		ev.x = x2;
		ev.y = y2;
	} else {
		if (sscanf(arg, "%7s %d %d", dir, &ev.x, &ev.y) != 3 ||
		    (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0))
			return err_set(errp, "wheel: expected up|down X Y");
		ev.kind = dir[0] == 'u' ? UI_MOUSE_WHEEL_UP :
		    UI_MOUSE_WHEEL_DOWN;
	}
	ui_mouse(ui, &ev);
	ui_redraw_for_script(ui);
	return 0;
}

/*
 * After a key: a bulk write runs to its end before the next key (a
 * script sees where it ends, not how fast), and so does the run that
 * suggest-on-open starts.  A training is left alone until `:wait`, so
 * that what a script sees never depends on how fast it is.
 */
static void
ui_script_settle(struct ui *ui)
{
	while (ui_job_running(ui))
		ui_job_step(ui);
	ui_suggest_idle(ui);
	while (ui_job_running(ui))
		ui_job_step(ui);
}

/* `:wait`: until the training in the background has ended (polled,
   at most UI_SCRIPT_WAIT_S seconds), then what follows its end. */
#define UI_SCRIPT_WAIT_S	600

static int
ui_script_wait(struct ui *ui, char **errp)
{
	int64_t	 until = mono_ms() + UI_SCRIPT_WAIT_S * 1000;

	while (ui_train_running(ui)) {
		if (mono_ms() > until)
			return err_set(errp, "wait: the training still runs "
			    "after %d s", UI_SCRIPT_WAIT_S);
		napms(20);
		ui_train_poll(ui);
	}
	ui_script_settle(ui);
	ui_redraw_for_script(ui);
	return 0;
}

/* A `:` line of a script; whole is the line as written. */
static int
ui_script_command(struct ui *ui, const char *whole, char *line, char **errp)
{
	char	*arg;
	int	 cols, rows;

	arg = line + strcspn(line, " \t");
	if (*arg != '\0')
		*arg++ = '\0';
	arg += strspn(arg, " \t");
	if (strcmp(line, "resize") == 0) {
		if (sscanf(arg, "%d %d", &cols, &rows) != 2 || cols < 1 ||
		    rows < 1 || cols > 1000 || rows > 1000)
			return err_set(errp, "resize: expected COLS ROWS");
		ui_resize(ui, cols, rows);
		return 0;
	}
	if (strcmp(line, "dump") == 0 || strcmp(line, "dump-attrs") == 0) {
		if (*arg == '\0')
			return err_set(errp, "%s: expected a file name", line);
		ui_redraw_for_script(ui);
		return ui_script_dump(arg, line[4] == '-', errp);
	}
	if (strcmp(line, "wait") == 0)
		return ui_script_wait(ui, errp);
	if (strcmp(line, "click") == 0 || strcmp(line, "drag") == 0 ||
	    strcmp(line, "wheel") == 0)
		return ui_script_mouse(ui, line, arg, errp);
	/* Anything else is typed at the `:` prompt. */
	ui_command_run(ui, whole);
	ui_script_settle(ui);
	ui_redraw_for_script(ui);
	return 0;
}

/* A line of keys: `<Name>` or one character each; blanks separate. */
static int
ui_script_keys(struct ui *ui, const char *line, char **errp)
{
	const char	*p = line;

	while (*p != '\0') {
		struct keyseq	 seq;
		char		*tok, *warning = NULL;
		size_t		 n;
		int		 i;

		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (*p == '<' && (n = strcspn(p, ">")) > 1 && p[n] == '>')
			n++;
		else {
			n = text_cp_next(p, strlen(p), 0);
		}
		tok = xstrndup(p, n);
		if (keymap_parse_keys(tok, &seq, &warning, errp) == -1) {
			free(tok);
			return -1;
		}
		free(warning);
		free(tok);
		for (i = 0; i < seq.n && !ui->quit; i++) {
			ui_key(ui, &seq.keys[i]);
			ui_script_settle(ui);
			ui_redraw_for_script(ui);
		}
		p += n;
	}
	return 0;
}

int
ui_script_run(struct ui *ui, const char *path, char **errp)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 cap = 0;
	ssize_t	 n;
	int	 lineno = 0, rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return err_set(errp, "script: %s: %s", path, strerror(errno));
	ui_script_settle(ui);
	ui_redraw_for_script(ui);
	while (!ui->quit && (n = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (line[0] == ':') {
			char	*whole = xstrdup(line + 1);

			rc = ui_script_command(ui, whole, line + 1, errp);
			free(whole);
		} else
			rc = ui_script_keys(ui, line, errp);
		if (rc == -1) {
			err_prefix(errp, "%s:%d", path, lineno);
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}
