/*
 * fuzz_jsonl.c: any bytes as JSON and as a JSONL import (SPEC §8, §12).
 * The parser either refuses with a message or gives a tree that the
 * writer turns into JSON it reads back the same; then the whole input is
 * imported as a .jsonl file and exported in every format.
 */
#include <stdlib.h>
#include <string.h>

#include "margin/import.h"
#include "margin/json.h"
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

/* Walk the tree through the lookup helpers. */
static void
fuzz_walk(const struct json *j, int depth)
{
	size_t	 i;

	FUZZ_CHECK(depth <= JSON_MAX_DEPTH + 1, "nesting is bounded");
	(void)json_type_name(j->type);
	(void)json_is_integer(j);
	switch (j->type) {
	case JSON_ARRAY:
		for (i = 0; i < j->n; i++) {
			FUZZ_CHECK(json_item(j, i) == &j->items[i],
			    "json_item gives the i-th item");
			fuzz_walk(&j->items[i], depth + 1);
		}
		FUZZ_CHECK(json_item(j, j->n) == NULL,
		    "json_item past the end is NULL");
		break;
	case JSON_OBJECT:
		for (i = 0; i < j->n; i++) {
			if (strlen(j->members[i].name) ==
			    j->members[i].name_len)
				FUZZ_CHECK(json_get(j, j->members[i].name) !=
				    NULL, "json_get finds a member by name");
			fuzz_walk(&j->members[i].value, depth + 1);
		}
		(void)json_get_string(j, "text");
		break;
	case JSON_STRING:
		FUZZ_CHECK(j->str != NULL && j->str[j->len] == '\0',
		    "a string is NUL-terminated at its length");
		break;
	default:
		break;
	}
}

/* parse(write(tree)) writes the same text again: the writer's output is
   always valid JSON (json.h). */
static void
fuzz_round_trip(const struct json *j)
{
	struct buf	 a = BUF_INIT, b = BUF_INIT;
	struct json	*again;
	char		*err = NULL;

	json_write(&a, j);
	again = json_parse(a.data != NULL ? a.data : "", a.len, 0, &err);
	if (again == NULL)
		FUZZ_CHECK(0, "what json_write writes, json_parse reads");
	json_write(&b, again);
	FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	    "written JSON reads back to the same JSON");
	json_free(again);
	buf_free(&a);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json	*j;
	char		*err = NULL;
	int		 flags;

	for (flags = 0; flags <= JSON_LAX_UTF8; flags += JSON_LAX_UTF8) {
		j = json_parse((const char *)data, size, flags, &err);
		if (j == NULL) {
			FUZZ_CHECK(err != NULL && strncmp(err, "byte ", 5) == 0,
			    "a refusal says at which byte");
			free(err);
			err = NULL;
			continue;
		}
		fuzz_walk(j, 0);
		fuzz_round_trip(j);
		json_free(j);
	}
	fuzz_import_export(fuzz_file("in.jsonl", data, size), IMPORT_JSONL);
	return 0;
}
