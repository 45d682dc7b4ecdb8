/*
 * replica_key.c - Ed25519 (libsodium): the one implementation of
 * signing and verifying that reports, checkpoints and keys use; and the
 * key files.
 *
 * A key file is PEM (what `openssl genpkey -algorithm ed25519` and
 * `openssl pkey -pubout` write), one line of base64 holding the raw
 * 32-byte seed or public key, or a signed-note key as Go's
 * golang.org/x/mod/sumdb/note writes them (NAME+KEYID+base64(0x01||key),
 * with PRIVATE+KEY+ before a private one).
 */
#include "private.h"
#include "replica_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/*
 * libsodium's Ed25519 (RFC 8032, with its refusal of non-canonical and
 * small-order encodings): measured here, a verification costs 0.64M
 * instructions against OpenSSL 3.0's 1.55M (EVP, key kept decoded) and
 * libgcrypt's 8.1M, and signed imports are bound by verification.
 * sodium_init() picks the implementations once; it is thread-safe.
 */
static int
sodium_ready(void)
{
	static int ready;

	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
		if (sodium_init() < 0)
			return 0;
		__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	}
	return 1;
}

int
agti_ed25519_sign(unsigned char sig[64], const unsigned char seed[32],
    const void *msg, size_t len)
{
	unsigned char pub[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	int ok;

	ok = sodium_ready() && crypto_sign_seed_keypair(pub, sk, seed) == 0 &&
	    crypto_sign_detached(sig, NULL, msg, len, sk) == 0;
	sodium_memzero(sk, sizeof sk);
	return ok ? AGT_OK : AGT_ESIGNATURE;
}

int
agti_ed25519_verify(const unsigned char sig[64], const unsigned char pub[32],
    const void *msg, size_t len)
{
	return sodium_ready() &&
	    crypto_sign_verify_detached(sig, msg, len, pub) == 0 ?
	    AGT_OK : AGT_ESIGNATURE;
}

int
agti_ed25519_public(unsigned char pub[32], const unsigned char seed[32])
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	int ok;

	ok = sodium_ready() && crypto_sign_seed_keypair(pub, sk, seed) == 0;
	sodium_memzero(sk, sizeof sk);
	return ok ? AGT_OK : AGT_ESIGNATURE;
}

/*
 * RFC 8410: the DER of an Ed25519 key is a fixed prefix and the 32 key
 * bytes, PKCS #8 version 1 ("PRIVATE KEY", what `openssl genpkey` writes)
 * or SubjectPublicKeyInfo ("PUBLIC KEY", what `openssl pkey -pubout`
 * writes).  Any other algorithm, or an encrypted key, has another prefix.
 */
const unsigned char agti_ed25519_pkcs8_prefix[AGTI_PKCS8_PREFIX_LEN] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
	0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
};
static const unsigned char spki_prefix[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
};

/* The DER in the first PEM block labelled LABEL, which must be PREFIX + 32. */
static int
pem_block(unsigned char out[32], const char *text, const char *label,
    const unsigned char *prefix, size_t plen)
{
	char begin[64], end[64], *body;
	const char *p, *q;
	unsigned char *der;
	size_t len;
	int rc;

	snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
	snprintf(end, sizeof end, "-----END %s-----", label);
	for (p = text; (p = strstr(p, begin)) != NULL; p++)
		if (p == text || p[-1] == '\n')
			break;
	if (p == NULL || (q = strstr(p, end)) == NULL)
		return AGT_EFORMAT;
	p += strlen(begin);
	if ((body = strndup(p, (size_t)(q - p))) == NULL)
		return AGT_ENOMEM;
	rc = agt_base64_decode(&der, &len, body);
	free(body);
	if (rc != AGT_OK)
		return AGT_EFORMAT;
	rc = len == plen + 32 && memcmp(der, prefix, plen) == 0 ?
	    AGT_OK : AGT_EFORMAT;
	if (rc == AGT_OK)
		memcpy(out, der + plen, 32);
	sodium_memzero(der, len);
	free(der);
	return rc;
}

static int
pem_key(unsigned char out[32], const char *text, int private_key)
{
	unsigned char seed[32];
	int rc;

	if (!private_key && pem_block(out, text, "PUBLIC KEY", spki_prefix,
	    sizeof spki_prefix) == AGT_OK)
		return AGT_OK;
	/* A private key file also gives its public key. */
	rc = pem_block(seed, text, "PRIVATE KEY", agti_ed25519_pkcs8_prefix,
	    AGTI_PKCS8_PREFIX_LEN);
	if (rc == AGT_OK && private_key)
		memcpy(out, seed, 32);
	else if (rc == AGT_OK)
		rc = agti_ed25519_public(out, seed) == AGT_OK ?
		    AGT_OK : AGT_EFORMAT;
	sodium_memzero(seed, sizeof seed);
	return rc;
}

/* A signed-note key NAME+KEYID+base64(0x01 || 32 bytes). */
static int
note_key(unsigned char out[32], const char *text, int private_key)
{
	const char *p = text, *plus;
	unsigned char *raw, seed[32];
	int is_private = 0, rc;
	size_t len;

	if (strncmp(p, "PRIVATE+KEY+", 12) == 0) {
		is_private = 1;
		p += 12;
	}
	if (private_key && !is_private)
		return AGT_EFORMAT;
	if ((plus = strchr(p, '+')) == NULL || strlen(plus) < 10 ||
	    plus[9] != '+')
		return AGT_EFORMAT;
	if ((rc = agt_base64_decode(&raw, &len, plus + 10)) != AGT_OK)
		return rc;
	rc = len == 33 && raw[0] == 0x01 ? AGT_OK : AGT_EFORMAT;
	if (rc == AGT_OK) {
		memcpy(seed, raw + 1, 32);
		if (is_private && !private_key)
			rc = agti_ed25519_public(out, seed);
		else
			memcpy(out, seed, 32);
	}
	free(raw);
	return rc;
}

static int
raw_key(unsigned char out[32], const char *text)
{
	unsigned char *raw;
	size_t len;
	int rc;

	if ((rc = agt_base64_decode(&raw, &len, text)) != AGT_OK)
		return rc;
	if (len == 32)
		memcpy(out, raw, 32);
	free(raw);
	return len == 32 ? AGT_OK : AGT_EFORMAT;
}

int
agt_replica_key_load(unsigned char out[32], const char *path, int private_key)
{
	char *text;
	size_t len;
	int rc;

	if ((rc = agti_read_file(&text, &len, path, 16384)) != AGT_OK) {
		/* agti_read_file()'s errno: missing, unreadable, a read error */
		const char *why = rc == AGT_ENOTFOUND || rc == AGT_EIO ?
		    strerror(errno) : rc == AGT_EFORMAT ? "over 16 KiB, not a key" :
		    agt_strerror(rc);

		return agti_error(NULL, rc, "%s: cannot read key file: %s", path,
		    why);
	}
	if (strstr(text, "-----BEGIN") != NULL)
		rc = pem_key(out, text, private_key);
	else if (raw_key(out, text) != AGT_OK)
		rc = note_key(out, text, private_key);
	free(text);
	if (rc != AGT_OK)
		return agti_error(NULL, rc, "%s: not an Ed25519 %s key", path,
		    private_key ? "private" : "public");
	return AGT_OK;
}
