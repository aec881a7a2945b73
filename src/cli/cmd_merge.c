/*
 * cmd_merge.c: `margin merge OTHER.db`: bring another database's articles
 * and annotations in (SPEC §10), and say what was added and what
 * conflicted.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "margin/cli.h"
#include "margin/merge.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

struct merge_ui {
	int	 verbose;
	size_t	 shown;
	int	 tty;			/* stderr is a terminal */
	time_t	 last;			/* the progress line was written */
	int	 progress_shown;
};

/* A conflict, on stderr (its strings are other people's bytes). */
static void
cli_merge_conflict(void *ctx, const char *text)
{
	struct merge_ui	*mu = ctx;
	char		*safe;

	mu->shown++;
	if (!mu->verbose)
		return;
	safe = text_sanitize(text, strlen(text));
	if (mu->progress_shown)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "margin: merge: conflict: %s\n", safe);
	free(safe);
}

static void
cli_merge_report(const char *other, const struct merge_report *r)
{
	char	*safe = text_sanitize(other, strlen(other));

	printf("merged %s\n", safe);
	printf("  articles    %zu added, %zu already here\n",
	    r->articles_added, r->articles_present);
	printf("  labels      %zu added\n", r->labels_added);
	printf("  spans       %zu added, %zu already here, %zu conflicting\n",
	    r->spans_added, r->spans_present, r->spans_conflicting);
	printf("  tags        %zu added, %zu already here\n", r->tags_added,
	    r->tags_present);
	printf("  done marks  %zu added, %zu already here, %zu conflicting\n",
	    r->marks_added, r->marks_present, r->marks_conflicting);
	printf("  entities    %zu added, %zu already here\n",
	    r->entities_added, r->entities_present);
	printf("  links       %zu added, %zu conflicting\n", r->links_added,
	    r->links_conflicting);
	printf("  relations   %zu added, %zu already here; %zu relation "
	    "label%s added\n", r->relations_added, r->relations_present,
	    r->relation_labels_added, r->relation_labels_added == 1 ? "" :
	    "s");
	free(safe);
}

static int
cli_merge_stop(void *ctx)
{
	(void)ctx;
	return cli_interrupted();
}

/* On a terminal, what is merged so far, once a second at most. */
static void
cli_merge_progress(void *ctx, const struct merge_report *r)
{
	struct merge_ui	*mu = ctx;
	time_t		 now = time(NULL);

	if (!mu->tty || now == mu->last)
		return;
	mu->last = now;
	fprintf(stderr, "\r\033[Kmerging: %zu articles saved (%zu new), "
	    "%zu spans; Ctrl-C stops", r->articles_added + r->articles_present,
	    r->articles_added, r->spans_added);
	mu->progress_shown = 1;
}

static int
cmd_merge(struct cli *c)
{
	struct merge_options	 o;
	struct merge_report	 r;
	struct merge_ui		 mu;
	struct store		*s;
	const char		*other = NULL;
	char			*annotator, *err = NULL;
	int			 a, rc = 0;

	memset(&mu, 0, sizeof(mu));
	for (a = 0; a < c->argc; a++) {
		if (strcmp(c->argv[a], "-v") == 0 ||
		    strcmp(c->argv[a], "--verbose") == 0)
			mu.verbose = 1;
		else if (strcmp(c->argv[a], "--") == 0 && a + 1 < c->argc &&
		    other == NULL)
			other = c->argv[++a];
		else if (c->argv[a][0] == '-' && c->argv[a][1] != '\0')
			cli_usage_error("unknown option %s", c->argv[a]);
		else if (other == NULL)
			other = c->argv[a];
		else
			cli_usage_error("one database at a time: unexpected %s",
			    c->argv[a]);
	}
	if (other == NULL)
		cli_usage_error("merge needs the database to merge (OTHER.db)");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	/* Another database's work is not one of my changes to undo. */
	store_set_undoable(s, 0);
	if (store_readonly(s)) {
		cli_error("merge", store_readonly_reason(s) != NULL ?
		    store_readonly_reason(s) : "the database is read-only");
		store_close(s);
		free(annotator);
		return EXIT_RUNTIME;
	}
	memset(&o, 0, sizeof(o));
	o.conflict = cli_merge_conflict;
	o.stop = cli_merge_stop;
	o.progress = cli_merge_progress;
	o.ctx = &mu;
	mu.tty = isatty(STDERR_FILENO);
	mu.last = time(NULL);
	cli_catch_interrupt();
	rc = merge_database(s, other, &o, &r, &err);
	if (mu.progress_shown)
		fputs("\r\033[K", stderr);
	if (rc == -1) {
		cli_error("merge", err);
		free(err);
		rc = EXIT_RUNTIME;
		fputs("margin: merge: what is below was merged before the "
		    "error; merging again completes it\n", stderr);
	}
	if (r.stopped) {
		fputs("margin: merge: interrupted: what is below is merged, "
		    "the rest not; merging again goes on\n", stderr);
		rc = EXIT_RUNTIME;
	}
	cli_merge_report(other, &r);
	if (mu.shown > 0 && !mu.verbose)
		fprintf(stderr, "margin: merge: %zu conflict%s kept as they "
		    "are here (merge -v lists them)\n", mu.shown,
		    mu.shown == 1 ? "" : "s");
	if (fflush(stdout) != 0)
		rc = EXIT_RUNTIME;
	store_close(s);
	free(annotator);
	return rc;
}

const struct command cmd_merge_entry = {
	.name = "merge",
	.summary = "bring another database's work in",
	.usage = "[-v] OTHER.db",
	.help =
	"Bring the articles, labels, spans, tags and done marks of another\n"
	"margin database in, and its entities, entity links and relations.\n"
	"Articles match by their text, spans by article, offsets, label and\n"
	"annotator, entities by knowledge-base id, else label and name.  A\n"
	"span here with another status or note, or another done mark, or a\n"
	"link here to another entity, is a conflict and stays as it is here.\n"
	"Merging again adds nothing.  OTHER.db is only read.\n"
	"  -v, --verbose    list each conflict on stderr\n",
	.run = cmd_merge,
};
