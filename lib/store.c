/*
 * store.c - putting records: validate, check references, append to the
 * ledger, point the indexes at the new entry.  Nothing is written before
 * every check has passed, so a rejected put leaves the transaction usable.
 */
#include "store_private.h"
#include "recall_private.h"
#include "lotview_private.h"

#include <stdio.h>
#include <string.h>

/* "lot 06901234567892/L1" for messages. */
static const char *
what(const agt_record *rec, char *buf, size_t size)
{
	const char *k = agt_record_key(rec);

	snprintf(buf, size, "%s %s", agt_type_name(agt_record_type(rec)),
	    k != NULL ? k : "(no key)");
	return buf;
}

/* The slot of KEY of index IDX in the transaction's known records. */
static struct agti_known *
known_slot(agt_txn *t, int idx, const void *key, size_t klen)
{
	const unsigned char *p = key;
	unsigned h = 2166136261u ^ (unsigned)idx;
	size_t i;

	for (i = 0; i < klen; i++)
		h = (h ^ p[i]) * 16777619u;
	return &t->known[h % (sizeof t->known / sizeof *t->known)];
}

static int
known(agt_txn *t, int idx, const void *key, size_t klen)
{
	struct agti_known *k = known_slot(t, idx, key, klen);

	return k->klen == klen && klen > 0 && k->idx == idx &&
	    memcmp(k->key, key, klen) == 0;
}

static void
know(agt_txn *t, int idx, const void *key, size_t klen)
{
	struct agti_known *k = known_slot(t, idx, key, klen);

	if (klen == 0 || klen > sizeof k->key)
		return;
	k->idx = idx;
	k->klen = (unsigned char)klen;
	memcpy(k->key, key, klen);
}

/* Fail unless the record of TYPE whose index key is KEY exists. */
static int
need(agt_txn *t, const agt_record *rec, int type, const void *key, size_t klen)
{
	char w[160], kt[AGTI_KEY_MAX + 2];
	MDB_val v;
	int idx = agti_type_index(type), rc;

	if (known(t, idx, key, klen))
		return AGT_OK;
	if ((rc = agti_get(t, idx, key, klen, &v)) == AGT_OK)
		know(t, idx, key, klen);
	if (rc != AGT_ENOTFOUND)
		return rc;
	return agti_error(t->db, AGT_ENOTFOUND, "%s: unknown %s %s",
	    what(rec, w, sizeof w), agt_type_name(type),
	    agti_key_text(type, key, klen, kt, sizeof kt));
}

static int
need_field(agt_txn *t, const agt_record *rec, int type, int field)
{
	size_t len;
	const char *v = agt_record_get_nth(rec, field, 0, &len);

	return need(t, rec, type, v, len);
}

/* The lot named by the GTIN and LOT fields of LOT (a lot ref, a shipment). */
static int
need_lot(agt_txn *t, const agt_record *top, const agt_record *lot)
{
	char lk[AGTI_KEY_MAX];
	size_t glen, llen, klen;
	const char *g = agt_record_get_nth(lot, AGT_F_GTIN, 0, &glen);
	const char *l = agt_record_get_nth(lot, AGT_F_LOT, 0, &llen);

	klen = agti_lot_key(g, glen, l, llen, lk);

	return need(t, top, AGT_T_LOT, lk, klen);
}

static int
check_refs(agt_txn *t, const agt_record *rec)
{
	const agt_record *ref;
	size_t i;
	int rc;

	switch (agt_record_type(rec)) {
	case AGT_T_LOT:
		if ((rc = need_field(t, rec, AGT_T_SUPPLIER, AGT_F_SUPPLIER)) != AGT_OK)
			return rc;
		return need_field(t, rec, AGT_T_CATEGORY, AGT_F_CATEGORY);
	case AGT_T_REPORT:
		if ((rc = need_field(t, rec, AGT_T_AGENCY, AGT_F_AGENCY)) != AGT_OK)
			return rc;
		for (i = 0; (ref = agt_record_child(rec, AGT_F_LOTREF, i)); i++)
			if ((rc = need_lot(t, rec, ref)) != AGT_OK)
				return rc;
		return AGT_OK;
	case AGT_T_SHIPMENT:
		if ((rc = need_lot(t, rec, rec)) != AGT_OK)
			return rc;
		return need_field(t, rec, AGT_T_SALESPOINT, AGT_F_SALESPOINT);
	case AGT_T_RECALL:
	case AGT_T_RELEASE:
		return agti_recall_check_refs(t, rec);
	default:
		return AGT_OK;
	}
}

struct put_ctx {
	const agt_record *rec;
};

