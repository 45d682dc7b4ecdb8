/*
 * lookup_warn.c - what a cashier must be told about a provenance, and the
 * decision it leads to: which reports are superseded, signatures, expiry
 * against the caller's clock, label data against the register.
 */
#include "lookup_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const warning_text[AGTI_NWARN] = {
	"no inspection report",
	"inspection failed",
	"only superseded reports",
	"expired",
	"label disagrees with the register",
	"product code only, lot unknown",
	"report signature does not verify",
	"held by a recall",
};

static int
bit_index(unsigned w)
{
	int i;

	for (i = 0; i < AGTI_NWARN; i++)
		if (w == 1u << i)
			return i;
	return -1;
}

const char *
agt_warning_text(unsigned warning)
{
	int i = bit_index(warning);

	return i < 0 ? NULL : warning_text[i];
}

void
agti_warn(agt_provenance *p, unsigned warning, const char *fmt, ...)
{
	int i = bit_index(warning);
	va_list ap;

	if (i < 0 || (p->warnings & warning))
		return;
	p->warnings |= warning;
	va_start(ap, fmt);
	vsnprintf(p->detail[i], sizeof p->detail[i], fmt, ap);
	va_end(ap);
}

int
agt_provenance_status(const agt_provenance *p)
{
	/* Holds (AGT_WARN_HELD) are set by the recalls module's hook. */
	if (p->warnings & (AGT_WARN_FAILED | AGT_WARN_EXPIRED |
	    AGT_WARN_SIGNATURE | AGT_WARN_HELD))
		return AGT_POS_DO_NOT_SELL;
	if (p->warnings != 0)
		return AGT_POS_WARN;
	return AGT_POS_SELL;
}

const char *
agt_pos_status_name(int status)
{
	switch (status) {
	case AGT_POS_SELL: return "sell";
	case AGT_POS_WARN: return "warn";
	case AGT_POS_DO_NOT_SELL: return "do-not-sell";
	default: return NULL;
	}
}

static const char *
get(const agt_record *r, int field)
{
	return r != NULL ? agt_record_get(r, field) : NULL;
}

/* A report is superseded when another report of the lot names it. */
static void
mark_current(agt_provenance *p)
{
	size_t i, j;

	for (i = 0; i < p->nrep; i++)
		p->rep[i].current = 1;
	for (j = 0; j < p->nrep; j++) {
		const char *old = get(p->rep[j].report, AGT_F_SUPERSEDES);

		for (i = 0; i < p->nrep && old != NULL; i++)
			if (i != j && strcmp(old, get(p->rep[i].report, AGT_F_ID)) == 0)
				p->rep[i].current = 0;
	}
}

/* Current reports first, then newest issued first (insertion sort: few). */
static void
sort_reports(agt_provenance *p)
{
	size_t i, j;

	for (i = 1; i < p->nrep; i++) {
		struct agti_rep r = p->rep[i];
		const char *ri = get(r.report, AGT_F_ISSUED);

		for (j = i; j > 0; j--) {
			const struct agti_rep *q = &p->rep[j - 1];
			const char *qi = get(q->report, AGT_F_ISSUED);

			if (q->current > r.current || (q->current == r.current &&
			    strcmp(qi ? qi : "", ri ? ri : "") >= 0))
				break;
			p->rep[j] = p->rep[j - 1];
		}
		p->rep[j] = r;
	}
}

static int
check_signatures(agt_txn *t, agt_provenance *p, unsigned flags)
{
	size_t i;
	int rc;

	for (i = 0; i < p->nrep; i++) {
		struct agti_rep *r = &p->rep[i];

		if (agt_record_count(r->report, AGT_F_SIGNATURE) == 0) {
			r->sig = AGT_SIG_NONE;
			continue;
		}
		if (!(flags & AGT_LOOKUP_SIGNATURES)) {
			r->sig = AGT_SIG_UNCHECKED;
			continue;
		}
		rc = agti_verify_report_signature(t, r->report);
		if (rc != AGT_OK && rc != AGT_ESIGNATURE)
			return rc;
		r->sig = rc == AGT_OK ? AGT_SIG_VALID : AGT_SIG_INVALID;
		if (rc != AGT_OK)
			agti_warn(p, AGT_WARN_SIGNATURE, "report %s: %s",
			    get(r->report, AGT_F_ID), agt_errmsg(t->db));
	}
	return AGT_OK;
}

static void
check_reports(agt_provenance *p)
{
	size_t i, current = 0;

	if (p->nrep == 0) {
		agti_warn(p, AGT_WARN_NO_REPORT, "lot %s has no inspection report",
		    agt_record_key(p->lot));
		return;
	}
	for (i = 0; i < p->nrep; i++) {
		const char *v = get(p->rep[i].report, AGT_F_VERDICT);

		if (!p->rep[i].current)
			continue;
		current++;
		if (v != NULL && strcmp(v, "pass") != 0)
			agti_warn(p, AGT_WARN_FAILED, "report %s: verdict %s",
			    get(p->rep[i].report, AGT_F_ID), v);
	}
	if (current == 0)
		agti_warn(p, AGT_WARN_SUPERSEDED_ONLY, "all %zu reports of the lot "
		    "are superseded", p->nrep);
}

static void
check_expiry(agt_provenance *p)
{
	const char *label = p->code ? agt_gs1_expiry(p->code) : NULL;
	const char *reg = get(p->lot, AGT_F_EXPIRES);

	if (reg != NULL && strcmp(p->today, reg) > 0)
		agti_warn(p, AGT_WARN_EXPIRED, "expired %s (today %s)", reg, p->today);
	else if (label != NULL && strcmp(p->today, label) > 0)
		agti_warn(p, AGT_WARN_EXPIRED, "label date %s has passed (today %s)",
		    label, p->today);
}

/* The label's dates and origin against the register's. */
static void
check_label(agt_provenance *p)
{
	static const struct { const char *ai; int field; const char *what; } cmp[] = {
		{ "17", AGT_F_EXPIRES, "expiry" },
		{ "11", AGT_F_PRODUCED, "production date" },
		{ "13", AGT_F_PACKED, "packing date" },
		{ "422", AGT_F_ORIGIN_COUNTRY, "origin country" },
	};
	size_t i, k;

	if (p->code == NULL || (p->warnings & AGT_WARN_PRODUCT_ONLY))
		return;
	for (i = 0; i < sizeof cmp / sizeof cmp[0]; i++) {
		const char *reg = get(p->lot, cmp[i].field), *label = NULL;

		for (k = 0; k < agt_gs1_count(p->code); k++)
			if (strcmp(agt_gs1_ai(p->code, k), cmp[i].ai) == 0)
				label = agt_gs1_typed(p->code, k);
		if (label != NULL && reg != NULL && strcmp(label, reg) != 0) {
			agti_warn(p, AGT_WARN_LABEL_MISMATCH, "%s: label %s, "
			    "register %s", cmp[i].what, label, reg);
			return;
		}
	}
}

int
agti_lookup_warnings(agt_txn *t, agt_provenance *p, unsigned flags)
{
	int rc;

	mark_current(p);
	sort_reports(p);
	if ((rc = check_signatures(t, p, flags)) != AGT_OK)
		return rc;
	check_reports(p);
	check_expiry(p);
	check_label(p);
	return AGT_OK;
}

unsigned
agt_provenance_warnings(const agt_provenance *p)
{
	return p->warnings;
}
