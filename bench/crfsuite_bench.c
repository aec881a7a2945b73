/*
 * crfsuite_bench.c: the CRFsuite peer of margin's tagger benchmark, built
 * by bench/bench.py from the C sources of npm's crfsuite package (its
 * Node binding trains with L-BFGS only; this reaches every trainer of the
 * same library).  It reads CRFsuite's own data format: a line per token,
 * the label then the attributes, tab-separated; a blank line after each
 * sequence.
 *
 *   crfsuite_bench train lbfgs|ap MODEL FILE   train; prints the seconds
 *   crfsuite_bench tag MODEL FILE              a predicted label a line
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crfsuite.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
quiet(void *user, const char *format, va_list args)
{
	(void)user;
	(void)format;
	(void)args;
	return 0;
}

/*
 * Read FILE's sequences: each item's attributes through attrs (get
 * adds, to_id only looks up and -1 is skipped), each label through
 * labels.  fn is called once per sequence.
 */
typedef void (*sequence_fn)(void *ctx, crfsuite_instance_t *inst);

static int
read_sequences(const char *path, crfsuite_dictionary_t *attrs,
    crfsuite_dictionary_t *labels, int add, sequence_fn fn, void *ctx)
{
	FILE			*f = fopen(path, "r");
	char			*line = NULL, *p, *tab;
	size_t			 cap = 0;
	ssize_t			 len;
	crfsuite_instance_t	 inst;
	crfsuite_item_t		 item;
	crfsuite_attribute_t	 a;
	int			 aid, lid;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	crfsuite_instance_init(&inst);
	while ((len = getline(&line, &cap, f)) != -1) {
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0) {
			if (inst.num_items > 0)
				fn(ctx, &inst);
			crfsuite_instance_finish(&inst);
			crfsuite_instance_init(&inst);
			continue;
		}
		tab = strchr(line, '\t');
		if (tab != NULL)
			*tab = '\0';
		lid = add ? labels->get(labels, line) :
		    labels->to_id(labels, line);
		crfsuite_item_init(&item);
		for (p = tab != NULL ? tab + 1 : NULL; p != NULL; p = tab) {
			tab = strchr(p, '\t');
			if (tab != NULL)
				*tab++ = '\0';
			aid = add ? attrs->get(attrs, p) : attrs->to_id(attrs, p);
			if (aid < 0)
				continue;
			crfsuite_attribute_set(&a, aid, 1.0);
			crfsuite_item_append_attribute(&item, &a);
		}
		crfsuite_instance_append(&inst, &item, lid < 0 ? 0 : lid);
		crfsuite_item_finish(&item);
	}
	if (inst.num_items > 0)
		fn(ctx, &inst);
	crfsuite_instance_finish(&inst);
	free(line);
	fclose(f);
	return 0;
}

static void
append_sequence(void *ctx, crfsuite_instance_t *inst)
{
	crfsuite_data_append(ctx, inst);
}

static int
train(const char *algorithm, const char *model, const char *path)
{
	crfsuite_data_t		 data;
	crfsuite_trainer_t	*tr = NULL;
	char			 id[64];
	double			 start;
	int			 rc;

	crfsuite_data_init(&data);
	if (crfsuite_create_instance("dictionary", (void **)&data.attrs) == 0 ||
	    crfsuite_create_instance("dictionary",
	    (void **)&data.labels) == 0) {
		fprintf(stderr, "crfsuite_bench: no dictionary\n");
		return 1;
	}
	if (read_sequences(path, data.attrs, data.labels, 1, append_sequence,
	    &data) == -1)
		return 1;
	snprintf(id, sizeof(id), "train/crf1d/%s", strcmp(algorithm, "ap") == 0 ?
	    "averaged-perceptron" : algorithm);
	if (crfsuite_create_instance(id, (void **)&tr) == 0) {
		fprintf(stderr, "crfsuite_bench: no trainer %s\n", id);
		return 1;
	}
	tr->set_message_callback(tr, NULL, quiet);
	start = now();
	rc = tr->train(tr, &data, model, -1);
	printf("train_seconds %.3f\n", now() - start);
	printf("sequences %d\n", data.num_instances);
	tr->release(tr);
	data.attrs->release(data.attrs);
	data.labels->release(data.labels);
	crfsuite_data_finish(&data);
	return rc != 0;
}

struct tag_run {
	crfsuite_tagger_t	*tagger;
	crfsuite_dictionary_t	*labels;
	int			*out;
	size_t			 cap, tokens;
	double			 seconds;
};

static void
tag_sequence(void *ctx, crfsuite_instance_t *inst)
{
	struct tag_run	*r = ctx;
	floatval_t	 score;
	const char	*s;
	double		 start;
	int		 i;

	if ((size_t)inst->num_items > r->cap) {
		r->cap = (size_t)inst->num_items;
		r->out = realloc(r->out, r->cap * sizeof(*r->out));
		if (r->out == NULL)
			abort();
	}
	start = now();
	r->tagger->set(r->tagger, inst);
	r->tagger->viterbi(r->tagger, r->out, &score);
	r->seconds += now() - start;
	r->tokens += (size_t)inst->num_items;
	for (i = 0; i < inst->num_items; i++) {
		r->labels->to_string(r->labels, r->out[i], &s);
		printf("%s\n", s);
		r->labels->free(r->labels, s);
	}
	printf("\n");
}

static int
tag(const char *model, const char *path)
{
	crfsuite_model_t	*m = NULL;
	crfsuite_dictionary_t	*attrs = NULL;
	struct tag_run		 r;

	memset(&r, 0, sizeof(r));
	if (crfsuite_create_instance_from_file(model, (void **)&m) != 0 ||
	    m->get_tagger(m, &r.tagger) != 0 ||
	    m->get_attrs(m, &attrs) != 0 || m->get_labels(m, &r.labels) != 0) {
		fprintf(stderr, "crfsuite_bench: cannot open %s\n", model);
		return 1;
	}
	if (read_sequences(path, attrs, r.labels, 0, tag_sequence, &r) == -1)
		return 1;
	fprintf(stderr, "tag_seconds %.4f tokens %zu\n", r.seconds, r.tokens);
	free(r.out);
	r.labels->release(r.labels);
	attrs->release(attrs);
	r.tagger->release(r.tagger);
	m->release(m);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "train") == 0)
		return train(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "tag") == 0)
		return tag(argv[2], argv[3]);
	fprintf(stderr, "usage: crfsuite_bench train lbfgs|ap MODEL FILE\n"
	    "       crfsuite_bench tag MODEL FILE\n");
	return 2;
}
