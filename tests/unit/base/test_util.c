/*
 * test_util.c: the growable byte buffer and the growable array of util.c,
 * the error-message convention, and reading and writing whole files.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "margin/util.h"

static void
test_array_reserve_grows_and_keeps(void)
{
	int	*v = NULL;
	size_t	 cap = 0, n;

	for (n = 0; n < 1000; n++) {
		ARRAY_RESERVE(v, cap, n + 1);
		CHECK(cap >= n + 1);
		v[n] = (int)n;
	}
	for (n = 0; n < 1000; n++)
		if (v[n] != (int)n)
			break;
	CHECK_INT(n, 1000);
	CHECK_INT(cap, 1024);
	free(v);
}

static void
test_array_reserve_no_realloc_when_room(void)
{
	long	*v = NULL, *before;
	size_t	 cap = 0;

	ARRAY_RESERVE(v, cap, 3);
	CHECK_INT(cap, 8);
	before = v;
	ARRAY_RESERVE(v, cap, 8);
	CHECK(v == before);
	CHECK_INT(cap, 8);
	ARRAY_RESERVE(v, cap, 9);
	CHECK_INT(cap, 16);
	ARRAY_RESERVE(v, cap, 100);
	CHECK_INT(cap, 128);
	free(v);
}

static void
test_array_reserve_zero_gives_storage(void)
{
	char	*v = NULL;
	size_t	 cap = 0;

	/* need 0 still hands back memory, so that v != NULL means "made". */
	ARRAY_RESERVE(v, cap, 0);
	CHECK(v != NULL);
	CHECK_INT(cap, 8);
	free(v);
}

static void
test_buf_printf_and_detach(void)
{
	struct buf	 b = BUF_INIT;
	char		*s;

	buf_printf(&b, "%s=%d", "n", 42);
	buf_addc(&b, ';');
	buf_adds(&b, "x");
	CHECK_STR(b.data, "n=42;x");
	CHECK_INT(b.len, 6);
	s = buf_detach(&b);
	CHECK_STR(s, "n=42;x");
	CHECK(b.data == NULL && b.len == 0);
	free(s);
	s = buf_detach(&b);
	CHECK_STR(s, "");
	free(s);
}

static void
test_err_prefix(void)
{
	char	*err = NULL;

	CHECK_INT(err_set(&err, "no such file"), -1);
	err_prefix(&err, "import: %s", "a.txt");
	CHECK_STR(err, "import: a.txt: no such file");
	free(err);
	CHECK_INT(err_set(NULL, "ignored"), -1);
}

static void
test_file_read_regular_bounds(void)
{
	char	 dir[] = "/tmp/margin-util-XXXXXX", path[64], fifo[64];
	char	*data = NULL, *err = NULL;
	size_t	 len = 0;
	FILE	*f;

	if (mkdtemp(dir) == NULL) {
		CHECK_FAIL("mkdtemp failed");
		return;
	}
	snprintf(path, sizeof(path), "%s/keys", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f != NULL) {
		fputs("bind reader x quit\n", f);
		fclose(f);
	}
	CHECK_INT(file_read_regular(path, 100, &data, &len, &err), 0);
	CHECK_STR(data, "bind reader x quit\n");
	CHECK_INT(len, 19);
	free(data);
	data = NULL;

	/* One byte too many is refused, with what the limit is. */
	CHECK_INT(file_read_regular(path, 18, &data, &len, &err), -1);
	CHECK_STR(err, "larger than 18 bytes");
	CHECK(data == NULL);
	free(err);
	err = NULL;

	/* Devices, FIFOs and folders: refused at once, never read. */
	CHECK_INT(file_read_regular("/dev/zero", 1 << 20, &data, &len, &err),
	    -1);
	CHECK_STR(err, "not a regular file");
	free(err);
	err = NULL;
	CHECK_INT(mkfifo(fifo, 0600), 0);
	CHECK_INT(file_read_regular(fifo, 1 << 20, &data, &len, &err), -1);
	CHECK_STR(err, "not a regular file");
	free(err);
	err = NULL;
	CHECK_INT(file_read_regular(dir, 1 << 20, &data, &len, &err), -1);
	CHECK_STR(err, "not a regular file");
	free(err);
	err = NULL;

	/* /dev/null is "nothing": the way to say no config at all. */
	CHECK_INT(file_read_regular("/dev/null", 10, &data, &len, &err), 0);
	CHECK_STR(data, "");
	CHECK_INT(len, 0);
	free(data);

	unlink(fifo);
	unlink(path);
	rmdir(dir);
}

