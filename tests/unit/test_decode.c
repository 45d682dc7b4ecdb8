/*
 * test_decode.c - the shared corpus of real barcode photos
 * ($SHARED_DIR/corpus/barcodes): per-set minimums equal to what the decoder
 * achieves, so any regression fails; nothing at all on the false-positive
 * set; and every image, also rotated, decoded without aborting the process
 * (ZXing 1.4 asserts on some hints: the test would die here).
 *
 * Outputs are compared as element strings: UPC-A as its 12 digits (the
 * corpus spells it as the EAN-13 with a leading zero), DataBar as 01 +
 * GTIN, binary content against NAME.bin.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "private.h"
#include "decode_private.h"

struct set {
	const char *name;
	int images, minimum; /* minimum: what this decoder reads */
};

static const struct set sets[] = {
	{ "code128-1", 6, 6 },
	{ "datamatrix-1", 30, 30 },
	{ "ean13-1", 16, 14 },
	{ "ean13-3", 8, 8 },
	{ "ean8-1", 9, 9 },
	{ "qrcode-1", 8, 8 },
	{ "rss14-1", 13, 12 },
	{ "rssexpanded-1", 37, 37 },
	{ "upca-1", 5, 5 },
	{ "falsepositives-1", 21, 0 },
};

static char corpus[2048];

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	if (fp == NULL)
		return NULL;
	buf = malloc(1 << 16);
	*len = fread(buf, 1, (1 << 16) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* The expected text of IMAGE (NAME.txt, else NAME.bin), or NULL. */
static char *
expected(const char *dir, const char *image, size_t *len)
{
	char path[4096 + 512], *dot, *text;

	snprintf(path, sizeof path, "%s/%s", dir, image);
	dot = strrchr(path, '.');
	strcpy(dot, ".txt");
	if ((text = slurp(path, len)) == NULL) {
		strcpy(dot, ".bin");
		text = slurp(path, len);
	}
	return text;
}

static int
same(const agt_symbols *syms, size_t i, const char *want, size_t wlen)
{
	size_t len;
	const char *t = agt_symbols_text(syms, i, &len);

	if (len == wlen && memcmp(t, want, len) == 0)
		return 1;
	return strcmp(agt_symbols_format(syms, i), "UPC-A") == 0 &&
	    wlen == 13 && want[0] == '0' && len == 12 &&
	    memcmp(t, want + 1, 12) == 0;
}

static int
is_image(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && (strcmp(dot, ".png") == 0 || strcmp(dot, ".jpg") == 0);
}

/* Call FN on every image of SET with its directory and file name. */
static void
for_each_image(const struct set *set,
    void (*fn)(const char *dir, const char *name, void *ctx), void *ctx)
{
	char dir[4096];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/%s", corpus, set->name);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (is_image(de->d_name))
			fn(dir, de->d_name, ctx);
	closedir(d);
}

struct tally {
	const struct set *set;
	int images, hits, found;
};

/* Decode one image; count it read right and found at all. */
static void
tally_image(const char *dir, const char *name, void *ctx)
{
	struct tally *t = ctx;
	char path[8192], *want;
	agt_symbols *syms;
	size_t wlen, i;
	int hit;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	t->images++;
	want = expected(dir, name, &wlen);
	if (agt_decode_file(&syms, path, 0) == AGT_OK)
		t->found++;
	for (i = hit = 0; want != NULL && i < agt_symbols_count(syms); i++)
		hit |= same(syms, i, want, wlen);
	if (!hit && t->set->minimum > 0)
		print_message("# %s: not read\n", path);
	t->hits += hit;
	agt_symbols_free(syms);
	free(want);
}

static void
test_set(void **state)
{
	struct tally t = { *state, 0, 0, 0 };

	for_each_image(t.set, tally_image, &t);
	print_message("# %s: %d of %d\n", t.set->name, t.hits, t.images);
	assert_int_equal(t.images, t.set->images);
	if (t.set->minimum == 0)
		assert_int_equal(t.found, 0);
	else
		assert_true(t.hits >= t.set->minimum);
}

/* One image at 90, 180 and 270 degrees: decoded or not, never an abort. */
static void
rotate_image(const char *dir, const char *name, void *ctx)
{
	char path[8192];
	agt_image *img, *rot;
	agt_symbols *syms;
	int x, y, turn;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(agt_image_load(&img, path), AGT_OK);
	for (turn = 1; turn <= 3; turn++) {
		int w = turn == 2 ? img->width : img->height;
		int h = turn == 2 ? img->height : img->width;

		assert_int_equal(agti_image_alloc(&rot, w, h), AGT_OK);
		for (y = 0; y < img->height; y++)
			for (x = 0; x < img->width; x++) {
				int rx = turn == 1 ? img->height - 1 - y :
				    turn == 2 ? img->width - 1 - x : y;
				int ry = turn == 1 ? x : turn == 2 ?
				    img->height - 1 - y : img->width - 1 - x;
				rot->pixels[(size_t)ry * w + rx] =
				    img->pixels[(size_t)y * img->stride + x];
			}
		if (agt_decode_image(&syms, rot, AGT_DECODE_FAST) == AGT_OK)
			agt_symbols_free(syms);
		agt_image_free(rot);
	}
	agt_image_free(img);
}

static void
test_rotations_no_abort(void **state)
{
	for_each_image(*state, rotate_image, NULL);
}

static void
test_unbracket(void **state)
{
	char out[128];

	assert_int_equal(agti_gs1_unbracket(out,
	    "(01)90012345678908(3103)001750", 30), 26);
	assert_string_equal(out, "01900123456789083103001750");
	agti_gs1_unbracket(out, "(01)98898765432106(10)12A(422)123(21)123456", 43);
	assert_string_equal(out, "019889876543210610" "12A\x1d" "422123\x1d" "21123456");
	assert_int_equal(agti_gs1_unbracket(out, "0112345", 7), 0);
	assert_int_equal(agti_gs1_unbracket(out, "(01", 3), 0);
	assert_int_equal(agti_gs1_unbracket(out, "(0x)12", 6), 0);
}

int
main(void)
{
	struct CMUnitTest tests[2 * sizeof sets / sizeof sets[0] + 1];
	const char *shared = getenv("SHARED_DIR");
	size_t i, n = 0;

	snprintf(corpus, sizeof corpus, "%s/corpus/barcodes",
	    shared ? shared : "../shared");
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_unbracket);
	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_set,
		    (void *)&sets[i]);
		tests[n++].name = sets[i].name;
	}
	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(
		    test_rotations_no_abort, (void *)&sets[i]);
		tests[n++].name = "rotations without abort";
	}
	return _cmocka_run_group_tests("decode", tests, n, NULL, NULL);
}
