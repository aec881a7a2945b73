/*
 * import.c: bring articles into the store (SPEC §8).  An input is a file, a
 * folder (walked in sorted order) or stdin; each input goes to one importer
 * of a table (text, JSONL, CSV/TSV, CoNLL, brat: import_FORMAT.c), which
 * canonicalises text (§4) and adds articles and spans through the helpers
 * of import_common.c, which use store_* only.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "margin/conll.h"
#include "margin/csv.h"
#include "margin/import.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "import_private.h"

/* §8: a NUL byte this early means a binary file, not text. */
#define BINARY_SNIFF	8192
#define DEFAULT_BATCH	500

/*
 * The importers.  With --format auto a file goes to the importer that
 * lists its extension, else to the first one (text); then the content
 * may say otherwise (importer_choose).  An importer reads the input it is
 * given (the first BINARY_SNIFF bytes are already buffered) and reports
 * through imp_run_message().
 */
static const char *const text_extensions[] = { "txt", "md", NULL };
static const char *const jsonl_extensions[] = { "jsonl", "ndjson", NULL };
static const char *const json_extensions[] = { "json", NULL };
static const char *const csv_extensions[] = { "csv", NULL };
static const char *const tsv_extensions[] = { "tsv", "tab", NULL };
static const char *const conll_extensions[] = { "conll", "bio", "iob",
    NULL };
static const char *const brat_extensions[] = { "ann", NULL };

static const struct importer {
	const char		*name;
	enum import_format	 format;
	const char *const	*extensions;
	int		       (*import)(struct import_run *, struct input *);
} importers[] = {
	{ "text",  IMPORT_TEXT,  text_extensions,  import_text },
	{ "jsonl", IMPORT_JSONL, jsonl_extensions, import_jsonl },
	{ "json",  IMPORT_JSON,  json_extensions,  import_json },
	{ "csv",   IMPORT_CSV,   csv_extensions,   import_csv },
	{ "tsv",   IMPORT_TSV,   tsv_extensions,   import_tsv },
	{ "conll", IMPORT_CONLL, conll_extensions, import_conll },
	{ "brat",  IMPORT_BRAT,  brat_extensions,  import_brat },
};
#define NIMPORTERS (sizeof(importers) / sizeof(importers[0]))

static const struct importer *
importer_of(enum import_format format)
{
	size_t	 i;

	for (i = 0; i < NIMPORTERS; i++)
		if (importers[i].format == format)
			return &importers[i];
	return &importers[0];
}

/* The tools' shapes (SPEC §18): JSON lines or JSON that the JSONL and
   JSON importers read by their members. */
static const struct {
	const char		*name;
	enum import_format	 format;
} import_profiles[] = {
	{ "doccano", IMPORT_JSONL },
	{ "prodigy", IMPORT_JSONL },
	{ "spacy", IMPORT_JSONL },
	{ "hf", IMPORT_JSONL },
	{ "label-studio", IMPORT_JSON },
};

int
import_format_parse(const char *name, enum import_format *f)
{
	size_t	 i;

	if (strcmp(name, "auto") == 0) {
		*f = IMPORT_AUTO;
		return 0;
	}
	for (i = 0; i < sizeof(import_profiles) / sizeof(import_profiles[0]);
	    i++) {
		if (strcmp(name, import_profiles[i].name) == 0) {
			*f = import_profiles[i].format;
			return 0;
		}
	}
	for (i = 0; i < NIMPORTERS; i++) {
		if (strcmp(name, importers[i].name) == 0) {
			*f = importers[i].format;
			return 0;
		}
	}
	return -1;
}

static const struct importer *
importer_by_extension(const char *path)
{
	const char	*ext = path != NULL ? imp_path_extension(path) : NULL;
	size_t		 i, k;

	for (i = 0; ext != NULL && i < NIMPORTERS; i++)
		for (k = 0; importers[i].extensions[k] != NULL; k++)
			if (strcasecmp(ext, importers[i].extensions[k]) == 0)
				return &importers[i];
	return &importers[0];
}

/*
 * Does the buffered start of the input look like a CoNLL column file?
 * Its lines (at most 200, whole lines only) must be blank, -DOCSTART- or
 * "TOKEN ... TAG" with the same number of columns as the first, but for
 * one line in ten with too few columns (the importer reports those), and
 * at least one tag must be O or carry a B-/I-/E-/S-/L-/U- prefix.  Bare
 * types (GUM) count only in TAB-separated lines: with spaces, any
 * two-word line of prose would pass.
 */
