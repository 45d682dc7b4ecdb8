/* sample.c - a small register for tests (see sample.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sample.h"

agt_record *
sample_record(int type, ...)
{
	agt_record *r;
	va_list ap;
	int f;

	if (agt_record_new(&r, type) != AGT_OK)
		return NULL;
	va_start(ap, type);
	while ((f = va_arg(ap, int)) != 0) {
		const char *v = va_arg(ap, const char *);
		if (agt_record_add(r, f, v) != AGT_OK) {
			agt_record_free(r);
			r = NULL;
			break;
		}
	}
	va_end(ap);
	return r;
}

static int
put(agt_txn *t, agt_record *r)
{
	int rc = r != NULL ? agt_put(t, r, NULL) : AGT_ENOMEM;

	if (rc != AGT_OK)
		fprintf(stderr, "sample: %s\n", agt_errmsg(agt_txn_db(t)));
	agt_record_free(r);
	return rc;
}

static agt_record *
item(const char *analyte, const char *value, const char *limit,
    const char *verdict)
{
	return sample_record(AGT_T_ITEM, AGT_F_ANALYTE, analyte,
	    AGT_F_METHOD, "GB 23200.113-2018", AGT_F_VALUE, value,
	    AGT_F_UNIT, "mg/kg", AGT_F_ITEM_LIMIT, limit, AGT_F_VERDICT, verdict, 0);
}

static agt_record *
lotref(const char *gtin, const char *lot)
{
	return sample_record(AGT_T_LOTREF, AGT_F_GTIN, gtin, AGT_F_LOT, lot, 0);
}

static int
add_child(agt_record *r, int field, agt_record *child)
{
	int rc = child != NULL ? agt_record_add_child(r, field, child) : AGT_ENOMEM;

	agt_record_free(child);
	return rc;
}

static agt_record *
report(const char *id, const char *verdict, const char *gtin, const char *lot,
    const char *value)
{
	agt_record *r = sample_record(AGT_T_REPORT, AGT_F_ID, id,
	    AGT_F_AGENCY, "A01", AGT_F_SAMPLED, "2024-09-02",
	    AGT_F_ISSUED, "2024-09-05", AGT_F_VERDICT, verdict, 0);

	if (r == NULL || add_child(r, AGT_F_LOTREF, lotref(gtin, lot)) ||
	    add_child(r, AGT_F_ITEM, item("chlorpyrifos", value, "0.05", verdict)) ||
	    add_child(r, AGT_F_ITEM, item("lead (Pb)", "0.01", "0.1", "pass"))) {
		agt_record_free(r);
		return NULL;
	}
	return r;
}

static int
fill_parties(agt_txn *t)
{
	static const unsigned char key[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	agt_record *a;
	int rc;

	if ((rc = put(t, sample_record(AGT_T_CATEGORY, AGT_F_ID, "FV01",
	    AGT_F_NAME, "Apples", AGT_F_NAME_ZH, "苹果", AGT_F_GROUP,
	    "fruit-vegetable", 0))) ||
	    (rc = put(t, sample_record(AGT_T_CATEGORY, AGT_F_ID, "LS01",
	    AGT_F_NAME, "Pork", AGT_F_GROUP, "livestock", 0))) ||
	    (rc = put(t, sample_record(AGT_T_CATEGORY, AGT_F_ID, "FB01",
	    AGT_F_NAME, "Honey", AGT_F_GROUP, "fish-bee", 0))) ||
	    (rc = put(t, sample_record(AGT_T_SUPPLIER, AGT_F_ID, "S001",
	    AGT_F_NAME, "Green Valley Orchard", AGT_F_REGION, "Yantai",
	    AGT_F_LICENCE, "SC11137060200011", AGT_F_CERTIFICATION, "GAP",
	    AGT_F_CERTIFICATION, "organic", 0))) ||
	    (rc = put(t, sample_record(AGT_T_SUPPLIER, AGT_F_ID, "S002",
	    AGT_F_NAME, "Hill Apiary", AGT_F_REGION, "Linyi", 0))) ||
	    (rc = put(t, sample_record(AGT_T_SALESPOINT, AGT_F_ID, "SP01",
	    AGT_F_NAME, "Market Street Store", AGT_F_ADDRESS, "1 Market St", 0))) ||
	    (rc = put(t, sample_record(AGT_T_SALESPOINT, AGT_F_ID, "SP02",
	    AGT_F_NAME, "East Gate Kiosk", 0))))
		return rc;
	a = sample_record(AGT_T_AGENCY, AGT_F_ID, "A01", AGT_F_NAME,
	    "Provincial Food Testing Centre", AGT_F_ACCREDITATION, "CNAS L1234", 0);
	if (a != NULL && agt_record_set_bytes(a, AGT_F_PUBKEY, key, sizeof key)) {
		agt_record_free(a);
		a = NULL;
	}
	return put(t, a);
}

static agt_record *
lot(const char *gtin, const char *code, const char *supplier,
    const char *category, const char *product, const char *packed)
{
	return sample_record(AGT_T_LOT, AGT_F_GTIN, gtin, AGT_F_LOT, code,
	    AGT_F_SUPPLIER, supplier, AGT_F_CATEGORY, category,
	    AGT_F_PRODUCT, product, AGT_F_ORIGIN_COUNTRY, "156",
	    AGT_F_ORIGIN_PLACE, "Qixia, Shandong", AGT_F_HARVESTED, packed,
	    AGT_F_PACKED, packed, AGT_F_QUANTITY, "1200", AGT_F_UNIT, "kg", 0);
}

static int
fill_lots(agt_txn *t)
{
	agt_record *r;
	int rc;

	if ((rc = put(t, lot(SAMPLE_GTIN1, "L2024-001", "S001", "FV01",
	    "Fuji apples", "2024-09-01"))) ||
	    (rc = put(t, lot(SAMPLE_GTIN1, "L2024-002", "S001", "FV01",
	    "Fuji apples", "2024-09-08"))) ||
	    (rc = put(t, lot(SAMPLE_GTIN2, "H-7", "S002", "FB01",
	    "Acacia honey", "2024-08-20"))))
		return rc;
	/* A revision of lot 1: an alias and a corrected quantity. */
	r = lot(SAMPLE_GTIN1, "L2024-001", "S001", "FV01", "Fuji apples",
	    "2024-09-01");
	if (r != NULL && (agt_record_set(r, AGT_F_QUANTITY, "1150") ||
	    agt_record_add(r, AGT_F_ALIAS, "CN-TRACE-0001"))) {
		agt_record_free(r);
		r = NULL;
	}
	return put(t, r);
}

