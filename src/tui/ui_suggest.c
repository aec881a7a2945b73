/*
 * ui_suggest.c: the trained model in the TUI (SPEC §11): the suggest
 * action on the open article (or a gazetteer's, with :suggest gazetteer
 * NAME), the same run started by itself when an article without
 * suggestions of the current model is opened (set suggest-on-open on),
 * and done-next to the article the model is least sure of (set next
 * uncertain).  A run is a bulk write of ui_bulk.c: a batch at a time,
 * Esc stops it, one undo takes it back.  The model is read from the
 * store when it is first needed and again whenever a newer one is there.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/gazetteer.h"
#include "margin/tagger.h"
#include "margin/tagger_store.h"
#include "margin/util.h"
#include "pane.h"

/* The model in use, and what suggest-on-open last looked at. */
struct ui_model {
	struct tagger	*t;		/* NULL: none read yet */
	int64_t		 id;
	int64_t		 created_at;
	int		 running;	/* a run holds t: keep it */
	int64_t		 seen_article;	/* suggest-on-open looked at it */
	int		 said_none;	/* ... and said there is no model */
};

/* One run on one article: the model's or a gazetteer's. */
struct ui_suggest_run {
	struct ui_model			*m;
	struct tagger_suggestion	*model;
	struct gazetteer_run		*gazetteer;
	char				*name;	/* the gazetteer */
	int64_t				 model_id;
};

static struct ui_model *
ui_model_of(struct ui *ui)
{
	if (ui->model == NULL)
		ui->model = xcalloc(1, sizeof(*ui->model));
	return ui->model;
}

/* The newest model of the store, read again when it changed; *found 0
   when none was trained. */
static int
ui_model_current(struct ui *ui, int *found, char **errp)
{
	struct ui_model		*m = ui_model_of(ui);
	struct store_model	 sm;
	struct tagger		*t = NULL;
	int64_t			 id, created_at;

	if (store_model_newest(ui->store, &id, &created_at, found,
	    errp) == -1)
		return -1;
	if (!*found || (m->t != NULL && m->id == id))
		return 0;
	/* A run in progress keeps the model it started with. */
	if (m->running && m->t != NULL)
		return 0;
	if (store_model_latest(ui->store, &sm, found, errp) == -1)
		return -1;
	if (!*found)
		return 0;
	if (tagger_load(sm.params, sm.params_len, &t, errp) == -1) {
		err_prefix(errp, "model %lld", (long long)sm.id);
		store_model_free(&sm);
		return -1;
	}
	tagger_free(m->t);
	m->t = t;
	m->id = sm.id;
	m->created_at = sm.created_at;
	store_model_free(&sm);
	return 0;
}

void
ui_suggest_model_changed(struct ui *ui)
{
	struct ui_model	*m = ui_model_of(ui);

	/* Read at the next use; the open article is looked at again. */
	if (!m->running) {
		tagger_free(m->t);
		m->t = NULL;
		m->id = 0;
	}
	m->seen_article = 0;
	m->said_none = 0;
}

void
ui_suggest_close(struct ui *ui)
{
	if (ui->model == NULL)
		return;
	tagger_free(ui->model->t);
	free(ui->model);
	ui->model = NULL;
}

/* The job. */

static int
ui_suggest_step(struct ui *ui, void *ctx, char **errp)
{
	struct ui_suggest_run	*r = ctx;

	(void)ui;
	if (r->model != NULL)
		return tagger_suggest_step(r->model, errp);
	return gazetteer_suggest_step(r->gazetteer, errp);
}

/* What a run found and wrote so far. */
static void
ui_suggest_counts(const struct ui_suggest_run *r, size_t *found,
    size_t *added)
{
	if (r->model != NULL) {
		struct tagger_suggest_progress	 pr;

		tagger_suggest_progress(r->model, &pr);
		*found = pr.found;
		*added = pr.added;
	} else {
		struct assist_progress		 pr;

		gazetteer_suggest_progress(r->gazetteer, &pr);
		*found = pr.found;
		*added = pr.added;
	}
}

