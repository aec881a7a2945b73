/*
 * pane.h: what the UI modules share: the state of one TUI session and the
 * table of operations each pane fills in (list, reader, annotations).
 * Adding a pane means writing one file that fills struct pane_ops.
 * Only ui*.c and pane_*.c include this (and curses).
 */
#ifndef MARGIN_PANE_H
#define MARGIN_PANE_H

#include <stddef.h>
#include <stdint.h>

#include "margin/actions.h"
#include "margin/doc.h"
#include "margin/keymap.h"
#include "margin/layout.h"
#include "margin/options.h"
#include "margin/store.h"

struct ui;

struct pane_ops {
	const char		*name;
	enum keymap_context	 context;
	/* Draw into rect (the first row is the pane's title bar). */
	void	(*draw)(struct ui *ui, const struct layout_rect *r, int focused);
	/* Perform action; 0 when the pane has nothing to do with it. */
	int	(*action)(struct ui *ui, enum action a);
};

extern const struct pane_ops pane_list_ops;
extern const struct pane_ops pane_reader_ops;
extern const struct pane_ops pane_annotations_ops;

/* The articles list, as a window onto the store's filtered list. */
struct ui_list {
	struct store_article_filter	 filter;
	size_t				 count;
	size_t				 selected;
	size_t				 top;
	struct store_article		*rows;	/* rows top .. top+nrows */
	size_t				 nrows;
	size_t				 rows_top;
	int				 stale;
	size_t				 done;	/* done by me */
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

	struct keyseq		 pending;
	char			*message;
	int			 message_error;
	int			 help;
	int			 quit;
	int			 color;		/* colours in use */
};

/* ui.c */
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

/* ui_draw.c: sanitised drawing on stdscr. */
void	 draw_init_colors(struct ui *ui);
/* Draw s[0..len) at y,x in at most w columns; returns columns used. */
int	 draw_text(int y, int x, int w, const char *s, size_t len,
	    unsigned attr, short pair);
int	 draw_str(int y, int x, int w, const char *s, unsigned attr,
	    short pair);
void	 draw_fill(int y, int x, int w, unsigned attr, short pair);
/* Draw one text cell at y,x (width columns). */
void	 draw_cell(int y, int x, const struct text_cell *c, unsigned attr,
	    short pair);
/* The colour pair and attributes of label name, for spans and legends. */
void	 draw_label_style(struct ui *ui, const char *label, unsigned *attr,
	    short *pair);
void	 draw_title_bar(struct ui *ui, const struct layout_rect *r,
	    int focused, const char *title, const char *right);

#endif
