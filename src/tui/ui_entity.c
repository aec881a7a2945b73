/*
 * ui_entity.c: entities and relations in the reader (SPEC §16).  `e` on a
 * span opens a picker of the entities of its label, best first by the
 * fuzzy name match (entity_match.c): Enter links, or makes a new entity
 * from the span, and the other mentions here that look like variants of
 * it are offered as suggested links (a accepts, r rejects), never linked
 * silently.  `R` on a span starts a relation and `R` on a second ends it;
 * its label comes from a picker that also relabels or deletes a relation
 * the two spans already have.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "margin/entity_match.h"
#include "margin/text.h"
#include "margin/util.h"
#include "pane.h"

/* --- The span an entity or relation action works on --------------------- */

/* My span under the cursor (the innermost), or the one selected in the
   annotations pane; -1 with a message when there is none. */
static long
ui_entity_target(struct ui *ui)
{
	struct doc	*d = &ui->doc;
	long		 i = -1;

	if (!doc_is_open(d))
		return -1;
	if (ui->focus == LAYOUT_ANNOTATIONS) {
		if (ui->ann_selected < d->nspans)
			i = (long)ui->ann_selected;
	} else if (d->has_cursor)
		i = doc_span_at(d, d->cur_start, ui->annotator);
	if (i < 0) {
		ui_error(ui, "no span of yours here");
		return -1;
	}
	if (strcmp(d->spans[i].annotator, ui->annotator) != 0) {
		ui_error(ui, "that span is %s's, not yours",
		    d->spans[i].annotator);
		return -1;
	}
	return i;
}

/* --- The entity picker -------------------------------------------------- */

enum ui_pick_kind {
	UI_PICK_ENTITY,
	UI_PICK_NEW,
	UI_PICK_UNLINK
};

struct ui_pick_row {
	enum ui_pick_kind	 kind;
	size_t			 entity;	/* index into v */
	double			 score;
	/* What the order looks at after the score, copied from the entity
	   so that the comparison needs nothing else. */
	int			 linked;
	size_t			 in_article;
	size_t			 mentions;
	const char		*name;
};

struct ui_entity_pick {
	int64_t			 span;
	int64_t			 article;
	char			*label;
	char			*text;		/* the span's */
	int64_t			 linked;	/* its entity, 0 when none */
	struct store_entity	*v;
	size_t			 n;
	struct entity_key	*keys;		/* of v's names, made when
						   first scored */
	unsigned char		*keyed;		/* keys[i] is made */
	struct ui_pick_row	*rows;
	size_t			 nrows;
};

static void
ui_entity_pick_free(struct ui *ui)
{
	struct ui_entity_pick	*p = ui->entity_pick;
	size_t			 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		if (p->keyed[i])
			entity_key_free(&p->keys[i]);
	free(p->keys);
	free(p->keyed);
	store_entities_free(p->v, p->n);
	free(p->rows);
	free(p->label);
	free(p->text);
	free(p);
	ui->entity_pick = NULL;
}

/*
 * Up to this many entities of a label, every one is scored at each key.
 * Past it (a knowledge base loaded whole), only those with a word that
 * starts as one of the mention's does (two letters, ASCII case ignored),
 * or that hold what is typed: a key costs what the names alike cost.
 */
#define UI_PICK_SCORE_ALL	5000

static int
ui_entity_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does a word of name start with the first two bytes of a word of
   mention? */
static int
ui_entity_alike(const char *mention, const char *name)
{
	const char	*m, *n;

	for (m = mention; *m != '\0'; m++) {
		if (*m == ' ' || m[1] == '\0' || m[1] == ' ' ||
		    (m != mention && m[-1] != ' '))
			continue;
		for (n = name; *n != '\0'; n++)
			if ((n == name || n[-1] == ' ') && n[1] != '\0' &&
			    ui_entity_lower((unsigned char)n[0]) ==
			    ui_entity_lower((unsigned char)m[0]) &&
			    ui_entity_lower((unsigned char)n[1]) ==
			    ui_entity_lower((unsigned char)m[1]))
				return 1;
	}
	return 0;
}

/* Does name hold what was typed, ignoring case (a filter, as the label
   picker filters)? */
static int
ui_entity_typed_in(const char *name, const char *typed)
{
	size_t	 n = strlen(name), t = strlen(typed), i;

	for (i = 0; t > 0 && i + t <= n; i++)
		if (strncasecmp(name + i, typed, t) == 0)
			return 1;
	return 0;
}

