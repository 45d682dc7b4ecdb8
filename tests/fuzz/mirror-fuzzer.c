/*
 * mirror-fuzzer.c - libFuzzer harness for what a replica reads from a
 * published log (C2SP tlog-tiles): the checkpoint, hash tiles and entry
 * bundles.  The harness publishes a small register twice (5 entries, then
 * 8) and keeps two replicas, one empty and one at the first checkpoint.
 * Each input replaces one file of the published log and mirrors into one
 * replica:
 *
 *	byte 0	bit 7: the replica (0 empty, 1 at 5 entries); bits 0-6 modulo
 *		the table below: the file the other bytes replace
 *
 * For "checkpoint" the harness signs the note's body with the operator key
 * (tests/fuzz/fuzz_key.h), so tree heads of any size and root get past the
 * signature to the tiles; "checkpoint-raw" is written as given.  For
 * "published" the bytes are an entry bundle of up to 255 entries that the
 * harness publishes as an operator would: hash tile, bundle and a signed
 * checkpoint of their root, so any records an operator's key signs reach
 * the replica.  A mirror either succeeds, and the replica then has the
 * checkpoint's tree and passes agt_verify(), or fails with a documented
 * error and leaves the replica as it was.
 *
 * The seeds in tests/fuzz/corpus/mirror/ are this log's own files:
 * AGTRACE_FUZZ_SEEDS=DIR tests/fuzz/mirror-replay writes them into DIR.
 */
#include "private.h"
#include "replica_private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_key.h"
#include "../tools/rmtree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char batch1[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<batch xmlns=\"urn:agtrace:batch:1\">\n"
    "<category code=\"V05\" group=\"fruit-vegetable\" name=\"Choy sum\"/>\n"
    "<category code=\"V06\" group=\"fruit-vegetable\" name=\"Pak choi\"/>\n"
    "<supplier id=\"S0001\" name=\"Taishan Agricultural Co., Ltd.\"/>\n"
    "<sales-point id=\"P0001\" name=\"Zengcheng Fresh Market No. 1\"/>\n"
    "<lot gtin=\"06901234567892\" lot=\"L20261120A\" supplier=\"S0001\" "
    "category=\"V05\" product=\"Choy sum\" origin-country=\"156\"/>\n"
    "</batch>\n";
static const char batch2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<batch xmlns=\"urn:agtrace:batch:1\">\n"
    "<supplier id=\"S0001\" name=\"Taishan Agricultural Co.\"/>\n"
    "<supplier id=\"S0002\" name=\"Green Farm\" region=\"Guangdong\"/>\n"
    "<lot gtin=\"06901234567892\" lot=\"L20261121B\" supplier=\"S0002\" "
    "category=\"V06\" product=\"Pak choi\" origin-country=\"156\"/>\n"
    "</batch>\n";

enum { SIGN = 1, PUBLISH = 2 };
static struct target {
	const char *name;
	char rel[128];
	int flags;
	char *orig;
	size_t len;
} targets[7];
static size_t ntargets;
static char dir[64], logdir[96], olddir[96];
static agt_db *reg, *rep[2];
static uint64_t old_size, new_size;

static void
cleanup(void)
{
	size_t i;

	agt_db_close(reg);
	agt_db_close(rep[0]);
	agt_db_close(rep[1]);
	for (i = 0; i < ntargets; i++)
		free(targets[i].orig);
	rm_tree(dir);
}

static void
fail(const char *what, agt_db *db)
{
	fprintf(stderr, "mirror-fuzzer: %s: %s\n", what, agt_errmsg(db));
	abort();
}

static void
import(const char *xml)
{
	agt_import_options opts = AGT_IMPORT_OPTIONS_INIT;
	agt_import *imp;

	if (agt_import_new(&imp, reg, &opts) != AGT_OK ||
	    agt_import_memory(imp, "batch.xml", xml, strlen(xml)) != AGT_OK ||
	    agt_import_commit(imp) != AGT_OK)
		fail("import", reg);
	agt_import_free(imp);
}

/* Publish the register as it is into D; its size in *SIZE. */
static void
publish(const char *d, uint64_t *size)
{
	agt_checkpoint cp;
	agt_txn *txn;
	char *note;

	memset(&cp, 0, sizeof cp);
	snprintf(cp.origin, sizeof cp.origin, "%s", FUZZ_ORIGIN);
	if (agt_txn_begin(&txn, reg, AGT_TXN_RDONLY) != AGT_OK ||
	    agt_tree_head(txn, &cp.size, cp.root) != AGT_OK)
		fail("tree head", reg);
	agt_txn_abort(txn);
	if (agt_checkpoint_sign(&note, &cp, fuzz_seed) != AGT_OK ||
	    agt_publish(reg, d, note, strlen(note), NULL) != AGT_OK)
		fail("publish", reg);
	agt_free(note);
	*size = cp.size;
}

