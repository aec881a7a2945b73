/*
 * cmd_review.c: `margin review` (SPEC §10) on the command line: list two
 * annotators' disagreements for scripts, copy their agreed spans into the
 * gold annotator, or sum up where the adjudication stands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "margin/agree.h"
#include "margin/cli.h"
#include "margin/json.h"
#include "margin/review.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/ui.h"
#include "margin/util.h"

struct review_options {
	const char	*a, *b, *gold;
	int		 flags;
	int		 list, copy_agreed, json;
};

/* One side of a disagreement in a TSV cell: "PER 4-9 text | ...", with
   the text made safe for a terminal and free of tabs and newlines. */
static void
cli_review_side_tsv(struct buf *out, const struct store_span *v, size_t n)
{
	char	*t;
	size_t	 i;

	if (n == 0)
		buf_addc(out, '-');
	for (i = 0; i < n; i++) {
		t = text_sanitize(v[i].text, strlen(v[i].text));
		buf_printf(out, "%s%s %zu-%zu %s", i > 0 ? " | " : "",
		    v[i].label, v[i].start, v[i].end, t);
		free(t);
	}
}

static void
cli_review_side_json(struct buf *out, const struct store_span *v, size_t n)
{
	size_t	 i;

	buf_addc(out, '[');
	for (i = 0; i < n; i++) {
		buf_printf(out, "%s{\"id\":%lld,\"start\":%zu,\"end\":%zu,"
		    "\"label\":", i > 0 ? "," : "", (long long)v[i].id,
		    v[i].start, v[i].end);
		json_write_string(out, v[i].label, strlen(v[i].label));
		buf_adds(out, ",\"text\":");
		json_write_string(out, v[i].text, strlen(v[i].text));
		buf_addc(out, '}');
	}
	buf_addc(out, ']');
}

static void
cli_review_item(struct buf *out, const struct review_item *it, int json,
    int first)
{
	if (json) {
		buf_printf(out, "%s{\"article\":%lld,\"start\":%zu,\"end\":%zu,"
		    "\"kind\":\"%s\",\"gold\":\"%s\",\"a\":", first ? "\n" :
		    ",\n", (long long)it->article_id, it->start, it->end,
		    review_kind_name(it->kind), review_gold_name(it->gold));
		cli_review_side_json(out, it->a, it->na);
		buf_adds(out, ",\"b\":");
		cli_review_side_json(out, it->b, it->nb);
		if (it->relation != NULL) {
			buf_adds(out, ",\"relation\":");
			json_write_string(out, it->relation,
			    strlen(it->relation));
		}
		buf_addc(out, '}');
		return;
	}
	buf_printf(out, "%lld\t%zu\t%zu\t%s%s%s\t%s\t",
	    (long long)it->article_id, it->start, it->end,
	    review_kind_name(it->kind), it->relation != NULL ? " " : "",
	    it->relation != NULL ? it->relation : "",
	    review_gold_name(it->gold));
	cli_review_side_tsv(out, it->a, it->na);
	buf_addc(out, '\t');
	cli_review_side_tsv(out, it->b, it->nb);
	buf_addc(out, '\n');
}

/* Counts for the summary. */
struct review_tally {
	size_t	 kinds[REVIEW_RELATION + 1];
	size_t	 disagreements;
	size_t	 decided;	/* gold holds some of their spans */
	size_t	 agreed;
	size_t	 agreed_in_gold;
};

static void
cli_review_summary(const struct review_options *o, size_t narticles,
    const struct review_tally *t)
{
	char	*a = text_sanitize(o->a, strlen(o->a));
	char	*b = text_sanitize(o->b, strlen(o->b));
	char	*g = text_sanitize(o->gold, strlen(o->gold));
	struct buf out = BUF_INIT;

	buf_printf(&out, "%s (a) and %s (b): %zu article%s %s\n", a, b,
	    narticles,
	    narticles == 1 ? "" : "s", o->flags & REVIEW_ALL_ARTICLES ?
	    "where either has a span" : "both marked done");
	buf_printf(&out, "%zu disagreement%s: %zu a-only, %zu b-only, "
	    "%zu label, "
	    "%zu bounds", t->disagreements,
	    t->disagreements == 1 ? "" : "s", t->kinds[REVIEW_ONLY_A],
	    t->kinds[REVIEW_ONLY_B], t->kinds[REVIEW_LABEL],
	    t->kinds[REVIEW_BOUNDS]);
	if (t->kinds[REVIEW_RELATION] > 0)
		buf_printf(&out, ", %zu relation%s", t->kinds[REVIEW_RELATION],
		    t->kinds[REVIEW_RELATION] == 1 ? "" : "s");
	buf_printf(&out, "; %s holds spans of %zu of them\n", g, t->decided);
	buf_printf(&out, "%zu agreed span%s; %s holds %zu of them\n",
	    t->agreed, t->agreed == 1 ? "" : "s", g, t->agreed_in_gold);
	cli_print(stdout, out.data, out.len);
	buf_free(&out);
	free(a);
	free(b);
	free(g);
}

