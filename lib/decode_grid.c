/*
 * decode_grid.c - a Data Matrix sampled on its own timing patterns.
 *
 * A detector that has found a symbol's four corners (libdmtx's, here)
 * samples its modules on an even grid between them.  When the modules are
 * not evenly spaced -- a label bent round a pack, a print stretched in one
 * direction, strong perspective -- that grid drifts off the modules, the
 * size is misjudged and the read fails.  The symbol itself says where its
 * modules are: its top row and right column alternate dark and light, one
 * module each.  Here the runs along both give every column's and row's
 * centre (ISO/IEC 16022's reference decode finds modules the same way),
 * the modules are drawn into a clean image and ZXing reads that, with its
 * own error correction.
 */
#include "private.h"
#include "decode_private.h"

#include <stdlib.h>
#include <string.h>

#define MODULE_PX 5     /* of the clean image */
#define QUIET 2         /* modules of quiet zone around it */
#define MAX_MODULES 144

/* Data Matrix ECC 200 sizes, rows x columns. */
static const unsigned char sizes[][2] = {
	{ 10, 10 }, { 12, 12 }, { 14, 14 }, { 16, 16 }, { 18, 18 }, { 20, 20 },
	{ 22, 22 }, { 24, 24 }, { 26, 26 }, { 32, 32 }, { 36, 36 }, { 40, 40 },
	{ 44, 44 }, { 48, 48 }, { 52, 52 }, { 64, 64 }, { 72, 72 }, { 80, 80 },
	{ 88, 88 }, { 96, 96 }, { 104, 104 }, { 120, 120 }, { 132, 132 },
	{ 144, 144 }, { 8, 18 }, { 8, 32 }, { 12, 26 }, { 12, 36 }, { 16, 36 },
	{ 16, 48 },
};

static int
valid_size(int rows, int cols)
{
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		if (sizes[i][0] == rows && sizes[i][1] == cols)
			return 1;
	return 0;
}

/* The homography taking the unit square's corners to Q (TL, TR, BR, BL). */
static void
square_to_quad(const double q[8], double h[9])
{
	double dx1 = q[2] - q[4], dx2 = q[6] - q[4], dy1 = q[3] - q[5];
	double dy2 = q[7] - q[5];
	double sx = q[0] - q[2] + q[4] - q[6], sy = q[1] - q[3] + q[5] - q[7];
	double den = dx1 * dy2 - dx2 * dy1, g = 0, k = 0;

	if (den != 0) {
		g = (sx * dy2 - dx2 * sy) / den;
		k = (dx1 * sy - sx * dy1) / den;
	}
	h[0] = q[2] - q[0] + g * q[2]; h[1] = q[6] - q[0] + k * q[6]; h[2] = q[0];
	h[3] = q[3] - q[1] + g * q[3]; h[4] = q[7] - q[1] + k * q[7]; h[5] = q[1];
	h[6] = g; h[7] = k; h[8] = 1;
}

