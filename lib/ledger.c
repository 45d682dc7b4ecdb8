/*
 * ledger.c - the hash-chained ledger: entry SEQ (u64 big-endian key) holds
 * type (1) | hash(SEQ-1) (32) | hash(SEQ) (32) | record bytes, with
 *   hash(n) = SHA-256(hash(n-1) || seq(n) BE64 || type(n) || record(n)).
 */
#include "db_private.h"

#include <string.h>
#include <sys/uio.h>

#include <gcrypt.h>

void
agti_chain_hash(unsigned char out[AGT_HASH_LEN],
    const unsigned char prev[AGT_HASH_LEN], uint64_t seq, int type,
    const void *rec, size_t len)
{
	unsigned char hdr[AGT_HASH_LEN + 8 + 1];
	gcry_buffer_t iov[2];

	memcpy(hdr, prev, AGT_HASH_LEN);
	agti_be64(hdr + AGT_HASH_LEN, seq);
	hdr[AGT_HASH_LEN + 8] = (unsigned char)type;
	memset(iov, 0, sizeof iov);
	iov[0].data = hdr;
	iov[0].len = sizeof hdr;
	iov[1].data = (void *)rec;
	iov[1].len = len;
	gcry_md_hash_buffers(GCRY_MD_SHA256, 0, out, iov, 2);
}

char *
agt_hash_hex(char out[2 * AGT_HASH_LEN + 1], const unsigned char hash[AGT_HASH_LEN])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < AGT_HASH_LEN; i++) {
		out[2 * i] = hex[hash[i] >> 4];
		out[2 * i + 1] = hex[hash[i] & 15];
	}
	out[2 * AGT_HASH_LEN] = '\0';
	return out;
}

int
agti_ledger_load_head(agt_txn *t)
{
	MDB_val v;
	int rc;

	if (t->head_loaded)
		return AGT_OK;
	rc = agti_get(t, AGTI_DB_META, "head", 4, &v);
	if (rc == AGT_ENOTFOUND) {
		t->head_seq = 0;
		memset(t->head_hash, 0, AGT_HASH_LEN);
	} else if (rc != AGT_OK) {
		return rc;
	} else if (v.mv_size != 8 + AGT_HASH_LEN) {
		return agti_error(t->db, AGT_EINTEGRITY, "ledger head of %d "
		    "bytes", (int)v.mv_size);
	} else {
		t->head_seq = agti_get_be64(v.mv_data);
		memcpy(t->head_hash, (unsigned char *)v.mv_data + 8, AGT_HASH_LEN);
	}
	/* A read txn sees one state: the head can be cached too. */
	t->head_loaded = 1;
	return AGT_OK;
}

int
agt_ledger_head(agt_txn *t, uint64_t *seq, unsigned char hash[AGT_HASH_LEN])
{
	int rc;

	if ((rc = agti_ledger_load_head(t)) != AGT_OK)
		return rc;
	*seq = t->head_seq;
	if (hash != NULL)
		memcpy(hash, t->head_hash, AGT_HASH_LEN);
	return AGT_OK;
}

int
agti_ledger_append(agt_txn *t, int type, const unsigned char *rec, size_t len,
    uint64_t *seq)
{
	unsigned char key[8], *p;
	MDB_val k = { 8, key }, v = { AGTI_ENTRY_HDR + len, NULL };
	int rc;

	if ((rc = agti_ledger_load_head(t)) != AGT_OK)
		return rc;
	agti_be64(key, t->head_seq + 1);
	rc = mdb_put(t->txn, t->db->dbi[AGTI_DB_LEDGER], &k, &v,
	    MDB_APPEND | MDB_RESERVE);
	if (rc != 0)
		return agti_txn_fail(t, agti_mdb_error(t->db, rc, "ledger"));
	p = v.mv_data;
	p[0] = (unsigned char)type;
	memcpy(p + 1, t->head_hash, AGT_HASH_LEN);
	agti_chain_hash(p + 1 + AGT_HASH_LEN, t->head_hash, t->head_seq + 1,
	    type, rec, len);
	memcpy(p + AGTI_ENTRY_HDR, rec, len);
	t->head_seq++;
	memcpy(t->head_hash, p + 1 + AGT_HASH_LEN, AGT_HASH_LEN);
	t->head_dirty = 1;
	*seq = t->head_seq;
	if ((rc = agti_tree_append(t, t->head_seq, type, rec, len)) != AGT_OK)
		return agti_txn_fail(t, rc);
	return AGT_OK;
}

