/*
 * sha256.h: SHA-256 (FIPS 180-4), for the content hash that identifies an
 * article (SPEC §4).
 */
#ifndef MARGIN_SHA256_H
#define MARGIN_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t	state[8];
	uint64_t	length;		/* bytes hashed so far */
	unsigned char	block[64];
	size_t		used;		/* bytes in block */
};

void	sha256_init(struct sha256 *h);
void	sha256_update(struct sha256 *h, const void *data, size_t len);
void	sha256_final(struct sha256 *h, unsigned char digest[32]);
/* The digest of data[0..len) as 64 lowercase hex digits and a NUL. */
void	sha256_hex(const void *data, size_t len, char hex[65]);

#endif
