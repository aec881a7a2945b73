/*
 * ui_command.c: the `:` commands of the TUI (SPEC §6.1): label, set,
 * export, annotator, goto, filter, quit; and their completion.  One table
 * lists them, with what completes each argument.
 */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "margin/config.h"
#include "margin/export.h"
#include "margin/labels.h"
#include "pane.h"
#include "margin/util.h"

#define UI_COMMAND_MAXARGS 16

struct ui_command_args {
	char	*v[UI_COMMAND_MAXARGS];
	int	 n;
};

enum ui_complete {
	COMPLETE_NOTHING,
	COMPLETE_LABELS,	/* label names */
	COMPLETE_OPTIONS,	/* set: option names */
	COMPLETE_FILTER,	/* filter: tag done todo all clear */
	COMPLETE_LABEL_SUB,	/* label: add rm, then label names */
	COMPLETE_SCHEMAS,	/* labels: merge, then the schema names */
	COMPLETE_ENTITY_SUB	/* entity: its subcommands */
};

/* What a command's run returns when its words do not fit its usage: the
   usage of the table is shown. */
#define UI_COMMAND_USAGE	(-2)

struct ui_command {
	const char	*name;
	const char	*usage;		/* shown on UI_COMMAND_USAGE */
	const char	*help;		/* for the help overlay */
	enum ui_complete complete;
	int		(*run)(struct ui *, struct ui_command_args *, char **);
};

/*
 * Split line into words: blanks separate, double quotes group (with \" and
 * \\ inside).  The words point into line, which is modified.
 */
static int
ui_command_split(char *line, struct ui_command_args *a, char **errp)
{
	char	*p = line, *out;

	a->n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		if (a->n == UI_COMMAND_MAXARGS)
			return err_set(errp, "too many words");
		a->v[a->n++] = out = p;
		if (*p == '"') {
			p++;
			while (*p != '"') {
				if (*p == '\0')
					return err_set(errp, "unterminated "
					    "quoted string");
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*out++ = *p++;
			}
			p++;
		} else
			while (*p != '\0' && *p != ' ' && *p != '\t')
				*out++ = *p++;
		if (*p != '\0' && out == p)
			p++;
		else if (*p != '\0')
			*p++ = '\0';
		*out = '\0';
	}
}

static int
ui_command_label(struct ui *ui, struct ui_command_args *a, char **errp)
{
	/* What the command leaves out (NULL) stays as the label has it. */
	const char	*key = NULL, *color = NULL, *desc = NULL;
	int		 i, c;

	if (a->n >= 3 && strcmp(a->v[1], "rm") == 0 && a->n == 3) {
		if (store_label_remove(ui->store, a->v[2], errp) == -1)
			return -1;
		ui_load_labels(ui);
		ui_message(ui, "label %s removed", a->v[2]);
		return 0;
	}
	if (a->n < 3 || strcmp(a->v[1], "add") != 0)
		return UI_COMMAND_USAGE;
	for (i = 3; i < a->n; i++) {
		if (strcmp(a->v[i], "key") == 0 && i + 1 < a->n)
			key = a->v[++i];
		else if (strcmp(a->v[i], "color") == 0 && i + 1 < a->n) {
			color = a->v[++i];
			if (config_color_parse(color, &c) == -1)
				return err_set(errp, "unknown colour \"%s\"",
				    color);
		} else if (desc == NULL)
			desc = a->v[i];
		else
			return err_set(errp, "unexpected \"%s\"", a->v[i]);
	}
	if (!store_label_valid_name(a->v[2]))
		return err_set(errp, "\"%s\" is not a label name "
		    "([A-Za-z0-9_-]+)", a->v[2]);
	if (store_label_add(ui->store, a->v[2], key, color, desc, errp) == -1)
		return -1;
	ui_load_labels(ui);
	draw_init_colors(ui);
	ui_message(ui, "label %s added", a->v[2]);
	return 0;
}