static int
fill_extra(agt_txn *t, unsigned long extra)
{
	char code[32], date[32];
	unsigned long i;
	int rc;

	for (i = 0; i < extra; i++) {
		snprintf(code, sizeof code, "B%lu", i);
		snprintf(date, sizeof date, "2024-%02lu-%02lu", 1 + i % 12, 1 + i % 28);
		if ((rc = put(t, lot("00950110153007", code, "S002", "FB01",
		    "Acacia honey", date))) != AGT_OK)
			return rc;
	}
	return AGT_OK;
}

int
sample_fill(agt_txn *t, unsigned long extra)
{
	int rc;

	if ((rc = fill_parties(t)) || (rc = fill_lots(t)) ||
	    (rc = put(t, report("R-2024-0001", "pass", SAMPLE_GTIN1, "L2024-001",
	    "0.002"))) ||
	    (rc = put(t, report("R-2024-0002", "fail", SAMPLE_GTIN2, "H-7",
	    "0.09"))) ||
	    (rc = put(t, sample_record(AGT_T_SHIPMENT, AGT_F_GTIN, SAMPLE_GTIN1,
	    AGT_F_LOT, "L2024-001", AGT_F_SALESPOINT, "SP01", AGT_F_SHIPPED,
	    "2024-09-06", AGT_F_QUANTITY, "200", AGT_F_UNIT, "kg", 0))) ||
	    (rc = put(t, sample_record(AGT_T_SHIPMENT, AGT_F_GTIN, SAMPLE_GTIN2,
	    AGT_F_LOT, "H-7", AGT_F_SALESPOINT, "SP02", AGT_F_SHIPPED,
	    "2024-08-25", 0))))
		return rc;
	return fill_extra(t, extra);
}

int
sample_create(const char *path, unsigned long extra)
{
	agt_db *db;
	agt_txn *t;
	int rc;

	if ((rc = agt_db_create(&db, path)) != AGT_OK) {
		fprintf(stderr, "sample: %s\n", agt_errmsg(NULL));
		return rc;
	}
	if ((rc = agt_txn_begin(&t, db, 0)) == AGT_OK) {
		if ((rc = sample_fill(t, extra)) == AGT_OK)
			rc = agt_txn_commit(t);
		else
			agt_txn_abort(t);
	}
	agt_db_close(db);
	return rc;
}