static void
ui_suggest_source(const struct ui_suggest_run *r, struct buf *b)
{
	if (r->model != NULL)
		buf_printf(b, "model %lld", (long long)r->model_id);
	else
		buf_printf(b, "gazetteer %s", r->name);
}

static void
ui_suggest_progress(struct ui *ui, void *ctx, struct buf *b)
{
	struct ui_suggest_run	*r = ctx;
	size_t			 found, added;

	(void)ui;
	ui_suggest_counts(r, &found, &added);
	buf_adds(b, "suggesting from ");
	ui_suggest_source(r, b);
	buf_printf(b, ": %zu new", added);
}

static void
ui_suggest_end(struct ui *ui, void *ctx, enum ui_job_end how,
    const char *err)
{
	struct ui_suggest_run	*r = ctx;
	struct buf		 b = BUF_INIT;
	size_t			 found, added;

	ui_suggest_counts(r, &found, &added);
	if (how == UI_JOB_FAILED)
		buf_adds(&b, "suggest failed: ");
	buf_printf(&b, "%zu suggestion%s from ", added, added == 1 ? "" : "s");
	ui_suggest_source(r, &b);
	if (how == UI_JOB_STOPPED)
		buf_adds(&b, " (stopped)");
	else if (how == UI_JOB_DONE && added < found)
		buf_printf(&b, " (%zu already there or rejected)",
		    found - added);
	if (how == UI_JOB_FAILED)
		buf_printf(&b, ": %s", err != NULL ? err : "error");
	else if (added > 0)
		buf_adds(&b, "; u takes them back");
	if (how == UI_JOB_FAILED)
		ui_error(ui, "%s", b.data);
	else
		ui_message(ui, "%s", b.data);
	buf_free(&b);
	ui->list.stale = 1;
	ui_reload_spans(ui);
}

static void
ui_suggest_free(void *ctx)
{
	struct ui_suggest_run	*r = ctx;

	if (r->m != NULL)
		r->m->running = 0;
	tagger_suggest_finish(r->model);
	gazetteer_suggest_finish(r->gazetteer);
	free(r->name);
	free(r);
}

static const struct ui_job_ops ui_suggest_job = {
	.name = "suggest",
	.step = ui_suggest_step,
	.progress = ui_suggest_progress,
	.end = ui_suggest_end,
	.free = ui_suggest_free,
};

/* Can a run start on the open article?  Says why not unless quiet. */
static int
ui_suggest_can(struct ui *ui, int quiet)
{
	if (!doc_is_open(&ui->doc)) {
		if (!quiet)
			ui_error(ui, "suggest: no article is open");
		return 0;
	}
	if (quiet)
		return !store_readonly(ui->store) && ui->job == NULL;
	return !ui_readonly_refuses(ui, ACTION_SUGGEST);
}

/* The model's run on the open article (min_score: the lowest kept);
   on_open: started by suggest-on-open, quietly. */
static void
ui_suggest_model(struct ui *ui, double min_score, int on_open)
{
	struct ui_model		*m;
	struct ui_suggest_run	*r;
	char			*err = NULL;
	int64_t			 id = ui->doc.article.id;
	int			 found;

	if (ui_model_current(ui, &found, &err) == -1) {
		ui_store_error(ui, "suggest", err);
		return;
	}
	m = ui->model;
	if (!found) {
		ui_error(ui, "no model: run :train or margin train");
		return;
	}
	r = xcalloc(1, sizeof(*r));
	r->model_id = m->id;
	if (tagger_suggest_start(ui->store, m->t, ui->annotator, &id, 1,
	    min_score, &r->model, &err) == -1) {
		ui_store_error(ui, "suggest", err);
		ui_suggest_free(r);
		return;
	}
	r->m = m;
	m->running = 1;
	ui_job_run(ui, &ui_suggest_job, r, on_open);
}

