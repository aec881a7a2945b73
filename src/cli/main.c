/*
 * main.c: the command line of margin (SPEC §2): global options, then the
 * command (each in its own src/cli/cmd_*.c), or the TUI without one.  The
 * only place that prints the overall help.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/cli.h"

static const struct command *const commands[] = {
	&cmd_import_entry,
	&cmd_list_entry,
	&cmd_export_entry,
	&cmd_labels_entry,
	&cmd_tag_entry,
	&cmd_untag_entry,
	&cmd_keys_entry,
	&cmd_agree_entry,
	&cmd_review_entry,
	&cmd_merge_entry,
	&cmd_copy_entry,
	&cmd_stats_entry,
	&cmd_gazetteer_entry,
	&cmd_train_entry,
	&cmd_eval_entry,
	&cmd_suggest_entry,
	&cmd_entities_entry,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
main_help(FILE *f)
{
	size_t	 i;

	cli_print_usage(f, NULL);
	fputs("A terminal reader and annotator for collections of articles.\n"
	    "Without a command, margin opens the reader on the database.\n"
	    "\n"
	    "Commands:\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name,
		    commands[i]->summary);
	fputs("\n"
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

int
main(int argc, char **argv)
{
	struct cli	 c;
	const char	*v;
	size_t		 k;
	int		 i, a;

	/*
	 * Widths and sanitising need a UTF-8 character type: the user's
	 * locale, or C.UTF-8 when theirs is not UTF-8 (margin's text is).
	 */
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	memset(&c, 0, sizeof(c));
	c.cols = 80;
	c.rows = 24;
	c.script = getenv("MARGIN_SCRIPT");
	if (c.script != NULL && c.script[0] == '\0')
		c.script = NULL;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

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
		} else if (strcmp(arg, "--readonly") == 0)
			c.readonly = 1;
		else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			main_help(stdout);
			return 0;
		} else if (strcmp(arg, "--version") == 0 ||
		    strcmp(arg, "-V") == 0) {
			printf("margin %s\n", MARGIN_VERSION);
			return 0;
		} else if (arg[0] == '-' && arg[1] != '\0')
			cli_usage_error("unknown option %s", arg);
		else
			break;
	}
	if (c.annotator != NULL && c.annotator[0] == '\0')
		cli_usage_error("--annotator needs a name");
	if (i == argc) {
		c.argv = argv + i;
		return cmd_tui_entry.run(&c);
	}
	for (k = 0; k < NCOMMANDS; k++)
		if (strcmp(argv[i], commands[k]->name) == 0)
			break;
	if (k == NCOMMANDS)
		cli_usage_error("unknown command \"%s\"", argv[i]);
	cli_command = commands[k];
	c.argc = argc - i - 1;
	c.argv = argv + i + 1;
	for (a = 0; a < c.argc; a++) {
		if (strcmp(c.argv[a], "--") == 0)
			break;
		if (strcmp(c.argv[a], "--help") == 0 ||
		    strcmp(c.argv[a], "-h") == 0) {
			cli_print_usage(stdout, cli_command);
			fputs(cli_command->help, stdout);
			return 0;
		}
	}
	return cli_command->run(&c);
}