/* :labels: the schemas there are; :labels [merge] NAME|FILE switches. */
static int
ui_command_labels(struct ui *ui, struct ui_command_args *a, char **errp)
{
	struct labels_result	 r;
	struct buf		 b = BUF_INIT;
	char			**names;
	size_t			 n, i;
	int			 merge = a->n == 3 && strcmp(a->v[1], "merge") == 0;

	if (a->n == 1) {
		labels_available(&names, &n);
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i > 0 ? ", " : "", names[i]);
		store_strings_free(names, n);
		if (n == 0)
			ui_message(ui, "no schema files found; :labels FILE "
			    "loads one");
		else
			ui_message(ui, "schemas: %s (:labels NAME switches, "
			    ":labels merge NAME adds)", b.data);
		buf_free(&b);
		return 0;
	}
	if (a->n != 2 && !merge)
		return UI_COMMAND_USAGE;
	if (labels_load(ui->store, a->v[a->n - 1], !merge, &r, errp) == -1) {
		/* The file's first error says more than the count of them. */
		if (r.nlines > 0 && errp != NULL) {
			free(*errp);
			*errp = xasprintf("%s; no labels loaded", r.lines[0]);
		}
		labels_result_free(&r);
		return -1;
	}
	ui_load_labels(ui);
	draw_init_colors(ui);
	/* The summary, and the first change that moves a key or keeps a
	   label (`margin labels load` prints them all). */
	if (r.nlines > 0 && strncmp(r.lines[0], "added ", 6) != 0 &&
	    strncmp(r.lines[0], "removed ", 8) != 0)
		ui_message(ui, "%s; %s", r.summary, r.lines[0]);
	else
		ui_message(ui, "%s", r.summary);
	labels_result_free(&r);
	return 0;
}

static int
ui_command_set(struct ui *ui, struct ui_command_args *a, char **errp)
{
	if (a->n != 3)
		return UI_COMMAND_USAGE;
	if (options_set(&ui->options, a->v[1], a->v[2], errp) == -1)
		return -1;
	if (strcmp(a->v[1], "color") == 0)
		draw_init_colors(ui);
	if (strcmp(a->v[1], "mouse") == 0)
		ui_mouse_setup(ui);
	ui_message(ui, "%s is %s", a->v[1], a->v[2]);
	return 0;
}

static int
ui_command_export(struct ui *ui, struct ui_command_args *a, char **errp)
{
	struct export_options	 o;
	char			*v[UI_COMMAND_MAXARGS];
	const char		*path;
	struct file_out		 fo;
	int			 i, n = 0, mine = 0, rc;

	/* --mine is the prompt's own; the rest are margin export's options,
	   read by the same parser. */
	for (i = 1; i < a->n; i++) {
		if (strcmp(a->v[i], "--mine") == 0)
			mine = 1;
		else
			v[n++] = a->v[i];
	}
	if (export_options_parse(n, v, &o, errp) == -1) {
		export_options_free(&o);
		return -1;
	}
	if (mine)
		o.filter.annotator = ui->annotator;
	/* The destination is a word, or -o as on the command line; the
	   terminal is the TUI's, so never "-". */
	path = o.positional != NULL ? o.positional : o.output;
	if (o.positional != NULL && o.output != NULL)
		rc = err_set(errp, "give the destination once, not as both "
		    "-o %s and %s", o.output, o.positional);
	else if (path == NULL || strcmp(path, "-") == 0)
		rc = UI_COMMAND_USAGE;
	else if (o.format != EXPORT_BRAT && file_out_open(&fo, path, errp) == -1)
		rc = -1;
	else if (o.format != EXPORT_BRAT && isatty(fileno(fo.f))) {
		/* The screen is the TUI's: an export there would garble it. */
		file_out_abort(&fo);
		rc = err_set(errp, "%s: a terminal; export to a file", path);
	} else {
		/* brat writes a folder of files, created when missing; a
		   file is written whole or not at all (file_out_open). */
		if (o.format == EXPORT_BRAT)
			o.dir = path;
		rc = export_write(ui->store, &o,
		    o.format == EXPORT_BRAT ? NULL : fo.f, errp);
		if (o.format != EXPORT_BRAT && rc == -1)
			file_out_abort(&fo);
		else if (o.format != EXPORT_BRAT)
			rc = file_out_commit(&fo, errp);
		if (rc == 0)
			ui_message(ui, "exported to %s%s", path,
			    o.format == EXPORT_BRAT ? "/" : "");
	}
	export_options_free(&o);
	return rc;
}

