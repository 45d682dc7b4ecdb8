/*
 * proof.c - offline proof bundles: a lot's records with their inclusion
 * proofs and the signed checkpoint they lead to, as one JSON document
 * (formats/replica.md).  Verifying one needs no register.
 */
#include "db_private.h"
#include "replica_private.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define PROOF_FORMAT "agtrace-proof-1"

struct agt_proof {
	agt_checkpoint cp;
	size_t n;
	agt_record **recs;
	uint64_t *seqs;
};

static json_t *
b64_json(const void *p, size_t len)
{
	char *s;
	json_t *j;

	if (agt_base64_encode(&s, p, len) != AGT_OK)
		return NULL;
	j = json_string(s);
	free(s);
	return j;
}

/* One record: its ledger entry bytes and inclusion proof at CP's size. */
static int
add_entry(agt_txn *txn, json_t *arr, uint64_t seq, const agt_checkpoint *cp)
{
	unsigned char proof[AGT_MERKLE_MAX_PROOF][AGT_HASH_LEN], *e;
	json_t *obj, *hashes;
	size_t n, i, rlen;
	MDB_val v;
	int rc;

	if (seq > cp->size)
		return agti_error(txn->db, AGT_EINVAL, "entry %llu is newer than "
		    "the checkpoint (%llu entries): make a new checkpoint",
		    (unsigned long long)seq, (unsigned long long)cp->size);
	if ((rc = agti_ledger_entry(txn, seq, &v)) != AGT_OK ||
	    (rc = agt_merkle_inclusion(proof, &n, seq - 1, cp->size,
	    agt_tree_node, txn)) != AGT_OK)
		return rc;
	rlen = v.mv_size - AGTI_ENTRY_HDR;
	if ((e = malloc(AGTI_ENTRY_PREFIX + rlen)) == NULL)
		return AGT_ENOMEM;
	agti_be64(e, seq);
	e[8] = ((unsigned char *)v.mv_data)[0];
	memcpy(e + AGTI_ENTRY_PREFIX, (unsigned char *)v.mv_data + AGTI_ENTRY_HDR,
	    rlen);
	hashes = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(hashes, b64_json(proof[i], AGT_HASH_LEN));
	obj = json_pack("{s:I, s:o, s:o}", "seq", (json_int_t)seq, "entry",
	    b64_json(e, AGTI_ENTRY_PREFIX + rlen), "proof", hashes);
	free(e);
	if (obj == NULL || json_array_append_new(arr, obj) != 0)
		return AGT_ENOMEM;
	return AGT_OK;
}

static int
add_current(agt_txn *txn, json_t *arr, const agt_checkpoint *cp, int type,
    const char *key)
{
	agt_record *rec;
	int rc;

	if (key == NULL)
		return AGT_OK;
	if ((rc = agt_get(&rec, txn, type, key)) != AGT_OK)
		return rc;
	rc = add_entry(txn, arr, agt_record_seq(rec), cp);
	agt_record_free(rec);
	return rc;
}

/* The recall holding the lot, if any: a sales point must see it offline. */
static int
add_hold(agt_txn *txn, json_t *arr, const agt_checkpoint *cp, const char *key)
{
	agt_record *rec;
	int rc;

	if ((rc = agt_hold_get(&rec, txn, key)) == AGT_ENOTFOUND) {
		agti_error_clear(txn->db);
		return AGT_OK;
	}
	if (rc != AGT_OK)
		return rc;
	rc = add_entry(txn, arr, agt_record_seq(rec), cp);
	agt_record_free(rec);
	return rc;
}

/*
 * The lot, its supplier and category, its reports and their agencies, and
 * the recall that holds it.
 */
