/*
 * record_encode.c - the canonical encoding of records (formats/records.md):
 * version, type, then fields as tag | kind | LEB128 length | value, sorted
 * by their encoded bytes so equal content always gives equal bytes.
 */
#include "record_private.h"

#include <stdlib.h>
#include <string.h>

int
agti_buf_reserve(struct agti_buf *b, size_t more)
{
	size_t cap;
	unsigned char *p;

	if (b->cap - b->len >= more)
		return AGT_OK;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len < more)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return AGT_ENOMEM;
	b->p = p;
	b->cap = cap;
	return AGT_OK;
}

int
agti_buf_add(struct agti_buf *b, const void *p, size_t len)
{
	if (agti_buf_reserve(b, len) != AGT_OK)
		return AGT_ENOMEM;
	if (len > 0)
		memcpy(b->p + b->len, p, len);
	b->len += len;
	return AGT_OK;
}

void
agti_buf_free(struct agti_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
agti_enc_free(struct agti_enc *e)
{
	int i;

	for (i = 0; i <= AGTI_MAX_DEPTH; i++) {
		agti_buf_free(&e->tmp[i]);
		agti_buf_free(&e->spans[i]);
	}
}

static size_t
leb128(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	do {
		p[n] = v & 0x7f;
		v >>= 7;
		if (v != 0)
			p[n] |= 0x80;
		n++;
	} while (v != 0);
	return n;
}

struct span {
	size_t off, len;
};

static int
span_cmp(const void *a, const void *b, void *base)
{
	const struct span *x = a, *y = b;
	const unsigned char *p = base;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(p + x->off, p + y->off, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/*
 * Sort the N spans of BASE.  A record has a few dozen fields at most,
 * mostly in tag order already: insertion sort does them in about one
 * comparison each, where qsort_r's merge sort costs ten times as much.
 */
static void
sort_spans(struct span *s, size_t n, const unsigned char *base)
{
	struct span v;
	size_t i, j;

	if (n > 64) {
		qsort_r(s, n, sizeof *s, span_cmp, (void *)base);
		return;
	}
	for (i = 1; i < n; i++) {
		v = s[i];
		for (j = i; j > 0 && span_cmp(&s[j - 1], &v, (void *)base) > 0; j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
}

static int encode_body(struct agti_enc *e, const agt_record *rec,
	int unsigned_, struct agti_buf *out, int depth);

/* Append one field (header and value) to TMP. */
static int
encode_field(struct agti_enc *e, const struct agti_value *v,
    struct agti_buf *tmp, int depth)
{
	unsigned char hdr[2 + 10];
	size_t start, n;
	int rc;

	hdr[0] = v->field;
	hdr[1] = v->kind;
	if (v->kind != AGTI_K_NESTED) {
		n = 2 + leb128(hdr + 2, v->len);
		if (agti_buf_add(tmp, hdr, n) != AGT_OK ||
		    agti_buf_add(tmp, v->data, v->len) != AGT_OK)
			return AGT_ENOMEM;
		return AGT_OK;
	}
	/* Nested: encode the child after room for the longest header, then
	 * move it down to where its real header ends. */
	start = tmp->len;
	if (agti_buf_reserve(tmp, sizeof hdr) != AGT_OK)
		return AGT_ENOMEM;
	tmp->len += sizeof hdr;
	if ((rc = encode_body(e, v->child, 0, tmp, depth + 1)) != AGT_OK)
		return rc;
	n = 2 + leb128(hdr + 2, tmp->len - start - sizeof hdr);
	memcpy(tmp->p + start, hdr, n);
	memmove(tmp->p + start + n, tmp->p + start + sizeof hdr,
	    tmp->len - start - sizeof hdr);
	tmp->len -= sizeof hdr - n;
	return AGT_OK;
}

/*
 * Append type and sorted fields of REC to OUT.  Fields are first written
 * to this depth's scratch buffer, then copied in sorted order.
 */
static int
encode_body(struct agti_enc *e, const agt_record *rec, int unsigned_,
    struct agti_buf *out, int depth)
{
	struct agti_buf *tmp, *sb;
	struct span *spans;
	unsigned char t = (unsigned char)rec->type;
	size_t i, n = 0, off;
	int rc;

	if (depth > AGTI_MAX_DEPTH)
		return AGT_EINVAL;
	tmp = &e->tmp[depth];
	sb = &e->spans[depth];
	tmp->len = sb->len = 0;
	if (agti_buf_reserve(sb, rec->n * sizeof *spans) != AGT_OK)
		return AGT_ENOMEM;
	spans = (struct span *)(void *)sb->p;
	for (i = 0; i < rec->n; i++) {
		if (unsigned_ && rec->v[i].field == AGT_F_SIGNATURE)
			continue;
		off = tmp->len;
		if ((rc = encode_field(e, &rec->v[i], tmp, depth)) != AGT_OK)
			return rc;
		spans[n].off = off;
		spans[n++].len = tmp->len - off;
	}
	if (n > 1) /* spans is NULL for a record without fields */
		sort_spans(spans, n, tmp->p);
	if (agti_buf_reserve(out, 1 + tmp->len) != AGT_OK)
		return AGT_ENOMEM;
	out->p[out->len++] = t;
	for (i = 0; i < n; i++) {
		if (i > 0 && span_cmp(&spans[i - 1], &spans[i], tmp->p) == 0)
			return AGT_EINVAL; /* the same value twice */
		memcpy(out->p + out->len, tmp->p + spans[i].off, spans[i].len);
		out->len += spans[i].len;
	}
	return AGT_OK;
}

int
agti_record_encode(struct agti_enc *e, const agt_record *rec, int unsigned_,
    struct agti_buf *out)
{
	out->len = 0;
	if (agti_buf_reserve(out, 1) != AGT_OK)
		return AGT_ENOMEM;
	out->p[out->len++] = AGTI_ENCODING_VERSION;
	return encode_body(e, rec, unsigned_, out, 0);
}

static int
encode_alloc(const agt_record *rec, int unsigned_, unsigned char **out,
    size_t *outlen)
{
	struct agti_enc e;
	struct agti_buf b = { NULL, 0, 0 };
	int rc;

	memset(&e, 0, sizeof e);
	*out = NULL;
	*outlen = 0;
	rc = agti_record_encode(&e, rec, unsigned_, &b);
	agti_enc_free(&e);
	if (rc != AGT_OK) {
		agti_buf_free(&b);
		return rc;
	}
	*out = b.p;
	*outlen = b.len;
	return AGT_OK;
}

int
agt_record_encode(const agt_record *rec, unsigned char **out, size_t *outlen)
{
	return encode_alloc(rec, 0, out, outlen);
}

int
agt_record_encode_unsigned(const agt_record *rec, unsigned char **out,
    size_t *outlen)
{
	return encode_alloc(rec, 1, out, outlen);
}