/* The image at U, V of the symbol (0..1 from its top-left), bilinear. */
static int
sample(const struct agti_gray *img, const double h[9], double u, double v)
{
	double z = h[6] * u + h[7] * v + h[8];
	double x = (h[0] * u + h[1] * v + h[2]) / z - 0.5;
	double y = (h[3] * u + h[4] * v + h[5]) / z - 0.5;
	int x0, y0, x1, y1;
	double fx, fy, top, bot;

	if (x < 0) x = 0;
	if (y < 0) y = 0;
	if (x > img->width - 1) x = img->width - 1;
	if (y > img->height - 1) y = img->height - 1;
	x0 = (int)x; y0 = (int)y;
	x1 = x0 + 1 < img->width ? x0 + 1 : x0;
	y1 = y0 + 1 < img->height ? y0 + 1 : y0;
	fx = x - x0; fy = y - y0;
	top = img->px[(size_t)y0 * img->stride + x0] * (1 - fx) +
	    img->px[(size_t)y0 * img->stride + x1] * fx;
	bot = img->px[(size_t)y1 * img->stride + x0] * (1 - fx) +
	    img->px[(size_t)y1 * img->stride + x1] * fx;
	return (int)(top * (1 - fy) + bot * fy);
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * The runs of dark and light along the symbol from (U0, V0) to (U1, V1),
 * N samples: each module's centre, as a fraction of the way, into
 * CENTRE; returns how many, or 0 when the first run is not FIRST_DARK,
 * or the runs are too uneven to be a timing pattern.  A short run at
 * either end is the ground beyond a corner placed a little outside the
 * symbol: dropped.
 */
static int
timing(const struct agti_gray *img, const double h[9], int thr, double u0,
    double v0, double u1, double v1, int n, int first_dark, double *centre)
{
	int start[MAX_MODULES + 3], len[MAX_MODULES + 3], sorted[MAX_MODULES + 3];
	int i, runs = 0, dark, prev = -1, first = 0, last, median, shortest;
	int longest;

	for (i = 0; i < n; i++) {
		double t = (i + 0.5) / n;

		dark = sample(img, h, u0 + (u1 - u0) * t, v0 + (v1 - v0) * t) < thr;
		if (dark != prev) {
			if (runs == MAX_MODULES + 3)
				return 0;
			start[runs++] = i;
			if (i == 0)
				first = dark;
		}
		prev = dark;
	}
	if (runs < 8)
		return 0;
	for (i = 0; i < runs; i++) {
		len[i] = (i + 1 < runs ? start[i + 1] : n) - start[i];
		sorted[i] = len[i];
	}
	qsort(sorted, (size_t)runs, sizeof sorted[0], cmp_int);
	median = sorted[runs / 2];
	last = runs - 1;
	i = 0;
	if (len[0] < median / 2) {
		i = 1;
		first = !first;
	}
	if (len[last] < median / 2)
		last--;
	if (first != first_dark || last - i + 1 > MAX_MODULES)
		return 0;
	/* Modules vary in width here, but not fourfold; noise would. */
	shortest = longest = len[i];
	for (runs = i; runs <= last; runs++) {
		if (len[runs] < shortest) shortest = len[runs];
		if (len[runs] > longest) longest = len[runs];
		centre[runs - i] = (start[runs] + len[runs] / 2.0) / n;
	}
	return longest > 4 * shortest ? 0 : last - i + 1;
}

/* Threshold halfway between the symbol's darkest and lightest samples. */
static int
threshold(const struct agti_gray *img, const double h[9])
{
	int i, j, lo = 255, hi = 0, s;

	for (i = 0; i < 24; i++)
		for (j = 0; j < 24; j++) {
			s = sample(img, h, (j + 0.5) / 24, (i + 0.5) / 24);
			if (s < lo) lo = s;
			if (s > hi) hi = s;
		}
	return hi - lo < 32 ? -1 : (lo + hi) / 2;
}

/* The modules at the centres into a clean image, dark on white. */
static int
draw(agt_image **out, const struct agti_gray *img, const double h[9], int thr,
    const double *col, int cols, const double *row, int rows)
{
	int r, c, y, w = (cols + 2 * QUIET) * MODULE_PX, rc;

	if ((rc = agti_image_alloc(out, w, (rows + 2 * QUIET) * MODULE_PX)) != AGT_OK)
		return rc;
	memset((*out)->pixels, 255, (size_t)w * (*out)->height);
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			if (sample(img, h, col[c], row[r]) >= thr)
				continue;
			for (y = 0; y < MODULE_PX; y++)
				memset((*out)->pixels + (size_t)((r + QUIET) *
				    MODULE_PX + y) * w + (c + QUIET) * MODULE_PX,
				    0, MODULE_PX);
		}
	return AGT_OK;
}

int
agti_dm_timing_decode(agt_symbols *list, const struct agti_gray *img,
    const double quad[8], int rows_est, int cols_est, const int corners[8])
{
	static const double insets[] = { 0.5, 0.3, 0.7 };
	double h[9], col[MAX_MODULES], row[MAX_MODULES], len = 0, e;
	agt_symbols found = { 0, 0, NULL };
	agt_image *clean;
	struct agti_gray g;
	int thr, n, cols = 0, rows = 0, rc, added = 0;
	size_t i, k;

	if (rows_est < 8 || cols_est < 8)
		return 0;
	square_to_quad(quad, h);
	if ((thr = threshold(img, h)) < 0)
		return 0;
	for (i = 0; i < 4; i++) {
		e = quad[(2 * i + 2) % 8] - quad[2 * i];
		len = e > len ? e : -e > len ? -e : len;
		e = quad[(2 * i + 3) % 8] - quad[2 * i + 1];
		len = e > len ? e : -e > len ? -e : len;
	}
	/* Four samples a pixel, or more, along an edge. */
	n = (int)(6 * len) + 16;
	for (k = 0; k < sizeof insets / sizeof insets[0]; k++) {
		double in_v = insets[k] / rows_est, in_u = insets[k] / cols_est;

		/* Top row dark first from the left; right column light first from the top. */
		cols = timing(img, h, thr, 0, in_v, 1, in_v, n, 1, col);
		rows = timing(img, h, thr, 1 - in_u, 0, 1 - in_u, 1, n, 0, row);
		if (valid_size(rows, cols))
			break;
	}
	if (!valid_size(rows, cols))
		return 0;
	if ((rc = draw(&clean, img, h, thr, col, cols, row, rows)) != AGT_OK)
		return rc;
	g = (struct agti_gray){ clean->pixels, clean->width, clean->height,
	    clean->stride };
	rc = agti_zxing_decode(&found, &g, AGTI_PASS_MATRIX | AGTI_PASS_PURE);
	agt_image_free(clean);
	for (i = 0; rc >= 0 && i < found.n; i++) {
		const struct agti_symbol *s = &found.v[i];

		if (strcmp(s->format, "DataMatrix") != 0)
			continue;
		rc = agti_symbols_add(list, s->text, s->len, s->format, s->symid,
		    s->gs1, corners);
		if (rc > 0)
			added += rc;
	}
	agti_symbols_clear(&found);
	free(found.v);
	return rc < 0 ? rc : added;
}
