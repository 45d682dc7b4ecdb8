/* base64.c - RFC 4648 base64 (libsodium's constant-time codec). */
#include "private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

int
agt_base64_encode(char **out, const void *buf, size_t len)
{
	size_t n;
	char *s;

	*out = NULL;
	if (len > (size_t)1 << 30)
		return AGT_EINVAL;
	n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	if ((s = malloc(n)) == NULL)
		return AGT_ENOMEM;
	sodium_bin2base64(s, n, buf, len, sodium_base64_VARIANT_ORIGINAL);
	*out = s;
	return AGT_OK;
}

/*
 * White space anywhere is dropped first (isspace(3), as before), then the
 * rest must be whole padded quanta: the length a multiple of 4, '=' only
 * at the end, and unused bits zero, as xs:base64Binary requires.  Bytes
 * outside the alphabet are refused here: libsodium 1.0.18's decoder takes
 * every byte over 0x7f for a letter (0x96 decodes as '/'), which gave one
 * checkpoint, key or signature many texts (found by checkpoint-fuzzer).
 */
static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

int
agt_base64_decode(unsigned char **out, size_t *outlen, const char *text)
{
	size_t n = 0, i, got = 0;
	const char *end;
	unsigned char *bin;
	char *clean;
	int rc;

	*out = NULL;
	*outlen = 0;
	if ((clean = malloc(strlen(text) + 1)) == NULL)
		return AGT_ENOMEM;
	for (i = 0; text[i] != '\0'; i++)
		if (!isspace((unsigned char)text[i]))
			clean[n++] = text[i];
	clean[n] = '\0';
	if (n % 4 != 0 || n > (size_t)1 << 30 || strspn(clean, alphabet) != n) {
		free(clean);
		return AGT_EFORMAT;
	}
	if ((bin = malloc(n / 4 * 3 + 1)) == NULL) {
		free(clean);
		return AGT_ENOMEM;
	}
	rc = sodium_base642bin(bin, n / 4 * 3 + 1, clean, n, NULL, &got, &end,
	    sodium_base64_VARIANT_ORIGINAL) == 0 && end == clean + n ?
	    AGT_OK : AGT_EFORMAT;
	free(clean);
	if (rc != AGT_OK) {
		free(bin);
		return rc;
	}
	*out = bin;
	*outlen = got;
	return AGT_OK;
}
