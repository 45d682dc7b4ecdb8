/* test_record.c - records, validation, GTINs, the canonical encoding. */
#include "config.h"

#include "coretest.h"
#include "../../lib/db_private.h"

static agt_record *
lot(void)
{
	return sample_record(AGT_T_LOT, AGT_F_GTIN, SAMPLE_GTIN1,
	    AGT_F_LOT, "L1", AGT_F_SUPPLIER, "S001", AGT_F_CATEGORY, "FV01",
	    AGT_F_PRODUCT, "Apples", AGT_F_ORIGIN_COUNTRY, "156", 0);
}

static void
test_accessors(void **state)
{
	agt_record *r = lot(), *d;
	size_t len;

	(void)state;
	assert_non_null(r);
	assert_int_equal(agt_record_type(r), AGT_T_LOT);
	assert_string_equal(agt_record_get(r, AGT_F_LOT), "L1");
	assert_null(agt_record_get(r, AGT_F_ALIAS));
	assert_string_equal(agt_record_key(r), SAMPLE_GTIN1 "/L1");
	assert_int_equal(agt_record_add(r, AGT_F_ALIAS, "A1"), AGT_OK);
	assert_int_equal(agt_record_add(r, AGT_F_ALIAS, "A2"), AGT_OK);
	assert_int_equal(agt_record_count(r, AGT_F_ALIAS), 2);
	assert_string_equal(agt_record_get_nth(r, AGT_F_ALIAS, 1, &len), "A2");
	assert_int_equal(len, 2);
	assert_null(agt_record_get_nth(r, AGT_F_ALIAS, 2, NULL));
	assert_int_equal(agt_record_set(r, AGT_F_LOT, "L2"), AGT_OK);
	assert_string_equal(agt_record_key(r), SAMPLE_GTIN1 "/L2");
	assert_int_equal(agt_record_set(r, AGT_F_ALIAS, NULL), AGT_OK);
	assert_int_equal(agt_record_count(r, AGT_F_ALIAS), 0);
	assert_int_equal(agt_record_set(r, AGT_F_ITEM, "x"), AGT_EINVAL);
	assert_int_equal(agt_record_set(r, 127, "x"), AGT_EINVAL);
	assert_int_equal(agt_record_add_child(r, AGT_F_NAME, r), AGT_EINVAL);
	assert_int_equal(agt_record_seq(r), 0);
	assert_null(agt_record_hash(r));
	assert_int_equal(agt_record_dup(&d, r), AGT_OK);
	assert_string_equal(agt_record_key(d), SAMPLE_GTIN1 "/L2");
	agt_record_free(d);
	agt_record_free(r);
	agt_record_free(NULL);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(agt_type_name(AGT_T_SALESPOINT), "sales-point");
	assert_int_equal(agt_type_from_name("sales-point"), AGT_T_SALESPOINT);
	assert_int_equal(agt_type_from_name("lot"), AGT_T_LOT);
	assert_int_equal(agt_type_from_name("nope"), 0);
	assert_null(agt_type_name(0));
	assert_null(agt_type_name(200));
	assert_string_equal(agt_field_name(AGT_F_EXPIRES), "expires");
	assert_int_equal(agt_field_from_name("gtin"), AGT_F_GTIN);
	assert_null(agt_field_name(AGT_F_LIMIT));
	assert_true(agt_field_is_binary(AGT_F_PUBKEY));
	assert_true(agt_field_is_binary(AGT_F_SIGNATURE));
	assert_false(agt_field_is_binary(AGT_F_NAME));
}

static void
test_gtin(void **state)
{
	char out[15];

	(void)state;
	assert_true(agt_gtin_valid("06901234567892", 14));
	assert_false(agt_gtin_valid("06901234567893", 14));
	assert_true(agt_gtin_valid("6901234567892", 13));
	assert_true(agt_gtin_valid("96385074", 8));
	assert_true(agt_gtin_valid("036000291452", 12));
	assert_false(agt_gtin_valid("0690123456789x", 14));
	assert_false(agt_gtin_valid("123", 3));
	assert_int_equal(agt_gtin_normalize(out, "6901234567892", 13), AGT_OK);
	assert_string_equal(out, "06901234567892");
	assert_int_equal(agt_gtin_normalize(out, "96385074", 8), AGT_OK);
	assert_string_equal(out, "00000096385074");
	assert_int_equal(agt_gtin_normalize(out, "6901234567890", 13), AGT_EINVAL);
}

