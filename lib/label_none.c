/* label_none.c - the label API in a build --without-zint. */
#include "private.h"
#include "decode_private.h"

const char *
agti_zint_version(void)
{
	return "none";
}
