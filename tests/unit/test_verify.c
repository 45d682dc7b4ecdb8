/*
 * test_verify.c - agt_verify on an intact register, then on registers
 * tampered with through LMDB directly: each names the broken entry.
 */
#include "config.h"

#include "coretest.h"

struct fx {
	char *path;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->path = scratch_path();
	assert_int_equal(sample_create(f->path, 0), AGT_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	scratch_free(f->path);
	free(f);
	return 0;
}

/* Verify the register at PATH: the status, *BAD and the message. */
static int
verify(const char *path, uint64_t *bad, char *msg, size_t size)
{
	agt_db *db;
	int rc;

	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_OK);
	rc = agt_verify(db, AGT_VERIFY_SIGNATURES, bad, NULL, NULL);
	snprintf(msg, size, "%s", agt_errmsg(db));
	agt_db_close(db);
	return rc;
}

static void
expect_broken(const char *path, uint64_t seq, const char *words)
{
	char msg[512];
	uint64_t bad = 99999;

	assert_int_equal(verify(path, &bad, msg, sizeof msg), AGT_EINTEGRITY);
	print_message("# %s\n", msg);
	assert_int_equal(bad, seq);
	assert_non_null(strstr(msg, words));
}

static int
count_progress(uint64_t done, uint64_t total, void *payload)
{
	uint64_t *calls = payload;

	assert_true(done <= total);
	(*calls)++;
	return 0;
}

static int
stop(uint64_t done, uint64_t total, void *payload)
{
	(void)done;
	(void)total;
	(void)payload;
	return 1;
}

