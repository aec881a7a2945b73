/*
 * import.c: bring articles into the store (SPEC §8).  An input is a file, a
 * folder (walked in sorted order) or stdin; each input goes to one importer
 * of a table (text, JSONL, CSV/TSV, CoNLL, brat), which canonicalises text
 * (§4) and adds articles and spans through store_* only.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <unictype.h>
#include <unistr.h>

#include "margin/brat.h"
#include "margin/conll.h"
#include "margin/csv.h"
#include "margin/import.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* §8: a NUL byte this early means a binary file, not text. */
#define BINARY_SNIFF	8192
#define DEFAULT_BATCH	500

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
};

static int	import_text(struct import_run *, struct input *);
static int	import_jsonl(struct import_run *, struct input *);
static int	import_csv(struct import_run *, struct input *);
static int	import_tsv(struct import_run *, struct input *);
static int	import_conll(struct import_run *, struct input *);
static int	import_brat(struct import_run *, struct input *);

/*
 * The importers.  With --format auto a file goes to the importer that
 * lists its extension, else to the first one (text); then the content
 * may say otherwise (importer_choose).  An importer reads the input it is
 * given (the first BINARY_SNIFF bytes are already buffered) and reports
 * through run_message().
 */
static const char *const text_extensions[] = { "txt", "md", NULL };
static const char *const jsonl_extensions[] = { "jsonl", "ndjson", NULL };
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

int
import_format_parse(const char *name, enum import_format *f)
{
	size_t	 i;

	if (strcmp(name, "auto") == 0) {
		*f = IMPORT_AUTO;
		return 0;
	}
	for (i = 0; i < NIMPORTERS; i++) {
		if (strcmp(name, importers[i].name) == 0) {
			*f = importers[i].format;
			return 0;
		}
	}
	return -1;
}

/* The extension of the file name in path (after its last "."), or NULL. */
static const char *
path_extension(const char *path)
{
	const char	*base, *dot;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if ((dot = strrchr(base, '.')) == NULL || dot == base)
		return NULL;
	return dot + 1;
}

/* path with its extension replaced by ext ("a/b.txt" -> "a/b.ann"). */
static char *
path_sibling(const char *path, const char *ext)
{
	const char	*old = path_extension(path);
	size_t		 keep = old != NULL ? (size_t)(old - path) :
			    strlen(path) + 1;

	return xasprintf("%.*s.%s", (int)(keep - 1), path, ext);
}

