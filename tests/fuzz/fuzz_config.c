/*
 * fuzz_config.c: any bytes as a keymap/config/label file (SPEC §7, §12):
 * config_parse with a keymap on top of the defaults and `set` and `label`
 * handlers like margin's own; then lookups of every bound sequence.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/actions.h"
#include "margin/config.h"
#include "margin/keymap.h"
#include "margin/options.h"
#include "margin/store.h"
#include "margin/text.h"
#include "margin/util.h"

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

struct fuzz_config {
	struct options	options;
	size_t		labels;
	size_t		errors;
};

static int
fuzz_set(void *ctx, const char *name, const char *value, char **errp)
{
	struct fuzz_config	*fc = ctx;

	return options_set(&fc->options, name, value, errp);
}

/* What `labels load` and the schema files need of a label line. */
static int
fuzz_label(void *ctx, const struct config_label *l, char **errp)
{
	struct fuzz_config	*fc = ctx;
	struct keyseq		 seq;
	char			*warning = NULL, *name, *d;
	int			 color;

	FUZZ_CHECK(l->name != NULL, "a label line has a name");
	if (!store_label_valid_name(l->name))
		return err_set(errp, "bad name");
	if (l->key != NULL) {
		if (keymap_parse_keys(l->key, &seq, &warning, errp) == -1)
			return -1;
		free(warning);
		FUZZ_CHECK(seq.n >= 1 && seq.n <= KEYSEQ_MAX,
		    "a parsed key sequence has 1 to KEYSEQ_MAX keys");
		name = keymap_seq_name(&seq);
		free(name);
	}
	if (l->color != NULL && config_color_parse(l->color, &color) == 0)
		FUZZ_CHECK(color >= -1 && color <= 255,
		    "a parsed colour is -1..255");
	if (l->description != NULL) {
		d = text_sanitize(l->description, strlen(l->description));
		free(d);
	}
	fc->labels++;
	return 0;
}

static void
fuzz_message(void *ctx, int is_error, const char *text)
{
	struct fuzz_config	*fc = ctx;

	FUZZ_CHECK(text != NULL && strncmp(text, "fuzz.keys:", 10) == 0,
	    "every message names file:line");
	if (is_error)
		fc->errors++;
}

/* Each binding found for action a in context c looks up to a. */
static void
fuzz_check_bindings(const struct keymap *km)
{
	struct keyseq		*seqs = NULL, part;
	enum action		 found;
	enum keymap_match	 m;
	size_t			 n, i;
	int			 c, a, k;
	char			*name;

	for (c = 0; c < KEYMAP_NCONTEXT; c++) {
		for (a = 1; a < ACTION_COUNT; a++) {
			n = keymap_keys_for(km, (enum keymap_context)c,
			    (enum action)a, &seqs);
			for (i = 0; i < n; i++) {
				m = keymap_lookup(km, (enum keymap_context)c,
				    &seqs[i], &found);
				FUZZ_CHECK(m == KEYMAP_MATCH &&
				    found == (enum action)a,
				    "a listed binding looks up to its action");
				for (k = 1; k < seqs[i].n; k++) {
					part = seqs[i];
					part.n = k;
					m = keymap_lookup(km,
					    (enum keymap_context)c, &part,
					    &found);
					(void)m;
				}
				name = keymap_seq_name(&seqs[i]);
				free(name);
			}
			free(seqs);
			seqs = NULL;
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_handlers	 h;
	struct fuzz_config	 fc;
	struct keymap		*km;

	memset(&fc, 0, sizeof(fc));
	options_init(&fc.options);
	km = keymap_new();
	if (config_load_default_keys(km, NULL, NULL) != 0)
		FUZZ_CHECK(0, "the default keymap loads without errors");
	memset(&h, 0, sizeof(h));
	h.keymap = km;
	h.set = fuzz_set;
	h.label = fuzz_label;
	h.message = fuzz_message;
	h.ctx = &fc;
	/* `source` would read whatever path the input names (a FIFO, stdin):
	   start at the nesting limit so that it is refused, as a loop is. */
	h.depth = CONFIG_SOURCE_DEPTH;
	(void)config_parse("fuzz.keys", (const char *)data, size, &h);
	FUZZ_CHECK(fc.options.wrap_width >= 20 && fc.options.wrap_width <= 1000,
	    "wrap-width stays within 20..1000");
	fuzz_check_bindings(km);
	keymap_free(km);
	return 0;
}
