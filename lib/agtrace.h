/*
 * agtrace.h - libagtrace, agricultural product traceability.
 *
 * One public header.  Every public name starts with agt_ or AGT_.  Handles
 * are opaque.  Functions return an int status: AGT_OK (0) on success, a
 * negative AGT_E... code on failure; agt_strerror() names the code and
 * agt_errmsg() gives the detail of the last failure.  What the library
 * allocates for the caller, the caller frees with the matching agt_..._free().
 * Every free function accepts NULL.
 *
 * Threads: an agt_db handle may be shared by any number of threads for
 * reading (each read transaction belongs to the thread that began it); one
 * write transaction at a time per register, across all processes.
 *
 * The sections of this header follow the library's modules: core (status,
 * version, records, register, transactions, ledger, verify), GS1 payloads,
 * lookup, import/export, signatures, barcode images, labels, recalls and
 * tracing, replicas.
 */
#ifndef AGTRACE_H
#define AGTRACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Version                                                            */
/* ------------------------------------------------------------------ */

/** Version of this header.  agt_version() gives the library's. */
#define AGT_VERSION_MAJOR 0
#define AGT_VERSION_MINOR 1
#define AGT_VERSION_PATCH 0
#define AGT_VERSION_STRING "0.1.0"
/** 0xMMmmpp: compare with AGT_VERSION_NUMBER >= 0x000100. */
#define AGT_VERSION_NUMBER \
	((AGT_VERSION_MAJOR << 16) | (AGT_VERSION_MINOR << 8) | AGT_VERSION_PATCH)

#if defined(AGT_BUILDING_LIBRARY) && defined(__GNUC__) && __GNUC__ >= 4
#define AGT_EXTERN __attribute__((visibility("default")))
#else
#define AGT_EXTERN
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define AGT_WUR __attribute__((warn_unused_result))
#define AGT_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#else
#define AGT_WUR
#define AGT_NONNULL(...)
#endif

/** The library's version, "MAJOR.MINOR.PATCH".  Static storage. */
AGT_EXTERN const char *agt_version(void);

/**
 * The library's version and the versions of the libraries it was built
 * with and runs with (LMDB, libgcrypt, libsodium, libxml2, jansson, ZXing,
 * zbar, libdmtx, zint), as one line of text.  Opens the media module to
 * ask it ("unavailable" when it cannot be opened).  Static storage.
 */
AGT_EXTERN const char *agt_version_details(void);

/* ------------------------------------------------------------------ */
/* Status codes                                                       */
/* ------------------------------------------------------------------ */

enum agt_status {
	AGT_OK = 0,
	AGT_ENOTFOUND = -1,   /* no such record, key or openable file */
	AGT_EEXISTS = -2,     /* exists with other content (immutable record) */
	AGT_EINVAL = -3,      /* invalid argument or field value */
	AGT_EFORMAT = -4,     /* malformed input: XML, payload, image, record */
	AGT_EINTEGRITY = -5,  /* hash chain, index or signature check failed */
	AGT_ENOBARCODE = -6,  /* no barcode found in the image */
	AGT_EIO = -7,         /* operating system or storage I/O error */
	AGT_ENOMEM = -8,      /* out of memory */
	AGT_EVERSION = -9,    /* register or record of an unsupported version */
	AGT_EFULL = -10,      /* register map or disk full */
	AGT_EREADONLY = -11,  /* write attempted on a read-only handle */
	AGT_EBUSY = -12,      /* another write transaction is active */
	AGT_ESIGNATURE = -13, /* missing or bad signature */
	AGT_EUNSUPPORTED = -14, /* feature not built in (e.g. --without-zxing) */
	AGT_ECANCELED = -15,  /* a callback asked to stop */
	AGT_ITEROVER = -100   /* not an error: an iterator has no more items */
};

/** The name of a status code, e.g. "not found".  Never NULL; static. */
AGT_EXTERN const char *agt_strerror(int code);

/* ------------------------------------------------------------------ */
/* Memory                                                             */
/* ------------------------------------------------------------------ */

/** Free a buffer the library allocated for the caller (strings, bytes). */
AGT_EXTERN void agt_free(void *p);

/* ------------------------------------------------------------------ */
/* Records                                                            */
/* ------------------------------------------------------------------ */

/*
 * Every entity is a record: a type and a set of fields.  A field holds
 * bytes (usually UTF-8 text) or nested records (report items, report lots).
 * Some fields repeat (aliases, certifications, items).  The canonical
 * binary encoding is specified in formats/records.md.
 */

enum agt_type {
	AGT_T_CATEGORY = 1,
	AGT_T_SUPPLIER = 2,
	AGT_T_AGENCY = 3,
	AGT_T_SALESPOINT = 4,
	AGT_T_LOT = 5,
	AGT_T_REPORT = 6,
	AGT_T_SHIPMENT = 7,
	AGT_T_RECALL = 8,
	AGT_T_RELEASE = 9,
	/* nested only */
	AGT_T_ITEM = 32,   /* a test item of a report */
	AGT_T_LOTREF = 33  /* a lot named by a report: GTIN and LOT */
};

enum agt_field {
	AGT_F_ID = 1,          /* key: category code, supplier/agency/sales-point id, report number */
	AGT_F_NAME = 2,
	AGT_F_NAME_ZH = 3,     /* category: Chinese name */
	AGT_F_GROUP = 4,       /* category: fruit-vegetable | livestock | fish-bee */
	AGT_F_REGION = 5,
	AGT_F_LICENCE = 6,
	AGT_F_CONTACT = 7,
	AGT_F_CERTIFICATION = 8, /* repeated */
	AGT_F_ACCREDITATION = 9,
	AGT_F_PUBKEY = 10,     /* agency: Ed25519 public key, 32 raw bytes */
	AGT_F_ADDRESS = 11,
	AGT_F_GTIN = 12,       /* 14 digits, check digit valid */
	AGT_F_LOT = 13,        /* lot code (GS1 AI 10) */
	AGT_F_SUPPLIER = 14,   /* supplier id */
	AGT_F_CATEGORY = 15,   /* category code */
	AGT_F_PRODUCT = 16,
	AGT_F_ORIGIN_COUNTRY = 17, /* ISO 3166-1 numeric, 3 digits */
	AGT_F_ORIGIN_PLACE = 18,
	AGT_F_HARVESTED = 19,  /* dates: YYYY-MM-DD */
	AGT_F_PRODUCED = 20,
	AGT_F_PACKED = 21,
	AGT_F_EXPIRES = 22,
	AGT_F_QUANTITY = 23,   /* decimal text */
	AGT_F_UNIT = 24,
	AGT_F_ALIAS = 25,      /* repeated */
	AGT_F_AGENCY = 26,     /* agency id */
	AGT_F_SAMPLED = 27,
	AGT_F_ISSUED = 28,
	AGT_F_VERDICT = 29,    /* pass | fail */
	AGT_F_SUPERSEDES = 30, /* report number */
	AGT_F_LOTREF = 31,     /* repeated, nested AGT_T_LOTREF */
	AGT_F_ITEM = 32,       /* repeated, nested AGT_T_ITEM */
	AGT_F_ANALYTE = 33,
	AGT_F_METHOD = 34,
	AGT_F_VALUE = 35,
	AGT_F_ITEM_LIMIT = 36, /* item: the legal limit (AGT_F_LIMIT is the tag bound) */
	AGT_F_SIGNATURE = 37,  /* report: Ed25519 signature, 64 raw bytes */
	AGT_F_SALESPOINT = 38, /* sales-point id */
	AGT_F_SHIPPED = 39,    /* shipment date */
	AGT_F_REASON = 40,     /* recall/release */
	AGT_F_ISSUER = 41,
	AGT_F_TIME = 42,       /* ISO 8601 date-time */
	AGT_F_SCOPE = 43,      /* recall scope: lot | gtin | supplier | report */
	AGT_F_TARGET = 44      /* recall target key */
};

typedef struct agt_record agt_record;

/** A new empty record of TYPE.  Free with agt_record_free().
 * AGT_EINVAL for an unknown TYPE, AGT_ENOMEM. */
AGT_EXTERN int agt_record_new(agt_record **out, int type) AGT_WUR AGT_NONNULL(1);

/** A deep copy of REC (without its ledger position).  AGT_ENOMEM. */
AGT_EXTERN int agt_record_dup(agt_record **out, const agt_record *rec)
	AGT_WUR AGT_NONNULL(1, 2);

AGT_EXTERN void agt_record_free(agt_record *rec);

AGT_EXTERN int agt_record_type(const agt_record *rec) AGT_NONNULL(1);

/**
 * Set FIELD to the NUL-terminated VALUE, replacing every earlier value;
 * VALUE NULL removes the field (of any kind, nested ones too).  The record
 * keeps its own copy.  AGT_EINVAL for an unknown field or a text value for
 * a binary or nested field; AGT_ENOMEM.  Formats are checked by
 * agt_record_validate(), not here.
 */
AGT_EXTERN int agt_record_set(agt_record *rec, int field, const char *value)
	AGT_NONNULL(1);

/** Set FIELD to LEN raw bytes (keys, signatures; also text fields);
 * VALUE NULL removes the field.  AGT_EINVAL, AGT_ENOMEM. */
AGT_EXTERN int agt_record_set_bytes(agt_record *rec, int field,
	const void *value, size_t len) AGT_NONNULL(1);

/** Append one more value to a text FIELD.  AGT_EINVAL, AGT_ENOMEM. */
AGT_EXTERN int agt_record_add(agt_record *rec, int field, const char *value)
	AGT_NONNULL(1, 3);

/** Append a copy of CHILD to a repeated nested FIELD (AGT_F_ITEM holds
 * AGT_T_ITEM records, AGT_F_LOTREF AGT_T_LOTREF ones).  AGT_EINVAL when
 * FIELD is not nested, AGT_ENOMEM. */
AGT_EXTERN int agt_record_add_child(agt_record *rec, int field,
	const agt_record *child) AGT_NONNULL(1, 3);

/**
 * The first value of FIELD as a NUL-terminated string, or NULL when the
 * field is absent.  Valid until REC is changed or freed.
 */
AGT_EXTERN const char *agt_record_get(const agt_record *rec, int field)
	AGT_NONNULL(1);

/** How many values FIELD has (0 when absent). */
AGT_EXTERN size_t agt_record_count(const agt_record *rec, int field)
	AGT_NONNULL(1);

/**
 * The Nth value of FIELD (from 0) and its length in *LEN (may be NULL).
 * The bytes are followed by a NUL.  NULL when out of range or nested.
 * Valid until REC is changed or freed.
 */
