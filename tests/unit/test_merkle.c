/*
 * test_merkle.c - RFC 6962 hashing against the reference vectors and a
 * brute-force tree; inclusion and consistency proofs for every pair of
 * sizes up to 200; signed-note checkpoints.
 */
#include "private.h"
#include "replica_private.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define MAXLEAVES 2600
#define PROOF_SIZES 200

/* levels[l][i]: hash of the complete subtree at level l, index i. */
static unsigned char (*levels[16])[AGT_HASH_LEN];
static uint64_t level_len[16];
static int source_calls;

static void
hex_to_bin(unsigned char *out, size_t *outlen, const char *hex)
{
	size_t n = 0;

	while (hex[0] && hex[1] && hex[0] != '\n') {
		sscanf(hex, "%2hhx", &out[n++]);
		hex += 2;
	}
	*outlen = n;
}

static void
make_leaf(unsigned char out[AGT_HASH_LEN], uint64_t i)
{
	unsigned char entry[12];
	size_t len = 1 + i % 11, k;

	for (k = 0; k < len; k++)
		entry[k] = (unsigned char)(i * 7 + k);
	agt_merkle_leaf_hash(out, entry, len);
}

/* Fill levels[] for N leaves: every complete subtree. */
static void
build_levels(uint64_t n)
{
	unsigned l;
	uint64_t i;

	for (l = 0; l < 16; l++) {
		free(levels[l]);
		levels[l] = calloc(n + 1, AGT_HASH_LEN);
		level_len[l] = 0;
	}
	for (i = 0; i < n; i++)
		make_leaf(levels[0][i], i);
	level_len[0] = n;
	for (l = 1; l < 16; l++) {
		level_len[l] = level_len[l - 1] / 2;
		for (i = 0; i < level_len[l]; i++)
			agt_merkle_node_hash(levels[l][i], levels[l - 1][2 * i],
			    levels[l - 1][2 * i + 1]);
	}
}

static int
source(unsigned char out[AGT_HASH_LEN], unsigned level, uint64_t index,
    void *payload)
{
	uint64_t *limit = payload;

	source_calls++;
	if (level >= 16 || index >= level_len[level])
		return AGT_EINVAL;
	/* a proof for a tree of *limit leaves must not look past it */
	if (limit != NULL && ((index + 1) << level) > *limit)
		return AGT_EINTEGRITY;
	memcpy(out, levels[level][index], AGT_HASH_LEN);
	return AGT_OK;
}

/* MTH by the RFC's definition, straight from the leaves. */
static void
brute_root(unsigned char out[AGT_HASH_LEN], uint64_t begin, uint64_t end)
{
	unsigned char l[AGT_HASH_LEN], r[AGT_HASH_LEN];
	uint64_t k = 1;

	if (end - begin == 1) {
		memcpy(out, levels[0][begin], AGT_HASH_LEN);
		return;
	}
	while (k << 1 < end - begin)
		k <<= 1;
	brute_root(l, begin, begin + k);
	brute_root(r, begin + k, end);
	agt_merkle_node_hash(out, l, r);
}

