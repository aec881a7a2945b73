/*
 * replay.c: run a fuzz target on given files (or every file of given
 * folders) without libFuzzer, so that `make check` replays the seed
 * corpora and the kept crashes with the compiler and sanitisers it has.
 * Prints one line per input; exits non-zero when an input cannot be read
 * (a crash aborts the process with the sanitiser's or the target's report).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "margin/util.h"

#include "fuzz.h"

static int
replay_file(const char *path)
{
	char	*data = NULL, *err = NULL;
	uint8_t	*copy;
	size_t	 len = 0;

	if (file_read_all(path, &data, &len, &err) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, err);
		free(err);
		return -1;
	}
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* An exact-size copy, so that reading one byte past the input is
	   caught by AddressSanitizer as it is under libFuzzer. */
	copy = xmalloc(len > 0 ? len : 1);
	if (len > 0)
		memcpy(copy, data, len);
	(void)LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	free(data);
	return 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_dir(const char *path)
{
	DIR		*d;
	struct dirent	*e;
	char		**names = NULL, *child;
	size_t		 n = 0, i;
	int		 rc = 0;
	struct stat	 st;

	if ((d = opendir(path)) == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++) {
		child = xasprintf("%s/%s", path, names[i]);
		if (stat(child, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(child) == -1)
			rc = -1;
		free(child);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	struct stat	 st;
	int		 i, rc = 0;

	(void)LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			perror(argv[i]);
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i]) == -1)
				rc = 1;
		} else if (replay_file(argv[i]) == -1)
			rc = 1;
	}
	return rc;
}
