/*
 * cmd_export.c: `margin export` (SPEC §9): the annotations as training
 * data, with the filters of §2.
 */
#include <errno.h>
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
	const char		*out_path;
	char			*annotator, *err = NULL;
	FILE			*out = stdout;
	char			*shown = NULL;
	size_t			 shown_len = 0;
	int			 to_terminal = 0;
	int			 rc = 0;

	/* The parser is the TUI's :export's too, so that both take the
	   same options. */
	if (export_options_parse(c->argc, c->argv, &o, &err) == -1)
		cli_usage_error("%s", err);
	if (o.positional != NULL)
		cli_usage_error("unexpected argument %s", o.positional);
	o.message = cli_export_message;
	out_path = o.output;
	if (o.format == EXPORT_BRAT) {
		/* A folder of files, never standard output. */
		if (o.dir == NULL)
			cli_usage_error("--format brat writes a folder: give "
			    "it with -o DIR");
		out_path = NULL;
		out = NULL;
	}
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
	export_options_free(&o);
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
