/*
 * test_threads.c - the POS case: reader threads sharing one register
 * handle, each in its own read transactions, while a writer thread of the
 * same process commits batches.  No reader may ever see part of a batch:
 * every batch adds BATCH lots in one write transaction, so a reader must
 * always count a multiple of BATCH lots, find the last lot of the last
 * whole batch, and see a ledger head that matches the count.  Built with
 * --enable-tsan by `make check-tsan`.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "agtrace.h"
#include "../tools/sample.h"
#include "../tools/rmtree.h"

#define READERS 4
#define BATCHES 40
#define BATCH 25
#define GTIN "06901234567892"

struct shared {
	agt_db *db;
	uint64_t base_seq;       /* ledger head before the first batch */
	int done;                /* set by the writer, under lock */
	pthread_mutex_t lock;
	unsigned long reads, bad;
	char why[256];
};

/* Threads other than main must not fail_msg() (it longjmps): they count. */
static int
put(agt_txn *t, agt_record *r)
{
	int rc = r != NULL ? agt_put(t, r, NULL) : AGT_ENOMEM;

	agt_record_free(r);
	return rc;
}

static agt_record *
lot(unsigned batch, unsigned i)
{
	char code[32];

	snprintf(code, sizeof code, "B%u-%u", batch, i);
	return sample_record(AGT_T_LOT, AGT_F_GTIN, GTIN, AGT_F_LOT, code,
	    AGT_F_SUPPLIER, "S1", AGT_F_CATEGORY, "V01", AGT_F_PRODUCT,
	    "Choy sum", AGT_F_ORIGIN_COUNTRY, "156", 0);
}

static int
is_done(struct shared *s)
{
	int d;

	pthread_mutex_lock(&s->lock);
	d = s->done;
	pthread_mutex_unlock(&s->lock);
	return d;
}

static void bad(struct shared *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
bad(struct shared *s, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&s->lock);
	if (s->bad++ == 0) {
		va_start(ap, fmt);
		vsnprintf(s->why, sizeof s->why, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&s->lock);
}

/* CODE looks up to a lot of supplier S1. */
static void
look(struct shared *s, const char *code)
{
	agt_provenance *p;

	if (agt_lookup(&p, s->db, code, strlen(code), NULL) != AGT_OK) {
		bad(s, "lookup %s failed: %s", code, agt_errmsg(s->db));
		return;
	}
	if (strcmp(agt_record_get(agt_provenance_supplier(p), AGT_F_ID), "S1") != 0 ||
	    strcmp(agt_record_get(agt_provenance_lot(p), AGT_F_PRODUCT),
	    "Choy sum") != 0)
		bad(s, "lookup %s: wrong provenance", code);
	agt_provenance_free(p);
}

/* One consistent look at the register. */
static void
read_once(struct shared *s)
{
	unsigned char hash[AGT_HASH_LEN];
	agt_record *r;
	agt_txn *t;
	uint64_t n, seq;
	char key[64];

	if (agt_txn_begin(&t, s->db, AGT_TXN_RDONLY) != AGT_OK) {
		bad(s, "begin failed");
		return;
	}
	if (agt_count(t, AGT_T_LOT, &n) != AGT_OK ||
	    agt_ledger_head(t, &seq, hash) != AGT_OK)
		bad(s, "count or head failed");
	else if (n % BATCH != 0)
		bad(s, "saw %llu lots: part of a batch of %d",
		    (unsigned long long)n, BATCH);
	else if (seq != s->base_seq + n)
		bad(s, "head %llu with %llu lots", (unsigned long long)seq,
		    (unsigned long long)n);
	else if (n > 0) {
		snprintf(key, sizeof key, GTIN "/B%u-%u",
		    (unsigned)(n / BATCH - 1), BATCH - 1);
		if (agt_get(&r, t, AGT_T_LOT, key) != AGT_OK)
			bad(s, "last lot %s missing", key);
		else
			agt_record_free(r);
	}
	agt_txn_abort(t);
	if (n > 0) {
		/* A lookup (the handle's shared entry cache) of the first lot,
		 * sold all day, and of the newest, still there in any later
		 * snapshot. */
		look(s, "(01)" GTIN "(10)B0-0");
		snprintf(key, sizeof key, "(01)" GTIN "(10)B%u-%u",
		    (unsigned)(n / BATCH - 1), BATCH - 1);
		look(s, key);
	}
}

static void *
reader(void *arg)
{
	struct shared *s = arg;
	unsigned long n = 0;

	do {
		read_once(s);
		n++;
	} while (!is_done(s));
	read_once(s); /* and once after the last commit */
	pthread_mutex_lock(&s->lock);
	s->reads += n + 1;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void *
writer(void *arg)
{
	struct shared *s = arg;
	agt_txn *t;
	unsigned b, i;

	for (b = 0; b < BATCHES; b++) {
		if (agt_txn_begin(&t, s->db, 0) != AGT_OK) {
			bad(s, "begin write %u failed", b);
			break;
		}
		for (i = 0; i < BATCH; i++) {
			if (put(t, lot(b, i)) != AGT_OK)
				bad(s, "put %u/%u failed", b, i);
			if (i == BATCH / 2)
				usleep(200); /* let readers run mid-batch */
		}
		if (agt_txn_commit(t) != AGT_OK)
			bad(s, "commit %u failed", b);
	}
	pthread_mutex_lock(&s->lock);
	s->done = 1;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void
test_readers_see_whole_batches(void **state)
{
	char tmpl[] = "/tmp/agtrace-threads-XXXXXX", path[64];
	pthread_t rt[READERS], wt;
	struct shared s;
	unsigned char hash[AGT_HASH_LEN];
	agt_txn *t;
	uint64_t n;
	int i;

	(void)state;
	memset(&s, 0, sizeof s);
	pthread_mutex_init(&s.lock, NULL);
	assert_non_null(mkdtemp(tmpl));
	snprintf(path, sizeof path, "%s/reg", tmpl);
	assert_int_equal(agt_db_create(&s.db, path), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, s.db, 0), AGT_OK);
	assert_int_equal(put(t, sample_record(AGT_T_CATEGORY, AGT_F_ID, "V01",
	    AGT_F_NAME, "Leafy", AGT_F_GROUP, "fruit-vegetable", 0)), AGT_OK);
	assert_int_equal(put(t, sample_record(AGT_T_SUPPLIER, AGT_F_ID, "S1",
	    AGT_F_NAME, "Farm", 0)), AGT_OK);
	assert_int_equal(agt_ledger_head(t, &s.base_seq, hash), AGT_OK);
	assert_int_equal(agt_txn_commit(t), AGT_OK);

	for (i = 0; i < READERS; i++)
		assert_int_equal(pthread_create(&rt[i], NULL, reader, &s), 0);
	assert_int_equal(pthread_create(&wt, NULL, writer, &s), 0);
	pthread_join(wt, NULL);
	for (i = 0; i < READERS; i++)
		pthread_join(rt[i], NULL);

	if (s.bad != 0)
		fail_msg("%lu bad reads of %lu, first: %s", s.bad, s.reads, s.why);
	print_message("%lu consistent reads by %d threads during %d commits\n",
	    s.reads, READERS, BATCHES);
	assert_int_equal(agt_txn_begin(&t, s.db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_count(t, AGT_T_LOT, &n), AGT_OK);
	assert_int_equal(n, BATCHES * BATCH);
	agt_txn_abort(t);
	agt_db_close(s.db);
	pthread_mutex_destroy(&s.lock);
	rm_tree(tmpl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readers_see_whole_batches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