static int
path_is_file(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const struct importer *
importer_by_extension(const char *path)
{
	const char	*ext = path != NULL ? path_extension(path) : NULL;
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
		ext = in->is_stdin ? NULL : path_extension(in->path);
		if (ext != NULL && strcasecmp(ext, "txt") == 0) {
			ann = path_sibling(in->path, "ann");
			brat = path_is_file(ann);
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

static void
run_message(struct import_run *run, int is_error, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
run_message(struct import_run *run, int is_error, const char *path,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	if (is_error) {
		run->failed = 1;
		run->r->failed++;
	}
	if (run->o->message == NULL)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	run->o->message(run->o->ctx, is_error, path, text);
	free(text);
}

/* Commit the open batch; if that fails, its work is lost and said so. */
static void
run_commit(struct import_run *run, const char *path)
{
	char	*err = NULL;

	if (!run->in_txn)
		return;
	run->in_txn = 0;
	if (store_txn_commit(run->s, &err) == -1) {
		store_txn_rollback(run->s);
		run_message(run, 1, path, "%zu articles and %zu annotations "
		    "of the last batch were not saved: %s", run->batch_added,
		    run->batch_spans, err);
		run->r->added -= run->batch_added;
		run->r->spans -= run->batch_spans;
		free(err);
		/* Labels the batch added are gone with it: read them again. */
		while (run->nlabels > 0)
			free(run->labels[--run->nlabels]);
		run->labels_state = 0;
	}
	run->in_batch = run->batch_added = run->batch_spans = 0;
}

static int
run_begin(struct import_run *run, const char *path)
{
	char	*err = NULL;

	if (run->in_txn)
		return 0;
	if (store_txn_begin(run->s, &err) == -1) {
		run_message(run, 1, path, "%s", err);
		free(err);
		return -1;
	}
	run->in_txn = 1;
	run->in_batch = run->batch_added = run->batch_spans = 0;
	return 0;
}

/* One article is through (added or a duplicate). */
static void
run_article_done(struct import_run *run, const char *path)
{
	if (++run->in_batch >= run->batch)
		run_commit(run, path);
	if (run->o->progress != NULL)
		run->o->progress(run->o->ctx, run->r);
}

/* §8: "empty" is empty after canonicalisation or only white space. */
static int
text_is_blank(const char *s, size_t len)
{
	size_t	 i = 0;
	ucs4_t	 uc;
	int	 n;

	while (i < len) {
		n = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);
		if (n <= 0 || !uc_is_property_white_space(uc))
			return 0;
		i += (size_t)n;
	}
	return 1;
}

/* Said only for an article that is added: a duplicate changes nothing. */
static void
report_repairs(struct import_run *run, const char *where,
    const struct text_canon_stats *st)
{
	if (st->invalid == 0)
		return;
	run->r->invalid += st->invalid;
	run_message(run, 0, where, "%zu invalid UTF-8 sequence%s replaced "
	    "with U+FFFD", st->invalid, st->invalid == 1 ? "" : "s");
}

/*
 * Add one canonical article.  Returns 1 when added, 0 for a duplicate
 * (reported; nspans spans given with it are then not imported), -1 on
 * failure (reported).
 */
static int
add_article(struct import_run *run, const char *where, const char *title,
    const char *source, const char *text, size_t len, const char *meta,
    size_t nspans, int64_t *id)
{
	char	*err = NULL;
	int	 duplicate = 0;

	if (run_begin(run, where) == -1)
		return -1;
	if (store_article_add(run->s, title, source, text, len, meta, id,
	    &duplicate, &err) == -1) {
		run_message(run, 1, where, "%s", err);
		free(err);
		return -1;
	}
	if (duplicate) {
		run->r->duplicates++;
		if (nspans > 0)
			run_message(run, 0, where, "duplicate of article %lld "
			    "(its %zu annotation%s not imported)",
			    (long long)*id, nspans, nspans == 1 ? "" : "s");
		else
			run_message(run, 0, where, "duplicate of article %lld",
			    (long long)*id);
		return 0;
	}
	run->r->added++;
	run->batch_added++;
	return 1;
}

/* --- Reading inputs ---------------------------------------------------- */

/* Buffer at least want unconsumed bytes, or everything up to the end. */
static int
input_fill(struct import_run *run, struct input *in, size_t want)
{
	ssize_t	 n;

	while (!in->eof && in->data.len - in->pos < want) {
		/* Drop what was consumed before the buffer grows. */
		if (in->pos > 0 && in->pos >= in->data.len / 2) {
			memmove(in->data.data, in->data.data + in->pos,
			    in->data.len - in->pos);
			in->data.len -= in->pos;
			in->pos = 0;
		}
		buf_reserve(&in->data, 65536);
		n = read(in->fd, in->data.data + in->data.len,
		    in->data.cap - in->data.len - 1);
		if (n == 0) {
			in->eof = 1;
			break;
		}
		if (n == -1) {
			if (errno == EINTR)
				continue;
			in->read_errno = errno;
			return -1;
		}
		in->data.len += (size_t)n;
		in->data.data[in->data.len] = '\0';
		run->r->bytes += (size_t)n;
	}
	return 0;
}

/* The next line, without its LF: 1, or 0 at the end, -1 on a read error.
   The line stays valid until the next call. */
static int
input_line(struct import_run *run, struct input *in, const char **line,
    size_t *len)
{
	const char	*nl;

	for (;;) {
		size_t	 avail = in->data.len - in->pos;

		nl = avail > in->scan ? memchr(in->data.data + in->pos +
		    in->scan, '\n', avail - in->scan) : NULL;
		if (nl != NULL) {
			*line = in->data.data + in->pos;
			*len = (size_t)(nl - *line);
			in->pos += *len + 1;
			in->scan = 0;
			return 1;
		}
		in->scan = avail;
		if (in->eof) {
			if (avail == 0)
				return 0;
			*line = in->data.data + in->pos;
			*len = avail;
			in->pos += avail;
			in->scan = 0;
			return 1;
		}
		if (input_fill(run, in, avail + 1) == -1)
			return -1;
	}
}

/* Sniff for binary data, then hand the input to its importer. */
static int
import_input(struct import_run *run, struct input *in,
    enum import_format format)
{
	const struct importer	*imp;
	size_t			 avail;

	if (input_fill(run, in, BINARY_SNIFF) == -1) {
		run_message(run, 1, in->path, "%s", strerror(in->read_errno));
		return -1;
	}
	avail = in->data.len - in->pos;
	if (memchr(in->data.data + in->pos, '\0',
	    avail < BINARY_SNIFF ? avail : BINARY_SNIFF) != NULL) {
		run->r->skipped++;
		run_message(run, 0, in->path, "binary file (a NUL byte in the "
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
		run_message(run, 0, path, "brat's configuration, not an "
		    "article: skipped");
		return 0;
	}
	memset(&in, 0, sizeof(in));
	in.path = path;
	/* Non-blocking, so that opening a FIFO cannot hang the import. */
	in.fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (in.fd == -1) {
		run_message(run, 1, path, "%s", strerror(errno));
		return -1;
	}
	if (fstat(in.fd, &st) == -1) {
		run_message(run, 1, path, "%s", strerror(errno));
		close(in.fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		run_message(run, 1, path, "not a regular file (%s), skipped",
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
		run_message(run, 1, path, "%s", strerror(errno));
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
			run_message(run, 0, path, "a link back to a folder "
			    "above it, not followed");
			return 0;
		}
	}
	if ((d = opendir(path)) == NULL) {
		run_message(run, 1, path, "%s", strerror(errno));
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
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	if (errno != 0) {
		run_message(run, 1, path, "%s", strerror(errno));
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
		child = path_join(path, names[i]);
		if (import_entry(run, child) == -1)
			rc = -1;
		free(child);
		free(names[i]);
	}
	run->ndirs--;
	free(names);
	return rc;
}

/* --- Plain text -------------------------------------------------------- */

static int
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
		run_message(run, 1, in->path, "larger than --max-size (%zu "
		    "MB): not imported", max >> 20);
		return -1;
	}
	if (input_fill(run, in, max + 1) == -1) {
		run_message(run, 1, in->path, "%s", strerror(in->read_errno));
		return -1;
	}
	if (in->data.len - in->pos > max) {
		run_message(run, 1, in->path, "larger than --max-size (%zu "
		    "MB): not imported", max >> 20);
		return -1;
	}
	memset(&st, 0, sizeof(st));
	text = text_canonicalize(in->data.data + in->pos,
	    in->data.len - in->pos, &len, &st, NULL, NULL);
	if (text_is_blank(text, len)) {
		run->r->skipped++;
		run_message(run, 0, in->path, "empty, skipped");
		free(text);
		return 0;
	}
	title = text_title(text, len);
	rc = add_article(run, in->path, title, in->path, text, len, NULL, 0,
	    &id);
	if (rc == 1)
		report_repairs(run, in->path, &st);
	if (rc != -1)
		run_article_done(run, in->path);
	free(title);
	free(text);
	return rc == -1 ? -1 : 0;
}

/* --- JSONL ------------------------------------------------------------- */

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
};

/* A "label" member holds spans (doccano) when it is a list of [s, e, L]
   or of objects; a list of strings is doccano's categories, kept as
   metadata. */
static int
label_holds_spans(const struct json *v)
{
	size_t	 i;

	if (v == NULL || v->type != JSON_ARRAY)
		return 0;
	for (i = 0; i < v->n; i++)
		if (v->items[i].type != JSON_ARRAY &&
		    v->items[i].type != JSON_OBJECT)
			return 0;
	return 1;
}

static const struct json *
first_of(const struct json *obj, const char *a, const char *b)
{
	const struct json	*v = json_get(obj, a);

	return v != NULL ? v : json_get(obj, b);
}

/* Read one span item: [start, end, "LABEL"] (doccano, spaCy) or
   {start, end, label, text?, annotator?, note?} (margin, Prodigy; doccano's
   start_offset/end_offset too). */
static const char *
span_read(const struct json *item, struct span_given *sp)
{
	const struct json	*s, *e, *l, *t;

	memset(sp, 0, sizeof(*sp));
	if (item->type == JSON_ARRAY) {
		if (item->n < 3)
			return "a span list needs [start, end, label]";
		s = &item->items[0];
		e = &item->items[1];
		l = &item->items[2];
	} else if (item->type == JSON_OBJECT) {
		s = first_of(item, "start", "start_offset");
		e = first_of(item, "end", "end_offset");
		l = json_get(item, "label");
		if ((t = json_get(item, "text")) != NULL) {
			if (t->type != JSON_STRING)
				return "its \"text\" is not a string";
			sp->text = t->str;
			sp->text_len = t->len;
		}
		sp->annotator = json_get_string(item, "annotator");
		sp->note = json_get_string(item, "note");
	} else
		return "a span is [start, end, label] or an object";
	if (s == NULL || e == NULL)
		return "no start or end";
	if (!json_is_integer(s) || !json_is_integer(e))
		return "start and end must be whole numbers";
	if (l == NULL || l->type != JSON_STRING)
		return "no label";
	sp->start = s->integer;
	sp->end = e->integer;
	sp->label = l->str;
	return NULL;
}

static int
run_load_labels(struct import_run *run, const char *where)
{
	struct store_label	*v;
	size_t			 n, i;
	char			*err = NULL;

	if (run->labels_state != 0)
		return run->labels_state == 1 ? 0 : -1;
	if (store_label_list(run->s, &v, &n, &err) == -1) {
		run_message(run, 1, where, "cannot read the labels: %s", err);
		free(err);
		run->labels_state = -1;
		return -1;
	}
	run->labels = xreallocarray(NULL, n + 1, sizeof(*run->labels));
	for (i = 0; i < n; i++)
		run->labels[i] = xstrdup(v[i].name);
	run->nlabels = n;
	store_labels_free(v, n);
	run->labels_state = 1;
	return 0;
}

/* Make sure the store has the label; a new one is added and said once. */
static int
run_ensure_label(struct import_run *run, const char *where, const char *name)
{
	char	*err = NULL;
	size_t	 i;

	if (run_load_labels(run, where) == -1)
		return -1;
	for (i = 0; i < run->nlabels; i++)
		if (strcmp(run->labels[i], name) == 0)
			return 0;
	if (store_label_add(run->s, name, "", "", "", &err) == -1) {
		run_message(run, 1, where, "label %s: %s", name, err);
		free(err);
		return -1;
	}
	run->labels = xreallocarray(run->labels, run->nlabels + 1,
	    sizeof(*run->labels));
	run->labels[run->nlabels++] = xstrdup(name);
	run_message(run, 0, where, "new label %s added to the database", name);
	return 0;
}

/* A string quoted as JSON, so that a message shows any text safely. */
static char *
quoted(const char *s, size_t len)
{
	struct buf	 b = BUF_INIT;

	json_write_string(&b, s, len);
	return buf_detach(&b);
}

/*
 * Add one imported span whose canonical offsets (code points and bytes)
 * and text are set in sp; the label is checked and added to the schema
 * when new, the annotator is --annotator, else the one given, else
 * "imported".  name says which span in messages.  Returns 0 when added.
 */
static int
add_span(struct import_run *run, const char *where, const char *name,
    struct store_span *sp)
{
	char	*err = NULL, *q;

	if (!store_label_valid_name(sp->label)) {
		q = quoted(sp->label, strlen(sp->label));
		run_message(run, 1, where, "%s: label %s is not a valid name "
		    "(letters, digits, _ and -)", name, q);
		free(q);
		return -1;
	}
	if (run_ensure_label(run, where, sp->label) == -1)
		return -1;
	if (run->o->annotator != NULL)
		sp->annotator = (char *)run->o->annotator;
	else if (sp->annotator == NULL || sp->annotator[0] == '\0')
		sp->annotator = "imported";
	if (sp->note == NULL)
		sp->note = "";
	sp->status = STORE_ACCEPTED;
	sp->origin = STORE_IMPORTED;
	if (store_span_add(run->s, sp, NULL, &err) == -1) {
		run_message(run, 1, where, "%s: %s", name, err);
		free(err);
		return -1;
	}
	run->r->spans++;
	run->batch_spans++;
	return 0;
}

/* Compare given (canonical) with the article's slice; with loose, a line
   end or TAB of the slice matches a space of given. */
static int
span_text_matches(const char *given, size_t glen, const char *slice,
    size_t slen, int loose)
{
	size_t	 i;

	if (glen != slen)
		return 0;
	if (!loose)
		return memcmp(given, slice, glen) == 0;
	for (i = 0; i < glen; i++) {
		if (given[i] == slice[i])
			continue;
		if (given[i] != ' ' || (slice[i] != '\n' && slice[i] != '\t'))
			return 0;
	}
	return 1;
}

/*
 * Add the span g (offsets into the text as given) to the record's
 * article; name says which span in messages ("span 3", "T5").  A span
 * that does not fit is refused and reported.  Returns 0 when added.
 */
static int
import_span(struct import_run *run, struct record_text *rt, const char *name,
    const struct span_given *g)
{
	struct store_span	 sp;
	char			*given, *found, *slice;
	size_t			 ncp = rt->nmap - 1, glen, sb, eb;
	int			 rc;

	/* Offsets are code points into the text as given (Python's
	   text[start:end]); they are carried through canonicalisation. */
	if (g->start < 0 || g->end < 0 || (uint64_t)g->end > ncp ||
	    g->start >= g->end) {
		run_message(run, 1, rt->where, "%s [%lld, %lld): out of "
		    "range (the text has %zu code points)", name,
		    (long long)g->start, (long long)g->end, ncp);
		return -1;
	}
	memset(&sp, 0, sizeof(sp));
	sp.start = rt->map[g->start];
	sp.end = rt->map[g->end];
	if (sp.start >= sp.end) {
		run_message(run, 1, rt->where, "%s [%lld, %lld): nothing "
		    "of it is left after canonicalisation", name,
		    (long long)g->start, (long long)g->end);
		return -1;
	}
	sb = text_offsets_byte(&rt->offsets, sp.start);
	eb = text_offsets_byte(&rt->offsets, sp.end);
	slice = xstrndup(rt->text + sb, eb - sb);
	if (g->text != NULL) {
		/* The given text went through the same canonicalisation as
		   the article (a CRLF inside a span is fine); what differs
		   after that means the offsets do not fit. */
		given = text_canonicalize(g->text, g->text_len, &glen,
		    NULL, NULL, NULL);
		if (!span_text_matches(given, glen, slice, eb - sb,
		    g->text_loose)) {
			found = quoted(slice, eb - sb);
			free(given);
			given = quoted(g->text, g->text_len);
			run_message(run, 1, rt->where, "%s [%lld, %lld): "
			    "its text %s does not match the article's %s",
			    name, (long long)g->start, (long long)g->end,
			    given, found);
			free(found);
			free(given);
			free(slice);
			return -1;
		}
		free(given);
	}
	sp.article_id = rt->article;
	sp.start_byte = sb;
	sp.end_byte = eb;
	sp.label = (char *)g->label;
	sp.text = slice;
	sp.annotator = (char *)g->annotator;
	sp.note = (char *)g->note;
	rc = add_span(run, rt->where, name, &sp);
	free(slice);
	return rc;
}

static void
import_json_span(struct import_run *run, struct record_text *rt, size_t k,
    const struct json *item)
{
	struct span_given	 g;
	const char		*why;
	char			*name;

	if ((why = span_read(item, &g)) != NULL) {
		run_message(run, 1, rt->where, "span %zu: %s", k, why);
		return;
	}
	name = xasprintf("span %zu", k);
	import_span(run, rt, name, &g);
	free(name);
}

/* The members of a record that are not metadata. */
static int
member_consumed(const struct json *rec, const struct json_member *m)
{
	const char	*n = m->name;

	if (strlen(n) != m->name_len)
		return 0;
	if (strcmp(n, "text") == 0)
		return 1;
	if (strcmp(n, "title") == 0 || strcmp(n, "source") == 0)
		return m->value.type == JSON_STRING;
	if (strcmp(n, "url") == 0)
		return m->value.type == JSON_STRING &&
		    json_get_string(rec, "source") == NULL;
	if (strcmp(n, "spans") == 0 || strcmp(n, "entities") == 0)
		return m->value.type == JSON_ARRAY;
	if (strcmp(n, "label") == 0)
		return label_holds_spans(&m->value);
	return 0;
}

struct meta_field {
	const struct json_member	*m;
	int				 rank;	/* 1 top level, 0 in "meta" */
	size_t				 order;
	int				 keep;
};

static int
same_name(const struct json_member *a, const struct json_member *b)
{
	return a->name_len == b->name_len &&
	    memcmp(a->name, b->name, a->name_len) == 0;
}

static int
compare_meta(const void *pa, const void *pb)
{
	const struct meta_field	*a, *b;
	size_t			 n;
	int			 c;

	a = *(const struct meta_field *const *)pa;
	b = *(const struct meta_field *const *)pb;
	n = a->m->name_len < b->m->name_len ? a->m->name_len : b->m->name_len;
	c = memcmp(a->m->name, b->m->name, n);
	if (c != 0)
		return c;
	if (a->m->name_len != b->m->name_len)
		return a->m->name_len < b->m->name_len ? -1 : 1;
	if (a->rank != b->rank)
		return b->rank - a->rank;
	if (a->order != b->order)
		return a->order < b->order ? 1 : -1;
	return 0;
}

/*
 * The article's metadata (§8): id, date and every member that is not
 * text, title, source or spans, with the members of a "meta" object
 * merged in.  A name given twice keeps the top-level value, and of equals
 * the last (as the record reads).  NULL when there is nothing.
 */
static char *
record_meta(const struct json *rec)
{
	struct meta_field	*f = NULL, **sorted;
	struct buf		 b = BUF_INIT;
	size_t			 n = 0, cap = 0, i, k;
	int			 first = 1;

	for (i = 0; i < rec->n; i++) {
		const struct json_member *m = &rec->members[i];
		const struct json	 *inner = NULL;
		size_t			  count = 1;

		if (member_consumed(rec, m))
			continue;
		if (m->name_len == 4 && memcmp(m->name, "meta", 4) == 0 &&
		    m->value.type == JSON_OBJECT) {
			inner = &m->value;
			count = inner->n;
		}
		for (k = 0; k < count; k++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				f = xreallocarray(f, cap, sizeof(*f));
			}
			f[n].m = inner != NULL ? &inner->members[k] : m;
			f[n].rank = inner == NULL;
			f[n].order = n;
			f[n].keep = 0;
			n++;
		}
	}
	if (n == 0) {
		free(f);
		return NULL;
	}
	sorted = xreallocarray(NULL, n, sizeof(*sorted));
	for (i = 0; i < n; i++)
		sorted[i] = &f[i];
	qsort(sorted, n, sizeof(*sorted), compare_meta);
	/* The first of each run of one name is the one that counts. */
	for (i = 0; i < n; i++)
		if (i == 0 || !same_name(sorted[i - 1]->m, sorted[i]->m))
			sorted[i]->keep = 1;
	buf_addc(&b, '{');
	for (i = 0; i < n; i++) {
		if (!f[i].keep)
			continue;
		if (!first)
			buf_addc(&b, ',');
		first = 0;
		json_write_string(&b, f[i].m->name, f[i].m->name_len);
		buf_addc(&b, ':');
		json_write(&b, &f[i].m->value);
	}
	buf_addc(&b, '}');
	free(sorted);
	free(f);
	return buf_detach(&b);
}

/* The lists of spans a record carries: spans, entities, label. */
static size_t
record_span_lists(const struct json *rec, const struct json **lists)
{
	const struct json	*v;
	size_t			 n = 0;

	if ((v = json_get(rec, "spans")) != NULL)
		lists[n++] = v;
	if ((v = json_get(rec, "entities")) != NULL)
		lists[n++] = v;
	if (label_holds_spans(v = json_get(rec, "label")))
		lists[n++] = v;
	return n;
}

static void
import_record(struct import_run *run, const char *path, const char *where,
    const char *line, size_t len)
{
	struct record_text	 rt;
	struct text_canon_stats	 st;
	const struct json	*text, *lists[3];
	struct json		*rec;
	const char		*given_title, *source;
	char			*err = NULL, *title = NULL, *meta, *canon;
	size_t			 nlists, nspans = 0, i, k, tlen;
	int			 rc;

	if ((rec = json_parse(line, len, JSON_LAX_UTF8, &err)) == NULL) {
		run_message(run, 1, where, "%s", err);
		free(err);
		return;
	}
	if (rec->type != JSON_OBJECT) {
		run_message(run, 1, where, "a line must be a JSON object, "
		    "not %s %s", rec->type == JSON_ARRAY ? "an" : "a",
		    json_type_name(rec->type));
		json_free(rec);
		return;
	}
	text = json_get(rec, "text");
	if (text == NULL || text->type != JSON_STRING) {
		run_message(run, 1, where, "no \"text\" string");
		json_free(rec);
		return;
	}
	nlists = record_span_lists(rec, lists);
	for (i = k = 0; i < nlists; i++) {
		if (lists[i]->type != JSON_ARRAY) {
			run_message(run, 1, where, "spans must be a list, "
			    "not %s; the article is imported without them",
			    json_type_name(lists[i]->type));
			continue;
		}
		nspans += lists[i]->n;
		lists[k++] = lists[i];
	}
	nlists = k;

	memset(&rt, 0, sizeof(rt));
	memset(&st, 0, sizeof(st));
	rt.where = where;
	canon = text_canonicalize(text->str, text->len, &rt.len, &st,
	    nspans > 0 ? &rt.map : NULL, nspans > 0 ? &rt.nmap : NULL);
	rt.text = canon;
	if (text_is_blank(canon, rt.len)) {
		run->r->skipped++;
		run_message(run, 0, where, "empty text, skipped");
		goto out;
	}
	if ((given_title = json_get_string(rec, "title")) != NULL) {
		title = text_canonicalize(given_title,
		    json_get(rec, "title")->len, &tlen, NULL, NULL, NULL);
		if (text_is_blank(title, tlen)) {
			free(title);
			title = NULL;
		}
	}
	if (title == NULL)
		title = text_title(canon, rt.len);
	if ((source = json_get_string(rec, "source")) == NULL &&
	    (source = json_get_string(rec, "url")) == NULL)
		source = path;
	meta = record_meta(rec);
	rc = add_article(run, where, title, source, canon, rt.len, meta,
	    nspans, &rt.article);
	free(meta);
	if (rc == 1)
		report_repairs(run, where, &st);
	if (rc == 1 && nspans > 0) {
		text_offsets_init(&rt.offsets, canon, rt.len);
		for (i = 0; i < nlists; i++)
			for (k = 0; k < lists[i]->n; k++)
				import_json_span(run, &rt, k + 1,
				    &lists[i]->items[k]);
		text_offsets_free(&rt.offsets);
	}
	if (rc != -1)
		run_article_done(run, where);
out:
	free(title);
	free(rt.map);
	free(canon);
	json_free(rec);
}

static int
import_jsonl(struct import_run *run, struct input *in)
{
	const char	*line;
	char		*where;
	size_t		 len, lineno = 0, i;
	int		 rc;

	/* A BOM may open the file (RFC 8259 lets a reader ignore it). */
	if (in->data.len - in->pos >= 3 &&
	    memcmp(in->data.data + in->pos, "\xef\xbb\xbf", 3) == 0)
		in->pos += 3;
	while ((rc = input_line(run, in, &line, &len)) == 1) {
		lineno++;
		for (i = 0; i < len; i++)
			if (line[i] != ' ' && line[i] != '\t' &&
			    line[i] != '\r')
				break;
		if (i == len)
			continue;
		where = xasprintf("%s:%zu", in->path, lineno);
		import_record(run, in->path, where, line, len);
		free(where);
	}
	if (rc == -1) {
		run_message(run, 1, in->path, "line %zu: %s", lineno + 1,
		    strerror(in->read_errno));
		return -1;
	}
	return 0;
}

/* --- CSV and TSV ------------------------------------------------------- */

/* The columns of a CSV header that margin knows; the rest is metadata. */
struct csv_columns {
	size_t	 text, title, id, source, url;	/* SIZE_MAX when absent */
	char	**names;			/* every header cell */
	size_t	 n;
};

/* A header cell as a column name: trimmed, compared without case. */
static int
csv_header_is(const char *cell, const char *name)
{
	size_t	 n = strlen(name), len;

	while (*cell == ' ' || *cell == '\t')
		cell++;
	len = strlen(cell);
	while (len > 0 && (cell[len - 1] == ' ' || cell[len - 1] == '\t'))
		len--;
	return len == n && strncasecmp(cell, name, n) == 0;
}

static void
csv_columns_read(struct csv_columns *c, const struct csv_record *rec)
{
	const char	*cell;
	size_t		 i, k, *slot;
	static const char *const known[] = { "text", "title", "id",
	    "source", "url" };

	c->text = c->title = c->id = c->source = c->url = SIZE_MAX;
	c->n = rec->nfields;
	c->names = xreallocarray(NULL, c->n + 1, sizeof(*c->names));
	for (i = 0; i < c->n; i++) {
		cell = csv_field(rec, i, NULL);
		c->names[i] = xstrdup(cell);
		for (k = 0; k < 5; k++) {
			slot = k == 0 ? &c->text : k == 1 ? &c->title :
			    k == 2 ? &c->id : k == 3 ? &c->source : &c->url;
			/* The first column of a name counts. */
			if (*slot == SIZE_MAX && csv_header_is(cell, known[k]))
				*slot = i;
		}
	}
}

/* The header's names, quoted, for a message. */
static char *
csv_columns_list(const struct csv_columns *c)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < c->n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		json_write_string(&b, c->names[i], strlen(c->names[i]));
	}
	if (b.len == 0)
		buf_adds(&b, "nothing");
	return buf_detach(&b);
}

