/*
 * pos-lookup.c - the smallest point-of-sale integration of libagtrace.
 *
 * Reads scanned codes from standard input, one per line (as a hand
 * scanner in keyboard-wedge mode types them), and answers each with one
 * line the till can act on:
 *
 *	SELL|WARN|DO-NOT-SELL<TAB>product<TAB>supplier<TAB>verdict<TAB>warnings
 *	UNKNOWN<TAB>code<TAB>why
 *
 * Build against the installed library:
 *	cc -o pos-lookup pos-lookup.c $(pkg-config --cflags --libs agtrace)
 * Run:
 *	pos-lookup /var/lib/agtrace [YYYY-MM-DD] < scans
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <agtrace.h>

static const char *
field(const agt_record *r, int f)
{
	const char *v = r != NULL ? agt_record_get(r, f) : NULL;

	return v != NULL ? v : "-";
}

static void
answer(agt_db *db, const char *code, const agt_lookup_options *opts)
{
	static const char *const decision[] = { "SELL", "WARN", "DO-NOT-SELL" };
	agt_provenance *p;
	unsigned bit;
	int rc, sep = 0;

	rc = agt_lookup(&p, db, code, strlen(code), opts);
	if (rc != AGT_OK) {
		/* an integrity failure is no sale either: the record was altered */
		printf("%s\t%s\t%s\n", rc == AGT_EINTEGRITY ? "DO-NOT-SELL" :
		    "UNKNOWN", code, agt_errmsg(db));
		return;
	}
	printf("%s\t%s\t%s\t%s\t", decision[agt_provenance_status(p)],
	    field(agt_provenance_lot(p), AGT_F_PRODUCT),
	    field(agt_provenance_supplier(p), AGT_F_NAME),
	    agt_provenance_report_count(p) > 0 ?
	    field(agt_provenance_report(p, 0), AGT_F_VERDICT) : "none");
	for (bit = 1; bit <= AGT_WARN_HELD; bit <<= 1)
		if (agt_provenance_warnings(p) & bit) {
			printf("%s%s", sep++ ? "; " : "", agt_warning_text(bit));
		}
	putchar('\n');
	agt_provenance_free(p);
}

int
main(int argc, char **argv)
{
	agt_lookup_options opts = AGT_LOOKUP_OPTIONS_INIT;
	char line[4096];
	agt_db *db;
	size_t n;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: pos-lookup REGISTER [YYYY-MM-DD] < codes\n");
		return 64;
	}
	if (argc == 3)
		opts.at = argv[2];
	if (agt_db_open(&db, argv[1], AGT_OPEN_RDONLY) != AGT_OK) {
		fprintf(stderr, "pos-lookup: %s: %s\n", argv[1], agt_errmsg(NULL));
		return 66;
	}
	while (fgets(line, sizeof line, stdin) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n > 0)
			answer(db, line, &opts);
		fflush(stdout);
	}
	agt_db_close(db);
	return 0;
}