/* An alias may name one lot only. */
static int
alias_free(agt_txn *t, const struct agti_sec *e, void *arg)
{
	struct put_ctx *c = arg;
	char w[160], kt[AGTI_KEY_MAX + 2];
	MDB_val v;
	int rc;

	if (e->idx != AGTI_DB_ALIAS)
		return 0;
	if ((rc = agti_get(t, AGTI_DB_ALIAS, e->key, e->klen, &v)) == AGT_ENOTFOUND)
		return 0;
	if (rc != AGT_OK)
		return rc;
	if (v.mv_size == e->vlen && memcmp(v.mv_data, e->val, e->vlen) == 0)
		return 0;
	return agti_error(t->db, AGT_EEXISTS, "%s: alias %.*s already names lot %s",
	    what(c->rec, w, sizeof w), (int)e->klen, (const char *)e->key,
	    agti_key_text(AGT_T_LOT, v.mv_data, v.mv_size, kt, sizeof kt));
}

static int
sec_put(agt_txn *t, const struct agti_sec *e, void *arg)
{
	MDB_val k = { e->klen, (void *)e->key }, v = { e->vlen, (void *)e->val };
	int rc;

	(void)arg;
	rc = mdb_put(t->txn, t->db->dbi[e->idx], &k, &v,
	    e->idx == AGTI_DB_ALIAS ? 0 : MDB_NODUPDATA);
	if (rc == MDB_KEYEXIST)
		return 0;
	return rc == 0 ? 0 : agti_mdb_error(t->db, rc, "index");
}

static int
sec_del(agt_txn *t, const struct agti_sec *e, void *arg)
{
	MDB_val k = { e->klen, (void *)e->key }, v = { e->vlen, (void *)e->val };
	int rc;

	(void)arg;
	rc = mdb_del(t->txn, t->db->dbi[e->idx], &k, &v);
	if (rc == MDB_NOTFOUND)
		return 0;
	return rc == 0 ? 0 : agti_mdb_error(t->db, rc, "index");
}

/*
 * Compare REC's encoding (in t->buf) with the current revision at SEQ:
 * AGT_PUT_UNCHANGED, or AGT_PUT_REVISED with the old record in *OLD.
 */
static int
compare_current(agt_txn *t, const agt_record *rec, uint64_t seq,
    agt_record **old, int *outcome)
{
	char w[160];
	MDB_val v;
	int rc;

	if ((rc = agti_ledger_entry(t, seq, &v)) != AGT_OK)
		return rc;
	if (v.mv_size - AGTI_ENTRY_HDR == t->buf.len &&
	    memcmp((unsigned char *)v.mv_data + AGTI_ENTRY_HDR, t->buf.p,
	    t->buf.len) == 0) {
		*outcome = AGT_PUT_UNCHANGED;
		return AGT_OK;
	}
	if (agt_record_type(rec) == AGT_T_REPORT)
		return agti_error(t->db, AGT_EEXISTS, "%s: a report of this number "
		    "exists with other content (reports are immutable; a correction "
		    "is a new report that supersedes it)", what(rec, w, sizeof w));
	*outcome = AGT_PUT_REVISED;
	return agti_entry_decode(t, seq, &v, old);
}

static int
write_put(agt_txn *t, const agt_record *rec, int idx, const char *key,
    size_t klen, const agt_record *old)
{
	unsigned char sv[8];
	MDB_val k = { klen, (void *)key }, v = { 8, sv };
	uint64_t seq;
	int rc;

	if ((rc = agti_ledger_append(t, agt_record_type(rec), t->buf.p,
	    t->buf.len, &seq)) != AGT_OK)
		return rc;
	if (idx < 0)
		return AGT_OK;
	agti_be64(sv, seq);
	if ((rc = mdb_put(t->txn, t->db->dbi[idx], &k, &v, 0)) != 0)
		return agti_txn_fail(t, agti_mdb_error(t->db, rc, "index"));
	know(t, idx, key, klen);
	if (old != NULL &&
	    (rc = agti_secondary_each(t, old, key, klen, sec_del, NULL)) != 0)
		return agti_txn_fail(t, rc);
	if ((rc = agti_secondary_each(t, rec, key, klen, sec_put, NULL)) != 0)
		return agti_txn_fail(t, rc);
	if (agt_record_type(rec) == AGT_T_LOT)
		rc = agti_view_put_lot(t, key, klen, seq);
	else if (agt_record_type(rec) == AGT_T_REPORT)
		rc = agti_view_add_report(t, rec, seq);
	return rc == AGT_OK ? AGT_OK : agti_txn_fail(t, rc);
}

static int
put_checks(agt_txn *t, const agt_record *rec, int idx, const char *key,
    size_t klen, agt_record **old, int *outcome)
{
	struct put_ctx c = { rec };
	uint64_t seq;
	int rc;

	*outcome = AGT_PUT_NEW;
	if (idx < 0)
		return AGT_OK;
	rc = agti_get_seq(t, idx, key, klen, &seq);
	if (rc == AGT_OK)
		rc = compare_current(t, rec, seq, old, outcome);
	else if (rc == AGT_ENOTFOUND)
		rc = AGT_OK;
	if (rc != AGT_OK || *outcome == AGT_PUT_UNCHANGED)
		return rc;
	if ((rc = check_refs(t, rec)) != AGT_OK)
		return rc;
	return agti_secondary_each(t, rec, key, klen, alias_free, &c);
}

