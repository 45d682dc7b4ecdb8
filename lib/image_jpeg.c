/*
 * image_jpeg.c - JPEG into 8-bit gray with libjpeg(-turbo).  libjpeg
 * reports errors through a handler that must not return: ours longjmps
 * back here.  CMYK and YCCK (Adobe, usually stored inverted) are converted
 * by hand, since libjpeg cannot give gray from them.
 */
#include "private.h"
#include "decode_private.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jmp;
	int truncated;
};

static void
on_error(j_common_ptr cinfo)
{
	struct jerr *e = (struct jerr *)cinfo->err;

	longjmp(e->jmp, 1);
}

static void
on_message(j_common_ptr cinfo, int level)
{
	struct jerr *e = (struct jerr *)cinfo->err;

	/* Warnings: only a premature end of data makes the image unusable. */
	if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
		e->truncated = 1;
}

/* Luma of an inverted (Adobe) or plain CMYK pixel. */
static unsigned char
cmyk_gray(const JSAMPLE *p, int inverted)
{
	int c = p[0], m = p[1], y = p[2], k = p[3];
	int r, g, b;

	if (!inverted) {
		c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k;
	}
	r = c * k / 255;
	g = m * k / 255;
	b = y * k / 255;
	return (unsigned char)((r * 77 + g * 150 + b * 29 + 128) >> 8);
}

static void
read_rows(struct jpeg_decompress_struct *cinfo, agt_image *img,
    JSAMPLE *row)
{
	int cmyk = cinfo->out_color_space == JCS_CMYK, x;
	JSAMPLE *dst;

	while (cinfo->output_scanline < cinfo->output_height) {
		dst = img->pixels + (size_t)cinfo->output_scanline * img->stride;
		if (!cmyk) {
			jpeg_read_scanlines(cinfo, &dst, 1);
			continue;
		}
		jpeg_read_scanlines(cinfo, &row, 1);
		for (x = 0; x < img->width; x++)
			dst[x] = cmyk_gray(row + 4 * x, cinfo->saw_Adobe_marker);
	}
}

static int
decode(struct jpeg_decompress_struct *cinfo, agt_image **out)
{
	JSAMPLE *row = NULL;
	int rc;

	jpeg_read_header(cinfo, TRUE);
	rc = agti_image_check_size("image", cinfo->image_width,
	    cinfo->image_height);
	if (rc != AGT_OK)
		return rc;
	if (cinfo->jpeg_color_space == JCS_CMYK ||
	    cinfo->jpeg_color_space == JCS_YCCK)
		cinfo->out_color_space = JCS_CMYK;
	else
		cinfo->out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(cinfo);
	rc = agti_image_alloc(out, (int)cinfo->output_width,
	    (int)cinfo->output_height);
	if (rc != AGT_OK)
		return rc;
	if (cinfo->out_color_space == JCS_CMYK) {
		row = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo,
		    JPOOL_IMAGE, cinfo->output_width * 4, 1)[0];
	}
	read_rows(cinfo, *out, row);
	jpeg_finish_decompress(cinfo);
	return AGT_OK;
}

int
agti_image_jpeg(agt_image **out, const unsigned char *buf, size_t len)
{
	struct jpeg_decompress_struct cinfo;
	struct jerr err;
	/* volatile: read after longjmp. */
	agt_image *volatile img = NULL;
	char msg[JMSG_LENGTH_MAX];
	int rc;

	memset(&err, 0, sizeof err);
	cinfo.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = on_error;
	err.mgr.emit_message = on_message;
	if (setjmp(err.jmp)) {
		(*cinfo.err->format_message)((j_common_ptr)&cinfo, msg);
		jpeg_destroy_decompress(&cinfo);
		agt_image_free(img);
		return agti_error(NULL, AGT_EFORMAT, "image: bad JPEG: %s", msg);
	}
	jpeg_create_decompress(&cinfo);
	/* Bound libjpeg's own memory too (progressive coefficient buffers). */
	cinfo.mem->max_memory_to_use = 1024L * 1024 * 1024;
	jpeg_mem_src(&cinfo, buf, (unsigned long)len);
	rc = decode(&cinfo, (agt_image **)&img);
	jpeg_destroy_decompress(&cinfo);
	if (rc == AGT_OK && err.truncated)
		rc = agti_error(NULL, AGT_EFORMAT, "image: truncated JPEG");
	if (rc != AGT_OK) {
		agt_image_free(img);
		return rc;
	}
	*out = img;
	return AGT_OK;
}
