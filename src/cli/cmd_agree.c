/*
 * cmd_agree.c: `margin agree` (SPEC §10): inter-annotator agreement as a
 * table or JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/agree.h"
#include "margin/cli.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

static int
cmd_agree(struct cli *c)
{
	struct agree_result	 r;
	struct store		*s;
	struct buf		 out = BUF_INIT;
	const char		*v;
	char			**names = NULL, *annotator, *err = NULL;
	size_t			 n = 0, i;
	int			 json = 0, rc = 0;

	for (int a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--annotators",
		    NULL))) {
			agree_names_free(names, n);
			if (agree_names_parse(v, &names, &n, &err) == -1)
				cli_usage_error("--annotators: %s", err);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--format",
		    "-f"))) {
			if (strcmp(v, "json") == 0)
				json = 1;
			else if (strcmp(v, "table") == 0)
				json = 0;
			else
				cli_usage_error("unknown format \"%s\" "
				    "(table or json)", v);
		} else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	if (names != NULL && n < 2)
		cli_usage_error("--annotators needs at least two names, like "
		    "alice,bob");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	if (agree_compute(s, (const char *const *)names, n, &r,
	    &err) == -1) {
		cli_error("agree", err);
		free(err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	/* Nothing to compare is an answer, not a failure: say so on
	   stderr and still write the (empty) result for scripts. */
	if (r.npairs == 0)
		fputs("margin: agree: no two annotators have marked the same "
		    "article done; nothing compared\n", stderr);
	for (i = 0; i < r.npairs; i++) {
		char	*ra, *pb;

		if (r.pairs[i].articles > 0)
			continue;
		/* Names come from the database: safe for a terminal. */
		ra = text_sanitize(r.pairs[i].reference,
		    strlen(r.pairs[i].reference));
		pb = text_sanitize(r.pairs[i].prediction,
		    strlen(r.pairs[i].prediction));
		cli_eprintf("margin: agree: %s and %s have marked no "
		    "article done in common\n", ra, pb);
		free(ra);
		free(pb);
	}
	if (json)
		agree_format_json(&r, &out);
	else
		agree_format_table(&r, &out);
	cli_print(stdout, out.data != NULL ? out.data : "", out.len);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("agree", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	agree_result_free(&r);
out:
	buf_free(&out);
	store_close(s);
	free(annotator);
	agree_names_free(names, n);
	return rc;
}

const struct command cmd_agree_entry = {
	.name = "agree",
	.summary = "inter-annotator agreement",
	.usage = "[--annotators A,B[,C...]] [--format table|json]",
	.help =
	"Inter-annotator agreement over the articles both annotators marked\n"
	"done, on accepted spans: exact-span precision, recall and F1 per\n"
	"label and overall (A is the reference, B the prediction), and\n"
	"Cohen's kappa over tokens (O outside spans; a token takes the\n"
	"label of the longest span over it).  Then the same F1 on entity\n"
	"links (accepted ones, on the spans both made) and on relations\n"
	"(exact pairs of spans and label; a symmetric label unordered).\n"
	"  --annotators A,B   compare these (every pair, in this order);\n"
	"                     default: every pair that shares done articles\n"
	"  -f, --format F     table (default) or json\n",
	.run = cmd_agree,
};
