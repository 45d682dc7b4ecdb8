/* record.c - records: a type and a bag of tagged values. */
#include "record_private.h"

#include <stdlib.h>
#include <string.h>

void
agt_free(void *p)
{
	free(p);
}

int
agt_record_new(agt_record **out, int type)
{
	agt_record *r;

	*out = NULL;
	if (agt_type_name(type) == NULL)
		return AGT_EINVAL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return AGT_ENOMEM;
	r->type = type;
	*out = r;
	return AGT_OK;
}

agt_record *
agti_record_alloc(int type, size_t nvals, size_t arena, char **arena_out)
{
	agt_record *r;
	size_t size = sizeof *r + nvals * sizeof *r->v + arena;

	if (nvals > SIZE_MAX / 2 / sizeof *r->v || arena > SIZE_MAX / 4 ||
	    (r = malloc(size)) == NULL)
		return NULL;
	memset(r, 0, sizeof *r);
	r->type = type;
	r->v_inline = 1;
	r->cap = nvals;
	r->v = (struct agti_value *)(void *)(r + 1);
	*arena_out = (char *)(r->v + nvals);
	return r;
}

int
agti_record_build(agt_record **out, int type, const struct agti_vref *vals,
    size_t n)
{
	struct agti_value *v;
	agt_record *r = NULL;
	size_t i, arena = 0;
	char *a;
	int rc = AGT_OK;

	*out = NULL;
	if (agt_type_name(type) == NULL)
		rc = AGT_EINVAL;
	for (i = 0; i < n && rc == AGT_OK; i++) {
		if (agti_field_kind(vals[i].field) != vals[i].kind ||
		    vals[i].len > UINT32_MAX - 1 ||
		    (vals[i].kind == AGTI_K_NESTED) != (vals[i].child != NULL))
			rc = AGT_EINVAL;
		else if (vals[i].kind != AGTI_K_NESTED)
			arena += vals[i].len + 1;
	}
	if (rc == AGT_OK && (r = agti_record_alloc(type, n, arena, &a)) == NULL)
		rc = AGT_ENOMEM;
	if (rc != AGT_OK) {
		for (i = 0; i < n; i++)
			agt_record_free(vals[i].child);
		return rc;
	}
	for (i = 0; i < n; i++) {
		v = &r->v[i];
		memset(v, 0, sizeof *v);
		v->field = (uint8_t)vals[i].field;
		v->kind = (uint8_t)vals[i].kind;
		if (vals[i].kind == AGTI_K_NESTED) {
			v->child = vals[i].child;
			continue;
		}
		v->len = (uint32_t)vals[i].len;
		v->data = a;
		if (vals[i].len > 0)
			memcpy(a, vals[i].data, vals[i].len);
		a[vals[i].len] = '\0';
		a += vals[i].len + 1;
	}
	r->n = n;
	*out = r;
	return AGT_OK;
}

static void
value_clear(struct agti_value *v)
{
	if (v->owned)
		free(v->data);
	agt_record_free(v->child);
}

void
agt_record_free(agt_record *rec)
{
	size_t i;

	/* No other owner (refs 0) cannot change: no atomic operation then. */
	if (rec == NULL || (__atomic_load_n(&rec->refs, __ATOMIC_ACQUIRE) > 0 &&
	    __atomic_fetch_sub(&rec->refs, 1, __ATOMIC_ACQ_REL) > 0))
		return;
	for (i = 0; i < rec->n; i++)
		if (rec->v[i].owned || rec->v[i].child != NULL)
			value_clear(&rec->v[i]);
	if (!rec->v_inline)
		free(rec->v);
	free(rec->arena);
	free(rec->key);
	free(rec);
}

agt_record *
agti_record_ref(agt_record *rec)
{
	__atomic_fetch_add(&rec->refs, 1, __ATOMIC_RELAXED);
	return rec;
}

void
agti_record_freeze(agt_record *rec)
{
	size_t i;

	(void)agt_record_key(rec);
	for (i = 0; i < rec->n; i++)
		if (rec->v[i].child != NULL)
			agti_record_freeze(rec->v[i].child);
}

int
agt_record_type(const agt_record *rec)
{
	return rec->type;
}

static void
changed(agt_record *rec)
{
	rec->key_ok = 0;
}

static struct agti_value *
value_append(agt_record *rec)
{
	struct agti_value *v;
	size_t cap;

	if (rec->n == rec->cap) {
		cap = rec->cap ? 2 * rec->cap : 16;
		if (rec->v_inline) {
			/* The decoder's array is part of the record's block. */
			if ((v = malloc(cap * sizeof *v)) == NULL)
				return NULL;
			if (rec->n > 0)
				memcpy(v, rec->v, rec->n * sizeof *v);
			rec->v_inline = 0;
		} else if ((v = realloc(rec->v, cap * sizeof *v)) == NULL)
			return NULL;
		rec->v = v;
		rec->cap = cap;
	}
	v = &rec->v[rec->n++];
	memset(v, 0, sizeof *v);
	return v;
}

