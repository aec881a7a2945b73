/* export_private.h: what the files of the exporter share: the walk of
   the article formats and the helpers of export_common.c. */
#ifndef MARGIN_EXPORT_PRIVATE_H
#define MARGIN_EXPORT_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"

struct article_export;

struct article_writer {
	/* An article, with its text; then its spans; then its end. */
	int	(*begin)(struct article_export *, const struct store_article *);
	int	(*span)(struct article_export *, const struct store_span *);
	int	(*end)(struct article_export *);
};

/* A span kept for the CoNLL writer until its article ends. */
struct conll_span {
	int64_t	 id;
	size_t	 start, end;		/* code points, for the length */
	size_t	 start_byte, end_byte;
	char	*label;
	size_t	 first, last;		/* its tokens, once snapped */
};

struct conll_token {
	size_t	 start, end;		/* bytes */
	int	 sentence_start;
	long	 span;			/* index into spans, or -1 */
};

struct article_export {
	struct store			*s;
	const struct export_options	*o;
	const struct article_writer	*w;
	FILE				*out;
	struct buf			 line;
	int				 write_errno;
	char				*err;
	struct export_report		*report;
	/* The filtered article list, a page of ids at a time. */
	struct store_article_filter	 af;
	int64_t				*page;
	size_t				 npage, next;
	int				 last_page;
	/* The article being written; the ids of its spans in the order
	   written (0 for one a writer left out), for its relations. */
	int				 open;
	struct store_article		 article;
	size_t				 nspans;
	int64_t				*span_ids;
	size_t				 cap_span_ids;
	size_t				 nrelations;	/* of the article */
	/* conll */
	struct conll_span		*spans;
	size_t				 cap_spans;
	size_t				 said;		/* messages so far */
	/* brat */
	FILE				*ann;
	char				*ann_path;
	size_t				 notes;
	size_t				 attributes;
	size_t				 norms;
	char				**rel_who;	/* who made the
							   relations written */
	size_t				 nrel_who, cap_rel_who;
	int				 id_width;	/* file names */
	size_t				 blank;		/* spans left out */
	/* the profiles: the article's spans, and articles written */
	struct store_span		*kept;
	size_t				 nkept, cap_kept;
	size_t				 items;
};

/* A relation of the article being written, with the indexes of its two
   spans among those written (export_relations). */
typedef int (*export_relation_fn)(struct article_export *,
    const struct store_relation *, size_t, size_t);

/* Messages about single spans stop after this many; counts go on. */
#define EXPORT_SAY	20

/* The writers, one file each; export.c's table chooses among them. */
int	 export_csv(struct store *, const struct export_options *,
	    FILE *, char **);
int	 export_jsonl(struct store *, const struct export_options *,
	    FILE *, char **);
int	 export_conll(struct store *, const struct export_options *,
	    FILE *, char **);
int	 export_brat(struct store *, const struct export_options *,
	    FILE *, char **);
/* export_profiles.c: the tools' shapes (SPEC §18). */
int	 export_doccano(struct store *, const struct export_options *,
	    FILE *, char **);
int	 export_prodigy(struct store *, const struct export_options *,
	    FILE *, char **);
int	 export_spacy(struct store *, const struct export_options *,
	    FILE *, char **);
int	 export_hf(struct store *, const struct export_options *,
	    FILE *, char **);
int	 export_label_studio(struct store *, const struct export_options *,
	    FILE *, char **);

/* export_common.c */
int	 export_csv_put(FILE *, const struct buf *, int *);
void	 export_say(struct article_export *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 export_put(struct article_export *);
int	 export_articles(struct article_export *, char **);
void	 export_article_init(struct article_export *, struct store *,
	    const struct export_options *, const struct article_writer *,
	    FILE *, struct export_report *);
int	 export_relations(struct article_export *, export_relation_fn);
int	 export_relation_wanted(const struct store_span_filter *,
	    enum store_span_status);

#endif
