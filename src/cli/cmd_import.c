/*
 * cmd_import.c: `margin import` (SPEC §8): files, folders and stdin into
 * the database, with progress on a terminal and a summary at the end.
 */
#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "margin/cli.h"
#include "margin/import.h"
#include "margin/store.h"
#include "margin/util.h"

/* Duplicates named one by one; the others are counted. */
#define IMPORT_DUPLICATES_SHOWN	3

struct import_ui {
	size_t	duplicates;
	int	tty;
	time_t	started;
	time_t	last;
	int	shown;
};

static void
cli_import_message(void *ctx, int is_error, const char *path,
    const char *text)
{
	struct import_ui	*iu = ctx;

	/* Importing a folder again makes one duplicate per file: a few are
	   named, the rest counted at the end, so that they do not read as
	   errors. */
	if (!is_error && strncmp(text, "duplicate of article", 20) == 0 &&
	    ++iu->duplicates > IMPORT_DUPLICATES_SHOWN)
		return;
	if (iu->shown) {
		fputs("\r\033[K", stderr);
		iu->shown = 0;
	}
	cli_eprintf("margin: import: %s%s%s\n", path ? path : "",
	    path ? ": " : "", text);
}

static int
cli_import_stop(void *ctx)
{
	(void)ctx;
	return cli_interrupted();
}

static void
cli_import_progress(void *ctx, const struct import_report *r)
{
	struct import_ui	*iu = ctx;
	time_t			 now;
	double			 secs;

	if (!iu->tty)
		return;
	now = time(NULL);
	if (now == iu->last)
		return;
	iu->last = now;
	secs = difftime(now, iu->started);
	/* What is saved: the articles of the batches committed. */
	fprintf(stderr, "\r\033[Kimporting: %zu articles saved, %.1f MB read",
	    r->committed, (double)r->bytes / 1e6);
	if (secs >= 1)
		fprintf(stderr, " (%.0f articles/s)",
		    (double)r->committed / secs);
	fputs("; Ctrl-C stops", stderr);
	iu->shown = 1;
}

/* --max-size: bytes, or with K, M or G (powers of 1024). */
static size_t
cmd_import_size(const char *v)
{
	char		*end;
	unsigned long long n;
	int		 shift = 0;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift != 0)
		end++;
	if (errno || end == v || *end != '\0' || n == 0 ||
	    n > (SIZE_MAX >> 1) >> shift)
		cli_usage_error("--max-size: expected a size like 500K, 64M "
		    "or 2G, not \"%s\"", v);
	return (size_t)n << shift;
}

static int
cmd_import(struct cli *c)
{
	struct import_options	 o;
	struct import_report	 r;
	struct import_ui	 iu;
	struct store		*s;
	char			*annotator;
	const char		*v;
	int			 i, npaths = 0, failed = 0;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	memset(&iu, 0, sizeof(iu));
	o.format = IMPORT_AUTO;
	for (i = 0; i < c->argc; i++) {
		if ((v = cli_value(c->argc, c->argv, &i, "--format", "-f"))) {
			if (import_format_parse(v, &o.format) == -1)
				cli_usage_error("unknown format \"%s\"", v);
		} else if ((v = cli_value(c->argc, c->argv, &i, "--max-size",
		    NULL)))
			o.max_size = cmd_import_size(v);
		else if ((v = cli_value(c->argc, c->argv, &i, "--tag-names",
		    NULL)))
			o.tag_names = v;
		else if (strcmp(c->argv[i], "--") == 0) {
			npaths += c->argc - i - 1;
			break;
		} else if (c->argv[i][0] == '-' && c->argv[i][1] != '\0')
			cli_usage_error("unknown option %s", c->argv[i]);
		else
			npaths++;
	}
	if (npaths == 0)
		cli_usage_error("nothing to import: give files, folders or -");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	if (store_readonly(s)) {
		cli_error("import", store_readonly_reason(s) != NULL ?
		    store_readonly_reason(s) : "the database is read-only");
		store_close(s);
		free(annotator);
		return EXIT_RUNTIME;
	}
	o.annotator = c->annotator;
	o.message = cli_import_message;
	o.progress = cli_import_progress;
	o.stop = cli_import_stop;
	o.ctx = &iu;
	cli_catch_interrupt();
	iu.tty = isatty(STDERR_FILENO);
	iu.started = iu.last = time(NULL);
	for (i = 0; i < c->argc; i++) {
		if (cli_value(c->argc, c->argv, &i, "--format", "-f") ||
		    cli_value(c->argc, c->argv, &i, "--max-size", NULL) ||
		    cli_value(c->argc, c->argv, &i, "--tag-names", NULL))
			continue;
		if (strcmp(c->argv[i], "--") == 0) {
			while (++i < c->argc && !r.stopped)
				if (import_path(s, c->argv[i], &o, &r) == -1)
					failed = 1;
			break;
		}
		if (!r.stopped && import_path(s, c->argv[i], &o, &r) == -1)
			failed = 1;
	}
	if (iu.shown)
		fputs("\r\033[K", stderr);
	if (iu.duplicates > IMPORT_DUPLICATES_SHOWN)
		fprintf(stderr, "margin: import: %zu more duplicates not named "
		    "(already in the database: nothing changed)\n",
		    iu.duplicates - IMPORT_DUPLICATES_SHOWN);
	fprintf(stderr, "margin: imported %zu article%s (%zu duplicate%s, "
	    "%zu skipped, %zu failed", r.added, r.added == 1 ? "" : "s",
	    r.duplicates, r.duplicates == 1 ? "" : "s", r.skipped, r.failed);
	if (r.spans)
		fprintf(stderr, ", %zu span%s", r.spans,
		    r.spans == 1 ? "" : "s");
	fputs(")\n", stderr);
	if (r.stopped)
		fprintf(stderr, "margin: import: interrupted: %zu articles "
		    "saved, the rest not read; importing the same input "
		    "again goes on (what is there is a duplicate)\n",
		    r.committed);
	store_close(s);
	free(annotator);
	return failed || r.failed || r.stopped ? EXIT_RUNTIME : 0;
}

const struct command cmd_import_entry = {
	.name = "import",
	.summary = "import files, folders or stdin",
	.usage = "[--format F] [--max-size SIZE] [options] PATH...",
	.help =
	"Import files, folders (recursively, in sorted order) or - (stdin).\n"
	"Text is made canonical (UTF-8, LF); an identical text imported\n"
	"again is a duplicate and changes nothing.\n"
	"  -f, --format F   auto (by extension, then content), text, jsonl,\n"
	"                   json (Label Studio tasks, or a list of records),\n"
	"                   csv, tsv (a \"text\" column), conll (token and\n"
	"                   tag columns), brat (X.txt with X.ann); doccano,\n"
	"                   prodigy, spacy, hf (JSON lines), label-studio\n"
	"  --max-size SIZE  refuse a text file larger than SIZE (64M)\n"
	"  --tag-names L    hf: the names of numbered ner_tags, O,B-PER,...\n"
	"Imported spans belong to --annotator, else to their own JSONL\n"
	"\"annotator\", else to \"imported\".\n",
	.run = cmd_import,
};
