/*
 * cache.c - a register handle's cache of decoded ledger entries of master
 * data (the suppliers, categories and agencies lookups show), for lookups
 * in one snapshot of the register.  An entry is read, its hash checked
 * and its record decoded once, then shared (reference counted) by every
 * lookup that shows it, until its slot is needed for another; so is the
 * seq of the current category, supplier or agency of a key.  Lots and
 * their reports are kept whole by the lot cache (lotcache.c).
 * Everything is kept for one LMDB snapshot (transaction id) only: the
 * first lookup in a newer snapshot (a batch was committed, by any
 * process) forgets it all, so every change to the register, a tampered
 * entry among them, is read and checked anew.  Lookups in an older
 * snapshot than the cache's read the register.
 *
 * A fixed table: AGTI_CACHE_SETS sets of two slots; a new entry takes the
 * least recently used slot of its set.  One mutex, held only to find or
 * place an entry (never while reading the register).
 */
#include "cache_private.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define AGTI_CACHE_SETS 2048
#define AGTI_CACHE_WAYS 2
#define AGTI_CUR_SLOTS 2048  /* master-data seqs (power of two) */
#define AGTI_CUR_MAX 1024    /* forget them all beyond this many */
#define AGTI_CUR_ID 40

struct slot {
	uint64_t seq;
	uint64_t used;        /* clock of the last hit */
	agt_record *rec;
};

struct cur {
	int type;             /* 0: empty */
	uint8_t len;
	char id[AGTI_CUR_ID];
	uint64_t seq;
};

struct agti_cache {
	pthread_mutex_t mu;
	struct slot *slots;   /* AGTI_CACHE_SETS * AGTI_CACHE_WAYS, on first use */
	uint64_t clock;
	size_t snapshot;      /* LMDB txn id the master seqs belong to */
	struct cur cur[AGTI_CUR_SLOTS];
	size_t ncur;
	uint64_t entries[AGTI_DB_COUNT]; /* of each database, when known: */
	unsigned char entries_ok[AGTI_DB_COUNT];
};

int
agti_cache_new(struct agti_cache **out)
{
	return AGTI_NEW_LOCKED(out, struct agti_cache, mu);
}

void
agti_cache_free(struct agti_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->slots != NULL)
		for (i = 0; i < AGTI_CACHE_SETS * AGTI_CACHE_WAYS; i++)
			agt_record_free(c->slots[i].rec);
	free(c->slots);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static size_t
set_of(uint64_t seq)
{
	seq *= 0x9e3779b97f4a7c15ull;
	return (size_t)(seq >> 40) % AGTI_CACHE_SETS * AGTI_CACHE_WAYS;
}

/* Forget everything (C locked). */
static void
flush(struct agti_cache *c)
{
	size_t i;

	if (c->slots != NULL)
		for (i = 0; i < AGTI_CACHE_SETS * AGTI_CACHE_WAYS; i++) {
			agt_record_free(c->slots[i].rec);
			c->slots[i].rec = NULL;
		}
	memset(c->cur, 0, sizeof c->cur);
	c->ncur = 0;
	memset(c->entries_ok, 0, sizeof c->entries_ok);
}

/* C locked: 1 if it serves SNAPSHOT (forgetting an older one), else 0. */
static int
serves(struct agti_cache *c, size_t snapshot)
{
	if (snapshot > c->snapshot) {
		flush(c);
		c->snapshot = snapshot;
	}
	return snapshot == c->snapshot;
}

/* C locked: the cached record of SEQ, with a reference for the caller. */
static agt_record *
slot_find(struct agti_cache *c, uint64_t seq)
{
	struct slot *s;
	size_t i;

	if (c->slots == NULL)
		return NULL;
	for (i = 0, s = c->slots + set_of(seq); i < AGTI_CACHE_WAYS; i++)
		if (s[i].rec != NULL && s[i].seq == seq) {
			s[i].used = ++c->clock;
			return agti_record_ref(s[i].rec);
		}
	return NULL;
}

