/*
 * key-fuzzer.c - libFuzzer harness for Ed25519 key files (PEM PKCS #8 or
 * SubjectPublicKeyInfo, one line of base64, signed-note keys), as mirror
 * and verify-proof read an operator's public key and import an agency's:
 * any bytes in the file either load or fail with AGT_EFORMAT, whichever
 * loader reads them.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agtrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char dir[64], path[96];

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s", "/tmp/agtrace-key-fuzz-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/key", dir);
	atexit(cleanup);
	return 0;
}

static void
expect(int rc)
{
	if (rc != AGT_OK && rc != AGT_EFORMAT)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char out[32], sec[AGT_SECKEY_LEN], pub[AGT_PUBKEY_LEN];
	FILE *fp;

	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	expect(agt_replica_key_load(out, path, 0));
	expect(agt_replica_key_load(out, path, 1));
	expect(agt_key_load(sec, pub, path));
	return 0;
}