AGT_EXTERN const char *agt_record_get_nth(const agt_record *rec, int field,
	size_t n, size_t *len) AGT_NONNULL(1);

/** The Nth nested record of FIELD, or NULL.  Owned by REC. */
AGT_EXTERN const agt_record *agt_record_child(const agt_record *rec,
	int field, size_t n) AGT_NONNULL(1);

/**
 * The record's key as text: the ID field for categories, suppliers,
 * agencies, sales points and reports; "GTIN/LOT" for lots;
 * "GTIN/LOT/SALESPOINT/SHIPPED" for shipments.  NULL when a key field is
 * missing.  Valid until REC is changed or freed.
 */
AGT_EXTERN const char *agt_record_key(const agt_record *rec) AGT_NONNULL(1);

/**
 * Check REC on its own: required fields present, single-valued fields
 * given once, formats (GTIN-14 check digit, GS1 AI 10 lot codes, real
 * YYYY-MM-DD dates, pass|fail verdicts, 3-digit country codes, 32-byte
 * public keys, 64-byte signatures, UTF-8 text, identifiers of 1-64
 * characters).  References to other records are checked by agt_put().
 * AGT_EINVAL with the detail in *WHY (may be NULL) naming the field;
 * *WHY stays valid until the next call in this thread.
 */
AGT_EXTERN int agt_record_validate(const agt_record *rec, const char **why)
	AGT_NONNULL(1);

/**
 * The canonical encoding of REC (formats/records.md) in a buffer the
 * caller frees with agt_free().  Equal content gives equal bytes, whatever
 * order values were added in (repeated values are sorted).  AGT_EINVAL
 * when a field holds the same value twice or records nest deeper than 4;
 * AGT_ENOMEM.
 */
AGT_EXTERN int agt_record_encode(const agt_record *rec, unsigned char **out,
	size_t *outlen) AGT_WUR AGT_NONNULL(1, 2, 3);

/**
 * The canonical encoding of REC without its AGT_F_SIGNATURE field: the
 * bytes a report signature covers.  Caller frees with agt_free().
 */
AGT_EXTERN int agt_record_encode_unsigned(const agt_record *rec,
	unsigned char **out, size_t *outlen) AGT_WUR AGT_NONNULL(1, 2, 3);

/**
 * Decode a canonical encoding into a new record (free with
 * agt_record_free()).  Strict: anything but the one canonical encoding of
 * a record is AGT_EFORMAT (truncated, non-minimal lengths, unsorted or
 * repeated fields, unknown tags, trailing bytes, nesting deeper than 4);
 * an unknown encoding version is AGT_EVERSION.  Safe on any input.
 */
AGT_EXTERN int agt_record_decode(agt_record **out, const void *buf, size_t len)
	AGT_WUR AGT_NONNULL(1, 2);

/** Ledger sequence number of a record read from a register, else 0. */
AGT_EXTERN uint64_t agt_record_seq(const agt_record *rec) AGT_NONNULL(1);

/**
 * The 32-byte ledger hash of a record read from a register (checked when
 * it was read), else NULL.  Owned by REC.
 */
AGT_EXTERN const unsigned char *agt_record_hash(const agt_record *rec)
	AGT_NONNULL(1);

/** Names: "lot", "report", ...; "gtin", "expires", ... NULL if unknown. */
AGT_EXTERN const char *agt_type_name(int type);
AGT_EXTERN const char *agt_field_name(int field);
/** Inverse of agt_field_name(); 0 if unknown. */
AGT_EXTERN int agt_field_from_name(const char *name);
/** Inverse of agt_type_name(); 0 if unknown.  Accepts "sales-point". */
AGT_EXTERN int agt_type_from_name(const char *name);

/** 1 if the 8-, 12-, 13- or 14-digit GTIN has a valid check digit. */
AGT_EXTERN int agt_gtin_valid(const char *digits, size_t len);

/**
 * Normalise a GTIN-8/12/13/14 to 14 digits with leading zeros into OUT
 * (15 bytes with the NUL).  AGT_EINVAL on a bad length, non-digit or
 * wrong check digit.
 */
AGT_EXTERN int agt_gtin_normalize(char out[15], const char *digits, size_t len);

/** Field tags are below this bound: loop over 1..AGT_F_LIMIT-1 to visit all. */
#define AGT_F_LIMIT 128

/** 1 for fields that hold raw bytes (keys, signatures), 0 for text. */
AGT_EXTERN int agt_field_is_binary(int field);

/**
 * Base64 (RFC 4648, with padding) of LEN bytes as a NUL-terminated string
 * the caller frees with agt_free().
 */
AGT_EXTERN int agt_base64_encode(char **out, const void *buf, size_t len)
	AGT_WUR AGT_NONNULL(1, 2);

/**
 * Decode NUL-terminated base64 TEXT (white space ignored) into a buffer the
 * caller frees with agt_free(); AGT_EFORMAT on bad input.
 */
AGT_EXTERN int agt_base64_decode(unsigned char **out, size_t *outlen,
	const char *text) AGT_WUR AGT_NONNULL(1, 2, 3);

/* ------------------------------------------------------------------ */
/* Register and transactions                                          */
/* ------------------------------------------------------------------ */

typedef struct agt_db agt_db;
typedef struct agt_txn agt_txn;

enum agt_open_flags {
	AGT_OPEN_RDONLY = 1 << 0, /* read-only; works while another process writes */
	AGT_OPEN_CREATE = 1 << 1  /* create the register if it does not exist */
};

/**
 * Create a new, empty register in directory PATH (created with mode
 * 0700 if missing; files mode 0600) and open it read-write.  Errors:
 * AGT_EEXISTS (PATH already holds a register), AGT_EIO (cannot create the
 * directory or files), AGT_ENOMEM.  The detail is in agt_errmsg(NULL).
 */
AGT_EXTERN int agt_db_create(agt_db **out, const char *path)
	AGT_WUR AGT_NONNULL(1, 2);

/**
 * Open the register in directory PATH with FLAGS (AGT_OPEN_*).  Errors:
 * AGT_ENOTFOUND (no register there), AGT_EVERSION (made by a newer
 * agtrace), AGT_EIO, AGT_ENOMEM; the detail is in agt_errmsg(NULL).
 * Only one handle per register per process (an LMDB rule): share it
 * between threads.  The map reserves 64 GiB of address space; the files
 * grow only as used.
 */
AGT_EXTERN int agt_db_open(agt_db **out, const char *path, unsigned flags)
	AGT_WUR AGT_NONNULL(1, 2);

/** Close DB.  Every transaction on it must have ended. */
AGT_EXTERN void agt_db_close(agt_db *db);

/**
 * Detail of the last failure on DB in the calling thread ("" if none),
 * e.g. "lot 06901234567892/L1: unknown supplier S9".  Valid until the
 * next call on DB in this thread.
 */
AGT_EXTERN const char *agt_errmsg(const agt_db *db);

/** The register's directory.  Owned by DB. */
AGT_EXTERN const char *agt_db_path(const agt_db *db) AGT_NONNULL(1);

enum agt_txn_flags {
	AGT_TXN_RDONLY = 1 << 0
};

/**
 * Begin a transaction.  A read transaction sees one committed state for
 * its whole life, whatever writers do meanwhile.  A write transaction
 * groups any number of puts and commits them atomically: all or none.
 * Errors: AGT_EREADONLY (write on a read-only handle), AGT_EIO.
 */
AGT_EXTERN int agt_txn_begin(agt_txn **out, agt_db *db, unsigned flags)
	AGT_WUR AGT_NONNULL(1, 2);

/**
 * Commit and free TXN (also for read transactions).  Errors: AGT_EFULL
 * (map or disk full), AGT_EIO, or the error of an earlier failed write in
 * TXN (see agt_put()); on any error nothing of TXN is kept.
 */
AGT_EXTERN int agt_txn_commit(agt_txn *txn) AGT_NONNULL(1);

/** Abandon and free TXN: none of its writes are kept.  NULL is fine. */
AGT_EXTERN void agt_txn_abort(agt_txn *txn);

/** The handle TXN belongs to. */
AGT_EXTERN agt_db *agt_txn_db(agt_txn *txn) AGT_NONNULL(1);

/* ------------------------------------------------------------------ */
/* Writing and reading records                                        */
/* ------------------------------------------------------------------ */

enum agt_put_outcome {
	AGT_PUT_NEW = 1,       /* first record with this key */
	AGT_PUT_REVISED = 2,   /* a new revision of a supplier, lot, ... */
	AGT_PUT_UNCHANGED = 3  /* same content as the current revision: no entry */
};

/**
 * Validate REC, check its references (a lot's supplier and category, a
 * report's agency and lots, a shipment's lot and sales point) against the
 * register as seen by TXN (so also records put earlier in TXN), and append
 * it to the ledger, updating the indexes.  *OUTCOME (may be NULL) says
 * what happened: a record with the same canonical bytes as the current
 * revision of its key is AGT_PUT_UNCHANGED and adds no entry.  The caller
 * keeps REC.  Errors that leave TXN usable (nothing was written):
 * AGT_EINVAL (bad field), AGT_ENOTFOUND (unknown reference), AGT_EEXISTS
 * (a report number reused with other content: reports are immutable; an
 * alias already naming another lot), AGT_EINTEGRITY (the current revision
 * does not match its hash), AGT_EREADONLY.  Errors that fail TXN (abort
 * it; a commit would return the error and keep nothing): AGT_EFULL,
 * AGT_EIO, AGT_ENOMEM.
 */
AGT_EXTERN int agt_put(agt_txn *txn, const agt_record *rec, int *outcome)
	AGT_WUR AGT_NONNULL(1, 2);

/**
 * The current revision of the record of TYPE with KEY (see
 * agt_record_key(); a lot's GTIN may also be given as GTIN-8, -12 or -13),
 * its hash checked: two LMDB lookups and one SHA-256.  Free with
 * agt_record_free().  Errors: AGT_ENOTFOUND, AGT_EINVAL (malformed KEY or
 * a TYPE without keys), AGT_EINTEGRITY (stored bytes do not match their
 * hash).
 */
AGT_EXTERN int agt_get(agt_record **out, agt_txn *txn, int type, const char *key)
	AGT_WUR AGT_NONNULL(1, 2, 4);

/** Resolve an alias code to its lot key "GTIN/LOT" (caller frees with
 * agt_free()).  AGT_ENOTFOUND, AGT_ENOMEM. */
AGT_EXTERN int agt_alias_resolve(char **out, agt_txn *txn, const char *alias)
	AGT_WUR AGT_NONNULL(1, 2, 3);