/* Best first: score, then the entity linked already, mentions in this
   article, mentions in all, name, and the list's order. */
static int
ui_pick_row_cmp(const void *a, const void *b)
{
	const struct ui_pick_row	*x = a, *y = b;
	int				 c;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->linked != y->linked)
		return x->linked ? -1 : 1;
	if (x->in_article != y->in_article)
		return x->in_article > y->in_article ? -1 : 1;
	if (x->mentions != y->mentions)
		return x->mentions > y->mentions ? -1 : 1;
	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

/*
 * The rows for what is typed (the span's text when nothing is): the
 * entities that match well enough to be offered, best first, then "new
 * entity", then the others; "unlink" last when the span has a link.
 */
static void
ui_entity_pick_rank(struct ui_entity_pick *p, const char *typed)
{
	struct entity_key	 mk;
	const char		*mention = typed[0] != '\0' ? typed : p->text;
	size_t			 i, ngood = 0, j;
	struct ui_pick_row	 r;

	free(p->rows);
	p->rows = xreallocarray(NULL, p->n + 2, sizeof(*p->rows));
	p->nrows = 0;
	entity_key_init(&mk, mention, strlen(mention));
	for (i = 0; i < p->n; i++) {
		memset(&r, 0, sizeof(r));
		r.kind = UI_PICK_ENTITY;
		r.entity = i;
		r.linked = p->v[i].id == p->linked;
		r.in_article = p->v[i].in_article;
		r.mentions = p->v[i].mentions;
		r.name = p->v[i].name;
		if (p->n <= UI_PICK_SCORE_ALL ||
		    ui_entity_alike(mention, p->v[i].name)) {
			if (!p->keyed[i]) {
				entity_key_init(&p->keys[i], p->v[i].name,
				    strlen(p->v[i].name));
				p->keyed[i] = 1;
			}
			r.score = entity_match_keys(&mk, &p->keys[i]);
		}
		/* What is typed filters too: a name holding it stays. */
		if (typed[0] != '\0' && r.score < ENTITY_MATCH_SUGGEST &&
		    ui_entity_typed_in(p->v[i].name, typed))
			r.score = ENTITY_MATCH_SUGGEST;
		/* The entity linked already is offered first, to keep. */
		if (typed[0] == '\0' && p->v[i].id == p->linked &&
		    r.score < ENTITY_MATCH_SUGGEST)
			r.score = ENTITY_MATCH_SUGGEST;
		p->rows[p->nrows++] = r;
	}
	entity_key_free(&mk);
	qsort(p->rows, p->nrows, sizeof(*p->rows), ui_pick_row_cmp);
	while (ngood < p->nrows && p->rows[ngood].score >= ENTITY_MATCH_SUGGEST)
		ngood++;
	/* "new" after the good ones. */
	for (j = p->nrows; j > ngood; j--)
		p->rows[j] = p->rows[j - 1];
	memset(&p->rows[ngood], 0, sizeof(p->rows[ngood]));
	p->rows[ngood].kind = UI_PICK_NEW;
	p->nrows++;
	if (p->linked != 0) {
		memset(&p->rows[p->nrows], 0, sizeof(p->rows[p->nrows]));
		p->rows[p->nrows].kind = UI_PICK_UNLINK;
		p->nrows++;
	}
}

static const char *
ui_entity_typed(struct ui *ui)
{
	return ui->prompt.text.data != NULL ? ui->prompt.text.data : "";
}

static void
ui_entity_pick_change(struct ui *ui)
{
	if (ui->entity_pick != NULL)
		ui_entity_pick_rank(ui->entity_pick, ui_entity_typed(ui));
}

/* One row of the picker, in words. */
static void
ui_entity_pick_row_text(const struct ui_entity_pick *p,
    const struct ui_pick_row *r, const char *typed, struct buf *b)
{
	const struct store_entity	*e;

	switch (r->kind) {
	case UI_PICK_NEW:
		buf_printf(b, "+ new %s entity \xe2\x80\x9c%s\xe2\x80\x9d",
		    p->label, typed[0] != '\0' ? typed : p->text);
		break;
	case UI_PICK_UNLINK:
		buf_adds(b, "- no entity (unlink)");
		break;
	case UI_PICK_ENTITY:
		e = &p->v[r->entity];
		buf_printf(b, "%s %s", e->id == p->linked ? "\xe2\x80\xa2" :
		    " ", e->name);
		buf_printf(b, "  (%zu mention%s", e->mentions,
		    e->mentions == 1 ? "" : "s");
		if (e->in_article > 0)
			buf_printf(b, ", %zu here", e->in_article);
		buf_adds(b, ")");
		if (e->kb_id[0] != '\0')
			buf_printf(b, " %s", e->kb_id);
		break;
	}
}

