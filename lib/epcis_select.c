/* epcis_select.c - which records an EPCIS export writes, in which order. */
#include "epcis_private.h"

#include <stdlib.h>
#include <string.h>

int
agti_epcis_lot(struct agti_export *x, const agt_record *lot,
    int (*emit)(struct agti_export *, const agt_record *))
{
	agt_iter *it = NULL;
	const agt_record *s;
	int rc = AGT_OK;

	if (agti_export_in_range(x, agt_record_get(lot, AGT_F_PACKED) ?
	    agt_record_get(lot, AGT_F_PACKED) : agt_record_get(lot,
	    agt_record_get(lot, AGT_F_PRODUCED) ? AGT_F_PRODUCED : AGT_F_HARVESTED)) &&
	    (rc = emit(x, lot)) != AGT_OK)
		return rc;
	if ((rc = agt_list(&it, x->txn, AGT_T_SHIPMENT, AGT_BY_LOT,
	    agt_record_key(lot))) != AGT_OK)
		return rc == AGT_ENOTFOUND ? AGT_OK : rc;
	while ((rc = agt_iter_next(it, &s)) == AGT_OK)
		if (agti_export_in_range(x, agt_record_get(s, AGT_F_SHIPPED)) &&
		    (rc = emit(x, s)) != AGT_OK)
			break;
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

static int
report_selected(struct agti_export *x, const agt_record *rep)
{
	const agt_record *ref;
	size_t i;

	if (!agti_export_in_range(x, agt_record_get(rep, AGT_F_ISSUED)))
		return 0;
	if (x->nlots == 0)
		return 1;
	for (i = 0; (ref = agt_record_child(rep, AGT_F_LOTREF, i)) != NULL; i++)
		if (agt_record_key(ref) &&
		    agti_export_lot_selected(x, agt_record_key(ref)))
			return 1;
	return 0;
}

/* A recall or release is written when the filter's lots fall under it. */
static int
hold_selected(struct agti_export *x, const agt_record *r)
{
	agt_record *lot = NULL;
	size_t i;
	int yes = 0;

	if (!agti_export_in_range(x, agt_record_get(r, AGT_F_TIME)))
		return 0;
	if (x->nlots == 0)
		return 1;
	for (i = 0; !yes && i < x->nlots; i++) {
		if (agt_get(&lot, x->txn, AGT_T_LOT, x->lots[i]) != AGT_OK)
			continue;
		yes = agti_recall_covers(x->txn, r, lot);
		agt_record_free(lot);
		lot = NULL;
	}
	return yes;
}

static int
each_report(struct agti_export *x,
    int (*emit)(struct agti_export *, const agt_record *))
{
	agt_iter *it = NULL;
	const agt_record *r;
	int rc;

	if ((rc = agt_list(&it, x->txn, AGT_T_REPORT, AGT_BY_ALL, NULL)) != AGT_OK)
		return rc == AGT_ENOTFOUND ? AGT_OK : rc;
	while ((rc = agt_iter_next(it, &r)) == AGT_OK)
		if (report_selected(x, r) && (rc = emit(x, r)) != AGT_OK)
			break;
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

struct holds {
	agt_record **v;
	size_t n, cap;
};

static int
collect(struct agti_export *x, struct holds *h, int type)
{
	agt_iter *it = NULL;
	const agt_record *r;
	int rc;

	if ((rc = agt_list(&it, x->txn, type, AGT_BY_ALL, NULL)) != AGT_OK)
		return rc == AGT_ENOTFOUND ? AGT_OK : rc;
	while ((rc = agt_iter_next(it, &r)) == AGT_OK) {
		if (!hold_selected(x, r))
			continue;
		if (h->n == h->cap) {
			size_t cap = h->cap ? h->cap * 2 : 16;
			agt_record **nv = realloc(h->v, cap * sizeof(*nv));
			if (nv == NULL) {
				rc = AGT_ENOMEM;
				break;
			}
			h->v = nv;
			h->cap = cap;
		}
		if ((rc = agt_record_dup(&h->v[h->n], r)) != AGT_OK)
			break;
		/* agt_record_dup drops the ledger position: keep it in order. */
		h->n++;
	}
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

static int
by_time(const void *a, const void *b)
{
	const agt_record *ra = *(agt_record *const *)a;
	const agt_record *rb = *(agt_record *const *)b;
	int c = strcmp(agt_record_get(ra, AGT_F_TIME), agt_record_get(rb, AGT_F_TIME));

	/* Same second: a recall before its release. */
	return c ? c : agt_record_type(ra) - agt_record_type(rb);
}

int
agti_epcis_tail(struct agti_export *x,
    int (*emit)(struct agti_export *, const agt_record *))
{
	struct holds h = { NULL, 0, 0 };
	size_t i;
	int rc;

	if ((rc = each_report(x, emit)) == AGT_OK &&
	    (rc = collect(x, &h, AGT_T_RECALL)) == AGT_OK &&
	    (rc = collect(x, &h, AGT_T_RELEASE)) == AGT_OK) {
		if (h.n > 1)
			qsort(h.v, h.n, sizeof(*h.v), by_time);
		for (i = 0; rc == AGT_OK && i < h.n; i++)
			rc = emit(x, h.v[i]);
	}
	for (i = 0; i < h.n; i++)
		agt_record_free(h.v[i]);
	free(h.v);
	return rc;
}
