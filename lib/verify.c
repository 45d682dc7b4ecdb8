/*
 * verify.c - recompute the hash chain and check every index against the
 * ledger, in one read transaction and memory that does not grow with the
 * register: each ledger entry is checked against the indexes as it is
 * walked, and the number of index entries is compared with the number of
 * entries the walk expected, so a stray index entry is searched for only
 * when one exists.
 */
#include "store_private.h"
#include "lotview_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct vstate {
	agt_txn *t;
	unsigned flags;
	uint64_t bad;                 /* first broken seq */
	uint64_t expect[AGTI_DB_COUNT]; /* index entries the walk accounts for */
	uint64_t seq;                 /* entry being checked */
	char what[AGTI_KEY_MAX + 64];
};

static int fail(struct vstate *s, uint64_t seq, const char *fmt, ...)
	AGTI_PRINTF(3, 4);

static int
fail(struct vstate *s, uint64_t seq, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	s->bad = seq;
	if (seq != 0)
		return agti_error(s->t->db, AGT_EINTEGRITY, "entry %llu: %s",
		    (unsigned long long)seq, msg);
	return agti_error(s->t->db, AGT_EINTEGRITY, "%s", msg);
}

/* A secondary entry the current record implies must be there. */
static int
sec_present(agt_txn *t, const struct agti_sec *e, void *arg)
{
	struct vstate *s = arg;
	MDB_val k = { e->klen, (void *)e->key }, v = { e->vlen, (void *)e->val };
	MDB_val got;
	MDB_cursor *c;
	int rc;

	if (e->idx == AGTI_DB_ALIAS) {
		/* Not dupsort: one value per key. */
		rc = mdb_get(t->txn, t->db->dbi[e->idx], &k, &got);
		if (rc == 0 && (got.mv_size != v.mv_size ||
		    memcmp(got.mv_data, v.mv_data, v.mv_size) != 0))
			rc = MDB_NOTFOUND;
	} else {
		if ((rc = mdb_cursor_open(t->txn, t->db->dbi[e->idx], &c)) != 0)
			return agti_mdb_error(t->db, rc, "cursor");
		rc = mdb_cursor_get(c, &k, &v, MDB_GET_BOTH);
		mdb_cursor_close(c);
	}
	if (rc == MDB_NOTFOUND)
		return fail(s, s->seq, "%s missing from a secondary index (%s)",
		    s->what, e->idx == AGTI_DB_ALIAS ? "alias" : "lists");
	if (rc != 0)
		return agti_mdb_error(t->db, rc, "cursor");
	s->expect[e->idx]++;
	return 0;
}

/* Lot LK, entry s->seq: its lookup index entry names it and its reports. */
static int
view_lot(struct vstate *s, const char *lk, size_t lklen)
{
	MDB_val k = { lklen, (void *)lk }, v, d;
	MDB_cursor *c;
	size_t n = 0;
	int rc;

	if ((rc = agti_view_get(s->t, lk, lklen, &v)) != AGT_OK)
		return fail(s, s->seq, "%s: %s", s->what, rc == AGT_ENOTFOUND ?
		    "missing from the lookup index" : agt_errmsg(s->t->db));
	/* A later entry: if the lot index says so too, that entry's own
	 * check tells; if not, the count of entries (check_counts) does. */
	if (agti_get_be64(v.mv_data) > s->seq)
		return AGT_OK;
	if (agti_get_be64(v.mv_data) != s->seq)
		return fail(s, s->seq, "the lookup index of %s points at older "
		    "entry %llu", s->what,
		    (unsigned long long)agti_get_be64(v.mv_data));
	if (s->t->db->have[AGTI_DB_LOT_REPORTS]) {
		if ((rc = mdb_cursor_open(s->t->txn, s->t->db->dbi[AGTI_DB_LOT_REPORTS],
		    &c)) != 0)
			return agti_mdb_error(s->t->db, rc, "cursor");
		if ((rc = mdb_cursor_get(c, &k, &d, MDB_SET_KEY)) == 0)
			rc = mdb_cursor_count(c, &n);
		mdb_cursor_close(c);
		if (rc != 0 && rc != MDB_NOTFOUND)
			return agti_mdb_error(s->t->db, rc, "reports of lot");
	}
	/* With every report's seq checked present (view_report), equal
	 * counts mean the entry lists exactly the lot's reports. */
	if ((v.mv_size - 8) / 8 != n)
		return fail(s, s->seq, "the lookup index of %s lists %zu reports, "
		    "the lot has %zu", s->what, (v.mv_size - 8) / 8, n);
	s->expect[AGTI_DB_LOT_VIEW]++;
	return AGT_OK;
}

