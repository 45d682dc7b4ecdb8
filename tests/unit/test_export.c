/* test_export.c - FSMA 204 CSV, EPCIS 2.0 export and import: round trips,
 * idempotence, GS1's own examples, identifiers. */
#include "config.h"

#include "coretest.h"
#include "recall_private.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>

struct buf {
	char *p;
	size_t len;
};

static int
to_buf(const void *data, size_t len, void *payload)
{
	struct buf *b = payload;

	b->p = realloc(b->p, b->len + len + 1);
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

static void
export(agt_db *db, int format, const agt_export_filter *f, struct buf *b)
{
	agt_txn *t;

	memset(b, 0, sizeof(*b));
	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_export_regulator(t, format, f, to_buf, b), AGT_OK);
	agt_txn_abort(t);
}

static int
put_rec(agt_db *db, agt_record *r)
{
	agt_txn *t;
	int rc;

	assert_non_null(r);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	if ((rc = agt_put(t, r, NULL)) == AGT_OK)
		assert_int_equal(agt_txn_commit(t), AGT_OK);
	else
		agt_txn_abort(t);
	agt_record_free(r);
	return rc;
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_fsma(void **state)
{
	char *path = scratch_path();
	agt_export_filter f = AGT_EXPORT_FILTER_INIT;
	const char *lots[] = { "6901234567892/L2024-001" };
	struct buf b;
	agt_db *db;

	(void)state;
	assert_int_equal(sample_create(path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(put_rec(db, sample_record(AGT_T_LOT, AGT_F_GTIN,
	    SAMPLE_GTIN2, AGT_F_LOT, "Q,1", AGT_F_SUPPLIER, "S002",
	    AGT_F_CATEGORY, "FB01", AGT_F_PRODUCT, "Honey, \"raw\"\nunfiltered",
	    AGT_F_ORIGIN_COUNTRY, "156", AGT_F_PACKED, "2024-09-10",
	    AGT_F_QUANTITY, "3", AGT_F_UNIT, "\xe7\xae\xb1", 0)), AGT_OK);
	export(db, AGT_EXPORT_FSMA204, NULL, &b);
	assert_int_equal(strncmp(b.p, "Traceability Lot Code,Product Description,"
	    "GTIN,Lot Code,Quantity,Unit of Measure,Event Type,Event Date,", 103), 0);
	/* 4 lots: 3 harvesting + 4 packing + 2 shipping rows, + header. */
	assert_int_equal(count(b.p, "\r\n"), 1 + 3 + 4 + 2);
	assert_int_equal(count(b.p, ",harvesting,"), 3);
	assert_int_equal(count(b.p, ",initial packing,"), 4);
	assert_int_equal(count(b.p, ",shipping,2024-09-06,"), 1);
	assert_non_null(strstr(b.p, "\"(01)" SAMPLE_GTIN2 "(10)Q,1\","
	    "\"Honey, \"\"raw\"\"\nunfiltered - Honey\"," SAMPLE_GTIN2
	    ",\"Q,1\",3,\xe7\xae\xb1,initial packing,2024-09-10,"));
	assert_non_null(strstr(b.p, "Market Street Store, 1 Market St"));
	free(b.p);
	/* One lot; a date range. */
	f.lots = lots;
	f.nlots = 1;
	export(db, AGT_EXPORT_FSMA204, &f, &b);
	assert_int_equal(count(b.p, "\r\n"), 1 + 3);
	free(b.p);
	f.nlots = 0;
	f.from = "2024-09-05";
	f.to = "2024-09-08";
	export(db, AGT_EXPORT_FSMA204, &f, &b);
	assert_int_equal(count(b.p, "\r\n"), 1 + 1 + 2);
	free(b.p);
	agt_db_close(db);
	scratch_free(path);
}

/* Copy every record of TYPE from FROM to TO. */
static void
copy_type(agt_txn *from, agt_txn *to, int type)
{
	const agt_record *r;
	agt_iter *it;

	assert_int_equal(agt_list(&it, from, type, AGT_BY_ALL, NULL), AGT_OK);
	while (agt_iter_next(it, &r) == AGT_OK)
		assert_int_equal(agt_put(to, r, NULL), AGT_OK);
	agt_iter_free(it);
}

/* Every record of TYPE in A is in B with the same bytes. */
static size_t
same_type(agt_txn *a, agt_txn *b, int type)
{
	unsigned char *ea, *eb;
	size_t la, lb, n = 0;
	const agt_record *r;
	agt_record *o;
	agt_iter *it;

	assert_int_equal(agt_list(&it, a, type, AGT_BY_ALL, NULL), AGT_OK);
	while (agt_iter_next(it, &r) == AGT_OK) {
		assert_int_equal(agt_get(&o, b, type, agt_record_key(r)), AGT_OK);
		assert_int_equal(agt_record_encode(r, &ea, &la), AGT_OK);
		assert_int_equal(agt_record_encode(o, &eb, &lb), AGT_OK);
		assert_int_equal(la, lb);
		assert_memory_equal(ea, eb, la);
		agt_free(ea);
		agt_free(eb);
		agt_record_free(o);
		n++;
	}
	agt_iter_free(it);
	return n;
}

static void
write_file(const char *path, const struct buf *b)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(b->p, 1, b->len, fp), b->len);
	assert_int_equal(fclose(fp), 0);
}

struct feed {
	const char *path;
	const struct buf *b;
	int ok;
};

static void *
feed_main(void *arg)
{
	struct feed *f = arg;
	int fd = open(f->path, O_WRONLY);

	f->ok = fd >= 0 && write(fd, f->b->p, f->b->len) == (ssize_t)f->b->len;
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* agt_epcis_import() of the document B through a FIFO at PATH: a file
 * with no size that gives its bytes once. */
static int
import_fifo(agt_txn *t, const char *path, const struct buf *b,
    agt_epcis_stats *st)
{
	struct feed f = { path, b, 0 };
	pthread_t th;
	int rc;

	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(pthread_create(&th, NULL, feed_main, &f), 0);
	rc = agt_epcis_import(t, path, st, NULL, NULL);
	pthread_join(th, NULL);
	assert_true(f.ok);
	unlink(path);
	return rc;
}

static void
roundtrip(int format)
{
	static const int master[] = { AGT_T_CATEGORY, AGT_T_SUPPLIER,
	    AGT_T_AGENCY, AGT_T_SALESPOINT, 0 };
	static const int data[] = { AGT_T_LOT, AGT_T_REPORT, AGT_T_SHIPMENT,
	    AGT_T_RECALL, AGT_T_RELEASE, 0 };
	char *pa = scratch_path(), *pb = scratch_path(), doc[512];
	agt_db *a, *b;
	agt_txn *ta, *tb;
	agt_epcis_stats st;
	agt_record *r;
	struct buf out;
	int i;

	assert_int_equal(sample_create(pa, 0), AGT_OK);
	assert_int_equal(agt_db_open(&a, pa, 0), AGT_OK);
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "supplier", "S002",
	    "residue over limit", "QA", "2024-10-01T08:00:00Z", NULL), AGT_OK);
	assert_int_equal(put_rec(a, r), AGT_OK);
	assert_int_equal(agt_recall_new(&r, AGT_T_RECALL, "lot", SAMPLE_LOT2,
	    "check", NULL, "2024-10-01T09:00:00Z", NULL), AGT_OK);
	assert_int_equal(put_rec(a, r), AGT_OK);
	assert_int_equal(agt_recall_new(&r, AGT_T_RELEASE, "lot", SAMPLE_LOT2,
	    "retest passed", NULL, "2024-10-02T09:00:00Z", NULL), AGT_OK);
	assert_int_equal(put_rec(a, r), AGT_OK);
	export(a, format, NULL, &out);
	snprintf(doc, sizeof doc, "%s.doc", pb);
	write_file(doc, &out);
	assert_int_equal(agt_epcis_detect(doc), format);
	/* B: the master data only, then the document. */
	assert_int_equal(agt_db_create(&b, pb), AGT_OK);
	assert_int_equal(agt_txn_begin(&ta, a, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_txn_begin(&tb, b, 0), AGT_OK);
	for (i = 0; master[i]; i++)
		copy_type(ta, tb, master[i]);
	assert_int_equal(agt_epcis_import(tb, doc, &st, NULL, NULL), AGT_OK);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(st.outcome[AGT_PUT_NEW], 3 + 2 + 2 + 2 + 1);
	assert_int_equal(agt_txn_commit(tb), AGT_OK);
	assert_int_equal(agt_txn_begin(&tb, b, 0), AGT_OK);
	for (i = 0; data[i]; i++)
		assert_true(same_type(ta, tb, data[i]) > 0);
	/* Importing it again changes nothing, from a file or a FIFO. */
	assert_int_equal(agt_epcis_import(tb, doc, &st, NULL, NULL), AGT_OK);
	assert_int_equal(st.outcome[AGT_PUT_UNCHANGED], 10);
	assert_int_equal(st.outcome[AGT_PUT_NEW], 0);
	snprintf(doc, sizeof doc, "%s.fifo", pb);
	assert_int_equal(import_fifo(tb, doc, &out, &st), AGT_OK);
	assert_int_equal(st.outcome[AGT_PUT_UNCHANGED], 10);
	assert_int_equal(st.outcome[AGT_PUT_NEW], 0);
	snprintf(doc, sizeof doc, "%s.doc", pb);
	free(out.p);
	assert_int_equal(agt_hold_get(NULL, tb, SAMPLE_LOT3), AGT_OK);
	assert_int_equal(agt_hold_get(NULL, tb, SAMPLE_LOT2), AGT_ENOTFOUND);
	agt_txn_abort(tb);
	agt_txn_abort(ta);
	agt_db_close(a);
	agt_db_close(b);
	unlink(doc);
	scratch_free(pa);
	scratch_free(pb);
}

static void
test_epcis_xml_roundtrip(void **state)
{
	(void)state;
	roundtrip(AGT_EXPORT_EPCIS_XML);
}

static void
test_epcis_json_roundtrip(void **state)
{
	(void)state;
	roundtrip(AGT_EXPORT_EPCIS_JSON);
}

/* A file that cannot be opened (missing, a directory) is AGT_ENOTFOUND, a
 * failed read of an opened one AGT_EIO (/proc/self/mem at offset 0: EIO),
 * never "no EPCIS document" (0). */
static void
test_epcis_detect_errors(void **state)
{
	(void)state;
	assert_int_equal(agt_epcis_detect("/nonexistent/x.xml"), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(NULL), "/nonexistent/x.xml"));
	assert_int_equal(agt_epcis_detect("/tmp"), AGT_ENOTFOUND);
	assert_int_equal(agt_epcis_detect("/proc/self/mem"), AGT_EIO);
	assert_non_null(strstr(agt_errmsg(NULL), "/proc/self/mem: read error"));
}

