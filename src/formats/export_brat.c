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
 * ID.ann, annotation.conf and visual.conf from the database's labels.
 * ID is the article's id, zero-padded to the widest, so that the files
 * sort as the articles do and a folder import numbers them alike.  Each
 * span is a T line, in code points; a span across a line end is written
 * as brat writes one, in fragments that leave the line ends out ("T1\tPER
 * 0 6;7 14\tAlexei Navalny", the text their texts joined by a space); a
 * span of white space only has no text brat can hold and is left out,
 * counted.  Its annotator, origin and (when not accepted) status are
 * attributes ("A1\tAnnotator T1 bob"); its note an AnnotatorNotes line
 * with its line ends and TABs as U+2424 and U+2409 (brat_write_note).
 *
 * Entities and relations (SPEC §16): a span's entity is an N line,
 * "N1\tReference T1 Wikidata:Q7747\tAlexei Navalny", its kb_id written
 * as a reference by brat_reference_write() (brat.h: Q7747 as
 * Wikidata:Q7747, RID:ID as it is, none as margin:ENTITY-ID, the rest
 * percent-encoded as margin-kb:...), the entity's name as its text, and
 * the link's status, when it is not accepted, a LinkStatus attribute of
 * the T line.  A relation is an R line, "R1\tspoke_with Arg1:T1
 * Arg2:T2", with its annotator, origin and status as attributes and its
 * note as AnnotatorNotes of the R line; one whose span is not written is
 * left out and counted.  annotation.conf declares the relation labels
 * (a symmetric one with brat's <REL-TYPE>:symmetric) and tools.conf the
 * Wikidata references, so that brat links them.
 */
static char *
brat_path(const struct article_export *ae, const char *ext)
{
	size_t	 n = strlen(ae->o->dir);

	return xasprintf("%s%s%0*lld.%s", ae->o->dir, n > 0 &&
	    ae->o->dir[n - 1] == '/' ? "" : "/", ae->id_width,
	    (long long)ae->article.id, ext);
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
	ae->attributes = 0;
	ae->norms = 0;
	ae->nrelations = 0;
	return 0;
}

/*
 * The fragments of a span: its code point offsets split at each line
 * break (brat_line_break), empty pieces left out, as "A B;C D" in offs
 * and the pieces' text joined by spaces in text.  0 when no piece holds
 * anything but white space.
 */
static int
brat_fragments(const struct store_span *sp, struct buf *offs,
    struct buf *text)
{
	const char	*s = sp->text;
	size_t		 len = strlen(s), i, n, cp = sp->start, from = cp;
	size_t		 piece = 0;
	int		 visible = 0;

	for (i = 0; i <= len; i += n) {
		n = i < len ? brat_line_break(s + i, len - i) : 1;
		if (n == 0) {
			if (s[i] != ' ' && s[i] != '\t')
				visible = 1;
			n = 1;
			while (i + n < len && ((unsigned char)s[i + n] &
			    0xc0) == 0x80)
				n++;
			cp++;
			continue;
		}
		if (cp > from) {
			buf_printf(offs, "%s%zu %zu", offs->len > 0 ? ";" : "",
			    from, cp);
			if (text->len > 0)
				buf_addc(text, ' ');
			brat_write_field(text, s + piece, i - piece);
		}
		cp++;
		from = cp;
		piece = i + n;
	}
	return visible;
}

/* An attribute of annotation letter+n ("T3", "R1"). */
static void
brat_attribute(struct article_export *ae, char letter, size_t n,
    const char *name, const char *value)
{
	struct buf	*b = &ae->line;

	buf_printf(b, "A%zu\t%s %c%zu ", ++ae->attributes, name, letter, n);
	brat_write_field(b, value, strlen(value));
	buf_addc(b, '\n');
}

/* margin's attributes of a span or relation, and its note. */
static void
brat_state(struct article_export *ae, char letter, size_t n,
    const char *annotator, enum store_span_origin origin,
    enum store_span_status status, const char *note)
{
	struct buf	*b = &ae->line;

	brat_attribute(ae, letter, n, "Annotator", annotator);
	brat_attribute(ae, letter, n, "Origin", store_origin_name(origin));
	if (status != STORE_ACCEPTED)
		brat_attribute(ae, letter, n, "Status",
		    store_status_name(status));
	if (note != NULL && note[0] != '\0') {
		buf_printf(b, "#%zu\tAnnotatorNotes %c%zu\t", ++ae->notes,
		    letter, n);
		brat_write_note(b, note, strlen(note));
		buf_addc(b, '\n');
	}
}

/* The span's entity: an N line, and the link's status when it is not
   accepted. */
static void
brat_entity(struct article_export *ae, const struct store_span *sp)
{
	struct buf	*b = &ae->line;

	buf_printf(b, "N%zu\tReference T%zu ", ++ae->norms, ae->nspans);
	brat_reference_write(b, sp->entity_kb_id, sp->entity_id);
	buf_addc(b, '\t');
	brat_write_field(b, sp->entity_name, strlen(sp->entity_name));
	buf_addc(b, '\n');
	if (sp->entity_status != STORE_ACCEPTED)
		brat_attribute(ae, 'T', ae->nspans, "LinkStatus",
		    store_status_name(sp->entity_status));
}

static int
brat_span(struct article_export *ae, const struct store_span *sp)
{
	struct buf	*b = &ae->line, offs = BUF_INIT, text = BUF_INIT;

	if (!brat_fragments(sp, &offs, &text)) {
		ae->blank++;
		if (ae->blank <= EXPORT_SAY)
			export_say(ae, "article %lld: span %lld is white space "
			    "only, which brat cannot hold: left out",
			    (long long)ae->article.id, (long long)sp->id);
		ae->report->spans--;
		ae->span_ids[ae->nspans - 1] = 0;
		buf_free(&offs);
		buf_free(&text);
		return 0;
	}
	buf_printf(b, "T%zu\t%s %s\t", ae->nspans, sp->label, offs.data);
	buf_add(b, text.data, text.len);
	buf_addc(b, '\n');
	buf_free(&offs);
	buf_free(&text);
	brat_state(ae, 'T', ae->nspans, sp->annotator, sp->origin, sp->status,
	    sp->note);
	if (sp->entity_id != 0)
		brat_entity(ae, sp);
	return b->len >= 65536 ? export_put(ae) : 0;
}

/* "R1\tLABEL Arg1:T1 Arg2:T2": the T lines are numbered from 1 in the
   order written. */
static int
brat_relation(struct article_export *ae, const struct store_relation *r,
    size_t from, size_t to)
{
	size_t	 n = ++ae->nrelations, i;

	for (i = 0; i < ae->nrel_who; i++)
		if (strcmp(ae->rel_who[i], r->annotator) == 0)
			break;
	if (i == ae->nrel_who) {
		ARRAY_RESERVE(ae->rel_who, ae->cap_rel_who, ae->nrel_who + 1);
		ae->rel_who[ae->nrel_who++] = xstrdup(r->annotator);
	}
	buf_printf(&ae->line, "R%zu\t%s Arg1:T%zu Arg2:T%zu\n", n, r->label,
	    from + 1, to + 1);
	brat_state(ae, 'R', n, r->annotator, r->origin, r->status, r->note);
	return ae->line.len >= 65536 ? export_put(ae) : 0;
}

static int
brat_end(struct article_export *ae)
{
	int	 rc;

	rc = export_relations(ae, brat_relation);
	if (rc == 0)
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

/* A label's colour as brat's #rrggbb, the curses colour names in the
   light shades brat draws behind text; NULL for none. */
static const char *
brat_color(const char *c)
{
	static const struct {
		const char	*name;
		const char	*rgb;
	} map[] = {
		{ "red", "#ff8c8c" }, { "green", "#8cff8c" },
		{ "yellow", "#ffff8c" }, { "blue", "#8cb4ff" },
		{ "magenta", "#ff8cff" }, { "cyan", "#8cffff" },
		{ "white", "#ffffff" }, { "black", "#a0a0a0" },
	};
	size_t	 i;

	if (c == NULL)
		return NULL;
	if (c[0] == '#' && strlen(c) == 7 && strspn(c + 1,
	    "0123456789abcdefABCDEF") == 6)
		return c;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(c, map[i].name) == 0)
			return map[i].rgb;
	return NULL;
}

/* visual.conf: each label's name and colour. */
static int
brat_visual_config(struct article_export *ae, const struct store_label *l,
    size_t n, struct buf *b)
{
	const char	*rgb;
	char		*path;
	size_t		 i;
	int		 rc;

	buf_adds(b, "# Written by margin export --format brat.\n[labels]\n");
	for (i = 0; i < n; i++)
		buf_printf(b, "%s | %s\n", l[i].name, l[i].name);
	buf_adds(b, "[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen,"
	    " borderColor:darken\nATTRIBUTE_DEFAULT\tglyph:*\n");
	for (i = 0; i < n; i++)
		if ((rgb = brat_color(l[i].color)) != NULL)
			buf_printf(b, "%s\tbgColor:%s\n", l[i].name, rgb);
	path = xasprintf("%s/visual.conf", ae->o->dir);
	rc = brat_write_file(ae, path, b->data, b->len);
	free(path);
	return rc;
}

/* A '|'-separated list of values for an attribute of annotation.conf;
   names brat's syntax cannot hold (white space, '|', ',') are left out:
   brat still shows them, with a warning. */
static void
brat_conf_values(struct buf *b, char **v, size_t n)
{
	size_t	 i;
	int	 first = 1;

	for (i = 0; i < n; i++) {
		if (v[i][0] == '\0' || strpbrk(v[i], " \t\n\r|,") != NULL)
			continue;
		buf_printf(b, "%s%s", first ? "" : "|", v[i]);
		first = 0;
	}
}

/* The [relations] of annotation.conf: each relation label between any
   two span labels, "LABEL\tArg1:PER|ORG, Arg2:PER|ORG", and brat's
   <REL-TYPE>:symmetric on a symmetric one. */
static void
brat_conf_relations(struct buf *b, const struct store_relation_label *r,
    size_t nr, const struct store_label *l, size_t nl)
{
	struct buf	 types = BUF_INIT;
	size_t		 i;

	for (i = 0; i < nl; i++)
		buf_printf(&types, "%s%s", i > 0 ? "|" : "", l[i].name);
	if (nl == 0)
		buf_adds(&types, "<ENTITY>");
	for (i = 0; i < nr; i++)
		buf_printf(b, "%s\tArg1:%s, Arg2:%s%s\n", r[i].name, types.data,
		    types.data, r[i].symmetric ? ", <REL-TYPE>:symmetric" : "");
	buf_free(&types);
}

/* tools.conf: where brat finds the Wikidata references it shows. */
static int
brat_tools_config(struct article_export *ae, struct buf *b)
{
	char	*path;
	int	 rc;

	buf_truncate(b, 0);
	buf_adds(b, "# Written by margin export --format brat.\n"
	    "[normalization]\nWikidata\t<URL>:https://www.wikidata.org/, "
	    "<URLBASE>:https://www.wikidata.org/wiki/%s\n");
	path = xasprintf("%s/tools.conf", ae->o->dir);
	rc = brat_write_file(ae, path, b->data, b->len);
	free(path);
	return rc;
}

static int
brat_compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The annotators of the spans, tags and marks (store_annotators), and of
   the relations written, sorted, each once. */
static int
brat_annotators(struct article_export *ae, char ***who, size_t *n)
{
	size_t	 i, k, have;

	if (store_annotators(ae->s, who, n, &ae->err) == -1)
		return -1;
	have = *n;
	for (i = 0; i < ae->nrel_who; i++) {
		for (k = 0; k < have; k++)
			if (strcmp((*who)[k], ae->rel_who[i]) == 0)
				break;
		if (k < have)
			continue;
		*who = xreallocarray(*who, *n + 1, sizeof(**who));
		(*who)[(*n)++] = xstrdup(ae->rel_who[i]);
	}
	if (*n > have)
		qsort(*who, *n, sizeof(**who), brat_compare_names);
	return 0;
}

/* annotation.conf: brat shows only the entity types, relation types and
   attributes it declares. */
static int
brat_config(struct article_export *ae)
{
	static const char *const origins[] = { "manual", "propagated",
	    "gazetteer", "model", "imported" };
	static const char *const statuses[] = { "suggested", "rejected" };
	struct store_label		*labels;
	struct store_relation_label	*rlabels = NULL;
	struct buf			 b = BUF_INIT;
	char				**who = NULL;
	size_t				 n, nr = 0, nwho = 0, i;
	char				*path;
	int				 rc;

	if (store_label_list(ae->s, &labels, &n, &ae->err) == -1)
		return 1;
	if (store_relation_label_list(ae->s, &rlabels, &nr, &ae->err) == -1 ||
	    brat_annotators(ae, &who, &nwho) == -1) {
		store_relation_labels_free(rlabels, nr);
		store_labels_free(labels, n);
		return 1;
	}
	buf_adds(&b, "# Written by margin export --format brat.\n[entities]\n");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s\n", labels[i].name);
	buf_adds(&b, "[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, "
	    "<OVL-TYPE>:<ANY>\n");
	brat_conf_relations(&b, rlabels, nr, labels, n);
	buf_adds(&b, "[events]\n[attributes]\n");
	buf_adds(&b, "Annotator\tArg:<ENTITY>|<RELATION>, Value:");
	brat_conf_values(&b, who, nwho);
	buf_adds(&b, "\nOrigin\tArg:<ENTITY>|<RELATION>, Value:");
	brat_conf_values(&b, (char **)origins, 5);
	buf_adds(&b, "\nStatus\tArg:<ENTITY>|<RELATION>, Value:");
	brat_conf_values(&b, (char **)statuses, 2);
	buf_adds(&b, "\nLinkStatus\tArg:<ENTITY>, Value:");
	brat_conf_values(&b, (char **)statuses, 2);
	buf_addc(&b, '\n');
	store_strings_free(who, nwho);
	store_relation_labels_free(rlabels, nr);
	path = xasprintf("%s/annotation.conf", ae->o->dir);
	rc = brat_write_file(ae, path, b.data, b.len);
	free(path);
	buf_truncate(&b, 0);
	if (rc == 0)
		rc = brat_visual_config(ae, labels, n, &b);
	if (rc == 0)
		rc = brat_tools_config(ae, &b);
	store_labels_free(labels, n);
	buf_free(&b);
	return rc;
}

/* The digits of the largest article id, for the file names. */
static int
brat_id_width(struct article_export *ae)
{
	int64_t	*ids = NULL, max = 0;
	size_t	 n = 0, i;

	if (store_article_ids(ae->s, &ids, &n, &ae->err) == -1)
		return 1;
	for (i = 0; i < n; i++)
		if (ids[i] > max)
			max = ids[i];
	free(ids);
	for (ae->id_width = 1; max >= 10; max /= 10)
		ae->id_width++;
	return 0;
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
	/* The configuration last: it names who made the relations. */
	if (brat_id_width(&ae) != 0 ||
	    ((rc = export_articles(&ae, errp)) == 0 && brat_config(&ae) != 0)) {
		if (errp != NULL) {
			free(*errp);
			*errp = ae.err;
		} else
			free(ae.err);
		rc = -1;
	}
	if (ae.blank > EXPORT_SAY)
		export_say(&ae, "(%zu more such spans not listed)",
		    ae.blank - EXPORT_SAY);
	if (ae.blank > 0)
		export_say(&ae, "%zu span%s of white space only left out",
		    ae.blank, ae.blank == 1 ? "" : "s");
	if (ae.ann != NULL)
		fclose(ae.ann);
	free(ae.ann_path);
	buf_free(&ae.line);
	store_strings_free(ae.rel_who, ae.nrel_who);
	return rc;
}
