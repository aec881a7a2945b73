/*
 * export.c: write annotations as training data (SPEC §9).  Each format is
 * one writer in a table; every writer streams from one store snapshot
 * (store_span_foreach) through a buffered FILE and checks its writes.
 * The article formats (jsonl, conll, brat) share one walk that also
 * brings the articles without spans.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "margin/brat.h"
#include "margin/conll.h"
#include "margin/export.h"
#include "margin/json.h"
#include "margin/sentence.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

typedef int (*export_fn)(struct store *, const struct export_options *,
    FILE *, char **);

static int	export_csv(struct store *, const struct export_options *,
		    FILE *, char **);
static int	export_jsonl(struct store *, const struct export_options *,
		    FILE *, char **);
static int	export_conll(struct store *, const struct export_options *,
		    FILE *, char **);
static int	export_brat(struct store *, const struct export_options *,
		    FILE *, char **);

/*
 * Every format §9 names is listed, so that the command line can tell a
 * format that is coming from a misspelt one; write is NULL until its
 * writer exists.
 */
static const struct export_writer {
	const char		*name;
	enum export_format	 format;
	export_fn		 write;
} export_writers[] = {
	{ "csv",	EXPORT_CSV,	export_csv },
	{ "jsonl",	EXPORT_JSONL,	export_jsonl },
	{ "conll",	EXPORT_CONLL,	export_conll },
	{ "brat",	EXPORT_BRAT,	export_brat },
};
#define NWRITERS (sizeof(export_writers) / sizeof(export_writers[0]))

/* "csv", or "csv, jsonl" etc.: the formats that can or cannot be written. */
static char *
export_format_names(int available)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < NWRITERS; i++) {
		if ((export_writers[i].write != NULL) != available)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, export_writers[i].name);
	}
	return buf_detach(&b);
}

int
export_format_lookup(const char *name, enum export_format *f, char **errp)
{
	char	*now, *later;
	size_t	 i;

	for (i = 0; i < NWRITERS; i++) {
		if (strcmp(name, export_writers[i].name) != 0)
			continue;
		if (export_writers[i].write == NULL)
			break;
		*f = export_writers[i].format;
		return 0;
	}
	now = export_format_names(1);
	later = export_format_names(0);
	if (i < NWRITERS)
		err_set(errp, "format %s is not in this version yet (it can "
		    "write: %s; coming later: %s)", name, now, later);
	else if (later[0] != '\0')
		err_set(errp, "unknown format \"%s\" (it can write: %s; "
		    "coming later: %s)", name, now, later);
	else
		err_set(errp, "unknown format \"%s\" (it can write: %s)",
		    name, now);
	free(now);
	free(later);
	return -1;
}

int
export_format_parse(const char *name, enum export_format *f)
{
	return export_format_lookup(name, f, NULL);
}

int
export_write(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	size_t	 i;

	int	 rc;

	for (i = 0; i < NWRITERS; i++)
		if (export_writers[i].format == o->format &&
		    export_writers[i].write != NULL)
			break;
	if (i == NWRITERS)
		return err_set(errp, "this export format is not in this "
		    "version yet");
	/* One snapshot for everything the export reads: the span walk, the
	   article pages and texts, the tags. */
	if (store_read_begin(s, errp) == -1)
		return -1;
	rc = export_writers[i].write(s, o, out, errp);
	store_read_end(s);
	return rc;
}

/* Spreadsheets run cells that begin with these as formulas. */
static int
csv_formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

