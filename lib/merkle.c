/*
 * merkle.c - RFC 6962 / RFC 9162 Merkle tree hashing, tree heads and
 * proofs.  Nothing here touches the register: the hashes of complete
 * subtrees come from a caller's source, and verification needs only the
 * proof, so a sales point checks proofs with no LMDB at all.
 */
#include "db_private.h"

#include <string.h>

#include <gcrypt.h>

/* libgcrypt hashes a short buffer 4x faster than OpenSSL's SHA256(). */
static void
sha256(unsigned char out[AGT_HASH_LEN], const void *a, size_t alen,
    const void *b, size_t blen)
{
	gcry_buffer_t iov[2];

	agti_crypto_init();
	memset(iov, 0, sizeof iov);
	iov[0].data = (void *)a;
	iov[0].len = alen;
	iov[1].data = (void *)b;
	iov[1].len = blen;
	gcry_md_hash_buffers(GCRY_MD_SHA256, 0, out, iov, blen > 0 ? 2 : 1);
}

void
agt_merkle_leaf_hash(unsigned char out[AGT_HASH_LEN], const void *entry,
    size_t len)
{
	static const unsigned char zero = 0x00;

	sha256(out, &zero, 1, entry, len);
}

void
agt_merkle_node_hash(unsigned char out[AGT_HASH_LEN],
    const unsigned char left[AGT_HASH_LEN],
    const unsigned char right[AGT_HASH_LEN])
{
	unsigned char buf[1 + 2 * AGT_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, left, AGT_HASH_LEN);
	memcpy(buf + 1 + AGT_HASH_LEN, right, AGT_HASH_LEN);
	sha256(out, buf, sizeof buf, NULL, 0);
}