int
agt_put(agt_txn *t, const agt_record *rec, int *outcome)
{
	return agti_put(t, rec, 0, outcome);
}

int
agti_put(agt_txn *t, const agt_record *rec, int validated, int *outcome)
{
	char key[AGTI_KEY_MAX], w[160];
	const char *why;
	agt_record *old = NULL;
	int idx = agti_type_index(agt_record_type(rec)), out, rc;
	size_t klen = 0;

	if (t->rdonly)
		return agti_error(t->db, AGT_EREADONLY, "put in a read transaction");
	if (t->failed)
		return agti_error(t->db, t->failed, "an earlier write of this "
		    "transaction failed: abort it");
	if (!validated && agt_record_validate(rec, &why) != AGT_OK)
		return agti_error(t->db, AGT_EINVAL, "%s: %s", what(rec, w, sizeof w), why);
	if ((rc = agti_record_encode(&t->enc, rec, 0, &t->buf)) != AGT_OK)
		return agti_error(t->db, rc, "%s: %s", what(rec, w, sizeof w),
		    rc == AGT_EINVAL ? "the same value given twice" : agt_strerror(rc));
	if (idx >= 0 && (klen = agti_record_index_key(rec, key)) == 0)
		return agti_error(t->db, AGT_EINVAL, "%s: bad key", what(rec, w, sizeof w));
	rc = put_checks(t, rec, idx, key, klen, &old, &out);
	if (rc == AGT_OK && out != AGT_PUT_UNCHANGED)
		rc = write_put(t, rec, idx, key, klen, old);
	agt_record_free(old);
	if (rc == AGT_OK && outcome != NULL)
		*outcome = out;
	return rc;
}

int
agti_not_found(agt_txn *t, int type, const char *ikey, size_t iklen)
{
	char kt[AGTI_KEY_MAX + 2];

	return agti_error(t->db, AGT_ENOTFOUND, "%s %s: not found",
	    agt_type_name(type), agti_key_text(type, ikey, iklen, kt, sizeof kt));
}

int
agti_read_current(agt_txn *t, int type, const char *ikey, size_t iklen,
    agt_record **out)
{
	uint64_t seq;
	MDB_val v;
	int rc, idx = agti_type_index(type);

	*out = NULL;
	if (idx < 0)
		return agti_error(t->db, AGT_EINVAL, "%s: no index by key",
		    agt_type_name(type) ? agt_type_name(type) : "unknown type");
	rc = agti_get_seq(t, idx, ikey, iklen, &seq);
	if (rc == AGT_ENOTFOUND)
		return agti_not_found(t, type, ikey, iklen);
	if (rc != AGT_OK || (rc = agti_ledger_entry(t, seq, &v)) != AGT_OK)
		return rc;
	if (((unsigned char *)v.mv_data)[0] != type)
		return agti_error(t->db, AGT_EINTEGRITY, "entry %llu: a %s index "
		    "entry points at a record of another type",
		    (unsigned long long)seq, agt_type_name(type));
	return agti_entry_decode(t, seq, &v, out);
}

int
agt_get(agt_record **out, agt_txn *t, int type, const char *key)
{
	char ikey[AGTI_KEY_MAX];
	size_t klen;

	*out = NULL;
	if (agti_type_index(type) < 0 || (klen = agti_key_parse(type, key, ikey)) == 0)
		return agti_error(t->db, AGT_EINVAL, "%s %s: not a valid key",
		    agt_type_name(type) ? agt_type_name(type) : "record", key);
	return agti_read_current(t, type, ikey, klen, out);
}

int
agt_alias_resolve(char **out, agt_txn *t, const char *alias)
{
	char kt[AGTI_KEY_MAX + 2];
	MDB_val v;
	int rc;

	*out = NULL;
	rc = agti_get(t, AGTI_DB_ALIAS, alias, strlen(alias), &v);
	if (rc == AGT_ENOTFOUND)
		return agti_error(t->db, rc, "alias %s: not found", alias);
	if (rc != AGT_OK)
		return rc;
	agti_key_text(AGT_T_LOT, v.mv_data, v.mv_size, kt, sizeof kt);
	if ((*out = strdup(kt)) == NULL)
		return AGT_ENOMEM;
	return AGT_OK;
}

int
agt_count(agt_txn *t, int type, uint64_t *out)
{
	MDB_stat st;
	MDB_dbi dbi;
	int rc;

	*out = 0;
	if (agti_dbi(t, agti_type_index(type), &dbi) != 0)
		return agti_type_index(type) < 0 ? AGT_EINVAL : AGT_OK;
	if ((rc = mdb_stat(t->txn, dbi, &st)) != 0)
		return agti_mdb_error(t->db, rc, "stat");
	*out = st.ms_entries;
	return AGT_OK;
}
