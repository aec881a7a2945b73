/*
 * ui_bulk.c: the writes of many rows that the TUI runs a batch at a time
 * (SPEC §11): propagate, and undo and redo (one undo may take back a run
 * of many batches).  A running write is a job: the loop runs one step
 * (a batch, at most a few tens of milliseconds) whenever no key is
 * waiting, so keys, redraws and other annotators' changes go on while it
 * runs; Esc stops it after the batch in hand.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/assist.h"
#include "margin/util.h"
#include "pane.h"

struct ui_job {
	const char	*name;		/* "propagate", "undo", "redo" */
	/* One batch: 1 while there is more, 0 when done, -1 on error. */
	int		(*step)(struct ui *ui, struct ui_job *j, char **errp);
	/* The status line while it runs. */
	void		(*progress)(struct ui *ui, struct ui_job *j,
			    struct buf *b);
	/* After the last step (err: the failure, NULL otherwise). */
	void		(*end)(struct ui *ui, struct ui_job *j,
			    enum ui_job_end how, const char *err);
	void		(*free)(struct ui_job *j);
	/* propagate: what, and where the scope prompt said */
	struct assist_propagation *prop;
	char		*label;
	char		*text;
	int64_t		 article;
	/* undo, redo */
	struct store_undo_run *undo;
	enum action	 action;
	/* a job of another module (ui_job_run) */
	const struct ui_job_ops *ops;
	void		*ctx;
	int		 quiet;
};

static void	 ui_asking_free(struct ui *ui);

int
ui_job_running(const struct ui *ui)
{
	return ui->job != NULL;
}

static void
ui_job_free(struct ui *ui)
{
	struct ui_job	*j = ui->job;

	ui->job = NULL;
	if (j == NULL)
		return;
	if (j->free != NULL)
		j->free(j);
	free(j->label);
	free(j->text);
	free(j);
}

/* The status line's part while a job runs (ui_screen.c). */
void
ui_job_status(struct ui *ui, struct buf *b)
{
	if (ui->job == NULL)
		return;
	ui->job->progress(ui, ui->job, b);
	buf_adds(b, ", Esc stops");
}

/* When it starts: the message line says what runs, the status line how
   far it is, so that the messages of keys pressed meanwhile stay. */
static void
ui_job_show(struct ui *ui)
{
	struct buf	 b = BUF_INIT;

	ui->job->progress(ui, ui->job, &b);
	ui_message(ui, "%s (Esc stops it; the keys go on working)", b.data);
	buf_free(&b);
}

static void
ui_job_end(struct ui *ui, enum ui_job_end how, const char *err)
{
	struct ui_job	*j = ui->job;

	j->end(ui, j, how, err);
	ui_job_free(ui);
}

void
ui_job_step(struct ui *ui)
{
	char	*err = NULL;
	int	 rc;

	if (ui->job == NULL)
		return;
	rc = ui->job->step(ui, ui->job, &err);
	if (rc == 1)
		return;
	ui_job_end(ui, rc == 0 ? UI_JOB_DONE : UI_JOB_FAILED, err);
	free(err);
}

void
ui_job_stop(struct ui *ui)
{
	if (ui->job != NULL)
		ui_job_end(ui, UI_JOB_STOPPED, NULL);
}

void
ui_job_close(struct ui *ui)
{
	ui_job_free(ui);
	ui_asking_free(ui);
}

/* A second bulk write waits for the first. */
static int
ui_job_busy(struct ui *ui, const char *what)
{
	if (ui->job == NULL)
		return 0;
	ui_error(ui, "%s: %s is still running (Esc stops it)", what,
	    ui->job->name);
	return 1;
}

static void
ui_job_start(struct ui *ui, struct ui_job *j)
{
	ui->job = j;
	ui_job_show(ui);
}

/* A job of another module: its ops on its data. */

static int
ui_ext_step(struct ui *ui, struct ui_job *j, char **errp)
{
	return j->ops->step(ui, j->ctx, errp);
}

static void
ui_ext_progress(struct ui *ui, struct ui_job *j, struct buf *b)
{
	j->ops->progress(ui, j->ctx, b);
}

static void
ui_ext_end(struct ui *ui, struct ui_job *j, enum ui_job_end how,
    const char *err)
{
	j->ops->end(ui, j->ctx, how, err);
}

static void
ui_ext_free(struct ui_job *j)
{
	j->ops->free(j->ctx);
}

int
ui_job_run(struct ui *ui, const struct ui_job_ops *ops, void *ctx, int quiet)
{
	struct ui_job	*j;

	if (quiet ? ui->job != NULL : ui_job_busy(ui, ops->name)) {
		ops->free(ctx);
		return -1;
	}
	j = xcalloc(1, sizeof(*j));
	j->name = ops->name;
	j->step = ui_ext_step;
	j->progress = ui_ext_progress;
	j->end = ui_ext_end;
	j->free = ui_ext_free;
	j->ops = ops;
	j->ctx = ctx;
	j->quiet = quiet;
	if (quiet)
		ui->job = j;	/* the status line shows it */
	else
		ui_job_start(ui, j);
	return 0;
}

