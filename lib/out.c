/* out.c - buffered output through an agt_write_cb, and RFC 4180 fields. */
#include "recall_private.h"

#include <stdlib.h>
#include <string.h>

#define OUT_FLUSH (64 * 1024)

int
agti_out_flush(struct agti_out *o)
{
	if (o->failed)
		return AGT_EIO;
	if (o->len > 0 && o->write(o->buf, o->len, o->payload) != 0) {
		o->failed = 1;
		return AGT_EIO;
	}
	o->len = 0;
	return AGT_OK;
}

int
agti_out_put(struct agti_out *o, const void *p, size_t len)
{
	if (o->failed)
		return -1;
	if (o->len + len > o->cap) {
		size_t cap = o->cap ? o->cap : OUT_FLUSH * 2;
		char *nb;
		while (cap < o->len + len)
			cap *= 2;
		if ((nb = realloc(o->buf, cap)) == NULL) {
			o->failed = 1;
			return -1;
		}
		o->buf = nb;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, p, len);
	o->len += len;
	if (o->len >= OUT_FLUSH && agti_out_flush(o) != AGT_OK)
		return -1;
	return 0;
}

int
agti_out_puts(struct agti_out *o, const char *s)
{
	return agti_out_put(o, s, strlen(s));
}

void
agti_out_free(struct agti_out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

int
agti_csv_field(struct agti_out *o, const char *s, int first)
{
	const char *q;

	if (!first && agti_out_put(o, ",", 1) != 0)
		return -1;
	if (s == NULL)
		return 0;
	if (strpbrk(s, ",\"\r\n") == NULL)
		return agti_out_puts(o, s);
	if (agti_out_put(o, "\"", 1) != 0)
		return -1;
	while ((q = strchr(s, '"')) != NULL) {
		if (agti_out_put(o, s, (size_t)(q - s + 1)) != 0 ||
		    agti_out_put(o, "\"", 1) != 0)
			return -1;
		s = q + 1;
	}
	if (agti_out_puts(o, s) != 0)
		return -1;
	return agti_out_put(o, "\"", 1);
}
