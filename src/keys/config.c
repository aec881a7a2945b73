/*
 * config.c: the line-oriented parser of keymap, config and label schema
 * files (SPEC §7).  It reads untrusted bytes: every line is checked before
 * use, an error costs only its own line, and messages say file:line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>

#include "margin/actions.h"
#include "margin/config.h"
#include "margin/keymap.h"
#include "margin/util.h"

/* Longest piece of a word quoted in a message. */
#define SHOW_MAX 60

struct word {
	char	*s;
	int	 quoted;
};

struct words {
	struct word	*v;
	size_t		 n;
	size_t		 cap;
};

/* One file being read. */
struct config_file {
	const char		*name;
	int			 line;
	int			 errors;
	struct config_handlers	*h;
};

static int	config_parse_path(const char *path, struct config_handlers *h,
		    struct config_file *from);

static void
config_vmessage(struct config_file *f, int is_error, const char *fmt,
    va_list ap) __attribute__((format(printf, 3, 0)));

static void
config_vmessage(struct config_file *f, int is_error, const char *fmt,
    va_list ap)
{
	char	*text, *full;

	if (is_error)
		f->errors++;
	if (f->h->message == NULL)
		return;
	text = xvasprintf(fmt, ap);
	full = xasprintf("%s:%d: %s%s", f->name, f->line,
	    is_error ? "" : "warning: ", text);
	f->h->message(f->h->ctx, is_error, full);
	free(full);
	free(text);
}

static void __attribute__((format(printf, 2, 3)))
config_error(struct config_file *f, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	config_vmessage(f, 1, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 2, 3)))
config_warning(struct config_file *f, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	config_vmessage(f, 0, fmt, ap);
	va_end(ap);
}

/* A word cut short for a message (words are checked UTF-8 by then). */
static char *
word_show(const char *s)
{
	size_t	 n = strlen(s);

	if (n <= SHOW_MAX)
		return xstrdup(s);
	n = SHOW_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return xasprintf("%.*s...", (int)n, s);
}

static void
words_add(struct words *w, char *s, int quoted)
{
	ARRAY_RESERVE(w->v, w->cap, w->n + 1);
	w->v[w->n].s = s;
	w->v[w->n].quoted = quoted;
	w->n++;
}

