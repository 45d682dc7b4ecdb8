/*
 * bench_recall - make bench: FSMA 204 and EPCIS 2.0 export times and
 * trace-forward and hold-check latency on a large register.
 *
 *	bench_recall [LOTS]	(default $AGTRACE_BENCH_LOTS, else 1000000)
 *
 * The register is the sample (tests/tools/sample.c) plus LOTS lots, with a
 * shipment for every tenth lot and a supplier recall; it is built once in
 * $TMPDIR and removed at the end.  Prints figures; never fails on timing.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agtrace.h"
#include "../tools/sample.h"
#include "../tools/rmtree.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
count_bytes(const void *buf, size_t len, void *payload)
{
	(void)buf;
	*(unsigned long long *)payload += len;
	return 0;
}

static int
add_shipments(agt_db *db, unsigned long lots)
{
	char code[32];
	agt_record *r;
	agt_txn *t;
	unsigned long i;
	int rc = AGT_OK;

	if (agt_txn_begin(&t, db, 0) != AGT_OK)
		return AGT_EIO;
	for (i = 0; rc == AGT_OK && i < lots; i += 10) {
		snprintf(code, sizeof code, "B%lu", i);
		r = sample_record(AGT_T_SHIPMENT, AGT_F_GTIN, "00950110153007",
		    AGT_F_LOT, code, AGT_F_SALESPOINT, i % 20 ? "SP01" : "SP02",
		    AGT_F_SHIPPED, "2024-10-01", AGT_F_QUANTITY, "12",
		    AGT_F_UNIT, "kg", 0);
		rc = agt_put(t, r, NULL);
		agt_record_free(r);
	}
	if (rc == AGT_OK &&
	    agt_recall_new(&r, AGT_T_RECALL, "supplier", "S001", "bench", NULL,
	    NULL, NULL) == AGT_OK) {
		rc = agt_put(t, r, NULL);
		agt_record_free(r);
	}
	if (rc != AGT_OK) {
		agt_txn_abort(t);
		return rc;
	}
	return agt_txn_commit(t);
}

static void
bench_export(agt_db *db, int format, const char *name)
{
	unsigned long long bytes = 0;
	agt_txn *t;
	double t0 = now();
	clock_t c0 = clock();
	int rc;

	if (agt_txn_begin(&t, db, AGT_TXN_RDONLY) != AGT_OK)
		return;
	rc = agt_export_regulator(t, format, NULL, count_bytes, &bytes);
	agt_txn_abort(t);
	printf("export %-10s %8.2f s (%.2f s CPU)  %8.1f MB%s\n", name,
	    now() - t0, (double)(clock() - c0) / CLOCKS_PER_SEC, bytes / 1e6,
	    rc == AGT_OK ? "" : "  FAILED");
}

static int
nothing(const agt_record *rec, int depth, void *payload)
{
	(void)rec;
	(void)depth;
	(*(unsigned long *)payload)++;
	return 0;
}

static void
bench_lookups(agt_db *db, unsigned long lots)
{
	unsigned long i, n = lots < 10000 ? lots : 10000, seen = 0, held = 0;
	char key[64];
	agt_txn *t;
	clock_t c0;
	double t0;

	if (agt_txn_begin(&t, db, AGT_TXN_RDONLY) != AGT_OK)
		return;
	t0 = now();
	c0 = clock();
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof key, "00950110153007/B%lu", (i * 7919) % lots);
		(void)agt_trace(t, AGT_TRACE_FORWARD, AGT_T_LOT, key, nothing, &seen);
	}
	printf("trace forward  %8.2f us per lot (%.2f us CPU; %lu lots, %lu "
	    "records)\n", (now() - t0) * 1e6 / n,
	    (double)(clock() - c0) * 1e6 / CLOCKS_PER_SEC / n, n, seen);
	t0 = now();
	c0 = clock();
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof key, "00950110153007/B%lu", (i * 7919) % lots);
		held += agt_hold_get(NULL, t, key) == AGT_OK;
	}
	held += agt_hold_get(NULL, t, SAMPLE_LOT1) == AGT_OK;
	printf("hold check     %8.2f us per lot (%.2f us CPU; %lu held)\n",
	    (now() - t0) * 1e6 / (n + 1),
	    (double)(clock() - c0) * 1e6 / CLOCKS_PER_SEC / (n + 1), held);
	agt_txn_abort(t);
}

int
main(int argc, char **argv)
{
	const char *env = getenv("AGTRACE_BENCH_LOTS");
	unsigned long lots = strtoul(argc > 1 ? argv[1] : env ? env : "1000000",
	    NULL, 10);
	char dir[] = "/tmp/agtrace-bench-recall-XXXXXX", path[64];
	agt_db *db;
	double t0;

	if (lots == 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof path, "%s/reg", dir);
	t0 = now();
	if (sample_create(path, lots) != AGT_OK ||
	    agt_db_open(&db, path, 0) != AGT_OK)
		return 1;
	if (add_shipments(db, lots) != AGT_OK) {
		fprintf(stderr, "bench_recall: %s\n", agt_errmsg(db));
		return 1;
	}
	printf("register: %lu lots, %lu shipments, built in %.1f s\n", lots + 3,
	    lots / 10 + 2, now() - t0);
	bench_export(db, AGT_EXPORT_FSMA204, "fsma204");
	bench_export(db, AGT_EXPORT_EPCIS_XML, "epcis-xml");
	bench_export(db, AGT_EXPORT_EPCIS_JSON, "epcis-json");
	bench_lookups(db, lots);
	agt_db_close(db);
	rm_tree(dir);
	return 0;
}
