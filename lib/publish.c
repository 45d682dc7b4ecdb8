/*
 * publish.c - write the register as C2SP tlog-tiles: hash tiles, entry
 * bundles and the checkpoint, in a directory any static web server can
 * serve.  Incremental: full tiles below the directory's previous
 * checkpoint are never rewritten, files that exist are kept, and the
 * checkpoint is replaced last, so readers never see it ahead of its tiles.
 */
#include "db_private.h"
#include "replica_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pub {
	agt_txn *txn;
	const char *dir;
	uint64_t written;
	unsigned char *buf;
	size_t cap;
};

static int
mkdirs(agt_db *db, char *path)
{
	char *p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*p = '/';
			return agti_error(db, AGT_EIO, "%s: %s", path,
			    strerror(errno));
		}
		*p = '/';
	}
	return AGT_OK;
}

/*
 * Tiles are written without fsync (thousands of files); publish_sync()
 * makes them durable once, before the checkpoint that names them.
 */
int
agti_write_file(agt_db *db, const char *dir, const char *rel,
    const void *data, size_t len, int durable)
{
	char path[4096], tmp[4200];
	FILE *fp;
	int rc, ok;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if ((rc = mkdirs(db, path)) != AGT_OK)
		return rc;
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	if ((fp = fopen(tmp, "wb")) == NULL)
		return agti_error(db, AGT_EIO, "%s: %s", tmp, strerror(errno));
	ok = fwrite(data, 1, len, fp) == len;
	ok = fflush(fp) == 0 && (!durable || fsync(fileno(fp)) == 0) && ok;
	ok = fclose(fp) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		rc = agti_error(db, AGT_EIO, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return rc;
	}
	return AGT_OK;
}

static int
exists(const char *dir, const char *rel)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	return stat(path, &st) == 0;
}

static int
reserve(struct pub *p, size_t need)
{
	unsigned char *n;

	if (need <= p->cap)
		return AGT_OK;
	if ((n = realloc(p->buf, need)) == NULL)
		return AGT_ENOMEM;
	p->buf = n;
	p->cap = need;
	return AGT_OK;
}

static int
write_rel(struct pub *p, const char *rel, size_t len)
{
	int rc;

	if ((rc = agti_write_file(p->txn->db, p->dir, rel, p->buf, len, 0)) ==
	    AGT_OK)
		p->written++;
	return rc;
}

/* Hash tile N of level L: the hashes of tree level 8L it covers. */
static int
hash_tile(struct pub *p, unsigned level, uint64_t n, unsigned width)
{
	char rel[256];
	unsigned k;
	int rc;

	agti_tile_path(rel, sizeof rel, (int)level, n, width);
	if (exists(p->dir, rel))
		return AGT_OK;
	if ((rc = reserve(p, (size_t)width * AGT_HASH_LEN)) != AGT_OK)
		return rc;
	for (k = 0; k < width; k++)
		if ((rc = agt_tree_node(p->buf + (size_t)k * AGT_HASH_LEN,
		    level * AGTI_TILE_HEIGHT, n * AGTI_TILE_WIDTH + k,
		    p->txn)) != AGT_OK)
			return rc;
	return write_rel(p, rel, (size_t)width * AGT_HASH_LEN);
}

/* Entry bundle N: each entry as u16 BE length || seq || type || record. */
static int
entry_bundle(struct pub *p, uint64_t n, unsigned width)
{
	char rel[256];
	size_t off = 0, rlen;
	uint64_t seq;
	unsigned k;
	MDB_val v;
	int rc;

	agti_tile_path(rel, sizeof rel, -1, n, width);
	if (exists(p->dir, rel))
		return AGT_OK;
	for (k = 0; k < width; k++) {
		seq = n * AGTI_TILE_WIDTH + k + 1;
		if ((rc = agti_ledger_entry(p->txn, seq, &v)) != AGT_OK)
			return rc;
		rlen = v.mv_size - AGTI_ENTRY_HDR;
		if (rlen + AGTI_ENTRY_PREFIX > 0xffff)
			return agti_error(p->txn->db, AGT_EINVAL, "entry %llu: %zu "
			    "bytes, more than an entry bundle holds (65535)",
			    (unsigned long long)seq, rlen + AGTI_ENTRY_PREFIX);
		if ((rc = reserve(p, off + 2 + AGTI_ENTRY_PREFIX + rlen)) != AGT_OK)
			return rc;
		p->buf[off] = (unsigned char)((rlen + AGTI_ENTRY_PREFIX) >> 8);
		p->buf[off + 1] = (unsigned char)(rlen + AGTI_ENTRY_PREFIX);
		agti_be64(p->buf + off + 2, seq);
		p->buf[off + 10] = ((unsigned char *)v.mv_data)[0];
		memcpy(p->buf + off + 2 + AGTI_ENTRY_PREFIX,
		    (unsigned char *)v.mv_data + AGTI_ENTRY_HDR, rlen);
		off += 2 + AGTI_ENTRY_PREFIX + rlen;
	}
	return write_rel(p, rel, off);
}

