/* test_gs1.c - the GS1 payload parser: every input shape, every check, renderings. */
#include "gs1_private.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define GS "\x1d"

static agt_gs1 *
parse_ok(const char *code, unsigned flags)
{
	agt_gs1_options o = AGT_GS1_OPTIONS_INIT;
	agt_gs1 *g = NULL;
	int rc;

	o.ref_year = 2026;
	o.flags = flags;
	rc = agt_gs1_parse(&g, code, strlen(code), &o);
	if (rc != AGT_OK)
		print_error("parse %s: %s\n", code, agt_errmsg(NULL));
	assert_int_equal(rc, AGT_OK);
	return g;
}

static char *
render(const agt_gs1 *g, int form)
{
	char *s = NULL;

	assert_int_equal(agt_gs1_render(&s, g, form, NULL), AGT_OK);
	return s;
}

/* Every accepted shape, as its kind and its bracketed rendering. */
static const struct {
	const char *in;
	int kind;
	const char *bracketed;
} valid[] = {
	{ "]C1010690123456789210L20261120A" GS "17261127", AGT_GS1_ELEMENT,
	  "(01)06901234567892(10)L20261120A(17)261127" },
	{ "010690123456789210L20261120A" GS "17261127", AGT_GS1_ELEMENT,
	  "(01)06901234567892(10)L20261120A(17)261127" },
	{ GS "0106901234567892172611271012", AGT_GS1_ELEMENT,
	  "(01)06901234567892(17)261127(10)12" },
	{ "]d201069012345678921726112710L1", AGT_GS1_ELEMENT,
	  "(01)06901234567892(17)261127(10)L1" },
	{ "]Q30106901234567892" GS "10L1", AGT_GS1_ELEMENT,
	  "(01)06901234567892(10)L1" },
	{ "]e001069012345678923103001250", AGT_GS1_ELEMENT,
	  "(01)06901234567892(3103)001250" },
	{ "]J10106901234567892", AGT_GS1_ELEMENT, "(01)06901234567892" },
	{ "(01)06901234567892(10)L20261120A(17)261127", AGT_GS1_BRACKETED,
	  "(01)06901234567892(10)L20261120A(17)261127" },
	{ " (01) 06901234567892 (10) L(1)2 \r\n", AGT_GS1_BRACKETED,
	  "(01)06901234567892(10)L\\(1)2" },
	{ "(01)06901234567892(10)A\\(12)B(17)261127", AGT_GS1_BRACKETED,
	  "(01)06901234567892(10)A\\(12)B(17)261127" },
	{ "https://id.example.cn/01/06901234567892/10/L20261120A?17=261127",
	  AGT_GS1_DIGITAL_LINK, "(01)06901234567892(10)L20261120A(17)261127" },
	{ "https://shop.example/p/x/01/06901234567892/10/L%2F1?17=261127&linkType=all",
	  AGT_GS1_DIGITAL_LINK, "(01)06901234567892(10)L/1(17)261127" },
	{ "HTTP://h/01/6901234567892/22/A/10/B/21/C?3103=000500#frag",
	  AGT_GS1_DIGITAL_LINK, "(01)06901234567892(22)A(10)B(21)C(3103)000500" },
	{ "https://h/01/06901234567892/235/TPX1", AGT_GS1_DIGITAL_LINK,
	  "(01)06901234567892(235)TPX1" },
	{ "https://h/00/106141412345678908", AGT_GS1_DIGITAL_LINK,
	  "(00)106141412345678908" },
	{ "https://h/414/0614141000005/254/A1", AGT_GS1_DIGITAL_LINK,
	  "(414)0614141000005(254)A1" },
	{ "]Q1https://h/01/06901234567892", AGT_GS1_DIGITAL_LINK,
	  "(01)06901234567892" },
	{ "https://h/01/06901234567892/10/L1/?17=261127", AGT_GS1_DIGITAL_LINK,
	  "(01)06901234567892(10)L1(17)261127" },
	{ "06901234567892", AGT_GS1_GTIN, "(01)06901234567892" },
	{ "6901234567892", AGT_GS1_GTIN, "(01)06901234567892" },
	{ "036000291452", AGT_GS1_GTIN, "(01)00036000291452" },
	{ "96385074", AGT_GS1_GTIN, "(01)00000096385074" },
	{ "]E04006381333931", AGT_GS1_GTIN, "(01)04006381333931" },
	{ "]E496385074", AGT_GS1_GTIN, "(01)00000096385074" },
	/* produce, meat, fish and honey labels */
	{ "(01)06901234567892(10)A1(11)261101(13)261102(15)261130(16)261129"
	  "(3102)012345(3201)000250(422)156(423)156250(424)156(425)156(426)156"
	  "(7002)AB12(7005)27(7006)261101(7007)261101261103(7008)HAD(7009)03"
	  "(7010)1(7030)156ABC(7039)999X(8008)26112708(20)01(30)12(37)4"
	  "(21)S1(22)CPV(7003)2611270830(7001)1234567890123",
	  AGT_GS1_BRACKETED, NULL },
	{ "(00)106141412345678908(02)06901234567892(37)10(410)0614141000005"
	  "(8006)069012345678920102(8026)069012345678920102(7040)1ABC"
	  "(8003)006141410000052ABC(253)0614141000005X(255)0614141000005"
	  "(8017)106141412345678908(8011)12(8001)12345678901211(7011)2611"
	  "270830(4324)2611270830(3922)1250(3932)9781250",
	  0, NULL },
};

