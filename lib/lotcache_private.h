/* lotcache_private.h - a handle's cache of whole lots, for lookups (lotcache.c). */
#ifndef AGT_LOTCACHE_PRIVATE_H
#define AGT_LOTCACHE_PRIVATE_H

#include "lookup_private.h"

struct agti_lotcache;

int agti_lotcache_new(struct agti_lotcache **out);
void agti_lotcache_free(struct agti_lotcache *c);

/*
 * In a read transaction: 1 if lot key LK (LEN bytes) is kept for T's
 * snapshot, its lot, supplier, category and reports with their agencies
 * now referenced by P (which must hold none); 0 if not, with *KEEP set
 * when this is the lot's second lookup (put it then); AGT_ENOMEM.
 */
int agti_lotcache_get(agt_txn *t, const char *lk, size_t len,
	agt_provenance *p, int *keep);

/*
 * In a read transaction: keep P's records, as a lookup of LK read them
 * in T's snapshot (unless another thread was first).  Freezes them.
 */
void agti_lotcache_put(agt_txn *t, const char *lk, size_t len,
	const agt_provenance *p);

#endif
