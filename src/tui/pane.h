/*
 * pane.h: what the UI modules share: the state of one TUI session and the
 * table of operations each pane fills in (list, reader, annotations).
 * Adding a pane means writing one file that fills struct pane_ops.
 * Only ui*.c and pane_*.c include this (it brings curses).
 */
#ifndef MARGIN_PANE_H
#define MARGIN_PANE_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "margin/actions.h"
#include "doc.h"
#include "margin/keymap.h"
#include "layout.h"
#include "margin/options.h"
#include "margin/store.h"
#include "margin/util.h"

struct ui;
struct ui_config;
struct pane_review;
struct ui_job;
struct ui_model;
struct ui_train;
struct ui_entity_pick;
struct ui_relation_pick;
struct ui_entities;

/*
 * A pane: its table of operations, filled in by its file.  What a pane
 * keeps for itself lives in its file and is made by open and freed by
 * close; open, reload and close may be NULL.
 */
struct pane_ops {
	const char		*name;
	enum keymap_context	 context;
	/* Draw into rect (the first row is the pane's title bar). */
	void	(*draw)(struct ui *ui, const struct layout_rect *r, int focused);
	/* Perform action; 0 when the pane has nothing to do with it. */
	int	(*action)(struct ui *ui, enum action a);
	/* At the start of a session, with what it was started with. */
	void	(*open)(struct ui *ui, const struct ui_config *c);
	/* After other processes' changes (SPEC §10). */
	void	(*reload)(struct ui *ui);
	/* At the end of the session. */
	void	(*close)(struct ui *ui);
};

extern const struct pane_ops pane_list_ops;
extern const struct pane_ops pane_reader_ops;
extern const struct pane_ops pane_annotations_ops;
/* The span of the annotations pane's row (counted from the first shown):
   relations take rows under their first span. */
size_t	 pane_annotations_span_at_row(struct ui *ui, size_t row);
extern const struct pane_ops pane_review_ops;	/* in place of annotations
						   while reviewing */

/*
 * A client of the prompt line: what is asked, and what is done with the
 * line.  The prompt knows no client; each lives with what opens it
 * (`:` in ui_command.c, search, find and tags in ui_dispatch.c, notes and
 * the label picker in ui_span.c), as tig's read_prompt_incremental takes
 * its handler.  Every handler may be NULL.
 */
struct ui_prompt_client {
	const char	*label;				/* ":", "find: " */
	/* Enter, after the prompt is closed: the line as typed. */
	void	(*submit)(struct ui *ui, const char *text);
	/* After each edit of the line (ui->prompt.text). */
	void	(*change)(struct ui *ui);
	/* Esc, before the prompt is closed. */
	void	(*cancel)(struct ui *ui);
	/* Tab: the line completed (a new string), or NULL. */
	char	*(*complete)(struct ui *ui, const char *line);
	/* Draw what the client shows above the prompt line. */
	void	(*draw)(struct ui *ui);
};

struct ui_prompt {
	const struct ui_prompt_client *client;	/* NULL: no prompt */
	char			*label;		/* what the client asks with
						   this time, or NULL: its
						   own label */
	struct buf		 text;
	size_t			 pick;		/* a list's highlighted row */
	int64_t			 span_id;	/* note: whose note */
	/* search: where the cursor was, to go back on cancel */
	size_t			 saved_start;
	struct doc_pos		 saved_top;
	int			 saved_cursor;
};

/* The articles list, as a window onto the store's filtered list. */
struct ui_list {
	char				*tag;	/* filter.tag points here */
	char				*query;	/* full-text search, or NULL */
	struct store_article		*results; /* its rows, best first */
	struct store_article_filter	 filter;
	size_t				 count;
	size_t				 selected;
	size_t				 top;
	struct store_article		*rows;	/* rows top .. top+nrows */
	size_t				 nrows;
	size_t				 rows_top;
	int				 stale;	/* rows to read again */
	int				 rows_filtered; /* read with a filter */
	size_t				 done;	/* done by me */
	size_t				 total;	/* in the filter, search aside */
	size_t				 everything; /* with no filter */
};

