/* test_trace.c - trace forward and back, and trace forward in a
 * 100,000-lot register. */
#include "config.h"

#include "coretest.h"

struct seen {
	int n, types[64], depths[64];
};

static int
collect(const agt_record *rec, int depth, void *payload)
{
	struct seen *s = payload;

	if (s->n < 64) {
		s->types[s->n] = agt_record_type(rec);
		s->depths[s->n] = depth;
	}
	assert_true(agt_record_seq(rec) > 0);
	s->n++;
	return 0;
}

static int
trace(agt_db *db, int dir, int type, const char *key, struct seen *s)
{
	agt_txn *t;
	int rc;

	memset(s, 0, sizeof(*s));
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	rc = agt_trace(t, dir, type, key, collect, s);
	agt_txn_abort(t);
	return rc;
}

static int
count_type(const struct seen *s, int type)
{
	int i, n = 0;

	for (i = 0; i < s->n && i < 64; i++)
		n += s->types[i] == type;
	return n;
}

static void
test_small(void **state)
{
	char *path = scratch_path();
	struct seen s;
	agt_db *db;

	(void)state;
	assert_int_equal(sample_create(path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(trace(db, AGT_TRACE_FORWARD, AGT_T_LOT, SAMPLE_LOT1, &s),
	    AGT_OK);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.types[0], AGT_T_LOT);
	assert_int_equal(s.types[1], AGT_T_SHIPMENT);
	assert_int_equal(s.depths[2], 2);
	assert_int_equal(s.types[2], AGT_T_SALESPOINT);
	assert_int_equal(trace(db, AGT_TRACE_BACK, AGT_T_LOT, SAMPLE_LOT1, &s),
	    AGT_OK);
	assert_int_equal(count_type(&s, AGT_T_SUPPLIER), 1);
	assert_int_equal(count_type(&s, AGT_T_CATEGORY), 1);
	assert_int_equal(count_type(&s, AGT_T_REPORT), 1);
	assert_int_equal(count_type(&s, AGT_T_AGENCY), 1);
	/* A report forward: its lot and where that went. */
	assert_int_equal(trace(db, AGT_TRACE_FORWARD, AGT_T_REPORT, "R-2024-0002",
	    &s), AGT_OK);
	assert_int_equal(s.types[0], AGT_T_REPORT);
	assert_int_equal(count_type(&s, AGT_T_LOT), 1);
	assert_int_equal(count_type(&s, AGT_T_SHIPMENT), 1);
	assert_int_equal(count_type(&s, AGT_T_SALESPOINT), 1);
	assert_int_equal(trace(db, AGT_TRACE_BACK, AGT_T_REPORT, "R-2024-0002",
	    &s), AGT_OK);
	assert_int_equal(count_type(&s, AGT_T_AGENCY), 1);
	assert_int_equal(count_type(&s, AGT_T_SUPPLIER), 1);
	assert_int_equal(trace(db, AGT_TRACE_FORWARD, AGT_T_LOT,
	    SAMPLE_GTIN1 "/NOPE", &s), AGT_ENOTFOUND);
	assert_int_equal(trace(db, 7, AGT_T_LOT, SAMPLE_LOT1, &s), AGT_EINVAL);
	agt_db_close(db);
	scratch_free(path);
}

static int
put_shipment(agt_txn *t, const char *lot, const char *sp, int day)
{
	char date[16];
	agt_record *r;
	int rc;

	snprintf(date, sizeof date, "2024-10-%02d", day);
	r = sample_record(AGT_T_SHIPMENT, AGT_F_GTIN, "00950110153007",
	    AGT_F_LOT, lot, AGT_F_SALESPOINT, sp, AGT_F_SHIPPED, date,
	    AGT_F_QUANTITY, "10", AGT_F_UNIT, "kg", 0);
	rc = agt_put(t, r, NULL);
	agt_record_free(r);
	return rc;
}

/* Trace forward finds every shipment of one lot among 100,000 lots. */
static void
test_large(void **state)
{
	char *path = scratch_path();
	struct seen s;
	agt_db *db;
	agt_txn *t;
	int day;

	(void)state;
	assert_int_equal(sample_create(path, 100000), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	for (day = 1; day <= 28; day++) {
		assert_int_equal(put_shipment(t, "B77777", day % 2 ? "SP01" : "SP02",
		    day), AGT_OK);
		assert_int_equal(put_shipment(t, "B77776", "SP01", day), AGT_OK);
		assert_int_equal(put_shipment(t, "B77778", "SP02", day), AGT_OK);
	}
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	assert_int_equal(trace(db, AGT_TRACE_FORWARD, AGT_T_LOT,
	    "00950110153007/B77777", &s), AGT_OK);
	assert_int_equal(count_type(&s, AGT_T_SHIPMENT), 28);
	assert_int_equal(count_type(&s, AGT_T_SALESPOINT), 28);
	assert_int_equal(trace(db, AGT_TRACE_FORWARD, AGT_T_LOT,
	    "00950110153007/B99999", &s), AGT_OK);
	assert_int_equal(s.n, 1);
	agt_db_close(db);
	scratch_free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
