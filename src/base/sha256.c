/*
 * sha256.c: SHA-256 as FIPS 180-4 defines it (section 6.2), used for the
 * content hash that deduplicates articles.
 */
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#include "margin/sha256.h"

/* The first 32 bits of the fractional parts of the cube roots of the
   first 64 primes (FIPS 180-4, 4.2.2). */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static uint32_t
sha256_rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

/* Process one 512-bit block (FIPS 180-4, 6.2.2). */
static void
sha256_block_c(struct sha256 *h, const unsigned char *p)
{
	uint32_t	 w[64], a, b, c, d, e, f, g, hh, t1, t2, s0, s1;
	int		 t;

	for (t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		    (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (t = 16; t < 64; t++) {
		s0 = sha256_rotr(w[t - 15], 7) ^ sha256_rotr(w[t - 15], 18) ^
		    (w[t - 15] >> 3);
		s1 = sha256_rotr(w[t - 2], 17) ^ sha256_rotr(w[t - 2], 19) ^
		    (w[t - 2] >> 10);
		w[t] = s1 + w[t - 7] + s0 + w[t - 16];
	}

	a = h->state[0];
	b = h->state[1];
	c = h->state[2];
	d = h->state[3];
	e = h->state[4];
	f = h->state[5];
	g = h->state[6];
	hh = h->state[7];
	for (t = 0; t < 64; t++) {
		t1 = hh + (sha256_rotr(e, 6) ^ sha256_rotr(e, 11) ^
		    sha256_rotr(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[t] +
		    w[t];
		t2 = (sha256_rotr(a, 2) ^ sha256_rotr(a, 13) ^
		    sha256_rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h->state[0] += a;
	h->state[1] += b;
	h->state[2] += c;
	h->state[3] += d;
	h->state[4] += e;
	h->state[5] += f;
	h->state[6] += g;
	h->state[7] += hh;
}

#if defined(__x86_64__) && defined(__GNUC__)
/*
 * The same block with the x86 SHA extensions (Intel's SHA-NI: four rounds
 * an instruction pair, the message schedule in two more), where the CPU
 * has them: an import hashes every article's text, and this is about ten
 * times faster than the C above.  state holds A..H as in FIPS 180-4; the
 * instructions want them as ABEF and CDGH.
 */
__attribute__((target("sha,sse4.1")))
static void
sha256_block_ni(struct sha256 *h, const unsigned char *p)
{
	const __m128i	 swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
			    0x0405060700010203ULL);
	__m128i		 s0, s1, t, msg, abef, cdgh, w[4];
	int		 i;

	t = _mm_loadu_si128((const __m128i *)&h->state[0]);	/* DCBA */
	s1 = _mm_loadu_si128((const __m128i *)&h->state[4]);	/* HGFE */
	t = _mm_shuffle_epi32(t, 0xb1);				/* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1b);			/* EFGH */
	s0 = _mm_alignr_epi8(t, s1, 8);				/* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xf0);			/* CDGH */
	abef = s0;
	cdgh = s1;
	for (i = 0; i < 16; i++) {
		/* W[4i..4i+3]: the block's words, then the schedule. */
		if (i < 4)
			w[i] = _mm_shuffle_epi8(_mm_loadu_si128(
			    (const __m128i *)(p + 16 * i)), swap);
		else {
			t = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
			t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) & 3],
			    w[(i + 2) & 3], 4));
			w[i & 3] = _mm_sha256msg2_epu32(t, w[(i + 3) & 3]);
		}
		msg = _mm_add_epi32(w[i & 3], _mm_loadu_si128(
		    (const __m128i *)&sha256_k[4 * i]));
		s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
		msg = _mm_shuffle_epi32(msg, 0x0e);
		s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
	}
	s0 = _mm_add_epi32(s0, abef);
	s1 = _mm_add_epi32(s1, cdgh);
	t = _mm_shuffle_epi32(s0, 0x1b);			/* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xb1);			/* DCHG */
	s0 = _mm_blend_epi16(t, s1, 0xf0);			/* DCBA */
	s1 = _mm_alignr_epi8(s1, t, 8);				/* HGFE */
	_mm_storeu_si128((__m128i *)&h->state[0], s0);
	_mm_storeu_si128((__m128i *)&h->state[4], s1);
}

/* Whether the CPU has the SHA extensions (and SSSE3 and SSE4.1, which the
   code above also uses): a fact of the machine, asked once. */
static int
sha256_have_ni(void)
{
	static int	 have = -1;
	unsigned int	 a, b, c, d;

	if (have < 0) {
		have = 0;
		if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) &&
		    (c & bit_SSE4_1) && __get_cpuid_count(7, 0, &a, &b, &c,
		    &d) && (b & bit_SHA))
			have = 1;
	}
	return have;
}

static void
sha256_block(struct sha256 *h, const unsigned char *p)
{
	if (sha256_have_ni())
		sha256_block_ni(h, p);
	else
		sha256_block_c(h, p);
}
#else
static void
sha256_block(struct sha256 *h, const unsigned char *p)
{
	sha256_block_c(h, p);
}
#endif

void
sha256_init(struct sha256 *h)
{
	/* FIPS 180-4, 5.3.3: square roots of the first eight primes. */
	static const uint32_t initial[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(h->state, initial, sizeof(initial));
	h->length = 0;
	h->used = 0;
}

void
sha256_update(struct sha256 *h, const void *data, size_t len)
{
	const unsigned char	*p = data;
	size_t			 n;

	h->length += len;
	if (h->used > 0) {
		n = sizeof(h->block) - h->used;
		if (n > len)
			n = len;
		memcpy(h->block + h->used, p, n);
		h->used += n;
		p += n;
		len -= n;
		if (h->used < sizeof(h->block))
			return;
		sha256_block(h, h->block);
		h->used = 0;
	}
	/* Whole blocks straight from the caller's memory. */
	while (len >= sizeof(h->block)) {
		sha256_block(h, p);
		p += sizeof(h->block);
		len -= sizeof(h->block);
	}
	if (len > 0) {
		memcpy(h->block, p, len);
		h->used = len;
	}
}

void
sha256_final(struct sha256 *h, unsigned char digest[32])
{
	uint64_t	 bits = h->length * 8;
	int		 i;

	/* Padding (5.1.1): a 1 bit, zeros up to 56 bytes mod 64, then the
	   message length in bits as a 64-bit big-endian number. */
	h->block[h->used++] = 0x80;
	if (h->used > 56) {
		memset(h->block + h->used, 0, sizeof(h->block) - h->used);
		sha256_block(h, h->block);
		h->used = 0;
	}
	memset(h->block + h->used, 0, 56 - h->used);
	for (i = 0; i < 8; i++)
		h->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_block(h, h->block);

	for (i = 0; i < 8; i++) {
		digest[4 * i] = (unsigned char)(h->state[i] >> 24);
		digest[4 * i + 1] = (unsigned char)(h->state[i] >> 16);
		digest[4 * i + 2] = (unsigned char)(h->state[i] >> 8);
		digest[4 * i + 3] = (unsigned char)h->state[i];
	}
	/* Leave no trace of the message in the caller's struct. */
	memset(h->block, 0, sizeof(h->block));
	h->used = 0;
}

void
sha256_hex(const void *data, size_t len, char hex[65])
{
	static const char	 digits[] = "0123456789abcdef";
	struct sha256		 h;
	unsigned char		 digest[32];
	int			 i;

	sha256_init(&h);
	sha256_update(&h, data, len);
	sha256_final(&h, digest);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0x0f];
	}
	hex[64] = '\0';
}
