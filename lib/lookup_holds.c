/*
 * lookup_holds.c - the recall holds a lookup must honour (recall module):
 * an active recall of the lot, its GTIN, its supplier or one of its
 * reports sets AGT_WARN_HELD, which makes the POS status do-not-sell.
 * Runs inside the lookup's read transaction, so a hold is seen by every
 * lookup that begins after the recall's write committed.
 *
 * The lookup has read the lot, supplier and reports already: a scope
 * with no recall costs one index get (no record read, no message), and a
 * register with no recall at all none.
 */
#include "lookup_private.h"
#include "recall_private.h"
#include "cache_private.h"

#include <string.h>

/* 1 when "SCOPE:TARGET" is an active recall (P warned), 0, or an error. */
static int
held(agt_txn *t, agt_provenance *p, const char *scope, const char *target)
{
	char id[AGTI_KEY_MAX + 16];
	size_t sl = strlen(scope), tl = target ? strlen(target) : 0;
	agt_record *h = NULL;
	uint64_t seq;
	int rc;

	if (target == NULL || sl + 1 + tl >= sizeof id)
		return 0;
	memcpy(id, scope, sl);
	id[sl] = ':';
	memcpy(id + sl + 1, target, tl + 1);
	rc = agti_get_seq(t, agti_type_index(AGT_T_RECALL), id, sl + 1 + tl, &seq);
	if (rc == AGT_ENOTFOUND)
		return 0;
	if (rc != AGT_OK || (rc = agti_recall_active(t, id, &h)) != 1)
		return rc;
	agti_warn(p, AGT_WARN_HELD, "%s since %s: %s", agt_record_key(h),
	    agt_record_get(h, AGT_F_TIME), agt_record_get(h, AGT_F_REASON));
	agt_record_free(h);
	return 1;
}

/* A register without any recall (the usual case) needs no hold lookups. */
static int
no_recalls(agt_txn *t)
{
	uint64_t n;

	return agti_cache_entries(t, agti_type_index(AGT_T_RECALL), &n) ==
	    AGT_OK && n == 0;
}

int
agti_lookup_holds(agt_txn *t, agt_provenance *p)
{
	char gtin[15];
	const char *key;
	size_t i;
	int rc;

	if (p->lot == NULL || (key = agt_record_key(p->lot)) == NULL ||
	    no_recalls(t))
		return AGT_OK;
	memcpy(gtin, key, 14);
	gtin[14] = '\0';
	if ((rc = held(t, p, "lot", key)) != 0 ||
	    (rc = held(t, p, "gtin", gtin)) != 0 ||
	    (rc = held(t, p, "supplier", agt_record_get(p->lot, AGT_F_SUPPLIER))) != 0)
		return rc < 0 ? rc : AGT_OK;
	for (i = 0; i < p->nrep; i++)
		if ((rc = held(t, p, "report", agt_record_get(p->rep[i].report,
		    AGT_F_ID))) != 0)
			return rc < 0 ? rc : AGT_OK;
	return AGT_OK;
}
