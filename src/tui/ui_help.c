/*
 * ui_help.c: the help overlay (`?`): the keys of the active keymap grouped
 * by where they act (the focused pane's groups first, then tagging, then
 * everywhere, then the rest), the label keys with the labels they tag
 * with, the `:` commands and the options of `set`.  Descriptions wrap to
 * the screen, never cut; the movement keys scroll it, any other key
 * closes it.
 */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/text.h"
#include "margin/util.h"
#include "pane.h"

/* A group of the overlay: a heading, the context whose keys it shows,
   its actions (ACTION_NONE ends them). */
struct ui_help_group {
	const char		*title;
	enum keymap_context	 context;
	enum layout_pane	 pane;		/* where it acts, or
						   LAYOUT_NPANES: anywhere */
	enum action		 actions[32];
};

static const struct ui_help_group ui_help_groups[] = {
	{ "Articles list", KEYMAP_LIST, LAYOUT_LIST,
	    { ACTION_OPEN, ACTION_NONE } },
	{ "Reader: moving", KEYMAP_READER, LAYOUT_READER,
	    { ACTION_WORD_NEXT, ACTION_WORD_PREV, ACTION_SPAN_NEXT,
	    ACTION_SPAN_PREV, ACTION_NONE } },
	{ "Tagging (the word or the selection; on a span: relabel)",
	    KEYMAP_READER,
	    LAYOUT_READER,
	    { ACTION_LABEL_1, ACTION_LABEL_2, ACTION_LABEL_3, ACTION_LABEL_4,
	    ACTION_LABEL_5, ACTION_LABEL_6, ACTION_LABEL_7, ACTION_LABEL_8,
	    ACTION_LABEL_9, ACTION_LABEL_PICK, ACTION_DELETE, ACTION_NOTE,
	    ACTION_PROPAGATE, ACTION_NONE } },
	{ "Selection (reader)", KEYMAP_READER, LAYOUT_READER,
	    { ACTION_SELECT, ACTION_EXTEND_CHAR, ACTION_SHRINK_CHAR,
	    ACTION_NONE } },
	{ "Suggestions (reader)", KEYMAP_READER, LAYOUT_READER,
	    { ACTION_SUGGESTION_NEXT, ACTION_SUGGESTION_PREV, ACTION_ACCEPT,
	    ACTION_REJECT, ACTION_ACCEPT_ALL, ACTION_NONE } },
	{ "Entities and relations (reader)", KEYMAP_READER, LAYOUT_READER,
	    { ACTION_ENTITY_LINK, ACTION_RELATION, ACTION_NONE } },
	{ "Annotations pane (on the selected span)", KEYMAP_ANNOTATIONS,
	    LAYOUT_ANNOTATIONS,
	    { ACTION_OPEN, ACTION_LABEL_1, ACTION_LABEL_2, ACTION_LABEL_3,
	    ACTION_LABEL_4, ACTION_LABEL_5, ACTION_LABEL_6, ACTION_LABEL_7,
	    ACTION_LABEL_8, ACTION_LABEL_9, ACTION_LABEL_PICK, ACTION_DELETE,
	    ACTION_NOTE, ACTION_ACCEPT, ACTION_REJECT, ACTION_ACCEPT_ALL,
	    ACTION_SUGGESTION_NEXT, ACTION_SUGGESTION_PREV, ACTION_PROPAGATE,
	    ACTION_ENTITY_LINK, ACTION_RELATION, ACTION_NONE } },
	{ "Everywhere", KEYMAP_GENERIC, LAYOUT_NPANES,
	    { ACTION_HELP, ACTION_QUIT, ACTION_FOCUS_NEXT, ACTION_FOCUS_PREV,
	    ACTION_TOGGLE_ANNOTATIONS, ACTION_MOVE_DOWN, ACTION_MOVE_UP,
	    ACTION_PAGE_DOWN, ACTION_PAGE_UP, ACTION_TOP, ACTION_BOTTOM,
	    ACTION_ARTICLE_NEXT, ACTION_ARTICLE_PREV, ACTION_DONE_NEXT,
	    ACTION_TOGGLE_DONE, ACTION_UNDO, ACTION_REDO, ACTION_SEARCH,
	    ACTION_SEARCH_NEXT, ACTION_SEARCH_PREV, ACTION_SUGGEST,
	    ACTION_TAG_ARTICLE, ACTION_VIEW_ANNOTATOR, ACTION_COMMAND,
	    ACTION_STATS, ACTION_ENTITIES, ACTION_CANCEL, ACTION_REDRAW,
	    ACTION_NONE } },
	{ "Prompt", KEYMAP_PROMPT, LAYOUT_NPANES,
	    { ACTION_SUBMIT, ACTION_CANCEL, ACTION_BACKSPACE, ACTION_COMPLETE,
	    ACTION_CLEAR_LINE, ACTION_NONE } },
	{ "Review (margin review)", KEYMAP_REVIEW, LAYOUT_NPANES,
	    { ACTION_REVIEW_NEXT, ACTION_REVIEW_PREV, ACTION_TAKE_A,
	    ACTION_TAKE_B, ACTION_TAKE_BOTH, ACTION_TAKE_NEITHER,
	    ACTION_NONE } },
};
#define UI_HELP_NGROUPS (sizeof(ui_help_groups) / sizeof(ui_help_groups[0]))

