/*
 * proof-fuzzer.c - libFuzzer harness for offline proof bundles, as a
 * sales point's verifier reads them: any bytes either verify or fail with
 * AGT_EFORMAT or AGT_EINTEGRITY, and with a key AGT_ESIGNATURE too.  A
 * bundle that verifies against the key verifies without it, and every
 * record it holds is one the record decoder accepts and can encode again.
 */
#include "private.h"
#include "replica_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_key_init();
	return 0;
}

static void
walk(const agt_proof *p)
{
	const agt_record *r;
	unsigned char *buf;
	uint64_t seq;
	size_t i, n;

	if (agt_proof_checkpoint(p)->origin[0] == '\0')
		abort();
	for (i = 0; i < agt_proof_count(p); i++) {
		if ((r = agt_proof_record(p, i, &seq)) == NULL || seq == 0 ||
		    seq > agt_proof_checkpoint(p)->size)
			abort();
		if (agt_record_encode(r, &buf, &n) != AGT_OK)
			abort();
		agt_free(buf);
		(void)agt_record_key(r);
	}
	if (agt_proof_record(p, i, NULL) != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *bundle = (const char *)data;
	agt_proof *p, *sp;
	int rc, src;

	rc = agt_proof_verify(&p, bundle, size, NULL);
	if (rc != AGT_OK && rc != AGT_EFORMAT && rc != AGT_EINTEGRITY)
		abort();
	if ((rc == AGT_OK) != (p != NULL))
		abort();
	if (p != NULL)
		walk(p);
	src = agt_proof_verify(&sp, bundle, size, fuzz_pub);
	if (src != AGT_OK && src != AGT_EFORMAT && src != AGT_EINTEGRITY &&
	    src != AGT_ESIGNATURE)
		abort();
	if (src == AGT_OK && (rc != AGT_OK ||
	    agt_proof_count(sp) != agt_proof_count(p)))
		abort();
	agt_proof_free(sp);
	agt_proof_free(p);
	return 0;
}