/* What each row of the screen was drawn from (ui_rows.c): a few rows
   side by side on a line, one per pane. */
#define UI_ROWS_PER_LINE 4
struct ui_row_slot {
	int		 used;
	int		 x;		/* the row's first column */
	uint64_t	 fp;		/* 0: not known, draw it */
};
struct ui_rows {
	struct ui_row_slot	*slot;	/* lines * UI_ROWS_PER_LINE */
	int			 lines;
};

struct ui {
	struct store		*store;
	struct keymap		*keymap;
	struct options		 options;
	char			*annotator;

	struct store_label	*labels;
	size_t			 nlabels;

	struct layout		 layout;
	enum layout_pane	 focus;
	struct ui_list		 list;
	struct doc		 doc;
	size_t			 ann_selected;
	size_t			 ann_top;

	struct ui_prompt	 prompt;
	char			*needle;	/* folded reader search */
	size_t			 needle_len;
	char			*view;		/* whose spans: NULL mine, "*"
						   all, else one annotator */

	struct ui_job		*job;		/* a bulk write running
						   (ui_bulk.c), or NULL */
	struct ui_job		*asking;	/* one the prompt asks about */
	struct pane_review	*review;	/* review mode (pane_review.c),
						   or NULL */
	struct ui_model		*model;		/* the tagger's model in use
						   (ui_suggest.c), or NULL */
	struct ui_train		*train;		/* training in the background
						   (ui_train.c), or NULL */
	struct ui_entity_pick	*entity_pick;	/* the entity picker open
						   (ui_entity.c), or NULL */
	struct ui_relation_pick	*relation_pick;	/* the relation label picker */
	int64_t			 relation_from;	/* a relation started on this
						   span (R), or 0 */
	struct ui_entities	*entities;	/* the Entities overlay
						   (ui_entities.c), or NULL */
	char			**schema_names;	/* :labels completes them */
	size_t			 nschema_names;
	int			 marking;	/* the reader shows a range: */
	size_t			 mark_start;	/* the disagreement reviewed */
	size_t			 mark_end;

	int			 dragging;	/* button 1 down in the reader */
	size_t			 drag_from;

	/* Keys typed while a change waited for the database (ui.c),
	   read before the terminal's. */
	struct {
		int	 rc;
		wint_t	 wc;
	}			 typeahead[64];
	size_t			 ntypeahead;
	struct keyseq		 pending;
	char			*message;
	int			 message_error;
	int			 help;
	int			 readonly_said;	/* the switch to read-only was
						   explained */
	size_t			 help_top;	/* first line shown */
	struct store_stats	*stats;		/* the stats overlay's snapshot,
						   or NULL: not shown */
	size_t			 stats_top;	/* its first line shown */
	int			 quit;
	int			 color;		/* colours in use */

	struct ui_rows		 rows;		/* what the screen shows */
	uint64_t		 screen_fp;	/* of what all rows depend on */
	int			 redraw_all;	/* the next frame draws every
						   row (after a command) */
	int			 full_redraw;	/* every frame does */
	int			 wake_quiet;	/* the store's descriptor woke
						   the loop for nothing: the
						   next wait ignores it */
};

