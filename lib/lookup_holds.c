/*
 * lookup_holds.c - the recall holds a lookup must honour.  Placeholder:
 * the recalls module (issue 7) replaces this file; a hold it finds sets
 *	agti_warn(p, AGT_WARN_HELD, "held: %s", reason);
 * which makes agt_provenance_status() AGT_POS_DO_NOT_SELL.
 */
#include "lookup_private.h"

int
agti_lookup_holds(agt_txn *t, agt_provenance *p)
{
	(void)t;
	(void)p;
	return AGT_OK;
}
