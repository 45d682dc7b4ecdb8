/* epcis_import.h - the EPCIS import's view of an event, shared by the XML
 * and JSON-LD readers. */
#ifndef AGT_EPCIS_IMPORT_H
#define AGT_EPCIS_IMPORT_H

#include "recall_private.h"

struct agti_vq {
	char *cls, *qty, *uom;
};

struct agti_view {
	const char *type;      /* ObjectEvent, AggregationEvent, ... */
	char *bizstep;         /* bare CBV name */
	char *time;            /* eventTime as written */
	char *dest, *bizloc;   /* destination location, bizLocation id */
	struct agti_vq *q;
	size_t nq, qcap;
	agt_record *rec;       /* from the agtrace extension, or NULL */
};

struct agti_imp {
	agt_txn *txn;
	const char *path;
	agt_epcis_stats *st;
	agt_message_cb skipped;
	void *payload;
	/* Inside a batch import session (agt_import_file): puts, errors and
	 * skipped events go to the session instead. */
	agt_import *session;
	uint32_t file;
	/* The document itself, read whole (the readers parse it at once),
	 * PATH naming it only in messages; NULL: agti_epcis_read() reads
	 * PATH. */
	const char *mem;
	size_t memlen;
};

/* The largest EPCIS document read (its events are parsed from memory). */
#define AGTI_EPCIS_MAX ((size_t)256 << 20)

/* The bytes agt_epcis_detect() reads to tell. */
#define AGTI_EPCIS_HEAD 4095
/* What agt_epcis_detect() says of a document beginning with the N bytes
 * at HEAD (the first 4 KiB are enough). */
int agti_epcis_detect_head(const char *head, size_t n);

AGTI_MODULE_API
void agti_view_clear(struct agti_view *v);
AGTI_MODULE_API
int agti_view_add_qty(struct agti_view *v, const char *cls, const char *qty,
	const char *uom);
AGTI_MODULE_API
const char *agti_cbv_bare(const char *s);
/* Add one extension field value (TEXT, or a nested CHILD) to REC. */
AGTI_MODULE_API
int agti_ext_field(agt_record *rec, const char *name, const char *text,
	const agt_record *child);
/* Report event WHAT skipped because WHY (ARG may be NULL). */
AGTI_MODULE_API
void agti_import_skip(struct agti_imp *im, const char *what, const char *why,
	const char *arg);
/* Session mode (import_epcis.c): put REC into the session, note a line. */
int agti_import_epcis_put(struct agti_imp *im, const agt_record *rec);
void agti_import_epcis_note(struct agti_imp *im, const char *msg);

/* Map one event: put its record, or skip it with a reason. */
AGTI_MODULE_API
int agti_import_event(struct agti_imp *im, struct agti_view *v);

int agti_epcis_import_xml(struct agti_imp *im);
int agti_epcis_import_json(struct agti_imp *im);
/* Read the document of IM (the file at its PATH, opened once, when its
 * MEM is NULL) by its syntax. */
int agti_epcis_read(struct agti_imp *im);

#endif
