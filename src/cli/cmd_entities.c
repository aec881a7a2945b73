/*
 * cmd_entities.c: `margin entities` (SPEC §16): list, rename, merge,
 * split, remove and export the entities spans name, and link spans and
 * relate them from scripts, without the reader.
 */
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/cli.h"
#include "margin/export.h"
#include "margin/json.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

/* What every subcommand has in hand. */
struct entities_cmd {
	struct cli	*cli;
	struct store	*store;
	char		*annotator;
	int		 argc;		/* the subcommand's own arguments */
	char		**argv;
};

/* An id on the command line: a positive number, or a usage error. */
static int64_t
entities_id(const char *what, const char *v)
{
	return (int64_t)cli_number(what, v, 1, LONG_MAX);
}

/* Report err as "margin: entities: SUB: err"; returns EXIT_RUNTIME. */
static int
entities_fail(const char *sub, char *err)
{
	char	*what = xasprintf("entities: %s", sub);

	cli_error(what, err);
	free(what);
	free(err);
	return EXIT_RUNTIME;
}

/* Write out to stdout (sanitised on a terminal), or say why not. */
static int
entities_write_stdout(const char *sub, const struct buf *out)
{
	cli_print(stdout, out->data != NULL ? out->data : "", out->len);
	if (fflush(stdout) != 0 || ferror(stdout))
		return entities_fail(sub, xstrdup(strerror(errno)));
	return 0;
}

/* --- list ---------------------------------------------------------------- */

enum entities_format {
	ENTITIES_TABLE,
	ENTITIES_TSV,
	ENTITIES_JSONL,
	ENTITIES_CSV
};

#define ENTITIES_COLUMNS 6

/* The table for people: every cell sanitised, columns aligned by the
   width a terminal draws them at, numbers to the right. */
static void
entities_table(const struct store_entity *v, size_t n, struct buf *out)
{
	static const char *const head[ENTITIES_COLUMNS] = {
		"id", "label", "name", "kb_id", "mentions", "suggested"
	};
	char	**cell;
	int	 w[ENTITIES_COLUMNS], cw;
	size_t	 r, col;

	cell = xcalloc((n + 1) * ENTITIES_COLUMNS, sizeof(*cell));
	for (col = 0; col < ENTITIES_COLUMNS; col++)
		cell[col] = xstrdup(head[col]);
	for (r = 0; r < n; r++) {
		char	**c = cell + (r + 1) * ENTITIES_COLUMNS;

		c[0] = xasprintf("%" PRId64, v[r].id);
		c[1] = text_sanitize(v[r].label, strlen(v[r].label));
		c[2] = text_sanitize(v[r].name, strlen(v[r].name));
		c[3] = text_sanitize(v[r].kb_id, strlen(v[r].kb_id));
		c[4] = xasprintf("%zu", v[r].mentions);
		c[5] = xasprintf("%zu", v[r].suggested);
	}
	for (col = 0; col < ENTITIES_COLUMNS; col++) {
		w[col] = 0;
		for (r = 0; r <= n; r++) {
			const char *s = cell[r * ENTITIES_COLUMNS + col];

			cw = text_width(s, strlen(s), 0);
			if (cw > w[col])
				w[col] = cw;
		}
	}
	for (r = 0; r <= n; r++) {
		for (col = 0; col < ENTITIES_COLUMNS; col++) {
			const char *s = cell[r * ENTITIES_COLUMNS + col];
			int pad = w[col] - text_width(s, strlen(s), 0);
			int right = col == 0 || col >= 4;

			if (col > 0)
				buf_adds(out, "  ");
			if (right)
				buf_printf(out, "%*s", pad, "");
			buf_adds(out, s);
			/* No spaces after the last column. */
			if (!right && col + 1 < ENTITIES_COLUMNS)
				buf_printf(out, "%*s", pad, "");
		}
		buf_addc(out, '\n');
	}
	for (r = 0; r < (n + 1) * ENTITIES_COLUMNS; r++)
		free(cell[r]);
	free(cell);
}