static void
ui_entity_pick_draw(struct ui *ui)
{
	struct ui_entity_pick	*p = ui->entity_pick;
	struct buf		 b = BUF_INIT;
	size_t			 i, first = 0;
	int			 h, y0;

	if (p == NULL || p->nrows == 0)
		return;
	if (ui->prompt.pick >= p->nrows)
		ui->prompt.pick = p->nrows - 1;
	h = (int)p->nrows < LINES - 2 ? (int)p->nrows : LINES - 2;
	if (h < 1)
		return;
	if (ui->prompt.pick >= (size_t)h)
		first = ui->prompt.pick - (size_t)h + 1;
	y0 = ui->layout.prompt.y - h;
	if (y0 < 0)
		y0 = 0;
	for (i = 0; i < (size_t)h && first + i < p->nrows; i++) {
		const struct ui_pick_row *r = &p->rows[first + i];
		unsigned	 attr = first + i == ui->prompt.pick ? A_REVERSE :
		    0;
		char		 score[16];
		int		 w = COLS;

		buf_truncate(&b, 0);
		ui_entity_pick_row_text(p, r, ui_entity_typed(ui), &b);
		draw_fill(y0 + (int)i, 0, w, attr, 0);
		if (r->kind == UI_PICK_ENTITY && w > 30) {
			snprintf(score, sizeof(score), "%.2f", r->score);
			w -= 6;
			draw_str(y0 + (int)i, w, 5, score, attr | A_DIM, 0);
		}
		draw_str(y0 + (int)i, 1, w - 2, b.data, r->kind ==
		    UI_PICK_ENTITY ? attr : attr | A_BOLD, 0);
	}
	buf_free(&b);
}

/*
 * Linking, in one transaction (one undo takes it all back): the link,
 * then the other mentions of mine here that look like variants of the
 * entity, unlinked and not turned down, offered as suggested links.
 */
struct ui_link_txn {
	struct ui		*ui;
	int64_t			 span;
	int64_t			 chosen;	/* 0: a new one */
	int64_t			 entity;	/* linked to, this attempt */
	const char		*new_name;	/* or NULL: the span's text */
	const char		*name;		/* the entity's, for variants */
	const char		*label;
	const char		*text;
	size_t			 offered;
	int64_t			 made;
};

static int
ui_entity_offer_variants(struct store *s, struct ui_link_txn *t,
    char **errp)
{
	struct doc		*d = &t->ui->doc;
	struct entity_key	 name, mention, other;
	size_t			 i;
	int			 rc = 0;

	entity_key_init(&name, t->name, strlen(t->name));
	entity_key_init(&mention, t->text, strlen(t->text));
	for (i = 0; i < d->nspans && rc == 0; i++) {
		const struct store_span	*sp = &d->spans[i];

		if (sp->id == t->span || sp->entity_id != 0 ||
		    sp->status == STORE_REJECTED ||
		    strcmp(sp->label, t->label) != 0 ||
		    strcmp(sp->annotator, t->ui->annotator) != 0)
			continue;
		entity_key_init(&other, sp->text, strlen(sp->text));
		if (entity_match_keys(&other, &name) >= ENTITY_MATCH_SUGGEST ||
		    entity_match_keys(&other, &mention) >=
		    ENTITY_MATCH_SUGGEST) {
			rc = store_span_link(s, sp->id, t->entity,
			    STORE_SUGGESTED, errp);
			t->offered += rc == 0;
		}
		entity_key_free(&other);
	}
	entity_key_free(&name);
	entity_key_free(&mention);
	return rc;
}

