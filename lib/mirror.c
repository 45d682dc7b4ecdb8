/*
 * mirror.c - bring a read-only replica up to a published checkpoint.
 *
 * Everything happens in one write transaction that is committed only when
 * the checkpoint's signature, its consistency with the replica's previous
 * checkpoint (from the published hash tiles) and the root of the replica's
 * own tree over the applied entries all check out; on any failure the
 * replica keeps its previous state, untouched.
 */
#include "db_private.h"
#include "replica_private.h"

#include <stdlib.h>
#include <string.h>

#define CHECKPOINT_MAX (1 << 16)
#define TILE_CACHE 8

struct tile {
	unsigned level;
	uint64_t n;
	unsigned width;
	unsigned char *hashes;
};

struct mirror {
	agt_txn *txn;
	struct agti_fetch *fetch;
	agt_checkpoint cp, old;
	struct tile cache[TILE_CACHE];
	unsigned next;
};

static const unsigned char state_key[] = "\xff" "checkpoint";

static int
get_tile(struct mirror *m, unsigned level, uint64_t n, unsigned width,
    const unsigned char **out)
{
	struct tile *t;
	char rel[256];
	size_t len;
	unsigned i;
	int rc;

	for (i = 0; i < TILE_CACHE; i++) {
		t = &m->cache[i];
		if (t->hashes != NULL && t->level == level && t->n == n &&
		    t->width == width) {
			*out = t->hashes;
			return AGT_OK;
		}
	}
	t = &m->cache[m->next++ % TILE_CACHE];
	free(t->hashes);
	t->hashes = NULL;
	agti_tile_path(rel, sizeof rel, (int)level, n, width);
	if ((rc = agti_fetch(m->fetch, rel, &t->hashes, &len,
	    (size_t)width * AGT_HASH_LEN)) != AGT_OK)
		return rc;
	if (len != (size_t)width * AGT_HASH_LEN)
		return agti_error(NULL, AGT_EINTEGRITY, "%s: %zu bytes, not %u "
		    "hashes", rel, len, width);
	t->level = level;
	t->n = n;
	t->width = width;
	*out = t->hashes;
	return AGT_OK;
}

/* A tree hash from the published tiles of the new checkpoint's tree. */
static int
tile_source(unsigned char out[AGT_HASH_LEN], unsigned level, uint64_t index,
    void *payload)
{
	struct mirror *m = payload;
	unsigned tl = level / AGTI_TILE_HEIGHT, r = level % AGTI_TILE_HEIGHT;
	uint64_t first = index << r, count, n, k, i;
	unsigned char h[AGTI_TILE_WIDTH][AGT_HASH_LEN];
	const unsigned char *hashes = NULL;
	unsigned width;
	int rc;

	count = m->cp.size >> (tl * AGTI_TILE_HEIGHT);
	n = first / AGTI_TILE_WIDTH;
	width = agti_tile_width(count, n);
	if (first + ((uint64_t)1 << r) > n * AGTI_TILE_WIDTH + width)
		return agti_error(NULL, AGT_EINVAL, "tree node %u/%llu is past "
		    "the checkpoint", level, (unsigned long long)index);
	if ((rc = get_tile(m, tl, n, width, &hashes)) != AGT_OK)
		return rc;
	k = (uint64_t)1 << r;
	memcpy(h, hashes + (first - n * AGTI_TILE_WIDTH) * AGT_HASH_LEN,
	    k * AGT_HASH_LEN);
	for (; k > 1; k /= 2)
		for (i = 0; i < k / 2; i++)
			agt_merkle_node_hash(h[i], h[2 * i], h[2 * i + 1]);
	memcpy(out, h[0], AGT_HASH_LEN);
	return AGT_OK;
}