/** How many current records of TYPE the register holds (revisions count
 * once), in constant time.  AGT_EINVAL for a TYPE without keys. */
AGT_EXTERN int agt_count(agt_txn *txn, int type, uint64_t *out)
	AGT_NONNULL(1, 3);

typedef struct agt_iter agt_iter;

enum agt_list_by {
	AGT_BY_ALL = 0,        /* every current record of TYPE, in key order */
	AGT_BY_SUPPLIER = 1,   /* lots of supplier KEY */
	AGT_BY_GTIN = 2,       /* lots of GTIN KEY, newest first */
	AGT_BY_LOT = 3,        /* reports or shipments of lot KEY ("GTIN/LOT") */
	AGT_BY_SALESPOINT = 4, /* shipments to sales point KEY */
	AGT_BY_AGENCY = 5      /* reports of agency KEY */
};

/**
 * Iterate over current records of TYPE selected by BY and KEY (KEY NULL
 * for AGT_BY_ALL).  Valid pairs: any keyed TYPE with AGT_BY_ALL; AGT_T_LOT
 * with AGT_BY_SUPPLIER (in lot key order) or AGT_BY_GTIN (GTIN-8..14;
 * newest first: by packed, else harvested, else produced date, then by
 * ledger position, descending); AGT_T_REPORT with AGT_BY_LOT ("GTIN/LOT")
 * or AGT_BY_AGENCY; AGT_T_SHIPMENT with AGT_BY_LOT or AGT_BY_SALESPOINT.
 * Errors: AGT_EINVAL (another pair, or a malformed KEY), AGT_ENOMEM,
 * AGT_EINTEGRITY (AGT_BY_GTIN reads its records at once).  An unknown KEY
 * gives an empty list.  The iterator lives inside TXN: free it before TXN
 * ends.
 */
AGT_EXTERN int agt_list(agt_iter **out, agt_txn *txn, int type, int by,
	const char *key) AGT_WUR AGT_NONNULL(1, 2);

/**
 * The next record in *OUT, owned by the iterator and valid until the next
 * call or agt_iter_free().  AGT_ITEROVER at the end; AGT_EINTEGRITY if a
 * stored record does not match its hash.
 */
AGT_EXTERN int agt_iter_next(agt_iter *it, const agt_record **out)
	AGT_NONNULL(1, 2);

AGT_EXTERN void agt_iter_free(agt_iter *it);

/* ------------------------------------------------------------------ */
/* Ledger                                                             */
/* ------------------------------------------------------------------ */

/*
 * Every put appends one ledger entry, keyed by a sequence number from 1:
 *   hash(n) = SHA-256(hash(n-1) || seq(n) as 8 bytes big-endian ||
 *                     type(n) as 1 byte || record bytes(n))
 * with hash(0) = 32 zero bytes.
 */

#define AGT_HASH_LEN 32

/** The last sequence number (0 for an empty ledger) and its hash. */
AGT_EXTERN int agt_ledger_head(agt_txn *txn, uint64_t *seq,
	unsigned char hash[AGT_HASH_LEN]) AGT_NONNULL(1, 2);

/**
 * The record of ledger entry SEQ, hash checked (AGT_EINTEGRITY when it
 * does not match).  Free with agt_record_free().  AGT_ENOTFOUND when there
 * is no entry SEQ.
 */
AGT_EXTERN int agt_ledger_get(agt_record **out, agt_txn *txn, uint64_t seq)
	AGT_WUR AGT_NONNULL(1, 2);

/** The previous entry's hash for a record read from the ledger, else NULL. */
AGT_EXTERN const unsigned char *agt_record_prev_hash(const agt_record *rec)
	AGT_NONNULL(1);

/** Hex of a 32-byte hash into OUT (65 bytes with NUL); returns OUT. */
AGT_EXTERN char *agt_hash_hex(char out[2 * AGT_HASH_LEN + 1],
	const unsigned char hash[AGT_HASH_LEN]);

/* ------------------------------------------------------------------ */
/* Verify                                                             */
/* ------------------------------------------------------------------ */

/** Progress callback: return non-zero to stop (AGT_ECANCELED). */
typedef int (*agt_progress_cb)(uint64_t done, uint64_t total, void *payload);

enum agt_verify_flags {
	AGT_VERIFY_SIGNATURES = 1 << 0 /* also re-check report signatures */
};

/**
 * Recompute the whole hash chain and check that every index entry points
 * at a ledger entry whose record has that key and is its latest revision,
 * and that every current record has its index entries, in one read
 * transaction (writers go on meanwhile) and constant memory.  With
 * AGT_VERIFY_SIGNATURES also check every current report's signature.
 * PROGRESS (may be NULL) is called every 1024 entries and at the end.
 * On failure returns AGT_EINTEGRITY (or AGT_ESIGNATURE), sets *BAD_SEQ (may
 * be NULL) to the first broken sequence number (0 if the problem is in an
 * index with no entry to name) and agt_errmsg(DB) says what is wrong:
 * "entry N: ...".  AGT_ECANCELED when PROGRESS asked to stop; AGT_EIO.
 */
AGT_EXTERN int agt_verify(agt_db *db, unsigned flags, uint64_t *bad_seq,
	agt_progress_cb progress, void *payload) AGT_NONNULL(1);

/* ------------------------------------------------------------------ */
/* GS1 payloads (issue 4)                                             */
/* ------------------------------------------------------------------ */

/*
 * A scanned code becomes an agt_gs1: the GS1 Application Identifiers (AIs)
 * it carries, each checked against the GS1 General Specifications (length,
 * character set, check digit, date), in the order they came.  Accepted
 * shapes (agt_gs1_kind() tells which one it was):
 *  - an element string with FNC1 as GS (0x1D), with or without a symbology
 *    identifier (]C1 GS1-128, ]e0 DataBar, ]d2 DataMatrix, ]Q3 QR, ]J1
 *    DotCode); "0106901234567892" without one when it starts with a valid
 *    AI (00), (01) or (02);
 *  - the bracketed form "(01)06901234567892(10)L1(17)261127";
 *  - a GS1 Digital Link URI: any host, any path before the primary key,
 *    key qualifiers in the path in their fixed order, data attributes in
 *    the query ("?17=261127"); other query parameters are ignored;
 *  - a plain GTIN-8, -12, -13 or -14 (also after ]E0, ]E4, ]I1); the
 *    result holds AI (01) with the GTIN as 14 digits;
 *  - anything else: AGT_GS1_ALIAS, a code that may be a registered alias.
 * Dates YYMMDD get their century from the GS1 sliding window (GenSpecs
 * 7.12): with YY' the last two digits of the reference year, a YY of
 * YY'+51 .. YY'+99 (mod 100) lies in the previous century, YY'-50 .. YY'-99
 * in the next one, anything else in the reference year's century.
 */
typedef struct agt_gs1 agt_gs1;

enum agt_gs1_kind {
	AGT_GS1_ELEMENT = 1,      /* element string (FNC1 / GS separated) */
	AGT_GS1_BRACKETED = 2,    /* "(01)...(10)..." */
	AGT_GS1_DIGITAL_LINK = 3, /* https://host/.../01/.../10/...?17=... */
	AGT_GS1_GTIN = 4,         /* a plain GTIN: a product, not a lot */
	AGT_GS1_ALIAS = 5         /* not GS1: maybe an alias code */
};

enum agt_gs1_flags {
	/*
	 * Keyboard-wedge scanners cannot type GS: accept "<GS>", "\x1d" (four
	 * characters), "{GS}" and "^" for FNC1.  Neither '^' nor '{' is in GS1
	 * character set 82, so this never changes a valid element string.
	 */
	AGT_GS1_WEDGE = 1 << 0,
	/* Refuse alias candidates: a code must be GS1 (AGT_EFORMAT). */
	AGT_GS1_NO_ALIAS = 1 << 1
};

/** Options of agt_gs1_parse(); initialise with AGT_GS1_OPTIONS_INIT. */
typedef struct agt_gs1_options {
	unsigned version;  /* AGT_GS1_OPTIONS_VERSION */
	unsigned flags;    /* AGT_GS1_* */
	int ref_year;      /* century window reference; 0: this year (UTC) */
} agt_gs1_options;

#define AGT_GS1_OPTIONS_VERSION 1
#define AGT_GS1_OPTIONS_INIT { AGT_GS1_OPTIONS_VERSION, 0, 0 }

/**
 * Parse the LEN bytes of PAYLOAD (no NUL needed; surrounding white space
 * and a final CR/LF are ignored) with OPTS (NULL for the defaults) into
 * *OUT, which the caller frees with agt_gs1_free().  Errors:
 * AGT_EFORMAT when the code is GS1 but breaks a rule (or, with
 * AGT_GS1_NO_ALIAS, is not GS1), AGT_EINVAL for an empty code or bad
 * options, AGT_ENOMEM.  agt_errmsg(NULL) then names the offset (from 0, in
 * PAYLOAD) and the rule: "AI (17) at offset 18: month 13".
 */
AGT_EXTERN int agt_gs1_parse(agt_gs1 **out, const char *payload, size_t len,
	const agt_gs1_options *opts) AGT_WUR AGT_NONNULL(1, 2);

AGT_EXTERN void agt_gs1_free(agt_gs1 *g);

/** The shape the code came in: AGT_GS1_ELEMENT ... AGT_GS1_ALIAS. */
AGT_EXTERN int agt_gs1_kind(const agt_gs1 *g) AGT_NONNULL(1);

/** "element string", "bracketed", "digital link", "gtin", "alias"; or NULL. */
AGT_EXTERN const char *agt_gs1_kind_name(int kind);

/** How many AIs G holds (0 for an alias). */
AGT_EXTERN size_t agt_gs1_count(const agt_gs1 *g) AGT_NONNULL(1);

/*
 * The Ith AI (from 0) of G: its code ("01", "3103"), its GS1 data title
 * ("GTIN", "NET WEIGHT (kg)"), its value as it came (percent-decoded), and
 * its typed value: a date as YYYY-MM-DD (DD=00 as the last day of the
 * month), YYMMDDHH[MM[SS]] as YYYY-MM-DDTHH[:MM[:SS]], a decimal AI (31nn
 * to 36nn, 39nn) as a decimal number ("1.250"), a country list as
 * "156,250"; other values as they came.  NULL when I is out of range.
 * Strings live as long as G.
 */
