/* test_lookup.c - agt_lookup() on the sample register: every code shape, warnings, JSON, integrity. */
#include "lookup_private.h"
#include "sample.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#define G1 SAMPLE_GTIN1
#define AT "2024-09-10"

static char dir[] = "/tmp/agt-lookup-XXXXXX";
static char path[64];
static agt_db *db;

static int
put(agt_txn *t, agt_record *r)
{
	int rc = agt_put(t, r, NULL);

	if (rc != AGT_OK)
		print_error("put: %s\n", agt_errmsg(agt_txn_db(t)));
	agt_record_free(r);
	return rc;
}

/* A passed report, issued 2024-09-07, on lot LOT of GTIN G1. */
static agt_record *
lot_report(const char *id, const char *lot)
{
	agt_record *r = sample_record(AGT_T_REPORT, AGT_F_ID, id,
	    AGT_F_AGENCY, "A01", AGT_F_SAMPLED, "2024-09-06",
	    AGT_F_ISSUED, "2024-09-07", AGT_F_VERDICT, "pass", 0);
	agt_record *ref = sample_record(AGT_T_LOTREF, AGT_F_GTIN, G1,
	    AGT_F_LOT, lot, 0);

	assert_int_equal(agt_record_add_child(r, AGT_F_LOTREF, ref), AGT_OK);
	agt_record_free(ref);
	return r;
}

