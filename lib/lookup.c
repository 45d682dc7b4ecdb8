/*
 * lookup.c - from a scanned code to its lot's provenance, in one read
 * transaction: a lot looked up before in the same snapshot comes whole
 * from the handle's lot cache (lotcache.c); otherwise the lookup index
 * names the ledger entries of the lot and of its reports (one get), which
 * are read, their hashes checked and decoded; the supplier, category and
 * agencies come from the handle's entry cache (cache.c).  A
 * register of format 1 opened read-only has no lookup index: its reports
 * are found through the reports-of-lot list.
 */
#include "lookup_private.h"
#include "cache_private.h"
#include "lotview_private.h"
#include "lotcache_private.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
agt_provenance_free(agt_provenance *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nrep; i++) {
		agt_record_free(p->rep[i].report);
		if (p->rep[i].own_agency)
			agt_record_free(p->rep[i].agency);
	}
	if (p->lots != p->one) {
		for (i = 0; i < p->nlots; i++)
			free(p->lots[i]);
		free(p->lots);
	}
	free(p->rep);
	agt_record_free(p->lot);
	agt_record_free(p->supplier);
	agt_record_free(p->category);
	agt_gs1_free(p->code);
	free(p);
}

static int
set_today(agt_db *db, agt_provenance *p, const char *at)
{
	static __thread time_t day;
	static __thread char today[11];
	time_t now;
	struct tm tm;

	if (at != NULL) {
		if (strlen(at) != 10 || !agti_date_valid(at, 10))
			return agti_error(db, AGT_EINVAL, "%s: not a date "
			    "(YYYY-MM-DD)", at);
		memcpy(p->today, at, 11);
		return AGT_OK;
	}
	/* The date changes once a day: format it once a day per thread. */
	now = time(NULL);
	if (now / 86400 != day || day == 0) {
		if (gmtime_r(&now, &tm) == NULL || strftime(today, sizeof today,
		    "%Y-%m-%d", &tm) != 10)
			return agti_error(db, AGT_EIO, "no clock");
		day = now / 86400;
	}
	memcpy(p->today, today, 11);
	return AGT_OK;
}

