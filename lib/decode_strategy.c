/*
 * decode_strategy.c - the decoding strategy: which engine, on which
 * version of the image, in which order.
 *
 * First ZXing on the image as given: linear formats, then matrix formats.
 * When that finds nothing, retries that help real photos and scans in
 * general, cheapest first, stopping at the first that finds something:
 * zbar (it reads some blurred 1D codes ZXing 1.4 misses), a white border
 * (Data Matrix needs a quiet zone to be found), the negative (light
 * symbols on dark packaging: ZXing 1.4 does not try it), and for small
 * images an upscaled copy (modules of a pixel or two).  Thin strips
 * (a scan line, a cropped row of bars) are stretched to enough rows for
 * ZXing's line voting before anything else.  Last, libdmtx looks for a
 * Data Matrix: its detector follows edges and reads some tilted symbols
 * without quiet zone that ZXing 1.4 cannot find.  It runs only when all
 * else found nothing, because it costs 30-60 ms of CPU: an image
 * where ZXing found another symbol but missed a Data Matrix keeps the
 * miss.
 */
#include "private.h"
#include "decode_private.h"

#include <stdlib.h>
#include <string.h>

#define STRIP_ROWS 48
/* Upscaling helps bars and modules of a pixel or two: small images. */
#define UPSCALE_LINEAR_MAX_SIDE 1024
#define UPSCALE_MATRIX_MAX_SIDE 256

static struct agti_gray
view_of(const agt_image *img)
{
	struct agti_gray g = { img->pixels, img->width, img->height, img->stride };

	return g;
}

/* A strip a few pixels high (or wide) stretched to STRIP_ROWS, else NULL. */
static int
stretch_strip(agt_image **out, const struct agti_gray *g)
{
	*out = NULL;
	if (g->height < STRIP_ROWS && g->width >= 4 * g->height)
		return agti_image_resize(out, g, g->width, STRIP_ROWS);
	if (g->width < STRIP_ROWS && g->height >= 4 * g->width)
		return agti_image_resize(out, g, STRIP_ROWS, g->height);
	return AGT_OK;
}

static int
pad(agt_image **out, const struct agti_gray *g)
{
	int border = (g->width < g->height ? g->width : g->height) / 8;

	return agti_image_pad(out, g, border < 16 ? 16 : border);
}

/* Matrix codes with a quiet zone added. */
static int
retry_padded(agt_symbols *list, const struct agti_gray *g)
{
	agt_image *p;
	struct agti_gray v;
	int rc;

	if ((rc = pad(&p, g)) != AGT_OK)
		return rc;
	v = view_of(p);
	rc = agti_zxing_decode(list, &v, AGTI_PASS_MATRIX);
	agt_image_free(p);
	return rc;
}

/* Light modules on a dark ground: matrix codes in the negative, then with a quiet zone. */
static int
retry_negative(agt_symbols *list, const struct agti_gray *g)
{
	agt_image *n;
	struct agti_gray v;
	size_t i, size = (size_t)g->width * (size_t)g->height;
	int rc;

	if ((rc = agti_image_alloc(&n, g->width, g->height)) != AGT_OK)
		return rc;
	for (i = 0; i < size; i++)
		n->pixels[i] = (unsigned char)(255 - g->px[i]);
	v = view_of(n);
	rc = agti_zxing_decode(list, &v, AGTI_PASS_MATRIX);
	if (rc == 0)
		rc = retry_padded(list, &v);
	agt_image_free(n);
	return rc;
}

/* Twice the size: smooth for linear codes, sharp and padded for matrix codes. */
static int
retry_upscaled(agt_symbols *list, const struct agti_gray *g)
{
	agt_image *s;
	struct agti_gray v;
	int rc, side = g->width > g->height ? g->width : g->height;

	if (side > UPSCALE_LINEAR_MAX_SIDE)
		return 0;
	if ((rc = agti_image_scale(&s, g, 2, 1)) != AGT_OK)
		return rc;
	v = view_of(s);
	rc = agti_zxing_decode(list, &v, AGTI_PASS_LINEAR);
	agt_image_free(s);
	if (rc != 0 || side > UPSCALE_MATRIX_MAX_SIDE)
		return rc;
	if ((rc = agti_image_resize(&s, g, 2 * g->width, 2 * g->height)) != AGT_OK)
		return rc;
	v = view_of(s);
	rc = retry_padded(list, &v);
	agt_image_free(s);
	return rc;
}

