/*
 * sign.c - Ed25519 keys and signatures: the arithmetic is libsodium's
 * (replica_key.c says why), key files and randomness OpenSSL's.
 */
#include "private.h"
#include "replica_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

static EVP_PKEY *
pkey_private(const unsigned char sec[AGT_SECKEY_LEN])
{
	return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, sec,
	    AGT_SECKEY_LEN);
}

int
agt_key_generate(unsigned char pub[AGT_PUBKEY_LEN],
    unsigned char sec[AGT_SECKEY_LEN])
{
	if (RAND_priv_bytes(sec, AGT_SECKEY_LEN) != 1)
		return agti_error(NULL, AGT_EIO, "no randomness for a key");
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

int
agt_key_save(const char *path, const unsigned char sec[AGT_SECKEY_LEN])
{
	EVP_PKEY *k;
	FILE *fp;
	int fd, ok;

	if ((k = pkey_private(sec)) == NULL)
		return agti_error(NULL, AGT_ENOMEM, "cannot make an Ed25519 key");
	/* O_EXCL: never follow a planted link, never widen an old file. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		EVP_PKEY_free(k);
		return agti_error(NULL, errno == EEXIST ? AGT_EEXISTS : AGT_EIO,
		    "%s: %s", path, strerror(errno));
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(path);
		EVP_PKEY_free(k);
		return agti_error(NULL, AGT_EIO, "%s: %s", path, strerror(errno));
	}
	ok = PEM_write_PrivateKey(fp, k, NULL, NULL, 0, NULL, NULL) == 1;
	ok = fclose(fp) == 0 && ok;
	EVP_PKEY_free(k);
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
