/*
 * bench_lookup - agt_lookup() latency, in process and warm, for a full
 * provenance assembly (lot, supplier, category, 2 reports with items,
 * agency; every ledger hash checked), against:
 *   - the floor: the same LMDB reads done as bare mdb_get() calls
 *     (one read txn, the same keys, no hashing, no decoding);
 *   - its reads as it does them (one get, then a cursor on the ledger),
 *     each entry read through once, no hashing, no decoding: the lookup
 *     minus this is its CPU;
 *   - SQLite holding the same records (WITHOUT ROWID tables, primary-key
 *     indexes, prepared statements, records decoded the same way);
 * for random lots and for a hot set of 10,000 lots; and the whole-process
 * time of `agtrace lookup CODE`.
 *
 * AGTRACE_BENCH_LOTS lots (default 1000000) with 2 reports each, 300
 * suppliers, 10 agencies, 10 categories.  AGTRACE_BENCH_DIR keeps the
 * register and the SQLite file between runs (built once);
 * AGTRACE_BENCH_ONLY=lookup|floor|reads|sqlite times one method and
 * AGTRACE_BENCH_SAMPLES (default 100000) sets the lookups per set and
 * AGTRACE_BENCH_SET=random|hot runs one set (for profiling).
 * Prints figures; never fails on timing.
 */
#include "lookup_private.h"
#include "cache_private.h"
#include "lotcache_private.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define NSUP 300
#define NAG 10
#define NCAT 10
#define HOT 10000

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Each lookup is timed on the monotonic clock (read through the vDSO in
 * about 0.07 us; the thread CPU-time clock is a system call of 0.4 us,
 * which would be counted in every sample).  On a shared machine a sample
 * may include time the thread waited for a CPU; the median does not.
 */
#define sample_now now

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "bench_lookup: %s: %s\n", what, why);
	exit(1);
}

static agt_record *
rec(int type, ...)
{
	agt_record *r;
	va_list ap;
	int f;

	if (agt_record_new(&r, type) != AGT_OK)
		die("record", "no memory");
	va_start(ap, type);
	while ((f = va_arg(ap, int)) != 0)
		if (agt_record_add(r, f, va_arg(ap, const char *)) != AGT_OK)
			die("record", "bad field");
	va_end(ap);
	return r;
}

/* Lot I: GTIN of one of 1000 products, lot code L<i>. */
static void
lot_ids(unsigned long i, char gtin[15], char lot[16])
{
	char d[14];

	snprintf(d, sizeof d, "0690123%06lu", i % 1000);
	snprintf(gtin, 15, "%s%d", d, agti_gs1_csum_digit(d, 14));
	snprintf(lot, 16, "L%07lu", i);
}

struct sink {
	agt_txn *t;
	sqlite3 *sq;
	sqlite3_stmt *ins[4];
};

static void
sq_exec(sqlite3 *sq, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(sq, sql, NULL, NULL, &err) != SQLITE_OK)
		die(sql, err);
}