/* The largest power of two strictly below N (N >= 2). */
static uint64_t
split_point(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

static unsigned
log2_exact(uint64_t n)
{
	unsigned l = 0;

	while ((UINT64_C(1) << l) < n)
		l++;
	return l;
}

/*
 * MTH(D[begin:end]) for a range of the RFC 6962 recursion: its left part
 * is always a complete, aligned subtree, so walking down the right border
 * costs one source call per level.
 */
static int
range_hash(unsigned char out[AGT_HASH_LEN], uint64_t begin, uint64_t end,
    agt_merkle_source src, void *payload)
{
	unsigned char left[AGT_HASH_LEN], right[AGT_HASH_LEN];
	uint64_t n = end - begin, k;
	unsigned level;
	int rc;

	if ((n & (n - 1)) == 0) {
		level = log2_exact(n);
		return src(out, level, begin >> level, payload);
	}
	k = split_point(n);
	level = log2_exact(k);
	if ((rc = src(left, level, begin >> level, payload)) != AGT_OK ||
	    (rc = range_hash(right, begin + k, end, src, payload)) != AGT_OK)
		return rc;
	agt_merkle_node_hash(out, left, right);
	return AGT_OK;
}

int
agt_merkle_root(unsigned char out[AGT_HASH_LEN], uint64_t size,
    agt_merkle_source src, void *payload)
{
	if (size == 0) {
		sha256(out, "", 0, NULL, 0);
		return AGT_OK;
	}
	return range_hash(out, 0, size, src, payload);
}

/* Proofs are built leaf-side first; this appends one more hash. */
struct proof {
	unsigned char (*h)[AGT_HASH_LEN];
	size_t n;
};

static int
push_range(struct proof *p, uint64_t begin, uint64_t end,
    agt_merkle_source src, void *payload)
{
	int rc;

	if (p->n >= AGT_MERKLE_MAX_PROOF)
		return AGT_EINVAL;
	if ((rc = range_hash(p->h[p->n], begin, end, src, payload)) != AGT_OK)
		return rc;
	p->n++;
	return AGT_OK;
}

/* RFC 9162 2.1.3.1 PATH(m, D[begin:end]). */
static int
path(struct proof *p, uint64_t m, uint64_t begin, uint64_t end,
    agt_merkle_source src, void *payload)
{
	uint64_t k;
	int rc;

	if (end - begin <= 1)
		return AGT_OK;
	k = split_point(end - begin);
	if (m < begin + k) {
		if ((rc = path(p, m, begin, begin + k, src, payload)) != AGT_OK)
			return rc;
		return push_range(p, begin + k, end, src, payload);
	}
	if ((rc = path(p, m, begin + k, end, src, payload)) != AGT_OK)
		return rc;
	return push_range(p, begin, begin + k, src, payload);
}

int
agt_merkle_inclusion(unsigned char out[][AGT_HASH_LEN], size_t *n,
    uint64_t index, uint64_t size, agt_merkle_source src, void *payload)
{
	struct proof p = { out, 0 };
	int rc;

	*n = 0;
	if (index >= size)
		return AGT_EINVAL;
	if ((rc = path(&p, index, 0, size, src, payload)) == AGT_OK)
		*n = p.n;
	return rc;
}

/* RFC 9162 2.1.4.1 SUBPROOF(m, D[begin:end], whole). */
static int
subproof(struct proof *p, uint64_t m, uint64_t begin, uint64_t end,
    int whole, agt_merkle_source src, void *payload)
{
	uint64_t n = end - begin, k;
	int rc;

	if (m == n)
		return whole ? AGT_OK : push_range(p, begin, end, src, payload);
	k = split_point(n);
	if (m <= k) {
		if ((rc = subproof(p, m, begin, begin + k, whole, src,
		    payload)) != AGT_OK)
			return rc;
		return push_range(p, begin + k, end, src, payload);
	}
	if ((rc = subproof(p, m - k, begin + k, end, 0, src, payload)) != AGT_OK)
		return rc;
	return push_range(p, begin, begin + k, src, payload);
}

int
agt_merkle_consistency(unsigned char out[][AGT_HASH_LEN], size_t *n,
    uint64_t size1, uint64_t size2, agt_merkle_source src, void *payload)
{
	struct proof p = { out, 0 };
	int rc;

	*n = 0;
	if (size1 > size2)
		return AGT_EINVAL;
	if (size1 == 0 || size1 == size2)
		return AGT_OK;
	if ((rc = subproof(&p, size1, 0, size2, 1, src, payload)) == AGT_OK)
		*n = p.n;
	return rc;
}

/* Shift FN and SN right together until FN's low bit is set or FN is 0. */
static void
shift_to_odd(uint64_t *fn, uint64_t *sn)
{
	while (*fn != 0 && (*fn & 1) == 0) {
		*fn >>= 1;
		*sn >>= 1;
	}
}

int
agt_merkle_verify_inclusion(const unsigned char leaf[AGT_HASH_LEN],
    uint64_t index, uint64_t size, const unsigned char proof[][AGT_HASH_LEN],
    size_t n, const unsigned char root[AGT_HASH_LEN])
{
	unsigned char r[AGT_HASH_LEN];
	uint64_t fn = index, sn;
	size_t i;

	if (index >= size)
		return AGT_EINVAL;
	sn = size - 1;
	memcpy(r, leaf, AGT_HASH_LEN);
	for (i = 0; i < n; i++) {
		if (sn == 0)
			return AGT_EINTEGRITY;
		if ((fn & 1) || fn == sn) {
			agt_merkle_node_hash(r, proof[i], r);
			shift_to_odd(&fn, &sn);
		} else
			agt_merkle_node_hash(r, r, proof[i]);
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || memcmp(r, root, AGT_HASH_LEN) != 0)
		return AGT_EINTEGRITY;
	return AGT_OK;
}

int
agt_merkle_verify_consistency(uint64_t size1,
    const unsigned char root1[AGT_HASH_LEN], uint64_t size2,
    const unsigned char root2[AGT_HASH_LEN],
    const unsigned char proof[][AGT_HASH_LEN], size_t n)
{
	unsigned char fr[AGT_HASH_LEN], sr[AGT_HASH_LEN];
	const unsigned char *c;
	uint64_t fn, sn;
	size_t i = 0;

	if (size1 > size2)
		return AGT_EINVAL;
	if (size1 == size2)
		return n == 0 && memcmp(root1, root2, AGT_HASH_LEN) == 0 ?
		    AGT_OK : AGT_EINTEGRITY;
	if (size1 == 0)
		return n == 0 ? AGT_OK : AGT_EINTEGRITY;
	if (n == 0)
		return AGT_EINTEGRITY;
	fn = size1 - 1;
	sn = size2 - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	/* A power-of-two old tree is itself the first node of the path. */
	c = (size1 & (size1 - 1)) == 0 ? root1 : proof[i++];
	memcpy(fr, c, AGT_HASH_LEN);
	memcpy(sr, c, AGT_HASH_LEN);
	for (; i < n; i++) {
		if (sn == 0)
			return AGT_EINTEGRITY;
		if ((fn & 1) || fn == sn) {
			agt_merkle_node_hash(fr, proof[i], fr);
			agt_merkle_node_hash(sr, proof[i], sr);
			shift_to_odd(&fn, &sn);
		} else
			agt_merkle_node_hash(sr, sr, proof[i]);
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || memcmp(fr, root1, AGT_HASH_LEN) != 0 ||
	    memcmp(sr, root2, AGT_HASH_LEN) != 0)
		return AGT_EINTEGRITY;
	return AGT_OK;
}
