/*
 * cmd_labels.c: `margin labels`: show and change the label schema; a
 * schema file is loaded in one transaction, all of it or nothing.
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

/* The labels of a schema file, read whole before any is added. */
struct labels_load {
	struct config_label	*v;
	size_t			 n;
};

static char *
cli_dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
cli_label_line(void *ctx, const struct config_label *l, char **errp)
{
	struct labels_load	*ll = ctx;
	struct config_label	*copy;

	(void)errp;
	ll->v = xreallocarray(ll->v, ll->n + 1, sizeof(*ll->v));
	copy = &ll->v[ll->n++];
	copy->name = xstrdup(l->name);
	/* What a line leaves out (NULL) stays as the label has it. */
	copy->key = cli_dup_or_null(l->key);
	copy->color = cli_dup_or_null(l->color);
	copy->description = cli_dup_or_null(l->description);
	return 0;
}

static void
cli_labels_load_free(struct labels_load *ll)
{
	size_t	 i;

	for (i = 0; i < ll->n; i++) {
		free(ll->v[i].name);
		free(ll->v[i].key);
		free(ll->v[i].color);
		free(ll->v[i].description);
	}
	free(ll->v);
}

/* All the labels in one transaction: all of them, or none (a full disk
   is one error, not one per label). */
static int
cli_labels_add_all(struct store *s, const struct labels_load *ll,
    char **errp)
{
	const struct config_label	*l;
	size_t				 i;

	if (store_txn_begin(s, errp) == -1)
		return -1;
	for (i = 0; i < ll->n; i++) {
		l = &ll->v[i];
		if (store_label_add(s, l->name, l->key, l->color,
		    l->description, errp) == -1) {
			store_txn_rollback(s);
			return -1;
		}
	}
	return store_txn_commit(s, errp);
}

static void
cli_config_message(void *ctx, int is_error, const char *text)
{
	(void)ctx;
	(void)is_error;
	cli_eprintf("margin: %s\n", text);
}

/* labels load FILE: read it whole, then add its labels, or none. */
static int
cli_labels_load(struct store *s, const char *path)
{
	struct config_handlers	 h;
	struct labels_load	 ll;
	char			*err = NULL;
	int			 errors, rc = 0;

	memset(&h, 0, sizeof(h));
	memset(&ll, 0, sizeof(ll));
	h.label = cli_label_line;
	h.message = cli_config_message;
	h.ctx = &ll;
	if ((errors = config_parse_file(path, &h)) > 0) {
		cli_eprintf("margin: labels: load %s: %d error%s; no labels "
		    "loaded\n", path, errors, errors == 1 ? "" : "s");
		rc = EXIT_RUNTIME;
	} else if (cli_labels_add_all(s, &ll, &err) == -1) {
		cli_eprintf("margin: labels: load %s: %s; no labels loaded\n",
		    path, err != NULL ? err : "failed");
		rc = EXIT_RUNTIME;
	} else
		cli_eprintf("margin: labels: %zu label%s loaded from %s\n",
		    ll.n, ll.n == 1 ? "" : "s", path);
	free(err);
	cli_labels_load_free(&ll);
	return rc;
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
		if (c->argc != 2)
			cli_usage_error("load needs exactly one FILE");
		s = cli_open_store(c, annotator, 0);
		rc = cli_labels_load(s, c->argv[1]);
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
