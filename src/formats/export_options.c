/* export_options.c: the options of an export, parsed once for both the
   command line and the TUI's :export, so that the two cannot drift. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "margin/conll.h"
#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"

/*
 * The value of option lng (or shrt) at argv[*i], as "--opt VALUE" or
 * "--opt=VALUE": 1 with *v set, 0 when argv[*i] is another word, -1 when
 * the value is missing.
 */
static int
option_value(int argc, char **argv, int *i, const char *lng,
    const char *shrt, const char **v, char **errp)
{
	const char	*a = argv[*i];
	size_t		 n = strlen(lng);

	if (strncmp(a, lng, n) == 0 && a[n] == '=') {
		*v = a + n + 1;
		return 1;
	}
	if (strcmp(a, lng) != 0 && (shrt == NULL || strcmp(a, shrt) != 0))
		return 0;
	if (*i + 1 >= argc)
		return err_set(errp, "%s needs a value", a);
	*v = argv[++*i];
	return 1;
}

static int
option_number(const char *opt, const char *value, long long lo,
    long long hi, long long *out, char **errp)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno || end == value || *end || v < lo || v > hi)
		return err_set(errp, "%s: expected a number from %lld to %lld, "
		    "not \"%s\"", opt, lo, hi, value);
	*out = v;
	return 0;
}

/* One option at argv[*a]: 1 taken, 0 not an option of export, -1. */
static int
option_one(int argc, char **argv, int *a, struct export_options *o,
    const char **csv_only, const char **conll_only, char **errp)
{
	const char	*v;
	long long	 n;
	int		 r;

#define VALUE(lng, shrt) \
	((r = option_value(argc, argv, a, (lng), (shrt), &v, errp)) != 0)
	if (VALUE("--format", "-f")) {
		if (r == -1 || export_format_lookup(v, &o->format, errp) == -1)
			return -1;
	} else if (VALUE("--scheme", NULL)) {
		if (r == -1)
			return -1;
		if (conll_scheme_parse(v, &o->scheme) == -1)
			return err_set(errp, "--scheme: iob2, iob1, bioes or "
			    "bilou, not \"%s\"", v);
		*conll_only = "--scheme";
	} else if (VALUE("--columns", NULL)) {
		if (r == -1)
			return -1;
		if (strcmp(v, "2") != 0 && strcmp(v, "4") != 0)
			return err_set(errp, "--columns: 2 or 4, not \"%s\"",
			    v);
		o->columns = v[0] - '0';
		*conll_only = "--columns";
	} else if (VALUE("--output", "-o")) {
		if (r == -1)
			return -1;
		o->output = v;
	} else if (VALUE("--label", NULL)) {
		if (r == -1)
			return -1;
		ARRAY_RESERVE(o->labels, o->cap_labels, o->nlabels + 2);
		o->labels[o->nlabels++] = v;
		o->labels[o->nlabels] = NULL;
	} else if (VALUE("--annotator", NULL)) {
		if (r == -1)
			return -1;
		o->filter.annotator = v;
	} else if (VALUE("--article", NULL)) {
		if (r == -1 || option_number("--article", v, 1, INT64_MAX, &n,
		    errp) == -1)
			return -1;
		ARRAY_RESERVE(o->articles, o->cap_articles,
		    o->filter.narticles + 1);
		o->articles[o->filter.narticles++] = (int64_t)n;
	} else if (VALUE("--tag", NULL)) {
		if (r == -1)
			return -1;
		o->filter.tag = v;
	} else if (VALUE("--status", NULL)) {
		if (r == -1)
			return -1;
		if (strcmp(v, "accepted") == 0)
			o->filter.status = 1 << STORE_ACCEPTED;
		else if (strcmp(v, "suggested") == 0)
			o->filter.status = 1 << STORE_SUGGESTED;
		else if (strcmp(v, "rejected") == 0)
			o->filter.status = 1 << STORE_REJECTED;
		else if (strcmp(v, "all") == 0)
			o->filter.status = 1 << STORE_ACCEPTED |
			    1 << STORE_SUGGESTED | 1 << STORE_REJECTED;
		else
			return err_set(errp, "--status: accepted, suggested, "
			    "rejected or all, not \"%s\"", v);
	} else if (VALUE("--context", NULL)) {
		if (r == -1 || option_number("--context", v, 0, 100000, &n,
		    errp) == -1)
			return -1;
		o->context = (size_t)n;
		*csv_only = "--context";
	} else if (VALUE("--what", NULL)) {
		if (r == -1)
			return -1;
		o->what_tags = strcmp(v, "tags") == 0;
		o->what_relations = strcmp(v, "relations") == 0;
		o->what_entities = strcmp(v, "entities") == 0;
		if (strcmp(v, "spans") != 0 && !o->what_tags &&
		    !o->what_relations && !o->what_entities)
			return err_set(errp, "--what: spans, tags, relations "
			    "or entities, not \"%s\"", v);
		*csv_only = "--what";
	} else if (strcmp(argv[*a], "--done") == 0)
		o->filter.done = 1;
	else if (strcmp(argv[*a], "--excel-safe") == 0) {
		o->excel_safe = 1;
		*csv_only = "--excel-safe";
	} else
		return 0;
#undef VALUE
	return 1;
}

int
export_options_parse(int argc, char **argv, struct export_options *o,
    char **errp)
{
	const char	*csv_only = NULL, *conll_only = NULL;
	int		 a, r;

	memset(o, 0, sizeof(*o));
	o->format = EXPORT_CSV;
	o->scheme = CONLL_IOB2;
	for (a = 0; a < argc; a++) {
		r = option_one(argc, argv, &a, o, &csv_only, &conll_only,
		    errp);
		if (r == -1)
			return -1;
		if (r == 1)
			continue;
		/* "-" alone is a destination (stdout), not an option. */
		if ((argv[a][0] == '-' && argv[a][1] != '\0') ||
		    o->positional != NULL)
			return err_set(errp, "unexpected argument %s",
			    argv[a]);
		o->positional = argv[a];
	}
	if (csv_only != NULL && o->format != EXPORT_CSV)
		return err_set(errp, "%s is for --format csv", csv_only);
	if (conll_only != NULL && o->format != EXPORT_CONLL)
		return err_set(errp, "%s is for --format conll", conll_only);
	if (o->format == EXPORT_BRAT && o->output != NULL &&
	    strcmp(o->output, "-") != 0)
		o->dir = o->output;
	o->filter.labels = o->labels;
	o->filter.articles = o->articles;
	return 0;
}

void
export_options_free(struct export_options *o)
{
	free(o->labels);
	free(o->articles);
	o->labels = NULL;
	o->articles = NULL;
	o->filter.labels = NULL;
	o->filter.articles = NULL;
	o->nlabels = o->cap_labels = o->cap_articles = 0;
}
