/*
 * export.h: write the store's annotations as training data (SPEC §9):
 * CSV rows of spans (or article tags), JSONL articles with their spans,
 * CoNLL token lines, and a brat folder.  Every export reads one snapshot
 * and streams, so memory stays constant: the most it holds is one
 * article's text and spans.
 */
#ifndef MARGIN_EXPORT_H
#define MARGIN_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "margin/conll.h"
#include "margin/store.h"

enum export_format {
	EXPORT_CSV,
	EXPORT_JSONL,
	EXPORT_CONLL,
	EXPORT_BRAT,
	/* The tools' shapes (SPEC §18). */
	EXPORT_DOCCANO,
	EXPORT_PRODIGY,
	EXPORT_SPACY,
	EXPORT_HF,
	EXPORT_LABEL_STUDIO
};

/* What an export wrote and what it had to leave out or move. */
struct export_report {
	size_t	articles;	/* jsonl, conll, brat */
	size_t	spans;		/* written */
	size_t	overlapping;	/* conll: dropped for a longer one */
	size_t	duplicates;	/* conll: of those, the same tokens and
				   label as a span kept */
	size_t	widened;	/* conll: not on token boundaries, widened
				   to the tokens they touch */
	size_t	tokenless;	/* conll: on no token at all, dropped */
	size_t	spaced;		/* conll: tokens whose white space was
				   written as _ */
	size_t	damaged;	/* jsonl, conll, brat: stored offsets that
				   do not fit the article (a database
				   edited by another tool), left out */
	size_t	relations;	/* jsonl, brat, csv --what relations:
				   written */
	size_t	relations_dropped; /* jsonl, brat: left out with a span
				   the filters left out */
};

struct export_options {
	enum export_format		format;
	struct store_span_filter	filter;
	int				excel_safe;	/* csv: quote-guard cells */
	int				what_tags;	/* csv: article tags */
	int				what_relations;	/* csv: relations */
	int				what_entities;	/* csv: entities */
	size_t				context;	/* csv: chars of context */
	enum conll_scheme		scheme;		/* conll: IOB2 unless
							   told */
	int				columns;	/* conll: 4 (0) or 2 */
	const char			*dir;		/* brat: the folder */
	/* What had to be changed or left out (conll), one line each;
	   NULL to say nothing.  The counts go to report either way. */
	void	(*message)(void *ctx, const char *text);
	void	 *ctx;
	struct export_report		*report;	/* may be NULL */
	/* Set by export_options_parse(): -o (the file, or brat's folder)
	   and the one word that is not an option, either NULL; the lists
	   filter.labels and filter.articles point to. */
	const char			*output;
	const char			*positional;
	const char			**labels;
	size_t				 cap_labels, nlabels;
	int64_t				*articles;
	size_t				 cap_articles;
};

/*
 * Accept the name of a format ("csv", "jsonl", "conll", "brat"); -1 for
 * others.  export_format_lookup() also says why: an unknown name, or a
 * format of §9 that this version cannot write yet (naming them).
 */
int	 export_format_parse(const char *name, enum export_format *f);
int	 export_format_lookup(const char *name, enum export_format *f,
	    char **errp);
/*
 * Write to out (brat: into the folder o->dir, created when missing; out
 * is not used).  Returns 0, or -1 with *errp set.
 *
 * jsonl, conll and brat write every article the filters select, those
 * without spans too (all-O sentences are training data); the filters on
 * labels, annotator and status choose spans, not articles.
 */
int	 export_write(struct store *s, const struct export_options *o,
	    FILE *out, char **errp);

/*
 * The options of `margin export` and of the TUI's :export (margin(1)), from
 * argv[0..argc): --format/-f, --output/-o, --scheme, --label, --annotator,
 * --article, --tag, --status, --done, --context, --what, --excel-safe,
 * as "--opt VALUE" or "--opt=VALUE".  o is set up from scratch (CSV,
 * IOB2, accepted spans); one word that is not an option goes to
 * o->positional, a second is an error.  For brat, o->dir is -o unless it
 * is "-" (the callers say what a missing folder means).  Returns 0, or
 * -1 with *errp set; either way export_options_free() frees the lists.
 */
int	 export_options_parse(int argc, char **argv, struct export_options *o,
	    char **errp);
void	 export_options_free(struct export_options *o);

/* One RFC 4180 field (quoted when needed) appended to out. */
struct buf;
void	 export_csv_field(struct buf *out, const char *s, size_t len,
	    int excel_safe);

#endif