AGT_EXTERN const char *agt_gs1_ai(const agt_gs1 *g, size_t i) AGT_NONNULL(1);
AGT_EXTERN const char *agt_gs1_title(const agt_gs1 *g, size_t i) AGT_NONNULL(1);
AGT_EXTERN const char *agt_gs1_value(const agt_gs1 *g, size_t i) AGT_NONNULL(1);
AGT_EXTERN const char *agt_gs1_typed(const agt_gs1 *g, size_t i) AGT_NONNULL(1);

/** The value of AI (e.g. "17") in G, or NULL.  Lives as long as G. */
AGT_EXTERN const char *agt_gs1_find(const agt_gs1 *g, const char *ai)
	AGT_NONNULL(1, 2);

/** GTIN-14 of AI (01) (or of a plain GTIN), or NULL.  Lives as long as G. */
AGT_EXTERN const char *agt_gs1_gtin(const agt_gs1 *g) AGT_NONNULL(1);

/** Batch/lot, AI (10), or NULL.  Lives as long as G. */
AGT_EXTERN const char *agt_gs1_lot(const agt_gs1 *g) AGT_NONNULL(1);

/**
 * The label's expiry as YYYY-MM-DD: AI (17) use-by/expiry, else (15) best
 * before, else (16) sell by; NULL when it has none.  Lives as long as G.
 */
AGT_EXTERN const char *agt_gs1_expiry(const agt_gs1 *g) AGT_NONNULL(1);

/**
 * The net weight in kilograms into *KG, from AI (310n), or from (320n)
 * converted at 1 lb = 0.45359237 kg.  AGT_ENOTFOUND when G has neither.
 */
AGT_EXTERN int agt_gs1_net_weight(const agt_gs1 *g, double *kg)
	AGT_NONNULL(1, 2);

/** For AGT_GS1_ALIAS: the code, trimmed; else NULL.  Lives as long as G. */
AGT_EXTERN const char *agt_gs1_alias(const agt_gs1 *g) AGT_NONNULL(1);

enum agt_gs1_form {
	AGT_GS1_FORM_BRACKETED = 1,   /* (01)06901234567892(10)L1 */
	AGT_GS1_FORM_ELEMENT = 2,     /* 010690123456789210L1, GS after a
					 variable-length AI not last */
	AGT_GS1_FORM_DIGITAL_LINK = 3 /* HOST/01/06901234567892/10/L1?17=... */
};

/**
 * Render G in FORM as a NUL-terminated string in *OUT, which the caller
 * frees with agt_free().  HOST is the Digital Link's scheme, host and any
 * path prefix, e.g. "https://id.example.cn" (NULL: "https://id.gs1.org");
 * it is ignored for other forms.  Parsing the result gives G's AIs back.
 * Errors: AGT_EINVAL for an alias, for a Digital Link of a code without a
 * primary key (01, 00, 414, ...), or a bad FORM; AGT_ENOMEM.
 */
AGT_EXTERN int agt_gs1_render(char **out, const agt_gs1 *g, int form,
	const char *host) AGT_WUR AGT_NONNULL(1, 2);

/* ------------------------------------------------------------------ */
/* Lookup and provenance (issue 4)                                    */
/* ------------------------------------------------------------------ */

/*
 * agt_lookup() turns a scanned code into the provenance a sales point
 * shows: the lot, its supplier and category, and every inspection report
 * of the lot with its agency, each record as stored in the ledger (its
 * sequence number and hash checked on read, agt_record_seq() and
 * agt_record_hash()).  It reads in one read transaction, so it sees a
 * whole imported batch or none of it, and never blocks or is blocked by
 * a writer in another process.  The handle keeps the entries its lookups
 * read (checked, decoded) for later lookups of the same snapshot of the
 * register; any commit makes the next lookup read and check them anew.
 */
typedef struct agt_provenance agt_provenance;

/* What a cashier must see; agt_provenance_warnings() ORs them. */
enum agt_warning {
	AGT_WARN_NO_REPORT = 1 << 0,      /* the lot has no inspection report */
	AGT_WARN_FAILED = 1 << 1,         /* a current report's verdict is fail */
	AGT_WARN_SUPERSEDED_ONLY = 1 << 2, /* every report is superseded */
	AGT_WARN_EXPIRED = 1 << 3,        /* label or register expiry has passed */
	AGT_WARN_LABEL_MISMATCH = 1 << 4, /* label dates/origin differ from the register */
	AGT_WARN_PRODUCT_ONLY = 1 << 5,   /* a bare GTIN: the newest lot is shown */
	AGT_WARN_SIGNATURE = 1 << 6,      /* a report's signature does not verify */
	AGT_WARN_HELD = 1 << 7            /* a recall hold covers the lot (recalls) */
};

/* A sales point's decision, from agt_provenance_status(). */
enum agt_pos_status {
	AGT_POS_SELL = 0,
	AGT_POS_WARN = 1,        /* sell after the cashier has seen the warnings */
	AGT_POS_DO_NOT_SELL = 2  /* failed, expired, held or bad signature */
};

/* Signature state of a report in a provenance. */
enum agt_sig_state {
	AGT_SIG_NONE = 0,      /* the report carries no signature */
	AGT_SIG_UNCHECKED = 1, /* signed; not verified (no AGT_LOOKUP_SIGNATURES) */
	AGT_SIG_VALID = 2,
	AGT_SIG_INVALID = 3
};

enum agt_lookup_flags {
	/* Verify each report's Ed25519 signature (tens of microseconds each). */
	AGT_LOOKUP_SIGNATURES = 1 << 0
};

/** Options of agt_lookup(); initialise with AGT_LOOKUP_OPTIONS_INIT. */
typedef struct agt_lookup_options {
	unsigned version;  /* AGT_LOOKUP_OPTIONS_VERSION */
	unsigned flags;    /* AGT_LOOKUP_* */
	const char *at;    /* today as YYYY-MM-DD for expiry; NULL: today (UTC) */
} agt_lookup_options;

#define AGT_LOOKUP_OPTIONS_VERSION 1
#define AGT_LOOKUP_OPTIONS_INIT { AGT_LOOKUP_OPTIONS_VERSION, 0, NULL }

/**
 * Parse the LEN bytes of PAYLOAD (any shape agt_gs1_parse() takes, FNC1
 * also typed as <GS> or ^) and assemble the provenance of its lot in
 * *OUT, which the caller frees with agt_provenance_free().  GTIN + lot
 * (AI 01 + 10) name a lot; an alias code names the lot it was registered
 * for (a code that is not valid GS1 is also tried as an alias); a bare
 * GTIN names its newest lot (AGT_WARN_PRODUCT_ONLY; all its lots are in
 * agt_provenance_lot_key()).  OPTS may be NULL.  Errors, with the detail in
 * agt_errmsg(DB): AGT_EFORMAT (bad code), AGT_ENOTFOUND (no such lot,
 * alias or GTIN in the register), AGT_EINTEGRITY (a record does not match
 * its ledger hash: do not sell), AGT_EINVAL (bad OPTS or date), AGT_EIO,
 * AGT_ENOMEM.  Thread-safe: DB may be shared by threads.
 */
AGT_EXTERN int agt_lookup(agt_provenance **out, agt_db *db,
	const char *payload, size_t len, const agt_lookup_options *opts)
	AGT_WUR AGT_NONNULL(1, 2, 3);

AGT_EXTERN void agt_provenance_free(agt_provenance *p);

/** The decision for the till: AGT_POS_SELL, _WARN or _DO_NOT_SELL. */
AGT_EXTERN int agt_provenance_status(const agt_provenance *p) AGT_NONNULL(1);

/** "sell", "warn", "do-not-sell"; NULL for an unknown status. */
AGT_EXTERN const char *agt_pos_status_name(int status);

/** The AGT_WARN_* bits that apply. */
AGT_EXTERN unsigned agt_provenance_warnings(const agt_provenance *p)
	AGT_NONNULL(1);

/** A warning bit as text ("no inspection report"); NULL if unknown.  Static. */
AGT_EXTERN const char *agt_warning_text(unsigned warning);

/**
 * Why WARNING applies to P, for people ("expiry: label 2026-11-27, register
 * 2026-11-30"); NULL when it does not apply.  Owned by P.
 */
AGT_EXTERN const char *agt_provenance_detail(const agt_provenance *p,
	unsigned warning) AGT_NONNULL(1);

/*
 * The records, owned by P and valid until agt_provenance_free(): read
 * fields with agt_record_get() (AGT_F_PRODUCT, AGT_F_ORIGIN_PLACE, ...),
 * ledger positions with agt_record_seq() and agt_record_hash().
 */
AGT_EXTERN const agt_gs1 *agt_provenance_code(const agt_provenance *p)
	AGT_NONNULL(1);
AGT_EXTERN const agt_record *agt_provenance_lot(const agt_provenance *p)
	AGT_NONNULL(1);
AGT_EXTERN const agt_record *agt_provenance_supplier(const agt_provenance *p)
	AGT_NONNULL(1);
AGT_EXTERN const agt_record *agt_provenance_category(const agt_provenance *p)
	AGT_NONNULL(1);

/** The lot's reports: current ones first, newest issued first. */
AGT_EXTERN size_t agt_provenance_report_count(const agt_provenance *p)
	AGT_NONNULL(1);
/** The Ith report, or NULL. */
AGT_EXTERN const agt_record *agt_provenance_report(const agt_provenance *p,
	size_t i) AGT_NONNULL(1);
/** The agency of the Ith report, or NULL (unknown agency, or I too big). */
AGT_EXTERN const agt_record *agt_provenance_agency(const agt_provenance *p,
	size_t i) AGT_NONNULL(1);
/** 1 if the Ith report is current, 0 if another report of the lot supersedes it. */
AGT_EXTERN int agt_provenance_report_current(const agt_provenance *p,
	size_t i) AGT_NONNULL(1);
/** AGT_SIG_* of the Ith report. */
AGT_EXTERN int agt_provenance_signature(const agt_provenance *p, size_t i)
	AGT_NONNULL(1);

/**
 * For a bare GTIN: how many lots it has, and the key ("GTIN/LOT") of the
 * Ith, newest first (the first is the one shown).  Otherwise 1 and the
 * lot's key.  Strings owned by P.
 */
AGT_EXTERN size_t agt_provenance_lot_count(const agt_provenance *p)
	AGT_NONNULL(1);
AGT_EXTERN const char *agt_provenance_lot_key(const agt_provenance *p,
	size_t i) AGT_NONNULL(1);

/**
 * The whole provenance as one JSON document (UTF-8, NUL-terminated) in
 * *OUT, freed with agt_free(); its members are described in agtrace(1)
 * under lookup.  AGT_ENOMEM.
 */
