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
#include "margin/labels.h"
#include "margin/store.h"
#include "margin/util.h"

/* labels load [--replace] NAME: the file's lines, then what changed. */
static int
cli_labels_load(struct store *s, const char *name, int replace)
{
	struct labels_result	 r;
	char			*err = NULL;
	size_t			 i;
	int			 rc = 0;

	if (labels_load(s, name, replace, &r, &err) == -1) {
		for (i = 0; i < r.nlines; i++)
			cli_eprintf("margin: %s\n", r.lines[i]);
		cli_eprintf("margin: labels: load: %s; no labels loaded\n",
		    err != NULL ? err : "failed");
		rc = EXIT_RUNTIME;
	} else {
		for (i = 0; i < r.nlines; i++)
			cli_eprintf("margin: labels: %s\n", r.lines[i]);
		cli_eprintf("margin: labels: %s\n", r.summary);
	}
	free(err);
	labels_result_free(&r);
	return rc;
}

/* labels schemas: the names load knows, with the file each one is. */
static void
cli_labels_schemas(void)
{
	char	**names, *path, *err = NULL;
	size_t	  n, i;

	labels_available(&names, &n);
	for (i = 0; i < n; i++) {
		struct buf	 row = BUF_INIT;

		if (labels_find(names[i], &path, &err) == -1) {
			free(err);
			err = NULL;
			continue;
		}
		buf_printf(&row, "%s\t%s\n", names[i], path);
		cli_print(stdout, row.data, row.len);
		buf_free(&row);
		free(path);
	}
	store_strings_free(names, n);
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
		const char	*name = NULL;
		int		 replace = 0;

		for (int a = 1; a < c->argc; a++) {
			if (strcmp(c->argv[a], "--replace") == 0)
				replace = 1;
			else if (strcmp(c->argv[a], "--merge") == 0)
				replace = 0;
			else if (name == NULL && c->argv[a][0] != '-')
				name = c->argv[a];
			else
				cli_usage_error("unexpected argument %s",
				    c->argv[a]);
		}
		if (name == NULL)
			cli_usage_error("load needs a FILE or a schema name "
			    "(`margin labels schemas` lists them)");
		s = cli_open_store(c, annotator, 0);
		rc = cli_labels_load(s, name, replace);
	} else if (strcmp(sub, "schemas") == 0) {
		if (c->argc > 1)
			cli_usage_error("schemas takes no arguments");
		cli_labels_schemas();
		free(annotator);
		return 0;
	} else
		cli_usage_error("unknown labels command \"%s\" (list, add, "
		    "rm, load, schemas)", sub);
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
	"[--desc TEXT] | rm NAME | load [--replace]\n"
	"FILE|NAME | schemas]",
	.help =
	"Show or change the label schema of the database.\n"
	"  list             the labels: name, key, colour, description\n"
	"  add NAME         add a label, or change an existing one\n"
	"  rm NAME          remove a label no span uses\n"
	"  load FILE|NAME   merge the labels of a schema file (or of a\n"
	"                   schema NAME: conll, ontonotes) into the schema;\n"
	"                   a key it gives moves from the label that had it\n"
	"  load --replace FILE|NAME\n"
	"                   make the file's labels the schema, in its order;\n"
	"                   a label it leaves out is removed, or kept while\n"
	"                   spans use it\n"
	"  schemas          the schema names load knows, and their files\n",
	.run = cmd_labels,
};
