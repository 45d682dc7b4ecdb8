/* label.c - barcode labels of lots with libzint. */
#include "private.h"
#include "decode_private.h"

#include <stdio.h>

#include <zint.h>

const char *
agti_zint_version(void)
{
	static char buf[32];
	int v = ZBarcode_Version();

	if (buf[0] == '\0')
		snprintf(buf, sizeof buf, "%d.%d.%d", v / 10000, v / 100 % 100,
		    v % 100);
	return buf;
}
