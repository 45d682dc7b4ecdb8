/*
 * test_tree.c - the register's Merkle tree kept by agt_put: heads equal a
 * tree recomputed from the ledger after every commit, proofs from LMDB
 * verify, agt_verify catches a changed tree node, proof bundles.
 */
#include "db_private.h"
#include "replica_private.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sample.h"

#define LOTS 60

static char dir[] = "/tmp/agt-test-tree.XXXXXX";
static char path[300];
static unsigned char leaves[4 * LOTS + 64][AGT_HASH_LEN];

/* Leaf hashes straight from the ledger's raw entries. */
static uint64_t
read_leaves(agt_txn *t)
{
	uint64_t n, i;
	MDB_val v;

	assert_int_equal(agt_ledger_head(t, &n, NULL), AGT_OK);
	assert_true(n < sizeof leaves / sizeof leaves[0]);
	for (i = 1; i <= n; i++) {
		unsigned char *e;
		size_t rlen;

		assert_int_equal(agti_ledger_entry(t, i, &v), AGT_OK);
		rlen = v.mv_size - AGTI_ENTRY_HDR;
		e = malloc(AGTI_ENTRY_PREFIX + rlen);
		agti_be64(e, i);
		e[8] = ((unsigned char *)v.mv_data)[0];
		memcpy(e + AGTI_ENTRY_PREFIX,
		    (unsigned char *)v.mv_data + AGTI_ENTRY_HDR, rlen);
		agt_merkle_leaf_hash(leaves[i - 1], e, AGTI_ENTRY_PREFIX + rlen);
		free(e);
	}
	return n;
}

static void
brute_root(unsigned char out[AGT_HASH_LEN], uint64_t begin, uint64_t end)
{
	unsigned char l[AGT_HASH_LEN], r[AGT_HASH_LEN];
	uint64_t k = 1;

	if (end - begin == 1) {
		memcpy(out, leaves[begin], AGT_HASH_LEN);
		return;
	}
	while (k << 1 < end - begin)
		k <<= 1;
	brute_root(l, begin, begin + k);
	brute_root(r, begin + k, end);
	agt_merkle_node_hash(out, l, r);
}

static agt_record *
lot(unsigned i, const char *qty)
{
	char code[32];

	snprintf(code, sizeof code, "T%u", i);
	return sample_record(AGT_T_LOT, AGT_F_GTIN, "00950110153007",
	    AGT_F_LOT, code, AGT_F_SUPPLIER, "S002", AGT_F_CATEGORY, "FB01",
	    AGT_F_PRODUCT, "Acacia honey", AGT_F_ORIGIN_COUNTRY, "156",
	    AGT_F_QUANTITY, qty, AGT_F_UNIT, "kg", 0);
}

