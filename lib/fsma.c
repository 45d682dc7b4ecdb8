/* fsma.c - the FDA FSMA 204 sortable spreadsheet (formats/fsma204.md). */
#include "export_private.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const header[] = {
	"Traceability Lot Code", "Product Description", "GTIN", "Lot Code",
	"Quantity", "Unit of Measure", "Event Type", "Event Date",
	"Event Location Description", "Ship-From Location Description",
	"Ship-To Location Description", "Traceability Lot Code Source",
	"Reference Document Type", "Reference Document Number", "Supplier ID",
	"Ship-To Location ID"
};
#define NCOLS (sizeof(header) / sizeof(header[0]))

enum col { C_TLC, C_PRODUCT, C_GTIN, C_LOT, C_QTY, C_UNIT, C_TYPE, C_DATE,
	C_WHERE, C_FROM, C_TO, C_SOURCE, C_DOCTYPE, C_DOCNO, C_SUPPLIER,
	C_TOID };

static const int supplier_fields[] = { AGT_F_NAME, AGT_F_REGION, 0 };
static const int source_fields[] = { AGT_F_NAME, AGT_F_REGION, AGT_F_LICENCE, 0 };
static const int salespoint_fields[] = { AGT_F_NAME, AGT_F_ADDRESS, 0 };
static const int category_fields[] = { AGT_F_NAME, 0 };

struct fsma {
	struct agti_names sources;
	char tlc[256], product[512], harvest_place[512];
};

static int
row(struct agti_export *x, const char *const *cols)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		if (agti_csv_field(&x->out, cols[i], i == 0) != 0)
			return AGT_EIO;
	return agti_out_put(&x->out, "\r\n", 2) ? AGT_EIO : AGT_OK;
}

static int
fsma_begin(struct agti_export *x)
{
	struct fsma *st = calloc(1, sizeof(*st));

	if ((x->state = st) == NULL)
		return AGT_ENOMEM;
	x->suppliers = (struct agti_names){ .type = AGT_T_SUPPLIER,
	    .fields = supplier_fields };
	st->sources = (struct agti_names){ .type = AGT_T_SUPPLIER,
	    .fields = source_fields };
	x->salespoints = (struct agti_names){ .type = AGT_T_SALESPOINT,
	    .fields = salespoint_fields };
	x->categories = (struct agti_names){ .type = AGT_T_CATEGORY,
	    .fields = category_fields };
	return row(x, header);
}

/* The columns every row of LOT shares. */
static void
lot_cols(struct agti_export *x, struct fsma *st, const agt_record *lot,
    const char **c)
{
	const char *cat = agti_names_get(&x->categories, x->txn,
	    agt_record_get(lot, AGT_F_CATEGORY));
	const char *place = agt_record_get(lot, AGT_F_ORIGIN_PLACE);
	const char *num = agt_record_get(lot, AGT_F_ORIGIN_COUNTRY);
	const char *a2 = agti_country_alpha2(num);

	snprintf(st->tlc, sizeof(st->tlc), "(01)%s(10)%s",
	    agt_record_get(lot, AGT_F_GTIN), agt_record_get(lot, AGT_F_LOT));
	snprintf(st->product, sizeof(st->product), "%s%s%s",
	    agt_record_get(lot, AGT_F_PRODUCT), cat && *cat ? " - " : "",
	    cat ? cat : "");
	snprintf(st->harvest_place, sizeof(st->harvest_place), "%s%s%s",
	    place ? place : "", place ? ", " : "", a2 ? a2 : (num ? num : ""));
	memset(c, 0, NCOLS * sizeof(*c));
	c[C_TLC] = st->tlc;
	c[C_PRODUCT] = st->product;
	c[C_GTIN] = agt_record_get(lot, AGT_F_GTIN);
	c[C_LOT] = agt_record_get(lot, AGT_F_LOT);
	c[C_QTY] = agt_record_get(lot, AGT_F_QUANTITY);
	c[C_UNIT] = agt_record_get(lot, AGT_F_UNIT);
	c[C_SOURCE] = agti_names_get(&st->sources, x->txn,
	    agt_record_get(lot, AGT_F_SUPPLIER));
	c[C_DOCTYPE] = "agtrace ledger entry";
	c[C_SUPPLIER] = agt_record_get(lot, AGT_F_SUPPLIER);
}

static int
shipment_rows(struct agti_export *x, const agt_record *lot, const char **c)
{
	agt_iter *it = NULL;
	const agt_record *s;
	char seq[24];
	int rc;

	if ((rc = agt_list(&it, x->txn, AGT_T_SHIPMENT, AGT_BY_LOT,
	    agt_record_key(lot))) != AGT_OK)
		return rc == AGT_ENOTFOUND ? AGT_OK : rc;
	c[C_TYPE] = "shipping";
	c[C_WHERE] = c[C_FROM] = agti_names_get(&x->suppliers, x->txn,
	    agt_record_get(lot, AGT_F_SUPPLIER));
	while ((rc = agt_iter_next(it, &s)) == AGT_OK) {
		c[C_DATE] = agt_record_get(s, AGT_F_SHIPPED);
		if (!agti_export_in_range(x, c[C_DATE]))
			continue;
		c[C_QTY] = agt_record_get(s, AGT_F_QUANTITY);
		c[C_UNIT] = agt_record_get(s, AGT_F_UNIT);
		c[C_TOID] = agt_record_get(s, AGT_F_SALESPOINT);
		c[C_TO] = agti_names_get(&x->salespoints, x->txn, c[C_TOID]);
		snprintf(seq, sizeof(seq), "%" PRIu64, agt_record_seq(s));
		c[C_DOCNO] = seq;
		if ((rc = row(x, c)) != AGT_OK)
			break;
	}
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

static int
fsma_lot(struct agti_export *x, const agt_record *lot)
{
	struct fsma *st = x->state;
	const char *c[NCOLS];
	const char *packed;
	char seq[24];
	int rc;

	lot_cols(x, st, lot, c);
	snprintf(seq, sizeof(seq), "%" PRIu64, agt_record_seq(lot));
	c[C_DOCNO] = seq;
	c[C_DATE] = agt_record_get(lot, AGT_F_HARVESTED);
	if (c[C_DATE] && agti_export_in_range(x, c[C_DATE])) {
		c[C_TYPE] = "harvesting";
		c[C_WHERE] = st->harvest_place;
		if ((rc = row(x, c)) != AGT_OK)
			return rc;
	}
	packed = agt_record_get(lot, AGT_F_PACKED);
	c[C_DATE] = packed ? packed : agt_record_get(lot, AGT_F_PRODUCED);
	if (c[C_DATE] && agti_export_in_range(x, c[C_DATE])) {
		c[C_TYPE] = "initial packing";
		c[C_WHERE] = agti_names_get(&x->suppliers, x->txn,
		    agt_record_get(lot, AGT_F_SUPPLIER));
		if ((rc = row(x, c)) != AGT_OK)
			return rc;
	}
	return shipment_rows(x, lot, c);
}

static int
fsma_end(struct agti_export *x)
{
	return AGT_OK;
}

static void
fsma_cleanup(struct agti_export *x)
{
	struct fsma *st = x->state;

	if (st)
		agti_names_free(&st->sources);
	free(st);
	x->state = NULL;
	agti_names_free(&x->suppliers);
	agti_names_free(&x->salespoints);
	agti_names_free(&x->categories);
}

const struct agti_writer agti_fsma_writer = {
	fsma_begin, fsma_lot, fsma_end, fsma_cleanup
};
