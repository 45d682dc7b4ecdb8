/*
 * import_epcis.c - EPCIS 2.0 documents inside a batch import session:
 * agt_import_file() hands them here, so they share the session's write
 * transaction (all files or nothing), its forward-reference parking, its
 * signature checks, counts and error list.  Skipped events become the
 * session's notes (agt_import_note()).
 */
#include "import_private.h"
#include "epcis_import.h"

#include <string.h>

int
agti_import_epcis_put(struct agti_imp *im, const agt_record *rec)
{
	struct agti_loc loc = { im->file, 0, 0 };

	agti_import_put(im->session, rec, &loc, 0);
	return AGT_OK;
}

void
agti_import_epcis_note(struct agti_imp *im, const char *msg)
{
	agti_import_add_note(im->session, msg);
}

int
agti_import_epcis(agt_import *imp, agt_txn *txn, const char *path,
    const char *mem, size_t len)
{
	agt_epcis_stats st;
	struct agti_imp im;
	struct agti_loc loc = { 0, 0, 0 };
	int rc;

	memset(&im, 0, sizeof(im));
	im.txn = txn;
	im.path = path;
	im.mem = mem;
	im.memlen = len;
	im.st = &st;
	im.session = imp;
	memset(&st, 0, sizeof(st));
	if ((rc = agti_import_add_file(imp, path, &loc.file)) != AGT_OK)
		return rc;
	im.file = loc.file;
	agti_error_clear(agt_txn_db(txn));
	rc = agti_epcis_read(&im);
	agti_import_count_read(imp, 0, st.events);
	if (rc != AGT_OK) {
		const char *msg = agt_errmsg(agt_txn_db(txn));
		size_t n = strlen(path);

		/* The session's message names the file already. */
		if (strncmp(msg, path, n) == 0 && msg[n] == ':')
			msg += n + 1 + (msg[n + 1] == ' ');
		agti_import_error(imp, &loc, rc, "%s", msg);
	}
	return rc;
}