/* Report REC, entry s->seq: in the lookup index entry of each of its lots. */
static int
view_report(struct vstate *s, const agt_record *rec)
{
	const agt_record *ref;
	char lk[AGTI_KEY_MAX];
	const unsigned char *p;
	size_t i, j, n;
	MDB_val v;

	for (i = 0; (ref = agt_record_child(rec, AGT_F_LOTREF, i)); i++) {
		if ((n = agti_record_index_key(ref, lk)) == 0 ||
		    agti_view_get(s->t, lk, n, &v) != AGT_OK)
			continue; /* the lot's own check tells */
		for (p = v.mv_data, j = 8; j < v.mv_size; j += 8)
			if (agti_get_be64(p + j) == s->seq)
				break;
		if (j >= v.mv_size)
			return fail(s, s->seq, "%s missing from the lookup index "
			    "of its lot", s->what);
	}
	return AGT_OK;
}

static int
check_view(struct vstate *s, const agt_record *rec, const char *key,
    size_t klen)
{
	if (!agti_view_ready(s->t->db))
		return AGT_OK;
	if (agt_record_type(rec) == AGT_T_LOT)
		return view_lot(s, key, klen);
	if (agt_record_type(rec) == AGT_T_REPORT)
		return view_report(s, rec);
	return AGT_OK;
}

/* The index entry for REC's key; REC is entry s->seq. */
static int
check_primary(struct vstate *s, const agt_record *rec)
{
	int idx = agti_type_index(agt_record_type(rec)), rc;
	char key[AGTI_KEY_MAX], k2[AGTI_KEY_MAX], num[24];
	agt_record *cur;
	uint64_t at;
	size_t klen;

	if (idx < 0)
		return AGT_OK;
	klen = agti_record_index_key(rec, key);
	rc = agti_get_seq(s->t, idx, key, klen, &at);
	if (rc == AGT_ENOTFOUND)
		return fail(s, s->seq, "%s missing from its index", s->what);
	if (rc != AGT_OK)
		return fail(s, s->seq, "%s: %s", s->what, agt_errmsg(s->t->db));
	snprintf(num, sizeof num, "%llu", (unsigned long long)at);
	if (at < s->seq)
		return fail(s, s->seq, "the index of %s points at older entry %s",
		    s->what, num);
	if (at > s->seq) {
		/* A later revision: it must hold the same key. */
		/*
		 * A later entry that fails its own hash is the broken one,
		 * not this one: name it as the chain walk would.
		 */
		if ((rc = agt_ledger_get(&cur, s->t, at)) == AGT_EINTEGRITY) {
			s->bad = at;
			return rc;
		}
		if (rc != AGT_OK)
			return fail(s, s->seq, "the index of %s points at a bad entry %s",
			    s->what, num);
		rc = agt_record_type(cur) == agt_record_type(rec) &&
		    agti_record_index_key(cur, k2) == klen &&
		    memcmp(k2, key, klen) == 0;
		agt_record_free(cur);
		return rc ? AGT_OK : fail(s, s->seq, "the index of %s points at "
		    "entry %s, which holds another record", s->what, num);
	}
	s->expect[idx]++;
	if ((rc = agti_secondary_each(s->t, rec, key, klen, sec_present, s)) != 0 ||
	    (rc = check_view(s, rec, key, klen)) != AGT_OK)
		return rc;
	if ((s->flags & AGT_VERIFY_SIGNATURES) && agt_record_type(rec) == AGT_T_REPORT &&
	    (rc = agti_verify_report_signature(s->t, rec)) != AGT_OK) {
		s->bad = s->seq;
		return rc;
	}
	return AGT_OK;
}