/* agt_epcis_import() opens its file once, as agt_epcis_detect(). */
static void
test_epcis_import_errors(void **state)
{
	char *path = scratch_path();
	agt_db *db;
	agt_txn *t;

	(void)state;
	assert_int_equal(agt_db_create(&db, path), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	assert_int_equal(agt_epcis_import(t, "/nonexistent/x.xml", NULL, NULL,
	    NULL), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(db), "/nonexistent/x.xml: "));
	assert_int_equal(agt_epcis_import(t, "/tmp", NULL, NULL, NULL),
	    AGT_ENOTFOUND);
	assert_int_equal(agt_epcis_import(t, "/proc/self/mem", NULL, NULL,
	    NULL), AGT_EIO);
	assert_non_null(strstr(agt_errmsg(db), "/proc/self/mem: read error"));
	assert_int_equal(agt_epcis_import(t, "/dev/null", NULL, NULL, NULL),
	    AGT_EFORMAT);
	assert_string_equal(agt_errmsg(db),
	    "/dev/null: not an EPCIS 2.0 document");
	agt_txn_abort(t);
	agt_db_close(db);
	scratch_free(path);
}

static void
on_skip(const char *msg, void *payload)
{
	(*(int *)payload)++;
	assert_non_null(strstr(msg, "skipped: "));
}

