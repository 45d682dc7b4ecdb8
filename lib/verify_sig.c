/*
 * verify_sig.c - the signature check agt_verify() runs on every current
 * report when asked to (AGT_VERIFY_SIGNATURES): the report against the
 * current public key of its agency.  Unsigned reports pass (import shows
 * them as unsigned); a signed report of an agency without a key fails.
 */
#include "db_private.h"

#include <string.h>

int
agti_verify_report_signature(agt_txn *t, const agt_record *report)
{
	const char *agency = agt_record_get(report, AGT_F_AGENCY);
	const char *number = agt_record_get(report, AGT_F_ID);
	const char *pub;
	agt_record *a;
	size_t len;
	int rc;

	if (agt_record_count(report, AGT_F_SIGNATURE) == 0)
		return AGT_OK;
	if (agency == NULL ||
	    (rc = agt_get(&a, t, AGT_T_AGENCY, agency)) != AGT_OK)
		return agti_error(agt_txn_db(t), AGT_ESIGNATURE,
		    "report %s: unknown agency %s", number ? number : "?",
		    agency ? agency : "?");
	pub = agt_record_get_nth(a, AGT_F_PUBKEY, 0, &len);
	if (pub == NULL || len != AGT_PUBKEY_LEN)
		rc = agti_error(agt_txn_db(t), AGT_ESIGNATURE, "report %s: "
		    "signed, but agency %s has no public key", number, agency);
	else if ((rc = agt_report_verify(report,
	    (const unsigned char *)pub)) != AGT_OK)
		rc = agti_error(agt_txn_db(t), AGT_ESIGNATURE, "report %s: "
		    "signature does not verify with the key of agency %s",
		    number, agency);
	agt_record_free(a);
	return rc;
}
