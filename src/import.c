/*
 * import.c: bring articles into the store (SPEC §8).  An input is a file, a
 * folder (walked in sorted order) or stdin; each input goes to one importer
 * of a table (text, JSONL; later CSV, CoNLL and brat), which canonicalises
 * text (§4) and adds articles and spans through store_* only.
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

/*
 * The importers.  With --format auto a file goes to the importer that
 * lists its extension, else to the first one (text).  An importer reads
 * the input it is given (the first BINARY_SNIFF bytes are already
 * buffered) and reports through run_message().
 */
static const char *const text_extensions[] = { "txt", "md", NULL };
static const char *const jsonl_extensions[] = { "jsonl", "ndjson", NULL };

static const struct importer {
	const char		*name;
	enum import_format	 format;
	const char *const	*extensions;
	int		       (*import)(struct import_run *, struct input *);
} importers[] = {
	{ "text",  IMPORT_TEXT,  text_extensions,  import_text },
	{ "jsonl", IMPORT_JSONL, jsonl_extensions, import_jsonl },
};
#define NIMPORTERS (sizeof(importers) / sizeof(importers[0]))

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

static const struct importer *
importer_for(const char *path, enum import_format format)
{
	const char	*base, *dot;
	size_t		 i, k;

	for (i = 0; i < NIMPORTERS && format != IMPORT_AUTO; i++)
		if (importers[i].format == format)
			return &importers[i];
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if ((dot = strrchr(base, '.')) != NULL && dot != base) {
		for (i = 0; i < NIMPORTERS; i++)
			for (k = 0; importers[i].extensions[k] != NULL; k++)
				if (strcasecmp(dot + 1,
				    importers[i].extensions[k]) == 0)
					return &importers[i];
	}
	return &importers[0];
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
    const struct importer *imp)
{
	size_t	 avail;

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

static int
import_file(struct import_run *run, const char *path)
{
	struct input	 in;
	struct stat	 st;
	int		 rc;

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
	rc = import_input(run, &in, importer_for(path, run->o->format));
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
	in.fd = STDIN_FILENO;
	/* No name to go by: text unless the format was given. */
	rc = import_input(run, &in, importer_for("", run->o->format ==
	    IMPORT_AUTO ? IMPORT_TEXT : run->o->format));
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
	return import_file(run, path);
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
	size_t			 len;
	int64_t			 id;
	int			 rc;

	if (input_fill(run, in, SIZE_MAX) == -1) {
		run_message(run, 1, in->path, "%s", strerror(in->read_errno));
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

/* A span as a record gives it, in any of the three shapes. */
struct span_given {
	int64_t		 start;
	int64_t		 end;
	const char	*label;
	const struct json *text;	/* optional */
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
	const struct json	*s, *e, *l;

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
		sp->text = json_get(item, "text");
		if (sp->text != NULL && sp->text->type != JSON_STRING)
			return "its \"text\" is not a string";
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

static void
import_span(struct import_run *run, struct record_text *rt, size_t k,
    const struct json *item)
{
	struct span_given	 g;
	struct store_span	 sp;
	const char		*why;
	char			*err = NULL, *given, *found, *slice;
	size_t			 ncp = rt->nmap - 1, glen, sb, eb;

	if ((why = span_read(item, &g)) != NULL) {
		run_message(run, 1, rt->where, "span %zu: %s", k, why);
		return;
	}
	/* Offsets are code points into the text as given (Python's
	   text[start:end]); they are carried through canonicalisation. */
	if (g.start < 0 || g.end < 0 || (uint64_t)g.end > ncp ||
	    g.start >= g.end) {
		run_message(run, 1, rt->where, "span %zu [%lld, %lld): out of "
		    "range (the text has %zu code points)", k,
		    (long long)g.start, (long long)g.end, ncp);
		return;
	}
	memset(&sp, 0, sizeof(sp));
	sp.start = rt->map[g.start];
	sp.end = rt->map[g.end];
	if (sp.start >= sp.end) {
		run_message(run, 1, rt->where, "span %zu [%lld, %lld): nothing "
		    "of it is left after canonicalisation", k,
		    (long long)g.start, (long long)g.end);
		return;
	}
	sb = text_offsets_byte(&rt->offsets, sp.start);
	eb = text_offsets_byte(&rt->offsets, sp.end);
	slice = xstrndup(rt->text + sb, eb - sb);
	if (g.text != NULL) {
		/* The given text went through the same canonicalisation as
		   the article (a CRLF inside a span is fine); what differs
		   after that means the offsets do not fit. */
		given = text_canonicalize(g.text->str, g.text->len, &glen,
		    NULL, NULL, NULL);
		if (glen != eb - sb || memcmp(given, slice, glen) != 0) {
			found = quoted(slice, eb - sb);
			free(given);
			given = quoted(g.text->str, g.text->len);
			run_message(run, 1, rt->where, "span %zu [%lld, %lld): "
			    "its text %s does not match the article's %s", k,
			    (long long)g.start, (long long)g.end, given, found);
			free(found);
			free(given);
			free(slice);
			return;
		}
		free(given);
	}
	if (!store_label_valid_name(g.label)) {
		found = quoted(g.label, strlen(g.label));
		run_message(run, 1, rt->where, "span %zu: label %s is not a "
		    "valid name (letters, digits, _ and -)", k, found);
		free(found);
		free(slice);
		return;
	}
	if (run_ensure_label(run, rt->where, g.label) == -1) {
		free(slice);
		return;
	}
	sp.article_id = rt->article;
	sp.start_byte = sb;
	sp.end_byte = eb;
	sp.label = (char *)g.label;
	sp.text = slice;
	if (run->o->annotator != NULL)
		sp.annotator = (char *)run->o->annotator;
	else if (g.annotator != NULL && g.annotator[0] != '\0')
		sp.annotator = (char *)g.annotator;
	else
		sp.annotator = "imported";
	sp.status = STORE_ACCEPTED;
	sp.origin = STORE_IMPORTED;
	sp.note = (char *)(g.note != NULL ? g.note : "");
	if (store_span_add(run->s, &sp, NULL, &err) == -1) {
		run_message(run, 1, rt->where, "span %zu: %s", k, err);
		free(err);
	} else {
		run->r->spans++;
		run->batch_spans++;
	}
	free(slice);
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
				import_span(run, &rt, k + 1,
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
	if (strcmp(path, "-") == 0)
		import_stdin(&run);
	else if (stat(path, &st) == -1)
		run_message(&run, 1, path, "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		import_dir(&run, path, &st);
	else
		import_file(&run, path);
	run_commit(&run, strcmp(path, "-") == 0 ? "stdin" : path);
	for (i = 0; i < run.nlabels; i++)
		free(run.labels[i]);
	free(run.labels);
	free(run.dirs);
	return run.failed ? -1 : 0;
}