/* Import every GS1 example of DIR (recursively) into TXN. */
static int
import_dir(agt_txn *t, const char *dir, int *skips)
{
	struct dirent *e;
	char path[1024];
	agt_epcis_stats st;
	DIR *d = opendir(dir);
	int n = 0, rc;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR) {
			n += import_dir(t, path, skips);
			continue;
		}
		if (agt_epcis_detect(path) <= 0)
			continue;
		rc = agt_epcis_import(t, path, &st, on_skip, skips);
		if (rc != AGT_OK)
			fail_msg("%s: %s", path, agt_errmsg(agt_txn_db(t)));
		n++;
	}
	closedir(d);
	return n;
}

static void
test_gs1_examples(void **state)
{
	const char *shared = getenv("SHARED_DIR");
	char *path = scratch_path(), dir[1024];
	agt_db *db;
	agt_txn *t;
	int skips = 0, n;

	(void)state;
	assert_int_equal(sample_create(path, 0), AGT_OK);
	assert_int_equal(agt_db_open(&db, path, 0), AGT_OK);
	assert_int_equal(agt_txn_begin(&t, db, 0), AGT_OK);
	snprintf(dir, sizeof dir, "%s/standards/epcis-2.0/XML",
	    shared ? shared : "../shared");
	n = import_dir(t, dir, &skips);
	snprintf(dir, sizeof dir, "%s/standards/epcis-2.0/JSON",
	    shared ? shared : "../shared");
	n += import_dir(t, dir, &skips);
	if (access(dir, R_OK) == 0)
		assert_true(n >= 80);
	assert_true(skips >= n);
	agt_txn_abort(t);
	agt_db_close(db);
	scratch_free(path);
}

