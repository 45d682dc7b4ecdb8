/*
 * epcis_json.c - an EPCIS 2.0 JSON-LD document made with jansson.  The
 * document is streamed: jansson dumps the envelope with an empty event
 * list, and each event object in turn between its brackets, so memory
 * stays flat for any register size.
 */
#include "epcis_private.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define EPCIS_CONTEXT "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

struct jstate {
	char *tail;     /* what follows the empty event list in the envelope */
	size_t nevents;
};

static int
set(json_t *o, const char *k, json_t *v)
{
	return v == NULL || json_object_set_new(o, k, v) != 0 ? AGT_ENOMEM : AGT_OK;
}

static int
set_str(json_t *o, const char *k, const char *v)
{
	return v == NULL ? AGT_OK : set(o, k, json_string(v));
}

static int
json_begin(struct agti_export *x)
{
	struct jstate *st = calloc(1, sizeof(*st));
	json_t *doc, *ctx, *agt;
	char now[32], *text, *list;
	int rc = AGT_ENOMEM;

	if ((x->state = st) == NULL)
		return AGT_ENOMEM;
	doc = json_object();
	ctx = json_pack("[s,{s:s}]", EPCIS_CONTEXT, "agt", AGTI_EPCIS_NS "#");
	agt = json_pack("{s:[]}", "eventList");
	if (doc && ctx && agt && set(doc, "@context", json_incref(ctx)) == AGT_OK &&
	    set_str(doc, "type", "EPCISDocument") == AGT_OK &&
	    set_str(doc, "schemaVersion", "2.0") == AGT_OK &&
	    set_str(doc, "creationDate", agti_now_utc(now)) == AGT_OK &&
	    set(doc, "epcisBody", json_incref(agt)) == AGT_OK &&
	    (text = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_COMPACT)) != NULL) {
		/* Split at the empty list: "...\"eventList\":[" | "]}}" */
		list = strstr(text, "\"eventList\":[]");
		if (list != NULL) {
			list += strlen("\"eventList\":[");
			st->tail = strdup(list);
			*list = '\0';
			rc = st->tail && agti_out_puts(&x->out, text) == 0 ?
			    AGT_OK : AGT_EIO;
		}
		free(text);
	}
	json_decref(ctx);
	json_decref(agt);
	json_decref(doc);
	return rc;
}

