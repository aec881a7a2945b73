/* export_brat.c: brat standoff, a folder of X.txt and X.ann per article
   (SPEC §9). */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/brat.h"
#include "margin/export.h"
#include "margin/store.h"
#include "margin/util.h"
#include "export_private.h"

/* --- brat -------------------------------------------------------------- */

/*
 * A folder brat opens as it is: ID.txt (the article's canonical text),
 * ID.ann (a T line per span, in code points, and "#N AnnotatorNotes TN"
 * for its note), and annotation.conf naming the database's labels.  The
 * .ann format has no escapes: TAB and line ends in a span's text or a
 * note are written as spaces (brat's own writer does the same for a span
 * across a line end; margin's brat importer reads them back).
 */
static char *
brat_path(const struct article_export *ae, const char *ext)
{
	size_t	 n = strlen(ae->o->dir);

	return xasprintf("%s%s%lld.%s", ae->o->dir, n > 0 &&
	    ae->o->dir[n - 1] == '/' ? "" : "/", (long long)ae->article.id,
	    ext);
}

/* Write len bytes to a new file path; 0, or 1 with ae->err set. */
static int
brat_write_file(struct article_export *ae, const char *path,
    const char *data, size_t len)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL) {
		err_set(&ae->err, "%s: %s", path, strerror(errno));
		return 1;
	}
	errno = 0;
	if ((len > 0 && fwrite(data, 1, len, f) != len) || fflush(f) != 0) {
		err_set(&ae->err, "%s: %s", path, strerror(errno ? errno :
		    EIO));
		fclose(f);
		return 1;
	}
	if (fclose(f) != 0) {
		err_set(&ae->err, "%s: %s", path, strerror(errno));
		return 1;
	}
	return 0;
}

static int
brat_begin(struct article_export *ae, const struct store_article *a)
{
	char	*txt = brat_path(ae, "txt");
	int	 rc;

	rc = brat_write_file(ae, txt, a->text, a->text_len);
	free(txt);
	if (rc != 0)
		return rc;
	ae->ann_path = brat_path(ae, "ann");
	if ((ae->ann = fopen(ae->ann_path, "w")) == NULL) {
		err_set(&ae->err, "%s: %s", ae->ann_path, strerror(errno));
		free(ae->ann_path);
		ae->ann_path = NULL;
		return 1;
	}
	ae->out = ae->ann;
	ae->notes = 0;
	return 0;
}

static int
brat_span(struct article_export *ae, const struct store_span *sp)
{
	struct buf	*b = &ae->line;

	buf_printf(b, "T%zu\t%s %zu %zu\t", ae->nspans, sp->label, sp->start,
	    sp->end);
	brat_write_field(b, sp->text, strlen(sp->text));
	buf_addc(b, '\n');
	if (sp->note != NULL && sp->note[0] != '\0') {
		buf_printf(b, "#%zu\tAnnotatorNotes T%zu\t", ++ae->notes,
		    ae->nspans);
		brat_write_field(b, sp->note, strlen(sp->note));
		buf_addc(b, '\n');
	}
	return b->len >= 65536 ? export_put(ae) : 0;
}

static int
brat_end(struct article_export *ae)
{
	int	 rc;

	rc = export_put(ae);
	errno = 0;
	if (rc == 0 && (fflush(ae->ann) != 0 || ferror(ae->ann)))
		ae->write_errno = errno != 0 ? errno : EIO;
	if (fclose(ae->ann) != 0 && ae->write_errno == 0)
		ae->write_errno = errno != 0 ? errno : EIO;
	ae->ann = NULL;
	ae->out = NULL;
	if (ae->write_errno != 0) {
		/* Name the file: a folder has many. */
		err_set(&ae->err, "%s: %s", ae->ann_path,
		    strerror(ae->write_errno));
		ae->write_errno = 0;
		rc = 1;
	}
	free(ae->ann_path);
	ae->ann_path = NULL;
	return rc;
}

static const struct article_writer brat_writer = {
	brat_begin, brat_span, brat_end
};

/* annotation.conf: brat shows only the entity types it declares. */
static int
brat_config(struct article_export *ae)
{
	struct store_label	*labels;
	struct buf		 b = BUF_INIT;
	size_t			 n, i;
	char			*path;
	int			 rc;

	if (store_label_list(ae->s, &labels, &n, &ae->err) == -1)
		return 1;
	buf_adds(&b, "# Written by margin export --format brat.\n[entities]\n");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s\n", labels[i].name);
	buf_adds(&b, "[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, "
	    "<OVL-TYPE>:<ANY>\n[events]\n[attributes]\n");
	store_labels_free(labels, n);
	path = xasprintf("%s/annotation.conf", ae->o->dir);
	rc = brat_write_file(ae, path, b.data, b.len);
	free(path);
	buf_free(&b);
	return rc;
}

int
export_brat(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	struct article_export	 ae;
	struct export_report	 local;
	int			 rc;

	(void)out;
	if (o->dir == NULL || o->dir[0] == '\0')
		return err_set(errp, "brat writes a folder: name it with -o");
	if (mkdir(o->dir, 0777) == -1 && errno != EEXIST)
		return err_set(errp, "%s: %s", o->dir, strerror(errno));
	export_article_init(&ae, s, o, &brat_writer, NULL, &local);
	if (brat_config(&ae) != 0) {
		if (errp != NULL) {
			free(*errp);
			*errp = ae.err;
		} else
			free(ae.err);
		return -1;
	}
	rc = export_articles(&ae, errp);
	if (ae.ann != NULL)
		fclose(ae.ann);
	free(ae.ann_path);
	buf_free(&ae.line);
	return rc;
}
