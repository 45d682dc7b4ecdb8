/*
 * epcis_import.c - EPCIS 2.0 documents into the register (formats/epcis.md).
 * Both syntaxes fill the same view of an event; one function maps it.
 */
#include "epcis_import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
agti_view_clear(struct agti_view *v)
{
	size_t i;

	for (i = 0; i < v->nq; i++) {
		free(v->q[i].cls);
		free(v->q[i].qty);
		free(v->q[i].uom);
	}
	free(v->q);
	free(v->time);
	free(v->bizstep);
	free(v->dest);
	free(v->bizloc);
	agt_record_free(v->rec);
	memset(v, 0, sizeof(*v));
}

int
agti_view_add_qty(struct agti_view *v, const char *cls, const char *qty,
    const char *uom)
{
	struct agti_vq *q;

	if (v->nq == v->qcap) {
		size_t cap = v->qcap ? 2 * v->qcap : 4;
		if ((q = realloc(v->q, cap * sizeof(*q))) == NULL)
			return AGT_ENOMEM;
		v->q = q;
		v->qcap = cap;
	}
	q = &v->q[v->nq++];
	q->cls = strdup(cls);
	q->qty = qty ? strdup(qty) : NULL;
	q->uom = uom ? strdup(uom) : NULL;
	return q->cls ? AGT_OK : AGT_ENOMEM;
}

/* "urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-
 * shipping" or "shipping" -> "shipping". */
const char *
agti_cbv_bare(const char *s)
{
	const char *p;

	if (s == NULL)
		return NULL;
	if ((p = strrchr(s, ':')) != NULL && strncmp(s, "urn:", 4) == 0)
		return p + 1;
	if ((p = strrchr(s, '-')) != NULL && strncmp(s, "http", 4) == 0)
		return p + 1;
	return s;
}

/* Put one field value decoded from the extension into REC. */
int
agti_ext_field(agt_record *rec, const char *name, const char *text,
    const agt_record *child)
{
	unsigned char *bytes;
	size_t len;
	int f = agt_field_from_name(name), rc;

	if (f == 0)
		return AGT_EFORMAT;
	if (child != NULL)
		return agt_record_add_child(rec, f, child);
	if (text == NULL)
		return AGT_EFORMAT;
	if (!agt_field_is_binary(f))
		return agt_record_add(rec, f, text);
	if ((rc = agt_base64_decode(&bytes, &len, text)) != AGT_OK)
		return rc;
	rc = agt_record_set_bytes(rec, f, bytes, len);
	agt_free(bytes);
	return rc;
}

static const char *
unit_of(const char *uom)
{
	static const char *const map[][2] = {
		{ "KGM", "kg" }, { "GRM", "g" }, { "TNE", "t" }, { "LTR", "l" },
		{ "MLT", "ml" }, { "H87", "piece" }, { "BX", "box" },
		{ "CS", "case" }, { "DZN", "dozen" }, { "LBR", "lb" }
	};
	size_t i;

	for (i = 0; uom && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(uom, map[i][0]) == 0)
			return map[i][1];
	return uom;
}

static int
put(struct agti_imp *im, const agt_record *rec, const char *what)
{
	char msg[512];
	int rc, outcome = 0;

	if (im->session != NULL)
		return agti_import_epcis_put(im, rec);

	rc = agt_put(im->txn, rec, &outcome);
	if (rc != AGT_OK) {
		snprintf(msg, sizeof(msg), "%s", agt_errmsg(agt_txn_db(im->txn)));
		return agti_error(agt_txn_db(im->txn), rc, "%s: event %llu (%s): %s",
		    im->path, (unsigned long long)im->st->events, what,
		    *msg ? msg : agt_strerror(rc));
	}
	if (outcome >= 1 && outcome <= 3)
		im->st->outcome[outcome]++;
	return AGT_OK;
}

void
agti_import_skip(struct agti_imp *im, const char *what, const char *why,
    const char *arg)
{
	char msg[1024];

	im->st->skipped++;
	if (im->skipped == NULL && im->session == NULL)
		return;
	snprintf(msg, sizeof(msg), "%s: event %llu (%s): skipped: %s%s%s",
	    im->path, (unsigned long long)im->st->events, what, why,
	    arg ? " " : "", arg ? arg : "");
	if (im->session != NULL)
		agti_import_epcis_note(im, msg);
	else
		im->skipped(msg, im->payload);
}

/* A shipping or receiving event of known lots at a known sales point. */
static int
map_shipment(struct agti_imp *im, struct agti_view *v, const char *what)
{
	const char *loc = strcmp(v->bizstep, "shipping") == 0 ? v->dest : v->bizloc;
	char *sp = loc ? agti_urn_parse("salespoint", loc) : NULL;
	agt_record *rec = NULL, *tmp = NULL;
	char gtin[15], *lot = NULL, date[11];
	size_t i;
	int rc = AGT_OK;

	if (sp == NULL || agt_get(&tmp, im->txn, AGT_T_SALESPOINT, sp) != AGT_OK) {
		agti_import_skip(im, what, "no sales point of the register at",
		    loc ? loc : "(none)");
		goto out;
	}
	if (v->nq == 0 || v->time == NULL || strlen(v->time) < 10) {
		agti_import_skip(im, what,
		    "no lot class (instance-level EPCs name no lot)", NULL);
		goto out;
	}
	snprintf(date, sizeof(date), "%.10s", v->time);
	for (i = 0; rc == AGT_OK && i < v->nq; i++) {
		free(lot);
		lot = NULL;
		if (agti_dl_parse(v->q[i].cls, gtin, &lot) != AGT_OK || *lot == '\0') {
			agti_import_skip(im, what, "not a lot class:", v->q[i].cls);
			break;
		}
		if ((rc = agt_record_new(&rec, AGT_T_SHIPMENT)) != AGT_OK ||
		    (rc = agt_record_set(rec, AGT_F_GTIN, gtin)) != AGT_OK ||
		    (rc = agt_record_set(rec, AGT_F_LOT, lot)) != AGT_OK ||
		    (rc = agt_record_set(rec, AGT_F_SALESPOINT, sp)) != AGT_OK ||
		    (rc = agt_record_set(rec, AGT_F_SHIPPED, date)) != AGT_OK ||
		    (rc = agt_record_set(rec, AGT_F_QUANTITY, v->q[i].qty)) != AGT_OK ||
		    (rc = agt_record_set(rec, AGT_F_UNIT, v->q[i].qty ?
		        unit_of(v->q[i].uom) : NULL)) != AGT_OK)
			break;
		rc = put(im, rec, what);
		agt_record_free(rec);
		rec = NULL;
	}
out:
	agt_record_free(rec);
	agt_record_free(tmp);
	free(lot);
	free(sp);
	return rc;
}

