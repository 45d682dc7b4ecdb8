/*
 * cmd_export_formats.c - agtrace export --format fsma204 | epcis-xml |
 * epcis-json: the regulator formats of the recall module
 * (formats/fsma204.md, formats/epcis.md), called by cmd_export.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: agtrace export --format fsma204|epcis-xml|epcis-json\n"
    "                      [--lot GTIN/LOT ...] [--from YYYY-MM-DD]\n"
    "                      [--to YYYY-MM-DD]\n";

static int
write_stdout(const void *buf, size_t len, void *payload)
{
	(void)payload;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

static int
format_code(const char *name)
{
	if (strcmp(name, "fsma204") == 0)
		return AGT_EXPORT_FSMA204;
	if (strcmp(name, "epcis-xml") == 0)
		return AGT_EXPORT_EPCIS_XML;
	if (strcmp(name, "epcis-json") == 0)
		return AGT_EXPORT_EPCIS_JSON;
	return 0;
}

/* Parse the options into F (F->lots allocated); -1 after --help. */
static int
parse(agt_export_filter *f, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "lot", required_argument, NULL, 'l' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char **lots;
	int c;

	if ((lots = calloc((size_t)argc, sizeof(*lots))) == NULL)
		return EXIT_SOFTWARE;
	f->lots = lots;
	while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': break;
		case 'l': lots[f->nlots++] = optarg; break;
		case 'F': f->from = optarg; break;
		case 'T': f->to = optarg; break;
		case 'h': fputs(usage, stdout); return -1;
		default: return cli_usage(usage);
		}
	}
	return optind == argc ? EXIT_OK : cli_usage(usage);
}

int
cli_export_regulator(struct cli *cli, const char *format, int argc,
    char **argv)
{
	agt_export_filter f = AGT_EXPORT_FILTER_INIT;
	agt_txn *txn = NULL;
	agt_db *db;
	int code = format_code(format), ex, rc;

	if ((ex = parse(&f, argc, argv)) != EXIT_OK) {
		free((void *)f.lots);
		return ex < 0 ? EXIT_OK : ex;
	}
	if (code == 0) {
		free((void *)f.lots);
		cli_warnx(cli->cmd, "unknown format %s (batch, fsma204, "
		    "epcis-xml, epcis-json)", format);
		return EXIT_USAGE;
	}
	if ((ex = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK) {
		free((void *)f.lots);
		return ex;
	}
	if ((rc = agt_txn_begin(&txn, db, AGT_TXN_RDONLY)) == AGT_OK)
		rc = agt_export_regulator(txn, code, &f, write_stdout, NULL);
	agt_txn_abort(txn);
	if (rc == AGT_OK && fflush(stdout) != 0)
		rc = AGT_EIO;
	free((void *)f.lots);
	ex = rc == AGT_OK ? EXIT_OK : cli_fail(db, cli->cmd, rc);
	agt_db_close(db);
	return ex;
}
