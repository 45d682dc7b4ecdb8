/*
 * test_import.c - batch import rules: counts, idempotence, forward
 * references, one transaction for many files, errors with FILE:LINE:COL,
 * schema and record checks, DOCTYPE refusal, signatures, dry runs, export
 * round trip.
 */
#include "private.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define NS "<batch xmlns=\"urn:agtrace:batch:1\">\n"

static const char parties[] =
    "  <category code=\"V05\" group=\"fruit-vegetable\" name=\"Choy sum\" name-zh=\"菜心\"/>\n"
    "  <supplier id=\"S0001\" name=\"Farm\" region=\"Guangdong\"/>\n"
    "  <sales-point id=\"P0001\" name=\"Stall 1\" address=\"1 Road\"/>\n";
static const char agency_nokey[] =
    "  <agency id=\"A01\" name=\"Lab\" accreditation=\"CNAS L1234\"/>\n";
static const char lot1[] =
    "  <lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S0001\" category=\"V05\"\n"
    "       product=\"Choy sum\" origin-country=\"156\" harvested=\"2026-11-19\">\n"
    "    <alias>CN-TRACE-0001</alias>\n"
    "  </lot>\n";
static const char report1[] =
    "  <report number=\"R1\" agency=\"A01\" issued=\"2026-11-20\" verdict=\"pass\">\n"
    "    <lot gtin=\"06901234567892\" lot=\"L1\"/>\n"
    "    <item analyte=\"chlorpyrifos\" method=\"GB 23200.113-2018\" value=\"0.01\"\n"
    "          unit=\"mg/kg\" limit=\"0.02\" verdict=\"pass\"/>\n"
    "  </report>\n";
static const char shipment1[] =
    "  <shipment gtin=\"06901234567892\" lot=\"L1\" sales-point=\"P0001\" shipped=\"2026-11-20\"/>\n";

struct fx {
	char dir[64];
	agt_db *db;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/agt-import-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	strcat(f->dir, "/db");
	assert_int_equal(agt_db_create(&f->db, f->dir), AGT_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	agt_db_close(f->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)strlen(f->dir) - 3, f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static char *
cat(const char *first, ...)
{
	static char buf[65536];
	const char *s;
	va_list ap;

	buf[0] = '\0';
	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *))
		strncat(buf, s, sizeof buf - strlen(buf) - 1);
	va_end(ap);
	return buf;
}

/* Import XML as one session; returns commit's status, *IMP kept if asked. */
static int
import(agt_db *db, const char *xml, unsigned flags, agt_import **keep)
{
	agt_import_options o = AGT_IMPORT_OPTIONS_INIT;
	agt_import *imp;
	int rc;

	o.flags = flags;
	assert_int_equal(agt_import_new(&imp, db, &o), AGT_OK);
	agt_import_memory(imp, "t.xml", xml, strlen(xml));
	rc = agt_import_commit(imp);
	if (rc != AGT_OK && getenv("TEST_VERBOSE") != NULL) {
		const char *e;
		size_t i;

		for (i = 0; (e = agt_import_error(imp, i)) != NULL; i++)
			fprintf(stderr, "# %s\n", e);
	}
	if (keep != NULL)
		*keep = imp;
	else
		agt_import_free(imp);
	return rc;
}

