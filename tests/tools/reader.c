/*
 * reader - one process of the concurrent-readers test: look codes up in a
 * tight loop from a read-only register while `agtrace import` writes, and
 * check that no read ever sees part of a batch.
 *
 *	reader DIR STOPFILE BASE BATCH PROBES
 *
 * BASE lots were there before the writer started; every batch adds BATCH
 * lots.  PROBES has lines "batch FIRST LAST" (the lot keys GTIN/LOT of a
 * batch's first and last lot, in import order) and "code CODE" (codes of
 * lots that are always there, to look up).  Until STOPFILE exists (and once
 * more after), each round: in one read transaction the lot count is BASE
 * plus whole batches and every batch has its first lot iff its last;
 * then agt_lookup() of the next code must succeed.  Prints rounds,
 * lookups, failures and lookup latency (median, 99th percentile); exits 1
 * on any failure.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agtrace.h"

#define MAXP 4096

static char *first[MAXP], *last[MAXP], *code[MAXP];
static size_t nbatch, ncode;
static unsigned long bad;

static void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
complain(const char *fmt, ...)
{
	va_list ap;

	if (bad++ < 5) {
		fprintf(stderr, "reader: ");
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
}

static void
load(const char *path)
{
	char line[512], a[256], b[256];
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, "batch %255s %255s", a, b) == 2 && nbatch < MAXP) {
			first[nbatch] = strdup(a);
			last[nbatch++] = strdup(b);
		} else if (sscanf(line, "code %255s", a) == 1 && ncode < MAXP) {
			code[ncode++] = strdup(a);
		}
	}
	fclose(fp);
}

static int
has(agt_txn *t, const char *key)
{
	agt_record *r;
	int rc = agt_get(&r, t, AGT_T_LOT, key);

	agt_record_free(r);
	if (rc != AGT_OK && rc != AGT_ENOTFOUND)
		complain("get %s failed", key);
	return rc == AGT_OK;
}

/* One snapshot: whole batches only. */
static void
check_snapshot(agt_db *db, uint64_t base, uint64_t batch)
{
	agt_txn *t;
	uint64_t n;
	size_t i;

	if (agt_txn_begin(&t, db, AGT_TXN_RDONLY) != AGT_OK) {
		complain("begin: %s", agt_errmsg(db));
		return;
	}
	if (agt_count(t, AGT_T_LOT, &n) != AGT_OK)
		complain("count: %s", agt_errmsg(db));
	else if (n < base || (n - base) % batch != 0)
		complain("saw %llu lots: part of a batch", (unsigned long long)n);
	for (i = 0; i < nbatch; i++)
		if (has(t, first[i]) != has(t, last[i]))
			complain("batch of %s half there", first[i]);
	agt_txn_abort(t);
}

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	static double lat[1 << 20];
	unsigned long rounds = 0, lookups = 0;
	uint64_t base, batch;
	agt_provenance *p;
	agt_db *db;
	double t0;
	int stop = 0, rc;

	if (argc != 6) {
		fprintf(stderr, "usage: reader DIR STOPFILE BASE BATCH PROBES\n");
		return 2;
	}
	base = strtoull(argv[3], NULL, 10);
	batch = strtoull(argv[4], NULL, 10);
	load(argv[5]);
	if (agt_db_open(&db, argv[1], AGT_OPEN_RDONLY) != AGT_OK) {
		fprintf(stderr, "reader: %s: %s\n", argv[1], agt_errmsg(NULL));
		return 2;
	}
	do {
		stop = access(argv[2], F_OK) == 0; /* one more round after */
		check_snapshot(db, base, batch);
		if (ncode > 0) {
			const char *c = code[rounds % ncode];

			t0 = now_us();
			rc = agt_lookup(&p, db, c, strlen(c), NULL);
			if (lookups < sizeof lat / sizeof lat[0])
				lat[lookups] = now_us() - t0;
			lookups++;
			if (rc != AGT_OK)
				complain("lookup %s: %s", c, agt_strerror(rc));
			agt_provenance_free(p);
		}
		rounds++;
	} while (!stop);
	agt_db_close(db);
	if (lookups > sizeof lat / sizeof lat[0])
		lookups = sizeof lat / sizeof lat[0];
	qsort(lat, lookups, sizeof lat[0], cmp_double);
	printf("rounds %lu lookups %lu bad %lu median_us %.1f p99_us %.1f\n",
	    rounds, lookups, bad, lookups ? lat[lookups / 2] : 0.0,
	    lookups ? lat[lookups * 99 / 100] : 0.0);
	return bad != 0;
}
