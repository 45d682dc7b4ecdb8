/*
 * image_pnm.c - PGM and PPM (P2, P3 plain; P5, P6 raw; maxval up to 65535)
 * into 8-bit gray.
 */
#include "private.h"
#include "decode_private.h"

#include <string.h>

struct pnm {
	const unsigned char *p, *end;
};

static void
skip_space(struct pnm *r)
{
	while (r->p < r->end) {
		if (*r->p == '#') {
			while (r->p < r->end && *r->p != '\n')
				r->p++;
		} else if (strchr(" \t\r\n\v\f", *r->p) != NULL && *r->p != '\0')
			r->p++;
		else
			break;
	}
}

/* A decimal number of up to 9 digits; -1 when there is none. */
static long
number(struct pnm *r)
{
	long v = 0;
	int digits = 0;

	skip_space(r);
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		v = v * 10 + (*r->p++ - '0');
		if (++digits > 9)
			return -1;
	}
	return digits ? v : -1;
}

static int
sample(struct pnm *r, int plain, long maxval, long *v)
{
	if (plain)
		*v = number(r);
	else if (maxval > 255 && r->end - r->p >= 2) {
		*v = (r->p[0] << 8) | r->p[1];
		r->p += 2;
	} else if (maxval <= 255 && r->p < r->end)
		*v = *r->p++;
	else
		*v = -1;
	return *v >= 0 && *v <= maxval;
}

static int
pixel(struct pnm *r, int plain, int channels, long maxval, unsigned char *out)
{
	long v[3];
	int c;

	for (c = 0; c < channels; c++)
		if (!sample(r, plain, maxval, &v[c]))
			return 0;
	if (channels == 3)
		v[0] = (v[0] * 77 + v[1] * 150 + v[2] * 29 + 128) >> 8;
	*out = (unsigned char)((v[0] * 255 + maxval / 2) / maxval);
	return 1;
}

int
agti_image_pnm(agt_image **out, const unsigned char *buf, size_t len)
{
	struct pnm r = { buf + 2, buf + len };
	int plain = buf[1] == '2' || buf[1] == '3';
	int channels = buf[1] == '3' || buf[1] == '6' ? 3 : 1;
	long w = number(&r), h = number(&r), maxval = number(&r);
	agt_image *img;
	size_t i, n;
	int rc;

	if (w < 0 || h < 0 || maxval < 1 || maxval > 65535)
		return agti_error(NULL, AGT_EFORMAT, "image: bad PNM header");
	if ((rc = agti_image_check_size("image", (unsigned long)w,
	    (unsigned long)h)) != AGT_OK)
		return rc;
	if (r.p >= r.end)
		return agti_error(NULL, AGT_EFORMAT, "image: truncated PNM");
	r.p++; /* the single white space after maxval */
	n = (size_t)w * (size_t)h;
	/* Before allocating: a plain sample takes 2 bytes at least. */
	if ((size_t)(r.end - r.p) < n * channels * (plain || maxval > 255 ? 2 : 1) -
	    (plain ? 1 : 0))
		return agti_error(NULL, AGT_EFORMAT, "image: truncated PNM");
	if ((rc = agti_image_alloc(&img, (int)w, (int)h)) != AGT_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (!pixel(&r, plain, channels, maxval, img->pixels + i)) {
			agt_image_free(img);
			return agti_error(NULL, AGT_EFORMAT,
			    "image: truncated or corrupt PNM at pixel %zu", i);
		}
	*out = img;
	return AGT_OK;
}
