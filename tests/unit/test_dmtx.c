/*
 * test_dmtx.c - libdmtx as the second Data Matrix engine, on symbols made
 * here (never a corpus file): a GS1 label read by libdmtx gives exactly
 * what ZXing gives (]d2, GS separators, no leading FNC1); labels tilted
 * by perspective transforms with no quiet zone, which ZXing's passes
 * miss, are read by agt_decode_image() through the fallback; and a
 * symbol whose columns are unevenly wide (libdmtx then samples a wrong
 * grid and its error correction "succeeds" on garbage) never gives a
 * wrong text.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "private.h"
#include "decode_private.h"

#define WANT "0106901234567892" "17261231" "10L24-7"
#define BG 150  /* a mid-gray ground right up to the symbol: no quiet zone */

static agt_image *
label(int scale)
{
	agt_label_opts o = AGT_LABEL_OPTS_INIT;
	agt_image *img;

	o.symbology = AGT_LABEL_DATAMATRIX;
	o.gtin = "06901234567892";
	o.lot = "L24-7";
	o.expires = "2026-12-31";
	o.scale = scale;
	assert_int_equal(agt_label_image(&img, &o), AGT_OK);
	return img;
}

/* The bounding box of IMG's dark pixels: the symbol without quiet zone. */
static void
symbol_box(const agt_image *img, int box[4])
{
	int x, y;

	box[0] = img->width; box[1] = img->height; box[2] = -1; box[3] = -1;
	for (y = 0; y < img->height; y++)
		for (x = 0; x < img->width; x++)
			if (img->pixels[(size_t)y * img->stride + x] < 128) {
				if (x < box[0]) box[0] = x;
				if (y < box[1]) box[1] = y;
				if (x > box[2]) box[2] = x;
				if (y > box[3]) box[3] = y;
			}
	assert_true(box[2] > box[0] && box[3] > box[1]);
}

/* The homography taking the unit square's corners (0,0) (1,0) (1,1) (0,1) to Q. */
static void
square_to_quad(const double q[8], double h[9])
{
	double dx1 = q[2] - q[4], dx2 = q[6] - q[4], dy1 = q[3] - q[5];
	double dy2 = q[7] - q[5];
	double sx = q[0] - q[2] + q[4] - q[6], sy = q[1] - q[3] + q[5] - q[7];
	double den = dx1 * dy2 - dx2 * dy1;
	double g = (sx * dy2 - dx2 * sy) / den, k = (dx1 * sy - sx * dy1) / den;

	h[0] = q[2] - q[0] + g * q[2]; h[1] = q[6] - q[0] + k * q[6]; h[2] = q[0];
	h[3] = q[3] - q[1] + g * q[3]; h[4] = q[7] - q[1] + k * q[7]; h[5] = q[1];
	h[6] = g; h[7] = k; h[8] = 1;
}

static void
invert3(const double m[9], double r[9])
{
	double det = m[0] * (m[4] * m[8] - m[5] * m[7]) -
	    m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

	r[0] = (m[4] * m[8] - m[5] * m[7]) / det;
	r[1] = (m[2] * m[7] - m[1] * m[8]) / det;
	r[2] = (m[1] * m[5] - m[2] * m[4]) / det;
	r[3] = (m[5] * m[6] - m[3] * m[8]) / det;
	r[4] = (m[0] * m[8] - m[2] * m[6]) / det;
	r[5] = (m[2] * m[3] - m[0] * m[5]) / det;
	r[6] = (m[3] * m[7] - m[4] * m[6]) / det;
	r[7] = (m[1] * m[6] - m[0] * m[7]) / det;
	r[8] = (m[0] * m[4] - m[1] * m[3]) / det;
}

/*
 * The symbol of SRC (box BOX) seen in perspective: its corners go to
 * Q (fractions of a SIDE x SIDE frame, clockwise from top-left), sampled
 * bilinearly; the frame is then cropped to the tilted symbol's bounding
 * box, so the ground touches it.
 */
