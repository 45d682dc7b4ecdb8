/*
 * fuzz_key.h - the operator key the checkpoint, proof and mirror harnesses
 * check signatures with, so their seeds (signed with it) reach past the
 * signature.  Its seed is 32 ASCII bytes: the seeds were made with
 * `agtrace checkpoint|prove --sign KEY --origin fuzz.example/agtrace`,
 * KEY holding the base64 of these bytes (tests/fuzz/corpus/key/raw-seed).
 */
#ifndef AGT_FUZZ_KEY_H
#define AGT_FUZZ_KEY_H

#define FUZZ_ORIGIN "fuzz.example/agtrace"

static const unsigned char fuzz_seed[32] = "agtrace-fuzz-operator-key-seed-1";
static unsigned char fuzz_pub[32];

/* Derive fuzz_pub; from LLVMFuzzerInitialize(). */
static void
fuzz_key_init(void)
{
	if (agti_ed25519_public(fuzz_pub, fuzz_seed) != AGT_OK)
		abort();
}

#endif
