/*
 * sign.c - Ed25519 keys and signatures, all with libsodium (replica_key.c
 * says why); key files are the PEM that OpenSSL writes.
 */
#include "private.h"
#include "replica_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

int
agt_key_generate(unsigned char pub[AGT_PUBKEY_LEN],
    unsigned char sec[AGT_SECKEY_LEN])
{
	/* randombytes_buf() cannot fail: it aborts without randomness. */
	if (sodium_init() < 0)
		return agti_error(NULL, AGT_EIO, "no randomness for a key");
	randombytes_buf(sec, AGT_SECKEY_LEN);
	return agt_key_public(pub, sec);
}

int
agt_key_public(unsigned char pub[AGT_PUBKEY_LEN],
    const unsigned char sec[AGT_SECKEY_LEN])
{
	if (agti_ed25519_public(pub, sec) != AGT_OK)
		return agti_error(NULL, AGT_EFORMAT, "bad Ed25519 private key");
	return AGT_OK;
}

/* What `openssl genpkey -algorithm ed25519` writes: 48 bytes of DER. */
static int
pem_private(char **out, const unsigned char sec[AGT_SECKEY_LEN])
{
	unsigned char der[AGTI_PKCS8_PREFIX_LEN + AGT_SECKEY_LEN];
	char *b64;
	int rc;

	memcpy(der, agti_ed25519_pkcs8_prefix, AGTI_PKCS8_PREFIX_LEN);
	memcpy(der + AGTI_PKCS8_PREFIX_LEN, sec, AGT_SECKEY_LEN);
	rc = agt_base64_encode(&b64, der, sizeof der);
	sodium_memzero(der, sizeof der);
	if (rc != AGT_OK)
		return rc;
	/* 64 characters: one line, as PEM wraps at 64. */
	if (asprintf(out, "-----BEGIN PRIVATE KEY-----\n%s\n"
	    "-----END PRIVATE KEY-----\n", b64) < 0)
		rc = AGT_ENOMEM;
	sodium_memzero(b64, strlen(b64));
	free(b64);
	return rc;
}

int
agt_key_save(const char *path, const unsigned char sec[AGT_SECKEY_LEN])
{
	char *pem;
	size_t len;
	ssize_t n;
	int fd, ok;

	if (pem_private(&pem, sec) != AGT_OK)
		return agti_error(NULL, AGT_ENOMEM, "cannot make an Ed25519 key");
	len = strlen(pem);
	/* O_EXCL: never follow a planted link, never widen an old file. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		sodium_memzero(pem, len);
		free(pem);
		return agti_error(NULL, errno == EEXIST ? AGT_EEXISTS : AGT_EIO,
		    "%s: %s", path, strerror(errno));
	}
	do
		n = write(fd, pem, len);
	while (n < 0 && errno == EINTR);
	ok = n == (ssize_t)len;
	ok = close(fd) == 0 && ok;
	sodium_memzero(pem, len);
	free(pem);
	if (!ok) {
		unlink(path);
		return agti_error(NULL, AGT_EIO, "%s: cannot write the key", path);
	}
	return AGT_OK;
}

int
agt_key_load(unsigned char sec[AGT_SECKEY_LEN],
    unsigned char pub[AGT_PUBKEY_LEN], const char *path)
{
	int rc;

	/* The replica module reads operator keys the same way. */
	if ((rc = agt_replica_key_load(sec, path, 1)) != AGT_OK)
		return rc;
	return pub != NULL ? agt_key_public(pub, sec) : AGT_OK;
}

int
agt_signature_create(unsigned char sig[AGT_SIG_LEN], const void *msg,
    size_t len, const unsigned char sec[AGT_SECKEY_LEN])
{
	return agti_ed25519_sign(sig, sec, msg, len) == AGT_OK ?
	    AGT_OK : AGT_EFORMAT;
}

int
agt_signature_verify(const unsigned char sig[AGT_SIG_LEN], const void *msg,
    size_t len, const unsigned char pub[AGT_PUBKEY_LEN])
{
	return agti_ed25519_verify(sig, pub, msg, len);
}

int
agt_report_sign(agt_record *report, const unsigned char sec[AGT_SECKEY_LEN])
{
	unsigned char *msg, sig[AGT_SIG_LEN];
	size_t len;
	int rc;

	if (agt_record_type(report) != AGT_T_REPORT)
		return agti_error(NULL, AGT_EINVAL, "only reports are signed");
	if ((rc = agt_record_encode_unsigned(report, &msg, &len)) != AGT_OK)
		return rc;
	rc = agt_signature_create(sig, msg, len, sec);
	agt_free(msg);
	if (rc == AGT_OK)
		rc = agt_record_set_bytes(report, AGT_F_SIGNATURE, sig,
		    AGT_SIG_LEN);
	return rc;
}

int
agt_report_verify(const agt_record *report,
    const unsigned char pub[AGT_PUBKEY_LEN])
{
	const char *sig;
	unsigned char *msg;
	size_t siglen, len;
	int rc;

	if (agt_record_type(report) != AGT_T_REPORT)
		return agti_error(NULL, AGT_EINVAL, "only reports are signed");
	sig = agt_record_get_nth(report, AGT_F_SIGNATURE, 0, &siglen);
	if (sig == NULL || siglen != AGT_SIG_LEN)
		return agti_error(NULL, AGT_ESIGNATURE, "report %s: %s",
		    agt_record_key(report) ? agt_record_key(report) : "?",
		    sig == NULL ? "not signed" : "signature of a wrong length");
	if ((rc = agt_record_encode_unsigned(report, &msg, &len)) != AGT_OK)
		return rc;
	rc = agt_signature_verify((const unsigned char *)sig, msg, len, pub);
	agt_free(msg);
	return rc;
}