/* The sample, plus a lot with an expiry and a report superseding R-2024-0001. */
static int
setup(void **state)
{
	agt_record *r;
	agt_txn *t;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/reg", dir);
	assert_int_equal(sample_create(path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	assert_int_equal(put(t, sample_record(AGT_T_LOT, AGT_F_GTIN, G1,
	    AGT_F_LOT, "E1", AGT_F_SUPPLIER, "S001", AGT_F_CATEGORY, "FV01",
	    AGT_F_PRODUCT, "Pears", AGT_F_PACKED, "2024-08-01", AGT_F_EXPIRES,
	    "2024-09-30", AGT_F_ORIGIN_COUNTRY, "156", 0)), AGT_OK);
	r = lot_report("R-3", "L2024-001");
	assert_int_equal(agt_record_set(r, AGT_F_SUPERSEDES, "R-2024-0001"), AGT_OK);
	assert_int_equal(put(t, r), AGT_OK);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	agt_db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static agt_provenance *
lookup(const char *code, int want)
{
	agt_lookup_options o = AGT_LOOKUP_OPTIONS_INIT;
	agt_provenance *p = NULL;
	int rc;

	o.at = AT;
	rc = agt_lookup(&p, db, code, strlen(code), &o);
	if (rc != want)
		print_error("%s: %d %s\n", code, rc, agt_errmsg(db));
	assert_int_equal(rc, want);
	return p;
}

static void
test_shapes(void **state)
{
	static const char *const codes[] = {
		"(01)06901234567892(10)L2024-001",
		"]C1010690123456789210L2024-001",
		"010690123456789210L2024-001<GS>17241231",
		"https://id.example.cn/01/06901234567892/10/L2024-001?17=241231",
		"https://shop.example/p/01/6901234567892/10/L2024-001",
		"CN-TRACE-0001",
		"  CN-TRACE-0001\r\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		agt_provenance *p = lookup(codes[i], AGT_OK);
		const agt_record *lot = agt_provenance_lot(p);

		assert_string_equal(agt_record_key(lot), SAMPLE_LOT1);
		assert_string_equal(agt_record_get(lot, AGT_F_QUANTITY), "1150");
		assert_true(agt_record_seq(lot) > 0);
		assert_non_null(agt_record_hash(lot));
		assert_string_equal(agt_record_get(agt_provenance_supplier(p),
		    AGT_F_NAME), "Green Valley Orchard");
		assert_string_equal(agt_record_get(agt_provenance_category(p),
		    AGT_F_NAME), "Apples");
		assert_int_equal(agt_provenance_report_count(p), 2);
		/* the superseding report comes first */
		assert_string_equal(agt_record_get(agt_provenance_report(p, 0),
		    AGT_F_ID), "R-3");
		assert_int_equal(agt_provenance_report_current(p, 0), 1);
		assert_int_equal(agt_provenance_report_current(p, 1), 0);
		assert_string_equal(agt_record_get(agt_provenance_agency(p, 1),
		    AGT_F_NAME), "Provincial Food Testing Centre");
		assert_int_equal(agt_provenance_signature(p, 0), AGT_SIG_NONE);
		assert_int_equal(agt_provenance_warnings(p), 0);
		assert_int_equal(agt_provenance_status(p), AGT_POS_SELL);
		assert_int_equal(agt_provenance_lot_count(p), 1);
		assert_string_equal(agt_provenance_lot_key(p, 0), SAMPLE_LOT1);
		assert_null(agt_provenance_report(p, 2));
		agt_provenance_free(p);
	}
}

static void
expect(const char *code, unsigned warnings, int status, const char *detail)
{
	agt_provenance *p = lookup(code, AGT_OK);
	unsigned bit;
	int found = detail == NULL;

	if (agt_provenance_warnings(p) != warnings)
		print_error("%s: warnings %#x\n", code, agt_provenance_warnings(p));
	assert_int_equal(agt_provenance_warnings(p), warnings);
	assert_int_equal(agt_provenance_status(p), status);
	for (bit = 1; bit < 256; bit <<= 1) {
		const char *d = agt_provenance_detail(p, bit);

		assert_true((d != NULL) == ((warnings & bit) != 0));
		if (d != NULL && detail != NULL && strstr(d, detail) != NULL)
			found = 1;
	}
	assert_true(found);
	agt_provenance_free(p);
}

static void
test_warnings(void **state)
{
	(void)state;
	expect("(01)06901234567892(10)L2024-002", AGT_WARN_NO_REPORT,
	    AGT_POS_WARN, "no inspection report");
	expect("(01)06901234567908(10)H-7", AGT_WARN_FAILED,
	    AGT_POS_DO_NOT_SELL, "R-2024-0002: verdict fail");
	expect("(01)06901234567892(10)L2024-001(17)240901", AGT_WARN_EXPIRED,
	    AGT_POS_DO_NOT_SELL, "label date 2024-09-01 has passed");
	expect("(01)06901234567892(10)E1(17)240930", AGT_WARN_NO_REPORT,
	    AGT_POS_WARN, NULL);
	expect("(01)06901234567892(10)E1(17)241031(422)156",
	    AGT_WARN_NO_REPORT | AGT_WARN_LABEL_MISMATCH, AGT_POS_WARN,
	    "expiry: label 2024-10-31, register 2024-09-30");
	expect("(01)06901234567892(10)E1(422)250", AGT_WARN_NO_REPORT |
	    AGT_WARN_LABEL_MISMATCH, AGT_POS_WARN, "origin country: label 250");
}

static void
test_expired_by_register(void **state)
{
	agt_lookup_options o = AGT_LOOKUP_OPTIONS_INIT;
	agt_provenance *p;
	const char *c = "(01)06901234567892(10)E1";

	(void)state;
	o.at = "2024-10-01";
	assert_int_equal(agt_lookup(&p, db, c, strlen(c), &o), AGT_OK);
	assert_true(agt_provenance_warnings(p) & AGT_WARN_EXPIRED);
	assert_string_equal(agt_provenance_detail(p, AGT_WARN_EXPIRED),
	    "expired 2024-09-30 (today 2024-10-01)");
	agt_provenance_free(p);
	o.at = "2024-09-30"; /* the last day is still good */
	assert_int_equal(agt_lookup(&p, db, c, strlen(c), &o), AGT_OK);
	assert_false(agt_provenance_warnings(p) & AGT_WARN_EXPIRED);
	agt_provenance_free(p);
	o.at = "2024-13-01";
	assert_int_equal(agt_lookup(&p, db, c, strlen(c), &o), AGT_EINVAL);
	o.at = NULL;
	o.version = 7;
	assert_int_equal(agt_lookup(&p, db, c, strlen(c), &o), AGT_EINVAL);
}

static void
test_product(void **state)
{
	agt_provenance *p = lookup("6901234567892", AGT_OK);

	(void)state;
	assert_int_equal(agt_provenance_warnings(p) & AGT_WARN_PRODUCT_ONLY,
	    AGT_WARN_PRODUCT_ONLY);
	assert_int_equal(agt_provenance_lot_count(p), 3);
	/* newest packed first: L2024-002 (09-08), L2024-001 (09-01), E1 (08-01) */
	assert_string_equal(agt_provenance_lot_key(p, 0), SAMPLE_LOT2);
	assert_string_equal(agt_provenance_lot_key(p, 2), G1 "/E1");
	assert_string_equal(agt_record_key(agt_provenance_lot(p)), SAMPLE_LOT2);
	assert_true(agt_record_seq(agt_provenance_lot(p)) > 0);
	agt_provenance_free(p);
}

static void
test_errors(void **state)
{
	(void)state;
	assert_null(lookup("(01)06901234567892(10)NOPE", AGT_ENOTFOUND));
	assert_non_null(strstr(agt_errmsg(db), "not found"));
	assert_null(lookup("UNKNOWN-ALIAS", AGT_ENOTFOUND));
	assert_string_equal(agt_errmsg(db), "not in the register: no lot or "
	    "alias by this code");
	assert_null(lookup("(01)06901234567892(17)241340", AGT_EFORMAT));
	assert_string_equal(agt_errmsg(db), "AI (17) at offset 22: month 13");
	assert_null(lookup("00950110153007", AGT_ENOTFOUND));
	assert_null(lookup("(00)106141412345678908", AGT_ENOTFOUND));
	assert_null(lookup("", AGT_EINVAL));
}

static void
test_json(void **state)
{
	agt_provenance *p = lookup("(01)06901234567908(10)H-7", AGT_OK);
	json_t *doc, *rep;
	json_error_t err;
	char *s;

	(void)state;
	assert_int_equal(agt_provenance_json(&s, p), AGT_OK);
	doc = json_loads(s, 0, &err);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "status")),
	    "do-not-sell");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc,
	    "lot"), "product")), "Acacia honey");
	assert_true(json_integer_value(json_object_get(json_object_get(doc,
	    "lot"), "seq")) > 0);
	rep = json_array_get(json_object_get(doc, "reports"), 0);
	assert_string_equal(json_string_value(json_object_get(rep, "verdict")), "fail");
	assert_true(json_is_true(json_object_get(rep, "current")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(rep,
	    "agency_record"), "name")), "Provincial Food Testing Centre");
	assert_int_equal(json_array_size(json_object_get(rep, "item")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "warnings"), 0), "warning")), "inspection failed");
	json_decref(doc);
	agt_free(s);
	agt_provenance_free(p);
}