static void
words_clear(struct words *w)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		free(w->v[i].s);
	w->n = 0;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Split a line into words.  *end receives where the comment starts (or
 * the line's length), so that only the content is checked for bad bytes.
 */
static int
config_split(const char *line, size_t len, struct words *w, size_t *end,
    char **errp)
{
	struct buf	 b;
	size_t		 i = 0, start;

	for (;;) {
		while (i < len && is_blank(line[i]))
			i++;
		*end = i;
		if (i == len || line[i] == '#')
			return 0;
		buf_init(&b);
		if (line[i] != '"') {
			start = i;
			while (i < len && !is_blank(line[i]) && line[i] != '#')
				i++;
			buf_add(&b, line + start, i - start);
			words_add(w, buf_detach(&b), 0);
			continue;
		}
		for (i++;; i++) {
			if (i == len) {
				*end = len;
				buf_free(&b);
				return err_set(errp, "unterminated string");
			}
			if (line[i] == '"')
				break;
			if (line[i] == '\\' && i + 1 < len &&
			    (line[i + 1] == '"' || line[i + 1] == '\\'))
				i++;
			buf_addc(&b, line[i]);
		}
		i++;
		words_add(w, buf_detach(&b), 1);
		if (i < len && !is_blank(line[i]) && line[i] != '#') {
			*end = len;
			return err_set(errp, "a blank must follow a closing "
			    "quote");
		}
	}
}

/* NUL bytes, invalid UTF-8 and control characters make a line unusable. */
static int
config_check_bytes(const char *s, size_t len, char **errp)
{
	ucs4_t	 uc;
	size_t	 i;
	int	 n;

	if (memchr(s, '\0', len) != NULL)
		return err_set(errp, "NUL byte on the line");
	for (i = 0; i < len; i += (size_t)n) {
		n = u8_mbtoucr(&uc, (const uint8_t *)s + i, len - i);
		if (n <= 0)
			return err_set(errp, "invalid UTF-8 on the line");
		if ((uc < 0x20 && uc != '\t') || (uc >= 0x7f && uc < 0xa0))
			return err_set(errp, "control character U+%04X on "
			    "the line", (unsigned)uc);
	}
	return 0;
}

/* The contexts of "reader,list"; an error names the first bad one. */
static int
config_contexts(struct config_file *f, const char *spec,
    int use[KEYMAP_NCONTEXT])
{
	const char		*p = spec, *comma;
	char			*name, *shown;
	enum keymap_context	 c;
	int			 bad;

	memset(use, 0, sizeof(int) * KEYMAP_NCONTEXT);
	for (;;) {
		comma = strchr(p, ',');
		name = comma ? xstrndup(p, (size_t)(comma - p)) : xstrdup(p);
		bad = keymap_context_parse(name, &c) == -1;
		if (bad) {
			shown = word_show(name);
			if (name[0] == '\0')
				config_error(f, "empty context in \"%s\"",
				    spec);
			else
				config_error(f, "unknown context \"%s\" "
				    "(generic, list, reader, annotations, "
				    "prompt, review)", shown);
			free(shown);
		} else
			use[c] = 1;
		free(name);
		if (bad)
			return -1;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* Keys as a bind or unbind line writes them; warnings are passed on. */
static int
config_keys(struct config_file *f, const char *spec, struct keyseq *seq)
{
	char	*warning = NULL, *err = NULL, *shown;

	if (keymap_parse_keys(spec, seq, &warning, &err) == -1) {
		shown = word_show(spec);
		config_error(f, "bad key \"%s\": %s", shown, err);
		free(shown);
		free(err);
		return -1;
	}
	if (warning != NULL) {
		config_warning(f, "%s", warning);
		free(warning);
	}
	return 0;
}

static int
config_nargs(struct config_file *f, const struct words *w, size_t want,
    const char *usage)
{
	char	*shown;

	if (w->n - 1 < want) {
		config_error(f, "missing argument: %s", usage);
		return -1;
	}
	if (w->n - 1 > want) {
		shown = word_show(w->v[want + 1].s);
		config_error(f, "extra argument \"%s\": %s", shown, usage);
		free(shown);
		return -1;
	}
	return 0;
}

static void
config_bind(struct config_file *f, const struct words *w)
{
	struct keyseq	 seq;
	enum action	 a;
	int		 use[KEYMAP_NCONTEXT], c;
	char		*warning, *shown;

	if (config_nargs(f, w, 3, "bind CONTEXT[,CONTEXT...] KEYS ACTION")
	    == -1)
		return;
	if (f->h->keymap == NULL) {
		config_error(f, "bind is not allowed in this file");
		return;
	}
	if (config_contexts(f, w->v[1].s, use) == -1 ||
	    config_keys(f, w->v[2].s, &seq) == -1)
		return;
	a = action_by_name(w->v[3].s);
	if (a == ACTION_NONE && strcasecmp(w->v[3].s, "none") != 0) {
		shown = word_show(w->v[3].s);
		config_error(f, "unknown action \"%s\"", shown);
		free(shown);
		return;
	}
	for (c = 0; c < KEYMAP_NCONTEXT; c++) {
		if (!use[c])
			continue;
		warning = NULL;
		if (keymap_bind(f->h->keymap, (enum keymap_context)c, &seq, a,
		    &warning) == -1)
			config_error(f, "cannot bind in %s",
			    keymap_context_name((enum keymap_context)c));
		if (warning != NULL) {
			config_warning(f, "%s", warning);
			free(warning);
		}
	}
}

static void
config_unbind(struct config_file *f, const struct words *w)
{
	struct keyseq	 seq;
	int		 use[KEYMAP_NCONTEXT], c;
	char		*err;

	if (config_nargs(f, w, 2, "unbind CONTEXT[,CONTEXT...] KEYS") == -1)
		return;
	if (f->h->keymap == NULL) {
		config_error(f, "unbind is not allowed in this file");
		return;
	}
	if (config_contexts(f, w->v[1].s, use) == -1 ||
	    config_keys(f, w->v[2].s, &seq) == -1)
		return;
	for (c = 0; c < KEYMAP_NCONTEXT; c++) {
		err = NULL;
		if (use[c] && keymap_unbind(f->h->keymap,
		    (enum keymap_context)c, &seq, &err) == -1)
			config_error(f, "%s", err);
		free(err);
	}
}

static void
config_set(struct config_file *f, const struct words *w)
{
	char	*err = NULL;

	if (config_nargs(f, w, 2, "set OPTION VALUE") == -1)
		return;
	if (f->h->set == NULL) {
		config_error(f, "set is not allowed in this file");
		return;
	}
	if (f->h->set(f->h->ctx, w->v[1].s, w->v[2].s, &err) == -1)
		config_error(f, "%s", err ? err : "invalid option or value");
	free(err);
}

/* Where `source FILE` points: ~/ is $HOME, relative is beside f. */
static char *
config_source_path(const struct config_file *f, const char *file)
{
	const char	*home, *slash;

	if (file[0] == '~' && file[1] == '/') {
		home = getenv("HOME");
		if (home == NULL || home[0] == '\0')
			return NULL;
		return xasprintf("%s%s", home, file + 1);
	}
	if (file[0] == '/' || (slash = strrchr(f->name, '/')) == NULL)
		return xstrdup(file);
	return xasprintf("%.*s/%s", (int)(slash - f->name), f->name, file);
}

static void
config_source(struct config_file *f, const struct words *w)
{
	char	*path;

	if (config_nargs(f, w, 1, "source FILE") == -1)
		return;
	if (f->h->depth >= CONFIG_SOURCE_DEPTH) {
		config_error(f, "source nested more than %d deep (does a file "
		    "source itself?)", CONFIG_SOURCE_DEPTH);
		return;
	}
	if ((path = config_source_path(f, w->v[1].s)) == NULL) {
		config_error(f, "source: HOME is not set");
		return;
	}
	f->h->depth++;
	f->errors += config_parse_path(path, f->h, f);
	f->h->depth--;
	free(path);
}

static int
label_name_valid(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	}
	return 1;
}

/*
 * label NAME [key K] [color C] ["description"], or (relation) relation
 * NAME [key K] [symmetric] ["description"]; options in any order.
 */
static void
config_label(struct config_file *f, const struct words *w, int relation)
{
	struct config_label	 l;
	struct keyseq		 seq;
	char			*key = NULL, *err = NULL, *shown;
	const char		*word;
	size_t			 i;
	int			 color;

	if (w->n < 2) {
		config_error(f, relation ? "missing argument: relation NAME "
		    "[key K] [symmetric] [\"description\"]" :
		    "missing argument: label NAME [key K] [color C] "
		    "[\"description\"]");
		return;
	}
	if (f->h->label == NULL) {
		config_error(f, "%s is not allowed in this file",
		    relation ? "relation" : "label");
		return;
	}
	memset(&l, 0, sizeof(l));
	l.name = w->v[1].s;
	l.relation = relation;
	if (!label_name_valid(l.name)) {
		shown = word_show(l.name);
		config_error(f, "bad label name \"%s\" (letters, digits, _ "
		    "and - only)", shown);
		free(shown);
		return;
	}
	for (i = 2; i < w->n; i++) {
		word = w->v[i].s;
		if (w->v[i].quoted) {
			if (l.description != NULL) {
				config_error(f, "two descriptions");
				goto out;
			}
			l.description = w->v[i].s;
			continue;
		}
		if (relation && strcmp(word, "symmetric") == 0) {
			l.symmetric = 1;
			continue;
		}
		if (relation && (strcmp(word, "color") == 0 ||
		    strcmp(word, "colour") == 0)) {
			config_error(f, "a relation has no colour (it is drawn "
			    "in its spans' colours)");
			goto out;
		}
		if (strcmp(word, "key") != 0 && strcmp(word, "color") != 0 &&
		    strcmp(word, "colour") != 0) {
			shown = word_show(word);
			config_error(f, "extra argument \"%s\" (a description "
			    "is quoted)", shown);
			free(shown);
			goto out;
		}
		if (i + 1 == w->n) {
			config_error(f, "missing argument after %s", word);
			goto out;
		}
		if (strcmp(word, "key") == 0) {
			if (l.key != NULL) {
				config_error(f, "two keys");
				goto out;
			}
			if (config_keys(f, w->v[i + 1].s, &seq) == -1)
				goto out;
			l.key = key = keymap_seq_name(&seq);
		} else {
			if (l.color != NULL) {
				config_error(f, "two colours");
				goto out;
			}
			if (config_color_parse(w->v[i + 1].s, &color) == -1) {
				shown = word_show(w->v[i + 1].s);
				config_error(f, "unknown colour \"%s\"", shown);
				free(shown);
				goto out;
			}
			l.color = w->v[i + 1].s;
		}
		i++;
	}
	if (f->h->label(f->h->ctx, &l, &err) == -1)
		config_error(f, "%s", err ? err : "cannot add the label");
out:
	free(err);
	free(key);
}

static void
config_line(struct config_file *f, const char *line, size_t len,
    struct words *w)
{
	size_t	 end = 0;
	char	*split_err = NULL, *err = NULL, *shown;
	int	 split;

	words_clear(w);
	split = config_split(line, len, w, &end, &split_err);
	if (config_check_bytes(line, end, &err) == -1) {
		config_error(f, "%s", err);
		goto out;
	}
	if (split == -1) {
		config_error(f, "%s", split_err);
		goto out;
	}
	if (w->n == 0)
		goto out;
	if (strcmp(w->v[0].s, "bind") == 0)
		config_bind(f, w);
	else if (strcmp(w->v[0].s, "unbind") == 0)
		config_unbind(f, w);
	else if (strcmp(w->v[0].s, "set") == 0)
		config_set(f, w);
	else if (strcmp(w->v[0].s, "source") == 0)
		config_source(f, w);
	else if (strcmp(w->v[0].s, "label") == 0)
		config_label(f, w, 0);
	else if (strcmp(w->v[0].s, "relation") == 0)
		config_label(f, w, 1);
	else {
		shown = word_show(w->v[0].s);
		config_error(f, "unknown command \"%s\"", shown);
		free(shown);
	}
out:
	free(split_err);
	free(err);
}

int
config_parse(const char *name, const char *text, size_t len,
    struct config_handlers *h)
{
	struct config_file	 f;
	struct words		 w;
	const char		*p = text, *end = text + len, *eol;
	size_t			 n;

	memset(&f, 0, sizeof(f));
	memset(&w, 0, sizeof(w));
	f.name = name;
	f.h = h;
	while (p < end) {
		f.line++;
		/* Lines end in LF, CRLF or a lone CR. */
		for (eol = p; eol < end && *eol != '\n' && *eol != '\r'; eol++)
			;
		n = (size_t)(eol - p);
		config_line(&f, p, n, &w);
		if (eol < end && *eol == '\r' && eol + 1 < end &&
		    eol[1] == '\n')
			eol++;
		p = eol + 1;
	}
	words_clear(&w);
	free(w.v);
	return f.errors;
}

/* Read and parse path; from is the file whose `source` line named it. */
static int
config_parse_path(const char *path, struct config_handlers *h,
    struct config_file *from)
{
	char	*data = NULL, *err = NULL;
	size_t	 len = 0;
	int	 errors;

	if (file_read_regular(path, CONFIG_MAX_BYTES, &data, &len,
	    &err) == -1) {
		if (from != NULL) {
			config_error(from, "source: %s: %s", path, err);
			errors = 0;	/* counted in from */
		} else {
			if (h->message != NULL) {
				char	*text = xasprintf("%s: %s", path, err);

				h->message(h->ctx, 1, text);
				free(text);
			}
			errors = 1;
		}
		free(err);
		return errors;
	}
	errors = config_parse(path, data, len, h);
	free(data);
	return errors;
}

int
config_parse_file(const char *path, struct config_handlers *h)
{
	return config_parse_path(path, h, NULL);
}

int
config_color_parse(const char *s, int *color)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan",
		"white"
	};
	const char	*name = s;
	char		*end;
	long		 n;
	int		 i, bright = 0;

	if (strcasecmp(s, "default") == 0) {
		*color = -1;
		return 0;
	}
	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		n = strtol(s, &end, 10);
		if (*end != '\0' || errno != 0 || n > 255)
			return -1;
		*color = (int)n;
		return 0;
	}
	if (strncasecmp(name, "bright", 6) == 0) {
		bright = 8;
		name += name[6] == '-' ? 7 : 6;
	}
	for (i = 0; i < 8; i++) {
		if (strcasecmp(name, names[i]) == 0) {
			*color = i + bright;
			return 0;
		}
	}
	return -1;
}

int
config_load_default_keys(struct keymap *km,
    void (*message)(void *ctx, int is_error, const char *text), void *ctx)
{
	struct config_handlers	 h;

	memset(&h, 0, sizeof(h));
	h.keymap = km;
	h.message = message;
	h.ctx = ctx;
	return config_parse("default.keys", keymap_default_text,
	    strlen(keymap_default_text), &h);
}
