/*
 * coretest.h - helpers of the core's unit tests: scratch registers and
 * direct LMDB access to tamper with one behind the library's back.
 */
#ifndef AGT_CORETEST_H
#define AGT_CORETEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <lmdb.h>

#include "agtrace.h"
#include "../tools/sample.h"
#include "../tools/rmtree.h"

/* A fresh scratch directory name (the directory itself is not made). */
__attribute__((noinline, unused)) static char *
scratch_path(void)
{
	char tmpl[] = "/tmp/agtrace-core-XXXXXX", *dir, *path;

	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	assert_true(asprintf(&path, "%s/reg", dir) > 0);
	return path;
}

__attribute__((noinline, unused)) static void
scratch_free(char *path)
{
	char *dir = strndup(path, (size_t)(strrchr(path, '/') - path));

	rm_tree(dir);
	free(dir);
	free(path);
}

/* Raw LMDB access to a register directory (no agt_db open on it). */
struct raw {
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
};

static inline void
raw_open(struct raw *r, const char *path, const char *dbname)
{
	assert_int_equal(mdb_env_create(&r->env), 0);
	assert_int_equal(mdb_env_set_maxdbs(r->env, 64), 0);
	assert_int_equal(mdb_env_set_mapsize(r->env, (size_t)1 << 30), 0);
	assert_int_equal(mdb_env_open(r->env, path, MDB_NOTLS, 0600), 0);
	assert_int_equal(mdb_txn_begin(r->env, NULL, 0, &r->txn), 0);
	assert_int_equal(mdb_dbi_open(r->txn, dbname, 0, &r->dbi), 0);
}

static inline void
raw_close(struct raw *r)
{
	assert_int_equal(mdb_txn_commit(r->txn), 0);
	mdb_env_close(r->env);
}

static inline MDB_val
seqkey(unsigned char k[8], uint64_t seq)
{
	MDB_val v = { 8, k };
	int i;

	for (i = 7; i >= 0; i--, seq >>= 8)
		k[i] = (unsigned char)seq;
	return v;
}

/* A copy of ledger entry SEQ (caller frees v.mv_data). */
static inline MDB_val
raw_entry(struct raw *r, uint64_t seq)
{
	unsigned char k[8];
	MDB_val key = seqkey(k, seq), v, copy;

	assert_int_equal(mdb_get(r->txn, r->dbi, &key, &v), 0);
	copy.mv_size = v.mv_size;
	copy.mv_data = malloc(v.mv_size);
	memcpy(copy.mv_data, v.mv_data, v.mv_size);
	return copy;
}

static inline void
raw_put_entry(struct raw *r, uint64_t seq, MDB_val v)
{
	unsigned char k[8];
	MDB_val key = seqkey(k, seq);

	assert_int_equal(mdb_put(r->txn, r->dbi, &key, &v, 0), 0);
}

#endif
