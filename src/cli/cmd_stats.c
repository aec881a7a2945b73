/*
 * cmd_stats.c: `margin stats`: how far the annotation is, per label and
 * per annotator (spans by status, articles done and still to do, tags,
 * done by day), as a report with bar charts for people at a terminal, a
 * table of counts, or JSON for scripts.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <stdarg.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "margin/cli.h"
#include "margin/json.h"
#include "margin/stats_report.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

enum stats_format {
	STATS_REPORT,
	STATS_TABLE,
	STATS_JSON
};

/* The report's days of "done per day", unless --days says. */
#define STATS_DAYS	14

/* A cell of a table: text left-aligned in the first column, numbers
   right-aligned in the others, widths in terminal columns. */
static void
stats_cell(struct buf *b, const char *text, int width, int left)
{
	int	 w = text_width(text, strlen(text), 0);

	if (!left)
		buf_printf(b, "%*s", width - w > 0 ? width - w : 0, "");
	buf_adds(b, text);
	if (left)
		buf_printf(b, "%*s", width - w > 0 ? width - w : 0, "");
}

/*
 * Print rows of cells: row 0 is the header.  The first column holds
 * names (sanitised: an annotator's name is anyone's bytes).
 */
static void
stats_table(struct buf *b, char ***rows, size_t nrows, size_t ncols)
{
	int	*width = xcalloc(ncols, sizeof(*width));
	size_t	 r, c;
	int	 w;

	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			w = text_width(rows[r][c], strlen(rows[r][c]), 0);
			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++) {
			if (c > 0)
				buf_adds(b, "  ");
			stats_cell(b, rows[r][c], width[c], c == 0);
		}
		/* No spaces at the end of a line. */
		while (b->len > 0 && b->data[b->len - 1] == ' ')
			b->len--;
		buf_addc(b, '\n');
	}
	free(width);
}

static char **
stats_row(size_t ncols, ...)
{
	va_list	 ap;
	char	**row = xcalloc(ncols, sizeof(*row));
	size_t	 i;

	va_start(ap, ncols);
	for (i = 0; i < ncols; i++)
		row[i] = va_arg(ap, char *);
	va_end(ap);
	return row;
}

static void
stats_rows_free(char ***rows, size_t nrows, size_t ncols)
{
	size_t	 r, c;

	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++)
			free(rows[r][c]);
		free(rows[r]);
	}
	free(rows);
}

static char *
stats_num(size_t v)
{
	return xasprintf("%zu", v);
}

static void
stats_text(struct buf *b, const struct store_stats *st)
{
	char	***rows;
	size_t	  i, n;

	buf_printf(b, "%zu article%s\n\n", st->articles,
	    st->articles == 1 ? "" : "s");

	rows = xcalloc(st->nlabels + 1, sizeof(*rows));
	rows[0] = stats_row(4, xstrdup("label"), xstrdup("accepted"),
	    xstrdup("suggested"), xstrdup("rejected"));
	for (i = 0; i < st->nlabels; i++) {
		const struct store_label_stats *l = &st->labels[i];

		rows[i + 1] = stats_row(4, text_sanitize(l->label,
		    strlen(l->label)), stats_num(l->spans[STORE_ACCEPTED]),
		    stats_num(l->spans[STORE_SUGGESTED]),
		    stats_num(l->spans[STORE_REJECTED]));
	}
	stats_table(b, rows, st->nlabels + 1, 4);
	stats_rows_free(rows, st->nlabels + 1, 4);

	if (st->nannotators == 0) {
		buf_adds(b, "\nno annotator has marked anything yet\n");
		return;
	}
	buf_addc(b, '\n');
	n = st->nannotators + 1;
	rows = xcalloc(n, sizeof(*rows));
	rows[0] = stats_row(8, xstrdup("annotator"), xstrdup("accepted"),
	    xstrdup("suggested"), xstrdup("rejected"), xstrdup("articles"),
	    xstrdup("done"), xstrdup("todo"), xstrdup("tags"));
	for (i = 0; i < st->nannotators; i++) {
		const struct store_annotator_stats *a = &st->annotators[i];

		rows[i + 1] = stats_row(8, text_sanitize(a->annotator,
		    strlen(a->annotator)), stats_num(a->spans[STORE_ACCEPTED]),
		    stats_num(a->spans[STORE_SUGGESTED]),
		    stats_num(a->spans[STORE_REJECTED]),
		    stats_num(a->articles), stats_num(a->done),
		    stats_num(st->articles > a->done ?
		    st->articles - a->done : 0), stats_num(a->tags));
	}
	stats_table(b, rows, n, 8);
	stats_rows_free(rows, n, 8);
}

