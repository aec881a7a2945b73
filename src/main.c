/*
 * main.c: the command line of margin (SPEC §2, §3): options, the database
 * and annotator to use, the config and keymaps, and the subcommands.  The
 * only file that prints usage or calls exit.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "margin/config.h"
#include "margin/export.h"
#include "margin/import.h"
#include "margin/json.h"
#include "margin/keymap.h"
#include "margin/options.h"
#include "margin/store.h"
#include "margin/ui.h"
#include "margin/util.h"

#define MARGIN_VERSION "0.1.0"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

struct cli {
	const char	*db;
	const char	*annotator;
	const char	*keymap;
	const char	*config;
	int		 readonly;
	const char	*script;
	int		 cols, rows;
	/* The subcommand's own arguments. */
	int		 argc;
	char		**argv;
};

struct command {
	const char	*name;
	const char	*usage;		/* after "margin [OPTIONS] NAME" */
	const char	*help;		/* the rest of `NAME --help` */
	int		(*run)(struct cli *);
};

static const struct command *cli_command;

static void
cli_usage_error(const char *fmt, ...)
{
	va_list	 ap;

	fputs("margin: ", stderr);
	if (cli_command != NULL)
		fprintf(stderr, "%s: ", cli_command->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'margin %s--help'.\n",
	    cli_command ? cli_command->name : "");
	if (cli_command)
		fprintf(stderr, "(that is: margin %s --help)\n",
		    cli_command->name);
	exit(EXIT_USAGE);
}

static void
cli_error(const char *what, const char *err)
{
	fprintf(stderr, "margin: %s: %s\n", what, err ? err : "failed");
}

/*
 * Match option name (long "--db" or short "-d") at argv[*i], with its value
 * either joined ("--db=F") or as the next argument.  Returns the value,
 * or NULL when argv[*i] is another option.
 */
static const char *
cli_value(int argc, char **argv, int *i, const char *lng, const char *shrt)
{
	const char	*a = argv[*i];
	size_t		 n = strlen(lng);

	if (strncmp(a, lng, n) == 0 && a[n] == '=')
		return a + n + 1;
	if (strcmp(a, lng) != 0 && (shrt == NULL || strcmp(a, shrt) != 0))
		return NULL;
	if (*i + 1 >= argc)
		cli_usage_error("%s needs a value", a);
	return argv[++*i];
}

static long
cli_number(const char *opt, const char *value, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < lo || v > hi)
		cli_usage_error("%s: expected a number from %ld to %ld, not "
		    "\"%s\"", opt, lo, hi, value);
	return v;
}

/* Paths (§2, §3). */

static char *
cli_xdg_path(const char *env, const char *fallback, const char *file)
{
	const char	*base = getenv(env), *home = getenv("HOME");

	if (base != NULL && base[0] == '/')
		return xasprintf("%s/margin/%s", base, file);
	if (home == NULL || home[0] == '\0') {
		struct passwd	*pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : "/";
	}
	return xasprintf("%s/%s/margin/%s", home, fallback, file);
}

static char *
cli_db_path(const struct cli *c)
{
	const char	*env = getenv("MARGIN_DB");

	if (c->db != NULL)
		return xstrdup(c->db);
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	return cli_xdg_path("XDG_DATA_HOME", ".local/share", "margin.db");
}

static char *
cli_annotator(const struct cli *c)
{
	const char	*env = getenv("MARGIN_ANNOTATOR");
	struct passwd	*pw;

	if (c->annotator != NULL)
		return xstrdup(c->annotator);
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name[0] != '\0')
		return xstrdup(pw->pw_name);
	if ((env = getenv("USER")) != NULL && env[0] != '\0')
		return xstrdup(env);
	return xstrdup("annotator");
}

static struct store *
cli_open_store(const struct cli *c, const char *annotator, int readonly)
{
	struct store	*s = NULL;
	char		*path = cli_db_path(c), *err = NULL;

	if (store_open(&s, path, annotator, c->readonly || readonly ?
	    STORE_READONLY : 0, &err) == -1) {
		fprintf(stderr, "margin: %s: %s\n", path, err);
		free(err);
		free(path);
		exit(EXIT_RUNTIME);
	}
	free(path);
	return s;
}

/* import */

struct import_ui {
	int	tty;
	time_t	started;
	time_t	last;
	int	shown;
};

