/*
 * record-fuzzer.c - libFuzzer harness for the record decoder: any bytes
 * either decode or fail with AGT_EFORMAT/AGT_EVERSION; what decodes is
 * canonical, so encoding it again gives the very same bytes, and the
 * record's accessors and validation run on it without trouble.
 */
#include "record_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	agt_record *r, *d;
	unsigned char *p;
	const char *why;
	size_t n;
	int rc, f;

	rc = agt_record_decode(&r, data, size);
	if (rc == AGT_EFORMAT || rc == AGT_EVERSION) {
		if (r != NULL)
			abort();
		return 0;
	}
	if (rc != AGT_OK)
		abort();
	if (agt_record_encode(r, &p, &n) != AGT_OK || n != size ||
	    memcmp(p, data, size) != 0)
		abort();
	agt_free(p);
	(void)agt_record_validate(r, &why);
	(void)agt_record_key(r);
	for (f = 1; f < AGT_F_LIMIT; f++)
		(void)agt_record_get_nth(r, f, agt_record_count(r, f) / 2, NULL);
	if (agt_record_dup(&d, r) != AGT_OK)
		abort();
	agt_record_free(d);
	agt_record_free(r);
	return 0;
}
