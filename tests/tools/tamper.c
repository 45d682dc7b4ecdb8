/*
 * tamper.c - edit a register's LMDB databases behind the library's back,
 * the way an attacker or a failing disk would, for the tamper tests.
 *
 *   tamper DIR get DB KEY            print the value (hex)
 *   tamper DIR put DB KEY HEX        store a value (added to a dupsort DB)
 *   tamper DIR del DB KEY [HEX]      delete a key (or one dupsort value)
 *   tamper DIR flip DB KEY OFF       invert byte OFF of the value (OFF < 0:
 *                                    from the end)
 *   tamper DIR truncate DB KEY LEN   cut the value to LEN bytes
 *   tamper DIR swap DB KEY1 KEY2     exchange two values
 *   tamper DIR keys DB               list the keys (and values) in hex
 *   tamper DIR drop DB               delete a whole database
 *   tamper DIR dbs -                 list the named databases: name and
 *                                    "dupsort" or "plain"
 *   tamper DIR replace DB KEY OLD NEW  replace the first OLD text in the
 *                                    value by NEW (same length)
 *   tamper DIR rechain ledger SEQ    recompute the ledger's hash chain from
 *                                    entry SEQ on and the meta head, as a
 *                                    forger who rewrote history would
 *
 * flip, truncate and swap replace values: use them on plain databases
 * (the ledger, primary indexes), not on dupsort ones.
 *
 * DB "main" is the unnamed database.  KEY: "seq:N" (u64 big-endian, the
 * ledger's keys), "hex:..." (raw bytes) or plain text.
 * A ledger entry is type (1 byte) | prev hash (32) | hash (32) | record,
 * hash = SHA-256(prev || seq (8 bytes big-endian) || type || record);
 * meta "head" is seq (8) | hash (32).
 * Exit 0 on success, 1 when the key is missing, 2 on usage or LMDB errors.
 */
#include <lmdb.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bytes {
	unsigned char *p;
	size_t len;
};

static void
fail(const char *what, int rc)
{
	fprintf(stderr, "tamper: %s: %s\n", what, rc ? mdb_strerror(rc) : "bad usage");
	exit(2);
}

static struct bytes
parse_hex(const char *s)
{
	struct bytes b;
	size_t i;
	unsigned v;

	b.len = strlen(s) / 2;
	if ((b.p = malloc(b.len + 1)) == NULL)
		fail("malloc", 0);
	for (i = 0; i < b.len; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			fail("hex", 0);
		b.p[i] = (unsigned char)v;
	}
	return b;
}

static struct bytes
parse_key(const char *s)
{
	struct bytes b;
	unsigned long long seq;
	int i;

	if (strncmp(s, "hex:", 4) == 0)
		return parse_hex(s + 4);
	if (strncmp(s, "seq:", 4) == 0) {
		seq = strtoull(s + 4, NULL, 10);
		b.len = 8;
		if ((b.p = malloc(8)) == NULL)
			fail("malloc", 0);
		for (i = 7; i >= 0; i--, seq >>= 8)
			b.p[i] = (unsigned char)(seq & 0xff);
		return b;
	}
	b.len = strlen(s);
	b.p = (unsigned char *)strdup(s);
	return b;
}

static void
print_hex(const MDB_val *v)
{
	size_t i;

	for (i = 0; i < v->mv_size; i++)
		printf("%02x", ((unsigned char *)v->mv_data)[i]);
}

static int
get_copy(MDB_txn *txn, MDB_dbi dbi, struct bytes *key, struct bytes *out)
{
	MDB_val k = { key->len, key->p }, v;
	int rc;

	if ((rc = mdb_get(txn, dbi, &k, &v)) == MDB_NOTFOUND)
		return 1;
	if (rc != 0)
		fail("get", rc);
	out->len = v.mv_size;
	if ((out->p = malloc(v.mv_size + 1)) == NULL)
		fail("malloc", 0);
	memcpy(out->p, v.mv_data, v.mv_size);
	return 0;
}

static void
put(MDB_txn *txn, MDB_dbi dbi, struct bytes *key, struct bytes *val)
{
	MDB_val k = { key->len, key->p }, v = { val->len, val->p };
	int rc = mdb_put(txn, dbi, &k, &v, 0);

	if (rc != 0 && rc != MDB_KEYEXIST)
		fail("put", rc);
}