static agt_image *
perspective(const agt_image *src, const int box[4], const double q[8],
    int side)
{
	double pq[8], h[9], inv[9];
	int minx = side, miny = side, maxx = 0, maxy = 0, i, x, y, w, ht;
	agt_image *out;

	for (i = 0; i < 4; i++) {
		pq[2 * i] = q[2 * i] * side;
		pq[2 * i + 1] = q[2 * i + 1] * side;
		if (pq[2 * i] < minx) minx = (int)pq[2 * i];
		if (pq[2 * i + 1] < miny) miny = (int)pq[2 * i + 1];
		if (pq[2 * i] > maxx) maxx = (int)ceil(pq[2 * i]);
		if (pq[2 * i + 1] > maxy) maxy = (int)ceil(pq[2 * i + 1]);
	}
	square_to_quad(pq, h);
	invert3(h, inv);
	w = maxx - minx + 1;
	ht = maxy - miny + 1;
	assert_int_equal(agti_image_alloc(&out, w, ht), AGT_OK);
	for (y = 0; y < ht; y++)
		for (x = 0; x < w; x++) {
			double X = x + minx + 0.5, Y = y + miny + 0.5;
			double z = inv[6] * X + inv[7] * Y + inv[8];
			double u = (inv[0] * X + inv[1] * Y + inv[2]) / z;
			double v = (inv[3] * X + inv[4] * Y + inv[5]) / z;
			double sx = box[0] + u * (box[2] - box[0] + 1) - 0.5;
			double sy = box[1] + v * (box[3] - box[1] + 1) - 0.5;
			int x0 = (int)floor(sx), y0 = (int)floor(sy), pix = BG;

			if (u >= 0 && u <= 1 && v >= 0 && v <= 1) {
				double fx = sx - x0, fy = sy - y0, acc = 0;
				int dx, dy;

				for (dy = 0; dy < 2; dy++)
					for (dx = 0; dx < 2; dx++) {
						int px = x0 + dx, py = y0 + dy;

						if (px < box[0]) px = box[0];
						if (py < box[1]) py = box[1];
						if (px > box[2]) px = box[2];
						if (py > box[3]) py = box[3];
						acc += (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy) *
						    src->pixels[(size_t)py * src->stride + px];
					}
				/* Print on gray card: white is not paper white. */
				pix = (int)(40 + acc * 0.7);
			}
			out->pixels[(size_t)y * out->stride + x] = (unsigned char)pix;
		}
	return out;
}

static struct agti_gray
view(const agt_image *img)
{
	struct agti_gray g = { img->pixels, img->width, img->height, img->stride };

	return g;
}

/* What ZXing alone finds: the matrix pass, as given and with a quiet zone. */
static int
zxing_finds(const agt_image *img)
{
	agt_symbols list = { 0, 0, NULL };
	agt_image *padded;
	struct agti_gray g = view(img), p;
	int n;

	n = agti_zxing_decode(&list, &g, AGTI_PASS_MATRIX);
	assert_int_equal(agti_image_pad(&padded, &g, 32), AGT_OK);
	p = view(padded);
	n += agti_zxing_decode(&list, &p, AGTI_PASS_MATRIX);
	agt_image_free(padded);
	agti_symbols_clear(&list);
	free(list.v);
	return n;
}

static void
expect_gs1(const agt_symbols *list, size_t i)
{
	size_t len;
	const char *t = agt_symbols_text(list, i, &len);

	assert_string_equal(agt_symbols_format(list, i), "DataMatrix");
	assert_int_equal(len, strlen(WANT));
	assert_memory_equal(t, WANT, len);
	assert_string_equal(agt_symbols_symbology(list, i), "]d2");
	assert_int_equal(agt_symbols_is_gs1(list, i), 1);
}