static void
entities_json_entity(const struct store_entity *e, struct buf *out)
{
	buf_printf(out, "{\"id\":%" PRId64 ",\"label\":", e->id);
	json_write_string(out, e->label, strlen(e->label));
	buf_adds(out, ",\"name\":");
	json_write_string(out, e->name, strlen(e->name));
	buf_adds(out, ",\"kb_id\":");
	json_write_string(out, e->kb_id, strlen(e->kb_id));
	buf_printf(out, ",\"mentions\":%zu,\"suggested\":%zu", e->mentions,
	    e->suggested);
}

static int
entities_parse_format(const char *v, int csv)
{
	if (strcmp(v, "jsonl") == 0)
		return ENTITIES_JSONL;
	if (!csv && strcmp(v, "table") == 0)
		return ENTITIES_TABLE;
	if (!csv && strcmp(v, "tsv") == 0)
		return ENTITIES_TSV;
	if (csv && strcmp(v, "csv") == 0)
		return ENTITIES_CSV;
	cli_usage_error("unknown format \"%s\" (%s)", v, csv ? "jsonl or csv" :
	    "table, tsv or jsonl");
}

static int
entities_list(struct entities_cmd *ec)
{
	struct store_entity	*v = NULL;
	struct buf		 out = BUF_INIT;
	const char		*label = NULL, *val;
	char			*err = NULL;
	size_t			 n = 0, i;
	int			 format = ENTITIES_TABLE, rc;

	for (int a = 0; a < ec->argc; a++) {
		if ((val = cli_value(ec->argc, ec->argv, &a, "--label",
		    NULL)))
			label = val;
		else if ((val = cli_value(ec->argc, ec->argv, &a, "--format",
		    "-f")))
			format = entities_parse_format(val, 0);
		else
			cli_usage_error("list: unexpected argument %s",
			    ec->argv[a]);
	}
	if (store_entity_list(ec->store, label, 0, &v, &n, &err) == -1)
		return entities_fail("list", err);
	if (format == ENTITIES_TABLE)
		entities_table(v, n, &out);
	for (i = 0; format == ENTITIES_TSV && i < n; i++)
		buf_printf(&out, "%" PRId64 "\t%s\t%s\t%s\t%zu\t%zu\n",
		    v[i].id, v[i].label, v[i].name, v[i].kb_id, v[i].mentions,
		    v[i].suggested);
	for (i = 0; format == ENTITIES_JSONL && i < n; i++) {
		entities_json_entity(&v[i], &out);
		buf_adds(&out, "}\n");
	}
	store_entities_free(v, n);
	rc = entities_write_stdout("list", &out);
	buf_free(&out);
	return rc;
}

/* --- rename, merge, split, rm -------------------------------------------- */

static int
entities_rename(struct entities_cmd *ec)
{
	const char	*name = NULL, *kb_id = NULL, *val, *id = NULL;
	char		*err = NULL;

	for (int a = 0; a < ec->argc; a++) {
		if ((val = cli_value(ec->argc, ec->argv, &a, "--kb-id",
		    NULL)))
			kb_id = val;
		else if (id == NULL)
			id = ec->argv[a];
		else if (name == NULL)
			name = ec->argv[a];
		else
			cli_usage_error("rename: unexpected argument %s",
			    ec->argv[a]);
	}
	if (name == NULL)
		cli_usage_error("rename needs an ID and a NAME");
	if (store_entity_rename(ec->store, entities_id("rename", id), name,
	    kb_id, &err) == -1)
		return entities_fail("rename", err);
	return 0;
}

struct entities_merge {
	int64_t		 into;
	const int64_t	*from;
	size_t		 n;
	size_t		 moved;
};

/* Every FROM into INTO in one transaction: one undo takes it back. */
static int
entities_merge_txn(struct store *s, void *ctx, char **errp)
{
	struct entities_merge	*m = ctx;
	size_t			 i, moved;

	m->moved = 0;
	for (i = 0; i < m->n; i++) {
		if (store_entity_merge(s, m->into, m->from[i], &moved,
		    errp) == -1) {
			err_prefix(errp, "%" PRId64 " into %" PRId64,
			    m->from[i], m->into);
			return -1;
		}
		m->moved += moved;
	}
	return 0;
}

