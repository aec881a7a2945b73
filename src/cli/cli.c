/*
 * cli.c: option parsing helpers and the paths of the command line
 * (SPEC §2, §3), shared by the src/cli/cmd_*.c files.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
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
#include "margin/text.h"
#include "margin/util.h"

const struct command *cli_command;

/* The one SIGINT a bulk write heeds (cli_catch_interrupt): a signal
   handler can only leave a flag. */
static volatile sig_atomic_t cli_sigint;

static void
cli_on_sigint(int sig)
{
	(void)sig;
	cli_sigint = 1;
}

void
cli_catch_interrupt(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cli_on_sigint;
	sigemptyset(&sa.sa_mask);
	/* The second Ctrl-C is the default's: it kills. */
	sa.sa_flags = SA_RESETHAND | SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
}

int
cli_interrupted(void)
{
	return cli_sigint != 0;
}

/* Write s[0..len) sanitised field by field: line breaks (and tabs when
   keep_tabs) stay, everything between them goes through text_sanitize. */
static void
cli_put_sanitised(FILE *f, const char *s, size_t len, int keep_tabs)
{
	size_t	 i, from = 0;
	char	*clean;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n' && (s[i] != '\t' || !keep_tabs))
			continue;
		clean = text_sanitize(s + from, i - from);
		fputs(clean, f);
		free(clean);
		if (i < len)
			fputc(s[i], f);
		from = i + 1;
	}
}

void
cli_print(FILE *f, const char *s, size_t len)
{
	if (!isatty(fileno(f))) {
		fwrite(s, 1, len, f);
		return;
	}
	cli_put_sanitised(f, s, len, 1);
}

void
cli_eprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* stderr is for people even when redirected: always sanitised. */
	cli_put_sanitised(stderr, msg, strlen(msg), 0);
	free(msg);
}

void
cli_print_usage(FILE *f, const struct command *cmd)
{
	const char	*p, *nl;
	int		 indent;

	if (cmd == NULL) {
		fputs("usage: margin [OPTIONS] [COMMAND [ARGS]]\n", f);
		return;
	}
	fprintf(f, "usage: margin [OPTIONS] %s ", cmd->name);
	indent = (int)(strlen("usage: margin [OPTIONS] ") +
	    strlen(cmd->name) + 1);
	for (p = cmd->usage; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		fprintf(f, "%.*s\n%*s", (int)(nl - p), p, indent, "");
	fprintf(f, "%s\n", p);
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	cli_eprintf("margin: %s%s%s\n", cli_command ? cli_command->name : "",
	    cli_command ? ": " : "", msg);
	free(msg);
	cli_print_usage(stderr, cli_command);
	fprintf(stderr, "Try 'margin %s%s--help'.\n",
	    cli_command ? cli_command->name : "", cli_command ? " " : "");
	exit(EXIT_USAGE);
}

void
cli_error(const char *what, const char *err)
{
	cli_eprintf("margin: %s: %s\n", what, err ? err : "failed");
}

/*
 * Match option name (long "--db" or short "-d") at argv[*i], with its value
 * either joined ("--db=F") or as the next argument.  Returns the value,
 * or NULL when argv[*i] is another option.
 */
const char *
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

long
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

char *
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

char *
cli_db_path(const struct cli *c)
{
	const char	*env = getenv("MARGIN_DB");

	if (c->db != NULL)
		return xstrdup(c->db);
	if (env != NULL && env[0] != '\0')
		return xstrdup(env);
	return cli_xdg_path("XDG_DATA_HOME", ".local/share", "margin.db");
}

char *
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

struct store *
cli_open_store(const struct cli *c, const char *annotator, int readonly)
{
	struct store	*s = NULL;
	char		*path = cli_db_path(c), *err = NULL;

	if (store_open(&s, path, annotator, c->readonly || readonly ?
	    STORE_READONLY : 0, &err) == -1) {
		char	*shown = store_describe(path);

		cli_eprintf("margin: %s: %s\n", shown, err);
		free(shown);
		free(err);
		free(path);
		exit(EXIT_RUNTIME);
	}
	free(path);
	return s;
}

/* Keys and options (§3, §7). */

struct cli_config {
	struct options	*options;
	struct buf	*messages;
	size_t		 errors;
};

static void
cli_config_message(void *ctx, int is_error, const char *text)
{
	struct cli_config	*cc = ctx;

	if (is_error)
		cc->errors++;
	buf_adds(cc->messages, text);
	buf_addc(cc->messages, '\n');
}

static int
cli_config_set(void *ctx, const char *name, const char *value, char **errp)
{
	struct cli_config	*cc = ctx;

	return options_set(cc->options, name, value, errp);
}

size_t
cli_load_config(const struct cli *c, struct keymap *km, struct options *o,
    struct buf *messages)
{
	struct config_handlers	 h;
	struct cli_config	 cc;
	struct stat		 st;
	char			*config;

	memset(&cc, 0, sizeof(cc));
	cc.options = o;
	cc.messages = messages;
	memset(&h, 0, sizeof(h));
	h.keymap = km;
	h.set = cli_config_set;
	h.message = cli_config_message;
	h.ctx = &cc;
	config_load_default_keys(km, cli_config_message, &cc);
	/* The XDG config file is optional; one named with --config is not. */
	config = c->config ? xstrdup(c->config) :
	    cli_xdg_path("XDG_CONFIG_HOME", ".config", "config");
	if (c->config != NULL || stat(config, &st) == 0)
		config_parse_file(config, &h);
	free(config);
	if (c->keymap != NULL)
		config_parse_file(c->keymap, &h);
	return cc.errors;
}
