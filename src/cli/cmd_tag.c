/*
 * cmd_tag.c: `margin tag ARTICLE TAG...` and `margin untag ARTICLE
 * TAG...`: article tags from scripts, as the annotator (SPEC §2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "margin/cli.h"
#include "margin/store.h"
#include "margin/util.h"

/* A tag is one word: no blanks, no control characters. */
static int
cmd_tag_valid(const char *t)
{
	const unsigned char	*p = (const unsigned char *)t;

	if (*p == '\0')
		return 0;
	for (; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == ',')
			return 0;
	return 1;
}

static int
cmd_tag_run(struct cli *c, int add)
{
	struct store_article	 a;
	struct store		*s;
	char			*annotator, *err = NULL, *end;
	long long		 id;
	int			 i, rc = 0;

	if (c->argc < 2)
		cli_usage_error("expected an article id and at least one tag");
	id = strtoll(c->argv[0], &end, 10);
	if (*end != '\0' || id < 1)
		cli_usage_error("\"%s\" is not an article id", c->argv[0]);
	for (i = 1; i < c->argc; i++)
		if (!cmd_tag_valid(c->argv[i]))
			cli_usage_error("\"%s\" is not a tag (one word, no "
			    "blanks or commas)", c->argv[i]);
	annotator = cli_annotator(c);
	s = cli_open_store(c, annotator, 0);
	memset(&a, 0, sizeof(a));
	if (store_article_get(s, id, annotator, &a, &err) == -1) {
		cli_eprintf("margin: %s: article %lld: %s\n",
		    cli_command->name, id, err);
		free(err);
		store_close(s);
		free(annotator);
		return EXIT_RUNTIME;
	}
	store_article_free(&a);
	/* All the tags in one transaction: one undo takes them back. */
	if (store_txn_begin(s, &err) == -1)
		rc = EXIT_RUNTIME;
	for (i = 1; rc == 0 && i < c->argc; i++)
		if ((add ? store_tag_add(s, id, c->argv[i], annotator, &err) :
		    store_tag_remove(s, id, c->argv[i], annotator, &err)) == -1)
			rc = EXIT_RUNTIME;
	if (rc == 0 && store_txn_commit(s, &err) == -1)
		rc = EXIT_RUNTIME;
	if (rc != 0) {
		store_txn_rollback(s);
		cli_error(cli_command->name, err);
		free(err);
	}
	store_close(s);
	free(annotator);
	return rc;
}

static int
cmd_tag(struct cli *c)
{
	return cmd_tag_run(c, 1);
}

static int
cmd_untag(struct cli *c)
{
	return cmd_tag_run(c, 0);
}

const struct command cmd_tag_entry = {
	.name = "tag",
	.summary = "tag an article",
	.usage = "ARTICLE TAG...",
	.help =
	"Add my tags to an article (its id, as margin list shows it).\n"
	"A tag is one word; tagging twice changes nothing.\n",
	.run = cmd_tag,
};

const struct command cmd_untag_entry = {
	.name = "untag",
	.summary = "remove tags from an article",
	.usage = "ARTICLE TAG...",
	.help =
	"Remove my tags from an article; a tag it does not have is no "
	"error.\n",
	.run = cmd_untag,
};
