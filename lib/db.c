/* db.c - the register: one LMDB environment in a directory. */
#include "db_private.h"
#include "lotview_private.h"
#include "cache_private.h"
#include "lotcache_private.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <gcrypt.h>

/*
 * Address space reserved for the map.  The file grows only as used; a
 * large map means it never has to be resized while readers hold it.
 * Where that much address space is refused (valgrind, 32-bit, ulimit -v),
 * smaller maps are tried.
 */
static const size_t mapsizes[] = {
	(size_t)64 << 30, (size_t)16 << 30, (size_t)4 << 30, (size_t)1 << 30
};

static const struct {
	const char *name;
	unsigned flags;
} dbs[AGTI_DB_COUNT] = {
	[AGTI_DB_META] = { "meta", 0 },
	[AGTI_DB_LEDGER] = { "ledger", 0 },
	[AGTI_DB_MERKLE] = { "merkle", 0 },
	[AGTI_DB_CATEGORY] = { "category", 0 },
	[AGTI_DB_SUPPLIER] = { "supplier", 0 },
	[AGTI_DB_AGENCY] = { "agency", 0 },
	[AGTI_DB_SALESPOINT] = { "salespoint", 0 },
	[AGTI_DB_LOT] = { "lot", 0 },
	[AGTI_DB_REPORT] = { "report", 0 },
	[AGTI_DB_SHIPMENT] = { "shipment", 0 },
	[AGTI_DB_RECALL] = { "recall", 0 },
	[AGTI_DB_RELEASE] = { "release", 0 },
	[AGTI_DB_LOT_BY_SUPPLIER] = { "lot_by_supplier", MDB_DUPSORT },
	[AGTI_DB_ALIAS] = { "alias", 0 },
	[AGTI_DB_LOT_REPORTS] = { "lot_reports", MDB_DUPSORT },
	[AGTI_DB_LOT_SHIPMENTS] = { "lot_shipments", MDB_DUPSORT },
	[AGTI_DB_SP_SHIPMENTS] = { "sp_shipments", MDB_DUPSORT },
	[AGTI_DB_AGENCY_REPORTS] = { "agency_reports", MDB_DUPSORT },
	[AGTI_DB_LOT_VIEW] = { "lot_view", 0 },
};

static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;

static void
crypto_init_once(void)
{
	if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
		gcry_check_version(NULL);
		gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
		gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	}
}

void
agti_crypto_init(void)
{
	pthread_once(&crypto_once, crypto_init_once);
}

int
agti_mdb_error(const agt_db *db, int rc, const char *what)
{
	switch (rc) {
	case MDB_SUCCESS:
		return AGT_OK;
	case MDB_NOTFOUND:
		return agti_error(db, AGT_ENOTFOUND, "%s: not found", what);
	case MDB_MAP_FULL:
	case ENOSPC:
	case EFBIG:
	case EDQUOT:
		return agti_error(db, AGT_EFULL, "%s: register or disk full "
		    "(nothing of this transaction was kept)", what);
	case ENOMEM:
		return agti_error(db, AGT_ENOMEM, "%s: out of memory", what);
	case MDB_READERS_FULL:
		return agti_error(db, AGT_EBUSY, "%s: too many readers", what);
	case MDB_VERSION_MISMATCH:
		return agti_error(db, AGT_EVERSION, "%s: %s", what,
		    mdb_strerror(rc));
	case MDB_INVALID:
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INCOMPATIBLE:
		return agti_error(db, AGT_EINTEGRITY, "%s: %s", what,
		    mdb_strerror(rc));
	default:
		return agti_error(db, AGT_EIO, "%s: %s", what,
		    mdb_strerror(rc));
	}
}

static int
open_dbis(agt_db *db, int create)
{
	MDB_txn *txn;
	unsigned flags = create ? MDB_CREATE : 0;
	int rc, i;

	rc = mdb_txn_begin(db->env, NULL, create ? 0 : MDB_RDONLY, &txn);
	if (rc != 0)
		return agti_mdb_error(db, rc, "begin");
	for (i = 0; i < AGTI_DB_COUNT; i++) {
		rc = mdb_dbi_open(txn, dbs[i].name, dbs[i].flags | flags, &db->dbi[i]);
		if (rc == MDB_NOTFOUND && !create)
			continue;
		if (rc != 0) {
			mdb_txn_abort(txn);
			return agti_mdb_error(db, rc, dbs[i].name);
		}
		db->have[i] = 1;
	}
	if ((rc = mdb_txn_commit(txn)) != 0)
		return agti_mdb_error(db, rc, "commit");
	return AGT_OK;
}

