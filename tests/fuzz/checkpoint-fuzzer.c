/*
 * checkpoint-fuzzer.c - libFuzzer harness for signed checkpoints (C2SP
 * signed notes), as a replica reads them from a published log and a
 * verifier from a proof bundle: any bytes either parse or fail with
 * AGT_EFORMAT, and with a key AGT_ESIGNATURE too.  What parses is
 * canonical: its first three lines are what agt_checkpoint_sign() makes of
 * the parsed tree head.  Signature checking never changes what parses.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *note = (const char *)data;
	agt_checkpoint cp, signed_cp;
	char *body;
	size_t blen;
	int rc, src;

	rc = agt_checkpoint_verify(&cp, note, size, NULL);
	if (rc != AGT_OK && rc != AGT_EFORMAT)
		abort();
	src = agt_checkpoint_verify(&signed_cp, note, size, fuzz_pub);
	if (src != AGT_OK && src != AGT_EFORMAT && src != AGT_ESIGNATURE)
		abort();
	if ((rc == AGT_EFORMAT) != (src == AGT_EFORMAT))
		abort();
	if (rc == AGT_OK) {
		if (memcmp(&cp, &signed_cp, sizeof cp) != 0)
			abort();
		if (agt_checkpoint_sign(&body, &cp, NULL) != AGT_OK)
			abort();
		blen = strlen(body);
		if (blen > size || memcmp(body, note, blen) != 0)
			abort();
		agt_free(body);
	}
	/* A note signed by another name (what cosignatures are). */
	(void)agti_note_open(note, size, "fuzz", fuzz_pub, &blen);
	return 0;
}