/* The year of DATE, a valid YYYY-MM-DD (set_today() made it so). */
static int
year_of(const char *date)
{
	return (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
	    (date[2] - '0') * 10 + (date[3] - '0');
}

/* An optional record: absent is fine (NULL), other failures are not. */
static int
read_opt(agt_txn *t, int type, const char *id, agt_record **out)
{
	int rc;

	*out = NULL;
	if (id == NULL)
		return AGT_OK;
	rc = agti_cache_current(t, type, id, strlen(id), out);
	if (rc == AGT_ENOTFOUND) {
		agti_error_clear(t->db);
		return AGT_OK;
	}
	return rc;
}

/* The agency of a report: shared with an earlier report of the lot. */
static int
read_agency(agt_txn *t, agt_provenance *p, struct agti_rep *r)
{
	const char *id = agt_record_get(r->report, AGT_F_AGENCY);
	size_t i;

	for (i = 0; i < p->nrep && id != NULL; i++)
		if (p->rep[i].agency != NULL &&
		    strcmp(agt_record_get(p->rep[i].agency, AGT_F_ID), id) == 0) {
			r->agency = p->rep[i].agency;
			return AGT_OK;
		}
	r->own_agency = 1;
	return read_opt(t, AGT_T_AGENCY, id, &r->agency);
}

/* Reports in the order of their numbers, as the reports-of-lot list. */
static int
by_number(const void *a, const void *b)
{
	const struct agti_rep *x = a, *y = b;
	size_t xl, yl;
	const char *xs = agt_record_get_nth(x->report, AGT_F_ID, 0, &xl);
	const char *ys = agt_record_get_nth(y->report, AGT_F_ID, 0, &yl);
	int d = memcmp(xs, ys, xl < yl ? xl : yl);

	return d != 0 ? d : (xl > yl) - (xl < yl);
}

/* The reports whose seqs follow the lot's in lookup index entry V. */
static int
view_reports(agt_txn *t, agt_provenance *p, const MDB_val *v)
{
	const unsigned char *s = v->mv_data;
	size_t n = v->mv_size / 8 - 1, i;
	int rc = AGT_OK;

	if (n == 0)
		return AGT_OK;
	if ((p->rep = calloc(n, sizeof *p->rep)) == NULL)
		return AGT_ENOMEM;
	for (i = 0; i < n && rc == AGT_OK; i++) {
		struct agti_rep *r = &p->rep[p->nrep];

		rc = agti_entry_read(t, agti_get_be64(s + 8 * (i + 1)),
		    AGT_T_REPORT, &r->report);
		p->nrep += r->report != NULL;
	}
	if (rc != AGT_OK)
		return rc;
	for (i = 1; i < p->nrep; i++) { /* a lot has a few: insertion sort */
		struct agti_rep r = p->rep[i];
		size_t j;

		for (j = i; j > 0 && by_number(&p->rep[j - 1], &r) > 0; j--)
			p->rep[j] = p->rep[j - 1];
		p->rep[j] = r;
	}
	for (i = 0; i < p->nrep && rc == AGT_OK; i++)
		rc = read_agency(t, p, &p->rep[i]);
	return rc;
}

static int
list_reports(agt_txn *t, agt_provenance *p, const char *lk, size_t lklen)
{
	MDB_val k = { lklen, (void *)lk }, v;
	MDB_cursor *cur;
	MDB_dbi dbi;
	size_t n = 0;
	int rc, op = MDB_SET_KEY;

	if (agti_dbi(t, AGTI_DB_LOT_REPORTS, &dbi) != 0)
		return AGT_OK;
	if ((rc = mdb_cursor_open(t->txn, dbi, &cur)) != 0)
		return agti_mdb_error(t->db, rc, "reports of lot");
	if ((rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY)) == 0 &&
	    (rc = mdb_cursor_count(cur, &n)) == 0 &&
	    (p->rep = calloc((size_t)n, sizeof *p->rep)) == NULL)
		rc = ENOMEM;
	while (rc == 0 && p->nrep < n) {
		struct agti_rep *r = &p->rep[p->nrep];

		if (op == MDB_NEXT_DUP && (rc = mdb_cursor_get(cur, &k, &v, op)) != 0)
			break;
		op = MDB_NEXT_DUP;
		rc = agti_read_current(t, AGT_T_REPORT, v.mv_data, v.mv_size,
		    &r->report);
		if (rc == AGT_OK)
			rc = read_agency(t, p, r);
		p->nrep += r->report != NULL;
		if (rc != AGT_OK) {
			mdb_cursor_close(cur);
			return rc;
		}
	}
	mdb_cursor_close(cur);
	if (rc == MDB_NOTFOUND)
		return AGT_OK;
	return rc == 0 ? AGT_OK : agti_mdb_error(t->db, rc, "reports of lot");
}

static int
add_lot_key(agt_provenance *p, const agt_record *lot)
{
	const char *k = agt_record_key(lot);
	char **l;

	if (k == NULL || (l = realloc(p->lots, (p->nlots + 1) * sizeof *l)) == NULL)
		return AGT_ENOMEM;
	p->lots = l;
	if ((l[p->nlots] = strdup(k)) == NULL)
		return AGT_ENOMEM;
	p->nlots++;
	return AGT_OK;
}

