/* test_store.c - put, get, revisions, references, lists, concurrency. */
#include "config.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "coretest.h"
#include "../../lib/db_private.h"

struct fx {
	char *path;
	agt_db *db;
	agt_txn *t;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->path = scratch_path();
	assert_int_equal(sample_create(f->path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&f->db, f->path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&f->t, f->db, 0), AGT_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	agt_txn_abort(f->t);
	agt_db_close(f->db);
	scratch_free(f->path);
	free(f);
	return 0;
}

static uint64_t
head(agt_txn *t)
{
	uint64_t seq;

	assert_int_equal(agt_ledger_head(t, &seq, NULL), AGT_OK);
	return seq;
}

static void
test_get_each_type(void **state)
{
	static const struct { int type; const char *key, *field, *value; } cases[] = {
		{ AGT_T_CATEGORY, "FV01", NULL, NULL },
		{ AGT_T_SUPPLIER, "S001", NULL, NULL },
		{ AGT_T_AGENCY, "A01", NULL, NULL },
		{ AGT_T_SALESPOINT, "SP01", NULL, NULL },
		{ AGT_T_LOT, SAMPLE_LOT3, NULL, NULL },
		{ AGT_T_LOT, "6901234567908/H-7", NULL, NULL }, /* GTIN-13 */
		{ AGT_T_REPORT, "R-2024-0001", NULL, NULL },
		{ AGT_T_SHIPMENT, SAMPLE_LOT1 "/SP01/2024-09-06", NULL, NULL },
	};
	struct fx *f = *state;
	agt_record *r, *copy;
	unsigned char *a, *b;
	size_t i, na, nb;
	int out;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(agt_get(&r, f->t, cases[i].type, cases[i].key), AGT_OK);
		assert_int_equal(agt_record_type(r), cases[i].type);
		assert_true(agt_record_seq(r) > 0);
		assert_non_null(agt_record_hash(r));
		/* Round trip: putting what was read changes nothing. */
		assert_int_equal(agt_record_dup(&copy, r), AGT_OK);
		assert_int_equal(agt_put(f->t, copy, &out), AGT_OK);
		assert_int_equal(out, AGT_PUT_UNCHANGED);
		assert_int_equal(agt_record_encode(r, &a, &na), AGT_OK);
		assert_int_equal(agt_record_encode(copy, &b, &nb), AGT_OK);
		assert_int_equal(na, nb);
		assert_memory_equal(a, b, na);
		agt_free(a);
		agt_free(b);
		agt_record_free(copy);
		agt_record_free(r);
	}
	assert_int_equal(head(f->t), 16);
	assert_int_equal(agt_get(&r, f->t, AGT_T_SUPPLIER, "S999"), AGT_ENOTFOUND);
	assert_null(r);
	assert_int_equal(agt_get(&r, f->t, AGT_T_LOT, "123/L1"), AGT_EINVAL);
	assert_int_equal(agt_get(&r, f->t, AGT_T_LOT, SAMPLE_GTIN1), AGT_EINVAL);
	assert_int_equal(agt_get(&r, f->t, AGT_T_ITEM, "x"), AGT_EINVAL);
	assert_int_equal(agt_get(&r, f->t, AGT_T_LOT, SAMPLE_GTIN1 "/NOPE"), AGT_ENOTFOUND);
}

