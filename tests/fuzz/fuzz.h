/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz share: a checked
 * assertion that names the broken promise, scratch files for the import
 * path, and one import-then-export round through a fresh in-memory store.
 */
#ifndef MARGIN_FUZZ_H
#define MARGIN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "margin/import.h"

/* Each target defines these two (libFuzzer's entry points). */
int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An invariant the header of a module promises.  A broken one aborts
 * with the promise in words, so that libFuzzer keeps the input as a crash
 * and the replay driver fails the test.
 */
#define FUZZ_CHECK(cond, what) do {					\
	if (!(cond))							\
		fuzz_fail(__FILE__, __LINE__, #cond, (what));		\
} while (0)
void	fuzz_fail(const char *file, int line, const char *cond,
	    const char *what) __attribute__((noreturn));

/* The UTF-8 locale margin runs in (ncurses' wcwidth depends on it) and a
   private scratch folder, removed at exit. */
void	fuzz_setup(void);
/* Write data to NAME in the scratch folder (replacing it); returns the
   path, valid until the next call with the same name. */
const char *fuzz_file(const char *name, const void *data, size_t size);

/*
 * Import path in format into a new, empty store, then export every
 * format (CSV, JSONL, CoNLL to /dev/null, brat into the scratch folder)
 * and check that each span the store holds slices its article's text.
 */
void	fuzz_import_export(const char *path, enum import_format format);

#endif
