/* secondary.c - which secondary index entries a record implies. */
#include "store_private.h"

#include <stdio.h>
#include <string.h>

static int
each_lot(agt_txn *t, const agt_record *rec, const char *ikey, size_t iklen,
    agti_sec_cb cb, void *arg)
{
	struct agti_sec e = { AGTI_DB_LOT_BY_SUPPLIER, NULL, 0, ikey, iklen };
	const char *s;
	size_t i, len;
	int rc;

	e.key = agt_record_get_nth(rec, AGT_F_SUPPLIER, 0, &e.klen);
	if ((rc = cb(t, &e, arg)) != 0)
		return rc;
	e.idx = AGTI_DB_ALIAS;
	for (i = 0; (s = agt_record_get_nth(rec, AGT_F_ALIAS, i, &len)); i++) {
		e.key = s;
		e.klen = len;
		if ((rc = cb(t, &e, arg)) != 0)
			return rc;
	}
	return 0;
}

static int
each_report(agt_txn *t, const agt_record *rec, const char *ikey, size_t iklen,
    agti_sec_cb cb, void *arg)
{
	struct agti_sec e = { AGTI_DB_AGENCY_REPORTS, NULL, 0, ikey, iklen };
	const agt_record *ref;
	char lk[AGTI_KEY_MAX];
	size_t i;
	int rc;

	e.key = agt_record_get_nth(rec, AGT_F_AGENCY, 0, &e.klen);
	if ((rc = cb(t, &e, arg)) != 0)
		return rc;
	e.idx = AGTI_DB_LOT_REPORTS;
	for (i = 0; (ref = agt_record_child(rec, AGT_F_LOTREF, i)); i++) {
		if ((e.klen = agti_record_index_key(ref, lk)) == 0)
			continue;
		e.key = lk;
		if ((rc = cb(t, &e, arg)) != 0)
			return rc;
	}
	return 0;
}

static int
each_shipment(agt_txn *t, const agt_record *rec, const char *ikey,
    size_t iklen, agti_sec_cb cb, void *arg)
{
	struct agti_sec e = { AGTI_DB_LOT_SHIPMENTS, NULL, 0, ikey, iklen };
	char lk[AGTI_KEY_MAX];
	const char *g, *l;
	size_t glen, llen;
	int rc;

	g = agt_record_get_nth(rec, AGT_F_GTIN, 0, &glen);
	l = agt_record_get_nth(rec, AGT_F_LOT, 0, &llen);
	e.klen = g && l ? agti_lot_key(g, glen, l, llen, lk) : 0;
	e.key = lk;
	if (e.klen > 0 && (rc = cb(t, &e, arg)) != 0)
		return rc;
	e.idx = AGTI_DB_SP_SHIPMENTS;
	e.key = agt_record_get_nth(rec, AGT_F_SALESPOINT, 0, &e.klen);
	return e.key != NULL ? cb(t, &e, arg) : 0;
}

int
agti_secondary_each(agt_txn *t, const agt_record *rec, const char *ikey,
    size_t iklen, agti_sec_cb cb, void *arg)
{
	switch (agt_record_type(rec)) {
	case AGT_T_LOT:
		return each_lot(t, rec, ikey, iklen, cb, arg);
	case AGT_T_REPORT:
		return each_report(t, rec, ikey, iklen, cb, arg);
	case AGT_T_SHIPMENT:
		return each_shipment(t, rec, ikey, iklen, cb, arg);
	default:
		return 0;
	}
}

const char *
agti_key_text(int type, const void *key, size_t klen, char *buf, size_t size)
{
	const char *k = key;

	if ((type == AGT_T_LOT || type == AGT_T_LOTREF) && klen > 14)
		snprintf(buf, size, "%.14s/%.*s", k, (int)(klen - 14), k + 14);
	else
		snprintf(buf, size, "%.*s", (int)klen, k);
	return buf;
}