/* The same GS1 label read by each engine: the same text, identifier, flag. */
static void
test_gs1_as_zxing(void **state)
{
	agt_symbols z = { 0, 0, NULL }, d = { 0, 0, NULL };
	agt_image *img = label(4);
	struct agti_gray g = view(img);
	int xy[8], box[4];

	(void)state;
	assert_int_equal(agti_zxing_decode(&z, &g, AGTI_PASS_MATRIX), 1);
	expect_gs1(&z, 0);
#ifdef HAVE_DMTX
	assert_int_equal(agti_dmtx_decode(&d, &g), 1);
	expect_gs1(&d, 0);
	assert_memory_equal(d.v[0].text, z.v[0].text, z.v[0].len + 1);
	/* Corners near the symbol's, in the caller's pixels. */
	symbol_box(img, box);
	assert_int_equal(agt_symbols_corners(&d, 0, xy), AGT_OK);
	assert_true(abs(xy[6] - box[0]) <= 4 && abs(xy[7] - box[3]) <= 4);
	assert_true(abs(xy[2] - box[2]) <= 4 && abs(xy[3] - box[1]) <= 4);
#else
	assert_int_equal(agti_dmtx_decode(&d, &g), 0);
#endif
	agti_symbols_clear(&z);
	agti_symbols_clear(&d);
	free(z.v);
	free(d.v);
	agt_image_free(img);
}

/*
 * Tilts of a plane seen from the side, from above, at a corner: the far
 * edge shorter.  Each gives a symbol ZXing 1.4 may or may not find; the
 * fallback must read at least some that ZXing misses, and every symbol
 * found anywhere must carry the label's text.
 */
static const double tilts[][8] = {
	{ 0.00, 0.00, 0.80, 0.12, 0.80, 0.88, 0.00, 1.00 },
	{ 0.00, 0.10, 1.00, 0.00, 1.00, 1.00, 0.00, 0.90 },
	{ 0.12, 0.00, 0.88, 0.00, 1.00, 0.80, 0.00, 0.80 },
	{ 0.00, 0.00, 1.00, 0.00, 0.85, 0.75, 0.15, 0.75 },
	{ 0.05, 0.00, 1.00, 0.15, 0.85, 1.00, 0.00, 0.75 },
	{ 0.20, 0.05, 1.00, 0.00, 0.95, 1.00, 0.00, 0.80 },
	{ 0.00, 0.25, 0.75, 0.00, 1.00, 0.70, 0.30, 1.00 },
	{ 0.00, 0.00, 0.70, 0.20, 0.75, 0.75, 0.10, 0.95 },
};

static void
test_tilted_no_quiet_zone(void **state)
{
	agt_image *img = label(3), *tilted;
	agt_symbols *syms;
	size_t t, i;
	int box[4], missed = 0, rescued = 0;

	(void)state;
	symbol_box(img, box);
	for (t = 0; t < sizeof tilts / sizeof tilts[0]; t++) {
		tilted = perspective(img, box, tilts[t], 160);
		if (zxing_finds(tilted) == 0)
			missed++;
		if (agt_decode_image(&syms, tilted, 0) == AGT_OK) {
			for (i = 0; i < agt_symbols_count(syms); i++)
				expect_gs1(syms, i);
			if (zxing_finds(tilted) == 0)
				rescued++;
			agt_symbols_free(syms);
		}
		agt_image_free(tilted);
	}
	print_message("# tilted: ZXing missed %d of %zu, the fallback read %d of them\n",
	    missed, sizeof tilts / sizeof tilts[0], rescued);
	assert_true(missed > 0);
#ifdef HAVE_DMTX
	assert_true(rescued > 0);
#endif
	agt_image_free(img);
}

/* Where output position F (0..1) samples the source: modules widening RATIO-fold. */
static double
stretch(double f, double ratio)
{
	double c = (ratio - 1) / 2;   /* f = (s + c s^2) / (1 + c) */

	return ratio == 1 ? f : (sqrt(1 + 4 * c * f * (1 + c)) - 1) / (2 * c);
}

/*
 * The label's symbol (module 3 pixels) drawn WIDTH x HEIGHT with columns
 * widening XR-fold from left to right (narrowing if XR < 1) and rows
 * YR-fold from top to bottom, on white: an uneven grid no homography
 * fits, as a label bent round a pack or a print dragged in one direction.
 */