/* Propagate. */

static int
ui_prop_step(struct ui *ui, struct ui_job *j, char **errp)
{
	(void)ui;
	return assist_propagate_step(j->prop, errp);
}

static void
ui_prop_progress(struct ui *ui, struct ui_job *j, struct buf *b)
{
	struct assist_progress	 pr;

	(void)ui;
	assist_propagate_progress(j->prop, &pr);
	buf_printf(b, "propagating \xe2\x80\x9c%s\xe2\x80\x9d: %zu/%zu, "
	    "%zu new", j->text, pr.articles_done, pr.articles, pr.added);
}

static void
ui_prop_end(struct ui *ui, struct ui_job *j, enum ui_job_end how,
    const char *err)
{
	struct assist_progress	 pr;
	struct buf		 b = BUF_INIT;

	assist_propagate_progress(j->prop, &pr);
	if (how == UI_JOB_FAILED)
		buf_printf(&b, "propagate failed after %zu suggestion%s: %s",
		    pr.added, pr.added == 1 ? "" : "s", err ? err : "error");
	else {
		buf_printf(&b, "propagate%s: %zu suggestion%s of %s "
		    "\xe2\x80\x9c%s\xe2\x80\x9d", how == UI_JOB_STOPPED ?
		    " stopped" : "", pr.added, pr.added == 1 ? "" : "s",
		    j->label, j->text);
		if (how == UI_JOB_STOPPED)
			buf_printf(&b, " (%zu of %zu articles read)",
			    pr.articles_done, pr.articles);
		else if (pr.capped)
			buf_printf(&b, " (the cap: set propagate-max)");
		else
			buf_printf(&b, " in %zu article%s", pr.articles,
			    pr.articles == 1 ? "" : "s");
		if (pr.added > 0)
			buf_adds(&b, "; u takes them back");
	}
	if (how == UI_JOB_FAILED)
		ui_error(ui, "%s", b.data);
	else
		ui_message(ui, "%s", b.data);
	buf_free(&b);
	ui->list.stale = 1;
	ui_reload_spans(ui);
}

static void
ui_prop_free(struct ui_job *j)
{
	assist_propagate_finish(j->prop);
}

/* Start the propagation the scope prompt asked about (ui->asking). */
static void
ui_prop_run(struct ui *ui, int corpus)
{
	struct ui_job		*j = ui->asking;
	struct store_span	 model;
	char			*err = NULL;

	ui->asking = NULL;
	if (j == NULL)
		return;
	memset(&model, 0, sizeof(model));
	model.label = j->label;
	model.text = j->text;
	if (assist_propagate_start(ui->store, &model, ui->annotator,
	    corpus ? 0 : j->article, (size_t)ui->options.propagate_max,
	    &j->prop, &err) == -1) {
		ui_store_error(ui, "propagate", err);
		ui->job = j;
		ui_job_free(ui);
		return;
	}
	ui_job_start(ui, j);
}

static void
ui_asking_free(struct ui *ui)
{
	struct ui_job	*j = ui->asking;

	ui->asking = NULL;
	if (j != NULL) {
		free(j->label);
		free(j->text);
		free(j);
	}
}

/* t or a decides at once; Enter takes all articles. */
static void
ui_prop_scope_change(struct ui *ui)
{
	const char	*t = ui->prompt.text.data ? ui->prompt.text.data : "";
	int		 corpus;

	if (strcmp(t, "t") != 0 && strcmp(t, "a") != 0) {
		buf_truncate(&ui->prompt.text, 0);
		ui_error(ui, "t: this article, a: all articles, Esc: neither");
		return;
	}
	corpus = t[0] == 'a';
	ui_prompt_close(ui);		/* t goes with the prompt's text */
	ui_prop_run(ui, corpus);
}

static void
ui_prop_scope_submit(struct ui *ui, const char *text)
{
	(void)text;
	ui_prop_run(ui, 1);
}

static void
ui_prop_scope_cancel(struct ui *ui)
{
	ui_asking_free(ui);
	ui_message(ui, "propagate: cancelled");
}

static const struct ui_prompt_client ui_prop_scope_prompt = {
	.label = "propagate? ",	/* the prompt's own label says more */
	.submit = ui_prop_scope_submit,
	.change = ui_prop_scope_change,
	.cancel = ui_prop_scope_cancel,
};

/*
 * p: ask first, with the counts (this article's exact, the corpus's from
 * the index), then run as a job.
 */