static int
entities_merge(struct entities_cmd *ec)
{
	struct entities_merge	 m;
	int64_t			*from;
	char			*err = NULL;
	int			 i, j;

	if (ec->argc < 2)
		cli_usage_error("merge needs INTO and at least one FROM");
	memset(&m, 0, sizeof(m));
	m.into = entities_id("merge", ec->argv[0]);
	from = xcalloc((size_t)ec->argc - 1, sizeof(*from));
	for (i = 1; i < ec->argc; i++) {
		from[i - 1] = entities_id("merge", ec->argv[i]);
		if (from[i - 1] == m.into)
			cli_usage_error("merge: entity %" PRId64 " cannot be "
			    "merged into itself", m.into);
		for (j = 1; j < i; j++)
			if (from[j - 1] == from[i - 1])
				cli_usage_error("merge: entity %" PRId64
				    " is named twice", from[i - 1]);
	}
	m.from = from;
	m.n = (size_t)ec->argc - 1;
	if (store_txn_run(ec->store, entities_merge_txn, &m, &err) == -1) {
		free(from);
		return entities_fail("merge", err);
	}
	cli_eprintf("margin: entities: merged %zu entit%s into %" PRId64
	    "; %zu mention%s moved\n", m.n, m.n == 1 ? "y" : "ies", m.into,
	    m.moved, m.moved == 1 ? "" : "s");
	free(from);
	return 0;
}

static int
entities_split(struct entities_cmd *ec)
{
	struct store_span	*v = NULL;
	int64_t			*spans = NULL, id = 0, new_id = 0;
	const char		*text = NULL, *name = NULL, *val;
	char			*err = NULL;
	size_t			 n = 0, nspans = 0, cap = 0, i;
	struct buf		 out = BUF_INIT;
	int			 rc;

	for (int a = 0; a < ec->argc; a++) {
		if ((val = cli_value(ec->argc, ec->argv, &a, "--text",
		    NULL)))
			text = val;
		else if ((val = cli_value(ec->argc, ec->argv, &a, "--span",
		    NULL))) {
			ARRAY_RESERVE(spans, cap, nspans + 1);
			spans[nspans++] = entities_id("--span", val);
		} else if (id == 0)
			id = entities_id("split", ec->argv[a]);
		else if (name == NULL)
			name = ec->argv[a];
		else
			cli_usage_error("split: unexpected argument %s",
			    ec->argv[a]);
	}
	if (name == NULL)
		cli_usage_error("split needs an ID and a NAME");
	if (text == NULL && nspans == 0)
		cli_usage_error("split needs --text STRING or --span SPANID");
	if (text != NULL) {
		if (store_entity_mentions(ec->store, id, &v, &n, &err) == -1) {
			free(spans);
			return entities_fail("split", err);
		}
		for (i = 0; i < n; i++) {
			if (strcmp(v[i].text, text) != 0)
				continue;
			ARRAY_RESERVE(spans, cap, nspans + 1);
			spans[nspans++] = v[i].id;
		}
		store_spans_free(v, n);
		if (nspans == 0) {
			free(spans);
			return entities_fail("split", xasprintf("no mention "
			    "of entity %" PRId64 " reads \"%s\"", id, text));
		}
	}
	if (store_entity_split(ec->store, id, spans, nspans, name, &new_id,
	    &err) == -1) {
		free(spans);
		return entities_fail("split", err);
	}
	cli_eprintf("margin: entities: %zu mention%s of %" PRId64 " moved to "
	    "a new entity\n", nspans, nspans == 1 ? "" : "s", id);
	free(spans);
	buf_printf(&out, "%" PRId64 "\n", new_id);
	rc = entities_write_stdout("split", &out);
	buf_free(&out);
	return rc;
}

static int
entities_rm(struct entities_cmd *ec)
{
	char	*err = NULL;

	if (ec->argc != 1)
		cli_usage_error("rm needs exactly one ID");
	if (store_entity_remove(ec->store, entities_id("rm", ec->argv[0]),
	    &err) == -1)
		return entities_fail("rm", err);
	return 0;
}

/* --- export -------------------------------------------------------------- */

static void
entities_csv_number(struct buf *out, long long v)
{
	buf_printf(out, "%lld", v);
}

static void
entities_csv_string(struct buf *out, const char *s)
{
	export_csv_field(out, s, strlen(s), 0);
}

/* One CSV row per mention; an entity without any has one row with
   empty mention cells, so that every entity is in the file. */
