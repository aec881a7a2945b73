/*
 * labels.c: label schema files: where a name is looked for, how a file is
 * read whole before anything changes, and what its loading is told as.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "margin/config.h"
#include "margin/labels.h"
#include "margin/util.h"

#ifndef MARGIN_DATADIR
#define MARGIN_DATADIR "/usr/local/share/margin"
#endif

#define LABELS_SUFFIX ".labels"

/* The folders a schema name is looked for in, most personal first. */
static size_t
labels_dirs(char *dirs[3])
{
	const char	*xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char		 exe[PATH_MAX], *slash;
	ssize_t		 len;
	size_t		 n = 0;
	struct buf	 b = BUF_INIT;

	if (xdg != NULL && xdg[0] == '/')
		buf_printf(&b, "%s/margin/labels", xdg);
	else if (home != NULL && home[0] == '/')
		buf_printf(&b, "%s/.local/share/margin/labels", home);
	if (b.len > 0)
		dirs[n++] = buf_detach(&b);
	/* A checkout: ./margin beside share/labels. */
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			buf_printf(&b, "%s/share/labels", exe);
			dirs[n++] = buf_detach(&b);
		}
	}
	buf_printf(&b, "%s/labels", MARGIN_DATADIR);
	dirs[n++] = buf_detach(&b);
	buf_free(&b);
	return n;
}

static int
labels_is_file(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
labels_has_suffix(const char *name)
{
	size_t	 n = strlen(name), k = strlen(LABELS_SUFFIX);

	return n > k && strcmp(name + n - k, LABELS_SUFFIX) == 0;
}

int
labels_find(const char *name, char **pathp, char **errp)
{
	char		*dirs[3];
	size_t		 n, i;
	struct buf	 b = BUF_INIT;

	*pathp = NULL;
	if (name == NULL || name[0] == '\0')
		return err_set(errp, "no schema file named");
	if (strchr(name, '/') != NULL || labels_is_file(name)) {
		*pathp = xstrdup(name);
		return 0;
	}
	n = labels_dirs(dirs);
	for (i = 0; i < n && *pathp == NULL; i++) {
		buf_truncate(&b, 0);
		buf_printf(&b, "%s/%s%s", dirs[i], name,
		    labels_has_suffix(name) ? "" : LABELS_SUFFIX);
		if (labels_is_file(b.data))
			*pathp = buf_detach(&b);
	}
	for (i = 0; i < n; i++)
		free(dirs[i]);
	buf_free(&b);
	if (*pathp == NULL)
		return err_set(errp, "no schema \"%s\" (neither a file nor "
		    "one of the schemas `margin labels load` lists)", name);
	return 0;
}

static int
labels_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
labels_available_in(const char *dir, char ***namesp, size_t *np)
{
	DIR		*d;
	struct dirent	*e;
	size_t		 k = strlen(LABELS_SUFFIX), len;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!labels_has_suffix(e->d_name))
			continue;
		len = strlen(e->d_name) - k;
		*namesp = xreallocarray(*namesp, *np + 1, sizeof(**namesp));
		(*namesp)[*np] = xmalloc(len + 1);
		memcpy((*namesp)[*np], e->d_name, len);
		(*namesp)[(*np)++][len] = '\0';
	}
	closedir(d);
}

void
labels_available(char ***namesp, size_t *np)
{
	char	*dirs[3];
	size_t	 n, i, j;

	*namesp = NULL;
	*np = 0;
	n = labels_dirs(dirs);
	for (i = 0; i < n; i++) {
		labels_available_in(dirs[i], namesp, np);
		free(dirs[i]);
	}
	if (*np == 0)
		return;
	qsort(*namesp, *np, sizeof(**namesp), labels_name_cmp);
	for (i = j = 1; i < *np; i++) {
		if (strcmp((*namesp)[i], (*namesp)[j - 1]) == 0)
			free((*namesp)[i]);
		else
			(*namesp)[j++] = (*namesp)[i];
	}
	*np = j;
}

/* --- Reading a file whole ------------------------------------------------ */

struct labels_read {
	struct store_label_def	*defs;
	size_t			 n;
	struct labels_result	*r;
};

static char *
labels_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
labels_line(struct labels_result *r, char *line)
{
	r->lines = xreallocarray(r->lines, r->nlines + 1, sizeof(*r->lines));
	r->lines[r->nlines++] = line;
}

static int
labels_read_label(void *ctx, const struct config_label *l, char **errp)
{
	struct labels_read	*rd = ctx;
	struct store_label_def	*d;

	(void)errp;
	rd->defs = xreallocarray(rd->defs, rd->n + 1, sizeof(*rd->defs));
	d = &rd->defs[rd->n++];
	d->name = xstrdup(l->name);
	d->key = labels_dup(l->key);
	d->color = labels_dup(l->color);
	d->description = labels_dup(l->description);
	return 0;
}

static void
labels_read_message(void *ctx, int is_error, const char *text)
{
	struct labels_read	*rd = ctx;

	(void)is_error;
	labels_line(rd->r, xstrdup(text));
}

static void
labels_read_free(struct labels_read *rd)
{
	size_t	 i;

	for (i = 0; i < rd->n; i++) {
		free((char *)rd->defs[i].name);
		free((char *)rd->defs[i].key);
		free((char *)rd->defs[i].color);
		free((char *)rd->defs[i].description);
	}
	free(rd->defs);
}