AGT_EXTERN int agt_provenance_json(char **out, const agt_provenance *p)
	AGT_WUR AGT_NONNULL(1, 2);

/**
 * REC as a JSON object in *OUT (freed with agt_free()): "type", then each
 * field by its agt_field_name() (repeated fields and nested records as
 * arrays, raw bytes as base64), then "seq" and "hash" for a record read
 * from a register.  The form agt_provenance_json() and agtrace use.
 * AGT_ENOMEM.
 */
AGT_EXTERN int agt_record_json(char **out, const agt_record *rec)
	AGT_WUR AGT_NONNULL(1, 2);

/* ------------------------------------------------------------------ */
/* Batch import and export (issue 3)                                  */
/* ------------------------------------------------------------------ */

/** Writes LEN bytes somewhere; returns 0, or non-zero to stop. */
typedef int (*agt_write_cb)(const void *buf, size_t len, void *payload);

/*
 * Batch files (agtrace-batch(5), schema formats/agtrace-batch.xsd) carry
 * categories, suppliers, agencies, sales points, lots, reports,
 * shipments, recalls and releases.  An import session holds ONE write transaction for any number
 * of files: agt_import_commit() keeps all of them or, after any error in
 * any file, none.  Files are streamed (libxml2's reader, validated against
 * the schema while reading), so memory stays flat whatever their size.
 * Records may name records that come later in the same session (forward
 * references): such records are parked in a temporary file and put once
 * the session's files are read.  DOCTYPEs are refused, entities are never
 * expanded, nothing is fetched from the network.
 */

typedef struct agt_import agt_import;

enum agt_import_flags {
	AGT_IMPORT_DRY_RUN = 1 << 0,      /* check everything, keep nothing */
	AGT_IMPORT_REQUIRE_SIGNATURES = 1 << 1, /* unsigned reports are errors */
	AGT_IMPORT_NO_VALIDATE = 1 << 2   /* skip the XSD (trusted input, benchmarks) */
};

#define AGT_IMPORT_OPTIONS_VERSION 1

typedef struct agt_import_options {
	unsigned version;     /* AGT_IMPORT_OPTIONS_VERSION */
	unsigned flags;       /* AGT_IMPORT_* */
	unsigned max_errors;  /* errors listed before giving up; 0: 100 */
	unsigned threads;     /* signature-checking threads besides the caller; 0: 1 */
	/*
	 * Called about every 64 KiB read: DONE bytes of the current file
	 * of TOTAL (0 when unknown, e.g. a pipe).  Non-zero stops the
	 * session with AGT_ECANCELED.  May be NULL.
	 */
	agt_progress_cb progress;
	void *payload;
} agt_import_options;

#define AGT_IMPORT_OPTIONS_INIT { AGT_IMPORT_OPTIONS_VERSION, 0, 0, 0, NULL, NULL }

/**
 * Start an import session on DB (opened read-write): begins the write
 * transaction.  OPTS may be NULL (defaults).  Free with agt_import_free().
 * Errors: AGT_EVERSION (OPTS of an unknown version), AGT_EREADONLY,
 * AGT_EBUSY, AGT_EIO, AGT_ENOMEM.
 */
AGT_EXTERN int agt_import_new(agt_import **out, agt_db *db,
	const agt_import_options *opts) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Read the batch file PATH ("-" is standard input) into the session.  A
 * file that is an EPCIS 2.0 document (agt_epcis_detect()) is mapped as by
 * agt_epcis_import() within the session.  The file is opened once
 * (standard input, a pipe or a FIFO serve as well as a regular file) and
 * read to its end: its first 4 KiB tell an EPCIS document, read whole
 * (256 MiB at most, else AGT_EFORMAT), from a batch, streamed; an EPCIS
 * document's skipped events are listed by
 * agt_import_note().  Returns AGT_OK when the file had no error so far; else the code of its
 * first error (AGT_EFORMAT: not well-formed, schema violation, DOCTYPE;
 * AGT_EINVAL: bad field; AGT_ENOTFOUND: the file is missing or cannot be
 * opened (no permission, a directory); AGT_EEXISTS: report number reused
 * with other content; AGT_ESIGNATURE: bad or, with
 * AGT_IMPORT_REQUIRE_SIGNATURES, missing signature; AGT_EIO: a read
 * failed; AGT_ENOMEM;
 * AGT_ECANCELED).  Every error is listed by agt_import_error().  Reading
 * goes on after an error in a file, to list more of them; once the
 * session has an error nothing of it will be kept.
 */
AGT_EXTERN int agt_import_file(agt_import *imp, const char *path)
	AGT_NONNULL(1, 2);

/** Like agt_import_file() for LEN bytes at XML; NAME names it in errors. */
AGT_EXTERN int agt_import_memory(agt_import *imp, const char *name,
	const void *xml, size_t len) AGT_NONNULL(1, 2, 3);

/**
 * Finish the session: put the parked forward-referencing records, wait
 * for the signature checks, and commit, unless a file had an error or
 * the session is a dry run, in which case nothing is written.  Returns
 * AGT_OK (committed, or a dry run without errors) or the first error's
 * code.  Call once; then only the result functions and agt_import_free()
 * may be used.
 */
AGT_EXTERN int agt_import_commit(agt_import *imp) AGT_NONNULL(1);

/** Abort what was not committed and free IMP.  NULL is fine. */
AGT_EXTERN void agt_import_free(agt_import *imp);

/**
 * How many records of TYPE (AGT_T_*) ended with OUTCOME (AGT_PUT_NEW,
 * AGT_PUT_REVISED, AGT_PUT_UNCHANGED).  In a dry run, what would have.
 */
AGT_EXTERN uint64_t agt_import_count(const agt_import *imp, int type,
	int outcome) AGT_NONNULL(1);

enum agt_import_stat {
	AGT_IMPORT_RECORDS = 1,  /* records read */
	AGT_IMPORT_SIGNED = 2,   /* reports whose signature verified */
	AGT_IMPORT_UNSIGNED = 3, /* reports without a signature */
	AGT_IMPORT_BYTES = 4,    /* bytes of XML read */
	AGT_IMPORT_ERRORS = 5    /* errors found (more than listed if capped) */
};

/** One of the AGT_IMPORT_* statistics of the session. */
AGT_EXTERN uint64_t agt_import_stat(const agt_import *imp, int which)
	AGT_NONNULL(1);

/**
 * The Nth note (from 0), or NULL past the last: an event of an EPCIS 2.0
 * document that was skipped, "FILE: event N (TYPE STEP): skipped: why".
 * Notes are not errors.  At most max_errors are kept.  Owned by IMP.
 */
AGT_EXTERN const char *agt_import_note(const agt_import *imp, size_t n)
	AGT_NONNULL(1);

/**
 * The Nth listed error (from 0) as "FILE:LINE:COL: what", or NULL past
 * the last.  At most max_errors are listed.  Owned by IMP.
 */
AGT_EXTERN const char *agt_import_error(const agt_import *imp, size_t n)
	AGT_NONNULL(1);

/**
 * Write the ledger entries after sequence number SINCE (0: all), oldest
 * first, as one batch document through WRITE.  Every revision is written
 * in ledger order, so importing the output into an empty register gives
 * the same ledger, hashes included, recalls and releases too (<recall>,
 * <release>).  *SKIPPED (may be NULL) counts entries of a type with no
 * batch element (none in this version).  Errors:
 * AGT_EINTEGRITY (a ledger entry does not match its hash), AGT_EIO (WRITE
 * failed), AGT_ENOMEM.
 */
AGT_EXTERN int agt_export(agt_db *db, uint64_t since, uint64_t *skipped,
	agt_write_cb write, void *payload) AGT_WUR AGT_NONNULL(1, 4);

/* ------------------------------------------------------------------ */
/* Signatures and keys (issue 3)                                      */
/* ------------------------------------------------------------------ */

/*
 * Inspection agencies sign their reports with Ed25519 (RFC 8032).  A
 * signature covers agt_record_encode_unsigned() of the report record, so
 * it survives any reformatting of the XML that carried it.  Keys are kept
 * in memory as raw bytes: a 32-byte private seed and a 32-byte public key.
 * Private key files are PEM "PRIVATE KEY" (PKCS #8, RFC 8410), the format
 * of `openssl genpkey -algorithm ed25519`.  Signatures are made and
 * checked, and key files read and written, with libsodium (2.4 times
 * fewer instructions per verification than OpenSSL 3.0's libcrypto, 13
 * times fewer than libgcrypt's).
 */

#define AGT_PUBKEY_LEN 32
#define AGT_SECKEY_LEN 32
#define AGT_SIG_LEN 64

/**
 * A new random key pair: the private seed in SEC, the public key in PUB.
 * Errors: AGT_ENOMEM, AGT_EIO (no randomness).
 */