void
ui_propagate(struct ui *ui, const struct store_span *sp)
{
	struct assist_match	*v = NULL;
	struct ui_job		*j;
	struct buf		 b = BUF_INIT;
	char			*err = NULL;
	size_t			 here, articles, hits;
	int			 estimated, max = ui->options.propagate_max;

	if (ui_job_busy(ui, "propagate"))
		return;
	here = assist_occurrences(ui->doc.article.text,
	    ui->doc.article.text_len, sp->text, strlen(sp->text), &v);
	free(v);
	if (assist_propagate_estimate(ui->store, sp->text, &articles, &hits,
	    &estimated, &err) == -1) {
		ui_store_error(ui, "propagate", err);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	j->name = "propagate";
	j->step = ui_prop_step;
	j->progress = ui_prop_progress;
	j->end = ui_prop_end;
	j->free = ui_prop_free;
	j->label = xstrdup(sp->label);
	j->text = xstrdup(sp->text);
	j->article = ui->doc.article.id;
	ui_asking_free(ui);
	ui->asking = j;
	/* Short enough for 80 columns with a short text: the counts first,
	   the cap only when it would apply. */
	buf_printf(&b, "propagate %s \xe2\x80\x9c%s\xe2\x80\x9d: t=this "
	    "article (%zu) a=all %zu", sp->label, sp->text, here, articles);
	if (estimated)
		buf_printf(&b, " (\xe2\x89\x88%zu", hits);	/* ≈ */
	else
		buf_adds(&b, " (");
	if (max > 0 && (!estimated || hits > (size_t)max))
		buf_printf(&b, "%scap %d", estimated ? ", " : "", max);
	if (b.data[b.len - 1] == '(')
		buf_truncate(&b, b.len - 2);
	else
		buf_addc(&b, ')');
	buf_adds(&b, "? ");
	ui_prompt_open(ui, &ui_prop_scope_prompt, NULL);
	ui->prompt.label = buf_detach(&b);
}

/* Undo and redo. */

static int
ui_undo_step_fn(struct ui *ui, struct ui_job *j, char **errp)
{
	(void)ui;
	return store_undo_step(j->undo, errp);
}

static void
ui_undo_progress(struct ui *ui, struct ui_job *j, struct buf *b)
{
	size_t	 done, total;

	(void)ui;
	store_undo_progress(j->undo, &done, &total);
	buf_printf(b, "%s: %zu/%zu changes", j->name, done, total);
}

/* Show where the change was. */
static void
ui_undo_show(struct ui *ui, const struct store_change *what)
{
	char	*err = NULL;
	long	 pos = -1;

	ui_list_refresh(ui);
	if (what->article_id != 0 && (!doc_is_open(&ui->doc) ||
	    ui->doc.article.id != what->article_id) &&
	    store_article_position(ui->store, &ui->list.filter,
	    what->article_id, &pos, &err) == 0 && pos >= 0)
		ui_open_article(ui, (size_t)pos);
	free(err);
	ui_reload_spans(ui);
	ui_sync_done(ui);
	if (what->has_span && doc_is_open(&ui->doc) &&
	    ui->doc.article.id == what->article_id) {
		doc_select_cancel(&ui->doc);
		doc_cursor_to(&ui->doc, what->start_byte);
		doc_scroll_to_cursor(&ui->doc);
	}
}

static void
ui_undo_end(struct ui *ui, struct ui_job *j, enum ui_job_end how,
    const char *err)
{
	const struct store_change	*what = store_undo_what(j->undo);
	size_t				 done, total;

	store_undo_progress(j->undo, &done, &total);
	if (how == UI_JOB_DONE)
		ui_message(ui, "%s", what->description);
	else if (how == UI_JOB_STOPPED)
		ui_message(ui, "%s stopped after %zu of %zu changes; %s goes "
		    "on", j->name, done, total, j->name);
	else if (done > 0)
		ui_error(ui, "%s stopped after %zu of %zu changes: %s",
		    j->name, done, total, err ? err : "error");
	else
		ui_error(ui, "%s", err ? err : "error");
	if (done > 0)
		ui_undo_show(ui, what);
}

static void
ui_undo_free(struct ui_job *j)
{
	store_undo_finish(j->undo);
}

/* u and C-r: the store's history, so they work across restarts. */
void
ui_undo(struct ui *ui, enum action a)
{
	struct ui_job	*j;
	char		*err = NULL;
	int		 redo = a != ACTION_UNDO;

	if (ui_readonly_refuses(ui, a) || ui_job_busy(ui, action_name(a)))
		return;
	j = xcalloc(1, sizeof(*j));
	j->name = redo ? "redo" : "undo";
	j->action = a;
	j->step = ui_undo_step_fn;
	j->progress = ui_undo_progress;
	j->end = ui_undo_end;
	j->free = ui_undo_free;
	if (store_undo_start(ui->store, ui->annotator, redo, &j->undo,
	    &err) == -1) {
		ui_store_error(ui, action_name(a), err);
		free(j);
		return;
	}
	if (store_undo_what(j->undo)->count == 0) {
		ui_message(ui, "nothing to %s", j->name);
		store_undo_finish(j->undo);
		free(j);
		return;
	}
	/* The first batch at once: a small group is done with it. */
	ui->job = j;
	ui_job_step(ui);
}
