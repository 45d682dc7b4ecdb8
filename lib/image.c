/*
 * image.c - image files into 8-bit gray: format detection, size limits,
 * and the few operations the decoding strategy needs.
 */
#include "private.h"
#include "decode_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Files larger than this cannot hold an image we accept. */
#define MAX_FILE_BYTES (512L * 1024 * 1024)

int
agti_image_check_size(const char *what, unsigned long width,
    unsigned long height)
{
	if (width == 0 || height == 0)
		return agti_error(NULL, AGT_EFORMAT, "%s: empty image", what);
	if (width > 65535 || height > 65535 ||
	    width * height > (unsigned long)AGT_IMAGE_MAX_PIXELS)
		return agti_error(NULL, AGT_EFORMAT,
		    "%s: image of %lu x %lu pixels is over the limit of %ld",
		    what, width, height, AGT_IMAGE_MAX_PIXELS);
	return AGT_OK;
}

int
agti_image_alloc(agt_image **out, int width, int height)
{
	agt_image *img;

	*out = NULL;
	if ((img = calloc(1, sizeof *img)) == NULL)
		return agti_error(NULL, AGT_ENOMEM, "out of memory");
	img->pixels = malloc((size_t)width * (size_t)height);
	if (img->pixels == NULL) {
		free(img);
		return agti_error(NULL, AGT_ENOMEM, "out of memory");
	}
	img->width = img->stride = width;
	img->height = height;
	*out = img;
	return AGT_OK;
}

void
agt_image_free(agt_image *img)
{
	if (img == NULL)
		return;
	free(img->pixels);
	free(img);
}

const unsigned char *
agt_image_gray(const agt_image *img, int *width, int *height, int *stride)
{
	if (width != NULL)
		*width = img->width;
	if (height != NULL)
		*height = img->height;
	if (stride != NULL)
		*stride = img->stride;
	return img->pixels;
}

int
agt_image_load_mem(agt_image **out, const void *buf, size_t len)
{
	const unsigned char *b = buf;

	*out = NULL;
	if (b == NULL || len < 4)
		return agti_error(NULL, AGT_EFORMAT, "image: too short");
	if (memcmp(b, "\x89PNG", 4) == 0)
		return agti_image_png(out, b, len);
	if (b[0] == 0xff && b[1] == 0xd8)
		return agti_image_jpeg(out, b, len);
	if (b[0] == 'P' && strchr("2356", b[1]) != NULL && b[1] != '\0')
		return agti_image_pnm(out, b, len);
	return agti_error(NULL, AGT_EFORMAT,
	    "image: not a PNG, JPEG or PGM/PPM file");
}

/* Read to the end, whatever fstat says: a pipe or /dev/stdin has no size. */
static int
read_file(unsigned char **out, size_t *outlen, const char *path)
{
	int rc = agti_read_file((char **)out, outlen, path, MAX_FILE_BYTES);

	if (rc == AGT_ENOTFOUND)
		return agti_error(NULL, rc, "%s: %s", path, strerror(errno));
	if (rc == AGT_EIO)
		return agti_error(NULL, rc, "%s: read error: %s", path,
		    strerror(errno));
	if (rc == AGT_EFORMAT)
		return agti_error(NULL, rc, "%s: over %ld MiB: not an image "
		    "file", path, MAX_FILE_BYTES >> 20);
	if (rc != AGT_OK)
		return agti_error(NULL, rc, "out of memory");
	return AGT_OK;
}

int
agt_image_load(agt_image **out, const char *path)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	char msg[1024];
	int rc;

	*out = NULL;
	if ((rc = read_file(&buf, &len, path)) != AGT_OK)
		return rc;
	rc = agt_image_load_mem(out, buf, len);
	free(buf);
	if (rc != AGT_OK && rc != AGT_ENOMEM) {
		/* Name the file in the loader's message. */
		snprintf(msg, sizeof msg, "%s", agt_errmsg(NULL));
		rc = agti_error(NULL, rc, "%s: %s", path,
		    strncmp(msg, "image: ", 7) == 0 ? msg + 7 : msg);
	}
	return rc;
}

int
agti_image_pad(agt_image **out, const struct agti_gray *img, int border)
{
	agt_image *p;
	int y, rc;

	rc = agti_image_alloc(&p, img->width + 2 * border,
	    img->height + 2 * border);
	if (rc != AGT_OK)
		return rc;
	memset(p->pixels, 255, (size_t)p->stride * (size_t)p->height);
	for (y = 0; y < img->height; y++)
		memcpy(p->pixels + (size_t)(y + border) * p->stride + border,
		    img->px + (size_t)y * img->stride, (size_t)img->width);
	*out = p;
	return AGT_OK;
}

/* Nearest-neighbour scaling to WIDTH x HEIGHT: keeps module edges sharp. */
int
agti_image_resize(agt_image **out, const struct agti_gray *img, int width,
    int height)
{
	agt_image *s;
	int x, y, rc;

	if ((rc = agti_image_alloc(&s, width, height)) != AGT_OK)
		return rc;
	for (y = 0; y < height; y++) {
		const unsigned char *src = img->px +
		    (size_t)((long)y * img->height / height) * img->stride;
		unsigned char *dst = s->pixels + (size_t)y * s->stride;

		for (x = 0; x < width; x++)
			dst[x] = src[(long)x * img->width / width];
	}
	*out = s;
	return AGT_OK;
}

/* Bilinear scaling by NUM/DEN. */
int
agti_image_scale(agt_image **out, const struct agti_gray *img, int num,
    int den)
{
	agt_image *s;
	int x, y, rc, w = img->width * num / den, h = img->height * num / den;

	if (w < 1 || h < 1)
		return agti_error(NULL, AGT_EINVAL, "image too small to scale");
	if ((rc = agti_image_alloc(&s, w, h)) != AGT_OK)
		return rc;
	for (y = 0; y < h; y++) {
		long fy = ((long)y * den * 256 + den * 128) / num - 128;
		int y0 = fy < 0 ? 0 : (int)(fy >> 8), wy = fy < 0 ? 0 : (int)(fy & 255);
		int y1 = y0 + 1 < img->height ? y0 + 1 : y0;
		const unsigned char *r0 = img->px + (size_t)y0 * img->stride;
		const unsigned char *r1 = img->px + (size_t)y1 * img->stride;

		for (x = 0; x < w; x++) {
			long fx = ((long)x * den * 256 + den * 128) / num - 128;
			int x0 = fx < 0 ? 0 : (int)(fx >> 8), wx = fx < 0 ? 0 : (int)(fx & 255);
			int x1 = x0 + 1 < img->width ? x0 + 1 : x0;
			int top = r0[x0] * (256 - wx) + r0[x1] * wx;
			int bot = r1[x0] * (256 - wx) + r1[x1] * wx;

			s->pixels[(size_t)y * s->stride + x] =
			    (unsigned char)((top * (256 - wy) + bot * wy + 32768) >> 16);
		}
	}
	*out = s;
	return AGT_OK;
}