static int
keys(MDB_txn *txn, MDB_dbi dbi)
{
	MDB_cursor *c;
	MDB_val k, v;
	int rc;

	if ((rc = mdb_cursor_open(txn, dbi, &c)) != 0)
		fail("cursor", rc);
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		print_hex(&k);
		putchar(' ');
		print_hex(&v);
		putchar('\n');
	}
	mdb_cursor_close(c);
	return 0;
}

static void
entry_hash(const unsigned char *prev, const unsigned char *seqbe,
    const unsigned char *entry, size_t len, unsigned char out[32])
{
	/* libsodium's SHA-256, not the library's libgcrypt: a second opinion. */
	crypto_hash_sha256_state md;

	if (crypto_hash_sha256_init(&md) != 0 ||
	    crypto_hash_sha256_update(&md, prev, 32) != 0 ||
	    crypto_hash_sha256_update(&md, seqbe, 8) != 0 ||
	    crypto_hash_sha256_update(&md, entry, 1) != 0 ||
	    crypto_hash_sha256_update(&md, entry + 65, len - 65) != 0 ||
	    crypto_hash_sha256_final(&md, out) != 0)
		fail("sha256", 0);
}

/* Rewrite prev and hash of every ledger entry from FROM on, then the head. */
static int
rechain(MDB_txn *txn, MDB_dbi ledger, uint64_t from)
{
	unsigned char prev[32], head[40];
	MDB_val k, v, hk = { 4, (void *)"head" }, hv = { sizeof head, head };
	MDB_cursor *c;
	MDB_dbi meta;
	uint64_t seq = 0;
	int rc, op = MDB_FIRST;

	memset(prev, 0, sizeof prev);
	if ((rc = mdb_cursor_open(txn, ledger, &c)) != 0)
		fail("cursor", rc);
	while ((rc = mdb_cursor_get(c, &k, &v, op)) == 0) {
		unsigned char *e = v.mv_data, copy[65];
		const unsigned char *kb = k.mv_data;
		int i;

		op = MDB_NEXT;
		for (seq = 0, i = 0; i < 8; i++)
			seq = seq << 8 | kb[i];
		if (v.mv_size < 65)
			fail("rechain: short entry", 0);
		if (seq >= from) {
			memcpy(copy, e, 65);
			memcpy(copy + 1, prev, 32);
			entry_hash(prev, kb, e, v.mv_size, copy + 33);
			/* Write in place: same size, so the cursor stays put. */
			{
				unsigned char *buf = malloc(v.mv_size);
				MDB_val nv = { v.mv_size, buf };

				if (buf == NULL)
					fail("malloc", 0);
				memcpy(buf, e, v.mv_size);
				memcpy(buf, copy, 65);
				if ((rc = mdb_cursor_put(c, &k, &nv, MDB_CURRENT)) != 0)
					fail("rechain put", rc);
				free(buf);
			}
			memcpy(prev, copy + 33, 32);
		} else {
			memcpy(prev, e + 33, 32);
		}
		memcpy(head, kb, 8);
	}
	mdb_cursor_close(c);
	memcpy(head + 8, prev, 32);
	if ((rc = mdb_dbi_open(txn, "meta", 0, &meta)) != 0 ||
	    (rc = mdb_put(txn, meta, &hk, &hv, 0)) != 0)
		fail("rechain: meta head", rc);
	return 0;
}

