/* test_ledger.c - the hash chain, recomputed independently. */
#include "config.h"

#include <gcrypt.h>

#include "coretest.h"

/* hash(n) = SHA-256(hash(n-1) || seq BE64 || type || record bytes). */
static void
chain(unsigned char out[32], const unsigned char prev[32], uint64_t seq,
    int type, const unsigned char *rec, size_t len)
{
	unsigned char *buf = malloc(32 + 8 + 1 + len);
	int i;

	memcpy(buf, prev, 32);
	for (i = 0; i < 8; i++)
		buf[32 + i] = (unsigned char)(seq >> (56 - 8 * i));
	buf[40] = (unsigned char)type;
	memcpy(buf + 41, rec, len);
	gcry_md_hash_buffer(GCRY_MD_SHA256, out, buf, 41 + len);
	free(buf);
}

static void
test_chain(void **state)
{
	char *path = scratch_path();
	unsigned char prev[32] = { 0 }, h[32], headhash[32], *bytes;
	uint64_t seq, headseq;
	agt_record *r;
	agt_db *db;
	agt_txn *t;
	size_t len;
	char hex[65];

	(void)state;
	assert_int_equal(sample_create(path, 5), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_ledger_head(t, &headseq, headhash), AGT_OK);
	assert_int_equal(headseq, 21);
	for (seq = 1; seq <= headseq; seq++) {
		assert_int_equal(agt_ledger_get(&r, t, seq), AGT_OK);
		assert_int_equal(agt_record_seq(r), seq);
		assert_memory_equal(agt_record_prev_hash(r), prev, 32);
		assert_int_equal(agt_record_encode(r, &bytes, &len), AGT_OK);
		chain(h, prev, seq, agt_record_type(r), bytes, len);
		assert_memory_equal(agt_record_hash(r), h, 32);
		memcpy(prev, h, 32);
		agt_free(bytes);
		agt_record_free(r);
	}
	assert_memory_equal(headhash, prev, 32);
	assert_int_equal(agt_ledger_get(&r, t, headseq + 1), AGT_ENOTFOUND);
	assert_int_equal(agt_ledger_get(&r, t, 0), AGT_ENOTFOUND);
	assert_string_equal(agt_hash_hex(hex, (const unsigned char *)
	    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
	    "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff"),
	    "000102030405060708090a0b0c0d0e0f"
	    "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
	agt_txn_abort(t);
	agt_db_close(db);
	scratch_free(path);
}

/* Entry SEQ read in read txn T is the one a write txn reads. */
static void
same_entry(agt_txn *t, agt_txn *w, uint64_t seq)
{
	agt_record *r, *x;

	assert_int_equal(agt_ledger_get(&r, t, seq), AGT_OK);
	assert_int_equal(agt_ledger_get(&x, w, seq), AGT_OK);
	assert_int_equal(agt_record_seq(r), seq);
	assert_memory_equal(agt_record_hash(r), agt_record_hash(x), 32);
	agt_record_free(r);
	agt_record_free(x);
}

/*
 * A read txn reads the ledger through a cursor kept with the txn (one
 * step to the next entry, a search from where it stands otherwise):
 * entries in any order, past the end, and again after the txn was pooled
 * and renewed on a newer snapshot.
 */
static void
test_read_order(void **state)
{
	static const uint64_t order[] = { 1, 2, 3, 21, 20, 5, 6, 6, 1, 12, 13,
	    11, 21 };
	char *path = scratch_path();
	agt_record *r;
	agt_db *db, *wdb;
	agt_txn *t, *w;
	size_t i;

	(void)state;
	assert_int_equal(sample_create(path, 5), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_db_open(&wdb, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&w, wdb, 0), AGT_OK);
	for (i = 0; i < sizeof order / sizeof *order; i++)
		same_entry(t, w, order[i]);
	assert_int_equal(agt_ledger_get(&r, t, 22), AGT_ENOTFOUND);
	assert_int_equal(agt_ledger_get(&r, t, 21), AGT_OK);
	agt_record_free(r);
	assert_int_equal(agt_ledger_get(&r, t, 22), AGT_ENOTFOUND); /* next */
	same_entry(t, w, 4);
	agt_txn_abort(t);
	/* A new entry 22, then the pooled txn renewed: it sees it. */
	assert_int_equal(agt_get(&r, w, AGT_T_SUPPLIER, "S001"), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_NAME, "Renamed Farm"), AGT_OK);
	assert_int_equal(agt_put(w, r, NULL), AGT_OK);
	agt_record_free(r);
	assert_int_equal(agt_txn_commit(w), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&w, wdb, AGT_TXN_RDONLY), AGT_OK);
	same_entry(t, w, 21);
	same_entry(t, w, 22);
	assert_int_equal(agt_ledger_get(&r, t, 22), AGT_OK);
	assert_string_equal(agt_record_get(r, AGT_F_NAME), "Renamed Farm");
	agt_record_free(r);
	agt_txn_abort(w);
	agt_txn_abort(t);
	agt_db_close(wdb);
	agt_db_close(db);
	scratch_free(path);
}

static void
test_empty(void **state)
{
	char *path = scratch_path();
	unsigned char h[32], zero[32] = { 0 };
	uint64_t seq = 99;
	agt_db *db;
	agt_txn *t;

	(void)state;
	assert_int_equal(agt_db_create(&db, path), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_ledger_head(t, &seq, h), AGT_OK);
	assert_int_equal(seq, 0);
	assert_memory_equal(h, zero, 32);
	agt_txn_abort(t);
	assert_int_equal(agt_verify(db, 0, NULL, NULL, NULL), AGT_OK);
	agt_db_close(db);
	scratch_free(path);
}

/* A commit that writes nothing leaves the head where it was. */
static void
test_unchanged_no_entry(void **state)
{
	char *path = scratch_path();
	agt_record *r;
	agt_db *db;
	agt_txn *t;
	uint64_t seq;
	int out;

	(void)state;
	assert_int_equal(sample_create(path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	assert_int_equal(agt_ledger_head(t, &seq, NULL), AGT_OK);
	assert_int_equal(seq, 16);
	assert_int_equal(agt_get(&r, t, AGT_T_AGENCY, "A01"), AGT_OK);
	assert_int_equal(agt_put(t, r, &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_UNCHANGED);
	agt_record_free(r);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	assert_int_equal(agt_verify(db, 0, NULL, NULL, NULL), AGT_OK);
	agt_db_close(db);
	scratch_free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_read_order),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_unchanged_no_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
