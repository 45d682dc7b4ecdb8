/*
 * bench_replica - figures for sales-point replicas: proof size and verify
 * time in a large ledger, publish time, mirror catch-up rate.
 *
 *	bench_replica [ENTRIES]  (default $AGTRACE_BENCH_ENTRIES or 200000)
 *
 * Builds a register of ENTRIES ledger entries (lots with one report
 * each), publishes it as tiles, mirrors it into a fresh replica, then
 * times inclusion proofs and a lot's proof bundle.  Prints; never fails
 * on timing.
 */
#include "private.h"
#include "replica_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sample.h"

#define GTIN "00950110153007"

static char tmpl[] = "/tmp/agt-bench-replica.XXXXXX";

/* The scratch registers go away however the bench ends. */
static void
cleanup(void)
{
	char cmd[400];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_replica: cannot remove %s\n", tmpl);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die(const char *what, int rc)
{
	fprintf(stderr, "bench_replica: %s: %s (%s)\n", what, agt_strerror(rc),
	    agt_errmsg(NULL));
	exit(1);
}

static int
put_lot(agt_txn *t, unsigned long i)
{
	char code[32], id[40];
	agt_record *lot, *rep, *ref;
	int rc;

	snprintf(code, sizeof code, "L%lu", i);
	snprintf(id, sizeof id, "R-%lu", i);
	lot = sample_record(AGT_T_LOT, AGT_F_GTIN, GTIN, AGT_F_LOT, code,
	    AGT_F_SUPPLIER, "S002", AGT_F_CATEGORY, "FB01", AGT_F_PRODUCT,
	    "Acacia honey", AGT_F_ORIGIN_COUNTRY, "156", AGT_F_PACKED,
	    "2024-08-20", AGT_F_QUANTITY, "100", AGT_F_UNIT, "kg", 0);
	rep = sample_record(AGT_T_REPORT, AGT_F_ID, id, AGT_F_AGENCY, "A01",
	    AGT_F_ISSUED, "2024-09-05", AGT_F_VERDICT, "pass", 0);
	ref = sample_record(AGT_T_LOTREF, AGT_F_GTIN, GTIN, AGT_F_LOT, code, 0);
	rc = lot && rep && ref ? AGT_OK : AGT_ENOMEM;
	if (rc == AGT_OK)
		rc = agt_record_add_child(rep, AGT_F_LOTREF, ref);
	if (rc == AGT_OK)
		rc = agt_put(t, lot, NULL);
	if (rc == AGT_OK)
		rc = agt_put(t, rep, NULL);
	agt_record_free(lot);
	agt_record_free(rep);
	agt_record_free(ref);
	return rc;
}

static void
build(const char *path, unsigned long entries)
{
	agt_db *db;
	agt_txn *t;
	unsigned long i;
	double t0 = now();
	int rc;

	if ((rc = agt_db_create(&db, path)) != AGT_OK)
		die(path, rc);
	if ((rc = agt_txn_begin(&t, db, 0)) != AGT_OK ||
	    (rc = sample_fill(t, 0)) != AGT_OK)
		die("sample", rc);
	for (i = 0; i < entries / 2; i++)
		if ((rc = put_lot(t, i)) != AGT_OK)
			die("put", rc);
	if ((rc = agt_txn_commit(t)) != AGT_OK)
		die("commit", rc);
	agt_db_close(db);
	printf("register: %lu entries written in %.2f s (%.0f entries/s, "
	    "Merkle tree included)\n", entries, now() - t0,
	    entries / (now() - t0));
}

static void
bench_proofs(agt_txn *t, uint64_t size)
{
	unsigned char proof[AGT_MERKLE_MAX_PROOF][AGT_HASH_LEN];
	unsigned char root[AGT_HASH_LEN], leaf[AGT_HASH_LEN];
	uint64_t idx;
	size_t n = 0;
	int i, rc, iters = 20000;
	double t0;

	t0 = now();
	if ((rc = agt_merkle_root(root, size, agt_tree_node, t)) != AGT_OK)
		die("root", rc);
	printf("tree head of %llu entries: %.1f us\n", (unsigned long long)size,
	    (now() - t0) * 1e6);
	idx = size / 3;
	t0 = now();
	for (i = 0; i < 1000; i++)
		if ((rc = agt_merkle_inclusion(proof, &n, (idx + (uint64_t)i * 7919)
		    % size, size, agt_tree_node, t)) != AGT_OK)
			die("inclusion", rc);
	printf("inclusion proof from LMDB: %.1f us each, %zu hashes = %zu "
	    "bytes\n", (now() - t0) / 1000 * 1e6, n, n * AGT_HASH_LEN);
	if ((rc = agt_merkle_inclusion(proof, &n, idx, size, agt_tree_node, t)) ||
	    (rc = agt_tree_node(leaf, 0, idx, t)))
		die("inclusion", rc);
	t0 = now();
	for (i = 0; i < iters; i++)
		if (agt_merkle_verify_inclusion(leaf, idx, size, proof, n, root))
			die("verify", AGT_EINTEGRITY);
	printf("inclusion proof verify (no register): %.2f us\n",
	    (now() - t0) / iters * 1e6);
}

static void
bench_bundle(agt_txn *t, const char *note)
{
	unsigned char seed[32] = { 7 }, pub[32];
	agt_proof *p;
	char *bundle;
	double t0;
	int rc, i, iters = 500;

	if ((rc = agti_ed25519_public(pub, seed)) != AGT_OK ||
	    (rc = agt_proof_create(&bundle, t, GTIN "/L1234", note,
	    strlen(note))) != AGT_OK)
		die("proof bundle", rc);
	t0 = now();
	for (i = 0; i < iters; i++) {
		if ((rc = agt_proof_verify(&p, bundle, strlen(bundle), pub)))
			die("proof verify", rc);
		agt_proof_free(p);
	}
	printf("lot proof bundle (lot, supplier, category, report, agency): "
	    "%zu bytes, verified in %.1f us (checkpoint signature included)\n",
	    strlen(bundle), (now() - t0) / iters * 1e6);
	free(bundle);
}

int
main(int argc, char **argv)
{
	const char *env = getenv("AGTRACE_BENCH_ENTRIES");
	unsigned long entries = argc > 1 ? strtoul(argv[1], NULL, 10) :
	    env ? strtoul(env, NULL, 10) : 200000;
	char reg[300], pub[300], rep[300];
	unsigned char seed[32] = { 7 };
	agt_checkpoint cp;
	agt_mirror_info info;
	uint64_t written;
	agt_db *db, *rdb;
	agt_txn *t;
	char *note;
	double t0;
	int rc;

	if (mkdtemp(tmpl) == NULL)
		return 1;
	atexit(cleanup);
	snprintf(reg, sizeof reg, "%s/reg", tmpl);
	snprintf(pub, sizeof pub, "%s/pub", tmpl);
	snprintf(rep, sizeof rep, "%s/rep", tmpl);
	build(reg, entries);
	if ((rc = agt_db_open(&db, reg, 0)) != AGT_OK ||
	    (rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) != AGT_OK)
		die(reg, rc);
	memset(&cp, 0, sizeof cp);
	strcpy(cp.origin, "bench.example/agtrace");
	if ((rc = agt_tree_head(t, &cp.size, cp.root)) != AGT_OK ||
	    (rc = agt_checkpoint_sign(&note, &cp, seed)) != AGT_OK)
		die("checkpoint", rc);
	bench_proofs(t, cp.size);
	bench_bundle(t, note);
	agt_txn_abort(t);

	t0 = now();
	if ((rc = agt_publish(db, pub, note, strlen(note), &written)) != AGT_OK)
		die("publish", rc);
	printf("publish %llu entries: %.2f s, %llu files\n",
	    (unsigned long long)cp.size, now() - t0,
	    (unsigned long long)written);
	t0 = now();
	if ((rc = agt_publish(db, pub, note, strlen(note), &written)) != AGT_OK)
		die("publish", rc);
	printf("publish again, nothing new: %.3f s, %llu files\n", now() - t0,
	    (unsigned long long)written);

	if ((rc = agt_db_open(&rdb, rep, AGT_OPEN_CREATE)) != AGT_OK)
		die(rep, rc);
	{
		unsigned char pk[32];

		if ((rc = agti_ed25519_public(pk, seed)) != AGT_OK)
			die("key", rc);
		t0 = now();
		if ((rc = agt_mirror(rdb, pub, pk, &info)) != AGT_OK)
			die("mirror", rc);
	}
	printf("mirror catch-up from a local directory: %llu entries in %.2f s "
	    "(%.0f entries/s, %llu files, %.1f MB)\n",
	    (unsigned long long)info.entries, now() - t0,
	    info.entries / (now() - t0), (unsigned long long)info.files,
	    info.bytes / 1e6);
	agt_db_close(rdb);
	agt_db_close(db);
	free(note);
	return 0;
}