static agt_image *
uneven(const agt_image *img, const int box[4], double xr, double yr)
{
	int sw = box[2] - box[0] + 1, sh = box[3] - box[1] + 1, x, y;
	int w = sw * 3 / 2, h = sh * 3 / 2;
	agt_image *out;

	assert_int_equal(agti_image_alloc(&out, w + 16, h + 16), AGT_OK);
	memset(out->pixels, 255, (size_t)out->stride * out->height);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			double fx = (x + 0.5) / w, fy = (y + 0.5) / h, sx, sy;

			sx = xr >= 1 ? stretch(fx, xr) : 1 - stretch(1 - fx, 1 / xr);
			sy = yr >= 1 ? stretch(fy, yr) : 1 - stretch(1 - fy, 1 / yr);
			out->pixels[(size_t)(y + 8) * out->stride + x + 8] =
			    img->pixels[(size_t)(box[1] + (int)(sy * sh)) *
			    img->stride + box[0] + (int)(sx * sw)];
		}
	return out;
}

/*
 * Uneven grids: ZXing and libdmtx's even sampling misjudge them; the
 * timing patterns give the modules.  Read: 5 of these 7 (libdmtx finds
 * no region in the other two), each right.
 */
static void
test_uneven_grid(void **state)
{
	static const double ratios[][2] = {
		{ 2, 1 }, { 0.5, 1 }, { 1, 2 }, { 1, 0.5 }, { 2.5, 1 },
		{ 1.8, 1.8 }, { 0.5, 2 },
	};
	agt_image *img = label(3), *out;
	agt_symbols *syms;
	size_t t;
	int box[4], missed = 0, read = 0;

	(void)state;
	symbol_box(img, box);
	for (t = 0; t < sizeof ratios / sizeof ratios[0]; t++) {
		out = uneven(img, box, ratios[t][0], ratios[t][1]);
		if (zxing_finds(out) == 0)
			missed++;
		if (agt_decode_image(&syms, out, 0) == AGT_OK) {
			assert_int_equal(agt_symbols_count(syms), 1);
			expect_gs1(syms, 0);
			read++;
			agt_symbols_free(syms);
		} else
			print_message("# uneven %g x %g: not read\n",
			    ratios[t][0], ratios[t][1]);
		agt_image_free(out);
	}
	print_message("# uneven: ZXing missed %d of %zu, read %d\n", missed,
	    sizeof ratios / sizeof ratios[0], read);
	assert_true(missed > 0);
#ifdef HAVE_DMTX
	assert_true(read >= 5);
#endif
	agt_image_free(img);
}

/*
 * The check that catches libdmtx's failed corrections: ISO/IEC 16022's
 * 10 x 10 example ("123456"), interleaved in two blocks, one word off, and
 * the "corrected" 12 x 12 word libdmtx 0.7.7 returns for a symbol it
 * sampled on the wrong grid (read as "e0598\fs").
 */
static void
test_rs_check(void **state)
{
	unsigned char iso[] = { 142, 164, 186, 114, 25, 5, 88, 102 };
	unsigned char two[16], bad[] = { 102, 135, 228, 13, 116, 191, 206,
	    244, 99, 175, 109, 9 };
	size_t i;

	(void)state;
	assert_int_equal(agti_dm_codewords_valid(iso, 8, 1, 5), 1);
	for (i = 0; i < 8; i++)
		two[2 * i] = two[2 * i + 1] = iso[i];
	assert_int_equal(agti_dm_codewords_valid(two, 16, 2, 5), 1);
	two[5] ^= 1;
	assert_int_equal(agti_dm_codewords_valid(two, 16, 2, 5), 0);
	iso[7] ^= 0x40;
	assert_int_equal(agti_dm_codewords_valid(iso, 8, 1, 5), 0);
	assert_int_equal(agti_dm_codewords_valid(bad, 12, 1, 7), 0);
	assert_int_equal(agti_dm_codewords_valid(iso, 5, 1, 5), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rs_check),
		cmocka_unit_test(test_gs1_as_zxing),
		cmocka_unit_test(test_tilted_no_quiet_zone),
		cmocka_unit_test(test_uneven_grid),
	};

	return cmocka_run_group_tests_name("dmtx", tests, NULL, NULL);
}