static void
ui_suggest_gazetteer(struct ui *ui, const char *name)
{
	struct gazetteer_scope	 scope;
	struct ui_suggest_run	*r;
	char			*err = NULL;
	int64_t			 id = ui->doc.article.id;

	memset(&scope, 0, sizeof(scope));
	scope.articles = &id;
	scope.narticles = 1;
	r = xcalloc(1, sizeof(*r));
	r->name = xstrdup(name);
	if (gazetteer_suggest_start(ui->store, name, ui->annotator, &scope,
	    &r->gazetteer, &err) == -1) {
		ui_store_error(ui, "suggest", err);
		ui_suggest_free(r);
		return;
	}
	ui_job_run(ui, &ui_suggest_job, r, 0);
}

/* The suggest action. */
void
ui_suggest(struct ui *ui)
{
	if (ui_suggest_can(ui, 0))
		ui_suggest_model(ui, 0, 0);
}

int
ui_suggest_command(struct ui *ui, int argc, char **argv, char **errp)
{
	double	 min = 0;
	char	*end;

	if (argc >= 2 && strcmp(argv[1], "gazetteer") == 0) {
		if (argc != 3)
			return -2;
		if (ui_suggest_can(ui, 0))
			ui_suggest_gazetteer(ui, argv[2]);
		return 0;
	}
	if (argc > 3 || (argc >= 2 && strcmp(argv[1], "model") != 0))
		return -2;
	if (argc == 3) {
		min = strtod(argv[2], &end);
		if (end == argv[2] || *end != '\0' || !(min >= 0) || min > 1)
			return err_set(errp, "\"%s\" is no score from 0 to 1",
			    argv[2]);
	}
	if (ui_suggest_can(ui, 0))
		ui_suggest_model(ui, min, 0);
	return 0;
}

/*
 * set suggest-on-open on: once the keys are done with, the open article,
 * if it has no suggestions of the current model yet (any of mine of
 * origin model made since it was trained), gets the model's run, quietly
 * (the status line shows it; keys go on).  Once per article opened.
 */
void
ui_suggest_idle(struct ui *ui)
{
	struct ui_model	*m;
	char		*err = NULL;
	int		 found, has;

	if (!ui->options.suggest_on_open || !ui_suggest_can(ui, 1))
		return;
	m = ui_model_of(ui);
	if (m->seen_article == ui->doc.article.id)
		return;
	m->seen_article = ui->doc.article.id;
	if (ui_model_current(ui, &found, &err) == -1) {
		ui_store_error(ui, "suggest-on-open", err);
		return;
	}
	if (!found) {
		if (!m->said_none)
			ui_message(ui, "suggest-on-open: no model yet (:train "
			    "makes one)");
		m->said_none = 1;
		return;
	}
	if (store_span_model_since(ui->store, ui->doc.article.id,
	    ui->annotator, m->created_at, &has, &err) == -1) {
		ui_store_error(ui, "suggest-on-open", err);
		return;
	}
	if (!has)
		ui_suggest_model(ui, 0, 1);
}

/* Where article id sits in what the list shows; -1 when it is not. */
static long
ui_suggest_list_pos(struct ui *ui, int64_t id, size_t pos)
{
	size_t	 i;

	if (ui->list.query == NULL)
		return (long)pos;
	for (i = 0; i < ui->list.count; i++)
		if (ui->list.results[i].id == id)
			return (long)i;
	return -1;
}

/*
 * set next uncertain: open the article of the list, not done, that
 * holds my pending model suggestion the model is least sure of (the
 * store's store_article_least_certain).  0 when there is none (done-next
 * then goes on in the list's order), -1 on an error (said).
 */
int
ui_suggest_next_uncertain(struct ui *ui, double *score)
{
	char	*err = NULL;
	int64_t	 id;
	size_t	 pos;
	long	 at;
	int	 found;

	if (store_article_least_certain(ui->store, &ui->list.filter,
	    doc_is_open(&ui->doc) ? ui->doc.article.id : 0, &id, &pos,
	    score, &found, &err) == -1) {
		ui_store_error(ui, "next uncertain", err);
		return -1;
	}
	if (!found)
		return 0;
	if ((at = ui_suggest_list_pos(ui, id, pos)) < 0) {
		ui_list_find(ui, NULL);		/* the search hides it */
		at = (long)pos;
	}
	ui_open_article(ui, (size_t)at);
	return 1;
}
