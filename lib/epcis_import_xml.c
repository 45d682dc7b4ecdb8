/*
 * epcis_import_xml.c - read EPCIS 2.0 XML with libxml2's reader: each event
 * is expanded on its own and dropped, so memory stays flat.  No DTD is
 * loaded, no entity is substituted, nothing is fetched.
 */
#include "epcis_import.h"

#include <stdio.h>
#include <string.h>

#include <libxml/xmlreader.h>

static const char *const event_names[] = { "ObjectEvent", "AggregationEvent",
	"TransactionEvent", "TransformationEvent", "AssociationEvent", NULL };

static const char *
event_type(const xmlChar *name)
{
	int i;

	for (i = 0; event_names[i]; i++)
		if (xmlStrEqual(name, BAD_CAST event_names[i]))
			return event_names[i];
	return NULL;
}

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

static int
in_agt(const xmlNode *n)
{
	return n->ns && xmlStrEqual(n->ns->href, BAD_CAST AGTI_EPCIS_NS);
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (is(n, name) && !in_agt(n))
			return n;
	return NULL;
}

/* The trimmed text of N in a fresh string (xmlFree), or NULL. */
static char *
text(const xmlNode *n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	char *s = (char *)t, *e;

	if (t == NULL)
		return NULL;
	s += strspn(s, " \t\r\n");
	memmove(t, s, strlen(s) + 1);
	for (e = (char *)t + strlen((char *)t); e > (char *)t &&
	    strchr(" \t\r\n", e[-1]); e--)
		e[-1] = '\0';
	return (char *)t;
}

static char *
dupx(char *x)
{
	char *s = x ? strdup(x) : NULL;

	xmlFree(x);
	return s;
}

static int xml_record(const xmlNode *n, agt_record **out);

/* <agt:field name="...">text or <agt:record></agt:field> */
static int
xml_field(agt_record *rec, const xmlNode *f)
{
	xmlChar *name = xmlGetProp(f, BAD_CAST "name");
	const xmlNode *c;
	agt_record *nested = NULL;
	char *t = NULL;
	int rc;

	for (c = f->children; c && !(is(c, "record") && in_agt(c)); c = c->next)
		;
	if (name == NULL)
		rc = AGT_EFORMAT;
	else if (c != NULL) {
		if ((rc = xml_record(c, &nested)) == AGT_OK)
			rc = agti_ext_field(rec, (char *)name, NULL, nested);
	} else {
		t = (char *)xmlNodeGetContent(f);
		rc = agti_ext_field(rec, (char *)name, t ? t : "", NULL);
	}
	agt_record_free(nested);
	xmlFree(t);
	xmlFree(name);
	return rc;
}

static int
xml_record(const xmlNode *n, agt_record **out)
{
	xmlChar *type = xmlGetProp(n, BAD_CAST "type");
	int t = type ? agt_type_from_name((char *)type) : 0, rc;
	const xmlNode *f;

	xmlFree(type);
	*out = NULL;
	if (t == 0)
		return AGT_EFORMAT;
	if ((rc = agt_record_new(out, t)) != AGT_OK)
		return rc;
	for (f = n->children; rc == AGT_OK && f; f = f->next)
		if (is(f, "field") && in_agt(f))
			rc = xml_field(*out, f);
	if (rc != AGT_OK) {
		agt_record_free(*out);
		*out = NULL;
	}
	return rc;
}

static int
view_quantities(struct agti_view *v, const xmlNode *ev)
{
	const xmlNode *q;
	char *cls, *qty, *uom;
	int rc = AGT_OK;

	for (q = child(ev, "quantityList"), q = q ? q->children : NULL;
	    rc == AGT_OK && q; q = q->next) {
		if (!is(q, "quantityElement"))
			continue;
		cls = text(child(q, "epcClass"));
		qty = text(child(q, "quantity"));
		uom = text(child(q, "uom"));
		rc = cls ? agti_view_add_qty(v, cls, qty, uom) : AGT_OK;
		xmlFree(cls);
		xmlFree(qty);
		xmlFree(uom);
	}
	return rc;
}

static char *
destination(const xmlNode *ev)
{
	const xmlNode *d;
	xmlChar *type;
	int loc;

	for (d = child(ev, "destinationList"), d = d ? d->children : NULL; d;
	    d = d->next) {
		if (!is(d, "destination"))
			continue;
		type = xmlGetProp(d, BAD_CAST "type");
		loc = type && strcmp(agti_cbv_bare((char *)type), "location") == 0;
		xmlFree(type);
		if (loc)
			return dupx(text(d));
	}
	return NULL;
}

