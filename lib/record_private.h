/*
 * record_private.h - the record structure and the canonical encoding's
 * internals, shared by record.c, record_encode.c, validate.c and the store.
 */
#ifndef AGT_RECORD_PRIVATE_H
#define AGT_RECORD_PRIVATE_H

#include "private.h"

#include <stdint.h>

/* Value kinds, as written in the encoding's kind byte (formats/records.md). */
enum agti_kind {
	AGTI_K_TEXT = 0,
	AGTI_K_BYTES = 1,
	AGTI_K_NESTED = 2
};

/* Nesting below a top-level record the decoder accepts. */
#define AGTI_MAX_DEPTH 4
/* The encoding version this library writes (byte 0 of every record). */
#define AGTI_ENCODING_VERSION 1

struct agti_value {
	uint8_t field;
	uint8_t kind;
	uint8_t owned;      /* data is our own malloc, not the record's arena */
	uint32_t len;
	char *data;         /* len bytes and a NUL; NULL for nested values */
	agt_record *child;  /* nested values only */
};

struct agt_record {
	int type;
	int v_inline;         /* v (and the values) share the record's block */
	size_t n, cap;
	struct agti_value *v; /* in insertion order (decoded: canonical order) */
	char *arena;          /* a separately allocated value store, or NULL */
	char *key;            /* cache of agt_record_key() */
	int key_ok;
	uint64_t seq;         /* ledger position, 0 if not read from a ledger */
	unsigned char hash[AGT_HASH_LEN];
	unsigned char prev[AGT_HASH_LEN];
	int refs;             /* owners besides the first (shared records) */
};

/*
 * Share REC with one more owner (a handle's entry cache and the lookups
 * it serves): agt_record_free() frees it when the last owner does.  A
 * shared record must not change: agti_record_freeze() it first.
 */
agt_record *agti_record_ref(agt_record *rec);

/* Compute every lazily cached part of REC and its children now. */
void agti_record_freeze(agt_record *rec);

/* A growable byte buffer. */
struct agti_buf {
	unsigned char *p;
	size_t len, cap;
};

int agti_buf_reserve(struct agti_buf *b, size_t more);
int agti_buf_add(struct agti_buf *b, const void *p, size_t len);
void agti_buf_free(struct agti_buf *b);

/* Scratch space reused by successive encodings (one per write txn). */
struct agti_enc {
	struct agti_buf tmp[AGTI_MAX_DEPTH + 1];
	struct agti_buf spans[AGTI_MAX_DEPTH + 1];
};
void agti_enc_free(struct agti_enc *e);

/*
 * Append the canonical encoding of REC to OUT (emptied first), without the
 * signature when UNSIGNED.  AGT_EINVAL for a duplicate value or a record
 * nested too deep, AGT_ENOMEM.
 */
int agti_record_encode(struct agti_enc *e, const agt_record *rec,
	int unsigned_, struct agti_buf *out);

/*
 * A record of TYPE in one allocation with room for NVALS values and
 * ARENA bytes of value copies (*ARENA_OUT), as the decoder makes them.
 */
agt_record *agti_record_alloc(int type, size_t nvals, size_t arena,
	char **arena_out);

/* One value for agti_record_build(): LEN bytes at DATA, or a child. */
struct agti_vref {
	int field;
	int kind;           /* AGTI_K_* */
	const void *data;
	size_t len;
	agt_record *child;  /* AGTI_K_NESTED: the record takes it */
};

/*
 * A new record of TYPE with the N values of VALS, in that order, copied
 * into one allocation: a parser builds a record with one malloc instead of
 * one per field.  Takes the children, also on failure.  AGT_EINVAL for an
 * unknown type or a field of another kind, AGT_ENOMEM.
 */
AGTI_MODULE_API
int agti_record_build(agt_record **out, int type,
	const struct agti_vref *vals, size_t n);

/* Field tags: name (NULL for a tag not in use) and kind (names.c). */
struct agti_field_def {
	const char *name;
	int kind;
};
extern const struct agti_field_def agti_fields[AGT_F_LIMIT];

/* The kind of FIELD: AGTI_K_*, or -1 for an unknown tag. */
static inline int
agti_field_kind(int field)
{
	if (field <= 0 || field >= AGT_F_LIMIT || agti_fields[field].name == NULL)
		return -1;
	return agti_fields[field].kind;
}

/* Helpers of validation, also useful to parsers. */
int agti_date_valid(const char *s, size_t len);
int agti_lot_valid(const char *s, size_t len);
int agti_utf8_valid(const char *s, size_t len);

/*
 * The key of REC in its primary index, into BUF (AGTI_KEY_MAX bytes):
 * ID for most types, GTIN (14) + lot code for lots, agt_record_key() for
 * shipments.  Returns the length, 0 when a key field is missing.
 */
#define AGTI_KEY_MAX 256
size_t agti_record_index_key(const agt_record *rec, char *buf);

/* A lot's index key from its GTIN (8-14 digits) and lot code; 0 if bad. */
size_t agti_lot_key(const char *gtin, size_t glen, const char *lot,
	size_t llen, char *buf);

/*
 * Turn a user's key text for TYPE (as agt_record_key() gives it; a lot's
 * GTIN may be 8, 12, 13 or 14 digits) into its index key.  0 if malformed.
 */
size_t agti_key_parse(int type, const char *key, char *buf);

#endif
