/*
 * store_wal.c: what the files beside a database say before SQLite opens
 * them (SPEC §12): whether another process has the database open (the
 * -shm's lock), what its -wal has committed, and whether that -wal was
 * written on top of this very database file.  Reads only; no SQLite.
 *
 * The -wal format (SQLite's "WAL file format"): a 32-byte header (magic,
 * format version, page size, checkpoint sequence, two salts, a checksum
 * of the first 24 bytes), then frames of a 24-byte header (page number,
 * database size in pages for the frame that commits a transaction,
 * else 0; the two salts; the running checksum) and one page.  A frame
 * counts when its salts are the header's and the checksum that runs
 * from the header through it holds; a transaction counts when its
 * commit frame does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_private.h"

#define WAL_MAGIC		0x377f0682u	/* | 1: big-endian sums */
#define WAL_VERSION		3007000u
#define WAL_HEADER		32
#define WAL_FRAME_HEADER	24
/* The byte of the -shm that each connection holds a read lock on for as
   long as it is open (SQLite's unix VFS: its "DMS" lock, after the eight
   WAL locks at 120). */
#define SHM_DMS_BYTE		128

static uint32_t
wal_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* SQLite's WAL checksum over n bytes (n a multiple of 8), running on
   from sum[2]. */
static void
wal_checksum(int big, const unsigned char *p, size_t n, uint32_t sum[2])
{
	uint32_t	 s0 = sum[0], s1 = sum[1], x0, x1;
	size_t		 i;

	for (i = 0; i + 8 <= n; i += 8) {
		if (big) {
			x0 = wal_get32(p + i);
			x1 = wal_get32(p + i + 4);
		} else {
			x0 = (uint32_t)p[i + 3] << 24 | (uint32_t)p[i + 2] << 16 |
			    (uint32_t)p[i + 1] << 8 | p[i];
			x1 = (uint32_t)p[i + 7] << 24 | (uint32_t)p[i + 6] << 16 |
			    (uint32_t)p[i + 5] << 8 | p[i + 4];
		}
		s0 += x0 + s1;
		s1 += x1 + s0;
	}
	sum[0] = s0;
	sum[1] = s1;
}

