/* export_private.h - the regulator export writers (FSMA 204, EPCIS 2.0). */
#ifndef AGT_EXPORT_PRIVATE_H
#define AGT_EXPORT_PRIVATE_H

#include "recall_private.h"

struct agti_writer;

struct agti_export {
	agt_txn *txn;
	agt_db *db;
	const struct agti_writer *w;
	struct agti_out out;
	char **lots;           /* canonical lot keys of the filter */
	size_t nlots;
	const char *from, *to;
	struct agti_names suppliers, salespoints, categories;
	void *state;           /* the writer's */
};

/* A format: begin, then lot() per selected lot, then end(). */
struct agti_writer {
	int (*begin)(struct agti_export *x);
	int (*lot)(struct agti_export *x, const agt_record *lot);
	int (*end)(struct agti_export *x);
	void (*cleanup)(struct agti_export *x);
};

extern const struct agti_writer agti_fsma_writer;
extern const struct agti_writer agti_epcis_xml_writer;
extern const struct agti_writer agti_epcis_json_writer;

/* 1 when DATE (YYYY-MM-DD...) is inside the filter's range. */
int agti_export_in_range(const struct agti_export *x, const char *date);
/* 1 when LOTKEY is selected by the filter's lots (all when none). */
int agti_export_lot_selected(const struct agti_export *x, const char *lotkey);

#endif