static int
ui_command_annotator(struct ui *ui, struct ui_command_args *a, char **errp)
{
	if (a->n != 2 || a->v[1][0] == '\0')
		return UI_COMMAND_USAGE;
	free(ui->annotator);
	ui->annotator = xstrdup(a->v[1]);
	ui->list.filter.annotator = ui->annotator;
	store_set_actor(ui->store, ui->annotator);
	/* suggest-on-open looks at the open article again, for them. */
	ui_suggest_model_changed(ui);
	ui_list_refresh(ui);
	ui_reload_spans(ui);
	ui_message(ui, "annotating as %s", ui->annotator);
	return 0;
}

/*
 * :goto ID.  An article that the filters hide is still there: the
 * filters are taken off, and the message says so, rather than "no
 * article" for one the list has only left out.
 */
static int
ui_command_goto(struct ui *ui, struct ui_command_args *a, char **errp)
{
	char		*end;
	long long	 id;

	if (a->n != 2)
		return UI_COMMAND_USAGE;
	errno = 0;
	id = strtoll(a->v[1], &end, 10);
	if (errno || *end || id < 1)
		return err_set(errp, "\"%s\" is not an article id", a->v[1]);
	return ui_goto_article(ui, id, errp);
}

/* What the list shows now, after a :filter. */
static void
ui_command_filter_say(struct ui *ui)
{
	struct ui_list	*l = &ui->list;
	struct buf	 b = BUF_INIT;

	if (!ui_list_filtered(ui)) {
		ui_message(ui, "no filter: %zu article%s", l->count,
		    l->count == 1 ? "" : "s");
		return;
	}
	ui_list_filter_describe(ui, &b);
	if (l->count == 0)
		ui_error(ui, "no article with %s: :filter all shows all %zu",
		    b.data, l->everything);
	else
		ui_message(ui, "filter %s: %zu of %zu article%s", b.data,
		    l->count, l->everything, l->everything == 1 ? "" : "s");
	buf_free(&b);
}

/*
 * :filter tag T | done | todo narrows the list, and they combine; all
 * (or clear) takes every filter off, the tag's too, and the search.
 */
static int
ui_command_filter(struct ui *ui, struct ui_command_args *a, char **errp)
{
	struct ui_list	*l = &ui->list;

	if (a->n == 3 && strcmp(a->v[1], "tag") == 0) {
		free(l->tag);
		l->tag = xstrdup(a->v[2]);
		l->filter.tag = l->tag;
	} else if (a->n == 2 && strcmp(a->v[1], "done") == 0)
		l->filter.status = 1;
	else if (a->n == 2 && strcmp(a->v[1], "todo") == 0)
		l->filter.status = -1;
	else if (a->n == 2 && (strcmp(a->v[1], "all") == 0 ||
	    strcmp(a->v[1], "clear") == 0)) {
		free(l->tag);
		l->tag = NULL;
		l->filter.tag = NULL;
		l->filter.status = 0;
	} else
		return UI_COMMAND_USAGE;
	l->selected = 0;
	ui_list_find(ui, NULL);
	ui_list_refresh(ui);
	ui_command_filter_say(ui);
	if (l->count > 0)
		ui_open_article(ui, 0);
	return 0;
}

static int
ui_command_quit(struct ui *ui, struct ui_command_args *a, char **errp)
{
	(void)a;
	(void)errp;
	ui->quit = 1;
	return 0;
}

/* :entity ... (ui_entities.c). */
static int
ui_command_entity(struct ui *ui, struct ui_command_args *a, char **errp)
{
	int	 rc = ui_entities_command(ui, a->n, a->v, errp);

	return rc == -2 ? UI_COMMAND_USAGE : rc;
}

/* :suggest [model [MIN-SCORE] | gazetteer NAME] (ui_suggest.c). */
static int
ui_command_suggest(struct ui *ui, struct ui_command_args *a, char **errp)
{
	int	 rc = ui_suggest_command(ui, a->n, a->v, errp);

	return rc == -2 ? UI_COMMAND_USAGE : rc;
}

/* :train [margin train's options]: in the background (ui_train.c). */
static int
ui_command_train(struct ui *ui, struct ui_command_args *a, char **errp)
{
	if (ui_train_start(ui, a->n, a->v, errp) == -1)
		return -1;
	ui_message(ui, "training in the background; the status line "
	    "follows it");
	return 0;
}

