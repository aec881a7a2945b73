/*
 * util.h: memory allocation that never returns NULL, a growable byte buffer,
 * and the error-message convention every module uses.
 *
 * Errors: a function that can fail returns 0 on success and -1 on failure,
 * and on failure stores a malloc'd message in *errp (when errp is not NULL).
 * The caller adds context ("import: a.txt: ") and frees the message.
 */
#ifndef MARGIN_UTIL_H
#define MARGIN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A monotonic clock in milliseconds, for durations (never dates). */
int64_t	 mono_ms(void);

/* Out of memory aborts with a message: there is no sensible way on. */
void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *ptr, size_t size);
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list ap)
	    __attribute__((format(printf, 1, 0)));

/*
 * A growable array: make room for at least `need` elements in *v, whose
 * capacity is *cap, doubling (from 8) so that n appends cost O(n).  The
 * one growth loop of margin; write ARRAY_RESERVE(v, cap, n + 1) before
 * v[n++] = x.
 */
void	*array_reserve(void *v, size_t *cap, size_t need, size_t size);
#define ARRAY_RESERVE(v, cap, need) \
	((v) = array_reserve((v), &(cap), (need), sizeof(*(v))))

/* Set *errp (if errp is not NULL) to a new message; always returns -1. */
/* FNV-1a, 64 bits, over n bytes, from h (FNV1A_BASIS to start): the
   tagger's feature keys (kept in saved models) and the screen's row
   fingerprints. */
#define FNV1A_BASIS	UINT64_C(0xcbf29ce484222325)
uint64_t fnv1a(uint64_t h, const void *p, size_t n);

int	 err_set(char **errp, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Prefix an existing message in *errp: "prefix: old". */
void	 err_prefix(char **errp, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* A growable byte buffer, always NUL-terminated once anything is added. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_init(struct buf *b);
void	 buf_reserve(struct buf *b, size_t extra);
void	 buf_add(struct buf *b, const void *data, size_t len);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A number in decimal, as printf's %llu and %lld write it. */
void	 buf_add_u64(struct buf *b, uint64_t v);
void	 buf_add_i64(struct buf *b, int64_t v);
void	 buf_truncate(struct buf *b, size_t len);
/* Hand the data over to the caller (never NULL) and reset the buffer. */
char	*buf_detach(struct buf *b);
void	 buf_free(struct buf *b);

/* Read a whole file (or stdin for "-") into memory. */
int	 file_read_all(const char *path, char **data, size_t *len,
	    char **errp);
/*
 * Read a whole regular file of at most max bytes, for files that are
 * read whole at start-up (config, keymaps, label schemas): a device, a
 * FIFO or a folder is refused without blocking, a file over max is
 * refused without reading it all.  /dev/null reads as empty, so that
 * `--config /dev/null` means "no config".
 */
int	 file_read_regular(const char *path, size_t max, char **data,
	    size_t *len, char **errp);

/*
 * A file written whole or not at all.  For a regular file (or a name not
 * yet taken) the bytes go to a temporary file beside it, renamed over it
 * by file_out_commit(): a reader, or a kill half-way, sees the old file
 * or the new one, never half of one.  A device or a FIFO (/dev/stdout, a
 * terminal) cannot be replaced and is written in place.  The new file
 * keeps the old one's mode, or takes the umask's.
 */
struct file_out {
	FILE	*f;
	char	*path;		/* what was asked for */
	char	*target;	/* what is replaced (a symlink's file) */
	char	*tmp;		/* NULL when written in place */
};
int	 file_out_open(struct file_out *fo, const char *path, char **errp);
/* Flush, sync and close, then rename into place; -1 with *errp set (the
   temporary file removed). */
int	 file_out_commit(struct file_out *fo, char **errp);
/* Close and remove the temporary file; the old file stays as it was. */
void	 file_out_abort(struct file_out *fo);

#endif
