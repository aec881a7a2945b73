/*
 * stats_report.c: the progress report for people (stats_report.h): a bar
 * chart per question, each a title and rows of name, bar and count.  The
 * TUI's stats overlay draws the same lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/stats_report.h"
#include "margin/text.h"

#define STATS_BAR_MIN	5
#define STATS_BAR_MAX	40
#define STATS_NAME_MAX	16

/* U+2588 FULL BLOCK; the left eighths U+258F (1/8) to U+2589 (7/8); U+2591
   LIGHT SHADE for what a progress bar has still to go. */
#define STATS_FULL	"\xe2\x96\x88"
#define STATS_SHADE	"\xe2\x96\x91"
static const char *const stats_eighths[8] = {
	"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89"
};

/* One row of a chart. */
struct stats_row {
	char	*lead;		/* a first column (the day), or NULL */
	char	*name;
	size_t	 value;
	char	*after;		/* written after the count, or NULL */
};

struct stats_chart {
	const char		*title;
	struct stats_row	*rows;
	size_t			 n;
	size_t			 cap;
	size_t			 whole;	/* > 0: bars are progress towards it;
					   0: bars of the largest value */
};

static int
stats_width(const char *s)
{
	return s != NULL ? text_width(s, strlen(s), 0) : 0;
}

/* A name as it may be shown: sanitised, at most maxw columns ("…" when
   cut).  A new string. */
static char *
stats_name(const char *s, int maxw)
{
	char	*t = text_sanitize(s, strlen(s)), *cut;
	size_t	 keep;

	if (stats_width(t) <= maxw)
		return t;
	keep = text_fit(t, strlen(t), maxw - 1, NULL);
	cut = xasprintf("%.*s\xe2\x80\xa6", (int)keep, t);
	free(t);
	return cut;
}

static void
stats_chart_add(struct stats_chart *c, char *lead, char *name, size_t value,
    char *after)
{
	ARRAY_RESERVE(c->rows, c->cap, c->n + 1);
	c->rows[c->n].lead = lead;
	c->rows[c->n].name = name;
	c->rows[c->n].value = value;
	c->rows[c->n].after = after;
	c->n++;
}

