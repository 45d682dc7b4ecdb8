/* store_private.h - secondary index entries of records (store, verify). */
#ifndef AGT_STORE_PRIVATE_H
#define AGT_STORE_PRIVATE_H

#include "db_private.h"

/*
 * One secondary index entry a current record implies: KEY -> VAL in the
 * named database IDX (dupsort, or the alias index).
 */
struct agti_sec {
	int idx;
	const void *key;
	size_t klen;
	const void *val;
	size_t vlen;
};

typedef int (*agti_sec_cb)(agt_txn *t, const struct agti_sec *e, void *arg);

/*
 * Call CB for every secondary entry of REC (index key IKEY of IKLEN bytes);
 * stops at and returns the first non-zero result.
 */
int agti_secondary_each(agt_txn *t, const agt_record *rec, const char *ikey,
	size_t iklen, agti_sec_cb cb, void *arg);

/* Format an index key of TYPE for people ("GTIN/LOT" for lots) into BUF. */
const char *agti_key_text(int type, const void *key, size_t klen,
	char *buf, size_t size);

/* AGT_ENOTFOUND, saying that no TYPE has index key IKEY. */
int agti_not_found(agt_txn *t, int type, const char *ikey, size_t iklen);

/*
 * agt_put() of REC, without agt_record_validate() when VALIDATED says REC
 * passed it and has not changed since (an import's reading thread
 * validates the records it builds, which takes the work off the storing
 * thread, the one that bounds an import).
 */
int agti_put(agt_txn *t, const agt_record *rec, int validated, int *outcome);

/* The current record of TYPE with index key IKEY, hash checked. */
int agti_read_current(agt_txn *t, int type, const char *ikey, size_t iklen,
	agt_record **out);

#endif