static int
check_format(agt_db *db)
{
	MDB_txn *txn;
	MDB_val k = { 6, (void *)"format" }, v;
	uint32_t fmt = 0;
	int rc, i;

	if (!db->have[AGTI_DB_META])
		return agti_error(db, AGT_ENOTFOUND, "not an agtrace register");
	/* Every format has one; an index may be missing (read-only), not it. */
	if (!db->have[AGTI_DB_LEDGER])
		return agti_error(db, AGT_EINTEGRITY, "damaged register: its "
		    "ledger is missing");
	if ((rc = mdb_txn_begin(db->env, NULL, MDB_RDONLY, &txn)) != 0)
		return agti_mdb_error(db, rc, "begin");
	rc = mdb_get(txn, db->dbi[AGTI_DB_META], &k, &v);
	if (rc == 0 && v.mv_size == 4)
		for (i = 0; i < 4; i++)
			fmt = (fmt << 8) | ((unsigned char *)v.mv_data)[i];
	mdb_txn_abort(txn);
	if (rc == MDB_NOTFOUND || (rc == 0 && v.mv_size != 4))
		return agti_error(db, AGT_ENOTFOUND, "not an agtrace register");
	if (rc != 0)
		return agti_mdb_error(db, rc, "meta");
	if (fmt > AGTI_FORMAT_VERSION)
		return agti_error(db, AGT_EVERSION, "register format %u is newer "
		    "than this agtrace (%d)", fmt, AGTI_FORMAT_VERSION);
	db->format = fmt;
	return AGT_OK;
}

static int
write_format(agt_db *db)
{
	unsigned char f[4] = { 0, 0, 0, AGTI_FORMAT_VERSION };
	MDB_val k = { 6, (void *)"format" }, v = { 4, f };
	MDB_txn *txn;
	int rc;

	if ((rc = mdb_txn_begin(db->env, NULL, 0, &txn)) != 0)
		return agti_mdb_error(db, rc, "begin");
	if ((rc = mdb_put(txn, db->dbi[AGTI_DB_META], &k, &v, 0)) != 0) {
		mdb_txn_abort(txn);
		return agti_mdb_error(db, rc, "meta");
	}
	if ((rc = mdb_txn_commit(txn)) != 0)
		return agti_mdb_error(db, rc, "commit");
	db->format = AGTI_FORMAT_VERSION;
	return AGT_OK;
}

/* A register of format 1, opened read-write: build its lookup index. */
static int
upgrade_format(agt_db *db)
{
	static const unsigned char f[4] = { 0, 0, 0, AGTI_FORMAT_VERSION };
	MDB_val k = { 6, (void *)"format" }, v = { 4, (void *)f };
	agt_txn *t;
	int rc;

	if (db->format >= AGTI_FORMAT_VERSION)
		return AGT_OK;
	if ((rc = agt_txn_begin(&t, db, 0)) != AGT_OK)
		return rc;
	if ((rc = agti_view_build(t)) == AGT_OK &&
	    (rc = mdb_put(t->txn, db->dbi[AGTI_DB_META], &k, &v, 0)) != 0)
		rc = agti_mdb_error(db, rc, "meta");
	if (rc != AGT_OK) {
		agt_txn_abort(t);
		return rc;
	}
	if ((rc = agt_txn_commit(t)) == AGT_OK)
		db->format = AGTI_FORMAT_VERSION;
	return rc;
}

/* Open the LMDB environment, with the largest map the process may have. */
size_t agti_test_mapsize;

static int
lmdb_open(agt_db *db, const char *path, unsigned eflags)
{
	size_t i, size;
	int rc = 0;

	for (i = 0; i < sizeof mapsizes / sizeof mapsizes[0]; i++) {
		size = agti_test_mapsize ? agti_test_mapsize : mapsizes[i];
		if ((rc = mdb_env_create(&db->env)) != 0)
			return rc;
		if ((rc = mdb_env_set_maxdbs(db->env, 64)) == 0 &&
		    (rc = mdb_env_set_maxreaders(db->env, 510)) == 0 &&
		    (rc = mdb_env_set_mapsize(db->env, size)) == 0 &&
		    (rc = mdb_env_open(db->env, path, eflags, 0600)) == 0)
			return 0;
		mdb_env_close(db->env);
		db->env = NULL;
		if (rc != EINVAL && rc != ENOMEM)
			break;
	}
	return rc;
}

