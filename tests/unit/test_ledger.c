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
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_unchanged_no_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