AGT_EXTERN int agt_key_generate(unsigned char pub[AGT_PUBKEY_LEN],
	unsigned char sec[AGT_SECKEY_LEN]) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Write private key SEC to a new file PATH as PEM PKCS #8.  The file is
 * created with mode 0600 and must not exist (O_EXCL).  Errors: AGT_EEXISTS
 * (PATH exists), AGT_EIO (with the system's reason in agt_errmsg(NULL)).
 */
AGT_EXTERN int agt_key_save(const char *path,
	const unsigned char sec[AGT_SECKEY_LEN]) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Read the Ed25519 private key file PATH into SEC and its public key into
 * PUB (may be NULL).  Accepted as agt_replica_key_load() accepts them: PEM
 * PKCS #8, or one line of base64 of the 32-byte seed.  Errors:
 * AGT_ENOTFOUND (missing or cannot be opened, a directory included),
 * AGT_EIO (a read failed), AGT_EFORMAT (not an Ed25519 private key);
 * details in agt_errmsg(NULL).
 */
AGT_EXTERN int agt_key_load(unsigned char sec[AGT_SECKEY_LEN],
	unsigned char pub[AGT_PUBKEY_LEN], const char *path)
	AGT_WUR AGT_NONNULL(1, 3);

/** The public key of private key SEC.  AGT_EFORMAT, AGT_ENOMEM. */
AGT_EXTERN int agt_key_public(unsigned char pub[AGT_PUBKEY_LEN],
	const unsigned char sec[AGT_SECKEY_LEN]) AGT_WUR AGT_NONNULL(1, 2);

/** Sign LEN bytes of MSG with SEC into SIG.  AGT_ENOMEM, AGT_EFORMAT. */
AGT_EXTERN int agt_signature_create(unsigned char sig[AGT_SIG_LEN],
	const void *msg, size_t len, const unsigned char sec[AGT_SECKEY_LEN])
	AGT_WUR AGT_NONNULL(1, 4);

/**
 * Check SIG over LEN bytes of MSG against public key PUB.  AGT_OK when
 * it verifies, AGT_ESIGNATURE when it does not (or PUB is not a valid
 * key), AGT_ENOMEM.  Thread-safe.
 */
AGT_EXTERN int agt_signature_verify(const unsigned char sig[AGT_SIG_LEN],
	const void *msg, size_t len, const unsigned char pub[AGT_PUBKEY_LEN])
	AGT_WUR AGT_NONNULL(1, 4);

/**
 * Sign report REPORT with SEC: set its AGT_F_SIGNATURE field to the
 * signature of agt_record_encode_unsigned(REPORT).  Errors: AGT_EINVAL
 * (not a report), AGT_ENOMEM.
 */
AGT_EXTERN int agt_report_sign(agt_record *report,
	const unsigned char sec[AGT_SECKEY_LEN]) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Check the signature of REPORT against its agency's public key PUB.
 * Errors: AGT_ESIGNATURE (no signature, or it does not verify),
 * AGT_EINVAL (not a report), AGT_ENOMEM.
 */
AGT_EXTERN int agt_report_verify(const agt_record *report,
	const unsigned char pub[AGT_PUBKEY_LEN]) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Sign every report of agency AGENCY in the batch document XML (LEN
 * bytes) with SEC, replacing any earlier signature, and give the whole
 * document back in *OUT (*OUTLEN bytes; caller frees with agt_free()).
 * AGENCY NULL means: the agency of the batch whose <public-key> is the
 * public key of SEC.  *NSIGNED (may be NULL) counts the reports signed.
 * The batch is parsed with the same safety rules as agt_import_memory()
 * (no DTD, no entities, no network) but not validated: import it to check
 * it.  Errors: AGT_EFORMAT (not well-formed, or a report lacks a field),
 * AGT_ENOTFOUND (no agency with that key in the batch), AGT_ENOMEM; the
 * detail in agt_errmsg(NULL).
 */
AGT_EXTERN int agt_batch_sign(char **out, size_t *outlen, const void *xml,
	size_t len, const char *agency, const unsigned char sec[AGT_SECKEY_LEN],
	size_t *nsigned) AGT_WUR AGT_NONNULL(1, 2, 3, 6);

/* ------------------------------------------------------------------ */
/* Barcode images (issue 5)                                           */
/* ------------------------------------------------------------------ */

/*
 * Decoding barcodes from images with ZXing-C++ (and, when built with
 * them, zbar as a second engine for linear codes and libdmtx for Data
 * Matrix, both opened at run time).  The library decodes 8-bit
 * gray buffers, what a camera gives; it also loads PNG, JPEG and PNM files.
 * Errors carry their detail in agt_errmsg(NULL).  Built --without-zxing,
 * the decode functions return AGT_EUNSUPPORTED; image loading still works.
 * Thread-safe: no shared state.
 */

/** The largest image accepted, in pixels (width x height): 100 megapixels. */
#define AGT_IMAGE_MAX_PIXELS 100000000L

typedef struct agt_image agt_image;

/**
 * Load the image file PATH (PNG, JPEG or PGM/PPM, told by its content, not
 * its name) as 8-bit gray: colour is converted to luma, transparency is
 * composited on white, 16-bit samples are reduced to 8 bits.  Free with
 * agt_image_free().  PATH is read to its end, its size unknown: a pipe, a
 * FIFO or /dev/stdin serves too.  Errors: AGT_ENOTFOUND (the file is
 * missing or cannot be opened: no permission, a directory), AGT_EIO (a
 * read failed), AGT_EFORMAT (not a supported image, truncated or corrupt,
 * over 512 MiB, or more than AGT_IMAGE_MAX_PIXELS, checked before any
 * pixel memory is allocated), AGT_ENOMEM.
 */
AGT_EXTERN int agt_image_load(agt_image **out, const char *path)
	AGT_WUR AGT_NONNULL(1, 2);

/** The same from LEN bytes at BUF (which the image does not keep). */
AGT_EXTERN int agt_image_load_mem(agt_image **out, const void *buf, size_t len)
	AGT_WUR AGT_NONNULL(1);

/**
 * The image's gray pixels: *WIDTH x *HEIGHT bytes, rows *STRIDE bytes
 * apart (any out-parameter may be NULL).  Owned by IMG.
 */
AGT_EXTERN const unsigned char *agt_image_gray(const agt_image *img,
	int *width, int *height, int *stride) AGT_NONNULL(1);

AGT_EXTERN void agt_image_free(agt_image *img);

/** The symbols found in an image: a list read with agt_symbols_*(). */
typedef struct agt_symbols agt_symbols;

enum agt_decode_flags {
	AGT_DECODE_FAST = 1 << 0 /* ZXing's linear and matrix passes only, no retries: for video frames */
};

/**
 * Find every barcode in the WIDTH x HEIGHT gray image at PIXELS (one byte
 * per pixel, rows STRIDE bytes apart, STRIDE >= WIDTH).  On success *OUT
 * holds at least one symbol; free it with agt_symbols_free().  Errors:
 * AGT_ENOBARCODE (nothing found; *OUT is NULL), AGT_EINVAL (bad
 * dimensions), AGT_ENOMEM, AGT_EUNSUPPORTED (built without ZXing).
 * FLAGS: AGT_DECODE_*.
 */
AGT_EXTERN int agt_decode_gray(agt_symbols **out, const unsigned char *pixels,
	int width, int height, int stride, unsigned flags)
	AGT_WUR AGT_NONNULL(1, 2);

/** agt_decode_gray() on a loaded image. */
AGT_EXTERN int agt_decode_image(agt_symbols **out, const agt_image *img,
	unsigned flags) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Load the image file PATH and decode it: the errors of agt_image_load()
 * and of agt_decode_gray().
 */
AGT_EXTERN int agt_decode_file(agt_symbols **out, const char *path,
	unsigned flags) AGT_WUR AGT_NONNULL(1, 2);

/** How many symbols LIST holds (0 for NULL). */
AGT_EXTERN size_t agt_symbols_count(const agt_symbols *list);

/**
 * The text of symbol I (from 0) as decoded, UTF-8, with GS1 FNC1 as GS
 * (0x1D) between elements; DataBar gives its element string ("01" + GTIN).
 * Its length in *LEN (may be NULL): the text may hold NUL bytes.  NULL when
 * I is out of range.  All strings are owned by LIST, valid until it is freed.
 */
AGT_EXTERN const char *agt_symbols_text(const agt_symbols *list, size_t i,
	size_t *len) AGT_NONNULL(1);

/** The format of symbol I: "EAN-13", "UPC-A", "Code128", "DataMatrix", "QRCode", "DataBar", "DataBarExpanded", ... */
AGT_EXTERN const char *agt_symbols_format(const agt_symbols *list, size_t i)
	AGT_NONNULL(1);

/** The ISO/IEC 15424 symbology identifier of symbol I ("]C1", "]Q3", ...) or "". */
AGT_EXTERN const char *agt_symbols_symbology(const agt_symbols *list,
	size_t i) AGT_NONNULL(1);

/** 1 when symbol I carries GS1 data (an element string), else 0. */
AGT_EXTERN int agt_symbols_is_gs1(const agt_symbols *list, size_t i)
	AGT_NONNULL(1);

/**
 * The corners of symbol I in image pixels: x, y of top-left, top-right,
 * bottom-right, bottom-left into XY.  AGT_EINVAL when I is out of range.
 */
AGT_EXTERN int agt_symbols_corners(const agt_symbols *list, size_t i,
	int xy[8]) AGT_NONNULL(1, 3);

AGT_EXTERN void agt_symbols_free(agt_symbols *list);

/* ------------------------------------------------------------------ */
/* Labels (issue 5)                                                   */
/* ------------------------------------------------------------------ */

/*
 * A lot's official barcode, encoded with libzint.  The QR code carries a
 * GS1 Digital Link URI (HOST/01/GTIN/10/LOT?17=YYMMDD); Data
 * Matrix, GS1-128 and DataBar Expanded carry the GS1 element string
 * (01) GTIN (17) expiry (10) lot with FNC1; EAN-13 carries the GTIN only
 * (it names the product, not the lot).  Built --without-zint, these
 * functions return AGT_EUNSUPPORTED.  Errors carry their detail in
 * agt_errmsg(NULL).
 */

enum agt_label_symbology {
	AGT_LABEL_QR = 1,
	AGT_LABEL_DATAMATRIX = 2,
	AGT_LABEL_GS1_128 = 3,
	AGT_LABEL_DATABAR_EXPANDED = 4,
	AGT_LABEL_EAN13 = 5
};

enum agt_label_format {
	AGT_LABEL_PNG = 1,
	AGT_LABEL_SVG = 2
};

#define AGT_LABEL_OPTS_VERSION 1

typedef struct agt_label_opts {
	unsigned version;   /* AGT_LABEL_OPTS_VERSION */
	int symbology;      /* AGT_LABEL_*; 0 means QR */
	const char *gtin;   /* GTIN-8/12/13/14, check digit valid */
	const char *lot;    /* AI 10: 1 to 20 characters of GS1's set 82; may be NULL for EAN-13 */
	const char *expires; /* YYYY-MM-DD or NULL */
	const char *host;   /* Digital Link resolver URL; NULL means "https://id.gs1.org" */
	int scale;          /* pixels per module in raster output; 0 means 4 */
} agt_label_opts;

#define AGT_LABEL_OPTS_INIT { AGT_LABEL_OPTS_VERSION, AGT_LABEL_QR, NULL, \
	NULL, NULL, NULL, 0 }

/** The symbology named "qr", "datamatrix", "gs1-128", "databar-expanded" or "ean13"; 0 if unknown. */
AGT_EXTERN int agt_label_symbology_from_name(const char *name);

/**
 * The data the label of OPTS carries, checked: the Digital Link URI, the
 * element string with GS (0x1D) after variable-length elements but the
 * last, or the 13 digits of an EAN-13.  Caller frees *OUT with agt_free().
 * Errors: AGT_EINVAL (bad GTIN, lot, date, host or symbology; the message
 * names the option), AGT_ENOMEM, AGT_EUNSUPPORTED.
 */
AGT_EXTERN int agt_label_payload(char **out, const agt_label_opts *opts)
	AGT_WUR AGT_NONNULL(1, 2);