/* The groups of the tagging work, shown early whatever has the focus. */
static int
ui_help_tagging(size_t g)
{
	return g >= 2 && g <= 5;
}

/* One line of the overlay, as drawn. */
enum ui_help_kind {
	UI_HELP_HEADING,
	UI_HELP_ENTRY,		/* keys, name, the first row of the text */
	UI_HELP_MORE		/* a further row of the text */
};
struct ui_help_line {
	enum ui_help_kind	 kind;
	char			*keys;
	const char		*name;
	char			*text;
};
struct ui_help_lines {
	struct ui_help_line	*v;
	size_t			 n, cap;
};

/* The columns: keys, the action's name (0: not shown), the text; the
   overlay's width for headings. */
struct ui_help_cols {
	int	 keys, name, text, width;
};

static void
ui_help_push(struct ui_help_lines *l, enum ui_help_kind kind, char *keys,
    const char *name, char *text)
{
	ARRAY_RESERVE(l->v, l->cap, l->n + 1);
	l->v[l->n].kind = kind;
	l->v[l->n].keys = keys;
	l->v[l->n].name = name;
	l->v[l->n].text = text;
	l->n++;
}

static void
ui_help_lines_free(struct ui_help_lines *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].keys);
		free(l->v[i].text);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The keys of a in context c alone, "1 x", or NULL. */
