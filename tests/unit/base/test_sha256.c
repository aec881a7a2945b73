/*
 * test_sha256.c: SHA-256 against the FIPS 180-4 / NIST example vectors,
 * incremental updates, and the padding edge lengths against sha256sum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "margin/sha256.h"
#include "check.h"

static const char msg448[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

static void
digest_hex(const unsigned char d[32], char hex[65])
{
	int	 i;

	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void
test_empty(void)
{
	char	 hex[65];

	sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
}

static void
test_abc(void)
{
	char	 hex[65];

	sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

static void
test_448(void)
{
	char	 hex[65];

	CHECK_INT(strlen(msg448) * 8, 448);
	sha256_hex(msg448, strlen(msg448), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_896(void)
{
	char	 hex[65];

	CHECK_INT(strlen(msg896) * 8, 896);
	sha256_hex(msg896, strlen(msg896), hex);
	CHECK_STR(hex, "cf5b16a778af8380036ce59e7b049237"
	    "0b249b11e8f07a51afac45037afee9d1");
}

static void
test_million_a(void)
{
	struct sha256	 h;
	unsigned char	 d[32];
	char		 hex[65], chunk[1000];
	char		*all;
	int		 i;

	/* Fed 1000 bytes at a time, and in one call. */
	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&h);
	for (i = 0; i < 1000; i++)
		sha256_update(&h, chunk, sizeof(chunk));
	sha256_final(&h, d);
	digest_hex(d, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");

	all = malloc(1000000);
	memset(all, 'a', 1000000);
	sha256_hex(all, 1000000, hex);
	free(all);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
}

/* Splitting the message at every point (and into three parts around the
   block boundary) gives the same digest as one update. */
static void
test_incremental_splits(void)
{
	struct sha256	 h;
	unsigned char	 d[32];
	char		 want[65], got[65];
	size_t		 len = strlen(msg896), i, j;
	int		 bad = 0;

	sha256_hex(msg896, len, want);
	for (i = 0; i <= len; i++) {
		sha256_init(&h);
		sha256_update(&h, msg896, i);
		sha256_update(&h, msg896 + i, len - i);
		sha256_final(&h, d);
		digest_hex(d, got);
		if (strcmp(got, want) != 0 && bad++ < 3)
			CHECK_MSG(0, "split at %zu: %s, want %s", i, got, want);
	}
	for (i = 0; i <= len; i++) {
		for (j = i; j <= len; j++) {
			sha256_init(&h);
			sha256_update(&h, msg896, i);
			sha256_update(&h, msg896 + i, j - i);
			sha256_update(&h, msg896 + j, len - j);
			sha256_final(&h, d);
			digest_hex(d, got);
			if (strcmp(got, want) != 0 && bad++ < 3)
				CHECK_MSG(0, "split at %zu,%zu: %s, want %s",
				    i, j, got, want);
		}
	}
	/* Byte by byte. */
	sha256_init(&h);
	for (i = 0; i < len; i++)
		sha256_update(&h, msg896 + i, 1);
	sha256_final(&h, d);
	digest_hex(d, got);
	CHECK_STR(got, want);
	CHECK_INT(bad, 0);
}

/* Lengths around the padding edges (55, 56, 63, 64, 119, 120 bytes ...)
   checked against coreutils' sha256sum, an implementation we did not
   write. */
static void
test_padding_edges_against_sha256sum(void)
{
	char		 dir[] = "/tmp/margin-sha256-XXXXXX";
	char		 path[64], cmd[128], line[128], hex[65];
	unsigned char	 data[200];
	size_t		 len, i;
	FILE		*fp, *pp;
	int		 ran = 0;

	if (mkdtemp(dir) == NULL) {
		CHECK_FAIL("mkdtemp failed");
		return;
	}
	snprintf(path, sizeof(path), "%s/data", dir);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 37 + 11);
	for (len = 0; len <= 130; len++) {
		if ((fp = fopen(path, "wb")) == NULL) {
			CHECK_FAIL("cannot write %s", path);
			break;
		}
		fwrite(data, 1, len, fp);
		fclose(fp);
		snprintf(cmd, sizeof(cmd), "sha256sum < %s", path);
		if ((pp = popen(cmd, "r")) == NULL)
			break;
		if (fgets(line, sizeof(line), pp) == NULL) {
			pclose(pp);
			break;
		}
		pclose(pp);
		line[64] = '\0';
		sha256_hex(data, len, hex);
		CHECK_MSG(strcmp(hex, line) == 0, "length %zu: %s, sha256sum %s",
		    len, hex, line);
		ran++;
	}
	unlink(path);
	rmdir(dir);
	CHECK_MSG(ran == 131, "sha256sum ran for %d of 131 lengths", ran);
}

static const struct check_test tests[] = {
	{ "sha256 of the empty message (NIST)", test_empty },
	{ "sha256 of \"abc\" (FIPS 180-4 example)", test_abc },
	{ "sha256 of the 448-bit message (NIST)", test_448 },
	{ "sha256 of the 896-bit message (NIST)", test_896 },
	{ "sha256 of a million 'a' (NIST)", test_million_a },
	{ "sha256 incremental updates split anywhere agree",
	    test_incremental_splits },
	{ "sha256 padding edge lengths agree with sha256sum",
	    test_padding_edges_against_sha256sum },
};

CHECK_MAIN(tests)