static int
ui_entity_link_txn(struct store *s, void *ctx, char **errp)
{
	struct ui_link_txn	*t = ctx;

	/* A transaction run again starts from what was chosen. */
	t->offered = 0;
	t->entity = t->chosen;
	if (t->entity == 0) {
		if (store_span_link_new(s, t->span, t->new_name, NULL,
		    &t->made, errp) == -1)
			return -1;
		t->entity = t->made;
		t->name = t->new_name != NULL ? t->new_name : t->text;
	} else if (store_span_link(s, t->span, t->entity, STORE_ACCEPTED,
	    errp) == -1)
		return -1;
	return ui_entity_offer_variants(s, t, errp);
}

static void
ui_entity_pick_submit(struct ui *ui, const char *typed)
{
	struct ui_entity_pick	*p = ui->entity_pick;
	const struct ui_pick_row *r;
	struct ui_link_txn	 t;
	char			*err = NULL;

	if (p == NULL)
		return;
	ui_entity_pick_rank(p, typed);
	r = &p->rows[ui->prompt.pick < p->nrows ? ui->prompt.pick : 0];
	memset(&t, 0, sizeof(t));
	t.ui = ui;
	t.span = p->span;
	t.label = p->label;
	t.text = p->text;
	if (r->kind == UI_PICK_UNLINK) {
		if (store_span_link(ui->store, p->span, 0, STORE_ACCEPTED,
		    &err) == -1)
			ui_store_error(ui, "unlink", err);
		else
			ui_message(ui, "unlinked \xe2\x80\x9c%s\xe2\x80\x9d",
			    p->text);
		goto out;
	}
	if (r->kind == UI_PICK_NEW)
		t.new_name = typed[0] != '\0' ? typed : NULL;
	else {
		t.chosen = p->v[r->entity].id;
		t.name = p->v[r->entity].name;
	}
	if (store_txn_run(ui->store, ui_entity_link_txn, &t, &err) == -1) {
		ui_store_error(ui, "entity", err);
		goto out;
	}
	if (t.offered > 0)
		ui_message(ui, "linked \xe2\x80\x9c%s\xe2\x80\x9d to %s%s; "
		    "%zu more mention%s here offered (a accepts, r rejects)",
		    p->text, t.name, r->kind == UI_PICK_NEW ? " (new)" : "",
		    t.offered, t.offered == 1 ? "" : "s");
	else
		ui_message(ui, "linked \xe2\x80\x9c%s\xe2\x80\x9d to %s%s",
		    p->text, t.name, r->kind == UI_PICK_NEW ? " (new)" : "");
out:
	ui_entity_pick_free(ui);
	ui_reload_spans(ui);
}

static void
ui_entity_pick_cancel(struct ui *ui)
{
	ui_entity_pick_free(ui);
}

static const struct ui_prompt_client ui_entity_pick_prompt = {
	.label = "entity: ",
	.submit = ui_entity_pick_submit,
	.change = ui_entity_pick_change,
	.cancel = ui_entity_pick_cancel,
	.draw = ui_entity_pick_draw,
};

static void
ui_entity_pick_open(struct ui *ui)
{
	struct ui_entity_pick	*p;
	const struct store_span	*sp;
	char			*err = NULL;
	long			 i;

	if (ui_readonly_refuses(ui, ACTION_ENTITY_LINK) ||
	    (i = ui_entity_target(ui)) < 0)
		return;
	sp = &ui->doc.spans[i];
	ui_entity_pick_free(ui);
	p = xcalloc(1, sizeof(*p));
	p->span = sp->id;
	p->article = ui->doc.article.id;
	p->label = xstrdup(sp->label);
	p->text = xstrdup(sp->text);
	p->linked = sp->entity_id;
	if (store_entity_list(ui->store, sp->label, p->article, &p->v, &p->n,
	    &err) == -1) {
		ui_store_error(ui, "entities", err);
		ui->entity_pick = p;
		ui_entity_pick_free(ui);
		return;
	}
	p->keys = xreallocarray(NULL, p->n + 1, sizeof(*p->keys));
	p->keyed = xcalloc(p->n + 1, 1);
	ui->entity_pick = p;
	ui_prompt_open(ui, &ui_entity_pick_prompt, NULL);
	ui_entity_pick_rank(p, "");
}

/* a or r on a span of mine whose link is a suggestion: the link is what
   is decided.  0 when the span under the cursor has none. */