static void
entities_csv_rows(const struct store_entity *e, const struct store_span *v,
    size_t n, struct buf *out)
{
	size_t	 i;

	for (i = 0; i == 0 || i < n; i++) {
		entities_csv_number(out, (long long)e->id);
		buf_addc(out, ',');
		entities_csv_string(out, e->label);
		buf_addc(out, ',');
		entities_csv_string(out, e->name);
		buf_addc(out, ',');
		entities_csv_string(out, e->kb_id);
		if (n == 0) {
			buf_adds(out, ",,,,,,\r\n");
			break;
		}
		buf_printf(out, ",%" PRId64 ",%zu,%zu,", v[i].article_id,
		    v[i].start, v[i].end);
		entities_csv_string(out, v[i].text);
		buf_addc(out, ',');
		entities_csv_string(out, v[i].annotator);
		buf_addc(out, ',');
		entities_csv_string(out, store_status_name(
		    v[i].entity_status));
		buf_adds(out, "\r\n");
	}
}

static void
entities_jsonl_row(const struct store_entity *e, const struct store_span *v,
    size_t n, struct buf *out)
{
	size_t	 i;

	entities_json_entity(e, out);
	buf_adds(out, ",\"spans\":[");
	for (i = 0; i < n; i++) {
		buf_printf(out, "%s{\"article\":%" PRId64 ",\"start\":%zu,"
		    "\"end\":%zu,\"text\":", i > 0 ? "," : "",
		    v[i].article_id, v[i].start, v[i].end);
		json_write_string(out, v[i].text, strlen(v[i].text));
		buf_adds(out, ",\"annotator\":");
		json_write_string(out, v[i].annotator, strlen(v[i].annotator));
		buf_adds(out, ",\"link\":");
		json_write_string(out, store_status_name(v[i].entity_status),
		    strlen(store_status_name(v[i].entity_status)));
		buf_addc(out, '}');
	}
	buf_adds(out, "]}\n");
}

/* Every entity with its mentions, in one snapshot. */
static int
entities_export_build(struct store *s, int format, struct buf *out,
    char **errp)
{
	struct store_entity	*v = NULL;
	struct store_span	*m;
	size_t			 n = 0, nm, i;
	int			 rc = 0;

	if (store_read_begin(s, errp) == -1)
		return -1;
	if (store_entity_list(s, NULL, 0, &v, &n, errp) == -1) {
		store_read_end(s);
		return -1;
	}
	if (format == ENTITIES_CSV)
		buf_adds(out, "entity_id,label,name,kb_id,article_id,start,"
		    "end,text,annotator,link\r\n");
	for (i = 0; i < n; i++) {
		if (store_entity_mentions(s, v[i].id, &m, &nm, errp) == -1) {
			rc = -1;
			break;
		}
		if (format == ENTITIES_CSV)
			entities_csv_rows(&v[i], m, nm, out);
		else
			entities_jsonl_row(&v[i], m, nm, out);
		store_spans_free(m, nm);
	}
	store_entities_free(v, n);
	store_read_end(s);
	return rc;
}

static int
entities_export(struct entities_cmd *ec)
{
	struct file_out	 fo;
	struct buf	 out = BUF_INIT;
	const char	*path = NULL, *val;
	char		*err = NULL;
	int		 format = ENTITIES_JSONL, rc = 0;

	for (int a = 0; a < ec->argc; a++) {
		if ((val = cli_value(ec->argc, ec->argv, &a, "--format",
		    "-f")))
			format = entities_parse_format(val, 1);
		else if ((val = cli_value(ec->argc, ec->argv, &a, "--output",
		    "-o")))
			path = val;
		else
			cli_usage_error("export: unexpected argument %s",
			    ec->argv[a]);
	}
	if (entities_export_build(ec->store, format, &out, &err) == -1) {
		buf_free(&out);
		return entities_fail("export", err);
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		rc = entities_write_stdout("export", &out);
		buf_free(&out);
		return rc;
	}
	if (file_out_open(&fo, path, &err) == -1) {
		buf_free(&out);
		return entities_fail("export", err);
	}
	if (out.len > 0 && fwrite(out.data, 1, out.len, fo.f) != out.len) {
		file_out_abort(&fo);
		buf_free(&out);
		return entities_fail("export", xasprintf("%s: %s", path,
		    strerror(errno)));
	}
	buf_free(&out);
	if (file_out_commit(&fo, &err) == -1)
		return entities_fail("export", err);
	return 0;
}

