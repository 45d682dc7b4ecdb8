/*
 * db_private.h - the register's LMDB environment, its named databases and
 * transactions, shared by the modules that read or write the register.
 */
#ifndef AGT_DB_PRIVATE_H
#define AGT_DB_PRIVATE_H

#include "record_private.h"

#include <lmdb.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

/* Read transactions a handle keeps reset for reuse (txn.c). */
#define AGTI_TXN_POOL 8

/*
 * The named databases.  To add one: a row here and in db.c's table; it is
 * created when a register is created or next opened read-write.
 */
enum agti_dbi {
	AGTI_DB_META,            /* "format" -> u32 BE, "head" -> seq BE + hash */
	AGTI_DB_LEDGER,          /* seq u64 BE -> type | prev | hash | record */
	AGTI_DB_MERKLE,          /* level | index u64 BE -> hash (tree.c) */
	AGTI_DB_CATEGORY,        /* primary indexes: key -> seq u64 BE */
	AGTI_DB_SUPPLIER,
	AGTI_DB_AGENCY,
	AGTI_DB_SALESPOINT,
	AGTI_DB_LOT,             /* GTIN-14 + lot code */
	AGTI_DB_REPORT,
	AGTI_DB_SHIPMENT,        /* "GTIN/LOT/SALESPOINT/SHIPPED" */
	AGTI_DB_RECALL,          /* "SCOPE:TARGET" (recall module: the holds) */
	AGTI_DB_RELEASE,         /* "SCOPE:TARGET" */
	AGTI_DB_LOT_BY_SUPPLIER, /* dupsort supplier -> lot key */
	AGTI_DB_ALIAS,           /* alias -> lot key */
	AGTI_DB_LOT_REPORTS,     /* dupsort lot key -> report number */
	AGTI_DB_LOT_SHIPMENTS,   /* dupsort lot key -> shipment key */
	AGTI_DB_SP_SHIPMENTS,    /* dupsort sales point -> shipment key */
	AGTI_DB_AGENCY_REPORTS,  /* dupsort agency -> report number */
	AGTI_DB_LOT_VIEW,        /* lot key -> lot seq, its reports' seqs */
	AGTI_DB_COUNT
};

/* Tests only: a map size to use instead of the large default (0: none). */
extern size_t agti_test_mapsize;

/* The register format this library writes and reads (meta "format"). */
#define AGTI_FORMAT_VERSION 2
/* Format 2 added the lookup index (AGTI_DB_LOT_VIEW, lotview.c). */

struct agt_db {
	MDB_env *env;
	MDB_dbi dbi[AGTI_DB_COUNT];
	unsigned char have[AGTI_DB_COUNT]; /* 0: absent in a read-only open */
	char *path;
	unsigned flags;
	unsigned format;       /* the register's format (meta "format") */
	struct agti_cache *cache; /* decoded entries, for lookups (cache.c) */
	struct agti_lotcache *lotcache; /* whole lots, for lookups (lotcache.c) */
	pthread_mutex_t pool_mu;  /* read transactions kept for reuse: */
	agt_txn *pool[AGTI_TXN_POOL];
	size_t npool;
};

struct agt_txn {
	agt_db *db;
	MDB_txn *txn;
	int rdonly;
	int failed;            /* a write failed half-way: commit must not */
	int head_loaded, head_dirty;
	/*
	 * A read transaction's cursor on the ledger (ledger.c), kept with the
	 * pooled transaction: entries read in ascending order, as a lot and
	 * its reports are, cost a step or a search in the page already at
	 * hand rather than a descent from the root.  Valid when ledger_live;
	 * at entry ledger_at when ledger_at is not 0.
	 */
	MDB_cursor *ledger;
	int ledger_live;
	uint64_t ledger_at;
	uint64_t head_seq;
	unsigned char head_hash[AGT_HASH_LEN];
	struct agti_enc enc;   /* encoding scratch, reused by every put */
	struct agti_buf buf;   /* the record being put */
	/*
	 * Merkle appends (tree.c): the roots of the complete subtrees of the
	 * first frontier_n leaves, level L for each bit L of frontier_n, so an
	 * append reads no node back.  Valid when frontier_ok.
	 */
	unsigned char frontier[64][AGT_HASH_LEN];
	uint64_t frontier_n;
	int frontier_ok;
	/*
	 * Records known to exist in this write transaction (store.c), by
	 * primary index and key: a batch names the same few suppliers,
	 * categories and agencies over and over, and each report the lot
	 * put just before it.  Keys are never deleted, so entries stay true.
	 */
	struct agti_known {
		int idx;
		unsigned char klen;
		char key[47];
	} known[64];
};