static int
sniff_conll(const struct input *in)
{
	const char		*s = in->data.data + in->pos, *nl;
	size_t			 len = in->data.len - in->pos, n, lines = 0;
	size_t			 columns = 0, tokens = 0, tagged = 0, docs = 0;
	size_t			 bad = 0;
	struct conll_line	 l;
	struct conll_tag	 t;
	enum conll_line_kind	 kind;

	while (len > 0 && lines < 200) {
		if ((nl = memchr(s, '\n', len)) == NULL && !in->eof)
			break;
		n = nl != NULL ? (size_t)(nl - s) : len;
		lines++;
		kind = conll_line_parse(s, n, columns, &l);
		if (kind == CONLL_LINE_BAD)
			bad++;
		else if (kind == CONLL_LINE_DOCSTART)
			docs++;
		else if (kind == CONLL_LINE_TOKEN) {
			if (columns == 0)
				columns = l.columns;
			else if (l.columns != columns)
				return 0;
			if (conll_tag_parse(l.tag, l.tag_len, &t) == -1 ||
			    (t.prefix == CONLL_BARE && !l.tabs))
				return 0;
			tokens++;
			if (t.prefix != CONLL_BARE)
				tagged++;
		}
		if (nl == NULL)
			break;
		len -= n + 1;
		s = nl + 1;
	}
	return tokens >= 2 - (docs > 0) && tagged >= 1 && bad * 10 <= tokens;
}

/* Does the header row of a CSV/TSV input name a "text" column? */
static int
sniff_csv_text(const struct input *in, char delimiter)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	const char		*s = in->data.data + in->pos, *f;
	size_t			 len = in->data.len - in->pos, used, i, n;
	int			 found = 0;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	csv_reader_init(&r, delimiter);
	csv_record_init(&rec);
	/* Only a whole header row counts; 8 KiB of header is none. */
	if (csv_next(&r, s, len, in->eof, &rec, &used, NULL) == CSV_RECORD)
		for (i = 0; i < rec.nfields && !found; i++) {
			f = csv_field(&rec, i, &n);
			while (n > 0 && (*f == ' ' || *f == '\t')) {
				f++;
				n--;
			}
			while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
				n--;
			found = n == 4 && strncasecmp(f, "text", 4) == 0;
		}
	csv_record_free(&rec);
	return found;
}

/*
 * The importer for an input whose first bytes are buffered.  A format
 * given is obeyed; auto goes by the extension, then by content: a CSV
 * or TSV file without a "text" column that reads as CoNLL is CoNLL (GUM's
 * .tsv files), a .txt with a .ann beside it is brat, and text that reads
 * as CoNLL is CoNLL (the corpora's .txt files).
 */
static const struct importer *
importer_choose(const struct input *in, enum import_format format)
{
	const struct importer	*imp;
	const char		*ext;
	char			*ann;
	int			 brat;

	if (format != IMPORT_AUTO)
		return importer_of(format);
	imp = importer_by_extension(in->is_stdin ? NULL : in->path);
	switch (imp->format) {
	case IMPORT_CSV:
	case IMPORT_TSV:
		if (!sniff_csv_text(in, imp->format == IMPORT_TSV ? '\t' :
		    ',') && sniff_conll(in))
			return importer_of(IMPORT_CONLL);
		return imp;
	case IMPORT_TEXT:
		ext = in->is_stdin ? NULL : imp_path_extension(in->path);
		if (ext != NULL && strcasecmp(ext, "txt") == 0) {
			ann = imp_path_sibling(in->path, "ann");
			brat = imp_path_is_file(ann);
			free(ann);
			if (brat)
				return importer_of(IMPORT_BRAT);
		}
		if (sniff_conll(in))
			return importer_of(IMPORT_CONLL);
		return imp;
	default:
		return imp;
	}
}

/* --- Reading inputs ---------------------------------------------------- */

/* Sniff for binary data, then hand the input to its importer. */
static int
import_input(struct import_run *run, struct input *in,
    enum import_format format)
{
	const struct importer	*imp;
	size_t			 avail;

	if (imp_input_fill(run, in, BINARY_SNIFF) == -1) {
		imp_run_message(run, 1, in->path, "%s",
		    strerror(in->read_errno));
		return -1;
	}
	avail = in->data.len - in->pos;
	if (memchr(in->data.data + in->pos, '\0',
	    avail < BINARY_SNIFF ? avail : BINARY_SNIFF) != NULL) {
		run->r->skipped++;
		imp_run_message(run, 0, in->path,
		    "binary file (a NUL byte in the "
		    "first 8 KiB), skipped");
		return 0;
	}
	imp = importer_choose(in, format);
	if (imp->import(run, in) == -1)
		return -1;
	return 0;
}

static const char *
file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a regular file";
}

/* brat's configuration files, found beside its documents. */
static int
is_brat_config(const char *path)
{
	static const char *const names[] = { "annotation.conf",
	    "visual.conf", "tools.conf", "kb_shortcuts.conf", NULL };
	const char	*base = strrchr(path, '/');
	size_t		 i;

	base = base != NULL ? base + 1 : path;
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(base, names[i]) == 0)
			return 1;
	return 0;
}

