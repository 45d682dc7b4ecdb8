/*
 * decode_ecc.c - Data Matrix's Reed-Solomon check, to verify what a
 * second engine reports (see lib/decode_dmtx.c).
 */
#include "private.h"
#include "decode_private.h"

#include <pthread.h>

/* GF(256) with Data Matrix's polynomial x^8+x^5+x^3+x^2+1 (301). */
static unsigned char gf_exp[255], gf_log[256];
static pthread_once_t gf_once = PTHREAD_ONCE_INIT;

static void
gf_init(void)
{
	int i, x = 1;

	for (i = 0; i < 255; i++) {
		gf_exp[i] = (unsigned char)x;
		gf_log[x] = (unsigned char)i;
		x <<= 1;
		if (x & 0x100)
			x ^= 301;
	}
}

int
agti_dm_codewords_valid(const unsigned char *code, size_t total, int blocks,
    int ecw)
{
	size_t dwords, k, n, i;
	int b, j;

	if (blocks < 1 || ecw < 1 || total <= (size_t)blocks * ecw)
		return 0;
	dwords = total - (size_t)blocks * ecw;
	pthread_once(&gf_once, gf_init);
	for (b = 0; b < blocks; b++) {
		/* Block B holds every BLOCKS-th data word from B, then its error words. */
		size_t ndata = (dwords - b + blocks - 1) / blocks;

		n = ndata + (size_t)ecw;
		for (j = 1; j <= ecw; j++) {
			unsigned s = 0;

			/* The word's polynomial at alpha^j, highest degree first. */
			for (k = 0; k < n; k++) {
				i = k < ndata ? b + k * blocks :
				    dwords + b + (k - ndata) * blocks;
				s = (s == 0 ? 0 : gf_exp[(gf_log[s] + j) % 255]) ^
				    code[i];
			}
			if (s != 0)
				return 0;
		}
	}
	return 1;
}
