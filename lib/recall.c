/* recall.c - recall and release records, and the holds they make. */
#include "recall_private.h"
#include "db_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const scope_names[] = {
	[AGTI_SCOPE_LOT] = "lot", [AGTI_SCOPE_GTIN] = "gtin",
	[AGTI_SCOPE_SUPPLIER] = "supplier", [AGTI_SCOPE_REPORT] = "report"
};

int
agti_scope_parse(const char *name)
{
	int i;

	for (i = AGTI_SCOPE_LOT; i <= AGTI_SCOPE_REPORT; i++)
		if (name != NULL && strcmp(name, scope_names[i]) == 0)
			return i;
	return 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" with plausible ranges. */
static int
utc_time_valid(const char *t)
{
	int y, mo, d, h, mi, s;
	char z;

	if (t == NULL || strlen(t) != 20 || t[4] != '-' || t[7] != '-' ||
	    t[10] != 'T' || t[13] != ':' || t[16] != ':')
		return 0;
	if (!agti_all_digits(t, 4) || !agti_all_digits(t + 5, 2) || !agti_all_digits(t + 8, 2) ||
	    !agti_all_digits(t + 11, 2) || !agti_all_digits(t + 14, 2) ||
	    !agti_all_digits(t + 17, 2))
		return 0;
	if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s,
	    &z) != 7 || z != 'Z')
		return 0;
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 &&
	    mi <= 59 && s <= 60;
}

/*
 * The canonical form of TARGET for SCOPE into a fresh string (GTINs as
 * 14 digits), or NULL with *WHY set.
 */
static char *
canonical_target(int scope, const char *target, const char **why)
{
	char g[15], *out = NULL;
	const char *slash;

	*why = NULL;
	if (target == NULL || *target == '\0') {
		*why = "recall target: missing";
		return NULL;
	}
	switch (scope) {
	case AGTI_SCOPE_LOT:
		slash = strchr(target, '/');
		if (slash == NULL || slash[1] == '\0' ||
		    agt_gtin_normalize(g, target, (size_t)(slash - target)) != AGT_OK) {
			*why = "recall target: not GTIN/LOT with a valid GTIN";
			return NULL;
		}
		if (asprintf(&out, "%s%s", g, slash) < 0)
			out = NULL;
		break;
	case AGTI_SCOPE_GTIN:
		if (agt_gtin_normalize(g, target, strlen(target)) != AGT_OK) {
			*why = "recall target: not a valid GTIN";
			return NULL;
		}
		out = strdup(g);
		break;
	case AGTI_SCOPE_SUPPLIER:
	case AGTI_SCOPE_REPORT:
		out = strdup(target);
		break;
	default:
		*why = "recall scope: not lot, gtin, supplier or report";
		return NULL;
	}
	if (out == NULL)
		*why = "out of memory";
	return out;
}

static int recall_rules(const agt_record *rec, const char **why);

int
agti_recall_validate(const agt_record *rec, const char **why)
{
	const char *w = NULL;
	int rc = recall_rules(rec, &w);

	if (why != NULL && rc != AGT_OK)
		*why = w;
	return rc;
}

static int
recall_rules(const agt_record *rec, const char **why)
{
	static const int req[] = { AGT_F_ID, AGT_F_SCOPE, AGT_F_TARGET,
	    AGT_F_REASON, AGT_F_TIME, 0 };
	static const char *const missing[] = { "recall id: missing",
	    "recall scope: missing", "recall target: missing",
	    "recall reason: missing", "recall time: missing" };
	const char *id, *target, *w;
	char *canon;
	int i, scope, ok;

	for (i = 0; req[i] != 0; i++)
		if (agt_record_get(rec, req[i]) == NULL ||
		    *agt_record_get(rec, req[i]) == '\0') {
			*why = missing[i];
			return AGT_EINVAL;
		}
	if ((scope = agti_scope_parse(agt_record_get(rec, AGT_F_SCOPE))) == 0) {
		*why = "recall scope: not lot, gtin, supplier or report";
		return AGT_EINVAL;
	}
	if (!utc_time_valid(agt_record_get(rec, AGT_F_TIME))) {
		*why = "recall time: not YYYY-MM-DDTHH:MM:SSZ";
		return AGT_EINVAL;
	}
	target = agt_record_get(rec, AGT_F_TARGET);
	if ((canon = canonical_target(scope, target, &w)) == NULL) {
		*why = w;
		return w && strcmp(w, "out of memory") == 0 ? AGT_ENOMEM : AGT_EINVAL;
	}
	ok = strcmp(canon, target) == 0;
	free(canon);
	if (!ok) {
		*why = "recall target: not in canonical form (GTIN-14)";
		return AGT_EINVAL;
	}
	id = agt_record_get(rec, AGT_F_ID);
	i = (int)strlen(scope_names[scope]);
	if (strncmp(id, scope_names[scope], (size_t)i) != 0 || id[i] != ':' ||
	    strcmp(id + i + 1, target) != 0) {
		*why = "recall id: not SCOPE:TARGET";
		return AGT_EINVAL;
	}
	return AGT_OK;
}

