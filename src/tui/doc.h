/*
 * doc.h: one article opened for reading and tagging, as data: paragraphs,
 * their wrapped rows and words (computed lazily, only for what is looked
 * at), the word cursor, the selection, the scroll position and the spans.
 * The reader pane draws it; no curses here, so all of it is unit-tested.
 *
 * Positions inside the text are byte offsets into the canonical text; the
 * store speaks code points, and doc converts at that boundary.
 */
#ifndef MARGIN_DOC_H
#define MARGIN_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "margin/store.h"
#include "margin/text.h"

/* Layout and words of one paragraph, cached for a few hundred paragraphs:
   an article of a million lines costs what the screen shows. */
#define DOC_CACHE_SIZE 256
struct doc_cache {
	size_t			 para;		/* SIZE_MAX: empty slot */
	int			 width;
	int			 wrapped;	/* rows are for width (0 after
						   the spans changed) */
	int			 has_words;	/* words computed (the cursor
						   came here) */
	struct text_row		*rows;
	size_t			 nrows;
	struct text_token	*words;		/* word tokens only, absolute */
	size_t			 nwords;
};

/* A screen row: which paragraph, which of its wrapped rows. */
struct doc_pos {
	size_t	para;
	size_t	row;
};

struct doc {
	struct store_article	 article;
	struct text_offsets	 offsets;
	size_t			*para_start;	/* byte offset of each paragraph */
	size_t			 npara;
	struct doc_cache	 cache[DOC_CACHE_SIZE];
	int			 width;		/* wrap width in columns */
	int			 height;	/* rows shown */

	struct store_span	*spans;		/* text order */
	size_t			 nspans;
	size_t			 ndamaged;	/* stored spans left out: their
						   offsets do not fit the text */
	char			*view;		/* whose spans are loaded: an
						   annotator, or NULL for all */
	struct store_relation	*relations;	/* between the spans loaded,
						   in the order of their
						   first span */
	size_t			 nrelations;
	size_t			*by_end;	/* span indices by end, inner
						   first */
	int			*tag_width;	/* columns of each span's
						   inline tag */
	int			 inline_labels;	/* the wrap leaves room for
						   them (doc_set_inline) */

	int			 has_cursor;	/* the text has a word */
	size_t			 cur_start;	/* the word under the cursor */
	size_t			 cur_end;
	int			 goal_col;	/* column kept by line moves */

	int			 selecting;
	size_t			 anchor_start;	/* the word where v was pressed */
	size_t			 anchor_end;
	size_t			 sel_start;
	size_t			 sel_end;

	struct doc_pos		 top;		/* first row shown */
};

void	 doc_init(struct doc *d);
/* Open article id (replacing what was open) with the spans of view (an
   annotator, or NULL for everyone's); done is for annotator. */
int	 doc_open(struct doc *d, struct store *s, int64_t id,
	    const char *annotator, const char *view, char **errp);
void	 doc_close(struct doc *d);
int	 doc_is_open(const struct doc *d);
/* Reload the spans (of view, as opened or set here). */
int	 doc_reload_spans(struct doc *d, struct store *s, char **errp);
int	 doc_set_view(struct doc *d, struct store *s, const char *view,
	    char **errp);

/*
 * Inline labels (set label-style): each span drawn as "[text]LABEL" ("?"
 * after a suggestion's label), the brackets and the label decorations
 * that the wrap makes room for, so that they are never cut and never
 * cover text.  They are no text: the cursor, words, offsets and
 * selections do not see them; only columns do (line moves, clicks).
 * Keeps the top row's text.
 */
void	 doc_set_inline(struct doc *d, int on);
/* The inline tag of span i ("]PER", "]PER?"): a new string. */
char	*doc_inline_tag(const struct doc *d, size_t i);
/* The spans whose "[" is drawn before the cell [start, end): those that
   start in it, d->spans[*first .. *first + n), outermost first (the
   order is text order: of the spans that start together, the longer
   first). */
size_t	 doc_spans_opening(const struct doc *d, size_t start, size_t end,
	    size_t *first);
/* The spans whose tag is drawn after the cell [start, end): those that
   end in it, innermost first: (*idx)[0 .. n) index d->spans. */
size_t	 doc_spans_closing(const struct doc *d, size_t start, size_t end,
	    const size_t **idx);