static void
replica(int i)
{
	char path[96];

	agt_db_close(rep[i]);
	snprintf(path, sizeof path, "%s/rep%d", dir, i);
	rm_tree(path);
	if (agt_db_create(&rep[i], path) != AGT_OK)
		fail("replica", NULL);
	if (i == 1 && agt_mirror(rep[i], olddir, fuzz_pub, NULL) != AGT_OK)
		fail("mirror", rep[i]);
}

static void
add_target(const char *name, int level, uint64_t size, int flags)
{
	struct target *t = &targets[ntargets++];
	char path[256];

	if (level == -2)
		snprintf(t->rel, sizeof t->rel, "checkpoint");
	else
		agti_tile_path(t->rel, sizeof t->rel, level, 0,
		    agti_tile_width(size, 0));
	t->name = name;
	t->flags = flags;
	snprintf(path, sizeof path, "%s/%s", logdir, t->rel);
	if (agti_read_file(&t->orig, &t->len, path, 1 << 20) != AGT_OK)
		fail(path, NULL);
}

static void
write_seeds(const char *out)
{
	char name[64], *buf;
	size_t i;
	int r;

	for (r = 0; r < 2; r++)
		for (i = 0; i < ntargets; i++) {
			if ((buf = malloc(targets[i].len + 1)) == NULL)
				abort();
			buf[0] = (char)(r << 7 | (int)i);
			memcpy(buf + 1, targets[i].orig, targets[i].len);
			snprintf(name, sizeof name, "%s-%s", r ? "old" : "empty",
			    targets[i].name);
			if (agti_write_file(NULL, out, name, buf,
			    targets[i].len + 1, 0) != AGT_OK)
				fail(name, NULL);
			free(buf);
		}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[96];

	(void)argc;
	(void)argv;
	fuzz_key_init();
	snprintf(dir, sizeof dir, "%s", "/tmp/agtrace-mirror-fuzz-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/reg", dir);
	snprintf(logdir, sizeof logdir, "%s/log", dir);
	snprintf(olddir, sizeof olddir, "%s/old", dir);
	if (agt_db_create(&reg, path) != AGT_OK)
		fail("register", NULL);
	import(batch1);
	publish(olddir, &old_size);
	publish(logdir, &old_size);
	import(batch2);
	publish(logdir, &new_size);
	add_target("checkpoint", -2, new_size, SIGN);
	add_target("checkpoint-raw", -2, new_size, 0);
	add_target("hash-tile", 0, new_size, 0);
	add_target("entry-bundle", -1, new_size, 0);
	add_target("old-hash-tile", 0, old_size, 0);
	add_target("old-entry-bundle", -1, old_size, 0);
	add_target("published", -1, new_size, PUBLISH);
	replica(0);
	replica(1);
	if (getenv("AGTRACE_FUZZ_SEEDS") != NULL)
		write_seeds(getenv("AGTRACE_FUZZ_SEEDS"));
	return 0;
}

static void
put(const struct target *t, const void *data, size_t len)
{
	if (agti_write_file(NULL, logdir, t->rel, data, len, 0) != AGT_OK)
		fail(t->rel, NULL);
}

/* The replica's tree head and mirrored checkpoint (NULL if none). */
struct state {
	uint64_t size;
	unsigned char root[AGT_HASH_LEN];
	char *note;
};

static void
state(agt_db *db, struct state *s)
{
	agt_txn *txn;
	int rc;

	if (agt_txn_begin(&txn, db, AGT_TXN_RDONLY) != AGT_OK ||
	    agt_tree_head(txn, &s->size, s->root) != AGT_OK)
		fail("replica tree head", db);
	if ((rc = agt_replica_checkpoint(&s->note, txn)) != AGT_OK &&
	    rc != AGT_ENOTFOUND)
		fail("replica checkpoint", db);
	agt_txn_abort(txn);
}

static int
same(const struct state *a, const struct state *b)
{
	return a->size == b->size && memcmp(a->root, b->root, AGT_HASH_LEN) == 0 &&
	    (a->note == NULL ? b->note == NULL :
	    b->note != NULL && strcmp(a->note, b->note) == 0);
}

