/*
 * cmd_copy.c: `margin copy SRC DST`: a whole database into a new one,
 * between a SQLite file and a PostgreSQL server's database or within
 * either (SPEC §17), and what was copied, table by table.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/cli.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* What was copied, on stdout (names are the user's bytes: sanitised). */
static void
cli_copy_report(const char *src, const char *dst,
    const struct store_copy_report *r)
{
	char	*d, *from, *to;
	size_t	 t;

	d = store_describe(src);
	from = text_sanitize(d, strlen(d));
	free(d);
	d = store_describe(dst);
	to = text_sanitize(d, strlen(d));
	free(d);
	if (r->nothing_to_do)
		printf("%s is already a copy of %s: nothing to do\n", to, from);
	else {
		printf("copied %s into %s%s\n", from, to,
		    r->created ? " (new)" : "");
		for (t = 0; t < r->ntables && t < STORE_COPY_MAXTABLES; t++)
			printf("  %-16s %" PRId64 " rows\n", r->tables[t].name,
			    r->tables[t].rows);
		printf("verified: every table has the same rows in both\n");
	}
	free(from);
	free(to);
}

static int
cmd_copy(struct cli *c)
{
	struct store_copy_report	 r;
	const char			*path[2] = { NULL, NULL };
	char				*annotator, *err = NULL;
	int				 a, n = 0, rc = 0;

	for (a = 0; a < c->argc; a++) {
		if (strcmp(c->argv[a], "--") == 0 && a + 1 < c->argc)
			a++;
		else if (c->argv[a][0] == '-' && c->argv[a][1] != '\0')
			cli_usage_error("unknown option %s", c->argv[a]);
		if (n == 2)
			cli_usage_error("two databases: unexpected %s",
			    c->argv[a]);
		path[n++] = c->argv[a];
	}
	if (n != 2)
		cli_usage_error("copy needs the source and the destination "
		    "(SRC DST)");
	annotator = cli_annotator(c);
	if (store_copy(path[0], path[1], annotator, &r, &err) == -1) {
		cli_error("copy", err);
		free(err);
		rc = EXIT_RUNTIME;
	} else
		cli_copy_report(path[0], path[1], &r);
	if (fflush(stdout) != 0)
		rc = EXIT_RUNTIME;
	free(annotator);
	return rc;
}

const struct command cmd_copy_entry = {
	.name = "copy",
	.summary = "copy a whole database (SQLite, PostgreSQL)",
	.usage = "SRC DST",
	.help =
	"Copy the database SRC into DST, each a file or a PostgreSQL\n"
	"database (postgresql://USER@HOST/DB or host=... dbname=...): every\n"
	"article, label, span, tag, done mark, entity, relation, gazetteer,\n"
	"model and the whole history, with their ids, so that undo and redo\n"
	"go on there.  SRC is only read.  DST is created when missing and\n"
	"must be new or empty; it is written in one transaction, committed\n"
	"once every table there is checked against SRC.  A DST that is\n"
	"already a copy of SRC is left as it is.\n",
	.run = cmd_copy,
};