static int
import_file(struct import_run *run, const char *path,
    enum import_format format)
{
	struct input	 in;
	struct stat	 st;
	int		 rc;

	if (run->ndirs > 0 && (format == IMPORT_AUTO ||
	    format == IMPORT_BRAT) && is_brat_config(path)) {
		run->r->skipped++;
		imp_run_message(run, 0, path, "brat's configuration, not an "
		    "article: skipped");
		return 0;
	}
	memset(&in, 0, sizeof(in));
	in.path = path;
	/* Non-blocking, so that opening a FIFO cannot hang the import. */
	in.fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (in.fd == -1) {
		imp_run_message(run, 1, path, "%s", strerror(errno));
		return -1;
	}
	if (fstat(in.fd, &st) == -1) {
		imp_run_message(run, 1, path, "%s", strerror(errno));
		close(in.fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		imp_run_message(run, 1, path,
		    "not a regular file (%s), skipped",
		    file_kind(st.st_mode));
		close(in.fd);
		return -1;
	}
	rc = import_input(run, &in, format);
	close(in.fd);
	buf_free(&in.data);
	return rc;
}

static int
import_stdin(struct import_run *run)
{
	struct input	 in;
	int		 rc;

	memset(&in, 0, sizeof(in));
	in.path = "stdin";
	in.is_stdin = 1;
	in.fd = STDIN_FILENO;
	/* No name to go by: the content, else text. */
	rc = import_input(run, &in, run->o->format);
	buf_free(&in.data);
	return rc;
}

/* --- Folders ----------------------------------------------------------- */

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
path_join(const char *dir, const char *name)
{
	size_t	 n = strlen(dir);

	if (n > 0 && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

static int	import_dir(struct import_run *, const char *,
		    const struct stat *);

static int
import_entry(struct import_run *run, const char *path)
{
	struct stat	 st;

	/* stat, not lstat: symbolic links are followed (loops are caught
	   by import_dir). */
	if (stat(path, &st) == -1) {
		imp_run_message(run, 1, path, "%s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return import_dir(run, path, &st);
	return import_file(run, path, run->o->format);
}

static int
import_dir(struct import_run *run, const char *path, const struct stat *st)
{
	DIR		*d;
	struct dirent	*e;
	char		**names = NULL, *child;
	size_t		 n = 0, cap = 0, i;
	int		 rc = 0;

	for (i = 0; i < run->ndirs; i++) {
		if (run->dirs[i].dev == st->st_dev &&
		    run->dirs[i].ino == st->st_ino) {
			imp_run_message(run, 0, path, "a link back to a folder "
			    "above it, not followed");
			return 0;
		}
	}
	if ((d = opendir(path)) == NULL) {
		imp_run_message(run, 1, path, "%s", strerror(errno));
		return -1;
	}
	/* Names first, then the folder is closed: a deep tree never holds
	   more than one descriptor open. */
	for (;;) {
		errno = 0;
		if ((e = readdir(d)) == NULL)
			break;
		if (e->d_name[0] == '.')
			continue;
		ARRAY_RESERVE(names, cap, n + 1);
		names[n++] = xstrdup(e->d_name);
	}
	if (errno != 0) {
		imp_run_message(run, 1, path, "%s", strerror(errno));
		rc = -1;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), compare_names);

	run->dirs = xreallocarray(run->dirs, run->ndirs + 1,
	    sizeof(*run->dirs));
	run->dirs[run->ndirs].dev = st->st_dev;
	run->dirs[run->ndirs].ino = st->st_ino;
	run->ndirs++;
	for (i = 0; i < n; i++) {
		if (!run->r->stopped) {
			child = path_join(path, names[i]);
			if (import_entry(run, child) == -1)
				rc = -1;
			free(child);
		}
		free(names[i]);
	}
	run->ndirs--;
	free(names);
	return rc;
}

/* --- The entry point --------------------------------------------------- */

int
import_path(struct store *s, const char *path,
    const struct import_options *o, struct import_report *r)
{
	struct import_run	 run;
	struct stat		 st;

	memset(&run, 0, sizeof(run));
	run.s = s;
	run.o = o;
	run.r = r;
	run.batch = o->batch > 0 ? o->batch : DEFAULT_BATCH;
	run.import_file = import_file;
	/* An import is not one of the annotator's own changes to undo. */
	store_set_undoable(s, 0);
	if (strcmp(path, "-") == 0)
		import_stdin(&run);
	else if (stat(path, &st) == -1)
		imp_run_message(&run, 1, path, "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		import_dir(&run, path, &st);
	else
		import_file(&run, path, o->format);
	imp_run_commit(&run, strcmp(path, "-") == 0 ? "stdin" : path);
	store_set_undoable(s, 1);
	imp_run_free(&run);
	return run.failed ? -1 : 0;
}
