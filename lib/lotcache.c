/*
 * lotcache.c - a register handle's cache of whole lots, for lookups: the
 * records a lookup of a lot showed (the lot, its supplier and category,
 * its reports in order with their agencies), kept so that the next
 * lookup of the same lot in the same snapshot reads nothing at all.  A
 * sales point sells the same few thousand lots all day.
 *
 * Like the entry cache (cache.c), it serves one LMDB snapshot only: the
 * first lookup in a newer snapshot (a batch was committed, by any
 * process) forgets it all, so a change to the register, a tampered entry
 * among them, is read and its hash checked anew.  The records are shared
 * (reference counted) and never change while shared.
 *
 * A fixed table of AGTI_LOT_SETS sets of AGTI_LOT_WAYS slots, two
 * adjacent cache lines a set, and beside it a small table of tags: 16
 * bits of the hash of each slot's lot and of the four last lots that were
 * looked up once and missed.  A lookup reads the tags first (128 KiB, in
 * the CPU's cache, where the 1 MiB of slots are not for a lot never seen
 * before) and the slots only when a tag matches.  A lot is kept on its
 * second lookup only, so that lookups of lots that never come back, most
 * lots of a large register, do not churn out the ones that do.  Four
 * ways: 10,000 lots sold all day spread over 8,192 sets leave about 80
 * without a slot (with two ways over 16,384 sets, about 460).  One
 * mutex, held only to find or place a lot.
 */
#include "lotcache_private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define AGTI_LOT_BITS 13
#define AGTI_LOT_SETS (1u << AGTI_LOT_BITS)
#define AGTI_LOT_WAYS 4

struct lotrep {
	agt_record *report, *agency;
};

/* A lot as a lookup showed it: immutable once placed. */
struct lotset {
	uint8_t klen;
	char key[AGTI_KEY_MAX];
	agt_record *lot, *supplier, *category;
	size_t nrep;
	struct lotrep rep[];
};

struct slot {
	uint64_t hash;        /* of the lot key, never 0; 0: empty */
	uint64_t used;        /* clock of the last hit */
	struct lotset *set;
};

struct lotline {
	struct slot slot[AGTI_LOT_WAYS];
} __attribute__((aligned(128)));

/* A set's tags: its slots', then of the 4 lots last looked up once. */
struct lottags {
	uint16_t slot[AGTI_LOT_WAYS];
	uint16_t seen[4];
};

struct agti_lotcache {
	pthread_mutex_t mu;
	struct lotline *line; /* AGTI_LOT_SETS, on first use */
	struct lottags *tags; /* AGTI_LOT_SETS, with LINE */
	uint64_t clock;
	size_t snapshot;      /* the LMDB txn id it serves */
};

int
agti_lotcache_new(struct agti_lotcache **out)
{
	return AGTI_NEW_LOCKED(out, struct agti_lotcache, mu);
}

static void
set_free(struct lotset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrep; i++) {
		agt_record_free(s->rep[i].report);
		agt_record_free(s->rep[i].agency);
	}
	agt_record_free(s->lot);
	agt_record_free(s->supplier);
	agt_record_free(s->category);
	free(s);
}

/* Forget every lot (C locked). */
static void
flush(struct agti_lotcache *c)
{
	size_t i, j;

	if (c->line == NULL)
		return;
	for (i = 0; i < AGTI_LOT_SETS; i++)
		for (j = 0; j < AGTI_LOT_WAYS; j++)
			set_free(c->line[i].slot[j].set);
	memset(c->line, 0, AGTI_LOT_SETS * sizeof *c->line);
	memset(c->tags, 0, AGTI_LOT_SETS * sizeof *c->tags);
}

void
agti_lotcache_free(struct agti_lotcache *c)
{
	if (c == NULL)
		return;
	flush(c);
	free(c->line);
	free(c->tags);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/*
 * FNV-1a of the key, then multiplied by 2^64 / phi so that keys that
 * differ in their last characters only (lot codes B1, B2, ...) spread
 * over the sets taken from its top bits; never 0.
 */
static uint64_t
key_hash(const char *lk, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)lk[i]) * 0x100000001b3ull;
	return (h * 0x9e3779b97f4a7c15ull) | 1;
}

/* The tag of HASH: the 16 bits below those of the set index; never 0. */
static uint16_t
tag_of(uint64_t hash)
{
	return (uint16_t)(hash >> (64 - AGTI_LOT_BITS - 16)) | 1;
}

/* C locked: its slots and tags, empty, on first use; 0 or -1. */
static int
tables(struct agti_lotcache *c)
{
	void *line;

	if (c->line != NULL)
		return 0;
	if (posix_memalign(&line, 128, AGTI_LOT_SETS * sizeof *c->line) != 0)
		return -1;
	if ((c->tags = calloc(AGTI_LOT_SETS, sizeof *c->tags)) == NULL) {
		free(line);
		return -1;
	}
	memset(line, 0, AGTI_LOT_SETS * sizeof *c->line);
	c->line = line;
	return 0;
}

/* C locked: the set of HASH in SNAPSHOT, forgetting an older one; or -1. */
static long
set_of(struct agti_lotcache *c, size_t snapshot, uint64_t hash)
{
	if (snapshot > c->snapshot) {
		flush(c);
		c->snapshot = snapshot;
	}
	if (snapshot != c->snapshot || tables(c) != 0)
		return -1;
	return (long)(hash >> (64 - AGTI_LOT_BITS));
}

