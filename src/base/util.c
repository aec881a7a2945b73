/*
 * util.c: allocation wrappers, the growable buffer and error messages.
 * Everything else in margin builds on these.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "margin/util.h"

static void
out_of_memory(void)
{
	fputs("margin: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void	*p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		out_of_memory();
	return xrealloc(ptr, nmemb * size);
}

void *
array_reserve(void *v, size_t *cap, size_t need, size_t size)
{
	size_t	 n = *cap ? *cap : 8;

	if (need <= *cap && v != NULL)
		return v;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			out_of_memory();
		n *= 2;
	}
	*cap = n;
	return xreallocarray(v, n, size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list	 copy;
	int	 n;
	char	*p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		out_of_memory();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int
err_set(char **errp, const char *fmt, ...)
{
	va_list	 ap;

	if (errp == NULL)
		return -1;
	free(*errp);
	va_start(ap, fmt);
	*errp = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

void
err_prefix(char **errp, const char *fmt, ...)
{
	va_list	 ap;
	char	*prefix, *joined;

	if (errp == NULL)
		return;
	va_start(ap, fmt);
	prefix = xvasprintf(fmt, ap);
	va_end(ap);
	joined = xasprintf("%s: %s", prefix, *errp ? *errp : "unknown error");
	free(prefix);
	free(*errp);
	*errp = joined;
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t	 need;

	if (extra > SIZE_MAX - b->len - 1)
		out_of_memory();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	ARRAY_RESERVE(b->data, b->cap, need);
	b->data[b->len] = '\0';
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	buf_reserve(b, len);
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

/* Formatted straight into the buffer's free space: once when it fits
   (the usual case), again after growing it when it did not. */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 room;
	int	 n;

	buf_reserve(b, 64);
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	if ((size_t)n >= room) {
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		n = vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
		if (n < 0)
			out_of_memory();
	}
	b->len += (size_t)n;
}

