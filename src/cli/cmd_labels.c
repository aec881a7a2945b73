/*
 * cmd_labels.c: `margin labels`: show and change the label schema.
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
#include "margin/store.h"
#include "margin/util.h"

struct labels_load {
	struct store	*store;
	size_t		 added;
};

static int
cli_label_line(void *ctx, const struct config_label *l, char **errp)
{
	struct labels_load	*ll = ctx;

	/* What a line leaves out (NULL) stays as the label has it. */
	if (store_label_add(ll->store, l->name, l->key, l->color,
	    l->description, errp) == -1)
		return -1;
	ll->added++;
	return 0;
}

static void
cli_config_message(void *ctx, int is_error, const char *text)
{
	(void)ctx;
	(void)is_error;
	cli_eprintf("margin: %s\n", text);
}

static int
cmd_labels(struct cli *c)
{
	struct store_label	*v = NULL;
	struct store		*s;
	const char		*sub = c->argc > 0 ? c->argv[0] : "list";
	const char		*key = NULL, *color = NULL, *desc = NULL;
	const char		*val;
	int			 colour;
	char			*annotator, *err = NULL;
	size_t			 n = 0, i;
	int			 rc = 0;

	annotator = cli_annotator(c);
	if (strcmp(sub, "list") == 0) {
		if (c->argc > 1)
			cli_usage_error("list takes no arguments");
		s = cli_open_store(c, annotator, 1);
		if (store_label_list(s, &v, &n, &err) == -1) {
			cli_error("labels", err);
			rc = EXIT_RUNTIME;
		}
		for (i = 0; i < n; i++) {
			struct buf	 row = BUF_INIT;

			buf_printf(&row, "%s\t%s\t%s\t%s\n", v[i].name,
			    v[i].key, v[i].color, v[i].description);
			cli_print(stdout, row.data, row.len);
			buf_free(&row);
		}
		store_labels_free(v, n);
	} else if (strcmp(sub, "add") == 0) {
		if (c->argc < 2)
			cli_usage_error("add needs a NAME");
		for (int a = 2; a < c->argc; a++) {
			if ((val = cli_value(c->argc, c->argv, &a, "--key",
			    NULL)))
				key = val;
			else if ((val = cli_value(c->argc, c->argv, &a,
			    "--color", NULL)))
				color = val;
			else if ((val = cli_value(c->argc, c->argv, &a,
			    "--desc", NULL)))
				desc = val;
			else
				cli_usage_error("unexpected argument %s",
				    c->argv[a]);
		}
		if (!store_label_valid_name(c->argv[1]))
			cli_usage_error("\"%s\" is not a label name "
			    "([A-Za-z0-9_-]+)", c->argv[1]);
		if (color != NULL && config_color_parse(color, &colour) == -1)
			cli_usage_error("--color: \"%s\" is no colour (a name "
			    "such as red, bright-red, or 0-255)", color);
		if (key != NULL && key[0] != '\0') {
			struct keyseq	 seq;
			char		*warning = NULL;

			if (keymap_parse_keys(key, &seq, &warning, &err) == -1)
				cli_usage_error("--key: %s", err);
			free(warning);
		}
		s = cli_open_store(c, annotator, 0);
		if (store_label_add(s, c->argv[1], key, color, desc,
		    &err) == -1) {
			cli_error("labels: add", err);
			rc = EXIT_RUNTIME;
		}
	} else if (strcmp(sub, "rm") == 0) {
		if (c->argc != 2)
			cli_usage_error("rm needs exactly one NAME");
		s = cli_open_store(c, annotator, 0);
		if (store_label_remove(s, c->argv[1], &err) == -1) {
			cli_error("labels: rm", err);
			rc = EXIT_RUNTIME;
		}
	} else if (strcmp(sub, "load") == 0) {
		struct config_handlers	 h;
		struct labels_load	 ll;

		if (c->argc != 2)
			cli_usage_error("load needs exactly one FILE");
		s = cli_open_store(c, annotator, 0);
		memset(&h, 0, sizeof(h));
		memset(&ll, 0, sizeof(ll));
		ll.store = s;
		h.label = cli_label_line;
		h.message = cli_config_message;
		h.ctx = &ll;
		if (config_parse_file(c->argv[1], &h) > 0)
			rc = EXIT_RUNTIME;
		cli_eprintf("margin: labels: %zu label%s loaded from %s\n",
		    ll.added, ll.added == 1 ? "" : "s", c->argv[1]);
	} else
		cli_usage_error("unknown labels command \"%s\" (list, add, "
		    "rm, load)", sub);
	if (err != NULL)
		free(err);
	store_close(s);
	free(annotator);
	return rc;
}

const struct command cmd_labels_entry = {
	.name = "labels",
	.summary = "show or change the label schema",
	.usage = "[list | add NAME [--key K] [--color C]\n"
	"[--desc TEXT] | rm NAME | load FILE]",
	.help =
	"Show or change the label schema of the database.\n"
	"  list             the labels: name, key, colour, description\n"
	"  add NAME         add a label, or change an existing one\n"
	"  rm NAME          remove a label no span uses\n"
	"  load FILE        add the labels of a schema file\n"
	"                   (see share/labels/*.labels)\n",
	.run = cmd_labels,
};
