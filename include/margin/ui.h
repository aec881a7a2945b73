/*
 * ui.h: the terminal interface (SPEC §6).  ui_run() opens the TUI on a
 * store, on the real terminal or, with a script, on a virtual screen whose
 * keys come from the script (SPEC §14, headless UI tests).
 */
#ifndef MARGIN_UI_H
#define MARGIN_UI_H

#include "margin/options.h"

struct store;
struct keymap;

struct ui_config {
	struct store		*store;
	struct keymap		*keymap;
	struct options		 options;
	const char		*annotator;
	const char		*script;	/* NULL: the real terminal */
	int			 cols, rows;	/* virtual screen size */
	const char		*startup_message; /* shown at start, or NULL */
	int			 startup_error;
	int			 full_redraw;	/* every frame drawn whole, not
						   only the rows that changed */
	/* Review mode (margin review): the two annotators, the gold one,
	   and the review's flags (enum review_flags); review_a NULL: none. */
	const char		*review_a;
	const char		*review_b;
	const char		*review_gold;
	int			 review_flags;
};

/* Returns 0, or -1 with *errp set (the terminal is restored first). */
int	 ui_run(const struct ui_config *c, char **errp);

#endif