static int
ui_entity_decide(struct ui *ui, enum action a)
{
	struct doc		*d = &ui->doc;
	const struct store_span	*sp;
	char			*err = NULL;
	long			 i = -1;
	size_t			 k;

	if (!doc_is_open(d))
		return 0;
	if (ui->focus == LAYOUT_ANNOTATIONS)
		i = ui->ann_selected < d->nspans ? (long)ui->ann_selected : -1;
	else if (d->has_cursor) {
		/* The innermost span of mine here with a suggested link. */
		for (k = 0; k < d->nspans; k++) {
			sp = &d->spans[k];
			if (sp->start_byte <= d->cur_start &&
			    d->cur_start < sp->end_byte &&
			    sp->entity_id != 0 &&
			    sp->entity_status == STORE_SUGGESTED &&
			    strcmp(sp->annotator, ui->annotator) == 0 &&
			    (i < 0 || sp->end_byte - sp->start_byte <=
			    d->spans[i].end_byte - d->spans[i].start_byte))
				i = (long)k;
		}
	}
	if (i < 0)
		return 0;
	sp = &d->spans[i];
	/* A suggested span is decided as a span first. */
	if (sp->entity_id == 0 || sp->entity_status != STORE_SUGGESTED ||
	    sp->status == STORE_SUGGESTED ||
	    strcmp(sp->annotator, ui->annotator) != 0)
		return 0;
	if (ui_readonly_refuses(ui, a))
		return 1;
	if (store_span_link(ui->store, sp->id, sp->entity_id,
	    a == ACTION_ACCEPT ? STORE_ACCEPTED : STORE_REJECTED, &err) == -1) {
		ui_store_error(ui, "entity", err);
		return 1;
	}
	ui_message(ui, "%s the link of \xe2\x80\x9c%s\xe2\x80\x9d to %s",
	    a == ACTION_ACCEPT ? "accepted" : "rejected", sp->text,
	    sp->entity_name);
	ui_reload_spans(ui);
	return 1;
}

/* --- Relations ---------------------------------------------------------- */

struct ui_relation_pick {
	int64_t				 src;
	int64_t				 dst;
	struct store_relation_label	*labels;
	size_t				 nlabels;
	size_t				*shown;		/* labels that match */
	size_t				 nshown;
	int64_t				*existing;	/* src->dst (and dst->src
							   when symmetric) */
	char				**existing_label;
	size_t				 nexisting;
};

static void
ui_relation_pick_free(struct ui *ui)
{
	struct ui_relation_pick	*p = ui->relation_pick;
	size_t			 i;

	if (p == NULL)
		return;
	store_relation_labels_free(p->labels, p->nlabels);
	free(p->shown);
	free(p->existing);
	for (i = 0; i < p->nexisting; i++)
		free(p->existing_label[i]);
	free(p->existing_label);
	free(p);
	ui->relation_pick = NULL;
}

/* The relation labels that what is typed names: its key exactly, or a
   part of the name or description. */
static void
ui_relation_pick_filter(struct ui_relation_pick *p, const char *typed)
{
	size_t	 i;

	p->nshown = 0;
	for (i = 0; i < p->nlabels; i++)
		if (typed[0] == '\0' || strcmp(p->labels[i].key, typed) == 0 ||
		    ui_entity_typed_in(p->labels[i].name, typed) ||
		    ui_entity_typed_in(p->labels[i].description, typed))
			p->shown[p->nshown++] = i;
}

/* A span in words for messages: PER “Blinken”. */
static void
ui_relation_span_name(struct ui *ui, int64_t id, struct buf *b)
{
	long	 i = doc_span_index(&ui->doc, id);

	if (i < 0)
		buf_printf(b, "span %lld", (long long)id);
	else
		buf_printf(b, "%s \xe2\x80\x9c%s\xe2\x80\x9d",
		    ui->doc.spans[i].label, ui->doc.spans[i].text);
}