static void
test_revision(void **state)
{
	struct fx *f = *state;
	agt_record *r, *cur;
	char *lot;
	int out;

	assert_int_equal(agt_get(&r, f->t, AGT_T_LOT, SAMPLE_LOT1), AGT_OK);
	assert_int_equal(agt_record_seq(r), 12);
	assert_string_equal(agt_record_get(r, AGT_F_QUANTITY), "1150");
	assert_int_equal(agt_alias_resolve(&lot, f->t, "CN-TRACE-0001"), AGT_OK);
	assert_string_equal(lot, SAMPLE_LOT1);
	agt_free(lot);
	/* Revise: another supplier, the alias replaced. */
	assert_int_equal(agt_record_set(r, AGT_F_SUPPLIER, "S002"), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_ALIAS, "CN-TRACE-0002"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_REVISED);
	assert_int_equal(head(f->t), 17);
	assert_int_equal(agt_get(&cur, f->t, AGT_T_LOT, SAMPLE_LOT1), AGT_OK);
	assert_int_equal(agt_record_seq(cur), 17);
	assert_string_equal(agt_record_get(cur, AGT_F_SUPPLIER), "S002");
	agt_record_free(cur);
	assert_int_equal(agt_alias_resolve(&lot, f->t, "CN-TRACE-0001"), AGT_ENOTFOUND);
	assert_int_equal(agt_alias_resolve(&lot, f->t, "CN-TRACE-0002"), AGT_OK);
	agt_free(lot);
	{
		char big[1000];

		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		assert_int_equal(agt_alias_resolve(&lot, f->t, big), AGT_ENOTFOUND);
		assert_int_equal(agt_alias_resolve(&lot, f->t, ""), AGT_ENOTFOUND);
	}
	assert_int_equal(agt_put(f->t, r, &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_UNCHANGED);
	assert_int_equal(head(f->t), 17);
	agt_record_free(r);
	/* An alias names one lot only. */
	assert_int_equal(agt_get(&r, f->t, AGT_T_LOT, SAMPLE_LOT2), AGT_OK);
	assert_int_equal(agt_record_add(r, AGT_F_ALIAS, "CN-TRACE-0002"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, &out), AGT_EEXISTS);
	assert_non_null(strstr(agt_errmsg(f->db), "CN-TRACE-0002"));
	agt_record_free(r);
	assert_int_equal(head(f->t), 17);
	/* A supplier revision. */
	assert_int_equal(agt_get(&r, f->t, AGT_T_SUPPLIER, "S002"), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_CONTACT, "+86 539 000"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_REVISED);
	agt_record_free(r);
	assert_int_equal(agt_txn_commit(f->t), AGT_OK);
	f->t = NULL;
	assert_int_equal(agt_verify(f->db, 0, NULL, NULL, NULL), AGT_OK);
}

static void
test_report_immutable(void **state)
{
	struct fx *f = *state;
	agt_record *r;
	int out;

	assert_int_equal(agt_get(&r, f->t, AGT_T_REPORT, "R-2024-0001"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_UNCHANGED);
	assert_int_equal(agt_record_set(r, AGT_F_VERDICT, "fail"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, &out), AGT_EEXISTS);
	assert_non_null(strstr(agt_errmsg(f->db), "R-2024-0001"));
	assert_int_equal(head(f->t), 16);
	/* A correction is a new report that supersedes it. */
	assert_int_equal(agt_record_set(r, AGT_F_ID, "R-2024-0001-C1"), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_SUPERSEDES, "R-2024-0001"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, &out), AGT_OK);
	assert_int_equal(out, AGT_PUT_NEW);
	agt_record_free(r);
}

static void
test_references(void **state)
{
	struct fx *f = *state;
	agt_record *r;

	r = sample_record(AGT_T_LOT, AGT_F_GTIN, SAMPLE_GTIN2, AGT_F_LOT, "X1",
	    AGT_F_SUPPLIER, "S999", AGT_F_CATEGORY, "FV01", AGT_F_PRODUCT, "P",
	    AGT_F_ORIGIN_COUNTRY, "156", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(f->db), "unknown supplier S999"));
	assert_int_equal(agt_record_set(r, AGT_F_SUPPLIER, "S001"), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_CATEGORY, "ZZ99"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(f->db), "unknown category ZZ99"));
	agt_record_free(r);

	r = sample_record(AGT_T_SHIPMENT, AGT_F_GTIN, SAMPLE_GTIN2, AGT_F_LOT,
	    "H-7", AGT_F_SALESPOINT, "SP99", AGT_F_SHIPPED, "2024-09-09", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_ENOTFOUND);
	assert_int_equal(agt_record_set(r, AGT_F_SALESPOINT, "SP01"), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_LOT, "H-8"), AGT_OK);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(f->db), "unknown lot " SAMPLE_GTIN2 "/H-8"));
	agt_record_free(r);

	/* References to records put earlier in the same transaction. */
	r = sample_record(AGT_T_SALESPOINT, AGT_F_ID, "SP99", AGT_F_NAME, "New", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_OK);
	agt_record_free(r);
	r = sample_record(AGT_T_SHIPMENT, AGT_F_GTIN, SAMPLE_GTIN2, AGT_F_LOT,
	    "H-7", AGT_F_SALESPOINT, "SP99", AGT_F_SHIPPED, "2024-09-09", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_OK);
	agt_record_free(r);
	/* Invalid records say which field. */
	r = sample_record(AGT_T_SUPPLIER, AGT_F_ID, "S3", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_EINVAL);
	assert_non_null(strstr(agt_errmsg(f->db), "name"));
	agt_record_free(r);
	assert_int_equal(head(f->t), 18);
}

