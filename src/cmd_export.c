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
#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"

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
	FILE			*out = stdout;
	int			 rc = 0;

	memset(&o, 0, sizeof(o));
	o.format = EXPORT_CSV;
	for (int a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--format", "-f"))) {
			if (export_format_parse(v, &o.format) == -1)
				cli_usage_error("unknown format \"%s\"", v);
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
		    NULL)))
			o.context = (size_t)cli_number("--context", v, 0,
			    100000);
		else if ((v = cli_value(c->argc, c->argv, &a, "--what",
		    NULL))) {
			if (strcmp(v, "tags") == 0)
				o.what_tags = 1;
			else if (strcmp(v, "spans") != 0)
				cli_usage_error("--what: spans or tags, not "
				    "\"%s\"", v);
		} else if (strcmp(c->argv[a], "--done") == 0)
			o.filter.done = 1;
		else if (strcmp(c->argv[a], "--excel-safe") == 0)
			o.excel_safe = 1;
		else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	o.filter.labels = labels;
	o.filter.articles = articles;
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	if (out_path != NULL && strcmp(out_path, "-") != 0 &&
	    (out = fopen(out_path, "w")) == NULL) {
		fprintf(stderr, "margin: export: %s: %s\n", out_path,
		    strerror(errno));
		rc = EXIT_RUNTIME;
	} else if (export_write(s, &o, out, &err) == -1) {
		cli_error("export", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	if (out != NULL && out != stdout && fclose(out) != 0 && rc == 0) {
		fprintf(stderr, "margin: export: %s: %s\n", out_path,
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
	.usage = "[--format csv] [-o FILE] [filters]",
	.help =
	"Write the annotations as training data (code point offsets).\n"
	"  -f, --format F   csv\n"
	"  -o, --output F   write to F instead of stdout\n"
	"  --label L        only label L (repeatable)\n"
	"  --annotator A    only annotator A's spans\n"
	"  --article ID     only that article (repeatable)\n"
	"  --tag T          only articles tagged T\n"
	"  --done           only articles marked done\n"
	"  --status S       accepted (default), suggested or all\n"
	"  --context N      add left/right columns of N characters\n"
	"  --excel-safe     guard cells starting with = + - @ for Excel\n"
	"  --what tags      export article tags instead of spans\n",
	.summary = "write annotations as training data",
	.run = cmd_export,
};