/* Go through the review's articles: list the disagreements or count. */
static int
cli_review_walk(struct store *s, const struct review_options *o)
{
	struct review_list	 l;
	struct review_tally	 t;
	struct buf		 out = BUF_INIT;
	int64_t			*ids = NULL;
	size_t			 nids = 0, i, k;
	char			*err = NULL;
	int			 first = 1, rc = 0;

	memset(&t, 0, sizeof(t));
	if (review_articles(s, o->a, o->b, o->flags, &ids, &nids,
	    &err) == -1) {
		cli_error("review", err);
		free(err);
		return EXIT_RUNTIME;
	}
	if (nids == 0)
		cli_eprintf("margin: review: %s and %s have %s\n", o->a,
		    o->b, o->flags & REVIEW_ALL_ARTICLES ? "made no span" :
		    "marked no article done in common (--all reviews every "
		    "article with spans)");
	if (o->list)
		buf_adds(&out, o->json ? "[" :
		    "article\tstart\tend\tkind\tgold\ta\tb\n");
	for (i = 0; i < nids; i++) {
		if (review_disagreements(s, o->a, o->b, o->gold, ids[i], &l,
		    &err) == -1) {
			cli_error("review", err);
			free(err);
			rc = EXIT_RUNTIME;
			break;
		}
		for (k = 0; k < l.n; k++) {
			t.kinds[l.items[k].kind]++;
			t.decided += l.items[k].gold != REVIEW_GOLD_NONE;
			if (o->list) {
				cli_review_item(&out, &l.items[k], o->json,
				    first);
				first = 0;
			}
		}
		t.disagreements += l.n;
		t.agreed += l.nagreed;
		for (k = 0; k < l.nagreed; k++)
			t.agreed_in_gold += l.agreed[k].gold !=
			    REVIEW_GOLD_NONE;
		review_list_free(&l);
		/* A page of output at a time: memory stays one article's. */
		cli_print(stdout, out.data != NULL ? out.data : "", out.len);
		buf_truncate(&out, 0);
	}
	if (o->list && o->json)
		fputs(first ? "]\n" : "\n]\n", stdout);
	if (!o->list && rc == 0)
		cli_review_summary(o, nids, &t);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("review", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	buf_free(&out);
	free(ids);
	return rc;
}

static int
cmd_review(struct cli *c)
{
	struct review_options	 o;
	struct store		*s;
	const char		*v;
	char			**names = NULL, *annotator, *err = NULL;
	size_t			 n = 0, added;
	int			 rc = 0;

	memset(&o, 0, sizeof(o));
	o.gold = "gold";
	for (int a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--annotators",
		    NULL))) {
			agree_names_free(names, n);
			if (agree_names_parse(v, &names, &n, &err) == -1)
				cli_usage_error("--annotators: %s", err);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--into",
		    NULL)))
			o.gold = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--format",
		    "-f"))) {
			if (strcmp(v, "json") == 0)
				o.json = 1;
			else if (strcmp(v, "tsv") == 0)
				o.json = 0;
			else
				cli_usage_error("unknown format \"%s\" "
				    "(tsv or json)", v);
		} else if (strcmp(c->argv[a], "--list") == 0)
			o.list = 1;
		else if (strcmp(c->argv[a], "--copy-agreed") == 0)
			o.copy_agreed = 1;
		else if (strcmp(c->argv[a], "--all") == 0)
			o.flags |= REVIEW_ALL_ARTICLES;
		else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	if (names == NULL || n != 2)
		cli_usage_error("--annotators A,B names the two annotators to "
		    "review");
	o.a = names[0];
	o.b = names[1];
	if (o.gold[0] == '\0')
		cli_usage_error("--into needs a name");
	if (strcmp(o.gold, o.a) == 0 || strcmp(o.gold, o.b) == 0)
		cli_usage_error("--into: %s is one of the two reviewed; name "
		    "another annotator", o.gold);

	/* On a terminal, the review is the TUI's review view. */
	if (!o.list && !o.copy_agreed && (c->script != NULL ||
	    isatty(STDOUT_FILENO))) {
		struct ui_config	 uc;

		memset(&uc, 0, sizeof(uc));
		uc.review_a = o.a;
		uc.review_b = o.b;
		uc.review_gold = o.gold;
		uc.review_flags = o.flags;
		rc = cli_run_tui(c, &uc);
		agree_names_free(names, n);
		return rc;
	}
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, !o.copy_agreed);
	/* Copying agreed spans is bulk work, not a change to undo. */
	store_set_undoable(s, 0);
	if (o.copy_agreed) {
		if (review_copy_agreed(s, o.a, o.b, o.gold, o.flags, &added,
		    &err) == -1) {
			cli_error("review: --copy-agreed", err);
			free(err);
			rc = EXIT_RUNTIME;
		} else
			cli_eprintf("margin: review: %zu agreed span%s "
			    "copied into %s\n", added, added == 1 ? "" : "s",
			    o.gold);
	}
	if (rc == 0 && (o.list || !o.copy_agreed))
		rc = cli_review_walk(s, &o);
	store_close(s);
	free(annotator);
	agree_names_free(names, n);
	return rc;
}

const struct command cmd_review_entry = {
	.name = "review",
	.summary = "adjudicate two annotators into gold",
	.usage = "--annotators A,B [--into GOLD] [--copy-agreed]\n"
	"[--list [--format tsv|json]] [--all]",
	.help =
	"Adjudicate between two annotators over the articles both marked\n"
	"done: their disagreements (spans of one only, different labels,\n"
	"overlapping spans with different bounds), settled into a gold\n"
	"annotator.  Without --list or --copy-agreed, sum up where it stands.\n"
	"  --annotators A,B   the two annotators\n"
	"  --into GOLD        the gold annotator (default: gold)\n"
	"  --copy-agreed      copy the spans both made into GOLD\n"
	"  --list             the disagreements, one per line: article,\n"
	"                     start, end, kind, what GOLD holds, A, B\n"
	"  -f, --format F     tsv (default) or json, for --list\n"
	"  --all              every article where A or B made a span\n",
	.run = cmd_review,
};