/* Keys of the records LIST yields, comma-separated. */
static char *
keys(agt_txn *t, int type, int by, const char *key)
{
	static char buf[1024];
	const agt_record *r;
	agt_iter *it;
	int rc;

	buf[0] = '\0';
	assert_int_equal(agt_list(&it, t, type, by, key), AGT_OK);
	while ((rc = agt_iter_next(it, &r)) == AGT_OK) {
		if (buf[0] != '\0')
			strcat(buf, ",");
		strcat(buf, agt_record_key(r));
	}
	assert_int_equal(rc, AGT_ITEROVER);
	agt_iter_free(it);
	return buf;
}

static void
test_lists(void **state)
{
	struct fx *f = *state;
	agt_iter *it;
	uint64_t n;

	assert_string_equal(keys(f->t, AGT_T_CATEGORY, AGT_BY_ALL, NULL), "FB01,FV01,LS01");
	assert_string_equal(keys(f->t, AGT_T_SUPPLIER, AGT_BY_ALL, NULL), "S001,S002");
	assert_string_equal(keys(f->t, AGT_T_LOT, AGT_BY_ALL, NULL),
	    SAMPLE_LOT1 "," SAMPLE_LOT2 "," SAMPLE_LOT3);
	assert_string_equal(keys(f->t, AGT_T_LOT, AGT_BY_SUPPLIER, "S001"),
	    SAMPLE_LOT1 "," SAMPLE_LOT2);
	assert_string_equal(keys(f->t, AGT_T_LOT, AGT_BY_SUPPLIER, "S002"), SAMPLE_LOT3);
	assert_string_equal(keys(f->t, AGT_T_LOT, AGT_BY_SUPPLIER, "S404"), "");
	/* Newest first by packing date; GTIN-13 accepted. */
	assert_string_equal(keys(f->t, AGT_T_LOT, AGT_BY_GTIN, "6901234567892"),
	    SAMPLE_LOT2 "," SAMPLE_LOT1);
	assert_string_equal(keys(f->t, AGT_T_LOT, AGT_BY_GTIN, "00950110153007"), "");
	assert_string_equal(keys(f->t, AGT_T_REPORT, AGT_BY_LOT, SAMPLE_LOT1), "R-2024-0001");
	assert_string_equal(keys(f->t, AGT_T_REPORT, AGT_BY_AGENCY, "A01"),
	    "R-2024-0001,R-2024-0002");
	assert_string_equal(keys(f->t, AGT_T_SHIPMENT, AGT_BY_LOT, SAMPLE_LOT3),
	    SAMPLE_LOT3 "/SP02/2024-08-25");
	assert_string_equal(keys(f->t, AGT_T_SHIPMENT, AGT_BY_SALESPOINT, "SP01"),
	    SAMPLE_LOT1 "/SP01/2024-09-06");
	assert_int_equal(agt_list(&it, f->t, AGT_T_SUPPLIER, AGT_BY_GTIN, "1"), AGT_EINVAL);
	assert_int_equal(agt_list(&it, f->t, AGT_T_LOT, AGT_BY_GTIN, "123"), AGT_EINVAL);
	assert_int_equal(agt_list(&it, f->t, AGT_T_LOT, AGT_BY_SUPPLIER, NULL), AGT_EINVAL);
	assert_int_equal(agt_count(f->t, AGT_T_LOT, &n), AGT_OK);
	assert_int_equal(n, 3);
	assert_int_equal(agt_count(f->t, AGT_T_CATEGORY, &n), AGT_OK);
	assert_int_equal(n, 3);
	assert_int_equal(agt_count(f->t, AGT_T_ITEM, &n), AGT_EINVAL);
}

static void
test_gtin_order_ties(void **state)
{
	struct fx *f = *state;
	agt_record *r;

	/* Same date as L2024-002: the later entry comes first. */
	r = sample_record(AGT_T_LOT, AGT_F_GTIN, SAMPLE_GTIN1, AGT_F_LOT, "L0",
	    AGT_F_SUPPLIER, "S001", AGT_F_CATEGORY, "FV01", AGT_F_PRODUCT, "P",
	    AGT_F_ORIGIN_COUNTRY, "156", AGT_F_PACKED, "2024-09-08", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_OK);
	agt_record_free(r);
	r = sample_record(AGT_T_LOT, AGT_F_GTIN, SAMPLE_GTIN1, AGT_F_LOT, "NODATE",
	    AGT_F_SUPPLIER, "S001", AGT_F_CATEGORY, "FV01", AGT_F_PRODUCT, "P",
	    AGT_F_ORIGIN_COUNTRY, "156", AGT_F_PRODUCED, "2025-01-01", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_OK);
	agt_record_free(r);
	assert_string_equal(keys(f->t, AGT_T_LOT, AGT_BY_GTIN, SAMPLE_GTIN1),
	    SAMPLE_GTIN1 "/NODATE," SAMPLE_GTIN1 "/L0," SAMPLE_LOT2 "," SAMPLE_LOT1);
}

