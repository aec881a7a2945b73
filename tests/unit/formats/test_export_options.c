/*
 * test_export_options.c: the options `margin export` and the TUI's
 * :export share: every option in both spellings, the lists, a word that
 * is not an option, and the errors that say which option is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"

#define ARGC(v)	((int)(sizeof(v) / sizeof((v)[0])))

static void
test_defaults(void)
{
	struct export_options	 o;
	char			*err = NULL;

	CHECK_INT(export_options_parse(0, NULL, &o, &err), 0);
	CHECK_INT(o.format, EXPORT_CSV);
	CHECK_INT(o.scheme, CONLL_IOB2);
	CHECK(o.output == NULL && o.positional == NULL && o.dir == NULL);
	CHECK(o.filter.labels == NULL && o.filter.articles == NULL);
	CHECK_INT(o.filter.status, 0);
	export_options_free(&o);
}

static void
test_all(void)
{
	char	*v[] = { "--format=conll", "--scheme", "bioes", "-o", "out",
		    "--label", "PER", "--label=LOC", "--annotator", "ann",
		    "--article", "7", "--article=9", "--tag", "t",
		    "--status", "all", "--done", "dest" };
	struct export_options	 o;
	char			*err = NULL;

	CHECK_INT(export_options_parse(ARGC(v), v, &o, &err), 0);
	CHECK_INT(o.format, EXPORT_CONLL);
	CHECK_INT(o.scheme, CONLL_BIOES);
	CHECK_STR(o.output, "out");
	CHECK_STR(o.positional, "dest");
	CHECK(o.dir == NULL);
	CHECK_INT(o.nlabels, 2);
	CHECK_STR(o.filter.labels[0], "PER");
	CHECK_STR(o.filter.labels[1], "LOC");
	CHECK(o.filter.labels[2] == NULL);
	CHECK_STR(o.filter.annotator, "ann");
	CHECK_INT(o.filter.narticles, 2);
	CHECK_INT(o.filter.articles[0], 7);
	CHECK_INT(o.filter.articles[1], 9);
	CHECK_STR(o.filter.tag, "t");
	CHECK_INT(o.filter.status, 1 << STORE_ACCEPTED | 1 << STORE_SUGGESTED |
	    1 << STORE_REJECTED);
	CHECK_INT(o.filter.done, 1);
	export_options_free(&o);
	CHECK(o.filter.labels == NULL && o.filter.articles == NULL);
}

/* Many labels and articles: the lists grow. */
static void
test_many(void)
{
	char			*v[200], word[100][12];
	struct export_options	 o;
	char			*err = NULL;
	int			 i;

	for (i = 0; i < 100; i++) {
		snprintf(word[i], sizeof(word[i]), "%d", i + 1);
		v[2 * i] = i % 2 ? "--label" : "--article";
		v[2 * i + 1] = word[i];
	}
	CHECK_INT(export_options_parse(200, v, &o, &err), 0);
	CHECK_INT(o.nlabels, 50);
	CHECK_INT(o.filter.narticles, 50);
	CHECK_STR(o.filter.labels[49], "100");
	CHECK(o.filter.labels[50] == NULL);
	CHECK_INT(o.filter.articles[49], 99);
	export_options_free(&o);
}

static void
test_csv_and_brat(void)
{
	char	*csv[] = { "--context", "5", "--excel-safe", "--what", "tags" };
	char	*brat[] = { "-f", "brat", "--output=folder" };
	char	*stdout_brat[] = { "-f", "brat", "-o", "-" };
	struct export_options	 o;
	char			*err = NULL;

	CHECK_INT(export_options_parse(ARGC(csv), csv, &o, &err), 0);
	CHECK_INT(o.context, 5);
	CHECK_INT(o.excel_safe, 1);
	CHECK_INT(o.what_tags, 1);
	export_options_free(&o);
	CHECK_INT(export_options_parse(ARGC(brat), brat, &o, &err), 0);
	CHECK_INT(o.format, EXPORT_BRAT);
	CHECK_STR(o.dir, "folder");
	export_options_free(&o);
	CHECK_INT(export_options_parse(ARGC(stdout_brat), stdout_brat, &o,
	    &err), 0);
	CHECK(o.dir == NULL);
	CHECK_STR(o.output, "-");
	export_options_free(&o);
}

static void
test_errors(void)
{
	static const struct {
		const char	*args[4];
		const char	*says;
	} cases[] = {
		{ { "--format", "xml" }, "unknown format \"xml\"" },
		{ { "--format" }, "--format needs a value" },
		{ { "--scheme", "bilo" }, "--scheme: iob2, iob1, bioes" },
		{ { "--status", "maybe" }, "--status: accepted, suggested" },
		{ { "--article", "0" }, "--article: expected a number" },
		{ { "--article", "x1" }, "--article: expected a number" },
		{ { "--context", "100001" }, "--context: expected a number" },
		{ { "--what", "words" }, "--what: spans, tags, relations or entities" },
		{ { "-f", "jsonl", "--excel-safe" }, "--excel-safe is for "
		    "--format csv" },
		{ { "--scheme", "iob1" }, "--scheme is for --format conll" },
		{ { "--bogus" }, "unexpected argument --bogus" },
		{ { "a", "b" }, "unexpected argument b" },
	};
	struct export_options	 o;
	char			*err;
	size_t			 i;
	int			 n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err = NULL;
		for (n = 0; n < 4 && cases[i].args[n] != NULL; n++)
			;
		CHECK_INT(export_options_parse(n, (char **)cases[i].args, &o,
		    &err), -1);
		CHECK_MSG(err != NULL && strstr(err, cases[i].says) != NULL,
		    "case %zu: \"%s\", want \"%s\"", i, err ? err : "(none)",
		    cases[i].says);
		free(err);
		export_options_free(&o);
	}
}

static const struct check_test tests[] = {
	{ "export options: defaults", test_defaults },
	{ "export options: every option, both spellings, a destination",
	    test_all },
	{ "export options: long lists of labels and articles", test_many },
	{ "export options: csv only options, brat's folder",
	    test_csv_and_brat },
	{ "export options: errors name the option", test_errors },
};

CHECK_MAIN(tests)