/* Abort the read transactions DB keeps for reuse (before closing it). */
void agti_txn_pool_free(agt_db *db);

/* Initialise libgcrypt once per process, thread-safely. */
void agti_crypto_init(void);

/* Translate an LMDB (or errno) code into an AGT_E code with a message. */
int agti_mdb_error(const agt_db *db, int rc, const char *what);

/* 1 when the register's disk is (nearly) full or its file size limit hit. */
int agti_disk_full(const agt_db *db);

/* A failed write leaves the txn unusable: remember RC, return it. */
int agti_txn_fail(agt_txn *t, int rc);

/* The dbi of IDX, or -1 (no error message) when it is absent. */
int agti_dbi(agt_txn *t, int idx, MDB_dbi *out);

/* The primary index of record TYPE, or -1 if it has none. */
int agti_type_index(int type);

/* Get KEY from IDX: AGT_OK, AGT_ENOTFOUND (no message) or an error. */
int agti_get(agt_txn *t, int idx, const void *key, size_t klen, MDB_val *val);
/* Seq stored in a primary index. */
int agti_get_seq(agt_txn *t, int idx, const void *key, size_t klen,
	uint64_t *seq);

/* V as 8 big-endian bytes (keys sort as numbers); and back.  Inline: a
 * lookup converts a few dozen. */
static inline void
agti_be64(unsigned char out[8], uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		out[i] = (unsigned char)v;
}

static inline uint64_t
agti_get_be64(const unsigned char in[8])
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | in[i];
	return v;
}

/* Ledger (ledger.c). */
#define AGTI_ENTRY_HDR (1 + 2 * AGT_HASH_LEN)
int agti_ledger_load_head(agt_txn *t);
int agti_ledger_append(agt_txn *t, int type, const unsigned char *rec,
	size_t len, uint64_t *seq);
/* The Merkle tree over the ledger (tree.c): add entry SEQ's leaf. */
int agti_tree_append(agt_txn *t, uint64_t seq, int type,
	const unsigned char *rec, size_t len);
/* Check every stored tree hash against the ledger; *BAD_SEQ names one. */
int agti_tree_verify(agt_txn *t, uint64_t *bad_seq);
/* Give a register written before it had a tree the leaves it lacks. */
int agti_tree_upgrade(agt_db *db);
/* The raw entry SEQ, its hash checked (AGT_EINTEGRITY naming SEQ). */
int agti_ledger_entry(agt_txn *t, uint64_t seq, MDB_val *val);
/* Check entry VAL as entry SEQ: its stored hash matches its content. */
int agti_entry_check(agt_txn *t, uint64_t seq, const MDB_val *val);
/* Decode entry VAL of SEQ into a record with seq, hash and prev set. */
int agti_entry_decode(agt_txn *t, uint64_t seq, const MDB_val *val,
	agt_record **out);
void agti_chain_hash(unsigned char out[AGT_HASH_LEN],
	const unsigned char prev[AGT_HASH_LEN], uint64_t seq, int type,
	const void *rec, size_t len);

/* Verify hook: a report's signature against its agency's key (verify.c
 * calls it for AGT_VERIFY_SIGNATURES; the signature module implements it
 * in lib/verify_sig.c).  AGT_OK or AGT_ESIGNATURE with a message. */
int agti_verify_report_signature(agt_txn *t, const agt_record *report);

/*
 * A zeroed TYPE whose pthread_mutex_t member MU is initialised, in *OUT
 * (a handle's caches); AGT_OK, or AGT_ENOMEM with *OUT NULL.
 */
#define AGTI_NEW_LOCKED(out, type, mu) \
	((*(out) = agti_new_locked(sizeof(type), offsetof(type, mu))) != NULL ? \
	    AGT_OK : AGT_ENOMEM)

static inline void *
agti_new_locked(size_t size, size_t mu_offset)
{
	char *p = calloc(1, size);

	if (p != NULL && pthread_mutex_init((pthread_mutex_t *)(void *)
	    (p + mu_offset), NULL) != 0) {
		free(p);
		p = NULL;
	}
	return p;
}

#endif