static uint64_t
head(agt_db *db)
{
	agt_txn *t;
	uint64_t seq;

	assert_int_equal(agt_txn_begin(&t, db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_ledger_head(t, &seq, NULL), AGT_OK);
	agt_txn_abort(t);
	return seq;
}

static void
expect_error(agt_import *imp, const char *pattern)
{
	const char *e;
	size_t i;

	for (i = 0; (e = agt_import_error(imp, i)) != NULL; i++)
		if (strstr(e, pattern) != NULL)
			return;
	for (i = 0; (e = agt_import_error(imp, i)) != NULL; i++)
		fprintf(stderr, "# error: %s\n", e);
	fail_msg("no error with \"%s\"", pattern);
}

static void
test_import_and_reimport(void **state)
{
	struct fx *f = *state;
	char *xml = cat(NS, parties, agency_nokey, lot1, report1, shipment1,
	    "</batch>\n", NULL);
	agt_import *imp;
	uint64_t h;

	assert_int_equal(import(f->db, xml, 0, &imp), AGT_OK);
	assert_int_equal(agt_import_count(imp, AGT_T_LOT, AGT_PUT_NEW), 1);
	assert_int_equal(agt_import_count(imp, AGT_T_REPORT, AGT_PUT_NEW), 1);
	assert_int_equal(agt_import_stat(imp, AGT_IMPORT_UNSIGNED), 1);
	assert_int_equal(agt_import_stat(imp, AGT_IMPORT_RECORDS), 7);
	agt_import_free(imp);
	h = head(f->db);
	assert_int_equal(h, 7);
	assert_int_equal(import(f->db, xml, 0, &imp), AGT_OK);
	assert_int_equal(agt_import_count(imp, AGT_T_LOT, AGT_PUT_UNCHANGED), 1);
	assert_int_equal(agt_import_count(imp, AGT_T_LOT, AGT_PUT_NEW), 0);
	agt_import_free(imp);
	assert_int_equal(head(f->db), h);
}

static void
test_revision(void **state)
{
	struct fx *f = *state;
	agt_import *imp;
	char lot2[1024];

	assert_int_equal(import(f->db, cat(NS, parties, lot1, "</batch>", NULL),
	    0, NULL), AGT_OK);
	snprintf(lot2, sizeof lot2, "%s", lot1);
	memcpy(strstr(lot2, "Choy sum"), "Choy sam", 8);
	assert_int_equal(import(f->db, cat(NS, lot2, "</batch>", NULL), 0,
	    &imp), AGT_OK);
	assert_int_equal(agt_import_count(imp, AGT_T_LOT, AGT_PUT_REVISED), 1);
	agt_import_free(imp);
}

static void
test_forward_references(void **state)
{
	struct fx *f = *state;
	agt_import *imp;

	/* Shipment, report and lot before the records they name. */
	assert_int_equal(import(f->db, cat(NS, shipment1, report1, lot1,
	    agency_nokey, parties, "</batch>", NULL), 0, &imp), AGT_OK);
	assert_int_equal(agt_import_count(imp, AGT_T_SHIPMENT, AGT_PUT_NEW), 1);
	assert_int_equal(agt_import_count(imp, AGT_T_REPORT, AGT_PUT_NEW), 1);
	agt_import_free(imp);
}

static void
test_unknown_reference(void **state)
{
	struct fx *f = *state;
	agt_import *imp;

	assert_int_equal(import(f->db, cat(NS, parties, lot1, shipment1,
	    report1, "</batch>", NULL), 0, &imp), AGT_ENOTFOUND);
	/* The report is on line 10, its start tag at column 3. */
	expect_error(imp, "t.xml:10:3: report R1:");
	expect_error(imp, "A01");
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
}

static void
test_bad_check_digit(void **state)
{
	struct fx *f = *state;
	agt_import *imp;
	char bad[1024];

	snprintf(bad, sizeof bad, "%s", lot1);
	memcpy(strstr(bad, "06901234567892"), "06901234567893", 14);
	assert_int_not_equal(import(f->db, cat(NS, parties, bad, "</batch>",
	    NULL), 0, &imp), AGT_OK);
	expect_error(imp, "t.xml:5:3: lot 06901234567893/L1");
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
}

static void
test_schema_errors_all_listed(void **state)
{
	struct fx *f = *state;
	agt_import *imp;

	assert_int_equal(import(f->db, cat(NS, parties,
	    "  <supplier id=\"S 2\" name=\"x\"/>\n",
	    "  <sales-point id=\"P2\"/>\n",
	    "  <shipment gtin=\"06901234567892\" lot=\"L1\" sales-point=\"P0001\" shipped=\"2026-02-30\"/>\n",
	    "</batch>", NULL), 0, &imp), AGT_EFORMAT);
	expect_error(imp, "t.xml:5:");
	expect_error(imp, "t.xml:6:");
	expect_error(imp, "t.xml:7:");
	expect_error(imp, "shipped");
	assert_int_equal(agt_import_stat(imp, AGT_IMPORT_ERRORS), 3);
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
}

static void
test_not_well_formed(void **state)
{
	struct fx *f = *state;
	agt_import *imp;

	assert_int_equal(import(f->db, cat(NS, parties, "<lot>", NULL), 0,
	    &imp), AGT_EFORMAT);
	expect_error(imp, "t.xml:");
	agt_import_free(imp);
	assert_int_equal(import(f->db, "<other/>", 0, &imp), AGT_EFORMAT);
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
}

static void
test_doctype_refused(void **state)
{
	static const char laughs[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE batch [\n"
	    " <!ENTITY a \"aaaaaaaaaa\">\n"
	    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	    "]>\n"
	    "<batch xmlns=\"urn:agtrace:batch:1\"><supplier id=\"S1\" name=\"&d;\"/></batch>\n";
	static const char xxe[] =
	    "<!-- hi --><!DOCTYPE batch [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>"
	    "<batch xmlns=\"urn:agtrace:batch:1\"><supplier id=\"S1\" name=\"&x;\"/></batch>\n";
	struct fx *f = *state;
	agt_import *imp;

	assert_int_equal(import(f->db, laughs, 0, &imp), AGT_EFORMAT);
	expect_error(imp, "t.xml:2:1: DOCTYPE refused");
	agt_import_free(imp);
	assert_int_equal(import(f->db, xxe, 0, &imp), AGT_EFORMAT);
	expect_error(imp, "t.xml:1:12: DOCTYPE refused");
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
}

static void
test_dry_run(void **state)
{
	struct fx *f = *state;
	agt_import *imp;

	assert_int_equal(import(f->db, cat(NS, parties, lot1, "</batch>", NULL),
	    AGT_IMPORT_DRY_RUN, &imp), AGT_OK);
	assert_int_equal(agt_import_count(imp, AGT_T_LOT, AGT_PUT_NEW), 1);
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
}

static void
test_files_one_transaction(void **state)
{
	struct fx *f = *state;
	char *good = strdup(cat(NS, parties, "</batch>", NULL));
	char *bad = strdup(cat(NS, lot1, "  <supplier id=\"S2\"/>\n</batch>", NULL));
	agt_import *imp;

	assert_int_equal(agt_import_new(&imp, f->db, NULL), AGT_OK);
	assert_int_equal(agt_import_memory(imp, "good.xml", good, strlen(good)),
	    AGT_OK);
	assert_int_equal(agt_import_memory(imp, "bad.xml", bad, strlen(bad)),
	    AGT_EFORMAT);
	/* The lot of bad.xml names the supplier of good.xml: fine. */
	assert_int_equal(agt_import_commit(imp), AGT_EFORMAT);
	expect_error(imp, "bad.xml:6:");
	assert_int_equal(agt_import_stat(imp, AGT_IMPORT_ERRORS), 1);
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
	free(good);
	free(bad);
}

static void
test_report_changed(void **state)
{
	struct fx *f = *state;
	agt_import *imp;
	char changed[1024];

	assert_int_equal(import(f->db, cat(NS, parties, agency_nokey, lot1,
	    report1, "</batch>", NULL), 0, NULL), AGT_OK);
	snprintf(changed, sizeof changed, "%s", report1);
	memcpy(strstr(changed, "0.01"), "0.03", 4);
	assert_int_equal(import(f->db, cat(NS, changed, "</batch>", NULL), 0,
	    &imp), AGT_EEXISTS);
	expect_error(imp, "t.xml:2:3: report R1");
	agt_import_free(imp);
}

/* An agency with a fresh key, and its reports signed with agt_batch_sign. */
static char *
signed_batch(unsigned char sec[AGT_SECKEY_LEN])
{
	unsigned char pub[AGT_PUBKEY_LEN];
	char agency[256], *b64, *out;
	const char *xml;
	size_t len, n;

	assert_int_equal(agt_key_generate(pub, sec), AGT_OK);
	assert_int_equal(agt_base64_encode(&b64, pub, sizeof pub), AGT_OK);
	snprintf(agency, sizeof agency, "  <agency id=\"A01\" name=\"Lab\" "
	    "accreditation=\"CNAS L1\">\n    <public-key alg=\"ed25519\">%s"
	    "</public-key>\n  </agency>\n", b64);
	agt_free(b64);
	xml = cat(NS, parties, agency, lot1, report1, "</batch>\n", NULL);
	assert_int_equal(agt_batch_sign(&out, &len, xml, strlen(xml), NULL,
	    sec, &n), AGT_OK);
	assert_int_equal(n, 1);
	return out;
}

static void
test_signatures(void **state)
{
	struct fx *f = *state;
	unsigned char sec[AGT_SECKEY_LEN];
	char *xml = signed_batch(sec), *sig;
	agt_import *imp;

	assert_non_null(strstr(xml, "<signature alg=\"ed25519\">"));
	/* A flipped byte of the signed content: the check fails. */
	sig = strstr(xml, "value=\"0.01\"");
	sig[10] = '2';
	assert_int_equal(import(f->db, xml, 0, &imp), AGT_ESIGNATURE);
	expect_error(imp, "report R1: signature does not verify");
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
	sig[10] = '1';
	assert_int_equal(import(f->db, xml, AGT_IMPORT_REQUIRE_SIGNATURES,
	    &imp), AGT_OK);
	assert_int_equal(agt_import_stat(imp, AGT_IMPORT_SIGNED), 1);
	assert_int_equal(agt_import_stat(imp, AGT_IMPORT_UNSIGNED), 0);
	agt_import_free(imp);
	assert_int_equal(agt_verify(f->db, AGT_VERIFY_SIGNATURES, NULL, NULL,
	    NULL), AGT_OK);
	agt_free(xml);
}

static void
test_require_signatures(void **state)
{
	struct fx *f = *state;
	agt_import *imp;

	assert_int_equal(import(f->db, cat(NS, parties, agency_nokey, lot1,
	    report1, "</batch>", NULL), AGT_IMPORT_REQUIRE_SIGNATURES, &imp),
	    AGT_ESIGNATURE);
	expect_error(imp, "report R1: not signed");
	agt_import_free(imp);
	assert_int_equal(head(f->db), 0);
}

struct membuf {
	char *p;
	size_t len;
};

static int
to_mem(const void *buf, size_t len, void *payload)
{
	struct membuf *m = payload;

	m->p = realloc(m->p, m->len + len + 1);
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	m->p[m->len] = '\0';
	return 0;
}

static void
test_export_round_trip(void **state)
{
	struct fx *f = *state;
	unsigned char sec[AGT_SECKEY_LEN], h1[AGT_HASH_LEN], h2[AGT_HASH_LEN];
	char *xml = signed_batch(sec), dir2[80];
	struct membuf m = { NULL, 0 };
	agt_db *db2;
	agt_txn *t;
	uint64_t s1, s2, skipped;
	char lot2[1024];

	assert_int_equal(import(f->db, xml, 0, NULL), AGT_OK);
	snprintf(lot2, sizeof lot2, "%s", lot1);
	memcpy(strstr(lot2, "Choy sum"), "Choy sam", 8);
	assert_int_equal(import(f->db, cat(NS, lot2, shipment1, "</batch>",
	    NULL), 0, NULL), AGT_OK);
	assert_int_equal(agt_export(f->db, 0, &skipped, to_mem, &m), AGT_OK);
	assert_int_equal(skipped, 0);
	snprintf(dir2, sizeof dir2, "%s2", f->dir);
	assert_int_equal(agt_db_create(&db2, dir2), AGT_OK);
	assert_int_equal(import(db2, m.p, AGT_IMPORT_REQUIRE_SIGNATURES, NULL),
	    AGT_OK);
	assert_int_equal(agt_txn_begin(&t, f->db, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_ledger_head(t, &s1, h1), AGT_OK);
	agt_txn_abort(t);
	assert_int_equal(agt_txn_begin(&t, db2, AGT_TXN_RDONLY), AGT_OK);
	assert_int_equal(agt_ledger_head(t, &s2, h2), AGT_OK);
	agt_txn_abort(t);
	assert_int_equal(s1, s2);
	assert_memory_equal(h1, h2, AGT_HASH_LEN);
	agt_db_close(db2);
	free(m.p);
	agt_free(xml);
}

/* References, CDATA and split text arrive decoded, whichever way they
 * are written, in attributes (SAX hands "&" over as "&#38;") and text. */
static void
test_escapes(void **state)
{
	static const char a[] =
	    "  <lot gtin=\"06901234567892\" lot=\"A&amp;B\" supplier=\"S0001\""
	    " category=\"V05\" product=\"x &#38; &lt;y&gt; &#x41;\""
	    " origin-country=\"156\">\n"
	    "    <alias>CN-<![CDATA[TR&CE]]>-<!-- c -->0001</alias>\n"
	    "  </lot>\n";
	static const char b[] =
	    "  <lot gtin=\"06901234567892\" lot=\"A&#38;B\" supplier=\"S0001\""
	    " category=\"V05\" product=\"x &amp; &#60;y&#62; A\""
	    " origin-country=\"156\">\n"
	    "    <alias>CN-TR&amp;CE-0001</alias>\n"
	    "  </lot>\n";
	struct fx *f = *state;
	struct membuf m = { NULL, 0 };
	agt_import *imp;
	uint64_t skipped;

	assert_int_equal(import(f->db, cat(NS, parties, a, "</batch>", NULL),
	    0, NULL), AGT_OK);
	assert_int_equal(import(f->db, cat(NS, b, "</batch>", NULL), 0, &imp),
	    AGT_OK);
	assert_int_equal(agt_import_count(imp, AGT_T_LOT, AGT_PUT_UNCHANGED), 1);
	agt_import_free(imp);
	assert_int_equal(agt_export(f->db, 0, &skipped, to_mem, &m), AGT_OK);
	assert_non_null(strstr(m.p, "lot=\"A&amp;B\""));
	assert_non_null(strstr(m.p, "product=\"x &amp; &lt;y&gt; A\""));
	assert_non_null(strstr(m.p, "<alias>CN-TR&amp;CE-0001</alias>"));
	free(m.p);
}

static int
cancel_at_once(uint64_t done, uint64_t total, void *payload)
{
	(void)done;
	(void)total;
	++*(int *)payload;
	return 1;
}

static void
test_progress_cancel(void **state)
{
	struct fx *f = *state;
	agt_import_options o = AGT_IMPORT_OPTIONS_INIT;
	const char *xml = cat(NS, parties, "</batch>", NULL);
	agt_import *imp;
	int calls = 0;

	o.progress = cancel_at_once;
	o.payload = &calls;
	assert_int_equal(agt_import_new(&imp, f->db, &o), AGT_OK);
	assert_int_equal(agt_import_memory(imp, "t.xml", xml, strlen(xml)),
	    AGT_ECANCELED);
	assert_int_equal(agt_import_commit(imp), AGT_ECANCELED);
	agt_import_free(imp);
	assert_int_equal(calls, 1);
	assert_int_equal(head(f->db), 0);
	o.version = 99;
	assert_int_equal(agt_import_new(&imp, f->db, &o), AGT_EVERSION);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_and_reimport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forward_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_check_digit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_errors_all_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_well_formed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doctype_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signatures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_require_signatures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_cancel, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