/* The replica's previous state: its stored checkpoint, else its own tree. */
static int
load_old(struct mirror *m, int *have)
{
	MDB_val v;
	uint64_t head;
	int rc;

	*have = 0;
	memset(&m->old, 0, sizeof m->old);
	rc = agti_get(m->txn, AGTI_DB_MERKLE, state_key, sizeof state_key - 1, &v);
	if (rc == AGT_OK) {
		if ((rc = agt_checkpoint_verify(&m->old, v.mv_data, v.mv_size,
		    NULL)) != AGT_OK)
			return agti_error(m->txn->db, AGT_EINTEGRITY, "replica: "
			    "stored checkpoint unreadable");
		*have = 1;
	} else if (rc != AGT_ENOTFOUND)
		return rc;
	else if ((rc = agt_tree_head(m->txn, &m->old.size, m->old.root)) != AGT_OK)
		return rc;
	if ((rc = agt_ledger_head(m->txn, &head, NULL)) != AGT_OK)
		return rc;
	if (head != m->old.size)
		return agti_error(m->txn->db, AGT_EINTEGRITY, "replica: %llu "
		    "ledger entries but its checkpoint has %llu (written to "
		    "locally?)", (unsigned long long)head,
		    (unsigned long long)m->old.size);
	return AGT_OK;
}

/* The new checkpoint extends the old one: no rollback, no fork. */
static int
check_extends(struct mirror *m, int have)
{
	unsigned char proof[AGT_MERKLE_MAX_PROOF][AGT_HASH_LEN];
	agt_db *db = m->txn->db;
	size_t n;
	int rc;

	if (have && strcmp(m->old.origin, m->cp.origin) != 0)
		return agti_error(db, AGT_EINTEGRITY, "checkpoint of the log "
		    "'%s'; this replica mirrors '%s'", m->cp.origin,
		    m->old.origin);
	if (m->cp.size < m->old.size)
		return agti_error(db, AGT_EINTEGRITY, "checkpoint of %llu "
		    "entries is older than the replica's %llu: rollback refused",
		    (unsigned long long)m->cp.size,
		    (unsigned long long)m->old.size);
	if ((rc = agt_merkle_consistency(proof, &n, m->old.size, m->cp.size,
	    tile_source, m)) != AGT_OK)
		return agti_rethrow(db, NULL, rc, "consistency proof from the "
		    "tiles");
	if (agt_merkle_verify_consistency(m->old.size, m->old.root,
	    m->cp.size, m->cp.root, proof, n) != AGT_OK)
		return agti_error(db, AGT_EINTEGRITY, "the published tree of "
		    "%llu entries does not extend the replica's %llu: a fork "
		    "or tampered tiles, refused", (unsigned long long)m->cp.size,
		    (unsigned long long)m->old.size);
	return AGT_OK;
}

static int
apply_entry(struct mirror *m, uint64_t seq, const unsigned char *e,
    size_t len)
{
	agt_db *db = m->txn->db;
	agt_record *rec;
	uint64_t head;
	int rc;

	if (agti_get_be64(e) != seq || e[AGTI_ENTRY_PREFIX + 1] != e[8])
		return agti_error(db, AGT_EINTEGRITY, "entry bundle: entry %llu "
		    "is misplaced or mislabelled", (unsigned long long)seq);
	if ((rc = agt_record_decode(&rec, e + AGTI_ENTRY_PREFIX,
	    len - AGTI_ENTRY_PREFIX)) != AGT_OK)
		return agti_error(db, AGT_EINTEGRITY, "entry %llu: record does "
		    "not decode", (unsigned long long)seq);
	rc = agt_put(m->txn, rec, NULL);
	agt_record_free(rec);
	if (rc != AGT_OK)
		return agti_rethrow(db, db, rc == AGT_ENOMEM || rc == AGT_EFULL ?
		    rc : AGT_EINTEGRITY, "entry does not apply");
	if ((rc = agt_ledger_head(m->txn, &head, NULL)) != AGT_OK)
		return rc;
	if (head != seq)
		return agti_error(db, AGT_EINTEGRITY, "entry %llu: does not "
		    "apply as a new ledger entry", (unsigned long long)seq);
	return AGT_OK;
}

