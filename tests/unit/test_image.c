/*
 * test_image.c - image loaders on generated files: every PNG, JPEG and PNM
 * flavour the loaders promise, and truncated, corrupt and absurdly large
 * ones.  The pictures are an EAN-13 drawn by zint, so a loader that gets
 * the pixels wrong shows up as a failed decode.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jpeglib.h>
#include <png.h>
#include <zint.h>
#include <zlib.h>

#include "agtrace.h"

#define EAN "4006381333931"

static unsigned char *gray;
static int gw, gh;

/* The EAN-13 as 8-bit gray, drawn once. */
static int
setup(void **state)
{
	struct zint_symbol *z = ZBarcode_Create();
	int i;

	z->symbology = BARCODE_EANX;
	z->scale = 2;
	z->output_options = BARCODE_QUIET_ZONES;
	if (ZBarcode_Encode_and_Buffer(z, (const unsigned char *)EAN, 13, 0) >= ZINT_ERROR)
		return -1;
	gw = z->bitmap_width;
	gh = z->bitmap_height;
	gray = malloc((size_t)gw * gh);
	for (i = 0; i < gw * gh; i++)
		gray[i] = z->bitmap[3 * i + 1];
	ZBarcode_Delete(z);
	return 0;
}

static int
teardown(void **state)
{
	free(gray);
	return 0;
}

/* Load LEN bytes and decode: 1 when the EAN comes back. */
static int
decodes(const void *buf, size_t len)
{
	agt_image *img;
	agt_symbols *syms;
	int ok;

	if (agt_image_load_mem(&img, buf, len) != AGT_OK) {
		print_message("# load: %s\n", agt_errmsg(NULL));
		return 0;
	}
	ok = agt_decode_image(&syms, img, 0) == AGT_OK &&
	    strcmp(agt_symbols_text(syms, 0, NULL), EAN) == 0;
	agt_symbols_free(syms);
	agt_image_free(img);
	return ok;
}

static void
expect_format_error(const void *buf, size_t len, const char *words)
{
	agt_image *img = (agt_image *)1;

	assert_int_equal(agt_image_load_mem(&img, buf, len), AGT_EFORMAT);
	assert_null(img);
	if (words != NULL && strstr(agt_errmsg(NULL), words) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", agt_errmsg(NULL), words);
}

/* --- PNG ----------------------------------------------------------- */

static unsigned char *
png_of(size_t *len, png_uint_32 format, const void *px, int stride,
    const void *colormap, int colors)
{
	png_image im;
	png_alloc_size_t n = 0;
	unsigned char *buf;

	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	im.width = (png_uint_32)gw;
	im.height = (png_uint_32)gh;
	im.format = format;
	im.colormap_entries = (png_uint_32)colors;
	assert_true(png_image_write_to_memory(&im, NULL, &n, 0, px, stride, colormap));
	buf = malloc(n);
	assert_true(png_image_write_to_memory(&im, buf, &n, 0, px, stride, colormap));
	*len = n;
	return buf;
}

static void
test_png_gray8(void **state)
{
	size_t len;
	unsigned char *png = png_of(&len, PNG_FORMAT_GRAY, gray, gw, NULL, 0);

	assert_true(decodes(png, len));
	free(png);
}

static void
test_png_16bit(void **state)
{
	png_uint_16 *px = malloc((size_t)gw * gh * 2);
	unsigned char *png;
	size_t len;
	int i;

	for (i = 0; i < gw * gh; i++)
		px[i] = (png_uint_16)(gray[i] * 257);
	png = png_of(&len, PNG_FORMAT_LINEAR_Y, px, gw, NULL, 0);
	assert_int_equal(png[24], 16); /* IHDR bit depth */
	assert_true(decodes(png, len));
	free(png);
	free(px);
}

static void
test_png_palette(void **state)
{
	unsigned char map[2 * 3] = { 0, 0, 0, 255, 255, 255 }, *idx, *png;
	size_t len;
	int i;

	idx = malloc((size_t)gw * gh);
	for (i = 0; i < gw * gh; i++)
		idx[i] = gray[i] > 127;
	png = png_of(&len, PNG_FORMAT_RGB_COLORMAP, idx, gw, map, 2);
	assert_int_equal(png[25], 3); /* IHDR colour type: palette */
	assert_true(decodes(png, len));
	free(png);
	free(idx);
}

/* Black bars on a fully transparent black background: only compositing on white shows them. */
static void
test_png_alpha(void **state)
{
	unsigned char *ga = malloc((size_t)gw * gh * 2), *png;
	size_t len;
	int i;

	for (i = 0; i < gw * gh; i++) {
		ga[2 * i] = 0;
		ga[2 * i + 1] = (unsigned char)(255 - gray[i]);
	}
	png = png_of(&len, PNG_FORMAT_GA, ga, gw * 2, NULL, 0);
	assert_true(decodes(png, len));
	free(png);
	free(ga);
}

static void
test_png_truncated_corrupt_huge(void **state)
{
	size_t len;
	unsigned char *png = png_of(&len, PNG_FORMAT_GRAY, gray, gw, NULL, 0);
	uLong crc;

	expect_format_error(png, len / 2, "PNG");
	expect_format_error(png, 30, "PNG");
	png[len / 2] ^= 0xff; /* inside IDAT: a CRC or zlib failure */
	expect_format_error(png, len, "PNG");
	/* IHDR of 60000 x 60000, CRC fixed, so only the size check stops it. */
	memcpy(png + 16, "\0\0\xea\x60\0\0\xea\x60", 8);
	crc = crc32(0, png + 12, 17);
	png[29] = (unsigned char)(crc >> 24);
	png[30] = (unsigned char)(crc >> 16);
	png[31] = (unsigned char)(crc >> 8);
	png[32] = (unsigned char)crc;
	expect_format_error(png, len, "over the limit");
	free(png);
}

/* --- JPEG ---------------------------------------------------------- */

static unsigned char *
jpeg_of(unsigned long *len, J_COLOR_SPACE space, int progressive)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	int comps = space == JCS_CMYK ? 4 : space == JCS_RGB ? 3 : 1, x, k;
	unsigned char *row = malloc((size_t)gw * comps), *buf = NULL;
	JSAMPROW rp = row;

	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &buf, len);
	c.image_width = (JDIMENSION)gw;
	c.image_height = (JDIMENSION)gh;
	c.input_components = comps;
	c.in_color_space = space;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 95, TRUE);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		for (x = 0; x < gw; x++)
			for (k = 0; k < comps; k++) {
				unsigned char v = gray[c.next_scanline * gw + x];
				/* Adobe CMYK is stored inverted: 255 is no ink. */
				row[x * comps + k] = space == JCS_CMYK && k < 3 ? 255 : v;
			}
		jpeg_write_scanlines(&c, &rp, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	return buf;
}