/* --- link, unlink, relate, unrelate -------------------------------------- */

static int
entities_link(struct entities_cmd *ec)
{
	const char	*entity = NULL, *name = NULL, *kb_id = NULL, *val;
	int64_t		 span = 0, id = 0;
	int		 new = 0, rc;
	char		*err = NULL;
	struct buf	 out = BUF_INIT;

	for (int a = 0; a < ec->argc; a++) {
		if ((val = cli_value(ec->argc, ec->argv, &a, "--kb-id",
		    NULL)))
			kb_id = val;
		else if (strcmp(ec->argv[a], "--new") == 0)
			new = 1;
		else if (span == 0)
			span = entities_id("link", ec->argv[a]);
		else if (entity == NULL && !new)
			entity = ec->argv[a];
		else if (name == NULL && new)
			name = ec->argv[a];
		else
			cli_usage_error("link: unexpected argument %s",
			    ec->argv[a]);
	}
	if (span == 0 || (entity == NULL && !new))
		cli_usage_error("link needs a SPANID and an ENTITY or --new");
	if (entity != NULL && new)
		cli_usage_error("link: an ENTITY or --new, not both");
	if (kb_id != NULL && !new)
		cli_usage_error("link: --kb-id goes with --new");
	if (new) {
		if (store_span_link_new(ec->store, span, name, kb_id, &id,
		    &err) == -1)
			return entities_fail("link", err);
		buf_printf(&out, "%" PRId64 "\n", id);
		rc = entities_write_stdout("link", &out);
		buf_free(&out);
		return rc;
	}
	if (store_span_link(ec->store, span, entities_id("link", entity),
	    STORE_ACCEPTED, &err) == -1)
		return entities_fail("link", err);
	return 0;
}

static int
entities_unlink(struct entities_cmd *ec)
{
	char	*err = NULL;

	if (ec->argc != 1)
		cli_usage_error("unlink needs exactly one SPANID");
	if (store_span_link(ec->store, entities_id("unlink", ec->argv[0]), 0,
	    STORE_ACCEPTED, &err) == -1)
		return entities_fail("unlink", err);
	return 0;
}

static int
entities_relate(struct entities_cmd *ec)
{
	struct store_relation	 r;
	struct buf		 out = BUF_INIT;
	int64_t			 id = 0;
	char			*err = NULL;
	int			 rc;

	if (ec->argc != 3)
		cli_usage_error("relate needs SPANID LABEL SPANID");
	memset(&r, 0, sizeof(r));
	r.src = entities_id("relate", ec->argv[0]);
	r.label = ec->argv[1];
	r.dst = entities_id("relate", ec->argv[2]);
	r.status = STORE_ACCEPTED;
	r.origin = STORE_MANUAL;
	if (store_relation_add(ec->store, &r, &id, &err) == -1)
		return entities_fail("relate", err);
	buf_printf(&out, "%" PRId64 "\n", id);
	rc = entities_write_stdout("relate", &out);
	buf_free(&out);
	return rc;
}

static int
entities_unrelate(struct entities_cmd *ec)
{
	char	*err = NULL;

	if (ec->argc != 1)
		cli_usage_error("unrelate needs exactly one RELID");
	if (store_relation_delete(ec->store, entities_id("unrelate",
	    ec->argv[0]), &err) == -1)
		return entities_fail("unrelate", err);
	return 0;
}

/*
 * suggest [--label L] [--all]: links offered across the corpus
 * (assist_entity_suggest) to my spans with none, or everyone's with
 * --all; never a link made without the annotator's say.
 */
static int
entities_suggest(struct entities_cmd *ec)
{
	struct assist_entity_result	 r;
	const char			*label = NULL;
	char				*err = NULL;
	int				 i, all = 0;

	for (i = 0; i < ec->argc; i++) {
		if (strcmp(ec->argv[i], "--all") == 0)
			all = 1;
		else if (strcmp(ec->argv[i], "--label") == 0 &&
		    i + 1 < ec->argc)
			label = ec->argv[++i];
		else
			cli_usage_error("suggest: unknown argument \"%s\" "
			    "(--label L, --all)", ec->argv[i]);
	}
	if (assist_entity_suggest(ec->store, all ? NULL : ec->annotator,
	    label, &r, &err) == -1)
		return entities_fail("suggest", err);
	fprintf(stderr, "margin: entities: %zu link%s offered to %zu span%s "
	    "with none (%zu entit%s); a and r decide them in the reader, one "
	    "undo takes them back\n", r.offered, r.offered == 1 ? "" : "s",
	    r.spans, r.spans == 1 ? "" : "s", r.entities,
	    r.entities == 1 ? "y" : "ies");
	return 0;
}

