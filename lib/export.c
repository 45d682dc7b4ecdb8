/*
 * export.c - the ledger back out as a batch document, oldest entry first.
 * Ledger order replays every revision in the order it was made, so an
 * import of the output into an empty register rebuilds the same chain.
 */
#include "batch_private.h"

#include <stdlib.h>
#include <time.h>

struct sink {
	agt_write_cb write;
	void *payload;
	int failed;
};

static int
sink_write(void *ctx, const char *buf, int len)
{
	struct sink *s = ctx;

	if (s->failed || s->write(buf, (size_t)len, s->payload) != 0) {
		s->failed = 1;
		return -1;
	}
	return len;
}

static int
sink_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static int
exportable(int type)
{
	return type >= AGT_T_CATEGORY && type <= AGT_T_RELEASE;
}

static int
write_entries(agt_txn *txn, xmlTextWriterPtr w, uint64_t since,
    uint64_t *skipped)
{
	agt_record *rec;
	uint64_t seq, head;
	int rc;

	if ((rc = agt_ledger_head(txn, &head, NULL)) != AGT_OK)
		return rc;
	for (seq = since + 1; seq <= head; seq++) {
		if ((rc = agt_ledger_get(&rec, txn, seq)) != AGT_OK)
			return rc;
		if (exportable(agt_record_type(rec)))
			rc = agti_batch_write_record(w, rec);
		else
			++*skipped;
		agt_record_free(rec);
		if (rc != AGT_OK)
			return rc;
	}
	return AGT_OK;
}

static int
export_txn(agt_txn *txn, uint64_t since, uint64_t *skipped, struct sink *s)
{
	xmlOutputBufferPtr ob;
	xmlTextWriterPtr w;
	char created[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if ((ob = xmlOutputBufferCreateIO(sink_write, sink_close, s, NULL)) == NULL)
		return AGT_ENOMEM;
	if ((w = xmlNewTextWriter(ob)) == NULL) {
		xmlOutputBufferClose(ob);
		return AGT_ENOMEM;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	gmtime_r(&now, &tm);
	strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
	rc = agti_batch_write_start(w, created);
	if (rc == AGT_OK)
		rc = write_entries(txn, w, since, skipped);
	if (rc == AGT_OK)
		rc = agti_batch_write_end(w);
	xmlFreeTextWriter(w); /* closes OB */
	return rc == AGT_OK && s->failed ? AGT_EIO : rc;
}

int
agt_export(agt_db *db, uint64_t since, uint64_t *skipped,
    agt_write_cb write, void *payload)
{
	struct sink s = { write, payload, 0 };
	agt_txn *txn;
	uint64_t dummy = 0;
	int rc;

	agti_xml_init();
	if (skipped == NULL)
		skipped = &dummy;
	*skipped = 0;
	if ((rc = agt_txn_begin(&txn, db, AGT_TXN_RDONLY)) != AGT_OK)
		return rc;
	rc = export_txn(txn, since, skipped, &s);
	agt_txn_abort(txn);
	if (rc == AGT_EIO)
		return agti_error(db, rc, "export: cannot write the output");
	return rc;
}
