/* epcis_xml.c - an EPCIS 2.0 XML document through libxml2's xmlTextWriter. */
#include "epcis_private.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#define W(call) do { if ((call) < 0) return AGT_EIO; } while (0)
#define CBV_BIZSTEP "urn:epcglobal:cbv:bizstep:"
#define CBV_DISP "urn:epcglobal:cbv:disp:"
#define CBV_SDT "urn:epcglobal:cbv:sdt:"

static int
to_out(void *ctx, const char *buf, int len)
{
	return agti_out_put(ctx, buf, (size_t)len) == 0 ? len : -1;
}

static int
elem(xmlTextWriterPtr w, const char *name, const char *text)
{
	if (text == NULL)
		return 0;
	return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST text);
}

static int
elem2(xmlTextWriterPtr w, const char *name, const char *prefix,
    const char *text)
{
	return xmlTextWriterWriteFormatElement(w, BAD_CAST name, "%s%s", prefix,
	    text);
}

static int
xml_begin(struct agti_export *x)
{
	xmlOutputBufferPtr ob;
	xmlTextWriterPtr w;
	char now[32];

	ob = xmlOutputBufferCreateIO(to_out, NULL, &x->out, NULL);
	if (ob == NULL || (w = xmlNewTextWriter(ob)) == NULL)
		return AGT_ENOMEM;
	x->state = w;
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST " ");
	W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
	W(xmlTextWriterStartElementNS(w, BAD_CAST "epcis",
	    BAD_CAST "EPCISDocument", BAD_CAST "urn:epcglobal:epcis:xsd:2"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:cbvmda",
	    BAD_CAST "urn:epcglobal:cbv:mda"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:agt",
	    BAD_CAST AGTI_EPCIS_NS));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "schemaVersion", BAD_CAST "2.0"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "creationDate",
	    BAD_CAST agti_now_utc(now)));
	W(xmlTextWriterStartElement(w, BAD_CAST "EPCISBody"));
	W(xmlTextWriterStartElement(w, BAD_CAST "EventList"));
	return AGT_OK;
}

/* The record as <agt:record type="..."> with <agt:field name="...">. */
static int
xml_record(xmlTextWriterPtr w, const agt_record *rec)
{
	const agt_record *child;
	const char *v;
	char *b64;
	size_t n, i, len;
	int f;

	W(xmlTextWriterStartElement(w, BAD_CAST "agt:record"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "type",
	    BAD_CAST agt_type_name(agt_record_type(rec))));
	for (f = 1; f < AGT_F_LIMIT; f++) {
		n = agt_record_count(rec, f);
		for (i = 0; i < n; i++) {
			W(xmlTextWriterStartElement(w, BAD_CAST "agt:field"));
			W(xmlTextWriterWriteAttribute(w, BAD_CAST "name",
			    BAD_CAST agt_field_name(f)));
			if ((child = agt_record_child(rec, f, i)) != NULL) {
				if (xml_record(w, child) != AGT_OK)
					return AGT_EIO;
			} else if (agt_field_is_binary(f)) {
				v = agt_record_get_nth(rec, f, i, &len);
				if (agt_base64_encode(&b64, v, len) != AGT_OK)
					return AGT_ENOMEM;
				f = xmlTextWriterWriteString(w, BAD_CAST b64) < 0 ?
				    -f : f;
				agt_free(b64);
				if (f < 0)
					return AGT_EIO;
			} else {
				v = agt_record_get_nth(rec, f, i, &len);
				W(xmlTextWriterWriteString(w, BAD_CAST v));
			}
			W(xmlTextWriterEndElement(w));
		}
	}
	W(xmlTextWriterEndElement(w));
	return AGT_OK;
}

static int
xml_quantities(xmlTextWriterPtr w, const struct agti_event *ev)
{
	size_t i;

	if (ev->nq == 0)
		return AGT_OK;
	W(xmlTextWriterStartElement(w, BAD_CAST "quantityList"));
	for (i = 0; i < ev->nq; i++) {
		W(xmlTextWriterStartElement(w, BAD_CAST "quantityElement"));
		W(elem(w, "epcClass", ev->q[i].cls));
		W(elem(w, "quantity", ev->q[i].qty));
		W(elem(w, "uom", ev->q[i].uom));
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndElement(w));
	return AGT_OK;
}

