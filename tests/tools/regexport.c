/*
 * regexport - write a register in a regulator format to standard output
 * through agt_export_regulator(), for tests that check the library's output
 * on its own (the CLI's `agtrace export --format` does the same).
 *
 *	regexport DIR fsma204|epcis-xml|epcis-json
 */
#include <stdio.h>
#include <string.h>

#include "agtrace.h"

static int
to_stdout(const void *buf, size_t len, void *payload)
{
	(void)payload;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const char *const names[] = { NULL, "fsma204", "epcis-xml",
	    "epcis-json" };
	agt_db *db;
	agt_txn *t;
	int format, rc;

	for (format = 3; argc == 3 && format > 0; format--)
		if (strcmp(argv[2], names[format]) == 0)
			break;
	if (argc != 3 || format == 0) {
		fprintf(stderr, "usage: regexport DIR fsma204|epcis-xml|epcis-json\n");
		return 64;
	}
	if ((rc = agt_db_open(&db, argv[1], AGT_OPEN_RDONLY)) != AGT_OK) {
		fprintf(stderr, "regexport: %s: %s\n", argv[1], agt_strerror(rc));
		return 66;
	}
	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) == AGT_OK) {
		rc = agt_export_regulator(t, format, NULL, to_stdout, NULL);
		agt_txn_abort(t);
	}
	if (rc != AGT_OK)
		fprintf(stderr, "regexport: %s\n", agt_errmsg(db));
	agt_db_close(db);
	return rc == AGT_OK && fflush(stdout) == 0 ? 0 : 1;
}
