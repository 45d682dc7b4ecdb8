/* txn.c - read and write transactions over the register. */
#include "db_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void
txn_free(agt_txn *t)
{
	if (t->ledger != NULL) /* a read txn's: LMDB leaves it to us */
		mdb_cursor_close(t->ledger);
	agti_enc_free(&t->enc);
	agti_buf_free(&t->buf);
	free(t);
}

/*
 * LMDB 0.9.24 starts a read transaction by publishing the last committed
 * txnid X, then copying the meta page of X, one of two that commits
 * overwrite in turn.  A reader preempted in between can copy the page
 * after two more commits rewrote it: it then sees a newer snapshot than
 * X, maybe one whose commit has not finished, and the next transaction
 * sees an older one (test_threads: a batch seen, then gone).  Once two
 * commits followed X, X's page may have been rewritten under us: start
 * again (a check of both meta pages' txnids, 2 ns here; retried at most a
 * few times even under a busy writer).
 */
static int
snapshot_ok(agt_db *db, MDB_txn *txn)
{
	MDB_envinfo info;

	return mdb_env_info(db->env, &info) != 0 ||
	    info.me_last_txnid <= mdb_txn_id(txn) + 1;
}

/* Renew reset read transaction TXN until its snapshot is whole. */
static int
renew(agt_db *db, MDB_txn *txn)
{
	int rc, tries;

	for (tries = 0; (rc = mdb_txn_renew(txn)) == 0 &&
	    !snapshot_ok(db, txn) && tries < 100; tries++)
		mdb_txn_reset(txn);
	return rc;
}

/*
 * A read transaction from the handle's pool, renewed: beginning one costs
 * LMDB an allocation and a reader slot, renewing a reset one neither.
 */
static agt_txn *
pool_take(agt_db *db)
{
	agt_txn *t = NULL;

	pthread_mutex_lock(&db->pool_mu);
	if (db->npool > 0)
		t = db->pool[--db->npool];
	pthread_mutex_unlock(&db->pool_mu);
	if (t != NULL && renew(db, t->txn) != 0) {
		mdb_txn_abort(t->txn);
		txn_free(t);
		t = NULL;
	}
	return t;
}

/* Keep read transaction T, reset, for the next; 0 if the pool is full. */
static int
pool_put(agt_txn *t)
{
	agt_db *db = t->db;
	int kept = 0;

	mdb_txn_reset(t->txn);
	t->head_loaded = 0;
	t->ledger_live = 0;
	t->frontier_ok = 0; /* a read transaction has no write state */
	pthread_mutex_lock(&db->pool_mu);
	if (db->npool < AGTI_TXN_POOL) {
		db->pool[db->npool++] = t;
		kept = 1;
	}
	pthread_mutex_unlock(&db->pool_mu);
	return kept;
}

void
agti_txn_pool_free(agt_db *db)
{
	while (db->npool > 0) {
		agt_txn *t = db->pool[--db->npool];

		mdb_txn_abort(t->txn);
		txn_free(t);
	}
}

int
agt_txn_begin(agt_txn **out, agt_db *db, unsigned flags)
{
	agt_txn *t;
	int rdonly = (flags & AGT_TXN_RDONLY) != 0, rc;

	*out = NULL;
	if (!rdonly && (db->flags & AGT_OPEN_RDONLY))
		return agti_error(db, AGT_EREADONLY, "opened read-only");
	if (rdonly && (t = pool_take(db)) != NULL) {
		*out = t;
		return AGT_OK;
	}
	if ((t = calloc(1, sizeof *t)) == NULL)
		return AGT_ENOMEM;
	t->db = db;
	t->rdonly = rdonly;
	rc = mdb_txn_begin(db->env, NULL, rdonly ? MDB_RDONLY : 0, &t->txn);
	if (rc == MDB_MAP_RESIZED) {
		/* Another process's map is larger (this one fell back to a
		 * smaller one) and the data outgrew ours: adopt its size. */
		if ((rc = mdb_env_set_mapsize(db->env, 0)) == 0)
			rc = mdb_txn_begin(db->env, NULL, rdonly ? MDB_RDONLY : 0, &t->txn);
	}
	if (rc == 0 && rdonly && !snapshot_ok(db, t->txn)) {
		mdb_txn_reset(t->txn);
		rc = renew(db, t->txn);
	}
	if (rc != 0) {
		if (t->txn != NULL)
			mdb_txn_abort(t->txn);
		free(t);
		return agti_mdb_error(db, rc, "begin transaction");
	}
	*out = t;
	return AGT_OK;
}