/* A bare GTIN: every lot of it, newest first; the newest is shown. */
static int
read_product(agt_txn *t, agt_provenance *p, const char *gtin)
{
	const agt_record *lot;
	agt_iter *it;
	int rc;

	if ((rc = agt_list(&it, t, AGT_T_LOT, AGT_BY_GTIN, gtin)) != AGT_OK)
		return rc;
	while ((rc = agt_iter_next(it, &lot)) == AGT_OK) {
		if (p->lot == NULL && (rc = agt_record_dup(&p->lot, lot)) != AGT_OK)
			break;
		if (p->lot != NULL && p->nlots == 0) {
			p->lot->seq = lot->seq;
			memcpy(p->lot->hash, lot->hash, AGT_HASH_LEN);
			memcpy(p->lot->prev, lot->prev, AGT_HASH_LEN);
		}
		if ((rc = add_lot_key(p, lot)) != AGT_OK)
			break;
	}
	agt_iter_free(it);
	if (rc != AGT_ITEROVER)
		return rc;
	if (p->lot == NULL)
		return agti_error(t->db, AGT_ENOTFOUND, "GTIN %s: no lot in the "
		    "register", gtin);
	agti_warn(p, AGT_WARN_PRODUCT_ONLY, "the code names product %s, not "
	    "a lot: showing its newest lot of %zu", gtin, p->nlots);
	return AGT_OK;
}

/* The lot key the code names, in LK; or the lot itself for a bare GTIN. */
static int
resolve(agt_txn *t, agt_provenance *p, const char *raw, size_t rawlen,
	char *lk, size_t *lklen)
{
	const char *gtin = p->code ? agt_gs1_gtin(p->code) : NULL;
	const char *lot = p->code ? agt_gs1_lot(p->code) : NULL;
	MDB_val v;
	int rc;

	*lklen = 0;
	if (p->code == NULL || agt_gs1_kind(p->code) == AGT_GS1_ALIAS) {
		rc = agti_get(t, AGTI_DB_ALIAS, raw, rawlen, &v);
		if (rc != AGT_OK || v.mv_size > AGTI_KEY_MAX)
			return rc == AGT_OK ? AGT_EINTEGRITY : rc;
		memcpy(lk, v.mv_data, *lklen = v.mv_size);
		return AGT_OK;
	}
	if (gtin != NULL && lot != NULL) {
		*lklen = agti_lot_key(gtin, 14, lot, strlen(lot), lk);
		return *lklen > 0 ? AGT_OK : AGT_ENOTFOUND;
	}
	if (gtin != NULL)
		return read_product(t, p, gtin);
	return agti_error(t->db, AGT_ENOTFOUND, "the code names no GTIN (AI 01)");
}

/* The code without surrounding white space, for the alias index. */
static const char *
trim(const char *s, size_t *len)
{
	while (*len > 0 && strchr(" \t\r\n", s[*len - 1]) != NULL)
		(*len)--;
	while (*len > 0 && strchr(" \t\r\n", *s) != NULL)
		s++, (*len)--;
	return s;
}

/*
 * The lot LK names and its reports: through the lookup index, or where
 * the register has none, the lot index and the reports-of-lot list.
 */
static int
read_lot(agt_txn *t, agt_provenance *p, const char *lk, size_t lklen)
{
	char kt[AGTI_KEY_MAX + 2];
	MDB_val v;
	int rc;

	if (!agti_view_ready(t->db)) {
		if (p->lot == NULL && (rc = agti_read_current(t, AGT_T_LOT, lk,
		    lklen, &p->lot)) != AGT_OK)
			return rc;
		return list_reports(t, p, lk, lklen);
	}
	if ((rc = agti_view_get(t, lk, lklen, &v)) == AGT_ENOTFOUND)
		return agti_error(t->db, rc, "lot %s: not found",
		    agti_key_text(AGT_T_LOT, lk, lklen, kt, sizeof kt));
	if (rc != AGT_OK)
		return rc;
	if (p->lot == NULL && (rc = agti_entry_read(t, agti_get_be64(v.mv_data),
	    AGT_T_LOT, &p->lot)) != AGT_OK)
		return rc;
	return view_reports(t, p, &v);
}