static int
check_entry(struct vstate *s, const MDB_val *v, unsigned char prev[AGT_HASH_LEN])
{
	const unsigned char *p = v->mv_data;
	agt_record *rec;
	const char *k;
	int rc;

	if (v->mv_size >= AGTI_ENTRY_HDR && memcmp(p + 1, prev, AGT_HASH_LEN) != 0)
		return fail(s, s->seq, "its previous hash is not the hash of the "
		    "entry before it (entries removed, swapped or rewritten)");
	if (agti_entry_check(s->t, s->seq, v) != AGT_OK ||
	    agti_entry_decode(s->t, s->seq, v, &rec) != AGT_OK) {
		s->bad = s->seq;
		return AGT_EINTEGRITY;
	}
	memcpy(prev, p + 1 + AGT_HASH_LEN, AGT_HASH_LEN);
	k = agt_record_key(rec);
	snprintf(s->what, sizeof s->what, "%s %s", agt_type_name(agt_record_type(rec)),
	    k != NULL ? k : "");
	rc = check_primary(s, rec);
	agt_record_free(rec);
	return rc;
}

static int
walk(struct vstate *s, agt_progress_cb progress, void *payload)
{
	unsigned char prev[AGT_HASH_LEN] = { 0 };
	char a[24], b[24];
	uint64_t head, seq;
	MDB_cursor *c;
	MDB_val k, v;
	int rc, op = MDB_FIRST;

	if ((rc = agt_ledger_head(s->t, &head, NULL)) != AGT_OK)
		return rc;
	if ((rc = mdb_cursor_open(s->t->txn, s->t->db->dbi[AGTI_DB_LEDGER], &c)) != 0)
		return agti_mdb_error(s->t->db, rc, "cursor");
	for (s->seq = 1; (rc = mdb_cursor_get(c, &k, &v, op)) == 0; s->seq++) {
		op = MDB_NEXT;
		seq = k.mv_size == 8 ? agti_get_be64(k.mv_data) : 0;
		snprintf(a, sizeof a, "%llu", (unsigned long long)seq);
		if (seq != s->seq) {
			rc = fail(s, s->seq, "missing (the ledger goes on with entry %s)", a);
			break;
		}
		if ((rc = check_entry(s, &v, prev)) != AGT_OK)
			break;
		if (progress != NULL && (s->seq % 1024 == 0 || s->seq == head) &&
		    progress(s->seq, head, payload) != 0) {
			rc = agti_error(s->t->db, AGT_ECANCELED, "verify canceled");
			break;
		}
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = AGT_OK;
	else if (rc > 0)
		return agti_mdb_error(s->t->db, rc, "ledger");
	if (rc != AGT_OK)
		return rc;
	if (s->seq - 1 != head || (head > 0 && memcmp(prev, s->t->head_hash, AGT_HASH_LEN))) {
		snprintf(a, sizeof a, "%llu", (unsigned long long)head);
		snprintf(b, sizeof b, "%llu", (unsigned long long)(s->seq - 1));
		return fail(s, s->seq - 1 < head ? s->seq : head, "the ledger head says "
		    "entry %s, the ledger ends with entry %s", a, b);
	}
	return AGT_OK;
}

/* The type of the record a secondary index entry's value names. */
static int
value_type(int idx)
{
	switch (idx) {
	case AGTI_DB_LOT_BY_SUPPLIER: case AGTI_DB_ALIAS: return AGT_T_LOT;
	case AGTI_DB_LOT_REPORTS: case AGTI_DB_AGENCY_REPORTS: return AGT_T_REPORT;
	default: return AGT_T_SHIPMENT;
	}
}

struct want {
	int idx;
	MDB_val *k, *v;
};

static int
sec_is(agt_txn *t, const struct agti_sec *e, void *arg)
{
	struct want *w = arg;

	(void)t;
	return e->idx == w->idx && e->klen == w->k->mv_size &&
	    e->vlen == w->v->mv_size && memcmp(e->key, w->k->mv_data, e->klen) == 0 &&
	    memcmp(e->val, w->v->mv_data, e->vlen) == 0;
}

/* Does index entry K -> V of IDX belong to a current record?  Sets s->seq. */
static int
entry_ok(struct vstate *s, int idx, MDB_val *k, MDB_val *v)
{
	struct want w = { idx, k, v };
	char k2[AGTI_KEY_MAX];
	agt_record *rec = NULL;
	int type, ok = 0;
	size_t n;

	s->seq = 0;
	if (idx == AGTI_DB_LOT_VIEW) {
		uint64_t at;

		ok = v->mv_size >= 8 && agti_get_seq(s->t, AGTI_DB_LOT,
		    k->mv_data, k->mv_size, &at) == AGT_OK &&
		    at == agti_get_be64(v->mv_data);
	} else if (idx <= AGTI_DB_RELEASE) {
		for (type = 1; agti_type_index(type) != idx; type++)
			;
		if (v->mv_size == 8 &&
		    agt_ledger_get(&rec, s->t, agti_get_be64(v->mv_data)) == AGT_OK) {
			n = agti_record_index_key(rec, k2);
			ok = agt_record_type(rec) == type && n == k->mv_size &&
			    memcmp(k2, k->mv_data, n) == 0;
		}
	} else if (agti_read_current(s->t, value_type(idx), v->mv_data,
	    v->mv_size, &rec) == AGT_OK) {
		n = agti_record_index_key(rec, k2);
		ok = agti_secondary_each(s->t, rec, k2, n, sec_is, &w) == 1;
	}
	if (rec != NULL)
		s->seq = agt_record_seq(rec);
	agt_record_free(rec);
	return ok;
}

/* Index entries the walk did not account for: find the first and name it. */
static int
stray(struct vstate *s, int idx)
{
	MDB_cursor *c;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_cursor_open(s->t->txn, s->t->db->dbi[idx], &c)) != 0)
		return agti_mdb_error(s->t->db, rc, "cursor");
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0 &&
	    entry_ok(s, idx, &k, &v))
		;
	mdb_cursor_close(c);
	if (rc != 0) /* not found: the counts disagree for another reason */
		return fail(s, 0, "an index holds entries no record accounts for");
	snprintf(s->what, sizeof s->what, "%.*s",
	    (int)(k.mv_size < 200 ? k.mv_size : 200), (char *)k.mv_data);
	return fail(s, s->seq, "index entry %s points at no current record "
	    "with that key", s->what);
}