static void
stats_json(struct buf *b, const struct store_stats *st)
{
	size_t	 i;

	buf_printf(b, "{\"articles\":%zu,\"labels\":[", st->articles);
	for (i = 0; i < st->nlabels; i++) {
		const struct store_label_stats *l = &st->labels[i];

		buf_adds(b, i > 0 ? ",\n{\"label\":" : "\n{\"label\":");
		json_write_string(b, l->label, strlen(l->label));
		buf_printf(b, ",\"accepted\":%zu,\"suggested\":%zu,"
		    "\"rejected\":%zu}", l->spans[STORE_ACCEPTED],
		    l->spans[STORE_SUGGESTED], l->spans[STORE_REJECTED]);
	}
	buf_adds(b, "],\n\"annotators\":[");
	for (i = 0; i < st->nannotators; i++) {
		const struct store_annotator_stats *a = &st->annotators[i];

		buf_adds(b, i > 0 ? ",\n{\"annotator\":" :
		    "\n{\"annotator\":");
		json_write_string(b, a->annotator, strlen(a->annotator));
		buf_printf(b, ",\"accepted\":%zu,\"suggested\":%zu,"
		    "\"rejected\":%zu,\"articles\":%zu,\"done\":%zu,"
		    "\"todo\":%zu,\"tags\":%zu}", a->spans[STORE_ACCEPTED],
		    a->spans[STORE_SUGGESTED], a->spans[STORE_REJECTED],
		    a->articles, a->done, st->articles > a->done ?
		    st->articles - a->done : 0, a->tags);
	}
	buf_adds(b, "],\n\"days\":[");
	for (i = 0; i < st->ndays; i++) {
		const struct store_day_stats *d = &st->days[i];

		buf_adds(b, i > 0 ? ",\n{\"day\":" : "\n{\"day\":");
		json_write_string(b, d->day, strlen(d->day));
		buf_adds(b, ",\"annotator\":");
		json_write_string(b, d->annotator, strlen(d->annotator));
		buf_printf(b, ",\"done\":%zu}", d->done);
	}
	buf_adds(b, "]}\n");
}

/* The terminal's width for the report: stdout's, else 80 columns. */
static int
stats_columns(void)
{
	struct winsize	 ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col >= 30)
		return ws.ws_col;
	return 80;
}

static int
cmd_stats(struct cli *c)
{
	struct stats_report_style style;
	struct store_stats	 st;
	struct store		*s;
	struct buf		 out = BUF_INIT;
	enum stats_format	 format;
	const char		*v;
	char			*annotator, *err = NULL;
	int			 a, rc = 0;

	/* A person at a terminal reads the report; a pipe gets the table
	   it always had, so that scripts keep working. */
	format = isatty(STDOUT_FILENO) ? STATS_REPORT : STATS_TABLE;
	style.width = stats_columns();
	style.unicode = 1;
	style.days = STATS_DAYS;
	for (a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--format", "-f"))) {
			if (strcmp(v, "json") == 0)
				format = STATS_JSON;
			else if (strcmp(v, "table") == 0)
				format = STATS_TABLE;
			else if (strcmp(v, "report") == 0)
				format = STATS_REPORT;
			else
				cli_usage_error("unknown format \"%s\" "
				    "(report, table or json)", v);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--days",
		    NULL))) {
			style.days = (size_t)cli_number("--days", v, 0, 3660);
		} else if (strcmp(c->argv[a], "--ascii") == 0)
			style.unicode = 0;
		else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	if (store_stats(s, &st, &err) == -1) {
		cli_error("stats", err);
		free(err);
		store_close(s);
		free(annotator);
		return EXIT_RUNTIME;
	}
	if (format == STATS_JSON)
		stats_json(&out, &st);
	else if (format == STATS_TABLE)
		stats_text(&out, &st);
	else
		stats_report(&out, &st, &style);
	cli_print(stdout, out.data, out.len);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("stats", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	buf_free(&out);
	store_stats_free(&st);
	store_close(s);
	free(annotator);
	return rc;
}

const struct command cmd_stats_entry = {
	.name = "stats",
	.summary = "counts per label and annotator",
	.usage = "[--format report|table|json] [--days N] [--ascii]",
	.help =
	"Count what has been done: spans per label by status (accepted,\n"
	"suggested, rejected), and per annotator the spans, the articles\n"
	"with spans, the articles marked done and still to do, the tags,\n"
	"and the articles done per day.\n"
	"  -f, --format F   report: bar charts (the default at a terminal),\n"
	"                   table: the counts (the default in a pipe), json\n"
	"  --days N         the report's latest N days of work (14)\n"
	"  --ascii          bars of # and . instead of block characters\n",
	.run = cmd_stats,
};
