/* cmd_import.c - agtrace import and agtrace export (batch files). */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char import_usage[] =
    "usage: agtrace import [--dry-run] [--require-signatures] [--no-validate]\n"
    "                      [--max-errors N] [--json] FILE... | -\n"
    "Import batch files (agtrace-batch(5)) and EPCIS 2.0 documents (XML or\n"
    "JSON-LD) in one transaction: all of them or, after any error, nothing.\n"
    "Every error is listed as FILE:LINE:COL; skipped EPCIS events too.\n"
    "  -n, --dry-run             check everything, write nothing\n"
    "  -s, --require-signatures  refuse unsigned inspection reports\n"
    "      --no-validate         skip the XML schema (trusted input only)\n"
    "  -m, --max-errors N        list at most N errors (100)\n"
    "  -j, --json                print the summary as JSON\n"
    "Exit: 0 imported, 65 bad data (nothing imported), 66 a file missing\n"
    "or unreadable, 74 read error.\n";

/* A CLI-only flag beside the library's AGT_IMPORT_*: no summary. */
#define AGT_IMPORT_QUIET_SUMMARY (1u << 30)

static const int import_types[] = {
	AGT_T_CATEGORY, AGT_T_SUPPLIER, AGT_T_AGENCY, AGT_T_SALESPOINT,
	AGT_T_LOT, AGT_T_REPORT, AGT_T_SHIPMENT, AGT_T_RECALL, AGT_T_RELEASE
};
#define NIMPORT_TYPES (sizeof import_types / sizeof import_types[0])

struct import_args {
	unsigned flags;
	unsigned max_errors;
	int json;
};

static int
import_parse(struct import_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "require-signatures", no_argument, NULL, 's' },
		{ "no-validate", no_argument, NULL, 'V' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	long n;
	int ch;

	while ((ch = getopt_long(argc, argv, "nsm:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': a->flags |= AGT_IMPORT_DRY_RUN; break;
		case 's': a->flags |= AGT_IMPORT_REQUIRE_SIGNATURES; break;
		case 'V': a->flags |= AGT_IMPORT_NO_VALIDATE; break;
		case 'j': a->json = 1; break;
		case 'm':
			n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 1 || n > 100000)
				return cli_usage(import_usage);
			a->max_errors = (unsigned)n;
			break;
		case 'h':
			fputs(import_usage, stdout);
			return -1;
		default:
			return cli_usage(import_usage);
		}
	}
	return optind < argc ? EXIT_OK : cli_usage(import_usage);
}

static json_t *
summary_json(const agt_import *imp, int committed, int dry_run)
{
	json_t *doc = json_object(), *counts = json_object(), *errs = json_array();
	const char *e;
	size_t i;
	int t;

	json_object_set_new(doc, "committed", json_boolean(committed));
	json_object_set_new(doc, "dry_run", json_boolean(dry_run));
	json_object_set_new(doc, "records", json_integer((json_int_t)
	    agt_import_stat(imp, AGT_IMPORT_RECORDS)));
	json_object_set_new(doc, "bytes", json_integer((json_int_t)
	    agt_import_stat(imp, AGT_IMPORT_BYTES)));
	for (i = 0; i < NIMPORT_TYPES; i++) {
		t = import_types[i];
		json_object_set_new(counts, agt_type_name(t), json_pack(
		    "{s:I, s:I, s:I}",
		    "new", (json_int_t)agt_import_count(imp, t, AGT_PUT_NEW),
		    "revised", (json_int_t)agt_import_count(imp, t, AGT_PUT_REVISED),
		    "unchanged", (json_int_t)agt_import_count(imp, t, AGT_PUT_UNCHANGED)));
	}
	json_object_set_new(doc, "counts", counts);
	json_object_set_new(doc, "signed_reports", json_integer((json_int_t)
	    agt_import_stat(imp, AGT_IMPORT_SIGNED)));
	json_object_set_new(doc, "unsigned_reports", json_integer((json_int_t)
	    agt_import_stat(imp, AGT_IMPORT_UNSIGNED)));
	json_object_set_new(doc, "error_count", json_integer((json_int_t)
	    agt_import_stat(imp, AGT_IMPORT_ERRORS)));
	for (i = 0; (e = agt_import_error(imp, i)) != NULL; i++)
		json_array_append_new(errs, json_string(e));
	json_object_set_new(doc, "errors", errs);
	errs = json_array();
	for (i = 0; (e = agt_import_note(imp, i)) != NULL; i++)
		json_array_append_new(errs, json_string(e));
	json_object_set_new(doc, "skipped", errs);
	return doc;
}

