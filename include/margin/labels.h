/*
 * labels.h: label schema files (share/labels/NAME.labels), found by name
 * or path, and loaded into a database: merged into its labels, or
 * replacing them, all or nothing, with an account of what changed.
 */
#ifndef MARGIN_LABELS_H
#define MARGIN_LABELS_H

#include <stddef.h>

#include "margin/store.h"

struct labels_result {
	char	 *path;		/* the file read, or NULL */
	char	**lines;	/* the file's warnings and errors, then each
				   change ("key 1 moved from PER to PERSON") */
	size_t	  nlines;
	char	 *summary;	/* one line: "4 labels from conll.labels: …" */
};

/*
 * Find a schema file: NAME is a path when it names a file (or has a '/'),
 * else NAME.labels (or NAME) is looked for in the user's data folder
 * ($XDG_DATA_HOME/margin/labels), in share/labels beside the binary (a
 * checkout), then in the installed data folder.  *pathp is allocated.
 */
int	 labels_find(const char *name, char **pathp, char **errp);
/* The schema names labels_find knows, sorted and each once (free them
   with store_strings_free). */
void	 labels_available(char ***namesp, size_t *np);
/*
 * Read the schema NAME (see labels_find) and apply it to s in one
 * transaction (store_label_apply): merged, or with replace the labels
 * become the file's.  On error nothing changed; r still holds the lines
 * (the file's errors) and *errp says why.
 */
int	 labels_load(struct store *s, const char *name, int replace,
	    struct labels_result *r, char **errp);
void	 labels_result_free(struct labels_result *r);

#endif