static void
test_abort_and_readonly(void **state)
{
	struct fx *f = *state;
	agt_record *r;
	agt_db *ro;
	agt_txn *t;

	r = sample_record(AGT_T_SUPPLIER, AGT_F_ID, "S3", AGT_F_NAME, "N", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_OK);
	agt_txn_abort(f->t);
	assert_int_equal(agt_txn_begin(&f->t, f->db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(head(f->t), 16);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_EREADONLY);
	agt_record_free(r);
	agt_txn_abort(f->t);
	f->t = NULL;
	agt_db_close(f->db);
	f->db = NULL;
	assert_int_equal(agt_db_open(&ro, f->path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, ro, 0), AGT_EREADONLY);
	assert_int_equal(agt_txn_begin(&t, ro, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_get(&r, t, AGT_T_SUPPLIER, "S3"), AGT_ENOTFOUND);
	agt_txn_abort(t);
	agt_db_close(ro);
}

static void
test_open_errors(void **state)
{
	struct fx *f = *state;
	agt_db *db;
	char *path = scratch_path();
	unsigned char v4[4] = { 0, 0, 0, 99 };
	struct raw raw;
	MDB_val k = { 6, (void *)"format" }, v = { 4, v4 };

	(void)f;
	assert_int_equal(agt_db_open(&db, path, 0), AGT_ENOTFOUND);
	assert_null(db);
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_RDONLY), AGT_ENOTFOUND);
	assert_int_equal(agt_db_create(&db, path), AGT_OK);
	assert_string_equal(agt_db_path(db), path);
	agt_db_close(db);
	assert_int_equal(agt_db_create(&db, path), AGT_EEXISTS);
	assert_int_equal(agt_db_open(&db, path, AGT_OPEN_CREATE), AGT_OK);
	agt_db_close(db);
	raw_open(&raw, path, "meta");
	assert_int_equal(mdb_put(raw.txn, raw.dbi, &k, &v, 0), 0);
	raw_close(&raw);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_EVERSION);
	assert_non_null(strstr(agt_errmsg(NULL), "newer"));
	scratch_free(path);
}

/*
 * A reader in another process sees whole transactions only: the writer
 * commits batches of 50 lots; the reader's lot count is always 3 + 50k.
 */