/* The record as {"type": ..., "fields": [[name, value], ...]}. */
static json_t *
json_record(const agt_record *rec)
{
	json_t *o = json_object(), *fields = json_array(), *v;
	const agt_record *child;
	const char *s;
	char *b64;
	size_t n, i, len;
	int f;

	if (o == NULL || fields == NULL)
		goto fail;
	json_object_set_new(o, "type", json_string(agt_type_name(agt_record_type(rec))));
	json_object_set_new(o, "fields", fields);
	for (f = 1; f < AGT_F_LIMIT; f++) {
		n = agt_record_count(rec, f);
		for (i = 0; i < n; i++) {
			if ((child = agt_record_child(rec, f, i)) != NULL) {
				v = json_record(child);
			} else if (agt_field_is_binary(f)) {
				s = agt_record_get_nth(rec, f, i, &len);
				if (agt_base64_encode(&b64, s, len) != AGT_OK)
					goto fail;
				v = json_string(b64);
				agt_free(b64);
			} else {
				s = agt_record_get_nth(rec, f, i, &len);
				v = json_stringn(s, len);
			}
			if (v == NULL || json_array_append_new(fields,
			    json_pack("[s,o]", agt_field_name(f), v)) != 0)
				goto fail;
		}
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *
json_quantities(const struct agti_event *ev)
{
	json_t *a = json_array(), *q;
	size_t i;

	for (i = 0; a && i < ev->nq; i++) {
		q = json_pack("{s:s}", "epcClass", ev->q[i].cls);
		if (q && ev->q[i].qty)
			json_object_set_new(q, "quantity",
			    json_real(strtod(ev->q[i].qty, NULL)));
		if (q && ev->q[i].uom)
			json_object_set_new(q, "uom", json_string(ev->q[i].uom));
		if (q == NULL || json_array_append_new(a, q) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
json_sensors(const agt_record *rep)
{
	json_t *reports = json_array(), *r;
	const agt_record *it;
	const char *uom;
	size_t i;

	for (i = 0; reports && (it = agt_record_child(rep, AGT_F_ITEM, i)); i++) {
		if (!agti_is_number(agt_record_get(it, AGT_F_VALUE)))
			continue;
		r = json_pack("{s:s,s:f,s:s}", "type", "gs1:MassConcentration",
		    "value", strtod(agt_record_get(it, AGT_F_VALUE), NULL),
		    "stringValue", agt_record_get(it, AGT_F_ANALYTE));
		if (r && (uom = agti_uom_code(agt_record_get(it, AGT_F_UNIT))))
			json_object_set_new(r, "uom", json_string(uom));
		if (r == NULL || json_array_append_new(reports, r) != 0) {
			json_decref(reports);
			return NULL;
		}
	}
	if (reports && json_array_size(reports) == 0) {
		json_decref(reports);
		return json_null();
	}
	return json_pack("[{s:o}]", "sensorReport", reports);
}

static json_t *
json_ilmd(const struct agti_event *ev)
{
	json_t *o = json_object();

	if (o == NULL || set_str(o, "cbvmda:countryOfOrigin", ev->country) ||
	    set_str(o, "cbvmda:harvestStartDate", ev->harvest) ||
	    set_str(o, "cbvmda:harvestEndDate", ev->harvest) ||
	    set_str(o, "cbvmda:itemExpirationDate", ev->expires) ||
	    set_str(o, "cbvmda:lotNumber", ev->lotno)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
json_event(const struct agti_event *ev)
{
	json_t *e = json_object(), *v;
	int rc;

	rc = e == NULL || set_str(e, "type", "ObjectEvent") ||
	    set_str(e, "eventTime", ev->time) ||
	    set_str(e, "eventTimeZoneOffset", "+00:00") ||
	    set_str(e, "certificationInfo", ev->cert) ||
	    set_str(e, "action", ev->action) ||
	    set_str(e, "bizStep", ev->bizstep) ||
	    set_str(e, "disposition", ev->disp);
	if (!rc && ev->nq)
		rc = set(e, "quantityList", json_quantities(ev));
	if (!rc && ev->dst)
		rc = set(e, "destinationList", json_pack("[{s:s,s:s}]", "type",
		    ev->dst_type, "destination", ev->dst));
	if (!rc && ev->sensors && (v = json_sensors(ev->rec)) != NULL &&
	    !json_is_null(v))
		rc = set(e, "sensorElementList", v);
	if (!rc && (ev->pset || ev->punset))
		rc = set(e, "persistentDisposition", json_pack("{s:[s]}",
		    ev->pset ? "set" : "unset", ev->pset ? ev->pset : ev->punset));
	if (!rc && ev->rec && agt_record_type(ev->rec) == AGT_T_LOT)
		rc = set(e, "ilmd", json_ilmd(ev));
	if (!rc)
		rc = set(e, "agt:record", json_record(ev->rec));
	if (rc) {
		json_decref(e);
		return NULL;
	}
	return e;
}

static int
json_emit(struct agti_export *x, const agt_record *rec)
{
	struct jstate *st = x->state;
	struct agti_event ev;
	json_t *e = NULL;
	char *text = NULL;
	int rc;

	if ((rc = agti_event_build(&ev, x->txn, rec)) == AGT_OK) {
		rc = AGT_ENOMEM;
		if ((e = json_event(&ev)) != NULL &&
		    (text = json_dumps(e, JSON_PRESERVE_ORDER | JSON_COMPACT)) != NULL)
			rc = (st->nevents++ ? agti_out_put(&x->out, ",\n", 2) :
			    agti_out_put(&x->out, "\n", 1)) == 0 &&
			    agti_out_puts(&x->out, text) == 0 ? AGT_OK : AGT_EIO;
	}
	free(text);
	json_decref(e);
	agti_event_clear(&ev);
	return rc;
}

static int
json_lot(struct agti_export *x, const agt_record *lot)
{
	return agti_epcis_lot(x, lot, json_emit);
}

static int
json_end(struct agti_export *x)
{
	struct jstate *st = x->state;
	int rc = agti_epcis_tail(x, json_emit);

	if (rc != AGT_OK)
		return rc;
	return agti_out_puts(&x->out, "\n") == 0 &&
	    agti_out_puts(&x->out, st->tail) == 0 &&
	    agti_out_puts(&x->out, "\n") == 0 ? AGT_OK : AGT_EIO;
}

static void
json_cleanup(struct agti_export *x)
{
	struct jstate *st = x->state;

	if (st)
		free(st->tail);
	free(st);
	x->state = NULL;
}

const struct agti_writer agti_epcis_json_writer = {
	json_begin, json_lot, json_end, json_cleanup
};
