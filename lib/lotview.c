/*
 * lotview.c - the lookup's index: lot key -> the lot's ledger seq (u64 BE),
 * then the seqs of the reports naming the lot, in ledger order.  A scan
 * resolves to every ledger entry it shows with one get; the store keeps
 * it with every lot and report put, verify checks it against the ledger,
 * and opening a register of format 1 read-write builds it.
 */
#include "lotview_private.h"
#include "store_private.h"

#include <stdlib.h>
#include <string.h>

int
agti_view_get(agt_txn *t, const void *lk, size_t lklen, MDB_val *v)
{
	int rc = agti_get(t, AGTI_DB_LOT_VIEW, lk, lklen, v);
	char kt[AGTI_KEY_MAX + 2];

	if (rc == AGT_OK && (v->mv_size < 8 || v->mv_size % 8 != 0))
		return agti_error(t->db, AGT_EINTEGRITY, "lot %s: lookup index "
		    "entry of %zu bytes, not a list of ledger positions",
		    agti_key_text(AGT_T_LOT, lk, lklen, kt, sizeof kt), v->mv_size);
	return rc;
}

/* Put LK -> OLD with its first seq replaced by LOT (if LOT) or SEQ added. */
static int
view_write(agt_txn *t, const void *lk, size_t lklen, const MDB_val *old,
    uint64_t lot, uint64_t rep)
{
	size_t n = old != NULL ? old->mv_size : 8;
	MDB_val k = { lklen, (void *)lk }, v = { n + (rep ? 8 : 0), NULL };
	unsigned char small[256], *copy = NULL;
	int rc;

	/* The old value lives in the map, which the put may rewrite; most
	 * lots have a few reports, so the copy is on the stack. */
	if (old != NULL && (copy = n <= sizeof small ? small : malloc(n)) == NULL)
		return AGT_ENOMEM;
	if (old != NULL)
		memcpy(copy, old->mv_data, n);
	rc = mdb_put(t->txn, t->db->dbi[AGTI_DB_LOT_VIEW], &k, &v, MDB_RESERVE);
	if (rc == 0) {
		if (copy != NULL)
			memcpy(v.mv_data, copy, n);
		if (lot != 0)
			agti_be64(v.mv_data, lot);
		if (rep != 0)
			agti_be64((unsigned char *)v.mv_data + n, rep);
	}
	if (copy != small)
		free(copy);
	return rc == 0 ? AGT_OK : agti_mdb_error(t->db, rc, "lookup index");
}

int
agti_view_put_lot(agt_txn *t, const void *lk, size_t lklen, uint64_t seq)
{
	MDB_val v;
	int rc;

	if (!agti_view_ready(t->db))
		return AGT_OK;
	rc = agti_view_get(t, lk, lklen, &v);
	if (rc != AGT_OK && rc != AGT_ENOTFOUND)
		return rc;
	return view_write(t, lk, lklen, rc == AGT_OK ? &v : NULL, seq, 0);
}

/* Add report SEQ to the view of lot LK (which the store has checked). */
static int
add_report(agt_txn *t, const void *lk, size_t lklen, uint64_t seq)
{
	const unsigned char *p;
	MDB_val v;
	size_t i;
	int rc;

	if ((rc = agti_view_get(t, lk, lklen, &v)) != AGT_OK)
		return rc == AGT_ENOTFOUND ? agti_error(t->db, AGT_EINTEGRITY,
		    "a lot has no lookup index entry") : rc;
	for (p = v.mv_data, i = 8; i < v.mv_size; i += 8)
		if (agti_get_be64(p + i) == seq)
			return AGT_OK; /* the report names the lot twice */
	return view_write(t, lk, lklen, &v, 0, seq);
}

int
agti_view_add_report(agt_txn *t, const agt_record *rep, uint64_t seq)
{
	const agt_record *ref;
	char lk[AGTI_KEY_MAX];
	size_t i, n;
	int rc;

	if (!agti_view_ready(t->db))
		return AGT_OK;
	for (i = 0; (ref = agt_record_child(rep, AGT_F_LOTREF, i)); i++)
		if ((n = agti_record_index_key(ref, lk)) > 0 &&
		    (rc = add_report(t, lk, n, seq)) != AGT_OK)
			return rc;
	return AGT_OK;
}

int
agti_view_ready(const agt_db *db)
{
	return db->format >= 2 && db->have[AGTI_DB_LOT_VIEW];
}

/* Every lot's entry, from the lot index. */
static int
build_lots(agt_txn *t, MDB_cursor *c)
{
	MDB_val k, v;
	int rc;

	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		if (v.mv_size != 8)
			return agti_error(t->db, AGT_EINTEGRITY, "lot index entry "
			    "of %zu bytes", v.mv_size);
		if ((rc = view_write(t, k.mv_data, k.mv_size, NULL,
		    agti_get_be64(v.mv_data), 0)) != AGT_OK)
			return rc;
	}
	return rc == MDB_NOTFOUND ? AGT_OK : agti_mdb_error(t->db, rc, "lots");
}

/* Every report's seq added to its lots, from the reports-of-lot lists. */
static int
build_reports(agt_txn *t, MDB_cursor *c)
{
	uint64_t seq;
	MDB_val k, v;
	int rc;

	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0)
		if ((rc = agti_get_seq(t, AGTI_DB_REPORT, v.mv_data, v.mv_size,
		    &seq)) != AGT_OK || (rc = add_report(t, k.mv_data, k.mv_size,
		    seq)) != AGT_OK)
			return rc;
	return rc == MDB_NOTFOUND ? AGT_OK : agti_mdb_error(t->db, rc, "reports");
}

int
agti_view_build(agt_txn *t)
{
	MDB_cursor *c;
	int rc, pass;

	if ((rc = mdb_drop(t->txn, t->db->dbi[AGTI_DB_LOT_VIEW], 0)) != 0)
		return agti_mdb_error(t->db, rc, "lookup index");
	for (pass = 0; pass < 2; pass++) {
		rc = mdb_cursor_open(t->txn, t->db->dbi[pass == 0 ? AGTI_DB_LOT :
		    AGTI_DB_LOT_REPORTS], &c);
		if (rc != 0)
			return agti_mdb_error(t->db, rc, "cursor");
		rc = pass == 0 ? build_lots(t, c) : build_reports(t, c);
		mdb_cursor_close(c);
		if (rc != AGT_OK)
			return rc;
	}
	return AGT_OK;
}