/* Each of these is refused, with this in the message. */
static const struct {
	const char *in;
	const char *msg;
} invalid[] = {
	{ "0106901234567893", "AI (01) at offset 2: check digit 3, expected 2" },
	{ "(01)06901234567893", "check digit 3, expected 2" },
	{ "6901234567893", "GTIN-13 at offset 12: check digit 3, expected 2" },
	{ "(00)106141412345678909", "AI (00) at offset 4: check digit" },
	{ "(410)0614141000006", "AI (410)" },
	{ "01069012345678921726132710L1", "AI (17) at offset 18: month 13" },
	{ "0106901234567892172611", "AI (17) at offset 18: truncated: 4 of 6" },
	{ "01069012345678921726023110L1", "AI (17) at offset 18: day 31 of 2026-02" },
	{ "(01)06901234567892(7006)261100", "day 00 of 2026-11" },
	{ "(01)06901234567892(8008)26112725", "hour 25" },
	{ "(01)06901234567892(7003)2611271261", "minute 61" },
	{ "]C1010690123456789210ABCDEFGHIJKLMNOPQRS17261127", "AI (10) at offset 21: 27 characters, at most 20 (FNC1 missing" },
	{ "]C10106901234567892" GS "10L1" GS "2361", "offset 25: unknown AI (2361)" },
	{ "]C1010690123456789210123456789012345678901", "at most 20" },
	{ "]C101069012345678920", "truncated: an AI needs 2 to 4 digits" },
	{ "]C10106901234567892238", "unknown AI (238" },
	{ "]C1010690123", "AI (01) at offset 5: truncated: 7 of 14" },
	{ "]C1", "nothing after the symbology identifier" },
	{ "]C1X1", "offset 3: an AI (digits) expected" },
	{ "(01)06901234567892(10)", "AI (10) at offset 22: empty value" },
	{ "(01)06901234567892(99", "truncated: ')' missing" },
	{ "(01)06901234567892(12345)1", "AI (01) at offset 4: too long" },
	{ "(12345)1", "2 to 4 digits in brackets" },
	{ "(01", "')' missing" },
	{ "(01)06901234567892(239)x", "unknown AI (239)" },
	{ "(01)0690123456789", "(01) at offset 4: too short" },
	{ "(01)069012345678921", "too long" },
	{ "(01)06901234567892(10)L 1", "' ' is not in GS1 character set 82" },
	{ "(01)06901234567892(10)L\x80", "byte 0x80" },
	{ "(01)0690123456789A", "'A' is not a digit" },
	{ "(422)999", "999 is not an ISO 3166 country code" },
	{ "(423)1561", "country codes come in 3 digits" },
	{ "(7030)000X", "000 is not an ISO 3166" },
	{ "(8010)ab", "character set 39" },
	{ "(8006)069012345678920302", "piece 03 of 02" },
	{ "(8003)106141410000052", "must be 0" },
	{ "(4321)2", "must be 0 or 1" },
	{ "(03)12345678901234", "reserved by GS1" },
	{ "(10)A(10)B", "repeated with another value" },
	{ "https://h/01/06901234567892/10/L%2", "bad percent-encoding" },
	{ "https://h/01/06901234567892/10/L%zz", "bad percent-encoding" },
	{ "https://h/01/06901234567892?9999=1", "unknown AI (9999) in the query" },
	{ "https://h/01/06901234567892?17=261340", "month 13" },
	{ "https://h/01/06901234567893", "check digit" },
	{ "https://h/01/06901234567892?17", "no value in the query" },
};

