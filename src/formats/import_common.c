/*
 * import_common.c: what every importer shares: the run's messages and
 * batches, adding articles and spans, and reading an input by lines.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unictype.h>
#include <unistr.h>

#include "margin/import.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"
#include "import_private.h"

/* The extension of the file name in path (after its last "."), or NULL. */
const char *
imp_path_extension(const char *path)
{
	const char	*base, *dot;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	if ((dot = strrchr(base, '.')) == NULL || dot == base)
		return NULL;
	return dot + 1;
}

/* path with its extension replaced by ext ("a/b.txt" -> "a/b.ann"). */
char *
imp_path_sibling(const char *path, const char *ext)
{
	const char	*old = imp_path_extension(path);
	size_t		 keep = old != NULL ? (size_t)(old - path) :
			    strlen(path) + 1;

	return xasprintf("%.*s.%s", (int)(keep - 1), path, ext);
}

int
imp_path_is_file(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void
imp_run_message(struct import_run *run, int is_error, const char *path,
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
imp_run_forget_entities(struct import_run *run)
{
	size_t	 i;

	for (i = 0; i < run->cap_entities; i++) {
		free(run->entities[i].key);
		run->entities[i].key = NULL;
		run->entity_ids[i] = 0;
	}
	run->nentities = 0;
}

void
imp_run_commit(struct import_run *run, const char *path)
{
	char	*err = NULL;

	if (!run->in_txn)
		return;
	run->in_txn = 0;
	if (store_txn_commit(run->s, &err) == -1) {
		store_txn_rollback(run->s);
		imp_run_message(run, 1, path,
		    "%zu articles and %zu annotations "
		    "of the last batch were not saved: %s", run->batch_added,
		    run->batch_spans, err);
		run->r->added -= run->batch_added;
		run->r->spans -= run->batch_spans;
		free(err);
		/* Labels the batch added are gone with it: read them again;
		   and the entities it made. */
		while (run->nlabels > 0)
			free(run->labels[--run->nlabels]);
		run->labels_state = 0;
		while (run->nrlabels > 0)
			free(run->rlabels[--run->nrlabels]);
		run->rlabels_state = 0;
		imp_run_forget_entities(run);
	}
	else
		run->r->committed = run->r->added + run->r->duplicates;
	run->in_batch = run->batch_added = run->batch_spans = 0;
}

static int
run_begin(struct import_run *run, const char *path)
{
	char	*err = NULL;

	if (run->in_txn)
		return 0;
	if (store_txn_begin(run->s, &err) == -1) {
		imp_run_message(run, 1, path, "%s", err);
		free(err);
		return -1;
	}
	run->in_txn = 1;
	run->in_batch = run->batch_added = run->batch_spans = 0;
	return 0;
}

/* One article is through (added or a duplicate). */
void
imp_run_article_done(struct import_run *run, const char *path)
{
	if (++run->in_batch >= run->batch || store_batch_due(run->s))
		imp_run_commit(run, path);
	if (run->o->stop != NULL && !run->r->stopped &&
	    run->o->stop(run->o->ctx)) {
		imp_run_commit(run, path);
		run->r->stopped = 1;
	}
	if (run->o->progress != NULL)
		run->o->progress(run->o->ctx, run->r);
}

/* §8: "empty" is empty after canonicalisation or only white space. */
int
imp_text_is_blank(const char *s, size_t len)
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
void
imp_report_repairs(struct import_run *run, const char *where,
    const struct text_canon_stats *st)
{
	if (st->invalid == 0)
		return;
	run->r->invalid += st->invalid;
	imp_run_message(run, 0, where, "%zu invalid UTF-8 sequence%s replaced "
	    "with U+FFFD", st->invalid, st->invalid == 1 ? "" : "s");
}

/*
 * Add one canonical article.  Returns 1 when added, 0 for a duplicate
 * (reported; nspans spans given with it are then not imported), -1 on
 * failure (reported).
 */
int
imp_add_article(struct import_run *run, const char *where, const char *title,
    const char *source, const char *text, size_t len, const char *meta,
    size_t nspans, int64_t *id)
{
	char	*err = NULL;
	int	 duplicate = 0;

	if (run_begin(run, where) == -1)
		return -1;
	if (store_article_add(run->s, title, source, text, len, meta, id,
	    &duplicate, &err) == -1) {
		imp_run_message(run, 1, where, "%s", err);
		free(err);
		return -1;
	}
	if (duplicate) {
		run->r->duplicates++;
		if (nspans > 0)
			imp_run_message(run, 0, where,
			    "duplicate of article %lld "
			    "(its %zu annotation%s not imported)",
			    (long long)*id, nspans, nspans == 1 ? "" : "s");
		else
			imp_run_message(run, 0, where,
			    "duplicate of article %lld",
			    (long long)*id);
		return 0;
	}
	run->r->added++;
	run->batch_added++;
	return 1;
}

/* --- Reading inputs ---------------------------------------------------- */

/* Buffer at least want unconsumed bytes, or everything up to the end. */
int
imp_input_fill(struct import_run *run, struct input *in, size_t want)
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
int
imp_input_line(struct import_run *run, struct input *in, const char **line,
    size_t *len)
{
	const char	*nl;

	if (run->r->stopped)
		return 0;	/* asked to stop: the rest is not read */
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
		if (imp_input_fill(run, in, avail + 1) == -1)
			return -1;
	}
}

/* --- Spans ------------------------------------------------------------- */

static int
run_load_labels(struct import_run *run, const char *where)
{
	struct store_label	*v;
	size_t			 n, i;
	char			*err = NULL;

	if (run->labels_state != 0)
		return run->labels_state == 1 ? 0 : -1;
	if (store_label_list(run->s, &v, &n, &err) == -1) {
		imp_run_message(run, 1, where, "cannot read the labels: %s",
		    err);
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
		imp_run_message(run, 1, where, "label %s: %s", name, err);
		free(err);
		return -1;
	}
	run->labels = xreallocarray(run->labels, run->nlabels + 1,
	    sizeof(*run->labels));
	run->labels[run->nlabels++] = xstrdup(name);
	imp_run_message(run, 0, where, "new label %s added to the database",
	    name);
	return 0;
}

/* A string quoted as JSON, so that a message shows any text safely. */
char *
imp_quoted(const char *s, size_t len)
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
int
imp_add_span(struct import_run *run, const char *where, const char *name,
    struct store_span *sp)
{
	char	*err = NULL, *q;

	if (!store_label_valid_name(sp->label)) {
		q = imp_quoted(sp->label, strlen(sp->label));
		imp_run_message(run, 1, where,
		    "%s: label %s is not a valid name "
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
	if (store_span_add(run->s, sp, &sp->id, &err) == -1) {
		imp_run_message(run, 1, where, "%s: %s", name, err);
		free(err);
		return -1;
	}
	run->r->spans++;
	run->batch_spans++;
	return 0;
}

/* Compare given (canonical) with the article's slice; with loose, a line
   end or TAB of the slice matches a space of given. */
int
imp_span_text_matches(const char *given, size_t glen, const char *slice,
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
 * A span's given text canonicalised as the article's was.  A leading
 * U+FEFF is kept: only the file's first character is a BOM to drop, and
 * inside the article (where a span starts) it is text.
 */
static char *
span_text_canonical(const char *text, size_t len, size_t *outlen)
{
	char	*rest, *out;
	size_t	 n;

	if (len < 3 || memcmp(text, "\xef\xbb\xbf", 3) != 0)
		return text_canonicalize(text, len, outlen, NULL, NULL, NULL);
	rest = text_canonicalize(text + 3, len - 3, &n, NULL, NULL, NULL);
	out = xmalloc(n + 4);
	memcpy(out, "\xef\xbb\xbf", 3);
	memcpy(out + 3, rest, n + 1);
	free(rest);
	*outlen = n + 3;
	return out;
}

/*
 * Add the span g (offsets into the text as given) to the record's
 * article; name says which span in messages ("span 3", "T5").  A span
 * that does not fit is refused and reported.  Returns 0 when added, with
 * its id in *id (which may be NULL).
 */
int
import_span(struct import_run *run, struct record_text *rt, const char *name,
    const struct span_given *g, int64_t *id)
{
	struct store_span	 sp;
	char			*given, *found, *slice;
	size_t			 ncp = rt->nmap - 1, glen, sb, eb;
	int			 rc;

	/* Offsets are code points into the text as given (Python's
	   text[start:end]); they are carried through canonicalisation. */
	if (g->start < 0 || g->end < 0 || (uint64_t)g->end > ncp ||
	    g->start >= g->end) {
		imp_run_message(run, 1, rt->where, "%s [%lld, %lld): out of "
		    "range (the text has %zu code points)", name,
		    (long long)g->start, (long long)g->end, ncp);
		return -1;
	}
	memset(&sp, 0, sizeof(sp));
	sp.start = rt->map[g->start];
	sp.end = rt->map[g->end];
	if (sp.start >= sp.end) {
		imp_run_message(run, 1, rt->where, "%s [%lld, %lld): nothing "
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
		given = span_text_canonical(g->text, g->text_len, &glen);
		if (!imp_span_text_matches(given, glen, slice, eb - sb,
		    g->text_loose)) {
			found = imp_quoted(slice, eb - sb);
			free(given);
			given = imp_quoted(g->text, g->text_len);
			imp_run_message(run, 1, rt->where, "%s [%lld, %lld): "
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
	sp.status = g->status;
	sp.origin = g->origin;
	sp.score = g->score;
	sp.entity_id = g->entity;
	sp.entity_status = g->entity != 0 ? g->entity_status : STORE_ACCEPTED;
	rc = imp_add_span(run, rt->where, name, &sp);
	if (rc == 0 && id != NULL)
		*id = sp.id;
	free(slice);
	return rc;
}

/* --- Entities and relations (SPEC §16) --------------------------------- */

/*
 * The entities an import met, in two open-addressing tables of
 * cap_entities slots (a power of two, at most half full): by the input's
 * key, and the set of this database's ids they took, so that a large
 * import costs a probe a mention.
 */
static size_t
imp_hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static struct imp_entity *
imp_entity_slot(const struct import_run *run, const char *key)
{
	size_t	 mask = run->cap_entities - 1, i = imp_hash(key) & mask;

	while (run->entities[i].key != NULL &&
	    strcmp(run->entities[i].key, key) != 0)
		i = (i + 1) & mask;
	return &run->entities[i];
}

static int64_t *
imp_entity_id_slot(const struct import_run *run, int64_t id)
{
	size_t	 mask = run->cap_entities - 1;
	size_t	 i = (size_t)((uint64_t)id * 11400714819323198485ULL) & mask;

	while (run->entity_ids[i] != 0 && run->entity_ids[i] != id)
		i = (i + 1) & mask;
	return &run->entity_ids[i];
}

/* Room for one more in both tables. */
static void
imp_entity_reserve(struct import_run *run)
{
	struct imp_entity	*old = run->entities;
	int64_t			*old_ids = run->entity_ids;
	size_t			 n = run->cap_entities, i;

	if ((run->nentities + 1) * 2 <= run->cap_entities)
		return;
	run->cap_entities = n > 0 ? n * 2 : 64;
	run->entities = xcalloc(run->cap_entities, sizeof(*run->entities));
	run->entity_ids = xcalloc(run->cap_entities,
	    sizeof(*run->entity_ids));
	for (i = 0; i < n; i++) {
		if (old[i].key != NULL)
			*imp_entity_slot(run, old[i].key) = old[i];
		if (old_ids[i] != 0)
			*imp_entity_id_slot(run, old_ids[i]) = old_ids[i];
	}
	free(old);
	free(old_ids);
}

/*
 * The entity of this database that the input's entity key (of label)
 * names, with its name and knowledge-base id ("" when none), in *id.
 * The ids in a file are another database's, so the first mention of a
 * key links by store_entity_ensure(): the entity with that kb_id, else
 * the one with that name and no kb_id, made when there is none; the
 * mentions after it take the same entity.  Two keys of one file are two
 * entities, also when they share a name: the second then gets one of its
 * own, so that an import keeps which mentions share an entity.  A key is
 * the file's or folder's (run->entity_scope): two exports read in one
 * import are two databases.  given_key may be NULL (an entity the input
 * names only by name and kb_id).  The span label is added to the schema
 * first when new.  Returns 0, or -1 said.
 */
int
imp_entity_link(struct import_run *run, const char *where,
    const char *given_key, const char *label, const char *name,
    const char *kb_id, int64_t *id)
{
	struct imp_entity	*slot = NULL;
	char			*err = NULL, *key = NULL;
	int			 created = 0;

	*id = 0;
	/* A bad label is the span's to report (imp_add_span). */
	if (!store_label_valid_name(label) ||
	    run_ensure_label(run, where, label) == -1)
		return -1;
	if (given_key != NULL) {
		imp_entity_reserve(run);
		key = xasprintf("%s\n%s\n%s", run->entity_scope != NULL ?
		    run->entity_scope : "", label, given_key);
		slot = imp_entity_slot(run, key);
		if (slot->key != NULL) {
			*id = slot->id;
			free(key);
			return 0;
		}
	}
	if (store_entity_ensure(run->s, label, name, kb_id, id, &created,
	    &err) == -1)
		goto fail;
	/* Another entity of the input has it: this one is another. */
	if (!created && key != NULL && *imp_entity_id_slot(run, *id) != 0 &&
	    store_entity_add(run->s, label, name, kb_id, id, &err) == -1)
		goto fail;
	if (key != NULL) {
		slot->key = key;
		slot->id = *id;
		*imp_entity_id_slot(run, *id) = *id;
		run->nentities++;
	}
	return 0;
fail:
	imp_run_message(run, 1, where, "entity \"%s\": %s", name, err);
	free(err);
	free(key);
	*id = 0;
	return -1;
}

static int
run_load_relation_labels(struct import_run *run, const char *where)
{
	struct store_relation_label	*v;
	size_t				 n, i;
	char				*err = NULL;

	if (run->rlabels_state != 0)
		return run->rlabels_state == 1 ? 0 : -1;
	if (store_relation_label_list(run->s, &v, &n, &err) == -1) {
		imp_run_message(run, 1, where, "cannot read the relation "
		    "labels: %s", err);
		free(err);
		run->rlabels_state = -1;
		return -1;
	}
	run->rlabels = xreallocarray(NULL, n + 1, sizeof(*run->rlabels));
	for (i = 0; i < n; i++)
		run->rlabels[i] = xstrdup(v[i].name);
	run->nrlabels = n;
	store_relation_labels_free(v, n);
	run->rlabels_state = 1;
	return 0;
}

/*
 * Make sure the store has the relation label name.  A label the file
 * uses and the database lacks is added (and said once), as span labels
 * are: refusing it would drop the relations of every file from another
 * database, and a label is only a name until a schema gives it a key.
 * A new label is symmetric when symmetric > 0 (annotation.conf says so;
 * JSONL does not); one the database has is left as it is.
 */
int
imp_relation_label(struct import_run *run, const char *where,
    const char *name, int symmetric)
{
	char	*err = NULL;
	size_t	 i;

	if (!store_label_valid_name(name)) {
		imp_run_message(run, 1, where, "relation label \"%s\" is not "
		    "a valid name (letters, digits, _ and -)", name);
		return -1;
	}
	if (run_load_relation_labels(run, where) == -1)
		return -1;
	for (i = 0; i < run->nrlabels; i++)
		if (strcmp(run->rlabels[i], name) == 0)
			return 0;
	if (store_relation_label_add(run->s, name, "", symmetric > 0, "",
	    &err) == -1) {
		imp_run_message(run, 1, where, "relation label %s: %s", name,
		    err);
		free(err);
		return -1;
	}
	run->rlabels = xreallocarray(run->rlabels, run->nrlabels + 1,
	    sizeof(*run->rlabels));
	run->rlabels[run->nrlabels++] = xstrdup(name);
	imp_run_message(run, 0, where, "new relation label %s added to the "
	    "database", name);
	return 0;
}

/*
 * Add a relation between two spans the import added.  It is merged
 * (store_relation_merge): the same relation given twice is one.  The
 * annotator is --annotator, else the one given, else "imported".
 */
int
imp_add_relation(struct import_run *run, const char *where, const char *name,
    const struct relation_given *g)
{
	struct store_relation	 r;
	char			*err = NULL;

	if (imp_relation_label(run, where, g->label, -1) == -1)
		return -1;
	memset(&r, 0, sizeof(r));
	r.src = g->src;
	r.dst = g->dst;
	r.label = (char *)g->label;
	if (run->o->annotator != NULL)
		r.annotator = (char *)run->o->annotator;
	else if (g->annotator != NULL && g->annotator[0] != '\0')
		r.annotator = (char *)g->annotator;
	else
		r.annotator = "imported";
	r.status = g->status;
	r.origin = g->origin;
	r.note = (char *)(g->note != NULL ? g->note : "");
	if (store_relation_merge(run->s, &r, NULL, NULL, &err) == -1) {
		imp_run_message(run, 1, where, "%s: %s", name, err);
		free(err);
		return -1;
	}
	return 0;
}

void
imp_run_free(struct import_run *run)
{
	size_t	 i;

	for (i = 0; i < run->nlabels; i++)
		free(run->labels[i]);
	free(run->labels);
	for (i = 0; i < run->nrlabels; i++)
		free(run->rlabels[i]);
	free(run->rlabels);
	imp_run_forget_entities(run);
	free(run->entities);
	free(run->entity_ids);
	for (i = 0; i < run->nconf_dirs; i++)
		free(run->conf_dirs[i]);
	free(run->conf_dirs);
	free(run->dirs);
}
