/*
 * list.c - iterators over current records: a cursor over a primary index
 * (all records of a type, in key order), over a dupsort index (lots of a
 * supplier, reports or shipments of a lot, ...), or a sorted array (lots of
 * a GTIN, newest first).
 */
#include "store_private.h"

#include <stdlib.h>
#include <string.h>

struct agt_iter {
	agt_txn *t;
	int type;          /* records yielded */
	MDB_cursor *cur;
	int started;
	int dup;           /* cursor over a dupsort index: values are keys */
	char key[AGTI_KEY_MAX];
	size_t klen;       /* the dupsort key; 0 for a primary index */
	agt_record *rec;   /* the record last yielded */
	agt_record **arr;  /* sorted mode */
	size_t n, i;
};

static int
open_cursor(agt_iter *it, int idx)
{
	MDB_dbi dbi;
	int rc;

	if (agti_dbi(it->t, idx, &dbi) != 0)
		return AGT_OK; /* absent index: nothing to list */
	if ((rc = mdb_cursor_open(it->t->txn, dbi, &it->cur)) != 0)
		return agti_mdb_error(it->t->db, rc, "cursor");
	return AGT_OK;
}

/* Move to the next index entry: *K and *V as the index holds them. */
static int
cursor_next(agt_iter *it, MDB_val *k, MDB_val *v)
{
	MDB_cursor_op op;
	int rc;

	if (it->cur == NULL)
		return AGT_ITEROVER;
	k->mv_data = it->key;
	k->mv_size = it->klen;
	if (it->dup)
		op = it->started ? MDB_NEXT_DUP : MDB_SET_KEY;
	else if (it->klen > 0)
		op = it->started ? MDB_NEXT : MDB_SET_RANGE;
	else
		op = it->started ? MDB_NEXT : MDB_FIRST;
	it->started = 1;
	rc = mdb_cursor_get(it->cur, k, v, op);
	if (rc == MDB_NOTFOUND)
		return AGT_ITEROVER;
	if (rc != 0)
		return agti_mdb_error(it->t->db, rc, "cursor");
	/* A prefix scan (lots of a GTIN) ends where the prefix does. */
	if (!it->dup && it->klen > 0 &&
	    (k->mv_size < it->klen || memcmp(k->mv_data, it->key, it->klen) != 0))
		return AGT_ITEROVER;
	return AGT_OK;
}

/* The record the index entry K -> V designates. */
static int
entry_record(agt_iter *it, MDB_val *k, MDB_val *v, agt_record **out)
{
	uint64_t seq;
	MDB_val e;
	int rc;

	if (it->dup)
		return agti_read_current(it->t, it->type, v->mv_data, v->mv_size, out);
	if (v->mv_size != 8)
		return agti_error(it->t->db, AGT_EINTEGRITY, "index entry %.*s: "
		    "not a sequence number", (int)k->mv_size, (char *)k->mv_data);
	seq = agti_get_be64(v->mv_data);
	if ((rc = agti_ledger_entry(it->t, seq, &e)) != AGT_OK)
		return rc;
	return agti_entry_decode(it->t, seq, &e, out);
}

/* The date a lot is "new" by: packed, else harvested, else produced. */
static const char *
lot_date(const agt_record *r)
{
	const char *d;

	if ((d = agt_record_get(r, AGT_F_PACKED)) != NULL ||
	    (d = agt_record_get(r, AGT_F_HARVESTED)) != NULL ||
	    (d = agt_record_get(r, AGT_F_PRODUCED)) != NULL)
		return d;
	return "";
}

static int
newest_first(const void *a, const void *b)
{
	const agt_record *x = *(agt_record *const *)a, *y = *(agt_record *const *)b;
	int c = strcmp(lot_date(y), lot_date(x));

	if (c != 0)
		return c;
	return (agt_record_seq(y) > agt_record_seq(x)) -
	    (agt_record_seq(y) < agt_record_seq(x));
}

