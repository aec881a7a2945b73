/*
 * cmd_gazetteer.c: `margin gazetteer` (SPEC §11): load a list of names
 * (one label for all, or NAME<TAB>LABEL lines), list the lists, remove
 * one.  A load replaces the list of its name whole, or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "margin/cli.h"
#include "margin/gazetteer.h"
#include "margin/store.h"
#include "margin/util.h"

/* Names handed to the store at a time, between two looks at Ctrl-C. */
#define GAZETTEER_CHUNK	20000

/* "dir/cities.txt" is "cities". */
static char *
gazetteer_default_name(const char *path)
{
	const char	*base = strrchr(path, '/'), *dot;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return xstrdup(base);
	return xstrndup(base, (size_t)(dot - base));
}

/* Every label used must be one of the database's: those that are not,
   named in the error. */
static int
gazetteer_check_labels(struct store *s, const struct gazetteer_file *gf,
    char **errp)
{
	struct store_label	*labels;
	struct buf		 unknown = BUF_INIT;
	size_t			 nlabels, i, j, nunknown = 0;
	const char		*l, *seen = "";

	if (store_label_list(s, &labels, &nlabels, errp) == -1)
		return -1;
	for (i = 0; i < gf->n; i++) {
		l = gf->v[i].label;
		if (strcmp(l, seen) == 0)
			continue;
		for (j = 0; j < nlabels; j++)
			if (strcmp(labels[j].name, l) == 0)
				break;
		if (j < nlabels) {
			seen = l;
			continue;
		}
		/* Each unknown label once. */
		for (j = 0; j < i; j++)
			if (strcmp(gf->v[j].label, l) == 0)
				break;
		if (j < i)
			continue;
		buf_printf(&unknown, "%s\"%s\"", nunknown > 0 ? ", " : "", l);
		nunknown++;
	}
	store_labels_free(labels, nlabels);
	if (nunknown == 0)
		return 0;
	buf_adds(&unknown, "");
	err_set(errp, "unknown label%s %s (add %s with margin labels add, or "
	    "use the database's)", nunknown > 1 ? "s" : "", unknown.data,
	    nunknown > 1 ? "them" : "it");
	buf_free(&unknown);
	return -1;
}

/* Write the entries in chunks, stopping cleanly at Ctrl-C. */
static int
gazetteer_write(struct store *s, const char *name, int ignore_case,
    const struct gazetteer_file *gf, int *stopped, char **errp)
{
	struct store_gazetteer_load	*l;
	size_t				 at, k;
	int				 tty = isatty(STDERR_FILENO), shown = 0;
	time_t				 last = time(NULL);

	*stopped = 0;
	if (store_gazetteer_load_start(s, name, ignore_case, &l, errp) == -1)
		return -1;
	for (at = 0; at < gf->n; at += k) {
		if (cli_interrupted()) {
			*stopped = 1;
			break;
		}
		k = gf->n - at < GAZETTEER_CHUNK ? gf->n - at :
		    GAZETTEER_CHUNK;
		if (store_gazetteer_load_add(l, gf->v + at, k, errp) == -1) {
			store_gazetteer_load_finish(l, 0, NULL);
			return -1;
		}
		if (tty && time(NULL) != last) {
			last = time(NULL);
			fprintf(stderr, "\r\033[Kloading: %zu of %zu names; "
			    "Ctrl-C stops", at + k, gf->n);
			shown = 1;
		}
	}
	if (shown)
		fputs("\r\033[K", stderr);
	return store_gazetteer_load_finish(l, !*stopped, errp);
}

