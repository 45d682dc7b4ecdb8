/*
 * batch_map.c - batch elements and attributes <-> record fields, both ways.
 * One table drives reading (import, sign) and writing (export, gen-batch),
 * so the two cannot drift apart.
 */
#include "batch_private.h"
#include "recall_private.h"
#include "record_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct attr {
	const char *name;
	int field;
};

/* A child element: text, base64 bytes, or a nested record of attributes. */
enum { CHILD_TEXT, CHILD_BYTES, CHILD_NESTED };

struct child {
	const char *name;
	int field;
	int kind;
	int nested_type;
	const struct attr *attrs;
};

struct element {
	const char *name;
	int type;
	const struct attr *attrs;
	const struct child *children;
};

static const struct attr category_attrs[] = {
	{ "code", AGT_F_ID }, { "group", AGT_F_GROUP }, { "name", AGT_F_NAME },
	{ "name-zh", AGT_F_NAME_ZH }, { NULL, 0 }
};
static const struct attr supplier_attrs[] = {
	{ "id", AGT_F_ID }, { "name", AGT_F_NAME }, { "region", AGT_F_REGION },
	{ "licence", AGT_F_LICENCE }, { "contact", AGT_F_CONTACT }, { NULL, 0 }
};
static const struct attr agency_attrs[] = {
	{ "id", AGT_F_ID }, { "name", AGT_F_NAME },
	{ "accreditation", AGT_F_ACCREDITATION }, { NULL, 0 }
};
static const struct attr salespoint_attrs[] = {
	{ "id", AGT_F_ID }, { "name", AGT_F_NAME },
	{ "address", AGT_F_ADDRESS }, { NULL, 0 }
};
static const struct attr lot_attrs[] = {
	{ "gtin", AGT_F_GTIN }, { "lot", AGT_F_LOT },
	{ "supplier", AGT_F_SUPPLIER }, { "category", AGT_F_CATEGORY },
	{ "product", AGT_F_PRODUCT }, { "origin-country", AGT_F_ORIGIN_COUNTRY },
	{ "origin-place", AGT_F_ORIGIN_PLACE }, { "harvested", AGT_F_HARVESTED },
	{ "produced", AGT_F_PRODUCED }, { "packed", AGT_F_PACKED },
	{ "expires", AGT_F_EXPIRES }, { "quantity", AGT_F_QUANTITY },
	{ "unit", AGT_F_UNIT }, { NULL, 0 }
};
static const struct attr report_attrs[] = {
	{ "number", AGT_F_ID }, { "agency", AGT_F_AGENCY },
	{ "sampled", AGT_F_SAMPLED }, { "issued", AGT_F_ISSUED },
	{ "verdict", AGT_F_VERDICT }, { "supersedes", AGT_F_SUPERSEDES },
	{ NULL, 0 }
};
static const struct attr lotref_attrs[] = {
	{ "gtin", AGT_F_GTIN }, { "lot", AGT_F_LOT }, { NULL, 0 }
};
static const struct attr item_attrs[] = {
	{ "analyte", AGT_F_ANALYTE }, { "method", AGT_F_METHOD },
	{ "value", AGT_F_VALUE }, { "unit", AGT_F_UNIT },
	{ "limit", AGT_F_ITEM_LIMIT }, { "verdict", AGT_F_VERDICT }, { NULL, 0 }
};
static const struct attr shipment_attrs[] = {
	{ "gtin", AGT_F_GTIN }, { "lot", AGT_F_LOT },
	{ "sales-point", AGT_F_SALESPOINT }, { "shipped", AGT_F_SHIPPED },
	{ "quantity", AGT_F_QUANTITY }, { "unit", AGT_F_UNIT }, { NULL, 0 }
};

/* Recall module: the key (AGT_F_ID) is SCOPE:TARGET, set on reading. */
static const struct attr hold_attrs[] = {
	{ "scope", AGT_F_SCOPE }, { "target", AGT_F_TARGET },
	{ "reason", AGT_F_REASON }, { "issuer", AGT_F_ISSUER },
	{ "time", AGT_F_TIME }, { NULL, 0 }
};