static void
test_valid(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		agt_gs1 *g = parse_ok(valid[i].in, 0);
		char *b = render(g, AGT_GS1_FORM_BRACKETED);

		if (valid[i].kind)
			assert_int_equal(agt_gs1_kind(g), valid[i].kind);
		if (valid[i].bracketed)
			assert_string_equal(b, valid[i].bracketed);
		free(b);
		agt_gs1_free(g);
	}
}

static void
test_invalid(void **state)
{
	agt_gs1_options o = AGT_GS1_OPTIONS_INIT;
	size_t i;

	(void)state;
	o.ref_year = 2026;
	for (i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		agt_gs1 *g = (agt_gs1 *)&o;
		int rc = agt_gs1_parse(&g, invalid[i].in, strlen(invalid[i].in), &o);

		if (rc != AGT_EFORMAT || strstr(agt_errmsg(NULL), invalid[i].msg) == NULL)
			print_error("%s: rc %d, \"%s\", wanted \"%s\"\n", invalid[i].in,
			    rc, agt_errmsg(NULL), invalid[i].msg);
		assert_int_equal(rc, AGT_EFORMAT);
		assert_null(g);
		assert_non_null(strstr(agt_errmsg(NULL), invalid[i].msg));
	}
}

/* Same AIs with the same values, in any order. */
static void
assert_same_ais(const agt_gs1 *a, const agt_gs1 *b)
{
	size_t i;

	assert_int_equal(agt_gs1_count(a), agt_gs1_count(b));
	for (i = 0; i < agt_gs1_count(a); i++) {
		const char *v = agt_gs1_find(b, agt_gs1_ai(a, i));

		assert_non_null(v);
		assert_string_equal(v, agt_gs1_value(a, i));
	}
}

static void
test_roundtrip(void **state)
{
	static const int forms[] = { AGT_GS1_FORM_BRACKETED, AGT_GS1_FORM_ELEMENT,
		AGT_GS1_FORM_DIGITAL_LINK };
	size_t i, f;

	(void)state;
	for (i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		agt_gs1 *g = parse_ok(valid[i].in, 0);

		for (f = 0; f < 3; f++) {
			char *s = NULL;
			agt_gs1 *h;

			if (agt_gs1_render(&s, g, forms[f], "https://id.example.cn/") != AGT_OK) {
				assert_int_equal(forms[f], AGT_GS1_FORM_DIGITAL_LINK);
				assert_null(agt_gs1_find(g, "01"));
				continue;
			}
			if (forms[f] == AGT_GS1_FORM_ELEMENT) { /* as a scanner sends it */
				char *t = malloc(strlen(s) + 4);

				sprintf(t, "]C1%s", s);
				free(s);
				s = t;
			}
			h = parse_ok(s, 0);
			if (agt_gs1_count(g) != agt_gs1_count(h))
				print_error("%s -> %s\n", valid[i].in, s);
			assert_same_ais(g, h);
			agt_gs1_free(h);
			free(s);
		}
		agt_gs1_free(g);
	}
}

