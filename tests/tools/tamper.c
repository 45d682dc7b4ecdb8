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
 *
 * flip, truncate and swap replace values: use them on plain databases
 * (the ledger, primary indexes), not on dupsort ones.
 *
 * DB "main" is the unnamed database.  KEY: "seq:N" (u64 big-endian, the
 * ledger's keys), "hex:..." (raw bytes) or plain text.
 * Exit 0 on success, 1 when the key is missing, 2 on usage or LMDB errors.
 */
#include <lmdb.h>
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
	if ((rc = mdb_dbi_open(txn, strcmp(argv[3], "main") ? argv[3] : NULL,
	    0, &dbi)) != 0)
		fail(argv[3], rc);
	status = edit(txn, dbi, argv[2], argc - 4, argv + 4);
	if ((rc = mdb_txn_commit(txn)) != 0)
		fail("commit", rc);
	mdb_env_close(env);
	return status;
}