static void
csv_columns_free(struct csv_columns *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
}

/* The cell of column i, or NULL when the record is too short or it is
   empty. */
static const char *
csv_cell(const struct csv_record *rec, size_t i, size_t *len)
{
	const char	*f;

	if (i == SIZE_MAX || (f = csv_field(rec, i, len)) == NULL || *len == 0)
		return NULL;
	return f;
}

/* The article's metadata: id and every column margin does not know, as
   strings under their header names; NULL when all are empty. */
static char *
csv_meta(const struct csv_columns *c, const struct csv_record *rec)
{
	struct buf	 b = BUF_INIT;
	const char	*f;
	size_t		 i, len;

	for (i = 0; i < c->n && i < rec->nfields; i++) {
		if (i == c->text || i == c->title || i == c->source ||
		    i == c->url || (f = csv_cell(rec, i, &len)) == NULL)
			continue;
		buf_addc(&b, b.len == 0 ? '{' : ',');
		json_write_string(&b, c->names[i], strlen(c->names[i]));
		buf_addc(&b, ':');
		json_write_string(&b, f, len);
	}
	if (b.len == 0)
		return NULL;
	buf_addc(&b, '}');
	return buf_detach(&b);
}

static void
import_csv_record(struct import_run *run, const char *path,
    const char *where, const struct csv_columns *c,
    const struct csv_record *rec)
{
	struct text_canon_stats	 st;
	const char		*f;
	char			*text, *title = NULL, *meta, *source = NULL;
	size_t			 len, flen, tlen;
	int64_t			 id;
	int			 rc;

	if (rec->nfields != c->n)
		run_message(run, 0, where, "%zu field%s where the header has "
		    "%zu", rec->nfields, rec->nfields == 1 ? "" : "s", c->n);
	if ((f = csv_field(rec, c->text, &flen)) == NULL) {
		run_message(run, 1, where, "no text: the record ends before "
		    "the \"text\" column");
		return;
	}
	memset(&st, 0, sizeof(st));
	text = text_canonicalize(f, flen, &len, &st, NULL, NULL);
	if (text_is_blank(text, len)) {
		run->r->skipped++;
		run_message(run, 0, where, "empty text, skipped");
		free(text);
		return;
	}
	if ((f = csv_cell(rec, c->title, &flen)) != NULL) {
		title = text_canonicalize(f, flen, &tlen, NULL, NULL, NULL);
		if (text_is_blank(title, tlen)) {
			free(title);
			title = NULL;
		}
	}
	if (title == NULL)
		title = text_title(text, len);
	if ((f = csv_cell(rec, c->source, &flen)) != NULL ||
	    (f = csv_cell(rec, c->url, &flen)) != NULL)
		source = xstrndup(f, flen);
	meta = csv_meta(c, rec);
	rc = add_article(run, where, title, source != NULL ? source : path,
	    text, len, meta, 0, &id);
	if (rc == 1)
		report_repairs(run, where, &st);
	if (rc != -1)
		run_article_done(run, where);
	free(meta);
	free(source);
	free(title);
	free(text);
}