static void
ui_relation_pick_draw(struct ui *ui)
{
	struct ui_relation_pick	*p = ui->relation_pick;
	struct buf		 b = BUF_INIT;
	size_t			 n, i, first = 0;
	int			 h, y0;

	if (p == NULL)
		return;
	n = p->nshown + p->nexisting;
	if (n == 0)
		return;
	if (ui->prompt.pick >= n)
		ui->prompt.pick = n - 1;
	h = (int)n < LINES - 2 ? (int)n : LINES - 2;
	if (h < 1)
		return;
	if (ui->prompt.pick >= (size_t)h)
		first = ui->prompt.pick - (size_t)h + 1;
	y0 = ui->layout.prompt.y - h;
	if (y0 < 0)
		y0 = 0;
	for (i = 0; i < (size_t)h && first + i < n; i++) {
		size_t		 row = first + i;
		unsigned	 attr = row == ui->prompt.pick ? A_REVERSE : 0;

		draw_fill(y0 + (int)i, 0, COLS, attr, 0);
		buf_truncate(&b, 0);
		if (row < p->nshown) {
			const struct store_relation_label *l =
			    &p->labels[p->shown[row]];

			draw_str(y0 + (int)i, 1, 3, l->key, attr, 0);
			buf_printf(&b, "%s%s", l->name, l->symmetric ?
			    " (both ways)" : "");
			draw_str(y0 + (int)i, 5, 24, b.data, attr | A_BOLD, 0);
			draw_str(y0 + (int)i, 30, COLS - 31, l->description,
			    attr, 0);
		} else {
			buf_printf(&b, "- delete the relation %s",
			    p->existing_label[row - p->nshown]);
			draw_str(y0 + (int)i, 1, COLS - 2, b.data, attr, 0);
		}
	}
	buf_free(&b);
}

/* Make, relabel or delete: what row of the picker says. */
static void
ui_relation_apply(struct ui *ui, size_t row)
{
	struct ui_relation_pick	*p = ui->relation_pick;
	struct store_relation	 r;
	struct buf		 b = BUF_INIT;
	const char		*label;
	char			*err = NULL;
	size_t			 i;
	int			 rc = 0;

	if (row >= p->nshown) {
		i = row - p->nshown;
		rc = store_relation_delete(ui->store, p->existing[i], &err);
		if (rc == 0)
			ui_message(ui, "deleted the relation %s",
			    p->existing_label[i]);
		goto out;
	}
	label = p->labels[p->shown[row]].name;
	ui_relation_span_name(ui, p->src, &b);
	buf_printf(&b, " \xe2\x80\x94%s\xe2\x86\x92 ", label);
	ui_relation_span_name(ui, p->dst, &b);
	/* One relation between two spans: another label relabels it. */
	for (i = 0; i < p->nexisting; i++) {
		if (strcmp(p->existing_label[i], label) == 0) {
			ui_message(ui, "already there: %s", b.data);
			goto out;
		}
	}
	if (p->nexisting == 1) {
		rc = store_relation_relabel(ui->store, p->existing[0], label,
		    &err);
		if (rc == 0)
			ui_message(ui, "relabelled: %s", b.data);
		goto out;
	}
	memset(&r, 0, sizeof(r));
	r.src = p->src;
	r.dst = p->dst;
	r.label = (char *)label;
	rc = store_relation_add(ui->store, &r, NULL, &err);
	if (rc == 0)
		ui_message(ui, "related: %s", b.data);
out:
	if (rc == -1)
		ui_store_error(ui, "relation", err);
	buf_free(&b);
	ui_relation_pick_free(ui);
	ui_reload_spans(ui);
}

static void
ui_relation_pick_submit(struct ui *ui, const char *typed)
{
	struct ui_relation_pick	*p = ui->relation_pick;
	size_t			 n;

	if (p == NULL)
		return;
	ui_relation_pick_filter(p, typed);
	n = p->nshown + p->nexisting;
	if (n == 0) {
		ui_error(ui, "no relation label matches \"%s\"", typed);
		ui_relation_pick_free(ui);
		return;
	}
	ui_relation_apply(ui, ui->prompt.pick < n ? ui->prompt.pick : 0);
}

/* A relation label's key typed alone picks it at once. */
static void
ui_relation_pick_change(struct ui *ui)
{
	struct ui_relation_pick	*p = ui->relation_pick;
	const char		*typed = ui_entity_typed(ui);
	size_t			 i, hit = 0, nhit = 0;

	if (p == NULL)
		return;
	ui_relation_pick_filter(p, typed);
	for (i = 0; i < p->nshown; i++)
		if (strcmp(p->labels[p->shown[i]].key, typed) == 0) {
			hit = i;
			nhit++;
		}
	if (nhit == 1 && typed[0] != '\0') {
		ui_prompt_close(ui);
		ui_relation_apply(ui, hit);
	}
}

static void
ui_relation_pick_cancel(struct ui *ui)
{
	ui_relation_pick_free(ui);
	ui_message(ui, "relation cancelled");
}