static void
cli_import_message(void *ctx, int is_error, const char *path,
    const char *text)
{
	struct import_ui	*iu = ctx;

	if (iu->shown) {
		fputs("\r\033[K", stderr);
		iu->shown = 0;
	}
	fprintf(stderr, "margin: import: %s%s%s%s\n", path ? path : "",
	    path ? ": " : "", is_error ? "" : "", text);
}

static void
cli_import_progress(void *ctx, const struct import_report *r)
{
	struct import_ui	*iu = ctx;
	time_t			 now;
	double			 secs;

	if (!iu->tty)
		return;
	now = time(NULL);
	if (now == iu->last)
		return;
	iu->last = now;
	secs = difftime(now, iu->started);
	fprintf(stderr, "\r\033[Kimporting: %zu articles, %.1f MB",
	    r->added + r->duplicates, (double)r->bytes / 1e6);
	if (secs >= 1)
		fprintf(stderr, " (%.0f articles/s)",
		    (double)(r->added + r->duplicates) / secs);
	iu->shown = 1;
}

static int
cmd_import(struct cli *c)
{
	struct import_options	 o;
	struct import_report	 r;
	struct import_ui	 iu;
	struct store		*s;
	char			*annotator;
	const char		*v;
	int			 i, npaths = 0, failed = 0;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	memset(&iu, 0, sizeof(iu));
	o.format = IMPORT_AUTO;
	for (i = 0; i < c->argc; i++) {
		if ((v = cli_value(c->argc, c->argv, &i, "--format", "-f"))) {
			if (import_format_parse(v, &o.format) == -1)
				cli_usage_error("unknown format \"%s\"", v);
		} else if (strcmp(c->argv[i], "--") == 0) {
			npaths += c->argc - i - 1;
			break;
		} else if (c->argv[i][0] == '-' && c->argv[i][1] != '\0')
			cli_usage_error("unknown option %s", c->argv[i]);
		else
			npaths++;
	}
	if (npaths == 0)
		cli_usage_error("nothing to import: give files, folders or -");
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	if (store_readonly(s)) {
		cli_error("import", "the database is read-only");
		store_close(s);
		free(annotator);
		return EXIT_RUNTIME;
	}
	o.annotator = c->annotator;
	o.message = cli_import_message;
	o.progress = cli_import_progress;
	o.ctx = &iu;
	iu.tty = isatty(STDERR_FILENO);
	iu.started = iu.last = time(NULL);
	for (i = 0; i < c->argc; i++) {
		if (cli_value(c->argc, c->argv, &i, "--format", "-f"))
			continue;
		if (strcmp(c->argv[i], "--") == 0) {
			while (++i < c->argc)
				if (import_path(s, c->argv[i], &o, &r) == -1)
					failed = 1;
			break;
		}
		if (import_path(s, c->argv[i], &o, &r) == -1)
			failed = 1;
	}
	if (iu.shown)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "margin: imported %zu article%s (%zu duplicate%s, "
	    "%zu skipped, %zu failed", r.added, r.added == 1 ? "" : "s",
	    r.duplicates, r.duplicates == 1 ? "" : "s", r.skipped, r.failed);
	if (r.spans)
		fprintf(stderr, ", %zu span%s", r.spans,
		    r.spans == 1 ? "" : "s");
	fputs(")\n", stderr);
	store_close(s);
	free(annotator);
	return failed || r.failed ? EXIT_RUNTIME : 0;
}

/* list */

