/*
 * import.h: bring articles into the store (SPEC §8): plain-text files,
 * folders (recursively, in sorted order), stdin ("-"), JSONL articles with
 * optional spans, CSV/TSV articles, CoNLL column files and brat .txt+.ann
 * pairs.  The importer knows nothing of the UI; it reports through
 * callbacks.
 */
#ifndef MARGIN_IMPORT_H
#define MARGIN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

struct store;

enum import_format {
	IMPORT_AUTO,	/* by extension and content */
	IMPORT_TEXT,
	IMPORT_JSONL,
	IMPORT_CSV,
	IMPORT_TSV,
	IMPORT_CONLL,
	IMPORT_BRAT,
	IMPORT_JSON	/* Label Studio tasks, or an array of records */
};

struct import_report {
	size_t	added;		/* new articles */
	size_t	duplicates;	/* texts already in the database */
	size_t	skipped;	/* binary or empty files, skipped */
	size_t	failed;		/* files or records that could not be read */
	size_t	spans;		/* annotations imported */
	size_t	invalid;	/* invalid UTF-8 sequences replaced */
	size_t	bytes;		/* input bytes read */
	size_t	committed;	/* articles (new or duplicates) in the
				   batches committed so far */
	int	stopped;	/* o->stop asked: the rest was not read */
};

struct import_options {
	enum import_format	 format;
	const char		*annotator;	/* for imported spans, or NULL
						   for "imported" */
	/* A message about one input ("FILE: reason"); is_error tells a
	   failure (exit 1) from a notice (skipped, duplicate, repaired). */
	void	(*message)(void *ctx, int is_error, const char *path,
		    const char *text);
	/* Called after each article with the running totals. */
	void	(*progress)(void *ctx, const struct import_report *r);
	void	 *ctx;
	/* Asked after each article: nonzero stops the import once the
	   batch in hand is committed (a SIGINT on the command line). */
	int	(*stop)(void *ctx);
	/* Articles per transaction at most; 0 = 500.  A batch also ends
	   when it has held the write lock for STORE_BATCH_MS, so that
	   other annotators' changes get through between two. */
	size_t	 batch;
	/* The largest article: a text file (or one CSV, JSONL or CoNLL
	   article) over it is refused; 0 = IMPORT_MAX_SIZE. */
	size_t	 max_size;
	/* HuggingFace ner_tags given as numbers: the names, comma-separated
	   in ClassLabel order ("O,B-PER,I-PER,..."); NULL when none. */
	const char *tag_names;
};

/* The default --max-size: an article the reader can still hold whole. */
#define IMPORT_MAX_SIZE ((size_t)64 << 20)

/* Parse "auto", "text", "jsonl", "json", "csv", "tsv", "conll", "brat";
   -1 when unknown. */
int	 import_format_parse(const char *name, enum import_format *f);

/*
 * Import one path (file, folder or "-").  Returns 0 when everything was
 * read, -1 when something failed (reported through message; the rest was
 * imported).  The report accumulates over calls.
 */
int	 import_path(struct store *s, const char *path,
	    const struct import_options *o, struct import_report *r);

#endif
