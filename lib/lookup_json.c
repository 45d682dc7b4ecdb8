/*
 * lookup_json.c - a provenance, or one record, as a JSON document
 * (jansson), for POS programs that would rather parse than call
 * accessors.  Members are documented in agtrace(1), lookup.
 */
#include "lookup_private.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *record_json(const agt_record *rec);

static int
repeats(int field)
{
	return field == AGT_F_ALIAS || field == AGT_F_CERTIFICATION ||
	    field == AGT_F_ITEM || field == AGT_F_LOTREF;
}

static json_t *
value(const agt_record *rec, int field, size_t i)
{
	const agt_record *child = agt_record_child(rec, field, i);
	const char *v;
	size_t len;
	char *b64;
	json_t *j;

	if (child != NULL)
		return record_json(child);
	if ((v = agt_record_get_nth(rec, field, i, &len)) == NULL)
		return json_null();
	if (!agt_field_is_binary(field))
		return json_stringn(v, len);
	if (agt_base64_encode(&b64, v, len) != AGT_OK)
		return json_null();
	j = json_string(b64);
	agt_free(b64);
	return j;
}

/* Fields by name (repeated ones as arrays), then the ledger position. */
static json_t *
record_json(const agt_record *rec)
{
	char hex[2 * AGT_HASH_LEN + 1];
	json_t *o = json_object(), *a;
	size_t n, i;
	int f;

	if (rec == NULL)
		return json_null();
	json_object_set_new(o, "type", json_string(agt_type_name(agt_record_type(rec))));
	for (f = 1; f < AGT_F_LIMIT; f++) {
		if ((n = agt_record_count(rec, f)) == 0 || agt_field_name(f) == NULL)
			continue;
		if (!repeats(f)) {
			json_object_set_new(o, agt_field_name(f), value(rec, f, 0));
			continue;
		}
		a = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(a, value(rec, f, i));
		json_object_set_new(o, agt_field_name(f), a);
	}
	if (agt_record_seq(rec) != 0) {
		json_object_set_new(o, "seq", json_integer((json_int_t)agt_record_seq(rec)));
		json_object_set_new(o, "hash", json_string(agt_hash_hex(hex,
		    agt_record_hash(rec))));
	}
	return o;
}

static json_t *
code_json(const agt_gs1 *g)
{
	json_t *o = json_object();
	const char *v;

	if (g == NULL)
		return json_null();
	json_object_set_new(o, "kind", json_string(agt_gs1_kind_name(agt_gs1_kind(g))));
	if ((v = agt_gs1_gtin(g)) != NULL)
		json_object_set_new(o, "gtin", json_string(v));
	if ((v = agt_gs1_lot(g)) != NULL)
		json_object_set_new(o, "lot", json_string(v));
	if ((v = agt_gs1_expiry(g)) != NULL)
		json_object_set_new(o, "expiry", json_string(v));
	if ((v = agt_gs1_alias(g)) != NULL)
		json_object_set_new(o, "alias", json_string(v));
	return o;
}

static json_t *
warnings_json(const agt_provenance *p)
{
	json_t *a = json_array(), *w;
	unsigned bit;

	for (bit = 1; bit < 1u << AGTI_NWARN; bit <<= 1) {
		if (!(p->warnings & bit))
			continue;
		w = json_object();
		json_object_set_new(w, "warning", json_string(agt_warning_text(bit)));
		json_object_set_new(w, "detail", json_string(agt_provenance_detail(p, bit)));
		json_array_append_new(a, w);
	}
	return a;
}

static json_t *
reports_json(const agt_provenance *p)
{
	static const char *const sig[] = { "none", "unchecked", "valid", "invalid" };
	json_t *a = json_array(), *r;
	size_t i;

	for (i = 0; i < p->nrep; i++) {
		r = record_json(p->rep[i].report);
		json_object_set_new(r, "current", json_boolean(p->rep[i].current));
		json_object_set_new(r, "signature", json_string(sig[p->rep[i].sig & 3]));
		json_object_set_new(r, "agency_record", record_json(p->rep[i].agency));
		json_array_append_new(a, r);
	}
	return a;
}

static int
dump(char **out, json_t *o)
{
	*out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return *out != NULL ? AGT_OK : AGT_ENOMEM;
}

int
agt_record_json(char **out, const agt_record *rec)
{
	return dump(out, record_json(rec));
}

int
agt_provenance_json(char **out, const agt_provenance *p)
{
	json_t *o = json_object(), *lots = json_array();
	size_t i;

	*out = NULL;
	json_object_set_new(o, "status", json_string(agt_pos_status_name(
	    agt_provenance_status(p))));
	json_object_set_new(o, "warnings", warnings_json(p));
	json_object_set_new(o, "today", json_string(p->today));
	json_object_set_new(o, "code", code_json(p->code));
	json_object_set_new(o, "lot", record_json(p->lot));
	json_object_set_new(o, "supplier", record_json(p->supplier));
	json_object_set_new(o, "category", record_json(p->category));
	json_object_set_new(o, "reports", reports_json(p));
	for (i = 0; i < p->nlots; i++)
		json_array_append_new(lots, json_string(p->lots[i]));
	json_object_set_new(o, "lots", lots);
	return dump(out, o);
}
