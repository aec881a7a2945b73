/*
 * cmd_tui.c: margin without a command: read the config and keymaps, open
 * the database and run the TUI.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "margin/cli.h"
#include "margin/config.h"
#include "margin/keymap.h"
#include "margin/options.h"
#include "margin/store.h"
#include "margin/ui.h"
#include "margin/util.h"

static int
cmd_tui(struct cli *c)
{
	if (c->argc > 0)
		cli_usage_error("unknown command \"%s\"", c->argv[0]);
	return cli_run_tui(c, NULL);
}

int
cli_run_tui(struct cli *c, const struct ui_config *review)
{
	struct ui_config	 uc;
	struct buf		 messages = BUF_INIT;
	struct keymap		*km = keymap_new();
	char			*annotator, *err = NULL, *first = NULL;
	size_t			 errors;
	int			 rc = 0;

	memset(&uc, 0, sizeof(uc));
	if (review != NULL) {
		uc.review_a = review->review_a;
		uc.review_b = review->review_b;
		uc.review_gold = review->review_gold;
		uc.review_flags = review->review_flags;
	}
	options_init(&uc.options);
	/* The first problem is shown in the TUI; all go to stderr later. */
	errors = cli_load_config(c, km, &uc.options, &messages);

	annotator = cli_annotator(c);
	uc.store = cli_open_store(c, annotator, 0);
	uc.keymap = km;
	uc.annotator = annotator;
	uc.script = c->script;
	uc.cols = c->cols;
	uc.rows = c->rows;
	/* MARGIN_REDRAW=full: every frame drawn whole, to compare with. */
	uc.full_redraw = getenv("MARGIN_REDRAW") != NULL &&
	    strcmp(getenv("MARGIN_REDRAW"), "full") == 0;
	if (messages.len > 0) {
		size_t	 n = strcspn(messages.data, "\n");

		first = errors > 1 ? xasprintf("%.*s (and %zu more: see "
		    "stderr after quitting)", (int)n, messages.data,
		    errors - 1) : xstrndup(messages.data, n);
		uc.startup_message = first;
		uc.startup_error = errors > 0;
	} else if (store_readonly_reason(uc.store) != NULL) {
		uc.startup_message = store_readonly_reason(uc.store);
		uc.startup_error = 1;
	} else if (store_readonly(uc.store))
		uc.startup_message = "the database is open read-only: "
		    "nothing can be changed";
	if (ui_run(&uc, &err) == -1) {
		cli_error("tui", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	if (messages.len > 0)
		cli_eprintf("%s", messages.data);
	buf_free(&messages);
	free(first);
	store_close(uc.store);
	keymap_free(km);
	free(annotator);
	return rc;
}

const struct command cmd_tui_entry = {
	.name = "",
	.summary = "open the reader",
	.usage = "",
	.help = "",
	.run = cmd_tui,
};