static void
stats_chart_free(struct stats_chart *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		free(c->rows[i].lead);
		free(c->rows[i].name);
		free(c->rows[i].after);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/* s, then blanks up to width columns. */
static void
stats_pad(struct buf *b, const char *s, int width)
{
	int	 w = stats_width(s);

	buf_adds(b, s);
	if (w < width)
		buf_printf(b, "%*s", width - w, "");
}

/*
 * A bar of value in max, width columns wide: in eighths of a column with
 * block characters, else in whole columns of #.  Any value above 0 shows;
 * a progress bar fills the rest with shade (or .), another with blanks.
 */
static void
stats_bar(struct buf *b, size_t value, size_t max, int width, int unicode,
    int progress)
{
	size_t	 eighths = 0, left;
	int	 col;

	if (max > 0)
		eighths = (value * (size_t)width * 8 + max / 2) / max;
	if (!unicode)
		eighths = (eighths + 4) / 8 * 8;
	if (value > 0 && eighths == 0)
		eighths = unicode ? 1 : 8;
	for (col = 0; col < width; col++) {
		left = eighths > (size_t)col * 8 ? eighths - (size_t)col * 8 : 0;
		if (left >= 8)
			buf_adds(b, unicode ? STATS_FULL : "#");
		else if (left > 0)
			buf_adds(b, stats_eighths[left]);
		else if (progress)
			buf_adds(b, unicode ? STATS_SHADE : ".");
		else
			buf_addc(b, ' ');
	}
}

static int
stats_digits(size_t v)
{
	int	 n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void
stats_chart_write(struct buf *b, const struct stats_chart *c,
    const struct stats_report_style *style)
{
	size_t	 i, max = 0;
	int	 leadw = 0, namew = 0, afterw = 0, numw, barw, w;

	for (i = 0; i < c->n; i++) {
		const struct stats_row	*r = &c->rows[i];

		if ((w = stats_width(r->lead)) > leadw)
			leadw = w;
		if ((w = stats_width(r->name)) > namew)
			namew = w;
		if ((w = stats_width(r->after)) > afterw)
			afterw = w;
		if (r->value > max)
			max = r->value;
	}
	numw = stats_digits(max);
	barw = style->width - (leadw > 0 ? leadw + 2 : 0) - namew - 2 - 2 -
	    numw - (afterw > 0 ? afterw + 2 : 0);
	if (barw > STATS_BAR_MAX)
		barw = STATS_BAR_MAX;
	if (barw < STATS_BAR_MIN)
		barw = STATS_BAR_MIN;
	buf_printf(b, "%s\n", c->title);
	for (i = 0; i < c->n; i++) {
		const struct stats_row	*r = &c->rows[i];

		if (leadw > 0) {
			stats_pad(b, r->lead != NULL ? r->lead : "", leadw);
			buf_adds(b, "  ");
		}
		stats_pad(b, r->name, namew);
		buf_adds(b, "  ");
		stats_bar(b, r->value, c->whole > 0 ? c->whole : max, barw,
		    style->unicode, c->whole > 0);
		buf_printf(b, "  %*zu", numw, r->value);
		if (r->after != NULL)
			buf_printf(b, "  %s", r->after);
		/* No blanks at the end of a line. */
		while (b->len > 0 && b->data[b->len - 1] == ' ')
			b->len--;
		buf_addc(b, '\n');
	}
}

static int
stats_name_width(const struct stats_report_style *style)
{
	return style->width / 4 < STATS_NAME_MAX ? style->width / 4 :
	    STATS_NAME_MAX;
}

/* "+N?" for suggestions, or NULL. */
static char *
stats_suggested(size_t n)
{
	return n > 0 ? xasprintf("+%zu?", n) : NULL;
}

static void
stats_labels(struct buf *b, const struct store_stats *st,
    const struct stats_report_style *style)
{
	struct stats_chart	 c;
	size_t			 i;

	memset(&c, 0, sizeof(c));
	c.title = "Spans per label (accepted; +N? suggested)";
	for (i = 0; i < st->nlabels; i++)
		stats_chart_add(&c, NULL, stats_name(st->labels[i].label,
		    stats_name_width(style)),
		    st->labels[i].spans[STORE_ACCEPTED],
		    stats_suggested(st->labels[i].spans[STORE_SUGGESTED]));
	stats_chart_write(b, &c, style);
	stats_chart_free(&c);
}

static void
stats_annotators(struct buf *b, const struct store_stats *st,
    const struct stats_report_style *style)
{
	struct stats_chart	 c;
	size_t			 i;

	memset(&c, 0, sizeof(c));
	c.title = "Spans per annotator (accepted; +N? suggested)";
	for (i = 0; i < st->nannotators; i++)
		stats_chart_add(&c, NULL, stats_name(st->annotators[i].annotator,
		    stats_name_width(style)),
		    st->annotators[i].spans[STORE_ACCEPTED],
		    stats_suggested(st->annotators[i].spans[STORE_SUGGESTED]));
	stats_chart_write(b, &c, style);
	stats_chart_free(&c);
}

static void
stats_done(struct buf *b, const struct store_stats *st,
    const struct stats_report_style *style)
{
	struct stats_chart	 c;
	char			*title;
	size_t			 i, done;

	memset(&c, 0, sizeof(c));
	title = xasprintf("Articles done per annotator, of %zu", st->articles);
	c.title = title;
	c.whole = st->articles > 0 ? st->articles : 1;
	for (i = 0; i < st->nannotators; i++) {
		done = st->annotators[i].done;
		stats_chart_add(&c, NULL, stats_name(st->annotators[i].annotator,
		    stats_name_width(style)), done, xasprintf("%3zu%%",
		    st->articles > 0 ? (done * 100 + st->articles / 2) /
		    st->articles : 0));
	}
	stats_chart_write(b, &c, style);
	stats_chart_free(&c);
	free(title);
}

/* The index in st->days where the latest n days start. */
static size_t
stats_days_from(const struct store_stats *st, size_t n)
{
	const char	*day;
	size_t		 i = st->ndays, seen = 0;

	/* Back over whole days. */
	while (i > 0 && seen < n) {
		day = st->days[i - 1].day;
		while (i > 0 && strcmp(st->days[i - 1].day, day) == 0)
			i--;
		seen++;
	}
	return i;
}

static void
stats_days(struct buf *b, const struct store_stats *st,
    const struct stats_report_style *style)
{
	struct stats_chart	 c;
	size_t			 i;
	const char		*prev = NULL;

	if (st->ndays == 0 || style->days == 0)
		return;
	memset(&c, 0, sizeof(c));
	c.title = "Articles done per day";
	for (i = stats_days_from(st, style->days); i < st->ndays; i++) {
		const struct store_day_stats *d = &st->days[i];

		/* The day once, on its first row. */
		stats_chart_add(&c, xstrdup(prev != NULL &&
		    strcmp(prev, d->day) == 0 ? "" : d->day),
		    stats_name(d->annotator, stats_name_width(style)), d->done,
		    NULL);
		prev = d->day;
	}
	buf_addc(b, '\n');
	stats_chart_write(b, &c, style);
	stats_chart_free(&c);
}

void
stats_report(struct buf *b, const struct store_stats *st,
    const struct stats_report_style *style)
{
	buf_printf(b, "%zu article%s, %zu annotator%s\n\n", st->articles,
	    st->articles == 1 ? "" : "s", st->nannotators,
	    st->nannotators == 1 ? "" : "s");
	stats_labels(b, st, style);
	if (st->nannotators == 0) {
		buf_adds(b, "\nno annotator has marked anything yet\n");
		return;
	}
	buf_addc(b, '\n');
	stats_annotators(b, st, style);
	buf_addc(b, '\n');
	stats_done(b, st, style);
	stats_days(b, st, style);
}
