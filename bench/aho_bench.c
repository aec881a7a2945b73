/*
 * aho_bench.c: the gazetteer matcher alone, for bench/bench.py: build an
 * automaton from NAMES (one per line), search TEXT (a file, one search
 * over the whole of it), print the matches, the times and the memory.
 *
 *   aho_bench [-i] NAMES TEXT
 *
 * Prints one line: matches build_seconds search_seconds automaton_bytes.
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "margin/aho.h"
#include "margin/util.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct aho		*a;
	struct aho_match	*v = NULL;
	char			*names, *text, *err = NULL, *p, *nl;
	size_t			 nlen, tlen, n;
	double			 t0, t1, t2;
	int			 ignore_case = 0, i = 1;

	if (argc > 1 && strcmp(argv[1], "-i") == 0) {
		ignore_case = 1;
		i++;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: aho_bench [-i] NAMES TEXT\n");
		return 2;
	}
	if (file_read_all(argv[i], &names, &nlen, &err) == -1 ||
	    file_read_all(argv[i + 1], &text, &tlen, &err) == -1) {
		fprintf(stderr, "aho_bench: %s\n", err);
		return 1;
	}
	t0 = now();
	a = aho_new(ignore_case);
	for (p = names; p < names + nlen; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(names + nlen - p))) == NULL)
			nl = names + nlen;
		if (nl > p)
			aho_add(a, p, (size_t)(nl - p));
	}
	aho_build(a);
	t1 = now();
	n = aho_search(a, text, tlen, &v);
	t2 = now();
	printf("%zu %.6f %.6f %zu\n", n, t1 - t0, t2 - t1, aho_memory(a));
	free(v);
	aho_free(a);
	free(names);
	free(text);
	return 0;
}