/* The number of entries of folder dir. */
static int
count_entries(const char *dir)
{
	char	 cmd[128];
	FILE	*p;
	int	 n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
	if ((p = popen(cmd, "r")) != NULL) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static void
test_file_out_whole_or_not(void)
{
	char		 dir[] = "/tmp/margin-util-XXXXXX", path[64], link[64];
	struct file_out	 fo;
	struct stat	 st;
	char		*data = NULL, *err = NULL;
	size_t		 len = 0;
	FILE		*f;

	if (mkdtemp(dir) == NULL) {
		CHECK_FAIL("mkdtemp failed");
		return;
	}
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	snprintf(link, sizeof(link), "%s/link.csv", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("old\n", f);
		fclose(f);
	}
	CHECK_INT(chmod(path, 0640), 0);

	/* While it is written, the old file is there whole; abandoned, it
	   stays, and no temporary is left. */
	CHECK_INT(file_out_open(&fo, path, &err), 0);
	fputs("half of the new", fo.f);
	fflush(fo.f);
	CHECK_INT(file_read_all(path, &data, &len, &err), 0);
	CHECK_STR(data, "old\n");
	free(data);
	CHECK_INT(count_entries(dir), 2);
	file_out_abort(&fo);
	CHECK_INT(count_entries(dir), 1);
	CHECK_INT(file_read_all(path, &data, &len, &err), 0);
	CHECK_STR(data, "old\n");
	free(data);

	/* Committed through a symlink: the file it names is replaced and
	   keeps its mode; the link stays a link. */
	CHECK_INT(symlink("out.csv", link), 0);
	CHECK_INT(file_out_open(&fo, link, &err), 0);
	fputs("new\n", fo.f);
	CHECK_INT(file_out_commit(&fo, &err), 0);
	CHECK_INT(file_read_all(path, &data, &len, &err), 0);
	CHECK_STR(data, "new\n");
	free(data);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
	CHECK_INT(count_entries(dir), 2);

	/* A folder is refused; a device is written in place. */
	CHECK_INT(file_out_open(&fo, dir, &err), -1);
	CHECK(err != NULL && strstr(err, "Is a directory") != NULL);
	free(err);
	err = NULL;
	CHECK_INT(file_out_open(&fo, "/dev/null", &err), 0);
	CHECK(fo.tmp == NULL);
	fputs("gone", fo.f);
	CHECK_INT(file_out_commit(&fo, &err), 0);

	unlink(link);
	unlink(path);
	rmdir(dir);
}

static const struct check_test tests[] = {
	{ "array_reserve grows by doubling and keeps the elements",
	    test_array_reserve_grows_and_keeps },
	{ "array_reserve leaves an array with room alone",
	    test_array_reserve_no_realloc_when_room },
	{ "array_reserve of nothing still allocates",
	    test_array_reserve_zero_gives_storage },
	{ "buf_printf appends, buf_detach hands over and resets",
	    test_buf_printf_and_detach },
	{ "err_prefix puts context before the message",
	    test_err_prefix },
	{ "file_read_regular refuses devices, FIFOs, folders and big files",
	    test_file_read_regular_bounds },
	{ "file_out: the old file until commit, whole after, a link followed",
	    test_file_out_whole_or_not },
};

CHECK_MAIN(tests)
