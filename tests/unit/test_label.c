/*
 * test_label.c - labels round trip: every symbology written by libzint and
 * read back by the decoder gives the payload, as an image in memory and as
 * a PNG file; bad options are refused with a message naming them.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "agtrace.h"

#define GTIN "06901234567892"

static const struct {
	int symbology;
	const char *format, *want;
} cases[] = {
	{ AGT_LABEL_QR, "QRCode",
	  "https://id.gs1.org/01/06901234567892/10/L%2F24-7?17=261231" },
	{ AGT_LABEL_DATAMATRIX, "DataMatrix", "01" GTIN "17261231" "10L/24-7" },
	{ AGT_LABEL_GS1_128, "Code128", "01" GTIN "17261231" "10L/24-7" },
	{ AGT_LABEL_DATABAR_EXPANDED, "DataBarExpanded", "01" GTIN "17261231" "10L/24-7" },
	{ AGT_LABEL_EAN13, "EAN-13", "6901234567892" },
};

static void
opts_for(agt_label_opts *o, int symbology)
{
	agt_label_opts init = AGT_LABEL_OPTS_INIT;

	*o = init;
	o->symbology = symbology;
	o->gtin = GTIN;
	o->lot = "L/24-7";
	o->expires = "2026-12-31";
}

static void
expect_decodes(const agt_symbols *syms, size_t i)
{
	size_t n = agt_symbols_count(syms);

	assert_int_equal(n, 1);
	assert_string_equal(agt_symbols_format(syms, 0), cases[i].format);
	assert_string_equal(agt_symbols_text(syms, 0, NULL), cases[i].want);
	assert_int_equal(agt_symbols_is_gs1(syms, 0),
	    cases[i].symbology != AGT_LABEL_QR && cases[i].symbology != AGT_LABEL_EAN13);
}

static void
test_round_trip_image(void **state)
{
	agt_label_opts o;
	agt_image *img;
	agt_symbols *syms;
	char *payload;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		opts_for(&o, cases[i].symbology);
		assert_int_equal(agt_label_payload(&payload, &o), AGT_OK);
		assert_string_equal(payload, cases[i].want);
		agt_free(payload);
		assert_int_equal(agt_label_image(&img, &o), AGT_OK);
		assert_int_equal(agt_decode_image(&syms, img, 0), AGT_OK);
		expect_decodes(syms, i);
		agt_symbols_free(syms);
		agt_image_free(img);
	}
}

/* Light on dark: matrix labels printed in the negative still decode. */
static void
test_negative(void **state)
{
	static const int matrix[] = { AGT_LABEL_QR, AGT_LABEL_DATAMATRIX };
	agt_label_opts o;
	agt_image *img;
	agt_symbols *syms;
	unsigned char *px;
	int w, h, stride, x, y;
	size_t i;

	for (i = 0; i < 2; i++) {
		opts_for(&o, matrix[i]);
		assert_int_equal(agt_label_image(&img, &o), AGT_OK);
		px = (unsigned char *)agt_image_gray(img, &w, &h, &stride);
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++)
				px[(size_t)y * stride + x] ^= 0xff;
		assert_int_equal(agt_decode_image(&syms, img, 0), AGT_OK);
		expect_decodes(syms, matrix[i] == AGT_LABEL_QR ? 0 : 1);
		agt_symbols_free(syms);
		agt_image_free(img);
	}
}

static void
test_round_trip_files(void **state)
{
	char dir[] = "/tmp/agtrace-label.XXXXXX", path[64];
	agt_label_opts o;
	agt_symbols *syms;
	size_t i;
	FILE *fp;
	char head[6] = "";

	assert_non_null(mkdtemp(dir));
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		opts_for(&o, cases[i].symbology);
		snprintf(path, sizeof path, "%s/label.png", dir);
		assert_int_equal(agt_label_write(&o, path, AGT_LABEL_PNG), AGT_OK);
		assert_int_equal(agt_decode_file(&syms, path, 0), AGT_OK);
		expect_decodes(syms, i);
		agt_symbols_free(syms);
		unlink(path);
		snprintf(path, sizeof path, "%s/label.img", dir);
		assert_int_equal(agt_label_write(&o, path, AGT_LABEL_SVG), AGT_OK);
		assert_non_null(fp = fopen(path, "r"));
		assert_int_equal(fread(head, 1, 5, fp), 5);
		fclose(fp);
		assert_string_equal(head, "<?xml");
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/no/such/dir.png", dir);
	opts_for(&o, AGT_LABEL_QR);
	assert_int_equal(agt_label_write(&o, path, AGT_LABEL_PNG), AGT_EIO);
	assert_int_equal(agt_label_write(&o, path, 9), AGT_EINVAL);
	rmdir(dir);
}

static void
expect_invalid(agt_label_opts *o, const char *words)
{
	char *payload = (char *)1;
	agt_image *img;

	assert_int_equal(agt_label_payload(&payload, o), AGT_EINVAL);
	assert_null(payload);
	if (strstr(agt_errmsg(NULL), words) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", agt_errmsg(NULL), words);
	assert_int_equal(agt_label_image(&img, o), AGT_EINVAL);
}

static void
test_bad_options(void **state)
{
	agt_label_opts o;

	opts_for(&o, AGT_LABEL_DATAMATRIX);
	o.gtin = "06901234567893";
	expect_invalid(&o, "check digit");
	opts_for(&o, AGT_LABEL_DATAMATRIX);
	o.lot = "L\xc3\xa9";
	expect_invalid(&o, "not allowed");
	o.lot = "123456789012345678901";
	expect_invalid(&o, "1 to 20");
	o.lot = NULL;
	expect_invalid(&o, "1 to 20");
	opts_for(&o, AGT_LABEL_QR);
	o.expires = "2026-13-01";
	expect_invalid(&o, "expires");
	o.expires = "26-12-01";
	expect_invalid(&o, "expires");
	opts_for(&o, AGT_LABEL_QR);
	o.host = "trace.example.cn";
	expect_invalid(&o, "host");
	opts_for(&o, AGT_LABEL_EAN13);
	o.gtin = "16901234567899";
	expect_invalid(&o, "no EAN-13");
	opts_for(&o, 42);
	expect_invalid(&o, "symbology");
	assert_int_equal(agt_label_symbology_from_name("gs1-128"), AGT_LABEL_GS1_128);
	assert_int_equal(agt_label_symbology_from_name("code39"), 0);
}

/* A custom host and no expiry in the Digital Link; short GTINs padded. */
static void
test_digital_link(void **state)
{
	agt_label_opts o = AGT_LABEL_OPTS_INIT;
	char *payload;

	o.gtin = "6901234567892";
	o.lot = "A&1";
	o.host = "https://trace.example.cn:8443/dl/";
	assert_int_equal(agt_label_payload(&payload, &o), AGT_OK);
	assert_string_equal(payload,
	    "https://trace.example.cn:8443/dl/01/06901234567892/10/A%261");
	agt_free(payload);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_image),
		cmocka_unit_test(test_round_trip_files),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_digital_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