/* Decimal digits without printf: exports write millions of them. */
void
buf_add_u64(struct buf *b, uint64_t v)
{
	char	 tmp[20];
	size_t	 n = 0;

	do {
		tmp[sizeof(tmp) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_add(b, tmp + sizeof(tmp) - n, n);
}

void
buf_add_i64(struct buf *b, int64_t v)
{
	if (v < 0) {
		buf_addc(b, '-');
		buf_add_u64(b, (uint64_t)0 - (uint64_t)v);
	} else
		buf_add_u64(b, (uint64_t)v);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

char *
buf_detach(struct buf *b)
{
	char	*p;

	if (b->data == NULL)
		return xstrdup("");
	p = b->data;
	buf_init(b);
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

int
file_read_regular(const char *path, size_t max, char **data, size_t *len,
    char **errp)
{
	struct buf	 b = BUF_INIT;
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	if (strcmp(path, "/dev/null") == 0) {
		*data = xstrdup("");
		*len = 0;
		return 0;
	}
	/* O_NONBLOCK: opening a FIFO for reading must not wait for a
	   writer; it is refused below, as anything but a regular file. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return err_set(errp, "%s", strerror(errno));
	if (fstat(fd, &st) == -1) {
		err_set(errp, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(errp, "not a regular file");
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		return err_set(errp, "larger than %zu bytes", max);
	}
	for (;;) {
		buf_reserve(&b, 65536);
		n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n == 0)
			break;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || b.len + (size_t)n > max) {
			/* A file that grows past max while read is too big. */
			if (n == -1)
				err_set(errp, "%s", strerror(errno));
			else
				err_set(errp, "larger than %zu bytes", max);
			close(fd);
			buf_free(&b);
			return -1;
		}
		b.len += (size_t)n;
	}
	b.data[b.len] = '\0';
	close(fd);
	*len = b.len;
	*data = buf_detach(&b);
	return 0;
}

int
file_read_all(const char *path, char **data, size_t *len, char **errp)
{
	struct buf	 b = BUF_INIT;
	int		 fd;
	ssize_t		 n;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(errp, "%s", strerror(errno));
	for (;;) {
		buf_reserve(&b, 65536);
		n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err_set(errp, "%s", strerror(errno));
			if (fd != STDIN_FILENO)
				close(fd);
			buf_free(&b);
			return -1;
		}
		b.len += (size_t)n;
	}
	b.data[b.len] = '\0';
	if (fd != STDIN_FILENO)
		close(fd);
	*len = b.len;
	*data = buf_detach(&b);
	return 0;
}

/* The temporary file beside target: ".NAME.PID.N.margin" in its folder,
   made with the umask's mode (O_EXCL, so never someone else's file). */
static int
file_out_temp(struct file_out *fo, char **errp)
{
	const char	*slash = strrchr(fo->target, '/');
	int		 dirlen = slash != NULL ? (int)(slash - fo->target + 1) : 0;
	const char	*base = fo->target + dirlen;
	unsigned	 n;
	int		 fd;

	for (n = 0; n < 1000; n++) {
		free(fo->tmp);
		fo->tmp = xasprintf("%.*s.%s.%ld.%u.margin", dirlen, fo->target,
		    base, (long)getpid(), n);
		fd = open(fo->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0666);
		if (fd != -1)
			return fd;
		if (errno != EEXIST)
			break;
	}
	/* In the user's terms: the file asked for, not the temporary. */
	err_set(errp, "%s: %s", fo->path, strerror(errno));
	free(fo->tmp);
	fo->tmp = NULL;
	return -1;
}

static void
file_out_free(struct file_out *fo)
{
	free(fo->path);
	free(fo->target);
	free(fo->tmp);
	memset(fo, 0, sizeof(*fo));
}

int
file_out_open(struct file_out *fo, const char *path, char **errp)
{
	struct stat	 st;
	int		 fd, exists;

	memset(fo, 0, sizeof(*fo));
	fo->path = xstrdup(path);
	exists = stat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			err_set(errp, "%s: %s", path, strerror(EISDIR));
			file_out_free(fo);
			return -1;
		}
		/* A device or a FIFO: written as it is. */
		if ((fo->f = fopen(path, "w")) == NULL) {
			err_set(errp, "%s: %s", path, strerror(errno));
			file_out_free(fo);
			return -1;
		}
		return 0;
	}
	/* A symlink is followed: its file is replaced, not the link. */
	if (exists && (fo->target = realpath(path, NULL)) == NULL) {
		err_set(errp, "%s: %s", path, strerror(errno));
		file_out_free(fo);
		return -1;
	}
	if (fo->target == NULL)
		fo->target = xstrdup(path);
	if ((fd = file_out_temp(fo, errp)) == -1) {
		file_out_free(fo);
		return -1;
	}
	if (exists)
		(void)fchmod(fd, st.st_mode & 07777);
	if ((fo->f = fdopen(fd, "w")) == NULL) {
		err_set(errp, "%s: %s", fo->tmp, strerror(errno));
		close(fd);
		unlink(fo->tmp);
		file_out_free(fo);
		return -1;
	}
	return 0;
}

int
file_out_commit(struct file_out *fo, char **errp)
{
	int	 err = 0;

	if (fo->f == NULL)
		return err_set(errp, "%s: not open", fo->path);
	errno = 0;
	if (fflush(fo->f) == EOF || ferror(fo->f))
		err = errno != 0 ? errno : EIO;
	else if (fo->tmp != NULL && fsync(fileno(fo->f)) == -1)
		err = errno;
	if (fclose(fo->f) == EOF && err == 0)
		err = errno != 0 ? errno : EIO;
	fo->f = NULL;
	if (err == 0 && fo->tmp != NULL && rename(fo->tmp, fo->target) == -1)
		err = errno;
	if (err != 0) {
		if (fo->tmp != NULL)
			unlink(fo->tmp);
		err_set(errp, "%s: %s", fo->path, strerror(err));
		file_out_free(fo);
		return -1;
	}
	file_out_free(fo);
	return 0;
}

void
file_out_abort(struct file_out *fo)
{
	if (fo->f != NULL)
		fclose(fo->f);
	if (fo->tmp != NULL)
		unlink(fo->tmp);
	file_out_free(fo);
}

int64_t
mono_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t
fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*c = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h ^= c[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}