/* ui_services.c: what panes, prompt and commands ask of the session. */
void	 ui_message(struct ui *ui, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 ui_error(struct ui *ui, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Report a failed store call (takes ownership of err). */
void	 ui_store_error(struct ui *ui, const char *what, char *err);
int	 ui_readonly_refuses(struct ui *ui, enum action a);
/* Open list row pos in the reader (cursor on its first word). */
void	 ui_open_article(struct ui *ui, size_t pos);
void	 ui_list_refresh(struct ui *ui);
const struct store_article *ui_list_row(struct ui *ui, size_t pos);
/* After spans changed: counts in the list, selection in annotations. */
void	 ui_spans_changed(struct ui *ui);
/* The label that label-N means (N from 1), or NULL. */
const struct store_label *ui_label_for(struct ui *ui, enum action a);
/* Whose spans the reader shows, for store_span_list (NULL: everyone). */
const char *ui_view_annotator(struct ui *ui);
void	 ui_load_labels(struct ui *ui);
/* Reload the open article's spans (after any change). */
void	 ui_reload_spans(struct ui *ui);
/* My suggestions in the open article (the status line counts them). */
size_t	 ui_suggestions_left(const struct ui *ui);

/* Lay the panes out again for the screen's size and the focus. */
void	 ui_relayout(struct ui *ui);
/* The keys of action a in context c, "k1/k2" (a new string), or NULL. */
char	*ui_keys_of(struct ui *ui, enum keymap_context c, enum action a);
/* Follow the done marks of the open article after another change. */
void	 ui_sync_done(struct ui *ui);
/* The open article's tags that are mine (others' are theirs to keep). */
int	 ui_my_tags(struct ui *ui, char ***tags, size_t *n, char **errp);
/* Turn mouse reporting on or off as the mouse option says. */
void	 ui_mouse_setup(struct ui *ui);

/* pane_review.c: review mode.  Show the walk's current disagreement in
   the reader; move to the next (dir 1) or previous (-1) one; take a side
   (or both, or neither) into gold. */
void	 ui_review_show(struct ui *ui);
void	 ui_review_step(struct ui *ui, int dir);
void	 ui_review_take(struct ui *ui, enum action a);

/* ui_screen.c: the panes, status and prompt lines, help, size. */
/* The pane at a place of the layout: Review replaces Annotations. */
const struct pane_ops *ui_pane(struct ui *ui, int i);
void	 ui_draw(struct ui *ui);

/* ui_bulk.c: bulk writes a batch at a time: propagate, undo/redo.  The
   loop runs a step of the running job whenever no key waits; Esc stops
   it; ui_job_close() at the end of the session. */
void	 ui_undo(struct ui *ui, enum action a);
void	 ui_propagate(struct ui *ui, const struct store_span *sp);
/* A bulk write of another module (ui_suggest.c): ops run on ctx a step
   at a time, as propagate runs.  When another job runs, ops->free(ctx)
   and -1 (saying so, unless quiet: then nothing is said when it starts
   either, and the status line alone shows it). */
enum ui_job_end {
	UI_JOB_DONE,
	UI_JOB_STOPPED,		/* Esc */
	UI_JOB_FAILED
};
struct ui_job_ops {
	const char	*name;
	int		(*step)(struct ui *ui, void *ctx, char **errp);
	void		(*progress)(struct ui *ui, void *ctx, struct buf *b);
	void		(*end)(struct ui *ui, void *ctx, enum ui_job_end how,
			    const char *err);
	void		(*free)(void *ctx);
};
int	 ui_job_run(struct ui *ui, const struct ui_job_ops *ops, void *ctx,
	    int quiet);
int	 ui_job_running(const struct ui *ui);
void	 ui_job_step(struct ui *ui);
void	 ui_job_stop(struct ui *ui);
void	 ui_job_close(struct ui *ui);
/* The running job's progress, for the status line. */
void	 ui_job_status(struct ui *ui, struct buf *b);
/* ui_suggest.c: the model's (or a gazetteer's) suggestions in the open
   article, as a job; suggest-on-open from the loop's idle moments; the
   article done-next opens with set next uncertain (1, and *score its
   least certain suggestion's; 0: none; -1: an error, said).  After a
   training (or a change of annotator) ui_suggest_model_changed: the
   model is read again and the open article looked at again.
   :suggest [model [MIN-SCORE] | gazetteer NAME] returns -2 on words
   that do not fit. */
void	 ui_suggest(struct ui *ui);
int	 ui_suggest_command(struct ui *ui, int argc, char **argv, char **errp);
void	 ui_suggest_idle(struct ui *ui);
int	 ui_suggest_next_uncertain(struct ui *ui, double *score);
void	 ui_suggest_model_changed(struct ui *ui);
void	 ui_suggest_close(struct ui *ui);
/* ui_train.c: margin train as a child process (:train, set train-every):
   started, polled while idle (ui_train_poll, which also reports its end),
   told of each article marked done.  ui_train_running for scripts that
   wait for it; ui_train_close at the end leaves it to finish. */
int	 ui_train_start(struct ui *ui, int argc, char **argv, char **errp);
void	 ui_train_poll(struct ui *ui);
int	 ui_train_running(const struct ui *ui);
void	 ui_train_done_marked(struct ui *ui);
void	 ui_train_status(struct ui *ui, struct buf *b);
void	 ui_train_close(struct ui *ui);
/* ui_span.c: span actions (ui_span_action, ui_tag_with below). */

/* ui_help.c: the help overlay: drawn over the screen (scrolled to
   ui->help_top, which it keeps in range); a key while it is shown,
   looked up in context c. */
void	 ui_help_draw(struct ui *ui);
void	 ui_help_key(struct ui *ui, enum keymap_context c,
	    const struct key *k);

/* ui_stats.c: the stats overlay: open it (a snapshot of the counts),
   draw it (scrolled to ui->stats_top), close it. */
/* ui_entity.c: e (entity-link), R (relation), and a/r on a suggested
   link; 0 when a is none of its business. */
int	 ui_entity_action(struct ui *ui, enum action a);
void	 ui_entity_close(struct ui *ui);
/* ui_entities.c: the Entities overlay (E) and :entity commands. */
void	 ui_entities_open(struct ui *ui);
void	 ui_entities_draw(struct ui *ui);
int	 ui_entities_action(struct ui *ui, enum action a);
void	 ui_entities_close(struct ui *ui);
int	 ui_entities_shown(const struct ui *ui);
int	 ui_entities_command(struct ui *ui, int argc, char **argv,
	    char **errp);
void	 ui_stats_open(struct ui *ui);
void	 ui_stats_draw(struct ui *ui);
void	 ui_stats_close(struct ui *ui);

/* ui_prompt.c: the prompt line. */
void	 ui_prompt_open(struct ui *ui, const struct ui_prompt_client *c,
	    const char *text);
void	 ui_prompt_key(struct ui *ui, const struct key *k);
void	 ui_prompt_close(struct ui *ui);
void	 ui_prompt_draw(struct ui *ui);
/* ui_span.c:
 * Span actions shared by the reader and the annotations pane (delete,
 * note, accept, reject, accept-all, propagate, label-pick, and
 * suggestion-next/prev, which decisions on suggestions follow): on the
 * selected span in the annotations pane, else on the innermost span under
 * the reader's cursor.  Returns 0 when a is none of them.
 */
int	 ui_span_action(struct ui *ui, enum action a);
/* Tag the reader's selection/word with label (the label-N rules). */
void	 ui_tag_with(struct ui *ui, const char *label, enum action a);
/* ui_dispatch.c: jump to the next/previous match of the reader search. */
void	 ui_search_again(struct ui *ui, int backward);
/* ui_services.c: articles list: set or clear the full-text search. */
void	 ui_list_find(struct ui *ui, const char *query);
/* The list's filters (tag, done/todo; the search is FOUND apart): whether
   one is on, what they are ("tag=todo, not done" appended to b), and
   taking them all off (the search too). */
int	 ui_list_filtered(const struct ui *ui);
void	 ui_list_filter_describe(const struct ui *ui, struct buf *b);
void	 ui_list_filter_clear(struct ui *ui);

/* ui_command.c: `:` commands, and the prompt's client for them. */
extern const struct ui_prompt_client ui_command_prompt;
void	 ui_command_run(struct ui *ui, const char *line);
/* Open article id in the reader, the list's filter set aside when it
   hides it (:goto). */
int	 ui_goto_article(struct ui *ui, int64_t id, char **errp);
/* Complete the last word of line; returns a new string or NULL. */
char	*ui_command_complete(struct ui *ui, const char *line);
/* Line i of the help on commands and options (0 past the last one). */
int	 ui_command_help(size_t i, struct buf *what, struct buf *help);

/*
 * ui_rows.c: a frame draws only the rows whose fingerprint changed.  A
 * fingerprint is built with fp_init and the fp_ functions from everything
 * the row's cells depend on; ui_rows_changed records it for the row at
 * line y, column x and says whether the row must be drawn (then the
 * caller draws all of it, blanks included: draw_blank).
 */
uint64_t fp_init(void);
uint64_t fp_bytes(uint64_t h, const void *p, size_t n);
uint64_t fp_int(uint64_t h, uint64_t v);
uint64_t fp_str(uint64_t h, const char *s);
void	 ui_rows_reset(struct ui_rows *r, int lines);
void	 ui_rows_free(struct ui_rows *r);
int	 ui_rows_changed(struct ui_rows *r, int y, int x, uint64_t fp);
/* The row at y, x is drawn again next time (something else drew on it). */
void	 ui_rows_forget(struct ui_rows *r, int y, int x);

/* ui_draw.c: sanitised drawing on stdscr. */
void	 draw_init_colors(struct ui *ui);
/* Draw s[0..len) at y,x in at most w columns; returns columns used. */
int	 draw_text(int y, int x, int w, const char *s, size_t len,
	    unsigned attr, short pair);
int	 draw_str(int y, int x, int w, const char *s, unsigned attr,
	    short pair);
/* The same, cut at the start ("…tail") when too wide. */
int	 draw_str_tail(int y, int x, int w, const char *s, unsigned attr,
	    short pair);
void	 draw_fill(int y, int x, int w, unsigned attr, short pair);
/* Blank w columns of line y from x (a row ui_rows_changed says to draw). */
void	 draw_blank(int y, int x, int w);
/* A pane that draws all its rows each frame: blank them first and forget
   them (the title bar keeps its own fingerprint). */
void	 draw_blank_pane(struct ui *ui, const struct layout_rect *r);
/*
 * A run of cells drawn left to right from y,x and put on the screen at
 * once (draw_run_flush), rather than a cell at a time.
 */
#define DRAW_RUN_MAX 256
struct draw_run {
	int	 y, x;		/* where the cells not yet flushed start */
	int	 n;
	int	 cols;		/* their columns */
	unsigned attr;		/* the rendition of cc[n - 1] */
	short	 pair;
	cchar_t	 cc[DRAW_RUN_MAX];
};
void	 draw_run_start(struct draw_run *r, int y, int x);
void	 draw_run_cell(struct draw_run *r, const struct text_cell *c,
	    unsigned attr, short pair);
/* n spaces. */
void	 draw_run_blank(struct draw_run *r, int n, unsigned attr, short pair);
/* As draw_text, into the run; returns the columns added. */
int	 draw_run_text(struct draw_run *r, int w, const char *s, size_t len,
	    unsigned attr, short pair);
void	 draw_run_flush(struct draw_run *r);
/* Draw one text cell at y,x (width columns). */
void	 draw_cell(int y, int x, const struct text_cell *c, unsigned attr,
	    short pair);
/* The colour pair and attributes of label name, for spans and legends. */
void	 draw_label_style(struct ui *ui, const char *label, unsigned *attr,
	    short *pair);
/* How search hits are drawn. */
void	 draw_hit_style(struct ui *ui, unsigned *attr, short *pair);
void	 draw_title_bar(struct ui *ui, const struct layout_rect *r,
	    int focused, const char *title, const char *right);

#endif