/* Set FIELD of a valid lot to VALUE and validate. */
static int
lot_with(int field, const char *value)
{
	agt_record *r = lot();
	const char *why;
	int rc;

	assert_int_equal(agt_record_set(r, field, value), AGT_OK);
	rc = agt_record_validate(r, &why);
	if (rc != AGT_OK)
		assert_true(strlen(why) > 0);
	agt_record_free(r);
	return rc;
}

static void
test_validate_lot(void **state)
{
	(void)state;
	assert_int_equal(lot_with(AGT_F_LOT, "L1"), AGT_OK);
	assert_int_equal(lot_with(AGT_F_GTIN, "06901234567893"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_GTIN, "6901234567892"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_LOT, ""), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_LOT, "A23456789012345678901"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_LOT, "A2345678901234567890"), AGT_OK);
	assert_int_equal(lot_with(AGT_F_LOT, "L 1"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_LOT, "L#1"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_LOT, "a/b-c.d_e%f"), AGT_OK);
	assert_int_equal(lot_with(AGT_F_PACKED, "2024-02-29"), AGT_OK);
	assert_int_equal(lot_with(AGT_F_PACKED, "2023-02-29"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_PACKED, "2024-13-01"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_PACKED, "2024-4-01"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_EXPIRES, "1900-02-29"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_EXPIRES, "2000-02-29"), AGT_OK);
	assert_int_equal(lot_with(AGT_F_ORIGIN_COUNTRY, "CN"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_ORIGIN_COUNTRY, "1560"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_QUANTITY, "12.5"), AGT_OK);
	assert_int_equal(lot_with(AGT_F_QUANTITY, "12,5"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_PRODUCT, "\xff\xfe"), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_PRODUCT, "苹果"), AGT_OK);
	assert_int_equal(lot_with(AGT_F_SUPPLIER, NULL), AGT_EINVAL);
	assert_int_equal(lot_with(AGT_F_PRODUCT, NULL), AGT_EINVAL);
}

static void
test_validate_types(void **state)
{
	unsigned char key[33] = { 0 };
	agt_record *r, *item, *ref;

	(void)state;
	r = sample_record(AGT_T_SUPPLIER, AGT_F_ID, "S1", 0);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL);
	assert_int_equal(agt_record_set(r, AGT_F_NAME, "N"), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_OK);
	assert_int_equal(agt_record_add(r, AGT_F_NAME, "N2"), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL); /* twice */
	agt_record_free(r);

	r = sample_record(AGT_T_AGENCY, AGT_F_ID, "A", AGT_F_NAME, "N",
	    AGT_F_ACCREDITATION, "CNAS", 0);
	assert_int_equal(agt_record_validate(r, NULL), AGT_OK);
	assert_int_equal(agt_record_set_bytes(r, AGT_F_PUBKEY, key, 33), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL);
	assert_int_equal(agt_record_set_bytes(r, AGT_F_PUBKEY, key, 32), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_OK);
	agt_record_free(r);

	r = sample_record(AGT_T_CATEGORY, AGT_F_ID, "C", AGT_F_NAME, "N",
	    AGT_F_GROUP, "vegetables", 0);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL);
	agt_record_free(r);

	r = sample_record(AGT_T_REPORT, AGT_F_ID, "R1", AGT_F_AGENCY, "A",
	    AGT_F_ISSUED, "2024-01-01", AGT_F_VERDICT, "pass", 0);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL); /* no lot */
	ref = sample_record(AGT_T_LOTREF, AGT_F_GTIN, SAMPLE_GTIN1, AGT_F_LOT, "L1", 0);
	assert_int_equal(agt_record_add_child(r, AGT_F_LOTREF, ref), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_OK);
	assert_int_equal(agt_record_add_child(r, AGT_F_LOTREF, ref), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL); /* twice */
	assert_int_equal(agt_record_set(r, AGT_F_LOTREF, NULL), AGT_OK);
	assert_int_equal(agt_record_count(r, AGT_F_LOTREF), 0);
	assert_int_equal(agt_record_add_child(r, AGT_F_LOTREF, ref), AGT_OK);
	item = sample_record(AGT_T_ITEM, AGT_F_ANALYTE, "Pb", 0);
	assert_int_equal(agt_record_add_child(r, AGT_F_ITEM, item), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL); /* no verdict */
	assert_int_equal(agt_record_set(r, AGT_F_ITEM, "x"), AGT_EINVAL);
	agt_record_free(r);
	r = sample_record(AGT_T_REPORT, AGT_F_ID, "R1", AGT_F_AGENCY, "A",
	    AGT_F_ISSUED, "2024-01-01", AGT_F_VERDICT, "maybe", 0);
	assert_int_equal(agt_record_add_child(r, AGT_F_LOTREF, ref), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL);
	assert_int_equal(agt_record_add_child(r, AGT_F_ITEM, ref), AGT_OK);
	assert_int_equal(agt_record_set(r, AGT_F_VERDICT, "fail"), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL); /* wrong child */
	agt_record_free(r);
	assert_int_equal(agt_record_validate(ref, NULL), AGT_EINVAL); /* nested only */
	agt_record_free(ref);
	agt_record_free(item);

	r = sample_record(AGT_T_SHIPMENT, AGT_F_GTIN, SAMPLE_GTIN1, AGT_F_LOT,
	    "L1", AGT_F_SALESPOINT, "SP1", AGT_F_SHIPPED, "2024-01-01", 0);
	assert_int_equal(agt_record_validate(r, NULL), AGT_OK);
	assert_string_equal(agt_record_key(r), SAMPLE_GTIN1 "/L1/SP1/2024-01-01");
	assert_int_equal(agt_record_set(r, AGT_F_SALESPOINT, "S/P"), AGT_OK);
	assert_int_equal(agt_record_validate(r, NULL), AGT_EINVAL);
	agt_record_free(r);
}