static void
test_intact(void **state)
{
	struct fx *f = *state;
	uint64_t bad = 7, calls = 0;
	agt_db *db;

	assert_int_equal(agt_db_open(&db, f->path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_verify(db, 0, &bad, count_progress, &calls), AGT_OK);
	assert_int_equal(bad, 0);
	assert_true(calls >= 1);
	assert_int_equal(agt_verify(db, 0, &bad, stop, NULL), AGT_ECANCELED);
	agt_db_close(db);
}

static void
test_flip_byte(void **state)
{
	struct fx *f = *state;
	struct raw r;
	MDB_val v;

	raw_open(&r, f->path, "ledger");
	v = raw_entry(&r, 9);
	((unsigned char *)v.mv_data)[v.mv_size - 3] ^= 1;
	raw_put_entry(&r, 9, v);
	free(v.mv_data);
	raw_close(&r);
	expect_broken(f->path, 9, "entry 9: content does not match its hash");
}

static void
test_truncate(void **state)
{
	struct fx *f = *state;
	struct raw r;
	MDB_val v;

	raw_open(&r, f->path, "ledger");
	v = raw_entry(&r, 13);
	v.mv_size -= 10;
	raw_put_entry(&r, 13, v);
	free(v.mv_data);
	raw_close(&r);
	expect_broken(f->path, 13, "entry 13");
}

static void
test_delete_entry(void **state)
{
	struct fx *f = *state;
	unsigned char k[8];
	struct raw r;
	MDB_val key;

	raw_open(&r, f->path, "ledger");
	key = seqkey(k, 5);
	assert_int_equal(mdb_del(r.txn, r.dbi, &key, NULL), 0);
	raw_close(&r);
	expect_broken(f->path, 5, "entry 5: missing");
}

static void
test_delete_last(void **state)
{
	struct fx *f = *state;
	unsigned char k[8];
	struct raw r;
	MDB_val key;

	raw_open(&r, f->path, "ledger");
	key = seqkey(k, 16);
	assert_int_equal(mdb_del(r.txn, r.dbi, &key, NULL), 0);
	raw_close(&r);
	expect_broken(f->path, 16, "head");
}

static void
test_swap(void **state)
{
	struct fx *f = *state;
	struct raw r;
	MDB_val a, b;

	raw_open(&r, f->path, "ledger");
	a = raw_entry(&r, 3);
	b = raw_entry(&r, 4);
	raw_put_entry(&r, 3, b);
	raw_put_entry(&r, 4, a);
	free(a.mv_data);
	free(b.mv_data);
	raw_close(&r);
	expect_broken(f->path, 3, "entry 3: its previous hash");
}

static void
put_index(const char *path, const char *dbname, const char *key, size_t klen,
    const void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
	struct raw r;

	raw_open(&r, path, dbname);
	assert_int_equal(mdb_put(r.txn, r.dbi, &k, &v, 0), 0);
	raw_close(&r);
}

/* The index of lot 2 (entry 10) points at lot 3's entry 11. */
static void
test_index_elsewhere(void **state)
{
	struct fx *f = *state;
	unsigned char k[8];

	seqkey(k, 11);
	put_index(f->path, "lot", SAMPLE_GTIN1 "L2024-002", 23, k, 8);
	expect_broken(f->path, 10, "points at entry 11");
}

/* The index of lot 1 points at its first revision, not the current. */
static void
test_index_older(void **state)
{
	struct fx *f = *state;
	unsigned char k[8];

	seqkey(k, 9);
	put_index(f->path, "lot", SAMPLE_GTIN1 "L2024-001", 23, k, 8);
	expect_broken(f->path, 12, "older entry 9");
}

/* An index entry for a key no record has. */
static void
test_index_stray(void **state)
{
	struct fx *f = *state;
	unsigned char k[8];

	seqkey(k, 4);
	put_index(f->path, "supplier", "S999", 4, k, 8);
	expect_broken(f->path, 4, "index entry S999");
}

static void
test_secondary_missing(void **state)
{
	struct fx *f = *state;
	MDB_val k = { 13, (void *)"CN-TRACE-0001" };
	struct raw r;

	raw_open(&r, f->path, "alias");
	assert_int_equal(mdb_del(r.txn, r.dbi, &k, NULL), 0);
	raw_close(&r);
	expect_broken(f->path, 12, "secondary index");
}

static void
test_secondary_stray(void **state)
{
	struct fx *f = *state;

	put_index(f->path, "lot_by_supplier", "S002", 4, SAMPLE_GTIN1 "L2024-001", 23);
	expect_broken(f->path, 12, "index entry S002");
}

/* The lookup index entry of lot 1 without its reports. */
static void
test_view_short(void **state)
{
	struct fx *f = *state;
	MDB_val k = { 23, (void *)(SAMPLE_GTIN1 "L2024-001") }, v;
	unsigned char first[8];
	uint64_t bad = 0;
	char msg[512];
	struct raw r;

	raw_open(&r, f->path, "lot_view");
	assert_int_equal(mdb_get(r.txn, r.dbi, &k, &v), 0);
	assert_true(v.mv_size >= 16); /* the lot and its report */
	memcpy(first, v.mv_data, 8);
	v.mv_data = first;
	v.mv_size = 8;
	assert_int_equal(mdb_put(r.txn, r.dbi, &k, &v, 0), 0);
	raw_close(&r);
	assert_int_equal(verify(f->path, &bad, msg, sizeof msg), AGT_EINTEGRITY);
	print_message("# %s\n", msg);
	assert_true(bad > 0);
	assert_non_null(strstr(msg, "lookup index"));
}

/* A lookup index entry for a lot that does not exist. */
static void
test_view_stray(void **state)
{
	struct fx *f = *state;
	unsigned char k[8];

	seqkey(k, 4);
	put_index(f->path, "lot_view", SAMPLE_GTIN1 "L-NONE", 20, k, 8);
	expect_broken(f->path, 0, "index entry " SAMPLE_GTIN1 "L-NONE");
}

/*
 * A register of format 1 (before the lookup index): read-only it verifies
 * and looks up without one; opened read-write it gets one.
 */
static void
test_format1(void **state)
{
	struct fx *f = *state;
	static const unsigned char one[4] = { 0, 0, 0, 1 };
	MDB_val k = { 6, (void *)"format" }, v = { 4, (void *)one };
	const char *code = "(01)" SAMPLE_GTIN1 "(10)L2024-001";
	agt_provenance *p;
	struct raw r;
	MDB_stat st;
	agt_db *db;
	int pass;

	raw_open(&r, f->path, "lot_view");
	assert_int_equal(mdb_drop(r.txn, r.dbi, 0), 0);
	raw_close(&r);
	raw_open(&r, f->path, "meta");
	assert_int_equal(mdb_put(r.txn, r.dbi, &k, &v, 0), 0);
	raw_close(&r);
	for (pass = 0; pass < 2; pass++) {
		assert_int_equal(agt_db_open(&db, f->path, pass ? 0 : AGT_OPEN_RDONLY),
		    AGT_OK);
		assert_int_equal(agt_verify(db, 0, NULL, NULL, NULL), AGT_OK);
		assert_int_equal(agt_lookup(&p, db, code, strlen(code), NULL), AGT_OK);
		assert_int_equal(agt_provenance_report_count(p), 1);
		assert_string_equal(agt_record_get(agt_provenance_report(p, 0),
		    AGT_F_ID), "R-2024-0001");
		agt_provenance_free(p);
		agt_db_close(db);
	}
	raw_open(&r, f->path, "lot_view");
	assert_int_equal(mdb_stat(r.txn, r.dbi, &st), 0);
	assert_int_equal(st.ms_entries, 3);
	raw_close(&r);
	raw_open(&r, f->path, "meta");
	assert_int_equal(mdb_get(r.txn, r.dbi, &k, &v), 0);
	assert_int_equal(((unsigned char *)v.mv_data)[3], 2);
	raw_close(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_intact),
		T(test_flip_byte),
		T(test_truncate),
		T(test_delete_entry),
		T(test_delete_last),
		T(test_swap),
		T(test_index_elsewhere),
		T(test_index_older),
		T(test_index_stray),
		T(test_secondary_missing),
		T(test_secondary_stray),
		T(test_view_short),
		T(test_view_stray),
		T(test_format1),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