int
agti_entry_check(agt_txn *t, uint64_t seq, const MDB_val *val)
{
	const unsigned char *p = val->mv_data;
	unsigned char h[AGT_HASH_LEN];

	if (val->mv_size < AGTI_ENTRY_HDR + 2)
		return agti_error(t->db, AGT_EINTEGRITY, "entry %llu: truncated "
		    "(%zu bytes)", (unsigned long long)seq, val->mv_size);
	agti_chain_hash(h, p + 1, seq, p[0], p + AGTI_ENTRY_HDR,
	    val->mv_size - AGTI_ENTRY_HDR);
	if (memcmp(h, p + 1 + AGT_HASH_LEN, AGT_HASH_LEN) != 0)
		return agti_error(t->db, AGT_EINTEGRITY, "entry %llu: content does "
		    "not match its hash", (unsigned long long)seq);
	if (p[0] != p[AGTI_ENTRY_HDR + 1])
		return agti_error(t->db, AGT_EINTEGRITY, "entry %llu: entry type %d "
		    "but record type %d", (unsigned long long)seq, p[0],
		    p[AGTI_ENTRY_HDR + 1]);
	return AGT_OK;
}

/* The read transaction's ledger cursor, opened or renewed for its snapshot. */
static int
ledger_cursor(agt_txn *t)
{
	int rc;

	if (t->ledger_live)
		return 0;
	if (t->ledger == NULL)
		rc = mdb_cursor_open(t->txn, t->db->dbi[AGTI_DB_LEDGER], &t->ledger);
	else
		rc = mdb_cursor_renew(t->txn, t->ledger);
	if (rc == 0) {
		t->ledger_live = 1;
		t->ledger_at = 0; /* nowhere yet (seqs start at 1) */
	}
	return rc;
}

/*
 * Entry SEQ through the read transaction's ledger cursor: the next entry
 * is one step on; another is searched for from where the cursor is, which
 * LMDB does within the current page when the key is on it.
 */
static int
cursor_get(agt_txn *t, uint64_t seq, MDB_val *val)
{
	unsigned char key[8];
	MDB_val k = { 8, key };
	int rc;

	if ((rc = ledger_cursor(t)) != 0)
		return agti_mdb_error(t->db, rc, "ledger cursor");
	if (t->ledger_at != 0 && seq == t->ledger_at + 1) {
		rc = mdb_cursor_get(t->ledger, &k, val, MDB_NEXT);
		if (rc == 0 && (k.mv_size != 8 || agti_get_be64(k.mv_data) != seq))
			rc = MDB_NOTFOUND; /* a gap: entry SEQ is not there */
	} else {
		agti_be64(key, seq);
		rc = mdb_cursor_get(t->ledger, &k, val, MDB_SET);
	}
	t->ledger_at = rc == 0 ? seq : 0;
	if (rc == MDB_NOTFOUND)
		return AGT_ENOTFOUND;
	return rc == 0 ? AGT_OK : agti_mdb_error(t->db, rc, "ledger");
}

int
agti_ledger_entry(agt_txn *t, uint64_t seq, MDB_val *val)
{
	unsigned char key[8];
	int rc;

	if (t->rdonly) {
		rc = cursor_get(t, seq, val);
	} else {
		agti_be64(key, seq);
		rc = agti_get(t, AGTI_DB_LEDGER, key, 8, val);
	}
	if (rc == AGT_ENOTFOUND)
		return agti_error(t->db, AGT_ENOTFOUND, "entry %llu: not in the "
		    "ledger", (unsigned long long)seq);
	if (rc != AGT_OK)
		return rc;
	return agti_entry_check(t, seq, val);
}

int
agti_entry_decode(agt_txn *t, uint64_t seq, const MDB_val *val, agt_record **out)
{
	const unsigned char *p = val->mv_data;
	int rc;

	rc = agt_record_decode(out, p + AGTI_ENTRY_HDR, val->mv_size - AGTI_ENTRY_HDR);
	if (rc != AGT_OK)
		return agti_error(t->db, rc == AGT_ENOMEM ? rc : AGT_EINTEGRITY,
		    "entry %llu: record does not decode (%s)",
		    (unsigned long long)seq, agt_strerror(rc));
	(*out)->seq = seq;
	memcpy((*out)->prev, p + 1, AGT_HASH_LEN);
	memcpy((*out)->hash, p + 1 + AGT_HASH_LEN, AGT_HASH_LEN);
	return AGT_OK;
}

int
agt_ledger_get(agt_record **out, agt_txn *t, uint64_t seq)
{
	MDB_val v;
	int rc;

	*out = NULL;
	if ((rc = agti_ledger_entry(t, seq, &v)) != AGT_OK)
		return rc;
	return agti_entry_decode(t, seq, &v, out);
}
