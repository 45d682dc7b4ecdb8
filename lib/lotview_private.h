/* lotview_private.h - the lookup's index of lots (lotview.c). */
#ifndef AGT_LOTVIEW_PRIVATE_H
#define AGT_LOTVIEW_PRIVATE_H

#include "db_private.h"

/* 1 when DB's lookup index is kept (register format 2 or later). */
int agti_view_ready(const agt_db *db);

/* The entry of lot key LK: AGT_OK, AGT_ENOTFOUND (no message) or an error. */
int agti_view_get(agt_txn *t, const void *lk, size_t lklen, MDB_val *v);

/* Lot LK is now ledger entry SEQ (new or revised: its reports stay). */
int agti_view_put_lot(agt_txn *t, const void *lk, size_t lklen, uint64_t seq);

/* Report REP, ledger entry SEQ, names its lots: add SEQ to theirs. */
int agti_view_add_report(agt_txn *t, const agt_record *rep, uint64_t seq);

/* Make the index anew from the lot and reports-of-lot indexes. */
int agti_view_build(agt_txn *t);

#endif
