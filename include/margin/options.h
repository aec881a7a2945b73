/*
 * options.h: the settings a config file changes with `set` (SPEC §7).
 * Parsed and validated here, without curses, so that the config parser's
 * errors name the option and the value.
 */
#ifndef MARGIN_OPTIONS_H
#define MARGIN_OPTIONS_H

/* Which article done-next opens (SPEC §11). */
enum options_next {
	OPTIONS_NEXT_ORDER,	/* the next not done, in the list's order */
	OPTIONS_NEXT_UNCERTAIN	/* the one holding the least certain
				   pending suggestion of the model */
};

enum options_color {
	OPTIONS_COLOR_AUTO,	/* colours when the terminal has them */
	OPTIONS_COLOR_OFF	/* bold, underline and reverse only */
};

/* How the reader shows the label of a span (issue: labels cut in a
   narrow margin). */
enum options_label_style {
	OPTIONS_LABELS_AUTO,	/* margin where the text keeps its width
				   beside it, inline otherwise */
	OPTIONS_LABELS_INLINE,	/* "[Moscow]LOC" in the text */
	OPTIONS_LABELS_MARGIN	/* a column right of the text */
};

/* Whether the annotations pane is shown beside the reader. */
enum options_annotations {
	OPTIONS_ANNOTATIONS_AUTO,	/* from 100 columns; below, while
					   it has the focus */
	OPTIONS_ANNOTATIONS_ON,		/* beside the reader (in place of
					   the list below 100 columns) */
	OPTIONS_ANNOTATIONS_OFF		/* never; Tab skips it */
};

struct options {
	int			wrap_width;	/* reader columns, 20..1000 */
	enum options_color	color;
	int			panes;		/* at most this many panes */
	int			mouse;		/* clicks, drags and the wheel */
	int			propagate_max;	/* suggestions one propagate
						   writes at most; 0: no cap */
	int			suggest_on_open; /* the model suggests in an
						   article opened without
						   suggestions of it */
	int			train_every;	/* retrain after this many
						   articles marked done; 0:
						   never */
	enum options_next	next;		/* what done-next opens */
	enum options_label_style label_style;
	enum options_annotations annotations;
};

void	 options_init(struct options *o);
/* An option's value as `set` takes it ("inline"), for messages. */
const char *options_label_style_name(enum options_label_style v);
const char *options_annotations_name(enum options_annotations v);
/* `set NAME VALUE`: 0, or -1 with a message naming what is wrong. */
int	 options_set(struct options *o, const char *name, const char *value,
	    char **errp);
/* The settable names, NULL-terminated (for help and completion). */
extern const char *const options_names[];
/* Each option's values and what it does, for the help overlay; ends
   with a NULL name. */
struct options_doc {
	const char	*name;
	const char	*values;
	const char	*help;
};
extern const struct options_doc options_docs[];

#endif