static int
import_delimited(struct import_run *run, struct input *in, char delimiter)
{
	struct csv_reader	 r;
	struct csv_record	 rec;
	struct csv_columns	 c;
	char			*err = NULL, *where, *names;
	size_t			 used, avail;
	int			 rc, have_header = 0, ret = 0;

	if (in->data.len - in->pos >= 3 &&
	    memcmp(in->data.data + in->pos, "\xef\xbb\xbf", 3) == 0)
		in->pos += 3;
	csv_reader_init(&r, delimiter);
	csv_record_init(&rec);
	memset(&c, 0, sizeof(c));
	for (;;) {
		avail = in->data.len - in->pos;
		rc = csv_next(&r, in->data.data + in->pos, avail, in->eof,
		    &rec, &used, &err);
		if (rc == CSV_NEED_MORE) {
			/* Twice as much each time: a long record is parsed
			   again only a logarithmic number of times. */
			if (input_fill(run, in, avail * 2 + 65536) == -1) {
				run_message(run, 1, in->path, "line %zu: %s",
				    r.next_line, strerror(in->read_errno));
				ret = -1;
				break;
			}
			continue;
		}
		if (rc == CSV_ERROR) {
			run_message(run, 1, in->path, "%s", err);
			free(err);
			ret = -1;
			break;
		}
		if (rc == CSV_END)
			break;
		in->pos += used;
		if (!have_header) {
			have_header = 1;
			csv_columns_read(&c, &rec);
			if (c.text != SIZE_MAX)
				continue;
			names = csv_columns_list(&c);
			run_message(run, 1, in->path, "the header row names no "
			    "\"text\" column (it has: %s)", names);
			free(names);
			ret = -1;
			break;
		}
		where = xasprintf("%s:%zu", in->path, r.line);
		import_csv_record(run, in->path, where, &c, &rec);
		free(where);
	}
	if (!have_header && ret == 0) {
		run->r->skipped++;
		run_message(run, 0, in->path, "empty, skipped");
	}
	if (r.irregular > 0)
		run_message(run, 0, in->path, "%zu quoted field%s had bytes "
		    "after the closing quote (kept)", r.irregular,
		    r.irregular == 1 ? "" : "s");
	csv_columns_free(&c);
	csv_record_free(&rec);
	return ret;
}