static void
test_renderings(void **state)
{
	agt_gs1 *g = parse_ok("(01)06901234567892(17)261127(10)L/1(3103)001250", 0);
	char *s;

	(void)state;
	s = render(g, AGT_GS1_FORM_ELEMENT);
	assert_string_equal(s, "01069012345678921726112710L/1" GS "3103001250");
	free(s);
	s = render(g, AGT_GS1_FORM_DIGITAL_LINK);
	assert_string_equal(s,
	    "https://id.gs1.org/01/06901234567892/10/L%2F1?17=261127&3103=001250");
	free(s);
	assert_int_equal(agt_gs1_render(&s, g, 0, NULL), AGT_EINVAL);
	assert_int_equal(agt_gs1_render(&s, g, AGT_GS1_FORM_DIGITAL_LINK,
	    "https://shop.example/p/"), AGT_OK);
	assert_string_equal(s,
	    "https://shop.example/p/01/06901234567892/10/L%2F1?17=261127&3103=001250");
	free(s);
	agt_gs1_free(g);
	/* the 22,10,21 order holds whatever order the AIs came in */
	g = parse_ok("(21)S(10)L(01)06901234567892(22)C", 0);
	s = render(g, AGT_GS1_FORM_DIGITAL_LINK);
	assert_string_equal(s, "https://id.gs1.org/01/06901234567892/22/C/10/L/21/S");
	free(s);
	agt_gs1_free(g);
}

static void
test_typed(void **state)
{
	agt_gs1 *g = parse_ok("(01)06901234567892(10)L1(17)261100(11)991231"
	    "(3103)001250(423)156250(7007)261101261103(8008)2611270830"
	    "(7003)2611270830(3920)0", 0);
	double kg = 0;

	(void)state;
	assert_int_equal(agt_gs1_kind(g), AGT_GS1_BRACKETED);
	assert_string_equal(agt_gs1_kind_name(agt_gs1_kind(g)), "bracketed");
	assert_int_equal(agt_gs1_count(g), 10);
	assert_string_equal(agt_gs1_gtin(g), "06901234567892");
	assert_string_equal(agt_gs1_lot(g), "L1");
	assert_string_equal(agt_gs1_expiry(g), "2026-11-30"); /* DD=00 */
	assert_string_equal(agt_gs1_typed(g, 3), "1999-12-31");   /* window */
	assert_string_equal(agt_gs1_title(g, 2), "USE BY or EXPIRY");
	assert_string_equal(agt_gs1_typed(g, 4), "1.250");
	assert_int_equal(agt_gs1_net_weight(g, &kg), AGT_OK);
	assert_true(kg > 1.2499 && kg < 1.2501);
	assert_string_equal(agt_gs1_typed(g, 5), "156,250");
	assert_string_equal(agt_gs1_typed(g, 6), "2026-11-01/2026-11-03");
	assert_string_equal(agt_gs1_typed(g, 7), "2026-11-27T08:30");
	assert_string_equal(agt_gs1_typed(g, 8), "2026-11-27T08:30");
	assert_string_equal(agt_gs1_typed(g, 9), "0");
	assert_null(agt_gs1_ai(g, 10));
	assert_null(agt_gs1_alias(g));
	agt_gs1_free(g);

	g = parse_ok("(01)06901234567892(3202)000500(15)280229", 0);
	assert_int_equal(agt_gs1_net_weight(g, &kg), AGT_OK);
	assert_true(kg > 2.2679 && kg < 2.2681); /* 5.00 lb */
	assert_string_equal(agt_gs1_expiry(g), "2028-02-29");
	agt_gs1_free(g);
}

static void
test_century(void **state)
{
	agt_gs1_options o = AGT_GS1_OPTIONS_INIT;
	static const struct { int ref; const char *yymmdd, *iso; } t[] = {
		{ 2026, "760101", "2076-01-01" }, { 2026, "770101", "1977-01-01" },
		{ 2080, "290101", "2129-01-01" }, { 2080, "300101", "2130-01-01" },
		{ 2080, "310101", "2031-01-01" },
		{ 1999, "000101", "2000-01-01" }, { 2000, "990101", "1999-01-01" },
	};
	char code[32];
	size_t i;
	agt_gs1 *g;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		o.ref_year = t[i].ref;
		snprintf(code, sizeof code, "(17)%s", t[i].yymmdd);
		assert_int_equal(agt_gs1_parse(&g, code, strlen(code), &o), AGT_OK);
		assert_string_equal(agt_gs1_expiry(g), t[i].iso);
		agt_gs1_free(g);
	}
}

