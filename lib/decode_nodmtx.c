/* decode_nodmtx.c - no second Data Matrix engine in a build without libdmtx. */
#include "private.h"
#include "decode_private.h"

int
agti_dmtx_decode(agt_symbols *list, const struct agti_gray *img)
{
	return 0;
}

const char *
agti_dmtx_version(void)
{
	return "none";
}