static int
strategy(agt_symbols *list, const struct agti_gray *g, unsigned flags)
{
	agt_image *strip;
	struct agti_gray lin = *g;
	int rc, found;

	if ((rc = stretch_strip(&strip, g)) != AGT_OK)
		return rc;
	if (strip != NULL)
		lin = view_of(strip);
	rc = found = agti_zxing_decode(list, &lin, AGTI_PASS_LINEAR);
	if (rc >= 0 && (rc = agti_zxing_decode(list, g, AGTI_PASS_MATRIX)) > 0)
		found += rc;
	if (rc >= 0 && found == 0 && !(flags & AGT_DECODE_FAST)) {
		rc = agti_zbar_decode(list, &lin);
		if (rc == 0)
			rc = retry_padded(list, g);
		if (rc == 0)
			rc = retry_negative(list, g);
		if (rc == 0)
			rc = retry_upscaled(list, g);
		if (rc == 0)
			rc = agti_dmtx_decode(list, g);
	}
	agt_image_free(strip);
	return rc < 0 ? rc : AGT_OK;
}

/* A copy with rows WIDTH bytes apart: what zbar and the resamplers expect. */
static int
packed(agt_image **out, const unsigned char *px, int width, int height,
    int stride)
{
	int y, rc;

	if ((rc = agti_image_alloc(out, width, height)) != AGT_OK)
		return rc;
	for (y = 0; y < height; y++)
		memcpy((*out)->pixels + (size_t)y * width,
		    px + (size_t)y * stride, (size_t)width);
	return AGT_OK;
}

int
agt_decode_gray(agt_symbols **out, const unsigned char *pixels, int width,
    int height, int stride, unsigned flags)
{
	agt_symbols *list;
	agt_image *copy = NULL;
	struct agti_gray g = { pixels, width, height, stride };
	int rc;

	*out = NULL;
	if (width < 1 || height < 1 || stride < width)
		return agti_error(NULL, AGT_EINVAL,
		    "image: bad dimensions %d x %d, stride %d", width, height,
		    stride);
	if ((rc = agti_image_check_size("image", (unsigned long)width,
	    (unsigned long)height)) != AGT_OK)
		return rc == AGT_EFORMAT ? AGT_EINVAL : rc;
	if (stride != width) {
		if ((rc = packed(&copy, pixels, width, height, stride)) != AGT_OK)
			return rc;
		g = view_of(copy);
	}
	if ((list = calloc(1, sizeof *list)) == NULL)
		rc = agti_error(NULL, AGT_ENOMEM, "out of memory");
	else
		rc = strategy(list, &g, flags);
	agt_image_free(copy);
	if (rc == AGT_OK && list->n == 0)
		rc = agti_error(NULL, AGT_ENOBARCODE, "no barcode found");
	if (rc != AGT_OK) {
		agt_symbols_free(list);
		return rc;
	}
	*out = list;
	return AGT_OK;
}

int
agt_decode_image(agt_symbols **out, const agt_image *img, unsigned flags)
{
	return agt_decode_gray(out, img->pixels, img->width, img->height,
	    img->stride, flags);
}

int
agt_decode_file(agt_symbols **out, const char *path, unsigned flags)
{
	agt_image *img;
	int rc;

	*out = NULL;
	if ((rc = agt_image_load(&img, path)) != AGT_OK)
		return rc;
	rc = agt_decode_image(out, img, flags);
	agt_image_free(img);
	if (rc == AGT_ENOBARCODE)
		agti_error(NULL, rc, "%s: no barcode found", path);
	return rc;
}
