/*
 * decode_zbar.c - zbar as a second engine for linear codes.  It reads some
 * photos of 1D codes that ZXing 1.4 misses (and the reverse), so the
 * decoding strategy asks it when ZXing found nothing.
 */
#include "private.h"
#include "decode_private.h"

#include <stdio.h>
#include <string.h>

#include <zbar.h>

struct zmap {
	zbar_symbol_type_t type;
	const char *format, *symid;
};

/* Format names as ZXing spells them, so both engines agree. */
static const struct zmap zmap[] = {
	{ ZBAR_EAN13, "EAN-13", "]E0" },
	{ ZBAR_EAN8, "EAN-8", "]E4" },
	{ ZBAR_UPCA, "UPC-A", "]E0" },
	{ ZBAR_UPCE, "UPC-E", "]E0" },
	{ ZBAR_CODE128, "Code128", "]C0" },
	{ ZBAR_DATABAR, "DataBar", "]e0" },
	{ ZBAR_DATABAR_EXP, "DataBarExpanded", "]e0" },
	{ ZBAR_CODE39, "Code39", "]A0" },
	{ ZBAR_CODE93, "Code93", "]G0" },
	{ ZBAR_I25, "ITF", "]I0" },
	{ ZBAR_CODABAR, "Codabar", "]F0" },
};

static const struct zmap *
zmap_find(zbar_symbol_type_t type)
{
	size_t i;

	for (i = 0; i < sizeof zmap / sizeof zmap[0]; i++)
		if (zmap[i].type == type)
			return &zmap[i];
	return NULL;
}

static zbar_image_scanner_t *
scanner_new(void)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	size_t i;

	if (sc == NULL)
		return NULL;
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	for (i = 0; i < sizeof zmap / sizeof zmap[0]; i++)
		zbar_image_scanner_set_config(sc, zmap[i].type, ZBAR_CFG_ENABLE, 1);
	return sc;
}

static void
corners(const zbar_symbol_t *sym, int c[8])
{
	unsigned i, n = zbar_symbol_get_loc_size(sym);
	int minx = 0, maxx = 0, miny = 0, maxy = 0, x, y;

	for (i = 0; i < n; i++) {
		x = zbar_symbol_get_loc_x(sym, i);
		y = zbar_symbol_get_loc_y(sym, i);
		if (i == 0 || x < minx) minx = x;
		if (i == 0 || x > maxx) maxx = x;
		if (i == 0 || y < miny) miny = y;
		if (i == 0 || y > maxy) maxy = y;
	}
	c[0] = minx; c[1] = miny; c[2] = maxx; c[3] = miny;
	c[4] = maxx; c[5] = maxy; c[6] = minx; c[7] = maxy;
}

static int
add_symbol(agt_symbols *list, const zbar_symbol_t *sym)
{
	const struct zmap *m = zmap_find(zbar_symbol_get_type(sym));
	int gs1, c[8];
	const char *symid;

	if (m == NULL)
		return 0;
	gs1 = (zbar_symbol_get_modifiers(sym) >> ZBAR_MOD_GS1) & 1;
	symid = m->type == ZBAR_CODE128 && gs1 ? "]C1" : m->symid;
	if (m->type == ZBAR_DATABAR || m->type == ZBAR_DATABAR_EXP)
		gs1 = 1;
	corners(sym, c);
	return agti_symbols_add(list, zbar_symbol_get_data(sym),
	    zbar_symbol_get_data_length(sym), m->format, symid, gs1, c);
}

int
agti_zbar_decode(agt_symbols *list, const struct agti_gray *img)
{
	zbar_image_scanner_t *sc;
	zbar_image_t *zi;
	const zbar_symbol_t *sym;
	int added = 0, rc = 0;

	if ((sc = scanner_new()) == NULL)
		return AGT_ENOMEM;
	if ((zi = zbar_image_create()) == NULL) {
		zbar_image_scanner_destroy(sc);
		return AGT_ENOMEM;
	}
	/* zbar wants packed rows: strided views are decoded by ZXing only. */
	zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zi, (unsigned)img->width, (unsigned)img->height);
	zbar_image_set_data(zi, img->px, (unsigned long)img->stride * img->height,
	    NULL);
	if (img->stride == img->width && zbar_scan_image(sc, zi) > 0)
		for (sym = zbar_image_first_symbol(zi); sym != NULL && rc >= 0;
		    sym = zbar_symbol_next(sym))
			if ((rc = add_symbol(list, sym)) > 0)
				added += rc;
	zbar_image_destroy(zi);
	zbar_image_scanner_destroy(sc);
	return rc < 0 ? rc : added;
}

const char *
agti_zbar_version(void)
{
	static char buf[32];
	unsigned major = 0, minor = 0, patch = 0;

	if (buf[0] == '\0') {
		zbar_version(&major, &minor, &patch);
		snprintf(buf, sizeof buf, "%u.%u.%u", major, minor, patch);
	}
	return buf;
}
