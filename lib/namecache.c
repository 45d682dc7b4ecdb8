/* namecache.c - descriptions of suppliers, sales points and categories,
 * fetched once per export: a register has a few hundred of each. */
#include "recall_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	char *key, *val;
};

static uint32_t
fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int
grow(struct agti_names *c)
{
	size_t n = c->cap ? c->cap * 2 : 256, i, j;
	struct slot *ns = calloc(n, sizeof(*ns));

	if (ns == NULL)
		return AGT_ENOMEM;
	for (i = 0; i < c->cap; i++) {
		if (c->slots[i].key == NULL)
			continue;
		for (j = fnv1a(c->slots[i].key) & (n - 1); ns[j].key;
		    j = (j + 1) & (n - 1))
			;
		ns[j] = c->slots[i];
	}
	free(c->slots);
	c->slots = ns;
	c->cap = n;
	return AGT_OK;
}

/* "A, B, C" of the present values of FIELDS (0-terminated) of REC. */
static char *
join_fields(const agt_record *rec, const int *fields)
{
	size_t len = 1;
	const int *f;
	char *out;

	for (f = fields; *f; f++)
		if (agt_record_get(rec, *f))
			len += strlen(agt_record_get(rec, *f)) + 2;
	if ((out = malloc(len)) == NULL)
		return NULL;
	*out = '\0';
	for (f = fields; *f; f++) {
		const char *v = agt_record_get(rec, *f);
		if (v == NULL || *v == '\0')
			continue;
		if (*out)
			strcat(out, ", ");
		strcat(out, v);
	}
	return out;
}

const char *
agti_names_get(struct agti_names *c, agt_txn *txn, const char *key)
{
	agt_record *rec = NULL;
	size_t i;
	int rc;

	if (key == NULL)
		return NULL;
	if (c->cap == 0 || c->n * 2 >= c->cap)
		if (grow(c) != AGT_OK)
			return NULL;
	for (i = fnv1a(key) & (c->cap - 1); c->slots[i].key;
	    i = (i + 1) & (c->cap - 1))
		if (strcmp(c->slots[i].key, key) == 0)
			return c->slots[i].val;
	rc = agt_get(&rec, txn, c->type, key);
	c->slots[i].key = strdup(key);
	c->slots[i].val = rc == AGT_OK ? join_fields(rec, c->fields) : strdup("");
	agt_record_free(rec);
	if (c->slots[i].key == NULL || c->slots[i].val == NULL)
		return NULL;
	c->n++;
	return c->slots[i].val;
}

void
agti_names_free(struct agti_names *c)
{
	size_t i;

	for (i = 0; i < c->cap; i++) {
		free(c->slots[i].key);
		free(c->slots[i].val);
	}
	free(c->slots);
	c->slots = NULL;
	c->cap = c->n = 0;
}