static int
load_sorted(agt_iter *it)
{
	agt_record **arr, *r;
	MDB_val k, v;
	size_t cap = 0;
	int rc;

	while ((rc = cursor_next(it, &k, &v)) == AGT_OK) {
		if ((rc = entry_record(it, &k, &v, &r)) != AGT_OK)
			return rc;
		if (it->n == cap) {
			cap = cap ? 2 * cap : 16;
			if ((arr = realloc(it->arr, cap * sizeof *arr)) == NULL) {
				agt_record_free(r);
				return AGT_ENOMEM;
			}
			it->arr = arr;
		}
		it->arr[it->n++] = r;
	}
	if (rc != AGT_ITEROVER)
		return rc;
	if (it->n > 1)
		qsort(it->arr, it->n, sizeof *it->arr, newest_first);
	mdb_cursor_close(it->cur);
	it->cur = NULL;
	return AGT_OK;
}

/* Which index to walk for TYPE listed BY; -1 for a bad combination. */
static int
list_index(int type, int by)
{
	switch (by) {
	case AGT_BY_ALL: return agti_type_index(type);
	case AGT_BY_SUPPLIER: return type == AGT_T_LOT ? AGTI_DB_LOT_BY_SUPPLIER : -1;
	case AGT_BY_GTIN: return type == AGT_T_LOT ? AGTI_DB_LOT : -1;
	case AGT_BY_LOT:
		return type == AGT_T_REPORT ? AGTI_DB_LOT_REPORTS :
		    type == AGT_T_SHIPMENT ? AGTI_DB_LOT_SHIPMENTS : -1;
	case AGT_BY_SALESPOINT:
		return type == AGT_T_SHIPMENT ? AGTI_DB_SP_SHIPMENTS : -1;
	case AGT_BY_AGENCY: return type == AGT_T_REPORT ? AGTI_DB_AGENCY_REPORTS : -1;
	default: return -1;
	}
}

static int
set_key(agt_iter *it, int by, const char *key)
{
	char g[15];

	if (by == AGT_BY_ALL)
		return AGT_OK;
	if (key == NULL || *key == '\0')
		return AGT_EINVAL;
	if (by == AGT_BY_GTIN) {
		if (agt_gtin_normalize(g, key, strlen(key)) != AGT_OK)
			return AGT_EINVAL;
		memcpy(it->key, g, 14);
		it->klen = 14;
		return AGT_OK;
	}
	if (by == AGT_BY_LOT)
		it->klen = agti_key_parse(AGT_T_LOT, key, it->key);
	else if (strlen(key) <= AGTI_KEY_MAX)
		memcpy(it->key, key, it->klen = strlen(key));
	return it->klen > 0 ? AGT_OK : AGT_EINVAL;
}

int
agt_list(agt_iter **out, agt_txn *t, int type, int by, const char *key)
{
	int idx = list_index(type, by), rc;
	agt_iter *it;

	*out = NULL;
	if (idx < 0)
		return agti_error(t->db, AGT_EINVAL, "cannot list %s that way",
		    agt_type_name(type) ? agt_type_name(type) : "records");
	if ((it = calloc(1, sizeof *it)) == NULL)
		return AGT_ENOMEM;
	it->t = t;
	it->type = type;
	it->dup = by != AGT_BY_ALL && by != AGT_BY_GTIN;
	if ((rc = set_key(it, by, key)) != AGT_OK) {
		free(it);
		return agti_error(t->db, rc, "%s: not a valid key to list by", key ? key : "");
	}
	if ((rc = open_cursor(it, idx)) == AGT_OK && by == AGT_BY_GTIN)
		rc = load_sorted(it);
	if (rc != AGT_OK) {
		agt_iter_free(it);
		return rc;
	}
	*out = it;
	return AGT_OK;
}

int
agt_iter_next(agt_iter *it, const agt_record **out)
{
	MDB_val k, v;
	int rc;

	*out = NULL;
	if (it->arr != NULL || (it->n == 0 && it->cur == NULL && it->started)) {
		if (it->i >= it->n)
			return AGT_ITEROVER;
		*out = it->arr[it->i++];
		return AGT_OK;
	}
	agt_record_free(it->rec);
	it->rec = NULL;
	if ((rc = cursor_next(it, &k, &v)) != AGT_OK)
		return rc;
	if ((rc = entry_record(it, &k, &v, &it->rec)) != AGT_OK)
		return rc;
	*out = it->rec;
	return AGT_OK;
}

void
agt_iter_free(agt_iter *it)
{
	size_t i;

	if (it == NULL)
		return;
	if (it->cur != NULL)
		mdb_cursor_close(it->cur);
	agt_record_free(it->rec);
	for (i = 0; i < it->n; i++)
		agt_record_free(it->arr[i]);
	free(it->arr);
	free(it);
}
