/*
 * lookup_holds.c - the recall holds a lookup must honour (recall module):
 * an active recall of the lot, its GTIN, its supplier or one of its
 * reports sets AGT_WARN_HELD, which makes the POS status do-not-sell.
 * Runs inside the lookup's read transaction, so a hold is seen by every
 * lookup that begins after the recall's write committed.
 */
#include "lookup_private.h"

int
agti_lookup_holds(agt_txn *t, agt_provenance *p)
{
	agt_record *h = NULL;
	const char *key;
	int rc;

	if (p->lot == NULL || (key = agt_record_key(p->lot)) == NULL)
		return AGT_OK;
	if ((rc = agt_hold_get(&h, t, key)) == AGT_ENOTFOUND)
		return AGT_OK;
	if (rc != AGT_OK)
		return rc;
	agti_warn(p, AGT_WARN_HELD, "%s since %s: %s", agt_record_key(h),
	    agt_record_get(h, AGT_F_TIME), agt_record_get(h, AGT_F_REASON));
	agt_record_free(h);
	return AGT_OK;
}
