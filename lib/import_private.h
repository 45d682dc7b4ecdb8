/*
 * import_private.h - the pieces of a batch import session: the session
 * (import.c), the streaming reader of one file (import_read.c) and the
 * signature-checking threads (import_verify.c).
 */
#ifndef AGT_IMPORT_PRIVATE_H
#define AGT_IMPORT_PRIVATE_H

#include "batch_private.h"

#include <stdint.h>
#include <stdio.h>

/* Where a record came from: file index in the session, line, column. */
struct agti_loc {
	uint32_t file;
	uint32_t line;
	uint32_t col;
};

/* One signature to check: owned by the verifier once pushed. */
struct agti_sigjob {
	unsigned char *msg; /* agt_record_encode_unsigned() of the report */
	size_t len;
	unsigned char sig[AGT_SIG_LEN];
	unsigned char pub[AGT_PUBKEY_LEN];
	struct agti_loc loc;
	char number[40];    /* the report number, for the message */
};

struct agti_verifier;

/* Start THREADS checking threads (at least 1).  AGT_ENOMEM. */
int agti_verifier_new(struct agti_verifier **out, unsigned threads,
    unsigned max_failures);

/*
 * Queue JOB (the verifier takes it).  When the queue is full the calling
 * thread checks the oldest job itself, so both cores stay busy when
 * parsing outruns checking.
 */
int agti_verifier_push(struct agti_verifier *v, struct agti_sigjob *job);

/* Check everything queued (the caller helps), stop the threads. */
void agti_verifier_finish(struct agti_verifier *v);

/* After finish: how many were checked and how many failed; the Nth
 * failed job (up to max_failures kept), or NULL. */
uint64_t agti_verifier_checked(const struct agti_verifier *v);
uint64_t agti_verifier_failed(const struct agti_verifier *v);
const struct agti_sigjob *agti_verifier_failure(const struct agti_verifier *v,
    size_t n);

void agti_verifier_free(struct agti_verifier *v);

/* ---- the session, as the per-file reader sees it ---- */

/* Register file NAME with the session; its index in *OUT. */
int agti_import_add_file(agt_import *imp, const char *name, uint32_t *out);

/* Add an error at LOC; returns the code CODE.  Thread: the session's. */
AGTI_MODULE_API
int agti_import_error(agt_import *imp, const struct agti_loc *loc, int code,
    const char *fmt, ...) AGTI_PRINTF(4, 5);

/* 1 once no more errors are listed: reading may stop. */
AGTI_MODULE_API
int agti_import_full(const agt_import *imp);

/* Put REC read at LOC (parking it on an unknown reference); VALIDATED:
 * REC passed agt_record_validate() and has not changed since. */
AGTI_MODULE_API
void agti_import_put(agt_import *imp, const agt_record *rec,
    const struct agti_loc *loc, int validated);

/* The session's flags and progress callback. */
AGTI_MODULE_API
const agt_import_options *agti_import_options(const agt_import *imp);

/* Count bytes and records read. */
AGTI_MODULE_API
void agti_import_count_read(agt_import *imp, uint64_t bytes, uint64_t records);

/* EPCIS 2.0 documents in the session (recall module, import_epcis.c):
 * the LEN bytes at MEM (PATH names them) into TXN through the session;
 * skipped events are notes. */
int agti_import_epcis(agt_import *imp, agt_txn *txn, const char *path,
    const char *mem, size_t len);
int agti_import_add_note(agt_import *imp, const char *msg);

/* ---- reading thread -> writing thread (import_queue.c) ---- */

enum {
	AGTI_ITEM_RECORD,   /* rec read at loc: put it */
	AGTI_ITEM_ERROR,    /* code, msg at loc */
	AGTI_ITEM_PROGRESS, /* bytes of total read: tell the caller */
	AGTI_ITEM_END       /* the reader is done with the file */
};

struct agti_item {
	int kind;
	int code;
	agt_record *rec;    /* RECORD: owned by the item */
	char *msg;          /* ERROR: owned by the item */
	struct agti_loc loc;
	uint64_t bytes, total;
	int valid;          /* RECORD: rec passed agt_record_validate() */
};

struct agti_queue;

/* AGT_ENOMEM. */
AGTI_MODULE_API
int agti_queue_new(struct agti_queue **out);
/* Producer: queue ITEM (the queue takes what it owns); records go over
 * in batches, anything else at once.  Waits while the queue is full. */
AGTI_MODULE_API
void agti_queue_push(struct agti_queue *q, const struct agti_item *item);
void agti_queue_flush(struct agti_queue *q);
/* Consumer: wait for items, move up to MAX of them to ITEMS. */
AGTI_MODULE_API
size_t agti_queue_pop(struct agti_queue *q, struct agti_item *items,
    size_t max);
/* Consumer: done with N ITEMS; what they own goes back to the producer
 * to be freed (records come from its malloc arena). */
AGTI_MODULE_API
void agti_queue_recycle(struct agti_queue *q, struct agti_item *items,
    size_t n);
/* Free what ITEM owns. */
void agti_item_clear(struct agti_item *item);
AGTI_MODULE_API
void agti_queue_free(struct agti_queue *q);

/* Stream one document into the session (import_read.c).  FD >= 0 reads
 * the descriptor, after the LEN bytes at MEM (at most 256 KiB) that the
 * caller read from it first; else the LEN bytes at MEM. */
int agti_import_stream(agt_import *imp, uint32_t file, const char *name,
    int fd, const char *mem, size_t len);

#endif
