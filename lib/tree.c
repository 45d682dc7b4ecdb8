/*
 * tree.c - the register's Merkle tree, kept in LMDB as the ledger grows.
 *
 * The named database "merkle" maps level (1 byte) || index (u64 BE) to the
 * 32-byte hash of that complete subtree, for every level: appending leaf
 * i stores it and the parents it completes (one per trailing 1 bit of i,
 * so O(1) amortised and O(log n) at worst).  Level-major keys keep the
 * hashes of a tile side by side.  Keys starting with 0xff hold the
 * replica's state (replica.c).
 */
#include "db_private.h"
#include "replica_private.h"

#include <string.h>

#include <gcrypt.h>

void
agti_tree_key(unsigned char key[AGTI_TREE_KEY], unsigned level, uint64_t index)
{
	key[0] = (unsigned char)level;
	agti_be64(key + 1, index);
}

void
agti_entry_leaf_hash(unsigned char out[AGT_HASH_LEN], uint64_t seq, int type,
    const void *rec, size_t len)
{
	unsigned char hdr[1 + AGTI_ENTRY_PREFIX];
	gcry_buffer_t iov[2];

	hdr[0] = 0x00;
	agti_be64(hdr + 1, seq);
	hdr[9] = (unsigned char)type;
	agti_crypto_init();
	memset(iov, 0, sizeof iov);
	iov[0].data = hdr;
	iov[0].len = sizeof hdr;
	iov[1].data = (void *)rec;
	iov[1].len = len;
	gcry_md_hash_buffers(GCRY_MD_SHA256, 0, out, iov, 2);
}

static int
node_get(agt_txn *t, unsigned level, uint64_t index,
    unsigned char out[AGT_HASH_LEN])
{
	unsigned char key[AGTI_TREE_KEY];
	MDB_val v;
	int rc;

	agti_tree_key(key, level, index);
	rc = agti_get(t, AGTI_DB_MERKLE, key, sizeof key, &v);
	if (rc == AGT_ENOTFOUND)
		return agti_error(t->db, AGT_ENOTFOUND, "Merkle tree: no node "
		    "%u/%llu (a register older than its tree: run agtrace "
		    "verify)", level, (unsigned long long)index);
	if (rc != AGT_OK)
		return rc;
	if (v.mv_size != AGT_HASH_LEN)
		return agti_error(t->db, AGT_EINTEGRITY, "Merkle tree: node "
		    "%u/%llu of %zu bytes", level, (unsigned long long)index,
		    v.mv_size);
	memcpy(out, v.mv_data, AGT_HASH_LEN);
	return AGT_OK;
}

static int
node_put(agt_txn *t, unsigned level, uint64_t index,
    const unsigned char hash[AGT_HASH_LEN])
{
	unsigned char key[AGTI_TREE_KEY];
	MDB_val k = { sizeof key, key }, v = { AGT_HASH_LEN, (void *)hash };
	int rc;

	agti_tree_key(key, level, index);
	if ((rc = mdb_put(t->txn, t->db->dbi[AGTI_DB_MERKLE], &k, &v, 0)) != 0)
		return agti_txn_fail(t, agti_mdb_error(t->db, rc, "merkle"));
	return AGT_OK;
}

int
agti_tree_append(agt_txn *t, uint64_t seq, int type, const unsigned char *rec,
    size_t len)
{
	unsigned char h[AGT_HASH_LEN];
	uint64_t i = seq - 1;
	unsigned level;
	int rc;

	if (!t->db->have[AGTI_DB_MERKLE])
		return agti_txn_fail(t, agti_error(t->db, AGT_EVERSION,
		    "register without a Merkle tree"));
	/* The left siblings an append needs, read once per transaction. */
	if (!t->frontier_ok || t->frontier_n != i) {
		for (level = 0; level < 64; level++)
			if ((i >> level & 1) && (rc = node_get(t, level,
			    (i >> level) - 1, t->frontier[level])) != AGT_OK)
				return agti_txn_fail(t, rc);
		t->frontier_ok = 1;
		t->frontier_n = i;
	}
	agti_entry_leaf_hash(h, seq, type, rec, len);
	if ((rc = node_put(t, 0, i, h)) != AGT_OK)
		return rc;
	for (level = 0; i >> level & 1; level++) {
		agt_merkle_node_hash(h, t->frontier[level], h);
		if ((rc = node_put(t, level + 1, i >> (level + 1), h)) != AGT_OK)
			return rc;
	}
	/* Leaf i completed the subtrees below LEVEL into one at LEVEL. */
	memcpy(t->frontier[level], h, AGT_HASH_LEN);
	t->frontier_n = i + 1;
	return AGT_OK;
}

int
agt_tree_node(unsigned char out[AGT_HASH_LEN], unsigned level, uint64_t index,
    void *txn)
{
	return node_get(txn, level, index, out);
}

int
agt_tree_head(agt_txn *txn, uint64_t *size, unsigned char root[AGT_HASH_LEN])
{
	int rc;

	if ((rc = agt_ledger_head(txn, size, NULL)) != AGT_OK)
		return rc;
	return agt_merkle_root(root, *size, agt_tree_node, txn);
}

static int tree_leaves(agt_txn *t, uint64_t *out);

/*
 * Verify: every stored node equals the hash recomputed from the ledger.
 * Leaves are re-hashed from the entries; parents from their children.
 */
