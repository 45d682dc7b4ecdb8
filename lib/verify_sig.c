/*
 * verify_sig.c - the signature check agt_verify() runs on every current
 * report when asked to (AGT_VERIFY_SIGNATURES).  The signature module
 * replaces this placeholder, which accepts every report.
 */
#include "db_private.h"

int
agti_verify_report_signature(agt_txn *t, const agt_record *report)
{
	(void)t;
	(void)report;
	return AGT_OK;
}