static int
add_lot(agt_txn *txn, json_t *arr, const agt_checkpoint *cp, const char *key)
{
	const agt_record *r;
	agt_record *lot;
	agt_iter *it;
	int rc;

	if ((rc = agt_get(&lot, txn, AGT_T_LOT, key)) != AGT_OK)
		return rc;
	if ((rc = add_entry(txn, arr, agt_record_seq(lot), cp)) == AGT_OK &&
	    (rc = add_current(txn, arr, cp, AGT_T_SUPPLIER,
	    agt_record_get(lot, AGT_F_SUPPLIER))) == AGT_OK)
		rc = add_current(txn, arr, cp, AGT_T_CATEGORY,
		    agt_record_get(lot, AGT_F_CATEGORY));
	agt_record_free(lot);
	if (rc != AGT_OK || (rc = agt_list(&it, txn, AGT_T_REPORT, AGT_BY_LOT,
	    key)) != AGT_OK)
		return rc;
	while ((rc = agt_iter_next(it, &r)) == AGT_OK)
		if ((rc = add_entry(txn, arr, agt_record_seq(r), cp)) != AGT_OK ||
		    (rc = add_current(txn, arr, cp, AGT_T_AGENCY,
		    agt_record_get(r, AGT_F_AGENCY))) != AGT_OK)
			break;
	agt_iter_free(it);
	if (rc != AGT_ITEROVER)
		return rc;
	return add_hold(txn, arr, cp, key);
}

int
agt_proof_create(char **out, agt_txn *txn, const char *lotkey,
    const char *note, size_t len)
{
	unsigned char root[AGT_HASH_LEN];
	agt_checkpoint cp;
	json_t *doc, *arr;
	char *text;
	uint64_t head;
	int rc;

	*out = NULL;
	if ((rc = agt_checkpoint_verify(&cp, note, len, NULL)) != AGT_OK)
		return agti_rethrow(txn->db, NULL, rc, "proof");
	if ((rc = agt_ledger_head(txn, &head, NULL)) != AGT_OK)
		return rc;
	if (cp.size > head || agt_merkle_root(root, cp.size, agt_tree_node,
	    txn) != AGT_OK || memcmp(root, cp.root, AGT_HASH_LEN) != 0)
		return agti_error(txn->db, AGT_EINTEGRITY, "proof: the "
		    "checkpoint is not of this register's tree");
	arr = json_array();
	if ((rc = add_lot(txn, arr, &cp, lotkey)) != AGT_OK) {
		json_decref(arr);
		return rc;
	}
	doc = json_pack("{s:s, s:s, s:s%, s:o}", "format", PROOF_FORMAT,
	    "lot", lotkey, "checkpoint", note, len, "entries", arr);
	if (doc == NULL)
		return AGT_ENOMEM;
	text = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (text == NULL)
		return AGT_ENOMEM;
	*out = text;
	return AGT_OK;
}

static int
b64_field(unsigned char **out, size_t *len, json_t *j)
{
	if (!json_is_string(j))
		return AGT_EFORMAT;
	return agt_base64_decode(out, len, json_string_value(j));
}

/* Check one entry of the bundle against the checkpoint; keep its record. */
static int
verify_entry(agt_proof *p, json_t *obj, size_t idx)
{
	unsigned char proof[AGT_MERKLE_MAX_PROOF][AGT_HASH_LEN];
	unsigned char leaf[AGT_HASH_LEN], *e = NULL, *h;
	json_t *seqj = json_object_get(obj, "seq");
	json_t *arr = json_object_get(obj, "proof"), *x;
	size_t elen, hlen, n, i;
	uint64_t seq;
	int rc;

	if (!json_is_integer(seqj) || json_integer_value(seqj) < 1 ||
	    !json_is_array(arr) || json_array_size(arr) > AGT_MERKLE_MAX_PROOF)
		return agti_error(NULL, AGT_EFORMAT, "proof entry %zu: needs seq "
		    "and proof", idx);
	seq = (uint64_t)json_integer_value(seqj);
	json_array_foreach(arr, n, x) {
		h = NULL;
		if (b64_field(&h, &hlen, x) != AGT_OK || hlen != AGT_HASH_LEN) {
			free(h);
			return agti_error(NULL, AGT_EFORMAT, "proof entry %zu: bad "
			    "hash", idx);
		}
		memcpy(proof[n], h, AGT_HASH_LEN);
		free(h);
	}
	n = json_array_size(arr);
	if (b64_field(&e, &elen, json_object_get(obj, "entry")) != AGT_OK ||
	    elen < AGTI_ENTRY_PREFIX + 2 || agti_get_be64(e) != seq) {
		free(e);
		return agti_error(NULL, AGT_EFORMAT, "proof entry %zu: bad entry",
		    idx);
	}
	agt_merkle_leaf_hash(leaf, e, elen);
	rc = seq > p->cp.size ? AGT_EINTEGRITY :
	    agt_merkle_verify_inclusion(leaf, seq - 1, p->cp.size, proof, n,
	    p->cp.root);
	if (rc == AGT_OK && (e[8] != e[AGTI_ENTRY_PREFIX + 1] ||
	    agt_record_decode(&p->recs[idx], e + AGTI_ENTRY_PREFIX,
	    elen - AGTI_ENTRY_PREFIX) != AGT_OK))
		rc = AGT_EFORMAT;
	free(e);
	if (rc != AGT_OK)
		return agti_error(NULL, rc, "entry %llu: %s",
		    (unsigned long long)seq, rc == AGT_EFORMAT ? "bad record" :
		    "not in the checkpoint's tree (inclusion proof fails)");
	p->seqs[idx] = seq;
	for (i = 0; i < idx; i++)
		if (p->seqs[i] == seq)
			return agti_error(NULL, AGT_EFORMAT, "entry %llu: given "
			    "twice", (unsigned long long)seq);
	return AGT_OK;
}

