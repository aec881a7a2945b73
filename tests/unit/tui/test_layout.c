/*
 * test_layout.c: pane geometry as text (SPEC §6: three panes at 100
 * columns or more, two below 100 (a side pane of a quarter), one below
 * 60; down to 20x5; set annotations).
 */
#include <stdlib.h>

#include "check.h"
#include "layout.h"

static char *
describe(int cols, int rows, enum layout_pane focus, int panes,
    enum layout_annotations ann)
{
	struct layout	 l;

	layout_compute(&l, cols, rows, focus, panes, ann);
	return layout_describe(&l);
}

#define CHECK_LAYOUT_ANN(cols, rows, focus, panes, ann, want) do {	\
	char *got_ = describe(cols, rows, focus, panes, ann);		\
	CHECK_STR(got_, want);						\
	free(got_);							\
} while (0)
#define CHECK_LAYOUT(cols, rows, focus, panes, want) do {		\
	char *got_ = describe(cols, rows, focus, panes, LAYOUT_ANN_AUTO); \
	CHECK_STR(got_, want);						\
	free(got_);							\
} while (0)

static void
test_three_panes_from_100_columns(void)
{
	CHECK_LAYOUT(120, 40, LAYOUT_LIST, 3, "120x40: list 0,0 29x38 "
	    "reader 30,0 59x38 annotations 90,0 30x38 status 38 prompt 39");
	CHECK_LAYOUT(100, 30, LAYOUT_READER, 3, "100x30: list 0,0 24x28 "
	    "reader 25,0 49x28 annotations 75,0 25x28 status 28 prompt 29");
}

static void
test_two_panes_below_100_follow_focus(void)
{
	/* At 80x24 the reader has 59 columns, the side pane 20. */
	CHECK_LAYOUT(80, 24, LAYOUT_LIST, 3, "80x24: list 0,0 20x22 "
	    "reader 21,0 59x22 status 22 prompt 23");
	CHECK_LAYOUT(80, 24, LAYOUT_READER, 3, "80x24: list 0,0 20x22 "
	    "reader 21,0 59x22 status 22 prompt 23");
	CHECK_LAYOUT(80, 24, LAYOUT_ANNOTATIONS, 3, "80x24: reader 0,0 "
	    "59x22 annotations 60,0 20x22 status 22 prompt 23");
	CHECK_LAYOUT(99, 24, LAYOUT_ANNOTATIONS, 3, "99x24: reader 0,0 "
	    "74x22 annotations 75,0 24x22 status 22 prompt 23");
	CHECK_LAYOUT(60, 20, LAYOUT_LIST, 3, "60x20: list 0,0 19x18 "
	    "reader 20,0 40x18 status 18 prompt 19");
}

static void
test_annotations_option(void)
{
	/* on: beside the reader unless the list has the focus. */
	CHECK_LAYOUT_ANN(80, 24, LAYOUT_READER, 3, LAYOUT_ANN_ON, "80x24: "
	    "reader 0,0 59x22 annotations 60,0 20x22 status 22 prompt 23");
	CHECK_LAYOUT_ANN(80, 24, LAYOUT_LIST, 3, LAYOUT_ANN_ON, "80x24: "
	    "list 0,0 20x22 reader 21,0 59x22 status 22 prompt 23");
	/* off: never, the reader takes the room at 100 columns and more. */
	CHECK_LAYOUT_ANN(120, 40, LAYOUT_READER, 3, LAYOUT_ANN_OFF, "120x40: "
	    "list 0,0 29x38 reader 30,0 90x38 status 38 prompt 39");
	CHECK_LAYOUT_ANN(80, 24, LAYOUT_ANNOTATIONS, 3, LAYOUT_ANN_OFF,
	    "80x24: list 0,0 20x22 reader 21,0 59x22 status 22 prompt 23");
	CHECK_LAYOUT_ANN(50, 15, LAYOUT_ANNOTATIONS, 3, LAYOUT_ANN_OFF,
	    "50x15: reader 0,0 50x13 status 13 prompt 14");
	CHECK_LAYOUT_ANN(120, 40, LAYOUT_LIST, 3, LAYOUT_ANN_ON, "120x40: "
	    "list 0,0 29x38 reader 30,0 59x38 annotations 90,0 30x38 "
	    "status 38 prompt 39");
}