static int
apply_bundles(struct mirror *m, uint64_t *applied)
{
	const unsigned char *p, *end, *e;
	unsigned char *buf;
	uint64_t n, seq;
	char rel[256];
	unsigned width;
	size_t len, elen;
	int rc, more;

	*applied = 0;
	if (m->old.size == m->cp.size)
		return AGT_OK;
	for (n = m->old.size / AGTI_TILE_WIDTH; n * AGTI_TILE_WIDTH < m->cp.size;
	    n++) {
		width = agti_tile_width(m->cp.size, n);
		agti_tile_path(rel, sizeof rel, -1, n, width);
		if ((rc = agti_fetch(m->fetch, rel, &buf, &len,
		    (size_t)width * 65537)) != AGT_OK)
			return rc;
		p = buf;
		end = buf + len;
		seq = n * AGTI_TILE_WIDTH;
		while ((more = agti_bundle_next(&p, end, &e, &elen)) == 1) {
			if (++seq > m->old.size && (rc = apply_entry(m, seq, e,
			    elen)) != AGT_OK)
				break;
			rc = AGT_OK;
		}
		free(buf);
		if (more == 1)
			return rc;
		if (more < 0 || seq != n * AGTI_TILE_WIDTH + width)
			return agti_error(m->txn->db, AGT_EINTEGRITY, "%s: not "
			    "a bundle of %u entries", rel, width);
	}
	*applied = m->cp.size - m->old.size;
	return AGT_OK;
}

static int
store_state(struct mirror *m, const char *note, size_t len)
{
	MDB_val k = { sizeof state_key - 1, (void *)state_key };
	MDB_val v = { len, (void *)note };
	int rc;

	if ((rc = mdb_put(m->txn->txn, m->txn->db->dbi[AGTI_DB_MERKLE], &k, &v,
	    0)) != 0)
		return agti_mdb_error(m->txn->db, rc, "merkle");
	return AGT_OK;
}

static int
mirror_txn(struct mirror *m, const char *note, size_t len,
    agt_mirror_info *info)
{
	unsigned char root[AGT_HASH_LEN];
	uint64_t size;
	int rc, have;

	if ((rc = load_old(m, &have)) != AGT_OK ||
	    (rc = check_extends(m, have)) != AGT_OK)
		return rc;
	info->old_size = m->old.size;
	if ((rc = apply_bundles(m, &info->entries)) != AGT_OK)
		return rc;
	if ((rc = agt_tree_head(m->txn, &size, root)) != AGT_OK)
		return rc;
	if (size != m->cp.size || memcmp(root, m->cp.root, AGT_HASH_LEN) != 0)
		return agti_error(m->txn->db, AGT_EINTEGRITY, "the entry bundles "
		    "do not hash to the checkpoint's root: refused");
	return store_state(m, note, len);
}

int
agt_mirror(agt_db *db, const char *url, const unsigned char pub[32],
    agt_mirror_info *info)
{
	struct mirror m;
	agt_mirror_info dummy;
	unsigned char *note = NULL;
	size_t len;
	unsigned i;
	int rc;

	memset(&m, 0, sizeof m);
	if (info == NULL)
		info = &dummy;
	memset(info, 0, sizeof *info);
	if ((rc = agti_fetch_open(&m.fetch, url)) != AGT_OK)
		return agti_rethrow(db, NULL, rc, "mirror");
	if ((rc = agti_fetch(m.fetch, "checkpoint", &note, &len,
	    CHECKPOINT_MAX)) != AGT_OK ||
	    (rc = agt_checkpoint_verify(&m.cp, (char *)note, len, pub)) != AGT_OK) {
		rc = agti_rethrow(db, NULL, rc, "mirror");
		goto out;
	}
	info->new_size = m.cp.size;
	if ((rc = agt_txn_begin(&m.txn, db, 0)) != AGT_OK)
		goto out;
	if ((rc = mirror_txn(&m, (char *)note, len, info)) == AGT_OK)
		rc = agt_txn_commit(m.txn);
	else
		agt_txn_abort(m.txn);
out:
	agti_fetch_stats(m.fetch, &info->bytes, &info->files);
	for (i = 0; i < TILE_CACHE; i++)
		free(m.cache[i].hashes);
	agti_fetch_close(m.fetch);
	free(note);
	return rc;
}

int
agt_replica_checkpoint(char **out, agt_txn *txn)
{
	MDB_val v;
	int rc;

	*out = NULL;
	rc = agti_get(txn, AGTI_DB_MERKLE, state_key, sizeof state_key - 1, &v);
	if (rc != AGT_OK)
		return rc == AGT_ENOTFOUND ? agti_error(txn->db, rc, "not a "
		    "replica: no mirrored checkpoint") : rc;
	if ((*out = malloc(v.mv_size + 1)) == NULL)
		return AGT_ENOMEM;
	memcpy(*out, v.mv_data, v.mv_size);
	(*out)[v.mv_size] = '\0';
	return AGT_OK;
}