static const struct ui_prompt_client ui_relation_pick_prompt = {
	.label = "relation: ",
	.submit = ui_relation_pick_submit,
	.change = ui_relation_pick_change,
	.cancel = ui_relation_pick_cancel,
	.draw = ui_relation_pick_draw,
};

static void
ui_relation_pick_open(struct ui *ui, int64_t src, int64_t dst)
{
	struct ui_relation_pick	*p = xcalloc(1, sizeof(*p));
	struct doc		*d = &ui->doc;
	struct buf		 b = BUF_INIT;
	char			*err = NULL;
	size_t			 i, j;
	int			 both;

	p->src = src;
	p->dst = dst;
	ui->relation_pick = p;
	if (store_relation_label_list(ui->store, &p->labels, &p->nlabels,
	    &err) == -1) {
		ui_store_error(ui, "relation labels", err);
		ui_relation_pick_free(ui);
		return;
	}
	if (p->nlabels == 0) {
		ui_error(ui, "no relation labels: load a schema with "
		    "relation lines (:labels merge FILE)");
		ui_relation_pick_free(ui);
		return;
	}
	p->shown = xreallocarray(NULL, p->nlabels, sizeof(*p->shown));
	p->existing = xreallocarray(NULL, d->nrelations + 1,
	    sizeof(*p->existing));
	p->existing_label = xreallocarray(NULL, d->nrelations + 1,
	    sizeof(*p->existing_label));
	for (i = 0; i < d->nrelations; i++) {
		const struct store_relation *r = &d->relations[i];

		both = 0;
		for (j = 0; j < p->nlabels; j++)
			if (strcmp(p->labels[j].name, r->label) == 0)
				both = p->labels[j].symmetric;
		if (strcmp(r->annotator, ui->annotator) != 0 ||
		    !((r->src == src && r->dst == dst) ||
		    (both && r->src == dst && r->dst == src)))
			continue;
		p->existing[p->nexisting] = r->id;
		p->existing_label[p->nexisting++] = xstrdup(r->label);
	}
	ui_relation_pick_filter(p, "");
	ui_relation_span_name(ui, src, &b);
	buf_adds(&b, " \xe2\x86\x92 ");
	ui_relation_span_name(ui, dst, &b);
	ui_prompt_open(ui, &ui_relation_pick_prompt, NULL);
	ui->prompt.label = xasprintf("relation (%s): ", b.data);
	buf_free(&b);
}

/* R: the first span, then the second. */
static void
ui_relation_step(struct ui *ui)
{
	struct buf	 b = BUF_INIT;
	char		*keys;
	long		 i;

	if (ui_readonly_refuses(ui, ACTION_RELATION) ||
	    (i = ui_entity_target(ui)) < 0)
		return;
	if (ui->relation_from != 0 &&
	    doc_span_index(&ui->doc, ui->relation_from) < 0)
		ui->relation_from = 0;
	if (ui->relation_from == 0) {
		ui->relation_from = ui->doc.spans[i].id;
		ui_relation_span_name(ui, ui->relation_from, &b);
		keys = ui_keys_of(ui, KEYMAP_READER, ACTION_RELATION);
		ui_message(ui, "relation from %s: %s on the other span, Esc "
		    "cancels", b.data, keys != NULL ? keys : "relation");
		free(keys);
		buf_free(&b);
		return;
	}
	if (ui->relation_from == ui->doc.spans[i].id) {
		ui->relation_from = 0;
		ui_message(ui, "relation cancelled");
		return;
	}
	ui_relation_pick_open(ui, ui->relation_from, ui->doc.spans[i].id);
	ui->relation_from = 0;
}

/* --- Entry points ------------------------------------------------------- */

int
ui_entity_action(struct ui *ui, enum action a)
{
	switch (a) {
	case ACTION_ENTITY_LINK:
		ui_entity_pick_open(ui);
		return 1;
	case ACTION_RELATION:
		ui_relation_step(ui);
		return 1;
	case ACTION_ACCEPT:
	case ACTION_REJECT:
		return ui_entity_decide(ui, a);
	case ACTION_CANCEL:
		if (ui->relation_from == 0)
			return 0;
		ui->relation_from = 0;
		ui_message(ui, "relation cancelled");
		return 1;
	default:
		return 0;
	}
}

void
ui_entity_close(struct ui *ui)
{
	ui_entity_pick_free(ui);
	ui_relation_pick_free(ui);
}