static void
test_identifiers(void **state)
{
	char g[15], *lot, *s;

	(void)state;
	s = agti_dl_class("06901234567892", "A/B 1%");
	assert_string_equal(s, "https://id.gs1.org/01/06901234567892/10/A%2FB%201%25");
	assert_int_equal(agti_dl_parse(s, g, &lot), AGT_OK);
	assert_string_equal(g, "06901234567892");
	assert_string_equal(lot, "A/B 1%");
	free(lot);
	free(s);
	assert_int_equal(agti_dl_parse("urn:epc:class:lgtin:4012345.012345.998877",
	    g, &lot), AGT_OK);
	assert_string_equal(g, "04012345123456");
	assert_string_equal(lot, "998877");
	free(lot);
	assert_int_equal(agti_dl_parse("urn:epc:id:sgtin:0614141.107346.2017",
	    g, &lot), AGT_EFORMAT);
	assert_string_equal(agti_country_alpha2("156"), "CN");
	assert_string_equal(agti_country_alpha2("840"), "US");
	assert_null(agti_country_alpha2("999"));
	assert_string_equal(agti_uom_code("kg"), "KGM");
	assert_null(agti_uom_code("basket"));
	s = agti_urn("salespoint", "SP 1");
	assert_string_equal(s, "urn:agtrace:salespoint:SP%201");
	lot = agti_urn_parse("salespoint", s);
	assert_string_equal(lot, "SP 1");
	free(lot);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_fsma),
		cmocka_unit_test(test_epcis_xml_roundtrip),
		cmocka_unit_test(test_epcis_json_roundtrip),
		cmocka_unit_test(test_gs1_examples),
		cmocka_unit_test(test_epcis_detect_errors),
		cmocka_unit_test(test_epcis_import_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