/**
 * Write the label of OPTS to PATH ("-" for standard output) as FORMAT
 * (AGT_LABEL_PNG or AGT_LABEL_SVG), through a temporary file renamed into
 * place, so PATH is never left half written.  Errors: those of
 * agt_label_payload(), AGT_EIO (cannot write PATH), AGT_EFORMAT (zint
 * refused the data).
 */
AGT_EXTERN int agt_label_write(const agt_label_opts *opts, const char *path,
	int format) AGT_WUR AGT_NONNULL(1, 2);

/**
 * The label of OPTS rendered as an 8-bit gray image (for printing through
 * other means, or checking it decodes).  Free with agt_image_free().
 */
AGT_EXTERN int agt_label_image(agt_image **out, const agt_label_opts *opts)
	AGT_WUR AGT_NONNULL(1, 2);

/* ------------------------------------------------------------------ */
/* Recalls and tracing (issue 7)                                      */
/* ------------------------------------------------------------------ */

/*
 * A recall record (AGT_T_RECALL) holds every lot in its scope: one lot, every
 * lot of a GTIN, of a supplier, or every lot a report covers.  A release
 * record (AGT_T_RELEASE) with the same ID lifts it.  Both are ledger
 * records like any other, keyed by their ID, "SCOPE:TARGET":
 *   lot:06901234567892/L1   gtin:06901234567892   supplier:S1   report:R-1
 * with AGT_F_SCOPE, AGT_F_TARGET, AGT_F_REASON, AGT_F_TIME (UTC,
 * "YYYY-MM-DDTHH:MM:SSZ") and optionally AGT_F_ISSUER.  agt_put() checks
 * that a recall's target exists (a GTIN may have no lot yet) and that a
 * release lifts an active recall (else AGT_ENOTFOUND).  A recall is active
 * when no release of its ID came after it.  Holds take effect for every
 * reader whose transaction begins after the write commits.
 */

/**
 * A new recall (TYPE AGT_T_RECALL) or release (AGT_T_RELEASE) record for
 * SCOPE ("lot", "gtin", "supplier" or "report") and TARGET ("GTIN/LOT"
 * with a GTIN-8/12/13/14, a GTIN, a supplier id, a report number), with
 * REASON, ISSUER (may be NULL) and TIME (NULL: now).  The target is
 * normalised (GTIN-14).  Put it with agt_put(); free it with
 * agt_record_free().  Errors: AGT_EINVAL (bad type, scope, target, time or
 * missing reason; *WHY, may be NULL, gets static text), AGT_ENOMEM.
 */
AGT_EXTERN int agt_recall_new(agt_record **out, int type, const char *scope,
	const char *target, const char *reason, const char *issuer,
	const char *time, const char **why) AGT_WUR AGT_NONNULL(1, 3, 4);

/**
 * The active recall that holds lot LOTKEY ("GTIN/LOT"): a recall of the
 * lot itself, of its GTIN, of its supplier or of a report that covers it,
 * looked up in that order with one index get each.  *OUT (may be NULL to
 * only test) gets the recall record; free it with agt_record_free().
 * Errors: AGT_ENOTFOUND (no hold; the lot itself may be unknown, then
 * only the lot and GTIN scopes are checked), AGT_EINVAL (bad key),
 * AGT_EINTEGRITY, AGT_EIO.
 */
AGT_EXTERN int agt_hold_get(agt_record **out, agt_txn *txn, const char *lotkey)
	AGT_NONNULL(2, 3);

/**
 * 1 when recall REC (read from the register through TXN) is still active,
 * 0 when a later release lifted it or it is not the current revision,
 * else a negative error (AGT_EINVAL: not a recall).
 */
AGT_EXTERN int agt_recall_is_active(agt_txn *txn, const agt_record *rec)
	AGT_NONNULL(1, 2);

enum agt_trace_direction {
	AGT_TRACE_FORWARD = 1, /* where it went: shipments, sales points */
	AGT_TRACE_BACK = 2     /* where it came from: supplier, reports, holds */
};

/**
 * Called once per record of a trace with its DEPTH (0 for the lot or
 * report traced).  REC is valid during the call only; its ledger entry is
 * agt_record_seq() / agt_record_hash().  Return non-zero to stop
 * (AGT_ECANCELED).
 */
typedef int (*agt_trace_cb)(const agt_record *rec, int depth, void *payload);

/**
 * Trace lot KEY (TYPE AGT_T_LOT, "GTIN/LOT") or report KEY (AGT_T_REPORT).
 * Forward, a lot gives: the lot (0); per shipment in key order the
 * shipment (1) and its sales point (2).  A report gives the report (0)
 * and, per lot it covers, that lot's forward trace one level deeper.
 * Back, a lot gives: the lot (0); its supplier and category (1); each
 * report on it (1) followed by its agency (2); each active recall that
 * holds it (1).  A report gives the report (0), its agency (1) and per
 * lot it covers the lot (1) with its supplier and category (2).
 * Errors: AGT_ENOTFOUND (no such lot or report), AGT_EINVAL (bad
 * direction, type or key), AGT_ECANCELED, AGT_EINTEGRITY, AGT_EIO.
 */
AGT_EXTERN int agt_trace(agt_txn *txn, int direction, int type,
	const char *key, agt_trace_cb cb, void *payload) AGT_NONNULL(1, 4, 5);

/* Regulator exports (formats/fsma204.md, formats/epcis.md). */

enum agt_export_format {
	AGT_EXPORT_FSMA204 = 1,    /* FDA FSMA 204 sortable spreadsheet, CSV */
	AGT_EXPORT_EPCIS_XML = 2,  /* EPCIS 2.0 XML document */
	AGT_EXPORT_EPCIS_JSON = 3  /* EPCIS 2.0 JSON-LD document */
};

#define AGT_EXPORT_FILTER_VERSION 1

/** Which events to write; every member may be left 0/NULL (everything). */
typedef struct agt_export_filter {
	unsigned version;         /* AGT_EXPORT_FILTER_VERSION */
	const char *const *lots;  /* NLOTS lot keys "GTIN/LOT": only these lots */
	size_t nlots;
	const char *from, *to;    /* "YYYY-MM-DD": events dated in [FROM, TO] */
} agt_export_filter;

#define AGT_EXPORT_FILTER_INIT { AGT_EXPORT_FILTER_VERSION, NULL, 0, NULL, NULL }

/**
 * Write the register as seen by TXN in FORMAT through WRITE, streaming
 * (memory stays flat).  FILTER may be NULL.  Errors: AGT_EINVAL (bad
 * format, filter date or lot key; AGT_EVERSION for a filter of an
 * unknown version), AGT_ENOTFOUND (a lot of the filter is unknown),
 * AGT_EIO (WRITE failed), AGT_EINTEGRITY, AGT_ENOMEM.
 */
AGT_EXTERN int agt_export_regulator(agt_txn *txn, int format,
	const agt_export_filter *filter, agt_write_cb write, void *payload)
	AGT_WUR AGT_NONNULL(1, 4);

/**
 * What the EPCIS document at PATH is: AGT_EXPORT_EPCIS_XML,
 * AGT_EXPORT_EPCIS_JSON, or 0 when it is no EPCIS document (a batch file,
 * say), from its first 4 KiB (gone from a pipe or FIFO); a negative error
 * when it cannot be opened (AGT_ENOTFOUND: missing, no permission, a
 * directory) or read (AGT_EIO); agt_errmsg(NULL) says which.
 */
AGT_EXTERN int agt_epcis_detect(const char *path) AGT_NONNULL(1);

/** Counts of an EPCIS import. */
typedef struct agt_epcis_stats {
	uint64_t events;     /* events read */
	uint64_t skipped;    /* events outside the model, not errors */
	uint64_t outcome[4]; /* records put, by AGT_PUT_NEW/REVISED/UNCHANGED */
} agt_epcis_stats;

/** Called with a line of text for each skipped event. */
typedef void (*agt_message_cb)(const char *msg, void *payload);

/**
 * Import the EPCIS 2.0 document PATH (XML or JSON-LD) into write
 * transaction TXN (formats/epcis.md): events carrying the agtrace
 * extension become their record, shipping/receiving events of a known lot
 * at a known sales point become shipments, every other event is skipped
 * and SKIPPED (may be NULL) says why ("FILE: event N (TYPE STEP):
 * skipped: reason").  PATH is opened once and read whole, 256 MiB at
 * most: a pipe or a FIFO serves as well as a regular file.  The caller
 * commits or aborts TXN: on any error keep nothing.  *STATS may be NULL.
 * Errors: AGT_EFORMAT (not well-formed, not an EPCIS document, a
 * malformed agtrace record, over 256 MiB), AGT_EINVAL and AGT_ENOTFOUND
 * (a record agt_put() refuses; a file that is missing or cannot be
 * opened), AGT_EEXISTS, AGT_EIO (a failed read), AGT_ENOMEM; agt_errmsg()
 * names the file and the event.
 */
AGT_EXTERN int agt_epcis_import(agt_txn *txn, const char *path,
	agt_epcis_stats *stats, agt_message_cb skipped, void *payload)
	AGT_WUR AGT_NONNULL(1, 2);

/* ------------------------------------------------------------------ */
/* Replicas: Merkle tree, checkpoints, proofs (issue 8)               */
/* ------------------------------------------------------------------ */

/*
 * The ledger is also an RFC 6962 / RFC 9162 Merkle tree: leaf i (from 0)
 * is ledger entry seq i+1, and its leaf input ("entry") is
 *   seq (8 bytes big-endian) || type (1 byte) || record bytes
 * (formats/replica.md).  The functions up to agt_checkpoint_verify() need
 * no register: a sales point checks proofs and checkpoints offline.
 */

/** Hashes in the longest inclusion or consistency proof of any tree. */
#define AGT_MERKLE_MAX_PROOF 128

/** Leaf hash SHA-256(0x00 || ENTRY). */
AGT_EXTERN void agt_merkle_leaf_hash(unsigned char out[AGT_HASH_LEN],
	const void *entry, size_t len) AGT_NONNULL(1);

/** Interior node hash SHA-256(0x01 || LEFT || RIGHT). */
AGT_EXTERN void agt_merkle_node_hash(unsigned char out[AGT_HASH_LEN],
	const unsigned char left[AGT_HASH_LEN],
	const unsigned char right[AGT_HASH_LEN]) AGT_NONNULL(1, 2, 3);

/**
 * A source of tree hashes: the hash of the complete subtree at LEVEL
 * (0 = leaves) and INDEX, i.e. of leaves [INDEX << LEVEL, (INDEX+1) << LEVEL).
 * Return AGT_OK, or an error that the caller of the proof function gets.
 */
