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

/*
 * Write the export to dest.  A terminal gets it sanitised (an article's
 * bytes must not set its title or its clipboard), so it goes through
 * memory first; a file or a pipe gets it as it is, streamed.
 */
static int
cmd_export_to(struct store *s, const struct export_options *o, FILE *dest,
    char **errp)
{
	FILE	*mem;
	char	*shown = NULL;
	size_t	 shown_len = 0;
	int	 rc;

	if (dest == NULL || !isatty(fileno(dest)))
		return export_write(s, o, dest, errp);
	if ((mem = open_memstream(&shown, &shown_len)) == NULL)
		return err_set(errp, "%s", strerror(errno));
	rc = export_write(s, o, mem, errp);
	if (fclose(mem) != 0 && rc == 0)
		rc = err_set(errp, "%s", strerror(errno));
	if (rc == 0)
		cli_print(dest, shown, shown_len);
	free(shown);
	return rc;
}

static int
cmd_export(struct cli *c)
{
	struct export_options	 o;
	struct export_report	 report;
	struct file_out		 fo;
	struct store		*s;
	char			*annotator, *err = NULL;
	FILE			*out = stdout;
	int			 rc = 0, to_file;

	/* The parser is the TUI's :export's too, so that both take the
	   same options. */
	if (export_options_parse(c->argc, c->argv, &o, &err) == -1)
		cli_usage_error("%s", err);
	if (o.positional != NULL)
		cli_usage_error("unexpected argument %s", o.positional);
	o.message = cli_export_message;
	memset(&report, 0, sizeof(report));
	o.report = &report;
	to_file = o.output != NULL && strcmp(o.output, "-") != 0;
	if (o.format == EXPORT_BRAT) {
		/* A folder of files, never standard output. */
		if (o.dir == NULL)
			cli_usage_error("--format brat writes a folder: give "
			    "it with -o DIR");
		to_file = 0;
		out = NULL;
	}
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	/* A file is written whole or not at all (a kill half-way leaves
	   the old one); a device such as /dev/stdout is written in place. */
	if (to_file && file_out_open(&fo, o.output, &err) == -1) {
		cli_error("export", err);
		free(err);
		rc = EXIT_RUNTIME;
	} else {
		if (to_file)
			out = fo.f;
		if (cmd_export_to(s, &o, out, &err) == -1) {
			cli_error("export", err);
			free(err);
			err = NULL;
			rc = EXIT_RUNTIME;
		}
		if (to_file && rc != 0)
			file_out_abort(&fo);
		else if (to_file && file_out_commit(&fo, &err) == -1) {
			cli_error("export", err);
			free(err);
			rc = EXIT_RUNTIME;
		}
	}
	if (out == stdout && fflush(stdout) != 0 && rc == 0) {
		cli_error("export", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	/* Spans the database holds but cannot be written are input that
	   failed: the rest is written, and the status says so. */
	if (rc == 0 && report.damaged > 0)
		rc = EXIT_RUNTIME;
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
	"                   brat (a folder of ID.txt and ID.ann); the tools':\n"
	"                   doccano, prodigy, spacy, hf (JSON lines),\n"
	"                   label-studio (JSON)\n"
	"  -o, --output F   write to F instead of stdout (brat: folder F)\n"
	"  --scheme S       conll: iob2 (default), iob1, bioes or bilou\n"
	"  --columns N      conll: 4 (TOKEN POS CHUNK TAG, the default) or 2\n"
	"  --label L        only label L (repeatable)\n"
	"  --annotator A    only annotator A's spans\n"
	"  --article ID     only that article (repeatable)\n"
	"  --tag T          only articles tagged T\n"
	"  --done           only articles marked done\n"
	"  --status S       accepted (default), suggested, rejected or all\n"
	"  --context N      csv: add left/right columns of N characters\n"
	"  --excel-safe     csv: guard cells starting with = + - @ TAB CR\n"
	"  --what W         csv: spans (default), tags, relations or\n"
	"                   entities\n"
	"jsonl, conll and brat write articles without spans too.\n",
	.summary = "write annotations as training data",
	.run = cmd_export,
};