int
agt_recall_new(agt_record **out, int type, const char *scope,
    const char *target, const char *reason, const char *issuer,
    const char *time, const char **why)
{
	const char *w = NULL;
	char now[32], *canon = NULL, *id = NULL;
	agt_record *rec = NULL;
	int s, rc;

	*out = NULL;
	if (type != AGT_T_RECALL && type != AGT_T_RELEASE) {
		w = "not a recall or release type";
		rc = AGT_EINVAL;
		goto done;
	}
	if ((s = agti_scope_parse(scope)) == 0) {
		w = "recall scope: not lot, gtin, supplier or report";
		rc = AGT_EINVAL;
		goto done;
	}
	if ((canon = canonical_target(s, target, &w)) == NULL) {
		rc = AGT_EINVAL;
		goto done;
	}
	rc = AGT_ENOMEM;
	if (asprintf(&id, "%s:%s", scope_names[s], canon) < 0) {
		id = NULL;
		goto done;
	}
	if ((rc = agt_record_new(&rec, type)) != AGT_OK ||
	    (rc = agt_record_set(rec, AGT_F_ID, id)) != AGT_OK ||
	    (rc = agt_record_set(rec, AGT_F_SCOPE, scope_names[s])) != AGT_OK ||
	    (rc = agt_record_set(rec, AGT_F_TARGET, canon)) != AGT_OK ||
	    (rc = agt_record_set(rec, AGT_F_REASON, reason)) != AGT_OK ||
	    (rc = agt_record_set(rec, AGT_F_ISSUER, issuer)) != AGT_OK ||
	    (rc = agt_record_set(rec, AGT_F_TIME,
	        time ? time : agti_now_utc(now))) != AGT_OK)
		goto done;
	if ((rc = agti_recall_validate(rec, &w)) != AGT_OK)
		goto done;
	*out = rec;
	rec = NULL;
done:
	if (why)
		*why = w;
	agt_record_free(rec);
	free(canon);
	free(id);
	return rc;
}

int
agti_recall_active(agt_txn *txn, const char *id, agt_record **out)
{
	agt_record *rec = NULL, *rel = NULL;
	uint64_t seq;
	int rc;

	/* The common case, no recall: one index get, no record read. */
	rc = agti_get_seq(txn, agti_type_index(AGT_T_RECALL), id, strlen(id),
	    &seq);
	if (rc == AGT_ENOTFOUND)
		return 0;
	if (rc != AGT_OK)
		return rc;
	rc = agt_get(&rec, txn, AGT_T_RECALL, id);
	if (rc == AGT_ENOTFOUND)
		return 0;
	if (rc != AGT_OK)
		return rc;
	rc = agt_get(&rel, txn, AGT_T_RELEASE, id);
	if (rc == AGT_OK && agt_record_seq(rel) > agt_record_seq(rec))
		rc = 0;
	else if (rc == AGT_OK || rc == AGT_ENOTFOUND)
		rc = 1;
	agt_record_free(rel);
	if (rc == 1 && out != NULL)
		*out = rec;
	else
		agt_record_free(rec);
	return rc;
}

static int
active_scope(agt_txn *txn, const char *scope, const char *target,
    agt_record **out)
{
	char *id;
	int rc;

	if (asprintf(&id, "%s:%s", scope, target) < 0)
		return AGT_ENOMEM;
	rc = agti_recall_active(txn, id, out);
	free(id);
	return rc;
}

int
agt_recall_is_active(agt_txn *txn, const agt_record *rec)
{
	agt_record *cur = NULL;
	const char *id = agt_record_get(rec, AGT_F_ID);
	int rc;

	if (agt_record_type(rec) != AGT_T_RECALL || id == NULL)
		return agti_error(agt_txn_db(txn), AGT_EINVAL, "not a recall");
	rc = agti_recall_active(txn, id, &cur);
	if (rc == 1 && agt_record_seq(cur) != agt_record_seq(rec))
		rc = 0;
	agt_record_free(cur);
	return rc;
}

/* Holds through the lot's reports: one get per report of the lot. */
static int
hold_by_reports(agt_txn *txn, const char *lotkey, agt_record **out)
{
	agt_iter *it = NULL;
	const agt_record *r;
	int rc, found = 0;

	if ((rc = agt_list(&it, txn, AGT_T_REPORT, AGT_BY_LOT, lotkey)) != AGT_OK)
		return rc == AGT_ENOTFOUND ? 0 : rc;
	while (!found && (rc = agt_iter_next(it, &r)) == AGT_OK)
		found = active_scope(txn, "report", agt_record_key(r), out);
	agt_iter_free(it);
	if (found != 0)
		return found;
	return rc == AGT_ITEROVER ? 0 : rc;
}

