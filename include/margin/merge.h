/*
 * merge.h: bring another margin database's work into this one (SPEC §10,
 * `margin merge OTHER.db`): articles by content hash, the labels and
 * relation labels this database lacks, spans with their entity links,
 * entities, relations, article tags and done marks.  OTHER is only read.
 */
#ifndef MARGIN_MERGE_H
#define MARGIN_MERGE_H

#include <stddef.h>

struct store;

/* What a merge did; "present" were here already, "conflicting" are here
   with another status or note (spans) or mark (done/todo), and were kept
   as they are here. */
struct merge_report {
	size_t	articles_added;
	size_t	articles_present;
	size_t	labels_added;
	size_t	spans_added;
	size_t	spans_present;
	size_t	spans_conflicting;
	size_t	tags_added;
	size_t	tags_present;
	size_t	marks_added;
	size_t	marks_present;
	size_t	marks_conflicting;
	size_t	entities_added;		/* SPEC §16 */
	size_t	entities_present;
	size_t	links_added;		/* spans linked to an entity */
	size_t	links_conflicting;	/* linked here to another one */
	size_t	relation_labels_added;
	size_t	relations_added;
	size_t	relations_present;
	int	stopped;	/* o->stop asked: the rest was not merged */
};

struct merge_options {
	/* Told about each conflict in a line ("article 3: PER 0-5 “Ada”
	   of bob: accepted here, rejected there"); may be NULL.  The text
	   holds the databases' strings as they are: sanitise to show it. */
	void	(*conflict)(void *ctx, const char *text);
	void	 *ctx;
	/* Asked after each article: nonzero stops the merge once the batch
	   in hand is committed (a SIGINT on the command line). */
	int	(*stop)(void *ctx);
	/* After each batch is committed, with what is merged so far. */
	void	(*progress)(void *ctx, const struct merge_report *r);
	/* Articles per transaction at most; 0 = 200.  A batch also ends
	   when it has held the write lock for STORE_BATCH_MS. */
	size_t	  batch;
};

/*
 * Merge the database at other_path into s.  Idempotent: a second merge
 * of the same database adds nothing.  Articles match by the SHA-256 of
 * their text and spans by (article, start, end, label, annotator); spans
 * keep their status, origin, note, score and times.  Entities match by
 * label and knowledge-base id, else by label and name
 * (store_entity_ensure), and are made when missing; a span's link comes
 * with it, and a span here without a link takes the other's (one linked
 * here to another entity is a conflict and stays).  Relations match by
 * their spans' keys, label and annotator (store_relation_merge); their
 * labels are added first.  other_path is opened
 * read-only and never changed; it may be a database of an older schema.
 * It runs in transactions of o->batch articles: when it fails half-way,
 * what was merged stays, and merging again completes it.  o may be NULL.
 * The report counts what was done, also on failure.
 */
int	 merge_database(struct store *s, const char *other_path,
	    const struct merge_options *o, struct merge_report *r,
	    char **errp);

#endif
