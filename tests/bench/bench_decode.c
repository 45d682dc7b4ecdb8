/*
 * bench_decode.c - the decoder's own cost, in process: per corpus set, the
 * median time of agt_decode_file() per image (load and decode, no process
 * start) and of agt_decode_gray() with AGT_DECODE_FAST on the loaded
 * pixels.  Prints figures; never fails on timing.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agtrace.h"

#define MAX_IMAGES 256

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Time one image both ways; FOUND counts images with a symbol. */
static void
time_image(const char *path, double *full, double *fast, int *found)
{
	agt_symbols *syms;
	agt_image *img;
	const unsigned char *px;
	int w, h, stride;
	double t = now_ms();

	if (agt_decode_file(&syms, path, 0) == AGT_OK)
		(*found)++;
	*full = now_ms() - t;
	agt_symbols_free(syms);
	*fast = 0;
	if (agt_image_load(&img, path) != AGT_OK)
		return;
	px = agt_image_gray(img, &w, &h, &stride);
	t = now_ms();
	if (agt_decode_gray(&syms, px, w, h, stride, AGT_DECODE_FAST) == AGT_OK)
		agt_symbols_free(syms);
	*fast = now_ms() - t;
	agt_image_free(img);
}

static void
bench_set(const char *corpus, const char *name)
{
	static double full[MAX_IMAGES], fast[MAX_IMAGES];
	char dir[4096], path[8192];
	struct dirent *de;
	const char *dot;
	int n = 0, found = 0;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/%s", corpus, name);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL && n < MAX_IMAGES) {
		dot = strrchr(de->d_name, '.');
		if (dot == NULL || (strcmp(dot, ".png") != 0 && strcmp(dot, ".jpg") != 0))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		time_image(path, &full[n], &fast[n], &found);
		n++;
	}
	closedir(d);
	printf("%-18s %6d %6d %12.2f %12.2f\n", name, n, found,
	    median(full, n), median(fast, n));
}

int
main(void)
{
	const char *shared = getenv("SHARED_DIR");
	char corpus[2048];
	struct dirent **names;
	int i, n;

	snprintf(corpus, sizeof corpus, "%s/corpus/barcodes",
	    shared ? shared : "../shared");
	if ((n = scandir(corpus, &names, NULL, alphasort)) < 0) {
		printf("bench_decode: no corpus at %s\n", corpus);
		return 0;
	}
	printf("in-process decoder, median ms per image\n");
	printf("%-18s %6s %6s %12s %12s\n", "set", "images", "found",
	    "file+decode", "fast decode");
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			bench_set(corpus, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return 0;
}
