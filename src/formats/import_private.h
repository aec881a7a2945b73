/* import_private.h: what the files of the importer share: the run, the
   input, and the helpers of import_common.c. */
#ifndef MARGIN_IMPORT_PRIVATE_H
#define MARGIN_IMPORT_PRIVATE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "margin/import.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* One input being read: a file, or stdin. */
struct input {
	const char	*path;	/* for messages, and the source */
	int		 is_stdin;	/* no file name to go by */
	int		 fd;
	struct buf	 data;	/* bytes read */
	size_t		 pos;	/* where the unconsumed ones start */
	size_t		 scan;	/* bytes after pos known to hold no LF */
	int		 eof;
	int		 read_errno;
};

struct dir_id {
	dev_t	 dev;
	ino_t	 ino;
};

/* An entity of an input, and the entity of this database it links to:
   a slot of import_run's hash table (key NULL when free). */
struct imp_entity {
	char	*key;	/* scope LF label LF "jsonl:12" or
			   "brat:Wikidata:Q7747" */
	int64_t	 id;
};

/* The state of one import_path() call. */
struct import_run {
	struct store			*s;
	const struct import_options	*o;
	struct import_report		*r;
	int				 failed;
	/* The open batch transaction (§8: one per `batch` articles); what
	   it added, to correct the report if its commit fails. */
	int				 in_txn;
	size_t				 batch;
	size_t				 in_batch;
	size_t				 batch_added;
	size_t				 batch_spans;
	/* Label names the store knows, loaded when a span first needs one. */
	char				**labels;
	size_t				 nlabels;
	int				 labels_state;	/* 0 not yet, 1 loaded,
						   -1 failed */
	/* The folders from the top of the walk down to the current one. */
	struct dir_id			*dirs;
	size_t				 ndirs;
	/* Relation labels the store knows, loaded as the labels are. */
	char				**rlabels;
	size_t				 nrlabels;
	int				 rlabels_state;
	/* The entities of the files read, each as its file names it (a
	   JSONL "id", a brat reference), and what it became here: the
	   ids in a file are another database's (SPEC §16). */
	struct imp_entity		*entities;	/* by key */
	size_t				 nentities, cap_entities;
	int64_t				*entity_ids;	/* the ids they took,
							   0 a free slot */
	const char			*entity_scope;	/* the file or folder
						   whose ids they are */
	/* The brat folders whose annotation.conf was read. */
	char				**conf_dirs;
	size_t				 nconf_dirs;
	/* import.c's file reader, for brat's .ann, which is imported
	   through its .txt: a call through the run, so that the
	   importers need nothing from the file that calls them. */
	int			       (*import_file)(struct import_run *,
					    const char *, enum import_format);
};

/* The canonical text of one JSONL record, with what its spans need. */
struct record_text {
	const char		*where;		/* "FILE:LINE" */
	const char		*text;		/* canonical */
	size_t			 len;
	size_t			*map;		/* given code point ->
						   canonical one */
	size_t			 nmap;
	struct text_offsets	 offsets;	/* canonical code point ->
						   byte */
	int64_t			 article;
};

/* A span as an input gives it (a JSONL record in any of its three shapes,
   a brat T line). */
struct span_given {
	int64_t		 start;
	int64_t		 end;
	const char	*label;
	const char	*text;		/* optional */
	size_t		 text_len;
	int		 text_loose;	/* line ends and TABs in the article
					   read as spaces (brat) */
	const char	*annotator;	/* optional */
	const char	*note;		/* optional */
	/* What a margin export wrote (JSONL): the defaults are accepted,
	   imported, 0. */
	enum store_span_status	 status;
	enum store_span_origin	 origin;
	double			 score;
	/* The entity it names (imp_entity_link), 0 when none, and the
	   link's status. */
	int64_t			 entity;
	enum store_span_status	 entity_status;
};

/* A relation as an input gives it, between two spans added (store ids). */
struct relation_given {
	int64_t			 src, dst;
	const char		*label;
	const char		*annotator;	/* optional */
	const char		*note;		/* optional */
	enum store_span_status	 status;
	enum store_span_origin	 origin;
};

/* The importers, one file each; import.c's table chooses among them. */
int	 import_text(struct import_run *, struct input *);
int	 import_jsonl(struct import_run *, struct input *);
int	 import_csv(struct import_run *, struct input *);
int	 import_tsv(struct import_run *, struct input *);
int	 import_conll(struct import_run *, struct input *);
int	 import_brat(struct import_run *, struct input *);
int	 import_json(struct import_run *, struct input *);
/* One JSONL record (a line's bytes); where is "FILE:LINE" or the like. */
void	 imp_jsonl_record(struct import_run *, const char *, const char *,
	    const char *, size_t);

/* import_common.c */
const char	*imp_path_extension(const char *);
char		*imp_path_sibling(const char *, const char *);
int		 imp_path_is_file(const char *);
void		 imp_run_message(struct import_run *, int, const char *,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
void		 imp_run_commit(struct import_run *, const char *);
void		 imp_run_article_done(struct import_run *, const char *);
int		 imp_text_is_blank(const char *, size_t);
void		 imp_report_repairs(struct import_run *, const char *,
		    const struct text_canon_stats *);
int		 imp_add_article(struct import_run *, const char *,
		    const char *, const char *, const char *, size_t,
		    const char *, size_t, int64_t *);
int		 imp_input_fill(struct import_run *, struct input *, size_t);
int		 imp_input_line(struct import_run *, struct input *,
		    const char **, size_t *);
char		*imp_quoted(const char *, size_t);
int		 imp_add_span(struct import_run *, const char *, const char *,
		    struct store_span *);
int		 imp_span_text_matches(const char *, size_t, const char *,
		    size_t, int);
int		 import_span(struct import_run *, struct record_text *,
		    const char *, const struct span_given *, int64_t *);
int		 imp_entity_link(struct import_run *, const char *,
		    const char *, const char *, const char *, const char *,
		    int64_t *);
int		 imp_relation_label(struct import_run *, const char *,
		    const char *, int);
int		 imp_add_relation(struct import_run *, const char *,
		    const char *, const struct relation_given *);
void		 imp_run_free(struct import_run *);

#endif