/*
 * The handle's lot cache: a lot looked up a second time is kept, and the
 * next lookup of it in the same snapshot shows the same records (shared,
 * not read again); a report added through another handle is seen by the
 * next lookup.
 */
static void
test_lot_cache(void **state)
{
	static const char code[] = "(01)" G1 "(10)L2024-001";
	agt_provenance *a, *b;
	char *ja, *jb;
	size_t nrep;
	agt_db *other;
	agt_txn *t;

	(void)state;
	agt_provenance_free(lookup(code, AGT_OK));
	a = lookup(code, AGT_OK);
	b = lookup(code, AGT_OK);
	assert_ptr_equal(agt_provenance_lot(a), agt_provenance_lot(b));
	assert_ptr_equal(agt_provenance_supplier(a), agt_provenance_supplier(b));
	assert_int_equal(agt_provenance_json(&ja, a), AGT_OK);
	assert_int_equal(agt_provenance_json(&jb, b), AGT_OK);
	assert_string_equal(ja, jb);
	agt_free(ja);
	agt_free(jb);
	nrep = agt_provenance_report_count(b);
	agt_provenance_free(a);
	agt_provenance_free(b);
	assert_int_equal(agt_db_open(&other, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, other, 0), AGT_OK);
	assert_int_equal(put(t, lot_report("R-9", "L2024-001")), AGT_OK);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	agt_db_close(other);
	a = lookup(code, AGT_OK);
	assert_int_equal(agt_provenance_report_count(a), nrep + 1);
	agt_provenance_free(a);
}