static void
encode(const agt_record *r, unsigned char **p, size_t *n)
{
	assert_int_equal(agt_record_encode(r, p, n), AGT_OK);
}

static void
test_determinism(void **state)
{
	agt_record *a = lot(), *b, *dec;
	unsigned char *pa, *pb, *pc;
	size_t na, nb, nc;

	(void)state;
	assert_int_equal(agt_record_add(a, AGT_F_ALIAS, "Z9"), AGT_OK);
	assert_int_equal(agt_record_add(a, AGT_F_ALIAS, "A1"), AGT_OK);
	b = sample_record(AGT_T_LOT, AGT_F_ALIAS, "A1", AGT_F_ORIGIN_COUNTRY,
	    "156", AGT_F_PRODUCT, "Apples", AGT_F_ALIAS, "Z9", AGT_F_CATEGORY,
	    "FV01", AGT_F_SUPPLIER, "S001", AGT_F_LOT, "L1", AGT_F_GTIN,
	    SAMPLE_GTIN1, 0);
	encode(a, &pa, &na);
	encode(b, &pb, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(pa, pb, na);
	assert_int_equal(pa[0], 1);
	assert_int_equal(pa[1], AGT_T_LOT);
	assert_int_equal(agt_record_decode(&dec, pa, na), AGT_OK);
	assert_string_equal(agt_record_get(dec, AGT_F_PRODUCT), "Apples");
	assert_string_equal(agt_record_get_nth(dec, AGT_F_ALIAS, 0, NULL), "A1");
	encode(dec, &pc, &nc);
	assert_int_equal(nc, na);
	assert_memory_equal(pc, pa, na);
	/* The same value twice cannot be encoded. */
	agt_free(pb);
	assert_int_equal(agt_record_add(b, AGT_F_ALIAS, "A1"), AGT_OK);
	assert_int_equal(agt_record_encode(b, &pb, &nb), AGT_EINVAL);
	assert_null(pb);
	agt_free(pa);
	agt_free(pc);
	agt_record_free(a);
	agt_record_free(b);
	agt_record_free(dec);
}

static agt_record *
report(void)
{
	agt_record *r = sample_record(AGT_T_REPORT, AGT_F_ID, "R1", AGT_F_AGENCY,
	    "A", AGT_F_ISSUED, "2024-01-01", AGT_F_VERDICT, "pass", 0);
	agt_record *ref = sample_record(AGT_T_LOTREF, AGT_F_GTIN, SAMPLE_GTIN1,
	    AGT_F_LOT, "L1", 0);
	agt_record *item = sample_record(AGT_T_ITEM, AGT_F_ANALYTE, "Pb",
	    AGT_F_VERDICT, "pass", 0);
	unsigned char sig[64];

	memset(sig, 0xab, sizeof sig);
	assert_int_equal(agt_record_add_child(r, AGT_F_LOTREF, ref), AGT_OK);
	assert_int_equal(agt_record_add_child(r, AGT_F_ITEM, item), AGT_OK);
	assert_int_equal(agt_record_set_bytes(r, AGT_F_SIGNATURE, sig, 64), AGT_OK);
	agt_record_free(ref);
	agt_record_free(item);
	return r;
}

static void
test_nested_and_unsigned(void **state)
{
	agt_record *r = report(), *dec;
	unsigned char *p, *u, *pu;
	size_t n, nu, npu;
	size_t len;

	(void)state;
	encode(r, &p, &n);
	assert_int_equal(agt_record_decode(&dec, p, n), AGT_OK);
	assert_non_null(agt_record_child(dec, AGT_F_ITEM, 0));
	assert_string_equal(agt_record_get(agt_record_child(dec, AGT_F_ITEM, 0),
	    AGT_F_ANALYTE), "Pb");
	assert_non_null(agt_record_get_nth(dec, AGT_F_SIGNATURE, 0, &len));
	assert_int_equal(len, 64);
	assert_int_equal(agt_record_encode_unsigned(r, &u, &nu), AGT_OK);
	assert_int_equal(nu, n - 2 - 1 - 64);
	assert_int_equal(agt_record_set_bytes(r, AGT_F_SIGNATURE, NULL, 0), AGT_OK);
	encode(r, &pu, &npu);
	assert_int_equal(npu, nu);
	assert_memory_equal(pu, u, nu);
	agt_free(p);
	agt_free(u);
	agt_free(pu);
	agt_record_free(r);
	agt_record_free(dec);
}

static int
decode_rc(const void *p, size_t n)
{
	agt_record *r = NULL;
	int rc = agt_record_decode(&r, p, n);

	if (rc == AGT_OK)
		assert_non_null(r);
	else
		assert_null(r);
	agt_record_free(r);
	return rc;
}

static void
test_decode_strict(void **state)
{
	/* A supplier: ID "S1", NAME "N". */
	static const unsigned char ok[] = { 1, 2, 1, 0, 2, 'S', '1', 2, 0, 1, 'N' };
	static const unsigned char nonmin[] = { 1, 2, 1, 0, 0x82, 0, 'S', '1', 2, 0, 1, 'N' };
	static const unsigned char unsorted[] = { 1, 2, 2, 0, 1, 'N', 1, 0, 2, 'S', '1' };
	static const unsigned char dup[] = { 1, 2, 1, 0, 1, 'S', 1, 0, 1, 'S' };
	static const unsigned char trailing[] = { 1, 2, 1, 0, 2, 'S', '1', 2, 0, 1, 'N', 0 };
	static const unsigned char badkind[] = { 1, 2, 1, 1, 2, 'S', '1' };
	static const unsigned char badtag[] = { 1, 2, 100, 0, 1, 'x' };
	static const unsigned char nul[] = { 1, 2, 1, 0, 2, 'S', 0 };
	static const unsigned char version[] = { 2, 2, 1, 0, 2, 'S', '1' };
	static const unsigned char nested_top[] = { 1, AGT_T_ITEM };
	static const unsigned char wrong_child[] = { 1, AGT_T_REPORT, AGT_F_ITEM, 2, 1, AGT_T_LOTREF };
	static const unsigned char right_child[] = { 1, AGT_T_REPORT, AGT_F_ITEM, 2, 1, AGT_T_ITEM };
	size_t i;

	(void)state;
	assert_int_equal(decode_rc(ok, sizeof ok), AGT_OK);
	/* Cut inside a field: rejected.  (Cut between fields the rest is a
	 * valid record: the ledger hash is what catches that.) */
	for (i = 0; i < sizeof ok; i++)
		if (i != 2 && i != 7)
			assert_int_not_equal(decode_rc(ok, i), AGT_OK);
	assert_int_equal(decode_rc(nonmin, sizeof nonmin), AGT_EFORMAT);
	assert_int_equal(decode_rc(unsorted, sizeof unsorted), AGT_EFORMAT);
	assert_int_equal(decode_rc(dup, sizeof dup), AGT_EFORMAT);
	assert_int_equal(decode_rc(trailing, sizeof trailing), AGT_EFORMAT);
	assert_int_equal(decode_rc(badkind, sizeof badkind), AGT_EFORMAT);
	assert_int_equal(decode_rc(badtag, sizeof badtag), AGT_EFORMAT);
	assert_int_equal(decode_rc(nul, sizeof nul), AGT_EFORMAT);
	assert_int_equal(decode_rc(version, sizeof version), AGT_EVERSION);
	assert_int_equal(decode_rc(nested_top, sizeof nested_top), AGT_EFORMAT);
	assert_int_equal(decode_rc(wrong_child, sizeof wrong_child), AGT_EFORMAT);
	assert_int_equal(decode_rc(right_child, sizeof right_child), AGT_OK);
}

/*
 * Text values of every length from 0 to 40 bytes, with one byte changed
 * at every position: the decoder checks text 8 bytes at a time, then the
 * last 8 overlapping (or byte by byte when shorter), and hands anything
 * not ASCII to the UTF-8 check.  NUL, a stray continuation byte, a cut
 * sequence and 0xff are refused wherever they are; a whole 2-byte
 * character is accepted wherever it fits.
 */
static void
test_decode_text(void **state)
{
	static const unsigned char bad[] = { 0x00, 0x80, 0xc3, 0xff };
	unsigned char buf[64] = { 1, AGT_T_SUPPLIER, AGT_F_ID, 0 };
	size_t len, pos, b;

	(void)state;
	for (len = 0; len <= 40; len++) {
		buf[4] = (unsigned char)len;
		memset(buf + 5, 'a', len);
		assert_int_equal(decode_rc(buf, 5 + len), AGT_OK);
		for (pos = 0; pos < len; pos++) {
			for (b = 0; b < sizeof bad; b++) {
				buf[5 + pos] = bad[b];
				assert_int_equal(decode_rc(buf, 5 + len), AGT_EFORMAT);
			}
			if (pos + 1 < len) { /* U+00E9 */
				buf[5 + pos] = 0xc3;
				buf[6 + pos] = 0xa9;
				assert_int_equal(decode_rc(buf, 5 + len), AGT_OK);
				buf[6 + pos] = 'a';
			}
			buf[5 + pos] = 'a';
		}
	}
}

/* An item nested D levels deep: item { item { ... } }, into BUF. */
static size_t
nested_items(unsigned char *buf, int d)
{
	size_t n;

	buf[0] = AGT_T_ITEM;
	if (d == 1)
		return 1;
	n = nested_items(buf + 4, d - 1);
	buf[1] = AGT_F_ITEM;
	buf[2] = 2;
	buf[3] = (unsigned char)n;
	return 4 + n;
}

/* The decoder takes records nested 4 deep, not 5. */
static void
test_decode_depth(void **state)
{
	unsigned char buf[64] = { 1, AGT_T_REPORT, AGT_F_ITEM, 2 };
	size_t n;
	int d;

	(void)state;
	for (d = 1; d <= 6; d++) {
		n = nested_items(buf + 5, d);
		buf[4] = (unsigned char)n;
		assert_int_equal(decode_rc(buf, 5 + n), d <= 4 ? AGT_OK : AGT_EFORMAT);
	}
}

/* Random mutations of a valid encoding never crash the decoder. */
static void
test_decode_garbage(void **state)
{
	agt_record *r = report();
	unsigned char *p, *m;
	size_t n, i, j;

	(void)state;
	encode(r, &p, &n);
	m = malloc(n);
	srand(42);
	for (i = 0; i < 20000; i++) {
		memcpy(m, p, n);
		for (j = 0; j < 1 + (size_t)rand() % 4; j++)
			m[(size_t)rand() % n] = (unsigned char)rand();
		(void)decode_rc(m, 1 + (size_t)rand() % n);
	}
	free(m);
	agt_free(p);
	agt_record_free(r);
}

/* The worked example of formats/records.md. */
static void
test_worked_example(void **state)
{
	static const unsigned char want[] = { 0x01, 0x02, 0x01, 0x00, 0x02,
	    0x53, 0x31, 0x02, 0x00, 0x04, 0x46, 0x61, 0x72, 0x6d };
	static const unsigned char zero[32];
	agt_record *r = sample_record(AGT_T_SUPPLIER, AGT_F_NAME, "Farm",
	    AGT_F_ID, "S1", 0);
	unsigned char *p, h[32];
	char hex[65];
	size_t n;

	(void)state;
	encode(r, &p, &n);
	assert_int_equal(n, sizeof want);
	assert_memory_equal(p, want, n);
	agti_crypto_init();
	agti_chain_hash(h, zero, 1, AGT_T_SUPPLIER, p, n);
	assert_string_equal(agt_hash_hex(hex, h),
	    "5110bb0905a33fe360ffa19f9dc5b3035cb7de8e78da027cf00c9778e5adacf0");
	agt_free(p);
	agt_record_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_gtin),
		cmocka_unit_test(test_validate_lot),
		cmocka_unit_test(test_validate_types),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_nested_and_unsigned),
		cmocka_unit_test(test_decode_strict),
		cmocka_unit_test(test_decode_text),
		cmocka_unit_test(test_decode_depth),
		cmocka_unit_test(test_decode_garbage),
		cmocka_unit_test(test_worked_example),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