static int
cmd_gazetteer_load(struct cli *c, int argc, char **argv)
{
	struct gazetteer_file	 gf;
	struct store		*s;
	const char		*file = NULL, *label = NULL, *v;
	char			*name = NULL, *annotator, *err = NULL;
	size_t			 len;
	int			 i, ignore_case = 0, stopped = 0, rc = 0;

	for (i = 0; i < argc; i++) {
		if ((v = cli_value(argc, argv, &i, "--label", "-l")))
			label = v;
		else if ((v = cli_value(argc, argv, &i, "--name", NULL))) {
			free(name);
			name = xstrdup(v);
		} else if (strcmp(argv[i], "--ignore-case") == 0 ||
		    strcmp(argv[i], "-i") == 0)
			ignore_case = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			cli_usage_error("unknown option %s", argv[i]);
		else if (file != NULL)
			cli_usage_error("load takes one FILE");
		else
			file = argv[i];
	}
	if (file == NULL)
		cli_usage_error("load needs a FILE");
	if (label != NULL && !store_label_valid_name(label))
		cli_usage_error("--label: \"%s\" is not a label name", label);
	if (name == NULL)
		name = gazetteer_default_name(file);
	if (name[0] == '\0')
		cli_usage_error("the gazetteer needs a name: give --name");
	memset(&gf, 0, sizeof(gf));
	if (file_read_all(file, &gf.data, &len, &err) == -1 ||
	    gazetteer_parse(&gf, len, label, &err) == -1) {
		cli_error(file, err);
		free(err);
		gazetteer_file_free(&gf);
		free(name);
		return EXIT_RUNTIME;
	}
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	cli_catch_interrupt();
	if (gazetteer_check_labels(s, &gf, &err) == -1 ||
	    gazetteer_write(s, name, ignore_case, &gf, &stopped, &err) == -1) {
		err_prefix(&err, "%s", file);
		cli_error("gazetteer", err);
		free(err);
		rc = EXIT_RUNTIME;
	} else if (stopped) {
		cli_eprintf("margin: gazetteer: interrupted: \"%s\" is as it "
		    "was\n", name);
		rc = EXIT_RUNTIME;
	} else
		cli_eprintf("margin: gazetteer \"%s\": %zu name%s loaded\n",
		    name, gf.n, gf.n == 1 ? "" : "s");
	store_close(s);
	free(annotator);
	gazetteer_file_free(&gf);
	free(name);
	return rc;
}

static int
cmd_gazetteer_list(struct cli *c, int argc, char **argv)
{
	struct store_gazetteer	*v;
	struct store		*s;
	struct buf		 line = BUF_INIT;
	char			*annotator, *err = NULL;
	size_t			 n, i;

	if (argc > 0)
		cli_usage_error("list takes no arguments");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	if (store_gazetteer_list(s, &v, &n, &err) == -1) {
		cli_error("gazetteer", err);
		free(err);
		store_close(s);
		free(annotator);
		return EXIT_RUNTIME;
	}
	for (i = 0; i < n; i++) {
		buf_truncate(&line, 0);
		buf_printf(&line, "%s\t%zu\t%s\t%s\n", v[i].name, v[i].count,
		    v[i].labels, v[i].ignore_case ? "ignore-case" :
		    "case-sensitive");
		cli_print(stdout, line.data, line.len);
	}
	buf_free(&line);
	store_gazetteers_free(v, n);
	store_close(s);
	free(annotator);
	return 0;
}

static int
cmd_gazetteer_rm(struct cli *c, int argc, char **argv)
{
	struct store	*s;
	char		*annotator, *err = NULL;
	int		 found, rc = 0;

	if (argc != 1)
		cli_usage_error("rm takes one NAME");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	if (store_gazetteer_remove(s, argv[0], &found, &err) == -1) {
		cli_error("gazetteer", err);
		free(err);
		rc = EXIT_RUNTIME;
	} else if (!found) {
		cli_eprintf("margin: gazetteer: no gazetteer named \"%s\"\n",
		    argv[0]);
		rc = EXIT_RUNTIME;
	}
	store_close(s);
	free(annotator);
	return rc;
}

static int
cmd_gazetteer(struct cli *c)
{
	const char	*sub;

	if (c->argc == 0)
		cli_usage_error("expected load, list or rm");
	sub = c->argv[0];
	if (strcmp(sub, "load") == 0)
		return cmd_gazetteer_load(c, c->argc - 1, c->argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_gazetteer_list(c, c->argc - 1, c->argv + 1);
	if (strcmp(sub, "rm") == 0)
		return cmd_gazetteer_rm(c, c->argc - 1, c->argv + 1);
	cli_usage_error("unknown subcommand \"%s\": expected load, list or rm",
	    sub);
}

const struct command cmd_gazetteer_entry = {
	.name = "gazetteer",
	.summary = "load, list and remove lists of names",
	.usage = "load FILE [--label L] [--ignore-case]\n"
	    "[--name N] | list | rm NAME",
	.help =
	"Lists of names to suggest spans from (margin suggest --gazetteer).\n"
	"  load FILE        one name per line (# comments, blank lines\n"
	"                   ignored) with --label, else NAME<TAB>LABEL lines;\n"
	"                   a list of the same name is replaced whole\n"
	"  -l, --label L    the label of every name (it must exist)\n"
	"  -i, --ignore-case  match ignoring case (full case folding)\n"
	"  --name N         the list's name (default: FILE's base name)\n"
	"  list             name, names, labels and case, tab-separated\n"
	"  rm NAME          remove a list (its suggestions stay)\n",
	.run = cmd_gazetteer,
};