static void
test_head_after_every_commit(void **state)
{
	unsigned char root[AGT_HASH_LEN], want[AGT_HASH_LEN];
	agt_db *db;
	agt_txn *t;
	agt_record *r;
	uint64_t size, n;
	unsigned i, batch = 1;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/reg", dir);
	assert_int_equal(sample_create(path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	for (i = 0; i < LOTS; i += batch, batch = batch % 7 + 1) {
		unsigned j;

		assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
		for (j = i; j < i + batch && j < LOTS; j++) {
			assert_non_null(r = lot(j, "100"));
			assert_int_equal(agt_put(t, r, NULL), AGT_OK);
			agt_record_free(r);
		}
		assert_int_equal(agt_txn_commit(t), AGT_OK);
		assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
		n = read_leaves(t);
		assert_int_equal(agt_tree_head(t, &size, root), AGT_OK);
		assert_true(size == n);
		brute_root(want, 0, n);
		assert_memory_equal(root, want, AGT_HASH_LEN);
		agt_txn_abort(t);
	}
	/* an aborted write leaves the tree as it was */
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	assert_non_null(r = lot(1, "7"));
	assert_int_equal(agt_put(t, r, NULL), AGT_OK);
	agt_record_free(r);
	agt_txn_abort(t);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_tree_head(t, &size, root), AGT_OK);
	assert_memory_equal(root, want, AGT_HASH_LEN);
	agt_txn_abort(t);
	assert_int_equal(agt_verify(db, 0, NULL, NULL, NULL), AGT_OK);
	agt_db_close(db);
}

static void
test_proofs_from_lmdb(void **state)
{
	unsigned char proof[AGT_MERKLE_MAX_PROOF][AGT_HASH_LEN];
	unsigned char r1[AGT_HASH_LEN], r2[AGT_HASH_LEN];
	agt_db *db;
	agt_txn *t;
	uint64_t n, s1, s2, i;
	size_t k;

	(void)state;
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	n = read_leaves(t);
	for (s2 = 1; s2 <= n; s2 += 3) {
		brute_root(r2, 0, s2);
		for (i = 0; i < s2; i++) {
			assert_int_equal(agt_merkle_inclusion(proof, &k, i, s2,
			    agt_tree_node, t), AGT_OK);
			assert_int_equal(agt_merkle_verify_inclusion(leaves[i], i,
			    s2, proof, k, r2), AGT_OK);
		}
		for (s1 = 1; s1 <= s2; s1 += 2) {
			brute_root(r1, 0, s1);
			assert_int_equal(agt_merkle_consistency(proof, &k, s1, s2,
			    agt_tree_node, t), AGT_OK);
			assert_int_equal(agt_merkle_verify_consistency(s1, r1, s2,
			    r2, proof, k), AGT_OK);
		}
	}
	assert_int_equal(agt_tree_node(r1, 0, n, t), AGT_ENOTFOUND);
	agt_txn_abort(t);
	agt_db_close(db);
}

static void
test_bundle(void **state)
{
	unsigned char seed[32] = { 9 }, pub[32], other[32] = { 1 };
	agt_checkpoint cp;
	agt_proof *p;
	agt_db *db;
	agt_txn *t;
	char *note, *bundle, *x;
	uint64_t seq;
	size_t i;
	int lots = 0, reports = 0;

	(void)state;
	assert_int_equal(agti_ed25519_public(pub, seed), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	memset(&cp, 0, sizeof cp);
	strcpy(cp.origin, "test.example/log");
	assert_int_equal(agt_tree_head(t, &cp.size, cp.root), AGT_OK);
	assert_int_equal(agt_checkpoint_sign(&note, &cp, seed), AGT_OK);
	assert_int_equal(agt_proof_create(&bundle, t, SAMPLE_LOT1, note,
	    strlen(note)), AGT_OK);
	assert_int_equal(agt_proof_create(&x, t, "00950110153007/none", note,
	    strlen(note)), AGT_ENOTFOUND);
	assert_int_equal(agt_replica_checkpoint(&x, t), AGT_ENOTFOUND);
	agt_txn_abort(t);
	agt_db_close(db);

	assert_int_equal(agt_proof_verify(&p, bundle, strlen(bundle), pub),
	    AGT_OK);
	assert_true(agt_proof_checkpoint(p)->size == cp.size);
	for (i = 0; i < agt_proof_count(p); i++) {
		const agt_record *r = agt_proof_record(p, i, &seq);

		assert_true(seq >= 1 && seq <= cp.size);
		lots += agt_record_type(r) == AGT_T_LOT;
		reports += agt_record_type(r) == AGT_T_REPORT;
	}
	assert_int_equal(lots, 1);
	assert_int_equal(reports, 1);
	assert_null(agt_proof_record(p, i, NULL));
	agt_proof_free(p);
	assert_int_equal(agti_ed25519_public(other, other), AGT_OK);
	assert_int_equal(agt_proof_verify(&p, bundle, strlen(bundle), other),
	    AGT_ESIGNATURE);
	/* one changed base64 character of an entry */
	x = strstr(bundle, "\"entry\": \"") + 20;
	*x = *x == 'A' ? 'B' : 'A';
	assert_int_not_equal(agt_proof_verify(&p, bundle, strlen(bundle), pub),
	    AGT_OK);
	assert_int_equal(agt_proof_verify(&p, "{}", 2, pub), AGT_EFORMAT);
	free(bundle);
	free(note);
}

static void
test_verify_catches_tree(void **state)
{
	unsigned char key[AGTI_TREE_KEY], bad[AGT_HASH_LEN] = { 0 };
	MDB_val k = { sizeof key, key }, v = { AGT_HASH_LEN, bad };
	agt_db *db;
	agt_txn *t;
	uint64_t seq;

	(void)state;
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	agti_tree_key(key, 1, 3);
	assert_int_equal(mdb_put(t->txn, db->dbi[AGTI_DB_MERKLE], &k, &v, 0), 0);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	assert_int_equal(agt_verify(db, 0, &seq, NULL, NULL), AGT_EINTEGRITY);
	assert_true(seq == 7);
	assert_non_null(strstr(agt_errmsg(db), "Merkle"));
	agt_db_close(db);
}

/* A register whose tree is missing gets it back when opened read-write. */
static void
test_upgrade(void **state)
{
	unsigned char before[AGT_HASH_LEN], after[AGT_HASH_LEN];
	agt_db *db;
	agt_txn *t;
	uint64_t n, m;

	(void)state;
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	n = read_leaves(t);
	brute_root(before, 0, n);
	agt_txn_abort(t);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	assert_int_equal(mdb_drop(t->txn, db->dbi[AGTI_DB_MERKLE], 0), 0);
	assert_int_equal(agt_txn_commit(t), AGT_OK);
	agt_db_close(db);
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_tree_head(t, &m, after), AGT_ENOTFOUND);
	agt_txn_abort(t);
	agt_db_close(db);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_tree_head(t, &m, after), AGT_OK);
	assert_true(m == n);
	assert_memory_equal(before, after, AGT_HASH_LEN);
	agt_txn_abort(t);
	assert_int_equal(agt_verify(db, 0, NULL, NULL, NULL), AGT_OK);
	agt_db_close(db);
}

static int
teardown(void **state)
{
	char cmd[400];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_after_every_commit),
		cmocka_unit_test(test_proofs_from_lmdb),
		cmocka_unit_test(test_bundle),
		cmocka_unit_test(test_upgrade),
		cmocka_unit_test(test_verify_catches_tree),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