static int
cmd_list(struct cli *c)
{
	struct store_article_filter	 f;
	struct store_article		*rows = NULL;
	struct store			*s;
	struct buf			 out = BUF_INIT;
	char				*annotator, *err = NULL;
	const char			*v;
	size_t				 n = 0, i, offset = 0, total = 0;
	int				 json = 0, first = 1;

	memset(&f, 0, sizeof(f));
	for (int a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--tag", NULL)))
			f.tag = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--format",
		    "-f"))) {
			if (strcmp(v, "json") == 0)
				json = 1;
			else if (strcmp(v, "tsv") == 0)
				json = 0;
			else
				cli_usage_error("unknown format \"%s\" "
				    "(tsv or json)", v);
		} else if (strcmp(c->argv[a], "--done") == 0)
			f.status = 1;
		else if (strcmp(c->argv[a], "--todo") == 0)
			f.status = -1;
		else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	annotator = cli_annotator(c);
	f.annotator = annotator;
	s = cli_open_store(c, annotator, 1);
	if (json)
		buf_adds(&out, "[");
	else
		buf_adds(&out, "id\tdone\tspans\ttitle\tsource\n");
	/* Page through the list: memory stays that of one page. */
	do {
		if (store_article_rows(s, &f, offset, 1000, &rows, &n,
		    &err) == -1) {
			cli_error("list", err);
			free(err);
			buf_free(&out);
			store_close(s);
			free(annotator);
			return EXIT_RUNTIME;
		}
		for (i = 0; i < n; i++) {
			const struct store_article *a = &rows[i];

			if (json) {
				buf_printf(&out, "%s\n{\"id\":%lld,\"title\":",
				    first ? "" : ",", (long long)a->id);
				json_write_string(&out, a->title,
				    strlen(a->title));
				buf_adds(&out, ",\"source\":");
				json_write_string(&out, a->source,
				    strlen(a->source));
				buf_printf(&out, ",\"done\":%s,\"spans\":%d,"
				    "\"hash\":\"%s\",\"imported_at\":%lld}",
				    a->done ? "true" : "false", a->nspans,
				    a->hash, (long long)a->imported_at);
			} else {
				char	*t = xstrdup(a->title);
				char	*src = xstrdup(a->source);
				char	*p;

				/* TSV cannot hold tabs or newlines. */
				for (p = t; *p; p++)
					if (*p == '\t' || *p == '\n')
						*p = ' ';
				for (p = src; *p; p++)
					if (*p == '\t' || *p == '\n')
						*p = ' ';
				buf_printf(&out, "%lld\t%s\t%d\t%s\t%s\n",
				    (long long)a->id, a->done ? "done" :
				    "todo", a->nspans, t, src);
				free(t);
				free(src);
			}
			first = 0;
		}
		fwrite(out.data, 1, out.len, stdout);
		buf_truncate(&out, 0);
		store_article_rows_free(rows, n);
		rows = NULL;
		offset += n;
		total += n;
	} while (n == 1000);
	if (json)
		fputs(first ? "]\n" : "\n]\n", stdout);
	buf_free(&out);
	store_close(s);
	free(annotator);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("list", strerror(errno));
		return EXIT_RUNTIME;
	}
	(void)total;
	return 0;
}

/* export */

static int
cmd_export(struct cli *c)
{
	struct export_options	 o;
	struct store		*s;
	const char		**labels = NULL;
	int64_t			*articles = NULL;
	size_t			 nlabels = 0;
	const char		*v, *out_path = NULL;
	char			*annotator, *err = NULL;
	FILE			*out = stdout;
	int			 rc = 0;

	memset(&o, 0, sizeof(o));
	o.format = EXPORT_CSV;
	for (int a = 0; a < c->argc; a++) {
		if ((v = cli_value(c->argc, c->argv, &a, "--format", "-f"))) {
			if (export_format_parse(v, &o.format) == -1)
				cli_usage_error("unknown format \"%s\"", v);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--output",
		    "-o")))
			out_path = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--label",
		    NULL))) {
			labels = xreallocarray(labels, nlabels + 2,
			    sizeof(*labels));
			labels[nlabels++] = v;
			labels[nlabels] = NULL;
		} else if ((v = cli_value(c->argc, c->argv, &a,
		    "--annotator", NULL)))
			o.filter.annotator = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--article",
		    NULL))) {
			articles = xreallocarray(articles,
			    o.filter.narticles + 1, sizeof(*articles));
			articles[o.filter.narticles++] = cli_number("--article",
			    v, 1, INT64_MAX > LONG_MAX ? LONG_MAX : INT64_MAX);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--tag",
		    NULL)))
			o.filter.tag = v;
		else if ((v = cli_value(c->argc, c->argv, &a, "--status",
		    NULL))) {
			if (strcmp(v, "accepted") == 0)
				o.filter.status = 1 << STORE_ACCEPTED;
			else if (strcmp(v, "suggested") == 0)
				o.filter.status = 1 << STORE_SUGGESTED;
			else if (strcmp(v, "all") == 0)
				o.filter.status = 1 << STORE_ACCEPTED |
				    1 << STORE_SUGGESTED;
			else
				cli_usage_error("--status: accepted, "
				    "suggested or all, not \"%s\"", v);
		} else if ((v = cli_value(c->argc, c->argv, &a, "--context",
		    NULL)))
			o.context = (size_t)cli_number("--context", v, 0,
			    100000);
		else if ((v = cli_value(c->argc, c->argv, &a, "--what",
		    NULL))) {
			if (strcmp(v, "tags") == 0)
				o.what_tags = 1;
			else if (strcmp(v, "spans") != 0)
				cli_usage_error("--what: spans or tags, not "
				    "\"%s\"", v);
		} else if (strcmp(c->argv[a], "--done") == 0)
			o.filter.done = 1;
		else if (strcmp(c->argv[a], "--excel-safe") == 0)
			o.excel_safe = 1;
		else
			cli_usage_error("unexpected argument %s", c->argv[a]);
	}
	o.filter.labels = labels;
	o.filter.articles = articles;
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 1);
	if (out_path != NULL && strcmp(out_path, "-") != 0 &&
	    (out = fopen(out_path, "w")) == NULL) {
		fprintf(stderr, "margin: export: %s: %s\n", out_path,
		    strerror(errno));
		rc = EXIT_RUNTIME;
	} else if (export_write(s, &o, out, &err) == -1) {
		cli_error("export", err);
		free(err);
		rc = EXIT_RUNTIME;
	}
	if (out != NULL && out != stdout && fclose(out) != 0 && rc == 0) {
		fprintf(stderr, "margin: export: %s: %s\n", out_path,
		    strerror(errno));
		rc = EXIT_RUNTIME;
	}
	if (out == stdout && fflush(stdout) != 0 && rc == 0) {
		cli_error("export", strerror(errno));
		rc = EXIT_RUNTIME;
	}
	store_close(s);
	free(annotator);
	free(labels);
	free(articles);
	return rc;
}