/* The lot LK names, its reports, supplier and category, from the register;
 * with KEEP, kept in the lot cache for the next lookups. */
static int
read_records(agt_txn *t, agt_provenance *p, const char *lk, size_t lklen,
	int keep)
{
	int rc;

	if ((rc = read_lot(t, p, lk, lklen)) != AGT_OK ||
	    (rc = read_opt(t, AGT_T_SUPPLIER, agt_record_get(p->lot,
	    AGT_F_SUPPLIER), &p->supplier)) != AGT_OK ||
	    (rc = read_opt(t, AGT_T_CATEGORY, agt_record_get(p->lot,
	    AGT_F_CATEGORY), &p->category)) != AGT_OK)
		return rc;
	if (keep)
		agti_lotcache_put(t, lk, lklen, p);
	return AGT_OK;
}

static int
assemble(agt_txn *t, agt_provenance *p, const char *raw, size_t rawlen,
	unsigned flags)
{
	char lk[AGTI_KEY_MAX];
	size_t lklen;
	int rc, product, keep = 0;

	if ((rc = resolve(t, p, raw, rawlen, lk, &lklen)) != AGT_OK)
		return rc;
	if ((product = p->lot != NULL))
		lklen = agti_record_index_key(p->lot, lk);
	else if ((rc = agti_lotcache_get(t, lk, lklen, p, &keep)) < 0)
		return rc;
	if (rc == 0 && (rc = read_records(t, p, lk, lklen, keep)) != AGT_OK)
		return rc;
	if (!product) { /* the lot's key, which it keeps while P holds it */
		if ((p->one[0] = (char *)agt_record_key(p->lot)) == NULL)
			return AGT_ENOMEM;
		p->lots = p->one;
		p->nlots = 1;
	}
	if ((rc = agti_lookup_warnings(t, p, flags)) != AGT_OK)
		return rc;
	return agti_lookup_holds(t, p);
}

int
agt_lookup(agt_provenance **out, agt_db *db, const char *payload, size_t len,
	const agt_lookup_options *opts)
{
	agt_lookup_options def = AGT_LOOKUP_OPTIONS_INIT;
	agt_provenance *p;
	const char *raw;
	char perr[256] = "";
	agt_txn *t;
	int rc, prc;

	*out = NULL;
	agti_error_clear(db);
	if (opts == NULL)
		opts = &def;
	if (opts->version != AGT_LOOKUP_OPTIONS_VERSION)
		return agti_error(db, AGT_EINVAL, "agt_lookup_options version %u",
		    opts->version);
	/* All but the details, which are written with their warning's bit. */
	if ((p = malloc(sizeof *p)) == NULL)
		return AGT_ENOMEM;
	memset(p, 0, offsetof(agt_provenance, detail));
	if ((rc = set_today(db, p, opts->at)) != AGT_OK) {
		free(p);
		return rc;
	}
	prc = agti_gs1_parse(&p->code, db, payload, len, AGT_GS1_WEDGE,
	    year_of(p->today));
	if (prc != AGT_OK && prc != AGT_EFORMAT) {
		free(p);
		return prc;
	}
	if (prc != AGT_OK) /* not GS1 after all?  Try it as an alias first. */
		snprintf(perr, sizeof perr, "%s", agt_errmsg(db));
	raw = trim(payload, &len);
	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) == AGT_OK) {
		rc = assemble(t, p, raw, len, opts->flags);
		agt_txn_abort(t);
	}
	if (rc == AGT_ENOTFOUND && prc != AGT_OK)
		rc = agti_error(db, AGT_EFORMAT, "%s", perr);
	else if (rc == AGT_ENOTFOUND && *agt_errmsg(db) == '\0')
		rc = agti_error(db, rc, "not in the register: no lot or alias "
		    "by this code");
	if (rc != AGT_OK) {
		agt_provenance_free(p);
		return rc;
	}
	*out = p;
	return AGT_OK;
}
