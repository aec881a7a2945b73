/*
 * aho_bench.c: the gazetteer matcher alone, for bench/bench.py: build an
 * automaton from NAMES (one per line), search TEXT, print the matches, the
 * times and the memory.  The text is read a megabyte at a time and
 * searched up to the last line end read, as grep reads it: no name holds
 * a line end and a line end is a word boundary, so the matches are those
 * of one search over the whole text.
 *
 *   aho_bench [-g] [-i] NAMES TEXT
 *
 * Prints one line: matches build_seconds search_seconds automaton_bytes.
 */
#include <sys/resource.h>

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "margin/aho.h"
#include "margin/util.h"

#define AHO_BENCH_CHUNK	(1 << 17)

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The last line end in b[0..n), or NULL. */
static char *
last_line_end(char *b, size_t n)
{
	while (n > 0)
		if (b[--n] == '\n')
			return b + n;
	return NULL;
}

/* The matches in the file at path, or -1 with a message. */
static long long
search_file(const struct aho *a, const char *path)
{
	struct aho_match	*v;
	FILE			*f;
	char			*b, *nl;
	size_t			 cap = AHO_BENCH_CHUNK, have = 0, got, upto;
	long long		 n = 0;
	int			 eof = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "aho_bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	b = xmalloc(cap);
	while (!eof || have > 0) {
		if (!eof) {
			if (have == cap)
				b = xrealloc(b, cap *= 2);
			got = fread(b + have, 1, cap - have, f);
			have += got;
			eof = got == 0;
		}
		nl = last_line_end(b, have);
		if (nl == NULL && !eof)
			continue;
		upto = nl != NULL && !eof ? (size_t)(nl - b) + 1 : have;
		n += (long long)aho_search(a, b, upto, &v);
		free(v);
		memmove(b, b + upto, have - upto);
		have -= upto;
	}
	if (ferror(f)) {
		fprintf(stderr, "aho_bench: %s: read error\n", path);
		n = -1;
	}
	fclose(f);
	free(b);
	return n;
}

int
main(int argc, char **argv)
{
	struct aho		*a;
	char			*names, *err = NULL, *p, *nl;
	size_t			 nlen;
	long long		 n;
	double			 t0, t1, t2;
	int			 ignore_case = 0, i = 1;

	/*
	 * glibc raises its mmap threshold each time a large block is freed,
	 * so that the build's freed temporaries stay in the heap, counted in
	 * the peak RSS as live (about 50 MB at 1M names); a fixed threshold
	 * measures what the matcher holds.  -g keeps glibc's default.
	 */
	if (argc > 1 && strcmp(argv[1], "-g") == 0)
		i++;
	else
		mallopt(M_MMAP_THRESHOLD, 1 << 20);
	if (argc > i && strcmp(argv[i], "-i") == 0) {
		ignore_case = 1;
		i++;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: aho_bench [-g] [-i] NAMES TEXT\n");
		return 2;
	}
	if (file_read_all(argv[i], &names, &nlen, &err) == -1) {
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
	free(names);
	aho_build(a);
	t1 = now();
	if ((n = search_file(a, argv[i + 1])) == -1)
		return 1;
	t2 = now();
	printf("%lld %.6f %.6f %zu\n", n, t1 - t0, t2 - t1, aho_memory(a));
	aho_free(a);
	return 0;
}