/* The cached record of SEQ, with a reference for the caller, or NULL. */
static agt_record *
find(struct agti_cache *c, size_t snapshot, uint64_t seq)
{
	agt_record *r = NULL;

	pthread_mutex_lock(&c->mu);
	if (serves(c, snapshot))
		r = slot_find(c, seq);
	pthread_mutex_unlock(&c->mu);
	return r;
}

/* Keep REC (entry SEQ) in the least recently used slot of its set. */
static void
place(struct agti_cache *c, size_t snapshot, uint64_t seq, agt_record *rec)
{
	agt_record *old = NULL;
	struct slot *s, *v;
	size_t i;

	pthread_mutex_lock(&c->mu);
	if (serves(c, snapshot) && c->slots == NULL)
		c->slots = calloc(AGTI_CACHE_SETS * AGTI_CACHE_WAYS, sizeof *s);
	if (snapshot == c->snapshot && c->slots != NULL) {
		s = c->slots + set_of(seq);
		for (v = s, i = 1; i < AGTI_CACHE_WAYS; i++)
			if (s[i].rec == NULL || s[i].used < v->used)
				v = &s[i];
		for (i = 0; i < AGTI_CACHE_WAYS; i++)
			if (s[i].rec != NULL && s[i].seq == seq)
				v = &s[i]; /* another thread was first */
		old = v->rec;
		v->seq = seq;
		v->rec = agti_record_ref(rec);
		v->used = ++c->clock;
	}
	pthread_mutex_unlock(&c->mu);
	agt_record_free(old);
}

int
agti_entry_read(agt_txn *t, uint64_t seq, int type, agt_record **out)
{
	MDB_val v;
	int rc;

	*out = NULL;
	if ((rc = agti_ledger_entry(t, seq, &v)) != AGT_OK)
		return rc;
	if (((unsigned char *)v.mv_data)[0] != type)
		return agti_error(t->db, AGT_EINTEGRITY, "entry %llu: an index "
		    "points at it for a %s, it holds another type of record",
		    (unsigned long long)seq, agt_type_name(type));
	return agti_entry_decode(t, seq, &v, out);
}

/* Cached record R is entry SEQ, a record of TYPE: *OUT, or an error. */
static int
typed(agt_txn *t, uint64_t seq, int type, agt_record *r, agt_record **out)
{
	if (agt_record_type(r) != type) {
		agt_record_free(r);
		return agti_error(t->db, AGT_EINTEGRITY, "entry %llu: not a %s",
		    (unsigned long long)seq, agt_type_name(type));
	}
	*out = r;
	return AGT_OK;
}

/* Entry SEQ, a record of TYPE: from the cache, or read and kept. */
static int
cache_entry(agt_txn *t, uint64_t seq, int type, agt_record **out)
{
	struct agti_cache *c = t->rdonly ? t->db->cache : NULL;
	agt_record *r;
	int rc;

	*out = NULL;
	if (c != NULL && (r = find(c, mdb_txn_id(t->txn), seq)) != NULL)
		return typed(t, seq, type, r, out);
	if ((rc = agti_entry_read(t, seq, type, &r)) != AGT_OK)
		return rc;
	if (c != NULL) {
		agti_record_freeze(r);
		place(c, mdb_txn_id(t->txn), seq, r);
	}
	*out = r;
	return AGT_OK;
}

static size_t
cur_hash(int type, const char *id, size_t len)
{
	size_t h = (size_t)type * 0x9e3779b9u, i;

	for (i = 0; i < len; i++)
		h = h * 31 + (unsigned char)id[i];
	return h & (AGTI_CUR_SLOTS - 1);
}

/* C locked: look up (or with SEQ non-zero, remember) the current seq of
 * TYPE ID; 0 if unknown. */
