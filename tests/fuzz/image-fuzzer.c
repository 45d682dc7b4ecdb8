/*
 * image-fuzzer.c - untrusted image files: the loaders (PNG, JPEG, PNM)
 * and then the decoder on whatever they accept.  Every input must give a
 * clean status, never a crash, an abort, a leak or a huge allocation.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "agtrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	agt_image *img;
	agt_symbols *syms;
	size_t i;

	if (agt_image_load_mem(&img, data, size) != AGT_OK)
		return 0;
	/* The first passes only keep the fuzzer fast; retries run the same engines. */
	if (agt_decode_image(&syms, img, AGT_DECODE_FAST) == AGT_OK) {
		for (i = 0; i < agt_symbols_count(syms); i++)
			(void)agt_symbols_text(syms, i, NULL);
		agt_symbols_free(syms);
	}
	agt_image_free(img);
	return 0;
}