/*
 * Many lots through the lot cache: 3,000 lots looked up three times each
 * (kept on the second lookup, over 8,192 sets of four) all answer with
 * their own lot, the third lookup from the cache (the records the second
 * showed: a set remembers the last 4 lots looked up once, and some sets
 * take 3 of these lots in turn), and nothing leaks (valgrind and ASan runs
 * of make check).
 */
static void
test_lot_cache_many(void **state)
{
	enum { LOTS = 3000 };
	static const agt_record *kept[LOTS];
	char reg[96], code[64], key[64];
	agt_provenance *p;
	agt_db *many;
	int round, i, hits = 0;

	(void)state;
	snprintf(reg, sizeof reg, "%s/many", dir);
	assert_int_equal(sample_create(reg, LOTS), AGT_OK);
	assert_int_equal(agt_db_open(&many, reg, AGT_OPEN_RDONLY), AGT_OK);
	for (round = 0; round < 3; round++)
		for (i = 0; i < LOTS; i++) {
			snprintf(code, sizeof code, "(01)00950110153007(10)B%d", i);
			snprintf(key, sizeof key, "00950110153007/B%d", i);
			assert_int_equal(agt_lookup(&p, many, code, strlen(code),
			    NULL), AGT_OK);
			assert_string_equal(agt_record_key(agt_provenance_lot(p)), key);
			assert_string_equal(agt_record_get(agt_provenance_supplier(p),
			    AGT_F_ID), "S002");
			if (round == 1)
				kept[i] = agt_provenance_lot(p);
			else if (round == 2)
				hits += kept[i] == agt_provenance_lot(p);
			agt_provenance_free(p);
		}
	assert_int_equal(hits, LOTS); /* no set has more than 3 of these */
	agt_db_close(many);
}

/* A lot entry whose bytes no longer match its ledger hash is refused. */
static void
test_integrity(void **state)
{
	agt_provenance *p = lookup("(01)06901234567908(10)H-7", AGT_OK);
	uint64_t seq = agt_record_seq(agt_provenance_lot(p));
	unsigned char k[8], *copy;
	MDB_val key = { 8, k }, val;
	agt_txn *t;

	(void)state;
	agt_provenance_free(p);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	agti_be64(k, seq);
	assert_int_equal(mdb_get(t->txn, db->dbi[AGTI_DB_LEDGER], &key, &val), 0);
	copy = malloc(val.mv_size);
	memcpy(copy, val.mv_data, val.mv_size);
	copy[val.mv_size - 3] ^= 1;
	val.mv_data = copy;
	assert_int_equal(mdb_put(t->txn, db->dbi[AGTI_DB_LEDGER], &key, &val, 0), 0);
	free(copy);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	assert_null(lookup("(01)06901234567908(10)H-7", AGT_EINTEGRITY));
	assert_non_null(strstr(agt_errmsg(db), "does not match its hash"));
}

