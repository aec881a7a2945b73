/*
 * config.h: the line-oriented syntax shared by keymap files, the config
 * file and label schemas (SPEC §7): `bind`, `unbind`, `set`, `source`,
 * `label`, with `#` comments and double-quoted strings.  Every error names
 * file:line and the rest of the file still applies.
 */
#ifndef MARGIN_CONFIG_H
#define MARGIN_CONFIG_H

#include <stddef.h>

struct keymap;

/* A label line of a schema file, or a relation line (SPEC §16):
   `relation NAME [key K] [symmetric] ["description"]`. */
struct config_label {
	char	*name;
	char	*key;		/* keymap spelling or NULL */
	char	*color;		/* or NULL; never for a relation */
	char	*description;	/* or NULL */
	int	 relation;	/* a relation label */
	int	 symmetric;	/* relation: it links both ways */
};

struct config_handlers {
	struct keymap	*keymap;	/* bind/unbind go here (or NULL: error) */
	/* `set NAME VALUE`; NULL means set is not allowed in this file. */
	int	(*set)(void *ctx, const char *name, const char *value,
		    char **errp);
	/* `label ...` and `relation ...`; NULL means they are not
	   allowed. */
	int	(*label)(void *ctx, const struct config_label *l, char **errp);
	/* Each error or warning, already formatted as "file:line: text". */
	void	(*message)(void *ctx, int is_error, const char *text);
	void	 *ctx;
	int	  depth;	/* source nesting, for loops; start at 0 */
};

/*
 * Parse text[0..len) read from name (for messages; `source` paths are
 * relative to its folder).  Returns the number of errors (0 when all
 * lines applied).
 */
int	 config_parse(const char *name, const char *text, size_t len,
	    struct config_handlers *h);
/* Read and parse a file; a file that cannot be read is one error. */
int	 config_parse_file(const char *path, struct config_handlers *h);

/*
 * The default keymap: keymaps/default.keys compiled in (see the Makefile),
 * read by config_parse under the name "default.keys" into km.  Returns the
 * number of errors; message (may be NULL) receives each error or warning.
 * It lives here, not in keymap.c: the config reader uses the keymap, never
 * the reverse.
 */
extern const char keymap_default_text[];
int	 config_load_default_keys(struct keymap *km,
	    void (*message)(void *ctx, int is_error, const char *text),
	    void *ctx);

/* The largest config, keymap or label file read (a file of names of
   ours, never data): larger ones are refused, not read until memory
   runs out. */
#define CONFIG_MAX_BYTES	(1024 * 1024)

/* How deep `source` may nest (a file that sources itself stops here). */
#define CONFIG_SOURCE_DEPTH 8

/*
 * A colour as label files and `set` write it: black red green yellow blue
 * magenta cyan white (0-7), the same with "bright-" or "bright" before it
 * (8-15), a number 0-255, or "default" (-1, the terminal's own colour).
 * Case-insensitive.  Returns 0, or -1 when s is none of these.
 */
int	 config_color_parse(const char *s, int *color);

#endif