static const struct child no_children[] = { { NULL, 0, 0, 0, NULL } };
static const struct child supplier_children[] = {
	{ "certification", AGT_F_CERTIFICATION, CHILD_TEXT, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};
static const struct child agency_children[] = {
	{ "public-key", AGT_F_PUBKEY, CHILD_BYTES, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};
static const struct child lot_children[] = {
	{ "alias", AGT_F_ALIAS, CHILD_TEXT, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};
/* Schema order: lots, items, signature. */
static const struct child report_children[] = {
	{ "lot", AGT_F_LOTREF, CHILD_NESTED, AGT_T_LOTREF, lotref_attrs },
	{ "item", AGT_F_ITEM, CHILD_NESTED, AGT_T_ITEM, item_attrs },
	{ "signature", AGT_F_SIGNATURE, CHILD_BYTES, 0, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct element elements[] = {
	{ "category", AGT_T_CATEGORY, category_attrs, no_children },
	{ "supplier", AGT_T_SUPPLIER, supplier_attrs, supplier_children },
	{ "agency", AGT_T_AGENCY, agency_attrs, agency_children },
	{ "sales-point", AGT_T_SALESPOINT, salespoint_attrs, no_children },
	{ "lot", AGT_T_LOT, lot_attrs, lot_children },
	{ "report", AGT_T_REPORT, report_attrs, report_children },
	{ "shipment", AGT_T_SHIPMENT, shipment_attrs, no_children },
	{ "recall", AGT_T_RECALL, hold_attrs, no_children },
	{ "release", AGT_T_RELEASE, hold_attrs, no_children },
	{ NULL, 0, NULL, NULL }
};

static const struct element *
element_by_name(const char *name)
{
	const struct element *e;

	for (e = elements; e->name != NULL; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

static const struct element *
element_by_type(int type)
{
	const struct element *e;

	for (e = elements; e->name != NULL; e++)
		if (e->type == type)
			return e;
	return NULL;
}

int
agti_batch_type(const char *name)
{
	const struct element *e = element_by_name(name);

	return e != NULL ? e->type : 0;
}

/* ---- reading ---------------------------------------------------------- */

/*
 * Reading gathers a record's values as pointers into the flat element,
 * then copies them into the record in one allocation
 * (agti_record_build): imports build hundreds of thousands of records,
 * and a malloc per field was a fifth of the reading thread's time.
 */
struct gather {
	struct agti_vref *v;
	size_t n, cap;
	void **frees;           /* decoded bytes to free once built */
	size_t nfrees, capfrees;
	struct agti_vref v0[32];
	void *frees0[4];
};

static void
gather_init(struct gather *g)
{
	g->v = g->v0;
	g->cap = sizeof g->v0 / sizeof *g->v0;
	g->frees = g->frees0;
	g->capfrees = sizeof g->frees0 / sizeof *g->frees0;
	g->n = g->nfrees = 0;
}

static void
gather_free(struct gather *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		agt_record_free(g->v[i].child);
	for (i = 0; i < g->nfrees; i++)
		free(g->frees[i]);
	if (g->v != g->v0)
		free(g->v);
	if (g->frees != g->frees0)
		free(g->frees);
}

/* Grow the array *P of *CAP elements of SIZE (its first storage FIRST). */
static int
grow(void **p, size_t *cap, size_t size, void *first)
{
	void *q;

	if ((q = malloc(2 * *cap * size)) == NULL)
		return AGT_ENOMEM;
	memcpy(q, *p, *cap * size);
	if (*p != first)
		free(*p);
	*p = q;
	*cap *= 2;
	return AGT_OK;
}

/* Keep P (malloc'd) until the record is built. */
static int
gather_keep(struct gather *g, void *p)
{
	if (g->nfrees == g->capfrees &&
	    grow((void **)&g->frees, &g->capfrees, sizeof *g->frees,
	    g->frees0) != AGT_OK) {
		free(p);
		return AGT_ENOMEM;
	}
	g->frees[g->nfrees++] = p;
	return AGT_OK;
}

static int
gather_add(struct gather *g, int field, int kind, const void *data,
    size_t len, agt_record *child)
{
	struct agti_vref *v;

	if (g->n == g->cap && grow((void **)&g->v, &g->cap, sizeof *g->v,
	    g->v0) != AGT_OK) {
		agt_record_free(child);
		return AGT_ENOMEM;
	}
	v = &g->v[g->n++];
	v->field = field;
	v->kind = kind;
	v->data = data;
	v->len = len;
	v->child = child;
	return AGT_OK;
}

/* The map's entry for attribute NAME: most of the time the next one. */
static const struct attr *
attr_find(const struct attr *map, const struct attr **hint, const char *name)
{
	const struct attr *a;

	if (*hint != NULL && (*hint)->name != NULL &&
	    strcmp((*hint)->name, name) == 0)
		return (*hint)++;
	for (a = map; a->name != NULL; a++)
		if (strcmp(a->name, name) == 0) {
			*hint = a + 1;
			return a;
		}
	return NULL;
}

static int
set_attrs(struct gather *g, const struct agti_flat *f,
    const struct agti_flat_el *el, const struct attr *map)
{
	const struct agti_flat_attr *p;
	const struct attr *a, *hint = map;
	size_t i;
	int rc;

	for (i = 0; i < el->nattrs; i++) { /* F's attrs may be NULL */
		p = &f->attrs[el->attr0 + i];
		if ((a = attr_find(map, &hint, p->name)) == NULL)
			continue; /* the schema says which attributes exist */
		if ((rc = gather_add(g, a->field, AGTI_K_TEXT, f->buf + p->value,
		    p->len, NULL)) != AGT_OK)
			return rc;
	}
	return AGT_OK;
}

static int
add_bytes(struct gather *g, const struct child *c, const char *text,
    char *why, size_t whylen)
{
	unsigned char *bin;
	size_t len;

	if (agt_base64_decode(&bin, &len, text) != AGT_OK) {
		snprintf(why, whylen, "%s: bad base64", c->name);
		return AGT_EFORMAT;
	}
	if ((c->field == AGT_F_PUBKEY && len != AGT_PUBKEY_LEN) ||
	    (c->field == AGT_F_SIGNATURE && len != AGT_SIG_LEN)) {
		agt_free(bin);
		snprintf(why, whylen, "%s: %zu bytes, an Ed25519 %s has %d",
		    c->name, len, c->name,
		    c->field == AGT_F_PUBKEY ? AGT_PUBKEY_LEN : AGT_SIG_LEN);
		return AGT_EINVAL;
	}
	if (gather_keep(g, bin) != AGT_OK)
		return AGT_ENOMEM;
	return gather_add(g, c->field, AGTI_K_BYTES, bin, len, NULL);
}

static int build(agt_record **out, int type, const struct attr *attrs,
    const struct element *e, const struct agti_flat *f, size_t el,
    char *why, size_t whylen);

static int
add_child(struct gather *g, const struct child *c, const struct agti_flat *f,
    size_t el, char *why, size_t whylen)
{
	const char *text = f->buf + f->el[el].text;
	agt_record *sub;
	int rc;

	if (c->kind == CHILD_NESTED) {
		if ((rc = build(&sub, c->nested_type, c->attrs, NULL, f, el,
		    why, whylen)) != AGT_OK)
			return rc;
		return gather_add(g, c->field, AGTI_K_NESTED, NULL, 0, sub);
	}
	if (c->kind == CHILD_BYTES)
		return add_bytes(g, c, text, why, whylen);
	return gather_add(g, c->field, AGTI_K_TEXT, text, f->el[el].textlen,
	    NULL);
}

static int
add_children(struct gather *g, const struct element *e,
    const struct agti_flat *f, char *why, size_t whylen)
{
	const struct child *c;
	size_t i;
	int rc;

	for (i = 1; i < f->nel; i++) {
		for (c = e->children; c->name != NULL; c++)
			if (strcmp(c->name, f->el[i].name) == 0)
				break;
		if (c->name == NULL) {
			snprintf(why, whylen, "%s: unexpected element %s",
			    e->name, f->el[i].name);
			return AGT_EFORMAT;
		}
		if ((rc = add_child(g, c, f, i, why, whylen)) != AGT_OK)
			return rc;
	}
	return AGT_OK;
}

/* The record of TYPE for element EL of F: ATTRS, and when E is set, E's
 * children (the elements after the first). */
static int
build(agt_record **out, int type, const struct attr *attrs,
    const struct element *e, const struct agti_flat *f, size_t el,
    char *why, size_t whylen)
{
	struct gather g;
	int rc;

	*out = NULL;
	gather_init(&g);
	if ((rc = set_attrs(&g, f, &f->el[el], attrs)) == AGT_OK &&
	    (e == NULL ||
	    (rc = add_children(&g, e, f, why, whylen)) == AGT_OK)) {
		rc = agti_record_build(out, type, g.v, g.n);
		g.n = 0; /* the record took the children */
		if (rc != AGT_OK)
			snprintf(why, whylen, "%s", agt_strerror(rc));
	} else if (rc == AGT_ENOMEM && why[0] == '\0') {
		snprintf(why, whylen, "%s", agt_strerror(rc));
	}
	gather_free(&g);
	return rc;
}

int
agti_batch_record_flat(agt_record **out, const struct agti_flat *f,
    char *why, size_t whylen)
{
	const struct element *e;
	int rc;

	*out = NULL;
	if (whylen > 0)
		why[0] = '\0';
	if ((e = element_by_name(f->el[0].name)) == NULL) {
		snprintf(why, whylen, "unknown element %s", f->el[0].name);
		return AGT_EFORMAT;
	}
	if ((rc = build(out, e->type, e->attrs, e, f, 0, why,
	    whylen)) != AGT_OK)
		return rc;
	if ((rc = agti_recall_set_id(*out)) != AGT_OK) {
		agt_record_free(*out);
		*out = NULL;
		snprintf(why, whylen, "%s", agt_strerror(rc));
	}
	return rc;
}

int
agti_batch_record(agt_record **out, xmlNode *node, char *why, size_t whylen)
{
	struct agti_flat f;
	int rc;

	*out = NULL;
	memset(&f, 0, sizeof f);
	if ((rc = agti_flat_node(&f, node)) == AGT_OK)
		rc = agti_batch_record_flat(out, &f, why, whylen);
	else
		snprintf(why, whylen, "%s", agt_strerror(rc));
	agti_flat_free(&f);
	return rc;
}

/* ---- writing ---------------------------------------------------------- */

#define W(call) do { if ((call) < 0) return AGT_EIO; } while (0)

static int
write_attrs(xmlTextWriterPtr w, const agt_record *rec, const struct attr *map)
{
	const struct attr *a;
	const char *v;

	for (a = map; a->name != NULL; a++)
		if ((v = agt_record_get(rec, a->field)) != NULL)
			W(xmlTextWriterWriteAttribute(w, BAD_CAST a->name,
			    BAD_CAST v));
	return AGT_OK;
}

static int
write_bytes(xmlTextWriterPtr w, const char *name, const char *v, size_t len)
{
	char *b64;
	int rc;

	if ((rc = agt_base64_encode(&b64, v, len)) != AGT_OK)
		return rc;
	rc = xmlTextWriterStartElement(w, BAD_CAST name) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "alg",
		BAD_CAST "ed25519") < 0 ||
	    xmlTextWriterWriteString(w, BAD_CAST b64) < 0 ||
	    xmlTextWriterEndElement(w) < 0 ? AGT_EIO : AGT_OK;
	agt_free(b64);
	return rc;
}

static int
write_child(xmlTextWriterPtr w, const agt_record *rec, const struct child *c,
    size_t i)
{
	const agt_record *sub;
	const char *v;
	size_t len;
	int rc;

	if (c->kind == CHILD_NESTED) {
		if ((sub = agt_record_child(rec, c->field, i)) == NULL)
			return AGT_OK;
		W(xmlTextWriterStartElement(w, BAD_CAST c->name));
		if ((rc = write_attrs(w, sub, c->attrs)) != AGT_OK)
			return rc;
		W(xmlTextWriterEndElement(w));
		return AGT_OK;
	}
	if ((v = agt_record_get_nth(rec, c->field, i, &len)) == NULL)
		return AGT_OK;
	if (c->kind == CHILD_BYTES)
		return write_bytes(w, c->name, v, len);
	W(xmlTextWriterWriteElement(w, BAD_CAST c->name, BAD_CAST v));
	return AGT_OK;
}

int
agti_batch_write_record(xmlTextWriterPtr w, const agt_record *rec)
{
	const struct element *e;
	const struct child *c;
	size_t i, n;
	int rc;

	if ((e = element_by_type(agt_record_type(rec))) == NULL)
		return AGT_EINVAL;
	W(xmlTextWriterStartElement(w, BAD_CAST e->name));
	if ((rc = write_attrs(w, rec, e->attrs)) != AGT_OK)
		return rc;
	for (c = e->children; c->name != NULL; c++) {
		n = agt_record_count(rec, c->field);
		for (i = 0; i < n; i++)
			if ((rc = write_child(w, rec, c, i)) != AGT_OK)
				return rc;
	}
	W(xmlTextWriterEndElement(w));
	return AGT_OK;
}

int
agti_batch_write_start(xmlTextWriterPtr w, const char *created)
{
	W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
	W(xmlTextWriterStartElementNS(w, NULL, BAD_CAST "batch",
	    BAD_CAST AGTI_BATCH_NS));
	if (created != NULL)
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "created",
		    BAD_CAST created));
	return AGT_OK;
}

int
agti_batch_write_end(xmlTextWriterPtr w)
{
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndDocument(w));
	W(xmlTextWriterFlush(w));
	return AGT_OK;
}