static void
test_reader_process(void **state)
{
	struct fx *f = *state;
	int pfd[2], status, batch, i;
	char go;
	pid_t pid;

	agt_txn_abort(f->t);
	f->t = NULL;
	assert_int_equal(pipe(pfd), 0);
	if ((pid = fork()) == 0) {
		agt_db *ro;
		agt_txn *t;
		uint64_t n = 0;
		int bad = 0, reads = 0;

		close(pfd[1]);
		if (agt_db_open(&ro, f->path, AGT_OPEN_RDONLY) != AGT_OK)
			_exit(2);
		if (read(pfd[0], &go, 1) != 1)
			_exit(3);
		while (n < 3 + 50 * 10 && reads < 1000000) {
			if (agt_txn_begin(&t, ro, AGT_TXN_RDONLY) != AGT_OK ||
			    agt_count(t, AGT_T_LOT, &n) != AGT_OK)
				_exit(4);
			bad += (n - 3) % 50 != 0;
			agt_txn_abort(t);
			reads++;
		}
		agt_db_close(ro);
		_exit(bad ? 1 : n == 503 ? 0 : 5);
	}
	close(pfd[0]);
	assert_int_equal(write(pfd[1], "g", 1), 1);
	for (batch = 0; batch < 10; batch++) {
		assert_int_equal(agt_txn_begin(&f->t, f->db, 0), AGT_OK);
		for (i = 0; i < 50; i++) {
			char code[32];
			agt_record *r;

			snprintf(code, sizeof code, "P%d-%d", batch, i);
			r = sample_record(AGT_T_LOT, AGT_F_GTIN, SAMPLE_GTIN2,
			    AGT_F_LOT, code, AGT_F_SUPPLIER, "S002",
			    AGT_F_CATEGORY, "FB01", AGT_F_PRODUCT, "Honey",
			    AGT_F_ORIGIN_COUNTRY, "156", 0);
			assert_int_equal(agt_put(f->t, r, NULL), AGT_OK);
			agt_record_free(r);
		}
		assert_int_equal(agt_txn_commit(f->t), AGT_OK);
		f->t = NULL;
	}
	close(pfd[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Opening read-write does not wait for another process's writer. */
static void
test_open_while_writing(void **state)
{
	struct fx *f = *state;
	int to_child[2], to_parent[2], status;
	agt_db *db;
	pid_t pid;
	char c;

	agt_txn_abort(f->t);
	f->t = NULL;
	agt_db_close(f->db);
	f->db = NULL;
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);
	if ((pid = fork()) == 0) {
		agt_db *w;
		agt_txn *t;

		/* Only the parent writes to_child: its death is our EOF. */
		close(to_child[1]);
		close(to_parent[0]);
		if (agt_db_open(&w, f->path, 0) != AGT_OK ||
		    agt_txn_begin(&t, w, 0) != AGT_OK)
			_exit(2);
		if (write(to_parent[1], "w", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(3);
		agt_txn_abort(t);
		agt_db_close(w);
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	assert_int_equal(read(to_parent[0], &c, 1), 1);
	alarm(20); /* a hang is a failure */
	assert_int_equal(agt_db_open(&db, f->path, 0), AGT_OK);
	alarm(0);
	agt_db_close(db);
	assert_int_equal(write(to_child[1], "g", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(to_child[1]);
	close(to_parent[0]);
}

/* Put lots into F's register until a put fails; return that status. */
static int
fill_until_failure(struct fx *f, unsigned max)
{
	unsigned i;
	int rc = AGT_OK;

	for (i = 0; i < max && rc == AGT_OK; i++) {
		char code[32];
		agt_record *r;

		snprintf(code, sizeof code, "F%u", i);
		r = sample_record(AGT_T_LOT, AGT_F_GTIN, SAMPLE_GTIN2,
		    AGT_F_LOT, code, AGT_F_SUPPLIER, "S002",
		    AGT_F_CATEGORY, "FB01", AGT_F_PRODUCT, "Honey",
		    AGT_F_ORIGIN_COUNTRY, "156", 0);
		rc = agt_put(f->t, r, NULL);
		agt_record_free(r);
	}
	return rc;
}

/* The register intact after a failed transaction: nothing of it kept. */
static void
assert_untouched(struct fx *f)
{
	uint64_t n;

	assert_int_equal(agt_db_open(&f->db, f->path, AGT_OPEN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&f->t, f->db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(head(f->t), 16);
	assert_int_equal(agt_count(f->t, AGT_T_LOT, &n), AGT_OK);
	assert_int_equal(n, 3);
	agt_txn_abort(f->t);
	f->t = NULL;
	assert_int_equal(agt_verify(f->db, 0, NULL, NULL, NULL), AGT_OK);
}

/* A full map fails the put and the transaction; nothing is kept. */
static void
test_map_full(void **state)
{
	struct fx *f = *state;
	agt_record *r;
	int rc;

	agt_txn_abort(f->t);
	agt_db_close(f->db);
	agti_test_mapsize = (size_t)1 << 20;
	assert_int_equal(agt_db_open(&f->db, f->path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&f->t, f->db, 0), AGT_OK);
	rc = fill_until_failure(f, 100000);
	agti_test_mapsize = 0;
	assert_int_equal(rc, AGT_EFULL);
	assert_non_null(strstr(agt_errmsg(f->db), "full"));
	/* The transaction stays failed. */
	r = sample_record(AGT_T_SUPPLIER, AGT_F_ID, "S9", AGT_F_NAME, "N", 0);
	assert_int_equal(agt_put(f->t, r, NULL), AGT_EFULL);
	agt_record_free(r);
	assert_int_equal(agt_txn_commit(f->t), AGT_EFULL);
	f->t = NULL;
	agt_db_close(f->db);
	assert_untouched(f);
}

/* A disk that refuses to grow the file (here: a file size limit). */
static void
test_disk_full(void **state)
{
	struct fx *f = *state;
	int status;
	pid_t pid;

	agt_txn_abort(f->t);
	f->t = NULL;
	if ((pid = fork()) == 0) {
		struct rlimit rl = { 200000, 200000 };

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0 ||
		    agt_txn_begin(&f->t, f->db, 0) != AGT_OK ||
		    fill_until_failure(f, 5000) != AGT_OK)
			_exit(2);
		status = agt_txn_commit(f->t);
		if (status != AGT_EFULL)
			fprintf(stderr, "commit: %d %s\n", status, agt_errmsg(f->db));
		_exit(status == AGT_EFULL ? 0 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	agt_db_close(f->db);
	assert_untouched(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_each_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_immutable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gtin_order_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_and_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_while_writing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