static uint64_t
cur_probe(struct agti_cache *c, int type, const char *id, size_t len,
    uint64_t seq)
{
	struct cur *e;
	size_t h = cur_hash(type, id, len), n;
	uint64_t found = 0;

	if (seq != 0 && c->ncur >= AGTI_CUR_MAX) {
		memset(c->cur, 0, sizeof c->cur);
		c->ncur = 0;
	}
	for (n = 0; n < AGTI_CUR_SLOTS; n++, h = (h + 1) & (AGTI_CUR_SLOTS - 1)) {
		e = &c->cur[h];
		if (e->type == 0) {
			if (seq != 0) {
				e->type = type;
				e->len = (uint8_t)len;
				memcpy(e->id, id, len);
				e->seq = found = seq;
				c->ncur++;
			}
			break;
		}
		if (e->type == type && e->len == len && memcmp(e->id, id, len) == 0) {
			found = e->seq;
			break;
		}
	}
	return found;
}

/* Remember that the current seq of TYPE ID in SNAPSHOT is SEQ. */
static void
cur_keep(struct agti_cache *c, size_t snapshot, int type, const char *id,
    size_t len, uint64_t seq)
{
	pthread_mutex_lock(&c->mu);
	if (serves(c, snapshot))
		(void)cur_probe(c, type, id, len, seq);
	pthread_mutex_unlock(&c->mu);
}

/*
 * The current entry of TYPE ID in SNAPSHOT from the cache, with a
 * reference for the caller, under one lock; or NULL, with *SEQ its seq
 * when that alone is known, else 0.
 */
static agt_record *
current(struct agti_cache *c, size_t snapshot, int type, const char *id,
    size_t len, uint64_t *seq)
{
	agt_record *r = NULL;

	pthread_mutex_lock(&c->mu);
	*seq = serves(c, snapshot) ? cur_probe(c, type, id, len, 0) : 0;
	if (*seq != 0)
		r = slot_find(c, *seq);
	pthread_mutex_unlock(&c->mu);
	return r;
}

int
agti_cache_current(agt_txn *t, int type, const char *id, size_t len,
    agt_record **out)
{
	struct agti_cache *c = t->rdonly ? t->db->cache : NULL;
	size_t snapshot = mdb_txn_id(t->txn);
	agt_record *r;
	uint64_t seq = 0;
	int rc;

	*out = NULL;
	if (c == NULL || len == 0 || len > AGTI_CUR_ID)
		return agti_read_current(t, type, id, len, out);
	if ((r = current(c, snapshot, type, id, len, &seq)) != NULL)
		return typed(t, seq, type, r, out);
	if (seq == 0) {
		rc = agti_get_seq(t, agti_type_index(type), id, len, &seq);
		if (rc != AGT_OK)
			return rc == AGT_ENOTFOUND ? agti_not_found(t, type, id,
			    len) : rc;
		cur_keep(c, snapshot, type, id, len, seq);
	}
	return cache_entry(t, seq, type, out);
}

int
agti_cache_entries(agt_txn *t, int idx, uint64_t *n)
{
	struct agti_cache *c = t->rdonly ? t->db->cache : NULL;
	size_t snapshot = mdb_txn_id(t->txn);
	MDB_stat st;
	int known = 0, rc;

	*n = 0;
	if (idx < 0 || idx >= AGTI_DB_COUNT || !t->db->have[idx])
		return AGT_OK;
	if (c != NULL) {
		pthread_mutex_lock(&c->mu);
		if ((known = serves(c, snapshot) && c->entries_ok[idx]))
			*n = c->entries[idx];
		pthread_mutex_unlock(&c->mu);
	}
	if (known)
		return AGT_OK;
	if ((rc = mdb_stat(t->txn, t->db->dbi[idx], &st)) != 0)
		return agti_mdb_error(t->db, rc, "stat");
	*n = st.ms_entries;
	if (c != NULL) {
		pthread_mutex_lock(&c->mu);
		if (serves(c, snapshot)) {
			c->entries[idx] = *n;
			c->entries_ok[idx] = 1;
		}
		pthread_mutex_unlock(&c->mu);
	}
	return AGT_OK;
}
