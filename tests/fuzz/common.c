/*
 * common.c: the scratch folder, the checked assertion and the
 * import-then-export round that the importer targets share (fuzz.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "margin/export.h"
#include "margin/import.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

#include "fuzz.h"

static char	*fuzz_dir;
static char	*fuzz_path;
static char	*fuzz_template;	/* a new, empty margin database */
static char	*fuzz_db;	/* the copy each import goes into */

void
fuzz_fail(const char *file, int line, const char *cond, const char *what)
{
	fprintf(stderr, "%s:%d: broken promise: %s (%s)\n", file, line, what,
	    cond);
	abort();
}

/* Remove the scratch folder and what is in it (one level of folders: the
   brat export writes into a subfolder). */
static void
fuzz_remove_tree(const char *path)
{
	DIR		*d;
	struct dirent	*e;
	char		*child;

	if ((d = opendir(path)) == NULL) {
		unlink(path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		child = xasprintf("%s/%s", path, e->d_name);
		fuzz_remove_tree(child);
		free(child);
	}
	closedir(d);
	rmdir(path);
}

static void
fuzz_cleanup(void)
{
	if (fuzz_dir != NULL)
		fuzz_remove_tree(fuzz_dir);
	free(fuzz_dir);
	free(fuzz_path);
	free(fuzz_template);
	free(fuzz_db);
	fuzz_dir = fuzz_path = fuzz_template = fuzz_db = NULL;
}

void
fuzz_setup(void)
{
	const char	*tmp = getenv("TMPDIR");
	struct store	*s = NULL;
	char		*err = NULL;

	if (fuzz_dir != NULL)
		return;
	/* margin runs in a UTF-8 locale; wcwidth() answers by it. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	/* In memory where there is a tmpfs: each import commits (fsync). */
	if (tmp == NULL || *tmp == '\0')
		tmp = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
	fuzz_dir = xasprintf("%s/margin-fuzz-XXXXXX", tmp);
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("margin fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_cleanup);
	/*
	 * Creating the schema is most of the cost of a run, so it is made
	 * once and each import starts from a copy of the new database: the
	 * same state every time, so that a crash replays alone.
	 */
	fuzz_template = xasprintf("%s/template.db", fuzz_dir);
	fuzz_db = xasprintf("%s/work.db", fuzz_dir);
	if (store_open(&s, fuzz_template, "fuzz", 0, &err) == -1) {
		fprintf(stderr, "store_open: %s\n", err);
		abort();
	}
	store_close(s);
}

/* Copy the template database to a fresh work.db (no -wal, no -shm). */
static void
fuzz_fresh_db(void)
{
	char	*data = NULL, *err = NULL, *side;
	size_t	 len = 0;
	FILE	*f;

	side = xasprintf("%s-wal", fuzz_db);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", fuzz_db);
	unlink(side);
	free(side);
	if (file_read_all(fuzz_template, &data, &len, &err) == -1 ||
	    (f = fopen(fuzz_db, "wb")) == NULL ||
	    fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "margin fuzz: %s: %s\n", fuzz_db,
		    err != NULL ? err : "cannot write");
		abort();
	}
	free(data);
}

const char *
fuzz_file(const char *name, const void *data, size_t size)
{
	FILE	*f;

	fuzz_setup();
	free(fuzz_path);
	fuzz_path = xasprintf("%s/%s", fuzz_dir, name);
	if ((f = fopen(fuzz_path, "wb")) == NULL ||
	    (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(fuzz_path);
		abort();
	}
	return fuzz_path;
}

/* Every span the store keeps slices its article's text (§4, §5): the code
   point range, the byte range and the stored text agree. */
static void
fuzz_check_article(struct store *s, const struct store_article *a)
{
	struct store_span	*v = NULL;
	char			*err = NULL;
	size_t			 n = 0, i, ncp;

	FUZZ_CHECK(a->text != NULL, "an article has its text");
	ncp = text_cp_count(a->text, a->text_len);
	if (store_span_list(s, a->id, NULL, &v, &n, &err) == -1) {
		fprintf(stderr, "store_span_list: %s\n", err);
		free(err);
		return;
	}
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(v[i].start < v[i].end && v[i].end <= ncp,
		    "a span lies inside its article, and is not empty");
		FUZZ_CHECK(text_cp_to_byte(a->text, a->text_len, v[i].start) ==
		    v[i].start_byte, "the start byte matches the start");
		FUZZ_CHECK(text_cp_to_byte(a->text, a->text_len, v[i].end) ==
		    v[i].end_byte, "the end byte matches the end");
		FUZZ_CHECK(strlen(v[i].text) == v[i].end_byte - v[i].start_byte &&
		    memcmp(v[i].text, a->text + v[i].start_byte,
		    v[i].end_byte - v[i].start_byte) == 0,
		    "a span's text is the article's text at its offsets");
	}
	store_spans_free(v, n);
}

/* Check every article, read whole one at a time. */
static void
fuzz_check_store(struct store *s)
{
	struct store_article_filter	 f;
	struct store_article		*rows = NULL, a;
	char				*err = NULL;
	size_t				 n = 0, i;

	memset(&f, 0, sizeof(f));
	if (store_article_rows(s, &f, 0, 1000000, &rows, &n, &err) == -1) {
		fprintf(stderr, "store_article_rows: %s\n", err);
		free(err);
		return;
	}
	for (i = 0; i < n; i++) {
		memset(&a, 0, sizeof(a));
		if (store_article_get(s, rows[i].id, NULL, &a, &err) == -1) {
			fprintf(stderr, "store_article_get: %s\n", err);
			free(err);
			err = NULL;
			FUZZ_CHECK(0, "a listed article can be read");
		}
		fuzz_check_article(s, &a);
		store_article_free(&a);
	}
	store_article_rows_free(rows, n);
}

static void
fuzz_export(struct store *s, enum export_format format, FILE *out)
{
	struct export_options	 o;
	struct export_report	 r;
	char			*err = NULL, *dir = NULL;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.format = format;
	o.filter.status = (1 << STORE_ACCEPTED) | (1 << STORE_SUGGESTED) |
	    (1 << STORE_REJECTED);
	o.report = &r;
	o.context = 3;
	o.excel_safe = 1;
	if (format == EXPORT_BRAT) {
		dir = xasprintf("%s/brat-out", fuzz_dir);
		o.dir = dir;
	}
	if (export_write(s, &o, out, &err) == -1) {
		/* An export may refuse (a full disk, say), but never on what
		   the importer let in. */
		fprintf(stderr, "export: %s\n", err);
		free(err);
		FUZZ_CHECK(0, "what was imported can be exported");
	}
	if (dir != NULL)
		fuzz_remove_tree(dir);
	free(dir);
}

static void
fuzz_quiet(void *ctx, int is_error, const char *path, const char *text)
{
	(void)ctx;
	(void)is_error;
	(void)path;
	(void)text;
}

void
fuzz_import_export(const char *path, enum import_format format)
{
	struct import_options	 o;
	struct import_report	 r;
	struct store		*s = NULL;
	char			*err = NULL;
	FILE			*out;

	fuzz_setup();
	fuzz_fresh_db();
	if (store_open(&s, fuzz_db, "fuzz", 0, &err) == -1) {
		fprintf(stderr, "store_open: %s\n", err);
		abort();
	}
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.format = format;
	o.message = fuzz_quiet;
	/* Small batches, so that a batch boundary falls inside the input. */
	o.batch = 2;
	(void)import_path(s, path, &o, &r);
	fuzz_check_store(s);
	if ((out = fopen("/dev/null", "w")) == NULL)
		abort();
	fuzz_export(s, EXPORT_CSV, out);
	fuzz_export(s, EXPORT_JSONL, out);
	fuzz_export(s, EXPORT_CONLL, out);
	fuzz_export(s, EXPORT_BRAT, out);
	fclose(out);
	store_close(s);
}
