/*
 * check.h: the unit-test harness.  Each tests/unit/LAYER/test_*.c file defines
 * its tests as functions and lists them in a table; main() runs them and
 * prints one line per test and a closing "N passed, N failed".
 *
 *	static void test_bom(void) { CHECK_STR(..., ...); }
 *	static const struct check_test tests[] = {
 *		{ "canonicalise drops a leading BOM", test_bom },
 *	};
 *	CHECK_MAIN(tests)
 *
 * A test fails when any CHECK in it fails; a failing CHECK prints where it
 * was and what differed, and the test goes on (to show every difference).
 */
#ifndef MARGIN_CHECK_H
#define MARGIN_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_test {
	const char	*name;
	void		(*fn)(void);
};

static int check_failures;	/* failed CHECKs in the running test */

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		check_failures++;					\
		printf("    %s:%d: CHECK(%s) failed\n", __FILE__,	\
		    __LINE__, #cond);					\
	}								\
} while (0)

#define CHECK_MSG(cond, ...) do {					\
	if (!(cond)) {							\
		check_failures++;					\
		printf("    %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long check_g_ = (long long)(got);				\
	long long check_w_ = (long long)(want);				\
	if (check_g_ != check_w_) {					\
		check_failures++;					\
		printf("    %s:%d: %s is %lld, want %lld\n", __FILE__,	\
		    __LINE__, #got, check_g_, check_w_);		\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *check_g_ = (got);					\
	const char *check_w_ = (want);					\
	if (check_g_ == NULL || check_w_ == NULL ?			\
	    check_g_ != check_w_ : strcmp(check_g_, check_w_) != 0) {	\
		check_failures++;					\
		printf("    %s:%d: %s is \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, #got,				\
		    check_g_ ? check_g_ : "(null)",			\
		    check_w_ ? check_w_ : "(null)");			\
	}								\
} while (0)

/* A test that cannot run here (missing data file) says so and passes
   nothing: it counts as a failure, so that a gap is never hidden. */
#define CHECK_FAIL(...) CHECK_MSG(0, __VA_ARGS__)

static inline int
check_run(const struct check_test *tests, size_t n, int argc, char **argv)
{
	size_t	 i, passed = 0, failed = 0;

	for (i = 0; i < n; i++) {
		if (argc > 1 && strstr(tests[i].name, argv[1]) == NULL)
			continue;
		check_failures = 0;
		fflush(stdout);
		tests[i].fn();
		if (check_failures == 0) {
			passed++;
			printf("ok   %s\n", tests[i].name);
		} else {
			failed++;
			printf("FAIL %s\n", tests[i].name);
		}
		fflush(stdout);
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}

#define CHECK_MAIN(table)						\
int									\
main(int argc, char **argv)						\
{									\
	return check_run(table, sizeof(table) / sizeof(table[0]),	\
	    argc, argv);						\
}

/* Where the shared corpus and Unicode's test files are. */
static inline const char *
check_shared_dir(void)
{
	const char *d = getenv("MARGIN_SHARED");

	return d ? d : "../shared";
}

static inline const char *
check_unicode_dir(void)
{
	const char *d = getenv("MARGIN_UNICODE");

	return d ? d : "/usr/share/unicode";
}

#endif