void
export_csv_field(struct buf *out, const char *s, size_t len, int excel_safe)
{
	int	 prefix, quote;
	size_t	 i, run;

	prefix = excel_safe && len > 0 && csv_formula_start(s[0]);
	/* Leading or trailing spaces are quoted because many readers trim
	   them otherwise; a prefixed cell no longer starts with one. */
	quote = len > 0 && ((s[0] == ' ' && !prefix) || s[len - 1] == ' ');
	for (i = 0; i < len && !quote; i++)
		if (s[i] == '"' || s[i] == ',' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (quote)
		buf_addc(out, '"');
	if (prefix)
		buf_addc(out, '\'');
	if (!quote) {
		buf_add(out, s, len);
		return;
	}
	for (i = 0; i < len; i = run + 1) {
		for (run = i; run < len && s[run] != '"'; run++)
			;
		buf_add(out, s + i, run - i);
		if (run < len)
			buf_adds(out, "\"\"");
	}
	buf_addc(out, '"');
}

/* A NUL-terminated string field; NULL writes an empty one. */
static void
csv_string(struct buf *out, const char *s, int excel_safe)
{
	if (s == NULL)
		s = "";
	export_csv_field(out, s, strlen(s), excel_safe);
	buf_addc(out, ',');
}

/* Formatted in place: an export writes millions of these, and
   buf_printf() would allocate for each. */
static void
csv_number(struct buf *out, long long n)
{
	int	 w;

	buf_reserve(out, 32);
	w = snprintf(out->data + out->len, 32, "%lld,", n);
	if (w > 0 && w < 32)
		out->len += (size_t)w;
}

/* ISO 8601 in UTC, the form every CSV reader and pandas parse. */
static void
csv_time(struct buf *out, int64_t t)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	int		 w;

	if (gmtime_r(&tt, &tm) == NULL)
		return;
	buf_reserve(out, 64);
	w = snprintf(out->data + out->len, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (w > 0 && w < 64)
		out->len += (size_t)w;
}

/* Where a write failed, so that the message says why ("No space left"). */
static int
csv_put(FILE *out, const struct buf *b, int *write_errno)
{
	if (b->len > 0 && fwrite(b->data, 1, b->len, out) != b->len) {
		*write_errno = errno != 0 ? errno : EIO;
		return -1;
	}
	return 0;
}

struct csv_export {
	struct store			*s;
	const struct export_options	*o;
	FILE				*out;
	struct buf			 row;
	int				 write_errno;
	char				*err;
	/* The article whose text gives --context, fetched once per article
	   as the stream (in article order) reaches it. */
	int64_t				 article_id;
	struct store_article		 article;
	int				 have_article;
	struct text_offsets		 offsets;
};

static int
csv_load_article(struct csv_export *c, int64_t id)
{
	const char	*who = c->o->filter.annotator;

	if (c->have_article && c->article_id == id)
		return 0;
	if (c->have_article) {
		text_offsets_free(&c->offsets);
		store_article_free(&c->article);
		c->have_article = 0;
	}
	memset(&c->article, 0, sizeof(c->article));
	if (store_article_get(c->s, id, who ? who : store_actor(c->s),
	    &c->article, &c->err) == -1) {
		err_prefix(&c->err, "article %lld", (long long)id);
		return -1;
	}
	text_offsets_init(&c->offsets, c->article.text, c->article.text_len);
	c->article_id = id;
	c->have_article = 1;
	return 0;
}

/* Up to n code points of context before and after the span. */
static void
csv_context(struct csv_export *c, const struct store_span *sp)
{
	const struct text_offsets	*t = &c->offsets;
	size_t				 n = c->o->context;
	size_t				 from, to, a, b;

	from = sp->start > n ? sp->start - n : 0;
	a = text_offsets_byte(t, from);
	b = text_offsets_byte(t, sp->start);
	export_csv_field(&c->row, t->s + a, b - a, c->o->excel_safe);
	buf_addc(&c->row, ',');
	if (sp->end >= t->ncp)
		to = sp->end;	/* nothing after it (the offsets clamp) */
	else
		to = t->ncp - sp->end > n ? sp->end + n : t->ncp;
	a = text_offsets_byte(t, sp->end);
	b = text_offsets_byte(t, to);
	export_csv_field(&c->row, t->s + a, b - a, c->o->excel_safe);
}

static int
csv_span_row(void *ctx, const struct store_article *a,
    const struct store_span *sp)
{
	struct csv_export	*c = ctx;
	int			 x = c->o->excel_safe;

	buf_truncate(&c->row, 0);
	csv_number(&c->row, (long long)a->id);
	csv_string(&c->row, a->title, x);
	csv_string(&c->row, a->source, x);
	csv_string(&c->row, sp->annotator, x);
	csv_string(&c->row, sp->label, x);
	csv_number(&c->row, (long long)sp->start);
	csv_number(&c->row, (long long)sp->end);
	csv_string(&c->row, sp->text, x);
	csv_number(&c->row, (long long)sp->start_byte);
	csv_number(&c->row, (long long)sp->end_byte);
	csv_string(&c->row, store_status_name(sp->status), x);
	csv_string(&c->row, store_origin_name(sp->origin), x);
	csv_string(&c->row, sp->note, x);
	csv_time(&c->row, sp->created_at);
	if (c->o->context > 0) {
		if (csv_load_article(c, a->id) == -1)
			return 1;
		buf_addc(&c->row, ',');
		csv_context(c, sp);
	}
	buf_addc(&c->row, '\n');
	return csv_put(c->out, &c->row, &c->write_errno) == -1 ? 1 : 0;
}

static int
csv_tag_row(void *ctx, const struct store_article *a, const char *tag,
    const char *annotator)
{
	struct csv_export	*c = ctx;
	int			 x = c->o->excel_safe;

	buf_truncate(&c->row, 0);
	csv_number(&c->row, (long long)a->id);
	csv_string(&c->row, a->title, x);
	csv_string(&c->row, tag, x);
	export_csv_field(&c->row, annotator, strlen(annotator), x);
	buf_addc(&c->row, '\n');
	return csv_put(c->out, &c->row, &c->write_errno) == -1 ? 1 : 0;
}

static int
export_csv(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	struct csv_export	 c;
	int			 rc;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.o = o;
	c.out = out;
	errno = 0;
	if (o->what_tags) {
		buf_adds(&c.row, "article_id,article_title,tag,annotator\n");
		rc = csv_put(out, &c.row, &c.write_errno);
		if (rc == 0)
			rc = store_tag_foreach(s, &o->filter, csv_tag_row, &c,
			    &c.err);
	} else {
		buf_adds(&c.row, "article_id,article_title,source,annotator,"
		    "label,start,end,text,start_byte,end_byte,status,origin,"
		    "note,created_at");
		buf_adds(&c.row, o->context > 0 ? ",left,right\n" : "\n");
		rc = csv_put(out, &c.row, &c.write_errno);
		if (rc == 0)
			rc = store_span_foreach(s, &o->filter, csv_span_row, &c,
			    &c.err);
	}
	if (c.have_article) {
		text_offsets_free(&c.offsets);
		store_article_free(&c.article);
	}
	buf_free(&c.row);
	if (c.write_errno == 0 && rc == 0) {
		errno = 0;
		if (fflush(out) == EOF || ferror(out))
			c.write_errno = errno != 0 ? errno : EIO;
	}
	if (c.write_errno != 0) {
		free(c.err);
		return err_set(errp, "write error: %s",
		    strerror(c.write_errno));
	}
	if (rc != 0) {
		if (c.err == NULL)
			return err_set(errp, "the export stopped early");
		if (errp != NULL) {
			free(*errp);
			*errp = c.err;
		} else
			free(c.err);
		return -1;
	}
	return 0;
}

/* --- Articles with their spans (jsonl, conll, brat) -------------------- */

/*
 * The article formats need every article the filters select, with its
 * text, and its spans.  The spans come from store_span_foreach() (one
 * snapshot, in article order); the articles without spans are merged in
 * from the filtered article list, read in pages of EXPORT_PAGE, and an
 * article's text is fetched when the walk reaches it, so that memory
 * holds one article at a time.
 *
 * export_write() holds one read transaction around the whole export, so
 * the span walk, the pages and the texts all see one snapshot.
 */
#define EXPORT_PAGE	256

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
	/* The filtered article list, a page at a time. */
	struct store_article_filter	 af;
	struct store_article		*page;
	size_t				 npage, next, offset;
	int				 last_page;
	/* The article being written. */
	int				 open;
	struct store_article		 article;
	size_t				 nspans;
	/* conll */
	struct conll_span		*spans;
	size_t				 cap_spans;
	size_t				 said;		/* messages so far */
	/* brat */
	FILE				*ann;
	char				*ann_path;
	size_t				 notes;
};