static int
verify_doc(agt_proof *p, json_t *doc, const unsigned char pub[32])
{
	json_t *cpj = json_object_get(doc, "checkpoint");
	json_t *arr = json_object_get(doc, "entries");
	const char *fmt = json_string_value(json_object_get(doc, "format"));
	size_t i;
	int rc;

	if (fmt == NULL || strcmp(fmt, PROOF_FORMAT) != 0 ||
	    !json_is_string(cpj) || !json_is_array(arr))
		return agti_error(NULL, AGT_EFORMAT, "not an agtrace proof "
		    "bundle (%s)", PROOF_FORMAT);
	if ((rc = agt_checkpoint_verify(&p->cp, json_string_value(cpj),
	    json_string_length(cpj), pub)) != AGT_OK)
		return rc;
	p->n = json_array_size(arr);
	if ((p->recs = calloc(p->n + 1, sizeof *p->recs)) == NULL ||
	    (p->seqs = calloc(p->n + 1, sizeof *p->seqs)) == NULL)
		return AGT_ENOMEM;
	for (i = 0; i < p->n; i++)
		if ((rc = verify_entry(p, json_array_get(arr, i), i)) != AGT_OK)
			return rc;
	return AGT_OK;
}

int
agt_proof_verify(agt_proof **out, const char *bundle, size_t len,
    const unsigned char pub[32])
{
	json_error_t err;
	agt_proof *p;
	json_t *doc;
	int rc;

	*out = NULL;
	if ((doc = json_loadb(bundle, len, JSON_REJECT_DUPLICATES, &err)) == NULL)
		return agti_error(NULL, AGT_EFORMAT, "proof bundle: line %d: %s",
		    err.line, err.text);
	if ((p = calloc(1, sizeof *p)) == NULL) {
		json_decref(doc);
		return AGT_ENOMEM;
	}
	rc = verify_doc(p, doc, pub);
	json_decref(doc);
	if (rc != AGT_OK) {
		agt_proof_free(p);
		return rc;
	}
	*out = p;
	return AGT_OK;
}

const agt_checkpoint *
agt_proof_checkpoint(const agt_proof *p)
{
	return &p->cp;
}

size_t
agt_proof_count(const agt_proof *p)
{
	return p->n;
}

const agt_record *
agt_proof_record(const agt_proof *p, size_t i, uint64_t *seq)
{
	if (i >= p->n)
		return NULL;
	if (seq != NULL)
		*seq = p->seqs[i];
	return p->recs[i];
}

void
agt_proof_free(agt_proof *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; p->recs != NULL && i < p->n; i++)
		agt_record_free(p->recs[i]);
	free(p->recs);
	free(p->seqs);
	free(p);
}
