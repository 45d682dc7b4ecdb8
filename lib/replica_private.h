/* replica_private.h - what the replica module's sources share. */
#ifndef AGT_REPLICA_PRIVATE_H
#define AGT_REPLICA_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "agtrace.h"

/* Ed25519 over MSG with libsodium (replica_key.c); AGT_ESIGNATURE on failure.
 * Thread-safe. */
int agti_ed25519_sign(unsigned char sig[64], const unsigned char seed[32],
	const void *msg, size_t len);
int agti_ed25519_verify(const unsigned char sig[64],
	const unsigned char pub[32], const void *msg, size_t len);
int agti_ed25519_public(unsigned char pub[32], const unsigned char seed[32]);
/* The DER before the seed in an Ed25519 PKCS #8 key (RFC 8410). */
#define AGTI_PKCS8_PREFIX_LEN 16
extern const unsigned char agti_ed25519_pkcs8_prefix[AGTI_PKCS8_PREFIX_LEN];

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

/* C2SP tlog-tiles: tiles of 2^8 hashes; an entry's fixed prefix. */
#define AGTI_TILE_HEIGHT 8
#define AGTI_TILE_WIDTH 256
#define AGTI_ENTRY_PREFIX 9 /* seq (u64 BE) || type (1) */
#define AGTI_TREE_KEY 9     /* level (1) || index (u64 BE) */

/* "tile/L/x001/234[.p/W]" or "tile/entries/..." for LEVEL -1 (tiles.c). */
void agti_tile_path(char *buf, size_t size, int level, uint64_t n,
	unsigned width);
/* Width of tile N of a level holding COUNT hashes (256 when full). */
unsigned agti_tile_width(uint64_t count, uint64_t n);
/* Next entry of a bundle at *P: 1, 0 at the end, -1 when malformed. */
int agti_bundle_next(const unsigned char **p, const unsigned char *end,
	const unsigned char **entry, size_t *len);
/* Write DIR/REL (directories made) through a temporary file and rename;
 * fsync it first when DURABLE. */
int agti_write_file(agt_db *db, const char *dir, const char *rel,
	const void *data, size_t len, int durable);

/* Report RC on TO as "PREFIX: " and the message FROM had (or RC's name). */
int agti_rethrow(const agt_db *to, const agt_db *from, int rc,
	const char *prefix);

/* Fetch REL under a log's URL or directory (fetch.c). */
struct agti_fetch;
int agti_fetch_open(struct agti_fetch **out, const char *url);
int agti_fetch(struct agti_fetch *f, const char *rel, unsigned char **out,
	size_t *len, size_t max);
void agti_fetch_stats(const struct agti_fetch *f, uint64_t *bytes,
	uint64_t *files);
void agti_fetch_close(struct agti_fetch *f);

/* The register's tree (tree.c). */
void agti_tree_key(unsigned char key[AGTI_TREE_KEY], unsigned level,
	uint64_t index);
/* Leaf hash of ledger entry SEQ: SHA-256(0x00 || seq || type || record). */
void agti_entry_leaf_hash(unsigned char out[32], uint64_t seq, int type,
	const void *rec, size_t len);

#endif