static char *
ui_help_keys(struct ui *ui, enum keymap_context c, enum action a)
{
	struct keyseq	*seqs = NULL;
	struct buf	 b = BUF_INIT;
	size_t		 n, i;

	n = keymap_keys_for(ui->keymap, c, a, &seqs);
	for (i = 0; i < n; i++) {
		char	*name = keymap_seq_name(&seqs[i]);

		buf_printf(&b, "%s%s", b.len ? " " : "", name);
		free(name);
	}
	free(seqs);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* An action's help, with the label a label key tags with: "Tag with
   PER (person)", not "Tag with label 1". */
static void
ui_help_text(struct ui *ui, enum action a, struct buf *b)
{
	const struct store_label	*l;

	if (a >= ACTION_LABEL_1 && a <= ACTION_LABEL_9 &&
	    (l = ui_label_for(ui, a)) != NULL) {
		buf_printf(b, "Tag with %s", l->name);
		if (l->description != NULL && l->description[0] != '\0')
			buf_printf(b, " (%s)", l->description);
		return;
	}
	buf_adds(b, action_table[a].help);
}

/* An entry: its text wrapped to the text column, the rows after the
   first indented under it. */
static void
ui_help_entry(struct ui_help_lines *l, const struct ui_help_cols *cols,
    char *keys, const char *name, const char *text)
{
	struct text_row	*rows = NULL;
	size_t		 n, i, len = strlen(text);

	/* Keys wider than their column have the row to themselves (what
	   to type of a command has the action name's column too). */
	if (keys != NULL && text_width(keys, strlen(keys), 0) >= (name ?
	    cols->keys : cols->keys + (cols->name ? cols->name + 1 : 0))) {
		ui_help_push(l, UI_HELP_ENTRY, keys, name, xstrdup(""));
		keys = NULL;
		name = NULL;
		if (len == 0)
			return;
		n = text_wrap(text, len, cols->text > 0 ? cols->text : 1,
		    &rows);
		for (i = 0; i < n; i++) {
			size_t	 s = rows[i].start, e = rows[i].end;

			while (e > s && text[e - 1] == ' ')
				e--;
			ui_help_push(l, UI_HELP_MORE, NULL, NULL,
			    xstrndup(text + s, e - s));
		}
		free(rows);
		return;
	}
	n = text_wrap(text, len, cols->text > 0 ? cols->text : 1, &rows);
	for (i = 0; i < n; i++) {
		size_t	 s = rows[i].start, e = rows[i].end;

		while (e > s && text[e - 1] == ' ')
			e--;
		ui_help_push(l, i == 0 ? UI_HELP_ENTRY : UI_HELP_MORE,
		    i == 0 ? keys : NULL, i == 0 ? name : NULL,
		    xstrndup(text + s, e - s));
	}
	free(rows);
}

/* A heading, wrapped to the overlay. */
static void
ui_help_heading(struct ui_help_lines *l, const struct ui_help_cols *cols,
    const char *title)
{
	struct text_row	*rows = NULL;
	size_t		 n, i;

	n = text_wrap(title, strlen(title), cols->width, &rows);
	for (i = 0; i < n; i++) {
		size_t	 s = rows[i].start, e = rows[i].end;

		while (e > s && title[e - 1] == ' ')
			e--;
		ui_help_push(l, UI_HELP_HEADING, NULL, NULL,
		    xstrndup(title + s, e - s));
	}
	free(rows);
}

/* Group g's lines; nothing when none of its actions has a key.  In the
   annotations pane, the keys that act there as in the reader are one
   line. */
static void
ui_help_group(struct ui *ui, size_t g, const struct ui_help_cols *cols,
    struct ui_help_lines *l, int *shown)
{
	const struct ui_help_group	*grp = &ui_help_groups[g];
	struct buf			 same = BUF_INIT;
	size_t				 i, first = l->n;

	for (i = 0; grp->actions[i] != ACTION_NONE; i++) {
		enum action	 a = grp->actions[i];
		struct buf	 text = BUF_INIT;
		char		*keys, *rkeys;

		/* A label key with no label in the schema tags nothing. */
		if (a >= ACTION_LABEL_1 && a <= ACTION_LABEL_9 &&
		    ui_label_for(ui, a) == NULL) {
			shown[a] = 1;
			continue;
		}
		if ((keys = ui_help_keys(ui, grp->context, a)) == NULL)
			continue;
		if (l->n == first)
			ui_help_heading(l, cols, grp->title);
		shown[a] = 1;
		if (grp->context == KEYMAP_ANNOTATIONS &&
		    (rkeys = ui_help_keys(ui, KEYMAP_READER, a)) != NULL) {
			int	 eq = strcmp(rkeys, keys) == 0;

			free(rkeys);
			if (eq) {
				buf_printf(&same, "%s%s", same.len ? " " : "",
				    keys);
				free(keys);
				continue;
			}
		}
		ui_help_text(ui, a, &text);
		ui_help_entry(l, cols, keys, action_name(a), text.data);
		buf_free(&text);
	}
	if (same.len > 0) {
		buf_adds(&same, ": as in the reader, on the span selected "
		    "here");
		ui_help_entry(l, cols, xstrdup(""), NULL, same.data);
	}
	buf_free(&same);
}

/* Every line of the overlay at this width. */
static void
ui_help_build(struct ui *ui, const struct ui_help_cols *cols,
    struct ui_help_lines *l)
{
	enum layout_pane	 focus = ui->focus;
	int			 shown[ACTION_COUNT], done[UI_HELP_NGROUPS];
	struct buf		 what = BUF_INIT, help = BUF_INIT;
	size_t			 g, i, first;
	int			 pass, a;

	memset(shown, 0, sizeof(shown));
	memset(done, 0, sizeof(done));
	if (ui->review != NULL && focus == LAYOUT_ANNOTATIONS)
		focus = LAYOUT_NPANES;
	/* The focused pane's groups, the tagging ones, everywhere, the
	   rest. */
	for (pass = 0; pass < 4; pass++)
		for (g = 0; g < UI_HELP_NGROUPS; g++) {
			if (done[g] || (pass == 0 &&
			    ui_help_groups[g].pane != focus) ||
			    (pass == 1 && !ui_help_tagging(g)) ||
			    (pass == 2 && ui_help_groups[g].context !=
			    KEYMAP_GENERIC))
				continue;
			if (pass == 0 && ui->review != NULL &&
			    ui_help_groups[g].context == KEYMAP_REVIEW)
				continue;
			ui_help_group(ui, g, cols, l, shown);
			done[g] = 1;
		}
	/* What a keymap binds that no group holds. */
	first = l->n;
	for (a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		enum keymap_context	 c;
		char			*keys = NULL;

		if (shown[a])
			continue;
		for (c = 0; c < KEYMAP_NCONTEXT && keys == NULL; c++)
			keys = ui_help_keys(ui, c, (enum action)a);
		if (keys == NULL)
			continue;
		if (l->n == first)
			ui_help_heading(l, cols, "Other keys");
		ui_help_entry(l, cols, keys, action_name((enum action)a),
		    action_table[a].help);
	}
	ui_help_heading(l, cols, "Commands (:) and options (:set)");
	for (i = 0; ui_command_help(i, &what, &help); i++) {
		ui_help_entry(l, cols, buf_detach(&what), NULL,
		    help.data ? help.data : "");
		buf_truncate(&help, 0);
	}
	buf_free(&what);
	buf_free(&help);
}

/* The columns for an overlay w wide: the action names (15 columns at
   most, suggestion-prev; toggle-annotations 18) from 70 columns. */
static void
ui_help_columns(int w, struct ui_help_cols *c)
{
	c->keys = w >= 60 ? 16 : 12;
	c->name = w >= 70 ? 18 : 0;
	c->text = w - 1 - c->keys - 1 - (c->name ? c->name + 1 : 0) - 1;
	if (c->text < 10)
		c->text = 10;
	c->width = w > 3 ? w - 2 : 1;
}

void
ui_help_draw(struct ui *ui)
{
	struct ui_help_lines	 l = { NULL, 0, 0 };
	struct ui_help_cols	 cols;
	char			 title[96];
	int			 w = COLS, h = LINES - 2, y = 0, x = 0, row;
	int			 tx, body, kw;
	size_t			 first, last;

	/* Over the panes; the status and message lines stay. */
	if (h < 3)
		h = LINES;
	ui_help_columns(w, &cols);
	ui_help_build(ui, &cols, &l);
	body = h - 1;
	if (body < 1)
		body = 1;
	if (ui->help_top + (size_t)body > l.n)
		ui->help_top = l.n > (size_t)body ? l.n - (size_t)body : 0;
	first = ui->help_top;
	for (row = 0; row < h; row++)
		draw_fill(y + row, x, w, 0, 0);
	last = first + (size_t)body < l.n ? first + (size_t)body : l.n;
	if (l.n <= (size_t)body)
		snprintf(title, sizeof(title), "Keys  (any key closes)");
	else {
		snprintf(title, sizeof(title), "Keys  %zu-%zu of %zu  (j/k, "
		    "Space scroll; any other key closes)", first + 1, last,
		    l.n);
		if ((int)strlen(title) > w - 2)
			snprintf(title, sizeof(title), "Keys %zu-%zu/%zu  "
			    "j/k scroll, other keys close", first + 1, last, l.n);
	}
	draw_fill(y, x, w, A_REVERSE, 0);
	draw_str(y, x + 1, w - 2, title, A_BOLD | A_REVERSE, 0);
	tx = x + 1 + cols.keys + 1 + (cols.name ? cols.name + 1 : 0);
	for (row = 1; row < h && first + (size_t)row - 1 < l.n; row++) {
		const struct ui_help_line *ln = &l.v[first + (size_t)row - 1];
		int			   yy = y + row;

		switch (ln->kind) {
		case UI_HELP_HEADING:
			draw_str(yy, x + 1, w - 2, ln->text, A_BOLD |
			    A_UNDERLINE, 0);
			break;
		case UI_HELP_ENTRY:
			/* Keys on a row of their own take it all; a
			   command's take the name's column too. */
			if (ln->text[0] == '\0')
				kw = x + w - (x + 2);
			else if (ln->name == NULL)
				kw = tx - (x + 2) - 1;
			else
				kw = cols.keys;
			kw = draw_str(yy, x + 2, kw, ln->keys ? ln->keys :
			    "", A_BOLD, 0);
			if (cols.name && ln->name != NULL &&
			    2 + kw < 2 + cols.keys + 1)
				draw_str(yy, x + 2 + cols.keys, cols.name,
				    ln->name, A_DIM, 0);
			else if (cols.name && ln->name != NULL)
				draw_str(yy, x + 2 + kw + 1, x + w - (x + 3 +
				    kw), ln->name, A_DIM, 0);
			if (ln->text[0] == '\0')
				break;
			/* FALLTHROUGH */
		case UI_HELP_MORE:
			draw_str(yy, tx, x + w - tx, ln->text, 0, 0);
			break;
		}
	}
	ui_help_lines_free(&l);
}

/* A key while the help is shown (read in context c, the focused
   pane's): movement scrolls, the rest closes. */
void
ui_help_key(struct ui *ui, enum keymap_context c, const struct key *k)
{
	struct keyseq	 seq;
	enum action	 a = ACTION_NONE;
	size_t		 page = LINES > 4 ? (size_t)LINES - 4 : 1;

	memset(&seq, 0, sizeof(seq));
	seq.keys[0] = *k;
	seq.n = 1;
	keymap_lookup(ui->keymap, c, &seq, &a);
	switch (a) {
	case ACTION_MOVE_DOWN:
		ui->help_top++;
		break;
	case ACTION_MOVE_UP:
		if (ui->help_top > 0)
			ui->help_top--;
		break;
	case ACTION_PAGE_DOWN:
		ui->help_top += page;
		break;
	case ACTION_PAGE_UP:
		ui->help_top = ui->help_top > page ? ui->help_top - page : 0;
		break;
	case ACTION_TOP:
		ui->help_top = 0;
		break;
	case ACTION_BOTTOM:
		/* The drawing keeps the last line at the bottom. */
		ui->help_top = SIZE_MAX / 2;
		break;
	default:
		ui->help = 0;
		break;
	}
}