/* labels */

struct labels_load {
	struct store	*store;
	size_t		 added;
};

static int
cli_label_line(void *ctx, const struct config_label *l, char **errp)
{
	struct labels_load	*ll = ctx;

	if (store_label_add(ll->store, l->name, l->key ? l->key : "",
	    l->color ? l->color : "", l->description ? l->description : "",
	    errp) == -1)
		return -1;
	ll->added++;
	return 0;
}

static void
cli_config_message(void *ctx, int is_error, const char *text)
{
	(void)ctx;
	(void)is_error;
	fprintf(stderr, "margin: %s\n", text);
}

static int
cmd_labels(struct cli *c)
{
	struct store_label	*v = NULL;
	struct store		*s;
	const char		*sub = c->argc > 0 ? c->argv[0] : "list";
	const char		*key = "", *color = "", *desc = "", *val;
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
		for (i = 0; i < n; i++)
			printf("%s\t%s\t%s\t%s\n", v[i].name, v[i].key,
			    v[i].color, v[i].description);
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
		if (key[0] != '\0') {
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
		fprintf(stderr, "margin: labels: %zu label%s loaded from %s\n",
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

/* The TUI. */

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

/* Help. */

static const struct command commands[] = {
	{ .name = "import", .usage = "[--format auto|text|jsonl] PATH...",
	  .help =
	  "Import files, folders (recursively, in sorted order) or - (stdin).\n"
	  "Text is made canonical (UTF-8, LF); an identical text imported\n"
	  "again is a duplicate and changes nothing.\n"
	  "  -f, --format F   auto (by extension), text or jsonl\n",
	  .run = cmd_import },
	{ .name = "list", .usage = "[--tag T] [--done|--todo] "
	  "[--format tsv|json]",
	  .help =
	  "List the articles in import order, with my done mark and my\n"
	  "span count.\n"
	  "  --tag T          only articles tagged T\n"
	  "  --done, --todo   only articles I marked done / not done\n"
	  "  -f, --format F   tsv (default, with a header row) or json\n",
	  .run = cmd_list },
	{ .name = "export", .usage = "[--format csv] [-o FILE] [filters]",
	  .help =
	  "Write the annotations as training data (code point offsets).\n"
	  "  -f, --format F   csv\n"
	  "  -o, --output F   write to F instead of stdout\n"
	  "  --label L        only label L (repeatable)\n"
	  "  --annotator A    only annotator A's spans\n"
	  "  --article ID     only that article (repeatable)\n"
	  "  --tag T          only articles tagged T\n"
	  "  --done           only articles marked done\n"
	  "  --status S       accepted (default), suggested or all\n"
	  "  --context N      add left/right columns of N characters\n"
	  "  --excel-safe     guard cells starting with = + - @ for Excel\n"
	  "  --what tags      export article tags instead of spans\n",
	  .run = cmd_export },
	{ .name = "labels", .usage = "[list | add NAME [--key K] [--color C] "
	  "[--desc TEXT]\n                 | rm NAME | load FILE]",
	  .help =
	  "Show or change the label schema of the database.\n"
	  "  list             the labels: name, key, colour, description\n"
	  "  add NAME         add a label, or change an existing one\n"
	  "  rm NAME          remove a label no span uses\n"
	  "  load FILE        add the labels of a schema file\n"
	  "                   (see share/labels/*.labels)\n",
	  .run = cmd_labels },
};

static void
cli_help(FILE *f)
{
	size_t	 i;

	fputs("usage: margin [OPTIONS] [COMMAND [ARGS]]\n"
	    "A terminal reader and annotator for collections of articles.\n"
	    "Without a command, margin opens the reader on the database.\n"
	    "\n"
	    "Commands:\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
		    strchr(commands[i].help, '\n') ? "" : "");
	fputs("\r", f);
	fputs(
	    "  import   import files, folders or stdin\n"
	    "  list     list the articles\n"
	    "  export   write annotations as training data\n"
	    "  labels   show or change the label schema\n"
	    "\n"
	    "Options:\n"
	    "  -d, --db FILE      database (else $MARGIN_DB, else\n"
	    "                     $XDG_DATA_HOME/margin/margin.db)\n"
	    "  --annotator NAME   who I am (else $MARGIN_ANNOTATOR, else the\n"
	    "                     login name)\n"
	    "  --keymap FILE      read key bindings from FILE\n"
	    "  --config FILE      config file (else\n"
	    "                     $XDG_CONFIG_HOME/margin/config)\n"
	    "  --readonly         change nothing in the database\n"
	    "  --script FILE      run the TUI headless on keys from FILE\n"
	    "  --size COLSxROWS   the headless screen size (default 80x24)\n"
	    "  -h, --help         this help; COMMAND --help for a command\n"
	    "  -V, --version      the version\n"
	    "\n"
	    "See margin(1) and margin(5).\n", f);
}

static void
cli_command_help(const struct command *cmd)
{
	printf("usage: margin [OPTIONS] %s %s\n%s", cmd->name, cmd->usage,
	    cmd->help);
}

int
main(int argc, char **argv)
{
	struct cli	 c;
	const char	*v;
	size_t		 k;
	int		 i;

	memset(&c, 0, sizeof(c));
	c.cols = 80;
	c.rows = 24;
	c.script = getenv("MARGIN_SCRIPT");
	if (c.script != NULL && c.script[0] == '\0')
		c.script = NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if ((v = cli_value(argc, argv, &i, "--db", "-d")))
			c.db = v;
		else if ((v = cli_value(argc, argv, &i, "--annotator", NULL)))
			c.annotator = v;
		else if ((v = cli_value(argc, argv, &i, "--keymap", NULL)))
			c.keymap = v;
		else if ((v = cli_value(argc, argv, &i, "--config", NULL)))
			c.config = v;
		else if ((v = cli_value(argc, argv, &i, "--script", NULL)))
			c.script = v;
		else if ((v = cli_value(argc, argv, &i, "--size", NULL))) {
			char	 x;

			if (sscanf(v, "%d%c%d", &c.cols, &x, &c.rows) != 3 ||
			    x != 'x' || c.cols < 1 || c.rows < 1 ||
			    c.cols > 1000 || c.rows > 1000)
				cli_usage_error("--size: expected COLSxROWS, "
				    "like 80x24");
		} else if (strcmp(a, "--readonly") == 0)
			c.readonly = 1;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_help(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0 ||
		    strcmp(a, "-V") == 0) {
			printf("margin %s\n", MARGIN_VERSION);
			return 0;
		} else if (a[0] == '-' && a[1] != '\0')
			cli_usage_error("unknown option %s", a);
		else
			break;
	}
	if (c.annotator != NULL && c.annotator[0] == '\0')
		cli_usage_error("--annotator needs a name");
	if (i == argc) {
		c.argc = 0;
		c.argv = argv + i;
		return cmd_tui(&c);
	}
	for (k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			break;
	if (k == sizeof(commands) / sizeof(commands[0]))
		cli_usage_error("unknown command \"%s\"", argv[i]);
	cli_command = &commands[k];
	c.argc = argc - i - 1;
	c.argv = argv + i + 1;
	for (int a = 0; a < c.argc; a++)
		if (strcmp(c.argv[a], "--help") == 0 ||
		    strcmp(c.argv[a], "-h") == 0) {
			cli_command_help(cli_command);
			return 0;
		}
	return cli_command->run(&c);
}
