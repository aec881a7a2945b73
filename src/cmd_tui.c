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

struct tui_messages {
	struct buf	 text;
	size_t		 errors;
	struct options	*options;
};

static void
tui_config_message(void *ctx, int is_error, const char *text)
{
	struct tui_messages	*m = ctx;

	if (is_error)
		m->errors++;
	/* The first problem is shown in the TUI; all go to stderr later. */
	buf_adds(&m->text, text);
	buf_addc(&m->text, '\n');
}

static int
tui_set(void *ctx, const char *name, const char *value, char **errp)
{
	struct tui_messages	*m = ctx;

	return options_set(m->options, name, value, errp);
}

static int
cmd_tui(struct cli *c)
{
	struct ui_config	 uc;
	struct config_handlers	 h;
	struct tui_messages	 m;
	struct keymap		*km = keymap_new();
	struct stat		 st;
	char			*annotator, *config, *err = NULL, *first = NULL;
	int			 rc = 0;

	if (c->argc > 0)
		cli_usage_error("unknown command \"%s\"", c->argv[0]);
	memset(&uc, 0, sizeof(uc));
	memset(&m, 0, sizeof(m));
	options_init(&uc.options);
	m.options = &uc.options;
	memset(&h, 0, sizeof(h));
	h.keymap = km;
	h.set = tui_set;
	h.message = tui_config_message;
	h.ctx = &m;
	keymap_load_defaults(km, tui_config_message, &m);
	config = c->config ? xstrdup(c->config) :
	    cli_xdg_path("XDG_CONFIG_HOME", ".config", "config");
	if (c->config != NULL || stat(config, &st) == 0)
		config_parse_file(config, &h);
	free(config);
	if (c->keymap != NULL)
		config_parse_file(c->keymap, &h);

	annotator = cli_annotator(c);
	uc.store = cli_open_store(c, annotator, 0);
	uc.keymap = km;
	uc.annotator = annotator;
	uc.script = c->script;
	uc.cols = c->cols;
	uc.rows = c->rows;
	if (m.text.len > 0) {
		size_t	 n = strcspn(m.text.data, "\n");

		first = m.errors > 1 ? xasprintf("%.*s (and %zu more: see "
		    "stderr after quitting)", (int)n, m.text.data,
		    m.errors - 1) : xstrndup(m.text.data, n);
		uc.startup_message = first;
		uc.startup_error = m.errors > 0;
	} else if (store_readonly(uc.store))
		uc.startup_message = "the database is open read-only: "
		    "nothing can be changed";
	if (ui_run(&uc, &err) == -1) {
		cli_error("tui", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	if (m.text.len > 0)
		fputs(m.text.data, stderr);
	buf_free(&m.text);
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