static int
import_csv(struct import_run *run, struct input *in)
{
	return import_delimited(run, in, ',');
}

static int
import_tsv(struct import_run *run, struct input *in)
{
	return import_delimited(run, in, '\t');
}

/* --- CoNLL ------------------------------------------------------------- */

/*
 * A CoNLL file becomes one article per -DOCSTART- document (the whole
 * file when it has none).  The text is rebuilt from the tokens: one space
 * between the tokens of a sentence, one LF between sentences; the tag
 * column becomes spans.  What the rebuilt text cannot say is kept in the
 * article's metadata, {"conll": {"document": N, "token_spaces": [...]}}:
 * the code point offsets of spaces inside tokens, so that the export
 * gives back the same tokens (exports split a CoNLL article's text at
 * its spaces and line ends, not by UAX #29).
 *
 * Odd tokens are reported with FILE:LINE and handled: an empty token, or
 * one of white space only, is dropped as if its line were not there;
 * white space around a token is trimmed; spaces inside one are kept.
 */
enum conll_odd {
	ODD_EMPTY,
	ODD_BLANK,
	ODD_TRIMMED,
	ODD_INNER,
	ODD_TAG,
	ODD_LINE,
	ODD_N
};
static const struct {
	int		 is_error;
	const char	*what;
} conll_odd_says[ODD_N] = {
	{ 0, "an empty token, dropped as if its line were not there" },
	{ 0, "a token of white space only, dropped as if its line were not "
	    "there" },
	{ 0, "white space around the token, trimmed" },
	{ 0, "spaces inside the token, kept as one token" },
	{ 1, "not a tag (O, B-TYPE, I-TYPE, E-, S-, L-, U- or a bare TYPE), "
	    "read as O" },
	{ 1, "fewer than two columns, skipped" },
};
/* Each kind of oddity is said with its line this often, then counted. */
#define CONLL_SAY	5

