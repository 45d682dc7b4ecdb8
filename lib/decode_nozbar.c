/* decode_nozbar.c - no second engine in a build without zbar. */
#include "private.h"
#include "decode_private.h"

int
agti_zbar_decode(agt_symbols *list, const struct agti_gray *img)
{
	return 0;
}

const char *
agti_zbar_version(void)
{
	return "none";
}