typedef int (*agt_merkle_source)(unsigned char out[AGT_HASH_LEN],
	unsigned level, uint64_t index, void *payload);

/**
 * The root (tree head) of the first SIZE leaves; SHA-256("") for 0.
 * Errors: whatever SRC returns.
 */
AGT_EXTERN int agt_merkle_root(unsigned char out[AGT_HASH_LEN], uint64_t size,
	agt_merkle_source src, void *payload) AGT_NONNULL(1, 3);

/**
 * The inclusion proof of leaf INDEX in the tree of SIZE leaves (RFC 9162
 * 2.1.3.1): *N hashes (at most AGT_MERKLE_MAX_PROOF) into OUT.
 * Errors: AGT_EINVAL (INDEX >= SIZE), whatever SRC returns.
 */
AGT_EXTERN int agt_merkle_inclusion(unsigned char out[][AGT_HASH_LEN],
	size_t *n, uint64_t index, uint64_t size, agt_merkle_source src,
	void *payload) AGT_NONNULL(1, 2, 5);

/**
 * The consistency proof between trees of SIZE1 <= SIZE2 leaves (RFC 9162
 * 2.1.4.1); empty when SIZE1 is 0 or SIZE1 == SIZE2.
 * Errors: AGT_EINVAL (SIZE1 > SIZE2), whatever SRC returns.
 */
AGT_EXTERN int agt_merkle_consistency(unsigned char out[][AGT_HASH_LEN],
	size_t *n, uint64_t size1, uint64_t size2, agt_merkle_source src,
	void *payload) AGT_NONNULL(1, 2, 5);

/**
 * Check that LEAF (a leaf hash) is leaf INDEX of the tree of SIZE leaves
 * with ROOT, given N proof hashes.  AGT_OK, AGT_EINTEGRITY (it is not),
 * AGT_EINVAL (INDEX >= SIZE).
 */
AGT_EXTERN int agt_merkle_verify_inclusion(const unsigned char leaf[AGT_HASH_LEN],
	uint64_t index, uint64_t size, const unsigned char proof[][AGT_HASH_LEN],
	size_t n, const unsigned char root[AGT_HASH_LEN]) AGT_NONNULL(1, 6);

/**
 * Check that the tree of SIZE2 leaves with ROOT2 extends the tree of SIZE1
 * leaves with ROOT1.  AGT_OK, AGT_EINTEGRITY (it does not: a fork or a
 * rewrite), AGT_EINVAL (SIZE1 > SIZE2: a rollback).
 */
AGT_EXTERN int agt_merkle_verify_consistency(uint64_t size1,
	const unsigned char root1[AGT_HASH_LEN], uint64_t size2,
	const unsigned char root2[AGT_HASH_LEN],
	const unsigned char proof[][AGT_HASH_LEN], size_t n) AGT_NONNULL(2, 4);

/** Longest checkpoint origin (the log's name, e.g. "register.example/agtrace"). */
#define AGT_ORIGIN_MAX 255

/** A tree head: what a checkpoint says. */
typedef struct agt_checkpoint {
	char origin[AGT_ORIGIN_MAX + 1]; /* NUL-terminated */
	uint64_t size;                   /* leaves = ledger entries */
	unsigned char root[AGT_HASH_LEN];
} agt_checkpoint;

/**
 * CP as a C2SP tlog-checkpoint signed note, signed with the Ed25519 key
 * whose 32-byte private seed is SEED under the key name CP->origin; with
 * SEED NULL, the unsigned body only.  NUL-terminated text the caller
 * frees with agt_free().  Errors: AGT_EINVAL (origin empty, too long, or
 * with space or '+'), AGT_ESIGNATURE, AGT_ENOMEM.
 */
AGT_EXTERN int agt_checkpoint_sign(char **out, const agt_checkpoint *cp,
	const unsigned char seed[32]) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Parse the checkpoint note of LEN bytes into *OUT and, when PUB is not
 * NULL, check that it carries a valid Ed25519 signature by the key PUB
 * named after its origin (other signatures are ignored).  Errors:
 * AGT_EFORMAT (not a checkpoint), AGT_ESIGNATURE (unsigned, no signature
 * by PUB, or a bad one).  *OUT is filled even on AGT_ESIGNATURE.
 */
AGT_EXTERN int agt_checkpoint_verify(agt_checkpoint *out, const char *note,
	size_t len, const unsigned char pub[32]) AGT_WUR AGT_NONNULL(1, 2);

/**
 * Read an Ed25519 key file at PATH: the 32-byte private seed when PRIVATE
 * is non-zero, else the public key (a private key file gives its public
 * key too).  A key file is PEM (PKCS#8 or SubjectPublicKeyInfo, as
 * `openssl genpkey -algorithm ed25519` writes) or one line of base64 of
 * the raw 32 bytes.  Errors: AGT_ENOTFOUND (missing or cannot be opened),
 * AGT_EIO (a read failed), AGT_EFORMAT; agt_errmsg(NULL) says which.
 */
AGT_EXTERN int agt_replica_key_load(unsigned char out[32], const char *path,
	int private_key) AGT_WUR AGT_NONNULL(1, 2);

/*
 * The register's tree.  Each put that appends a ledger entry also adds its
 * leaf and the subtrees it completes to the tree, in the same transaction.
 */

/**
 * An agt_merkle_source over the register's tree, PAYLOAD being an
 * agt_txn *: pass agt_tree_node and a transaction to agt_merkle_root(),
 * agt_merkle_inclusion() or agt_merkle_consistency().  Errors:
 * AGT_ENOTFOUND (no such node), AGT_EINTEGRITY, AGT_EIO.
 */
AGT_EXTERN int agt_tree_node(unsigned char out[AGT_HASH_LEN], unsigned level,
	uint64_t index, void *txn) AGT_NONNULL(1, 4);

/** The tree head as TXN sees it: *SIZE ledger entries and their ROOT. */
AGT_EXTERN int agt_tree_head(agt_txn *txn, uint64_t *size,
	unsigned char root[AGT_HASH_LEN]) AGT_NONNULL(1, 2, 3);

/**
 * Publish the register as C2SP tlog-tiles in directory DIR (made if
 * missing): hash tiles tile/L/N[.p/W], entry bundles tile/entries/N[.p/W]
 * and, last, DIR/checkpoint holding CHECKPOINT (LEN bytes: a note that
 * agt_checkpoint_sign() made for this register; its root is checked).
 * Files that exist are kept, so a second publish writes only what
 * changed; *WRITTEN (may be NULL) counts the files written.  Errors:
 * AGT_EFORMAT (not a checkpoint), AGT_EINTEGRITY (another tree),
 * AGT_EINVAL (DIR holds another log or a larger one; an entry over 65535
 * bytes), AGT_EIO.
 */
AGT_EXTERN int agt_publish(agt_db *db, const char *dir, const char *checkpoint,
	size_t len, uint64_t *written) AGT_WUR AGT_NONNULL(1, 2, 3);

/** What agt_mirror() did. */
typedef struct agt_mirror_info {
	uint64_t old_size; /* entries before */
	uint64_t new_size; /* entries of the published checkpoint */
	uint64_t entries;  /* entries applied */
	uint64_t bytes;    /* bytes fetched */
	uint64_t files;    /* files fetched */
} agt_mirror_info;

/**
 * Bring the replica DB (opened read-write; a new empty register is fine)
 * up to the checkpoint published at URL (http://, https://, file:// or a
 * directory): check its signature by PUB, its consistency with the
 * replica's previous checkpoint, fetch only the new entry bundles, apply
 * them as ledger entries with their indexes and check that the replica's
 * tree then has the checkpoint's root, all in one write transaction.  On
 * any error the replica is left as it was.  Errors: AGT_ESIGNATURE,
 * AGT_EFORMAT, AGT_EINTEGRITY (rollback, fork, other origin, tampered
 * tiles or bundles), AGT_ENOTFOUND (a file missing), AGT_EIO,
 * AGT_EUNSUPPORTED (a URL without libcurl), AGT_EBUSY.
 */
AGT_EXTERN int agt_mirror(agt_db *db, const char *url,
	const unsigned char pub[32], agt_mirror_info *info)
	AGT_WUR AGT_NONNULL(1, 2, 3);

/**
 * The checkpoint note a replica last mirrored, NUL-terminated, freed with
 * agt_free().  AGT_ENOTFOUND when DB is not a replica.
 */
AGT_EXTERN int agt_replica_checkpoint(char **out, agt_txn *txn)
	AGT_WUR AGT_NONNULL(1, 2);

typedef struct agt_proof agt_proof;

/**
 * A proof bundle (JSON, formats/replica.md) for lot LOTKEY ("GTIN/LOT"):
 * the ledger entries of the lot, its supplier, its category, its reports,
 * their agencies and the active recall holding the lot if any (current
 * revisions), each with its inclusion proof
 * in the tree of the signed CHECKPOINT (LEN bytes), which goes in too.
 * NUL-terminated, freed with agt_free().  Errors: AGT_ENOTFOUND (no such
 * lot), AGT_EINTEGRITY (CHECKPOINT is not of this register),
 * AGT_EINVAL (a record newer than CHECKPOINT).
 */
AGT_EXTERN int agt_proof_create(char **out, agt_txn *txn, const char *lotkey,
	const char *checkpoint, size_t len) AGT_WUR AGT_NONNULL(1, 2, 3, 4);

/**
 * Verify a proof bundle with no register: the checkpoint's signature by
 * PUB (NULL: not checked) and every entry's inclusion proof.  On success
 * *OUT holds the verified records; free with agt_proof_free().  Errors:
 * AGT_EFORMAT, AGT_ESIGNATURE, AGT_EINTEGRITY (agt_errmsg(NULL) names the
 * entry).
 */
AGT_EXTERN int agt_proof_verify(agt_proof **out, const char *bundle,
	size_t len, const unsigned char pub[32]) AGT_WUR AGT_NONNULL(1, 2);

/** The bundle's checkpoint.  Owned by P. */
AGT_EXTERN const agt_checkpoint *agt_proof_checkpoint(const agt_proof *p)
	AGT_NONNULL(1);

/** How many records P holds. */
AGT_EXTERN size_t agt_proof_count(const agt_proof *p) AGT_NONNULL(1);

/** Record I of P (NULL past the end) and its ledger SEQ.  Owned by P. */
AGT_EXTERN const agt_record *agt_proof_record(const agt_proof *p, size_t i,
	uint64_t *seq) AGT_NONNULL(1);

AGT_EXTERN void agt_proof_free(agt_proof *p);

#ifdef __cplusplus
}
#endif

#endif /* AGTRACE_H */