struct conll_entity {
	size_t	 start, end;		/* code points */
	size_t	 start_byte, end_byte;
	char	*type;
};

struct conll_import {
	struct import_run		*run;
	const char			*path;
	size_t				 line;
	size_t				 columns;
	struct conll_chunker		 chunker;
	struct conll_scheme_seen	 seen;
	size_t				 odd[ODD_N];
	size_t				 docs, sentences, tokens, entities;
	/* The document being built. */
	size_t				 doc_line;
	struct buf			 text;
	size_t				 ncp;
	size_t				 doc_tokens;
	int				 in_sentence;
	size_t				 invalid;
	struct conll_entity		*ents;
	size_t				 nents, capents;
	size_t				*spaces;
	size_t				 nspaces, capspaces;
	/* The entity open at the last token. */
	int				 open;
	char				*open_type;
	size_t				 open_start, open_start_byte;
	size_t				 prev_end, prev_end_byte;
};

static void
conll_odd(struct conll_import *ci, enum conll_odd kind, const char *s,
    size_t len)
{
	char	*where, *q;

	if (++ci->odd[kind] > CONLL_SAY) {
		if (conll_odd_says[kind].is_error)
			ci->run->failed = 1;
		return;
	}
	where = xasprintf("%s:%zu", ci->path, ci->line);
	q = quoted(s, len);
	run_message(ci->run, conll_odd_says[kind].is_error, where, "%s: %s",
	    q, conll_odd_says[kind].what);
	free(q);
	free(where);
}

/* The entity open until the last token ends there. */
static void
conll_close(struct conll_import *ci)
{
	struct conll_entity	*e;

	if (!ci->open)
		return;
	ci->open = 0;
	if (ci->nents == ci->capents) {
		ci->capents = ci->capents ? ci->capents * 2 : 16;
		ci->ents = xreallocarray(ci->ents, ci->capents,
		    sizeof(*ci->ents));
	}
	e = &ci->ents[ci->nents++];
	e->start = ci->open_start;
	e->start_byte = ci->open_start_byte;
	e->end = ci->prev_end;
	e->end_byte = ci->prev_end_byte;
	e->type = ci->open_type;
	ci->open_type = NULL;
}

static void
conll_sentence_end(struct conll_import *ci)
{
	if (!ci->in_sentence)
		return;
	if (conll_chunker_end(&ci->chunker))
		conll_close(ci);
	ci->in_sentence = 0;
	ci->sentences++;
}

static void
conll_doc_reset(struct conll_import *ci)
{
	size_t	 i;

	for (i = 0; i < ci->nents; i++)
		free(ci->ents[i].type);
	ci->nents = 0;
	ci->nspaces = 0;
	buf_truncate(&ci->text, 0);
	ci->ncp = 0;
	ci->doc_tokens = 0;
	ci->invalid = 0;
	ci->doc_line = 0;
}

/* The document is complete: add it as an article with its spans. */
static void
conll_flush(struct conll_import *ci)
{
	struct import_run	*run = ci->run;
	struct text_canon_stats	 st;
	struct store_span	 sp;
	struct buf		 meta = BUF_INIT;
	char			*where, *title, *name;
	size_t			 i;
	int64_t			 id;
	int			 rc;

	conll_sentence_end(ci);
	if (ci->doc_tokens == 0) {
		conll_doc_reset(ci);
		return;
	}
	ci->docs++;
	where = xasprintf("%s:%zu", ci->path, ci->doc_line);
	buf_printf(&meta, "{\"conll\":{\"document\":%zu", ci->docs);
	if (ci->nspaces > 0) {
		buf_adds(&meta, ",\"token_spaces\":[");
		for (i = 0; i < ci->nspaces; i++)
			buf_printf(&meta, "%s%zu", i > 0 ? "," : "",
			    ci->spaces[i]);
		buf_addc(&meta, ']');
	}
	buf_adds(&meta, "}}");
	title = text_title(ci->text.data, ci->text.len);
	rc = add_article(run, where, title, ci->path, ci->text.data,
	    ci->text.len, meta.data, ci->nents, &id);
	if (rc == 1) {
		memset(&st, 0, sizeof(st));
		st.invalid = ci->invalid;
		report_repairs(run, where, &st);
		for (i = 0; i < ci->nents; i++) {
			memset(&sp, 0, sizeof(sp));
			sp.article_id = id;
			sp.start = ci->ents[i].start;
			sp.end = ci->ents[i].end;
			sp.start_byte = ci->ents[i].start_byte;
			sp.end_byte = ci->ents[i].end_byte;
			sp.label = ci->ents[i].type;
			sp.text = xstrndup(ci->text.data + sp.start_byte,
			    sp.end_byte - sp.start_byte);
			name = xasprintf("entity %zu", i + 1);
			if (add_span(run, where, name, &sp) == 0)
				ci->entities++;
			free(name);
			free(sp.text);
		}
	}
	if (rc != -1)
		run_article_done(run, where);
	free(title);
	free(where);
	buf_free(&meta);
	conll_doc_reset(ci);
}

static int
conll_is_space(ucs4_t c)
{
	return uc_is_property_white_space(c);
}

/* The token, canonical and trimmed, into *out (a new string); 0 when
   nothing is left of it. */
static size_t
conll_token_text(struct conll_import *ci, const char *tok, size_t len,
    char **out)
{
	struct text_canon_stats	 st;
	char			*t;
	size_t			 n, a, b, i;
	const uint8_t		*p;
	ucs4_t			 c;
	int			 k;

	memset(&st, 0, sizeof(st));
	t = text_canonicalize(tok, len, &n, &st, NULL, NULL);
	ci->invalid += st.invalid;
	/* A lone CR became a line end: inside a token it is a space. */
	for (i = 0; i < n; i++)
		if (t[i] == '\n')
			t[i] = ' ';
	for (a = 0; a < n; a += (size_t)k) {
		k = u8_mbtouc(&c, (const uint8_t *)t + a, n - a);
		if (k <= 0 || !conll_is_space(c))
			break;
	}
	for (b = n; b > a; b = (size_t)(p - (const uint8_t *)t)) {
		p = u8_prev(&c, (const uint8_t *)t + b, (const uint8_t *)t + a);
		if (p == NULL || !conll_is_space(c))
			break;
	}
	if (a == b) {
		conll_odd(ci, len == 0 ? ODD_EMPTY : ODD_BLANK, tok, len);
		free(t);
		*out = NULL;
		return 0;
	}
	if (a > 0 || b < n)
		conll_odd(ci, ODD_TRIMMED, tok, len);
	memmove(t, t + a, b - a);
	t[b - a] = '\0';
	*out = t;
	return b - a;
}

