/* epcis_import_json.c - read EPCIS 2.0 JSON-LD documents with jansson. */
#include "epcis_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static char *
sdup(json_t *v)
{
	return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static int json_rec(json_t *o, agt_record **out);

static int
json_field(agt_record *rec, json_t *pair)
{
	json_t *name = json_array_get(pair, 0), *val = json_array_get(pair, 1);
	agt_record *nested = NULL;
	int rc;

	if (!json_is_string(name) || json_array_size(pair) != 2)
		return AGT_EFORMAT;
	if (json_is_object(val)) {
		if ((rc = json_rec(val, &nested)) == AGT_OK)
			rc = agti_ext_field(rec, json_string_value(name), NULL, nested);
		agt_record_free(nested);
		return rc;
	}
	if (!json_is_string(val))
		return AGT_EFORMAT;
	return agti_ext_field(rec, json_string_value(name),
	    json_string_value(val), NULL);
}

static int
json_rec(json_t *o, agt_record **out)
{
	json_t *type = json_object_get(o, "type");
	json_t *fields = json_object_get(o, "fields");
	int t = json_is_string(type) ? agt_type_from_name(json_string_value(type)) : 0;
	size_t i;
	int rc;

	*out = NULL;
	if (t == 0 || !json_is_array(fields))
		return AGT_EFORMAT;
	if ((rc = agt_record_new(out, t)) != AGT_OK)
		return rc;
	for (i = 0; rc == AGT_OK && i < json_array_size(fields); i++)
		rc = json_field(*out, json_array_get(fields, i));
	if (rc != AGT_OK) {
		agt_record_free(*out);
		*out = NULL;
	}
	return rc;
}

/* A JSON number as short decimal text. */
static void
number_text(json_t *n, char *buf, size_t size)
{
	double d = json_number_value(n);

	if (json_is_integer(n))
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(n));
	else
		snprintf(buf, size, "%.15g", d);
}

static int
view_quantities(struct agti_view *v, json_t *list)
{
	json_t *q, *qty;
	char num[64];
	size_t i;
	int rc = AGT_OK;

	json_array_foreach(list, i, q) {
		if (!json_is_string(json_object_get(q, "epcClass")))
			continue;
		qty = json_object_get(q, "quantity");
		if (json_is_number(qty))
			number_text(qty, num, sizeof(num));
		rc = agti_view_add_qty(v, json_string_value(json_object_get(q,
		    "epcClass")), json_is_number(qty) ? num : NULL,
		    json_string_value(json_object_get(q, "uom")));
		if (rc != AGT_OK)
			break;
	}
	return rc;
}

static char *
destination(json_t *list)
{
	json_t *d;
	size_t i;

	json_array_foreach(list, i, d) {
		const char *type = json_string_value(json_object_get(d, "type"));
		if (type && strcmp(agti_cbv_bare(type), "location") == 0)
			return sdup(json_object_get(d, "destination"));
	}
	return NULL;
}

static int
view_event(struct agti_view *v, json_t *ev)
{
	static const char *const types[] = { "ObjectEvent", "AggregationEvent",
	    "TransactionEvent", "TransformationEvent", "AssociationEvent" };
	const char *type = json_string_value(json_object_get(ev, "type"));
	const char *bs = json_string_value(json_object_get(ev, "bizStep"));
	json_t *rec = json_object_get(ev, "agt:record");
	size_t i;

	memset(v, 0, sizeof(*v));
	v->type = "extension event";
	for (i = 0; type && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(type, types[i]) == 0)
			v->type = types[i];
	v->bizstep = bs ? strdup(agti_cbv_bare(bs)) : NULL;
	v->time = sdup(json_object_get(ev, "eventTime"));
	v->dest = destination(json_object_get(ev, "destinationList"));
	v->bizloc = sdup(json_object_get(json_object_get(ev, "bizLocation"), "id"));
	if (json_is_object(rec))
		return json_rec(rec, &v->rec);
	return view_quantities(v, json_object_get(ev, "quantityList"));
}

static json_t *
event_list(json_t *doc)
{
	json_t *body = json_object_get(doc, "epcisBody");
	json_t *list = json_object_get(body, "eventList");

	if (list == NULL)
		list = json_object_get(json_object_get(json_object_get(body,
		    "queryResults"), "resultsBody"), "eventList");
	return list;
}

int
agti_epcis_import_json(struct agti_imp *im)
{
	agt_db *db = agt_txn_db(im->txn);
	struct agti_view v;
	json_error_t err;
	json_t *doc, *list, *ev;
	const char *type;
	size_t i;
	int rc = AGT_OK;

	doc = json_loadb(im->mem, im->memlen, 0, &err);
	if (doc == NULL)
		return agti_error(db, AGT_EFORMAT, "%s:%d:%d: %s", im->path,
		    err.line, err.column, err.text);
	type = json_string_value(json_object_get(doc, "type"));
	list = event_list(doc);
	if (type == NULL || (strcmp(type, "EPCISDocument") != 0 &&
	    strcmp(type, "EPCISQueryDocument") != 0))
		rc = agti_error(db, AGT_EFORMAT, "%s: not an EPCIS 2.0 document",
		    im->path);
	json_array_foreach(list, i, ev) {
		if (rc != AGT_OK)
			break;
		if ((rc = view_event(&v, ev)) == AGT_EFORMAT)
			rc = agti_error(db, rc, "%s: event %zu: malformed agtrace "
			    "record", im->path, i + 1);
		else if (rc == AGT_OK)
			rc = agti_import_event(im, &v);
		agti_view_clear(&v);
	}
	json_decref(doc);
	return rc;
}
