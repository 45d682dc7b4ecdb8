/*
 * decode_private.h - what the barcode image sources share: the symbol list
 * the engines fill, the engines themselves and the image operations the
 * decoding strategy uses.  C and C++ clean (lib/decode.cpp includes it).
 */
#ifndef AGT_DECODE_PRIVATE_H
#define AGT_DECODE_PRIVATE_H

#include "agtrace.h"

#include <stddef.h>

#include "module_api.h"

#ifdef __cplusplus
extern "C" {
#endif

struct agti_symbol {
	char *text;          /* NUL-terminated; GS (0x1D) kept */
	size_t len;
	char format[24];     /* "EAN-13", "DataMatrix", ... */
	char symid[8];       /* "]E0", "]C1", ... or "" */
	int gs1;
	int corners[8];      /* x,y of top-left, top-right, bottom-right, bottom-left */
};

struct agt_symbols {
	size_t n, cap;
	struct agti_symbol *v;
};

struct agt_image {
	int width, height, stride;
	unsigned char *pixels;
};

/* A gray view of pixels owned by someone else. */
struct agti_gray {
	const unsigned char *px;
	int width, height, stride;
};

/*
 * Add a symbol found by an engine; text LEN bytes.  A symbol with the same
 * format and text as one already in the list is dropped (the passes of the
 * decoding strategy often find the same symbol twice).  Normalises DataBar
 * texts to element strings.  AGT_ENOMEM.
 */
AGTI_MODULE_API
int agti_symbols_add(agt_symbols *list, const char *text, size_t len,
	const char *format, const char *symid, int gs1, const int corners[8]);

/* Move every symbol of SRC not yet in DST to DST; SRC ends empty. */
int agti_symbols_merge(agt_symbols *dst, agt_symbols *src);
AGTI_MODULE_API
void agti_symbols_clear(agt_symbols *list);

/*
 * A bracketed element string "(01)123...(10)ABC" into the GS form
 * "0112...10ABC" with GS after every variable-length element but the last.
 * Returns the new length, or 0 when TEXT is not bracketed (OUT untouched).
 * OUT holds at least LEN + 1 bytes.
 */
size_t agti_gs1_unbracket(char *out, const char *text, size_t len);

/* Engines: pass flags select formats and binarizer. */
enum agti_pass {
	AGTI_PASS_LINEAR = 1 << 0,   /* 1D formats */
	AGTI_PASS_MATRIX = 1 << 1,   /* 2D formats */
	AGTI_PASS_GLOBAL = 1 << 2,   /* global histogram binarizer */
	AGTI_PASS_FIXED = 1 << 3,    /* fixed threshold binarizer */
	AGTI_PASS_FAST = 1 << 4,     /* no try-harder, no rotation */
	AGTI_PASS_PURE = 1 << 5      /* a generated image: one aligned symbol */
};

/*
 * Decode IMG with ZXing-C++ in one pass, adding what it finds to LIST.
 * Never throws and never aborts on ZXing's known assertion paths.  Returns
 * how many symbols it added, or AGT_ENOMEM.
 */
int agti_zxing_decode(agt_symbols *list, const struct agti_gray *img,
	unsigned pass);
/* The same with zbar (linear formats only); 0 when built without zbar. */
int agti_zbar_decode(agt_symbols *list, const struct agti_gray *img);
/*
 * The same with libdmtx (Data Matrix only; results whose error correction
 * does not check out are dropped); 0 when built or run without libdmtx.
 */
int agti_dmtx_decode(agt_symbols *list, const struct agti_gray *img);

/*
 * 1 when the TOTAL Data Matrix code words at CODE (data then error words,
 * interleaved in BLOCKS blocks of ECW error words each, as the symbol lays
 * them out) form Reed-Solomon code words: every syndrome zero.
 */
int agti_dm_codewords_valid(const unsigned char *code, size_t total,
	int blocks, int ecw);

/*
 * A Data Matrix whose four corners a detector found (QUAD: top-left,
 * top-right, bottom-right, bottom-left in IMG's pixels, the L finder on
 * the left and bottom) but could not read, sampled on its own timing
 * patterns (lib/decode_grid.c) and read by ZXing.  ROWS_EST x COLS_EST:
 * the detector's guess of its size, for where to look for the timing
 * patterns.  Found symbols get CORNERS.  Returns how many it added, or
 * AGT_ENOMEM.
 */
int agti_dm_timing_decode(agt_symbols *list, const struct agti_gray *img,
	const double quad[8], int rows_est, int cols_est, const int corners[8]);

const char *agti_zxing_version(void);
/* label.c: the zint version, or "none". */
const char *agti_zint_version(void);
const char *agti_zbar_version(void);
const char *agti_dmtx_version(void);

/* Image operations for retry passes; the result is a new image. */
AGTI_MODULE_API
int agti_image_pad(agt_image **out, const struct agti_gray *img, int border);
AGTI_MODULE_API
int agti_image_scale(agt_image **out, const struct agti_gray *img, int num,
	int den);
AGTI_MODULE_API
int agti_image_resize(agt_image **out, const struct agti_gray *img,
	int width, int height);
AGTI_MODULE_API
int agti_image_alloc(agt_image **out, int width, int height);

/* Loaders, one per file format; BUF holds the whole file. */
int agti_image_png(agt_image **out, const unsigned char *buf, size_t len);
int agti_image_jpeg(agt_image **out, const unsigned char *buf, size_t len);
int agti_image_pnm(agt_image **out, const unsigned char *buf, size_t len);
/* AGT_EFORMAT unless WIDTH x HEIGHT is within AGT_IMAGE_MAX_PIXELS. */
AGTI_MODULE_API
int agti_image_check_size(const char *what, unsigned long width,
	unsigned long height);

#ifdef __cplusplus
}
#endif

#endif
