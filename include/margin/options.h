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
};

void	 options_init(struct options *o);
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
