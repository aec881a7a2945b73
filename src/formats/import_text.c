/* import_text.c: plain text files, one article each (SPEC §8). */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/import.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "import_private.h"

/* --- Plain text -------------------------------------------------------- */

int
import_text(struct import_run *run, struct input *in)
{
	struct text_canon_stats	 st;
	char			*text, *title;
	size_t			 len, max;
	struct stat		 sb;
	int64_t			 id;
	int			 rc;

	max = run->o->max_size ? run->o->max_size : IMPORT_MAX_SIZE;
	/* A file says its size; a pipe is read up to one byte too many. */
	if (fstat(in->fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > max) {
		imp_run_message(run, 1, in->path, "larger than --max-size (%zu "
		    "MB): not imported", max >> 20);
		return -1;
	}
	if (imp_input_fill(run, in, max + 1) == -1) {
		imp_run_message(run, 1, in->path, "%s",
		    strerror(in->read_errno));
		return -1;
	}
	if (in->data.len - in->pos > max) {
		imp_run_message(run, 1, in->path, "larger than --max-size (%zu "
		    "MB): not imported", max >> 20);
		return -1;
	}
	memset(&st, 0, sizeof(st));
	text = text_canonicalize(in->data.data + in->pos,
	    in->data.len - in->pos, &len, &st, NULL, NULL);
	if (imp_text_is_blank(text, len)) {
		run->r->skipped++;
		imp_run_message(run, 0, in->path, "empty, skipped");
		free(text);
		return 0;
	}
	title = text_title(text, len);
	rc = imp_add_article(run, in->path, title, in->path, text, len, NULL, 0,
	    &id);
	if (rc == 1)
		imp_report_repairs(run, in->path, &st);
	if (rc != -1)
		imp_run_article_done(run, in->path);
	free(title);
	free(text);
	return rc == -1 ? -1 : 0;
}