int
agti_txn_fail(agt_txn *t, int rc)
{
	if (t->failed == 0)
		t->failed = rc;
	return rc;
}

static int
flush_head(agt_txn *t)
{
	unsigned char v[8 + AGT_HASH_LEN];
	MDB_val key = { 4, (void *)"head" }, val = { sizeof v, v };

	if (!t->head_dirty)
		return 0;
	agti_be64(v, t->head_seq);
	memcpy(v + 8, t->head_hash, AGT_HASH_LEN);
	return mdb_put(t->txn, t->db->dbi[AGTI_DB_META], &key, &val, 0);
}

int
agt_txn_commit(agt_txn *t)
{
	agt_db *db = t->db;
	int rc;

	if (t->failed != 0) {
		rc = t->failed;
		mdb_txn_abort(t->txn);
		txn_free(t);
		return agti_error(db, rc, "an earlier write of this transaction "
		    "failed (%s): nothing was kept", agt_strerror(rc));
	}
	if ((rc = flush_head(t)) != 0) {
		mdb_txn_abort(t->txn);
		txn_free(t);
		return agti_mdb_error(db, rc, "commit");
	}
	rc = mdb_txn_commit(t->txn);
	txn_free(t);
	if (rc == EIO && agti_disk_full(db))
		rc = ENOSPC;
	return rc == 0 ? AGT_OK : agti_mdb_error(db, rc, "commit");
}

void
agt_txn_abort(agt_txn *t)
{
	if (t == NULL || (t->rdonly && pool_put(t)))
		return;
	mdb_txn_abort(t->txn);
	txn_free(t);
}

agt_db *
agt_txn_db(agt_txn *t)
{
	return t->db;
}

int
agti_dbi(agt_txn *t, int idx, MDB_dbi *out)
{
	if (idx < 0 || idx >= AGTI_DB_COUNT || !t->db->have[idx])
		return -1;
	*out = t->db->dbi[idx];
	return 0;
}

int
agti_get(agt_txn *t, int idx, const void *key, size_t klen, MDB_val *val)
{
	MDB_val k = { klen, (void *)key };
	MDB_dbi dbi;
	int rc;

	if (agti_dbi(t, idx, &dbi) != 0)
		return AGT_ENOTFOUND;
	/* No key of that size can be stored (LMDB: MDB_BAD_VALSIZE). */
	if (klen == 0 || klen > (size_t)mdb_env_get_maxkeysize(t->db->env))
		return AGT_ENOTFOUND;
	rc = mdb_get(t->txn, dbi, &k, val);
	if (rc == MDB_NOTFOUND)
		return AGT_ENOTFOUND;
	return rc == 0 ? AGT_OK : agti_mdb_error(t->db, rc, "get");
}

int
agti_get_seq(agt_txn *t, int idx, const void *key, size_t klen, uint64_t *seq)
{
	MDB_val v;
	int rc;

	if ((rc = agti_get(t, idx, key, klen, &v)) != AGT_OK)
		return rc;
	if (v.mv_size != 8)
		return agti_error(t->db, AGT_EINTEGRITY, "index entry of %d "
		    "bytes, not a sequence number", (int)v.mv_size);
	*seq = agti_get_be64(v.mv_data);
	return AGT_OK;
}

int
agti_type_index(int type)
{
	switch (type) {
	case AGT_T_CATEGORY: return AGTI_DB_CATEGORY;
	case AGT_T_SUPPLIER: return AGTI_DB_SUPPLIER;
	case AGT_T_AGENCY: return AGTI_DB_AGENCY;
	case AGT_T_SALESPOINT: return AGTI_DB_SALESPOINT;
	case AGT_T_LOT: return AGTI_DB_LOT;
	case AGT_T_REPORT: return AGTI_DB_REPORT;
	case AGT_T_SHIPMENT: return AGTI_DB_SHIPMENT;
	case AGT_T_RECALL: return AGTI_DB_RECALL;
	case AGT_T_RELEASE: return AGTI_DB_RELEASE;
	default: return -1;
	}
}
