/* gtin.c - GS1 GTIN check digits (GS1 General Specifications 7.9.1). */
#include "private.h"

#include <string.h>

int
agt_gtin_valid(const char *digits, size_t len)
{
	unsigned sum = 0, d, w = 3;
	size_t i;

	if (digits == NULL || (len != 8 && len != 12 && len != 13 && len != 14))
		return 0;
	/* Weights 3,1,3,... from the digit left of the check digit. */
	for (i = len - 1; i-- > 0; w ^= 2) {
		if ((d = (unsigned char)digits[i] - (unsigned)'0') > 9)
			return 0;
		sum += w * d;
	}
	if ((d = (unsigned char)digits[len - 1] - (unsigned)'0') > 9)
		return 0;
	return (10 - sum % 10) % 10 == d;
}

int
agt_gtin_normalize(char out[15], const char *digits, size_t len)
{
	if (!agt_gtin_valid(digits, len))
		return AGT_EINVAL;
	memset(out, '0', 14 - len);
	memcpy(out + 14 - len, digits, len);
	out[14] = '\0';
	return AGT_OK;
}