static void
test_vectors(void **state)
{
	const char *dir = getenv("SHARED_DIR");
	char path[4096], line[512], kind[16];
	unsigned char leaf[8][AGT_HASH_LEN], want[64], got[AGT_HASH_LEN];
	unsigned char entry[64];
	unsigned idx;
	size_t len;
	int roots = 0;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof path, "%s/standards/rfc6962/vectors.tsv",
	    dir ? dir : "../../shared");
	assert_non_null(fp = fopen(path, "r"));
	for (idx = 0; idx < 16; idx++) {
		free(levels[idx]);
		levels[idx] = calloc(9, AGT_HASH_LEN);
		level_len[idx] = 0;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		char *tab2;

		if (line[0] == '#' || sscanf(line, "%15s %u", kind, &idx) != 2)
			continue;
		tab2 = strchr(strchr(line, '\t') + 1, '\t');
		tab2 = tab2 ? tab2 + 1 : (char *)"";
		if (strcmp(kind, "leaf") == 0) {
			hex_to_bin(entry, &len, tab2);
			agt_merkle_leaf_hash(leaf[idx], entry, len);
			memcpy(levels[0][idx], leaf[idx], AGT_HASH_LEN);
			level_len[0] = idx + 1;
			continue;
		}
		hex_to_bin(want, &len, tab2);
		assert_int_equal(len, AGT_HASH_LEN);
		/* levels above the leaves for the 8 vector leaves */
		for (unsigned l = 1; l < 4; l++) {
			level_len[l] = level_len[l - 1] / 2;
			for (uint64_t i = 0; i < level_len[l]; i++)
				agt_merkle_node_hash(levels[l][i],
				    levels[l - 1][2 * i], levels[l - 1][2 * i + 1]);
		}
		assert_int_equal(agt_merkle_root(got, idx, source, NULL), AGT_OK);
		assert_memory_equal(got, want, AGT_HASH_LEN);
		roots++;
	}
	fclose(fp);
	assert_int_equal(roots, 9);
}

static void
test_brute_force_roots(void **state)
{
	unsigned char want[AGT_HASH_LEN], got[AGT_HASH_LEN];
	uint64_t n;

	(void)state;
	build_levels(MAXLEAVES);
	for (n = 1; n <= MAXLEAVES; n += (n < 300 ? 1 : 37)) {
		brute_root(want, 0, n);
		source_calls = 0;
		assert_int_equal(agt_merkle_root(got, n, source, &n), AGT_OK);
		assert_memory_equal(got, want, AGT_HASH_LEN);
		assert_true(source_calls <= 64); /* O(log n) */
	}
	brute_root(want, 0, MAXLEAVES);
	n = MAXLEAVES;
	assert_int_equal(agt_merkle_root(got, n, source, &n), AGT_OK);
	assert_memory_equal(got, want, AGT_HASH_LEN);
}

static void
test_inclusion_all_pairs(void **state)
{
	unsigned char proof[AGT_MERKLE_MAX_PROOF][AGT_HASH_LEN];
	unsigned char root[AGT_HASH_LEN], bad[AGT_HASH_LEN];
	uint64_t size, i;
	size_t n;

	(void)state;
	build_levels(PROOF_SIZES);
	for (size = 1; size <= PROOF_SIZES; size++) {
		brute_root(root, 0, size);
		for (i = 0; i < size; i++) {
			assert_int_equal(agt_merkle_inclusion(proof, &n, i, size,
			    source, &size), AGT_OK);
			assert_int_equal(agt_merkle_verify_inclusion(levels[0][i],
			    i, size, proof, n, root), AGT_OK);
			/* the same proof for another leaf or a flipped hash fails */
			if (size > 1)
				assert_int_equal(agt_merkle_verify_inclusion(
				    levels[0][(i + 1) % size], i, size, proof, n,
				    root), AGT_EINTEGRITY);
			if (n > 0) {
				proof[n / 2][3] ^= 1;
				assert_int_equal(agt_merkle_verify_inclusion(
				    levels[0][i], i, size, proof, n, root),
				    AGT_EINTEGRITY);
				/* a truncated proof fails */
				assert_int_not_equal(agt_merkle_verify_inclusion(
				    levels[0][i], i, size, proof, n - 1, root),
				    AGT_OK);
			}
		}
	}
	memset(bad, 0, sizeof bad);
	assert_int_equal(agt_merkle_inclusion(proof, &n, 5, 5, source, NULL),
	    AGT_EINVAL);
	assert_int_equal(agt_merkle_verify_inclusion(bad, 5, 5, proof, 0, bad),
	    AGT_EINVAL);
}