int
agt_hold_get(agt_record **out, agt_txn *txn, const char *lotkey)
{
	agt_db *db = agt_txn_db(txn);
	agt_record *lot = NULL;
	const char *w;
	char *canon, g[15];
	int rc;

	if (out)
		*out = NULL;
	if ((canon = canonical_target(AGTI_SCOPE_LOT, lotkey, &w)) == NULL)
		return agti_error(db, AGT_EINVAL, "%s: %s", lotkey, w);
	memcpy(g, canon, 14);
	g[14] = '\0';
	if ((rc = active_scope(txn, "lot", canon, out)) != 0 ||
	    (rc = active_scope(txn, "gtin", g, out)) != 0)
		goto done;
	rc = agt_get(&lot, txn, AGT_T_LOT, canon);
	if (rc == AGT_ENOTFOUND) {
		rc = 0;
		goto done;
	}
	if (rc != AGT_OK)
		goto done;
	if ((rc = active_scope(txn, "supplier",
	    agt_record_get(lot, AGT_F_SUPPLIER), out)) != 0)
		goto done;
	rc = hold_by_reports(txn, canon, out);
done:
	agt_record_free(lot);
	free(canon);
	if (rc == 0)
		return AGT_ENOTFOUND;
	return rc == 1 ? AGT_OK : rc;
}

int
agti_recall_check_refs(agt_txn *txn, const agt_record *rec)
{
	static const int types[] = { [AGTI_SCOPE_LOT] = AGT_T_LOT,
	    [AGTI_SCOPE_SUPPLIER] = AGT_T_SUPPLIER,
	    [AGTI_SCOPE_REPORT] = AGT_T_REPORT };
	const char *id = agt_record_get(rec, AGT_F_ID);
	const char *target = agt_record_get(rec, AGT_F_TARGET);
	int scope = agti_scope_parse(agt_record_get(rec, AGT_F_SCOPE));
	agt_record *r = NULL;
	int rc;

	if (agt_record_type(rec) == AGT_T_RELEASE) {
		/* Any recall of the ID will do: releasing twice must stay
		 * idempotent (a batch imported again). */
		rc = agt_get(&r, txn, AGT_T_RECALL, id);
		agt_record_free(r);
		if (rc == AGT_ENOTFOUND)
			return agti_error(agt_txn_db(txn), AGT_ENOTFOUND,
			    "release %s: no recall to lift", id);
		return rc;
	}
	if (scope == AGTI_SCOPE_GTIN)
		return AGT_OK;
	rc = agt_get(&r, txn, types[scope], target);
	agt_record_free(r);
	if (rc == AGT_ENOTFOUND)
		return agti_error(agt_txn_db(txn), AGT_ENOTFOUND,
		    "recall %s: unknown %s %s", id, scope_names[scope], target);
	return rc;
}

int
agti_recall_covers(agt_txn *txn, const agt_record *recall,
    const agt_record *lot)
{
	const char *target = agt_record_get(recall, AGT_F_TARGET);
	const char *lotkey = agt_record_key(lot);
	const agt_record *ref;
	agt_record *rep = NULL;
	size_t i;
	int found = 0;

	if (target == NULL || lotkey == NULL)
		return 0;
	switch (agti_scope_parse(agt_record_get(recall, AGT_F_SCOPE))) {
	case AGTI_SCOPE_LOT:
		return strcmp(target, lotkey) == 0;
	case AGTI_SCOPE_GTIN:
		return strncmp(target, lotkey, 14) == 0 && lotkey[14] == '/';
	case AGTI_SCOPE_SUPPLIER:
		return agt_record_get(lot, AGT_F_SUPPLIER) != NULL &&
		    strcmp(target, agt_record_get(lot, AGT_F_SUPPLIER)) == 0;
	case AGTI_SCOPE_REPORT:
		if (agt_get(&rep, txn, AGT_T_REPORT, target) != AGT_OK)
			return 0;
		for (i = 0; !found &&
		    (ref = agt_record_child(rep, AGT_F_LOTREF, i)) != NULL; i++)
			found = agt_record_key(ref) != NULL &&
			    strcmp(agt_record_key(ref), lotkey) == 0;
		agt_record_free(rep);
		return found;
	default:
		return 0;
	}
}

int
agti_recall_set_id(agt_record *rec)
{
	const char *scope = agt_record_get(rec, AGT_F_SCOPE);
	const char *target = agt_record_get(rec, AGT_F_TARGET);
	char *id;
	int rc;

	if (agt_record_type(rec) != AGT_T_RECALL &&
	    agt_record_type(rec) != AGT_T_RELEASE)
		return AGT_OK;
	if (scope == NULL || target == NULL)
		return AGT_OK; /* validation names the missing field */
	if (asprintf(&id, "%s:%s", scope, target) < 0)
		return AGT_ENOMEM;
	rc = agt_record_set(rec, AGT_F_ID, id);
	free(id);
	return rc;
}
