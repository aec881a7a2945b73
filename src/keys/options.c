/*
 * options.c: `set` options and their defaults (see options.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "margin/options.h"
#include "margin/util.h"

const char *const options_names[] = { "wrap-width", "color", "panes",
	"mouse", "propagate-max", "suggest-on-open", "train-every", "next",
	"label-style", "annotations", NULL };

/* Short enough for the help overlay at 80 columns. */
const struct options_doc options_docs[] = {
	{ "wrap-width", "N", "the widest the reader wraps (columns)" },
	{ "color", "auto|on|off", "colours, or bold/underline/reverse" },
	{ "panes", "N", "at most N panes (1 to 3)" },
	{ "mouse", "on|off", "clicks, drags and the wheel" },
	{ "propagate-max", "N", "the most one propagate suggests" },
	{ "suggest-on-open", "on|off", "the model suggests on opening" },
	{ "train-every", "N", "retrain every N done (0: never)" },
	{ "next", "order|uncertain", "done-next: in order, or least sure" },
	{ "label-style", "auto|inline|margin",
	    "labels: [Moscow]LOC in the text, or a column" },
	{ "annotations", "auto|on|off", "the annotations pane (o toggles)" },
	{ NULL, NULL, NULL }
};

void
options_init(struct options *o)
{
	o->wrap_width = 80;
	o->color = OPTIONS_COLOR_AUTO;
	o->panes = 3;
	o->mouse = 1;
	o->propagate_max = 100000;
	o->suggest_on_open = 0;
	o->train_every = 0;
	o->next = OPTIONS_NEXT_ORDER;
	o->label_style = OPTIONS_LABELS_AUTO;
	o->annotations = OPTIONS_ANNOTATIONS_AUTO;
}

static const char *const options_label_styles[] = { "auto", "inline",
	"margin", NULL };
static const char *const options_annotations_values[] = { "auto", "on",
	"off", NULL };

const char *
options_label_style_name(enum options_label_style v)
{
	return (unsigned)v < 3 ? options_label_styles[v] : "?";
}

const char *
options_annotations_name(enum options_annotations v)
{
	return (unsigned)v < 3 ? options_annotations_values[v] : "?";
}

/* One of a NULL-terminated list of words: its index in *out. */
static int
options_word(const char *name, const char *value, const char *const *words,
    int *out, char **errp)
{
	int	 i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(value, words[i]) == 0) {
			*out = i;
			return 0;
		}
	return err_set(errp, "%s: expected %s, %s or %s, not \"%s\"", name,
	    words[0], words[1], words[2], value);
}

static int
options_int(const char *name, const char *value, long lo, long hi, int *out,
    char **errp)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < lo || v > hi)
		return err_set(errp, "%s: expected a number from %ld to %ld, "
		    "not \"%s\"", name, lo, hi, value);
	*out = (int)v;
	return 0;
}

static int
options_bool(const char *name, const char *value, int *out, char **errp)
{
	if (strcmp(value, "on") == 0)
		*out = 1;
	else if (strcmp(value, "off") == 0)
		*out = 0;
	else
		return err_set(errp, "%s: expected on or off, not \"%s\"",
		    name, value);
	return 0;
}

int
options_set(struct options *o, const char *name, const char *value,
    char **errp)
{
	if (strcmp(name, "wrap-width") == 0)
		return options_int(name, value, 20, 1000, &o->wrap_width,
		    errp);
	if (strcmp(name, "propagate-max") == 0)
		return options_int(name, value, 0, 100000000,
		    &o->propagate_max, errp);
	if (strcmp(name, "panes") == 0)
		return options_int(name, value, 1, 3, &o->panes, errp);
	if (strcmp(name, "color") == 0) {
		if (strcmp(value, "auto") == 0 || strcmp(value, "on") == 0)
			o->color = OPTIONS_COLOR_AUTO;
		else if (strcmp(value, "off") == 0)
			o->color = OPTIONS_COLOR_OFF;
		else
			return err_set(errp, "color: expected auto, on or "
			    "off, not \"%s\"", value);
		return 0;
	}
	if (strcmp(name, "mouse") == 0) {
		if (strcmp(value, "on") == 0)
			o->mouse = 1;
		else if (strcmp(value, "off") == 0)
			o->mouse = 0;
		else
			return err_set(errp, "mouse: expected on or off, not "
			    "\"%s\"", value);
		return 0;
	}
	if (strcmp(name, "suggest-on-open") == 0)
		return options_bool(name, value, &o->suggest_on_open, errp);
	if (strcmp(name, "train-every") == 0)
		return options_int(name, value, 0, 1000000, &o->train_every,
		    errp);
	if (strcmp(name, "next") == 0) {
		if (strcmp(value, "order") == 0)
			o->next = OPTIONS_NEXT_ORDER;
		else if (strcmp(value, "uncertain") == 0)
			o->next = OPTIONS_NEXT_UNCERTAIN;
		else
			return err_set(errp, "next: expected order or "
			    "uncertain, not \"%s\"", value);
		return 0;
	}
	if (strcmp(name, "label-style") == 0) {
		int	 v;

		if (options_word(name, value, options_label_styles, &v,
		    errp) == -1)
			return -1;
		o->label_style = (enum options_label_style)v;
		return 0;
	}
	if (strcmp(name, "annotations") == 0) {
		int	 v;

		if (options_word(name, value, options_annotations_values, &v,
		    errp) == -1)
			return -1;
		o->annotations = (enum options_annotations)v;
		return 0;
	}
	return err_set(errp, "unknown option \"%s\"", name);
}