/* --- the table ----------------------------------------------------------- */

static const struct entities_sub {
	const char	*name;
	int		 readonly;
	int		(*run)(struct entities_cmd *);
} entities_subs[] = {
	{ "list",	1, entities_list },
	{ "rename",	0, entities_rename },
	{ "merge",	0, entities_merge },
	{ "split",	0, entities_split },
	{ "rm",		0, entities_rm },
	{ "export",	1, entities_export },
	{ "link",	0, entities_link },
	{ "unlink",	0, entities_unlink },
	{ "relate",	0, entities_relate },
	{ "unrelate",	0, entities_unrelate },
	{ "suggest",	0, entities_suggest },
};

static int
cmd_entities(struct cli *c)
{
	const struct entities_sub	*sub = NULL;
	struct entities_cmd		 ec;
	const char			*name = c->argc > 0 ? c->argv[0] :
					    "list";
	size_t				 i;
	int				 rc;

	for (i = 0; i < sizeof(entities_subs) / sizeof(entities_subs[0]);
	    i++)
		if (strcmp(name, entities_subs[i].name) == 0)
			sub = &entities_subs[i];
	if (sub == NULL)
		cli_usage_error("unknown entities command \"%s\" (list, "
		    "rename, merge, split, rm, export, link, unlink, relate, "
		    "unrelate, suggest)", name);
	memset(&ec, 0, sizeof(ec));
	ec.cli = c;
	ec.argc = c->argc > 0 ? c->argc - 1 : 0;
	ec.argv = c->argv + (c->argc > 0);
	ec.annotator = cli_annotator(c);
	ec.store = cli_open_store(c, ec.annotator, sub->readonly);
	rc = sub->run(&ec);
	store_close(ec.store);
	free(ec.annotator);
	return rc;
}

const struct command cmd_entities_entry = {
	.name = "entities",
	.summary = "list, merge, split and export entities",
	.usage = "[list [--label L] [--format table|tsv|jsonl]\n"
	"| rename ID NAME [--kb-id K]\n"
	"| merge INTO FROM...\n"
	"| split ID --text STRING|--span SPANID... NAME\n"
	"| rm ID | export [--format jsonl|csv] [-o FILE]\n"
	"| link SPANID ENTITY|--new [NAME] [--kb-id K]\n"
	"| unlink SPANID\n"
	"| relate SPANID LABEL SPANID | unrelate RELID\n"
	"| suggest [--label L] [--all]]",
	.help =
	"The entities that spans name, the links to them, and relations\n"
	"between spans (see margin(1)).\n"
	"  list             id, label, name, kb_id, mentions, suggested\n"
	"  rename ID NAME   a new canonical name (--kb-id K: and id)\n"
	"  merge INTO FROM...\n"
	"                   the mentions of each FROM go to INTO and the\n"
	"                   FROMs go away, in one change (one undo)\n"
	"  split ID NAME    the mentions reading --text STRING, or those\n"
	"                   given by --span SPANID, go to a new entity\n"
	"                   NAME; prints its id\n"
	"  rm ID            remove an entity; its spans are unlinked\n"
	"  export           each entity with its mentions (article, start,\n"
	"                   end, text, annotator), as JSON lines or CSV\n"
	"  link SPANID ENTITY\n"
	"                   link a span to an entity (--new [NAME]: to a\n"
	"                   new one, its id printed); unlink SPANID\n"
	"  relate SPANID LABEL SPANID\n"
	"                   a relation between two spans of one article;\n"
	"                   prints its id; unrelate RELID removes it\n"
	"  suggest          offer each span of mine with no link (--all:\n"
	"                   everyone's) the entity its text names best, as\n"
	"                   a suggested link to accept or reject\n",
	.run = cmd_entities,
};
