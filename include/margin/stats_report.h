/*
 * stats_report.h: the progress report of `margin stats` and of the TUI's
 * stats overlay, as lines of text with bar charts: spans per label, per
 * annotator, articles done per annotator, and done per annotator by day.
 * No curses: the same lines go to a terminal or into a window.
 */
#ifndef MARGIN_STATS_REPORT_H
#define MARGIN_STATS_REPORT_H

#include <stddef.h>

#include "margin/store.h"
#include "margin/util.h"

struct stats_report_style {
	int	 width;		/* columns a line may take (at least 30) */
	int	 unicode;	/* bars of block characters, else of # and . */
	size_t	 days;		/* the latest days shown in "done per day" */
};

/*
 * Append the report of st to b: lines ending in LF, none wider than
 * style->width columns, names sanitised (an annotator's name is anyone's
 * bytes).  Bars are characters, never colours, so that they read on any
 * terminal.
 */
void	 stats_report(struct buf *b, const struct store_stats *st,
	    const struct stats_report_style *style);

#endif