/* Messages about single spans stop after this many; counts go on. */
#define EXPORT_SAY	20

static void
export_say(struct article_export *ae, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
export_say(struct article_export *ae, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	if (ae->o->message == NULL)
		return;
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	ae->o->message(ae->o->ctx, text);
	free(text);
}

static int
export_put(struct article_export *ae)
{
	if (csv_put(ae->out, &ae->line, &ae->write_errno) == -1)
		return 1;
	buf_truncate(&ae->line, 0);
	return 0;
}

static int
export_listed(const struct article_export *ae, int64_t id)
{
	const struct store_span_filter	*f = &ae->o->filter;
	size_t				 i;

	if (f->articles == NULL)
		return 1;
	for (i = 0; i < f->narticles; i++)
		if (f->articles[i] == id)
			return 1;
	return 0;
}

/* The next article of the filtered list: 1 with *id, 0 at the end, -1. */
static int
export_peek(struct article_export *ae, int64_t *id)
{
	for (;;) {
		for (; ae->next < ae->npage; ae->next++) {
			if (export_listed(ae, ae->page[ae->next].id)) {
				*id = ae->page[ae->next].id;
				return 1;
			}
		}
		if (ae->last_page)
			return 0;
		ae->offset += ae->npage;
		store_article_rows_free(ae->page, ae->npage);
		ae->page = NULL;
		ae->npage = ae->next = 0;
		if (store_article_rows(ae->s, &ae->af, ae->offset, EXPORT_PAGE,
		    &ae->page, &ae->npage, &ae->err) == -1)
			return -1;
		ae->last_page = ae->npage < EXPORT_PAGE;
	}
}

static int
export_article_open(struct article_export *ae, int64_t id)
{
	memset(&ae->article, 0, sizeof(ae->article));
	if (store_article_get(ae->s, id, store_actor(ae->s), &ae->article,
	    &ae->err) == -1) {
		err_prefix(&ae->err, "article %lld", (long long)id);
		return 1;
	}
	ae->open = 1;
	ae->nspans = 0;
	ae->report->articles++;
	return ae->w->begin(ae, &ae->article);
}

static int
export_article_close(struct article_export *ae)
{
	int	 rc;

	if (!ae->open)
		return 0;
	rc = ae->w->end(ae);
	store_article_free(&ae->article);
	ae->open = 0;
	return rc;
}

/* Write the listed articles before id (all of them: INT64_MAX), which
   have no spans; the article id itself is taken off the list. */
static int
export_articles_before(struct article_export *ae, int64_t id)
{
	int64_t	 next;
	int	 rc;

	while ((rc = export_peek(ae, &next)) == 1 && next <= id) {
		ae->next++;
		if (next == id)
			return 0;
		if (export_article_open(ae, next) != 0 ||
		    export_article_close(ae) != 0)
			return 1;
	}
	return rc == -1 ? 1 : 0;
}

static int
export_article_span(void *ctx, const struct store_article *a,
    const struct store_span *sp)
{
	struct article_export	*ae = ctx;

	if (!ae->open || ae->article.id != a->id) {
		if (export_article_close(ae) != 0 ||
		    export_articles_before(ae, a->id) != 0 ||
		    export_article_open(ae, a->id) != 0)
			return 1;
	}
	ae->nspans++;
	ae->report->spans++;
	return ae->w->span(ae, sp);
}

/* The walk: every article the filters select, with its spans. */
static int
export_articles(struct article_export *ae, char **errp)
{
	int	 rc;

	ae->af.annotator = ae->o->filter.annotator;
	ae->af.tag = ae->o->filter.tag;
	ae->af.status = ae->o->filter.done ? 1 : 0;
	errno = 0;
	rc = store_span_foreach(ae->s, &ae->o->filter, export_article_span,
	    ae, &ae->err);
	if (rc == 0)
		rc = export_article_close(ae);
	if (rc == 0)
		rc = export_articles_before(ae, INT64_MAX);
	if (rc != 0 && ae->open) {
		store_article_free(&ae->article);
		ae->open = 0;
	}
	store_article_rows_free(ae->page, ae->npage);
	ae->page = NULL;
	if (ae->write_errno == 0 && rc == 0 && ae->out != NULL) {
		errno = 0;
		if (fflush(ae->out) == EOF || ferror(ae->out))
			ae->write_errno = errno != 0 ? errno : EIO;
	}
	if (ae->write_errno != 0) {
		free(ae->err);
		ae->err = NULL;
		return err_set(errp, "write error: %s",
		    strerror(ae->write_errno));
	}
	if (rc != 0) {
		if (ae->err == NULL)
			return err_set(errp, "the export stopped early");
		if (errp != NULL) {
			free(*errp);
			*errp = ae->err;
		} else
			free(ae->err);
		ae->err = NULL;
		return -1;
	}
	return 0;
}

static void
export_article_init(struct article_export *ae, struct store *s,
    const struct export_options *o, const struct article_writer *w,
    FILE *out, struct export_report *local)
{
	memset(ae, 0, sizeof(*ae));
	ae->s = s;
	ae->o = o;
	ae->w = w;
	ae->out = out;
	memset(local, 0, sizeof(*local));
	ae->report = o->report != NULL ? o->report : local;
	memset(ae->report, 0, sizeof(*ae->report));
}

/* --- JSONL ------------------------------------------------------------- */

/*
 * One article per line:
 * {"id","title","source","text","spans":[{"start","end","label","text",
 * "annotator"[,"note"][,"status"]}],"tags":[...][,"meta":{...}]}
 * in code points, as the JSONL importer reads it back.
 */
static int
jsonl_begin(struct article_export *ae, const struct store_article *a)
{
	struct buf	*b = &ae->line;

	buf_printf(b, "{\"id\":%lld,\"title\":", (long long)a->id);
	json_write_string(b, a->title, strlen(a->title));
	buf_adds(b, ",\"source\":");
	json_write_string(b, a->source, strlen(a->source));
	buf_adds(b, ",\"text\":");
	json_write_string(b, a->text, a->text_len);
	buf_adds(b, ",\"spans\":[");
	return 0;
}

static int
jsonl_span(struct article_export *ae, const struct store_span *sp)
{
	struct buf	*b = &ae->line;

	buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"label\":",
	    ae->nspans > 1 ? "," : "", sp->start, sp->end);
	json_write_string(b, sp->label, strlen(sp->label));
	buf_adds(b, ",\"text\":");
	json_write_string(b, sp->text, strlen(sp->text));
	buf_adds(b, ",\"annotator\":");
	json_write_string(b, sp->annotator, strlen(sp->annotator));
	if (sp->note != NULL && sp->note[0] != '\0') {
		buf_adds(b, ",\"note\":");
		json_write_string(b, sp->note, strlen(sp->note));
	}
	if (sp->status != STORE_ACCEPTED)
		buf_printf(b, ",\"status\":\"%s\"",
		    store_status_name(sp->status));
	buf_addc(b, '}');
	/* An article with a great many spans is written as it goes. */
	return b->len >= 65536 ? export_put(ae) : 0;
}

