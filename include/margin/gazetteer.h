/*
 * gazetteer.h: suggestions from a gazetteer (SPEC §11): its names are
 * matched (aho.h) over the articles chosen, and each match becomes a
 * suggestion (status suggested, origin gazetteer) of its label, written
 * in batches of one bulk write, so that one undo takes the run back.
 * No curses here: `margin suggest --gazetteer` runs it.
 */
#ifndef MARGIN_GAZETTEER_H
#define MARGIN_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct assist_progress;
struct store_gazetteer_entry;

/*
 * A gazetteer file (SPEC §11), cut into entries in place: with label, one
 * name per line; without, NAME<TAB>LABEL lines.  Blank lines and lines
 * starting with "#" are skipped, spaces and tabs around a name or a label
 * trimmed (and a CR at a line's end).  data (len bytes, NUL-terminated,
 * e.g. from file_read_all) is the caller's and becomes gf's; the
 * entries point into it.  An error names the line: -1.
 */
struct gazetteer_file {
	char				*data;	/* the file, cut into lines */
	struct store_gazetteer_entry	*v;
	size_t				 n, cap;
};
int	 gazetteer_parse(struct gazetteer_file *gf, size_t len,
	    const char *label, char **errp);
void	 gazetteer_file_free(struct gazetteer_file *gf);

/* Which articles a run reads: these (narticles > 0), else all; and of
   them only those with tag (any annotator's), when not NULL. */
struct gazetteer_scope {
	const int64_t	*articles;
	size_t		 narticles;
	const char	*tag;
};

/*
 * Suggest the names of gazetteer name for annotator (NULL: store_actor)
 * in the articles of scope, except where annotator already has a span
 * with the same bounds (any label or status: a rejected suggestion is not
 * made again) or an accepted or suggested span of the same label that
 * covers the match.  A name with several labels is suggested with each.
 *
 * As with propagation (assist.h), gazetteer_suggest_step() reads some
 * articles outside any write transaction and writes one batch: 1 while
 * there is more, 0 when done, -1 on an error (the batches before stay
 * written); stopping between two steps is clean.
 */
struct gazetteer_run;
int	 gazetteer_suggest_start(struct store *s, const char *name,
	    const char *annotator, const struct gazetteer_scope *scope,
	    struct gazetteer_run **r, char **errp);
int	 gazetteer_suggest_step(struct gazetteer_run *r, char **errp);
void	 gazetteer_suggest_progress(const struct gazetteer_run *r,
	    struct assist_progress *pr);
void	 gazetteer_suggest_finish(struct gazetteer_run *r);

#endif