static void
summary_text(const agt_import *imp, int dry_run)
{
	size_t i;
	int t;

	printf("%s %" PRIu64 " records (%" PRIu64 " bytes)%s\n",
	    dry_run ? "checked" : "imported",
	    agt_import_stat(imp, AGT_IMPORT_RECORDS),
	    agt_import_stat(imp, AGT_IMPORT_BYTES),
	    dry_run ? ": dry run, nothing written" : "");
	printf("%-12s %10s %10s %10s\n", "type", "new", "revised", "unchanged");
	for (i = 0; i < NIMPORT_TYPES; i++) {
		t = import_types[i];
		printf("%-12s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n",
		    agt_type_name(t), agt_import_count(imp, t, AGT_PUT_NEW),
		    agt_import_count(imp, t, AGT_PUT_REVISED),
		    agt_import_count(imp, t, AGT_PUT_UNCHANGED));
	}
	printf("reports: %" PRIu64 " signed (verified), %" PRIu64 " unsigned\n",
	    agt_import_stat(imp, AGT_IMPORT_SIGNED),
	    agt_import_stat(imp, AGT_IMPORT_UNSIGNED));
}

static int
report_errors(const agt_db *db, const agt_import *imp, int rc, int missing)
{
	uint64_t total = agt_import_stat(imp, AGT_IMPORT_ERRORS);
	const char *e;
	size_t i;

	for (i = 0; (e = agt_import_error(imp, i)) != NULL; i++)
		cli_warnx(NULL, "%s", e);
	if (i == 0) /* not the data's fault: a full disk, an I/O error */
		cli_warnx("import", "%s", *agt_errmsg(db) ? agt_errmsg(db) :
		    agt_strerror(rc));
	if (total > i)
		cli_warnx("import", "%" PRIu64 " more errors not listed",
		    total - i);
	cli_warnx("import", "nothing imported: %" PRIu64 " error%s", total,
	    total == 1 ? "" : "s");
	if (missing)
		return EXIT_NOINPUT;
	return rc == AGT_ENOTFOUND || rc == AGT_EINTEGRITY ? EXIT_DATAERR :
	    cli_exit_code(rc);
}

/* Events of EPCIS documents outside the model: listed, not errors. */
static void
print_notes(const agt_import *imp)
{
	const char *n;
	size_t i;

	for (i = 0; (n = agt_import_note(imp, i)) != NULL; i++)
		cli_warnx(NULL, "%s", n);
}

static int
run_import(const agt_db *db, agt_import *imp, const struct import_args *a,
    int argc, char **argv)
{
	int i, rc, missing = 0, committed;

	for (i = 0; i < argc; i++)
		if (agt_import_file(imp, argv[i]) == AGT_ENOTFOUND)
			missing = 1;
	rc = agt_import_commit(imp);
	committed = rc == AGT_OK && !(a->flags & AGT_IMPORT_DRY_RUN);
	if (!a->json)
		print_notes(imp);
	if (a->json)
		cli_json_print(summary_json(imp, committed,
		    (a->flags & AGT_IMPORT_DRY_RUN) != 0));
	if (rc != AGT_OK)
		return report_errors(db, imp, rc, missing);
	if (!a->json && !(a->flags & AGT_IMPORT_QUIET_SUMMARY))
		summary_text(imp, (a->flags & AGT_IMPORT_DRY_RUN) != 0);
	return EXIT_OK;
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	agt_import_options opts = AGT_IMPORT_OPTIONS_INIT;
	struct import_args a = { 0, 0, 0 };
	agt_import *imp;
	agt_db *db;
	int rc;

	if ((rc = import_parse(&a, argc, argv)) != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_open(cli, 0, &db)) != EXIT_OK)
		return rc;
	opts.flags = a.flags & ~AGT_IMPORT_QUIET_SUMMARY;
	opts.max_errors = a.max_errors;
	if ((rc = agt_import_new(&imp, db, &opts)) != AGT_OK) {
		rc = cli_fail(db, cli->dbpath, rc);
		agt_db_close(db);
		return rc;
	}
	rc = run_import(db, imp, &a, argc - optind, argv + optind);
	agt_import_free(imp);
	agt_db_close(db);
	return rc;
}