/* Put REC into the register and its encoding into SQLite table TAB. */
static void
put(struct sink *s, agt_record *r, int tab, const char *k1, size_t k1len,
	const char *k2)
{
	unsigned char *buf;
	size_t len;
	sqlite3_stmt *st = s->ins[tab];

	if (agt_put(s->t, r, NULL) != AGT_OK)
		die("put", agt_errmsg(agt_txn_db(s->t)));
	if (agt_record_encode(r, &buf, &len) != AGT_OK)
		die("encode", "");
	sqlite3_bind_blob(st, 1, k1, (int)k1len, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, k2, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 3, buf, (int)len, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		die("sqlite insert", sqlite3_errmsg(s->sq));
	sqlite3_reset(st);
	agt_free(buf);
	agt_record_free(r);
}

static void
link_report(struct sink *s, const char *lk, size_t lklen, const char *id)
{
	sqlite3_stmt *st = s->ins[3];

	sqlite3_bind_blob(st, 1, lk, (int)lklen, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		die("sqlite link", sqlite3_errmsg(s->sq));
	sqlite3_reset(st);
}

static void
put_parties(struct sink *s)
{
	static const unsigned char key[32] = { 9 };
	char id[16], name[32];
	agt_record *r;
	int i;

	for (i = 0; i < NCAT; i++) {
		snprintf(id, sizeof id, "FV%02d", i);
		snprintf(name, sizeof name, "Category %d", i);
		put(s, rec(AGT_T_CATEGORY, AGT_F_ID, id, AGT_F_NAME, name,
		    AGT_F_GROUP, "fruit-vegetable", 0), 0, id, strlen(id), "");
	}
	for (i = 0; i < NSUP; i++) {
		snprintf(id, sizeof id, "S%03d", i);
		snprintf(name, sizeof name, "Supplier %d Orchard", i);
		put(s, rec(AGT_T_SUPPLIER, AGT_F_ID, id, AGT_F_NAME, name,
		    AGT_F_REGION, "Yantai", AGT_F_LICENCE, "SC11137060200011",
		    AGT_F_CERTIFICATION, "GAP", 0), 0, id, strlen(id), "");
	}
	for (i = 0; i < NAG; i++) {
		snprintf(id, sizeof id, "A%02d", i);
		snprintf(name, sizeof name, "Testing Centre %d", i);
		r = rec(AGT_T_AGENCY, AGT_F_ID, id, AGT_F_NAME, name,
		    AGT_F_ACCREDITATION, "CNAS L1234", 0);
		agt_record_set_bytes(r, AGT_F_PUBKEY, key, sizeof key);
		put(s, r, 0, id, strlen(id), "");
	}
}

static agt_record *
report(const char *id, const char *agency, const char *gtin, const char *lot,
	const char *issued, const char *supersedes)
{
	agt_record *r = rec(AGT_T_REPORT, AGT_F_ID, id, AGT_F_AGENCY, agency,
	    AGT_F_SAMPLED, "2026-09-02", AGT_F_ISSUED, issued,
	    AGT_F_VERDICT, "pass", 0), *c;

	if (supersedes != NULL)
		agt_record_set(r, AGT_F_SUPERSEDES, supersedes);
	c = rec(AGT_T_LOTREF, AGT_F_GTIN, gtin, AGT_F_LOT, lot, 0);
	agt_record_add_child(r, AGT_F_LOTREF, c);
	agt_record_free(c);
	c = rec(AGT_T_ITEM, AGT_F_ANALYTE, "chlorpyrifos", AGT_F_METHOD,
	    "GB 23200.113-2018", AGT_F_VALUE, "0.002", AGT_F_UNIT, "mg/kg",
	    AGT_F_ITEM_LIMIT, "0.05", AGT_F_VERDICT, "pass", 0);
	agt_record_add_child(r, AGT_F_ITEM, c);
	agt_record_free(c);
	c = rec(AGT_T_ITEM, AGT_F_ANALYTE, "lead (Pb)", AGT_F_METHOD,
	    "GB 5009.12-2017", AGT_F_VALUE, "0.01", AGT_F_UNIT, "mg/kg",
	    AGT_F_ITEM_LIMIT, "0.1", AGT_F_VERDICT, "pass", 0);
	agt_record_add_child(r, AGT_F_ITEM, c);
	agt_record_free(c);
	return r;
}

static void
put_lot(struct sink *s, unsigned long i)
{
	char gtin[15], lot[16], sup[8], cat[8], ag[8], date[16], r1[24], r2[24];
	char lk[AGTI_KEY_MAX];
	size_t lklen;

	lot_ids(i, gtin, lot);
	lklen = agti_lot_key(gtin, 14, lot, strlen(lot), lk);
	snprintf(sup, sizeof sup, "S%03lu", i % NSUP);
	snprintf(cat, sizeof cat, "FV%02lu", i % NCAT);
	snprintf(ag, sizeof ag, "A%02lu", i % NAG);
	snprintf(date, sizeof date, "2026-%02lu-%02lu", 1 + i % 12, 1 + i % 28);
	put(s, rec(AGT_T_LOT, AGT_F_GTIN, gtin, AGT_F_LOT, lot, AGT_F_SUPPLIER,
	    sup, AGT_F_CATEGORY, cat, AGT_F_PRODUCT, "Fuji apples",
	    AGT_F_ORIGIN_COUNTRY, "156", AGT_F_ORIGIN_PLACE, "Qixia, Shandong",
	    AGT_F_HARVESTED, date, AGT_F_PACKED, date, AGT_F_EXPIRES,
	    "2027-12-31", AGT_F_QUANTITY, "1200", AGT_F_UNIT, "kg", 0),
	    1, lk, lklen, sup);
	snprintf(r1, sizeof r1, "R%08lu-1", i);
	snprintf(r2, sizeof r2, "R%08lu-2", i);
	put(s, report(r1, ag, gtin, lot, "2026-09-05", NULL), 2, r1, strlen(r1), ag);
	put(s, report(r2, ag, gtin, lot, "2026-09-07", r1), 2, r2, strlen(r2), ag);
	link_report(s, lk, lklen, r1);
	link_report(s, lk, lklen, r2);
}

static const char *const schema =
    "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
    "CREATE TABLE parties(k BLOB PRIMARY KEY, x TEXT, rec BLOB) WITHOUT ROWID;"
    "CREATE TABLE lots(k BLOB PRIMARY KEY, supplier TEXT, rec BLOB) WITHOUT ROWID;"
    "CREATE TABLE reports(k BLOB PRIMARY KEY, agency TEXT, rec BLOB) WITHOUT ROWID;"
    "CREATE TABLE lot_reports(lot BLOB, report TEXT, PRIMARY KEY(lot, report))"
    " WITHOUT ROWID;";

static void
build(const char *dir, const char *reg, const char *sqf, unsigned long n)
{
	static const char *const ins[] = {
		"INSERT INTO parties VALUES(?,?,?)", "INSERT INTO lots VALUES(?,?,?)",
		"INSERT INTO reports VALUES(?,?,?)",
		"INSERT INTO lot_reports VALUES(?,?)" };
	struct sink s;
	agt_db *db;
	unsigned long i;
	double t0 = now();
	int k;

	mkdir(dir, 0700);
	if (agt_db_create(&db, reg) != AGT_OK)
		die(reg, agt_errmsg(NULL));
	if (sqlite3_open(sqf, &s.sq) != SQLITE_OK)
		die(sqf, sqlite3_errmsg(s.sq));
	sq_exec(s.sq, schema);
	for (k = 0; k < 4; k++)
		if (sqlite3_prepare_v2(s.sq, ins[k], -1, &s.ins[k], NULL) != SQLITE_OK)
			die(ins[k], sqlite3_errmsg(s.sq));
	for (i = 0; i <= n; i += 20000) {
		if (agt_txn_begin(&s.t, db, 0) != AGT_OK)
			die("begin", agt_errmsg(db));
		sq_exec(s.sq, "BEGIN");
		if (i == 0)
			put_parties(&s);
		for (k = 0; k < 20000 && i + (unsigned long)k < n; k++)
			put_lot(&s, i + (unsigned long)k);
		if (agt_txn_commit(s.t) != AGT_OK)
			die("commit", agt_errmsg(db));
		sq_exec(s.sq, "COMMIT");
		if (i % 200000 == 0)
			fprintf(stderr, "  built %lu lots (%.0f s)\n", i, now() - t0);
	}
	for (k = 0; k < 4; k++)
		sqlite3_finalize(s.ins[k]);
	sqlite3_close(s.sq);
	agt_db_close(db);
	printf("built %lu lots, %lu reports in %.1f s (register and SQLite)\n",
	    n, 2 * n, now() - t0);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
report_figures(const char *what, double *t, size_t n, double *median)
{
	qsort(t, n, sizeof *t, cmp_double);
	*median = t[n / 2];
	printf("  %-34s median %6.2f us   p99 %6.2f us\n", what, t[n / 2] * 1e6,
	    t[n * 99 / 100] * 1e6);
}

/* What one lookup reads, for the floor: the keys and sequence numbers. */
struct keys {
	char lk[32];
	size_t lklen;
	uint64_t seq[6]; /* lot, supplier, category, report 1, report 2, agency */
	char sup[8], cat[8], r[2][24], ag[8];
	char hold[5][48];  /* recall ids "lot:GTIN/LOT", "gtin:...", ... */
};

static void
code_of(unsigned long i, char *code, size_t size)
{
	char gtin[15], lot[16];

	lot_ids(i, gtin, lot);
	snprintf(code, size, "]C101%s10%s", gtin, lot);
}

static void
learn_keys(agt_db *db, unsigned long i, struct keys *k)
{
	agt_provenance *p;
	char code[64];

	code_of(i, code, sizeof code);
	if (agt_lookup(&p, db, code, strlen(code), NULL) != AGT_OK)
		die(code, agt_errmsg(db));
	k->lklen = agti_record_index_key(p->lot, k->lk);
	k->seq[0] = agt_record_seq(p->lot);
	k->seq[1] = agt_record_seq(p->supplier);
	k->seq[2] = agt_record_seq(p->category);
	k->seq[3] = agt_record_seq(p->rep[0].report);
	k->seq[4] = agt_record_seq(p->rep[1].report);
	k->seq[5] = agt_record_seq(p->rep[0].agency);
	snprintf(k->sup, sizeof k->sup, "%s", agt_record_get(p->supplier, AGT_F_ID));
	snprintf(k->cat, sizeof k->cat, "%s", agt_record_get(p->category, AGT_F_ID));
	snprintf(k->r[0], sizeof k->r[0], "%s", agt_record_get(p->rep[0].report, AGT_F_ID));
	snprintf(k->r[1], sizeof k->r[1], "%s", agt_record_get(p->rep[1].report, AGT_F_ID));
	snprintf(k->ag, sizeof k->ag, "%s", agt_record_get(p->rep[0].agency, AGT_F_ID));
	snprintf(k->hold[0], sizeof k->hold[0], "lot:%s", agt_record_key(p->lot));
	snprintf(k->hold[1], sizeof k->hold[1], "gtin:%.14s", agt_record_key(p->lot));
	snprintf(k->hold[2], sizeof k->hold[2], "supplier:%s", k->sup);
	snprintf(k->hold[3], sizeof k->hold[3], "report:%s", k->r[0]);
	snprintf(k->hold[4], sizeof k->hold[4], "report:%s", k->r[1]);
	agt_provenance_free(p);
}

static void
get(MDB_txn *t, MDB_dbi dbi, const void *key, size_t klen)
{
	MDB_val k = { klen, (void *)key }, v;

	if (mdb_get(t, dbi, &k, &v) != 0)
		die("mdb_get", "missing key");
}

static void
get_seq(MDB_txn *t, agt_db *db, uint64_t seq)
{
	unsigned char k[8];

	agti_be64(k, seq);
	get(t, db->dbi[AGTI_DB_LEDGER], k, 8);
}

static int
has_recalls(MDB_txn *t, agt_db *db)
{
	MDB_stat st;

	return mdb_stat(t, db->dbi[agti_type_index(AGT_T_RECALL)], &st) == 0 &&
	    st.ms_entries > 0;
}

static void
miss(MDB_txn *t, MDB_dbi dbi, const char *key)
{
	MDB_val k = { strlen(key), (void *)key }, v;

	if (mdb_get(t, dbi, &k, &v) != MDB_NOTFOUND)
		die("mdb_get", "a hold where none was put");
}

/*
 * The lookup's reads as bare LMDB calls, as the lookup does them on a
 * handle that has not read these entries before: the lot's lookup index
 * entry, the ledger entries of the lot and its 2 reports, and when the
 * register has recalls 5 gets of holds (lot, GTIN, supplier, 2 reports)
 * that find none.  The supplier, category and agency entries come from
 * the handle's entry cache after the first lookups, and a lot looked up
 * before (the hot set) comes whole from its lot cache, with no read at
 * all, so the lookup does fewer reads than this floor there.
 */
static void
floor_lookup(MDB_txn *t, agt_db *db, const struct keys *k)
{
	int i;

	mdb_txn_renew(t); /* a reset read txn, as the lookup's own */
	get(t, db->dbi[AGTI_DB_LOT_VIEW], k->lk, k->lklen);
	get_seq(t, db, k->seq[0]);
	for (i = 0; i < 2; i++)
		get_seq(t, db, k->seq[3 + i]);
	if (has_recalls(t, db)) /* else the lookup skips the hold gets too */
		for (i = 0; i < 5; i++)
			miss(t, db->dbi[agti_type_index(AGT_T_RECALL)], k->hold[i]);
	mdb_txn_reset(t);
}

/* Every byte of V, read once (as a hash check does); the words' xor. */
static uint64_t
touch(const MDB_val *v)
{
	const unsigned char *p = v->mv_data;
	uint64_t x = 0, w;
	size_t i;

	for (i = 0; i + 8 <= v->mv_size; i += 8) {
		memcpy(&w, p + i, 8);
		x ^= w;
	}
	return x;
}

static volatile uint64_t touched;

/*
 * The same reads done the way the lookup does them, bare: the lookup
 * index entry by mdb_get, then the lot and its reports through one
 * cursor on the ledger (lib/ledger.c: the next entry is one step, one on
 * the page at hand is found there), each entry read through once, as
 * its hash check must (a bare mdb_get does not touch the value: an entry
 * spans 4-6 cache lines, in no CPU cache for a random lot).  The lookup
 * minus this is its CPU: hashing, decoding, assembly.
 */
static void
reads_lookup(MDB_txn *t, MDB_cursor *c, agt_db *db, const struct keys *k)
{
	unsigned char key[8];
	MDB_val kv = { 8, key }, v;
	int i, op = MDB_SET;

	mdb_txn_renew(t);
	mdb_cursor_renew(t, c);
	get(t, db->dbi[AGTI_DB_LOT_VIEW], k->lk, k->lklen);
	for (i = 0; i < 3; i++) {
		uint64_t seq = k->seq[i == 0 ? 0 : 2 + i];

		op = i > 0 && seq == k->seq[i == 1 ? 0 : 3] + 1 ? MDB_NEXT : MDB_SET;
		agti_be64(key, seq);
		kv.mv_data = key;
		kv.mv_size = 8;
		if (mdb_cursor_get(c, &kv, &v, (MDB_cursor_op)op) != 0)
			die("mdb_cursor_get", "missing entry");
		touched ^= touch(&v);
	}
	mdb_txn_reset(t);
}

struct sq {
	sqlite3 *db;
	sqlite3_stmt *lot, *party, *reps;
};

static agt_record *
sq_record(sqlite3_stmt *st, int col)
{
	agt_record *r;

	if (agt_record_decode(&r, sqlite3_column_blob(st, col),
	    (size_t)sqlite3_column_bytes(st, col)) != AGT_OK)
		die("sqlite", "record does not decode");
	return r;
}

static agt_record *
sq_party(struct sq *q, const char *id)
{
	agt_record *r;

	sqlite3_bind_blob(q->party, 1, id, (int)strlen(id), SQLITE_STATIC);
	if (sqlite3_step(q->party) != SQLITE_ROW)
		die("sqlite", "party missing");
	r = sq_record(q->party, 0);
	sqlite3_reset(q->party);
	return r;
}

/* The same provenance from SQLite: lot, supplier, category, reports, agency. */
static void
sq_lookup(struct sq *q, const struct keys *k)
{
	agt_record *lot, *sup, *cat, *rep[4], *ag = NULL;
	size_t n = 0, i;

	sqlite3_bind_blob(q->lot, 1, k->lk, (int)k->lklen, SQLITE_STATIC);
	if (sqlite3_step(q->lot) != SQLITE_ROW)
		die("sqlite", "lot missing");
	lot = sq_record(q->lot, 0);
	sqlite3_reset(q->lot);
	sup = sq_party(q, agt_record_get(lot, AGT_F_SUPPLIER));
	cat = sq_party(q, agt_record_get(lot, AGT_F_CATEGORY));
	sqlite3_bind_blob(q->reps, 1, k->lk, (int)k->lklen, SQLITE_STATIC);
	while (n < 4 && sqlite3_step(q->reps) == SQLITE_ROW)
		rep[n++] = sq_record(q->reps, 0);
	sqlite3_reset(q->reps);
	if (n > 0)
		ag = sq_party(q, agt_record_get(rep[0], AGT_F_AGENCY));
	for (i = 0; i < n; i++)
		agt_record_free(rep[i]);
	agt_record_free(ag);
	agt_record_free(cat);
	agt_record_free(sup);
	agt_record_free(lot);
}

static void
sq_open(struct sq *q, const char *file)
{
	if (sqlite3_open_v2(file, &q->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die(file, sqlite3_errmsg(q->db));
	sq_exec(q->db, "PRAGMA mmap_size=8589934592; PRAGMA cache_size=-262144;");
	if (sqlite3_prepare_v2(q->db, "SELECT rec FROM lots WHERE k=?", -1,
	    &q->lot, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(q->db, "SELECT rec FROM parties WHERE k=?", -1,
	    &q->party, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(q->db, "SELECT r.rec FROM lot_reports l JOIN "
	    "reports r ON r.k = l.report WHERE l.lot=? ORDER BY l.report", -1,
	    &q->reps, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(q->db));
}

enum { LOOKUP, FLOOR, READS, SQLITE };

/* One timed pass over IDX with method M; returns the median. */
static double
run(int m, agt_db *db, struct sq *q, char (*codes)[64], struct keys *keys,
	size_t n, const char *what)
{
	static const char *const names[] = { "lookup", "floor", "reads",
		"sqlite" };
	const char *only = getenv("AGTRACE_BENCH_ONLY");
	double *t = malloc(n * sizeof *t), t0, med;
	agt_provenance *p;
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	size_t i;

	if (only != NULL && strcmp(only, names[m]) != 0) {
		free(t);
		return 0;
	}
	if (m == FLOOR || m == READS) {
		mdb_txn_begin(db->env, NULL, MDB_RDONLY, &txn);
		mdb_cursor_open(txn, db->dbi[AGTI_DB_LEDGER], &cur);
		mdb_txn_reset(txn);
	}
	for (i = 0; i < n; i++) {
		t0 = sample_now();
		if (m == LOOKUP) {
			if (agt_lookup(&p, db, codes[i], strlen(codes[i]), NULL) != AGT_OK)
				die(codes[i], agt_errmsg(db));
			agt_provenance_free(p);
		} else if (m == FLOOR)
			floor_lookup(txn, db, &keys[i]);
		else if (m == READS)
			reads_lookup(txn, cur, db, &keys[i]);
		else
			sq_lookup(q, &keys[i]);
		t[i] = sample_now() - t0;
	}
	if (cur != NULL)
		mdb_cursor_close(cur);
	if (txn != NULL)
		mdb_txn_abort(txn);
	report_figures(what, t, n, &med);
	free(t);
	return med;
}

/*
 * Learning the keys warms the register's pages; the handle's entry and
 * lot caches are emptied after it, so that they hold only what the timed
 * lookups read (a random lot is read for the first time, the hot set's
 * lots come back).
 */
static void
compare(const char *reg, struct sq *q, unsigned long *idx, size_t n,
	const char *set)
{
	agt_db *db;

	char (*codes)[64] = malloc(n * sizeof *codes);
	struct keys *keys = malloc(n * sizeof *keys);
	double l, f, r, s;
	size_t i;

	if (agt_db_open(&db, reg, AGT_OPEN_RDONLY) != AGT_OK)
		die(reg, agt_errmsg(NULL));
	for (i = 0; i < n; i++) {
		code_of(idx[i], codes[i], sizeof codes[i]);
		learn_keys(db, idx[i], &keys[i]); /* also warms the pages */
	}
	agti_cache_free(db->cache);
	agti_lotcache_free(db->lotcache);
	if (agti_cache_new(&db->cache) != AGT_OK ||
	    agti_lotcache_new(&db->lotcache) != AGT_OK)
		die("cache", "no memory");
	printf("%s (%zu lookups, warm):\n", set, n);
	l = run(LOOKUP, db, q, codes, keys, n, "agt_lookup (full provenance)");
	f = run(FLOOR, db, q, codes, keys, n, "floor: its 4 mdb_gets, bare");
	r = run(READS, db, q, codes, keys, n, "its reads as it does them");
	s = run(SQLITE, db, q, codes, keys, n, "SQLite, same records");
	if (l > 0 && f > 0 && s > 0)
		printf("  lookup/floor %.2f   SQLite/lookup %.2f\n", l / f, s / l);
	if (l > 0 && r > 0 && l > r) /* a lot from the lot cache reads nothing */
		printf("  lookup - its reads %.2f us (hash checks, decoding, "
		    "assembly)\n", (l - r) * 1e6);
	agt_db_close(db);
	free(codes);
	free(keys);
}

/*
 * Whole-process time of `agtrace lookup CODE`, median of 31 runs: wall
 * time, and the CPU time the process used (on a loaded machine the wall
 * time is mostly waiting for a CPU).
 */
static void
process_time(const char *reg, unsigned long nlots)
{
	const char *agtrace = getenv("AGTRACE"), *slash, *top = getenv("top_builddir");
	double t[31], c[31], t0;
	char code[64], real[1024], lib[1024];
	struct rusage ru;
	int i, st;
	pid_t pid;
	posix_spawn_file_actions_t fa;

	if (agtrace == NULL)
		return;
	/* Not libtool's wrapper script: the binary itself, as installed. */
	slash = strrchr(agtrace, '/');
	snprintf(real, sizeof real, "%.*s/.libs/agtrace",
	    slash ? (int)(slash - agtrace) : 1, slash ? agtrace : ".");
	if (access(real, X_OK) == 0 && top != NULL) {
		snprintf(lib, sizeof lib, "%s/lib/.libs", top);
		setenv("LD_LIBRARY_PATH", lib, 1);
		agtrace = real;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	for (i = 0; i < 31; i++) {
		char *argv[] = { (char *)agtrace, (char *)"-d", (char *)reg,
			(char *)"lookup", code, NULL };

		code_of((unsigned long)rand() % nlots, code, sizeof code);
		t0 = now();
		if (posix_spawn(&pid, agtrace, &fa, NULL, argv, environ) != 0)
			die(agtrace, strerror(errno));
		wait4(pid, &st, 0, &ru);
		t[i] = now() - t0;
		c[i] = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
		    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	}
	posix_spawn_file_actions_destroy(&fa);
	qsort(t, 31, sizeof *t, cmp_double);
	qsort(c, 31, sizeof *c, cmp_double);
	printf("agtrace lookup CODE, whole process (31 runs): median %.1f ms wall, "
	    "%.1f ms CPU\n", t[15] * 1e3, c[15] * 1e3);
}

int
main(void)
{
	const char *e = getenv("AGTRACE_BENCH_LOTS"), *d = getenv("AGTRACE_BENCH_DIR");
	const char *set = getenv("AGTRACE_BENCH_SET");
	unsigned long n = e ? strtoul(e, NULL, 10) : 1000000, *idx, i, samples;
	char dir[256], reg[300], sqf[300], tmpl[] = "/tmp/agt-bench-XXXXXX";
	struct stat st;
	struct sq q;

	if (n < HOT)
		n = HOT;
	snprintf(dir, sizeof dir, "%s", d ? d : mkdtemp(tmpl));
	snprintf(reg, sizeof reg, "%s/reg-%lu", dir, n);
	snprintf(sqf, sizeof sqf, "%s/sqlite-%lu.db", dir, n);
	if (stat(sqf, &st) != 0)
		build(dir, reg, sqf, n);
	sq_open(&q, sqf);
	printf("lookup latency, %lu lots, %lu reports (2 per lot):\n", n, 2 * n);
	samples = getenv("AGTRACE_BENCH_SAMPLES") ? strtoul(getenv("AGTRACE_BENCH_SAMPLES"),
	    NULL, 10) : 100000;
	if (samples < 100)
		samples = 100;
	idx = malloc(samples * sizeof *idx);
	srand(42);
	for (i = 0; i < samples; i++)
		idx[i] = ((unsigned long)rand() * 2654435761u + (unsigned long)rand()) % n;
	if (set == NULL || strcmp(set, "random") == 0)
		compare(reg, &q, idx, samples, "random lots");
	for (i = 0; i < samples; i++)
		idx[i] = ((unsigned long)rand() % HOT) * (n / HOT);
	if (set == NULL || strcmp(set, "hot") == 0)
		compare(reg, &q, idx, samples, "hot set of 10,000 lots");
	process_time(reg, n);
	sqlite3_close(q.db);
	if (d == NULL) {
		char cmd[400];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_lookup: could not remove %s\n", dir);
	}
	return 0;
}