/* Run OP on DBI; returns the exit status. */
static int
edit(MDB_txn *txn, MDB_dbi dbi, const char *op, int argc, char **argv)
{
	struct bytes key, val, other;
	MDB_val k, v;
	long off;
	int rc;

	if (strcmp(op, "keys") == 0)
		return keys(txn, dbi);
	if (strcmp(op, "drop") == 0 && argc == 0) {
		if ((rc = mdb_drop(txn, dbi, 1)) != 0)
			fail("drop", rc);
		return 0;
	}
	if (strcmp(op, "rechain") == 0 && argc == 1)
		return rechain(txn, dbi, strtoull(argv[0], NULL, 10));
	if (argc < 1)
		fail(op, 0);
	key = parse_key(argv[0]);
	k.mv_size = key.len;
	k.mv_data = key.p;
	if (strcmp(op, "put") == 0 && argc == 2) {
		val = parse_hex(argv[1]);
		put(txn, dbi, &key, &val);
		return 0;
	}
	if (strcmp(op, "del") == 0) {
		if (argc == 2) {
			val = parse_hex(argv[1]);
			v.mv_size = val.len;
			v.mv_data = val.p;
		}
		rc = mdb_del(txn, dbi, &k, argc == 2 ? &v : NULL);
		if (rc == MDB_NOTFOUND)
			return 1;
		if (rc != 0)
			fail("del", rc);
		return 0;
	}
	if (get_copy(txn, dbi, &key, &val) != 0)
		return 1;
	if (strcmp(op, "get") == 0) {
		v.mv_size = val.len;
		v.mv_data = val.p;
		print_hex(&v);
		putchar('\n');
		return 0;
	}
	if (strcmp(op, "flip") == 0 && argc == 2) {
		off = strtol(argv[1], NULL, 10);
		if (off < 0)
			off += (long)val.len;
		if (off < 0 || (size_t)off >= val.len)
			fail("flip: offset out of range", 0);
		val.p[off] ^= 0xff;
	} else if (strcmp(op, "truncate") == 0 && argc == 2) {
		off = strtol(argv[1], NULL, 10);
		if (off < 0 || (size_t)off > val.len)
			fail("truncate: length out of range", 0);
		val.len = (size_t)off;
	} else if (strcmp(op, "replace") == 0 && argc == 3 &&
	    strlen(argv[1]) == strlen(argv[2])) {
		size_t i, n = strlen(argv[1]);

		for (i = 0; i + n <= val.len; i++)
			if (memcmp(val.p + i, argv[1], n) == 0)
				break;
		if (i + n > val.len)
			return 1;
		memcpy(val.p + i, argv[2], n);
	} else if (strcmp(op, "swap") == 0 && argc == 2) {
		struct bytes key2 = parse_key(argv[1]);

		if (get_copy(txn, dbi, &key2, &other) != 0)
			return 1;
		put(txn, dbi, &key, &other);
		key = key2;
	} else {
		fail(op, 0);
	}
	put(txn, dbi, &key, &val);
	return 0;
}

static int
list_dbs(MDB_txn *txn)
{
	MDB_cursor *c;
	MDB_val k, v;
	MDB_dbi main_dbi, dbi;
	unsigned flags;
	char name[256];
	int rc;

	if ((rc = mdb_dbi_open(txn, NULL, 0, &main_dbi)) != 0 ||
	    (rc = mdb_cursor_open(txn, main_dbi, &c)) != 0)
		fail("main", rc);
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		if (k.mv_size >= sizeof name)
			continue;
		memcpy(name, k.mv_data, k.mv_size);
		name[k.mv_size] = '\0';
		if (mdb_dbi_open(txn, name, 0, &dbi) != 0 ||
		    mdb_dbi_flags(txn, dbi, &flags) != 0)
			continue;
		printf("%s %s\n", name, flags & MDB_DUPSORT ? "dupsort" : "plain");
	}
	mdb_cursor_close(c);
	return 0;
}

int
main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	int rc, status;

	if (argc < 4)
		fail("usage: tamper DIR OP DB [ARGS]", 0);
	if ((rc = mdb_env_create(&env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(env, 64)) != 0 ||
	    (rc = mdb_env_open(env, argv[1], 0, 0600)) != 0)
		fail(argv[1], rc);
	if ((rc = mdb_txn_begin(env, NULL, 0, &txn)) != 0)
		fail("txn", rc);
	if (strcmp(argv[2], "dbs") == 0)
		return list_dbs(txn);
	if ((rc = mdb_dbi_open(txn, strcmp(argv[3], "main") ? argv[3] : NULL,
	    0, &dbi)) != 0)
		fail(argv[3], rc);
	status = edit(txn, dbi, argv[2], argc - 4, argv + 4);
	if ((rc = mdb_txn_commit(txn)) != 0)
		fail("commit", rc);
	mdb_env_close(env);
	return status;
}