/* The mirror succeeded: the replica holds the published tree head. */
static void
check_mirrored(agt_db *db, const struct state *now)
{
	agt_checkpoint cp;

	if (now->note == NULL || agt_checkpoint_verify(&cp, now->note,
	    strlen(now->note), fuzz_pub) != AGT_OK || cp.size != now->size ||
	    memcmp(cp.root, now->root, AGT_HASH_LEN) != 0)
		fail("mirrored, but the replica has not the checkpoint's tree", db);
	if (agt_verify(db, 0, NULL, NULL, NULL) != AGT_OK)
		fail("mirrored, but the replica does not verify", db);
}

/* Leaf hashes of the bundle being published, for put_published(). */
static unsigned char leaves[AGTI_TILE_WIDTH][AGT_HASH_LEN];

static int
leaf_source(unsigned char out[AGT_HASH_LEN], unsigned level, uint64_t index,
    void *payload)
{
	unsigned char h[AGTI_TILE_WIDTH][AGT_HASH_LEN];
	uint64_t k = (uint64_t)1 << level, i;

	(void)payload;
	memcpy(h, leaves[index * k], k * AGT_HASH_LEN);
	for (; k > 1; k /= 2)
		for (i = 0; i < k / 2; i++)
			agt_merkle_node_hash(h[i], h[2 * i], h[2 * i + 1]);
	memcpy(out, h[0], AGT_HASH_LEN);
	return AGT_OK;
}

/* "published": DATA as the entry bundle of a log the operator signs. */
static void
put_published(const struct target *t, const uint8_t *data, size_t size)
{
	const unsigned char *p = data, *e;
	struct target tile = *t;
	agt_checkpoint cp;
	unsigned n = 0;
	size_t len;
	char *note;

	while (n < AGTI_TILE_WIDTH - 1 &&
	    agti_bundle_next(&p, data + size, &e, &len) == 1)
		agt_merkle_leaf_hash(leaves[n++], e, len);
	if (n == 0) {
		put(t, data, size);
		return;
	}
	agti_tile_path(tile.rel, sizeof tile.rel, -1, 0, n);
	put(&tile, data, (size_t)(p - data));
	agti_tile_path(tile.rel, sizeof tile.rel, 0, 0, n);
	put(&tile, leaves, (size_t)n * AGT_HASH_LEN);
	memset(&cp, 0, sizeof cp);
	snprintf(cp.origin, sizeof cp.origin, "%s", FUZZ_ORIGIN);
	cp.size = n;
	if (agt_merkle_root(cp.root, n, leaf_source, NULL) != AGT_OK ||
	    agt_checkpoint_sign(&note, &cp, fuzz_seed) != AGT_OK)
		abort();
	snprintf(tile.rel, sizeof tile.rel, "checkpoint");
	put(&tile, note, strlen(note));
	agt_free(note);
}

/* "checkpoint": the body of DATA signed with the operator key. */
static void
put_signed(const struct target *t, const uint8_t *data, size_t size)
{
	agt_checkpoint cp;
	size_t blen;
	char *note;

	if (agt_checkpoint_verify(&cp, (const char *)data, size, NULL) !=
	    AGT_OK || agti_note_open((const char *)data, size, "checkpoint",
	    NULL, &blen) != AGT_OK) {
		put(t, data, size);
		return;
	}
	if (agti_note_sign(&note, (const char *)data, blen, cp.origin,
	    fuzz_seed) != AGT_OK)
		abort();
	put(t, note, strlen(note));
	free(note);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state before, after;
	const struct target *t;
	int r, rc;

	if (size < 1)
		return 0;
	t = &targets[(data[0] & 0x7f) % ntargets];
	r = data[0] >> 7;
	if (t->flags & SIGN)
		put_signed(t, data + 1, size - 1);
	else if (t->flags & PUBLISH)
		put_published(t, data + 1, size - 1);
	else
		put(t, data + 1, size - 1);
	state(rep[r], &before);
	rc = agt_mirror(rep[r], logdir, fuzz_pub, NULL);
	state(rep[r], &after);
	switch (rc) {
	case AGT_OK:
		check_mirrored(rep[r], &after);
		replica(r);
		break;
	case AGT_ESIGNATURE: case AGT_EFORMAT: case AGT_EINTEGRITY:
	case AGT_ENOTFOUND:
		if (!same(&before, &after))
			fail("a failed mirror changed the replica", rep[r]);
		break;
	default:
		fail("undocumented error", rep[r]);
	}
	agt_free(before.note);
	agt_free(after.note);
	if (t->flags & PUBLISH)
		for (t = targets; t < targets + ntargets; t++)
			put(t, t->orig, t->len);
	else
		put(t, t->orig, t->len);
	return 0;
}
