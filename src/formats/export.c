/*
 * export.c: write annotations as training data (SPEC §9).  Each format is
 * one writer in a table (export_FORMAT.c); every writer streams from one
 * store snapshot (store_span_foreach) through a buffered FILE and checks
 * its writes.  The article formats (jsonl, conll, brat) share one walk
 * (export_common.c) that also brings the articles without spans.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"
#include "export_private.h"

typedef int (*export_fn)(struct store *, const struct export_options *,
    FILE *, char **);

/*
 * Every format §9 names is listed, so that the command line can tell a
 * format that is coming from a misspelt one; write is NULL until its
 * writer exists.
 */
static const struct export_writer {
	const char		*name;
	enum export_format	 format;
	export_fn		 write;
} export_writers[] = {
	{ "csv",	EXPORT_CSV,	export_csv },
	{ "jsonl",	EXPORT_JSONL,	export_jsonl },
	{ "conll",	EXPORT_CONLL,	export_conll },
	{ "brat",	EXPORT_BRAT,	export_brat },
	{ "doccano",	EXPORT_DOCCANO,	export_doccano },
	{ "prodigy",	EXPORT_PRODIGY,	export_prodigy },
	{ "spacy",	EXPORT_SPACY,	export_spacy },
	{ "hf",		EXPORT_HF,	export_hf },
	{ "label-studio", EXPORT_LABEL_STUDIO, export_label_studio },
};
#define NWRITERS (sizeof(export_writers) / sizeof(export_writers[0]))

/* "csv", or "csv, jsonl" etc.: the formats that can or cannot be written. */
static char *
export_format_names(int available)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < NWRITERS; i++) {
		if ((export_writers[i].write != NULL) != available)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, export_writers[i].name);
	}
	return buf_detach(&b);
}

int
export_format_lookup(const char *name, enum export_format *f, char **errp)
{
	char	*now, *later;
	size_t	 i;

	for (i = 0; i < NWRITERS; i++) {
		if (strcmp(name, export_writers[i].name) != 0)
			continue;
		if (export_writers[i].write == NULL)
			break;
		*f = export_writers[i].format;
		return 0;
	}
	now = export_format_names(1);
	later = export_format_names(0);
	if (i < NWRITERS)
		err_set(errp, "format %s is not in this version yet (it can "
		    "write: %s; coming later: %s)", name, now, later);
	else if (later[0] != '\0')
		err_set(errp, "unknown format \"%s\" (it can write: %s; "
		    "coming later: %s)", name, now, later);
	else
		err_set(errp, "unknown format \"%s\" (it can write: %s)",
		    name, now);
	free(now);
	free(later);
	return -1;
}

int
export_format_parse(const char *name, enum export_format *f)
{
	return export_format_lookup(name, f, NULL);
}

int
export_write(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	size_t	 i;

	int	 rc;

	for (i = 0; i < NWRITERS; i++)
		if (export_writers[i].format == o->format &&
		    export_writers[i].write != NULL)
			break;
	if (i == NWRITERS)
		return err_set(errp, "this export format is not in this "
		    "version yet");
	/* One snapshot for everything the export reads: the span walk, the
	   article pages and texts, the tags. */
	if (store_read_begin(s, errp) == -1)
		return -1;
	rc = export_writers[i].write(s, o, out, errp);
	store_read_end(s);
	return rc;
}