/* A revised lot keeps its reports in the lookup index; verify agrees. */
static void
test_revised_lot(void **state)
{
	agt_provenance *p = lookup("(01)06901234567908(10)H-7", AGT_OK);
	size_t nrep = agt_provenance_report_count(p);
	agt_record *cur, *rev;
	agt_txn *t;

	(void)state;
	agt_provenance_free(p);
	assert_true(nrep > 0);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	assert_int_equal(agt_get(&cur, t, AGT_T_LOT, "06901234567908/H-7"), AGT_OK);
	assert_int_equal(agt_record_dup(&rev, cur), AGT_OK);
	assert_int_equal(agt_record_set(rev, AGT_F_QUANTITY, "77"), AGT_OK);
	assert_int_equal(put(t, rev), AGT_OK);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	agt_record_free(cur);
	p = lookup("(01)06901234567908(10)H-7", AGT_OK);
	assert_string_equal(agt_record_get(agt_provenance_lot(p), AGT_F_QUANTITY), "77");
	assert_int_equal(agt_provenance_report_count(p), nrep);
	agt_provenance_free(p);
	assert_int_equal(agt_verify(db, 0, NULL, NULL, NULL), AGT_OK);
}

/*
 * The handle's entry cache: a batch committed through another handle is
 * seen by the next lookup, and provenances assembled before it stay
 * whole.
 */
static void
test_cache_snapshot(void **state)
{
	agt_provenance *before = lookup("(01)06901234567908(10)H-7", AGT_OK), *after;
	const agt_record *sup = agt_provenance_supplier(before);
	agt_record *cur, *rev;
	agt_db *other;
	agt_txn *t;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) /* served from the cache */
		agt_provenance_free(lookup("(01)06901234567908(10)H-7", AGT_OK));
	assert_int_equal(agt_db_open(&other, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, other, 0), AGT_OK);
	assert_int_equal(agt_get(&cur, t, AGT_T_SUPPLIER,
	    agt_record_get(sup, AGT_F_ID)), AGT_OK);
	assert_int_equal(agt_record_dup(&rev, cur), AGT_OK);
	assert_int_equal(agt_record_set(rev, AGT_F_NAME, "Renamed Apiary"), AGT_OK);
	assert_int_equal(put(t, rev), AGT_OK);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	agt_record_free(cur);
	agt_db_close(other);
	after = lookup("(01)06901234567908(10)H-7", AGT_OK);
	assert_string_equal(agt_record_get(agt_provenance_supplier(after),
	    AGT_F_NAME), "Renamed Apiary");
	assert_true(agt_record_seq(agt_provenance_supplier(after)) >
	    agt_record_seq(sup));
	assert_string_not_equal(agt_record_get(sup, AGT_F_NAME), "Renamed Apiary");
	assert_string_equal(agt_record_get(agt_provenance_lot(before), AGT_F_PRODUCT),
	    agt_record_get(agt_provenance_lot(after), AGT_F_PRODUCT));
	agt_provenance_free(after);
	agt_provenance_free(before);
}

/* A lookup index entry that is no list of ledger positions is refused. */
static void
test_bad_view(void **state)
{
	static const char lk[] = "06901234567908" "H-7";
	MDB_val key = { sizeof lk - 1, (void *)lk }, val = { 5, (void *)"12345" };
	agt_txn *t;

	(void)state;
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	assert_int_equal(mdb_put(t->txn, db->dbi[AGTI_DB_LOT_VIEW], &key, &val, 0), 0);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	assert_null(lookup("(01)06901234567908(10)H-7", AGT_EINTEGRITY));
	assert_non_null(strstr(agt_errmsg(db), "lot 06901234567908/H-7: lookup "
	    "index entry of 5 bytes"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_expired_by_register),
		cmocka_unit_test(test_product),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_revised_lot),
		cmocka_unit_test(test_cache_snapshot),
		cmocka_unit_test(test_lot_cache),
		cmocka_unit_test(test_lot_cache_many),
		cmocka_unit_test(test_integrity),
		cmocka_unit_test(test_bad_view),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
