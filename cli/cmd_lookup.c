/*
 * cmd_lookup.c - agtrace lookup: the provenance of scanned codes, verdict
 * first, from a register opened read-only (an import may run meanwhile).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: agtrace lookup [--json] [--at DATE] [--signatures]\n"
    "                      [--proof [--sign KEY | --checkpoint FILE]] [CODE...]\n"
    "  Print the provenance of scanned codes: the decision (SELL, WARN,\n"
    "  DO NOT SELL) and product, supplier, origin, dates and inspection\n"
    "  verdict first, then every record with its ledger position.\n"
    "  Without CODE, one code per line from standard input, each answered\n"
    "  at once (FNC1 typed as <GS>, ^ or \\x1d is accepted).\n"
    "  --json         JSON: an array for CODE arguments, one object per\n"
    "                 line for standard input\n"
    "  --at DATE      judge expiry as of DATE (YYYY-MM-DD), not today\n"
    "  --signatures   verify the reports' signatures\n"
    "  --proof        add each lot's offline proof bundle to the JSON\n"
    "                 (as agtrace prove writes it), against a checkpoint\n"
    "                 signed with --sign KEY, read from --checkpoint FILE,\n"
    "                 or on a replica the one it mirrored\n";

static const char *
val(const agt_record *r, int field)
{
	const char *v = r != NULL ? agt_record_get(r, field) : NULL;

	return v != NULL ? v : "-";
}

static void
print_summary(const agt_provenance *p)
{
	static const char *const sig[] = { "unsigned", "signed (not checked)",
		"signature valid", "SIGNATURE INVALID" };
	static const char *const head[] = { "SELL", "WARN", "DO NOT SELL" };
	const agt_record *lot = agt_provenance_lot(p), *s = agt_provenance_supplier(p);
	unsigned bit;
	size_t i;

	/* A recall hold says so before anything else (recall module). */
	if (agt_provenance_warnings(p) & AGT_WARN_HELD)
		printf("DO NOT SELL: RECALLED - %s\n",
		    agt_provenance_detail(p, AGT_WARN_HELD));
	printf("%s  %s  (lot %s)\n", head[agt_provenance_status(p)],
	    val(lot, AGT_F_PRODUCT), agt_record_key(lot));
	for (bit = 1; bit != 0 && bit <= AGT_WARN_HELD; bit <<= 1)
		if (agt_provenance_warnings(p) & bit)
			printf("  ! %s: %s\n", agt_warning_text(bit),
			    agt_provenance_detail(p, bit));
	printf("supplier:   %s (%s), %s, licence %s\n", val(s, AGT_F_NAME),
	    val(lot, AGT_F_SUPPLIER), val(s, AGT_F_REGION), val(s, AGT_F_LICENCE));
	printf("origin:     %s, country %s\n", val(lot, AGT_F_ORIGIN_PLACE),
	    val(lot, AGT_F_ORIGIN_COUNTRY));
	printf("dates:      harvested %s, produced %s, packed %s, expires %s\n",
	    val(lot, AGT_F_HARVESTED), val(lot, AGT_F_PRODUCED),
	    val(lot, AGT_F_PACKED), val(lot, AGT_F_EXPIRES));
	printf("category:   %s %s\n", val(lot, AGT_F_CATEGORY),
	    val(agt_provenance_category(p), AGT_F_NAME));
	for (i = 0; i < agt_provenance_report_count(p); i++) {
		const agt_record *r = agt_provenance_report(p, i);

		printf("inspection: %s  report %s%s, issued %s by %s, %s\n",
		    val(r, AGT_F_VERDICT), val(r, AGT_F_ID),
		    agt_provenance_report_current(p, i) ? "" : " (superseded)",
		    val(r, AGT_F_ISSUED), val(agt_provenance_agency(p, i), AGT_F_NAME),
		    sig[agt_provenance_signature(p, i) & 3]);
	}
	if (agt_provenance_report_count(p) == 0)
		printf("inspection: none\n");
	for (i = 1; i < agt_provenance_lot_count(p); i++)
		printf("other lot:  %s\n", agt_provenance_lot_key(p, i));
}

/* Summary and records of P for people; scan (cmd_scan.c) prints with it too. */
void
cli_provenance_print(const agt_provenance *p)
{
	size_t i;

	print_summary(p);
	printf("details:\n");
	cli_record_print(stdout, agt_provenance_lot(p));
	if (agt_provenance_supplier(p) != NULL)
		cli_record_print(stdout, agt_provenance_supplier(p));
	for (i = 0; i < agt_provenance_report_count(p); i++)
		cli_record_print(stdout, agt_provenance_report(p, i));
}