/* ---- the category table, for init ---- */

int
cli_find_categories(char *path, size_t size)
{
	const char *dirs[3];
	size_t i;

	dirs[0] = getenv("AGTRACE_DATADIR");
	dirs[1] = AGT_PKGDATADIR;
	dirs[2] = AGT_SRCDATADIR;
	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || *dirs[i] == '\0')
			continue;
		snprintf(path, size, "%s/categories.xml", dirs[i]);
		if (access(path, R_OK) == 0)
			return 0;
		if (i == 0)
			break; /* an explicit directory must have it */
	}
	cli_warnx("init", "categories.xml not found (set AGTRACE_DATADIR "
	    "to the directory that holds it)");
	return EXIT_NOINPUT;
}

int
cli_load_categories(struct cli *cli, agt_db *db, const char *path)
{
	struct import_args a = { 0, 0, 0 };
	char *argv[1];
	agt_import *imp;
	int rc;

	(void)cli;
	if ((rc = agt_import_new(&imp, db, NULL)) != AGT_OK)
		return cli_fail(db, "init", rc);
	argv[0] = (char *)path;
	a.flags = AGT_IMPORT_QUIET_SUMMARY;
	rc = run_import(db, imp, &a, 1, argv);
	if (rc == EXIT_OK)
		printf("loaded %" PRIu64 " categories from %s\n",
		    agt_import_count(imp, AGT_T_CATEGORY, AGT_PUT_NEW), path);
	agt_import_free(imp);
	return rc;
}

/* ---- export ---- */

static const char export_usage[] =
    "usage: agtrace export [--since SEQ] [--format FORMAT]\n"
    "       agtrace export --format fsma204|epcis-xml|epcis-json\n"
    "                      [--lot GTIN/LOT ...] [--from YYYY-MM-DD]\n"
    "                      [--to YYYY-MM-DD]\n"
    "Write the register as a batch (agtrace-batch(5)) on standard output:\n"
    "every ledger entry after SEQ (default 0: all), oldest first; or its\n"
    "events for regulators and traceability systems (agtrace(1)).\n"
    "  -s, --since SEQ       only entries after ledger sequence number SEQ\n"
    "  -f, --format FORMAT   batch (default), fsma204, epcis-xml, epcis-json\n";

static int
write_stdout(const void *buf, size_t len, void *payload)
{
	(void)payload;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

/* The --format value if any (the regulator formats parse the rest). */
static const char *
export_format(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--format") == 0)
		    && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--format=", 9) == 0)
			return argv[i] + 9;
		if (strcmp(argv[i], "--") == 0)
			break;
	}
	return "batch";
}

static int
export_parse(uint64_t *since, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int ch;

	while ((ch = getopt_long(argc, argv, "s:f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			*since = strtoull(optarg, &end, 10);
			if (*end != '\0' || *optarg == '-' || *optarg == '\0')
				return cli_usage(export_usage);
			break;
		case 'f':
			break;
		case 'h':
			fputs(export_usage, stdout);
			return -1;
		default:
			return cli_usage(export_usage);
		}
	}
	return optind == argc ? EXIT_OK : cli_usage(export_usage);
}

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	const char *format = export_format(argc, argv);
	uint64_t since = 0, skipped = 0;
	agt_db *db;
	int rc;

	if (strcmp(format, "batch") != 0)
		return cli_export_regulator(cli, format, argc, argv);
	if ((rc = export_parse(&since, argc, argv)) != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return rc;
	rc = agt_export(db, since, &skipped, write_stdout, NULL);
	if (rc == AGT_OK && fflush(stdout) != 0)
		rc = AGT_EIO;
	if (rc != AGT_OK)
		rc = cli_fail(db, "export", rc);
	else if (skipped > 0)
		cli_warnx("export", "%" PRIu64 " recalls and releases left out "
		    "(the batch format has no element for them)", skipped);
	agt_db_close(db);
	return rc;
}
