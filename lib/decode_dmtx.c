/*
 * decode_dmtx.c - libdmtx as a second Data Matrix engine.  Its detector
 * follows the symbol's edges rather than ZXing 1.4's fixed finder, so it
 * reads some tilted (perspective) symbols without quiet zone that ZXing
 * misses; the decoding strategy asks it last, when nothing was found.
 *
 * libdmtx is opened on first use, not linked, like libzbar: most images
 * never need it.  Without libdmtx at run time it finds nothing.
 *
 * Three things libdmtx does not do for us:
 *  - bound its cost: it follows every edge of a photo for seconds, and
 *    its own timeout is wall-clock time (results would depend on the
 *    machine's load), so the image is shrunk and regions are seeded
 *    here, along crosses, coarse to fine, up to a number of seeds;
 *  - reject a failed error correction: its Reed-Solomon decoder accepts
 *    error positions outside a shortened block and returns a "corrected"
 *    word that is no code word at all (a wrong text from a distorted
 *    symbol).  Every result is checked here: all syndromes of every
 *    block must be zero after correction, else it is dropped;
 *  - read modules off an even grid: a region it finds but cannot read
 *    is sampled again on its own timing patterns (lib/decode_grid.c).
 */
#include "private.h"
#include "decode_private.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <dmtx.h>

#define DMTX_SONAME "libdmtx.so.0"

/* Shrink larger images to this side: libdmtx's cost grows with pixels. */
#define DMTX_MAX_SIDE 400
/* Smaller images are refused: libdmtx asserts on some of them. */
#define DMTX_MIN_SIDE 8
/*
 * Seed crosses down to arms DMTX_MIN_EXTENT long (lines 4 pixels apart),
 * at most DMTX_SEEDS seeds: a photo without a symbol costs libdmtx
 * seconds otherwise (some 96,000 seeds, 50-70 us each).  A count, not
 * a time, so that what is found does not depend on the machine or its
 * load.  On 320 generated tilted symbols without quiet zone (small
 * images, and symbols pasted into 640 x 480 photos), of which ZXing
 * reads 149: 500 seeds read 172, 1000 178, 2000 180 at twice the cost;
 * 1000 seeds cost 30-60 ms of CPU.  No time limit on top: a timer would
 * make results differ under valgrind or on a slow machine, and a seed's
 * work is bounded by the shrunk image (whole scans of 96,000 seeds took
 * 3-7 s on those photos: 30-75 us a seed).
 */
#define DMTX_MIN_EXTENT 3
#define DMTX_SEEDS 1000
/* Edge strength (percent) below which libdmtx does not follow an edge. */
#define DMTX_EDGE_THRESH 20
/* Perspective bends the corners: allow 50 degrees off square (default 40). */
#define DMTX_SQUARE_DEVN 50

#define FNC1_CW 232
#define GS 0x1d

/* The libdmtx functions we call, named after their dmtx prefix. */
static struct {
	DmtxImage *(*ImageCreate)(unsigned char *, int, int, int);
	DmtxPassFail (*ImageDestroy)(DmtxImage **);
	DmtxDecode *(*DecodeCreate)(DmtxImage *, int);
	DmtxPassFail (*DecodeDestroy)(DmtxDecode **);
	DmtxPassFail (*DecodeSetProp)(DmtxDecode *, int, int);
	DmtxRegion *(*RegionScanPixel)(DmtxDecode *, int, int);
	DmtxPassFail (*RegionDestroy)(DmtxRegion **);
	DmtxMessage *(*DecodeMatrixRegion)(DmtxDecode *, DmtxRegion *, int);
	DmtxPassFail (*MessageDestroy)(DmtxMessage **);
	int (*GetSymbolAttribute)(int, int);
	char *(*Version)(void);
} d;
static int d_loaded;
static pthread_once_t d_once = PTHREAD_ONCE_INIT;

/* POSIX's way to store dlsym()'s object pointer into a function pointer. */
#define LOAD(f) ((*(void **)&d.f = dlsym(h, "dmtx" #f)) != NULL)