/* The slot of lot LK (HASH) in set I, looked for where the tag matches. */
static struct slot *
slot_of(struct agti_lotcache *c, long i, uint64_t hash, const char *lk,
    size_t len)
{
	uint16_t tag = tag_of(hash);
	struct slot *s;
	int j;

	for (j = 0; j < AGTI_LOT_WAYS; j++) {
		if (c->tags[i].slot[j] != tag)
			continue;
		s = &c->line[i].slot[j];
		if (s->hash == hash && s->set->klen == len &&
		    memcmp(s->set->key, lk, len) == 0)
			return s;
	}
	return NULL;
}

/* P takes a reference to each record of S. */
static int
fill(agt_provenance *p, const struct lotset *s)
{
	size_t i;

	if (s->nrep > 0 && (p->rep = calloc(s->nrep, sizeof *p->rep)) == NULL)
		return AGT_ENOMEM;
	for (i = 0; i < s->nrep; i++) {
		p->rep[i].report = agti_record_ref(s->rep[i].report);
		if (s->rep[i].agency != NULL) {
			p->rep[i].agency = agti_record_ref(s->rep[i].agency);
			p->rep[i].own_agency = 1;
		}
	}
	p->nrep = s->nrep;
	p->lot = agti_record_ref(s->lot);
	p->supplier = s->supplier ? agti_record_ref(s->supplier) : NULL;
	p->category = s->category ? agti_record_ref(s->category) : NULL;
	return AGT_OK;
}

/*
 * 1 if lot HASH was looked up before (keep it), else 0 (remember it).  Two
 * lots of the same tag in a set pass for one: one of them is kept on its
 * first lookup, which does no harm.
 */
static int
again(struct lottags *t, uint64_t hash)
{
	uint16_t tag = tag_of(hash);
	int i;

	for (i = 0; i < 4; i++)
		if (t->seen[i] == tag)
			return 1;
	memmove(&t->seen[1], &t->seen[0], 3 * sizeof t->seen[0]);
	t->seen[0] = tag;
	return 0;
}

int
agti_lotcache_get(agt_txn *t, const char *lk, size_t len, agt_provenance *p,
    int *keep)
{
	struct agti_lotcache *c = t->rdonly ? t->db->lotcache : NULL;
	uint64_t h = key_hash(lk, len);
	struct slot *s;
	long i;
	int rc = 0;

	*keep = 0;
	if (c == NULL || len > AGTI_KEY_MAX)
		return 0;
	pthread_mutex_lock(&c->mu);
	if ((i = set_of(c, mdb_txn_id(t->txn), h)) < 0)
		;
	else if ((s = slot_of(c, i, h, lk, len)) != NULL) {
		s->used = ++c->clock;
		rc = fill(p, s->set) == AGT_OK ? 1 : AGT_ENOMEM;
	} else
		*keep = again(&c->tags[i], h);
	pthread_mutex_unlock(&c->mu);
	return rc;
}

/* A lotset holding references to P's records, frozen for sharing. */
static struct lotset *
set_new(const agt_provenance *p, const char *lk, size_t len)
{
	struct lotset *s = calloc(1, sizeof *s + p->nrep * sizeof s->rep[0]);
	size_t i;

	if (s == NULL)
		return NULL;
	s->klen = (uint8_t)len;
	memcpy(s->key, lk, len);
	agti_record_freeze(p->lot);
	s->lot = agti_record_ref(p->lot);
	if (p->supplier != NULL) {
		agti_record_freeze(p->supplier);
		s->supplier = agti_record_ref(p->supplier);
	}
	if (p->category != NULL) {
		agti_record_freeze(p->category);
		s->category = agti_record_ref(p->category);
	}
	for (i = 0; i < p->nrep; i++) {
		agti_record_freeze(p->rep[i].report);
		s->rep[i].report = agti_record_ref(p->rep[i].report);
		if (p->rep[i].agency != NULL) {
			agti_record_freeze(p->rep[i].agency);
			s->rep[i].agency = agti_record_ref(p->rep[i].agency);
		}
	}
	s->nrep = p->nrep;
	return s;
}

void
agti_lotcache_put(agt_txn *t, const char *lk, size_t len,
    const agt_provenance *p)
{
	struct agti_lotcache *c = t->rdonly ? t->db->lotcache : NULL;
	uint64_t h = key_hash(lk, len);
	struct lotset *s, *old = NULL;
	struct slot *v;
	long i;
	int j, w;

	if (c == NULL || len > AGTI_KEY_MAX || p->lot == NULL ||
	    (s = set_new(p, lk, len)) == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	if ((i = set_of(c, mdb_txn_id(t->txn), h)) >= 0 &&
	    slot_of(c, i, h, lk, len) == NULL) { /* no other thread was first */
		for (w = 0, j = 1; j < AGTI_LOT_WAYS; j++)
			if (c->line[i].slot[j].used < c->line[i].slot[w].used)
				w = j; /* an empty one has used 0 */
		v = &c->line[i].slot[w];
		old = v->set;
		v->hash = h;
		v->set = s;
		v->used = ++c->clock;
		c->tags[i].slot[w] = tag_of(h);
		s = NULL;
	}
	pthread_mutex_unlock(&c->mu);
	set_free(old);
	set_free(s);
}