static int
jsonl_end(struct article_export *ae)
{
	struct buf	*b = &ae->line;
	char		**tags = NULL;
	size_t		 ntags = 0, i;

	if (store_tag_list(ae->s, ae->article.id, &tags, &ntags,
	    &ae->err) == -1)
		return 1;
	buf_adds(b, "],\"tags\":[");
	for (i = 0; i < ntags; i++) {
		if (i > 0)
			buf_addc(b, ',');
		json_write_string(b, tags[i], strlen(tags[i]));
	}
	buf_addc(b, ']');
	store_strings_free(tags, ntags);
	/* Metadata came in with the article (a CoNLL file's token spaces,
	   JSONL fields); the store keeps it as a JSON object. */
	if (ae->article.meta != NULL && strcmp(ae->article.meta, "{}") != 0) {
		buf_adds(b, ",\"meta\":");
		buf_adds(b, ae->article.meta);
	}
	buf_adds(b, "}\n");
	return export_put(ae);
}

static const struct article_writer jsonl_writer = {
	jsonl_begin, jsonl_span, jsonl_end
};

static int
export_jsonl(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	struct article_export	 ae;
	struct export_report	 local;
	int			 rc;

	export_article_init(&ae, s, o, &jsonl_writer, out, &local);
	rc = export_articles(&ae, errp);
	buf_free(&ae.line);
	return rc;
}

