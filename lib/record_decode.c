/*
 * record_decode.c - strict decoding of the canonical encoding: anything another
 * encoder could not have produced (non-minimal lengths, fields out of
 * order or repeated, unknown tags or kinds, bad UTF-8, trailing bytes) is
 * AGT_EFORMAT, so one record has exactly one encoding.  Fed to fuzzers.
 */
#include "record_private.h"

#include <stdlib.h>
#include <string.h>

struct dec {
	const unsigned char *p, *end;
	char *arena;  /* where value copies go, each followed by a NUL */
};

/* Minimal unsigned LEB128 of at most 32 bits. */
static inline int
get_len(struct dec *d, uint32_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;
	unsigned char c;

	if (d->p < d->end && *d->p < 0x80) { /* most lengths: one byte */
		*out = *d->p++;
		return AGT_OK;
	}
	do {
		if (d->p >= d->end || shift > 28)
			return AGT_EFORMAT;
		c = *d->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	if ((c == 0 && shift > 7) || v > UINT32_MAX - 1)
		return AGT_EFORMAT;
	*out = (uint32_t)v;
	return AGT_OK;
}

/* -1, 0, 1 like memcmp, for byte strings of different lengths. */
static int
bytes_cmp(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

static int decode_body(struct dec *d, agt_record **out, int depth);

/* The record nested in field TAG, LEN bytes at D's position. */
static int
decode_child(struct dec *d, int tag, uint32_t len, int depth,
    agt_record **child)
{
	struct dec sub;
	int rc;

	sub.p = d->p;
	sub.end = d->p + len;
	if ((rc = decode_body(&sub, child, depth + 1)) != AGT_OK)
		return rc;
	if ((*child)->type != (tag == AGT_F_ITEM ? AGT_T_ITEM : AGT_T_LOTREF)) {
		agt_record_free(*child);
		*child = NULL;
		return AGT_EFORMAT;
	}
	return AGT_OK;
}

/*
 * 1 if the LEN bytes at P are valid text: most values are ASCII without
 * NUL, checked here 8 bytes at a time (4 for a value of 4-7 bytes), the
 * last word overlapping the one before; the others by agti_utf8_valid().
 */
static inline int
text_valid(const unsigned char *p, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t w, bad = 0;
	uint32_t a, b;
	size_t i;

	if (len >= 4 && len < 8) { /* two 4-byte words, overlapping */
		memcpy(&a, p, 4);
		memcpy(&b, p + len - 4, 4);
		bad = ((a | ((a - 0x01010101u) & ~a)) |
		    (b | ((b - 0x01010101u) & ~b))) & 0x80808080u;
		return bad == 0 || agti_utf8_valid((const char *)p, len);
	}
	if (len < 4) {
		for (i = 0; i < len; i++)
			bad |= p[i] - 1u >= 0x7fu;
		return bad == 0 || agti_utf8_valid((const char *)p, len);
	}
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		bad |= (w | ((w - ones) & ~w)) & highs;
	}
	if (i < len) { /* the last 8 bytes, overlapping */
		memcpy(&w, p + len - 8, 8);
		bad |= (w | ((w - ones) & ~w)) & highs;
	}
	return bad == 0 || agti_utf8_valid((const char *)p, len);
}

/*
 * First pass over a body's fields: how many values, and how many bytes
 * the copies of those that are not nested records take.  Only the
 * framing is checked here.
 */
static int
count_fields(struct dec d, size_t *nvals, size_t *bytes)
{
	uint32_t len;
	int kind;

	*nvals = *bytes = 0;
	while (d.p < d.end) {
		if (d.end - d.p < 2)
			return AGT_EFORMAT;
		kind = d.p[1];
		d.p += 2;
		if (get_len(&d, &len) != AGT_OK || len > (size_t)(d.end - d.p))
			return AGT_EFORMAT;
		(*nvals)++;
		if (kind != AGTI_K_NESTED)
			*bytes += (size_t)len + 1;
		d.p += len;
	}
	return AGT_OK;
}

/*
 * The values of REC, into the room the first pass made: the record's
 * count is kept in a register and stored once, with what was decoded
 * (for agt_record_free()) also on failure.
 */
static int
decode_fields(struct dec *d, agt_record *rec, int depth)
{
	const unsigned char *prev = NULL, *start;
	struct agti_value *v = rec->v;
	char *arena = d->arena;
	size_t prevlen = 0, n = 0;
	uint32_t len;
	int tag, kind, rc = AGT_OK;

	for (; d->p < d->end; n++, d->p += len) {
		start = d->p;
		tag = d->p[0];
		kind = d->p[1];
		d->p += 2;
		if (agti_field_kind(tag) != kind || get_len(d, &len) != AGT_OK) {
			rc = AGT_EFORMAT;
			break;
		}
		/* Strictly increasing encoded fields: sorted, no duplicate.
		 * Tags differ most of the time, and decide it then. */
		if (prev != NULL && (prev[0] > tag || (prev[0] == tag &&
		    bytes_cmp(prev, prevlen, start, (size_t)(d->p - start) + len) >= 0))) {
			rc = AGT_EFORMAT;
			break;
		}
		prev = start;
		prevlen = (size_t)(d->p - start) + len;
		v[n].field = (uint8_t)tag;
		v[n].kind = (uint8_t)kind;
		v[n].owned = 0;
		v[n].child = NULL;
		v[n].data = NULL;
		v[n].len = 0;
		if (kind == AGTI_K_NESTED) {
			if ((rc = decode_child(d, tag, len, depth, &v[n].child)) != AGT_OK)
				break;
			continue;
		}
		if (kind == AGTI_K_TEXT && !text_valid(d->p, len)) {
			rc = AGT_EFORMAT;
			break;
		}
		v[n].len = len;
		v[n].data = arena;
		memcpy(arena, d->p, len);
		arena[len] = '\0';
		arena += len + 1;
	}
	rec->n = n;
	return rc;
}

/* A record's body (type and fields) in one allocation. */
static int
decode_body(struct dec *d, agt_record **out, int depth)
{
	agt_record *rec;
	size_t nvals, bytes;
	int type, rc;

	*out = NULL;
	if (depth > AGTI_MAX_DEPTH || d->p >= d->end)
		return AGT_EFORMAT;
	type = *d->p++;
	if (agt_type_name(type) == NULL ||
	    (depth == 0) != (type < AGT_T_ITEM))
		return AGT_EFORMAT;
	if ((rc = count_fields(*d, &nvals, &bytes)) != AGT_OK)
		return rc;
	if ((rec = agti_record_alloc(type, nvals, bytes, &d->arena)) == NULL)
		return AGT_ENOMEM;
	if ((rc = decode_fields(d, rec, depth)) != AGT_OK) {
		agt_record_free(rec);
		return rc;
	}
	*out = rec;
	return AGT_OK;
}

int
agt_record_decode(agt_record **out, const void *buf, size_t len)
{
	struct dec d;

	*out = NULL;
	if (len < 2)
		return AGT_EFORMAT;
	if (((const unsigned char *)buf)[0] != AGTI_ENCODING_VERSION)
		return AGT_EVERSION;
	d.p = (const unsigned char *)buf + 1;
	d.end = (const unsigned char *)buf + len;
	d.arena = NULL;
	return decode_body(&d, out, 0);
}