int
agti_tree_verify(agt_txn *t, uint64_t *bad_seq)
{
	unsigned char h[AGT_HASH_LEN], s[AGT_HASH_LEN], l[AGT_HASH_LEN];
	uint64_t n, i, count;
	unsigned level;
	MDB_val v;
	int rc;

	if ((rc = agt_ledger_head(t, &n, NULL)) != AGT_OK)
		return rc;
	/* A leaf past the head would make the next write skip a leaf. */
	if ((rc = tree_leaves(t, &count)) != AGT_OK)
		return rc;
	if (count > n) {
		*bad_seq = 0;
		return agti_error(t->db, AGT_EINTEGRITY, "the Merkle tree has "
		    "%llu leaves for %llu ledger entries",
		    (unsigned long long)count, (unsigned long long)n);
	}
	for (i = 0; i < n; i++) {
		if ((rc = agti_ledger_entry(t, i + 1, &v)) != AGT_OK)
			return rc;
		agti_entry_leaf_hash(h, i + 1, ((unsigned char *)v.mv_data)[0],
		    (unsigned char *)v.mv_data + AGTI_ENTRY_HDR,
		    v.mv_size - AGTI_ENTRY_HDR);
		if ((rc = node_get(t, 0, i, s)) != AGT_OK ||
		    memcmp(h, s, AGT_HASH_LEN) != 0) {
			*bad_seq = i + 1;
			return agti_error(t->db, AGT_EINTEGRITY, "entry %llu: "
			    "Merkle leaf does not match the entry",
			    (unsigned long long)(i + 1));
		}
	}
	for (level = 1, count = n / 2; count > 0; level++, count /= 2)
		for (i = 0; i < count; i++) {
			if ((rc = node_get(t, level - 1, 2 * i, l)) != AGT_OK ||
			    (rc = node_get(t, level - 1, 2 * i + 1, h)) != AGT_OK ||
			    (rc = node_get(t, level, i, s)) != AGT_OK)
				return rc;
			agt_merkle_node_hash(h, l, h);
			if (memcmp(h, s, AGT_HASH_LEN) != 0) {
				*bad_seq = (i << level) + 1;
				return agti_error(t->db, AGT_EINTEGRITY, "Merkle "
				    "node %u/%llu does not match its children",
				    level, (unsigned long long)i);
			}
		}
	return AGT_OK;
}

/* How many leaves the stored tree has: one past the last level-0 key. */
static int
tree_leaves(agt_txn *t, uint64_t *out)
{
	unsigned char key[AGTI_TREE_KEY];
	MDB_val k = { sizeof key, key }, v;
	MDB_cursor *c;
	int rc;

	*out = 0;
	agti_tree_key(key, 1, 0);
	if ((rc = mdb_cursor_open(t->txn, t->db->dbi[AGTI_DB_MERKLE], &c)) != 0)
		return agti_mdb_error(t->db, rc, "merkle");
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	rc = mdb_cursor_get(c, &k, &v, rc == 0 ? MDB_PREV : MDB_LAST);
	while (rc == 0 && ((unsigned char *)k.mv_data)[0] != 0)
		rc = mdb_cursor_get(c, &k, &v, MDB_PREV); /* 0xff state keys */
	mdb_cursor_close(c);
	if (rc == 0 && k.mv_size == AGTI_TREE_KEY)
		*out = agti_get_be64((unsigned char *)k.mv_data + 1) + 1;
	else if (rc != 0 && rc != MDB_NOTFOUND)
		return agti_mdb_error(t->db, rc, "merkle");
	return AGT_OK;
}

/* Leaves the tree lacks, from entry FROM to the ledger's head. */
static int
tree_extend(agt_txn *t, uint64_t from, uint64_t head)
{
	uint64_t seq;
	MDB_val v;
	int rc;

	for (seq = from; seq <= head; seq++)
		if ((rc = agti_ledger_entry(t, seq, &v)) != AGT_OK ||
		    (rc = agti_tree_append(t, seq, ((unsigned char *)v.mv_data)[0],
		    (unsigned char *)v.mv_data + AGTI_ENTRY_HDR,
		    v.mv_size - AGTI_ENTRY_HDR)) != AGT_OK)
			return rc;
	return AGT_OK;
}

static int
lagging(agt_txn *t, uint64_t *leaves, uint64_t *head)
{
	int rc;

	if ((rc = tree_leaves(t, leaves)) != AGT_OK)
		return rc;
	return agt_ledger_head(t, head, NULL);
}

/*
 * A register written before it had a tree gets one when next opened
 * read-write.  The check is a read; only a lagging tree takes the writer.
 */
int
agti_tree_upgrade(agt_db *db)
{
	uint64_t leaves = 0, head = 0;
	agt_txn *t;
	int rc;

	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) != AGT_OK)
		return rc;
	rc = lagging(t, &leaves, &head);
	agt_txn_abort(t);
	if (rc != AGT_OK || leaves >= head)
		return rc;
	if ((rc = agt_txn_begin(&t, db, 0)) != AGT_OK)
		return rc;
	if ((rc = lagging(t, &leaves, &head)) == AGT_OK && leaves < head)
		rc = tree_extend(t, leaves + 1, head);
	if (rc != AGT_OK) {
		agt_txn_abort(t);
		return rc;
	}
	return agt_txn_commit(t);
}