/* --- CoNLL ------------------------------------------------------------- */

/*
 * CoNLL-2003 lines, "TOKEN -X- _ TAG", a blank line after each sentence
 * and "-DOCSTART- -X- -X- O" before each article.  An article's spans
 * are gathered until it ends, then:
 * - tokens: those of the CoNLL file it came from (its text split at
 *   spaces and line ends, but for the spaces its metadata lists as inside
 *   tokens; a line is a sentence), else UAX #29 tokens (§4) in the
 *   sentences of sentence_split();
 * - a span not on token boundaries is widened to the tokens it touches,
 *   one on no token is left out (both said);
 * - overlapping spans (sharing a token) are resolved to the longest (in
 *   code points; then the first, then the oldest), the others left out
 *   and counted;
 * - a sentence never splits a span: a sentence break inside a kept span
 *   is not written.
 */
static int
conll_begin(struct article_export *ae, const struct store_article *a)
{
	(void)a;
	return 0;
}

static int
conll_span_keep(struct article_export *ae, const struct store_span *sp)
{
	struct conll_span	*c;

	if (ae->nspans > ae->cap_spans) {
		ae->cap_spans = ae->cap_spans ? ae->cap_spans * 2 : 64;
		ae->spans = xreallocarray(ae->spans, ae->cap_spans,
		    sizeof(*ae->spans));
	}
	c = &ae->spans[ae->nspans - 1];
	memset(c, 0, sizeof(*c));
	c->id = sp->id;
	c->start = sp->start;
	c->end = sp->end;
	c->start_byte = sp->start_byte;
	c->end_byte = sp->end_byte;
	c->label = xstrdup(sp->label);
	return 0;
}

