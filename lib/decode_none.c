/* decode_none.c - the decode API in a build --without-zxing. */
#include "private.h"
#include "decode_private.h"

static int
unsupported(agt_symbols **out)
{
	*out = NULL;
	return agti_error(NULL, AGT_EUNSUPPORTED,
	    "barcode decoding not built in (configured --without-zxing)");
}

int
agt_decode_gray(agt_symbols **out, const unsigned char *pixels, int width,
    int height, int stride, unsigned flags)
{
	return unsupported(out);
}

int
agt_decode_image(agt_symbols **out, const agt_image *img, unsigned flags)
{
	return unsupported(out);
}

/* The image is still loaded: a bad file is reported as such. */
int
agt_decode_file(agt_symbols **out, const char *path, unsigned flags)
{
	agt_image *img;
	int rc;

	*out = NULL;
	if ((rc = agt_image_load(&img, path)) != AGT_OK)
		return rc;
	agt_image_free(img);
	return unsupported(out);
}