int
agti_import_event(struct agti_imp *im, struct agti_view *v)
{
	char what[128];

	im->st->events++;
	snprintf(what, sizeof(what), "%s%s%s", v->type,
	    v->bizstep ? " " : "", v->bizstep ? v->bizstep : "");
	if (v->rec != NULL)
		return put(im, v->rec, what);
	if (strcmp(v->type, "ObjectEvent") != 0) {
		agti_import_skip(im, what, "event type outside the agtrace model", NULL);
		return AGT_OK;
	}
	if (v->bizstep && (strcmp(v->bizstep, "shipping") == 0 ||
	    strcmp(v->bizstep, "receiving") == 0))
		return map_shipment(im, v, what);
	agti_import_skip(im, what, v->bizstep &&
	    (strcmp(v->bizstep, "commissioning") == 0 ||
	    strcmp(v->bizstep, "inspecting") == 0) ?
	    "no agtrace record (EPCIS carries no supplier, category, agency)" :
	    "business step outside the agtrace model", NULL);
	return AGT_OK;
}

/* The open file is read, not reopened: a FIFO gives its bytes once. */
int
agt_epcis_detect(const char *path)
{
	char head[AGTI_EPCIS_HEAD];
	ssize_t n;
	int fd, rc, err;

	if ((rc = agti_input_open(path, &fd)) != AGT_OK)
		return agti_error(NULL, rc, "%s: %s", path, strerror(errno));
	n = agti_read_head(fd, head, sizeof head);
	err = errno;
	close(fd);
	if (n < 0)
		return agti_error(NULL, AGT_EIO, "%s: read error: %s", path,
		    strerror(err));
	return agti_epcis_detect_head(head, (size_t)n);
}

int
agti_epcis_detect_head(const char *head, size_t len)
{
	char buf[AGTI_EPCIS_HEAD + 1];
	size_t n = len < AGTI_EPCIS_HEAD ? len : AGTI_EPCIS_HEAD;

	memcpy(buf, head, n);
	buf[n] = '\0';
	n = strspn(buf, " \t\r\n\xef\xbb\xbf");
	if (buf[n] == '{' && strstr(buf, "\"EPCIS"))
		return AGT_EXPORT_EPCIS_JSON;
	/* Any document in an EPCIS namespace: events, query results, master
	 * data, capture jobs (the last two are skipped whole). */
	if (strchr(buf, '<') && strstr(buf, "urn:epcglobal:epcis"))
		return AGT_EXPORT_EPCIS_XML;
	return 0;
}

int
agt_epcis_import(agt_txn *txn, const char *path, agt_epcis_stats *stats,
    agt_message_cb skipped, void *payload)
{
	agt_epcis_stats local;
	struct agti_imp im = { txn, path, stats ? stats : &local, skipped,
	    payload, NULL, 0, NULL, 0 };

	memset(im.st, 0, sizeof(*im.st));
	return agti_epcis_read(&im);
}

/* Read the file IM names whole, into IM's MEM (free() it). */
static int
read_doc(struct agti_imp *im, char **doc)
{
	agt_db *db = agt_txn_db(im->txn);
	int rc;

	if ((rc = agti_read_file(doc, &im->memlen, im->path,
	    AGTI_EPCIS_MAX)) == AGT_OK) {
		im->mem = *doc;
		return AGT_OK;
	}
	if (rc == AGT_EIO)
		return agti_error(db, rc, "%s: read error: %s", im->path,
		    strerror(errno));
	if (rc == AGT_EFORMAT)
		return agti_error(db, rc, "%s: an EPCIS document of over "
		    "256 MiB", im->path);
	return agti_error(db, rc, "%s: %s", im->path, strerror(errno));
}

int
agti_epcis_read(struct agti_imp *im)
{
	char *doc = NULL;
	int kind, rc;

	if (im->mem == NULL && (rc = read_doc(im, &doc)) != AGT_OK)
		return rc;
	kind = agti_epcis_detect_head(im->mem, im->memlen);
	if (kind == AGT_EXPORT_EPCIS_XML)
		rc = agti_epcis_import_xml(im);
	else if (kind == AGT_EXPORT_EPCIS_JSON)
		rc = agti_epcis_import_json(im);
	else
		rc = agti_error(agt_txn_db(im->txn), AGT_EFORMAT,
		    "%s: not an EPCIS 2.0 document", im->path);
	if (doc != NULL) {
		free(doc);
		im->mem = NULL;
		im->memlen = 0;
	}
	return rc;
}