static void
test_consistency_all_pairs(void **state)
{
	unsigned char proof[AGT_MERKLE_MAX_PROOF][AGT_HASH_LEN];
	unsigned char roots[PROOF_SIZES + 1][AGT_HASH_LEN];
	uint64_t s1, s2;
	size_t n;

	(void)state;
	build_levels(PROOF_SIZES);
	assert_int_equal(agt_merkle_root(roots[0], 0, source, NULL), AGT_OK);
	for (s1 = 1; s1 <= PROOF_SIZES; s1++)
		brute_root(roots[s1], 0, s1);
	for (s2 = 1; s2 <= PROOF_SIZES; s2++) {
		for (s1 = 0; s1 <= s2; s1++) {
			assert_int_equal(agt_merkle_consistency(proof, &n, s1, s2,
			    source, &s2), AGT_OK);
			assert_int_equal(agt_merkle_verify_consistency(s1,
			    roots[s1], s2, roots[s2], proof, n), AGT_OK);
			if (s1 == 0 || s1 == s2)
				continue;
			/* a forked new tree or old tree is refused */
			assert_int_equal(agt_merkle_verify_consistency(s1,
			    roots[s1 - 1], s2, roots[s2], proof, n),
			    AGT_EINTEGRITY);
			if (s2 > 1)
				assert_int_not_equal(agt_merkle_verify_consistency(
				    s1, roots[s1], s2, roots[s2 - 1], proof, n),
				    AGT_OK);
			proof[n - 1][0] ^= 0x80;
			assert_int_equal(agt_merkle_verify_consistency(s1,
			    roots[s1], s2, roots[s2], proof, n), AGT_EINTEGRITY);
		}
	}
	/* a rollback is refused */
	assert_int_equal(agt_merkle_verify_consistency(5, roots[5], 4, roots[4],
	    proof, 0), AGT_EINVAL);
	assert_int_equal(agt_merkle_consistency(proof, &n, 5, 4, source, NULL),
	    AGT_EINVAL);
}