/* The columns drawn before and after the cell (0 without inline labels). */
void	 doc_decoration(const struct doc *d, size_t start, size_t end,
	    int *before, int *after);

/* Set the wrap width and the rows shown; keeps the top row's text. */
void	 doc_set_size(struct doc *d, int width, int height);

/* Paragraph geometry. */
size_t	 doc_para_end(const struct doc *d, size_t para);
size_t	 doc_para_nrows(struct doc *d, size_t para);
struct text_row doc_para_row(struct doc *d, size_t para, size_t row);
/* Step to the next/previous screen row; 0 at the end/start. */
int	 doc_pos_next(struct doc *d, struct doc_pos *p);
int	 doc_pos_prev(struct doc *d, struct doc_pos *p);
/* The row that holds byte offset off. */
struct doc_pos doc_pos_of(struct doc *d, size_t off);
int	 doc_pos_cmp(struct doc_pos a, struct doc_pos b);

/* Cursor moves; each returns 0 when the cursor could not move. */
int	 doc_word_next(struct doc *d);
int	 doc_word_prev(struct doc *d);
int	 doc_line_down(struct doc *d);
int	 doc_line_up(struct doc *d);
int	 doc_page_down(struct doc *d);
int	 doc_page_up(struct doc *d);
int	 doc_top(struct doc *d);
int	 doc_bottom(struct doc *d);
/* Put the cursor on the word at or after off (or before, at the end). */
int	 doc_cursor_to(struct doc *d, size_t off);
/* Scroll n rows (negative: up) and keep the cursor on the screen. */
void	 doc_scroll(struct doc *d, int n);
/* The byte offset drawn at column col of screen row y (from the top). */
int	 doc_offset_at(struct doc *d, int y, int col, size_t *off);
/* Scroll so that the cursor row is shown. */
void	 doc_scroll_to_cursor(struct doc *d);

/* Selection (§6.1 select, extend-char, shrink-char). */
void	 doc_select_toggle(struct doc *d);
void	 doc_select_cancel(struct doc *d);
int	 doc_extend_char(struct doc *d);
int	 doc_shrink_char(struct doc *d);
/* The selection without the white space it starts or ends with: what
   label-N stores (empty when it is all blank). */
void	 doc_selection_bounds(const struct doc *d, size_t *start,
	    size_t *end);
/* That holds a line end, a paragraph break. */
int	 doc_selection_crosses_paragraph(const struct doc *d);

/* The innermost span (of annotator, or any when NULL) covering byte
   offset off, or -1. */
long	 doc_span_at(const struct doc *d, size_t off, const char *annotator);
/* The index of span id among the loaded spans, or -1. */
long	 doc_span_index(const struct doc *d, int64_t id);
/* The span of annotator with exactly those bounds, or -1. */
long	 doc_span_exact(const struct doc *d, size_t start, size_t end,
	    const char *annotator);
/* Index of the first span starting after / last span starting before the
   cursor, or -1. */
long	 doc_span_after(const struct doc *d, size_t off);
long	 doc_span_before(const struct doc *d, size_t off);

/*
 * label-N (§6.1): with a selection, tag it without the white space it
 * starts or ends with (or relabel a span of mine with exactly those
 * bounds); without one, relabel the innermost span of mine
 * under the cursor, or tag the word.  *what receives a message for the
 * status line.  The change is committed before this returns.
 */
int	 doc_tag(struct doc *d, struct store *s, const char *label,
	    const char *annotator, char **what, char **errp);
/*
 * Search (§6): the next match of the folded needle (search_fold) starting
 * at or after byte from, or the last one before it (backward), wrapping
 * round the article; *wrapped tells when it did.  Returns 1 and the
 * match's byte range, 0 when there is none.
 */
int	 doc_search(struct doc *d, const char *needle, size_t nlen, size_t from,
	    int backward, size_t *start, size_t *end, int *wrapped);

/* Relabel span i (already that label: nothing changes); a suggestion is
   accepted with label instead.  *what says what happened, for the status
   line. */
int	 doc_relabel(struct doc *d, struct store *s, size_t i,
	    const char *label, char **what, char **errp);

/* Delete the innermost span of annotator under the cursor. */
int	 doc_delete_at_cursor(struct doc *d, struct store *s,
	    const char *annotator, char **what, char **errp);

#endif