static int
check_counts(struct vstate *s)
{
	MDB_stat st;
	int idx, rc;

	for (idx = AGTI_DB_CATEGORY; idx < AGTI_DB_COUNT; idx++) {
		if (!s->t->db->have[idx] ||
		    (idx == AGTI_DB_LOT_VIEW && !agti_view_ready(s->t->db)))
			continue;
		if ((rc = mdb_stat(s->t->txn, s->t->db->dbi[idx], &st)) != 0)
			return agti_mdb_error(s->t->db, rc, "stat");
		if (st.ms_entries != s->expect[idx])
			return stray(s, idx);
	}
	return AGT_OK;
}

int
agt_verify(agt_db *db, unsigned flags, uint64_t *bad_seq,
    agt_progress_cb progress, void *payload)
{
	struct vstate s;
	int rc;

	memset(&s, 0, sizeof s);
	s.flags = flags;
	if (bad_seq != NULL)
		*bad_seq = 0;
	if ((rc = agt_txn_begin(&s.t, db, AGT_TXN_RDONLY)) != AGT_OK)
		return rc;
	if ((rc = walk(&s, progress, payload)) == AGT_OK &&
	    (rc = check_counts(&s)) == AGT_OK)
		rc = agti_tree_verify(s.t, &s.bad);
	agt_txn_abort(s.t);
	if (bad_seq != NULL)
		*bad_seq = s.bad;
	if (rc == AGT_OK)
		agti_error_clear(db);
	return rc;
}