/* The example of the Go signed-note package (facts: keys and signature). */
static void
test_note_reference(void **state)
{
	static const char text[] =
	    "If you think cryptography is the answer to your problem,\n"
	    "then you don't know what your problem is.\n";
	static const char sig[] = "\xe2\x80\x94 PeterNeumann "
	    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXg"
	    "KvqfqdngotpRZb6KE6RyyBwJnAM=\n";
	unsigned char *raw, seed[32], pub[32], pub2[32];
	size_t len, blen;
	char *note, path[] = "/tmp/agt-note-key.XXXXXX";
	FILE *fp;
	int fd;

	(void)state;
	assert_int_equal(agt_base64_decode(&raw, &len,
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"), AGT_OK);
	assert_int_equal(len, 33);
	memcpy(seed, raw + 1, 32);
	free(raw);
	assert_int_equal(agt_base64_decode(&raw, &len,
	    "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"), AGT_OK);
	memcpy(pub, raw + 1, 32);
	free(raw);
	assert_int_equal(agti_note_sign(&note, text, strlen(text),
	    "PeterNeumann", seed), AGT_OK);
	assert_string_equal(note + strlen(text) + 1, sig);
	assert_int_equal(agti_note_open(note, strlen(note), "PeterNeumann", pub,
	    &blen), AGT_OK);
	assert_int_equal(blen, strlen(text));
	note[3] ^= 1;
	assert_int_equal(agti_note_open(note, strlen(note), "PeterNeumann", pub,
	    &blen), AGT_ESIGNATURE);
	free(note);

	/* key files: the Go verifier key format loads the same public key */
	assert_true((fd = mkstemp(path)) >= 0);
	fp = fdopen(fd, "w");
	fputs("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n",
	    fp);
	fclose(fp);
	assert_int_equal(agt_replica_key_load(pub2, path, 0), AGT_OK);
	assert_memory_equal(pub, pub2, 32);
	assert_int_not_equal(agt_replica_key_load(pub2, path, 1), AGT_OK);
	fp = fopen(path, "w");
	fputs("PRIVATE+KEY+PeterNeumann+c74f20a3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n", fp);
	fclose(fp);
	assert_int_equal(agt_replica_key_load(pub2, path, 1), AGT_OK);
	assert_memory_equal(seed, pub2, 32);
	assert_int_equal(agt_replica_key_load(pub2, path, 0), AGT_OK);
	assert_memory_equal(pub, pub2, 32);
	unlink(path);
	assert_int_equal(agt_replica_key_load(pub2, path, 0), AGT_ENOTFOUND);
}

static void
test_checkpoint(void **state)
{
	agt_checkpoint cp, got;
	unsigned char seed[32], pub[32], other[32];
	char *note, *body;
	size_t i;

	(void)state;
	for (i = 0; i < 32; i++) {
		seed[i] = (unsigned char)i;
		other[i] = (unsigned char)(i + 1);
	}
	assert_int_equal(agti_ed25519_public(pub, seed), AGT_OK);
	memset(&cp, 0, sizeof cp);
	strcpy(cp.origin, "register.example/agtrace");
	cp.size = 1234567;
	for (i = 0; i < AGT_HASH_LEN; i++)
		cp.root[i] = (unsigned char)(0xa0 + i);
	assert_int_equal(agt_checkpoint_sign(&note, &cp, seed), AGT_OK);
	assert_int_equal(strncmp(note, "register.example/agtrace\n1234567\n", 33),
	    0);
	assert_non_null(strstr(note, "\n\n\xe2\x80\x94 register.example/agtrace "));
	assert_int_equal(agt_checkpoint_verify(&got, note, strlen(note), pub),
	    AGT_OK);
	assert_string_equal(got.origin, cp.origin);
	assert_true(got.size == cp.size);
	assert_memory_equal(got.root, cp.root, AGT_HASH_LEN);
	/* the wrong key, a changed size, no signature */
	assert_int_equal(agti_ed25519_public(other, other), AGT_OK);
	assert_int_equal(agt_checkpoint_verify(&got, note, strlen(note), other),
	    AGT_ESIGNATURE);
	note[strlen(cp.origin) + 1] = '2';
	assert_int_equal(agt_checkpoint_verify(&got, note, strlen(note), pub),
	    AGT_ESIGNATURE);
	free(note);
	assert_int_equal(agt_checkpoint_sign(&body, &cp, NULL), AGT_OK);
	assert_int_equal(agt_checkpoint_verify(&got, body, strlen(body), NULL),
	    AGT_OK);
	assert_int_equal(agt_checkpoint_verify(&got, body, strlen(body), pub),
	    AGT_ESIGNATURE);
	free(body);
	/* malformed bodies */
	assert_int_equal(agt_checkpoint_verify(&got, "o\n01\nAAAA\n", 10, NULL),
	    AGT_EFORMAT);
	assert_int_equal(agt_checkpoint_verify(&got, "o\n1\nAAAA\n", 9, NULL),
	    AGT_EFORMAT);
	assert_int_equal(agt_checkpoint_verify(&got, "o\n1\n", 4, NULL),
	    AGT_EFORMAT);
	assert_int_equal(agt_checkpoint_verify(&got, "", 0, NULL), AGT_EFORMAT);
	/* a root with a byte over 0x7f (libsodium 1.0.18 read 0x96 as '/') */
	assert_int_equal(agt_checkpoint_verify(&got, "o\n1\n"
	    "0OyvL\x96" "7dT9wyjvo9JFtciobm+PgTMkKLbw6hqeSRQHw=\n", 49, NULL),
	    AGT_EFORMAT);
	assert_int_equal(agt_checkpoint_verify(&got, "o\n1\n"
	    "0OyvL/7dT9wyjvo9JFtciobm+PgTMkKLbw6hqeSRQHw=\n", 49, NULL), AGT_OK);
	strcpy(cp.origin, "has space");
	assert_int_equal(agt_checkpoint_sign(&body, &cp, NULL), AGT_EINVAL);
}

static int
teardown(void **state)
{
	unsigned l;

	(void)state;
	for (l = 0; l < 16; l++) {
		free(levels[l]);
		levels[l] = NULL;
	}
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_brute_force_roots),
		cmocka_unit_test(test_inclusion_all_pairs),
		cmocka_unit_test(test_consistency_all_pairs),
		cmocka_unit_test(test_note_reference),
		cmocka_unit_test(test_checkpoint),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