static int
add_bytes(agt_record *rec, int field, int kind, const void *p, size_t len)
{
	struct agti_value *v;
	char *data;

	if (agti_field_kind(field) != kind || len > UINT32_MAX - 1)
		return AGT_EINVAL;
	if ((data = malloc(len + 1)) == NULL)
		return AGT_ENOMEM;
	if (len > 0)
		memcpy(data, p, len);
	data[len] = '\0';
	if ((v = value_append(rec)) == NULL) {
		free(data);
		return AGT_ENOMEM;
	}
	v->field = (uint8_t)field;
	v->kind = (uint8_t)kind;
	v->owned = 1;
	v->len = (uint32_t)len;
	v->data = data;
	changed(rec);
	return AGT_OK;
}

static void
remove_field(agt_record *rec, int field)
{
	size_t i, j;

	for (i = j = 0; i < rec->n; i++) {
		if (rec->v[i].field == field)
			value_clear(&rec->v[i]);
		else
			rec->v[j++] = rec->v[i];
	}
	rec->n = j;
	changed(rec);
}

int
agt_record_set(agt_record *rec, int field, const char *value)
{
	int kind = agti_field_kind(field);

	if (kind < 0 || (value != NULL && kind != AGTI_K_TEXT))
		return AGT_EINVAL;
	remove_field(rec, field);
	if (value == NULL)
		return AGT_OK;
	return add_bytes(rec, field, AGTI_K_TEXT, value, strlen(value));
}

int
agt_record_set_bytes(agt_record *rec, int field, const void *value, size_t len)
{
	int kind = agti_field_kind(field);

	if (kind != AGTI_K_TEXT && kind != AGTI_K_BYTES)
		return AGT_EINVAL;
	if (value == NULL && len > 0)
		return AGT_EINVAL;
	remove_field(rec, field);
	if (value == NULL)
		return AGT_OK;
	return add_bytes(rec, field, kind, value, len);
}

int
agt_record_add(agt_record *rec, int field, const char *value)
{
	return add_bytes(rec, field, AGTI_K_TEXT, value, strlen(value));
}

int
agt_record_add_child(agt_record *rec, int field, const agt_record *child)
{
	struct agti_value *v;
	agt_record *copy;
	int rc;

	if (agti_field_kind(field) != AGTI_K_NESTED)
		return AGT_EINVAL;
	if ((rc = agt_record_dup(&copy, child)) != AGT_OK)
		return rc;
	if ((v = value_append(rec)) == NULL) {
		agt_record_free(copy);
		return AGT_ENOMEM;
	}
	v->field = (uint8_t)field;
	v->kind = AGTI_K_NESTED;
	v->child = copy;
	changed(rec);
	return AGT_OK;
}

int
agt_record_dup(agt_record **out, const agt_record *rec)
{
	const struct agti_value *v;
	agt_record *r;
	size_t i;
	int rc = AGT_OK;

	if ((rc = agt_record_new(&r, rec->type)) != AGT_OK)
		return rc;
	for (i = 0; i < rec->n && rc == AGT_OK; i++) {
		v = &rec->v[i];
		if (v->kind == AGTI_K_NESTED)
			rc = agt_record_add_child(r, v->field, v->child);
		else
			rc = add_bytes(r, v->field, v->kind, v->data, v->len);
	}
	if (rc != AGT_OK) {
		agt_record_free(r);
		r = NULL;
	}
	*out = r;
	return rc;
}

static const struct agti_value *
nth(const agt_record *rec, int field, size_t n)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->v[i].field == field && n-- == 0)
			return &rec->v[i];
	return NULL;
}

const char *
agt_record_get(const agt_record *rec, int field)
{
	const struct agti_value *v = nth(rec, field, 0);

	return v != NULL ? v->data : NULL;
}

size_t
agt_record_count(const agt_record *rec, int field)
{
	size_t i, n = 0;

	for (i = 0; i < rec->n; i++)
		n += rec->v[i].field == field;
	return n;
}

const char *
agt_record_get_nth(const agt_record *rec, int field, size_t n, size_t *len)
{
	const struct agti_value *v = nth(rec, field, n);

	if (v == NULL || v->data == NULL)
		return NULL;
	if (len != NULL)
		*len = v->len;
	return v->data;
}

const agt_record *
agt_record_child(const agt_record *rec, int field, size_t n)
{
	const struct agti_value *v = nth(rec, field, n);

	return v != NULL ? v->child : NULL;
}

uint64_t
agt_record_seq(const agt_record *rec)
{
	return rec->seq;
}

const unsigned char *
agt_record_hash(const agt_record *rec)
{
	return rec->seq != 0 ? rec->hash : NULL;
}

const unsigned char *
agt_record_prev_hash(const agt_record *rec)
{
	return rec->seq != 0 ? rec->prev : NULL;
}