struct opts {
	int json;
	int proof;          /* --proof: add the lot's proof bundle */
	const char *sign;   /* --sign KEY */
	const char *cpfile; /* --checkpoint FILE */
	agt_lookup_options lo;
};

/* Add the proof bundle of P's lot to DOC (lookup --proof). */
static int
add_proof(agt_db *db, const agt_provenance *p, const struct opts *o,
    json_t *doc)
{
	json_t *bundle;
	int ex;

	if ((ex = cli_proof_json(db, agt_record_key(agt_provenance_lot(p)),
	    o->sign, o->cpfile, &bundle)) != EXIT_OK)
		return ex;
	json_object_set_new(doc, "proof", bundle);
	return EXIT_OK;
}

/* Look one code up; its JSON (or error object) goes to *DOC. */
static int
one(agt_db *db, const char *code, const struct opts *o, json_t **doc)
{
	agt_provenance *p;
	json_error_t jerr;
	char *s;
	int rc, ex;

	*doc = NULL;
	if ((rc = agt_lookup(&p, db, code, strlen(code), &o->lo)) != AGT_OK) {
		rc = cli_fail(db, code, rc);
		if (o->json) {
			*doc = json_object();
			json_object_set_new(*doc, "code", json_string(code));
			json_object_set_new(*doc, "error", json_string(agt_errmsg(db)));
		}
		return rc;
	}
	if (!o->json)
		cli_provenance_print(p);
	else if ((rc = agt_provenance_json(&s, p)) == AGT_OK) {
		*doc = json_loads(s, 0, &jerr);
		agt_free(s);
	}
	if (rc == AGT_OK && o->proof && *doc != NULL &&
	    (ex = add_proof(db, p, o, *doc)) != EXIT_OK) {
		agt_provenance_free(p);
		return ex;
	}
	agt_provenance_free(p);
	return rc == AGT_OK ? EXIT_OK : cli_exit_code(rc);
}

struct line_ctx {
	agt_db *db;
	const struct opts *o;
};

/* One line of standard input: JSON as one compact line. */
static int
line_fn(const char *line, void *arg)
{
	const struct line_ctx *c = arg;
	json_t *doc;
	int rc = one(c->db, line, c->o, &doc);

	if (doc != NULL) {
		json_dumpf(doc, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(doc);
	}
	if (doc != NULL || rc == EXIT_OK)
		putchar('\n');
	return rc;
}

int
cmd_lookup(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'a' },
		{ "signatures", no_argument, NULL, 's' },
		{ "proof", no_argument, NULL, 'p' },
		{ "sign", required_argument, NULL, 'k' },
		{ "checkpoint", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static char outbuf[1 << 14];
	struct opts o = { 0, 0, NULL, NULL, AGT_LOOKUP_OPTIONS_INIT };
	json_t *arr, *doc;
	agt_db *db;
	int ch, i, status = EXIT_OK, rc;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j': o.json = 1; break;
		case 'a': o.lo.at = optarg; break;
		case 's': o.lo.flags |= AGT_LOOKUP_SIGNATURES; break;
		case 'p': o.proof = o.json = 1; break;
		case 'k': o.sign = optarg; break;
		case 'c': o.cpfile = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage(usage_text);
		}
	}
	if (((o.sign != NULL || o.cpfile != NULL) && !o.proof) ||
	    (o.sign != NULL && o.cpfile != NULL))
		return cli_usage(usage_text);
	argc -= optind;
	argv += optind;
	/*
	 * One write(2) per answer, also on a terminal, where stdout would
	 * write each of its lines (76 system calls for one lot): the stdin
	 * mode flushes after each line, cli_warnx() before a diagnostic.
	 */
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return rc;
	if (argc == 0) {
		struct line_ctx c = { db, &o };

		status = cli_each_line(line_fn, &c);
		agt_db_close(db);
		return status;
	}
	arr = json_array();
	for (i = 0; i < argc; i++) {
		if ((rc = one(db, argv[i], &o, &doc)) != EXIT_OK)
			status = rc;
		if (doc != NULL)
			json_array_append_new(arr, doc);
		else if (!o.json && rc == EXIT_OK && i + 1 < argc)
			putchar('\n');
	}
	agt_db_close(db);
	if (o.json && (rc = cli_json_print(arr)) != EXIT_OK)
		return rc;
	if (!o.json)
		json_decref(arr);
	return status;
}