static void
conll_token(struct conll_import *ci, const struct conll_line *l)
{
	struct conll_tag	 tag;
	char			*t;
	size_t			 n, i, cp, start, start_byte;
	int			 r, inner = 0;

	if ((n = conll_token_text(ci, l->token, l->token_len, &t)) == 0)
		return;
	if (conll_tag_parse(l->tag, l->tag_len, &tag) == -1) {
		conll_odd(ci, ODD_TAG, l->tag, l->tag_len);
		memset(&tag, 0, sizeof(tag));
		tag.prefix = CONLL_O;
	}
	r = conll_chunker_feed(&ci->chunker, &tag);
	conll_scheme_watch(&ci->seen, &tag, r);
	if (r & CONLL_ENDS_BEFORE)
		conll_close(ci);

	if (ci->doc_tokens == 0)
		ci->doc_line = ci->line;
	if (ci->in_sentence || ci->text.len > 0) {
		buf_addc(&ci->text, ci->in_sentence ? ' ' : '\n');
		ci->ncp++;
	}
	start = ci->ncp;
	start_byte = ci->text.len;
	for (i = cp = 0; i < n; i++) {
		if (((unsigned char)t[i] & 0xc0) == 0x80)
			continue;
		if (t[i] == ' ') {
			if (ci->nspaces == ci->capspaces) {
				ci->capspaces = ci->capspaces ?
				    ci->capspaces * 2 : 16;
				ci->spaces = xreallocarray(ci->spaces,
				    ci->capspaces, sizeof(*ci->spaces));
			}
			ci->spaces[ci->nspaces++] = start + cp;
			inner = 1;
		}
		cp++;
	}
	if (inner)
		conll_odd(ci, ODD_INNER, t, n);
	buf_add(&ci->text, t, n);
	ci->ncp += cp;
	free(t);
	ci->in_sentence = 1;
	ci->doc_tokens++;
	ci->tokens++;

	if (r & CONLL_STARTS) {
		ci->open = 1;
		free(ci->open_type);
		ci->open_type = xstrndup(tag.type, tag.type_len);
		ci->open_start = start;
		ci->open_start_byte = start_byte;
	}
	ci->prev_end = ci->ncp;
	ci->prev_end_byte = ci->text.len;
	if (r & CONLL_ENDS_AFTER)
		conll_close(ci);
}

static int
import_conll(struct import_run *run, struct input *in)
{
	struct conll_import	 ci;
	struct conll_line	 l;
	const char		*line;
	size_t			 len, i;
	int			 rc;

	memset(&ci, 0, sizeof(ci));
	ci.run = run;
	ci.path = in->path;
	conll_chunker_init(&ci.chunker);
	while ((rc = input_line(run, in, &line, &len)) == 1) {
		ci.line++;
		/* A BOM may open the file (WNUT's did). */
		if (ci.line == 1 && len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3;
			len -= 3;
		}
		switch (conll_line_parse(line, len, ci.columns, &l)) {
		case CONLL_LINE_BAD:
			conll_odd(&ci, ODD_LINE, line, len);
			break;
		case CONLL_LINE_BLANK:
			conll_sentence_end(&ci);
			break;
		case CONLL_LINE_DOCSTART:
			if (ci.columns == 0 && l.columns >= 2)
				ci.columns = l.columns;
			conll_flush(&ci);
			break;
		case CONLL_LINE_TOKEN:
			if (ci.columns == 0)
				ci.columns = l.columns;
			conll_token(&ci, &l);
			break;
		}
	}
	if (rc == -1)
		run_message(run, 1, in->path, "line %zu: %s", ci.line + 1,
		    strerror(in->read_errno));
	else
		conll_flush(&ci);
	for (i = 0; i < ODD_N; i++)
		if (ci.odd[i] > CONLL_SAY)
			run_message(run, 0, in->path, "%zu more like that: %s",
			    ci.odd[i] - CONLL_SAY, conll_odd_says[i].what);
	if (ci.tokens == 0 && rc != -1) {
		run->r->skipped++;
		run_message(run, 0, in->path, "no tokens, skipped");
	} else if (rc != -1)
		run_message(run, 0, in->path, "CoNLL, %s, %zu columns: %zu "
		    "document%s, %zu sentence%s, %zu token%s, %zu entit%s",
		    conll_scheme_name(&ci.seen), ci.columns, ci.docs,
		    ci.docs == 1 ? "" : "s", ci.sentences,
		    ci.sentences == 1 ? "" : "s", ci.tokens,
		    ci.tokens == 1 ? "" : "s", ci.entities,
		    ci.entities == 1 ? "y" : "ies");
	conll_doc_reset(&ci);
	conll_chunker_free(&ci.chunker);
	free(ci.open_type);
	free(ci.ents);
	free(ci.spaces);
	buf_free(&ci.text);
	return rc == -1 ? -1 : 0;
}

/* --- brat -------------------------------------------------------------- */

/* One T line of an .ann file, kept until the article exists. */
struct brat_entity {
	size_t			 line;
	char			*id;
	char			*label;
	struct brat_fragment	*fragments;
	size_t			 nfragments;
	char			*text;
	size_t			 text_len;
	struct buf		 note;	/* its AnnotatorNotes, LF-joined */
};

struct brat_doc {
	const char		*ann_path;
	struct brat_entity	*v;
	size_t			 n;
	size_t			 fragments;
	size_t			 others;	/* R, E, A, M, N, * lines */
};

static void
brat_doc_free(struct brat_doc *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].id);
		free(d->v[i].label);
		free(d->v[i].fragments);
		free(d->v[i].text);
		buf_free(&d->v[i].note);
	}
	free(d->v);
}

static struct brat_entity *
brat_doc_find(struct brat_doc *d, const char *id, size_t len)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (strlen(d->v[i].id) == len &&
		    memcmp(d->v[i].id, id, len) == 0)
			return &d->v[i];
	return NULL;
}

/* Read the .ann file: its T lines and the notes on them.  Bad lines are
   reported and left out; -1 when the file cannot be read. */
static int
brat_doc_read(struct import_run *run, struct brat_doc *d)
{
	struct brat_line	 l;
	struct brat_entity	*e;
	char			*data, *err = NULL, *where, *q;
	const char		*line, *nl;
	size_t			 len, n, lineno = 0, cap = 0;
	enum brat_line_kind	 kind;

	if (file_read_all(d->ann_path, &data, &len, &err) == -1) {
		run_message(run, 1, d->ann_path, "%s", err);
		free(err);
		return -1;
	}
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(data + len - line));
		if (nl == NULL)
			nl = data + len;
		n = (size_t)(nl - line);
		lineno++;
		kind = brat_line_parse(line, n, &l, &err);
		where = xasprintf("%s:%zu", d->ann_path, lineno);
		switch (kind) {
		case BRAT_LINE_BAD:
			run_message(run, 1, where, "%s", err);
			free(err);
			err = NULL;
			break;
		case BRAT_LINE_BLANK:
			break;
		case BRAT_LINE_OTHER:
			d->others++;
			break;
		case BRAT_LINE_TEXTBOUND:
			if (d->n == cap) {
				cap = cap ? cap * 2 : 16;
				d->v = xreallocarray(d->v, cap, sizeof(*d->v));
			}
			e = &d->v[d->n++];
			memset(e, 0, sizeof(*e));
			e->line = lineno;
			e->id = xstrndup(l.id, l.id_len);
			e->label = xstrndup(l.type, l.type_len);
			e->fragments = l.fragments;
			e->nfragments = l.nfragments;
			l.fragments = NULL;
			e->text = xstrndup(l.text, l.text_len);
			e->text_len = l.text_len;
			d->fragments += e->nfragments;
			break;
		case BRAT_LINE_NOTE:
			if ((e = brat_doc_find(d, l.ref, l.ref_len)) == NULL) {
				q = quoted(l.ref, l.ref_len);
				run_message(run, 0, where, "a note on %s, which "
				    "is no T line before it: ignored", q);
				free(q);
				break;
			}
			if (e->note.len > 0)
				buf_addc(&e->note, '\n');
			buf_add(&e->note, l.text, l.text_len);
			break;
		}
		brat_line_free(&l);
		free(where);
		if (nl == data + len)
			break;
	}
	free(data);
	return 0;
}

