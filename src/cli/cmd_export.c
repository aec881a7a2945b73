/*
 * cmd_export.c: `margin export` (SPEC §9): the annotations as training
 * data, with the filters of §2.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "margin/cli.h"
#include "margin/conll.h"
#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"

/* What the export had to change or leave out goes to stderr. */
static void
cli_export_message(void *ctx, const char *text)
{
	(void)ctx;
	cli_eprintf("margin: export: %s\n", text);
}

static int
cmd_export(struct cli *c)
{
	struct export_options	 o;
	struct store		*s;
	const char		**labels = NULL;
	int64_t			*articles = NULL;
	size_t			 nlabels = 0;
	const char		*v, *out_path = NULL;
	char			*annotator, *err = NULL;
	const char		*csv_only = NULL, *scheme = NULL;
	FILE			*out = stdout;
	char			*shown = NULL;
	size_t			 shown_len = 0;
	int			 to_terminal = 0;
	int			 rc = 0;

	memset(&o, 0, sizeof(o));
	o.format = EXPORT_CSV;
	o.scheme = CONLL_IOB2;
	o.message = cli_export_message;
	for (int a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--format", "-f"))) {
			if (export_format_lookup(v, &o.format, &err) == -1)
				cli_usage_error("%s", err);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--scheme",
		    NULL))) {
			if (conll_scheme_parse(v, &o.scheme) == -1)
				cli_usage_error("--scheme: iob2, iob1, bioes or "
				    "bilou, not \"%s\"", v);
			scheme = v;
		} else if ((v = cli_value(c->argc, c->argv, &a, "--output",
		    "-o")))
			out_path = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--label",
		    NULL))) {
			labels = xreallocarray(labels, nlabels + 2,
			    sizeof(*labels));
			labels[nlabels++] = v;
			labels[nlabels] = NULL;
		} else if ((v = cli_value(c->argc, c->argv, &a,
		    "--annotator", NULL)))
			o.filter.annotator = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--article",
		    NULL))) {
			articles = xreallocarray(articles,
			    o.filter.narticles + 1, sizeof(*articles));
			articles[o.filter.narticles++] = cli_number("--article",
			    v, 1, INT64_MAX > LONG_MAX ? LONG_MAX : INT64_MAX);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--tag",
		    NULL)))
			o.filter.tag = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--status",
		    NULL))) {
			if (strcmp(v, "accepted") == 0)
				o.filter.status = 1 << STORE_ACCEPTED;
			else if (strcmp(v, "suggested") == 0)
				o.filter.status = 1 << STORE_SUGGESTED;
			else if (strcmp(v, "all") == 0)
				o.filter.status = 1 << STORE_ACCEPTED |
				    1 << STORE_SUGGESTED;
			else
				cli_usage_error("--status: accepted, "
				    "suggested or all, not \"%s\"", v);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--context",
		    NULL))) {
			o.context = (size_t)cli_number("--context", v, 0,
			    100000);
			csv_only = "--context";
		} else if ((v = cli_value(c->argc, c->argv, &a, "--what",
		    NULL))) {
			if (strcmp(v, "tags") == 0)
				o.what_tags = 1;
			else if (strcmp(v, "spans") != 0)
				cli_usage_error("--what: spans or tags, not "
				    "\"%s\"", v);
			csv_only = "--what";
		} else if (strcmp(c->argv[a], "--done") == 0)
			o.filter.done = 1;
		else if (strcmp(c->argv[a], "--excel-safe") == 0) {
			o.excel_safe = 1;
			csv_only = "--excel-safe";
		} else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	if (csv_only != NULL && o.format != EXPORT_CSV)
		cli_usage_error("%s is for --format csv", csv_only);
	if (scheme != NULL && o.format != EXPORT_CONLL)
		cli_usage_error("--scheme is for --format conll");
	if (o.format == EXPORT_BRAT) {
		/* A folder of files, never standard output. */
		if (out_path == NULL || strcmp(out_path, "-") == 0)
			cli_usage_error("--format brat writes a folder: give "
			    "it with -o DIR");
		o.dir = out_path;
		out_path = NULL;
		out = NULL;
	}
	o.filter.labels = labels;
	o.filter.articles = articles;
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	/* On a terminal the export is shown sanitised, so it goes through
	   memory first; to a file or a pipe it streams as it is. */
	if (out == stdout && (out_path == NULL || strcmp(out_path, "-") == 0) &&
	    isatty(STDOUT_FILENO)) {
		if ((out = open_memstream(&shown, &shown_len)) == NULL) {
			out = stdout;
			cli_error("export", strerror(errno));
			rc = EXIT_RUNTIME;
		} else
			to_terminal = 1;
	}
	if (rc != 0)
		;
	else if (!to_terminal && out_path != NULL && strcmp(out_path, "-") != 0 &&
	    (out = fopen(out_path, "w")) == NULL) {
		cli_eprintf("margin: export: %s: %s\n", out_path,
		    strerror(errno));
		rc = EXIT_RUNTIME;
	} else if (export_write(s, &o, out, &err) == -1) {
		cli_error("export", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	if (to_terminal) {
		fclose(out);
		out = stdout;
		cli_print(stdout, shown, shown_len);
		free(shown);
	}
	if (out != NULL && out != stdout && fclose(out) != 0 && rc == 0) {
		cli_eprintf("margin: export: %s: %s\n", out_path,
		    strerror(errno));
		rc = EXIT_RUNTIME;
	}
	if (out == stdout && fflush(stdout) != 0 && rc == 0) {
		cli_error("export", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	store_close(s);
	free(annotator);
	free(labels);
	free(articles);
	return rc;
}

const struct command cmd_export_entry = {
	.name = "export",
	.usage = "[--format F] [-o FILE|DIR] [filters]",
	.help =
	"Write the annotations as training data (code point offsets).\n"
	"  -f, --format F   csv (spans), jsonl (articles), conll (tokens),\n"
	"                   brat (a folder of ID.txt and ID.ann)\n"
	"  -o, --output F   write to F instead of stdout (brat: folder F)\n"
	"  --scheme S       conll: iob2 (default), iob1, bioes or bilou\n"
	"  --label L        only label L (repeatable)\n"
	"  --annotator A    only annotator A's spans\n"
	"  --article ID     only that article (repeatable)\n"
	"  --tag T          only articles tagged T\n"
	"  --done           only articles marked done\n"
	"  --status S       accepted (default), suggested or all\n"
	"  --context N      csv: add left/right columns of N characters\n"
	"  --excel-safe     csv: guard cells starting with = + - @ TAB CR\n"
	"  --what tags      csv: export article tags instead of spans\n"
	"jsonl, conll and brat write articles without spans too.\n",
	.summary = "write annotations as training data",
	.run = cmd_export,
};