static int
view_event(struct agti_view *v, const xmlNode *ev, const char *type)
{
	const xmlNode *n;
	char *bs;

	memset(v, 0, sizeof(*v));
	v->type = type;
	bs = text(child(ev, "bizStep"));
	v->bizstep = bs ? strdup(agti_cbv_bare(bs)) : NULL;
	xmlFree(bs);
	v->time = dupx(text(child(ev, "eventTime")));
	v->dest = destination(ev);
	v->bizloc = dupx(text(child(child(ev, "bizLocation"), "id")));
	for (n = ev->children; n; n = n->next)
		if (is(n, "record") && in_agt(n))
			return xml_record(n, &v->rec);
	return view_quantities(v, ev);
}

static int
xml_error(struct agti_imp *im, xmlTextReaderPtr r, const char *what)
{
	const xmlError *e = xmlGetLastError();

	return agti_error(agt_txn_db(im->txn), AGT_EFORMAT, "%s:%d: %s%s%s",
	    im->path, r ? xmlTextReaderGetParserLineNumber(r) : 0, what,
	    e && e->message ? ": " : "", e && e->message ? e->message : "");
}

static int
root_ok(xmlTextReaderPtr r)
{
	const xmlChar *name = xmlTextReaderConstLocalName(r);

	return xmlStrEqual(name, BAD_CAST "EPCISDocument") ||
	    xmlStrEqual(name, BAD_CAST "EPCISQueryDocument");
}

/* Master data and capture jobs are EPCIS but hold no events. */
static int
other_root(struct agti_imp *im, xmlTextReaderPtr r)
{
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
	const char *name = (const char *)xmlTextReaderConstLocalName(r);

	if (ns == NULL || xmlStrncmp(ns, BAD_CAST "urn:epcglobal:epcis", 19) != 0)
		return agti_error(agt_txn_db(im->txn), AGT_EFORMAT,
		    "%s: not an EPCIS 2.0 document", im->path);
	im->st->events++;
	agti_import_skip(im, name, "document type outside the agtrace model", NULL);
	return AGT_OK;
}

static int
one_event(struct agti_imp *im, xmlTextReaderPtr r, const char *type)
{
	struct agti_view v;
	xmlNodePtr node;
	int rc;

	if ((node = xmlTextReaderExpand(r)) == NULL)
		return xml_error(im, r, "malformed event");
	if ((rc = view_event(&v, node, type)) == AGT_EFORMAT)
		rc = agti_error(agt_txn_db(im->txn), rc,
		    "%s:%d: malformed agtrace record", im->path,
		    xmlTextReaderGetParserLineNumber(r));
	else if (rc == AGT_OK)
		rc = agti_import_event(im, &v);
	agti_view_clear(&v);
	return rc;
}

/*
 * GS1's own examples carry a bare <!DOCTYPE project>, which is harmless;
 * a DOCTYPE that declares anything (an internal subset: entities, billion
 * laughs) or names an external DTD (XXE) is not.  Read from the prolog
 * before parsing, so the reader never has to keep the document.
 */
static int
has_declarations(const struct agti_imp *im)
{
	char buf[8192], *d, *end;
	size_t n = im->memlen < sizeof(buf) - 1 ? im->memlen : sizeof(buf) - 1;

	memcpy(buf, im->mem, n);
	buf[n] = '\0';
	if ((d = strstr(buf, "<!DOCTYPE")) == NULL)
		return 0;
	if ((end = strpbrk(d, "[>")) == NULL || *end == '[')
		return 1;
	*end = '\0';
	return strstr(d, "SYSTEM") != NULL || strstr(d, "PUBLIC") != NULL;
}

static int
each_event(struct agti_imp *im, xmlTextReaderPtr r)
{
	const char *type;
	int ret, rc = AGT_OK, seen_root = 0;

	ret = xmlTextReaderRead(r);
	while (rc == AGT_OK && ret == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (!seen_root++ && !root_ok(r))
			return other_root(im, r);
		if ((type = event_type(xmlTextReaderConstLocalName(r))) == NULL) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		if ((rc = one_event(im, r, type)) == AGT_OK)
			ret = xmlTextReaderNext(r);
	}
	if (rc == AGT_OK && ret < 0)
		return xml_error(im, r, "not well-formed");
	return rc;
}

int
agti_epcis_import_xml(struct agti_imp *im)
{
	xmlTextReaderPtr r;
	int rc;

	if (has_declarations(im))
		return agti_error(agt_txn_db(im->txn), AGT_EFORMAT, "%s: a DOCTYPE "
		    "with declarations or an external DTD is refused", im->path);
	/* MEMLEN is at most AGTI_EPCIS_MAX, far below INT_MAX. */
	r = xmlReaderForMemory(im->mem, (int)im->memlen, im->path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (r == NULL)
		return xml_error(im, NULL, "cannot read");
	rc = each_event(im, r);
	xmlFreeTextReader(r);
	return rc;
}
