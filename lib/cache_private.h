/* cache_private.h - a handle's cache of master-data entries (cache.c). */
#ifndef AGT_CACHE_PRIVATE_H
#define AGT_CACHE_PRIVATE_H

#include "store_private.h"

struct agti_cache;

int agti_cache_new(struct agti_cache **out);
void agti_cache_free(struct agti_cache *c);

/* Ledger entry SEQ, a record of TYPE, read and checked; never cached. */
int agti_entry_read(agt_txn *t, uint64_t seq, int type, agt_record **out);

/*
 * The current record of TYPE with key ID (LEN bytes), as
 * agti_read_current(), its hash checked when it was read from the
 * register.  The record may be shared: read it only, and
 * agt_record_free() it.  Read transactions use the handle's cache; write
 * transactions read the register.
 */
int agti_cache_current(agt_txn *t, int type, const char *id, size_t len,
	agt_record **out);

/* How many entries database IDX holds in T's snapshot (0 if absent). */
int agti_cache_entries(agt_txn *t, int idx, uint64_t *n);

#endif