static void
conll_token_push(struct conll_token **v, size_t *n, size_t *cap,
    size_t start, size_t end, int sentence_start)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[*n].start = start;
	(*v)[*n].end = end;
	(*v)[*n].sentence_start = sentence_start;
	(*v)[*n].span = -1;
	(*n)++;
}

/* The tokens of an article imported from CoNLL (see above); spaces is
   the metadata's "token_spaces" (code points, ascending). */
static size_t
conll_tokens_kept(const char *s, size_t len, const struct json *spaces,
    struct conll_token **out)
{
	struct conll_token	*v = NULL;
	size_t			 n = 0, cap = 0, i, cp, k = 0, start = 0;
	size_t			 nsp = spaces != NULL &&
				    spaces->type == JSON_ARRAY ? spaces->n : 0;
	int			 open = 0, sentence = 1, inner;

	for (i = cp = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		while (k < nsp && (!json_is_integer(&spaces->items[k]) ||
		    spaces->items[k].integer < (int64_t)cp))
			k++;
		inner = s[i] == ' ' && open && k < nsp &&
		    spaces->items[k].integer == (int64_t)cp;
		if ((s[i] == ' ' || s[i] == '\n') && !inner) {
			if (open) {
				conll_token_push(&v, &n, &cap, start, i,
				    sentence);
				sentence = 0;
			}
			if (s[i] == '\n')
				sentence = 1;
			open = 0;
		} else if (!open) {
			open = 1;
			start = i;
		}
		cp++;
	}
	if (open)
		conll_token_push(&v, &n, &cap, start, len, sentence);
	*out = v;
	return n;
}

/* UAX #29 tokens, each marked when it starts a sentence. */
static size_t
conll_tokens_split(const char *s, size_t len, struct conll_token **out)
{
	struct conll_token	*v = NULL;
	struct text_token	*tt;
	struct sentence		*sent;
	size_t			 ntt, nsent, n = 0, cap = 0, i, j = 0;
	size_t			 last = SIZE_MAX;

	ntt = text_tokens(s, len, &tt);
	nsent = sentence_split(s, len, &sent);
	for (i = 0; i < ntt; i++) {
		while (j + 1 < nsent && tt[i].start >= sent[j].end)
			j++;
		conll_token_push(&v, &n, &cap, tt[i].start, tt[i].end,
		    j != last);
		last = j;
	}
	free(tt);
	free(sent);
	*out = v;
	return n;
}

