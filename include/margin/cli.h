/*
 * cli.h: what the subcommands of the command line share (SPEC §2): the
 * parsed global options, the command table entry, option parsing helpers,
 * and how the database and annotator are found.  Each command lives in its
 * own src/cli/cmd_*.c and fills a struct command; main.c lists them.
 */
#ifndef MARGIN_CLI_H
#define MARGIN_CLI_H

#include <stdio.h>

#define MARGIN_VERSION "0.1.0"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

struct buf;
struct keymap;
struct options;
struct store;

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
	const char	*summary;	/* one line for `margin --help` */
	/* After "usage: margin [OPTIONS] NAME "; a \n starts a line that
	   is printed under the first argument. */
	const char	*usage;
	const char	*help;		/* the rest of `NAME --help` */
	int		(*run)(struct cli *);
};

/* The command being run, for messages. */
extern const struct command *cli_command;

/* "usage: margin [OPTIONS] NAME USAGE" of cmd (of margin itself when
   NULL), as `NAME --help` and usage errors print it. */
void	 cli_print_usage(FILE *f, const struct command *cmd);
/* Print "margin: COMMAND: message", the command's usage and a hint, and
   exit 2. */
void	 cli_usage_error(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
/* Print "margin: WHAT: err" to stderr. */
void	 cli_error(const char *what, const char *err);
/*
 * Output that may carry data (titles, names, file names): on a terminal,
 * every field is sanitised (text_sanitize) so that no byte of it acts on
 * the terminal; through a pipe it is written as it is, since scripts need
 * the exact data.  Line breaks and tabs between fields are kept.
 */
void	 cli_print(FILE *f, const char *s, size_t len);
/*
 * Ctrl-C during a bulk write (import, merge): the first SIGINT is
 * noted, and the command stops cleanly after the batch in hand; a
 * second one kills as usual.  cli_interrupted() says whether it came.
 */
void	 cli_catch_interrupt(void);
int	 cli_interrupted(void);
/* printf to stderr through cli_print (messages always go to people). */
void	 cli_eprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/*
 * Match option lng ("--db") or shrt ("-d", may be NULL) at argv[*i] with
 * its value joined ("--db=F") or next; returns the value or NULL.
 */
const char *cli_value(int argc, char **argv, int *i, const char *lng,
	    const char *shrt);
long	 cli_number(const char *opt, const char *value, long lo, long hi);
/* $ENV/margin/FILE, else ~/FALLBACK/margin/FILE (XDG). */
char	*cli_xdg_path(const char *env, const char *fallback, const char *file);
char	*cli_db_path(const struct cli *c);
char	*cli_annotator(const struct cli *c);
/* Open the database or exit 1 with the reason. */
struct store *cli_open_store(const struct cli *c, const char *annotator,
	    int readonly);
/*
 * The keys and options the TUI starts with (SPEC §3, §7): the compiled-in
 * defaults, then the config file (--config, else the XDG one when it
 * exists), then --keymap.  Valid lines apply; each error or warning is
 * added to *messages as one line "file:line: text".  Returns the number
 * of errors.  Shared by the TUI and `margin keys`, so that both see the
 * same bindings.
 */
size_t	 cli_load_config(const struct cli *c, struct keymap *km,
	    struct options *o, struct buf *messages);

/* Run the TUI (and review mode when review is not NULL: its review_*
   fields say what to review). */
struct ui_config;
int	 cli_run_tui(struct cli *c, const struct ui_config *review);

extern const struct command cmd_import_entry;
extern const struct command cmd_list_entry;
extern const struct command cmd_export_entry;
extern const struct command cmd_labels_entry;
extern const struct command cmd_tag_entry;
extern const struct command cmd_untag_entry;
extern const struct command cmd_tui_entry;
extern const struct command cmd_keys_entry;
extern const struct command cmd_agree_entry;
extern const struct command cmd_merge_entry;
extern const struct command cmd_copy_entry;
extern const struct command cmd_stats_entry;
extern const struct command cmd_review_entry;
extern const struct command cmd_gazetteer_entry;
extern const struct command cmd_train_entry;
extern const struct command cmd_eval_entry;
extern const struct command cmd_suggest_entry;
extern const struct command cmd_entities_entry;

#endif
