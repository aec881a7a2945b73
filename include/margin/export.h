/*
 * export.h: write the store's annotations as training data (SPEC §9).
 * Every export reads one snapshot and streams, so memory stays constant.
 */
#ifndef MARGIN_EXPORT_H
#define MARGIN_EXPORT_H

#include <stdio.h>

#include "margin/store.h"

enum export_format {
	EXPORT_CSV,
	EXPORT_JSONL,
	EXPORT_CONLL,
	EXPORT_BRAT
};

struct export_options {
	enum export_format		format;
	struct store_span_filter	filter;
	int				excel_safe;	/* csv: quote-guard cells */
	int				what_tags;	/* csv: article tags */
	size_t				context;	/* csv: chars of context */
};

/*
 * Accept the name of a format this version can write ("csv"); -1 for the
 * others.  export_format_lookup() also says why: an unknown name, or a
 * format of §9 that is coming later (naming them).
 */
int	 export_format_parse(const char *name, enum export_format *f);
int	 export_format_lookup(const char *name, enum export_format *f,
	    char **errp);
/* Write to out; returns 0, or -1 with *errp set. */
int	 export_write(struct store *s, const struct export_options *o,
	    FILE *out, char **errp);

/* One RFC 4180 field (quoted when needed) appended to out. */
struct buf;
void	 export_csv_field(struct buf *out, const char *s, size_t len,
	    int excel_safe);

#endif