static const struct ui_command ui_commands[] = {
	{ .name = "annotator", .usage = "annotator NAME",
	  .run = ui_command_annotator,
	  .help = "annotate as NAME from now on" },
	{ .name = "export",
	  .usage = "export [--format F] [--mine] [options] FILE|DIR",
	  .run = ui_command_export,
	  .help = "export like margin export" },
	{ .name = "filter", .usage = "filter tag T | done | todo | all | clear",
	  .complete = COMPLETE_FILTER, .run = ui_command_filter,
	  .help = "show only some articles" },
	{ .name = "entity", .usage = "entity rename NAME | kb ID | merge "
	  "ENTITY-ID | split [NAME] | rm", .complete = COMPLETE_ENTITY_SUB,
	  .run = ui_command_entity,
	  .help = "change the entity of the span here (or picked in E)" },
	{ .name = "goto", .usage = "goto ARTICLE-ID", .run = ui_command_goto,
	  .help = "open an article by its id" },
	{ .name = "label", .usage = "label add NAME [key K] [color C] "
	  "[\"description\"] | label rm NAME",
	  .complete = COMPLETE_LABEL_SUB, .run = ui_command_label,
	  .help = "add, change or remove a label" },
	{ .name = "labels", .usage = "labels [[merge] NAME|FILE]",
	  .complete = COMPLETE_SCHEMAS, .run = ui_command_labels,
	  .help = "switch the label schema (conll, ontonotes, a file)" },
	{ .name = "quit", .usage = "quit", .run = ui_command_quit,
	  .help = "quit" },
	{ .name = "set", .usage = "set OPTION VALUE",
	  .complete = COMPLETE_OPTIONS, .run = ui_command_set,
	  .help = "change an option (below) for this session" },
	{ .name = "suggest", .usage = "suggest [model [MIN-SCORE] | "
	  "gazetteer NAME]", .run = ui_command_suggest,
	  .help = "the model's or a gazetteer's suggestions" },
	{ .name = "train", .usage = "train [--annotator A] [--tag T] "
	  "[--epochs N] [--seed S]", .run = ui_command_train,
	  .help = "train a new model in the background" },
};
#define UI_NCOMMANDS (sizeof(ui_commands) / sizeof(ui_commands[0]))

/*
 * Line i of the help overlay's part on commands and options: what to
 * type, and what it does; 0 past the last one.
 */
int
ui_command_help(size_t i, struct buf *what, struct buf *help)
{
	const struct options_doc *o;

	if (i < UI_NCOMMANDS) {
		buf_printf(what, ":%s", ui_commands[i].name);
		buf_adds(help, ui_commands[i].help);
		return 1;
	}
	for (i -= UI_NCOMMANDS, o = options_docs; o->name != NULL && i > 0;
	    o++, i--)
		;
	if (o->name == NULL)
		return 0;
	buf_printf(what, "set %s %s", o->name, o->values);
	buf_adds(help, o->help);
	return 1;
}

void
ui_command_run(struct ui *ui, const char *line)
{
	struct ui_command_args	 a;
	char			*copy = xstrdup(line), *err = NULL;
	size_t			 i;
	int			 rc;

	/* A command may change anything the screen shows. */
	ui->redraw_all = 1;
	if (ui_command_split(copy, &a, &err) == -1 || a.n == 0) {
		if (err)
			ui_error(ui, ":%s: %s", line, err);
		free(err);
		free(copy);
		return;
	}
	if (strcmp(a.v[0], "q") == 0)
		a.v[0] = (char *)"quit";
	for (i = 0; i < UI_NCOMMANDS; i++)
		if (strcmp(a.v[0], ui_commands[i].name) == 0)
			break;
	if (i == UI_NCOMMANDS)
		ui_error(ui, "unknown command \"%s\" (Tab completes)", a.v[0]);
	else if (store_readonly(ui->store) && (ui_commands[i].run ==
	    ui_command_label || (ui_commands[i].run == ui_command_labels &&
	    a.n > 1)))
		ui_error(ui, "%s: the database is open read-only",
		    ui_commands[i].name);
	else {
		rc = ui_commands[i].run(ui, &a, &err);
		if (rc == UI_COMMAND_USAGE)
			ui_error(ui, "usage: %s", ui_commands[i].usage);
		else if (rc == -1)
			ui_error(ui, "%s: %s", ui_commands[i].name, err);
		free(err);
	}
	free(copy);
}

