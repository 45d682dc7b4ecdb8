/* epcis_private.h - EPCIS 2.0 events built from register records, for the
 * XML and JSON-LD writers (formats/epcis.md). */
#ifndef AGT_EPCIS_PRIVATE_H
#define AGT_EPCIS_PRIVATE_H

#include "export_private.h"

struct agti_qty {
	char *cls;            /* Digital Link class URI, owned */
	const char *qty, *uom;
};

struct agti_event {
	const char *action, *bizstep, *disp;
	const char *pset, *punset;          /* persistentDisposition */
	char time[32];
	char *cert;                         /* certificationInfo, owned */
	struct agti_qty *q;
	size_t nq, qcap;
	const char *src_type, *dst_type;
	char *src, *dst;                    /* owned */
	/* ILMD (commissioning) */
	const char *country, *harvest, *expires, *lotno;
	const agt_record *rec;              /* the record, for agt:record */
	int sensors;                        /* report items as sensor reports */
};

/* Fill EV from REC (a lot, report, shipment, recall or release).  Lots of
 * a supplier recall are listed through TXN.  Free with agti_event_clear. */
AGTI_MODULE_API
int agti_event_build(struct agti_event *ev, agt_txn *txn, const agt_record *rec);
AGTI_MODULE_API
void agti_event_clear(struct agti_event *ev);

/* 1 when S is an xsd:decimal ("12", "-0.5"): a quantity or sensor value. */
AGTI_MODULE_API
int agti_is_number(const char *s);

/* The events after the lots: reports, then recalls and releases in
 * ledger order, each passed to EMIT.  Honours the filter. */
AGTI_MODULE_API
int agti_epcis_tail(struct agti_export *x,
	int (*emit)(struct agti_export *, const agt_record *));
/* A lot's events: commissioning and its shipments, through EMIT. */
AGTI_MODULE_API
int agti_epcis_lot(struct agti_export *x, const agt_record *lot,
	int (*emit)(struct agti_export *, const agt_record *));

#endif