/* The first token that ends after byte b (n when none). */
static size_t
conll_token_after(const struct conll_token *t, size_t n, size_t b)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t[mid].end > b)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The article's text at bytes a..b, quoted as JSON for a message. */
static char *
conll_quote(const struct store_article *a, size_t from, size_t to)
{
	struct buf	 b = BUF_INIT;

	json_write_string(&b, a->text + from, to - from);
	return buf_detach(&b);
}

/* The spans conll_span_order() sorts indices of (qsort has no context). */
static const struct conll_span *conll_sort_base;

/* Longest first, then the first in the text, then the oldest. */
static int
conll_span_order(const void *pa, const void *pb)
{
	const struct conll_span	*a = &conll_sort_base[*(const size_t *)pa];
	const struct conll_span	*b = &conll_sort_base[*(const size_t *)pb];

	if (a->end - a->start != b->end - b->start)
		return a->end - a->start > b->end - b->start ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Snap the spans to tokens and keep the longest of overlapping ones. */
static void
conll_resolve(struct article_export *ae, struct conll_token *tok,
    size_t ntok)
{
	const struct store_article	*a = &ae->article;
	struct conll_span		*sp, *other;
	size_t				*order, i, t;
	char				*q, *q2;
	int				 free_run;

	for (i = 0; i < ae->nspans; i++) {
		sp = &ae->spans[i];
		sp->first = conll_token_after(tok, ntok, sp->start_byte);
		if (sp->first == ntok || tok[sp->first].start >=
		    sp->end_byte) {
			ae->report->tokenless++;
			if (ae->said++ < EXPORT_SAY) {
				q = conll_quote(a, sp->start_byte,
				    sp->end_byte);
				export_say(ae, "article %lld: span %lld %s %s "
				    "[%zu, %zu) is on no token: left out",
				    (long long)a->id, (long long)sp->id,
				    sp->label, q, sp->start, sp->end);
				free(q);
			}
			sp->first = SIZE_MAX;
			ae->report->spans--;
			continue;
		}
		sp->last = conll_token_after(tok, ntok, sp->end_byte - 1);
		if (sp->last == ntok || tok[sp->last].start >= sp->end_byte)
			sp->last--;
		if (tok[sp->first].start != sp->start_byte ||
		    tok[sp->last].end != sp->end_byte) {
			ae->report->widened++;
			if (ae->said++ < EXPORT_SAY) {
				q = conll_quote(a, sp->start_byte,
				    sp->end_byte);
				q2 = conll_quote(a, tok[sp->first].start,
				    tok[sp->last].end);
				export_say(ae, "article %lld: span %lld %s %s "
				    "[%zu, %zu) is not on token boundaries: "
				    "tagged as %s", (long long)a->id,
				    (long long)sp->id, sp->label, q, sp->start,
				    sp->end, q2);
				free(q);
				free(q2);
			}
		}
	}

	order = xreallocarray(NULL, ae->nspans + 1, sizeof(*order));
	for (i = 0; i < ae->nspans; i++)
		order[i] = i;
	conll_sort_base = ae->spans;
	qsort(order, ae->nspans, sizeof(*order), conll_span_order);
	for (i = 0; i < ae->nspans; i++) {
		sp = &ae->spans[order[i]];
		if (sp->first == SIZE_MAX)
			continue;
		other = NULL;
		for (t = sp->first, free_run = 1; t <= sp->last; t++) {
			if (tok[t].span >= 0) {
				other = &ae->spans[tok[t].span];
				free_run = 0;
				break;
			}
		}
		if (free_run) {
			for (t = sp->first; t <= sp->last; t++)
				tok[t].span = (long)order[i];
			/* A sentence never splits a span. */
			for (t = sp->first + 1; t <= sp->last; t++)
				tok[t].sentence_start = 0;
			continue;
		}
		ae->report->overlapping++;
		ae->report->spans--;
		if (other->first == sp->first && other->last == sp->last &&
		    strcmp(other->label, sp->label) == 0) {
			ae->report->duplicates++;
			continue;
		}
		if (ae->said++ < EXPORT_SAY) {
			q = conll_quote(a, sp->start_byte, sp->end_byte);
			q2 = conll_quote(a, other->start_byte,
			    other->end_byte);
			export_say(ae, "article %lld: span %lld %s %s overlaps "
			    "span %lld %s %s: left out for the longer one",
			    (long long)a->id, (long long)sp->id, sp->label, q,
			    (long long)other->id, other->label, q2);
			free(q);
			free(q2);
		}
	}
	free(order);
}

static int
conll_end(struct article_export *ae)
{
	const struct store_article	*a = &ae->article;
	struct conll_token		*tok = NULL;
	const struct conll_span		*sp;
	struct json			*meta = NULL;
	const struct json		*conll = NULL;
	size_t				 ntok, t, i;
	long				 e;
	int				 rc = 0, after_same;

	if (a->meta != NULL && (meta = json_parse(a->meta, strlen(a->meta),
	    0, NULL)) != NULL)
		conll = json_get(meta, "conll");
	if (conll != NULL && conll->type == JSON_OBJECT)
		ntok = conll_tokens_kept(a->text, a->text_len,
		    json_get(conll, "token_spaces"), &tok);
	else
		ntok = conll_tokens_split(a->text, a->text_len, &tok);
	json_free(meta);
	conll_resolve(ae, tok, ntok);

	buf_adds(&ae->line, CONLL_DOCSTART " -X- -X- O\n\n");
	for (t = 0; t < ntok && rc == 0; t++) {
		if (t > 0 && tok[t].sentence_start)
			buf_addc(&ae->line, '\n');
		buf_add(&ae->line, a->text + tok[t].start,
		    tok[t].end - tok[t].start);
		buf_adds(&ae->line, " -X- _ ");
		if ((e = tok[t].span) < 0)
			conll_tag_write(&ae->line, ae->o->scheme, NULL, 0, 0,
			    0);
		else {
			sp = &ae->spans[e];
			after_same = t > 0 && !tok[t].sentence_start &&
			    tok[t - 1].span >= 0 && tok[t - 1].span != e &&
			    strcmp(ae->spans[tok[t - 1].span].label,
			    sp->label) == 0;
			conll_tag_write(&ae->line, ae->o->scheme, sp->label,
			    t == sp->first, t == sp->last, after_same);
		}
		buf_addc(&ae->line, '\n');
		if (ae->line.len >= 65536)
			rc = export_put(ae);
	}
	if (ntok > 0)
		buf_addc(&ae->line, '\n');
	if (rc == 0)
		rc = export_put(ae);
	for (i = 0; i < ae->nspans; i++)
		free(ae->spans[i].label);
	ae->nspans = 0;
	free(tok);
	return rc;
}

static const struct article_writer conll_writer = {
	conll_begin, conll_span_keep, conll_end
};

static int
export_conll(struct store *s, const struct export_options *o, FILE *out,
    char **errp)
{
	struct article_export	 ae;
	struct export_report	 local, *r;
	size_t			 i;
	int			 rc;

	export_article_init(&ae, s, o, &conll_writer, out, &local);
	rc = export_articles(&ae, errp);
	/* The spans of an article the export stopped in. */
	for (i = 0; i < ae.nspans; i++)
		free(ae.spans[i].label);
	r = ae.report;
	if (ae.said > EXPORT_SAY)
		export_say(&ae, "(%zu more such spans not listed)",
		    ae.said - EXPORT_SAY);
	if (r->overlapping > 0)
		export_say(&ae, "%zu overlapping span%s left out for longer "
		    "ones (%zu of them the same tokens and label as a span "
		    "kept)", r->overlapping, r->overlapping == 1 ? "" : "s",
		    r->duplicates);
	if (r->widened > 0)
		export_say(&ae, "%zu span%s widened to token boundaries",
		    r->widened, r->widened == 1 ? "" : "s");
	if (r->tokenless > 0)
		export_say(&ae, "%zu span%s on no token left out",
		    r->tokenless, r->tokenless == 1 ? "" : "s");
	buf_free(&ae.line);
	free(ae.spans);
	return rc;
}

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

static int
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