/* Candidates for word number w (0 = the command) of a command. */
static size_t
ui_command_candidates(struct ui *ui, struct ui_command_args *a, int w,
    const char **out, size_t max)
{
	static const char *const filters[] = { "tag", "done", "todo", "all",
	    "clear" };
	static const char *const label_sub[] = { "add", "rm" };
	static const char *const entity_sub[] = { "kb", "merge", "rename",
	    "rm", "split" };
	enum ui_complete	 c = COMPLETE_NOTHING;
	size_t			 i, n = 0;

	if (w == 0) {
		for (i = 0; i < UI_NCOMMANDS && n < max; i++)
			out[n++] = ui_commands[i].name;
		return n;
	}
	for (i = 0; i < UI_NCOMMANDS; i++)
		if (strcmp(a->v[0], ui_commands[i].name) == 0)
			c = ui_commands[i].complete;
	switch (c) {
	case COMPLETE_OPTIONS:
		for (i = 0; w == 1 && options_names[i] && n < max; i++)
			out[n++] = options_names[i];
		break;
	case COMPLETE_FILTER:
		for (i = 0; w == 1 && i < 5 && n < max; i++)
			out[n++] = filters[i];
		break;
	case COMPLETE_LABEL_SUB:
		if (w == 1) {
			for (i = 0; i < 2; i++)
				out[n++] = label_sub[i];
			break;
		}
		/* FALLTHROUGH */
	case COMPLETE_LABELS:
		for (i = 0; i < ui->nlabels && n < max; i++)
			out[n++] = ui->labels[i].name;
		break;
	case COMPLETE_ENTITY_SUB:
		for (i = 0; w == 1 && i < 5; i++)
			out[n++] = entity_sub[i];
		break;
	case COMPLETE_SCHEMAS:
		if (w == 1)
			out[n++] = "merge";
		if (w > 2 || (w == 2 && strcmp(a->v[1], "merge") != 0))
			break;
		/* The schema names, read again at each Tab: files come and
		   go. */
		store_strings_free(ui->schema_names, ui->nschema_names);
		labels_available(&ui->schema_names, &ui->nschema_names);
		for (i = 0; i < ui->nschema_names && n < max; i++)
			out[n++] = ui->schema_names[i];
		break;
	default:
		break;
	}
	return n;
}

char *
ui_command_complete(struct ui *ui, const char *line)
{
	struct ui_command_args	 a;
	const char		*cand[256], *match[256], *word;
	char			*copy = xstrdup(line), *err = NULL, *out;
	size_t			 n, i, nmatch = 0, wlen, common, keep;
	int			 w;

	if (ui_command_split(copy, &a, &err) == -1) {
		free(err);
		free(copy);
		return NULL;
	}
	/* A trailing blank starts a new, empty word. */
	if (a.n == 0 || line[strlen(line) - 1] == ' ') {
		w = a.n;
		word = "";
	} else {
		w = a.n - 1;
		word = a.v[w];
	}
	n = ui_command_candidates(ui, &a, w, cand, 256);
	wlen = strlen(word);
	for (i = 0; i < n; i++)
		if (strncmp(cand[i], word, wlen) == 0)
			match[nmatch++] = cand[i];
	if (nmatch == 0) {
		ui_message(ui, "nothing to complete");
		free(copy);
		return NULL;
	}
	common = strlen(match[0]);
	for (i = 1; i < nmatch; i++) {
		size_t	 k = 0;

		while (k < common && match[i][k] == match[0][k])
			k++;
		common = k;
	}
	if (nmatch > 1) {
		struct buf	 b = BUF_INIT;

		for (i = 0; i < nmatch; i++)
			buf_printf(&b, "%s%s", i ? " " : "", match[i]);
		ui_message(ui, "%s", b.data);
		buf_free(&b);
	}
	keep = strlen(line) - wlen;
	out = xasprintf("%.*s%.*s%s", (int)keep, line, (int)common, match[0],
	    nmatch == 1 ? " " : "");
	free(copy);
	return out;
}

const struct ui_prompt_client ui_command_prompt = {
	.label = ":",
	.submit = ui_command_run,
	.complete = ui_command_complete,
};