static void
load(void)
{
	void *h = dlopen(DMTX_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		return;
	d_loaded = LOAD(ImageCreate) && LOAD(ImageDestroy) &&
	    LOAD(DecodeCreate) && LOAD(DecodeDestroy) && LOAD(DecodeSetProp) &&
	    LOAD(RegionScanPixel) && LOAD(RegionDestroy) &&
	    LOAD(DecodeMatrixRegion) && LOAD(MessageDestroy) && LOAD(GetSymbolAttribute) &&
	    LOAD(Version);
	/* The handle stays open: the functions are used until exit. */
}

static int
dmtx_available(void)
{
	pthread_once(&d_once, load);
	return d_loaded;
}

/* LIBDMTX's corrected code words of a symbol of size SIZEIDX check out. */
static int
codewords_valid(const DmtxMessage *msg, int sizeidx)
{
	return agti_dm_codewords_valid(msg->code, msg->codeSize,
	    d.GetSymbolAttribute(DmtxSymAttribInterleavedBlocks, sizeidx),
	    d.GetSymbolAttribute(DmtxSymAttribBlockErrorWords, sizeidx));
}

/* Box-filter shrink by an integer factor into a new packed image. */
static int
shrink(agt_image **out, const struct agti_gray *g, int f)
{
	int w = g->width / f, h = g->height / f, x, y, i, j, rc;

	if ((rc = agti_image_alloc(out, w, h)) != AGT_OK)
		return rc;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			unsigned sum = 0;

			for (j = 0; j < f; j++)
				for (i = 0; i < f; i++)
					sum += g->px[(size_t)(y * f + j) * g->stride +
					    x * f + i];
			(*out)->pixels[(size_t)y * w + x] =
			    (unsigned char)(sum / (unsigned)(f * f));
		}
	return AGT_OK;
}

