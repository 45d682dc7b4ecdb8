/*
 * checkpoint.c - C2SP tlog-checkpoint bodies in C2SP signed notes.
 *
 *	<origin>\n<size>\n<base64 root>\n[extension lines]\n
 *	\n
 *	— <key name> <base64(key id || Ed25519 signature)>\n
 *
 * The key name is the origin; the key id is the first four bytes of
 * SHA-256(name || 0x0A || 0x01 || public key), 0x01 naming Ed25519.
 */
#include "private.h"
#include "replica_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#define EMDASH "\xe2\x80\x94"

static void
key_id(unsigned char out[4], const char *name, const unsigned char pub[32])
{
	unsigned char md[32], *buf;
	size_t n = strlen(name);

	if ((buf = malloc(n + 2 + 32)) == NULL) {
		memset(out, 0, 4);
		return;
	}
	memcpy(buf, name, n);
	buf[n] = '\n';
	buf[n + 1] = 0x01;
	memcpy(buf + n + 2, pub, 32);
	gcry_md_hash_buffer(GCRY_MD_SHA256, md, buf, n + 2 + 32);
	free(buf);
	memcpy(out, md, 4);
}

static int
origin_ok(const char *origin)
{
	size_t n = strlen(origin), i;

	if (n == 0 || n > AGT_ORIGIN_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)origin[i] <= ' ' || origin[i] == '+')
			return 0;
	return 1;
}

int
agti_note_sign(char **out, const char *text, size_t len, const char *name,
    const unsigned char seed[32])
{
	unsigned char blob[4 + 64], pub[32];
	char *sig64;
	int rc;

	*out = NULL;
	if ((rc = agti_ed25519_public(pub, seed)) != AGT_OK ||
	    (rc = agti_ed25519_sign(blob + 4, seed, text, len)) != AGT_OK)
		return agti_error(NULL, rc, "%s: cannot sign", name);
	key_id(blob, name, pub);
	if ((rc = agt_base64_encode(&sig64, blob, sizeof blob)) != AGT_OK)
		return rc;
	if ((*out = malloc(len + strlen(name) + strlen(sig64) + 16)) == NULL)
		rc = AGT_ENOMEM;
	else {
		memcpy(*out, text, len);
		sprintf(*out + len, "\n" EMDASH " %s %s\n", name, sig64);
	}
	free(sig64);
	return rc;
}

int
agt_checkpoint_sign(char **out, const agt_checkpoint *cp,
    const unsigned char seed[32])
{
	char body[AGT_ORIGIN_MAX + 128], *root64;
	int rc, n;

	*out = NULL;
	if (!origin_ok(cp->origin))
		return agti_error(NULL, AGT_EINVAL, "checkpoint origin '%s': "
		    "1 to %d printable characters, no space or '+'",
		    cp->origin, AGT_ORIGIN_MAX);
	if ((rc = agt_base64_encode(&root64, cp->root, AGT_HASH_LEN)) != AGT_OK)
		return rc;
	n = snprintf(body, sizeof body, "%s\n%llu\n%s\n", cp->origin,
	    (unsigned long long)cp->size, root64);
	free(root64);
	if (seed == NULL)
		return (*out = strdup(body)) != NULL ? AGT_OK : AGT_ENOMEM;
	return agti_note_sign(out, body, (size_t)n, cp->origin, seed);
}

/* Next line of [*p, end) into LINE (without '\n'); 0 when none is left. */
static int
next_line(const char **p, const char *end, const char **line, size_t *len)
{
	const char *nl;

	if (*p >= end || (nl = memchr(*p, '\n', (size_t)(end - *p))) == NULL)
		return 0;
	*line = *p;
	*len = (size_t)(nl - *p);
	*p = nl + 1;
	return 1;
}

static int
parse_size(uint64_t *out, const char *s, size_t len)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20 || (s[0] == '0' && len > 1))
		return AGT_EFORMAT;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' ||
		    v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return AGT_EFORMAT;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return AGT_OK;
}