static void
test_wedge_and_alias(void **state)
{
	static const char *const wedge[] = {
		"010690123456789210L1<GS>17261127", "010690123456789210L1^17261127",
		"010690123456789210L1\\x1d17261127", "010690123456789210L1{GS}17261127",
	};
	agt_gs1_options o = AGT_GS1_OPTIONS_INIT;
	agt_gs1 *g;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		g = parse_ok(wedge[i], AGT_GS1_WEDGE);
		assert_string_equal(agt_gs1_lot(g), "L1");
		assert_string_equal(agt_gs1_expiry(g), "2026-11-27");
		agt_gs1_free(g);
	}
	/* without the flag "<GS>" is data: "L1<GS>17261127" is 14 set-82 characters */
	g = parse_ok(wedge[0], 0);
	assert_string_equal(agt_gs1_lot(g), "L1<GS>17261127");
	agt_gs1_free(g);

	g = parse_ok("  CN-TRACE-3301-0001  ", 0);
	assert_int_equal(agt_gs1_kind(g), AGT_GS1_ALIAS);
	assert_string_equal(agt_gs1_alias(g), "CN-TRACE-3301-0001");
	assert_int_equal(agt_gs1_count(g), 0);
	assert_null(agt_gs1_gtin(g));
	assert_int_equal(agt_gs1_render(&(char *){ NULL }, g,
	    AGT_GS1_FORM_BRACKETED, NULL), AGT_EINVAL);
	agt_gs1_free(g);
	g = parse_ok("https://trace.example.cn/q?id=1234", 0);
	assert_int_equal(agt_gs1_kind(g), AGT_GS1_ALIAS);
	agt_gs1_free(g);
	g = parse_ok("12345", 0);
	assert_int_equal(agt_gs1_kind(g), AGT_GS1_ALIAS);
	agt_gs1_free(g);

	o.flags = AGT_GS1_NO_ALIAS;
	assert_int_equal(agt_gs1_parse(&g, "ABC", 3, &o), AGT_EFORMAT);
	assert_int_equal(agt_gs1_parse(&g, " \r\n", 3, NULL), AGT_EINVAL);
	assert_int_equal(agt_gs1_parse(&g, "A\x01", 2, NULL), AGT_EFORMAT);
	o.version = 99;
	assert_int_equal(agt_gs1_parse(&g, "ABC", 3, &o), AGT_EINVAL);
	/* not NUL-terminated: only LEN bytes are read */
	o.version = AGT_GS1_OPTIONS_VERSION;
	o.flags = 0;
	assert_int_equal(agt_gs1_parse(&g, "0690123456789299", 14, &o), AGT_OK);
	assert_int_equal(agt_gs1_kind(g), AGT_GS1_GTIN);
	agt_gs1_free(g);
}

/* The table agrees with itself: formats give min and max, sorted, prefix-free. */
static void
test_table(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(agti_gs1_nais > 400);
	for (i = 0; i < agti_gs1_nais; i++) {
		const struct agti_gs1_ai *a = &agti_gs1_ais[i];

		assert_ptr_equal(agti_gs1_ai_find(a->ai, strlen(a->ai)), a);
		assert_true(a->min >= 1 && a->min <= a->max && a->max <= 90);
		if (i > 0)
			assert_true(strcmp(agti_gs1_ais[i - 1].ai, a->ai) < 0);
		for (j = 0; j < agti_gs1_nais; j++)
			if (j != i)
				assert_false(strncmp(agti_gs1_ais[j].ai, a->ai,
				    strlen(agti_gs1_ais[j].ai)) == 0);
		/* figure 5.10.1-2: the predefined fixed-length AIs */
		if (!a->fnc1)
			assert_true(a->min == a->max);
	}
	assert_false(agti_gs1_ai_find("310", 3) != NULL);
	assert_false(agti_gs1_ai_find("3106", 4) != NULL);
	assert_int_equal(agti_gs1_ai_find("3105", 4)->fnc1, 0);
	assert_int_equal(agti_gs1_ai_find("7003", 4)->fnc1, 1);
	assert_int_equal(agti_gs1_ai_find("41", 2) == NULL, 1);
	assert_true(agti_iso3166_num_ok("156") && agti_iso3166_num_ok("894"));
	assert_false(agti_iso3166_num_ok("999") || agti_iso3166_num_ok("15a"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_renderings),
		cmocka_unit_test(test_typed),
		cmocka_unit_test(test_century),
		cmocka_unit_test(test_wedge_and_alias),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