static int
wal_read_full(int fd, unsigned char *p, size_t n)
{
	size_t	 got = 0;
	ssize_t	 r;

	while (got < n) {
		r = read(fd, p + got, n - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* The frames after the header: which are committed, and what the
   committed ones say of page 1 and of the database's size. */
static void
wal_scan_frames(int fd, const unsigned char *hdr, struct store_wal *w)
{
	unsigned char	*frame;
	uint32_t	 sum[2], lo = 0, hi = 0, pgno, commit;
	size_t		 n = WAL_FRAME_HEADER + w->page_size;
	int		 big = (wal_get32(hdr) & 1) != 0, page1 = 0;

	sum[0] = wal_get32(hdr + 24);
	sum[1] = wal_get32(hdr + 28);
	frame = xmalloc(n);
	for (;;) {
		if (wal_read_full(fd, frame, n) == -1)
			break;
		if (memcmp(frame + 8, hdr + 16, 8) != 0)
			break;
		wal_checksum(big, frame, 8, sum);
		wal_checksum(big, frame + WAL_FRAME_HEADER, w->page_size, sum);
		if (sum[0] != wal_get32(frame + 16) ||
		    sum[1] != wal_get32(frame + 20))
			break;
		pgno = wal_get32(frame);
		commit = wal_get32(frame + 4);
		w->frames++;
		if (pgno == 1) {
			/* The change counter of page 1 (the database
			   header's offset 24). */
			uint32_t c = wal_get32(frame + WAL_FRAME_HEADER + 24);

			if (!page1 || c < lo)
				lo = c;
			if (!page1 || c > hi)
				hi = c;
			page1 = 1;
		}
		if (commit != 0) {
			w->committed = w->frames;
			w->db_pages = commit;
			w->has_page1 = page1;
			w->counter_lo = lo;
			w->counter_hi = hi;
		}
	}
	free(frame);
}

int
store_wal_read(const char *path, struct store_wal *w, char **errp)
{
	unsigned char	 hdr[WAL_HEADER];
	uint32_t	 sum[2] = { 0, 0 };
	char		*wal = xasprintf("%s-wal", path);
	int		 fd;

	memset(w, 0, sizeof(*w));
	fd = open(wal, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT) {
			free(wal);
			return 0;
		}
		err_set(errp, "%s: %s", wal, strerror(errno));
		free(wal);
		return -1;
	}
	free(wal);
	w->exists = 1;
	if (wal_read_full(fd, hdr, sizeof(hdr)) == 0 &&
	    (wal_get32(hdr) & ~1u) == WAL_MAGIC &&
	    wal_get32(hdr + 4) == WAL_VERSION) {
		w->page_size = wal_get32(hdr + 8);
		wal_checksum(wal_get32(hdr) & 1, hdr, 24, sum);
		if (w->page_size >= 512 && w->page_size <= 65536 &&
		    (w->page_size & (w->page_size - 1)) == 0 &&
		    sum[0] == wal_get32(hdr + 24) &&
		    sum[1] == wal_get32(hdr + 28))
			wal_scan_frames(fd, hdr, w);
	}
	close(fd);
	return 0;
}

int
store_wal_salt(const char *path, uint32_t *salt)
{
	unsigned char	 hdr[WAL_HEADER];
	char		*wal = xasprintf("%s-wal", path);
	int		 fd, ok;

	fd = open(wal, O_RDONLY | O_CLOEXEC);
	free(wal);
	if (fd == -1)
		return -1;
	ok = wal_read_full(fd, hdr, sizeof(hdr)) == 0 &&
	    (wal_get32(hdr) & ~1u) == WAL_MAGIC;
	close(fd);
	if (!ok)
		return -1;
	*salt = wal_get32(hdr + 16);
	return 0;
}

int
store_shm_in_use(const char *path)
{
	struct flock	 fl;
	char		*shm = xasprintf("%s-shm", path);
	int		 fd, r;

	fd = open(shm, O_RDONLY | O_CLOEXEC);
	free(shm);
	if (fd == -1)
		/* None: no one has it open.  One we cannot read: we cannot
		   tell, so say it is, and let SQLite take its locks. */
		return errno != ENOENT;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = SHM_DMS_BYTE;
	fl.l_len = 1;
	r = fcntl(fd, F_GETLK, &fl) == -1 || fl.l_type != F_UNLCK;
	close(fd);
	return r;
}

/*
 * Does the -wal belong to the database file beside it?  SQLite trusts
 * any -wal whose own checksums hold, and replays it onto whatever file
 * it finds: a database file restored from a backup beside the -wal of a
 * later session becomes a mix of two states.  Nothing in the database
 * file names its -wal, but two facts tie them:
 *
 * - Page 1 holds the change counter, and a transaction that changes
 *   page 1 writes it one past the counter it read.  SQLite changes page
 *   1 only when the file grows, frees pages or changes its schema, and
 *   may leave the counter where it was for the rest of a session; so
 *   margin stamps page 1 itself in the first transaction of each session
 *   and of each new -wal it writes (store_txn.c).  The first page-1
 *   frame of a -wal is thus at most one past the counter the file had
 *   when the -wal was begun, and a checkpoint only copies the -wal's own
 *   page 1 into the file: the file's counter lies between the lowest
 *   page-1 frame's minus one and the highest.  A backup older than the
 *   -wal's beginning, with a session's writes between, has a lower one.
 * - A -wal without page 1 never changed the database's size: its
 *   commits all give the size the file has.
 *
 * What this cannot tell apart is a backup taken while the session that
 * wrote the -wal was writing (that copy was no whole state of the
 * database anyway), or a -wal written by another program, which does
 * not stamp page 1.
 */
int
store_wal_check(const char *path, const struct store_wal *w, char **errp)
{
	unsigned char	 hdr[100];
	uint32_t	 psize, counter, pages;
	off_t		 size;
	int		 fd, ok;

	if (w->committed == 0)
		return 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_set(errp, "%s", strerror(errno));
	ok = wal_read_full(fd, hdr, sizeof(hdr)) == 0;
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	if (!ok || size <= 0)
		return 0;	/* the header check says what is wrong */
	psize = (uint32_t)hdr[16] << 8 | hdr[17];
	if (psize == 1)
		psize = 65536;
	counter = wal_get32(hdr + 24);
	/* The size in the header holds while "version-valid-for" is the
	   change counter; else the file's length gives it. */
	pages = wal_get32(hdr + 28);
	if (pages == 0 || wal_get32(hdr + 92) != counter)
		pages = psize ? (uint32_t)(size / psize) : 0;
	if (psize != w->page_size)
		ok = 0;
	else if (w->has_page1)
		ok = counter + 1 >= w->counter_lo && counter <= w->counter_hi;
	else
		ok = pages == w->db_pages;
	if (ok)
		return 0;
	return err_set(errp, "%s-wal holds changes made to another state "
	    "of this database (was the file restored from a backup?): "
	    "margin will not replay them; move %s-wal and %s-shm away to "
	    "open the file as it is, or put back the database file they "
	    "belong to", path, path, path);
}