static int
parse_root(unsigned char out[AGT_HASH_LEN], const char *s, size_t len)
{
	char text[64];
	unsigned char *raw;
	size_t n;
	int rc;

	if (len != 44)
		return AGT_EFORMAT;
	memcpy(text, s, len);
	text[len] = '\0';
	if ((rc = agt_base64_decode(&raw, &n, text)) != AGT_OK)
		return rc;
	if (n == AGT_HASH_LEN)
		memcpy(out, raw, AGT_HASH_LEN);
	free(raw);
	return n == AGT_HASH_LEN ? AGT_OK : AGT_EFORMAT;
}

static int
parse_body(agt_checkpoint *out, const char *body, size_t len)
{
	const char *p = body, *end = body + len, *line;
	size_t n;

	memset(out, 0, sizeof *out);
	if (!next_line(&p, end, &line, &n) || n == 0 || n > AGT_ORIGIN_MAX)
		return agti_error(NULL, AGT_EFORMAT, "checkpoint: bad origin line");
	memcpy(out->origin, line, n);
	if (!origin_ok(out->origin))
		return agti_error(NULL, AGT_EFORMAT, "checkpoint: bad origin line");
	if (!next_line(&p, end, &line, &n) ||
	    parse_size(&out->size, line, n) != AGT_OK)
		return agti_error(NULL, AGT_EFORMAT, "checkpoint: bad tree size line");
	if (!next_line(&p, end, &line, &n) ||
	    parse_root(out->root, line, n) != AGT_OK)
		return agti_error(NULL, AGT_EFORMAT, "checkpoint: bad root hash line");
	while (next_line(&p, end, &line, &n)) /* extension lines */
		if (n == 0)
			return agti_error(NULL, AGT_EFORMAT,
			    "checkpoint: empty line in the body");
	return AGT_OK;
}

/* 1 if LINE is a valid signature by NAME with key PUB over BODY. */
static int
signature_line(const char *line, size_t len, const char *name,
    const unsigned char pub[32], const char *body, size_t blen, int *seen)
{
	size_t pre = strlen(EMDASH " "), nlen = strlen(name);
	unsigned char id[4], *blob;
	char text[128];
	size_t n;
	int good;

	if (len < pre + nlen + 2 || memcmp(line, EMDASH " ", pre) != 0 ||
	    memcmp(line + pre, name, nlen) != 0 || line[pre + nlen] != ' ' ||
	    len - pre - nlen - 1 >= sizeof text)
		return 0;
	memcpy(text, line + pre + nlen + 1, len - pre - nlen - 1);
	text[len - pre - nlen - 1] = '\0';
	if (agt_base64_decode(&blob, &n, text) != AGT_OK)
		return 0;
	key_id(id, name, pub);
	good = n == 4 + 64 && memcmp(blob, id, 4) == 0;
	if (good)
		*seen = 1;
	good = good && agti_ed25519_verify(blob + 4, pub, body, blen) == AGT_OK;
	free(blob);
	return good;
}

int
agti_note_open(const char *note, size_t len, const char *name,
    const unsigned char pub[32], size_t *bodylen)
{
	const char *sep, *p, *end = note + len, *line;
	size_t blen, n;
	int seen = 0;

	sep = len >= 2 ? memmem(note, len, "\n\n", 2) : NULL;
	blen = sep != NULL ? (size_t)(sep - note) + 1 : len;
	*bodylen = blen;
	if (blen == 0 || note[blen - 1] != '\n' || memchr(note, '\0', len))
		return agti_error(NULL, AGT_EFORMAT,
		    "note: not a note (lines end with newlines)");
	if (pub == NULL)
		return AGT_OK;
	if (sep == NULL)
		return agti_error(NULL, AGT_ESIGNATURE, "%s: not signed", name);
	for (p = sep + 2; next_line(&p, end, &line, &n);)
		if (signature_line(line, n, name, pub, note, blen, &seen))
			return AGT_OK;
	return agti_error(NULL, AGT_ESIGNATURE, "%s: %s", name,
	    seen ? "bad signature" : "no signature by the operator key");
}

int
agt_checkpoint_verify(agt_checkpoint *out, const char *note, size_t len,
    const unsigned char pub[32])
{
	size_t blen;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = agti_note_open(note, len, "checkpoint", NULL, &blen)) !=
	    AGT_OK || (rc = parse_body(out, note, blen)) != AGT_OK ||
	    pub == NULL)
		return rc;
	return agti_note_open(note, len, out->origin, pub, &blen);
}
