/*
 * image_png.c - PNG into 8-bit gray with libpng's simplified API, which
 * handles 16-bit samples, palettes, gray+alpha and tRNS transparency, and
 * reports errors by return value (its longjmp stays inside libpng).
 */
#include "private.h"
#include "decode_private.h"

#include <png.h>
#include <string.h>

int
agti_image_png(agt_image **out, const unsigned char *buf, size_t len)
{
	png_image png;
	png_color white = { 255, 255, 255 };
	agt_image *img;
	int rc;

	memset(&png, 0, sizeof png);
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&png, buf, len))
		return agti_error(NULL, AGT_EFORMAT, "image: bad PNG: %s",
		    png.message);
	if ((rc = agti_image_check_size("image", png.width, png.height)) != AGT_OK) {
		png_image_free(&png);
		return rc;
	}
	/* Gray without alpha: libpng composites on the background given. */
	png.format = PNG_FORMAT_GRAY;
	if ((rc = agti_image_alloc(&img, (int)png.width, (int)png.height)) != AGT_OK) {
		png_image_free(&png);
		return rc;
	}
	if (!png_image_finish_read(&png, &white, img->pixels, img->stride, NULL)) {
		agt_image_free(img);
		return agti_error(NULL, AGT_EFORMAT,
		    "image: truncated or corrupt PNG: %s", png.message);
	}
	*out = img;
	return AGT_OK;
}
