/*
 * bench_core - the register core's figures: lots put per second in one
 * transaction, commit time, microseconds per lookup by key from a
 * read-only handle, verify throughput, all in process CPU time.
 * AGTRACE_BENCH_LOTS sets the number of lots (default 100000).  Prints
 * figures; never fails on timing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lmdb.h>

#include "agtrace.h"
#include "sample.h"
#include "../tools/rmtree.h"

/*
 * Process CPU time: on a loaded machine wall time measures the other
 * processes too.  (I/O waits, e.g. the commit's fsync, are not counted.)
 */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die(const char *what, agt_db *db)
{
	fprintf(stderr, "bench_core: %s: %s\n", what, agt_errmsg(db));
	exit(1);
}

static agt_record *
lot(unsigned long i)
{
	char code[32], date[16];

	snprintf(code, sizeof code, "B%lu", i);
	snprintf(date, sizeof date, "2024-%02lu-%02lu", 1 + i % 12, 1 + i % 28);
	return sample_record(AGT_T_LOT, AGT_F_GTIN, "00950110153007",
	    AGT_F_LOT, code, AGT_F_SUPPLIER, "S002", AGT_F_CATEGORY, "FB01",
	    AGT_F_PRODUCT, "Acacia honey", AGT_F_ORIGIN_COUNTRY, "156",
	    AGT_F_ORIGIN_PLACE, "Linyi, Shandong", AGT_F_PACKED, date,
	    AGT_F_QUANTITY, "500", AGT_F_UNIT, "kg", 0);
}

static void
bench_put(agt_db *db, unsigned long n)
{
	agt_record **recs = malloc(n * sizeof *recs);
	double t0, t1, t2;
	unsigned long i;
	agt_txn *t;

	for (i = 0; i < n; i++)
		recs[i] = lot(i);
	if (agt_txn_begin(&t, db, 0) != AGT_OK || sample_fill(t, 0) != AGT_OK)
		die("fill", db);
	t0 = now();
	for (i = 0; i < n; i++)
		if (agt_put(t, recs[i], NULL) != AGT_OK)
			die("put", db);
	t1 = now();
	if (agt_txn_commit(t) != AGT_OK)
		die("commit", db);
	t2 = now();
	printf("put:    %lu lots in one transaction: %.0f lots/s (%.2f us/lot), "
	    "commit %.3f s CPU\n", n, n / (t1 - t0), 1e6 * (t1 - t0) / n, t2 - t1);
	if (agt_txn_begin(&t, db, 0) != AGT_OK)
		die("begin", db);
	t0 = now();
	for (i = 0; i < n; i++)
		if (agt_put(t, recs[i], NULL) != AGT_OK)
			die("put", db);
	t1 = now();
	agt_txn_abort(t);
	printf("put:    the same lots again (unchanged): %.0f lots/s\n",
	    n / (t1 - t0));
	for (i = 0; i < n; i++)
		agt_record_free(recs[i]);
	free(recs);
}

static void
bench_get(const char *path, unsigned long n)
{
	unsigned long i, m = n < 200000 ? 200000 : n;
	agt_record *r;
	char key[64];
	double t0, t1;
	agt_db *db;
	agt_txn *t;

	if (agt_db_open(&db, path, AGT_OPEN_RDONLY) != AGT_OK ||
	    agt_txn_begin(&t, db, AGT_TXN_RDONLY) != AGT_OK)
		die("open", NULL);
	srand(1);
	t0 = now();
	for (i = 0; i < m; i++) {
		snprintf(key, sizeof key, "00950110153007/B%lu",
		    (unsigned long)rand() % n);
		if (agt_get(&r, t, AGT_T_LOT, key) != AGT_OK)
			die("get", db);
		agt_record_free(r);
	}
	t1 = now();
	printf("get:    %lu random lots by key, read-only handle: %.2f us/lookup\n",
	    m, 1e6 * (t1 - t0) / m);
	agt_txn_abort(t);
	agt_db_close(db);
}

/* The floor: the two bare mdb_get calls a lookup by key needs. */
static void
bench_floor(const char *path, unsigned long n)
{
	unsigned long i, m = n < 200000 ? 200000 : n;
	MDB_dbi lot, ledger;
	MDB_val k, v;
	char key[64];
	double t0, t1;
	MDB_env *env;
	MDB_txn *txn;

	if (mdb_env_create(&env) || mdb_env_set_maxdbs(env, 64) ||
	    mdb_env_set_mapsize(env, (size_t)1 << 30) ||
	    mdb_env_open(env, path, MDB_RDONLY | MDB_NOTLS, 0600) ||
	    mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) ||
	    mdb_dbi_open(txn, "lot", 0, &lot) || mdb_dbi_open(txn, "ledger", 0, &ledger))
		die("lmdb", NULL);
	srand(1);
	t0 = now();
	for (i = 0; i < m; i++) {
		k.mv_data = key;
		k.mv_size = (size_t)snprintf(key, sizeof key, "00950110153007B%lu",
		    (unsigned long)rand() % n);
		if (mdb_get(txn, lot, &k, &v) || mdb_get(txn, ledger, &v, &k))
			die("mdb_get", NULL);
	}
	t1 = now();
	printf("floor:  the same lookups as two bare mdb_get: %.2f us/lookup\n",
	    1e6 * (t1 - t0) / m);
	mdb_txn_abort(txn);
	mdb_env_close(env);
}

static int
progress(uint64_t done, uint64_t total, void *payload)
{
	(void)done;
	(void)total;
	(void)payload;
	return 0;
}

static void
bench_verify(agt_db *db)
{
	uint64_t seq;
	double t0, t1;
	agt_txn *t;

	if (agt_txn_begin(&t, db, AGT_TXN_RDONLY) != AGT_OK ||
	    agt_ledger_head(t, &seq, NULL) != AGT_OK)
		die("head", db);
	agt_txn_abort(t);
	t0 = now();
	if (agt_verify(db, 0, NULL, progress, NULL) != AGT_OK)
		die("verify", db);
	t1 = now();
	printf("verify: %llu entries: %.0f entries/s\n", (unsigned long long)seq,
	    seq / (t1 - t0));
}

int
main(void)
{
	char tmpl[] = "/tmp/agtrace-bench-XXXXXX", path[64];
	unsigned long n = 100000;
	const char *v;
	agt_db *db;

	if ((v = getenv("AGTRACE_BENCH_LOTS")) != NULL && atol(v) > 0)
		n = (unsigned long)atol(v);
	if (mkdtemp(tmpl) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/reg", tmpl);
	if (agt_db_create(&db, path) != AGT_OK)
		die("create", NULL);
	bench_put(db, n);
	agt_db_close(db);
	bench_get(path, n);
	bench_floor(path, n);
	if (agt_db_open(&db, path, AGT_OPEN_RDONLY) != AGT_OK)
		die("open", NULL);
	bench_verify(db);
	agt_db_close(db);
	rm_tree(tmpl);
	return 0;
}
