/*
 * ui_rows.c: what each row of the screen was last drawn from, so that a
 * frame draws again only the rows whose inputs changed.  ncurses sends the
 * terminal only the cells that differ; this keeps margin from building
 * again, cell by cell, the rows that did not (SPEC §6: a key costs what
 * it changes on the screen).
 *
 * A row is a screen line and the column it starts at: the panes side by
 * side each own a part of one line.  What a row is drawn from is given as
 * a fingerprint, a 64-bit hash of everything its cells depend on (the
 * text, spans, cursor and styles that fall on it); the state that the
 * whole screen depends on (size, layout, colours, labels, overlays) is
 * hashed by ui_screen.c, and a change there clears the screen and forgets
 * every row.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pane.h"
#include "margin/util.h"

/* FNV-1a (fnv1a), and a final mix so that near values spread. */
uint64_t
fp_init(void)
{
	return FNV1A_BASIS;
}

uint64_t
fp_bytes(uint64_t h, const void *p, size_t n)
{
	return fnv1a(h, p, n);
}

uint64_t
fp_int(uint64_t h, uint64_t v)
{
	h ^= v + UINT64_C(0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
	h *= UINT64_C(0x100000001b3);
	return h;
}

uint64_t
fp_str(uint64_t h, const char *s)
{
	if (s == NULL)
		return fp_int(h, UINT64_C(0xa5a5a5a5));
	/* The length first, so that "ab","c" differs from "a","bc". */
	h = fp_int(h, strlen(s));
	return fp_bytes(h, s, strlen(s));
}

/* A fingerprint is never 0: 0 marks a row not drawn from anything known. */
static uint64_t
fp_final(uint64_t h)
{
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h != 0 ? h : 1;
}

void
ui_rows_free(struct ui_rows *r)
{
	free(r->slot);
	memset(r, 0, sizeof(*r));
}

void
ui_rows_reset(struct ui_rows *r, int lines)
{
	if (lines < 0)
		lines = 0;
	if (lines != r->lines) {
		free(r->slot);
		r->slot = xreallocarray(NULL, (size_t)(lines ? lines : 1) *
		    UI_ROWS_PER_LINE, sizeof(*r->slot));
		r->lines = lines;
	}
	memset(r->slot, 0, (size_t)(lines ? lines : 1) * UI_ROWS_PER_LINE *
	    sizeof(*r->slot));
}

/* The slot of the row at line y, column x (a free one if none), or NULL. */
static struct ui_row_slot *
ui_rows_slot(struct ui_rows *r, int y, int x)
{
	struct ui_row_slot	*line, *free_slot = NULL;
	int			 i;

	if (y < 0 || y >= r->lines)
		return NULL;
	line = &r->slot[(size_t)y * UI_ROWS_PER_LINE];
	for (i = 0; i < UI_ROWS_PER_LINE; i++) {
		if (line[i].used && line[i].x == x)
			return &line[i];
		if (!line[i].used && free_slot == NULL)
			free_slot = &line[i];
	}
	if (free_slot != NULL) {
		free_slot->used = 1;
		free_slot->x = x;
		free_slot->fp = 0;
	}
	return free_slot;
}

int
ui_rows_changed(struct ui_rows *r, int y, int x, uint64_t fp)
{
	struct ui_row_slot	*s = ui_rows_slot(r, y, x);

	fp = fp_final(fp);
	if (s == NULL)
		return 1;
	if (s->fp == fp)
		return 0;
	s->fp = fp;
	return 1;
}

void
ui_rows_forget(struct ui_rows *r, int y, int x)
{
	struct ui_row_slot	*s = ui_rows_slot(r, y, x);

	if (s != NULL)
		s->fp = 0;
}
