/* trace.c - trace a lot or a report forward (shipments) and back (sources). */
#include "recall_private.h"

#include <stdlib.h>
#include <string.h>

struct trace {
	agt_txn *txn;
	agt_trace_cb cb;
	void *payload;
};

static int
emit(struct trace *t, const agt_record *rec, int depth)
{
	return t->cb(rec, depth, t->payload) ? AGT_ECANCELED : AGT_OK;
}

/* Get record TYPE KEY and emit it; a missing reference is skipped. */
static int
emit_ref(struct trace *t, int type, const char *key, int depth)
{
	agt_record *r = NULL;
	int rc;

	if (key == NULL)
		return AGT_OK;
	rc = agt_get(&r, t->txn, type, key);
	if (rc == AGT_OK)
		rc = emit(t, r, depth);
	else if (rc == AGT_ENOTFOUND)
		rc = AGT_OK;
	agt_record_free(r);
	return rc;
}

/* Emit each record of TYPE listed BY KEY, then call AFTER on it. */
static int
each(struct trace *t, int type, int by, const char *key, int depth,
    int (*after)(struct trace *, const agt_record *, int))
{
	agt_iter *it = NULL;
	const agt_record *r;
	int rc;

	if ((rc = agt_list(&it, t->txn, type, by, key)) != AGT_OK)
		return rc == AGT_ENOTFOUND ? AGT_OK : rc;
	while ((rc = agt_iter_next(it, &r)) == AGT_OK) {
		if ((rc = emit(t, r, depth)) != AGT_OK ||
		    (after && (rc = after(t, r, depth + 1)) != AGT_OK))
			break;
	}
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

static int
shipment_salespoint(struct trace *t, const agt_record *shp, int depth)
{
	return emit_ref(t, AGT_T_SALESPOINT,
	    agt_record_get(shp, AGT_F_SALESPOINT), depth);
}

static int
report_agency(struct trace *t, const agt_record *rep, int depth)
{
	return emit_ref(t, AGT_T_AGENCY, agt_record_get(rep, AGT_F_AGENCY), depth);
}

static int
lot_forward(struct trace *t, const agt_record *lot, int depth)
{
	int rc = emit(t, lot, depth);

	if (rc != AGT_OK)
		return rc;
	return each(t, AGT_T_SHIPMENT, AGT_BY_LOT, agt_record_key(lot),
	    depth + 1, shipment_salespoint);
}

static int
lot_sources(struct trace *t, const agt_record *lot, int depth)
{
	int rc;

	if ((rc = emit_ref(t, AGT_T_SUPPLIER, agt_record_get(lot, AGT_F_SUPPLIER),
	    depth)) != AGT_OK)
		return rc;
	return emit_ref(t, AGT_T_CATEGORY, agt_record_get(lot, AGT_F_CATEGORY),
	    depth);
}

/* Every active recall that holds LOT, at DEPTH. */
static int
lot_holds(struct trace *t, const agt_record *lot)
{
	agt_iter *it = NULL;
	agt_record *hold = NULL;
	const agt_record *r;
	int rc;

	/* The first hold by the fast path, then the full list for others. */
	rc = agt_hold_get(&hold, t->txn, agt_record_key(lot));
	agt_record_free(hold);
	if (rc == AGT_ENOTFOUND)
		return AGT_OK;
	if (rc != AGT_OK)
		return rc;
	if ((rc = agt_list(&it, t->txn, AGT_T_RECALL, AGT_BY_ALL, NULL)) != AGT_OK)
		return rc;
	while ((rc = agt_iter_next(it, &r)) == AGT_OK) {
		if (agt_recall_is_active(t->txn, r) != 1 ||
		    !agti_recall_covers(t->txn, r, lot))
			continue;
		if ((rc = emit(t, r, 1)) != AGT_OK)
			break;
	}
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

static int
lot_back(struct trace *t, const agt_record *lot)
{
	int rc;

	if ((rc = emit(t, lot, 0)) != AGT_OK ||
	    (rc = lot_sources(t, lot, 1)) != AGT_OK ||
	    (rc = each(t, AGT_T_REPORT, AGT_BY_LOT, agt_record_key(lot), 1,
	        report_agency)) != AGT_OK)
		return rc;
	return lot_holds(t, lot);
}

/* Call FN on each lot report REP covers. */
static int
report_lots(struct trace *t, const agt_record *rep, int depth,
    int (*fn)(struct trace *, const agt_record *, int))
{
	const agt_record *ref;
	agt_record *lot = NULL;
	size_t i;
	int rc = AGT_OK;

	for (i = 0; rc == AGT_OK &&
	    (ref = agt_record_child(rep, AGT_F_LOTREF, i)) != NULL; i++) {
		rc = agt_get(&lot, t->txn, AGT_T_LOT, agt_record_key(ref));
		if (rc == AGT_OK)
			rc = fn(t, lot, depth);
		else if (rc == AGT_ENOTFOUND)
			rc = AGT_OK;
		agt_record_free(lot);
		lot = NULL;
	}
	return rc;
}

static int
lot_and_sources(struct trace *t, const agt_record *lot, int depth)
{
	int rc = emit(t, lot, depth);

	return rc != AGT_OK ? rc : lot_sources(t, lot, depth + 1);
}

int
agt_trace(agt_txn *txn, int direction, int type, const char *key,
    agt_trace_cb cb, void *payload)
{
	struct trace t = { txn, cb, payload };
	agt_record *rec = NULL;
	int rc;

	if ((direction != AGT_TRACE_FORWARD && direction != AGT_TRACE_BACK) ||
	    (type != AGT_T_LOT && type != AGT_T_REPORT))
		return agti_error(agt_txn_db(txn), AGT_EINVAL,
		    "trace: bad direction or type");
	if ((rc = agt_get(&rec, txn, type, key)) != AGT_OK)
		return rc == AGT_ENOTFOUND ? agti_error(agt_txn_db(txn), rc,
		    "%s %s: not in the register", agt_type_name(type), key) : rc;
	if (type == AGT_T_LOT)
		rc = direction == AGT_TRACE_FORWARD ? lot_forward(&t, rec, 0) :
		    lot_back(&t, rec);
	else if ((rc = emit(&t, rec, 0)) == AGT_OK) {
		if (direction == AGT_TRACE_FORWARD)
			rc = report_lots(&t, rec, 1, lot_forward);
		else if ((rc = report_agency(&t, rec, 1)) == AGT_OK)
			rc = report_lots(&t, rec, 1, lot_and_sources);
	}
	agt_record_free(rec);
	return rc;
}
