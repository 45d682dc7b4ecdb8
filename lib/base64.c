/* base64.c - RFC 4648 base64 with OpenSSL's codec. */
#include "private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

int
agt_base64_encode(char **out, const void *buf, size_t len)
{
	char *s;

	*out = NULL;
	if (len > (size_t)1 << 30)
		return AGT_EINVAL;
	if ((s = malloc(4 * ((len + 2) / 3) + 1)) == NULL)
		return AGT_ENOMEM;
	EVP_EncodeBlock((unsigned char *)s, buf, (int)len);
	*out = s;
	return AGT_OK;
}

int
agt_base64_decode(unsigned char **out, size_t *outlen, const char *text)
{
	size_t n = 0, i, pad = 0;
	char *clean;
	unsigned char *bin;
	int got;

	*out = NULL;
	*outlen = 0;
	if ((clean = malloc(strlen(text) + 1)) == NULL)
		return AGT_ENOMEM;
	for (i = 0; text[i] != '\0'; i++)
		if (!isspace((unsigned char)text[i]))
			clean[n++] = text[i];
	clean[n] = '\0';
	if (n % 4 != 0 || n > (size_t)1 << 30) {
		free(clean);
		return AGT_EFORMAT;
	}
	if ((bin = malloc(n / 4 * 3 + 1)) == NULL) {
		free(clean);
		return AGT_ENOMEM;
	}
	got = EVP_DecodeBlock(bin, (unsigned char *)clean, (int)n);
	if (n >= 1 && clean[n - 1] == '=')
		pad++;
	if (n >= 2 && clean[n - 2] == '=')
		pad++;
	free(clean);
	if (got < 0) {
		free(bin);
		return AGT_EFORMAT;
	}
	*out = bin;
	*outlen = (size_t)got - pad;
	return AGT_OK;
}