/* The reader's width never depends on which pane has the focus. */
static void
test_reader_width_does_not_follow_the_focus(void)
{
	int	 cols, f, a;

	for (cols = 1; cols <= 300; cols++)
		for (a = LAYOUT_ANN_AUTO; a <= LAYOUT_ANN_OFF; a++) {
			int	 w = -1;

			for (f = 0; f < LAYOUT_NPANES; f++) {
				struct layout	 l;

				layout_compute(&l, cols, 24, f, 3, a);
				if (!layout_shown(&l, LAYOUT_READER))
					continue;
				CHECK_MSG(w < 0 || w == l.pane[LAYOUT_READER].w,
				    "%d columns, annotations %d, focus %d: "
				    "reader %d wide, %d before", cols, a, f,
				    l.pane[LAYOUT_READER].w, w);
				w = l.pane[LAYOUT_READER].w;
			}
		}
}

static void
test_one_pane_below_60(void)
{
	CHECK_LAYOUT(59, 20, LAYOUT_READER, 3,
	    "59x20: reader 0,0 59x18 status 18 prompt 19");
	CHECK_LAYOUT(20, 5, LAYOUT_ANNOTATIONS, 3,
	    "20x5: annotations 0,0 20x3 status 3 prompt 4");
}

static void
test_panes_option_caps_the_count(void)
{
	CHECK_LAYOUT(150, 40, LAYOUT_READER, 1,
	    "150x40: reader 0,0 150x38 status 38 prompt 39");
	CHECK_LAYOUT(150, 40, LAYOUT_LIST, 2, "150x40: list 0,0 37x38 "
	    "reader 38,0 112x38 status 38 prompt 39");
}

static void
test_tiny_screens_keep_a_pane(void)
{
	CHECK_LAYOUT(1, 1, LAYOUT_LIST, 3, "1x1: list 0,0 1x1");
	CHECK_LAYOUT(10, 2, LAYOUT_LIST, 3, "10x2: list 0,0 10x1 status 1");
}

static void
test_panes_do_not_overlap_and_fill_the_width(void)
{
	int	 cols, rows = 24, f, i;

	for (cols = 1; cols <= 300; cols++)
		for (f = 0; f < LAYOUT_NPANES; f++) {
			struct layout	 l;
			int		 used = 0, n = 0, last_end = -1;

			layout_compute(&l, cols, rows, f, 3,
			    LAYOUT_ANN_AUTO);
			for (i = 0; i < LAYOUT_NPANES; i++) {
				if (!layout_shown(&l, i))
					continue;
				n++;
				CHECK_MSG(l.pane[i].x > last_end,
				    "%dx%d: pane %d overlaps", cols, rows, i);
				last_end = l.pane[i].x + l.pane[i].w - 1;
				used += l.pane[i].w;
			}
			CHECK_MSG(used + n - 1 == cols, "%dx%d focus %d: "
			    "%d columns used of %d", cols, rows, f,
			    used + n - 1, cols);
			CHECK_MSG(layout_shown(&l, f), "%dx%d: the focused "
			    "pane %d is hidden", cols, rows, f);
		}
}

static const struct check_test tests[] = {
	{ "layout: three panes from 100 columns", test_three_panes_from_100_columns },
	{ "layout: two panes below 100 follow the focus", test_two_panes_below_100_follow_focus },
	{ "layout: set annotations on and off", test_annotations_option },
	{ "layout: the reader's width does not follow the focus", test_reader_width_does_not_follow_the_focus },
	{ "layout: one pane below 60 columns", test_one_pane_below_60 },
	{ "layout: set panes caps the count", test_panes_option_caps_the_count },
	{ "layout: tiny screens keep a pane", test_tiny_screens_keep_a_pane },
	{ "layout: panes never overlap and fill the width", test_panes_do_not_overlap_and_fill_the_width },
};

CHECK_MAIN(tests)