/*
 * A discontinuous T line: its text is brat's, the fragments joined with
 * spaces.  Check it once for the whole line; 0 when it fits (or a
 * fragment is out of range, which import_span reports).
 */
static int
brat_check_fragments(struct import_run *run, struct record_text *rt,
    const struct brat_entity *e)
{
	struct buf	 joined = BUF_INIT;
	char		*given, *a, *b;
	size_t		 i, ncp = rt->nmap - 1, glen, sb, eb;
	int		 ok;

	for (i = 0; i < e->nfragments; i++) {
		if (e->fragments[i].start < 0 || (uint64_t)e->fragments[i].end >
		    ncp) {
			buf_free(&joined);
			return 0;
		}
		sb = text_offsets_byte(&rt->offsets,
		    rt->map[e->fragments[i].start]);
		eb = text_offsets_byte(&rt->offsets,
		    rt->map[e->fragments[i].end]);
		if (i > 0)
			buf_addc(&joined, ' ');
		buf_add(&joined, rt->text + sb, eb - sb);
	}
	given = text_canonicalize(e->text, e->text_len, &glen, NULL, NULL,
	    NULL);
	ok = span_text_matches(given, glen, joined.data ? joined.data : "",
	    joined.len, 1);
	if (!ok) {
		a = quoted(e->text, e->text_len);
		b = quoted(joined.data ? joined.data : "", joined.len);
		run_message(run, 1, rt->where, "%s: its text %s does not match "
		    "the article's %s", e->id, a, b);
		free(a);
		free(b);
	}
	free(given);
	buf_free(&joined);
	return ok ? 0 : -1;
}

static void
brat_import_entity(struct import_run *run, struct record_text *rt,
    const struct brat_entity *e)
{
	struct span_given	 g;
	struct buf		 note = BUF_INIT;
	char			*name;
	size_t			 i;

	memset(&g, 0, sizeof(g));
	g.label = e->label;
	if (e->nfragments == 1) {
		g.start = e->fragments[0].start;
		g.end = e->fragments[0].end;
		g.text = e->text;
		g.text_len = e->text_len;
		g.text_loose = 1;
		g.note = e->note.len > 0 ? e->note.data : "";
		import_span(run, rt, e->id, &g);
		return;
	}
	/* margin's spans are contiguous: each fragment is a span, and its
	   note says what it was part of. */
	if (brat_check_fragments(run, rt, e) == -1)
		return;
	for (i = 0; i < e->nfragments; i++) {
		buf_truncate(&note, 0);
		buf_printf(&note, "fragment %zu of %zu of discontinuous %s",
		    i + 1, e->nfragments, e->id);
		if (e->note.len > 0) {
			buf_addc(&note, '\n');
			buf_add(&note, e->note.data, e->note.len);
		}
		g.start = e->fragments[i].start;
		g.end = e->fragments[i].end;
		g.note = note.data;
		name = xasprintf("%s fragment %zu", e->id, i + 1);
		import_span(run, rt, name, &g);
		free(name);
	}
	buf_free(&note);
}

/* A .txt (in) and the .ann beside it (ann_path, when it exists). */
static int
import_brat_pair(struct import_run *run, struct input *in,
    const char *ann_path)
{
	struct brat_doc		 d;
	struct record_text	 rt;
	struct text_canon_stats	 st;
	char			*canon, *title, *where;
	size_t			 i;
	int			 rc;

	memset(&d, 0, sizeof(d));
	d.ann_path = ann_path;
	if (input_fill(run, in, SIZE_MAX) == -1) {
		run_message(run, 1, in->path, "%s", strerror(in->read_errno));
		return -1;
	}
	if (ann_path != NULL && path_is_file(ann_path) &&
	    brat_doc_read(run, &d) == -1) {
		brat_doc_free(&d);
		return -1;
	}
	memset(&rt, 0, sizeof(rt));
	memset(&st, 0, sizeof(st));
	rt.where = in->path;
	canon = text_canonicalize(in->data.data + in->pos,
	    in->data.len - in->pos, &rt.len, &st, d.n > 0 ? &rt.map : NULL,
	    d.n > 0 ? &rt.nmap : NULL);
	rt.text = canon;
	if (text_is_blank(canon, rt.len)) {
		run->r->skipped++;
		run_message(run, 0, in->path, "empty, skipped");
		goto out;
	}
	title = text_title(canon, rt.len);
	rc = add_article(run, in->path, title, in->path, canon, rt.len, NULL,
	    d.fragments, &rt.article);
	free(title);
	if (rc == 1) {
		report_repairs(run, in->path, &st);
		text_offsets_init(&rt.offsets, canon, rt.len);
		for (i = 0; i < d.n; i++) {
			where = xasprintf("%s:%zu", ann_path, d.v[i].line);
			rt.where = where;
			brat_import_entity(run, &rt, &d.v[i]);
			free(where);
		}
		text_offsets_free(&rt.offsets);
		if (d.others > 0)
			run_message(run, 0, ann_path, "%zu relation, event, "
			    "attribute or normalisation line%s ignored "
			    "(margin keeps entities and notes)", d.others,
			    d.others == 1 ? "" : "s");
	}
	if (rc != -1)
		run_article_done(run, in->path);
out:
	free(rt.map);
	free(canon);
	brat_doc_free(&d);
	return 0;
}

/*
 * brat: a document is X.txt with X.ann beside it.  Given the .ann, the
 * pair is imported through its .txt; in a folder walk the .txt is
 * reached anyway, so the .ann says nothing.  A .txt without an .ann is
 * an article without annotations, as brat shows it.
 */
static int
import_brat(struct import_run *run, struct input *in)
{
	const char	*ext = in->is_stdin ? NULL : path_extension(in->path);
	char		*other;
	int		 rc;

	if (ext != NULL && strcasecmp(ext, "ann") == 0) {
		other = path_sibling(in->path, "txt");
		if (!path_is_file(other)) {
			run_message(run, 1, in->path, "no %s beside it (brat "
			    "keeps the text in a .txt file)", other);
			free(other);
			return -1;
		}
		rc = run->ndirs > 0 ? 0 : import_file(run, other, IMPORT_BRAT);
		free(other);
		return rc;
	}
	other = in->is_stdin ? NULL : path_sibling(in->path, "ann");
	rc = import_brat_pair(run, in, other);
	free(other);
	return rc;
}

/* --- The entry point --------------------------------------------------- */

int
import_path(struct store *s, const char *path,
    const struct import_options *o, struct import_report *r)
{
	struct import_run	 run;
	struct stat		 st;
	size_t			 i;

	memset(&run, 0, sizeof(run));
	run.s = s;
	run.o = o;
	run.r = r;
	run.batch = o->batch > 0 ? o->batch : DEFAULT_BATCH;
	/* An import is not one of the annotator's own changes to undo. */
	store_set_undoable(s, 0);
	if (strcmp(path, "-") == 0)
		import_stdin(&run);
	else if (stat(path, &st) == -1)
		run_message(&run, 1, path, "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		import_dir(&run, path, &st);
	else
		import_file(&run, path, o->format);
	run_commit(&run, strcmp(path, "-") == 0 ? "stdin" : path);
	store_set_undoable(s, 1);
	for (i = 0; i < run.nlabels; i++)
		free(run.labels[i]);
	free(run.labels);
	free(run.dirs);
	return run.failed ? -1 : 0;
}
