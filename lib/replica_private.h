/* replica_private.h - what the replica module's sources share. */
#ifndef AGT_REPLICA_PRIVATE_H
#define AGT_REPLICA_PRIVATE_H

#include <stddef.h>

/* Ed25519 over MSG with OpenSSL (replica_key.c); AGT_ESIGNATURE on failure. */
int agti_ed25519_sign(unsigned char sig[64], const unsigned char seed[32],
	const void *msg, size_t len);
int agti_ed25519_verify(const unsigned char sig[64],
	const unsigned char pub[32], const void *msg, size_t len);
int agti_ed25519_public(unsigned char pub[32], const unsigned char seed[32]);

/*
 * C2SP signed notes (checkpoint.c).  agti_note_sign() appends a signature
 * by NAME to TEXT (LEN bytes ending in a newline) into *OUT (free()).
 * agti_note_open() sets *BODYLEN to the signed text's length and, with PUB,
 * checks that a signature by NAME and PUB covers it (AGT_ESIGNATURE).
 */
int agti_note_sign(char **out, const char *text, size_t len,
	const char *name, const unsigned char seed[32]);
int agti_note_open(const char *note, size_t len, const char *name,
	const unsigned char pub[32], size_t *bodylen);

#endif