static void
test_jpeg_flavours(void **state)
{
	static const J_COLOR_SPACE spaces[] = { JCS_GRAYSCALE, JCS_RGB, JCS_CMYK };
	unsigned long len;
	unsigned char *jpg;
	size_t i;
	int prog;

	for (i = 0; i < 3; i++)
		for (prog = 0; prog < 2; prog++) {
			jpg = jpeg_of(&len, spaces[i], prog);
			if (!decodes(jpg, len))
				fail_msg("JPEG colour space %d progressive %d", spaces[i], prog);
			free(jpg);
		}
}

static void
test_jpeg_truncated_huge(void **state)
{
	unsigned long len, i;
	unsigned char *jpg = jpeg_of(&len, JCS_GRAYSCALE, 0);

	expect_format_error(jpg, len / 2, "truncated");
	expect_format_error(jpg, 20, "JPEG");
	/* SOF0: height and width at offsets 5..8 after the marker. */
	for (i = 2; i + 9 < len; i++)
		if (jpg[i] == 0xff && jpg[i + 1] == 0xc0)
			break;
	memcpy(jpg + i + 5, "\xfd\xe8\xfd\xe8", 4);
	expect_format_error(jpg, len, "over the limit");
	free(jpg);
}

/* --- PNM ----------------------------------------------------------- */

static unsigned char *
pnm_of(size_t *len, char kind, int maxval)
{
	int comps = kind == '3' || kind == '6' ? 3 : 1, i, k;
	int plain = kind == '2' || kind == '3';
	size_t cap = (size_t)gw * gh * comps * 6 + 64, n;
	unsigned char *buf = malloc(cap);
	unsigned v;

	n = (size_t)sprintf((char *)buf, "P%c\n# a comment\n%d %d\n%d\n", kind,
	    gw, gh, maxval);
	for (i = 0; i < gw * gh; i++)
		for (k = 0; k < comps; k++) {
			v = (unsigned)(gray[i] * maxval / 255);
			if (plain)
				n += (size_t)sprintf((char *)buf + n, "%u\n", v);
			else if (maxval > 255) {
				buf[n++] = (unsigned char)(v >> 8);
				buf[n++] = (unsigned char)v;
			} else
				buf[n++] = (unsigned char)v;
		}
	*len = n;
	return buf;
}

