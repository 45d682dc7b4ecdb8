/*
 * recall_private.h - what the recall module (holds, tracing, FSMA 204 and
 * EPCIS 2.0) shares between its sources and with the core's put/verify.
 */
#ifndef AGT_RECALL_PRIVATE_H
#define AGT_RECALL_PRIVATE_H

#include "private.h"

#include <stddef.h>

/* The Digital Link extension namespace and the URN prefixes we mint. */
#define AGTI_EPCIS_NS "urn:agtrace:epcis:1"
#define AGTI_DL_HOST "https://id.gs1.org"

/* Recall scopes, as written in AGT_F_SCOPE. */
enum agti_scope { AGTI_SCOPE_LOT = 1, AGTI_SCOPE_GTIN, AGTI_SCOPE_SUPPLIER,
	AGTI_SCOPE_REPORT };

/* "lot" -> AGTI_SCOPE_LOT, ...; 0 when unknown. */
int agti_scope_parse(const char *name);

/*
 * Field rules of a recall or release record (validate.c calls this for
 * AGT_T_RECALL and AGT_T_RELEASE): ID is SCOPE ":" TARGET, the target in
 * its canonical form, a reason and an ISO 8601 UTC time.  AGT_EINVAL with
 * static text in *WHY.
 */
int agti_recall_validate(const agt_record *rec, const char **why);

/*
 * Reference rules at put time: a recall's target exists (a GTIN needs no
 * lot yet); a release needs an active recall of the same ID.  AGT_OK,
 * AGT_ENOTFOUND (with a message on the handle) or a storage error.
 */
int agti_recall_check_refs(agt_txn *txn, const agt_record *rec);

/*
 * Whether the recall with ID ("lot:GTIN/LOT", "supplier:S001", ...) is
 * active: 1 (and *OUT, if not NULL, gets the recall), 0, or an error.
 */
int agti_recall_active(agt_txn *txn, const char *id, agt_record **out);

/* For a recall or release read from a batch: set its key AGT_F_ID to
 * SCOPE:TARGET.  Other records are left alone.  AGT_OK or AGT_ENOMEM. */
AGTI_MODULE_API
int agti_recall_set_id(agt_record *rec);

/* 1 when RECALL's scope covers LOT (a lot record), else 0. */
int agti_recall_covers(agt_txn *txn, const agt_record *recall,
	const agt_record *lot);

/* A growing byte buffer for the writers (CSV, EPCIS). */
struct agti_out {
	char *buf;
	size_t len, cap;
	agt_write_cb write;
	void *payload;
	int failed;
};
/* Append LEN bytes; flushes to WRITE past 64 KiB.  -1 after a failure. */
AGTI_MODULE_API
int agti_out_put(struct agti_out *o, const void *p, size_t len);
int agti_out_puts(struct agti_out *o, const char *s);
/* Flush what is buffered.  AGT_OK or AGT_EIO. */
int agti_out_flush(struct agti_out *o);
void agti_out_free(struct agti_out *o);

/* One RFC 4180 field (quoted when needed), preceded by a comma unless FIRST. */
int agti_csv_field(struct agti_out *o, const char *s, int first);

/*
 * A cache of descriptions: the FIELDS (0-terminated) of the record of TYPE
 * with a key, joined by ", ".  Zero-initialise with TYPE and FIELDS set.
 */
struct agti_names {
	int type;
	const int *fields;
	struct slot *slots;
	size_t cap, n;
};
/* The description of KEY ("" for an unknown record; NULL on ENOMEM or
 * for KEY NULL).  Owned by the cache. */
const char *agti_names_get(struct agti_names *c, agt_txn *txn, const char *key);
void agti_names_free(struct agti_names *c);

/* EPCIS helpers (epcis_util.c). */
/* The Digital Link class URI of lot GTIN/LOT (or GTIN alone when LOT is
 * NULL) in a fresh string; NULL on ENOMEM. */
char *agti_dl_class(const char *gtin, const char *lot);
/* Parse a Digital Link class URI or urn:epc:class:lgtin: into GTIN-14 and
 * lot (LOT gets "" for a GTIN-only id).  AGT_OK or AGT_EFORMAT. */
int agti_dl_parse(const char *uri, char gtin[15], char **lot);
/* "urn:agtrace:KIND:" + percent-encoded ID in a fresh string. */
char *agti_urn(const char *kind, const char *id);
/* The id of an agtrace URN of KIND, in a fresh string, or NULL. */
char *agti_urn_parse(const char *kind, const char *uri);
/* The UN/CEFACT Rec. 20 code of a unit, or NULL. */
AGTI_MODULE_API
const char *agti_uom_code(const char *unit);
/* ISO 3166-1 alpha-2 of a numeric code ("156" -> "CN"), or NULL. */
const char *agti_country_alpha2(const char *numeric);
/* "YYYY-MM-DD" -> "YYYY-MM-DDT00:00:00Z" into OUT (32 bytes); date-times
 * are copied.  Returns OUT. */
char *agti_epcis_time(char out[32], const char *date);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into OUT. */
AGTI_MODULE_API
char *agti_now_utc(char out[32]);

#endif
