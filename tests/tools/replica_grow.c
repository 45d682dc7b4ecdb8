/*
 * replica_grow - add lots with one inspection report each to a register
 * (made with the sample records when DIR does not exist), for the replica
 * tests and benchmarks before a batch import exists.
 *
 *	replica_grow DIR N PREFIX [QUANTITY]
 *
 * Lots are 00950110153007/PREFIX<i>, reports R-PREFIX-<i>; QUANTITY
 * (default 100) lets two registers grow the same lots with other content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "sample.h"

#define GTIN "00950110153007"

static int
put(agt_txn *t, agt_record *r)
{
	int rc = r != NULL ? agt_put(t, r, NULL) : AGT_ENOMEM;

	if (rc != AGT_OK)
		fprintf(stderr, "replica_grow: %s\n", agt_errmsg(agt_txn_db(t)));
	agt_record_free(r);
	return rc;
}

static agt_record *
report(const char *id, const char *lot)
{
	agt_record *r = sample_record(AGT_T_REPORT, AGT_F_ID, id,
	    AGT_F_AGENCY, "A01", AGT_F_SAMPLED, "2024-09-02",
	    AGT_F_ISSUED, "2024-09-05", AGT_F_VERDICT, "pass", 0);
	agt_record *ref = sample_record(AGT_T_LOTREF, AGT_F_GTIN, GTIN,
	    AGT_F_LOT, lot, 0);
	agt_record *item = sample_record(AGT_T_ITEM, AGT_F_ANALYTE, "lead (Pb)",
	    AGT_F_METHOD, "GB 5009.12-2017", AGT_F_VALUE, "0.01",
	    AGT_F_UNIT, "mg/kg", AGT_F_VERDICT, "pass", 0);
	int bad = r == NULL || ref == NULL || item == NULL ||
	    agt_record_add_child(r, AGT_F_LOTREF, ref) != AGT_OK ||
	    agt_record_add_child(r, AGT_F_ITEM, item) != AGT_OK;

	agt_record_free(ref);
	agt_record_free(item);
	if (bad) {
		agt_record_free(r);
		return NULL;
	}
	return r;
}

static int
grow(agt_txn *t, unsigned long n, const char *prefix, const char *qty)
{
	char code[64], id[80];
	unsigned long i;
	int rc;

	for (i = 0; i < n; i++) {
		snprintf(code, sizeof code, "%s%lu", prefix, i);
		snprintf(id, sizeof id, "R-%s-%lu", prefix, i);
		if ((rc = put(t, sample_record(AGT_T_LOT, AGT_F_GTIN, GTIN,
		    AGT_F_LOT, code, AGT_F_SUPPLIER, "S002", AGT_F_CATEGORY,
		    "FB01", AGT_F_PRODUCT, "Acacia honey", AGT_F_ORIGIN_COUNTRY,
		    "156", AGT_F_PACKED, "2024-08-20", AGT_F_QUANTITY, qty,
		    AGT_F_UNIT, "kg", 0))) != AGT_OK ||
		    (rc = put(t, report(id, code))) != AGT_OK)
			return rc;
	}
	return AGT_OK;
}

int
main(int argc, char **argv)
{
	struct stat st;
	agt_db *db;
	agt_txn *t;
	int rc, fresh;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: replica_grow DIR N PREFIX [QUANTITY]\n");
		return 64;
	}
	fresh = stat(argv[1], &st) != 0;
	rc = fresh ? agt_db_create(&db, argv[1]) : agt_db_open(&db, argv[1], 0);
	if (rc != AGT_OK) {
		fprintf(stderr, "replica_grow: %s: %s\n", argv[1],
		    agt_strerror(rc));
		return 1;
	}
	if ((rc = agt_txn_begin(&t, db, 0)) == AGT_OK) {
		if ((!fresh || (rc = sample_fill(t, 0)) == AGT_OK) &&
		    (rc = grow(t, strtoul(argv[2], NULL, 10), argv[3],
		    argc > 4 ? argv[4] : "100")) == AGT_OK)
			rc = agt_txn_commit(t);
		else
			agt_txn_abort(t);
	}
	agt_db_close(db);
	return rc == AGT_OK ? 0 : 1;
}
