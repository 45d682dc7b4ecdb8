/* epcis_event.c - register records as EPCIS 2.0 events (formats/epcis.md). */
#include "epcis_private.h"

#include <stdlib.h>
#include <string.h>

int
agti_is_number(const char *s)
{
	size_t digits = 0, dots = 0;

	if (s == NULL)
		return 0;
	if (*s == '-' || *s == '+')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && dots++ == 0)
			continue;
		else
			return 0;
	}
	return digits > 0;
}

static int
add_qty(struct agti_event *ev, const char *gtin, const char *lot,
    const char *qty, const char *unit)
{
	if (ev->nq == ev->qcap) {
		size_t cap = ev->qcap ? ev->qcap * 2 : 4;
		struct agti_qty *nq = realloc(ev->q, cap * sizeof(*nq));
		if (nq == NULL)
			return AGT_ENOMEM;
		ev->q = nq;
		ev->qcap = cap;
	}
	if ((ev->q[ev->nq].cls = agti_dl_class(gtin, lot)) == NULL)
		return AGT_ENOMEM;
	ev->q[ev->nq].qty = agti_is_number(qty) ? qty : NULL;
	ev->q[ev->nq].uom = ev->q[ev->nq].qty ? agti_uom_code(unit) : NULL;
	ev->nq++;
	return AGT_OK;
}

static int
build_lot(struct agti_event *ev, const agt_record *lot)
{
	const char *t = agt_record_get(lot, AGT_F_PACKED);

	if (t == NULL)
		t = agt_record_get(lot, AGT_F_PRODUCED);
	if (t == NULL)
		t = agt_record_get(lot, AGT_F_HARVESTED);
	agti_epcis_time(ev->time, t);
	ev->action = "ADD";
	ev->bizstep = "commissioning";
	ev->disp = "active";
	ev->country = agti_country_alpha2(agt_record_get(lot, AGT_F_ORIGIN_COUNTRY));
	ev->harvest = agt_record_get(lot, AGT_F_HARVESTED);
	ev->expires = agt_record_get(lot, AGT_F_EXPIRES);
	ev->lotno = agt_record_get(lot, AGT_F_LOT);
	return add_qty(ev, agt_record_get(lot, AGT_F_GTIN), ev->lotno,
	    agt_record_get(lot, AGT_F_QUANTITY), agt_record_get(lot, AGT_F_UNIT));
}

static int
add_lotrefs(struct agti_event *ev, const agt_record *rep)
{
	const agt_record *ref;
	size_t i;
	int rc = AGT_OK;

	for (i = 0; rc == AGT_OK &&
	    (ref = agt_record_child(rep, AGT_F_LOTREF, i)) != NULL; i++)
		rc = add_qty(ev, agt_record_get(ref, AGT_F_GTIN),
		    agt_record_get(ref, AGT_F_LOT), NULL, NULL);
	return rc;
}

static int
build_report(struct agti_event *ev, const agt_record *rep)
{
	const char *v = agt_record_get(rep, AGT_F_VERDICT);

	agti_epcis_time(ev->time, agt_record_get(rep, AGT_F_ISSUED));
	ev->action = "OBSERVE";
	ev->bizstep = "inspecting";
	ev->disp = v && strcmp(v, "pass") == 0 ? "conformant" : "non_conformant";
	if ((ev->cert = agti_urn("report", agt_record_get(rep, AGT_F_ID))) == NULL)
		return AGT_ENOMEM;
	ev->sensors = 1;
	return add_lotrefs(ev, rep);
}

static int
build_shipment(struct agti_event *ev, const agt_record *s)
{
	agti_epcis_time(ev->time, agt_record_get(s, AGT_F_SHIPPED));
	ev->action = "OBSERVE";
	ev->bizstep = "shipping";
	ev->disp = "in_transit";
	ev->dst_type = "location";
	if ((ev->dst = agti_urn("salespoint",
	    agt_record_get(s, AGT_F_SALESPOINT))) == NULL)
		return AGT_ENOMEM;
	return add_qty(ev, agt_record_get(s, AGT_F_GTIN),
	    agt_record_get(s, AGT_F_LOT), agt_record_get(s, AGT_F_QUANTITY),
	    agt_record_get(s, AGT_F_UNIT));
}

static int
add_supplier_lots(struct agti_event *ev, agt_txn *txn, const char *supplier)
{
	agt_iter *it = NULL;
	const agt_record *lot;
	int rc;

	if ((rc = agt_list(&it, txn, AGT_T_LOT, AGT_BY_SUPPLIER, supplier)) != AGT_OK)
		return rc == AGT_ENOTFOUND ? AGT_OK : rc;
	while ((rc = agt_iter_next(it, &lot)) == AGT_OK)
		if ((rc = add_qty(ev, agt_record_get(lot, AGT_F_GTIN),
		    agt_record_get(lot, AGT_F_LOT), NULL, NULL)) != AGT_OK)
			break;
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

static int
build_recall(struct agti_event *ev, agt_txn *txn, const agt_record *r)
{
	const char *target = agt_record_get(r, AGT_F_TARGET);
	agt_record *rep = NULL;
	char gtin[15];
	int rc;

	agti_epcis_time(ev->time, agt_record_get(r, AGT_F_TIME));
	ev->action = "OBSERVE";
	ev->bizstep = "holding";
	if (agt_record_type(r) == AGT_T_RECALL) {
		ev->disp = "recalled";
		ev->pset = "recalled";
	} else {
		ev->disp = "active";
		ev->punset = "recalled";
	}
	switch (agti_scope_parse(agt_record_get(r, AGT_F_SCOPE))) {
	case AGTI_SCOPE_LOT:
		memcpy(gtin, target, 14);
		gtin[14] = '\0';
		return add_qty(ev, gtin, target + 15, NULL, NULL);
	case AGTI_SCOPE_GTIN:
		return add_qty(ev, target, NULL, NULL, NULL);
	case AGTI_SCOPE_SUPPLIER:
		return add_supplier_lots(ev, txn, target);
	case AGTI_SCOPE_REPORT:
		if ((rc = agt_get(&rep, txn, AGT_T_REPORT, target)) == AGT_OK)
			rc = add_lotrefs(ev, rep);
		agt_record_free(rep);
		return rc == AGT_ENOTFOUND ? AGT_OK : rc;
	default:
		return AGT_EINVAL;
	}
}

int
agti_event_build(struct agti_event *ev, agt_txn *txn, const agt_record *rec)
{
	memset(ev, 0, sizeof(*ev));
	ev->rec = rec;
	switch (agt_record_type(rec)) {
	case AGT_T_LOT: return build_lot(ev, rec);
	case AGT_T_REPORT: return build_report(ev, rec);
	case AGT_T_SHIPMENT: return build_shipment(ev, rec);
	case AGT_T_RECALL:
	case AGT_T_RELEASE: return build_recall(ev, txn, rec);
	default: return AGT_EINVAL;
	}
}

void
agti_event_clear(struct agti_event *ev)
{
	size_t i;

	for (i = 0; i < ev->nq; i++)
		free(ev->q[i].cls);
	free(ev->q);
	free(ev->cert);
	free(ev->src);
	free(ev->dst);
	memset(ev, 0, sizeof(*ev));
}
