/*
 * lookup_private.h - the provenance a lookup assembles, shared by the
 * lookup's sources (lookup.c, lookup_warn.c, lookup_json.c, lookup_holds.c).
 */
#ifndef AGT_LOOKUP_PRIVATE_H
#define AGT_LOOKUP_PRIVATE_H

#include "db_private.h"
#include "gs1_private.h"

#define AGTI_NWARN 8 /* AGT_WARN_* bits */

struct agti_rep {
	agt_record *report;
	agt_record *agency;  /* owned when own_agency */
	int own_agency;
	int current;
	int sig;             /* AGT_SIG_* */
};

struct agt_provenance {
	agt_gs1 *code;
	agt_record *lot, *supplier, *category;
	struct agti_rep *rep;
	size_t nrep;
	char **lots;         /* lot keys "GTIN/LOT", newest first: */
	char *one[1];        /* or the lot's own key, for a code naming a lot */
	size_t nlots;
	unsigned warnings;
	char today[11];
	/* Why each warning applies: detail[i] is written with bit i of
	 * warnings, and left unset (uninitialised) without it.  Last. */
	char detail[AGTI_NWARN][112];
};

/* Set WARNING on P, with a detail for people. */
void agti_warn(agt_provenance *p, unsigned warning, const char *fmt, ...)
	AGTI_PRINTF(3, 4);

/* Supersession, signatures, expiry, label against register: set P's warnings. */
int agti_lookup_warnings(agt_txn *t, agt_provenance *p, unsigned flags);

/*
 * Recall holds on P's lot, GTIN, supplier or reports: the recalls module
 * sets AGT_WARN_HELD here (lib/lookup_holds.c).  Runs inside the lookup's
 * read transaction.
 */
int agti_lookup_holds(agt_txn *t, agt_provenance *p);

#endif
