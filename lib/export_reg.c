/* export_reg.c - regulator exports: select lots, hand them to a writer. */
#include "export_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A calendar date YYYY-MM-DD, not just its shape: a range of 2024-13-45
 * would select nothing and export an empty file as if all were well.
 */
static int
date_ok(const char *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int i, y, m, day;

	if (d == NULL)
		return 1;
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	y = atoi(d);
	m = (d[5] - '0') * 10 + d[6] - '0';
	day = (d[8] - '0') * 10 + d[9] - '0';
	if (m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return 0;
	return m != 2 || day < 29 ||
	    (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

int
agti_export_in_range(const struct agti_export *x, const char *date)
{
	if (x->from == NULL && x->to == NULL)
		return 1;
	if (date == NULL)
		return 0;
	if (x->from && strncmp(date, x->from, 10) < 0)
		return 0;
	return x->to == NULL || strncmp(date, x->to, 10) <= 0;
}

int
agti_export_lot_selected(const struct agti_export *x, const char *lotkey)
{
	size_t i;

	if (x->nlots == 0)
		return 1;
	for (i = 0; i < x->nlots; i++)
		if (strcmp(x->lots[i], lotkey) == 0)
			return 1;
	return 0;
}

static int
each_lot(struct agti_export *x)
{
	agt_iter *it = NULL;
	const agt_record *lot;
	agt_record *r;
	size_t i;
	int rc;

	for (i = 0; i < x->nlots; i++) {
		if ((rc = agt_get(&r, x->txn, AGT_T_LOT, x->lots[i])) != AGT_OK)
			return rc == AGT_ENOTFOUND ? agti_error(x->db, rc,
			    "lot %s: not in the register", x->lots[i]) : rc;
		rc = x->w->lot(x, r);
		agt_record_free(r);
		if (rc != AGT_OK)
			return rc;
	}
	if (x->nlots > 0)
		return AGT_OK;
	if ((rc = agt_list(&it, x->txn, AGT_T_LOT, AGT_BY_ALL, NULL)) != AGT_OK)
		return rc;
	while ((rc = agt_iter_next(it, &lot)) == AGT_OK)
		if ((rc = x->w->lot(x, lot)) != AGT_OK)
			break;
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

/* Lot keys of the filter in canonical form (GTIN-14). */
static int
canon_lots(struct agti_export *x, const agt_export_filter *f)
{
	size_t i;
	const char *slash;
	char g[15];

	if (f->nlots == 0)
		return AGT_OK;
	if ((x->lots = calloc(f->nlots, sizeof(char *))) == NULL)
		return AGT_ENOMEM;
	for (i = 0; i < f->nlots; i++) {
		slash = strchr(f->lots[i], '/');
		if (slash == NULL || slash[1] == '\0' || agt_gtin_normalize(g,
		    f->lots[i], (size_t)(slash - f->lots[i])) != AGT_OK)
			return agti_error(x->db, AGT_EINVAL,
			    "lot %s: not GTIN/LOT", f->lots[i]);
		if (asprintf(&x->lots[i], "%s%s", g, slash) < 0) {
			x->lots[i] = NULL;
			return AGT_ENOMEM;
		}
		x->nlots++;
	}
	return AGT_OK;
}

static const struct agti_writer *
writer_of(int format)
{
	switch (format) {
	case AGT_EXPORT_FSMA204: return &agti_fsma_writer;
	case AGT_EXPORT_EPCIS_XML: return &agti_epcis_xml_writer;
	case AGT_EXPORT_EPCIS_JSON: return &agti_epcis_json_writer;
	default: return NULL;
	}
}

int
agt_export_regulator(agt_txn *txn, int format, const agt_export_filter *f,
    agt_write_cb write, void *payload)
{
	static const agt_export_filter none = AGT_EXPORT_FILTER_INIT;
	struct agti_export x;
	size_t i;
	int rc;

	memset(&x, 0, sizeof(x));
	x.txn = txn;
	x.db = agt_txn_db(txn);
	x.out.write = write;
	x.out.payload = payload;
	if (f == NULL)
		f = &none;
	if (f->version != AGT_EXPORT_FILTER_VERSION)
		return agti_error(x.db, AGT_EVERSION, "export filter version %u",
		    f->version);
	if ((x.w = writer_of(format)) == NULL)
		return agti_error(x.db, AGT_EINVAL, "unknown format %d", format);
	if (!date_ok(f->from))
		return agti_error(x.db, AGT_EINVAL,
		    "from date %s: not a date YYYY-MM-DD", f->from);
	if (!date_ok(f->to))
		return agti_error(x.db, AGT_EINVAL,
		    "to date %s: not a date YYYY-MM-DD", f->to);
	x.from = f->from;
	x.to = f->to;
	if ((rc = canon_lots(&x, f)) == AGT_OK &&
	    (rc = x.w->begin(&x)) == AGT_OK &&
	    (rc = each_lot(&x)) == AGT_OK &&
	    (rc = x.w->end(&x)) == AGT_OK)
		rc = agti_out_flush(&x.out);
	if (rc == AGT_OK && x.out.failed)
		rc = AGT_EIO;
	if (rc == AGT_EIO)
		agti_error(x.db, rc, "write failed");
	if (x.w->cleanup)
		x.w->cleanup(&x);
	agti_out_free(&x.out);
	for (i = 0; i < x.nlots; i++)
		free(x.lots[i]);
	free(x.lots);
	return rc;
}
