/*
 * cmd_list.c: `margin list`: the articles, as TSV or JSON, a page at a
 * time.
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
#include "margin/json.h"
#include "margin/store.h"
#include "margin/util.h"

static int
cmd_list(struct cli *c)
{
	struct store_article_filter	 f;
	struct store_article		*rows = NULL;
	struct store			*s;
	struct buf			 out = BUF_INIT;
	char				*annotator, *err = NULL;
	const char			*v;
	size_t				 n = 0, i, offset = 0, total = 0;
	int				 json = 0, first = 1;

	memset(&f, 0, sizeof(f));
	f.with_hash = 1;
	for (int a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--tag", NULL)))
			f.tag = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--format",
		    "-f"))) {
			if (strcmp(v, "json") == 0)
				json = 1;
			else if (strcmp(v, "tsv") == 0)
				json = 0;
			else
				cli_usage_error("unknown format \"%s\" "
				    "(tsv or json)", v);
		} else if (strcmp(c->argv[a], "--done") == 0)
			f.status = 1;
		else if (strcmp(c->argv[a], "--todo") == 0)
			f.status = -1;
		else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	annotator = cli_annotator(c);
	f.annotator = annotator;
	s = cli_open_store(c, annotator, 1);
	if (json)
		buf_adds(&out, "[");
	else
		buf_adds(&out, "id\tdone\tspans\ttitle\tsource\n");
	/* Page through the list: memory stays that of one page, and one
	   snapshot holds still while the pages are read. */
	if (store_read_begin(s, &err) == -1) {
		cli_error("list", err);
		free(err);
		buf_free(&out);
		store_close(s);
		free(annotator);
		return EXIT_RUNTIME;
	}
	do {
		if (store_article_rows(s, &f, offset, 1000, &rows, &n,
		    &err) == -1) {
			cli_error("list", err);
			free(err);
			buf_free(&out);
			store_close(s);
			free(annotator);
			return EXIT_RUNTIME;
		}
		for (i = 0; i < n; i++) {
			const struct store_article *a = &rows[i];

			if (json) {
				buf_printf(&out, "%s\n{\"id\":%lld,\"title\":",
				    first ? "" : ",", (long long)a->id);
				json_write_string(&out, a->title,
				    strlen(a->title));
				buf_adds(&out, ",\"source\":");
				json_write_string(&out, a->source,
				    strlen(a->source));
				buf_printf(&out, ",\"done\":%s,\"spans\":%d,"
				    "\"hash\":\"%s\",\"imported_at\":%lld}",
				    a->done ? "true" : "false", a->nspans,
				    a->hash, (long long)a->imported_at);
			} else {
				char	*t = xstrdup(a->title);
				char	*src = xstrdup(a->source);
				char	*p;

				/* TSV cannot hold tabs or newlines. */
				for (p = t; *p; p++)
					if (*p == '\t' || *p == '\n')
						*p = ' ';
				for (p = src; *p; p++)
					if (*p == '\t' || *p == '\n')
						*p = ' ';
				buf_printf(&out, "%lld\t%s\t%d\t%s\t%s\n",
				    (long long)a->id, a->done ? "done" :
				    "todo", a->nspans, t, src);
				free(t);
				free(src);
			}
			first = 0;
		}
		cli_print(stdout, out.data, out.len);
		buf_truncate(&out, 0);
		store_article_rows_free(rows, n);
		rows = NULL;
		offset += n;
		total += n;
	} while (n == 1000);
	store_read_end(s);
	if (json)
		fputs(first ? "]\n" : "\n]\n", stdout);
	buf_free(&out);
	store_close(s);
	free(annotator);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("list", strerror(errno));
		return EXIT_RUNTIME;
	}
	(void)total;
	return 0;
}

const struct command cmd_list_entry = {
	.name = "list",
	.summary = "list the articles",
	.usage = "[--tag T] [--done|--todo] "
	"[--format tsv|json]",
	.help =
	"List the articles in import order, with my done mark and my\n"
	"span count.\n"
	"  --tag T          only articles tagged T\n"
	"  --done, --todo   only articles I marked done / not done\n"
	"  -f, --format F   tsv (default, with a header row) or json\n",
	.run = cmd_list,
};