static void
test_pnm_flavours(void **state)
{
	static const char kinds[] = "2356";
	unsigned char *pnm;
	size_t len, i;

	for (i = 0; i < 4; i++) {
		pnm = pnm_of(&len, kinds[i], i == 2 ? 65535 : 255);
		if (!decodes(pnm, len))
			fail_msg("P%c", kinds[i]);
		free(pnm);
	}
}

static void
test_pnm_bad(void **state)
{
	size_t len;
	unsigned char *pnm = pnm_of(&len, '5', 255);

	expect_format_error(pnm, len - 1, "truncated");
	expect_format_error("P5\n70000 70000\n255\n", 18, "over the limit");
	expect_format_error("P5\n9000 9000\n255\n\0\0\0", 20, "truncated");
	expect_format_error("P6 x 2 255\n", 11, "header");
	expect_format_error("P2 2 1 255\n3 999\n", 17, "corrupt");
	free(pnm);
}

static void
test_not_an_image(void **state)
{
	agt_image *img;

	expect_format_error("GIF89a....", 10, "not a PNG");
	expect_format_error("", 0, NULL);
	assert_int_equal(agt_image_load(&img, "/nonexistent/x.png"), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(NULL), "/nonexistent/x.png"));
	/* A directory is an input that cannot be opened, not an I/O error. */
	assert_int_equal(agt_image_load(&img, "/"), AGT_ENOTFOUND);
	assert_non_null(strstr(agt_errmsg(NULL), "Is a directory"));
	agt_image_free(NULL);
}

static void
test_decode_gray_args(void **state)
{
	unsigned char *wide = calloc((size_t)(gw + 7) * gh, 1);
	agt_symbols *syms;
	int y;

	for (y = 0; y < gh; y++)
		memcpy(wide + (size_t)y * (gw + 7), gray + (size_t)y * gw, (size_t)gw);
	assert_int_equal(agt_decode_gray(&syms, wide, gw, gh, gw + 7, 0), AGT_OK);
	assert_string_equal(agt_symbols_text(syms, 0, NULL), EAN);
	assert_string_equal(agt_symbols_format(syms, 0), "EAN-13");
	assert_string_equal(agt_symbols_symbology(syms, 0), "]E0");
	assert_int_equal(agt_symbols_count(syms), 1);
	assert_null(agt_symbols_text(syms, 1, NULL));
	agt_symbols_free(syms);
	assert_int_equal(agt_decode_gray(&syms, wide, gw, gh, gw - 1, 0), AGT_EINVAL);
	assert_int_equal(agt_decode_gray(&syms, wide, 0, gh, gw, 0), AGT_EINVAL);
	memset(wide, 255, (size_t)(gw + 7) * gh);
	assert_int_equal(agt_decode_gray(&syms, wide, gw, gh, gw + 7, 0), AGT_ENOBARCODE);
	assert_null(syms);
	assert_int_equal(agt_symbols_count(NULL), 0);
	agt_symbols_free(NULL);
	free(wide);
}

/* POS programs decode camera frames in several threads at once. */
static void *
decode_loop(void *arg)
{
	agt_symbols *syms;
	int i, *ok = arg;

	for (i = 0; i < 5; i++) {
		if (agt_decode_gray(&syms, gray, gw, gh, gw, i % 2 ? AGT_DECODE_FAST : 0) != AGT_OK ||
		    strcmp(agt_symbols_text(syms, 0, NULL), EAN) != 0)
			*ok = 0;
		agt_symbols_free(syms);
	}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t t[4];
	int ok[4] = { 1, 1, 1, 1 }, i;

	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, decode_loop, &ok[i]), 0);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(ok[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_gray8),
		cmocka_unit_test(test_png_16bit),
		cmocka_unit_test(test_png_palette),
		cmocka_unit_test(test_png_alpha),
		cmocka_unit_test(test_png_truncated_corrupt_huge),
		cmocka_unit_test(test_jpeg_flavours),
		cmocka_unit_test(test_jpeg_truncated_huge),
		cmocka_unit_test(test_pnm_flavours),
		cmocka_unit_test(test_pnm_bad),
		cmocka_unit_test(test_not_an_image),
		cmocka_unit_test(test_decode_gray_args),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