/* --- Telling what changed ------------------------------------------------ */

struct labels_counts {
	size_t	 added, updated, moved, removed, kept;
};

/*
 * What an effect is told as: a line of its own for what changes which key
 * tags what (and for marks kept), names in one list for the rest.
 */
static void
labels_effect_tell(const struct store_label_effect *e,
    struct labels_counts *c, struct labels_result *r, struct buf *added,
    struct buf *removed)
{
	struct buf	 b = BUF_INIT;
	const char	*key = e->key != NULL && e->key[0] != '\0' ? e->key :
			    NULL;

	switch (e->kind) {
	case STORE_LABEL_ADDED:
		c->added++;
		buf_printf(added, "%s%s", added->len > 0 ? ", " : "",
		    e->label);
		if (key != NULL)
			buf_printf(added, " (%s)", key);
		break;
	case STORE_LABEL_UPDATED:
		c->updated++;
		if (e->key != NULL && e->old_key != NULL &&
		    strcmp(e->key, e->old_key) != 0)
			buf_printf(&b, "%s: key %s -> %s", e->label,
			    e->old_key[0] != '\0' ? e->old_key : "none",
			    key != NULL ? key : "none");
		break;
	case STORE_LABEL_KEY_TAKEN:
		c->moved++;
		buf_printf(&b, "key %s moved from %s to %s; %s has no key now",
		    e->key, e->label, e->other, e->label);
		break;
	case STORE_LABEL_REMOVED:
		c->removed++;
		buf_printf(removed, "%s%s", removed->len > 0 ? ", " : "",
		    e->label);
		break;
	case STORE_LABEL_KEPT:
		c->kept++;
		buf_printf(&b, "kept %s (%s%s): %lld span%s use%s it (relabel "
		    "%s, then remove %s)", e->label, key != NULL ? "key " :
		    "no key", key != NULL ? key : "", (long long)e->uses,
		    e->uses == 1 ? "" : "s", e->uses == 1 ? "s" : "",
		    e->uses == 1 ? "it" : "them", e->label);
		break;
	}
	if (b.len > 0)
		labels_line(r, buf_detach(&b));
	buf_free(&b);
}

static void
labels_count(struct buf *b, size_t n, const char *what, int *first)
{
	if (n == 0)
		return;
	buf_printf(b, "%s%zu %s", *first ? "" : ", ", n, what);
	*first = 0;
}

static char *
labels_summary(const char *path, size_t n, int replace,
    const struct labels_counts *c)
{
	struct buf	 b = BUF_INIT;
	const char	*base = strrchr(path, '/');
	int		 first = 1;

	buf_printf(&b, "%s%s: %zu label%s (", base != NULL ? base + 1 : path,
	    replace ? "" : " merged", n, n == 1 ? "" : "s");
	labels_count(&b, c->added, "added", &first);
	labels_count(&b, c->updated, "updated", &first);
	labels_count(&b, c->removed, "removed", &first);
	labels_count(&b, c->kept, "kept for their spans", &first);
	labels_count(&b, c->moved, c->moved == 1 ? "key moved" : "keys moved",
	    &first);
	buf_adds(&b, first ? "nothing changed)" : ")");
	return buf_detach(&b);
}

int
labels_load(struct store *s, const char *name, int replace,
    struct labels_result *r, char **errp)
{
	struct config_handlers		 h;
	struct labels_read		 rd;
	struct store_label_effects	 eff;
	struct labels_counts		 c;
	struct buf			 added = BUF_INIT, removed = BUF_INIT;
	int				 errors, rc = -1;
	size_t				 i;

	memset(r, 0, sizeof(*r));
	if (labels_find(name, &r->path, errp) == -1)
		return -1;
	memset(&h, 0, sizeof(h));
	memset(&rd, 0, sizeof(rd));
	rd.r = r;
	h.label = labels_read_label;
	h.message = labels_read_message;
	h.ctx = &rd;
	if ((errors = config_parse_file(r->path, &h)) > 0) {
		err_set(errp, "%s: %d error%s", r->path,
		    errors, errors == 1 ? "" : "s");
		goto out;
	}
	if (rd.n == 0) {
		err_set(errp, "%s: no label lines", r->path);
		goto out;
	}
	if (store_label_apply(s, rd.defs, rd.n, replace, &eff, errp) == -1) {
		err_prefix(errp, "%s", r->path);
		goto out;
	}
	memset(&c, 0, sizeof(c));
	for (i = 0; i < eff.n; i++)
		labels_effect_tell(&eff.v[i], &c, r, &added, &removed);
	if (added.len > 0)
		labels_line(r, xasprintf("added %s", added.data));
	if (removed.len > 0)
		labels_line(r, xasprintf("removed %s (no span used %s)",
		    removed.data, c.removed == 1 ? "it" : "them"));
	r->summary = labels_summary(r->path, rd.n, replace, &c);
	store_label_effects_free(&eff);
	rc = 0;
out:
	buf_free(&added);
	buf_free(&removed);
	labels_read_free(&rd);
	return rc;
}

void
labels_result_free(struct labels_result *r)
{
	size_t	 i;

	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	free(r->path);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}
