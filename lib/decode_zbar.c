/*
 * decode_zbar.c - zbar as a second engine for linear codes.  It reads some
 * photos of 1D codes that ZXing 1.4 misses (and the reverse), so the
 * decoding strategy asks it when ZXing found nothing.
 *
 * libzbar is opened on first use, not linked: it pulls in X11, D-Bus and
 * V4L, whose loading costs every agtrace run about 10 ms, while most images
 * never need zbar.  Without libzbar at run time, zbar finds nothing.
 */
#include "private.h"
#include "decode_private.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <zbar.h>

#define ZBAR_SONAME "libzbar.so.0"

/* The zbar functions we call, named after their zbar_ suffix. */
static struct {
	zbar_image_scanner_t *(*image_scanner_create)(void);
	void (*image_scanner_destroy)(zbar_image_scanner_t *);
	int (*image_scanner_set_config)(zbar_image_scanner_t *,
	    zbar_symbol_type_t, zbar_config_t, int);
	zbar_image_t *(*image_create)(void);
	void (*image_destroy)(zbar_image_t *);
	void (*image_set_format)(zbar_image_t *, unsigned long);
	void (*image_set_size)(zbar_image_t *, unsigned, unsigned);
	void (*image_set_data)(zbar_image_t *, const void *, unsigned long,
	    zbar_image_cleanup_handler_t *);
	int (*scan_image)(zbar_image_scanner_t *, zbar_image_t *);
	const zbar_symbol_t *(*image_first_symbol)(const zbar_image_t *);
	const zbar_symbol_t *(*symbol_next)(const zbar_symbol_t *);
	zbar_symbol_type_t (*symbol_get_type)(const zbar_symbol_t *);
	unsigned (*symbol_get_modifiers)(const zbar_symbol_t *);
	const char *(*symbol_get_data)(const zbar_symbol_t *);
	unsigned (*symbol_get_data_length)(const zbar_symbol_t *);
	unsigned (*symbol_get_loc_size)(const zbar_symbol_t *);
	int (*symbol_get_loc_x)(const zbar_symbol_t *, unsigned);
	int (*symbol_get_loc_y)(const zbar_symbol_t *, unsigned);
	int (*version)(unsigned *, unsigned *, unsigned *);
} z;
static int z_loaded;
static pthread_once_t z_once = PTHREAD_ONCE_INIT;

/* POSIX's way to store dlsym()'s object pointer into a function pointer. */
#define LOAD(f) ((*(void **)&z.f = dlsym(h, "zbar_" #f)) != NULL)

static void
load(void)
{
	void *h = dlopen(ZBAR_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		return;
	z_loaded = LOAD(image_scanner_create) && LOAD(image_scanner_destroy) &&
	    LOAD(image_scanner_set_config) && LOAD(image_create) &&
	    LOAD(image_destroy) && LOAD(image_set_format) &&
	    LOAD(image_set_size) && LOAD(image_set_data) && LOAD(scan_image) &&
	    LOAD(image_first_symbol) && LOAD(symbol_next) &&
	    LOAD(symbol_get_type) && LOAD(symbol_get_modifiers) &&
	    LOAD(symbol_get_data) && LOAD(symbol_get_data_length) &&
	    LOAD(symbol_get_loc_size) && LOAD(symbol_get_loc_x) &&
	    LOAD(symbol_get_loc_y) && LOAD(version);
	/* The handle stays open: the functions are used until exit. */
}

static int
zbar_available(void)
{
	pthread_once(&z_once, load);
	return z_loaded;
}

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
	zbar_image_scanner_t *sc = z.image_scanner_create();
	size_t i;

	if (sc == NULL)
		return NULL;
	z.image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	for (i = 0; i < sizeof zmap / sizeof zmap[0]; i++)
		z.image_scanner_set_config(sc, zmap[i].type, ZBAR_CFG_ENABLE, 1);
	/* Every other row and column: a retry on a miss, not worth every line. */
	z.image_scanner_set_config(sc, 0, ZBAR_CFG_X_DENSITY, 2);
	z.image_scanner_set_config(sc, 0, ZBAR_CFG_Y_DENSITY, 2);
	return sc;
}

static void
corners(const zbar_symbol_t *sym, int c[8])
{
	unsigned i, n = z.symbol_get_loc_size(sym);
	int minx = 0, maxx = 0, miny = 0, maxy = 0, x, y;

	for (i = 0; i < n; i++) {
		x = z.symbol_get_loc_x(sym, i);
		y = z.symbol_get_loc_y(sym, i);
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
	const struct zmap *m = zmap_find(z.symbol_get_type(sym));
	int gs1, c[8];
	const char *symid;

	if (m == NULL)
		return 0;
	gs1 = (z.symbol_get_modifiers(sym) >> ZBAR_MOD_GS1) & 1;
	symid = m->type == ZBAR_CODE128 && gs1 ? "]C1" : m->symid;
	if (m->type == ZBAR_DATABAR || m->type == ZBAR_DATABAR_EXP)
		gs1 = 1;
	corners(sym, c);
	return agti_symbols_add(list, z.symbol_get_data(sym),
	    z.symbol_get_data_length(sym), m->format, symid, gs1, c);
}

int
agti_zbar_decode(agt_symbols *list, const struct agti_gray *img)
{
	zbar_image_scanner_t *sc;
	zbar_image_t *zi;
	const zbar_symbol_t *sym;
	int added = 0, rc = 0;

	if (!zbar_available())
		return 0;
	if ((sc = scanner_new()) == NULL)
		return AGT_ENOMEM;
	if ((zi = z.image_create()) == NULL) {
		z.image_scanner_destroy(sc);
		return AGT_ENOMEM;
	}
	/* zbar wants packed rows: strided views are decoded by ZXing only. */
	z.image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
	z.image_set_size(zi, (unsigned)img->width, (unsigned)img->height);
	z.image_set_data(zi, img->px, (unsigned long)img->stride * img->height,
	    NULL);
	if (img->stride == img->width && z.scan_image(sc, zi) > 0)
		for (sym = z.image_first_symbol(zi); sym != NULL && rc >= 0;
		    sym = z.symbol_next(sym))
			if ((rc = add_symbol(list, sym)) > 0)
				added += rc;
	z.image_destroy(zi);
	z.image_scanner_destroy(sc);
	return rc < 0 ? rc : added;
}

const char *
agti_zbar_version(void)
{
	static char buf[32];
	unsigned major = 0, minor = 0, patch = 0;

	if (!zbar_available())
		return "none (" ZBAR_SONAME " not found)";
	if (buf[0] == '\0') {
		z.version(&major, &minor, &patch);
		snprintf(buf, sizeof buf, "%u.%u.%u", major, minor, patch);
	}
	return buf;
}