/* Latin-1 (Data Matrix's default character set) to UTF-8, as ZXing gives. */
static char *
latin1_to_utf8(const unsigned char *s, size_t len, size_t *outlen)
{
	char *u = malloc(2 * len + 1), *p = u;
	size_t i;

	if (u == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		if (s[i] < 0x80)
			*p++ = (char)s[i];
		else {
			*p++ = (char)(0xc0 | s[i] >> 6);
			*p++ = (char)(0x80 | (s[i] & 0x3f));
		}
	*p = '\0';
	*outlen = (size_t)(p - u);
	return u;
}

struct frame {
	int border, factor;  /* how the decoded image derives from the caller's */
	int height;          /* of the decoded image */
	struct agti_gray img;  /* the decoded image */
};

/*
 * The symbol's corners top-left, top-right, bottom-right, bottom-left in
 * the decoded image's pixels (edges at whole numbers).  libdmtx's symbol
 * space has its origin at the corner of the L finder, y up; its image
 * rows count from the bottom, its pixel centres at whole numbers.
 */
static void
quad(const DmtxRegion *reg, const struct frame *fr, double q[8])
{
	static const double sym[4][2] = { { 0, 1 }, { 1, 1 }, { 1, 0 }, { 0, 0 } };
	const double (*m)[3] = reg->fit2raw;
	int i;

	for (i = 0; i < 4; i++) {
		double u = sym[i][0], v = sym[i][1];
		double w = u * m[0][2] + v * m[1][2] + m[2][2];

		q[2 * i] = (u * m[0][0] + v * m[1][0] + m[2][0]) / w + 0.5;
		q[2 * i + 1] = fr->height - 0.5 -
		    (u * m[0][1] + v * m[1][1] + m[2][1]) / w;
	}
}

/* The same in the caller's pixels. */
static void
corners(const DmtxRegion *reg, const struct frame *fr, int c[8])
{
	double q[8];
	int i;

	quad(reg, fr, q);
	for (i = 0; i < 8; i++)
		c[i] = (int)((q[i] - fr->border) * fr->factor);
}

/*
 * A checked message into LIST as ZXing would give it: a leading FNC1 makes
 * it GS1 (]d2, the FNC1 itself dropped, later ones as GS), otherwise ]d1.
 */
static int
add_message(agt_symbols *list, const DmtxRegion *reg, DmtxMessage *msg,
    const struct frame *fr)
{
	const unsigned char *out = msg->output;
	size_t len = (size_t)msg->outputIdx, tlen;
	int gs1 = msg->code[0] == FNC1_CW, c[8], rc;
	char *text;

	if (gs1 && len > 0 && out[0] == GS) {
		out++;
		len--;
	}
	if ((text = latin1_to_utf8(out, len, &tlen)) == NULL)
		return AGT_ENOMEM;
	corners(reg, fr, c);
	rc = agti_symbols_add(list, text, tlen, "DataMatrix", gs1 ? "]d2" : "]d1",
	    gs1, c);
	free(text);
	return rc;
}

/*
 * A region libdmtx found but could not read: its modules may not sit on
 * the even grid libdmtx samples.  Sample it on its timing patterns.
 */
static int
retry_timing(agt_symbols *list, const DmtxRegion *reg, const struct frame *fr)
{
	double q[8];
	int c[8];

	quad(reg, fr, q);
	corners(reg, fr, c);
	return agti_dm_timing_decode(list, &fr->img, q, reg->symbolRows,
	    reg->symbolCols, c);
}

struct scanner {
	agt_symbols *list;
	DmtxDecode *dec;
	const struct frame *fr;
	unsigned calls;
	int added, rc, done;
};

/* Try a region seeded at X, Y; stop on a symbol, an error or the budget. */
static void
seed(struct scanner *sc, int x, int y)
{
	DmtxRegion *reg;
	DmtxMessage *msg;

	if (++sc->calls > DMTX_SEEDS) {
		sc->done = 1;
		return;
	}
	if ((reg = d.RegionScanPixel(sc->dec, x, y)) == NULL)
		return;
	msg = d.DecodeMatrixRegion(sc->dec, reg, DmtxUndefined);
	if (msg != NULL && codewords_valid(msg, reg->sizeIdx))
		sc->rc = add_message(sc->list, reg, msg, sc->fr);
	else
		sc->rc = retry_timing(sc->list, reg, sc->fr);
	if (sc->rc != 0)
		sc->done = 1;
	if (sc->rc > 0)
		sc->added += sc->rc;
	if (msg != NULL)
		d.MessageDestroy(&msg);
	d.RegionDestroy(&reg);
}

static void
seed_in(struct scanner *sc, int x, int y, int width, int height)
{
	if (x >= 0 && x < width && y >= 0 && y < height && !sc->done)
		seed(sc, x, y);
}

/*
 * Seed along a cross of arms HALF long each way from CX, CY, each arm
 * from its end inwards (edges are met from outside, as libdmtx's own
 * scan meets them), the centre last.
 */
static void
cross(struct scanner *sc, int cx, int cy, int half, int width, int height)
{
	int k;

	for (k = half; k > 0; k--)
		seed_in(sc, cx - k, cy, width, height);
	for (k = half; k > 0; k--)
		seed_in(sc, cx + k, cy, width, height);
	for (k = half; k > 0; k--)
		seed_in(sc, cx, cy - k, width, height);
	for (k = half; k > 0; k--)
		seed_in(sc, cx, cy + k, width, height);
	seed_in(sc, cx, cy, width, height);
}

/*
 * Seed regions along crosses, coarse to fine: first one cross through
 * the middle of the image, then crosses half as long between the
 * earlier ones (the order libdmtx's own scan uses: where a seed fails,
 * libdmtx marks the pixels it followed, so the order matters), until a
 * symbol is read or DMTX_SEEDS seeds are spent.
 */
static int
scan(agt_symbols *list, DmtxDecode *dec, const struct frame *fr, int width,
    int height)
{
	struct scanner sc = { list, dec, fr, 0, 0, 0, 0 };
	int side = width > height ? width : height, top = 1, ext, x, y, x0, y0;

	while (top < side)
		top = 2 * top + 1;
	x0 = (width - top) / 2;
	y0 = (height - top) / 2;
	for (ext = top; ext >= DMTX_MIN_EXTENT && !sc.done; ext /= 2)
		for (y = ext / 2; y < top && !sc.done; y += ext + 1)
			for (x = ext / 2; x < top && !sc.done; x += ext + 1)
				cross(&sc, x0 + x, y0 + y, ext / 2, width,
				    height);
	return sc.rc < 0 ? sc.rc : sc.added;
}

int
agti_dmtx_decode(agt_symbols *list, const struct agti_gray *g)
{
	agt_image *small = NULL, *padded = NULL;
	struct agti_gray v = *g;
	struct frame fr = { 0, 1, 0, { NULL, 0, 0, 0 } };
	DmtxImage *img;
	DmtxDecode *dec;
	int side = g->width > g->height ? g->width : g->height, rc;
	int minside = g->width < g->height ? g->width : g->height;

	if (minside < DMTX_MIN_SIDE || !dmtx_available())
		return 0;
	fr.factor = (side + DMTX_MAX_SIDE - 1) / DMTX_MAX_SIDE;
	if (fr.factor > 1) {
		if ((rc = shrink(&small, g, fr.factor)) != AGT_OK)
			return rc;
		v = (struct agti_gray){ small->pixels, small->width,
		    small->height, small->stride };
	}
	/* libdmtx finds a symbol by its edges: give it a quiet zone. */
	side = v.width > v.height ? v.width : v.height;
	fr.border = side / 8 < 8 ? 8 : side / 8;
	rc = agti_image_pad(&padded, &v, fr.border);
	agt_image_free(small);
	if (rc != AGT_OK)
		return rc;
	fr.height = padded->height;
	fr.img = (struct agti_gray){ padded->pixels, padded->width,
	    padded->height, padded->stride };
	rc = AGT_ENOMEM;
	if ((img = d.ImageCreate(padded->pixels, padded->width, padded->height,
	    DmtxPack8bppK)) != NULL) {
		if ((dec = d.DecodeCreate(img, 1)) != NULL) {
			d.DecodeSetProp(dec, DmtxPropEdgeThresh, DMTX_EDGE_THRESH);
			d.DecodeSetProp(dec, DmtxPropSquareDevn, DMTX_SQUARE_DEVN);
			d.DecodeSetProp(dec, DmtxPropFnc1, GS);
			rc = scan(list, dec, &fr, padded->width, padded->height);
			d.DecodeDestroy(&dec);
		}
		d.ImageDestroy(&img);
	}
	agt_image_free(padded);
	return rc;
}

const char *
agti_dmtx_version(void)
{
	if (!dmtx_available())
		return "none (" DMTX_SONAME " not found)";
	return d.Version();
}