static int
xml_sensors(xmlTextWriterPtr w, const agt_record *rep)
{
	const agt_record *it;
	const char *uom;
	size_t i;
	int open = 0;

	for (i = 0; (it = agt_record_child(rep, AGT_F_ITEM, i)) != NULL; i++) {
		if (!agti_is_number(agt_record_get(it, AGT_F_VALUE)))
			continue;
		if (!open++) {
			W(xmlTextWriterStartElement(w, BAD_CAST "sensorElementList"));
			W(xmlTextWriterStartElement(w, BAD_CAST "sensorElement"));
		}
		W(xmlTextWriterStartElement(w, BAD_CAST "sensorReport"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "type",
		    BAD_CAST "gs1:MassConcentration"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "value",
		    BAD_CAST agt_record_get(it, AGT_F_VALUE)));
		if ((uom = agti_uom_code(agt_record_get(it, AGT_F_UNIT))) != NULL)
			W(xmlTextWriterWriteAttribute(w, BAD_CAST "uom", BAD_CAST uom));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "stringValue",
		    BAD_CAST agt_record_get(it, AGT_F_ANALYTE)));
		W(xmlTextWriterEndElement(w));
	}
	if (open) {
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
	}
	return AGT_OK;
}

static int
xml_ilmd(xmlTextWriterPtr w, const struct agti_event *ev)
{
	if (ev->country == NULL && ev->harvest == NULL && ev->expires == NULL &&
	    ev->lotno == NULL)
		return AGT_OK;
	W(xmlTextWriterStartElement(w, BAD_CAST "ilmd"));
	W(elem(w, "cbvmda:countryOfOrigin", ev->country));
	W(elem(w, "cbvmda:harvestStartDate", ev->harvest));
	W(elem(w, "cbvmda:harvestEndDate", ev->harvest));
	W(elem(w, "cbvmda:itemExpirationDate", ev->expires));
	W(elem(w, "cbvmda:lotNumber", ev->lotno));
	W(xmlTextWriterEndElement(w));
	return AGT_OK;
}

static int
xml_event(xmlTextWriterPtr w, const struct agti_event *ev)
{
	int rc;

	W(xmlTextWriterStartElement(w, BAD_CAST "ObjectEvent"));
	W(elem(w, "eventTime", ev->time));
	W(elem(w, "eventTimeZoneOffset", "+00:00"));
	W(elem(w, "certificationInfo", ev->cert));
	W(elem(w, "action", ev->action));
	W(elem2(w, "bizStep", CBV_BIZSTEP, ev->bizstep));
	W(elem2(w, "disposition", CBV_DISP, ev->disp));
	if ((rc = xml_quantities(w, ev)) != AGT_OK)
		return rc;
	if (ev->dst) {
		W(xmlTextWriterStartElement(w, BAD_CAST "destinationList"));
		W(xmlTextWriterStartElement(w, BAD_CAST "destination"));
		W(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "type", "%s%s",
		    CBV_SDT, ev->dst_type));
		W(xmlTextWriterWriteString(w, BAD_CAST ev->dst));
		W(xmlTextWriterEndElement(w));
		W(xmlTextWriterEndElement(w));
	}
	if (ev->sensors && (rc = xml_sensors(w, ev->rec)) != AGT_OK)
		return rc;
	if (ev->pset || ev->punset) {
		W(xmlTextWriterStartElement(w, BAD_CAST "persistentDisposition"));
		if (ev->punset)
			W(elem2(w, "unset", CBV_DISP, ev->punset));
		if (ev->pset)
			W(elem2(w, "set", CBV_DISP, ev->pset));
		W(xmlTextWriterEndElement(w));
	}
	if ((rc = xml_ilmd(w, ev)) != AGT_OK ||
	    (rc = xml_record(w, ev->rec)) != AGT_OK)
		return rc;
	W(xmlTextWriterEndElement(w));
	return AGT_OK;
}

static int
xml_emit(struct agti_export *x, const agt_record *rec)
{
	struct agti_event ev;
	int rc;

	if ((rc = agti_event_build(&ev, x->txn, rec)) == AGT_OK)
		rc = xml_event(x->state, &ev);
	agti_event_clear(&ev);
	return rc;
}

static int
xml_lot(struct agti_export *x, const agt_record *lot)
{
	return agti_epcis_lot(x, lot, xml_emit);
}

static int
xml_end(struct agti_export *x)
{
	int rc = agti_epcis_tail(x, xml_emit);

	if (rc != AGT_OK)
		return rc;
	W(xmlTextWriterEndDocument(x->state));
	W(xmlTextWriterFlush(x->state));
	return AGT_OK;
}

static void
xml_cleanup(struct agti_export *x)
{
	if (x->state)
		xmlFreeTextWriter(x->state);
	x->state = NULL;
}

const struct agti_writer agti_epcis_xml_writer = {
	xml_begin, xml_lot, xml_end, xml_cleanup
};
