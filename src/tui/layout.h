/*
 * layout.h: where the panes go on a screen of a given size (SPEC §6), as
 * data: three panes at 100 columns or more, two below 100 (the reader and
 * a narrow side pane), only the focused one below 60; a status line and a
 * prompt line at the bottom.
 * Computed without curses, so that tests can check it as text.
 */
#ifndef MARGIN_LAYOUT_H
#define MARGIN_LAYOUT_H

#include <stddef.h>

enum layout_pane {
	LAYOUT_LIST,
	LAYOUT_READER,
	LAYOUT_ANNOTATIONS,
	LAYOUT_NPANES
};

struct layout_rect {
	int	x, y, w, h;	/* w == 0 or h == 0: not shown */
};

struct layout {
	int			cols, rows;
	struct layout_rect	pane[LAYOUT_NPANES];
	int			separator[LAYOUT_NPANES];	/* column of the
					   line drawn left of the pane, or -1 */
	struct layout_rect	status;
	struct layout_rect	prompt;
};

/* When the annotations pane is shown (`set annotations`). */
enum layout_annotations {
	LAYOUT_ANN_AUTO,	/* with three panes; with fewer, while it
				   has the focus */
	LAYOUT_ANN_ON,		/* with two panes, beside the reader unless
				   the list has the focus */
	LAYOUT_ANN_OFF		/* never */
};

/*
 * Compute the layout for cols x rows with focus on pane focus.  max_panes
 * (1..3, from `set panes`) caps the number of panes shown.  Two panes are
 * the reader and a side pane of a quarter of the width (at least 20
 * columns), the list or the annotations: the same width either way.
 */
void	 layout_compute(struct layout *l, int cols, int rows,
	    enum layout_pane focus, int max_panes,
	    enum layout_annotations ann);
int	 layout_shown(const struct layout *l, enum layout_pane p);
/* "list 0,0 24x22 | reader 25,0 ..." for tests; returns a new string. */
char	*layout_describe(const struct layout *l);
const char *layout_pane_name(enum layout_pane p);

#endif