static int
env_open(agt_db **out, const char *path, unsigned flags, int create)
{
	agt_db *db;
	unsigned eflags = MDB_NOTLS | ((flags & AGT_OPEN_RDONLY) ? MDB_RDONLY : 0);
	int rc;

	agti_crypto_init();
	if ((db = calloc(1, sizeof *db)) == NULL || (db->path = strdup(path)) == NULL) {
		free(db);
		return AGT_ENOMEM;
	}
	db->flags = flags;
	pthread_mutex_init(&db->pool_mu, NULL);
	if ((rc = agti_cache_new(&db->cache)) != AGT_OK ||
	    (rc = agti_lotcache_new(&db->lotcache)) != AGT_OK)
		goto fail;
	if ((rc = lmdb_open(db, path, eflags)) != 0) {
		rc = agti_mdb_error(NULL, rc, "open");
		goto fail;
	}
	/* A read transaction first, so that opening does not wait for a
	 * writer; a write one only to create databases a register lacks. */
	if ((rc = open_dbis(db, 0)) != AGT_OK)
		goto fail;
	if (!(flags & AGT_OPEN_RDONLY) && memchr(db->have, 0, AGTI_DB_COUNT) &&
	    (rc = open_dbis(db, 1)) != AGT_OK)
		goto fail;
	if (create && (rc = write_format(db)) != AGT_OK)
		goto fail;
	if ((rc = check_format(db)) != AGT_OK)
		goto fail;
	if (!(flags & AGT_OPEN_RDONLY) && ((rc = agti_tree_upgrade(db)) != AGT_OK ||
	    (rc = upgrade_format(db)) != AGT_OK))
		goto fail;
	*out = db;
	return AGT_OK;
fail:
	{
		/* The detail was recorded on DB, which is going away. */
		char msg[1024];

		snprintf(msg, sizeof msg, "%s", agt_errmsg(db));
		if (msg[0] != '\0')
			agti_error(NULL, rc, "%s", msg);
	}
	agt_db_close(db);
	return rc;
}

/*
 * LMDB reports a short write as EIO: tell a full disk (or a file size
 * limit reached) from other I/O errors, for a clearer message.
 */
int
agti_disk_full(const agt_db *db)
{
	char file[4096];
	struct statvfs vfs;
	struct rlimit rl;
	struct stat st;

	if (statvfs(db->path, &vfs) == 0 &&
	    (unsigned long long)vfs.f_bavail * vfs.f_frsize < (16ULL << 20))
		return 1;
	if ((size_t)snprintf(file, sizeof file, "%s/data.mdb", db->path) >= sizeof file)
		return 0;
	return getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    stat(file, &st) == 0 && (rlim_t)st.st_size + (1 << 20) >= rl.rlim_cur;
}

static int
has_register(const char *path)
{
	char file[4096];
	struct stat st;

	if ((size_t)snprintf(file, sizeof file, "%s/data.mdb", path) >= sizeof file)
		return 0;
	return stat(file, &st) == 0;
}

int
agt_db_create(agt_db **out, const char *path)
{
	*out = NULL;
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return agti_error(NULL, AGT_EIO, "%s", strerror(errno));
	if (has_register(path))
		return agti_error(NULL, AGT_EEXISTS, "a register exists already");
	return env_open(out, path, 0, 1);
}

int
agt_db_open(agt_db **out, const char *path, unsigned flags)
{
	struct stat st;

	*out = NULL;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !has_register(path)) {
		if ((flags & AGT_OPEN_CREATE) && !(flags & AGT_OPEN_RDONLY))
			return agt_db_create(out, path);
		return agti_error(NULL, AGT_ENOTFOUND, "no register here");
	}
	return env_open(out, path, flags & AGT_OPEN_RDONLY, 0);
}

void
agt_db_close(agt_db *db)
{
	if (db == NULL)
		return;
	agti_txn_pool_free(db);
	pthread_mutex_destroy(&db->pool_mu);
	if (db->env != NULL)
		mdb_env_close(db->env);
	agti_cache_free(db->cache);
	agti_lotcache_free(db->lotcache);
	agti_error_clear(db);
	free(db->path);
	free(db);
}

const char *
agt_db_path(const agt_db *db)
{
	return db->path;
}