/* Every tile of SIZE leaves from those complete at OLD leaves on. */
static int
publish_tiles(struct pub *p, uint64_t old, uint64_t size)
{
	uint64_t count, n, last;
	unsigned level;
	int rc;

	for (level = 0; (count = size >> (level * AGTI_TILE_HEIGHT)) > 0;
	    level++) {
		last = (count + AGTI_TILE_WIDTH - 1) / AGTI_TILE_WIDTH;
		n = (old >> (level * AGTI_TILE_HEIGHT)) / AGTI_TILE_WIDTH;
		for (; n < last; n++)
			if ((rc = hash_tile(p, level, n,
			    agti_tile_width(count, n))) != AGT_OK)
				return rc;
		if (level == 0)
			for (n = old / AGTI_TILE_WIDTH; n < last; n++)
				if ((rc = entry_bundle(p, n,
				    agti_tile_width(count, n))) != AGT_OK)
					return rc;
	}
	return AGT_OK;
}

/* Flush the tiles written so far to disk, before their checkpoint. */
static int
publish_sync(agt_db *db, const char *dir)
{
	int fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		return agti_error(db, AGT_EIO, "%s: %s", dir, strerror(errno));
	rc = syncfs(fd);
	close(fd);
	if (rc != 0)
		return agti_error(db, AGT_EIO, "%s: sync: %s", dir, strerror(errno));
	return AGT_OK;
}

/* The size of the checkpoint DIR holds already, 0 if none. */
static int
previous_size(agt_db *db, const char *dir, const agt_checkpoint *cp,
    uint64_t *old)
{
	agt_checkpoint prev;
	char path[4096], *text;
	size_t len;
	int rc;

	*old = 0;
	snprintf(path, sizeof path, "%s/checkpoint", dir);
	if ((rc = agti_read_file(&text, &len, path, 1 << 16)) == AGT_ENOTFOUND)
		return AGT_OK;
	if (rc != AGT_OK)
		return agti_error(db, rc, "%s: cannot read", path);
	rc = agt_checkpoint_verify(&prev, text, len, NULL);
	free(text);
	if (rc != AGT_OK)
		return agti_error(db, rc, "%s: not a checkpoint", path);
	if (strcmp(prev.origin, cp->origin) != 0)
		return agti_error(db, AGT_EINVAL, "%s: holds the log '%s', not "
		    "'%s'", dir, prev.origin, cp->origin);
	if (prev.size > cp->size)
		return agti_error(db, AGT_EINVAL, "%s: holds %llu entries, "
		    "more than the checkpoint's %llu", dir,
		    (unsigned long long)prev.size, (unsigned long long)cp->size);
	*old = prev.size;
	return AGT_OK;
}

int
agt_publish(agt_db *db, const char *dir, const char *note, size_t len,
    uint64_t *written)
{
	struct pub p = { NULL, dir, 0, NULL, 0 };
	unsigned char root[AGT_HASH_LEN];
	agt_checkpoint cp;
	uint64_t head, old;
	int rc;

	if (written != NULL)
		*written = 0;
	if ((rc = agt_checkpoint_verify(&cp, note, len, NULL)) != AGT_OK)
		return agti_rethrow(db, NULL, rc, "publish");
	if ((rc = agt_txn_begin(&p.txn, db, AGT_TXN_RDONLY)) != AGT_OK)
		return rc;
	if ((rc = agt_ledger_head(p.txn, &head, NULL)) != AGT_OK)
		goto out;
	if (cp.size > head) {
		rc = agti_error(db, AGT_EINVAL, "publish: checkpoint of %llu "
		    "entries, the ledger has %llu", (unsigned long long)cp.size,
		    (unsigned long long)head);
		goto out;
	}
	if ((rc = agt_merkle_root(root, cp.size, agt_tree_node, p.txn)) !=
	    AGT_OK)
		goto out;
	if (memcmp(root, cp.root, AGT_HASH_LEN) != 0) {
		rc = agti_error(db, AGT_EINTEGRITY, "publish: the checkpoint's "
		    "root is not this register's tree at %llu entries",
		    (unsigned long long)cp.size);
		goto out;
	}
	if ((rc = mkdir(dir, 0755)) != 0 && errno != EEXIST) {
		rc = agti_error(db, AGT_EIO, "%s: %s", dir, strerror(errno));
		goto out;
	}
	if ((rc = previous_size(db, dir, &cp, &old)) != AGT_OK ||
	    (rc = publish_tiles(&p, old, cp.size)) != AGT_OK)
		goto out;
	if ((rc = publish_sync(db, dir)) != AGT_OK)
		goto out;
	if ((rc = agti_write_file(db, dir, "checkpoint", note, len, 1)) ==
	    AGT_OK)
		p.written++;
out:
	agt_txn_abort(p.txn);
	free(p.buf);
	if (written != NULL)
		*written = p.written;
	return rc;
}
